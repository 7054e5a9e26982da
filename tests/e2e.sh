#!/bin/sh
# End-to-end tests: run the real newsindex and newssearch on corpus/ and on
# fixtures made here, and check their output. NX_BUILD names the build dir.
# Prints "e2e: N passed, N failed" last; exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${NX_BUILD:-$top/build}
NI="$B/newsindex"
NS="$B/newssearch"
T=$(mktemp -d "${TMPDIR:-/tmp}/nx-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
# The tools the tests use come with scripts/install-deps; none is optional.
for tool in jq xapian-check xapian-metadata /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool not found: run scripts/install-deps"; exit 2; }
done
unset NEWSINDEX_DB
unset COLUMNS # text wraps snippets to $COLUMNS: the golden files are unwrapped
# saved searches (searcher/saved.h) go here, never under HOME
export NEWSINDEX_STATE="$T/state"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect_rc WANT DESCRIPTION COMMAND...: run, keep stdout in $T/out, stderr in $T/err
# A newsindex run is followed by xapian-check of its index, when there is one.
expect_rc() {
    want=$1; what=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" = "$want" ]; then ok; else bad "$what: exit $rc, wanted $want"; sed 's/^/  | /' "$T/err" | head -5; fi
    if [ "$1" = "$NI" ]; then
        db=$(db_arg "$@")
        [ -n "$db" ] && [ -f "$db/iamglass" ] && xcheck "$db"
    fi
    return 0
}
# db_arg ARGS...: the value of --db/-d in a command line
db_arg() {
    while [ $# -gt 0 ]; do
        case $1 in
        --db|-d) echo "$2"; return ;;
        --db=*) echo "${1#--db=}"; return ;;
        esac
        shift
    done
}
# contains FILE STRING DESCRIPTION
contains() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -8; fi
}
lacks() {
    if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $(basename "$1")"; else ok; fi
}
equals() {
    if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', wanted '$2'"; fi
}
# xapian-check (xapian-tools, from scripts/install-deps) finds no error
xcheck() {
    if xapian-check "$1" >"$T/xcheck" 2>&1; then ok; else bad "xapian-check $1"; sed 's/^/  | /' "$T/xcheck" | tail -3; fi
}
# filter_counts DB WHAT: every facet value's filter (field:"value") counts
# exactly the documents its facet count says
filter_counts() {
    fdb=$1; what=$2
    "$NS" --db "$fdb" --all --facets --format json -n 0 |
        jq -r '.facets | to_entries[] | .key as $k | .value[] | [$k, .value, .count] | @tsv' >"$T/facets.tsv"
    nf=0; nbad=0
    while IFS='	' read -r field value want; do
        got=$("$NS" --db "$fdb" --count "$field:\"$value\"" 2>&1)
        nf=$((nf + 1))
        [ "$got" = "$want" ] || { nbad=$((nbad + 1)); echo "  | $field:\"$value\": $got, facet says $want"; }
    done <"$T/facets.tsv"
    [ "$nf" -gt 0 ] && [ "$nbad" = 0 ] && ok || bad "$what: $nbad of $nf filter counts differ from their facet counts"
}

DB="$T/db"
ncorpus=$(find "$top/corpus" -type f ! -name '.*' | wc -l)

# ---- indexing corpus/ ----
expect_rc 0 "index corpus" "$NI" --db "$DB" -q "$top/corpus"
xcheck "$DB"
expect_rc 0 "count all" "$NS" --db "$DB" --all --count
ndocs=$(cat "$T/out")
[ "$ndocs" -ge "$ncorpus" ] && ok || bad "documents ($ndocs) fewer than corpus files ($ncorpus)"

# a second run changes nothing
expect_rc 0 "re-index corpus" "$NI" --db "$DB" "$top/corpus"
contains "$T/err" "0 added, 0 updated, $ncorpus unchanged, 0 removed, 0 failed" "second run summary"
expect_rc 0 "count again" "$NS" --db "$DB" --all --count
equals "$(cat "$T/out")" "$ndocs" "document count after a second run"

# ---- the seed article ----
expect_rc 0 "lavrov islamabad" "$NS" --db "$DB" lavrov islamabad
contains "$T/out" "Russia, Pakistan Discuss Military Ties" "seed title"
contains "$T/out" "2021-04-08" "seed date"
contains "$T/out" "Reuters" "seed source"
contains "$T/out" "[Lavrov]" "highlighted Lavrov"
contains "$T/out" "[Islamabad]" "highlighted Islamabad"
contains "$T/out" "2021/04/08/russia-pakistan-lavrov.txt" "seed path"
expect_rc 1 "no match" "$NS" --db "$DB" zzyzxnotaword
expect_rc 2 "missing index" "$NS" --db "$T/nope" lavrov
contains "$T/err" "no index" "missing index message"

# ---- export ----
expect_rc 0 "export" "$NS" --db "$DB" --all --format jsonl
equals "$(wc -l <"$T/out" | tr -d ' ')" "$ndocs" "export lines"
jq -e . "$T/out" >/dev/null 2>&1 && ok || bad "export is not valid JSON lines"
seed=$(jq -r 'select(.path == "corpus/2021/04/08/russia-pakistan-lavrov.txt") | [.date, .source, .title] | @tsv' "$T/out")
equals "$seed" "$(printf '2021-04-08T00:00:00Z\tReuters\tRussia, Pakistan Discuss Military Ties, Counter-Terrorism Cooperation in Islamabad Meeting')" "seed export fields"

# ---- stop words: not indexed, skipped inside phrases ----
expect_rc 0 "phrase with a stop word" "$NS" --db "$DB" --count '"cooperation in islamabad"'
equals "$(cat "$T/out")" "1" "phrase with a stop word: the seed"
expect_rc 0 "title phrase with a stop word" "$NS" --db "$DB" --count 'title:"cooperation in islamabad"'
equals "$(cat "$T/out")" "1" "title phrase with a stop word: the seed"
expect_rc 1 "phrase in the wrong order" "$NS" --db "$DB" '"islamabad in cooperation"'
expect_rc 1 "stop words alone" "$NS" --db "$DB" the of
# the record stores no id equal to the path; the output still has it
"$NS" --db "$DB" --all --format jsonl | jq -r 'select(.id == null or .id == "") | .path' >"$T/noid"
equals "$(wc -l <"$T/noid" | tr -d ' ')" "0" "every exported document has an id"

# ---- data files are read only when a query needs them ----
expect_rc 0 "plain words without data files" env NX_DATA_DIR="$T/nodata" "$NS" --db "$DB" lavrov islamabad
expect_rc 2 "country: without data files" env NX_DATA_DIR="$T/nodata" "$NS" --db "$DB" country:pk lavrov
contains "$T/err" "countries.tsv" "country: without data files: names the file"

# ---- schema versions ----
SD="$T/schemadb"
"$NI" --db "$SD" -q "$top/corpus" || true
xapian-metadata set "$SD" newsindex.schema 1
expect_rc 0 "older schema: rebuilt" "$NI" --db "$SD" "$top/corpus"
contains "$T/err" "index schema 1 is older" "older schema: message"
contains "$T/err" "$ndocs documents" "older schema: all documents again"
equals "$(xapian-metadata get "$SD" newsindex.schema)" "$(sed -n 's/^#define NX_SCHEMA_VERSION //p' "$top/include/newsindex/schema.h")" "older schema: now the current one"
xapian-metadata set "$SD" newsindex.schema 99
expect_rc 2 "newer schema: refused" "$NI" --db "$SD" "$top/corpus"
contains "$T/err" "newer than this newsindex" "newer schema: message"

# ---- hostile files: one line each, nothing lost ----
H="$T/hostile"
sh "$top/tests/make-hostile.sh" "$H"
cp "$top/corpus/2021/04/08/russia-pakistan-lavrov.txt" "$H/good.txt"
expect_rc 1 "index hostile files" "$NI" --db "$T/hdb" -q "$H"
xcheck "$T/hdb"
lines=$(grep -c 'skipped' "$T/err")
nfiles=$(find "$H" -type f | wc -l)
[ "$lines" -ge 1 ] && [ "$lines" -lt "$nfiles" ] && ok || bad "hostile: $lines skip lines for $nfiles files"
lacks "$T/out" "root:" "no external entity expanded"
expect_rc 0 "search after hostile" "$NS" --db "$T/hdb" lavrov
if grep -rq 'root:x:0' "$T/hdb" 2>/dev/null; then bad "xxe: /etc/passwd content in the index"; else ok; fi

# ---- newsindex options ----
expect_rc 0 "-j1 -v" "$NI" --db "$T/jdb" -j 1 -v "$top/corpus"
equals "$(grep -c ': added ' "$T/err")" "$ncorpus" "-v names every file added"
expect_rc 0 "--progress" "$NI" --db "$T/jdb" --progress --full "$top/corpus"
contains "$T/err" "files/s" "--progress draws a bar on a pipe"
cat >"$T/topics.tsv" <<'EOF2'
topic	quakes	earthquakes and tsunamis	2
quakes	3	earthquake*
quakes	3	tsunami*
EOF2
expect_rc 0 "--topics FILE" "$NI" --db "$T/tdb" -q --topics "$T/topics.tsv" "$top/corpus"
expect_rc 0 "own taxonomy searchable" "$NS" --db "$T/tdb" --format tsv --no-snippets topic:quakes
contains "$T/out" "Massive quake and tsunami strike northeast Japan" "--topics: own topic assigned"
lacks "$T/out" "economy" "--topics: default taxonomy replaced"
expect_rc 2 "--topics missing file" "$NI" --db "$T/tdb" -q --topics "$T/nope.tsv" "$top/corpus"
contains "$T/err" "nope.tsv" "--topics error names the file"

# ---- make install ----
if make -s -C "$top" install DESTDIR="$T/inst" PREFIX=/usr/local >"$T/out" 2>&1; then
    for f in bin/newsindex bin/newssearch share/newsindex/countries.tsv share/newsindex/topics.tsv \
        share/newsindex/sources.tsv share/man/man1/newsindex.1 share/man/man1/newssearch.1 \
        share/bash-completion/completions/newssearch; do
        [ -f "$T/inst/usr/local/$f" ] && ok || bad "install: no $f"
    done
    expect_rc 0 "installed newssearch finds its data" env -u NX_DATA_DIR "$T/inst/usr/local/bin/newssearch" --db "$DB" country:pakistan lavrov
else
    bad "make install failed"; sed 's/^/  | /' "$T/out" | head -5
fi

. "$top/tests/e2e-search.sh"
. "$top/tests/e2e-hostile-query.sh"
. "$top/tests/e2e-args.sh"
. "$top/tests/docs-examples.sh"
. "$top/tests/e2e-nightly.sh"
. "$top/tests/e2e-safety.sh"
. "$top/tests/e2e-concurrency.sh"
. "$top/tests/e2e-report.sh"
. "$top/tests/e2e-saved.sh"
. "$top/tests/e2e-bounds.sh"
. "$top/tests/e2e-output.sh"
. "$top/tests/e2e-stories.sh"
. "$top/tests/e2e-shards.sh"

echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
