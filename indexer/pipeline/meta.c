/* meta.c - what an index records about its runs, in its metadata: the
 * schema version (also newsindex's mark on it), the time of the last run,
 * the roots, and the files that failed (failed.c). */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsindex/schema.h"

/* The index's schema version (0 for a new index); a newer one is fatal
 * (the check is lib's, the same newssearch makes). */
nx_status_t nx_meta_schema(xap_db *db, const char *db_path, int *ver, nx_error_t *err)
{
    return nx_schema_check(db, db_path, "newsindex", ver, err);
}

nx_status_t nx_meta_roots(xap_db *db, nx_roots_t *out, nx_error_t *err)
{
    char *text = NULL;
    nx_status_t s = xap_db_get_metadata(db, NX_META_ROOTS, &text, err);
    if (!s)
        s = nx_roots_parse(text, strlen(text), out, err);
    free(text);
    return s;
}

nx_status_t nx_record_roots(run_t *r, xap_db *db, nx_error_t *e)
{
    char *roots = nx_roots_format(&r->plan.roots);
    if (!roots)
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    nx_status_t s = xap_db_set_metadata(db, NX_META_ROOTS, roots, e);
    free(roots);
    return s;
}

nx_status_t nx_finish(run_t *r, xap_db *db, nx_error_t *e)
{
    char iso[32], ver[16], shard[32];
    snprintf(shard, sizeof shard, "%u/%u", r->cfg->shard_k, r->cfg->shard_n);
    nx_date_t now;
    nx_date_from_unix((int64_t)time(NULL), &now);
    nx_date_format_iso(&now, iso);
    snprintf(ver, sizeof ver, "%d", NX_SCHEMA_VERSION);
    uint32_t n = 0;
    nx_status_t s;
    if ((s = xap_db_set_metadata(db, NX_META_SCHEMA, ver, e)) ||
        (s = xap_db_set_metadata(db, NX_META_UPDATED, iso, e)) ||
        (s = nx_record_roots(r, db, e)) || (s = nx_failed_save(r, db, e)) ||
        (r->cfg->shard_n && (s = xap_db_set_metadata(db, NX_META_SHARD, shard, e))) ||
        (s = xap_db_commit(db, e)) || (s = xap_db_doccount(db, &n, e)))
        return s;
    r->prog->docs_total = n;
    return NX_OK;
}


nx_status_t nx_meta_shard_check(const run_t *r, xap_db *db, nx_error_t *err)
{
    char *was = NULL;
    nx_status_t s = xap_db_get_metadata(db, NX_META_SHARD, &was, err);
    if (s)
        return s;
    char want[32] = "";
    if (r->cfg->shard_n)
        snprintf(want, sizeof want, "%u/%u", r->cfg->shard_k, r->cfg->shard_n);
    if (strcmp(was, want) != 0) {
        uint32_t n = 0;
        xap_db_doccount(db, &n, NULL);
        if (n > 0 || *was) {
            if (!*was)
                s = nx_error_set(err, NX_E_INVALID,
                                 "%s: a whole index, not a shard: refusing --shard %s (nothing "
                                 "was changed)", r->cfg->db_path, want);
            else if (!*want)
                s = nx_error_set(err, NX_E_INVALID,
                                 "%s: shard %s of an archive: give --shard %s to update it "
                                 "(nothing was changed)", r->cfg->db_path, was, was);
            else
                s = nx_error_set(err, NX_E_INVALID,
                                 "%s: shard %s of an archive, not %s: refusing to change it "
                                 "(nothing was changed)", r->cfg->db_path, was, want);
        }
    }
    free(was);
    return s;
}
