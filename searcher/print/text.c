/* text.c - the text format, for people at a terminal: a header line, a
 * block a hit, the facets' most frequent values; --info as a table. */
#include <string.h>

#include "cells.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define DIM "\033[2m"
#define CYAN "\033[36m"
#define GREEN "\033[32m"

/* Values shown per facet in text; JSON has them all. */
#define TEXT_FACET_VALUES 20

static void begin(nx_printer_t *p, json_t *h)
{
    FILE *f = p->out;
    if (p->show)
        return;
    const char *spell = nx_cell_str(h, "spelling");
    if (*spell)
        fprintf(f, "Did you mean: %s\n", spell);
    if (json_is_true(json_object_get(h, "relaxed")))
        fputs("No article has all the words; showing those with the most of them "
              "(--strict: only all)\n", f);
    json_int_t total = json_integer_value(json_object_get(h, "total"));
    json_int_t offset = json_integer_value(json_object_get(h, "offset"));
    json_int_t shown = json_integer_value(json_object_get(h, "shown"));
    int exact = json_is_true(json_object_get(h, "total_exact"));
    if (*nx_cell_str(h, "saved")) /* --saved NAME --new */
        fprintf(f, "%lld new match%s of %lld", (long long)total, total == 1 ? "" : "es",
                (long long)json_integer_value(json_object_get(h, "matches")));
    else
        fprintf(f, "%s%lld match%s", exact ? "" : "About ", (long long)total,
                total == 1 ? "" : "es");
    if (shown > 0)
        fprintf(f, ", showing %lld-%lld", (long long)offset + 1, (long long)(offset + shown));
    fputs("\n", f);
}

#define INDENT 5 /* a hit's lines under its rank */

/* Columns s takes on a terminal: its characters (UTF-8 lead bytes), not
 * counting escape sequences (the highlights' colours). */
static size_t width_of(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\033') {
            while (i < n && s[i] != 'm')
                i++;
            continue;
        }
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return w;
}

/* The snippet under the indent: one line, or wrapped at spaces to the
 * width (p->wrap); a word longer than a line stays whole. */
static void snippet(nx_printer_t *p, const char *s)
{
    FILE *f = p->out;
    size_t width = p->columns > INDENT + 20 ? p->columns - INDENT : 20, col = 0;
    fputs("     ", f);
    if (!p->wrap) {
        nx_cell_flat(f, s);
        fputc('\n', f);
        return;
    }
    while (*s) {
        size_t sp = strspn(s, " \t\r\n"), n = strcspn(s + sp, " \t\r\n");
        const char *word = s + sp;
        size_t w = width_of(word, n);
        if (col && col + 1 + w > width) {
            fputs("\n     ", f);
            col = 0;
        } else if (col) {
            fputc(' ', f);
            col++;
        }
        fwrite(word, 1, n, f);
        col += w;
        s = word + n;
    }
    fputc('\n', f);
}

static long long integer(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* s, or "-" when it is null or empty. */
static const char *or_dash(json_t *o, const char *key)
{
    const char *s = nx_cell_str(o, key);
    return *s ? s : "-";
}

/* "+N similar, FIRST..LAST, SOURCES" under a hit that stands for a
 * cluster. */
static void similar(nx_printer_t *p, json_t *hit)
{
    long long n = integer(hit, "cluster_size");
    if (n < 2)
        return;
    FILE *f = p->out;
    fprintf(f, "     %s+%lld similar, %s", p->color ? DIM : "", n - 1,
            or_dash(hit, "cluster_first"));
    if (strcmp(or_dash(hit, "cluster_first"), or_dash(hit, "cluster_last")) != 0)
        fprintf(f, " .. %s", or_dash(hit, "cluster_last"));
    json_t *src = json_object_get(hit, "cluster_sources");
    if (json_array_size(src)) {
        fputs(", ", f);
        nx_cell_list(f, src, ", ");
    }
    fprintf(f, "%s\n", p->color ? RESET : "");
}

/* One line of --dups or --timeline-of: the day, the source, the mark
 * (first report, the article itself, a copy of it), the title, the id. */
static void story_line(nx_printer_t *p, json_t *hit)
{
    const char *what = nx_cell_str(hit, "story");
    const char *date = nx_cell_str(hit, "date");
    int first = json_is_true(json_object_get(hit, "first"));
    fprintf(p->out, "%.10s  %-12.12s %-5s %-7s %s  %s%s%s\n", *date ? date : "no date      ",
            *nx_cell_str(hit, "source") ? nx_cell_str(hit, "source") : "-", first ? "first" : "",
            strcmp(what, "self") == 0 ? "* this" : strcmp(what, "copy") == 0 ? "= copy" : "",
            nx_cell_str(hit, "title"), p->color ? DIM : "", nx_cell_str(hit, "id"),
            p->color ? RESET : "");
}

/* --show: the article's fields, a line each ("date: ..."), a blank line,
 * then its text as stored, paragraphs and all. */
static void show(nx_printer_t *p, json_t *hit)
{
    FILE *f = p->out;
    static const char *const keys[] = {"id", "title", "date", "date_origin", "source",
                                       "byline", "dateline", "standfirst", "file", NULL};
    for (int i = 0; keys[i]; i++) {
        const char *v = nx_cell_str(hit, keys[i]);
        if (!*v)
            continue;
        fprintf(f, "%s%s:%s %*s", p->color ? BOLD : "", keys[i], p->color ? RESET : "",
                (int)(11 - strlen(keys[i])), "");
        nx_cell_flat(f, v);
        fputc('\n', f);
    }
    static const char *const lists[] = {"countries", "topics", NULL};
    for (int i = 0; lists[i]; i++) {
        json_t *l = json_object_get(hit, lists[i]);
        if (json_array_size(l)) {
            fprintf(f, "%s%s:%s %*s", p->color ? BOLD : "", lists[i], p->color ? RESET : "",
                    (int)(11 - strlen(lists[i])), "");
            nx_cell_list(f, l, ", ");
            fputc('\n', f);
        }
    }
    /* The text's paragraphs as they are; other control characters (an
     * escape sequence in an archived page) as spaces. */
    const char *text = nx_cell_str(hit, "text");
    fputc('\n', f);
    for (const char *c = text; *c; c++)
        fputc((unsigned char)*c < 0x20 && *c != '\n' && *c != '\t' ? ' ' : *c, f);
    if (*text && text[strlen(text) - 1] != '\n')
        fputc('\n', f);
}

static void hit(nx_printer_t *p, json_t *hit)
{
    FILE *f = p->out;
    if (p->show) {
        show(p, hit);
        return;
    }
    if (json_object_get(hit, "story")) {
        story_line(p, hit);
        return;
    }
    const char *title = nx_cell_str(hit, "title");
    fprintf(f, "\n%s%3lld.%s %s%s%s\n", p->color ? BOLD : "", nx_cell_rank(p, hit),
            p->color ? RESET : "", p->color ? BOLD CYAN : "", *title ? title : "(untitled)",
            p->color ? RESET : "");
    const char *date = nx_cell_str(hit, "date");
    fprintf(f, "     %s%.10s", p->color ? GREEN : "", *date ? date : "no date");
    /* A date guessed from the file, not stated by the article, says so. */
    const char *origin = nx_cell_str(hit, "date_origin");
    if (*date && !strcmp(origin, "mtime"))
        fputs(" (file date)", f);
    else if (*date && !strcmp(origin, "path"))
        fputs(" (path date)", f);
    if (*nx_cell_str(hit, "source"))
        fprintf(f, " | %s", nx_cell_str(hit, "source"));
    if (*nx_cell_str(hit, "author")) {
        fputs(" | by ", f);
        nx_cell_flat(f, nx_cell_str(hit, "author"));
    }
    json_t *c = json_object_get(hit, "countries");
    if (json_array_size(c)) {
        fputs(" | ", f);
        nx_cell_list(f, c, " ");
    }
    json_t *t = json_object_get(hit, "topics");
    if (json_array_size(t)) {
        fputs(" | ", f);
        nx_cell_list(f, t, ", ");
    }
    fprintf(f, "%s\n     %s%s%s\n", p->color ? RESET : "", p->color ? DIM : "",
            nx_cell_str(hit, "id"), p->color ? RESET : "");
    similar(p, hit);
    const char *snip = nx_cell_str(hit, "snippet");
    if (*snip)
        snippet(p, snip);
}

/* Each facet: its number of values, then the most frequent ones (at
 * most max). */
static void facets(nx_printer_t *p, json_t *facets, size_t max)
{
    FILE *f = p->out;
    const char *name;
    json_t *vals;
    json_object_foreach(facets, name, vals)
    {
        size_t n = json_array_size(vals);
        fprintf(f, "\n%s%s%s (%zu value%s):\n", p->color ? BOLD : "", name, p->color ? RESET : "",
                n, n == 1 ? "" : "s");
        for (size_t i = 0; i < n && i < max; i++) {
            json_t *v = json_array_get(vals, i);
            const char *label = nx_cell_str(v, "name");
            fprintf(f, "  %6lld  ", (long long)json_integer_value(json_object_get(v, "count")));
            nx_cell_flat(f, nx_cell_str(v, "value"));
            if (*label) {
                fputs("  ", f);
                nx_cell_flat(f, label);
            }
            fputc('\n', f);
        }
        if (n > max)
            fprintf(f, "  ... %zu more (all of them with --format json)\n", n - max);
    }
}

static void end(nx_printer_t *p, json_t *header)
{
    json_t *f = json_object_get(header, "facets");
    if (f)
        facets(p, f, TEXT_FACET_VALUES);
}

static void info(nx_printer_t *p, json_t *info)
{
    FILE *f = p->out;
    fprintf(f,
            "index:      %s\ndocuments:  %lld\ndates:      %s .. %s\nsize:       %.1f MB\n"
            "updated:    %s\nschema:     %lld (xapian %s)\n",
            nx_cell_str(info, "index"), integer(info, "documents"), or_dash(info, "first_date"),
            or_dash(info, "last_date"), (double)integer(info, "bytes") / 1e6,
            or_dash(info, "updated"), integer(info, "schema"), nx_cell_str(info, "xapian"));
    fprintf(f, "stories:    %lld near-duplicate clusters of %lld documents\n",
            integer(info, "clusters"), integer(info, "clustered"));
    if (integer(info, "shards") > 1)
        fprintf(f, "shards:     %lld\n", integer(info, "shards"));
    size_t i;
    json_t *root;
    json_array_foreach(json_object_get(info, "roots"), i, root)
        fprintf(f, "%s%s  %s\n", i ? "            " : "roots:      ", nx_cell_str(root, "label"),
                nx_cell_str(root, "path"));
    facets(p, json_object_get(info, "top"), TEXT_FACET_VALUES);
    facets(p, json_object_get(info, "values"), (size_t)-1);
}

const nx_backend_t nx_backend_text = {"text", begin, hit, end, info, nx_chart_report};
