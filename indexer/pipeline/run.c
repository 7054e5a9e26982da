/* run.c - one indexing run, start to end.
 *
 * Every check that can refuse the run comes before the first write: the
 * index directory's owner (owner.c), the lock, the schema, the roots
 * (roots.c), the scan of every root (scan.c: a missing, unreadable or
 * empty root is fatal) and the shrink guard (prune.c). Then either the
 * index is updated in place (update.c) or built from nothing beside the
 * old one (build.c), and the run is recorded in its metadata. */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "newsindex/schema.h"
#include "newsindex/text.h"

/* ---- the run ---- */

/* Who holds the write lock. Xapian's lock (an open file description lock
 * on flintlock) has no owner to ask, so the run that takes it writes
 * "PID START\n" (START a Unix time) into this file of the index directory,
 * and removes it when it ends; a run refused the lock reads it to say who
 * is writing. It is believed only while that process lives. */
#define OWNER_FILE "newsindex.pid"

static void owner_path(const char *db, char *p, size_t n)
{
    snprintf(p, n, "%s/%s", db, OWNER_FILE);
}

/* Best effort: without the file a refused run only says less. */
static void owner_write(const char *db)
{
    char p[4096];
    owner_path(db, p, sizeof p);
    FILE *f = fopen(p, "w");
    if (f) {
        fprintf(f, "%ld %lld\n", (long)getpid(), (long long)time(NULL));
        fclose(f);
    }
}

/* The pid recorded in db's owner file, 0 if none. */
static long owner_read(const char *db, long long *since)
{
    char p[4096];
    long pid = 0;
    *since = 0;
    owner_path(db, p, sizeof p);
    FILE *f = fopen(p, "r");
    if (f) {
        if (fscanf(f, "%ld %lld", &pid, since) != 2)
            pid = 0;
        fclose(f);
    }
    return pid > 0 ? pid : 0;
}

/* Remove the owner file if it is this process's (after a build from
 * nothing, the index at db is the new one, which another run may hold). */
static void owner_remove(const char *db)
{
    long long since;
    if (owner_read(db, &since) == (long)getpid()) {
        char p[4096];
        owner_path(db, p, sizeof p);
        unlink(p);
    }
}

/* " (pid N, since HH:MM)" for the live owner of db's lock, else "". */
static void owner_desc(const char *db, char *buf, size_t n)
{
    long long since;
    long pid = owner_read(db, &since);
    buf[0] = '\0';
    if (!pid || (kill((pid_t)pid, 0) != 0 && errno != EPERM))
        return;
    time_t t = (time_t)since;
    struct tm tm;
    char when[32] = "";
    if (since > 0 && localtime_r(&t, &tm))
        strftime(when, sizeof when, time(NULL) - t < 86400 ? ", since %H:%M" : ", since %Y-%m-%d %H:%M",
                 &tm);
    snprintf(buf, n, " (pid %ld%s)", pid, when);
}

/* Open the index for writing, waiting for another writer's lock at most
 * cfg->wait_s and never past a signal. */
static nx_status_t open_db(const nx_index_config_t *cfg, xap_db **db, nx_error_t *err)
{
    double deadline = nx_now_s() + cfg->wait_s;
    nx_error_t e;
    for (;;) {
        nx_status_t s = xap_db_open(cfg->db_path, XAP_OPEN_WRITE, db, &e);
        if (s == NX_E_CORRUPT)
            return nx_error_set(err, s, "the index at %s is damaged: %s; rebuild it with "
                                        "newsindex --full", cfg->db_path, e.msg);
        if (s == NX_OK)
            owner_write(cfg->db_path);
        if (s != NX_E_LOCKED)
            return s ? nx_error_set(err, s, "%s: %s", cfg->db_path, e.msg) : NX_OK;
        if (nx_now_s() >= deadline || *cfg->stop) {
            /* Xapian's own text ("DatabaseLockError: Unable to get write
             * lock on DB: already locked") says less than this. */
            char who[96];
            owner_desc(cfg->db_path, who, sizeof who);
            return nx_error_set(err, s, "%s is being updated by another newsindex%s%s",
                                cfg->db_path, who,
                                *cfg->stop ? ": gave up waiting (interrupted)"
                                           : cfg->wait_s > 0 ? ": gave up waiting"
                                                             : "; --wait waits for it");
        }
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/* The three data files; a missing or bad one is fatal. */
static nx_status_t load_data(const nx_index_config_t *cfg, nx_sources_t **src,
                             nx_gazetteer_t **gaz, nx_topics_t **top, nx_error_t *err)
{
    char *sp = nx_data_path("sources.tsv");
    char *cp = nx_data_path("countries.tsv");
    char *tp = cfg->topics_path ? strdup(cfg->topics_path) : nx_data_path("topics.tsv");
    nx_status_t s = NX_E_NOMEM;
    if (sp && cp && tp && !(s = nx_sources_load(sp, src, err)) &&
        !(s = nx_gazetteer_load(cp, gaz, err)))
        s = nx_topics_load(tp, top, err);
    if (s == NX_E_NOMEM)
        nx_error_set(err, s, "out of memory");
    free(sp);
    free(cp);
    free(tp);
    return s;
}

static nx_status_t plan(run_t *r, const nx_roots_t *recorded)
{
    const nx_index_config_t *cfg = r->cfg;
    nx_status_t s = nx_plan(recorded, cfg->args, cfg->nargs, cfg->forget, cfg->nforget,
                            cfg->full, cfg->db_path, &r->plan, r->err);
    for (size_t i = 0; !s && i < recorded->n; i++) {
        long k = nx_roots_find(&r->plan.roots, recorded->v[i].label);
        if (k >= 0 && strcmp(r->plan.roots.v[k].path, recorded->v[i].path) != 0)
            nx_report_note(r, "the root '%s' moved from %s to %s", recorded->v[i].label,
                           recorded->v[i].path, r->plan.roots.v[k].path);
    }
    return s;
}

static void free_run(run_t *r)
{
    for (size_t i = 0; i < r->njobs; i++) {
        nx_job_free_result(&r->jobs[i]);
        free(r->jobs[i].path);
        free(r->jobs[i].id);
        free(r->jobs[i].fterm);
    }
    free(r->jobs);
    char **lists[] = {r->seen, r->kept, r->gone};
    size_t ns[] = {r->nseen, r->nkept, r->ngone};
    for (size_t l = 0; l < 3; l++) {
        for (size_t i = 0; i < ns[l]; i++)
            free(lists[l][i]);
        free(lists[l]);
    }
    nx_failed_free(r);
    nx_plan_free(&r->plan);
    xap_db_close(r->db);
}

nx_status_t nx_index_run(const nx_index_config_t *cfg, nx_progress_t *prog, nx_error_t *err)
{
    double t0 = nx_now_s();
    memset(prog, 0, sizeof *prog);
    nx_error_clear(err);
    run_t r;
    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.rep = cfg->report;
    nx_report_running(&cfg->report);
    r.prog = prog;
    r.err = err;
    nx_sources_t *src = NULL;
    nx_gazetteer_t *gaz = NULL;
    nx_topics_t *top = NULL;
    nx_roots_t recorded = {0};
    char *workdir = NULL;
    int created = 0, is_new = 0, schema = 0;
    uint32_t ndocs = 0;
    nx_status_t s = load_data(cfg, &src, &gaz, &top, err);
    if (s)
        goto out;
    r.pctx.sources = src;
    r.limits = nx_limits_resolve(&cfg->limits);
    if (!r.limits.stop)
        r.limits.stop = cfg->stop;
    r.pctx.limits = &r.limits;
    r.ex.max_text = r.limits.max_text;
    r.ex.gazetteer = gaz;
    r.ex.topics = top;
    if ((s = nx_db_check_owner(cfg->db_path, &is_new, err)))
        goto out;
    /* A new index is planned before its directory is made, so that a
     * refused run leaves nothing behind. */
    if (is_new && (s = plan(&r, &recorded)))
        goto out;
    created = is_new && access(cfg->db_path, F_OK) != 0;
    if ((s = open_db(cfg, &r.db, err)))
        goto out;
    if ((s = nx_meta_schema(r.db, cfg->db_path, &schema, err)) ||
        (s = nx_meta_shard_check(&r, r.db, err)))
        goto out;
    if ((s = xap_db_doccount(r.db, &ndocs, err)))
        goto out;
    prog->docs_before = prog->docs_total = ndocs; /* nx_finish counts them again */
    if (!is_new) {
        if (schema == NX_SCHEMA_VERSION && (s = nx_meta_roots(r.db, &recorded, err)))
            goto out;
        if ((s = plan(&r, &recorded)))
            goto out;
    }
    size_t dl = strlen(cfg->db_path);
    while (dl > 1 && cfg->db_path[dl - 1] == '/')
        dl--;
    workdir = nx_xrealloc(NULL, dl + 8);
    snprintf(workdir, dl + 8, "%.*s.build", (int)dl, cfg->db_path);
    r.scratch = cfg->full || ndocs == 0;
    if (ndocs > 0 && schema < NX_SCHEMA_VERSION && !cfg->full) {
        /* Documents written by an older newsindex would be searched wrongly
         * (see NX_SCHEMA_VERSION): start again from the archive. */
        nx_report_note(&r, "%s: index schema %d is older than this newsindex (%d): building it "
                           "again from the archive", cfg->db_path, schema, NX_SCHEMA_VERSION);
        r.scratch = 1;
    }
    /* A build from nothing needs the work directory; an update leaves a
     * directory there alone unless a killed run of ours left it. */
    s = nx_workdir_clear(workdir, err);
    if (s == NX_E_INVALID && !r.scratch) {
        s = NX_OK;
        nx_error_clear(err);
    }
    if (s)
        goto out;
    if (!r.scratch && (s = nx_failed_load(&r)))
        goto out;
    if ((s = nx_scan(&r)) || prog->interrupted)
        goto out;
    if ((s = nx_prune_plan(&r)))
        goto out;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.work_cv, NULL);
    pthread_cond_init(&r.done_cv, NULL);
    s = r.scratch ? nx_build(&r, workdir) : nx_update(&r);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.work_cv);
    pthread_cond_destroy(&r.done_cv);
out:
    if (s == NX_E_FULL || (s == NX_E_CORRUPT && !strstr(err->msg, "damaged"))) {
        char was[sizeof err->msg];
        snprintf(was, sizeof was, "%s", err->msg);
        const char *why = strncmp(was, "DatabaseError: ", 15) == 0 ? was + 15 : was;
        if (s == NX_E_FULL)
            nx_error_set(err, s, "the disk holding %s is full: %s; free some space and run "
                                 "newsindex again", cfg->db_path, why);
        else
            nx_error_set(err, s, "the index at %s is damaged: %s; rebuild it with newsindex "
                                 "--full", cfg->db_path, why);
    }
    if (s)
        prog->docs_total = prog->docs_before;
    if (*cfg->stop)
        prog->interrupted = 1;
    nx_roots_t *keep = r.plan.roots.n || r.plan.nforgotten ? &r.plan.roots : &recorded;
    prog->roots = *keep;
    memset(keep, 0, sizeof *keep);
    if (r.db)
        owner_remove(cfg->db_path); /* before the lock goes with the database */
    free_run(&r);
    /* A directory this run made for an index it did not fill goes. */
    if (created && (s || prog->docs_total == 0) && !prog->partial_publish)
        nx_rm_tree(cfg->db_path);
    nx_roots_free(&recorded);
    free(workdir);
    nx_sources_free(src);
    nx_gazetteer_free(gaz);
    nx_topics_free(top);
    prog->seconds = nx_now_s() - t0;
    nx_report_running(NULL);
    return s;
}

static nx_status_t check_one(const char *db_path, nx_error_t *err);

nx_status_t nx_index_check(const char *db_path, nx_error_t *err)
{
    char **v = NULL;
    size_t n = 0;
    nx_status_t s = nx_shards_of(db_path, &v, &n, err);
    for (size_t i = 0; !s && i < n; i++)
        s = check_one(v[i], err);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return s;
}

static nx_status_t check_one(const char *db_path, nx_error_t *err)
{
    size_t n = 0;
    nx_error_t e;
    nx_error_clear(&e);
    nx_status_t s = xap_db_check(db_path, &n, &e);
    if (s == NX_E_NO_INDEX)
        return nx_error_set(err, s, "%s: no index here", db_path);
    if (s)
        return nx_error_set(err, s, "the index at %s is damaged: %s; rebuild it with newsindex "
                                    "--full", db_path, e.msg);
    if (n)
        return nx_error_set(err, NX_E_CORRUPT, "the index at %s is damaged (%zu error%s: %s); "
                                               "rebuild it with newsindex --full",
                            db_path, n, n == 1 ? "" : "s", e.msg);
    return NX_OK;
}
