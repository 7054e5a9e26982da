/* fsutil.c - directory operations for publishing an index built aside. */
#define _GNU_SOURCE /* renameat2 */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void nx_rm_tree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* fsync the directory holding path, so that a rename in it is durable. */
static void sync_parent(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return;
    char *slash = strrchr(p, '/');
    const char *dir = ".";
    if (slash == p)
        dir = "/";
    else if (slash) {
        *slash = '\0';
        dir = p;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(p);
}

int nx_dir_exchange(const char *a, const char *b)
{
    if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0) {
        sync_parent(b);
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* No atomic exchange on this file system: two renames. A crash between
     * them leaves no index at b (the next run builds it again). */
    size_t n = strlen(a) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.swap", a);
    int rc = -1;
    if (rename(b, tmp) == 0 && rename(a, b) == 0 && rename(tmp, a) == 0)
        rc = 0;
    free(tmp);
    sync_parent(b);
    return rc;
}
