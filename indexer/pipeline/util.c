/* util.c - what the stages of a run share: allocation that cannot fail
 * quietly, sorted string sets, the clock, and the reports that main.c
 * draws. */
#include "pipeline/pipeline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The report of the run under way: the one word said before giving up
 * when memory runs out (nx_index_run sets it). */
static const nx_report_t *running;

void nx_report_running(const nx_report_t *rep)
{
    running = rep;
}

static void oom(void)
{
    if (running && running->note)
        running->note(running->ctx, "out of memory");
    abort();
}

char *nx_xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        oom();
    return p;
}

void *nx_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

double nx_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int nx_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void nx_sort_strs(char **v, size_t n)
{
    if (n)
        qsort(v, n, sizeof *v, nx_cmp_str);
}

int nx_has_str(char *const *v, size_t n, const char *s)
{
    return n && bsearch(&s, v, n, sizeof *v, nx_cmp_str) != NULL;
}

void nx_report_skip(run_t *r, const char *path, nx_skip_t why, const char *reason)
{
    if (r->rep.skip)
        r->rep.skip(r->rep.ctx, path, why, reason);
}

void nx_report_did(run_t *r, const char *path, nx_did_t what, size_t ndocs)
{
    if (r->rep.did)
        r->rep.did(r->rep.ctx, path, what, ndocs);
}

void nx_report_note(run_t *r, const char *fmt, ...)
{
    if (!r->rep.note)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->rep.note(r->rep.ctx, msg);
}

void nx_progress_free(nx_progress_t *p)
{
    nx_roots_free(&p->roots);
}
