/* query-bench.c - query latency of newsindex's search path, in one warm
 * process (issue #7), plus exact facet counts (issue #4) and the cold
 * first query.
 *
 *   query-bench [OPTION]... DB QUERIES
 *
 * QUERIES: one query per line, or the peers' formats: "qid<TAB>words"
 * (queries.q) or "qid<TAB>kind<TAB>words" (make-queries.py's queries.tsv);
 * the words are the last field, kind (one/two/three) gets its own rows.
 * Each query is timed from parse (nx_query_build, the newssearch parser
 * with its field processors) to having the paths of the top hits (the
 * JSON document data decoded with jansson, as newssearch does), in modes:
 *
 *   plain     top N, match count estimated (what the peers' runners do)
 *   exact     top N with the match count exact (what newssearch does)
 *   snippets  plain + a 200-byte highlighted snippet of each hit
 *             (xap_result_snippet on the stored text, as newssearch does)
 *   facets    top N + exact counts of country, topic, source and year over
 *             all matches (newssearch --facets country,topic,source,year)
 *
 * WARMUP untimed passes over the set (all modes) come first, then PASSES
 * timed passes. Prints median / p95 / max / mean wall ms per mode (p95
 * nearest-rank, as the peers' report.py), per query kind, and the slowest
 * queries, plus median / p95 of the thread's CPU time (which, unlike wall
 * time, does not grow while the process waits for a core on a busy machine).
 *
 * Options:
 *   -m LIST    modes (default plain,exact,snippets,facets)
 *   -w N       warm-up passes (default 3)    -p N  timed passes (default 5)
 *   -n N       hits per query (default 10)
 *   -o FILE    raw timings: qid, mode, pass, usec, matches, hits
 *   --third    also time the facet query on the single word whose document
 *              frequency is nearest a third of the index (-r repetitions,
 *              default 30)
 *   --first    cold start: time opening DB plus the first query (plain mode,
 *              paths of the top N) and nothing else; with --evict, first drop
 *              the index files from the page cache (posix_fadvise DONTNEED,
 *              no root needed) and report how much stayed resident
 *   -q TEXT    with --first: the query (default: the first line of QUERIES)
 *   --evict-only  drop DB's files from the page cache, report, and exit
 *
 * Build (from the repository root, after `make`): bench/build-query-bench.sh,
 * which takes the libraries from the Makefile (make deps-flags, deps-libs).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "newsindex/country.h"
#include "newsindex/schema.h"
#include "newsindex/source.h"
#include "newsindex/topic.h"
#include "newsindex/xap.h"
#include "query.h"

enum { M_PLAIN, M_EXACT, M_SNIPPETS, M_FACETS, NMODES };
static const char *const mode_names[NMODES] = {"plain", "exact", "snippets", "facets"};

static const xap_facet_spec_t facet_specs[] = {
    {NX_SLOT_COUNTRIES, NX_LIST_SEP},
    {NX_SLOT_TOPICS, NX_LIST_SEP},
    {NX_SLOT_SOURCE, 0},
    {NX_SLOT_YEAR, 0},
};
#define NFACET_SPECS (sizeof facet_specs / sizeof facet_specs[0])

typedef struct {
    char *qid, *kind, *text;
} query_t;

typedef struct {
    xap_db *db;
    xap_qp *qp;
    nx_lookup_t *lk;
    unsigned nhits;
} ctx_t;

static void die(const char *what, const nx_error_t *e)
{
    fprintf(stderr, "query-bench: %s: %s\n", what, e && e->msg[0] ? e->msg : "failed");
    exit(2);
}

/* Open the index and newssearch's query parser on it, or die. */
static void open_index(const char *dbpath, nx_lookup_t *lk, xap_db **db, xap_qp **qp)
{
    nx_error_t e;
    if (xap_db_open(dbpath, XAP_OPEN_READ, db, &e))
        die(dbpath, &e);
    nx_query_limits_t lim;
    nx_query_limits_default(&lim);
    if (nx_query_parser(*db, lk, &lim, qp, &e))
        die("query parser", &e);
}

static double clock_us(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double now_us(void)
{
    return clock_us(CLOCK_MONOTONIC);
}

/* This thread's CPU time: on a shared machine, wall time also counts the
 * time spent waiting for a core; CPU time does not. */
static double cpu_us(void)
{
    return clock_us(CLOCK_THREAD_CPUTIME_ID);
}

/* ---- the query file ---- */

static query_t *read_queries(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "query-bench: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    query_t *qs = NULL;
    size_t cap = 0;
    *n = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        char *fields[3] = {NULL, NULL, NULL};
        size_t nf = 0;
        for (char *p = line; p && nf < 3;) {
            fields[nf++] = p;
            char *t = strchr(p, '\t');
            if (t)
                *t++ = '\0';
            p = t;
        }
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            qs = realloc(qs, cap * sizeof *qs);
            if (!qs)
                exit(2);
        }
        char id[32];
        snprintf(id, sizeof id, "l%zu", *n + 1);
        qs[*n].qid = strdup(nf > 1 ? fields[0] : id);
        qs[*n].kind = strdup(nf == 3 ? fields[1] : "-");
        qs[*n].text = strdup(fields[nf - 1]);
        (*n)++;
    }
    free(line);
    fclose(f);
    return qs;
}

/* ---- one query ---- */

typedef struct {
    uint32_t matches;
    size_t hits;
    size_t bytes; /* path + snippet bytes: keeps the work observable */
} outcome_t;

/* Parse, search, and take the paths (and in snippets mode the snippets) of
 * the top hits, as newssearch does. */
static outcome_t run_query(const ctx_t *c, const char *text, int mode)
{
    outcome_t o = {0, 0, 0};
    nx_error_t e;
    nx_error_clear(&e);
    nx_filters_t nof = {NULL, NULL, NULL, NULL, NULL, NULL};
    xap_query *q = NULL;
    if (nx_query_build(c->qp, c->lk, text, &nof, 0, &q, NULL, &e))
        die(text, &e);
    xap_search_t s = {.query = q,
                      .limit = c->nhits,
                      .sort_slot = NX_SLOT_DATE,
                      .exact = mode != M_PLAIN && mode != M_SNIPPETS,
                      .facets = mode == M_FACETS ? facet_specs : NULL,
                      .nfacets = mode == M_FACETS ? NFACET_SPECS : 0};
    xap_result *r = NULL;
    if (xap_search(c->db, &s, &r, &e))
        die(text, &e);
    o.matches = xap_result_total(r);
    o.hits = xap_result_size(r);
    for (size_t i = 0; i < o.hits; i++) {
        xap_hit_t h;
        if (xap_result_hit(r, i, &h, &e))
            die("hit", &e);
        json_error_t jerr;
        size_t meta_len, tlen;
        const char *t;
        nx_record_split(h.data, h.len, &meta_len, &t, &tlen);
        json_t *rec = json_loadb(h.data, meta_len, 0, &jerr);
        if (!rec)
            continue;
        const char *path = json_string_value(json_object_get(rec, "path"));
        o.bytes += path ? strlen(path) : 0;
        if (mode == M_SNIPPETS) {
            char *snip = NULL;
            if (tlen && xap_result_snippet(r, t, tlen, 200, "<b>", "</b>", "...", &snip, &e) ==
                            NX_OK)
                o.bytes += strlen(snip);
            free(snip);
        }
        json_decref(rec);
    }
    if (mode == M_FACETS)
        for (size_t f = 0; f < NFACET_SPECS; f++)
            o.bytes += xap_result_facet_size(r, f);
    xap_result_free(r);
    xap_query_free(q);
    return o;
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted xs (report.py's pct). */
static double pct(const double *xs, size_t n, double p)
{
    if (!n)
        return 0;
    long k = (long)(p / 100.0 * (double)n + 0.5 + 0.5) - 1;
    if (k < 0)
        k = 0;
    if ((size_t)k >= n)
        k = (long)n - 1;
    return xs[k];
}

static double median(const double *xs, size_t n)
{
    if (!n)
        return 0;
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/* One row: label, wall and CPU samples (us), sorted in place. */
static void print_row(const char *mode, const char *kind, double *us, double *cpu, size_t n)
{
    qsort(us, n, sizeof *us, cmp_double);
    qsort(cpu, n, sizeof *cpu, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += us[i];
    printf("%-9s %-6s %6zu %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f\n", mode, kind, n,
           median(us, n) / 1e3, pct(us, n, 95) / 1e3, us[n ? n - 1 : 0] / 1e3,
           n ? sum / (double)n / 1e3 : 0, median(cpu, n) / 1e3, pct(cpu, n, 95) / 1e3);
}

/* ---- the page cache ---- */

/* Bytes of the files in dir resident in the page cache; with evict, first
 * ask the kernel to drop them (clean pages go; no privileges needed). */
static long long cache_pass(const char *dir, int evict, long long *total)
{
    long long res = 0;
    *total = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    long pg = sysconf(_SC_PAGESIZE);
    struct dirent *de;
    while ((de = readdir(d))) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) || !S_ISREG(st.st_mode) || st.st_size == 0)
            continue;
        int fd = open(p, O_RDONLY);
        if (fd < 0)
            continue;
        if (evict) {
            fdatasync(fd);
            posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        }
        *total += st.st_size;
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
        if (m != MAP_FAILED) {
            size_t npg = ((size_t)st.st_size + (size_t)pg - 1) / (size_t)pg;
            unsigned char *v = malloc(npg);
            if (v && mincore(m, (size_t)st.st_size, v) == 0)
                for (size_t i = 0; i < npg; i++)
                    res += (v[i] & 1) ? pg : 0;
            free(v);
            munmap(m, (size_t)st.st_size);
        }
        close(fd);
    }
    closedir(d);
    return res;
}

/* ---- lookups (country:, topic:, source: need them; plain words do not) ---- */

/* Load the data files now, so that no timed query pays for it. */
static void load_lookups(nx_lookup_t *lk)
{
    nx_error_t e;
    nx_lookup_init(lk, NULL);
    if (!nx_lookup_gazetteer(lk, &e) || !nx_lookup_sources(lk, &e) || !nx_lookup_topics(lk, &e))
        die("data files (set NX_DATA_DIR to the repository's data/)", &e);
}

/* ---- a third of the archive ---- */

/* Candidates: the index's words (their stems, "Z" and no field prefix;
 * not stop words) whose document frequency is within a factor of 1.5 of
 * the target; the query parser stems them again, so each candidate's real
 * match count is measured afterwards. */
typedef struct {
    uint32_t target;
    char (*words)[64];
    size_t n, cap;
} third_t;

static int third_term(void *vctx, const char *term, size_t len, uint32_t tf)
{
    third_t *t = vctx;
    if (len < 4 || len >= 65 || term[0] != 'Z' || tf < t->target / 1.5 || tf > t->target * 1.5)
        return 0;
    term++; /* the stem */
    len--;
    for (size_t i = 0; i < len; i++)
        if (term[i] < 'a' || term[i] > 'z')
            return 0; /* prefixed (Q, XC, Z...) or not a plain word */
    for (const char *const *sw = xap_stopwords(); *sw; sw++)
        if (strlen(*sw) == len && memcmp(*sw, term, len) == 0)
            return 0;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->words = realloc(t->words, t->cap * sizeof *t->words);
        if (!t->words)
            exit(2);
    }
    memcpy(t->words[t->n], term, len);
    t->words[t->n++][len] = '\0';
    return 0;
}

/* The word whose query matches closest to a third of the documents. */
static const char *third_word(const ctx_t *c, uint32_t ndocs, char best[64], uint32_t *best_n)
{
    third_t t = {ndocs / 3, NULL, 0, 0};
    nx_error_t e;
    if (xap_db_allterms(c->db, "Z", third_term, &t, &e))
        die("allterms", &e);
    best[0] = '\0';
    *best_n = 0;
    for (size_t i = 0; i < t.n; i++) {
        outcome_t o = run_query(c, t.words[i], M_EXACT);
        if (!best[0] || labs((long)o.matches - (long)t.target) < labs((long)*best_n - (long)t.target)) {
            strcpy(best, t.words[i]);
            *best_n = o.matches;
        }
    }
    free(t.words);
    if (!best[0])
        strcpy(best, "the"); /* no candidate: report a stop word's emptiness */
    return best;
}

int main(int argc, char **argv)
{
    unsigned warmup = 3, passes = 5, nhits = 10, reps = 30;
    int modes[NMODES] = {1, 1, 1, 1}, third = 0, first = 0, evict = 0;
    const char *raw = NULL, *first_q = NULL;
    enum { OPT_THIRD = 256, OPT_FIRST, OPT_EVICT, OPT_EVICT_ONLY };
    static const struct option longopts[] = {
        {"third", no_argument, NULL, OPT_THIRD},
        {"first", no_argument, NULL, OPT_FIRST},
        {"evict", no_argument, NULL, OPT_EVICT},
        {"evict-only", no_argument, NULL, OPT_EVICT_ONLY},
        {NULL, 0, NULL, 0},
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "m:w:p:n:o:r:q:", longopts, NULL)) != -1) {
        switch (ch) {
        case 'm': {
            memset(modes, 0, sizeof modes);
            char *copy = strdup(optarg), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                int k;
                for (k = 0; k < NMODES && strcmp(t, mode_names[k]); k++)
                    ;
                if (k == NMODES) {
                    fprintf(stderr, "query-bench: unknown mode '%s'\n", t);
                    return 2;
                }
                modes[k] = 1;
            }
            free(copy);
            break;
        }
        case 'w': warmup = (unsigned)atoi(optarg); break;
        case 'p': passes = (unsigned)atoi(optarg); break;
        case 'n': nhits = (unsigned)atoi(optarg); break;
        case 'r': reps = (unsigned)atoi(optarg); break;
        case 'o': raw = optarg; break;
        case 'q': first_q = optarg; break;
        case OPT_THIRD: third = 1; break;
        case OPT_FIRST: first = 1; break;
        case OPT_EVICT: evict = 1; break;
        case OPT_EVICT_ONLY: evict = 2; break;
        default:
            fprintf(stderr, "usage: query-bench [-m MODES] [-w N] [-p N] [-n N] [-o FILE] "
                            "[--third [-r N]] [--first [--evict] [-q TEXT]] DB QUERIES\n");
            return 2;
        }
    }
    if (evict == 2 && argc - optind == 1) {
        long long total, before = cache_pass(argv[optind], 0, &total);
        long long after = cache_pass(argv[optind], 1, &total);
        printf("evicted %s: %.1f MB, resident before %.1f MB, after %.1f MB\n", argv[optind],
               (double)total / 1048576, (double)before / 1048576, (double)after / 1048576);
        return after < 0;
    }
    if (argc - optind != 2 && !(first && first_q && argc - optind == 1)) {
        fprintf(stderr, "query-bench: need DB and QUERIES (see the header of query-bench.c)\n");
        return 2;
    }
    const char *dbpath = argv[optind];
    size_t nq = 0;
    query_t *qs = argc - optind == 2 ? read_queries(argv[optind + 1], &nq) : NULL;
    nx_error_t e;
    nx_error_clear(&e);
    nx_lookup_t lk;

    if (first) {
        /* Cold start: data files and evictions happen before the clock. */
        load_lookups(&lk);
        const char *text = first_q ? first_q : nq ? qs[0].text : "oil";
        long long total, before = cache_pass(dbpath, 0, &total), after = before;
        if (evict)
            after = cache_pass(dbpath, 1, &total);
        double t0 = now_us();
        xap_db *db;
        xap_qp *qp;
        open_index(dbpath, &lk, &db, &qp);
        double t1 = now_us();
        ctx_t c = {db, qp, &lk, nhits};
        outcome_t o = run_query(&c, text, M_PLAIN);
        double t2 = now_us();
        long long tot2, res = cache_pass(dbpath, 0, &tot2);
        printf("first query '%s': open %.3f ms, query %.3f ms, total %.3f ms; %u matches, %zu hits;"
               " index %.1f MB, resident before %.1f MB, after eviction %.1f MB, after query %.1f MB\n",
               text, (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t2 - t0) / 1e3, o.matches, o.hits,
               (double)total / 1048576, (double)before / 1048576, (double)after / 1048576,
               (double)res / 1048576);
        xap_qp_free(qp);
        xap_db_close(db);
        goto out;
    }

    load_lookups(&lk);
    xap_db *db;
    xap_qp *qp;
    open_index(dbpath, &lk, &db, &qp);
    uint32_t ndocs = 0;
    xap_db_doccount(db, &ndocs, &e);
    ctx_t c = {db, qp, &lk, nhits};
    FILE *rawf = raw ? fopen(raw, "w") : NULL;
    if (raw && !rawf) {
        fprintf(stderr, "query-bench: %s: %s\n", raw, strerror(errno));
        return 2;
    }

    printf("index %s: %u documents; %zu queries; %u warm-up + %u timed passes; top %u\n", dbpath,
           ndocs, nq, warmup, passes, nhits);
    volatile size_t sink = 0;
    for (unsigned p = 0; p < warmup; p++)
        for (int m = 0; m < NMODES; m++)
            if (modes[m])
                for (size_t i = 0; i < nq; i++)
                    sink += run_query(&c, qs[i].text, m).bytes;

    /* us[m][pass * nq + i] */
    double *us[NMODES] = {NULL}, *cpu[NMODES] = {NULL};
    uint32_t *matches = calloc(nq, sizeof *matches);
    size_t *nh = calloc(nq, sizeof *nh);
    for (int m = 0; m < NMODES; m++)
        if (modes[m])
        {
            us[m] = calloc((size_t)passes * nq + 1, sizeof(double));
            cpu[m] = calloc((size_t)passes * nq + 1, sizeof(double));
        }
    for (unsigned p = 0; p < passes; p++)
        for (int m = 0; m < NMODES; m++) {
            if (!modes[m])
                continue;
            for (size_t i = 0; i < nq; i++) {
                double c0 = cpu_us(), t0 = now_us();
                outcome_t o = run_query(&c, qs[i].text, m);
                double t1 = now_us();
                us[m][p * nq + i] = t1 - t0;
                cpu[m][p * nq + i] = cpu_us() - c0;
                sink += o.bytes;
                if ((m != M_PLAIN && m != M_SNIPPETS) || !matches[i])
                    matches[i] = o.matches; /* exact when an exact mode ran */
                nh[i] = o.hits;
                if (rawf)
                    fprintf(rawf, "%s\t%s\t%u\t%.1f\t%u\t%zu\n", qs[i].qid, mode_names[m], p,
                            t1 - t0, o.matches, o.hits);
            }
        }
    if (rawf)
        fclose(rawf);

    size_t zero = 0;
    for (size_t i = 0; i < nq; i++)
        zero += nh[i] == 0;
    printf("zero-hit queries: %zu\n\n", zero);
    printf("%-9s %-6s %6s %9s %9s %9s %9s %9s %9s\n", "mode", "kind", "n", "median", "p95",
           "max", "mean", "cpu-med", "cpu-p95");
    double *tmp = malloc(((size_t)passes * nq + 1) * sizeof *tmp);
    double *tmp2 = malloc(((size_t)passes * nq + 1) * sizeof *tmp2);
    for (int m = 0; m < NMODES; m++) {
        if (!modes[m])
            continue;
        /* Slowest queries first (by median over passes), before sorting. */
        double *per = malloc((nq + 1) * sizeof *per);
        for (size_t i = 0; i < nq; i++) {
            for (unsigned p = 0; p < passes; p++)
                tmp[p] = us[m][p * nq + i];
            qsort(tmp, passes, sizeof *tmp, cmp_double);
            per[i] = median(tmp, passes);
        }
        static const char *const kinds[] = {"one", "two", "three"};
        for (size_t k = 0; k < 3; k++) {
            size_t n = 0;
            for (unsigned p = 0; p < passes; p++)
                for (size_t i = 0; i < nq; i++)
                    if (strcmp(qs[i].kind, kinds[k]) == 0) {
                        tmp2[n] = cpu[m][p * nq + i];
                        tmp[n++] = us[m][p * nq + i];
                    }
            if (n)
                print_row(mode_names[m], kinds[k], tmp, tmp2, n);
        }
        char slow[512] = "";
        for (int s = 0; s < 3 && nq; s++) {
            size_t worst = 0;
            for (size_t i = 1; i < nq; i++)
                if (per[i] > per[worst])
                    worst = i;
            size_t l = strlen(slow);
            snprintf(slow + l, sizeof slow - l, "%s'%s' %.2f ms (%u matches)", s ? ", " : "",
                     qs[worst].text, per[worst] / 1e3, matches[worst]);
            per[worst] = -1;
        }
        print_row(mode_names[m], "all", us[m], cpu[m], (size_t)passes * nq);
        printf("          slowest: %s\n", slow);
        free(per);
    }

    if (third) {
        char word[64];
        uint32_t wn;
        third_word(&c, ndocs, word, &wn);
        double *rs = malloc((reps + 1) * sizeof *rs), *rc = malloc((reps + 1) * sizeof *rc);
        outcome_t o = {0, 0, 0};
        for (unsigned i = 0; i < warmup; i++)
            sink += run_query(&c, word, M_FACETS).bytes;
        for (unsigned i = 0; i < reps; i++) {
            double c0 = cpu_us(), t0 = now_us();
            o = run_query(&c, word, M_FACETS);
            rs[i] = now_us() - t0;
            rc[i] = cpu_us() - c0;
        }
        printf("\nfacets over a third of the archive: '%s' (%u of %u documents match), %u runs\n",
               word, o.matches, ndocs, reps);
        print_row("facets", "third", rs, rc, reps);
        free(rs);
        free(rc);
    }
    free(tmp);
    free(tmp2);
    free(matches);
    free(nh);
    for (int m = 0; m < NMODES; m++) {
        free(us[m]);
        free(cpu[m]);
    }
    xap_qp_free(qp);
    xap_db_close(db);
    (void)sink;
out:
    for (size_t i = 0; i < nq; i++) {
        free(qs[i].qid);
        free(qs[i].kind);
        free(qs[i].text);
    }
    free(qs);
    nx_lookup_free(&lk);
    return 0;
}
