/* spool.h - the output of one attempt of a read (see search.c): kept
 * until the attempt has succeeded, thrown away whole when it fails. */
#ifndef NEWSINDEX_SEARCHER_SPOOL_H
#define NEWSINDEX_SEARCHER_SPOOL_H

#include <stdio.h>

#include "newsindex/status.h"

/* A temporary file, unlinked at once (an export does not sit in memory),
 * or memory when no file can be made. */
typedef struct {
    FILE *f;   /* where the attempt writes */
    int mem;   /* f is an open_memstream of buf, len */
    char *buf;
    size_t len;
} nx_spool_t;

/* A new, empty spool in $TMPDIR (else /tmp), or in memory. NX_E_IO when
 * neither can be made. */
nx_status_t nx_spool_open(nx_spool_t *sp, nx_error_t *e);
/* NX_E_IO when what was written could not all be written (a full disk):
 * an error, not a short output. */
nx_status_t nx_spool_check(nx_spool_t *sp, nx_error_t *e);
/* Copy what was written to out. */
void nx_spool_copy(nx_spool_t *sp, FILE *out);
/* Close and forget (a zeroed spool is ignored). */
void nx_spool_close(nx_spool_t *sp);

#endif
