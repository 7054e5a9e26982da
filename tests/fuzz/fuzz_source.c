/* fuzz_source.c - source names (include/newsindex/source.h):
 * nx_sources_normalize() and nx_sources_known() with data/sources.tsv
 * loaded once, on what a file's byline, copyright or publisher says and
 * what a user types after source: or --source; and the same without a
 * table (tidying only).
 *
 * Input: the raw name (up to its first NUL byte). It goes in as it is (a
 * user's bytes: only memory safety is checked) and made valid UTF-8, as
 * the parsers hand it over. Checked on the latter: a name given is valid
 * UTF-8, not empty, at most NX_SOURCE_MAX bytes, without a blank at either
 * end; normalizing it again gives it back, up to ASCII case (a canonical
 * name is its own canonical name: the facet value newssearch shows finds
 * its documents as source:VALUE). */
#include <strings.h>

#include "fuzz.h"
#include "newsindex/source.h"

static nx_sources_t *sources;

/* Normalizing a normalized name gives it back (up to ASCII case): a facet
 * value finds its own documents as source:VALUE. The fuzzer found
 * "Acme (c) 2021 Staff" -> "Acme (c) 2021" -> "Acme" (fixed in
 * lib/source.c; inputs in regressions/fuzz_source/). */

static void free_sources(void)
{
    nx_sources_free(sources);
    sources = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char path[PATH_MAX + 32];
    nx_error_t err;
    FUZZ_REQUIRE(nx_sources_load(fuzz_data_file("sources.tsv", path, sizeof path), &sources,
                                 &err) == NX_OK,
                 "%s", err.msg);
    atexit(free_sources);
    return 0;
}

static void check_name(const nx_sources_t *table, const char *v)
{
    if (!v)
        return;
    size_t n = strlen(v);
    FUZZ_CHECK(n > 0 && n <= NX_SOURCE_MAX);
    FUZZ_CHECK(nx_utf8_valid(v, n));
    FUZZ_CHECK(v[0] != ' ' && v[n - 1] != ' ');
    char *again = nx_sources_normalize(table, v);
    FUZZ_CHECK(again != NULL);
    /* Up to ASCII case: the source term is lowercased ("R.eu" and the
     * host "r.eu" find the same documents). */
    if (strcasecmp(again, v) != 0) {
        fprintf(stderr, "normalize(\"%s\") = \"%s\"\n", v, again);
        FUZZ_CHECK(!"normalizing a normalized name changes it");
    }
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = fuzz_cstr(data, size);
    free(nx_sources_normalize(sources, raw));
    (void)nx_sources_known(sources, raw);
    char *utf8 = nx_utf8_repair(raw, strlen(raw));
    FUZZ_REQUIRE(utf8, "out of memory");
    char *v = nx_sources_normalize(sources, utf8);
    check_name(sources, v);
    free(v);
    char *t = nx_sources_normalize(NULL, utf8);
    check_name(NULL, t);
    free(t);
    free(utf8);
    free(raw);
    return 0;
}
