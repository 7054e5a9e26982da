/* topic.h - topic rules and multi-label classification.
 *
 * The default rules (data/topics.tsv) cover the IPTC Media Topics top level;
 * an archive can load its own taxonomy in the same format. */
#ifndef NEWSINDEX_TOPIC_H
#define NEWSINDEX_TOPIC_H

#include <stddef.h>

#include "newsindex/status.h"

typedef struct nx_topics nx_topics_t;

/* Load a rules file (format documented in data/topics.tsv's header) into a
 * new *out, to be freed with nx_topics_free(); *out is NULL on failure.
 * Returns NX_OK, NX_E_INVALID (NULL path or out), NX_E_IO (unreadable),
 * NX_E_PARSE (err->msg is "PATH:LINE: what is wrong"; a file with no topic
 * is an error too) or NX_E_NOMEM. A loaded set is read-only: any number of
 * threads may classify with it at once. */
nx_status_t nx_topics_load(const char *path, nx_topics_t **out, nx_error_t *err);
void nx_topics_free(nx_topics_t *t); /* NULL is fine */

/* Number of topics, and each one's code ("economy") and label
 * ("economy, business and finance"); borrowed, valid while t lives. */
size_t nx_topics_count(const nx_topics_t *t);
const char *nx_topic_code(const nx_topics_t *t, size_t i);
const char *nx_topic_label(const nx_topics_t *t, size_t i);

/* Resolve what a user typed to a topic code, ignoring ASCII case and
 * surrounding blanks: a code ("economy"), a whole label, an alias from the
 * rules file ("tech"), or one word of a label ("business", "war"); a
 * trailing "s" is dropped if nothing else matched ("sports"). Codes win
 * over labels and aliases, which win over label words; among equals the
 * first topic in the file wins. Borrowed, NULL if unknown. */
const char *nx_topic_lookup(const nx_topics_t *t, const char *name);

/* Classify an article: the codes of every topic whose score passes the
 * threshold, best first, written to out[] (borrowed strings, valid while t
 * lives); *count gets how many were written (0..max; 0 when t or out is
 * NULL or max is 0). title and text are NUL-terminated UTF-8 (invalid
 * bytes are tolerated); either may be NULL. Title words weigh more than
 * body words. Returns NX_OK, or NX_E_NOMEM when memory runs out (*count is
 * then 0: the topics are unknown, not none). Linear in the input length. */
nx_status_t nx_topics_classify(const nx_topics_t *t, const char *title, const char *text,
                               const char **out, size_t max, size_t *count);

/* The score of every topic for an article, whether or not it passes:
 * scores[i] for topic i (the order of nx_topic_code()), for i < n and
 * i < nx_topics_count(t). For tuning rules files and for tests. Returns how
 * many scores were written (0 on allocation failure). */
size_t nx_topics_scores(const nx_topics_t *t, const char *title, const char *text, double *scores,
                        size_t n);

#endif
