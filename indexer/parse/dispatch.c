/* dispatch.c - nx_parse_file(): the screened bytes (ingest/decode.c), the
 * format guessed from the content, and one parser run on them; the
 * dispatcher sits above the parsers, and what they share sits below them
 * (kit.c). */
#include "parse/parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest.h"
#include "parse/xmlsafe.h"

void nx_parse_init(void)
{
    nx_xml_init();
}

void nx_parse_cleanup(void)
{
    nx_xml_cleanup();
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

static nx_status_t parse_file(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                              size_t len, char *owned, nx_article_list_t *out, nx_error_t *err);

nx_status_t nx_parse_file(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err)
{
    return parse_file(ctx, relpath, data, len, NULL, out, err);
}

nx_status_t nx_parse_file_take(const nx_parse_ctx_t *ctx, const char *relpath, char *data,
                               size_t len, nx_article_list_t *out, nx_error_t *err)
{
    return parse_file(ctx, relpath, data, len, data, out, err);
}

static nx_status_t parse_file(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                              size_t len, char *owned, nx_article_list_t *out, nx_error_t *err)
{
    static const nx_parse_ctx_t no_ctx = {NULL, NULL};
    nx_error_clear(err);
    if (!ctx)
        ctx = &no_ctx; /* sources are then only tidied */
    if (!relpath)
        relpath = "";
    char *conv;
    size_t clen;
    nx_status_t st = nx_decode_screen(data, len, &conv, &clen, err);
    free(owned); /* the screened copy is all the parsers read */
    if (st != NX_OK)
        return st;
    size_t before = out->n;
    /* The file's bounds, for the wrappers and walks in xmlsafe.c. */
    nx_guard_t guard;
    nx_guard_begin(&guard, ctx->limits);
    nx_format_t fmt = nx_parse_sniff(conv, clen, relpath);
    int as_html = fmt == NX_FMT_HTML;
    if (fmt != NX_FMT_TEXT && !as_html)
        st = nx_parse_xml(ctx, relpath, conv, clen, fmt, out, &as_html, err);
    if (as_html && !nx_guard_check())
        st = nx_parse_html(ctx, relpath, conv, clen, out, err);
    else if (fmt == NX_FMT_TEXT)
        st = nx_parse_text(ctx, relpath, conv, clen, out, err);
    free(conv);
    /* A bound passed anywhere (or the stop flag) ends the file, whatever
     * the parser made of the rest: its reason is the file's. */
    if (nx_guard_check())
        st = nx_error_set(err, NX_E_PARSE, "%s", guard.why);
    nx_guard_end();
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
