/* eval.c - measure the topic classifier on bench/topic-modern, 100 modern
 * news articles in five classes (20 each), written for this benchmark.
 *
 * Build (from the top of the tree):
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Iinclude \
 *      bench/topic-modern/eval.c lib/topic.c lib/hash.c lib/text.c lib/status.c -lm \
 *      -o /tmp/topic-modern
 * Run:
 *   /tmp/topic-modern [--dir bench/topic-modern] [--rules data/topics.tsv]
 *                     [--list] [--miss] [--scores]
 *
 * Reads DIR/labels.tsv (file, class; a header line) and each file: its
 * first line is the title, the rest (after a blank line) the body. A class
 * maps to the topic it should get: politics -> politics, business ->
 * economy, sport -> sport, tech -> science, entertainment -> arts. Reports,
 * overall and per class: the share of articles given the expected topic
 * ("assigned"), the share where it is ranked first ("first"), and the mean
 * number of other topics assigned ("extra"). --list prints every article's
 * topics, --miss only those whose expected topic is not first, --scores
 * adds every topic scoring >= 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/topic.h"

#define MAXT 17

static const struct {
    const char *cls, *code;
} want[] = {
    {"politics", "politics"}, {"business", "economy"}, {"sport", "sport"},
    {"tech", "science"},      {"entertainment", "arts"},
};
#define NCLS (sizeof want / sizeof want[0])

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, len = 0, got;
    char *b = malloc(cap + 1);
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
    return b;
}

int main(int argc, char **argv)
{
    const char *dir = "bench/topic-modern", *rules = "data/topics.tsv";
    int list = 0, miss = 0, scores = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules = argv[++i];
        else if (!strcmp(argv[i], "--list"))
            list = 1;
        else if (!strcmp(argv[i], "--miss"))
            miss = 1;
        else if (!strcmp(argv[i], "--scores"))
            scores = 1;
        else {
            fprintf(stderr, "usage: topic-modern [--dir DIR] [--rules FILE] [--list] [--miss] [--scores]\n");
            return 2;
        }
    }
    nx_topics_t *t;
    nx_error_t err;
    if (nx_topics_load(rules, &t, &err)) {
        fprintf(stderr, "topic-modern: %s\n", err.msg);
        return 1;
    }
    size_t nt = nx_topics_count(t);
    double *sc = calloc(nt, sizeof *sc);
    char path[8192], line[2048];
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    FILE *lf = fopen(path, "r");
    if (!lf || !sc) {
        perror(path);
        return 1;
    }
    long n[NCLS] = {0}, asg[NCLS] = {0}, first[NCLS] = {0}, extra[NCLS] = {0}, none[NCLS] = {0};
    long wrongfirst[MAXT + 1] = {0}; /* by topic index: ranked first wrongly */
    if (!fgets(line, sizeof line, lf))
        return 1;
    while (fgets(line, sizeof line, lf)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *cls = tab + 1;
        size_t c = 0;
        while (c < NCLS && strcmp(want[c].cls, cls))
            c++;
        if (c == NCLS) {
            fprintf(stderr, "topic-modern: unknown class %s\n", cls);
            return 1;
        }
        snprintf(path, sizeof path, "%s/%s", dir, line);
        char *text = slurp(path);
        if (!text) {
            perror(path);
            return 1;
        }
        char *title = text, *body = strchr(text, '\n');
        if (body)
            *body++ = '\0';
        else
            body = "";
        const char *out[MAXT];
        size_t k = 0;
        if (nx_topics_classify(t, title, body, out, MAXT, &k) != NX_OK) {
            fprintf(stderr, "topic-eval: out of memory\n");
            return 1;
        }
        int has = 0, top = k && !strcmp(out[0], want[c].code);
        for (size_t i = 0; i < k; i++)
            if (!strcmp(out[i], want[c].code))
                has = 1;
        n[c]++;
        asg[c] += has;
        first[c] += top;
        extra[c] += (long)k - has;
        none[c] += !k;
        if (k && !top)
            for (size_t j = 0; j < nt && j <= MAXT; j++)
                if (!strcmp(out[0], nx_topic_code(t, j)))
                    wrongfirst[j]++;
        if (list || (miss && !top)) {
            printf("%-32s %-8s %s %.50s ->", line, want[c].code, top ? "ok  " : has ? "2nd " : "MISS", title);
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
    fclose(lf);
    long N = 0, A = 0, F = 0, E = 0, Z = 0;
    printf("%-14s %5s %9s %9s %7s %5s\n", "class", "n", "assigned", "first", "extra", "none");
    for (size_t c = 0; c < NCLS; c++) {
        printf("%-14s %5ld %8.1f%% %8.1f%% %7.2f %5ld\n", want[c].cls, n[c],
               n[c] ? 100.0 * asg[c] / n[c] : 0, n[c] ? 100.0 * first[c] / n[c] : 0,
               n[c] ? (double)extra[c] / n[c] : 0, none[c]);
        N += n[c], A += asg[c], F += first[c], E += extra[c], Z += none[c];
    }
    printf("%-14s %5ld %8.1f%% %8.1f%% %7.2f %5ld\n", "all", N, N ? 100.0 * A / N : 0,
           N ? 100.0 * F / N : 0, N ? (double)E / N : 0, Z);
    printf("wrong first topic:");
    for (size_t j = 0; j < nt && j <= MAXT; j++)
        if (wrongfirst[j])
            printf(" %s=%ld", nx_topic_code(t, j), wrongfirst[j]);
    printf("\n");
    free(sc);
    nx_topics_free(t);
    return 0;
}
