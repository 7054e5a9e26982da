/* failed.c - files that could not be indexed are remembered in the index's
 * metadata (one NX_META_FAILED key each: signature and reason), and not
 * read again until they change (omindex's --retry-failed is the model):
 * the nightly run counts them as "still failing" instead of repeating
 * the same warnings. */
#include "pipeline/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "newsindex/schema.h"
#include "newsindex/text.h"

static int cmp_failed(const void *a, const void *b)
{
    return strcmp(((const failed_t *)a)->id, ((const failed_t *)b)->id);
}

static int on_key(void *ctx, const char *key, const char *val, size_t len)
{
    run_t *r = ctx;
    const char *tab = memchr(val, '\t', len);
    if (!tab)
        return 0; /* not ours to read: left as it is */
    r->failed = nx_xrealloc(r->failed, (r->nfailed + 1) * sizeof *r->failed);
    failed_t *f = &r->failed[r->nfailed++];
    f->id = nx_xstrdup(key + strlen(NX_META_FAILED));
    f->signature = nx_strndup(val, (size_t)(tab - val));
    f->reason = nx_strndup(tab + 1, len - (size_t)(tab + 1 - val));
    f->clear = 0;
    if (!f->signature || !f->reason)
        abort();
    return 0;
}

nx_status_t nx_failed_load(run_t *r)
{
    nx_error_t e;
    nx_status_t s = xap_db_metadata_keys(r->db, NX_META_FAILED, on_key, r, &e);
    if (s)
        return nx_error_set(r->err, s, "%s", e.msg);
    if (r->nfailed)
        qsort(r->failed, r->nfailed, sizeof *r->failed, cmp_failed);
    return NX_OK;
}

static failed_t *find(const run_t *r, const char *id)
{
    failed_t key = {(char *)id, NULL, NULL, 0};
    return r->nfailed ? bsearch(&key, r->failed, r->nfailed, sizeof *r->failed, cmp_failed)
                      : NULL;
}

const failed_t *nx_failed_same(const run_t *r, const char *id, const char *sig)
{
    const failed_t *f = find(r, id);
    return f && strcmp(f->signature, sig) == 0 ? f : NULL;
}

static nx_status_t set_key(xap_db *db, const char *id, const char *val, nx_error_t *err)
{
    nx_buf_t k = {0};
    nx_buf_printf(&k, "%s%s", NX_META_FAILED, id);
    char *key = nx_buf_steal(&k);
    if (!key)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_status_t s = xap_db_set_metadata(db, key, val, err); /* "" removes the key */
    free(key);
    return s;
}

/* Whether the file of failure f is gone in this run (its term pruned, or
 * its root forgotten). */
static int gone(const run_t *r, const failed_t *f)
{
    char *term = nx_file_term(f->id);
    if (!term)
        abort();
    int found = nx_has_str(r->gone, r->ngone, term);
    free(term);
    if (found)
        return 1;
    for (size_t i = 0; i < r->plan.nforgotten; i++) {
        size_t n = strlen(r->plan.forgotten[i]);
        if (strncmp(f->id, r->plan.forgotten[i], n) == 0 && (f->id[n] == '/' || !f->id[n]))
            return 1;
    }
    return 0;
}

/* Whether f's file was scanned in this run and is not there any more,
 * though nothing was pruned (a failed file has no documents, so no
 * file term tells it is gone). */
static int unseen_in_scope(const run_t *r, const failed_t *f)
{
    if (!r->cfg->prune)
        return 0;
    char *term = nx_file_term(f->id);
    if (!term)
        abort();
    int in_scope = 0;
    for (size_t i = 0; i < r->plan.nt && !in_scope; i++) {
        const nx_target_t *t = &r->plan.t[i];
        in_scope = t->is_file ? strcmp(f->id, t->prefix) == 0
                              : strncmp(f->id, t->prefix, strlen(t->prefix)) == 0;
    }
    int seen = nx_has_str(r->seen, r->nseen, term);
    int kept = 0;
    for (size_t i = 0; i < r->nkept && !kept; i++)
        kept = strncmp(term, r->kept[i], strlen(r->kept[i])) == 0;
    free(term);
    return in_scope && !seen && !kept;
}

void nx_failed_note(run_t *r, const job_t *j)
{
    if (!j->error) {
        failed_t *f = r->scratch ? NULL : find(r, j->id);
        if (f)
            f->clear = 1;
        return;
    }
    r->fresh = nx_xrealloc(r->fresh, (r->nfresh + 1) * sizeof *r->fresh);
    failed_t *f = &r->fresh[r->nfresh++];
    f->id = nx_xstrdup(j->id);
    f->signature = nx_xstrdup(j->signature);
    f->reason = nx_xstrdup(j->error);
    f->clear = 0;
}

nx_status_t nx_failed_save(run_t *r, xap_db *db, nx_error_t *err)
{
    nx_status_t s = NX_OK;
    /* A build from nothing starts with no failures but this run's. */
    for (size_t i = 0; i < r->nfailed && !s && !r->scratch; i++) {
        failed_t *f = &r->failed[i];
        if (f->clear || gone(r, f) || unseen_in_scope(r, f))
            s = set_key(db, f->id, "", err);
    }
    for (size_t i = 0; i < r->nfresh && !s; i++) {
        nx_buf_t v = {0};
        nx_buf_printf(&v, "%s\t%s", r->fresh[i].signature, r->fresh[i].reason);
        char *val = nx_buf_steal(&v);
        s = val ? set_key(db, r->fresh[i].id, val, err)
                : nx_error_set(err, NX_E_NOMEM, "out of memory");
        free(val);
    }
    return s;
}

static void free_list(failed_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].signature);
        free(v[i].reason);
    }
    free(v);
}

void nx_failed_free(run_t *r)
{
    free_list(r->failed, r->nfailed);
    free_list(r->fresh, r->nfresh);
    r->failed = r->fresh = NULL;
    r->nfailed = r->nfresh = 0;
}
