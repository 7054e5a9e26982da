/* fuzz_decode.c - the decoder every file's bytes go through
 * (indexer/ingest/ingest.h, decode.c): nx_decode_screen() (empty and
 * binary files, UTF-16, NUL bytes), nx_decode_declared() (the charset a
 * page or an XML declaration names) and nx_decode() (BOMs, the UTF-8 and
 * Windows-1252 guesses, iconv for any other charset); and the UTF-8
 * helpers of include/newsindex/text.h that the parsers and the name
 * escaping use (nx_utf8_decode, nx_utf8_repair, nx_squeeze_space,
 * nx_escape_name, hex).
 *
 * Input: a charset name NUL the bytes. The name is cut to what
 * nx_decode_declared() can give (lowercase letters, digits, - _ . :, at
 * most 63 bytes), as a file can declare any charset. The bytes are decoded
 * with that name, with the charset they declare themselves, and with none.
 *
 * Checked: the screen refuses with a reason or gives NUL-free text; a
 * declared charset is lowercase; every decoding is valid UTF-8 with no
 * control characters but '\n' and '\t'; repairing repaired text changes
 * nothing, and clean text is left as it is; squeezed text has no blank at
 * either end and no two in a row; an escaped name is clean and equals the
 * name when nothing needed escaping; hex decodes back to the bytes. */
#include "fuzz.h"
#include "ingest/ingest.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int is_clean(const char *s, size_t n)
{
    if (!nx_utf8_valid(s, n))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            return 0;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0)
            return 0;
    }
    return 1;
}

static int charset_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
}

static void check_decoded(const char *s, size_t n, const char *charset)
{
    char *d = nx_decode(s, n, charset);
    FUZZ_REQUIRE(d, "out of memory");
    fuzz_check_clean(d, strlen(d));
    free(d);
}

static void check_utf8_helpers(const char *s, size_t size)
{
    /* Code points: every step moves 1..4 bytes forward. */
    for (size_t i = 0; i < size;) {
        size_t len = 0;
        uint32_t cp = nx_utf8_decode(s + i, size - i, &len);
        FUZZ_CHECK(len >= 1 && len <= 4 && len <= size - i);
        FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
        i += len;
    }

    char *r = nx_utf8_repair(s, size);
    FUZZ_REQUIRE(r, "out of memory");
    size_t rn = strlen(r);
    fuzz_check_clean(r, rn);
    char *rr = nx_utf8_repair(r, rn);
    FUZZ_REQUIRE(rr, "out of memory");
    FUZZ_CHECK(strcmp(r, rr) == 0);
    free(rr);
    if (is_clean(s, size) && !memchr(s, '\0', size))
        FUZZ_CHECK(rn == size && memcmp(r, s, size) == 0);

    char *sq = nx_strdup(r);
    FUZZ_REQUIRE(sq, "out of memory");
    nx_squeeze_space(sq);
    size_t sn = strlen(sq);
    FUZZ_CHECK(sn <= rn);
    if (sn) {
        FUZZ_CHECK(sq[0] != ' ' && sq[sn - 1] != ' ');
        FUZZ_CHECK(!strstr(sq, "  ") && !strchr(sq, '\n') && !strchr(sq, '\t'));
    }
    FUZZ_CHECK(nx_utf8_valid(sq, sn));
    free(sq);
    free(r);

    /* Names are C strings: up to the first NUL. */
    char *name = fuzz_cstr((const uint8_t *)s, size);
    char *esc = nx_escape_name(name);
    FUZZ_REQUIRE(esc, "out of memory");
    fuzz_check_clean(esc, strlen(esc));
    FUZZ_CHECK(!strchr(esc, '\n') && !strchr(esc, '\t'));
    if (!nx_name_needs_escape(name))
        FUZZ_CHECK(strcmp(esc, name) == 0);
    else
        FUZZ_CHECK(strcmp(esc, name) != 0);
    free(esc);
    free(name);

    char *hex = nx_hex_encode(s, size);
    FUZZ_REQUIRE(hex, "out of memory");
    FUZZ_CHECK(strlen(hex) == 2 * size);
    char *back = nx_hex_decode(hex);
    FUZZ_REQUIRE(back, "out of memory");
    FUZZ_CHECK(size == 0 || memcmp(back, s, size) == 0);
    free(back);
    free(hex);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t cn = nul ? (size_t)(nul - data) : 0;
    char charset[64];
    size_t k = 0;
    for (size_t i = 0; i < cn && k + 1 < sizeof charset; i++) {
        char c = (char)data[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (charset_char(c))
            charset[k++] = c;
    }
    charset[k] = '\0';
    const char *s = (const char *)(nul ? nul + 1 : data);
    size_t n = nul ? size - cn - 1 : size;

    char *screened;
    size_t sl;
    nx_error_t err;
    nx_status_t st = nx_decode_screen(s, n, &screened, &sl, &err);
    if (st == NX_OK) {
        FUZZ_CHECK(screened && sl > 0 && strlen(screened) == sl);
    } else {
        FUZZ_CHECK(!screened && sl == 0);
        FUZZ_CHECK(err.code == st && err.msg[0] != '\0');
    }

    char declared[32];
    nx_decode_declared(s, n, declared, sizeof declared);
    FUZZ_CHECK(strlen(declared) < sizeof declared);
    for (const char *p = declared; *p; p++)
        FUZZ_CHECK(charset_char(*p));

    check_decoded(s, n, charset);
    check_decoded(s, n, NULL);
    if (strcmp(declared, charset) != 0)
        check_decoded(s, n, declared);
    if (screened) {
        /* What a parser gets: the screened bytes, its declared charset. */
        check_decoded(screened, sl, declared);
        free(screened);
    }

    check_utf8_helpers(s, n);
    return 0;
}
