/* check_text.c - unit tests for the text module (lib/text.c: buffers and
 * their sticky status, UTF-8 validation, decoding and repair, white space,
 * name escaping, hex) and for the decoder every file's bytes go through
 * (indexer/ingest/decode.c: screening, BOMs, UTF-16, declared charsets,
 * the Windows-1252 fall-back). Driven by tables of cases. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "newsindex/text.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- buffers ---- */

START_TEST(buf_appends)
{
    nx_buf_t b = {0};
    ck_assert_int_eq(nx_buf_status(&b), NX_OK);
    ck_assert_int_eq(nx_buf_append(&b, "ab", 2), NX_OK);
    ck_assert_int_eq(nx_buf_putc(&b, 'c'), NX_OK);
    ck_assert_int_eq(nx_buf_puts(&b, "de"), NX_OK);
    ck_assert_int_eq(nx_buf_printf(&b, "-%d-%s", 42, "x"), NX_OK);
    ck_assert_str_eq(b.data, "abcde-42-x");
    ck_assert_uint_eq(b.len, 10);
    /* Growing far beyond the first allocation keeps the contents. */
    for (int i = 0; i < 1000; i++)
        nx_buf_puts(&b, "0123456789");
    ck_assert_uint_eq(b.len, 10010);
    ck_assert(b.cap > b.len && b.data[b.len] == '\0');
    ck_assert_int_eq(memcmp(b.data + 10000, "0123456789", 10), 0);
    nx_buf_reset(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.data, "");
    ck_assert_int_eq(nx_buf_append(&b, "", 0), NX_OK);
    ck_assert_str_eq(b.data, "");
    char *s = nx_buf_steal(&b);
    ck_assert_str_eq(s, "");
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    free(s);
    /* Stealing from a buffer never appended to gives "". */
    s = nx_buf_steal(&b);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "");
    free(s);
    nx_buf_free(&b);
}
END_TEST

START_TEST(buf_sticky_status)
{
    nx_buf_t b = {0};
    ck_assert_int_eq(nx_buf_puts(&b, "kept"), NX_OK);
    /* An append that cannot be done (it would need half the address
     * space) fails without touching the contents... */
    ck_assert_int_eq(nx_buf_append(&b, "x", (size_t)-1 / 2), NX_E_NOMEM);
    ck_assert_int_eq(nx_buf_status(&b), NX_E_NOMEM);
    ck_assert_uint_eq(b.len, 4);
    /* ... and every later append does nothing and says so. */
    ck_assert_int_eq(nx_buf_puts(&b, "more"), NX_E_NOMEM);
    ck_assert_int_eq(nx_buf_putc(&b, '!'), NX_E_NOMEM);
    ck_assert_int_eq(nx_buf_append(&b, "y", 1), NX_E_NOMEM);
    ck_assert_int_eq(nx_buf_printf(&b, "%d", 1), NX_E_NOMEM);
    ck_assert_uint_eq(b.len, 4);
    ck_assert_str_eq(b.data, "kept");
    /* A reset keeps the failure. */
    nx_buf_reset(&b);
    ck_assert_int_eq(nx_buf_status(&b), NX_E_NOMEM);
    ck_assert_int_eq(nx_buf_puts(&b, "again"), NX_E_NOMEM);
    /* The owner checks once: steal gives NULL, and the buffer is fresh. */
    ck_assert_ptr_null(nx_buf_steal(&b));
    ck_assert_int_eq(nx_buf_status(&b), NX_OK);
    ck_assert_ptr_null(b.data);
    ck_assert_int_eq(nx_buf_puts(&b, "new"), NX_OK);
    ck_assert_str_eq(b.data, "new");
    /* Freeing clears a failure too. */
    nx_buf_append(&b, "x", (size_t)-1 / 2);
    ck_assert_int_eq(nx_buf_status(&b), NX_E_NOMEM);
    nx_buf_free(&b);
    ck_assert_int_eq(nx_buf_status(&b), NX_OK);
    ck_assert_ptr_null(b.data);
    ck_assert_int_eq(nx_buf_putc(&b, 'z'), NX_OK);
    ck_assert_str_eq(b.data, "z");
    nx_buf_free(&b);
}
END_TEST

/* ---- UTF-8 ---- */

static const struct {
    const char *s;
    size_t n; /* 0: strlen */
    int valid;
} valid_cases[] = {
    {"plain ASCII", 0, 1},
    {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0, 1},
    {"\xef\xbf\xbd", 0, 1},        /* U+FFFD written out */
    {"caf\xe9", 0, 0},             /* Latin-1 */
    {"\xc0\x80", 0, 0},            /* overlong NUL */
    {"\xe0\x80\xaf", 0, 0},        /* overlong '/' */
    {"\xed\xa0\x80", 0, 0},        /* surrogate */
    {"\xf4\x90\x80\x80", 0, 0},    /* above U+10FFFF */
    {"\xe2\x82", 0, 0},            /* cut short */
    {"\x80", 0, 0},                /* lone continuation byte */
    {"\xf4\x8f\xbf\xbf", 0, 1},    /* U+10FFFF */
    {"a\0b", 3, 1},                /* a NUL is valid UTF-8 */
};

START_TEST(utf8_valid)
{
    const char *s = valid_cases[_i].s;
    size_t n = valid_cases[_i].n ? valid_cases[_i].n : strlen(s);
    ck_assert_msg(nx_utf8_valid(s, n) == valid_cases[_i].valid, "case %d", _i);
}
END_TEST

START_TEST(utf8_decode_and_put)
{
    static const struct {
        const char *s;
        uint32_t cp;
        size_t len;
    } cases[] = {
        {"A", 'A', 1},           {"\xc3\xa9", 0xE9, 2}, {"\xe2\x82\xac", 0x20AC, 3},
        {"\xf0\x9f\x98\x80", 0x1F600, 4}, {"\xe9x", 0xFFFD, 1}, {"\xc0\x80", 0xFFFD, 1},
        {"\xed\xa0\x80", 0xFFFD, 1},
    };
    for (int i = 0; i < N(cases); i++) {
        size_t len;
        uint32_t cp = nx_utf8_decode(cases[i].s, strlen(cases[i].s), &len);
        ck_assert_msg(cp == cases[i].cp && len == cases[i].len, "case %d: U+%04X, %zu", i,
                      (unsigned)cp, len);
        if (cp != 0xFFFD) {
            char out[4];
            ck_assert_uint_eq(nx_utf8_put(out, cp), len);
            ck_assert_int_eq(memcmp(out, cases[i].s, len), 0);
        }
    }
    size_t len;
    ck_assert_uint_eq(nx_utf8_decode("", 0, &len), 0xFFFD);
    ck_assert_uint_eq(len, 1);
    ck_assert_uint_eq(nx_utf8_decode("\xe2\x82\xac", 2, &len), 0xFFFD); /* n cuts it */
}
END_TEST

START_TEST(utf8_upper_len)
{
    ck_assert_uint_eq(nx_utf8_upper_len("Abc", 3), 1);
    ck_assert_uint_eq(nx_utf8_upper_len("abc", 3), 0);
    ck_assert_uint_eq(nx_utf8_upper_len("\xc3\x89t\xc3\xa9", 5), 2);   /* É */
    ck_assert_uint_eq(nx_utf8_upper_len("\xc3\xa9", 2), 0);            /* é */
    ck_assert_uint_eq(nx_utf8_upper_len("\xc3\x97", 2), 0);            /* × */
    ck_assert_uint_eq(nx_utf8_upper_len("\xc4\x80", 2), 2);            /* Ā */
    ck_assert_uint_eq(nx_utf8_upper_len("\xc4\x81", 2), 0);            /* ā */
    ck_assert_uint_eq(nx_utf8_upper_len("1", 1), 0);
    ck_assert_uint_eq(nx_utf8_upper_len("A", 0), 0);
}
END_TEST

static const struct {
    const char *in;
    size_t n; /* 0: strlen */
    const char *out;
} repair_cases[] = {
    {"clean text\n\twith tab", 0, "clean text\n\twith tab"},
    {"caf\xe9", 0, "caf\xef\xbf\xbd"},              /* invalid: U+FFFD */
    {"a\rb\x01" "c\x7f" "d", 0, "abcd"},             /* CR, C0 and DEL dropped */
    {"page\fbreak\vtab", 0, "page\nbreak\ntab"},     /* FF and VT: newlines */
    {"x\xc2\x85y\xc2\x9fz", 0, "xyz"},               /* C1 controls dropped */
    {"a\0b", 3, "ab"},                               /* NUL dropped */
    {"\xef\xbf\xbd kept", 0, "\xef\xbf\xbd kept"},
    {"\xe2\x82", 0, "\xef\xbf\xbd\xef\xbf\xbd"},     /* each bad byte */
    {"", 0, ""},
};

START_TEST(utf8_repair)
{
    const char *in = repair_cases[_i].in;
    size_t n = repair_cases[_i].n ? repair_cases[_i].n : strlen(in);
    char *r = nx_utf8_repair(in, n);
    ck_assert_ptr_nonnull(r);
    ck_assert_msg(strcmp(r, repair_cases[_i].out) == 0, "case %d: '%s'", _i, r);
    ck_assert(nx_utf8_valid(r, strlen(r)));
    /* Repairing repaired text changes nothing. */
    char *rr = nx_utf8_repair(r, strlen(r));
    ck_assert_str_eq(rr, r);
    free(rr);
    free(r);
}
END_TEST

START_TEST(squeeze_and_case)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"  a  b\t\tc \n", "a b c"}, {"\xc2\xa0x\xc2\xa0\xc2\xa0y\xc2\xa0", "x y"},
        {"", ""}, {" \t\n", ""}, {"one", "one"}, {"a\r\nb", "a b"},
    };
    for (int i = 0; i < N(cases); i++) {
        char *s = nx_strdup(cases[i].in);
        ck_assert_str_eq(nx_squeeze_space(s), cases[i].out);
        free(s);
    }
    ck_assert_ptr_null(nx_squeeze_space(NULL));
    char low[] = "MiXeD \xc3\x89 123";
    ck_assert_str_eq(nx_ascii_lower(low), "mixed \xc3\x89 123");
    ck_assert_ptr_null(nx_strdup(NULL));
    ck_assert_ptr_null(nx_strndup(NULL, 3));
    char *d = nx_strndup("abcdef", 3);
    ck_assert_str_eq(d, "abc");
    free(d);
}
END_TEST

/* ---- names and hex ---- */

static const struct {
    const char *in, *out;
} escape_cases[] = {
    {"corpus/2021/a.txt", "corpus/2021/a.txt"},
    {"caf\xc3\xa9.txt", "caf\xc3\xa9.txt"},            /* UTF-8 stays */
    {"caf\xe9.txt", "caf\\xE9.txt"},                   /* not UTF-8 */
    {"tab\there", "tab\\x09here"},                     /* C0 */
    {"del\x7f", "del\\x7F"},
    {"c1\xc2\x85", "c1\\u{0085}"},                      /* C1 */
    {"bad\xc2", "bad\\xC2"},                            /* cut short */
    {"evil\xe2\x80\xaegnp.exe", "evil\\u{202E}gnp.exe"}, /* a bidi override */
    {"lrm\xe2\x80\x8e", "lrm\\u{200E}"},
    {"iso\xe2\x81\xa6x", "iso\\u{2066}x"},
    {"", ""},
};

START_TEST(escape_name)
{
    const char *in = escape_cases[_i].in;
    char *e = nx_escape_name(in);
    ck_assert_ptr_nonnull(e);
    ck_assert_msg(strcmp(e, escape_cases[_i].out) == 0, "case %d: '%s'", _i, e);
    ck_assert_int_eq(nx_name_needs_escape(in), strcmp(in, escape_cases[_i].out) != 0);
    ck_assert(nx_utf8_valid(e, strlen(e)));
    free(e);
}
END_TEST

START_TEST(hex)
{
    const char bytes[] = {'a', 0, (char)0xff, (char)0x10, 'Z'};
    char *h = nx_hex_encode(bytes, sizeof bytes);
    ck_assert_str_eq(h, "6100ff105a");
    char *back = nx_hex_decode(h);
    ck_assert_int_eq(memcmp(back, bytes, sizeof bytes), 0);
    free(back);
    free(h);
    h = nx_hex_encode("", 0);
    ck_assert_str_eq(h, "");
    free(h);
    /* Decoding stops at the first pair that is not hex; upper case is hex. */
    back = nx_hex_decode("4A4bzz41");
    ck_assert_str_eq(back, "JK");
    free(back);
    back = nx_hex_decode("414");
    ck_assert_str_eq(back, "A");
    free(back);
}
END_TEST

/* ---- the decoder ---- */

static const struct {
    const char *name;
    const char *in;
    size_t n;            /* 0: strlen */
    const char *charset; /* the hint; NULL: none */
    const char *out;
} decode_cases[] = {
    {"ASCII", "plain text", 0, NULL, "plain text"},
    {"UTF-8", "caf\xc3\xa9", 0, NULL, "caf\xc3\xa9"},
    {"UTF-8 BOM", "\xef\xbb\xbfhi", 0, NULL, "hi"},
    {"UTF-16LE BOM", "\xff\xfeh\0\xe9\0", 6, NULL, "h\xc3\xa9"},
    {"UTF-16BE BOM", "\xfe\xff\0h\0\xe9", 6, NULL, "h\xc3\xa9"},
    {"UTF-16 surrogate pair", "\xff\xfe=\xd8\0\xde", 6, NULL, "\xf0\x9f\x98\x80"},
    {"UTF-16 lone surrogate", "\xff\xfe=\xd8" "a\0", 6, NULL, "\xef\xbf\xbd" "a"},
    {"Windows-1252 guessed", "caf\xe9 \x93q\x94 \x80", 0, NULL,
     "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac"},
    {"cp1252 undefined byte", "a\x81" "b\xe9", 0, NULL, "a\xef\xbf\xbd" "b\xc3\xa9"},
    {"mostly UTF-8, one stray", "caf\xc3\xa9 na\xc3\xafve \xe9", 0, NULL,
     "caf\xc3\xa9 na\xc3\xafve \xef\xbf\xbd"},
    {"as many strays as good", "\xc3\xa9 \xe9", 0, NULL, "\xc3\x83\xc2\xa9 \xc3\xa9"},
    {"controls dropped", "a\x01" "b\rc\fd", 0, NULL, "abc\nd"},
    {"declared utf-8", "caf\xc3\xa9 \xe9", 0, "utf-8", "caf\xc3\xa9 \xef\xbf\xbd"},
    {"declared utf-8, no valid sequence", "caf\xe9", 0, "utf-8", "caf\xc3\xa9"},
    {"declared utf8, ASCII", "plain", 0, "utf8", "plain"},
    {"declared latin-1 read as cp1252", "\x93" "caf\xe9\x94", 0, "iso-8859-1",
     "\xe2\x80\x9c" "caf\xc3\xa9\xe2\x80\x9d"},
    {"declared latin-1, really UTF-8", "caf\xc3\xa9", 0, "iso-8859-1", "caf\xc3\xa9"},
    {"declared us-ascii", "caf\xe9", 0, "us-ascii", "caf\xc3\xa9"},
    {"declared koi8-r: iconv", "\xf0\xd2\xc9", 0, "koi8-r", "\xd0\x9f\xd1\x80\xd0\xb8"},
    {"declared koi8-r, really UTF-8", "\xd0\x9f", 0, "koi8-r", "\xd0\x9f"},
    {"declared unknown: guess", "caf\xe9", 0, "x-no-such-charset", "caf\xc3\xa9"},
    {"declared utf-16 without BOM: guess", "caf\xe9", 0, "utf-16", "caf\xc3\xa9"},
    {"a BOM beats the declaration", "\xef\xbb\xbf" "caf\xc3\xa9", 0, "iso-8859-1",
     "caf\xc3\xa9"},
    {"empty", "", 0, "utf-8", ""},
};

START_TEST(decode)
{
    const char *in = decode_cases[_i].in;
    size_t n = decode_cases[_i].n ? decode_cases[_i].n : strlen(in);
    char *d = nx_decode(in, n, decode_cases[_i].charset);
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strcmp(d, decode_cases[_i].out) == 0, "%s: '%s'", decode_cases[_i].name, d);
    ck_assert(nx_utf8_valid(d, strlen(d)));
    free(d);
}
END_TEST

START_TEST(decode_declared)
{
    static const struct {
        const char *in, *cs;
    } cases[] = {
        {"<html><head><meta charset=\"ISO-8859-1\"></head>", "iso-8859-1"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Windows-1252\">",
         "windows-1252"},
        {"<?xml version=\"1.0\" encoding='UTF-8'?><rss/>", "utf-8"},
        {"<meta charset = 'koi8-r' >", "koi8-r"},
        {"<p>no declaration here</p>", ""},
        {"charset=", ""},
        {"<meta charset=\"\"><meta charset=\"utf-8\">", "utf-8"},
    };
    for (int i = 0; i < N(cases); i++) {
        char cs[48];
        nx_decode_declared(cases[i].in, strlen(cases[i].in), cs, sizeof cs);
        ck_assert_msg(strcmp(cs, cases[i].cs) == 0, "case %d: '%s'", i, cs);
    }
    /* Only the first 8 KB are searched, and the name is cut to fit. */
    char big[9000];
    memset(big, ' ', sizeof big);
    memcpy(big + 8500, "charset=utf-8", 13);
    char cs[8];
    nx_decode_declared(big, sizeof big, cs, sizeof cs);
    ck_assert_str_eq(cs, "");
    nx_decode_declared("charset=windows-1252 ", 21, cs, sizeof cs);
    ck_assert_str_eq(cs, "windows");
}
END_TEST

static const struct {
    const char *name;
    const char *in;
    size_t n; /* 0: strlen */
    const char *out; /* NULL: refused with reason */
    const char *reason;
} screen_cases[] = {
    {"text", "Hello\r\nworld", 0, "Hello\r\nworld", NULL},
    {"latin-1 kept for the parser", "caf\xe9", 0, "caf\xe9", NULL},
    {"stray NULs dropped", "ab\0c\0d", 6, "abcd", NULL},
    {"UTF-16LE without BOM", "H\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0", 22, "Hello world", NULL},
    {"UTF-16BE without BOM", "\0H\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d", 22, "Hello world", NULL},
    {"UTF-16LE BOM", "\xff\xfeh\0i\0", 6, "hi", NULL},
    {"empty", "", 0, NULL, "empty file"},
    {"white space", " \t\r\n\xc2\xa0 ", 0, NULL, "empty file"},
    {"BOM and white space", "\xef\xbb\xbf \n", 0, NULL, "empty file"},
    {"UTF-16 white space", "\xff\xfe \0\n\0", 6, NULL, "empty file"},
    {"PDF", "%PDF-1.4 ...", 0, NULL, "binary data"},
    {"PNG", "\x89PNG\r\n\x1a\n....", 0, NULL, "binary data"},
    {"gzip", "\x1f\x8b\x08\0", 4, NULL, "binary data"},
    {"control bytes", "\x01\x02\x03\x04\x05\x06\x07\x08" "abc", 0, NULL, "binary data"},
};

START_TEST(decode_screen)
{
    const char *in = screen_cases[_i].in;
    size_t n = screen_cases[_i].n ? screen_cases[_i].n : strlen(in);
    char *out = (char *)1;
    size_t len = 99;
    nx_error_t err;
    nx_status_t st = nx_decode_screen(in, n, &out, &len, &err);
    if (screen_cases[_i].out) {
        ck_assert_msg(st == NX_OK, "%s: %s", screen_cases[_i].name, err.msg);
        ck_assert_str_eq(out, screen_cases[_i].out);
        ck_assert_uint_eq(len, strlen(out));
        free(out);
    } else {
        ck_assert_msg(st == NX_E_PARSE, "%s: status %d", screen_cases[_i].name, st);
        ck_assert_str_eq(err.msg, screen_cases[_i].reason);
        ck_assert_ptr_null(out);
        ck_assert_uint_eq(len, 0);
    }
}
END_TEST

START_TEST(decode_screen_null)
{
    char *out;
    size_t len;
    nx_error_t err;
    ck_assert_int_eq(nx_decode_screen(NULL, 0, &out, &len, &err), NX_E_PARSE);
    ck_assert_str_eq(err.msg, "empty file");
    ck_assert_ptr_null(out);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("buffers");
    tcase_add_test(tc, buf_appends);
    tcase_add_test(tc, buf_sticky_status);
    suite_add_tcase(s, tc);
    tc = tcase_create("utf8");
    tcase_add_loop_test(tc, utf8_valid, 0, N(valid_cases));
    tcase_add_test(tc, utf8_decode_and_put);
    tcase_add_test(tc, utf8_upper_len);
    tcase_add_loop_test(tc, utf8_repair, 0, N(repair_cases));
    tcase_add_test(tc, squeeze_and_case);
    suite_add_tcase(s, tc);
    tc = tcase_create("names");
    tcase_add_loop_test(tc, escape_name, 0, N(escape_cases));
    tcase_add_test(tc, hex);
    suite_add_tcase(s, tc);
    tc = tcase_create("decoder");
    tcase_add_loop_test(tc, decode, 0, N(decode_cases));
    tcase_add_test(tc, decode_declared);
    tcase_add_loop_test(tc, decode_screen, 0, N(screen_cases));
    tcase_add_test(tc, decode_screen_null);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
