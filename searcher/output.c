/* output.c - the printers: text, json, jsonl, tsv, paths. Every format
 * renders the same hit objects (see searcher.h), built with jansson, so
 * JSON is always valid and the formats never disagree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/text.h"
#include "searcher.h"

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Print s with TAB, CR and LF turned into spaces (TSV cells, one-line text). */
static void put_flat(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void put_list(FILE *f, json_t *arr, const char *sep)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (i)
            fputs(sep, f);
        put_flat(f, json_string_value(v) ? json_string_value(v) : "");
    }
}

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define DIM "\033[2m"
#define CYAN "\033[36m"
#define GREEN "\033[32m"

static void text_header(nx_printer_t *p, json_t *h)
{
    FILE *f = p->out;
    const char *spell = str(h, "spelling");
    if (*spell)
        fprintf(f, "Did you mean: %s\n", spell);
    json_int_t total = json_integer_value(json_object_get(h, "total"));
    json_int_t offset = json_integer_value(json_object_get(h, "offset"));
    json_int_t shown = json_integer_value(json_object_get(h, "shown"));
    int exact = json_is_true(json_object_get(h, "total_exact"));
    fprintf(f, "%s%lld match%s", exact ? "" : "About ", (long long)total, total == 1 ? "" : "es");
    if (shown > 0)
        fprintf(f, ", showing %lld-%lld", (long long)offset + 1, (long long)(offset + shown));
    fputs("\n", f);
}

/* The hit's rank, or its position in the output when it has none (the
 * export, in index order). */
static long long rank_of(const nx_printer_t *p, json_t *hit)
{
    json_t *r = json_object_get(hit, "rank");
    return r ? (long long)json_integer_value(r) : (long long)p->n;
}

static void text_hit(nx_printer_t *p, json_t *hit)
{
    FILE *f = p->out;
    const char *title = str(hit, "title");
    fprintf(f, "\n%s%3lld.%s %s%s%s\n", p->color ? BOLD : "", rank_of(p, hit), p->color ? RESET : "",
            p->color ? BOLD CYAN : "", *title ? title : "(untitled)", p->color ? RESET : "");
    const char *date = str(hit, "date");
    fprintf(f, "     %s%.10s", p->color ? GREEN : "", *date ? date : "no date");
    if (*str(hit, "source"))
        fprintf(f, " | %s", str(hit, "source"));
    json_t *c = json_object_get(hit, "countries");
    if (json_array_size(c)) {
        fputs(" | ", f);
        put_list(f, c, " ");
    }
    json_t *t = json_object_get(hit, "topics");
    if (json_array_size(t)) {
        fputs(" | ", f);
        put_list(f, t, ", ");
    }
    fprintf(f, "%s\n     %s%s%s\n", p->color ? RESET : "", p->color ? DIM : "", str(hit, "id"),
            p->color ? RESET : "");
    const char *snip = str(hit, "snippet");
    if (*snip) {
        fputs("     ", f);
        put_flat(f, snip);
        fputc('\n', f);
    }
}

/* Values shown per facet in text; JSON has them all. */
#define TEXT_FACET_VALUES 20

static void text_facets(nx_printer_t *p, json_t *facets)
{
    FILE *f = p->out;
    const char *name;
    json_t *vals;
    json_object_foreach(facets, name, vals)
    {
        size_t n = json_array_size(vals);
        fprintf(f, "\n%s%s%s (%zu value%s):\n", p->color ? BOLD : "", name, p->color ? RESET : "",
                n, n == 1 ? "" : "s");
        for (size_t i = 0; i < n && i < TEXT_FACET_VALUES; i++) {
            json_t *v = json_array_get(vals, i);
            const char *label = str(v, "name");
            fprintf(f, "  %6lld  ", (long long)json_integer_value(json_object_get(v, "count")));
            put_flat(f, str(v, "value"));
            if (*label) {
                fputs("  ", f);
                put_flat(f, label);
            }
            fputc('\n', f);
        }
        if (n > TEXT_FACET_VALUES)
            fprintf(f, "  ... %zu more (all of them with --format json)\n", n - TEXT_FACET_VALUES);
    }
}

static void tsv_cell_list(FILE *f, json_t *arr)
{
    put_list(f, arr, ",");
}

void nx_print_begin(nx_printer_t *p, json_t *h)
{
    p->header = h;
    switch (p->format) {
    case FMT_TEXT: text_header(p, h); break;
    case FMT_TSV:
        fputs("rank\tscore\tdate\tsource\ttitle\tid\tpath\tcountries\ttopics\tsnippet\n", p->out);
        break;
    case FMT_JSON: json_object_set_new(h, "hits", json_array()); break;
    case FMT_JSONL:
    case FMT_PATHS: break;
    }
}

void nx_print_hit(nx_printer_t *p, json_t *hit)
{
    FILE *f = p->out;
    p->n++;
    switch (p->format) {
    case FMT_TEXT: text_hit(p, hit); break;
    case FMT_JSONL:
        json_dumpf(hit, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', f);
        break;
    case FMT_PATHS: {
        /* The file where it is now; its own bytes for a program (xargs),
         * escaped for a terminal. */
        const char *path = *str(hit, "file") ? str(hit, "file") : str(hit, "path");
        char *raw = NULL;
        if (!p->tty && *str(hit, "file_hex") && (raw = nx_hex_decode(str(hit, "file_hex"))))
            path = raw;
        /* Feed items share their file's path: print each path once in a row. */
        if (!p->last_path || strcmp(p->last_path, path) != 0) {
            fprintf(f, "%s\n", path);
            free(p->last_path);
            p->last_path = strdup(path);
        }
        free(raw);
        break;
    }
    case FMT_TSV:
        fprintf(f, "%lld\t%.4f\t", rank_of(p, hit),
                json_real_value(json_object_get(hit, "score")));
        put_flat(f, str(hit, "date"));
        fputc('\t', f);
        put_flat(f, str(hit, "source"));
        fputc('\t', f);
        put_flat(f, str(hit, "title"));
        fputc('\t', f);
        put_flat(f, str(hit, "id"));
        fputc('\t', f);
        put_flat(f, str(hit, "path"));
        fputc('\t', f);
        tsv_cell_list(f, json_object_get(hit, "countries"));
        fputc('\t', f);
        tsv_cell_list(f, json_object_get(hit, "topics"));
        fputc('\t', f);
        put_flat(f, str(hit, "snippet"));
        fputc('\n', f);
        break;
    case FMT_JSON: json_array_append(json_object_get(p->header, "hits"), hit); break;
    }
}

void nx_print_end(nx_printer_t *p, json_t *h)
{
    json_t *facets = json_object_get(h, "facets");
    switch (p->format) {
    case FMT_TEXT:
        if (facets)
            text_facets(p, facets);
        break;
    case FMT_JSON:
        json_dumpf(h, p->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', p->out);
        break;
    case FMT_JSONL:
    case FMT_TSV:
    case FMT_PATHS: break;
    }
    free(p->last_path);
    p->last_path = NULL;
    p->header = NULL;
    json_decref(h);
}
