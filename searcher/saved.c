/* saved.c - saved searches in the state directory (see saved.h). */
#include "saved.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsindex/hash.h"
#include "newsindex/text.h"
#include "print/print.h"

static const char *const filter_keys[5] = {"country", "topic", "source", "since", "until"};

static const char **filter_slot(nx_filters_t *f, size_t i)
{
    const char **v[5] = {&f->country, &f->topic, &f->source, &f->since, &f->until};
    return v[i];
}

int nx_saved_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 64 || name[0] == '.')
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

/* mkdir -p of path (modifiable copy). */
static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0700);
        *p = '/';
        if (r && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

nx_status_t nx_saved_init(nx_saved_t *s, const char *db_path, const char *name, nx_error_t *e)
{
    memset(s, 0, sizeof *s);
    s->lock_fd = -1;
    const char *base = getenv("NEWSINDEX_STATE"), *xdg = getenv("XDG_STATE_HOME"),
               *home = getenv("HOME");
    nx_buf_t b = {0};
    if (base && *base)
        nx_buf_puts(&b, base);
    else if (xdg && *xdg == '/')
        nx_buf_printf(&b, "%s/newsindex", xdg);
    else if (home && *home)
        nx_buf_printf(&b, "%s/.local/state/newsindex", home);
    else
        return nx_error_set(e, NX_E_IO, "no state directory: set HOME or XDG_STATE_HOME");
    char real[PATH_MAX];
    const char *idx = realpath(db_path, real) ? real : db_path;
    nx_buf_printf(&b, "/saved/%016llx", (unsigned long long)nx_fnv1a(idx, strlen(idx)));
    if (nx_buf_status(&b) || !(s->dir = nx_buf_steal(&b))) {
        nx_buf_free(&b);
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    }
    if (name && !(s->name = strdup(name)))
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    /* The index's path beside its searches, for a person looking. */
    if (name && make_dirs(s->dir) == 0) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/INDEX.path", s->dir);
        struct stat st;
        FILE *f;
        if (stat(p, &st) != 0 && (f = fopen(p, "w"))) {
            fprintf(f, "%s\n", idx);
            fclose(f);
        }
    }
    return NX_OK;
}

void nx_saved_free(nx_saved_t *s)
{
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* releases the flock */
    free(s->dir);
    free(s->name);
    free(s->query);
    for (size_t i = 0; i < 5; i++)
        free(s->store[i]);
    free(s->seen);
    free(s->fresh);
    memset(s, 0, sizeof *s);
    s->lock_fd = -1;
}

static void file_of(const nx_saved_t *s, const char *ext, char *out, size_t size)
{
    snprintf(out, size, "%s/%s%s", s->dir, s->name, ext);
}

/* Write text to path through a temporary file renamed over it. */
static nx_status_t write_atomic(const char *path, const char *text, size_t len, nx_error_t *e)
{
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return nx_error_set(e, NX_E_IO, "%s: %s", tmp, strerror(errno));
    int bad = fwrite(text, 1, len, f) != len;
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        nx_status_t st = nx_error_set(e, NX_E_IO, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return st;
    }
    return NX_OK;
}

/* b (freed) as the saved search's file with extension ext, atomically;
 * running out of memory while b was made is said here. */
static nx_status_t write_buf(const nx_saved_t *s, const char *ext, nx_buf_t *b, nx_error_t *e)
{
    nx_status_t st;
    if (nx_buf_status(b)) {
        st = nx_error_set(e, NX_E_NOMEM, "out of memory");
    } else {
        char path[PATH_MAX];
        file_of(s, ext, path, sizeof path);
        st = write_atomic(path, b->data ? b->data : "", b->len, e);
    }
    nx_buf_free(b);
    return st;
}

/* A value on one line: tabs and newlines as spaces. */
static void put_line(nx_buf_t *b, const char *key, const char *v)
{
    nx_buf_printf(b, "%s\t", key);
    for (; *v; v++)
        nx_buf_putc(b, *v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
    nx_buf_putc(b, '\n');
}

nx_status_t nx_saved_save(nx_saved_t *s, const char *query, int any, const nx_filters_t *f,
                          nx_error_t *e)
{
    char *dir = strdup(s->dir);
    if (!dir)
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    int r = make_dirs(dir);
    free(dir);
    if (r)
        return nx_error_set(e, NX_E_IO, "%s: %s", s->dir, strerror(errno));
    nx_buf_t b = {0};
    put_line(&b, "query", query);
    if (any)
        put_line(&b, "any", "1");
    nx_filters_t copy = *f;
    for (size_t i = 0; i < 5; i++)
        if (*filter_slot(&copy, i))
            put_line(&b, filter_keys[i], *filter_slot(&copy, i));
    return write_buf(s, ".search", &b, e);
}

/* Read a search file into s (query, any, filters). */
static nx_status_t read_search(nx_saved_t *s, const char *path, nx_error_t *e)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return nx_error_set(e, NX_E_INVALID, "no saved search '%s' (see --list-saved)", s->name);
        return nx_error_set(e, NX_E_IO, "%s: %s", path, strerror(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    nx_status_t st = NX_OK;
    while (!st && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *v = tab + 1;
        if (strcmp(line, "query") == 0) {
            free(s->query);
            if (!(s->query = strdup(v)))
                st = nx_error_set(e, NX_E_NOMEM, "out of memory");
        } else if (strcmp(line, "any") == 0)
            s->any = strcmp(v, "1") == 0;
        else
            for (size_t i = 0; i < 5; i++)
                if (strcmp(line, filter_keys[i]) == 0) {
                    free(s->store[i]);
                    if (!(s->store[i] = strdup(v)))
                        st = nx_error_set(e, NX_E_NOMEM, "out of memory");
                    *filter_slot(&s->filters, i) = s->store[i];
                }
    }
    free(line);
    fclose(f);
    if (!st && !s->query && !(s->query = strdup("")))
        st = nx_error_set(e, NX_E_NOMEM, "out of memory");
    return st;
}

nx_status_t nx_saved_load(nx_saved_t *s, nx_error_t *e)
{
    char path[PATH_MAX];
    file_of(s, ".search", path, sizeof path);
    return read_search(s, path, e);
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

nx_status_t nx_saved_begin_new(nx_saved_t *s, nx_error_t *e)
{
    char path[PATH_MAX];
    file_of(s, ".lock", path, sizeof path);
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX) != 0)
        return nx_error_set(e, NX_E_IO, "%s: %s", path, strerror(errno));
    file_of(s, ".seen", path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? NX_OK : nx_error_set(e, NX_E_IO, "%s: %s", path, strerror(errno));
    size_t cap = 0;
    char line[64];
    nx_status_t st = NX_OK;
    while (fgets(line, sizeof line, f)) {
        char *end;
        unsigned long long v = strtoull(line, &end, 16);
        if (end == line)
            continue;
        if (s->nseen == cap) {
            size_t nc = cap ? cap * 2 : 1024;
            uint64_t *g = realloc(s->seen, nc * sizeof *g);
            if (!g) {
                st = nx_error_set(e, NX_E_NOMEM, "out of memory");
                break;
            }
            s->seen = g;
            cap = nc;
        }
        s->seen[s->nseen++] = (uint64_t)v;
    }
    fclose(f);
    if (s->nseen)
        qsort(s->seen, s->nseen, sizeof *s->seen, u64_cmp);
    return st;
}

int nx_saved_is_new(nx_saved_t *s, const char *id, size_t len)
{
    uint64_t h = nx_fnv1a(id, len);
    if (s->nfresh == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *g = realloc(s->fresh, nc * sizeof *g);
        if (g) {
            s->fresh = g;
            s->cap = nc;
        }
    }
    if (s->nfresh < s->cap)
        s->fresh[s->nfresh++] = h;
    return !(s->nseen && bsearch(&h, s->seen, s->nseen, sizeof h, u64_cmp));
}

void nx_saved_reset(nx_saved_t *s)
{
    s->nfresh = 0;
}

nx_status_t nx_saved_commit(nx_saved_t *s, nx_error_t *e)
{
    /* What was reported before and what this run found, once each. */
    size_t n = s->nseen + s->nfresh;
    uint64_t *all = malloc((n ? n : 1) * sizeof *all);
    if (!all)
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    if (s->nseen)
        memcpy(all, s->seen, s->nseen * sizeof *all);
    if (s->nfresh)
        memcpy(all + s->nseen, s->fresh, s->nfresh * sizeof *all);
    qsort(all, n, sizeof *all, u64_cmp);
    nx_buf_t b = {0};
    for (size_t i = 0; i < n; i++)
        if (i == 0 || all[i] != all[i - 1])
            nx_buf_printf(&b, "%016llx\n", (unsigned long long)all[i]);
    free(all);
    return write_buf(s, ".seen", &b, e);
}

nx_status_t nx_saved_delete(nx_saved_t *s, nx_error_t *e)
{
    char path[PATH_MAX];
    file_of(s, ".search", path, sizeof path);
    if (unlink(path) != 0)
        return errno == ENOENT
                   ? nx_error_set(e, NX_E_INVALID, "no saved search '%s' (see --list-saved)", s->name)
                   : nx_error_set(e, NX_E_IO, "%s: %s", path, strerror(errno));
    file_of(s, ".seen", path, sizeof path);
    unlink(path);
    file_of(s, ".lock", path, sizeof path);
    unlink(path);
    return NX_OK;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

json_t *nx_saved_list(nx_saved_t *s, nx_error_t *e)
{
    json_t *rep = json_object(), *arr = json_array();
    json_object_set_new(rep, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(rep, "saved", arr);
    DIR *d = opendir(s->dir);
    if (!d)
        return rep; /* none saved for this index */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len <= 7 || strcmp(de->d_name + len - 7, ".search") != 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **g = realloc(names, nc * sizeof *g);
            if (!g)
                break;
            names = g;
            cap = nc;
        }
        if ((names[n] = nx_strndup(de->d_name, len - 7)))
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, str_cmp);
    for (size_t i = 0; i < n; i++) {
        nx_saved_t one;
        memset(&one, 0, sizeof one);
        one.dir = s->dir;
        one.name = names[i];
        char path[PATH_MAX];
        file_of(&one, ".search", path, sizeof path);
        nx_error_t e2;
        if (nx_utf8_valid(names[i], strlen(names[i])) && read_search(&one, path, &e2) == NX_OK) {
            json_t *o = json_pack("{s:s,s:s}", "name", names[i], "query", one.query);
            if (one.any)
                json_object_set_new(o, "any", json_true());
            for (size_t k = 0; k < 5; k++)
                if (one.store[k])
                    json_object_set_new(o, filter_keys[k], json_string(one.store[k]));
            json_array_append_new(arr, o);
        }
        free(one.query);
        for (size_t k = 0; k < 5; k++)
            free(one.store[k]);
        free(names[i]);
    }
    free(names);
    (void)e;
    return rep;
}

/* ---- --saved NAME --new ---- */

#include "report.h"

#define NEW_PAGE 1000

nx_status_t nx_saved_run_new(const nx_report_req_t *r, const char *text, xap_db *db,
                             const xap_query *q, nx_printer_t *pr, const nx_hit_opts_t *ho,
                             int *matched, nx_error_t *e)
{
    nx_saved_t *s = r->saved;
    nx_saved_reset(s); /* an attempt again: what the last one found is forgotten */
    json_t *kept = json_array();
    xap_result *res = NULL;
    nx_hit_opts_t bare = *ho;
    bare.snippets = 0;
    xap_search_t sp = {.query = q, .limit = NEW_PAGE, .sort = r->sort, .sort_slot = r->sort_slot,
                       .exact = 1, .keep_value = 1, .value_slot = NX_SLOT_CLUSTER};
    nx_status_t st = NX_OK;
    uint32_t total = 0;
    long rank = 0;
    for (;;) {
        if ((st = xap_search(db, &sp, &res, e)))
            break;
        if (!sp.offset)
            total = xap_result_total(res);
        size_t n = xap_result_size(res);
        for (size_t i = 0; i < n && !st; i++) {
            xap_hit_t hit;
            json_t *j = NULL;
            rank++;
            if ((st = xap_result_hit(res, i, &hit, e)))
                break;
            if (!(j = nx_hit_json(&bare, res, &hit, rank, 1, e))) {
                st = e->code ? e->code : NX_E_INTERNAL;
                break;
            }
            const char *id = json_string_value(json_object_get(j, "id"));
            int fresh = id && nx_saved_is_new(s, id, strlen(id));
            if (fresh && ho->snippets) { /* the snippet only for what is shown */
                json_decref(j);
                if (!(j = nx_hit_json(ho, res, &hit, rank, 1, e))) {
                    st = e->code ? e->code : NX_E_INTERNAL;
                    break;
                }
            }
            if (fresh)
                json_array_append(kept, j);
            json_decref(j);
        }
        xap_result_free(res);
        res = NULL;
        if (st || n < NEW_PAGE)
            break;
        sp.offset += (uint32_t)n;
        sp.exact = 0;
    }
    if (!st) {
        size_t nk = json_array_size(kept);
        json_t *h = json_object();
        json_object_set_new(h, "format_version", json_integer(NX_FORMAT_VERSION));
        json_object_set_new(h, "query", json_string(text));
        json_object_set_new(h, "saved", json_string(s->name));
        json_object_set_new(h, "total", json_integer((json_int_t)nk));
        json_object_set_new(h, "total_exact", json_true());
        json_object_set_new(h, "matches", json_integer(total));
        json_object_set_new(h, "offset", json_integer(0));
        json_object_set_new(h, "shown", json_integer((json_int_t)nk));
        nx_print_begin(pr, h);
        size_t i;
        json_t *j;
        json_array_foreach(kept, i, j)
        {
            /* ranks among the new ones */
            json_object_set_new(j, "rank", json_integer((json_int_t)i + 1));
            nx_print_hit(pr, j);
        }
        nx_print_end(pr, h);
        *matched = nk > 0;
    }
    xap_result_free(res);
    json_decref(kept);
    return st;
}
