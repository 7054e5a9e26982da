/* dateline.h - reading the dateline that opens a news story.
 *
 * "ISLAMABAD, April 7 (Reuters) - ", "LONDON (AP) -- ",
 * "WASHINGTON, D.C. (AP) — ", "PARIS - ", "(Reuters) - ": the place, with
 * an optional region ("D.C.", "Calif.") or day ("April 7"), an optional
 * source in parentheses, and a dash. The one dateline reader: the parsers
 * take the place and the agency from it, the country scorer the place. */
#ifndef NEWSINDEX_DATELINE_H
#define NEWSINDEX_DATELINE_H

#include <stddef.h>

/* Pointers are into the string read; place_len or src_len is 0 when that
 * part is absent. */
typedef struct {
    const char *place; /* "ISLAMABAD" (the first part only) */
    size_t place_len;
    size_t head_len;   /* the place with its region and day parts, up to
                          the source or the dash: "GREENWICH, Conn., March 2" */
    const char *src;   /* "Reuters", without the parentheses */
    size_t src_len;
    size_t len;        /* the whole dateline with its dash and the spaces
                          after it: where the story's first words begin */
} nx_dateline_t;

/* 1 and *out filled when s[0..n) starts with a dateline, else 0 (and *out
 * zeroed). Only the first 240 bytes are read. Upper-case places stand
 * alone ("PARIS - "), mixed-case ones ("Islamabad (AFP) -") need the
 * source; a bare upper-case word before a dash needs three letters (an
 * acronym in a sentence is no place); a lone hyphen needs a space on both
 * sides ("U.S. M-1 money supply" has no dateline). */
int nx_dateline_find(const char *s, size_t n, nx_dateline_t *out);

#endif
