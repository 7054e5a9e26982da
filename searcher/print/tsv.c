/* tsv.c - the tsv format: a header line, then one hit a line, eleven
 * cells (author, added in format version 2, last), lists comma-separated. */
#include <string.h>

#include "cells.h"

static void begin(nx_printer_t *p, json_t *header)
{
    (void)header;
    fputs("rank\tscore\tdate\tsource\ttitle\tid\tpath\tcountries\ttopics\tsnippet\tauthor\n",
          p->out);
}

static void hit(nx_printer_t *p, json_t *hit)
{
    FILE *f = p->out;
    double score = json_real_value(json_object_get(hit, "score")); /* 0 in the export */
    fprintf(f, "%lld\t%.4f\t", nx_cell_rank(p, hit), score);
    static const char *const cells[] = {"date", "source", "title", "id", "path"};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        nx_cell_flat(f, nx_cell_str(hit, cells[i]));
        fputc('\t', f);
    }
    nx_cell_list(f, json_object_get(hit, "countries"), ",");
    fputc('\t', f);
    nx_cell_list(f, json_object_get(hit, "topics"), ",");
    fputc('\t', f);
    nx_cell_flat(f, nx_cell_str(hit, "snippet"));
    fputc('\t', f);
    nx_cell_flat(f, nx_cell_str(hit, "author"));
    fputc('\n', f);
}

static long long integer(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* A header line and one line a row: the timeline's buckets (one line per
 * bucket and series with --by), coverage's sources, the top terms. */
static void report(nx_printer_t *p, json_t *rep)
{
    FILE *f = p->out;
    const char *kind;
    json_t *rows = nx_cell_rows(rep, &kind), *row;
    size_t i;
    if (strcmp(kind, "timeline") == 0) {
        int by = json_object_get(rep, "by") != NULL;
        fputs(by ? "bucket\tseries\tcount\ttotal\tratio\n" : "bucket\tcount\ttotal\tratio\n", f);
        json_array_foreach(rows, i, row)
        {
            if (!by) {
                fprintf(f, "%s\t%lld\t%lld\t%.6g\n", nx_cell_str(row, "bucket"),
                        integer(row, "count"), integer(row, "total"),
                        json_real_value(json_object_get(row, "ratio")));
                continue;
            }
            size_t j;
            json_t *s;
            json_array_foreach(json_object_get(row, "series"), j, s)
            {
                fprintf(f, "%s\t", nx_cell_str(row, "bucket"));
                nx_cell_flat(f, nx_cell_str(s, "name"));
                fprintf(f, "\t%lld\t%lld\t%.6g\n", integer(s, "count"), integer(s, "total"),
                        json_real_value(json_object_get(s, "ratio")));
            }
        }
    } else if (strcmp(kind, "coverage") == 0) {
        fputs("source\tfirst\tlast\tarticles\tper_day\tper_week\tgaps\tgap_from\tgap_to\tgap_days\n", f);
        json_array_foreach(rows, i, row)
        {
            nx_cell_flat(f, nx_cell_str(row, "source"));
            json_t *gaps = json_object_get(row, "gaps"), *g = json_array_get(gaps, 0);
            fprintf(f, "\t%s\t%s\t%lld\t%.3f\t%.3f\t%zu\t%s\t%s\t", nx_cell_str(row, "first"),
                    nx_cell_str(row, "last"), integer(row, "articles"),
                    json_real_value(json_object_get(row, "per_day")),
                    json_real_value(json_object_get(row, "per_week")), json_array_size(gaps),
                    nx_cell_str(g, "from"), nx_cell_str(g, "to"));
            if (g)
                fprintf(f, "%lld", integer(g, "days"));
            fputc('\n', f);
        }
    } else if (strcmp(kind, "saved") == 0) {
        fputs("name\tquery\tany\tcountry\ttopic\tsource\tsince\tuntil\n", f);
        json_array_foreach(rows, i, row)
        {
            static const char *const keys[] = {"name", "query"};
            for (size_t k = 0; k < 2; k++) {
                nx_cell_flat(f, nx_cell_str(row, keys[k]));
                fputc('\t', f);
            }
            fputs(json_is_true(json_object_get(row, "any")) ? "1" : "", f);
            static const char *const fk[] = {"country", "topic", "source", "since", "until"};
            for (size_t k = 0; k < 5; k++) {
                fputc('\t', f);
                nx_cell_flat(f, nx_cell_str(row, fk[k]));
            }
            fputc('\n', f);
        }
    } else if (strcmp(kind, "top_terms") == 0) {
        fputs("term\tweight\tin_sample\tin_index\tkind\n", f);
        json_array_foreach(rows, i, row)
        {
            nx_cell_flat(f, nx_cell_str(row, "term"));
            fprintf(f, "\t%.4f\t%lld\t%lld\t%s\n", json_real_value(json_object_get(row, "weight")),
                    integer(row, "in_sample"), integer(row, "in_index"), nx_cell_str(row, "kind"));
        }
    }
}

const nx_backend_t nx_backend_tsv = {"tsv", begin, hit, NULL, NULL, report};
