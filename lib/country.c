/* country.c - the country gazetteer (data/countries.tsv) and extraction.
 *
 * Loading tokenizes every name with the same tokenizer as the text and
 * builds a trie of word sequences: a hash table of folded words (lower case,
 * diacritics removed) gives each word an id and holds the root's child for
 * it; a second hash table maps (node, word id) to deeper children.  Each
 * node lists the gazetteer records whose name ends there, in file order.
 *
 * Extraction runs over the dateline, the title and the text as separate
 * zones (a dateline at the start of the text, "HOUSTON, Feb 26 (Reuters) -",
 * is read with the parsers' reader, dateline.h, and its place counted as
 * one).  At each capitalised word it walks the
 * trie as far as the following words go, longest match first ("Papua New
 * Guinea" before "Guinea", "New Mexico" before "Mexico"), and checks the
 * text's capitalisation against the name's spelling ("turkey" is not
 * Turkey; "US" must be capitals).  Stop phrases ("Washington Post", "Indian
 * Ocean") are matched like names and hide the names inside them.  Names
 * flagged "person" are dropped next to another capitalised name ("Michael
 * Jordan"), and so is every later mention of that name in the article;
 * names flagged "word" count on title-case or capitals lines only when the
 * country has other evidence; towns count only in a dateline.
 *
 * A name shared by several countries (Georgia) takes the candidate with the
 * most unambiguous evidence in the article, the first listed on a tie; a
 * successor's places count for a historical state when the article names
 * that state at least as much as the successor (Moscow is SU in a story
 * about the Soviet Union).  A country's score adds the dateline (one
 * country: the last place named in it), its best title mention, its lead
 * mentions (the first two sentences, capped) and the square root of its body
 * mentions, each weighted by zone and by kind of name (a country's name
 * counts more than a city).  Countries scoring at least min_score and
 * rel_score of the best are returned, best first. */
#include "newsindex/country.h"

#include "newsindex/hash.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsindex/date.h"
#include "newsindex/dateline.h"
#include "newsindex/text.h"

/* Longest folded word, in bytes, that can be part of a name. */
#define MAXTOK 48
/* Most words in a name. */
#define MAXNAME 12
/* Two-letter codes index a flat table. */
#define NCODES (26 * 26)
/* Gazetteer files larger than this are refused (the real one is ~0.5 MB). */
#define MAXFILE (64u << 20)
/* Text beyond this many bytes is not scanned: a story's countries are named
 * long before, and it bounds the time spent on hostile input. */
#define MAXSCAN (256u << 10)
/* Mentions kept per article; later body mentions are ignored. */
#define MAXMENTIONS 1024
/* Candidate countries per mention (a name shared by several countries). */
#define MAXCAND 4

enum kind {
    K_NAME, K_OFFICIAL, K_ALIAS, K_DEMONYM, K_CAPITAL, K_CITY, K_REGION,
    K_TOWN, K_STOP, K_SUCCESSOR, NKINDS
};
static const char *const kind_names[NKINDS] = {
    "name", "official", "alias", "demonym", "capital", "city", "region",
    "town", "stop", "successor"
};

enum { F_WORD = 1, F_PERSON = 2 };
/* What a name's word requires of the text's word. */
enum { REQ_ANY = 0, REQ_CAP = 1, REQ_UPPER = 2 };
/* The capitalisation of a word in the text. */
enum { C_NONE, C_LOWER, C_CAP, C_UPPER };
/* How informative capitalisation is on a line. */
enum { M_NORMAL, M_TITLE, M_CAPS };
enum { Z_DATELINE, Z_TITLE, Z_LEAD, Z_BODY, NZONES };

typedef struct {
    uint16_t code;    /* index into the code table; NCODES for a stop */
    uint8_t kind;
    uint8_t flags;
    uint8_t ntok;
    uint32_t casepat; /* REQ_* for word i in bits 2i..2i+1 */
    float weight;
    int32_t next;     /* next record on the same node, -1 at the end */
} entry_t;

typedef struct {
    int32_t head, tail;
} node_t;

typedef struct {
    uint64_t hash;
    uint32_t off;
    uint16_t len;
    uint32_t root; /* the root's child on this word, 0 if none */
} word_t;

struct params {
    double zw[NZONES];  /* weight of a mention by zone */
    double kw[NKINDS];  /* weight of a mention by kind of name */
    double lead_cap;    /* lead mentions beyond this weight add nothing */
    double body_pow;    /* body mentions count as body_weight^body_pow */
    double min_score;   /* a country needs this score */
    double rel_score;   /* and this fraction of the best country's score */
};

/* Capitalised words that may stand before or after a place without making
 * it part of a person's name, and the words that end a dateline's place. */
#define MAXSET 96

struct nx_gazetteer {
    char *pool; /* folded words, NUL-separated */
    size_t npool, cappool;
    word_t *words;
    size_t nwords, capwords;
    uint32_t *wtab; /* word index + 1; 0 is empty */
    size_t wtabsize;
    uint64_t *ekeys; /* edge (parent << 32 | word id) + 1; 0 is empty */
    uint32_t *evals; /* child node */
    size_t etabsize, nedges;
    node_t *nodes;
    size_t nnodes, capnodes;
    entry_t *entries;
    size_t nentries, capentries;
    char *display[NCODES];  /* malloc'd display names */
    uint16_t parent[NCODES];/* historical state a code succeeds, or NCODES */
    struct params p;
    uint64_t prev_ok[MAXSET], next_ok[MAXSET], dates[MAXSET];
    size_t nprev_ok, nnext_ok, ndates;
};

static uint64_t hash_bytes(const char *s, size_t n);

/* ------------------------------------------------------------ parameters */

/* Tuned on Reuters-21578 with bench/country-eval (bench/README-country.md). */
static const struct params default_params = {
    .zw = {[Z_DATELINE] = 3.0, [Z_TITLE] = 2.0, [Z_LEAD] = 1.5, [Z_BODY] = 0.6},
    .kw = {[K_NAME] = 1.0, [K_OFFICIAL] = 1.0, [K_ALIAS] = 1.0, [K_DEMONYM] = 0.8,
           [K_CAPITAL] = 0.9, [K_CITY] = 0.7, [K_REGION] = 0.8, [K_TOWN] = 0.7},
    .lead_cap = 2.0,
    .body_pow = 0.5,
    .min_score = 1.0,
    .rel_score = 0.3,
};

static const char *const prev_ok_words[] = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
    "northwestern", "southeastern", "southwestern", "upper", "lower", "new",
    "greater", "downtown", "metropolitan", "coastal", "rural", "communist",
    "socialist", "democratic", "islamic", "federal", "republic", "kingdom",
    "hashemite", "occupied", "mainland", "in", "of", "from", "to", "at", "and",
    "the", "for", "with", "by", "on", "near", "outside", "across", "inside",
    "between", "via", "into", "but", "or", "as", "than", "against",
};
static const char *const next_ok_words[] = {
    "province", "state", "region", "county", "city", "area", "government",
    "officials", "authorities", "president", "prime", "premier", "minister",
    "ministry", "king", "foreign", "defence", "defense", "central", "national",
    "army", "police", "embassy", "airport", "port", "border", "capital",
    "republic", "dollar", "dollars", "peso", "pesos", "franc", "francs", "crown",
    "pound", "rupee", "dinar", "lira", "shilling", "currency", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "and", "or", "but", /* and the month names (date.h) */
};
/* The words that end a dateline's place, besides the month names and
 * their abbreviations (date.h). */
static const char *const date_words[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "reuters", "ap", "afp", "upi",
};

static size_t fill_set(uint64_t *set, size_t at, const char *const *w, size_t n)
{
    for (size_t i = 0; i < n && at < MAXSET; i++)
        set[at++] = hash_bytes(w[i], strlen(w[i]));
    return at;
}

/* The month names (and, with abbrev, "jan".."dec" and "sept") into set
 * after its first at words. */
static size_t fill_months(uint64_t *set, size_t at, int abbrev)
{
    at = fill_set(set, at, nx_month_names, 12);
    for (int m = 0; abbrev && m < 12 && at < MAXSET; m++)
        set[at++] = hash_bytes(nx_month_names[m], 3);
    if (abbrev && at < MAXSET)
        set[at++] = hash_bytes("sept", 4);
    return at;
}

#ifdef NX_COUNTRY_TUNE
/* Tuning builds read the weights from the environment (bench only). */
static double envd(const char *name, double def)
{
    const char *s = getenv(name);
    return s ? atof(s) : def;
}
#endif

static void load_params(nx_gazetteer_t *g)
{
    g->p = default_params;
#ifdef NX_COUNTRY_TUNE
    static const char *const zn[NZONES] = {"NX_ZD", "NX_ZT", "NX_ZL", "NX_ZB"};
    for (int i = 0; i < NZONES; i++)
        g->p.zw[i] = envd(zn[i], g->p.zw[i]);
    for (int i = 0; i < NKINDS; i++) {
        char n[32];
        snprintf(n, sizeof n, "NX_K_%s", kind_names[i]);
        g->p.kw[i] = envd(n, g->p.kw[i]);
    }
    g->p.lead_cap = envd("NX_LEADCAP", g->p.lead_cap);
    g->p.body_pow = envd("NX_BODYPOW", g->p.body_pow);
    g->p.min_score = envd("NX_MIN", g->p.min_score);
    g->p.rel_score = envd("NX_REL", g->p.rel_score);
#endif
    g->nprev_ok = fill_set(g->prev_ok, 0, prev_ok_words, sizeof prev_ok_words / sizeof *prev_ok_words);
    g->nnext_ok = fill_set(g->next_ok, 0, next_ok_words, sizeof next_ok_words / sizeof *next_ok_words);
    g->nnext_ok = fill_months(g->next_ok, g->nnext_ok, 0);
    g->ndates = fill_set(g->dates, 0, date_words, sizeof date_words / sizeof *date_words);
    g->ndates = fill_months(g->dates, g->ndates, 1);
}

/* ------------------------------------------------------------ hashing */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = nx_fnv1a(s, n);
    return h ^ (h >> 29);
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

static int code_index(const char *c)
{
    int a = c[0], b = c[0] ? c[1] : 0;
    if (a >= 'a' && a <= 'z')
        a -= 32;
    if (b >= 'a' && b <= 'z')
        b -= 32;
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
        return -1;
    return (a - 'A') * 26 + (b - 'A');
}

static int32_t word_find(const nx_gazetteer_t *g, const char *s, size_t n, uint64_t h)
{
    if (!g->wtabsize)
        return -1;
    size_t mask = g->wtabsize - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = g->wtab[i];
        if (!v)
            return -1;
        const word_t *w = &g->words[v - 1];
        if (w->hash == h && w->len == n && memcmp(g->pool + w->off, s, n) == 0)
            return (int32_t)(v - 1);
    }
}

static nx_status_t word_table_grow(nx_gazetteer_t *g)
{
    size_t size = g->wtabsize ? g->wtabsize * 2 : 4096;
    uint32_t *t = calloc(size, sizeof *t);
    if (!t)
        return NX_E_NOMEM;
    for (size_t k = 0; k < g->nwords; k++) {
        size_t i = g->words[k].hash & (size - 1);
        while (t[i])
            i = (i + 1) & (size - 1);
        t[i] = (uint32_t)k + 1;
    }
    free(g->wtab);
    g->wtab = t;
    g->wtabsize = size;
    return NX_OK;
}

static nx_status_t word_intern(nx_gazetteer_t *g, const char *s, size_t n, uint64_t h, int32_t *id)
{
    *id = word_find(g, s, n, h);
    if (*id >= 0)
        return NX_OK;
    if ((g->nwords + 1) * 2 > g->wtabsize && word_table_grow(g) != NX_OK)
        return NX_E_NOMEM;
    if (g->nwords == g->capwords) {
        size_t cap = g->capwords ? g->capwords * 2 : 4096;
        word_t *w = realloc(g->words, cap * sizeof *w);
        if (!w)
            return NX_E_NOMEM;
        g->words = w;
        g->capwords = cap;
    }
    if (g->npool + n + 1 > g->cappool) {
        size_t cap = g->cappool ? g->cappool * 2 : 65536;
        while (cap < g->npool + n + 1)
            cap *= 2;
        char *p = realloc(g->pool, cap);
        if (!p)
            return NX_E_NOMEM;
        g->pool = p;
        g->cappool = cap;
    }
    memcpy(g->pool + g->npool, s, n);
    g->pool[g->npool + n] = '\0';
    g->words[g->nwords] = (word_t){h, (uint32_t)g->npool, (uint16_t)n, 0};
    g->npool += n + 1;
    size_t mask = g->wtabsize - 1;
    size_t i = h & mask;
    while (g->wtab[i])
        i = (i + 1) & mask;
    g->wtab[i] = (uint32_t)g->nwords + 1;
    *id = (int32_t)g->nwords++;
    return NX_OK;
}

/* The child of node on word id, or 0 (the root is never a child). */
static uint32_t edge_find(const nx_gazetteer_t *g, uint32_t node, uint32_t id)
{
    if (node == 0)
        return g->words[id].root;
    if (!g->etabsize)
        return 0;
    uint64_t key = ((uint64_t)node << 32 | id) + 1;
    size_t mask = g->etabsize - 1;
    for (size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
        if (g->ekeys[i] == key)
            return g->evals[i];
        if (!g->ekeys[i])
            return 0;
    }
}

static nx_status_t edge_table_grow(nx_gazetteer_t *g)
{
    size_t size = g->etabsize ? g->etabsize * 2 : 8192;
    uint64_t *k = calloc(size, sizeof *k);
    uint32_t *v = malloc(size * sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        return NX_E_NOMEM;
    }
    for (size_t j = 0; j < g->etabsize; j++) {
        if (!g->ekeys[j])
            continue;
        size_t i = mix64(g->ekeys[j]) & (size - 1);
        while (k[i])
            i = (i + 1) & (size - 1);
        k[i] = g->ekeys[j];
        v[i] = g->evals[j];
    }
    free(g->ekeys);
    free(g->evals);
    g->ekeys = k;
    g->evals = v;
    g->etabsize = size;
    return NX_OK;
}

static nx_status_t node_new(nx_gazetteer_t *g, uint32_t *out)
{
    if (g->nnodes == g->capnodes) {
        size_t cap = g->capnodes ? g->capnodes * 2 : 8192;
        node_t *n = realloc(g->nodes, cap * sizeof *n);
        if (!n)
            return NX_E_NOMEM;
        g->nodes = n;
        g->capnodes = cap;
    }
    g->nodes[g->nnodes] = (node_t){-1, -1};
    *out = (uint32_t)g->nnodes++;
    return NX_OK;
}

static nx_status_t edge_add(nx_gazetteer_t *g, uint32_t node, uint32_t id, uint32_t *child)
{
    *child = edge_find(g, node, id);
    if (*child)
        return NX_OK;
    if (node == 0) {
        /* The root's children live in the word table: most names are one
         * word, and this keeps the edge table small. */
        if (node_new(g, child) != NX_OK)
            return NX_E_NOMEM;
        g->words[id].root = *child;
        return NX_OK;
    }
    if ((g->nedges + 1) * 2 > g->etabsize && edge_table_grow(g) != NX_OK)
        return NX_E_NOMEM;
    if (node_new(g, child) != NX_OK)
        return NX_E_NOMEM;
    uint64_t key = ((uint64_t)node << 32 | id) + 1;
    size_t mask = g->etabsize - 1;
    size_t i = mix64(key) & mask;
    while (g->ekeys[i])
        i = (i + 1) & mask;
    g->ekeys[i] = key;
    g->evals[i] = *child;
    g->nedges++;
    return NX_OK;
}

/* ------------------------------------------------------------ the tokenizer */

/* Generated with Python's unicodedata: Latin letters with diacritics -> ASCII. */
static const struct {
    uint16_t cp;
    char ascii[3];
    uint8_t upper;
} fold_tab[] = {
    {0x00C0, "a", 1}, {0x00C1, "a", 1}, {0x00C2, "a", 1}, {0x00C3, "a", 1},
    {0x00C4, "a", 1}, {0x00C5, "a", 1}, {0x00C6, "ae", 1}, {0x00C7, "c", 1},
    {0x00C8, "e", 1}, {0x00C9, "e", 1}, {0x00CA, "e", 1}, {0x00CB, "e", 1},
    {0x00CC, "i", 1}, {0x00CD, "i", 1}, {0x00CE, "i", 1}, {0x00CF, "i", 1},
    {0x00D0, "d", 1}, {0x00D1, "n", 1}, {0x00D2, "o", 1}, {0x00D3, "o", 1},
    {0x00D4, "o", 1}, {0x00D5, "o", 1}, {0x00D6, "o", 1}, {0x00D8, "o", 1},
    {0x00D9, "u", 1}, {0x00DA, "u", 1}, {0x00DB, "u", 1}, {0x00DC, "u", 1},
    {0x00DD, "y", 1}, {0x00DE, "th", 1}, {0x00DF, "ss", 0}, {0x00E0, "a", 0},
    {0x00E1, "a", 0}, {0x00E2, "a", 0}, {0x00E3, "a", 0}, {0x00E4, "a", 0},
    {0x00E5, "a", 0}, {0x00E6, "ae", 0}, {0x00E7, "c", 0}, {0x00E8, "e", 0},
    {0x00E9, "e", 0}, {0x00EA, "e", 0}, {0x00EB, "e", 0}, {0x00EC, "i", 0},
    {0x00ED, "i", 0}, {0x00EE, "i", 0}, {0x00EF, "i", 0}, {0x00F0, "d", 0},
    {0x00F1, "n", 0}, {0x00F2, "o", 0}, {0x00F3, "o", 0}, {0x00F4, "o", 0},
    {0x00F5, "o", 0}, {0x00F6, "o", 0}, {0x00F8, "o", 0}, {0x00F9, "u", 0},
    {0x00FA, "u", 0}, {0x00FB, "u", 0}, {0x00FC, "u", 0}, {0x00FD, "y", 0},
    {0x00FE, "th", 0}, {0x00FF, "y", 0}, {0x0100, "a", 1}, {0x0101, "a", 0},
    {0x0102, "a", 1}, {0x0103, "a", 0}, {0x0104, "a", 1}, {0x0105, "a", 0},
    {0x0106, "c", 1}, {0x0107, "c", 0}, {0x0108, "c", 1}, {0x0109, "c", 0},
    {0x010A, "c", 1}, {0x010B, "c", 0}, {0x010C, "c", 1}, {0x010D, "c", 0},
    {0x010E, "d", 1}, {0x010F, "d", 0}, {0x0110, "d", 1}, {0x0111, "d", 0},
    {0x0112, "e", 1}, {0x0113, "e", 0}, {0x0114, "e", 1}, {0x0115, "e", 0},
    {0x0116, "e", 1}, {0x0117, "e", 0}, {0x0118, "e", 1}, {0x0119, "e", 0},
    {0x011A, "e", 1}, {0x011B, "e", 0}, {0x011C, "g", 1}, {0x011D, "g", 0},
    {0x011E, "g", 1}, {0x011F, "g", 0}, {0x0120, "g", 1}, {0x0121, "g", 0},
    {0x0122, "g", 1}, {0x0123, "g", 0}, {0x0124, "h", 1}, {0x0125, "h", 0},
    {0x0126, "h", 1}, {0x0127, "h", 0}, {0x0128, "i", 1}, {0x0129, "i", 0},
    {0x012A, "i", 1}, {0x012B, "i", 0}, {0x012C, "i", 1}, {0x012D, "i", 0},
    {0x012E, "i", 1}, {0x012F, "i", 0}, {0x0130, "i", 1}, {0x0131, "i", 0},
    {0x0132, "ij", 1}, {0x0133, "ij", 0}, {0x0134, "j", 1}, {0x0135, "j", 0},
    {0x0136, "k", 1}, {0x0137, "k", 0}, {0x0138, "k", 0}, {0x0139, "l", 1},
    {0x013A, "l", 0}, {0x013B, "l", 1}, {0x013C, "l", 0}, {0x013D, "l", 1},
    {0x013E, "l", 0}, {0x013F, "l", 1}, {0x0140, "l", 0}, {0x0141, "l", 1},
    {0x0142, "l", 0}, {0x0143, "n", 1}, {0x0144, "n", 0}, {0x0145, "n", 1},
    {0x0146, "n", 0}, {0x0147, "n", 1}, {0x0148, "n", 0}, {0x014A, "n", 1},
    {0x014B, "n", 0}, {0x014C, "o", 1}, {0x014D, "o", 0}, {0x014E, "o", 1},
    {0x014F, "o", 0}, {0x0150, "o", 1}, {0x0151, "o", 0}, {0x0152, "oe", 1},
    {0x0153, "oe", 0}, {0x0154, "r", 1}, {0x0155, "r", 0}, {0x0156, "r", 1},
    {0x0157, "r", 0}, {0x0158, "r", 1}, {0x0159, "r", 0}, {0x015A, "s", 1},
    {0x015B, "s", 0}, {0x015C, "s", 1}, {0x015D, "s", 0}, {0x015E, "s", 1},
    {0x015F, "s", 0}, {0x0160, "s", 1}, {0x0161, "s", 0}, {0x0162, "t", 1},
    {0x0163, "t", 0}, {0x0164, "t", 1}, {0x0165, "t", 0}, {0x0168, "u", 1},
    {0x0169, "u", 0}, {0x016A, "u", 1}, {0x016B, "u", 0}, {0x016C, "u", 1},
    {0x016D, "u", 0}, {0x016E, "u", 1}, {0x016F, "u", 0}, {0x0170, "u", 1},
    {0x0171, "u", 0}, {0x0172, "u", 1}, {0x0173, "u", 0}, {0x0174, "w", 1},
    {0x0175, "w", 0}, {0x0176, "y", 1}, {0x0177, "y", 0}, {0x0178, "y", 1},
    {0x0179, "z", 1}, {0x017A, "z", 0}, {0x017B, "z", 1}, {0x017C, "z", 0},
    {0x017D, "z", 1}, {0x017E, "z", 0}, {0x017F, "s", 0}, {0x0192, "f", 0},
    {0x01A0, "o", 1}, {0x01A1, "o", 0}, {0x01AF, "u", 1}, {0x01B0, "u", 0},
    {0x01C4, "dz", 1}, {0x01C5, "dz", 0}, {0x01C6, "dz", 0}, {0x01C7, "lj", 1},
    {0x01C8, "lj", 0}, {0x01C9, "lj", 0}, {0x01CA, "nj", 1}, {0x01CB, "nj", 0},
    {0x01CC, "nj", 0}, {0x01CD, "a", 1}, {0x01CE, "a", 0}, {0x01CF, "i", 1},
    {0x01D0, "i", 0}, {0x01D1, "o", 1}, {0x01D2, "o", 0}, {0x01D3, "u", 1},
    {0x01D4, "u", 0}, {0x01D5, "u", 1}, {0x01D6, "u", 0}, {0x01D7, "u", 1},
    {0x01D8, "u", 0}, {0x01D9, "u", 1}, {0x01DA, "u", 0}, {0x01DB, "u", 1},
    {0x01DC, "u", 0}, {0x01DD, "e", 0}, {0x01DE, "a", 1}, {0x01DF, "a", 0},
    {0x01E0, "a", 1}, {0x01E1, "a", 0}, {0x01E6, "g", 1}, {0x01E7, "g", 0},
    {0x01E8, "k", 1}, {0x01E9, "k", 0}, {0x01EA, "o", 1}, {0x01EB, "o", 0},
    {0x01EC, "o", 1}, {0x01ED, "o", 0}, {0x01F0, "j", 0}, {0x01F1, "dz", 1},
    {0x01F2, "dz", 0}, {0x01F3, "dz", 0}, {0x01F4, "g", 1}, {0x01F5, "g", 0},
    {0x01F8, "n", 1}, {0x01F9, "n", 0}, {0x01FA, "a", 1}, {0x01FB, "a", 0},
    {0x0200, "a", 1}, {0x0201, "a", 0}, {0x0202, "a", 1}, {0x0203, "a", 0},
    {0x0204, "e", 1}, {0x0205, "e", 0}, {0x0206, "e", 1}, {0x0207, "e", 0},
    {0x0208, "i", 1}, {0x0209, "i", 0}, {0x020A, "i", 1}, {0x020B, "i", 0},
    {0x020C, "o", 1}, {0x020D, "o", 0}, {0x020E, "o", 1}, {0x020F, "o", 0},
    {0x0210, "r", 1}, {0x0211, "r", 0}, {0x0212, "r", 1}, {0x0213, "r", 0},
    {0x0214, "u", 1}, {0x0215, "u", 0}, {0x0216, "u", 1}, {0x0217, "u", 0},
    {0x0218, "s", 1}, {0x0219, "s", 0}, {0x021A, "t", 1}, {0x021B, "t", 0},
    {0x021E, "h", 1}, {0x021F, "h", 0}, {0x0226, "a", 1}, {0x0227, "a", 0},
    {0x0228, "e", 1}, {0x0229, "e", 0}, {0x022A, "o", 1}, {0x022B, "o", 0},
    {0x022C, "o", 1}, {0x022D, "o", 0}, {0x022E, "o", 1}, {0x022F, "o", 0},
    {0x0230, "o", 1}, {0x0231, "o", 0}, {0x0232, "y", 1}, {0x0233, "y", 0},
    {0x1E00, "a", 1}, {0x1E01, "a", 0}, {0x1E02, "b", 1}, {0x1E03, "b", 0},
    {0x1E04, "b", 1}, {0x1E05, "b", 0}, {0x1E06, "b", 1}, {0x1E07, "b", 0},
    {0x1E08, "c", 1}, {0x1E09, "c", 0}, {0x1E0A, "d", 1}, {0x1E0B, "d", 0},
    {0x1E0C, "d", 1}, {0x1E0D, "d", 0}, {0x1E0E, "d", 1}, {0x1E0F, "d", 0},
    {0x1E10, "d", 1}, {0x1E11, "d", 0}, {0x1E12, "d", 1}, {0x1E13, "d", 0},
    {0x1E14, "e", 1}, {0x1E15, "e", 0}, {0x1E16, "e", 1}, {0x1E17, "e", 0},
    {0x1E18, "e", 1}, {0x1E19, "e", 0}, {0x1E1A, "e", 1}, {0x1E1B, "e", 0},
    {0x1E1C, "e", 1}, {0x1E1D, "e", 0}, {0x1E1E, "f", 1}, {0x1E1F, "f", 0},
    {0x1E20, "g", 1}, {0x1E21, "g", 0}, {0x1E22, "h", 1}, {0x1E23, "h", 0},
    {0x1E24, "h", 1}, {0x1E25, "h", 0}, {0x1E26, "h", 1}, {0x1E27, "h", 0},
    {0x1E28, "h", 1}, {0x1E29, "h", 0}, {0x1E2A, "h", 1}, {0x1E2B, "h", 0},
    {0x1E2C, "i", 1}, {0x1E2D, "i", 0}, {0x1E2E, "i", 1}, {0x1E2F, "i", 0},
    {0x1E30, "k", 1}, {0x1E31, "k", 0}, {0x1E32, "k", 1}, {0x1E33, "k", 0},
    {0x1E34, "k", 1}, {0x1E35, "k", 0}, {0x1E36, "l", 1}, {0x1E37, "l", 0},
    {0x1E38, "l", 1}, {0x1E39, "l", 0}, {0x1E3A, "l", 1}, {0x1E3B, "l", 0},
    {0x1E3C, "l", 1}, {0x1E3D, "l", 0}, {0x1E3E, "m", 1}, {0x1E3F, "m", 0},
    {0x1E40, "m", 1}, {0x1E41, "m", 0}, {0x1E42, "m", 1}, {0x1E43, "m", 0},
    {0x1E44, "n", 1}, {0x1E45, "n", 0}, {0x1E46, "n", 1}, {0x1E47, "n", 0},
    {0x1E48, "n", 1}, {0x1E49, "n", 0}, {0x1E4A, "n", 1}, {0x1E4B, "n", 0},
    {0x1E4C, "o", 1}, {0x1E4D, "o", 0}, {0x1E4E, "o", 1}, {0x1E4F, "o", 0},
    {0x1E50, "o", 1}, {0x1E51, "o", 0}, {0x1E52, "o", 1}, {0x1E53, "o", 0},
    {0x1E54, "p", 1}, {0x1E55, "p", 0}, {0x1E56, "p", 1}, {0x1E57, "p", 0},
    {0x1E58, "r", 1}, {0x1E59, "r", 0}, {0x1E5A, "r", 1}, {0x1E5B, "r", 0},
    {0x1E5C, "r", 1}, {0x1E5D, "r", 0}, {0x1E5E, "r", 1}, {0x1E5F, "r", 0},
    {0x1E60, "s", 1}, {0x1E61, "s", 0}, {0x1E62, "s", 1}, {0x1E63, "s", 0},
    {0x1E64, "s", 1}, {0x1E65, "s", 0}, {0x1E66, "s", 1}, {0x1E67, "s", 0},
    {0x1E68, "s", 1}, {0x1E69, "s", 0}, {0x1E6A, "t", 1}, {0x1E6B, "t", 0},
    {0x1E6C, "t", 1}, {0x1E6D, "t", 0}, {0x1E6E, "t", 1}, {0x1E6F, "t", 0},
    {0x1E70, "t", 1}, {0x1E71, "t", 0}, {0x1E72, "u", 1}, {0x1E73, "u", 0},
    {0x1E74, "u", 1}, {0x1E75, "u", 0}, {0x1E76, "u", 1}, {0x1E77, "u", 0},
    {0x1E78, "u", 1}, {0x1E79, "u", 0}, {0x1E7A, "u", 1}, {0x1E7B, "u", 0},
    {0x1E7C, "v", 1}, {0x1E7D, "v", 0}, {0x1E7E, "v", 1}, {0x1E7F, "v", 0},
    {0x1E80, "w", 1}, {0x1E81, "w", 0}, {0x1E82, "w", 1}, {0x1E83, "w", 0},
    {0x1E84, "w", 1}, {0x1E85, "w", 0}, {0x1E86, "w", 1}, {0x1E87, "w", 0},
    {0x1E88, "w", 1}, {0x1E89, "w", 0}, {0x1E8A, "x", 1}, {0x1E8B, "x", 0},
    {0x1E8C, "x", 1}, {0x1E8D, "x", 0}, {0x1E8E, "y", 1}, {0x1E8F, "y", 0},
    {0x1E90, "z", 1}, {0x1E91, "z", 0}, {0x1E92, "z", 1}, {0x1E93, "z", 0},
    {0x1E94, "z", 1}, {0x1E95, "z", 0}, {0x1E96, "h", 0}, {0x1E97, "t", 0},
    {0x1E98, "w", 0}, {0x1E99, "y", 0}, {0x1E9B, "s", 0}, {0x1EA0, "a", 1},
    {0x1EA1, "a", 0}, {0x1EA2, "a", 1}, {0x1EA3, "a", 0}, {0x1EA4, "a", 1},
    {0x1EA5, "a", 0}, {0x1EA6, "a", 1}, {0x1EA7, "a", 0}, {0x1EA8, "a", 1},
    {0x1EA9, "a", 0}, {0x1EAA, "a", 1}, {0x1EAB, "a", 0}, {0x1EAC, "a", 1},
    {0x1EAD, "a", 0}, {0x1EAE, "a", 1}, {0x1EAF, "a", 0}, {0x1EB0, "a", 1},
    {0x1EB1, "a", 0}, {0x1EB2, "a", 1}, {0x1EB3, "a", 0}, {0x1EB4, "a", 1},
    {0x1EB5, "a", 0}, {0x1EB6, "a", 1}, {0x1EB7, "a", 0}, {0x1EB8, "e", 1},
    {0x1EB9, "e", 0}, {0x1EBA, "e", 1}, {0x1EBB, "e", 0}, {0x1EBC, "e", 1},
    {0x1EBD, "e", 0}, {0x1EBE, "e", 1}, {0x1EBF, "e", 0}, {0x1EC0, "e", 1},
    {0x1EC1, "e", 0}, {0x1EC2, "e", 1}, {0x1EC3, "e", 0}, {0x1EC4, "e", 1},
    {0x1EC5, "e", 0}, {0x1EC6, "e", 1}, {0x1EC7, "e", 0}, {0x1EC8, "i", 1},
    {0x1EC9, "i", 0}, {0x1ECA, "i", 1}, {0x1ECB, "i", 0}, {0x1ECC, "o", 1},
    {0x1ECD, "o", 0}, {0x1ECE, "o", 1}, {0x1ECF, "o", 0}, {0x1ED0, "o", 1},
    {0x1ED1, "o", 0}, {0x1ED2, "o", 1}, {0x1ED3, "o", 0}, {0x1ED4, "o", 1},
    {0x1ED5, "o", 0}, {0x1ED6, "o", 1}, {0x1ED7, "o", 0}, {0x1ED8, "o", 1},
    {0x1ED9, "o", 0}, {0x1EDA, "o", 1}, {0x1EDB, "o", 0}, {0x1EDC, "o", 1},
    {0x1EDD, "o", 0}, {0x1EDE, "o", 1}, {0x1EDF, "o", 0}, {0x1EE0, "o", 1},
    {0x1EE1, "o", 0}, {0x1EE2, "o", 1}, {0x1EE3, "o", 0}, {0x1EE4, "u", 1},
    {0x1EE5, "u", 0}, {0x1EE6, "u", 1}, {0x1EE7, "u", 0}, {0x1EE8, "u", 1},
    {0x1EE9, "u", 0}, {0x1EEA, "u", 1}, {0x1EEB, "u", 0}, {0x1EEC, "u", 1},
    {0x1EED, "u", 0}, {0x1EEE, "u", 1}, {0x1EEF, "u", 0}, {0x1EF0, "u", 1},
    {0x1EF1, "u", 0}, {0x1EF2, "y", 1}, {0x1EF3, "y", 0}, {0x1EF4, "y", 1},
    {0x1EF5, "y", 0}, {0x1EF6, "y", 1}, {0x1EF7, "y", 0}, {0x1EF8, "y", 1},
    {0x1EF9, "y", 0},
};

static int fold_find(uint32_t cp)
{
    size_t lo = 0, hi = sizeof fold_tab / sizeof fold_tab[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fold_tab[mid].cp == cp)
            return (int)mid;
        if (fold_tab[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* A word of the text, as the matcher sees it. */
typedef struct {
    int32_t id;      /* gazetteer word id, -1 if no name has this word, -2
                        until looked up (see tok_id) */
    uint64_t hash;   /* hash of the folded word */
    uint8_t len;     /* bytes in fold; MAXTOK + 1 if the word is longer */
    char fold[MAXTOK];
    uint32_t sentence; /* sentences before it in the zone */
    uint8_t cls;     /* C_* */
    uint8_t sstart;  /* first word of a sentence or clause */
    uint8_t joined;  /* only name-internal separators since the last word */
    uint8_t mode;    /* M_* of its line */
    uint8_t nletters;/* capped at 255 */
    uint8_t abbrev;  /* one letter or a known abbreviation ("St", "Mr") */
} tok_t;

typedef struct {
    const nx_gazetteer_t *g;
    const char *s;
    size_t n, i;
    size_t line_end;  /* end of the current line (mode computed up to it) */
    int title;        /* the zone is a headline: title case is uninformative */
    uint8_t mode;
    uint32_t sentence;
    int started;      /* a word has been returned */
    int prev_abbrev;
} lexer_t;

/* Separator classes. */
enum { S_SPACE, S_NEWLINE, S_PERIOD, S_END, S_HYPHEN, S_APOS, S_CLAUSE, S_BREAK };

static int sep_class(uint32_t cp)
{
    switch (cp) {
    case ' ': case '\t': case '\r': case '\f': case '\v': case 0xA0:
        return S_SPACE;
    case '\n':
        return S_NEWLINE;
    case '.':
        return S_PERIOD;
    case '!': case '?':
        return S_END;
    case '-': case 0x2010: case 0x2011:
        return S_HYPHEN;
    case '\'': case 0x2019: case 0x2018: case 0x02BC: case 0x0060: case 0x00B4:
        return S_APOS;
    case '"': case '(': case '[': case ':': case ';': case 0x201C: case 0x201D:
    case 0x2013: case 0x2014: case 0x00AB: case 0x00BB:
        return S_CLAUSE;
    default:
        return S_BREAK;
    }
}

/* Is cp part of a word?  Sets *fold to its ASCII folding (or NULL to keep
 * its bytes) and *upper to 1/0 for cased Latin letters, -1 otherwise. */
static int word_char(uint32_t cp, const char **fold, int *upper)
{
    static const char digits[] = "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9";
    static const char lower[] = "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z";
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') {
            *fold = lower + 2 * (cp - 'a');
            *upper = 0;
            return 1;
        }
        if (cp >= 'A' && cp <= 'Z') {
            *fold = lower + 2 * (cp - 'A');
            *upper = 1;
            return 1;
        }
        if (cp >= '0' && cp <= '9') {
            *fold = digits + 2 * (cp - '0');
            *upper = -1;
            return 1;
        }
        return 0;
    }
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
        return 0;
    int k = fold_find(cp);
    if (k >= 0) {
        *fold = fold_tab[k].ascii;
        *upper = fold_tab[k].upper;
        return 1;
    }
    /* Punctuation, symbols and spaces of the other blocks. */
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
        cp == 0x02BC || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0x1F000)
        return 0;
    *fold = NULL;
    *upper = -1;
    return 1;
}

enum { A_NONE, A_LOWER, A_UPPER, A_DIGIT };
static const unsigned char ascii_class[128] = {
    ['0'] = A_DIGIT, ['1'] = A_DIGIT, ['2'] = A_DIGIT, ['3'] = A_DIGIT, ['4'] = A_DIGIT,
    ['5'] = A_DIGIT, ['6'] = A_DIGIT, ['7'] = A_DIGIT, ['8'] = A_DIGIT, ['9'] = A_DIGIT,
    ['a'] = A_LOWER, ['b'] = A_LOWER, ['c'] = A_LOWER, ['d'] = A_LOWER, ['e'] = A_LOWER,
    ['f'] = A_LOWER, ['g'] = A_LOWER, ['h'] = A_LOWER, ['i'] = A_LOWER, ['j'] = A_LOWER,
    ['k'] = A_LOWER, ['l'] = A_LOWER, ['m'] = A_LOWER, ['n'] = A_LOWER, ['o'] = A_LOWER,
    ['p'] = A_LOWER, ['q'] = A_LOWER, ['r'] = A_LOWER, ['s'] = A_LOWER, ['t'] = A_LOWER,
    ['u'] = A_LOWER, ['v'] = A_LOWER, ['w'] = A_LOWER, ['x'] = A_LOWER, ['y'] = A_LOWER,
    ['z'] = A_LOWER,
    ['A'] = A_UPPER, ['B'] = A_UPPER, ['C'] = A_UPPER, ['D'] = A_UPPER, ['E'] = A_UPPER,
    ['F'] = A_UPPER, ['G'] = A_UPPER, ['H'] = A_UPPER, ['I'] = A_UPPER, ['J'] = A_UPPER,
    ['K'] = A_UPPER, ['L'] = A_UPPER, ['M'] = A_UPPER, ['N'] = A_UPPER, ['O'] = A_UPPER,
    ['P'] = A_UPPER, ['Q'] = A_UPPER, ['R'] = A_UPPER, ['S'] = A_UPPER, ['T'] = A_UPPER,
    ['U'] = A_UPPER, ['V'] = A_UPPER, ['W'] = A_UPPER, ['X'] = A_UPPER, ['Y'] = A_UPPER,
    ['Z'] = A_UPPER,
};

/* The gazetteer id of a word, looked up on first use. */
static int32_t tok_id(const nx_gazetteer_t *g, tok_t *t)
{
    if (t->id == -2)
        t->id = word_find(g, t->fold, t->len, t->hash);
    return t->id;
}

/* Work out how informative capitalisation is on the line starting at i. */
static void line_mode(lexer_t *lx, size_t i)
{
    const char *nl = memchr(lx->s + i, '\n', lx->n - i);
    size_t end = nl ? (size_t)(nl - lx->s) : lx->n;
    size_t cnt[4] = {0}, words = 0, capwords = 0;
    lx->line_end = end;
    if (!lx->title) {
        for (size_t j = i; j < end; j++) {
            unsigned char c = (unsigned char)lx->s[j];
            cnt[c < 0x80 ? ascii_class[c] : A_NONE]++;
        }
    } else {
        int inword = 0, first = 0;
        size_t wlen = 0;
        for (size_t j = i; j <= end; j++) {
            unsigned char c = j < end ? (unsigned char)lx->s[j] : ' ';
            int cl = c < 0x80 ? ascii_class[c] : A_LOWER;
            cnt[cl]++;
            if (cl == A_LOWER || cl == A_UPPER) {
                if (!inword) {
                    inword = 1;
                    first = cl == A_UPPER;
                    wlen = 0;
                }
                wlen++;
            } else if (inword) {
                /* Title case leaves short words ("of", "the") alone. */
                inword = 0;
                if (wlen >= 4) {
                    words++;
                    capwords += (size_t)first;
                }
            }
        }
    }
    size_t up = cnt[A_UPPER], low = cnt[A_LOWER];
    if (up >= 4 && low * 5 < up)
        lx->mode = M_CAPS;
    else if (lx->title && words >= 2 && capwords * 4 >= words * 3)
        lx->mode = M_TITLE;
    else
        lx->mode = M_NORMAL;
}

static int is_abbrev(const char *f, size_t n)
{
    static const char *const ab[] = {
        "st", "mt", "ft", "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov",
        "col", "lt", "sgt", "capt", "jr", "sr", "no", "vs", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "prof", "rev", "adm", "maj", "messrs", "ste", "pres", "dept", "calif",
        "conn", "mass", "ill", "ind", "kan", "fla", "mich", "minn", "tex",
        "okla", "wash", "ariz", "colo", "tenn", "penn", "wis", "ore", "nev"
    };
    if (n > 6)
        return 0;
    for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
        if (ab[i][0] == f[0] && strlen(ab[i]) == n && memcmp(ab[i], f, n) == 0)
            return 1;
    return 0;
}

static void lexer_init(lexer_t *lx, const nx_gazetteer_t *g, const char *s, size_t n, int title)
{
    memset(lx, 0, sizeof *lx);
    lx->g = g;
    lx->s = s;
    lx->n = n;
    lx->title = title;
    line_mode(lx, 0);
}

/* The next word; 0 at the end of the text. */
static int lexer_next(lexer_t *lx, tok_t *t)
{
    int joined = 1, sstart = !lx->started, newlines = 0, hyphens = 0, space = 0, end = 0;
    while (lx->i < lx->n) {
        size_t len;
        unsigned char c = (unsigned char)lx->s[lx->i];
        uint32_t cp;
        if (c < 0x80) {
            if (ascii_class[c])
                break;
            cp = c;
            len = 1;
        } else {
            const char *f;
            int up;
            cp = nx_utf8_decode(lx->s + lx->i, lx->n - lx->i, &len);
            if (word_char(cp, &f, &up))
                break;
        }
        switch (sep_class(cp)) {
        case S_SPACE:
            space = 1;
            break;
        case S_NEWLINE:
            space = 1;
            if (++newlines >= 2)
                end = 1; /* a paragraph break */
            break;
        case S_PERIOD:
            /* "U.S." and "St. Louis" go on; other periods end a sentence. */
            if (!lx->prev_abbrev || space || hyphens)
                end = 1;
            break;
        case S_END:
            end = 1;
            break;
        case S_HYPHEN:
            hyphens++;
            break;
        case S_APOS:
            break;
        case S_CLAUSE:
            joined = 0;
            sstart = 1;
            break;
        default:
            joined = 0;
            break;
        }
        lx->i += len;
        if (cp == '\n' && lx->i < lx->n)
            line_mode(lx, lx->i);
    }
    if (hyphens && (space || hyphens > 1)) { /* a dash: " - ", "--" */
        joined = 0;
        sstart = 1;
    }
    if (end) {
        joined = 0;
        if (lx->started)
            lx->sentence++;
        sstart = 1;
    }
    if (lx->i >= lx->n)
        return 0;

    char *buf = t->fold;
    size_t blen = 0, nletters = 0;
    int first_up = -1, any_low = 0, any_up = 0, toolong = 0, digit_first = 0;
    uint64_t h = NX_FNV_OFFSET;
    while (lx->i < lx->n) {
        unsigned char c = (unsigned char)lx->s[lx->i];
        char one[1];
        const char *f;
        size_t add, len;
        int up;
        if (c < 0x80) {
            /* ASCII, the common case. */
            unsigned char cl = ascii_class[c];
            if (!cl)
                break;
            if (cl == A_DIGIT) {
                if (blen == 0)
                    digit_first = 1;
                up = -1;
            } else {
                up = cl == A_UPPER;
                c |= 0x20;
            }
            one[0] = (char)c;
            f = one;
            add = 1;
            len = 1;
        } else {
            uint32_t cp = nx_utf8_decode(lx->s + lx->i, lx->n - lx->i, &len);
            if (!word_char(cp, &f, &up))
                break;
            if (f)
                add = f[1] ? 2 : 1;
            else {
                f = lx->s + lx->i;
                add = len;
            }
        }
        if (up >= 0) {
            if (first_up < 0)
                first_up = up;
            any_up |= up;
            any_low |= !up;
        }
        if (nletters < 255)
            nletters++;
        if (blen + add > MAXTOK)
            toolong = 1;
        else {
            for (size_t k = 0; k < add; k++) {
                buf[blen++] = f[k];
                h = nx_fnv1a_step(h, (unsigned char)f[k]);
            }
        }
        lx->i += len;
    }
    if (digit_first)
        t->cls = C_NONE;
    else if (first_up < 0)
        t->cls = C_CAP; /* uncased scripts: no evidence either way */
    else if (!first_up)
        t->cls = C_LOWER;
    else
        t->cls = (any_up && !any_low) ? C_UPPER : C_CAP;
    t->len = (uint8_t)(toolong ? MAXTOK + 1 : blen);
    t->hash = h ^ (h >> 29);
    t->id = toolong ? -1 : -2;
    t->sentence = lx->sentence;
    t->sstart = (uint8_t)sstart;
    t->joined = (uint8_t)(joined && lx->started);
    t->mode = lx->mode;
    t->nletters = (uint8_t)nletters;
    /* Only a word before a period needs to know whether it abbreviates. */
    t->abbrev = (uint8_t)(nletters == 1 ||
                          (lx->i < lx->n && lx->s[lx->i] == '.' && !toolong && is_abbrev(buf, blen)));
    lx->prev_abbrev = t->abbrev;
    lx->started = 1;
    return 1;
}

/* ------------------------------------------------------------ loading */

static int kind_parse(const char *s, size_t n)
{
    for (int k = 0; k < NKINDS; k++)
        if (strncmp(kind_names[k], s, n) == 0 && kind_names[k][n] == '\0')
            return k;
    return -1;
}

/* FLAGS: "word", "person", "w=N", comma-separated. */
static int flags_parse(const char *s, size_t n, uint8_t *flags, float *weight)
{
    *flags = 0;
    *weight = 1.0f;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        size_t len = j - i;
        if (len == 4 && memcmp(s + i, "word", 4) == 0)
            *flags |= F_WORD;
        else if (len == 6 && memcmp(s + i, "person", 6) == 0)
            *flags |= F_PERSON;
        else if (len > 2 && s[i] == 'w' && s[i + 1] == '=') {
            char num[32];
            if (len - 2 >= sizeof num)
                return -1;
            memcpy(num, s + i + 2, len - 2);
            num[len - 2] = '\0';
            char *endp;
            errno = 0;
            double w = strtod(num, &endp);
            if (errno || *endp || !(w >= 0 && w <= 100))
                return -1;
            *weight = (float)w;
        } else if (len) {
            return -1;
        }
        i = j + 1;
    }
    return 0;
}

/* Add one record; *why is set to a reason on NX_E_PARSE. */
static nx_status_t add_record(nx_gazetteer_t *g, int code, int kind, const char *name,
                              size_t nlen, uint8_t flags, float weight, const char **why)
{
    if (kind == K_SUCCESSOR) {
        char c[3] = {0};
        int s = nlen == 2 ? (memcpy(c, name, 2), code_index(c)) : -1;
        if (s < 0 || code < 0) {
            *why = "a successor needs two codes";
            return NX_E_PARSE;
        }
        g->parent[s] = (uint16_t)code;
        return NX_OK;
    }
    if (kind == K_NAME && code >= 0 && !g->display[code]) {
        g->display[code] = nx_strndup(name, nlen);
        if (!g->display[code])
            return NX_E_NOMEM;
    }
    lexer_t lx;
    tok_t t;
    lexer_init(&lx, g, name, nlen, 0);
    uint32_t node = 0, casepat = 0;
    unsigned ntok = 0;
    while (lexer_next(&lx, &t)) {
        if (ntok && !t.joined) {
            *why = "punctuation between the words of a name";
            return NX_E_PARSE;
        }
        if (ntok >= MAXNAME) {
            *why = "too many words in a name";
            return NX_E_PARSE;
        }
        if (t.len > MAXTOK) {
            *why = "a word longer than 48 bytes";
            return NX_E_PARSE;
        }
        int32_t id;
        uint32_t child;
        if (word_intern(g, t.fold, t.len, t.hash, &id) != NX_OK ||
            edge_add(g, node, (uint32_t)id, &child) != NX_OK)
            return NX_E_NOMEM;
        node = child;
        /* Acronyms (US, UK) must be capitals in the text too; capitalised
         * words must be capitalised; lower-case words ("of") match any. */
        unsigned req = t.cls == C_UPPER ? REQ_UPPER : t.cls == C_CAP ? REQ_CAP : REQ_ANY;
        casepat |= req << (2 * ntok);
        ntok++;
    }
    if (!ntok) {
        *why = "an empty name";
        return NX_E_PARSE;
    }
    if (g->nentries == g->capentries) {
        size_t cap = g->capentries ? g->capentries * 2 : 8192;
        entry_t *e = realloc(g->entries, cap * sizeof *e);
        if (!e)
            return NX_E_NOMEM;
        g->entries = e;
        g->capentries = cap;
    }
    int32_t ei = (int32_t)g->nentries++;
    g->entries[ei] = (entry_t){
        .code = (uint16_t)(code < 0 ? NCODES : code), .kind = (uint8_t)kind,
        .flags = flags, .ntok = (uint8_t)ntok, .casepat = casepat,
        .weight = weight, .next = -1,
    };
    node_t *nd = &g->nodes[node];
    if (nd->tail >= 0)
        g->entries[nd->tail].next = ei;
    else
        nd->head = ei;
    nd->tail = ei;
    return NX_OK;
}

void nx_gazetteer_free(nx_gazetteer_t *g)
{
    if (!g)
        return;
    free(g->pool);
    free(g->words);
    free(g->wtab);
    free(g->ekeys);
    free(g->evals);
    free(g->nodes);
    free(g->entries);
    for (int i = 0; i < NCODES; i++)
        free(g->display[i]);
    free(g);
}

static nx_status_t parse_line(nx_gazetteer_t *g, const char *s, size_t n, const char **why)
{
    const char *f[5];
    size_t fl[5], nf = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\t') {
            if (nf == 5) {
                *why = "more than 4 fields";
                return NX_E_PARSE;
            }
            f[nf] = s + start;
            fl[nf++] = i - start;
            start = i + 1;
        }
    }
    if (nf < 3) {
        *why = "expected CODE<TAB>KIND<TAB>NAME[<TAB>FLAGS]";
        return NX_E_PARSE;
    }
    int code = -1;
    if (!(fl[0] == 1 && f[0][0] == '-')) {
        char c[3] = {0};
        if (fl[0] == 2) {
            memcpy(c, f[0], 2);
            code = code_index(c);
        }
        if (code < 0 || !(c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z')) {
            *why = "CODE is not two capital letters or \"-\"";
            return NX_E_PARSE;
        }
    }
    int kind = kind_parse(f[1], fl[1]);
    if (kind < 0) {
        *why = "unknown KIND";
        return NX_E_PARSE;
    }
    if ((code < 0) != (kind == K_STOP)) {
        *why = "CODE \"-\" goes with KIND stop and only with it";
        return NX_E_PARSE;
    }
    uint8_t flags = 0;
    float weight = 1.0f;
    if (nf == 4 && flags_parse(f[3], fl[3], &flags, &weight) != 0) {
        *why = "bad FLAGS (word, person, w=N)";
        return NX_E_PARSE;
    }
    if (!nx_utf8_valid(f[2], fl[2])) {
        *why = "NAME is not valid UTF-8";
        return NX_E_PARSE;
    }
    return add_record(g, code, kind, f[2], fl[2], flags, weight, why);
}

/* Size the tables for a file of size bytes (its records average over 20
 * bytes), so that loading rarely grows them. */
static nx_status_t presize(nx_gazetteer_t *g, size_t size)
{
    size_t lines = size / 20 + 256, words = lines + 1024, edges = lines / 2 + 1024;
    size_t wsize = 4096, esize = 4096;
    while (wsize < words * 2)
        wsize *= 2;
    while (esize < edges * 2)
        esize *= 2;
    g->wtab = calloc(wsize, sizeof *g->wtab);
    g->ekeys = calloc(esize, sizeof *g->ekeys);
    g->evals = malloc(esize * sizeof *g->evals);
    g->words = malloc(words * sizeof *g->words);
    g->nodes = malloc((words + edges) * sizeof *g->nodes);
    g->entries = malloc(lines * sizeof *g->entries);
    g->pool = malloc(size / 2 + 4096);
    if (!g->wtab || !g->ekeys || !g->evals || !g->words || !g->nodes || !g->entries || !g->pool)
        return NX_E_NOMEM;
    g->wtabsize = wsize;
    g->etabsize = esize;
    g->capwords = words;
    g->capnodes = words + edges;
    g->capentries = lines;
    g->cappool = size / 2 + 4096;
    return NX_OK;
}

/* Longest line of a gazetteer file. */
#define MAXLINE 4096

nx_status_t nx_gazetteer_load(const char *path, nx_gazetteer_t **out, nx_error_t *err)
{
    *out = NULL;
    nx_error_clear(err);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nx_error_set(err, NX_E_IO, "%s: %s", path, strerror(errno));
    long size = 0;
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0)
        size = 0;
    if ((unsigned long)size > MAXFILE) {
        fclose(fp);
        return nx_error_set(err, NX_E_PARSE, "%s: larger than %u bytes", path, MAXFILE);
    }

    nx_gazetteer_t *g = calloc(1, sizeof *g);
    char *buf = malloc(MAXLINE);
    uint32_t root;
    if (!g || !buf || presize(g, (size_t)size) != NX_OK || node_new(g, &root) != NX_OK) {
        fclose(fp);
        free(buf);
        nx_gazetteer_free(g);
        return nx_error_set(err, NX_E_NOMEM, "%s: out of memory", path);
    }
    for (int i = 0; i < NCODES; i++)
        g->parent[i] = NCODES;

    /* Read line by line through a small buffer: the file is not kept. */
    size_t lineno = 0, total = 0;
    nx_status_t st = NX_OK;
    const char *why = NULL;
    while (st == NX_OK && fgets(buf, MAXLINE, fp)) {
        size_t len = strlen(buf);
        lineno++;
        total += len;
        if (len == MAXLINE - 1 && buf[len - 1] != '\n' && !feof(fp)) {
            st = NX_E_PARSE;
            why = "line too long";
            break;
        }
        if (total > MAXFILE) {
            st = NX_E_PARSE;
            why = "file too large";
            break;
        }
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            len--;
        if (len && buf[0] != '#')
            st = parse_line(g, buf, len, &why);
    }
    if (st == NX_OK && ferror(fp)) {
        fclose(fp);
        free(buf);
        nx_gazetteer_free(g);
        return nx_error_set(err, NX_E_IO, "%s: read error", path);
    }
    fclose(fp);
    free(buf);
    if (st != NX_OK) {
        nx_gazetteer_free(g);
        if (st == NX_E_NOMEM)
            return nx_error_set(err, st, "%s: out of memory", path);
        return nx_error_set(err, st, "%s:%zu: %s", path, lineno, why ? why : "bad line");
    }
    if (g->nentries == 0) {
        nx_gazetteer_free(g);
        return nx_error_set(err, NX_E_PARSE, "%s: no names", path);
    }
    load_params(g);
    *out = g;
    return NX_OK;
}

const char *nx_country_name(const nx_gazetteer_t *g, const char *code)
{
    if (!g || !code || !code[0] || !code[1] || code[2])
        return NULL;
    int c = code_index(code);
    return c < 0 ? NULL : g->display[c];
}

static void code_out(int c, char out[3])
{
    out[0] = (char)('a' + c / 26);
    out[1] = (char)('a' + c % 26);
    out[2] = '\0';
}

int nx_country_lookup(const nx_gazetteer_t *g, const char *name, char code[3])
{
    if (code)
        code[0] = '\0';
    if (!g || !name || !code)
        return 0;
    size_t n = strnlen(name, 1024);
    lexer_t lx;
    tok_t t;
    lexer_init(&lx, g, name, n, 0);
    uint32_t node = 0;
    unsigned ntok = 0;
    while (lexer_next(&lx, &t)) {
        if (tok_id(g, &t) < 0 || ntok >= MAXNAME || !(node = edge_find(g, node, (uint32_t)t.id)))
            goto code;
        ntok++;
    }
    if (ntok) {
        for (int32_t e = g->nodes[node].head; e >= 0; e = g->entries[e].next) {
            const entry_t *en = &g->entries[e];
            if (en->kind <= K_DEMONYM && en->code < NCODES) {
                code_out(en->code, code);
                return 1;
            }
        }
    }
code:
    if (n == 2) {
        int c = code_index(name);
        if (c >= 0 && g->display[c]) {
            code_out(c, code);
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ extraction */

typedef struct {
    uint16_t cand[MAXCAND]; /* candidate codes, default first */
    uint8_t kind[MAXCAND];
    float w[MAXCAND];
    uint8_t ncand, zone, weak, pick;
    uint32_t node; /* the trie node of the name */
} mention_t;

/* Names seen as part of a person's name, per article. */
#define MAXPERSONS 16

typedef struct {
    const nx_gazetteer_t *g;
    mention_t *m;
    size_t n;
    uint32_t person[MAXPERSONS];
    size_t nperson;
} scan_t;

static int hash_in(uint64_t h, const uint64_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == h)
            return 1;
    return 0;
}

static int case_ok(const entry_t *e, const tok_t *w, int zone)
{
    if (zone == Z_DATELINE)
        return 1;
    for (unsigned k = 0; k < e->ntok; k++) {
        unsigned req = (e->casepat >> (2 * k)) & 3;
        uint8_t cls = w[k].cls;
        if (req == REQ_UPPER && cls != C_UPPER)
            return 0;
        /* A short all-capitals word in ordinary text is an acronym ("NIS"),
         * not a name in capitals. */
        if (req == REQ_CAP && cls != C_CAP &&
            !(cls == C_UPPER && (w[k].mode != M_NORMAL || w[k].nletters >= 4)))
            return 0;
    }
    return 1;
}

/* Is the word itself a one-word place name ("Soviet" in "Soviet Georgia")? */
static int is_place_word(const nx_gazetteer_t *g, const tok_t *t)
{
    int32_t id = t->id == -2 ? word_find(g, t->fold, t->len, t->hash) : t->id;
    if (id < 0)
        return 0;
    uint32_t node = edge_find(g, 0, (uint32_t)id);
    for (int32_t e = node ? g->nodes[node].head : -1; e >= 0; e = g->entries[e].next)
        if (g->entries[e].kind != K_STOP && g->entries[e].kind != K_TOWN)
            return 1;
    return 0;
}

/* Record the names ending at node that the words w[0..len) spell. */
static void emit(scan_t *sc, uint32_t node, const tok_t *w, unsigned len, const tok_t *prev,
                 const tok_t *next, int zone)
{
    const nx_gazetteer_t *g = sc->g;
    if (sc->n >= MAXMENTIONS)
        return;
    /* Capitalisation says nothing on a title-case or all-capitals line, so
     * a name that is also a word ("Turkey Prices Soar") is weak there.  At a
     * sentence start news text means the country ("Turkey said"). */
    int weak_pos = zone != Z_DATELINE && w[0].mode != M_NORMAL;
    /* "Michael Jordan", "Chad Hurley": a capitalised word next to a name
     * that is also a person's name makes it a person. */
    int person = 0;
    if (zone != Z_DATELINE && w[0].mode == M_NORMAL) {
        if (prev && w[0].joined && !w[0].sstart && prev->cls == C_CAP &&
            !hash_in(prev->hash, g->prev_ok, g->nprev_ok) && !is_place_word(g, prev))
            person = 1;
        if (next && next->joined && next->cls == C_CAP &&
            !hash_in(next->hash, g->next_ok, g->nnext_ok) && !is_place_word(g, next))
            person = 1;
    }
    mention_t m;
    memset(&m, 0, sizeof m);
    m.zone = (uint8_t)zone;
    m.node = node;
    for (int32_t e = g->nodes[node].head; e >= 0; e = g->entries[e].next) {
        const entry_t *en = &g->entries[e];
        if (en->ntok != len || !case_ok(en, w, zone))
            continue;
        if (en->kind == K_STOP) {
            /* "Michael Jordan" as a stop phrase: a later "Jordan" is him. */
            uint32_t last = len > 1 && w[len - 1].id >= 0 ? edge_find(g, 0, (uint32_t)w[len - 1].id) : 0;
            for (int32_t f = last ? g->nodes[last].head : -1; f >= 0; f = g->entries[f].next)
                if ((g->entries[f].flags & F_PERSON) && sc->nperson < MAXPERSONS) {
                    sc->person[sc->nperson++] = last;
                    break;
                }
            return;
        }
        if (en->kind == K_TOWN && zone != Z_DATELINE)
            continue;
        if ((en->flags & F_PERSON) && person) {
            /* Once "Michael Jordan" is seen, a later "Jordan" is him too. */
            if (sc->nperson < MAXPERSONS)
                sc->person[sc->nperson++] = node;
            continue;
        }
        if ((en->flags & F_WORD) && weak_pos)
            m.weak = 1;
        int dup = 0;
        for (unsigned c = 0; c < m.ncand; c++)
            dup |= m.cand[c] == en->code;
        if (dup || m.ncand == MAXCAND)
            continue;
        m.cand[m.ncand] = en->code;
        m.kind[m.ncand] = en->kind;
        m.w[m.ncand] = en->weight;
        m.ncand++;
    }
    if (m.ncand) {
        sc->m[sc->n++] = m;
    }
}

/* Does any record on node match the words w[0..len)? */
static int node_matches(const nx_gazetteer_t *g, uint32_t node, const tok_t *w, unsigned len,
                        int zone)
{
    for (int32_t e = g->nodes[node].head; e >= 0; e = g->entries[e].next)
        if (g->entries[e].ntok == len && case_ok(&g->entries[e], w, zone))
            return 1;
    return 0;
}

/* Find the names in s[0..n).  zone is Z_DATELINE, Z_TITLE or Z_LEAD (the
 * text: its first two sentences are the lead, the rest the body). */
static void scan_zone(scan_t *sc, const char *s, size_t n, int zone)
{
    const nx_gazetteer_t *g = sc->g;
    if (!s)
        return;
    if (n > MAXSCAN)
        n = MAXSCAN;
    lexer_t lx;
    lexer_init(&lx, g, s, n, zone == Z_TITLE);
    tok_t win[MAXNAME + 1], prev;
    size_t wn = 0;
    int eof = 0, have_prev = 0;
    for (;;) {
        while (wn < 1 && !eof) {
            if (lexer_next(&lx, &win[wn]))
                wn++;
            else
                eof = 1;
        }
        if (!wn)
            break;
        int z = zone;
        if (zone == Z_LEAD && win[0].sentence >= 2)
            z = Z_BODY;
        if (z == Z_BODY && sc->n >= MAXMENTIONS)
            break;
        /* A dateline's place ends at the date: "GREENWICH, Conn., March 2". */
        if (z == Z_DATELINE &&
            (win[0].cls == C_NONE || hash_in(win[0].hash, g->dates, g->ndates)))
            break;
        unsigned best = 0;
        uint32_t best_node = 0, node = 0;
        if ((win[0].cls == C_CAP || win[0].cls == C_UPPER || z == Z_DATELINE) &&
            tok_id(g, &win[0]) >= 0) {
            for (unsigned k = 0; k < MAXNAME; k++) {
                while (wn <= k && !eof) {
                    if (lexer_next(&lx, &win[wn]))
                        wn++;
                    else
                        eof = 1;
                }
                if (k >= wn || (k && !win[k].joined) || tok_id(g, &win[k]) < 0)
                    break;
                node = edge_find(g, node, (uint32_t)win[k].id);
                if (!node)
                    break;
                if (g->nodes[node].head >= 0 && node_matches(g, node, win, k + 1, z)) {
                    best = k + 1;
                    best_node = node;
                }
            }
        }
        unsigned step = 1;
        if (best) {
            while (wn <= best && !eof) {
                if (lexer_next(&lx, &win[wn]))
                    wn++;
                else
                    eof = 1;
            }
            emit(sc, best_node, win, best, have_prev ? &prev : NULL,
                 wn > best ? &win[best] : NULL, z);
            step = best;
        }
        prev = win[step - 1];
        have_prev = 1;
        memmove(win, win + step, (wn - step) * sizeof win[0]);
        wn -= step;
    }
}

static int cmp_score(const void *a, const void *b)
{
    const float *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? 1 : -1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

nx_status_t nx_countries_extract(const nx_gazetteer_t *g, const nx_country_input_t *in,
                                 char (*codes)[3], size_t max, size_t *count)
{
    *count = 0;
    if (!g || !in || !codes || !max)
        return NX_OK;
    mention_t *ms = malloc(MAXMENTIONS * sizeof *ms);
    if (!ms)
        return NX_E_NOMEM;
    scan_t sc = {.g = g, .m = ms};

    const char *text = in->text;
    size_t tn = text ? strlen(text) : 0, place = 0, skip = 0;
    /* The text's opening dateline: its place (with region and day, where
     * the dateline zone's scan stops at the date) is that zone, the lead
     * begins after its dash. An agency alone ("(Reuters) -") is lead. */
    nx_dateline_t opening;
    if (text && nx_dateline_find(text, tn, &opening) && opening.place_len) {
        place = opening.head_len;
        skip = opening.len;
    }
    if (in->dateline)
        scan_zone(&sc, in->dateline, strlen(in->dateline), Z_DATELINE);
    if (place)
        scan_zone(&sc, text, place, Z_DATELINE);
    if (in->title)
        scan_zone(&sc, in->title, strlen(in->title), Z_TITLE);
    if (text)
        scan_zone(&sc, text + skip, tn - skip, Z_LEAD);

    /* Drop the mentions of names that the article uses for a person. */
    if (sc.nperson) {
        size_t k = 0;
        for (size_t i = 0; i < sc.n; i++) {
            int drop = 0;
            for (size_t j = 0; j < sc.nperson && !drop; j++)
                drop = ms[i].node == sc.person[j] && ms[i].zone != Z_DATELINE;
            if (!drop)
                ms[k++] = ms[i];
        }
        sc.n = k;
    }

    const struct params *p = &g->p;
    static const size_t NC = NCODES + 1;
    float ev[NCODES + 1] = {0}, expl[NCODES + 1] = {0};
    /* Evidence from mentions with one reading settles the shared names. */
    for (size_t i = 0; i < sc.n; i++) {
        mention_t *m = &ms[i];
        if (m->ncand == 1 && !m->weak)
            ev[m->cand[0]] += (float)(p->zw[m->zone] * p->kw[m->kind[0]] * m->w[0]);
    }
    for (size_t i = 0; i < sc.n; i++) {
        mention_t *m = &ms[i];
        m->pick = 0;
        for (unsigned c = 1; c < m->ncand; c++)
            if (ev[m->cand[c]] > ev[m->cand[m->pick]])
                m->pick = (uint8_t)c;
        if (m->kind[m->pick] <= K_DEMONYM && !m->weak)
            expl[m->cand[m->pick]] += (float)(p->zw[m->zone] * m->w[m->pick]);
    }
    /* Moscow is the Soviet Union's when the story names the Soviet Union at
     * least as much as Russia. */
    for (size_t i = 0; i < sc.n; i++) {
        mention_t *m = &ms[i];
        uint16_t c = m->cand[m->pick], par = c < NCODES ? g->parent[c] : NCODES;
        if (par < NCODES && expl[par] > 0 && expl[par] >= expl[c])
            m->cand[m->pick] = par;
    }

    float title[NCODES + 1] = {0}, lead[NCODES + 1] = {0}, body[NCODES + 1] = {0};
    unsigned char strong[NCODES + 1] = {0};
    int dl = -1;
    for (size_t i = 0; i < sc.n; i++) {
        const mention_t *m = &ms[i];
        uint16_t c = m->cand[m->pick];
        float w = (float)(p->kw[m->kind[m->pick]] * m->w[m->pick]);
        strong[c] |= !m->weak;
        switch (m->zone) {
        case Z_DATELINE:
            dl = c;
            break;
        case Z_TITLE:
            if (w > title[c])
                title[c] = w;
            break;
        case Z_LEAD:
            lead[c] += w;
            break;
        default:
            body[c] += w;
            break;
        }
    }
    free(ms);

    float cand[NCODES][2];
    size_t nc = 0;
    float best = 0;
    for (size_t c = 0; c < NC - 1; c++) {
        if (!strong[c] && (int)c != dl)
            continue;
        double s = p->zw[Z_TITLE] * title[c] +
                   p->zw[Z_LEAD] * (lead[c] < p->lead_cap ? lead[c] : p->lead_cap) +
                   p->zw[Z_BODY] * pow(body[c], p->body_pow);
        if ((int)c == dl)
            s += p->zw[Z_DATELINE];
        if (s <= 0)
            continue;
        cand[nc][0] = (float)s;
        cand[nc][1] = (float)c;
        if (s > best)
            best = (float)s;
        nc++;
    }
    qsort(cand, nc, sizeof cand[0], cmp_score);
    size_t out = 0;
    for (size_t i = 0; i < nc && out < max; i++) {
        if (cand[i][0] < p->min_score || cand[i][0] < p->rel_score * best)
            break;
        code_out((int)cand[i][1], codes[out++]);
    }
    *count = out;
    return NX_OK;
}
