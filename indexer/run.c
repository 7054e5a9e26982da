/* run.c - the indexing pipeline.
 *
 * The main thread walks the archive and decides, from each file's
 * signature (size, mtime, inode) stored with its documents, which files
 * need work. Then one of two ways:
 *
 * - Updating an index that has documents: worker threads read, parse,
 *   extract and build Xapian documents (each with its own TermGenerator);
 *   the main thread, the only one that touches the WritableDatabase, writes
 *   their results in walk order and commits every `batch` documents. A
 *   window bounds how far workers may run ahead, so memory stays bounded
 *   whatever the archive size.
 * - Building an index from nothing (a first run, or --full): one writer
 *   would be the bottleneck (Xapian's inverter is most of the cost), so the
 *   files, in walk order, are cut into consecutive runs ("shards"); each
 *   thread takes the next shard and indexes it, start to end, into a
 *   temporary database of its own; the shards are then compacted, in
 *   order, into a new index that replaces the old one in one rename. Ids
 *   stay in walk order, and the result is compacted (about 40% smaller).
 *   A crash leaves the old index as it was. */
#include "indexer.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "newsindex/schema.h"
#include "parse.h"

typedef struct {
    char *path;
    char *relpath;
    char signature[64];
    off_t size;
    int64_t mtime_s;
    int existed;     /* the index already has documents of this file */
    /* Result, filled by a worker. */
    int done;
    xap_doc **docs;
    char **ids;       /* the documents' article ids */
    size_t ndocs;
    char *error;     /* why the file was skipped, or NULL */
} job_t;

typedef struct {
    /* shared, read-only while workers run */
    const nx_index_config_t *cfg;
    nx_parse_ctx_t pctx;
    nx_extractor_t ex;
    job_t *jobs;
    size_t njobs, cap;
    /* worker coordination */
    pthread_mutex_t mu;
    pthread_cond_t work_cv; /* a worker may take the next job */
    pthread_cond_t done_cv; /* a job is done */
    size_t next;            /* next job to hand out */
    size_t consumed;        /* jobs written by the main thread */
    size_t window;
    int quit;
    /* walk state */
    xap_db *db;
    int scratch;            /* building from nothing: no look-ups, shards */
    char **seen;            /* XF terms of files present this run (sorted later) */
    size_t nseen, seen_cap;
    int partial;            /* a directory or root could not be read: no pruning */
    nx_progress_t *prog;
    nx_status_t fatal;
    nx_error_t *err;
} run_t;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        fputs("newsindex: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("newsindex: out of memory\n", stderr);
        abort();
    }
    return q;
}

static void warn_file(const char *path, const char *reason)
{
    fprintf(stderr, "newsindex: %s: skipped: %s\n", path, reason);
}

static void on_walk_error(void *ctx, const char *path, const char *relpath, int is_dir,
                          const char *msg)
{
    (void)relpath;
    run_t *r = ctx;
    r->prog->failed++;
    if (is_dir) {
        /* Files under a directory that could not be read are not gone. */
        fprintf(stderr, "newsindex: %s: skipped: %s (nothing is removed from the index in this run)\n",
                path, msg);
        r->partial = 1;
    } else {
        warn_file(path, msg);
    }
}

static void mark_seen(run_t *r, char *fterm)
{
    if (r->nseen == r->seen_cap) {
        r->seen_cap = r->seen_cap ? r->seen_cap * 2 : 1024;
        r->seen = xrealloc(r->seen, r->seen_cap * sizeof *r->seen);
    }
    r->seen[r->nseen++] = fterm;
}

static int on_file(void *ctx, const nx_file_t *f)
{
    run_t *r = ctx;
    r->prog->files++;
    char *fterm = nx_file_term(f->relpath);
    if (!fterm)
        abort();
    char sig[64];
    snprintf(sig, sizeof sig, "%lld:%lld:%llu", (long long)f->size, (long long)f->mtime_ns,
             (unsigned long long)f->ino);
    uint32_t docid = 0;
    nx_error_t e;
    if (!r->scratch && xap_db_find_term(r->db, fterm, &docid, &e) != NX_OK) {
        r->fatal = nx_error_set(r->err, e.code, "%s", e.msg);
        free(fterm);
        return 1;
    }
    mark_seen(r, fterm);
    if (docid) {
        char *val;
        size_t len;
        if (xap_db_get_value(r->db, docid, NX_SLOT_SIGNATURE, &val, &len, &e) != NX_OK) {
            r->fatal = nx_error_set(r->err, e.code, "%s", e.msg);
            return 1;
        }
        int same = strcmp(val, sig) == 0;
        free(val);
        if (same) {
            r->prog->unchanged++;
            return 0;
        }
    }
    if (r->njobs == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->jobs = xrealloc(r->jobs, r->cap * sizeof *r->jobs);
    }
    job_t *j = &r->jobs[r->njobs++];
    memset(j, 0, sizeof *j);
    j->path = xstrdup(f->path);
    j->relpath = xstrdup(f->relpath);
    memcpy(j->signature, sig, sizeof sig);
    j->size = f->size;
    j->mtime_s = f->mtime_ns / 1000000000;
    j->existed = docid != 0;
    return 0;
}

/* Read, parse, extract and build the documents of one file. */
static void process(run_t *r, xap_tg *tg, job_t *j)
{
    nx_error_t e;
    nx_error_clear(&e);
    char *data = NULL;
    size_t len = 0;
    nx_article_list_t list = {0};
    if (nx_read_file(j->path, r->pctx.max_bytes, &data, &len, &e) != NX_OK ||
        nx_parse_file(&r->pctx, j->relpath, data, len, &list, &e) != NX_OK) {
        j->error = xstrdup(e.msg[0] ? e.msg : nx_status_str(e.code));
        goto out;
    }
    if (list.n == 0) {
        j->error = xstrdup("no article found");
        goto out;
    }
    j->docs = calloc(list.n, sizeof *j->docs);
    j->ids = calloc(list.n, sizeof *j->ids);
    if (!j->docs || !j->ids) {
        j->error = xstrdup("out of memory");
        goto out;
    }
    for (size_t i = 0; i < list.n; i++) {
        nx_article_t *a = list.v[i];
        if (!a->path)
            a->path = xstrdup(j->relpath);
        if (!a->id)
            a->id = xstrdup(j->relpath);
        if (nx_extract(&r->ex, a, j->mtime_s) != NX_OK ||
            nx_build_doc(tg, a, j->signature, &j->docs[j->ndocs], &e) != NX_OK) {
            j->error = xstrdup(e.msg[0] ? e.msg : "cannot build the document");
            goto out;
        }
        /* A feed may repeat an item (same guid): keep the first. */
        int dup = 0;
        for (size_t k = 0; k < j->ndocs && !dup; k++)
            dup = strcmp(j->ids[k], a->id) == 0;
        if (dup) {
            xap_doc_free(j->docs[j->ndocs]);
            j->docs[j->ndocs] = NULL;
            continue;
        }
        j->ids[j->ndocs++] = xstrdup(a->id);
    }
out:
    nx_article_list_clear(&list);
    free(data);
}

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
            process(r, tg, j);
        else
            j->error = xstrdup("cannot create a term generator");
        pthread_mutex_lock(&r->mu);
        j->done = 1;
        pthread_cond_broadcast(&r->done_cv);
    }
    pthread_mutex_unlock(&r->mu);
    xap_tg_free(tg);
    return NULL;
}

static void free_result(job_t *j)
{
    for (size_t i = 0; i < j->ndocs; i++) {
        xap_doc_free(j->docs[i]);
        free(j->ids[i]);
    }
    free(j->docs);
    free(j->ids);
    free(j->error);
    j->docs = NULL;
    j->ids = NULL;
    j->error = NULL;
    j->ndocs = 0;
}

/* Count a finished job and say what became of it (under r->mu when
 * several threads account). */
static void account(run_t *r, const job_t *j)
{
    if (j->error) {
        r->prog->failed++;
        warn_file(j->path, j->error);
        return;
    }
    if (j->existed)
        r->prog->updated += j->ndocs;
    else
        r->prog->added += j->ndocs;
    if (r->cfg->verbose > 0)
        fprintf(stderr, "newsindex: %s: %s %zu document%s\n", j->path,
                j->existed ? "updated" : "added", j->ndocs, j->ndocs == 1 ? "" : "s");
}

static void draw_progress(const run_t *r, size_t done, double t0)
{
    double el = now_s() - t0;
    double rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(r->njobs - done) / rate : 0;
    int width = 30;
    int fill = r->njobs ? (int)((double)done * width / (double)r->njobs) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.0f files/s  ETA %d:%02d ", fill,
            "##############################", width - fill, "", done, r->njobs, rate,
            (int)eta / 60, (int)eta % 60);
}

/* Write the results in order; returns a fatal status or NX_OK. */
static nx_status_t write_results(run_t *r)
{
    const nx_index_config_t *cfg = r->cfg;
    nx_error_t e;
    nx_status_t s = NX_OK;
    unsigned in_batch = 0;
    double t0 = now_s(), last_draw = 0;
    if ((s = xap_db_begin(r->db, &e)))
        return nx_error_set(r->err, s, "%s", e.msg);
    for (size_t i = 0; i < r->njobs; i++) {
        job_t *j = &r->jobs[i];
        pthread_mutex_lock(&r->mu);
        while (!j->done && !*cfg->stop)
            pthread_cond_wait(&r->done_cv, &r->mu);
        pthread_mutex_unlock(&r->mu);
        if (*cfg->stop && !j->done) {
            r->prog->interrupted = 1;
            break;
        }
        if (!j->error) {
            if (j->existed) {
                char *fterm = nx_file_term(j->relpath);
                s = fterm ? xap_db_delete(r->db, fterm, &e) : NX_E_NOMEM;
                free(fterm);
                if (s)
                    break;
            }
            /* Ids contain the file's path, so once the file's old
             * documents are gone no document can hold one of these ids:
             * add, no look-up. */
            for (size_t d = 0; d < j->ndocs && !s; d++) {
                s = xap_db_add(r->db, j->docs[d], &e);
                if (!s)
                    s = xap_db_add_spellings(r->db, j->docs[d], &e);
            }
            if (s)
                break;
            in_batch += (unsigned)j->ndocs;
        }
        account(r, j);
        free_result(j);
        pthread_mutex_lock(&r->mu);
        r->consumed = i + 1;
        pthread_cond_broadcast(&r->work_cv);
        pthread_mutex_unlock(&r->mu);
        if (in_batch >= cfg->batch) {
            if ((s = xap_db_commit(r->db, &e)) || (s = xap_db_begin(r->db, &e)))
                break;
            in_batch = 0;
        }
        if (cfg->progress) {
            double t = now_s();
            if (t - last_draw > 0.2) {
                draw_progress(r, i + 1, t0);
                last_draw = t;
            }
        }
        if (*cfg->stop) {
            r->prog->interrupted = 1;
            break;
        }
    }
    if (cfg->progress && r->njobs)
        fputc('\n', stderr);
    if (s) {
        nx_error_t ignore;
        xap_db_cancel(r->db, &ignore);
        return nx_error_set(r->err, s, "%s", e.msg);
    }
    if ((s = xap_db_commit(r->db, &e)))
        return nx_error_set(r->err, s, "%s", e.msg);
    return NX_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
    run_t *r;
    char **gone;
    size_t ngone, cap;
} prune_t;

static int on_file_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    (void)freq;
    prune_t *p = ctx;
    char *t = strndup(term, len);
    if (!t)
        return 1;
    if (bsearch(&t, p->r->seen, p->r->nseen, sizeof *p->r->seen, cmp_str)) {
        free(t);
        return 0;
    }
    if (p->ngone == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->gone = xrealloc(p->gone, p->cap * sizeof *p->gone);
    }
    p->gone[p->ngone++] = t;
    return 0;
}

/* The archive-relative path stored with the first document holding
 * fterm (malloc'd), or NULL. */
static char *doc_path(xap_db *db, const char *fterm)
{
    nx_error_t e;
    uint32_t docid = 0;
    char *data = NULL, *path = NULL;
    size_t len, meta_len, text_len;
    const char *text;
    if (xap_db_find_term(db, fterm, &docid, &e) != NX_OK || !docid ||
        xap_db_get_data(db, docid, &data, &len, &e) != NX_OK)
        return NULL;
    nx_record_split(data, len, &meta_len, &text, &text_len);
    json_t *rec = json_loadb(data, meta_len, 0, NULL);
    const char *p = json_string_value(json_object_get(rec, "path"));
    if (p)
        path = strdup(p);
    json_decref(rec);
    free(data);
    return path;
}

/* Remove the documents of files not seen in this run. */
static nx_status_t prune(run_t *r)
{
    nx_error_t e;
    nx_status_t s;
    qsort(r->seen, r->nseen, sizeof *r->seen, cmp_str);
    prune_t p = {r, NULL, 0, 0};
    if ((s = xap_db_allterms(r->db, NX_PREFIX_FILE, on_file_term, &p, &e)))
        goto out;
    if (p.ngone == 0)
        goto out;
    if ((s = xap_db_begin(r->db, &e)))
        goto out;
    for (size_t i = 0; i < p.ngone && !s; i++) {
        if (r->cfg->verbose > 0) {
            char *path = doc_path(r->db, p.gone[i]);
            fprintf(stderr, "newsindex: %s: removed (file gone)\n", path ? path : p.gone[i]);
            free(path);
        }
        uint32_t before = 0, after = 0;
        s = xap_db_doccount(r->db, &before, &e);
        if (!s)
            s = xap_db_delete(r->db, p.gone[i], &e);
        if (!s)
            s = xap_db_doccount(r->db, &after, &e);
        if (!s)
            r->prog->removed += before - after;
    }
    if (!s)
        s = xap_db_commit(r->db, &e);
    else {
        nx_error_t ignore;
        xap_db_cancel(r->db, &ignore);
    }
out:
    for (size_t i = 0; i < p.ngone; i++)
        free(p.gone[i]);
    free(p.gone);
    if (s)
        return nx_error_set(r->err, s, "%s", e.msg);
    return NX_OK;
}

/* ---- building from nothing: shards ---- */

typedef struct {
    size_t lo, hi; /* jobs [lo, hi) */
    char *path;
    int opened;    /* its database exists */
} shard_t;

typedef struct {
    run_t *r;
    shard_t *v;
    size_t n;
    size_t next;      /* next shard to take (under r->mu) */
    size_t done;      /* jobs finished (under r->mu) */
    unsigned running; /* threads still working (under r->mu) */
    atomic_int quit;  /* a shard failed: the others stop */
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
    unsigned in_batch = 0;
    for (size_t i = part->lo; i < part->hi && !s; i++) {
        if (*r->cfg->stop || atomic_load(&sh->quit))
            break;
        job_t *j = &r->jobs[i];
        process(r, tg, j);
        for (size_t d = 0; d < j->ndocs && !s; d++) {
            s = xap_db_add(db, j->docs[d], e);
            if (!s)
                s = xap_db_add_spellings(db, j->docs[d], e);
        }
        in_batch += (unsigned)j->ndocs;
        if (!s && in_batch >= r->cfg->batch) {
            s = xap_db_commit(db, e);
            in_batch = 0;
        }
        pthread_mutex_lock(&r->mu);
        if (!s)
            account(r, j);
        sh->done++;
        pthread_cond_broadcast(&r->done_cv);
        pthread_mutex_unlock(&r->mu);
        free_result(j);
    }
    if (!s)
        s = xap_db_commit(db, e);
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
        sh->v[k].path = xrealloc(NULL, len);
        snprintf(sh->v[k].path, len, "%s/shard-%04zu", dir, k);
        sh->v[k].lo = lo;
        sh->v[k].hi = hi;
        lo = hi;
    }
}

/* Write the run's metadata and commit; count the documents. */
static nx_status_t finish(xap_db *db, nx_progress_t *prog, nx_error_t *e)
{
    char iso[32], ver[16];
    nx_date_t now;
    nx_date_from_unix((int64_t)time(NULL), &now);
    nx_date_format_iso(&now, iso);
    snprintf(ver, sizeof ver, "%d", NX_SCHEMA_VERSION);
    uint32_t n = 0;
    nx_status_t s;
    if ((s = xap_db_set_metadata(db, NX_META_SCHEMA, ver, e)) ||
        (s = xap_db_set_metadata(db, NX_META_UPDATED, iso, e)) || (s = xap_db_commit(db, e)) ||
        (s = xap_db_doccount(db, &n, e)))
        return s;
    prog->docs_total = n;
    return NX_OK;
}

/* Build the index from nothing with nthreads threads (see the top of the
 * file) in the work directory dir, and put it in place of r->db, which is
 * closed. */
static nx_status_t build_scratch(run_t *r, unsigned nthreads, const char *dir)
{
    const nx_index_config_t *cfg = r->cfg;
    nx_error_t e;
    nx_status_t s;
    /* r->db must have nothing left to write when it is closed after the
     * exchange: Xapian writes by path, which will then be the new index. */
    if ((s = xap_db_commit(r->db, &e)) != NX_OK)
        return nx_error_set(r->err, s, "%s", e.msg);
    if (mkdir(dir, 0777) != 0)
        return nx_error_set(r->err, NX_E_IO,
                            "%s: cannot create the work directory of a build from nothing "
                            "(it goes beside the index): %s",
                            dir, strerror(errno));
    size_t ol = strlen(dir) + 8;
    char *out = xrealloc(NULL, ol);
    snprintf(out, ol, "%s/index", dir);
    shards_t sh;
    memset(&sh, 0, sizeof sh);
    sh.r = r;
    /* Several shards a thread, so that a thread finishing early takes
     * another instead of waiting for the last one. (Smaller shards of at
     * most 32 MB of input each were no faster at --copies 30.) */
    sh.n = (size_t)nthreads * 4;
    if (sh.n > r->njobs / 16 + 1)
        sh.n = r->njobs / 16 + 1;
    sh.v = xrealloc(NULL, sh.n * sizeof *sh.v);
    memset(sh.v, 0, sh.n * sizeof *sh.v);
    cut_shards(&sh, r, dir);
    if (nthreads > sh.n)
        nthreads = (unsigned)sh.n;

    pthread_t *tids = xrealloc(NULL, nthreads * sizeof *tids);
    pthread_mutex_lock(&r->mu);
    for (unsigned i = 0; i < nthreads; i++)
        if (pthread_create(&tids[sh.running], NULL, shard_worker, &sh) == 0)
            sh.running++;
    unsigned started = sh.running;
    double t0 = now_s(), last_draw = 0;
    while (sh.running > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&r->done_cv, &r->mu, &ts);
        if (cfg->progress && (now_s() - last_draw >= 0.2 || sh.running == 0)) {
            draw_progress(r, sh.done, t0);
            last_draw = now_s();
        }
    }
    int complete = sh.done == r->njobs;
    pthread_mutex_unlock(&r->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    if (cfg->progress && r->njobs)
        fputc('\n', stderr);
    if (started == 0)
        s = nx_error_set(r->err, NX_E_INTERNAL, "cannot start worker threads");
    else if (sh.fatal)
        s = nx_error_set(r->err, sh.fatal, "%s", sh.fatal_err.msg);
    r->prog->interrupted = !complete;

    /* Compact what was built (all of it, or what an interrupted run got
     * to: a re-run adds the rest) and put it in place. */
    const char **srcs = xrealloc(NULL, (sh.n + 1) * sizeof *srcs);
    size_t nsrc = 0;
    for (size_t k = 0; k < sh.n; k++)
        if (sh.v[k].opened)
            srcs[nsrc++] = sh.v[k].path;
    xap_db *db = NULL;
    if (!s && nsrc > 0 && cfg->progress)
        fprintf(stderr, "newsindex: compacting %zu shard%s into the new index\n", nsrc,
                nsrc == 1 ? "" : "s");
    if (!s && nsrc > 0) {
        if ((s = xap_compact(srcs, nsrc, out, &e)) || (s = xap_db_open(out, XAP_OPEN_WRITE, &db, &e)) ||
            (s = finish(db, r->prog, &e)))
            nx_error_set(r->err, s, "%s", e.msg);
        xap_db_close(db);
        if (!s && nx_dir_exchange(out, cfg->db_path) != 0)
            s = nx_error_set(r->err, NX_E_IO, "%s: cannot put the new index in place: %s",
                             cfg->db_path, strerror(errno));
        if (!s) {
            /* The old index, now at out, goes with the work directory. */
            xap_db_close(r->db);
            r->db = NULL;
        }
    }
    free(srcs);
    for (size_t k = 0; k < sh.n; k++)
        free(sh.v[k].path);
    free(sh.v);
    nx_rm_tree(dir);
    free(out);
    return s;
}

static nx_status_t open_db(const nx_index_config_t *cfg, xap_db **db, nx_error_t *err)
{
    double deadline = now_s() + cfg->wait_s;
    for (;;) {
        nx_status_t s = xap_db_open(cfg->db_path, XAP_OPEN_WRITE, db, err);
        if (s != NX_E_LOCKED || now_s() >= deadline)
            return s;
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

/* The index's schema version (0 for a new index); a newer one is fatal. */
static nx_status_t check_schema(xap_db *db, const nx_index_config_t *cfg, int *ver,
                                nx_error_t *err)
{
    char *v = NULL;
    nx_status_t s = xap_db_get_metadata(db, NX_META_SCHEMA, &v, err);
    if (s)
        return s;
    *ver = *v ? atoi(v) : 0;
    free(v);
    if (*ver > NX_SCHEMA_VERSION)
        return nx_error_set(err, NX_E_VERSION,
                            "%s: index schema %d is newer than this newsindex (%d)", cfg->db_path,
                            *ver, NX_SCHEMA_VERSION);
    return NX_OK;
}

nx_status_t nx_index_run(const nx_index_config_t *cfg, nx_progress_t *prog, nx_error_t *err)
{
    double t0 = now_s();
    memset(prog, 0, sizeof *prog);
    run_t r;
    memset(&r, 0, sizeof r);
    r.cfg = cfg;
    r.prog = prog;
    r.err = err;
    r.pctx.max_bytes = NX_MAX_FILE_BYTES;
    nx_sources_t *src = NULL;
    nx_gazetteer_t *gaz = NULL;
    nx_topics_t *top = NULL;
    char *workdir = NULL;
    nx_status_t s = load_data(cfg, &src, &gaz, &top, err);
    if (s)
        goto out;
    r.pctx.sources = src;
    r.ex.gazetteer = gaz;
    r.ex.topics = top;
    if ((s = open_db(cfg, &r.db, err)))
        goto out;
    int schema = 0;
    if ((s = check_schema(r.db, cfg, &schema, err)))
        goto out;
    /* The work directory of a build from nothing sits beside the index (a
     * rename cannot cross file systems). One a killed run left is removed:
     * we hold the index's lock, so no other run uses it. */
    size_t dl = strlen(cfg->db_path);
    while (dl > 1 && cfg->db_path[dl - 1] == '/')
        dl--;
    workdir = xrealloc(NULL, dl + 8);
    snprintf(workdir, dl + 8, "%.*s.build", (int)dl, cfg->db_path);
    nx_rm_tree(workdir);
    uint32_t ndocs = 0;
    if ((s = xap_db_doccount(r.db, &ndocs, err)))
        goto out;
    r.scratch = cfg->full || ndocs == 0;
    if (ndocs > 0 && schema < NX_SCHEMA_VERSION && !cfg->full) {
        /* Documents written by an older newsindex would be searched wrongly
         * (see NX_SCHEMA_VERSION): start again from the archive. */
        fprintf(stderr, "newsindex: %s: index schema %d is older than this newsindex (%d): "
                "building it again from the archive\n", cfg->db_path, schema, NX_SCHEMA_VERSION);
        r.scratch = 1;
    }
    for (size_t i = 0; i < cfg->nroots && !r.fatal && !*cfg->stop; i++) {
        nx_error_t we;
        s = nx_walk(cfg->roots[i], on_file, on_walk_error, &r, &we);
        if (r.fatal) {
            s = r.fatal;
            goto out;
        }
        if (s == NX_E_IO) {
            /* A missing root (a typo, an unmounted disk) must not read as
             * "every file is gone": ids do not say which root they came
             * from, so nothing is pruned in this run. */
            fprintf(stderr, "newsindex: %s (nothing is removed from the index in this run)\n",
                    we.msg);
            prog->failed++;
            r.partial = 1;
            s = NX_OK;
        }
    }
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.work_cv, NULL);
    pthread_cond_init(&r.done_cv, NULL);
    unsigned nthreads = cfg->jobs ? cfg->jobs : 1;
    if (r.scratch) {
        s = build_scratch(&r, nthreads, workdir);
    } else {
        r.window = (size_t)nthreads * 16;
        pthread_t *tids = calloc(nthreads, sizeof *tids);
        unsigned started = 0;
        for (unsigned i = 0; tids && i < nthreads; i++)
            if (pthread_create(&tids[i], NULL, worker, &r) == 0)
                started++;
        if (started == 0)
            s = nx_error_set(err, NX_E_INTERNAL, "cannot start worker threads");
        else
            s = write_results(&r);
        pthread_mutex_lock(&r.mu);
        r.quit = 1;
        pthread_cond_broadcast(&r.work_cv);
        pthread_mutex_unlock(&r.mu);
        for (unsigned i = 0; i < started; i++)
            pthread_join(tids[i], NULL);
        free(tids);
        if (!s && cfg->prune && !r.partial && !prog->interrupted && !*cfg->stop)
            s = prune(&r);
        nx_error_t e;
        if (!s && (s = finish(r.db, prog, &e)))
            nx_error_set(err, s, "%s", e.msg);
    }
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.work_cv);
    pthread_cond_destroy(&r.done_cv);
out:
    for (size_t i = 0; i < r.njobs; i++) {
        free_result(&r.jobs[i]);
        free(r.jobs[i].path);
        free(r.jobs[i].relpath);
    }
    free(r.jobs);
    for (size_t i = 0; i < r.nseen; i++)
        free(r.seen[i]);
    free(r.seen);
    xap_db_close(r.db);
    free(workdir);
    nx_sources_free(src);
    nx_gazetteer_free(gaz);
    nx_topics_free(top);
    prog->seconds = now_s() - t0;
    return s;
}
