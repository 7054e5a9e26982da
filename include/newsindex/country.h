/* country.h - the country gazetteer and country extraction.
 *
 * Countries are ISO 3166-1 alpha-2 codes, lowercased in the index ("pk"),
 * upper-case for display ("PK"); historical states keep their former codes
 * (SU, DD, YU, CS, ZR). */
#ifndef NEWSINDEX_COUNTRY_H
#define NEWSINDEX_COUNTRY_H

#include <stddef.h>

#include "newsindex/status.h"

typedef struct nx_gazetteer nx_gazetteer_t;

/* Load data/countries.tsv (format documented in its header comment).
 * NX_OK, NX_E_IO or NX_E_PARSE (line number in err). */
nx_status_t nx_gazetteer_load(const char *path, nx_gazetteer_t **out, nx_error_t *err);
void nx_gazetteer_free(nx_gazetteer_t *g);

/* The display name for a code (any case): "Pakistan" for "pk"; NULL if
 * unknown. Borrowed, valid while g lives. */
const char *nx_country_name(const nx_gazetteer_t *g, const char *code);

/* Resolve what a user typed (a name, alias, demonym or code, any case:
 * "pakistan", "PK", "united states", "Soviet") to a lowercase code in
 * code[3]. Returns 1 if found, 0 if not. */
int nx_country_lookup(const nx_gazetteer_t *g, const char *name, char code[3]);

/* Extraction input: all UTF-8, any may be NULL. */
typedef struct {
    const char *title;
    const char *dateline; /* the place of a dateline, "ISLAMABAD", if known */
    const char *text;     /* the article text (lead first) */
} nx_country_input_t;

/* The countries the article is about, most relevant first, as lowercase
 * codes written to codes[i] (each 3 bytes, NUL-terminated); *count gets
 * how many were written (0..max; 0 when g, in or codes is NULL or max is
 * 0). Returns NX_OK, or NX_E_NOMEM when memory runs out (*count is then
 * 0: the countries are unknown, not none). */
nx_status_t nx_countries_extract(const nx_gazetteer_t *g, const nx_country_input_t *in,
                                 char (*codes)[3], size_t max, size_t *count);

#endif
