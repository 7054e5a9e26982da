/* source.c - normalising the names of news sources.
 *
 * The table maps keys to canonical names through an open-addressing hash
 * table. A key is a name folded for comparison (see make_key). Raw input is
 * first tidied (tidy), then looked up as a domain, as written, without
 * suffixes such as " Staff", and finally by its parts ("Reuters via Yahoo"). */
#include "newsindex/source.h"

#include "newsindex/hash.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/text.h"

/* Only this much of a raw name is looked at: real names are far shorter,
 * and the bound keeps the work per call small whatever the input. */
enum { IN_MAX = 1024, KEY_MAX = 256, FILE_MAX = 16 * 1024 * 1024 };

typedef struct {
    char *key; /* NULL: empty slot */
    size_t name;
} slot_t;

struct nx_sources {
    char **names;
    size_t nnames, capnames;
    slot_t *slots;
    size_t nslots, nkeys; /* nslots is a power of two */
};

typedef struct {
    const char *p;
    size_t n;
} view_t;

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_digit(c) || is_alpha(c); }
static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* ---- keys and the hash table ------------------------------------------- */

/* Fold p[0..n) into a key in out (KEY_MAX bytes): ASCII lowercased, '.' and
 * apostrophes (also U+2019) dropped, other ASCII punctuation and white space
 * one space, trimmed, a leading "the " removed. Returns the key's length;
 * 0 when it is empty or too long. */
static size_t make_key(const char *p, size_t n, char *out)
{
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '.' || ch == '\'')
            continue;
        if (ch == 0xE2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
            (unsigned char)p[i + 2] == 0x99) {
            i += 2;
            continue;
        }
        if (ch < 0x80 && !is_alnum(ch)) {
            space = o > 0;
            continue;
        }
        if (o + 2 >= KEY_MAX)
            return 0;
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = (char)lower(ch);
    }
    out[o] = '\0';
    if (o > 4 && memcmp(out, "the ", 4) == 0) {
        memmove(out, out + 4, o - 3);
        o -= 4;
    }
    return o;
}

static uint64_t hash(const char *k)
{
    return nx_fnv1a(k, strlen(k));
}

static slot_t *find_slot(const slot_t *slots, size_t nslots, const char *key)
{
    size_t i = (size_t)hash(key) & (nslots - 1);
    while (slots[i].key && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (nslots - 1);
    return (slot_t *)&slots[i];
}

static const char *lookup_key(const nx_sources_t *s, const char *key)
{
    slot_t *sl;
    if (!s || !s->nslots || !key[0])
        return NULL;
    sl = find_slot(s->slots, s->nslots, key);
    return sl->key ? s->names[sl->name] : NULL;
}

static const char *lookup(const nx_sources_t *s, const char *p, size_t n)
{
    char key[KEY_MAX];
    if (!s || !make_key(p, n, key))
        return NULL;
    return lookup_key(s, key);
}

static nx_status_t grow_table(nx_sources_t *s)
{
    size_t nslots = s->nslots ? s->nslots * 2 : 256;
    slot_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return NX_E_NOMEM;
    for (size_t i = 0; i < s->nslots; i++)
        if (s->slots[i].key)
            *find_slot(slots, nslots, s->slots[i].key) = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->nslots = nslots;
    return NX_OK;
}

/* Map key to name index idx. *other is set to the clashing index when the
 * key already names another source. */
static nx_status_t add_key(nx_sources_t *s, const char *key, size_t idx, size_t *other)
{
    slot_t *sl;
    *other = idx;
    if ((s->nkeys + 1) * 2 > s->nslots && grow_table(s) != NX_OK)
        return NX_E_NOMEM;
    sl = find_slot(s->slots, s->nslots, key);
    if (sl->key) {
        *other = sl->name;
        return sl->name == idx ? NX_OK : NX_E_PARSE;
    }
    if (!(sl->key = strdup(key)))
        return NX_E_NOMEM;
    sl->name = idx;
    s->nkeys++;
    return NX_OK;
}

/* ---- loading ------------------------------------------------------------ */

void nx_sources_free(nx_sources_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nnames; i++)
        free(s->names[i]);
    for (size_t i = 0; i < s->nslots; i++)
        free(s->slots[i].key);
    free(s->names);
    free(s->slots);
    free(s);
}

/* Trim ASCII white space from both ends of v. */
static view_t trim_view(view_t v)
{
    while (v.n && (v.p[0] == ' ' || v.p[0] == '\t'))
        v.p++, v.n--;
    while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t'))
        v.n--;
    return v;
}

static nx_status_t load_line(nx_sources_t *s, const char *line, size_t len, int ln, nx_error_t *err)
{
    const char *tab = memchr(line, '\t', len);
    view_t name = trim_view((view_t){ line, tab ? (size_t)(tab - line) : len });
    char key[KEY_MAX];
    size_t idx, other;
    nx_status_t st;
    char *copy;
    const char *existing;

    if (!nx_utf8_valid(line, len))
        return nx_error_set(err, NX_E_PARSE, "line %d: invalid UTF-8", ln);
    if (!make_key(name.p, name.n, key))
        return nx_error_set(err, NX_E_PARSE, "line %d: missing or unusable source name", ln);
    if (!(copy = nx_strndup(name.p, name.n)))
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    nx_squeeze_space(copy);

    /* A name seen on an earlier line gets the new aliases. */
    existing = lookup_key(s, key);
    if (existing && strcmp(existing, copy) == 0) {
        free(copy);
        idx = find_slot(s->slots, s->nslots, key)->name;
    } else {
        if (s->nnames == s->capnames) {
            size_t cap = s->capnames ? s->capnames * 2 : 128;
            char **names = realloc(s->names, cap * sizeof *names);
            if (!names) {
                free(copy);
                return nx_error_set(err, NX_E_NOMEM, "out of memory");
            }
            s->names = names;
            s->capnames = cap;
        }
        idx = s->nnames;
        s->names[s->nnames++] = copy;
    }

    if ((st = add_key(s, key, idx, &other)) != NX_OK)
        goto clash;
    if (tab) {
        const char *p = tab + 1, *end = line + len;
        for (;;) {
            const char *bar = memchr(p, '|', (size_t)(end - p));
            view_t a = trim_view((view_t){ p, (size_t)((bar ? bar : end) - p) });
            if (a.n) {
                if (!make_key(a.p, a.n, key))
                    return nx_error_set(err, NX_E_PARSE, "line %d: unusable alias \"%.*s\"", ln,
                                        (int)(a.n > 80 ? 80 : a.n), a.p);
                if ((st = add_key(s, key, idx, &other)) != NX_OK)
                    goto clash;
            }
            if (!bar)
                break;
            p = bar + 1;
        }
    }
    return NX_OK;

clash:
    if (st == NX_E_NOMEM)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    return nx_error_set(err, NX_E_PARSE, "line %d: \"%s\" already names \"%s\"", ln, key,
                        s->names[other]);
}

nx_status_t nx_sources_load(const char *path, nx_sources_t **out, nx_error_t *err)
{
    nx_sources_t *s;
    nx_buf_t b = { 0 };
    FILE *f;
    char chunk[8192];
    size_t got;
    int ln = 0;
    nx_status_t st = NX_OK;

    if (out)
        *out = NULL;
    nx_error_clear(err);
    if (!path || !out)
        return nx_error_set(err, NX_E_INVALID, "nx_sources_load: no path or out-param");
    if (!(f = fopen(path, "rb")))
        return nx_error_set(err, NX_E_IO, "%s: %s", path, strerror(errno));
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + got > FILE_MAX) {
            st = nx_error_set(err, NX_E_PARSE, "%s: larger than %d bytes", path, FILE_MAX);
            break;
        }
        if (nx_buf_append(&b, chunk, got) != NX_OK) {
            st = nx_error_set(err, NX_E_NOMEM, "out of memory");
            break;
        }
    }
    if (st == NX_OK && ferror(f))
        st = nx_error_set(err, NX_E_IO, "%s: read error", path);
    fclose(f);
    if (st != NX_OK) {
        nx_buf_free(&b);
        return st;
    }
    if (!(s = calloc(1, sizeof *s))) {
        nx_buf_free(&b);
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }

    for (size_t i = 0; i < b.len && st == NX_OK;) {
        const char *line = b.data + i;
        const char *nl = memchr(line, '\n', b.len - i);
        size_t len = nl ? (size_t)(nl - line) : b.len - i;
        view_t v;
        i += len + 1;
        ln++;
        if (len && line[len - 1] == '\r')
            len--;
        if (memchr(line, '\0', len)) {
            st = nx_error_set(err, NX_E_PARSE, "%s: line %d: NUL byte", path, ln);
            break;
        }
        v = trim_view((view_t){ line, len });
        if (!v.n || v.p[0] == '#')
            continue;
        st = load_line(s, line, len, ln, err);
        if (st != NX_OK && err) {
            /* Prefix the path to the message load_line wrote. */
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            nx_error_set(err, st, "%s: %s", path, msg);
        }
    }
    nx_buf_free(&b);
    if (st != NX_OK) {
        nx_sources_free(s);
        return st;
    }
    *out = s;
    return NX_OK;
}

/* ---- tidying ------------------------------------------------------------ */

/* Characters dropped from the ends of a name (UTF-8): quotes, dashes,
 * bullets, the replacement character, ©, ®, ™. */
static const char *const strip_utf8[] = {
    "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xC2\xAB", "\xC2\xBB",
    "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA2", "\xC2\xB7",     "\xE2\x80\xA6", "\xC2\xA9",
    "\xC2\xAE",     "\xE2\x84\xA2", "\xEF\xBF\xBD", NULL
};

/* Any ASCII character but a letter or digit. */
static int strip_ascii(int ch) { return ch > 0 && ch < 0x80 && !is_alnum(ch); }

/* Length of a strippable UTF-8 character at p (forward) or ending at
 * p + n (backward), 0 if none. */
static size_t utf8_strip_at(const char *p, size_t n, int backward)
{
    for (int i = 0; strip_utf8[i]; i++) {
        size_t k = strlen(strip_utf8[i]);
        if (k <= n && memcmp(backward ? p + n - k : p, strip_utf8[i], k) == 0)
            return k;
    }
    return 0;
}

/* Index of the ')' matching the '(' at v.p[0], or (size_t)-1. */
static size_t matching_paren(view_t v)
{
    int depth = 0;
    for (size_t i = 0; i < v.n; i++) {
        if (v.p[i] == '(')
            depth++;
        else if (v.p[i] == ')' && --depth == 0)
            return i;
    }
    return (size_t)-1;
}

static int more_closes(view_t v)
{
    int depth = 0;
    for (size_t i = 0; i < v.n; i++) {
        if (v.p[i] == '(')
            depth++;
        else if (v.p[i] == ')')
            depth--;
    }
    return depth < 0;
}

/* Drop surrounding punctuation, white space and parentheses: "(AFP)",
 * "- Reuters.", but "ABC (Australia)" keeps its balanced parentheses. */
static view_t trim_punct(view_t v)
{
    for (;;) {
        size_t before = v.n, k;
        if (v.n && v.p[0] == '(') {
            size_t close = matching_paren(v);
            if (close == v.n - 1) {
                v.p++;
                v.n -= 2;
            } else if (close == (size_t)-1) {
                v.p++;
                v.n--;
            }
        } else if (v.n && strip_ascii((unsigned char)v.p[0])) {
            v.p++;
            v.n--;
        } else if ((k = utf8_strip_at(v.p, v.n, 0)) != 0) {
            v.p += k;
            v.n -= k;
        }
        if (v.n && v.p[v.n - 1] == ')') {
            if (more_closes(v))
                v.n--;
        } else if (v.n && strip_ascii((unsigned char)v.p[v.n - 1])) {
            v.n--;
        } else if ((k = utf8_strip_at(v.p, v.n, 1)) != 0) {
            v.n -= k;
        }
        if (v.n == before)
            return v;
    }
}

/* Whether the k bytes at p are w (lowercase ASCII) in any ASCII case. */
static int same_lower(const char *p, const char *w, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)p[i]) != w[i])
            return 0;
    return 1;
}

/* Does v start with word w (ASCII, case-insensitive), followed by the end
 * or a character that is not a letter or digit? */
static size_t starts_word(view_t v, const char *w)
{
    size_t k = strlen(w);
    if (v.n < k || !same_lower(v.p, w, k))
        return 0;
    if (v.n > k && is_alnum((unsigned char)v.p[k]) && is_alnum((unsigned char)w[k - 1]))
        return 0;
    return k;
}

/* Does v end with word w, preceded by the start or a non-alphanumeric? */
static size_t ends_word(view_t v, const char *w)
{
    size_t k = strlen(w);
    if (v.n < k || !same_lower(v.p + v.n - k, w, k))
        return 0;
    if (v.n > k && is_alnum((unsigned char)v.p[v.n - k - 1]))
        return 0;
    return k;
}

/* A year 1900..2100 as four digits at p[0..4) of n bytes, standing alone. */
static int year_at(const char *p, size_t n)
{
    int y;
    if (n < 4 || !is_digit((unsigned char)p[0]) || !is_digit((unsigned char)p[1]) ||
        !is_digit((unsigned char)p[2]) || !is_digit((unsigned char)p[3]))
        return 0;
    if (n > 4 && is_alnum((unsigned char)p[4]))
        return 0;
    y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    return y >= 1900 && y <= 2100;
}

/* Remove copyright notices, "By", "Source:", years and surrounding
 * punctuation until nothing changes. */
static view_t tidy(view_t v)
{
    static const char *const prefixes[] = { "copyright", "copr.", "copr", "(c)", "\xC2\xA9",
                                            "source:", "sources:", "by", NULL };
    size_t before;
    do {
        size_t k = 0;
        before = v.n;
        v = trim_punct(v);
        /* "By" and "Source:" alone are kept; a bare copyright notice is not. */
        for (int i = 0; prefixes[i] && !k; i++)
            if ((k = starts_word(v, prefixes[i])) != 0 && (k < v.n || i < 5)) {
                v.p += k;
                v.n -= k;
            } else {
                k = 0;
            }
        if (year_at(v.p, v.n)) {
            v.p += 4;
            v.n -= 4;
        }
        v = trim_punct(v);
        if ((k = ends_word(v, "all rights reserved")) != 0 || (k = ends_word(v, "(c)")) != 0 ||
            (k = ends_word(v, "copyright")) != 0)
            v.n -= k;
        else if (v.n > 4 && year_at(v.p + v.n - 4, 4) && !is_alnum((unsigned char)v.p[v.n - 5]))
            v.n -= 4;
    } while (v.n != before);
    return v;
}

/* ---- domains ------------------------------------------------------------ */

/* If v is a URL or a bare domain ("https://uk.reuters.com/x", "bbc.co.uk"),
 * store its host, lowercased and without "www.", in host (KEY_MAX bytes)
 * and return 1. */
static int url_host(view_t v, char *host)
{
    const char *p = v.p, *end = v.p + v.n, *h;
    size_t n = 0, last_label = 0, dots = 0;

    for (const char *q = p; q + 2 < end && q < p + 16; q++) {
        if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
            p = q + 3;
            break;
        }
        if (!is_alnum((unsigned char)*q) && *q != '+' && *q != '-' && *q != '.')
            break;
    }
    /* user@host */
    for (const char *q = p; q < end && *q != '/' && *q != ' '; q++)
        if (*q == '@') {
            p = q + 1;
            break;
        }
    h = p;
    while (p < end && (is_alnum((unsigned char)*p) || *p == '.' || *p == '-'))
        p++;
    /* After the host: nothing, a path, a port, a query. Anything else
     * (a space, a letter outside ASCII) means it is not a domain. */
    if (p < end && *p != '/' && *p != ':' && *p != '?' && *p != '#')
        return 0;
    /* A port is digits ("p.medi:ac" is not a host and a port). */
    if (p < end && *p == ':') {
        const char *q = p + 1;
        while (q < end && is_digit((unsigned char)*q))
            q++;
        if (q == p + 1 || (q < end && *q != '/' && *q != '?' && *q != '#'))
            return 0;
    }
    if (p - h < 4 || p - h >= KEY_MAX || h[0] == '.' || h[0] == '-' || p[-1] == '.')
        return 0;
    for (const char *q = h; q < p; q++) {
        host[n++] = (char)lower((unsigned char)*q);
        if (*q == '.') {
            /* Labels are not empty and neither start nor end with '-'. */
            if (q[1] == '.' || q[1] == '-' || q[-1] == '-')
                return 0;
            dots++;
            last_label = n;
        }
    }
    host[n] = '\0';
    if (!dots)
        return 0;
    /* The top-level label is at least two letters: "A.P" is not a domain. */
    if (n - last_label < 2)
        return 0;
    for (size_t i = last_label; i < n; i++)
        if (!is_alpha((unsigned char)host[i]))
            return 0;
    /* Every leading "www." ("www.www.x.com" is x.com, as x.com is). */
    while (strncmp(host, "www.", 4) == 0 && dots >= 2) {
        memmove(host, host + 4, n - 3);
        n -= 4;
        dots--;
    }
    return 1;
}

/* The source for a host or any of its parent domains ("uk.reuters.com",
 * then "reuters.com"); never a bare top-level label. */
static const char *lookup_host(const nx_sources_t *s, const char *host)
{
    for (const char *h = host; h && strchr(h, '.'); h = strchr(h, '.') + 1) {
        const char *name = lookup(s, h, strlen(h));
        if (name)
            return name;
    }
    return NULL;
}

/* ---- suffixes and parts ------------------------------------------------- */

typedef struct {
    const char *word;
    int drop; /* also dropped from unknown names ("Daily Bugle Staff") */
} suffix_t;

static const suffix_t suffixes[] = {
    { "staff and agencies", 1 },
    { "and agencies", 1 },
    { "staff reporters", 1 },
    { "staff reporter", 1 },
    { "staff writers", 1 },
    { "staff writer", 1 },
    { "staff correspondents", 1 },
    { "staff correspondent", 1 },
    { "staff", 1 },
    { "news service", 1 },
    { "wire service", 0 },
    { "newswires", 0 },
    { "newswire", 0 },
    { "wire", 0 },
    { "news agency", 0 },
    { "news", 0 },
    { "online", 0 },
    { "reporters", 0 },
    { "reporter", 0 },
    { "correspondents", 0 },
    { "correspondent", 0 },
};

/* Look v up as written and then without suffixes, one at a time. *keep gets
 * the length of v (from v.p) without the suffixes that unknown names also
 * lose. */
static const char *lookup_loose(const nx_sources_t *s, view_t v, size_t *keep)
{
    const char *name, *start = v.p;
    int dropping = 1;

    *keep = v.n;
    if ((name = lookup(s, v.p, v.n)) != NULL)
        return name;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = ends_word(v, suffixes[i].word);
        view_t w;
        if (!k || k == v.n)
            continue;
        w = trim_punct((view_t){ v.p, v.n - k });
        if (!w.n)
            continue;
        if ((name = lookup(s, w.p, w.n)) != NULL)
            return name;
        if (suffixes[i].drop && dropping)
            *keep = (size_t)(w.p - start) + w.n; /* trim_punct may move w.p */
        else
            dropping = 0;
        v = w;
        i = (size_t)-1; /* start again: "Reuters News Service Staff" */
    }
    return NULL;
}

/* Where needle (lowercase) is in v, ASCII letters of v in any case. */
static const char *find_in(view_t v, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= v.n; i++)
        if (same_lower(v.p + i, needle, k))
            return v.p + i;
    return NULL;
}

/* Try the parts of "Reuters via Yahoo News", "BBC News - Home",
 * "The Associated Press (AP)", "By Jane Doe, Reuters". */
static const char *lookup_parts(const nx_sources_t *s, view_t v)
{
    static const struct {
        const char *sep;
        int last; /* also try the part after the separator */
    } seps[] = { { " - ", 1 },  { " | ", 1 },           { " \xE2\x80\x93 ", 1 }, { " \xE2\x80\x94 ", 1 },
                 { ": ", 1 },   { " via ", 1 },         { " / ", 1 },            { ", ", 1 },
                 { " (", 0 },   { " for ", 1 },         { " and ", 0 } };
    size_t keep;
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        const char *at = find_in(v, seps[i].sep);
        const char *name;
        if (!at)
            continue;
        if ((name = lookup_loose(s, tidy((view_t){ v.p, (size_t)(at - v.p) }), &keep)) != NULL)
            return name;
        if (seps[i].last) {
            const char *rest = at + strlen(seps[i].sep);
            view_t r = tidy((view_t){ rest, (size_t)(v.p + v.n - rest) });
            if ((name = lookup_loose(s, r, &keep)) != NULL)
                return name;
        }
    }
    return NULL;
}

/* ---- title case ------------------------------------------------------- */

/* Letters for casing: ASCII and the Latin-1 letters (U+00C0..U+00FE, not
 * U+00D7 or U+00F7), which are two bytes C3 80..BE in UTF-8. Returns 1
 * upper, 2 lower, 0 not a letter; *len is the character's length. */
static int letter_case(const unsigned char *p, size_t n, size_t *len)
{
    *len = 1;
    if (p[0] >= 'A' && p[0] <= 'Z')
        return 1;
    if (p[0] >= 'a' && p[0] <= 'z')
        return 2;
    if (p[0] == 0xC3 && n >= 2 && p[1] >= 0x80 && p[1] <= 0xBE && p[1] != 0x97 && p[1] != 0xB7) {
        *len = 2;
        return p[1] < 0x9F ? 1 : 2; /* U+00DF (sharp s) and above are lowercase */
    }
    return 0;
}

static void to_lower_at(unsigned char *p, size_t len)
{
    if (len == 1)
        p[0] = (unsigned char)lower(p[0]);
    else if (p[0] == 0xC3 && p[1] < 0x9F)
        p[1] = (unsigned char)(p[1] + 0x20);
}

/* Title-case words written in capitals: in each space-separated word with
 * no lowercase letter, a run of four or more letters keeps its first
 * letter and lowercases the rest ("DAILY BUGLE" -> "Daily Bugle",
 * "NEWS-HERALD" -> "News-Herald"); shorter runs ("AP", "BBC") stay, except
 * a lone letter after an apostrophe in a word that was changed. */
/* Short words that are not acronyms, as they are written inside a name
 * ("THE DAILY STAR" -> "The Daily Star"); the first word of a name is
 * capitalised. */
static const char *const small_words[] = { "THE", "the", "AND", "and", "OF",  "of",  "FOR", "for",
                                           "NEW", "New", "SUN", "Sun", "DAY", "Day", NULL };

static void title_case(char *s, size_t n)
{
    unsigned char *p = (unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t w = i, we, len;
        int has_lower = 0;
        while (w < n && p[w] == ' ')
            w++;
        we = w;
        while (we < n && p[we] != ' ') {
            if (letter_case(p + we, n - we, &len) == 2)
                has_lower = 1;
            we += len;
        }
        for (int k = 0; small_words[k] && !has_lower; k += 2) {
            size_t kl = strlen(small_words[k]);
            if (we - w == kl && memcmp(p + w, small_words[k], kl) == 0) {
                memcpy(p + w, small_words[k + 1], kl);
                if (w == 0 && p[0] >= 'a' && p[0] <= 'z')
                    p[0] = (unsigned char)(p[0] - 'a' + 'A');
                has_lower = 1;
            }
        }
        if (!has_lower) {
            size_t r = w;
            int cased = 0;
            while (r < we) {
                size_t run = r, letters = 0;
                while (run < we && letter_case(p + run, we - run, &len)) {
                    letters++;
                    run += len;
                }
                if (letters >= 4) {
                    letter_case(p + r, we - r, &len);
                    for (size_t q = r + len; q < run; q += len) {
                        letter_case(p + q, run - q, &len);
                        to_lower_at(p + q, len);
                    }
                    cased = 1;
                } else if (letters == 1 && cased && r > w &&
                           (p[r - 1] == '\'' || (r >= 3 && memcmp(p + r - 3, "\xE2\x80\x99", 3) == 0))) {
                    to_lower_at(p + r, run - r); /* "MCDONALD'S" -> "Mcdonald's" */
                }
                if (run == r) { /* not a letter: skip one character */
                    r++;
                    while (r < we && (p[r] & 0xC0) == 0x80)
                        r++;
                } else {
                    r = run;
                }
            }
        }
        i = we;
    }
}

/* ---- the public functions ---------------------------------------------- */

/* Copy raw (at most IN_MAX bytes, cut at a character boundary) with
 * controls turned into spaces and white space squeezed. */
static char *clean_copy(const char *raw)
{
    size_t n = strnlen(raw, IN_MAX + 1);
    char *c;
    if (n > IN_MAX) {
        n = IN_MAX;
        while (n > 0 && ((unsigned char)raw[n] & 0xC0) == 0x80)
            n--;
    }
    if (!(c = nx_strndup(raw, n)))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)c[i] < 0x20 || c[i] == 0x7F)
            c[i] = ' ';
    return nx_squeeze_space(c);
}

/* v cut to NX_SOURCE_MAX bytes at a character boundary and trimmed again. */
static view_t cut_view(view_t v)
{
    if (v.n > NX_SOURCE_MAX) {
        v.n = NX_SOURCE_MAX;
        while (v.n > 0 && ((unsigned char)v.p[v.n] & 0xC0) == 0x80)
            v.n--;
        v = trim_punct(v);
    }
    return v;
}

/* A malloc'd copy of v, cut; NULL if empty. */
static char *finish_copy(view_t v)
{
    v = cut_view(v);
    if (!v.n)
        return NULL;
    return nx_strndup(v.p, v.n);
}

char *nx_sources_normalize(const nx_sources_t *s, const char *raw)
{
    char *buf, *out = NULL;
    char host[KEY_MAX];
    const char *name;
    view_t v;
    size_t keep;

    if (!raw || !(buf = clean_copy(raw)))
        return NULL;
    /* Cut first, so that what comes out is what was tidied and looked up
     * ("dw." and 200 bytes more is not "dw", which is Deutsche Welle; a cut
     * may end in "(c)", which tidy() removes). Dropping a suffix may
     * uncover what tidy() removes ("Acme (c) 2021 Staff") or a domain
     * ("(acme.com) Staff"): each round tidies and looks again, until
     * nothing changes, so that a normalized name normalizes to itself (a
     * facet value finds its own documents). Each round is shorter. */
    v = trim_punct(cut_view((view_t){ buf, strlen(buf) }));
    /* A domain as it is written: tidying would take "2000-om.bg" for a
     * year and "om.bg". */
    if (!url_host(v, host))
        v = tidy(v);
    for (;;) {
        if (!v.n) {
            free(buf);
            return NULL;
        }
        if (url_host(v, host)) {
            name = lookup_host(s, host);
            out = name ? strdup(name) : finish_copy(trim_punct((view_t){ host, strlen(host) }));
            free(buf);
            return out;
        }
        if ((name = lookup_loose(s, v, &keep)) != NULL || (name = lookup_parts(s, v)) != NULL) {
            free(buf);
            return strdup(name);
        }
        if (keep == v.n)
            break;
        v.n = keep;
        v = tidy(v);
    }
    if ((out = finish_copy(v)) != NULL)
        title_case(out, strlen(out));
    free(buf);
    return out;
}

int nx_sources_known(const nx_sources_t *s, const char *word)
{
    char *buf;
    view_t v;
    int known;
    if (!s || !word || !(buf = clean_copy(word)))
        return 0;
    v = trim_punct((view_t){ buf, strlen(buf) });
    known = v.n && lookup(s, v.p, v.n) != NULL;
    free(buf);
    return known;
}
