/* ingest.h - the first stage of the indexer: finding the archive's files
 * (the walk), reading their bytes (plain or gzip), and making those bytes
 * UTF-8 (the decoder, which the parsers call with their charset hint). */
#ifndef NEWSINDEX_INGEST_H
#define NEWSINDEX_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "newsindex/status.h"

/* ---- walk ---- */

typedef struct {
    const char *path;    /* full path as opened */
    const char *relpath; /* relative to the walked directory */
    off_t size;
    int64_t mtime_ns;
    ino_t ino;
} nx_file_t;

/* What the walk met besides regular files. */
typedef enum {
    NX_WALK_DIR_UNREADABLE,  /* a directory that cannot be read (in full) */
    NX_WALK_FILE_UNREADABLE, /* a name that cannot be looked at */
    NX_WALK_BROKEN_LINK,     /* a symbolic link to nothing */
    NX_WALK_LINK_OUTSIDE     /* a symbolic link out of the archive: not followed */
} nx_walk_event_t;

typedef struct {
    const char *root;  /* the archive root the walked path lies in (NULL:
                          the walked path): links may point anywhere under it */
    int follow;        /* follow every symbolic link (loops are still cut) */
    const char *const *excludes; /* NULL-terminated globs, or NULL */
    int default_excludes;        /* also skip nx_default_excludes */
    /* Called for each regular file; non-zero stops the walk. */
    int (*on_file)(void *ctx, const nx_file_t *f);
    /* Called for everything else worth telling; may be NULL. */
    void (*on_event)(void *ctx, const char *path, const char *relpath, nx_walk_event_t ev,
                     const char *msg);
    void *ctx;
} nx_walk_opts_t;

/* Editor and download leftovers skipped unless asked for: "*~", "#*#",
 * "*.bak", "*.swp", "*.swo", "*.tmp", "*.part", "*.crdownload". */
extern const char *const nx_default_excludes[];

/* Walk path recursively in sorted order, skipping hidden names (".x") and
 * excluded ones (a glob with '/' is matched against the relative path,
 * else against the name), never following a symbolic link that leads
 * out of o->root unless o->follow, never into a directory already being
 * visited (no loops), never deeper than 64 levels. path may be a single
 * file (its relpath is then its base name). Returns NX_OK, NX_E_IO when
 * path cannot be read (the message is the reason), or NX_E_INTERNAL when
 * on_file stopped the walk. */
nx_status_t nx_walk(const char *path, const nx_walk_opts_t *o, nx_error_t *err);

/* ---- reading ---- */

/* Default limit on one file's decompressed size. */
#define NX_MAX_FILE_BYTES (64u * 1024u * 1024u)

/* Read path, decompressing gzip (any number of concatenated members).
 * *data is malloc'd and NUL-terminated (the NUL not counted in *len).
 * Returns NX_OK; NX_E_IO when it cannot be read; NX_E_PARSE for a corrupt or
 * truncated gzip stream or a file over limit bytes (message in err).
 * On failure *data is NULL and *len 0. */
nx_status_t nx_read_file(const char *path, size_t limit, char **data, size_t *len,
                         nx_error_t *err);
/* The same, and a gzip stream may inflate to at most max_ratio times the
 * compressed bytes read so far once past its first MiB (0: no ratio);
 * refused with NX_E_PARSE, "gzip stream expands more than N times
 * (--max-ratio)". Over limit: "file too large: more than N bytes
 * (--max-file-bytes)". */
nx_status_t nx_read_file_bounded(const char *path, size_t limit, unsigned max_ratio, char **data,
                                 size_t *len, nx_error_t *err);

/* ---- decoding (decode.c): bytes to UTF-8, each decision in one place ---- */

/* Screen a file's bytes before any parser sees them. Refused, with
 * NX_E_PARSE and the reason in err: an empty or white-space-only file
 * ("empty file"), a known binary signature (PDF, images, archives, ELF,
 * ...) or a high share of control bytes in the first 4 KB ("binary data").
 * UTF-16 (a BOM, or every other byte NUL) is transcoded to UTF-8; NUL
 * bytes are dropped; other bytes stay as they are, for the parser to
 * decode with its charset hint (nx_decode). *out is malloc'd and
 * NUL-terminated, *outlen its length; on failure *out is NULL and *outlen
 * 0. NX_E_NOMEM on allocation failure. */
nx_status_t nx_decode_screen(const char *data, size_t len, char **out, size_t *outlen,
                             nx_error_t *err);

/* The charset that s[0..n) declares in its first 8 KB: the value after
 * the first "charset=" or "encoding=" (<meta charset>, a Content-Type
 * <meta>, an XML declaration), lowercased into cs (csz bytes); "" when
 * none. */
void nx_decode_declared(const char *s, size_t n, char *cs, size_t csz);

/* s[0..n) as UTF-8: malloc'd, NUL-terminated, valid, with no control
 * characters but tab and newline (nx_utf8_repair's rules). A byte-order
 * mark decides first (UTF-8, UTF-16LE, UTF-16BE). charset is the caller's
 * hint (a declared charset, lowercase), NULL or "" for none:
 *   none, or "utf-16...": UTF-8 unless at least as many non-ASCII
 *       sequences are invalid UTF-8 as valid, then Windows-1252;
 *   "utf-8": UTF-8, repaired, unless no non-ASCII sequence is valid and
 *       some are not (mislabelled Windows-1252);
 *   Latin-1 and its relatives ("iso-8859-1", "windows-1252", "us-ascii",
 *       ...): Windows-1252, as browsers do, unless the bytes hold valid
 *       UTF-8 beyond ASCII (mislabelled UTF-8);
 *   any other: the same UTF-8 test, then iconv (bytes it cannot convert
 *       become U+FFFD), then the guess when iconv does not know it.
 * NULL only on allocation failure. */
char *nx_decode(const char *s, size_t n, const char *charset);

#endif
