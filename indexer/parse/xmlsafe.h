/* xmlsafe.h - the one wrapper around libxml2 used by the parsers.
 *
 * XML is parsed with no network access, no DTD loading, no external
 * entities (an entity loader that refuses everything is installed too),
 * no entity substitution (XML_PARSE_NOENT is never set) and libxml2's
 * default limits (no XML_PARSE_HUGE: 256 levels of nesting, 10 MB text
 * nodes, entity amplification checks). On top of those, the replacement
 * text a document's internal entity references stand for, fully expanded,
 * may be at most 10 times the document's size (1 MiB always allowed,
 * 16 MiB never exceeded); a sax->getEntity hook counts it and stops the
 * parser at the first reference past the bound. HTML goes through
 * libxml2's HTML parser in recover mode (it expands no declared entities).
 * libxml2 never prints: its error handlers are replaced by silent ones.
 *
 * Trees can be 100,000 levels deep (the HTML parser has no depth cap), so
 * every walk here is iterative, never recursive. Entity reference nodes are
 * never descended into (their children belong to the entity declaration);
 * the text of a short internal entity is emitted instead, so the billion
 * laughs cannot be expanded by walking the tree either. */
#ifndef NEWSINDEX_XMLSAFE_H
#define NEWSINDEX_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "newsindex/status.h"
#include "newsindex/text.h"
#include "parse/parse.h"

/* ---- the bounds of the file being parsed (parse.h: nx_limits_t) ----
 *
 * nx_parse_file() opens a guard for each file on its thread; the libxml2
 * wrappers and walkers below check it: before a parse, a linear scan of the
 * markup counts each start tag's attributes (libxml2 checks them for
 * duplicates pairwise, in time quadratic in their number, before any
 * callback could stop it); during a parse, SAX hooks count the nesting,
 * a feed's items and the time, and stop the parser (xmlStopParser) at the
 * first bound passed or when the stop flag is set; after it, the walks
 * check the time and the stop flag every few hundred nodes and the text
 * sinks keep at most max_text bytes. Once tripped, the guard stays
 * tripped: every walk stops and nx_parse_file() reports its reason. */
typedef struct {
    nx_limits_t lim;  /* resolved: no 0 left */
    double deadline;  /* CLOCK_MONOTONIC seconds */
    unsigned tick;    /* calls since the clock was last read */
    int tripped;      /* a bound was passed, or the stop flag seen */
    int stopped;      /* that was the stop flag */
    char why[160];    /* the reason, when tripped */
    int feed;         /* the document's root is a feed (rss, RDF, feed) */
    size_t items;     /* items and entries seen by the SAX hooks */
    size_t run;       /* bytes of text since the last tag (the SAX hooks) */
    size_t nodes;     /* nodes of the document being parsed (max_nodes) */
} nx_guard_t;

/* Make g the guard of this thread's parses (lim may be NULL: defaults);
 * nx_guard_end() closes it. Without a guard, nothing is bounded but the
 * defaults of libxml2 and of the text sinks' max_text. */
void nx_guard_begin(nx_guard_t *g, const nx_limits_t *lim);
void nx_guard_end(void);
/* This thread's guard, or NULL. */
nx_guard_t *nx_guard(void);
/* 1 when the parse must end: tripped before, or now (the stop flag, or
 * the deadline: the clock is read once every 64 calls). */
int nx_guard_check(void);
/* Trip the guard with a reason (the first reason is kept); returns 1. */
int nx_guard_trip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Count one more item of a feed (or record of a collection) against
 * max_items; 1 when over (the guard is then tripped). */
int nx_guard_item(void);

/* Once per process (xmlInitParser, silent error handlers, the refusing
 * entity loader), and at exit. nx_parse_init() calls these. */
void nx_xml_init(void);
void nx_xml_cleanup(void);

/* Parse XML bytes (any encoding libxml2 detects from the BOM or the XML
 * declaration). When the bytes are not well-formed or not in the declared
 * encoding, they are decoded (ingest.h: nx_decode, no charset) and parsed
 * again in recover mode; a document refused for its entities is not parsed
 * again. *out is the caller's to free with xmlFreeDoc(). Returns NX_OK, or
 * NX_E_PARSE with *out NULL and the reason: "malformed XML", "XML entity
 * expansion refused" (libxml2's own amplification check), "XML entity
 * expansion exceeds 10 times the input" (or "exceeds 1 MiB", "exceeds
 * 16 MiB": the bound that applied), or NX_E_NOMEM. */
nx_status_t nx_xml_read(const char *data, size_t len, xmlDocPtr *out, nx_error_t *err);

/* Parse HTML that is already valid UTF-8, in recover mode (a document
 * encoding hint inside is ignored). *out as above; NX_E_PARSE when libxml2
 * builds no tree at all. */
nx_status_t nx_html_read(const char *utf8, size_t len, xmlDocPtr *out, nx_error_t *err);

/* The local name of an element (no prefix), or "" for other nodes. */
const char *nx_xml_name(const xmlNode *n);
/* 1 if n is an element whose local name equals name, ignoring ASCII case. */
int nx_xml_is(const xmlNode *n, const char *name);
/* The value of attribute `name` (local name, ASCII case ignored) of element
 * n: a malloc'd copy (free()), or NULL when absent. */
char *nx_xml_attr(const xmlNode *n, const char *name);
/* The namespace URI of element n, or "". Borrowed from the tree. */
const char *nx_xml_ns(const xmlNode *n);

/* First element child of n named name (local name, case ignored), or NULL;
 * nx_xml_next_named() continues from a sibling. */
xmlNode *nx_xml_child(const xmlNode *n, const char *name);
xmlNode *nx_xml_next_named(const xmlNode *n, const char *name);
/* First element named name anywhere below n (document order), or NULL. */
xmlNode *nx_xml_find(const xmlNode *n, const char *name);

/* Iterative pre/post-order walk of the subtree at root. fn is called with
 * leaving == 0 when entering a node and 1 when leaving it (leaving is called
 * for every node entered, including skipped ones). fn returns one of: */
enum { NX_WALK_GO = 0, NX_WALK_SKIP = 1, NX_WALK_STOP = 2 };
typedef int (*nx_xml_visit_fn)(xmlNode *n, int leaving, void *ud);
void nx_xml_walk(xmlNode *root, nx_xml_visit_fn fn, void *ud);

/* Append the text below n (text, CDATA and short internal entities),
 * white space squeezed to single spaces, to out. */
nx_status_t nx_xml_text(const xmlNode *n, nx_buf_t *out);
/* The same as a malloc'd, trimmed string ("" when none; NULL on ENOMEM). */
char *nx_xml_text_dup(const xmlNode *n);
/* The same, with an allocation failure kept in *st (unless *st already
 * holds one): for a run of reads checked once. */
char *nx_xml_text_keep(const xmlNode *n, nx_status_t *st);

/* Text with block structure: paragraphs, headings, list items, table rows,
 * divs and <br> end a paragraph; paragraphs are separated by "\n\n" and
 * white space inside them is squeezed. Elements for which skip() returns 1
 * are left out with everything below them (skip may be NULL). Comments,
 * processing instructions, script and style are always left out. */
typedef int (*nx_xml_skip_fn)(const xmlNode *n, void *ud);
nx_status_t nx_xml_block_text(const xmlNode *n, nx_xml_skip_fn skip, void *ud, nx_buf_t *out);

/* Text of an HTML fragment (escaped HTML from a feed's description):
 * parsed with the HTML parser, block structure as above, appended to out.
 * s is UTF-8. */
nx_status_t nx_html_fragment_text(const char *s, size_t n, nx_buf_t *out);

/* 1 if s looks like it holds HTML markup (a tag or an entity reference). */
int nx_looks_like_html(const char *s, size_t n);

#endif
