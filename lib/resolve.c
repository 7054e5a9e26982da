/* resolve.c - the rules that choose an article's fields from its parser's
 * candidates (see resolve.h for the model). Everything a parser used to
 * decide by the order of its "set unless set" calls is here: the tables
 * below, one per format family and field, and the few rules that are not
 * rankings (the byline's parts, an HTML title's site suffix, the <title>
 * that gives way to the page's <h1>). */
#include "newsindex/resolve.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "newsindex/text.h"

/* ---- the record ---- */

void nx_cands_init(nx_cands_t *c, nx_family_t family)
{
    memset(c, 0, sizeof *c);
    c->family = family;
}

void nx_cands_truncate(nx_cands_t *c, size_t n)
{
    while (c->n > n)
        free(c->v[--c->n].value);
}

void nx_cands_free(nx_cands_t *c)
{
    nx_cands_truncate(c, 0);
    free(c->v);
    c->v = NULL;
    c->cap = 0;
    c->status = NX_OK;
}

static nx_cand_t *cands_push(nx_cands_t *c, nx_field_t f, nx_origin_t o, const char *value,
                             size_t n, unsigned flags)
{
    if (c->status != NX_OK || !value)
        return NULL;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        nx_cand_t *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            c->status = NX_E_NOMEM;
            return NULL;
        }
        c->v = v;
        c->cap = cap;
    }
    char *copy = nx_strndup(value, n == (size_t)-1 ? strlen(value) : n);
    if (!copy) {
        c->status = NX_E_NOMEM;
        return NULL;
    }
    nx_cand_t *k = &c->v[c->n++];
    memset(k, 0, sizeof *k);
    k->field = f;
    k->origin = o;
    k->flags = flags;
    k->value = copy;
    return k;
}

nx_status_t nx_cands_add(nx_cands_t *c, nx_field_t f, nx_origin_t o, const char *value,
                         size_t n, unsigned flags)
{
    cands_push(c, f, o, value, n, flags);
    return c->status;
}

nx_status_t nx_cands_add_date(nx_cands_t *c, nx_origin_t o, const char *value,
                              const nx_date_t *d)
{
    nx_cand_t *k = cands_push(c, NX_FIELD_DATE, o, value ? value : "", (size_t)-1, 0);
    if (k)
        k->date = *d;
    return c->status;
}

/* ---- the rules ---- */

/* What a row asks of a candidate, beyond a usable value. */
enum {
    IF_ANY,          /* nothing more */
    IF_KNOWN,        /* it names a known source (nx_sources_known) */
    IF_NOT_KNOWN,    /* it names none */
    IF_KNOWN_OR_FIRM, /* it names a known source, or its parser vouched for it */
    IF_SITE          /* it names the site, not a section of it: a known source,
                        or a name the page's host spells (site_like) */
};

/* One row of a field's table: candidates of origin are tried at rank
 * (lower first; candidates of equal rank in the order seen), when they
 * pass when, are shorter than max bytes (0: any length) and do not hold
 * unless. Rows of one chain (non-zero) are tried as one: the first
 * candidate of the chain met in rank order is the chain's only try. A row
 * that yields to an origin does not count its candidates seen before the
 * first candidate of that origin (for the same field). */
typedef struct {
    nx_origin_t origin;
    unsigned char rank;
    unsigned char when;
    unsigned char chain;
    unsigned short max;
    const char *unless;
    nx_origin_t yields_to;
} rule_t;

typedef struct {
    const rule_t *rows;
    size_t n;
} rules_t;

#define AT(o, r) .origin = (o), .rank = (r)
#define ROWS(t) {t, sizeof t / sizeof t[0]}
#define NO_ROWS {NULL, 0}

/* Title rules of a family besides its table. */
#define CUT_SITE 1u  /* a " | Site" suffix is cut from the title */
#define H1_PREFIX 2u /* a <title> that starts with the page's <h1> gives way to it */
#define ONLY_H1 4u   /* the page's only <h1> is the headline, unless it names the site */

typedef struct {
    rules_t field[NX_NFIELDS];
    unsigned title_rules;
} family_t;

/* Plain text: everything is taken in the order the lines come, but a
 * "Title:" header replaces the title line above it. */
static const rule_t text_title[] = {
    {AT(NX_FROM_HEADER, 1)}, {AT(NX_FROM_TITLE_LINE, 1), .yields_to = NX_FROM_HEADER}};
static const rule_t text_date[] = {
    {AT(NX_FROM_HEADER, 1)}, {AT(NX_FROM_DATE_LINE, 1)}, {AT(NX_FROM_BYLINE, 1)}};
static const rule_t text_source[] = {
    {AT(NX_FROM_HEADER, 1)},
    {AT(NX_FROM_FROM_LINE, 1), .when = IF_KNOWN},
    {AT(NX_FROM_BYLINE, 1)},
    {AT(NX_FROM_DATELINE, 1), .when = IF_KNOWN_OR_FIRM},
    {AT(NX_FROM_CREDIT_LINE, 1), .when = IF_KNOWN_OR_FIRM}};
static const rule_t text_byline[] = {
    {AT(NX_FROM_HEADER, 1)},
    {AT(NX_FROM_FROM_LINE, 1), .when = IF_NOT_KNOWN, .unless = "@"},
    {AT(NX_FROM_BYLINE_LINE, 1)}};
static const rule_t text_dateline[] = {{AT(NX_FROM_HEADER, 1)}, {AT(NX_FROM_DATELINE, 1)}};
static const rule_t text_standfirst[] = {{AT(NX_FROM_HEADER, 1)}, {AT(NX_FROM_DEK, 1)}};

/* HTML: the page's metadata before its markup; the source is the agency
 * a byline names, then the site, then weaker hints. */
static const rule_t html_title[] = {
    {AT(NX_FROM_OG_TITLE, 1), .chain = 1}, {AT(NX_FROM_TWITTER_TITLE, 2), .chain = 1},
    {AT(NX_FROM_JSONLD_HEADLINE, 3), .chain = 1}, {AT(NX_FROM_ITEMPROP_HEADLINE, 4), .chain = 1},
    {AT(NX_FROM_ARTICLE_H1, 5), .chain = 1},
    {AT(NX_FROM_TITLE_ELEMENT, 6)}, {AT(NX_FROM_H1, 7)}};
static const rule_t html_date[] = {
    {AT(NX_FROM_PUBLISHED_TIME, 1)}, {AT(NX_FROM_JSONLD_DATE, 2)}, {AT(NX_FROM_META_DATE, 3)},
    {AT(NX_FROM_ITEMPROP_DATE, 4)}, {AT(NX_FROM_ARTICLE_TIME, 5)}, {AT(NX_FROM_URL_DATE, 6)},
    {AT(NX_FROM_TIME, 7)}, {AT(NX_FROM_DATE_ELEMENT, 8)}, {AT(NX_FROM_BYLINE, 9)},
    {AT(NX_FROM_TEXT_DATE, 10)}, {AT(NX_FROM_BODY_DATE, 11)}, {AT(NX_FROM_DATED_LINE, 12)},
    {AT(NX_FROM_DATE_PART, 13)}};
static const rule_t html_source[] = {
    {AT(NX_FROM_BYLINE, 1)}, {AT(NX_FROM_SITE_NAME, 2), .when = IF_SITE},
    {AT(NX_FROM_JSONLD_PUBLISHER, 3)},
    {AT(NX_FROM_META_PUBLISHER, 4), .unless = "facebook.com"},
    {AT(NX_FROM_DATELINE, 5), .when = IF_KNOWN_OR_FIRM},
    {AT(NX_FROM_TITLE_SITE, 6), .when = IF_KNOWN}, {AT(NX_FROM_TWITTER_SITE, 7), .when = IF_KNOWN},
    {AT(NX_FROM_APPLICATION_NAME, 8), .when = IF_KNOWN},
    {AT(NX_FROM_META_AUTHOR, 9), .when = IF_KNOWN}};
static const rule_t html_byline[] = {
    {AT(NX_FROM_JSONLD_AUTHOR, 1)}, {AT(NX_FROM_META_AUTHOR, 2), .unless = "://"},
    {AT(NX_FROM_BYLINE_ELEMENT, 3), .max = 200}};
static const rule_t html_dateline[] = {{AT(NX_FROM_DATELINE, 1)}};
static const rule_t html_standfirst[] = {
    {AT(NX_FROM_OG_DESCRIPTION, 1)}, {AT(NX_FROM_META_DESCRIPTION, 2)}};

/* NITF: its head's metadata, then the dateline of its text. */
static const rule_t nitf_title[] = {
    {AT(NX_FROM_HL1, 1)}, {AT(NX_FROM_HEAD_TITLE, 2)}, {AT(NX_FROM_HEDLINE, 3)}};
static const rule_t nitf_date[] = {
    {AT(NX_FROM_DATE_ISSUE, 1)}, {AT(NX_FROM_STORY_DATE, 2)}, {AT(NX_FROM_DATE_RELEASE, 3)},
    {AT(NX_FROM_PUBDATA, 4)}, {AT(NX_FROM_STORY_DATE_TEXT, 5)}, {AT(NX_FROM_BYLINE, 6)}};
static const rule_t nitf_source[] = {
    {AT(NX_FROM_COPYRIGHT_HOLDER, 1)}, {AT(NX_FROM_DISTRIBUTOR, 2)}, {AT(NX_FROM_PUBDATA, 3)},
    {AT(NX_FROM_RIGHTS_PROVIDER, 4)}, {AT(NX_FROM_RIGHTS_OWNER, 5)}, {AT(NX_FROM_BYLINE, 6)},
    {AT(NX_FROM_DATELINE, 7), .when = IF_KNOWN_OR_FIRM}};
static const rule_t nitf_byline[] = {{AT(NX_FROM_NITF_BYLINE, 1)}};
static const rule_t nitf_dateline[] = {
    {AT(NX_FROM_LOCATION, 1)}, {AT(NX_FROM_NITF_DATELINE, 1), .max = 60},
    {AT(NX_FROM_DATELINE, 2)}};
static const rule_t nitf_standfirst[] = {{AT(NX_FROM_ABSTRACT, 1)}};

/* RSS and Atom items: the item's own source first; the channel's name
 * only when it names a known source ("Reuters wire, part 3" names none). */
static const rule_t feed_title[] = {{AT(NX_FROM_ITEM_TITLE, 1)}};
static const rule_t feed_date[] = {{AT(NX_FROM_ITEM_DATE, 1)}, {AT(NX_FROM_BYLINE, 2)}};
static const rule_t feed_source[] = {
    {AT(NX_FROM_ITEM_SOURCE, 1), .when = IF_KNOWN},
    {AT(NX_FROM_ITEM_SOURCE_URL, 2), .when = IF_KNOWN},
    {AT(NX_FROM_ITEM_SOURCE, 3)}, {AT(NX_FROM_BYLINE, 4)},
    {AT(NX_FROM_ENTRY_SOURCE, 5), .when = IF_KNOWN},
    {AT(NX_FROM_DATELINE, 6), .when = IF_KNOWN_OR_FIRM}, {AT(NX_FROM_ENTRY_SOURCE, 7)},
    {AT(NX_FROM_FEED_PUBLISHER, 8), .when = IF_KNOWN}, {AT(NX_FROM_FEED_TITLE, 9), .when = IF_KNOWN}};
static const rule_t feed_byline[] = {
    {AT(NX_FROM_ITEM_AUTHOR, 1), .unless = "@"}, {AT(NX_FROM_ENTRY_AUTHOR, 1)}};
static const rule_t feed_dateline[] = {{AT(NX_FROM_DATELINE, 1)}};
static const rule_t feed_standfirst[] = {{AT(NX_FROM_ITEM_SUMMARY, 1), .max = 1000}};

/* Other XML: elements with the usual names, then the text's dateline. */
static const rule_t xml_title[] = {{AT(NX_FROM_XML_TITLE, 1)}};
static const rule_t xml_date[] = {{AT(NX_FROM_XML_DATE, 1)}};
static const rule_t xml_source[] = {
    {AT(NX_FROM_XML_SOURCE, 1)}, {AT(NX_FROM_DATELINE, 2), .when = IF_KNOWN_OR_FIRM}};
static const rule_t xml_dateline[] = {
    {AT(NX_FROM_XML_DATELINE, 1), .max = 60}, {AT(NX_FROM_DATELINE, 2)}};

/* Indexed by nx_family_t; fields in nx_field_t order: title, date, source,
 * byline, dateline, standfirst. */
static const family_t families[] = {
    [NX_FAMILY_TEXT] = {{ROWS(text_title), ROWS(text_date), ROWS(text_source), ROWS(text_byline),
                         ROWS(text_dateline), ROWS(text_standfirst)}, 0},
    [NX_FAMILY_HTML] = {{ROWS(html_title), ROWS(html_date), ROWS(html_source), ROWS(html_byline),
                         ROWS(html_dateline), ROWS(html_standfirst)}, CUT_SITE | H1_PREFIX | ONLY_H1},
    [NX_FAMILY_NITF] = {{ROWS(nitf_title), ROWS(nitf_date), ROWS(nitf_source), ROWS(nitf_byline),
                         ROWS(nitf_dateline), ROWS(nitf_standfirst)}, 0},
    [NX_FAMILY_FEED] = {{ROWS(feed_title), ROWS(feed_date), ROWS(feed_source), ROWS(feed_byline),
                         ROWS(feed_dateline), ROWS(feed_standfirst)}, 0},
    [NX_FAMILY_XML] = {{ROWS(xml_title), ROWS(xml_date), ROWS(xml_source), NO_ROWS,
                        ROWS(xml_dateline), NO_ROWS}, 0},
};

static const char *const origin_names[NX_NORIGINS] = {
    [NX_FROM_NONE] = "none",
    [NX_FROM_DATELINE] = "dateline",
    [NX_FROM_BYLINE] = "byline part",
    [NX_FROM_OG_TITLE] = "og:title",
    [NX_FROM_TWITTER_TITLE] = "twitter:title",
    [NX_FROM_JSONLD_HEADLINE] = "JSON-LD headline",
    [NX_FROM_ITEMPROP_HEADLINE] = "itemprop headline",
    [NX_FROM_ARTICLE_H1] = "<article> <h1>",
    [NX_FROM_TITLE_ELEMENT] = "<title>",
    [NX_FROM_H1] = "<h1>",
    [NX_FROM_HEADING] = "a heading",
    [NX_FROM_TITLE_SITE] = "<title> site part",
    [NX_FROM_PUBLISHED_TIME] = "article:published_time",
    [NX_FROM_JSONLD_DATE] = "JSON-LD datePublished",
    [NX_FROM_META_DATE] = "date <meta>",
    [NX_FROM_ITEMPROP_DATE] = "itemprop datePublished",
    [NX_FROM_ARTICLE_TIME] = "<article> <time>",
    [NX_FROM_TIME] = "<time>",
    [NX_FROM_DATE_ELEMENT] = "date element",
    [NX_FROM_URL_DATE] = "URL path",
    [NX_FROM_TEXT_DATE] = "text after the headline",
    [NX_FROM_BODY_DATE] = "the opening of the text",
    [NX_FROM_DATED_LINE] = "a dated line of the text or the page",
    [NX_FROM_DATE_PART] = "an element with a date class part",
    [NX_FROM_SITE_NAME] = "og:site_name",
    [NX_FROM_JSONLD_PUBLISHER] = "JSON-LD publisher",
    [NX_FROM_META_PUBLISHER] = "publisher <meta>",
    [NX_FROM_TWITTER_SITE] = "twitter:site",
    [NX_FROM_APPLICATION_NAME] = "application-name",
    [NX_FROM_META_AUTHOR] = "author <meta>",
    [NX_FROM_JSONLD_AUTHOR] = "JSON-LD author",
    [NX_FROM_BYLINE_ELEMENT] = "byline element",
    [NX_FROM_OG_DESCRIPTION] = "og:description",
    [NX_FROM_META_DESCRIPTION] = "description <meta>",
    [NX_FROM_PAGE_URL] = "page URL",
    [NX_FROM_HEADER] = "header line",
    [NX_FROM_FROM_LINE] = "From: line",
    [NX_FROM_TITLE_LINE] = "title line",
    [NX_FROM_DATE_LINE] = "date line",
    [NX_FROM_BYLINE_LINE] = "byline line",
    [NX_FROM_DEK] = "standfirst paragraph",
    [NX_FROM_CREDIT_LINE] = "credit line",
    [NX_FROM_HL1] = "hl1",
    [NX_FROM_HEAD_TITLE] = "head/title",
    [NX_FROM_HEDLINE] = "hedline",
    [NX_FROM_DATE_ISSUE] = "date.issue",
    [NX_FROM_STORY_DATE] = "story.date@norm",
    [NX_FROM_DATE_RELEASE] = "date.release",
    [NX_FROM_PUBDATA] = "pubdata",
    [NX_FROM_STORY_DATE_TEXT] = "story.date",
    [NX_FROM_COPYRIGHT_HOLDER] = "doc.copyright@holder",
    [NX_FROM_DISTRIBUTOR] = "distributor",
    [NX_FROM_RIGHTS_PROVIDER] = "doc.rights@provider",
    [NX_FROM_RIGHTS_OWNER] = "doc.rights@owner",
    [NX_FROM_NITF_BYLINE] = "NITF byline",
    [NX_FROM_LOCATION] = "dateline/location",
    [NX_FROM_NITF_DATELINE] = "NITF dateline",
    [NX_FROM_ABSTRACT] = "abstract",
    [NX_FROM_ITEM_TITLE] = "item title",
    [NX_FROM_ITEM_DATE] = "item date",
    [NX_FROM_ITEM_SOURCE] = "item source",
    [NX_FROM_ITEM_SOURCE_URL] = "item source url",
    [NX_FROM_ITEM_AUTHOR] = "item author",
    [NX_FROM_ENTRY_AUTHOR] = "entry author",
    [NX_FROM_ENTRY_SOURCE] = "entry source",
    [NX_FROM_FEED_PUBLISHER] = "feed publisher",
    [NX_FROM_FEED_TITLE] = "feed title",
    [NX_FROM_ITEM_SUMMARY] = "item summary",
    [NX_FROM_XML_TITLE] = "title element",
    [NX_FROM_XML_DATE] = "date element",
    [NX_FROM_XML_SOURCE] = "source element",
    [NX_FROM_XML_DATELINE] = "dateline element",
};

const char *nx_origin_name(nx_origin_t o)
{
    return (unsigned)o < NX_NORIGINS && origin_names[o] ? origin_names[o] : "?";
}

/* ---- the work of one resolution ---- */

/* A candidate in the order seen: a parser's (seq is its index, sub 0), or
 * one the resolver made from another (seq is that one's index, sub > 0). */
typedef struct {
    nx_cand_t c;
    uint32_t seq, sub;
} made_t;

typedef struct {
    const nx_cand_t *c;
    const rule_t *r;
    uint32_t seq, sub;
} entry_t;

typedef struct {
    const nx_sources_t *sources;
    const family_t *fam;
    const nx_cands_t *in;
    made_t *made;
    size_t nmade, capmade;
    nx_status_t st; /* the first failure */
} work_t;

static int oom(work_t *w)
{
    w->st = NX_E_NOMEM;
    return 0;
}

static void make(work_t *w, nx_field_t f, nx_origin_t o, const char *value, size_t n,
                 uint32_t seq, uint32_t sub, const nx_date_t *d)
{
    if (w->st != NX_OK)
        return;
    if (w->nmade == w->capmade) {
        size_t cap = w->capmade ? w->capmade * 2 : 8;
        made_t *v = realloc(w->made, cap * sizeof *v);
        if (!v) {
            oom(w);
            return;
        }
        w->made = v;
        w->capmade = cap;
    }
    char *copy = nx_strndup(value, n);
    if (!copy) {
        oom(w);
        return;
    }
    made_t *m = &w->made[w->nmade++];
    memset(m, 0, sizeof *m);
    m->c.field = f;
    m->c.origin = o;
    m->c.value = copy;
    if (d)
        m->c.date = *d;
    m->seq = seq;
    m->sub = sub;
}

static int entry_before(const entry_t *a, const entry_t *b)
{
    if (a->r->rank != b->r->rank)
        return a->r->rank < b->r->rank;
    if (a->seq != b->seq)
        return a->seq < b->seq;
    return a->sub < b->sub;
}

static void add_entries(const rules_t *rs, const nx_cand_t *c, uint32_t seq, uint32_t sub,
                        entry_t *v, size_t *n)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->rows[i].origin != c->origin)
            continue;
        /* Insertion in rank order; few candidates per field. */
        entry_t e = {c, &rs->rows[i], seq, sub};
        size_t k = (*n)++;
        while (k > 0 && entry_before(&e, &v[k - 1])) {
            v[k] = v[k - 1];
            k--;
        }
        v[k] = e;
    }
}

/* The candidates of field f, each once per row that takes its origin, in
 * the order they are tried. *out is malloc'd (NULL when none). */
static size_t entries(work_t *w, nx_field_t f, entry_t **out)
{
    const rules_t *rs = &w->fam->field[f];
    size_t cnt = 0;
    *out = NULL;
    for (size_t i = 0; i < w->in->n; i++)
        cnt += w->in->v[i].field == f;
    for (size_t i = 0; i < w->nmade; i++)
        cnt += w->made[i].c.field == f;
    if (!cnt || !rs->n)
        return 0;
    entry_t *v = malloc(cnt * rs->n * sizeof *v);
    if (!v)
        return oom(w);
    size_t n = 0;
    for (size_t i = 0; i < w->in->n; i++)
        if (w->in->v[i].field == f)
            add_entries(rs, &w->in->v[i], (uint32_t)i, 0, v, &n);
    for (size_t i = 0; i < w->nmade; i++)
        if (w->made[i].c.field == f)
            add_entries(rs, &w->made[i].c, w->made[i].seq, w->made[i].sub, v, &n);
    *out = v;
    return n;
}

static const nx_cand_t *first_of(const work_t *w, nx_field_t f, nx_origin_t o)
{
    for (size_t i = 0; i < w->in->n; i++)
        if (w->in->v[i].field == f && w->in->v[i].origin == o)
            return &w->in->v[i];
    return NULL;
}

static uint32_t index_of(const work_t *w, const nx_cand_t *c)
{
    return (uint32_t)(c - w->in->v);
}

/* Whether e's candidate passes what its row asks, chains aside. */
static int site_like(const work_t *w, const char *v);

static int row_passes(const work_t *w, const entry_t *e)
{
    const rule_t *r = e->r;
    const char *v = e->c->value;
    if (r->yields_to) {
        const nx_cand_t *y = first_of(w, e->c->field, r->yields_to);
        if (y && index_of(w, y) > e->seq)
            return 0;
    }
    if (r->max && strlen(v) >= r->max)
        return 0;
    if (r->unless && strstr(v, r->unless))
        return 0;
    switch (r->when) {
    case IF_KNOWN:
        return nx_sources_known(w->sources, v);
    case IF_NOT_KNOWN:
        return !nx_sources_known(w->sources, v);
    case IF_KNOWN_OR_FIRM:
        return (e->c->flags & NX_CAND_FIRM) || nx_sources_known(w->sources, v);
    case IF_SITE:
        return site_like(w, v);
    default:
        return 1;
    }
}

/* A chained row whose chain has had its try: skipped. Else, for a chained
 * row, the chain's try is spent. */
static int chain_spent(const entry_t *e, unsigned *spent)
{
    unsigned bit = e->r->chain ? 1u << (e->r->chain & 15) : 0;
    if (bit & *spent)
        return 1;
    *spent |= bit;
    return 0;
}

/* The cleaned value of a string field (nx_article_set's rules); NULL when
 * empty or on failure (w->st). */
static char *clean(work_t *w, const char *s)
{
    char *v = NULL;
    if (nx_article_set(&v, s, (size_t)-1) != NX_OK)
        oom(w);
    return v;
}

/* The first usable candidate of field f: its entry (copied to *won, when
 * not NULL) and its cleaned value (a source: normalised), or NULL. */
static char *pick(work_t *w, nx_field_t f, entry_t *won)
{
    entry_t *v;
    size_t n = entries(w, f, &v);
    char *best = NULL;
    unsigned spent = 0;
    for (size_t i = 0; i < n && !best && w->st == NX_OK; i++) {
        if (chain_spent(&v[i], &spent) || !row_passes(w, &v[i]))
            continue;
        if (f == NX_FIELD_SOURCE) {
            char *s = nx_sources_normalize(w->sources, v[i].c->value);
            if (s)
                best = clean(w, s);
            free(s);
        } else {
            best = clean(w, v[i].c->value);
        }
        if (best && won)
            *won = v[i];
    }
    free(v);
    return best;
}

/* ---- titles: the site suffix ---- */

static const char *const title_seps[] = {" | ", " - ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ",
                                         " \xc2\xb7 ", " // ", " \xc2\xbb ", " \xe2\x80\xa2 ",
                                         " \xe2\x94\x82 ", NULL};

static int ci_eq_squeezed(work_t *w, const char *a, size_t an, const char *b)
{
    char *x = nx_strndup(a, an), *y = nx_strdup(b);
    int r = 0;
    if (x && y) {
        nx_squeeze_space(x);
        nx_squeeze_space(y);
        r = strcasecmp(x, y) == 0;
    } else {
        oom(w);
    }
    free(x);
    free(y);
    return r;
}

/* Does part (a piece split off a title) name the site? */
static int names_site(work_t *w, const char *part, size_t n, const char *site, int allow_short)
{
    while (n && part[n - 1] == ' ')
        n--;
    while (n && *part == ' ')
        part++, n--;
    if (!n || n > 60)
        return 0;
    if (site && ci_eq_squeezed(w, part, n, site))
        return 1;
    char *p = nx_strndup(part, n);
    if (!p)
        return oom(w);
    int r = 0;
    if (site) {
        /* "Reuters.com" for site "Reuters", "BBC News" for "BBC". */
        char *a = nx_sources_normalize(w->sources, p), *b = nx_sources_normalize(w->sources, site);
        r = a && b && strcasecmp(a, b) == 0;
        free(a);
        free(b);
    }
    if (!r && nx_sources_known(w->sources, p))
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

/* s folded for comparing with a host name: ASCII letters and digits,
 * lowercased, German umlauts and sharp s spelt out as hosts spell them
 * ("Klänge" -> "klaenge"), Latin-1's other letters as their base letter
 * ("Nestlé" -> "nestle"), everything else dropped; at most cap - 1 bytes. */
static void fold_name(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 3 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c)) {
            out[k++] = (char)tolower(c);
        } else if (c == 0xC3 && i + 1 < n) {
            static const struct {
                unsigned char b;
                const char *s;
            } sp[] = {{0xA4, "ae"}, {0xB6, "oe"}, {0xBC, "ue"}, {0x84, "ae"},
                      {0x96, "oe"}, {0x9C, "ue"}, {0x9F, "ss"}};
            /* The other letters of Latin-1 as their base letter
             * ("Nestlé" -> "nestle"): U+00C0 to U+00FF. */
            static const char base[] = "aaaaaa.ceeeeiiiidnooooo.ouuuuy.."
                                       "aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
            unsigned char b = (unsigned char)s[i + 1];
            size_t j = 0;
            while (j < sizeof sp / sizeof sp[0] && sp[j].b != b)
                j++;
            if (j < sizeof sp / sizeof sp[0]) {
                out[k++] = sp[j].s[0];
                out[k++] = sp[j].s[1];
            } else if (b >= 0x80 && b <= 0xBF && base[b - 0x80] != '.') {
                out[k++] = base[b - 0x80];
            }
            i++;
        }
    }
    out[k] = '\0';
}

/* Does part name the site whose URL is url: its folded name is the
 * folded host (less "www." and the top-level domain: "gelbe-liste.de" for
 * "Gelbe Liste"), or holds one of the host's names of five letters or more
 * ("Schweizerische Vogelwarte" on vogelwarte.ch)? */
static int names_host(const char *part, size_t n, const char *url)
{
    if (!url)
        return 0;
    const char *h = strstr(url, "://");
    h = h ? h + 3 : NULL;
    if (!h)
        return 0;
    size_t hn = strcspn(h, "/?#:");
    char fp[128];
    fold_name(part, n, fp, sizeof fp);
    if (!*fp)
        return 0;
    /* The host's labels, the last (the top-level domain) left out. */
    const char *end = h + hn;
    const char *last_dot = NULL;
    for (const char *q = h; q < end; q++)
        if (*q == '.')
            last_dot = q;
    if (!last_dot)
        return 0;
    char whole[128] = "";
    size_t wl = 0;
    for (const char *q = h; q < last_dot;) {
        const char *e = q;
        while (e < last_dot && *e != '.')
            e++;
        char fl[128];
        fold_name(q, (size_t)(e - q), fl, sizeof fl);
        if (strcmp(fl, "www") != 0) {
            if (!strcmp(fp, fl) || (strlen(fl) >= 5 && strstr(fp, fl)))
                return 1;
            size_t l = strlen(fl);
            if (wl + l < sizeof whole) {
                memcpy(whole + wl, fl, l + 1);
                wl += l;
            }
        }
        q = e < last_dot ? e + 1 : e;
    }
    return wl && !strcmp(fp, whole);
}

/* Whether an og:site_name names the site rather than a section of it
 * ("U.S", "Hosted", "Politics"): a known source; or, the page's URL
 * known, a name its host spells: names_host, or the host's first name
 * (three letters or more) beginning the folded name or begun by it
 * ("ZEIT ONLINE" on zeit.de, "BBC News" on bbc.co.uk). With no URL there
 * is nothing to check against, and the name stands. */
static int site_like(const work_t *w, const char *v)
{
    if (nx_sources_known(w->sources, v))
        return 1;
    const nx_cand_t *u = first_of(w, NX_FIELD_SOURCE, NX_FROM_PAGE_URL);
    const char *h = u ? strstr(u->value, "://") : NULL;
    if (!h)
        return 1;
    if (names_host(v, strlen(v), u->value))
        return 1;
    h += 3;
    if (!strncmp(h, "www.", 4))
        h += 4;
    char fl[128], fp[128];
    fold_name(h, strcspn(h, "./?#:"), fl, sizeof fl);
    fold_name(v, strlen(v), fp, sizeof fp);
    size_t a = strlen(fl), b = strlen(fp);
    return a >= 3 && b >= 3 && (!strncmp(fp, fl, a) || !strncmp(fl, fp, b));
}

/* Strip a " | Site" suffix (or a "Site | " prefix) from t, in place; with
 * allow_short (a <title>), any short capitalised suffix counts as a site.
 * A part that names the site (its name or its host) is cut before a guess
 * is: "host.de // » Jens Weber" keeps the name after the host. */
static void strip_site(work_t *w, char *t, const char *site, const char *url, int allow_short)
{
    for (int round = 0; round < 2; round++) {
        size_t n = strlen(t);
        char *last = NULL, *first = NULL;
        size_t lw = 0, fw = 0;
        for (int i = 0; title_seps[i]; i++) {
            size_t sw = strlen(title_seps[i]);
            for (char *p = strstr(t, title_seps[i]); p; p = strstr(p + 1, title_seps[i])) {
                if (!last || p > last)
                    last = p, lw = sw;
                if (!first || p < first)
                    first = p, fw = sw;
            }
        }
        if (!last)
            return;
        char *right = last + lw;
        size_t left_n = (size_t)(last - t);
        /* Keep at least two words of headline. */
        int keeps = left_n >= 8 && memchr(t, ' ', left_n);
        if (keeps && (names_site(w, right, strlen(right), site, 0) ||
                      names_host(right, strlen(right), url))) {
            *last = '\0';
            continue;
        }
        /* "Site | Headline" */
        if ((names_site(w, t, (size_t)(first - t), site, 0) ||
             names_host(t, (size_t)(first - t), url)) &&
            n - (size_t)(first + fw - t) >= 8) {
            char *rest = first + fw;
            /* a second mark after the first ("Site // » Headline") */
            for (int i = 0; title_seps[i]; i++)
                if (!strncmp(rest, title_seps[i] + 1, strlen(title_seps[i]) - 1)) {
                    rest += strlen(title_seps[i]) - 1;
                    break;
                }
            memmove(t, rest, strlen(rest) + 1);
            continue;
        }
        if (keeps && allow_short && round == 0 &&
            names_site(w, right, strlen(right), site, 1)) {
            *last = '\0';
            continue;
        }
        return;
    }
}

/* Whether a part of the title t, between its separators, names the site
 * (its name or its host): a title written for sharing ("Gift Guide |
 * Journelles | Jetzt entdecken!", "Headline | Site"), not the heading the
 * page shows. */
static int holds_site(work_t *w, const char *t, const char *site, const char *url)
{
    for (const char *p = t; w->st == NX_OK;) {
        const char *next = NULL;
        size_t nw = 0;
        for (int i = 0; title_seps[i]; i++) {
            const char *q = strstr(p, title_seps[i]);
            if (q && (!next || q < next))
                next = q, nw = strlen(title_seps[i]);
        }
        if (p == t && !next)
            return 0; /* no separator: the whole title */
        size_t n = next ? (size_t)(next - p) : strlen(p);
        if (names_site(w, p, n, site, 0) || names_host(p, n, url))
            return 1;
        if (!next)
            return 0;
        p = next + nw;
    }
    return 0;
}

/* How many words of a (three bytes or more, the marks around them
 * dropped) stand in b as words, ASCII case ignored. */
static int shared_words(const char *a, const char *b)
{
    int k = 0;
    size_t bn = strlen(b);
    for (const char *p = a; *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        const char *q = p;
        size_t m = n;
        while (m && ispunct((unsigned char)*q))
            q++, m--;
        while (m && ispunct((unsigned char)q[m - 1]))
            m--;
        if (m >= 3)
            for (size_t i = 0; i + m <= bn; i++)
                if (!strncasecmp(b + i, q, m) && (i == 0 || !isalnum((unsigned char)b[i - 1])) &&
                    !isalnum((unsigned char)b[i + m])) {
                    k++;
                    break;
                }
        p += n;
    }
    return k;
}

/* Whether hay holds needle, ASCII case ignored. */
static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* Whether the title t ends with a separator and then h ("Story | Site"
 * for h "Site"). */
static int ends_with_part(const char *t, const char *h)
{
    size_t tn = strlen(t), hn = strlen(h);
    if (hn >= tn)
        return 0;
    if (strcasecmp(t + tn - hn, h) != 0)
        return 0;
    for (int i = 0; title_seps[i]; i++) {
        size_t sn = strlen(title_seps[i]);
        if (tn - hn >= sn && !strncmp(t + tn - hn - sn, title_seps[i], sn))
            return 1;
    }
    return 0;
}

/* The page's only <h1> (NX_CAND_ONLY), as trafilatura takes a lone <h1>:
 * the headline as the page shows it, without the site and section names
 * its <title> and og:title carry; not when it names the site (a logo's
 * <h1>: the site name, or the <title>'s last part), nor when it is one word
 * that the page's metadata headlines do not hold (a place, a section), nor
 * when it is a kicker's words before the og:title. */
static int is_heading(work_t *w, const char *s, size_t n);

static const nx_cand_t *lone_h1(work_t *w, const char *site)
{
    const nx_cand_t *h = first_of(w, NX_FIELD_TITLE, NX_FROM_H1);
    if (!h || !(h->flags & NX_CAND_ONLY))
        return NULL;
    /* An og:title that another heading of the page repeats (an <h1> in
     * the page's header) is the headline the page means. */
    const nx_cand_t *og = first_of(w, NX_FIELD_TITLE, NX_FROM_OG_TITLE);
    if (og && strcasecmp(og->value, h->value) != 0 && is_heading(w, og->value, strlen(og->value)))
        return NULL;
    /* An <h1> that is more words before the og:title holds its kicker
     * (an overline the page sets in the heading: "Food aid Minister
     * pledges more"): the og:title is the headline. */
    if (og) {
        size_t ho = strlen(h->value), oo = strlen(og->value);
        if (oo && ho > oo + 1 && h->value[ho - oo - 1] == ' ' &&
            strcasecmp(h->value + ho - oo, og->value) == 0)
            return NULL;
    }
    char *v = clean(w, h->value);
    if (!v)
        return NULL;
    size_t n = strlen(v);
    int ok = n > 0 && n <= 300 && !names_site(w, v, n, site, 0);
    /* The <title> and og:title end with the site's name; the headlines
     * of the page's metadata hold the words of its headline. */
    const nx_cand_t *others[] = {first_of(w, NX_FIELD_TITLE, NX_FROM_TITLE_ELEMENT), og,
                                 first_of(w, NX_FIELD_TITLE, NX_FROM_TWITTER_TITLE),
                                 first_of(w, NX_FIELD_TITLE, NX_FROM_JSONLD_HEADLINE)};
    int meta = 0, held = 0;
    for (size_t i = 0; i < sizeof others / sizeof others[0] && ok; i++) {
        if (!others[i])
            continue;
        char *o = clean(w, others[i]->value);
        if (o && i < 2 && ends_with_part(o, v))
            ok = 0;
        if (i > 0) {
            meta = 1;
            held |= o && ci_contains(o, v);
        }
        free(o);
    }
    /* A one-word <h1> is a section's name ("World", or a part of the
     * <title>'s breadcrumbs) unless a headline of the page's metadata
     * holds it; with only a <title> to go by, it is the page's heading
     * ("Chronicle"). */
    if (ok && !strchr(v, ' ') && meta && !held)
        ok = 0;
    free(v);
    return ok ? h : NULL;
}

/* Whether s is the text of a heading of the page (NX_FROM_HEADING), in
 * any case and spacing. */
static int is_heading(work_t *w, const char *s, size_t n)
{
    for (size_t i = 0; i < w->in->n && w->st == NX_OK; i++) {
        const nx_cand_t *c = &w->in->v[i];
        if (c->field == NX_FIELD_TITLE && c->origin == NX_FROM_HEADING &&
            ci_eq_squeezed(w, s, n, c->value))
            return 1;
    }
    return 0;
}

/* The separators a title's headline is cut from its trimmings at: the
 * site separators, and a colon set apart as French sets it ("Pétition :
 * ..."). The i-th, or NULL past the last. */
static const char *heading_sep(int i)
{
    const int n = (int)(sizeof title_seps / sizeof title_seps[0]) - 1;
    return i < n ? title_seps[i] : i == n ? " : " : NULL;
}

/* The headline a page's <title> or og:title holds between its trimmings,
 * when a heading of the page repeats it: "Section | Headline | Site"
 * cut at a separator, the run of parts before it or after it, is the
 * heading's text ("Geschichte | The Choir" over an <h2> "The Choir").
 * Titles' own words are never split: only at the separators, spaces
 * around them. A malloc'd headline, or NULL (w->st on ENOMEM). */
static char *heading_part(work_t *w, const char *title)
{
    if (!title || is_heading(w, title, strlen(title)))
        return NULL;
    const nx_origin_t from[] = {NX_FROM_OG_TITLE, NX_FROM_TITLE_ELEMENT};
    for (size_t k = 0; k < sizeof from / sizeof from[0]; k++) {
        const nx_cand_t *t = first_of(w, NX_FIELD_TITLE, from[k]);
        if (!t)
            continue;
        const char *s = t->value;
        for (const char *p = s; *p && w->st == NX_OK; p++)
            for (int i = 0; heading_sep(i); i++) {
                const char *sep = heading_sep(i);
                size_t sw = strlen(sep);
                if (strncmp(p, sep, sw) != 0)
                    continue;
                const char *after = p + sw;
                if (p - s >= 3 && is_heading(w, s, (size_t)(p - s))) {
                    char *part = nx_strndup(s, (size_t)(p - s));
                    char *v = part ? clean(w, part) : NULL;
                    if (!part)
                        oom(w);
                    free(part);
                    return v;
                }
                if (strlen(after) >= 3 && is_heading(w, after, strlen(after)))
                    return clean(w, after);
            }
    }
    return NULL;
}

/* Whether the title t is cut short of the page's <title> el: el starts
 * with t and goes on with more of the same words, not with a separator
 * and a site or section name. An attribute quoted the wrong way round
 * ends at the headline's own quotation mark: content="Senator calls
 * rival "unfit"" holds "Senator calls rival ". */
static int cut_short(const char *t, const char *el)
{
    size_t n = strlen(t);
    while (n && t[n - 1] == ' ')
        n--;
    if (!n || strlen(el) <= n || strncasecmp(t, el, n) != 0)
        return 0;
    const char *rest = el + n;
    if (*rest != ' ' && *rest != '"')
        return 0; /* t ends inside a word of el */
    const unsigned char *p = (const unsigned char *)rest + strspn(rest, " ");
    if (!*p)
        return 0;
    /* A mark and a space is a separator before a site's name ("| Site",
     * "« Site"); a mark against a word is a quotation ("«unfit»"). */
    size_t k = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
    int mark = (*p < 0x80 && ispunct(*p)) || *p == 0xc2 || (*p == 0xe2 && p[1] == 0x80);
    if (mark && strnlen((const char *)p, k) == k && (p[k] == ' ' || !p[k]))
        return 0;
    return 1;
}

/* Whether a <title> ends with a separator and nothing after it ("Rail
 * Enquiries -"): the page left its headline out and kept the site's name. */
static int site_alone(const char *t)
{
    size_t n = strlen(t);
    while (n && t[n - 1] == ' ')
        n--;
    for (int i = 0; heading_sep(i); i++) {
        size_t k = strlen(heading_sep(i)) - 1; /* without its last space */
        if (n > k && !strncmp(t + n - k, heading_sep(i), k))
            return 1;
    }
    return 0;
}

/* The page's first heading with words (NX_FROM_HEADING), or NULL. */
static const nx_cand_t *first_heading(work_t *w)
{
    for (size_t i = 0; i < w->in->n; i++) {
        const nx_cand_t *c = &w->in->v[i];
        if (c->field == NX_FIELD_TITLE && c->origin == NX_FROM_HEADING && c->value &&
            c->value[strspn(c->value, " ")])
            return c;
    }
    return NULL;
}

/* ---- the fields ---- */

static char *resolve_title(work_t *w)
{
    entry_t won;
    char *best = NULL;
    if (w->fam->title_rules & ONLY_H1) {
        const nx_cand_t *site = first_of(w, NX_FIELD_SOURCE, NX_FROM_SITE_NAME);
        if (!site)
            site = first_of(w, NX_FIELD_SOURCE, NX_FROM_JSONLD_PUBLISHER);
        const nx_cand_t *h = lone_h1(w, site ? site->value : NULL);
        if (h)
            return clean(w, h->value);
    }
    best = pick(w, NX_FIELD_TITLE, &won);
    if (!best || !w->fam->title_rules)
        return best;
    const char *raw = won.c->value;
    const nx_cand_t *site = first_of(w, NX_FIELD_SOURCE, NX_FROM_SITE_NAME);
    if (!site)
        site = first_of(w, NX_FIELD_SOURCE, NX_FROM_JSONLD_PUBLISHER);
    const nx_cand_t *url = first_of(w, NX_FIELD_SOURCE, NX_FROM_PAGE_URL);
    const char *sv = site ? site->value : NULL, *uv = url ? url->value : NULL;
    /* A metadata title made for sharing, the site's name among its parts,
     * gives way to the heading of the page's <article> on the same story
     * (two words shared), as a reader sees the headline ("Mein cosy Home
     * Gift Guide" under an og:title "Christmas Gift Guide | Journelles |
     * Jetzt entdecken!"). */
    const nx_cand_t *ah = first_of(w, NX_FIELD_TITLE, NX_FROM_ARTICLE_H1);
    if (ah && won.c->origin != NX_FROM_ARTICLE_H1 && won.c->origin != NX_FROM_TITLE_ELEMENT &&
        strlen(ah->value) <= 300 && shared_words(ah->value, raw) >= 2 &&
        !names_site(w, ah->value, strlen(ah->value), sv, 0) && holds_site(w, raw, sv, uv)) {
        free(best);
        return clean(w, ah->value);
    }
    const nx_cand_t *el = first_of(w, NX_FIELD_TITLE, NX_FROM_TITLE_ELEMENT);
    if (el && el != won.c && cut_short(raw, el->value))
        raw = el->value;
    int from_title_el = raw == (el ? el->value : NULL);
    if (from_title_el && (w->fam->title_rules & CUT_SITE) && site_alone(raw)) {
        /* "Site -": the page's headline is its first heading. */
        const nx_cand_t *hd = first_heading(w);
        if (hd) {
            free(best);
            return clean(w, hd->value);
        }
    }
    if (from_title_el && (w->fam->title_rules & H1_PREFIX)) {
        /* The page's one <h1>, when the <title> starts with it, is the
         * headline without "- Section | Site" trimmings. */
        const nx_cand_t *h1 = first_of(w, NX_FIELD_TITLE, NX_FROM_H1);
        size_t k = h1 ? strlen(h1->value) : 0;
        if (k && k < strlen(raw) && strncasecmp(raw, h1->value, k) == 0) {
            raw = h1->value;
            from_title_el = 0;
        }
    }
    free(best);
    char *t = nx_strdup(raw);
    if (!t) {
        oom(w);
        return NULL;
    }
    if (w->fam->title_rules & CUT_SITE)
        strip_site(w, t, sv, uv, from_title_el);
    best = clean(w, t);
    free(t);
    char *part = heading_part(w, best);
    if (part) {
        free(best);
        best = part;
    }
    return best;
}

static int rank_of(const work_t *w, nx_field_t f, nx_origin_t o, unsigned *rank)
{
    const rules_t *rs = &w->fam->field[f];
    for (size_t i = 0; i < rs->n; i++)
        if (rs->rows[i].origin == o) {
            *rank = rs->rows[i].rank;
            return 1;
        }
    return 0;
}

/* The best date candidate so far (all are usable): its entry, valid
 * until the next make(), or 0. */
static int best_date(work_t *w, entry_t *won)
{
    entry_t *v;
    size_t n = entries(w, NX_FIELD_DATE, &v);
    if (n)
        *won = v[0];
    free(v);
    return n > 0;
}

/* The publisher's day of a time the page states in UTC. A timestamp in
 * UTC ("Z", "+00:00", or no zone) does not say on which day the story was
 * published where it was; the date the page shows its readers, without a
 * zone (under the headline, in the URL, in a date element), does, when it
 * is a day the UTC time can be somewhere on Earth (zones run from 12
 * hours behind UTC to 14 ahead). A shown time of day gives the offset
 * (rounded to a quarter of an hour): the date is then the UTC time with
 * that zone; a shown day alone makes the date that day, without a time.
 * A shown date of the UTC day itself says the UTC day is right: then
 * nothing changes. With no shown date either way, a time given as UTC at
 * 22:00:00 or 23:00:00 exactly ("2022-11-06T23:00:00Z") is a midnight of
 * Central Europe converted: a publishing system's date without a time;
 * the day is the next one. (Other hours on the hour are left alone: wire
 * and feed schedules publish at 15:00:00.) Returns 1 and fills *out when
 * the day is corrected. */
static int shown_day(work_t *w, const nx_date_t *utc, nx_origin_t won_origin, nx_date_t *out)
{
    static const nx_origin_t shown[] = {NX_FROM_TEXT_DATE, NX_FROM_BODY_DATE, NX_FROM_DATED_LINE,
                                        NX_FROM_DATE_ELEMENT,
                                        NX_FROM_URL_DATE,
                                        NX_FROM_BYLINE,    NX_FROM_ARTICLE_TIME, NX_FROM_TIME};
    if (!utc->has_time || (utc->has_zone && utc->off))
        return 0;
    int64_t t0 = nx_date_to_unix(utc);
    const nx_date_t midnight = {utc->year, utc->month, utc->day, 0, 0, 0, 0, 0, 0};
    int64_t day0 = nx_date_to_unix(&midnight);
    int found = 0, same = 0;
    for (size_t i = 0; i < w->in->n && !same; i++) {
        const nx_cand_t *c = &w->in->v[i];
        int visible = 0;
        for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++)
            visible |= c->origin == shown[k];
        if (c->field != NX_FIELD_DATE || !visible || c->origin == won_origin || c->date.has_zone)
            continue;
        const nx_date_t *d = &c->date;
        const nx_date_t dm = {d->year, d->month, d->day, 0, 0, 0, 0, 0, 0};
        int64_t day = nx_date_to_unix(&dm);
        same |= day == day0;
        if (found || (day != day0 - 86400 && day != day0 + 86400))
            continue;
        if (d->has_time) {
            int64_t off = nx_date_to_unix(d) - t0;
            off = (off >= 0 ? off + 450 : off - 450) / 900 * 900; /* quarter hours */
            if (off < -12 * 3600 || off > 14 * 3600)
                continue;
            *out = *utc;
            out->has_zone = 1;
            out->off = (int)(off / 60);
            found = 1;
        } else if ((day == day0 - 86400 && t0 - day0 < 12 * 3600) ||
                   (day == day0 + 86400 && t0 - day0 >= 10 * 3600)) {
            memset(out, 0, sizeof *out);
            out->year = d->year;
            out->month = d->month;
            out->day = d->day;
            found = 1;
        }
    }
    if (!found && !same && utc->has_zone && !utc->off && !utc->min && !utc->sec &&
        utc->hour >= 22) {
        nx_date_from_unix(day0 + 86400, out);
        out->has_time = 0;
        out->hour = 0;
        found = 1;
    }
    return found && !same;
}

/* Whether a date ranked before a byline's part (seq, sub) is known: the
 * part is then not read as a date. */
static int date_before(work_t *w, uint32_t seq, uint32_t sub)
{
    unsigned rank;
    if (!rank_of(w, NX_FIELD_DATE, NX_FROM_BYLINE, &rank))
        return 1;
    rule_t r = {AT(NX_FROM_BYLINE, (unsigned char)rank)};
    nx_cand_t c = {0};
    entry_t part = {&c, &r, seq, sub}, won;
    return best_date(w, &won) && entry_before(&won, &part);
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

/* Split one byline ("By Jane Doe, Reuters | April 8, 2021"): "By" and the
 * parts after the name are dropped; a part that names a known source is a
 * source candidate, the first other part that reads as a date (while no
 * better date is known) a date candidate, which ends the split; a name
 * that is a known source ("By AFP") is one too. Returns the cleaned name,
 * NULL when it is empty. */
static char *split_byline(work_t *w, const entry_t *e)
{
    char *copy = nx_utf8_repair(e->c->value, strlen(e->c->value));
    if (!copy) {
        oom(w);
        return NULL;
    }
    nx_squeeze_space(copy);
    char *p = copy;
    if (strncasecmp(p, "by ", 3) == 0 || strncasecmp(p, "by:", 3) == 0)
        p += 3;
    while (*p == ' ')
        p++;
    uint32_t sub = 0;
    char *name_end = NULL;
    for (char *q = p; *q; q++) {
        size_t sw;
        if (!is_sep_at(q, &sw))
            continue;
        if (!name_end)
            name_end = q;
        char *part = q + sw;
        while (*part == ' ')
            part++;
        char *pe = part;
        while (*pe && !is_sep_at(pe, &sw))
            pe++;
        char save = *pe;
        *pe = '\0';
        int known = nx_sources_known(w->sources, part);
        if (known)
            make(w, NX_FIELD_SOURCE, NX_FROM_BYLINE, part, (size_t)(pe - part), e->seq, ++sub, NULL);
        *pe = save;
        /* A date may contain a comma ("April 8, 2021"): the rest of the
         * line is read. */
        nx_date_t d;
        if (!known && !date_before(w, e->seq, sub + 1) &&
            nx_date_parse(part, NX_DMY_UNKNOWN, &d) == NX_OK) {
            make(w, NX_FIELD_DATE, NX_FROM_BYLINE, part, strlen(part), e->seq, ++sub, &d);
            break;
        }
        q = pe - 1;
    }
    if (name_end)
        *name_end = '\0';
    /* "Reuters Staff", "By AFP": the byline is the source. */
    if (nx_sources_known(w->sources, p))
        make(w, NX_FIELD_SOURCE, NX_FROM_BYLINE, p, strlen(p), e->seq, ++sub, NULL);
    char *name = clean(w, p);
    free(copy);
    return name;
}

static char *resolve_byline(work_t *w)
{
    entry_t *v;
    size_t n = entries(w, NX_FIELD_BYLINE, &v);
    char *name = NULL;
    unsigned spent = 0;
    for (size_t i = 0; i < n && !name && w->st == NX_OK; i++)
        if (!chain_spent(&v[i], &spent) && row_passes(w, &v[i]))
            name = split_byline(w, &v[i]);
    free(v);
    return name;
}

/* The <title>'s part after each separator's last occurrence, as source
 * candidates (the table asks them to name a known source). */
static void title_site_parts(work_t *w)
{
    unsigned rank;
    const nx_cand_t *t = first_of(w, NX_FIELD_TITLE, NX_FROM_TITLE_ELEMENT);
    if (!t || !rank_of(w, NX_FIELD_SOURCE, NX_FROM_TITLE_SITE, &rank))
        return;
    for (uint32_t i = 0; title_seps[i]; i++) {
        const char *p = NULL, *q = t->value;
        while ((q = strstr(q, title_seps[i])))
            p = q++;
        if (p) {
            p += strlen(title_seps[i]);
            make(w, NX_FIELD_SOURCE, NX_FROM_TITLE_SITE, p, strlen(p), index_of(w, t), i + 1, NULL);
        }
    }
}

static void set(char **field, char *v)
{
    free(*field);
    *field = v;
}

nx_status_t nx_resolve(const nx_sources_t *sources, const nx_cands_t *c, nx_article_t *a)
{
    if (c->status != NX_OK)
        return c->status;
    if ((unsigned)c->family >= sizeof families / sizeof families[0])
        return NX_E_INVALID;
    work_t w = {sources, &families[c->family], c, NULL, 0, 0, NX_OK};
    char *v[NX_NFIELDS] = {NULL};
    entry_t won;
    nx_date_t date;
    int has_date = 0;
    /* The title first; the byline before the date and the source, which
     * its parts may give. */
    v[NX_FIELD_TITLE] = resolve_title(&w);
    v[NX_FIELD_BYLINE] = resolve_byline(&w);
    if (w.st == NX_OK && (has_date = best_date(&w, &won))) {
        date = won.c->date;
        nx_date_t shown;
        /* Web pages only: a feed's or a wire's UTC time is what it says. */
        if (c->family == NX_FAMILY_HTML && shown_day(&w, &date, won.c->origin, &shown))
            date = shown;
    }
    title_site_parts(&w);
    if (w.st == NX_OK)
        v[NX_FIELD_SOURCE] = pick(&w, NX_FIELD_SOURCE, NULL);
    if (w.st == NX_OK)
        v[NX_FIELD_DATELINE] = pick(&w, NX_FIELD_DATELINE, NULL);
    if (w.st == NX_OK)
        v[NX_FIELD_STANDFIRST] = pick(&w, NX_FIELD_STANDFIRST, NULL);
    if (w.st == NX_OK) {
        set(&a->title, v[NX_FIELD_TITLE]);
        set(&a->byline, v[NX_FIELD_BYLINE]);
        set(&a->source, v[NX_FIELD_SOURCE]);
        set(&a->dateline, v[NX_FIELD_DATELINE]);
        set(&a->standfirst, v[NX_FIELD_STANDFIRST]);
        if (has_date) {
            a->date = date;
            a->date_origin = NX_DATE_CONTENT;
        } else {
            memset(&a->date, 0, sizeof a->date);
            a->date_origin = NX_DATE_NONE;
        }
    } else {
        for (int i = 0; i < NX_NFIELDS; i++)
            free(v[i]);
    }
    for (size_t i = 0; i < w.nmade; i++)
        free(w.made[i].c.value);
    free(w.made);
    return w.st;
}
