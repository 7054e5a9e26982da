/* date.h - parsing the dates found in news articles.
 *
 * A parsed date is broken down in UTC. Zone offsets present in the input
 * are applied (2021-04-08T01:00:00+02:00 is 2021-04-07 23:00:00 UTC) and
 * kept (off = 120): the publisher's own clock is the date a reader knows
 * the story by, and is what the index stores and searches by day
 * (nx_date_local); a date without a zone is taken as UTC. */
#ifndef NEWSINDEX_DATE_H
#define NEWSINDEX_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "newsindex/status.h"

typedef struct {
    int year;     /* 1000..9999 */
    int month;    /* 1..12 */
    int day;      /* 1..31 */
    int hour, min, sec;
    int has_time; /* 1 if a time of day was present */
    int has_zone; /* 1 if the input gave a zone with its time of day */
    int off;      /* that zone's offset east of UTC, in minutes */
} nx_date_t;

/* How a date was found; stored with the document. */
typedef enum {
    NX_DATE_NONE = 0,  /* no date at all */
    NX_DATE_CONTENT,   /* from the article's own metadata or text */
    NX_DATE_PATH,      /* guessed from the file's path */
    NX_DATE_MTIME      /* guessed from the file's modification time */
} nx_date_origin_t;

/* Order to assume for all-numeric dates whose day and month are both <= 12
 * ("04/08/2021"). NX_DMY_UNKNOWN rejects such ambiguous dates. */
typedef enum { NX_DMY_UNKNOWN = 0, NX_ORDER_MDY, NX_ORDER_DMY } nx_date_order_t;

/* Parse s, a string that is a date (leading/trailing white space and
 * punctuation allowed, plus short noise such as "Published:" or "Updated"
 * before it). Accepts ISO 8601 (date, date-time, with or without zone,
 * basic form 20210408T120000), RFC 822/1123/2822, "April 8, 2021",
 * "8 April 2021", "Apr. 8, 2021", "Thursday, April 8, 2021",
 * "26-FEB-1987 15:01:01.79", "2021/04/08", "08.04.2021", ...
 * Returns NX_OK and fills *out, or NX_E_PARSE (out zeroed).
 * Details: all-numeric dates with dots are day first (08.04.2021); with
 * '/' or '-' an unambiguous order is detected (13/04/2021, 04/13/2021) and
 * otherwise order decides (only then: a string that parses without an
 * order parses the same with any). Two-digit years: 00-49 -> 20xx, 50-99 -> 19xx
 * (RFC 2822). Named zones: UTC GMT UT Z, US (EST EDT CST CDT MST MDT PST
 * PDT AKST HST ...), BST CET CEST EET MSK IST(India) PKT HKT JST AEST ...;
 * ET/CT/MT/PT follow US daylight saving rules for the date; any other
 * 2-5 capital word after a time is an unknown zone, taken as UTC.
 * Fractional seconds are dropped; a leap second becomes :59. Noise may be
 * up to 8 words and punctuation, but no other number ("April 8, 2021 and 3
 * more" fails). Out-of-range results after the zone shift fail. */
nx_status_t nx_date_parse(const char *s, nx_date_order_t order, nx_date_t *out);

/* Find the first complete date within a line of free text (for example a
 * dateline "ISLAMABAD, April 7 (Reuters) -" has no year and yields nothing;
 * "Published on April 8, 2021 by ..." yields 2021-04-08). Only unambiguous
 * textual or ISO forms are searched for: a day and textual month with a
 * four-digit year, YYYY-MM-DD (with an optional time), YYYY/MM/DD, and
 * 2021年4月8日; a time right after the date is included ("April 8, 2021
 * 10:02 AM ET"). Years 1900..2100 only; a match inside a longer number or
 * word ("1,250.5", "2021,500", "x2021-04-08") is not taken. Returns NX_OK
 * or NX_E_PARSE. */
nx_status_t nx_date_find(const char *text, nx_date_t *out);

/* A date in a path: YYYY/MM/DD, YYYY-MM-DD, YYYY_MM_DD, YYYYMMDD (as a path
 * component or file-name part), or YYYY/MM (day 1). Years 1900..2100 and
 * valid dates only. A full date beats YYYY/MM; among full dates the
 * rightmost (nearest the file name) wins. has_time is 0. NX_OK or
 * NX_E_PARSE. */
nx_status_t nx_date_from_path(const char *path, nx_date_t *out);

/* A full date (YYYY/MM/DD, YYYY-MM-DD, YYYY_MM_DD, YYYYMMDD) in the path
 * of a URL ("https://example.com/2019/07/03/story"), as nx_date_from_path
 * reads one; the host, the query and the fragment are not looked at, and a
 * bare YYYY/MM is not taken (its day is unknown). NX_OK or NX_E_PARSE. */
nx_status_t nx_date_from_url(const char *url, nx_date_t *out);

/* Seconds since the epoch, UTC (proleptic Gregorian; no time zone or locale
 * is consulted). nx_date_from_unix clamps t to years 1000..9999 and sets
 * has_time to 1. */
int64_t nx_date_to_unix(const nx_date_t *d);
void nx_date_from_unix(int64_t t, nx_date_t *out);

/* The English month names, lowercase, January first: the one month table
 * of the project (dates, datelines, the country scorer's date words). */
extern const char *const nx_month_names[12];

/* 1..12 when s[0..n) is exactly a month's name or its abbreviation, in any
 * ASCII case: the full name, its first three letters, or "sept" ("April",
 * "apr", "SEPT"); else 0. */
int nx_month_of(const char *s, size_t n);

/* The length of the words that open a line stating when it was published
 * ("Published", "Posted on", "Last updated:", "Aktualisiert am",
 * "Veröffentlicht am", "Stand:", "Publié le", "Mis à jour le",
 * "Publicado el", "Pubblicato il", "Opublikowano", "Gepubliceerd op"),
 * up to the word's end, in any ASCII case; 0 when s[0..n) opens
 * otherwise. The one list of such words: the plain-text parser's date
 * lines and an HTML page's dated lines both read it. */
size_t nx_date_lead(const char *s, size_t n);

/* Validity of a broken-down date (month lengths, leap years, ranges). */
int nx_date_valid(const nx_date_t *d);

/* The date on the publisher's clock: d shifted by its zone's offset
 * (d itself when it has no zone, or the shift would leave years
 * 1000..9999); has_zone and off are kept. */
void nx_date_local(const nx_date_t *d, nx_date_t *out);

/* The local date (nx_date_local) as ISO 8601 into buf (at least 26
 * bytes): "YYYY-MM-DDThh:mm:ss-04:00" with its offset, or
 * "YYYY-MM-DDThh:mm:ssZ" when d has no zone or a zero offset. */
void nx_date_format_iso(const nx_date_t *d, char *buf);
/* "YYYYMMDDhhmmss" of the local date into buf (at least 15 bytes): the
 * sortable value, and the day a search by date finds it on. */
void nx_date_format_value(const nx_date_t *d, char *buf);

#endif
