/* indexer.h - what newsindex's command line (main.c) and the tests see of
 * the indexer: the roots a run plans, and the run itself, with the
 * callbacks it reports through. The stages live in their folders:
 * ingest/ (walk, read), parse/ (the parsers), pipeline/ (the run). */
#ifndef NEWSINDEX_INDEXER_H
#define NEWSINDEX_INDEXER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "newsindex/schema.h"
#include "newsindex/status.h"
#include "parse/parse.h"

/* ---- archive roots (roots.c) ---- */

/* 1 when path a lies strictly inside directory b (both absolute). */
int nx_path_inside(const char *a, const char *b);

/* What one run walks: a whole root, or a folder or file inside one. */
typedef struct {
    size_t root;  /* index in the plan's roots */
    char *walk;   /* absolute path to walk */
    char *prefix; /* the id of a file found is prefix + its relpath ("bbc/",
                     "bbc/sport/"); of a file target, prefix alone */
    int whole;    /* the whole root */
    int is_file;  /* walk is a file */
} nx_target_t;

typedef struct {
    nx_roots_t roots;  /* the roots the index records after this run */
    nx_target_t *t;
    size_t nt;
    char **forgotten;  /* labels of roots removed from the index */
    size_t nforgotten;
    int moved;         /* a recorded root was given a new path */
} nx_plan_t;

/* Decide a run from the recorded roots and the command line (before any
 * write): each argument is DIR or LABEL=DIR (LABEL has no '/'); DIR is a
 * recorded root, a folder inside one (updated alone), or a new root
 * labelled with its base name; LABEL=DIR gives a recorded root its new
 * place. No argument: every recorded root. full: every root, whole.
 * forget: labels of roots to drop. Refused with a one-line reason: a
 * missing or unreadable argument, roots that nest, a label taken or not
 * valid, and an index (or its work directory) inside, equal to or around
 * a root. */
nx_status_t nx_plan(const nx_roots_t *recorded, const char *const *args, size_t nargs,
                    const char *const *forget, size_t nforget, int full, const char *db_path,
                    nx_plan_t *out, nx_error_t *err);
void nx_plan_free(nx_plan_t *p);

/* ---- the pipeline (run.c and the files it drives) ---- */

/* Why a file or directory was skipped, for the caller to classify. */
typedef enum {
    NX_SKIP_UNREADABLE,    /* the file cannot be read */
    NX_SKIP_BAD,           /* its content cannot be parsed, or holds no article */
    NX_SKIP_DIR,           /* a directory cannot be read: the documents under it are kept */
    NX_SKIP_BROKEN_LINK,   /* a symbolic link to nothing */
    NX_SKIP_LINK_OUTSIDE,  /* a link out of the archive, not followed (not a failure) */
    NX_SKIP_STILL_FAILING  /* failed before and unchanged since: not read again */
} nx_skip_t;

typedef enum { NX_DID_ADD, NX_DID_UPDATE, NX_DID_REMOVE } nx_did_t;

/* How a run tells what happens; every callback may be NULL. Paths are the
 * file system's bytes (the caller escapes them for a terminal). Called
 * from the thread that runs nx_index_run, except skip and did, which may
 * come from worker threads, one at a time. */
typedef struct {
    void (*skip)(void *ctx, const char *path, nx_skip_t why, const char *reason);
    void (*did)(void *ctx, const char *path, nx_did_t what, size_t ndocs);
    void (*note)(void *ctx, const char *msg);               /* one line */
    /* done of total files; phase NULL while indexing files, else what
     * the run does next ("compacting 4 shards into the new index") */
    void (*progress)(void *ctx, const char *phase, size_t done, size_t total);
    void *ctx;
} nx_report_t;

typedef struct {
    const char *db_path;
    const char *const *args; /* roots or folders to index (see nx_plan) */
    size_t nargs;
    const char *const *forget; /* labels of roots to remove */
    size_t nforget;
    int full;          /* rebuild from scratch */
    int prune;         /* remove documents whose files are gone (default on) */
    int allow_shrink;  /* allow removing more than NX_SHRINK_PERCENT */
    int retry_failed;  /* read files that failed before even if unchanged */
    int follow;        /* follow symbolic links out of the archive */
    const char *const *excludes; /* NULL-terminated globs, or NULL */
    int default_excludes;        /* skip nx_default_excludes too */
    unsigned shard_k, shard_n; /* --shard K/N: only the files whose id's FNV-1a hash is K
                                * modulo N (N 0: every file) */
    unsigned batch;    /* documents per commit */
    unsigned jobs;     /* worker threads */
    double wait_s;     /* wait this long for the lock (0: fail at once) */
    const char *topics_path; /* NULL: the default rules */
    int no_dedup;      /* no fingerprints, no near-duplicate clusters */
    double dup_threshold; /* estimated Jaccard joining two articles (0: NX_DUP_THRESHOLD) */
    volatile sig_atomic_t *stop; /* set by a signal handler */
    nx_limits_t limits; /* bounds per file (parse/parse.h; 0: defaults; stop: cfg's) */
    nx_report_t report;
} nx_index_config_t;

/* A run that would remove more than this share of the index's documents,
 * and more than NX_SHRINK_MIN of them, removes nothing unless allowed. */
#define NX_SHRINK_PERCENT 10
#define NX_SHRINK_MIN 20
/* Articles whose bodies' estimated shingle Jaccard similarity is at
 * least this are near-duplicates (--dup-threshold). */
#define NX_DUP_THRESHOLD 0.7

typedef struct {
    uint64_t files;      /* files seen */
    uint64_t added;      /* documents added */
    uint64_t updated;    /* documents replaced because their file changed */
    uint64_t unchanged;  /* files skipped as unchanged */
    uint64_t removed;    /* documents removed (their files are gone) */
    uint64_t failed;     /* files newly skipped: could not be read or parsed */
    uint64_t still_failing; /* files that failed before, unchanged, not read */
    uint64_t not_followed;  /* symbolic links out of the archive */
    uint64_t docs_before;   /* documents in the index at the start */
    uint64_t docs_total;    /* documents in the index at the end */
    uint64_t would_remove;  /* documents a refused shrink would have removed */
    uint64_t clusters;      /* near-duplicate clusters after the run */
    uint64_t clustered;     /* documents in them */
    uint64_t reclustered;   /* documents whose cluster changed in this run */
    double seconds;
    int interrupted;     /* stopped by a signal */
    int partial_publish; /* a first build, interrupted, published what it did */
    nx_roots_t roots;    /* the index's roots after the run (nx_progress_free) */
} nx_progress_t;

void nx_progress_free(nx_progress_t *p);

/* Run one indexing pass. A returned error is fatal and changed nothing
 * that was there (NX_E_LOCKED for a held lock; NX_E_INVALID for a
 * refusal; NX_E_IO, NX_E_CORRUPT, NX_E_VERSION, ...), with a one-line
 * message in err. */
nx_status_t nx_index_run(const nx_index_config_t *cfg, nx_progress_t *prog, nx_error_t *err);

/* Is the file of this id in shard k of n (n 0: every file is)? The
 * 64-bit FNV-1a hash of the id (LABEL/path: a feed's items go with their
 * file) modulo n: stable across runs, machines and archive sizes. */
int nx_shard_owns(const char *id, unsigned k, unsigned n);

/* newsindex --shards N: N runs of cfg at once, one process each, the run
 * K into DB/shard-K with --shard K/N and cfg->jobs / N threads (at least
 * one), then DB/XAPIANDB, the stub file listing them that newssearch
 * --db DB reads. DB must be new, empty, or such a directory of shards
 * (NX_E_INVALID otherwise, before anything is written). *rc: the worst
 * exit status of the runs (each prints its own summary). */
nx_status_t nx_index_shards(const nx_index_config_t *cfg, unsigned n,
                            int (*run_one)(const nx_index_config_t *cfg, void *ctx), void *ctx,
                            int *rc, nx_error_t *err);

/* newsindex --compact: with no source, the index at db_path compacted in
 * place (or each shard of a directory of shards): the compacted copy is
 * built beside it (DB.compact) and exchanged with it in one
 * renameat2(RENAME_EXCHANGE), under the index's write lock, so a search
 * sees the whole old index or the whole new one. With sources (indexes or
 * directories of shards), merged into a new index at db_path (which must
 * not exist), without their shard marks. */
nx_status_t nx_index_compact(const char *db_path, const char *const *srcs, size_t nsrcs,
                             nx_error_t *err);

/* Xapian's check of the index at db_path: NX_OK when it finds nothing,
 * NX_E_CORRUPT with the first errors in err. */
nx_status_t nx_index_check(const char *db_path, nx_error_t *err);

#endif
