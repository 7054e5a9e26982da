/* html.c - HTML pages.
 *
 * The parser gathers, the resolver chooses (lib/resolve.c has the ranks):
 * titles from og:title, twitter:title, the JSON-LD headline, itemprop
 * headline, the article's <h1>, <title> and the page's <h1>; dates from
 * article:published_time, the JSON-LD datePublished, the usual <meta>
 * names, itemprop=datePublished, <time datetime> (inside the article
 * first), a full date in the canonical URL's path, an element classed as
 * a date, the first full date in the text under the headline (no date
 * of the readers' comments: their <time>s and date elements), in the
 * opening of the text, and last a short line of the text that says it
 * is a date ("Last updated: 13 July 2020", "Aktualisiert am ..."); sources
 * from og:site_name, the JSON-LD publisher, publisher <meta>s, a
 * "(Reuters)" dateline, a byline naming a known source, the title's site
 * suffix, twitter:site; bylines from JSON-LD, author <meta>s and byline
 * elements; the standfirst from og:description or the description. Text:
 * the lead the page shows above the story's block (an element classed as
 * the lead, in the article's own <header> too, or else the first
 * paragraph of text between the headline and the block), then the
 * article body (itemprop=articleBody, <article>, <main>, or the block
 * with the most paragraph text; an <article> or that block with the
 * ancestor, up to six levels, that holds a quarter more paragraph text,
 * twice as much from the fourth level: a story split over sibling
 * blocks), with the paragraphs beside it that readability's sibling test
 * joins, without navigation, asides, footers, headers, small forms,
 * scripts, captions and similar furniture (by tag, role, or class and id
 * words matched on whole token parts, as trafilatura's and readability's
 * lists name them; a paragraph only by the strongest of them), blocks of
 * links (their share of the text as a reader sees it, the source's
 * indentation not counted, mailto: links not counted), teaser paragraphs
 * and cards that are mostly one link, headings over any of these (not
 * over an ad the story goes on after), short labels ending in a colon
 * over any of these or over nothing ("See also:"), labels over other
 * stories or a contact block ("Related articles", "Kontakt:"), copyright
 * and credit lines, headings inside links (teasers' headlines), short
 * headings with nothing left under them (one the text ends on, or one
 * the next heading of its rank follows), short dated lines and calls to
 * subscribe, donate or follow, and the short fragments that end the text
 * after its last full paragraph, unless they end as sentences do
 * (jusText's edge rule: "Share:", "Tags: ...", "Contact:"); paragraphs,
 * headings, list items and <br> become paragraph breaks. The titles of
 * the first <h1>s and <h2>s are kept as headings (a heading's text is the
 * part its class names the headline, without its kicker, small print or
 * screen-reader labels), which tell the resolver which part of a <title>
 * is the headline.
 *
 * The bytes are made UTF-8 before libxml2 sees them, by the decoder with
 * the charset the page declares (ingest/decode.c: a BOM, then the
 * declared charset, iso-8859-1 read as windows-1252 as browsers do, then
 * content sniffing); invalid UTF-8 is repaired, never passed through. */
#include "parse/parse.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "ingest/ingest.h"
#include "parse/kit.h"
#include "parse/xmlsafe.h"

/* ---- the elements treated apart ---- */

/* The elements the parser treats apart: one list for each purpose, each
 * element in one list. */
enum {
    CHROME = 1,   /* page chrome: an <h1> in it is not the headline, and its
                     paragraphs are not the article's */
    CODE = 2,     /* script and style: no text, no paragraphs */
    FURNITURE = 4 /* left out of the article's text: the chrome, the code
                     and these */
};
static const char *const chrome_tags[] = {"nav", "header", "footer", "aside", "menu", "form",
                                          NULL};
static const char *const code_tags[] = {"script", "style", NULL};
static const char *const furniture_tags[] = {
    "noscript", "button", "iframe",   "svg",  "select", "input",    "textarea",
    "object",   "embed",  "video",    "audio", "canvas", "map",     "dialog",
    "figure",   "template", "head",   "label", "fieldset", "math",  "figcaption", NULL};

static int in_list(const xmlNode *n, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (nx_xml_is(n, names[i]))
            return 1;
    return 0;
}

static int content_form(const xmlNode *n);

/* Whether element n serves any of the purposes in what. */
static int tag_is(const xmlNode *n, unsigned what)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return 0;
    if (what & FURNITURE)
        what |= CHROME | CODE;
    return ((what & CHROME) && in_list(n, chrome_tags) && !content_form(n)) ||
           ((what & CODE) && in_list(n, code_tags)) ||
           ((what & FURNITURE) && in_list(n, furniture_tags));
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

static int token_names(const char *v, const char *const *words);

/* Whether a token of n's attribute has a '-' or '_' separated part that is
 * one of words ("comment-date", "comments_area"). */
static int attr_has_part(const xmlNode *n, const char *attr, const char *const *words)
{
    char *v = nx_xml_attr(n, attr);
    int r = v && token_names(v, words);
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
       M_TW_SITE, M_APPNAME, M_DATE, M_OG_URL, M_COUNT };

typedef struct {
    nx_status_t status; /* the first failure (out of memory) of the pass */
    char *meta[M_COUNT];
    char *title;        /* <title> */
    char *canonical;    /* <link rel="canonical"> */
    xmlNode *h1_article; /* first <h1> inside <article>/<main> */
    xmlNode *itemprop_headline;
    xmlNode *h1_any;    /* first <h1> outside header/nav/footer */
    unsigned n_h1;      /* <h1>s outside header/nav/footer with text */
    xmlNode *headings[16]; /* the first <h1>s and <h2>s with text, anywhere */
    unsigned n_headings;
    xmlNode *time_article, *time_any, *itemprop_date;
    xmlNode *articlebody, *main;
    xmlNode *best_article;
    size_t best_article_score;
    xmlNode *byline_el;
    xmlNode *date_el;   /* an element classed as a date */
    xmlNode *date_part_el; /* a short one whose class or id has a date part, holding a date */
    xmlNode *lead_el;   /* the first element classed as the lead, after the headline */
    char *lang;
    /* JSON-LD */
    char *ld_headline, *ld_date, *ld_publisher, *ld_author;
    int ld_rank;
    /* nesting counters while walking */
    int in_article, in_chrome, in_head, in_art_el;
    const xmlNode *furn; /* the furniture (by class or id) being walked through */
    const xmlNode *comments; /* the readers' comments being walked through */
    /* the first short text of the page that says it is a date (page_dated) */
    char dated[128];
    nx_date_t dated_date;
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

/* A malloc'd, trimmed copy of s (NULL when empty); an allocation failure
 * is kept in h. */
static char *keep(html_t *h, const char *s)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c)
        h->status = NX_E_NOMEM;
    return trimmed(c);
}

static void set_meta(html_t *h, int k, const char *v)
{
    if (!h->meta[k] && v && *v)
        h->meta[k] = keep(h, v);
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
    else if (!strcmp(key, "og:url"))
        set_meta(h, M_OG_URL, content);
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

static char *ld_string(html_t *h, json_t *v)
{
    return json_is_string(v) ? keep(h, json_string_value(v)) : NULL;
}

static void ld_take(html_t *h, json_t *o, int rank)
{
    if (h->ld_rank && h->ld_rank <= rank)
        return;
    char *hl = ld_string(h, json_object_get(o, "headline"));
    /* A WebPage's "name" is the page title with its site suffix. */
    if (!hl && strcmp(article_types[rank - 1], "WebPage") != 0)
        hl = ld_string(h, json_object_get(o, "name"));
    char *dt = ld_string(h, json_object_get(o, "datePublished"));
    if (!dt)
        dt = ld_string(h, json_object_get(o, "dateCreated"));
    nx_buf_t pb = {0}, ab = {0};
    ld_names(json_object_get(o, "publisher"), &pb, 0);
    if (!pb.len)
        ld_names(json_object_get(o, "sourceOrganization"), &pb, 0);
    ld_names(json_object_get(o, "author"), &ab, 1);
    if (nx_buf_status(&pb) != NX_OK || nx_buf_status(&ab) != NX_OK)
        h->status = NX_E_NOMEM;
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
    if (!c) {
        h->status = NX_E_NOMEM;
        return;
    }
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

static const char *const byline_words[] = {"byline", "author", "authors", "byline-name",
                                           "article-author", "contributor", NULL};
static const char *const date_words[] = {"date", "dateline-date", "timestamp", "published",
                                         "pubdate", "publish-date", "article-date", "posted-on",
                                         "entry-date", "post-date", NULL};

/* Class words of an article's lead (its standfirst as the page shows it),
 * matched as whole parts of a class token ("article-lead", "p.excerpt",
 * "af-chapo"). */
static const char *const lead_words[] = {"lead", "intro", "excerpt", "chapo", "standfirst",
                                         "subheadline", "subtitle", "dek", "deck", "summary", NULL};

/* Parts of a class or id token that say the element shows a date
 * ("date-header", "post_date_wrap", "fecha-publicacion"), as htmldate's
 * date expressions look for them. */
static const char *const date_parts[] = {"date",   "datum",   "fecha",     "published",
                                         "posted", "pubdate", "timestamp", NULL};

static int br_text(const xmlNode *t);
static int token_names(const char *v, const char *const *words);

/* What the parser knows of each element's subtree, counted once, bottom
 * up, before the first pass (kept in the element's _private, which libxml2
 * leaves to its users): so every rule below that weighs a block's text is
 * O(1), and the page costs one walk whatever the rules ask. */
typedef struct {
    size_t text;   /* bytes of text below it, code (script, style) left out */
    size_t link;   /* of which inside links (<a href>) */
    size_t para;   /* paragraph text: inside <p> (at any depth: "<p><i><span>...")
                      or between <br>s, less link text, chrome left out */
    unsigned links; /* links (<a href>) below it */
    size_t seen;   /* its text as a reader sees it (text_len): for the link
                      density tests, which the source's indentation would
                      otherwise water down */
    size_t seen_link; /* of which inside links */
    int content_form; /* a <form> around the article (content_form) */
} nstat_t;

static const nstat_t no_stat = {0, 0, 0, 0, 0, 0, 0};

/* A <form> is page chrome (a search box, a comment or newsletter form)
 * unless it holds paragraphs of text, FORM_TEXT bytes or more: a page
 * built in one form (ASP.NET's), a shop's product description in the
 * order form. Known once the stats are counted; chrome before. */
#define FORM_TEXT 400

static int content_form(const xmlNode *n)
{
    return nx_xml_is(n, "form") && n->_private && ((const nstat_t *)n->_private)->content_form;
}

/* The length of text s in bytes, and in *seen as a reader sees it: a run
 * of white space (the markup's indentation and line breaks) counts as one
 * byte, so a block's link density does not depend on how its source is
 * indented. One pass for both. */
static size_t text_len(const char *s, size_t *seen)
{
    const char *p = s;
    size_t runs = 0; /* bytes of white space after the first of a run */
    int space = 0;
    for (; *p; p++) {
        int sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
        runs += sp && space;
        space = sp;
    }
    *seen = (size_t)(p - s) - runs;
    return (size_t)(p - s);
}

static const nstat_t *stat_of(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->_private ? n->_private : &no_stat;
}

static size_t p_text_len(const xmlNode *n)
{
    return stat_of(n)->para;
}

typedef struct {
    nstat_t *v;
    size_t n, cap;
} stats_t;

static int count_visit(xmlNode *n, int leaving, void *ud)
{
    stats_t *s = ud;
    if (!leaving && n->type == XML_ELEMENT_NODE)
        s->cap++;
    return NX_WALK_GO;
}

/* Whether n is a link to another page: an <a href>, not to an address
 * (mailto:, tel:), which is the writer's contact, not a way elsewhere. */
static int goes_to_page(const xmlNode *n)
{
    if (!nx_xml_is(n, "a"))
        return 0;
    char *h = nx_xml_attr(n, "href");
    if (!h)
        return 0;
    const char *p = h + strspn(h, " \t\r\n");
    int r = strncasecmp(p, "mailto:", 7) != 0 && strncasecmp(p, "tel:", 4) != 0;
    free(h);
    return r;
}

static int stat_visit(xmlNode *n, int leaving, void *ud)
{
    stats_t *s = ud;
    if (n->type != XML_ELEMENT_NODE || !leaving)
        return NX_WALK_GO;
    if (s->n == s->cap)
        return NX_WALK_STOP; /* the tree changed under us: cannot happen */
    nstat_t *st = &s->v[s->n++];
    *st = no_stat;
    n->_private = st;
    if (tag_is(n, CODE))
        return NX_WALK_GO;
    size_t br = 0;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            size_t seen;
            size_t l = text_len((const char *)c->content, &seen);
            st->text += l;
            st->seen += seen;
            if (br_text(c))
                br += l;
        } else if (c->type == XML_ELEMENT_NODE && c->_private) {
            const nstat_t *k = c->_private;
            st->text += k->text;
            st->link += k->link;
            st->links += k->links;
            st->seen += k->seen;
            st->seen_link += k->seen_link;
            st->para += k->para;
        }
    }
    if (goes_to_page(n)) {
        st->link = st->text;
        st->seen_link = st->seen;
        st->links++;
        st->para = 0;
    } else if (nx_xml_is(n, "form") && st->para >= FORM_TEXT) {
        st->content_form = 1;
    } else if (tag_is(n, CHROME)) {
        st->para = 0;
    } else if (nx_xml_is(n, "p")) {
        st->para = st->text - st->link;
    } else {
        st->para += br;
    }
    return NX_WALK_GO;
}

/* Count the stats of every element under root; *out is the array they
 * live in (free() it after the tree's last use of them). */
static nx_status_t count_stats(xmlNode *root, nstat_t **out)
{
    stats_t s = {NULL, 0, 0};
    *out = NULL;
    if (!root)
        return NX_OK;
    nx_xml_walk(root, count_visit, &s);
    if (!s.cap)
        return NX_OK;
    s.v = malloc(s.cap * sizeof *s.v);
    if (!s.v)
        return NX_E_NOMEM;
    nx_xml_walk(root, stat_visit, &s);
    *out = s.v;
    return NX_OK;
}

static int attr_furniture(const xmlNode *n, const char *attr, unsigned need);
static int is_logo(const xmlNode *n);

static int article_header(const xmlNode *n);

static void page_dated(html_t *h, const xmlNode *n);
static int shows_date(html_t *h, const xmlNode *n);

/* The class or id parts of readers' comments: their dates are not the
 * article's. */
static const char *const comment_words[] = {"comment", "comments", NULL};

static int readers_comments(const xmlNode *n)
{
    return attr_has_part(n, "class", comment_words) || attr_has_part(n, "id", comment_words);
}

static int collect_visit(xmlNode *n, int leaving, void *ud)
{
    html_t *h = ud;
    if (n->type == XML_TEXT_NODE && !leaving && !h->dated[0] && !h->comments && !h->in_head)
        page_dated(h, n);
    if (n->type != XML_ELEMENT_NODE)
        return NX_WALK_GO;
    int art = nx_xml_is(n, "article") || nx_xml_is(n, "main");
    int chrome = tag_is(n, CHROME) && !article_header(n);
    int head = nx_xml_is(n, "head");
    int art_el = nx_xml_is(n, "article");
    if (leaving) {
        if (n == h->furn)
            h->furn = NULL;
        if (n == h->comments)
            h->comments = NULL;
        h->in_art_el -= art_el;
        h->in_article -= art;
        h->in_chrome -= chrome;
        h->in_head -= head;
        return NX_WALK_GO;
    }
    /* The classes of <body> and <html> are the page's ("single-post",
     * "has-ads", "with-sidebar"), never furniture, as for dense_visit. */
    if (!h->furn && !head && !h->in_head && !nx_xml_is(n, "body") && !nx_xml_is(n, "html") &&
        (attr_furniture(n, "class", 0) || attr_furniture(n, "id", 0)))
        h->furn = n;
    /* Readers' comments: their dates are not the article's. */
    if (!h->comments && !h->in_head && readers_comments(n))
        h->comments = n;
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
    if (nx_xml_is(n, "link") && !h->canonical && attr_eq(n, "rel", "canonical")) {
        char *href = nx_xml_attr(n, "href");
        h->canonical = keep(h, href);
        free(href);
        return NX_WALK_GO;
    }
    if (nx_xml_is(n, "title") && !h->title && !nx_xml_is(n->parent, "svg")) {
        h->title = trimmed(nx_xml_text_keep(n, &h->status));
        return NX_WALK_SKIP;
    }
    if (nx_xml_is(n, "script")) {
        if (attr_eq(n, "type", "application/ld+json")) {
            nx_buf_t b = {0};
            for (xmlNode *c = n->children; c; c = c->next)
                if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
                    nx_buf_puts(&b, (const char *)c->content);
            if (nx_buf_status(&b) != NX_OK)
                h->status = NX_E_NOMEM;
            else if (b.data)
                ld_parse(h, b.data);
            nx_buf_free(&b);
        }
        return NX_WALK_SKIP;
    }
    if (nx_xml_is(n, "style"))
        return NX_WALK_SKIP;
    /* A heading that is the site's logo (<h1 class="logo">) is no
     * headline, nor a heading that tells which part of a <title> is. */
    if ((nx_xml_is(n, "h1") || nx_xml_is(n, "h2")) && is_logo(n))
        return NX_WALK_GO;
    if ((nx_xml_is(n, "h1") || nx_xml_is(n, "h2")) && stat_of(n)->text &&
        stat_of(n)->text < 400 && h->n_headings < sizeof h->headings / sizeof h->headings[0])
        h->headings[h->n_headings++] = n;
    if (nx_xml_is(n, "h1")) {
        if (h->in_article && !h->h1_article)
            h->h1_article = n;
        /* An article's own <header> holds its headline: not chrome here. */
        if ((!h->in_chrome || h->in_article) && stat_of(n)->text) {
            if (!h->h1_any)
                h->h1_any = n;
            h->n_h1++;
        }
    }
    if (nx_xml_is(n, "time") && !h->comments) {
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
    if (!h->date_el && !h->in_head && !h->comments && !nx_xml_is(n, "time") &&
        attr_has_token(n, "class", date_words))
        h->date_el = n;
    if (!h->date_part_el && !h->in_head && !h->comments && !nx_xml_is(n, "time") &&
        stat_of(n)->text && stat_of(n)->text < 120 &&
        (attr_has_part(n, "class", date_parts) || attr_has_part(n, "id", date_parts)) &&
        shows_date(h, n))
        h->date_part_el = n;
    /* The lead: after the headline, in the article's header or outside
     * the chrome, a short block of text rather than links. */
    if (!h->lead_el && !h->furn && (!h->in_chrome || h->in_article) &&
        (h->h1_any || h->h1_article) && !nx_xml_is(n, "h1") && stat_of(n)->text >= 40 &&
        stat_of(n)->text <= 1000 && stat_of(n)->link * 2 < stat_of(n)->text) {
        char *cl = nx_xml_attr(n, "class");
        if (token_names(cl, lead_words))
            h->lead_el = n;
        free(cl);
    }
    return NX_WALK_GO;
}

/* ---- densest block ---- */

typedef struct {
    xmlNode *best;
    size_t best_score;
    size_t total; /* the page's paragraph text */
} dense_t;

/* Whether text node t sits between <br>s: a paragraph of a story
 * written with <br><br> rather than <p>. */
static int br_text(const xmlNode *t)
{
    return (t->prev && nx_xml_is(t->prev, "br")) || (t->next && nx_xml_is(t->next, "br"));
}

/* Score each element by the paragraph text of its direct children (their
 * text less their links, p_text_len's measure) and its own text between
 * <br>s: the paragraphs of an article sit side by side in one container.
 * Furniture (by tag, class or id) is not a candidate, nor looked into. */
static int dense_visit(xmlNode *n, int leaving, void *ud)
{
    dense_t *d = ud;
    if (leaving || n->type != XML_ELEMENT_NODE)
        return NX_WALK_GO;
    if (tag_is(n, CHROME | CODE))
        return NX_WALK_SKIP;
    if (!nx_xml_is(n, "body") && (attr_furniture(n, "class", 0) || attr_furniture(n, "id", 0)) &&
        2 * p_text_len(n) <= d->total)
        return NX_WALK_SKIP;
    size_t score = 0;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (nx_xml_is(c, "p"))
            score += p_text_len(c);
        else if (nx_xml_is(c, "pre") || nx_xml_is(c, "blockquote"))
            score += stat_of(c)->text - stat_of(c)->link;
        else if (c->type == XML_TEXT_NODE && c->content && br_text(c))
            score += strlen((const char *)c->content);
    }
    if (score > d->best_score) {
        d->best = n;
        d->best_score = score;
    }
    return NX_WALK_GO;
}

/* ---- text extraction ---- */

/* Class and id words of page furniture, matched on whole tokens (the
 * attribute split on white space only, so Drupal's "field-label-hidden" is
 * one token and holds no "hidden"): ANYWHERE matches the word as any of a
 * token's '-' or '_' separated parts ("wp-caption-text"), EDGE as its first
 * or last part ("comments-area", "article-footer", not "l-sidebar-fixed"),
 * WHOLE only the token itself ("hidden", not "hidden-xs"), NOT_LAST as any
 * part but the last ("ad-slot", "top-ad-unit", not "cuerpo-ad", Spanish
 * for the article's body; readability's "^ad-|-ad-"), SUBSTR anywhere in
 * the token, as readability matches its strongest words ("jp-relatedposts",
 * "shareblock", "relatedNews"). A LAYOUT word
 * gives way to a token part that names content ("sidebar-content"), as
 * readability's okMaybeItsACandidate does. A PARA word also drops a <p>
 * ("newsletter-teaser"); the others never do, as a writer's paragraph may
 * carry any class ("hidden-xs", "caption-like"). */
enum { WHOLE, EDGE, ANYWHERE, NOT_LAST, SUBSTR };
enum { LAYOUT = 1, PARA = 2 };
typedef struct {
    const char *word;
    unsigned char how, flags;
} bword_t;
static const bword_t skip_words[] = {
    {"share", SUBSTR, PARA},       {"sharing", ANYWHERE, 0},     {"social", SUBSTR, PARA},
    {"related", SUBSTR, PARA},     {"newsletter", SUBSTR, PARA},  {"promo", ANYWHERE, PARA},
    {"advert", ANYWHERE, PARA},      {"advertisement", ANYWHERE, PARA}, {"ad", NOT_LAST, 0},
    {"ads", NOT_LAST, 0},             {"adslot", ANYWHERE, 0},      {"sponsor", SUBSTR, PARA},
    {"cookie", SUBSTR, PARA},      {"cookies", ANYWHERE, 0},     {"consent", SUBSTR, PARA},
    {"comments", EDGE, PARA},        {"comment", EDGE, PARA},         {"subscribe", EDGE, PARA},
    {"subscription", EDGE, PARA},    {"breadcrumb", SUBSTR, PARA},  {"breadcrumbs", ANYWHERE, 0},
    {"sidebar", EDGE, LAYOUT},    {"nav", EDGE, LAYOUT},        {"navbar", EDGE, LAYOUT},
    {"navigation", EDGE, LAYOUT}, {"menu", EDGE, LAYOUT},       {"footer", EDGE, LAYOUT},
    {"masthead", EDGE, LAYOUT},   {"toolbar", EDGE, LAYOUT},    {"popup", EDGE, LAYOUT},
    {"modal", WHOLE, LAYOUT},     {"outbrain", SUBSTR, 0},    {"taboola", SUBSTR, 0},
    {"recommended", EDGE, 0},     {"trending", EDGE, 0},        {"mostread", EDGE, 0},
    {"byline", EDGE, 0},          {"author", ANYWHERE, 0},      {"authors", EDGE, 0},
    {"timestamp", EDGE, 0},       {"caption", ANYWHERE, 0},     {"hidden", WHOLE, 0},
    {"visually-hidden", WHOLE, 0}, {"visuallyhidden", WHOLE, 0}, {"sr-only", WHOLE, 0},       {"screen-reader-text", WHOLE, 0},
    {"aural", WHOLE, 0},          {"element-invisible", WHOLE, 0},
    {"sr", WHOLE, 0},             {"skip", WHOLE, 0},           {"tags", EDGE, 0},
    {"signup", SUBSTR, PARA},      {"pagination", EDGE, 0},
    {"pager", EDGE, 0},           {"legend", EDGE, 0},
    {"credits", EDGE, 0},         {"rating", EDGE, 0},          {"reactions", EDGE, 0},
    {"promotion", ANYWHERE, 0},   {"cta", EDGE, 0},
    /* trafilatura's discard list (xpaths.py), as token parts: */
    {"copyright", ANYWHERE, PARA},   {"akismet", SUBSTR, PARA},       {"viral", ANYWHERE, 0},
    {"syndication", ANYWHERE, 0}, {"meta", ANYWHERE, 0},        {"bar", EDGE, LAYOUT},
    {"banner", ANYWHERE, LAYOUT}, {"button", ANYWHERE, 0},      {"infoline", ANYWHERE, 0},
    {"infos", EDGE, 0},           {"next", NOT_LAST, 0},        {"prev", NOT_LAST, 0},
    {"popular", EDGE, 0},         {"mostpopular", ANYWHERE, 0}, {"lightbox", ANYWHERE, 0},
    {"slider", ANYWHERE, 0},      {"slideshow", ANYWHERE, 0},   {"respond", WHOLE, 0},
    {"reply", EDGE, 0},           {"noprint", WHOLE, 0},        {"print", NOT_LAST, 0},
    {NULL, 0, 0}};
/* Token parts that name the content itself. */
static const char *const content_words[] = {"article", "content", "story", "body", "entry",
                                            "post", "text", "main", NULL};

/* Whether the part [s, s+n) of a token is one of words. */
static int part_in(const char *s, size_t n, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
            return 1;
    return 0;
}

/* Whether token [t, t+n) matches w as w's mode says. */
static int token_matches(const char *t, size_t n, const bword_t *w)
{
    size_t k = strlen(w->word);
    if (n < k)
        return 0;
    if (n == k)
        return strncasecmp(t, w->word, k) == 0;
    if (w->how == WHOLE)
        return 0;
    if (w->how == SUBSTR) {
        for (size_t i = 0; i + k <= n; i++)
            if (strncasecmp(t + i, w->word, k) == 0)
                return 1;
        return 0;
    }
    for (size_t i = 0; i + k <= n; i++) {
        int starts = i == 0 || t[i - 1] == '-' || t[i - 1] == '_';
        int ends = i + k == n || t[i + k] == '-' || t[i + k] == '_';
        if (!starts || !ends || strncasecmp(t + i, w->word, k) != 0)
            continue;
        if (w->how == ANYWHERE || (w->how == NOT_LAST && i + k < n) ||
            (w->how == EDGE && (i == 0 || i + k == n)))
            return 1;
    }
    return 0;
}

/* Whether a token of attribute value v has a part that is one of words. */
static int token_names(const char *v, const char *const *words)
{
    for (const char *p = v; p && *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        for (const char *q = s; q < p;) {
            const char *e = q;
            while (e < p && *e != '-' && *e != '_')
                e++;
            if (part_in(q, (size_t)(e - q), words))
                return 1;
            q = e + 1;
        }
    }
    return 0;
}

/* Whether token [t, t+n) has a part naming the content. */
/* Whether n is the article's own <header>, not the page's: its class
 * names the content ("article-header", "c-article-head__inner"). Its
 * headline and lead are the story's. */
static int article_header(const xmlNode *n)
{
    return nx_xml_is(n, "header") && attr_has_part(n, "class", content_words);
}

static int token_names_content(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && t[j] != '-' && t[j] != '_')
            j++;
        if (part_in(t + i, j - i, content_words))
            return 1;
        i = j + 1;
    }
    return 0;
}

/* Whether attribute value v (white-space separated tokens) names
 * furniture. */
static int furniture_tokens(const char *v, unsigned need, int layout_counts)
{
    if (!v)
        return 0;
    int layout = 0, content = 0;
    for (const char *p = v; *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - s);
        if (!n)
            break;
        /* A BEM modifier says how a block looks, not what it is:
         * "o-section--has-ads" is a section. */
        for (size_t i = 1; i + 1 < n; i++)
            if (s[i] == '-' && s[i + 1] == '-') {
                n = i;
                break;
            }
        content |= token_names_content(s, n);
        for (int i = 0; skip_words[i].word; i++)
            if ((skip_words[i].flags & need) == need && token_matches(s, n, &skip_words[i])) {
                if (!(skip_words[i].flags & LAYOUT))
                    return 1;
                layout = 1;
            }
    }
    return layout && !content && layout_counts;
}

static int attr_furniture(const xmlNode *n, const char *attr, unsigned need)
{
    char *v = nx_xml_attr(n, attr);
    int r = furniture_tokens(v, need, 1);
    free(v);
    return r;
}

/* Whether the class or id of n, in the article's block, names furniture:
 * of a paragraph, a PARA word; of a heading, no LAYOUT word (a heading
 * is no region of the layout: "nav_the_heading_1" is a contents anchor). */
static int furniture_el(const xmlNode *n)
{
    static const char *const heads[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    unsigned need = nx_xml_is(n, "p") ? PARA : 0;
    int layout = !in_list(n, heads);
    for (int i = 0; i < 2; i++) {
        char *v = nx_xml_attr(n, i ? "id" : "class");
        int r = furniture_tokens(v, need, layout);
        free(v);
        if (r)
            return 1;
    }
    return 0;
}

/* Whether a heading is the site's logo or name: its class or id has a
 * part "logo", "brand", "branding" or "sitename" ("site-logo"), as a
 * page's masthead marks it. */
static int is_logo(const xmlNode *n)
{
    static const char *const logo_words[] = {"logo", "brand", "branding", "sitename", NULL};
    for (int k = 0; k < 2; k++) {
        char *v = nx_xml_attr(n, k ? "id" : "class");
        int r = v && token_names(v, logo_words);
        free(v);
        if (r)
            return 1;
    }
    return 0;
}

static const char *const skip_roles[] = {"navigation", "banner", "contentinfo", "complementary",
                                         "dialog", "search", "menu", "menubar", "alert",
                                         "toolbar", NULL};

/* A subheading the text walk kept: where the text stood when the walk
 * reached it, its rank (2 for <h2>) and its text, to find its paragraph
 * afterwards. */
typedef struct {
    size_t at;
    int rank;
    char *text;
} shead_t;

typedef struct {
    const xmlNode *root;
    const char *title;
    size_t total; /* the paragraph text under root */
    nx_buf_t *out;    /* the text being written, when the walk's subheadings
                         are to be looked at afterwards (empty_sections) */
    shead_t heads[64];
    size_t n_heads;
} skip_t;

/* Whether n, classed as furniture, holds most of the block's paragraph
 * text: then it is the article in a wrapper with a misleading name
 * ("paywall", a layout's "with-sidebar"), and is kept. */
static int holds_most(const skip_t *s, const xmlNode *n)
{
    return s->total && 2 * p_text_len(n) > s->total;
}

/* Block elements the link density test looks at; paragraphs are never
 * dropped by it (a paragraph that is one link is still the writer's). */
static const char *const link_block_tags[] = {"div", "section", "ul", "ol", "dl", "table",
                                              "center", NULL};

/* Whether n is a block of links (trafilatura's link density test): two or
 * more links that make at least 60% of its text (lists of related stories,
 * tag and share lines), or one link that is all but a few bytes of a short
 * block ("Read more", "Next story"). */
static int link_block(const xmlNode *n)
{
    if (!in_list(n, link_block_tags))
        return 0;
    const nstat_t *st = stat_of(n);
    if (!st->links || !st->seen)
        return 0;
    /* Two or more links: their share of the text as a reader sees it. */
    if (st->links >= 2)
        return st->seen_link * 10 >= st->seen * 6;
    /* One link: a short block that is little more ("Read more"), or a
     * block of any length that is all one link (a teaser card wrapped in
     * its <a>). */
    return st->text - st->link < 30 && (st->text < 100 || st->link * 10 >= st->text * 9);
}

static int is_subheading(const xmlNode *n)
{
    static const char *const h[] = {"h2", "h3", "h4", "h5", "h6", NULL};
    return n && n->type == XML_ELEMENT_NODE && in_list(n, h);
}

/* t[0..n) lowercased in place: ASCII, and Latin-1's capitals
 * ("\u00C4hnliche" -> "\u00E4hnliche"). */
static void latin_lower(char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= 'A' && c <= 'Z')
            t[i] = (char)(c + 32);
        else if (c == 0xC3 && i + 1 < n && (unsigned char)t[i + 1] >= 0x80 &&
                 (unsigned char)t[i + 1] <= 0x9E && (unsigned char)t[i + 1] != 0x97)
            t[i + 1] = (char)((unsigned char)t[i + 1] + 0x20);
    }
}

/* The labels a page sets over a list of other stories or over more of
 * itself elsewhere ("Related articles", "Read more", "Zum Weiterlesen"),
 * or over a press release's contact block ("Kontakt:"), in the languages
 * of the news the project meets; lowercase, matched in any case of ASCII
 * and Latin-1 letters. A label alone is never the story's text; what
 * follows it may be, and the rules for links and teasers judge that. */
static const char *const related_labels[] = {
    "related", "related articles", "related stories", "related posts", "related content",
    "related news", "read more", "read also", "also read", "see also", "more on this",
    "more on this story", "you may also like", "you might also like", "more stories",
    "recommended", "recommended for you", "mehr zum thema", "zum weiterlesen", "weiterlesen",
    "lesen sie auch", "lesen sie mehr", "ähnliche beiträge", "ähnliche artikel",
    "das könnte sie auch interessieren", "das könnte dich auch interessieren",
    "auch interessant", "weitere artikel", "verwandte artikel", "mehr dazu",
    "zobacz także", "zobacz również", "czytaj też", "czytaj także", "przeczytaj też",
    "przeczytaj także", "polecamy", "notas relacionadas", "noticias relacionadas",
    "artículos relacionados", "te puede interesar", "lee también", "lea también",
    "ver también", "à lire aussi", "lire aussi", "sur le même sujet", "articles similaires",
    "voir aussi", "leggi anche", "articoli correlati", "potrebbe interessarti",
    /* a press release's contact block */
    "contact", "contacts", "media contact", "press contact", "kontakt", "pressekontakt",
    "contacto", "contact presse", NULL};

static int skip_el(const xmlNode *n, void *ud);

/* Whether a reader never sees n (below the root of skip_t ud): furniture
 * by its tag, or hidden. The cheap part of skip_el, for the rules that
 * read a small element's text from within skip_el: they must not call
 * skip_el again, which would read each nested element's text once per
 * ancestor (exponential in the depth of a chain of small elements). */
static int unseen(const xmlNode *n, void *ud)
{
    const skip_t *s = ud;
    if (n == s->root)
        return 0;
    if (tag_is(n, FURNITURE))
        return 1;
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden"))
        return 1;
    if (attr_eq(n, "aria-hidden", "true"))
        return 1;
    char *style = nx_xml_attr(n, "style");
    if (!style)
        return 0;
    nx_ascii_lower(style);
    int none = strstr(style, "display:none") || strstr(style, "display: none") ||
               strstr(style, "visibility:hidden") || strstr(style, "visibility: hidden");
    free(style);
    return none;
}

/* The first text below n that is not white space, or NULL. */
static const char *first_text(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            const char *t = (const char *)c->content;
            t += strspn(t, " \t\r\n");
            if (*t)
                return t;
        } else if (c->type == XML_ELEMENT_NODE && !tag_is(c, CODE)) {
            const char *t = first_text(c);
            if (t)
                return t;
        }
    }
    return NULL;
}

/* Whether n is a short copyright or credit line, a block of 300 bytes
 * or less that opens with "\u00A9", or "Copyright" and a year or a mark
 * ("\u00A9 Getty Images", "Copyright 2022 Harbour Post. All rights
 * reserved."): the page's notice, not the story. */
static int notice(const xmlNode *n)
{
    static const char *const blocks[] = {"p", "div", "small", "section", NULL};
    const nstat_t *st = stat_of(n);
    if (!st->seen || st->seen > 300 || !in_list(n, blocks))
        return 0;
    const char *t = first_text(n);
    if (!t)
        return 0;
    if (!strncmp(t, "\xc2\xa9", 2))
        return 1;
    if (strncasecmp(t, "copyright", 9))
        return 0;
    t += 9 + strspn(t + 9, " ");
    return !*t || isdigit((unsigned char)*t) || !strncmp(t, "\xc2\xa9", 2) ||
           !strncasecmp(t, "(c)", 3);
}

/* Whether n is such a label on its own: a heading, a paragraph or a
 * block, or an inline element that is all of its parent's text, whose
 * text (a trailing colon left out) is one of related_labels. */
static int related_label(const xmlNode *n)
{
    static const char *const blocks[] = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div",
                                         "section", "li", "dt", NULL};
    static const char *const inlines[] = {"span", "strong", "b", "em", "i", NULL};
    const nstat_t *st = stat_of(n);
    if (!st->seen || st->seen > 48)
        return 0;
    if (!in_list(n, blocks) &&
        !(in_list(n, inlines) && n->parent && stat_of(n->parent)->seen == st->seen))
        return 0;
    nx_buf_t b = {0};
    skip_t k = {.root = n};
    int r = 0;
    if (nx_xml_block_text(n, unseen, &k, &b) == NX_OK && b.data) {
        char *t = b.data;
        nx_squeeze_space(t);
        size_t l = strlen(t);
        while (l && (t[l - 1] == ':' || t[l - 1] == ' '))
            l--;
        latin_lower(t, l);
        for (int i = 0; related_labels[i] && !r; i++)
            r = strlen(related_labels[i]) == l && !memcmp(t, related_labels[i], l);
    }
    nx_buf_free(&b);
    return r;
}

/* A short paragraph that is mostly a link: a teaser set into the story
 * ("Read more: <a>...</a>", "See also: ..."), not the writer's sentence,
 * which a link is only part of. */
static int link_paragraph(const xmlNode *n)
{
    if (!nx_xml_is(n, "p"))
        return 0;
    const nstat_t *st = stat_of(n);
    return st->links && st->seen < 200 && st->seen_link * 10 >= st->seen * 7;
}

/* The element after n among its siblings, or NULL. */
static const xmlNode *next_element(const xmlNode *n)
{
    for (n = n->next; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    return n;
}

/* A heading that is a link (a teaser's headline), or a short one over a
 * block of links or of furniture ("You may also like", "Tags", "Related"). */
static int link_heading(const xmlNode *n)
{
    if (!is_subheading(n))
        return 0;
    const nstat_t *st = stat_of(n);
    if (st->links && st->seen_link * 10 >= st->seen * 8)
        return 1;
    if (st->seen > 100)
        return 0;
    const xmlNode *next = next_element(n);
    if (!next || link_block(next))
        return next != NULL;
    /* Furniture set into the story under its subheading (an ad, an
     * aside): the heading is the story's when a paragraph follows. */
    while (next && !link_block(next) && (tag_is(next, FURNITURE) || furniture_el(next)))
        next = next_element(next);
    return next != next_element(n) && !(next && nx_xml_is(next, "p") && stat_of(next)->para);
}

static char *h1_text(const xmlNode *n, nx_status_t *st);

/* Whether the last text under n, trailing white space and no-break
 * spaces left out, ends in a colon: 1, 0, or -1 for no text under n. */
static int last_colon(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->last; c && depth < 32; c = c->prev) {
        if (c->type == XML_TEXT_NODE && c->content) {
            const unsigned char *t = c->content;
            size_t l = strlen((const char *)t);
            while (l && (isspace(t[l - 1]) || (l >= 2 && t[l - 2] == 0xc2 && t[l - 1] == 0xa0)))
                l -= isspace(t[l - 1]) ? 1 : 2;
            if (l)
                return t[l - 1] == ':';
        } else if (c->type == XML_ELEMENT_NODE && !tag_is(c, FURNITURE)) {
            int r = last_colon(c, depth + 1);
            if (r >= 0)
                return r;
        }
    }
    return -1;
}

/* Whether n is a short label over a block the text leaves out or over
 * nothing: a paragraph or <div> of a few words, no link, that ends in a
 * colon ("See also:", "More on this:", "Tags:") and whose block (n, or
 * the ancestors below root that hold little more than n's text) is
 * followed by a block of links or of furniture, or by nothing at all.
 * The label's words introduce what follows; with that gone they are
 * furniture too, as link_heading holds for headings. A label over the
 * story's own text ("He said:" over a quote, "Ingredients:" over a list)
 * stays. */
static int dangling_label(const skip_t *s, const xmlNode *n)
{
    if (!nx_xml_is(n, "p") && !nx_xml_is(n, "div"))
        return 0;
    const nstat_t *st = stat_of(n);
    if (!st->seen || st->seen > 80 || st->links)
        return 0;
    if (last_colon(n, 0) != 1)
        return 0;
    const xmlNode *a = n;
    while (a->parent && a->parent != s->root && a->parent->type == XML_ELEMENT_NODE &&
           stat_of(a->parent)->seen <= st->seen + 16)
        a = a->parent;
    const xmlNode *next = a->next;
    for (; next && next->type != XML_ELEMENT_NODE; next = next->next)
        if (next->type == XML_TEXT_NODE && next->content) {
            const char *c = (const char *)next->content;
            while (*c && isspace((unsigned char)*c))
                c++;
            if (*c)
                return 0; /* text goes on after it */
        }
    return !next || link_block(next) || tag_is(next, FURNITURE) || furniture_el(next);
}

static int skip_el(const xmlNode *n, void *ud)
{
    skip_t *s = ud;
    if (n == s->root)
        return 0;
    if (unseen(n, ud))
        return 1;
    if (attr_has_token(n, "role", skip_roles))
        return 1;
    /* An embedded post: its words are quoted in the story, its chrome
     * (the account, the date, "View on ...") is not. */
    static const char *const embeds[] = {"tweet", "instagram", "tiktok", NULL}; /* word runs */
    if (n->parent && nx_xml_is(n->parent, "blockquote") && !nx_xml_is(n, "p") &&
        attr_has_token(n->parent, "class", embeds))
        return 1;
    /* Class and id tokens of page furniture. */
    if (furniture_el(n))
        return !holds_most(s, n);
    if ((link_block(n) || link_heading(n) || link_paragraph(n) || dangling_label(s, n)) &&
        !holds_most(s, n))
        return 1;
    /* A heading inside a link is a teaser's headline (a card of a list of
     * stories, "<a href><h2>...</h2></a>"). */
    if (is_subheading(n))
        for (const xmlNode *a = n->parent; a && a != s->root; a = a->parent)
            if (nx_xml_is(a, "a") && xmlHasProp((xmlNode *)a, (const xmlChar *)"href"))
                return 1;
    /* Date lines and the headline itself are metadata, not text. */
    if (nx_xml_is(n, "time") && n->parent && !nx_xml_is(n->parent, "p") &&
        !nx_xml_is(n->parent, "li"))
        return 1;
    if (nx_xml_is(n, "h1") && s->title) {
        /* Out of memory here only keeps the headline in the text. */
        nx_status_t st = NX_OK;
        char *t = h1_text(n, &st);
        int same = t && strcasecmp(t, s->title) == 0;
        free(t);
        if (same)
            return 1;
    }
    if (related_label(n) || notice(n))
        return 1;
    if (s->out && is_subheading(n) && s->n_heads < sizeof s->heads / sizeof s->heads[0]) {
        /* Out of memory here only keeps the heading whatever follows it. */
        nx_status_t st = NX_OK;
        char *t = h1_text(n, &st);
        if (t && *t && strlen(t) <= 100) {
            s->heads[s->n_heads++] = (shead_t){s->out->len, n->name[1] - '0', t};
        } else {
            free(t);
        }
    }
    return 0;
}

/* The paragraph of text at or after offset at: [*ps, *pe). */
static void para_at(const nx_buf_t *b, size_t at, size_t *ps, size_t *pe)
{
    while (at < b->len && (b->data[at] == '\n' || b->data[at] == ' '))
        at++;
    *ps = at;
    const char *e = at < b->len ? strstr(b->data + at, "\n\n") : NULL;
    *pe = e ? (size_t)(e - b->data) : b->len;
}

/* Drop the short subheadings with nothing under them (a longer one is a
 * standfirst set as a heading): a heading the text ends
 * on, or one the next heading of its rank or above follows at once ("You
 * may also like" over a list of teasers the rules left out, "Tags" over
 * links), as trafilatura drops an extraction's trailing headings. The
 * headings the walk kept are in s, their text written in s->out from base
 * on; they are freed. */
static void empty_sections(skip_t *s, size_t base)
{
    nx_buf_t *b = s->out;
    /* A heading's paragraph, when the text there is its text alone. */
    size_t ps[64], pe[64];
    int ok[64];
    for (size_t i = 0; i < s->n_heads; i++) {
        para_at(b, s->heads[i].at, &ps[i], &pe[i]);
        size_t l = strlen(s->heads[i].text);
        ok[i] = pe[i] - ps[i] == l && memcmp(b->data + ps[i], s->heads[i].text, l) == 0;
    }
    /* The headings that open the text, before any paragraph of it, are
     * its title and standfirst set as headings: they stay. */
    size_t opening = 0, next = base;
    for (size_t i = 0; i < s->n_heads && ok[i]; i++) {
        size_t ns, ne;
        para_at(b, next, &ns, &ne);
        if (ps[i] != ns)
            break;
        opening = i + 1;
        next = pe[i];
    }
    /* Last to first, so a heading over only empty sections goes too. */
    for (size_t i = s->n_heads; i-- > opening;) {
        if (!ok[i])
            continue;
        int empty = pe[i] == b->len;
        if (!empty) {
            size_t ns, ne;
            para_at(b, pe[i], &ns, &ne);
            for (size_t j = i + 1; j < s->n_heads && !empty; j++)
                if (ok[j] && ps[j] == ns && s->heads[j].rank <= s->heads[i].rank)
                    empty = 1;
        }
        if (!empty)
            continue;
        /* Cut the paragraph and the break before it (after it, for the
         * text's first), and move the later headings' offsets back. */
        size_t from = ps[i], to = pe[i];
        if (from >= base + 2 && from >= 2)
            from -= 2;
        else if (to + 2 <= b->len)
            to += 2;
        memmove(b->data + from, b->data + to, b->len - to + 1);
        b->len -= to - from;
        for (size_t j = i + 1; j < s->n_heads; j++)
            if (ok[j]) {
                ps[j] -= to - from;
                pe[j] -= to - from;
            }
    }
    for (size_t i = 0; i < s->n_heads; i++)
        free(s->heads[i].text);
    s->n_heads = 0;
}

/* An element of a heading that is not its headline: what skip_el skips,
 * and small print: <small>, or an element whose class says small print or
 * a kicker (a topline, a date or a rubric set in the heading: "<span
 * class=h1small>", "c-topline", "kicker"). */
static int skip_head_el(const xmlNode *n, void *ud)
{
    static const char *const kickers[] = {"kicker", "topline", "overline", "eyebrow",
                                          "dachzeile", "roofline", "small", NULL};
    skip_t *s = ud;
    if (n == s->root)
        return skip_el(n, ud);
    if (nx_xml_is(n, "small") || attr_has_part(n, "class", kickers))
        return 1;
    char *c = nx_xml_attr(n, "class");
    if (c)
        nx_ascii_lower(c);
    int small = c && strstr(c, "small");
    free(c);
    return small || skip_el(n, ud);
}

/* Whether a class token of n ends with the part "headline" or "title"
 * ("headline", "article-heading__title"; not "headline-intro", nor
 * "subtitle"). */
static int names_headline(const xmlNode *n)
{
    char *v = nx_xml_attr(n, "class");
    int r = 0;
    for (char *p = v; p && *p && !r;) {
        p += strspn(p, " \t\r\n");
        size_t k = strcspn(p, " \t\r\n");
        size_t b = k;
        while (b && p[b - 1] != '-' && p[b - 1] != '_')
            b--;
        r = (k - b == 8 && !strncasecmp(p + b, "headline", 8)) ||
            (k - b == 5 && !strncasecmp(p + b, "title", 5));
        p += k;
    }
    free(v);
    return r;
}

/* The element of a heading that its class names the headline (<h1><span
 * class=kicker>Rubric</span><span class=headline>Headline</span></h1>),
 * the heading's first such descendant, or NULL. */
static const xmlNode *headline_part(const xmlNode *h)
{
    for (const xmlNode *c = h->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (names_headline(c))
            return c;
        const xmlNode *d = headline_part(c);
        if (d)
            return d;
    }
    return NULL;
}

/* A headline's text as a reader sees it: the part its class names the
 * headline, if any; hidden labels ("<span class=visuallyhidden>Headline:
 * </span>") and small print left out (the small print kept when it is all
 * there is); on one line. A malloc'd string ("" for none), NULL with *st
 * set on ENOMEM. */
static char *h1_text(const xmlNode *n, nx_status_t *st)
{
    char *t = NULL;
    const xmlNode *part = headline_part(n);
    for (int pass = part ? 0 : 1; pass < 3 && *st == NX_OK; pass++) {
        nx_buf_t b = {0};
        const xmlNode *from = pass == 0 ? part : n;
        skip_t sk = {.root = from};
        nx_status_t r = nx_xml_block_text(from, pass == 2 ? skip_el : skip_head_el, &sk, &b);
        t = r == NX_OK ? nx_buf_steal(&b) : NULL;
        nx_buf_free(&b);
        if (!t) {
            *st = r != NX_OK ? r : NX_E_NOMEM;
            return NULL;
        }
        nx_squeeze_space(t);
        if (t[strspn(t, " ")])
            break;
        free(t);
        t = NULL;
    }
    if (!t && *st == NX_OK && !(t = nx_strdup("")))
        *st = NX_E_NOMEM;
    return t;
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
    free(h->canonical);
    free(h->lang);
    free(h->ld_headline);
    free(h->ld_date);
    free(h->ld_publisher);
    free(h->ld_author);
}

/* An element's date as a candidate: its datetime or content attribute,
 * else its text (a short one: parsed, or the first date in it). */
static void date_el(nx_draft_t *d, nx_origin_t o, xmlNode *n, nx_date_order_t order)
{
    if (!n)
        return;
    char *v = nx_xml_attr(n, "datetime");
    if (!v)
        v = nx_xml_attr(n, "content");
    int ok = v && nx_kit_date(d, o, v, order, 0);
    free(v);
    if (!ok) {
        char *t = nx_xml_text_keep(n, &d->c.status);
        if (t && strlen(t) < 120)
            nx_kit_date(d, o, t, order, 1);
        free(t);
    }
}

/* Whether the text of n (a short element) holds a date, as date_el reads it. */
static int shows_date(html_t *h, const xmlNode *n)
{
    char *t = nx_xml_text_keep(n, &h->status);
    nx_date_t d;
    int r = nx_kit_date_of(t, lang_order(h->lang), 1, &d);
    free(t);
    return r;
}

/* A full date in a URL's path, as a candidate. */
static void url_date(nx_draft_t *d, const char *url)
{
    nx_date_t t;
    if (url && nx_date_from_url(url, &t) == NX_OK)
        nx_cands_add_date(&d->c, NX_FROM_URL_DATE, url, &t);
}

/* The first all-numeric date with dots, day first ("06.12.2022": never
 * month first, so never ambiguous), standing alone in s; with slashes
 * ("03/05/2022") only when the page's language gives the order (order is
 * not NX_DMY_UNKNOWN). */
static int dotted_date(const char *s, nx_date_order_t order, nx_date_t *out, size_t *at)
{
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > s && (isalnum((unsigned char)p[-1]) ||
                                                      p[-1] == '.')))
            continue;
        const char *q = p;
        size_t a = 0, b = 0, c = 0;
        while (isdigit((unsigned char)*q) && a < 3)
            q++, a++;
        char sep = *q;
        if (*q++ != '.' && (sep != '/' || order == NX_DMY_UNKNOWN))
            continue;
        while (isdigit((unsigned char)*q) && b < 3)
            q++, b++;
        if (*q++ != sep)
            continue;
        while (isdigit((unsigned char)*q) && c < 5)
            q++, c++;
        if (a < 1 || a > 2 || b < 1 || b > 2 || c != 4 || isalnum((unsigned char)*q) ||
            (*q == '.' && isdigit((unsigned char)q[1])))
            continue;
        char one[16];
        memcpy(one, p, (size_t)(q - p));
        one[q - p] = '\0';
        if (nx_date_parse(one, sep == '.' ? NX_ORDER_DMY : order, out) == NX_OK) {
            *at = (size_t)(p - s);
            return 1;
        }
    }
    return 0;
}

/* The first full date in s: nx_date_find()'s forms or dotted_date()'s,
 * whichever comes first ("18.02.2022, 10:27 | ... 17. Februar 2022" is
 * the 18th). */
static int first_date(const char *s, nx_date_order_t order, nx_date_t *out)
{
    size_t at;
    nx_date_t dot;
    if (!dotted_date(s, order, &dot, &at))
        return nx_date_find(s, out) == NX_OK;
    char *head = at ? strndup(s, at) : NULL;
    int before = head && nx_date_find(head, out) == NX_OK;
    free(head); /* out of memory here only takes the dotted date */
    if (!before)
        *out = dot;
    return 1;
}

/* The first full date in the text that follows the headline h in
 * document order (a dateline or "Published" line under it): up to 400
 * bytes of text, through at most 400 nodes, furniture, quotes, readers'
 * comments and embedded posts left out, and of a long paragraph or run of text only its opening;
 * nx_date_find takes only unambiguous forms. */
static void text_date(nx_draft_t *d, const xmlNode *h, nx_date_order_t order)
{
    if (!h)
        return;
    char buf[512];
    size_t len = 0;
    const xmlNode *n = h;
    int steps = 0;
    /* Past h's own subtree: the headline is not the date. */
    while (n && !n->next)
        n = n->parent;
    n = n ? n->next : NULL;
    const size_t limit = 400;
    while (n && len < limit && steps++ < 400) {
        if (n->type == XML_TEXT_NODE && n->content) {
            const char *t = (const char *)n->content;
            size_t k = strlen(t);
            /* A long run of text is prose too (a standfirst in a <div>):
             * only its opening, as of a long paragraph. */
            if (k > 150)
                k = 60;
            if (k > limit - len)
                k = limit - len;
            memcpy(buf + len, t, k);
            len += k;
            buf[len++] = ' ';
        }
        int into = n->type == XML_ELEMENT_NODE && n->children && !tag_is(n, FURNITURE) &&
                   !nx_xml_is(n, "blockquote") && !readers_comments(n);
        /* A long paragraph is the story: only its opening ("(21 November
         * 2022) The council..."), not the dates the story is about. */
        if (into && nx_xml_is(n, "p") && stat_of(n)->text > 150) {
            char *t = nx_xml_text_keep(n, &d->c.status);
            size_t k = t ? strlen(t) : 0;
            if (k > 60)
                k = 60;
            if (k > limit - len)
                k = limit - len;
            if (t)
                memcpy(buf + len, t, k);
            len += k;
            buf[len++] = ' ';
            free(t);
            into = 0;
        }
        if (into) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    buf[len] = '\0';
    nx_date_t t;
    if (len && first_date(buf, order, &t))
        nx_cands_add_date(&d->c, NX_FROM_TEXT_DATE, buf, &t);
}

/* The last resort of the dates: the first short line of the text that
 * says it states a date ("Aktualisiert am 17.01.2021.", "Posted on 3 May
 * 2022"), wherever it stands: the foot of a story often holds its date.
 * A line of at most 120 bytes, opened by nx_date_lead()'s words. */
static int dated_line(nx_draft_t *d, const char *text, nx_date_order_t order)
{
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        if (n <= 120 && nx_date_lead(p, n)) {
            char line[128];
            memcpy(line, p, n);
            line[n] = '\0';
            nx_date_t t;
            if (first_date(line, order, &t)) {
                nx_cands_add_date(&d->c, NX_FROM_DATED_LINE, line, &t);
                return 1;
            }
        }
        p = e ? e + 1 : p + n;
    }
    return 0;
}

/* The dated line of the page, for a text that has none: the first text
 * of the page, outside readers' comments, of at most 120 bytes, opened by
 * nx_date_lead()'s words and holding a date ("Ver\u00f6ffentlicht:
 * 25.10.2007 15:19", "Posted on May 3, 2019"), wherever the layout put it
 * (a post's header or foot, outside the story's block): htmldate's search
 * of a page's short texts, kept to the ones that say they are a date. */
static void page_dated(html_t *h, const xmlNode *n)
{
    const char *t = (const char *)n->content;
    if (!t)
        return;
    t += strspn(t, " \t\r\n");
    size_t k = strnlen(t, 4096);
    if (k == 4096)
        return;
    while (k && isspace((unsigned char)t[k - 1]))
        k--;
    if (!k || k > 120 || !nx_date_lead(t, k))
        return;
    char line[128];
    memcpy(line, t, k);
    line[k] = '\0';
    if (first_date(line, lang_order(h->lang), &h->dated_date))
        memcpy(h->dated, line, k + 1);
}

/* Calls to action a page sets into or under the story: to subscribe, to
 * donate, to follow it or to get its app and newsletter, in the languages
 * of the news the project meets; lowercase (latin_lower). Found in a
 * paragraph of PROMPT_PARA bytes or less, they make it the page's, not
 * the story's ("Subscribe now for the full story.", "Follow us on
 * Twitter and Facebook", follow_on). */
static const char *const prompts[] = {
    "subscribe now", "please subscribe", "already a subscriber", "subscribe to read",
    "subscribe to continue", "to continue reading", "read the full story",
    "for the full story", "become a subscriber", "support our journalism",
    "support independent journalism", "donate now", "make a donation", "follow us on",
    "like us on facebook", "download our app", "download the app",
    "sign up for our newsletter", "sign up to our newsletter", "subscribe to our newsletter",
    "jetzt abonnieren", "abonnieren sie", "newsletter abonnieren", "zum newsletter anmelden",
    "folgen sie uns", "unterst\xc3\xbctzen sie uns", "jetzt spenden", "suscr\xc3\xad" "bete",
    "suscribite", "s\xc3\xadguenos en", "siguenos en", "apoya el periodismo",
    "abonnez-vous", "suivez-nous", "soutenez-nous", "zaprenumeruj", "obserwuj nas",
    "wesprzyj nas", "cancel anytime", "cancel at any time", "cancela cuando quieras",
    "jederzeit k\xc3\xbc" "ndbar", "our youtube channel", "nuestro canal de youtube",
    "unseren youtube-kanal", NULL};
#define PROMPT_PARA 220

/* "Follow ... on Twitter": a call to follow someone on a network, the
 * network named within 60 bytes of "follow". low is lowercase. */
static int follow_on(const char *low)
{
    static const char *const nets[] = {" on twitter", " on facebook", " on instagram",
                                       " on tiktok",  " on linkedin", " on youtube", NULL};
    for (const char *f = strstr(low, "follow"); f; f = strstr(f + 1, "follow")) {
        if (f > low && isalpha((unsigned char)f[-1]))
            continue;
        char win[72];
        size_t k = strnlen(f, sizeof win - 1);
        memcpy(win, f, k);
        win[k] = '\0';
        for (int i = 0; nets[i]; i++)
            if (strstr(win, nets[i]))
                return 1;
    }
    return 0;
}

static int prompt_para(const char *p, size_t n)
{
    if (n > PROMPT_PARA)
        return 0;
    char low[PROMPT_PARA + 1];
    memcpy(low, p, n);
    low[n] = '\0';
    latin_lower(low, n);
    for (int i = 0; prompts[i]; i++)
        if (strstr(low, prompts[i]))
            return 1;
    return follow_on(low);
}

/* The text less its short dated paragraphs, of DATED_PARA bytes or less
 * and opened by nx_date_lead()'s words ("Aktualisiert am 17.01.2021.",
 * "Posted on"): the article's date, read by then (dated_line), is a
 * field, not its text, as a <time> is; and less its calls to action
 * (prompt_para). */
#define DATED_PARA 80

static void drop_page_lines(nx_buf_t *t)
{
    size_t o = 0;
    for (size_t i = 0; i < t->len;) {
        /* the paragraph's end, scanned here: strstr from i would read
         * the rest of the text for each paragraph under ASan */
        size_t n = 0;
        while (i + n < t->len && !(t->data[i + n] == '\n' && i + n + 1 < t->len &&
                                   t->data[i + n + 1] == '\n'))
            n++;
        int e = i + n < t->len;
        const char *p = t->data + i;
        size_t k = n;
        while (k && (*p == ' ' || *p == '\n')) {
            p++;
            k--;
        }
        int drop = (k <= DATED_PARA && nx_date_lead(p, k)) || prompt_para(p, k);
        if (!drop) {
            if (o)
                memcpy(t->data + o, "\n\n", 2), o += 2;
            memmove(t->data + o, t->data + i, n);
            o += n;
        }
        i += n + (e ? 2 : 0);
    }
    t->len = o;
    if (t->data)
        t->data[o] = '\0';
}

/* Everything the first pass found, as candidates for the resolver. */
static void gather(nx_draft_t *d, const html_t *h)
{
    nx_cands_t *c = &d->c;
    /* Titles. */
    nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_OG_TITLE, h->meta[M_OG_TITLE], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_TWITTER_TITLE, h->meta[M_TW_TITLE], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_JSONLD_HEADLINE, h->ld_headline, (size_t)-1, 0);
    if (h->itemprop_headline) {
        char *v = nx_xml_attr(h->itemprop_headline, "content");
        if (v)
            nx_squeeze_space(v);
        else
            v = nx_xml_text_keep(h->itemprop_headline, &c->status);
        nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_ITEMPROP_HEADLINE, v, (size_t)-1, 0);
        free(v);
    }
    if (h->h1_article) {
        char *t = h1_text(h->h1_article, &c->status);
        nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_ARTICLE_H1, t, (size_t)-1, 0);
        free(t);
    }
    nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_TITLE_ELEMENT, h->title, (size_t)-1, 0);
    if (h->h1_any) {
        char *t = h1_text(h->h1_any, &c->status);
        nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_H1, t, (size_t)-1, h->n_h1 == 1 ? NX_CAND_ONLY : 0);
        free(t);
    }
    for (unsigned i = 0; i < h->n_headings; i++) {
        char *t = h1_text(h->headings[i], &c->status);
        nx_cands_add(c, NX_FIELD_TITLE, NX_FROM_HEADING, t, (size_t)-1, 0);
        free(t);
    }
    /* Dates. */
    nx_date_order_t order = lang_order(h->lang);
    nx_kit_date(d, NX_FROM_PUBLISHED_TIME, h->meta[M_PUBTIME], order, 0);
    nx_kit_date(d, NX_FROM_JSONLD_DATE, h->ld_date, order, 0);
    nx_kit_date(d, NX_FROM_META_DATE, h->meta[M_DATE], order, 0);
    date_el(d, NX_FROM_ITEMPROP_DATE, h->itemprop_date, order);
    date_el(d, NX_FROM_ARTICLE_TIME, h->time_article, order);
    date_el(d, NX_FROM_TIME, h->time_any, order);
    date_el(d, NX_FROM_DATE_ELEMENT, h->date_el, order);
    date_el(d, NX_FROM_DATE_PART, h->date_part_el, order);
    url_date(d, h->canonical);
    url_date(d, h->meta[M_OG_URL]);
    text_date(d, h->h1_article ? h->h1_article : h->h1_any, order);
    /* Bylines. */
    nx_cands_add(c, NX_FIELD_BYLINE, NX_FROM_JSONLD_AUTHOR, h->ld_author, (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_BYLINE, NX_FROM_META_AUTHOR, h->meta[M_AUTHOR], (size_t)-1, 0);
    if (h->byline_el) {
        char *b = trimmed(nx_xml_text_keep(h->byline_el, &c->status));
        nx_cands_add(c, NX_FIELD_BYLINE, NX_FROM_BYLINE_ELEMENT, b, (size_t)-1, 0);
        free(b);
    }
    /* Sources. */
    const char *tw = h->meta[M_TW_SITE];
    if (tw && *tw == '@')
        tw++;
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_SITE_NAME, h->meta[M_SITE], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_JSONLD_PUBLISHER, h->ld_publisher, (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_META_PUBLISHER, h->meta[M_PUBLISHER], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_TWITTER_SITE, tw, (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_APPLICATION_NAME, h->meta[M_APPNAME], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_META_AUTHOR, h->meta[M_AUTHOR], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_SOURCE, NX_FROM_PAGE_URL,
                 h->canonical ? h->canonical : h->meta[M_OG_URL], (size_t)-1, 0);
    /* Standfirsts. */
    nx_cands_add(c, NX_FIELD_STANDFIRST, NX_FROM_OG_DESCRIPTION, h->meta[M_OG_DESC], (size_t)-1, 0);
    nx_cands_add(c, NX_FIELD_STANDFIRST, NX_FROM_META_DESCRIPTION, h->meta[M_DESC], (size_t)-1, 0);
}

/* Whether a is b or one of its ancestors. */
static int holds(const xmlNode *a, const xmlNode *b)
{
    for (; b; b = b->parent)
        if (a == b)
            return 1;
    return 0;
}

/* Paragraphs shorter than this are short (jusText's length_low). */
#define SHORT_PARA 70

/* Whether the text [s, e) ends as a sentence does: a full stop, a
 * question or exclamation mark, or a closing quote or bracket after one
 * ("...," he said.), never an ellipsis (a teaser cut short). */
static int ends_sentence(const char *s, const char *e)
{
    static const char *const closers[] = {"\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb", "\"",
                                          "'", ")", NULL};
    for (int again = 1; again && e > s;) {
        again = 0;
        for (int i = 0; closers[i]; i++) {
            size_t k = strlen(closers[i]);
            if ((size_t)(e - s) >= k && memcmp(e - k, closers[i], k) == 0) {
                e -= k;
                again = 1;
                break;
            }
        }
    }
    return e > s && (e[-1] == '.' || e[-1] == '!' || e[-1] == '?') &&
           !((size_t)(e - s) >= 3 && memcmp(e - 3, "...", 3) == 0);
}

/* Whether [s, e) holds a sentence: it ends as one does, or a sentence's
 * end comes before more words ("It gave no details. REUTER"). */
static int has_sentence(const char *s, const char *e)
{
    if (ends_sentence(s, e))
        return 1;
    for (const char *p = s + 1; p + 1 < e; p++)
        if ((*p == '.' || *p == '!' || *p == '?') && p[1] == ' ' && isalnum((unsigned char)p[-1]))
            return 1;
    return 0;
}

/* Whether [s, e) holds a figure: a line of a table ("Net 4.9 mln vs 3.7
 * mln"), which the story's text goes on with. */
static int has_digit(const char *s, const char *e)
{
    for (; s < e; s++)
        if (isdigit((unsigned char)*s))
            return 1;
    return 0;
}

/* Cut the short paragraphs the text from base on ends with, back to the
 * last full one (SHORT_PARA bytes or more): as jusText classes a short
 * block between the document's edge and boilerplate as boilerplate, these
 * fragments after the story's last full paragraph are its furniture
 * ("Share:", "Tags: ...", "Follow us on ...", "Contact:", a sign-off).
 * A short paragraph with a sentence in it (a story's short last line, "He
 * will appeal.") or a figure (a table's line, "Net 4.9 mln vs 3.7 mln")
 * among them says the story goes on in short lines: then nothing is cut,
 * nor when no full paragraph comes before them. */
static void trailing_short(nx_buf_t *b, size_t base)
{
    size_t end = b->len;
    while (end > base) {
        size_t ps = end;
        while (ps > base && !(ps - base >= 2 && b->data[ps - 1] == '\n' && b->data[ps - 2] == '\n'))
            ps--;
        if (end - ps < SHORT_PARA && (has_sentence(b->data + ps, b->data + end) ||
                                      has_digit(b->data + ps, b->data + end)))
            return;
        if (end - ps >= SHORT_PARA) {
            if (end < b->len) {
                b->len = end;
                b->data[end] = '\0';
            }
            return;
        }
        if (ps <= base)
            return;
        end = ps - 2;
    }
}

/* Whether n, a paragraph beside the story's block, is the story's too, by
 * readability's sibling test: more than 80 bytes as a reader sees them
 * and under a quarter of them links, or shorter, no link, and a sentence
 * (the lead a layout sets above the block, a last line below it). */
static int joins(const xmlNode *n, skip_t *sk)
{
    if (!nx_xml_is(n, "p") || skip_el(n, sk))
        return 0;
    const nstat_t *st = stat_of(n);
    if (st->seen > 80)
        return st->seen_link * 4 < st->seen;
    if (!st->seen || st->seen_link)
        return 0;
    nx_buf_t b = {0};
    skip_t k = {.root = n};
    int r = nx_xml_block_text(n, skip_el, &k, &b) == NX_OK && b.len &&
            ends_sentence(b.data, b.data + b.len);
    nx_buf_free(&b);
    return r;
}

/* The text of the story's block, with the paragraphs beside it that join
 * it (joins), in the page's order; as readability does, the block of an
 * element that is its parent's only child is its parent's (the lead is
 * then often the parent's sibling). lead, already written, is left out. */
static nx_status_t joined_text(const xmlNode *block, const xmlNode *lead, skip_t *sk,
                               nx_buf_t *text)
{
    const xmlNode *top = block;
    for (;;) {
        const xmlNode *p = top->parent;
        if (!p || p->type != XML_ELEMENT_NODE || nx_xml_is(p, "body") || nx_xml_is(p, "html"))
            break;
        size_t elements = 0;
        for (const xmlNode *c = p->children; c; c = c->next)
            elements += c->type == XML_ELEMENT_NODE;
        if (elements != 1)
            break;
        top = p;
    }
    const xmlNode *parent = top->parent;
    if (!parent || parent->type != XML_ELEMENT_NODE || nx_xml_is(parent, "html"))
        return nx_xml_block_text(block, skip_el, sk, text);
    nx_status_t st = NX_OK;
    for (const xmlNode *c = parent->children; c && st == NX_OK; c = c->next) {
        if (c == top) {
            if (text->len && text->data[text->len - 1] != '\n')
                st = nx_buf_puts(text, "\n\n");
            if (st == NX_OK)
                st = nx_xml_block_text(block, skip_el, sk, text);
        } else if (c->type == XML_ELEMENT_NODE && c != lead && joins(c, sk)) {
            skip_t k = {.root = c, .title = sk->title, .total = p_text_len(c)};
            if (text->len && text->data[text->len - 1] != '\n')
                st = nx_buf_puts(text, "\n\n");
            if (st == NX_OK)
                st = nx_xml_block_text(c, skip_el, &k, text);
        }
    }
    return st;
}

/* Between the headline and the story's block, in the page's order: the
 * first paragraph of text there (a <p>, or a block of text and inline
 * elements) of more than 80 bytes as a reader sees them, under a quarter
 * links, that ends a sentence, outside furniture: the lead a layout sets
 * apart from the story's block ("<div class=teaser-text>", "<div
 * class=post-text>"). */
typedef struct {
    const xmlNode *from, *to, *found;
    int on;
    skip_t *sk;
} between_t;

static int text_block(const xmlNode *n)
{
    static const char *const inlines[] = {"a", "span", "strong", "b", "em", "i", "br", "small",
                                          "sup", "sub", "abbr", "u", "mark", "q", NULL};
    if (nx_xml_is(n, "p"))
        return 1;
    if (!nx_xml_is(n, "div"))
        return 0;
    int text = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !in_list(c, inlines))
            return 0;
        if (c->type == XML_TEXT_NODE && c->content &&
            ((const char *)c->content)[strspn((const char *)c->content, " \t\r\n")])
            text = 1;
    }
    return text;
}

static int between_visit(xmlNode *n, int leaving, void *ud)
{
    between_t *b = ud;
    if (leaving || n->type != XML_ELEMENT_NODE)
        return NX_WALK_GO;
    if (n == b->to)
        return NX_WALK_STOP;
    if (n == b->from) {
        b->on = 1;
        return NX_WALK_SKIP;
    }
    if (!b->on)
        return NX_WALK_GO;
    if (!holds(n, b->to) && skip_el(n, b->sk))
        return NX_WALK_SKIP;
    if (!text_block(n))
        return NX_WALK_GO;
    const nstat_t *st = stat_of(n);
    if (st->seen > 80 && st->seen_link * 4 < st->seen) {
        nx_buf_t t = {0};
        skip_t k = {.root = n};
        if (nx_xml_block_text(n, skip_el, &k, &t) == NX_OK && t.len &&
            ends_sentence(t.data, t.data + t.len))
            b->found = n;
        nx_buf_free(&t);
    }
    return b->found ? NX_WALK_STOP : NX_WALK_SKIP;
}

static const xmlNode *lead_between(xmlNode *root, const xmlNode *h1, const xmlNode *block,
                                   skip_t *sk)
{
    if (!root || !h1 || !block || holds(block, h1))
        return NULL;
    between_t b = {.from = h1, .to = block, .sk = sk};
    nx_xml_walk(root, between_visit, &b);
    return b.found;
}

/* The article's text: its container less the furniture, or the whole page
 * when that gives too little, or the bytes stripped of tags. */
static nx_status_t page_text(const html_t *h, xmlNode *root, const char *u, const char *title,
                             nx_buf_t *text)
{
    nx_status_t st = NX_OK;
    /* The densest block, and the page's own word for its article when that
     * holds the densest block or at least half its text: an articleBody
     * that is a teaser, or an <article> of related posts, gives way. */
    xmlNode *container = NULL;
    dense_t dn = {NULL, 0, p_text_len(root)};
    if (root)
        nx_xml_walk(root, dense_visit, &dn);
    size_t dense_len = dn.best ? p_text_len(dn.best) : 0;
    xmlNode *marked[] = {h->articlebody, h->best_article_score > 0 ? h->best_article : NULL,
                         h->main};
    for (size_t i = 0; i < sizeof marked / sizeof marked[0] && !container; i++)
        if (marked[i] && (holds(marked[i], dn.best) || 2 * p_text_len(marked[i]) >= dense_len))
            container = marked[i];
    if (!container || container == h->best_article) {
        /* The story may run over sibling blocks (a page builder's one
         * paragraph per widget, or one <article> per block of text): as
         * readability joins the siblings of its best candidate, take the
         * block's ancestor (six levels up at most, below <body>) whose
         * paragraph text is a quarter more than that of the block taken
         * so far, or, from the fourth level up, twice as much: as
         * readability's score of an ancestor falls with its distance, a
         * far one must gain more (a CMS's one content element per
         * paragraph group, nested six deep). */
        if (!container)
            container = dn.best;
        const xmlNode *a = container;
        for (int up = 0; up < 6 && a && a->parent && a->parent->type == XML_ELEMENT_NODE &&
                         !nx_xml_is(a->parent, "body") && !nx_xml_is(a->parent, "html");
             up++) {
            a = a->parent;
            size_t grown = p_text_len(a), had = p_text_len(container);
            if (up < 3 ? 4 * grown >= 5 * had : grown >= 2 * had)
                container = (xmlNode *)a;
        }
    }
    skip_t sk = {.root = container, .title = title, .total = p_text_len(container)};
    /* The lead the page shows above the story's block (in the article's
     * header) opens the text, as it opens the story for a reader: when
     * it is outside the block, or inside in furniture the walk leaves out
     * (the article's own <header>). */
    int lead_out = 0;
    const xmlNode *lead = h->lead_el;
    if (!lead && container)
        lead = lead_between(root, h->h1_article ? h->h1_article : h->h1_any, container, &sk);
    if (container && lead && !holds(lead, container)) {
        lead_out = !holds(container, lead);
        for (const xmlNode *a = lead->parent; !lead_out && a && a != container; a = a->parent)
            lead_out = skip_el(a, &sk);
    }
    if (lead_out) {
        skip_t lk = {.root = lead, .title = title, .total = p_text_len(lead)};
        st = nx_xml_block_text(lead, skip_el, &lk, text);
        if (st == NX_OK && text->len)
            st = nx_buf_puts(text, "\n\n");
    }
    if (container && st == NX_OK) {
        size_t base = text->len;
        sk.out = text;
        st = joined_text(container, lead_out ? lead : NULL, &sk, text);
        empty_sections(&sk, base);
        trailing_short(text, base);
    }
    if (st == NX_OK && text->len < 200 && root) {
        /* Too little: take the whole page less its furniture. */
        nx_buf_t all = {0};
        xmlNode *body = nx_xml_find(root, "body");
        sk.root = body ? body : root;
        sk.total = p_text_len(sk.root);
        sk.out = &all;
        st = nx_xml_block_text(sk.root, skip_el, &sk, &all);
        empty_sections(&sk, 0);
        trailing_short(&all, 0);
        if (st == NX_OK && all.len > text->len) {
            nx_buf_free(text);
            *text = all;
        } else {
            nx_buf_free(&all);
        }
    }
    if (st == NX_OK && text->len == 0)
        st = strip_tags(u, text);
    return st;
}

nx_status_t nx_parse_html(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err)
{
    char cs[48];
    nx_decode_declared(data, len, cs, sizeof cs);
    char *u = nx_decode(data, len, cs);
    if (!u)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    xmlDocPtr doc = NULL;
    nx_status_t st = nx_html_read(u, strlen(u), &doc, err);
    if (st != NX_OK) {
        free(u);
        return st;
    }
    nx_draft_t d;
    html_t h;
    memset(&h, 0, sizeof h);
    nx_buf_t text = {0};
    int dated = 0; /* the text has a dated line */
    st = nx_kit_begin(&d, ctx, relpath, NULL, "html", NX_FAMILY_HTML);
    xmlNode *root = xmlDocGetRootElement(doc);
    nstat_t *stats = NULL;
    if (st == NX_OK)
        st = count_stats(root, &stats);
    if (st == NX_OK && root)
        nx_xml_walk(root, collect_visit, &h);
    if (st == NX_OK && (st = h.status) == NX_OK) {
        gather(&d, &h);
        /* The title now: the text leaves out an <h1> that repeats it. */
        st = nx_kit_resolve(&d);
    }
    if (st == NX_OK)
        st = page_text(&h, root, u, d.a->title, &text);
    if (st == NX_OK && text.data) {
        /* Last of the dates: the first full one in the text's opening (a
         * "Posted on" line the layout put inside the story's block): its
         * short paragraphs, and of a long one only its first 60 bytes, as
         * text_date reads, not the dates the story is about. */
        char open[1024];
        size_t ol = 0;
        for (const char *p = text.data; *p && ol + 200 < sizeof open;) {
            const char *e = strstr(p, "\n\n");
            size_t n = e ? (size_t)(e - p) : strlen(p);
            size_t k = n > 150 ? 60 : n;
            memcpy(open + ol, p, k);
            ol += k;
            open[ol++] = ' ';
            p = e ? e + 2 : p + n;
        }
        open[ol] = '\0';
        nx_date_t t;
        if (first_date(open, lang_order(h.lang), &t))
            nx_cands_add_date(&d.c, NX_FROM_BODY_DATE, NULL, &t);
        dated = dated_line(&d, text.data, lang_order(h.lang));
        drop_page_lines(&text);
    }
    if (st == NX_OK && !dated && h.dated[0])
        nx_cands_add_date(&d.c, NX_FROM_DATED_LINE, h.dated, &h.dated_date);
    if (st == NX_OK)
        st = nx_kit_text(&d, &text);
    nx_buf_free(&text);
    free(u);
    free_html(&h);
    xmlFreeDoc(doc);
    free(stats);
    if (st != NX_OK) {
        nx_kit_drop(&d);
        return nx_error_set(err, st, "out of memory");
    }
    nx_kit_dateline(&d, d.a->text.data, d.a->text.len);
    return nx_kit_finish(&d, out, err);
}
