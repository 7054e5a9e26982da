/* hits.c - the hit and facet objects, from the index's stored records and
 * facet counts. */
#include "hits.h"

#include <stdlib.h>
#include <string.h>

#include "newsindex/text.h"

static void copy_key(json_t *dst, json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    json_object_set(dst, key, v ? v : json_null());
}

/* "file": where the document's file is now (its root's recorded path and
 * the rest of its id), escaped like the path; "file_hex": its bytes when
 * the escaped form differs. */
static void set_file(json_t *hit, json_t *rec, const nx_roots_t *roots)
{
    const char *hex = json_string_value(json_object_get(rec, "path_hex"));
    const char *path = json_string_value(json_object_get(rec, "path"));
    char *raw = hex ? nx_hex_decode(hex) : path ? strdup(path) : NULL;
    char *file = raw && roots ? nx_roots_locate(roots, raw) : NULL;
    char *shown = file ? nx_escape_name(file) : NULL;
    if (shown) {
        json_object_set_new(hit, "file", json_string(shown));
        if (strcmp(shown, file) != 0) {
            char *fh = nx_hex_encode(file, strlen(file));
            json_object_set_new(hit, "file_hex", json_string(fh ? fh : ""));
            free(fh);
        }
    }
    free(shown);
    free(file);
    free(raw);
}

/* The first len bytes or so of text, cut after a word (at a character's
 * start), with "..." when there is more. malloc'd (NULL on failure). */
static char *lead(const char *text, size_t text_len, size_t len)
{
    while (text_len && (*text == ' ' || *text == '\n' || *text == '\t' || *text == '\r')) {
        text++;
        text_len--;
    }
    size_t n = text_len;
    if (n > len) {
        n = len;
        while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
        size_t cut = n;
        while (cut && text[cut] != ' ' && text[cut] != '\n')
            cut--;
        if (cut > len / 2)
            n = cut;
    }
    char *out = malloc(n + 4);
    if (out) {
        memcpy(out, text, n);
        out[n] = '\0';
        if (n < text_len)
            memcpy(out + n, "...", 4);
    }
    return out;
}

const char *const nx_hit_fields[] = {"rank",   "score",   "percent",  "id",   "path",
                                     "file",   "file_hex", "title",   "date", "date_origin",
                                     "source", "countries", "topics", "cluster", "cluster_size",
                                     "cluster_first", "cluster_last", "cluster_sources",
                                     "author", "snippet", "text", NULL};

/* What the index holds of cluster cid: its members' days and sources,
 * counted in the matcher (no document read), once per cluster and
 * operation (o->clusters). A borrowed object, or NULL on failure (e). */
static json_t *cluster_info(const nx_hit_opts_t *o, const char *cid, nx_error_t *e)
{
    json_t *c = json_object_get(o->clusters, cid);
    if (c)
        return c;
    xap_query *q = NULL;
    xap_counts *counts = NULL;
    uint32_t n = 0;
    xap_count_spec_t spec = {(unsigned)nx_fields[NX_F_DATE].slot, 8, 1,
                             (unsigned)nx_fields[NX_F_SOURCE].slot, 0};
    if (xap_query_value_range(NX_SLOT_CLUSTER, cid, cid, &q, e) ||
        xap_count_values(o->db, q, &spec, &counts, &n, e)) {
        xap_query_free(q);
        return NULL;
    }
    xap_query_free(q);
    char first[11] = "", last[11] = "";
    json_t *by = json_object(); /* source -> members */
    for (size_t i = 0; i < xap_counts_size(counts); i++) {
        const char *key;
        size_t len;
        uint32_t k;
        xap_counts_get(counts, i, &key, &len, &k);
        const char *tab = memchr(key, '\t', len);
        size_t dl = tab ? (size_t)(tab - key) : len;
        if (dl == 8) { /* keys in byte order: the first day is the earliest */
            char day[11];
            snprintf(day, sizeof day, "%.4s-%.2s-%.2s", key, key + 4, key + 6);
            if (!*first)
                memcpy(first, day, sizeof day);
            memcpy(last, day, sizeof day);
        }
        if (tab && tab[1]) {
            json_t *was = json_object_get(by, tab + 1);
            json_object_set_new(by, tab + 1,
                                json_integer((was ? json_integer_value(was) : 0) + k));
        }
    }
    xap_counts_free(counts);
    /* Sources by members, most first (then by name). */
    json_t *sources = json_array();
    while (json_object_size(by)) {
        const char *best = NULL, *key;
        json_int_t most = -1;
        json_t *v;
        json_object_foreach(by, key, v)
        {
            json_int_t k = json_integer_value(v);
            if (k > most || (k == most && strcmp(key, best) < 0)) {
                most = k;
                best = key;
            }
        }
        json_array_append_new(sources, json_string(best));
        json_object_del(by, best);
    }
    json_decref(by);
    c = json_object();
    json_object_set_new(c, "cluster_size", json_integer(n));
    json_object_set_new(c, "cluster_first", *first ? json_string(first) : json_null());
    json_object_set_new(c, "cluster_last", *last ? json_string(last) : json_null());
    json_object_set_new(c, "cluster_sources", sources);
    json_object_set_new(o->clusters, cid, c);
    return c;
}

json_t *nx_hit_json(const nx_hit_opts_t *o, const xap_result *r, const xap_hit_t *h, long rank,
                    int with_score, nx_error_t *e)
{
    json_error_t jerr;
    size_t meta_len, text_len;
    const char *text;
    nx_record_split(h->data, h->len, &meta_len, &text, &text_len);
    json_t *rec = json_loadb(h->data, meta_len, 0, &jerr);
    if (!rec)
        rec = json_object();
    if (!json_object_get(rec, "id")) /* not stored when it is the path */
        json_object_set(rec, "id", json_object_get(rec, "path"));
    json_t *hit = json_object();
    if (rank > 0) /* the export has no ranking */
        json_object_set_new(hit, "rank", json_integer(rank));
    if (with_score) {
        json_object_set_new(hit, "score", json_real(h->weight));
        json_object_set_new(hit, "percent", json_integer(h->percent));
    }
    static const char *const keys[] = {"id", "path", "title", "date", "date_origin", "source",
                                       "countries", "topics"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        copy_key(hit, rec, keys[i]);
        if (i == 1)
            set_file(hit, rec, o->roots);
    }
    json_object_set(hit, "author", json_object_get(rec, "byline") ? json_object_get(rec, "byline")
                                                                   : json_null());
    json_decref(rec);
    if (o->db && h->value_len) {
        char cid[17];
        snprintf(cid, sizeof cid, "%.*s", (int)(h->value_len < 16 ? h->value_len : 16),
                 h->value);
        json_t *c = cluster_info(o, cid, e);
        if (!c) {
            json_decref(hit);
            return NULL;
        }
        json_object_set_new(hit, "cluster", json_string(cid));
        json_object_update(hit, c);
    } else if (o->db) {
        json_object_set_new(hit, "cluster", json_null());
        json_object_set_new(hit, "cluster_size", json_integer(1));
    }
    if (o->text) /* stored valid UTF-8 (nx_utf8_repair at index time) */
        json_object_set_new(hit, "text", json_stringn(text_len ? text : "", text_len));
    if (o->snippets && r) {
        char *snip = NULL;
        if (text_len && xap_result_snippet(r, text, text_len, o->snippet_len, o->hi_start,
                                           o->hi_end, "...", &snip, e) != NX_OK) {
            json_decref(hit);
            return NULL;
        }
        /* No word of the query is in the text (a filter-only query, a word
         * only in the title): the article's lead, not a passage from its
         * middle. */
        if (snip && !*snip) {
            free(snip);
            snip = lead(text, text_len, o->snippet_len);
        }
        json_object_set_new(hit, "snippet", json_string(snip ? nx_squeeze_space(snip) : ""));
        free(snip);
    }
    return hit;
}

json_t *nx_facet_json(const xap_result *r, size_t fi, const nx_field_t *f, nx_lookup_t *lk)
{
    json_t *arr = json_array();
    nx_error_t e;
    int countries = f->id == NX_F_COUNTRY;
    const nx_gazetteer_t *g = /* country names; without the file, codes only */
        countries && xap_result_facet_size(r, fi) ? nx_lookup_gazetteer(lk, &e) : NULL;
    for (size_t j = 0; j < xap_result_facet_size(r, fi); j++) {
        const char *v;
        uint32_t c;
        xap_result_facet(r, fi, j, &v, &c);
        json_t *o = json_object();
        if (countries) { /* stored lowercase, shown as the record shows them */
            char up[3] = {(char)(v[0] & ~0x20), v[0] ? (char)(v[1] & ~0x20) : 0, 0};
            json_object_set_new(o, "value", json_string(up));
            const char *name = g ? nx_country_name(g, v) : NULL;
            if (name)
                json_object_set_new(o, "name", json_string(name));
        } else {
            char *clean = nx_utf8_repair(v, strlen(v));
            json_object_set_new(o, "value", json_string(clean ? clean : ""));
            free(clean);
        }
        json_object_set_new(o, "count", json_integer(c));
        json_array_append_new(arr, o);
    }
    return arr;
}
