/* jsonl.c - the jsonl format: one hit object a line (the export:
 * newssearch --all --format jsonl), and with --summary a last line with
 * the search's header. */
#include "cells.h"

static void hit(nx_printer_t *p, json_t *hit)
{
    nx_cell_json(p->out, hit, 0);
}

/* --summary: the header, as the last line. */
static void end(nx_printer_t *p, json_t *header)
{
    if (!p->summary)
        return;
    json_t *o = json_pack("{s:s}", "type", "summary");
    json_object_update(o, header);
    nx_cell_json(p->out, o, 0);
    json_decref(o);
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

const nx_backend_t nx_backend_jsonl = {"jsonl", NULL, hit, end, info, report};
