/* decode.c - a file's bytes to UTF-8, once: the screening every file gets
 * before a parser sees it, and the one decoder the parsers call with their
 * charset hint.
 *
 * Screening, in order: an empty or white-space-only file is refused ("empty
 * file"); UTF-16 (with a BOM, or ASCII text with every other byte NUL) is
 * transcoded to UTF-8; a known binary signature or a high share of control
 * bytes in the first 4 KB is refused ("binary data"); remaining NUL bytes
 * (a few stray ones in otherwise good text) are dropped.
 *
 * Decoding, in order: a byte-order mark decides (UTF-8, UTF-16LE/BE); then
 * the declared charset, if the caller has one: UTF-8 is taken as UTF-8
 * (repaired) unless not one valid multi-byte sequence backs the claim;
 * Latin-1 and its relatives are read as Windows-1252, as browsers do,
 * unless the bytes are valid UTF-8 with some non-ASCII in them (mislabelled
 * UTF-8 is common; real Latin-1 text almost never forms valid multi-byte
 * sequences); any other charset goes through iconv; without a declaration
 * the bytes are UTF-8 when most non-ASCII sequences are valid UTF-8, else
 * Windows-1252. The result is always repaired UTF-8 (nx_utf8_repair's
 * rules: no NUL, no control characters but tab and newline). */
#include "ingest/ingest.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newsindex/text.h"

#define SNIFF_BYTES 4096u     /* bytes looked at for binary data and UTF-16 */
#define DECLARED_BYTES 8192u  /* bytes searched for a declared charset */

/* ---- screening ---- */

static int has_prefix(const unsigned char *u, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(u, magic, m) == 0;
}

static int binary_signature(const unsigned char *u, size_t n)
{
    return has_prefix(u, n, "%PDF-", 5) || has_prefix(u, n, "\x89PNG\r\n\x1a\n", 8) ||
           has_prefix(u, n, "GIF87a", 6) || has_prefix(u, n, "GIF89a", 6) ||
           has_prefix(u, n, "\xff\xd8\xff", 3) || has_prefix(u, n, "PK\x03\x04", 4) ||
           has_prefix(u, n, "\x7f" "ELF", 4) || has_prefix(u, n, "\x1f\x8b", 2) ||
           has_prefix(u, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) ||
           has_prefix(u, n, "BZh", 3) || has_prefix(u, n, "\xfd" "7zXZ", 5) ||
           has_prefix(u, n, "\x28\xb5\x2f\xfd", 4) || has_prefix(u, n, "7z\xbc\xaf\x27\x1c", 6);
}

/* Control bytes that do not occur in text (not tab, newline, CR, FF, VT). */
static int is_binary_byte(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
           c == 0x7f;
}

static int looks_binary(const unsigned char *u, size_t n)
{
    size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES, bad = 0;
    for (size_t i = 0; i < m; i++)
        bad += is_binary_byte(u[i]);
    /* Text in any 8-bit encoding has next to none; random or compressed
     * bytes have about one in nine. A handful of strays is tolerated. */
    return bad >= 4 && bad * 100 > m * 8;
}

/* UTF-16 without a BOM: ASCII-range text has a NUL in every other byte.
 * 1: little-endian, 2: big-endian, 0: not UTF-16. */
static int utf16_guess(const unsigned char *u, size_t n)
{
    size_t m = n < SNIFF_BYTES ? n & ~(size_t)1 : SNIFF_BYTES;
    if (m < 8)
        return 0;
    size_t z_even = 0, z_odd = 0;
    for (size_t i = 0; i < m; i += 2) {
        z_even += u[i] == 0;
        z_odd += u[i + 1] == 0;
    }
    size_t pairs = m / 2;
    if (z_odd * 10 >= pairs * 9 && z_even * 10 <= pairs)
        return 1;
    if (z_even * 10 >= pairs * 9 && z_odd * 10 <= pairs)
        return 2;
    return 0;
}

static int all_space(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        i = 3;
    for (; i < n; i++) {
        if (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (!isspace(u[i]) && u[i] != 0)
            return 0;
    }
    return 1;
}

/* ---- transcoders ---- */

/* Windows-1252's 0x80..0x9F block; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* Windows-1252 (a superset of the printable ISO-8859-1 range) to UTF-8,
 * with nx_utf8_repair's rules for control characters. */
static char *cp1252_to_utf8(const char *s, size_t n)
{
    if (n > ((size_t)-1 - 1) / 3)
        return NULL;
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        if (c >= 0x80 && c < 0xA0)
            cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
        if (cp < 0x20 && cp != '\t' && cp != '\n') {
            if (cp == '\f' || cp == '\v')
                out[o++] = '\n';
            continue;
        }
        if (cp == 0x7F)
            continue;
        o += nx_utf8_put(out + o, cp);
    }
    out[o] = '\0';
    return out;
}

static uint32_t unit16(const unsigned char *p, int big)
{
    return big ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[1] << 8 | p[0]);
}

/* UTF-16 (no BOM) to UTF-8; unpaired surrogates become U+FFFD, control
 * characters other than tab and newline are dropped. */
static char *utf16_to_utf8(const unsigned char *s, size_t n, int big)
{
    char *out = malloc((n / 2) * 3 + 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = unit16(s + i, big);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo = unit16(s + i + 2, big);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
        }
        if (u < 0x20 && u != '\t' && u != '\n')
            continue;
        if (u == 0x7F || (u >= 0x80 && u < 0xA0))
            continue;
        o += nx_utf8_put(out + o, u);
    }
    out[o] = '\0';
    return out;
}

/* Transcode with iconv; bytes it cannot convert become U+FFFD. NULL when
 * the charset is unknown to iconv (or on ENOMEM). */
static char *iconv_to_utf8(const char *cs, const char *s, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n * 4 + 16, o = 0;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        char *op = out + o;
        size_t oleft = cap - o - 4;
        size_t r = iconv(cd, &in, &inleft, &op, &oleft);
        o = (size_t)(op - out);
        if (r != (size_t)-1)
            break;
        /* E2BIG: more room; EILSEQ or EINVAL: one bad byte, which needs
         * three bytes of room for its U+FFFD. */
        int bad = errno != E2BIG;
        if (!bad || o + 3 >= cap - 4) {
            char *nout = realloc(out, cap * 2);
            if (!nout) {
                free(out);
                iconv_close(cd);
                return NULL;
            }
            out = nout;
            cap *= 2;
        }
        if (!bad)
            continue;
        memcpy(out + o, "\xef\xbf\xbd", 3);
        o += 3;
        in++;
        inleft--;
    }
    iconv_close(cd);
    char *r = nx_utf8_repair(out, o);
    free(out);
    return r;
}

/* ---- the decision ---- */

/* Non-ASCII sequences in s[0..n) that are valid UTF-8 (good) and that are
 * not (bad); a U+FFFD written out counts as good. */
static void utf8_counts(const char *s, size_t n, size_t *good, size_t *bad)
{
    *good = *bad = 0;
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp = nx_utf8_decode(s + i, n - i, &len);
        if (cp == 0xFFFD && !(len == 3 && !memcmp(s + i, "\xef\xbf\xbd", 3)))
            (*bad)++;
        else
            (*good)++;
        i += len;
    }
}

static int has_high_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

/* No charset to go by: a BOM, else UTF-8 unless the bytes that are not
 * valid UTF-8 are at least as many as those that are (real UTF-8 text has
 * next to no strays; Latin-1 and cp1252 text is nearly all strays). */
static char *guess(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return nx_utf8_repair(s + 3, n - 3);
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return utf16_to_utf8(u + 2, n - 2, 0);
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return utf16_to_utf8(u + 2, n - 2, 1);
    size_t good, bad;
    utf8_counts(s, n, &good, &bad);
    if (bad > 0 && bad >= good)
        return cp1252_to_utf8(s, n);
    return nx_utf8_repair(s, n);
}

static int has_bom(const unsigned char *u, size_t n)
{
    return (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ||
           (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)));
}

/* Charsets read as Windows-1252 (when the bytes are not valid UTF-8). */
static const char *const latin_names[] = {
    "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-cp1252",
    "us-ascii", "ascii", "iso_8859-1", "iso-8859-15", "8859-1", "ansi_x3.4-1968", NULL};

static int is_latin(const char *cs)
{
    for (int i = 0; latin_names[i]; i++)
        if (strcmp(cs, latin_names[i]) == 0)
            return 1;
    return 0;
}

char *nx_decode(const char *s, size_t n, const char *charset)
{
    const char *cs = charset ? charset : "";
    if (has_bom((const unsigned char *)s, n) || !cs[0] || !strncmp(cs, "utf-16", 6))
        return guess(s, n);
    if (!strcmp(cs, "utf-8") || !strcmp(cs, "utf8")) {
        /* Declared UTF-8 with some valid multi-byte sequences: repair the
         * bad ones; with none at all, it is mislabelled Windows-1252. */
        size_t good, bad;
        utf8_counts(s, n, &good, &bad);
        if (good > 0 || bad == 0)
            return nx_utf8_repair(s, n);
        return cp1252_to_utf8(s, n);
    }
    if (has_high_bytes(s, n) && nx_utf8_valid(s, n))
        return nx_utf8_repair(s, n);
    if (is_latin(cs))
        return cp1252_to_utf8(s, n);
    char *r = iconv_to_utf8(cs, s, n);
    return r ? r : guess(s, n);
}

void nx_decode_declared(const char *s, size_t n, char *cs, size_t csz)
{
    cs[0] = '\0';
    size_t m = n < DECLARED_BYTES ? n : DECLARED_BYTES;
    for (size_t i = 0; i + 8 < m; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0 && strncasecmp(s + i, "encoding", 8) != 0)
            continue;
        size_t j = i + (tolower((unsigned char)s[i]) == 'c' ? 7 : 8);
        while (j < m && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j >= m || s[j] != '=')
            continue;
        j++;
        while (j < m && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = 0;
        while (j < m && k + 1 < csz &&
               (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.' ||
                s[j] == ':'))
            cs[k++] = (char)tolower((unsigned char)s[j++]);
        cs[k] = '\0';
        if (k)
            return;
    }
}

nx_status_t nx_decode_screen(const char *data, size_t len, char **out, size_t *outlen,
                             nx_error_t *err)
{
    *out = NULL;
    *outlen = 0;
    if (!data || len == 0 || all_space(data, len))
        return nx_error_set(err, NX_E_PARSE, "empty file");
    const unsigned char *u = (const unsigned char *)data;
    char *conv = NULL;
    int bom16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    int g16 = bom16 ? 0 : utf16_guess(u, len);
    if (bom16) {
        conv = utf16_to_utf8(u + 2, len - 2, u[0] == 0xFE);
    } else if (g16) {
        conv = utf16_to_utf8(u, len, g16 == 2);
    } else {
        if (binary_signature(u, len) || looks_binary(u, len))
            return nx_error_set(err, NX_E_PARSE, "binary data");
        /* Drop NUL bytes: the parsers work on C strings. */
        conv = malloc(len + 1);
        if (conv) {
            size_t o = 0;
            for (size_t i = 0; i < len; i++)
                if (data[i])
                    conv[o++] = data[i];
            conv[o] = '\0';
        }
    }
    if (!conv)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    size_t clen = strlen(conv);
    if (all_space(conv, clen)) {
        free(conv);
        return nx_error_set(err, NX_E_PARSE, "empty file");
    }
    *out = conv;
    *outlen = clen;
    return NX_OK;
}
