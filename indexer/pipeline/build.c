/* build.c - building an index from nothing (a first run, or --full).
 *
 * One writer would be the bottleneck (Xapian's inverter is most of the
 * cost), so the files, in walk order, are cut into consecutive runs
 * ("shards"); each thread takes the next shard and indexes it, start to
 * end, into a temporary database of its own in the work directory; the
 * shards are then compacted, in order, into a new index that is exchanged
 * with the old one in one rename. Ids stay in walk order, and the result
 * is compacted (about 40% smaller). The old index stays as it was until
 * the exchange: a kill, a crash, a full disk or a signal leave it whole.
 * The new index is put in place only when it is complete (a signal
 * discards it), except on a first build, which publishes what it finished
 * and says so, and only when it does not shrink the index by more than
 * the shrink guard allows. */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    size_t lo, hi; /* jobs [lo, hi) */
    char *path;
    int opened;    /* its database exists */
    int complete;  /* every job of it was indexed */
} shard_t;

typedef struct {
    run_t *r;
    shard_t *v;
    size_t n;
    size_t next;      /* next shard to take (under r->mu) */
    size_t done;      /* jobs finished (under r->mu) */
    unsigned running; /* threads still working (under r->mu) */
    atomic_int quit;  /* a shard failed: the others stop */
    xap_spell *spell; /* the shards' spelling data (under r->mu), written
                       * once, into the first shard, by make_index */
    nx_status_t fatal;
    nx_error_t fatal_err;
} shards_t;

/* Index the files of one shard into its own database. */
static nx_status_t index_shard(shards_t *sh, xap_tg *tg, shard_t *part, nx_error_t *e)
{
    run_t *r = sh->r;
    xap_db *db;
    nx_status_t s = xap_db_open(part->path, XAP_OPEN_SCRATCH, &db, e);
    if (s)
        return s;
    part->opened = 1;
    xap_db_hold_spellings(db);
    unsigned in_batch = 0;
    size_t i = part->lo;
    s = xap_db_begin(db, e);
    for (; i < part->hi && !s; i++) {
        if (*r->cfg->stop || atomic_load(&sh->quit))
            break;
        job_t *j = &r->jobs[i];
        nx_job_process(r, tg, j);
        if (j->interrupted) {
            /* Its parse was ended by the signal: neither done nor failed. */
            nx_job_free_result(j);
            break;
        }
        s = nx_job_add(db, j, r->cfg->batch, &in_batch, e);
        pthread_mutex_lock(&r->mu);
        j->done = 1;
        if (!s)
            nx_job_account(r, j);
        sh->done++;
        pthread_cond_broadcast(&r->done_cv);
        pthread_mutex_unlock(&r->mu);
        nx_job_free_result(j);
    }
    if (!s)
        s = xap_db_commit(db, e);
    if (!s) {
        pthread_mutex_lock(&r->mu);
        s = xap_spell_take(sh->spell, db, e);
        pthread_mutex_unlock(&r->mu);
    }
    part->complete = !s && i == part->hi;
    xap_db_close(db);
    return s;
}

static void *shard_worker(void *arg)
{
    shards_t *sh = arg;
    run_t *r = sh->r;
    xap_tg *tg = NULL;
    nx_error_t e;
    nx_status_t s = xap_tg_new("english", &tg, &e);
    pthread_mutex_lock(&r->mu);
    while (!s && sh->next < sh->n && !*r->cfg->stop && !atomic_load(&sh->quit)) {
        shard_t *part = &sh->v[sh->next++];
        pthread_mutex_unlock(&r->mu);
        s = index_shard(sh, tg, part, &e);
        pthread_mutex_lock(&r->mu);
    }
    if (s && !sh->fatal) {
        sh->fatal = s;
        sh->fatal_err = e;
        atomic_store(&sh->quit, 1);
    }
    sh->running--;
    pthread_cond_broadcast(&r->done_cv);
    pthread_mutex_unlock(&r->mu);
    xap_tg_free(tg);
    return NULL;
}

/* Cut the jobs into n runs of about equal bytes. */
static void cut_shards(shards_t *sh, const run_t *r, const char *dir)
{
    double total = 0, acc = 0;
    for (size_t i = 0; i < r->njobs; i++)
        total += (double)r->jobs[i].size + 1;
    size_t lo = 0;
    for (size_t k = 0; k < sh->n; k++) {
        size_t hi = lo;
        double goal = total * (double)(k + 1) / (double)sh->n;
        while (hi < r->njobs && (k + 1 == sh->n || acc < goal))
            acc += (double)r->jobs[hi++].size + 1;
        size_t len = strlen(dir) + 32;
        sh->v[k].path = nx_xrealloc(NULL, len);
        snprintf(sh->v[k].path, len, "%s/shard-%04zu", dir, k);
        sh->v[k].lo = lo;
        sh->v[k].hi = hi;
        lo = hi;
    }
}

/* Run the shard threads to their end, drawing progress. */
static void run_shards(run_t *r, shards_t *sh, unsigned nthreads)
{
    const nx_index_config_t *cfg = r->cfg;
    pthread_t *tids = nx_xrealloc(NULL, nthreads * sizeof *tids);
    pthread_mutex_lock(&r->mu);
    for (unsigned i = 0; i < nthreads; i++)
        if (pthread_create(&tids[sh->running], NULL, shard_worker, sh) == 0)
            sh->running++;
    unsigned started = sh->running;
    while (sh->running > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&r->done_cv, &r->mu, &ts);
        if (cfg->report.progress)
            cfg->report.progress(cfg->report.ctx, NULL, sh->done, r->njobs);
    }
    pthread_mutex_unlock(&r->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    if (started == 0 && !sh->fatal) {
        sh->fatal = NX_E_INTERNAL;
        nx_error_set(&sh->fatal_err, NX_E_INTERNAL, "cannot start worker threads");
    }
}

/* Near-duplicate clusters over the shards, written into them before they
 * are compacted (so that the index comes out compacted). */
static nx_status_t cluster_shards(run_t *r, const char *const *srcs, size_t n, nx_error_t *e)
{
    if (r->cfg->no_dedup)
        return NX_OK;
    xap_db **dbs = calloc(n, sizeof *dbs);
    nx_status_t s = dbs ? NX_OK : nx_error_set(e, NX_E_NOMEM, "out of memory");
    for (size_t k = 0; k < n && !s; k++)
        s = xap_db_open(srcs[k], XAP_OPEN_SCRATCH_KEEP, &dbs[k], e);
    if (!s)
        s = nx_recluster(r, dbs, n, e);
    for (size_t k = 0; k < n && !s; k++)
        s = xap_db_commit(dbs[k], e);
    for (size_t k = 0; dbs && k < n; k++)
        xap_db_close(dbs[k]);
    free(dbs);
    return s;
}

/* The shards' spelling data into the first one (the compaction sums
 * spelling data over its sources: one source holding it all gives the
 * same index). */
static nx_status_t spell_shards(shards_t *sh, const char *first, nx_error_t *e)
{
    xap_db *db;
    nx_status_t s = xap_db_open(first, XAP_OPEN_SCRATCH_KEEP, &db, e);
    if (!s)
        s = xap_spell_give(db, sh->spell, e);
    if (!s)
        s = xap_db_commit(db, e);
    xap_db_close(db);
    return s;
}

/* Compact the shards into out, record the run, and check the result
 * against the shrink guard; the number of documents in *ndocs. */
static nx_status_t make_index(run_t *r, shards_t *sh, const char *out, nx_error_t *e)
{
    const char **srcs = nx_xrealloc(NULL, (sh->n + 1) * sizeof *srcs);
    size_t nsrc = 0;
    for (size_t k = 0; k < sh->n; k++)
        if (sh->v[k].opened)
            srcs[nsrc++] = sh->v[k].path;
    nx_status_t s = NX_OK;
    if (nsrc == 0)
        s = nx_error_set(e, NX_E_INTERNAL, "no shard was built");
    if (!s && r->rep.progress) {
        char phase[64];
        snprintf(phase, sizeof phase, "compacting %zu shard%s into the new index", nsrc,
                 nsrc == 1 ? "" : "s");
        r->rep.progress(r->rep.ctx, phase, r->njobs, r->njobs);
    }
    if (!s)
        s = spell_shards(sh, srcs[0], e);
    if (!s)
        s = cluster_shards(r, srcs, nsrc, e);
    xap_db *db = NULL;
    if (!s)
        s = xap_compact(srcs, nsrc, out, e);
    free(srcs);
    if (!s)
        s = xap_db_open(out, XAP_OPEN_WRITE, &db, e);
    if (!s)
        s = nx_finish(r, db, e);
    xap_db_close(db);
    uint64_t before = r->prog->docs_before, now = r->prog->docs_total;
    if (!s && !r->cfg->allow_shrink && now < before && before - now > NX_SHRINK_MIN &&
        (before - now) * 100 > before * NX_SHRINK_PERCENT) {
        r->prog->would_remove = before - now;
        s = nx_error_set(e, NX_E_INVALID,
                         "the rebuilt index holds %" PRIu64 " documents, %" PRIu64 " fewer than "
                         "the %" PRIu64 " of the old one (more than %d%%): it was not put in "
                         "place, the old index is unchanged; --allow-shrink accepts it",
                         now, before - now, before, NX_SHRINK_PERCENT);
    }
    return s;
}

nx_status_t nx_build(run_t *r, const char *dir)
{
    const nx_index_config_t *cfg = r->cfg;
    nx_error_t e;
    nx_status_t s;
    /* r->db must have nothing left to write when it is closed after the
     * exchange: Xapian writes by path, which will then be the new index. */
    if ((s = xap_db_commit(r->db, &e)) != NX_OK)
        return nx_error_set(r->err, s, "%s", e.msg);
    if ((s = nx_workdir_make(dir, r->err)))
        return s;
    size_t ol = strlen(dir) + 8;
    char *out = nx_xrealloc(NULL, ol);
    snprintf(out, ol, "%s/index", dir);
    shards_t sh;
    memset(&sh, 0, sizeof sh);
    sh.r = r;
    if (!(sh.spell = xap_spell_new())) {
        free(out);
        nx_rm_tree(dir);
        return nx_error_set(r->err, NX_E_NOMEM, "out of memory");
    }
    unsigned nthreads = cfg->jobs ? cfg->jobs : 1;
    /* Several shards a thread, so that a thread finishing early takes
     * another instead of waiting for the last one. (Smaller shards of at
     * most 32 MB of input each were no faster at --copies 30.) */
    sh.n = (size_t)nthreads * 4;
    if (sh.n > r->njobs / 16 + 1)
        sh.n = r->njobs / 16 + 1;
    sh.v = nx_xrealloc(NULL, sh.n * sizeof *sh.v);
    memset(sh.v, 0, sh.n * sizeof *sh.v);
    cut_shards(&sh, r, dir);
    if (nthreads > sh.n)
        nthreads = (unsigned)sh.n;
    run_shards(r, &sh, nthreads);

    int complete = sh.done == r->njobs && !sh.fatal;
    for (size_t k = 0; k < sh.n; k++)
        complete &= sh.v[k].complete || sh.v[k].lo == sh.v[k].hi;
    r->prog->interrupted = !complete && *cfg->stop;
    int published = 0;
    if (sh.fatal) {
        s = nx_error_set(r->err, sh.fatal, "%s (nothing was changed: the old index is as it was)",
                         sh.fatal_err.msg);
    } else if (!complete && r->prog->docs_before > 0) {
        /* Half an index never replaces a whole one. */
        nx_report_note(r, "interrupted: the unfinished build was discarded, the index is as "
                          "it was");
    } else if (r->njobs == 0) {
        /* Nothing to build: record the run in the index as it is. */
        if ((s = nx_finish(r, r->db, &e)))
            nx_error_set(r->err, s, "%s", e.msg);
        published = !s;
    } else {
        if ((s = make_index(r, &sh, out, &e)))
            nx_error_set(r->err, s, "%s%s", e.msg,
                         s == NX_E_INVALID ? "" : " (nothing was changed: the old index is as it was)");
        else if (nx_dir_exchange(out, cfg->db_path) != 0)
            s = nx_error_set(r->err, NX_E_IO, "%s: cannot put the new index in place: %s",
                             cfg->db_path, strerror(errno));
        if (!s) {
            /* The old index, now at out, goes with the work directory. */
            xap_db_close(r->db);
            r->db = NULL;
            published = 1;
            r->prog->partial_publish = !complete;
            if (!complete)
                nx_report_note(r, "interrupted: the first build published what it finished "
                                  "(%" PRIu64 " documents); the next run adds the rest",
                               r->prog->docs_total);
        }
    }
    if (!published)
        r->prog->docs_total = r->prog->docs_before;
    for (size_t k = 0; k < sh.n; k++)
        free(sh.v[k].path);
    free(sh.v);
    xap_spell_free(sh.spell);
    nx_rm_tree(dir);
    free(out);
    return s;
}
