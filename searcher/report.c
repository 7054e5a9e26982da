/* report.c - what --timeline, --coverage and --top-terms share, below
 * them: their options and day arithmetic (UTC, proleptic Gregorian).
 * search.c builds a report's query and scope and runs it. */
#include "report.h"

#include "newsindex/date.h"

#include <stdlib.h>
#include <string.h>

static const char *const interval_names[] = {"day", "week", "month", "year"};

int nx_interval_parse(const char *s, nx_interval_t *iv)
{
    for (size_t i = 0; i < sizeof interval_names / sizeof interval_names[0]; i++)
        if (strcmp(s, interval_names[i]) == 0) {
            *iv = (nx_interval_t)i;
            return 0;
        }
    return -1;
}

const char *nx_interval_name(nx_interval_t iv)
{
    return interval_names[iv];
}

int nx_report_by_parse(const char *s, nx_report_req_t *r)
{
    static const nx_field_id_t ids[] = {NX_F_SOURCE, NX_F_COUNTRY, NX_F_TOPIC};
    size_t n = strcspn(s, ":");
    unsigned top = NX_BY_TOP_DEFAULT;
    if (s[n]) {
        char *end;
        unsigned long v = strtoul(s + n + 1, &end, 10);
        if (!s[n + 1] || *end || v < 1 || v > 1000 || s[n + 1] == '-')
            return -1;
        top = (unsigned)v;
    }
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const nx_field_t *f = &nx_fields[ids[i]];
        if (strlen(f->name) == n && strncmp(s, f->name, n) == 0) {
            r->by = f;
            r->by_top = top;
            return 0;
        }
    }
    return -1;
}

/* Days since 1970-01-01 and back, by lib/date.c's calendar (date.h). */
int64_t nx_days_from_civil(int y, unsigned m, unsigned d)
{
    nx_date_t t;
    memset(&t, 0, sizeof t);
    t.year = y;
    t.month = (int)m;
    t.day = (int)d;
    int64_t s = nx_date_to_unix(&t);
    return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

void nx_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    nx_date_t t;
    nx_date_from_unix(z * 86400, &t);
    *y = t.year;
    *m = (unsigned)t.month;
    *d = (unsigned)t.day;
}

static int digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int nx_day_of_value(const char *v, size_t len, int64_t *days)
{
    unsigned y, m, d;
    if (len < 8 || digits(v, 4, &y) || digits(v + 4, 2, &m) || digits(v + 6, 2, &d) || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return -1;
    *days = nx_days_from_civil((int)y, m, d);
    return 0;
}

void nx_day_label(int64_t days, char buf[11])
{
    int y;
    unsigned m, d;
    nx_civil_from_days(days, &y, &m, &d);
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)(y < 0 ? 0 : y) % 10000, m % 100, d % 100);
}
