/* article.c - the article model. */
#include "newsindex/article.h"

#include <stdlib.h>
#include <string.h>

nx_article_t *nx_article_new(void)
{
    return calloc(1, sizeof(nx_article_t));
}

void nx_article_free(nx_article_t *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->path);
    free(a->path_hex);
    free(a->title);
    free(a->standfirst);
    free(a->source);
    free(a->byline);
    free(a->dateline);
    free(a->format);
    nx_buf_free(&a->text);
    for (size_t i = 0; i < a->ntopics; i++)
        free(a->topics[i]);
    free(a);
}

nx_status_t nx_article_set(char **field, const char *s, size_t n)
{
    if (!s) {
        free(*field);
        *field = NULL;
        return NX_OK;
    }
    if (n == (size_t)-1)
        n = strlen(s);
    char *v = nx_utf8_repair(s, n);
    if (!v)
        return NX_E_NOMEM;
    nx_squeeze_space(v);
    free(*field);
    *field = NULL;
    if (*v)
        *field = v;
    else
        free(v);
    return NX_OK;
}

nx_status_t nx_article_list_push(nx_article_list_t *l, nx_article_t *a)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        nx_article_t **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return NX_E_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = a;
    return NX_OK;
}

void nx_article_list_clear(nx_article_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        nx_article_free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
