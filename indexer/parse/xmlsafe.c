/* xmlsafe.c - the one libxml2 wrapper (see xmlsafe.h for the rules). */
#include "parse/xmlsafe.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#include "ingest/ingest.h"

/* Options for XML: no network, errors not reported, CDATA merged into text.
 * Deliberately absent: XML_PARSE_NOENT (entity substitution),
 * XML_PARSE_DTDLOAD / DTDATTR / DTDVALID (loading the external subset),
 * XML_PARSE_XINCLUDE and XML_PARSE_HUGE (which lifts the depth, text size
 * and entity amplification limits). */
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define HTML_OPTS                                                                              \
    (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
     HTML_PARSE_NODEFDTD | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

/* An internal entity's replacement text is emitted by the text walkers only
 * when it is this short and holds no markup or further references. */
#define MAX_ENTITY_TEXT 256

static void silent_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* libxml2 keeps its error handlers per thread: set them before each use. */
static void silence(void)
{
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlSetStructuredErrorFunc(NULL, silent_structured);
}

void nx_xml_init(void)
{
    xmlInitParser();
    silence();
    xmlSetExternalEntityLoader(refuse_loader);
}

void nx_xml_cleanup(void)
{
    xmlCleanupParser();
}

/* ---- the guard: this thread's file and its bounds (xmlsafe.h) ---- */

static _Thread_local nx_guard_t *cur_guard;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The bounds with every 0 replaced by its default (parse.h). */
nx_limits_t nx_limits_resolve(const nx_limits_t *lim)
{
    nx_limits_t l;
    memset(&l, 0, sizeof l);
    if (lim)
        l = *lim;
    if (!l.max_file_bytes)
        l.max_file_bytes = NX_DEF_MAX_FILE_BYTES;
    if (!l.max_ratio)
        l.max_ratio = NX_DEF_MAX_RATIO;
    if (!l.max_items)
        l.max_items = NX_DEF_MAX_ITEMS;
    if (!l.max_attrs)
        l.max_attrs = NX_DEF_MAX_ATTRS;
    if (!l.max_attr_bytes)
        l.max_attr_bytes = NX_DEF_MAX_ATTR_BYTES;
    if (!l.max_depth)
        l.max_depth = NX_DEF_MAX_DEPTH;
    if (!l.max_nodes)
        l.max_nodes = NX_DEF_MAX_NODES;
    if (!l.max_text)
        l.max_text = NX_DEF_MAX_TEXT;
    if (!(l.max_seconds > 0))
        l.max_seconds = NX_DEF_MAX_SECONDS;
    return l;
}


void nx_guard_begin(nx_guard_t *g, const nx_limits_t *lim)
{
    memset(g, 0, sizeof *g);
    g->lim = nx_limits_resolve(lim);
    g->deadline = mono_now() + g->lim.max_seconds;
    cur_guard = g;
}

void nx_guard_end(void)
{
    cur_guard = NULL;
}

nx_guard_t *nx_guard(void)
{
    return cur_guard;
}

int nx_guard_trip(const char *fmt, ...)
{
    nx_guard_t *g = cur_guard;
    if (!g)
        return 1;
    if (!g->tripped) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(g->why, sizeof g->why, fmt, ap);
        va_end(ap);
        g->tripped = 1;
    }
    return 1;
}

int nx_guard_check(void)
{
    nx_guard_t *g = cur_guard;
    if (!g)
        return 0;
    if (g->tripped)
        return 1;
    if (g->lim.stop && *g->lim.stop) {
        g->stopped = 1;
        return nx_guard_trip("interrupted");
    }
    if (++g->tick < 64)
        return 0;
    g->tick = 0;
    if (mono_now() > g->deadline)
        return nx_guard_trip("parsing took more than %g s (--max-seconds)", g->lim.max_seconds);
    return 0;
}

int nx_guard_item(void)
{
    nx_guard_t *g = cur_guard;
    if (!g)
        return 0;
    if (++g->items > g->lim.max_items)
        return nx_guard_trip("more than %zu items (--max-items)", g->lim.max_items);
    return 0;
}

static int tripped(void)
{
    return cur_guard && cur_guard->tripped;
}

static nx_status_t guard_refuse(nx_error_t *err)
{
    return nx_error_set(err, NX_E_PARSE, "%s", cur_guard->why);
}

/* Attributes per start tag, before libxml2 sees the bytes: both of its
 * parsers compare each attribute with every earlier one of its element
 * (200,000 attributes on one <p> kept the HTML parser busy for minutes),
 * and no callback comes before the tag's end. One pass over the markup,
 * quoted values skipped; comments, CDATA sections, processing
 * instructions and declarations hold no tags. It errs on counting more
 * (a bare "<b" in a script starts a "tag"), never fewer. 1 when a tag has
 * more than max attributes (the guard is tripped). */
/* Past the end of the raw-text element that a start tag named name[0..len)
 * opens (HTML's script and style: their text is not markup, and a script's
 * "a<b" is not a tag), from p just after that tag's '>'; p when name is
 * neither. */
static const char *skip_raw_text(const char *name, size_t len, const char *p, const char *end)
{
    static const char *const raw[] = {"script", "style"};
    for (size_t r = 0; r < sizeof raw / sizeof raw[0]; r++) {
        size_t k = strlen(raw[r]);
        if (len != k || strncasecmp(name, raw[r], k) != 0)
            continue;
        for (const char *q = p; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++)
            if ((size_t)(end - q) > k + 1 && q[1] == '/' && strncasecmp(q + 2, raw[r], k) == 0)
                return q;
        return end;
    }
    return p;
}

static int too_many_attrs(const char *s, size_t n, size_t max)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            return 0;
        p = lt + 1;
        if (p >= end)
            return 0;
        const char *close = NULL;
        if (end - p >= 3 && memcmp(p, "!--", 3) == 0)
            close = "-->";
        else if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0)
            close = "]]>";
        else if (*p == '?')
            close = "?>";
        if (close) {
            size_t k = strlen(close);
            const char *q = p;
            while (q + k <= end && !(q[0] == close[0] && memcmp(q, close, k) == 0)) {
                q = memchr(q + 1, close[0], (size_t)(end - q - 1));
                if (!q)
                    return 0;
            }
            p = q + k;
            continue;
        }
        if (*p == '!') {
            /* A declaration: to its '>', quoted strings skipped. */
            while (p < end && *p != '>') {
                if (*p == '"' || *p == '\'') {
                    const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                    if (!q)
                        return 0;
                    p = q;
                }
                p++;
            }
            continue;
        }
        if (!isalpha((unsigned char)*p) && *p != '_' && *p != ':')
            continue;
        /* A start tag: its name, then attributes to the '>'. */
        const char *name = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '>' && *p != '/')
            p++;
        size_t name_len = (size_t)(p - name);
        size_t count = 0;
        int gap = 0, after_eq = 0;
        while (p < end && *p != '>') {
            unsigned char c = (unsigned char)*p;
            /* A quote opens a value only after '=': a stray one (`<h1 "x">`,
             * `href="/a/""`) is a character of a name, as HTML reads it. */
            if ((c == '"' || c == '\'') && after_eq) {
                after_eq = 0;
                const char *q = memchr(p + 1, c, (size_t)(end - p - 1));
                if (!q)
                    return 0;
                /* libxml2 holds a value several times over while it
                 * builds it (60 MB took 420 MB); a saved page's inline
                 * images (data: URLs) are the big values that are not
                 * hostile, and they stay under a few MB. */
                if ((size_t)(q - p - 1) > cur_guard->lim.max_attr_bytes) {
                    nx_guard_trip("an attribute value of more than %zu bytes (--max-attr-bytes)",
                                  cur_guard->lim.max_attr_bytes);
                    return 1;
                }
                p = q + 1;
                gap = 0;
                continue;
            }
            if (c == '=')
                after_eq = 1;
            else if (!isspace(c))
                after_eq = 0;
            if (isspace(c)) {
                gap = 1;
            } else if (c != '=' && c != '/' && gap) {
                if (++count > max) {
                    nx_guard_trip("more than %zu attributes on one element (--max-attrs)", max);
                    return 1;
                }
                gap = 0;
            } else {
                gap = 0;
            }
            p++;
        }
        if (p < end && p[-1] != '/')
            p = skip_raw_text(name, name_len, p + 1, end);
    }
    return 0;
}

/* Check the attributes of s[0..n) when a guard is open. */
static int attrs_refused(const char *s, size_t n)
{
    return cur_guard && (cur_guard->tripped || too_many_attrs(s, n, cur_guard->lim.max_attrs));
}

/* The depth of an element just opened, against the bound, and the
 * clock. 1 when the parse must end. */
static int guard_element(size_t depth)
{
    nx_guard_t *g = cur_guard;
    if (!g)
        return 0;
    if (depth > g->lim.max_depth)
        nx_guard_trip("more than %zu levels of nested elements (--max-depth)", g->lim.max_depth);
    return nx_guard_check();
}

/* The nodes of one document (elements, attributes, text, entity
 * references, comments, processing instructions) against max_nodes: the
 * tree costs some 250 bytes a node (a page of 2.5 million short
 * paragraphs, 64 MB, took 1.5 GB; 70,000 paragraphs of 100 attributes,
 * 56 MB, 1.1 GB). */
static int guard_count_nodes(size_t n)
{
    nx_guard_t *g = cur_guard;
    if (g && (g->nodes += n) > g->lim.max_nodes)
        return nx_guard_trip("more than %zu nodes (--max-nodes)", g->lim.max_nodes);
    return 0;
}

/* libxml2 reads the bytes through this (xmlCtxtReadIO) rather than from
 * memory: xmlCtxtReadMemory copies the whole input first, a read callback
 * lets it hold only the part it is parsing. */
typedef struct {
    const char *p;
    size_t left;
} mem_reader_t;

static int mem_read(void *ctx, char *buf, int len)
{
    mem_reader_t *m = ctx;
    size_t n = len > 0 ? (size_t)len : 0;
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (int)n;
}

static int mem_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static int is_feed_root(const xmlChar *name)
{
    return xmlStrcasecmp(name, BAD_CAST "rss") == 0 || xmlStrcasecmp(name, BAD_CAST "RDF") == 0 ||
           xmlStrcasecmp(name, BAD_CAST "feed") == 0;
}

/* SAX hooks of the XML parser: each checks the guard and stops the
 * parser when it trips; a feed's items are counted as they open, so that
 * a feed of a million items stops at the first one over the bound, before
 * its tree takes the memory of all. */
static void hook_start_ns(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    nx_guard_t *g = cur_guard;
    /* The XML parser pushes the element's name after this call: nameNr
     * counts its ancestors. */
    size_t depth = (size_t)ctxt->nameNr + 1;
    if (g && depth == 1)
        g->feed = is_feed_root(localname);
    if (g && g->feed && depth <= 3 &&
        (xmlStrcasecmp(localname, BAD_CAST "item") == 0 ||
         xmlStrcasecmp(localname, BAD_CAST "entry") == 0))
        nx_guard_item();
    if (g)
        g->run = 0;
    guard_count_nodes(1 + (size_t)(nb_attributes > 0 ? nb_attributes : 0));
    xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
    if (guard_element(depth))
        xmlStopParser(ctxt);
}

static void hook_end_ns(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *URI)
{
    if (cur_guard)
        cur_guard->run = 0;
    xmlSAX2EndElementNs(ctx, localname, prefix, URI);
}

static void hook_html_end(void *ctx, const xmlChar *name)
{
    if (cur_guard)
        cur_guard->run = 0;
    xmlSAX2EndElement(ctx, name);
}

/* The other nodes a document makes count against max_nodes as elements
 * do: entity references (3 million "&w; " took 657 MB), comments and
 * processing instructions, and text nodes (below). */
static void other_node(void)
{
    if (cur_guard) {
        cur_guard->run = 0;
        guard_count_nodes(1);
    }
}

static void hook_reference(void *ctx, const xmlChar *name)
{
    other_node();
    xmlSAX2Reference(ctx, name);
    if (nx_guard_check())
        xmlStopParser((xmlParserCtxtPtr)ctx);
}

static void hook_comment(void *ctx, const xmlChar *value)
{
    other_node();
    xmlSAX2Comment(ctx, value);
    if (nx_guard_check())
        xmlStopParser((xmlParserCtxtPtr)ctx);
}

static void hook_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    other_node();
    xmlSAX2ProcessingInstruction(ctx, target, data);
    if (nx_guard_check())
        xmlStopParser((xmlParserCtxtPtr)ctx);
}

/* Text between two tags past max_text (and a little for the cut) is not
 * given to the tree: no article keeps it (the sinks stop there too), and
 * a 60 MB text node would be held twice or more. */
static void hook_characters(void *ctx, const xmlChar *ch, int len)
{
    nx_guard_t *g = cur_guard;
    if (g && len > 0) {
        if (g->run == 0)
            guard_count_nodes(1); /* a text node begins */
        size_t cap = g->lim.max_text + 64;
        if (g->run >= cap) {
            len = 0;
        } else if ((size_t)len > cap - g->run) {
            len = (int)(cap - g->run);
            while (len > 0 && (ch[len] & 0xC0) == 0x80)
                len--; /* not inside a UTF-8 sequence */
        }
        g->run += (size_t)len;
    }
    if (len > 0)
        xmlSAX2Characters(ctx, ch, len);
    if (nx_guard_check())
        xmlStopParser((xmlParserCtxtPtr)ctx);
}

/* The HTML parser's (SAX1) start of an element; it pushes the name
 * before this call. */
static void hook_html_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    if (cur_guard)
        cur_guard->run = 0;
    size_t n = 1;
    for (const xmlChar **a = atts; a && a[0]; a += 2)
        n++;
    guard_count_nodes(n);
    xmlSAX2StartElement(ctx, name, atts);
    if (guard_element((size_t)((xmlParserCtxtPtr)ctx)->nameNr))
        xmlStopParser((xmlParserCtxtPtr)ctx);
}

static void install_hooks(xmlParserCtxtPtr ctxt, int html)
{
    if (!cur_guard)
        return;
    cur_guard->run = 0;
    cur_guard->nodes = 0; /* per tree: a feed's HTML fragments are freed one by one */
    if (html) {
        ctxt->sax->startElement = hook_html_start;
        ctxt->sax->endElement = hook_html_end;
    } else {
        ctxt->sax->startElementNs = hook_start_ns;
        ctxt->sax->endElementNs = hook_end_ns;
        cur_guard->feed = 0;
        cur_guard->items = 0; /* a second parse (recover mode) counts again */

    }
    ctxt->sax->characters = hook_characters;
    if (ctxt->sax->reference == xmlSAX2Reference)
        ctxt->sax->reference = hook_reference;
    if (ctxt->sax->comment == xmlSAX2Comment)
        ctxt->sax->comment = hook_comment;
    if (ctxt->sax->processingInstruction == xmlSAX2ProcessingInstruction)
        ctxt->sax->processingInstruction = hook_pi;
    if (ctxt->sax->ignorableWhitespace == xmlSAX2Characters)
        ctxt->sax->ignorableWhitespace = hook_characters;
}

/* ---- entity expansion ----
 *
 * Without XML_PARSE_HUGE, libxml2 2.9.14 refuses the classic billion laughs
 * itself (xmlParserEntityCheck: the entity references an expansion makes,
 * against the bytes read so far, at most XML_PARSER_NON_LINEAR = 10 times;
 * nesting at most 40 deep); that is reported as XML_ERR_ENTITY_LOOP. Those
 * checks count references, not bytes, and judge a reference made inside an
 * entity against the bytes read in that entity. They let through millions
 * of references to one short entity, whose text the walkers below emit for
 * each reference (a 9 MB file of them is 768 MB of text), and a few levels of
 * nesting with some words at each level. So each document also gets a
 * budget of replacement text, in bytes: */
#define EXPANSION_RATIO 10u        /* at most 10 times the document's size, */
#define EXPANSION_FLOOR (1u << 20) /* but 1 MiB is always allowed, */
#define EXPANSION_CAP (16u << 20)  /* and 16 MiB never (16 times the text an article keeps). */
#define EXPANSION_DEPTH 40         /* libxml2's own nesting limit */
/* Every reference the document makes (in content, in attribute values and
 * in attribute defaults of its DTD) counts the whole replacement text of its
 * entity, with the entities that one refers to replaced in turn, whether
 * or not the text is ever used. The first reference past the budget stops
 * the parser before anything of it is expanded, and the document is
 * refused. Parameter entities are left to libxml2's checks: their text is
 * expanded into the DTD only, where libxml2 measures it in bytes against the
 * entity being read. */

typedef struct {
    xmlParserCtxtPtr ctxt;  /* the document's parser (an entity's text gets its own) */
    size_t limit;           /* bytes of replacement text allowed */
    int why;                /* which bound set limit: 0 floor, 1 ratio, 2 cap */
    size_t total;           /* bytes of replacement text referred to so far */
    xmlHashTablePtr sizes;  /* entity name -> size_t *: its expanded size (made when needed) */
    int over;               /* total passed limit; the parser was stopped */
    int loop;               /* libxml2's own amplification check fired */
    int nomem;
} budget_t;

static void budget_init(budget_t *b, size_t len)
{
    memset(b, 0, sizeof *b);
    if (len <= EXPANSION_FLOOR / EXPANSION_RATIO) {
        b->limit = EXPANSION_FLOOR;
        b->why = 0;
    } else if (len <= EXPANSION_CAP / EXPANSION_RATIO) {
        b->limit = len * EXPANSION_RATIO;
        b->why = 1;
    } else {
        b->limit = EXPANSION_CAP;
        b->why = 2;
    }
}

static nx_status_t budget_refuse(const budget_t *b, nx_error_t *err)
{
    if (b->why == 1)
        return nx_error_set(err, NX_E_PARSE, "XML entity expansion exceeds %u times the input",
                            EXPANSION_RATIO);
    return nx_error_set(err, NX_E_PARSE, "XML entity expansion exceeds %u MiB",
                        (b->why == 0 ? EXPANSION_FLOOR : EXPANSION_CAP) >> 20);
}

/* x + y, or limit + 1 when that is more. */
static size_t budget_add(const budget_t *b, size_t x, size_t y)
{
    size_t over = b->limit + 1;
    return x >= over || y >= over - x ? over : x + y;
}

/* The size in bytes of ent's replacement text with the entities it refers
 * to replaced in turn, at most limit + 1 (also for a loop, or nesting deeper
 * than libxml2 allows: expansions that never end). Each entity is measured
 * once. The text is libxml2's: character references in the literal value
 * are already replaced, and libxml2 checked at the declaration that every
 * other '&' starts a reference "&Name;". A "&#...;" left in it (written
 * "&#38;#...;") stands for one character, of fewer bytes than itself. */
static size_t entity_size(budget_t *b, xmlEntityPtr ent, int depth)
{
    size_t over = b->limit + 1;
    if (!ent || !ent->content)
        return 0;
    if (ent->etype == XML_INTERNAL_PREDEFINED_ENTITY)
        return (size_t)xmlStrlen(ent->content);
    if (ent->etype != XML_INTERNAL_GENERAL_ENTITY)
        return 0; /* external: never loaded */
    if (depth > EXPANSION_DEPTH)
        return over;
    if (!b->sizes && !(b->sizes = xmlHashCreate(16))) {
        b->nomem = 1;
        return over;
    }
    size_t *memo = xmlHashLookup(b->sizes, ent->name);
    if (memo)
        return *memo;
    memo = xmlMalloc(sizeof *memo);
    if (!memo || xmlHashAddEntry(b->sizes, ent->name, memo) != 0) {
        xmlFree(memo);
        b->nomem = 1;
        return over;
    }
    *memo = over; /* until measured: a reference back to ent is a loop */
    size_t n = 0;
    const xmlChar *p = ent->content;
    while (*p && n < over) {
        const xmlChar *q = p + 1;
        if (*p != '&') {
            while (*q && *q != '&')
                q++;
            n = budget_add(b, n, (size_t)(q - p));
            p = q;
            continue;
        }
        while (*q && *q != ';' && *q != '&' && *q != '<' && !IS_BLANK_CH(*q))
            q++;
        if (*q != ';' || q == p + 1 || p[1] == '#') {
            /* A character reference, or no reference: counted as written. */
            q = *q == ';' ? q + 1 : p + 1;
            n = budget_add(b, n, (size_t)(q - p));
            p = q;
            continue;
        }
        xmlChar *name = xmlStrndup(p + 1, (int)(q - p - 1));
        if (!name) {
            b->nomem = 1;
            return over;
        }
        xmlEntityPtr sub = xmlGetDocEntity(b->ctxt->myDoc, name);
        xmlFree(name);
        n = budget_add(b, n, entity_size(b, sub, depth + 1));
        p = q + 1;
    }
    *memo = n;
    return n;
}

/* sax->getEntity. libxml2 asks it for the entity of every reference, in
 * content and in attribute values, before it expands or builds anything of
 * it. The references counted are the document's own: not those inside an
 * entity's text (its parser is another context; at depth > 0 libxml2 is
 * expanding an entity to check it), which the entity's size holds, and not
 * the look-up that follows each entity declaration. */
static xmlEntityPtr budget_get_entity(void *ctx, const xmlChar *name)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
    budget_t *b = ctxt ? ctxt->_private : NULL;
    if (!ent || !b || ctxt != b->ctxt || ctxt->depth != 0 ||
        ctxt->instate == XML_PARSER_ENTITY_DECL || ctxt->instate == XML_PARSER_ENTITY_VALUE)
        return ent;
    b->total = budget_add(b, b->total, entity_size(b, ent, 0));
    if (b->total > b->limit || b->nomem) {
        /* Stopped: xmlParseEntityRef returns no entity, so nothing of
         * this reference is expanded, and the parse ends here. */
        b->over = !b->nomem;
        ctxt->wellFormed = 0;
        xmlStopParser(ctxt);
    }
    return ent;
}

/* sax->serror: errors of the document's parser and of its entities'
 * parsers (whose user data is that parser; libxml2 shares the handler and
 * _private with them). XML_ERR_ENTITY_LOOP is libxml2's amplification
 * check; the last error alone does not tell, as later ones overwrite it. */
static void budget_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    budget_t *b = ctxt ? ctxt->_private : NULL;
    if (b && e && e->code == XML_ERR_ENTITY_LOOP)
        b->loop = 1;
}

/* One parse with the budget in b (set by budget_init). NX_E_PARSE when
 * there is no document, or when b->over or b->loop says why. */
static nx_status_t read_xml_ctxt(const char *data, size_t len, const char *enc, int opts,
                                 xmlDocPtr *out, budget_t *b)
{
    *out = NULL;
    if (len > (size_t)0x7fffffff)
        return NX_E_PARSE;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NX_E_NOMEM;
    b->ctxt = ctxt;
    ctxt->_private = b;
    ctxt->sax->getEntity = budget_get_entity;
    ctxt->sax->serror = budget_error;
    install_hooks(ctxt, 0);
    mem_reader_t in = {data, len};
    xmlDocPtr doc = xmlCtxtReadIO(ctxt, mem_read, mem_close, &in, NULL, enc, opts);
    if (ctxt->lastError.code == XML_ERR_ENTITY_LOOP)
        b->loop = 1;
    int refused = b->over || b->loop || b->nomem || tripped();
    if (doc && (refused || (!ctxt->wellFormed && !(opts & XML_PARSE_RECOVER)))) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    if (b->sizes)
        xmlHashFree(b->sizes, xmlHashDefaultDeallocator);
    b->sizes = NULL;
    b->ctxt = NULL;
    if (b->nomem)
        return NX_E_NOMEM;
    if (!doc)
        return NX_E_PARSE;
    if (!xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return NX_E_PARSE;
    }
    *out = doc;
    return NX_OK;
}

/* A read that must not be retried: out of memory, or over the entity
 * budget (NX_OK when neither). */
static nx_status_t refused(nx_status_t st, const budget_t *b, nx_error_t *err)
{
    if (st == NX_E_NOMEM)
        return nx_error_set(err, st, "out of memory");
    if (tripped())
        return guard_refuse(err);
    if (b->over)
        return budget_refuse(b, err);
    if (b->loop)
        return nx_error_set(err, NX_E_PARSE, "XML entity expansion refused");
    return NX_OK;
}

nx_status_t nx_xml_read(const char *data, size_t len, xmlDocPtr *out, nx_error_t *err)
{
    *out = NULL;
    silence();
    if (attrs_refused(data, len))
        return guard_refuse(err);
    budget_t b;
    budget_init(&b, len);
    nx_status_t st = read_xml_ctxt(data, len, NULL, XML_OPTS, out, &b);
    if (st == NX_OK)
        return NX_OK;
    if ((st = refused(st, &b, err)))
        return st;
    /* Not well-formed, or not in its declared encoding: repair the bytes
     * and let the recovering parser make what it can of them. */
    char *u = nx_decode(data, len, NULL);
    if (!u)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    size_t ulen = strlen(u);
    budget_init(&b, ulen);
    st = read_xml_ctxt(u, ulen, "UTF-8", XML_OPTS | XML_PARSE_RECOVER | XML_PARSE_IGNORE_ENC, out,
                       &b);
    free(u);
    nx_status_t why = refused(st, &b, err);
    if (why)
        return why;
    if (st != NX_OK)
        return nx_error_set(err, NX_E_PARSE, "malformed XML");
    return NX_OK;
}

nx_status_t nx_html_read(const char *utf8, size_t len, xmlDocPtr *out, nx_error_t *err)
{
    *out = NULL;
    silence();
    if (len > (size_t)0x7fffffff)
        return nx_error_set(err, NX_E_PARSE, "file too large");
    if (attrs_refused(utf8, len))
        return guard_refuse(err);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    install_hooks(ctxt, 1);
    mem_reader_t in = {utf8, len};
    htmlDocPtr doc = htmlCtxtReadIO(ctxt, mem_read, mem_close, &in, NULL, "UTF-8", HTML_OPTS);
    htmlFreeParserCtxt(ctxt);
    if (tripped()) {
        xmlFreeDoc(doc);
        return guard_refuse(err);
    }
    if (!doc)
        return nx_error_set(err, NX_E_PARSE, "malformed HTML");
    *out = doc;
    return NX_OK;
}

const char *nx_xml_name(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name)
        return "";
    return (const char *)n->name;
}

int nx_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcasecmp((const char *)n->name, name) == 0;
}

const char *nx_xml_ns(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href)
        return "";
    return (const char *)n->ns->href;
}

char *nx_xml_attr(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name) != 0)
            continue;
        nx_buf_t b = {0};
        for (const xmlNode *c = a->children; c; c = c->next) {
            if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
                if (nx_buf_puts(&b, (const char *)c->content) != NX_OK) {
                    nx_buf_free(&b);
                    return NULL;
                }
            }
        }
        return nx_buf_steal(&b);
    }
    return NULL;
}

xmlNode *nx_xml_next_named(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->next : NULL; c; c = c->next)
        if (nx_xml_is(c, name))
            return c;
    return NULL;
}

xmlNode *nx_xml_child(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        if (nx_xml_is(c, name))
            return c;
    return NULL;
}

/* Whether the walker may go below n: never into entity references (their
 * children are the entity's own nodes), DTDs or attribute lists. */
static int descendable(const xmlNode *n)
{
    return n->children && (n->type == XML_ELEMENT_NODE || n->type == XML_DOCUMENT_NODE ||
                           n->type == XML_HTML_DOCUMENT_NODE ||
                           n->type == XML_DOCUMENT_FRAG_NODE);
}

void nx_xml_walk(xmlNode *root, nx_xml_visit_fn fn, void *ud)
{
    if (!root)
        return;
    xmlNode *n = root;
    for (;;) {
        /* A walk of a tripped guard (time, stop flag) ends here; the
         * parse's result is thrown away (nx_parse_file). */
        if (nx_guard_check())
            return;
        int r = fn(n, 0, ud);
        if (r == NX_WALK_STOP)
            return;
        if (r == NX_WALK_GO && descendable(n)) {
            n = n->children;
            continue;
        }
        /* Leave n, then climb until a node with a next sibling. */
        for (;;) {
            if (fn(n, 1, ud) == NX_WALK_STOP)
                return;
            if (n == root)
                return;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n)
                return;
        }
    }
}

typedef struct {
    const xmlNode *root;
    const char *name;
    xmlNode *found;
} find_t;

static int find_visit(xmlNode *n, int leaving, void *ud)
{
    find_t *f = ud;
    if (leaving)
        return NX_WALK_GO;
    if (n != f->root && nx_xml_is(n, f->name)) {
        f->found = n;
        return NX_WALK_STOP;
    }
    return NX_WALK_GO;
}

xmlNode *nx_xml_find(const xmlNode *n, const char *name)
{
    find_t f = {n, name, NULL};
    nx_xml_walk((xmlNode *)n, find_visit, &f);
    return f.found;
}

/* ---- text sinks ---- */

typedef struct {
    nx_buf_t *out;
    size_t start;   /* out->len when we began: separators only after it */
    int space;      /* a space is pending */
    int para;       /* a paragraph break is pending */
    int inpara;     /* the current paragraph has text */
    nx_status_t st;
} sink_t;

static int is_ws(const unsigned char *p, size_t n, size_t *w)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
        *w = 1;
        return 1;
    }
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
        *w = 2;
        return 1;
    }
    return 0;
}

static void sink_text(sink_t *s, const char *t, size_t n)
{
    const unsigned char *p = (const unsigned char *)t;
    size_t i = 0;
    /* Text past max_text is not kept (the article keeps that much at
     * most: pipeline/extract.c cuts it at a word boundary). */
    size_t cap = cur_guard ? cur_guard->lim.max_text : NX_DEF_MAX_TEXT;
    if (s->out->len >= cap + 64)
        return;
    if (n > cap + 64 - s->out->len)
        n = cap + 64 - s->out->len;
    while (i < n && s->st == NX_OK) {
        size_t w;
        if (is_ws(p + i, n - i, &w)) {
            if (s->inpara)
                s->space = 1;
            i += w;
            continue;
        }
        size_t j = i;
        while (j < n && !is_ws(p + j, n - j, &w))
            j++;
        if (s->para && s->out->len > s->start) {
            s->st = nx_buf_append(s->out, "\n\n", 2);
        } else if (s->space && s->inpara) {
            s->st = nx_buf_putc(s->out, ' ');
        } else if (!s->inpara && s->out->len > s->start) {
            /* The text continues what was there before. */
            s->st = nx_buf_putc(s->out, ' ');
        }
        s->para = s->space = 0;
        if (s->st == NX_OK)
            s->st = nx_buf_append(s->out, t + i, j - i);
        s->inpara = 1;
        i = j;
    }
}

static void sink_break(sink_t *s)
{
    if (s->inpara) {
        s->para = 1;
        s->inpara = 0;
        s->space = 0;
    }
}

/* Text of a node that holds text directly. */
static void node_text(sink_t *s, const xmlNode *n)
{
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
        sink_text(s, (const char *)n->content, strlen((const char *)n->content));
    } else if (n->type == XML_ENTITY_REF_NODE) {
        /* Without substitution the reference stays a node; emit only the
         * replacement text of a short, flat internal entity. */
        const xmlEntity *e = (const xmlEntity *)n->children;
        if (e && e->type == XML_ENTITY_DECL && e->etype == XML_INTERNAL_GENERAL_ENTITY &&
            e->content) {
            const char *c = (const char *)e->content;
            size_t len = strlen(c);
            if (len <= MAX_ENTITY_TEXT && !strchr(c, '&') && !strchr(c, '<'))
                sink_text(s, c, len);
        }
    }
}

static const char *const block_names[] = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "tr", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "section",
    "article", "header", "footer", "main", "aside", "nav", "figure", "figcaption", "address",
    "hr", "form", "fieldset", "details", "summary", "title", "body", "html", "center",
    /* NITF and friends */
    "hl1", "hl2", "block", "bq", "note", "fn", "media-caption", "abstract", "para",
    "paragraph", "item", "entry", NULL};

static int is_block(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    for (int i = 0; block_names[i]; i++)
        if (strcasecmp((const char *)n->name, block_names[i]) == 0)
            return 1;
    return 0;
}

/* Elements that sit inside a line of text (HTML and NITF inline markup):
 * no word break at their edges. Any other element boundary is a word break
 * at least, so "<a>x</a><b>y</b>" in unknown XML gives "x y". */
static const char *const inline_names[] = {
    "a", "b", "i", "em", "strong", "span", "u", "s", "small", "big", "sub", "sup", "abbr",
    "acronym", "cite", "code", "q", "mark", "time", "font", "tt", "var", "kbd", "samp", "dfn",
    "ins", "del", "label", "bdi", "bdo", "wbr", "nobr", "strike", "data",
    /* NITF inline elements */
    "org", "person", "location", "chron", "money", "num", "event", "function", "virtloc",
    "classifier", "alt-code", "pronounce", "copyrite", "lang", "frac", "frac-num", "frac-den",
    "sub-num", "object.title", NULL};

static int is_inline(const xmlNode *n)
{
    for (int i = 0; inline_names[i]; i++)
        if (strcasecmp((const char *)n->name, inline_names[i]) == 0)
            return 1;
    return 0;
}

static int never_text(const xmlNode *n)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || n->type == XML_DTD_NODE)
        return 1;
    return nx_xml_is(n, "script") || nx_xml_is(n, "style") || nx_xml_is(n, "noscript") ||
           nx_xml_is(n, "template");
}

typedef struct {
    sink_t s;
    nx_xml_skip_fn skip;
    void *ud;
    int blocks;
} text_walk_t;

static void boundary(text_walk_t *t, const xmlNode *n)
{
    if (t->blocks && is_block(n))
        sink_break(&t->s);
    else if (!is_inline(n) && t->s.inpara)
        t->s.space = 1;
}

static int text_visit(xmlNode *n, int leaving, void *ud)
{
    text_walk_t *t = ud;
    if (t->s.st != NX_OK)
        return NX_WALK_STOP;
    if (leaving) {
        if (n->type == XML_ELEMENT_NODE)
            boundary(t, n);
        return NX_WALK_GO;
    }
    if (n->type == XML_ELEMENT_NODE) {
        if (never_text(n) || (t->skip && t->skip(n, t->ud)))
            return NX_WALK_SKIP;
        boundary(t, n);
        return NX_WALK_GO;
    }
    if (never_text(n))
        return NX_WALK_SKIP;
    node_text(&t->s, n);
    return NX_WALK_GO;
}

static nx_status_t walk_text(const xmlNode *n, int blocks, nx_xml_skip_fn skip, void *ud,
                             nx_buf_t *out)
{
    if (!n)
        return NX_OK;
    text_walk_t t = {{out, 0, 0, 0, 0, NX_OK}, skip, ud, blocks};
    /* A block walk starts a new paragraph after existing text; an inline
     * walk continues it after a space. */
    if (blocks && out->len > 0)
        t.s.para = 1;
    nx_xml_walk((xmlNode *)n, text_visit, &t);
    return t.s.st;
}

nx_status_t nx_xml_text(const xmlNode *n, nx_buf_t *out)
{
    return walk_text(n, 0, NULL, NULL, out);
}

char *nx_xml_text_dup(const xmlNode *n)
{
    nx_buf_t b = {0};
    if (nx_xml_text(n, &b) != NX_OK) {
        nx_buf_free(&b);
        return NULL;
    }
    return nx_buf_steal(&b);
}

char *nx_xml_text_keep(const xmlNode *n, nx_status_t *st)
{
    char *t = nx_xml_text_dup(n);
    if (!t && *st == NX_OK)
        *st = NX_E_NOMEM;
    return t;
}

nx_status_t nx_xml_block_text(const xmlNode *n, nx_xml_skip_fn skip, void *ud, nx_buf_t *out)
{
    return walk_text(n, 1, skip, ud, out);
}

nx_status_t nx_html_fragment_text(const char *s, size_t n, nx_buf_t *out)
{
    xmlDocPtr doc = NULL;
    nx_status_t st = nx_html_read(s, n, &doc, NULL);
    if (st == NX_E_NOMEM)
        return st;
    if (st != NX_OK || !doc) {
        /* Nothing the parser could use: keep the raw text. */
        return nx_buf_append(out, s, n);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    st = root ? nx_xml_block_text(root, NULL, NULL, out) : NX_OK;
    xmlFreeDoc(doc);
    return st;
}

/* Tags that mark a string as HTML; "<Cinram Ltd>" or "<ch>" (the way
 * Reuters writes company names and tickers) are not. */
static const char *const html_tags[] = {
    "p", "br", "div", "span", "a", "b", "i", "u", "em", "strong", "img", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td", "th", "pre",
    "code", "hr", "figure", "figcaption", "iframe", "script", "style", "html", "body",
    "section", "article", "small", "sup", "sub", "font", "center", "dl", "dt", "dd", "q",
    "cite", "abbr", "time", "video", "audio", "source", "picture", "caption", "thead",
    "tbody", "noscript", "header", "footer", "aside", "nav", "main", "head", "meta", "link",
    "title", "s", "strike", "del", "ins", "mark", "wbr", "nobr", NULL};

int nx_looks_like_html(const char *s, size_t n)
{
    /* Evidence of markup: a closing tag of a known element, a <br>, <p>,
     * <img> or <a href>, a comment, or an entity reference (left over by
     * escaping twice). An opening "<s>" or "<pre>" alone is not enough:
     * Reuters writes tickers that way. */
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '<') {
            size_t j = i + 1;
            int closing = 0;
            if (s[j] == '/') {
                closing = 1;
                j++;
            } else if (s[j] == '!' && j + 2 < n && s[j + 1] == '-' && s[j + 2] == '-') {
                return 1;
            }
            size_t k = j;
            while (k < n && k < j + 12 && isalnum((unsigned char)s[k]))
                k++;
            if (k == j || k >= n)
                continue;
            char c = s[k];
            if (c != '>' && c != ' ' && c != '/' && c != '\n' && c != '\t')
                continue;
            size_t tl = k - j;
            if (!closing) {
                if ((tl == 2 && !strncasecmp(s + j, "br", 2)) ||
                    (tl == 1 && !strncasecmp(s + j, "p", 1)) ||
                    (tl == 3 && !strncasecmp(s + j, "img", 3) && c == ' ') ||
                    (tl == 1 && !strncasecmp(s + j, "a", 1) && c == ' '))
                    return 1;
                continue;
            }
            if (c != '>')
                continue;
            for (int t = 0; html_tags[t]; t++)
                if (strlen(html_tags[t]) == tl && strncasecmp(s + j, html_tags[t], tl) == 0)
                    return 1;
        } else if (s[i] == '&') {
            size_t j = i + 1;
            while (j < n && j < i + 10 &&
                   ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                    (s[j] >= '0' && s[j] <= '9') || s[j] == '#'))
                j++;
            if (j < n && s[j] == ';' && j > i + 1)
                return 1;
        }
    }
    return 0;
}
