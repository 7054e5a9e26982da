/* shards.c - newssearch's --db arguments read into a list of shards. */
#include "shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STUB_DEPTH 8 /* stubs naming stubs, at most */

static char *keep(nx_shards_t *s, const char *str, size_t len)
{
    if (s->nstrs == s->capstrs) {
        size_t cap = s->capstrs ? 2 * s->capstrs : 8;
        char **v = realloc(s->strs, cap * sizeof *v);
        if (!v)
            return NULL;
        s->strs = v;
        s->capstrs = cap;
    }
    char *c = malloc(len + 1);
    if (!c)
        return NULL;
    memcpy(c, str, len);
    c[len] = '\0';
    s->strs[s->nstrs++] = c;
    return c;
}

static nx_status_t push(nx_shards_t *s, const xap_shard_t *sh, nx_error_t *err)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4;
        xap_shard_t *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return nx_error_set(err, NX_E_NOMEM, "out of memory");
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = *sh;
    return NX_OK;
}

static nx_status_t add(nx_shards_t *s, const char *arg, int depth, nx_error_t *err);

/* "HOST:PORT" (after an optional ':') of a remote line. */
static nx_status_t add_remote(nx_shards_t *s, const char *where, const char *spec,
                              nx_error_t *err)
{
    if (*spec == ':' && strpbrk(spec, " \t"))
        return nx_error_set(err, NX_E_INVALID,
                            "%s: '%s': running a program (xapian-progsrv) is not supported: "
                            "serve the shard with xapian-tcpsrv and write remote HOST:PORT",
                            where, spec);
    if (*spec == ':')
        spec++;
    const char *colon = strrchr(spec, ':');
    char *end = NULL;
    long port = colon ? (errno = 0, strtol(colon + 1, &end, 10)) : 0;
    if (!colon || colon == spec || !colon[1] || *end || errno || port < 1 || port > 65535)
        return nx_error_set(err, NX_E_INVALID,
                            "%s: bad remote shard '%s' (use remote HOST:PORT, a port 1-65535)",
                            where, spec);
    xap_shard_t sh = {NULL, keep(s, spec, (size_t)(colon - spec)), (unsigned)port,
                      keep(s, spec, strlen(spec))};
    if (!sh.host || !sh.name)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    return push(s, &sh, err);
}

/* The stub file at path, whose relative paths are relative to dir. */
static nx_status_t add_stub(nx_shards_t *s, const char *path, const char *dir, int depth,
                            nx_error_t *err)
{
    if (depth >= STUB_DEPTH)
        return nx_error_set(err, NX_E_INVALID, "%s: stub files nested more than %d deep", path,
                            STUB_DEPTH);
    FILE *f = fopen(path, "r");
    if (!f)
        return nx_error_set(err, NX_E_IO, "%s: cannot read the stub file: %s", path,
                            strerror(errno));
    char line[4096];
    unsigned lineno = 0;
    size_t before = s->n;
    nx_status_t st = NX_OK;
    while (!st && fgets(line, sizeof line, f)) {
        lineno++;
        char where[4200];
        snprintf(where, sizeof where, "%s:%u", path, lineno);
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
                       line[len - 1] == '\t'))
            line[--len] = '\0';
        char *p = line + strspn(line, " \t");
        if (!*p || *p == '#')
            continue;
        char *arg = p + strcspn(p, " \t");
        if (*arg)
            *arg++ = '\0';
        arg += strspn(arg, " \t");
        if (!*arg) {
            st = nx_error_set(err, NX_E_INVALID, "%s: '%s' without a database", where, p);
        } else if (strcmp(p, "remote") == 0) {
            st = add_remote(s, where, arg, err);
        } else if (strcmp(p, "auto") == 0 || strcmp(p, "glass") == 0) {
            char full[8192];
            if (arg[0] == '/')
                snprintf(full, sizeof full, "%s", arg);
            else
                snprintf(full, sizeof full, "%s/%s", dir, arg);
            st = add(s, full, depth + 1, err);
        } else {
            st = nx_error_set(err, NX_E_INVALID,
                              "%s: unknown database type '%s' (use auto PATH or remote HOST:PORT)",
                              where, p);
        }
    }
    if (!st && ferror(f))
        st = nx_error_set(err, NX_E_IO, "%s: cannot read the stub file: %s", path,
                          strerror(errno));
    fclose(f);
    if (!st && s->n == before)
        st = nx_error_set(err, NX_E_INVALID, "%s: the stub file lists no database", path);
    return st;
}

static nx_status_t add(nx_shards_t *s, const char *arg, int depth, nx_error_t *err)
{
    struct stat st;
    char stub[4200];
    snprintf(stub, sizeof stub, "%s/XAPIANDB", arg);
    if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
        char *dir = keep(s, arg, strlen(arg));
        if (!dir)
            return nx_error_set(err, NX_E_NOMEM, "out of memory");
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        return add_stub(s, arg, slash ? (slash == dir ? "/" : dir) : ".", depth, err);
    }
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode) && stat(stub, &st) == 0 &&
        S_ISREG(st.st_mode))
        return add_stub(s, stub, arg, depth, err);
    xap_shard_t sh = {keep(s, arg, strlen(arg)), NULL, 0, NULL};
    if (!sh.path)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    sh.name = sh.path;
    return push(s, &sh, err);
}

nx_status_t nx_shards_add(nx_shards_t *s, const char *arg, nx_error_t *err)
{
    return add(s, arg, 0, err);
}

int nx_shards_remote(const nx_shards_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].host)
            return 1;
    return 0;
}

void nx_shards_free(nx_shards_t *s)
{
    for (size_t i = 0; i < s->nstrs; i++)
        free(s->strs[i]);
    free(s->strs);
    free(s->v);
    memset(s, 0, sizeof *s);
}
