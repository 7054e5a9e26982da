/* topic.c - topic rules (data/topics.tsv) and multi-label classification.
 *
 * Loading interns every word of every rule as a term: a hash table holds
 * the exact terms, a trie the prefix patterns ("econom*"), and phrase rules
 * are indexed by their last two words. Classifying splits the title and the
 * text into lowercase words; each word is looked up once in the hash table
 * and walked down the trie, and the terms it matches are kept in a ring of
 * the last MAXPHRASE words so that a phrase can be confirmed when its last
 * word arrives. Each rule collects a count (a title word counts
 * title_weight times); a topic's score is the sum of weight * sqrt(count)
 * over its rules, divided by sqrt(words / norm_words) for articles longer
 * than norm_words words. Every topic whose score reaches its threshold, and
 * min_ratio of the best score, is assigned, best first. Time is linear in
 * the input and independent of the number of rules. */
#include "newsindex/topic.h"

#include "newsindex/hash.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "newsindex/text.h"

/* Longest word, in bytes, that can match a rule; longer words still count
 * towards the article's length. */
#define MAXTOK 63
/* Most words in a phrase rule; also the depth of the match ring. */
#define MAXPHRASE 8
/* A word can match one exact term and one prefix term per length. */
#define MAXMATCH (MAXTOK + 1)
/* Rules files larger than this are refused (the default is ~40 KB). */
#define MAXFILE (16u << 20)

typedef struct {
    char *code;
    char *label;
    double threshold;
    char **aliases;
    size_t naliases, capaliases;
} topic_t;

typedef struct {
    uint32_t topic;
    uint32_t nwords;
    uint32_t words; /* offset into nx_topics.wpool: nwords term ids */
    uint32_t line;  /* in the rules file, for error messages */
    float weight;
} rule_t;

/* A term's single-word rules are postings[first .. first + nrules). */
typedef struct {
    uint64_t hash;
    uint32_t str; /* offset into nx_topics.strpool */
    uint32_t len;
    uint32_t first;
    uint32_t nrules;
    uint8_t prefix;
} term_t;

/* Phrase rules are found by their last two words: an open-addressing table
 * of (next-to-last term, last term) pairs, each with its phrase rules in
 * phrases[first .. first + n). */
typedef struct {
    uint64_t key; /* (a << 32 | b) + 1; 0 is empty */
    uint32_t first;
    uint32_t n;
} bigram_t;

/* The prefix trie, flattened: a node's children are nodes first .. first +
 * nchild - 1, in byte order; term is the prefix term ending there + 1. */
typedef struct {
    uint32_t first;
    uint32_t term;
    uint16_t nchild;
    unsigned char c;
} tnode_t;

/* A node of the trie of prefix terms while it is built: the byte on the
 * edge into it, its first child and next sibling (0: none; siblings in byte
 * order), and the prefix term ending here (+1; 0: none). */
typedef struct {
    uint32_t child;
    uint32_t sibling;
    uint32_t term;
    unsigned char c;
} trie_t;

struct nx_topics {
    topic_t *topics;
    size_t ntopics, captopics;
    rule_t *rules;
    size_t nrules, caprules;
    uint32_t *wpool;
    size_t nwpool, capwpool;
    term_t *terms;
    size_t nterms, capterms;
    char *strpool;
    size_t nstrpool, capstrpool;
    uint32_t *postings;
    uint32_t *table; /* term index + 1; 0 is empty */
    size_t tabsize;  /* a power of two */
    trie_t *trie;     /* the prefix terms while loading; trie[0] is the root */
    size_t ntrie, captrie;
    tnode_t *tnodes;  /* the same, flattened */
    uint32_t root[256]; /* the root's children, by byte */
    bigram_t *bigrams;
    size_t bigsize;   /* a power of two */
    uint32_t *phrases;
    double title_weight;
    double min_ratio;
    double norm_words;
};

/* ---- growable arrays ---------------------------------------------------- */

/* Room for need elements of elem bytes in the array p of capacity *cap:
 * returns p itself, or the array moved to a doubled capacity (*cap
 * updated), or NULL on allocation failure (p still valid). The caller
 * stores the result: `q = grow(a, &cap, n, sizeof *a); if (!q) ...; a = q;`. */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return NULL;
        n *= 2;
    }
    void *q = realloc(p, n * elem);
    if (q)
        *cap = n;
    return q;
}

/* ---- tokenizer ---------------------------------------------------------- */

/* Word characters outside ASCII: letters and marks of every script; the
 * Latin-1 punctuation block, general punctuation, symbols, CJK punctuation,
 * private use, emoji and U+FFFD (what invalid bytes decode to) separate
 * words. This is coarse but needs no Unicode tables. */
static int is_word_cp(uint32_t cp)
{
    if (cp < 0xC0)
        return 0;
    if (cp == 0xD7 || cp == 0xF7)
        return 0;
    if (cp >= 0x2000 && cp <= 0x2BFF)
        return 0;
    if (cp >= 0x3000 && cp <= 0x303F)
        return 0;
    if (cp >= 0xD800 && cp <= 0xF8FF)
        return 0;
    if (cp >= 0xFE10 && cp <= 0xFE6F)
        return 0;
    if (cp >= 0xFF00 && cp <= 0xFF0F)
        return 0;
    if (cp >= 0xFFF0)
        return cp >= 0x10000 && !(cp >= 0x1F000 && cp <= 0x1FAFF) && cp < 0xE0000;
    return 1;
}

/* ASCII letters and digits to their lowercase selves; everything else
 * in ASCII to 0 (a separator). */
static const unsigned char ascii_fold[128] = {
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
     48,  49,  50,  51,  52,  53,  54,  55,  56,  57,   0,   0,   0,   0,   0,   0,
      0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,   0,
      0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,   0,
};

/* Find the next word in s[*pos..n): its lowercase bytes go to buf (at least
 * MAXTOK + 1 bytes, NUL-terminated) and their FNV-1a hash to *hash. Returns
 * 0 at the end of the input; otherwise 1, with *len the word's length, or 0
 * for a word longer than MAXTOK (which matches nothing but is still a
 * word). */
static int next_word(const char *s, size_t n, size_t *pos, char *buf, size_t *len, uint64_t *hash)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos, k = 0, cl;
    int overlong = 0;
    uint64_t h = NX_FNV_OFFSET;

    while (i < n) {
        unsigned char c = u[i];
        if (c < 0x80) {
            if (ascii_fold[c])
                break;
            i++;
        } else {
            uint32_t cp = nx_utf8_decode(s + i, n - i, &cl);
            if (is_word_cp(cp))
                break;
            i += cl ? cl : 1;
        }
    }
    if (i >= n) {
        *pos = n;
        return 0;
    }
    while (i < n) {
        unsigned char c = u[i];
        if (c < 0x80) {
            unsigned char f = ascii_fold[c];
            if (!f)
                break;
            if (k < MAXTOK) {
                buf[k++] = (char)f;
                h = nx_fnv1a_step(h, f);
            } else {
                overlong = 1;
            }
            i++;
        } else {
            uint32_t cp = nx_utf8_decode(s + i, n - i, &cl);
            if (!cl)
                cl = 1;
            if (!is_word_cp(cp))
                break;
            if (k + cl <= MAXTOK) {
                for (size_t q = 0; q < cl; q++) {
                    buf[k++] = s[i + q];
                    h = nx_fnv1a_step(h, u[i + q]);
                }
            } else {
                overlong = 1;
            }
            i += cl;
        }
    }
    buf[k] = '\0';
    *pos = i;
    *len = overlong ? 0 : k;
    *hash = h;
    return 1;
}

/* ---- term hash table ---------------------------------------------------- */

#define PREFIX_SALT 0x9e3779b97f4a7c15ull

static uint64_t term_hash(uint64_t fnv, int prefix)
{
    uint64_t h = fnv ^ (prefix ? PREFIX_SALT : 0);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

static uint32_t table_find(const nx_topics_t *t, uint64_t h, const char *s, size_t len, int prefix)
{
    if (!t->tabsize)
        return 0;
    size_t mask = t->tabsize - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint32_t e = t->table[i];
        if (!e)
            return 0;
        const term_t *tm = &t->terms[e - 1];
        if (tm->hash == h && tm->len == len && tm->prefix == prefix &&
            memcmp(t->strpool + tm->str, s, len) == 0)
            return e;
    }
}

static void table_put(nx_topics_t *t, uint32_t id)
{
    size_t mask = t->tabsize - 1;
    size_t i = (size_t)t->terms[id].hash & mask;
    while (t->table[i])
        i = (i + 1) & mask;
    t->table[i] = id + 1;
}

static int table_rehash(nx_topics_t *t, size_t size)
{
    uint32_t *nt = calloc(size, sizeof *nt);
    if (!nt)
        return -1;
    free(t->table);
    t->table = nt;
    t->tabsize = size;
    for (size_t i = 0; i < t->nterms; i++)
        table_put(t, (uint32_t)i);
    return 0;
}

/* The id of term s[0..len) (exact or prefix), added if new; -1 on
 * allocation failure. */
static int64_t term_intern(nx_topics_t *t, const char *s, size_t len, int prefix)
{
    uint64_t fnv = NX_FNV_OFFSET;
    for (size_t i = 0; i < len; i++)
        fnv = nx_fnv1a_step(fnv, (unsigned char)s[i]);
    uint64_t h = term_hash(fnv, prefix);
    uint32_t e = table_find(t, h, s, len, prefix);
    if (e)
        return e - 1;
    if (t->nterms >= UINT32_MAX - 1 || t->nstrpool + len >= UINT32_MAX)
        return -1;
    if ((t->nterms + 1) * 2 > t->tabsize && table_rehash(t, t->tabsize ? t->tabsize * 2 : 1024))
        return -1;
    void *q = grow(t->terms, &t->capterms, t->nterms + 1, sizeof *t->terms);
    if (!q)
        return -1;
    t->terms = q;
    if (!(q = grow(t->strpool, &t->capstrpool, t->nstrpool + len, 1)))
        return -1;
    t->strpool = q;
    term_t *tm = &t->terms[t->nterms];
    memset(tm, 0, sizeof *tm);
    memcpy(t->strpool + t->nstrpool, s, len);
    tm->str = (uint32_t)t->nstrpool;
    t->nstrpool += len;
    tm->len = (uint32_t)len;
    tm->prefix = (uint8_t)prefix;
    tm->hash = h;
    table_put(t, (uint32_t)t->nterms);
    return (int64_t)t->nterms++;
}

/* ---- loading ------------------------------------------------------------ */

void nx_topics_free(nx_topics_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ntopics; i++) {
        free(t->topics[i].code);
        free(t->topics[i].label);
        for (size_t j = 0; j < t->topics[i].naliases; j++)
            free(t->topics[i].aliases[j]);
        free(t->topics[i].aliases);
    }
    free(t->topics);
    free(t->terms);
    free(t->strpool);
    free(t->postings);
    free(t->trie);
    free(t->tnodes);
    free(t->bigrams);
    free(t->phrases);
    free(t->rules);
    free(t->wpool);
    free(t->table);
    free(t);
}

typedef struct {
    const char *path;
    size_t line;
    nx_error_t *err;
} ctx_t;

static nx_status_t perr(const ctx_t *c, const char *what, const char *detail)
{
    return nx_error_set(c->err, NX_E_PARSE, "%s:%zu: %s%s%s", c->path, c->line, what,
                        detail ? ": " : "", detail ? detail : "");
}

static nx_status_t nomem(const ctx_t *c)
{
    return nx_error_set(c->err, NX_E_NOMEM, "%s:%zu: out of memory", c->path, c->line);
}

/* Parse a finite number in [lo, hi]; 0 on success. */
static int parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    if (!*s)
        return -1;
    /* The usual forms ("3", "-1.5") without strtod's generality. */
    const char *p = s + (*s == '-');
    if (*p >= '0' && *p <= '9' && strlen(p) < 10) {
        double v = 0, scale = 0;
        for (; *p; p++) {
            if (*p >= '0' && *p <= '9') {
                v = v * 10 + (*p - '0');
                if (scale)
                    scale *= 10;
            } else if (*p == '.' && !scale) {
                scale = 1;
            } else {
                break;
            }
        }
        if (!*p) {
            if (scale)
                v /= scale;
            if (*s == '-')
                v = -v;
            if (v < lo || v > hi)
                return -1;
            *out = v;
            return 0;
        }
    }
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int valid_code(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return n > 0 && n <= 64 && strcmp(s, "topic") != 0 && strcmp(s, "set") != 0;
}

static long find_topic(const nx_topics_t *t, const char *code)
{
    for (size_t i = 0; i < t->ntopics; i++)
        if (strcmp(t->topics[i].code, code) == 0)
            return (long)i;
    return -1;
}

/* Split line in place at tabs; returns the number of fields (at most max;
 * -1 if there are more). */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return -1;
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            return n;
        *tab = '\0';
        p = tab + 1;
    }
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

static nx_status_t parse_topic(nx_topics_t *t, const ctx_t *c, char **f, int nf)
{
    if (nf < 4 || nf > 5)
        return perr(c, "a topic line needs: topic, code, label, threshold [, aliases]", NULL);
    char *code = trim(f[1]), *label = trim(f[2]);
    double thr;
    nx_ascii_lower(code);
    if (!valid_code(code))
        return perr(c, "bad topic code (use a-z, 0-9, '-', '_', '.')", code);
    if (find_topic(t, code) >= 0)
        return perr(c, "duplicate topic", code);
    if (!*label)
        return perr(c, "empty topic label", code);
    if (parse_num(trim(f[3]), 0.0, 1e6, &thr) || thr <= 0)
        return perr(c, "bad threshold (a number > 0)", f[3]);
    if (t->ntopics >= UINT32_MAX - 1)
        return perr(c, "too many topics", NULL);
    void *q = grow(t->topics, &t->captopics, t->ntopics + 1, sizeof *t->topics);
    if (!q)
        return nomem(c);
    t->topics = q;
    topic_t *tp = &t->topics[t->ntopics];
    memset(tp, 0, sizeof *tp);
    tp->code = nx_strdup(code);
    tp->label = nx_strdup(label);
    tp->threshold = thr;
    t->ntopics++; /* freed with t from here on */
    if (!tp->code || !tp->label)
        return nomem(c);
    if (nf == 5) {
        char *save = NULL;
        for (char *a = strtok_r(f[4], ",", &save); a; a = strtok_r(NULL, ",", &save)) {
            a = trim(a);
            if (!*a)
                continue;
            if (!(q = grow(tp->aliases, &tp->capaliases, tp->naliases + 1, sizeof *tp->aliases)))
                return nomem(c);
            tp->aliases = q;
            tp->aliases[tp->naliases] = nx_strdup(a);
            if (!tp->aliases[tp->naliases])
                return nomem(c);
            tp->naliases++;
        }
    }
    return NX_OK;
}

static nx_status_t parse_set(nx_topics_t *t, const ctx_t *c, char **f, int nf)
{
    double v;
    if (nf != 3)
        return perr(c, "a set line needs: set, name, value", NULL);
    char *name = trim(f[1]);
    if (strcmp(name, "title_weight") == 0) {
        if (parse_num(trim(f[2]), 0.0, 100.0, &v))
            return perr(c, "bad title_weight (0..100)", f[2]);
        t->title_weight = v;
    } else if (strcmp(name, "min_ratio") == 0) {
        if (parse_num(trim(f[2]), 0.0, 1.0, &v))
            return perr(c, "bad min_ratio (0..1)", f[2]);
        t->min_ratio = v;
    } else if (strcmp(name, "norm_words") == 0) {
        if (parse_num(trim(f[2]), 1.0, 1e9, &v))
            return perr(c, "bad norm_words (1..1e9)", f[2]);
        t->norm_words = v;
    } else {
        return perr(c, "unknown setting", name);
    }
    return NX_OK;
}

static nx_status_t parse_rule(nx_topics_t *t, const ctx_t *c, char **f, int nf)
{
    if (nf != 3)
        return perr(c, "a rule line needs: code, weight, term or phrase", NULL);
    char *code = trim(f[0]);
    nx_ascii_lower(code);
    /* Rules come grouped by topic: try the previous rule's topic first. */
    long ti = -1;
    if (t->nrules && strcmp(t->topics[t->rules[t->nrules - 1].topic].code, code) == 0)
        ti = (long)t->rules[t->nrules - 1].topic;
    else
        ti = find_topic(t, code);
    if (ti < 0)
        return perr(c, "rule for an undeclared topic", code);
    double w;
    if (parse_num(trim(f[1]), -1000.0, 1000.0, &w) || w == 0)
        return perr(c, "bad weight (a non-zero number, -1000..1000)", f[1]);

    /* Each space-separated chunk is tokenized like article text, so
     * "e-mail" becomes the phrase "e mail"; a chunk ending in '*' makes its
     * (single) word a prefix pattern. */
    uint32_t words[MAXPHRASE];
    size_t nw = 0;
    char *save = NULL;
    for (char *chunk = strtok_r(f[2], " ", &save); chunk; chunk = strtok_r(NULL, " ", &save)) {
        size_t clen = strlen(chunk);
        int prefix = 0;
        char *star = strchr(chunk, '*');
        if (star) {
            if (star != chunk + clen - 1)
                return perr(c, "'*' may only end a word", chunk);
            prefix = 1;
            *star = '\0';
            clen--;
        }
        char buf[MAXTOK + 1];
        size_t pos = 0, len, nchunk = 0;
        uint64_t wh;
        while (next_word(chunk, clen, &pos, buf, &len, &wh)) {
            if (!len)
                return perr(c, "word too long", chunk);
            if (prefix && pos < clen)
                return perr(c, "a prefix pattern must be a single word", chunk);
            if (prefix && len < 2)
                return perr(c, "prefix too short (2 characters at least)", chunk);
            if (nw == MAXPHRASE)
                return perr(c, "phrase too long (8 words at most)", NULL);
            int64_t id = term_intern(t, buf, len, prefix);
            if (id < 0)
                return nomem(c);
            words[nw++] = (uint32_t)id;
            nchunk++;
        }
        if (!nchunk)
            return perr(c, "no word in", chunk);
    }
    if (!nw)
        return perr(c, "empty term", NULL);

    if (t->nrules >= UINT32_MAX - 1 || t->nwpool + nw >= UINT32_MAX)
        return perr(c, "too many rules", NULL);
    void *q = grow(t->rules, &t->caprules, t->nrules + 1, sizeof *t->rules);
    if (!q)
        return nomem(c);
    t->rules = q;
    if (!(q = grow(t->wpool, &t->capwpool, t->nwpool + nw, sizeof *t->wpool)))
        return nomem(c);
    t->wpool = q;
    if (nw == 1)
        t->terms[words[0]].nrules++;
    rule_t *r = &t->rules[t->nrules++];
    r->topic = (uint32_t)ti;
    r->nwords = (uint32_t)nw;
    r->words = (uint32_t)t->nwpool;
    r->weight = (float)w;
    r->line = (uint32_t)c->line;
    memcpy(t->wpool + t->nwpool, words, nw * sizeof *words);
    t->nwpool += nw;
    return NX_OK;
}

static uint64_t rule_key(const nx_topics_t *t, const rule_t *r)
{
    uint64_t h = NX_FNV_OFFSET;
    h = nx_fnv1a_step(h, (unsigned char)r->topic) ^ ((uint64_t)r->topic << 32);
    for (uint32_t k = 0; k < r->nwords; k++)
        h = (h ^ t->wpool[r->words + k]) * NX_FNV_PRIME;
    return term_hash(h, 0);
}

static int same_rule(const nx_topics_t *t, const rule_t *a, const rule_t *b)
{
    return a->topic == b->topic && a->nwords == b->nwords &&
           memcmp(t->wpool + a->words, t->wpool + b->words, a->nwords * sizeof *t->wpool) == 0;
}

/* Refuse a rule that repeats an earlier one (same topic, same words): a
 * hash set of rule indices, so that the check stays linear. */
static nx_status_t check_duplicates(const nx_topics_t *t, ctx_t *c)
{
    size_t size = 16;
    while (size < t->nrules * 2)
        size *= 2;
    uint32_t *set = calloc(size, sizeof *set);
    if (!set)
        return nomem(c);
    for (size_t i = 0; i < t->nrules; i++) {
        const rule_t *r = &t->rules[i];
        size_t h = (size_t)rule_key(t, r) & (size - 1);
        for (; set[h]; h = (h + 1) & (size - 1)) {
            if (same_rule(t, &t->rules[set[h] - 1], r)) {
                free(set);
                c->line = r->line;
                return perr(c, "duplicate rule", NULL);
            }
        }
        set[h] = (uint32_t)i + 1;
    }
    free(set);
    return NX_OK;
}

/* Fill the postings: every term's single-word rules, then its phrase rules
 * (by last word), each in file order. */
static int trie_insert(nx_topics_t *t, const char *s, size_t len, uint32_t term)
{
    uint32_t node = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        uint32_t *link = &t->trie[node].child;
        while (*link && t->trie[*link].c < ch)
            link = &t->trie[*link].sibling;
        if (!*link || t->trie[*link].c != ch) {
            void *q = t->ntrie < UINT32_MAX - 1
                          ? grow(t->trie, &t->captrie, t->ntrie + 1, sizeof *t->trie)
                          : NULL;
            if (!q)
                return -1;
            t->trie = q;
            /* grow() may move the array: find the link again. */
            link = &t->trie[node].child;
            while (*link && t->trie[*link].c < ch)
                link = &t->trie[*link].sibling;
            uint32_t n = (uint32_t)t->ntrie++;
            t->trie[n] = (trie_t){.child = 0, .sibling = *link, .term = 0, .c = ch};
            *link = n;
        }
        node = *link;
    }
    t->trie[node].term = term + 1;
    return 0;
}

/* Flatten the trie breadth first, so that each node's children sit side by
 * side. */
static int trie_flatten(nx_topics_t *t)
{
    uint32_t *order = malloc(t->ntrie * sizeof *order);
    t->tnodes = malloc(t->ntrie * sizeof *t->tnodes);
    if (!order || !t->tnodes) {
        free(order);
        return -1;
    }
    size_t next = 1;
    order[0] = 0;
    for (size_t q = 0; q < t->ntrie; q++) {
        const trie_t *old = &t->trie[order[q]];
        tnode_t *nd = &t->tnodes[q];
        nd->first = (uint32_t)next;
        nd->term = old->term;
        nd->c = old->c;
        nd->nchild = 0;
        for (uint32_t k = old->child; k; k = t->trie[k].sibling) {
            order[next++] = k;
            nd->nchild++;
        }
    }
    memset(t->root, 0, sizeof t->root);
    for (uint32_t k = 0; k < t->tnodes[0].nchild; k++) {
        uint32_t id = t->tnodes[0].first + k;
        t->root[t->tnodes[id].c] = id;
    }
    free(order);
    free(t->trie);
    t->trie = NULL;
    t->ntrie = t->captrie = 0;
    return 0;
}

static uint64_t bigram_key(uint32_t a, uint32_t b)
{
    return ((uint64_t)a << 32 | b) + 1;
}

static size_t bigram_slot(uint64_t key, size_t size)
{
    return (size_t)term_hash(key, 0) & (size - 1);
}

static const bigram_t *bigram_find(const nx_topics_t *t, uint32_t a, uint32_t b)
{
    uint64_t key = bigram_key(a, b);
    for (size_t i = bigram_slot(key, t->bigsize);; i = (i + 1) & (t->bigsize - 1)) {
        if (t->bigrams[i].key == key)
            return &t->bigrams[i];
        if (!t->bigrams[i].key)
            return NULL;
    }
}

typedef struct {
    uint64_t key;
    uint32_t rule;
} keyed_t;

static int keyed_cmp(const void *x, const void *y)
{
    const keyed_t *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* Index the phrase rules by their last two words. */
static int build_bigrams(nx_topics_t *t)
{
    size_t np = 0;
    for (size_t i = 0; i < t->nrules; i++)
        np += t->rules[i].nwords > 1;
    keyed_t *kv = malloc((np ? np : 1) * sizeof *kv);
    t->phrases = malloc((np ? np : 1) * sizeof *t->phrases);
    t->bigsize = 16;
    while (t->bigsize < np * 2)
        t->bigsize *= 2;
    t->bigrams = calloc(t->bigsize, sizeof *t->bigrams);
    if (!kv || !t->phrases || !t->bigrams) {
        free(kv);
        return -1;
    }
    np = 0;
    for (size_t i = 0; i < t->nrules; i++) {
        const rule_t *r = &t->rules[i];
        if (r->nwords < 2)
            continue;
        const uint32_t *w = t->wpool + r->words;
        kv[np].key = bigram_key(w[r->nwords - 2], w[r->nwords - 1]);
        kv[np++].rule = (uint32_t)i;
    }
    qsort(kv, np, sizeof *kv, keyed_cmp);
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && kv[j].key == kv[i].key) {
            t->phrases[j] = kv[j].rule;
            j++;
        }
        size_t slot = bigram_slot(kv[i].key, t->bigsize);
        while (t->bigrams[slot].key)
            slot = (slot + 1) & (t->bigsize - 1);
        t->bigrams[slot] = (bigram_t){kv[i].key, (uint32_t)i, (uint32_t)(j - i)};
        i = j;
    }
    free(kv);
    return 0;
}

/* After parsing: the trie of prefix terms, each term's postings of
 * single-word rules (in file order), the phrase index, and the check for
 * duplicate rules. */
static nx_status_t build_index(nx_topics_t *t, ctx_t *c)
{
    void *q = grow(t->trie, &t->captrie, 1, sizeof *t->trie);
    if (!q)
        return nomem(c);
    t->trie = q;
    t->trie[0] = (trie_t){0};
    t->ntrie = 1;
    for (size_t i = 0; i < t->nterms; i++)
        if (t->terms[i].prefix &&
            trie_insert(t, t->strpool + t->terms[i].str, t->terms[i].len, (uint32_t)i))
            return nomem(c);
    if (trie_flatten(t) || build_bigrams(t))
        return nomem(c);

    size_t total = 0;
    for (size_t i = 0; i < t->nterms; i++) {
        t->terms[i].first = (uint32_t)total;
        total += t->terms[i].nrules;
    }
    t->postings = malloc((total ? total : 1) * sizeof *t->postings);
    uint32_t *fill = calloc(t->nterms ? t->nterms : 1, sizeof *fill);
    if (!t->postings || !fill) {
        free(fill);
        return nomem(c);
    }
    for (size_t i = 0; i < t->nrules; i++) {
        const rule_t *r = &t->rules[i];
        if (r->nwords != 1)
            continue;
        uint32_t id = t->wpool[r->words];
        t->postings[t->terms[id].first + fill[id]++] = (uint32_t)i;
    }
    free(fill);
    return check_duplicates(t, c);
}

static nx_status_t parse_rules(nx_topics_t *t, char *data, size_t n, ctx_t *c)
{
    char *p = data, *end = data + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = p;
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        p = nl ? nl + 1 : end;
        c->line++;
        line[len] = '\0'; /* the '\n', or the terminator load() added */
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (memchr(line, '\0', len))
            return perr(c, "NUL byte in line", NULL);
        int ascii = 1;
        for (size_t i = 0; i < len && ascii; i++)
            ascii = (unsigned char)line[i] < 0x80;
        if (!ascii && !nx_utf8_valid(line, len))
            return perr(c, "invalid UTF-8", NULL);
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            continue;
        char *f[6];
        int nf = split_tabs(line, f, 6);
        if (nf < 0)
            return perr(c, "too many fields", NULL);
        nx_status_t st;
        char *first = trim(f[0]);
        if (strcmp(first, "topic") == 0)
            st = parse_topic(t, c, f, nf);
        else if (strcmp(first, "set") == 0)
            st = parse_set(t, c, f, nf);
        else
            st = parse_rule(t, c, f, nf);
        if (st)
            return st;
    }
    if (!t->ntopics)
        return nx_error_set(c->err, NX_E_PARSE, "%s:%zu: no topics declared", c->path, c->line);
    return build_index(t, c);
}

/* Read the whole file into a malloc'd, NUL-terminated buffer. */
static nx_status_t read_file(const char *path, char **data, size_t *len, nx_error_t *err)
{
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nx_error_set(err, NX_E_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    size_t cap = fstat(fileno(fp), &sb) == 0 && sb.st_size > 0 && sb.st_size < MAXFILE
                     ? (size_t)sb.st_size + 1
                     : 65536;
    char *b = malloc(cap + 1);
    size_t n = 0, got;
    nx_status_t st = NX_OK;
    while (b && (got = fread(b + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n > MAXFILE) {
            st = nx_error_set(err, NX_E_PARSE, "%s: larger than %u bytes", path, MAXFILE);
            break;
        }
        if (n == cap) {
            char *q = realloc(b, cap * 2 + 1);
            if (!q) {
                free(b);
                b = NULL;
                break;
            }
            b = q;
            cap *= 2;
        }
    }
    if (!st && !b)
        st = nx_error_set(err, NX_E_NOMEM, "%s: out of memory", path);
    else if (!st && ferror(fp))
        st = nx_error_set(err, NX_E_IO, "%s: read error", path);
    fclose(fp);
    if (st) {
        free(b);
        return st;
    }
    b[n] = '\0'; /* a terminator for the last line */
    *data = b;
    *len = n;
    return NX_OK;
}

nx_status_t nx_topics_load(const char *path, nx_topics_t **out, nx_error_t *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return nx_error_set(err, NX_E_INVALID, "nx_topics_load: NULL argument");
    char *data;
    size_t n;
    nx_status_t st = read_file(path, &data, &n, err);
    if (st)
        return st;

    nx_topics_t *t = calloc(1, sizeof *t);
    if (!t) {
        free(data);
        return nx_error_set(err, NX_E_NOMEM, "%s: out of memory", path);
    }
    t->title_weight = 3.0;
    t->min_ratio = 0.0;
    t->norm_words = 200.0;
    ctx_t c = {path, 0, err};
    st = parse_rules(t, data, n, &c);
    free(data);
    if (st) {
        nx_topics_free(t);
        return st;
    }
    nx_error_clear(err);
    *out = t;
    return NX_OK;
}

/* ---- accessors and lookup ----------------------------------------------- */

size_t nx_topics_count(const nx_topics_t *t)
{
    return t ? t->ntopics : 0;
}

const char *nx_topic_code(const nx_topics_t *t, size_t i)
{
    return t && i < t->ntopics ? t->topics[i].code : NULL;
}

const char *nx_topic_label(const nx_topics_t *t, size_t i)
{
    return t && i < t->ntopics ? t->topics[i].label : NULL;
}

static int is_label_stopword(const char *w, size_t n)
{
    static const char *const stop[] = {"a", "an", "and", "or", "of", "the", "in", "on", "for", "to", "&"};
    for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
        if (strlen(stop[i]) == n && strncasecmp(stop[i], w, n) == 0)
            return 1;
    return 0;
}

/* 1 if name[0..n) equals one word of label (words split at anything that is
 * not a letter, digit or '-'), stopwords excluded. */
static int label_has_word(const char *label, const char *name, size_t n)
{
    const char *p = label;
    while (*p) {
        while (*p && (*p == ' ' || *p == ',' || *p == ';' || *p == '/' || *p == '(' || *p == ')'))
            p++;
        const char *w = p;
        while (*p && !(*p == ' ' || *p == ',' || *p == ';' || *p == '/' || *p == '(' || *p == ')'))
            p++;
        size_t wn = (size_t)(p - w);
        if (wn && wn == n && !is_label_stopword(w, wn) && strncasecmp(w, name, n) == 0)
            return 1;
    }
    return 0;
}

static const char *lookup_exact(const nx_topics_t *t, const char *name, size_t n)
{
    /* Codes first, then whole labels and aliases, then label words, each
     * over all topics, so that a code always wins over another topic's
     * label word. */
    for (size_t i = 0; i < t->ntopics; i++)
        if (strlen(t->topics[i].code) == n && strncasecmp(t->topics[i].code, name, n) == 0)
            return t->topics[i].code;
    for (size_t i = 0; i < t->ntopics; i++) {
        const topic_t *tp = &t->topics[i];
        if (strlen(tp->label) == n && strncasecmp(tp->label, name, n) == 0)
            return tp->code;
        for (size_t j = 0; j < tp->naliases; j++)
            if (strlen(tp->aliases[j]) == n && strncasecmp(tp->aliases[j], name, n) == 0)
                return tp->code;
    }
    for (size_t i = 0; i < t->ntopics; i++)
        if (label_has_word(t->topics[i].label, name, n))
            return t->topics[i].code;
    return NULL;
}

const char *nx_topic_lookup(const nx_topics_t *t, const char *name)
{
    if (!t || !name)
        return NULL;
    while (*name == ' ' || *name == '\t')
        name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    if (!n || n > 256)
        return NULL;
    const char *r = lookup_exact(t, name, n);
    /* A plural of a code or label word: "sports", "disasters". */
    if (!r && n > 3 && (name[n - 1] == 's' || name[n - 1] == 'S'))
        r = lookup_exact(t, name, n - 1);
    return r;
}

/* ---- classification ----------------------------------------------------- */

typedef struct {
    const nx_topics_t *t;
    float *cnt;  /* per rule, zero on entry */
    uint32_t *touched; /* the rules whose count is not zero */
    size_t ntouched;
    uint32_t ring[MAXPHRASE][MAXMATCH];
    uint8_t ringn[MAXPHRASE];
    size_t pos;  /* words seen in the current segment */
    size_t words;/* words seen in all segments */
} scan_t;

static int ring_has(const scan_t *sc, size_t slot, uint32_t term)
{
    for (size_t i = 0; i < sc->ringn[slot]; i++)
        if (sc->ring[slot][i] == term)
            return 1;
    return 0;
}

static void bump(scan_t *sc, uint32_t rule, float inc)
{
    if (sc->cnt[rule] == 0)
        sc->touched[sc->ntouched++] = rule;
    sc->cnt[rule] += inc;
}

static void scan_word(scan_t *sc, const char *w, size_t len, uint64_t fnv, float inc)
{
    const nx_topics_t *t = sc->t;
    size_t slot = sc->pos % MAXPHRASE;
    uint8_t nm = 0;
    uint32_t *m = sc->ring[slot];

    if (len) {
        /* Prefix terms: walk the trie as far as the word goes. */
        uint32_t node = t->root[(unsigned char)w[0]];
        for (size_t i = 1; node; i++) {
            const tnode_t *nd = &t->tnodes[node];
            if (nd->term && nm < MAXMATCH)
                m[nm++] = nd->term - 1;
            if (i == len)
                break;
            unsigned char ch = (unsigned char)w[i];
            uint32_t k = nd->first, end = nd->first + nd->nchild;
            while (k < end && t->tnodes[k].c < ch)
                k++;
            node = k < end && t->tnodes[k].c == ch ? k : 0;
        }
        uint32_t e = table_find(t, term_hash(fnv, 0), w, len, 0);
        if (e && nm < MAXMATCH)
            m[nm++] = e - 1;
    }
    sc->ringn[slot] = nm;

    for (uint8_t k = 0; k < nm; k++) {
        const term_t *tm = &t->terms[m[k]];
        const uint32_t *post = t->postings + tm->first;
        for (uint32_t j = 0; j < tm->nrules; j++)
            bump(sc, post[j], inc);
    }
    /* Phrases ending here: look up each (previous word's term, this word's
     * term) pair, then check any earlier words in the ring. */
    if (nm && sc->pos > 0) {
        size_t prev = (sc->pos - 1) % MAXPHRASE;
        for (uint8_t a = 0; a < sc->ringn[prev]; a++) {
            for (uint8_t b = 0; b < nm; b++) {
                const bigram_t *bg = bigram_find(t, sc->ring[prev][a], m[b]);
                if (!bg)
                    continue;
                for (uint32_t j = 0; j < bg->n; j++) {
                    uint32_t rid = t->phrases[bg->first + j];
                    const rule_t *r = &t->rules[rid];
                    const uint32_t *pw = t->wpool + r->words;
                    if (r->nwords > sc->pos + 1)
                        continue;
                    uint32_t q = 2;
                    for (; q < r->nwords; q++)
                        if (!ring_has(sc, (sc->pos - q) % MAXPHRASE, pw[r->nwords - 1 - q]))
                            break;
                    if (q == r->nwords)
                        bump(sc, rid, inc);
                }
            }
        }
    }
    sc->pos++;
    sc->words++;
}

static void scan_text(scan_t *sc, const char *s, float inc)
{
    char buf[MAXTOK + 1];
    size_t n = strlen(s), pos = 0, len;
    uint64_t h;
    sc->pos = 0; /* phrases do not run from the title into the text */
    while (next_word(s, n, &pos, buf, &len, &h))
        scan_word(sc, buf, len, h, inc);
}

/* Score every topic into score[0..ntopics) (cnt: scratch for nrules
 * counts). Returns the normalised best score. */
/* Per-call scratch, one allocation: counts per rule (zeroed), the list of
 * rules with a count, and a score and an order slot per topic. */
typedef struct {
    float *cnt;
    uint32_t *touched;
    double *score;
    uint32_t *order;
} scratch_t;

static void *scratch_new(const nx_topics_t *t, scratch_t *st)
{
    size_t need = t->ntopics * (sizeof *st->score + sizeof *st->order) +
                  t->nrules * (sizeof *st->cnt + sizeof *st->touched);
    void *block = malloc(need);
    if (!block)
        return NULL;
    st->score = block;
    st->cnt = (float *)(st->score + t->ntopics);
    st->touched = (uint32_t *)(st->cnt + t->nrules);
    st->order = st->touched + t->nrules;
    memset(st->cnt, 0, t->nrules * sizeof *st->cnt);
    return block;
}

/* Score every topic into st->score[0..ntopics). Returns the best score. */
static double score_all(const nx_topics_t *t, const char *title, const char *text, scratch_t *st)
{
    scan_t *sc = &(scan_t){.t = t, .cnt = st->cnt, .touched = st->touched};
    if (title)
        scan_text(sc, title, (float)t->title_weight);
    if (text)
        scan_text(sc, text, 1.0f);

    double *score = st->score;
    for (size_t i = 0; i < t->ntopics; i++)
        score[i] = 0;
    for (size_t i = 0; i < sc->ntouched; i++) {
        const rule_t *r = &t->rules[sc->touched[i]];
        score[r->topic] += r->weight * sqrt(sc->cnt[sc->touched[i]]);
    }
    /* Longer articles mention more words of every field in passing; dividing
     * by the square root of the length (beyond norm_words) keeps one
     * threshold meaningful for a brief and for a feature. */
    double norm = 1.0;
    if ((double)sc->words > t->norm_words)
        norm = sqrt((double)sc->words / t->norm_words);
    double best = 0;
    for (size_t i = 0; i < t->ntopics; i++) {
        score[i] /= norm;
        if (score[i] > best)
            best = score[i];
    }
    return best;
}

size_t nx_topics_scores(const nx_topics_t *t, const char *title, const char *text, double *scores,
                        size_t n)
{
    if (!t || !scores || !t->ntopics)
        return 0;
    scratch_t st;
    void *block = scratch_new(t, &st);
    if (!block)
        return 0;
    score_all(t, title, text, &st);
    if (n > t->ntopics)
        n = t->ntopics;
    memcpy(scores, st.score, n * sizeof *scores);
    free(block);
    return n;
}

nx_status_t nx_topics_classify(const nx_topics_t *t, const char *title, const char *text,
                               const char **out, size_t max, size_t *count)
{
    *count = 0;
    if (!t || !out || !max || !t->ntopics)
        return NX_OK;
    scratch_t st;
    void *block = scratch_new(t, &st);
    if (!block)
        return NX_E_NOMEM;
    double best = score_all(t, title, text, &st);
    const double *score = st.score;
    uint32_t *order = st.order;

    size_t n = 0;
    for (size_t i = 0; i < t->ntopics; i++) {
        if (score[i] <= 0 || score[i] < t->topics[i].threshold || score[i] < t->min_ratio * best)
            continue;
        /* Insertion by score, stable for equal scores (file order). */
        size_t j = n++;
        while (j > 0 && score[order[j - 1]] < score[i]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = (uint32_t)i;
    }
    if (n > max)
        n = max;
    for (size_t i = 0; i < n; i++)
        out[i] = t->topics[order[i]].code;
    free(block);
    *count = n;
    return NX_OK;
}
