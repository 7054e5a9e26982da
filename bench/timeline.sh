#!/bin/sh
# --timeline, --coverage and --top-terms on an index: their numbers
# checked against an independent count over the export
# (newssearch --all --format jsonl, bucketed with jq), then their wall
# times (median and slowest of REPEAT runs, each a fresh process, caches
# warm).
#   bench/timeline.sh DB [QUERY] [REPEAT]
# QUERY (default "pct") should match about a third of the archive: on the
# make-corpus x10 archive (90,970 articles) "pct" matches 31,960.
# Exits 1 when a count differs.
set -eu
DB=$1
Q=${2:-pct}
REPEAT=${3:-11}
top=$(cd "$(dirname "$0")/.." && pwd)
NS=${NEWSSEARCH:-$top/build/newssearch}
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-timeline.XXXXXX")
trap 'rm -rf "$W"' EXIT
export NO_COLOR=1 LC_ALL=C.UTF-8 COLUMNS=100
for tool in jq awk sort; do
    command -v "$tool" >/dev/null 2>&1 || { echo "timeline.sh: $tool not found"; exit 2; }
done

# ---- the independent count: the export's dates, bucketed by jq ----
"$NS" --db "$DB" --all --format jsonl >"$W/all.jsonl"
"$NS" --db "$DB" --all --no-snippets --format jsonl "$Q" >"$W/q.jsonl"
# bucket label of a date "YYYY-MM-DDThh:mm:ssZ" (UTC); weeks by their Monday
bucket() { # interval < jsonl > labels
    jq -r --arg iv "$1" 'select(.date != null) | .date[0:10] as $d |
        if $iv == "day" then $d
        elif $iv == "month" then $d[0:7]
        elif $iv == "year" then $d[0:4]
        else (($d + "T00:00:00Z" | fromdateiso8601) / 86400 | floor) as $n |
             ((($n + 3) % 7 + 7) % 7) as $k | (($n - $k) * 86400 | todate | .[0:10]) end'
}
status=0
for iv in day week month year; do
    bucket "$iv" <"$W/q.jsonl" | sort | uniq -c | awk '{print $2 "\t" $1}' >"$W/bq"
    bucket "$iv" <"$W/all.jsonl" | sort | uniq -c | awk '{print $2 "\t" $1}' >"$W/ball"
    # the brute-force table: every bucket with a match or a document, both counts
    join -t '	' -a 2 -e 0 -o 0,1.2,2.2 "$W/bq" "$W/ball" |
        awk -F '\t' 'first == "" && $2 > 0 { first = $1 } $2 > 0 { last = $1 }
                     { row[NR] = $0; key[NR] = $1 }
                     END { for (i = 1; i <= NR; i++) if (key[i] >= first && key[i] <= last) print row[i] }' >"$W/want"
    "$NS" --db "$DB" --timeline "$iv" --format tsv "$Q" | tail -n +2 | awk -F '\t' '$3 > 0 { print $1 "\t" $2 "\t" $3 }' >"$W/got"
    nb=$("$NS" --db "$DB" --timeline "$iv" --format tsv "$Q" | tail -n +2 | wc -l)
    if cmp -s "$W/want" "$W/got"; then
        echo "counts  --timeline $iv '$Q': $(wc -l <"$W/got") buckets with documents of $nb, $(awk -F '\t' '{s += $2} END {print s}' "$W/got") matches: equal to the export's"
    else
        echo "counts  --timeline $iv '$Q': DIFFER from the export's"; diff "$W/want" "$W/got" | head -5
        status=1
    fi
done
# --by source: each source's matches per month
jq -r 'select(.date != null) | [.date[0:7], (.source // "(none)")] | @tsv' <"$W/q.jsonl" | sort | uniq -c |
    sed -E 's/^ *([0-9]+) (.*)$/\2\t\1/' | sort >"$W/want"
"$NS" --db "$DB" --timeline month --by source:1000 --format tsv "$Q" | tail -n +2 |
    awk -F '\t' '$3 > 0 { print $1 "\t" $2 "\t" $3 }' | sort >"$W/got"
if cmp -s "$W/want" "$W/got"; then echo "counts  --timeline month --by source '$Q': equal to the export's"
else echo "counts  --timeline month --by source '$Q': DIFFER"; diff "$W/want" "$W/got" | head -5; status=1; fi
# --coverage: each source's first and last day and articles
jq -r 'select(.date != null) | [(.source // ""), .date[0:10]] | @tsv' <"$W/all.jsonl" | sort |
    awk -F '\t' '$1 != s { if (s != "" || n) print s "\t" f "\t" l "\t" n; s = $1; f = $2; n = 0 } { l = $2; n++ }
                 END { print s "\t" f "\t" l "\t" n }' >"$W/want"
"$NS" --db "$DB" --coverage --format tsv | tail -n +2 | cut -f1-4 | sort >"$W/got"
if cmp -s "$W/want" "$W/got"; then echo "counts  --coverage: $(wc -l <"$W/got") sources, first, last, articles equal to the export's"
else echo "counts  --coverage: DIFFER"; diff "$W/want" "$W/got" | head -5; status=1; fi

# ---- times ----
now_ms() { date +%s%N | awk '{printf "%d", $1 / 1000000}'; }
timeit() { # label cmd...
    label=$1; shift
    : >"$W/times"
    "$@" >/dev/null 2>&1 || true # warm
    i=0
    while [ "$i" -lt "$REPEAT" ]; do
        t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
        echo $(( (t1 - t0) / 1000 )) >>"$W/times"
        i=$((i + 1))
    done
    sort -n "$W/times" | awk -v label="$label" '{ v[NR] = $1 } END {
        printf "time    %-58s median %7.1f ms  max %7.1f ms  (%d runs)\n", label, v[int((NR + 1) / 2)] / 1000, v[NR] / 1000, NR }'
}
nq=$("$NS" --db "$DB" --count --no-collapse "$Q" || true)
nall=$("$NS" --db "$DB" --all --count --no-collapse)
echo "query   '$Q' matches $nq of $nall documents"
last=$("$NS" --db "$DB" --sort -date -n 1 --format jsonl --no-snippets --since 0001 | jq -r '.date[0:10]')
y1=$(echo "$last" | awk -F- '{printf "%04d-%s-%s", $1 - 1, $2, $3}')
timeit "--timeline day '$Q' (whole archive)" "$NS" --db "$DB" --timeline day "$Q"
timeit "--timeline day '$Q' --since $y1 (a year)" "$NS" --db "$DB" --timeline day --since "$y1" "$Q"
timeit "--timeline day --format json '$Q'" "$NS" --db "$DB" --timeline day --format json "$Q"
timeit "--timeline month --by source '$Q'" "$NS" --db "$DB" --timeline month --by source "$Q"
timeit "--coverage" "$NS" --db "$DB" --coverage
timeit "--top-terms 20 '$Q'" "$NS" --db "$DB" --top-terms 20 "$Q"
timeit "--count '$Q' (for scale)" "$NS" --db "$DB" --count "$Q"
exit $status
