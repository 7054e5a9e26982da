#!/bin/sh
# knownitem.sh DB KNOWNITEM.tsv [NEWSSEARCH-OPTION]... - known-item MRR@10
# of newssearch, scored as ../shared/peers/report.py scores the peers: for
# each query (qid TAB target-id TAB words, from make-queries.py), the rank
# of the first of the top 10 hits whose file name ends in -ID.html (a copy,
# -IDcN.html, does not count), 1/rank or 0; the mean over the queries. Both
# modes: every word required (newssearch's default) and --any. Extra
# options go to every search (e.g. a setting to try). NS names the
# program (default build/newssearch).
#
#   python3 ../shared/peers/make-queries.py TRUTH.tsv Q
#   sh bench/knownitem.sh INDEX Q/knownitem.tsv
set -eu
if [ $# -lt 2 ]; then
    echo "usage: knownitem.sh DB KNOWNITEM.tsv [NEWSSEARCH-OPTION]..." >&2
    exit 2
fi
db=$1 items=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
NS=${NS:-$top/build/newssearch}
export NX_DATA_DIR="${NX_DATA_DIR:-$top/data}"
for mode in and any; do
    set -- "$@"
    opt=
    [ "$mode" = any ] && opt=--any
    while IFS='	' read -r qid aid words; do
        # shellcheck disable=SC2086
        ranks=$("$NS" --db "$db" --format paths -n 10 $opt "$@" -- $words 2>/dev/null |
            awk -v id="$aid" '{ if (match($0, /-[0-9]+(c[0-9]+)?\.html$/)) { s = substr($0, RSTART + 1, RLENGTH - 6); if (s == id) { print NR; exit } } }')
        printf '%s\t%s\n' "$qid" "${ranks:-0}"
    done <"$items" | awk -v mode="$mode" '
        { n++; if ($2 > 0) { rr += 1 / $2; found++ } }
        END { printf "%s: known-item MRR@10 %.3f, found in top 10 %d/%d\n", mode, rr / n, found, n }'
done
