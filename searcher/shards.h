/* shards.h - what newssearch searches: its --db arguments, each an index
 * directory, a Xapian stub file, or a directory of shards (holding a stub
 * file XAPIANDB), read into one list of shards (xap_shard_t) that the shim
 * opens as one database (xap_db_read_source).
 *
 * A stub file (Xapian 1.4's format) has one database per line:
 *   auto PATH            a local index (or another stub), relative to the
 *                        stub file's directory unless absolute
 *   glass PATH           the same
 *   remote HOST:PORT     a database served by xapian-tcpsrv
 *   remote :HOST:PORT    the same (Xapian would run a program ":HOST:PORT";
 *                        its "remote :PROGRAM ARGS", xapian-progsrv over
 *                        ssh, is refused)
 * Blank lines and lines starting with # are ignored. */
#ifndef NEWSINDEX_SEARCHER_SHARDS_H
#define NEWSINDEX_SEARCHER_SHARDS_H

#include <stddef.h>

#include "newsindex/status.h"
#include "newsindex/xap.h"

typedef struct {
    xap_shard_t *v; /* the shards, in the order given */
    size_t n, cap;
    char **strs;    /* the strings the shards point into (owned) */
    size_t nstrs, capstrs;
} nx_shards_t;

/* Add the shards of one --db argument to s (zeroed before the first
 * call). A directory holding XAPIANDB or a regular file is read as a stub
 * file; any other path is one local index (a missing one is told "no
 * index here" when opened). NX_E_INVALID with "STUB:LINE: ..." for a line
 * that is not one of the above, a port out of range, a stub listing
 * nothing or nesting stubs more than 8 deep; NX_E_IO for a stub that
 * cannot be read. On failure s keeps what was added before. */
nx_status_t nx_shards_add(nx_shards_t *s, const char *arg, nx_error_t *err);

/* 1 when a remote shard is listed. */
int nx_shards_remote(const nx_shards_t *s);

void nx_shards_free(nx_shards_t *s);

#endif
