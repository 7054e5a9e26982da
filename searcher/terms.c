/* terms.c - --top-terms N: the words and two-word phrases most
 * characteristic of the matches against the whole archive. A uniform
 * sample of the matches (at most NX_TOP_TERMS_SAMPLE, drawn in the
 * matcher) is read word by word, and each word is ranked by Dunning's
 * log-likelihood ratio G of its share of the sample against its share of
 * the archive (xap_top_terms has the formula). The index holds stems: a
 * stem is shown as the word of it that the most sampled texts hold. Xapian's ESet
 * (TradEWeight) was tried first: it multiplies by the word's frequency,
 * and ranked "said" (in 95% of the sample, 87% of the archive) above
 * "crude" (26% against 2%) for "oil".
 *
 * Phrases: the same sample's texts give the pairs of adjacent words (no
 * stop word, digit-only word or punctuation between or in them) and the
 * sampled documents that hold each; the pairs held by the most are
 * counted in the whole archive as phrase queries ("crude oil"), ranked by
 * the same G, and listed with the words, best first. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/hash.h"
#include "newsindex/schema.h"
#include "newsindex/text.h"
#include "report.h"

/* Phrases counted in the archive: at most this many times N, the pairs
 * held by the most sampled documents (each a phrase search). */
#define PHRASE_CANDIDATES 2
/* A pair must be in this many sampled documents (as a word must). */
#define PHRASE_MIN_DOCS 3

typedef struct {
    char *pair;     /* "crude oil" */
    uint32_t r;     /* sampled documents holding it */
    uint32_t last;  /* the last document counted (each counts once) */
} pair_t;

typedef struct {
    pair_t *v;
    size_t n, cap;
    size_t *slot;  /* open addressing: index + 1 into v, 0 empty */
    size_t nslots; /* a power of two, at least twice n */
    uint32_t doc;  /* the document being read (1-based) */
    const char *const *stop;
    int failed;
} pairs_t;

static int is_stop(const pairs_t *p, const char *w, size_t n)
{
    for (const char *const *s = p->stop; *s; s++)
        if (strlen(*s) == n && memcmp(*s, w, n) == 0)
            return 1;
    return 0;
}

/* A word character: ASCII letters and digits, and any byte of a
 * non-ASCII character. */
static int word_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* The slot of key in p's table: where it is, or the empty one where it
 * goes. */
static size_t *slot_of(const pairs_t *p, const char *key, size_t n)
{
    size_t i = (size_t)nx_fnv1a(key, n) & (p->nslots - 1);
    while (p->slot[i] && strcmp(p->v[p->slot[i] - 1].pair, key) != 0)
        i = (i + 1) & (p->nslots - 1);
    return &p->slot[i];
}

static int grow(pairs_t *p)
{
    size_t nslots = p->nslots ? 2 * p->nslots : 4096, cap = nslots / 2;
    pair_t *v = realloc(p->v, cap * sizeof *v);
    size_t *slot = calloc(nslots, sizeof *slot);
    if (!v || !slot) {
        if (v)
            p->v = v;
        free(slot);
        return -1;
    }
    p->v = v;
    p->cap = cap;
    free(p->slot);
    p->slot = slot;
    p->nslots = nslots;
    for (size_t i = 0; i < p->n; i++)
        *slot_of(p, p->v[i].pair, strlen(p->v[i].pair)) = i + 1;
    return 0;
}

static void pairs_free(pairs_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].pair);
    free(p->v);
    free(p->slot);
}

/* One more sampled document holding key (a word, or a pair "a b"). */
static void count_key(pairs_t *p, const char *key, size_t n)
{
    if (p->n == p->cap && grow(p)) {
        p->failed = 1;
        return;
    }
    size_t *at = slot_of(p, key, n);
    if (*at) { /* each document counts once */
        pair_t *c = &p->v[*at - 1];
        if (c->last != p->doc) {
            c->r++;
            c->last = p->doc;
        }
        return;
    }
    char *k = strdup(key);
    if (!k) {
        p->failed = 1;
        return;
    }
    p->v[p->n++] = (pair_t){k, 1, p->doc};
    *at = p->n;
}

static void count_pair(pairs_t *p, const char *a, size_t na, const char *b, size_t nb)
{
    char key[128];
    if (na + nb + 2 > sizeof key)
        return;
    memcpy(key, a, na);
    key[na] = ' ';
    memcpy(key + na + 1, b, nb);
    size_t n = na + 1 + nb;
    key[n] = '\0';
    count_key(p, key, n);
}

/* What the sample's texts hold: their words (whose most written form
 * names a stem's row) and their adjacent pairs (the phrases). */
typedef struct {
    pairs_t words, pairs;
} sample_t;

/* The words of text (and, with pairs, its adjacent word pairs) into smp,
 * for its current document. */
static void read_words(sample_t *smp, const char *text, size_t text_len, int pairs)
{
    pairs_t *p = &smp->pairs;
    char prev[64], cur[64];
    size_t nprev = 0;
    int joined = 0; /* only spaces since the previous word */
    for (size_t i = 0; i < text_len && !p->failed;) {
        if (!word_char((unsigned char)text[i])) {
            if (text[i] != ' ')
                joined = 0;
            i++;
            continue;
        }
        size_t n = 0, digits = 1;
        for (; i < text_len && word_char((unsigned char)text[i]); i++) {
            if (!isdigit((unsigned char)text[i]))
                digits = 0;
            if (n < sizeof cur)
                cur[n] = (char)tolower((unsigned char)text[i]);
            n++;
        }
        int usable = n >= 2 && n < sizeof cur && !digits && !is_stop(p, cur, n);
        if (usable) {
            cur[n] = '\0';
            count_key(&smp->words, cur, n);
        }
        if (pairs && usable && joined && nprev)
            count_pair(p, prev, nprev, cur, n);
        nprev = usable ? n : 0;
        if (usable)
            memcpy(prev, cur, n);
        joined = 1;
    }
}

/* One sampled record: its title's words, its text's words and adjacent
 * word pairs. */
static int read_record(void *ctx, const char *data, size_t len)
{
    sample_t *smp = ctx;
    size_t meta_len, text_len;
    const char *text;
    nx_record_split(data, len, &meta_len, &text, &text_len);
    smp->words.doc = ++smp->pairs.doc;
    json_t *meta = json_loadb(data, meta_len, 0, NULL);
    const char *title = json_string_value(json_object_get(meta, "title"));
    if (title)
        read_words(smp, title, strlen(title), 0);
    json_decref(meta);
    read_words(smp, text, text_len, 1);
    return smp->pairs.failed || smp->words.failed;
}

static int by_r(const void *a, const void *b)
{
    const pair_t *x = a, *y = b;
    return x->r != y->r ? (x->r < y->r ? 1 : -1) : strcmp(x->pair, y->pair);
}

typedef struct {
    const char *term;
    double weight;
    uint32_t in_sample, in_index;
    int phrase;
} row_t;

static int by_weight(const void *a, const void *b)
{
    const row_t *x = a, *y = b;
    return x->weight != y->weight ? (x->weight < y->weight ? 1 : -1) : strcmp(x->term, y->term);
}

/* Documents of the archive holding the phrase (a phrase search, exact). */
static nx_status_t phrase_count(xap_db *db, xap_qp *qp, const char *pair, uint32_t *n,
                                nx_error_t *e)
{
    char text[160];
    snprintf(text, sizeof text, "\"%s\"", pair);
    xap_query *q = NULL;
    *n = 0;
    nx_status_t st = xap_qp_parse(qp, text, 0, &q, NULL, e);
    if (st == NX_E_SYNTAX || st == NX_E_QUERY) /* a pair the parser will not take */
        return NX_OK;
    if (!st)
        st = xap_count(db, q, n, e);
    xap_query_free(q);
    return st;
}

/* The sample's texts read into smp, and each stem of t named by the word
 * of it the most sampled documents hold. */
static nx_status_t read_sample(xap_db *db, sample_t *smp, xap_terms *t, nx_error_t *e)
{
    smp->pairs.stop = xap_stopwords();
    nx_status_t st = xap_terms_records(db, t, read_record, smp, e);
    if (st)
        return st;
    if (smp->pairs.failed || smp->words.failed)
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    for (size_t i = 0; i < smp->words.n && !st; i++)
        st = xap_terms_name(t, smp->words.v[i].pair, smp->words.v[i].r, e);
    return st;
}

/* Each of the sample's most held pairs as a row (its phrase count and G),
 * appended to rows (room for want more). */
static nx_status_t phrases(xap_db *db, xap_qp *qp, const char *text, uint32_t want,
                           uint32_t ndocs, row_t *rows, size_t *nrows, pairs_t *p, nx_error_t *e)
{
    nx_status_t st = NX_OK;
    uint32_t R = p->doc;
    free(p->slot); /* the order changes: the table is done */
    p->slot = NULL;
    if (p->n)
        qsort(p->v, p->n, sizeof *p->v, by_r);
    char *lower = strdup(text);
    if (!lower)
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    nx_ascii_lower(lower);
    for (size_t i = 0; i < p->n && i < (size_t)want * PHRASE_CANDIDATES; i++) {
        pair_t *c = &p->v[i];
        if (c->r < PHRASE_MIN_DOCS)
            break;
        if (strstr(lower, c->pair)) /* the query's own phrase */
            continue;
        uint32_t n;
        if ((st = phrase_count(db, qp, c->pair, &n, e)))
            break;
        if (n == 0 || (double)c->r / R <= (double)n / ndocs)
            continue; /* not over-represented in the matches */
        rows[(*nrows)++] = (row_t){c->pair, xap_dunning_g(c->r, R, n, ndocs), c->r, n, 1};
    }
    free(lower);
    return st;
}

/* A word of a listed phrase held by hardly more sampled matches than the
 * phrase (COVERED) says nothing the phrase does not: it goes ("marmalade"
 * and "factory" when every "marmalade" is a "marmalade factory"). */
#define COVERED 0.9
static int covers(const row_t *phrase, const row_t *word)
{
    size_t n = strlen(word->term);
    const char *sp = strchr(phrase->term, ' ');
    int part = ((size_t)(sp - phrase->term) == n && strncmp(phrase->term, word->term, n) == 0) ||
               strcmp(sp + 1, word->term) == 0;
    return part && phrase->in_sample >= COVERED * word->in_sample;
}

static void drop_covered(row_t *rows, size_t *nrows)
{
    size_t k = 0;
    for (size_t i = 0; i < *nrows; i++) {
        int covered = 0;
        for (size_t j = 0; !rows[i].phrase && j < *nrows && !covered; j++)
            covered = rows[j].phrase && covers(&rows[j], &rows[i]);
        if (!covered)
            rows[k++] = rows[i];
    }
    *nrows = k;
}

nx_status_t nx_terms_run(const nx_report_req_t *r, const char *text, xap_db *db, xap_qp *qp,
                         const xap_query *q, nx_printer_t *pr, int *matched, nx_error_t *e)
{
    xap_terms *t = NULL;
    uint32_t nq = 0, sampled = 0, ndocs = 0;
    sample_t smp = {0};
    row_t *rows = NULL;
    size_t nrows = 0;
    nx_status_t st;
    if ((st = xap_db_doccount(db, &ndocs, e)) ||
        (st = xap_top_terms(db, q, NX_TOP_TERMS_SAMPLE, 2 * r->top_terms, &t, &nq, &sampled,
                            e))) /* spares for the words a phrase covers */
        return st;
    if (nq && (st = read_sample(db, &smp, t, e)))
        goto out;
    size_t nwords = xap_terms_size(t);
    rows = calloc(nwords + (size_t)r->top_terms * PHRASE_CANDIDATES + 1, sizeof *rows);
    if (!rows) {
        st = nx_error_set(e, NX_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nwords; i++) {
        row_t *w = &rows[nrows++];
        xap_terms_get(t, i, &w->term, &w->weight, &w->in_sample, &w->in_index);
    }
    if (r->top_terms && nq &&
        (st = phrases(db, qp, text, r->top_terms, ndocs, rows, &nrows, &smp.pairs, e)))
        goto out;
    drop_covered(rows, &nrows);
    qsort(rows, nrows, sizeof *rows, by_weight);
    if (nrows > r->top_terms)
        nrows = r->top_terms;
    json_t *rep = json_object();
    json_object_set_new(rep, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(rep, "query", json_string(text));
    json_object_set_new(rep, "matches", json_integer(nq));
    json_object_set_new(rep, "sampled", json_integer(sampled));
    json_object_set_new(rep, "documents", json_integer(ndocs));
    json_object_set_new(rep, "measure", json_string("dunning-g"));
    json_t *arr = json_array();
    for (size_t i = 0; i < nrows; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:f,s:i,s:i}", "term", rows[i].term,
                                             "kind", rows[i].phrase ? "phrase" : "word",
                                             "weight", rows[i].weight, "in_sample",
                                             (json_int_t)rows[i].in_sample, "in_index",
                                             (json_int_t)rows[i].in_index));
    json_object_set_new(rep, "top_terms", arr);
    nx_print_report(pr, rep);
    json_decref(rep);
    *matched = nq > 0;
out:
    pairs_free(&smp.words);
    pairs_free(&smp.pairs);
    free(rows);
    xap_terms_free(t);
    return st;
}
