/* date.c - parsing the dates found in news articles.
 *
 * The input is cut into tokens (digit runs, ASCII letter runs, single
 * punctuation characters, other UTF-8 characters), each remembering whether
 * white space preceded it. Small matchers then recognise a date at a token
 * position, and a separate matcher a time of day with its zone. Everything
 * is ASCII-only and locale-free; nothing is allocated. */
#include "newsindex/date.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

enum { T_NUM, T_WORD, T_PUNCT, T_OTHER };

typedef struct {
    const char *p; /* start in the input */
    int len;       /* bytes */
    int type;
    int space;     /* white space before this token */
} tok_t;

/* What a matcher found. off is the zone's offset east of UTC in minutes;
 * us marks the US generic zones (ET, CT, MT, PT) whose offset depends on
 * daylight saving time at the date. */
typedef struct {
    int y, mo, d;
    int has_time, hh, mi, ss;
    int has_zone, off, us;
} match_t;

typedef struct {
    const tok_t *t;
    int n;
    int strict; /* nx_date_find: unambiguous forms only, four-digit years */
    nx_date_order_t order;
} ctx_t;

/* A date string is short; anything longer than this many tokens is not a
 * date, and the free-text scanner needs no more than this window. */
/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range of nx_date_t. */
#define UNIX_MIN INT64_C(-30610224000)
#define UNIX_MAX INT64_C(253402300799)

enum { MAX_TOKENS = 64, FIND_WINDOW = 32, MAX_NOISE_WORDS = 8 };

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_digit(c) || is_alpha(c); }
static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static int tokenize(const char *s, tok_t *t, int max, int *truncated)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = 0, space = 0;

    *truncated = 0;
    while (*p) {
        const unsigned char *start = p;
        tok_t *k;
        if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
            space = 1;
            p++;
            continue;
        }
        if (p[0] == 0xC2 && p[1] == 0xA0) { /* U+00A0 NO-BREAK SPACE */
            space = 1;
            p += 2;
            continue;
        }
        if (n == max) {
            *truncated = 1;
            break;
        }
        k = &t[n++];
        k->space = space;
        space = 0;
        if (is_digit(*p)) {
            k->type = T_NUM;
            while (is_digit(*p))
                p++;
        } else if (is_alpha(*p)) {
            k->type = T_WORD;
            while (is_alpha(*p))
                p++;
        } else if (*p < 0x80) {
            k->type = T_PUNCT;
            p++;
        } else {
            /* One UTF-8 sequence (or one stray byte): lead byte plus at most
             * three continuation bytes. */
            int i = 0;
            k->type = T_OTHER;
            p++;
            while (i++ < 3 && (*p & 0xC0) == 0x80)
                p++;
        }
        k->p = (const char *)start;
        k->len = (int)(p - start);
    }
    return n;
}

/* The value of the first k digits at p (k <= 9). */
static int digits(const char *p, int k)
{
    int v = 0;
    for (int i = 0; i < k; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

static int is_num(const ctx_t *c, int i, int mind, int maxd)
{
    return i < c->n && c->t[i].type == T_NUM && c->t[i].len >= mind && c->t[i].len <= maxd;
}

static int num(const ctx_t *c, int i) { return digits(c->t[i].p, c->t[i].len); }

static int is_p(const ctx_t *c, int i, char ch)
{
    return i < c->n && c->t[i].type == T_PUNCT && c->t[i].p[0] == ch;
}

/* Token i exists and follows the previous one without white space. */
static int adj(const ctx_t *c, int i) { return i < c->n && !c->t[i].space; }

static int word_is(const ctx_t *c, int i, const char *w)
{
    size_t len = strlen(w);
    if (i >= c->n || c->t[i].type != T_WORD || (size_t)c->t[i].len != len)
        return 0;
    for (size_t k = 0; k < len; k++)
        if (lower((unsigned char)c->t[i].p[k]) != w[k])
            return 0;
    return 1;
}

static int word_upper(const tok_t *k)
{
    for (int i = 0; i < k->len; i++)
        if (!is_upper((unsigned char)k->p[i]))
            return 0;
    return 1;
}

/* Case-insensitive: does the letter run p[0..len) equal w (lowercase)? */
static int run_eq(const char *p, int len, const char *w)
{
    int i;
    for (i = 0; i < len; i++)
        if (!w[i] || lower((unsigned char)p[i]) != w[i])
            return 0;
    return w[i] == '\0';
}

const char *const nx_month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"
};

size_t nx_date_lead(const char *s, size_t n)
{
    /* Longer phrases before the words they start with. */
    static const char *const leads[] = {
        "last updated", "first published", "published", "posted", "updated", "dated",
        "filed", "date", "zuletzt aktualisiert", "aktualisiert", "ver\xc3\xb6" "ffentlicht",
        "erstellt", "stand", "datum", "publi\xc3\xa9", "mis \xc3\xa0 jour", "publicado",
        "actualizado", "pubblicato", "aggiornato", "opublikowano", "zaktualizowano",
        "gepubliceerd", "bijgewerkt", NULL};
    for (int i = 0; leads[i]; i++) {
        size_t k = strlen(leads[i]);
        if (k > n || strncasecmp(s, leads[i], k) != 0)
            continue;
        if (k < n && (is_alpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80))
            continue; /* "Dateline", "Standard" */
        return k;
    }
    return 0;
}

int nx_month_of(const char *s, size_t n)
{
    if (n < 3 || n > 10)
        return 0;
    int len = (int)n;
    for (int m = 0; m < 12; m++) {
        if (len == 3) {
            if (lower((unsigned char)s[0]) == nx_month_names[m][0] &&
                lower((unsigned char)s[1]) == nx_month_names[m][1] &&
                lower((unsigned char)s[2]) == nx_month_names[m][2])
                return m + 1;
        } else if (run_eq(s, len, nx_month_names[m])) {
            return m + 1;
        }
    }
    if (run_eq(s, len, "sept"))
        return 9;
    /* Month names of other languages an archive meets, written in ASCII
     * (German, French, Spanish, Italian, Portuguese, Dutch; Polish in the
     * genitive a date uses): whole words only. Names with a letter outside
     * ASCII (M\xC3\xA4rz, f\xC3\xA9vrier) are not words to the tokenizer. */
    static const struct {
        const char *name;
        int month;
    } other[] = {
        {"januar", 1},   {"februar", 2},  {"mai", 5},        {"juni", 6},       {"juli", 7},
        {"oktober", 10}, {"dezember", 12}, {"janvier", 1},   {"mars", 3},       {"avril", 4},
        {"juin", 6},     {"juillet", 7},  {"septembre", 9},  {"octobre", 10},   {"novembre", 11},
        {"enero", 1},    {"febrero", 2},  {"marzo", 3},      {"abril", 4},      {"mayo", 5},
        {"junio", 6},    {"julio", 7},    {"agosto", 8},     {"septiembre", 9}, {"octubre", 10},
        {"noviembre", 11}, {"diciembre", 12}, {"gennaio", 1}, {"febbraio", 2},  {"aprile", 4},
        {"maggio", 5},   {"giugno", 6},   {"luglio", 7},     {"settembre", 9},  {"ottobre", 10},
        {"dicembre", 12}, {"janeiro", 1}, {"fevereiro", 2},  {"maio", 5},       {"junho", 6},
        {"julho", 7},    {"setembro", 9}, {"outubro", 10},   {"novembro", 11},  {"dezembro", 12},
        {"januari", 1},  {"februari", 2}, {"maart", 3},      {"mei", 5},        {"augustus", 8},
        {"stycznia", 1}, {"lutego", 2},   {"marca", 3},      {"kwietnia", 4},   {"maja", 5},
        {"czerwca", 6},  {"lipca", 7},    {"sierpnia", 8},   {"listopada", 11}, {"grudnia", 12},
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (run_eq(s, len, other[i].name))
            return other[i].month;
    return 0;
}


static int month_of(const ctx_t *c, int i)
{
    if (i >= c->n || c->t[i].type != T_WORD)
        return 0;
    return nx_month_of(c->t[i].p, (size_t)c->t[i].len);
}

static int is_weekday(const tok_t *k)
{
    static const char *const names[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "tues", "thur", "thurs", NULL
    };
    if (k->type != T_WORD)
        return 0;
    for (int i = 0; names[i]; i++)
        if (run_eq(k->p, k->len, names[i]))
            return 1;
    return 0;
}

static int is_ordinal(const ctx_t *c, int i)
{
    return adj(c, i) && (word_is(c, i, "st") || word_is(c, i, "nd") || word_is(c, i, "rd") ||
                         word_is(c, i, "th"));
}

/* RFC 2822, 4.3: a two-digit year below 50 is 20xx, otherwise 19xx. */
static int year2(int v) { return v < 50 ? 2000 + v : 1900 + v; }

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : len[m - 1];
}

static int date_ok(int y, int m, int d)
{
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/* ---- zones ------------------------------------------------------------ */

typedef struct {
    const char *name;
    int off; /* minutes east of UTC */
    int us;  /* US generic zone: add an hour during daylight saving time */
} zone_t;

static const zone_t zones[] = {
    { "UTC", 0, 0 },    { "UT", 0, 0 },     { "GMT", 0, 0 },     { "Z", 0, 0 },
    { "WET", 0, 0 },    { "WEST", 60, 0 },  { "BST", 60, 0 },    { "CET", 60, 0 },
    { "CEST", 120, 0 }, { "MET", 60, 0 },   { "MEST", 120, 0 },  { "EET", 120, 0 },
    { "EEST", 180, 0 }, { "MSK", 180, 0 },  { "IST", 330, 0 },   { "PKT", 300, 0 },
    { "HKT", 480, 0 },  { "SGT", 480, 0 },  { "AWST", 480, 0 },  { "JST", 540, 0 },
    { "KST", 540, 0 },  { "ACST", 570, 0 }, { "AEST", 600, 0 },  { "AEDT", 660, 0 },
    { "NZST", 720, 0 }, { "NZDT", 780, 0 }, { "EST", -300, 0 },  { "EDT", -240, 0 },
    { "CST", -360, 0 }, { "CDT", -300, 0 }, { "MST", -420, 0 },  { "MDT", -360, 0 },
    { "PST", -480, 0 }, { "PDT", -420, 0 }, { "AKST", -540, 0 }, { "AKDT", -480, 0 },
    { "HST", -600, 0 }, { "AST", -240, 0 }, { "ADT", -180, 0 },  { "NST", -210, 0 },
    { "NDT", -150, 0 }, { "ET", -300, 1 },  { "CT", -360, 1 },   { "MT", -420, 1 },
    { "PT", -480, 1 },
};

static const zone_t *zone_lookup(const tok_t *k)
{
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if ((int)strlen(zones[i].name) == k->len && memcmp(zones[i].name, k->p, (size_t)k->len) == 0)
            return &zones[i];
    if (k->len == 1 && k->p[0] == 'z')
        return &zones[3];
    return NULL;
}

static int is_ampm_word(const tok_t *k)
{
    return k->type == T_WORD && (run_eq(k->p, k->len, "am") || run_eq(k->p, k->len, "pm"));
}

/* A word that may be an unknown named zone: 2..5 capitals that are not a
 * month, weekday, AM/PM or the ISO 'T'. It is taken as UTC. */
static int unknown_zone_word(const tok_t *k)
{
    return k->type == T_WORD && k->len >= 2 && k->len <= 5 && word_upper(k) &&
           !nx_month_of(k->p, (size_t)k->len) && !is_weekday(k) && !is_ampm_word(k);
}

/* A numeric offset "+hhmm", "+hh", "+hh:mm" (or '-') at i, the sign
 * adjacent to the digits. Returns the index after it, or 0. */
static int numeric_offset(const ctx_t *c, int i, int short_hours, int *off)
{
    int sign, h, m = 0, j;
    if (!(is_p(c, i, '+') || is_p(c, i, '-')) || !adj(c, i + 1))
        return 0;
    sign = c->t[i].p[0] == '-' ? -1 : 1;
    j = i + 1;
    if (is_num(c, j, 4, 4)) {
        h = digits(c->t[j].p, 2);
        m = digits(c->t[j].p + 2, 2);
        j++;
    } else if (is_num(c, j, short_hours ? 1 : 2, 2)) {
        h = num(c, j);
        j++;
        if (is_p(c, j, ':') && adj(c, j) && is_num(c, j + 1, 2, 2) && adj(c, j + 1)) {
            m = num(c, j + 1);
            j += 2;
        }
    } else {
        return 0;
    }
    if (h > 14 || m > 59)
        return 0;
    *off = sign * (h * 60 + m);
    return j;
}

/* An optional zone at i; returns the index after it (i when none). */
static int m_zone(const ctx_t *c, int i, match_t *m)
{
    int j = i, off = 0, e;

    if (i >= c->n)
        return i;
    /* "(EST)", "(ET)": a named zone in parentheses. */
    if (is_p(c, i, '(') && i + 2 < c->n && c->t[i + 1].type == T_WORD && is_p(c, i + 2, ')') &&
        (zone_lookup(&c->t[i + 1]) || unknown_zone_word(&c->t[i + 1]))) {
        const zone_t *z = zone_lookup(&c->t[i + 1]);
        m->has_zone = 1;
        m->off = z ? z->off : 0;
        m->us = z ? z->us : 0;
        return i + 3;
    }
    if (c->t[i].type == T_WORD) {
        const zone_t *z = zone_lookup(&c->t[i]);
        if (!z && !unknown_zone_word(&c->t[i]))
            return i;
        m->has_zone = 1;
        m->off = z ? z->off : 0;
        m->us = z ? z->us : 0;
        j = i + 1;
        /* "GMT+5", "UTC+05:30", "GMT-0400" */
        if (adj(c, j) && (e = numeric_offset(c, j, 1, &off)) != 0) {
            m->off += off;
            m->us = 0;
            j = e;
        }
        return j;
    }
    if ((e = numeric_offset(c, i, 0, &off)) != 0) {
        m->has_zone = 1;
        m->off = off;
        m->us = 0;
        j = e;
        /* RFC 2822 comment after the offset: "-0500 (EST)". */
        if (is_p(c, j, '(') && j + 2 < c->n && c->t[j + 1].type == T_WORD && is_p(c, j + 2, ')'))
            j += 3;
        return j;
    }
    return i;
}

/* "am", "AM", "a.m.", "PM", "p.m" at i: 1 am, 2 pm, 0 none; *end past it. */
static int m_ampm(const ctx_t *c, int i, int *end)
{
    if (i >= c->n || c->t[i].type != T_WORD)
        return 0;
    if (word_is(c, i, "am") || word_is(c, i, "pm")) {
        *end = i + 1;
        return lower((unsigned char)c->t[i].p[0]) == 'a' ? 1 : 2;
    }
    if ((word_is(c, i, "a") || word_is(c, i, "p")) && is_p(c, i + 1, '.') && adj(c, i + 1) &&
        word_is(c, i + 2, "m") && adj(c, i + 2)) {
        *end = i + 3;
        if (is_p(c, i + 3, '.') && adj(c, i + 3))
            *end = i + 4;
        return lower((unsigned char)c->t[i].p[0]) == 'a' ? 1 : 2;
    }
    return 0;
}

/* A time of day at i: "12:30", "12:30:00", "15:01:01.79", "8:02 PM",
 * "10 a.m.", followed by an optional zone. Returns the index after it. */
static int m_time(const ctx_t *c, int i, match_t *m)
{
    int j = i, h, mi = 0, s = 0, have_min = 0, ap, e;

    if (!is_num(c, j, 1, 2))
        return 0;
    h = num(c, j);
    j++;
    if (is_p(c, j, ':') && adj(c, j) && is_num(c, j + 1, 2, 2) && adj(c, j + 1)) {
        mi = num(c, j + 1);
        have_min = 1;
        j += 2;
        if (is_p(c, j, ':') && adj(c, j) && is_num(c, j + 1, 2, 2) && adj(c, j + 1)) {
            s = num(c, j + 1);
            j += 2;
            /* Fractional seconds are dropped. */
            if ((is_p(c, j, '.') || is_p(c, j, ',')) && adj(c, j) && is_num(c, j + 1, 1, 9) &&
                adj(c, j + 1))
                j += 2;
        }
    }
    ap = m_ampm(c, j, &e);
    if (ap)
        j = e;
    if (!have_min && !ap)
        return 0;
    if (ap) {
        if (h < 1 || h > 12)
            return 0;
        h = (h % 12) + (ap == 2 ? 12 : 0);
    } else if (h > 23) {
        return 0;
    }
    if (mi > 59 || s > 60)
        return 0;
    m->has_time = 1;
    m->hh = h;
    m->mi = mi;
    m->ss = s == 60 ? 59 : s; /* a leap second is kept in its minute */
    return m_zone(c, j, m);
}

/* ---- date matchers: each returns the index after the match, or 0 ------ */

/* ISO 8601 extended: 2021-04-08, 2021-4-8, 2021-04-08T12:30:00.000-04:00. */
static int m_iso(const ctx_t *c, int i, match_t *m)
{
    int j;
    if (!(is_num(c, i, 4, 4) && is_p(c, i + 1, '-') && adj(c, i + 1) && is_num(c, i + 2, 1, 2) &&
          adj(c, i + 2) && is_p(c, i + 3, '-') && adj(c, i + 3) && is_num(c, i + 4, 1, 2) &&
          adj(c, i + 4)))
        return 0;
    m->y = num(c, i);
    m->mo = num(c, i + 2);
    m->d = num(c, i + 4);
    j = i + 5;
    if (j < c->n && adj(c, j) && c->t[j].type == T_WORD && c->t[j].len == 1 &&
        lower((unsigned char)c->t[j].p[0]) == 't') {
        int e = adj(c, j + 1) ? m_time(c, j + 1, m) : 0;
        if (!e)
            return 0;
        j = e;
    }
    return j;
}

/* ISO 8601 basic: 20210408, 20210408T123000Z, 20210408T1230, and the
 * 14-digit 20210408123000. */
static int m_basic(const ctx_t *c, int i, match_t *m)
{
    const tok_t *k;
    int j = i + 1;
    if (c->strict || i >= c->n || c->t[i].type != T_NUM)
        return 0;
    k = &c->t[i];
    if (k->len != 8 && k->len != 14)
        return 0;
    m->y = digits(k->p, 4);
    m->mo = digits(k->p + 4, 2);
    m->d = digits(k->p + 6, 2);
    if (k->len == 14) {
        m->has_time = 1;
        m->hh = digits(k->p + 8, 2);
        m->mi = digits(k->p + 10, 2);
        m->ss = digits(k->p + 12, 2);
    } else if (j < c->n && adj(c, j) && c->t[j].type == T_WORD && c->t[j].len == 1 &&
               lower((unsigned char)c->t[j].p[0]) == 't') {
        const tok_t *tt;
        if (!(is_num(c, j + 1, 4, 4) || is_num(c, j + 1, 6, 6)) || !adj(c, j + 1))
            return 0;
        tt = &c->t[j + 1];
        m->has_time = 1;
        m->hh = digits(tt->p, 2);
        m->mi = digits(tt->p + 2, 2);
        m->ss = tt->len == 6 ? digits(tt->p + 4, 2) : 0;
        j += 2;
        if ((is_p(c, j, '.') || is_p(c, j, ',')) && adj(c, j) && is_num(c, j + 1, 1, 9) &&
            adj(c, j + 1))
            j += 2;
    }
    if (m->has_time) {
        if (m->hh > 23 || m->mi > 59 || m->ss > 60)
            return 0;
        if (m->ss == 60)
            m->ss = 59;
        j = m_zone(c, j, m);
    }
    return j;
}

/* Year first with slashes or dots: 2021/04/08, 2021.04.08. */
static int m_ymd(const ctx_t *c, int i, match_t *m)
{
    char sep;
    if (!is_num(c, i, 4, 4) || i + 4 >= c->n || c->t[i + 1].type != T_PUNCT)
        return 0;
    sep = c->t[i + 1].p[0];
    if (sep != '/' && (sep != '.' || c->strict))
        return 0;
    if (!(adj(c, i + 1) && is_num(c, i + 2, 1, 2) && adj(c, i + 2) && is_p(c, i + 3, sep) &&
          adj(c, i + 3) && is_num(c, i + 4, 1, 2) && adj(c, i + 4)))
        return 0;
    m->y = num(c, i);
    m->mo = num(c, i + 2);
    m->d = num(c, i + 4);
    return i + 5;
}

/* All-numeric day and month first: 08.04.2021 (dots: always day first),
 * 13/04/2021, 04/13/2021, 04/08/2021 (only with an order given). */
static int m_numeric(const ctx_t *c, int i, match_t *m)
{
    char sep;
    int a, b;
    if (c->strict || !is_num(c, i, 1, 2) || i + 4 >= c->n || c->t[i + 1].type != T_PUNCT)
        return 0;
    sep = c->t[i + 1].p[0];
    if (sep != '/' && sep != '.' && sep != '-')
        return 0;
    if (!(adj(c, i + 1) && is_num(c, i + 2, 1, 2) && adj(c, i + 2) && is_p(c, i + 3, sep) &&
          adj(c, i + 3) && (is_num(c, i + 4, 4, 4) || is_num(c, i + 4, 2, 2)) && adj(c, i + 4)))
        return 0;
    if (is_p(c, i + 5, ':') && adj(c, i + 5))
        return 0;
    a = num(c, i);
    b = num(c, i + 2);
    m->y = c->t[i + 4].len == 2 ? year2(num(c, i + 4)) : num(c, i + 4);
    if (sep == '.' || (a > 12 && b <= 12) || (a == b)) {
        m->d = a;
        m->mo = b;
    } else if (b > 12 && a <= 12) {
        m->mo = a;
        m->d = b;
    } else if (a <= 12 && b <= 12 && c->order == NX_ORDER_DMY) {
        m->d = a;
        m->mo = b;
    } else if (a <= 12 && b <= 12 && c->order == NX_ORDER_MDY) {
        m->mo = a;
        m->d = b;
    } else {
        return 0; /* ambiguous without an order, or impossible */
    }
    return i + 5;
}

/* The year after a textual month: four digits, or two outside strict mode,
 * not followed by ':' (then it was an hour). */
static int text_year(const ctx_t *c, int j, match_t *m)
{
    if (is_num(c, j, 4, 4))
        m->y = num(c, j);
    else if (!c->strict && is_num(c, j, 2, 2))
        m->y = year2(num(c, j));
    else
        return 0;
    if (is_p(c, j + 1, ':') && adj(c, j + 1))
        return 0;
    return j + 1;
}

/* Day, textual month, year: 8 April 2021, 08 Apr 2021, 26-FEB-1987,
 * 8-Apr-2021, 8th of April, 2021, 8. April 2021. */
static int m_dmy_text(const ctx_t *c, int i, match_t *m)
{
    int j = i;
    if (!is_num(c, j, 1, 2))
        return 0;
    m->d = num(c, j++);
    if (is_ordinal(c, j))
        j++;
    if ((is_p(c, j, '-') || is_p(c, j, '.') || is_p(c, j, '/')) && adj(c, j))
        j++;
    /* "8 of April", and Spanish and Portuguese "8 de abril de 2021". */
    if (word_is(c, j, "of") || word_is(c, j, "de"))
        j++;
    if (!(m->mo = month_of(c, j++)))
        return 0;
    if (is_p(c, j, '.') && adj(c, j))
        j++;
    if (is_p(c, j, '-') || is_p(c, j, ',') || is_p(c, j, '/'))
        j++;
    if (word_is(c, j, "de") || word_is(c, j, "del"))
        j++;
    return text_year(c, j, m);
}

/* Textual month, day, year: April 8, 2021; Apr. 8 2021; Sept. 8, 2021;
 * April 8th, 2021; Apr-08-2021. */
static int m_mdy_text(const ctx_t *c, int i, match_t *m)
{
    int j = i;
    if (!(m->mo = month_of(c, j++)))
        return 0;
    if (is_p(c, j, '.') && adj(c, j))
        j++;
    if (is_p(c, j, '-'))
        j++;
    if (!is_num(c, j, 1, 2))
        return 0;
    m->d = num(c, j++);
    if (is_ordinal(c, j))
        j++;
    if (is_p(c, j, ',') || is_p(c, j, '-'))
        j++;
    if (!is_num(c, j, 4, 4))
        return 0;
    return text_year(c, j, m);
}

/* asctime() and date(1): Thu Apr  8 12:30:00 2021, Apr 8 12:30:00 UTC 2021. */
static int m_asctime(const ctx_t *c, int i, match_t *m)
{
    int j = i, e;
    if (c->strict || !(m->mo = month_of(c, j++)))
        return 0;
    if (!is_num(c, j, 1, 2))
        return 0;
    m->d = num(c, j++);
    if (!(e = m_time(c, j, m)) || !is_num(c, e, 4, 4))
        return 0;
    m->y = num(c, e);
    return e + 1;
}

static int other_is(const ctx_t *c, int i, const char *utf8)
{
    return i < c->n && c->t[i].type == T_OTHER && (size_t)c->t[i].len == strlen(utf8) &&
           memcmp(c->t[i].p, utf8, (size_t)c->t[i].len) == 0;
}

/* Chinese and Japanese: 2021年4月8日. */
static int m_cjk(const ctx_t *c, int i, match_t *m)
{
    if (!(is_num(c, i, 4, 4) && other_is(c, i + 1, "\xE5\xB9\xB4") && is_num(c, i + 2, 1, 2) &&
          other_is(c, i + 3, "\xE6\x9C\x88") && is_num(c, i + 4, 1, 2) &&
          other_is(c, i + 5, "\xE6\x97\xA5")))
        return 0;
    m->y = num(c, i);
    m->mo = num(c, i + 2);
    m->d = num(c, i + 4);
    return i + 6;
}

typedef int (*matcher_fn)(const ctx_t *, int, match_t *);

/* Tried in this order at each position; the leftmost match wins. */
static const matcher_fn matchers[] = { m_cjk,       m_basic,    m_iso,     m_ymd,
                                       m_numeric,   m_dmy_text, m_asctime, m_mdy_text };

static int match_date_at(const ctx_t *c, int i, match_t *m)
{
    for (size_t k = 0; k < sizeof matchers / sizeof matchers[0]; k++) {
        int e;
        memset(m, 0, sizeof *m);
        e = matchers[k](c, i, m);
        if (e && date_ok(m->y, m->mo, m->d))
            return e;
    }
    memset(m, 0, sizeof *m);
    return 0;
}

/* ---- US daylight saving time, for ET/CT/MT/PT -------------------------- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    /* Howard Hinnant's algorithm: days since 1970-01-01, proleptic
     * Gregorian, valid for any year. */
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* 0 = Sunday. */
static int weekday(int y, int m, int d)
{
    int64_t w = (days_from_civil(y, m, d) + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

/* The day of the month of the nth (1..) Sunday, or with n == 0 the last. */
static int sunday(int y, int m, int n)
{
    if (n == 0) {
        int last = mdays(y, m);
        return last - weekday(y, m, last);
    }
    return 1 + (7 - weekday(y, m, 1)) % 7 + 7 * (n - 1);
}

/* Whether the date falls in US daylight saving time (by date only; the
 * 2 a.m. changeover hour is not distinguished). Rules of 1967, 1987, 2007. */
static int us_dst(int y, int m, int d)
{
    int sm, sd, em, ed;
    if (y < 1967)
        return 0;
    if (y >= 2007) {
        sm = 3, sd = sunday(y, 3, 2), em = 11, ed = sunday(y, 11, 1);
    } else if (y >= 1987) {
        sm = 4, sd = sunday(y, 4, 1), em = 10, ed = sunday(y, 10, 0);
    } else {
        sm = 4, sd = sunday(y, 4, 0), em = 10, ed = sunday(y, 10, 0);
    }
    if (m < sm || m > em)
        return 0;
    if (m == sm && d < sd)
        return 0;
    if (m == em && d >= ed)
        return 0;
    return 1;
}

/* Turn a match into a UTC date in *out; 0 when it is not valid. */
static int finish(const match_t *m, nx_date_t *out)
{
    nx_date_t d;
    memset(&d, 0, sizeof d);
    d.year = m->y;
    d.month = m->mo;
    d.day = m->d;
    if (m->has_time) {
        d.has_time = 1;
        d.hour = m->hh;
        d.min = m->mi;
        d.sec = m->ss;
    }
    if (!nx_date_valid(&d))
        return 0;
    if (m->has_time && m->has_zone) {
        int off = m->off + (m->us && us_dst(m->y, m->mo, m->d) ? 60 : 0);
        if (off) {
            int64_t t = nx_date_to_unix(&d) - (int64_t)off * 60;
            if (t < UNIX_MIN || t > UNIX_MAX)
                return 0;
            nx_date_from_unix(t, &d);
        }
        d.has_zone = 1;
        d.off = off;
    }
    *out = d;
    return 1;
}

/* A time of day matched apart from its date, into the date's match. */
static void take_time(match_t *m, const match_t *tm)
{
    m->has_time = 1;
    m->hh = tm->hh;
    m->mi = tm->mi;
    m->ss = tm->ss;
    m->has_zone = tm->has_zone;
    m->off = tm->off;
    m->us = tm->us;
}

static nx_status_t parse_ordered(const char *s, nx_date_order_t order, nx_date_t *out)
{
    tok_t t[MAX_TOKENS];
    int n, truncated, ds = -1, de = -1, ts = -1, te = -1, words = 0;
    ctx_t c;
    match_t m;

    if (!out)
        return NX_E_PARSE;
    memset(out, 0, sizeof *out);
    if (!s)
        return NX_E_PARSE;
    n = tokenize(s, t, MAX_TOKENS, &truncated);
    if (truncated || n == 0)
        return NX_E_PARSE;
    c.t = t;
    c.n = n;
    c.strict = 0;
    c.order = order;

    for (int i = 0; i < n; i++) {
        int e = match_date_at(&c, i, &m);
        if (e) {
            ds = i;
            de = e;
            break;
        }
    }
    if (ds < 0)
        return NX_E_PARSE;

    /* A separate time of day, before or after the date ("Updated 8:02 PM
     * EST, Thu April 8, 2021"; "Apr 8 2021 12:30"). */
    if (!m.has_time) {
        for (int i = 0; i < n; i++) {
            match_t tm;
            int e;
            if (i >= ds && i < de)
                continue;
            memset(&tm, 0, sizeof tm);
            e = m_time(&c, i, &tm);
            if (e && (e <= ds || i >= de)) {
                ts = i;
                te = e;
                take_time(&m, &tm);
                break;
            }
        }
    }

    /* What is left may be punctuation and a few words of noise
     * ("Published:", "Thu,", "(Reuters)"), but no other number. */
    for (int i = 0; i < n; i++) {
        if ((i >= ds && i < de) || (i >= ts && i < te))
            continue;
        if (t[i].type == T_NUM)
            return NX_E_PARSE;
        if (t[i].type != T_PUNCT)
            words++;
    }
    if (words > MAX_NOISE_WORDS)
        return NX_E_PARSE;
    return finish(&m, out) ? NX_OK : NX_E_PARSE;
}

/* The order decides only what is ambiguous without one: a string that
 * parses with no order parses the same with any ("20:09-2-20-08" is
 * 2008-02-20 20:09 whatever the order; with MDY first, "09-2-20" would
 * have matched further left). */
nx_status_t nx_date_parse(const char *s, nx_date_order_t order, nx_date_t *out)
{
    nx_status_t st = parse_ordered(s, NX_DMY_UNKNOWN, out);
    if (st == NX_OK || order == NX_DMY_UNKNOWN)
        return st;
    return parse_ordered(s, order, out);
}

/* Whether the text after a match ends it cleanly: not inside a word or a
 * longer number ("2021,500", "2021-04-08-3", "April 8, 20215"). */
static int clean_end(const char *after)
{
    unsigned char a = (unsigned char)after[0];
    if (is_alnum(a))
        return 0;
    if ((a == '.' || a == ',' || a == '/' || a == '-' || a == ':') && is_digit((unsigned char)after[1]))
        return 0;
    return 1;
}

static const char *tok_end(const tok_t *k) { return k->p + k->len; }

/* A quick test before tokenising: do the letters at s start a month name? */
static int month_start(const char *s)
{
    int len = 0;
    while (len < 10 && is_alpha((unsigned char)s[len]))
        len++;
    return len >= 3 && !is_alpha((unsigned char)s[len]) && nx_month_of(s, (size_t)len);
}

nx_status_t nx_date_find(const char *text, nx_date_t *out)
{
    static const matcher_fn strict_matchers[] = { m_cjk, m_iso, m_ymd, m_dmy_text, m_mdy_text };
    tok_t t[FIND_WINDOW];

    if (!out)
        return NX_E_PARSE;
    memset(out, 0, sizeof *out);
    if (!text)
        return NX_E_PARSE;

    for (size_t k = 0; text[k]; k++) {
        unsigned char ch = (unsigned char)text[k];
        int n, truncated;
        ctx_t c;

        if (k > 0 && is_alnum((unsigned char)text[k - 1]))
            continue;
        if (is_digit(ch)) {
            /* Not the tail of a number: "1,250", "3.5", "12-2021-04-08". */
            if (k >= 2 && strchr(".,/-:", text[k - 1]) && is_digit((unsigned char)text[k - 2]))
                continue;
        } else if (!is_alpha(ch) || !month_start(text + k)) {
            continue;
        }

        n = tokenize(text + k, t, FIND_WINDOW, &truncated);
        c.t = t;
        c.n = n;
        c.strict = 1;
        c.order = NX_DMY_UNKNOWN;
        for (size_t f = 0; f < sizeof strict_matchers / sizeof strict_matchers[0]; f++) {
            match_t m;
            int e;
            memset(&m, 0, sizeof m);
            e = strict_matchers[f](&c, 0, &m);
            if (!e || !date_ok(m.y, m.mo, m.d) || m.y < 1900 || m.y > 2100 ||
                !clean_end(tok_end(&t[e - 1])))
                continue;
            /* A time right after the date: "April 8, 2021 10:02 AM ET",
             * "8 April 2021, 12:30", "April 8, 2021 at 3 p.m.". */
            if (!m.has_time) {
                int j = e;
                match_t tm;
                if (is_p(&c, j, ',') || is_p(&c, j, '-') || word_is(&c, j, "at"))
                    j++;
                memset(&tm, 0, sizeof tm);
                int te = m_time(&c, j, &tm);
                if (te && clean_end(tok_end(&t[te - 1]))) {
                    take_time(&m, &tm);
                }
            }
            if (finish(&m, out))
                return NX_OK;
            memset(out, 0, sizeof *out);
        }
    }
    return NX_E_PARSE;
}

/* ---- dates in paths ---------------------------------------------------- */

static int path_sep(char ch) { return ch == '/' || ch == '-' || ch == '_'; }

static size_t digit_run(const char *s)
{
    size_t n = 0;
    while (is_digit((unsigned char)s[n]))
        n++;
    return n;
}

static nx_status_t path_date(const char *path, int min_rank, nx_date_t *out);

nx_status_t nx_date_from_path(const char *path, nx_date_t *out)
{
    return path_date(path, 1, out);
}

nx_status_t nx_date_from_url(const char *url, nx_date_t *out)
{
    char path[1024];
    if (out)
        memset(out, 0, sizeof *out);
    if (!url || !out)
        return NX_E_PARSE;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    p = strchr(p, '/'); /* past the host: "2019.example.com" is no date */
    if (!p)
        return NX_E_PARSE;
    size_t n = strcspn(p, "?#");
    if (n >= sizeof path)
        n = sizeof path - 1;
    memcpy(path, p, n);
    path[n] = '\0';
    return path_date(path, 2, out);
}

/* nx_date_from_path's search; a date of rank below min_rank (2: only full
 * dates) is not taken. */
static nx_status_t path_date(const char *path, int min_rank, nx_date_t *out)
{
    nx_date_t best;
    int best_rank = 0; /* 2: a full date, 1: year and month */

    if (!out)
        return NX_E_PARSE;
    memset(out, 0, sizeof *out);
    if (!path)
        return NX_E_PARSE;
    memset(&best, 0, sizeof best);

    for (size_t i = 0; path[i]; i++) {
        const char *p = path + i;
        size_t len, l2, l3;
        int y, mo, d;

        if (!is_digit((unsigned char)*p) || (i > 0 && is_digit((unsigned char)path[i - 1])))
            continue;
        len = digit_run(p);
        if (len == 8) { /* YYYYMMDD */
            y = digits(p, 4);
            mo = digits(p + 4, 2);
            d = digits(p + 6, 2);
            if (y >= 1900 && y <= 2100 && date_ok(y, mo, d)) {
                /* The rightmost full date wins: it is nearest the file. */
                best_rank = 2;
                best.year = y, best.month = mo, best.day = d;
            }
        } else if (len == 4) { /* YYYY/MM/DD, YYYY-MM-DD, YYYY_MM_DD, YYYY/MM */
            y = digits(p, 4);
            if (y < 1900 || y > 2100 || !path_sep(p[4]))
                continue;
            l2 = digit_run(p + 5);
            if (l2 < 1 || l2 > 2)
                continue;
            mo = digits(p + 5, (int)l2);
            if (mo < 1 || mo > 12)
                continue;
            if (path_sep(p[5 + l2])) {
                l3 = digit_run(p + 6 + l2);
                if (l3 >= 1 && l3 <= 2) {
                    d = digits(p + 6 + l2, (int)l3);
                    if (date_ok(y, mo, d)) {
                        best_rank = 2;
                        best.year = y, best.month = mo, best.day = d;
                        continue;
                    }
                }
            }
            if (p[4] == '/' && (p[5 + l2] == '/' || p[5 + l2] == '\0') && best_rank < 2) {
                best_rank = 1;
                best.year = y, best.month = mo, best.day = 1;
            }
        }
    }
    if (best_rank < min_rank)
        return NX_E_PARSE;
    *out = best;
    return NX_OK;
}

/* ---- conversions -------------------------------------------------------- */

int nx_date_valid(const nx_date_t *d)
{
    return d && date_ok(d->year, d->month, d->day) && d->hour >= 0 && d->hour <= 23 &&
           d->min >= 0 && d->min <= 59 && d->sec >= 0 && d->sec <= 59;
}

int64_t nx_date_to_unix(const nx_date_t *d)
{
    if (!d)
        return 0;
    return days_from_civil(d->year, d->month, d->day) * 86400 + (int64_t)d->hour * 3600 +
           (int64_t)d->min * 60 + d->sec;
}

void nx_date_from_unix(int64_t t, nx_date_t *out)
{
    int64_t days, secs, era, doe, yoe, doy, mp, y;

    if (!out)
        return;
    out->has_zone = 0;
    out->off = 0;
    if (t < UNIX_MIN)
        t = UNIX_MIN;
    if (t > UNIX_MAX)
        t = UNIX_MAX;
    days = t / 86400;
    secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    /* Inverse of days_from_civil (Hinnant). */
    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = (int)(y + (out->month <= 2));
    out->hour = (int)(secs / 3600);
    out->min = (int)(secs / 60 % 60);
    out->sec = (int)(secs % 60);
    out->has_time = 1;
}

static char *put(char *b, int v, int width)
{
    int max = width == 4 ? 9999 : 99;
    if (v < 0)
        v = 0;
    if (v > max)
        v = max;
    for (int i = width - 1; i >= 0; i--) {
        b[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return b + width;
}

/* The six fields, each followed by its character of sep (none past its
 * end). */
static void format_fields(const nx_date_t *d, char *buf, const char *sep)
{
    const int v[6] = { d->year, d->month, d->day, d->hour, d->min, d->sec };
    char *b = buf;
    for (int i = 0; i < 6; i++) {
        b = put(b, v[i], i ? 2 : 4);
        if (*sep)
            *b++ = *sep++;
    }
    *b = '\0';
}

void nx_date_local(const nx_date_t *d, nx_date_t *out)
{
    *out = *d;
    if (!d->has_zone || !d->off || !d->has_time)
        return;
    int64_t t = nx_date_to_unix(d) + (int64_t)d->off * 60;
    if (t < UNIX_MIN || t > UNIX_MAX)
        return;
    nx_date_from_unix(t, out);
    out->has_time = d->has_time;
    out->has_zone = d->has_zone;
    out->off = d->off;
}

void nx_date_format_iso(const nx_date_t *d, char *buf)
{
    nx_date_t l;
    nx_date_local(d, &l);
    if (!l.has_zone || !l.off || !l.has_time) {
        format_fields(&l, buf, "--T::Z");
        return;
    }
    format_fields(&l, buf, "--T::");
    int a = l.off < 0 ? -l.off : l.off;
    char *b = buf + strlen(buf);
    *b++ = l.off < 0 ? '-' : '+';
    b = put(b, a / 60 % 100, 2);
    *b++ = ':';
    b = put(b, a % 60, 2);
    *b = '\0';
}

void nx_date_format_value(const nx_date_t *d, char *buf)
{
    nx_date_t l;
    nx_date_local(d, &l);
    format_fields(&l, buf, "");
}
