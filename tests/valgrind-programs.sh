#!/bin/sh
# The two programs under $VALGRIND on corpus/ and the hostile files: index,
# re-index, and a search in every format. Prints "valgrind: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${NX_BUILD:-$top/build}
T=$(mktemp -d "${TMPDIR:-/tmp}/nx-vg.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
run() { # want-rc args...
    want=$1; shift
    $VALGRIND "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" = "$want" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL (exit $rc): $*"; grep '==' "$T/err" | head -20; fi
}
sh "$top/tests/make-hostile.sh" "$T/hostile"
cp -R "$top/corpus" "$T/arch"
run 1 "$B/newsindex" -q --db "$T/db" "$T/arch" "$T/hostile"
touch "$T/arch/2021/04/08/russia-pakistan-lavrov.txt"
# the hostile files fail as before: counted, not read again (exit 0) ...
run 0 "$B/newsindex" -q --db "$T/db" "$T/arch" "$T/hostile"
# ... unless asked; and a build from nothing over the index
run 1 "$B/newsindex" -q --db "$T/db" --retry-failed "$T/arch" "$T/hostile"
run 1 "$B/newsindex" -q --db "$T/db" --full
for fmt in text json jsonl tsv paths; do
    run 0 "$B/newssearch" --db "$T/db" --format "$fmt" --facets lavrov OR president
done
run 0 "$B/newssearch" --db "$T/db" --all --format jsonl
run 0 "$B/newssearch" --db "$T/db" --info
run 1 "$B/newssearch" --db "$T/db" pandmic
run 2 "$B/newssearch" --db "$T/db" country:narnia
run 0 "$B/newssearch" --db "$T/db" --country pk --since 2021 --sort -date lavrov
echo "valgrind: $pass passed, $fail failed"
[ "$fail" = 0 ]
