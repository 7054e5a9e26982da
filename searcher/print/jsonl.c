/* jsonl.c - the jsonl format: one hit object a line, nothing else (the
 * export: newssearch --all --format jsonl). */
#include "cells.h"

static void hit(nx_printer_t *p, json_t *hit)
{
    nx_cell_json(p->out, hit, 0);
}

static void info(nx_printer_t *p, json_t *info)
{
    nx_cell_json(p->out, info, 0);
}

/* One row of the report a line (a timeline's buckets, coverage's
 * sources, the top terms). */
static void report(nx_printer_t *p, json_t *rep)
{
    const char *kind;
    size_t i;
    json_t *row;
    json_array_foreach(nx_cell_rows(rep, &kind), i, row)
        nx_cell_json(p->out, row, 0);
}

const nx_backend_t nx_backend_jsonl = {"jsonl", NULL, hit, NULL, info, report};
