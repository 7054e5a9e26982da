/* sniff.c - nx_parse_file(): screening the bytes, guessing the format from
 * the content, and running one parser; plus the helpers the parsers share.
 *
 * Screening, in order: an empty or white-space-only file is refused ("empty
 * file"); UTF-16 (with a BOM, or ASCII text with every other byte NUL) is
 * transcoded to UTF-8; a known binary signature or a high share of control
 * bytes in the first 4 KB is refused ("binary data"); remaining NUL bytes
 * (a few stray ones in otherwise good text) are dropped. */
#include "parse/parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/xmlsafe.h"

#define SNIFF_BYTES 4096u

void nx_parse_init(void)
{
    nx_xml_init();
}

void nx_parse_cleanup(void)
{
    nx_xml_cleanup();
}

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

/* UTF-16 without a BOM: ASCII-range text has a NUL in every other byte. */
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
        return 1; /* little-endian */
    if (z_even * 10 >= pairs * 9 && z_odd * 10 <= pairs)
        return 2; /* big-endian */
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

/* ---- sniffing ---- */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (isspace((unsigned char)*p) || (unsigned char)*p == 0xEF ||
                       (unsigned char)*p == 0xBB || (unsigned char)*p == 0xBF))
        p++;
    return p;
}

static const char *find_str(const char *p, const char *end, const char *needle)
{
    size_t k = strlen(needle);
    for (; p + k <= end; p++)
        if (memcmp(p, needle, k) == 0)
            return p;
    return NULL;
}

static int istarts(const char *p, const char *end, const char *w)
{
    size_t k = strlen(w);
    return (size_t)(end - p) >= k && strncasecmp(p, w, k) == 0;
}

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == ':' || c == '-' || c == '_' || c == '.' ||
           (unsigned char)c >= 0x80;
}

static const char *const html_elements[] = {
    "html", "head", "body", "div", "p", "span", "a", "table", "article", "section", "main",
    "header", "footer", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "br",
    "b", "i", "em", "strong", "meta", "title", "link", "script", "style", "img", "form",
    "center", "font", "pre", "blockquote", "iframe", "noscript", "figure", "time", "aside",
    "hr", "dl", "input", "button", "svg", "frameset", "base", NULL};

static int is_html_element(const char *name, size_t n)
{
    for (int i = 0; html_elements[i]; i++)
        if (strlen(html_elements[i]) == n && strncasecmp(name, html_elements[i], n) == 0)
            return 1;
    return 0;
}

/* Known HTML tags ("<p>", "</div", "<br/") in p..end. */
static size_t count_html_tags(const char *p, const char *end)
{
    size_t c = 0;
    for (; p < end; p++) {
        if (*p != '<')
            continue;
        const char *q = p + 1;
        if (q < end && *q == '/')
            q++;
        const char *s = q;
        while (q < end && isalnum((unsigned char)*q))
            q++;
        if (q > s && q < end && (*q == '>' || *q == ' ' || *q == '/' || *q == '\n') &&
            is_html_element(s, (size_t)(q - s)))
            c++;
    }
    return c;
}

static int ext_is(const char *relpath, const char *const *exts)
{
    if (!relpath)
        return 0;
    size_t n = strlen(relpath);
    if (n > 3 && strcasecmp(relpath + n - 3, ".gz") == 0)
        n -= 3;
    for (int i = 0; exts[i]; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && strncasecmp(relpath + n - k, exts[i], k) == 0)
            return 1;
    }
    return 0;
}

nx_format_t nx_parse_sniff(const char *data, size_t len, const char *relpath)
{
    static const char *const html_ext[] = {".html", ".htm", ".xhtml", ".shtml", ".php",
                                           ".asp", ".aspx", ".jsp", NULL};
    static const char *const xml_ext[] = {".xml", ".nitf", ".rss", ".atom", ".rdf", NULL};
    const char *end = data + (len < 65536 ? len : 65536);
    const char *p = skip_ws(data, end);
    int xml_decl = 0;
    const char *root = NULL;
    size_t root_len = 0;
    for (int guard = 0; guard < 64 && p < end && *p == '<'; guard++) {
        if (istarts(p, end, "<?xml")) {
            xml_decl = 1;
            const char *q = find_str(p, end, "?>");
            if (!q)
                break;
            p = skip_ws(q + 2, end);
        } else if (istarts(p, end, "<?")) {
            const char *q = find_str(p, end, "?>");
            if (!q)
                break;
            p = skip_ws(q + 2, end);
        } else if (istarts(p, end, "<!--")) {
            const char *q = find_str(p + 4, end, "-->");
            if (!q)
                break;
            p = skip_ws(q + 3, end);
        } else if (istarts(p, end, "<!DOCTYPE")) {
            const char *q = skip_ws(p + 9, end);
            if (istarts(q, end, "html"))
                return NX_FMT_HTML;
            /* Skip an internal subset [...] then the closing '>'. */
            const char *gt = q;
            while (gt < end && *gt != '>' && *gt != '[')
                gt++;
            if (gt < end && *gt == '[') {
                const char *r = find_str(gt, end, "]>");
                gt = r ? r + 1 : end;
            }
            if (gt >= end)
                break;
            p = skip_ws(gt + 1, end);
        } else {
            const char *q = p + 1;
            while (q < end && name_char(*q))
                q++;
            if (q > p + 1) {
                root = p + 1;
                root_len = (size_t)(q - root);
            }
            break;
        }
    }
    if (root) {
        const char *local = root;
        for (size_t i = 0; i < root_len; i++)
            if (root[i] == ':')
                local = root + i + 1;
        size_t ll = root_len - (size_t)(local - root);
#define IS(w) (ll == strlen(w) && strncasecmp(local, w, ll) == 0)
        if (IS("html"))
            return NX_FMT_HTML;
        if (IS("nitf"))
            return NX_FMT_NITF;
        if (IS("rss") || IS("RDF"))
            return NX_FMT_RSS;
        if (IS("feed"))
            return NX_FMT_ATOM;
        if (xml_decl)
            return NX_FMT_XML;
        if (is_html_element(local, ll) || ext_is(relpath, html_ext)) {
            /* Markup only on the first line, plain text after it: a text
             * file with a junk first line, not HTML. */
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            if (nl && count_html_tags(nl, end) < 3 && !ext_is(relpath, html_ext) &&
                !IS("html") && !IS("head") && !IS("body"))
                return NX_FMT_TEXT;
            return NX_FMT_HTML;
        }
        if (ext_is(relpath, xml_ext))
            return NX_FMT_XML;
        if (count_html_tags(p, end) >= 3)
            return NX_FMT_HTML;
        /* XML ends with a closing tag; "<Cinram Ltd> 4th Qtr Net" and a
         * body is a text whose headline starts with a company name. */
        const char *e = data + len;
        while (e > data && isspace((unsigned char)e[-1]))
            e--;
        return e > data && e[-1] == '>' ? NX_FMT_XML : NX_FMT_TEXT;
#undef IS
    }
    /* Not starting with an element: text, unless it is full of HTML tags
     * (a page with junk before its first tag). */
    size_t tags = count_html_tags(p, end);
    if (tags >= 8)
        return NX_FMT_HTML;
    if (tags >= 3 && ext_is(relpath, html_ext))
        return NX_FMT_HTML;
    return NX_FMT_TEXT;
}

/* ---- the dispatcher ---- */

static int article_empty(const nx_article_t *a)
{
    return !a->title && a->text.len == 0 && !a->standfirst;
}

nx_status_t nx_parse_file(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err)
{
    static const nx_parse_ctx_t no_ctx = {NULL};
    nx_error_clear(err);
    if (!ctx)
        ctx = &no_ctx; /* sources are then only tidied */
    if (!relpath)
        relpath = "";
    if (!data || len == 0 || all_space(data, len))
        return nx_error_set(err, NX_E_PARSE, "empty file");
    const unsigned char *u = (const unsigned char *)data;
    char *conv = NULL;
    int bom16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    int g16 = bom16 ? 0 : utf16_guess(u, len);
    if (bom16) {
        conv = nx_to_utf8(data, len);
    } else if (g16) {
        char *tmp = malloc(len + 2);
        if (tmp) {
            tmp[0] = (char)(g16 == 1 ? 0xFF : 0xFE);
            tmp[1] = (char)(g16 == 1 ? 0xFE : 0xFF);
            memcpy(tmp + 2, data, len);
            conv = nx_to_utf8(tmp, len + 2);
            free(tmp);
        }
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
    size_t before = out->n;
    nx_format_t fmt = nx_parse_sniff(conv, clen, relpath);
    nx_status_t st;
    switch (fmt) {
    case NX_FMT_HTML:
        st = nx_parse_html(ctx, relpath, conv, clen, out, err);
        break;
    case NX_FMT_NITF:
    case NX_FMT_RSS:
    case NX_FMT_ATOM:
    case NX_FMT_XML:
        st = nx_parse_xml(ctx, relpath, conv, clen, fmt, out, err);
        break;
    default:
        st = nx_parse_text(ctx, relpath, conv, clen, out, err);
        break;
    }
    free(conv);
    if (st != NX_OK) {
        while (out->n > before)
            nx_article_free(out->v[--out->n]);
        return st;
    }
    /* Articles with nothing in them are dropped; a file that gives only
     * such is reported. */
    size_t w = before;
    for (size_t i = before; i < out->n; i++) {
        if (article_empty(out->v[i]))
            nx_article_free(out->v[i]);
        else
            out->v[w++] = out->v[i];
    }
    out->n = w;
    if (out->n == before)
        return nx_error_set(err, NX_E_PARSE, "no text found");
    return NX_OK;
}

/* ---- helpers shared by the parsers ---- */

nx_article_t *nx_parse_article_new(const char *relpath, const char *item, const char *format)
{
    nx_article_t *a = nx_article_new();
    if (!a)
        return NULL;
    a->path = strdup(relpath);
    a->format = strdup(format);
    if (item) {
        size_t n = strlen(relpath) + strlen(item) + 2;
        a->id = malloc(n);
        if (a->id)
            snprintf(a->id, n, "%s#%s", relpath, item);
    } else {
        a->id = strdup(relpath);
    }
    if (!a->path || !a->format || !a->id) {
        nx_article_free(a);
        return NULL;
    }
    return a;
}

int nx_parse_set_source(const nx_parse_ctx_t *ctx, nx_article_t *a, const char *raw)
{
    if (a->source || !raw)
        return 0;
    char *v = nx_sources_normalize(ctx ? ctx->sources : NULL, raw);
    if (!v)
        return 0;
    nx_article_set(&a->source, v, (size_t)-1);
    free(v);
    return a->source != NULL;
}

void nx_parse_use_dateline(const nx_parse_ctx_t *ctx, nx_article_t *a, const nx_dateline_t *dl)
{
    if (dl->place_len && !a->dateline)
        nx_article_set(&a->dateline, dl->place, dl->place_len);
    if (!dl->src_len || a->source)
        return;
    char *s = nx_strndup(dl->src, dl->src_len);
    if (!s)
        return;
    if (dl->place_len || nx_sources_known(ctx ? ctx->sources : NULL, s))
        nx_parse_set_source(ctx, a, s);
    free(s);
}

int nx_parse_set_date(nx_article_t *a, const char *s, nx_date_order_t order)
{
    if (a->date_origin != NX_DATE_NONE || !s)
        return 0;
    nx_date_t d;
    if (nx_date_parse(s, order, &d) != NX_OK)
        return 0;
    a->date = d;
    a->date_origin = NX_DATE_CONTENT;
    return 1;
}

static int is_sep_at(const char *s, size_t *w)
{
    if (*s == '|' || *s == ',' || *s == ';' || *s == '/') {
        *w = 1;
        return 1;
    }
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93 ||
         (unsigned char)s[2] == 0xA2)) {
        *w = 3; /* em dash, en dash, bullet */
        return 1;
    }
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xB7) {
        *w = 2; /* middle dot */
        return 1;
    }
    if (s[0] == ' ' && s[1] == '-' && s[2] == ' ') {
        *w = 3;
        return 1;
    }
    return 0;
}

int nx_parse_set_byline(const nx_parse_ctx_t *ctx, nx_article_t *a, const char *s)
{
    if (a->byline || !s)
        return 0;
    char *copy = nx_utf8_repair(s, strlen(s));
    if (!copy)
        return 0;
    nx_squeeze_space(copy);
    char *p = copy;
    if (strncasecmp(p, "by ", 3) == 0)
        p += 3;
    else if (strncasecmp(p, "by:", 3) == 0)
        p += 3;
    while (*p == ' ')
        p++;
    /* Split "Name, Reuters | April 8, 2021" into parts; the first is the
     * name, later parts may be a source or a date. */
    char *name_end = NULL;
    for (char *q = p; *q; q++) {
        size_t w;
        if (is_sep_at(q, &w)) {
            if (!name_end)
                name_end = q;
            char *part = q + w;
            while (*part == ' ')
                part++;
            char *pe = part;
            size_t w2;
            while (*pe && !is_sep_at(pe, &w2))
                pe++;
            char save = *pe;
            *pe = '\0';
            int known = nx_sources_known(ctx ? ctx->sources : NULL, part);
            if (known)
                nx_parse_set_source(ctx, a, part);
            *pe = save;
            /* A date may contain a comma ("April 8, 2021"): try the rest
             * of the line first. */
            if (!known && nx_parse_set_date(a, part, NX_DMY_UNKNOWN))
                break;
            q = pe - 1;
        }
    }
    if (name_end)
        *name_end = '\0';
    /* "Reuters Staff", "By AFP": the byline is the source. */
    if (nx_sources_known(ctx ? ctx->sources : NULL, p))
        nx_parse_set_source(ctx, a, p);
    nx_article_set(&a->byline, p, (size_t)-1);
    free(copy);
    return a->byline != NULL;
}

nx_status_t nx_parse_set_text(nx_article_t *a, nx_buf_t *t)
{
    char *r = nx_utf8_repair(t->data ? t->data : "", t->len);
    nx_buf_free(t);
    if (!r)
        return NX_E_NOMEM;
    /* Trim, squeeze spaces and tabs inside lines, and keep paragraphs
     * separated by exactly one blank line. */
    nx_buf_t o = {0};
    nx_status_t st = NX_OK;
    const char *p = r;
    int need_para = 0;
    while (*p && st == NX_OK) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        /* One line: squeeze. */
        const char *q = p;
        int first = 1, space = 0;
        while (q < e && st == NX_OK) {
            if (*q == ' ' || *q == '\t') {
                space = 1;
                q++;
                continue;
            }
            if ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0) {
                space = 1;
                q += 2;
                continue;
            }
            const char *w = q;
            while (w < e && *w != ' ' && *w != '\t' &&
                   !((unsigned char)w[0] == 0xC2 && (unsigned char)w[1] == 0xA0))
                w++;
            if (first) {
                if (o.len > 0)
                    st = nx_buf_append(&o, need_para ? "\n\n" : "\n", need_para ? 2 : 1);
                need_para = 0;
                first = 0;
            } else if (space) {
                st = nx_buf_putc(&o, ' ');
            }
            if (st == NX_OK)
                st = nx_buf_append(&o, q, (size_t)(w - q));
            space = 0;
            q = w;
        }
        if (first)
            need_para = 1; /* a blank line */
        p = *e ? e + 1 : e;
    }
    free(r);
    if (st != NX_OK) {
        nx_buf_free(&o);
        return st;
    }
    nx_buf_free(&a->text);
    a->text = o;
    return NX_OK;
}
