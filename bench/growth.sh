#!/bin/sh
# growth.sh DIR [COPIES...] - the cost of a full build per article as the
# archive grows (issue 17.5): for each K (default 1 10 30), the archive
# DIR/xK (make-corpus --format html --copies K, made when missing, its
# truth.tsv moved out to DIR/xK.truth.tsv) is indexed from nothing REPEAT
# times (default 3) with newsindex -j2 into DIR/xK.db, the page cache warm
# (the archive read once before), under /usr/bin/time; medians of wall,
# CPU (user + system) and peak RSS, then microseconds of wall and of CPU
# per article and each against the smallest K's (1.00: flat). One
# markdown table.
#   MAKE_CORPUS=PROG makes the archives that are missing (the workplace's
#   make-corpus; without it a missing archive is an error);
#   NEWSINDEX (default build/newsindex); JOBS (default 2).
set -eu
if [ $# -lt 1 ]; then
    echo "usage: growth.sh DIR [COPIES...]" >&2
    exit 2
fi
dir=$1
shift
[ $# -gt 0 ] || set -- 1 10 30
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
MC=${MAKE_CORPUS:-}
REPEAT=${REPEAT:-3}
JOBS=${JOBS:-2}
export NX_DATA_DIR="${NX_DATA_DIR:-$top/data}"
[ -x /usr/bin/time ] || { echo "growth.sh: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$dir"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "| copies | articles | wall s | CPU s | peak RSS MB | index MB | wall us/article | CPU us/article | wall vs first | CPU vs first |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
base_w="" base_c=""
for k in "$@"; do
    a="$dir/x$k"
    if [ ! -d "$a" ]; then
        [ -n "$MC" ] || { echo "growth.sh: $a is missing: set MAKE_CORPUS to make it" >&2; exit 2; }
        "$MC" --out "$a" --format html --copies "$k" >/dev/null 2>&1
        mv "$a/truth.tsv" "$a.truth.tsv"
    fi
    n=$(find "$a/" -type f | wc -l)
    : >"$dir/x$k.times"
    r=0
    while [ "$r" -lt "$REPEAT" ]; do
        rm -rf "$dir/x$k.db"
        find "$a/" -type f -exec cat {} + >/dev/null
        /usr/bin/time -f '%e %U %S %M' -o "$dir/x$k.t" "$NI" -q -j"$JOBS" --db "$dir/x$k.db" "$a"
        tail -n 1 "$dir/x$k.t" >>"$dir/x$k.times"
        r=$((r + 1))
    done
    w=$(awk '{ print $1 }' "$dir/x$k.times" | median)
    c=$(awk '{ print $2 + $3 }' "$dir/x$k.times" | median)
    m=$(awk '{ print $4 }' "$dir/x$k.times" | median)
    size=$(du -sm "$dir/x$k.db" | cut -f1)
    wa=$(awk -v w="$w" -v n="$n" 'BEGIN { printf "%.0f", w * 1e6 / n }')
    ca=$(awk -v c="$c" -v n="$n" 'BEGIN { printf "%.0f", c * 1e6 / n }')
    [ -n "$base_w" ] || { base_w=$wa; base_c=$ca; }
    awk -v k="$k" -v n="$n" -v w="$w" -v c="$c" -v m="$m" -v s="$size" -v wa="$wa" -v ca="$ca" \
        -v bw="$base_w" -v bc="$base_c" 'BEGIN {
        printf "| %s | %d | %.1f | %.1f | %.0f | %s | %s | %s | %.2f | %.2f |\n", k, n, w, c, m / 1024, s, wa, ca, wa / bw, ca / bc }'
done
