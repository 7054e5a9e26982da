/* xap.h - a thin C shim over xapian-core (the only C++ in the project).
 *
 * Conventions: every function catches every exception and returns an
 * nx_status_t (NX_E_LOCKED, NX_E_NO_INDEX, NX_E_CORRUPT, NX_E_MODIFIED,
 * NX_E_SYNTAX, NX_E_NOMEM, NX_E_XAPIAN, ...) with Xapian's message in err.
 * Handles are opaque; each *_new / *_open has a matching *_free / *_close.
 * Strings returned as `char *` are malloc'd copies owned by the caller; on
 * failure out-params are set to NULL / 0. Strings passed in are copied;
 * byte strings carry explicit lengths. */
#ifndef NEWSINDEX_XAP_H
#define NEWSINDEX_XAP_H

#include <stddef.h>
#include <stdint.h>

#include "newsindex/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xap_db xap_db;       /* a database, read-only or writable */
typedef struct xap_doc xap_doc;     /* a document being built or read */
typedef struct xap_tg xap_tg;       /* a TermGenerator */
typedef struct xap_query xap_query; /* a query tree */
typedef struct xap_qp xap_qp;       /* a QueryParser */
typedef struct xap_result xap_result; /* one page of results plus facets */

/* ---- databases ---- */

typedef enum {
    XAP_OPEN_READ = 0,   /* read-only; NX_E_NO_INDEX when missing */
    XAP_OPEN_WRITE,      /* writable, created when missing */
    XAP_OPEN_OVERWRITE,  /* writable, emptied */
    XAP_OPEN_SCRATCH,    /* writable, emptied, never synced to disk (a
                          * temporary shard: a crash loses it, which is
                          * fine for something compacted and deleted) */
    XAP_OPEN_SCRATCH_KEEP /* the same, opening what is there */
} xap_open_mode_t;

/* Open the database at path. A writable open takes Xapian's lock and fails
 * at once with NX_E_LOCKED when another writer holds it. */
nx_status_t xap_db_open(const char *path, xap_open_mode_t mode, xap_db **out, nx_error_t *err);
/* Close (committing nothing that was not committed: an open transaction is
 * cancelled) and free. NULL is ignored. */
void xap_db_close(xap_db *db);

/* ---- reading while a writer works ----
 *
 * A reader sees the revision it opened, and the writer (newsindex) does not
 * wait for it: a commit may reuse the blocks of the revision before the
 * last one, and then the reader's next read of one fails with
 * NX_E_MODIFIED ("the revision being read has been discarded"). A build
 * from nothing exchanges the index's directory for a new one: a reader
 * opened before keeps reading the old index (its files stay open after it
 * is deleted); an open racing the exchange is done again by xap_db_open.
 * Xapian's own Database::reopen() is not used: after an exchange between
 * two indexes of equal revision it kept the old tables but took the new
 * index's statistics ("Document 3001 not found" on a 3000-document
 * reader).
 *
 * xap_db_read opens the index at path read-only and calls fn on it, and
 * when fn fails because a writer changed the index under it, calls fn
 * again from the start, on a fresh open of whatever index is at path then
 * (the next revision, or the new index of a rebuild), after a short sleep
 * that doubles each time. So fn must do the whole operation, and keep what
 * it produces (output, counts) until it returns NX_OK: a call that failed
 * is thrown away whole, and two calls never add up to one result.
 *
 * Called again: NX_E_MODIFIED always; NX_E_CORRUPT, NX_E_NO_INDEX and
 * NX_E_XAPIAN only when the index at path is not the revision that failed
 * (a real fault is reported at once when nothing is writing). Any other
 * status of fn (a query error, NX_E_NOMEM, NX_E_IO, ...) is returned at
 * once, as is a failure of the first open (NX_E_NO_INDEX when there is no
 * index). After policy->attempts calls the last status is returned with
 * its message and the number of attempts in err. *attempts (may be NULL)
 * receives the number of opens tried. fn's db is closed after each call. */
typedef nx_status_t (*xap_read_fn)(void *ctx, xap_db *db, nx_error_t *err);
typedef struct {
    unsigned attempts;   /* calls of fn at most; 0: XAP_READ_ATTEMPTS */
    unsigned backoff_ms; /* sleep before the second call, doubled before each next one
                          * (at most XAP_READ_BACKOFF_MAX_MS) */
} xap_retry_t;
#define XAP_READ_ATTEMPTS 8      /* with the backoff below: about 1.3 s of sleep at most */
#define XAP_READ_BACKOFF_MS 10
#define XAP_READ_BACKOFF_MAX_MS 640
/* policy NULL: XAP_READ_ATTEMPTS, XAP_READ_BACKOFF_MS. */
nx_status_t xap_db_read(const char *path, const xap_retry_t *policy, xap_read_fn fn, void *ctx,
                        unsigned *attempts, nx_error_t *err);

/* ---- several databases searched as one (newssearch's shards) ----
 *
 * A source is a list of shards, each a local index directory or a remote
 * database served by xapian-tcpsrv, opened as one Xapian database: one
 * ranking with collection-wide statistics (document counts, lengths and
 * term frequencies summed over the shards), one match set, spelling over
 * all. Docids interleave (document d of shard i of n is (d-1)*n + i + 1).
 * Remote shards are opened with Xapian::Remote::open, timeout_ms bounding
 * the connection and each read (NX_E_NETWORK past it); custom MatchSpies
 * cannot run there (see xap_db_remote). */
typedef struct {
    const char *path; /* a local index directory; NULL for a remote shard */
    const char *host; /* remote: the host of its xapian-tcpsrv */
    unsigned port;
    const char *name; /* what messages call it ("HOST:PORT", the path) */
} xap_shard_t;

typedef struct {
    const xap_shard_t *shards;
    size_t n;              /* at least 1 */
    unsigned timeout_ms;   /* remote shards; 0: XAP_REMOTE_TIMEOUT_MS */
    int allow_partial;     /* a shard that cannot be opened (or stops
                            * answering) is left out, named in
                            * xap_db_skipped, rather than failing all */
} xap_source_t;
#define XAP_REMOTE_TIMEOUT_MS 10000

/* xap_db_read over a source: one local shard is exactly xap_db_read of
 * its path. Each call of fn gets all the shards opened as one. A shard
 * that cannot be opened fails the read with its status and a message
 * starting with its name (NX_E_NETWORK for a remote one that cannot be
 * reached or timed out); with allow_partial it is left out instead, and
 * when fn fails with NX_E_NETWORK the remote shards are tried again, those
 * that do not answer are left out and fn is called again (only when one
 * was: otherwise its error is returned). No shard left: NX_E_NETWORK. */
nx_status_t xap_db_read_source(const xap_source_t *src, const xap_retry_t *policy,
                               xap_read_fn fn, void *ctx, unsigned *attempts, nx_error_t *err);

/* 1 when a remote shard is among db's databases. */
int xap_db_remote(const xap_db *db);
/* The shards left out of db under allow_partial, "NAME (REASON); ..."
 * ("" for none); borrowed until xap_db_close. */
const char *xap_db_skipped(const xap_db *db);

nx_status_t xap_db_doccount(xap_db *db, uint32_t *out, nx_error_t *err);

/* Compact the databases srcs[0..n) into a new database at dest (which must
 * not exist): documents are renumbered to follow one another in the order
 * given, spelling frequencies are summed, and metadata comes from the first
 * source that has the key. Blocks are filled, so the result is smaller
 * than the sources (searching it costs the same instructions). */
nx_status_t xap_compact(const char *const *srcs, size_t n, const char *dest, nx_error_t *err);

/* Metadata (user key/value). *val is malloc'd (NUL-terminated, "" when the
 * key is unset). */
nx_status_t xap_db_get_metadata(xap_db *db, const char *key, char **val, nx_error_t *err);
nx_status_t xap_db_set_metadata(xap_db *db, const char *key, const char *val, nx_error_t *err);

/* Call fn for each metadata key starting with prefix (sorted) with its
 * value; fn returns non-zero to stop. */
typedef int (*xap_meta_fn)(void *ctx, const char *key, const char *val, size_t len);
nx_status_t xap_db_metadata_keys(xap_db *db, const char *prefix, xap_meta_fn fn, void *ctx,
                                 nx_error_t *err);

/* Xapian's consistency check of the database at path (every table's
 * B-tree, Database::check). *nerrors: the number of errors found; the
 * first lines of the report go to err->msg when there are some. */
nx_status_t xap_db_check(const char *path, size_t *nerrors, nx_error_t *err);

/* Writable databases only. */
nx_status_t xap_db_begin(xap_db *db, nx_error_t *err);   /* begin_transaction(true): commit writes to disk */
nx_status_t xap_db_commit(xap_db *db, nx_error_t *err);  /* commit the open transaction, or commit() */
nx_status_t xap_db_cancel(xap_db *db, nx_error_t *err);  /* cancel the open transaction */
nx_status_t xap_db_delete(xap_db *db, const char *uid, nx_error_t *err);
/* Add doc as a new document (no unique-term look-up: the caller knows no
 * document holds its id). */
nx_status_t xap_db_add(xap_db *db, xap_doc *doc, nx_error_t *err);
/* Record doc's unprefixed, unstemmed words as spelling data (what
 * TermGenerator's FLAG_SPELLING does, but callable from the one writing
 * thread for documents built in other threads). The words are summed in
 * memory and written by the next xap_db_commit (dropped by xap_db_cancel
 * and by closing without a commit), or kept for xap_spell_take
 * (xap_db_hold_spellings). */
nx_status_t xap_db_add_spellings(xap_db *db, const xap_doc *doc, nx_error_t *err);

/* Spelling data gathered in memory over several databases: a build from
 * nothing writes its shards' words once, into one shard, instead of at
 * every commit of every shard (each commit rewrites every word fragment
 * the batch touched, and the compaction merged them again: on the html
 * x10 archive from under 1% to 14% of the build's CPU time, by the run).
 * The words, summed, are those the shards would have held, so the
 * compacted index is the same. */
typedef struct xap_spell xap_spell;
xap_spell *xap_spell_new(void); /* NULL when out of memory */
void xap_spell_free(xap_spell *sp);
/* From now on, db's commits keep its spelling data in memory (for
 * xap_spell_take) instead of writing it. */
void xap_db_hold_spellings(xap_db *db);
/* Move db's spelling data not yet written into sp (summed). */
nx_status_t xap_spell_take(xap_spell *sp, xap_db *db, nx_error_t *err);
/* Move sp's words into db's spelling data, written by db's next commit
 * (sp is left empty). */
nx_status_t xap_spell_give(xap_db *db, xap_spell *sp, nx_error_t *err);

/* Does term exist? *docid receives the first document holding it (0 if
 * none). */
nx_status_t xap_db_find_term(xap_db *db, const char *term, uint32_t *docid, nx_error_t *err);

/* Call fn for each term starting with prefix (in sorted order); fn returns
 * non-zero to stop. */
typedef int (*xap_term_fn)(void *ctx, const char *term, size_t len, uint32_t termfreq);
nx_status_t xap_db_allterms(xap_db *db, const char *prefix, xap_term_fn fn, void *ctx,
                            nx_error_t *err);

/* Call fn for every document in docid order with its data; fn returns
 * non-zero to stop. The data pointer is valid only during the call. */
typedef int (*xap_doc_fn)(void *ctx, uint32_t docid, const char *data, size_t len);
nx_status_t xap_db_alldocs(xap_db *db, xap_doc_fn fn, void *ctx, nx_error_t *err);
/* The same, with each document's value in slot (val, vlen: "" for none). */
typedef int (*xap_docv_fn)(void *ctx, uint32_t docid, const char *data, size_t len,
                           const char *val, size_t vlen);
nx_status_t xap_db_alldocs_value(xap_db *db, unsigned slot, xap_docv_fn fn, void *ctx,
                                 nx_error_t *err);

/* Lowest and highest value in slot over all documents (malloc'd, "" when
 * no document has one). */
nx_status_t xap_db_value_bounds(xap_db *db, unsigned slot, char **lo, char **hi, nx_error_t *err);

/* Call fn for each document that has a value in slot, in docid order,
 * with the value (valid only during the call; Xapian's value stream: no
 * document is read); fn returns non-zero to stop. */
typedef int (*xap_value_fn)(void *ctx, uint32_t docid, const char *val, size_t len);
nx_status_t xap_db_values(xap_db *db, unsigned slot, xap_value_fn fn, void *ctx,
                          nx_error_t *err);
/* Writable databases: set (len > 0) or remove (len 0) the value in slot
 * of document docid, leaving its terms and data as they are (Xapian
 * rewrites only the values of a document read from the same database). */
nx_status_t xap_db_set_doc_value(xap_db *db, uint32_t docid, unsigned slot, const char *val,
                                 size_t len, nx_error_t *err);

/* Value in slot of document docid; *val malloc'd ("" if unset). */
nx_status_t xap_db_get_value(xap_db *db, uint32_t docid, unsigned slot, char **val, size_t *len,
                             nx_error_t *err);
/* Document data of docid; malloc'd. */
nx_status_t xap_db_get_data(xap_db *db, uint32_t docid, char **data, size_t *len, nx_error_t *err);

/* ---- documents ---- */

nx_status_t xap_doc_new(xap_doc **out, nx_error_t *err);
void xap_doc_free(xap_doc *doc);
nx_status_t xap_doc_add_term(xap_doc *doc, const char *term, unsigned wdf, nx_error_t *err);
nx_status_t xap_doc_add_boolean_term(xap_doc *doc, const char *term, nx_error_t *err);
nx_status_t xap_doc_set_value(xap_doc *doc, unsigned slot, const char *val, size_t len,
                              nx_error_t *err);
nx_status_t xap_doc_set_data(xap_doc *doc, const char *data, size_t len, nx_error_t *err);

/* ---- term generation ---- */

/* A TermGenerator with an English stemmer (STEM_SOME) and positions; the
 * stop words of xap_stopwords() are left out, and not counted in positions.
 * Independent of any database, so each thread can own one (see
 * xap_db_add_spellings). */
nx_status_t xap_tg_new(const char *lang, xap_tg **out, nx_error_t *err);
void xap_tg_free(xap_tg *tg);
/* Index text into doc (the TermGenerator's current document). prefix ""
 * for free text; wdf_inc weights this field. */
nx_status_t xap_tg_set_document(xap_tg *tg, xap_doc *doc, nx_error_t *err);
/* Let go of the current document. Xapian's handles count their references
 * without atomics: a document still held by a worker's TermGenerator while
 * the writer's thread adds and frees it is a data race (a use after free
 * under load). Call before handing doc to another thread. */
void xap_tg_release(xap_tg *tg);
nx_status_t xap_tg_index(xap_tg *tg, const char *text, size_t len, unsigned wdf_inc,
                         const char *prefix, nx_error_t *err);
/* Leave a gap in positions between fields so phrases don't span them. */
nx_status_t xap_tg_gap(xap_tg *tg, nx_error_t *err);

/* ---- queries ---- */

typedef enum {
    XAP_OP_AND = 0, XAP_OP_OR, XAP_OP_AND_NOT, XAP_OP_FILTER
} xap_op_t;

/* Leaf queries and combinations. Each returns a new query the caller frees
 * with xap_query_free(); combine copies its inputs (they stay the caller's). */
nx_status_t xap_query_term(const char *term, xap_query **out, nx_error_t *err);
nx_status_t xap_query_value_range(unsigned slot, const char *lo, const char *hi,
                                  xap_query **out, nx_error_t *err);
nx_status_t xap_query_match_all(xap_query **out, nx_error_t *err);
nx_status_t xap_query_match_nothing(xap_query **out, nx_error_t *err);
nx_status_t xap_query_combine(xap_op_t op, const xap_query *a, const xap_query *b,
                              xap_query **out, nx_error_t *err);
/* A readable description (Xapian's get_description()), malloc'd. */
char *xap_query_describe(const xap_query *q);
void xap_query_free(xap_query *q);

/* A field processor: turns the text after "field:" into a query. Returns
 * NX_OK with *out set, or a status (NX_E_QUERY with a message in err to
 * reject the value). The shim records the first failure and reports it
 * from xap_qp_parse. */
typedef nx_status_t (*xap_field_fn)(void *ctx, const char *value, xap_query **out,
                                    nx_error_t *err);

nx_status_t xap_qp_new(const char *lang, xap_db *db, xap_qp **out, nx_error_t *err);
void xap_qp_free(xap_qp *qp);
nx_status_t xap_qp_add_prefix(xap_qp *qp, const char *field, const char *prefix, nx_error_t *err);
nx_status_t xap_qp_add_boolean_prefix(xap_qp *qp, const char *field, const char *prefix,
                                      nx_error_t *err);
/* boolean: filter (no weight) rather than a weighted term. */
nx_status_t xap_qp_add_field(xap_qp *qp, const char *field, int boolean, xap_field_fn fn,
                             void *ctx, nx_error_t *err);

/* Bounds on what a parsed query may ask of the index (0: no bound).
 * max_terms: leaves of the parsed query (words, phrase words, filter
 * terms, value ranges, each wildcard once); max_wildcards: wildcards;
 * max_phrase: words of one phrase or NEAR group; max_ranges: value
 * ranges;
 * max_expansion: words each wildcard may expand to when the search runs
 * (most_frequent: keep that many of its most frequent words instead of
 * failing). Past a bound, xap_qp_parse (terms, wildcards) or xap_search
 * (the expansion) fails with NX_E_LIMIT and a message naming the bound. */
typedef struct {
    unsigned max_terms, max_wildcards, max_phrase, max_ranges, max_expansion;
    int most_frequent;
} xap_qp_limits_t;
nx_status_t xap_qp_set_limits(xap_qp *qp, const xap_qp_limits_t *lim, nx_error_t *err);

/* Weight of the title: xap_qp_parse adds the query parsed again with
 * prefix as the default prefix, scaled by weight, as an optional part
 * (OP_AND_MAYBE: it ranks, it never matches on its own). 0: none. */
nx_status_t xap_qp_set_title_weight(xap_qp *qp, const char *prefix, double weight,
                                    nx_error_t *err);

enum {
    XAP_QP_DEFAULT_OR = 1 << 0,  /* words ORed instead of ANDed */
    XAP_QP_SPELLING = 1 << 1     /* compute a spelling correction */
};
/* Parse text. Stop words inside phrases are dropped (the index has none).
 * *corrected (if not NULL) receives the spelling-corrected query string, or
 * NULL when there is none. NX_E_SYNTAX when the text does not parse, with
 * Xapian's message without its "Syntax: " ("<expression> AND
 * <expression>"); a field processor's failure is returned as its own
 * status (NX_E_QUERY for a rejected value) with its message. */
nx_status_t xap_qp_parse(xap_qp *qp, const char *text, unsigned flags, xap_query **out,
                         char **corrected, nx_error_t *err);

/* ---- search ---- */

typedef enum {
    XAP_SORT_RELEVANCE = 0,
    XAP_SORT_VALUE_ASC,   /* by value slot ascending, then relevance */
    XAP_SORT_VALUE_DESC
} xap_sort_t;

typedef struct {
    unsigned slot;
    char sep;        /* 0: one value per document; else values separated by sep */
} xap_facet_spec_t;

typedef struct {
    const xap_query *query;
    uint32_t offset, limit;
    xap_sort_t sort;
    unsigned sort_slot;
    int exact;                      /* count all matches exactly */
    const xap_facet_spec_t *facets; /* counts over all matches (implies exact) */
    size_t nfacets;
    const double *bm25;             /* BM25's {k1, b}; NULL: Xapian's defaults (1, 0.5) */
    int collapse;                   /* one hit per value of collapse_slot (Xapian's collapse
                                     * key: the best-ranked; documents without a value are
                                     * never collapsed) */
    unsigned collapse_slot;
    int facet_once;                 /* facets count a value once per value of
                                     * facet_once_slot (stories, not articles) */
    unsigned facet_once_slot;
    int keep_value;                 /* hits carry their value in value_slot */
    unsigned value_slot;
    const xap_query *rset_of;       /* set: the query is the expansion of this query's
                                     * matches (relevance feedback: Xapian's ESet of
                                     * rset_terms terms over the RSet of its matches, those
                                     * documents themselves left out), filtered by query
                                     * when it is set (its words add no weight) */
    unsigned rset_terms;
} xap_search_t;

nx_status_t xap_search(xap_db *db, const xap_search_t *s, xap_result **out, nx_error_t *err);
/* *n: the exact number of q's matches (xap_search with no hits). */
nx_status_t xap_count(xap_db *db, const xap_query *q, uint32_t *n, nx_error_t *err);
void xap_result_free(xap_result *r);

/* Estimated (exact when requested) number of matches, and its bounds. */
uint32_t xap_result_total(const xap_result *r);
uint32_t xap_result_total_lower(const xap_result *r);
uint32_t xap_result_total_upper(const xap_result *r);
/* Number of hits on this page. */
size_t xap_result_size(const xap_result *r);

typedef struct {
    uint32_t docid;
    double weight;
    int percent;
    const char *data; /* document data, borrowed until xap_result_free */
    size_t len;
    uint32_t collapsed; /* with collapse: matches collapsed into this hit (a lower bound) */
    const char *value;  /* with keep_value: its value there ("" for none), borrowed */
    size_t value_len;
} xap_hit_t;
nx_status_t xap_result_hit(const xap_result *r, size_t i, xap_hit_t *hit, nx_error_t *err);

/* A snippet of text around the best-matching passage, at most length
 * bytes, matched terms between hi_start and hi_end, cut text marked with
 * omit; "" when no term of the query is in text. Returns malloc'd UTF-8
 * (not HTML-escaped). */
nx_status_t xap_result_snippet(const xap_result *r, const char *text, size_t len, size_t length,
                               const char *hi_start, const char *hi_end, const char *omit,
                               char **out, nx_error_t *err);

/* Facet counts of facet i (as given in the search): value strings
 * (borrowed until xap_result_free) and counts, most frequent first. */
size_t xap_result_facet_size(const xap_result *r, size_t facet);
void xap_result_facet(const xap_result *r, size_t facet, size_t j, const char **value,
                      uint32_t *count);

/* Stop words used at index and query time (NULL-terminated, static). */
const char *const *xap_stopwords(void);

/* The Xapian library version, static string. */
const char *xap_version(void);

/* ---- counting over every match (newssearch --timeline, --coverage) ----
 *
 * Counts are made in the matcher by a MatchSpy over all matches (no
 * document data is read, no weights are computed): each match's value in
 * slot, cut to its first prefix bytes (0: the whole value), is a key;
 * with by set, the key is that value, a TAB, then the value of by_slot
 * (each element once when by_sep is not 0; a document with no value
 * there counts under "VALUE\t"). A document with no value in slot counts
 * under "" (or "\tBY"). */
typedef struct {
    unsigned slot;
    size_t prefix;
    int by;
    unsigned by_slot;
    char by_sep;
} xap_count_spec_t;

typedef struct xap_counts xap_counts;

/* Count the matches of q by spec into *out (keys in byte order), and
 * their number into *matches (exact). */
nx_status_t xap_count_values(xap_db *db, const xap_query *q, const xap_count_spec_t *spec,
                             xap_counts **out, uint32_t *matches, nx_error_t *err);
size_t xap_counts_size(const xap_counts *c);
/* Key i (borrowed until xap_counts_free; NUL-terminated, *len bytes) and
 * its count. */
void xap_counts_get(const xap_counts *c, size_t i, const char **key, size_t *len,
                    uint32_t *count);
void xap_counts_free(xap_counts *c);

/* The scope of q: what q keeps when its words are taken away. The
 * boolean filters ANDed onto it (the right side of each OP_FILTER down
 * its left side, as the query parser and nx_query_build put them, through
 * the left of an OP_AND_MAYBE and a non-zero OP_SCALE_WEIGHT, which do
 * not change what matches) over every document; a query that is a filter alone (a weight-0 subquery) is
 * its own scope; anything else: every document. */
nx_status_t xap_query_scope(const xap_query *q, xap_query **out, nx_error_t *err);

/* ---- what the matches are about (newssearch --top-terms) ----
 *
 * A uniform sample of at most sample matches of q (reservoir sampling in
 * the matcher, fixed seed: the same index gives the same sample); for
 * each word, r, the sampled documents that hold it (their termlists), and
 * n, the documents of the index that do. A word is ranked by G, Dunning's
 * log-likelihood ratio of r in R sampled documents against the archive's
 * rate n/N: 2 (r ln(r / (R n/N)) + (R-r) ln((R-r) / (R (1 - n/N)))),
 * among the words more frequent in the sample than in the archive and in
 * 3 sampled documents or more. The candidates are the stems of the text
 * ("Zcrude": the index holds a word as its stem), of two bytes or more,
 * not all digits, and not one of q's own stems. At most want terms, best
 * first; each is its stem until xap_terms_name gives it a word. */
typedef struct xap_terms xap_terms;
nx_status_t xap_top_terms(xap_db *db, const xap_query *q, uint32_t sample, uint32_t want,
                          xap_terms **out, uint32_t *matches, uint32_t *sampled,
                          nx_error_t *err);
size_t xap_terms_size(const xap_terms *t);
/* A word of the sampled texts, held by docs of them: the name of the
 * term of its stem when no word of that stem named so far is held by
 * more ("crude" for "crude", not "crudes"). */
nx_status_t xap_terms_name(xap_terms *t, const char *word, uint32_t docs, nx_error_t *err);
/* Dunning's G (above) of r of R sampled documents holding a term that n
 * of the N documents hold; 0 when a count is out of range. */
double xap_dunning_g(double r, double R, double n, double N);
/* The records (document data) of the sample xap_top_terms drew into t,
 * in docid order, to fn, which returns non-zero to stop. */
nx_status_t xap_terms_records(xap_db *db, const xap_terms *t,
                              int (*fn)(void *ctx, const char *data, size_t len), void *ctx,
                              nx_error_t *err);
/* Term i (borrowed until xap_terms_free), its weight, the number of
 * sampled matches and of all documents that hold it. */
void xap_terms_get(const xap_terms *t, size_t i, const char **term, double *weight,
                   uint32_t *in_sample, uint32_t *in_index);
void xap_terms_free(xap_terms *t);

#ifdef __cplusplus
}
#endif

#endif
