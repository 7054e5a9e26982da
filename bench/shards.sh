#!/bin/sh
# Query latency over shards: one index against the same archive in 2 local
# shards, 2 remote shards (two xapian-tcpsrv on 127.0.0.1, one a shard),
# the same 2 shards behind 1 xapian-tcpsrv, and a mix (one local, one
# remote); bench/query-bench's modes plain, exact and facets, in one warm
# process each; prints one table of medians and p95 (wall ms).
#   bench/shards.sh ARCHIVE_DIR QUERIES
#
# QUERIES: one query a line, or the peers' queries.tsv / queries.q (see
# bench/query-bench.c). Environment (optional): WARMUP=3 PASSES=5;
# NEWSINDEX, NEWSSEARCH (default build/...); JOBS (newsindex -j).
# Every server it starts is stopped on the way out. Nothing here needs
# ../shared.
set -eu
[ $# -eq 2 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
ARCHIVE=$1
Q=$2
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
WARMUP=${WARMUP:-3}
PASSES=${PASSES:-5}
JOBS=${JOBS:-$(nproc)}
export NX_DATA_DIR=${NX_DATA_DIR:-$top/data}
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-shards-bench.XXXXXX")
SRV_PIDS=""
trap 'for p in $SRV_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$W"' EXIT
trap 'exit 130' INT TERM

QB=$("$top/bench/build-query-bench.sh" "$W/bin/query-bench")
echo "indexing $ARCHIVE: one index, then 2 shards ..." >&2
"$NI" -q -j "$JOBS" --db "$W/one" "$ARCHIVE" || [ $? -eq 1 ]
"$NI" -q -j "$JOBS" --db "$W/sh" --shards 2 "$ARCHIVE" || [ $? -eq 1 ]

. "$top/tests/tcpsrv.sh"
# serve DB...: xapian-tcpsrv on a free port; sets $port, or ends the run
serve() {
    start_server "$W" "$@" || { echo "shards.sh: cannot start xapian-tcpsrv" >&2; exit 2; }
}
serve "$W/sh/shard-0"; P0=$port
serve "$W/sh/shard-1"; P1=$port
serve "$W/sh/shard-0" "$W/sh/shard-1"; PB=$port
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P0" "$P1" >"$W/remote2.stub"
printf 'remote 127.0.0.1:%s\n' "$PB" >"$W/remote1.stub"
printf 'auto %s\nremote 127.0.0.1:%s\n' "$W/sh/shard-0" "$P1" >"$W/mixed.stub"

NDOCS=$("${NEWSSEARCH:-$top/build/newssearch}" --db "$W/one" --count --all --no-collapse)
echo "## newsindex over shards: $ARCHIVE ($NDOCS documents), $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
echo
echo "bench/query-bench, one warm process per row, $(wc -l <"$Q") queries (AND, top 10),"
echo "$WARMUP warm-up + $PASSES timed passes; wall ms, median / p95."
echo
echo "| layout | plain | exact count | + facets (4, exact) |"
echo "| --- | ---: | ---: | ---: |"
for layout in one local remote2 remote1 mixed; do
    case $layout in
    one) db=$W/one; name="one index" ;;
    local) db=$W/sh; name="2 local shards" ;;
    remote2) db=$W/remote2.stub; name="2 remote shards, 2 servers" ;;
    remote1) db=$W/remote1.stub; name="2 remote shards, 1 server" ;;
    mixed) db=$W/mixed.stub; name="1 local + 1 remote" ;;
    esac
    "$QB" -m plain,exact,facets -w "$WARMUP" -p "$PASSES" "$db" "$Q" >"$W/qb-$layout"
    cell() { awk -v m="$1" '$1 == m && $2 == "all" { printf "%s / %s", $4, $5 }' "$W/qb-$layout"; }
    echo "| $name | $(cell plain) | $(cell exact) | $(cell facets) |"
done
