/* shards.c - an archive in several indexes: newsindex --shards N (N
 * builds at once, one process each, and the stub file that lists them)
 * and --compact (in place, or shards merged into one index). --shard K/N
 * itself is a filter of the scan (nx_shard_owns, meta.c). */
#include "indexer.h"
#include "pipeline/pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "newsindex/hash.h"
#include "newsindex/schema.h"
#include "newsindex/xap.h"

#define STUB "XAPIANDB"
#define SHARD_DIR "shard-" /* DB/shard-K */

static nx_status_t expand(const char *src, char ***v, size_t *n, nx_error_t *err);

int nx_shard_owns(const char *id, unsigned k, unsigned n)
{
    return n == 0 || nx_fnv1a(id, strlen(id)) % n == k;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The shard number of a directory entry "shard-K", or -1. */
static long shard_number(const char *name)
{
    if (strncmp(name, SHARD_DIR, strlen(SHARD_DIR)) != 0)
        return -1;
    const char *d = name + strlen(SHARD_DIR);
    char *end;
    errno = 0;
    long k = strtol(d, &end, 10);
    return *d && !*end && !errno && k >= 0 && (*d != '0' || !d[1]) ? k : -1;
}

/* DB as a directory of shards: new, empty, or holding only XAPIANDB and
 * shard-K directories with K < n (n 0: any K). *count: the highest K + 1. */
static nx_status_t check_shards_dir(const char *db, unsigned n, unsigned *count, nx_error_t *err)
{
    *count = 0;
    DIR *d = opendir(db);
    if (!d) {
        if (errno == ENOENT && n)
            return NX_OK;
        return nx_error_set(err, errno == ENOTDIR ? NX_E_INVALID : NX_E_IO,
                            "%s: not a directory of shards: %s", db, strerror(errno));
    }
    struct dirent *e;
    nx_status_t s = NX_OK;
    while (!s && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, STUB) == 0)
            continue;
        long k = shard_number(e->d_name);
        if (k < 0)
            s = nx_error_set(err, NX_E_INVALID,
                             "%s: holds %s, which is not a shard of newsindex --shards: "
                             "refusing to write there (nothing was changed)", db, e->d_name);
        else if (n && (unsigned long)k >= n)
            s = nx_error_set(err, NX_E_INVALID,
                             "%s: holds %s, of a build in more than %u shards: refusing to "
                             "change the number of shards (nothing was changed; build the "
                             "new layout in a new directory)", db, e->d_name, n);
        else if ((unsigned)k + 1 > *count)
            *count = (unsigned)k + 1;
    }
    closedir(d);
    return s;
}

/* DB/XAPIANDB listing shard-0 .. shard-(n-1), written whole or not at all. */
static nx_status_t write_stub(const char *db, unsigned n, nx_error_t *err)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", db, STUB);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return nx_error_set(err, NX_E_IO, "%s: %s", tmp, strerror(errno));
    fprintf(f, "# the shards of this index (newsindex --shards %u); newssearch --db %s\n", n,
            db);
    for (unsigned k = 0; k < n; k++)
        fprintf(f, "auto %s%u\n", SHARD_DIR, k);
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        nx_status_t s = nx_error_set(err, NX_E_IO, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return s;
    }
    return NX_OK;
}

nx_status_t nx_index_shards(const nx_index_config_t *cfg, unsigned n,
                            int (*run_one)(const nx_index_config_t *cfg, void *ctx), void *ctx,
                            int *rc, nx_error_t *err)
{
    *rc = 2;
    unsigned had = 0;
    nx_status_t s = check_shards_dir(cfg->db_path, n, &had, err);
    if (s)
        return s;
    if (!is_dir(cfg->db_path) && mkdir(cfg->db_path, 0777) != 0)
        return nx_error_set(err, NX_E_IO, "%s: %s", cfg->db_path, strerror(errno));
    unsigned jobs = cfg->jobs / n ? cfg->jobs / n : 1;
    pid_t *pids = calloc(n, sizeof *pids);
    char (*paths)[4096] = calloc(n, sizeof *paths);
    if (!pids || !paths) {
        free(pids);
        free(paths);
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }
    fflush(NULL);
    int worst = 0;
    for (unsigned k = 0; k < n; k++) {
        snprintf(paths[k], sizeof paths[k], "%s/%s%u", cfg->db_path, SHARD_DIR, k);
        pids[k] = fork();
        if (pids[k] == 0) {
            nx_index_config_t one = *cfg;
            one.db_path = paths[k];
            one.shard_k = k;
            one.shard_n = n;
            one.jobs = jobs;
            _exit(run_one(&one, ctx));
        }
        if (pids[k] < 0) {
            worst = 2;
            nx_error_set(err, NX_E_IO, "cannot start the build of shard %u: %s", k,
                         strerror(errno));
            break;
        }
    }
    for (unsigned k = 0; k < n; k++) {
        int status = 0;
        if (pids[k] <= 0)
            continue;
        while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR) {
        }
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 4;
        if (code > worst)
            worst = code;
    }
    /* The stub lists every shard once each has an index (a run that
     * failed left its shard as it was: a first build that failed left
     * none, and the stub would name a missing index). */
    int all = 1;
    for (unsigned k = 0; k < n; k++) {
        char glass[8400];
        snprintf(glass, sizeof glass, "%s/iamglass", paths[k]);
        all &= access(glass, F_OK) == 0;
    }
    free(pids);
    free(paths);
    *rc = worst;
    if (all)
        s = write_stub(cfg->db_path, n, err);
    else if (!worst)
        s = nx_error_set(err, NX_E_IO, "%s: a shard has no index", cfg->db_path);
    if (s)
        *rc = 2;
    return s;
}

/* ---- compaction ---- */

static nx_status_t need_index(const char *path, nx_error_t *err)
{
    char glass[8400];
    int w = snprintf(glass, sizeof glass, "%s/iamglass", path);
    if (w < 0 || (size_t)w >= sizeof glass || access(glass, F_OK) != 0)
        return nx_error_set(err, NX_E_NO_INDEX, "%s: no index here", path);
    return NX_OK;
}

nx_status_t nx_shards_of(const char *db, char ***v, size_t *n, nx_error_t *err)
{
    char stub[8400];
    snprintf(stub, sizeof stub, "%s/%s", db, STUB);
    if (access(stub, F_OK) == 0)
        return expand(db, v, n, err);
    *v = nx_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = nx_xstrdup(db);
    return NX_OK;
}

/* The indexes of src: its shards when it is a directory of shards. */
static nx_status_t expand(const char *src, char ***v, size_t *n, nx_error_t *err)
{
    char stub[4200];
    snprintf(stub, sizeof stub, "%s/%s", src, STUB);
    unsigned count = 0;
    nx_status_t s;
    if (access(stub, F_OK) != 0) {
        if ((s = need_index(src, err)))
            return s;
        *v = nx_xrealloc(*v, (*n + 1) * sizeof **v);
        (*v)[(*n)++] = nx_xstrdup(src);
        return NX_OK;
    }
    if ((s = check_shards_dir(src, 0, &count, err)))
        return s;
    for (unsigned k = 0; k < count; k++) {
        char p[8400];
        snprintf(p, sizeof p, "%s/%s%u", src, SHARD_DIR, k);
        if ((s = need_index(p, err)))
            return s;
        *v = nx_xrealloc(*v, (*n + 1) * sizeof **v);
        (*v)[(*n)++] = nx_xstrdup(p);
    }
    return NX_OK;
}

/* The index at path compacted in place, under its write lock. */
static nx_status_t compact_one(const char *path, nx_error_t *err)
{
    nx_status_t s = need_index(path, err);
    if (s)
        return s;
    xap_db *lock = NULL;
    nx_error_t e;
    nx_error_clear(&e);
    if ((s = xap_db_open(path, XAP_OPEN_WRITE, &lock, &e)))
        return nx_error_set(err, s, "%s: %s", path,
                            s == NX_E_LOCKED ? "being updated by another newsindex" : e.msg);
    char work[8400], out[8500];
    snprintf(work, sizeof work, "%s.compact", path);
    snprintf(out, sizeof out, "%s/index", work);
    if ((s = nx_workdir_clear(work, err)) || (s = nx_workdir_make(work, err))) {
        xap_db_close(lock);
        return s;
    }
    const char *src[] = {path};
    if ((s = xap_compact(src, 1, out, &e)))
        nx_error_set(err, s, "%s: compacting: %s", path, e.msg);
    else if (nx_dir_exchange(out, path) != 0)
        s = nx_error_set(err, NX_E_IO, "%s: cannot put the compacted index in place: %s", path,
                         strerror(errno));
    xap_db_close(lock);
    nx_rm_tree(work); /* the old index, after the exchange */
    return s;
}

nx_status_t nx_index_compact(const char *db_path, const char *const *srcs, size_t nsrcs,
                             nx_error_t *err)
{
    char **v = NULL;
    size_t n = 0;
    nx_status_t s = NX_OK;
    if (nsrcs == 0) {
        if ((s = expand(db_path, &v, &n, err)) == NX_OK)
            for (size_t i = 0; !s && i < n; i++)
                s = compact_one(v[i], err);
    } else if (access(db_path, F_OK) == 0) {
        s = nx_error_set(err, NX_E_INVALID,
                         "%s: exists: shards are merged into a new index (nothing was changed)",
                         db_path);
    } else {
        for (size_t i = 0; !s && i < nsrcs; i++)
            s = expand(srcs[i], &v, &n, err);
        char work[8400], out[8500];
        snprintf(work, sizeof work, "%s.compact", db_path);
        snprintf(out, sizeof out, "%s/index", work);
        nx_error_t e;
        nx_error_clear(&e);
        xap_db *db = NULL;
        if (!s && !(s = nx_workdir_clear(work, err)) && !(s = nx_workdir_make(work, err))) {
            if ((s = xap_compact((const char *const *)v, n, out, &e)) ||
                (s = xap_db_open(out, XAP_OPEN_WRITE, &db, &e)) ||
                (s = xap_db_set_metadata(db, NX_META_SHARD, "", &e)) ||
                (s = xap_db_commit(db, &e)))
                nx_error_set(err, s, "%s: merging: %s", db_path, e.msg);
            xap_db_close(db);
            if (!s && rename(out, db_path) != 0)
                s = nx_error_set(err, NX_E_IO, "%s: %s", db_path, strerror(errno));
            nx_rm_tree(work);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return s;
}
