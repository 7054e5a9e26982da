/* dateline.c - the dateline that opens a news story (see dateline.h). */
#include "newsindex/dateline.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "newsindex/date.h"
#include "newsindex/text.h"

/* "April 7", "Apr. 7", "Feb 26": length consumed, or 0. */
static size_t month_day(const char *s, size_t n)
{
    size_t j = 0;
    while (j < n && isalpha((unsigned char)s[j]))
        j++;
    if (!nx_month_of(s, j))
        return 0;
    if (j < n && s[j] == '.')
        j++;
    if (j >= n || s[j] != ' ')
        return 0;
    j++;
    size_t d = j;
    while (j < n && j < d + 2 && isdigit((unsigned char)s[j]))
        j++;
    if (j == d || (j < n && isalnum((unsigned char)s[j])))
        return 0;
    return j;
}

/* A letter of any case, ASCII or Latin (U+00C0..U+024F) in UTF-8: its
 * length, or 0. */
static size_t any_letter(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (isalpha(c))
        return 1;
    if (c >= 0x80) {
        size_t len;
        uint32_t cp = nx_utf8_decode(s, n, &len);
        if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x250)
            return len;
    }
    return 0;
}

static size_t letter_at(const char *s, size_t n, int mixed)
{
    return mixed ? any_letter(s, n) : nx_utf8_upper_len(s, n);
}

/* A dash ending a dateline: " - ", "--", an en or em dash; returns its
 * length. A lone hyphen needs a space on both sides ("M-1" is no dash). */
static size_t dash_at(const char *s, size_t n, int space_before)
{
    if (n >= 2 && s[0] == '-' && s[1] == '-')
        return 2;
    if (n >= 1 && s[0] == '-' && space_before && (n == 1 || s[1] == ' '))
        return 1;
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94 ||
         (unsigned char)s[2] == 0x95))
        return 3;
    return 0;
}

/* A place: words of letters, upper case unless mixed case is allowed, with
 * . ' - and single spaces inside. Returns its length. */
static size_t place_at(const char *s, size_t n, int mixed, size_t *letters)
{
    size_t i = 0, last_good = 0;
    *letters = 0;
    while (i < n && i < 60) {
        size_t w = letter_at(s + i, n - i, mixed);
        if (w) {
            i += w;
            (*letters)++;
            last_good = i;
            continue;
        }
        if (s[i] == '.' || s[i] == '\'') {
            i++;
            last_good = i;
            continue;
        }
        if ((s[i] == ' ' || s[i] == '-') && i + 1 < n && letter_at(s + i + 1, n - i - 1, mixed)) {
            i++;
            continue;
        }
        break;
    }
    return last_good;
}

int nx_dateline_find(const char *s, size_t n, nx_dateline_t *out)
{
    memset(out, 0, sizeof *out);
    if (n > 240)
        n = 240;
    size_t i = 0, letters = 0;
    int have_date = 0;
    /* "(Reuters) - " alone. */
    if (n > 0 && s[0] != '(') {
        size_t pl = place_at(s, n, 0, &letters);
        int mixed = 0;
        if (letters < 2 || (pl < n && isalpha((unsigned char)s[pl]))) {
            /* Mixed-case places ("Islamabad (AFP) -") need the source. */
            pl = place_at(s, n, 1, &letters);
            mixed = 1;
            if (letters < 2 || !isupper((unsigned char)s[0]))
                return 0;
        }
        out->place = s;
        out->place_len = pl; /* the place stays the first part */
        i = pl;
        /* Up to two ", part" segments: a region ("D.C.", "Calif.") or the
         * day ("April 7"). */
        for (int k = 0; k < 2 && i + 2 < n && s[i] == ',' && s[i + 1] == ' '; k++) {
            size_t md = month_day(s + i + 2, n - i - 2);
            if (md) {
                i += 2 + md;
                have_date = 1;
                break;
            }
            size_t rletters;
            size_t rl = place_at(s + i + 2, n - i - 2, 1, &rletters);
            if (!rl || rl > 25 || !isupper((unsigned char)s[i + 2]))
                break;
            size_t after = i + 2 + rl;
            /* A region is followed by more dateline, not by prose. */
            if (after < n && s[after] != ',' && s[after] != ' ')
                break;
            i = after;
        }
        if (mixed && !(i + 1 < n && s[i] == ' ' && s[i + 1] == '('))
            goto none;
        out->head_len = i;
    }
    size_t j = i;
    while (j < n && s[j] == ' ')
        j++;
    if (j < n && s[j] == '(') {
        size_t k = j + 1;
        while (k < n && k < j + 42 && s[k] != ')' && s[k] != '(')
            k++;
        if (k < n && s[k] == ')' && k > j + 1 && isupper((unsigned char)s[j + 1])) {
            out->src = s + j + 1;
            out->src_len = k - j - 1;
            j = k + 1;
        }
    }
    if (!out->place_len && !out->src_len)
        goto none;
    size_t m = j;
    while (m < n && s[m] == ' ')
        m++;
    /* A colon after an upper-case place ("LONDON:") is not enough. */
    size_t d = dash_at(s + m, n - m, m > j || (j > 0 && s[j - 1] == ' '));
    if (!d)
        goto none;
    m += d;
    if (m < n && s[m] != ' ' && !isalnum((unsigned char)s[m]) && (unsigned char)s[m] < 0x80 &&
        s[m] != '"')
        goto none;
    while (m < n && s[m] == ' ')
        m++;
    /* Without a source or a date, a bare upper-case word and a dash must
     * look like a place, not an acronym in a sentence. */
    if (!out->src_len && !have_date && letters < 3)
        goto none;
    out->len = m;
    return 1;
none:
    memset(out, 0, sizeof *out);
    return 0;
}
