/* cells.h - what the back ends share: reading a hit object's values and
 * writing them as cells of a line. */
#ifndef NEWSINDEX_SEARCHER_CELLS_H
#define NEWSINDEX_SEARCHER_CELLS_H

#include "printer.h"

/* o's string value at key, or "" (borrowed from o). */
const char *nx_cell_str(json_t *o, const char *key);
/* s with TAB, CR and LF as spaces (TSV cells, one-line text). */
void nx_cell_flat(FILE *f, const char *s);
/* The strings of arr, flat, separated by sep. */
void nx_cell_list(FILE *f, json_t *arr, const char *sep);
/* The values of o, one cell each, separated by sep: strings flat,
 * numbers, arrays of strings comma-separated, null and false empty; a
 * newline after the last. */
void nx_cell_line(FILE *f, json_t *o, const char *sep);
/* The hit's rank, or its position in the output when it has none (the
 * export, in index order). */
long long nx_cell_rank(const nx_printer_t *p, json_t *hit);
/* o as JSON and a newline: indented by two (pretty) or on one line. */
void nx_cell_json(FILE *f, json_t *o, int pretty);

/* A report's rows (borrowed) and its kind: "timeline", "coverage",
 * "top_terms" or "saved" (the key of the array); NULL for an object that
 * is none. */
json_t *nx_cell_rows(json_t *rep, const char **kind);
/* The text of a report: a bar chart, a table (chart.c). */
void nx_chart_report(nx_printer_t *p, json_t *rep);

#endif
