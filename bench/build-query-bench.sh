#!/bin/sh
# Build bench/query-bench.c (with searcher/query.c compiled in) against
# build/libnewsindex.a. Run `make` first. Writes OUT (default
# ${TMPDIR:-/tmp}/query-bench/query-bench); objects go beside it.
#   bench/build-query-bench.sh [OUT]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${TMPDIR:-/tmp}/query-bench/query-bench}
dir=$(dirname "$out")
mkdir -p "$dir"
[ -f "$top/build/libnewsindex.a" ] || { echo "build-query-bench: run make first" >&2; exit 2; }
CC=${CC:-cc}
CXX=${CXX:-g++}
# the Makefile's one list of libraries
CFLAGS="-std=c11 -O2 -g -Wall -Wextra -Werror -I$top/include -I$top/searcher \
 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(make -s -C "$top" deps-flags)"
$CC $CFLAGS -c "$top/bench/query-bench.c" -o "$dir/query-bench.o"
$CC $CFLAGS -c "$top/searcher/query.c" -o "$dir/query.o"
$CXX -o "$out" "$dir/query-bench.o" "$dir/query.o" "$top/build/libnewsindex.a" \
    $(make -s -C "$top" deps-libs)
echo "$out"
