/* text.c - growable buffers and UTF-8 hygiene. */
#include "newsindex/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Buffers keep the first failure (as SQLite FTS5's fts5_buffer.c keeps
 * its rc): every append after it does nothing and returns it, so a run of
 * appends is checked once, by nx_buf_status() or by nx_buf_steal(). */
static nx_status_t fail(nx_buf_t *b, nx_status_t st)
{
    b->status = st;
    return st;
}

static nx_status_t grow(nx_buf_t *b, size_t extra)
{
    if (extra > (size_t)-1 / 2 - b->len)
        return fail(b, NX_E_NOMEM);
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return NX_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return fail(b, NX_E_NOMEM);
    b->data = p;
    b->cap = cap;
    return NX_OK;
}

nx_status_t nx_buf_append(nx_buf_t *b, const char *s, size_t n)
{
    if (b->status != NX_OK)
        return b->status;
    if (grow(b, n) != NX_OK)
        return b->status;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return NX_OK;
}

nx_status_t nx_buf_puts(nx_buf_t *b, const char *s)
{
    return nx_buf_append(b, s, strlen(s));
}

nx_status_t nx_buf_putc(nx_buf_t *b, char c)
{
    return nx_buf_append(b, &c, 1);
}

nx_status_t nx_buf_printf(nx_buf_t *b, const char *fmt, ...)
{
    if (b->status != NX_OK)
        return b->status;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return fail(b, NX_E_INTERNAL);
    if (grow(b, (size_t)n) != NX_OK)
        return b->status;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return NX_OK;
}

nx_status_t nx_buf_status(const nx_buf_t *b)
{
    return b->status;
}

char *nx_buf_steal(nx_buf_t *b)
{
    char *s = b->status == NX_OK ? b->data : NULL;
    if (b->status != NX_OK)
        free(b->data);
    else if (!s)
        s = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    b->status = NX_OK;
    return s;
}

void nx_buf_reset(nx_buf_t *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void nx_buf_free(nx_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->status = NX_OK;
}

uint32_t nx_utf8_decode(const char *str, size_t n, size_t *len)
{
    const unsigned char *s = (const unsigned char *)str;
    *len = 1;
    if (n == 0)
        return 0xFFFD;
    unsigned c = s[0];
    if (c < 0x80)
        return c;
    size_t need;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2; cp = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3; cp = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4; cp = c & 0x07; min = 0x10000;
    } else {
        return 0xFFFD;
    }
    if (n < need)
        return 0xFFFD;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *len = need;
    return cp;
}

/* True when the decode of s consumed a real U+FFFD rather than failing. */
static int is_real_fffd(const char *s, size_t len)
{
    return len == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0;
}

int nx_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = nx_utf8_decode(s + i, n - i, &len);
        if (cp == 0xFFFD && !is_real_fffd(s + i, len))
            return 0;
        i += len;
    }
    return 1;
}

size_t nx_utf8_upper_len(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c >= 0x80) {
        size_t len;
        uint32_t cp = nx_utf8_decode(s, n, &len);
        if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
            (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0))
            return len;
    }
    return 0;
}

size_t nx_utf8_put(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *nx_utf8_repair(const char *s, size_t n)
{
    /* Each input byte yields at most 3 output bytes (one bad byte -> U+FFFD). */
    if (n > ((size_t)-1 - 1) / 3)
        return NULL;
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = nx_utf8_decode(s + i, n - i, &len);
        i += len;
        if (cp < 0x20) {
            if (cp == '\t' || cp == '\n')
                out[o++] = (char)cp;
            else if (cp == '\f' || cp == '\v')
                out[o++] = '\n';
            continue;
        }
        if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            continue;
        o += nx_utf8_put(out + o, cp);
    }
    out[o] = '\0';
    return out;
}

char *nx_squeeze_space(char *s)
{
    if (!s)
        return s;
    char *o = s;
    const char *p = s;
    int space = 1; /* drops leading space */
    while (*p) {
        int is_sp = 0;
        size_t skip = 1;
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            is_sp = 1;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
            is_sp = 1;
            skip = 2;
        }
        if (is_sp) {
            if (!space)
                *o++ = ' ';
            space = 1;
            p += skip;
        } else {
            *o++ = *p++;
            space = 0;
        }
    }
    if (o > s && o[-1] == ' ')
        o--;
    *o = '\0';
    return s;
}

char *nx_ascii_lower(char *s)
{
    for (char *p = s; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return s;
}

char *nx_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *nx_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Code points a file name must not show raw: controls, and the format
 * characters that reorder or hide the text around them. */
static int hidden_cp(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Writes the escaped form of s into out (when not NULL); returns its
 * length. */
static size_t escape_name(const char *s, char *out)
{
    size_t n = strlen(s), o = 0;
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t cp = nx_utf8_decode(s + i, n - i, &len);
        int bad = cp == 0xFFFD && !is_real_fffd(s + i, len);
        char tmp[16];
        size_t k;
        if (bad || (len == 1 && hidden_cp(cp))) {
            k = (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", (unsigned char)s[i]);
            len = 1;
        } else if (hidden_cp(cp)) {
            k = (size_t)snprintf(tmp, sizeof tmp, "\\u{%04X}", (unsigned)cp);
        } else {
            if (out)
                memcpy(out + o, s + i, len);
            o += len;
            i += len;
            continue;
        }
        if (out)
            memcpy(out + o, tmp, k);
        o += k;
        i += len;
    }
    if (out)
        out[o] = '\0';
    return o;
}

int nx_name_needs_escape(const char *s)
{
    return escape_name(s, NULL) != strlen(s); /* every escape is longer */
}

char *nx_escape_name(const char *s)
{
    char *out = malloc(escape_name(s, NULL) + 1);
    if (out)
        escape_name(s, out);
    return out;
}

char *nx_hex_encode(const char *s, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *out = malloc(2 * n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[(unsigned char)s[i] >> 4];
        out[2 * i + 1] = digits[(unsigned char)s[i] & 15];
    }
    out[2 * n] = '\0';
    return out;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

char *nx_hex_decode(const char *hex)
{
    size_t n = strlen(hex) / 2, i;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            break;
        out[i] = (char)(hi * 16 + lo);
    }
    out[i] = '\0';
    return out;
}
