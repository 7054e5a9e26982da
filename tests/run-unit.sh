#!/bin/sh
# Run each Check test binary given as an argument, plus the boundary check;
# print one closing line "unit: N passed, N failed" and fail if any failed.
set -u
pass=0
fail=0
for t in "$@"; do
    # NX_VALGRIND: a valgrind command line to run each test under (make valgrind)
    out=$(${NX_VALGRIND:-} "$t" 2>&1)
    rc=$?
    printf '%s\n' "$out" | grep -v '^Running suite' | sed "s|^|$(basename "$t"): |"
    n=$(printf '%s\n' "$out" | sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' | tail -n 1)
    if [ -z "$n" ]; then
        echo "$(basename "$t"): no Check summary (exit $rc)"
        fail=$((fail + 1))
        continue
    fi
    read -r checks failures errors <<EOF2
$n
EOF2
    pass=$((pass + checks - failures - errors))
    fail=$((fail + failures + errors))
    if [ "$rc" != 0 ] && [ $((failures + errors)) = 0 ]; then
        echo "$(basename "$t"): exit $rc"
        fail=$((fail + 1))
    fi
done
# Only lib/xapian/ may include <xapian.h>: the C/C++ boundary (STYLE.md).
leaks=$(grep -rl '#include <xapian' --include='*.c' --include='*.h' --include='*.cc' \
    lib indexer searcher include tests 2>/dev/null | grep -v '^lib/xapian/' || true)
if [ -n "$leaks" ]; then
    echo "boundary: <xapian.h> included outside lib/xapian/: $leaks"
    fail=$((fail + 1))
else
    pass=$((pass + 1))
fi
echo "unit: $pass passed, $fail failed"
[ "$fail" = 0 ]
