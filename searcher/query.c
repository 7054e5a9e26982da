/* query.c - the query language: Xapian's QueryParser plus the schema's
 * query fields, with C field processors for the fields whose values need
 * a data file or a check; and those data files, loaded when first used. */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "newsindex/text.h"

/* A value in a message: at most 40 bytes of it, then "..." when cut
 * (for "%.*s%s"). */
#define ECHO_VALUE 40
#define ECHO(v) echo_len(v), (v), strlen(v) > ECHO_VALUE ? "..." : ""

/* How much of v a message shows: all of it, or ECHO_VALUE bytes cut at a
 * character's start. */
static int echo_len(const char *v)
{
    size_t n = strlen(v);
    if (n <= ECHO_VALUE)
        return (int)n;
    n = ECHO_VALUE;
    while (n && ((unsigned char)v[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* The filter term of field id for value (nx_field_term: the recipe the
 * indexer used). */
static nx_status_t term_query(nx_field_id_t id, const char *value, xap_query **out,
                              nx_error_t *err)
{
    char *t = nx_field_term(&nx_fields[id], value);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_status_t s = xap_query_term(t, out, err);
    free(t);
    return s;
}

static nx_status_t country_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    const nx_gazetteer_t *g = nx_lookup_gazetteer(ctx, err);
    char code[3];
    if (!g)
        return err->code;
    if (!nx_country_lookup(g, value, code))
        return nx_error_set(err, NX_E_QUERY,
                            "country:%.*s%s: unknown country (use a name or an ISO code)",
                            ECHO(value));
    return term_query(NX_F_COUNTRY, code, out, err);
}

/* *found: 1 if the index holds documents with the topic code (an archive
 * indexed with its own taxonomy, newsindex --topics, has codes the default
 * rules do not know). An error of the index (a writer's commit) is
 * returned, not taken for "unknown topic". */
static nx_status_t indexed_topic(const nx_lookup_t *lk, const char *code, int *found,
                                 nx_error_t *err)
{
    uint32_t docid = 0;
    *found = 0;
    if (!lk->db)
        return NX_OK;
    char *t = nx_field_term(&nx_fields[NX_F_TOPIC], code);
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_status_t s = xap_db_find_term(lk->db, t, &docid, err);
    free(t);
    *found = s == NX_OK && docid;
    return s;
}

static nx_status_t topic_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    nx_lookup_t *lk = ctx;
    const nx_topics_t *t = nx_lookup_topics(lk, err);
    if (!t)
        return err->code;
    const char *code = nx_topic_lookup(t, value);
    int found = 0;
    nx_status_t s;
    if (!code && (s = indexed_topic(lk, value, &found, err)))
        return s;
    if (!code && found)
        code = value;
    if (!code)
        return nx_error_set(err, NX_E_QUERY, "topic:%.*s%s: unknown topic (see newssearch --info)",
                            ECHO(value));
    return term_query(NX_F_TOPIC, code, out, err);
}

static nx_status_t source_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    const nx_sources_t *src = nx_lookup_sources(ctx, err);
    if (!src)
        return err->code;
    char *name = nx_sources_normalize(src, value);
    if (!name)
        return nx_error_set(err, NX_E_QUERY, "source: needs a name");
    nx_status_t s = term_query(NX_F_SOURCE, name, out, err);
    free(name);
    return s;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A day counted back from today, in the local time zone, as notmuch and
 * mu write it: today, yesterday, now; N followed by d, w, M or y (or
 * days, weeks, months, years: "3d", "2weeks", "1M"); to 8 digits in out. */
static int relative_day(const char *s, size_t n, char out[9])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return 0;
    long back = 0;
    char unit = 'd';
    if ((n == 5 && strncasecmp(s, "today", 5) == 0) || (n == 3 && strncasecmp(s, "now", 3) == 0))
        back = 0;
    else if (n == 9 && strncasecmp(s, "yesterday", 9) == 0)
        back = 1;
    else {
        size_t i = 0;
        while (i < n && i < 6 && isdigit((unsigned char)s[i]))
            back = back * 10 + (s[i++] - '0');
        static const struct {
            const char *word;
            char unit;
        } units[] = {{"d", 'd'},      {"day", 'd'},   {"days", 'd'},   {"w", 'w'},
                     {"week", 'w'},   {"weeks", 'w'}, {"M", 'M'},      {"month", 'M'},
                     {"months", 'M'}, {"y", 'y'},     {"year", 'y'},   {"years", 'y'}};
        size_t k = 0, nu = sizeof units / sizeof units[0], nw = n - i;
        for (; k < nu; k++) /* one letter exactly (m is minutes to notmuch); words in any case */
            if (i > 0 && strlen(units[k].word) == nw &&
                (nw == 1 ? s[i] == units[k].word[0] : strncasecmp(s + i, units[k].word, nw) == 0))
                break;
        if (k == nu)
            return 0;
        unit = units[k].unit;
    }
    switch (unit) {
    case 'd': tm.tm_mday -= (int)back; break;
    case 'w': tm.tm_mday -= 7 * (int)back; break;
    case 'M': tm.tm_mon -= (int)back; break;
    case 'y': tm.tm_year -= (int)back; break;
    }
    tm.tm_isdst = -1;
    tm.tm_hour = 12; /* away from a change of summer time */
    if (mktime(&tm) == (time_t)-1 || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
        return 0;
    char day[40];
    snprintf(day, sizeof day, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    memcpy(out, day, 9);
    return 1;
}

/* One end of a date filter: YYYY, YYYY-MM, YYYY-MM-DD (or / or no
 * separators) to 4, 6 or 8 digits in out; or a relative day
 * (relative_day). */
static int date_digits(const char *s, size_t n, char out[9])
{
    if (n && !isdigit((unsigned char)s[n - 1]))
        return relative_day(s, n, out);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-' || s[i] == '/' || s[i] == '.')
            continue;
        if (!isdigit((unsigned char)s[i]) || o >= 8)
            return 0;
        out[o++] = s[i];
    }
    out[o] = '\0';
    if (o != 4 && o != 6 && o != 8)
        return 0;
    int m = o >= 6 ? (out[4] - '0') * 10 + (out[5] - '0') : 1;
    int d = o == 8 ? (out[6] - '0') * 10 + (out[7] - '0') : 1;
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void pad(char dst[15], const char *src, char fill)
{
    size_t n = strlen(src);
    memcpy(dst, src, n);
    memset(dst + n, fill, 14 - n);
    dst[14] = '\0';
}

nx_status_t nx_date_bounds(const char *value, char lo[15], char hi[15], nx_error_t *err)
{
    lo[0] = hi[0] = '\0';
    const char *dots = strstr(value, "..");
    char a[9], b[9];
    if (!dots) {
        if (!date_digits(value, strlen(value), a))
            goto bad;
        pad(lo, a, '0');
        pad(hi, a, '9');
        return NX_OK;
    }
    size_t na = (size_t)(dots - value), nb = strlen(dots + 2);
    if (na == 0 && nb == 0)
        goto bad;
    if (na) {
        if (!date_digits(value, na, a))
            goto bad;
        pad(lo, a, '0');
    }
    if (nb) {
        if (!date_digits(dots + 2, nb, b))
            goto bad;
        pad(hi, b, '9');
    }
    if (na && nb && strcmp(lo, hi) > 0)
        return nx_error_set(err, NX_E_QUERY, "date:%.*s%s: the range ends before it starts",
                            ECHO(value));
    return NX_OK;
bad:
    return nx_error_set(err, NX_E_QUERY,
                        "date:%.*s%s: not a date or range (use 2021, 2021-04, 2021-04-08, "
                        "today, yesterday, 3d, 2w, 6M, 1y, or FROM..TO)",
                        ECHO(value));
}

static nx_status_t date_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    (void)ctx;
    char lo[15], hi[15];
    nx_status_t s = nx_date_bounds(value, lo, hi, err);
    if (s)
        return s;
    return xap_query_value_range((unsigned)nx_fields[NX_F_DATE].slot, *lo ? lo : NULL,
                                 *hi ? hi : NULL, out, err);
}

/* id:ID, the document's term made by the one recipe (nx_field_term: a
 * long id is cut and hashed as newsindex cut it). */
static nx_status_t id_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    (void)ctx;
    return term_query(NX_F_ID, value, out, err);
}

static nx_status_t year_fp(void *ctx, const char *value, xap_query **out, nx_error_t *err)
{
    (void)ctx;
    if (strlen(value) != 4 || !digits(value, 4))
        return nx_error_set(err, NX_E_QUERY, "year:%.*s%s: not a four-digit year", ECHO(value));
    return term_query(NX_F_YEAR, value, out, err);
}

/* The query fields whose values a C function turns into a query; the
 * schema's other query fields are plain Xapian prefixes. */
static const struct {
    nx_field_id_t id;
    xap_field_fn fn;
} processors[] = {
    {NX_F_COUNTRY, country_fp}, {NX_F_TOPIC, topic_fp}, {NX_F_SOURCE, source_fp},
    {NX_F_DATE, date_fp},       {NX_F_YEAR, year_fp},     {NX_F_ID, id_fp},
};

static xap_field_fn processor(nx_field_id_t id)
{
    for (size_t i = 0; i < sizeof processors / sizeof processors[0]; i++)
        if (processors[i].id == id)
            return processors[i].fn;
    return NULL;
}

/* Register field f on qp. */
static nx_status_t add_query_field(xap_qp *qp, const nx_field_t *f, nx_lookup_t *lk,
                                   nx_error_t *err)
{
    xap_field_fn fn = processor(f->id);
    if (fn) /* a filter, unweighted, unless it is free text */
        return xap_qp_add_field(qp, f->name, f->kind != NX_KIND_TEXT, fn, lk, err);
    if (f->kind == NX_KIND_TEXT)
        return xap_qp_add_prefix(qp, f->name, f->prefix, err);
    if (f->kind == NX_KIND_BOOLEAN && f->prefix)
        return xap_qp_add_boolean_prefix(qp, f->name, f->prefix, err);
    return nx_error_set(err, NX_E_INTERNAL, "%s: a query field without a prefix or processor",
                        f->name);
}

void nx_query_limits_default(nx_query_limits_t *lim)
{
    lim->max_terms = NX_QUERY_MAX_TERMS;
    lim->max_expansion = NX_QUERY_MAX_EXPANSION;
    lim->most_frequent = 0;
    lim->title_weight = NX_QUERY_TITLE_WEIGHT;
    lim->bm25_k1 = NX_BM25_K1;
    lim->bm25_b = NX_BM25_B;
}

nx_status_t nx_query_parser(xap_db *db, nx_lookup_t *lk, const nx_query_limits_t *lim,
                            xap_qp **out, nx_error_t *err)
{
    *out = NULL;
    xap_qp *qp;
    nx_query_limits_t dflt;
    if (!lim) {
        nx_query_limits_default(&dflt);
        lim = &dflt;
    }
    nx_status_t s = xap_qp_new("english", db, &qp, err);
    if (s)
        return s;
    xap_qp_limits_t xl = {lim->max_terms,      NX_QUERY_MAX_WILDCARDS,
                          NX_QUERY_MAX_PHRASE, NX_QUERY_MAX_RANGES,
                          lim->max_expansion,  lim->most_frequent};
    s = xap_qp_set_limits(qp, &xl, err);
    if (!s)
        s = xap_qp_set_title_weight(qp, nx_fields[NX_F_TITLE].prefix, lim->title_weight, err);
    for (size_t i = 0; !s && i < NX_NFIELDS; i++)
        if (nx_fields[i].flags & NX_FIELD_QUERY)
            s = add_query_field(qp, &nx_fields[i], lk, err);
    if (s) {
        xap_qp_free(qp);
        return s;
    }
    *out = qp;
    return NX_OK;
}

/* AND field id's filter for value, made by its field processor, onto *q
 * (which is replaced). */
static nx_status_t add_filter(xap_query **q, nx_field_id_t id, nx_lookup_t *lk,
                              const char *value, nx_error_t *err)
{
    xap_field_fn fn = processor(id);
    xap_query *f, *r;
    nx_status_t s = fn(lk, value, &f, err);
    if (s)
        return s;
    s = xap_query_combine(XAP_OP_FILTER, *q, f, &r, err);
    xap_query_free(f);
    if (s)
        return s;
    xap_query_free(*q);
    *q = r;
    return NX_OK;
}

/* The filter flags given, as the query fields they stand for (--since D
 * is date:D.., --until D is date:..D): *out[i].value is in out[i].buf
 * when it is a range. Returns how many. */
#define NX_NFLAGS 6
typedef struct {
    nx_field_id_t id;
    const char *value;
    char buf[80];
} nx_flag_t;

static size_t flag_fields(const nx_filters_t *f, nx_flag_t *out)
{
    const struct {
        const char *value;
        nx_field_id_t id;
        const char *range; /* "%s..", "..%s"; NULL: the value as it is */
    } flags[NX_NFLAGS] = {
        {f->country, NX_F_COUNTRY, NULL}, {f->topic, NX_F_TOPIC, NULL},
        {f->source, NX_F_SOURCE, NULL},   {f->since, NX_F_DATE, "%s.."},
        {f->until, NX_F_DATE, "..%s"},    {f->id, NX_F_ID, NULL},
    };
    size_t n = 0;
    for (size_t i = 0; i < NX_NFLAGS; i++) {
        if (!flags[i].value)
            continue;
        out[n].id = flags[i].id;
        out[n].value = flags[i].value;
        if (flags[i].range) {
            snprintf(out[n].buf, sizeof out[n].buf, flags[i].range, flags[i].value);
            out[n].value = out[n].buf;
        }
        n++;
    }
    return n;
}

char *nx_query_shown(const char *text, const nx_filters_t *f)
{
    nx_buf_t b = {0};
    nx_buf_puts(&b, text);
    nx_flag_t fl[NX_NFLAGS];
    size_t n = flag_fields(f, fl);
    for (size_t i = 0; i < n; i++) {
        if (b.len)
            nx_buf_putc(&b, ' ');
        nx_buf_puts(&b, nx_fields[fl[i].id].name);
        nx_buf_putc(&b, ':');
        int quote = strpbrk(fl[i].value, " \t\"()") != NULL;
        if (quote)
            nx_buf_putc(&b, '"');
        for (const char *c = fl[i].value; *c; c++)
            if (*c != '"') /* a quote cannot be in a field's value */
                nx_buf_putc(&b, *c);
        if (quote)
            nx_buf_putc(&b, '"');
    }
    return nx_buf_steal(&b);
}

int nx_filters_any(const nx_filters_t *f)
{
    return f->country || f->topic || f->source || f->since || f->until || f->id;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* The query fields' names, ", "-joined, into buf. */
static void field_names(char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NX_NFIELDS && n < size; i++)
        if (nx_fields[i].flags & NX_FIELD_QUERY)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", nx_fields[i].name);
}

static int name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '_';
}

/* "NAME:" at t (a word's start): an error unless NAME is a query field
 * with a value. Xapian would take an unknown "author:smith" for the
 * phrase "author smith" and a bare "source:" for the word "source": both
 * find nothing, silently. Not a field: "Re: talks" (nothing follows the
 * colon) and "http://..." (a URL). */
static nx_status_t check_field(const char *t, nx_error_t *err)
{
    size_t n = 0;
    while (name_char(t[n]))
        n++;
    if (t[n] != ':')
        return NX_OK;
    char next = t[n + 1];
    int empty = next == '\0' || isspace((unsigned char)next) || next == ')';
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(n < 60 ? n : 60), t);
    const nx_field_t *f = nx_field_named(name);
    if (f && (f->flags & NX_FIELD_QUERY)) {
        if (!empty)
            return NX_OK;
        return nx_error_set(err, NX_E_QUERY, "%s: needs a value, as in %s", name,
                            f->example ? f->example : name);
    }
    if (empty || next == '/')
        return NX_OK;
    char names[160], hint[96] = "";
    field_names(names, sizeof names);
    for (size_t i = 0; i < NX_NFIELDS; i++)
        if ((nx_fields[i].flags & NX_FIELD_QUERY) && strcasecmp(nx_fields[i].name, name) == 0)
            snprintf(hint, sizeof hint, " (fields are lower case: %s:)", nx_fields[i].name);
    return nx_error_set(err, NX_E_QUERY, "unknown field '%s%s:'%s; the fields are %s", name,
                        n > 60 ? "..." : "", hint, names);
}

/* The checks made before Xapian sees the text: its length, the nesting
 * of its parentheses (which bounds the depth of the query tree, and of
 * every recursion over it), and its field names. */
static nx_status_t check_text(const char *text, nx_error_t *err)
{
    size_t len = strlen(text);
    if (len > NX_QUERY_MAX_BYTES)
        return nx_error_set(err, NX_E_LIMIT, "the query is %zu bytes long, more than %d", len,
                            NX_QUERY_MAX_BYTES);
    int quoted = 0;
    unsigned depth = 0;
    nx_status_t s;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        if (c == '(' && ++depth > NX_QUERY_MAX_DEPTH)
            return nx_error_set(err, NX_E_LIMIT, "parentheses nested more than %d deep",
                                NX_QUERY_MAX_DEPTH);
        if (c == ')' && depth)
            depth--;
        /* A field name starts a word, or follows its + or -. */
        char before = i ? text[i - 1] : ' ';
        if (name_start(c) &&
            (isspace((unsigned char)before) || before == '(' ||
             ((before == '-' || before == '+') &&
              (i < 2 || isspace((unsigned char)text[i - 2]) || text[i - 2] == '('))) &&
            (s = check_field(text + i, err)))
            return s;
    }
    return NX_OK;
}

/* A query of negative words only ("-blair", "-blair -brown"): Xapian's
 * parser would take the words for wanted ones (a hate term needs a love
 * term), so it is parsed here as every document but those: the words,
 * without their '-', ORed, out of match-all. Returns 1 with the words in
 * *rest (malloc'd: "blair OR brown"), 0 when the query has another kind
 * of word, -1 when out of memory. */
static int negative_only(const char *text, char **rest)
{
    *rest = NULL;
    nx_buf_t b = {0};
    int quoted = 0, depth = 0, words = 0;
    const char *p = text;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (p[0] != '-' || !p[1] || p[1] == '-' || isspace((unsigned char)p[1])) {
            nx_buf_free(&b);
            return 0;
        }
        if (words++)
            nx_buf_puts(&b, " OR ");
        const char *w = ++p;
        for (; *p && (quoted || depth || !isspace((unsigned char)*p)); p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (!quoted && *p == '(')
                depth++;
            else if (!quoted && *p == ')' && depth)
                depth--;
        }
        nx_buf_append(&b, w, (size_t)(p - w));
    }
    if (!words) {
        nx_buf_free(&b);
        return 0;
    }
    *rest = nx_buf_steal(&b);
    return *rest ? 1 : -1;
}

/* "*": every document. */
static int ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Acronyms written with dots in any case: Xapian reads "U.S." as the
 * acronym "us" (the index has it so) only when its letters are capitals;
 * "u.s." would be the words "u" and "s". Each standalone letter-dot run
 * ("u.s", "u.s.a.", "e.u.") is upper-cased in place; field values
 * ("source:u.s") are left alone. */
static void upper_acronyms(char *s)
{
    for (size_t i = 0; s[i]; i++) {
        if (!ascii_alpha(s[i]) || (i > 0 && (ascii_alpha(s[i - 1]) ||
                                             (s[i - 1] >= '0' && s[i - 1] <= '9') ||
                                             s[i - 1] == ':' || s[i - 1] == '.' ||
                                             (unsigned char)s[i - 1] >= 0x80)))
            continue;
        size_t j = i, letters = 0;
        /* one letter, its dot, one letter, ...: j ends past the last */
        while (ascii_alpha(s[j]) && !ascii_alpha(s[j + 1]) && !(s[j + 1] >= '0' && s[j + 1] <= '9')) {
            letters++;
            j++;
            if (s[j] != '.')
                break;
            j++;
        }
        /* letters of one character each, at least two, then no word char */
        if (letters < 2 || ascii_alpha(s[j]) || (s[j] >= '0' && s[j] <= '9') || s[j] == ':' ||
            (unsigned char)s[j] >= 0x80)
            continue;
        for (size_t k = i; k < j; k++)
            if (s[k] >= 'a' && s[k] <= 'z')
                s[k] = (char)(s[k] - 32);
        i = j - 1;
    }
}

static int star(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    if (*s++ != '*')
        return 0;
    return blank(s);
}

static nx_status_t query_build(xap_qp *qp, nx_lookup_t *lk, const char *text,
                               const nx_filters_t *f, unsigned qp_flags, xap_query **out,
                               char **corrected, nx_error_t *err);

nx_status_t nx_query_build(xap_qp *qp, nx_lookup_t *lk, const char *text,
                           const nx_filters_t *f, unsigned qp_flags, xap_query **out,
                           char **corrected, nx_error_t *err)
{
    *out = NULL;
    if (corrected)
        *corrected = NULL;
    char *t = strdup(text ? text : "");
    if (!t)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    upper_acronyms(t);
    nx_status_t s = query_build(qp, lk, t, f, qp_flags, out, corrected, err);
    free(t);
    return s;
}

static nx_status_t query_build(xap_qp *qp, nx_lookup_t *lk, const char *text,
                               const nx_filters_t *f, unsigned qp_flags, xap_query **out,
                               char **corrected, nx_error_t *err)
{
    *out = NULL;
    if (corrected)
        *corrected = NULL;
    xap_query *q = NULL;
    char *rest = NULL;
    nx_status_t s = check_text(text, err);
    if (s)
        return s;
    int neg = negative_only(text, &rest);
    if (neg < 0)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    if (blank(text) || star(text)) {
        s = xap_query_match_all(&q, err);
    } else if (neg) {
        xap_query *all = NULL, *not = NULL;
        s = xap_query_match_all(&all, err);
        if (!s)
            s = xap_qp_parse(qp, rest, qp_flags & ~(unsigned)XAP_QP_SPELLING, &not, NULL, err);
        if (!s)
            s = xap_query_combine(XAP_OP_AND_NOT, all, not, &q, err);
        xap_query_free(all);
        xap_query_free(not);
    } else {
        s = xap_qp_parse(qp, text, qp_flags, &q, corrected, err);
    }
    free(rest);
    if (s)
        return s;
    nx_flag_t fl[NX_NFLAGS];
    size_t nfl = flag_fields(f, fl);
    for (size_t i = 0; !s && i < nfl; i++)
        s = add_filter(&q, fl[i].id, lk, fl[i].value, err);
    if (s) {
        xap_query_free(q);
        if (corrected) {
            free(*corrected);
            *corrected = NULL;
        }
        return s;
    }
    *out = q;
    return NX_OK;
}

void nx_lookup_init(nx_lookup_t *lk, xap_db *db)
{
    memset(lk, 0, sizeof *lk);
    lk->db = db;
}

/* Load the data file name with load into *slot unless it is there. */
#define LAZY(slot, name, load)                                                                   \
    do {                                                                                         \
        if (!(slot)) {                                                                           \
            char *path = nx_data_path(name);                                                     \
            if (!path)                                                                           \
                nx_error_set(err, NX_E_NOMEM, "out of memory");                                  \
            else if (load(path, &(slot), err) != NX_OK)                                          \
                (slot) = NULL;                                                                   \
            free(path);                                                                          \
        }                                                                                        \
        return (slot);                                                                           \
    } while (0)

const nx_gazetteer_t *nx_lookup_gazetteer(nx_lookup_t *lk, nx_error_t *err)
{
    LAZY(lk->gazetteer, "countries.tsv", nx_gazetteer_load);
}

const nx_sources_t *nx_lookup_sources(nx_lookup_t *lk, nx_error_t *err)
{
    LAZY(lk->sources, "sources.tsv", nx_sources_load);
}

const nx_topics_t *nx_lookup_topics(nx_lookup_t *lk, nx_error_t *err)
{
    LAZY(lk->topics, "topics.tsv", nx_topics_load);
}

void nx_lookup_free(nx_lookup_t *lk)
{
    nx_gazetteer_free(lk->gazetteer);
    nx_sources_free(lk->sources);
    nx_topics_free(lk->topics);
    memset(lk, 0, sizeof *lk);
}
