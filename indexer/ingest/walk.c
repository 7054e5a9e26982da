/* walk.c - the directory walk: sorted, hidden and excluded names skipped,
 * symbolic links followed only inside the archive (or with --follow), no
 * loops. */
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 64

typedef struct {
    dev_t dev;
    ino_t ino;
} dir_id_t;

typedef struct {
    const nx_walk_opts_t *o;
    size_t root_len;  /* bytes of the walked path's prefix to cut for relpath */
    char *real_root;  /* the archive root, resolved: links may point under it */
    size_t real_len;
    dir_id_t stack[MAX_DEPTH + 1]; /* directories being visited */
    int depth;
    int stopped;
} walker_t;

const char *const nx_default_excludes[] = {"*~", "#*#", "*.bak", "*.swp", "*.swo", "*.tmp",
                                           "*.part", "*.crdownload", NULL};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int glob_hit(const char *const *globs, const char *name, const char *relpath)
{
    for (size_t i = 0; globs && globs[i]; i++) {
        /* A pattern with a slash is matched against the path under the
         * root, one without against the name alone. */
        if (strchr(globs[i], '/') ? fnmatch(globs[i], relpath, FNM_PATHNAME) == 0
                                  : fnmatch(globs[i], name, 0) == 0)
            return 1;
    }
    return 0;
}

static int excluded(const walker_t *w, const char *name, const char *relpath)
{
    return glob_hit(w->o->excludes, name, relpath) ||
           (w->o->default_excludes && glob_hit(nx_default_excludes, name, relpath));
}

static void report(walker_t *w, const char *path, const char *relpath, nx_walk_event_t ev,
                   const char *msg)
{
    if (w->o->on_event)
        w->o->on_event(w->o->ctx, path, relpath, ev, msg);
}

static void visit_file(walker_t *w, const char *path, const char *relpath, const struct stat *st)
{
    nx_file_t f = {path, relpath, st->st_size,
                   (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec, st->st_ino};
    if (w->o->on_file(w->o->ctx, &f))
        w->stopped = 1;
}

static const char *rel(const walker_t *w, const char *path)
{
    return strlen(path) >= w->root_len ? path + w->root_len : "";
}

/* Whether a symbolic link at path may be followed; *st is what it points
 * to. Reports the links it refuses. */
static int follow_link(walker_t *w, const char *path, struct stat *st)
{
    if (stat(path, st) != 0) {
        report(w, path, rel(w, path), NX_WALK_BROKEN_LINK, strerror(errno));
        return 0;
    }
    if (w->o->follow)
        return 1;
    char *target = realpath(path, NULL);
    int inside = target && w->real_root &&
                 (strcmp(target, w->real_root) == 0 ||
                  (strncmp(target, w->real_root, w->real_len) == 0 &&
                   (w->real_root[w->real_len - 1] == '/' || target[w->real_len] == '/')));
    if (!inside)
        report(w, path, rel(w, path), NX_WALK_LINK_OUTSIDE, target ? target : strerror(errno));
    free(target);
    return inside;
}

static void walk_dir(walker_t *w, const char *path, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
            return; /* a symbolic link back to an ancestor: a loop */
    if (w->depth >= MAX_DEPTH) {
        report(w, path, rel(w, path), NX_WALK_DIR_UNREADABLE,
               "directory nesting deeper than 64 levels");
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        report(w, path, rel(w, path), NX_WALK_DIR_UNREADABLE, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int failed = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                failed = ENOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            failed = ENOMEM;
            break;
        }
        n++;
    }
    if (!failed && errno)
        failed = errno;
    closedir(d);
    if (failed) {
        /* A directory read only in part: its files are not known to be
         * gone, so it counts as unreadable. */
        report(w, path, rel(w, path), NX_WALK_DIR_UNREADABLE, strerror(failed));
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return;
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    size_t plen = strlen(path);
    for (size_t i = 0; i < n && !w->stopped; i++) {
        size_t len = plen + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (!child) {
            report(w, path, rel(w, path), NX_WALK_DIR_UNREADABLE, strerror(ENOMEM));
            break;
        }
        memcpy(child, path, plen);
        child[plen] = '/';
        strcpy(child + plen + 1, names[i]);
        struct stat cst;
        if (excluded(w, names[i], rel(w, child))) {
            /* skipped as asked */
        } else if (lstat(child, &cst) != 0) {
            report(w, child, rel(w, child), NX_WALK_FILE_UNREADABLE, strerror(errno));
        } else if (S_ISLNK(cst.st_mode) && !follow_link(w, child, &cst)) {
            /* reported by follow_link */
        } else if (S_ISDIR(cst.st_mode)) {
            walk_dir(w, child, &cst);
        } else if (S_ISREG(cst.st_mode)) {
            visit_file(w, child, rel(w, child), &cst);
        }
        free(child);
    }
    w->depth--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

nx_status_t nx_walk(const char *path, const nx_walk_opts_t *o, nx_error_t *err)
{
    walker_t w;
    memset(&w, 0, sizeof w);
    w.o = o;
    /* Drop trailing slashes so that relpaths never start with one. */
    char *r = strdup(path);
    if (!r)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    size_t rl = strlen(r);
    while (rl > 1 && r[rl - 1] == '/')
        r[--rl] = '\0';
    w.real_root = realpath(o->root ? o->root : r, NULL);
    w.real_len = w.real_root ? strlen(w.real_root) : 0;
    struct stat st;
    nx_status_t s = NX_OK;
    if (stat(r, &st) != 0) {
        s = nx_error_set(err, NX_E_IO, "%s", strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        /* Tell an unreadable root from an empty one before walking. */
        DIR *d = opendir(r);
        if (!d) {
            s = nx_error_set(err, NX_E_IO, "%s", strerror(errno));
        } else {
            closedir(d);
            w.root_len = rl + 1;
            walk_dir(&w, r, &st);
        }
    } else if (S_ISREG(st.st_mode)) {
        const char *base = strrchr(r, '/');
        visit_file(&w, r, base ? base + 1 : r, &st);
    } else {
        s = nx_error_set(err, NX_E_IO, "not a file or directory");
    }
    free(w.real_root);
    free(r);
    if (!s && w.stopped)
        s = nx_error_set(err, NX_E_INTERNAL, "walk stopped");
    return s;
}
