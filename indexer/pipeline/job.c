/* job.c - one file's way into the index: read (plain or gzip), parse,
 * extract, build its documents; then count it and add them. */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/hash.h"
#include "newsindex/text.h"

static void set_error(job_t *j, nx_skip_t why, const char *msg)
{
    j->why = why;
    j->error = nx_xstrdup(msg);
}

/* The id as articles and the record show it, and its bytes in hex when
 * that differs (a name that is not UTF-8, or holds control characters). */
static char *shown_id(const char *id, char **hex)
{
    *hex = NULL;
    char *shown = nx_escape_name(id);
    if (!shown)
        return NULL;
    if (strcmp(shown, id) != 0 && !(*hex = nx_hex_encode(id, strlen(id)))) {
        free(shown);
        return NULL;
    }
    return shown;
}

/* The ids of a file's documents so far, to drop an item a feed repeats:
 * an open-addressing table of indexes into ids (a look-up per item, not a
 * comparison with every earlier one: 10,000 items were 50 million
 * comparisons). */
typedef struct {
    size_t *slot; /* index + 1 into ids, 0: empty */
    size_t mask;
} idset_t;

static int idset_init(idset_t *s, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    s->mask = cap - 1;
    s->slot = calloc(cap, sizeof *s->slot);
    return s->slot ? 0 : -1;
}

/* 1 when id is in the set already, else 0 after adding it as ids[k]. */
static int idset_seen(idset_t *s, char *const *ids, size_t k, const char *id)
{
    size_t h = (size_t)nx_fnv1a(id, strlen(id)) & s->mask;
    for (; s->slot[h]; h = (h + 1) & s->mask)
        if (strcmp(ids[s->slot[h] - 1], id) == 0)
            return 1;
    s->slot[h] = k + 1;
    return 0;
}

void nx_job_process(run_t *r, xap_tg *tg, job_t *j)
{
    nx_error_t e;
    nx_error_clear(&e);
    char *data = NULL, *hex = NULL;
    size_t len = 0;
    nx_article_list_t list = {0};
    char *shown = shown_id(j->id, &hex);
    if (!shown) {
        set_error(j, NX_SKIP_BAD, "out of memory");
        goto out;
    }
    if (nx_read_file_bounded(j->path, r->limits.max_file_bytes, r->limits.max_ratio, &data, &len,
                             &e) != NX_OK) {
        set_error(j, e.code == NX_E_IO ? NX_SKIP_UNREADABLE : NX_SKIP_BAD,
                  e.msg[0] ? e.msg : nx_status_str(e.code));
        goto out;
    }
    nx_status_t ps = nx_parse_file_take(&r->pctx, shown, data, len, &list, &e);
    data = NULL;
    if (ps != NX_OK) {
        /* A signal that ended the parse is not the file's failure: the
         * run stops, and the file is read again by the next one. */
        if (r->limits.stop && *r->limits.stop)
            j->interrupted = 1;
        set_error(j, NX_SKIP_BAD, e.msg[0] ? e.msg : nx_status_str(e.code));
        goto out;
    }
    if (list.n == 0) {
        set_error(j, NX_SKIP_BAD, "no article found");
        goto out;
    }
    j->docs = calloc(list.n, sizeof *j->docs);
    char **ids = calloc(list.n, sizeof *ids);
    idset_t seen = {NULL, 0};
    if (!j->docs || !ids || idset_init(&seen, list.n) != 0) {
        free(ids);
        free(seen.slot);
        set_error(j, NX_SKIP_BAD, "out of memory");
        goto out;
    }
    const char *failure = NULL;
    for (size_t i = 0; i < list.n && !failure; i++) {
        /* A signal stops a file of many items between two of them, as it
         * stops its parse: the file is read again by the next run. */
        if (r->limits.stop && *r->limits.stop) {
            j->interrupted = 1;
            failure = "interrupted";
            break;
        }
        nx_article_t *a = list.v[i];
        if (!a->path)
            a->path = nx_xstrdup(shown);
        if (!a->id)
            a->id = nx_xstrdup(shown);
        if (hex && !a->path_hex)
            a->path_hex = nx_xstrdup(hex);
        /* A feed may repeat an item (same guid): keep the first. */
        ids[j->ndocs] = a->id;
        if (idset_seen(&seen, ids, j->ndocs, a->id))
            continue;
        if (nx_extract(&r->ex, a, j->mtime_s) != NX_OK)
            failure = "out of memory";
        else if (nx_build_doc(tg, a, j->fterm, j->signature, !r->cfg->no_dedup,
                              &j->docs[j->ndocs], &e) != NX_OK)
            failure = e.msg[0] ? e.msg : "cannot build the document";
        else
            j->ndocs++;
    }
    free(ids);
    free(seen.slot);
    if (failure) {
        char *why = nx_xstrdup(failure);
        nx_job_free_result(j);
        set_error(j, NX_SKIP_BAD, why);
        free(why);
    }
out:
    nx_article_list_clear(&list);
    free(data);
    free(shown);
    free(hex);
}

void nx_job_free_result(job_t *j)
{
    for (size_t i = 0; i < j->ndocs; i++)
        xap_doc_free(j->docs[i]);
    free(j->docs);
    free(j->error);
    j->docs = NULL;
    j->error = NULL;
    j->ndocs = 0;
}

void nx_job_account(run_t *r, job_t *j)
{
    nx_failed_note(r, j);
    if (j->error) {
        r->prog->failed++;
        nx_report_skip(r, j->path, j->why, j->error);
        return;
    }
    if (j->existed)
        r->prog->updated += j->ndocs;
    else
        r->prog->added += j->ndocs;
    nx_report_did(r, j->path, j->existed ? NX_DID_UPDATE : NX_DID_ADD, j->ndocs);
}

nx_status_t nx_job_add(xap_db *db, const job_t *j, unsigned batch, unsigned *in_batch,
                       nx_error_t *err)
{
    nx_status_t s = NX_OK;
    for (size_t d = 0; d < j->ndocs && !s; d++) {
        s = xap_db_add(db, j->docs[d], err);
        if (!s)
            s = xap_db_add_spellings(db, j->docs[d], err);
    }
    *in_batch += (unsigned)j->ndocs;
    if (!s && *in_batch >= batch) {
        s = xap_db_commit(db, err);
        if (!s)
            s = xap_db_begin(db, err);
        *in_batch = 0;
    }
    return s;
}
