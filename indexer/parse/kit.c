/* kit.c - what the parsers share (see kit.h). */
#include "parse/kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/dateline.h"

nx_status_t nx_kit_begin(nx_draft_t *d, const nx_parse_ctx_t *ctx, const char *relpath,
                         const char *item, const char *format, nx_family_t family)
{
    d->ctx = ctx;
    nx_cands_init(&d->c, family);
    nx_article_t *a = d->a = nx_article_new();
    if (!a)
        return NX_E_NOMEM;
    a->path = strdup(relpath);
    a->format = strdup(format);
    if (item) {
        size_t n = strlen(relpath) + strlen(item) + 2;
        a->id = malloc(n);
        if (a->id)
            snprintf(a->id, n, "%s#%s", relpath, item);
    } else {
        a->id = strdup(relpath);
    }
    if (!a->path || !a->format || !a->id) {
        nx_article_free(a);
        d->a = NULL;
        return NX_E_NOMEM;
    }
    return NX_OK;
}

int nx_kit_date_of(const char *s, nx_date_order_t order, int find, nx_date_t *t)
{
    return s && (nx_date_parse(s, order, t) == NX_OK || (find && nx_date_find(s, t) == NX_OK));
}

int nx_kit_date(nx_draft_t *d, nx_origin_t o, const char *s, nx_date_order_t order, int find)
{
    nx_date_t t;
    if (!nx_kit_date_of(s, order, find, &t))
        return 0;
    nx_cands_add_date(&d->c, o, s, &t);
    return 1;
}

/* One line of text into o: runs of spaces, tabs and no-break spaces made
 * one space, none at either end. Returns 0 for a blank line. */
static int squeeze_line(nx_buf_t *o, const char *q, const char *e, int need_para)
{
    int first = 1, space = 0;
    while (q < e) {
        if (*q == ' ' || *q == '\t') {
            space = 1;
            q++;
            continue;
        }
        if ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0) {
            space = 1;
            q += 2;
            continue;
        }
        const char *w = q;
        while (w < e && *w != ' ' && *w != '\t' &&
               !((unsigned char)w[0] == 0xC2 && (unsigned char)w[1] == 0xA0))
            w++;
        if (first) {
            if (o->len > 0)
                nx_buf_append(o, need_para ? "\n\n" : "\n", need_para ? 2 : 1);
            first = 0;
        } else if (space) {
            nx_buf_putc(o, ' ');
        }
        nx_buf_append(o, q, (size_t)(w - q));
        space = 0;
        q = w;
    }
    return !first;
}

nx_status_t nx_kit_text(nx_draft_t *d, nx_buf_t *t)
{
    nx_status_t st = nx_buf_status(t);
    char *r = st == NX_OK ? nx_utf8_repair(t->data ? t->data : "", t->len) : NULL;
    nx_buf_free(t);
    if (st != NX_OK)
        return st;
    if (!r)
        return NX_E_NOMEM;
    /* Keep paragraphs separated by exactly one blank line. The appends
     * are checked once, by the buffer's status. */
    nx_buf_t o = {0};
    const char *p = r;
    int need_para = 0;
    while (*p && nx_buf_status(&o) == NX_OK) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        if (squeeze_line(&o, p, e, need_para))
            need_para = 0;
        else
            need_para = 1; /* a blank line */
        p = *e ? e + 1 : e;
    }
    free(r);
    st = nx_buf_status(&o);
    if (st != NX_OK) {
        nx_buf_free(&o);
        return st;
    }
    nx_buf_free(&d->a->text);
    d->a->text = o;
    return NX_OK;
}

void nx_kit_dateline(nx_draft_t *d, const char *s, size_t n)
{
    nx_dateline_t dl;
    if (!s || !n || !nx_dateline_find(s, n, &dl))
        return;
    if (dl.place_len)
        nx_cands_add(&d->c, NX_FIELD_DATELINE, NX_FROM_DATELINE, dl.place, dl.place_len, 0);
    if (dl.src_len)
        nx_cands_add(&d->c, NX_FIELD_SOURCE, NX_FROM_DATELINE, dl.src, dl.src_len,
                     dl.place_len ? NX_CAND_FIRM : 0);
}

nx_status_t nx_kit_resolve(nx_draft_t *d)
{
    return nx_resolve(d->ctx ? d->ctx->sources : NULL, &d->c, d->a);
}

nx_status_t nx_kit_finish(nx_draft_t *d, nx_article_list_t *out, nx_error_t *err)
{
    nx_status_t st = d->a ? nx_kit_resolve(d) : NX_E_NOMEM;
    if (st == NX_OK && nx_article_list_push(out, d->a) == NX_OK)
        d->a = NULL;
    else if (st == NX_OK)
        st = NX_E_NOMEM;
    nx_kit_drop(d);
    if (st != NX_OK)
        return nx_error_set(err, st, "%s", st == NX_E_NOMEM ? "out of memory" : nx_status_str(st));
    return NX_OK;
}

void nx_kit_drop(nx_draft_t *d)
{
    nx_article_free(d->a);
    d->a = NULL;
    nx_cands_free(&d->c);
}
