/* fts5-query.c - query latency of an SQLite FTS5 table, for bench/compare.sh.
 *
 *   fts5-query [-w WARMUP] [-p PASSES] [-n N] DB QUERIES OUT
 *
 * DB holds "fts(path UNINDEXED, title, body)" (FTS5). QUERIES: one query a
 * line, or "qid<TAB>words", or "qid<TAB>kind<TAB>words" (the last field is
 * the query; lines starting with '#' are skipped). Each word is quoted
 * ("w" with inner quotes doubled, so that AND/OR/NOT/NEAR and punctuation
 * are plain text) and the words are joined with spaces, which FTS5 reads as
 * AND. Every query runs as
 *
 *   SELECT path FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT N
 *
 * (rank = bm25) in one warm process: WARMUP untimed passes over the whole
 * set (default 3), then PASSES timed passes (default 5). A query is timed
 * from reset/bind to having copied the N paths. OUT gets one line per query
 * and timed pass: qid, pass (0-based), microseconds, hits, paths joined
 * with '|'. A query that SQLite rejects is reported once on stderr and
 * counted with 0 hits.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -o fts5-query fts5-query.c -lsqlite3
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "fts5-query";

typedef struct {
    char *qid;   /* the query's id (l1, l2... for bare lines) */
    char *match; /* the FTS5 MATCH expression */
    int failed;  /* SQLite rejected it (reported once) */
} query_t;

typedef struct {
    char *s;
    size_t len, cap;
} buf_t;

static void oom(void)
{
    fprintf(stderr, "%s: out of memory\n", prog);
    exit(2);
}

static void buf_add(buf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            oom();
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        oom();
    return p;
}

/* words -> "w1" "w2" ... (FTS5 strings; '"' doubled inside). */
static char *fts5_match(const char *words)
{
    buf_t b = {NULL, 0, 0};
    const char *p = words;
    for (;;) {
        p += strspn(p, " \t\r");
        if (!*p)
            break;
        size_t n = strcspn(p, " \t\r");
        if (b.len)
            buf_add(&b, " ", 1);
        buf_add(&b, "\"", 1);
        for (size_t i = 0; i < n; i++)
            buf_add(&b, p[i] == '"' ? "\"\"" : p + i, p[i] == '"' ? 2 : 1);
        buf_add(&b, "\"", 1);
        p += n;
    }
    if (!b.s)
        buf_add(&b, "", 0);
    return b.s;
}

static query_t *read_queries(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        exit(2);
    }
    query_t *qs = NULL;
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    *n = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        char *first_tab = strchr(line, '\t'), *last_tab = strrchr(line, '\t');
        char id[32];
        snprintf(id, sizeof id, "l%zu", *n + 1);
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            query_t *p = realloc(qs, cap * sizeof *qs);
            if (!p)
                oom();
            qs = p;
        }
        if (first_tab)
            *first_tab = '\0';
        qs[*n].qid = xstrdup(first_tab ? line : id);
        qs[*n].match = fts5_match(last_tab ? last_tab + 1 : line);
        qs[*n].failed = 0;
        (*n)++;
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        exit(2);
    }
    free(line);
    fclose(f);
    return qs;
}

static int usage(void)
{
    fprintf(stderr, "usage: %s [-w WARMUP] [-p PASSES] [-n N] DB QUERIES OUT\n", prog);
    return 2;
}

static int number(const char *s, int zero_ok)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < (zero_ok ? 0 : 1) || v > 1000000) {
        fprintf(stderr, "%s: bad number '%s'\n", prog, s);
        exit(2);
    }
    return (int)v;
}

int main(int argc, char **argv)
{
    int warmup = 3, passes = 5, nhits = 10, c;
    while ((c = getopt(argc, argv, "w:p:n:")) != -1) {
        switch (c) {
        case 'w': warmup = number(optarg, 1); break;
        case 'p': passes = number(optarg, 0); break;
        case 'n': nhits = number(optarg, 0); break;
        default: return usage();
        }
    }
    if (argc - optind != 3)
        return usage();
    const char *dbpath = argv[optind], *qpath = argv[optind + 1], *outpath = argv[optind + 2];

    size_t nq;
    query_t *qs = read_queries(qpath, &nq);

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, dbpath, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return 2;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT path FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, dbpath, sqlite3_errmsg(db));
        sqlite3_close(db);
        return 2;
    }
    FILE *out = fopen(outpath, "w");
    if (!out) {
        fprintf(stderr, "%s: %s: %s\n", prog, outpath, strerror(errno));
        return 2;
    }

    buf_t paths = {NULL, 0, 0};
    for (int pass = -warmup; pass < passes; pass++) {
        for (size_t i = 0; i < nq; i++) {
            int n = 0, rc;
            paths.len = 0;
            buf_add(&paths, "", 0);
            double t0 = now_us();
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, qs[i].match, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 2, nhits);
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const unsigned char *p = sqlite3_column_text(st, 0);
                if (n++)
                    buf_add(&paths, "|", 1);
                if (p)
                    buf_add(&paths, (const char *)p, strlen((const char *)p));
            }
            double t1 = now_us();
            if (rc != SQLITE_DONE && !qs[i].failed) {
                qs[i].failed = 1;
                fprintf(stderr, "%s: query %s '%s': %s\n", prog, qs[i].qid, qs[i].match,
                        sqlite3_errmsg(db));
            }
            if (pass >= 0)
                fprintf(out, "%s\t%d\t%.1f\t%d\t%s\n", qs[i].qid, pass, t1 - t0, n, paths.s);
        }
    }
    free(paths.s);
    int bad = ferror(out);
    if (fclose(out) || bad) {
        fprintf(stderr, "%s: %s: write error\n", prog, outpath);
        return 2;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    for (size_t i = 0; i < nq; i++) {
        free(qs[i].qid);
        free(qs[i].match);
    }
    free(qs);
    return 0;
}
