/* paths.c - the paths format: one file a line, where it is now. */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "newsindex/text.h"

static void hit(nx_printer_t *p, json_t *hit)
{
    /* The file where it is now; its own bytes for a program (xargs) or
     * with -0, escaped for a terminal. */
    const char *file = nx_cell_str(hit, "file"), *hex = nx_cell_str(hit, "file_hex");
    const char *path = *file ? file : nx_cell_str(hit, "path");
    char *raw = NULL;
    if ((!p->tty || p->path_end == '\0') && *hex && (raw = nx_hex_decode(hex)))
        path = raw;
    /* Feed items share their file's path: print each path once in a row. */
    if (!p->last_path || strcmp(p->last_path, path) != 0) {
        fputs(path, p->out);
        fputc(p->path_end, p->out);
        free(p->last_path);
        p->last_path = strdup(path);
    }
    free(raw);
}

const nx_backend_t nx_backend_paths = {"paths", NULL, hit, NULL, NULL, NULL};
