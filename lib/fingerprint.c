/* fingerprint.c - MinHash fingerprints of article bodies (see
 * fingerprint.h for the normalisation and the cost). */
#include "newsindex/fingerprint.h"

#include <stdlib.h>
#include <string.h>

/* The multiplier of the rolling shingle hash (odd, large). */
#define ROLL_P UINT64_C(0x9E3779B97F4A7C15)

/* splitmix64: the constants a_i, b_i of the hash functions, and the mix
 * of a shingle's rolled hash (a polynomial of word hashes is not
 * uniform in its high bits on its own). */
static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 33)) * UINT64_C(0xFF51AFD7ED558CCD);
    z = (z ^ (z >> 33)) * UINT64_C(0xC4CEB9FE1A85EC53);
    return z ^ (z >> 33);
}

typedef struct {
    uint64_t a[NX_FP_K], b[NX_FP_K];
    uint32_t min[NX_FP_K];
    uint32_t shingles;
} sketch_t;

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

/* Call emit(ctx, h) for the mixed 64-bit hash of each shingle of text,
 * in order (repeats included). */
static void walk(const char *text, size_t len, void (*emit)(void *, uint64_t), void *ctx)
{
    /* ROLL_P^(NX_FP_SHINGLE-1): what the word leaving the window weighed. */
    uint64_t top = 1;
    for (int i = 1; i < NX_FP_SHINGLE; i++)
        top *= ROLL_P;
    uint64_t win[NX_FP_SHINGLE], rolled = 0;
    unsigned inpara = 0; /* words of the paragraph so far */
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    while (p < end) {
        /* The gap before the next word: a blank line ends the paragraph. */
        unsigned newlines = 0;
        while (p < end && !word_byte(*p)) {
            if (*p == '\n')
                newlines++;
            p++;
        }
        if (newlines >= 2 || p == end) {
            if (inpara > 0 && inpara < NX_FP_SHINGLE)
                emit(ctx, mix(rolled)); /* a short paragraph: one shingle */
            inpara = 0;
            rolled = 0;
            if (p == end)
                return;
        }
        uint64_t w = UINT64_C(14695981039346656037);
        for (; p < end && word_byte(*p); p++) {
            unsigned char c = *p;
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c + 32);
            w = (w ^ c) * UINT64_C(1099511628211);
        }
        if (inpara >= NX_FP_SHINGLE)
            rolled -= win[inpara % NX_FP_SHINGLE] * top;
        rolled = rolled * ROLL_P + w;
        win[inpara % NX_FP_SHINGLE] = w;
        inpara++;
        if (inpara >= NX_FP_SHINGLE)
            emit(ctx, mix(rolled));
    }
    if (inpara > 0 && inpara < NX_FP_SHINGLE)
        emit(ctx, mix(rolled));
}

static void add_shingle(void *ctx, uint64_t h)
{
    sketch_t *s = ctx;
    for (int i = 0; i < NX_FP_K; i++) {
        uint32_t v = (uint32_t)((s->a[i] * h + s->b[i]) >> 32);
        if (v < s->min[i])
            s->min[i] = v;
    }
    s->shingles++;
}

void nx_fp_compute(const char *text, size_t len, nx_fp_t *out)
{
    sketch_t s;
    uint64_t seed = UINT64_C(0x6E657773696E6478); /* fixed: fingerprints are stored */
    for (int i = 0; i < NX_FP_K; i++) {
        s.a[i] = splitmix(&seed) | 1;
        s.b[i] = splitmix(&seed);
        s.min[i] = UINT32_MAX;
    }
    s.shingles = 0;
    walk(text, len, add_shingle, &s);
    for (int i = 0; i < NX_FP_K; i++)
        out->v[i] = (uint16_t)(s.min[i] >> 16);
    out->shingles = s.shingles;
}

typedef struct {
    uint64_t *v;
    size_t n, cap;
    int failed;
} hashes_t;

static void keep_hash(void *ctx, uint64_t h)
{
    hashes_t *hs = ctx;
    if (hs->failed)
        return;
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 64;
        uint64_t *v = realloc(hs->v, cap * sizeof *v);
        if (!v) {
            hs->failed = 1;
            return;
        }
        hs->v = v;
        hs->cap = cap;
    }
    hs->v[hs->n++] = h;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

int nx_fp_shingles(const char *text, size_t len, uint64_t **out, size_t *n)
{
    hashes_t hs = {NULL, 0, 0, 0};
    walk(text, len, keep_hash, &hs);
    *out = NULL;
    *n = 0;
    if (hs.failed) {
        free(hs.v);
        return -1;
    }
    if (hs.n)
        qsort(hs.v, hs.n, sizeof *hs.v, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < hs.n; i++)
        if (k == 0 || hs.v[k - 1] != hs.v[i])
            hs.v[k++] = hs.v[i];
    *out = hs.v;
    *n = k;
    return 0;
}

double nx_fp_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    if (na == 0 && nb == 0)
        return 1.0;
    size_t i = 0, k = 0, both = 0;
    while (i < na && k < nb) {
        if (a[i] == b[k]) {
            both++;
            i++;
            k++;
        } else if (a[i] < b[k]) {
            i++;
        } else {
            k++;
        }
    }
    return (double)both / (double)(na + nb - both);
}

double nx_fp_similarity(const nx_fp_t *a, const nx_fp_t *b)
{
    int same = 0;
    for (int i = 0; i < NX_FP_K; i++)
        same += a->v[i] == b->v[i];
    return (double)same / NX_FP_K;
}

void nx_fp_encode(const nx_fp_t *fp, uint64_t id_hash, unsigned char out[NX_FP_BYTES])
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(id_hash >> (56 - 8 * i));
    for (int i = 0; i < NX_FP_K; i++) {
        out[8 + 2 * i] = (unsigned char)(fp->v[i] >> 8);
        out[9 + 2 * i] = (unsigned char)fp->v[i];
    }
}

int nx_fp_decode(const unsigned char *in, size_t len, nx_fp_t *fp, uint64_t *id_hash)
{
    if (len != NX_FP_BYTES)
        return -1;
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = h << 8 | in[i];
    *id_hash = h;
    for (int i = 0; i < NX_FP_K; i++)
        fp->v[i] = (uint16_t)(in[8 + 2 * i] << 8 | in[9 + 2 * i]);
    fp->shingles = 1;
    return 0;
}
