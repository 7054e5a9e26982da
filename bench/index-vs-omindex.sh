#!/bin/sh
# Index one archive with newsindex and with Xapian's omindex side by side;
# print wall seconds, CPU seconds, peak RSS, documents and index size
# (median of REPEAT runs each, alternating the two tools).
#   bench/index-vs-omindex.sh ARCHIVE_DIR [REPEAT]
# Needs: /usr/bin/time (package time), omindex (package xapian-omega).
set -eu
ARCHIVE=$1
REPEAT=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
NS=${NEWSSEARCH:-$top/build/newssearch}
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
find "$ARCHIVE" -type f -print0 | xargs -0 cat >/dev/null  # warm the page cache

run() { # name cmd...
    name=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$W/$name.time" "$@" >/dev/null 2>"$W/$name.log" || true
    cat "$W/$name.time" | tail -n 1 >>"$W/$name.runs"
}
for i in $(seq "$REPEAT"); do
    rm -rf "$W/ni.db" "$W/om.db"
    sync
    run newsindex "$NI" -q --db "$W/ni.db" "$ARCHIVE"
    echo "$(du -sb "$W/ni.db" | cut -f1) $("$NS" --db "$W/ni.db" --all --count --no-collapse)" >>"$W/newsindex.size"
    sync
    run omindex omindex --overwrite --db "$W/om.db" --url / "$ARCHIVE"
    echo "$(du -sb "$W/om.db" | cut -f1) $(xapian-delve -1 "$W/om.db" 2>/dev/null | sed -n 's/^number of documents = //p')" >>"$W/omindex.size"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf '%-10s %8s %8s %10s %9s %9s\n' tool wall_s cpu_s peak_MB docs index_MB
for t in newsindex omindex; do
    wall=$(awk '{print $1}' "$W/$t.runs" | median)
    cpu=$(awk '{print $2 + $3}' "$W/$t.runs" | median)
    rss=$(awk '{print $4 / 1024}' "$W/$t.runs" | median)
    bytes=$(awk '{print $1}' "$W/$t.size" | median)
    docs=$(awk '{print $2}' "$W/$t.size" | tail -n 1)
    printf '%-10s %8.1f %8.1f %10.0f %9s %9.0f\n' "$t" "$wall" "$cpu" "$rss" "$docs" "$(echo "$bytes" | awk '{print $1 / 1e6}')"
done
