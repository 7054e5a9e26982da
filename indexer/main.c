/* main.c - the newsindex command line: options, what a run says on
 * stderr (the library reports through callbacks; this file prints), the
 * run summary and the exit status. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdarg.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "indexer.h"
#include "newsindex/schema.h"
#include "newsindex/text.h"
#include "newsindex/xap.h"
#include "parse/parse.h"

#ifndef NX_VERSION
#define NX_VERSION "0.1.0"
#endif

/* Exit codes (documented in --help, newsindex(1) and the README). */
enum {
    EXIT_OK = 0,          /* every file indexed, or unchanged */
    EXIT_SOME_FAILED = 1, /* some files newly skipped; the index is updated */
    EXIT_FATAL = 2,       /* nothing was removed (refused, or an error) */
    EXIT_LOCKED = 3,      /* another newsindex holds the index */
    EXIT_INTERRUPTED = 4  /* SIGINT or SIGTERM */
};
#define SUMMARY_VERSION 1
#define MAX_LISTED 100 /* skipped files listed in the summary */

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *f)
{
    fputs("Usage: newsindex --db PATH [OPTION]... [[LABEL=]DIR_OR_FILE]...\n"
          "Index a news archive (plain text, HTML, NITF, RSS/Atom, any of them gzipped)\n"
          "into a Xapian index for newssearch. Re-runs are incremental: unchanged files\n"
          "are skipped, changed files re-indexed, documents of deleted files removed.\n"
          "\n"
          "An index records its roots: each directory named is a root, labelled with\n"
          "its name (or LABEL=DIR), and every document id starts with that label\n"
          "(bbc/tech/001.txt). Later runs update the roots they name, a folder inside a\n"
          "root updates that folder alone, and no name at all updates every root.\n"
          "LABEL=DIR also tells where a root moved.\n"
          "\n"
          "Options:\n"
          "  -d, --db PATH         the index (created if missing; default $NEWSINDEX_DB)\n"
          "      --full            rebuild the index from scratch (every root)\n"
          "      --forget LABEL    remove a root and its documents from the index\n"
          "      --no-prune        keep documents whose files are gone\n"
          "      --allow-shrink    allow a run to remove more than 10% of the documents\n"
          "      --exclude GLOB    skip files and folders matching GLOB (repeatable; with\n"
          "                        a '/', matched against the path inside the root)\n"
          "      --no-default-excludes  also index *~ #*# *.bak *.swp *.swo *.tmp *.part\n"
          "                        *.crdownload (skipped by default)\n"
          "      --follow          follow symbolic links that leave the archive\n"
          "      --retry-failed    read files that failed before even if unchanged\n"
          "      --check           check the index for damage (Xapian's check) and exit\n"
          "      --shard K/N       index only shard K of N of the archive (the files whose\n"
          "                        id hashes to K modulo N), recorded in the index\n"
          "      --shards N        build N shards at once into DB/shard-K, listed in the\n"
          "                        stub file DB/XAPIANDB (newssearch --db DB)\n"
          "      --compact         compact the index (or each shard) in place and exit;\n"
          "                        with INDEX... given, merge them into the new index DB\n"
          "  -b, --batch N         documents per commit (default 2000)\n"
          "  -j, --jobs N          threads (default: the number of cores)\n"
          "      --topics FILE     topic rules to use instead of the default taxonomy\n"
          "      --dup-threshold X  join articles whose bodies' estimated shingle Jaccard\n"
          "                        similarity is at least X into one story (default 0.7)\n"
          "      --no-dedup        no near-duplicate fingerprints or clusters\n"
          "      --max-file-bytes N  skip a file of more than N bytes after decompression\n"
          "                        (default 64M; K, M and G suffixes)\n"
          "      --max-ratio N     skip a gzip file that expands more than N times past its\n"
          "                        first MiB (default 200)\n"
          "      --max-items N     skip a feed of more than N items or entries, or an XML\n"
          "                        collection of more than N records (default 10000)\n"
          "      --max-attrs N     skip a file with an element of more than N attributes\n"
          "                        (default 100)\n"
          "      --max-attr-bytes N  skip a file with an attribute value of more than N\n"
          "                        bytes (default 16M)\n"
          "      --max-depth N     skip a file nesting elements more than N deep (default\n"
          "                        256; libxml2 allows XML no deeper)\n"
          "      --max-nodes N     skip a file of more than N nodes: elements, attributes,\n"
          "                        text, references, comments (default 400000)\n"
          "      --max-text N      index and store at most N bytes of text per article\n"
          "                        (default 1M)\n"
          "      --max-seconds S   skip a file whose parse takes more than S seconds\n"
          "                        (default 10)\n"
          "      --wait[=SECONDS]  wait for another newsindex to finish (default: fail at once;\n"
          "                        --wait alone waits without limit; --wait 600 also works)\n"
          "      --progress        show a progress bar even when stderr is not a terminal\n"
          "      --no-progress     never show a progress bar\n"
          "      --summary-json FILE  write the run summary as JSON to FILE (- for stdout)\n"
          "  -q, --quiet           print only errors\n"
          "  -v, --verbose         print every file added, updated, removed or not read\n"
          "  -h, --help            show this help\n"
          "  -V, --version         show the version\n"
          "\n"
          "Refused, with nothing changed (exit 2): a --db that is a file, a directory of\n"
          "other files, a Xapian database newsindex did not write, or inside, equal to or\n"
          "around a root; a root that is missing, unreadable or empty; a run that would\n"
          "remove more than 10% of the documents (and more than 20) without --allow-shrink.\n"
          "\n"
          "Exit status: 0 all files indexed; 1 some files were skipped for the first time\n"
          "(the index is updated; files still failing as before are only counted); 2 fatal\n"
          "error or refusal, nothing removed; 3 the index is locked by another newsindex;\n"
          "4 interrupted by SIGINT or SIGTERM (an update keeps what it committed; a build\n"
          "from nothing over an existing index is discarded).\n"
          "\n"
          "Examples:\n"
          "  newsindex --db ~/news.db ~/archive            index (or update) an archive\n"
          "  newsindex --db ~/news.db tech=~/bbc/tech sport=~/bbc/sport   two roots\n"
          "  newsindex --db ~/news.db ~/archive/2024       update one folder of a root\n"
          "  newsindex --db ~/news.db                      update every recorded root\n"
          "  newsindex --db ~/news.db --full               rebuild from scratch\n"
          "  newsindex -q --wait=600 --summary-json run.json --db /srv/news.db /srv/archive\n"
          "                                               a nightly cron run\n",
          f);
}

/* ---- what a run says ---- */

typedef struct {
    int verbose;  /* -1 quiet, 0 normal, 1 verbose */
    int progress; /* draw a progress bar */
    double t0, last_draw;
    int drawn;    /* a bar is on the line: end it before printing */
    pthread_mutex_t mu;
    json_t *skipped; /* the first MAX_LISTED skips, for the summary */
    size_t nskipped;
} say_t;

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void end_bar(say_t *y)
{
    if (y->drawn) {
        fputc('\n', stderr);
        y->drawn = 0;
    }
}

/* Print "newsindex: PATH: TEXT" with the path escaped for a terminal. */
static void say_path(say_t *y, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say_path(say_t *y, const char *path, const char *fmt, ...)
{
    char *shown = nx_escape_name(path);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    end_bar(y);
    fprintf(stderr, "newsindex: %s: %s\n", shown ? shown : "?", msg);
    free(shown);
}

static void on_skip(void *ctx, const char *path, nx_skip_t why, const char *reason)
{
    say_t *y = ctx;
    pthread_mutex_lock(&y->mu);
    char *clean = nx_escape_name(reason);
    const char *r = clean ? clean : reason;
    switch (why) {
    case NX_SKIP_LINK_OUTSIDE:
        if (y->verbose > 0)
            say_path(y, path, "not followed: a symbolic link out of the archive (--follow "
                              "follows it)");
        break;
    case NX_SKIP_STILL_FAILING:
        if (y->verbose > 0)
            say_path(y, path, "still skipped: %s (unchanged since; --retry-failed reads it)", r);
        break;
    default:
        say_path(y, path, "skipped: %s%s", r,
                 why == NX_SKIP_DIR ? " (the documents under it are kept)" : "");
        if (y->nskipped++ < MAX_LISTED) {
            char *shown = nx_escape_name(path);
            json_array_append_new(y->skipped, json_pack("{s:s,s:s}", "path", shown ? shown : "",
                                                        "reason", r));
            free(shown);
        }
        break;
    }
    free(clean);
    pthread_mutex_unlock(&y->mu);
}

static void on_did(void *ctx, const char *path, nx_did_t what, size_t ndocs)
{
    say_t *y = ctx;
    if (y->verbose <= 0)
        return;
    pthread_mutex_lock(&y->mu);
    if (what == NX_DID_REMOVE)
        say_path(y, path, "removed (file gone)");
    else
        say_path(y, path, "%s %zu document%s", what == NX_DID_ADD ? "added" : "updated", ndocs,
                 ndocs == 1 ? "" : "s");
    pthread_mutex_unlock(&y->mu);
}

static void on_note(void *ctx, const char *msg)
{
    say_t *y = ctx;
    if (y->verbose < 0)
        return;
    pthread_mutex_lock(&y->mu);
    end_bar(y);
    fprintf(stderr, "newsindex: %s\n", msg);
    pthread_mutex_unlock(&y->mu);
}

static void on_progress(void *ctx, const char *phase, size_t done, size_t total)
{
    say_t *y = ctx;
    if (!y->progress)
        return;
    if (phase) {
        on_note(ctx, phase);
        return;
    }
    double t = mono_s();
    if (t - y->last_draw < 0.2 && done < total)
        return;
    pthread_mutex_lock(&y->mu);
    y->last_draw = t;
    double el = t - y->t0;
    double rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    int width = 30;
    int fill = total ? (int)((double)done * width / (double)total) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.0f files/s  ETA %d:%02d ", fill,
            "##############################", width - fill, "", done, total, rate,
            (int)eta / 60, (int)eta % 60);
    y->drawn = 1;
    pthread_mutex_unlock(&y->mu);
}

/* ---- the summary ---- */

static json_t *iso_time(time_t t)
{
    char buf[32];
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(buf);
}

static int write_summary(const char *file, const nx_index_config_t *cfg, const nx_progress_t *p,
                         nx_status_t s, const nx_error_t *err, int rc, time_t start,
                         const say_t *y)
{
    json_t *roots = json_array();
    for (size_t i = 0; i < p->roots.n; i++) {
        char *path = nx_escape_name(p->roots.v[i].path);
        json_array_append_new(roots, json_pack("{s:s,s:s}", "label", p->roots.v[i].label,
                                               "path", path ? path : ""));
        free(path);
    }
    static const char *const status[] = {"ok", "some files skipped", "error", "locked",
                                         "interrupted"};
    char *db = nx_escape_name(cfg->db_path);
    json_t *o = json_pack(
        "{s:i,s:o,s:o,s:f,s:s,s:o,s:i,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:b}",
        "format_version", SUMMARY_VERSION, "start", iso_time(start), "end", iso_time(time(NULL)),
        "seconds", p->seconds, "db", db ? db : "", "roots", roots, "exit", rc, "status",
        status[rc], "files", (json_int_t)p->files, "added", (json_int_t)p->added, "updated",
        (json_int_t)p->updated, "unchanged", (json_int_t)p->unchanged, "removed",
        (json_int_t)p->removed, "failed", (json_int_t)p->failed, "still_failing",
        (json_int_t)p->still_failing, "not_followed", (json_int_t)p->not_followed,
        "documents_before", (json_int_t)p->docs_before, "documents", (json_int_t)p->docs_total,
        "interrupted", p->interrupted);
    free(db);
    if (!o)
        return -1;
    if (s)
        json_object_set_new(o, "error", json_string(err->msg));
    if (p->would_remove)
        json_object_set_new(o, "would_remove", json_integer((json_int_t)p->would_remove));
    if (!cfg->no_dedup && !s && !p->interrupted) { /* the clusters the run ended with */
        json_object_set_new(o, "clusters", json_integer((json_int_t)p->clusters));
        json_object_set_new(o, "clustered", json_integer((json_int_t)p->clustered));
        json_object_set_new(o, "reclustered", json_integer((json_int_t)p->reclustered));
    }
    json_object_set(o, "skipped", y->skipped);
    json_object_set_new(o, "skipped_total", json_integer((json_int_t)y->nskipped));
    int ret;
    if (strcmp(file, "-") == 0) {
        ret = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    } else {
        ret = json_dump_file(o, file, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    }
    json_decref(o);
    return ret;
}

/* A number of seconds as --wait takes it: digits, with one '.' at most. */
static int seconds_word(const char *s)
{
    int digits = 0, dots = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s == '.' && !dots)
            dots++;
        else
            return 0;
    }
    return digits > 0;
}

static int exit_code(nx_status_t s, const nx_progress_t *p)
{
    if (s == NX_E_LOCKED)
        return p->interrupted ? EXIT_INTERRUPTED : EXIT_LOCKED;
    if (s)
        return EXIT_FATAL;
    if (p->interrupted)
        return EXIT_INTERRUPTED;
    return p->failed ? EXIT_SOME_FAILED : EXIT_OK;
}

/* A count or a size: digits with an optional K, M or G (binary) suffix,
 * more than 0. 0 when it is not one. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno || *s == '-')
        return 0;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else if (*end == 'm' || *end == 'M')
        shift = 20;
    else if (*end == 'g' || *end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (*end || v > (SIZE_MAX >> shift))
        return 0;
    return (size_t)(v << shift);
}

static int push(const char ***v, size_t *n, const char *s)
{
    const char **nv = realloc(*v, (*n + 2) * sizeof *nv);
    if (!nv)
        return -1;
    nv[(*n)++] = s;
    nv[*n] = NULL;
    *v = nv;
    return 0;
}

typedef struct {
    say_t *y;
    const char *summary;
} run_ctx_t;

/* One run of cfg, its summary printed (and written to --summary-json);
 * returns the exit status. */
static int run_and_report(const nx_index_config_t *cfg, void *ctx)
{
    const run_ctx_t *rx = ctx;
    say_t *y = rx->y;
    const char *summary = rx->summary;
    time_t start = time(NULL);
    nx_parse_init();
    nx_progress_t prog;
    nx_error_t err;
    nx_status_t s = nx_index_run(cfg, &prog, &err);
    nx_parse_cleanup();
    end_bar(y);
    int rc = exit_code(s, &prog);

    if (s)
        fprintf(stderr, "newsindex: %s\n", err.msg[0] ? err.msg : nx_status_str(s));
    else if (y->verbose >= 0) {
        char *db = nx_escape_name(cfg->db_path);
        fprintf(stderr,
                "newsindex: %llu added, %llu updated, %llu unchanged, %llu removed, %llu failed"
                " in %.1f s; %llu documents in %s%s\n",
                (unsigned long long)prog.added, (unsigned long long)prog.updated,
                (unsigned long long)prog.unchanged, (unsigned long long)prog.removed,
                (unsigned long long)prog.failed, prog.seconds,
                (unsigned long long)prog.docs_total, db ? db : "",
                prog.interrupted ? " (interrupted)" : "");
        free(db);
        if (prog.still_failing)
            fprintf(stderr, "newsindex: %llu file%s still fail%s as before and %s not read "
                            "again (-v lists them; --retry-failed reads them)\n",
                    (unsigned long long)prog.still_failing, prog.still_failing == 1 ? "" : "s",
                    prog.still_failing == 1 ? "s" : "", prog.still_failing == 1 ? "was" : "were");
        if (prog.not_followed && y->verbose == 0)
            fprintf(stderr, "newsindex: %llu symbolic link%s out of the archive not followed "
                            "(-v lists them; --follow follows them)\n",
                    (unsigned long long)prog.not_followed, prog.not_followed == 1 ? "" : "s");
    }
    if (summary && write_summary(summary, cfg, &prog, s, &err, rc, start, y) != 0)
        fprintf(stderr, "newsindex: %s: cannot write the summary\n", summary);
    nx_progress_free(&prog);
    return rc;
}

int main(int argc, char **argv)
{
    nx_index_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.db_path = getenv("NEWSINDEX_DB");
    cfg.prune = 1;
    cfg.default_excludes = 1;
    cfg.batch = 2000;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.jobs = ncpu > 0 ? (unsigned)ncpu : 1;
    cfg.stop = &stop_flag;
    say_t y;
    memset(&y, 0, sizeof y);
    y.progress = isatty(2);
    pthread_mutex_init(&y.mu, NULL);
    const char *summary = NULL;
    const char **excludes = NULL, **forget = NULL;
    size_t nexcludes = 0, nforget = 0;
    int check = 0, compact = 0, rc = EXIT_FATAL;
    unsigned shards = 0;

    enum { OPT_FULL = 256, OPT_NO_PRUNE, OPT_TOPICS, OPT_WAIT, OPT_PROGRESS, OPT_NO_PROGRESS,
           OPT_SUMMARY, OPT_ALLOW_SHRINK, OPT_EXCLUDE, OPT_NO_DEFAULT_EXCLUDES, OPT_FOLLOW,
           OPT_RETRY, OPT_CHECK, OPT_FORGET, OPT_MAX_FILE_BYTES, OPT_MAX_RATIO, OPT_MAX_ITEMS,
           OPT_MAX_ATTRS, OPT_MAX_ATTR_BYTES, OPT_MAX_NODES, OPT_MAX_DEPTH, OPT_MAX_TEXT, OPT_MAX_SECONDS,
           OPT_NO_DEDUP, OPT_DUP_THRESHOLD, OPT_SHARD, OPT_SHARDS, OPT_COMPACT };
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"full", no_argument, NULL, OPT_FULL},
        {"forget", required_argument, NULL, OPT_FORGET},
        {"no-prune", no_argument, NULL, OPT_NO_PRUNE},
        {"allow-shrink", no_argument, NULL, OPT_ALLOW_SHRINK},
        {"exclude", required_argument, NULL, OPT_EXCLUDE},
        {"no-default-excludes", no_argument, NULL, OPT_NO_DEFAULT_EXCLUDES},
        {"follow", no_argument, NULL, OPT_FOLLOW},
        {"retry-failed", no_argument, NULL, OPT_RETRY},
        {"check", no_argument, NULL, OPT_CHECK},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"batch", required_argument, NULL, 'b'},
        {"jobs", required_argument, NULL, 'j'},
        {"topics", required_argument, NULL, OPT_TOPICS},
        {"no-dedup", no_argument, NULL, OPT_NO_DEDUP},
        {"dup-threshold", required_argument, NULL, OPT_DUP_THRESHOLD},
        {"max-file-bytes", required_argument, NULL, OPT_MAX_FILE_BYTES},
        {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
        {"max-items", required_argument, NULL, OPT_MAX_ITEMS},
        {"max-attrs", required_argument, NULL, OPT_MAX_ATTRS},
        {"max-attr-bytes", required_argument, NULL, OPT_MAX_ATTR_BYTES},
        {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
        {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
        {"max-text", required_argument, NULL, OPT_MAX_TEXT},
        {"max-seconds", required_argument, NULL, OPT_MAX_SECONDS},
        {"wait", optional_argument, NULL, OPT_WAIT},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"summary-json", required_argument, NULL, OPT_SUMMARY},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    char *end;
    int li = 0;
    while ((c = getopt_long(argc, argv, "d:b:j:qvhV", opts, &li)) != -1) {
        switch (c) {
        case 'd': cfg.db_path = optarg; break;
        case OPT_FULL: cfg.full = 1; break;
        case OPT_FORGET:
            if (push(&forget, &nforget, optarg))
                goto done;
            break;
        case OPT_NO_PRUNE: cfg.prune = 0; break;
        case OPT_ALLOW_SHRINK: cfg.allow_shrink = 1; break;
        case OPT_EXCLUDE:
            if (push(&excludes, &nexcludes, optarg))
                goto done;
            break;
        case OPT_NO_DEFAULT_EXCLUDES: cfg.default_excludes = 0; break;
        case OPT_FOLLOW: cfg.follow = 1; break;
        case OPT_RETRY: cfg.retry_failed = 1; break;
        case OPT_CHECK: check = 1; break;
        case OPT_COMPACT: compact = 1; break;
        case OPT_SHARD: {
            unsigned k, n;
            char extra;
            if (sscanf(optarg, "%u/%u%c", &k, &n, &extra) != 2 || n == 0 || n > 1024 || k >= n ||
                optarg[0] == '-' || optarg[0] == '+') {
                fprintf(stderr, "newsindex: --shard: not K/N with 0 <= K < N <= 1024: %s\n",
                        optarg);
                goto done;
            }
            cfg.shard_k = k;
            cfg.shard_n = n;
            break;
        }
        case OPT_SHARDS:
            shards = (unsigned)strtoul(optarg, &end, 10);
            if (*end || shards < 1 || shards > 64 || optarg[0] == '-' || optarg[0] == '+') {
                fprintf(stderr, "newsindex: --shards: not a number from 1 to 64: %s\n", optarg);
                goto done;
            }
            break;
        case 'b':
            cfg.batch = (unsigned)strtoul(optarg, &end, 10);
            if (*end || cfg.batch == 0) {
                fprintf(stderr, "newsindex: --batch: not a positive number: %s\n", optarg);
                goto done;
            }
            break;
        case 'j':
            cfg.jobs = (unsigned)strtoul(optarg, &end, 10);
            if (*end || cfg.jobs == 0 || cfg.jobs > 256) {
                fprintf(stderr, "newsindex: --jobs: not a number from 1 to 256: %s\n", optarg);
                goto done;
            }
            break;
        case OPT_TOPICS: cfg.topics_path = optarg; break;
        case OPT_NO_DEDUP: cfg.no_dedup = 1; break;
        case OPT_DUP_THRESHOLD:
            cfg.dup_threshold = strtod(optarg, &end);
            if (*end || !(cfg.dup_threshold > 0 && cfg.dup_threshold <= 1)) {
                fprintf(stderr, "newsindex: --dup-threshold: not a number above 0 and at most "
                                "1: %s\n", optarg);
                goto done;
            }
            break;
        case OPT_MAX_FILE_BYTES:
        case OPT_MAX_RATIO:
        case OPT_MAX_ITEMS:
        case OPT_MAX_ATTRS:
        case OPT_MAX_ATTR_BYTES:
        case OPT_MAX_DEPTH:
        case OPT_MAX_NODES:
        case OPT_MAX_TEXT: {
            size_t v = parse_size(optarg);
            if (v == 0 || (c == OPT_MAX_RATIO && v > UINT32_MAX)) {
                fprintf(stderr, "newsindex: --%s: not a positive number: %s\n", opts[li].name,
                        optarg);
                goto done;
            }
            if (c == OPT_MAX_FILE_BYTES) cfg.limits.max_file_bytes = v;
            else if (c == OPT_MAX_RATIO) cfg.limits.max_ratio = (unsigned)v;
            else if (c == OPT_MAX_ITEMS) cfg.limits.max_items = v;
            else if (c == OPT_MAX_ATTRS) cfg.limits.max_attrs = v;
            else if (c == OPT_MAX_ATTR_BYTES) cfg.limits.max_attr_bytes = v;
            else if (c == OPT_MAX_DEPTH) cfg.limits.max_depth = v;
            else if (c == OPT_MAX_NODES) cfg.limits.max_nodes = v;
            else cfg.limits.max_text = v;
            break;
        }
        case OPT_MAX_SECONDS:
            cfg.limits.max_seconds = strtod(optarg, &end);
            if (*end || !(cfg.limits.max_seconds > 0)) {
                fprintf(stderr, "newsindex: --max-seconds: not a positive number: %s\n", optarg);
                goto done;
            }
            break;
        case OPT_WAIT:
            cfg.wait_s = 1e12;
            /* "--wait 600": a number after a bare --wait is its value, not
             * an archive to index; a directory of that name is ambiguous. */
            if (!optarg && optind < argc && seconds_word(argv[optind])) {
                if (access(argv[optind], F_OK) == 0) {
                    fprintf(stderr,
                            "newsindex: --wait %s: seconds, or the directory %s? write "
                            "--wait=%s, or ./%s for the directory\n",
                            argv[optind], argv[optind], argv[optind], argv[optind]);
                    goto done;
                }
                optarg = argv[optind++];
            }
            if (optarg) {
                cfg.wait_s = strtod(optarg, &end);
                if (*end || cfg.wait_s < 0) {
                    fprintf(stderr, "newsindex: --wait: not a number of seconds: %s\n", optarg);
                    goto done;
                }
            }
            break;
        case OPT_PROGRESS: y.progress = 1; break;
        case OPT_NO_PROGRESS: y.progress = 0; break;
        case OPT_SUMMARY: summary = optarg; break;
        case 'q': y.verbose = -1; break;
        case 'v': y.verbose = 1; break;
        case 'h': usage(stdout); rc = EXIT_OK; goto done;
        case 'V':
            printf("newsindex %s (xapian %s)\n", NX_VERSION, xap_version());
            rc = EXIT_OK;
            goto done;
        default:
            fputs("Try 'newsindex --help' for more information.\n", stderr);
            goto done;
        }
    }
    if (!cfg.db_path || !*cfg.db_path) {
        fputs("newsindex: no index given: use --db PATH (or set NEWSINDEX_DB)\n", stderr);
        goto done;
    }
    nx_error_t err;
    if (check) {
        if (nx_index_check(cfg.db_path, &err) != NX_OK) {
            fprintf(stderr, "newsindex: %s\n", err.msg);
            goto done;
        }
        if (y.verbose >= 0)
            fprintf(stderr, "newsindex: %s: no damage found\n", cfg.db_path);
        rc = EXIT_OK;
        goto done;
    }
    if (shards && cfg.shard_n) {
        fputs("newsindex: --shards N builds every shard; --shard K/N builds one: not both\n",
              stderr);
        goto done;
    }
    if (shards && summary) {
        fputs("newsindex: --summary-json goes with one run: give each shard its own run "
              "(--shard K/N) to have its summary\n", stderr);
        goto done;
    }
    if (compact) {
        if (shards || cfg.shard_n || cfg.full || nforget) {
            fputs("newsindex: --compact goes alone (with the indexes to merge, if any)\n",
                  stderr);
            goto done;
        }
        if (nx_index_compact(cfg.db_path, (const char *const *)(argv + optind),
                             (size_t)(argc - optind), &err) != NX_OK) {
            fprintf(stderr, "newsindex: %s\n", err.msg);
            goto done;
        }
        if (y.verbose >= 0)
            fprintf(stderr, "newsindex: %s: compacted\n", cfg.db_path);
        rc = EXIT_OK;
        goto done;
    }
    if (y.verbose < 0)
        y.progress = 0;
    cfg.args = (const char *const *)(argv + optind);
    cfg.nargs = (size_t)(argc - optind);
    cfg.excludes = excludes;
    cfg.forget = forget;
    cfg.nforget = nforget;
    y.skipped = json_array();
    y.t0 = mono_s();
    cfg.report = (nx_report_t){on_skip, on_did, on_note, on_progress, &y};

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* The first signal asks the run to stop where it is safe; a second one
     * ends the process at once (a file that never yields cannot hold it):
     * the index stays as of its last commit. */
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (shards)
        y.progress = 0; /* N bars on one terminal would be noise */
    run_ctx_t rx = {&y, summary};
    if (shards) {
        if (nx_index_shards(&cfg, shards, run_and_report, &rx, &rc, &err) != NX_OK)
            fprintf(stderr, "newsindex: %s\n", err.msg);
    } else {
        rc = run_and_report(&cfg, &rx);
    }
done:
    json_decref(y.skipped);
    pthread_mutex_destroy(&y.mu);
    free(excludes);
    free(forget);
    return rc;
}
