/* spool.c - an attempt's output, in an unlinked temporary file. */
#include "spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

nx_status_t nx_spool_open(nx_spool_t *sp, nx_error_t *e)
{
    memset(sp, 0, sizeof *sp);
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/newssearch.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd >= 0) {
        unlink(path);
        if ((sp->f = fdopen(fd, "w+")))
            return NX_OK;
        close(fd);
    }
    if ((sp->f = open_memstream(&sp->buf, &sp->len))) {
        sp->mem = 1;
        return NX_OK;
    }
    return nx_error_set(e, NX_E_IO, "cannot make a temporary file for the output: %s",
                        strerror(errno));
}

nx_status_t nx_spool_check(nx_spool_t *sp, nx_error_t *e)
{
    if (fflush(sp->f) != 0 || ferror(sp->f))
        return nx_error_set(e, NX_E_IO, "cannot write the temporary output file: %s",
                            strerror(errno));
    return NX_OK;
}

void nx_spool_copy(nx_spool_t *sp, FILE *out)
{
    if (fflush(sp->f) != 0)
        return;
    if (sp->mem) {
        fwrite(sp->buf, 1, sp->len, out);
        return;
    }
    if (fseek(sp->f, 0, SEEK_SET) != 0)
        return;
    char b[65536];
    size_t n;
    while ((n = fread(b, 1, sizeof b, sp->f)) > 0)
        if (fwrite(b, 1, n, out) != n)
            break;
}

void nx_spool_close(nx_spool_t *sp)
{
    if (sp->f)
        fclose(sp->f);
    free(sp->buf);
    memset(sp, 0, sizeof *sp);
}
