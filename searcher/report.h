/* report.h - newssearch's reports on the matches as a whole rather than
 * a page of them: --timeline (counts per day, week, month or year, beside
 * the counts of the same scope without the words), --coverage (each
 * source's first and last article, rate and gaps) and --top-terms (the
 * words most characteristic of the matches). Every count is made in the
 * matcher (xap_count_values, xap_top_terms): no document is read. */
#ifndef NEWSINDEX_SEARCHER_REPORT_H
#define NEWSINDEX_SEARCHER_REPORT_H

#include <stdint.h>

#include "newsindex/schema.h"
#include "newsindex/status.h"
#include "newsindex/xap.h"
#include "hits.h"
#include "print/print.h"
#include "query.h"

typedef enum {
    NX_REPORT_NONE = 0, /* a search */
    NX_REPORT_TIMELINE,
    NX_REPORT_COVERAGE,
    NX_REPORT_TOP_TERMS,
    NX_REPORT_NEW,      /* --saved NAME --new: the matches not reported before */
    NX_REPORT_LIST      /* --list-saved */
} nx_report_kind_t;

typedef enum { NX_IV_DAY, NX_IV_WEEK, NX_IV_MONTH, NX_IV_YEAR } nx_interval_t;

#define NX_BY_TOP_DEFAULT 5    /* --by FIELD: series shown besides "other" */
#define NX_TOP_TERMS_SAMPLE 1000 /* --top-terms: matches sampled */

typedef struct {
    nx_report_kind_t kind;
    nx_interval_t interval;   /* --timeline */
    const nx_field_t *by;     /* --by: source, country or topic; NULL: one series */
    unsigned by_top;          /* series besides "other" */
    unsigned top_terms;       /* --top-terms N */
    struct nx_saved *saved;   /* --saved NAME --new, --list-saved (saved.h) */
    xap_sort_t sort;          /* --new: the order of the new hits */
    unsigned sort_slot;       /* and the slot it sorts by */
} nx_report_req_t;

/* "day", "week", "month", "year" into *iv; -1 for anything else. */
int nx_interval_parse(const char *s, nx_interval_t *iv);
const char *nx_interval_name(nx_interval_t iv);

/* "source", "country" or "topic", optionally ":N" (series besides
 * "other"), into r->by and r->by_top; -1 for anything else. */
int nx_report_by_parse(const char *s, nx_report_req_t *r);

/* ---- what the reports share (report.c) ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t nx_days_from_civil(int y, unsigned m, unsigned d);
void nx_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* The day of "YYYYMMDD..." (at least 8 digits) into *days; -1 if not a
 * date. */
int nx_day_of_value(const char *v, size_t len, int64_t *days);
/* "YYYY-MM-DD" of a day, into buf[11]. */
void nx_day_label(int64_t days, char buf[11]);

/* The three reports (timeline.c, coverage.c, terms.c); q is the query,
 * scope its filters alone (xap_query_scope). */
nx_status_t nx_timeline_run(const nx_report_req_t *r, const char *text, xap_db *db,
                            const xap_query *q, const xap_query *scope, nx_lookup_t *lk,
                            nx_printer_t *pr, int *matched, nx_error_t *e);
nx_status_t nx_coverage_run(const nx_report_req_t *r, const char *text, xap_db *db,
                            const xap_query *q, nx_printer_t *pr, int *matched,
                            nx_error_t *e);
nx_status_t nx_terms_run(const nx_report_req_t *r, const char *text, xap_db *db, xap_qp *qp,
                         const xap_query *q, nx_printer_t *pr, int *matched, nx_error_t *e);

/* --saved NAME --new (saved.c): every match of q whose id r->saved has
 * not reported, printed as a search's hits in r->sort order. */
nx_status_t nx_saved_run_new(const nx_report_req_t *r, const char *text, xap_db *db,
                             const xap_query *q, nx_printer_t *pr, const nx_hit_opts_t *ho,
                             int *matched, nx_error_t *e);

#endif
