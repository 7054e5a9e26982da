/* document.c - an extracted article as a Xapian document. The schema's
 * table (nx_fields, lib/schema.c) says what each field becomes: this file
 * only says which part of the article holds each field's values. */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/fingerprint.h"
#include "newsindex/hash.h"
#include "newsindex/schema.h"

/* Title words count more than body words (and are also indexed under the
 * title field's prefix). */
#define TITLE_WDF 3

#define MAX_VALUES (NX_MAX_COUNTRIES > NX_MAX_TOPICS ? NX_MAX_COUNTRIES : NX_MAX_TOPICS)

typedef struct {
    const char *v[MAX_VALUES];
    size_t n;
} values_t;

/* The date's fields are cuts of its slot value "YYYYMMDDhhmmss". */
static int date_width(nx_field_id_t id)
{
    switch (id) {
    case NX_F_DATE: return 14;
    case NX_F_DAY: return 8;
    case NX_F_MONTH: return 6;
    case NX_F_YEAR: return 4;
    default: return 0;
    }
}

/* The values of field f in article a. date: the date's slot value, ""
 * when the article has none; cut: room for one cut of it. The text fields
 * are the TermGenerator's (add_text), and the file's term comes made
 * (file_term): neither has values here. */
static void field_values(const nx_field_t *f, const nx_article_t *a, const char *date,
                         const char *signature, char cut[16], values_t *out)
{
    out->n = 0;
    switch (f->id) {
    case NX_F_SOURCE:
        if (a->source)
            out->v[out->n++] = a->source;
        break;
    case NX_F_COUNTRY:
        for (size_t i = 0; i < a->ncountries && out->n < MAX_VALUES; i++)
            out->v[out->n++] = a->countries[i];
        break;
    case NX_F_TOPIC:
        for (size_t i = 0; i < a->ntopics && out->n < MAX_VALUES; i++)
            out->v[out->n++] = a->topics[i];
        break;
    case NX_F_DATE:
    case NX_F_YEAR:
    case NX_F_DAY:
    case NX_F_MONTH:
        if (*date) {
            snprintf(cut, 16, "%.*s", date_width(f->id), date);
            out->v[out->n++] = cut;
        }
        break;
    case NX_F_SIGNATURE: out->v[out->n++] = signature; break;
    case NX_F_ID: out->v[out->n++] = a->id; break;
    case NX_F_ORIGIN: out->v[out->n++] = nx_date_origin_name(a->date_origin); break;
    case NX_F_TEXT:
    case NX_F_TITLE:
    case NX_F_AUTHOR:
    case NX_F_FILE:
    case NX_NFIELDS: break;
    }
}

/* What the table says field f's values become: a boolean term each, and
 * the slot's value (a multi-valued field's values joined by NX_LIST_SEP). */
static nx_status_t add_field(xap_doc *doc, const nx_field_t *f, const values_t *v,
                             nx_error_t *err)
{
    nx_status_t s = NX_OK;
    for (size_t i = 0; f->kind == NX_KIND_BOOLEAN && f->prefix && i < v->n; i++) {
        char *t = nx_field_term(f, v->v[i]);
        if (!t)
            return nx_error_set(err, NX_E_NOMEM, "out of memory");
        s = xap_doc_add_boolean_term(doc, t, err);
        free(t);
        if (s)
            return s;
    }
    if (f->slot < 0 || v->n == 0)
        return NX_OK;
    if (!(f->flags & NX_FIELD_MULTI) || v->n == 1)
        return xap_doc_set_value(doc, (unsigned)f->slot, v->v[0], strlen(v->v[0]), err);
    nx_buf_t joined = {0};
    for (size_t i = 0; !s && i < v->n; i++) {
        if (i)
            s = nx_buf_putc(&joined, NX_LIST_SEP);
        if (!s)
            s = nx_buf_puts(&joined, v->v[i]);
    }
    if (s)
        s = nx_error_set(err, s, "out of memory");
    else
        s = xap_doc_set_value(doc, (unsigned)f->slot, joined.data, joined.len, err);
    nx_buf_free(&joined);
    return s;
}

static nx_status_t add_terms_values(xap_doc *doc, const nx_article_t *a, const char *file_term,
                                    const char *signature, nx_error_t *err)
{
    nx_status_t s = xap_doc_add_boolean_term(doc, file_term, err);
    char date[16] = "", cut[16];
    if (a->date_origin != NX_DATE_NONE)
        nx_date_format_value(&a->date, date);
    for (size_t i = 0; !s && i < NX_NFIELDS; i++) {
        values_t v;
        field_values(&nx_fields[i], a, date, signature, cut, &v);
        s = add_field(doc, &nx_fields[i], &v, err);
    }
    return s;
}

static nx_status_t add_text(xap_tg *tg, const nx_article_t *a, nx_error_t *err)
{
    nx_status_t s = NX_OK;
    if (a->title) {
        size_t n = strlen(a->title);
        if ((s = xap_tg_index(tg, a->title, n, TITLE_WDF, nx_fields[NX_F_TEXT].prefix, err)) ||
            (s = xap_tg_index(tg, a->title, n, 1, nx_fields[NX_F_TITLE].prefix, err)) ||
            (s = xap_tg_gap(tg, err)))
            return s;
    }
    /* The byline ("Hélène Marchand and Jo Lee") under its own prefix
     * only: author:marchand, not a word of the text. */
    if (a->byline && (s = xap_tg_index(tg, a->byline, strlen(a->byline), 1,
                                       nx_fields[NX_F_AUTHOR].prefix, err)))
        return s;
    if (a->standfirst) {
        if ((s = xap_tg_index(tg, a->standfirst, strlen(a->standfirst), 1,
                              nx_fields[NX_F_TEXT].prefix, err)) ||
            (s = xap_tg_gap(tg, err)))
            return s;
    }
    if (a->text.len)
        s = xap_tg_index(tg, a->text.data, a->text.len, 1, nx_fields[NX_F_TEXT].prefix, err);
    return s;
}

/* The body's fingerprint with the id's hash (fingerprint.h); none for a
 * body without words. */
static nx_status_t add_fingerprint(xap_doc *doc, const nx_article_t *a, nx_error_t *err)
{
    nx_fp_t fp;
    nx_fp_compute(a->text.data, a->text.len, &fp);
    if (fp.shingles == 0)
        return NX_OK;
    unsigned char v[NX_FP_BYTES];
    nx_fp_encode(&fp, nx_fnv1a(a->id, strlen(a->id)), v);
    return xap_doc_set_value(doc, NX_SLOT_FINGERPRINT, (const char *)v, sizeof v, err);
}

nx_status_t nx_build_doc(xap_tg *tg, const nx_article_t *a, const char *file_term,
                         const char *signature, int fingerprint, xap_doc **out,
                         nx_error_t *err)
{
    *out = NULL;
    xap_doc *doc;
    nx_status_t s = xap_doc_new(&doc, err);
    if (s)
        return s;
    size_t rlen;
    char *rec = nx_record_encode(a, &rlen);
    if (!rec) {
        xap_doc_free(doc);
        return nx_error_set(err, NX_E_NOMEM, "cannot encode the record");
    }
    s = xap_doc_set_data(doc, rec, rlen, err);
    free(rec);
    if (!s)
        s = xap_tg_set_document(tg, doc, err);
    if (!s)
        s = add_text(tg, a, err);
    xap_tg_release(tg); /* doc goes to the writer's thread */
    if (!s)
        s = add_terms_values(doc, a, file_term, signature, err);
    if (!s && fingerprint && a->text.len)
        s = add_fingerprint(doc, a, err);
    if (s) {
        xap_doc_free(doc);
        return s;
    }
    *out = doc;
    return NX_OK;
}
