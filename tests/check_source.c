/* check_source.c - unit tests for lib/source.c, driven by tables of cases.
 * The table is data/sources.tsv, found through $NX_DATA_DIR (set by the
 * Makefile), else "data" relative to the current directory. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsindex/source.h"

static nx_sources_t *table;

static const char *data_path(char *buf, size_t size)
{
    const char *dir = getenv("NX_DATA_DIR");
    snprintf(buf, size, "%s/sources.tsv", dir && *dir ? dir : "data");
    return buf;
}

static void setup(void)
{
    char path[4096];
    nx_error_t err;
    nx_status_t st = nx_sources_load(data_path(path, sizeof path), &table, &err);
    ck_assert_msg(st == NX_OK, "loading %s: %s", path, err.msg);
    ck_assert_ptr_nonnull(table);
}

static void teardown(void)
{
    nx_sources_free(table);
    table = NULL;
}

typedef struct {
    const char *raw;
    const char *expect; /* NULL: no usable name */
} source_case_t;

static const source_case_t cases[] = {
    /* Reuters */
    { "Reuters", "Reuters" },
    { "REUTERS", "Reuters" },
    { "reuters", "Reuters" },
    { "Reuters Staff", "Reuters" },
    { "REUTERS STAFF REPORTER", "Reuters" },
    { "By Reuters Staff", "Reuters" },
    { "Thomson Reuters", "Reuters" },
    { "Reuter", "Reuters" },
    { "(Reuters)", "Reuters" },
    { "(Reuters) -", "Reuters" },
    { "reuters.com", "Reuters" },
    { "www.reuters.com", "Reuters" },
    { "uk.reuters.com", "Reuters" },
    { "https://uk.reuters.com/article/us-pakistan-russia-idUSKBN2BV0XX", "Reuters" },
    { "Copyright 2021 Reuters", "Reuters" },
    { "Copyright (c) 2021 Thomson Reuters. All rights reserved.", "Reuters" },
    { "\xC2\xA9 2021 Reuters", "Reuters" },
    { "SOURCE: REUTERS", "Reuters" },
    { "  Reuters\xC2\xA0\t News Service ", "Reuters" },
    { "Reuters Wire", "Reuters" },
    { "Reuters - World News", "Reuters" },
    { "Reuters via Yahoo News", "Reuters" },
    { "By Jane Doe, Reuters", "Reuters" },
    { "\xE2\x80\x9CReuters\xE2\x80\x9D", "Reuters" },
    /* Associated Press */
    { "AP", "Associated Press" },
    { "(AP)", "Associated Press" },
    { "A.P.", "Associated Press" },
    { "The Associated Press", "Associated Press" },
    { "THE ASSOCIATED PRESS", "Associated Press" },
    { "\xC2\xA9 2021 The Associated Press", "Associated Press" },
    { "Copyright 2020-2021 The Associated Press. All rights reserved.", "Associated Press" },
    { "The Associated Press (AP)", "Associated Press" },
    { "apnews.com", "Associated Press" },
    { "https://apnews.com/article/abc123", "Associated Press" },
    /* AFP */
    { "AFP", "AFP" },
    { "(AFP)", "AFP" },
    { "Agence France-Presse", "AFP" },
    { "Agence France Presse", "AFP" },
    { "AGENCE FRANCE-PRESSE", "AFP" },
    { "afp.com", "AFP" },
    /* BBC */
    { "BBC", "BBC" },
    { "BBC News", "BBC" },
    { "bbc.co.uk", "BBC" },
    { "bbc.com", "BBC" },
    { "http://news.bbc.co.uk/2/hi/south_asia/1234.stm", "BBC" },
    { "https://www.bbc.com/news/world-asia-56674012", "BBC" },
    { "BBC News - Home", "BBC" },
    /* Others */
    { "Xinhua News Agency", "Xinhua" },
    { "Xinhua News", "Xinhua" },
    { "WSJ", "The Wall Street Journal" },
    { "nytimes.com", "The New York Times" },
    { "New York Times News Service", "The New York Times" },
    { "Guardian staff and agencies", "The Guardian" },
    { "ABC", "ABC News" },
    { "abc.net.au", "ABC (Australia)" },
    { "Bloomberg Wire", "Bloomberg" },
    { "Business Wire", "Business Wire" },
    { "timesofindia.indiatimes.com", "Times of India" },
    { "Dawn.com", "Dawn" },
    { "ITAR-TASS", "TASS" },
    /* Unknown: tidied */
    { "DAILY BUGLE", "Daily Bugle" },
    { "  The   Daily\n  Bugle  ", "The Daily Bugle" },
    { "Daily Bugle Staff", "Daily Bugle" },
    { "(DAILY BUGLE)", "Daily Bugle" },
    { "Copyright 2021 DAILY BUGLE", "Daily Bugle" },
    { "KTVU FOX 2", "Ktvu FOX 2" },
    { "NEWS-HERALD", "News-Herald" },
    { "MCDONALD'S NEWSLETTER", "Mcdonald's Newsletter" },
    { "LA D\xC3\x89P\xC3\x8A" "CHE", "LA D\xC3\xA9p\xC3\xAA" "che" },
    { "The Hollywood Reporter", "The Hollywood Reporter" },
    { "THE DAILY STAR (LEBANON)", "The Daily Star (Lebanon)" },
    { "NEW STRAITS TIMES OF MALAYSIA", "New Straits Times of Malaysia" },
    { "Daily Bugle (c) 2021", "Daily Bugle" },
    /* A notice uncovered by dropping a suffix goes too (found by fuzz_source) */
    { "Acme (c) 2021 Staff", "Acme" },
    { "Copyright Acme Ltd. All rights reserved. Staff", "Acme Ltd" },
    /* A suffix dropped after leading punctuation keeps whole characters (fuzz_source) */
    { "(Acme \xE2\x80\x94 Ltd)! Staff", "Acme \xE2\x80\x94 Ltd" },
    /* A domain is not tidied: its leading digits are no year (fuzz_source) */
    { "2000-acme.example", "2000-acme.example" },
    /* Every leading www. (fuzz_source) */
    { "www.www.acme.example", "acme.example" },
    /* Host labels neither start nor end with '-' (fuzz_source) */
    { "www.-acme.example", "www.-acme.example" },
    /* A domain uncovered by dropping a suffix (fuzz_source) */
    { "(acme.example) Staff", "acme.example" },
    /* Separator words in any case (fuzz_source) */
    { "DW FOR Acme", "Deutsche Welle" },
    /* A port is digits (fuzz_source) */
    { "acme.example:ac", "acme.example:ac" },
    { "acme.example:8080/x", "acme.example" },
    /* Cut to NX_SOURCE_MAX before the look-up, not after (fuzz_source) */
    { "Daily Bugle ----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------- x", "Daily Bugle" },
    { "\xC2\xA9 Daily Bugle 1999\xE2\x80\x93" "2021", "Daily Bugle" },
    { "Daily News", "Daily News" },
    { "Daily News Wire", "Daily News Wire" },
    { "https://www.Example.com/path/to?q=1", "example.com" },
    { "example.co.uk", "example.co.uk" },
    { "Fran\xC3\xA7" "ais Presse", "Fran\xC3\xA7" "ais Presse" },
    { "Caf\xEF\xBF\xBD", "Caf" },
    /* Nothing usable */
    { "", NULL },
    { "   ", NULL },
    { "\t\n", NULL },
    { "()", NULL },
    { "-- | --", NULL },
    { "Copyright 2021", NULL },
    { "Copyright", NULL },
    { "\xC2\xA9", NULL },
};

START_TEST(test_normalize)
{
    const source_case_t *c = &cases[_i];
    char *got = nx_sources_normalize(table, c->raw);
    if (!c->expect) {
        ck_assert_msg(got == NULL, "\"%s\": expected NULL, got \"%s\"", c->raw, got);
    } else {
        ck_assert_msg(got != NULL, "\"%s\": got NULL, expected \"%s\"", c->raw, c->expect);
        ck_assert_msg(strcmp(got, c->expect) == 0, "\"%s\": got \"%s\", expected \"%s\"", c->raw,
                      got, c->expect);
    }
    free(got);
}
END_TEST

typedef struct {
    const char *word;
    int known;
} known_case_t;

static const known_case_t known_cases[] = {
    { "AFP", 1 },      { "(AFP)", 1 },     { "afp", 1 },           { "Reuters", 1 },
    { "REUTERS", 1 },  { "Xinhua", 1 },    { "Reuters Staff", 1 }, { "reuters.com", 1 },
    { "ISLAMABAD", 0 }, { "Staff", 0 },    { "", 0 },              { "()", 0 },
    { "Reuters Staff Writer", 0 }, { "Daily Bugle", 0 },
};

START_TEST(test_known)
{
    const known_case_t *c = &known_cases[_i];
    ck_assert_msg(nx_sources_known(table, c->word) == c->known, "\"%s\"", c->word);
}
END_TEST

START_TEST(test_null_args)
{
    char *t;
    ck_assert_ptr_null(nx_sources_normalize(table, NULL));
    ck_assert_ptr_null(nx_sources_normalize(NULL, NULL));
    ck_assert_int_eq(nx_sources_known(table, NULL), 0);
    ck_assert_int_eq(nx_sources_known(NULL, "AFP"), 0);
    /* Without a table: tidy only. */
    t = nx_sources_normalize(NULL, "  (DAILY   BUGLE STAFF) ");
    ck_assert_str_eq(t, "Daily Bugle");
    free(t);
    t = nx_sources_normalize(NULL, "https://www.reuters.com/x");
    ck_assert_str_eq(t, "reuters.com");
    free(t);
    nx_sources_free(NULL);
}
END_TEST

/* Every name and alias in the table maps to its canonical name, and so does
 * a subdomain of every domain alias. */
START_TEST(test_table_roundtrip)
{
    char path[4096], line[4096];
    FILE *f = fopen(data_path(path, sizeof path), "r");
    int sources = 0, aliases = 0;
    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f)) {
        char *tab, *alias, *save = NULL;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        sources++;
        tab = strchr(line, '\t');
        if (tab)
            *tab = '\0';
        for (alias = line; alias; alias = strtok_r(alias == line ? tab + 1 : NULL, "|", &save)) {
            char *got = nx_sources_normalize(table, alias);
            ck_assert_msg(got && strcmp(got, line) == 0, "alias \"%s\": got \"%s\", want \"%s\"",
                          alias, got ? got : "(null)", line);
            free(got);
            ck_assert(nx_sources_known(table, alias));
            if (strchr(alias, '.') && !strchr(alias, ' ') && strlen(alias) > 4 &&
                strcspn(alias, "&") == strlen(alias)) {
                char sub[4200];
                snprintf(sub, sizeof sub, "https://edition.%s/2021/04/08/story.html", alias);
                got = nx_sources_normalize(table, sub);
                ck_assert_msg(got && strcmp(got, line) == 0, "\"%s\": got \"%s\", want \"%s\"", sub,
                              got ? got : "(null)", line);
                free(got);
            }
            aliases++;
            if (!tab)
                break;
        }
    }
    fclose(f);
    ck_assert_int_ge(sources, 50);
    ck_assert_int_ge(aliases, 150);
}
END_TEST

static char *big(size_t n, const char *pattern)
{
    size_t k = strlen(pattern);
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        s[i] = pattern[i % k];
    s[n] = '\0';
    return s;
}

START_TEST(test_hostile)
{
    static const char *const patterns[] = {
        "A", "Reuters ", "\xff\xfe", "(", ")", "\xC3\x89", "www.", "a.", "\xE2\x80\x9C", "Copyright 2021 ",
        "x:/", "MCDONALD'S ",
    };
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        char *s = big(100 * 1024, patterns[i]);
        char *got = nx_sources_normalize(table, s);
        if (got)
            ck_assert_uint_le(strlen(got), NX_SOURCE_MAX);
        free(got);
        (void)nx_sources_known(table, s);
        free(s);
    }
    {
        char *s = big(100 * 1024, "A");
        char *got = nx_sources_normalize(table, s);
        ck_assert_ptr_nonnull(got);
        ck_assert_uint_eq(strlen(got), NX_SOURCE_MAX);
        ck_assert(strncmp(got, "Aaaa", 4) == 0);
        free(got);
        free(s);
    }
    {
        /* A cut in the middle of a character is moved back to its start. */
        char *s = big(100 * 1024, "\xC3\xA9");
        char *got = nx_sources_normalize(table, s);
        ck_assert_ptr_nonnull(got);
        ck_assert_uint_eq(strlen(got), NX_SOURCE_MAX);
        ck_assert_int_eq((unsigned char)got[NX_SOURCE_MAX - 2], 0xC3);
        free(got);
        free(s);
    }
}
END_TEST

/* ---- loading ------------------------------------------------------------ */

typedef struct {
    const char *content;
    nx_status_t expect;
    const char *msg_has; /* a substring of the error message */
} load_case_t;

static const load_case_t load_cases[] = {
    { "# only a comment\n\n", NX_OK, NULL },
    { "Reuters\tREUTERS|Reuter\r\n# c\r\nAFP\tAgence France-Presse\r\n", NX_OK, NULL },
    { "Reuters\tReuter\nAFP\tafp.com\nAP\tReuter\n", NX_E_PARSE, "line 3" },
    { "Reuters\n\tReuter\n", NX_E_PARSE, "line 2" },
    { "Reuters\tok|...\n", NX_E_PARSE, "line 1" },
    { "Reuters\tReu\xffter\n", NX_E_PARSE, "UTF-8" },
    { "Reuters\tReuter\nReuters\treuters.com\n", NX_OK, NULL },
    { "Reuters\t|||Reuter||\n", NX_OK, NULL },
};

START_TEST(test_load)
{
    const load_case_t *c = &load_cases[_i];
    char path[] = "/tmp/check_source_XXXXXX";
    int fd = mkstemp(path);
    nx_sources_t *s = (nx_sources_t *)1;
    nx_error_t err;
    nx_status_t st;
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, c->content, strlen(c->content)), (int)strlen(c->content));
    close(fd);
    st = nx_sources_load(path, &s, &err);
    unlink(path);
    ck_assert_msg(st == c->expect, "case %d: status %d (%s)", _i, (int)st, err.msg);
    if (st == NX_OK) {
        ck_assert_ptr_nonnull(s);
        if (_i == 6 || _i == 7) {
            char *got = nx_sources_normalize(s, _i == 6 ? "www.reuters.com" : "REUTER");
            ck_assert_str_eq(got, "Reuters");
            free(got);
        }
        nx_sources_free(s);
    } else {
        ck_assert_ptr_null(s);
        ck_assert_int_eq(err.code, c->expect);
        ck_assert_msg(strstr(err.msg, c->msg_has), "message \"%s\" lacks \"%s\"", err.msg,
                      c->msg_has);
    }
}
END_TEST

START_TEST(test_load_missing)
{
    nx_sources_t *s = (nx_sources_t *)1;
    nx_error_t err;
    ck_assert_int_eq(nx_sources_load("no/such/dir/sources.tsv", &s, &err), NX_E_IO);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, NX_E_IO);
    ck_assert_int_eq(nx_sources_load(NULL, &s, NULL), NX_E_INVALID);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *source_suite(void)
{
    Suite *s = suite_create("source");
    TCase *tc = tcase_create("table");
    TCase *tl = tcase_create("load");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_normalize, 0, N(cases));
    tcase_add_loop_test(tc, test_known, 0, N(known_cases));
    tcase_add_test(tc, test_null_args);
    tcase_add_test(tc, test_table_roundtrip);
    tcase_add_test(tc, test_hostile);
    suite_add_tcase(s, tc);
    tcase_add_loop_test(tl, test_load, 0, N(load_cases));
    tcase_add_test(tl, test_load_missing);
    suite_add_tcase(s, tl);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(source_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
