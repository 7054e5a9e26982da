/* runner.h - the query-latency driver shared by bench/fts5-query.c and
 * bench/swish-query.c (included by each; static functions only).
 *
 *   PROG [-w WARMUP] [-p PASSES] [-n N] INDEX QUERIES OUT
 *
 * QUERIES: one query a line, or "qid<TAB>words", or "qid<TAB>kind<TAB>words"
 * (the last field is the query; lines starting with '#' are skipped). The
 * engine turns the words into its AND query. Every query runs in one warm
 * process: WARMUP untimed passes over the whole set (default 3), then
 * PASSES timed passes (default 5), each query timed from the engine's call
 * to having copied the paths of the top N results (default 10). OUT gets
 * one line per query and timed pass: qid, pass (0-based), microseconds,
 * hits, paths joined with '|'. */
#ifndef BENCH_RUNNER_H
#define BENCH_RUNNER_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *prog;

typedef struct {
    char *qid;   /* the query's id (l1, l2... for bare lines) */
    char *query; /* the engine's query */
    int failed;  /* an error was reported (once) */
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

/* words -> each word quoted by quote_char() (which appends one character
 * of a word, escaped as the engine wants), joined by sep. */
static char *join_words(const char *words, const char *sep,
                        void (*quote_char)(buf_t *b, char c))
{
    buf_t b = {NULL, 0, 0};
    const char *p = words;
    for (;;) {
        p += strspn(p, " \t\r");
        if (!*p)
            break;
        size_t n = strcspn(p, " \t\r");
        if (b.len)
            buf_add(&b, sep, strlen(sep));
        buf_add(&b, "\"", 1);
        for (size_t i = 0; i < n; i++)
            quote_char(&b, p[i]);
        buf_add(&b, "\"", 1);
        p += n;
    }
    if (!b.s)
        buf_add(&b, "", 0);
    return b.s;
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

static query_t *read_queries(const char *path, size_t *n, char *(*to_query)(const char *words))
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
        qs[*n].query = to_query(last_tab ? last_tab + 1 : line);
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

/* What an engine gives the driver. */
typedef struct {
    const char *name;                     /* the program's name, for messages */
    char *(*to_query)(const char *words); /* words -> the engine's AND query */
    void *(*open)(const char *index);     /* NULL after a message on stderr */
    /* Run query, append the paths of at most nhits results to paths ('|'
     * between them) and return how many, or -1 on an error. */
    int (*run)(void *engine, const char *query, int nhits, buf_t *paths);
    const char *(*error)(void *engine); /* the last run's error */
    void (*close)(void *engine);
} engine_t;

static int run_main(const engine_t *eng, int argc, char **argv)
{
    prog = eng->name;
    int warmup = 3, passes = 5, nhits = 10, c;
    while ((c = getopt(argc, argv, "w:p:n:")) != -1) {
        switch (c) {
        case 'w': warmup = number(optarg, 1); break;
        case 'p': passes = number(optarg, 0); break;
        case 'n': nhits = number(optarg, 0); break;
        default: optind = argc + 1; break;
        }
    }
    if (argc - optind != 3) {
        fprintf(stderr, "usage: %s [-w WARMUP] [-p PASSES] [-n N] INDEX QUERIES OUT\n", prog);
        return 2;
    }
    const char *index = argv[optind], *qpath = argv[optind + 1], *outpath = argv[optind + 2];
    size_t nq;
    query_t *qs = read_queries(qpath, &nq, eng->to_query);
    void *engine = eng->open(index);
    if (!engine)
        return 2;
    FILE *out = fopen(outpath, "w");
    if (!out) {
        fprintf(stderr, "%s: %s: %s\n", prog, outpath, strerror(errno));
        return 2;
    }
    buf_t paths = {NULL, 0, 0};
    for (int pass = -warmup; pass < passes; pass++) {
        for (size_t i = 0; i < nq; i++) {
            paths.len = 0;
            buf_add(&paths, "", 0);
            double t0 = now_us();
            int n = eng->run(engine, qs[i].query, nhits, &paths);
            double t1 = now_us();
            if (n < 0) { /* reported once, counted with 0 hits */
                if (!qs[i].failed)
                    fprintf(stderr, "%s: query %s '%s': %s\n", prog, qs[i].qid, qs[i].query,
                            eng->error(engine));
                qs[i].failed = 1;
                n = 0;
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
    eng->close(engine);
    for (size_t i = 0; i < nq; i++) {
        free(qs[i].qid);
        free(qs[i].query);
    }
    free(qs);
    return 0;
}

#endif
