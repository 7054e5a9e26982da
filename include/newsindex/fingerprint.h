/* fingerprint.h - near-duplicate fingerprints of article bodies (MinHash).
 *
 * The body is normalised to words: maximal runs of ASCII letters and
 * digits and of bytes >= 0x80 (UTF-8 letters pass whole), ASCII
 * lowercased; everything else separates words. Paragraphs (parts of the
 * text between blank lines, "\n\n") are shingled on their own, so that a
 * reordered article keeps every shingle: each run of NX_FP_SHINGLE
 * consecutive words of a paragraph is one shingle, and a paragraph of
 * fewer words is one shingle of all of them. The fingerprint keeps, for
 * each of NX_FP_K hash functions, the least hash over the shingles (16
 * bits of it): the fraction of positions at which two fingerprints agree
 * estimates the Jaccard similarity of the two shingle sets (standard error
 * sqrt(J(1-J)/64), 0.057 at J = 0.7).
 *
 * Cost: each word is hashed once as it is read, each shingle's hash is
 * rolled from its words' hashes (a polynomial hash: one multiply and add
 * per word), mixed once into 64 bits, and the NX_FP_K hash functions are
 * h_i = a_i h + b_i (mod 2^64, the high 32 bits kept) for fixed odd a_i:
 * one multiply-add and a compare per function and shingle. */
#ifndef NEWSINDEX_FINGERPRINT_H
#define NEWSINDEX_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#define NX_FP_K 64       /* hash functions (values in a fingerprint) */
#define NX_FP_SHINGLE 5  /* words per shingle */
/* The stored form (value slot NX_SLOT_FINGERPRINT): the 64-bit hash of
 * the document's id (nx_fnv1a), then the NX_FP_K values, each big-endian. */
#define NX_FP_BYTES (8 + 2 * NX_FP_K)

typedef struct {
    uint16_t v[NX_FP_K];
    uint32_t shingles; /* distinct or not: 0 means the text has no word */
} nx_fp_t;

/* The fingerprint of text[0..len) (any bytes; NUL is a separator). */
void nx_fp_compute(const char *text, size_t len, nx_fp_t *out);

/* The estimated Jaccard similarity of two fingerprints: the fraction of
 * their NX_FP_K values that are equal (0..1). */
double nx_fp_similarity(const nx_fp_t *a, const nx_fp_t *b);

/* The exact measure the fingerprint estimates: the shingles of text as
 * 64-bit hashes (the ones nx_fp_compute draws from), sorted and distinct,
 * into *out (malloc'd, *n of them; NULL and 0 for none). 0, or -1 when out
 * of memory. */
int nx_fp_shingles(const char *text, size_t len, uint64_t **out, size_t *n);
/* The Jaccard similarity of two such sets (1 when both are empty). */
double nx_fp_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* Encode fp and the id hash into out[NX_FP_BYTES]; decode them back
 * (returns 0, or -1 when len is not NX_FP_BYTES). */
void nx_fp_encode(const nx_fp_t *fp, uint64_t id_hash, unsigned char out[NX_FP_BYTES]);
int nx_fp_decode(const unsigned char *in, size_t len, nx_fp_t *fp, uint64_t *id_hash);

#endif
