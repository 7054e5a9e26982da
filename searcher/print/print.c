/* print.c - the printer: the table of back ends, and what every format
 * does alike (counting hits, owning the header, --count). */
#include "print.h"

#include "cells.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

/* Indexed by nx_out_format_t. */
static const nx_backend_t *const backends[] = {
    [NX_OUT_TEXT] = &nx_backend_text,   [NX_OUT_JSON] = &nx_backend_json,
    [NX_OUT_JSONL] = &nx_backend_jsonl, [NX_OUT_TSV] = &nx_backend_tsv,
    [NX_OUT_PATHS] = &nx_backend_paths,
};
#define NBACKENDS (sizeof backends / sizeof backends[0])

int nx_out_format_parse(const char *name, nx_out_format_t *out)
{
    for (size_t i = 0; i < NBACKENDS; i++)
        if (strcmp(name, backends[i]->name) == 0) {
            *out = (nx_out_format_t)i;
            return 0;
        }
    return -1;
}

const char *nx_out_format_names(void)
{
    static char names[128];
    if (!names[0]) {
        size_t n = 0;
        for (size_t i = 0; i < NBACKENDS; i++)
            n += (size_t)snprintf(names + n, sizeof names - n, "%s%s",
                                  i == 0 ? "" : i + 1 == NBACKENDS ? " or " : ", ",
                                  backends[i]->name);
    }
    return names;
}

void nx_printer_init(nx_printer_t *p, nx_out_format_t format, FILE *out)
{
    memset(p, 0, sizeof *p);
    p->format = format;
    p->out = out;
    p->hi_start = "[";
    p->hi_end = "]";
}

static const nx_backend_t *backend(nx_printer_t *p)
{
    if (!p->be)
        p->be = backends[p->format];
    return p->be;
}

void nx_print_begin(nx_printer_t *p, json_t *header)
{
    p->header = header;
    p->n = 0;
    if (backend(p)->begin)
        backend(p)->begin(p, header);
}

void nx_print_hit(nx_printer_t *p, json_t *hit)
{
    p->n++;
    backend(p)->hit(p, hit);
}

void nx_print_end(nx_printer_t *p, json_t *header)
{
    if (backend(p)->end)
        backend(p)->end(p, header);
    free(p->last_path);
    p->last_path = NULL;
    p->header = NULL;
    json_decref(header);
}

void nx_print_info(nx_printer_t *p, json_t *info)
{
    const nx_backend_t *be = backend(p);
    (be->info ? be->info : nx_backend_text.info)(p, info);
}

void nx_print_report(nx_printer_t *p, json_t *rep)
{
    const nx_backend_t *be = backend(p);
    (be->report ? be->report : nx_backend_text.report)(p, rep);
}

/* Does the locale name UTF-8 ("en_US.UTF-8", "C.utf8")? */
static int names_utf8(const char *loc)
{
    for (const char *p = loc; *p; p++)
        if ((p[0] | 0x20) == 'u' && (p[1] | 0x20) == 't' && (p[2] | 0x20) == 'f' &&
            (p[3] == '8' || (p[3] == '-' && p[4] == '8')))
            return 1;
    return 0;
}

void nx_printer_terminal(nx_printer_t *p)
{
    const char *cols = getenv("COLUMNS");
    long c = cols && *cols ? strtol(cols, NULL, 10) : 0;
    struct winsize ws;
    if (c <= 0 && p->tty && ioctl(fileno(p->out), TIOCGWINSZ, &ws) == 0)
        c = ws.ws_col;
    p->columns = c > 0 && c < 10000 ? (unsigned)c : 80;
    const char *loc = NULL;
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < 3 && !loc; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            loc = v;
    }
    p->ascii = !loc || !names_utf8(loc);
}

int nx_print_is_json(const nx_printer_t *p)
{
    return p->format == NX_OUT_JSON || p->format == NX_OUT_JSONL;
}

void nx_print_count(nx_printer_t *p, const char *query, uint32_t n)
{
    if (!nx_print_is_json(p)) {
        fprintf(p->out, "%u\n", n);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(o, "query", json_string(query ? query : ""));
    json_object_set_new(o, "total", json_integer(n));
    json_object_set_new(o, "total_exact", json_true());
    nx_cell_json(p->out, o, p->format == NX_OUT_JSON);
    json_decref(o);
}

void nx_print_error(nx_printer_t *p, const char *status, const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(o, "error",
                        json_pack("{s:s,s:s}", "status", status, "message", message));
    nx_cell_json(p->out, o, p->format == NX_OUT_JSON);
    json_decref(o);
}
