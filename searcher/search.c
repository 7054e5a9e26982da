/* search.c - one newssearch operation on the index: the search (pages of
 * hits, facets, the spelling suggestion), the export, or --info, each
 * printed into the spool of one attempt of xap_db_read. */
#include "search.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hits.h"
#include "newsindex/schema.h"
#include "newsindex/text.h"
#include "shards.h"
#include "spool.h"

#define PAGE 1000 /* hits fetched per page when printing many */

/* ---- export of the whole index ---- */

typedef struct {
    nx_printer_t *pr;
    const nx_hit_opts_t *ho;
} export_t;

/* Print one document of the index: stored fields only. */
static int export_doc(void *ctx, uint32_t docid, const char *data, size_t len)
{
    const export_t *x = ctx;
    xap_hit_t h = {docid, 0, 0, data, len};
    nx_hit_opts_t o = *x->ho;
    o.snippets = 0;
    json_t *hit = nx_hit_json(&o, NULL, &h, 0, 0, NULL);
    nx_print_hit(x->pr, hit);
    json_decref(hit);
    return 0;
}

/* The header of a search's output. */
static json_t *header(const char *query, uint32_t total, unsigned offset, uint32_t shown)
{
    json_t *h = json_object();
    json_object_set_new(h, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(h, "query", json_string(query));
    json_object_set_new(h, "total", json_integer(total));
    json_object_set_new(h, "total_exact", json_true());
    json_object_set_new(h, "offset", json_integer(offset));
    json_object_set_new(h, "shown", json_integer(shown));
    return h;
}

/* The whole index, streamed in docid order: the export. It reads one
 * revision start to end, into the attempt's spool; when a writer's commit
 * discards that revision midway, xap_db_alldocs fails with NX_E_MODIFIED,
 * the spool is thrown away and the export starts again at the first
 * document of the latest revision (after newsindex --full, of the new
 * index: its docids are not the old ones). Nothing is printed before the
 * whole export has been read, so it never holds a document twice or
 * documents of two revisions. */
static nx_status_t run_export(xap_db *db, nx_printer_t *pr, const nx_hit_opts_t *ho,
                              int *matched, nx_error_t *e)
{
    uint32_t n = 0;
    nx_status_t st = xap_db_doccount(db, &n, e);
    if (st)
        return st;
    json_t *h = header("", n, 0, n);
    export_t x = {pr, ho};
    nx_print_begin(pr, h);
    st = xap_db_alldocs(db, export_doc, &x, e);
    nx_print_end(pr, h);
    if (!st)
        *matched = n > 0;
    return st;
}

/* ---- --info ---- */

static long long dir_bytes(const char *path)
{
    long long total = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            total += (long long)st.st_blocks * 512;
    }
    closedir(d);
    return total;
}

/* "YYYY-MM-DD" of a date slot value, or null. */
static json_t *day_of(const char *v)
{
    char day[11];
    if (!v || strlen(v) < 8)
        return json_null();
    snprintf(day, sizeof day, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
    return json_string(day);
}

static json_t *roots_json(const nx_roots_t *roots)
{
    json_t *arr = json_array();
    for (size_t i = 0; roots && i < roots->n; i++) {
        char *shown = nx_escape_name(roots->v[i].path);
        json_array_append_new(arr, json_pack("{s:s,s:s}", "label", roots->v[i].label, "path",
                                             shown ? shown : ""));
        free(shown);
    }
    return arr;
}

#define INFO_TOP 10 /* values of each facet in --info */

/* --info; with --facets (o->facets), every value of those facets in
 * "values" instead of their top ten. */
static nx_status_t run_info(const nx_request_t *o, const nx_shards_t *sh, xap_db *db,
                            nx_lookup_t *lk, nx_printer_t *pr, const nx_roots_t *roots,
                            int *matched, nx_error_t *e)
{
    uint32_t n = 0;
    char *lo = NULL, *hi = NULL, *updated = NULL, *schema = NULL;
    xap_query *all = NULL;
    xap_result *r = NULL;
    nx_status_t st;
    const nx_field_t *facets[NX_MAX_FACETS];
    size_t nf = nx_facets_all(facets);
    xap_facet_spec_t specs[NX_MAX_FACETS];
    nx_facets_specs(facets, nf, specs);
    if ((st = xap_db_doccount(db, &n, e)) ||
        (st = xap_db_value_bounds(db, (unsigned)nx_fields[NX_F_DATE].slot, &lo, &hi, e)) ||
        (st = xap_db_get_metadata(db, NX_META_UPDATED, &updated, e)) ||
        (st = xap_db_get_metadata(db, NX_META_SCHEMA, &schema, e)) ||
        (st = xap_query_match_all(&all, e)))
        goto out;
    xap_search_t s = {.query = all, .exact = 1, .facets = specs, .nfacets = nf};
    if ((st = xap_search(db, &s, &r, e)))
        goto out;
    json_t *info = json_object();
    json_object_set_new(info, "format_version", json_integer(NX_FORMAT_VERSION));
    nx_buf_t idx = {0}; /* the --db arguments, joined */
    for (size_t i = 0; i < o->ndbs; i++) {
        if (i)
            nx_buf_puts(&idx, ", ");
        nx_buf_puts(&idx, o->dbs[i]);
    }
    char *idxs = nx_buf_steal(&idx);
    json_object_set_new(info, "index", json_string(idxs ? idxs : o->db_path));
    free(idxs);
    json_object_set_new(info, "documents", json_integer(n));
    json_object_set_new(info, "first_date", day_of(lo));
    json_object_set_new(info, "last_date", day_of(hi));
    long long bytes = 0; /* of the local shards */
    for (size_t i = 0; i < sh->n; i++)
        if (sh->v[i].path)
            bytes += dir_bytes(sh->v[i].path);
    json_object_set_new(info, "bytes", json_integer(bytes));
    json_object_set_new(info, "shards", json_integer((json_int_t)sh->n));
    json_object_set_new(info, "updated", *updated ? json_string(updated) : json_null());
    json_object_set_new(info, "schema", json_integer(atoi(schema)));
    json_object_set_new(info, "xapian", json_string(xap_version()));
    json_object_set_new(info, "roots", roots_json(roots));
    json_t *top = json_object(), *values = o->nfacets ? json_object() : NULL;
    for (size_t i = 0; i < nf; i++) {
        json_t *arr = nx_facet_json(r, i, facets[i], lk);
        int every = 0;
        for (size_t k = 0; k < o->nfacets; k++)
            every |= o->facets[k] == facets[i];
        while (!every && json_array_size(arr) > INFO_TOP)
            json_array_remove(arr, json_array_size(arr) - 1);
        json_object_set_new(every ? values : top, facets[i]->name, arr);
    }
    json_object_set_new(info, "top", top);
    if (values)
        json_object_set_new(info, "values", values);
    nx_print_info(pr, info);
    json_decref(info);
    *matched = 1;
out:
    xap_result_free(r);
    xap_query_free(all);
    free(lo);
    free(hi);
    free(updated);
    free(schema);
    return st;
}

/* ---- the search ---- */

/* *n: matches of another query text with the same filters (0 when that
 * text does not parse or a value is rejected). An error of the index is
 * returned. */
static nx_status_t count_matches(xap_db *db, xap_qp *qp, nx_lookup_t *lk, const char *text,
                                 const nx_filters_t *f, unsigned qflags, uint32_t *n,
                                 nx_error_t *e)
{
    xap_query *q = NULL;
    *n = 0;
    nx_status_t st =
        nx_query_build(qp, lk, text, f, qflags & ~(unsigned)XAP_QP_SPELLING, &q, NULL, e);
    if (st == NX_E_QUERY || st == NX_E_SYNTAX || st == NX_E_LIMIT)
        return NX_OK;
    if (st)
        return st;
    st = xap_count(db, q, n, e);
    xap_query_free(q);
    return st == NX_E_LIMIT ? NX_OK : st;
}

/* The search, printed to pr. Every page is read from db's one revision;
 * a failure (e) leaves half an output behind, which the caller throws
 * away (see attempt). */
static nx_status_t run_search(const nx_request_t *o, xap_db *db, nx_lookup_t *lk,
                              nx_printer_t *pr, const nx_hit_opts_t *ho, int *matched,
                              nx_error_t *e)
{
    xap_qp *qp = NULL;
    xap_query *q = NULL;
    xap_result *r = NULL;
    char *corrected = NULL;
    nx_status_t st;
    if ((st = nx_query_parser(db, lk, &o->limits, &qp, e)))
        goto out;
    unsigned qflags = (o->any ? XAP_QP_DEFAULT_OR : 0) | (o->spelling ? XAP_QP_SPELLING : 0);
    if ((st = nx_query_build(qp, lk, o->query, &o->filters, qflags, &q, &corrected, e)))
        goto out;
    if (o->all && !*o->query && !nx_filters_any(&o->filters) && o->sort == XAP_SORT_RELEVANCE &&
        !o->nfacets && !o->count_only) {
        st = run_export(db, pr, ho, matched, e);
        goto out;
    }
    xap_facet_spec_t specs[NX_MAX_FACETS];
    nx_facets_specs(o->facets, o->nfacets, specs);
    unsigned want = o->all ? 0xFFFFFFFFu : o->limit;
    unsigned first_page = want < PAGE ? want : PAGE;
    if (o->count_only)
        first_page = 0;
    const double bm25[2] = {o->limits.bm25_k1, o->limits.bm25_b};
    xap_search_t s = {.query = q,         .offset = o->offset,   .limit = first_page,
                      .sort = o->sort,    .sort_slot = o->sort_slot, .exact = 1,
                      .facets = specs,    .nfacets = o->nfacets, .bm25 = bm25};
    if ((st = xap_search(db, &s, &r, e)))
        goto out;
    uint32_t total = xap_result_total(r);
    /* Every word required and no document has them all: the words ORed,
     * BM25 ranking first those with most of them (and the rarest), and
     * said so. Not for --count (a count answers the question as asked),
     * --any or --strict. */
    int relaxed = 0;
    if (total == 0 && !o->any && !o->strict && !o->count_only && *o->query) {
        xap_query *q2 = NULL;
        xap_result *r2 = NULL;
        if ((st = nx_query_build(qp, lk, o->query, &o->filters, qflags | XAP_QP_DEFAULT_OR, &q2,
                                 NULL, e)))
            goto out;
        s.query = q2;
        if ((st = xap_search(db, &s, &r2, e))) {
            xap_query_free(q2);
            goto out;
        }
        if (xap_result_total(r2) > 0) {
            xap_result_free(r);
            xap_query_free(q);
            r = r2;
            q = q2;
            total = xap_result_total(r);
            relaxed = 1;
        } else {
            xap_result_free(r2);
            xap_query_free(q2);
            s.query = q;
        }
    }
    if (o->count_only) {
        nx_print_count(pr, o->shown, total);
        *matched = total > 0;
        goto out;
    }
    /* Suggest a spelling when the query finds little and the corrected
     * query would find more. */
    uint32_t ncorrected = 0;
    if (corrected && *corrected && total < 5 &&
        (st = count_matches(db, qp, lk, corrected, &o->filters, qflags, &ncorrected, e)))
        goto out;
    uint32_t avail = total > o->offset ? total - o->offset : 0;
    json_t *h = header(o->shown, total, o->offset, avail < want ? avail : want);
    if (ncorrected > total)
        json_object_set_new(h, "spelling", json_string(corrected));
    if (relaxed)
        json_object_set_new(h, "relaxed", json_true());
    if (o->nfacets) {
        json_t *facets = json_object();
        for (size_t i = 0; i < o->nfacets; i++)
            json_object_set_new(facets, o->facets[i]->name, nx_facet_json(r, i, o->facets[i], lk));
        json_object_set_new(h, "facets", facets);
    }
    nx_print_begin(pr, h);
    long rank = o->offset;
    unsigned printed = 0;
    for (;;) {
        size_t n = xap_result_size(r);
        for (size_t i = 0; i < n && printed < want; i++, printed++) {
            xap_hit_t hit;
            json_t *j = NULL;
            if ((st = xap_result_hit(r, i, &hit, e)) ||
                !(j = nx_hit_json(ho, r, &hit, ++rank, 1, e))) {
                if (!st)
                    st = e->code ? e->code : NX_E_INTERNAL;
                break;
            }
            nx_print_hit(pr, j);
            json_decref(j);
        }
        if (st || printed >= want || n < s.limit || n == 0)
            break;
        /* Next page, of the same revision (db is not reopened: a page
         * that fails fails the whole search); facets and exact counts
         * were done on the first. */
        xap_result_free(r);
        r = NULL;
        s.offset += (uint32_t)n;
        s.limit = want - printed < PAGE ? want - printed : PAGE;
        s.nfacets = 0;
        s.exact = 0;
        if ((st = xap_search(db, &s, &r, e)))
            break;
    }
    nx_print_end(pr, h);
    if (!st)
        *matched = total > 0;
out:
    free(corrected);
    xap_result_free(r);
    xap_query_free(q);
    xap_qp_free(qp);
    return st;
}

/* ---- a report (report.h: --timeline, --coverage, --top-terms, --new) ---- */

/* Report r for the query text (with filters f and query flags qflags) on
 * db, printed through pr, shown as the query shown. *matched: something matched. An error of the
 * query (NX_E_SYNTAX, NX_E_QUERY) or of the index. The reports own their
 * query: never relaxed, never spelled. */
static nx_status_t run_report(const nx_report_req_t *r, const char *text, const char *shown,
                              const nx_filters_t *f,
                              unsigned qflags, const nx_query_limits_t *lim, xap_db *db,
                              nx_lookup_t *lk, nx_printer_t *pr, const nx_hit_opts_t *ho,
                              int *matched, nx_error_t *e)
{
    xap_qp *qp = NULL;
    xap_query *q = NULL, *scope = NULL;
    nx_status_t st;
    *matched = 0;
    if ((st = nx_query_parser(db, lk, lim, &qp, e)) ||
        (st = nx_query_build(qp, lk, text, f, qflags & ~(unsigned)XAP_QP_SPELLING, &q, NULL, e)) ||
        (st = xap_query_scope(q, &scope, e)))
        goto out;
    switch (r->kind) {
    case NX_REPORT_TIMELINE: st = nx_timeline_run(r, shown, db, q, scope, lk, pr, matched, e); break;
    case NX_REPORT_COVERAGE: st = nx_coverage_run(r, shown, db, q, pr, matched, e); break;
    case NX_REPORT_TOP_TERMS: st = nx_terms_run(r, shown, db, qp, q, pr, matched, e); break;
    case NX_REPORT_NEW: st = nx_saved_run_new(r, shown, db, q, pr, ho, matched, e); break;
    case NX_REPORT_NONE:
    case NX_REPORT_LIST: st = nx_error_set(e, NX_E_INTERNAL, "no report"); break;
    }
out:
    xap_query_free(scope);
    xap_query_free(q);
    xap_qp_free(qp);
    return st;
}

/* ---- one attempt, again when a writer spoils it ---- */

typedef struct {
    const nx_request_t *req;
    nx_shards_t shards;     /* req->dbs, read */
    const nx_printer_t *pr; /* the printer's settings; each attempt has its own state */
    nx_lookup_t lk;         /* the data files, loaded once (lk.db: the attempt's index) */
    nx_spool_t spool;       /* the output of the last attempt */
    nx_outcome_t *res;
} run_t;

/* One attempt of the whole operation on db (see xap_db_read): the schema
 * check, the query (the parser reads the index: wildcards, spelling), the
 * search or --info, and the printing, into a new spool. */
static nx_status_t attempt(void *ctx, xap_db *db, nx_error_t *e)
{
    run_t *run = ctx;
    const nx_request_t *o = run->req;
    run->res->opened = 1;
    run->res->matched = 0;
    nx_spool_close(&run->spool);
    nx_status_t st = nx_spool_open(&run->spool, e);
    int version;
    if (st || (st = nx_schema_check(db, NULL, "newssearch", &version, e)))
        return st;
    snprintf(run->res->skipped, sizeof run->res->skipped, "%s", xap_db_skipped(db));
    /* The reports count with match spies of their own, which a remote
     * shard's xapian-tcpsrv cannot run (it knows Xapian's built-in ones
     * only); the facets and a --timeline without --by use the built-in
     * ValueCountMatchSpy (xap_count_values). */
    static const char *const custom[] = {[NX_REPORT_TIMELINE] = "--timeline --by",
                                         [NX_REPORT_COVERAGE] = "--coverage",
                                         [NX_REPORT_TOP_TERMS] = "--top-terms"};
    if (xap_db_remote(db) && (size_t)o->report.kind < sizeof custom / sizeof *custom &&
        custom[o->report.kind] && (o->report.kind != NX_REPORT_TIMELINE || o->report.by))
        return nx_error_set(e, NX_E_INVALID,
                            "%s cannot run over remote shards (it counts in the matcher with "
                            "its own match spy): give the shards as local indexes",
                            custom[o->report.kind]);
    char *rtext = NULL;
    nx_roots_t roots = {0};
    if ((st = xap_db_get_metadata(db, NX_META_ROOTS, &rtext, e)) ||
        (st = nx_roots_parse(rtext, strlen(rtext), &roots, e))) {
        free(rtext);
        return st;
    }
    free(rtext);
    nx_printer_t pr;
    nx_printer_copy(&pr, run->pr, run->spool.f);
    nx_hit_opts_t ho = {o->snippets, o->snippet_len, pr.hi_start, pr.hi_end, &roots, o->text};
    /* The data files stay loaded from one attempt to the next (loading
     * the gazetteer takes longer than the writer takes to commit twice). */
    run->lk.db = db;
    unsigned qflags = o->any ? XAP_QP_DEFAULT_OR : 0;
    st = o->info ? run_info(o, &run->shards, db, &run->lk, &pr, &roots, &run->res->matched, e)
         : o->report.kind
             ? run_report(&o->report, o->query, o->shown, &o->filters, qflags, &o->limits, db,
                          &run->lk, &pr, &ho, &run->res->matched, e)
             : run_search(o, db, &run->lk, &pr, &ho, &run->res->matched, e);
    run->lk.db = NULL;
    nx_roots_free(&roots);
    if (!st)
        st = nx_spool_check(&run->spool, e);
    return st;
}

nx_status_t nx_search_run(const nx_request_t *req, const nx_printer_t *pr, FILE *out,
                          nx_outcome_t *res, nx_error_t *err)
{
    run_t run;
    memset(&run, 0, sizeof run);
    memset(res, 0, sizeof *res);
    run.req = req;
    run.pr = pr;
    run.res = res;
    nx_lookup_init(&run.lk, NULL);
    /* Every read goes through xap_db_read's retry policy: a search that a
     * writer's commit or rebuild spoils is done again, whole, on a fresh
     * open; only the output of the attempt that succeeds is printed. */
    nx_status_t s = NX_OK;
    for (size_t i = 0; !s && i < req->ndbs; i++)
        s = nx_shards_add(&run.shards, req->dbs[i], err);
    if (!s && run.shards.n == 0)
        s = nx_error_set(err, NX_E_INVALID, "no index given");
    res->shards = run.shards.n;
    xap_source_t src = {run.shards.v, run.shards.n, req->timeout_ms, req->allow_partial};
    if (!s)
        s = xap_db_read_source(&src, NULL, attempt, &run, NULL, err);
    if (s == NX_OK)
        nx_spool_copy(&run.spool, out);
    else
        res->matched = 0;
    nx_spool_close(&run.spool);
    nx_lookup_free(&run.lk);
    nx_shards_free(&run.shards);
    return s;
}
