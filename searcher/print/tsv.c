/* tsv.c - the tsv format: a header line, then one hit a line, ten cells,
 * lists comma-separated. */
#include "cells.h"

static void begin(nx_printer_t *p, json_t *header)
{
    (void)header;
    fputs("rank\tscore\tdate\tsource\ttitle\tid\tpath\tcountries\ttopics\tsnippet\n", p->out);
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
    fputc('\n', f);
}

const nx_backend_t nx_backend_tsv = {"tsv", begin, hit, NULL, NULL};
