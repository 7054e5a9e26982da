/* roots.c - the archive roots an index records, and what one run walks.
 *
 * An index holds one or more roots, each an absolute path with a label;
 * every document id starts with its root's label ("bbc/sport/001.txt"),
 * so ids stay unique across roots and do not change when an archive moves.
 * A run names whole roots (new or recorded), or folders inside recorded
 * roots (only that folder is updated), or nothing (every recorded root). */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "newsindex/text.h"

int nx_path_inside(const char *a, const char *b)
{
    size_t lb = strlen(b);
    if (lb == 1 && b[0] == '/')
        return a[0] == '/' && a[1] != '\0';
    return strncmp(a, b, lb) == 0 && a[lb] == '/';
}

static int overlap(const char *a, const char *b)
{
    return strcmp(a, b) == 0 || nx_path_inside(a, b) || nx_path_inside(b, a);
}

/* A label is the first component of ids: no slash, no tab or newline
 * (the metadata's separators), not "." or "..", and printable as is. */
static int valid_label(const char *l)
{
    return *l && !strpbrk(l, "/\t\n") && strcmp(l, ".") != 0 && strcmp(l, "..") != 0 &&
           !nx_name_needs_escape(l);
}

void nx_plan_free(nx_plan_t *p)
{
    nx_roots_free(&p->roots);
    for (size_t i = 0; i < p->nt; i++) {
        free(p->t[i].walk);
        free(p->t[i].prefix);
    }
    free(p->t);
    for (size_t i = 0; i < p->nforgotten; i++)
        free(p->forgotten[i]);
    free(p->forgotten);
    memset(p, 0, sizeof *p);
}

static nx_status_t add_target(nx_plan_t *p, size_t root, const char *walk, const char *prefix,
                              int whole, int is_file, nx_error_t *err)
{
    for (size_t i = 0; i < p->nt; i++)
        if (overlap(p->t[i].walk, walk))
            return nx_error_set(err, NX_E_INVALID,
                                "%s and %s are both named, and one holds the other: name each "
                                "folder once", p->t[i].walk, walk);
    nx_target_t *t = realloc(p->t, (p->nt + 1) * sizeof *t);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    p->t = t;
    t = &p->t[p->nt];
    t->root = root;
    t->walk = strdup(walk);
    t->prefix = strdup(prefix);
    t->whole = whole;
    t->is_file = is_file;
    if (!t->walk || !t->prefix) {
        free(t->walk);
        free(t->prefix);
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }
    p->nt++;
    return NX_OK;
}

/* The id prefix of a whole root: "label/" for a directory; a file root's
 * one id is its label. */
static char *root_prefix(const nx_root_t *r, int is_file)
{
    size_t n = strlen(r->label) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s", r->label, is_file ? "" : "/");
    return p;
}

static int is_file_root(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static nx_status_t target_whole(nx_plan_t *p, size_t k, nx_error_t *err)
{
    int f = is_file_root(p->roots.v[k].path);
    char *prefix = root_prefix(&p->roots.v[k], f);
    if (!prefix)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_status_t s = add_target(p, k, p->roots.v[k].path, prefix, 1, f, err);
    free(prefix);
    return s;
}

/* One command-line argument: LABEL=DIR or DIR. */
static nx_status_t plan_arg(nx_plan_t *p, const char *arg, int full, nx_error_t *err)
{
    const char *eq = strchr(arg, '=');
    const char *slash = strchr(arg, '/');
    char *label = NULL;
    const char *path = arg;
    if (eq && eq > arg && (!slash || slash > eq)) {
        label = nx_strndup(arg, (size_t)(eq - arg));
        if (!label)
            return nx_error_set(err, NX_E_NOMEM, "out of memory");
        path = eq + 1;
    }
    nx_status_t s = NX_OK;
    struct stat st;
    char *real = realpath(path, NULL);
    if (!real) {
        s = nx_error_set(err, NX_E_IO, "%s: %s (nothing was changed)", path, strerror(errno));
        goto out;
    }
    if (stat(real, &st) != 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
        s = nx_error_set(err, NX_E_IO, "%s: not a directory or a file", path);
        goto out;
    }
    for (size_t k = 0; k < p->roots.n; k++) {
        const nx_root_t *r = &p->roots.v[k];
        if (label && strcmp(label, r->label) == 0 && strcmp(real, r->path) != 0 &&
            !nx_path_inside(real, r->path))
            continue; /* the root moved here: below */
        if (strcmp(real, r->path) == 0) {
            if (label && strcmp(label, r->label) != 0) {
                s = nx_error_set(err, NX_E_INVALID,
                                 "%s is the root labelled '%s'; a root's label cannot change "
                                 "(newsindex --forget %s removes it, then index it as %s=%s)",
                                 path, r->label, r->label, label, path);
                goto out;
            }
            s = target_whole(p, k, err);
            goto out;
        }
        if (nx_path_inside(real, r->path)) {
            if (label && strcmp(label, r->label) != 0) {
                s = nx_error_set(err, NX_E_INVALID,
                                 "%s is inside the root '%s' (%s): a folder of a root keeps "
                                 "the root's label", path, r->label, r->path);
                goto out;
            }
            if (full) {
                s = nx_error_set(err, NX_E_INVALID,
                                 "--full rebuilds whole roots, and %s is a folder inside the "
                                 "root '%s' (%s)", path, r->label, r->path);
                goto out;
            }
            nx_buf_t b = {0};
            nx_buf_printf(&b, "%s/%s%s", r->label, real + strlen(r->path) + 1,
                          S_ISDIR(st.st_mode) ? "/" : "");
            char *prefix = nx_buf_steal(&b);
            s = prefix ? add_target(p, k, real, prefix, 0, S_ISREG(st.st_mode), err)
                       : nx_error_set(err, NX_E_NOMEM, "out of memory");
            free(prefix);
            goto out;
        }
        if (nx_path_inside(r->path, real)) {
            s = nx_error_set(err, NX_E_INVALID,
                             "%s holds the root '%s' (%s): roots cannot nest; name %s's "
                             "folders, or forget '%s' first", path, r->label, r->path, path,
                             r->label);
            goto out;
        }
    }
    /* A new root, or a recorded one that moved (LABEL=DIR). */
    const char *base = strrchr(real, '/');
    const char *l = label ? label : (base && base[1] ? base + 1 : real);
    if (!valid_label(l)) {
        s = nx_error_set(err, NX_E_INVALID,
                         "'%s' cannot be a label (a label has no '/', tab, newline or control "
                         "character): give one, as NAME=%s", l, path);
        goto out;
    }
    long k = nx_roots_find(&p->roots, l);
    if (k >= 0 && !label) {
        const char *old = p->roots.v[k].path;
        struct stat ost;
        if (stat(old, &ost) == 0)
            s = nx_error_set(err, NX_E_INVALID,
                             "the label '%s' already names the root %s: give %s a label of "
                             "its own, as NAME=%s", l, old, path, path);
        else
            s = nx_error_set(err, NX_E_INVALID,
                             "the root '%s' was %s, which is not there now: if the archive "
                             "moved to %s, say so with %s=%s", l, old, path, l, path);
        goto out;
    }
    if (k < 0 && !label) {
        /* A new root while a recorded one is missing may be that root,
         * moved: indexing it under another label would duplicate it. */
        for (size_t i = 0; i < p->roots.n; i++) {
            struct stat ost;
            if (stat(p->roots.v[i].path, &ost) == 0)
                continue;
            s = nx_error_set(err, NX_E_INVALID,
                             "the root '%s' was %s, which is not there now: if the archive "
                             "moved to %s, say so with %s=%s; to add it as a root of its own, "
                             "give it a label: %s=%s", p->roots.v[i].label, p->roots.v[i].path,
                             path, p->roots.v[i].label, path, l, path);
            goto out;
        }
    }
    if (k >= 0) {
        /* The user says where a recorded root now is: ids stay. */
        char *np = strdup(real);
        if (!np) {
            s = nx_error_set(err, NX_E_NOMEM, "out of memory");
            goto out;
        }
        free(p->roots.v[k].path);
        p->roots.v[k].path = np;
        p->moved = 1;
    } else {
        if ((s = nx_roots_add(&p->roots, l, strlen(l), real, strlen(real), err)))
            goto out;
        k = (long)p->roots.n - 1;
    }
    s = target_whole(p, (size_t)k, err);
out:
    free(real);
    free(label);
    return s;
}

/* The absolute form of the index path and of its work directory, resolved
 * where they exist. */
static char *resolve_db(const char *db)
{
    char *r = realpath(db, NULL);
    if (r)
        return r;
    char *copy = strdup(db);
    if (!copy)
        return NULL;
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *dir = ".", *base = copy;
    if (slash == copy) {
        dir = "/";
        base = copy + 1;
    } else if (slash) {
        *slash = '\0';
        dir = copy;
        base = slash + 1;
    }
    char *rd = realpath(dir, NULL);
    char *out = NULL;
    if (rd) {
        size_t len = strlen(rd) + strlen(base) + 2;
        out = malloc(len);
        if (out)
            snprintf(out, len, "%s%s%s", rd, strcmp(rd, "/") == 0 ? "" : "/", base);
    }
    free(rd);
    free(copy);
    return out;
}

nx_status_t nx_plan(const nx_roots_t *recorded, const char *const *args, size_t nargs,
                    const char *const *forget, size_t nforget, int full, const char *db_path,
                    nx_plan_t *p, nx_error_t *err)
{
    memset(p, 0, sizeof *p);
    nx_status_t s = NX_OK;
    for (size_t i = 0; i < recorded->n && !s; i++)
        s = nx_roots_add(&p->roots, recorded->v[i].label, strlen(recorded->v[i].label),
                      recorded->v[i].path, strlen(recorded->v[i].path), err);
    for (size_t i = 0; i < nforget && !s; i++) {
        long k = nx_roots_find(&p->roots, forget[i]);
        if (k < 0) {
            s = nx_error_set(err, NX_E_INVALID, "--forget %s: the index has no root labelled '%s'",
                             forget[i], forget[i]);
            break;
        }
        char **f = realloc(p->forgotten, (p->nforgotten + 1) * sizeof *f);
        if (!f) {
            s = nx_error_set(err, NX_E_NOMEM, "out of memory");
            break;
        }
        p->forgotten = f;
        f[p->nforgotten++] = p->roots.v[k].label;
        free(p->roots.v[k].path);
        p->roots.v[k] = p->roots.v[--p->roots.n];
    }
    for (size_t i = 0; i < nargs && !s; i++)
        s = plan_arg(p, args[i], full, err);
    if (!s && p->roots.n == 0 && nforget == 0)
        s = nx_error_set(err, NX_E_INVALID,
                         "no archive given: name at least one directory (this index records "
                         "no root yet)");
    /* No argument: every recorded root; --full: every root, rebuilt. */
    for (size_t k = 0; !s && (nargs == 0 || full) && k < p->roots.n; k++) {
        int named = 0;
        for (size_t i = 0; i < p->nt; i++)
            named |= p->t[i].root == k;
        if (!named && !(nargs == 0 && nforget > 0))
            s = target_whole(p, k, err);
    }
    /* The index and its work directory stay out of every root, and no
     * root lies inside them. */
    char *rdb = s ? NULL : resolve_db(db_path);
    if (!s && !rdb)
        s = nx_error_set(err, NX_E_IO, "%s: %s", db_path, strerror(errno ? errno : ENOENT));
    for (size_t k = 0; !s && k < p->roots.n; k++) {
        const char *rp = p->roots.v[k].path;
        size_t wl = strlen(rdb) + 8;
        char *work = malloc(wl);
        if (!work) {
            s = nx_error_set(err, NX_E_NOMEM, "out of memory");
            break;
        }
        snprintf(work, wl, "%s.build", rdb);
        if (strcmp(rdb, rp) == 0)
            s = nx_error_set(err, NX_E_INVALID,
                             "--db %s is the archive root '%s' itself: the index goes in a "
                             "directory of its own", db_path, p->roots.v[k].label);
        else if (nx_path_inside(rdb, rp) || nx_path_inside(work, rp) || strcmp(work, rp) == 0)
            s = nx_error_set(err, NX_E_INVALID,
                             "--db %s is inside the archive root '%s' (%s): put the index "
                             "outside the archive", db_path, p->roots.v[k].label, rp);
        else if (nx_path_inside(rp, rdb))
            s = nx_error_set(err, NX_E_INVALID,
                             "--db %s holds the archive root '%s' (%s): put the index "
                             "outside the archive", db_path, p->roots.v[k].label, rp);
        free(work);
    }
    free(rdb);
    if (s)
        nx_plan_free(p);
    return s;
}
