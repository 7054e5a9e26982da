/* fingerprint.c - MinHash fingerprints of article bodies (see
 * fingerprint.h for the normalisation and the cost). */
#include "newsindex/fingerprint.h"

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

static void add_shingle(sketch_t *s, uint64_t rolled)
{
    uint64_t h = mix(rolled);
    for (int i = 0; i < NX_FP_K; i++) {
        uint32_t v = (uint32_t)((s->a[i] * h + s->b[i]) >> 32);
        if (v < s->min[i])
            s->min[i] = v;
    }
    s->shingles++;
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
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
                add_shingle(&s, rolled); /* a short paragraph: one shingle */
            inpara = 0;
            rolled = 0;
            if (p == end)
                break;
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
            add_shingle(&s, rolled);
    }
    if (inpara > 0 && inpara < NX_FP_SHINGLE)
        add_shingle(&s, rolled);
    for (int i = 0; i < NX_FP_K; i++)
        out->v[i] = (uint16_t)(s.min[i] >> 16);
    out->shingles = s.shingles;
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
