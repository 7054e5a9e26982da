/* check_shards.c - newssearch's --db arguments (searcher/shards.c): stub
 * files, directories of shards and their errors, by a table of cases; and
 * the shim's reading of several databases as one (xap_db_read_source):
 * counts and multi-valued facet counts equal to one database's, a missing
 * shard named in the error, or left out under allow_partial. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/pipeline.h" /* nx_rm_tree */
#include "shards.h"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/nx-check-shards.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    nx_rm_tree(dir);
}

static void write_file(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* A stub's text, and what it reads as: the shards, "R:HOST:PORT" or
 * "L:PATH" (PATH relative to the test directory), joined by spaces; or
 * the status and a part of the message. */
typedef struct {
    const char *stub;
    const char *want;
    nx_status_t status;
    const char *msg;
} stub_case_t;

static const stub_case_t stubs[] = {
    {"remote :h1:7001\nremote h2:7002\n", "R:h1:7001 R:h2:7002", NX_OK, NULL},
    {"# shards\n\n  auto a\nglass /abs/b\t\nremote :10.0.0.1:1\n", "L:a L:/abs/b R:10.0.0.1:1",
     NX_OK, NULL},
    {"auto sub\n", "L:sub/x L:sub/y", NX_OK, NULL}, /* sub holds XAPIANDB */
    {"remote :h1:0\n", NULL, NX_E_INVALID, "stub:1: bad remote shard 'h1:0'"},
    {"remote :h1:65536\n", NULL, NX_E_INVALID, "a port 1-65535"},
    {"remote :h1\n", NULL, NX_E_INVALID, "bad remote shard"},
    {"remote :h1:7x\n", NULL, NX_E_INVALID, "bad remote shard"},
    {"remote :ssh host xapian-progsrv /db\n", NULL, NX_E_INVALID, "is not supported"},
    {"auto a\nflint b\n", NULL, NX_E_INVALID, "stub:2: unknown database type 'flint'"},
    {"remote\n", NULL, NX_E_INVALID, "'remote' without a database"},
    {"# nothing\n\n", NULL, NX_E_INVALID, "lists no database"},
    {"auto stub\n", NULL, NX_E_INVALID, "nested more than 8 deep"},
};

START_TEST(test_stub)
{
    const stub_case_t *c = &stubs[_i];
    write_file("stub", c->stub);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0777);
    write_file("sub/XAPIANDB", "auto x\nauto y\n");
    char path[300];
    snprintf(path, sizeof path, "%s/stub", dir);
    nx_shards_t s;
    memset(&s, 0, sizeof s);
    nx_error_t e;
    nx_error_clear(&e);
    nx_status_t st = nx_shards_add(&s, path, &e);
    ck_assert_msg(st == c->status, "case %d: status %d (%s)", _i, st, e.msg);
    if (st == NX_OK) {
        char got[1024] = "";
        size_t used = 0, dl = strlen(dir);
        for (size_t i = 0; i < s.n; i++) {
            const xap_shard_t *sh = &s.v[i];
            if (sh->host) {
                used += (size_t)snprintf(got + used, sizeof got - used, "%sR:%s", i ? " " : "",
                                         sh->name);
                ck_assert_uint_eq(sh->port, (unsigned)atoi(strrchr(sh->name, ':') + 1));
            } else {
                const char *p = strncmp(sh->path, dir, dl) == 0 ? sh->path + dl + 1 : sh->path;
                used += (size_t)snprintf(got + used, sizeof got - used, "%sL:%s", i ? " " : "", p);
            }
        }
        ck_assert_str_eq(got, c->want);
        ck_assert_int_eq(nx_shards_remote(&s), strstr(c->want, "R:") != NULL);
    } else {
        ck_assert_msg(strstr(e.msg, c->msg) != NULL, "case %d: '%s' lacks '%s'", _i, e.msg,
                      c->msg);
    }
    nx_shards_free(&s);
}
END_TEST

START_TEST(test_plain_paths)
{
    nx_shards_t s;
    memset(&s, 0, sizeof s);
    nx_error_t e;
    /* A path that is no stub (an index, or nothing yet) is one local shard. */
    ck_assert_int_eq(nx_shards_add(&s, "/nonexistent/news.db", &e), NX_OK);
    ck_assert_int_eq(nx_shards_add(&s, dir, &e), NX_OK);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_str_eq(s.v[0].path, "/nonexistent/news.db");
    ck_assert_str_eq(s.v[1].name, dir);
    ck_assert_int_eq(nx_shards_remote(&s), 0);
    nx_shards_free(&s);
    char unreadable[300];
    snprintf(unreadable, sizeof unreadable, "%s/XAPIANDB", dir);
    mkdir(unreadable, 0777); /* a directory named XAPIANDB: not a stub file */
    ck_assert_int_eq(nx_shards_add(&s, dir, &e), NX_OK);
    ck_assert_uint_eq(s.n, 1);
    nx_shards_free(&s);
}
END_TEST

/* ---- several databases read as one ---- */

/* Index docs [from, to) of a fixed set into path: countries (slot 2,
 * multi-valued) and a word. */
static void make_db(const char *path, int from, int to)
{
    static const char *const countries[] = {"us", "gb,us", "fr", "gb,fr,us", "", "us,de"};
    xap_db *db;
    nx_error_t e;
    ck_assert_int_eq(xap_db_open(path, XAP_OPEN_OVERWRITE, &db, &e), NX_OK);
    for (int i = from; i < to; i++) {
        xap_doc *d;
        ck_assert_int_eq(xap_doc_new(&d, &e), NX_OK);
        xap_doc_add_term(d, "oil", 1, &e);
        const char *c = countries[i % 6];
        xap_doc_set_value(d, 2, c, strlen(c), &e);
        ck_assert_int_eq(xap_db_add(db, d, &e), NX_OK);
        xap_doc_free(d);
    }
    ck_assert_int_eq(xap_db_commit(db, &e), NX_OK);
    xap_db_close(db);
}

typedef struct {
    uint32_t docs;
    char facets[256];
    char skipped[256];
} seen_t;

static nx_status_t read_facets(void *ctx, xap_db *db, nx_error_t *err)
{
    seen_t *s = ctx;
    xap_query *q;
    xap_result *r;
    nx_status_t st = xap_query_term("oil", &q, err);
    if (st)
        return st;
    xap_facet_spec_t f = {2, ','};
    xap_search_t sp = {.query = q, .limit = 0, .exact = 1, .facets = &f, .nfacets = 1};
    st = xap_search(db, &sp, &r, err);
    xap_query_free(q);
    if (st)
        return st;
    s->docs = xap_result_total(r);
    size_t used = 0;
    s->facets[0] = '\0';
    for (size_t j = 0; j < xap_result_facet_size(r, 0); j++) {
        const char *v;
        uint32_t n;
        xap_result_facet(r, 0, j, &v, &n);
        used += (size_t)snprintf(s->facets + used, sizeof s->facets - used, "%s=%u ", v, n);
    }
    snprintf(s->skipped, sizeof s->skipped, "%s", xap_db_skipped(db));
    xap_result_free(r);
    return NX_OK;
}

START_TEST(test_read_source)
{
    char one[300], a[300], b[300], none[300];
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(none, sizeof none, "%s/none", dir);
    make_db(one, 0, 30);
    make_db(a, 0, 13);
    make_db(b, 13, 30);
    nx_error_t e;
    seen_t want, got;
    ck_assert_int_eq(xap_db_read(one, NULL, read_facets, &want, NULL, &e), NX_OK);
    /* Counted by hand: of each 6 documents us 4, gb 2, fr 2, de 1 (ties by name). */
    ck_assert_str_eq(want.facets, "us=20 fr=10 gb=10 de=5 ");
    xap_shard_t sh[] = {{a, NULL, 0, a}, {b, NULL, 0, b}, {none, NULL, 0, none}};
    xap_source_t src = {sh, 2, 0, 0};
    ck_assert_int_eq(xap_db_read_source(&src, NULL, read_facets, &got, NULL, &e), NX_OK);
    ck_assert_uint_eq(got.docs, 30);
    ck_assert_str_eq(got.facets, want.facets);
    ck_assert_str_eq(got.skipped, "");
    /* A missing shard fails the read, named first. */
    src.n = 3;
    ck_assert_int_eq(xap_db_read_source(&src, NULL, read_facets, &got, NULL, &e), NX_E_NO_INDEX);
    ck_assert_msg(strncmp(e.msg, none, strlen(none)) == 0, "'%s' does not start with the shard",
                  e.msg);
    /* ... or is left out, and named. */
    src.allow_partial = 1;
    ck_assert_int_eq(xap_db_read_source(&src, NULL, read_facets, &got, NULL, &e), NX_OK);
    ck_assert_uint_eq(got.docs, 30);
    ck_assert_msg(strncmp(got.skipped, none, strlen(none)) == 0, "skipped: '%s'", got.skipped);
    /* Nothing left: an error. */
    xap_source_t only_none = {&sh[2], 1, 0, 1};
    ck_assert_int_eq(xap_db_read_source(&only_none, NULL, read_facets, &got, NULL, &e),
                     NX_E_NO_INDEX);
    /* A remote shard nobody serves: NX_E_NETWORK, named. */
    xap_shard_t gone[] = {{a, NULL, 0, a}, {NULL, "127.0.0.1", 1, "127.0.0.1:1"}};
    xap_source_t rs = {gone, 2, 1000, 0};
    ck_assert_int_eq(xap_db_read_source(&rs, NULL, read_facets, &got, NULL, &e), NX_E_NETWORK);
    ck_assert_msg(strncmp(e.msg, "127.0.0.1:1: ", 13) == 0, "'%s'", e.msg);
    rs.allow_partial = 1;
    ck_assert_int_eq(xap_db_read_source(&rs, NULL, read_facets, &got, NULL, &e), NX_OK);
    ck_assert_uint_eq(got.docs, 13);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shards");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_stub, 0, (int)(sizeof stubs / sizeof stubs[0]));
    tcase_add_test(tc, test_plain_paths);
    tcase_add_test(tc, test_read_source);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
