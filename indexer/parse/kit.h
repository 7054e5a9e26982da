/* kit.h - what the parsers share, below them: a draft (the article a
 * parser fills and the candidates it records for the resolver), dates read
 * into candidates, the article's text, the dateline that opens it, and the
 * hand-over to the resolver (lib/resolve.c), which chooses the title,
 * date, source, byline, dateline and standfirst. */
#ifndef NEWSINDEX_PARSE_KIT_H
#define NEWSINDEX_PARSE_KIT_H

#include <stddef.h>

#include "newsindex/article.h"
#include "newsindex/date.h"
#include "newsindex/resolve.h"
#include "newsindex/status.h"
#include "newsindex/text.h"
#include "parse/parse.h"

/* An article being parsed: a has its id, path and format (and, after
 * nx_kit_text, its text); c holds what the parser saw. */
typedef struct {
    const nx_parse_ctx_t *ctx;
    nx_article_t *a;
    nx_cands_t c;
} nx_draft_t;

/* Begin a draft: a new article with id (relpath, or relpath "#" item),
 * path and format ("text", "html", "nitf", "rss", "atom", "xml") set, and
 * an empty record for the family's rules. NX_OK, or NX_E_NOMEM (d->a is
 * then NULL; nx_kit_drop is still allowed). */
nx_status_t nx_kit_begin(nx_draft_t *d, const nx_parse_ctx_t *ctx, const char *relpath,
                         const char *item, const char *format, nx_family_t family);

/* Read s as a date (order for all-numeric dates) into a date candidate of
 * origin o: nx_date_parse(), else, when find is set, the first date in s
 * (nx_date_find()). s may be NULL. Returns 1 when a date was read. */
int nx_kit_date(nx_draft_t *d, nx_origin_t o, const char *s, nx_date_order_t order, int find);
/* The reading of nx_kit_date without the candidate: 1 with the date in *t. */
int nx_kit_date_of(const char *s, nx_date_order_t order, int find, nx_date_t *t);

/* Put the final text in d->a->text: repaired UTF-8, white space squeezed
 * within lines, paragraphs separated by exactly one blank line, trimmed.
 * t is consumed (left empty); a buffer whose appends failed (its sticky
 * status) gives that failure. NX_OK or NX_E_NOMEM. */
nx_status_t nx_kit_text(nx_draft_t *d, nx_buf_t *t);

/* The dateline opening s[0..n), when there is one (nx_dateline_find), as
 * candidates: its place (field dateline), its agency (field source; firm
 * when a place precedes it: "LONDON (Foo News) -" names a source, a bare
 * "(Foo News) -" only when it is a known one). */
void nx_kit_dateline(nx_draft_t *d, const char *s, size_t n);

/* Choose the fields from what is recorded so far (nx_resolve into d->a),
 * for a parser whose reading depends on it. NX_OK or NX_E_NOMEM. */
nx_status_t nx_kit_resolve(nx_draft_t *d);

/* Resolve, then append the article to out. The draft is consumed either
 * way. NX_OK, or the first failure of the draft (a candidate or a text
 * that could not be recorded, the resolver, the list), set in err. */
nx_status_t nx_kit_finish(nx_draft_t *d, nx_article_list_t *out, nx_error_t *err);

/* Free an unfinished draft. */
void nx_kit_drop(nx_draft_t *d);

#endif
