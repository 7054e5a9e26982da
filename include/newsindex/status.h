/* status.h - status codes and the caller-owned error record.
 *
 * Every fallible library function returns nx_status_t (NX_OK == 0) and takes
 * an optional nx_error_t * as its last argument; on failure the record holds
 * the code and a one-line message (no trailing newline). */
#ifndef NEWSINDEX_STATUS_H
#define NEWSINDEX_STATUS_H

#include <stddef.h>

typedef enum {
    NX_OK = 0,
    NX_E_NOMEM,    /* out of memory */
    NX_E_IO,       /* a file could not be read or written */
    NX_E_FULL,     /* no space left on the device being written */
    NX_E_PARSE,    /* input could not be parsed (a bad article file, a bad data file) */
    NX_E_INVALID,  /* a bad argument (an option value, a malformed name) */
    NX_E_LOCKED,   /* the index is locked by another writer */
    NX_E_NO_INDEX, /* no index at the given path */
    NX_E_CORRUPT,  /* the index is damaged */
    NX_E_VERSION,  /* the index was written by a newer schema */
    NX_E_MODIFIED, /* the index changed under a reader: reopen and retry */
    NX_E_QUERY,    /* a query the query language rejects: a field's value
                    * (country:narnia, date:2021-13, year:87) */
    NX_E_SYNTAX,   /* query syntax error: the parser's message in err, clean
                    * ("<expression> AND <expression>") */
    NX_E_LIMIT,    /* a query beyond a documented bound: too long, too
                    * many terms or wildcards, nested too deep, a wildcard
                    * matching too many words */
    NX_E_NETWORK,  /* a remote shard could not be reached, or did not
                    * answer within the timeout */
    NX_E_XAPIAN,   /* any other Xapian error */
    NX_E_INTERNAL  /* a bug: should never happen */
} nx_status_t;

typedef struct {
    nx_status_t code;
    char msg[512];
} nx_error_t;

/* A short English name for the code ("out of memory", "index locked", ...).
 * The returned string is static. */
const char *nx_status_str(nx_status_t code);

/* Fill err (if not NULL) with code and a printf-style message; returns code
 * so that callers can write `return nx_error_set(err, NX_E_IO, "...")`. */
nx_status_t nx_error_set(nx_error_t *err, nx_status_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reset err (if not NULL) to NX_OK with an empty message. */
void nx_error_clear(nx_error_t *err);

#endif
