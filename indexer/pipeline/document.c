/* document.c - an extracted article as a Xapian document (the schema in
 * include/newsindex/schema.h). */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/schema.h"

/* Title words count more than body words (and are also indexed under S). */
#define TITLE_WDF 3

static nx_status_t add_prefixed(xap_doc *doc, const char *prefix, const char *value,
                                nx_error_t *err)
{
    char *t = nx_uid_term(prefix, value);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_ascii_lower(t + strlen(prefix));
    nx_status_t s = xap_doc_add_boolean_term(doc, t, err);
    free(t);
    return s;
}

static nx_status_t add_terms_values(xap_doc *doc, const nx_article_t *a, const char *file_term,
                                    const char *signature, nx_error_t *err)
{
    nx_status_t s = xap_doc_add_boolean_term(doc, file_term, err);
    if (s)
        return s;
    if (a->source) {
        if ((s = add_prefixed(doc, NX_PREFIX_SOURCE, a->source, err)) ||
            (s = xap_doc_set_value(doc, NX_SLOT_SOURCE, a->source, strlen(a->source), err)))
            return s;
    }
    char list[NX_MAX_COUNTRIES * 3 + 1];
    size_t n = 0;
    for (size_t i = 0; i < a->ncountries; i++) {
        if ((s = add_prefixed(doc, NX_PREFIX_COUNTRY, a->countries[i], err)))
            return s;
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? "," : "", a->countries[i]);
    }
    if (n && (s = xap_doc_set_value(doc, NX_SLOT_COUNTRIES, list, n, err)))
        return s;
    nx_buf_t topics = {0};
    for (size_t i = 0; i < a->ntopics; i++) {
        if ((s = add_prefixed(doc, NX_PREFIX_TOPIC, a->topics[i], err)))
            break;
        if (i)
            nx_buf_putc(&topics, NX_LIST_SEP);
        nx_buf_puts(&topics, a->topics[i]);
    }
    if (!s && topics.len)
        s = xap_doc_set_value(doc, NX_SLOT_TOPICS, topics.data, topics.len, err);
    nx_buf_free(&topics);
    if (s)
        return s;
    if (a->date_origin != NX_DATE_NONE) {
        char v[16], t[16];
        nx_date_format_value(&a->date, v);
        if ((s = xap_doc_set_value(doc, NX_SLOT_DATE, v, 14, err)) ||
            (s = xap_doc_set_value(doc, NX_SLOT_YEAR, v, 4, err)))
            return s;
        snprintf(t, sizeof t, "%.8s", v);
        if ((s = add_prefixed(doc, NX_PREFIX_DAY, t, err)))
            return s;
        t[6] = '\0';
        if ((s = add_prefixed(doc, NX_PREFIX_MONTH, t, err)))
            return s;
        t[4] = '\0';
        if ((s = add_prefixed(doc, NX_PREFIX_YEAR, t, err)))
            return s;
    }
    return xap_doc_set_value(doc, NX_SLOT_SIGNATURE, signature, strlen(signature), err);
}

static nx_status_t add_text(xap_tg *tg, const nx_article_t *a, nx_error_t *err)
{
    nx_status_t s = NX_OK;
    if (a->title) {
        size_t n = strlen(a->title);
        if ((s = xap_tg_index(tg, a->title, n, TITLE_WDF, "", err)) ||
            (s = xap_tg_index(tg, a->title, n, 1, NX_PREFIX_TITLE, err)) ||
            (s = xap_tg_gap(tg, err)))
            return s;
    }
    if (a->standfirst) {
        if ((s = xap_tg_index(tg, a->standfirst, strlen(a->standfirst), 1, "", err)) ||
            (s = xap_tg_gap(tg, err)))
            return s;
    }
    if (a->text.len)
        s = xap_tg_index(tg, a->text.data, a->text.len, 1, "", err);
    return s;
}

nx_status_t nx_build_doc(xap_tg *tg, const nx_article_t *a, const char *file_term,
                         const char *signature, xap_doc **out, nx_error_t *err)
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
    if (!s)
        s = add_terms_values(doc, a, file_term, signature, err);
    if (s) {
        xap_doc_free(doc);
        return s;
    }
    *out = doc;
    return NX_OK;
}
