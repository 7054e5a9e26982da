/* fuzz_date.c - the date parser (include/newsindex/date.h): nx_date_parse()
 * with each order, nx_date_find() and nx_date_from_path(), on the same
 * string; then the conversions and formatters on every date they give.
 *
 * Input: the string (up to its first NUL byte). Checked: a date given is
 * valid, within the years each function promises, survives the round trip
 * through Unix seconds, formats to exactly 20 and 14 characters; a failed
 * parse leaves the date zeroed; a date that the unknown order accepts is
 * unambiguous, so the other two orders give the same date. */
#include "fuzz.h"
#include "newsindex/date.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int same(const nx_date_t *a, const nx_date_t *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->hour == b->hour && a->min == b->min && a->sec == b->sec &&
           a->has_time == b->has_time;
}

static int zeroed(const nx_date_t *d)
{
    static const nx_date_t zero;
    return memcmp(d, &zero, sizeof zero) == 0;
}

static void check_date(const nx_date_t *d, int ymin, int ymax)
{
    FUZZ_CHECK(nx_date_valid(d));
    FUZZ_CHECK(d->year >= ymin && d->year <= ymax);
    FUZZ_CHECK(d->has_time == 0 || d->has_time == 1);
    nx_date_t back;
    nx_date_from_unix(nx_date_to_unix(d), &back);
    FUZZ_CHECK(back.year == d->year && back.month == d->month && back.day == d->day &&
               back.hour == d->hour && back.min == d->min && back.sec == d->sec);
    /* Buffers of exactly the promised size: AddressSanitizer sees one byte
     * more. */
    char *iso = malloc(26), *val = malloc(15);
    FUZZ_REQUIRE(iso && val, "out of memory");
    nx_date_format_iso(d, iso);
    nx_date_format_value(d, val);
    FUZZ_CHECK((strlen(iso) == 20 || strlen(iso) == 25) && strlen(val) == 14);
    FUZZ_CHECK(d->has_zone || strlen(iso) == 20);
    for (int i = 0; i < 14; i++)
        FUZZ_CHECK(val[i] >= '0' && val[i] <= '9');
    free(iso);
    free(val);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    nx_date_t d[3];
    nx_status_t st[3];
    const nx_date_order_t orders[3] = {NX_DMY_UNKNOWN, NX_ORDER_MDY, NX_ORDER_DMY};
    for (int i = 0; i < 3; i++) {
        st[i] = nx_date_parse(s, orders[i], &d[i]);
        FUZZ_CHECK(st[i] == NX_OK || st[i] == NX_E_PARSE);
        if (st[i] == NX_OK)
            check_date(&d[i], 1000, 9999);
        else
            FUZZ_CHECK(zeroed(&d[i]));
    }
    if (st[0] == NX_OK) {
        FUZZ_CHECK(st[1] == NX_OK && same(&d[0], &d[1]));
        FUZZ_CHECK(st[2] == NX_OK && same(&d[0], &d[2]));
    }

    nx_date_t f;
    nx_status_t sf = nx_date_find(s, &f);
    FUZZ_CHECK(sf == NX_OK || sf == NX_E_PARSE);
    /* Years 1900..2100 as written; a zone may move the instant a day. */
    if (sf == NX_OK)
        check_date(&f, 1899, 2101);
    else
        FUZZ_CHECK(zeroed(&f));

    nx_date_t p;
    nx_status_t sp = nx_date_from_path(s, &p);
    FUZZ_CHECK(sp == NX_OK || sp == NX_E_PARSE);
    if (sp == NX_OK) {
        check_date(&p, 1900, 2100);
        FUZZ_CHECK(p.has_time == 0);
    }
    free(s);
    return 0;
}
