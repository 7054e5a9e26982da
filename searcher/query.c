/* query.c - the query language: Xapian's QueryParser plus the schema's
 * fields, with C field processors for the filters that need a lookup. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/schema.h"
#include "newsindex/text.h"
#include "searcher.h"

static nx_status_t term_query(const char *prefix, const char *value, xap_query **out,
                              nx_error_t *err)
{
    char *t = nx_uid_term(prefix, value);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_ascii_lower(t + strlen(prefix));
    nx_status_t s = xap_query_term(t, out, err);
    free(t);
    return s;
}

static nx_status_t country_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    const nx_gazetteer_t *g = nx_lookup_gazetteer(ctx, err);
    char code[3];
    if (!g)
        return err->code;
    if (!nx_country_lookup(g, value, code))
        return nx_error_set(err, NX_E_QUERY, "country:%s: unknown country (use a name or an ISO code)",
                            value);
    return term_query(NX_PREFIX_COUNTRY, code, out, err);
}

/* *found: 1 if the index holds documents with the topic code (an archive
 * indexed with its own taxonomy, newsindex --topics, has codes the default
 * rules do not know). An error of the index (a writer's commit) is
 * returned, not taken for "unknown topic". */
static nx_status_t indexed_topic(const nx_lookup_t *lk, const char *code, int *found,
                                 nx_error_t *err)
{
    uint32_t docid = 0;
    *found = 0;
    if (!lk->db)
        return NX_OK;
    char *t = nx_uid_term(NX_PREFIX_TOPIC, code);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_ascii_lower(t + strlen(NX_PREFIX_TOPIC));
    nx_status_t s = xap_db_find_term(lk->db, t, &docid, err);
    free(t);
    *found = s == NX_OK && docid;
    return s;
}

static nx_status_t topic_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    nx_lookup_t *lk = ctx;
    const nx_topics_t *t = nx_lookup_topics(lk, err);
    if (!t)
        return err->code;
    const char *code = nx_topic_lookup(t, value);
    int found = 0;
    nx_status_t s;
    if (!code && (s = indexed_topic(lk, value, &found, err)))
        return s;
    if (!code && found)
        code = value;
    if (!code)
        return nx_error_set(err, NX_E_QUERY, "topic:%s: unknown topic (see newssearch --info)",
                            value);
    return term_query(NX_PREFIX_TOPIC, code, out, err);
}

static nx_status_t source_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    const nx_sources_t *src = nx_lookup_sources(ctx, err);
    if (!src)
        return err->code;
    char *name = nx_sources_normalize(src, value);
    if (!name)
        return nx_error_set(err, NX_E_QUERY, "source: needs a name");
    nx_status_t s = term_query(NX_PREFIX_SOURCE, name, out, err);
    free(name);
    return s;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* One end of a date filter: YYYY, YYYY-MM, YYYY-MM-DD (or / or no
 * separators) to 4, 6 or 8 digits in out. */
static int date_digits(const char *s, size_t n, char out[9])
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-' || s[i] == '/' || s[i] == '.')
            continue;
        if (!isdigit((unsigned char)s[i]) || o >= 8)
            return 0;
        out[o++] = s[i];
    }
    out[o] = '\0';
    if (o != 4 && o != 6 && o != 8)
        return 0;
    int m = o >= 6 ? (out[4] - '0') * 10 + (out[5] - '0') : 1;
    int d = o == 8 ? (out[6] - '0') * 10 + (out[7] - '0') : 1;
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void pad(char dst[15], const char *src, char fill)
{
    size_t n = strlen(src);
    memcpy(dst, src, n);
    memset(dst + n, fill, 14 - n);
    dst[14] = '\0';
}

nx_status_t nx_date_bounds(const char *value, char lo[15], char hi[15], nx_error_t *err)
{
    lo[0] = hi[0] = '\0';
    const char *dots = strstr(value, "..");
    char a[9], b[9];
    if (!dots) {
        if (!date_digits(value, strlen(value), a))
            goto bad;
        pad(lo, a, '0');
        pad(hi, a, '9');
        return NX_OK;
    }
    size_t na = (size_t)(dots - value), nb = strlen(dots + 2);
    if (na == 0 && nb == 0)
        goto bad;
    if (na) {
        if (!date_digits(value, na, a))
            goto bad;
        pad(lo, a, '0');
    }
    if (nb) {
        if (!date_digits(dots + 2, nb, b))
            goto bad;
        pad(hi, b, '9');
    }
    if (na && nb && strcmp(lo, hi) > 0)
        return nx_error_set(err, NX_E_QUERY, "date:%s: the range ends before it starts", value);
    return NX_OK;
bad:
    return nx_error_set(err, NX_E_QUERY,
                        "date:%s: not a date or range (use 2021, 2021-04, 2021-04-08, "
                        "or FROM..TO)",
                        value);
}

static nx_status_t date_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    (void)ctx;
    char lo[15], hi[15];
    nx_status_t s = nx_date_bounds(value, lo, hi, err);
    if (s)
        return s;
    return xap_query_value_range(NX_SLOT_DATE, *lo ? lo : NULL, *hi ? hi : NULL, out, err);
}

static nx_status_t year_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    (void)ctx;
    if (strlen(value) != 4 || !digits(value, 4))
        return nx_error_set(err, NX_E_QUERY, "year:%s: not a four-digit year", value);
    return term_query(NX_PREFIX_YEAR, value, out, err);
}

nx_status_t nx_query_parser(xap_db *db, nx_lookup_t *lk, xap_qp **out, nx_error_t *err)
{
    xap_qp *qp;
    nx_status_t s = xap_qp_new("english", db, &qp, err);
    if (s)
        return s;
    void *ctx = lk;
    if ((s = xap_qp_add_prefix(qp, "title", NX_PREFIX_TITLE, err)) ||
        (s = xap_qp_add_field(qp, "country", 1, country_fp, ctx, err)) ||
        (s = xap_qp_add_field(qp, "topic", 1, topic_fp, ctx, err)) ||
        (s = xap_qp_add_field(qp, "source", 1, source_fp, ctx, err)) ||
        (s = xap_qp_add_field(qp, "date", 1, date_fp, ctx, err)) ||
        (s = xap_qp_add_field(qp, "year", 1, year_fp, ctx, err))) {
        xap_qp_free(qp);
        return s;
    }
    *out = qp;
    return NX_OK;
}

/* AND a filter query built by fn onto *q (which is replaced). */
static nx_status_t add_filter(xap_query **q, xap_field_fn fn, nx_lookup_t *lk,
                              const char *value, nx_error_t *err)
{
    xap_query *f, *r;
    nx_status_t s = fn(lk, value, &f, err);
    if (s)
        return s;
    s = xap_query_combine(XAP_OP_FILTER, *q, f, &r, err);
    xap_query_free(f);
    if (s)
        return s;
    xap_query_free(*q);
    *q = r;
    return NX_OK;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

nx_status_t nx_query_build(xap_qp *qp, nx_lookup_t *lk, const char *text,
                           const nx_filters_t *f, unsigned qp_flags, xap_query **out,
                           char **corrected, nx_error_t *err)
{
    *out = NULL;
    if (corrected)
        *corrected = NULL;
    xap_query *q;
    nx_status_t s = blank(text) ? xap_query_match_all(&q, err)
                                : xap_qp_parse(qp, text, qp_flags, &q, corrected, err);
    if (s)
        return s;
    char range[64];
    if (!s && f->country)
        s = add_filter(&q, country_fp, lk, f->country, err);
    if (!s && f->topic)
        s = add_filter(&q, topic_fp, lk, f->topic, err);
    if (!s && f->source)
        s = add_filter(&q, source_fp, lk, f->source, err);
    if (!s && f->since) {
        snprintf(range, sizeof range, "%s..", f->since);
        s = add_filter(&q, date_fp, lk, range, err);
    }
    if (!s && f->until) {
        snprintf(range, sizeof range, "..%s", f->until);
        s = add_filter(&q, date_fp, lk, range, err);
    }
    if (s) {
        xap_query_free(q);
        if (corrected) {
            free(*corrected);
            *corrected = NULL;
        }
        return s;
    }
    *out = q;
    return NX_OK;
}

void nx_lookup_init(nx_lookup_t *lk, xap_db *db)
{
    memset(lk, 0, sizeof *lk);
    lk->db = db;
}

/* Load the data file name with load into *slot unless it is there. */
#define LAZY(slot, name, load)                                                                   \
    do {                                                                                         \
        if (!(slot)) {                                                                           \
            char *path = nx_data_path(name);                                                     \
            if (!path)                                                                           \
                nx_error_set(err, NX_E_NOMEM, "out of memory");                                  \
            else if (load(path, &(slot), err) != NX_OK)                                          \
                (slot) = NULL;                                                                   \
            free(path);                                                                          \
        }                                                                                        \
        return (slot);                                                                           \
    } while (0)

const nx_gazetteer_t *nx_lookup_gazetteer(nx_lookup_t *lk, nx_error_t *err)
{
    LAZY(lk->gazetteer, "countries.tsv", nx_gazetteer_load);
}

const nx_sources_t *nx_lookup_sources(nx_lookup_t *lk, nx_error_t *err)
{
    LAZY(lk->sources, "sources.tsv", nx_sources_load);
}

const nx_topics_t *nx_lookup_topics(nx_lookup_t *lk, nx_error_t *err)
{
    LAZY(lk->topics, "topics.tsv", nx_topics_load);
}

void nx_lookup_free(nx_lookup_t *lk)
{
    nx_gazetteer_free(lk->gazetteer);
    nx_sources_free(lk->sources);
    nx_topics_free(lk->topics);
    memset(lk, 0, sizeof *lk);
}
