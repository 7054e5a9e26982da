/* check_resolve.c - unit tests for the resolver (lib/resolve.c): the rules
 * that choose an article's title, date, source, byline, dateline and
 * standfirst from the candidates a parser recorded, on their own, without
 * any parser. Driven by a table of cases: candidates in the order seen,
 * and every field expected.
 *
 * Data files come from $NX_DATA_DIR (default "data"): sources.tsv. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/resolve.h"

static nx_sources_t *sources;

/* The known sources are what several rules ask about; without the table
 * the cases that need them fail. */
static void setup_all(void)
{
    char path[512];
    nx_error_t err;
    const char *dir = getenv("NX_DATA_DIR");
    snprintf(path, sizeof path, "%s/sources.tsv", dir && *dir ? dir : "data");
    if (nx_sources_load(path, &sources, &err) != NX_OK)
        fprintf(stderr, "check_resolve: %s\n", err.msg);
}

static void teardown_all(void)
{
    nx_sources_free(sources);
}

/* A candidate: dates are written as text and read with nx_date_parse. */
typedef struct {
    nx_field_t f;
    nx_origin_t o;
    const char *v;
    unsigned flags;
} cand_t;

#define T(o, v) {NX_FIELD_TITLE, NX_FROM_##o, v, 0}
#define D(o, v) {NX_FIELD_DATE, NX_FROM_##o, v, 0}
#define TO(o, v) {NX_FIELD_TITLE, NX_FROM_##o, v, NX_CAND_ONLY}
#define S(o, v) {NX_FIELD_SOURCE, NX_FROM_##o, v, 0}
#define SF(o, v) {NX_FIELD_SOURCE, NX_FROM_##o, v, NX_CAND_FIRM}
#define B(o, v) {NX_FIELD_BYLINE, NX_FROM_##o, v, 0}
#define L(o, v) {NX_FIELD_DATELINE, NX_FROM_##o, v, 0}
#define F(o, v) {NX_FIELD_STANDFIRST, NX_FROM_##o, v, 0}

typedef struct {
    const char *name;
    nx_family_t family;
    cand_t c[10]; /* up to the first with origin NX_FROM_NONE */
    /* expected; NULL: none; the date as "YYYY-MM-DD" */
    const char *title, *date, *source, *byline, *dateline, *standfirst;
} rcase_t;

static const rcase_t cases[] = {
    /* ---- HTML ---- */
    {"an og:title cut short at the headline's own quotation mark gives way to the <title>",
     NX_FAMILY_HTML,
     {T(OG_TITLE, "Senator calls rival "), T(TITLE_ELEMENT, "Senator calls rival \"unfit\"")},
     "Senator calls rival \"unfit\"", NULL, NULL, NULL, NULL, NULL},
    {"an og:title the <title> extends with words stands as the <title>", NX_FAMILY_HTML,
     {T(OG_TITLE, "Council backs"), T(TITLE_ELEMENT, "Council backs new bridge | Harbour Post"),
      S(SITE_NAME, "Harbour Post")},
     "Council backs new bridge", NULL, "Harbour Post", NULL, NULL, NULL},
    {"an og:title the <title> extends with its site name stands", NX_FAMILY_HTML,
     {T(OG_TITLE, "Council backs new bridge"),
      T(TITLE_ELEMENT, "Council backs new bridge - Harbour Post")},
     "Council backs new bridge", NULL, NULL, NULL, NULL, NULL},
    {"an og:title the <title> follows with a mark and its site's name stands", NX_FAMILY_HTML,
     {T(OG_TITLE, "Council backs new bridge"),
      T(TITLE_ELEMENT, "Council backs new bridge \xc2\xab HARBOUR POST")},
     "Council backs new bridge", NULL, NULL, NULL, NULL, NULL},
    {"an og:title cut short at a \xc2\xabquotation\xc2\xbb gives way to the <title>", NX_FAMILY_HTML,
     {T(OG_TITLE, "Senator calls rival"),
      T(TITLE_ELEMENT, "Senator calls rival \xc2\xabunfit\xc2\xbb")},
     "Senator calls rival \xc2\xabunfit\xc2\xbb", NULL, NULL, NULL, NULL, NULL},
    {"an og:title that ends inside a word of the <title> stands", NX_FAMILY_HTML,
     {T(OG_TITLE, "Council backs new bridge"),
      T(TITLE_ELEMENT, "Council backs new bridges and roads")},
     "Council backs new bridge", NULL, NULL, NULL, NULL, NULL},
    {"a <title> that is the site's name and a separator gives way to the first heading",
     NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Harbour Rail Enquiries -"), T(HEADING, ""),
      T(HEADING, "Replacement buses this weekend"), T(HEADING, "General information")},
     "Replacement buses this weekend", NULL, NULL, NULL, NULL, NULL},
    {"a <title> that is the site's name and a separator, with no heading, stays", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Harbour Rail Enquiries |")}, "Harbour Rail Enquiries |", NULL, NULL,
     NULL, NULL, NULL},
    {"a <title>'s first part that is the host is the site, and the name after it the headline",
     NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "harbourpost.example // \xc2\xbb Ada Lovelace"),
      S(PAGE_URL, "http://harbourpost.example/ada-lovelace/")},
     "Ada Lovelace", NULL, NULL, NULL, NULL, NULL},
    {"a <title>'s short last part is cut when the first part is not the site", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Council backs new bridge - Harbour Post"),
      S(PAGE_URL, "http://www.example.org/bridge")},
     "Council backs new bridge", NULL, NULL, NULL, NULL, NULL},
    {"an og:title with the site among its parts gives way to the <article>'s heading",
     NX_FAMILY_HTML,
     {T(OG_TITLE, "Winter Gift Guide | Harbour Post | Shop now!"),
      T(ARTICLE_H1, "My cosy home gift guide for winter"), S(SITE_NAME, "Harbour Post")},
     "My cosy home gift guide for winter", NULL, "Harbour Post", NULL, NULL, NULL},
    {"an og:title with the host as its last part gives way to the <article>'s heading",
     NX_FAMILY_HTML,
     {T(OG_TITLE, "Become a tester: free samples \xe2\x94\x82 Caf\xc3\xa9 Marktplatz"),
      T(ARTICLE_H1, "Become a tester today"),
      S(PAGE_URL, "https://www.cafe-marktplatz.example/testers")},
     "Become a tester today", NULL, NULL, NULL, NULL, NULL},
    {"an <article> heading of another story (no two words shared) leaves the og:title",
     NX_FAMILY_HTML,
     {T(OG_TITLE, "Solidarity fund for strikers - Harbour Post"), T(ARTICLE_H1, "Donate now:"),
      S(SITE_NAME, "Harbour Post")},
     "Solidarity fund for strikers", NULL, "Harbour Post", NULL, NULL, NULL},
    {"an og:title without the site leaves the <article>'s heading aside", NX_FAMILY_HTML,
     {T(OG_TITLE, "Council backs new bridge"), T(ARTICLE_H1, "Council backs new bridge, at last"),
      S(SITE_NAME, "Harbour Post")},
     "Council backs new bridge", NULL, "Harbour Post", NULL, NULL, NULL},
    {"an og:site_name that names a section gives way", NX_FAMILY_HTML,
     {S(SITE_NAME, "U.S"), S(PAGE_URL, "https://www.harbourpost.example/us/storm"),
      S(JSONLD_PUBLISHER, "Harbour Post")},
     NULL, NULL, "Harbour Post", NULL, NULL, NULL},
    {"an og:site_name the host spells stands", NX_FAMILY_HTML,
     {S(SITE_NAME, "HARBOUR POST Online"), S(PAGE_URL, "https://www.harbourpost.example/x"),
      S(JSONLD_PUBLISHER, "Harbour Media Group")},
     NULL, NULL, "Harbour Post Online", NULL, NULL, NULL},
    {"an og:site_name with no URL to check stands", NX_FAMILY_HTML,
     {S(SITE_NAME, "Hosted"), S(JSONLD_PUBLISHER, "Harbour Post")},
     NULL, NULL, "Hosted", NULL, NULL, NULL},
    {"a UTC timestamp takes the publisher's clock from the time the page shows", NX_FAMILY_HTML,
     {D(PUBLISHED_TIME, "2022-05-04T01:46:08Z"), D(TEXT_DATE, "May 3, 2022 9:46 PM")},
     NULL, "2022-05-03T21:46:08-04:00", NULL, NULL, NULL, NULL},
    {"a UTC timestamp gives way to the day the URL shows", NX_FAMILY_HTML,
     {D(JSONLD_DATE, "2022-05-04T01:46:08+00:00"), D(URL_DATE, "2022-05-03")},
     NULL, "2022-05-03T00:00:00Z", NULL, NULL, NULL, NULL},
    {"a shown date of the UTC day itself keeps the UTC day", NX_FAMILY_HTML,
     {D(PUBLISHED_TIME, "2022-05-04T01:46:08Z"), D(URL_DATE, "2022-05-03"),
      D(TEXT_DATE, "4 May 2022")},
     NULL, "2022-05-04T01:46:08Z", NULL, NULL, NULL, NULL},
    {"a UTC time on the hour late in the day is a midnight east of UTC", NX_FAMILY_HTML,
     {D(JSONLD_DATE, "2022-11-06T23:00:00Z")}, NULL, "2022-11-07T00:00:00Z", NULL, NULL, NULL,
     NULL},
    {"a UTC time with minutes is a time", NX_FAMILY_HTML,
     {D(JSONLD_DATE, "2022-11-06T23:10:00Z")}, NULL, "2022-11-06T23:10:00Z", NULL, NULL, NULL,
     NULL},
    {"a midnight converted gives way to a shown date of its UTC day", NX_FAMILY_HTML,
     {D(JSONLD_DATE, "2022-11-06T23:00:00Z"), D(TEXT_DATE, "6 November 2022")}, NULL,
     "2022-11-06T23:00:00Z", NULL, NULL, NULL, NULL},
    {"a timestamp with its zone is the publisher's already", NX_FAMILY_HTML,
     {D(PUBLISHED_TIME, "2022-05-03T22:46:08-03:00"), D(TEXT_DATE, "2022-05-04")},
     NULL, "2022-05-03T22:46:08-03:00", NULL, NULL, NULL, NULL},
    {"a shown day no zone can reach is not the publisher's", NX_FAMILY_HTML,
     {D(PUBLISHED_TIME, "2022-05-04T01:46:08Z"), D(TEXT_DATE, "2022-05-05")},
     NULL, "2022-05-04T01:46:08Z", NULL, NULL, NULL, NULL},
    {"the <title>'s part a heading repeats is the headline (a section first)", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "History | The Harbour Choir"), T(HEADING, "Menu"),
      T(HEADING, "The Harbour Choir")},
     "The Harbour Choir", NULL, NULL, NULL, NULL, NULL},
    {"the og:title's part a heading repeats (a long site name after it)", NX_FAMILY_HTML,
     {T(OG_TITLE, "Tide mill restored | Friends of the Old Tide Mill (FOTM)"),
      T(HEADING, "Tide mill restored")},
     "Tide mill restored", NULL, NULL, NULL, NULL, NULL},
    {"a run of parts before a separator", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Week 48 | Book of the week - Harbour Review"),
      T(HEADING, "Week 48 | Book of the week")},
     "Week 48 | Book of the week", NULL, NULL, NULL, NULL, NULL},
    {"a colon set apart, as French sets it, is a separator too", NX_FAMILY_HTML,
     {T(OG_TITLE, "Pétition : Sauvons le phare"), T(HEADING, "Sauvons le phare")},
     "Sauvons le phare", NULL, NULL, NULL, NULL, NULL},
    {"no heading repeats a part: the title as the other rules leave it", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Ferry timetable changes - Island Post"), T(HEADING, "Ferry")},
     "Ferry timetable changes", NULL, NULL, NULL, NULL, NULL},
    {"the lone <h1> gives way to an og:title another heading repeats", NX_FAMILY_HTML,
     {T(OG_TITLE, "Tide tables"), TO(H1, "Reader comments"), T(HEADING, "Tide tables"),
      T(HEADING, "Reader comments")},
     "Tide tables", NULL, NULL, NULL, NULL, NULL},
    {"a lone <h1> that is a kicker before the og:title gives way to it", NX_FAMILY_HTML,
     {T(OG_TITLE, "Minister pledges more food aid"),
      TO(H1, "Hunger crisis Minister pledges more food aid")},
     "Minister pledges more food aid", NULL, NULL, NULL, NULL, NULL},
    {"a title a heading already is stays whole", NX_FAMILY_HTML,
     {T(OG_TITLE, "Rates: the bank holds"), T(HEADING, "Rates: the bank holds"),
      T(HEADING, "Rates")},
     "Rates: the bank holds", NULL, NULL, NULL, NULL, NULL},
    {"words are never split inside, only at separators", NX_FAMILY_HTML,
     {T(OG_TITLE, "Sea-level rise slows"), T(HEADING, "Sea")},
     "Sea-level rise slows", NULL, NULL, NULL, NULL, NULL},
    {"og:title beats <title>, and loses its site suffix", NX_FAMILY_HTML,
     {T(OG_TITLE, "Oil prices rise | Reuters"), T(TITLE_ELEMENT, "Other page | Unknown Site")},
     "Oil prices rise", NULL, NULL, NULL, NULL, NULL},
    {"a <title> loses any short capitalised suffix", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Mayor wins the vote | Daily Bugle")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"the <title>'s site part names a known source", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Mayor wins the vote | Reuters")},
     "Mayor wins the vote", NULL, "Reuters", NULL, NULL, NULL},
    {"an og:title keeps a suffix that is not a site", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote | Daily Bugle")},
     "Mayor wins the vote | Daily Bugle", NULL, NULL, NULL, NULL, NULL},
    {"the site name is cut from any title", NX_FAMILY_HTML,
     {T(OG_TITLE, "Big story here - Example Times"), S(SITE_NAME, "Example Times")},
     "Big story here", NULL, "Example Times", NULL, NULL, NULL},
    {"the JSON-LD publisher is the site when there is no og:site_name", NX_FAMILY_HTML,
     {T(JSONLD_HEADLINE, "Example Times | Big story here"), S(JSONLD_PUBLISHER, "Example Times")},
     "Big story here", NULL, "Example Times", NULL, NULL, NULL},
    {"ranks: twitter:title before the JSON-LD headline", NX_FAMILY_HTML,
     {T(JSONLD_HEADLINE, "From JSON-LD"), T(TWITTER_TITLE, "From Twitter")},
     "From Twitter", NULL, NULL, NULL, NULL, NULL},
    {"the article's <h1> before the <title>", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Page title here"), T(ARTICLE_H1, "Article headline")},
     "Article headline", NULL, NULL, NULL, NULL, NULL},
    {"chain: an empty itemprop headline hides the article's <h1>", NX_FAMILY_HTML,
     {T(ITEMPROP_HEADLINE, ""), T(ARTICLE_H1, "Article headline"), T(TITLE_ELEMENT, "Page title here")},
     "Page title here", NULL, NULL, NULL, NULL, NULL},
    {"chain: an empty article <h1> gives way to the <title>", NX_FAMILY_HTML,
     {T(ARTICLE_H1, ""), T(TITLE_ELEMENT, "Page title here"), T(H1, "Page h1")},
     "Page title here", NULL, NULL, NULL, NULL, NULL},
    {"a <title> that starts with the page's <h1> gives way to it", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Mayor wins vote - Politics | Daily Bugle"), T(H1, "Mayor wins vote")},
     "Mayor wins vote", NULL, NULL, NULL, NULL, NULL},
    {"a <title> that does not start with the <h1> stays", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Page title | Site X"), T(H1, "Different words")},
     "Page title", NULL, NULL, NULL, NULL, NULL},
    {"a title part that names the page's host is the site", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote | Harbour Courier"),
      S(PAGE_URL, "https://www.harbour-courier.example/news/2021/mayor")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"a title part holding a long host label is the site; umlauts as hosts spell them",
     NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote - Stadtzeitung K\xc3\xb6ln"),
      S(PAGE_URL, "https://koeln.stadtzeitung.example/a")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"a title part unlike the host stays; the page URL is never a source", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote | Harbour Courier"),
      S(PAGE_URL, "https://news.example/2021/mayor")},
     "Mayor wins the vote | Harbour Courier", NULL, NULL, NULL, NULL, NULL},
    {"the page's lone <h1> beats og:title with its section and site", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins vote | Politics | Daily Bugle"),
      T(TITLE_ELEMENT, "Mayor wins vote | Politics | Daily Bugle"), TO(H1, "Mayor wins vote")},
     "Mayor wins vote", NULL, NULL, NULL, NULL, NULL},
    {"a lone <h1> that names the site is a logo", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote"), S(SITE_NAME, "Daily Bugle"), TO(H1, "Daily Bugle")},
     "Mayor wins the vote", NULL, "Daily Bugle", NULL, NULL, NULL},
    {"a lone <h1> that is the <title>'s last part is a logo", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "Mayor wins the vote - Bugle Online"), TO(H1, "Bugle Online")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"a lone one-word <h1> no other title holds is a section", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote"), TO(H1, "Politics")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"a lone one-word <h1> that only the <title>'s breadcrumbs hold is a section", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote"),
      T(TITLE_ELEMENT, "Daily Bugle | Politics | Mayor wins the vote"), TO(H1, "Politics")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"a lone one-word <h1> the og:title holds is the headline", NX_FAMILY_HTML,
     {T(OG_TITLE, "Brexit | Daily Bugle"), TO(H1, "Brexit")}, "Brexit", NULL, NULL, NULL, NULL,
     NULL},
    {"a lone one-word <h1> is the heading of a page with only a <title>", NX_FAMILY_HTML,
     {T(TITLE_ELEMENT, "History - St. Mary's Choir"), TO(H1, "Choirhistory")},
     "Choirhistory", NULL, NULL, NULL, NULL, NULL},
    {"one of several <h1>s does not beat og:title", NX_FAMILY_HTML,
     {T(OG_TITLE, "Mayor wins the vote"), T(H1, "Weather today")},
     "Mayor wins the vote", NULL, NULL, NULL, NULL, NULL},
    {"the page's <h1> when there is nothing else", NX_FAMILY_HTML,
     {T(H1, "Only the h1")}, "Only the h1", NULL, NULL, NULL, NULL, NULL},
    {"date ranks: article:published_time, JSON-LD, <meta>, <time>", NX_FAMILY_HTML,
     {D(TIME, "2021-04-10"), D(META_DATE, "2021-04-09"), D(PUBLISHED_TIME, "2021-04-08"),
      D(JSONLD_DATE, "2021-04-07")},
     NULL, "2021-04-08", NULL, NULL, NULL, NULL},
    {"date ranks: <time> in the article before any <time>", NX_FAMILY_HTML,
     {D(TIME, "2021-04-10"), D(DATE_ELEMENT, "2021-04-12"), D(ARTICLE_TIME, "2021-04-11")},
     NULL, "2021-04-11", NULL, NULL, NULL, NULL},
    {"a byline's agency beats the site; its date yields to the page's", NX_FAMILY_HTML,
     {B(JSONLD_AUTHOR, "By Jane Doe, Reuters | April 8, 2021"), S(SITE_NAME, "Daily Bugle"),
      D(TIME, "2021-05-01")},
     NULL, "2021-05-01", "Reuters", "Jane Doe", NULL, NULL},
    {"a byline's date when the page has none", NX_FAMILY_HTML,
     {B(JSONLD_AUTHOR, "By Jane Doe | April 8, 2021")},
     NULL, "2021-04-08", NULL, "Jane Doe", NULL, NULL},
    {"byline ranks: JSON-LD, then the author <meta>", NX_FAMILY_HTML,
     {B(BYLINE_ELEMENT, "By Ann Lee"), B(META_AUTHOR, "Bob Roe"), B(JSONLD_AUTHOR, "Jane Doe")},
     NULL, NULL, NULL, "Jane Doe", NULL, NULL},
    {"an author <meta> that is a URL is no byline", NX_FAMILY_HTML,
     {B(META_AUTHOR, "https://example.com/jane"), B(BYLINE_ELEMENT, "By Ann Lee"),
      S(META_AUTHOR, "https://example.com/jane")},
     NULL, NULL, NULL, "Ann Lee", NULL, NULL},
    {"an author <meta> naming a known source is the source too", NX_FAMILY_HTML,
     {B(META_AUTHOR, "AFP"), S(META_AUTHOR, "AFP")}, NULL, NULL, "AFP", "AFP", NULL, NULL},
    {"a byline element of 200 bytes or more is no byline", NX_FAMILY_HTML,
     {B(BYLINE_ELEMENT, "By Jane Doe, who has written about the economy and politics of the "
                        "region for many years and who lives in the capital with her family "
                        "and three cats, and who likes to write very long author notes, "
                        "longer than any byline is")},
     NULL, NULL, NULL, NULL, NULL, NULL},
    {"an empty byline's parts still count", NX_FAMILY_HTML,
     {B(JSONLD_AUTHOR, "By , Reuters"), B(META_AUTHOR, "Bob Roe"), S(SITE_NAME, "Daily Bugle")},
     NULL, NULL, "Reuters", "Bob Roe", NULL, NULL},
    {"a facebook page is no publisher; twitter:site without its @", NX_FAMILY_HTML,
     {S(META_PUBLISHER, "https://www.facebook.com/bugle"), S(TWITTER_SITE, "AFP")},
     NULL, NULL, "AFP", NULL, NULL, NULL},
    {"source ranks: site, JSON-LD publisher, publisher <meta>", NX_FAMILY_HTML,
     {S(META_PUBLISHER, "Bloomberg"), S(JSONLD_PUBLISHER, "Kyodo"), S(SITE_NAME, "BBC News")},
     NULL, NULL, "BBC", NULL, NULL, NULL},
    {"weak hints need a known source", NX_FAMILY_HTML,
     {S(TWITTER_SITE, "dailybugle"), S(APPLICATION_NAME, "Bugle App"), S(META_AUTHOR, "Jane Doe"),
      S(APPLICATION_NAME, "Bloomberg")},
     NULL, NULL, "Bloomberg", NULL, NULL, NULL},
    {"a dateline's agency: before the weak hints, after the publisher", NX_FAMILY_HTML,
     {S(TWITTER_SITE, "Kyodo"), SF(DATELINE, "Foo News"), L(DATELINE, "LONDON")},
     NULL, NULL, "Foo News", NULL, "LONDON", NULL},
    {"a dateline's agency without a place must be known", NX_FAMILY_HTML,
     {S(DATELINE, "Foo News"), S(TWITTER_SITE, "Kyodo")}, NULL, NULL, "Kyodo", NULL, NULL, NULL},
    {"og:description before the description", NX_FAMILY_HTML,
     {F(META_DESCRIPTION, "Plain description."), F(OG_DESCRIPTION, "The og description.")},
     NULL, NULL, NULL, NULL, NULL, "The og description."},
    {"values are cleaned as article fields are", NX_FAMILY_HTML,
     {T(OG_TITLE, "  Spaced \t out\xc2\xa0 title  "), F(OG_DESCRIPTION, "bad \xe9 byte")},
     "Spaced out title", NULL, NULL, NULL, NULL, "bad \xef\xbf\xbd byte"},
    {"a source that cannot be named is passed over", NX_FAMILY_HTML,
     {S(SITE_NAME, "()"), S(JSONLD_PUBLISHER, "Kyodo")}, NULL, NULL, "Kyodo", NULL, NULL, NULL},
    {"sources are normalised", NX_FAMILY_HTML,
     {S(SITE_NAME, "reuters.com")}, NULL, NULL, "Reuters", NULL, NULL, NULL},

    /* ---- plain text ---- */
    {"a title header replaces the title line above it", NX_FAMILY_TEXT,
     {T(TITLE_LINE, "Line title"), T(HEADER, "Header title")},
     "Header title", NULL, NULL, NULL, NULL, NULL},
    {"even an empty title header does", NX_FAMILY_TEXT,
     {T(TITLE_LINE, "Line title"), T(HEADER, "\xc2\xa0")}, NULL, NULL, NULL, NULL, NULL, NULL},
    {"a title line after an empty header counts", NX_FAMILY_TEXT,
     {T(HEADER, "\xc2\xa0"), T(TITLE_LINE, "Line title"), T(HEADER, "Later header")},
     "Line title", NULL, NULL, NULL, NULL, NULL},
    {"the first title header wins", NX_FAMILY_TEXT,
     {T(HEADER, "First"), T(HEADER, "Second")}, "First", NULL, NULL, NULL, NULL, NULL},
    {"a From: line naming a known source is the source, not the byline", NX_FAMILY_TEXT,
     {S(FROM_LINE, "Reuters"), B(FROM_LINE, "Reuters")}, NULL, NULL, "Reuters", NULL, NULL, NULL},
    {"a From: line naming a person is the byline", NX_FAMILY_TEXT,
     {S(FROM_LINE, "Jane Doe"), B(FROM_LINE, "Jane Doe")}, NULL, NULL, NULL, "Jane Doe", NULL, NULL},
    {"a From: address is neither", NX_FAMILY_TEXT,
     {S(FROM_LINE, "jane@example.com"), B(FROM_LINE, "jane@example.com")},
     NULL, NULL, NULL, NULL, NULL, NULL},
    {"dates in the order of the lines", NX_FAMILY_TEXT,
     {D(DATE_LINE, "2021-04-08"), D(HEADER, "2021-04-09")}, NULL, "2021-04-08", NULL, NULL, NULL, NULL},
    {"a byline's date after a date header does not count", NX_FAMILY_TEXT,
     {D(HEADER, "2021-04-09"), B(BYLINE_LINE, "By Jane Doe | April 8, 2021")},
     NULL, "2021-04-09", NULL, "Jane Doe", NULL, NULL},
    {"a byline's date before a date header does", NX_FAMILY_TEXT,
     {B(BYLINE_LINE, "By Jane Doe | April 8, 2021"), D(HEADER, "2021-04-09")},
     NULL, "2021-04-08", NULL, "Jane Doe", NULL, NULL},
    {"the date ends a byline's split", NX_FAMILY_TEXT,
     {B(BYLINE_LINE, "By Jane Doe | April 8, 2021 | Reuters")},
     NULL, "2021-04-08", NULL, "Jane Doe", NULL, NULL},
    {"with a date known before, the split goes on", NX_FAMILY_TEXT,
     {D(HEADER, "2021-04-09"), B(BYLINE_LINE, "By Jane Doe | April 8, 2021 | Reuters")},
     NULL, "2021-04-09", "Reuters", "Jane Doe", NULL, NULL},
    {"the first byline wins; only its parts count", NX_FAMILY_TEXT,
     {B(BYLINE_LINE, "By Jane Doe"), B(HEADER, "Bob Roe, AFP")}, NULL, NULL, NULL, "Jane Doe", NULL, NULL},
    {"sources in the order of the lines", NX_FAMILY_TEXT,
     {B(BYLINE_LINE, "By Jane Doe, AFP"), S(HEADER, "Kyodo"), SF(DATELINE, "Foo News")},
     NULL, NULL, "AFP", "Jane Doe", NULL, NULL},
    {"a byline that is a source", NX_FAMILY_TEXT,
     {B(BYLINE_LINE, "By AFP")}, NULL, NULL, "AFP", "AFP", NULL, NULL},
    {"a credit line: known, or vouched for", NX_FAMILY_TEXT,
     {S(CREDIT_LINE, "Some Company Ltd")}, NULL, NULL, NULL, NULL, NULL, NULL},
    {"a credit line vouched for", NX_FAMILY_TEXT,
     {SF(CREDIT_LINE, "Some Company Ltd")}, NULL, NULL, "Some Company Ltd", NULL, NULL, NULL},
    {"datelines and standfirsts in the order of the lines", NX_FAMILY_TEXT,
     {L(HEADER, "Geneva"), L(DATELINE, "LONDON"), F(DEK, "The dek."), F(HEADER, "The summary.")},
     NULL, NULL, NULL, NULL, "Geneva", "The dek."},

    /* ---- NITF ---- */
    {"NITF titles: hl1, head/title, hedline", NX_FAMILY_NITF,
     {T(HEDLINE, "Hedline"), T(HEAD_TITLE, "Head title"), T(HL1, "")},
     "Head title", NULL, NULL, NULL, NULL, NULL},
    {"NITF dates: date.issue first, a byline's last", NX_FAMILY_NITF,
     {B(NITF_BYLINE, "Jane Doe, 2021-04-01"), D(STORY_DATE_TEXT, "2021-04-05"),
      D(DATE_RELEASE, "2021-04-03"), D(DATE_ISSUE, "2021-04-02")},
     NULL, "2021-04-02", NULL, "Jane Doe", NULL, NULL},
    {"NITF sources: the copyright holder first, the dateline last", NX_FAMILY_NITF,
     {SF(DATELINE, "Foo News"), S(RIGHTS_OWNER, "Kyodo"), S(DISTRIBUTOR, "AFP"),
      S(COPYRIGHT_HOLDER, "Reuters")},
     NULL, NULL, "Reuters", NULL, NULL, NULL},
    {"NITF datelines: a place of 60 bytes or more is none", NX_FAMILY_NITF,
     {L(NITF_DATELINE, "A PLACE WITH A NAME FAR TOO LONG TO BE A PLACE IN ANY DATELINE"),
      L(DATELINE, "LONDON")},
     NULL, NULL, NULL, NULL, "LONDON", NULL},
    {"NITF datelines: the location first", NX_FAMILY_NITF,
     {L(DATELINE, "LONDON"), L(LOCATION, "Geneva")}, NULL, NULL, NULL, NULL, "Geneva", NULL},

    /* ---- RSS and Atom ---- */
    {"an item's <source>: its text when known", NX_FAMILY_FEED,
     {S(ITEM_SOURCE, "AFP"), S(ITEM_SOURCE_URL, "http://www.reuters.com/")},
     NULL, NULL, "AFP", NULL, NULL, NULL},
    {"an item's <source>: else its url when known", NX_FAMILY_FEED,
     {S(ITEM_SOURCE, "Wire desk"), S(ITEM_SOURCE_URL, "reuters.com")},
     NULL, NULL, "Reuters", NULL, NULL, NULL},
    {"an item's <source>: else its text", NX_FAMILY_FEED,
     {S(ITEM_SOURCE, "Wire desk"), S(ITEM_SOURCE_URL, "http://example.org/"), S(FEED_TITLE, "AFP")},
     NULL, NULL, "Wire desk", NULL, NULL, NULL},
    {"the channel's name only when known", NX_FAMILY_FEED,
     {S(FEED_TITLE, "Reuters wire, part 3"), S(FEED_PUBLISHER, "Example Feeds")},
     NULL, NULL, NULL, NULL, NULL, NULL},
    {"the channel's publisher before its title", NX_FAMILY_FEED,
     {S(FEED_TITLE, "AFP"), S(FEED_PUBLISHER, "Kyodo")}, NULL, NULL, "Kyodo", NULL, NULL, NULL},
    {"an Atom entry's source: known before the dateline, any after", NX_FAMILY_FEED,
     {S(ENTRY_SOURCE, "Copied Feed"), SF(DATELINE, "Foo News"), S(FEED_TITLE, "AFP")},
     NULL, NULL, "Foo News", NULL, NULL, NULL},
    {"an Atom entry's source that is not known, without a dateline", NX_FAMILY_FEED,
     {S(ENTRY_SOURCE, "Copied Feed"), S(FEED_TITLE, "AFP")}, NULL, NULL, "Copied Feed", NULL, NULL, NULL},
    {"an RSS author that is an address is no byline", NX_FAMILY_FEED,
     {B(ITEM_AUTHOR, "jane@example.com"), D(ITEM_DATE, "2021-04-08")},
     NULL, "2021-04-08", NULL, NULL, NULL, NULL},
    {"a summary of 1000 bytes or more is no standfirst", NX_FAMILY_FEED,
     {T(ITEM_TITLE, "Item"), F(ITEM_SUMMARY, "")}, "Item", NULL, NULL, NULL, NULL, NULL},

    /* ---- other XML ---- */
    {"other XML: the element, then the text's dateline", NX_FAMILY_XML,
     {T(XML_TITLE, "Record title"), D(XML_DATE, "1987-02-26"), S(DATELINE, "AFP"),
      S(XML_SOURCE, "Reuters"), L(DATELINE, "HOUSTON"), L(XML_DATELINE, "Houston")},
     "Record title", "1987-02-26", "Reuters", NULL, "Houston", NULL},
    {"other XML has no bylines or standfirsts", NX_FAMILY_XML,
     {B(BYLINE_LINE, "By Jane Doe"), F(DEK, "A dek.")}, NULL, NULL, NULL, NULL, NULL, NULL},
};

static void record(nx_cands_t *c, const cand_t *k)
{
    if (k->f == NX_FIELD_DATE) {
        nx_date_t d;
        ck_assert_msg(nx_date_parse(k->v, NX_DMY_UNKNOWN, &d) == NX_OK, "date '%s'", k->v);
        ck_assert_int_eq(nx_cands_add_date(c, k->o, k->v, &d), NX_OK);
    } else {
        ck_assert_int_eq(nx_cands_add(c, k->f, k->o, k->v, (size_t)-1, k->flags), NX_OK);
    }
}

static void check_field(const char *name, const char *what, const char *got, const char *want)
{
    if (!want)
        ck_assert_msg(!got, "%s: %s '%s', want none", name, what, got);
    else
        ck_assert_msg(got && !strcmp(got, want), "%s: %s '%s', want '%s'", name, what,
                      got ? got : "(none)", want);
}

static void check_article(const rcase_t *k, const nx_article_t *a)
{
    check_field(k->name, "title", a->title, k->title);
    check_field(k->name, "source", a->source, k->source);
    check_field(k->name, "byline", a->byline, k->byline);
    check_field(k->name, "dateline", a->dateline, k->dateline);
    check_field(k->name, "standfirst", a->standfirst, k->standfirst);
    if (!k->date) {
        ck_assert_msg(a->date_origin == NX_DATE_NONE, "%s: a date, want none", k->name);
        return;
    }
    char iso[32];
    ck_assert_msg(a->date_origin == NX_DATE_CONTENT, "%s: no date", k->name);
    nx_date_format_iso(&a->date, iso);
    ck_assert_msg(!strncmp(iso, k->date, strlen(k->date)), "%s: date %s, want %s", k->name, iso,
                  k->date);
}

START_TEST(rules)
{
    const rcase_t *k = &cases[_i];
    nx_cands_t c;
    nx_cands_init(&c, k->family);
    for (int i = 0; i < 10 && k->c[i].o != NX_FROM_NONE; i++)
        record(&c, &k->c[i]);
    nx_article_t *a = nx_article_new();
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(nx_resolve(sources, &c, a), NX_OK);
    check_article(k, a);
    /* A pure function of the record: again, into the same article, the
     * same fields (replaced, not added to). */
    ck_assert_int_eq(nx_resolve(sources, &c, a), NX_OK);
    check_article(k, a);
    nx_article_free(a);
    nx_cands_free(&c);
}
END_TEST

START_TEST(summary_bound)
{
    /* 999 bytes: a standfirst; 1000: none. */
    char s[1001];
    memset(s, 'a', sizeof s);
    for (size_t len = 999; len <= 1000; len++) {
        s[len] = '\0';
        nx_cands_t c;
        nx_cands_init(&c, NX_FAMILY_FEED);
        nx_cands_add(&c, NX_FIELD_STANDFIRST, NX_FROM_ITEM_SUMMARY, s, (size_t)-1, 0);
        nx_article_t *a = nx_article_new();
        ck_assert_int_eq(nx_resolve(sources, &c, a), NX_OK);
        if (len < 1000)
            ck_assert_uint_eq(strlen(a->standfirst), len);
        else
            ck_assert_ptr_null(a->standfirst);
        nx_article_free(a);
        nx_cands_free(&c);
        s[len] = 'a';
    }
}
END_TEST

START_TEST(record_and_truncate)
{
    nx_cands_t c;
    nx_cands_init(&c, NX_FAMILY_TEXT);
    ck_assert_int_eq(nx_cands_add(&c, NX_FIELD_TITLE, NX_FROM_HEADER, "Kept title", (size_t)-1, 0),
                     NX_OK);
    /* NULL adds nothing; n cuts the value. */
    ck_assert_int_eq(nx_cands_add(&c, NX_FIELD_TITLE, NX_FROM_HEADER, NULL, 3, 0), NX_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_int_eq(nx_cands_add(&c, NX_FIELD_DATELINE, NX_FROM_DATELINE, "LONDON (AP) -", 6, 0),
                     NX_OK);
    ck_assert_str_eq(c.v[1].value, "LONDON");
    /* A trial: what it records is dropped again. */
    size_t mark = c.n;
    for (int i = 0; i < 40; i++)
        nx_cands_add(&c, NX_FIELD_TITLE, NX_FROM_HEADER, "Trial", (size_t)-1, 0);
    nx_cands_truncate(&c, mark);
    ck_assert_uint_eq(c.n, mark);
    nx_article_t *a = nx_article_new();
    a->title = strdup("stale");
    a->source = strdup("stale");
    a->date_origin = NX_DATE_MTIME;
    ck_assert_int_eq(nx_resolve(sources, &c, a), NX_OK);
    ck_assert_str_eq(a->title, "Kept title");
    ck_assert_str_eq(a->dateline, "LONDON");
    ck_assert_ptr_null(a->source);
    ck_assert_int_eq(a->date_origin, NX_DATE_NONE);
    /* A failure to record is sticky: nothing more is added, and the
     * resolver reports it without touching the article. */
    c.status = NX_E_NOMEM;
    ck_assert_int_eq(nx_cands_add(&c, NX_FIELD_TITLE, NX_FROM_HEADER, "x", (size_t)-1, 0),
                     NX_E_NOMEM);
    ck_assert_uint_eq(c.n, mark);
    ck_assert_int_eq(nx_resolve(sources, &c, a), NX_E_NOMEM);
    ck_assert_str_eq(a->title, "Kept title");
    nx_article_free(a);
    nx_cands_free(&c);
    ck_assert_int_eq(c.status, NX_OK);
    ck_assert_uint_eq(c.n, 0);
}
END_TEST

START_TEST(without_sources)
{
    /* No table: names are only tidied, and none is known. */
    nx_cands_t c;
    nx_cands_init(&c, NX_FAMILY_HTML);
    nx_cands_add(&c, NX_FIELD_SOURCE, NX_FROM_TWITTER_SITE, "Reuters", (size_t)-1, 0);
    nx_cands_add(&c, NX_FIELD_SOURCE, NX_FROM_META_PUBLISHER, "DAILY BUGLE", (size_t)-1, 0);
    nx_article_t *a = nx_article_new();
    ck_assert_int_eq(nx_resolve(NULL, &c, a), NX_OK);
    ck_assert_str_eq(a->source, "Daily Bugle");
    nx_article_free(a);
    nx_cands_free(&c);
}
END_TEST

START_TEST(origin_names)
{
    for (int o = 0; o < NX_NORIGINS; o++) {
        const char *n = nx_origin_name((nx_origin_t)o);
        ck_assert_msg(n && *n && strcmp(n, "?"), "origin %d has no name", o);
    }
    ck_assert_str_eq(nx_origin_name(NX_FROM_OG_TITLE), "og:title");
    ck_assert_str_eq(nx_origin_name(NX_NORIGINS), "?");
}
END_TEST

static Suite *resolve_suite(void)
{
    Suite *s = suite_create("resolve");
    TCase *tc = tcase_create("rules");
    tcase_add_unchecked_fixture(tc, setup_all, teardown_all);
    tcase_add_loop_test(tc, rules, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, summary_bound);
    tcase_add_test(tc, record_and_truncate);
    tcase_add_test(tc, without_sources);
    tcase_add_test(tc, origin_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(resolve_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
