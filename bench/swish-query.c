/* swish-query.c - query latency of a swish-e index through libswish-e, for
 * bench/compare.sh.
 *
 *   swish-query [-w WARMUP] [-p PASSES] [-n N] INDEX QUERIES OUT
 *
 * INDEX is the index file given to `swish-e -f`. QUERIES: one query a line,
 * or "qid<TAB>words", or "qid<TAB>kind<TAB>words" (the last field is the
 * query; lines starting with '#' are skipped). Each word is quoted (so that
 * and/or/not/near are words, not operators; '"' and '\' inside a word are
 * dropped) and the words are joined with " and ". Every query runs in one
 * warm process through one search object, ranked by swish-e's default rank:
 * WARMUP untimed passes over the whole set (default 3), then PASSES timed
 * passes (default 5). A query is timed from SwishExecute to having copied
 * the swishdocpath of the top N results (default 10) and freed the results.
 * OUT gets one line per query and timed pass: qid, pass (0-based),
 * microseconds, hits, paths joined with '|'. swish-e's "no results" is a
 * query with 0 hits; any other error is reported once per query on stderr
 * and the query counted with 0 hits.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -o swish-query swish-query.c -lswish-e
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <swish-e.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "swish-query";

typedef struct {
    char *qid;   /* the query's id (l1, l2... for bare lines) */
    char *query; /* "w1" and "w2" ... */
    int failed;  /* an error was reported */
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

/* words -> "w1" and "w2" ... */
static char *swish_query(const char *words)
{
    buf_t b = {NULL, 0, 0};
    const char *p = words;
    for (;;) {
        p += strspn(p, " \t\r");
        if (!*p)
            break;
        size_t n = strcspn(p, " \t\r");
        if (b.len)
            buf_add(&b, " and ", 5);
        buf_add(&b, "\"", 1);
        for (size_t i = 0; i < n; i++)
            if (p[i] != '"' && p[i] != '\\')
                buf_add(&b, p + i, 1);
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
        qs[*n].query = swish_query(last_tab ? last_tab + 1 : line);
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
    fprintf(stderr, "usage: %s [-w WARMUP] [-p PASSES] [-n N] INDEX QUERIES OUT\n", prog);
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

/* swish-e's error for a query that matches nothing (not a failure). */
static int no_results(SW_HANDLE sw)
{
    const char *s = SwishErrorString(sw);
    return s && strstr(s, "o results") != NULL;
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
    char *index = argv[optind];
    const char *qpath = argv[optind + 1], *outpath = argv[optind + 2];

    size_t nq;
    query_t *qs = read_queries(qpath, &nq);

    if (access(index, R_OK)) {
        fprintf(stderr, "%s: %s: %s\n", prog, index, strerror(errno));
        return 2;
    }
    SW_HANDLE sw = SwishInit(index);
    if (!sw || SwishError(sw)) {
        const char *more = sw ? SwishLastErrorMsg(sw) : NULL;
        fprintf(stderr, "%s: %s: %s%s%s\n", prog, index, sw ? SwishErrorString(sw) : "cannot open",
                more && *more ? ": " : "", more ? more : "");
        if (sw)
            SwishClose(sw);
        return 2;
    }
    SW_SEARCH srch = New_Search_Object(sw, NULL);
    if (!srch) {
        fprintf(stderr, "%s: %s: cannot create a search object\n", prog, index);
        SwishClose(sw);
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
            int n = 0;
            paths.len = 0;
            buf_add(&paths, "", 0);
            double t0 = now_us();
            SW_RESULTS r = SwishExecute(srch, qs[i].query);
            int err = SwishError(sw);
            if (r && !err) {
                SW_RESULT x;
                while (n < nhits && (x = SwishNextResult(r))) {
                    const char *p = SwishResultPropertyStr(x, "swishdocpath");
                    if (n++)
                        buf_add(&paths, "|", 1);
                    if (p)
                        buf_add(&paths, p, strlen(p));
                }
            }
            if (r)
                Free_Results_Object(r);
            double t1 = now_us();
            if (err && !no_results(sw) && !qs[i].failed) {
                qs[i].failed = 1;
                const char *more = SwishLastErrorMsg(sw);
                fprintf(stderr, "%s: query %s '%s': %s%s%s\n", prog, qs[i].qid, qs[i].query,
                        SwishErrorString(sw), more && *more ? ": " : "", more ? more : "");
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
    Free_Search_Object(srch);
    SwishClose(sw);
    for (size_t i = 0; i < nq; i++) {
        free(qs[i].qid);
        free(qs[i].query);
    }
    free(qs);
    return 0;
}
