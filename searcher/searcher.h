/* searcher.h - newssearch's pieces: query building and output printers. */
#ifndef NEWSINDEX_SEARCHER_H
#define NEWSINDEX_SEARCHER_H

#include <jansson.h>
#include <stdio.h>

#include "newsindex/country.h"
#include "newsindex/schema.h"
#include "newsindex/source.h"
#include "newsindex/status.h"
#include "newsindex/topic.h"
#include "newsindex/xap.h"

/* The data files the query's field processors and facet names need, each
 * loaded on its first use: a query of plain words reads none of them
 * (loading the gazetteer was 60% of the instructions of `newssearch oil`). */
typedef struct {
    nx_gazetteer_t *gazetteer;
    nx_sources_t *sources;
    nx_topics_t *topics;
    xap_db *db; /* to accept topic codes of an archive's own taxonomy */
} nx_lookup_t;

/* Start empty; db (may be NULL) is borrowed. */
void nx_lookup_init(nx_lookup_t *lk, xap_db *db);
/* The table, loaded (from nx_data_path) on first use; NULL with err naming
 * the file when it cannot be loaded. */
const nx_gazetteer_t *nx_lookup_gazetteer(nx_lookup_t *lk, nx_error_t *err);
const nx_sources_t *nx_lookup_sources(nx_lookup_t *lk, nx_error_t *err);
const nx_topics_t *nx_lookup_topics(nx_lookup_t *lk, nx_error_t *err);
void nx_lookup_free(nx_lookup_t *lk);

/* Set up a QueryParser with the schema's fields (title:, source:,
 * country:, topic:, date:, year:). lk must outlive qp. */
nx_status_t nx_query_parser(xap_db *db, nx_lookup_t *lk, xap_qp **out, nx_error_t *err);

/* Filters given as flags (each may be NULL). */
typedef struct {
    const char *country, *topic, *source, *since, *until;
} nx_filters_t;

/* Parse text (may be "" for match-all) and AND the filters onto it.
 * *corrected: the spelling-corrected query, or NULL. */
nx_status_t nx_query_build(xap_qp *qp, nx_lookup_t *lk, const char *text,
                           const nx_filters_t *f, unsigned qp_flags, xap_query **out,
                           char **corrected, nx_error_t *err);

/* A date filter value ("2021", "2021-04", "2021-04-08", "1987..1988",
 * "..2021-04", "2021-01-01..") as inclusive bounds on the date slot value
 * (14 characters + NUL each; "" for an open end). NX_E_QUERY if malformed. */
nx_status_t nx_date_bounds(const char *value, char lo[15], char hi[15], nx_error_t *err);

/* ---- output ---- */

typedef enum { FMT_TEXT, FMT_JSON, FMT_JSONL, FMT_TSV, FMT_PATHS } nx_format_t;

typedef struct {
    nx_format_t format;
    int color;          /* ANSI colours and bold highlights */
    const char *hi_start, *hi_end;
    FILE *out;
    json_t *header;     /* set by nx_print_begin (borrowed) */
    char *last_path;    /* paths format: the last path printed */
    long n;             /* hits printed so far */
    int tty;            /* standard output is a terminal: names are shown escaped */
    const nx_roots_t *roots; /* the index's roots: where each document's file is */
} nx_printer_t;

/* One hit: a JSON object with rank, score, percent, id, path, file (the
 * file's absolute path, escaped like path; file_hex: its bytes when they
 * differ), title, date, source, countries, topics, snippet (the same keys
 * in every format). */

void nx_print_begin(nx_printer_t *p, json_t *header);
void nx_print_hit(nx_printer_t *p, json_t *hit);
/* header holds query, total, total_exact, offset, limit, spelling, facets;
 * the printer owns (decrefs) it at end. */
void nx_print_end(nx_printer_t *p, json_t *header);

#endif
