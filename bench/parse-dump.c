/* parse-dump.c - run the parsers over a directory (or files) and print one
 * JSON line per article: path, id, format, title, date, source, dateline,
 * byline, standfirst and the text's length (or the text with --text).
 * Errors go to stderr as "parse-dump: PATH: REASON". For measuring the
 * parsers before the indexer exists; not installed.
 *
 *   gcc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Iinclude -Iindexer \
 *       lib/article.c lib/status.c lib/text.c lib/date.c lib/source.c lib/dateline.c \
 *       lib/resolve.c indexer/ingest/readfile.c indexer/ingest/decode.c indexer/parse/*.c \
 *       bench/parse-dump.c $(pkg-config --cflags --libs libxml-2.0 zlib jansson) \
 *       -o /tmp/parse-dump
 *   /tmp/parse-dump [--text] [--sources data/sources.tsv] DIR-OR-FILE... > out.jsonl
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "ingest/ingest.h"
#include "parse/parse.h"

static const char *base;
static size_t base_len;
static nx_parse_ctx_t ctx;
static int with_text;
static size_t nfiles, nerrors, narticles;

static void put(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static void one(const char *path)
{
    const char *rel = path;
    if (base_len && strncmp(path, base, base_len) == 0) {
        rel = path + base_len;
        while (*rel == '/')
            rel++;
    }
    nx_error_t err;
    char *data;
    size_t len;
    nfiles++;
    if (nx_read_file(path, NX_MAX_FILE_BYTES, &data, &len, &err) != NX_OK) {
        fprintf(stderr, "parse-dump: %s: %s\n", rel, err.msg);
        nerrors++;
        return;
    }
    nx_article_list_t l = {0};
    if (nx_parse_file(&ctx, rel, data, len, &l, &err) != NX_OK) {
        fprintf(stderr, "parse-dump: %s: %s\n", rel, err.msg);
        nerrors++;
    }
    free(data);
    for (size_t i = 0; i < l.n; i++) {
        nx_article_t *a = l.v[i];
        json_t *o = json_object();
        put(o, "path", a->path);
        put(o, "id", a->id);
        put(o, "format", a->format);
        put(o, "title", a->title);
        if (a->date_origin != NX_DATE_NONE) {
            char iso[32];
            nx_date_format_iso(&a->date, iso);
            put(o, "date", iso);
        } else {
            put(o, "date", NULL);
        }
        put(o, "source", a->source);
        put(o, "dateline", a->dateline);
        put(o, "byline", a->byline);
        put(o, "standfirst", a->standfirst);
        json_object_set_new(o, "countries", json_array());
        json_object_set_new(o, "topics", json_array());
        json_object_set_new(o, "text_len", json_integer((json_int_t)a->text.len));
        if (with_text)
            put(o, "text", a->text.data ? a->text.data : "");
        char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        narticles++;
    }
    nx_article_list_clear(&l);
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *f)
{
    (void)sb;
    (void)f;
    if (type == FTW_F)
        one(path);
    return 0;
}

int main(int argc, char **argv)
{
    const char *sources = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--text"))
            with_text = 1;
        else if (!strcmp(argv[i], "--sources") && i + 1 < argc)
            sources = argv[++i];
        else {
            fprintf(stderr, "usage: parse-dump [--text] [--sources TSV] PATH...\n");
            return 2;
        }
    }
    nx_parse_init();
    nx_sources_t *src = NULL;
    nx_error_t err;
    if (sources && nx_sources_load(sources, &src, &err) != NX_OK) {
        fprintf(stderr, "parse-dump: %s\n", err.msg);
        return 1;
    }
    ctx.sources = src;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (; i < argc; i++) {
        base = argv[i];
        base_len = strlen(base);
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            nftw(argv[i], visit, 32, FTW_PHYS);
        } else {
            /* A single file: its path relative to its directory. */
            const char *sl = strrchr(argv[i], '/');
            base_len = sl ? (size_t)(sl - argv[i]) : 0;
            one(argv[i]);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "parse-dump: %zu files, %zu articles, %zu errors, %.2f s\n", nfiles,
            narticles, nerrors,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    nx_sources_free(src);
    nx_parse_cleanup();
    return 0;
}
