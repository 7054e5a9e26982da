/* coverage.c - --coverage: for each source of the matches (any filters,
 * any words), its first and last article, its rate, and its gaps: runs of
 * days (UTC) without an article where the source's habit says there
 * would have been some. The habit is local and knows the week: for each
 * weekday, the source's articles on that weekday in the four weeks before
 * the run, divided by the number of those weekdays it was publishing (a
 * habit needs HABIT_ARTICLES articles on two days or more there). A
 * run is a gap when the articles it should have held by that habit add up
 * to GAP_EXPECT or more (a Poisson source misses that many by chance less
 * than once in 150 runs); a source that never publishes on Sundays has no
 * Sunday gaps. The run after a source's last article up to the last day
 * of the matches is a gap too, left open: a feed gone quiet. Sources with
 * the most recent gaps come first, and each source's gaps, most recent
 * first. The counts are the matcher's (no document read). */
#include <stdlib.h>
#include <string.h>

#include "newsindex/text.h"
#include "report.h"

#define GAP_EXPECT 5   /* articles a gap should have held, at least */
#define HABIT_DAYS 28  /* the weeks before a run that say what is usual */
#define MIN_HISTORY 14 /* days of a source before its first possible gap */
#define HABIT_ARTICLES 4 /* a habit: this many articles, on two days or more */
#define MAX_SPAN_DAYS (400L * 366)

typedef struct {
    const char *name; /* borrowed from the counts */
    int64_t day;      /* INT64_MIN: undated */
    uint32_t n;
} cell_t;

static int cell_cmp(const void *a, const void *b)
{
    const cell_t *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->day < y->day ? -1 : x->day > y->day;
}

static int weekday(int64_t day) /* 0 Sunday .. 6 Saturday */
{
    int64_t w = (day + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

typedef struct {
    json_t *obj;
    int64_t last_gap_end; /* INT64_MIN: none */
    int64_t last_gap_days;
    long long articles;
} source_t;

static int source_cmp(const void *a, const void *b)
{
    const source_t *x = a, *y = b;
    if (x->last_gap_end != y->last_gap_end)
        return x->last_gap_end > y->last_gap_end ? -1 : 1;
    if (x->last_gap_days != y->last_gap_days)
        return x->last_gap_days > y->last_gap_days ? -1 : 1;
    if (x->articles != y->articles)
        return x->articles > y->articles ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x->obj, "source")),
                  json_string_value(json_object_get(y->obj, "source")));
}

static json_t *day_json(int64_t d)
{
    char b[11];
    nx_day_label(d, b);
    return json_string(b);
}

/* The gaps of one source, whose articles per day from first to end are
 * per[0 ..]: an array, most recent first. */
static json_t *gaps_of(const uint32_t *per, int64_t first, int64_t end, int64_t *last_end,
                       int64_t *last_days)
{
    json_t *gaps = json_array();
    *last_end = INT64_MIN;
    *last_days = 0;
    int64_t span = end - first + 1;
    for (int64_t a = 1; a < span; a++) {
        if (per[a])
            continue;
        int64_t b = a;
        while (b + 1 < span && !per[b + 1])
            b++;
        if (a >= MIN_HISTORY) {
            /* The habit: per weekday, over the HABIT_DAYS before the run. */
            double sum[7] = {0}, days[7] = {0};
            uint64_t articles = 0, active = 0;
            for (int64_t d = a - HABIT_DAYS < 0 ? 0 : a - HABIT_DAYS; d < a; d++) {
                int w = weekday(first + d);
                sum[w] += per[d];
                days[w] += 1;
                articles += per[d];
                active += per[d] > 0;
            }
            double expected = 0;
            if (articles < HABIT_ARTICLES || active < 2) { /* no habit to break */
                a = b;
                continue;
            }
            for (int64_t d = a; d <= b; d++) {
                int w = weekday(first + d);
                expected += days[w] ? sum[w] / days[w] : 0;
            }
            if (expected >= GAP_EXPECT) {
                json_t *g = json_object();
                json_object_set_new(g, "from", day_json(first + a));
                json_object_set_new(g, "to", day_json(first + b));
                json_object_set_new(g, "days", json_integer(b - a + 1));
                json_object_set_new(g, "expected", json_real((double)(long long)(expected * 10 + 0.5) / 10));
                json_object_set_new(g, "open", json_boolean(b == span - 1));
                json_array_insert_new(gaps, 0, g);
                *last_end = first + b;
                *last_days = b - a + 1;
            }
        }
        a = b;
    }
    return gaps;
}

nx_status_t nx_coverage_run(const nx_report_req_t *r, const char *text, xap_db *db,
                            const xap_query *q, nx_printer_t *pr, int *matched, nx_error_t *e)
{
    (void)r;
    xap_count_spec_t spec = {(unsigned)nx_fields[NX_F_DATE].slot, 8, 1,
                             (unsigned)nx_fields[NX_F_SOURCE].slot, 0};
    xap_counts *c = NULL;
    cell_t *cells = NULL;
    source_t *src = NULL;
    uint32_t *per = NULL;
    uint32_t nq = 0;
    size_t nsrc = 0;
    nx_status_t st = xap_count_values(db, q, &spec, &c, &nq, e);
    if (st)
        return st;
    size_t n = xap_counts_size(c);
    cells = calloc(n ? n : 1, sizeof *cells);
    src = calloc(n ? n : 1, sizeof *src);
    if (!cells || !src) {
        st = nx_error_set(e, NX_E_NOMEM, "out of memory");
        goto out;
    }
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        const char *key;
        size_t len;
        xap_counts_get(c, i, &key, &len, &cells[i].n);
        const char *tab = memchr(key, '\t', len);
        cells[i].name = tab ? tab + 1 : "";
        int64_t d;
        if (nx_day_of_value(key, tab ? (size_t)(tab - key) : len, &d))
            d = INT64_MIN;
        else {
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        cells[i].day = d;
    }
    qsort(cells, n, sizeof *cells, cell_cmp);
    if (hi != INT64_MIN && hi - lo > MAX_SPAN_DAYS) {
        st = nx_error_set(e, NX_E_INVALID, "the matches span more than 400 years");
        goto out;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        long long undated = 0, dated = 0;
        while (j < n && strcmp(cells[j].name, cells[i].name) == 0) {
            if (cells[j].day == INT64_MIN)
                undated += cells[j].n;
            else
                dated += cells[j].n;
            j++;
        }
        source_t *s = &src[nsrc++];
        s->obj = json_object();
        char *clean = nx_utf8_repair(cells[i].name, strlen(cells[i].name));
        json_object_set_new(s->obj, "source", json_string(clean ? clean : ""));
        free(clean);
        s->articles = dated + undated;
        s->last_gap_end = INT64_MIN;
        size_t k = i;
        while (k < j && cells[k].day == INT64_MIN)
            k++; /* undated first (INT64_MIN sorts first) */
        if (k < j) {
            int64_t first = cells[k].day, last = cells[j - 1].day;
            json_object_set_new(s->obj, "first", day_json(first));
            json_object_set_new(s->obj, "last", day_json(last));
            json_object_set_new(s->obj, "articles", json_integer(s->articles));
            double days = (double)(last - first + 1);
            json_object_set_new(s->obj, "days", json_integer(last - first + 1));
            json_object_set_new(s->obj, "per_day", json_real((double)dated / days));
            json_object_set_new(s->obj, "per_week", json_real(7.0 * (double)dated / days));
            per = calloc((size_t)(hi - first + 1), sizeof *per);
            if (!per) {
                st = nx_error_set(e, NX_E_NOMEM, "out of memory");
                goto out;
            }
            for (size_t m = k; m < j; m++)
                per[cells[m].day - first] += cells[m].n;
            json_object_set_new(s->obj, "gaps",
                                gaps_of(per, first, hi, &s->last_gap_end, &s->last_gap_days));
            free(per);
            per = NULL;
        } else {
            json_object_set_new(s->obj, "first", json_null());
            json_object_set_new(s->obj, "last", json_null());
            json_object_set_new(s->obj, "articles", json_integer(s->articles));
            json_object_set_new(s->obj, "days", json_integer(0));
            json_object_set_new(s->obj, "per_day", json_real(0));
            json_object_set_new(s->obj, "per_week", json_real(0));
            json_object_set_new(s->obj, "gaps", json_array());
        }
        if (undated)
            json_object_set_new(s->obj, "undated", json_integer(undated));
        i = j;
    }
    qsort(src, nsrc, sizeof *src, source_cmp);
    json_t *rep = json_object();
    json_object_set_new(rep, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(rep, "query", json_string(text));
    json_object_set_new(rep, "matches", json_integer(nq));
    json_object_set_new(rep, "first", hi == INT64_MIN ? json_null() : day_json(lo));
    json_object_set_new(rep, "last", hi == INT64_MIN ? json_null() : day_json(hi));
    json_object_set_new(rep, "gap_expected", json_integer(GAP_EXPECT));
    json_t *arr = json_array();
    for (size_t i = 0; i < nsrc; i++) {
        json_array_append_new(arr, src[i].obj);
        src[i].obj = NULL;
    }
    json_object_set_new(rep, "coverage", arr);
    nx_print_report(pr, rep);
    json_decref(rep);
    *matched = nq > 0;
out:
    for (size_t i = 0; src && i < nsrc; i++)
        json_decref(src[i].obj);
    free(per);
    free(src);
    free(cells);
    xap_counts_free(c);
    return st;
}
