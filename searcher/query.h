/* query.h - newssearch's query language: Xapian's QueryParser with the
 * schema's query fields (nx_fields flagged NX_FIELD_QUERY), and the data
 * files their field processors need. The syntax is docs/query-syntax.md. */
#ifndef NEWSINDEX_SEARCHER_QUERY_H
#define NEWSINDEX_SEARCHER_QUERY_H

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

/* The bounds on a query (docs/query-syntax.md, "Limits"). The text's
 * length and the nesting of its parentheses are fixed; the others are
 * settable (--max-terms, --max-expansion, --wildcard-mode). Past a bound
 * a query fails with NX_E_LIMIT, its message naming the bound. */
#define NX_QUERY_MAX_BYTES 65536   /* bytes of the query text */
#define NX_QUERY_MAX_DEPTH 32      /* parentheses within parentheses */
#define NX_QUERY_MAX_TERMS 1000    /* default: terms of the parsed query */
#define NX_QUERY_MAX_WILDCARDS 32  /* wildcards in a query */
#define NX_QUERY_MAX_PHRASE 64     /* words in one phrase or NEAR group */
#define NX_QUERY_MAX_RANGES 32     /* date: ranges (value ranges) in a query */
#define NX_QUERY_MAX_EXPANSION 1000 /* default: words one wildcard may match */
/* Default weight of the title's words (xap_qp_set_title_weight): measured
 * with bench/knownitem.sh on the html x1 archive, known-item MRR@10 AND /
 * --any: 0 0.970 / 0.967, 0.25 0.989 / 0.980, 0.35 0.987 / 0.985,
 * 0.5 0.987 / 0.985, 1 0.987 / 0.983, 2 0.987 / 0.982. */
#define NX_QUERY_TITLE_WEIGHT 0.5
/* BM25's parameters: Xapian's defaults, which bench/knownitem.sh found as
 * good as any it tried (docs/DESIGN.md, "Ranking"). */
#define NX_BM25_K1 1.0
#define NX_BM25_B 0.5
/* What the parser may be asked (the bounds) and how it ranks. */
typedef struct {
    unsigned max_terms;     /* 0: no bound */
    unsigned max_expansion; /* 0: no bound */
    int most_frequent;      /* a broader wildcard keeps its most frequent words */
    double title_weight;    /* 0: the title's words weigh as the text's */
    double bm25_k1, bm25_b; /* BM25's parameters (--bm25) */
} nx_query_limits_t;
void nx_query_limits_default(nx_query_limits_t *lim);

/* A QueryParser with the schema's query fields: a text field's prefix
 * (title:), a field processor for the fields that need a data file or a
 * check (country:, topic:, source:, date:, year:), Xapian's boolean prefix
 * for any other, bounded by lim (NULL: the defaults). lk must outlive qp. */
nx_status_t nx_query_parser(xap_db *db, nx_lookup_t *lk, const nx_query_limits_t *lim,
                            xap_qp **out, nx_error_t *err);

/* Filters given as flags (each may be NULL): the same field processors as
 * country:, topic:, source:, date:FROM.., date:..UNTIL and id: (--show). */
typedef struct {
    const char *country, *topic, *source, *since, *until, *id;
} nx_filters_t;

/* The query as searched, in the query language: text, then each filter
 * as its field ("blair country:iraq date:2020.."; a value with a space
 * quoted). malloc'd; NULL on allocation failure. */
char *nx_query_shown(const char *text, const nx_filters_t *f);

/* 1 if any filter is given. */
int nx_filters_any(const nx_filters_t *f);

/* Parse text (may be "" or blank for match-all; "*" is match-all too; a
 * text of negative words only, "-blair", is every document but those) and
 * AND the filters onto it. *corrected: the spelling-corrected query, or
 * NULL. NX_E_SYNTAX when the text does not parse, NX_E_QUERY when a
 * field's value is rejected or a field is unknown or empty (err says
 * which), NX_E_LIMIT past a bound (see above), or an error of the index or
 * a data file. */
nx_status_t nx_query_build(xap_qp *qp, nx_lookup_t *lk, const char *text,
                           const nx_filters_t *f, unsigned qp_flags, xap_query **out,
                           char **corrected, nx_error_t *err);

/* A date filter value ("2021", "2021-04", "2021-04-08", "1987..1988",
 * "..2021-04", "2021-01-01..") as inclusive bounds on the date slot value
 * (14 characters + NUL each; "" for an open end). NX_E_QUERY if malformed. */
nx_status_t nx_date_bounds(const char *value, char lo[15], char hi[15], nx_error_t *err);

#endif
