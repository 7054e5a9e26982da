/* parse.h - parsing article files into nx_article_t.
 *
 * nx_parse_file() (dispatch.c) takes a file's bytes (ingest/ingest.h reads
 * them), screens them (ingest/ingest.h: nx_decode_screen), sniffs the
 * format from the content (and the name as a hint) and runs one parser:
 * plain text, HTML, NITF, RSS 2.0, Atom, or other XML. Parsers gather what
 * the file says (every title, date, source, byline, dateline and
 * standfirst they see, as candidates) and the resolver (lib/resolve.c)
 * chooses; an article comes out with id, path, format, title, standfirst,
 * byline, dateline, source (normalised), date (date_origin =
 * NX_DATE_CONTENT when found) and text. Date fall-backs (path, mtime),
 * countries and topics are later stages. */
#ifndef NEWSINDEX_PARSE_H
#define NEWSINDEX_PARSE_H

#include <signal.h>
#include <stddef.h>

#include "newsindex/article.h"
#include "newsindex/source.h"
#include "newsindex/status.h"

/* The bounds one file is read and parsed within (docs/hostile-input.md has
 * the table of hostile files they answer). Each has a newsindex option of
 * the same name; 0 in a field means its default (NX_DEF_...). A file that
 * passes one is skipped, its reason naming the bound and the option:
 * "more than 10000 items (--max-items)". */
typedef struct {
    size_t max_file_bytes; /* bytes of one file after decompression (ingest/readfile.c) */
    unsigned max_ratio;    /* decompressed bytes per compressed byte, past the first MiB */
    size_t max_items;      /* items of a feed (RSS item, Atom entry, XML record) */
    size_t max_attrs;      /* attributes of one element (XML and HTML) */
    size_t max_attr_bytes; /* bytes of one attribute value (XML and HTML) */
    size_t max_depth;      /* nesting of elements (XML and HTML) */
    size_t max_nodes;      /* nodes of one document (elements, attributes, text, references,
                              comments): its tree's memory */
    size_t max_text;       /* text kept per article: the rest is not indexed or stored */
    double max_seconds;    /* time to parse one file (wall clock), checked inside the parse */
    volatile sig_atomic_t *stop; /* a signal's flag: ends the parse of the file at hand; may be NULL */
} nx_limits_t;

#define NX_DEF_MAX_FILE_BYTES (64u * 1024u * 1024u)
#define NX_DEF_MAX_RATIO 200u
#define NX_DEF_MAX_ITEMS 10000u
#define NX_DEF_MAX_ATTRS 100u
#define NX_DEF_MAX_ATTR_BYTES (16u * 1024u * 1024u)
#define NX_DEF_MAX_DEPTH 256u
#define NX_DEF_MAX_NODES 400000u
#define NX_DEF_MAX_TEXT (1024u * 1024u)
#define NX_DEF_MAX_SECONDS 10.0

/* lim with every 0 replaced by its default (lim may be NULL). */
nx_limits_t nx_limits_resolve(const nx_limits_t *lim);

typedef struct {
    const nx_sources_t *sources; /* may be NULL: sources are only tidied */
    const nx_limits_t *limits;   /* may be NULL: the defaults */
} nx_parse_ctx_t;

/* Parse one file's bytes into out (appending 0..N articles; feeds give one
 * per item). relpath is the archive-relative path, used for ids
 * ("dir/a.html", "feeds/x.rss#GUID"). Returns NX_OK, or NX_E_PARSE with a
 * short reason in err ("empty file", "binary data", "more than 10000 items
 * (--max-items)", ...); on failure nothing is appended. Must not crash, hang
 * or use unbounded memory on any input: ctx->limits bound it, checked while
 * libxml2 parses and while the parsers walk the tree. NX_E_INTERRUPTED
 * when the limits' stop flag was set during the parse (the file is not at
 * fault). */
nx_status_t nx_parse_file(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err);

/* The same, taking data (malloc'd): it is freed as soon as it is screened,
 * so a file's raw bytes and its parse do not take memory at the same time. */
nx_status_t nx_parse_file_take(const nx_parse_ctx_t *ctx, const char *relpath, char *data,
                               size_t len, nx_article_list_t *out, nx_error_t *err);

/* Call once per process before parsing (libxml2 set-up), and at exit. */
void nx_parse_init(void);
void nx_parse_cleanup(void);

/* ---- The dispatcher and the parsers (dispatch.c and the parser files);
 *      what they share lives in kit.h ---- */

typedef enum {
    NX_FMT_TEXT = 0,
    NX_FMT_HTML,
    NX_FMT_NITF,
    NX_FMT_RSS,
    NX_FMT_ATOM,
    NX_FMT_XML
} nx_format_t;

/* The format of data (UTF-8 or single-byte text, NULs already removed),
 * from its content; relpath's extension only breaks ties (markup that could
 * be an HTML fragment or XML). */
nx_format_t nx_parse_sniff(const char *data, size_t len, const char *relpath);

/* One parser per format family (text.c, html.c, xml.c). Each gets the
 * screened bytes (ingest.h: nx_decode_screen), decodes them with its own
 * charset hint, appends what it finds to out and returns NX_OK, or
 * NX_E_PARSE / NX_E_NOMEM with nothing appended. */
nx_status_t nx_parse_text(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err);
nx_status_t nx_parse_html(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err);
/* NITF, RSS, Atom and other XML (fmt says which the sniffer saw; the root
 * element decides). A document whose root is <html> is not read: *as_html
 * is set to 1, nothing is appended, and the caller parses the bytes as
 * HTML. */
nx_status_t nx_parse_xml(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                         size_t len, nx_format_t fmt, nx_article_list_t *out, int *as_html,
                         nx_error_t *err);

#endif
