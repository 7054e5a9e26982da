/* hash.h - the one string hash: 64-bit FNV-1a (offset basis
 * 14695981039346656037, prime 1099511628211), byte by byte or whole. Used
 * by the in-memory tables (sources, countries, topics) and for the hash
 * that cuts long terms short (schema.c), which the index stores. */
#ifndef NEWSINDEX_HASH_H
#define NEWSINDEX_HASH_H

#include <stddef.h>
#include <stdint.h>

#define NX_FNV_OFFSET UINT64_C(14695981039346656037)
#define NX_FNV_PRIME UINT64_C(1099511628211)

/* One byte more into a hash begun at NX_FNV_OFFSET. */
static inline uint64_t nx_fnv1a_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * NX_FNV_PRIME;
}

/* The hash of s[0..n). */
uint64_t nx_fnv1a(const char *s, size_t n);

#endif
