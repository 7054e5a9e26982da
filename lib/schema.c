/* schema.c - the field table, field terms, the schema check, stored records,
 * roots, data paths. */
#include "newsindex/schema.h"

#include "newsindex/hash.h"

#include "newsindex/text.h"

#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NX_DATADIR
#define NX_DATADIR "/usr/local/share/newsindex"
#endif

/* The schema. Each field's kind, prefix, slot and case rule say how
 * newsindex stores it and how newssearch finds it; the examples and help
 * of the query fields make the field part of newssearch --help. */
const nx_field_t nx_fields[NX_NFIELDS] = {
    [NX_F_TEXT] = {NX_F_TEXT, "text", NX_KIND_TEXT, "", -1, NX_CASE_KEEP, 0, NULL, NULL},
    [NX_F_TITLE] = {NX_F_TITLE, "title", NX_KIND_TEXT, NX_PREFIX_TITLE, -1, NX_CASE_KEEP,
                    NX_FIELD_QUERY, "title:pipeline", "a word in the title"},
    [NX_F_COUNTRY] = {NX_F_COUNTRY, "country", NX_KIND_BOOLEAN, NX_PREFIX_COUNTRY,
                      NX_SLOT_COUNTRIES, NX_CASE_LOWER,
                      NX_FIELD_QUERY | NX_FIELD_FACET | NX_FIELD_MULTI,
                      "country:pakistan  country:PK  country:\"united states\"", "by country"},
    [NX_F_TOPIC] = {NX_F_TOPIC, "topic", NX_KIND_BOOLEAN, NX_PREFIX_TOPIC, NX_SLOT_TOPICS,
                    NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET | NX_FIELD_MULTI,
                    "topic:economy", "by topic"},
    [NX_F_SOURCE] = {NX_F_SOURCE, "source", NX_KIND_BOOLEAN, NX_PREFIX_SOURCE, NX_SLOT_SOURCE,
                     NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET, "source:reuters",
                     "by source"},
    [NX_F_DATE] = {NX_F_DATE, "date", NX_KIND_RANGE, NULL, NX_SLOT_DATE, NX_CASE_KEEP,
                   NX_FIELD_QUERY,
                   "date:2021  date:2021-04  date:2021-04-01..2021-04-30  date:..1987-03", NULL},
    [NX_F_YEAR] = {NX_F_YEAR, "year", NX_KIND_BOOLEAN, NX_PREFIX_YEAR, NX_SLOT_YEAR,
                   NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET, "year:1987", "by year"},
    [NX_F_DAY] = {NX_F_DAY, "day", NX_KIND_BOOLEAN, NX_PREFIX_DAY, -1, NX_CASE_LOWER, 0, NULL,
                  NULL},
    [NX_F_MONTH] = {NX_F_MONTH, "month", NX_KIND_BOOLEAN, NX_PREFIX_MONTH, -1, NX_CASE_LOWER, 0,
                    NULL, NULL},
    [NX_F_FILE] = {NX_F_FILE, "file", NX_KIND_BOOLEAN, NX_PREFIX_FILE, -1, NX_CASE_KEEP, 0, NULL,
                   NULL},
    [NX_F_SIGNATURE] = {NX_F_SIGNATURE, "signature", NX_KIND_STORED, NULL, NX_SLOT_SIGNATURE,
                        NX_CASE_KEEP, 0, NULL, NULL},
    [NX_F_ID] = {NX_F_ID, "id", NX_KIND_BOOLEAN, NX_PREFIX_ID, -1, NX_CASE_KEEP, NX_FIELD_QUERY,
                 "id:corpus/2011/03/11/x.html", "one article, by the id the output shows"},
    [NX_F_ORIGIN] = {NX_F_ORIGIN, "origin", NX_KIND_BOOLEAN, NX_PREFIX_ORIGIN, NX_SLOT_ORIGIN,
                     NX_CASE_LOWER, NX_FIELD_QUERY | NX_FIELD_FACET, "origin:mtime",
                     "by where the date came from (content, path, mtime)"},
    [NX_F_AUTHOR] = {NX_F_AUTHOR, "author", NX_KIND_TEXT, NX_PREFIX_AUTHOR, -1, NX_CASE_KEEP,
                     NX_FIELD_QUERY, "author:marchand", "a word of the byline"},
};
const size_t nx_nfields = NX_NFIELDS;

const nx_field_t *nx_field_named(const char *name)
{
    for (size_t i = 0; i < NX_NFIELDS; i++)
        if (strcmp(nx_fields[i].name, name) == 0)
            return &nx_fields[i];
    return NULL;
}

/* prefix + id, or prefix + a cut of id + "#" + its hash past the limit. */
static char *uid_term(const char *prefix, const char *id)
{
    size_t np = strlen(prefix), ni = strlen(id);
    /* Xapian's limit is 245 bytes for a term; keep well under it. */
    if (np + ni <= 240) {
        char *t = malloc(np + ni + 1);
        if (t) {
            memcpy(t, prefix, np);
            memcpy(t + np, id, ni + 1);
        }
        return t;
    }
    /* Cut at a UTF-8 character boundary. */
    size_t keep = 180;
    while (keep > 0 && ((unsigned char)id[keep] & 0xC0) == 0x80)
        keep--;
    char *t = malloc(np + keep + 18 + 1);
    if (t)
        snprintf(t, np + keep + 19, "%s%.*s#%016llx", prefix, (int)keep, id,
                 (unsigned long long)nx_fnv1a(id, ni));
    return t;
}

char *nx_field_term(const nx_field_t *f, const char *value)
{
    const char *prefix = f->prefix ? f->prefix : "";
    char *t = uid_term(prefix, value);
    /* Lowercased after the cut: the hash is of the value as given (what
     * every index of schema 2 and 3 holds). */
    if (t && f->case_rule == NX_CASE_LOWER)
        nx_ascii_lower(t + strlen(prefix));
    return t;
}

char *nx_file_term(const char *id)
{
    return nx_field_term(&nx_fields[NX_F_FILE], id);
}

nx_status_t nx_schema_check(xap_db *db, const char *where, const char *program, int *version,
                            nx_error_t *err)
{
    *version = 0;
    char *v = NULL;
    nx_status_t s = xap_db_get_metadata(db, NX_META_SCHEMA, &v, err);
    if (s)
        return s;
    int ver = atoi(v);
    free(v);
    if (ver > NX_SCHEMA_VERSION)
        return nx_error_set(err, NX_E_VERSION, "%s%sindex schema %d is newer than this %s (%d)",
                            where ? where : "", where ? ": " : "", ver, program,
                            NX_SCHEMA_VERSION);
    *version = ver;
    return NX_OK;
}

const char *nx_date_origin_name(nx_date_origin_t o)
{
    switch (o) {
    case NX_DATE_CONTENT: return "content";
    case NX_DATE_PATH: return "path";
    case NX_DATE_MTIME: return "mtime";
    case NX_DATE_NONE: break;
    }
    return "none";
}

static int set_str(json_t *o, const char *key, const char *val)
{
    if (!val)
        return 0;
    return json_object_set_new(o, key, json_string(val));
}

char *nx_record_encode(const nx_article_t *a, size_t *len)
{
    *len = 0;
    json_t *o = json_object();
    if (!o)
        return NULL;
    char iso[32];
    int bad = 0;
    bad |= set_str(o, "path", a->path);
    bad |= set_str(o, "path_hex", a->path_hex);
    if (a->id && (!a->path || strcmp(a->id, a->path) != 0))
        bad |= set_str(o, "id", a->id); /* absent: the id is the path */
    bad |= set_str(o, "title", a->title);
    if (a->date_origin != NX_DATE_NONE) {
        nx_date_format_iso(&a->date, iso);
        bad |= set_str(o, "date", iso);
    }
    bad |= set_str(o, "date_origin", nx_date_origin_name(a->date_origin));
    bad |= set_str(o, "source", a->source);
    json_t *c = json_array(), *t = json_array();
    for (size_t i = 0; c && i < a->ncountries; i++) {
        char up[3] = {(char)(a->countries[i][0] & ~0x20), (char)(a->countries[i][1] & ~0x20), 0};
        bad |= json_array_append_new(c, json_string(up));
    }
    for (size_t i = 0; t && i < a->ntopics; i++)
        bad |= json_array_append_new(t, json_string(a->topics[i]));
    bad |= json_object_set_new(o, "countries", c);
    bad |= json_object_set_new(o, "topics", t);
    bad |= set_str(o, "byline", a->byline);
    bad |= set_str(o, "dateline", a->dateline);
    bad |= set_str(o, "standfirst", a->standfirst);
    bad |= set_str(o, "format", a->format);
    /* JSON_COMPACT escapes newlines inside strings: the record's first
     * newline is the separator. */
    char *meta = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!meta)
        return NULL;
    size_t ml = strlen(meta);
    char *rec = realloc(meta, ml + 1 + a->text.len + 1);
    if (!rec) {
        free(meta);
        return NULL;
    }
    rec[ml] = '\n';
    if (a->text.len)
        memcpy(rec + ml + 1, a->text.data, a->text.len);
    rec[ml + 1 + a->text.len] = '\0';
    *len = ml + 1 + a->text.len;
    return rec;
}

void nx_record_split(const char *data, size_t len, size_t *meta_len, const char **text,
                     size_t *text_len)
{
    const char *nl = memchr(data, '\n', len);
    if (!nl) {
        *meta_len = len;
        *text = data + len;
        *text_len = 0;
        return;
    }
    *meta_len = (size_t)(nl - data);
    *text = nl + 1;
    *text_len = len - *meta_len - 1;
}

void nx_roots_free(nx_roots_t *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].label);
        free(r->v[i].path);
    }
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

nx_status_t nx_roots_add(nx_roots_t *r, const char *label, size_t llen, const char *path,
                             size_t plen, nx_error_t *err)
{
    nx_root_t *v = realloc(r->v, (r->n + 1) * sizeof *v);
    if (!v)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    r->v = v;
    v[r->n].label = nx_strndup(label, llen);
    v[r->n].path = nx_strndup(path, plen);
    if (!v[r->n].label || !v[r->n].path) {
        free(v[r->n].label);
        free(v[r->n].path);
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }
    r->n++;
    return NX_OK;
}

nx_status_t nx_roots_parse(const char *text, size_t len, nx_roots_t *out, nx_error_t *err)
{
    memset(out, 0, sizeof *out);
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(le - p));
        if (le > p) {
            if (!tab || tab == p || tab + 1 >= le || tab[1] != '/') {
                nx_roots_free(out);
                return nx_error_set(err, NX_E_CORRUPT, "the index's list of roots is damaged");
            }
            nx_status_t s = nx_roots_add(out, p, (size_t)(tab - p), tab + 1, (size_t)(le - tab - 1), err);
            if (s) {
                nx_roots_free(out);
                return s;
            }
        }
        p = le + 1;
    }
    return NX_OK;
}

char *nx_roots_format(const nx_roots_t *r)
{
    nx_buf_t b = {0};
    for (size_t i = 0; i < r->n; i++)
        nx_buf_printf(&b, "%s\t%s\n", r->v[i].label, r->v[i].path);
    return nx_buf_steal(&b);
}

long nx_roots_find(const nx_roots_t *r, const char *label)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].label, label) == 0)
            return (long)i;
    return -1;
}

char *nx_roots_locate(const nx_roots_t *r, const char *id)
{
    const char *slash = strchr(id, '/');
    size_t ll = slash ? (size_t)(slash - id) : strlen(id);
    for (size_t i = 0; i < r->n; i++) {
        if (strlen(r->v[i].label) != ll || strncmp(r->v[i].label, id, ll) != 0)
            continue;
        nx_buf_t b = {0};
        nx_buf_puts(&b, r->v[i].path);
        if (slash) {
            if (strcmp(r->v[i].path, "/") != 0)
                nx_buf_putc(&b, '/');
            nx_buf_puts(&b, slash + 1);
        }
        return nx_buf_steal(&b);
    }
    return NULL;
}

static int readable(const char *p)
{
    return access(p, R_OK) == 0;
}

static char *join(const char *dir, const char *rel, const char *name)
{
    size_t n = strlen(dir) + strlen(rel) + strlen(name) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, rel, *rel ? "/" : "", name);
    return p;
}

char *nx_data_path(const char *name)
{
    const char *env = getenv("NX_DATA_DIR");
    if (env && *env)
        return join(env, "", name);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rels[] = {"../data", "../share/newsindex"};
            for (size_t i = 0; i < sizeof rels / sizeof rels[0]; i++) {
                char *p = join(exe, rels[i], name);
                if (!p || readable(p))
                    return p;
                free(p);
            }
        }
    }
    return join(NX_DATADIR, "", name);
}
