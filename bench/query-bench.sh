#!/bin/sh
# Query latency, snippets, facets and the cold first query of newsindex on
# one archive (issues #7 and #4); prints one table.
#   bench/query-bench.sh ARCHIVE_DIR
#
# Environment (all optional):
#   DB=PATH        the index of ARCHIVE_DIR (built with build/newsindex when
#                  missing; default: a temporary one, deleted at the end)
#   QUERIES=FILE   the query set: one query a line, or the peers' queries.tsv
#                  ("qid<TAB>kind<TAB>words") or queries.q ("qid<TAB>words")
#   TRUTH=FILE     instead of QUERIES: make-corpus's truth.tsv of the archive;
#                  the 200 queries are made from it with PEERS/make-queries.py
#                  (copies "IDcK" are dropped first, so an xK truth file gives
#                  the same set as the peers' x1 one)
#   PEERS=DIR      the peers harness (../shared/peers): make-queries.py, and
#                  xapian-query.cc for the "bare Xapian" row on the same index
#   FACET_DB=PATH  index for `newssearch --facets country,topic,source,year oil`
#                  (issue #4 names the mixed archive; default DB)
#   WARMUP=3 PASSES=5  untimed and timed passes over the query set
#   DROP_CACHES=1  cold query after dropping the whole page cache (root) rather
#                  than evicting only the index files
#   NEWSINDEX, NEWSSEARCH  programs (default build/newsindex, build/newssearch)
# Nothing here needs ../shared unless QUERIES/TRUTH/PEERS point at it.
set -eu
[ $# -eq 1 ] || { sed -n '2,25p' "$0" >&2; exit 2; }
ARCHIVE=$1
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
NS=${NEWSSEARCH:-$top/build/newssearch}
WARMUP=${WARMUP:-3}
PASSES=${PASSES:-5}
export NX_DATA_DIR=${NX_DATA_DIR:-$top/data}
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-qbench.XXXXXX")
trap 'rm -rf "$W"' EXIT
DB=${DB:-$W/index}
FACET_DB=${FACET_DB:-$DB}

if [ ! -d "$DB" ]; then
    echo "indexing $ARCHIVE into $DB ..." >&2
    "$NI" -q --db "$DB" "$ARCHIVE" || [ $? -eq 1 ]
fi

# The query set.
if [ -n "${QUERIES:-}" ]; then
    Q=$QUERIES
elif [ -n "${TRUTH:-}" ] && [ -n "${PEERS:-}" ]; then
    awk -F'\t' 'NR == 1 || $2 !~ /c[0-9]+$/' "$TRUTH" > "$W/x1.truth.tsv"
    python3 "$PEERS/make-queries.py" "$W/x1.truth.tsv" "$W"
    Q=$W/queries.tsv
else
    echo "query-bench.sh: set QUERIES=FILE, or TRUTH=truth.tsv and PEERS=../shared/peers" >&2
    exit 2
fi
FIRSTQ=$(head -n 1 "$Q" | awk -F'\t' '{print $NF}')

QB=$("$top/bench/build-query-bench.sh" "$W/bin/query-bench")
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
med() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# 1. The query set in one warm process, four modes, and the third-of-archive facet query.
"$QB" -w "$WARMUP" -p "$PASSES" --third -o "$W/raw.tsv" "$DB" "$Q" > "$W/qb.out"

# 2. Bare Xapian on the same index (the peers' runner: QueryParser english
#    STEM_SOME, default AND, BM25, top 10, document data read).
BARE=
if [ -n "${PEERS:-}" ] && [ -f "$PEERS/xapian-query.cc" ]; then
    g++ -O2 -o "$W/bin/xapian-query" "$PEERS/xapian-query.cc" $(pkg-config --cflags --libs xapian-core)
    awk -F'\t' '{ print (NF >= 2 ? $1 : "l" NR) "\t" $NF }' "$Q" > "$W/q.q"
    "$W/bin/xapian-query" "$DB" and "$W/q.q" $((WARMUP + PASSES - 1)) "$W/bare.tsv" 2>/dev/null
    BARE=$(awk -F'\t' -v w="$WARMUP" '$2 >= w { print $3 / 1000 }' "$W/bare.tsv" | sort -g |
        awk '{ v[NR] = $1 } END { k = int(0.95 * NR + 1) - 1; if (k < 1) k = 1; if (k > NR) k = NR;
              printf "%.3f %.3f %.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[k], v[NR] }')
fi

# 3. newssearch --facets ... oil, whole process, warm: median of 5 (after one
#    untimed run); wall ms and, with /usr/bin/time, CPU ms (user + system,
#    10 ms resolution): on a loaded machine the wall time includes waiting.
wall() { # command...: "wall_ms cpu_ms"
    t0=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%U %S' -o "$W/cpu" "$@" > /dev/null 2>&1 || true
    else
        "$@" > /dev/null 2>&1 || true; echo '0 0' > "$W/cpu"
    fi
    t1=$(date +%s%N)
    echo "$(ms "$t0" "$t1") $(tail -n 1 "$W/cpu" | awk '{ printf "%.0f", ($1 + $2) * 1000 }')"
}
five() { # command...: "median wall / median CPU ms"
    for i in 1 2 3 4 5; do wall "$@"; done > "$W/five"
    echo "$(cut -d' ' -f1 "$W/five" | med) ms wall, $(cut -d' ' -f2 "$W/five" | med) ms CPU"
}
"$NS" --db "$FACET_DB" --facets country,topic,source,year oil > /dev/null 2>&1 || true
FAC=$(five "$NS" --db "$FACET_DB" --facets country,topic,source,year oil)
NOFAC=$(five "$NS" --db "$FACET_DB" oil)
FACN=$("$NS" --db "$FACET_DB" --count --no-collapse oil 2>/dev/null || echo '?')
FACD=$("$NS" --db "$FACET_DB" --all --count --no-collapse 2>/dev/null || echo '?')

# 4. Cold first query: a new process with the index out of the page cache.
#    By default only the index's files are dropped (posix_fadvise DONTNEED,
#    no root needed, leaves the rest of a shared machine's cache alone; the
#    programs and libraries stay cached). DROP_CACHES=1 drops the whole page
#    cache instead (root; sync; echo 3 > /proc/sys/vm/drop_caches).
if [ "${DROP_CACHES:-0}" = 1 ] && (sync && echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null; then
    HOW="whole page cache dropped (drop_caches)"
    COLD=$("$QB" --first -q "$FIRSTQ" "$DB")
    sync; echo 3 > /proc/sys/vm/drop_caches
else
    [ "${DROP_CACHES:-0}" = 1 ] && echo "query-bench.sh: drop_caches not writable; evicting the index files only" >&2
    HOW="index files evicted with posix_fadvise(DONTNEED); programs and libraries stay cached"
    COLD=$("$QB" --first --evict -q "$FIRSTQ" "$DB")
    "$QB" --evict-only "$DB" > /dev/null
fi
COLDNS=$(wall "$NS" --db "$DB" "$FIRSTQ" | awk '{ print $1 " ms wall, " $2 " ms CPU" }')
WARMNS=$(five "$NS" --db "$DB" "$FIRSTQ")

row() { awk -v m="$1" '$1 == m && $2 == "all" { printf "%s / %s / %s | %s / %s", $4, $5, $6, $8, $9 }' "$W/qb.out"; }
NDOCS=$(sed -n 's/^index [^:]*: \([0-9]*\) documents.*/\1/p' "$W/qb.out")
echo "## newsindex query latency: $ARCHIVE ($NDOCS documents), $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
echo
echo "One warm process, $(wc -l < "$Q") queries (AND, top 10), $WARMUP warm-up + $PASSES timed passes;"
echo "ms per query from parse to the 10 hits' paths. Shared machine: medians are the figure to trust."
echo
echo "| measurement | wall ms: median / p95 / max | CPU ms: median / p95 |"
echo "| --- | --- | --- |"
[ -n "$BARE" ] && echo "| bare Xapian (peers' xapian-query.cc, same index) | $(echo "$BARE" | awk '{ printf "%s / %s / %s", $1, $2, $3 }') | - |"
echo "| plain (estimated match count, as the peers) | $(row plain) |"
echo "| exact match count (what newssearch does) | $(row exact) |"
echo "| plain + 10 snippets (200 bytes) | $(row snippets) |"
echo "| exact facets country,topic,source,year + top 10 | $(row facets) |"
awk '/^facets over a third/ { sub(/^facets over a third of the archive: /, ""); d = $0 }
     $1 == "facets" && $2 == "third" { printf "| facets, query matching a third: %s | %s / %s / %s | %s / %s |\n", d, $4, $5, $6, $8, $9 }' "$W/qb.out"
echo "| \`newssearch --facets country,topic,source,year oil\` (whole process; $FACN of $FACD docs match) | $FAC (median of 5) | without --facets: $NOFAC |"
echo "| cold first query, newssearch '$FIRSTQ' (whole process) | $COLDNS | warm, median of 5: $WARMNS |"
echo
echo "Cold ($HOW): $COLD"
echo
echo "Per query length and the slowest queries:"
echo
sed -n '/^mode /,$p' "$W/qb.out" | sed 's/^/    /'
