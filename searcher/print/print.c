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
    p->version = NX_FORMAT_VERSION;
    p->path_end = '\n';
}

void nx_printer_copy(nx_printer_t *p, const nx_printer_t *settings, FILE *out)
{
    *p = *settings;
    p->out = out;
    p->be = NULL;
    p->header = NULL;
    p->last_path = NULL;
    p->n = 0;
}

/* The format version asked for, in place of the one o was made with
 * (its key keeps its place, first). */
static void stamp(const nx_printer_t *p, json_t *o)
{
    if (json_object_get(o, "format_version"))
        json_object_set_new(o, "format_version", json_integer(p->version));
}

static const nx_backend_t *backend(nx_printer_t *p)
{
    if (!p->be)
        p->be = backends[p->format];
    return p->be;
}

void nx_print_begin(nx_printer_t *p, json_t *header)
{
    stamp(p, header);
    p->header = header;
    p->n = 0;
    if (p->fields && p->format == NX_OUT_TSV) { /* the chosen columns */
        for (size_t i = 0; i < p->nfields; i++)
            fprintf(p->out, "%s%s", i ? "\t" : "", p->fields[i]);
        fputc('\n', p->out);
    } else if (p->fields && p->format == NX_OUT_TEXT)
        ; /* the lines only */
    else if (backend(p)->begin)
        backend(p)->begin(p, header);
}

/* hit with only the keys of --fields, in their order (a new reference);
 * a key the hit does not have is null, but for the export's rank: its
 * position. */
static json_t *chosen(const nx_printer_t *p, json_t *hit)
{
    json_t *o = json_object();
    for (size_t i = 0; i < p->nfields; i++) {
        json_t *v = json_object_get(hit, p->fields[i]);
        if (!v && strcmp(p->fields[i], "rank") == 0)
            json_object_set_new(o, "rank", json_integer(p->n));
        else
            json_object_set(o, p->fields[i], v ? v : json_null());
    }
    return o;
}

void nx_print_hit(nx_printer_t *p, json_t *hit)
{
    p->n++;
    if (!p->fields) {
        backend(p)->hit(p, hit);
        return;
    }
    json_t *o = chosen(p, hit);
    if (p->format == NX_OUT_TEXT || p->format == NX_OUT_TSV)
        nx_cell_line(p->out, o, p->format == NX_OUT_TSV ? "\t" : "  ");
    else
        backend(p)->hit(p, o);
    json_decref(o);
}

void nx_print_end(nx_printer_t *p, json_t *header)
{
    if (p->fields && (p->format == NX_OUT_TEXT || p->format == NX_OUT_TSV))
        ; /* the lines only */
    else if (backend(p)->end)
        backend(p)->end(p, header);
    free(p->last_path);
    p->last_path = NULL;
    p->header = NULL;
    json_decref(header);
}

void nx_print_info(nx_printer_t *p, json_t *info)
{
    const nx_backend_t *be = backend(p);
    stamp(p, info);
    (be->info ? be->info : nx_backend_text.info)(p, info);
}

void nx_print_report(nx_printer_t *p, json_t *rep)
{
    const nx_backend_t *be = backend(p);
    stamp(p, rep);
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
    p->wrap = p->tty || c > 0;
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
    json_object_set_new(o, "format_version", json_integer(p->version));
    json_object_set_new(o, "query", json_string(query ? query : ""));
    json_object_set_new(o, "total", json_integer(n));
    json_object_set_new(o, "total_exact", json_true());
    nx_cell_json(p->out, o, p->format == NX_OUT_JSON);
    json_decref(o);
}

void nx_print_error(nx_printer_t *p, const char *status, const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "format_version", json_integer(p->version));
    json_object_set_new(o, "error",
                        json_pack("{s:s,s:s}", "status", status, "message", message));
    nx_cell_json(p->out, o, p->format == NX_OUT_JSON);
    json_decref(o);
}
