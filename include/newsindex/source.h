/* source.h - normalising the names of news sources.
 *
 * A table in data/sources.tsv maps the many ways a source is written
 * ("REUTERS", "Reuters Staff", "(Reuters)", "reuters.com", "Thomson Reuters")
 * to one display name ("Reuters"). */
#ifndef NEWSINDEX_SOURCE_H
#define NEWSINDEX_SOURCE_H

#include "newsindex/status.h"

typedef struct nx_sources nx_sources_t;

/* Load the table at path. Format: UTF-8 text, '#' comments, one source a
 * line: the canonical name, a TAB, then aliases separated by '|'. Returns
 * NX_OK, NX_E_IO (cannot read) or NX_E_PARSE (with the line number in err:
 * invalid UTF-8, an unusable name, or an alias already naming another
 * source), NX_E_INVALID (path or out NULL), NX_E_NOMEM. On failure *out is
 * NULL. Free the table with nx_sources_free (NULL is allowed). */
nx_status_t nx_sources_load(const char *path, nx_sources_t **out, nx_error_t *err);
void nx_sources_free(nx_sources_t *s);

/* The longest name nx_sources_normalize returns, in bytes (longer unknown
 * names are cut at a character boundary). */
#define NX_SOURCE_MAX 200

/* The canonical name for raw (any case, with parentheses, "Staff",
 * "News Service", a domain or URL, ...), or raw tidied (white space squeezed,
 * surrounding punctuation dropped, ALL-CAPS words title-cased) when the
 * table does not know it. Returns a malloc'd string, or NULL when raw holds
 * nothing usable (or on allocation failure). s may be NULL: tidy only.
 * Details: only the first 1024 bytes of raw are read; "Copyright",
 * "(c)", "©", years, "All rights reserved", a leading "By" or "Source:" are
 * dropped; a URL or bare domain matches on its host or any parent domain
 * ("uk.reuters.com" -> "reuters.com") and, when unknown, gives the host
 * ("example.com"); " Staff", " Staff Writer", " News Service", " and
 * agencies" are dropped; " Wire", " News", " News Agency", ... only when
 * the rest is known; parts of "X via Y", "X - Y", "X, Y", "X (Y)" are
 * looked up too. Title-casing touches runs of 4+ capitals in words without
 * lowercase letters ("DAILY BUGLE" -> "Daily Bugle", "BBC" stays). */
char *nx_sources_normalize(const nx_sources_t *s, const char *raw);

/* 1 if word (any case) names a known source exactly; used to recognise
 * datelines like "(AFP) -". Surrounding punctuation and parentheses are
 * ignored ("(AFP)" is known); suffixes and domains are not tried. 0 when s
 * or word is NULL. */
int nx_sources_known(const nx_sources_t *s, const char *word);

#endif
