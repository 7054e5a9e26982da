#!/bin/sh
# coverage.sh [CORPUS-ROOT] - line coverage of the fuzz corpora: builds the
# targets with clang's source-based coverage (no sanitizers) into
# build-fuzz-cov/, runs each target once over its corpus
# (CORPUS-ROOT/TARGET/, default build-fuzz/corpus/, the corpora that
# `run.sh long` keeps) and its seeds, and prints llvm-cov's report of the
# library, parser, decoder and query files, one line per file and a
# total. Needs llvm-profdata and llvm-cov (Debian: llvm-14). Writes only
# build-fuzz-cov/.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
root=${1:-build-fuzz/corpus}
C=build-fuzz-cov
tool() {
    command -v "$1" 2>/dev/null || ls "/usr/lib/llvm-14/bin/$1" 2>/dev/null ||
        { echo "coverage.sh: $1 not found (apt-get install llvm-14)" >&2; exit 2; }
}
profdata=$(tool llvm-profdata)
cov=$(tool llvm-cov)

make -s fuzz FZ=$C FZ_SAN= FZ_EXTRA='-fprofile-instr-generate -fcoverage-mapping' >/dev/null
rm -rf "$C/prof"
mkdir -p "$C/prof" "$C/tmp"
objs=
for b in "$C"/fuzz_*; do
    t=$(basename "$b")
    dirs="$C/seeds/$t"
    [ -d "$root/$t" ] && dirs="$root/$t $dirs"
    [ -d "tests/fuzz/regressions/$t" ] && dirs="$dirs tests/fuzz/regressions/$t"
    # shellcheck disable=SC2086
    LLVM_PROFILE_FILE="$top/$C/prof/$t.%p.profraw" TMPDIR="$top/$C/tmp" \
        NX_DATA_DIR="$top/data" ASAN_OPTIONS=detect_leaks=0 \
        "$b" -runs=0 -max_len=1048576 $dirs >"$C/prof/$t.log" 2>&1 ||
        echo "coverage.sh: $t failed on its corpus (see $C/prof/$t.log)" >&2
    # llvm-cov takes the first binary as it is, the others after -object
    objs="$objs${objs:+ -object} $b"
done
"$profdata" merge -sparse "$C"/prof/*.profraw -o "$C/prof/all.profdata"
files=$(ls lib/*.c indexer/parse/*.c indexer/ingest/readfile.c indexer/ingest/decode.c \
    lib/xapian/shim.cc searcher/query.c 2>/dev/null)
# shellcheck disable=SC2086
"$cov" report $objs -instr-profile="$C/prof/all.profdata" $files
