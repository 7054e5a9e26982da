/* pipeline.h - what the stages of one indexing run share (run.c, scan.c,
 * job.c, update.c, build.c, prune.c, failed.c); not for other code.
 *
 * A run: plan the roots (roots.c), scan them (which files are new,
 * changed, unchanged, gone), decide what may be removed (the shrink
 * guard), then either update the index in place or build it from nothing
 * beside the old one, and record the run in the index's metadata. */
#ifndef NEWSINDEX_PIPELINE_H
#define NEWSINDEX_PIPELINE_H

#include <pthread.h>

#include "indexer.h"
#include "newsindex/article.h"
#include "newsindex/country.h"
#include "newsindex/source.h"
#include "newsindex/topic.h"
#include "newsindex/xap.h"
#include "ingest/ingest.h"
#include "parse/parse.h"

/* ---- extraction ---- */

typedef struct {
    const nx_gazetteer_t *gazetteer; /* may be NULL: no countries */
    const nx_topics_t *topics;       /* may be NULL: no topics */
    size_t max_text;                 /* text kept per article (0: NX_MAX_TEXT) */
} nx_extractor_t;

/* Text indexed and stored per article, at most: a news article is a few
 * KB; a 10 MB "article" is a dump, and indexing all of it would cost
 * seconds for nothing. The rest is dropped at a word boundary. */
#define NX_MAX_TEXT NX_DEF_MAX_TEXT

/* Fill what parsing left open: the date from the path, else from mtime
 * (date_origin records which), the countries and the topics; cut the text
 * to ex->max_text (--max-text). */
nx_status_t nx_extract(const nx_extractor_t *ex, nx_article_t *a, int64_t mtime_s);

/* ---- documents ---- */

/* Build the Xapian document of an extracted article: free text and title
 * with positions (TermGenerator tg), boolean filter terms, values, the
 * file term (file_term: nx_file_term of the file's id), the stored
 * record, and, with fingerprint set, the body's near-duplicate
 * fingerprint (NX_SLOT_FINGERPRINT; none when the body has no word).
 * signature is the file's "size:mtime:inode". *out is the caller's to
 * free. */
nx_status_t nx_build_doc(xap_tg *tg, const nx_article_t *a, const char *file_term,
                         const char *signature, int fingerprint, xap_doc **out,
                         nx_error_t *err);

/* ---- file system ---- */

/* Remove a directory tree, never following a symbolic link (errors
 * ignored: used on newsindex's own work trees). */
void nx_rm_tree(const char *path);
/* Exchange directories a and b (both must exist), atomically where the
 * file system allows; 0 or -1 with errno. */
int nx_dir_exchange(const char *a, const char *b);

/* The indexes of db (shards.c): its shards DB/shard-K when it is a
 * directory of shards (holding XAPIANDB; NX_E_NO_INDEX naming a shard
 * missing, NX_E_INVALID for another file in it), else db itself; appended
 * to (*v, *n), the caller's to free. */
nx_status_t nx_shards_of(const char *db, char ***v, size_t *n, nx_error_t *err);

/* ---- the index directory (owner.c) ---- */

/* Refuse a --db newsindex must not write, before anything changes: a file,
 * a directory holding other files, a Xapian database newsindex did not
 * write (a non-empty one without the schema metadata), an index it cannot
 * write (read-only file system, permissions), or a damaged one. *is_new:
 * 1 when there is no index there yet. NX_OK, or a status with the one-line
 * reason. */
nx_status_t nx_db_check_owner(const char *db_path, int *is_new, nx_error_t *err);
/* The work directory of a build from nothing (DB.build): made with a
 * marker file inside; a leftover one is removed only when it has the
 * marker (else NX_E_INVALID: something else is in the way). */
nx_status_t nx_workdir_make(const char *dir, nx_error_t *err);
nx_status_t nx_workdir_clear(const char *dir, nx_error_t *err);

/* One file to read. */
typedef struct {
    char *path;      /* as opened */
    char *id;        /* its id (bytes as the file system has them) */
    char *fterm;     /* nx_file_term(id) */
    char signature[64];
    off_t size;
    int64_t mtime_s;
    int existed;     /* the index already has documents of this file */
    /* Result, filled by a worker. */
    int done;
    xap_doc **docs;
    size_t ndocs;
    nx_skip_t why;   /* when error is set */
    int interrupted; /* the stop flag ended its parse: not done, not failed */
    char *error;     /* why the file was skipped, or NULL */
} job_t;

/* A file that could not be indexed, as remembered in the metadata. */
typedef struct {
    char *id;
    char *signature;
    char *reason;
    int clear;       /* indexed in this run: forget it */
} failed_t;

typedef struct {
    const nx_index_config_t *cfg;
    nx_report_t rep;
    nx_parse_ctx_t pctx;
    nx_limits_t limits;     /* cfg->limits resolved, with cfg->stop */
    nx_extractor_t ex;
    xap_db *db;
    nx_plan_t plan;
    int scratch;            /* building from nothing */
    /* the scan */
    job_t *jobs;
    size_t njobs, cap;
    char **seen;            /* file terms found this run, sorted after the scan */
    size_t nseen, seen_cap;
    char **kept;            /* file-term prefixes of unreadable folders: not pruned */
    size_t nkept, kept_cap;
    failed_t *failed;       /* remembered failures, sorted by id */
    size_t nfailed;
    failed_t *fresh;        /* this run's failures */
    size_t nfresh;
    char **gone;            /* file terms to remove (prune.c) */
    size_t ngone;
    uint64_t gone_docs;
    /* workers */
    pthread_mutex_t mu;     /* guards the fields below and the report */
    pthread_cond_t work_cv; /* a worker may take the next job */
    pthread_cond_t done_cv; /* a job is done */
    size_t next;            /* next job to hand out */
    size_t consumed;        /* jobs written by the main thread */
    size_t window;
    int quit;
    nx_progress_t *prog;
    nx_error_t *err;
} run_t;

/* ---- small helpers (kit.c) ---- */
char *nx_xstrdup(const char *s);        /* aborts on ENOMEM */
void *nx_xrealloc(void *p, size_t n);   /* aborts on ENOMEM */
/* Whose note says "out of memory" before those abort. */
void nx_report_running(const nx_report_t *rep);
double nx_now_s(void);
int nx_cmp_str(const void *a, const void *b);
/* Sort an array of strings; find one in a sorted array (n may be 0). */
void nx_sort_strs(char **v, size_t n);
int nx_has_str(char *const *v, size_t n, const char *s);
/* Skips and per-file actions, through cfg->report (under r->mu when
 * workers run). */
void nx_report_skip(run_t *r, const char *path, nx_skip_t why, const char *reason);
void nx_report_did(run_t *r, const char *path, nx_did_t what, size_t ndocs);
void nx_report_note(run_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- scan.c ---- */
/* Walk the plan's targets into r->jobs and r->seen; a target that is
 * missing, unreadable or empty is fatal (nothing is written). */
nx_status_t nx_scan(run_t *r);

/* ---- job.c ---- */
/* Read, parse, extract and build the documents of one file. */
void nx_job_process(run_t *r, xap_tg *tg, job_t *j);
void nx_job_free_result(job_t *j);
/* Count a finished job and report it (under r->mu with workers). */
void nx_job_account(run_t *r, job_t *j);
/* Add a job's documents and their spelling data to db; commits when
 * *in_batch reaches the batch size. */
nx_status_t nx_job_add(xap_db *db, const job_t *j, unsigned batch, unsigned *in_batch,
                       nx_error_t *err);

/* ---- prune.c ---- */
/* The documents of files not seen in a scanned scope (and of forgotten
 * roots) go into r->gone; refused (NX_E_INVALID) when they are more than
 * the shrink guard allows. */
nx_status_t nx_prune_plan(run_t *r);
/* Remove r->gone from r->db (one transaction). */
nx_status_t nx_prune(run_t *r);

/* ---- failed.c ---- */
nx_status_t nx_failed_load(run_t *r);
/* The remembered failure of id when its signature is still sig, or NULL. */
const failed_t *nx_failed_same(const run_t *r, const char *id, const char *sig);
/* A job was read: remember its failure, or forget an old one (under r->mu
 * with workers). */
void nx_failed_note(run_t *r, const job_t *j);
/* Write the run's failures to db (new ones, changed ones; drop those of
 * files now indexed or gone); before the last commit. */
nx_status_t nx_failed_save(run_t *r, xap_db *db, nx_error_t *err);
void nx_failed_free(run_t *r);

/* ---- update.c ---- */
/* Update the index in place: workers parse, the calling thread writes. */
nx_status_t nx_update(run_t *r);

/* ---- build.c ---- */
/* Build the index from nothing in dir (DB.build) and put it in place. */
nx_status_t nx_build(run_t *r, const char *dir);

/* ---- cluster.c ---- */
/* Near-duplicate clusters over the fingerprints of the n databases dbs
 * (the shards of a build, in order, or the one index of an update):
 * candidate pairs by LSH banding, kept when their estimated Jaccard
 * similarity is well above threshold or, near it, when the exact one of
 * their stored texts is at least threshold, joined transitively; each cluster of
 * two or more is named by the least id hash of its members, written into
 * NX_SLOT_CLUSTER of each member whose value differs (the values only),
 * and removed from documents no longer in a cluster. Counts into
 * *clusters and *clustered (documents in clusters). Commits nothing. */
nx_status_t nx_cluster(xap_db *const *dbs, size_t n, double threshold, uint64_t *clusters,
                       uint64_t *clustered, uint64_t *rewritten, nx_error_t *err);
/* nx_cluster for the run (nothing with cfg->no_dedup), in a transaction
 * of each database that the caller's next commit ends (cancelled on
 * failure); the counts go into r->prog. */
nx_status_t nx_recluster(run_t *r, xap_db *const *dbs, size_t n, nx_error_t *err);

/* ---- meta.c ---- */
/* The index's schema version (0 for a new index); a newer one is fatal. */
/* The index's shard mark (NX_META_SHARD) against the run's --shard: a
 * shard updated as another one, or as a whole index, or a whole index
 * given --shard, is refused (NX_E_INVALID) before any write; an empty new
 * index takes any. */
nx_status_t nx_meta_shard_check(const run_t *r, xap_db *db, nx_error_t *err);
nx_status_t nx_meta_schema(xap_db *db, const char *db_path, int *ver, nx_error_t *err);
/* The roots the index records. */
nx_status_t nx_meta_roots(xap_db *db, nx_roots_t *out, nx_error_t *err);
/* Set the roots' metadata (committed with the next commit): the first
 * documents of a new root are never committed without it. */
nx_status_t nx_record_roots(run_t *r, xap_db *db, nx_error_t *e);
/* Record the run in db's metadata (schema, time, roots, failures) and
 * commit; count its documents into r->prog. */
nx_status_t nx_finish(run_t *r, xap_db *db, nx_error_t *e);

#endif
