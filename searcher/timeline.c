/* timeline.c - --timeline: the matches per day, week (from Monday),
 * month or year of their date (UTC), from the first bucket with a match
 * to the last, empty buckets included, beside the documents of the same
 * scope (the filters without the words) and the ratio of the two; with
 * --by, split into the top series of a facet plus "other". The counts are
 * the matcher's (xap_count_values on the date slot): no document read. */
#include <stdlib.h>
#include <string.h>

#include "newsindex/text.h"
#include "report.h"

/* More buckets than this is a mistake of the interval (a century of
 * days is 36,525). */
#define MAX_BUCKETS 1000000

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The bucket of a date slot value cut to its interval's prefix. */
static int bucket_of(nx_interval_t iv, const char *v, size_t len, int64_t *b)
{
    char day[9];
    if (iv == NX_IV_YEAR || iv == NX_IV_MONTH) { /* "YYYY" or "YYYYMM": a day of it */
        if (len < (iv == NX_IV_YEAR ? 4u : 6u))
            return -1;
        memcpy(day, v, 4);
        memcpy(day + 4, iv == NX_IV_YEAR ? "01" : v + 4, 2);
        memcpy(day + 6, "01", 2);
        v = day;
        len = 8;
    }
    int64_t d;
    if (nx_day_of_value(v, len, &d))
        return -1;
    int y;
    unsigned m, dd;
    nx_civil_from_days(d, &y, &m, &dd);
    switch (iv) {
    case NX_IV_DAY: *b = d; break;
    case NX_IV_WEEK: *b = floor_div(d + 3, 7); break; /* 1970-01-01 was a Thursday */
    case NX_IV_MONTH: *b = (int64_t)y * 12 + (m - 1); break;
    case NX_IV_YEAR: *b = y; break;
    }
    return 0;
}

/* The label of bucket b: YYYY-MM-DD (a week: its Monday), YYYY-MM, YYYY. */
static void bucket_label(nx_interval_t iv, int64_t b, char buf[16])
{
    switch (iv) {
    case NX_IV_DAY: nx_day_label(b, buf); break;
    case NX_IV_WEEK: nx_day_label(b * 7 - 3, buf); break;
    case NX_IV_MONTH:
        snprintf(buf, 16, "%04u-%02u", (unsigned)(floor_div(b, 12) % 10000),
                 (unsigned)(b - floor_div(b, 12) * 12) % 100 + 1);
        break;
    case NX_IV_YEAR: snprintf(buf, 16, "%04u", (unsigned)(b % 10000)); break;
    }
}

/* A series of --by: its value and its counts. */
typedef struct {
    char *name;    /* as the slot holds it */
    uint64_t sum;  /* matches over every bucket */
    int series;    /* its place among the series shown; the last is "other" */
} by_value_t;

static int by_cmp_name(const void *a, const void *b)
{
    return strcmp(((const by_value_t *)a)->name, ((const by_value_t *)b)->name);
}

static int by_cmp_sum(const void *a, const void *b)
{
    const by_value_t *x = *(by_value_t *const *)a, *y = *(by_value_t *const *)b;
    if (x->sum != y->sum)
        return x->sum > y->sum ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The value after the key's TAB. */
static const char *by_part(const char *key, size_t len, size_t *dlen)
{
    const char *tab = memchr(key, '\t', len);
    *dlen = tab ? (size_t)(tab - key) : len;
    return tab ? tab + 1 : "";
}

typedef struct {
    by_value_t *v;
    size_t n;
} by_set_t;

static nx_status_t by_collect(by_set_t *s, const xap_counts *c, nx_error_t *e)
{
    size_t n = xap_counts_size(c), k = 0;
    by_value_t *v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return nx_error_set(e, NX_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *key;
        size_t len, dlen;
        uint32_t cnt;
        xap_counts_get(c, i, &key, &len, &cnt);
        v[k].name = (char *)by_part(key, len, &dlen);
        v[k++].sum = cnt;
    }
    qsort(v, k, sizeof *v, by_cmp_name);
    size_t u = 0; /* one entry per name, the sums added */
    for (size_t i = 0; i < k; i++) {
        if (u && strcmp(v[u - 1].name, v[i].name) == 0)
            v[u - 1].sum += v[i].sum;
        else
            v[u++] = v[i];
    }
    for (size_t i = 0; i < u; i++)
        if (!(v[i].name = strdup(v[i].name))) {
            for (size_t j = 0; j < i; j++)
                free(v[j].name);
            free(v);
            return nx_error_set(e, NX_E_NOMEM, "out of memory");
        }
    s->v = v;
    s->n = u;
    return NX_OK;
}

static void by_free(by_set_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].name);
    free(s->v);
}

/* The series a name falls in; other for a name that no match has. */
static int by_series(const by_set_t *s, const char *name, int other)
{
    by_value_t key = {(char *)name, 0, 0};
    const by_value_t *f = bsearch(&key, s->v, s->n, sizeof *s->v, by_cmp_name);
    return f ? f->series : other;
}

/* A name as shown: country codes in capitals, bytes made valid UTF-8. */
static json_t *by_name_json(const nx_field_t *by, const char *name)
{
    if (!*name)
        return json_string("(none)");
    char *clean = nx_utf8_repair(name, strlen(name));
    if (clean && by->id == NX_F_COUNTRY)
        for (char *p = clean; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
    json_t *j = json_string(clean ? clean : "");
    free(clean);
    return j;
}

static json_t *ratio_json(uint64_t count, uint64_t total)
{
    return json_real(total ? (double)count / (double)total : 0.0);
}

nx_status_t nx_timeline_run(const nx_report_req_t *r, const char *text, xap_db *db,
                            const xap_query *q, const xap_query *scope, nx_lookup_t *lk,
                            nx_printer_t *pr, int *matched, nx_error_t *e)
{
    (void)lk;
    static const size_t prefix[] = {[NX_IV_DAY] = 8, [NX_IV_WEEK] = 8, [NX_IV_MONTH] = 6,
                                    [NX_IV_YEAR] = 4};
    xap_count_spec_t spec = {(unsigned)nx_fields[NX_F_DATE].slot, prefix[r->interval], 0, 0, 0};
    if (r->by) {
        spec.by = 1;
        spec.by_slot = (unsigned)r->by->slot;
        spec.by_sep = (r->by->flags & NX_FIELD_MULTI) ? NX_LIST_SEP : 0;
    }
    xap_counts *cq = NULL, *cs = NULL;
    uint64_t *cnt = NULL, *tot = NULL;
    by_value_t **order = NULL;
    by_set_t bys = {0};
    uint32_t nq = 0, ns = 0;
    nx_status_t st;
    if ((st = xap_count_values(db, q, &spec, &cq, &nq, e)) ||
        (st = xap_count_values(db, scope, &spec, &cs, &ns, e)))
        goto out;
    /* The range: the first to the last bucket with a dated match. */
    int64_t lo = 0, hi = -1;
    uint64_t undated = 0;
    for (size_t i = 0; i < xap_counts_size(cq); i++) {
        const char *key;
        size_t len, dlen;
        uint32_t c;
        int64_t b;
        xap_counts_get(cq, i, &key, &len, &c);
        by_part(key, len, &dlen);
        if (bucket_of(r->interval, key, dlen, &b)) {
            undated += c;
            continue;
        }
        if (hi < lo)
            lo = hi = b;
        else if (b < lo)
            lo = b;
        else if (b > hi)
            hi = b;
    }
    if (r->by)
        undated = 0; /* counted per value: not a number of documents */
    size_t nb = hi >= lo ? (size_t)(hi - lo + 1) : 0;
    if (nb > MAX_BUCKETS) {
        st = nx_error_set(e, NX_E_INVALID,
                          "the matches span %zu %ss: use a longer --timeline interval", nb,
                          nx_interval_name(r->interval));
        goto out;
    }
    /* Series: the top values by matches, then "other". */
    size_t nser = 1; /* no --by: the one series of all matches */
    int other = -1;  /* the series of the values not shown on their own */
    if (r->by) {
        if ((st = by_collect(&bys, cq, e)))
            goto out;
        order = malloc((bys.n ? bys.n : 1) * sizeof *order);
        if (!order) {
            st = nx_error_set(e, NX_E_NOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < bys.n; i++)
            order[i] = &bys.v[i];
        qsort(order, bys.n, sizeof *order, by_cmp_sum);
        size_t shown = 0;
        for (size_t i = 0; i < bys.n; i++) {
            int top = shown < r->by_top && *order[i]->name;
            order[i]->series = top ? (int)shown : -1;
            shown += (size_t)top;
        }
        int others = 0; /* "other" only when something falls in it */
        for (size_t i = 0; i < bys.n; i++)
            if (order[i]->series < 0) {
                order[i]->series = (int)shown;
                others = 1;
            }
        nser = shown + (size_t)others;
        other = others ? (int)shown : -1;
    }
    /* cnt[b * nser + s], tot likewise; with --by, the whole bucket is
     * added up separately into slot nser (a document of two countries is
     * one match of the bucket). */
    size_t row = r->by ? nser + 1 : 1;
    cnt = calloc(nb * row + 1, sizeof *cnt);
    tot = calloc(nb * row + 1, sizeof *tot);
    if (!cnt || !tot) {
        st = nx_error_set(e, NX_E_NOMEM, "out of memory");
        goto out;
    }
    for (int pass = 0; pass < 2; pass++) {
        const xap_counts *c = pass ? cs : cq;
        uint64_t *into = pass ? tot : cnt;
        for (size_t i = 0; i < xap_counts_size(c); i++) {
            const char *key;
            size_t len, dlen;
            uint32_t n;
            int64_t b;
            xap_counts_get(c, i, &key, &len, &n);
            const char *name = by_part(key, len, &dlen);
            if (bucket_of(r->interval, key, dlen, &b) || b < lo || b > hi)
                continue;
            size_t at = (size_t)(b - lo) * row;
            if (r->by) {
                /* a value of the scope that no match has: "other", when there is one */
                int si = by_series(&bys, name, other);
                if (si >= 0)
                    into[at + (size_t)si] += n;
            } else
                into[at] += n;
        }
    }
    if (r->by) { /* the buckets' own numbers of documents: a count without --by */
        xap_count_spec_t whole = spec;
        whole.by = 0;
        for (int pass = 0; pass < 2; pass++) {
            xap_counts *c = NULL;
            uint32_t n;
            if ((st = xap_count_values(db, pass ? scope : q, &whole, &c, &n, e)))
                goto out;
            for (size_t i = 0; i < xap_counts_size(c); i++) {
                const char *key;
                size_t len;
                uint32_t k;
                int64_t b;
                xap_counts_get(c, i, &key, &len, &k);
                if (bucket_of(r->interval, key, len, &b)) {
                    if (!pass)
                        undated += k;
                    continue;
                }
                if (b >= lo && b <= hi)
                    (pass ? tot : cnt)[(size_t)(b - lo) * row + nser] += k;
            }
            xap_counts_free(c);
        }
    }
    /* The report. */
    json_t *rep = json_object();
    json_object_set_new(rep, "format_version", json_integer(NX_FORMAT_VERSION));
    json_object_set_new(rep, "query", json_string(text));
    json_object_set_new(rep, "interval", json_string(nx_interval_name(r->interval)));
    json_object_set_new(rep, "matches", json_integer(nq));
    json_object_set_new(rep, "scope", json_integer(ns));
    json_object_set_new(rep, "undated", json_integer((json_int_t)undated));
    json_t *names = NULL;
    if (r->by) {
        json_object_set_new(rep, "by", json_string(r->by->name));
        names = json_array();
        for (size_t i = 0; i < bys.n && json_array_size(names) < nser - (size_t)(other >= 0); i++)
            if ((size_t)order[i]->series == json_array_size(names))
                json_array_append_new(names, by_name_json(r->by, order[i]->name));
        if (json_array_size(names) < nser)
            json_array_append_new(names, json_string("other"));
        json_object_set_new(rep, "series", names);
    }
    json_t *tl = json_array();
    for (size_t i = 0; i < nb; i++) {
        char label[16];
        bucket_label(r->interval, lo + (int64_t)i, label);
        size_t at = i * row, whole = r->by ? at + nser : at;
        json_t *o = json_pack("{s:s,s:I,s:I}", "bucket", label, "count", (json_int_t)cnt[whole],
                              "total", (json_int_t)tot[whole]);
        json_object_set_new(o, "ratio", ratio_json(cnt[whole], tot[whole]));
        if (r->by) {
            json_t *ser = json_array();
            for (size_t s = 0; s < nser; s++) {
                json_t *so = json_object();
                json_object_set(so, "name", json_array_get(names, s));
                json_object_set_new(so, "count", json_integer((json_int_t)cnt[at + s]));
                json_object_set_new(so, "total", json_integer((json_int_t)tot[at + s]));
                json_object_set_new(so, "ratio", ratio_json(cnt[at + s], tot[at + s]));
                json_array_append_new(ser, so);
            }
            json_object_set_new(o, "series", ser);
        }
        json_array_append_new(tl, o);
    }
    json_object_set_new(rep, "timeline", tl);
    nx_print_report(pr, rep);
    json_decref(rep);
    *matched = nq > 0;
out:
    free(order);
    by_free(&bys);
    free(cnt);
    free(tot);
    xap_counts_free(cq);
    xap_counts_free(cs);
    return st;
}
