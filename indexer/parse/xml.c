/* xml.c - NITF, RSS (2.0, 1.0/RDF, 0.9x), Atom, and other XML.
 *
 * NITF (IPTC News Industry Text Format 3.x): hedline/hl1 (else head/title)
 * is the title; docdata/date.issue@norm, dateline/story.date@norm,
 * date.release@norm or pubdata@date.publication the date; doc.copyright
 * @holder, distributor or pubdata@name the source; dateline/location the
 * dateline; byline the byline; abstract the standfirst; body.content the
 * text.
 *
 * Feeds give one article per item or entry, with id "relpath#GUID" (the
 * RSS guid or Atom id, else the link, else the item's 1-based position).
 * An item's source is its own <source> (or dc:source), else a "(Reuters)"
 * dateline in its text, else the channel's (or feed's) title or publisher
 * only when that names a known source: a channel called "Reuters wire,
 * part 3" names no source. Descriptions and content may be escaped HTML:
 * they are parsed as HTML fragments with the same safe wrapper.
 *
 * Other XML: one article, or one per record when the root holds several
 * same-named children that each have a title (a collection such as the
 * Reuters-21578 files); the title, date and source come from elements
 * with the usual names, the text from a body-like element or all text.
 *
 * What the elements say is recorded as candidates (kit.h), and the
 * resolver chooses (lib/resolve.c has the ranks). */
#include "parse/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/kit.h"
#include "parse/xmlsafe.h"

/* ---- text helpers ---- */

/* The direct text of an element, white space kept (for plain-text feed
 * descriptions whose blank lines separate paragraphs); NULL on allocation
 * failure (the buffer's status). */
static char *raw_text(const xmlNode *n)
{
    nx_buf_t b = {0};
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            nx_buf_puts(&b, (const char *)c->content);
    }
    return nx_buf_steal(&b);
}

static int has_element_children(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

/* Plain text into paragraphs: a blank line ends one. */
static nx_status_t plain_paras(const char *s, nx_buf_t *out)
{
    nx_status_t st = NX_OK;
    int blank = 0, any = out->len > 0;
    while (*s && st == NX_OK) {
        const char *e = strchr(s, '\n');
        if (!e)
            e = s + strlen(s);
        const char *p = s, *q = e;
        while (p < q && isspace((unsigned char)*p))
            p++;
        while (q > p && isspace((unsigned char)q[-1]))
            q--;
        if (p == q) {
            blank = 1;
        } else {
            if (any)
                st = nx_buf_append(out, blank ? "\n\n" : " ", blank ? 2 : 1);
            if (st == NX_OK)
                st = nx_buf_append(out, p, (size_t)(q - p));
            any = 1;
            blank = 0;
        }
        s = *e ? e + 1 : e;
    }
    return st;
}

static int has_block_tag(const char *s)
{
    static const char *const tags[] = {"<p", "<br", "<div", "<li", "<h1", "<h2", "<h3",
                                       "<blockquote", "<table", NULL};
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
        for (int i = 0; tags[i]; i++) {
            size_t k = strlen(tags[i]);
            if (strncasecmp(p, tags[i], k) == 0 && !isalnum((unsigned char)p[k]))
                return 1;
        }
    return 0;
}

/* HTML that marks paragraphs only with blank lines: make them <p>s. */
static char *blank_lines_to_p(const char *s)
{
    nx_buf_t b = {0};
    const char *p = s;
    while (*p) {
        const char *nl = strstr(p, "\n\n");
        if (!nl) {
            nx_buf_puts(&b, p);
            break;
        }
        nx_buf_append(&b, p, (size_t)(nl - p));
        nx_buf_puts(&b, "\n<p>\n");
        p = nl + 2;
        while (*p == '\n' || *p == '\r')
            p++;
    }
    return nx_buf_steal(&b);
}

/* The text of an element holding text, escaped HTML or XHTML markup. */
static nx_status_t content_text(const xmlNode *n, nx_buf_t *out)
{
    if (!n)
        return NX_OK;
    if (has_element_children(n))
        return nx_xml_block_text(n, NULL, NULL, out);
    char *s = raw_text(n);
    if (!s)
        return NX_E_NOMEM;
    nx_status_t st;
    size_t len = strlen(s);
    if (nx_looks_like_html(s, len)) {
        if (!has_block_tag(s) && strstr(s, "\n\n")) {
            char *t = blank_lines_to_p(s);
            free(s);
            if (!t)
                return NX_E_NOMEM;
            s = t;
            len = strlen(s);
        }
        if (out->len)
            nx_buf_append(out, "\n\n", 2);
        st = nx_buf_status(out);
        if (st == NX_OK)
            st = nx_html_fragment_text(s, len, out);
    } else {
        st = plain_paras(s, out);
    }
    free(s);
    return st;
}

/* Keep the first failure in *st (a draft's sticky status). */
static void fail(nx_status_t *st, nx_status_t r)
{
    if (*st == NX_OK)
        *st = r;
}

/* The text of n as one squeezed line, through a block-text function;
 * NULL when empty, or on failure (kept in *st). */
static char *as_line(const xmlNode *n, nx_status_t (*text)(const xmlNode *, nx_buf_t *),
                     nx_status_t *st)
{
    if (!n)
        return NULL;
    nx_buf_t b = {0};
    nx_status_t r = text(n, &b);
    char *s = r == NX_OK ? nx_buf_steal(&b) : NULL;
    nx_buf_free(&b);
    if (!s) {
        fail(st, r == NX_OK ? NX_E_NOMEM : r);
        return NULL;
    }
    nx_squeeze_space(s);
    if (!*s) {
        free(s);
        s = NULL;
    }
    return s;
}

/* A single-line string from an element that may hold escaped HTML. */
static char *line_text(const xmlNode *n, nx_status_t *st)
{
    return as_line(n, content_text, st);
}

/* The text of n as a candidate: as HTML when html is set and it holds
 * escaped markup (feed titles), else as it is (NITF, other XML). */
static void line_cand(nx_draft_t *d, nx_field_t f, nx_origin_t o, const xmlNode *n, int html)
{
    if (!n)
        return;
    char *s = NULL;
    if (html) {
        /* A feed title is plain text unless it shows closing tags or
         * entities: "Phillips <p> to Emphasize..." is a ticker. */
        char *raw = raw_text(n);
        if (!raw) {
            fail(&d->c.status, NX_E_NOMEM);
            return;
        }
        int markup = (strstr(raw, "</") || strchr(raw, '&')) && nx_looks_like_html(raw, strlen(raw));
        free(raw);
        s = markup ? line_text(n, &d->c.status) : nx_xml_text_keep(n, &d->c.status);
    } else {
        s = nx_xml_text_keep(n, &d->c.status);
    }
    nx_cands_add(&d->c, f, o, s, (size_t)-1, 0);
    free(s);
}

/* First child element with any of the names. */
static xmlNode *child_any(const xmlNode *n, const char *const *names)
{
    if (!n)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        for (int i = 0; names[i]; i++)
            if (nx_xml_is(c, names[i]))
                return c;
    return NULL;
}

/* The date in attribute attr of n (NULL: in its text) as a candidate: a
 * date nx_date_parse reads, or a NITF norm date (YYYYMMDD, optionally
 * THHMMSS and a zone: the day is taken). Returns 1 when one was read. */
static int date_cand(nx_draft_t *d, nx_origin_t o, const xmlNode *n, const char *attr)
{
    if (!n)
        return 0;
    char *v = attr ? nx_xml_attr(n, attr) : nx_xml_text_keep(n, &d->c.status);
    int ok = 0;
    if (v) {
        nx_squeeze_space(v);
        ok = nx_kit_date(d, o, v, NX_DMY_UNKNOWN, 0);
        if (!ok && strlen(v) >= 8) {
            int digits = 1;
            for (int i = 0; i < 8; i++)
                digits &= isdigit((unsigned char)v[i]) != 0;
            if (digits) {
                nx_date_t t;
                memset(&t, 0, sizeof t);
                t.year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + v[3] - '0';
                t.month = (v[4] - '0') * 10 + v[5] - '0';
                t.day = (v[6] - '0') * 10 + v[7] - '0';
                if (nx_date_valid(&t)) {
                    nx_cands_add_date(&d->c, o, v, &t);
                    ok = 1;
                }
            }
        }
    }
    free(v);
    return ok;
}

/* The text of attribute attr of n (NULL: its text), squeezed, as a
 * candidate for field f when not empty. */
static void value_cand(nx_draft_t *d, nx_field_t f, nx_origin_t o, const xmlNode *n,
                       const char *attr)
{
    if (!n)
        return;
    char *v = attr ? nx_xml_attr(n, attr) : nx_xml_text_keep(n, &d->c.status);
    if (v) {
        nx_squeeze_space(v);
        if (*v)
            nx_cands_add(&d->c, f, o, v, (size_t)-1, 0);
    }
    free(v);
}

/* The text of n before its first comma, squeezed (and, with dashes,
 * without trailing dashes), as a dateline candidate when not empty:
 * "LONDON, April 8" without markup. */
static void place_cand(nx_draft_t *d, nx_origin_t o, const xmlNode *n, int dashes)
{
    char *t = nx_xml_text_keep(n, &d->c.status);
    if (t) {
        char *c = strchr(t, ',');
        if (c)
            *c = '\0';
        nx_squeeze_space(t);
        size_t len = strlen(t);
        while (dashes && len && (t[len - 1] == '-' || t[len - 1] == ' '))
            t[--len] = '\0';
        if (*t)
            nx_cands_add(&d->c, NX_FIELD_DATELINE, o, t, len, 0);
    }
    free(t);
}

/* The text in b as the draft's text, then the dateline that opens it. */
static nx_status_t text_and_dateline(nx_draft_t *d, nx_buf_t *b)
{
    nx_status_t st = nx_kit_text(d, b);
    if (st == NX_OK)
        nx_kit_dateline(d, d->a->text.data, d->a->text.len);
    return st;
}

/* Hand the draft over, or drop it with the failure st. */
static nx_status_t finish(nx_draft_t *d, nx_status_t st, nx_article_list_t *out, nx_error_t *err)
{
    if (st == NX_OK)
        return nx_kit_finish(d, out, err);
    nx_kit_drop(d);
    return nx_error_set(err, st, "out of memory");
}

/* ---- NITF ---- */

static nx_status_t parse_nitf(const nx_parse_ctx_t *ctx, const char *relpath, xmlNode *root,
                              nx_article_list_t *out, nx_error_t *err)
{
    nx_draft_t d;
    if (nx_kit_begin(&d, ctx, relpath, NULL, "nitf", NX_FAMILY_NITF) != NX_OK)
        return finish(&d, NX_E_NOMEM, out, err);
    xmlNode *head = nx_xml_child(root, "head");
    xmlNode *body = nx_xml_child(root, "body");
    xmlNode *docdata = nx_xml_child(head, "docdata");
    xmlNode *bhead = nx_xml_child(body, "body.head");
    xmlNode *hedline = nx_xml_child(bhead, "hedline");
    if (!hedline)
        hedline = nx_xml_find(root, "hedline");
    xmlNode *dateline = nx_xml_child(bhead, "dateline");
    if (!dateline)
        dateline = nx_xml_find(root, "dateline");

    line_cand(&d, NX_FIELD_TITLE, NX_FROM_HL1, nx_xml_child(hedline, "hl1"), 0);
    line_cand(&d, NX_FIELD_TITLE, NX_FROM_HEAD_TITLE, nx_xml_child(head, "title"), 0);
    line_cand(&d, NX_FIELD_TITLE, NX_FROM_HEDLINE, hedline, 0);

    date_cand(&d, NX_FROM_DATE_ISSUE, nx_xml_child(docdata, "date.issue"), "norm");
    date_cand(&d, NX_FROM_STORY_DATE, nx_xml_child(dateline, "story.date"), "norm");
    date_cand(&d, NX_FROM_DATE_RELEASE, nx_xml_child(docdata, "date.release"), "norm");
    date_cand(&d, NX_FROM_PUBDATA, nx_xml_child(head, "pubdata"), "date.publication");
    date_cand(&d, NX_FROM_STORY_DATE_TEXT, nx_xml_child(dateline, "story.date"), NULL);

    xmlNode *rights = nx_xml_child(docdata, "doc.rights");
    value_cand(&d, NX_FIELD_SOURCE, NX_FROM_COPYRIGHT_HOLDER, nx_xml_child(docdata, "doc.copyright"),
               "holder");
    value_cand(&d, NX_FIELD_SOURCE, NX_FROM_DISTRIBUTOR, nx_xml_child(bhead, "distributor"), NULL);
    value_cand(&d, NX_FIELD_SOURCE, NX_FROM_PUBDATA, nx_xml_child(head, "pubdata"), "name");
    value_cand(&d, NX_FIELD_SOURCE, NX_FROM_RIGHTS_PROVIDER, rights, "provider");
    value_cand(&d, NX_FIELD_SOURCE, NX_FROM_RIGHTS_OWNER, rights, "owner");

    if (dateline) {
        xmlNode *loc = nx_xml_child(dateline, "location");
        if (loc)
            line_cand(&d, NX_FIELD_DATELINE, NX_FROM_LOCATION, loc, 0);
        else
            place_cand(&d, NX_FROM_NITF_DATELINE, dateline, 0);
    }
    xmlNode *byline = nx_xml_child(bhead, "byline");
    if (byline) {
        xmlNode *person = nx_xml_child(byline, "person");
        char *b = nx_xml_text_keep(person ? person : byline, &d.c.status);
        if (b && !person) {
            /* Drop the <byttl> title ("Staff Writer"). */
            xmlNode *ttl = nx_xml_child(byline, "byttl");
            char *tt = ttl ? nx_xml_text_keep(ttl, &d.c.status) : NULL;
            if (tt && *tt) {
                char *at = strstr(b, tt);
                if (at)
                    *at = '\0';
            }
            free(tt);
        }
        if (b) {
            nx_squeeze_space(b);
            if (*b)
                nx_cands_add(&d.c, NX_FIELD_BYLINE, NX_FROM_NITF_BYLINE, b, (size_t)-1, 0);
        }
        free(b);
    }
    xmlNode *abstract = nx_xml_child(bhead, "abstract");
    if (abstract) {
        char *s = line_text(abstract, &d.c.status);
        nx_cands_add(&d.c, NX_FIELD_STANDFIRST, NX_FROM_ABSTRACT, s, (size_t)-1, 0);
        free(s);
    }
    nx_buf_t text = {0};
    nx_status_t st = NX_OK;
    xmlNode *content = nx_xml_child(body, "body.content");
    if (!content)
        content = nx_xml_find(root, "body.content");
    if (content)
        st = nx_xml_block_text(content, NULL, NULL, &text);
    else if (body)
        st = nx_xml_block_text(body, NULL, NULL, &text);
    if (st == NX_OK)
        st = text_and_dateline(&d, &text);
    nx_buf_free(&text);
    return finish(&d, st, out, err);
}

/* ---- RSS and Atom ---- */

static const char *const date_names[] = {"pubDate", "date", "published", "issued", "created",
                                         "updated", "modified", "lastBuildDate", NULL};

/* Every date an item holds, in the order of date_names. */
static void item_dates(nx_draft_t *d, const xmlNode *item)
{
    for (int i = 0; date_names[i]; i++)
        for (xmlNode *c = nx_xml_child(item, date_names[i]); c;
             c = nx_xml_next_named(c, date_names[i]))
            date_cand(d, NX_FROM_ITEM_DATE, c, NULL);
}

/* The item id: guid / id, else link, else position. */
static char *item_id(const xmlNode *item, size_t pos, int atom)
{
    char *id = NULL;
    xmlNode *g = nx_xml_child(item, atom ? "id" : "guid");
    if (g) {
        id = nx_xml_text_dup(g);
        if (id)
            nx_squeeze_space(id);
    }
    if ((!id || !*id) && atom) {
        for (xmlNode *l = nx_xml_child(item, "link"); l; l = nx_xml_next_named(l, "link")) {
            char *rel = nx_xml_attr(l, "rel");
            int ok = !rel || !strcmp(rel, "alternate");
            free(rel);
            if (ok) {
                free(id);
                id = nx_xml_attr(l, "href");
                break;
            }
        }
    }
    if ((!id || !*id) && !atom) {
        free(id);
        id = nx_xml_text_dup(nx_xml_child(item, "link"));
        if (id)
            nx_squeeze_space(id);
        if (!id || !*id) {
            free(id);
            id = nx_xml_attr(item, "about"); /* RSS 1.0 rdf:about */
        }
    }
    if (!id || !*id) {
        free(id);
        id = malloc(24);
        if (id)
            snprintf(id, 24, "%zu", pos);
    }
    return id;
}

typedef struct {
    char *title;     /* the channel's or feed's title */
    char *publisher; /* dc:publisher, or the feed's author */
} feed_t;

/* The channel's names: the rules take them when they name a known source. */
static void feed_cands(nx_draft_t *d, const feed_t *f)
{
    nx_cands_add(&d->c, NX_FIELD_SOURCE, NX_FROM_FEED_PUBLISHER, f->publisher, (size_t)-1, 0);
    nx_cands_add(&d->c, NX_FIELD_SOURCE, NX_FROM_FEED_TITLE, f->title, (size_t)-1, 0);
}

static nx_status_t rss_item(const nx_parse_ctx_t *ctx, const char *relpath, const xmlNode *item,
                            size_t pos, const feed_t *f, nx_article_list_t *out, nx_error_t *err)
{
    char *id = item_id(item, pos, 0);
    if (!id)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_draft_t d;
    nx_status_t st = nx_kit_begin(&d, ctx, relpath, id, "rss", NX_FAMILY_FEED);
    free(id);
    if (st != NX_OK)
        return finish(&d, st, out, err);
    line_cand(&d, NX_FIELD_TITLE, NX_FROM_ITEM_TITLE, nx_xml_child(item, "title"), 1);
    item_dates(&d, item);
    /* An item's <source>: its text, or its url. */
    xmlNode *source = nx_xml_child(item, "source");
    if (source) {
        value_cand(&d, NX_FIELD_SOURCE, NX_FROM_ITEM_SOURCE, source, NULL);
        char *u = nx_xml_attr(source, "url");
        nx_cands_add(&d.c, NX_FIELD_SOURCE, NX_FROM_ITEM_SOURCE_URL, u, (size_t)-1, 0);
        free(u);
    }
    static const char *const authors[] = {"creator", "author", NULL};
    xmlNode *au = child_any(item, authors);
    if (au) {
        char *s = nx_xml_text_keep(au, &d.c.status);
        if (s) {
            /* RSS 2.0 <author> is "email (Name)". */
            char *lp = strchr(s, '(');
            char *rp = lp ? strrchr(lp, ')') : NULL;
            if (lp && rp && strchr(s, '@') && strchr(s, '@') < lp) {
                *rp = '\0';
                memmove(s, lp + 1, strlen(lp + 1) + 1);
            }
            nx_cands_add(&d.c, NX_FIELD_BYLINE, NX_FROM_ITEM_AUTHOR, s, (size_t)-1, 0);
        }
        free(s);
    }
    xmlNode *desc = nx_xml_child(item, "description");
    xmlNode *full = nx_xml_child(item, "encoded"); /* content:encoded */
    if (!full)
        full = nx_xml_child(item, "content");
    nx_buf_t text = {0};
    st = content_text(full ? full : desc, &text);
    if (st == NX_OK && full && desc) {
        char *s = line_text(desc, &d.c.status);
        nx_cands_add(&d.c, NX_FIELD_STANDFIRST, NX_FROM_ITEM_SUMMARY, s, (size_t)-1, 0);
        free(s);
    }
    if (st == NX_OK && text.len == 0 && full && desc)
        st = content_text(desc, &text);
    if (st == NX_OK)
        st = text_and_dateline(&d, &text);
    nx_buf_free(&text);
    feed_cands(&d, f);
    return finish(&d, st, out, err);
}

/* The articles of a feed's items: each element called name under
 * parents[0..np) (their number was bounded while parsing: --max-items),
 * read by fn with the feed's own
 * fields f, which are freed. st: how reading f went. */
typedef nx_status_t (*item_fn)(const nx_parse_ctx_t *ctx, const char *relpath,
                               const xmlNode *item, size_t pos, const feed_t *f,
                               nx_article_list_t *out, nx_error_t *err);

static nx_status_t feed_items(const nx_parse_ctx_t *ctx, const char *relpath,
                              xmlNode *const *parents, size_t np, const char *name, item_fn fn,
                              feed_t *f, nx_status_t st, nx_article_list_t *out, nx_error_t *err)
{
    if (st != NX_OK)
        st = nx_error_set(err, st, "out of memory");
    size_t pos = 0;
    for (size_t p = 0; p < np && st == NX_OK && !nx_guard_check(); p++)
        for (xmlNode *c = parents[p] ? parents[p]->children : NULL;
             c && st == NX_OK && !nx_guard_check(); c = c->next) {
            if (!nx_xml_is(c, name))
                continue;
            st = fn(ctx, relpath, c, ++pos, f, out, err);
        }
    free(f->title);
    free(f->publisher);
    return st;
}

static nx_status_t parse_rss(const nx_parse_ctx_t *ctx, const char *relpath, xmlNode *root,
                             nx_article_list_t *out, nx_error_t *err)
{
    xmlNode *channel = nx_xml_child(root, "channel");
    feed_t f = {NULL, NULL};
    nx_status_t st = NX_OK;
    if ((f.title = nx_xml_text_keep(nx_xml_child(channel, "title"), &st)))
        nx_squeeze_space(f.title);
    if ((f.publisher = nx_xml_text_keep(nx_xml_child(channel, "publisher"), &st)))
        nx_squeeze_space(f.publisher);
    /* RSS 2.0 and 0.9x: items in the channel; RSS 1.0: beside it. */
    xmlNode *parents[2] = {channel, root};
    return feed_items(ctx, relpath, parents, 2, "item", rss_item, &f, st, out, err);
}

/* An Atom text construct (title, summary, content). */
static nx_status_t atom_text(const xmlNode *n, nx_buf_t *out)
{
    if (!n)
        return NX_OK;
    char *type = nx_xml_attr(n, "type");
    nx_status_t st;
    if (type && strstr(type, "xhtml"))
        st = nx_xml_block_text(n, NULL, NULL, out);
    else if (type && (strstr(type, "html")))
        st = content_text(n, out);
    else if (has_element_children(n))
        st = nx_xml_block_text(n, NULL, NULL, out);
    else {
        char *s = raw_text(n);
        st = s ? plain_paras(s, out) : NX_E_NOMEM;
        free(s);
    }
    free(type);
    return st;
}

static char *atom_line(const xmlNode *n, nx_status_t *st)
{
    return as_line(n, atom_text, st);
}

static nx_status_t atom_entry(const nx_parse_ctx_t *ctx, const char *relpath,
                              const xmlNode *entry, size_t pos, const feed_t *f,
                              nx_article_list_t *out, nx_error_t *err)
{
    char *id = item_id(entry, pos, 1);
    if (!id)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_draft_t d;
    nx_status_t st = nx_kit_begin(&d, ctx, relpath, id, "atom", NX_FAMILY_FEED);
    free(id);
    if (st != NX_OK)
        return finish(&d, st, out, err);
    char *t = atom_line(nx_xml_child(entry, "title"), &d.c.status);
    nx_cands_add(&d.c, NX_FIELD_TITLE, NX_FROM_ITEM_TITLE, t, (size_t)-1, 0);
    free(t);
    item_dates(&d, entry);
    xmlNode *author = nx_xml_child(entry, "author");
    if (author) {
        char *name = nx_xml_text_keep(nx_xml_child(author, "name"), &d.c.status);
        if (name && *name)
            nx_cands_add(&d.c, NX_FIELD_BYLINE, NX_FROM_ENTRY_AUTHOR, name, (size_t)-1, 0);
        free(name);
    }
    xmlNode *content = nx_xml_child(entry, "content");
    xmlNode *summary = nx_xml_child(entry, "summary");
    char *src = content ? nx_xml_attr(content, "src") : NULL;
    if (src) /* out-of-line content: nothing here to read */
        content = NULL;
    free(src);
    nx_buf_t text = {0};
    st = atom_text(content ? content : summary, &text);
    if (st == NX_OK && content && summary) {
        char *s = atom_line(summary, &d.c.status);
        nx_cands_add(&d.c, NX_FIELD_STANDFIRST, NX_FROM_ITEM_SUMMARY, s, (size_t)-1, 0);
        free(s);
    }
    if (st == NX_OK)
        st = text_and_dateline(&d, &text);
    nx_buf_free(&text);
    /* atom:source is the feed the entry was copied from. */
    xmlNode *source = nx_xml_child(entry, "source");
    if (source) {
        char *s = nx_xml_text_keep(nx_xml_child(source, "title"), &d.c.status);
        nx_cands_add(&d.c, NX_FIELD_SOURCE, NX_FROM_ENTRY_SOURCE, s, (size_t)-1, 0);
        free(s);
    }
    feed_cands(&d, f);
    return finish(&d, st, out, err);
}

static nx_status_t parse_atom(const nx_parse_ctx_t *ctx, const char *relpath, xmlNode *root,
                              nx_article_list_t *out, nx_error_t *err)
{
    feed_t f = {NULL, NULL};
    nx_status_t st = NX_OK;
    f.title = atom_line(nx_xml_child(root, "title"), &st);
    xmlNode *author = nx_xml_child(root, "author");
    if (author && (f.publisher = nx_xml_text_keep(nx_xml_child(author, "name"), &st)))
        nx_squeeze_space(f.publisher);
    return feed_items(ctx, relpath, &root, 1, "entry", atom_entry, &f, st, out, err);
}

/* ---- other XML ---- */

static const char *const title_names[] = {"title", "headline", "hl1", "hed", "heading",
                                          "head_line", NULL};
static const char *const gdate_names[] = {"date", "pubDate", "published", "datePublished",
                                          "publicationDate", "pub_date", "publishDate",
                                          "dateline_date", "created", "issued", "timestamp",
                                          NULL};
static const char *const source_names[] = {"source", "publisher", "agency", "provider",
                                           "distributor", "credit", NULL};
static const char *const body_names[] = {"body", "body.content", "text", "content", "story",
                                         "article-body", "articleBody", "bodytext", "fulltext",
                                         "description", NULL};

typedef struct {
    const char *const *names;
    xmlNode *found;
} gfind_t;

static int gfind_visit(xmlNode *n, int leaving, void *ud)
{
    gfind_t *g = ud;
    if (leaving || n->type != XML_ELEMENT_NODE)
        return NX_WALK_GO;
    for (int i = 0; g->names[i]; i++)
        if (nx_xml_is(n, g->names[i])) {
            g->found = n;
            return NX_WALK_STOP;
        }
    return NX_WALK_GO;
}

static xmlNode *gfind(const xmlNode *root, const char *const *names)
{
    gfind_t g = {names, NULL};
    nx_xml_walk((xmlNode *)root, gfind_visit, &g);
    return g.found;
}

typedef struct {
    xmlNode *skip[3];
} gskip_t;

static int gskip(const xmlNode *n, void *ud)
{
    gskip_t *g = ud;
    for (int i = 0; i < 3; i++)
        if (g->skip[i] == n)
            return 1;
    return 0;
}

static nx_status_t generic_one(const nx_parse_ctx_t *ctx, const char *relpath, const char *item,
                               xmlNode *rec, nx_article_list_t *out, nx_error_t *err)
{
    nx_draft_t d;
    if (nx_kit_begin(&d, ctx, relpath, item, "xml", NX_FAMILY_XML) != NX_OK)
        return finish(&d, NX_E_NOMEM, out, err);
    xmlNode *title = gfind(rec, title_names);
    line_cand(&d, NX_FIELD_TITLE, NX_FROM_XML_TITLE, title, 0);
    /* The date-named elements, in the order of the names. */
    for (int i = 0; gdate_names[i]; i++) {
        const char *one[2] = {gdate_names[i], NULL};
        xmlNode *e = gfind(rec, one);
        if (e && !has_element_children(e))
            date_cand(&d, NX_FROM_XML_DATE, e, NULL);
    }
    xmlNode *src = gfind(rec, source_names);
    if (src && !has_element_children(src))
        value_cand(&d, NX_FIELD_SOURCE, NX_FROM_XML_SOURCE, src, NULL);
    const char *dl_names[] = {"dateline", NULL};
    xmlNode *dl = gfind(rec, dl_names);
    if (dl)
        place_cand(&d, NX_FROM_XML_DATELINE, dl, 1);
    xmlNode *body = gfind(rec, body_names);
    /* A <text> that holds the title too (Reuters-21578): use its <body>. */
    while (body && has_element_children(body)) {
        xmlNode *inner = NULL;
        for (xmlNode *c = body->children; c && !inner; c = c->next)
            for (int i = 0; body_names[i]; i++)
                if (nx_xml_is(c, body_names[i])) {
                    inner = c;
                    break;
                }
        if (!inner)
            break;
        body = inner;
    }
    nx_buf_t text = {0};
    gskip_t gs = {{title, dl, src}};
    nx_status_t st = nx_xml_block_text(body ? body : rec, gskip, &gs, &text);
    if (st == NX_OK)
        st = text_and_dateline(&d, &text);
    nx_buf_free(&text);
    return finish(&d, st, out, err);
}

static nx_status_t parse_generic(const nx_parse_ctx_t *ctx, const char *relpath, xmlNode *root,
                                 nx_article_list_t *out, nx_error_t *err)
{
    /* A collection: several children of one name, each with a title. */
    xmlNode *first = NULL;
    size_t same = 0, titled = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!first)
            first = c;
        if (strcmp((const char *)c->name, (const char *)first->name) == 0) {
            same++;
            if (titled < 2 && gfind(c, title_names))
                titled++;
        }
    }
    if (same >= 2 && titled >= 2) {
        size_t pos = 0;
        nx_status_t st = NX_OK;
        for (xmlNode *c = root->children; c && st == NX_OK; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, (const char *)first->name))
                continue;
            /* Records count against --max-items as a feed's items do. */
            if (nx_guard_item() || nx_guard_check())
                break;
            ++pos;
            static const char *const id_attrs[] = {"id", "newid", "guid", "docid", "itemid",
                                                   NULL};
            char *id = NULL;
            for (int i = 0; id_attrs[i] && !id; i++)
                id = nx_xml_attr(c, id_attrs[i]);
            if (!id) {
                id = malloc(24);
                if (id)
                    snprintf(id, 24, "%zu", pos);
            }
            if (!id)
                return nx_error_set(err, NX_E_NOMEM, "out of memory");
            nx_squeeze_space(id);
            st = generic_one(ctx, relpath, id, c, out, err);
            free(id);
        }
        return st;
    }
    return generic_one(ctx, relpath, NULL, root, out, err);
}

nx_status_t nx_parse_xml(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                         size_t len, nx_format_t fmt, nx_article_list_t *out, int *as_html,
                         nx_error_t *err)
{
    (void)fmt;
    *as_html = 0;
    xmlDocPtr doc = NULL;
    nx_status_t st = nx_xml_read(data, len, &doc, err);
    if (st != NX_OK)
        return st;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (nx_xml_is(root, "html"))
        *as_html = 1;
    else if (nx_xml_is(root, "nitf"))
        st = parse_nitf(ctx, relpath, root, out, err);
    else if (nx_xml_is(root, "rss") || nx_xml_is(root, "RDF"))
        st = parse_rss(ctx, relpath, root, out, err);
    else if (nx_xml_is(root, "feed"))
        st = parse_atom(ctx, relpath, root, out, err);
    else
        st = parse_generic(ctx, relpath, root, out, err);
    xmlFreeDoc(doc);
    return st;
}
