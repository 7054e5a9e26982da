/* check_xapian.c - the Xapian shim on small generated indexes: ranks,
 * snippets, facet counts against a brute-force count, errors as statuses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsindex/xap.h"

static char dir[256];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "%s/nx-xap-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Ten documents: doc i has "common", "word<i>", country values cycling
 * through pk,us / us / fr, and text repeating "oil" i times. */
static const char *const countries[] = {"pk,us", "us", "fr"};

/* With sp, the database holds its spelling data (xap_db_hold_spellings),
 * committed in two batches, and it ends in sp. */
static void build_spell(const char *path, xap_spell *sp)
{
    xap_db *db;
    xap_tg *tg;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(path, XAP_OPEN_WRITE, &db, &e), NX_OK);
    if (sp)
        xap_db_hold_spellings(db);
    ck_assert_int_eq(xap_tg_new("english", &tg, &e), NX_OK);
    ck_assert_int_eq(xap_db_begin(db, &e), NX_OK);
    for (int i = 1; i <= 10; i++) {
        xap_doc *doc;
        char text[512], uid[32], data[64];
        int n = snprintf(text, sizeof text, "Common word%d. Pipeline from Karachi to Lahore.", i);
        for (int k = 0; k < i; k++)
            n += snprintf(text + n, sizeof text - (size_t)n, " oil");
        snprintf(uid, sizeof uid, "Qdoc%d", i);
        snprintf(data, sizeof data, "data of %d", i);
        ck_assert_int_eq(xap_doc_new(&doc, &e), NX_OK);
        ck_assert_int_eq(xap_tg_set_document(tg, doc, &e), NX_OK);
        ck_assert_int_eq(xap_tg_index(tg, text, strlen(text), 1, "", &e), NX_OK);
        ck_assert_int_eq(xap_doc_add_boolean_term(doc, uid, &e), NX_OK);
        const char *c = countries[i % 3];
        ck_assert_int_eq(xap_doc_set_value(doc, 2, c, strlen(c), &e), NX_OK);
        char date[16];
        snprintf(date, sizeof date, "2021040%d000000", i % 10);
        ck_assert_int_eq(xap_doc_set_value(doc, 0, date, 14, &e), NX_OK);
        ck_assert_int_eq(xap_doc_set_data(doc, data, strlen(data), &e), NX_OK);
        ck_assert_int_eq(xap_db_delete(db, uid, &e), NX_OK);
        ck_assert_int_eq(xap_db_add(db, doc, &e), NX_OK);
        ck_assert_int_eq(xap_db_add_spellings(db, doc, &e), NX_OK);
        xap_doc_free(doc);
        if (sp && i == 5) {
            ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
            ck_assert_int_eq(xap_db_begin(db, &e), NX_OK);
        }
    }
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    if (sp)
        ck_assert_int_eq(xap_spell_take(sp, db, &e), NX_OK);
    xap_tg_free(tg);
    xap_db_close(db);
}

static void build(const char *path)
{
    build_spell(path, NULL);
}

/* Spelling: "pipline" is corrected from the index's own words. */
static void assert_corrects_pipline(xap_qp *qp)
{
    nx_error_t e;
    xap_query *q;
    char *corr = NULL;
    ck_assert_int_eq(xap_qp_parse(qp, "pipline", XAP_QP_SPELLING, &q, &corr, &e), NX_OK);
    ck_assert_ptr_nonnull(corr);
    ck_assert_str_eq(corr, "pipeline");
    free(corr);
    xap_query_free(q);
}

START_TEST(test_build_and_rank)
{
    make_dir();
    build(dir);
    build(dir); /* deleted by unique term and added again: still ten */
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_READ, &db, &e), NX_OK);
    uint32_t n;
    ck_assert_int_eq(xap_db_doccount(db, &n, &e), NX_OK);
    ck_assert_uint_eq(n, 10);
    xap_qp *qp;
    xap_query *q;
    ck_assert_int_eq(xap_qp_new("english", db, &qp, &e), NX_OK);
    ck_assert_int_eq(xap_qp_parse(qp, "oil word7 pipelines", XAP_QP_DEFAULT_OR, &q, NULL, &e), NX_OK);
    xap_facet_spec_t f = {2, ','};
    xap_search_t s = {.query = q, .limit = 3, .exact = 1, .facets = &f, .nfacets = 1};
    xap_result *r;
    ck_assert_int_eq(xap_search(db, &s, &r, &e), NX_OK);
    ck_assert_uint_eq(xap_result_total(r), 10);
    ck_assert_uint_eq(xap_result_size(r), 3);
    /* BM25: the rare word decides; doc 7 alone has "word7". */
    xap_hit_t h, h2;
    ck_assert_int_eq(xap_result_hit(r, 0, &h, &e), NX_OK);
    ck_assert_str_eq(h.data, "data of 7");
    ck_assert_int_eq(xap_result_hit(r, 1, &h2, &e), NX_OK);
    ck_assert(h.weight > h2.weight);
    /* Facets: brute force over i=1..10 of countries[i%3]. */
    int pk = 0, us = 0, fr = 0;
    for (int i = 1; i <= 10; i++) {
        const char *c = countries[i % 3];
        pk += strstr(c, "pk") != NULL;
        us += strstr(c, "us") != NULL;
        fr += strstr(c, "fr") != NULL;
    }
    ck_assert_uint_eq(xap_result_facet_size(r, 0), 3);
    for (size_t j = 0; j < 3; j++) {
        const char *v;
        uint32_t c;
        xap_result_facet(r, 0, j, &v, &c);
        int want = strcmp(v, "pk") == 0 ? pk : strcmp(v, "us") == 0 ? us : fr;
        ck_assert_uint_eq(c, (uint32_t)want);
    }
    /* Snippet highlights the stemmed match. */
    char *snip;
    const char *text = "The pipeline carries oil & gas <fast> from Karachi.";
    ck_assert_int_eq(xap_result_snippet(r, text, strlen(text), 200, "[", "]", "...", &snip, &e),
                     NX_OK);
    ck_assert_ptr_nonnull(strstr(snip, "[pipeline]"));
    ck_assert_ptr_nonnull(strstr(snip, "[oil]"));
    ck_assert_ptr_nonnull(strstr(snip, "& gas <fast>")); /* not HTML-escaped */
    free(snip);
    xap_result_free(r);
    xap_query_free(q);
    /* Sorting by the date value, newest first. */
    ck_assert_int_eq(xap_query_match_all(&q, &e), NX_OK);
    xap_search_t s2 = {.query = q, .limit = 1, .sort = XAP_SORT_VALUE_DESC};
    ck_assert_int_eq(xap_search(db, &s2, &r, &e), NX_OK);
    ck_assert_int_eq(xap_result_hit(r, 0, &h, &e), NX_OK);
    ck_assert_str_eq(h.data, "data of 9");
    xap_result_free(r);
    xap_query_free(q);
    /* Stop words are not indexed; phrases are searched without them. */
    const char *phrases[][2] = {{"\"pipeline from karachi\"", "10"},
                                {"karachi-to-lahore", "10"},
                                {"\"from karachi\"", "10"},
                                {"\"lahore to karachi\"", "0"},
                                {"to", "0"}};
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        ck_assert_int_eq(xap_qp_parse(qp, phrases[i][0], 0, &q, NULL, &e), NX_OK);
        xap_search_t sp = {.query = q, .limit = 10, .exact = 1};
        ck_assert_int_eq(xap_search(db, &sp, &r, &e), NX_OK);
        ck_assert_msg(xap_result_total(r) == (uint32_t)atoi(phrases[i][1]), "%s: %u matches",
                      phrases[i][0], (unsigned)xap_result_total(r));
        xap_result_free(r);
        xap_query_free(q);
    }
    assert_corrects_pipline(qp);
    xap_qp_free(qp);
    xap_db_close(db);
    remove_dir();
}
END_TEST

/* Compaction: sources concatenated in order, metadata and spelling kept. */
START_TEST(test_compact)
{
    make_dir();
    char a[300], b[300], c[300];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(c, sizeof c, "%s/c", dir);
    build(a);
    build(b);
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(a, XAP_OPEN_WRITE, &db, &e), NX_OK);
    ck_assert_int_eq(xap_db_set_metadata(db, "k", "from a", &e), NX_OK);
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    xap_db_close(db);
    const char *srcs[] = {a, b};
    ck_assert_int_eq(xap_compact(srcs, 2, c, &e), NX_OK);
    ck_assert_int_eq(xap_db_open(c, XAP_OPEN_READ, &db, &e), NX_OK);
    uint32_t n;
    ck_assert_int_eq(xap_db_doccount(db, &n, &e), NX_OK);
    ck_assert_uint_eq(n, 20);
    /* Each source holds "data of 1".."data of 10" as docids 1..10; in the
     * result a's come first, then b's as 11..20. */
    char *data, *v;
    size_t len;
    ck_assert_int_eq(xap_db_get_data(db, 1, &data, &len, &e), NX_OK);
    ck_assert_str_eq(data, "data of 1");
    free(data);
    ck_assert_int_eq(xap_db_get_data(db, 20, &data, &len, &e), NX_OK);
    ck_assert_str_eq(data, "data of 10");
    free(data);
    ck_assert_int_eq(xap_db_get_metadata(db, "k", &v, &e), NX_OK);
    ck_assert_str_eq(v, "from a");
    free(v);
    xap_qp *qp;
    ck_assert_int_eq(xap_qp_new("english", db, &qp, &e), NX_OK);
    assert_corrects_pipline(qp);
    xap_qp_free(qp);
    xap_db_close(db);
    /* Errors are statuses: a missing source, nothing to compact. */
    const char *bad[] = {a, "/nonexistent/nx-db"};
    snprintf(c, sizeof c, "%s/d", dir);
    ck_assert_int_ne(xap_compact(bad, 2, c, &e), NX_OK);
    ck_assert_int_ne(strlen(e.msg), 0);
    ck_assert_int_eq(xap_compact(bad, 0, c, &e), NX_E_INVALID);
    remove_dir();
}
END_TEST

/* A build from nothing's spelling data: held by the shards over their
 * commits, gathered, written once into the first, and the compacted
 * index corrects from it; a shard that held its words has none. */
START_TEST(test_spelling_gathered)
{
    make_dir();
    char a[300], b[300], c[300];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(c, sizeof c, "%s/c", dir);
    xap_spell *sp = xap_spell_new();
    ck_assert_ptr_nonnull(sp);
    build_spell(a, sp);
    build_spell(b, sp);
    nx_error_t e;
    xap_db *db;
    xap_qp *qp;
    xap_query *q;
    char *corr = NULL;
    ck_assert_int_eq(xap_db_open(b, XAP_OPEN_READ, &db, &e), NX_OK);
    ck_assert_int_eq(xap_qp_new("english", db, &qp, &e), NX_OK);
    ck_assert_int_eq(xap_qp_parse(qp, "pipline", XAP_QP_SPELLING, &q, &corr, &e), NX_OK);
    ck_assert_ptr_null(corr);
    xap_query_free(q);
    xap_qp_free(qp);
    xap_db_close(db);
    ck_assert_int_eq(xap_db_open(a, XAP_OPEN_WRITE, &db, &e), NX_OK);
    ck_assert_int_eq(xap_spell_give(db, sp, &e), NX_OK);
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    xap_db_close(db);
    xap_spell_free(sp);
    const char *srcs[] = {a, b};
    ck_assert_int_eq(xap_compact(srcs, 2, c, &e), NX_OK);
    ck_assert_int_eq(xap_db_open(c, XAP_OPEN_READ, &db, &e), NX_OK);
    ck_assert_int_eq(xap_qp_new("english", db, &qp, &e), NX_OK);
    assert_corrects_pipline(qp);
    xap_qp_free(qp);
    xap_db_close(db);
    remove_dir();
}
END_TEST

/* Matches of text parsed with a boolean prefix "source:" -> XS, counted
 * exactly. */
static uint32_t count_parsed(xap_db *db, const char *text)
{
    nx_error_t e;
    xap_qp *qp;
    xap_query *q;
    xap_result *r;
    ck_assert_int_eq(xap_qp_new("english", db, &qp, &e), NX_OK);
    ck_assert_int_eq(xap_qp_add_boolean_prefix(qp, "source", "XS", &e), NX_OK);
    ck_assert_int_eq(xap_qp_parse(qp, text, 0, &q, NULL, &e), NX_OK);
    xap_search_t s = {.query = q, .limit = 10, .exact = 1};
    nx_status_t st = xap_search(db, &s, &r, &e);
    ck_assert_msg(st == NX_OK, "%s: %s", text, e.msg);
    uint32_t n = xap_result_total(r);
    xap_result_free(r);
    xap_query_free(q);
    xap_qp_free(qp);
    return n;
}

/* A filter term that every document carries, after a deletion: Xapian
 * 1.4.22 failed such a search with "Unexpected end of posting list" once
 * the index had several chunks (see swap_all_doc_terms in the shim). */
START_TEST(test_filter_on_every_document_after_delete)
{
    make_dir();
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_WRITE, &db, &e), NX_OK);
    for (int i = 0; i < 3000; i++) {
        xap_doc *doc;
        char t[32];
        ck_assert_int_eq(xap_doc_new(&doc, &e), NX_OK);
        ck_assert_int_eq(xap_doc_add_boolean_term(doc, "XSreuters", &e), NX_OK);
        snprintf(t, sizeof t, "Qdoc%d", i);
        ck_assert_int_eq(xap_doc_add_boolean_term(doc, t, &e), NX_OK);
        /* Z + stem: what the parser searches for a word */
        ck_assert_int_eq(xap_doc_add_term(doc, i % 2 ? "Zodd" : "Zeven", 1, &e), NX_OK);
        ck_assert_int_eq(xap_doc_add_term(doc, "Zall", 1, &e), NX_OK);
        ck_assert_int_eq(xap_db_add(db, doc, &e), NX_OK);
        xap_doc_free(doc);
    }
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    ck_assert_int_eq(xap_db_delete(db, "Qdoc1500", &e), NX_OK);
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    ck_assert_uint_eq(count_parsed(db, "source:reuters"), 2999);
    ck_assert_uint_eq(count_parsed(db, "odd source:reuters"), 1500);
    ck_assert_uint_eq(count_parsed(db, "even NOT source:reuters"), 0);
    ck_assert_uint_eq(count_parsed(db, "odd NOT all"), 0);
    ck_assert_uint_eq(count_parsed(db, "all"), 2999);
    ck_assert_uint_eq(count_parsed(db, "(odd OR source:reuters) NOT even"), 1500);
    xap_db_close(db);
    remove_dir();
}
END_TEST

static nx_status_t reject_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    (void)ctx;
    if (strcmp(value, "good") == 0)
        return xap_query_term("XGgood", out, err);
    return nx_error_set(err, NX_E_QUERY, "bad value %s", value);
}

START_TEST(test_errors_are_statuses)
{
    nx_error_t e;
    xap_db *db;
    ck_assert_int_eq(xap_db_open("/nonexistent/nx-db", XAP_OPEN_READ, &db, &e), NX_E_NO_INDEX);
    ck_assert_ptr_null(db);
    ck_assert_int_ne(strlen(e.msg), 0);
    make_dir();
    xap_db *w1, *w2;
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_WRITE, &w1, &e), NX_OK);
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_WRITE, &w2, &e), NX_E_LOCKED);
    ck_assert_ptr_null(w2);
    xap_qp *qp;
    xap_query *q;
    ck_assert_int_eq(xap_qp_new("english", w1, &qp, &e), NX_OK);
    ck_assert_int_eq(xap_qp_add_field(qp, "g", 1, reject_fp, NULL, &e), NX_OK);
    ck_assert_int_eq(xap_qp_parse(qp, "g:good", 0, &q, NULL, &e), NX_OK);
    char *d = xap_query_describe(q);
    ck_assert_ptr_nonnull(strstr(d, "XGgood"));
    free(d);
    xap_query_free(q);
    ck_assert_int_eq(xap_qp_parse(qp, "word g:bad", 0, &q, NULL, &e), NX_E_QUERY);
    ck_assert_str_eq(e.msg, "bad value bad");
    ck_assert_ptr_null(q);
    xap_qp_free(qp);
    xap_db_close(w1);
    remove_dir();
}
END_TEST

/* ---- reading while a writer works (xap_db_read) ---- */

/* n documents "Qdoc<i>" with about 1 KB of data each, "old <i> ...". */
/* Counts in the matcher: a slot cut to a prefix, paired with a list
 * slot's elements, against a count of the documents as build() made
 * them; the scope of a filtered query. */
START_TEST(test_count_values)
{
    make_dir();
    char path[300];
    snprintf(path, sizeof path, "%s/db", dir);
    build(path);
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(path, XAP_OPEN_READ, &db, &e), NX_OK);
    xap_query *oil, *doc3, *both, *scope;
    ck_assert_int_eq(xap_query_term("Zoil", &oil, &e), NX_OK);
    ck_assert_int_eq(xap_query_term("Qdoc3", &doc3, &e), NX_OK);
    ck_assert_int_eq(xap_query_combine(XAP_OP_FILTER, oil, doc3, &both, &e), NX_OK);
    /* by day: each document on its own day (doc 10 on "20210400") */
    xap_count_spec_t day = {0, 8, 0, 0, 0};
    xap_counts *c;
    uint32_t n;
    ck_assert_int_eq(xap_count_values(db, oil, &day, &c, &n, &e), NX_OK);
    ck_assert_uint_eq(n, 10);
    ck_assert_uint_eq(xap_counts_size(c), 10);
    for (size_t i = 0; i < 10; i++) {
        const char *key;
        size_t len;
        uint32_t k;
        char want[16];
        snprintf(want, sizeof want, "2021040%zu", i);
        xap_counts_get(c, i, &key, &len, &k);
        ck_assert_str_eq(key, want);
        ck_assert_uint_eq(len, 8);
        ck_assert_uint_eq(k, 1);
    }
    xap_counts_free(c);
    /* by month and country: each element of the list once */
    xap_count_spec_t by = {0, 6, 1, 2, ','};
    ck_assert_int_eq(xap_count_values(db, oil, &by, &c, &n, &e), NX_OK);
    uint32_t want[3] = {0}; /* fr, pk, us */
    for (int i = 1; i <= 10; i++) {
        const char *cs = countries[i % 3];
        want[0] += strstr(cs, "fr") != NULL;
        want[1] += strstr(cs, "pk") != NULL;
        want[2] += strstr(cs, "us") != NULL;
    }
    static const char *const keys[] = {"202104\tfr", "202104\tpk", "202104\tus"};
    ck_assert_uint_eq(xap_counts_size(c), 3);
    for (size_t i = 0; i < 3; i++) {
        const char *key;
        size_t len;
        uint32_t k;
        xap_counts_get(c, i, &key, &len, &k);
        ck_assert_str_eq(key, keys[i]);
        ck_assert_uint_eq(k, want[i]);
    }
    xap_counts_free(c);
    /* the scope of "oil FILTER Qdoc3" is Qdoc3 over every document;
     * of "oil" alone, every document */
    ck_assert_int_eq(xap_query_scope(both, &scope, &e), NX_OK);
    ck_assert_int_eq(xap_count_values(db, scope, &day, &c, &n, &e), NX_OK);
    ck_assert_uint_eq(n, 1);
    xap_counts_free(c);
    xap_query_free(scope);
    ck_assert_int_eq(xap_query_scope(oil, &scope, &e), NX_OK);
    char *d = xap_query_describe(scope);
    ck_assert_str_eq(d, "Query(<alldocuments>)");
    free(d);
    xap_query_free(scope);
    xap_query_free(both);
    xap_query_free(doc3);
    xap_query_free(oil);
    xap_db_close(db);
    remove_dir();
}
END_TEST

static void build_big(const char *path, int n)
{
    xap_db *db;
    nx_error_t e;
    char data[1100];
    ck_assert_int_eq(xap_db_open(path, XAP_OPEN_WRITE, &db, &e), NX_OK);
    for (int i = 0; i < n; i++) {
        xap_doc *doc;
        char uid[32];
        snprintf(uid, sizeof uid, "Qdoc%d", i);
        int k = snprintf(data, sizeof data, "old %d", i);
        while (k < 1000)
            k += snprintf(data + k, sizeof data - (size_t)k, " w%d", (i * 7 + k) % 997);
        ck_assert_int_eq(xap_doc_new(&doc, &e), NX_OK);
        ck_assert_int_eq(xap_doc_add_boolean_term(doc, uid, &e), NX_OK);
        ck_assert_int_eq(xap_doc_set_data(doc, data, strlen(data), &e), NX_OK);
        ck_assert_int_eq(xap_db_add(db, doc, &e), NX_OK);
        xap_doc_free(doc);
    }
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    xap_db_close(db);
}

/* What newsindex does to a changed file, commits times: delete its
 * document, add the new one ("new <i>"), commit every per documents. */
static void rewrite(const char *path, int first, int per, int commits)
{
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(path, XAP_OPEN_WRITE, &db, &e), NX_OK);
    for (int c = 0; c < commits; c++) {
        ck_assert_int_eq(xap_db_begin(db, &e), NX_OK);
        for (int i = first + c * per; i < first + (c + 1) * per; i++) {
            xap_doc *doc;
            char uid[32], data[1100];
            snprintf(uid, sizeof uid, "Qdoc%d", i);
            int k = snprintf(data, sizeof data, "new %d", i);
            while (k < 1000)
                k += snprintf(data + k, sizeof data - (size_t)k, " n%d", (i * 11 + k) % 991);
            ck_assert_int_eq(xap_db_delete(db, uid, &e), NX_OK);
            ck_assert_int_eq(xap_doc_new(&doc, &e), NX_OK);
            ck_assert_int_eq(xap_doc_add_boolean_term(doc, uid, &e), NX_OK);
            ck_assert_int_eq(xap_doc_set_data(doc, data, strlen(data), &e), NX_OK);
            ck_assert_int_eq(xap_db_add(db, doc, &e), NX_OK);
            xap_doc_free(doc);
        }
        ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    }
    xap_db_close(db);
}

/* A read of every document, as the export does; the first call has a
 * writer commit three times after its first document. */
typedef struct {
    const char *path;
    int calls;
    int write_in_call;   /* the call during which the writer works (0: none) */
    int first;           /* the first document it rewrites */
    nx_status_t fail_with; /* a status to fail every call with instead (0: none) */
    unsigned ndocs, nnew, nold;
} reader_t;

static int count_doc(void *ctx, uint32_t docid, const char *data, size_t len)
{
    reader_t *r = ctx;
    (void)docid;
    if (r->ndocs++ == 0 && r->calls == r->write_in_call)
        rewrite(r->path, r->first, 60, 3);
    if (len >= 4 && strncmp(data, "new ", 4) == 0)
        r->nnew++;
    else
        r->nold++;
    return 0;
}

static nx_status_t read_all(void *ctx, xap_db *db, nx_error_t *err)
{
    reader_t *r = ctx;
    r->calls++;
    r->ndocs = r->nnew = r->nold = 0; /* a failed call's counts are thrown away */
    if (r->fail_with)
        return nx_error_set(err, r->fail_with, "failing on purpose");
    return xap_db_alldocs(db, count_doc, r, err);
}

/* Three commits during a read discard the revision it reads: the read is
 * done again, whole, on the latest revision. */
START_TEST(test_read_again_after_commits)
{
    make_dir();
    build_big(dir, 600);
    reader_t r = {dir, 0, 1, 100, NX_OK, 0, 0, 0};
    xap_retry_t fast = {0, 1};
    unsigned attempts = 0;
    nx_error_t e;
    nx_status_t st = xap_db_read(dir, &fast, read_all, &r, &attempts, &e);
    ck_assert_msg(st == NX_OK, "%s", e.msg);
    ck_assert_int_eq(r.calls, 2);
    ck_assert_uint_eq(attempts, 2);
    ck_assert_uint_eq(r.ndocs, 600);
    ck_assert_uint_eq(r.nnew, 180);
    ck_assert_uint_eq(r.nold, 420);
    /* The same read by hand, without the policy: the first call fails. */
    xap_db *db;
    ck_assert_int_eq(xap_db_open(dir, XAP_OPEN_READ, &db, &e), NX_OK);
    r.calls = 0;
    r.first = 300;
    ck_assert_int_eq(read_all(&r, db, &e), NX_E_MODIFIED);
    xap_db_close(db);
    remove_dir();
}
END_TEST

/* Bounded: a read that keeps failing with NX_E_MODIFIED is given up after
 * policy.attempts calls, with the count in the message. Other failures
 * are returned at once: a query error without another call, a corrupt
 * read with another open only, which finds the index unchanged. */
START_TEST(test_read_bounded)
{
    make_dir();
    build(dir);
    nx_error_t e;
    unsigned attempts = 0;
    xap_retry_t fast = {3, 1};
    reader_t r = {dir, 0, 0, 0, NX_E_MODIFIED, 0, 0, 0};
    ck_assert_int_eq(xap_db_read(dir, &fast, read_all, &r, &attempts, &e), NX_E_MODIFIED);
    ck_assert_int_eq(r.calls, 3);
    ck_assert_uint_eq(attempts, 3);
    ck_assert_ptr_nonnull(strstr(e.msg, "failing on purpose"));
    ck_assert_ptr_nonnull(strstr(e.msg, "3 attempts"));
    reader_t q = {dir, 0, 0, 0, NX_E_QUERY, 0, 0, 0};
    ck_assert_int_eq(xap_db_read(dir, &fast, read_all, &q, &attempts, &e), NX_E_QUERY);
    ck_assert_int_eq(q.calls, 1);
    ck_assert_uint_eq(attempts, 1);
    ck_assert_str_eq(e.msg, "failing on purpose");
    reader_t c = {dir, 0, 0, 0, NX_E_CORRUPT, 0, 0, 0};
    ck_assert_int_eq(xap_db_read(dir, &fast, read_all, &c, &attempts, &e), NX_E_CORRUPT);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_uint_eq(attempts, 2);
    ck_assert_str_eq(e.msg, "failing on purpose");
    /* No index: at once, as NX_E_NO_INDEX. */
    char none[300];
    snprintf(none, sizeof none, "%s/none", dir);
    reader_t n = {none, 0, 0, 0, NX_OK, 0, 0, 0};
    ck_assert_int_eq(xap_db_read(none, &fast, read_all, &n, &attempts, &e), NX_E_NO_INDEX);
    ck_assert_int_eq(n.calls, 0);
    ck_assert_uint_eq(attempts, 1);
    remove_dir();
}
END_TEST

/* A corrupt read while the index changed is done again (blocks of two
 * revisions can look corrupt). */
static nx_status_t corrupt_once(void *ctx, xap_db *db, nx_error_t *err)
{
    reader_t *r = ctx;
    if (++r->calls == 1) {
        rewrite(r->path, 0, 5, 1);
        return nx_error_set(err, NX_E_CORRUPT, "looked corrupt");
    }
    return xap_db_doccount(db, &r->ndocs, err);
}

START_TEST(test_read_again_when_changed)
{
    make_dir();
    build_big(dir, 50);
    reader_t r = {dir, 0, 0, 0, NX_OK, 0, 0, 0};
    xap_retry_t fast = {0, 1};
    nx_error_t e;
    ck_assert_int_eq(xap_db_read(dir, &fast, corrupt_once, &r, NULL, &e), NX_OK);
    ck_assert_int_eq(r.calls, 2);
    ck_assert_uint_eq(r.ndocs, 50);
    remove_dir();
}
END_TEST

/* newsindex --full puts a new index in place of the old one (a directory
 * exchange) and deletes the old one: a reader opened before reads the old
 * index, whole, to the end; a read started after reads the new one. */
START_TEST(test_read_across_rebuild)
{
    make_dir();
    char path[300], fresh[300], old[300];
    snprintf(path, sizeof path, "%s/db", dir);
    snprintf(fresh, sizeof fresh, "%s/db.build", dir);
    snprintf(old, sizeof old, "%s/db.old", dir);
    build_big(path, 300);
    build_big(fresh, 200); /* the same revision as the old index */
    xap_db *db;
    nx_error_t e;
    uint32_t n;
    ck_assert_int_eq(xap_db_open(path, XAP_OPEN_READ, &db, &e), NX_OK);
    ck_assert_int_eq(xap_db_doccount(db, &n, &e), NX_OK);
    ck_assert_uint_eq(n, 300);
    ck_assert_int_eq(rename(path, old), 0);
    ck_assert_int_eq(rename(fresh, path), 0);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", old);
    ck_assert_int_eq(system(cmd), 0);
    reader_t r = {path, 1, 0, 0, NX_OK, 0, 0, 0};
    ck_assert_int_eq(xap_db_doccount(db, &n, &e), NX_OK);
    ck_assert_uint_eq(n, 300);
    ck_assert_int_eq(xap_db_alldocs(db, count_doc, &r, &e), NX_OK);
    ck_assert_uint_eq(r.ndocs, 300);
    xap_db_close(db);
    r.calls = 0;
    r.write_in_call = 0;
    ck_assert_int_eq(xap_db_read(path, NULL, read_all, &r, NULL, &e), NX_OK);
    ck_assert_uint_eq(r.ndocs, 200);
    remove_dir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xapian-shim");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_build_and_rank);
    tcase_add_test(tc, test_errors_are_statuses);
    tcase_add_test(tc, test_compact);
    tcase_add_test(tc, test_spelling_gathered);
    tcase_add_test(tc, test_filter_on_every_document_after_delete);
    tcase_add_test(tc, test_read_again_after_commits);
    tcase_add_test(tc, test_read_bounded);
    tcase_add_test(tc, test_read_again_when_changed);
    tcase_add_test(tc, test_read_across_rebuild);
    tcase_add_test(tc, test_count_values);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
