#!/bin/sh
# A fixed query set from the titles of a newsindex index, made the way the
# peers harness's make-queries.py makes its set from a truth.tsv:
#   bench/make-queries.sh DB [OUT]       (default OUT: standard output)
#
# Writes 200 lines "qid<TAB>kind<TAB>words" (the peers' queries.tsv format,
# read by query-bench, compare.sh and the peers' runners):
#   q000-q099  two:   two distinct content words of one random title, in
#                     title order
#   q100-q149  one:   50 single words at log-spaced ranks of title document
#                     frequency (rank round(exp(i ln(n) / 49)) - 1, i = 0..49,
#                     n = distinct title words; next free rank on a repeat)
#   q150-q199  three: three distinct content words of one random title
# Content words: a title split on blanks, ".,;:!?\"'()[]<>" stripped from
# both ends, lower-cased, only letters, at least 3 of them, not a stop word
# of any peer (make-queries.py's list). Repeated queries are drawn again.
#
# Deterministic: the titles are taken in path order (byte order), and the
# random draws come from a Park-Miller generator (16807, 2^31 - 1, seed
# 20240601) written in awk rather than awk's own srand/rand, whose sequence
# differs between mawk and gawk. Copies made by make-corpus --copies K
# (files named "...-IDcK.html") are left out, so an xK archive gives the
# same set as its x1 original. Python's generator is not reproduced, so the
# set is not the one make-queries.py makes; it is made the same way.
#
# Environment: NEWSSEARCH (default build/newssearch of this repository).
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,25p' "$0" >&2; exit 2; }
DB=$1
OUTF=${2:--}
top=$(cd "$(dirname "$0")/.." && pwd)
NS=${NEWSSEARCH:-$top/build/newssearch}
export NX_DATA_DIR="${NX_DATA_DIR:-$top/data}"
[ -x "$NS" ] || { echo "make-queries.sh: $NS: not an executable (build it, or set NEWSSEARCH)" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/nx-mkq.XXXXXX")
trap 'rm -rf "$T"' EXIT
LC_ALL=C
export LC_ALL

# 1. path <TAB> title, in path order; make-corpus's copies dropped (all kept
#    if that would leave nothing).
"$NS" --db "$DB" --all --format tsv > "$T/export.tsv" || {
    echo "make-queries.sh: $NS --db $DB --all --format tsv failed" >&2; exit 2; }
awk -F'\t' 'NR > 1 { print $7 "\t" $5 }' "$T/export.tsv" | sort > "$T/titles"
awk -F'\t' '$1 !~ /-[0-9]+c[0-9]+\.[A-Za-z]+$/' "$T/titles" > "$T/orig"
[ -s "$T/orig" ] || cp "$T/titles" "$T/orig"
[ -s "$T/orig" ] || { echo "make-queries.sh: $DB: no documents" >&2; exit 2; }

# 2. Each title's distinct content words, in title order (one line a title).
awk -F'\t' '
BEGIN {
    n = split("a an and are as at be but by for if in into is it no not of on or " \
              "such that the their then there these they this to was will with from vs has " \
              "have had its said says", s, " ")
    for (i = 1; i <= n; i++) stop[s[i]] = 1
}
{
    n = split($2, w, /[ \t]+/); out = ""; split("", seen)
    for (i = 1; i <= n; i++) {
        x = w[i]
        while (x != "" && index(".,;:!?\"\047()[]<>", substr(x, 1, 1))) x = substr(x, 2)
        while (x != "" && index(".,;:!?\"\047()[]<>", substr(x, length(x), 1))) x = substr(x, 1, length(x) - 1)
        if (length(x) < 3 || x !~ /^[A-Za-z]+$/) continue
        x = tolower(x)
        if ((x in stop) || (x in seen)) continue
        seen[x] = 1
        out = out == "" ? x : out " " x
    }
    print out
}' "$T/orig" > "$T/words"

# 3. Title document frequency, ranked by (-df, word).
awk '{ for (i = 1; i <= NF; i++) df[$i]++ } END { for (x in df) print df[x] "\t" x }' "$T/words" |
    sort -t "$(printf '\t')" -k1,1nr -k2,2 > "$T/vocab"

# 4. The queries.
awk -F'\t' '
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function pick(n) { return int(rnd() * n) + 1 }        # 1..n
# k distinct positions of 1..m, in increasing order, into out[1..k]
function sample(m, k, out,   i, j, t, a) {
    for (i = 1; i <= m; i++) a[i] = i
    for (i = 1; i <= k; i++) { j = i + int(rnd() * (m - i + 1)); t = a[i]; a[i] = a[j]; a[j] = t }
    for (i = 1; i <= k; i++) out[i] = a[i]
    for (i = 1; i < k; i++) for (j = i + 1; j <= k; j++)
        if (out[j] < out[i]) { t = out[i]; out[i] = out[j]; out[j] = t }
}
# a query of k words of a random title with >= k content words; "" if none
function draw(k,   list, nl, t, w, nw, o, i, q, tries) {
    nl = k == 2 ? n2 : n3
    if (!nl) return ""
    for (tries = 0; tries < 100000; tries++) {
        t = k == 2 ? l2[pick(nl)] : l3[pick(nl)]
        nw = split(words[t], w, " ")
        sample(nw, k, o)
        q = w[o[1]]
        for (i = 2; i <= k; i++) q = q " " w[o[i]]
        if (!(q in seen)) { seen[q] = 1; return q }
    }
    return ""
}
FNR == NR { nt++; words[nt] = $0; c = split($0, tmp, " ")
            if (c >= 2) l2[++n2] = nt
            if (c >= 3) l3[++n3] = nt
            next }
{ nv++; vocab[nv] = $2 }
END {
    seed = 20240601
    for (i = 1; i <= 100; i++) { q = draw(2); if (q == "") break; nq++; kind[nq] = "two"; text[nq] = q }
    for (i = 0; i < 50 && nv > 0; i++) {
        r = int(exp(i * log(nv) / 49) + 0.5)          # 1-based rank
        if (r < 1) r = 1; if (r > nv) r = nv
        while ((vocab[r] in picked) && r < nv) r++
        if (vocab[r] in picked) break
        picked[vocab[r]] = 1; nq++; kind[nq] = "one"; text[nq] = vocab[r]
    }
    for (i = 1; i <= 50; i++) { q = draw(3); if (q == "") break; nq++; kind[nq] = "three"; text[nq] = q }
    for (i = 1; i <= nq; i++) printf "q%03d\t%s\t%s\n", i - 1, kind[i], text[i]
}' "$T/words" "$T/vocab" > "$T/queries.tsv"

n=$(wc -l < "$T/queries.tsv")
[ "$n" -eq 200 ] || echo "make-queries.sh: only $n queries (a small index)" >&2
if [ "$OUTF" = - ]; then cat "$T/queries.tsv"; else cp "$T/queries.tsv" "$OUTF"; fi
