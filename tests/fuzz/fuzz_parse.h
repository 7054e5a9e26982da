/* fuzz_parse.h - what the parser targets share: nx_parse_file() (screening,
 * UTF-16 decoding, sniffing, one parser) on the fuzzer's bytes, with the
 * promises of parse.h and article.h checked on what comes back.
 *
 * The five parser targets differ only in the relpath they pass (its
 * extension breaks format ties) and in which inputs they keep: fuzz_parse
 * takes every input and lets the first byte pick the name; the family
 * targets (text, html, nitf, feed) reject (return -1: libFuzzer does not
 * add the input to the corpus) inputs the sniffer would give to another
 * parser, so their corpora stay in one parser's territory. */
#ifndef NEWSINDEX_FUZZ_PARSE_H
#define NEWSINDEX_FUZZ_PARSE_H

#include "fuzz.h"
#include "parse/parse.h"

static nx_sources_t *fuzz_sources;
static nx_parse_ctx_t fuzz_pctx;

static inline void fuzz_parse_cleanup(void)
{
    nx_sources_free(fuzz_sources);
    fuzz_sources = NULL;
    nx_parse_cleanup();
}

/* Once per process: libxml2 set-up and the sources table (the parsers
 * normalise source names with it, as newsindex does). */
static inline void fuzz_parse_setup(void)
{
    char path[PATH_MAX + 32];
    nx_error_t err;
    nx_parse_init();
    FUZZ_REQUIRE(nx_sources_load(fuzz_data_file("sources.tsv", path, sizeof path), &fuzz_sources,
                                 &err) == NX_OK,
                 "%s", err.msg);
    fuzz_pctx.sources = fuzz_sources;
    atexit(fuzz_parse_cleanup);
}

static inline int fuzz_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static inline void fuzz_check_article(const nx_article_t *a, const char *relpath)
{
    static const char *const formats[] = {"text", "html", "nitf", "rss", "atom", "xml", NULL};
    FUZZ_CHECK(a != NULL);
    FUZZ_CHECK(a->id && a->path && a->format);
    FUZZ_CHECK(strcmp(a->path, relpath) == 0);
    /* The id is the path, or the path, '#' and the item's guid or link. */
    FUZZ_CHECK(fuzz_starts_with(a->id, relpath));
    FUZZ_CHECK(a->id[strlen(relpath)] == '\0' || a->id[strlen(relpath)] == '#');
    int known = 0;
    for (int i = 0; formats[i]; i++)
        known |= strcmp(a->format, formats[i]) == 0;
    FUZZ_CHECK(known);
    fuzz_check_utf8(a->id);
    const char *const fields[] = {a->title, a->standfirst, a->source, a->byline, a->dateline};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i]) {
            FUZZ_CHECK(fields[i][0] != '\0'); /* empty fields are NULL */
            fuzz_check_clean(fields[i], strlen(fields[i]));
        }
    if (a->text.len) {
        FUZZ_CHECK(a->text.data && a->text.data[a->text.len] == '\0');
        FUZZ_CHECK(strlen(a->text.data) == a->text.len);
        fuzz_check_clean(a->text.data, a->text.len);
    }
    /* Parsers set content dates only; the later stages add the others. */
    FUZZ_CHECK(a->date_origin == NX_DATE_NONE || a->date_origin == NX_DATE_CONTENT);
    if (a->date_origin == NX_DATE_CONTENT)
        FUZZ_CHECK(nx_date_valid(&a->date));
    FUZZ_CHECK(a->ncountries == 0 && a->ntopics == 0);
    /* An article with nothing in it is dropped by nx_parse_file. */
    FUZZ_CHECK(a->title || a->standfirst || a->text.len);
}

/* Parse data as the file relpath and check the result. */
static inline void fuzz_parse_run(const char *relpath, const uint8_t *data, size_t size)
{
    nx_article_list_t list = {0};
    nx_error_t err;
    nx_status_t st = nx_parse_file(&fuzz_pctx, relpath, (const char *)data, size, &list, &err);
    if (st == NX_OK) {
        FUZZ_CHECK(list.n >= 1);
        for (size_t i = 0; i < list.n; i++)
            fuzz_check_article(list.v[i], relpath);
    } else {
        /* On failure nothing is appended, and err says why. */
        FUZZ_CHECK(list.n == 0);
        FUZZ_CHECK(err.code == st && err.msg[0] != '\0');
    }
    nx_article_list_clear(&list);
}

/* The format the sniffer gives data's bytes once NUL bytes are dropped (as
 * nx_parse_file's screening does for 8-bit text; UTF-16 input comes out
 * near enough for steering a corpus). */
static inline nx_format_t fuzz_sniff(const uint8_t *data, size_t size, const char *relpath)
{
    char *s = malloc(size + 1);
    FUZZ_REQUIRE(s, "out of memory");
    size_t o = 0;
    for (size_t i = 0; i < size; i++)
        if (data[i])
            s[o++] = (char)data[i];
    s[o] = '\0';
    nx_format_t f = nx_parse_sniff(s, o, relpath);
    free(s);
    return f;
}

/* The body of a family target: inputs that the sniffer gives to another
 * parser are rejected (-1) without being parsed. */
static inline int fuzz_parse_family(const uint8_t *data, size_t size, const char *relpath,
                             nx_format_t want1, nx_format_t want2)
{
    nx_format_t f = fuzz_sniff(data, size, relpath);
    if (f != want1 && f != want2)
        return -1;
    fuzz_parse_run(relpath, data, size);
    return 0;
}

/* A family target's two entry points: the file is named relpath, inputs
 * the sniffer gives neither want1 nor want2 are rejected. */
#define FUZZ_PARSE_FAMILY(relpath, want1, want2)                                                  \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                             \
    {                                                                                             \
        (void)argc;                                                                               \
        (void)argv;                                                                               \
        fuzz_parse_setup();                                                                       \
        return 0;                                                                                 \
    }                                                                                             \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                  \
    {                                                                                             \
        return fuzz_parse_family(data, size, relpath, want1, want2);                              \
    }

#endif
