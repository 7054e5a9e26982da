/* search.c - one newssearch operation on the index: the search (pages of
 * hits, facets, the spelling suggestion), the export, or --info, each
 * printed into the spool of one attempt of xap_db_read. */
#include "search.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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
    nx_error_t *e;
    int failed; /* a hit could not be made (e) */
} export_t;

/* Print one document of the index: stored fields only. */
static int export_doc(void *ctx, uint32_t docid, const char *data, size_t len, const char *val,
                      size_t vlen)
{
    export_t *x = ctx;
    xap_hit_t h = {docid, 0, 0, data, len, 0, val, vlen};
    nx_hit_opts_t o = *x->ho;
    o.snippets = 0;
    json_t *hit = nx_hit_json(&o, NULL, &h, 0, 0, x->e);
    if (!hit) {
        x->failed = 1;
        return 1;
    }
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
    export_t x = {pr, ho, e, 0};
    nx_print_begin(pr, h);
    st = xap_db_alldocs_value(db, NX_SLOT_CLUSTER, export_doc, &x, e);
    if (!st && x.failed)
        st = e->code ? e->code : NX_E_INTERNAL;
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

/* The near-duplicate clusters among q's matches, and the documents in
 * them (counted in the matcher). */
static nx_status_t count_clusters(xap_db *db, const xap_query *q, uint32_t *clusters,
                                  uint32_t *clustered, nx_error_t *e)
{
    xap_count_spec_t spec = {NX_SLOT_CLUSTER, 0, 0, 0, 0};
    xap_counts *c = NULL;
    uint32_t n;
    *clusters = *clustered = 0;
    nx_status_t st = xap_count_values(db, q, &spec, &c, &n, e);
    for (size_t i = 0; !st && i < xap_counts_size(c); i++) {
        const char *key;
        size_t len;
        uint32_t k;
        xap_counts_get(c, i, &key, &len, &k);
        if (len) {
            ++*clusters;
            *clustered += k;
        }
    }
    xap_counts_free(c);
    return st;
}

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
    uint32_t clusters = 0, clustered = 0;
    if ((st = count_clusters(db, all, &clusters, &clustered, e))) {
        json_decref(info);
        goto out;
    }
    json_object_set_new(info, "clusters", json_integer(clusters));
    json_object_set_new(info, "clustered", json_integer(clustered));
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

/* One hit a story (collapsed on the cluster), facets counting stories,
 * and each hit's cluster value, as o asks. Counting stories takes a match
 * spy of ours, which a remote shard's xapian-tcpsrv cannot run: over
 * remote shards the facets count articles (--count-by story given is
 * refused there, with the reports that need spies of ours). */
static void stories(const nx_request_t *o, xap_db *db, xap_search_t *s)
{
    s->collapse = !o->no_collapse;
    s->collapse_slot = NX_SLOT_CLUSTER;
    s->facet_once = !o->count_articles && !xap_db_remote(db);
    s->facet_once_slot = NX_SLOT_CLUSTER;
    s->keep_value = 1;
    s->value_slot = NX_SLOT_CLUSTER;
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
    stories(o, db, &s);
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

/* ---- about one article: --similar, --dups, --timeline-of ---- */

#define SIMILAR_TERMS 40 /* terms of the relevance feedback (Xapian's ESet) */
#define STORY_MAX 50     /* --timeline-of: the most similar articles of the window */
#define STORY_SHOWN 10000 /* --dups, --timeline-of: lines at most (not --limit) */

/* The article of id: its docid, its cluster value (cid, "" for none) and
 * its date slot value (date, "" for none). NX_E_QUERY when no document
 * has that id. */
static nx_status_t find_article(xap_db *db, const char *id, xap_query **idq, char cid[17],
                                char date[16], nx_error_t *e)
{
    char *term = nx_field_term(&nx_fields[NX_F_ID], id);
    uint32_t docid = 0;
    nx_status_t st = term ? NX_OK : nx_error_set(e, NX_E_NOMEM, "out of memory");
    if (!st)
        st = xap_db_find_term(db, term, &docid, e);
    if (!st && !docid)
        st = nx_error_set(e, NX_E_QUERY, "no article has the id '%s' (the ids are what the "
                                         "hits show as id)", id);
    if (!st)
        st = xap_query_term(term, idq, e);
    free(term);
    char *v = NULL;
    size_t len = 0;
    cid[0] = date[0] = '\0';
    if (!st && !(st = xap_db_get_value(db, docid, NX_SLOT_CLUSTER, &v, &len, e)))
        snprintf(cid, 17, "%.*s", (int)(len < 16 ? len : 16), v);
    free(v);
    v = NULL;
    if (!st && !(st = xap_db_get_value(db, docid, (unsigned)nx_fields[NX_F_DATE].slot, &v, &len,
                                       e)))
        snprintf(date, 16, "%.*s", (int)(len < 14 ? len : 14), v);
    free(v);
    return st;
}

/* The first (end: last) second of the day days after date's
 * ("YYYYMMDDhhmmss"; days may be negative). */
static void shift_days(const char *date, long days, int end, char out[16])
{
    struct tm tm = {0};
    sscanf(date, "%4d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += (int)days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    snprintf(out, 16, "%04u%02u%02u%s", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             end ? "235959" : "000000");
}

/* Print the hits of s (one page of at most s->limit), each marked in
 * "story" with what it is to the article: "self", "copy" (its cluster),
 * or "related"; the earliest of them all, "first". */
static nx_status_t print_story(const nx_request_t *o, xap_db *db, nx_printer_t *pr,
                               const nx_hit_opts_t *ho, xap_search_t *s, const char *cid,
                               int mark, int *matched, nx_error_t *e)
{
    xap_result *r = NULL;
    nx_status_t st = xap_search(db, s, &r, e);
    if (st)
        return st;
    size_t n = xap_result_size(r);
    json_t *h = header(o->story_id, xap_result_total(r), 0, (uint32_t)n);
    json_object_set_new(h, "article", json_string(o->story_id));
    nx_print_begin(pr, h);
    for (size_t i = 0; i < n; i++) {
        xap_hit_t hit;
        json_t *j = NULL;
        if ((st = xap_result_hit(r, i, &hit, e)) || !(j = nx_hit_json(ho, r, &hit, (long)i + 1,
                                                                     1, e))) {
            if (!st)
                st = e->code ? e->code : NX_E_INTERNAL;
            break;
        }
        if (mark) {
            const char *id = json_string_value(json_object_get(j, "id"));
            const char *c = json_string_value(json_object_get(j, "cluster"));
            const char *what = id && strcmp(id, o->story_id) == 0 ? "self"
                               : *cid && c && strcmp(c, cid) == 0 ? "copy"
                                                                  : "related";
            json_object_set_new(j, "story", json_string(what));
            if (i == 0)
                json_object_set_new(j, "first", json_true());
        }
        nx_print_hit(pr, j);
        json_decref(j);
    }
    nx_print_end(pr, h);
    xap_result_free(r);
    if (!st)
        *matched = n > 0;
    return st;
}

/* --similar: the articles most like it (Xapian's relevance feedback: the
 * ESet of the article as the RSet, the article itself left out), one a
 * story unless --no-collapse. --dups: its cluster, oldest first.
 * --timeline-of: its cluster and the STORY_MAX articles most like it
 * within --days of its date, oldest first, one line each. The query and
 * filters, when given, narrow what is shown. */
static nx_status_t run_story(const nx_request_t *o, xap_db *db, nx_lookup_t *lk,
                             nx_printer_t *pr, const nx_hit_opts_t *ho, int *matched,
                             nx_error_t *e)
{
    xap_qp *qp = NULL;
    xap_query *idq = NULL, *narrow = NULL, *q = NULL, *t = NULL, *cl = NULL;
    char cid[17], date[16];
    nx_status_t st = find_article(db, o->story_id, &idq, cid, date, e);
    if (!st && (*o->query || nx_filters_any(&o->filters)) &&
        !(st = nx_query_parser(db, lk, &o->limits, &qp, e)))
        st = nx_query_build(qp, lk, o->query, &o->filters, o->any ? XAP_QP_DEFAULT_OR : 0,
                            &narrow, NULL, e);
    if (st)
        goto out;
    xap_search_t s = {.limit = o->limit, .exact = 1, .rset_terms = SIMILAR_TERMS};
    stories(o, db, &s);
    s.facet_once = 0;
    if (o->story == NX_STORY_SIMILAR) {
        s.rset_of = idq;
        s.query = narrow; /* the expansion is the query; narrow filters it */
        st = print_story(o, db, pr, ho, &s, cid, 0, matched, e);
        goto out;
    }
    /* Its cluster: the value range of its cluster id, or the article alone. */
    if (*cid)
        st = xap_query_value_range(NX_SLOT_CLUSTER, cid, cid, &cl, e);
    else
        st = xap_query_combine(XAP_OP_OR, idq, idq, &cl, e);
    if (st)
        goto out;
    q = cl;
    s.collapse = 0;
    s.limit = STORY_SHOWN;
    s.sort = XAP_SORT_VALUE_ASC;
    s.sort_slot = (unsigned)nx_fields[NX_F_DATE].slot;
    if (o->story == NX_STORY_TIMELINE && *date) {
        /* The related articles of the window: the best STORY_MAX of the
         * relevance feedback, then the cluster with them, by date. */
        char lo[16], hi[16];
        shift_days(date, -(long)o->days, 0, lo);
        shift_days(date, (long)o->days, 1, hi);
        xap_query *win = NULL;
        xap_result *r = NULL;
        if ((st = xap_query_value_range((unsigned)nx_fields[NX_F_DATE].slot, lo, hi, &win, e)))
            goto out;
        xap_search_t f = {.rset_of = idq, .rset_terms = SIMILAR_TERMS, .limit = STORY_MAX,
                          .query = win};
        st = xap_search(db, &f, &r, e);
        for (size_t i = 0; !st && i < xap_result_size(r); i++) {
            xap_hit_t hit;
            if ((st = xap_result_hit(r, i, &hit, e)))
                break;
            json_t *j = nx_hit_json(&(nx_hit_opts_t){0}, NULL, &hit, 0, 0, e);
            const char *id = json_string_value(json_object_get(j, "id"));
            char *term = id ? nx_field_term(&nx_fields[NX_F_ID], id) : NULL;
            xap_query *one = NULL, *both = NULL;
            if (term && !(st = xap_query_term(term, &one, e)) &&
                !(st = xap_query_combine(XAP_OP_OR, q, one, &both, e))) {
                if (q != cl)
                    xap_query_free(q);
                q = both;
            }
            xap_query_free(one);
            free(term);
            json_decref(j);
        }
        xap_result_free(r);
        if (!st)
            st = xap_query_combine(XAP_OP_FILTER, q, win, &t, e);
        xap_query_free(win);
        if (st)
            goto out;
        if (q != cl)
            xap_query_free(q);
        q = t;
        t = NULL;
    }
    if (narrow && !(st = xap_query_combine(XAP_OP_FILTER, q, narrow, &t, e))) {
        if (q != cl)
            xap_query_free(q);
        q = t;
        t = NULL;
    }
    s.query = q;
    if (!st)
        st = print_story(o, db, pr, ho, &s, cid, 1, matched, e);
out:
    xap_query_free(t);
    if (q != cl)
        xap_query_free(q);
    xap_query_free(cl);
    xap_query_free(narrow);
    xap_query_free(idq);
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
    if (xap_db_remote(db) && o->count_stories_asked)
        return nx_error_set(e, NX_E_INVALID,
                            "--count-by story cannot run over remote shards (it counts in the "
                            "matcher with its own match spy): use --count-by article, or give "
                            "the shards as local indexes");
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
    json_t *clusters = json_object();
    nx_hit_opts_t ho = {o->snippets, o->snippet_len, pr.hi_start, pr.hi_end, &roots, o->text,
                        db, clusters};
    /* The data files stay loaded from one attempt to the next (loading
     * the gazetteer takes longer than the writer takes to commit twice). */
    run->lk.db = db;
    unsigned qflags = o->any ? XAP_QP_DEFAULT_OR : 0;
    st = o->info ? run_info(o, &run->shards, db, &run->lk, &pr, &roots, &run->res->matched, e)
         : o->report.kind
             ? run_report(&o->report, o->query, o->shown, &o->filters, qflags, &o->limits, db,
                          &run->lk, &pr, &ho, &run->res->matched, e)
             : o->story ? run_story(o, db, &run->lk, &pr, &ho, &run->res->matched, e)
             : run_search(o, db, &run->lk, &pr, &ho, &run->res->matched, e);
    run->lk.db = NULL;
    json_decref(clusters);
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
