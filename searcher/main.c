/* main.c - the newssearch command line. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsindex/schema.h"
#include "newsindex/text.h"
#include "searcher.h"

#ifndef NX_VERSION
#define NX_VERSION "0.1.0"
#endif
#define FORMAT_VERSION 1
#define PAGE 1000 /* hits fetched per page when printing many */

enum { EXIT_MATCH = 0, EXIT_NO_MATCH = 1, EXIT_ERROR = 2 };

typedef struct {
    const char *db_path;
    unsigned limit, offset;
    int any, count_only, all, info, spelling, snippets;
    size_t snippet_len;
    xap_sort_t sort;
    nx_format_t format;
    int color; /* -1 auto */
    const char *highlight;
    const char *facets; /* NULL: none; "" or "all": every facet */
    nx_filters_t filters;
} opts_t;

static void usage(FILE *f)
{
    fputs(
        "Usage: newssearch --db PATH [OPTION]... [QUERY]...\n"
        "Search a newsindex index: ranked results with highlighted snippets and facets.\n"
        "\n"
        "Query syntax (words are ANDed; the query is all arguments joined):\n"
        "  oil prices             both words (stemmed: 'price' matches 'prices')\n"
        "  oil OR gas   oil -gas  either word; oil but not gas (also NOT)\n"
        "  \"exact phrase\"         a phrase;  opec NEAR output  words close together\n"
        "  title:pipeline         a word in the title;  sanction*  a wildcard\n"
        "  country:pakistan  country:PK  country:\"united states\"   by country\n"
        "  topic:economy  source:reuters  year:1987                 by topic, source, year\n"
        "  date:2021  date:2021-04  date:2021-04-01..2021-04-30  date:..1987-03\n"
        "\n"
        "Options:\n"
        "  -d, --db PATH          the index (default $NEWSINDEX_DB)\n"
        "  -n, --limit N          show N hits (default 10)\n"
        "      --offset N         skip the first N hits (paging)\n"
        "      --any              match any word instead of all of them\n"
        "      --sort ORDER       relevance (default), date (oldest first), -date (newest first)\n"
        "      --count            print only the number of matches\n"
        "      --all              every matching document (no limit); with no query, the\n"
        "                         whole index: newssearch --all --format jsonl exports it\n"
        "      --country C, --topic T, --source S, --since DATE, --until DATE\n"
        "                         filters, the same as country:C ... in the query\n"
        "      --facets[=LIST]    counts per value over all matches: country,topic,source,year\n"
        "  -f, --format FMT       text (default), json, jsonl, tsv, paths\n"
        "      --color WHEN       auto (default), always, never; NO_COLOR is honoured\n"
        "      --highlight S,E    markers around matched words outside a terminal\n"
        "                         (default '[,]')\n"
        "      --snippet-length N snippet size in bytes (default 200)\n"
        "      --no-snippets      no snippets (faster)\n"
        "      --no-spelling      no 'Did you mean' suggestions\n"
        "      --info             what the index holds: documents, dates, sources, ...\n"
        "  -h, --help             show this help;  -V, --version  show the version\n"
        "\n"
        "Examples:\n"
        "  newssearch --db news.db lavrov islamabad\n"
        "  newssearch --db news.db '\"berlin wall\"' country:germany --sort -date\n"
        "  newssearch --db news.db election --country taiwan --since 2020 --until 2024\n"
        "  newssearch --db news.db --facets country,topic president\n"
        "  newssearch --db news.db --format json -n 5 president | jq '.hits[].title'\n"
        "  newssearch --db news.db --all --format jsonl\n"
        "  newssearch --db news.db --info\n"
        "\n"
        "Exit status: 0 something matched, 1 nothing matched, 2 error.\n",
        f);
}

static int parse_uint(const char *opt, const char *s, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > 100000000UL || s[0] == '-') {
        fprintf(stderr, "newssearch: %s: not a number: %s\n", opt, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* ---- facets ---- */

/* The facets are the schema's fields flagged NX_FIELD_FACET, in table
 * order (lib/schema.c). */
#define MAX_FACETS 8

static size_t all_facets(const nx_field_t **out)
{
    size_t n = 0;
    for (size_t i = 0; i < nx_nfields && n < MAX_FACETS; i++)
        if (nx_fields[i].flags & NX_FIELD_FACET)
            out[n++] = &nx_fields[i];
    return n;
}

static void facet_specs(const nx_field_t *const *f, size_t n, xap_facet_spec_t *specs)
{
    for (size_t i = 0; i < n; i++) {
        specs[i].slot = (unsigned)f[i]->slot;
        specs[i].sep = (f[i]->flags & NX_FIELD_MULTI) ? NX_LIST_SEP : 0;
    }
}

/* Parse --facets' list into the chosen facets; -1 on an unknown name
 * (reported on stderr unless quiet). */
static int parse_facets(const char *list, const nx_field_t **out, size_t *n, int quiet)
{
    const nx_field_t *facets[MAX_FACETS];
    size_t nf = all_facets(facets);
    *n = 0;
    if (!*list || strcmp(list, "all") == 0) {
        for (size_t i = 0; i < nf; i++)
            out[(*n)++] = facets[i];
        return 0;
    }
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        return -1;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < nf; i++)
            if (strcasecmp(tok, facets[i]->name) == 0)
                break;
        if (i == nf) {
            if (!quiet)
                fprintf(stderr, "newssearch: --facets: unknown facet '%s' (use country, topic, "
                                "source, year)\n", tok);
            free(copy);
            return -1;
        }
        int dup = 0;
        for (size_t k = 0; k < *n; k++)
            dup |= out[k] == facets[i];
        if (!dup)
            out[(*n)++] = facets[i];
    }
    free(copy);
    return 0;
}

/* 1 if s is "all" or a comma-separated list of facet names. */
static int is_facet_list(const char *s)
{
    const nx_field_t *chosen[MAX_FACETS];
    size_t n;
    if (strcmp(s, "all") == 0)
        return 1;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == ','))
            return 0;
    return parse_facets(s, chosen, &n, 1) == 0;
}

static json_t *facet_json(const xap_result *r, size_t fi, const nx_field_t *f,
                          nx_lookup_t *lk)
{
    json_t *arr = json_array();
    nx_error_t e;
    const nx_gazetteer_t *g = /* country names; without the file, codes only */
        f->slot == NX_SLOT_COUNTRIES && xap_result_facet_size(r, fi) ? nx_lookup_gazetteer(lk, &e)
                                                                     : NULL;
    for (size_t j = 0; j < xap_result_facet_size(r, fi); j++) {
        const char *v;
        uint32_t c;
        xap_result_facet(r, fi, j, &v, &c);
        json_t *o = json_object();
        if (f->slot == NX_SLOT_COUNTRIES) {
            char up[3] = {(char)(v[0] & ~0x20), v[0] ? (char)(v[1] & ~0x20) : 0, 0};
            json_object_set_new(o, "value", json_string(up));
            const char *name = g ? nx_country_name(g, v) : NULL;
            if (name)
                json_object_set_new(o, "name", json_string(name));
        } else {
            char *clean = nx_utf8_repair(v, strlen(v));
            json_object_set_new(o, "value", json_string(clean ? clean : ""));
            free(clean);
        }
        json_object_set_new(o, "count", json_integer(c));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---- hits ---- */

static void copy_key(json_t *dst, json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    json_object_set(dst, key, v ? v : json_null());
}

/* The hit object: the same keys in every format. NULL when the snippet
 * could not be made (e says why: a writer may have discarded the revision
 * being read). */
/* "file": where the document's file is now (its root's recorded path and
 * the rest of its id), escaped like the path; "file_hex": its bytes when
 * the escaped form differs. */
static void set_file(json_t *hit, json_t *rec, const nx_roots_t *roots)
{
    const char *hex = json_string_value(json_object_get(rec, "path_hex"));
    const char *path = json_string_value(json_object_get(rec, "path"));
    char *raw = hex ? nx_hex_decode(hex) : path ? strdup(path) : NULL;
    char *file = raw && roots ? nx_roots_locate(roots, raw) : NULL;
    char *shown = file ? nx_escape_name(file) : NULL;
    if (shown) {
        json_object_set_new(hit, "file", json_string(shown));
        if (strcmp(shown, file) != 0) {
            char *fh = nx_hex_encode(file, strlen(file));
            json_object_set_new(hit, "file_hex", json_string(fh ? fh : ""));
            free(fh);
        }
    }
    free(shown);
    free(file);
    free(raw);
}

static json_t *hit_json(const opts_t *o, const xap_result *r, const xap_hit_t *h, long rank,
                        int with_score, const char *hs, const char *he,
                        const nx_roots_t *roots, nx_error_t *e)
{
    json_error_t jerr;
    size_t meta_len, text_len;
    const char *text;
    nx_record_split(h->data, h->len, &meta_len, &text, &text_len);
    json_t *rec = json_loadb(h->data, meta_len, 0, &jerr);
    if (!rec)
        rec = json_object();
    if (!json_object_get(rec, "id")) /* not stored when it is the path */
        json_object_set(rec, "id", json_object_get(rec, "path"));
    json_t *hit = json_object();
    if (rank > 0) /* the export has no ranking */
        json_object_set_new(hit, "rank", json_integer(rank));
    if (with_score) {
        json_object_set_new(hit, "score", json_real(h->weight));
        json_object_set_new(hit, "percent", json_integer(h->percent));
    }
    static const char *const keys[] = {"id", "path", "title", "date", "date_origin", "source",
                                       "countries", "topics"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        copy_key(hit, rec, keys[i]);
        if (i == 1)
            set_file(hit, rec, roots);
    }
    json_decref(rec);
    if (o->snippets && r) {
        char *snip = NULL;
        if (text_len && xap_result_snippet(r, text, text_len, o->snippet_len, hs, he, "...",
                                           &snip, e) != NX_OK) {
            json_decref(hit);
            return NULL;
        }
        json_object_set_new(hit, "snippet", json_string(snip ? nx_squeeze_space(snip) : ""));
        free(snip);
    }
    return hit;
}

/* ---- export of the whole index ---- */

/* Print one document of the index (ctx: the printer): stored fields only. */
static int export_doc(void *ctx, uint32_t docid, const char *data, size_t len)
{
    xap_hit_t h = {docid, 0, 0, data, len};
    opts_t o;
    memset(&o, 0, sizeof o);
    const nx_printer_t *pr = ctx;
    json_t *hit = hit_json(&o, NULL, &h, 0, 0, NULL, NULL, pr->roots, NULL);
    nx_print_hit(ctx, hit);
    json_decref(hit);
    return 0;
}

/* ---- --info ---- */

static long long dir_bytes(const char *path)
{
    long long total = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            total += (long long)st.st_blocks * 512;
    }
    closedir(d);
    return total;
}

static nx_status_t run_info(const opts_t *o, xap_db *db, nx_lookup_t *lk, nx_printer_t *pr,
                            int *rc, nx_error_t *e)
{
    uint32_t n = 0;
    char *lo = NULL, *hi = NULL, *updated = NULL, *schema = NULL;
    xap_query *all = NULL;
    xap_result *r = NULL;
    nx_status_t st;
    const nx_field_t *facets[MAX_FACETS];
    size_t nf = all_facets(facets);
    xap_facet_spec_t specs[MAX_FACETS];
    facet_specs(facets, nf, specs);
    if ((st = xap_db_doccount(db, &n, e)) ||
        (st = xap_db_value_bounds(db, NX_SLOT_DATE, &lo, &hi, e)) ||
        (st = xap_db_get_metadata(db, NX_META_UPDATED, &updated, e)) ||
        (st = xap_db_get_metadata(db, NX_META_SCHEMA, &schema, e)) ||
        (st = xap_query_match_all(&all, e)))
        goto out;
    xap_search_t s = {all, 0, 0, XAP_SORT_RELEVANCE, 0, 1, specs, nf};
    if ((st = xap_search(db, &s, &r, e)))
        goto out;
    json_t *info = json_object();
    json_object_set_new(info, "format_version", json_integer(FORMAT_VERSION));
    json_object_set_new(info, "index", json_string(o->db_path));
    json_object_set_new(info, "documents", json_integer(n));
    char first[11] = "", last[11] = "";
    if (lo && strlen(lo) >= 8)
        snprintf(first, sizeof first, "%.4s-%.2s-%.2s", lo, lo + 4, lo + 6);
    if (hi && strlen(hi) >= 8)
        snprintf(last, sizeof last, "%.4s-%.2s-%.2s", hi, hi + 4, hi + 6);
    json_object_set_new(info, "first_date", *first ? json_string(first) : json_null());
    json_object_set_new(info, "last_date", *last ? json_string(last) : json_null());
    json_object_set_new(info, "bytes", json_integer(dir_bytes(o->db_path)));
    json_object_set_new(info, "updated", *updated ? json_string(updated) : json_null());
    json_object_set_new(info, "schema", json_integer(atoi(schema)));
    json_object_set_new(info, "xapian", json_string(xap_version()));
    json_t *roots = json_array();
    for (size_t i = 0; pr->roots && i < pr->roots->n; i++) {
        char *shown = nx_escape_name(pr->roots->v[i].path);
        json_array_append_new(roots, json_pack("{s:s,s:s}", "label", pr->roots->v[i].label,
                                               "path", shown ? shown : ""));
        free(shown);
    }
    json_object_set_new(info, "roots", roots);
    json_t *top = json_object();
    for (size_t i = 0; i < nf; i++) {
        json_t *arr = facet_json(r, i, facets[i], lk);
        while (json_array_size(arr) > 10)
            json_array_remove(arr, json_array_size(arr) - 1);
        json_object_set_new(top, facets[i]->name, arr);
    }
    json_object_set_new(info, "top", top);
    if (pr->format == FMT_JSON || pr->format == FMT_JSONL) {
        json_dumpf(info, pr->out, pr->format == FMT_JSON ? JSON_INDENT(2) | JSON_PRESERVE_ORDER
                                                         : JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', pr->out);
    } else {
        fprintf(pr->out,
                "index:      %s\ndocuments:  %u\ndates:      %s .. %s\nsize:       %.1f MB\n"
                "updated:    %s\nschema:     %s (xapian %s)\n",
                o->db_path, n, *first ? first : "-", *last ? last : "-",
                (double)dir_bytes(o->db_path) / 1e6, *updated ? updated : "-", schema,
                xap_version());
        size_t i;
        json_t *root;
        json_array_foreach(roots, i, root)
            fprintf(pr->out, "%s%s  %s\n", i ? "            " : "roots:      ",
                    json_string_value(json_object_get(root, "label")),
                    json_string_value(json_object_get(root, "path")));
        pr->format = FMT_TEXT;
        json_t *hdr = json_object();
        json_object_set_new(hdr, "facets", json_incref(top));
        nx_print_end(pr, hdr);
    }
    json_decref(info);
    *rc = EXIT_MATCH;
out:
    xap_result_free(r);
    xap_query_free(all);
    free(lo);
    free(hi);
    free(updated);
    free(schema);
    return st;
}

/* ---- the search ---- */

static int any_filter(const nx_filters_t *f)
{
    return f->country || f->topic || f->source || f->since || f->until;
}

/* *n: matches of another query text with the same filters (0 when that
 * text does not parse). An error of the index is returned. */
static nx_status_t count_matches(xap_db *db, xap_qp *qp, nx_lookup_t *lk, const char *text,
                                 const nx_filters_t *f, unsigned qflags, uint32_t *n,
                                 nx_error_t *e)
{
    xap_query *q = NULL;
    xap_result *r = NULL;
    *n = 0;
    nx_status_t st =
        nx_query_build(qp, lk, text, f, qflags & ~(unsigned)XAP_QP_SPELLING, &q, NULL, e);
    if (st == NX_E_QUERY)
        return NX_OK;
    if (st)
        return st;
    xap_search_t s = {q, 0, 0, XAP_SORT_RELEVANCE, 0, 1, NULL, 0};
    if ((st = xap_search(db, &s, &r, e)) == NX_OK)
        *n = xap_result_total(r);
    xap_result_free(r);
    xap_query_free(q);
    return st;
}

/* The search, printed to pr. Every page is read from db's one revision;
 * a failure (e) leaves half an output behind, which the caller throws
 * away (see attempt). */
static nx_status_t run_search(const opts_t *o, xap_db *db, nx_lookup_t *lk, const char *qtext,
                              nx_printer_t *pr, int *rc, nx_error_t *e)
{
    xap_qp *qp = NULL;
    xap_query *q = NULL;
    xap_result *r = NULL;
    char *corrected = NULL;
    const nx_field_t *chosen[MAX_FACETS];
    size_t nchosen = 0;
    nx_status_t st;
    if (o->facets && parse_facets(o->facets, chosen, &nchosen, 1)) /* checked in main */
        return nx_error_set(e, NX_E_INVALID, "--facets: bad list");
    if ((st = nx_query_parser(db, lk, &qp, e)))
        goto out;
    unsigned qflags = (o->any ? XAP_QP_DEFAULT_OR : 0) | (o->spelling ? XAP_QP_SPELLING : 0);
    if ((st = nx_query_build(qp, lk, qtext, &o->filters, qflags, &q, &corrected, e)))
        goto out;
    if (o->all && !*qtext && !any_filter(&o->filters) && o->sort == XAP_SORT_RELEVANCE &&
        !nchosen && !o->count_only) {
        /* The whole index, streamed in docid order: the export. It reads
         * one revision start to end, into the attempt's spool; when a
         * writer's commit discards that revision midway, xap_db_alldocs
         * fails with NX_E_MODIFIED, the spool is thrown away and the
         * export starts again at the first document of the latest
         * revision (after newsindex --full, of the new index: its docids
         * are not the old ones). Nothing is printed before the whole
         * export has been read, so it never holds a document twice or
         * documents of two revisions. */
        uint32_t n = 0;
        if ((st = xap_db_doccount(db, &n, e)))
            goto out;
        json_t *h = json_object();
        json_object_set_new(h, "format_version", json_integer(FORMAT_VERSION));
        json_object_set_new(h, "query", json_string(""));
        json_object_set_new(h, "total", json_integer(n));
        json_object_set_new(h, "total_exact", json_true());
        json_object_set_new(h, "offset", json_integer(0));
        json_object_set_new(h, "shown", json_integer(n));
        nx_print_begin(pr, h);
        st = xap_db_alldocs(db, export_doc, pr, e);
        nx_print_end(pr, h);
        if (!st)
            *rc = n ? EXIT_MATCH : EXIT_NO_MATCH;
        goto out;
    }
    xap_facet_spec_t specs[MAX_FACETS];
    facet_specs(chosen, nchosen, specs);
    unsigned want = o->all ? 0xFFFFFFFFu : o->limit;
    unsigned first_page = want < PAGE ? want : PAGE;
    if (o->count_only)
        first_page = 0;
    xap_search_t s = {q, o->offset, first_page, o->sort, NX_SLOT_DATE, 1, specs, nchosen};
    if ((st = xap_search(db, &s, &r, e)))
        goto out;
    uint32_t total = xap_result_total(r);
    if (o->count_only) {
        fprintf(pr->out, "%u\n", total);
        *rc = total ? EXIT_MATCH : EXIT_NO_MATCH;
        goto out;
    }
    /* Suggest a spelling when the query finds little and the corrected
     * query would find more. */
    uint32_t ncorrected = 0;
    if (corrected && *corrected && total < 5 &&
        (st = count_matches(db, qp, lk, corrected, &o->filters, qflags, &ncorrected, e)))
        goto out;
    int suggest = ncorrected > total;
    const char *hs = pr->color ? "\033[1;33m" : pr->hi_start;
    const char *he = pr->color ? "\033[0m" : pr->hi_end;
    json_t *h = json_object();
    json_object_set_new(h, "format_version", json_integer(FORMAT_VERSION));
    json_object_set_new(h, "query", json_string(qtext));
    json_object_set_new(h, "total", json_integer(total));
    json_object_set_new(h, "total_exact", json_true());
    json_object_set_new(h, "offset", json_integer(o->offset));
    uint32_t avail = total > o->offset ? total - o->offset : 0;
    json_object_set_new(h, "shown", json_integer(avail < want ? avail : want));
    if (suggest)
        json_object_set_new(h, "spelling", json_string(corrected));
    if (nchosen) {
        json_t *facets = json_object();
        for (size_t i = 0; i < nchosen; i++)
            json_object_set_new(facets, chosen[i]->name, facet_json(r, i, chosen[i], lk));
        json_object_set_new(h, "facets", facets);
    }
    nx_print_begin(pr, h);
    long rank = o->offset;
    unsigned printed = 0;
    for (;;) {
        size_t n = xap_result_size(r);
        for (size_t i = 0; i < n && printed < want; i++, printed++) {
            xap_hit_t hit;
            json_t *j = NULL;
            if ((st = xap_result_hit(r, i, &hit, e)) ||
                !(j = hit_json(o, r, &hit, ++rank, 1, hs, he, pr->roots, e))) {
                if (!st)
                    st = e->code ? e->code : NX_E_INTERNAL;
                break;
            }
            nx_print_hit(pr, j);
            json_decref(j);
        }
        if (st || printed >= want || n < s.limit || n == 0)
            break;
        /* Next page, of the same revision (db is not reopened: a page
         * that fails fails the whole search); facets and exact counts
         * were done on the first. */
        xap_result_free(r);
        r = NULL;
        s.offset += (uint32_t)n;
        s.limit = want - printed < PAGE ? want - printed : PAGE;
        s.nfacets = 0;
        s.exact = 0;
        if ((st = xap_search(db, &s, &r, e)))
            break;
    }
    nx_print_end(pr, h);
    if (!st)
        *rc = total ? EXIT_MATCH : EXIT_NO_MATCH;
out:
    free(corrected);
    xap_result_free(r);
    xap_query_free(q);
    xap_qp_free(qp);
    return st;
}

/* ---- one attempt, again when a writer spoils it ---- */

/* The output of one attempt: a temporary file, unlinked at once (an
 * export does not sit in memory), or memory when no file can be made. An
 * attempt that fails is thrown away whole; the spool of the one that
 * succeeds is copied to stdout. */
typedef struct {
    FILE *f;
    int mem;   /* f is an open_memstream of buf, len */
    char *buf;
    size_t len;
} spool_t;

static nx_status_t spool_open(spool_t *sp, nx_error_t *e)
{
    memset(sp, 0, sizeof *sp);
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/newssearch.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd >= 0) {
        unlink(path);
        if ((sp->f = fdopen(fd, "w+")))
            return NX_OK;
        close(fd);
    }
    if ((sp->f = open_memstream(&sp->buf, &sp->len))) {
        sp->mem = 1;
        return NX_OK;
    }
    return nx_error_set(e, NX_E_IO, "cannot make a temporary file for the output: %s",
                        strerror(errno));
}

static void spool_close(spool_t *sp)
{
    if (sp->f)
        fclose(sp->f);
    free(sp->buf);
    memset(sp, 0, sizeof *sp);
}

/* Copy the spool to out. */
static void spool_copy(spool_t *sp, FILE *out)
{
    if (fflush(sp->f) != 0)
        return;
    if (sp->mem) {
        fwrite(sp->buf, 1, sp->len, out);
        return;
    }
    if (fseek(sp->f, 0, SEEK_SET) != 0)
        return;
    char b[65536];
    size_t n;
    while ((n = fread(b, 1, sizeof b, sp->f)) > 0)
        if (fwrite(b, 1, n, out) != n)
            break;
}

typedef struct {
    const opts_t *o;
    const char *qtext;
    const nx_printer_t *pr; /* the printer's settings; each attempt has its own state */
    nx_lookup_t lk;         /* the data files, loaded once (lk.db: the attempt's index) */
    spool_t spool;          /* the output of the last attempt */
    int rc;                 /* the exit status of the attempt that succeeded */
    int opened;             /* an index was opened */
} run_t;

/* One attempt of the whole operation on db (see xap_db_read): the schema
 * check, the query (the parser reads the index: wildcards, spelling), the
 * search or --info, and the printing, into a new spool. */
static nx_status_t attempt(void *ctx, xap_db *db, nx_error_t *e)
{
    run_t *run = ctx;
    const opts_t *o = run->o;
    run->opened = 1;
    spool_close(&run->spool);
    nx_status_t st = spool_open(&run->spool, e);
    if (st)
        return st;
    char *schema = NULL;
    if ((st = xap_db_get_metadata(db, NX_META_SCHEMA, &schema, e)))
        return st;
    if (atoi(schema) > NX_SCHEMA_VERSION) {
        st = nx_error_set(e, NX_E_VERSION, "index schema %s is newer than this newssearch (%d)",
                          schema, NX_SCHEMA_VERSION);
        free(schema);
        return st;
    }
    free(schema);
    char *rtext = NULL;
    nx_roots_t roots = {0};
    if ((st = xap_db_get_metadata(db, NX_META_ROOTS, &rtext, e)) ||
        (st = nx_roots_parse(rtext, strlen(rtext), &roots, e))) {
        free(rtext);
        return st;
    }
    free(rtext);
    nx_printer_t pr = *run->pr;
    pr.out = run->spool.f;
    pr.roots = &roots;
    /* The data files stay loaded from one attempt to the next (loading
     * the gazetteer takes longer than the writer takes to commit twice). */
    run->lk.db = db;
    st = o->info ? run_info(o, db, &run->lk, &pr, &run->rc, e)
                 : run_search(o, db, &run->lk, run->qtext, &pr, &run->rc, e);
    run->lk.db = NULL;
    nx_roots_free(&roots);
    /* A spool that could not be written (a full disk) is an error, not a
     * short output. */
    if (!st && (fflush(run->spool.f) != 0 || ferror(run->spool.f)))
        st = nx_error_set(e, NX_E_IO, "cannot write the temporary output file: %s",
                          strerror(errno));
    return st;
}

int main(int argc, char **argv)
{
    opts_t o;
    memset(&o, 0, sizeof o);
    o.db_path = getenv("NEWSINDEX_DB");
    o.limit = 10;
    o.spelling = 1;
    o.snippets = 1;
    o.snippet_len = 200;
    o.color = -1;
    o.format = FMT_TEXT;
    enum { OPT_OFFSET = 256, OPT_ANY, OPT_SORT, OPT_COUNT, OPT_ALL, OPT_COUNTRY, OPT_TOPIC,
           OPT_SOURCE, OPT_SINCE, OPT_UNTIL, OPT_FACETS, OPT_COLOR, OPT_HIGHLIGHT, OPT_SNIPLEN,
           OPT_NO_SNIPPETS, OPT_NO_SPELLING, OPT_INFO };
    static const struct option lopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"any", no_argument, NULL, OPT_ANY},
        {"sort", required_argument, NULL, OPT_SORT},
        {"count", no_argument, NULL, OPT_COUNT},
        {"all", no_argument, NULL, OPT_ALL},
        {"country", required_argument, NULL, OPT_COUNTRY},
        {"topic", required_argument, NULL, OPT_TOPIC},
        {"source", required_argument, NULL, OPT_SOURCE},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"facets", optional_argument, NULL, OPT_FACETS},
        {"format", required_argument, NULL, 'f'},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"highlight", required_argument, NULL, OPT_HIGHLIGHT},
        {"snippet-length", required_argument, NULL, OPT_SNIPLEN},
        {"no-snippets", no_argument, NULL, OPT_NO_SNIPPETS},
        {"no-spelling", no_argument, NULL, OPT_NO_SPELLING},
        {"info", no_argument, NULL, OPT_INFO},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    unsigned u;
    while ((c = getopt_long(argc, argv, "d:n:f:hV", lopts, NULL)) != -1) {
        switch (c) {
        case 'd': o.db_path = optarg; break;
        case 'n':
            if (parse_uint("--limit", optarg, &o.limit))
                return EXIT_ERROR;
            break;
        case OPT_OFFSET:
            if (parse_uint("--offset", optarg, &o.offset))
                return EXIT_ERROR;
            break;
        case OPT_ANY: o.any = 1; break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                o.sort = XAP_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0 || strcmp(optarg, "+date") == 0)
                o.sort = XAP_SORT_VALUE_ASC;
            else if (strcmp(optarg, "-date") == 0)
                o.sort = XAP_SORT_VALUE_DESC;
            else {
                fprintf(stderr, "newssearch: --sort: use relevance, date or -date, not '%s'\n",
                        optarg);
                return EXIT_ERROR;
            }
            break;
        case OPT_COUNT: o.count_only = 1; break;
        case OPT_ALL: o.all = 1; break;
        case OPT_COUNTRY: o.filters.country = optarg; break;
        case OPT_TOPIC: o.filters.topic = optarg; break;
        case OPT_SOURCE: o.filters.source = optarg; break;
        case OPT_SINCE: o.filters.since = optarg; break;
        case OPT_UNTIL: o.filters.until = optarg; break;
        case OPT_FACETS:
            /* "--facets country,topic oil": the list may follow as its own
             * word, taken when every item names a facet. */
            o.facets = optarg ? optarg : "";
            if (!optarg && optind < argc && is_facet_list(argv[optind]))
                o.facets = argv[optind++];
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                o.format = FMT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                o.format = FMT_JSON;
            else if (strcmp(optarg, "jsonl") == 0)
                o.format = FMT_JSONL;
            else if (strcmp(optarg, "tsv") == 0)
                o.format = FMT_TSV;
            else if (strcmp(optarg, "paths") == 0)
                o.format = FMT_PATHS;
            else {
                fprintf(stderr, "newssearch: --format: use text, json, jsonl, tsv or paths, "
                                "not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                o.color = -1;
            else if (strcmp(optarg, "always") == 0)
                o.color = 1;
            else if (strcmp(optarg, "never") == 0)
                o.color = 0;
            else {
                fprintf(stderr, "newssearch: --color: use auto, always or never, not '%s'\n",
                        optarg);
                return EXIT_ERROR;
            }
            break;
        case OPT_HIGHLIGHT:
            if (!strchr(optarg, ',')) {
                fprintf(stderr, "newssearch: --highlight: give START,END (for example "
                                "'<b>,</b>')\n");
                return EXIT_ERROR;
            }
            o.highlight = optarg;
            break;
        case OPT_SNIPLEN:
            if (parse_uint("--snippet-length", optarg, &u))
                return EXIT_ERROR;
            o.snippet_len = u;
            break;
        case OPT_NO_SNIPPETS: o.snippets = 0; break;
        case OPT_NO_SPELLING: o.spelling = 0; break;
        case OPT_INFO: o.info = 1; break;
        case 'h': usage(stdout); return EXIT_MATCH;
        case 'V': printf("newssearch %s (xapian %s)\n", NX_VERSION, xap_version()); return 0;
        default:
            fputs("Try 'newssearch --help' for more information.\n", stderr);
            return EXIT_ERROR;
        }
    }
    if (!o.db_path || !*o.db_path) {
        fputs("newssearch: no index given: use --db PATH (or set NEWSINDEX_DB)\n", stderr);
        return EXIT_ERROR;
    }
    /* The query is every remaining argument, joined by spaces. */
    nx_buf_t qb = {0};
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            nx_buf_putc(&qb, ' ');
        nx_buf_puts(&qb, argv[i]);
    }
    char *qtext = nx_buf_steal(&qb);
    if (!qtext)
        return EXIT_ERROR;
    if (!*qtext && !o.all && !o.info && !any_filter(&o.filters)) {
        fputs("newssearch: no query given (try --help, or --all for every document)\n", stderr);
        free(qtext);
        return EXIT_ERROR;
    }
    const nx_field_t *chosen[MAX_FACETS];
    size_t nchosen;
    if (o.facets && !o.info && parse_facets(o.facets, chosen, &nchosen, 0)) {
        free(qtext);
        return EXIT_ERROR;
    }
    if (!nx_utf8_valid(qtext, strlen(qtext))) {
        char *fixed = nx_utf8_repair(qtext, strlen(qtext));
        free(qtext);
        qtext = fixed;
        if (!qtext)
            return EXIT_ERROR;
    }

    nx_printer_t pr;
    memset(&pr, 0, sizeof pr);
    pr.format = o.format;
    pr.out = stdout;
    int tty = isatty(1);
    pr.tty = tty;
    const char *nc = getenv("NO_COLOR");
    pr.color = o.format == FMT_TEXT &&
               (o.color == 1 || (o.color == -1 && tty && !(nc && *nc)));
    char *hs = NULL;
    if (o.highlight) {
        hs = strdup(o.highlight);
        char *comma = strchr(hs, ',');
        *comma = '\0';
        pr.hi_start = hs;
        pr.hi_end = comma + 1;
    } else {
        pr.hi_start = "[";
        pr.hi_end = "]";
    }

    run_t run;
    memset(&run, 0, sizeof run);
    run.o = &o;
    run.qtext = qtext;
    run.pr = &pr;
    nx_lookup_init(&run.lk, NULL);
    nx_error_t e;
    nx_error_clear(&e);
    /* Every read goes through xap_db_read's retry policy: a search that a
     * writer's commit or rebuild spoils is done again, whole, on a fresh
     * open; only the output of the attempt that succeeds is printed. */
    nx_status_t s = xap_db_read(o.db_path, NULL, attempt, &run, NULL, &e);
    int rc;
    if (s == NX_OK) {
        spool_copy(&run.spool, stdout);
        rc = run.rc;
    } else {
        if (s == NX_E_NO_INDEX && !run.opened)
            fprintf(stderr, "newssearch: %s: no index here (build one with newsindex --db %s DIR)\n",
                    o.db_path, o.db_path);
        else if (s == NX_E_QUERY && strncmp(e.msg, "Syntax:", 7) == 0)
            fprintf(stderr, "newssearch: query syntax error in '%s': %s\n", qtext, e.msg + 8);
        else if (s == NX_E_MODIFIED || s == NX_E_CORRUPT || s == NX_E_NO_INDEX ||
                 s == NX_E_XAPIAN || s == NX_E_VERSION)
            fprintf(stderr, "newssearch: %s: %s\n", o.db_path, e.msg[0] ? e.msg : nx_status_str(s));
        else /* the query, a data file, memory, the output */
            fprintf(stderr, "newssearch: %s\n", e.msg[0] ? e.msg : nx_status_str(s));
        rc = EXIT_ERROR;
    }
    spool_close(&run.spool);
    nx_lookup_free(&run.lk);
    fflush(stdout);
    free(qtext);
    free(hs);
    return rc;
}
