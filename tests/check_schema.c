/* check_schema.c - the schema's field table, the one term recipe
 * (nx_field_term, with its cut and hash past Xapian's limit), and the
 * schema check both programs make. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/hash.h"
#include "newsindex/schema.h"
#include "pipeline/pipeline.h" /* nx_rm_tree */

/* ---- the table ---- */

START_TEST(test_table_is_indexed_by_id)
{
    ck_assert_uint_eq(nx_nfields, NX_NFIELDS);
    for (size_t i = 0; i < NX_NFIELDS; i++) {
        const nx_field_t *f = &nx_fields[i];
        ck_assert_int_eq(f->id, (int)i);
        ck_assert_ptr_nonnull(f->name);
        ck_assert_ptr_eq(nx_field_named(f->name), f);
    }
    ck_assert_ptr_null(nx_field_named("colour"));
    ck_assert_ptr_null(nx_field_named("Country"));
}
END_TEST

/* No two fields share a prefix or a slot; what a kind needs, it has. */
START_TEST(test_table_is_consistent)
{
    for (size_t i = 0; i < NX_NFIELDS; i++) {
        const nx_field_t *f = &nx_fields[i];
        for (size_t j = i + 1; j < NX_NFIELDS; j++) {
            const nx_field_t *g = &nx_fields[j];
            ck_assert_str_ne(f->name, g->name);
            if (f->prefix && g->prefix)
                ck_assert_str_ne(f->prefix, g->prefix);
            if (f->slot >= 0)
                ck_assert_int_ne(f->slot, g->slot);
        }
        if (f->kind == NX_KIND_BOOLEAN)
            ck_assert(f->prefix && *f->prefix);
        if (f->kind == NX_KIND_RANGE || f->kind == NX_KIND_STORED)
            ck_assert_int_ge(f->slot, 0);
        if (f->flags & (NX_FIELD_FACET | NX_FIELD_MULTI))
            ck_assert_int_ge(f->slot, 0);
        if (f->flags & NX_FIELD_QUERY)
            ck_assert_ptr_nonnull(f->example);
        /* A prefix of capitals that the next one could extend ("X" +
         * "C...") must be an X-prefix or one letter (Xapian's rule). */
        if (f->prefix && strlen(f->prefix) > 1)
            ck_assert_int_eq(f->prefix[0], 'X');
    }
}
END_TEST

/* The schema as DESIGN.md describes it. */
static const struct {
    nx_field_id_t id;
    const char *name, *prefix;
    int slot;
    nx_case_t case_rule;
    unsigned flags;
} expected[] = {
    {NX_F_TEXT, "text", "", -1, NX_CASE_KEEP, 0},
    {NX_F_TITLE, "title", "S", -1, NX_CASE_KEEP, NX_FIELD_QUERY},
    {NX_F_COUNTRY, "country", "XC", 2, NX_CASE_LOWER,
     NX_FIELD_QUERY | NX_FIELD_FACET | NX_FIELD_MULTI},
    {NX_F_TOPIC, "topic", "XT", 3, NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET | NX_FIELD_MULTI},
    {NX_F_SOURCE, "source", "XS", 1, NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET},
    {NX_F_DATE, "date", NULL, 0, NX_CASE_KEEP, NX_FIELD_QUERY},
    {NX_F_YEAR, "year", "Y", 4, NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET},
    {NX_F_DAY, "day", "D", -1, NX_CASE_LOWER, 0},
    {NX_F_MONTH, "month", "M", -1, NX_CASE_LOWER, 0},
    {NX_F_FILE, "file", "XF", -1, NX_CASE_KEEP, 0},
    {NX_F_SIGNATURE, "signature", NULL, 5, NX_CASE_KEEP, 0},
    {NX_F_ID, "id", "Q", -1, NX_CASE_KEEP, NX_FIELD_QUERY},
    {NX_F_ORIGIN, "origin", "XO", 9, NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET},
    {NX_F_AUTHOR, "author", "A", -1, NX_CASE_KEEP, NX_FIELD_QUERY},
};

START_TEST(test_table_rows)
{
    ck_assert_uint_eq(sizeof expected / sizeof expected[0], NX_NFIELDS);
    const nx_field_t *f = &nx_fields[expected[_i].id];
    ck_assert_str_eq(f->name, expected[_i].name);
    if (expected[_i].prefix)
        ck_assert_str_eq(f->prefix, expected[_i].prefix);
    else
        ck_assert_ptr_null(f->prefix);
    ck_assert_int_eq(f->slot, expected[_i].slot);
    ck_assert_int_eq(f->case_rule, expected[_i].case_rule);
    ck_assert_uint_eq(f->flags, expected[_i].flags);
}
END_TEST

START_TEST(test_kinds)
{
    ck_assert_int_eq(nx_fields[NX_F_TEXT].kind, NX_KIND_TEXT);
    ck_assert_int_eq(nx_fields[NX_F_TITLE].kind, NX_KIND_TEXT);
    ck_assert_int_eq(nx_fields[NX_F_DATE].kind, NX_KIND_RANGE);
    ck_assert_int_eq(nx_fields[NX_F_SIGNATURE].kind, NX_KIND_STORED);
    static const nx_field_id_t boolean[] = {NX_F_COUNTRY, NX_F_TOPIC, NX_F_SOURCE, NX_F_YEAR,
                                            NX_F_DAY,     NX_F_MONTH, NX_F_FILE, NX_F_ORIGIN};
    for (size_t i = 0; i < sizeof boolean / sizeof boolean[0]; i++)
        ck_assert_int_eq(nx_fields[boolean[i]].kind, NX_KIND_BOOLEAN);
    /* The prefixes and slots the rest of the code names. */
    ck_assert_str_eq(nx_fields[NX_F_FILE].prefix, NX_PREFIX_FILE);
    ck_assert_int_eq(nx_fields[NX_F_SIGNATURE].slot, NX_SLOT_SIGNATURE);
    ck_assert_int_eq(nx_fields[NX_F_DATE].slot, NX_SLOT_DATE);
}
END_TEST

/* The facets are in the table's order: country, topic, source, year,
 * origin. */
START_TEST(test_facet_order)
{
    static const char *const want[] = {"country", "topic", "source", "year", "origin"};
    size_t n = 0;
    for (size_t i = 0; i < NX_NFIELDS; i++)
        if (nx_fields[i].flags & NX_FIELD_FACET) {
            ck_assert_uint_lt(n, 5);
            ck_assert_str_eq(nx_fields[i].name, want[n++]);
        }
    ck_assert_uint_eq(n, 5);
}
END_TEST

/* ---- nx_field_term ---- */

static const struct {
    nx_field_id_t field;
    const char *value, *term;
} terms[] = {
    {NX_F_COUNTRY, "PK", "XCpk"},
    {NX_F_COUNTRY, "pk", "XCpk"},
    {NX_F_SOURCE, "Associated Press", "XSassociated press"},
    {NX_F_TOPIC, "Economy", "XTeconomy"},
    {NX_F_YEAR, "1987", "Y1987"},
    {NX_F_DAY, "20210408", "D20210408"},
    {NX_F_MONTH, "202104", "M202104"},
    /* Ids keep their case: two files may differ only by it. */
    {NX_F_FILE, "Bbc/Tech/One.txt", "XFBbc/Tech/One.txt"},
    /* Only ASCII is lowercased (the value is UTF-8). */
    {NX_F_SOURCE, "\xc3\x89LYS\xc3\x89\x45", "XS\xc3\x89lys\xc3\x89\x65"},
    {NX_F_SOURCE, "", "XS"},
};

START_TEST(test_field_term)
{
    char *t = nx_field_term(&nx_fields[terms[_i].field], terms[_i].value);
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t, terms[_i].term);
    free(t);
}
END_TEST

static char *repeat(const char *s, size_t times)
{
    size_t n = strlen(s);
    char *r = malloc(n * times + 1);
    ck_assert_ptr_nonnull(r);
    for (size_t i = 0; i < times; i++)
        memcpy(r + i * n, s, n);
    r[n * times] = '\0';
    return r;
}

/* Past 240 bytes: the prefix, the first 180 bytes (lowercased when the
 * field says so), "#", and the FNV-1a hash of the whole value as given
 * (the expected hashes come from an FNV-1a outside the project, which
 * gives af63dc4c8601ec8c for "a", the published test vector). */
/* The one hash is FNV-1a 64 (its published test vectors). */
START_TEST(test_fnv1a_vectors)
{
    ck_assert_uint_eq(nx_fnv1a("", 0), UINT64_C(0xcbf29ce484222325));
    ck_assert_uint_eq(nx_fnv1a("a", 1), UINT64_C(0xaf63dc4c8601ec8c));
    ck_assert_uint_eq(nx_fnv1a("foobar", 6), UINT64_C(0x85944171f73967e8));
}
END_TEST

START_TEST(test_field_term_hashed)
{
    char *v = repeat("The Very Long Source Name ", 12); /* 312 bytes */
    char *t = nx_field_term(&nx_fields[NX_F_SOURCE], v);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(strlen(t), 2 + 180 + 1 + 16);
    ck_assert_int_eq(strncmp(t, "XSthe very long source name the very", 36), 0);
    ck_assert_str_eq(t + 2 + 180, "#31ae9693ae269f75");
    ck_assert_uint_lt(strlen(t), 245); /* Xapian's term limit */
    free(t);
    /* The file term keeps the case, and hashes the same way. */
    t = nx_file_term(v);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(strncmp(t, "XFThe Very Long", 15), 0);
    ck_assert_str_eq(t + 2 + 180, "#31ae9693ae269f75");
    free(t);
    free(v);
}
END_TEST

/* The cut never splits a UTF-8 character: "é" at bytes 179-180 goes. */
START_TEST(test_field_term_cut_at_character)
{
    char v[300];
    memset(v, 'a', 179);
    memcpy(v + 179, "\xc3\xa9", 2);
    memset(v + 181, 'z', 100);
    v[281] = '\0';
    char *t = nx_field_term(&nx_fields[NX_F_TOPIC], v);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(strlen(t), 2 + 179 + 1 + 16);
    ck_assert_str_eq(t + 2 + 179, "#1efbdbd0837bd936");
    free(t);
}
END_TEST

/* 240 bytes in all stay whole; one more is hashed. */
START_TEST(test_field_term_limit)
{
    char *v = repeat("b", 238);
    char *t = nx_field_term(&nx_fields[NX_F_FILE], v);
    ck_assert_uint_eq(strlen(t), 240);
    ck_assert_str_eq(t + 2, v);
    free(t);
    free(v);
    v = repeat("b", 239);
    t = nx_field_term(&nx_fields[NX_F_FILE], v);
    ck_assert_str_eq(t + 2 + 180, "#b02416488da9fba5");
    free(t);
    free(v);
}
END_TEST

START_TEST(test_file_term_is_the_field_term)
{
    char *a = nx_file_term("corpus/2021/04/08/lavrov.txt");
    char *b = nx_field_term(&nx_fields[NX_F_FILE], "corpus/2021/04/08/lavrov.txt");
    ck_assert_str_eq(a, "XFcorpus/2021/04/08/lavrov.txt");
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
}
END_TEST

/* ---- the schema check ---- */

static char tmp[256];

static void with_index(const char *schema)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/nx-schema-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(tmp, XAP_OPEN_WRITE, &db, &e), NX_OK);
    if (schema)
        ck_assert_int_eq(xap_db_set_metadata(db, NX_META_SCHEMA, schema, &e), NX_OK);
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    xap_db_close(db);
}

/* The check on the index made by with_index, read-only as newssearch
 * opens it. */
static nx_status_t check(const char *where, const char *program, int *version, nx_error_t *e)
{
    xap_db *db;
    ck_assert_int_eq(xap_db_open(tmp, XAP_OPEN_READ, &db, e), NX_OK);
    nx_status_t s = nx_schema_check(db, where, program, version, e);
    xap_db_close(db);
    nx_rm_tree(tmp);
    return s;
}

START_TEST(test_schema_check_none)
{
    nx_error_t e;
    int v = -1;
    with_index(NULL);
    ck_assert_int_eq(check(NULL, "newssearch", &v, &e), NX_OK);
    ck_assert_int_eq(v, 0);
}
END_TEST

START_TEST(test_schema_check_current_and_older)
{
    nx_error_t e;
    int v = -1;
    char cur[16];
    snprintf(cur, sizeof cur, "%d", NX_SCHEMA_VERSION);
    with_index(cur);
    ck_assert_int_eq(check(NULL, "newssearch", &v, &e), NX_OK);
    ck_assert_int_eq(v, NX_SCHEMA_VERSION);
    with_index("1");
    ck_assert_int_eq(check("/x/db", "newsindex", &v, &e), NX_OK);
    ck_assert_int_eq(v, 1);
}
END_TEST

START_TEST(test_schema_check_newer)
{
    nx_error_t e;
    int v = -1;
    char want[128];
    with_index("99");
    ck_assert_int_eq(check(NULL, "newssearch", &v, &e), NX_E_VERSION);
    ck_assert_int_eq(e.code, NX_E_VERSION);
    ck_assert_int_eq(v, 0);
    snprintf(want, sizeof want, "index schema 99 is newer than this newssearch (%d)",
             NX_SCHEMA_VERSION);
    ck_assert_str_eq(e.msg, want);
    with_index("99");
    ck_assert_int_eq(check("/x/db", "newsindex", &v, &e), NX_E_VERSION);
    snprintf(want, sizeof want, "/x/db: index schema 99 is newer than this newsindex (%d)",
             NX_SCHEMA_VERSION);
    ck_assert_str_eq(e.msg, want);
}
END_TEST

static TCase *table_cases(void)
{
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_table_is_indexed_by_id);
    tcase_add_test(tc, test_table_is_consistent);
    tcase_add_loop_test(tc, test_table_rows, 0, (int)(sizeof expected / sizeof expected[0]));
    tcase_add_test(tc, test_kinds);
    tcase_add_test(tc, test_facet_order);
    return tc;
}

static TCase *term_cases(void)
{
    TCase *tc = tcase_create("terms");
    tcase_add_loop_test(tc, test_field_term, 0, (int)(sizeof terms / sizeof terms[0]));
    tcase_add_test(tc, test_fnv1a_vectors);
    tcase_add_test(tc, test_field_term_hashed);
    tcase_add_test(tc, test_field_term_cut_at_character);
    tcase_add_test(tc, test_field_term_limit);
    tcase_add_test(tc, test_file_term_is_the_field_term);
    return tc;
}

static TCase *check_cases(void)
{
    TCase *tc = tcase_create("check");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_schema_check_none);
    tcase_add_test(tc, test_schema_check_current_and_older);
    tcase_add_test(tc, test_schema_check_newer);
    return tc;
}

int main(void)
{
    Suite *s = suite_create("schema");
    TCase *cases[] = {table_cases(), term_cases(), check_cases()};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        suite_add_tcase(s, cases[i]);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
