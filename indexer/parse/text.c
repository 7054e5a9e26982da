/* text.c - plain-text articles.
 *
 * The layouts handled (all of them common in saved news text):
 *   - optional junk lines first (markup fragments, script, cookie or
 *     navigation boilerplate copied along with the article);
 *   - optional e-mail-like header lines ("Title:", "Date:", "Source:",
 *     "From:", "Subject:", ...), then a blank line;
 *   - a title line, then any of: a standfirst paragraph, a byline
 *     ("By Jane Doe"), a date line ("April 8, 2021", "Published: ..."), the
 *     title repeated, a "SOURCE: REUTERS" line;
 *   - the body, its lead possibly opening with a dateline
 *     ("ISLAMABAD, April 7 (Reuters) -", "LONDON (AP) --").
 * A paragraph that sits between the title and such metadata lines is the
 * standfirst; the text is the body only, paragraphs separated by "\n\n".
 * What the lines say is recorded as candidates (kit.h), in the order the
 * lines come; the resolver chooses. The layout depends on the title found
 * so far (a line that repeats it is metadata, not text), which the parser
 * asks the resolver for. Bytes are taken as UTF-8 when they are, else as
 * Windows-1252 (nx_decode without a charset); CRLF and CR line ends are
 * accepted. */
#include "parse/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest.h"
#include "newsindex/dateline.h"
#include "parse/kit.h"

#define MAX_META_LINE 200   /* longer lines are never metadata */
#define MAX_TITLE 300       /* nor titles */
#define FRONT_BLOCKS 10     /* blocks searched for front matter */
#define MAX_HEADER_LINE 400 /* header lines are at most this long */

typedef struct {
    char *s;     /* NUL-terminated, trimmed, in the work copy */
    size_t len;
    int indent;  /* started with white space */
} line_t;

/* ---- small string helpers ---- */

static int ieq_prefix(const char *s, const char *p)
{
    return strncasecmp(s, p, strlen(p)) == 0;
}

static int contains_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

/* Compare ignoring case and runs of white space. */
static int same_text(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    for (;;) {
        while (isspace((unsigned char)*a))
            a++;
        while (isspace((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
        /* Treat any run of white space as one. */
        if (isspace((unsigned char)*a) != isspace((unsigned char)*b)) {
            if (isspace((unsigned char)*a) && !isspace((unsigned char)*b))
                return 0;
            if (!isspace((unsigned char)*a) && isspace((unsigned char)*b))
                return 0;
        }
    }
}

/* ---- junk lines ---- */

/* A line that starts with a tag: "<!...", "</...", "<?...", a known HTML
 * element, or any tag with attributes. "<Cinram Ltd> 4th Qtr Net" (the way
 * Reuters writes company names) is a headline, not markup. */
static int markup_start(const char *s, size_t n)
{
    static const char *const tags[] = {
        "html", "head", "body", "div", "p", "span", "a", "script", "style", "meta", "link",
        "title", "img", "iframe", "noscript", "br", "hr", "table", "tr", "td", "ul", "li",
        "nav", "header", "footer", "section", "article", "main", "aside", "form", "input",
        "button", "svg", "h1", "h2", "h3", "h4", "h5", "h6", "b", "i", "em", "strong", "ins",
        "figure", "picture", "source", "template", "base", NULL};
    if (n < 2 || s[0] != '<')
        return 0;
    if (s[1] == '!' || s[1] == '/' || s[1] == '?')
        return 1;
    size_t k = 1;
    while (k < n && isalnum((unsigned char)s[k]))
        k++;
    if (k == 1 || (k < n && s[k] != '>' && s[k] != ' ' && s[k] != '/'))
        return 0;
    for (int i = 0; tags[i]; i++)
        if (strlen(tags[i]) == k - 1 && strncasecmp(s + 1, tags[i], k - 1) == 0)
            return 1;
    /* <anything attr="..."> */
    const char *gt = memchr(s, '>', n);
    const char *eq = memchr(s, '=', n);
    return gt && eq && eq < gt && (eq[1] == '"' || eq[1] == '\'');
}

/* A line that is not prose: markup, code, or site boilerplate that came
 * along when the article was saved. */
static int is_junk_line(const char *s, size_t n)
{
    static const char *const starts[] = {"!--", "-->", "{", "}", "//", "/*", "*/", "#!",
                                         "@media", "@import", "function(", "function ",
                                         "var ", "let ", "const ", "window.", "document.",
                                         "$(", "jQuery", "if (", "try {", NULL};
    static const char *const anywhere[] = {"gtag(", "gtag.js", "googletag", "datalayer",
                                           "google tag", "googletagmanager",
                                           "javascript:", "<script", "</script", "<!--",
                                           "-->", "=>", "();", "adsbygoogle", NULL};
    static const char *const boiler[] = {"we use cookies", "uses cookies", "cookie policy",
                                         "cookie settings", "accept cookies",
                                         "accept all cookies", "cookie preferences",
                                         "enable javascript", "javascript is disabled",
                                         "javascript is required", "requires javascript",
                                         "javascript enabled", "skip to content",
                                         "skip to main content", "skip navigation",
                                         "your browser does not support", NULL};
    for (int i = 0; starts[i]; i++)
        if (ieq_prefix(s, starts[i]))
            return 1;
    if (markup_start(s, n))
        return 1;
    for (int i = 0; anywhere[i]; i++)
        if (contains_ci(s, n, anywhere[i]))
            return 1;
    if (n < 400)
        for (int i = 0; boiler[i]; i++)
            if (contains_ci(s, n, boiler[i]))
                return 1;
    /* A line ending like code. */
    if (n > 0 && (s[n - 1] == ';' || s[n - 1] == '{') && (memchr(s, '(', n) || memchr(s, '=', n)))
        return 1;
    /* A navigation bar: "Home | World | Business | Markets". */
    size_t bars = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '|')
            bars++;
    if (bars >= 3 && n / (bars + 1) < 20)
        return 1;
    static const char *const whole[] = {"advertisement", "advertisement:", "menu", "sign in",
                                        "log in", "subscribe", "share this article",
                                        "share", "skip to content", "close", NULL};
    for (int i = 0; whole[i]; i++)
        if (strcasecmp(s, whole[i]) == 0)
            return 1;
    return 0;
}

/* Lines dropped anywhere in the text: whole markup comments or tags. */
static int is_markup_line(const char *s, size_t n)
{
    if (n >= 2 && (ieq_prefix(s, "<!--") || ieq_prefix(s, "!--")) && contains_ci(s, n, "-->"))
        return 1;
    if (n >= 3 && s[n - 1] == '>' && markup_start(s, n))
        return 1;
    return strcasecmp(s, "advertisement") == 0;
}

/* ---- metadata lines ---- */

typedef enum { K_NONE, K_TITLE, K_DATE, K_SOURCE, K_FROM, K_BYLINE, K_DATELINE, K_DEK, K_OTHER } key_t_;

static key_t_ header_key(const char *s, size_t n, const char **value)
{
    static const struct {
        const char *k;
        key_t_ t;
    } keys[] = {{"title", K_TITLE}, {"headline", K_TITLE}, {"subject", K_TITLE},
                {"hed", K_TITLE}, {"date", K_DATE}, {"published", K_DATE},
                {"publication date", K_DATE}, {"date published", K_DATE},
                {"published on", K_DATE}, {"pubdate", K_DATE}, {"posted", K_DATE},
                {"posted on", K_DATE}, {"dated", K_DATE}, {"first published", K_DATE},
                {"updated", K_DATE}, {"last updated", K_DATE}, {"filed", K_DATE},
                {"source", K_SOURCE}, {"publisher", K_SOURCE}, {"agency", K_SOURCE},
                {"publication", K_SOURCE}, {"newspaper", K_SOURCE}, {"news agency", K_SOURCE},
                {"from", K_FROM}, {"author", K_BYLINE}, {"authors", K_BYLINE},
                {"by", K_BYLINE}, {"byline", K_BYLINE}, {"writer", K_BYLINE},
                {"reporter", K_BYLINE}, {"dateline", K_DATELINE}, {"location", K_DATELINE},
                {"place", K_DATELINE}, {"summary", K_DEK}, {"description", K_DEK},
                {"standfirst", K_DEK}, {"abstract", K_DEK}, {"dek", K_DEK},
                {"keywords", K_OTHER}, {"tags", K_OTHER}, {"url", K_OTHER}, {"link", K_OTHER},
                {"section", K_OTHER}, {"category", K_OTHER}, {"categories", K_OTHER},
                {"language", K_OTHER}, {"lang", K_OTHER}, {"id", K_OTHER}, {"slug", K_OTHER},
                {"copyright", K_OTHER}, {"to", K_OTHER}, {"message-id", K_OTHER},
                {"content-type", K_OTHER}, {"mime-version", K_OTHER}, {"topics", K_OTHER},
                {"country", K_OTHER}, {"countries", K_OTHER}, {"words", K_OTHER},
                {"word count", K_OTHER}, {"length", K_OTHER}, {"edition", K_OTHER},
                {"page", K_OTHER}, {"credit", K_OTHER}, {"type", K_OTHER}};
    const char *colon = memchr(s, ':', n < 24 ? n : 24);
    if (!colon || colon == s)
        return K_NONE;
    size_t kl = (size_t)(colon - s);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strlen(keys[i].k) == kl && strncasecmp(s, keys[i].k, kl) == 0) {
            const char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            /* "http://..." after "URL:" is fine, but a key must be
             * followed by a space or the end ("Source:REUTERS" too). */
            *value = v;
            return keys[i].t;
        }
    }
    return K_NONE;
}

static int looks_header(const char *s, size_t n)
{
    const char *v;
    return header_key(s, n, &v) != K_NONE;
}

/* The parse of one file: its draft, and view, an article that shows what
 * the resolver chooses from the candidates so far (the draft's article,
 * or a scratch one while a block is tried). */
typedef struct {
    const nx_parse_ctx_t *ctx;
    nx_draft_t *d;
    nx_article_t *view;
    nx_status_t status; /* the first failure to resolve the view */
} state_t;

/* Bring the view up to date after a title or standfirst candidate. */
static void refresh(state_t *st)
{
    nx_status_t r = nx_resolve(st->ctx->sources, &st->d->c, st->view);
    if (r != NX_OK && st->status == NX_OK)
        st->status = r;
}

static void add(state_t *st, nx_field_t f, nx_origin_t o, const char *v, size_t n)
{
    nx_cands_add(&st->d->c, f, o, v, n, 0);
    if (f == NX_FIELD_TITLE || f == NX_FIELD_STANDFIRST)
        refresh(st);
}

static int is_byline(const char *s, size_t n)
{
    if (n < 4 || n > 120 || strncasecmp(s, "by", 2) != 0 || (s[2] != ' ' && s[2] != ':'))
        return 0;
    const char *p = s + 3;
    while (*p == ' ')
        p++;
    if (!nx_utf8_upper_len(p, n - (size_t)(p - s)))
        return 0;
    /* A name, not a sentence: few words, most capitalised. */
    size_t words = 0, caps = 0;
    for (const char *q = p; *q;) {
        while (*q == ' ')
            q++;
        if (!*q)
            break;
        words++;
        if (nx_utf8_upper_len(q, strlen(q)) || !isalpha((unsigned char)*q))
            caps++;
        while (*q && *q != ' ')
            q++;
    }
    return words <= 12 && caps * 2 >= words;
}

/* Whether a line is made of date words: at most one word that is not a
 * month, weekday, am/pm, zone or a word like "Published" or "Updated".
 * ("Esso Saf <essf.pa> Year Ended Dec 31 1986" is a headline.) */
static int mostly_date(const char *s, size_t n)
{
    static const char *const ok[] = {
        "published", "updated", "posted", "date", "dated", "on", "at", "last", "first",
        "of", "the", "th", "st", "nd", "rd", "modified", "created", "filed", "issued", "time",
        "am", "pm", "a", "p", "m", "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt",
        "pst", "pdt", "bst", "cet", "cest", "ist", "jst", "z", "t", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
        "thu", "thur", "thurs", "fri", "sat", "sun", "et", "pt", "ct", "hrs", "h", NULL};
    int other = 0;
    for (size_t i = 0; i < n;) {
        if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
            j++;
        size_t k = j - i;
        int known = nx_month_of(s + i, k) != 0;
        for (int m = 0; ok[m] && !known; m++)
            known = strlen(ok[m]) == k && strncasecmp(s + i, ok[m], k) == 0;
        if (!known && ++other > 1)
            return 0;
        i = j;
    }
    return 1;
}

/* A line that is a date and (almost) nothing else. */
static int date_line(state_t *st, const char *s, size_t n)
{
    if (n > 80)
        return 0;
    if (mostly_date(s, n) && nx_kit_date(st->d, NX_FROM_DATE_LINE, s, NX_DMY_UNKNOWN, 0))
        return 1;
    nx_date_t d;
    if (nx_date_lead(s, n) && nx_date_find(s, &d) == NX_OK) {
        nx_cands_add_date(&st->d->c, NX_FROM_DATE_LINE, s, &d);
        return 1;
    }
    return 0;
}

static void strip_email(char *v)
{
    /* "Reuters <news@reuters.com>" -> "Reuters"; a bare address stays. */
    char *lt = strchr(v, '<');
    if (lt && lt > v) {
        *lt = '\0';
        nx_squeeze_space(v);
        size_t n = strlen(v);
        if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
            memmove(v, v + 1, n - 2);
            v[n - 2] = '\0';
        }
    }
}

/* Record a header line; 1 if it was one. */
static int header_line(state_t *st, const char *s, size_t n, int top)
{
    const char *v;
    key_t_ k = header_key(s, n, &v);
    if (k == K_NONE)
        return 0;
    switch (k) {
    case K_TITLE:
        if (!*v)
            return 0;
        add(st, NX_FIELD_TITLE, NX_FROM_HEADER, v, (size_t)-1);
        return 1;
    case K_DATE:
        nx_kit_date(st->d, NX_FROM_HEADER, v, NX_DMY_UNKNOWN, 1);
        return 1;
    case K_SOURCE:
        if (*v)
            add(st, NX_FIELD_SOURCE, NX_FROM_HEADER, v, (size_t)-1);
        return 1;
    case K_FROM: {
        /* A known source, else a name (not an address): the rules say. */
        char c[MAX_HEADER_LINE + 1];
        size_t vn = strlen(v);
        if (vn > MAX_HEADER_LINE)
            return 1;
        memcpy(c, v, vn + 1);
        strip_email(c);
        add(st, NX_FIELD_SOURCE, NX_FROM_FROM_LINE, c, (size_t)-1);
        add(st, NX_FIELD_BYLINE, NX_FROM_FROM_LINE, c, (size_t)-1);
        return 1;
    }
    case K_BYLINE:
        add(st, NX_FIELD_BYLINE, NX_FROM_HEADER, v, (size_t)-1);
        return 1;
    case K_DATELINE:
        add(st, NX_FIELD_DATELINE, NX_FROM_HEADER, v, (size_t)-1);
        return 1;
    case K_DEK:
        if (!top)
            return 0;
        add(st, NX_FIELD_STANDFIRST, NX_FROM_HEADER, v, (size_t)-1);
        return 1;
    case K_OTHER:
        return top;
    default:
        return 0;
    }
}

/* A metadata line of the front matter: recorded, 1; else 0. */
/* A credit line naming a known source: the name alone ("Reuters"), or
 * after "From", "Via" or "Source:" ("From Reuters"); a source candidate
 * (firm: the line is nothing but the credit). */
static int credit_name_line(state_t *st, const char *s, size_t n)
{
    static const char *const leads[] = {"from ", "via ", "source: ", "source ", NULL};
    if (n > 60 || !st->ctx->sources)
        return 0;
    size_t skip = 0;
    for (int i = 0; leads[i]; i++)
        if (n > strlen(leads[i]) && strncasecmp(s, leads[i], strlen(leads[i])) == 0) {
            skip = strlen(leads[i]);
            break;
        }
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(n - skip), s + skip);
    if (!nx_sources_known(st->ctx->sources, name))
        return 0;
    nx_cands_add(&st->d->c, NX_FIELD_SOURCE, NX_FROM_CREDIT_LINE, name, (size_t)-1, NX_CAND_FIRM);
    return 1;
}

static int meta_line(state_t *st, const char *s, size_t n)
{
    if (n > MAX_META_LINE)
        return 0;
    if (st->view->title && same_text(s, st->view->title))
        return 1;
    if (header_line(st, s, n, 0))
        return 1;
    if (is_byline(s, n)) {
        add(st, NX_FIELD_BYLINE, NX_FROM_BYLINE_LINE, s, n);
        return 1;
    }
    if (date_line(st, s, n))
        return 1;
    if (is_junk_line(s, n))
        return 1;
    if (st->view->title && credit_name_line(st, s, n))
        return 1;
    return 0;
}

/* ---- the parser ---- */

/* Split the text into trimmed lines (in place), CR, CRLF and LF ends. */
static line_t *split_lines(char *t, size_t *nlines)
{
    size_t cap = 64, n = 0;
    line_t *v = malloc(cap * sizeof *v);
    if (!v)
        return NULL;
    char *p = t;
    while (*p) {
        char *e = p;
        while (*e && *e != '\n' && *e != '\r')
            e++;
        char *next = e;
        if (*next == '\r' && next[1] == '\n')
            next += 2;
        else if (*next)
            next++;
        *e = '\0';
        int indent = (*p == ' ' || *p == '\t');
        while (*p == ' ' || *p == '\t')
            p++;
        char *q = e;
        while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        *q = '\0';
        if (n == cap) {
            cap *= 2;
            line_t *nv = realloc(v, cap * sizeof *v);
            if (!nv) {
                free(v);
                return NULL;
            }
            v = nv;
        }
        v[n].s = p;
        v[n].len = (size_t)(q - p);
        v[n].indent = indent;
        n++;
        p = next;
    }
    *nlines = n;
    return v;
}

typedef struct {
    size_t first, last; /* line indexes, inclusive */
} block_t;

/* Whether every non-empty line of block b is metadata (what it records is
 * for the caller to keep or drop). */
static int block_all_meta(state_t *st, line_t *L, block_t b)
{
    for (size_t i = b.first; i <= b.last; i++)
        if (L[i].len && !meta_line(st, L[i].s, L[i].len))
            return 0;
    return 1;
}

/* The tests of meta_line() without applying anything. */
static int looks_meta(const char *s, size_t n)
{
    const char *v;
    nx_date_t d;
    if (n > MAX_META_LINE)
        return 0;
    return header_key(s, n, &v) != K_NONE || is_byline(s, n) ||
           (n <= 80 && mostly_date(s, n) && nx_date_parse(s, NX_DMY_UNKNOWN, &d) == NX_OK) || is_junk_line(s, n);
}

static int ends_sentence(const char *s, size_t n)
{
    return n > 0 && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':');
}

/* Could line i of block b be the title? */
static int title_like(line_t *L, block_t b, size_t i)
{
    const char *s = L[i].s;
    size_t n = L[i].len;
    if (n == 0 || n > MAX_TITLE)
        return 0;
    nx_dateline_t dl;
    if (nx_dateline_find(s, n, &dl))
        return 0;
    /* A line alone: a headline, unless it is a sentence of prose (a
     * magazine's text opening with its first sentence): a headline of
     * more than 100 bytes that ends as a sentence does is rare. */
    if (i == b.last)
        return !(n > 100 && ends_sentence(s, n));
    /* More lines follow in the same block: a short line followed by
     * metadata, or clearly shorter than the next line (not the first line
     * of wrapped prose). */
    if (n > 150 || ends_sentence(s, n))
        return 0;
    return looks_meta(L[i + 1].s, L[i + 1].len) || n * 10 < L[i + 1].len * 6;
}

/* Lines from..to as text paragraphs. The appends are checked once, by
 * the buffer's status (nx_kit_text). */
static void add_para(nx_buf_t *text, line_t *L, size_t from, size_t to)
{
    int started = 0;
    for (size_t i = from; i <= to; i++) {
        if (!L[i].len || is_markup_line(L[i].s, L[i].len))
            continue;
        if (text->len > 0) {
            /* An indented line after text starts a new paragraph. */
            if (!started || L[i].indent)
                nx_buf_append(text, "\n\n", 2);
            else
                nx_buf_putc(text, ' ');
        }
        nx_buf_append(text, L[i].s, L[i].len);
        started = 1;
    }
}

static void para_string(line_t *L, size_t from, size_t to, nx_buf_t *b)
{
    for (size_t i = from; i <= to; i++) {
        if (!L[i].len)
            continue;
        if (b->len)
            nx_buf_putc(b, ' ');
        nx_buf_append(b, L[i].s, L[i].len);
    }
}

/* Whether block c (after the one that holds a standfirst candidate) is
 * all metadata, tried on the side: what it records is dropped, and the
 * view is a scratch copy of the title so far. */
static int try_meta_block(state_t *st, line_t *L, block_t c)
{
    nx_article_t *scratch = nx_article_new();
    if (!scratch || !(scratch->title = nx_strdup(st->view->title))) {
        nx_article_free(scratch);
        st->status = NX_E_NOMEM;
        return 0;
    }
    size_t mark = st->d->c.n;
    state_t probe = *st;
    probe.view = scratch;
    int meta = block_all_meta(&probe, L, c);
    if (probe.status != NX_OK)
        st->status = probe.status;
    nx_cands_truncate(&st->d->c, mark);
    nx_article_free(scratch);
    return meta;
}

/* A closing "(c) 2021 Reuters" line: the name after the year, firm when a
 * year comes before it and it has fewer than five words. */
static void credit_line(state_t *st, const char *s)
{
    const char *p = s;
    while (*p && !isdigit((unsigned char)*p))
        p++;
    int year = isdigit((unsigned char)*p);
    while (isdigit((unsigned char)*p) || *p == ' ' || *p == ',' || *p == '-')
        p++;
    size_t words = 0;
    for (const char *q = p; *q; q++)
        words += *q == ' ';
    if (*p)
        nx_cands_add(&st->d->c, NX_FIELD_SOURCE, NX_FROM_CREDIT_LINE, p, (size_t)-1,
                     year && words < 5 ? NX_CAND_FIRM : 0);
}

nx_status_t nx_parse_text(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err)
{
    /* Line ends to LF first: the decoder drops CR bytes, which would join
     * the lines of a file with CR-only (old Mac) line ends. */
    char *lf = malloc(len + 1);
    if (!lf)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    size_t o = 0;
    for (size_t k = 0; k < len; k++) {
        if (data[k] == '\r') {
            lf[o++] = '\n';
            if (k + 1 < len && data[k + 1] == '\n')
                k++;
        } else {
            lf[o++] = data[k];
        }
    }
    char *t = nx_decode(lf, o, NULL);
    free(lf);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_draft_t d;
    size_t nl = 0;
    line_t *L = nx_kit_begin(&d, ctx, relpath, NULL, "text", NX_FAMILY_TEXT) == NX_OK
                    ? split_lines(t, &nl)
                    : NULL;
    block_t *B = NULL;
    nx_buf_t text = {0};
    if (!L)
        goto nomem;
    state_t st = {ctx, &d, d.a, NX_OK};
    size_t i = 0;

    /* Leading junk and blank lines. */
    while (i < nl && i < 40 && (!L[i].len || is_junk_line(L[i].s, L[i].len)))
        i++;
    /* An e-mail-like header block. */
    size_t h = i;
    while (h < nl && L[h].len && L[h].len <= MAX_HEADER_LINE &&
           header_line(&st, L[h].s, L[h].len, 1)) {
        h++;
        /* Folded continuation lines of a header. */
        while (h < nl && L[h].len && L[h].indent && !looks_header(L[h].s, L[h].len) && h - i < 50)
            h++;
    }
    i = h;

    /* Blocks: runs of non-blank lines. */
    size_t nb = 0, bcap = 16;
    B = malloc(bcap * sizeof *B);
    if (!B)
        goto nomem;
    for (size_t k = i; k < nl;) {
        while (k < nl && !L[k].len)
            k++;
        if (k >= nl)
            break;
        size_t s = k;
        while (k < nl && L[k].len)
            k++;
        if (nb == bcap) {
            bcap *= 2;
            block_t *nbv = realloc(B, bcap * sizeof *B);
            if (!nbv)
                goto nomem;
            B = nbv;
        }
        B[nb].first = s;
        B[nb].last = k - 1;
        nb++;
    }

    /* Front matter. */
    size_t body_block = nb, body_line = 0;
    for (size_t b = 0; b < nb && b < FRONT_BLOCKS && st.status == NX_OK; b++) {
        size_t k = B[b].first;
        for (; k <= B[b].last; k++) {
            const char *s = L[k].s;
            size_t n = L[k].len;
            if (meta_line(&st, s, n))
                continue;
            if (!st.view->title && title_like(L, B[b], k)) {
                add(&st, NX_FIELD_TITLE, NX_FROM_TITLE_LINE, s, n);
                continue;
            }
            break;
        }
        if (k > B[b].last)
            continue; /* all metadata (or the title) */
        /* Content from line k: a standfirst if metadata follows it before
         * the body, else the body begins. */
        nx_dateline_t dl;
        int is_lead = nx_dateline_find(L[k].s, L[k].len, &dl);
        int dek = 0;
        if (!st.view->standfirst && st.view->title && !is_lead)
            for (size_t c = b + 1; c < nb && c <= b + 2 && !dek; c++)
                dek = try_meta_block(&st, L, B[c]);
        if (dek) {
            nx_buf_t p = {0};
            para_string(L, k, B[b].last, &p);
            if (nx_buf_status(&p) != NX_OK)
                st.status = nx_buf_status(&p);
            add(&st, NX_FIELD_STANDFIRST, NX_FROM_DEK, p.data ? p.data : "", p.len);
            nx_buf_free(&p);
            continue;
        }
        body_block = b;
        body_line = k;
        break;
    }
    if (st.status != NX_OK)
        goto nomem;

    /* The body. */
    if (body_block < nb) {
        nx_kit_dateline(&d, L[body_line].s, L[body_line].len);
        /* A closing "(c) 2021 Reuters" line names the source. It is not
         * part of the text. */
        size_t last_block = nb;
        line_t *last = &L[B[nb - 1].last];
        if (nb - 1 > body_block && B[nb - 1].first == B[nb - 1].last && last->len < 120 &&
            (ieq_prefix(last->s, "(c)") || ieq_prefix(last->s, "copyright") ||
             ieq_prefix(last->s, "\xc2\xa9"))) {
            last_block = nb - 1;
            credit_line(&st, last->s);
        }
        for (size_t b = body_block; b < last_block; b++)
            add_para(&text, L, b == body_block ? body_line : B[b].first, B[b].last);
    }
    if (nx_kit_text(&d, &text) != NX_OK)
        goto nomem;
    free(B);
    free(L);
    free(t);
    return nx_kit_finish(&d, out, err);

nomem:
    nx_buf_free(&text);
    free(B);
    free(L);
    free(t);
    nx_kit_drop(&d);
    return nx_error_set(err, NX_E_NOMEM, "out of memory");
}
