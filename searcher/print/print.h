/* print.h - newssearch's one printer. Every output goes through it: a
 * search's header, hits and facets, the export, --info and --count, each
 * to the back end of the chosen format (printer.h: a table of functions,
 * one file per format; notmuch's sprinter.h is the model). The back ends
 * render the same objects (built with jansson by searcher/hits.c), so the
 * formats never disagree.
 *
 * The shapes are documented in docs/output-formats.md: change the two
 * together, and bump NX_FORMAT_VERSION when a JSON key changes meaning or
 * goes away (a key added does not bump it). */
#ifndef NEWSINDEX_SEARCHER_PRINT_H
#define NEWSINDEX_SEARCHER_PRINT_H

#include <stdint.h>

#include "printer.h"

/* "format_version" of the JSON outputs (the search and --info), and the
 * oldest one newssearch can still write (--format-version). What changed:
 *   2  "query" is the query searched, the filter options included
 *      ("blair country:iraq"); in 1, only the words */
#define NX_FORMAT_VERSION 2
#define NX_FORMAT_VERSION_MIN 1

/* The format named name ("text", "json", ...): 0 with *out set, or -1. */
int nx_out_format_parse(const char *name, nx_out_format_t *out);
/* The formats' names for a message: "text, json, jsonl, tsv or paths"
 * (static). */
const char *nx_out_format_names(void);

/* A printer of format to out: no colour, highlights "[" and "]", not a
 * terminal, the current format version (every object it prints with a
 * "format_version" shows p->version there). */
void nx_printer_init(nx_printer_t *p, nx_out_format_t format, FILE *out);
/* A printer with the settings of settings, to out, in a fresh state. */
void nx_printer_copy(nx_printer_t *p, const nx_printer_t *settings, FILE *out);

/* A search's output: nx_print_begin with its header (format_version,
 * query, total, total_exact, offset, shown, spelling, facets), one
 * nx_print_hit per hit object (rank, score, percent, id, path, file,
 * file_hex, title, date, date_origin, source, countries, topics, snippet:
 * the same keys in every format), then nx_print_end with the same header,
 * which the printer owns (decrefs) from then on. A hit stays the
 * caller's. With p->fields, each hit shows only those keys, in that
 * order: json and jsonl as objects; tsv a header of their names, then a
 * line of cells a hit; text the same cells, two spaces apart, nothing
 * else. jsonl with p->summary ends with the header as a summary record
 * ({"type": "summary", ...}). */
void nx_print_begin(nx_printer_t *p, json_t *header);
void nx_print_hit(nx_printer_t *p, json_t *hit);
void nx_print_end(nx_printer_t *p, json_t *header);

/* --info: the object (format_version, index, documents, first_date,
 * last_date, bytes, updated, schema, xapian, roots, top), borrowed. The
 * formats without a shape of their own for it (tsv, paths) show text. */
void nx_print_info(nx_printer_t *p, json_t *info);

/* A report (searcher/report.h), borrowed: --timeline (an object with
 * "timeline"), --coverage ("coverage"), --top-terms ("top_terms"). Text
 * draws it (a bar chart fitting p->columns); json prints the object,
 * jsonl one line per row of its array, tsv a header and the rows; paths
 * shows text. */
void nx_print_report(nx_printer_t *p, json_t *rep);

/* The chart settings of the environment: the width ($COLUMNS, else the
 * terminal's when standard output is one, else 80), whether text wraps
 * snippets to it (on a terminal, or when $COLUMNS is set), and '#' bars
 * unless the locale (LC_ALL, else LC_CTYPE, else LANG) names UTF-8. */
void nx_printer_terminal(nx_printer_t *p);

/* --count: the number of matches of query: one line, the number, in the
 * formats for people and tsv, paths; under json (indented) and jsonl (one
 * line) an object {"format_version", "query", "total", "total_exact"}. */
void nx_print_count(nx_printer_t *p, const char *query, uint32_t n);

/* 1 if the format is json or jsonl. */
int nx_print_is_json(const nx_printer_t *p);

/* A failure under a JSON format, to the printer's output: one object
 * {"format_version", "error": {"status", "message"}} (indented under
 * json, one line under jsonl); status is a short stable word ("syntax",
 * "query", "limit", "usage", "no_index", ...; docs/output-formats.md). */
void nx_print_error(nx_printer_t *p, const char *status, const char *message);

#endif
