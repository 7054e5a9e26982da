/* fts5-query.c - query latency of an SQLite FTS5 table, for bench/compare.sh.
 *
 *   fts5-query [-w WARMUP] [-p PASSES] [-n N] DB QUERIES OUT   (bench/runner.h)
 *
 * DB holds "fts(path UNINDEXED, title, body)" (FTS5). QUERIES: one query a
 * line, or "qid<TAB>words", or "qid<TAB>kind<TAB>words" (the last field is
 * the query; lines starting with '#' are skipped). Each word is quoted
 * ("w" with inner quotes doubled, so that AND/OR/NOT/NEAR and punctuation
 * are plain text) and the words are joined with spaces, which FTS5 reads as
 * AND. Every query runs as
 *
 *   SELECT path FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT N
 *
 * (rank = bm25) in one warm process: WARMUP untimed passes over the whole
 * set (default 3), then PASSES timed passes (default 5). A query is timed
 * from reset/bind to having copied the N paths. OUT gets one line per query
 * and timed pass: qid, pass (0-based), microseconds, hits, paths joined
 * with '|'. A query that SQLite rejects is reported once on stderr and
 * counted with 0 hits.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -o fts5-query fts5-query.c -lsqlite3
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>

#include "runner.h"

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *st;
} fts5_t;

/* One character of a word inside an FTS5 string: '"' doubled. */
static void fts5_char(buf_t *b, char c)
{
    buf_add(b, c == '"' ? "\"\"" : &c, c == '"' ? 2 : 1);
}

/* words -> "w1" "w2" ... (FTS5 strings, space-joined: AND). */
static char *fts5_match(const char *words)
{
    return join_words(words, " ", fts5_char);
}

static void fts5_close(void *e)
{
    fts5_t *f = e;
    sqlite3_finalize(f->st);
    sqlite3_close(f->db);
    free(f);
}

static void *fts5_open(const char *path)
{
    fts5_t *f = calloc(1, sizeof *f);
    if (!f)
        oom();
    if (sqlite3_open_v2(path, &f->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(f->db, "SELECT path FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2",
                           -1, &f->st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, f->db ? sqlite3_errmsg(f->db) : "cannot open");
        fts5_close(f);
        return NULL;
    }
    return f;
}

static int fts5_run(void *e, const char *match, int nhits, buf_t *paths)
{
    fts5_t *f = e;
    int n = 0, rc;
    sqlite3_reset(f->st);
    sqlite3_bind_text(f->st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(f->st, 2, nhits);
    while ((rc = sqlite3_step(f->st)) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_text(f->st, 0);
        if (n++)
            buf_add(paths, "|", 1);
        if (p)
            buf_add(paths, (const char *)p, strlen((const char *)p));
    }
    return rc == SQLITE_DONE ? n : -1;
}

static const char *fts5_error(void *e)
{
    return sqlite3_errmsg(((fts5_t *)e)->db);
}

int main(int argc, char **argv)
{
    static const engine_t fts5 = {"fts5-query", fts5_match, fts5_open, fts5_run, fts5_error,
                                  fts5_close};
    return run_main(&fts5, argc, argv);
}
