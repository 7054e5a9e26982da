/* parse_html.c - HTML pages.
 *
 * Title: og:title, twitter:title, the JSON-LD headline, the article's <h1>,
 * then <title> less a " | Site" suffix. Date: article:published_time, the
 * JSON-LD datePublished, the usual <meta> names, itemprop=datePublished,
 * <time datetime> (inside the article first). Source: og:site_name, the
 * JSON-LD publisher, publisher <meta>s, a "(Reuters)" dateline, a byline
 * naming a known source, the title's site suffix, twitter:site. Text: the
 * article body (itemprop=articleBody, <article>, <main>, or the block with
 * the most paragraph text) without navigation, asides, footers, headers,
 * forms, scripts and similar furniture; paragraphs, headings, list items
 * and <br> become paragraph breaks.
 *
 * The bytes are made UTF-8 before libxml2 sees them: a BOM, then the
 * charset declared in <meta> (iso-8859-1 is read as windows-1252, as
 * browsers do), then content sniffing (nx_to_utf8); invalid UTF-8 is
 * repaired, never passed through. */
#include "parse/parse.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "parse/xmlsafe.h"

/* ---- character set ---- */

/* The charset declared in the first bytes: <meta charset=...>, <meta
 * http-equiv=Content-Type content="...; charset=...">, or an XML
 * declaration. Lowercased into cs (size csz); "" when none. */
static void declared_charset(const char *s, size_t n, char *cs, size_t csz)
{
    cs[0] = '\0';
    size_t m = n < 8192 ? n : 8192;
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

static int has_high_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
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
        if (errno == E2BIG) {
            char *nout = realloc(out, cap * 2);
            if (!nout) {
                free(out);
                iconv_close(cd);
                return NULL;
            }
            out = nout;
            cap *= 2;
            continue;
        }
        /* EILSEQ or EINVAL: one bad byte. */
        if (o + 3 >= cap - 4) {
            char *nout = realloc(out, cap * 2);
            if (!nout) {
                free(out);
                iconv_close(cd);
                return NULL;
            }
            out = nout;
            cap *= 2;
        }
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

static void utf8_counts(const char *s, size_t n, size_t *good, size_t *bad)
{
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

static char *html_to_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if ((n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ||
        (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))))
        return nx_to_utf8(s, n);
    char cs[48];
    declared_charset(s, n, cs, sizeof cs);
    static const char *const latin[] = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1",
                                        "windows-1252", "cp1252", "x-cp1252", "us-ascii",
                                        "ascii", "iso_8859-1", "iso-8859-15", "8859-1",
                                        "ansi_x3.4-1968", NULL};
    if (!strcmp(cs, "utf-8") || !strcmp(cs, "utf8")) {
        /* Declared UTF-8 with some valid multi-byte sequences: repair the
         * bad ones; with none at all, it is mislabelled Windows-1252. */
        size_t good = 0, bad = 0;
        utf8_counts(s, n, &good, &bad);
        if (good > 0 || bad == 0)
            return nx_utf8_repair(s, n);
        return nx_cp1252_to_utf8(s, n);
    }
    if (!cs[0] || !strncmp(cs, "utf-16", 6))
        return nx_to_utf8(s, n);
    for (int i = 0; latin[i]; i++) {
        if (strcmp(cs, latin[i]) == 0) {
            /* Mislabelled UTF-8 is common; real Latin-1 text almost never
             * forms valid multi-byte sequences. */
            if (has_high_bytes(s, n) && nx_utf8_valid(s, n))
                return nx_utf8_repair(s, n);
            return nx_cp1252_to_utf8(s, n);
        }
    }
    if (has_high_bytes(s, n) && nx_utf8_valid(s, n))
        return nx_utf8_repair(s, n);
    char *r = iconv_to_utf8(cs, s, n);
    return r ? r : nx_to_utf8(s, n);
}

/* ---- small helpers ---- */

static int class_tokens_match(const char *v, const char *const *words)
{
    if (!v)
        return 0;
    const char *p = v;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *s = p;
        while (isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - s);
        if (!n)
            break;
        for (int i = 0; words[i]; i++)
            if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
                return 1;
    }
    return 0;
}

static int attr_has_token(const xmlNode *n, const char *attr, const char *const *words)
{
    char *v = nx_xml_attr(n, attr);
    int r = class_tokens_match(v, words);
    free(v);
    return r;
}

static int attr_eq(const xmlNode *n, const char *attr, const char *val)
{
    char *v = nx_xml_attr(n, attr);
    int r = v && strcasecmp(v, val) == 0;
    free(v);
    return r;
}

static char *trimmed(char *s)
{
    if (s)
        nx_squeeze_space(s);
    if (s && !*s) {
        free(s);
        return NULL;
    }
    return s;
}

/* ---- what the first pass collects ---- */

enum { M_OG_TITLE, M_TW_TITLE, M_PUBTIME, M_SITE, M_AUTHOR, M_DESC, M_OG_DESC, M_PUBLISHER,
       M_TW_SITE, M_APPNAME, M_DATE, M_COUNT };

typedef struct {
    const nx_parse_ctx_t *ctx;
    char *meta[M_COUNT];
    char *title;        /* <title> */
    xmlNode *h1_article; /* first <h1> inside <article>/<main> */
    xmlNode *itemprop_headline;
    xmlNode *h1_any;    /* first <h1> outside header/nav/footer */
    xmlNode *time_article, *time_any, *itemprop_date;
    xmlNode *articlebody, *main;
    xmlNode *best_article;
    size_t best_article_score;
    xmlNode *byline_el;
    xmlNode *date_el;   /* an element classed as a date */
    char *lang;
    /* JSON-LD */
    char *ld_headline, *ld_date, *ld_publisher, *ld_author;
    int ld_rank;
    /* nesting counters while walking */
    int in_article, in_chrome, in_head, in_art_el;
} html_t;

/* <meta> names that carry a publication date. */
static const char *const date_meta_names[] = {
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.issued",
    "dcterms.date", "sailthru.date", "parsely-pub-date", "og:published_time",
    "article.published", "article:published", "originalpublicationdate",
    "displaydate", "citation_publication_date", "citation_date", "date.release",
    "datepublished", "article_date_original", "cxenseparse:recs:publishtime",
    "published_time", "published-date", "pub_date", "eomportal-lastupdate", NULL};

static void set_meta(html_t *h, int k, const char *v)
{
    if (!h->meta[k] && v && *v) {
        h->meta[k] = strdup(v);
        h->meta[k] = trimmed(h->meta[k]);
    }
}

static void take_meta(html_t *h, xmlNode *n)
{
    char *content = nx_xml_attr(n, "content");
    if (!content)
        return;
    char *key = nx_xml_attr(n, "property");
    if (!key)
        key = nx_xml_attr(n, "name");
    if (!key)
        key = nx_xml_attr(n, "itemprop");
    if (!key) {
        free(content);
        return;
    }
    nx_squeeze_space(key);
    nx_ascii_lower(key);
    if (!strcmp(key, "og:title"))
        set_meta(h, M_OG_TITLE, content);
    else if (!strcmp(key, "twitter:title"))
        set_meta(h, M_TW_TITLE, content);
    else if (!strcmp(key, "article:published_time") || !strcmp(key, "article:published"))
        set_meta(h, M_PUBTIME, content);
    else if (!strcmp(key, "og:site_name"))
        set_meta(h, M_SITE, content);
    else if (!strcmp(key, "author") || !strcmp(key, "article:author") ||
             !strcmp(key, "dc.creator") || !strcmp(key, "byl") || !strcmp(key, "sailthru.author") ||
             !strcmp(key, "parsely-author"))
        set_meta(h, M_AUTHOR, content);
    else if (!strcmp(key, "description"))
        set_meta(h, M_DESC, content);
    else if (!strcmp(key, "og:description"))
        set_meta(h, M_OG_DESC, content);
    else if (!strcmp(key, "publisher") || !strcmp(key, "dc.publisher") ||
             !strcmp(key, "article:publisher") || !strcmp(key, "dcterms.publisher") ||
             !strcmp(key, "citation_publisher") || !strcmp(key, "source"))
        set_meta(h, M_PUBLISHER, content);
    else if (!strcmp(key, "twitter:site"))
        set_meta(h, M_TW_SITE, content);
    else if (!strcmp(key, "application-name"))
        set_meta(h, M_APPNAME, content);
    else {
        for (int i = 0; date_meta_names[i]; i++)
            if (!strcmp(key, date_meta_names[i])) {
                set_meta(h, M_DATE, content);
                break;
            }
    }
    free(key);
    free(content);
}

/* ---- JSON-LD ---- */

static const char *const article_types[] = {
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "Article",
    "BlogPosting", "LiveBlogPosting", "ScholarlyArticle", "Report", "TechArticle",
    "SocialMediaPosting", "WebPage", NULL};

/* Rank of a JSON-LD @type: lower is better, 0 = not an article. */
static int type_rank(json_t *t)
{
    if (json_is_array(t)) {
        int best = 0;
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v)
        {
            int r = type_rank(v);
            if (r && (!best || r < best))
                best = r;
        }
        return best;
    }
    if (!json_is_string(t))
        return 0;
    const char *s = json_string_value(t);
    const char *c = strrchr(s, '/'); /* "http://schema.org/NewsArticle" */
    if (c)
        s = c + 1;
    for (int i = 0; article_types[i]; i++)
        if (!strcmp(s, article_types[i]))
            return i + 1;
    return 0;
}

/* The name in a JSON-LD value: a string, {"name": ...}, or the first of an
 * array of those; names of an array joined with ", " when all is set. */
static void ld_names(json_t *v, nx_buf_t *b, int all)
{
    if (json_is_string(v)) {
        if (b->len)
            nx_buf_puts(b, ", ");
        nx_buf_puts(b, json_string_value(v));
    } else if (json_is_object(v)) {
        json_t *n = json_object_get(v, "name");
        if (json_is_string(n))
            ld_names(n, b, all);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            size_t before = b->len;
            ld_names(e, b, all);
            if (!all && b->len > before)
                break;
        }
    }
}

static char *ld_string(json_t *v)
{
    if (json_is_string(v))
        return trimmed(strdup(json_string_value(v)));
    return NULL;
}

static void ld_take(html_t *h, json_t *o, int rank)
{
    if (h->ld_rank && h->ld_rank <= rank)
        return;
    char *hl = ld_string(json_object_get(o, "headline"));
    /* A WebPage's "name" is the page title with its site suffix. */
    if (!hl && strcmp(article_types[rank - 1], "WebPage") != 0)
        hl = ld_string(json_object_get(o, "name"));
    char *dt = ld_string(json_object_get(o, "datePublished"));
    if (!dt)
        dt = ld_string(json_object_get(o, "dateCreated"));
    nx_buf_t pb = {0}, ab = {0};
    ld_names(json_object_get(o, "publisher"), &pb, 0);
    if (!pb.len)
        ld_names(json_object_get(o, "sourceOrganization"), &pb, 0);
    ld_names(json_object_get(o, "author"), &ab, 1);
    if (!hl && !dt && !pb.len) {
        free(hl);
        free(dt);
        nx_buf_free(&pb);
        nx_buf_free(&ab);
        return;
    }
    free(h->ld_headline);
    free(h->ld_date);
    free(h->ld_publisher);
    free(h->ld_author);
    h->ld_headline = hl;
    h->ld_date = dt;
    h->ld_publisher = trimmed(nx_buf_steal(&pb));
    h->ld_author = trimmed(nx_buf_steal(&ab));
    h->ld_rank = rank;
}

/* Look for article objects: the top value, arrays, "@graph", and one level
 * of "mainEntity"/"mainEntityOfPage". Bounded depth. */
static void ld_scan(html_t *h, json_t *v, int depth)
{
    if (depth > 6 || !v)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            if (i > 200)
                break;
            ld_scan(h, e, depth + 1);
        }
        return;
    }
    if (!json_is_object(v))
        return;
    int r = type_rank(json_object_get(v, "@type"));
    if (r)
        ld_take(h, v, r);
    ld_scan(h, json_object_get(v, "@graph"), depth + 1);
    ld_scan(h, json_object_get(v, "mainEntity"), depth + 1);
}

static void ld_parse(html_t *h, const char *s)
{
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (!c)
        return;
    /* Raw control characters (newlines inside strings, which many sites
     * emit) are not JSON: make them spaces. */
    for (size_t i = 0; i < n; i++)
        c[i] = ((unsigned char)s[i] < 0x20) ? ' ' : s[i];
    c[n] = '\0';
    char *p = c;
    while (*p && *p != '{' && *p != '[')
        p++;
    json_error_t je;
    json_t *root = json_loadb(p, strlen(p), JSON_DISABLE_EOF_CHECK, &je);
    if (root) {
        ld_scan(h, root, 0);
        json_decref(root);
    }
    free(c);
}

/* ---- the first pass ---- */

static const char *const chrome_tags[] = {"nav", "header", "footer", "aside", "menu", "form",
                                          NULL};
static const char *const byline_words[] = {"byline", "author", "authors", "byline-name",
                                           "article-author", "contributor", NULL};
static const char *const date_words[] = {"date", "dateline-date", "timestamp", "published",
                                         "pubdate", "publish-date", "article-date", "posted-on",
                                         "entry-date", "post-date", NULL};

static int is_any(const xmlNode *n, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (nx_xml_is(n, names[i]))
            return 1;
    return 0;
}

/* Total length of <p> text under n (bounded walk). */
typedef struct {
    size_t score;
} pscore_t;

static int pscore_visit(xmlNode *n, int leaving, void *ud)
{
    pscore_t *p = ud;
    if (leaving)
        return NX_WALK_GO;
    if (n->type == XML_ELEMENT_NODE &&
        (nx_xml_is(n, "script") || nx_xml_is(n, "style") || is_any(n, chrome_tags)))
        return NX_WALK_SKIP;
    if ((n->type == XML_TEXT_NODE) && n->content && n->parent && nx_xml_is(n->parent, "p"))
        p->score += strlen((const char *)n->content);
    return NX_WALK_GO;
}

static size_t p_text_len(xmlNode *n)
{
    pscore_t p = {0};
    nx_xml_walk(n, pscore_visit, &p);
    return p.score;
}

static int collect_visit(xmlNode *n, int leaving, void *ud)
{
    html_t *h = ud;
    if (n->type != XML_ELEMENT_NODE)
        return NX_WALK_GO;
    int art = nx_xml_is(n, "article") || nx_xml_is(n, "main");
    int chrome = is_any(n, chrome_tags);
    int head = nx_xml_is(n, "head");
    int art_el = nx_xml_is(n, "article");
    if (leaving) {
        h->in_art_el -= art_el;
        h->in_article -= art;
        h->in_chrome -= chrome;
        h->in_head -= head;
        return NX_WALK_GO;
    }
    h->in_article += art;
    h->in_art_el += art_el;
    h->in_chrome += chrome;
    h->in_head += head;
    if (nx_xml_is(n, "html") && !h->lang)
        h->lang = nx_xml_attr(n, "lang");
    if (nx_xml_is(n, "meta")) {
        take_meta(h, n);
        char *ip = nx_xml_attr(n, "itemprop");
        if (ip && !strcasecmp(ip, "datePublished") && !h->itemprop_date)
            h->itemprop_date = n;
        free(ip);
        return NX_WALK_GO;
    }
    if (nx_xml_is(n, "title") && !h->title && !nx_xml_is(n->parent, "svg")) {
        h->title = trimmed(nx_xml_text_dup(n));
        return NX_WALK_SKIP;
    }
    if (nx_xml_is(n, "script")) {
        if (attr_eq(n, "type", "application/ld+json")) {
            nx_buf_t b = {0};
            for (xmlNode *c = n->children; c; c = c->next)
                if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
                    nx_buf_puts(&b, (const char *)c->content);
            if (b.data)
                ld_parse(h, b.data);
            nx_buf_free(&b);
        }
        return NX_WALK_SKIP;
    }
    if (nx_xml_is(n, "style"))
        return NX_WALK_SKIP;
    if (nx_xml_is(n, "h1")) {
        if (h->in_article && !h->h1_article)
            h->h1_article = n;
        if (!h->in_chrome && !h->h1_any)
            h->h1_any = n;
    }
    if (nx_xml_is(n, "time")) {
        if (h->in_article && !h->time_article)
            h->time_article = n;
        if (!h->time_any)
            h->time_any = n;
    }
    {
        char *ip = nx_xml_attr(n, "itemprop");
        if (ip) {
            if (!strcasecmp(ip, "articleBody") && !h->articlebody)
                h->articlebody = n;
            else if (!strcasecmp(ip, "datePublished") && !h->itemprop_date)
                h->itemprop_date = n;
            else if (!strcasecmp(ip, "author") && !h->byline_el)
                h->byline_el = n;
            else if (!strcasecmp(ip, "headline") && !h->itemprop_headline)
                h->itemprop_headline = n;
            free(ip);
        }
    }
    if (nx_xml_is(n, "main") && !h->main)
        h->main = n;
    if (!h->main && attr_eq(n, "role", "main"))
        h->main = n;
    /* Outermost articles only: they are disjoint, so scoring them all is
     * one pass over the page. */
    if (art_el && h->in_art_el == 1) {
        size_t sc = p_text_len(n);
        if (!h->best_article || sc > h->best_article_score) {
            h->best_article = n;
            h->best_article_score = sc;
        }
    }
    if (!h->byline_el && !h->in_head &&
        (attr_has_token(n, "class", byline_words) || attr_eq(n, "rel", "author") ||
         attr_has_token(n, "id", byline_words)))
        h->byline_el = n;
    if (!h->date_el && !h->in_head && !nx_xml_is(n, "time") &&
        attr_has_token(n, "class", date_words))
        h->date_el = n;
    return NX_WALK_GO;
}

/* ---- densest block ---- */

typedef struct {
    xmlNode *best;
    size_t best_score;
} dense_t;

/* Score each element by the <p> text of its direct children: the
 * paragraphs of an article sit side by side in one container. */
static int dense_visit(xmlNode *n, int leaving, void *ud)
{
    dense_t *d = ud;
    if (leaving || n->type != XML_ELEMENT_NODE)
        return NX_WALK_GO;
    if (nx_xml_is(n, "script") || nx_xml_is(n, "style") || is_any(n, chrome_tags))
        return NX_WALK_SKIP;
    size_t score = 0;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (nx_xml_is(c, "p") || nx_xml_is(c, "pre") || nx_xml_is(c, "blockquote")) {
            for (xmlNode *t = c->children; t; t = t->next) {
                if (t->type == XML_TEXT_NODE && t->content)
                    score += strlen((const char *)t->content);
                else if (t->type == XML_ELEMENT_NODE)
                    score += 10; /* inline markup inside the paragraph */
            }
        } else if (c->type == XML_TEXT_NODE && c->content) {
            /* Bare text with <br>s between: count it too, less. */
            size_t l = strlen((const char *)c->content);
            if (l > 80)
                score += l / 2;
        }
    }
    if (score > d->best_score) {
        d->best = n;
        d->best_score = score;
    }
    return NX_WALK_GO;
}

/* ---- text extraction ---- */

static const char *const skip_tags[] = {
    "nav", "aside", "footer", "header", "menu", "script", "style", "noscript", "form",
    "button", "iframe", "svg", "select", "input", "textarea", "object", "embed", "video",
    "audio", "canvas", "map", "dialog", "figure", "template", "head", "label", "fieldset",
    "math", NULL};
static const char *const skip_words[] = {
    "share", "sharing", "social", "related", "newsletter", "promo", "advert", "advertisement",
    "ads", "ad", "adslot", "sponsored", "cookie", "cookies", "consent", "comments", "comment",
    "subscribe", "subscription", "breadcrumb", "breadcrumbs", "sidebar", "nav", "navbar",
    "navigation", "menu", "footer", "masthead", "toolbar", "popup", "modal", "paywall",
    "outbrain", "taboola", "recommended", "trending", "mostread", "byline", "author",
    "authors", "timestamp", "caption", "hidden", "visually-hidden", "sr", "skip", "tags",
    "signup", NULL};
static const char *const skip_roles[] = {"navigation", "banner", "contentinfo", "complementary",
                                         "dialog", "search", "menu", "menubar", "alert",
                                         "toolbar", NULL};

typedef struct {
    const xmlNode *root;
    const char *title;
} skip_t;

static int skip_el(const xmlNode *n, void *ud)
{
    skip_t *s = ud;
    if (n == s->root)
        return 0;
    if (is_any(n, skip_tags))
        return 1;
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden"))
        return 1;
    if (attr_eq(n, "aria-hidden", "true"))
        return 1;
    char *style = nx_xml_attr(n, "style");
    if (style) {
        nx_ascii_lower(style);
        int none = strstr(style, "display:none") || strstr(style, "display: none") ||
                   strstr(style, "visibility:hidden") || strstr(style, "visibility: hidden");
        free(style);
        if (none)
            return 1;
    }
    if (attr_has_token(n, "role", skip_roles))
        return 1;
    /* Class and id tokens of page furniture; paragraphs are kept whatever
     * their class says. */
    if (!nx_xml_is(n, "p") &&
        (attr_has_token(n, "class", skip_words) || attr_has_token(n, "id", skip_words)))
        return 1;
    /* Date lines and the headline itself are metadata, not text. */
    if (nx_xml_is(n, "time") && n->parent && !nx_xml_is(n->parent, "p") &&
        !nx_xml_is(n->parent, "li"))
        return 1;
    if (nx_xml_is(n, "h1") && s->title) {
        char *t = nx_xml_text_dup(n);
        int same = t && (nx_squeeze_space(t), strcasecmp(t, s->title) == 0);
        free(t);
        if (same)
            return 1;
    }
    return 0;
}

/* ---- title suffix ---- */

static int ci_eq_squeezed(const char *a, size_t an, const char *b)
{
    char *x = nx_strndup(a, an), *y = strdup(b);
    int r = 0;
    if (x && y) {
        nx_squeeze_space(x);
        nx_squeeze_space(y);
        r = strcasecmp(x, y) == 0;
    }
    free(x);
    free(y);
    return r;
}

/* Does part (a piece split off a title) name the site? */
static int names_site(const nx_parse_ctx_t *ctx, const char *part, size_t n, const char *site,
                      int allow_short)
{
    while (n && part[n - 1] == ' ')
        n--;
    while (n && *part == ' ')
        part++, n--;
    if (!n || n > 60)
        return 0;
    if (site && ci_eq_squeezed(part, n, site))
        return 1;
    char *p = nx_strndup(part, n);
    if (!p)
        return 0;
    int r = 0;
    if (site) {
        /* "Reuters.com" for site "Reuters", "BBC News" for "BBC". */
        char *a = nx_sources_normalize(ctx->sources, p), *b = nx_sources_normalize(ctx->sources, site);
        r = a && b && strcasecmp(a, b) == 0;
        free(a);
        free(b);
    }
    if (!r && nx_sources_known(ctx->sources, p))
        r = 1;
    if (!r && allow_short) {
        /* Short, capitalised, no figures: a site or section name. */
        size_t words = 1;
        int digits = 0;
        for (size_t i = 0; i < n; i++) {
            if (p[i] == ' ')
                words++;
            if (isdigit((unsigned char)p[i]) || p[i] == '$' || p[i] == '%')
                digits = 1;
        }
        r = n <= 30 && words <= 3 && !digits &&
            (isupper((unsigned char)p[0]) || (unsigned char)p[0] >= 0x80) &&
            !strchr(p, '?') && !strchr(p, '!');
    }
    free(p);
    return r;
}

static const char *const title_seps[] = {" | ", " - ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ",
                                         " \xc2\xb7 ", " // ", " \xc2\xbb ", " \xe2\x80\xa2 ",
                                         NULL};

/* Strip a " | Site" suffix (or a "Site | " prefix) from t, in place. */
static void strip_site(const nx_parse_ctx_t *ctx, char *t, const char *site, int allow_short)
{
    for (int round = 0; round < 2; round++) {
        size_t n = strlen(t);
        char *best = NULL;
        size_t bw = 0;
        for (int i = 0; title_seps[i]; i++) {
            size_t w = strlen(title_seps[i]);
            for (char *p = strstr(t, title_seps[i]); p; p = strstr(p + 1, title_seps[i]))
                if (!best || p > best) {
                    best = p;
                    bw = w;
                }
        }
        if (!best)
            return;
        char *right = best + bw;
        size_t left_n = (size_t)(best - t);
        /* Keep at least two words of headline. */
        if (left_n >= 8 && memchr(t, ' ', left_n) &&
            names_site(ctx, right, strlen(right), site, allow_short && round == 0)) {
            *best = '\0';
            continue;
        }
        /* "Site | Headline" */
        char *first = NULL;
        size_t fw = 0;
        for (int i = 0; title_seps[i]; i++) {
            char *p = strstr(t, title_seps[i]);
            if (p && (!first || p < first)) {
                first = p;
                fw = strlen(title_seps[i]);
            }
        }
        if (first && names_site(ctx, t, (size_t)(first - t), site, 0) &&
            n - (size_t)(first + fw - t) >= 8) {
            memmove(t, first + fw, strlen(first + fw) + 1);
            continue;
        }
        return;
    }
}

/* ---- last resort ---- */

/* Text by stripping tags, for pages the HTML parser gave up on (libxml2
 * stops at 256 levels of nesting): scripts, styles and comments dropped,
 * tags made spaces, the commonest entities decoded. */
static nx_status_t strip_tags(const char *s, nx_buf_t *out)
{
    static const struct {
        const char *name, *text;
    } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}};
    nx_status_t st = NX_OK;
    const char *p = s;
    while (*p && st == NX_OK) {
        if (*p == '<') {
            const char *end = NULL;
            if (!strncmp(p, "<!--", 4)) {
                end = strstr(p + 4, "-->");
                end = end ? end + 3 : NULL;
            } else if (!strncasecmp(p, "<script", 7) || !strncasecmp(p, "<style", 6)) {
                const char *close = !strncasecmp(p, "<script", 7) ? "</script" : "</style";
                const char *q = p + 1;
                while ((q = strchr(q, '<')) && strncasecmp(q, close, strlen(close)))
                    q++;
                end = q ? strchr(q, '>') : NULL;
                end = end ? end + 1 : NULL;
            } else if (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!') {
                end = strchr(p, '>');
                end = end ? end + 1 : NULL;
            } else {
                st = nx_buf_putc(out, *p++);
                continue;
            }
            if (!end)
                break;
            st = nx_buf_putc(out, ' ');
            p = end;
        } else if (*p == '&') {
            size_t i;
            for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
                if (!strncmp(p, ents[i].name, strlen(ents[i].name)))
                    break;
            if (i < sizeof ents / sizeof ents[0]) {
                st = nx_buf_puts(out, ents[i].text);
                p += strlen(ents[i].name);
            } else {
                st = nx_buf_putc(out, *p++);
            }
        } else {
            const char *q = p;
            while (*q && *q != '<' && *q != '&')
                q++;
            st = nx_buf_append(out, p, (size_t)(q - p));
            p = q;
        }
    }
    if (st == NX_OK && out->data) {
        /* One paragraph: squeeze all white space. */
        nx_squeeze_space(out->data);
        out->len = strlen(out->data);
    }
    return st;
}

/* ---- the parser ---- */

static nx_date_order_t lang_order(const char *lang)
{
    if (!lang || !*lang)
        return NX_DMY_UNKNOWN;
    if (!strcasecmp(lang, "en-us") || !strcasecmp(lang, "en_us"))
        return NX_ORDER_MDY;
    if (!strncasecmp(lang, "en", 2) && (lang[2] == '\0'))
        return NX_DMY_UNKNOWN;
    return NX_ORDER_DMY;
}

static void free_html(html_t *h)
{
    for (int i = 0; i < M_COUNT; i++)
        free(h->meta[i]);
    free(h->title);
    free(h->lang);
    free(h->ld_headline);
    free(h->ld_date);
    free(h->ld_publisher);
    free(h->ld_author);
}

static int set_date_el(nx_article_t *a, xmlNode *n, nx_date_order_t order)
{
    if (!n || a->date_origin != NX_DATE_NONE)
        return 0;
    int ok = 0;
    char *v = nx_xml_attr(n, "datetime");
    if (!v)
        v = nx_xml_attr(n, "content");
    if (v)
        ok = nx_parse_set_date(a, v, order);
    free(v);
    if (!ok) {
        char *t = nx_xml_text_dup(n);
        if (t && strlen(t) < 120) {
            ok = nx_parse_set_date(a, t, order);
            nx_date_t d;
            if (!ok && nx_date_find(t, &d) == NX_OK) {
                a->date = d;
                a->date_origin = NX_DATE_CONTENT;
                ok = 1;
            }
        }
        free(t);
    }
    return ok;
}

nx_status_t nx_parse_html(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err)
{
    char *u = html_to_utf8(data, len);
    if (!u)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    xmlDocPtr doc = NULL;
    nx_status_t st = nx_html_read(u, strlen(u), &doc, err);
    if (st != NX_OK) {
        free(u);
        return st;
    }
    nx_article_t *a = nx_parse_article_new(relpath, NULL, "html");
    if (!a) {
        free(u);
        xmlFreeDoc(doc);
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }
    html_t h;
    memset(&h, 0, sizeof h);
    h.ctx = ctx;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root)
        nx_xml_walk(root, collect_visit, &h);

    /* Site name, for the title suffix and the source. */
    const char *site = h.meta[M_SITE] ? h.meta[M_SITE] : h.ld_publisher;

    /* Title. */
    char *title = NULL;
    int from_title_el = 0;
    if (h.meta[M_OG_TITLE])
        title = strdup(h.meta[M_OG_TITLE]);
    else if (h.meta[M_TW_TITLE])
        title = strdup(h.meta[M_TW_TITLE]);
    else if (h.ld_headline)
        title = strdup(h.ld_headline);
    else if (h.itemprop_headline) {
        char *c = nx_xml_attr(h.itemprop_headline, "content");
        title = trimmed(c ? c : nx_xml_text_dup(h.itemprop_headline));
    }
    else if (h.h1_article)
        title = trimmed(nx_xml_text_dup(h.h1_article));
    if (!title && h.title) {
        /* The page's one <h1>, when the <title> starts with it, is the
         * headline without "- Section | Site" trimmings. */
        char *h1 = h.h1_any ? trimmed(nx_xml_text_dup(h.h1_any)) : NULL;
        if (h1 && strlen(h1) < strlen(h.title) && strncasecmp(h.title, h1, strlen(h1)) == 0) {
            title = h1;
        } else {
            free(h1);
            title = strdup(h.title);
            from_title_el = 1;
        }
    }
    if (!title && h.h1_any)
        title = trimmed(nx_xml_text_dup(h.h1_any));
    if (title) {
        strip_site(ctx, title, site, from_title_el);
        nx_article_set(&a->title, title, (size_t)-1);
        free(title);
    }

    /* Date. */
    nx_date_order_t order = lang_order(h.lang);
    if (!nx_parse_set_date(a, h.meta[M_PUBTIME], order) &&
        !nx_parse_set_date(a, h.ld_date, order) && !nx_parse_set_date(a, h.meta[M_DATE], order) &&
        !set_date_el(a, h.itemprop_date, order) && !set_date_el(a, h.time_article, order) &&
        !set_date_el(a, h.time_any, order))
        set_date_el(a, h.date_el, order);

    /* Byline (before the source: "By Jane Doe, Reuters"). */
    if (h.ld_author)
        nx_parse_set_byline(ctx, a, h.ld_author);
    if (h.meta[M_AUTHOR] && !strstr(h.meta[M_AUTHOR], "://"))
        nx_parse_set_byline(ctx, a, h.meta[M_AUTHOR]);
    if (h.byline_el) {
        char *b = trimmed(nx_xml_text_dup(h.byline_el));
        if (b && strlen(b) < 200)
            nx_parse_set_byline(ctx, a, b);
        free(b);
    }

    /* Text. */
    xmlNode *container = h.articlebody;
    if (!container && h.best_article && h.best_article_score > 0)
        container = h.best_article;
    if (!container)
        container = h.main;
    if (!container && root) {
        dense_t d = {NULL, 0};
        nx_xml_walk(root, dense_visit, &d);
        container = d.best;
    }
    nx_buf_t text = {0};
    skip_t sk = {container, a->title};
    if (container)
        st = nx_xml_block_text(container, skip_el, &sk, &text);
    if (st == NX_OK && text.len < 200 && root) {
        /* Too little: take the whole page less its furniture. */
        nx_buf_t all = {0};
        xmlNode *body = nx_xml_find(root, "body");
        sk.root = body ? body : root;
        st = nx_xml_block_text(sk.root, skip_el, &sk, &all);
        if (st == NX_OK && all.len > text.len) {
            nx_buf_free(&text);
            text = all;
        } else {
            nx_buf_free(&all);
        }
    }
    if (st == NX_OK && text.len == 0)
        st = strip_tags(u, &text);
    free(u);
    if (st == NX_OK)
        st = nx_parse_set_text(a, &text);
    nx_buf_free(&text);

    /* Source. */
    nx_dateline_t dl;
    int has_dl = a->text.len && nx_dateline_find(a->text.data, a->text.len, &dl);
    if (has_dl && dl.place_len && !a->dateline)
        nx_article_set(&a->dateline, dl.place, dl.place_len);
    if (!has_dl)
        memset(&dl, 0, sizeof dl);
    nx_parse_set_source(ctx, a, h.meta[M_SITE]);
    nx_parse_set_source(ctx, a, h.ld_publisher);
    nx_parse_set_source(ctx, a, h.meta[M_PUBLISHER] && !strstr(h.meta[M_PUBLISHER], "facebook.com")
                                    ? h.meta[M_PUBLISHER]
                                    : NULL);
    if (has_dl)
        nx_parse_use_dateline(ctx, a, &dl);
    if (!a->source && a->byline && nx_sources_known(ctx->sources, a->byline))
        nx_parse_set_source(ctx, a, a->byline);
    if (!a->source && h.title) {
        /* The <title>'s site part. */
        for (int i = 0; title_seps[i] && !a->source; i++) {
            const char *p = NULL, *q = h.title;
            while ((q = strstr(q, title_seps[i])))
                p = q++;
            if (p && nx_sources_known(ctx->sources, p + strlen(title_seps[i])))
                nx_parse_set_source(ctx, a, p + strlen(title_seps[i]));
        }
    }
    if (!a->source && h.meta[M_TW_SITE]) {
        const char *t = h.meta[M_TW_SITE];
        if (*t == '@')
            t++;
        if (nx_sources_known(ctx->sources, t))
            nx_parse_set_source(ctx, a, t);
    }
    if (!a->source && h.meta[M_APPNAME] && nx_sources_known(ctx->sources, h.meta[M_APPNAME]))
        nx_parse_set_source(ctx, a, h.meta[M_APPNAME]);
    if (!a->source && h.meta[M_AUTHOR] && nx_sources_known(ctx->sources, h.meta[M_AUTHOR]))
        nx_parse_set_source(ctx, a, h.meta[M_AUTHOR]);

    /* Standfirst. */
    const char *dek = h.meta[M_OG_DESC] ? h.meta[M_OG_DESC] : h.meta[M_DESC];
    if (dek)
        nx_article_set(&a->standfirst, dek, (size_t)-1);

    free_html(&h);
    xmlFreeDoc(doc);
    if (st != NX_OK) {
        nx_article_free(a);
        return nx_error_set(err, st, "out of memory");
    }
    if (nx_article_list_push(out, a) != NX_OK) {
        nx_article_free(a);
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }
    return NX_OK;
}
