/* check_query.c - newssearch's query language on a small index that the
 * indexer's own document builder writes: every query field of the schema
 * table is registered, its filter finds what nx_build_doc indexed (the
 * one term recipe on both sides), the flags are the same filters, date
 * bounds, and a syntax error is its own status. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsindex/schema.h"
#include "pipeline/pipeline.h" /* nx_build_doc, nx_rm_tree */
#include "query.h"

static char dir[256];
static xap_db *db;
static xap_qp *qp;
static nx_lookup_t lk;

typedef struct {
    const char *id, *title, *source, *text;
    const char *countries[3];
    const char *topics[3];
    int year, month, day; /* 0: no date */
} doc_t;

static const doc_t docs[] = {
    {"a/1.txt", "Oil Pipeline Deal Signed", "Reuters", "Pakistan and America agree on oil.",
     {"pk", "us", NULL}, {"economy", NULL}, 2021, 4, 8},
    {"a/2.txt", "Wheat Harvest Grows", "Associated Press", "Farmers report a large harvest.",
     {"us", NULL}, {"economy", "quakes", NULL}, 2020, 7, 1},
    {"a/3.txt", "Bolt Wins the Final", "AFP", "The sprinter won again in the stadium.",
     {"fr", NULL}, {"sport", NULL}, 1987, 10, 19},
    {"a/4.txt", "Undated Note", NULL, "A note about oil and nothing else.", {NULL}, {NULL}, 0, 0,
     0},
};
#define NDOCS (sizeof docs / sizeof docs[0])

static xap_doc *make_doc(xap_tg *tg, const doc_t *d)
{
    nx_article_t *a = nx_article_new();
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(nx_article_set(&a->id, d->id, (size_t)-1), NX_OK);
    ck_assert_int_eq(nx_article_set(&a->path, d->id, (size_t)-1), NX_OK);
    ck_assert_int_eq(nx_article_set(&a->title, d->title, (size_t)-1), NX_OK);
    if (d->source)
        ck_assert_int_eq(nx_article_set(&a->source, d->source, (size_t)-1), NX_OK);
    ck_assert_int_eq(nx_buf_puts(&a->text, d->text), NX_OK);
    for (size_t i = 0; d->countries[i]; i++)
        memcpy(a->countries[a->ncountries++], d->countries[i], 3);
    for (size_t i = 0; d->topics[i]; i++)
        ck_assert_ptr_nonnull(a->topics[a->ntopics++] = strdup(d->topics[i]));
    if (d->year) {
        a->date.year = d->year;
        a->date.month = d->month;
        a->date.day = d->day;
        a->date_origin = NX_DATE_CONTENT;
    }
    char *fterm = nx_file_term(d->id);
    xap_doc *doc;
    nx_error_t e;
    ck_assert_int_eq(nx_build_doc(tg, a, fterm, "1:2:3", 1, &doc, &e), NX_OK);
    free(fterm);
    nx_article_free(a);
    return doc;
}

static void setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/nx-query-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    nx_error_t e;
    xap_tg *tg;
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_WRITE, &db, &e), NX_OK);
    ck_assert_int_eq(xap_tg_new("english", &tg, &e), NX_OK);
    for (size_t i = 0; i < NDOCS; i++) {
        xap_doc *doc = make_doc(tg, &docs[i]);
        ck_assert_int_eq(xap_db_add(db, doc, &e), NX_OK);
        xap_doc_free(doc);
    }
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    xap_tg_free(tg);
    xap_db_close(db);
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_READ, &db, &e), NX_OK);
    nx_lookup_init(&lk, db);
    ck_assert_int_eq(nx_query_parser(db, &lk, NULL, &qp, &e), NX_OK);
}

static void teardown(void)
{
    xap_qp_free(qp);
    nx_lookup_free(&lk);
    xap_db_close(db);
    nx_rm_tree(dir);
}

static const nx_filters_t no_filters = {NULL, NULL, NULL, NULL, NULL, NULL};

/* The number of matches of text with filters f; -1 when the query is
 * refused (*st and e say why). */
static long matches(const char *text, const nx_filters_t *f, nx_status_t *st, nx_error_t *e)
{
    xap_query *q = NULL;
    xap_result *r = NULL;
    *st = nx_query_build(qp, &lk, text, f ? f : &no_filters, 0, &q, NULL, e);
    if (*st) {
        ck_assert_ptr_null(q);
        return -1;
    }
    xap_search_t s = {.query = q, .limit = 10, .exact = 1};
    ck_assert_int_eq(xap_search(db, &s, &r, e), NX_OK);
    long n = (long)xap_result_total(r);
    xap_result_free(r);
    xap_query_free(q);
    return n;
}

static long count(const char *text)
{
    nx_status_t st;
    nx_error_t e;
    long n = matches(text, NULL, &st, &e);
    ck_assert_msg(st == NX_OK, "%s: %s", text, e.msg);
    return n;
}

/* ---- the fields the table registers ---- */

static const struct {
    const char *query;
    long want;
} counts[] = {
    {"oil", 2},
    {"title:pipeline", 1},
    {"title:oil", 1},
    {"title:harvest", 1},
    {"harvest -title:harvest", 0},
    {"country:pakistan", 1},
    {"country:PK", 1},
    {"country:us", 2},
    {"country:\"united states\"", 2},
    {"country:pk country:fr", 2}, /* the same field ORs */
    {"topic:economy", 2},
    {"topic:sport", 1},
    {"topic:quakes", 1}, /* not in the taxonomy: a code the index holds */
    {"source:reuters", 1},
    {"source:ap", 1}, /* an alias of "Associated Press" */
    {"source:\"associated press\"", 1},
    {"year:1987", 1},
    {"year:2021", 1},
    {"date:2021", 1},
    {"date:2021-04", 1},
    {"date:2021-04-08", 1},
    {"date:2021-04-09", 0},
    {"date:2020..2021", 2},
    {"date:..1990", 1},
    {"date:2000..", 2},
    {"oil country:us", 1},
    {"oil -country:us", 1},
    {"", 4},
    {"   ", 4},
    {"*", 4},             /* every document */
    {"-oil", 2},          /* negative words only: all but those */
    {"-oil -pipeline", 2},
    {"-oil --country pk", 0}, /* "--country" is a word here, not the flag */
    {"Re: oil", 0},       /* no value after the colon: words, not a field */
};

START_TEST(test_counts)
{
    ck_assert_msg(count(counts[_i].query) == counts[_i].want, "%s: %ld, wanted %ld",
                  counts[_i].query, count(counts[_i].query), counts[_i].want);
}
END_TEST

/* Each boolean query field finds the term nx_field_term makes: the query
 * holds it. */
START_TEST(test_filter_terms_are_the_recipe)
{
    static const struct {
        const char *query; /* finds the term of */
        nx_field_id_t field;
        const char *value; /* normalized */
    } cases[] = {
        {"country:Pakistan", NX_F_COUNTRY, "pk"},
        {"topic:economy", NX_F_TOPIC, "economy"},
        {"source:ap", NX_F_SOURCE, "Associated Press"},
        {"year:1987", NX_F_YEAR, "1987"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_error_t e;
        xap_query *q;
        ck_assert_int_eq(nx_query_build(qp, &lk, cases[i].query, &no_filters, 0, &q, NULL, &e),
                         NX_OK);
        char *d = xap_query_describe(q), *t = nx_field_term(&nx_fields[cases[i].field],
                                                           cases[i].value);
        ck_assert_msg(strstr(d, t) != NULL, "%s: %s not in %s", cases[i].query, t, d);
        free(t);
        free(d);
        xap_query_free(q);
    }
}
END_TEST

/* Every field the table marks as a query field is one; the others are
 * unknown fields, refused with the list of the query fields (Xapian would
 * take "day:zzqx" for the phrase "day zzqx" and find nothing). */
START_TEST(test_every_query_field_registered)
{
    for (size_t i = 0; i < NX_NFIELDS; i++) {
        const nx_field_t *f = &nx_fields[i];
        char text[64];
        snprintf(text, sizeof text, "%s:zzqx", f->name);
        nx_status_t st;
        nx_error_t e;
        long n = matches(text, NULL, &st, &e);
        if (f->flags & NX_FIELD_QUERY)
            /* A value no document has: no match, or refused by its
             * field processor. */
            ck_assert_msg(n == 0 || st == NX_E_QUERY, "%s: %ld (%s)", text, n, e.msg);
        else {
            xap_query *q = NULL;
            nx_error_clear(&e);
            ck_assert_int_eq(nx_query_build(qp, &lk, text, &no_filters, 0, &q, NULL, &e),
                             NX_E_QUERY);
            ck_assert_msg(strstr(e.msg, "unknown field") && strstr(e.msg, "title, country"),
                          "%s: %s", text, e.msg);
            ck_assert_ptr_null(q);
        }
    }
}
END_TEST

/* ---- the flags are the same filters ---- */

START_TEST(test_flags)
{
    nx_status_t st;
    nx_error_t e;
    nx_filters_t f = no_filters;
    f.country = "pakistan";
    ck_assert_int_eq(matches("", &f, &st, &e), count("country:pakistan"));
    f.since = "2021";
    ck_assert_int_eq(matches("oil", &f, &st, &e), 1);
    f = no_filters;
    f.since = "2020";
    f.until = "2020-12";
    ck_assert_int_eq(matches("", &f, &st, &e), 1);
    f.until = NULL;
    ck_assert_int_eq(matches("", &f, &st, &e), count("date:2020.."));
    f = no_filters;
    f.until = "1990";
    ck_assert_int_eq(matches("", &f, &st, &e), count("date:..1990"));
    f = no_filters;
    f.topic = "sport";
    f.source = "afp";
    ck_assert_int_eq(matches("", &f, &st, &e), 1);
    f.source = "reuters";
    ck_assert_int_eq(matches("", &f, &st, &e), 0);
    f = no_filters;
    f.country = "narnia";
    ck_assert_int_eq(matches("oil", &f, &st, &e), -1);
    ck_assert_int_eq(st, NX_E_QUERY);
    ck_assert_str_eq(e.msg, "country:narnia: unknown country (use a name or an ISO code)");
    ck_assert(!nx_filters_any(&no_filters));
    ck_assert(nx_filters_any(&f));
}
END_TEST

/* ---- what is refused, and how ---- */

static const struct {
    const char *query;
    nx_status_t st;
    const char *msg;
} refused[] = {
    {"oil AND", NX_E_SYNTAX, "<expression> AND <expression>"},
    {"OR oil", NX_E_SYNTAX, "<expression> OR <expression>"},
    {"oil AND NOT", NX_E_SYNTAX, "<expression> AND NOT <expression>"},
    {"country:narnia", NX_E_QUERY, "country:narnia: unknown country (use a name or an ISO code)"},
    {"topic:astrology", NX_E_QUERY, "topic:astrology: unknown topic (see newssearch --info)"},
    {"year:87", NX_E_QUERY, "year:87: not a four-digit year"},
    {"year:abcd", NX_E_QUERY, "year:abcd: not a four-digit year"},
    {"date:2021-13", NX_E_QUERY,
     "date:2021-13: not a date or range (use 2021, 2021-04, 2021-04-08, today, yesterday, 3d, "
     "2w, 6M, 1y, or FROM..TO)"},
    {"date:2022..2021", NX_E_QUERY, "date:2022..2021: the range ends before it starts"},
    {"oil country:narnia", NX_E_QUERY,
     "country:narnia: unknown country (use a name or an ISO code)"},
    {"writer:smith", NX_E_QUERY,
     "unknown field 'writer:'; the fields are title, country, topic, source, date, year, id, "
     "origin, author"},
    {"oil -foo:bar", NX_E_QUERY,
     "unknown field 'foo:'; the fields are title, country, topic, source, date, year, id, "
     "origin, author"},
    {"TITLE:oil", NX_E_QUERY,
     "unknown field 'TITLE:' (fields are lower case: title:); the fields are title, country, "
     "topic, source, date, year, id, origin, author"},
    {"source:", NX_E_QUERY, "source: needs a value, as in source:reuters"},
    {"oil (country: pk)", NX_E_QUERY,
     "country: needs a value, as in country:pakistan  country:PK  country:\"united states\""},
    {"country:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NX_E_QUERY,
     "country:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...: unknown country (use a name or an ISO "
     "code)"},
    {"((((((((((((((((((((((((((((((((((oil))))))))))))))))))))))))))))))))))", NX_E_LIMIT,
     "parentheses nested more than 32 deep"},
    {"\"oil b c d e f g h j k l m n o p q r s t u v w x y z b c d e f g "
     "h j k l m n o p q r s t u v w x y z b c d e f g h j k l m n o p q r\"",
     NX_E_LIMIT, "a phrase or NEAR group of 65 words, more than 64"},
};

START_TEST(test_refused)
{
    nx_status_t st;
    nx_error_t e;
    ck_assert_int_eq(matches(refused[_i].query, NULL, &st, &e), -1);
    ck_assert_int_eq(st, refused[_i].st);
    ck_assert_str_eq(e.msg, refused[_i].msg);
}
END_TEST

/* The bounds on the number of terms and on the text's length. */
START_TEST(test_limits)
{
    size_t n = 1001 * 4 + 1;
    char *text = malloc(n + NX_QUERY_MAX_BYTES + 2);
    ck_assert_ptr_nonnull(text);
    text[0] = '\0';
    for (int i = 0; i < 1001; i++)
        strcat(text, i ? " oil" : "oil");
    nx_status_t st;
    nx_error_t e;
    ck_assert_int_eq(matches(text, NULL, &st, &e), -1);
    ck_assert_int_eq(st, NX_E_LIMIT);
    ck_assert_str_eq(e.msg, "the query has 1001 terms, more than 1000");
    text[strlen(text) - 4] = '\0'; /* 1000: allowed */
    ck_assert_int_eq(count(text), 2);
    memset(text, 'x', NX_QUERY_MAX_BYTES + 1);
    text[NX_QUERY_MAX_BYTES + 1] = '\0';
    ck_assert_int_eq(matches(text, NULL, &st, &e), -1);
    ck_assert_int_eq(st, NX_E_LIMIT);
    ck_assert_str_eq(e.msg, "the query is 65537 bytes long, more than 65536");
    text[0] = '\0';
    for (int i = 0; i < NX_QUERY_MAX_RANGES + 1; i++)
        strcat(text, "date:2021 ");
    ck_assert_int_eq(matches(text, NULL, &st, &e), -1);
    ck_assert_int_eq(st, NX_E_LIMIT);
    ck_assert_str_eq(e.msg, "the query has 33 value ranges (date:), more than 32");
    free(text);
}
END_TEST

/* ---- date bounds ---- */

/* A value and its bounds, "LO..HI" (either may be empty). */
static const struct {
    const char *value, *bounds;
} bounds[] = {
    {"2021", "20210000000000..20219999999999"},
    {"2021-04", "20210400000000..20210499999999"},
    {"2021-04-08", "20210408000000..20210408999999"},
    {"2021/04/08", "20210408000000..20210408999999"},
    {"20210408", "20210408000000..20210408999999"},
    {"1987..1988", "19870000000000..19889999999999"},
    {"..2021-04", "..20210499999999"},
    {"2021-01-01..", "20210101000000.."},
    {"2021-04-01..2021-04-30", "20210401000000..20210430999999"},
};

START_TEST(test_date_bounds)
{
    char lo[15], hi[15], got[32];
    nx_error_t e;
    ck_assert_int_eq(nx_date_bounds(bounds[_i].value, lo, hi, &e), NX_OK);
    snprintf(got, sizeof got, "%s..%s", lo, hi);
    ck_assert_str_eq(got, bounds[_i].bounds);
}
END_TEST

START_TEST(test_date_bounds_refused)
{
    static const char *const bad[] = {"..", "",      "abc",   "2021-13",       "2021-04-32",
                                      "2021-00", "12345", "2021-04-08-09", "2021..x",
                                      "2022..2021", "3m", "3x", "d", "3dd", "today..3y",
                                      "1000000d", "-3d", "3 d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char lo[15], hi[15];
        nx_error_t e;
        ck_assert_msg(nx_date_bounds(bad[i], lo, hi, &e) == NX_E_QUERY, "%s", bad[i]);
        ck_assert_int_eq(e.code, NX_E_QUERY);
        ck_assert_int_eq(strncmp(e.msg, "date:", 5), 0);
    }
}
END_TEST

/* Days counted back from today (local time): the bounds of the day
 * back days, months or years before today. */
static void day_back(int days, int months, int years, char out[9])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    tm.tm_mday -= days;
    tm.tm_mon -= months;
    tm.tm_year -= years;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    mktime(&tm);
    char d[40];
    snprintf(d, sizeof d, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    memcpy(out, d, 9);
}

static const struct {
    const char *value;
    int days, months, years;
    int open_end; /* "X..": no upper bound */
} relative[] = {
    {"today", 0, 0, 0, 0},    {"now", 0, 0, 0, 0},      {"yesterday", 1, 0, 0, 0},
    {"Yesterday", 1, 0, 0, 0}, {"3d", 3, 0, 0, 0},       {"3days", 3, 0, 0, 0},
    {"2w..", 14, 0, 0, 1},    {"2weeks..", 14, 0, 0, 1}, {"6M..", 0, 6, 0, 1},
    {"1month..", 0, 1, 0, 1}, {"1y..", 0, 0, 1, 1},      {"10years..", 0, 0, 10, 1},
    {"1day", 1, 0, 0, 0},
};

START_TEST(test_date_relative)
{
    char lo[15], hi[15], day[9], want_lo[15], want_hi[15];
    nx_error_t e;
    ck_assert_msg(nx_date_bounds(relative[_i].value, lo, hi, &e) == NX_OK, "%s: %s",
                  relative[_i].value, e.msg);
    day_back(relative[_i].days, relative[_i].months, relative[_i].years, day);
    snprintf(want_lo, sizeof want_lo, "%s000000", day);
    snprintf(want_hi, sizeof want_hi, "%s999999", day);
    ck_assert_str_eq(lo, want_lo);
    ck_assert_str_eq(hi, relative[_i].open_end ? "" : want_hi);
}
END_TEST

START_TEST(test_query_shown)
{
    nx_filters_t none = {NULL, NULL, NULL, NULL, NULL, NULL};
    char *s = nx_query_shown("blair", &none);
    ck_assert_str_eq(s, "blair");
    free(s);
    nx_filters_t f = {"iraq", "politics", "associated press", "2020", "2021-04", NULL};
    s = nx_query_shown("blair", &f);
    ck_assert_str_eq(s, "blair country:iraq topic:politics source:\"associated press\" "
                        "date:2020.. date:..2021-04");
    free(s);
    nx_filters_t q = {"\"x\"", NULL, NULL, NULL, NULL, NULL}; /* a quote cannot be in a value */
    s = nx_query_shown("", &q);
    ck_assert_str_eq(s, "country:\"x\"");
    free(s);
}
END_TEST

/* Acronyms with dots parse the same in any case. */
static const char *const same_query[][2] = {
    {"u.s", "U.S"},         {"u.s.", "U.S."},           {"oil u.s.a.", "oil U.S.A."},
    {"\"u.k. talks\"", "\"U.K. talks\""}, {"(e.u.)", "(E.U.)"},
};

START_TEST(test_acronyms)
{
    nx_error_t e;
    xap_query *a = NULL, *b = NULL;
    ck_assert_int_eq(nx_query_build(qp, &lk, same_query[_i][0], &no_filters, 0, &a, NULL, &e), NX_OK);
    ck_assert_int_eq(nx_query_build(qp, &lk, same_query[_i][1], &no_filters, 0, &b, NULL, &e), NX_OK);
    char *da = xap_query_describe(a), *db_ = xap_query_describe(b);
    ck_assert_str_eq(da, db_);
    free(da);
    free(db_);
    xap_query_free(a);
    xap_query_free(b);
}
END_TEST

/* The tests of each case, with their number of rows (1: not a loop). */
#define ROWS(a) ((int)(sizeof a / sizeof a[0]))

int main(void)
{
    Suite *s = suite_create("query");
    TCase *index = tcase_create("index"), *dates = tcase_create("dates");
    tcase_set_timeout(index, 60);
    tcase_add_checked_fixture(index, setup, teardown); /* the bounds need no index */
    suite_add_tcase(s, index);
    suite_add_tcase(s, dates);
    const struct {
        TCase *tc;
        const TTest *test;
        int rows;
    } tests[] = {
        {index, test_counts, ROWS(counts)},
        {index, test_filter_terms_are_the_recipe, 1},
        {index, test_every_query_field_registered, 1},
        {index, test_flags, 1},
        {index, test_refused, ROWS(refused)},
        {index, test_limits, 1},
        {index, test_acronyms, ROWS(same_query)},
        {dates, test_date_bounds, ROWS(bounds)},
        {dates, test_date_bounds_refused, 1},
        {dates, test_date_relative, ROWS(relative)},
        {dates, test_query_shown, 1},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        tcase_add_loop_test(tests[i].tc, tests[i].test, 0, tests[i].rows);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
