/* cells.c - what the back ends share: a hit object's values as cells. */
#include "cells.h"

const char *nx_cell_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void nx_cell_flat(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

void nx_cell_list(FILE *f, json_t *arr, const char *sep)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (i)
            fputs(sep, f);
        nx_cell_flat(f, json_string_value(v) ? json_string_value(v) : "");
    }
}

void nx_cell_line(FILE *f, json_t *o, const char *sep)
{
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach(o, key, v)
    {
        if (!first)
            fputs(sep, f);
        first = 0;
        if (json_is_string(v))
            nx_cell_flat(f, json_string_value(v));
        else if (json_is_integer(v))
            fprintf(f, "%lld", (long long)json_integer_value(v));
        else if (json_is_real(v))
            fprintf(f, "%.4f", json_real_value(v));
        else if (json_is_array(v))
            nx_cell_list(f, v, ",");
        else if (json_is_true(v))
            fputs("true", f);
    }
    fputc('\n', f);
}

long long nx_cell_rank(const nx_printer_t *p, json_t *hit)
{
    json_t *r = json_object_get(hit, "rank");
    return r ? (long long)json_integer_value(r) : (long long)p->n;
}

void nx_cell_json(FILE *f, json_t *o, int pretty)
{
    json_dumpf(o, f, pretty ? JSON_INDENT(2) | JSON_PRESERVE_ORDER
                            : JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', f);
}

json_t *nx_cell_rows(json_t *rep, const char **kind)
{
    static const char *const kinds[] = {"timeline", "coverage", "top_terms", "saved"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        json_t *a = json_object_get(rep, kinds[i]);
        if (json_is_array(a)) {
            *kind = kinds[i];
            return a;
        }
    }
    *kind = "";
    return NULL;
}
