/* parse.h - reading article files and parsing them into nx_article_t.
 *
 * nx_parse_file() takes a file's bytes (ingest/ingest.h reads them) and sniffs the
 * format from the content (and the name as a hint) and runs one parser:
 * plain text, HTML, NITF, RSS 2.0, Atom, or other XML. Parsers fill what the
 * file says: id, path, format, title, standfirst, byline, dateline, source
 * (normalised), date (date_origin = NX_DATE_CONTENT when found) and text.
 * Date fall-backs (path, mtime), countries and topics are later stages. */
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

/* ---- Shared by the parsers (sniff.c, parse_*.c); not for other stages ---- */

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

/* One parser per format. Each appends what it finds to out and returns
 * NX_OK, or NX_E_PARSE / NX_E_NOMEM with nothing appended. */
nx_status_t nx_parse_text(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err);
nx_status_t nx_parse_html(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                          size_t len, nx_article_list_t *out, nx_error_t *err);
/* NITF, RSS, Atom and other XML (fmt says which the sniffer saw; the root
 * element decides). */
nx_status_t nx_parse_xml(const nx_parse_ctx_t *ctx, const char *relpath, const char *data,
                         size_t len, nx_format_t fmt, nx_article_list_t *out, nx_error_t *err);

/* A dateline at the start of a lead: "ISLAMABAD, April 7 (Reuters) - ",
 * "LONDON (AP) -- ", "WASHINGTON, D.C. (AP) — ", "PARIS - ", "(Reuters) - ".
 * Pointers are into s; place_len or src_len is 0 when that part is absent;
 * len is the length of the whole dateline with its dash and the space after. */
typedef struct {
    const char *place;
    size_t place_len;
    const char *src;
    size_t src_len;
    size_t len;
} nx_dateline_t;
/* 1 and *out filled when s[0..n) starts with a dateline, else 0. */
int nx_dateline_find(const char *s, size_t n, nx_dateline_t *out);

/* Take the dateline's place (into a->dateline) and its source (into
 * a->source), each unless already set. A dateline without a place
 * ("(Reuters) - ") gives a source only when it names a known one. */
void nx_parse_use_dateline(const nx_parse_ctx_t *ctx, nx_article_t *a, const nx_dateline_t *dl);

/* Set a->source from raw (normalised with ctx->sources) unless a->source is
 * already set. Returns 1 if it was set. */
int nx_parse_set_source(const nx_parse_ctx_t *ctx, nx_article_t *a, const char *raw);
/* Parse s as a date (order for all-numeric dates) into a->date with
 * date_origin NX_DATE_CONTENT, unless a->date_origin is already set.
 * Returns 1 if it was set. */
int nx_parse_set_date(nx_article_t *a, const char *s, nx_date_order_t order);
/* Set a->byline from a byline string: "By " and trailing ", Reuters" or
 * " | April 8, 2021" parts are split off (into source and date when they
 * are one). Unless a->byline is already set. Returns 1 if it was set. */
int nx_parse_set_byline(const nx_parse_ctx_t *ctx, nx_article_t *a, const char *s);
/* A new article with id (relpath, or relpath "#" item), path and format
 * set; NULL on allocation failure. */
nx_article_t *nx_parse_article_new(const char *relpath, const char *item, const char *format);
/* Put the final text in a->text: repaired UTF-8, blank paragraphs dropped,
 * trimmed. t is consumed (left empty). */
nx_status_t nx_parse_set_text(nx_article_t *a, nx_buf_t *t);

#endif
