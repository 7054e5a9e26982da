/* swish-query.c - query latency of a swish-e index through libswish-e, for
 * bench/compare.sh.
 *
 *   swish-query [-w WARMUP] [-p PASSES] [-n N] INDEX QUERIES OUT   (bench/runner.h)
 *
 * INDEX is the index file given to `swish-e -f`. QUERIES: one query a line,
 * or "qid<TAB>words", or "qid<TAB>kind<TAB>words" (the last field is the
 * query; lines starting with '#' are skipped). Each word is quoted (so that
 * and/or/not/near are words, not operators; '"' and '\' inside a word are
 * dropped) and the words are joined with " and ". Every query runs in one
 * warm process through one search object, ranked by swish-e's default rank:
 * WARMUP untimed passes over the whole set (default 3), then PASSES timed
 * passes (default 5). A query is timed from SwishExecute to having copied
 * the swishdocpath of the top N results (default 10) and freed the results.
 * OUT gets one line per query and timed pass: qid, pass (0-based),
 * microseconds, hits, paths joined with '|'. swish-e's "no results" is a
 * query with 0 hits; any other error is reported once per query on stderr
 * and the query counted with 0 hits.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -o swish-query swish-query.c -lswish-e
 */
#define _POSIX_C_SOURCE 200809L
#include "runner.h"

#include <swish-e.h> /* after runner.h's <stdio.h>: it uses FILE */

typedef struct {
    SW_HANDLE sw;
    SW_SEARCH srch;
    char msg[512];
} swish_t;

/* One character of a word inside a swish-e string: '"' and '\' dropped. */
static void swish_char(buf_t *b, char c)
{
    if (c != '"' && c != '\\')
        buf_add(b, &c, 1);
}

/* words -> "w1" and "w2" ... */
static char *swish_query(const char *words)
{
    return join_words(words, " and ", swish_char);
}

/* swish-e's error, with its detail when there is one. */
static const char *swish_error(void *e)
{
    swish_t *s = e;
    const char *more = SwishLastErrorMsg(s->sw);
    snprintf(s->msg, sizeof s->msg, "%s%s%s", SwishErrorString(s->sw), more && *more ? ": " : "",
             more ? more : "");
    return s->msg;
}

static void swish_close(void *e)
{
    swish_t *s = e;
    if (s->srch)
        Free_Search_Object(s->srch);
    if (s->sw)
        SwishClose(s->sw);
    free(s);
}

static void *swish_open(const char *index)
{
    if (access(index, R_OK)) {
        fprintf(stderr, "%s: %s: %s\n", prog, index, strerror(errno));
        return NULL;
    }
    swish_t *s = calloc(1, sizeof *s);
    if (!s)
        oom();
    s->sw = SwishInit((char *)index);
    if (!s->sw || SwishError(s->sw)) {
        fprintf(stderr, "%s: %s: %s\n", prog, index, s->sw ? swish_error(s) : "cannot open");
        swish_close(s);
        return NULL;
    }
    s->srch = New_Search_Object(s->sw, NULL);
    if (!s->srch) {
        fprintf(stderr, "%s: %s: cannot create a search object\n", prog, index);
        swish_close(s);
        return NULL;
    }
    return s;
}

/* swish-e's error for a query that matches nothing (not a failure). */
static int no_results(SW_HANDLE sw)
{
    const char *s = SwishErrorString(sw);
    return s && strstr(s, "o results") != NULL;
}

static int swish_run(void *e, const char *query, int nhits, buf_t *paths)
{
    swish_t *s = e;
    int n = 0;
    SW_RESULTS r = SwishExecute(s->srch, (char *)query);
    int err = SwishError(s->sw);
    if (r && !err) {
        SW_RESULT x;
        while (n < nhits && (x = SwishNextResult(r))) {
            const char *p = SwishResultPropertyStr(x, "swishdocpath");
            if (n++)
                buf_add(paths, "|", 1);
            if (p)
                buf_add(paths, p, strlen(p));
        }
    }
    if (r)
        Free_Results_Object(r);
    return err && !no_results(s->sw) ? -1 : n;
}

int main(int argc, char **argv)
{
    static const engine_t swish = {"swish-query", swish_query, swish_open, swish_run, swish_error,
                                   swish_close};
    return run_main(&swish, argc, argv);
}
