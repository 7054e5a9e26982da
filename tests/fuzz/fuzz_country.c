/* fuzz_country.c - the gazetteer matcher (include/newsindex/country.h):
 * nx_countries_extract() on a title, a dateline place and a text, with
 * data/countries.tsv loaded once; and nx_country_lookup() on what a user
 * may type after country: or --country.
 *
 * Input: title NUL dateline NUL text (missing parts are NULL). The three
 * are made valid UTF-8 first (the parsers hand the extractor nothing else);
 * the lookup gets the raw title bytes. Checked: at most max codes, each two
 * lowercase letters that name a country, none twice; a smaller max gives
 * the first codes of a larger one (most relevant first). */
#include "fuzz.h"
#include "newsindex/country.h"

static nx_gazetteer_t *gaz;

static void free_gaz(void)
{
    nx_gazetteer_free(gaz);
    gaz = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char path[PATH_MAX + 32];
    nx_error_t err;
    FUZZ_REQUIRE(nx_gazetteer_load(fuzz_data_file("countries.tsv", path, sizeof path), &gaz,
                                   &err) == NX_OK,
                 "%s", err.msg);
    atexit(free_gaz);
    return 0;
}

static void check_code(const char code[3])
{
    FUZZ_CHECK(code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z');
    FUZZ_CHECK(code[2] == '\0');
    FUZZ_CHECK(nx_country_name(gaz, code) != NULL);
}

static char *repaired(const char *s)
{
    if (!s)
        return NULL;
    char *r = nx_utf8_repair(s, strlen(s));
    FUZZ_REQUIRE(r, "out of memory");
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *part[3];
    fuzz_split(data, size, part, 3);
    char *title = repaired(part[0]), *place = repaired(part[1]), *text = repaired(part[2]);
    nx_country_input_t in = {title, place, text};

    char codes[16][3], few[2][3];
    size_t n = 99, k = 99;
    FUZZ_CHECK(nx_countries_extract(gaz, &in, codes, 16, &n) == NX_OK);
    FUZZ_CHECK(n <= 16);
    for (size_t i = 0; i < n; i++) {
        check_code(codes[i]);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(codes[i], codes[j]) != 0);
    }
    FUZZ_CHECK(nx_countries_extract(gaz, &in, few, 2, &k) == NX_OK);
    FUZZ_CHECK(k == (n < 2 ? n : 2));
    for (size_t i = 0; i < k; i++)
        FUZZ_CHECK(strcmp(few[i], codes[i]) == 0);

    char code[3];
    if (part[0] && nx_country_lookup(gaz, part[0], code))
        check_code(code);

    for (int i = 0; i < 3; i++)
        free(part[i]);
    free(title);
    free(place);
    free(text);
    return 0;
}
