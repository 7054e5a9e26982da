/* check_fingerprint.c - unit tests of the near-duplicate fingerprint
 * (lib/fingerprint.c): the variants a wire story goes through (an exact
 * copy, a paragraph added or removed, paragraphs reordered, another
 * headline, a correction, other punctuation and case) keep a similarity
 * at or above the clustering threshold, and another article on the same
 * subject stays far below it. The articles are written for these tests. */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/fingerprint.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define THRESHOLD 0.7 /* NX_DUP_THRESHOLD, the indexer's default */

#define P1 "ISLAMABAD, March 3 - Pakistan and Iran signed an agreement on Tuesday to build " \
           "a gas pipeline from the Iranian field of South Pars to the Pakistani port of " \
           "Gwadar, officials of both governments said."
#define P2 "The pipeline, about 780 kilometres long, would carry up to 21 million cubic " \
           "metres of gas a day once it is finished, the petroleum ministry said in a " \
           "statement read to reporters in the capital."
#define P3 "Work on the Pakistani section is due to start next year and to take three " \
           "years, said the minister, who did not say how the country would pay for its " \
           "share of the cost."
#define P4 "Western diplomats said the project could strain relations with Washington, " \
           "which has urged its allies to limit their trade with Tehran while talks on " \
           "its nuclear programme continue."
#define P5 "Shares of the state gas distributor rose four percent on the Karachi exchange " \
           "after the announcement, brokers said, in a market that was otherwise quiet."
#define P6 "An earlier plan to extend the line to India was dropped after New Delhi " \
           "withdrew over prices and security, though officials said the door remained open."
#define PX "Opposition leaders welcomed the deal but asked the government to publish the " \
           "terms of the gas price, which they said had been kept from parliament."

static const char base[] = P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n" P5 "\n\n" P6;

typedef struct {
    const char *name;
    const char *text;
    int near; /* 1: a near-duplicate of base (at or above the threshold) */
} variant_t;

static const variant_t variants[] = {
    {"exact copy", P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n" P5 "\n\n" P6, 1},
    {"paragraph added", P1 "\n\n" P2 "\n\n" P3 "\n\n" PX "\n\n" P4 "\n\n" P5 "\n\n" P6, 1},
    {"paragraph removed", P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n" P6, 1},
    {"paragraphs reordered", P2 "\n\n" P1 "\n\n" P5 "\n\n" P3 "\n\n" P6 "\n\n" P4, 1},
    /* A new headline is not part of the body: the same body. */
    {"another outlet's layout", "  " P1 "\n \n" P2 "\n\n\n" P3 "\n\n" P4 "\n\n" P5 "\n\n" P6 "\n", 1},
    {"correction",
     P1 "\n\n"
        "The pipeline, about 870 kilometres long, would carry up to 21 million cubic "
        "metres of gas a day once it is finished, the petroleum ministry said in a "
        "statement read to reporters in the capital.\n\n" P3 "\n\n" P4 "\n\n" P5 "\n\n" P6,
     1},
    {"case and punctuation",
     "ISLAMABAD (March 3) -- PAKISTAN and Iran signed an agreement on Tuesday, to build "
     "a gas pipeline from the Iranian field of South Pars to the Pakistani port of "
     "Gwadar; officials of both governments said!\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n" P5
     "\n\n" P6,
     1},
    {"same subject, another article",
     "KARACHI, March 5 - Pakistan's gas shortage will worsen this winter unless new "
     "supplies arrive, the head of the national gas company told a conference on "
     "Thursday.\n\n"
     "He said the pipeline from Iran, agreed this week, would not deliver gas before "
     "the end of the decade, and that imports of liquefied gas by sea were the only "
     "answer for now.\n\n"
     "Factories in Punjab closed for two days last month when pressure in the network "
     "fell, and textile exporters said they had lost orders to Bangladesh.\n\n"
     "The government has raised gas prices for households twice this year under an "
     "agreement with the International Monetary Fund.",
     0},
};

/* The exact Jaccard similarity of the shingle sets, computed the long way
 * (the same definition as fingerprint.h: words per paragraph, 5 a
 * shingle, a short paragraph one shingle). */
typedef struct {
    char v[512][160];
    int n;
} shingles_t;

static void shingle_set(const char *text, shingles_t *out)
{
    out->n = 0;
    const char *p = text;
    while (*p) {
        /* A blank line (spaces allowed) ends a paragraph. */
        const char *end = NULL, *q = p;
        for (; *q; q++) {
            if (*q != '\n')
                continue;
            const char *r = q + 1;
            while (*r == ' ' || *r == '\t' || *r == '\r')
                r++;
            if (*r == '\n') {
                end = q;
                break;
            }
        }
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char words[128][32];
        int nw = 0;
        for (size_t i = 0; i < len;) {
            while (i < len && !(isalnum((unsigned char)p[i]) || (unsigned char)p[i] >= 0x80))
                i++;
            size_t k = 0;
            while (i < len && (isalnum((unsigned char)p[i]) || (unsigned char)p[i] >= 0x80)) {
                if (k < 31)
                    words[nw][k++] = (char)tolower((unsigned char)p[i]);
                i++;
            }
            if (k) {
                words[nw][k] = '\0';
                nw++;
            }
        }
        for (int i = 0; i + (nw < 5 ? nw : 5) <= nw && nw > 0; i++) {
            char s[160] = "";
            for (int k = 0; k < (nw < 5 ? nw : 5); k++) {
                strcat(s, words[i + k]);
                strcat(s, " ");
            }
            int seen = 0;
            for (int k = 0; k < out->n && !seen; k++)
                seen = strcmp(out->v[k], s) == 0;
            if (!seen)
                strcpy(out->v[out->n++], s);
            if (nw < 5)
                break;
        }
        if (!end)
            break;
        p = end + 1;
    }
}

static double exact_jaccard(const char *a, const char *b)
{
    static shingles_t sa, sb;
    shingle_set(a, &sa);
    shingle_set(b, &sb);
    int both = 0;
    for (int i = 0; i < sa.n; i++)
        for (int k = 0; k < sb.n; k++)
            both += strcmp(sa.v[i], sb.v[k]) == 0;
    return (double)both / (sa.n + sb.n - both);
}

START_TEST(story_variants)
{
    const variant_t *v = &variants[_i];
    nx_fp_t a, b;
    nx_fp_compute(base, strlen(base), &a);
    nx_fp_compute(v->text, strlen(v->text), &b);
    double est = nx_fp_similarity(&a, &b), exact = exact_jaccard(base, v->text);
    if (v->near)
        ck_assert_msg(est >= THRESHOLD, "%s: estimated %.3f (exact %.3f) under %.2f", v->name,
                      est, exact, THRESHOLD);
    else
        ck_assert_msg(est < 0.2, "%s: estimated %.3f (exact %.3f), not under 0.2", v->name, est,
                      exact);
    /* The exact measure the clustering checks near the threshold is the
     * one computed here the long way. */
    uint64_t *ha, *hb;
    size_t na, nb;
    ck_assert_int_eq(nx_fp_shingles(base, strlen(base), &ha, &na), 0);
    ck_assert_int_eq(nx_fp_shingles(v->text, strlen(v->text), &hb, &nb), 0);
    ck_assert_msg(fabs(nx_fp_jaccard(ha, na, hb, nb) - exact) < 1e-9, "%s: exact %.3f, long way %.3f",
                  v->name, nx_fp_jaccard(ha, na, hb, nb), exact);
    free(ha);
    free(hb);
    /* The estimate is within four standard errors of the truth. */
    double se = exact > 0 && exact < 1 ? sqrt(exact * (1 - exact) / NX_FP_K) : 0.01;
    ck_assert_msg(fabs(est - exact) <= 4 * se + 0.02, "%s: estimated %.3f, exact %.3f",
                  v->name, est, exact);
}
END_TEST

START_TEST(reordered_is_identical)
{
    /* Shingles stay inside paragraphs: reordering them changes nothing. */
    nx_fp_t a, b;
    nx_fp_compute(base, strlen(base), &a);
    nx_fp_compute(variants[3].text, strlen(variants[3].text), &b);
    ck_assert_int_eq(memcmp(a.v, b.v, sizeof a.v), 0);
    ck_assert_double_eq(exact_jaccard(base, variants[3].text), 1.0);
}
END_TEST

START_TEST(no_words)
{
    nx_fp_t a;
    nx_fp_compute("", 0, &a);
    ck_assert_uint_eq(a.shingles, 0);
    nx_fp_compute(" -- \n\n ... !", 12, &a);
    ck_assert_uint_eq(a.shingles, 0);
    uint64_t *h;
    size_t n;
    ck_assert_int_eq(nx_fp_shingles("", 0, &h, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_double_eq(nx_fp_jaccard(h, 0, h, 0), 1.0);
    free(h);
    /* A paragraph of fewer words than a shingle is one shingle. */
    nx_fp_compute("Gas prices rise", 15, &a);
    ck_assert_uint_eq(a.shingles, 1);
    nx_fp_t b;
    nx_fp_compute("gas, prices... RISE", 19, &b);
    ck_assert_double_eq(nx_fp_similarity(&a, &b), 1.0);
}
END_TEST

START_TEST(fixed_across_runs)
{
    /* The fingerprints are stored and compared across runs: the same
     * text gives the same values every time. */
    nx_fp_t a;
    nx_fp_compute("one two three four five six", 27, &a);
    ck_assert_uint_eq(a.shingles, 2);
    nx_fp_t b;
    nx_fp_compute("one two three four five six", 27, &b);
    ck_assert_int_eq(memcmp(a.v, b.v, sizeof a.v), 0);
    nx_fp_compute("one two three four five", 23, &b);
    ck_assert_uint_eq(b.shingles, 1);
    /* One of the two shingles in common: about half of the values. */
    double s = nx_fp_similarity(&a, &b);
    ck_assert(s > 0.25 && s < 0.75);
}
END_TEST

START_TEST(encode_decode)
{
    nx_fp_t a, b;
    nx_fp_compute(base, strlen(base), &a);
    unsigned char buf[NX_FP_BYTES];
    nx_fp_encode(&a, UINT64_C(0x0123456789abcdef), buf);
    uint64_t h = 0;
    ck_assert_int_eq(nx_fp_decode(buf, sizeof buf, &b, &h), 0);
    ck_assert(h == UINT64_C(0x0123456789abcdef));
    ck_assert_int_eq(memcmp(a.v, b.v, sizeof a.v), 0);
    ck_assert_int_eq(nx_fp_decode(buf, sizeof buf - 1, &b, &h), -1);
}
END_TEST

static Suite *fp_suite(void)
{
    Suite *s = suite_create("fingerprint");
    TCase *tc = tcase_create("variants");
    tcase_add_loop_test(tc, story_variants, 0, N(variants));
    tcase_add_test(tc, reordered_is_identical);
    tcase_add_test(tc, no_words);
    tcase_add_test(tc, fixed_across_runs);
    tcase_add_test(tc, encode_decode);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
