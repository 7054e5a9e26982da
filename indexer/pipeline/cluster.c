/* cluster.c - near-duplicate clusters at the end of a run.
 *
 * Every document's fingerprint (NX_SLOT_FINGERPRINT: its id's hash and a
 * MinHash of its body) is read from the value streams; candidate pairs
 * come from LSH banding (NX_FP_K values cut into BANDS bands of ROWS: two
 * documents sharing a band's values are compared), a pair is joined when
 * its estimated Jaccard similarity is well above the threshold, or, near
 * it, when the exact similarity of the two texts is at least the
 * threshold, and the joins are closed transitively (union-find). A
 * cluster is named by the least id hash of its members, so that it keeps
 * its name while that member stays, and the name depends only on the
 * documents, not on their order or on how many threads built the index.
 * Only the documents whose cluster value changes are rewritten (their
 * values only).
 *
 * Banding: a pair of similarity s is a candidate with probability
 * 1 - (1 - s^4)^16: 0.99 at s = 0.7, 0.9996 at 0.8, 0.64 at 0.5 (those
 * are then compared, and most stay apart). */
#include "pipeline/pipeline.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/fingerprint.h"
#include "newsindex/schema.h"

#define ROWS 4
#define BANDS (NX_FP_K / ROWS)
/* Members of one band bucket compared with each other at most this far
 * apart in the bucket's order: a bucket of thousands (boilerplate shared
 * by many articles) stays linear, and a real cluster is still joined
 * through its neighbours. */
#define BUCKET_WINDOW 32
/* A pair whose estimate is within this much under the threshold, or
 * CHECK_ABOVE over it, is decided by the exact Jaccard similarity of the
 * two texts' shingles (read from the stored records): the estimate's
 * standard error is about 0.06, and two different stories of a template
 * (a company's quarterly figures, corrected) come near the threshold in
 * numbers, where a few would otherwise be joined by chance. */
#define CHECK_BELOW 0.1
#define CHECK_ABOVE 0.15

typedef struct {
    nx_fp_t fp;
    uint64_t idh;
    uint32_t docid;
    uint32_t db;     /* which of dbs */
    char old[17];    /* its cluster value before the run ("" for none) */
} member_t;

typedef struct {
    member_t *v;
    size_t n, cap;
    uint32_t db;
    int bad;         /* a fingerprint that does not decode: not clustered */
} members_t;

static int read_fp(void *ctx, uint32_t docid, const char *val, size_t len)
{
    members_t *m = ctx;
    nx_fp_t fp;
    uint64_t idh;
    if (nx_fp_decode((const unsigned char *)val, len, &fp, &idh) != 0) {
        m->bad++;
        return 0;
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->v = nx_xrealloc(m->v, m->cap * sizeof *m->v);
    }
    member_t *e = &m->v[m->n++];
    e->fp = fp;
    e->idh = idh;
    e->docid = docid;
    e->db = m->db;
    e->old[0] = '\0';
    return 0;
}

/* The cluster values before the run, matched to the members (both in
 * docid order within a database); values of documents without a
 * fingerprint are listed in stale. */
typedef struct {
    members_t *m;
    size_t at;      /* first member of this db not yet passed */
    uint32_t db;
    uint32_t *stale;
    size_t nstale, stale_cap;
} olds_t;

static int read_old(void *ctx, uint32_t docid, const char *val, size_t len)
{
    olds_t *o = ctx;
    members_t *m = o->m;
    while (o->at < m->n && m->v[o->at].db == o->db && m->v[o->at].docid < docid)
        o->at++;
    if (o->at < m->n && m->v[o->at].db == o->db && m->v[o->at].docid == docid) {
        snprintf(m->v[o->at].old, sizeof m->v[o->at].old, "%.*s", (int)(len < 16 ? len : 16),
                 val);
        return 0;
    }
    if (o->nstale == o->stale_cap) {
        o->stale_cap = o->stale_cap ? o->stale_cap * 2 : 64;
        o->stale = nx_xrealloc(o->stale, o->stale_cap * sizeof *o->stale);
    }
    o->stale[o->nstale++] = docid;
    return 0;
}

/* A member's exact shingle set, read once when a pair needs it. */
typedef struct {
    uint64_t *v;
    size_t n;
    int loaded;
} exact_t;

static nx_status_t exact_of(xap_db *const *dbs, const member_t *mb, exact_t *x, nx_error_t *err)
{
    if (x->loaded)
        return NX_OK;
    char *data = NULL;
    size_t len = 0, meta, tlen;
    const char *text;
    nx_status_t s = xap_db_get_data(dbs[mb->db], mb->docid, &data, &len, err);
    if (s)
        return s;
    nx_record_split(data, len, &meta, &text, &tlen);
    int bad = nx_fp_shingles(text, tlen, &x->v, &x->n);
    free(data);
    if (bad)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    x->loaded = 1;
    return NX_OK;
}

static size_t find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void join(size_t *parent, size_t a, size_t b)
{
    a = find(parent, a);
    b = find(parent, b);
    if (a != b) /* the lower index becomes the root */
        parent[a > b ? a : b] = a < b ? a : b;
}

typedef struct {
    uint64_t key, idh;
    size_t i;
} slot_t;

static int cmp_slot(const void *x, const void *y)
{
    const slot_t *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->idh < b->idh ? -1 : a->idh > b->idh;
}

nx_status_t nx_cluster(xap_db *const *dbs, size_t n, double threshold, uint64_t *clusters,
                       uint64_t *clustered, uint64_t *rewritten, nx_error_t *err)
{
    *clusters = *clustered = *rewritten = 0;
    members_t m = {0};
    nx_status_t s = NX_OK;
    for (size_t d = 0; d < n && !s; d++) {
        m.db = (uint32_t)d;
        s = xap_db_values(dbs[d], NX_SLOT_FINGERPRINT, read_fp, &m, err);
    }
    olds_t o = {0};
    o.m = &m;
    for (size_t d = 0; d < n && !s; d++) {
        o.db = (uint32_t)d;
        s = xap_db_values(dbs[d], NX_SLOT_CLUSTER, read_old, &o, err);
        /* Documents without a fingerprint are in no cluster. */
        for (size_t k = 0; !s && k < o.nstale; k++, ++*rewritten)
            s = xap_db_set_doc_value(dbs[d], o.stale[k], NX_SLOT_CLUSTER, "", 0, err);
        o.nstale = 0;
        while (o.at < m.n && m.v[o.at].db == o.db)
            o.at++;
    }
    free(o.stale);
    if (s || m.n == 0) {
        free(m.v);
        return s;
    }
    size_t *parent = nx_xrealloc(NULL, m.n * sizeof *parent);
    for (size_t i = 0; i < m.n; i++)
        parent[i] = i;
    slot_t *band = nx_xrealloc(NULL, m.n * sizeof *band);
    exact_t *ex = calloc(m.n, sizeof *ex);
    if (!ex)
        abort();
    /* Equal values: at least sure, joined; at least check, decided exactly. */
    int sure = (int)((threshold + CHECK_ABOVE) * NX_FP_K + 0.999999);
    int check = (int)((threshold - CHECK_BELOW) * NX_FP_K + 0.999999);
    for (int b = 0; b < BANDS && !s; b++) {
        for (size_t i = 0; i < m.n; i++) {
            uint64_t k = 0;
            for (int r = 0; r < ROWS; r++)
                k = k << 16 | m.v[i].fp.v[b * ROWS + r];
            band[i] = (slot_t){k, m.v[i].idh, i};
        }
        qsort(band, m.n, sizeof *band, cmp_slot);
        for (size_t lo = 0, hi; lo < m.n; lo = hi) {
            for (hi = lo + 1; hi < m.n && band[hi].key == band[lo].key; hi++)
                ;
            for (size_t x = lo + 1; x < hi && !s; x++)
                for (size_t y = x > lo + BUCKET_WINDOW ? x - BUCKET_WINDOW : lo; y < x && !s;
                     y++) {
                    size_t a = band[x].i, c = band[y].i;
                    if (find(parent, a) == find(parent, c))
                        continue;
                    int same = 0;
                    for (int v = 0; v < NX_FP_K; v++)
                        same += m.v[a].fp.v[v] == m.v[c].fp.v[v];
                    if (same >= sure) {
                        join(parent, a, c);
                    } else if (same >= check) {
                        if ((s = exact_of(dbs, &m.v[a], &ex[a], err)) ||
                            (s = exact_of(dbs, &m.v[c], &ex[c], err)))
                            break;
                        if (nx_fp_jaccard(ex[a].v, ex[a].n, ex[c].v, ex[c].n) >= threshold)
                            join(parent, a, c);
                    }
                }
        }
    }
    free(band);
    for (size_t i = 0; i < m.n; i++)
        free(ex[i].v);
    free(ex);
    if (s) {
        free(parent);
        free(m.v);
        return s;
    }
    /* Each root's name (least id hash) and size. */
    uint64_t *name = nx_xrealloc(NULL, m.n * sizeof *name);
    uint32_t *size = calloc(m.n, sizeof *size);
    if (!size)
        abort();
    for (size_t i = 0; i < m.n; i++)
        name[i] = UINT64_MAX;
    for (size_t i = 0; i < m.n; i++) {
        size_t r = find(parent, i);
        if (m.v[i].idh < name[r])
            name[r] = m.v[i].idh;
        size[r]++;
    }
    for (size_t i = 0; i < m.n && !s; i++) {
        size_t r = find(parent, i);
        char now[17] = "";
        if (size[r] >= 2) {
            snprintf(now, sizeof now, "%016" PRIx64, name[r]);
            ++*clustered;
            if (r == i)
                ++*clusters;
        }
        if (strcmp(now, m.v[i].old) != 0) {
            s = xap_db_set_doc_value(dbs[m.v[i].db], m.v[i].docid, NX_SLOT_CLUSTER, now,
                                     strlen(now), err);
            ++*rewritten;
        }
    }
    free(name);
    free(size);
    free(parent);
    free(m.v);
    return s;
}

nx_status_t nx_recluster(run_t *r, xap_db *const *dbs, size_t n, nx_error_t *err)
{
    if (r->cfg->no_dedup)
        return NX_OK;
    if (r->rep.progress)
        r->rep.progress(r->rep.ctx, "finding near-duplicates", r->njobs, r->njobs);
    double t = r->cfg->dup_threshold > 0 ? r->cfg->dup_threshold : NX_DUP_THRESHOLD;
    nx_status_t s = NX_OK;
    for (size_t d = 0; d < n && !s; d++)
        s = xap_db_begin(dbs[d], err);
    if (!s)
        s = nx_cluster(dbs, n, t, &r->prog->clusters, &r->prog->clustered,
                       &r->prog->reclustered, err);
    if (s) {
        nx_error_t ignore;
        for (size_t d = 0; d < n; d++)
            xap_db_cancel(dbs[d], &ignore);
    }
    return s;
}
