/* prune.c - documents whose files are gone: found by their file terms
 * (the files of a root or folder are the terms with its prefix), weighed
 * against the shrink guard before anything is written, then removed. */
#include "pipeline/pipeline.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/schema.h"
#include "newsindex/text.h"

typedef struct {
    run_t *r;
    const char *exact; /* a file target: only this term */
} gone_t;

static int is_kept(const run_t *r, const char *term)
{
    for (size_t i = 0; i < r->nkept; i++) {
        size_t n = strlen(r->kept[i]);
        if (strncmp(term, r->kept[i], n) == 0)
            return 1;
    }
    return 0;
}

static int on_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    gone_t *g = ctx;
    run_t *r = g->r;
    char *t = nx_strndup(term, len);
    if (!t)
        abort();
    if ((g->exact && strcmp(t, g->exact) != 0) ||
        nx_has_str(r->seen, r->nseen, t) ||
        is_kept(r, t)) {
        free(t);
        return 0;
    }
    r->gone = nx_xrealloc(r->gone, (r->ngone + 1) * sizeof *r->gone);
    r->gone[r->ngone++] = t;
    r->gone_docs += freq;
    return 0;
}

/* Gather the unseen file terms under prefix ("XFbbc/"); exact: a file. */
static nx_status_t gather(run_t *r, const char *id_prefix, int exact)
{
    nx_buf_t b = {0};
    nx_buf_printf(&b, "%s%s", NX_PREFIX_FILE, id_prefix);
    char *scope = nx_buf_steal(&b);
    if (!scope)
        return nx_error_set(r->err, NX_E_NOMEM, "out of memory");
    gone_t g = {r, exact ? scope : NULL};
    nx_error_t e;
    nx_status_t s = xap_db_allterms(r->db, scope, on_term, &g, &e);
    free(scope);
    if (s)
        return nx_error_set(r->err, s, "%s", e.msg);
    return NX_OK;
}

nx_status_t nx_prune_plan(run_t *r)
{
    const nx_index_config_t *cfg = r->cfg;
    nx_status_t s = NX_OK;
    for (size_t i = 0; cfg->prune && i < r->plan.nt && !s; i++)
        s = gather(r, r->plan.t[i].prefix, r->plan.t[i].is_file);
    /* A forgotten root goes whole, whatever is on disk. */
    size_t nseen = r->nseen;
    r->nseen = 0;
    for (size_t i = 0; i < r->plan.nforgotten && !s; i++) {
        nx_buf_t b = {0};
        nx_buf_printf(&b, "%s/", r->plan.forgotten[i]);
        char *p = nx_buf_steal(&b);
        if (!p)
            s = nx_error_set(r->err, NX_E_NOMEM, "out of memory");
        else if (!(s = gather(r, p, 0)))
            s = gather(r, r->plan.forgotten[i], 1);
        free(p);
    }
    r->nseen = nseen;
    if (s)
        return s;
    nx_sort_strs(r->gone, r->ngone);
    uint64_t before = r->prog->docs_before;
    if (!cfg->allow_shrink && r->gone_docs > NX_SHRINK_MIN &&
        r->gone_docs * 100 > before * NX_SHRINK_PERCENT) {
        r->prog->would_remove = r->gone_docs;
        return nx_error_set(
            r->err, NX_E_INVALID,
            "this run would remove %" PRIu64 " of the %" PRIu64 " documents (more than %d%%) "
            "%s: nothing was changed; if they are meant to go, run again with --allow-shrink",
            r->gone_docs, before, NX_SHRINK_PERCENT,
            r->plan.nforgotten ? "with the forgotten roots"
                               : "because their files are not found where the index had them");
    }
    return NX_OK;
}

nx_status_t nx_prune(run_t *r)
{
    if (r->ngone == 0)
        return NX_OK;
    nx_error_t e;
    nx_status_t s = xap_db_begin(r->db, &e);
    for (size_t i = 0; i < r->ngone && !s; i++) {
        uint32_t before = 0, after = 0;
        s = xap_db_doccount(r->db, &before, &e);
        if (!s)
            s = xap_db_delete(r->db, r->gone[i], &e);
        if (!s)
            s = xap_db_doccount(r->db, &after, &e);
        if (!s) {
            r->prog->removed += before - after;
            /* The term holds the id (cut and hashed when very long). */
            nx_report_did(r, r->gone[i] + strlen(NX_PREFIX_FILE), NX_DID_REMOVE, before - after);
        }
    }
    if (!s)
        s = xap_db_commit(r->db, &e);
    if (s) {
        nx_error_t ignore;
        xap_db_cancel(r->db, &ignore);
        r->prog->removed = 0;
        return nx_error_set(r->err, s, "%s", e.msg);
    }
    return NX_OK;
}
