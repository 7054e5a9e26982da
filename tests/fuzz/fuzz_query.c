/* fuzz_query.c - newssearch's query translation (searcher/query.c):
 * nx_query_parser() and nx_query_build() (Xapian's QueryParser with the
 * schema's fields and the C field processors for country:, topic:,
 * source:, date:, year:, plus the filter flags), then one small search of
 * the query built.
 *
 * The parser reads the index (wildcards expand over its terms, spelling
 * corrections come from its spelling data), so the target builds a small
 * index of six documents once, in a fresh directory under $TMPDIR, and
 * removes it at exit. The data files (for country:, topic:, source:) come
 * from NX_DATA_DIR or the data/ beside the binary.
 *
 * Input: flags byte, then query text NUL country NUL topic NUL source NUL
 * since NUL until NUL id (missing parts: no filter). The flags byte's bit 0 is
 * --any (XAP_QP_DEFAULT_OR), bit 1 spelling correction. Checked: on
 * success a query and nothing else on failure, a message with every
 * error; the search of what was built never fails for the query's sake. */
#include <dirent.h>
/* LeakSanitizer's entry point, weak: the coverage build (no sanitizers,
 * tests/fuzz/coverage.sh) links without it. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));
#include <stdio.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "newsindex/schema.h"
#include "newsindex/xap.h"
#if __has_include("query.h")
#include "query.h"
#else
#include "searcher.h"
#endif

static char dir[PATH_MAX];
static xap_db *db;
static nx_lookup_t lk;
static xap_qp *qp;
static int leak_each;

/* Remove the directory path and the files in it (a Xapian database is a
 * directory of files). */
static void rm_flat(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        char p[PATH_MAX + 300];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", path, e->d_name);
                remove(p);
            }
        closedir(d);
    }
    rmdir(path);
}

static void teardown(void)
{
    xap_qp_free(qp);
    qp = NULL;
    nx_lookup_free(&lk);
    xap_db_close(db);
    db = NULL;
    if (*dir) {
        char path[PATH_MAX + 8];
        snprintf(path, sizeof path, "%s/db", dir);
        rm_flat(path);
        rmdir(dir);
    }
    *dir = '\0';
}

typedef struct {
    const char *title, *text, *source, *countries, *topics, *date;
} doc_t;

/* A few articles with what newssearch's fields filter on: title words,
 * sources, countries, topics, dates (values and D/M/Y terms). */
static const doc_t docs[] = {
    {"Lavrov visits Islamabad", "Russian Foreign Minister Sergei Lavrov arrived in Islamabad "
     "for talks on energy, a gas pipeline and Afghanistan.", "Reuters", "pk,ru", "politics",
     "20210407101500"},
    {"Wall Street plunges", "Stocks fell 22.6 percent on Monday in the worst day of trading "
     "since 1914; the Dow Jones industrial average lost 508 points.", "Associated Press", "us",
     "economy", "19871019000000"},
    {"Berlin Wall opens", "East Germany opened the Berlin Wall tonight; crowds crossed to West "
     "Berlin at Checkpoint Charlie.", "BBC News", "dd,de", "politics,society", "19891109220000"},
    {"Taiwan elects a president", "Voters in Taiwan chose Lai Ching-te as president; China "
     "called the election result a setback.", "Nikkei Asia", "tw,cn", "politics",
     "20240113150000"},
    {"Bolt wins the 100m", "Usain Bolt of Jamaica won the Olympic 100 metres final in London "
     "in 9.63 seconds.", "The Guardian", "jm,gb", "sport", "20120805210000"},
    {"Volcano ash grounds flights", "An ash cloud from the Eyjafjallajokull volcano in Iceland "
     "closed airspace over Europe.", "", "is", "environment,disaster", "20100416080000"},
};

static void add_bool(xap_doc *doc, const char *prefix, const char *value, nx_error_t *e)
{
    char t[256];
    snprintf(t, sizeof t, "%s%s", prefix, value);
    nx_ascii_lower(t + strlen(prefix));
    FUZZ_REQUIRE(xap_doc_add_boolean_term(doc, t, e) == NX_OK, "%s", e->msg);
}

/* Each item of a comma-separated list as a boolean term. */
static void add_list(xap_doc *doc, const char *prefix, const char *list, nx_error_t *e)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *p = strtok(buf, ","); p; p = strtok(NULL, ","))
        add_bool(doc, prefix, p, e);
}

static void build_index(const char *path)
{
    nx_error_t e;
    xap_db *w;
    xap_tg *tg;
    FUZZ_REQUIRE(xap_db_open(path, XAP_OPEN_WRITE, &w, &e) == NX_OK, "%s", e.msg);
    FUZZ_REQUIRE(xap_tg_new("english", &tg, &e) == NX_OK, "%s", e.msg);
    FUZZ_REQUIRE(xap_db_begin(w, &e) == NX_OK, "%s", e.msg);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        const doc_t *d = &docs[i];
        xap_doc *doc;
        char data[512], v[16];
        FUZZ_REQUIRE(xap_doc_new(&doc, &e) == NX_OK, "%s", e.msg);
        FUZZ_REQUIRE(xap_tg_set_document(tg, doc, &e) == NX_OK &&
                         xap_tg_index(tg, d->title, strlen(d->title), 3, "", &e) == NX_OK &&
                         xap_tg_index(tg, d->title, strlen(d->title), 1, NX_PREFIX_TITLE, &e) ==
                             NX_OK &&
                         xap_tg_gap(tg, &e) == NX_OK &&
                         xap_tg_index(tg, d->text, strlen(d->text), 1, "", &e) == NX_OK,
                     "%s", e.msg);
        snprintf(data, sizeof data, "corpus/doc%zu.txt", i);
        add_bool(doc, NX_PREFIX_FILE, data, &e);
        if (*d->source) {
            add_bool(doc, NX_PREFIX_SOURCE, d->source, &e);
            FUZZ_REQUIRE(xap_doc_set_value(doc, NX_SLOT_SOURCE, d->source, strlen(d->source),
                                           &e) == NX_OK,
                         "%s", e.msg);
        }
        add_list(doc, NX_PREFIX_COUNTRY, d->countries, &e);
        add_list(doc, NX_PREFIX_TOPIC, d->topics, &e);
        FUZZ_REQUIRE(xap_doc_set_value(doc, NX_SLOT_COUNTRIES, d->countries,
                                       strlen(d->countries), &e) == NX_OK &&
                         xap_doc_set_value(doc, NX_SLOT_TOPICS, d->topics, strlen(d->topics),
                                           &e) == NX_OK &&
                         xap_doc_set_value(doc, NX_SLOT_DATE, d->date, 14, &e) == NX_OK &&
                         xap_doc_set_value(doc, NX_SLOT_YEAR, d->date, 4, &e) == NX_OK,
                     "%s", e.msg);
        snprintf(v, sizeof v, "%.8s", d->date);
        add_bool(doc, NX_PREFIX_DAY, v, &e);
        snprintf(v, sizeof v, "%.6s", d->date);
        add_bool(doc, NX_PREFIX_MONTH, v, &e);
        snprintf(v, sizeof v, "%.4s", d->date);
        add_bool(doc, NX_PREFIX_YEAR, v, &e);
        int n = snprintf(data, sizeof data, "{\"path\":\"corpus/doc%zu.txt\",\"title\":\"%s\"}\n%s",
                         i, d->title, d->text);
        FUZZ_REQUIRE(xap_doc_set_data(doc, data, (size_t)n, &e) == NX_OK, "%s", e.msg);
        FUZZ_REQUIRE(xap_db_add(w, doc, &e) == NX_OK, "%s", e.msg);
        FUZZ_REQUIRE(xap_db_add_spellings(w, doc, &e) == NX_OK, "%s", e.msg);
        xap_doc_free(doc);
    }
    FUZZ_REQUIRE(xap_db_set_metadata(w, NX_META_SCHEMA, "3", &e) == NX_OK, "%s", e.msg);
    FUZZ_REQUIRE(xap_db_commit(w, &e) == NX_OK, "%s", e.msg);
    xap_tg_free(tg);
    xap_db_close(w);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_data_dir(); /* sets NX_DATA_DIR for nx_data_path() */
    leak_each = getenv("NX_FUZZ_LEAK_EACH") && *getenv("NX_FUZZ_LEAK_EACH") == '1';
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/nx-fuzz-query.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FUZZ_REQUIRE(mkdtemp(dir), "mkdtemp %s failed", dir);
    atexit(teardown);
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/db", dir);
    build_index(path);
    nx_error_t e;
    FUZZ_REQUIRE(xap_db_open(path, XAP_OPEN_READ, &db, &e) == NX_OK, "%s", e.msg);
    nx_lookup_init(&lk, db);
    FUZZ_REQUIRE(nx_query_parser(db, &lk, NULL, &qp, &e) == NX_OK, "%s", e.msg);
    return 0;
}

static const xap_facet_spec_t facets[] = {{NX_SLOT_COUNTRIES, NX_LIST_SEP}, {NX_SLOT_YEAR, 0}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = (data[0] & 1 ? XAP_QP_DEFAULT_OR : 0) | (data[0] & 2 ? XAP_QP_SPELLING : 0);
    char *part[7];
    fuzz_split(data + 1, size - 1, part, 7);
    nx_filters_t f = {.country = part[1], .topic = part[2], .source = part[3],
                      .since = part[4], .until = part[5], .id = part[6]};

    xap_query *q = (xap_query *)&q; /* not NULL: must be reset */
    char *corrected = (char *)&corrected;
    nx_error_t e;
    nx_status_t st = nx_query_build(qp, &lk, part[0], &f, flags, &q, &corrected, &e);
    if (st == NX_OK) {
        FUZZ_CHECK(q != NULL);
        if (corrected)
            FUZZ_CHECK(flags & XAP_QP_SPELLING);
        char *desc = xap_query_describe(q);
        FUZZ_CHECK(desc != NULL);
        free(desc);
        xap_search_t s = {.query = q, .limit = 10, .exact = 1, .facets = facets, .nfacets = 2};
        xap_result *r = NULL;
        nx_status_t ss = xap_search(db, &s, &r, &e);
        FUZZ_CHECK(ss == NX_OK);
        size_t n = xap_result_size(r);
        FUZZ_CHECK(n <= 6 && n <= xap_result_total(r));
        for (size_t i = 0; i < n; i++) {
            xap_hit_t h;
            FUZZ_CHECK(xap_result_hit(r, i, &h, &e) == NX_OK);
            const char *nl = memchr(h.data, '\n', h.len);
            FUZZ_CHECK(nl != NULL);
            char *snip = NULL;
            size_t tl = h.len - (size_t)(nl + 1 - h.data);
            FUZZ_CHECK(xap_result_snippet(r, nl + 1, tl, 200, "[", "]", "...", &snip, &e) ==
                       NX_OK);
            fuzz_check_utf8(snip);
            free(snip);
        }
        xap_result_free(r);
        xap_query_free(q);
        free(corrected);
    } else {
        FUZZ_CHECK(q == NULL);
        FUZZ_CHECK(corrected == NULL);
        FUZZ_CHECK(e.code == st && e.msg[0] != '\0');
    }
    for (int i = 0; i < 7; i++)
        free(part[i]);
    /* libFuzzer looks for leaks after an input only when it did more
     * mallocs than frees, which Xapian's parser state (cleared on the next
     * parse) hides; NX_FUZZ_LEAK_EACH=1 looks after every input (slow).
     * Xapian's own parser leaks are suppressed (tests/lsan.supp). */
    if (leak_each && __lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check())
        abort();
    return 0;
}
