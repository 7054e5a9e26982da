/* walk.c - the directory walk: sorted, hidden names skipped, no loops. */
#include "indexer.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 64

typedef struct {
    dev_t dev;
    ino_t ino;
} dir_id_t;

typedef struct {
    nx_walk_fn fn;
    nx_walk_err_fn on_err;
    void *ctx;
    size_t root_len; /* bytes of the root prefix to cut for relpath */
    dir_id_t stack[MAX_DEPTH + 1]; /* directories being visited */
    int depth;
    int stopped;
} walker_t;

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit_file(walker_t *w, const char *path, const char *relpath, const struct stat *st)
{
    nx_file_t f = {path, relpath, st->st_size,
                   (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec, st->st_ino};
    if (w->fn(w->ctx, &f)) {
        w->stopped = 1;
        return 1;
    }
    return 0;
}

static const char *rel(const walker_t *w, const char *path)
{
    return strlen(path) >= w->root_len ? path + w->root_len : "";
}

static void walk_dir(walker_t *w, const char *path, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
            return; /* a symbolic link back to an ancestor: a loop */
    if (w->depth >= MAX_DEPTH) {
        w->on_err(w->ctx, path, rel(w, path), 1, "directory nesting deeper than 64 levels");
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        w->on_err(w->ctx, path, rel(w, path), 1, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    size_t plen = strlen(path);
    for (size_t i = 0; i < n && !w->stopped; i++) {
        size_t len = plen + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (!child)
            break;
        memcpy(child, path, plen);
        child[plen] = '/';
        strcpy(child + plen + 1, names[i]);
        struct stat cst;
        if (stat(child, &cst) != 0) {
            w->on_err(w->ctx, child, rel(w, child), 0, strerror(errno));
        } else if (S_ISDIR(cst.st_mode)) {
            walk_dir(w, child, &cst);
        } else if (S_ISREG(cst.st_mode)) {
            visit_file(w, child, child + w->root_len, &cst);
        }
        free(child);
    }
    w->depth--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

nx_status_t nx_walk(const char *root, nx_walk_fn fn, nx_walk_err_fn on_err, void *ctx,
                    nx_error_t *err)
{
    walker_t w;
    memset(&w, 0, sizeof w);
    w.fn = fn;
    w.on_err = on_err;
    w.ctx = ctx;
    /* Drop trailing slashes so that relpaths never start with one. */
    char *r = strdup(root);
    if (!r)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    size_t rl = strlen(r);
    while (rl > 1 && r[rl - 1] == '/')
        r[--rl] = '\0';
    struct stat st;
    if (stat(r, &st) != 0) {
        nx_status_t s = nx_error_set(err, NX_E_IO, "%s: %s", root, strerror(errno));
        free(r);
        return s;
    }
    if (S_ISDIR(st.st_mode)) {
        w.root_len = rl + 1;
        walk_dir(&w, r, &st);
    } else if (S_ISREG(st.st_mode)) {
        const char *base = strrchr(r, '/');
        visit_file(&w, r, base ? base + 1 : r, &st);
    } else {
        free(r);
        return nx_error_set(err, NX_E_IO, "%s: not a file or directory", root);
    }
    free(r);
    if (w.stopped)
        return nx_error_set(err, NX_E_INTERNAL, "walk stopped");
    return NX_OK;
}
