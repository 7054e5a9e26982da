/* indexer.h - the stages of newsindex after parsing: walking the archive,
 * extraction (date fall-backs, countries, topics), turning an article into
 * a Xapian document, and the pipeline that runs them. */
#ifndef NEWSINDEX_INDEXER_H
#define NEWSINDEX_INDEXER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "newsindex/article.h"
#include "newsindex/country.h"
#include "newsindex/source.h"
#include "newsindex/status.h"
#include "newsindex/topic.h"
#include "newsindex/xap.h"

/* ---- walk ---- */

typedef struct {
    const char *path;    /* full path as opened */
    const char *relpath; /* relative to the root given on the command line */
    off_t size;
    int64_t mtime_ns;
    ino_t ino;
} nx_file_t;

/* Called for each regular file; return non-zero to stop the walk. */
typedef int (*nx_walk_fn)(void *ctx, const nx_file_t *f);
/* Called for each directory or file that cannot be read: its path, its
 * path relative to the root ("" for the root itself), whether it is a
 * directory, and the reason. */
typedef void (*nx_walk_err_fn)(void *ctx, const char *path, const char *relpath, int is_dir,
                               const char *msg);

/* Walk root recursively in sorted order, skipping hidden names (".x"),
 * following symbolic links but never into a directory already being
 * visited (no loops) and never deeper than 64 levels. root itself may be a
 * single file (its relpath is then its base name). Returns NX_OK, NX_E_IO
 * when root cannot be read, or NX_E_INTERNAL when fn stopped the walk. */
nx_status_t nx_walk(const char *root, nx_walk_fn fn, nx_walk_err_fn on_err, void *ctx,
                    nx_error_t *err);

/* ---- extraction ---- */

typedef struct {
    const nx_gazetteer_t *gazetteer; /* may be NULL: no countries */
    const nx_topics_t *topics;       /* may be NULL: no topics */
} nx_extractor_t;

/* Text indexed and stored per article, at most: a news article is a few
 * KB; a 10 MB "article" is a dump, and indexing all of it would cost
 * seconds for nothing. The rest is dropped at a word boundary. */
#define NX_MAX_TEXT (1024u * 1024u)

/* Fill what parsing left open: the date from the path, else from mtime
 * (date_origin records which), the countries and the topics; cut the text
 * to NX_MAX_TEXT. */
nx_status_t nx_extract(const nx_extractor_t *ex, nx_article_t *a, int64_t mtime_s);

/* ---- documents ---- */

/* Build the Xapian document of an extracted article: free text and title
 * with positions (TermGenerator tg), boolean filter terms, values, the
 * file term, and the stored record. signature is the file's
 * "size:mtime:inode". *out is the caller's to free. */
nx_status_t nx_build_doc(xap_tg *tg, const nx_article_t *a, const char *signature, xap_doc **out,
                         nx_error_t *err);

/* ---- file system ---- */

/* Remove a directory tree (errors ignored: used on temporary trees). */
void nx_rm_tree(const char *path);
/* Exchange directories a and b (both must exist), atomically where the
 * file system allows; 0 or -1 with errno. */
int nx_dir_exchange(const char *a, const char *b);

/* ---- the pipeline ---- */

typedef struct {
    const char *db_path;
    const char *const *roots; /* archive roots to index */
    size_t nroots;
    int full;          /* rebuild from scratch */
    int prune;         /* remove documents whose files are gone (default on) */
    unsigned batch;    /* documents per commit */
    unsigned jobs;     /* worker threads */
    int verbose;       /* -1 quiet, 0 normal, 1 verbose */
    int progress;      /* draw a progress line on stderr */
    double wait_s;     /* wait this long for the lock (0: fail at once) */
    const char *topics_path; /* NULL: the default rules */
    volatile sig_atomic_t *stop; /* set by a signal handler: commit and stop */
} nx_index_config_t;

typedef struct {
    uint64_t files;      /* files seen */
    uint64_t added;      /* documents added */
    uint64_t updated;    /* documents replaced because their file changed */
    uint64_t unchanged;  /* files skipped as unchanged */
    uint64_t removed;    /* documents removed (their files are gone) */
    uint64_t failed;     /* files that could not be read or parsed */
    uint64_t docs_total; /* documents in the index at the end */
    double seconds;
    int interrupted;
} nx_progress_t;

/* Run one indexing pass. Errors about single files go to stderr as
 * "newsindex: PATH: skipped: REASON" and are counted; a returned error is
 * fatal (NX_E_LOCKED for a held lock, NX_E_VERSION, NX_E_IO, ...). */
nx_status_t nx_index_run(const nx_index_config_t *cfg, nx_progress_t *prog, nx_error_t *err);

#endif
