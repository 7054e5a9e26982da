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

#include <stddef.h>

#include "newsindex/article.h"
#include "newsindex/source.h"
#include "newsindex/status.h"

typedef struct {
    const nx_sources_t *sources; /* may be NULL: sources are only tidied */
} nx_parse_ctx_t;

/* Parse one file's bytes into out (appending 0..N articles; feeds give one
 * per item). relpath is the archive-relative path, used for ids
 * ("dir/a.html", "feeds/x.rss#GUID"). Returns NX_OK, or NX_E_PARSE with a
 * short reason in err ("empty file", "binary data", ...); on failure nothing
 * is appended. Must not crash, hang or use unbounded memory on any input. */
nx_status_t nx_parse_file(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
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
