/* country-eval.c - measure country extraction against a corpus's truth.tsv.
 *
 *   country-eval GAZETTEER CORPUS_DIR [ERRORS.tsv]
 *
 * CORPUS_DIR is the output of `make-corpus --format txt`: text files and a
 * truth.tsv (path, id, date, source, countries, topics, title).  Each file is
 * split the way a text parser would: the title is its third line, the text
 * starts at the lead ("HOUSTON, Feb 26 (Reuters) - ..."), and the dateline is
 * the words before the lead's first comma when a month and "(Reuters)"
 * follow.  Prints micro-averaged precision, recall and F1 over the articles
 * that have gold countries, the gazetteer's load time and the extraction
 * time per article; ERRORS.tsv, if given, gets one line per article whose
 * answer differs from the truth.  With NX_EVAL_NODATELINE=1 in the
 * environment the datelines are removed, to see how the rules do on stories
 * without one.
 *
 * Build (from the top of the tree):
 *   gcc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Iinclude \
 *       lib/country.c lib/dateline.c lib/date.c lib/hash.c lib/text.c lib/status.c \
 *       bench/country-eval.c -lm -o /tmp/country-eval */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsindex/country.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *d = malloc(cap + 1);
    size_t got;
    while (d && (got = fread(d + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *e = realloc(d, (cap *= 2) + 1);
            if (!e) {
                free(d);
                d = NULL;
            }
            d = e;
        }
    }
    fclose(f);
    if (d) {
        d[len] = '\0';
        *n = len;
    }
    return d;
}

static int is_month(const char *s)
{
    static const char *const m[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; i++)
        if (strncmp(s, m[i], 3) == 0)
            return 1;
    return 0;
}

/* Split a make-corpus text file in place. */
static void split(char *d, char **title, char **dateline, char **text)
{
    *title = *dateline = *text = NULL;
    /* Ten header lines (junk, blank, title, blank, standfirst, blank, date,
     * title, source, blank), then the lead and the body. */
    char *line[10];
    char *p = d;
    for (int i = 0; i < 10; i++) {
        line[i] = p;
        p = strchr(p, '\n');
        if (!p)
            return;
        *p++ = '\0';
    }
    *title = line[2];
    char *lead = p;
    *text = lead;
    char *comma = lead ? strchr(lead, ',') : NULL;
    if (comma && comma - lead < 60 && comma[1] == ' ' && is_month(comma + 2)) {
        char *reut = strstr(comma, "(Reuters)");
        if (reut && reut - comma < 20) {
            static char dl[64];
            size_t n = (size_t)(comma - lead);
            memcpy(dl, lead, n);
            dl[n] = '\0';
            *dateline = dl;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: country-eval GAZETTEER CORPUS_DIR [ERRORS.tsv]\n");
        return 2;
    }
    nx_error_t err;
    nx_gazetteer_t *g;
    double t0 = now();
    if (nx_gazetteer_load(argv[1], &g, &err) != NX_OK) {
        fprintf(stderr, "country-eval: %s\n", err.msg);
        return 1;
    }
    double tload = now() - t0;
    char path[4096];
    snprintf(path, sizeof path, "%s/truth.tsv", argv[2]);
    FILE *tf = fopen(path, "r");
    if (!tf) {
        perror(path);
        return 1;
    }
    FILE *ef = argc > 3 ? fopen(argv[3], "w") : NULL;
    const char *nd = getenv("NX_EVAL_NODATELINE");
    int nodateline = nd && *nd == '1';
    char *row = NULL;
    size_t rcap = 0;
    long tp = 0, fp = 0, fn = 0, narticles = 0, nbytes = 0;
    double textract = 0;
    int first = 1;
    while (getline(&row, &rcap, tf) > 0) {
        if (first) {
            first = 0;
            continue;
        }
        row[strcspn(row, "\n")] = '\0';
        char *col[7] = {0};
        char *s = row;
        for (int i = 0; i < 7 && s; i++) {
            col[i] = s;
            s = strchr(s, '\t');
            if (s)
                *s++ = '\0';
        }
        if (!col[4] || !col[4][0])
            continue; /* no gold countries */
        snprintf(path, sizeof path, "%s/%s", argv[2], col[0]);
        size_t n;
        char *d = slurp(path, &n);
        if (!d)
            continue;
        char *title, *dateline, *text;
        split(d, &title, &dateline, &text);
        if (nodateline && text) {
            /* Simulate stories without a dateline: drop it and its prefix. */
            char *dash = strstr(text, "(Reuters) - ");
            if (dash && dash - text < 80)
                text = dash + 12;
            dateline = NULL;
        }
        nx_country_input_t in = {title, dateline, text};
        char codes[16][3];
        double t1 = now();
        size_t k;
        if (nx_countries_extract(g, &in, codes, 16, &k) != NX_OK) {
            fprintf(stderr, "country-eval: out of memory\n");
            return 1;
        }
        textract += now() - t1;
        narticles++;
        nbytes += (long)n;
        /* Compare with the gold list (upper case, comma-separated). */
        char gold[256];
        snprintf(gold, sizeof gold, "%s", col[4]);
        int ngold = 0, hit = 0;
        char pred[128] = "";
        for (size_t i = 0; i < k; i++) {
            char up[3] = {(char)(codes[i][0] - 32), (char)(codes[i][1] - 32), 0};
            strcat(pred, i ? "," : "");
            strcat(pred, up);
            if (strstr(gold, up) && (strstr(gold, up) - gold) % 3 == 0)
                hit++;
        }
        for (char *q = gold; *q; q++)
            ngold += *q == ',';
        ngold++;
        tp += hit;
        fp += (long)k - hit;
        fn += ngold - hit;
        if (ef && (hit != (int)k || hit != ngold))
            fprintf(ef, "%s\t%s\t%s\t%s\t%s\n", col[1], gold, pred, dateline ? dateline : "",
                    title ? title : "");
        free(d);
    }
    free(row);
    fclose(tf);
    if (ef)
        fclose(ef);
    double p = tp + fp ? (double)tp / (tp + fp) : 0, r = tp + fn ? (double)tp / (tp + fn) : 0;
    printf("articles %ld  tp %ld fp %ld fn %ld\n", narticles, tp, fp, fn);
    printf("precision %.4f  recall %.4f  F1 %.4f\n", p, r, p + r ? 2 * p * r / (p + r) : 0);
    printf("load %.1f ms  extract %.1f us/article (%.0f bytes avg)\n", tload * 1e3,
           narticles ? textract / narticles * 1e6 : 0, narticles ? (double)nbytes / narticles : 0);
    nx_gazetteer_free(g);
    return 0;
}
