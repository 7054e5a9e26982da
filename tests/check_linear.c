/* check_linear.c - the parsers take time linear in every dimension of
 * their input (docs/hostile-input.md): for each dimension, an input of n
 * units and one of 4n, each parsed by nx_parse_file() several times; the
 * median CPU time of the larger must be less than 8 times the smaller's
 * (4 when linear, 16 when quadratic: 8 is their geometric middle, so a
 * busy machine's noise does not cross it as it crossed a doubling's 3).
 * A dimension over the bound is timed once more and the lower ratio
 * kept: noise only adds time, and a quadratic cost never falls below 8.
 * n is first multiplied until the smaller input takes at least
 * MIN_SECONDS, so the ratio is not the noise of a few milliseconds; under
 * valgrind that happens at smaller n, and the suite stays quick. The
 * bounds are raised so that nothing is refused, except for the
 * attributes, which are bounded (libxml2 compares each attribute of an
 * element with every other): their case is the refusal's, and the
 * elements at the cap's. The items of a feed are also timed through
 * newsindex, in tests/e2e-bounds.sh (the dropping of a feed's repeated
 * items). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/parse.h"

#define MIN_SECONDS 0.06
#define REPS 3
#define GROWTH 4
#define MAX_RATIO 8.0
#define TRIES 2

typedef void (*gen_fn)(nx_buf_t *b, size_t n);

static void g_words(nx_buf_t *b, size_t bytes)
{
    static const char line[] = "word word word word word word word word word word word word ";
    size_t k = sizeof line - 1;
    for (size_t d = 0; d + k <= bytes; d += k)
        nx_buf_append(b, line, k);
}

/* HTML: n attributes on one <p> (refused past --max-attrs: the scan). */
static void g_attrs(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Attributes</title></head><body><p");
    char a[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(a, sizeof a, " a%zu=\"v\"", i);
        nx_buf_puts(b, a);
    }
    nx_buf_puts(b, ">Many attributes.</p></body></html>\n");
}

/* HTML: n elements of 100 attributes each (at --max-attrs). */
static void g_wide(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Wide</title></head><body>");
    char a[32];
    for (size_t e = 0; e < n; e++) {
        nx_buf_puts(b, "<p");
        for (size_t i = 0; i < 100; i++) {
            snprintf(a, sizeof a, " a%zu=\"v\"", i);
            nx_buf_puts(b, a);
        }
        nx_buf_puts(b, ">Words.</p>\n");
    }
    nx_buf_puts(b, "</body></html>\n");
}

static void g_items(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Items</title>\n");
    char s[160];
    for (size_t i = 1; i <= n; i++) {
        snprintf(s, sizeof s, "<item><title>Item %zu</title><guid>%zu</guid><description>Words of item %zu.</description></item>\n", i, i, i);
        nx_buf_puts(b, s);
    }
    nx_buf_puts(b, "</channel></rss>\n");
}

static void g_entries(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Entries</title>\n");
    char s[160];
    for (size_t i = 1; i <= n; i++) {
        snprintf(s, sizeof s, "<entry><id>urn:e:%zu</id><title>Entry %zu</title><summary>Words of entry %zu.</summary></entry>\n", i, i, i);
        nx_buf_puts(b, s);
    }
    nx_buf_puts(b, "</feed>\n");
}

/* Plain text: one line of n bytes of words. */
static void g_line(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "Headline\n\n");
    g_words(b, n);
    nx_buf_puts(b, "\n");
}

/* Plain text: one word of n bytes. */
static void g_word(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "Headline\n\nA ");
    for (size_t i = 0; i < n; i++)
        nx_buf_putc(b, 'x');
    nx_buf_puts(b, "\n");
}

/* HTML: n nested <div>s. */
static void g_deep(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Deep</title></head><body>");
    for (size_t i = 0; i < n; i++)
        nx_buf_append(b, "<div>", 5);
    nx_buf_puts(b, "deep words");
    for (size_t i = 0; i < n; i++)
        nx_buf_append(b, "</div>", 6);
    nx_buf_puts(b, "</body></html>\n");
}

/* HTML: n unclosed <p>s nested in <b>s (the recovering parser closes them). */
static void g_unclosed(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Unclosed</title></head><body>");
    for (size_t i = 0; i < n; i++)
        nx_buf_puts(b, "<b><p>words ");
    nx_buf_puts(b, "</body></html>\n");
}

/* HTML: n sibling paragraphs. */
static void g_siblings(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Siblings</title></head><body>\n");
    char s[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(s, sizeof s, "<p>Paragraph %zu.</p>\n", i);
        nx_buf_puts(b, s);
    }
    nx_buf_puts(b, "</body></html>\n");
}

/* HTML: n empty tags on one line of text. */
static void g_tagline(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Tags</title></head><body><p>Words. ");
    for (size_t i = 0; i < n; i++)
        nx_buf_puts(b, "<b></b>x ");
    nx_buf_puts(b, "</p></body></html>\n");
}

/* NITF: n references to one short internal entity. */
static void g_refs(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY w \"lol\">]>\n"
                   "<nitf><head><title>References</title></head><body><body.content><p>Text. ");
    for (size_t i = 0; i < n; i++)
        nx_buf_puts(b, "&w; ");
    nx_buf_puts(b, "</p></body.content></body></nitf>\n");
}

/* HTML: n comments in one paragraph. */
static void g_comments(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Comments</title></head><body><p>Words. ");
    for (size_t i = 0; i < n; i++)
        nx_buf_puts(b, "<!--c-->x ");
    nx_buf_puts(b, "</p></body></html>\n");
}

/* NITF: n character references. */
static void g_chars(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<?xml version=\"1.0\"?>\n<nitf><head><title>Characters</title></head><body>"
                   "<body.content><p>Text. ");
    for (size_t i = 0; i < n; i++)
        nx_buf_puts(b, "caf&#233; ");
    nx_buf_puts(b, "</p></body.content></body></nitf>\n");
}

/* RSS: one item's description of n bytes (escaped HTML paragraphs). */
static void g_bigitem(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Big</title>"
                   "<item><title>One item</title><guid>urn:big</guid><description>");
    for (size_t d = 0; d < n; d += 80)
        nx_buf_puts(b, "&lt;p&gt;word word word word word word word word word word word word&lt;/p&gt;");
    nx_buf_puts(b, "</description></item></channel></rss>\n");
}

/* HTML: one attribute value of n bytes. */
static void g_bigattr(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "<html><head><title>Big attribute</title></head><body><p title=\"");
    g_words(b, n);
    nx_buf_puts(b, "\">A paragraph.</p></body></html>\n");
}

/* Plain text: n short lines, each a paragraph. */
static void g_lines(nx_buf_t *b, size_t n)
{
    nx_buf_puts(b, "Headline\n\n");
    for (size_t i = 0; i < n; i++)
        nx_buf_puts(b, "A short line of words.\n\n");
}

typedef struct {
    const char *name;     /* the dimension */
    const char *relpath;  /* the name the parser sees */
    gen_fn gen;
    size_t n0;            /* where the calibration starts: low enough that under
                           * valgrind (some 40 times slower) it already takes
                           * MIN_SECONDS, so the larger inputs are not parsed there */
    size_t nmax;          /* and the largest n it may reach */
    int refused;          /* the input is refused by a bound (the time is the scan's) */
} dim_t;

static const dim_t dims[] = {
    {"attributes of one element", "a.html", g_attrs, 40000, 8000000, 1},
    {"elements of 100 attributes", "w.html", g_wide, 25, 40000, 0},
    {"RSS items", "f.rss", g_items, 500, 400000, 0},
    {"Atom entries", "f.atom", g_entries, 500, 400000, 0},
    {"line length (text)", "l.txt", g_line, 100000, 64000000, 0},
    {"word length (text)", "w.txt", g_word, 200000, 32000000, 0},
    {"lines (text)", "p.txt", g_lines, 5000, 2000000, 0},
    {"nesting (HTML)", "d.html", g_deep, 10000, 2000000, 0},
    {"unclosed elements (HTML)", "u.html", g_unclosed, 500, 1000000, 0},
    {"sibling elements (HTML)", "s.html", g_siblings, 625, 2000000, 0},
    {"tags on one line (HTML)", "t.html", g_tagline, 1250, 4000000, 0},
    {"comments (HTML)", "k.html", g_comments, 1250, 4000000, 0},
    {"entity references (NITF)", "r.xml", g_refs, 2500, 4000000, 0},
    {"character references (NITF)", "c.xml", g_chars, 40000, 8000000, 0},
    {"text of one feed item", "b.rss", g_bigitem, 400000, 64000000, 0},
    {"one attribute value (HTML)", "v.html", g_bigattr, 100000, 32000000, 0},
};

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static nx_limits_t raised;
static nx_parse_ctx_t ctx;

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median CPU seconds of parsing b (REPS times). */
static double timed(const dim_t *d, const nx_buf_t *b)
{
    double t[REPS];
    for (int r = 0; r < REPS; r++) {
        nx_article_list_t l = {0};
        nx_error_t err;
        double t0 = cpu_now();
        nx_status_t st = nx_parse_file(&ctx, d->relpath, b->data, b->len, &l, &err);
        t[r] = cpu_now() - t0;
        if (d->refused)
            ck_assert_msg(st == NX_E_PARSE && strstr(err.msg, "--max-attrs"), "%s: %s", d->name,
                          st ? err.msg : "not refused");
        else
            ck_assert_msg(st == NX_OK && l.n >= 1, "%s: %s", d->name, st ? err.msg : "no article");
        nx_article_list_clear(&l);
    }
    qsort(t, REPS, sizeof t[0], cmp_d);
    return t[REPS / 2];
}

START_TEST(doubling)
{
    const dim_t *d = &dims[_i];
    size_t n = d->n0;
    double t1;
    for (;;) {
        nx_buf_t b = {0};
        d->gen(&b, n);
        ck_assert_int_eq(nx_buf_status(&b), NX_OK);
        t1 = timed(d, &b);
        nx_buf_free(&b);
        if (t1 >= MIN_SECONDS || n * GROWTH > d->nmax)
            break;
        n *= 2;
    }
    nx_buf_t b = {0};
    d->gen(&b, GROWTH * n);
    ck_assert_int_eq(nx_buf_status(&b), NX_OK);
    double t2 = timed(d, &b), ratio = t1 > 0 ? t2 / t1 : 0;
    for (int k = 1; k < TRIES && ratio >= MAX_RATIO; k++) {
        nx_buf_t a = {0};
        d->gen(&a, n);
        double u1 = timed(d, &a), u2 = timed(d, &b);
        nx_buf_free(&a);
        if (u1 > 0 && u2 / u1 < ratio) {
            t1 = u1;
            t2 = u2;
            ratio = u2 / u1;
        }
    }
    nx_buf_free(&b);
    fprintf(stderr, "linear: %-30s n %9zu: %.3f s, %dn: %.3f s, ratio %.2f\n", d->name, n, t1,
            GROWTH, t2, ratio);
    ck_assert_msg(ratio < MAX_RATIO, "%s: n %zu took %.3f s, %dn %.3f s: ratio %.2f", d->name, n,
                  t1, GROWTH, t2, ratio);
}
END_TEST

static Suite *linear_suite(void)
{
    Suite *s = suite_create("linear");
    TCase *tc = tcase_create("doubling");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, doubling, 0, (int)(sizeof dims / sizeof dims[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    nx_parse_init();
    /* Nothing refused but the attributes of one element: every bound far
     * above what the inputs reach, the time budget too. */
    raised.max_file_bytes = (size_t)1 << 40;
    raised.max_items = (size_t)1 << 40;
    raised.max_depth = (size_t)1 << 40;
    raised.max_nodes = (size_t)1 << 40;
    raised.max_attr_bytes = (size_t)1 << 40;
    raised.max_seconds = 1e9;
    ctx.limits = &raised;
    SRunner *sr = srunner_create(linear_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    nx_parse_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
