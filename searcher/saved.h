/* saved.h - saved searches: --save NAME, --saved NAME [--new],
 * --list-saved, --delete-saved NAME.
 *
 * A saved search is a file NAME.search (its query and options, one
 * "key\tvalue" line each) in the state directory of its index:
 * $NEWSINDEX_STATE, else $XDG_STATE_HOME/newsindex, else
 * ~/.local/state/newsindex, then saved/ and a directory per index (the
 * FNV-1a hash of the index's real path, in hex; its path is in
 * INDEX.path). Not inside the index: newsindex --full replaces the
 * index's directory.
 *
 * What --new has reported is NAME.seen: the 64-bit FNV-1a hashes of the
 * ids of every document it has printed or found (hex, sorted, one a
 * line). A document's id is its root label and path (and a feed item's
 * guid or link), so it is the same after an update, a change of the
 * article, a --full rebuild or a move of the root: a match is new when
 * its id is not in the file, and a changed article is not new again. An
 * article that was indexed before but only now matches (it changed, or
 * the search was saved later) is new to the search: it is shown once.
 * Writes are a new file renamed over the old; --new holds an flock on
 * NAME.lock from reading NAME.seen to writing it, so two runs at once do
 * not both report the same news. */
#ifndef NEWSINDEX_SEARCHER_SAVED_H
#define NEWSINDEX_SEARCHER_SAVED_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "newsindex/status.h"
#include "query.h"

typedef struct nx_saved {
    char *dir;           /* the index's state directory */
    char *name;
    char *query;         /* the saved query text */
    int any;
    nx_filters_t filters; /* strings owned (in store) */
    char *store[5];
    int lock_fd;         /* -1: not locked */
    uint64_t *seen;      /* sorted: reported before */
    size_t nseen;
    uint64_t *fresh;     /* found by this attempt */
    size_t nfresh, cap;
} nx_saved_t;

/* 1 if name is a valid search name: 1..64 of [A-Za-z0-9._-], not
 * starting with '.'. */
int nx_saved_name_ok(const char *name);

/* s for index db_path and name (name may be NULL for --list-saved).
 * NX_E_IO when the state directory cannot be named (no HOME). */
nx_status_t nx_saved_init(nx_saved_t *s, const char *db_path, const char *name, nx_error_t *e);
void nx_saved_free(nx_saved_t *s);

/* --save: write query, any and filters as s's search (replacing it). */
nx_status_t nx_saved_save(nx_saved_t *s, const char *query, int any, const nx_filters_t *f,
                          nx_error_t *e);
/* --saved: read s's search; NX_E_INVALID "no saved search NAME". */
nx_status_t nx_saved_load(nx_saved_t *s, nx_error_t *e);
/* --new: lock, and read what was reported before. */
nx_status_t nx_saved_begin_new(nx_saved_t *s, nx_error_t *e);
/* During a run: was id reported before? Remember it for the commit. */
int nx_saved_is_new(nx_saved_t *s, const char *id, size_t len);
/* Forget what the attempt found (a new attempt starts). */
void nx_saved_reset(nx_saved_t *s);
/* After the run succeeded and was printed: record what it found. */
nx_status_t nx_saved_commit(nx_saved_t *s, nx_error_t *e);
/* --delete-saved: NX_E_INVALID when there is none. */
nx_status_t nx_saved_delete(nx_saved_t *s, nx_error_t *e);
/* --list-saved: a report object {"format_version", "saved": [{"name",
 * "query", "filters"...}]}, a new reference (NULL on NX_E_NOMEM). */
json_t *nx_saved_list(nx_saved_t *s, nx_error_t *e);

#endif
