/* fuzz.h - what the libFuzzer targets in tests/fuzz/ share: finding the
 * data files, a private temporary directory, and the invariants checked on
 * every result (a broken invariant aborts, which libFuzzer reports as a
 * crash with the input that caused it).
 *
 * Header-only (static functions) so each target is one .c file. */
#ifndef NEWSINDEX_FUZZ_H
#define NEWSINDEX_FUZZ_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsindex/text.h"

/* The libFuzzer entry points (the fuzzer's own main() calls them). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: print what failed and abort. */
#define FUZZ_CHECK(cond)                                                                         \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);         \
            abort();                                                                             \
        }                                                                                        \
    } while (0)

/* Set up (or abort): something the target needs at start is missing. */
#define FUZZ_REQUIRE(cond, ...)                                                                  \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "fuzz: ");                                                           \
            fprintf(stderr, __VA_ARGS__);                                                        \
            fprintf(stderr, "\n");                                                               \
            abort();                                                                             \
        }                                                                                        \
    } while (0)

static inline int fuzz_readable(const char *p)
{
    return access(p, R_OK) == 0;
}

/* The directory holding countries.tsv, topics.tsv and sources.tsv:
 * $NX_DATA_DIR, else data/ found beside or above the target binary
 * (build-fuzz/fuzz_x -> ../data). NX_DATA_DIR is then set to it, so that
 * nx_data_path() (the query target's lazy loads) finds the same files.
 * Static storage; aborts when there is none. */
static inline const char *fuzz_data_dir(void)
{
    static char dir[PATH_MAX];
    if (*dir)
        return dir;
    const char *env = getenv("NX_DATA_DIR");
    char probe[PATH_MAX + 32];
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            snprintf(probe, sizeof probe, "%s/data/countries.tsv", exe);
            if (fuzz_readable(probe)) {
                snprintf(dir, sizeof dir, "%s/data", exe);
                break;
            }
        }
    }
    if (!*dir && fuzz_readable("data/countries.tsv"))
        snprintf(dir, sizeof dir, "data");
    FUZZ_REQUIRE(*dir, "cannot find data/countries.tsv: set NX_DATA_DIR");
    setenv("NX_DATA_DIR", dir, 1);
    return dir;
}

/* dir/name into buf. */
static inline const char *fuzz_data_file(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", fuzz_data_dir(), name);
    return buf;
}

/* A malloc'd NUL-terminated copy of data[0..size) (the functions under test
 * take C strings); NUL bytes inside stay, so the string may be shorter. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FUZZ_REQUIRE(s, "out of memory");
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Split data at the first NUL ('\0') bytes into at most max NUL-terminated
 * parts, each malloc'd into part[i] (missing parts are NULL). The fuzzer
 * learns the separator quickly; seeds use it. Returns the number of parts. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, char **part, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i < max; i++)
        part[i] = NULL;
    for (size_t i = 0; i <= size && n < max; i++) {
        if (i == size || (data[i] == 0 && n + 1 < max)) {
            part[n++] = fuzz_cstr(data + start, i - start);
            start = i + 1;
            if (i == size)
                break;
        }
    }
    return n;
}

/* A string the code under test promises is valid UTF-8 (NULL allowed). */
static inline void fuzz_check_utf8(const char *s)
{
    if (s)
        FUZZ_CHECK(nx_utf8_valid(s, strlen(s)));
}

/* text.h's promise for repaired text: valid UTF-8 and no raw control
 * characters other than '\n' and '\t'. */
static inline void fuzz_check_clean(const char *s, size_t n)
{
    FUZZ_CHECK(nx_utf8_valid(s, n));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
        FUZZ_CHECK(c != 0x7f);
        /* C1 controls, U+0080..U+009F, are C2 80..C2 9F. */
        FUZZ_CHECK(!(c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0));
    }
}

#endif
