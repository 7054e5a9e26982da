# e2e-nightly.sh - sourced by e2e.sh: incremental re-runs, crash safety,
# the lock, signals, exit codes and the run summary.

A="$T/arch"
ND="$T/ndb"
cp -R "$top/corpus" "$A"

expect_rc 0 "nightly: first run" "$NI" --db "$ND" -q "$A"
n0=$("$NS" --db "$ND" --all --count --no-collapse)

# change one file: re-indexed in place
f=$(find "$A" -name '*.txt' | sort | head -n 1)
printf '\nA zebrafinch appeared in the closing paragraph.\n' >>"$f"
expect_rc 0 "nightly: changed file" "$NI" --db "$ND" --summary-json "$T/sum.json" "$A"
contains "$T/err" "0 added, 1 updated" "nightly: one file updated"
expect_rc 0 "nightly: new word found" "$NS" --db "$ND" --count zebrafinch
equals "$(cat "$T/out")" "1" "nightly: the changed text is searchable"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$n0" "nightly: count after a change"
equals "$(jq -r '[.updated, .added, .removed, .failed, .status] | @tsv' "$T/sum.json")" \
    "$(printf '1\t0\t0\t0\tok')" "nightly: summary JSON"

# delete a file: its document is pruned; --no-prune keeps documents
g=$(find "$A" -name '*.html' | sort | head -n 1)
rm "$g"
expect_rc 0 "nightly: --no-prune" "$NI" --db "$ND" --no-prune "$A"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$n0" "nightly: --no-prune keeps the document"
expect_rc 0 "nightly: deleted file" "$NI" -v --db "$ND" "$A"
contains "$T/err" "1 removed" "nightly: one removed"
contains "$T/err" "${g#"$A"/}: removed (file gone)" "nightly: -v names the removed file"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$((n0 - 1))" "nightly: count after a delete"

# a root that cannot be read is fatal and changes nothing
expect_rc 2 "nightly: missing root" "$NI" --db "$ND" "$A" "$T/no-such-dir"
contains "$T/err" "no-such-dir: No such file or directory" "nightly: missing root message"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$((n0 - 1))" "nightly: missing root prunes nothing"
expect_rc 2 "nightly: only a missing root" "$NI" --db "$ND" "$T/no-such-dir"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$((n0 - 1))" "nightly: only a missing root prunes nothing"

# add a file
cp "$top/corpus/2021/04/08/russia-pakistan-lavrov.txt" "$A/added-copy.txt"
expect_rc 0 "nightly: added file" "$NI" --db "$ND" "$A"
contains "$T/err" "1 added, 0 updated" "nightly: one added"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$n0" "nightly: count after an add"

# a feed that loses an item loses exactly that document
feed=$(grep -l '<item>' -r "$A" | sort | head -n 1)
if [ -n "$feed" ]; then
    items=$(grep -c '<item>' "$feed")
    awk 'BEGIN { skip = 0 } /<item>/ && !done { skip = 1 } { if (!skip) print } /<\/item>/ && skip { skip = 0; done = 1 }' \
        "$feed" >"$T/feed.tmp" && cat "$T/feed.tmp" >"$feed"
    equals "$(grep -c '<item>' "$feed")" "$((items - 1))" "nightly: feed item dropped from the file"
    expect_rc 0 "nightly: changed feed" "$NI" --db "$ND" "$A"
    equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$((n0 - 1))" "nightly: feed lost one document"
    n0=$((n0 - 1))
else
    bad "nightly: corpus/ has no RSS feed"
fi

# moving the archive (and saying where it went), or indexing a copy in its
# place, duplicates nothing
mv "$A" "$T/moved"
expect_rc 2 "nightly: moved archive, not said" "$NI" --db "$ND" "$T/moved"
contains "$T/err" "if the archive moved to" "nightly: moved archive: the message says how"
expect_rc 0 "nightly: moved archive" "$NI" --db "$ND" "arch=$T/moved"
contains "$T/err" "moved from" "nightly: moved archive: said"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$n0" "nightly: count after a move"
contains "$T/err" "0 added, 0 updated" "nightly: a move re-reads nothing"
cp -R "$T/moved" "$A"
expect_rc 0 "nightly: copied archive" "$NI" --db "$ND" "arch=$A"
equals "$("$NS" --db "$ND" --all --count --no-collapse)" "$n0" "nightly: count after indexing a copy"
xcheck "$ND"

filter_counts "$ND" "nightly: filters after the updates"

# A filter that every document carries, after an update of a built index
# (Xapian read the wrong chunks: "Unexpected end of posting list")
FA="$T/farch"
mkdir -p "$FA"
awk -v d="$FA" 'BEGIN { for (i = 0; i < 3000; i++) { f = sprintf("%s/a%05d.txt", d, i)
    printf "Title %d\n\nLONDON, April 8 (Reuters) - Body number %d of the test.\n", i, i >f; close(f) } }'
expect_rc 0 "every-doc filter: build" "$NI" -q --db "$T/fdb" "$FA"
touch -d 2020-03-01 "$FA/a01234.txt"
expect_rc 0 "every-doc filter: update" "$NI" -q --db "$T/fdb" "$FA"
expect_rc 0 "every-doc filter: source:reuters" "$NS" --db "$T/fdb" --count source:reuters
equals "$(cat "$T/out")" "3000" "every-doc filter: count after the update"
filter_counts "$T/fdb" "every-doc filter"

# --full rebuilds to the same export
"$NS" --db "$ND" --all --format jsonl | sort >"$T/before.jsonl"
expect_rc 0 "nightly: --full" "$NI" --db "$ND" --full -q "$A"
"$NS" --db "$ND" --all --format jsonl | sort >"$T/after.jsonl"
cmp -s "$T/before.jsonl" "$T/after.jsonl" && ok || bad "nightly: --full export differs from the incremental one"

# usage errors are fatal (2)
expect_rc 2 "nightly: no --db" env -u NEWSINDEX_DB "$NI" "$A"
expect_rc 2 "nightly: bad --batch" "$NI" --db "$ND" --batch x "$A"

# ---- a longer run: lock, concurrent search, SIGKILL, SIGTERM ----
BULK="$T/bulk"
sh "$top/tests/make-bulk.sh" "$BULK" 5000
REF="$T/refdb"
expect_rc 0 "bulk: reference run" "$NI" --db "$REF" -q "$BULK"
"$NS" --db "$REF" --all --format jsonl | sort >"$T/ref.jsonl"
equals "$(wc -l <"$T/ref.jsonl" | tr -d ' ')" "5000" "bulk: reference count"

# wait_until COMMAND...: run it every 10 ms until it succeeds (at most 30 s)
wait_until() {
    i=0
    while [ "$i" -lt 3000 ]; do
        "$@" && return 0
        sleep 0.01
        i=$((i + 1))
    done
    return 1
}
# the index at $1 has committed more than $2 (default 0) documents
has_docs() {
    c=$("$NS" --db "$1" --all --count 2>/dev/null) && [ "$c" -gt "${2:-0}" ]
}
wait_docs() { wait_until has_docs "$@"; }
# a build from nothing into $1 has started (its work directory exists)
wait_build() { wait_until test -d "$1.build"; }

# An index holding part of the bulk archive, so that the next run over all
# of it updates the index in place (committing as it goes) rather than
# building it from nothing.
seed() {
    "$NI" --db "$1" -q --exclude '199[2-9]' --exclude '20??' "$BULK" || bad "seed $1"
    nseed=$("$NS" --db "$1" --all --count --no-collapse)
}

# the lock: a second writer fails at once with 3; --wait waits
LK="$T/lockdb"
seed "$LK"
"$NI" --db "$LK" -q --batch 50 "$BULK" &
pid=$!
wait_docs "$LK" "$nseed" && ok || bad "lock: first run committed nothing"
kill -STOP "$pid"
expect_rc 3 "lock: second writer" "$NI" --db "$LK" -q "$BULK"
contains "$T/err" "$LK is being updated by another newsindex (pid $pid, since " "lock: message names the writer"
contains "$T/err" "; --wait waits for it" "lock: message names --wait"
lacks "$T/err" "DatabaseLockError" "lock: no raw Xapian text"
# "--wait 1" (a space, not =): 1 is the seconds, not an archive
start=$(date +%s)
expect_rc 3 "lock: --wait 1" "$NI" --db "$LK" -q --wait 1 "$BULK"
contains "$T/err" "gave up waiting" "lock: --wait 1 waited, then gave up"
lacks "$T/err" "No such file" "lock: --wait 1: 1 is not taken for an archive"
[ $(( $(date +%s) - start )) -lt 10 ] && ok || bad "lock: --wait 1 waited too long"
mkdir -p "$T/waitdir/10"
expect_rc 2 "lock: --wait 10 beside a directory 10" sh -c "cd '$T/waitdir' && '$NI' --db '$T/waitdir.db' --wait 10 '$BULK'"
contains "$T/err" "seconds, or the directory 10?" "lock: --wait 10 and a directory 10: asks"
# concurrent search sees the last commit
expect_rc 0 "lock: search during indexing" "$NS" --db "$LK" --all --count
(sleep 1; kill -CONT "$pid") &
expect_rc 0 "lock: --wait" "$NI" --db "$LK" -q --wait=120 "$BULK"
wait "$pid"
equals "$("$NS" --db "$LK" --all --count --no-collapse)" "5000" "lock: count after both runs"

# SIGKILL in the middle, then a re-run: the same export as one clean run;
# updating in place (tries 1, 2) and building from nothing (3, 4)
for try in 1 2 3 4; do
    KD="$T/killdb$try"
    if [ "$try" -le 2 ]; then
        seed "$KD"
        "$NI" --db "$KD" -q --batch 100 "$BULK" &
        pid=$!
        wait_docs "$KD" "$nseed" || true
    else
        "$NI" --db "$KD" -q "$BULK" &
        pid=$!
        wait_build "$KD" || true
    fi
    sleep "0.$try"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    xcheck "$KD"
    # the kill must have landed mid-run for the check below to mean anything
    mid=$("$NS" --db "$KD" --all --count 2>/dev/null) || true
    [ "${mid:-0}" -lt 5000 ] && ok || bad "kill $try: the run had finished before the kill ($mid)"
    expect_rc 0 "kill $try: re-run" "$NI" --db "$KD" -q "$BULK"
    "$NS" --db "$KD" --all --format jsonl | sort >"$T/kill.jsonl"
    cmp -s "$T/ref.jsonl" "$T/kill.jsonl" && ok || bad "kill $try: export differs from the clean run"
    [ -e "$KD.build" ] && bad "kill $try: the work directory was left behind" || ok
done

# SIGKILL during --full: the old index stays whole and usable
FD="$T/fulldb"
cp -r "$REF" "$FD"
"$NI" --db "$FD" -q --full "$BULK" &
pid=$!
wait_build "$FD" && ok || bad "--full: no build started"
sleep 0.3
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
xcheck "$FD"
"$NS" --db "$FD" --all --format jsonl | sort >"$T/full.jsonl"
cmp -s "$T/ref.jsonl" "$T/full.jsonl" && ok || bad "--full killed: the old index changed"
expect_rc 0 "--full killed: re-run" "$NI" --db "$FD" -q "$BULK"
[ -e "$FD.build" ] && bad "--full killed: the re-run left the work directory" || ok

# SIGTERM: commit what is done, exit 1, summary says interrupted
TD="$T/termdb"
"$NI" --db "$TD" -q --summary-json "$T/term.json" "$BULK" &
pid=$!
wait_build "$TD" || true
sleep 0.3
kill -TERM "$pid"
wait "$pid"
rc=$?
equals "$rc" "4" "sigterm: exit status"
xcheck "$TD"
equals "$(jq -r .interrupted "$T/term.json")" "true" "sigterm: summary says interrupted"
committed=$("$NS" --db "$TD" --all --count --no-collapse)
equals "$(jq -r .documents "$T/term.json")" "$committed" "sigterm: summary count is what was committed"
expect_rc 0 "sigterm: re-run" "$NI" --db "$TD" -q "$BULK"
equals "$("$NS" --db "$TD" --all --count --no-collapse)" "5000" "sigterm: re-run completes"
