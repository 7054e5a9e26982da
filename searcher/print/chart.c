/* chart.c - the text of the reports: --timeline as a bar chart that
 * fits the terminal (Unicode eighth blocks, '#' outside a UTF-8 locale),
 * --coverage and --top-terms as tables. */
#include <string.h>

#include "cells.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

static long long integer(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static double real(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* A bar of value / max of width cells: whole blocks, then the eighth
 * that is left (U+2589..U+258F); '#' a cell, rounded, in ASCII. */
static void bar(FILE *f, int ascii, long long value, long long max, unsigned width)
{
    if (max <= 0 || value <= 0)
        return;
    if (ascii) {
        long long n = (value * (long long)width + max / 2) / max;
        if (n == 0)
            n = 1; /* a bucket with matches is never drawn empty */
        for (long long i = 0; i < n; i++)
            fputc('#', f);
        return;
    }
    long long eighths = (value * (long long)width * 8 + max / 2) / max;
    if (eighths == 0)
        eighths = 1;
    for (long long i = 0; i < eighths / 8; i++)
        fputs("\xE2\x96\x88", f);
    if (eighths % 8)
        fprintf(f, "\xE2\x96%c", (char)(0x90 - eighths % 8));
}

/* The rows of one series: bucket, count, total, ratio, bar. */
static void series_rows(nx_printer_t *p, json_t *rows, int s, long long max, size_t lw)
{
    FILE *f = p->out;
    /* "LABEL  %8 %8 %7.3f%  ": the rest is the bar */
    unsigned used = (unsigned)lw + 2 + 8 + 1 + 8 + 1 + 8 + 2;
    unsigned width = p->columns > used + 10 ? p->columns - used : 10;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *o = s < 0 ? row : json_array_get(json_object_get(row, "series"), (size_t)s);
        long long c = integer(o, "count");
        fprintf(f, "%-*s  %8lld %8lld %7.3f%%  ", (int)lw, nx_cell_str(row, "bucket"), c,
                integer(o, "total"), 100 * real(o, "ratio"));
        bar(f, p->ascii, c, max, width);
        fputc('\n', f);
    }
}

static void timeline(nx_printer_t *p, json_t *rep, json_t *rows)
{
    FILE *f = p->out;
    const char *q = nx_cell_str(rep, "query");
    size_t n = json_array_size(rows);
    fprintf(f, "%s%s%s: %lld match%s of %lld in the scope, by %s", p->color ? BOLD : "",
            *q ? q : "(all documents)", p->color ? RESET : "", integer(rep, "matches"),
            integer(rep, "matches") == 1 ? "" : "es", integer(rep, "scope"),
            nx_cell_str(rep, "interval"));
    if (n)
        fprintf(f, ", %s .. %s", nx_cell_str(json_array_get(rows, 0), "bucket"),
                nx_cell_str(json_array_get(rows, n - 1), "bucket"));
    if (integer(rep, "undated"))
        fprintf(f, " (%lld undated)", integer(rep, "undated"));
    fputs("\n", f);
    size_t lw = 6;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        if (strlen(nx_cell_str(row, "bucket")) > lw)
            lw = strlen(nx_cell_str(row, "bucket"));
    json_t *names = json_object_get(rep, "series");
    size_t ns = json_array_size(names);
    /* One scale for every series, so that their bars compare. */
    long long max = 0;
    json_array_foreach(rows, i, row)
    {
        if (!ns && integer(row, "count") > max)
            max = integer(row, "count");
        for (size_t s = 0; s < ns; s++) {
            long long c = integer(json_array_get(json_object_get(row, "series"), s), "count");
            if (c > max)
                max = c;
        }
    }
    for (size_t s = 0; s < (ns ? ns : 1); s++) {
        if (ns) {
            long long sum = 0;
            json_array_foreach(rows, i, row)
                sum += integer(json_array_get(json_object_get(row, "series"), s), "count");
            fprintf(f, "\n%s%s = ", nx_cell_str(rep, "by"), p->color ? BOLD : "");
            nx_cell_flat(f, json_string_value(json_array_get(names, s)));
            fprintf(f, "%s: %lld\n", p->color ? RESET : "", sum);
        }
        fprintf(f, "%-*s  %8s %8s %8s\n", (int)lw, "bucket", "count", "total", "ratio");
        series_rows(p, rows, ns ? (int)s : -1, max, lw);
    }
}

static void coverage(nx_printer_t *p, json_t *rep, json_t *rows)
{
    FILE *f = p->out;
    fprintf(f, "%zu source%s, %s .. %s; a gap: days without an article where the source's last "
               "four weeks would have given %lld or more\n",
            json_array_size(rows), json_array_size(rows) == 1 ? "" : "s",
            *nx_cell_str(rep, "first") ? nx_cell_str(rep, "first") : "-",
            *nx_cell_str(rep, "last") ? nx_cell_str(rep, "last") : "-",
            integer(rep, "gap_expected"));
    size_t sw = 6, i;
    json_t *row;
    json_array_foreach(rows, i, row)
        if (strlen(nx_cell_str(row, "source")) > sw)
            sw = strlen(nx_cell_str(row, "source"));
    if (sw > 30)
        sw = 30;
    fprintf(f, "%-*s  %-10s  %-10s  %8s  %7s  %8s  %4s\n", (int)sw, "source", "first", "last",
            "articles", "per day", "per week", "gaps");
    json_array_foreach(rows, i, row)
    {
        const char *name = nx_cell_str(row, "source");
        fputs(p->color ? BOLD : "", f);
        nx_cell_flat(f, *name ? name : "(none)");
        fputs(p->color ? RESET : "", f);
        size_t len = strlen(*name ? name : "(none)");
        if (len > sw) {
            fputc('\n', f);
            len = 0;
        }
        json_t *gaps = json_object_get(row, "gaps");
        fprintf(f, "%*s  %-10s  %-10s  %8lld  %7.2f  %8.1f  %4zu\n", (int)(sw - len), "",
                nx_cell_str(row, "first"), nx_cell_str(row, "last"), integer(row, "articles"),
                real(row, "per_day"), real(row, "per_week"), json_array_size(gaps));
        size_t j;
        json_t *g;
        json_array_foreach(gaps, j, g)
        {
            if (j == 5) {
                fprintf(f, "    ... %zu more gaps (all of them with --format json)\n",
                        json_array_size(gaps) - 5);
                break;
            }
            fprintf(f, "    gap %s .. %s  %lld day%s, %.0f expected%s\n", nx_cell_str(g, "from"),
                    nx_cell_str(g, "to"), integer(g, "days"), integer(g, "days") == 1 ? "" : "s",
                    real(g, "expected"),
                    json_is_true(json_object_get(g, "open")) ? ", still silent" : "");
        }
    }
}

static void top_terms(nx_printer_t *p, json_t *rep, json_t *rows)
{
    FILE *f = p->out;
    const char *q = nx_cell_str(rep, "query");
    fprintf(f, "%s%s%s: %lld match%s, %lld sampled; %lld documents in the index\n",
            p->color ? BOLD : "", *q ? q : "(all documents)", p->color ? RESET : "",
            integer(rep, "matches"), integer(rep, "matches") == 1 ? "" : "es",
            integer(rep, "sampled"), integer(rep, "documents"));
    fprintf(f, "%4s  %-24s %9s  %9s  %9s\n", "", "term", "weight", "in sample", "in index");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        fprintf(f, "%4zu  ", i + 1);
        const char *t = nx_cell_str(row, "term");
        nx_cell_flat(f, t);
        size_t len = strlen(t);
        fprintf(f, "%*s %9.2f  %9lld  %9lld\n", len < 24 ? (int)(24 - len) : 0, "",
                real(row, "weight"), integer(row, "in_sample"), integer(row, "in_index"));
    }
}

/* --list-saved: a line a search, its name, its query and its filters as
 * the flags that give them. */
static void saved(nx_printer_t *p, json_t *rows)
{
    FILE *f = p->out;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        fputs(p->color ? BOLD : "", f);
        nx_cell_flat(f, nx_cell_str(row, "name"));
        fputs(p->color ? RESET : "", f);
        fputs("  ", f);
        nx_cell_flat(f, nx_cell_str(row, "query"));
        if (json_is_true(json_object_get(row, "any")))
            fputs(" --any", f);
        static const char *const fk[] = {"country", "topic", "source", "since", "until"};
        for (size_t k = 0; k < 5; k++)
            if (*nx_cell_str(row, fk[k])) {
                fprintf(f, " --%s ", fk[k]);
                nx_cell_flat(f, nx_cell_str(row, fk[k]));
            }
        fputc('\n', f);
    }
}

void nx_chart_report(nx_printer_t *p, json_t *rep)
{
    const char *kind;
    json_t *rows = nx_cell_rows(rep, &kind);
    if (strcmp(kind, "timeline") == 0)
        timeline(p, rep, rows);
    else if (strcmp(kind, "coverage") == 0)
        coverage(p, rep, rows);
    else if (strcmp(kind, "top_terms") == 0)
        top_terms(p, rep, rows);
    else if (strcmp(kind, "saved") == 0)
        saved(p, rows);
}
