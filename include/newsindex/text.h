/* text.h - growable byte buffers and UTF-8 hygiene.
 *
 * Everything that reaches Xapian or the output printers goes through
 * nx_utf8_repair() first: text in the index is always valid UTF-8 with no
 * raw control characters other than '\n' and '\t'. Bytes in other
 * encodings are made UTF-8 by the indexer's decoder (indexer/ingest/). */
#ifndef NEWSINDEX_TEXT_H
#define NEWSINDEX_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "newsindex/status.h"

/* A growable buffer; data is always NUL-terminated when len > 0 or after any
 * append. Zero-initialise ({0}) before use; free with nx_buf_free().
 *
 * The status is sticky (as in SQLite FTS5's fts5_buffer.c): the first
 * append that fails (NX_E_NOMEM, or NX_E_INTERNAL from a bad format) is
 * kept in it, and every append after that does nothing and returns it
 * again. A run of appends may so ignore their results and be checked once,
 * with nx_buf_status() or by nx_buf_steal() returning NULL; what the buffer
 * holds after a failure is then not to be used. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    nx_status_t status; /* NX_OK, or the first failure */
} nx_buf_t;

/* Each returns NX_OK, or the buffer's (sticky) failure. */
nx_status_t nx_buf_append(nx_buf_t *b, const char *s, size_t n);
nx_status_t nx_buf_puts(nx_buf_t *b, const char *s);
nx_status_t nx_buf_putc(nx_buf_t *b, char c);
nx_status_t nx_buf_printf(nx_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* NX_OK, or the first failure of an append since the buffer was made,
 * freed or stolen from. */
nx_status_t nx_buf_status(const nx_buf_t *b);
/* Take ownership of the contents (a malloc'd NUL-terminated string, "" for an
 * empty buffer); the buffer is left empty, its status NX_OK. Returns NULL
 * when an append had failed (the contents are then freed) or on allocation
 * failure. */
char *nx_buf_steal(nx_buf_t *b);
/* Empty the contents; a failure stays (only nx_buf_free and nx_buf_steal
 * clear it). */
void nx_buf_reset(nx_buf_t *b);
void nx_buf_free(nx_buf_t *b);

/* 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int nx_utf8_valid(const char *s, size_t n);

/* Return a malloc'd, NUL-terminated copy of s[0..n) that is valid UTF-8:
 * invalid sequences become U+FFFD, NUL and C0 controls other than \t and \n
 * are dropped (\r is dropped, \f and \v become \n), C1 controls are dropped.
 * NULL only on allocation failure. */
char *nx_utf8_repair(const char *s, size_t n);

/* Collapse runs of white space (ASCII and U+00A0) to one space and trim both
 * ends, in place; returns s. */
char *nx_squeeze_space(char *s);

/* Decode one UTF-8 code point at s (n bytes available); stores its length in
 * *len (1 on invalid input) and returns the code point, or 0xFFFD. */
uint32_t nx_utf8_decode(const char *s, size_t n, size_t *len);

/* Write code point cp (at most U+10FFFF, no surrogate) as UTF-8 at o (room
 * for 4 bytes); returns its length. */
size_t nx_utf8_put(char *o, uint32_t cp);

/* The length of the upper-case letter at s (n bytes available): an ASCII
 * capital, or an upper-case Latin-1 or Latin Extended-A letter in UTF-8;
 * 0 when s does not start with one. */
size_t nx_utf8_upper_len(const char *s, size_t n);

/* A file name as it may be shown on a terminal or stored as UTF-8: a
 * malloc'd copy of s in which bytes that are not valid UTF-8, C0 and C1
 * controls and DEL are written \xNN, and the Unicode format characters
 * that reorder or hide text (bidirectional embeddings, overrides and
 * isolates, U+200E/F, U+2028/9) are written \u{XXXX}. Other text is
 * unchanged, so nx_name_needs_escape(s) == 0 means the copy equals s.
 * NULL only on allocation failure. */
char *nx_escape_name(const char *s);
int nx_name_needs_escape(const char *s);

/* Bytes as lowercase hex, and back (malloc'd, NUL-terminated; decoding
 * stops at the first pair that is not hex). NULL only on allocation
 * failure. */
char *nx_hex_encode(const char *s, size_t n);
char *nx_hex_decode(const char *hex);

/* Lowercase ASCII letters of s in place; returns s. */
char *nx_ascii_lower(char *s);

/* strdup that returns NULL for NULL. */
char *nx_strdup(const char *s);
char *nx_strndup(const char *s, size_t n);

#endif
