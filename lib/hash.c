/* hash.c - 64-bit FNV-1a (see hash.h). */
#include "newsindex/hash.h"

uint64_t nx_fnv1a(const char *s, size_t n)
{
    uint64_t h = NX_FNV_OFFSET;
    for (size_t i = 0; i < n; i++)
        h = nx_fnv1a_step(h, (unsigned char)s[i]);
    return h;
}
