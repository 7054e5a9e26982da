/* check_date.c - unit tests for lib/date.c, driven by tables of cases. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/date.h"

/* expect: NULL for a failure; "YYYY-MM-DD" for a date without a time;
 * "YYYY-MM-DDThh:mm:ssZ" (UTC) for a date with a time. */
typedef struct {
    const char *in;
    nx_date_order_t order;
    const char *expect;
} date_case_t;

static const date_case_t parse_cases[] = {
    /* ISO 8601 */
    { "2021-04-08", NX_DMY_UNKNOWN, "2021-04-08" },
    { "2021-4-8", NX_DMY_UNKNOWN, "2021-04-08" },
    { "2021-04-08T12:30:00Z", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "2021-04-08T12:30:00+05:00", NX_DMY_UNKNOWN, "2021-04-08T07:30:00Z" },
    { "2021-04-08T01:00:00+02:00", NX_DMY_UNKNOWN, "2021-04-07T23:00:00Z" },
    { "2021-04-08 12:30", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "20210408T123000", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "20210408T123000Z", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "19870302T071846", NX_DMY_UNKNOWN, "1987-03-02T07:18:46Z" },
    { "20210408", NX_DMY_UNKNOWN, "2021-04-08" },
    { "20210408123000", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "2021-04-08T12:30:00.123456Z", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "2021-04-08T12:30:00.000-0400", NX_DMY_UNKNOWN, "2021-04-08T16:30:00Z" },
    { "2021-04-08T12:30:00-04:00", NX_DMY_UNKNOWN, "2021-04-08T16:30:00Z" },
    { "2021-12-31T23:30:00-01:00", NX_DMY_UNKNOWN, "2022-01-01T00:30:00Z" },
    { "  2021-04-08.  ", NX_DMY_UNKNOWN, "2021-04-08" },
    /* RFC 822 / 1123 / 2822 */
    { "Thu, 08 Apr 2021 12:30:00 +0000", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "Thu, 08 Apr 2021 12:30:00 GMT", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "Thu, 08 Apr 2021 12:30:00 EST", NX_DMY_UNKNOWN, "2021-04-08T17:30:00Z" },
    { "Thu, 08 Apr 2021 12:30:00 EDT", NX_DMY_UNKNOWN, "2021-04-08T16:30:00Z" },
    { "Thu, 08 Apr 21 12:30:00 GMT", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "Thu, 26 Feb 87 15:14:36 GMT", NX_DMY_UNKNOWN, "1987-02-26T15:14:36Z" },
    { "08 Apr 2021 12:30:00 +0200", NX_DMY_UNKNOWN, "2021-04-08T10:30:00Z" },
    { "Thu, 26 Feb 1987 15:14:36 +0000", NX_DMY_UNKNOWN, "1987-02-26T15:14:36Z" },
    { "Thu, 08 Apr 2021 12:30:00 -0500 (EST)", NX_DMY_UNKNOWN, "2021-04-08T17:30:00Z" },
    { "Thu, 08 Apr 2021 12:30 XYZ", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "Thu, 08 Apr 2021 12:30:00 CET", NX_DMY_UNKNOWN, "2021-04-08T11:30:00Z" },
    { "Thu, 08 Apr 2021 12:30:00 PDT", NX_DMY_UNKNOWN, "2021-04-08T19:30:00Z" },
    /* Textual months */
    { "April 8, 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "8 April 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "8 de abril de 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "Martes 3 de mayo de 2022", NX_DMY_UNKNOWN, "2022-05-03" },
    { "3 de maio de 2022", NX_DMY_UNKNOWN, "2022-05-03" },
    { "Apr. 8, 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "Apr 8 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "Thursday, April 8, 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "Thursday 8 April 2021 12:30 BST", NX_DMY_UNKNOWN, "2021-04-08T11:30:00Z" },
    { "April 8th, 2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "1st March 2020", NX_DMY_UNKNOWN, "2020-03-01" },
    { "Sept. 8, 2021", NX_DMY_UNKNOWN, "2021-09-08" },
    { "september 8, 2021", NX_DMY_UNKNOWN, "2021-09-08" },
    { "8-Apr-2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "26-FEB-1987 15:01:01.79", NX_DMY_UNKNOWN, "1987-02-26T15:01:01Z" },
    { "March 2, 1987", NX_DMY_UNKNOWN, "1987-03-02" },
    { "Thu Apr  8 12:30:00 2021", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "Thu Apr 8 12:30:00 UTC 2021", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
    { "2021\xE5\xB9\xB4" "4\xE6\x9C\x88" "8\xE6\x97\xA5", NX_DMY_UNKNOWN, "2021-04-08" },
    /* Numeric */
    { "2021/04/08", NX_DMY_UNKNOWN, "2021-04-08" },
    { "08.04.2021", NX_DMY_UNKNOWN, "2021-04-08" },
    { "08.04.2021", NX_ORDER_MDY, "2021-04-08" }, /* dots are always day first */
    { "13/04/2021", NX_DMY_UNKNOWN, "2021-04-13" },
    { "04/13/2021", NX_DMY_UNKNOWN, "2021-04-13" },
    { "04/04/2021", NX_DMY_UNKNOWN, "2021-04-04" },
    { "04/08/2021", NX_ORDER_MDY, "2021-04-08" },
    { "04/08/2021", NX_ORDER_DMY, "2021-08-04" },
    { "04-08-2021", NX_ORDER_MDY, "2021-04-08" },
    { "04/08/2021", NX_DMY_UNKNOWN, NULL },
    /* An order only decides what is ambiguous without one (fuzz_date) */
    { "20:09-2-20-08", NX_DMY_UNKNOWN, "2008-02-20T20:09:00Z" },
    { "20:09-2-20-08", NX_ORDER_MDY, "2008-02-20T20:09:00Z" },
    { "20:09-2-20-08", NX_ORDER_DMY, "2008-02-20T20:09:00Z" },
    /* Noise and US zones */
    { "Published: April 8, 2021 10:02 AM ET", NX_DMY_UNKNOWN, "2021-04-08T14:02:00Z" },
    { "Updated 8:02 PM EST, Thu April 8, 2021", NX_DMY_UNKNOWN, "2021-04-09T01:02:00Z" },
    { "Posted Jan 15, 2021 at 9:00 a.m. ET", NX_DMY_UNKNOWN, "2021-01-15T14:00:00Z" },
    { "Nov 1, 2021 12:00 PM PT", NX_DMY_UNKNOWN, "2021-11-01T19:00:00Z" },
    { "Nov 7, 2021 12:00 PM PT", NX_DMY_UNKNOWN, "2021-11-07T20:00:00Z" },
    { "April 8, 2021 12:00 AM", NX_DMY_UNKNOWN, "2021-04-08T00:00:00Z" },
    { "April 8, 2021 12:15 PM", NX_DMY_UNKNOWN, "2021-04-08T12:15:00Z" },
    { "8 April 2021 (Reuters)", NX_DMY_UNKNOWN, "2021-04-08" },
    /* Validation */
    { "2020-02-29", NX_DMY_UNKNOWN, "2020-02-29" },
    { "2000-02-29", NX_DMY_UNKNOWN, "2000-02-29" },
    { "2021-02-29", NX_DMY_UNKNOWN, NULL },
    { "1900-02-29", NX_DMY_UNKNOWN, NULL },
    { "2021-02-30", NX_DMY_UNKNOWN, NULL },
    { "February 30, 2021", NX_DMY_UNKNOWN, NULL },
    { "2021-13-01", NX_DMY_UNKNOWN, NULL },
    { "2021-04-31", NX_DMY_UNKNOWN, NULL },
    { "2021-04-08T25:00:00Z", NX_DMY_UNKNOWN, NULL },
    { "2021-04-08 12:61", NX_DMY_UNKNOWN, NULL },
    { "99/99/2021", NX_DMY_UNKNOWN, NULL },
    { "32.01.2021", NX_DMY_UNKNOWN, NULL },
    { "9999-12-31T23:00:00-05:00", NX_DMY_UNKNOWN, NULL },
    { "1000-01-01T00:30:00+01:00", NX_DMY_UNKNOWN, NULL },
    { "0999-12-31", NX_DMY_UNKNOWN, NULL },
    /* Not dates */
    { "", NX_DMY_UNKNOWN, NULL },
    { "   ", NX_DMY_UNKNOWN, NULL },
    { "hello", NX_DMY_UNKNOWN, NULL },
    { "1,250.5", NX_DMY_UNKNOWN, NULL },
    { "2021", NX_DMY_UNKNOWN, NULL },
    { "April 2021", NX_DMY_UNKNOWN, NULL },
    { "April 8", NX_DMY_UNKNOWN, NULL },
    { "ISLAMABAD, April 7 (Reuters) -", NX_DMY_UNKNOWN, NULL },
    { "12:30", NX_DMY_UNKNOWN, NULL },
    { "April 8, 2021 and 3 more", NX_DMY_UNKNOWN, NULL },
    { "Thu, 08 Apr 2021 12:30:00 +0000 \xff\xfe", NX_DMY_UNKNOWN, "2021-04-08T12:30:00Z" },
};

static void check_result(const char *what, const char *in, nx_status_t st, const nx_date_t *d,
                         const char *expect)
{
    char iso[21];
    if (!expect) {
        ck_assert_msg(st == NX_E_PARSE, "%s(\"%s\"): expected failure, got %d", what, in, (int)st);
        ck_assert_int_eq(d->year, 0);
        ck_assert_int_eq(d->month, 0);
        ck_assert_int_eq(d->has_time, 0);
        return;
    }
    ck_assert_msg(st == NX_OK, "%s(\"%s\"): failed, expected %s", what, in, expect);
    nx_date_t utc = *d; /* the expectations are in UTC */
    utc.has_zone = 0;
    nx_date_format_iso(&utc, iso);
    if (strlen(expect) == 10) {
        ck_assert_msg(strncmp(iso, expect, 10) == 0 && !d->has_time,
                      "%s(\"%s\"): got %s (has_time %d), expected %s", what, in, iso, d->has_time,
                      expect);
        ck_assert_str_eq(iso + 10, "T00:00:00Z");
    } else {
        ck_assert_msg(strcmp(iso, expect) == 0 && d->has_time,
                      "%s(\"%s\"): got %s (has_time %d), expected %s", what, in, iso, d->has_time,
                      expect);
    }
    ck_assert(nx_date_valid(d));
}

START_TEST(test_parse)
{
    const date_case_t *c = &parse_cases[_i];
    nx_date_t d;
    nx_status_t st;
    memset(&d, 0x5a, sizeof d); /* out must be set on failure too */
    st = nx_date_parse(c->in, c->order, &d);
    check_result("nx_date_parse", c->in, st, &d, c->expect);
}
END_TEST

typedef struct {
    const char *in;
    const char *expect;
} find_case_t;

static const find_case_t find_cases[] = {
    { "Published on April 8, 2021 by Staff", "2021-04-08" },
    /* month names of other languages, in ASCII */
    { "Stand: 25. Januar 2022, 10:15 Uhr", "2022-01-25T10:15:00Z" },
    { "Publi\xC3\xA9 le 8 mai 2021", "2021-05-08" },
    { "Actualizado el 3 octubre 2019", "2019-10-03" },
    { "Opublikowano 12 marca 2020", "2020-03-12" },
    { "Mars 2021 was cold", NULL },
    { "ISLAMABAD, April 7 (Reuters) - Russia and Pakistan", NULL },
    { "Shares rose to 1,250.5 in 2021 trading", NULL },
    { "The year 2021 was hard", NULL },
    { "The meeting on 8 April 2021 ended", "2021-04-08" },
    { "Posted 2021-04-08T12:30:00Z in News", "2021-04-08T12:30:00Z" },
    { "March 2, 1987", "1987-03-02" },
    { "Updated: Apr. 8, 2021 10:02 AM ET.", "2021-04-08T14:02:00Z" },
    { "Due on 2021-02-30, or on May 3, 2021.", "2021-05-03" },
    { "It cost 12-2021-04-08 units", NULL },
    { "version 2021-04-08-3", NULL },
    { "On April 8, 20215 people", NULL },
    { "On April 8, 2021,500 people", NULL },
    { "Maybe 8 Mayor 2021", NULL },
    { "08/04/2021 is ambiguous", NULL },
    { "filed 2021/04/08 late", "2021-04-08" },
    { "8 April 1066 is too early", NULL },
    { "NEW YORK, Feb 26 - Texas Commerce said on 26-FEB-1987 15:01:01.79 that",
      "1987-02-26T15:01:01Z" },
    { "", NULL },
    { "\xff\xfe\xfd April 8, 2021", "2021-04-08" },
};

START_TEST(test_find)
{
    const find_case_t *c = &find_cases[_i];
    nx_date_t d;
    memset(&d, 0x5a, sizeof d);
    check_result("nx_date_find", c->in, nx_date_find(c->in, &d), &d, c->expect);
}
END_TEST

static const find_case_t path_cases[] = {
    { "archive/1987/02/26/slug-123.txt", "1987-02-26" },
    { "1987/03/02/indonesia-s-exports-drop-in-calendar-1986-277.html", "1987-03-02" },
    { "news/2021-04-08-lavrov.html", "2021-04-08" },
    { "news/2021_04_08_lavrov.html", "2021-04-08" },
    { "feeds/wire-20210408.rss", "2021-04-08" },
    { "feeds/20210408T123000.xml", "2021-04-08" },
    { "archive/2021/04/story.html", "2021-04-01" },
    { "2020-01-05/backup/1987/02/26/a.txt", "1987-02-26" },
    { "archive/2021/04/x-20210409.txt", "2021-04-09" },
    { "archive/2021/02/30/x.txt", "2021-02-01" },
    { "story-12345678.txt", NULL },
    { "story-1617884400.txt", NULL },
    { "archive/1850/02/26/x.txt", NULL },
    { "slug-123.txt", NULL },
    { "", NULL },
};

START_TEST(test_path)
{
    const find_case_t *c = &path_cases[_i];
    nx_date_t d;
    memset(&d, 0x5a, sizeof d);
    check_result("nx_date_from_path", c->in, nx_date_from_path(c->in, &d), &d, c->expect);
}
END_TEST

static const find_case_t url_cases[] = {
    { "https://www.example.com/2019/07/03/20680681/tram-line-opens", "2019-07-03" },
    { "https://example.org/news/20220503/story-title", "2022-05-03" },
    { "http://example.net/blog/2021-11-02-harbour-notes/", "2021-11-02" },
    { "https://example.com/2021/04/story.html", NULL },      /* no day */
    { "https://2019.example.com/news/story.html", NULL },    /* the host */
    { "https://example.com/story?date=2019/07/03", NULL },   /* the query */
    { "https://example.com/story#2019-07-03", NULL },        /* the fragment */
    { "https://example.com/news/story-10558804.html", NULL },
    { "/2018/01/09/relative-url", "2018-01-09" },
    { "", NULL },
};

START_TEST(test_url)
{
    const find_case_t *c = &url_cases[_i];
    nx_date_t d;
    memset(&d, 0x5a, sizeof d);
    check_result("nx_date_from_url", c->in, nx_date_from_url(c->in, &d), &d, c->expect);
}
END_TEST

START_TEST(test_null)
{
    nx_date_t d;
    ck_assert_int_eq(nx_date_parse(NULL, NX_DMY_UNKNOWN, &d), NX_E_PARSE);
    ck_assert_int_eq(nx_date_find(NULL, &d), NX_E_PARSE);
    ck_assert_int_eq(nx_date_from_path(NULL, &d), NX_E_PARSE);
    ck_assert_int_eq(nx_date_from_url(NULL, &d), NX_E_PARSE);
    ck_assert_int_eq(nx_date_parse("2021-04-08", NX_DMY_UNKNOWN, NULL), NX_E_PARSE);
    ck_assert_int_eq(nx_date_valid(NULL), 0);
}
END_TEST

START_TEST(test_long_input)
{
    size_t n = 200 * 1024;
    char *s = malloc(n + 1);
    nx_date_t d;
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        s[i] = "1,2. a-"[i % 7];
    s[n] = '\0';
    ck_assert_int_eq(nx_date_parse(s, NX_DMY_UNKNOWN, &d), NX_E_PARSE);
    ck_assert_int_eq(nx_date_find(s, &d), NX_E_PARSE);
    ck_assert_int_eq(nx_date_from_path(s, &d), NX_E_PARSE);
    memcpy(s + n - 20, " on April 8, 2021.  ", 20);
    ck_assert_int_eq(nx_date_find(s, &d), NX_OK);
    ck_assert_int_eq(d.day, 8);
    free(s);
}
END_TEST

typedef struct {
    nx_date_t d;
    int64_t t;
} unix_case_t;

static const unix_case_t unix_cases[] = {
    { { 1970, 1, 1, 0, 0, 0, 1, 0, 0 }, 0 },
    { { 2021, 4, 8, 12, 30, 0, 1, 0, 0 }, 1617885000 },
    { { 2000, 2, 29, 0, 0, 0, 1, 0, 0 }, 951782400 },
    { { 1969, 12, 31, 23, 59, 59, 1, 0, 0 }, -1 },
    { { 1900, 1, 1, 0, 0, 0, 1, 0, 0 }, -2208988800 },
    { { 2038, 1, 19, 3, 14, 8, 1, 0, 0 }, 2147483648 },
    { { 9999, 12, 31, 23, 59, 59, 1, 0, 0 }, 253402300799 },
    { { 1000, 1, 1, 0, 0, 0, 1, 0, 0 }, -30610224000 },
};

START_TEST(test_unix)
{
    const unix_case_t *c = &unix_cases[_i];
    nx_date_t back;
    ck_assert(nx_date_valid(&c->d));
    ck_assert_int_eq(nx_date_to_unix(&c->d), c->t);
    nx_date_from_unix(c->t, &back);
    ck_assert_mem_eq(&back, &c->d, sizeof back);
}
END_TEST

START_TEST(test_unix_roundtrip)
{
    /* Every day from 1899 to 2101 survives a round trip. */
    nx_date_t d = { 1899, 1, 1, 0, 0, 0, 1, 0, 0 }, back;
    int64_t t = nx_date_to_unix(&d);
    for (int i = 0; i < 366 * 203; i++, t += 86400 + 7) {
        nx_date_from_unix(t, &back);
        ck_assert(nx_date_valid(&back));
        ck_assert_int_eq(nx_date_to_unix(&back), t);
    }
    nx_date_from_unix(INT64_MAX, &back);
    ck_assert_int_eq(back.year, 9999);
    nx_date_from_unix(INT64_MIN, &back);
    ck_assert_int_eq(back.year, 1000);
}
END_TEST

START_TEST(test_format)
{
    nx_date_t d = { 1987, 2, 26, 15, 1, 1, 1, 0, 0 };
    char iso[26], val[15];
    nx_date_format_iso(&d, iso);
    nx_date_format_value(&d, val);
    ck_assert_str_eq(iso, "1987-02-26T15:01:01Z");
    ck_assert_str_eq(val, "19870226150101");
}
END_TEST

/* A story published at 21:00 in New York is dated that day, on the
 * publisher's clock, with its offset; its UTC time is kept for ordering. */
START_TEST(test_format_local)
{
    static const struct {
        const char *in, *iso, *val;
    } cases[] = {
        {"2022-05-03T21:46:08-04:00", "2022-05-03T21:46:08-04:00", "20220503214608"},
        {"2022-11-07T00:30:00+01:00", "2022-11-07T00:30:00+01:00", "20221107003000"},
        {"Tue, 03 May 2022 23:10:00 EDT", "2022-05-03T23:10:00-04:00", "20220503231000"},
        {"2022-05-03T21:46:08Z", "2022-05-03T21:46:08Z", "20220503214608"},
        {"2022-05-03T21:46:08+00:00", "2022-05-03T21:46:08Z", "20220503214608"},
        {"2022-05-03", "2022-05-03T00:00:00Z", "20220503000000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_date_t d;
        char iso[26], val[15];
        ck_assert_int_eq(nx_date_parse(cases[i].in, NX_DMY_UNKNOWN, &d), NX_OK);
        nx_date_format_iso(&d, iso);
        nx_date_format_value(&d, val);
        ck_assert_msg(!strcmp(iso, cases[i].iso), "%s: %s", cases[i].in, iso);
        ck_assert_msg(!strcmp(val, cases[i].val), "%s: %s", cases[i].in, val);
    }
    nx_date_t d;
    ck_assert_int_eq(nx_date_parse("2022-05-03T21:46:08-04:00", NX_DMY_UNKNOWN, &d), NX_OK);
    ck_assert_int_eq(d.day, 4); /* broken down in UTC */
    ck_assert_int_eq(d.hour, 1);
    ck_assert_int_eq(d.off, -240);
}
END_TEST

START_TEST(test_valid)
{
    static const nx_date_t bad[] = {
        { 2021, 2, 29, 0, 0, 0, 0, 0, 0 }, { 2021, 0, 1, 0, 0, 0, 0, 0, 0 },  { 2021, 1, 0, 0, 0, 0, 0, 0, 0 },
        { 999, 1, 1, 0, 0, 0, 0, 0, 0 },   { 2021, 1, 1, 24, 0, 0, 1, 0, 0 }, { 2021, 1, 1, 0, 60, 0, 1, 0, 0 },
        { 2021, 1, 1, 0, 0, 60, 1, 0, 0 }, { 2021, 4, 31, 0, 0, 0, 0, 0, 0 }, { 2100, 2, 29, 0, 0, 0, 0, 0, 0 },
    };
    nx_date_t good = { 2400, 2, 29, 23, 59, 59, 1, 0, 0 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!nx_date_valid(&bad[i]), "case %zu accepted", i);
    ck_assert(nx_date_valid(&good));
}
END_TEST

/* The one month table: names, three-letter abbreviations and "sept", in
 * any case and exactly (a longer or shorter run is no month). */
static const struct {
    const char *s;
    int month;
} month_cases[] = {
    { "january", 1 }, { "January", 1 }, { "JAN", 1 },   { "jan", 1 },     { "may", 5 },
    { "MAY", 5 },     { "Sept", 9 },    { "sep", 9 },   { "SEPTEMBER", 9 }, { "dec", 12 },
    { "December", 12 }, { "ja", 0 },    { "janu", 0 },  { "janvier", 1 }, { "mayo", 5 }, { "maybe", 0 },
    { "septem", 0 },  { "", 0 },        { "Decembers", 0 }, { "m\xc3\xa4r", 0 }, { "Mon", 0 },
};

START_TEST(test_month)
{
    const char *s = month_cases[_i].s;
    ck_assert_msg(nx_month_of(s, strlen(s)) == month_cases[_i].month, "'%s': %d, want %d", s,
                  nx_month_of(s, strlen(s)), month_cases[_i].month);
}
END_TEST

START_TEST(test_month_table)
{
    /* The table is what dates are read with: every name parses. */
    for (int m = 0; m < 12; m++) {
        char buf[32];
        nx_date_t d;
        ck_assert_int_eq(nx_month_of(nx_month_names[m], strlen(nx_month_names[m])), m + 1);
        ck_assert_int_eq(nx_month_of(nx_month_names[m], 3), m + 1);
        snprintf(buf, sizeof buf, "%s 8, 2021", nx_month_names[m]);
        ck_assert_int_eq(nx_date_parse(buf, NX_DMY_UNKNOWN, &d), NX_OK);
        ck_assert_int_eq(d.month, m + 1);
    }
    /* Only the first n bytes are read. */
    ck_assert_int_eq(nx_month_of("april fool", 5), 4);
    ck_assert_int_eq(nx_month_of("april", 4), 0);
}
END_TEST

/* The words that open a dated line: whole words, longest phrase first,
 * in any ASCII case; a longer word that starts with one is not one. */
START_TEST(test_date_lead)
{
    static const struct {
        const char *s;
        size_t len;
    } cases[] = {
        {"Published 3 May 2022", 9},      {"LAST UPDATED: 4 May", 12},
        {"Aktualisiert am 17.01.2021", 12}, {"Zuletzt aktualisiert am 1.2.2021", 20},
        {"Ver\xc3\xb6" "ffentlicht am 2.3.2021", 15}, {"Stand: 12.05.2022", 5},
        {"Publi\xc3\xa9 le 3 mai 2022", 7}, {"Mis \xc3\xa0 jour le 3 mai", 11},
        {"Standard fares from 2021-01-01", 0}, {"Dateline Paris", 0},
        {"The council published 3 May", 0}, {"posted", 6}, {"", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(nx_date_lead(cases[i].s, strlen(cases[i].s)) == cases[i].len,
                      "'%s': %zu, want %zu", cases[i].s,
                      nx_date_lead(cases[i].s, strlen(cases[i].s)), cases[i].len);
    /* Only the first n bytes are read. */
    ck_assert_uint_eq(nx_date_lead("Posted on", 4), 0);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_parse, 0, N(parse_cases));
    tcase_add_loop_test(tc, test_find, 0, N(find_cases));
    tcase_add_loop_test(tc, test_path, 0, N(path_cases));
    tcase_add_loop_test(tc, test_url, 0, N(url_cases));
    tcase_add_loop_test(tc, test_unix, 0, N(unix_cases));
    tcase_add_test(tc, test_null);
    tcase_add_test(tc, test_long_input);
    tcase_add_test(tc, test_unix_roundtrip);
    tcase_add_test(tc, test_format);
    tcase_add_test(tc, test_format_local);
    tcase_add_test(tc, test_valid);
    tcase_add_loop_test(tc, test_month, 0, N(month_cases));
    tcase_add_test(tc, test_month_table);
    tcase_add_test(tc, test_date_lead);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(date_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
