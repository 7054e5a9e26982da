/* owner.c - what newsindex may write: an index it made (or an empty or
 * new directory), and a work directory it made beside it. Everything else
 * is refused before anything on disk changes. */
#include "pipeline/pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "newsindex/schema.h"

/* Xapian's version files: a directory holding one is a Xapian database. */
static const char *const xapian_markers[] = {"iamglass", "iamchert", "iamflint", "iamhoney",
                                             NULL};

static int has_entry(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return lstat(p, &st) == 0;
}

/* The first entry of dir other than . and .. (malloc'd), or NULL when it
 * is empty; *e is errno when it cannot be read. */
static char *first_entry(const char *dir, int *e)
{
    *e = 0;
    DIR *d = opendir(dir);
    if (!d) {
        *e = errno;
        return NULL;
    }
    struct dirent *de;
    char *name = NULL;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            name = strdup(de->d_name);
            break;
        }
    closedir(d);
    return name;
}

static int count_meta(void *ctx, const char *key, const char *val, size_t len)
{
    (void)key;
    (void)val;
    (void)len;
    ++*(int *)ctx;
    return 1;
}

/* Whether path is writable for us; when not, the reason. */
static int writable(const char *path, nx_error_t *err, const char *db_path)
{
    if (access(path, W_OK) == 0)
        return 1;
    int e = errno;
    if (e == EROFS)
        nx_error_set(err, NX_E_IO, "%s: cannot write the index: the file system is read-only",
                     db_path);
    else
        nx_error_set(err, NX_E_IO, "%s: cannot write the index: %s", db_path, strerror(e));
    return 0;
}

nx_status_t nx_db_check_owner(const char *db_path, int *is_new, nx_error_t *err)
{
    *is_new = 0;
    struct stat st;
    if (stat(db_path, &st) != 0) {
        if (errno != ENOENT)
            return nx_error_set(err, NX_E_IO, "%s: %s", db_path, strerror(errno));
        /* A new index: its parent must exist and be writable. */
        char *parent = strdup(db_path);
        if (!parent)
            return nx_error_set(err, NX_E_NOMEM, "out of memory");
        size_t n = strlen(parent);
        while (n > 1 && parent[n - 1] == '/')
            parent[--n] = '\0';
        char *slash = strrchr(parent, '/');
        const char *dir = slash == parent ? "/" : slash ? (*slash = '\0', parent) : ".";
        nx_status_t s = NX_OK;
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            s = nx_error_set(err, NX_E_IO, "%s: cannot create the index: %s is not a directory",
                             db_path, dir);
        else if (!writable(dir, err, db_path))
            s = err ? err->code : NX_E_IO;
        free(parent);
        *is_new = 1;
        return s;
    }
    if (!S_ISDIR(st.st_mode))
        return nx_error_set(err, NX_E_INVALID,
                            "--db %s is a file, not an index directory: refusing to touch it",
                            db_path);
    int e;
    char *first = first_entry(db_path, &e);
    if (e)
        return nx_error_set(err, NX_E_IO, "%s: cannot read the index directory: %s", db_path,
                            strerror(e));
    if (!first) {
        *is_new = 1; /* an empty directory the user made for the index */
        return writable(db_path, err, db_path) ? NX_OK : NX_E_IO;
    }
    free(first);
    int xapian = 0;
    for (size_t i = 0; xapian_markers[i]; i++)
        xapian |= has_entry(db_path, xapian_markers[i]);
    if (!xapian)
        return nx_error_set(err, NX_E_INVALID,
                            "--db %s is a directory of other files, not a newsindex index: "
                            "refusing to write there (give a new or empty directory)",
                            db_path);
    xap_db *db;
    nx_error_t oe;
    nx_status_t s = xap_db_open(db_path, XAP_OPEN_READ, &db, &oe);
    if (s == NX_E_CORRUPT)
        return nx_error_set(err, s, "the index at %s is damaged: %s; rebuild it with "
                                    "newsindex --full", db_path, oe.msg);
    if (s)
        return nx_error_set(err, s, "%s: %s", db_path, oe.msg);
    char *schema = NULL;
    uint32_t ndocs = 0;
    int nmeta = 0;
    s = xap_db_get_metadata(db, NX_META_SCHEMA, &schema, &oe);
    if (!s)
        s = xap_db_doccount(db, &ndocs, &oe);
    if (!s)
        s = xap_db_metadata_keys(db, "", count_meta, &nmeta, &oe);
    xap_db_close(db);
    if (s) {
        free(schema);
        if (s == NX_E_CORRUPT)
            return nx_error_set(err, s, "the index at %s is damaged: %s; rebuild it with "
                                        "newsindex --full", db_path, oe.msg);
        return nx_error_set(err, s, "%s: %s", db_path, oe.msg);
    }
    int ours = *schema != '\0';
    free(schema);
    /* An empty database with no metadata holds nothing to lose: a run
     * killed right after creating it leaves one. */
    if (!ours && (ndocs > 0 || nmeta > 0))
        return nx_error_set(err, NX_E_INVALID,
                            "--db %s is a Xapian database that newsindex did not write (no %s "
                            "metadata; omindex's?): refusing to change it", db_path,
                            NX_META_SCHEMA);
    if (!ours)
        *is_new = 1;
    return writable(db_path, err, db_path) ? NX_OK : NX_E_IO;
}

/* ---- the work directory of a build from nothing ---- */

#define WORK_MARKER "newsindex-work"

nx_status_t nx_workdir_clear(const char *dir, nx_error_t *err)
{
    struct stat st;
    if (lstat(dir, &st) != 0)
        return errno == ENOENT ? NX_OK
                               : nx_error_set(err, NX_E_IO, "%s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode) || !has_entry(dir, WORK_MARKER))
        return nx_error_set(err, NX_E_INVALID,
                            "%s is in the way of the index's work directory and newsindex did "
                            "not make it: move it away", dir);
    /* One a killed run left: we hold the index's lock, so no run uses it. */
    nx_rm_tree(dir);
    if (lstat(dir, &st) == 0)
        return nx_error_set(err, NX_E_IO, "%s: cannot remove the work directory a killed run "
                                          "left", dir);
    return NX_OK;
}

nx_status_t nx_workdir_make(const char *dir, nx_error_t *err)
{
    if (mkdir(dir, 0777) != 0)
        return nx_error_set(err, errno == ENOSPC ? NX_E_FULL : NX_E_IO,
                            "%s: cannot create the work directory of a build from nothing (it "
                            "goes beside the index): %s", dir, strerror(errno));
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, WORK_MARKER);
    FILE *f = fopen(p, "w");
    int ok = f && fprintf(f, "made by newsindex (pid %ld, %ld); removed by the run that made it "
                             "or the next one\n", (long)getpid(), (long)time(NULL)) > 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok) {
        int e = errno;
        nx_rm_tree(dir);
        return nx_error_set(err, e == ENOSPC ? NX_E_FULL : NX_E_IO,
                            "%s: cannot write the work directory: %s", dir, strerror(e));
    }
    return NX_OK;
}
