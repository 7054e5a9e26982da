/* check_output.c - each output back end on fixed hit objects: the text,
 * json, jsonl, tsv and paths formats of a search (with a spelling
 * suggestion and facets), of the export (no ranks, no scores), in colour
 * and on a terminal; --info and --count through the same printer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/print.h"

/* ---- the fixture: a search's header and four hits ---- */

/* variant 0: a search; 1: the same in colour; 2: the export on a
 * terminal (no ranks or scores, no spelling, no facets). */
static json_t *fixture_header(int variant)
{
    json_t *h = json_pack("{s:i,s:s,s:i,s:b,s:i,s:i}", "format_version", NX_FORMAT_VERSION, "query",
                          variant == 2 ? "" : "tsunami", "total", 4, "total_exact", 1, "offset",
                          0, "shown", 4);
    if (variant == 2)
        return h;
    json_object_set_new(h, "spelling", json_string("tsunamis"));
    json_t *many = json_array();
    for (int i = 0; i < 22; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", 2000 + i);
        json_array_append_new(many, json_pack("{s:s,s:i}", "value", v, "count", 22 - i));
    }
    json_object_set_new(
        h, "facets",
        json_pack("{s:[{s:s,s:s,s:i},{s:s,s:i}],s:o}", "country", "value", "JP", "name", "Japan",
                  "count", 3, "value", "US", "count", 1, "year", many));
    return h;
}

static const size_t fixture_nhits = 4;

static json_t *fixture_hit(size_t i, int variant)
{
    static const char *const ids[] = {"corpus/a.html", "corpus/f.rss#x", "corpus/f.rss#y",
                                      "corpus/caf\\xE9.txt"};
    static const char *const paths[] = {"corpus/a.html", "corpus/f.rss", "corpus/f.rss",
                                        "corpus/caf\\xE9.txt"};
    json_t *h = json_object();
    if (variant != 2) {
        json_object_set_new(h, "rank", json_integer((json_int_t)i + 1));
        json_object_set_new(h, "score", json_real(4.51234 / (double)(i + 1)));
        json_object_set_new(h, "percent", json_integer(50 - 10 * (json_int_t)i));
    }
    json_object_set_new(h, "id", json_string(ids[i]));
    json_object_set_new(h, "path", json_string(paths[i]));
    char file[64];
    snprintf(file, sizeof file, "/arch/%s", paths[i] + strlen("corpus/"));
    json_object_set_new(h, "file", json_string(file));
    if (i == 3) /* "/arch/caf\xE9.txt": its bytes */
        json_object_set_new(h, "file_hex", json_string("2f617263682f636166e92e747874"));
    if (i == 0) {
        json_object_set_new(h, "title", json_string("Quake\tand tsunami"));
        json_object_set_new(h, "date", json_string("2011-03-11T05:46:00Z"));
        json_object_set_new(h, "date_origin", json_string("content"));
        json_object_set_new(h, "source", json_string("Associated Press"));
        json_object_set_new(h, "countries", json_pack("[s,s]", "JP", "US"));
        json_object_set_new(h, "topics", json_pack("[s,s]", "disaster", "science"));
    } else {
        json_object_set_new(h, "title", i == 3 ? json_string("Caf\xc3\xa9") : json_null());
        json_object_set_new(h, "date", json_null());
        json_object_set_new(h, "date_origin", json_string("none"));
        json_object_set_new(h, "source", i == 3 ? json_string("BBC") : json_null());
        json_object_set_new(h, "countries", json_array());
        json_object_set_new(h, "topics", i == 3 ? json_pack("[s]", "food") : json_array());
    }
    if (variant != 2)
        json_object_set_new(h, "snippet",
                            json_string(i == 0 ? "...the [tsunami]\nhit\r\tthe coast..." : ""));
    return h;
}

/* ---- the printer on the fixture ---- */

static char *render(nx_out_format_t fmt, int variant)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    nx_printer_t p;
    nx_printer_init(&p, fmt, f);
    p.color = variant == 1 && fmt == NX_OUT_TEXT;
    p.tty = variant == 2;
    json_t *h = fixture_header(variant);
    nx_print_begin(&p, h);
    for (size_t i = 0; i < fixture_nhits; i++) {
        json_t *hit = fixture_hit(i, variant);
        nx_print_hit(&p, hit);
        json_decref(hit);
    }
    nx_print_end(&p, h);
    ck_assert_int_eq(fclose(f), 0);
    return buf;
}

/* The year facet's first 20 values in text, and what is left out. */
#define YEAR_VALUES                                                                              \
    "      22  2000\n      21  2001\n      20  2002\n      19  2003\n      18  2004\n"           \
    "      17  2005\n      16  2006\n      15  2007\n      14  2008\n      13  2009\n"           \
    "      12  2010\n      11  2011\n      10  2012\n       9  2013\n       8  2014\n"           \
    "       7  2015\n       6  2016\n       5  2017\n       4  2018\n       3  2019\n"           \
    "  ... 2 more (all of them with --format json)\n"

/* The hits without a snippet, in text without colour. */
#define TEXT_HITS_2_TO_4                                                                         \
    "\n"                                                                                         \
    "  2. (untitled)\n"                                                                          \
    "     no date\n"                                                                             \
    "     corpus/f.rss#x\n"                                                                      \
    "\n"                                                                                         \
    "  3. (untitled)\n"                                                                          \
    "     no date\n"                                                                             \
    "     corpus/f.rss#y\n"                                                                      \
    "\n"                                                                                         \
    "  4. Caf\xc3\xa9\n"                                                                         \
    "     no date | BBC | food\n"                                                                \
    "     corpus/caf\\xE9.txt\n"

static const char text_search[] =
    "Did you mean: tsunamis\n"
    "4 matches, showing 1-4\n"
    "\n"
    "  1. Quake\tand tsunami\n"
    "     2011-03-11 | Associated Press | JP US | disaster, science\n"
    "     corpus/a.html\n"
    "     ...the [tsunami] hit  the coast...\n"
    TEXT_HITS_2_TO_4
    "\n"
    "country (2 values):\n"
    "       3  JP  Japan\n"
    "       1  US\n"
    "\n"
    "year (22 values):\n" YEAR_VALUES;

static const char text_color[] =
    "Did you mean: tsunamis\n"
    "4 matches, showing 1-4\n"
    "\n"
    "\033[1m  1.\033[0m \033[1m\033[36mQuake\tand tsunami\033[0m\n"
    "     \033[32m2011-03-11 | Associated Press | JP US | disaster, science\033[0m\n"
    "     \033[2mcorpus/a.html\033[0m\n"
    "     ...the [tsunami] hit  the coast...\n"
    "\n"
    "\033[1m  2.\033[0m \033[1m\033[36m(untitled)\033[0m\n"
    "     \033[32mno date\033[0m\n"
    "     \033[2mcorpus/f.rss#x\033[0m\n"
    "\n"
    "\033[1m  3.\033[0m \033[1m\033[36m(untitled)\033[0m\n"
    "     \033[32mno date\033[0m\n"
    "     \033[2mcorpus/f.rss#y\033[0m\n"
    "\n"
    "\033[1m  4.\033[0m \033[1m\033[36mCaf\xc3\xa9\033[0m\n"
    "     \033[32mno date | BBC | food\033[0m\n"
    "     \033[2mcorpus/caf\\xE9.txt\033[0m\n"
    "\n"
    "\033[1mcountry\033[0m (2 values):\n"
    "       3  JP  Japan\n"
    "       1  US\n"
    "\n"
    "\033[1myear\033[0m (22 values):\n" YEAR_VALUES;

/* The export: positions for ranks, no snippets. */
static const char text_export[] =
    "4 matches, showing 1-4\n"
    "\n"
    "  1. Quake\tand tsunami\n"
    "     2011-03-11 | Associated Press | JP US | disaster, science\n"
    "     corpus/a.html\n"
    TEXT_HITS_2_TO_4;

#define TSV_HEADER \
    "rank\tscore\tdate\tsource\ttitle\tid\tpath\tcountries\ttopics\tsnippet\tauthor\n"

static const char tsv_search[] =
    TSV_HEADER
    "1\t4.5123\t2011-03-11T05:46:00Z\tAssociated Press\tQuake and tsunami\tcorpus/a.html\t"
    "corpus/a.html\tJP,US\tdisaster,science\t...the [tsunami] hit  the coast...\t\n"
    "2\t2.2562\t\t\t\tcorpus/f.rss#x\tcorpus/f.rss\t\t\t\t\n"
    "3\t1.5041\t\t\t\tcorpus/f.rss#y\tcorpus/f.rss\t\t\t\t\n"
    "4\t1.1281\t\tBBC\tCaf\xc3\xa9\tcorpus/caf\\xE9.txt\tcorpus/caf\\xE9.txt\t\tfood\t\t\n";

static const char tsv_export[] =
    TSV_HEADER
    "1\t0.0000\t2011-03-11T05:46:00Z\tAssociated Press\tQuake and tsunami\tcorpus/a.html\t"
    "corpus/a.html\tJP,US\tdisaster,science\t\t\n"
    "2\t0.0000\t\t\t\tcorpus/f.rss#x\tcorpus/f.rss\t\t\t\t\n"
    "3\t0.0000\t\t\t\tcorpus/f.rss#y\tcorpus/f.rss\t\t\t\t\n"
    "4\t0.0000\t\tBBC\tCaf\xc3\xa9\tcorpus/caf\\xE9.txt\tcorpus/caf\\xE9.txt\t\tfood\t\t\n";

/* A feed's path once for its items in a row; a program gets the file's
 * own bytes, a terminal the escaped name. */
static const char paths_program[] = "/arch/a.html\n/arch/f.rss\n/arch/caf\xe9.txt\n";
static const char paths_tty[] = "/arch/a.html\n/arch/f.rss\n/arch/caf\\xE9.txt\n";

static const struct {
    nx_out_format_t fmt;
    int variant;
    const char *want;
} lines[] = {
    {NX_OUT_TEXT, 0, text_search},    {NX_OUT_TEXT, 1, text_color},
    {NX_OUT_TEXT, 2, text_export},    {NX_OUT_TSV, 0, tsv_search},
    {NX_OUT_TSV, 1, tsv_search},      {NX_OUT_TSV, 2, tsv_export},
    {NX_OUT_PATHS, 0, paths_program}, {NX_OUT_PATHS, 2, paths_tty},
};

START_TEST(test_line_formats)
{
    char *got = render(lines[_i].fmt, lines[_i].variant);
    ck_assert_str_eq(got, lines[_i].want);
    free(got);
}
END_TEST

/* json: the header with the hits in "hits", indented; jsonl: each hit on
 * a line, as it is. */
START_TEST(test_json)
{
    char *got = render(NX_OUT_JSON, 0);
    json_error_t err;
    json_t *doc = json_loads(got, 0, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "format_version")), NX_FORMAT_VERSION);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "spelling")), "tsunamis");
    json_t *hits = json_object_get(doc, "hits");
    ck_assert_uint_eq(json_array_size(hits), fixture_nhits);
    for (size_t i = 0; i < fixture_nhits; i++) {
        json_t *want = fixture_hit(i, 0);
        ck_assert(json_equal(json_array_get(hits, i), want));
        json_decref(want);
    }
    ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(doc, "facets"), "year")), 22);
    /* Keys in the order they were set, two spaces of indent. */
    ck_assert_int_eq(strncmp(got, "{\n  \"format_version\": 2,\n  \"query\": \"tsunami\",", 45), 0);
    ck_assert_int_eq(got[strlen(got) - 1], '\n');
    json_decref(doc);
    free(got);
}
END_TEST

START_TEST(test_jsonl)
{
    char *got = render(NX_OUT_JSONL, 2);
    char *line = got;
    for (size_t i = 0; i < fixture_nhits; i++) {
        char *nl = strchr(line, '\n');
        ck_assert_ptr_nonnull(nl);
        json_t *want = fixture_hit(i, 2);
        char *w = json_dumps(want, JSON_COMPACT | JSON_PRESERVE_ORDER);
        ck_assert_uint_eq((size_t)(nl - line), strlen(w));
        ck_assert_int_eq(strncmp(line, w, strlen(w)), 0);
        free(w);
        json_decref(want);
        line = nl + 1;
    }
    ck_assert_str_eq(line, "");
    free(got);
}
END_TEST

/* ---- the settings: --fields, --summary, -0, --format-version, wrapping ---- */

/* The fixture's search through a printer set by set (0: fields id,
 * countries,rank; 1: --summary; 2: -0 on a terminal; 3:
 * --format-version=1; 4: text wrapped to 30 columns); *size, when given,
 * its length (-0 writes NUL bytes). */
static char *render_with(nx_out_format_t fmt, int set, size_t *size)
{
    static const char *const fields[] = {"id", "countries", "rank"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    nx_printer_t p;
    nx_printer_init(&p, fmt, f);
    if (set == 0) {
        p.fields = fields;
        p.nfields = 3;
    }
    p.summary = set == 1;
    p.path_end = set == 2 ? '\0' : '\n';
    p.tty = set == 2; /* -0: the bytes, even on a terminal */
    if (set == 3)
        p.version = 1;
    if (set == 4) {
        p.wrap = 1;
        p.columns = 30;
    }
    json_t *h = fixture_header(0);
    nx_print_begin(&p, h);
    for (size_t i = 0; i < fixture_nhits; i++) {
        json_t *hit = fixture_hit(i, 0);
        if (set == 4 && i == 0)
            json_object_set_new(hit, "snippet",
                                json_string("...the [tsunami] hit the coast of Japan at "
                                            "Sendai, a wave ten metres high..."));
        nx_print_hit(&p, hit);
        json_decref(hit);
    }
    nx_print_end(&p, h);
    ck_assert_int_eq(fclose(f), 0);
    if (size)
        *size = len;
    return buf;
}

START_TEST(test_fields)
{
    char *got = render_with(NX_OUT_TSV, 0, NULL);
    ck_assert_str_eq(got, "id\tcountries\trank\ncorpus/a.html\tJP,US\t1\ncorpus/f.rss#x\t\t2\n"
                          "corpus/f.rss#y\t\t3\ncorpus/caf\\xE9.txt\t\t4\n");
    free(got);
    got = render_with(NX_OUT_TEXT, 0, NULL);
    ck_assert_str_eq(got, "corpus/a.html  JP,US  1\ncorpus/f.rss#x    2\ncorpus/f.rss#y    3\n"
                          "corpus/caf\\xE9.txt    4\n");
    free(got);
    got = render_with(NX_OUT_JSONL, 0, NULL);
    ck_assert_int_eq(strncmp(got, "{\"id\":\"corpus/a.html\",\"countries\":[\"JP\",\"US\"],\"rank\":1}\n", 54), 0);
    free(got);
    got = render_with(NX_OUT_JSON, 0, NULL);
    json_t *doc = json_loads(got, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(json_object_size(json_array_get(json_object_get(doc, "hits"), 1)), 3);
    ck_assert_ptr_nonnull(json_object_get(doc, "facets")); /* the header is whole */
    json_decref(doc);
    free(got);
}
END_TEST

START_TEST(test_summary_null_version)
{
    char *got = render_with(NX_OUT_JSONL, 1, NULL);
    const char *last = strstr(got, "{\"type\":\"summary\"");
    ck_assert_ptr_nonnull(last);
    ck_assert_str_eq(strchr(last, '\n'), "\n"); /* the last line */
    json_t *o = json_loads(last, JSON_DISABLE_EOF_CHECK, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "total")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "format_version")), NX_FORMAT_VERSION);
    json_decref(o);
    free(got);
    got = render_with(NX_OUT_JSONL, 0, NULL); /* no summary unless asked */
    ck_assert_ptr_null(strstr(got, "summary"));
    free(got);
    size_t len;
    char *buf = render_with(NX_OUT_PATHS, 2, &len);
    static const char want[] = "/arch/a.html\0/arch/f.rss\0/arch/caf\xe9.txt";
    ck_assert_uint_eq(len, sizeof want);
    ck_assert_int_eq(memcmp(buf, want, sizeof want), 0);
    free(buf);
    got = render_with(NX_OUT_JSON, 3, NULL);
    o = json_loads(got, 0, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "format_version")), 1);
    json_decref(o);
    free(got);
}
END_TEST

START_TEST(test_wrap)
{
    char *got = render_with(NX_OUT_TEXT, 4, NULL);
    const char *s = strstr(got, "     ...the");
    ck_assert_ptr_nonnull(s);
    static const char want[] = "     ...the [tsunami] hit the\n     coast of Japan at Sendai,\n"
                               "     a wave ten metres high...\n\n";
    ck_assert_int_eq(strncmp(s, want, strlen(want)), 0);
    free(got);
}
END_TEST

/* ---- --info and --count ---- */

static json_t *info_object(void)
{
    return json_pack("{s:i,s:s,s:i,s:s,s:n,s:i,s:s,s:i,s:s,s:[{s:s,s:s},{s:s,s:s}],"
                     "s:i,s:i,s:{s:[{s:s,s:s,s:i}],s:[]}}",
                     "format_version", NX_FORMAT_VERSION, "index", "/x/news.db", "documents", 23, "first_date",
                     "1987-10-19", "last_date", "bytes", 1234567, "updated",
                     "2024-05-01T02:00:00Z", "schema", 3, "xapian", "1.4.22", "roots", "label",
                     "corpus", "path", "/srv/corpus", "label", "wire", "path", "/srv/w\\x01",
                     "clusters", 4, "clustered", 9, "top", "country", "value", "US", "name", "United States", "count", 9,
                     "source");
}

static char *render_info(nx_out_format_t fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nx_printer_t p;
    nx_printer_init(&p, fmt, f);
    json_t *info = info_object();
    nx_print_info(&p, info);
    json_decref(info);
    fclose(f);
    return buf;
}

static const char info_text[] = "index:      /x/news.db\n"
                                "documents:  23\n"
                                "dates:      1987-10-19 .. -\n"
                                "size:       1.2 MB\n"
                                "updated:    2024-05-01T02:00:00Z\n"
                                "schema:     3 (xapian 1.4.22)\n"
                                "stories:    4 near-duplicate clusters of 9 documents\n"
                                "roots:      corpus  /srv/corpus\n"
                                "            wire  /srv/w\\x01\n"
                                "\n"
                                "country (1 value):\n"
                                "       9  US  United States\n"
                                "\n"
                                "source (0 values):\n";

START_TEST(test_info)
{
    /* tsv and paths have no shape of their own for it: text. */
    static const nx_out_format_t as_text[] = {NX_OUT_TEXT, NX_OUT_TSV, NX_OUT_PATHS};
    for (size_t i = 0; i < sizeof as_text / sizeof as_text[0]; i++) {
        char *got = render_info(as_text[i]);
        ck_assert_str_eq(got, info_text);
        free(got);
    }
    json_t *want = info_object();
    char *got = render_info(NX_OUT_JSON);
    char *w = json_dumps(want, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    ck_assert_uint_eq(strlen(got), strlen(w) + 1);
    ck_assert_int_eq(strncmp(got, w, strlen(w)), 0);
    free(got);
    free(w);
    got = render_info(NX_OUT_JSONL);
    w = json_dumps(want, JSON_COMPACT | JSON_PRESERVE_ORDER);
    ck_assert_uint_eq(strlen(got), strlen(w) + 1);
    ck_assert_int_eq(strncmp(got, w, strlen(w)), 0);
    free(got);
    free(w);
    json_decref(want);
}
END_TEST

START_TEST(test_count)
{
    for (int fmt = NX_OUT_TEXT; fmt <= NX_OUT_PATHS; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        nx_printer_t p;
        nx_printer_init(&p, (nx_out_format_t)fmt, f);
        nx_print_count(&p, "oil", 4294967295u);
        fclose(f);
        if (fmt == NX_OUT_JSONL)
            ck_assert_str_eq(buf, "{\"format_version\":2,\"query\":\"oil\",\"total\":4294967295,"
                                  "\"total_exact\":true}\n");
        else if (fmt == NX_OUT_JSON)
            ck_assert_str_eq(buf, "{\n  \"format_version\": 2,\n  \"query\": \"oil\",\n  "
                                  "\"total\": 4294967295,\n  \"total_exact\": true\n}\n");
        else
            ck_assert_str_eq(buf, "4294967295\n");
        free(buf);
    }
}
END_TEST

/* ---- the formats' names ---- */

START_TEST(test_format_names)
{
    static const char *const names[] = {"text", "json", "jsonl", "tsv", "paths"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        nx_out_format_t f = NX_OUT_PATHS;
        ck_assert_int_eq(nx_out_format_parse(names[i], &f), 0);
        ck_assert_int_eq(f, (int)i);
    }
    nx_out_format_t f = NX_OUT_TSV;
    ck_assert_int_eq(nx_out_format_parse("csv", &f), -1);
    ck_assert_int_eq(nx_out_format_parse("JSON", &f), -1);
    ck_assert_int_eq(f, NX_OUT_TSV);
    ck_assert_str_eq(nx_out_format_names(), "text, json, jsonl, tsv or paths");
}
END_TEST

/* ---- reports: a timeline of three buckets, one empty ---- */

static char *render_report(nx_out_format_t fmt, unsigned columns, int ascii, int by)
{
    json_t *rep = json_pack("{s:i,s:s,s:s,s:i,s:i,s:i}", "format_version", NX_FORMAT_VERSION, "query", "oil",
                            "interval", "month", "matches", 12, "scope", 40, "undated", 0);
    json_t *tl = json_array();
    static const char *const b[] = {"2020-01", "2020-02", "2020-03"};
    static const int cnt[] = {8, 0, 4}, tot[] = {16, 10, 14};
    if (by)
        json_object_set_new(rep, "by", json_string("source")),
            json_object_set_new(rep, "series", json_pack("[s,s]", "Reuters", "other"));
    for (int i = 0; i < 3; i++) {
        json_t *o = json_pack("{s:s,s:i,s:i,s:f}", "bucket", b[i], "count", cnt[i], "total",
                              tot[i], "ratio", (double)cnt[i] / tot[i]);
        if (by)
            json_object_set_new(o, "series",
                                json_pack("[{s:s,s:i,s:i,s:f},{s:s,s:i,s:i,s:f}]", "name",
                                          "Reuters", "count", cnt[i], "total", tot[i], "ratio",
                                          (double)cnt[i] / tot[i], "name", "other", "count", 0,
                                          "total", 1, "ratio", 0.0));
        json_array_append_new(tl, o);
    }
    json_object_set_new(rep, "timeline", tl);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nx_printer_t p;
    nx_printer_init(&p, fmt, f);
    p.columns = columns;
    p.ascii = ascii;
    nx_print_report(&p, rep);
    fclose(f);
    json_decref(rep);
    return buf;
}

START_TEST(test_report_timeline)
{
    char *got = render_report(NX_OUT_TEXT, 50, 1, 0);
    ck_assert_str_eq(got, "oil: 12 matches of 40 in the scope, by month, 2020-01 .. 2020-03\n"
                          "bucket      count    total    ratio\n"
                          "2020-01         8       16  50.000%  #############\n"
                          "2020-02         0       10   0.000%  \n"
                          "2020-03         4       14  28.571%  #######\n");
    free(got);
    /* eighths: 13 cells is 104 eighths; 4/8 of that is 52, six full and four eighths */
    got = render_report(NX_OUT_TEXT, 50, 0, 0);
    ck_assert_ptr_nonnull(strstr(got, "28.571%  \xE2\x96\x88\xE2\x96\x88\xE2\x96\x88\xE2\x96\x88"
                                      "\xE2\x96\x88\xE2\x96\x88\xE2\x96\x8C\n"));
    free(got);
    got = render_report(NX_OUT_TSV, 80, 0, 0);
    ck_assert_str_eq(got, "bucket\tcount\ttotal\tratio\n2020-01\t8\t16\t0.5\n2020-02\t0\t10\t0\n"
                          "2020-03\t4\t14\t0.285714\n");
    free(got);
    got = render_report(NX_OUT_JSONL, 80, 0, 0);
    ck_assert_str_eq(got, "{\"bucket\":\"2020-01\",\"count\":8,\"total\":16,\"ratio\":0.5}\n"
                          "{\"bucket\":\"2020-02\",\"count\":0,\"total\":10,\"ratio\":0.0}\n"
                          "{\"bucket\":\"2020-03\",\"count\":4,\"total\":14,\"ratio\":0.2857142857142857}\n");
    free(got);
    got = render_report(NX_OUT_TSV, 80, 0, 1);
    ck_assert_str_eq(got, "bucket\tseries\tcount\ttotal\tratio\n2020-01\tReuters\t8\t16\t0.5\n"
                          "2020-01\tother\t0\t1\t0\n2020-02\tReuters\t0\t10\t0\n2020-02\tother\t0\t1\t0\n"
                          "2020-03\tReuters\t4\t14\t0.285714\n2020-03\tother\t0\t1\t0\n");
    free(got);
    got = render_report(NX_OUT_TEXT, 50, 1, 1);
    ck_assert_ptr_nonnull(strstr(got, "\nsource = Reuters: 12\n"));
    ck_assert_ptr_nonnull(strstr(got, "\nsource = other: 0\n"));
    free(got);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("back ends");
    suite_add_tcase(s, tc);
    tcase_add_test(tc, test_json);
    tcase_add_test(tc, test_jsonl);
    tcase_add_test(tc, test_info);
    tcase_add_test(tc, test_count);
    tcase_add_test(tc, test_fields);
    tcase_add_test(tc, test_summary_null_version);
    tcase_add_test(tc, test_wrap);
    tcase_add_test(tc, test_format_names);
    tcase_add_test(tc, test_report_timeline);
    tcase_add_loop_test(tc, test_line_formats, 0, (int)(sizeof lines / sizeof lines[0]));
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
