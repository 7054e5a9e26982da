/* article.h - the article model: what a parser produces and the indexer
 * stores. Stages of the indexer talk only through nx_article_t. */
#ifndef NEWSINDEX_ARTICLE_H
#define NEWSINDEX_ARTICLE_H

#include <stddef.h>

#include "newsindex/date.h"
#include "newsindex/status.h"
#include "newsindex/text.h"

#define NX_MAX_COUNTRIES 16
#define NX_MAX_TOPICS 8

/* Every string is malloc'd, valid UTF-8, owned by the article, and may be
 * NULL when unknown. */
typedef struct {
    char *id;        /* unique within the index: the path, plus "#" and
                        the item's guid or link for feed items */
    char *path;      /* the file's id: its root's label and path inside
                        the root, escaped (nx_escape_name) when it is not
                        UTF-8 or holds control characters */
    char *path_hex;  /* then, the id's bytes in hex; else NULL */
    char *title;
    char *standfirst;/* the summary / dek, if any */
    char *source;    /* normalised ("Reuters") */
    char *byline;    /* "By Jane Doe" without "By" */
    char *dateline;  /* the dateline's place, "ISLAMABAD" */
    char *format;    /* "text", "html", "nitf", "rss", "atom", "xml" */
    nx_date_t date;
    nx_date_origin_t date_origin;
    nx_buf_t text;   /* the article text, paragraphs separated by "\n\n" */
    char countries[NX_MAX_COUNTRIES][3]; /* lowercase ISO alpha-2 */
    size_t ncountries;
    char *topics[NX_MAX_TOPICS];
    size_t ntopics;
} nx_article_t;

/* A new empty article (all NULL / zero); NULL on allocation failure. */
nx_article_t *nx_article_new(void);
void nx_article_free(nx_article_t *a);

/* Replace a string field with a repaired, white-space-squeezed copy of
 * s[0..n) (n == (size_t)-1: strlen). An empty result leaves the field NULL. */
nx_status_t nx_article_set(char **field, const char *s, size_t n);

/* A list of articles parsed from one file (feeds hold many). */
typedef struct {
    nx_article_t **v;
    size_t n, cap;
} nx_article_list_t;

nx_status_t nx_article_list_push(nx_article_list_t *l, nx_article_t *a);
/* Free every article and the array; the list is left empty. */
void nx_article_list_clear(nx_article_list_t *l);

#endif
