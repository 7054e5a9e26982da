/* update.c - updating an index that has documents (the nightly run):
 * worker threads read, parse, extract and build documents (each with its
 * own TermGenerator); the calling thread, the only one that touches the
 * WritableDatabase, writes their results in walk order and commits every
 * `batch` documents. A window bounds how far workers run ahead, so memory
 * stays bounded whatever the archive size. */
#include "pipeline/pipeline.h"

#include <stdlib.h>

static void *worker(void *arg)
{
    run_t *r = arg;
    xap_tg *tg = NULL;
    nx_error_t e;
    if (xap_tg_new("english", &tg, &e) != NX_OK)
        tg = NULL;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->quit && r->next < r->njobs && r->next >= r->consumed + r->window)
            pthread_cond_wait(&r->work_cv, &r->mu);
        if (r->quit || r->next >= r->njobs)
            break;
        job_t *j = &r->jobs[r->next++];
        pthread_mutex_unlock(&r->mu);
        if (tg)
            nx_job_process(r, tg, j);
        else
            j->why = NX_SKIP_BAD, j->error = nx_xstrdup("cannot create a term generator");
        pthread_mutex_lock(&r->mu);
        j->done = 1;
        pthread_cond_broadcast(&r->done_cv);
    }
    pthread_mutex_unlock(&r->mu);
    xap_tg_free(tg);
    return NULL;
}

/* Write the results in order; returns a fatal status or NX_OK. */
static nx_status_t write_results(run_t *r)
{
    const nx_index_config_t *cfg = r->cfg;
    nx_error_t e;
    nx_status_t s = NX_OK;
    unsigned in_batch = 0;
    if ((s = xap_db_begin(r->db, &e)) || (s = nx_record_roots(r, r->db, &e)))
        return nx_error_set(r->err, s, "%s", e.msg);
    for (size_t i = 0; i < r->njobs; i++) {
        job_t *j = &r->jobs[i];
        pthread_mutex_lock(&r->mu);
        while (!j->done && !*cfg->stop)
            pthread_cond_wait(&r->done_cv, &r->mu);
        pthread_mutex_unlock(&r->mu);
        if ((*cfg->stop && !j->done) || j->interrupted) {
            r->prog->interrupted = 1;
            break;
        }
        /* A changed file that now fails keeps its old documents. */
        if (!j->error) {
            if (j->existed && (s = xap_db_delete(r->db, j->fterm, &e)))
                break;
            /* Ids contain the file's id, so once the file's old documents
             * are gone no document can hold one of these ids: add, no
             * look-up. */
            if ((s = nx_job_add(r->db, j, cfg->batch, &in_batch, &e)))
                break;
        }
        nx_job_account(r, j);
        nx_job_free_result(j);
        pthread_mutex_lock(&r->mu);
        r->consumed = i + 1;
        pthread_cond_broadcast(&r->work_cv);
        pthread_mutex_unlock(&r->mu);
        if (cfg->report.progress)
            cfg->report.progress(cfg->report.ctx, NULL, i + 1, r->njobs);
        if (*cfg->stop) {
            r->prog->interrupted = 1;
            break;
        }
    }
    if (s) {
        nx_error_t ignore;
        xap_db_cancel(r->db, &ignore);
        return nx_error_set(r->err, s, "%s (the index is kept as of its last commit)", e.msg);
    }
    if ((s = xap_db_commit(r->db, &e)))
        return nx_error_set(r->err, s, "%s (the index is kept as of its last commit)", e.msg);
    return NX_OK;
}

nx_status_t nx_update(run_t *r)
{
    unsigned nthreads = r->cfg->jobs ? r->cfg->jobs : 1;
    r->window = (size_t)nthreads * 16;
    pthread_t *tids = calloc(nthreads, sizeof *tids);
    unsigned started = 0;
    for (unsigned i = 0; tids && i < nthreads; i++)
        if (pthread_create(&tids[started], NULL, worker, r) == 0)
            started++;
    nx_status_t s;
    if (started == 0)
        s = nx_error_set(r->err, NX_E_INTERNAL, "cannot start worker threads");
    else
        s = write_results(r);
    pthread_mutex_lock(&r->mu);
    r->quit = 1;
    pthread_cond_broadcast(&r->work_cv);
    pthread_mutex_unlock(&r->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    if (!s && !r->prog->interrupted && !*r->cfg->stop)
        s = nx_prune(r);
    nx_error_t e;
    if (!s && !r->prog->interrupted && !*r->cfg->stop && (s = nx_recluster(r, &r->db, 1, &e)))
        return nx_error_set(r->err, s, "%s (the index is kept as of its last commit)", e.msg);
    if (!s && (s = nx_finish(r, r->db, &e)))
        nx_error_set(r->err, s, "%s (the index is kept as of its last commit)", e.msg);
    return s;
}
