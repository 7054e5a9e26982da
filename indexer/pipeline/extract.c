/* extract.c - the extraction stage: what parsers leave open. */
#include "pipeline/pipeline.h"

#include <stdlib.h>
#include <string.h>

/* Cut the text to at most max bytes, at a space if one is near, never
 * inside a UTF-8 sequence. */
static void cut_text(nx_buf_t *t, size_t max)
{
    if (t->len <= max)
        return;
    size_t n = max;
    while (n > 0 && ((unsigned char)t->data[n] & 0xC0) == 0x80)
        n--;
    for (size_t k = n; k > 0 && k + 256 > n; k--)
        if (t->data[k] == ' ' || t->data[k] == '\n') {
            n = k;
            break;
        }
    t->len = n;
    t->data[n] = '\0';
}

nx_status_t nx_extract(const nx_extractor_t *ex, nx_article_t *a, int64_t mtime_s)
{
    cut_text(&a->text, ex->max_text ? ex->max_text : NX_MAX_TEXT);
    if (a->date_origin == NX_DATE_NONE || !nx_date_valid(&a->date)) {
        if (a->path && nx_date_from_path(a->path, &a->date) == NX_OK) {
            a->date_origin = NX_DATE_PATH;
        } else if (mtime_s > 0) {
            nx_date_from_unix(mtime_s, &a->date);
            a->date_origin = NX_DATE_MTIME;
        } else {
            memset(&a->date, 0, sizeof a->date);
            a->date_origin = NX_DATE_NONE;
        }
    }
    if (ex->gazetteer && a->ncountries == 0) {
        nx_country_input_t in = {a->title, a->dateline, a->text.data};
        nx_status_t st = nx_countries_extract(ex->gazetteer, &in, a->countries, NX_MAX_COUNTRIES,
                                              &a->ncountries);
        if (st != NX_OK)
            return st;
    }
    if (ex->topics && a->ntopics == 0) {
        const char *codes[NX_MAX_TOPICS];
        size_t n;
        nx_status_t st =
            nx_topics_classify(ex->topics, a->title, a->text.data, codes, NX_MAX_TOPICS, &n);
        if (st != NX_OK)
            return st;
        for (size_t i = 0; i < n; i++) {
            if (!(a->topics[a->ntopics] = strdup(codes[i])))
                return NX_E_NOMEM;
            a->ntopics++;
        }
    }
    return NX_OK;
}
