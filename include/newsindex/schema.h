/* schema.h - the index schema, shared by newsindex and newssearch.
 *
 * One table (nx_fields, in lib/schema.c) lists every field: its name in
 * queries, how it is searched, its term prefix, value slot and case rule,
 * and whether it is a facet or multi-valued. newsindex builds each
 * document's terms and values from it (indexer/pipeline/document.c);
 * newssearch registers its query fields, lists its facets and writes the
 * field part of --help from it (searcher/). */
#ifndef NEWSINDEX_SCHEMA_H
#define NEWSINDEX_SCHEMA_H

#include <stddef.h>

#include "newsindex/article.h"
#include "newsindex/status.h"
#include "newsindex/xap.h"

/* Bumped whenever documents written by an older indexer would be read
 * wrongly; stored in the index metadata under NX_META_SCHEMA. newsindex
 * builds an older index again from the archive.
 *   1  first release
 *   2  stop words no longer indexed (phrases are searched without them);
 *      file terms hashed (nx_file_term); no "id" in the record when it
 *      is the path
 *   3  ids (and paths) start with their root's label ("bbc/tech/1.txt");
 *      the roots are recorded (NX_META_ROOTS); file terms are the id
 *      itself, so that a folder's files can be listed by prefix
 *   4  each document has its id as a term (NX_PREFIX_ID): id: finds it
 *   5  one term per word: its stem ("Z" + prefix + stem, with positions;
 *      TermGenerator STEM_ALL_Z), no exact forms
 *   6  near-duplicate fingerprints (NX_SLOT_FINGERPRINT) and clusters
 *      (NX_SLOT_CLUSTER)
 *   7  the date slot, the day terms and the record's date are the
 *      publisher's local time (the record's with its offset); the date's
 *      origin is a field (NX_PREFIX_ORIGIN, NX_SLOT_ORIGIN)
 *   8  words folded before they are stemmed: accents and other marks
 *      stripped, case folded (utf8proc), Zinédine is zinedine; the
 *      byline's words under NX_PREFIX_AUTHOR (author:) */
#define NX_SCHEMA_VERSION 8
/* The schema version, and the mark of an index newsindex wrote. */
#define NX_META_SCHEMA "newsindex.schema"
#define NX_META_UPDATED "newsindex.updated" /* ISO time of the last run */
#define NX_META_ROOTS "newsindex.roots"     /* "LABEL\tPATH\n" per root */
/* "K/N" on shard K of N (newsindex --shard K/N): the index holds the files
 * of the archive whose id hashes to K modulo N; unset on a whole index. */
#define NX_META_SHARD "newsindex.shard"
/* One key per file that could not be indexed: NX_META_FAILED + its id ->
 * "SIGNATURE\tREASON"; not read again until its signature changes. */
#define NX_META_FAILED "newsindex.failed:"

/* Value slots. */
enum {
    NX_SLOT_DATE = 0,      /* "YYYYMMDDhhmmss" (the publisher's local time):
                              ranges and sorting */
    NX_SLOT_SOURCE = 1,    /* display name ("Reuters"): facet */
    NX_SLOT_COUNTRIES = 2, /* lowercase codes joined by NX_LIST_SEP: facet */
    NX_SLOT_TOPICS = 3,    /* topic codes joined by NX_LIST_SEP: facet */
    NX_SLOT_YEAR = 4,      /* "YYYY": facet */
    NX_SLOT_SIGNATURE = 5, /* the file's "size:mtime:inode": incremental runs */
    NX_SLOT_FINGERPRINT = 6, /* the id's hash and the body's MinHash (fingerprint.h) */
    NX_SLOT_CLUSTER = 7,   /* 16 hex digits: the near-duplicate cluster, set on
                            * the members of clusters of two or more only */
    /* 8 is reserved (a "first seen" feature) */
    NX_SLOT_ORIGIN = 9     /* where the date came from ("content", "mtime"): facet */
};
#define NX_LIST_SEP ','

/* Term prefixes (Xapian conventions: single capitals, X-prefixes for the
 * rest; boolean values are lowercased so "XCpk" never reads as "XCP"+"K"). */
#define NX_PREFIX_FILE "XF"    /* every document of a file: nx_file_term() */
#define NX_PREFIX_ID "Q"       /* the document's id (Xapian's unique-id prefix) */
#define NX_PREFIX_TITLE "S"    /* title words (also in the free text) */
#define NX_PREFIX_AUTHOR "A"   /* the byline's words (Xapian's author prefix) */
#define NX_PREFIX_SOURCE "XS"  /* XSreuters */
#define NX_PREFIX_COUNTRY "XC" /* XCpk */
#define NX_PREFIX_TOPIC "XT"   /* XTeconomy */
#define NX_PREFIX_DAY "D"      /* D20210408 */
#define NX_PREFIX_MONTH "M"    /* M202104 */
#define NX_PREFIX_YEAR "Y"     /* Y2021 */
#define NX_PREFIX_ORIGIN "XO"  /* XOmtime: where the date came from */

/* The fields, in the order of nx_fields: the facets are listed in this
 * order (country, topic, source, year). */
typedef enum {
    NX_F_TEXT,      /* the article's words */
    NX_F_TITLE,     /* title words, also under a prefix */
    NX_F_COUNTRY,   /* ISO 3166 alpha-2 codes */
    NX_F_TOPIC,     /* topic codes */
    NX_F_SOURCE,    /* the normalized source */
    NX_F_DATE,      /* YYYYMMDDhhmmss, the publisher's local time */
    NX_F_YEAR,      /* YYYY */
    NX_F_DAY,       /* YYYYMMDD */
    NX_F_MONTH,     /* YYYYMM */
    NX_F_FILE,      /* the file's id: what a file's documents are replaced by */
    NX_F_SIGNATURE, /* the file's "size:mtime:inode" */
    NX_F_ID,        /* the document's id: one document */
    NX_F_ORIGIN,    /* where the date came from: content, path, mtime, none */
    NX_F_AUTHOR,    /* the byline's words */
    NX_NFIELDS
} nx_field_id_t;

/* How a field is searched. */
typedef enum {
    NX_KIND_TEXT,    /* free text: stemmed words with positions (TermGenerator) */
    NX_KIND_BOOLEAN, /* exact-match filter terms, prefix + value (nx_field_term) */
    NX_KIND_RANGE,   /* a sortable value slot, searched by ranges */
    NX_KIND_STORED   /* a value slot only newsindex reads */
} nx_field_kind_t;

/* What a boolean term does to the value's case (Xapian's convention: a
 * value that may start with a capital is lowercased, so "XCpk" never reads
 * as "XCP" + "K"). */
typedef enum {
    NX_CASE_KEEP, /* as given: ids, digits */
    NX_CASE_LOWER /* ASCII-lowercased */
} nx_case_t;

enum {
    NX_FIELD_QUERY = 1 << 0, /* "name:value" in the query language */
    NX_FIELD_FACET = 1 << 1, /* counted with --facets (from its value slot) */
    NX_FIELD_MULTI = 1 << 2  /* several values per document: several terms, and
                              * the slot holds them joined by NX_LIST_SEP */
};

typedef struct {
    nx_field_id_t id;     /* its index in nx_fields */
    const char *name;     /* the query field and facet name: "country" */
    nx_field_kind_t kind;
    const char *prefix;   /* term prefix; NULL if none, "" for unprefixed words */
    int slot;             /* value slot, -1 if none */
    nx_case_t case_rule;  /* for boolean terms */
    unsigned flags;       /* NX_FIELD_... */
    const char *example;  /* query fields: examples for --help ("year:1987") */
    const char *help;     /* what the examples find ("by year"); NULL: nothing said */
} nx_field_t;

/* The fields, indexed by nx_field_id_t: nx_fields[NX_F_COUNTRY]. */
extern const nx_field_t nx_fields[NX_NFIELDS];
extern const size_t nx_nfields; /* NX_NFIELDS */

/* The name of a date origin as the record, the origin field and the
 * output give it: "content", "path", "mtime", "none" (static). */
const char *nx_date_origin_name(nx_date_origin_t o);

/* The field named name (exactly, as in the query language), or NULL. */
const nx_field_t *nx_field_named(const char *name);

/* The boolean term of field f for a value: f's prefix + the value, its
 * case as f says (the case rule applies to the value, not to the hash
 * below), or, when that would pass Xapian's term length limit, the prefix
 * + the value's first 180 bytes (cut at a UTF-8 character boundary) + "#"
 * + a 16-hex-digit FNV-1a hash of the whole value as given. The one recipe
 * for terms: newsindex adds them, newssearch's filters look them up.
 * Returns a malloc'd string (NULL on allocation failure). */
char *nx_field_term(const nx_field_t *f, const char *value);

/* The term on every document of a file: nx_field_term of NX_F_FILE with
 * the file's id ("bbc/tech/001.txt", its bytes as the file system has
 * them). Kept whole (not hashed) up to the limit, so that the files of a
 * root or a folder are the terms with its prefix: pruning one folder lists
 * them. malloc'd (NULL on allocation failure). */
char *nx_file_term(const char *id);

/* The schema check both programs make on an index they open: *version is
 * the index's schema version (NX_META_SCHEMA; 0 when none is recorded: a
 * new or empty index). NX_E_VERSION when it is newer than
 * NX_SCHEMA_VERSION, with the one-line message "[WHERE: ]index schema N is
 * newer than this PROGRAM (M)" (where: the index's path, or NULL); an
 * error reading the metadata is returned as it is. An older version is
 * NX_OK: what to do with it is the caller's (newsindex builds it again). */
nx_status_t nx_schema_check(xap_db *db, const char *where, const char *program, int *version,
                            nx_error_t *err);

/* The document data: a one-line JSON object with the stored fields (path,
 * path_hex (the path's bytes in hex, when the path is shown escaped),
 * id (only when it is not the path), title, date, date_origin, source,
 * countries, topics, byline, dateline, standfirst, format), a newline, then
 * the article text as is.
 * Readers that need only the fields parse the first line; snippets take the
 * text without JSON decoding. nx_record_encode returns a malloc'd record
 * and its length in *len (NULL on allocation failure). */
char *nx_record_encode(const nx_article_t *a, size_t *len);

/* Split a record: *meta_len bytes of JSON at data, then the text
 * (*text, *text_len; empty when there is none). */
void nx_record_split(const char *data, size_t len, size_t *meta_len, const char **text,
                     size_t *text_len);

/* The archive roots an index records (NX_META_ROOTS). */
typedef struct {
    char *label; /* the first component of every id under the root */
    char *path;  /* absolute, symbolic links resolved */
} nx_root_t;

typedef struct {
    nx_root_t *v;
    size_t n;
} nx_roots_t;

/* Parse the metadata text (one "LABEL\tPATH" line each; "" for none). */
nx_status_t nx_roots_parse(const char *text, size_t len, nx_roots_t *out, nx_error_t *err);
char *nx_roots_format(const nx_roots_t *r); /* malloc'd; NULL on ENOMEM */
nx_status_t nx_roots_add(nx_roots_t *r, const char *label, size_t llen, const char *path,
                         size_t plen, nx_error_t *err);
long nx_roots_find(const nx_roots_t *r, const char *label); /* index or -1 */
void nx_roots_free(nx_roots_t *r);
/* Where the file of a document id lies: its root's path joined with the
 * rest of the id (malloc'd), or NULL when the id's label is not a root. */
char *nx_roots_locate(const nx_roots_t *r, const char *id);

/* Path to a data file: $NX_DATA_DIR/name, else next to the program
 * (../data or ../share/newsindex relative to the executable), else the
 * installed NX_DATADIR. malloc'd; the first existing candidate, or the
 * installed path when none exists. */
char *nx_data_path(const char *name);

#endif
