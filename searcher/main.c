/* main.c - the newssearch command line: options, help, messages and exit
 * status. What a search does is search.c's; how it looks, print/. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facets.h"
#include "hits.h"
#include "newsindex/schema.h"
#include "newsindex/text.h"
#include "print/print.h"
#include "saved.h"
#include "search.h"

#ifndef NX_VERSION
#define NX_VERSION "0.1.0"
#endif

enum { EXIT_MATCH = 0, EXIT_NO_MATCH = 1, EXIT_ERROR = 2, EXIT_NETWORK = 3 };

/* The format that errors are also told in on stdout: a JSON format, as
 * an error object (errors of the options before --format is read are
 * told only on stderr); else NX_OUT_TEXT, nothing on stdout. */
static nx_out_format_t error_format = NX_OUT_TEXT;

/* A failure: one line "newssearch: MESSAGE" on stderr, control characters
 * (a newline in a query word) shown as spaces; under a JSON format also
 * the error object on stdout, with status (status_word's words, "usage"
 * for the command line). */
static void say(const char *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const char *status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    fprintf(stderr, "newssearch: %s\n", msg);
    if (error_format == NX_OUT_JSON || error_format == NX_OUT_JSONL) {
        nx_printer_t p;
        nx_printer_init(&p, error_format, stdout);
        nx_print_error(&p, status, msg);
        fflush(stdout);
    }
}

/* The width of the examples column in --help. */
#define HELP_COLUMN 23

static void help_line(FILE *f, const char *example, const char *what)
{
    if (!what)
        fprintf(f, "  %s\n", example);
    else if (strlen(example) < HELP_COLUMN)
        fprintf(f, "  %-*s%s\n", HELP_COLUMN, example, what);
    else
        fprintf(f, "  %s   %s\n", example, what);
}

static void usage(FILE *f)
{
    char facets[128];
    nx_facets_names(",", facets, sizeof facets);
    fputs("Usage: newssearch --db PATH [OPTION]... [QUERY]...\n"
          "Search a newsindex index: ranked results with highlighted snippets and facets.\n"
          "\n"
          "Query syntax (words are ANDed; the query is every argument that is not an\n"
          "option, joined; after its first word a -word is a query word; -- ends options):\n",
          f);
    help_line(f, "oil prices", "both words (stemmed: 'price' matches 'prices')");
    help_line(f, "oil OR gas   oil -gas", "either word; oil but not gas (also NOT)");
    help_line(f, "-- -gas   *", "every article but those with gas; every article");
    help_line(f, "\"exact phrase\"", "a phrase;  opec NEAR output  words close together");
    help_line(f, "sanction*", "a wildcard");
    /* The fields, from the schema (lib/schema.c). */
    for (size_t i = 0; i < NX_NFIELDS; i++)
        if ((nx_fields[i].flags & NX_FIELD_QUERY) && nx_fields[i].example)
            help_line(f, nx_fields[i].example, nx_fields[i].help);
    help_line(f, "date:yesterday..  date:2w..", "days back from today: today, yesterday, 3d, 2w, 6M, 1y");
    fprintf(f,
            "\n"
            "Options:\n"
            "  -d, --db PATH          the index (default $NEWSINDEX_DB); again to search several\n"
            "                         as one, or a stub file or directory of shards\n"
            "      --timeout SECS     remote shards: give up on one after SECS (default 10)\n"
            "      --allow-partial    leave out shards that cannot be reached, with a warning\n"
            "  -n, --limit N          show N hits (default 10)\n"
            "      --offset N         skip the first N hits (paging)\n"
            "      --any              match any word instead of all of them\n"
            "      --strict           all words, even when no article has them all (by\n"
            "                         default the search then shows those with most)\n"
            "      --sort ORDER       relevance (default), date (oldest first), -date (newest\n"
            "                         first), source, year; --reverse turns a field's order\n"
            "      --count            print only the number of matches\n"
            "      --all              every matching document (no limit); with no query, the\n"
            "                         whole index: newssearch --all --format jsonl exports it\n"
            "      --country C, --topic T, --source S, --since DATE, --until DATE\n"
            "                         filters, the same as country:C ... in the query\n"
            "      --facets[=LIST]    counts per value over all matches: %s\n"
            "  -f, --format FMT       text (default), json, jsonl, tsv, paths\n"
            "      --fields LIST      only these keys of each hit, in this order (id,date,title)\n"
            "  -0, --null             paths ended by NUL, for xargs -0 (--format paths)\n"
            "      --summary          jsonl: a last line {\"type\": \"summary\", total, ...}\n"
            "      --format-version N the JSON shapes of version N (%d to %d; default %d)\n"
            "      --color WHEN       auto (default: on a terminal, not TERM=dumb, no NO_COLOR),\n"
            "                         always, never\n"
            "      --highlight S,E    markers around matched words outside a terminal\n"
            "                         (default '[,]')\n"
            "      --snippet-length N snippet size in bytes (default 200)\n"
            "      --no-snippets      no snippets (faster)\n"
            "      --text             each hit's whole text, as \"text\" (json, jsonl)\n"
            "      --show ID          one article whole: its fields, then its text (json: an\n"
            "                         object with \"text\")\n"
            "      --no-spelling      no 'Did you mean' suggestions\n"
            "      --info             what the index holds: documents, dates, sources, ...;\n"
            "                         with --facets=LIST, every value of those facets\n"
            "      --max-terms N      terms a query may hold (default %d)\n"
            "      --max-expansion N  words one wildcard may match (default %d)\n"
            "      --wildcard-mode M  past that: error (default), or frequent (its N most\n"
            "                         frequent words)\n"
            "      --title-weight W   how much more a word weighs in the title (default %g;\n"
            "                         0: as in the text)\n"
            "      --bm25 K1,B        BM25's parameters (default %g,%g)\n"
            "      --no-collapse      every near-duplicate its own hit (by default one hit a\n"
            "                         story: '+N similar', its first and last day, sources)\n"
            "      --count-by WHAT    facets count stories or articles (default: what the\n"
            "                         hits are: stories, articles with --no-collapse)\n"
            "      --similar ID       the articles most like article ID\n"
            "      --dups ID          article ID's near-duplicates, oldest first\n"
            "      --timeline-of ID   article ID's story in date order, one line each, over\n"
            "                         --days N either side (default %d)\n"
            "      --timeline IV      matches per day, week, month or year, beside all documents\n"
            "                         of the same filters: a bar chart, or the numbers\n"
            "      --by FIELD[:N]     with --timeline: a series per source, country or topic\n"
            "                         (the top N, default 5, and 'other')\n"
            "      --coverage         each source's first and last article, rate and gaps\n"
            "      --top-terms N      the N words most characteristic of the matches\n"
            "      --save NAME QUERY  save the query and its filters as NAME (for this index)\n"
            "      --saved NAME       run saved search NAME; with --new, only the matches it has\n"
            "                         not shown before (exit 1 when there are none)\n"
            "      --list-saved, --delete-saved NAME\n"
            "  -h, --help             show this help;  -V, --version  show the version\n"
            "\n"
            "Examples:\n"
            "  newssearch --db news.db lavrov islamabad\n"
            "  newssearch --db news.db '\"berlin wall\"' country:germany --sort -date\n"
            "  newssearch --db news.db election --country taiwan --since 2020 --until 2024\n"
            "  newssearch --db news.db --facets country,topic president\n"
            "  newssearch --db news.db --format json -n 5 president | jq '.hits[].title'\n"
            "  newssearch --db news.db --all --format jsonl\n"
            "  newssearch --db news.db --fields date,source,title --sort -date --since 2020\n"
            "  newssearch --db news.db -0 pipeline | xargs -0 ls -l\n"
            "  newssearch --db news.db --info\n"
            "  newssearch --db news.db --timeline-of archive/2021/04/08/russia-pakistan-lavrov.txt --days 3\n"
            "\n"
            "Exit status: 0 something matched, 1 nothing matched, 2 error.\n",
            facets, NX_FORMAT_VERSION_MIN, NX_FORMAT_VERSION, NX_FORMAT_VERSION,
            NX_QUERY_MAX_TERMS, NX_QUERY_MAX_EXPANSION, NX_QUERY_TITLE_WEIGHT, NX_BM25_K1,
            NX_BM25_B, NX_STORY_DAYS);
}

/* A whole number from lo to hi (digits only: no sign, no space). */
static int parse_uint_in(const char *opt, const char *s, unsigned long lo, unsigned long hi,
                         unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || !(*s >= '0' && *s <= '9') || errno == ERANGE || v < lo || v > hi) {
        say("usage", "%s: use a whole number from %lu to %lu, not '%s'", opt, lo, hi, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_uint(const char *opt, const char *s, unsigned *out)
{
    return parse_uint_in(opt, s, 0, UINT32_MAX, out);
}

/* What the command line says besides the request: how to print. */
typedef struct {
    nx_out_format_t format;
    int color;             /* -1 auto, 0 never, 1 always */
    const char *highlight; /* "START,END", or NULL */
    const char *facets;    /* NULL: none; "" or "all": every facet */
    const char *save, *saved, *delete_saved; /* --save, --saved, --delete-saved NAME */
    int new_only, list_saved;                /* --new, --list-saved */
    int version;                             /* --format-version */
    const char *fields[NX_HIT_MAX_FIELDS];   /* --fields, in order */
    size_t nfields;
    int summary, null;                       /* --summary, -0 */
    const char *show;                        /* --show ID */
} cli_t;

/* --sort [+|-]FIELD: relevance, or a field with a value slot that orders
 * (date, source, year); '-' newest or last first. */
static int parse_sort(const char *arg, nx_request_t *o)
{
    const char *name = arg + (*arg == '-' || *arg == '+');
    if (strcmp(name, "relevance") == 0 && *arg != '-') {
        o->sort = XAP_SORT_RELEVANCE;
        return 0;
    }
    const nx_field_t *f = nx_field_named(name);
    if (f && f->slot >= 0 && !(f->flags & NX_FIELD_MULTI) && f->kind != NX_KIND_STORED) {
        o->sort = *arg == '-' ? XAP_SORT_VALUE_DESC : XAP_SORT_VALUE_ASC;
        o->sort_slot = (unsigned)f->slot;
        return 0;
    }
    say("usage", "--sort: use relevance, or date, source or year (-date: newest first), not '%s'",
        arg);
    return -1;
}

/* --fields a,b,c: the hit keys to show (hits.h's nx_hit_fields). */
static int parse_fields(const char *arg, cli_t *cli)
{
    cli->nfields = 0;
    const char *p = arg;
    for (;;) {
        size_t n = strcspn(p, ",");
        const char *key = NULL;
        for (size_t i = 0; nx_hit_fields[i]; i++)
            if (strlen(nx_hit_fields[i]) == n && strncmp(nx_hit_fields[i], p, n) == 0)
                key = nx_hit_fields[i];
        if (!key) {
            char all[512];
            size_t k = 0;
            for (size_t i = 0; nx_hit_fields[i] && k < sizeof all; i++)
                k += (size_t)snprintf(all + k, sizeof all - k, "%s%s", i ? "," : "",
                                      nx_hit_fields[i]);
            say("usage", "--fields: no field '%.*s' (the fields: %s)", (int)n, p, all);
            return -1;
        }
        if (cli->nfields == NX_HIT_MAX_FIELDS) {
            say("usage", "--fields: at most %d fields", NX_HIT_MAX_FIELDS);
            return -1;
        }
        cli->fields[cli->nfields++] = key;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

/* --bm25 K1,B: BM25's k1 (how fast a word's weight saturates with its
 * count, 0 to 10) and b (how much a long article's counts are scaled
 * down, 0 to 1). */
static int parse_bm25(const char *arg, nx_query_limits_t *lim)
{
    char *end;
    errno = 0;
    double k1 = strtod(arg, &end), b = -1;
    if (end != arg && *end == ',') {
        const char *bs = end + 1;
        b = strtod(bs, &end);
        if (end == bs)
            b = -1;
    }
    if (errno || *end || !(k1 >= 0 && k1 <= 10) || !(b >= 0 && b <= 1)) {
        say("usage", "--bm25: give K1,B (K1 from 0 to 10, B from 0 to 1; default %g,%g), not '%s'",
            NX_BM25_K1, NX_BM25_B, arg);
        return -1;
    }
    lim->bm25_k1 = k1;
    lim->bm25_b = b;
    return 0;
}

/* The options of newssearch. */
enum { OPT_OFFSET = 256, OPT_ANY, OPT_SORT, OPT_COUNT, OPT_ALL, OPT_COUNTRY, OPT_TOPIC,
       OPT_SOURCE, OPT_SINCE, OPT_UNTIL, OPT_FACETS, OPT_COLOR, OPT_HIGHLIGHT, OPT_SNIPLEN,
       OPT_NO_SNIPPETS, OPT_NO_SPELLING, OPT_INFO, OPT_MAX_TERMS, OPT_MAX_EXPANSION,
       OPT_WILDCARD_MODE, OPT_TITLE_WEIGHT, OPT_STRICT, OPT_TEXT, OPT_TIMELINE, OPT_BY,
       OPT_COVERAGE, OPT_TOP_TERMS, OPT_SAVE, OPT_SAVED, OPT_NEW, OPT_LIST_SAVED,
       OPT_DELETE_SAVED, OPT_FIELDS, OPT_REVERSE, OPT_FORMAT_VERSION, OPT_SUMMARY, OPT_BM25,
       OPT_NO_COLLAPSE, OPT_COUNT_BY, OPT_SIMILAR, OPT_DUPS, OPT_TIMELINE_OF, OPT_DAYS,
       OPT_TIMEOUT, OPT_ALLOW_PARTIAL, OPT_SHOW };
static const struct option lopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
    {"limit", required_argument, NULL, 'n'},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"any", no_argument, NULL, OPT_ANY},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"text", no_argument, NULL, OPT_TEXT},
    {"show", required_argument, NULL, OPT_SHOW},
    {"sort", required_argument, NULL, OPT_SORT},
    {"reverse", no_argument, NULL, OPT_REVERSE},
    {"fields", required_argument, NULL, OPT_FIELDS},
    {"null", no_argument, NULL, '0'},
    {"format-version", required_argument, NULL, OPT_FORMAT_VERSION},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"bm25", required_argument, NULL, OPT_BM25},
    {"no-collapse", no_argument, NULL, OPT_NO_COLLAPSE},
    {"count-by", required_argument, NULL, OPT_COUNT_BY},
    {"similar", required_argument, NULL, OPT_SIMILAR},
    {"dups", required_argument, NULL, OPT_DUPS},
    {"timeline-of", required_argument, NULL, OPT_TIMELINE_OF},
    {"days", required_argument, NULL, OPT_DAYS},
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
    {"max-terms", required_argument, NULL, OPT_MAX_TERMS},
    {"max-expansion", required_argument, NULL, OPT_MAX_EXPANSION},
    {"title-weight", required_argument, NULL, OPT_TITLE_WEIGHT},
    {"wildcard-mode", required_argument, NULL, OPT_WILDCARD_MODE},
    {"timeline", required_argument, NULL, OPT_TIMELINE},
    {"by", required_argument, NULL, OPT_BY},
    {"coverage", no_argument, NULL, OPT_COVERAGE},
    {"top-terms", required_argument, NULL, OPT_TOP_TERMS},
    {"save", required_argument, NULL, OPT_SAVE},
    {"saved", required_argument, NULL, OPT_SAVED},
    {"new", no_argument, NULL, OPT_NEW},
    {"list-saved", no_argument, NULL, OPT_LIST_SAVED},
    {"delete-saved", required_argument, NULL, OPT_DELETE_SAVED},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* The short options; those that take a value. */
#define SHORT_OPTS "+:d:n:f:hV0" /* '+': split_args has ordered argv; ':': say it here */
#define SHORT_VALUED "dnf"

/* The long option that a ("--name" or "--name=value") names, exactly or
 * by a unique prefix as getopt_long allows; NULL when none or ambiguous. */
static const struct option *long_option(const char *a)
{
    const char *name = a + 2;
    size_t n = strcspn(name, "=");
    const struct option *shortest = NULL;
    for (const struct option *o = lopts; o->name; o++) {
        if (strncmp(o->name, name, n) != 0)
            continue;
        if (strlen(o->name) == n)
            return o;
        if (!shortest || strlen(o->name) < strlen(shortest->name))
            shortest = o;
    }
    /* An abbreviation of one option, or of options whose names all start
     * with the shortest's (--form: --format, not --format-version). */
    for (const struct option *o = lopts; shortest && o->name; o++)
        if (strncmp(o->name, name, n) == 0 && o->val != shortest->val &&
            strncmp(o->name, shortest->name, strlen(shortest->name)) != 0)
            return NULL; /* ambiguous */
    return shortest;
}

/* Does the short-option word a ("-n", "-n5", "-hV") end with an option
 * whose value is the next word? */
static int short_wants_next(const char *a)
{
    for (const char *p = a + 1; *p; p++)
        if (strchr(SHORT_VALUED, *p))
            return p[1] == '\0';
    return 0;
}

/* The command line, as people type it (issue 18): split argv into the
 * options with their values (opts, for getopt_long, argv[0] first) and
 * the query's words (words). Before the first query word every word that
 * starts with '-' is an option, as getopt_long reads them. After it, a
 * long option (--country pk) and a short option standing alone as its
 * own word (-n 5, -f json, -d PATH, -h, -V) are still options, and any
 * other word that starts with '-' is a query word: "chelsea -mourinho"
 * is chelsea but not mourinho. "--" ends the options: every word after
 * it is a query word ("-- -blair"). An option that takes a value takes
 * the next word whatever it is (--sort -date); a bare --facets takes the
 * next word only when it names facets or holds a comma (--facets
 * countries yukos), and otherwise leaves it to the query. Both arrays
 * hold at most argc + 1 pointers; they end with NULL. */
static void split_args(int argc, char **argv, char **opts, int *nopts, char **words, int *nwords)
{
    int no = 0, nw = 0;
    opts[no++] = argv[0];
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                words[nw++] = argv[i];
            break;
        }
        if (a[0] == '-' && a[1] == '-') {
            const struct option *o = long_option(a);
            const char *eq = strchr(a, '=');
            if (o && strcspn(a + 2, "=") < strlen(o->name) && o->has_arg != optional_argument) {
                /* an abbreviation, as its whole name for getopt_long,
                 * which would find "--form" ambiguous */
                static char full[sizeof lopts / sizeof lopts[0]][32];
                char *f = full[o - lopts];
                snprintf(f, sizeof full[0], "--%s", o->name);
                opts[no++] = f;
                if (eq)
                    opts[no++] = (char *)eq + 1;
                else if (o->has_arg == required_argument && i + 1 < argc)
                    opts[no++] = argv[++i];
                continue;
            }
            opts[no++] = a;
            if (o && !eq && i + 1 < argc &&
                (o->has_arg == required_argument ||
                 (o->has_arg == optional_argument && nx_facets_is_list(argv[i + 1]))))
                opts[no++] = argv[++i];
            continue;
        }
        int lone = a[0] == '-' && a[1] && !a[2] && a[1] != ':' && strchr(SHORT_OPTS + 2, a[1]);
        if (a[0] == '-' && a[1] && (nw == 0 || lone)) {
            opts[no++] = a;
            if (short_wants_next(a) && i + 1 < argc)
                opts[no++] = argv[++i];
            continue;
        }
        words[nw++] = a;
    }
    opts[no] = words[nw] = NULL;
    *nopts = no;
    *nwords = nw;
}

/* Read the options (argv: split_args's opts) into o and cli. Returns -1
 * after a message (exit 2), 1 when done (--help, --version), 0 to go on. */
static int parse_options(int argc, char **argv, nx_request_t *req, cli_t *cli)
{
    nx_request_t o;
    memset(&o, 0, sizeof o);
    o.db_path = getenv("NEWSINDEX_DB");
    o.limit = 10;
    o.spelling = 1;
    o.snippets = 1;
    o.snippet_len = 200;
    o.days = NX_STORY_DAYS;
    nx_query_limits_default(&o.limits);
    nx_out_format_t format = NX_OUT_TEXT;
    int color = -1;
    const char *highlight = NULL;
    const char *facets = NULL, *show = NULL;
    cli_t saves = {0}; /* and the other settings of cli */
    int format_given = 0, reverse = 0, days_given = 0, count_by_given = 0;
    int c;
    unsigned u;
    /* The format first, so that an error in an option before it is told
     * in it too. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const struct option *lo = a[0] == '-' && a[1] == '-' ? long_option(a) : NULL;
        if (lo && lo->val == 'f')
            v = strchr(a, '=') ? strchr(a, '=') + 1 : i + 1 < argc ? argv[i + 1] : NULL;
        else if (a[0] == '-' && a[1] == 'f')
            v = a[2] ? a + 2 : i + 1 < argc ? argv[i + 1] : NULL;
        nx_out_format_t fmt;
        if (v && nx_out_format_parse(v, &fmt) == 0)
            error_format = fmt;
    }
    opterr = 0;
    int at = optind; /* the word getopt_long is reading */
    while ((c = getopt_long(argc, argv, SHORT_OPTS, lopts, NULL)) != -1) {
        /* An empty value ("--country ''") is no filter: say so rather than
         * search for nothing. */
        if (optarg && !*optarg && c != OPT_HIGHLIGHT && c != OPT_FACETS) {
            say("usage", "%s needs a value, not an empty one", argv[at]);
            return -1;
        }
        switch (c) {
        case 'd':
            if (o.ndbs == NX_MAX_DBS) {
                say("usage", "--db: at most %d (list more shards in a stub file)", NX_MAX_DBS);
                return -1;
            }
            o.dbs[o.ndbs++] = optarg;
            break;
        case OPT_TIMEOUT:
            if (parse_uint("--timeout", optarg, &u))
                return -1;
            if (u == 0 || u > 86400) {
                say("usage", "--timeout: '%s' is not a number of seconds from 1 to 86400", optarg);
                return -1;
            }
            o.timeout_ms = u * 1000;
            break;
        case OPT_ALLOW_PARTIAL: o.allow_partial = 1; break;
        case 'n':
            if (parse_uint("--limit", optarg, &o.limit))
                return -1;
            break;
        case OPT_OFFSET:
            if (parse_uint("--offset", optarg, &o.offset))
                return -1;
            break;
        case OPT_ANY: o.any = 1; break;
        case OPT_STRICT: o.strict = 1; break;
        case OPT_TEXT: o.text = 1; break;
        case OPT_SHOW: show = optarg; break;
        case OPT_SORT:
            if (parse_sort(optarg, &o))
                return -1;
            break;
        case OPT_REVERSE: reverse = 1; break;
        case OPT_FIELDS:
            if (parse_fields(optarg, &saves))
                return -1;
            break;
        case '0': saves.null = 1; break;
        case OPT_SUMMARY: saves.summary = 1; break;
        case OPT_FORMAT_VERSION:
            if (parse_uint_in("--format-version", optarg, NX_FORMAT_VERSION_MIN,
                              NX_FORMAT_VERSION, &u))
                return -1;
            saves.version = (int)u;
            break;
        case OPT_BM25:
            if (parse_bm25(optarg, &o.limits))
                return -1;
            break;
        case OPT_NO_COLLAPSE: o.no_collapse = 1; break;
        case OPT_COUNT_BY:
            count_by_given = 1;
            if (strcmp(optarg, "story") == 0) {
                o.count_articles = 0;
                o.count_stories_asked = 1;
            } else if (strcmp(optarg, "article") == 0) {
                o.count_articles = 1;
                o.count_stories_asked = 0;
            } else {
                say("usage", "--count-by: use story or article, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_SIMILAR:
        case OPT_DUPS:
        case OPT_TIMELINE_OF:
            o.story = c == OPT_SIMILAR ? NX_STORY_SIMILAR
                      : c == OPT_DUPS  ? NX_STORY_DUPS
                                       : NX_STORY_TIMELINE;
            o.story_id = optarg;
            break;
        case OPT_DAYS:
            if (parse_uint_in("--days", optarg, 0, 36500, &o.days))
                return -1;
            days_given = 1;
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
             * word (split_args put it here when it names facets). */
            facets = optarg ? optarg : "";
            if (!optarg && optind < argc && nx_facets_is_list(argv[optind]))
                facets = argv[optind++];
            break;
        case 'f':
            if (nx_out_format_parse(optarg, &format) == 0) {
                error_format = format;
                format_given = 1;
            }
            else {
                say("usage", "--format: use %s, not '%s'", nx_out_format_names(), optarg);
                return -1;
            }
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                color = -1;
            else if (strcmp(optarg, "always") == 0)
                color = 1;
            else if (strcmp(optarg, "never") == 0)
                color = 0;
            else {
                say("usage", "--color: use auto, always or never, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_HIGHLIGHT:
            if (!strchr(optarg, ',')) {
                say("usage", "--highlight: give START,END (for example '<b>,</b>')");
                return -1;
            }
            highlight = optarg;
            break;
        case OPT_SNIPLEN:
            if (parse_uint("--snippet-length", optarg, &u))
                return -1;
            o.snippet_len = u;
            break;
        case OPT_NO_SNIPPETS: o.snippets = 0; break;
        case OPT_NO_SPELLING: o.spelling = 0; break;
        case OPT_INFO: o.info = 1; break;
        case OPT_MAX_TERMS:
            if (parse_uint_in("--max-terms", optarg, 1, 1000000, &o.limits.max_terms))
                return -1;
            break;
        case OPT_MAX_EXPANSION:
            if (parse_uint_in("--max-expansion", optarg, 1, 1000000, &o.limits.max_expansion))
                return -1;
            break;
        case OPT_TITLE_WEIGHT: {
            char *end;
            errno = 0;
            double w = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(w >= 0 && w <= 100)) {
                say("usage", "--title-weight: use a number from 0 to 100, not '%s'", optarg);
                return -1;
            }
            o.limits.title_weight = w;
            break;
        }
        case OPT_WILDCARD_MODE:
            if (strcmp(optarg, "error") == 0)
                o.limits.most_frequent = 0;
            else if (strcmp(optarg, "frequent") == 0)
                o.limits.most_frequent = 1;
            else {
                say("usage", "--wildcard-mode: use error or frequent, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_TIMELINE:
            o.report.kind = NX_REPORT_TIMELINE;
            if (nx_interval_parse(optarg, &o.report.interval)) {
                say("usage", "--timeline: use day, week, month or year, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_BY:
            if (nx_report_by_parse(optarg, &o.report)) {
                say("usage", "--by: use source, country or topic (':N' for N series), not '%s'",
                    optarg);
                return -1;
            }
            break;
        case OPT_COVERAGE: o.report.kind = NX_REPORT_COVERAGE; break;
        case OPT_TOP_TERMS:
            o.report.kind = NX_REPORT_TOP_TERMS;
            if (parse_uint("--top-terms", optarg, &o.report.top_terms))
                return -1;
            break;
        case OPT_SAVE: saves.save = optarg; break;
        case OPT_SAVED: saves.saved = optarg; break;
        case OPT_NEW: saves.new_only = 1; break;
        case OPT_LIST_SAVED: saves.list_saved = 1; break;
        case OPT_DELETE_SAVED: saves.delete_saved = optarg; break;
        case 'h': usage(stdout); return 1;
        case 'V': printf("newssearch %s (xapian %s)\n", NX_VERSION, xap_version()); return 1;
        case ':':
            say("usage", "%s needs a value (try 'newssearch --help')", argv[at]);
            return -1;
        default:
            if (argv[at][1] != '-')
                say("usage",
                    "unknown option '%s' (a query word that starts with '-' goes after "
                    "another word, or after --: newssearch -- %s)",
                    argv[at], argv[at]);
            else
                say("usage", "unknown option '%s' (try 'newssearch --help')", argv[at]);
            return -1;
        }
        at = optind;
    }
    if (optind < argc) { /* split_args leaves no word that is not an option */
        say("usage", "unexpected argument '%s'", argv[optind]);
        return -1;
    }
    const char *name = saves.save ? saves.save : saves.saved ? saves.saved : saves.delete_saved;
    if (name && !nx_saved_name_ok(name)) {
        say("usage", "'%s': a saved search's name is 1 to 64 letters, digits, '.', '_' or '-'",
            name);
        return -1;
    }
    if (!!saves.save + !!saves.saved + !!saves.delete_saved + saves.list_saved > 1) {
        say("usage", "one of --save, --saved, --list-saved, --delete-saved at a time");
        return -1;
    }
    if (saves.new_only && !saves.saved) {
        say("usage", "--new goes with --saved NAME");
        return -1;
    }
    if (reverse && o.sort == XAP_SORT_RELEVANCE) {
        say("usage", "--reverse goes with --sort FIELD (relevance has no reverse)");
        return -1;
    }
    if (reverse)
        o.sort = o.sort == XAP_SORT_VALUE_ASC ? XAP_SORT_VALUE_DESC : XAP_SORT_VALUE_ASC;
    if (saves.null && format_given && format != NX_OUT_PATHS) {
        say("usage", "-0 prints paths: it goes with --format paths, not %s",
            format == NX_OUT_JSON ? "json" : format == NX_OUT_JSONL ? "jsonl"
            : format == NX_OUT_TSV ? "tsv" : "text");
        return -1;
    }
    if (saves.null)
        format = NX_OUT_PATHS;
    if (saves.nfields && format == NX_OUT_PATHS) {
        say("usage", "--fields goes with --format text, json, jsonl or tsv (paths are paths)");
        return -1;
    }
    if (saves.summary && format != NX_OUT_JSONL) {
        say("usage", "--summary goes with --format jsonl (json has the summary already)");
        return -1;
    }
    if (saves.nfields) { /* make what is shown, only that */
        int snippet = 0;
        for (size_t i = 0; i < saves.nfields; i++) {
            o.text |= strcmp(saves.fields[i], "text") == 0;
            snippet |= strcmp(saves.fields[i], "snippet") == 0;
        }
        o.snippets = snippet;
    }
    /* Facets count what the hits are: stories, or with --no-collapse
     * articles. */
    if (!count_by_given)
        o.count_articles = o.no_collapse;
    if (days_given && o.story != NX_STORY_TIMELINE) {
        say("usage", "--days goes with --timeline-of ID");
        return -1;
    }
    if (o.story && (o.report.kind || o.info || o.count_only || o.all)) {
        say("usage", "--similar, --dups and --timeline-of go with no report, --info, --count "
                     "or --all");
        return -1;
    }
    if (show) { /* one article whole, by its id: nothing else to search */
        if (o.all || o.info || o.count_only || o.story || o.report.kind != NX_REPORT_NONE ||
            nx_filters_any(&o.filters) || saves.save || saves.saved || saves.list_saved ||
            saves.delete_saved || saves.nfields || format == NX_OUT_TSV ||
            format == NX_OUT_PATHS) {
            say("usage", "--show ID prints one article: it goes with --db and --format "
                         "text, json or jsonl only");
            return -1;
        }
        o.filters.id = show;
        o.text = 1;
        o.snippets = 0;
        o.limit = 1;
    }
    if (o.report.by && o.report.kind != NX_REPORT_TIMELINE) {
        say("usage", "--by goes with --timeline");
        return -1;
    }
    if (o.ndbs == 0 && o.db_path && *o.db_path)
        o.dbs[o.ndbs++] = o.db_path;
    if (o.ndbs == 0) {
        say("usage", "no index given: use --db PATH (or set NEWSINDEX_DB)");
        return -1;
    }
    o.db_path = o.dbs[0];
    *req = o;
    cli->format = format;
    cli->color = color;
    cli->highlight = highlight;
    cli->facets = facets;
    cli->save = saves.save;
    cli->saved = saves.saved;
    cli->delete_saved = saves.delete_saved;
    cli->new_only = saves.new_only;
    cli->list_saved = saves.list_saved;
    cli->version = saves.version ? saves.version : NX_FORMAT_VERSION;
    memcpy(cli->fields, saves.fields, sizeof saves.fields);
    cli->nfields = saves.nfields;
    cli->summary = saves.summary;
    cli->null = saves.null;
    cli->show = show;
    return 0;
}

/* The query: the query words, joined by spaces (malloc'd; NULL on
 * allocation failure). */
static char *query_text(int argc, char **argv, int first)
{
    nx_buf_t qb = {0};
    for (int i = first; i < argc; i++) {
        if (i > first)
            nx_buf_putc(&qb, ' ');
        nx_buf_puts(&qb, argv[i]);
    }
    return nx_buf_steal(&qb);
}

/* At most this many bytes of the query are echoed in a message. */
#define ECHO_MAX 60

/* The word of a failure's status in a JSON error ("status"). */
static const char *status_word(nx_status_t s)
{
    switch (s) {
    case NX_E_SYNTAX: return "syntax";
    case NX_E_QUERY: return "query";
    case NX_E_LIMIT: return "limit";
    case NX_E_NO_INDEX: return "no_index";
    case NX_E_VERSION: return "version";
    case NX_E_CORRUPT: return "corrupt";
    case NX_E_MODIFIED: return "modified";
    case NX_E_LOCKED: return "locked";
    case NX_E_NOMEM: return "memory";
    case NX_E_IO:
    case NX_E_FULL: return "io";
    case NX_E_INVALID: return "usage";
    case NX_E_NETWORK: return "network";
    default: return "internal";
    }
}

/* One line on stderr for a failed operation (see nx_search_run). */
static void report(nx_status_t s, const nx_error_t *e, const nx_outcome_t *res, const char *db,
                   const char *qtext)
{
    size_t qlen = strlen(qtext), shown = qlen;
    if (shown > ECHO_MAX) { /* cut at a character's start */
        shown = ECHO_MAX;
        while (shown && ((unsigned char)qtext[shown] & 0xC0) == 0x80)
            shown--;
    }
    const char *msg = e->msg[0] ? e->msg : nx_status_str(s), *w = status_word(s);
    if (s == NX_E_NO_INDEX && !res->opened && res->shards <= 1)
        say(w, "%s: no index here (build one with newsindex --db %s DIR)", db, db);
    else if (s == NX_E_SYNTAX)
        say(w, "query syntax error in '%.*s%s': %s", (int)shown, qtext, shown < qlen ? "..." : "",
            msg);
    else if (s == NX_E_LIMIT)
        say(w, "query too large: %s (see Limits in newssearch(1))", msg);
    else if ((s == NX_E_MODIFIED || s == NX_E_CORRUPT || s == NX_E_NO_INDEX || s == NX_E_XAPIAN ||
              s == NX_E_VERSION) && res->shards <= 1)
        say(w, "%s: %s", db, msg);
    else /* the query, a data file, memory, the output */
        say(w, "%s", msg);
}

/* --save, --saved, --list-saved, --delete-saved (saved.h), on s. Returns
 * 1 when that is all (*rc the exit status), 0 to go on with the search
 * --saved NAME set up in o and *qtext (replaced by the saved query). */
static int saved_prepare(nx_request_t *o, const cli_t *cli, char **qtext, nx_saved_t *s, int *rc)
{
    nx_error_t e;
    nx_error_clear(&e);
    const char *name = cli->save ? cli->save : cli->saved ? cli->saved : cli->delete_saved;
    nx_status_t st = nx_saved_init(s, o->db_path, name, &e);
    *rc = EXIT_MATCH;
    int done = 1;
    if (!st && cli->save) {
        if (!**qtext && !nx_filters_any(&o->filters))
            st = nx_error_set(&e, NX_E_INVALID, "--save %s: no query given", name);
        else
            st = nx_saved_save(s, *qtext, o->any, &o->filters, &e);
    } else if (!st && cli->delete_saved) {
        st = nx_saved_delete(s, &e);
    } else if (!st && cli->list_saved) {
        json_t *rep = nx_saved_list(s, &e);
        nx_printer_t pr;
        nx_printer_init(&pr, cli->format, stdout);
        nx_printer_terminal(&pr);
        nx_print_report(&pr, rep);
        *rc = json_array_size(json_object_get(rep, "saved")) ? EXIT_MATCH : EXIT_NO_MATCH;
        json_decref(rep);
    } else if (!st && **qtext) {
        st = nx_error_set(&e, NX_E_INVALID, "--saved %s: the query is the saved one (give no "
                          "words; --save %s QUERY replaces it)", name, name);
    } else if (!st && !(st = nx_saved_load(s, &e))) {
        /* Filters given now win over the saved ones. */
        nx_filters_t f = s->filters;
        const char **mine[] = {&f.country, &f.topic, &f.source, &f.since, &f.until};
        const char *now[] = {o->filters.country, o->filters.topic, o->filters.source,
                             o->filters.since, o->filters.until};
        for (size_t i = 0; i < 5; i++)
            if (now[i])
                *mine[i] = now[i];
        o->filters = f;
        o->any |= s->any;
        char *q = strdup(s->query);
        if (!q)
            st = nx_error_set(&e, NX_E_NOMEM, "out of memory");
        else if (!cli->new_only || !(st = nx_saved_begin_new(s, &e))) {
            free(*qtext);
            *qtext = q;
            q = NULL;
            if (!**qtext && !nx_filters_any(&o->filters))
                o->all = 1;
            if (cli->new_only) {
                o->report.kind = NX_REPORT_NEW;
                o->report.saved = s;
                o->report.sort = o->sort;
                o->report.sort_slot = o->sort_slot;
            }
            done = 0;
        }
        free(q);
    }
    if (st) {
        say(st == NX_E_INVALID ? "usage" : status_word(st), "%s",
            e.msg[0] ? e.msg : nx_status_str(st));
        *rc = EXIT_ERROR;
    }
    if (done) {
        nx_saved_free(s);
        free(*qtext);
        *qtext = NULL;
    }
    return done;
}

int main(int argc, char **argv)
{
    nx_request_t o;
    cli_t cli;
    char **opts = calloc((size_t)argc + 1, sizeof *opts);
    char **words = calloc((size_t)argc + 1, sizeof *words);
    if (!opts || !words) {
        say("memory", "out of memory");
        free(opts);
        free(words);
        return EXIT_ERROR;
    }
    int nopts, nwords;
    split_args(argc, argv, opts, &nopts, words, &nwords);
    int r = parse_options(nopts, opts, &o, &cli);
    char *qtext = r ? NULL : query_text(nwords, words, 0);
    free(opts);
    free(words);
    if (r)
        return r < 0 ? EXIT_ERROR : EXIT_MATCH;
    if (!qtext)
        return EXIT_ERROR;
    nx_saved_t saved = {.lock_fd = -1};
    int saved_rc;
    if ((cli.save || cli.saved || cli.delete_saved || cli.list_saved) &&
        saved_prepare(&o, &cli, &qtext, &saved, &saved_rc))
        return saved_rc;
    if (cli.show && nwords > 0) {
        say("usage", "--show ID takes no query (the id says which article)");
        free(qtext);
        return EXIT_ERROR;
    }
    if (nwords > 0 && strspn(qtext, " \t\n\v\f\r") == strlen(qtext)) {
        say("usage", "the query is blank (give a word, or --all for every document)");
        free(qtext);
        return EXIT_ERROR;
    }
    if (!*qtext && !o.all && !o.info && !o.story && !nx_filters_any(&o.filters) &&
        o.report.kind != NX_REPORT_COVERAGE && o.report.kind != NX_REPORT_TIMELINE) {
        say("usage", "no query given (try --help, or --all for every document)");
        free(qtext);
        return EXIT_ERROR;
    }
    nx_error_t e;
    nx_error_clear(&e);
    if (cli.facets && nx_facets_parse(cli.facets, o.facets, &o.nfacets, &e)) {
        say("usage", "--facets: %s", e.msg);
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
    o.query = qtext;
    char *shown = cli.version >= 2 ? nx_query_shown(qtext, &o.filters) : strdup(qtext);
    if (!shown) {
        say("memory", "out of memory");
        free(qtext);
        return EXIT_ERROR;
    }
    o.shown = shown;

    nx_printer_t pr;
    nx_printer_init(&pr, cli.format, stdout);
    pr.version = cli.version;
    pr.fields = cli.nfields ? cli.fields : NULL;
    pr.nfields = cli.nfields;
    pr.summary = cli.summary;
    pr.path_end = cli.null ? '\0' : '\n';
    pr.show = cli.show != NULL;
    int tty = isatty(1);
    pr.tty = tty;
    nx_printer_terminal(&pr);
    /* auto: on a terminal that shows colour (not TERM=dumb, or unset), unless
     * NO_COLOR is set (no-color.org). */
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    int plain_term = !term || !*term || strcmp(term, "dumb") == 0;
    pr.color = cli.format == NX_OUT_TEXT &&
               (cli.color == 1 || (cli.color == -1 && tty && !plain_term && !(nc && *nc)));
    char *hs = NULL;
    if (pr.color) { /* bold yellow on a terminal */
        pr.hi_start = "\033[1;33m";
        pr.hi_end = "\033[0m";
    } else if (cli.format == NX_OUT_TSV && !cli.highlight) { /* cells: plain text */
        pr.hi_start = pr.hi_end = "";
    } else if (cli.highlight) {
        hs = strdup(cli.highlight);
        if (!hs) {
            free(qtext);
            free(shown);
            return EXIT_ERROR;
        }
        char *comma = strchr(hs, ',');
        *comma = '\0';
        pr.hi_start = hs;
        pr.hi_end = comma + 1;
    }

    nx_outcome_t res;
    nx_error_clear(&e);
    nx_status_t s = nx_search_run(&o, &pr, stdout, &res, &e);
    int rc = s == NX_E_NETWORK ? EXIT_NETWORK
             : s != NX_OK      ? EXIT_ERROR
             : res.matched     ? EXIT_MATCH
                               : EXIT_NO_MATCH;
    if (s != NX_OK)
        report(s, &e, &res, o.db_path, qtext);
    if (s == NX_OK && res.skipped[0])
        fprintf(stderr, "newssearch: warning: results without the shards that did not answer: "
                        "%s\n", res.skipped);
    if (s == NX_OK && cli.show && !res.matched)
        say("no_match", "--show: no article has the id '%s' (the ids are what a search shows)",
            cli.show);
    fflush(stdout);
    /* --new: what was printed is recorded only once it is out. */
    if (s == NX_OK && o.report.saved && (ferror(stdout) || nx_saved_commit(&saved, &e))) {
        say("io", "--new: %s", e.msg[0] ? e.msg : "output error: not recorded");
        rc = EXIT_ERROR;
    }
    nx_saved_free(&saved);
    free(qtext);
    free(shown);
    free(hs);
    return rc;
}
