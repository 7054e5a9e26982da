/* search.h - what newssearch does, apart from its command line: a search,
 * the export of the whole index, or --info, each run whole inside the
 * shim's retry policy (xap_db_read) and printed through the printer. */
#ifndef NEWSINDEX_SEARCHER_SEARCH_H
#define NEWSINDEX_SEARCHER_SEARCH_H

#include <stdio.h>

#include "facets.h"
#include "newsindex/status.h"
#include "newsindex/xap.h"
#include "print/print.h"
#include "query.h"
#include "report.h"

/* About one article (its id in story_id). */
typedef enum {
    NX_STORY_NONE = 0,
    NX_STORY_SIMILAR,  /* --similar: the articles most like it (relevance feedback) */
    NX_STORY_DUPS,     /* --dups: its near-duplicate cluster, in date order */
    NX_STORY_TIMELINE  /* --timeline-of: its story, in date order, over --days */
} nx_story_t;
#define NX_STORY_DAYS 7 /* --days by default */

/* What to do (from the command line). */
#define NX_MAX_DBS 64 /* --db arguments at most */

typedef struct {
    const char *db_path;  /* the first --db (named in messages, keys the saved searches) */
    const char *dbs[NX_MAX_DBS]; /* every --db: indexes, stub files, directories of shards
                                  * (shards.h), searched as one */
    size_t ndbs;
    unsigned timeout_ms;  /* remote shards: connecting and each read (--timeout) */
    int allow_partial;    /* --allow-partial: leave out shards that do not answer */
    const char *query; /* the query text, valid UTF-8 ("" for none) */
    const char *shown; /* the query the output shows ("query"): nx_query_shown's, or the
                        * text alone under --format-version=1 */
    unsigned limit, offset;
    int any;        /* words ORed */
    int strict;     /* no relaxing: every word required even when none has them all */
    int text;       /* each hit's stored text (json, jsonl) */
    int count_only; /* --count */
    int all;        /* every match; with no query, filter or facet: the export */
    int info;       /* --info */
    int spelling;   /* suggest a spelling */
    int snippets;
    size_t snippet_len;
    xap_sort_t sort;
    unsigned sort_slot; /* the slot of --sort FIELD */
    const nx_field_t *facets[NX_MAX_FACETS]; /* --facets, parsed (not with --info) */
    size_t nfacets;
    nx_filters_t filters;
    nx_query_limits_t limits;
    nx_report_req_t report; /* --timeline, --coverage, --top-terms: a report, not hits */
    int no_collapse;   /* --no-collapse: every near-duplicate its own hit */
    int count_articles; /* --count-by article: facets count articles, not stories */
    int count_stories_asked; /* --count-by story given (refused over remote shards) */
    nx_story_t story;  /* --similar, --dups, --timeline-of: about one article */
    const char *story_id; /* its id */
    unsigned days;     /* --timeline-of's window: this many days either side */
} nx_request_t;

typedef struct {
    int matched; /* something matched (--info: always) */
    int opened;  /* an index was opened: a later NX_E_NO_INDEX is not "no index here" */
    size_t shards;      /* the databases searched as one */
    char skipped[1024]; /* --allow-partial: the shards left out, "NAME (REASON); ..." */
} nx_outcome_t;

/* Do req on the indexes of req->dbs (one database: shards.h), printing through a printer with
 * the settings of pr (format, colour, highlights, tty) to out. The whole
 * operation (the schema check, the query, the search or --info, the
 * printing) is one attempt of xap_db_read: when a writer's commit or
 * rebuild spoils it, it is done again, whole, on a fresh open, and only
 * the output of the attempt that succeeds is printed (each attempt writes
 * to its own spool). On failure nothing is printed, and err says why:
 * NX_E_SYNTAX (the query does not parse), NX_E_QUERY (a field's value),
 * NX_E_VERSION, NX_E_NO_INDEX, NX_E_NETWORK (a remote shard did not
 * answer: its name first in the message), NX_E_INVALID (a bad stub file,
 * or a report that cannot run over remote shards), an index or output
 * error. */
nx_status_t nx_search_run(const nx_request_t *req, const nx_printer_t *pr, FILE *out,
                          nx_outcome_t *res, nx_error_t *err);

#endif
