/* fuzz_topic.c - the topic scorer (include/newsindex/topic.h):
 * nx_topics_classify() and nx_topics_scores() on a title and a text, with
 * data/topics.tsv loaded once; and nx_topic_lookup() on what a user may
 * type after topic: or --topic.
 *
 * Input: title NUL text (a missing part is NULL; invalid UTF-8 is
 * tolerated by the scorer, so the bytes go in as they are). Checked: at
 * most max codes, each one of the loaded topics, none twice, best score
 * first; every score is a finite number; a smaller max gives the first
 * codes of a larger one; a lookup gives a loaded topic's code. */
#include <math.h>

#include "fuzz.h"
#include "newsindex/topic.h"

static nx_topics_t *topics;
static size_t ntopics;

static void free_topics(void)
{
    nx_topics_free(topics);
    topics = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char path[PATH_MAX + 32];
    nx_error_t err;
    FUZZ_REQUIRE(nx_topics_load(fuzz_data_file("topics.tsv", path, sizeof path), &topics,
                                &err) == NX_OK,
                 "%s", err.msg);
    ntopics = nx_topics_count(topics);
    FUZZ_REQUIRE(ntopics > 0 && ntopics <= 64, "topics.tsv: %zu topics", ntopics);
    atexit(free_topics);
    return 0;
}

/* The index of code among the loaded topics, or -1. */
static int topic_index(const char *code)
{
    for (size_t i = 0; i < ntopics; i++)
        if (strcmp(nx_topic_code(topics, i), code) == 0)
            return (int)i;
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *part[2];
    fuzz_split(data, size, part, 2);
    const char *title = part[0], *text = part[1];

    const char *codes[8], *few[2];
    size_t n = 99, k = 99;
    FUZZ_CHECK(nx_topics_classify(topics, title, text, codes, 8, &n) == NX_OK);
    FUZZ_CHECK(n <= 8);
    double scores[64];
    size_t ns = nx_topics_scores(topics, title, text, scores, 64);
    FUZZ_CHECK(ns == ntopics);
    for (size_t i = 0; i < ns; i++)
        FUZZ_CHECK(isfinite(scores[i]));
    for (size_t i = 0; i < n; i++) {
        int t = topic_index(codes[i]);
        FUZZ_CHECK(t >= 0);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(codes[i], codes[j]) != 0);
        /* Best first. */
        if (i > 0)
            FUZZ_CHECK(scores[t] <= scores[topic_index(codes[i - 1])]);
    }
    FUZZ_CHECK(nx_topics_classify(topics, title, text, few, 2, &k) == NX_OK);
    FUZZ_CHECK(k == (n < 2 ? n : 2));
    for (size_t i = 0; i < k; i++)
        FUZZ_CHECK(strcmp(few[i], codes[i]) == 0);

    if (title) {
        const char *code = nx_topic_lookup(topics, title);
        if (code)
            FUZZ_CHECK(topic_index(code) >= 0);
    }
    free(part[0]);
    free(part[1]);
    return 0;
}
