/* json.c - the json format: one document, the search's header with its
 * hits in "hits", written at the end (docs/output-formats.md). */
#include "cells.h"

static void begin(nx_printer_t *p, json_t *header)
{
    (void)p;
    json_object_set_new(header, "hits", json_array());
}

static void hit(nx_printer_t *p, json_t *hit)
{
    json_array_append(json_object_get(p->header, "hits"), hit);
}

/* --show prints the article's object alone (nothing when there is none:
 * the exit status and the message say so). */
static void end(nx_printer_t *p, json_t *header)
{
    if (!p->show)
        nx_cell_json(p->out, header, 1);
    else if (json_array_size(json_object_get(header, "hits")))
        nx_cell_json(p->out, json_array_get(json_object_get(header, "hits"), 0), 1);
}

static void info(nx_printer_t *p, json_t *info)
{
    nx_cell_json(p->out, info, 1);
}

const nx_backend_t nx_backend_json = {"json", begin, hit, end, info, info};
