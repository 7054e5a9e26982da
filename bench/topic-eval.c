/* topic-eval.c - measure the topic classifier on a make-corpus archive.
 *
 * Build (from the top of the tree):
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Iinclude \
 *      bench/topic-eval.c lib/topic.c lib/text.c lib/status.c -lm -o /tmp/topic-eval
 * Run:
 *   /work/shared/tools/make-corpus --out /tmp/tc --format txt
 *   /tmp/topic-eval --corpus /tmp/tc [--rules data/topics.tsv]
 *                   [--show CODE] [--miss] [--limit N] [--scores]
 *
 * Reads CORPUS/truth.tsv (path, id, date, source, countries, topics, title),
 * takes each text file's title (its third line) and body (after the
 * "SOURCE:" line), and reports: the share of articles with Reuters topics
 * (all economic) that get `economy`, topics per article, how often each
 * topic is assigned, and the time per article. --show CODE lists articles
 * given CODE; --miss lists economic articles without `economy`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsindex/topic.h"

#define MAXT 8

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, len = 0;
    char *b = malloc(cap + 1);
    size_t got;
    while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (b)
        b[len] = '\0';
    *n = len;
    return b;
}

/* Split a make-corpus text file into title and body, in place. */
static void split_article(char *s, char **title, char **body)
{
    *title = "";
    *body = s;
    char *p = s;
    for (int line = 1; line < 3 && p; line++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (p) {
        char *e = strchr(p, '\n');
        *title = p;
        if (e) {
            *e = '\0';
            p = e + 1;
        }
    }
    char *src = p ? strstr(p, "\nSOURCE:") : NULL;
    if (src) {
        char *e = strchr(src + 1, '\n');
        *body = e ? e + 1 : src + strlen(src);
    } else if (p) {
        *body = p;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *corpus = "/tmp/tc", *rules = "data/topics.tsv", *show = NULL;
    int miss = 0, scores = 0;
    long limit = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            corpus = argv[++i];
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules = argv[++i];
        else if (!strcmp(argv[i], "--show") && i + 1 < argc)
            show = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = atol(argv[++i]);
        else if (!strcmp(argv[i], "--miss"))
            miss = 1;
        else if (!strcmp(argv[i], "--scores"))
            scores = 1;
        else {
            fprintf(stderr, "usage: topic-eval [--corpus DIR] [--rules FILE] [--show CODE] [--miss] [--scores] [--limit N]\n");
            return 2;
        }
    }
    nx_topics_t *t;
    nx_error_t err;
    double t0 = now();
    if (nx_topics_load(rules, &t, &err)) {
        fprintf(stderr, "topic-eval: %s\n", err.msg);
        return 1;
    }
    double tload = now() - t0;
    size_t nt = nx_topics_count(t);

    char tpath[4096];
    snprintf(tpath, sizeof tpath, "%s/truth.tsv", corpus);
    FILE *tf = fopen(tpath, "r");
    if (!tf) {
        perror(tpath);
        return 1;
    }
    char line[8192];
    long n = 0, ntop = 0, necon = 0, nassigned = 0, nzero = 0, topecon = 0;
    long ntop_all = 0, nassigned_top = 0;
    long *per = calloc(nt, sizeof *per), *first = calloc(nt, sizeof *first);
    long hist[MAXT + 1] = {0};
    double tclass = 0, bytes = 0;
    double *sc = calloc(nt, sizeof *sc);
    /* Bodies glued into 3 KB pieces, for timing whole-article-sized calls. */
    size_t poolcap = 4u << 20, poollen = 0;
    char *pool = malloc(poolcap);
    if (!fgets(line, sizeof line, tf))
        return 1;
    while (fgets(line, sizeof line, tf) && (limit < 0 || n < limit)) {
        line[strcspn(line, "\n")] = '\0';
        char *f[7] = {0};
        char *p = line;
        for (int k = 0; k < 7 && p; k++) {
            f[k] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (!f[5])
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", corpus, f[0]);
        size_t len;
        char *text = slurp(path, &len);
        if (!text)
            continue;
        char *title, *body;
        split_article(text, &title, &body);
        const char *out[MAXT];
        double c0 = now();
        size_t k;
        if (nx_topics_classify(t, title, body, out, MAXT, &k) != NX_OK) {
            fprintf(stderr, "topic-eval: out of memory\n");
            return 1;
        }
        tclass += now() - c0;
        bytes += (double)strlen(title) + (double)strlen(body);
        size_t bl = strlen(body);
        if (pool && poollen + bl + 2 < poolcap) {
            memcpy(pool + poollen, body, bl);
            poollen += bl;
            pool[poollen++] = '\n';
        }
        n++;
        nassigned += (long)k;
        hist[k]++;
        if (!k)
            nzero++;
        int has_econ = 0;
        for (size_t i = 0; i < k; i++) {
            for (size_t j = 0; j < nt; j++)
                if (!strcmp(out[i], nx_topic_code(t, j))) {
                    per[j]++;
                    if (i == 0)
                        first[j]++;
                }
            if (!strcmp(out[i], "economy"))
                has_econ = 1;
        }
        int reuters = f[5][0] != '\0';
        if (reuters) {
            ntop++;
            ntop_all += 1;
            nassigned_top += (long)k;
            if (has_econ)
                necon++;
            if (k && !strcmp(out[0], "economy"))
                topecon++;
        }
        int listed = 0;
        if (show) {
            for (size_t i = 0; i < k; i++)
                if (!strcmp(out[i], show))
                    listed = 1;
        }
        if (miss && reuters && !has_econ)
            listed = 1;
        if (listed) {
            printf("%-40.40s [%s] %s ->", f[0], f[5], title);
            for (size_t i = 0; i < k; i++)
                printf(" %s", out[i]);
            if (scores) {
                nx_topics_scores(t, title, body, sc, nt);
                printf("  |");
                for (size_t j = 0; j < nt; j++)
                    if (sc[j] >= 1.0)
                        printf(" %s=%.1f", nx_topic_code(t, j), sc[j]);
            }
            printf("\n");
        }
        free(text);
    }
    fclose(tf);
    printf("rules %s: %zu topics, loaded in %.2f ms\n", rules, nt, tload * 1e3);
    printf("articles %ld; with Reuters topics %ld; of those tagged economy %ld = %.2f%% (economy first: %.2f%%)\n",
           n, ntop, necon, ntop ? 100.0 * necon / ntop : 0, ntop ? 100.0 * topecon / ntop : 0);
    printf("topics per article: %.2f (with Reuters topics: %.2f); no topic: %ld\n",
           n ? (double)nassigned / n : 0, ntop_all ? (double)nassigned_top / ntop_all : 0, nzero);
    printf("histogram:");
    for (int i = 0; i <= MAXT; i++)
        printf(" %d:%ld", i, hist[i]);
    printf("\nper topic (assigned / first):\n");
    for (size_t j = 0; j < nt; j++)
        printf("  %-16s %6ld %6ld\n", nx_topic_code(t, j), per[j], first[j]);
    printf("classify: %.1f us/article (%.0f bytes on average)\n", n ? tclass / n * 1e6 : 0,
           n ? bytes / n : 0);
    if (pool && poollen > 3072) {
        long pieces = 0;
        double tp = 0;
        for (size_t off = 0; off + 3072 < poollen && pieces < 1000; off += 3072, pieces++) {
            char piece[3073];
            memcpy(piece, pool + off, 3072);
            piece[3072] = '\0';
            const char *out[MAXT];
            double c0 = now();
            size_t k;
            if (nx_topics_classify(t, "", piece, out, MAXT, &k) != NX_OK)
                return 1;
            tp += now() - c0;
        }
        printf("classify: %.1f us per 3 KB article (%ld pieces)\n", tp / pieces * 1e6, pieces);
    }
    free(pool);
    free(sc);
    free(per);
    free(first);
    nx_topics_free(t);
    return 0;
}
