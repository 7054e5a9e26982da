#!/bin/sh
# Crash safety: SIGKILL newsindex at a random moment, re-run it, and check
# that the export equals that of one uninterrupted run. TRIES times.
#   bench/kill-test.sh ARCHIVE_DIR [TRIES]
set -eu
ARCHIVE=$1
TRIES=${2:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
NS=${NEWSSEARCH:-$top/build/newssearch}
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-kill.XXXXXX")
trap 'rm -rf "$W"' EXIT
export_sorted() { "$NS" --db "$1" --all --format jsonl | sort >"$2"; }

start=$(date +%s.%N)
"$NI" -q --db "$W/ref" "$ARCHIVE" || true
full=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
export_sorted "$W/ref" "$W/ref.jsonl"
echo "reference: $(wc -l <"$W/ref.jsonl") documents in ${full}s"
same=0
for i in $(seq "$TRIES"); do
    rm -rf "$W/db"
    # a moment in the first 90% of a full run, in milliseconds
    ms=$(awk -v f="$full" -v s="$i" 'BEGIN { srand(s * 7919); printf "%d", rand() * f * 900 }')
    "$NI" -q --batch 500 --db "$W/db" "$ARCHIVE" 2>/dev/null &
    pid=$!
    sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    before=$("$NS" --db "$W/db" --all --count --no-collapse 2>/dev/null) || true
    [ -n "$before" ] || before=0
    "$NI" -q --db "$W/db" "$ARCHIVE" 2>/dev/null || true
    export_sorted "$W/db" "$W/run.jsonl"
    if cmp -s "$W/ref.jsonl" "$W/run.jsonl"; then
        same=$((same + 1))
        r=same
    else
        r=DIFFERENT
    fi
    echo "try $i: killed after ${ms} ms with $before documents committed; re-run: $r"
done
echo "kill-test: $same of $TRIES re-runs equal the uninterrupted export"
[ "$same" = "$TRIES" ]
