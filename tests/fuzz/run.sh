#!/bin/sh
# run.sh MODE TARGET SECONDS [LIBFUZZER-ARGS...] - run one fuzz target built
# by `make fuzz` (in $FZ, default build-fuzz) for SECONDS, and print one
# line: runs, executions per second, coverage (cov: edges, ft: features),
# corpus size, and the finding if there is one. Exits 1 on any crash, leak,
# timeout or out-of-memory (the log's last lines are printed).
#
#   smoke  a fresh corpus in $FZ/smoke/TARGET/ (make fuzz-smoke); inputs
#          that libFuzzer finds interesting go there and are thrown away
#   long   the corpus kept in $FZ/corpus/TARGET/ across runs (a campaign:
#          run.sh long fuzz_parse 600); findings in $FZ/findings/TARGET/
#
# Both read the seeds ($FZ/seeds/TARGET/) and the regression inputs of
# fixed findings (tests/fuzz/regressions/TARGET/) first: any of them that
# fails is a failure at once. Per-target settings (-max_len, -dict) are
# below. Environment: FUZZ_TIMEOUT (s for one input, 10), FUZZ_RSS_MB
# (2048), NX_DATA_DIR (default data/), FUZZ_FLAGS (more libFuzzer flags).
set -u
if [ $# -lt 3 ]; then
    echo "usage: run.sh smoke|long TARGET SECONDS [LIBFUZZER-ARGS...]" >&2
    exit 2
fi
mode=$1 t=$2 secs=$3
shift 3
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
FZ=${FZ:-build-fuzz}
bin="$FZ/$t"
[ -x "$bin" ] || { echo "run.sh: $bin not built (make fuzz)" >&2; exit 2; }

# -max_len: 16 KB for the text and markup targets (deep nesting,
# thousands of attributes or entities fit; larger inputs mostly cost
# executions: the limits on big files are tests/make-hostile.sh's), 64 KB
# for the gzip reader (a bomb inflates to its 1 MiB limit).
maxlen=16384
dict=
case $t in
fuzz_gzip) maxlen=65536 ;;
fuzz_parse)
    mkdir -p "$FZ/dict"
    cat tests/fuzz/dict/text.dict tests/fuzz/dict/html.dict tests/fuzz/dict/xml.dict \
        > "$FZ/dict/parse.dict"
    dict="$FZ/dict/parse.dict" ;;
fuzz_parse_text) dict=tests/fuzz/dict/text.dict ;;
fuzz_parse_html) dict=tests/fuzz/dict/html.dict ;;
fuzz_parse_nitf | fuzz_parse_feed) dict=tests/fuzz/dict/xml.dict ;;
fuzz_date) maxlen=512 dict=tests/fuzz/dict/date.dict ;;
fuzz_query) maxlen=1024 dict=tests/fuzz/dict/query.dict ;;
fuzz_source) maxlen=2048 ;;
esac

case $mode in
smoke)
    # A fixed seed (FUZZ_SEED): a smoke run that fails in CI fails the same
    # way here. Campaigns take libFuzzer's random seed.
    d="$FZ/smoke/$t"
    rm -rf "$d"
    corpus="$d/corpus" artifacts="$d/" seedopt="-seed=${FUZZ_SEED:-1}" ;;
long)
    d="$FZ/long/$t"
    corpus="$FZ/corpus/$t" artifacts="$FZ/findings/$t/" seedopt= ;;
*)
    echo "run.sh: mode is smoke or long" >&2
    exit 2 ;;
esac
mkdir -p "$d/tmp" "$corpus" "$artifacts"
log="$d/log"
[ "$mode" = long ] && log="$d/log.$(date +%Y%m%d-%H%M%S)"

# Stacks with file and line: llvm-symbolizer when there is one (llvm-14),
# else addr2line (binutils, which clang brings).
sym=$(command -v llvm-symbolizer || ls /usr/lib/llvm-14/bin/llvm-symbolizer 2>/dev/null || true)
symopt=${sym:+:external_symbolizer_path=$sym}
symopt=${symopt:-:allow_addr2line=1}
regress=
[ -d "tests/fuzz/regressions/$t" ] && regress="tests/fuzz/regressions/$t"
start=$(date +%s)
# shellcheck disable=SC2086
TMPDIR="$top/$d/tmp" NX_DATA_DIR="${NX_DATA_DIR:-$top/data}" \
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}$symopt" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}$symopt" \
LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}" \
    "$bin" -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-10}" \
    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -max_len="$maxlen" ${dict:+-dict=$dict} \
    -artifact_prefix="$artifacts" -print_final_stats=1 $seedopt ${FUZZ_FLAGS:-} "$@" \
    "$corpus" "$FZ/seeds/$t" $regress > "$log" 2>&1
rc=$?
took=$(($(date +%s) - start))
# The last status line ("#N DONE cov: 1234 ft: 5678 corp: 90/1Mb ...") and
# the final stats.
summary=$(awk '
    /^#[0-9]+/ && / cov: / { for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1); if ($i == "corp:") corp = $(i + 1) } }
    /^stat::number_of_executed_units:/ { runs = $2 }
    /^stat::average_exec_per_sec:/ { eps = $2 }
    /^stat::peak_rss_mb:/ { rss = $2 }
    END { printf "%s runs, %s exec/s, cov %s, ft %s, corpus %s, peak rss %s MB", runs, eps, cov, ft, corp, rss }' "$log")
left=$(find "$d/tmp" -mindepth 1 2>/dev/null | head -n 1)
if [ "$rc" = 0 ]; then
    echo "fuzz $mode $t: ${took} s, $summary: no finding"
    if [ -n "$left" ] && [ "$mode" = smoke ]; then
        echo "fuzz $mode $t: left files in its temporary directory: $left"
        exit 1
    fi
    exit 0
fi
if [ "$rc" = 72 ]; then
    echo "fuzz $mode $t: interrupted after ${took} s: $summary"
    exit 1
fi
kind=$(grep -m1 -o -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer|UndefinedBehaviorSanitizer)[^(]*|runtime error: .*|invariant failed: .*' "$log" || true)
echo "fuzz $mode $t: FAILED after ${took} s (exit $rc): ${kind:-see the log}"
echo "fuzz $mode $t: $summary"
grep -E '^(artifact_prefix|Test unit written to)' "$log" | sed "s/^/fuzz $mode $t: /"
echo "---- last lines of $log ----"
tail -n 60 "$log"
exit 1
