/* hits.h - the objects newssearch prints: a hit (a document's stored
 * fields, where its file is now, its score and snippet) and a facet's
 * values, as jansson objects with the same keys in every format
 * (print/print.h renders them; docs/output-formats.md lists the keys). */
#ifndef NEWSINDEX_SEARCHER_HITS_H
#define NEWSINDEX_SEARCHER_HITS_H

#include <jansson.h>

#include "newsindex/schema.h"
#include "newsindex/xap.h"
#include "query.h"

/* How hits are made. */
typedef struct {
    int snippets;                  /* make a snippet (needs the result) */
    size_t snippet_len;            /* its size in bytes */
    const char *hi_start, *hi_end; /* around matched words in it */
    const nx_roots_t *roots;       /* the index's roots: where each file is now (may be NULL) */
    int text;                      /* the article's stored text, whole, as "text" */
    xap_db *db;                    /* set: each hit's near-duplicate cluster (the hit's
                                    * value is its NX_SLOT_CLUSTER value) */
    json_t *clusters;              /* with db: what is known of each cluster so far (an
                                    * object the caller made and frees) */
} nx_hit_opts_t;

/* Every key a hit object may have, in the order of the object (NULL
 * ends it): what --fields chooses from. */
extern const char *const nx_hit_fields[];
#define NX_HIT_MAX_FIELDS 32

/* The hit object of h: rank (when rank > 0: the export has none), score
 * and percent (with_score), id, path, file and file_hex (where the file
 * is now), title, date, date_origin, source, countries, topics, with
 * o->db cluster (its id, h->value, or null), cluster_size (1 when in no
 * cluster) and, in a cluster, cluster_first and cluster_last (the
 * earliest and latest day of its members, YYYY-MM-DD) and
 * cluster_sources (their sources, by number of members), and
 * snippet (o->snippets, from r), text (o->text). A new reference; NULL when the snippet
 * could not be made (e says why: a writer may have discarded the revision
 * being read). r may be NULL without snippets. */
json_t *nx_hit_json(const nx_hit_opts_t *o, const xap_result *r, const xap_hit_t *h, long rank,
                    int with_score, nx_error_t *e);

/* The values of facet fi of r (field f), most frequent first: an array of
 * {"value", "name" (countries, when the gazetteer can be read), "count"}.
 * A new reference. */
json_t *nx_facet_json(const xap_result *r, size_t fi, const nx_field_t *f, nx_lookup_t *lk);

#endif
