/* check_parse.c - unit tests for reading and parsing article files:
 * gzip reading, format sniffing, and the text, HTML, NITF, RSS, Atom and
 * generic XML parsers, including hostile input (XXE, billion laughs and
 * other entity amplification, deep nesting, huge lines, NUL bytes, binary
 * data).
 *
 * Data files come from $NX_DATA_DIR (default "data"): sources.tsv. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <libxml/tree.h>

#include "ingest/ingest.h"
#include "newsindex/dateline.h"
#include "parse/parse.h"
#include "parse/xmlsafe.h"

static nx_sources_t *sources;
static nx_parse_ctx_t ctx;
/* The default bounds but the time budget, which valgrind would pass:
 * the tests bound the time themselves (time_limit). */
static nx_limits_t test_limits;
static double time_limit(void);
static char tmpdir[256];

static void setup_all(void)
{
    nx_parse_init();
    const char *dir = getenv("NX_DATA_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/sources.tsv", dir && *dir ? dir : "data");
    nx_error_t err;
    if (nx_sources_load(path, &sources, &err) != NX_OK)
        sources = NULL;
    ctx.sources = sources;
    test_limits.max_seconds = 10 * time_limit();
    ctx.limits = &test_limits;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/check_parse.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir))
        tmpdir[0] = '\0';
}

/* ---- helpers ---- */

/* Parse and expect exactly n articles. */
static nx_article_list_t parse_n(const char *relpath, const char *data, size_t len, size_t n)
{
    nx_article_list_t l = {0};
    nx_error_t err;
    nx_status_t st = nx_parse_file(&ctx, relpath, data, len, &l, &err);
    ck_assert_msg(st == NX_OK, "%s: %s", relpath, err.msg);
    ck_assert_msg(l.n == n, "%s: %zu articles, want %zu", relpath, l.n, n);
    for (size_t i = 0; i < l.n; i++) {
        nx_article_t *a = l.v[i];
        /* Everything a parser gives is valid UTF-8. */
        ck_assert(!a->title || nx_utf8_valid(a->title, strlen(a->title)));
        ck_assert(!a->source || nx_utf8_valid(a->source, strlen(a->source)));
        ck_assert(!a->text.data || nx_utf8_valid(a->text.data, a->text.len));
        ck_assert(!a->text.data || strlen(a->text.data) == a->text.len);
    }
    return l;
}

static nx_article_t *parse1(nx_article_list_t *l, const char *relpath, const char *s)
{
    *l = parse_n(relpath, s, strlen(s), 1);
    return l->v[0];
}

static void expect_error(const char *relpath, const char *data, size_t len, const char *reason)
{
    nx_article_list_t l = {0};
    nx_error_t err;
    nx_status_t st = nx_parse_file(&ctx, relpath, data, len, &l, &err);
    ck_assert_msg(st == NX_E_PARSE, "%s: status %d", relpath, st);
    ck_assert_uint_eq(l.n, 0);
    if (reason)
        ck_assert_msg(strstr(err.msg, reason), "%s: '%s', want '%s'", relpath, err.msg, reason);
    nx_article_list_clear(&l);
}

static void check_str(const char *what, const char *got, const char *want)
{
    if (!want) {
        ck_assert_msg(!got, "%s: got '%s', want none", what, got);
        return;
    }
    ck_assert_msg(got && strcmp(got, want) == 0, "%s: got '%s', want '%s'", what,
                  got ? got : "(null)", want);
}

static void check_date(const nx_article_t *a, const char *want)
{
    if (!want) {
        ck_assert_msg(a->date_origin == NX_DATE_NONE, "date set, want none");
        return;
    }
    ck_assert_msg(a->date_origin == NX_DATE_CONTENT, "no date, want %s", want);
    char iso[32];
    nx_date_t utc = a->date; /* the expectations are in UTC */
    utc.has_zone = 0;
    nx_date_format_iso(&utc, iso);
    ck_assert_msg(strncmp(iso, want, strlen(want)) == 0, "date %s, want %s", iso, want);
}

static const char *text_of(const nx_article_t *a)
{
    return a->text.data ? a->text.data : "";
}

static char *write_file(const char *name, const void *data, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* gzip data (one member) into a malloc'd buffer. */
static unsigned char *gzip_mem(const void *data, size_t len, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    ck_assert_int_eq(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    zs.next_in = (unsigned char *)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return out;
}

/* Time limits stretch under valgrind (it sets LD_PRELOAD to its own
 * libraries) or by NX_TIME_FACTOR. */
static double time_limit(void)
{
    const char *f = getenv("NX_TIME_FACTOR");
    if (f && atof(f) > 0)
        return 5.0 * atof(f);
    const char *pre = getenv("LD_PRELOAD");
    if (pre && strstr(pre, "vgpreload"))
        return 5.0 * 25;
    return 5.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- reading files ---- */

START_TEST(read_plain)
{
    const char *s = "Title\n\nBody text.\n";
    char *p = write_file("plain.txt", s, strlen(s));
    char *data;
    size_t len;
    nx_error_t err;
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_OK);
    ck_assert_uint_eq(len, strlen(s));
    ck_assert_str_eq(data, s);
    free(data);
}
END_TEST

START_TEST(read_gzip_multi_member)
{
    const char *a = "First member. ", *b = "Second member.\n";
    size_t la, lb;
    unsigned char *ga = gzip_mem(a, strlen(a), &la), *gb = gzip_mem(b, strlen(b), &lb);
    unsigned char *both = malloc(la + lb);
    memcpy(both, ga, la);
    memcpy(both + la, gb, lb);
    /* The name does not matter: gzip is known by its magic. */
    char *p = write_file("two-members.html", both, la + lb);
    char *data;
    size_t len;
    nx_error_t err;
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_OK);
    ck_assert_str_eq(data, "First member. Second member.\n");
    ck_assert_uint_eq(len, strlen(a) + strlen(b));
    free(data);
    free(ga);
    free(gb);
    free(both);
}
END_TEST

START_TEST(read_gzip_truncated_and_corrupt)
{
    char big[20000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + (i * 7919) % 26);
    size_t gl;
    unsigned char *g = gzip_mem(big, sizeof big, &gl);
    char *data;
    size_t len;
    nx_error_t err;
    char *p = write_file("cut.txt.gz", g, gl / 2);
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_E_PARSE);
    ck_assert_ptr_null(data);
    ck_assert_uint_eq(len, 0);
    ck_assert_msg(strstr(err.msg, "truncated gzip"), "%s", err.msg);
    /* No trailer: also truncated. */
    p = write_file("notrailer.txt.gz", g, gl - 4);
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_E_PARSE);
    /* Garbage in the deflate stream. */
    for (size_t i = 20; i < 60 && i < gl; i++)
        g[i] ^= 0x5a;
    p = write_file("corrupt.txt.gz", g, gl);
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_E_PARSE);
    ck_assert_msg(strstr(err.msg, "gzip"), "%s", err.msg);
    free(g);
}
END_TEST

START_TEST(read_gzip_bomb_limited)
{
    size_t n = 8u << 20; /* 8 MB of zeros: about 8 KB compressed */
    char *zeros = calloc(1, n);
    size_t gl;
    unsigned char *g = gzip_mem(zeros, n, &gl);
    free(zeros);
    ck_assert_uint_lt(gl, 64 * 1024);
    char *p = write_file("bomb.gz", g, gl);
    free(g);
    char *data;
    size_t len;
    nx_error_t err;
    ck_assert_int_eq(nx_read_file(p, 1u << 20, &data, &len, &err), NX_E_PARSE);
    ck_assert_ptr_null(data);
    ck_assert_msg(strstr(err.msg, "too large"), "%s", err.msg);
    /* Within the limit it reads. */
    ck_assert_int_eq(nx_read_file(p, 16u << 20, &data, &len, &err), NX_OK);
    ck_assert_uint_eq(len, n);
    free(data);
}
END_TEST

START_TEST(read_not_gzip_named_gz)
{
    const char *s = "this is plain text pretending to be gzip\n";
    char *p = write_file("not-gzip.txt.gz", s, strlen(s));
    char *data;
    size_t len;
    nx_error_t err;
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_OK);
    ck_assert_str_eq(data, s);
    free(data);
}
END_TEST

START_TEST(read_errors)
{
    char *data;
    size_t len;
    nx_error_t err;
    char path[600];
    snprintf(path, sizeof path, "%s/does-not-exist.txt", tmpdir);
    ck_assert_int_eq(nx_read_file(path, 0, &data, &len, &err), NX_E_IO);
    ck_assert_ptr_null(data);
    const char *s = "0123456789";
    char *p = write_file("ten.txt", s, 10);
    ck_assert_int_eq(nx_read_file(p, 5, &data, &len, &err), NX_E_PARSE);
    ck_assert_int_eq(nx_read_file(p, 10, &data, &len, &err), NX_OK);
    free(data);
}
END_TEST

/* ---- sniffing ---- */

static const struct {
    const char *path, *data;
    nx_format_t fmt;
} sniff_cases[] = {
    {"a.txt", "Just a title\n\nAnd a body.", NX_FMT_TEXT},
    {"a.txt", "!-- Google tag (gtag.js) -->\n\nTitle\n\nBody", NX_FMT_TEXT},
    {"a.txt", "<script async src=\"x.js\"></script>\nTitle\n\nBody text here.\n", NX_FMT_TEXT},
    {"a.txt", "<Cinram Ltd> 4th Qtr Net\n\nShr 10 cts vs 5 cts\n", NX_FMT_TEXT},
    {"a.dat", "<!DOCTYPE html><html><body><p>x</p></body></html>", NX_FMT_HTML},
    {"a.txt", "  <html><head><title>t</title></head></html>", NX_FMT_HTML},
    {"a.xml", "<?xml version=\"1.0\"?>\n<!-- c -->\n<nitf><head/></nitf>", NX_FMT_NITF},
    {"a.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>", NX_FMT_RSS},
    {"a.rdf", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\"></rdf:RDF>", NX_FMT_RSS},
    {"a.xml", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>",
     NX_FMT_ATOM},
    {"a.xml", "<?xml version=\"1.0\"?><story><title>x</title></story>", NX_FMT_XML},
    {"a.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><doc/>", NX_FMT_XML},
    {"a.htm", "<div><p>One</p><p>Two</p></div>", NX_FMT_HTML},
    {"a", "Some words <p>para</p> more <br> and <b>bold</b> <i>it</i> <a href=x>l</a> <p>"
          "two</p><div>d</div>",
     NX_FMT_HTML},
};

START_TEST(sniff_table)
{
    for (size_t i = 0; i < sizeof sniff_cases / sizeof sniff_cases[0]; i++) {
        nx_format_t f = nx_parse_sniff(sniff_cases[i].data, strlen(sniff_cases[i].data),
                                       sniff_cases[i].path);
        ck_assert_msg(f == sniff_cases[i].fmt, "case %zu: format %d, want %d", i, f,
                      sniff_cases[i].fmt);
    }
}
END_TEST

/* ---- plain text ---- */

typedef struct {
    const char *name, *input;
    const char *title, *date, *source, *dateline, *byline, *standfirst;
    const char *text_start; /* the text begins with this */
    const char *not_in_text;
} text_case_t;

static const text_case_t text_cases[] = {
    {"a known source alone on a line is a credit, not text",
     "Harbour dues to rise\n\nReuters\n\nThe port authority will raise its dues in June, "
     "its chairman said on Monday.\n",
     "Harbour dues to rise", NULL, "Reuters", NULL, NULL, NULL, "The port authority will raise",
     "Reuters"},
    {"a credit line after From",
     "Harbour dues to rise\n\nFrom Reuters\n\nThe port authority will raise its dues in June, "
     "its chairman said on Monday.\n",
     "Harbour dues to rise", NULL, "Reuters", NULL, NULL, NULL, "The port authority will raise",
     "From Reuters"},
    {"a wire dateline's agency is the source",
     "Harbour dues to rise\n\nSAN ANTONIO, Mar 30 (Reuters) - The port authority will raise "
     "its dues in June, its chairman said on Monday.\n",
     "Harbour dues to rise", NULL, "Reuters", "SAN ANTONIO", NULL, NULL, "SAN ANTONIO", NULL},
    {"a text that opens with a sentence has no title",
     "The mayor spoke for an hour on Tuesday night, and by the end of it few in the hall were "
     "sure what she had promised, or to whom.\n\nHer aides said the plan would follow.\n",
     NULL, NULL, NULL, NULL, NULL, NULL, "The mayor spoke for an hour", NULL},
    {"seed layout",
     "!-- Google tag (gtag.js) -->\n\nRussia, Pakistan Discuss Military Ties\n\n"
     "This is Lavrov's first visit to Pakistan since 2012.\n\nApril 8, 2021\n"
     "Russia, Pakistan Discuss Military Ties\nSOURCE: REUTERS\n\n"
     "Russian Foreign Minister Sergey Lavrov met his Pakistani counterpart.\n\n"
     "This is Lavrov's first visit. He was welcomed by Qureshi.\n",
     "Russia, Pakistan Discuss Military Ties", "2021-04-08", "Reuters", NULL, NULL,
     "This is Lavrov's first visit to Pakistan since 2012.",
     "Russian Foreign Minister Sergey Lavrov met his Pakistani counterpart.\n\nThis is",
     "gtag"},
    {"CRLF",
     "Title Line Here\r\n\r\nBy Jane Doe\r\nMarch 3, 2015\r\n\r\nFirst para line one\r\n"
     "continues here.\r\n\r\nSecond para.\r\n",
     "Title Line Here", "2015-03-03", NULL, NULL, "Jane Doe", NULL,
     "First para line one continues here.\n\nSecond para.", "\r"},
    {"Reuters dateline",
     "Markets Rally\n\nISLAMABAD, April 7 (Reuters) - Pakistan's central bank held rates.\n",
     "Markets Rally", NULL, "Reuters", "ISLAMABAD", NULL, NULL, "ISLAMABAD, April 7 (Reuters) -",
     NULL},
    {"AP dateline em dash",
     "Storm Hits Coast\n\nNEW ORLEANS (AP) \xe2\x80\x94 A hurricane made landfall on Monday.\n",
     "Storm Hits Coast", NULL, "Associated Press", "NEW ORLEANS", NULL, NULL, "NEW ORLEANS (AP)",
     NULL},
    {"dateline with region",
     "Senate Vote Delayed\n\nWASHINGTON, D.C. (AP) -- The Senate put off a vote.\n",
     "Senate Vote Delayed", NULL, "Associated Press", "WASHINGTON", NULL, NULL, "WASHINGTON",
     NULL},
    {"SOURCE line beats dateline",
     "Title\nJan 5, 2001\nSource: BBC News\n\nLONDON (AP) - Text.\n", "Title", "2001-01-05",
     "BBC", "LONDON", NULL, NULL, "LONDON (AP) - Text.", NULL},
    {"email headers",
     "Title: Iran Deal Reached\nDate: Tue, 14 Jul 2015 09:41:00 +0200\nSource: "
     "Agence France-Presse\nFrom: Marie Duval <md@example.org>\n\nVIENNA (AFP) - Iran and six "
     "powers struck a deal.\n",
     "Iran Deal Reached", "2015-07-14T07:41", "AFP", "VIENNA", "Marie Duval", NULL,
     "VIENNA (AFP) - Iran", "Title:"},
    {"Published line",
     "WHO Declares Pandemic\nPublished: March 11, 2020\n\nGENEVA, March 11 (Reuters) - The "
     "WHO said.\n",
     "WHO Declares Pandemic", "2020-03-11", "Reuters", "GENEVA", NULL, NULL, "GENEVA", NULL},
    {"junk first lines",
     "<script>var x = 1;</script>\nWe use cookies to improve your experience.\n"
     "Home | News | Sport | Business\n\nReal Title of the Story\n\nBody paragraph one.\n\n"
     "Body paragraph two.\n",
     "Real Title of the Story", NULL, NULL, NULL, NULL, NULL, "Body paragraph one.", "cookies"},
    {"ticker in title", "<Cinram Ltd> 4th Qtr Net\n\nShr 10 cts vs 5 cts\n\nNet 1.2 mln\n",
     "<Cinram Ltd> 4th Qtr Net", NULL, NULL, NULL, NULL, NULL, "Shr 10 cts", NULL},
    {"title not a dateline", "U.S. M-1 Money Supply Rose\n\nThe Fed said.\n",
     "U.S. M-1 Money Supply Rose", NULL, NULL, NULL, NULL, NULL, "The Fed said.", NULL},
    {"headline with date words is a title",
     "Esso Saf Year Ended Dec 31 1986\n\nNet profit 305 mln francs.\n\nMarch 20, 1987\n\n"
     "PARIS, Mar 20 (Reuters) - Net profit 305 mln francs.\n",
     "Esso Saf Year Ended Dec 31 1986", "1987-03-20", "Reuters", "PARIS", NULL,
     "Net profit 305 mln francs.", "PARIS", NULL},
    {"bad UTF-8 repaired",
     "Bad \xc3\x28 Title \xe4\xb8\xad\n\nBody \xe2\x82 text \xe4\xb8\xad \xe4\xb8\xad \xe4\xb8\xad.\n",
     "Bad \xef\xbf\xbd( Title \xe4\xb8\xad", NULL, NULL, NULL, NULL, NULL, "Body", NULL},
    {"Latin-1", "Caf\xe9 cr\xe8me in S\xe3o Paulo\n\nPrices rose \xe0 la hausse.\n",
     "Caf\xc3\xa9 cr\xc3\xa8me in S\xc3\xa3o Paulo", NULL, NULL, NULL, NULL, NULL,
     "Prices rose \xc3\xa0 la hausse.", NULL},
    {"CR only line ends", "Old Mac Title\r\rBody of the story.\r", "Old Mac Title", NULL, NULL,
     NULL, NULL, NULL, "Body of the story.", NULL},
    {"byline with source", "Bank Fails\nBy Tom Hale, Reuters\n\nThe bank failed.\n",
     "Bank Fails", NULL, "Reuters", NULL, "Tom Hale", NULL, "The bank failed.", NULL},
    {"copyright line", "Local Story\n\nSomething happened in town today.\n\n"
     "(c) 2009 The Nairobi Courier\n",
     "Local Story", NULL, "The Nairobi Courier", NULL, NULL, NULL,
     "Something happened in town today.", "Courier"},
};

static void run_text_case(const text_case_t *c)
{
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "x/story.txt", c->input);
    check_str(c->name, a->format, "text");
    check_str("title", a->title, c->title);
    check_date(a, c->date);
    check_str("source", a->source, c->source);
    check_str("dateline", a->dateline, c->dateline);
    check_str("byline", a->byline, c->byline);
    check_str("standfirst", a->standfirst, c->standfirst);
    if (c->text_start)
        ck_assert_msg(strncmp(text_of(a), c->text_start, strlen(c->text_start)) == 0,
                      "%s: text '%s'", c->name, text_of(a));
    if (c->not_in_text)
        ck_assert_msg(!strstr(text_of(a), c->not_in_text), "%s: '%s' in text", c->name,
                      c->not_in_text);
    nx_article_list_clear(&l);
}

START_TEST(text_table)
{
    run_text_case(&text_cases[_i]);
}
END_TEST

START_TEST(text_repeated_title_not_in_text)
{
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "a.txt", text_cases[0].input);
    ck_assert_ptr_null(strstr(text_of(a), "Discuss Military Ties"));
    ck_assert_ptr_null(strstr(text_of(a), "SOURCE"));
    ck_assert_ptr_null(strstr(text_of(a), "April 8, 2021"));
    check_str("id", a->id, "a.txt");
    check_str("path", a->path, "a.txt");
    nx_article_list_clear(&l);
}
END_TEST

/* ---- HTML ---- */

typedef struct {
    const char *name, *input;
    const char *title, *date, *source, *byline;
    const char *in_text;
    const char *not_in_text[4];
} html_case_t;

/* A long paragraph of a story: the opening of a text, which the last
 * resort of dates reads, takes only its first bytes. */
#define LONG_P                                                                             \
    "<p>The result bears on models of neutron stars, the group said in its statement to "  \
    "the press, and further measurements at the accelerator are planned for the coming "    \
    "years with a larger detector.</p>"

static const html_case_t html_cases[] = {
    {"og tags and furniture",
     "<!DOCTYPE html><html><head><title>UK votes to leave - BBC News</title>"
     "<meta property=\"og:title\" content=\"UK votes to leave\">"
     "<meta property=\"og:site_name\" content=\"BBC News\">"
     "<meta property=\"article:published_time\" content=\"2016-06-24T04:52:10+01:00\">"
     "<script>var tracking = 'SCRIPTJUNK';</script><style>p{color:red}</style></head><body>"
     "<nav><a href=/>NAVJUNK</a></nav><article><h1>UK votes to leave</h1>"
     "<p>The UK has voted to leave the European Union.</p><p>Second paragraph.</p>"
     "<aside>ASIDEJUNK</aside></article><footer>FOOTERJUNK</footer></body></html>",
     "UK votes to leave", "2016-06-24T03:52", "BBC", NULL,
     "The UK has voted to leave the European Union.\n\nSecond paragraph.",
     {"NAVJUNK", "ASIDEJUNK", "FOOTERJUNK", "SCRIPTJUNK"}},
    {"title suffix stripped",
     "<html><head><title>Oil prices fall on supply worries | Reuters</title></head><body>"
     "<p>Oil fell on Monday as traders weighed supply.</p></body></html>",
     "Oil prices fall on supply worries", NULL, "Reuters", NULL, "Oil fell", {NULL}},
    {"title suffix matches site name",
     "<html><head><title>Lai wins Taiwan election \xe2\x80\x94 Pacific Ledger</title>"
     "<meta property=\"og:site_name\" content=\"Pacific Ledger\"></head><body>"
     "<p>Lai won.</p></body></html>",
     "Lai wins Taiwan election", NULL, "Pacific Ledger", NULL, "Lai won.", {NULL}},
    {"figures in suffix are kept",
     "<html><head><title>Stocks slide - Dow down 500 points</title></head><body><p>x</p>"
     "</body></html>",
     "Stocks slide - Dow down 500 points", NULL, NULL, NULL, NULL, {NULL}},
    {"JSON-LD",
     "<html><head><title>Quake strikes Japan - AP News</title>"
     "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
     "{\"@type\":\"WebSite\",\"name\":\"AP News\"},{\"@type\":\"NewsArticle\",\"headline\":"
     "\"Quake strikes Japan\",\"datePublished\":\"2011-03-11T16:20:00+09:00\",\"author\":"
     "[{\"@type\":\"Person\",\"name\":\"Kenji Morita\"}],\"publisher\":{\"@type\":"
     "\"Organization\",\"name\":\"The Associated Press\"}}]}</script></head><body>"
     "<div class=\"story\"><p>TOKYO (AP) \xe2\x80\x94 A quake struck.</p></div></body></html>",
     "Quake strikes Japan", "2011-03-11T07:20", "Associated Press", "Kenji Morita",
     "TOKYO (AP)", {NULL}},
    {"JSON-LD with raw newlines",
     "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\",\n"
     "\"headline\": \"Two\nlines\", \"datePublished\": \"2020-02-02\"}</script></head>"
     "<body><p>Body.</p></body></html>",
     "Two lines", "2020-02-02", NULL, NULL, "Body.", {NULL}},
    {"time element in article",
     "<html><head><title>Mandela sworn in | AFP</title></head><body>"
     "<time datetime=\"2001-01-01\">old</time><article><h1>Mandela sworn in</h1>"
     "<time datetime=\"1994-05-10\">10 May 1994</time><p>PRETORIA (AFP) - Nelson Mandela "
     "was sworn in.</p></article></body></html>",
     "Mandela sworn in", "1994-05-10", "AFP", NULL, "PRETORIA (AFP)", {"10 May 1994"}},
    {"meta date names",
     "<html><head><title>A story</title><meta name=\"DC.date.issued\" content=\"1999-12-31\">"
     "</head><body><p>Text.</p></body></html>",
     "A story", "1999-12-31", NULL, NULL, "Text.", {NULL}},
    {"itemprop articleBody and datePublished",
     "<html><head><title>Headline - World | Site</title></head><body><div class=\"x\"><meta "
     "itemprop=\"datePublished\" content=\"2024-01-13T20:15:00+08:00\"><h1>Headline</h1>"
     "<div itemprop=\"articleBody\"><p>One.</p><div class=\"ad-slot\">ADJUNK</div><p>Two.</p>"
     "</div></div><div class=\"newsletter\">NEWSJUNK</div></body></html>",
     "Headline", "2024-01-13T12:15", NULL, NULL, "One.\n\nTwo.", {"ADJUNK", "NEWSJUNK"}},
    {"densest block without article",
     "<html><body><div class=\"menu\"><a>Home</a><a>World</a></div><div><div>"
     "<p>Paragraph one is long enough to count as article text in this page.</p>"
     "<p>Paragraph two is also long enough to count as article text.</p></div>"
     "<div><p>Short.</p></div></div></body></html>",
     NULL, NULL, NULL, NULL, "Paragraph one", {"Home"}},
    {"br and lists make paragraphs",
     "<html><body><article><p>Line one<br>Line two</p><ul><li>Item A</li><li>Item B</li></ul>"
     "</article></body></html>",
     NULL, NULL, NULL, NULL, "Line one\n\nLine two\n\nItem A\n\nItem B", {NULL}},
    {"class words match whole tokens",
     "<html><body><article class=\"node\"><div class=\"field field-label-hidden\">"
     "<p>The harbour board approved the new ferry timetable on Tuesday evening.</p>"
     "<p>Sailings will run every forty minutes from the first of the month.</p></div>"
     "<div class=\"modal-enabled\"><p>Passengers asked for later crossings.</p></div>"
     "<div class=\"post-share-tools\">SHAREJUNK</div><div class=\"hidden\">HIDDENJUNK</div>"
     "<ul class=\"article-tags\"><li>TAGJUNK</li></ul></article></body></html>",
     NULL, NULL, NULL, NULL, "The harbour board approved the new ferry timetable",
     {"SHAREJUNK", "HIDDENJUNK", "TAGJUNK"}},
    {"furniture-named wrapper holding the story is kept",
     "<html><body><main><div class=\"layout with-sidebar\"><div class=\"col\">"
     "<p>The council voted to repair the old stone bridge before the spring floods.</p>"
     "<p>Work starts next week and will close the crossing for a month.</p>"
     "<p>Drivers are asked to use the ring road meanwhile.</p></div>"
     "<div class=\"sidebar\"><p>SIDEJUNK</p></div></div></main></body></html>",
     NULL, NULL, NULL, NULL, "Drivers are asked to use the ring road", {"SIDEJUNK"}},
    {"paragraph text counts inside inline markup",
     "<html><body><article class=\"teaser\"><p><a href=\"/a\">RELATEDJUNK one other story "
     "with a long linked headline here</a></p><p>A short note on the other story.</p>"
     "</article><article>"
     "<h1>Orchard yields</h1><p><i><span>Apple growers in the valley picked a record crop "
     "this autumn after a mild and wet summer.</span></i></p><p><b>Prices at the market "
     "fell by a tenth as a result.</b></p><p><span>Growers expect cider makers to buy the "
     "surplus before the winter.</span></p></article></body></html>",
     "Orchard yields", NULL, NULL, NULL, "Apple growers in the valley picked a record crop",
     {"RELATEDJUNK"}},
    {"a story written with br beats comments in p",
     "<html><body><div class=\"entry\">The lighthouse keeper retired on Friday after forty "
     "years of lighting the lamp on the northern cape.<br><br>Her successor is an automatic "
     "beacon, installed by the coastguard over the summer months.<br><br>The tower will "
     "open to visitors next year as a small museum of the coast.</div>"
     "<div class=\"thread\"><p>COMMENTJUNK what a lovely story, thank you for writing it up "
     "so well.</p><p>My grandfather knew her, and he always said she was the best.</p>"
     "<p>We visited the cape last summer and saw the lamp from the beach.</p></div>"
     "</body></html>",
     NULL, NULL, NULL, NULL, "Her successor is an automatic beacon", {"COMMENTJUNK"}},
    {"blocks of links and their headings are left out",
     "<html><body><article><h1>Tram line opens</h1>"
     "<p>The new tram line between the station and the university opened on Monday "
     "morning, two years after work began.</p>"
     "<p>Trams will run every six minutes at peak hours and every ten in the evening.</p>"
     "<div><a href=\"/more\">READONJUNK</a></div>"
     "<h3>MORELIKEJUNK</h3><ul><li><a href=\"/a\">First other story</a></li>"
     "<li><a href=\"/b\">Second other story</a></li></ul>"
     "<div>Topics: <a href=\"/t/1\">Transport</a> <a href=\"/t/2\">City</a> "
     "<a href=\"/t/3\">Trams</a></div>"
     "<h2><a href=\"/next\">TEASERJUNK next story headline</a></h2>"
     "<p>The mayor said a second line would follow.</p></article></body></html>",
     "Tram line opens", NULL, NULL, NULL, "The mayor said a second line would follow.",
     {"READONJUNK", "MORELIKEJUNK", "Second other story", "Transport"}},
    {"the lone h1 in the article's header is the headline",
     "<html><head><title>Bridge reopens after repairs | Local | The Courier</title>"
     "<meta property=\"og:title\" content=\"Bridge reopens after repairs | Local | The "
     "Courier\"></head><body><header><a href=\"/\">The Courier</a></header><article><header>"
     "<h1>Bridge reopens after repairs</h1></header><p>The bridge reopened to traffic on "
     "Sunday.</p></article></body></html>",
     "Bridge reopens after repairs", NULL, NULL, NULL, "The bridge reopened", {NULL}},
    {"a date in the canonical URL's path",
     "<html><head><title>Harbour dredging begins</title><link rel=\"canonical\" "
     "href=\"https://news.example.com/local/2019/07/03/harbour-dredging-begins\"></head>"
     "<body><p>Dredging began.</p></body></html>",
     "Harbour dredging begins", "2019-07-03", NULL, NULL, "Dredging began.", {NULL}},
    {"a date <meta> beats the URL's date",
     "<html><head><title>Harbour dredging begins</title><meta property=\"og:url\" "
     "content=\"https://news.example.com/2019/07/03/harbour\"><meta name=\"date\" "
     "content=\"2019-07-04\"></head><body><p>Dredging began.</p></body></html>",
     "Harbour dredging begins", "2019-07-04", NULL, NULL, "Dredging began.", {NULL}},
    {"a date in the line under the headline",
     "<html><head><title>Library extends opening hours</title></head><body><div>"
     "<a href=\"/\">Home</a> 12 January 2009</div><article><h1>Library extends opening hours"
     "</h1><div class=\"meta\">Posted by the editors on 3 March 2021</div><p>The town "
     "library will open until nine.</p></article></body></html>",
     "Library extends opening hours", "2021-03-03", NULL, NULL, "The town library", {NULL}},
    {"a dotted day-first date under the headline",
     "<html><head><title>Library extends opening hours</title></head><body><article>"
     "<h1>Library extends opening hours</h1><span>Updated 06.12.2022</span><p>The town "
     "library will open until nine.</p></article></body></html>",
     "Library extends opening hours", "2022-12-06", NULL, NULL, "The town library", {NULL}},
    {"a BEM modifier or a last part \"ad\" does not make furniture",
     "<html><body><section class=\"o-section o-section--has-ads\"><div class=\"cuerpo-ad\">"
     "<p>The regional orchestra will tour four coastal towns this summer.</p>"
     "<p>Tickets go on sale at the town halls from Monday.</p>"
     "<p>Children under twelve will be admitted free of charge, and students pay half the "
     "usual price at every concert of the tour.</p></div></section>"
     "<div class=\"widget\"><p>SIDEJUNK a short note in the side column here.</p></div>"
     "</body></html>",
     NULL, NULL, NULL, NULL, "Children under twelve will be admitted free", {"SIDEJUNK"}},
    {"the strongest furniture words match inside a token, and captions' legends go",
     "<html><body><article><h1>Dune grass planted</h1>"
     "<p>Volunteers planted dune grass along two kilometres of the north beach on Saturday "
     "to hold the sand against winter storms.</p><div class=\"image\"><div class=\"legend\">"
     "LEGENDJUNK a picture of the beach</div></div>"
     "<p>The council will count the new shoots in the spring.</p>"
     "<div id=\"jp-relatedposts\"><p>RELATEDJUNK an earlier planting day</p></div>"
     "<div class=\"shareblock\"><p>SHAREJUNK pass it on</p></div>"
     "<div class=\"pagination\">PAGEJUNK 1 2 3</div></article></body></html>",
     "Dune grass planted", NULL, NULL, NULL, "The council will count the new shoots",
     {"LEGENDJUNK", "RELATEDJUNK", "SHAREJUNK", "PAGEJUNK"}},
    {"dates the story is about are not its date",
     "<html><head><title>Canal reopens</title></head><body><article><h1>Canal reopens</h1>"
     "<p>The canal reopened to boats this week after a long closure for repairs to three "
     "of its locks, and the first barges passed through on the morning of 2 May 2019 to "
     "cheers from the towpath.</p><blockquote class=\"twitter-tweet\"><p>Boats again!</p>"
     "&mdash; A Boater <a href=\"https://twitter.example/x/1\">May 3, 2019</a></blockquote>"
     "</article></body></html>",
     "Canal reopens", NULL, NULL, NULL, "The canal reopened", {"May 3, 2019"}},
    {"an embedded post's words stay, its chrome goes",
     "<html><body><article><h1>Canal reopens</h1><p>The canal reopened to boats this week "
     "after a long closure for repairs to three of its locks, the trust said.</p>"
     "<blockquote class=\"twitter-tweet\"><p>QUOTED Boats again on the old cut!</p>"
     "&mdash; A Boater <a href=\"https://twitter.example/x/1\">May 3, 2019</a></blockquote>"
     "</article></body></html>",
     "Canal reopens", NULL, NULL, NULL, "QUOTED Boats again on the old cut!", {"May 3, 2019"}},
    {"a story over sibling blocks is joined",
     "<html><body><div class=\"page\"><div class=\"row\">"
     "<div class=\"col\"><div class=\"block-a\"><p>The river festival returns to the old "
     "quay next weekend with boat races, a night market and music on two stages, after two "
     "quiet years in which the town held only a small parade along the water.</p></div></div>"
     "<div class=\"col\"><div class=\"block-b\"><p>Organisers expect twenty thousand "
     "visitors over the three days and have asked people to come by train or bicycle.</p>"
     "</div></div><div class=\"col\"><div class=\"block-c\"><p>JOINEDTEXT The races start "
     "at ten on Saturday morning and the final is on Sunday afternoon.</p></div></div>"
     "</div></div><div class=\"extra\"><p>OUTSIDEJUNK a note.</p></div></body></html>",
     NULL, NULL, NULL, NULL, "JOINEDTEXT The races start", {"OUTSIDEJUNK"}},
    {"a teaser paragraph set into the story, and a heading over furniture, go",
     "<html><body><article><h1>Library opens late</h1>"
     "<p>The town library will open until nine on weekday evenings from next month, the "
     "council said, after a survey of readers asked for longer hours.</p>"
     "<p><em>See also: <a href=\"/x\">TEASERJUNK Council budget passed after long night</a>"
     "</em></p><p>Staff will be paid for the extra hours from the arts budget.</p>"
     "<h3>HEADJUNK More on this</h3><div class=\"related-box\"><p>Older story about "
     "books.</p></div><div class=\"article-copyright\">COPYJUNK all rights reserved</div>"
     "<figcaption>CAPTIONJUNK the library at dusk</figcaption>"
     "<div class=\"post-meta\">METAJUNK Filed under Town</div></article></body></html>",
     "Library opens late", NULL, NULL, NULL, "Staff will be paid for the extra hours",
     {"TEASERJUNK", "HEADJUNK", "COPYJUNK", "CAPTIONJUNK"}},
    {"a numeric date under the headline, in the order of the page's language",
     "<html lang=\"es\"><body><article><h1>Puerto reabierto</h1><p>03/05/2022</p>"
     "<p>El puerto volvió a abrir el martes tras dos semanas de obras en el muelle norte.</p>"
     "</article></body></html>",
     "Puerto reabierto", "2022-05-03", NULL, NULL, "El puerto", {NULL}},
    {"a numeric date with slashes is not read without a language that orders it",
     "<html lang=\"en\"><body><article><h1>Port reopened</h1><p>03/05/2022</p>"
     "<p>The port opened again on Tuesday after two weeks of work on the north quay.</p>"
     "</article></body></html>",
     "Port reopened", NULL, NULL, NULL, "The port", {NULL}},
    {"the lead above the story's block opens the text",
     "<html><body><div class=\"col\"><h1>Tram line approved</h1>"
     "<p class=\"article-lead\">LEADTEXT The city will build its first tram line in forty "
     "years, from the station to the hospital.</p>"
     "<div class=\"story-text\"><p>The council voted on Thursday night to approve the plan, "
     "which will cost the city and the region about two hundred million over six years.</p>"
     "<p>Work on the first section begins next spring, the mayor said after the vote, and the "
     "line should carry its first passengers four years later, in time for the games.</p>"
     "<p>Opponents said the money would be better spent on buses, which could serve the "
     "outer districts sooner and at a fraction of the cost of rails and overhead wires.</p>"
     "</div></div></body></html>",
     "Tram line approved", NULL, NULL, NULL, "LEADTEXT The city will build its first tram line "
     "in forty years, from the station to the hospital.\n\nThe council voted", {NULL}},
    {"the lead in the article's own header opens the text",
     "<html><body><article><header><h1>Dam repairs finished</h1>"
     "<p class=\"lead\">LEADTEXT The old dam above the village is safe again after two "
     "years of work.</p><div class=\"share\">SHAREJUNK</div></header>"
     "<p>Engineers replaced the sluice gates and sealed the cracks in the wall, the water "
     "board said on Friday, and the lake will be filled again over the summer.</p>"
     "<p>The footpath along the crest opens to walkers next month, once the railings are "
     "in place and the last of the scaffolding has gone from the spillway.</p>"
     "</article></body></html>",
     "Dam repairs finished", NULL, NULL, NULL, "LEADTEXT The old dam above the village is "
     "safe again after two years of work.\n\nEngineers replaced", {"SHAREJUNK"}},
    {"a teaser card wrapped in one link goes",
     "<html><body><article><h1>Ferry strike ends</h1>"
     "<p>The ferry crews went back to work on Monday after the union and the operator agreed "
     "on a new rota for the summer season.</p><div class=\"box\"><a href=\"/y\">"
     "<div>CARDJUNK Earlier: the strike's first day</div><div>Queues formed at both harbours "
     "as the first sailings of the week were cancelled without notice.</div></a></div>"
     "<p>Sailings will run to the normal timetable from Tuesday, the operator said.</p>"
     "</article></body></html>",
     "Ferry strike ends", NULL, NULL, NULL, "Sailings will run to the normal timetable",
     {"CARDJUNK"}},
    {"a date in the text's opening is the last resort",
     "<html><body><div class=\"col\"><div class=\"story\"><p>Posted by the press office, "
     "21.11.2022</p><p>The gas price brake takes effect in March, backdated to January, "
     "and the government expects it to cost about fifty billion.</p></div></div>"
     "</body></html>",
     NULL, "2022-11-21", NULL, NULL, "The gas price brake", {NULL}},
    {"an <h1> that is the site's logo is no headline",
     "<html><head><title>Basic muffins : Muffin Recipes</title></head><body><div id=\"top\">"
     "<h1 class=\"site-logo\"><a href=\"/\">Muffin Recipes</a></h1></div><div><h2>Basic "
     "muffins</h2><p>Mix the flour, the sugar and the baking powder, then stir in the eggs "
     "and the milk until the batter is smooth.</p></div></body></html>",
     "Basic muffins", NULL, NULL, NULL, "Mix the flour", {NULL}},
    {"a dated line at the foot of the story, not a date the story is about, is no text",
     "<html><body><article><h1>Tin nuclei studied</h1><p>Physicists at the institute have "
     "measured how helium nuclei form at the surface of heavy tin nuclei, following the "
     "study first announced on 12 May 2019 in a shorter report.</p>"
     LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P
     LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P
     "<p>Zuletzt aktualisiert am 04.03.2021.</p></article></body></html>",
     "Tin nuclei studied", "2021-03-04", NULL, NULL, "Physicists at the institute",
     {"aktualisiert"}},
    {"a page's dated line outside the story's text dates it when the text has none",
     "<html><body><div class=\"post\"><h1>Village fete returns</h1>"
     "<div class=\"entry\"><p>The village fete returns to the green this summer after a "
     "break of three years, with the brass band, the tombola and the dog show.</p>"
     LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P LONG_P "</div>"
     "<div class=\"post-meta\"><span>Ver\xc3\xb6" "ffentlicht: 25.10.2007 15:19</span></div>"
     "</div></body></html>",
     "Village fete returns", "2007-10-25", NULL, NULL, "The village fete returns", {NULL}},
    {"a short element with a date part in its class dates a page with no other date",
     "<html><head><title>Rain at last</title></head><body><div class=\"date-outer\">"
     "<h2 class=\"date-header\"><span>Thursday, July 28, 2011</span></h2>"
     "<div class=\"post-outer\"><div class=\"post\"><p>The first rain in six weeks fell on "
     "the valley overnight, and the farmers say the harvest may yet be saved.</p>"
     LONG_P LONG_P "</div></div></div></body></html>",
     "Rain at last", "2011-07-28", NULL, NULL, "The first rain in six weeks", {NULL}},
    {"a teaser's date-classed element gives way to the date under the headline",
     "<html><head><title>Port expands</title></head><body><div class=\"date-filter\">Date "
     "range</div><div class=\"teasers\">"
     "<span class=\"teaser-date\">April 19, 2022</span> <a href=\"/x\">Other story</a>"
     "</div><article><h1>Port expands</h1><p>Published April 26, 2022</p><p>The port will "
     "add two berths for container ships by the end of next year, its board said.</p>"
     "</article></body></html>",
     "Port expands", "2022-04-26", NULL, NULL, "The port will add two berths", {NULL}},
    {"a reader's comment's dated line dates nothing",
     "<html><body><article><h1>Village fete returns</h1><p>The village fete returns to "
     "the green this summer after a break of three years, with the brass band.</p>"
     "</article><div class=\"comments\"><p>Posted on March 3, 2019 by Ann</p>"
     "<p>Lovely news.</p></div></body></html>",
     "Village fete returns", NULL, NULL, NULL, "The village fete returns", {NULL}},
    {"a writer's link inside a sentence stays",
     "<html><body><article><h1>Bridge repaired</h1>"
     "<p>The <a href=\"/b\">old bridge</a> reopened on Monday after repairs.</p>"
     "<p>Engineers replaced two of its spans over the summer months while boats waited.</p>"
     "</article></body></html>",
     "Bridge repaired", NULL, NULL, NULL, "The old bridge reopened on Monday", {NULL}},
    {"a headline's hidden label is not its text",
     "<html><head><title>Ferry fares frozen | Harbour News</title></head><body><article>"
     "<h1><span class=\"visuallyhidden\">Headline:</span> Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said.</p>"
     "</article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "Fares on the island ferries", {"Headline:"}},
    {"a heading's part its class names the headline is the headline, its kicker left out",
     "<html><head><title>Ferry fares frozen - Harbour News</title></head><body><article>"
     "<h1><span class=\"text-green\">Island transport</span><span class=\"invisible\">: "
     "</span><span class=\"headline\">Ferry fares frozen for the year</span></h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said.</p>"
     "</article></body></html>",
     "Ferry fares frozen for the year", NULL, NULL, NULL, "Fares on the island ferries",
     {"Island transport"}},
    {"a heading's small print and screen-reader labels are not its headline",
     "<html><head><title>Energy research - Harbour Ministry</title></head><body><article>"
     "<h1><span>Energy, transport and research</span><span class=\"aural\">: </span>"
     "<small class=\"c-topline\"><span class=\"aural\">, Topic:</span><span>Research"
     "</span></small></h1><p>The ministry funds research into the energy transition.</p>"
     "</article></body></html>",
     "Energy, transport and research", NULL, NULL, NULL, "The ministry funds research",
     {NULL}},
    {"a heading's kicker set in a small class is not its headline",
     "<html><head><title>Energy checks - Harbour Homes</title></head><body><article>"
     "<h1><span class=\"h1small\">Efficiency drive</span> Free power checks for homes</h1>"
     "<p>Households can ask for a free check of their electricity use this winter.</p>"
     "</article></body></html>",
     "Free power checks for homes", NULL, NULL, NULL, "Households can ask", {NULL}},
    {"a heading that is all small print keeps it",
     "<html><head><title>x</title></head><body><article>"
     "<h1><small>Harbour notes for the week</small></h1>"
     "<p>Households can ask for a free check of their electricity use this winter.</p>"
     "</article></body></html>",
     "Harbour notes for the week", NULL, NULL, NULL, "Households can ask", {NULL}},
    {"a paragraph classed as a newsletter teaser or a comment form's notice goes",
     "<html><body><article><h1>Tram line approved</h1>"
     "<p>The city will build its first tram line in forty years, from the station to the "
     "hospital, the council decided on Tuesday after a long debate.</p>"
     "<p>Work starts next spring and the first trams should run three years later.</p>"
     "<p id=\"newsletter-teaser\">TEASERJUNK Never miss the news: sign up now.</p>"
     "<p class=\"akismet_comment_form_privacy_notice\">NOTICEJUNK This site fights spam.</p>"
     "<p class=\"hidden-xs lead-text\">Opponents wanted buses instead.</p>"
     "</article></body></html>",
     "Tram line approved", NULL, NULL, NULL, "Opponents wanted buses instead.",
     {"TEASERJUNK", "NOTICEJUNK"}},
    {"a form around the article's paragraphs is the article; a small form is chrome",
     "<html><head><title>Wool blanket with a name</title></head><body>"
     "<form class=\"search\"><p>SEARCHJUNK Search the shop</p></form>"
     "<form class=\"productform\"><h1>Wool blanket with a name</h1>"
     "<p>A soft blanket of two layers of wool, embroidered with your pet's name in a colour "
     "of your choice, and washable at forty degrees without losing its shape.</p>"
     "<p>Each blanket is sewn by hand in our workshop; the embroidery takes a day, and we "
     "send the blanket within two weeks of your order, wrapped as a present.</p>"
     "<p>Choose the size that suits your cat or dog: small for a basket, large for a sofa, "
     "and extra large for the biggest breeds, which like to stretch out in the sun.</p>"
     "<input type=\"submit\" value=\"Order\"></form></body></html>",
     "Wool blanket with a name", NULL, NULL, NULL, "A soft blanket of two layers of wool",
     {"SEARCHJUNK"}},
    {"a paragraph beside the story's block joins it; a breadcrumb paragraph does not",
     "<html><body><div class=\"content-inner\">"
     "<p class=\"breadcrumb-navigation\"><a href=\"/\">Home</a> &gt; <a href=\"/energy\">"
     "Energy</a> &gt; CRUMBJUNK Government caps the price of electricity for homes and "
     "small firms from March</p>"
     "<p class=\"Introduction\">LEADTEXT On Friday the government approved the bill that "
     "caps the price of electricity for homes and small firms from March.</p>"
     "<div class=\"wrap\"><div class=\"frame\">"
     "<p>The cap covers eighty per cent of a household's use of last year, and the state "
     "pays the suppliers the difference between the cap and the market price.</p>"
     "<p>Suppliers must pass the relief on to their customers with their next bill, the "
     "ministry said, and the regulator will check that they do.</p>"
     "<p>The opposition called the scheme too late for the winter and too costly, and said "
     "it would vote against it when the bill comes back from committee.</p>"
     "<p>Small firms with fewer than fifty staff are covered on the same terms as homes, "
     "while larger firms get a cap on seventy per cent of their use.</p>"
     "<p>The bill now goes to the upper house, which is expected to pass it before the "
     "end of the month so that the first bills in March show the relief.</p>"
     "<p>Consumer groups welcomed the cap but asked for help for those who heat with oil "
     "or wood, which the bill leaves out, as do the rules for district heating.</p>"
     "</div></div></div></body></html>",
     NULL, NULL, NULL, NULL, "LEADTEXT On Friday the government approved the bill", {"CRUMBJUNK"}},
    {"the article's own <header>, by its class, holds the story's lead",
     "<html><body><header class=\"site-header\"><p class=\"intro\">SITEJUNK The best "
     "news from the harbour towns, every day of the week.</p></header>"
     "<section class=\"article-section\"><header class=\"article-header-wrapper\">"
     "<h1>Ferry fares frozen</h1><h2 class=\"article-subheadline\">LEADTEXT The operator "
     "said fares would not rise this year whatever the price of fuel.</h2></header>"
     "<div class=\"body\"><p>Fares on the island ferries will not rise this year, the "
     "operator said on Monday, after two years of increases above inflation.</p>"
     "<p>The price of fuel, which makes up a third of its costs, has fallen since spring, "
     "and the operator expects more passengers in the summer.</p></div></section>"
     "</body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "LEADTEXT The operator said", {"SITEJUNK"}},
    {"a label over other stories goes, what follows it is judged on its own",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation.</p>"
     "<h2>Related articles</h2>"
     "<p>AFTERLABEL The price of fuel, which makes up a third of the operator's costs, has "
     "fallen since the spring.</p>"
     "<div class=\"box\"><p><strong>Zum Weiterlesen:</strong></p></div>"
     "<p>The operator expects more passengers in the summer than in any year before.</p>"
     "<h3>\xc3\x84hnliche Beitr\xc3\xa4ge</h3><p>The harbour master retires after thirty "
     "years at the quay, and the town thanks him with a party.</p>"
     "<p><strong>Media contact:</strong></p><p>The press office answers questions on "
     "weekdays from nine to five, by phone or by mail.</p>"
     "</article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "AFTERLABEL The price of fuel",
     {"Related articles", "Weiterlesen", "hnliche", "contact"}},
    {"a copyright or credit line goes; a sentence about copyright stays",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation.</p>"
     "<div class=\"credit\">\xc2\xa9 CREDITJUNK Harbour Photos</div>"
     "<p>Copyright law was not part of the talks, the operator added, nor were the "
     "timetables.</p>"
     "<p><em>\xc2\xa9 2022 Harbour Post. NOTICEJUNK All rights reserved.</em></p>"
     "</article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "Copyright law was not part of the talks",
     {"CREDITJUNK", "NOTICEJUNK"}},
    {"a subheading over an ad set into the story stays; one over furniture alone goes",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation.</p>"
     "<h2>SUBHEAD Fuel is cheaper</h2><aside class=\"widget\">Deals of the week</aside>"
     "<div class=\"ad-unit\"></div>"
     "<p>The price of fuel, which makes up a third of the operator's costs, has fallen since "
     "the spring.</p><h3>TAGSJUNK Topics</h3><aside class=\"tags\">Ferries, Fuel</aside>"
     "</article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "SUBHEAD Fuel is cheaper", {"TAGSJUNK"}},
    {"a story in content elements nested five deep is joined",
     "<html><body><div class=\"page\"><div class=\"main\"><h1>Heating the old house</h1>"
     "<div class=\"ce\"><div class=\"container\"><div class=\"row\"><div class=\"col\">"
     "<div class=\"text\"><p>GROUPONE Most of the energy a house uses goes into heating its rooms, far more than into its lights or its kitchen.</p><p>The boilers of half the houses in the country are more than fifteen years old, and many burn oil.</p></div></div></div></div></div>"
     "<div class=\"ce\"><div class=\"container\"><div class=\"row\"><div class=\"col\">"
     "<div class=\"text\"><p>GROUPTWO A new boiler cuts the bill by a fifth, a heat pump by more, if the house is insulated well enough to run it at a low temperature.</p><p>Older houses need new windows and a warmer roof first, which the state pays a part of.</p></div></div></div></div></div>"
     "<div class=\"ce\"><div class=\"container\"><div class=\"row\"><div class=\"col\">"
     "<div class=\"text\"><p>GROUPTHREE The cost of the work is paid back in ten to fifteen years, the energy agency says, and sooner when the price of gas goes up again.</p><p>Owners should ask for two offers and for the agency's free advice before they decide.</p></div></div></div></div></div>"
     "</div></div></body></html>",
     "Heating the old house", NULL, NULL, NULL, "GROUPONE Most of the energy", {NULL}},
    {"the lead set apart between the headline and the story's block opens the text",
     "<html><body><div class=\"news\"><h1>Tram line approved</h1>"
     "<div class=\"meta\">19 November 2021</div><div class=\"teaser-text\"><p>LEADTEXT "
     "The city will build its first tram line in forty years, from the station to the "
     "hospital.</p></div><div class=\"share\"><p>SHAREJUNK Share this story with your "
     "friends and family on every network you like to use.</p></div>"
     "<div class=\"news-text-wrap\"><p>The council voted for the plan on Tuesday after a "
     "long debate, and work on the tracks starts next spring.</p><p>Opponents said the money "
     "would be better spent on buses, which could serve the outer districts sooner.</p>"
     "<p>The first trams should run three years from now, the transport office said.</p>"
     LONG_P LONG_P LONG_P LONG_P "</div></div></body></html>",
     "Tram line approved", "2021-11-19", NULL, NULL, "LEADTEXT The city will build",
     {"SHAREJUNK"}},
    {"a subtitle under the headline is the story's lead",
     "<html><body><article><header class=\"c-article-head__inner\"><h1>Floating ramp contest"
     "</h1><h2 class=\"c-article-head__subtitle\">SUBTITLE The third floating ramp contest "
     "comes to the lake in August</h2></header><div class=\"c-article-body\">"
     "<p>Skaters from six countries meet on a ramp that floats in the middle of the lake, "
     "and the crowd watches from the shore and from boats.</p>" LONG_P LONG_P
     "</div></article></body></html>",
     "Floating ramp contest", NULL, NULL, NULL, "SUBTITLE The third floating ramp", {NULL}},
    {"a subheading whose id is a contents anchor named nav_ stays",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation.</p>"
     "<h3 class=\"subheading\" id=\"nav_fuel_is_cheaper__1\">SUBHEAD Fuel is cheaper</h3>"
     "<p>The price of fuel, which makes up a third of the operator's costs, has fallen since "
     "the spring.</p><div id=\"nav_main\">NAVJUNK Home News Sport</div></article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "SUBHEAD Fuel is cheaper", {"NAVJUNK"}},
    {"a promotion box and a call to action are furniture",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation.</p>"
     "<div class=\"promotion-box promotion-box--gold\"><h3>PROMOJUNK Like this story?</h3>"
     "<p>Support our newsroom with a gift today.</p></div>"
     "<p>The price of fuel, which makes up a third of the operator's costs, has fallen since "
     "the spring.</p><div class=\"cta-global__container\"><p>CTAJUNK Missed the show? "
     "Watch it again on our channel whenever you like.</p></div></article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "The price of fuel", {"PROMOJUNK", "CTAJUNK"}},
    {"a call to subscribe, donate or follow set into the story goes; a sentence on it stays",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation.</p>"
     "<p>PROMPTJUNK Subscribe now to our print edition for the full story.</p>"
     "<p>The operator has 40,000 subscribers to its season ticket, who will pay the same.</p>"
     "<p><strong>S\xc3\x8dGUENOS EN Telegram y Twitter SOCIALJUNK</strong></p>"
     "<p>FOLLOWJUNK Follow The Harbour Post on Twitter and on Instagram @harbourpost.</p>"
     "<p>MEMBERJUNK Join our readers for two euros a month. Cancel anytime.</p>"
     "<p>The operator will follow the new rules on timetables, it said on Monday.</p>"
     "</article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "The operator has 40,000 subscribers",
     {"PROMPTJUNK", "SOCIALJUNK", "FOLLOWJUNK", "MEMBERJUNK"}},
    {"a paragraph that is an e-mail address is the writer's, not a teaser",
     "<html><body><article><h1>Ferry fares frozen</h1>"
     "<p>Fares on the island ferries will not rise this year, the operator said on Monday, "
     "after two years of increases above inflation. Readers can write to the desk.</p>"
     "<p><a href=\"mailto:desk@harbour.example\">desk@harbour.example</a></p>"
     "<p>The price of fuel, which makes up a third of the operator's costs, has fallen since "
     "the spring.</p><p><a href=\"/other\">TEASERJUNK Another story entirely</a></p>"
     "</article></body></html>",
     "Ferry fares frozen", NULL, NULL, NULL, "desk@harbour.example", {"TEASERJUNK"}},
    {"cp1252 page",
     "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
     "<title>Caf\xe9 \x93quoted\x94</title></head><body><p>Na\xefve \x96 text</p></body></html>",
     "Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d", NULL, NULL, NULL,
     "Na\xc3\xafve \xe2\x80\x93 text", {NULL}},
    {"iso-8859-1 declared",
     "<html><head><meta charset=\"iso-8859-1\"><title>S\xe3o Paulo</title></head><body>"
     "<p>\xc9t\xe9</p></body></html>",
     "S\xc3\xa3o Paulo", NULL, NULL, NULL, "\xc3\x89t\xc3\xa9", {NULL}},
    {"bad UTF-8 repaired",
     "<html><head><meta charset=\"utf-8\"><title>Bad \xe2\x82\xac ok \xff here</title></head>"
     "<body><p>Broken \xc3\x28 sequences \xe4\xb8\xad.</p></body></html>",
     "Bad \xe2\x82\xac ok \xef\xbf\xbd here", NULL, NULL, NULL, "Broken", {NULL}},
    {"byline element with source",
     "<html><head><title>Lehman files for bankruptcy</title>"
     "<meta name=\"date\" content=\"2008-09-15\"></head><body><div class=\"article\">"
     "<span class=\"byline\">By Thomas Hale, Reuters</span><p>Lehman filed.</p></div>"
     "</body></html>",
     "Lehman files for bankruptcy", "2008-09-15", "Reuters", "Thomas Hale", "Lehman filed.",
     {"Thomas Hale"}},
    {"a short heading with nothing under it goes, an opening one stays",
     "<html><body><article><h2>The opening heading stays</h2>"
     "<p>Flood water reached the lower town overnight and closed the main bridge.</p>"
     "<h2>Rescue teams</h2><p>Crews worked until dawn to clear the road to the hospital of "
     "the lower town.</p>"
     "<h3>EMPTYJUNK Read next</h3><h3>Clean-up</h3><p>Volunteers brought shovels and "
     "buckets to the flooded shops on the square.</p>"
     "<div><h2>TRAILJUNK More from us</h2><div class=\"box\"><div class=\"share-box\">"
     "<a href=\"/f\">Facebook</a></div></div></div></article></body></html>",
     NULL, NULL, NULL, NULL,
     "The opening heading stays\n\nFlood water reached the lower town overnight and closed "
     "the main bridge.\n\nRescue teams\n\nCrews worked until dawn to clear the road to the "
     "hospital of the lower town.\n\nClean-up\n\nVolunteers brought shovels and buckets to "
     "the flooded shops on the square.",
     {"EMPTYJUNK", "TRAILJUNK"}},
    {"the short paragraphs the text ends on go, when a full one comes before",
     "<html><body><article><p>Short one stays.</p>"
     "<p>The library reopened on Saturday after a year of building work, with twice the "
     "shelf space and a new reading room facing the park.</p><p>Also short, kept.</p>"
     "<p>Its opening hours are longer too: until nine in the evening on weekdays, the "
     "council said, and from ten until four on Sundays.</p>"
     "<div class=\"x\">ENDJUNK Follow us online</div><p>ENDJUNK Tags: town, library</p>"
     "</article></body></html>",
     NULL, NULL, NULL, NULL, "Short one stays.\n\nThe library reopened", {"ENDJUNK"}},
    {"a label over a list of links, or over nothing, goes; a label over text stays",
     "<html><body><article><p>The harbour wall was rebuilt over the winter, and the "
     "fishing boats came back to the inner basin in the first week of April.</p>"
     "<p><strong>LABELJUNK See also:</strong></p><ul><li><a href=\"/a\">Storm damage on "
     "the quay</a></li><li><a href=\"/b\">The lifeboat station moves</a></li></ul>"
     "<p>The harbour master said:</p><blockquote><p>We have not had the whole fleet in "
     "here for three years, and the town has missed it.</p></blockquote>"
     "<div class=\"row\"><div class=\"col\"><p>The new lights at the harbour mouth are "
     "lit from dusk, and the ferry keeps to its winter timetable until May.</p>"
     "<div class=\"inner\"><p>LABELJUNK More on this:</p></div></div></div>"
     "<div class=\"row\"><p>Repairs to the slipway follow in the autumn, when the last of "
     "the summer visitors have gone home again.</p></div>"
     "</article></body></html>",
     NULL, NULL, NULL, NULL, "The harbour master said:\n\nWe have not had", {"LABELJUNK"}},
    {"a tag line is a block of links however its source is indented",
     "<html><body><article><p>The valley road reopened on Thursday after the landslide "
     "was cleared and the retaining wall above the bend was made safe.</p>\n"
     "        <div class=\"x\">\n"
     "            TAGJUNK Topics:\n"
     "            <a href=\"/t/1\">Rivers and canals</a>,\n"
     "            <a href=\"/t/2\">Towns of the valley</a>,\n"
     "            <a href=\"/t/3\">Weather warnings</a>\n"
     "        </div>\n"
     "<p>Buses will run to the usual timetable from Monday, the county council said, and "
     "the diversion signs will be taken down over the weekend.</p></article></body></html>",
     NULL, NULL, NULL, NULL, "Buses will run to the usual timetable", {"TAGJUNK"}},
    {"a story a page builder split into sibling articles is read whole",
     "<html><body><div class=\"col\"><article><h1>Where the river water goes</h1><p>FIRSTPART "
     "Most of the water in the river is taken out upstream before it reaches the town.</p>"
     "</article><article><p>The farms along the valley draw it off for their fields in the "
     "summer months, and the power station cools its turbines with what is left over.</p>"
     "<p>What comes back downstream is warmer than it was, and there is less of it every "
     "year, the water board's report says, which worries the anglers most of all.</p>"
     "</article></div><div class=\"other\"><p>A short note elsewhere on the page.</p></div>"
     "</body></html>",
     "Where the river water goes", NULL, NULL, NULL, "FIRSTPART Most of the water", {NULL}},
    {"a lead is found on a page whose <body> is classed as having ads",
     "<html><body class=\"single-post has-sidebar ads\"><article><header><h1>Night buses "
     "return</h1></header><p class=\"article-excerpt\">LEADTEXT The night buses come back "
     "to the city's four main routes from the first of the month.</p>"
     "<div itemprop=\"articleBody\"><p>The operator cut the night service two years ago "
     "when it ran short of drivers, and has now hired enough to run it again.</p>"
     "<p>Buses will leave the central station every half hour from midnight until five in "
     "the morning, the operator said on Tuesday.</p></div></article></body></html>",
     "Night buses return", NULL, NULL, NULL, "LEADTEXT The night buses come back", {NULL}},
    {"a heading inside a link is a teaser's headline",
     "<html><body><article><p>The library reopened on Saturday after a year of building "
     "work, with twice the shelf space and a new reading room facing the park.</p>"
     "<div class=\"box\"><a href=\"/other\"><h3>CARDJUNK Pool closes for repairs</h3></a>"
     "<p>Its opening hours are longer too: until nine in the evening on weekdays, the "
     "council said, and from ten until four on Sundays.</p></div></article></body></html>",
     NULL, NULL, NULL, NULL, "Its opening hours are longer too", {"CARDJUNK"}},
    {"a long standfirst under the headline is prose: its dates are not the page's",
     "<html lang=\"de\"><body><article><div class=\"topline\"><span>06.12.2022</span></div>"
     "<h1>Anteile am Windpark</h1><div class=\"h3\">Mit der Investition in den Windpark "
     "bietet die Stadt ihren B\xc3\xbcrgern vom 9.1.2023 bis zum 10.2.2023 die M\xc3\xb6glichkeit, "
     "Teil der regionalen Energiewende zu werden und von einer guten Verzinsung zu "
     "profitieren.</div><p>Die Anteile kosten je 500 Euro und werden "
     "\xc3\xbc" "ber zehn Jahre verzinst, teilte die Stadt am Dienstag mit.</p></article>"
     "</body></html>",
     "Anteile am Windpark", "2022-12-06", NULL, NULL, "06.12.2022", {NULL}},
    {"the first date under the headline wins, dotted or written out",
     "<html lang=\"de\"><body><article><h1>Kein Wohngeld ohne Bewerbung</h1>"
     "<div class=\"infos\">18.02.2022, 10:27 | Recht</div><p>Am 17. Februar 2022 hat das "
     "Gericht entschieden, dass Wohngeld nur erh\xc3\xa4lt, wer sich ernsthaft um Arbeit bem\xc3\xbcht, "
     "und die Klage eines Mannes aus der Stadt abgewiesen, der keine Bewerbungen vorlegte.</p>"
     "</article></body></html>",
     "Kein Wohngeld ohne Bewerbung", "2022-02-18", NULL, NULL, "Am 17. Februar", {NULL}},
    {"readers' comments' dates are not the article's",
     "<html lang=\"de\"><body><article><h1>Bioenergie gedrosselt</h1>"
     "<p>29.11.2022 \xe2\x80\x93 Die Branche hatte die Nachteile des Gesetzes mehrfach dargelegt "
     "und Vorschl\xc3\xa4ge zu einer \xc3\x84nderung gemacht, leider ohne Erfolg.</p>"
     "<div class=\"comments-area\"><div class=\"comment-metadata\"><time "
     "datetime=\"2022-12-02T15:57:32+01:00\">2. Dezember 2022</time></div>"
     "<span class=\"comment-date\">02.12.2022, 15:57</span><p>Sehr gut.</p></div>"
     "</article></body></html>",
     "Bioenergie gedrosselt", "2022-11-29", NULL, NULL, "29.11.2022", {NULL}},
    {"a table's short lines and a signed-off sentence at the end are kept",
     "<html><body><article><p>The company reported higher profits for the year on strong "
     "sales of its medicines and laboratory equipment abroad.</p>"
     "<p>Net 4.9 mln vs 3.7 mln</p><p>Turnover 58 mln vs 44 mln</p>"
     "<p>The payment date is March 31. REUTER</p></article></body></html>",
     NULL, NULL, NULL, NULL, "Net 4.9 mln vs 3.7 mln\n\nTurnover 58 mln vs 44 mln\n\n"
     "The payment date is March 31. REUTER", {NULL}},
    {"a story's short closing sentence is kept",
     "<html><body><article><p>The library reopened on Saturday after a year of building "
     "work, with twice the shelf space and a new reading room facing the park.</p>"
     "<p>\xe2\x80\x9cWe are thrilled,\xe2\x80\x9d the librarian said.</p>"
     "</article></body></html>",
     NULL, NULL, NULL, NULL, "the librarian said.", {NULL}},
    {"a text of short paragraphs only is kept whole",
     "<html><body><article><p>Roses are red.</p><p>Violets are blue.</p>"
     "<p>LASTLINE Sugar is sweet.</p></article></body></html>",
     NULL, NULL, NULL, NULL, "Roses are red.\n\nViolets are blue.\n\nLASTLINE Sugar is sweet.",
     {NULL}},
    {"unclosed markup",
     "<html><head><title>Unclosed</title><body><p>Tags <b>never <i>close and it stops",
     "Unclosed", NULL, NULL, NULL, "Tags never close and it stops", {NULL}},
    {"XHTML with XML declaration",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
     "<head><title>XHTML page</title></head><body><p>Body.</p></body></html>",
     "XHTML page", NULL, NULL, NULL, "Body.", {NULL}},
};

START_TEST(html_table)
{
    const html_case_t *c = &html_cases[_i];
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "2016/06/24/page.html", c->input);
    check_str(c->name, a->format, "html");
    check_str("title", a->title, c->title);
    check_date(a, c->date);
    check_str("source", a->source, c->source);
    if (c->byline)
        check_str("byline", a->byline, c->byline);
    if (c->in_text)
        ck_assert_msg(strstr(text_of(a), c->in_text), "%s: text '%s'", c->name, text_of(a));
    for (int k = 0; k < 4 && c->not_in_text[k]; k++)
        ck_assert_msg(!strstr(text_of(a), c->not_in_text[k]), "%s: '%s' in text '%s'", c->name,
                      c->not_in_text[k], text_of(a));
    nx_article_list_clear(&l);
}
END_TEST

/* ---- NITF ---- */

START_TEST(nitf_full)
{
    const char *s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf><head><title>Head title</title>"
        "<docdata><date.issue norm=\"19891109T223000Z\"/><doc.copyright holder=\"The "
        "Associated Press\"/></docdata><pubdata name=\"Other\"/></head><body><body.head>"
        "<hedline><hl1>East Germany Opens the Wall</hl1><hl2>Crowds cross</hl2></hedline>"
        "<byline>By <person>Ingrid Brandt</person>, <byttl>AP Writer</byttl></byline>"
        "<dateline><location>BERLIN</location>, <story.date norm=\"19891109\">Nov. 9"
        "</story.date></dateline><abstract><p>Borders opened.</p></abstract></body.head>"
        "<body.content><p>East Germany threw open its borders.</p><p>Crowds <org>cheered"
        "</org>.</p></body.content></body></nitf>";
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "1989/11/09/wall.xml", s);
    check_str("format", a->format, "nitf");
    check_str("title", a->title, "East Germany Opens the Wall");
    check_date(a, "1989-11-09T22:30:00Z");
    check_str("source", a->source, "Associated Press");
    check_str("dateline", a->dateline, "BERLIN");
    check_str("byline", a->byline, "Ingrid Brandt");
    check_str("standfirst", a->standfirst, "Borders opened.");
    check_str("text", text_of(a), "East Germany threw open its borders.\n\nCrowds cheered.");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(nitf_minimal)
{
    /* norm forms: basic with zone, date only; ticker in the headline. */
    static const struct {
        const char *norm, *want;
    } norms[] = {{"20210408T123000", "2021-04-08T12:30"},
                 {"20210408T123000Z", "2021-04-08T12:30"},
                 {"2021-04-08", "2021-04-08"},
                 {"20120805T214500+0100", "2012-08-05T20:45"}};
    for (size_t i = 0; i < sizeof norms / sizeof norms[0]; i++) {
        char s[1024];
        snprintf(s, sizeof s,
                 "<?xml version=\"1.0\"?><nitf><body><body.head><hedline><hl1>Champion "
                 "&lt;ch&gt; Approves Split</hl1></hedline><distributor>Agence France-Presse"
                 "</distributor><dateline>LONDON, Aug 5 <story.date norm=\"%s\">x</story.date>"
                 "</dateline></body.head><body.content><p>Text.</p></body.content></body></nitf>",
                 norms[i].norm);
        nx_article_list_t l;
        nx_article_t *a = parse1(&l, "b.xml", s);
        check_str("title", a->title, "Champion <ch> Approves Split");
        check_date(a, norms[i].want);
        check_str("source", a->source, "AFP");
        check_str("dateline", a->dateline, "LONDON");
        nx_article_list_clear(&l);
    }
}
END_TEST

/* ---- feeds ---- */

START_TEST(rss_items)
{
    const char *s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
        "<title>Reuters wire, part 3</title>"
        "<item><title>Phillips &lt;p&gt; to Pare Debt</title><guid isPermaLink=\"false\">"
        "reuters-4232</guid><pubDate>Thu, 12 Mar 1987 10:18:49 +0000</pubDate>"
        "<source url=\"https://www.reuters.com\">Reuters</source><description>NEW YORK, Mar 12 "
        "(Reuters) - Phillips will cut debt.\n\nSecond paragraph &lt;Cinram Ltd&gt;."
        "</description></item>"
        "<item><title>Greek Vote</title><link>https://x.example/greece</link><pubDate>Wed, 29 "
        "Jun 2011 16:40:00 +0300</pubDate><description><![CDATA[<p>ATHENS (AP) &mdash; Greece "
        "voted.</p><p>More.</p>]]></description></item>"
        "<item><title>No id</title><dc:date>2023-08-23</dc:date><description>Plain."
        "</description><content:encoded><![CDATA[<p>Full <b>text</b>.</p>]]></content:encoded>"
        "</item>"
        "</channel></rss>";
    nx_article_list_t l = parse_n("feeds/wire.rss", s, strlen(s), 3);
    nx_article_t *a = l.v[0], *b = l.v[1], *c = l.v[2];
    check_str("id", a->id, "feeds/wire.rss#reuters-4232");
    check_str("path", a->path, "feeds/wire.rss");
    check_str("format", a->format, "rss");
    check_str("title", a->title, "Phillips <p> to Pare Debt");
    check_date(a, "1987-03-12T10:18:49Z");
    check_str("source", a->source, "Reuters");
    check_str("dateline", a->dateline, "NEW YORK");
    check_str("text", text_of(a),
              "NEW YORK, Mar 12 (Reuters) - Phillips will cut debt.\n\nSecond paragraph "
              "<Cinram Ltd>.");
    check_str("id", b->id, "feeds/wire.rss#https://x.example/greece");
    check_date(b, "2011-06-29T13:40");
    check_str("source from dateline", b->source, "Associated Press");
    check_str("text", text_of(b), "ATHENS (AP) \xe2\x80\x94 Greece voted.\n\nMore.");
    check_str("id", c->id, "feeds/wire.rss#3");
    check_str("no source from the channel title", c->source, NULL);
    check_str("content:encoded", text_of(c), "Full text.");
    check_str("standfirst", c->standfirst, "Plain.");
    check_date(c, "2023-08-23");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(rss_channel_title_known_source)
{
    const char *s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>BBC News"
                    "</title><item><title>One</title><guid>g1</guid><description>Text."
                    "</description></item></channel></rss>";
    nx_article_list_t l = parse_n("f.rss", s, strlen(s), 1);
    check_str("source", l.v[0]->source, "BBC");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(rss1_rdf)
{
    const char *s = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                    "22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://"
                    "purl.org/dc/elements/1.1/\"><channel rdf:about=\"x\"><title>T</title>"
                    "</channel><item rdf:about=\"https://x.example/a\"><title>A</title><dc:date>"
                    "2004-05-06T07:08:09Z</dc:date><description>Alpha.</description></item>"
                    "<item rdf:about=\"https://x.example/b\"><title>B</title><description>Beta."
                    "</description></item></rdf:RDF>";
    nx_article_list_t l = parse_n("f.rdf", s, strlen(s), 2);
    check_str("id", l.v[0]->id, "f.rdf#https://x.example/a");
    check_date(l.v[0], "2004-05-06T07:08:09Z");
    check_str("title", l.v[1]->title, "B");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(atom_entries)
{
    const char *s =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
        "<title>Science desk</title><author><name>BBC News</name></author>"
        "<entry><title>Eclipse</title><id>tag:x,2024:eclipse</id><published>2024-04-08T19:30:00Z"
        "</published><updated>2024-04-09T00:00:00Z</updated><author><name>Priya N</name>"
        "</author><summary>Short.</summary><content type=\"html\">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;"
        "Two.&lt;/p&gt;</content></entry>"
        "<entry><title type=\"html\">Black hole &lt;em&gt;seen&lt;/em&gt;</title><link "
        "href=\"https://x.example/bh\"/><updated>2019-04-10T13:07:00+02:00</updated><content "
        "type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Ring.</p><p>Dark.</p>"
        "</div></content></entry>"
        "<entry><title>Dolly</title><id>tag:x,1997:dolly</id><updated>1997-02-23T09:00:00Z"
        "</updated><summary>EDINBURGH (Reuters) - A sheep.</summary></entry></feed>";
    nx_article_list_t l = parse_n("feeds/science.atom", s, strlen(s), 3);
    nx_article_t *a = l.v[0], *b = l.v[1], *c = l.v[2];
    check_str("format", a->format, "atom");
    check_str("id", a->id, "feeds/science.atom#tag:x,2024:eclipse");
    check_date(a, "2024-04-08T19:30");
    check_str("text", text_of(a), "One.\n\nTwo.");
    check_str("standfirst", a->standfirst, "Short.");
    check_str("byline", a->byline, "Priya N");
    check_str("source from feed author", a->source, "BBC");
    check_str("id from link", b->id, "feeds/science.atom#https://x.example/bh");
    check_str("html title", b->title, "Black hole seen");
    check_date(b, "2019-04-10T11:07");
    check_str("xhtml", text_of(b), "Ring.\n\nDark.");
    check_str("dateline beats feed author", c->source, "Reuters");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(generic_xml)
{
    const char *one = "<?xml version=\"1.0\"?><story><headline>Generic headline</headline>"
                      "<date>2005-05-05</date><publisher>Reuters</publisher><body><para>P1."
                      "</para><para>P2.</para></body></story>";
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "g.xml", one);
    check_str("format", a->format, "xml");
    check_str("title", a->title, "Generic headline");
    check_date(a, "2005-05-05");
    check_str("source", a->source, "Reuters");
    check_str("text", text_of(a), "P1.\n\nP2.");
    nx_article_list_clear(&l);
    /* A collection of records (the Reuters-21578 layout). */
    const char *coll =
        "<?xml version=\"1.0\"?><LEWIS><REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01:01.79"
        "</DATE><TEXT><TITLE>BAHIA COCOA REVIEW</TITLE><DATELINE>    SALVADOR, Feb 26 - "
        "</DATELINE><BODY>Showers continued.</BODY></TEXT></REUTERS><REUTERS NEWID=\"2\"><DATE>"
        "26-FEB-1987 15:02:20.00</DATE><TEXT><TITLE>STANDARD OIL</TITLE><BODY>Standard Oil "
        "said.</BODY></TEXT></REUTERS></LEWIS>";
    l = parse_n("reut2-000.xml", coll, strlen(coll), 2);
    check_str("id", l.v[0]->id, "reut2-000.xml#1");
    check_str("title", l.v[0]->title, "BAHIA COCOA REVIEW");
    check_date(l.v[0], "1987-02-26T15:01");
    check_str("dateline", l.v[0]->dateline, "SALVADOR");
    check_str("text", text_of(l.v[0]), "Showers continued.");
    check_str("id", l.v[1]->id, "reut2-000.xml#2");
    nx_article_list_clear(&l);
}
END_TEST

/* ---- hostile input ---- */

START_TEST(hostile_xxe)
{
    const char *s = "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY x SYSTEM "
                    "\"file:///etc/passwd\">]>\n<nitf><head><title>T &x; end</title></head>"
                    "<body><body.content><p>Before &x; after.</p></body.content></body></nitf>\n";
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "xxe.xml", s);
    check_str("title", a->title, "T end");
    ck_assert_ptr_null(strstr(text_of(a), "root:"));
    check_str("text", text_of(a), "Before after.");
    nx_article_list_clear(&l);
    /* Only references, no text: reported, never expanded. */
    const char *only = "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY x SYSTEM "
                       "\"file:///etc/passwd\">]>\n<nitf><head><title>&x;</title></head><body>"
                       "<body.content><p>&x;</p></body.content></body></nitf>\n";
    expect_error("xxe2.xml", only, strlen(only), NULL);
    /* Through the parameter-entity door too. */
    const char *pe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM "
                     "\"file:///etc/passwd\"> %p;]><r><title>x</title><p>y</p></r>";
    nx_article_list_t l2 = {0};
    nx_error_t err;
    nx_parse_file(&ctx, "pe.xml", pe, strlen(pe), &l2, &err);
    for (size_t i = 0; i < l2.n; i++)
        ck_assert_ptr_null(strstr(text_of(l2.v[i]), "root:"));
    nx_article_list_clear(&l2);
}
END_TEST

START_TEST(hostile_internal_entity)
{
    const char *s = "<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY co \"Acme Corp\">]>"
                    "<nitf><body><body.content><p>Shares of &co; rose.</p></body.content>"
                    "</body></nitf>";
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "ent.xml", s);
    check_str("text", text_of(a), "Shares of Acme Corp rose.");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(hostile_billion_laughs)
{
    nx_buf_t b = {0};
    nx_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY l \"lol\">");
    for (int i = 1; i < 10; i++) {
        nx_buf_printf(&b, "<!ENTITY l%d \"", i);
        for (int k = 0; k < 10; k++) {
            if (i > 1)
                nx_buf_printf(&b, "&l%d;", i - 1);
            else
                nx_buf_puts(&b, "&l;");
        }
        nx_buf_puts(&b, "\">");
    }
    nx_buf_puts(&b, "]>\n<nitf><head><title>&l9;</title></head><body><body.content><p>a &l9; b"
                    "</p></body.content></body></nitf>\n");
    double t0 = now();
    nx_article_list_t l = {0};
    nx_error_t err;
    nx_status_t st = nx_parse_file(&ctx, "laughs.xml", b.data, b.len, &l, &err);
    ck_assert_msg(now() - t0 < time_limit(), "took %.1f s", now() - t0);
    ck_assert_int_eq(st, NX_E_PARSE);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_msg(strstr(err.msg, "XML entity expansion"), "reason '%s'", err.msg);
    nx_article_list_clear(&l);
    nx_buf_free(&b);
}
END_TEST

/* ---- entity amplification (xmlsafe.c: at most 10 times the input in
 * replacement text, 1 MiB always allowed, 16 MiB never exceeded) ---- */

#define LOL256_LEN 256

/* A 256-byte entity value without markup or references: the longest text
 * the walkers emit for one reference. */
static void put_lol256(nx_buf_t *b)
{
    for (int i = 0; i < LOL256_LEN / 4; i++)
        nx_buf_puts(b, "lol ");
}

static void put_refs(nx_buf_t *b, const char *name, size_t n)
{
    char r[64];
    int k = snprintf(r, sizeof r, "&%s;", name);
    ck_assert(k > 0 && (size_t)k < sizeof r);
    for (size_t i = 0; i < n; i++)
        nx_buf_append(b, r, (size_t)k);
}

/* Words, for the bytes the ratio is taken of. */
static void put_words(nx_buf_t *b, size_t bytes)
{
    for (size_t i = 0; i < bytes / 5; i++)
        nx_buf_append(b, "word ", 5);
}

/* NITF declaring w (256 bytes): `pad` bytes of words, then n references. */
static void flood_nitf(nx_buf_t *b, size_t pad, size_t n)
{
    nx_buf_puts(b, "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY w \"");
    put_lol256(b);
    nx_buf_puts(b, "\">]>\n<nitf><head><title>Flood</title></head><body><body.content><p>");
    put_words(b, pad);
    put_refs(b, "w", n);
    nx_buf_puts(b, "</p></body.content></body></nitf>\n");
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Small internal entities keep working as before: their text is emitted
 * where the walkers emit it (RSS descriptions and Atom titles take only
 * text nodes, and a nested entity's text is not emitted: as before). */
START_TEST(entity_small_kept)
{
    static const char dtd[] = "<!DOCTYPE x [<!ENTITY co \"Acme Corp\"><!ENTITY city "
                              "\"Berlin\"><!ENTITY both \"&co; of &city;\">]>";
    static const struct {
        const char *name, *body, *title, *text;
    } cases[] = {
        {"ent-nitf.xml",
         "<nitf><head><title>T</title></head><body><body.head><hedline><hl1>&co; profit "
         "rises</hl1></hedline></body.head><body.content><p>Shares of &co; rose in &city; "
         "&amp; beyond; &both; said.</p></body.content></body></nitf>",
         "Acme Corp profit rises", "Shares of Acme Corp rose in Berlin & beyond; said."},
        {"ent-rss.xml",
         "<rss version=\"2.0\"><channel><title>Feed</title><item><title>&co; profit "
         "rises</title><description>Shares rose in &city; today.</description></item>"
         "</channel></rss>",
         "Acme Corp profit rises", "Shares rose in today."},
        {"ent-atom.xml",
         "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><entry><id>urn:1</id>"
         "<title>Profit rises</title><content type=\"xhtml\"><div "
         "xmlns=\"http://www.w3.org/1999/xhtml\"><p>Shares of &co; rose in &city;.</p></div>"
         "</content></entry></feed>",
         "Profit rises", "Shares of Acme Corp rose in Berlin."},
        {"ent-generic.xml",
         "<doc><title>&co; profit rises</title><body><p class=\"&co;\">Shares of &co; rose "
         "in &city;.</p></body></doc>",
         "Acme Corp profit rises", "Shares of Acme Corp rose in Berlin."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_buf_t b = {0};
        nx_buf_printf(&b, "<?xml version=\"1.0\"?>%s%s", dtd, cases[i].body);
        nx_article_list_t l;
        nx_article_t *a = parse1(&l, cases[i].name, b.data);
        check_str("title", a->title, cases[i].title);
        check_str("text", text_of(a), cases[i].text);
        nx_article_list_clear(&l);
        nx_buf_free(&b);
    }
}
END_TEST

/* A flood of references to one 256-byte entity (the 9 MB file of the bug
 * report took 2 GB): refused at the first reference past 16 MiB, before
 * the rest is parsed. ru_maxrss is the process's high-water mark, so the
 * check sees growth beyond what earlier tests reached: a parse that built
 * all of it (about 700 MB here) would fail it. */
START_TEST(entity_flood_refused)
{
    nx_buf_t b = {0};
    flood_nitf(&b, 0, 1000000); /* 3 MB; 256 MB of replacement text */
    long before = maxrss_kb();
    expect_error("flood.xml", b.data, b.len, "XML entity expansion exceeds 16 MiB");
    long grown = maxrss_kb() - before;
    ck_assert_msg(grown < 64 * 1024, "memory grew by %ld KB", grown);
    nx_buf_free(&b);

    /* The same in each feed format and other XML (60 KB, 5 MB of text). */
    static const char *const heads[] = {
        "<rss version=\"2.0\"><channel><title>F</title><item><title>T</title><description>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><entry><id>1</id>"
        "<title>T</title><content>",
        "<doc><title>T</title><body>"};
    static const char *const tails[] = {"</description></item></channel></rss>",
                                        "</content></entry></feed>", "</body></doc>"};
    static const char *const names[] = {"flood.rss", "flood.atom", "flood-doc.xml"};
    for (int i = 0; i < 3; i++) {
        nx_buf_t d = {0};
        nx_buf_puts(&d, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY w \"");
        put_lol256(&d);
        nx_buf_printf(&d, "\">]>%s", heads[i]);
        put_refs(&d, "w", 20000);
        nx_buf_puts(&d, tails[i]);
        expect_error(names[i], d.data, d.len, "XML entity expansion exceeds 1 MiB");
        nx_buf_free(&d);
    }
}
END_TEST

/* Nesting that libxml2's own checks let through (they count references,
 * against the bytes read in the entity: the words keep b and c under them):
 * c is 25,875 bytes. Counted wherever the document refers to it: content,
 * attribute values, attribute defaults in the DTD. */
START_TEST(entity_nested_refused)
{
    static const char dtd[] =
        "<?xml version=\"1.0\"?><!DOCTYPE doc [<!ENTITY a \"%s\">"
        "<!ENTITY b \"Ha ha ha ha ha ha ha ha: &a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"Ho ho ho ho ho ho ho ho: &b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">%s]>";
    char lol[LOL256_LEN + 1];
    for (int i = 0; i < LOL256_LEN / 4; i++)
        memcpy(lol + 4 * i, "lol ", 4);
    lol[LOL256_LEN] = '\0';
    for (int where = 0; where < 3; where++) {
        nx_buf_t b = {0};
        nx_buf_printf(&b, dtd, lol,
                      where == 2 ? "<!ATTLIST p class CDATA \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"
                                   "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"
                                   "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                                 : "");
        nx_buf_puts(&b, "<doc><title>Nested</title><body><p");
        if (where == 1) {
            nx_buf_puts(&b, " class=\"");
            put_refs(&b, "c", 50); /* 1.3 MB */
            nx_buf_puts(&b, "\"");
        }
        nx_buf_puts(&b, ">Some words.");
        if (where == 0)
            put_refs(&b, "c", 1000); /* 26 MB */
        nx_buf_puts(&b, "</p></body></doc>");
        expect_error("nested.xml", b.data, b.len, "XML entity expansion exceeds 1 MiB");
        nx_buf_free(&b);
    }
}
END_TEST

/* The bounds exactly: 1 MiB is allowed whatever the size; past it, 10 times
 * the input; 16 MiB at most. */
START_TEST(entity_budget_bounds)
{
    /* Floor: 4,096 * 256 bytes = 1 MiB exactly in a 12 KB document. */
    nx_buf_t b = {0};
    flood_nitf(&b, 0, 4096);
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "floor.xml", b.data);
    ck_assert_uint_ge(a->text.len, 4096u * LOL256_LEN - 4096);
    ck_assert(strncmp(text_of(a), "lol lol lol", 11) == 0);
    nx_article_list_clear(&l);
    nx_buf_reset(&b);
    flood_nitf(&b, 0, 4097);
    expect_error("floor.xml", b.data, b.len, "XML entity expansion exceeds 1 MiB");

    /* Ratio: 200 KB of words, 2 MB of replacement text and then some. */
    size_t ok_n = 7000, bad_n = 9500;
    nx_buf_reset(&b);
    flood_nitf(&b, 200000, ok_n);
    ck_assert(ok_n * LOL256_LEN < 10 * b.len && ok_n * LOL256_LEN > (1u << 20));
    a = parse1(&l, "ratio.xml", b.data);
    ck_assert_uint_gt(a->text.len, 1000000);
    nx_article_list_clear(&l);
    nx_buf_reset(&b);
    flood_nitf(&b, 200000, bad_n);
    ck_assert(bad_n * LOL256_LEN > 10 * b.len);
    expect_error("ratio.xml", b.data, b.len, "XML entity expansion exceeds 10 times the input");

    /* Cap: 2 MB of words, 17.9 MB of replacement text: 8 times, but more
     * than 16 MiB. */
    nx_buf_reset(&b);
    flood_nitf(&b, 2000000, 70000);
    ck_assert(70000u * LOL256_LEN < 10 * b.len && 70000u * LOL256_LEN > (16u << 20));
    expect_error("cap.xml", b.data, b.len, "XML entity expansion exceeds 16 MiB");
    nx_buf_free(&b);
}
END_TEST

/* libxml2's own check: parameter entities nested in the DTD (declared
 * inside one, where they may be used). It fires, then later errors
 * overwrite the last error: refused all the same, not parsed again in
 * recover mode. An entity that refers to itself never ends either. */
START_TEST(entity_libxml2_check_refused)
{
    nx_buf_t b = {0};
    nx_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE doc [<!ENTITY % w \"<!ENTITY &#37; p0 '");
    put_lol256(&b);
    nx_buf_puts(&b, "'>");
    for (int i = 1; i <= 8; i++) {
        nx_buf_printf(&b, "<!ENTITY &#37; p%d '", i);
        for (int k = 0; k < 10; k++)
            nx_buf_printf(&b, "&#37;p%d;", i - 1);
        nx_buf_puts(&b, "'>");
    }
    nx_buf_puts(&b, "<!ENTITY big '&#37;p8;'>\"> %w;]>\n<doc><title>Parameter laughs</title>"
                    "<body>&big; words</body></doc>\n");
    expect_error("pe.xml", b.data, b.len, "XML entity expansion refused");
    nx_buf_free(&b);

    const char *loop = "<?xml version=\"1.0\"?><!DOCTYPE doc [<!ENTITY a \"x &b;\">"
                       "<!ENTITY b \"y &a;\">]><doc><title>Loop</title>"
                       "<body>&a; words</body></doc>";
    expect_error("loop.xml", loop, strlen(loop), "XML entity expansion");
}
END_TEST

START_TEST(hostile_deep_html)
{
    size_t depth = 100000;
    nx_buf_t b = {0};
    nx_buf_puts(&b, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        nx_buf_append(&b, "<div>", 5);
    nx_buf_puts(&b, "deep words");
    for (size_t i = 0; i < depth; i++)
        nx_buf_append(&b, "</div>", 6);
    nx_buf_puts(&b, "</body></html>");
    /* Past --max-depth (256 by default): refused, quickly. */
    double t0 = now();
    expect_error("deep.html", b.data, b.len, "more than 256 levels of nested elements (--max-depth)");
    ck_assert_msg(now() - t0 < time_limit(), "took %.1f s", now() - t0);
    /* With the bound raised, the HTML parser and the walks (iterative)
     * take it in linear time. */
    nx_limits_t lim = test_limits;
    lim.max_depth = depth + 10;
    ctx.limits = &lim;
    t0 = now();
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "deep.html", b.data);
    ctx.limits = &test_limits;
    ck_assert_msg(now() - t0 < time_limit(), "took %.1f s", now() - t0);
    check_str("text", text_of(a), "deep words");
    nx_article_list_clear(&l);
    nx_buf_free(&b);
}
END_TEST

START_TEST(hostile_small_chain)
{
    /* A chain of 200 nested blocks, each with a letter of text: the rules
     * that read a small element's text (a label, a notice) read each once,
     * not once per ancestor (2^200 times). */
    nx_buf_t b = {0};
    nx_buf_puts(&b, "<html><body><article><h1>Chain</h1><p>The story has enough words "
                    "to be a story, and a sentence or two more than that.</p>");
    for (int i = 0; i < 200; i++)
        nx_buf_puts(&b, "<div><span>x</span>");
    for (int i = 0; i < 200; i++)
        nx_buf_puts(&b, "</div>");
    nx_buf_puts(&b, "</article></body></html>");
    double t0 = now();
    nx_article_list_t l;
    nx_article_t *a = parse1(&l, "chain.html", b.data);
    ck_assert_msg(now() - t0 < time_limit(), "took %.1f s", now() - t0);
    ck_assert_ptr_nonnull(strstr(text_of(a), "The story has enough words"));
    nx_article_list_clear(&l);
    nx_buf_free(&b);
}
END_TEST

START_TEST(hostile_deep_xml)
{
    /* Nesting past libxml2's 256 levels: refused, quickly. */
    nx_buf_t b = {0};
    nx_buf_puts(&b, "<?xml version=\"1.0\"?><story><title>Deep</title>");
    for (int i = 0; i < 100000; i++)
        nx_buf_append(&b, "<a>", 3);
    nx_buf_puts(&b, "x");
    for (int i = 0; i < 100000; i++)
        nx_buf_append(&b, "</a>", 4);
    nx_buf_puts(&b, "</story>");
    double t0 = now();
    nx_article_list_t l = {0};
    nx_error_t err;
    nx_status_t st = nx_parse_file(&ctx, "deep.xml", b.data, b.len, &l, &err);
    ck_assert(st == NX_OK || st == NX_E_PARSE);
    ck_assert_msg(now() - t0 < time_limit(), "took %.1f s", now() - t0);
    nx_article_list_clear(&l);
    nx_buf_free(&b);
}
END_TEST

START_TEST(walker_deep_tree)
{
    /* The wrapper's walkers are iterative: a tree 200,000 levels deep,
     * built directly, is walked without recursion. */
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"div");
    xmlDocSetRootElement(doc, root);
    xmlNodePtr n = root;
    for (int i = 0; i < 200000; i++)
        n = xmlNewChild(n, NULL, (const xmlChar *)(i % 2 ? "p" : "span"), NULL);
    xmlNodeAddContent(n, (const xmlChar *)"bottom");
    nx_buf_t out = {0};
    ck_assert_int_eq(nx_xml_block_text(root, NULL, NULL, &out), NX_OK);
    ck_assert_str_eq(out.data, "bottom");
    ck_assert_ptr_eq(nx_xml_find(root, "nonexistent"), NULL);
    nx_buf_free(&out);
    /* Free the chain bottom-up (xmlFreeDoc may recurse on some builds). */
    xmlNodePtr last = root;
    while (last->children)
        last = last->children;
    while (last != root) {
        xmlNodePtr up = last->parent;
        xmlUnlinkNode(last);
        xmlFreeNode(last);
        last = up;
    }
    xmlFreeDoc(doc);
}
END_TEST

START_TEST(hostile_long_line)
{
    size_t n = 10u << 20;
    char *s = malloc(n + 32);
    strcpy(s, "Headline\n\n");
    size_t o = strlen(s);
    while (o + 5 < n) {
        memcpy(s + o, "word ", 5);
        o += 5;
    }
    s[o++] = '\n';
    s[o] = '\0';
    double t0 = now();
    nx_article_list_t l = parse_n("longline.txt", s, o, 1);
    ck_assert_msg(now() - t0 < time_limit(), "took %.1f s", now() - t0);
    check_str("title", l.v[0]->title, "Headline");
    ck_assert_uint_gt(l.v[0]->text.len, 9u << 20);
    nx_article_list_clear(&l);
    /* The same line with no title line at all. */
    l = parse_n("longline2.txt", s + 10, o - 10, 1);
    ck_assert_ptr_null(l.v[0]->title);
    ck_assert_uint_gt(l.v[0]->text.len, 9u << 20);
    nx_article_list_clear(&l);
    free(s);
}
END_TEST

START_TEST(hostile_nul_bytes)
{
    const char s[] = "Title\n\nBody with \0 NUL \0 bytes inside.\n";
    nx_article_list_t l = parse_n("nul.txt", s, sizeof s - 1, 1);
    check_str("title", l.v[0]->title, "Title");
    check_str("text", text_of(l.v[0]), "Body with NUL bytes inside.");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(hostile_binary_and_empty)
{
    unsigned char bin[256 * 64];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)i;
    expect_error("binary.html", (const char *)bin, sizeof bin, "binary data");
    expect_error("x.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 22, "binary data");
    expect_error("empty.txt", "", 0, "empty file");
    expect_error("blank.txt", " \n\t\r\n  \n", 8, "empty file");
    expect_error("bom.txt", "\xef\xbb\xbf  \n", 6, "empty file");
    const char nuls[] = "\0\0\0\0\0\0\0\0\0\0";
    expect_error("nuls.txt", nuls, sizeof nuls, NULL);
}
END_TEST

START_TEST(utf16_text)
{
    /* "Title\n\nBody.\n" in UTF-16LE with a BOM, and big-endian without. */
    const char *ascii = "Title\n\nBody text.\n";
    size_t n = strlen(ascii);
    char le[64], be[64];
    le[0] = (char)0xFF;
    le[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) {
        le[2 + 2 * i] = ascii[i];
        le[3 + 2 * i] = 0;
        be[2 * i] = 0;
        be[2 * i + 1] = ascii[i];
    }
    nx_article_list_t l = parse_n("le.txt", le, 2 + 2 * n, 1);
    check_str("title", l.v[0]->title, "Title");
    check_str("text", text_of(l.v[0]), "Body text.");
    nx_article_list_clear(&l);
    l = parse_n("be.txt", be, 2 * n, 1);
    check_str("title", l.v[0]->title, "Title");
    nx_article_list_clear(&l);
}
END_TEST

START_TEST(dateline_table)
{
    static const struct {
        const char *s, *place, *src;
    } cases[] = {
        {"ISLAMABAD, April 7 (Reuters) - text", "ISLAMABAD", "Reuters"},
        {"LONDON (AP) \xe2\x80\x94 text", "LONDON", "AP"},
        {"NEW YORK, Feb 26 - text", "NEW YORK", NULL},
        {"WASHINGTON\xe2\x80\x94The president", "WASHINGTON", NULL},
        {"S\xc3\x83O PAULO (AFP) - text", "S\xc3\x83O PAULO", "AFP"},
        {"Islamabad (AFP) - text", "Islamabad", "AFP"},
        {"(Reuters) - text", NULL, "Reuters"},
        {"U.S. M-1 money supply rose", NULL, NULL},
        {"The US - China talks", NULL, NULL},
        {"(corrected) - Banponce", NULL, NULL},
        {"Shares rose 5 pct - analysts", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_dateline_t d;
        int found = nx_dateline_find(cases[i].s, strlen(cases[i].s), &d);
        if (!cases[i].place && !cases[i].src) {
            ck_assert_msg(!found, "case %zu: found a dateline in '%s'", i, cases[i].s);
            continue;
        }
        ck_assert_msg(found, "case %zu: no dateline in '%s'", i, cases[i].s);
        if (cases[i].place)
            ck_assert_msg(d.place_len == strlen(cases[i].place) &&
                              !strncmp(d.place, cases[i].place, d.place_len),
                          "case %zu: place '%.*s'", i, (int)d.place_len, d.place);
        else
            ck_assert_uint_eq(d.place_len, 0);
        if (cases[i].src)
            ck_assert_msg(d.src_len == strlen(cases[i].src) &&
                              !strncmp(d.src, cases[i].src, d.src_len),
                          "case %zu: source '%.*s'", i, (int)d.src_len, d.src);
    }
}
END_TEST

/* The spans the country scorer reads: the place with its region and day,
 * and where the story's first words begin. */
START_TEST(dateline_spans)
{
    static const struct {
        const char *s, *head, *rest;
    } cases[] = {
        {"GREENWICH, Conn., March 2 (Reuters) - The firm", "GREENWICH, Conn., March 2", "The firm"},
        {"HOUSTON, Feb 26 - Texas Eastern said", "HOUSTON, Feb 26", "Texas Eastern said"},
        {"KYIV, Ukraine (AP) \xe2\x80\x94 Russian forces", "KYIV, Ukraine", "Russian forces"},
        {"WINSTON-SALEM, Mar 3 (Reuters) - Year to date", "WINSTON-SALEM, Mar 3", "Year to date"},
        {"(Reuters) - An agency alone", "", "An agency alone"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nx_dateline_t d;
        ck_assert_msg(nx_dateline_find(cases[i].s, strlen(cases[i].s), &d), "case %zu", i);
        ck_assert_msg(d.head_len == strlen(cases[i].head) &&
                          !strncmp(cases[i].s, cases[i].head, d.head_len),
                      "case %zu: head '%.*s'", i, (int)d.head_len, cases[i].s);
        ck_assert_str_eq(cases[i].s + d.len, cases[i].rest);
    }
    /* Not found: all zero. */
    nx_dateline_t d;
    ck_assert(!nx_dateline_find("LONDON: not a dateline", 22, &d));
    ck_assert(!d.place && !d.place_len && !d.head_len && !d.src && !d.len);
}
END_TEST

START_TEST(gzip_end_to_end)
{
    const char *html = "<html><head><title>Zipped page | Reuters</title></head><body>"
                       "<p>LONDON (Reuters) - Zipped body.</p></body></html>";
    size_t gl;
    unsigned char *g = gzip_mem(html, strlen(html), &gl);
    char *p = write_file("page.html.gz", g, gl);
    free(g);
    char *data;
    size_t len;
    nx_error_t err;
    ck_assert_int_eq(nx_read_file(p, 0, &data, &len, &err), NX_OK);
    nx_article_list_t l = parse_n("page.html.gz", data, len, 1);
    check_str("format", l.v[0]->format, "html");
    check_str("title", l.v[0]->title, "Zipped page");
    check_str("source", l.v[0]->source, "Reuters");
    nx_article_list_clear(&l);
    free(data);
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("read");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, read_plain);
    tcase_add_test(tc, read_gzip_multi_member);
    tcase_add_test(tc, read_gzip_truncated_and_corrupt);
    tcase_add_test(tc, read_gzip_bomb_limited);
    tcase_add_test(tc, read_not_gzip_named_gz);
    tcase_add_test(tc, read_errors);
    tcase_add_test(tc, gzip_end_to_end);
    suite_add_tcase(s, tc);

    tc = tcase_create("formats");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, sniff_table);
    tcase_add_loop_test(tc, text_table, 0, (int)(sizeof text_cases / sizeof text_cases[0]));
    tcase_add_test(tc, text_repeated_title_not_in_text);
    tcase_add_test(tc, dateline_table);
    tcase_add_test(tc, dateline_spans);
    tcase_add_loop_test(tc, html_table, 0, (int)(sizeof html_cases / sizeof html_cases[0]));
    tcase_add_test(tc, nitf_full);
    tcase_add_test(tc, nitf_minimal);
    tcase_add_test(tc, rss_items);
    tcase_add_test(tc, rss_channel_title_known_source);
    tcase_add_test(tc, rss1_rdf);
    tcase_add_test(tc, atom_entries);
    tcase_add_test(tc, generic_xml);
    tcase_add_test(tc, utf16_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hostile_xxe);
    tcase_add_test(tc, hostile_internal_entity);
    tcase_add_test(tc, hostile_billion_laughs);
    tcase_add_test(tc, entity_small_kept);
    tcase_add_test(tc, entity_flood_refused);
    tcase_add_test(tc, entity_nested_refused);
    tcase_add_test(tc, entity_budget_bounds);
    tcase_add_test(tc, entity_libxml2_check_refused);
    tcase_add_test(tc, hostile_deep_html);
    tcase_add_test(tc, hostile_small_chain);
    tcase_add_test(tc, hostile_deep_xml);
    tcase_add_test(tc, walker_deep_tree);
    tcase_add_test(tc, hostile_long_line);
    tcase_add_test(tc, hostile_nul_bytes);
    tcase_add_test(tc, hostile_binary_and_empty);
    suite_add_tcase(s, tc);
    return s;
}

static void remove_tmpdir(void)
{
    static const char *const names[] = {"plain.txt", "two-members.html", "cut.txt.gz",
                                        "notrailer.txt.gz", "corrupt.txt.gz", "bomb.gz",
                                        "not-gzip.txt.gz", "ten.txt", "page.html.gz", NULL};
    if (!tmpdir[0])
        return;
    char p[600];
    for (int i = 0; names[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

int main(void)
{
    setup_all();
    SRunner *sr = srunner_create(parse_suite());
    /* No fork unless CK_FORK says so: the tests share the temporary
     * directory and the sources table, and run under valgrind cleanly. */
    if (!getenv("CK_FORK"))
        srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_tmpdir();
    nx_sources_free(sources);
    nx_parse_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
