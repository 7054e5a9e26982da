/* main.c - the newsindex command line. */
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer.h"
#include "newsindex/schema.h"
#include "parse.h"

#ifndef NX_VERSION
#define NX_VERSION "0.1.0"
#endif

/* Exit codes (documented in --help and newsindex(1)). */
enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_FATAL = 2, EXIT_LOCKED = 3 };

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *f)
{
    fputs("Usage: newsindex --db PATH [OPTION]... DIR_OR_FILE...\n"
          "Index a news archive (plain text, HTML, NITF, RSS/Atom, any of them gzipped)\n"
          "into a Xapian index for newssearch. Re-runs are incremental: unchanged files\n"
          "are skipped, changed files re-indexed, documents of deleted files removed.\n"
          "\n"
          "Options:\n"
          "  -d, --db PATH         the index (created if missing; default $NEWSINDEX_DB)\n"
          "      --full            rebuild the index from scratch\n"
          "      --no-prune        keep documents whose files are gone\n"
          "  -b, --batch N         documents per commit (default 2000)\n"
          "  -j, --jobs N          threads (default: the number of cores)\n"
          "      --topics FILE     topic rules to use instead of the default taxonomy\n"
          "      --wait[=SECONDS]  wait for another newsindex to finish (default: fail at once;\n"
          "                        --wait alone waits without limit)\n"
          "      --progress        show a progress bar even when stderr is not a terminal\n"
          "      --no-progress     never show a progress bar\n"
          "      --summary-json FILE  write the run summary as JSON to FILE (- for stdout)\n"
          "  -q, --quiet           print only errors\n"
          "  -v, --verbose         print every file added, updated or removed\n"
          "  -h, --help            show this help\n"
          "  -V, --version         show the version\n"
          "\n"
          "Exit status: 0 all files indexed; 1 some files were skipped (the index is\n"
          "updated); 2 fatal error; 3 the index is locked by another newsindex.\n"
          "\n"
          "Examples:\n"
          "  newsindex --db ~/news.db ~/archive            index (or update) an archive\n"
          "  newsindex --db ~/news.db --full ~/archive     rebuild from scratch\n"
          "  newsindex -q --wait=600 --summary-json run.json --db /srv/news.db /srv/archive\n"
          "                                               a nightly cron run\n",
          f);
}

static int write_summary(const char *file, const nx_progress_t *p, nx_status_t s,
                         const nx_error_t *err)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:b}", "files", (json_int_t)p->files,
                          "added", (json_int_t)p->added, "updated", (json_int_t)p->updated,
                          "unchanged", (json_int_t)p->unchanged, "removed",
                          (json_int_t)p->removed, "failed", (json_int_t)p->failed, "documents",
                          (json_int_t)p->docs_total, "seconds", p->seconds, "interrupted",
                          p->interrupted);
    if (!o)
        return -1;
    json_object_set_new(o, "status", json_string(s ? nx_status_str(s) : "ok"));
    if (s)
        json_object_set_new(o, "error", json_string(err->msg));
    int rc;
    if (strcmp(file, "-") == 0) {
        rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    } else {
        rc = json_dump_file(o, file, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    }
    json_decref(o);
    return rc;
}

int main(int argc, char **argv)
{
    nx_index_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.db_path = getenv("NEWSINDEX_DB");
    cfg.prune = 1;
    cfg.batch = 2000;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.jobs = ncpu > 0 ? (unsigned)ncpu : 1;
    cfg.progress = isatty(2);
    cfg.stop = &stop_flag;
    const char *summary = NULL;

    enum { OPT_FULL = 256, OPT_NO_PRUNE, OPT_TOPICS, OPT_WAIT, OPT_PROGRESS, OPT_NO_PROGRESS,
           OPT_SUMMARY };
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"full", no_argument, NULL, OPT_FULL},
        {"no-prune", no_argument, NULL, OPT_NO_PRUNE},
        {"batch", required_argument, NULL, 'b'},
        {"jobs", required_argument, NULL, 'j'},
        {"topics", required_argument, NULL, OPT_TOPICS},
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
    while ((c = getopt_long(argc, argv, "d:b:j:qvhV", opts, NULL)) != -1) {
        switch (c) {
        case 'd': cfg.db_path = optarg; break;
        case OPT_FULL: cfg.full = 1; break;
        case OPT_NO_PRUNE: cfg.prune = 0; break;
        case 'b':
            cfg.batch = (unsigned)strtoul(optarg, &end, 10);
            if (*end || cfg.batch == 0) {
                fprintf(stderr, "newsindex: --batch: not a positive number: %s\n", optarg);
                return EXIT_FATAL;
            }
            break;
        case 'j':
            cfg.jobs = (unsigned)strtoul(optarg, &end, 10);
            if (*end || cfg.jobs == 0 || cfg.jobs > 256) {
                fprintf(stderr, "newsindex: --jobs: not a number from 1 to 256: %s\n", optarg);
                return EXIT_FATAL;
            }
            break;
        case OPT_TOPICS: cfg.topics_path = optarg; break;
        case OPT_WAIT:
            cfg.wait_s = 1e12;
            if (optarg) {
                cfg.wait_s = strtod(optarg, &end);
                if (*end || cfg.wait_s < 0) {
                    fprintf(stderr, "newsindex: --wait: not a number of seconds: %s\n", optarg);
                    return EXIT_FATAL;
                }
            }
            break;
        case OPT_PROGRESS: cfg.progress = 1; break;
        case OPT_NO_PROGRESS: cfg.progress = 0; break;
        case OPT_SUMMARY: summary = optarg; break;
        case 'q': cfg.verbose = -1; break;
        case 'v': cfg.verbose = 1; break;
        case 'h': usage(stdout); return EXIT_OK;
        case 'V': printf("newsindex %s (xapian %s)\n", NX_VERSION, xap_version()); return EXIT_OK;
        default:
            fputs("Try 'newsindex --help' for more information.\n", stderr);
            return EXIT_FATAL;
        }
    }
    if (!cfg.db_path || !*cfg.db_path) {
        fputs("newsindex: no index given: use --db PATH (or set NEWSINDEX_DB)\n", stderr);
        return EXIT_FATAL;
    }
    if (optind >= argc) {
        fputs("newsindex: no archive given: name at least one directory or file\n", stderr);
        return EXIT_FATAL;
    }
    if (cfg.verbose < 0)
        cfg.progress = 0;
    cfg.roots = (const char *const *)(argv + optind);
    cfg.nroots = (size_t)(argc - optind);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    nx_parse_init();
    nx_progress_t prog;
    nx_error_t err;
    nx_error_clear(&err);
    nx_status_t s = nx_index_run(&cfg, &prog, &err);
    nx_parse_cleanup();

    if (s)
        fprintf(stderr, "newsindex: %s\n", err.msg[0] ? err.msg : nx_status_str(s));
    else if (cfg.verbose >= 0)
        fprintf(stderr,
                "newsindex: %llu added, %llu updated, %llu unchanged, %llu removed, %llu failed"
                " in %.1f s; %llu documents in %s%s\n",
                (unsigned long long)prog.added, (unsigned long long)prog.updated,
                (unsigned long long)prog.unchanged, (unsigned long long)prog.removed,
                (unsigned long long)prog.failed, prog.seconds,
                (unsigned long long)prog.docs_total, cfg.db_path,
                prog.interrupted ? " (interrupted)" : "");
    if (summary && write_summary(summary, &prog, s, &err) != 0)
        fprintf(stderr, "newsindex: %s: cannot write the summary\n", summary);
    if (s == NX_E_LOCKED)
        return EXIT_LOCKED;
    if (s)
        return EXIT_FATAL;
    return prog.failed || prog.interrupted ? EXIT_SOME_FAILED : EXIT_OK;
}
