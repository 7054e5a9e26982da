/* scan.c - the first stage of a run: walk what the plan names, and sort
 * each file into unchanged (its signature is the one stored with its
 * documents), still failing (it failed before and has not changed since),
 * or to be read (a job). Nothing is written. */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/schema.h"

typedef struct {
    run_t *r;
    const nx_target_t *t;
    size_t nfiles;
    nx_status_t fatal; /* reading the index failed (message in r->err) */
} scan_t;

static void push_str(char ***v, size_t *n, size_t *cap, char *s)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *v = nx_xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = s;
}

/* The id of a file the walk found under target t. */
static char *file_id(const nx_target_t *t, const char *relpath)
{
    if (t->is_file)
        return nx_xstrdup(t->prefix);
    size_t n = strlen(t->prefix) + strlen(relpath) + 1;
    char *id = nx_xrealloc(NULL, n);
    snprintf(id, n, "%s%s", t->prefix, relpath);
    return id;
}

static int on_file(void *ctx, const nx_file_t *f)
{
    scan_t *c = ctx;
    run_t *r = c->r;
    if (*r->cfg->stop)
        return 1;
    c->nfiles++;
    char *id = file_id(c->t, f->relpath);
    if (!nx_shard_owns(id, r->cfg->shard_k, r->cfg->shard_n)) {
        free(id); /* another shard's: as if not there */
        return 0;
    }
    r->prog->files++;
    char *fterm = nx_file_term(id);
    if (!fterm)
        abort();
    char sig[64];
    snprintf(sig, sizeof sig, "%lld:%lld:%llu", (long long)f->size, (long long)f->mtime_ns,
             (unsigned long long)f->ino);
    uint32_t docid = 0;
    nx_error_t e;
    if (!r->scratch && xap_db_find_term(r->db, fterm, &docid, &e) != NX_OK) {
        c->fatal = nx_error_set(r->err, e.code, "%s", e.msg);
        free(id);
        free(fterm);
        return 1;
    }
    push_str(&r->seen, &r->nseen, &r->seen_cap, nx_xstrdup(fterm));
    if (docid) {
        char *val;
        size_t len;
        if (xap_db_get_value(r->db, docid, NX_SLOT_SIGNATURE, &val, &len, &e) != NX_OK) {
            c->fatal = nx_error_set(r->err, e.code, "%s", e.msg);
            free(id);
            free(fterm);
            return 1;
        }
        int same = strcmp(val, sig) == 0;
        free(val);
        if (same) {
            r->prog->unchanged++;
            free(id);
            free(fterm);
            return 0;
        }
    }
    const failed_t *was = r->scratch || r->cfg->retry_failed ? NULL : nx_failed_same(r, id, sig);
    if (was) {
        r->prog->still_failing++;
        nx_report_skip(r, f->path, NX_SKIP_STILL_FAILING, was->reason);
        free(id);
        free(fterm);
        return 0;
    }
    if (r->njobs == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->jobs = nx_xrealloc(r->jobs, r->cap * sizeof *r->jobs);
    }
    job_t *j = &r->jobs[r->njobs++];
    memset(j, 0, sizeof *j);
    j->path = nx_xstrdup(f->path);
    j->id = id;
    j->fterm = fterm;
    memcpy(j->signature, sig, sizeof sig);
    j->size = f->size;
    j->mtime_s = f->mtime_ns / 1000000000;
    j->existed = docid != 0;
    return 0;
}

static void on_event(void *ctx, const char *path, const char *relpath, nx_walk_event_t ev,
                     const char *msg)
{
    scan_t *c = ctx;
    run_t *r = c->r;
    switch (ev) {
    case NX_WALK_DIR_UNREADABLE:
    case NX_WALK_FILE_UNREADABLE: {
        /* What is under it is not known to be gone: its documents stay. */
        char *id = file_id(c->t, relpath);
        size_t n = strlen(id) + 2;
        char *kept = nx_xrealloc(NULL, n);
        snprintf(kept, n, "%s%s", id, ev == NX_WALK_DIR_UNREADABLE && *id ? "/" : "");
        char *term = nx_file_term(kept);
        if (!term)
            abort();
        free(kept);
        free(id);
        push_str(&r->kept, &r->nkept, &r->kept_cap, term);
        r->prog->failed++;
        nx_report_skip(r, path, ev == NX_WALK_DIR_UNREADABLE ? NX_SKIP_DIR : NX_SKIP_UNREADABLE,
                       msg);
        break;
    }
    case NX_WALK_BROKEN_LINK:
        r->prog->failed++;
        nx_report_skip(r, path, NX_SKIP_BROKEN_LINK, msg);
        break;
    case NX_WALK_LINK_OUTSIDE:
        r->prog->not_followed++;
        nx_report_skip(r, path, NX_SKIP_LINK_OUTSIDE, msg);
        break;
    }
}

nx_status_t nx_scan(run_t *r)
{
    const nx_index_config_t *cfg = r->cfg;
    for (size_t i = 0; i < r->plan.nt; i++) {
        const nx_target_t *t = &r->plan.t[i];
        scan_t c = {r, t, 0, NX_OK};
        nx_walk_opts_t o = {r->plan.roots.v[t->root].path, cfg->follow, cfg->excludes,
                            cfg->default_excludes, on_file, on_event, &c};
        nx_error_t we;
        nx_status_t s = nx_walk(t->walk, &o, &we);
        if (c.fatal)
            return c.fatal;
        if (*cfg->stop) {
            r->prog->interrupted = 1;
            return NX_OK;
        }
        const char *label = r->plan.roots.v[t->root].label;
        if (s == NX_E_IO)
            return nx_error_set(r->err, NX_E_IO,
                                "%s: %s (the root '%s' cannot be read: nothing was changed)",
                                t->walk, we.msg, label);
        if (s)
            return nx_error_set(r->err, s, "%s: %s", t->walk, we.msg);
        if (c.nfiles == 0)
            return nx_error_set(r->err, NX_E_IO,
                                "%s holds no file to index (an unmounted disk, a wrong path?): "
                                "nothing was changed", t->walk);
    }
    nx_sort_strs(r->seen, r->nseen);
    nx_sort_strs(r->kept, r->nkept);
    return NX_OK;
}
