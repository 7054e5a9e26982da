/* printer.h - the printer's types: the formats, a printer's settings and
 * state, and what a format's back end is (a table of functions; one file
 * per format: text.c, json.c, jsonl.c, tsv.c, paths.c). The functions that
 * use them are in print.h; the back ends see only this header and
 * cells.h. */
#ifndef NEWSINDEX_SEARCHER_PRINTER_H
#define NEWSINDEX_SEARCHER_PRINTER_H

#include <jansson.h>
#include <stdio.h>

/* newssearch's output formats (--format). */
typedef enum { NX_OUT_TEXT, NX_OUT_JSON, NX_OUT_JSONL, NX_OUT_TSV, NX_OUT_PATHS } nx_out_format_t;

typedef struct nx_backend nx_backend_t;

typedef struct {
    /* Settings, from the command line (nx_printer_init, then set). */
    nx_out_format_t format;
    int color;                     /* ANSI colours and bold highlights (text only) */
    const char *hi_start, *hi_end; /* around matched words in snippets */
    int tty;                       /* standard output is a terminal: paths are shown escaped */
    unsigned columns;              /* the terminal's width, for charts (0: 80) */
    int wrap;                      /* text: snippets wrapped to columns (a terminal, $COLUMNS) */
    int ascii;                     /* charts in '#' rather than Unicode blocks */
    int version;                   /* the format version to write (--format-version) */
    const char *const *fields;     /* --fields: the hit keys shown, in order (NULL: all) */
    size_t nfields;
    int summary;                   /* jsonl: a summary record after the hits (--summary) */
    char path_end;                 /* paths: what ends a path, '\n', or '\0' (-0) */
    int show;                      /* --show: one article whole, not a page of hits */
    FILE *out;
    /* State of one output, between nx_print_begin and nx_print_end. */
    const nx_backend_t *be; /* the format's back end */
    json_t *header;         /* the search's header (borrowed) */
    char *last_path;        /* paths: the last path printed */
    long n;                 /* hits printed so far */
} nx_printer_t;

/* A format's back end. Every function is given the printer and the
 * object to show (borrowed); the printer does what is common to all
 * (counting hits, owning the header). begin and end may be NULL: nothing
 * to print there. */
struct nx_backend {
    const char *name;                                /* its --format value */
    void (*begin)(nx_printer_t *p, json_t *header); /* before the first hit */
    void (*hit)(nx_printer_t *p, json_t *hit);      /* one hit (p->n counts it) */
    void (*end)(nx_printer_t *p, json_t *header);   /* after the last: facets, or the document */
    void (*info)(nx_printer_t *p, json_t *info);    /* --info; NULL: shown as text */
    void (*report)(nx_printer_t *p, json_t *rep);   /* --timeline, ...; NULL: shown as text */
};

extern const nx_backend_t nx_backend_text;  /* text.c */
extern const nx_backend_t nx_backend_json;  /* json.c */
extern const nx_backend_t nx_backend_jsonl; /* jsonl.c */
extern const nx_backend_t nx_backend_tsv;   /* tsv.c */
extern const nx_backend_t nx_backend_paths; /* paths.c */

#endif
