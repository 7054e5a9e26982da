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

const nx_backend_t nx_backend_jsonl = {"jsonl", NULL, hit, NULL, info};
