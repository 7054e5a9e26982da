/* facets.h - newssearch's facets: the schema's fields flagged
 * NX_FIELD_FACET, in table order (country, topic, source, year), counted
 * from their value slots. */
#ifndef NEWSINDEX_SEARCHER_FACETS_H
#define NEWSINDEX_SEARCHER_FACETS_H

#include <stddef.h>

#include "newsindex/schema.h"
#include "newsindex/status.h"
#include "newsindex/xap.h"

#define NX_MAX_FACETS 8

/* Every facet, into out[NX_MAX_FACETS]; returns how many. */
size_t nx_facets_all(const nx_field_t **out);

/* A --facets list: "" or "all" for every facet, else names separated by
 * commas (any case, singular or plural: country or countries; a name given
 * twice counts once), into
 * out[NX_MAX_FACETS] and *n. NX_E_INVALID for an unknown name, with the
 * message "unknown facet 'NAME' (use country, topic, source, year)". */
nx_status_t nx_facets_parse(const char *list, const nx_field_t **out, size_t *n,
                            nx_error_t *err);

/* 1 if s is "all", a facet name in lowercase (singular or plural), or
 * holds a comma (a list, maybe with a wrong name that nx_facets_parse
 * will refuse): the word after a bare --facets is taken as its list then,
 * and is a query word otherwise. */
int nx_facets_is_list(const char *s);

/* The facets' names joined by sep ("country,topic,source,year"), in buf. */
void nx_facets_names(const char *sep, char *buf, size_t size);

/* What the shim counts for each facet: its slot, and its separator when
 * multi-valued. */
void nx_facets_specs(const nx_field_t *const *f, size_t n, xap_facet_spec_t *specs);

#endif
