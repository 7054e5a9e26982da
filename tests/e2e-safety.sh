# e2e-safety.sh - sourced by e2e.sh: nothing is lost. Each mistake a user
# can make on the command line, a full or read-only disk, a damaged index,
# a signal: newsindex refuses or stops with one line and the right exit
# status, and the user's files, the archive and the old index stay byte for
# byte (files) or document for document (indexes) as they were.

SF="$T/safety"
mkdir -p "$SF"
# tree_sum DIR: every name, and every file's bytes, under DIR
tree_sum() { (cd "$1" && find . | sort && find . -type f -exec md5sum {} + | sort) | md5sum; }
# index_sum DB: every document of the index
index_sum() { "$NS" --db "$1" --all --format jsonl 2>&1 | sort | md5sum; }
# one_line WHAT: the run said one line on stderr
one_line() { equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "$1: one line"; }

SA="$SF/archive"
cp -R "$top/corpus" "$SA"
arch_sum=$(tree_sum "$SA")

# ---- --db must be newsindex's own ----
NOTES="$SF/notes"
mkdir -p "$NOTES/sub"
echo "my notes" >"$NOTES/todo.txt"
echo "more" >"$NOTES/sub/more.txt"
notes_sum=$(tree_sum "$NOTES")
expect_rc 2 "safety: --db a directory of files" "$NI" --db "$NOTES" "$SA"
contains "$T/err" "not a newsindex index" "safety: --db a directory of files: says why"
one_line "safety: --db a directory of files"
equals "$(tree_sum "$NOTES")" "$notes_sum" "safety: the notes are untouched"
[ -e "$NOTES.build" ] && bad "safety: a work directory beside the notes" || ok

expect_rc 2 "safety: --db and archive swapped" "$NI" --db "$SA" "$SA"
one_line "safety: --db and archive swapped"
equals "$(tree_sum "$SA")" "$arch_sum" "safety: the swapped archive is untouched"
expect_rc 2 "safety: --db inside the archive" "$NI" --db "$SA/index.db" "$SA"
contains "$T/err" "inside the archive root" "safety: --db inside the archive: says why"
mkdir -p "$SF/up/a" && cp "$SA/2021/04/08/russia-pakistan-lavrov.txt" "$SF/up/a/"
expect_rc 2 "safety: --db a directory holding the archive" "$NI" --db "$SF/up" "$SF/up/a"
equals "$(find "$SF/up" -type f | wc -l | tr -d ' ')" "1" "safety: the archive under --db is untouched"
echo "x" >"$SF/afile"
expect_rc 2 "safety: --db a file" "$NI" --db "$SF/afile" "$SA"
contains "$T/err" "is a file" "safety: --db a file: says why"
equals "$(cat "$SF/afile")" "x" "safety: the file is untouched"

# a Xapian database newsindex did not write (here: one whose marker was
# taken away, holding documents)
FOREIGN="$SF/foreign.db"
"$NI" -q --db "$FOREIGN" "$SA" || bad "safety: foreign db setup"
xapian-metadata set "$FOREIGN" newsindex.schema ""
foreign_sum=$(tree_sum "$FOREIGN")
expect_rc 2 "safety: a foreign Xapian database" "$NI" --db "$FOREIGN" "$SA"
contains "$T/err" "did not write" "safety: a foreign Xapian database: says why"
expect_rc 2 "safety: a foreign Xapian database, --full" "$NI" --db "$FOREIGN" --full "$SA"
equals "$(tree_sum "$FOREIGN")" "$foreign_sum" "safety: the foreign database is untouched"

# the work directory: only newsindex's own is ever removed
DB="$SF/db"
expect_rc 0 "safety: first build" "$NI" -q --db "$DB" "$SA"
db_sum=$(index_sum "$DB")
mkdir -p "$DB.build"
echo "keep me" >"$DB.build/mine.txt"
expect_rc 2 "safety: a work directory not ours, --full" "$NI" --db "$DB" --full "$SA"
contains "$T/err" "did not make it" "safety: a work directory not ours: says why"
equals "$(cat "$DB.build/mine.txt")" "keep me" "safety: the user's work directory is untouched"
expect_rc 0 "safety: an update does not need the work directory" "$NI" -q --db "$DB" "$SA"
equals "$(cat "$DB.build/mine.txt")" "keep me" "safety: the work directory stays after an update"
rm -r "$DB.build"
# an archive inside an index
mkdir -p "$DB/inner"
cp "$SA/2021/04/08/russia-pakistan-lavrov.txt" "$DB/inner/"
expect_rc 2 "safety: an archive inside the index" "$NI" --db "$DB" "$DB/inner"
contains "$T/err" "holds the archive root" "safety: an archive inside the index: says why"
rm -r "$DB/inner"
# nothing is written beside the index but its work directory, and that goes
ls "$SF" | sort >"$T/ls.before"
expect_rc 0 "safety: --full" "$NI" -q --db "$DB" --full "$SA"
ls "$SF" | sort >"$T/ls.after"
cmp -s "$T/ls.before" "$T/ls.after" && ok || bad "safety: --full left something beside the index"
equals "$(index_sum "$DB")" "$db_sum" "safety: --full rebuilt the same index"
equals "$(tree_sum "$SA")" "$arch_sum" "safety: indexing never writes in the archive"

# ---- several roots: ids unique, labels, moves ----
R="$SF/roots"
mkdir -p "$R/bbc/tech" "$R/bbc/sport" "$R/other/tech"
for d in tech sport; do
    for i in 001 002 003; do
        printf 'A %s story %s\n\nLONDON, May 3 (Reuters) - The %s desk filed story %s.\n' \
            "$d" "$i" "$d" "$i" >"$R/bbc/$d/$i.txt"
    done
done
cp "$R/bbc/tech/001.txt" "$R/other/tech/001.txt"
RD="$SF/rdb"
expect_rc 0 "roots: two roots with the same file names" "$NI" -q --db "$RD" "$R/bbc/tech" "$R/bbc/sport"
equals "$("$NS" --db "$RD" --all --count --no-collapse)" "6" "roots: every file of both roots"
expect_rc 0 "roots: a re-run" "$NI" --db "$RD"
contains "$T/err" "0 added, 0 updated, 6 unchanged, 0 removed" "roots: a re-run of every root changes nothing"
"$NS" --db "$RD" --all --format jsonl | jq -r .id | sort >"$SF/ids"
equals "$(tr '\n' ' ' <"$SF/ids")" "sport/001.txt sport/002.txt sport/003.txt tech/001.txt tech/002.txt tech/003.txt " "roots: ids start with the label"
rd_sum=$(index_sum "$RD")
expect_rc 2 "roots: a second root with a taken label" "$NI" --db "$RD" "$R/other/tech"
contains "$T/err" "already names the root" "roots: taken label: says why"
expect_rc 2 "roots: two new roots with one label" "$NI" --db "$SF/rdb2" "$R/bbc/tech" "$R/other/tech"
[ -e "$SF/rdb2" ] && bad "roots: a refused first run left an index directory" || ok
expect_rc 0 "roots: a label given" "$NI" -q --db "$RD" "tech2=$R/other/tech"
equals "$("$NS" --db "$RD" --all --count --no-collapse)" "7" "roots: the labelled root is added"
expect_rc 0 "roots: --info lists the roots" "$NS" --db "$RD" --info
contains "$T/out" "tech2" "roots: --info names a label"
contains "$T/out" "$R/other/tech" "roots: --info names a root's path"
expect_rc 0 "roots: --info --format json" "$NS" --db "$RD" --info --format json
equals "$(jq -r '.roots | map(.label) | sort | join(",")' "$T/out")" "sport,tech,tech2" "roots: --info json lists the labels"
expect_rc 0 "roots: paths are absolute" "$NS" --db "$RD" --format paths --all --no-collapse "story"
contains "$T/out" "$R/bbc/sport/002.txt" "roots: paths: a file of one root"
contains "$T/out" "$R/other/tech/001.txt" "roots: paths: a file of another root"
# a root moved: the user says where it is, ids and documents stay
mv "$R/bbc/sport" "$R/sport-moved"
expect_rc 2 "roots: a moved root, not said" "$NI" --db "$RD" "$R/sport-moved"
expect_rc 0 "roots: a moved root, said" "$NI" --db "$RD" "sport=$R/sport-moved"
contains "$T/err" "0 added, 0 updated, 3 unchanged, 0 removed" "roots: a move re-reads nothing"
expect_rc 0 "roots: paths after the move" "$NS" --db "$RD" --format paths --all --no-collapse "sport"
contains "$T/out" "$R/sport-moved/002.txt" "roots: paths follow the move"
# --forget removes a root (the shrink guard applies)
expect_rc 0 "roots: --forget" "$NI" --db "$RD" --forget tech2
contains "$T/err" "1 removed" "roots: --forget removes its documents"
expect_rc 2 "roots: --forget an unknown label" "$NI" --db "$RD" --forget nope

# ---- updating one folder of a root ----
U="$SF/uarch"
cp -R "$top/corpus" "$U"
cp "$U/1987/10/19/wall-street-plunge.txt" "$U/1987/10/19/second-look.txt"
cp "$U/2016/06/24/brexit-referendum-result.html" "$U/2016/06/24/second-look.html"
UD="$SF/udb"
expect_rc 0 "subtree: build" "$NI" -q --db "$UD" "$U"
n_u=$("$NS" --db "$UD" --all --count --no-collapse)
rm "$U/1987/10/19/wall-street-plunge.txt" "$U/2016/06/24/brexit-referendum-result.html"
printf 'A fresh story\n\nPARIS, May 3 (AFP) - Something new in 1994.\n' >"$U/1994/05/10/fresh.txt"
expect_rc 0 "subtree: update one folder" "$NI" --db "$UD" "$U/1994"
contains "$T/err" "1 added, 0 updated" "subtree: the folder's new file is added"
contains "$T/err" "0 removed" "subtree: nothing outside the folder is removed"
equals "$("$NS" --db "$UD" --all --count --no-collapse)" "$((n_u + 1))" "subtree: count after a folder update"
expect_rc 0 "subtree: update another folder" "$NI" --db "$UD" "$U/1987"
contains "$T/err" "1 removed" "subtree: a file gone from that folder is removed"
expect_rc 0 "subtree: the whole root" "$NI" --db "$UD" "$U"
contains "$T/err" "1 removed" "subtree: the rest is removed by a whole-root run"
expect_rc 2 "subtree: --full of a folder" "$NI" --db "$UD" --full "$U/1994"

# ---- the shrink guard ----
G="$SF/garch"
sh "$top/tests/make-bulk.sh" "$G" 200
GD="$SF/gdb"
expect_rc 0 "shrink: build" "$NI" -q --db "$GD" "$G"
g_sum=$(index_sum "$GD")
mv "$G/1990" "$G/1991" "$G/1992" "$G/1993" "$G/1994" "$SF/"
expect_rc 2 "shrink: a run that would remove a fifth" "$NI" --db "$GD" --summary-json "$SF/g.json" "$G"
contains "$T/err" "would remove" "shrink: says how many"
contains "$T/err" "--allow-shrink" "shrink: says how to allow it"
equals "$(index_sum "$GD")" "$g_sum" "shrink: nothing was removed"
equals "$(jq -r '[.exit, .would_remove > 20, .status] | @tsv' "$SF/g.json")" "$(printf '2\ttrue\terror')" "shrink: summary"
expect_rc 2 "shrink: --full that would lose a fifth" "$NI" --db "$GD" --full "$G"
equals "$(index_sum "$GD")" "$g_sum" "shrink: --full kept the old index"
expect_rc 0 "shrink: allowed" "$NI" --db "$GD" --allow-shrink "$G"
contains "$T/err" "removed" "shrink: allowed: removed"
mv "$SF/1990" "$SF/1991" "$SF/1992" "$SF/1993" "$SF/1994" "$G/"

# a missing, unreadable or empty root, and a typo with --full
expect_rc 0 "roots check: back to whole" "$NI" -q --db "$GD" "$G"
g_sum=$(index_sum "$GD")
mkdir -p "$SF/unmounted"
expect_rc 2 "empty root" "$NI" --db "$GD" "$SF/unmounted"
contains "$T/err" "holds no file" "empty root: says why"
one_line "empty root"
expect_rc 2 "--full with a typo" "$NI" --db "$GD" --full "$SF/garhc"
one_line "--full with a typo"
equals "$(index_sum "$GD")" "$g_sum" "--full with a typo: the index is unchanged"
mv "$G" "$SF/gone"
expect_rc 2 "a recorded root gone, no argument" "$NI" --db "$GD"
equals "$(index_sum "$GD")" "$g_sum" "a recorded root gone: the index is unchanged"
mv "$SF/gone" "$G"

# ---- signals ----
# SIGTERM during --full over a complete index: the old index stays whole
SB="$SF/sbulk"
sh "$top/tests/make-bulk.sh" "$SB" 3000
SD="$SF/sdb"
expect_rc 0 "signal: build" "$NI" -q --db "$SD" "$SB"
s_sum=$(index_sum "$SD")
"$NI" -q --db "$SD" --full "$SB" --summary-json "$SF/s.json" &
pid=$!
wait_until test -d "$SD.build" || bad "signal: --full never started"
sleep 0.3
kill -TERM "$pid"
wait "$pid"
equals "$?" "4" "signal: --full interrupted: exit 4"
equals "$(index_sum "$SD")" "$s_sum" "signal: --full interrupted: the old index is whole"
equals "$(jq -r '[.interrupted, .documents] | @tsv' "$SF/s.json")" "$(printf 'true\t3000')" "signal: --full interrupted: summary"
[ -e "$SD.build" ] && bad "signal: the discarded build was left behind" || ok
# SIGINT during a first build: what it finished is published, and said
FD2="$SF/fdb2"
"$NI" --db "$FD2" "$SB" 2>"$SF/first.err" &
pid=$!
wait_until test -d "$FD2.build" || bad "signal: first build never started"
sleep 0.3
kill -INT "$pid"
wait "$pid"
equals "$?" "4" "signal: first build interrupted: exit 4"
if grep -q "published what it finished" "$SF/first.err"; then
    ok
    c=$("$NS" --db "$FD2" --all --count --no-collapse)
    [ "$c" -gt 0 ] && [ "$c" -lt 3000 ] && ok || bad "signal: first build published $c documents"
else
    bad "signal: the first build did not say what it published"; sed 's/^/  | /' "$SF/first.err" | head -3
fi
expect_rc 0 "signal: the next run completes" "$NI" -q --db "$FD2" "$SB"
equals "$("$NS" --db "$FD2" --all --count --no-collapse)" "3000" "signal: complete after the re-run"

# ---- exit codes, the summary, failures remembered, excludes ----
E="$SF/earch"
cp -R "$top/corpus" "$E"
: >"$E/bad.txt"
printf 'old\n' >"$E/notes.txt~"
printf 'Swap\n\nLONDON - swap\n' >"$E/.notes.swp"
printf 'A tmp\n\nLONDON - tmp\n' >"$E/draft.tmp"
ED="$SF/edb"
expect_rc 1 "failures: a bad file" "$NI" --db "$ED" --summary-json "$SF/e.json" "$E"
contains "$T/err" "bad.txt: skipped:" "failures: named"
equals "$(jq -r '[.format_version, .exit, .status, .failed, (.skipped | length), .skipped_total, (.roots | length), .db] | @tsv' "$SF/e.json")" \
    "$(printf '1\t1\tsome files skipped\t1\t1\t1\t1\t%s' "$ED")" "failures: summary fields"
jq -e '.skipped[0].path and .skipped[0].reason and .start and .end' "$SF/e.json" >/dev/null && ok || bad "failures: summary lists the skipped file"
expect_rc 0 "failures: the next run" "$NI" --db "$ED" --summary-json "$SF/e2.json" "$E"
lacks "$T/err" "bad.txt: skipped" "failures: not warned again"
contains "$T/err" "1 file still fails as before" "failures: counted as still failing"
equals "$(jq -r .still_failing "$SF/e2.json")" "1" "failures: summary still_failing"
expect_rc 0 "failures: -v lists it" "$NI" -v --db "$ED" "$E"
contains "$T/err" "bad.txt: still skipped" "failures: -v names it"
expect_rc 1 "failures: --retry-failed" "$NI" --db "$ED" --retry-failed "$E"
contains "$T/err" "bad.txt: skipped:" "failures: --retry-failed reads it again"
printf 'Now a story\n\nLONDON, May 3 (Reuters) - It parses now.\n' >"$E/bad.txt"
expect_rc 0 "failures: a fixed file is read" "$NI" --db "$ED" "$E"
contains "$T/err" "1 added" "failures: the fixed file is indexed"
"$NS" --db "$ED" --all --format paths >"$T/out"
lacks "$T/out" "notes.txt~" "excludes: editor backups are skipped"
lacks "$T/out" "draft.tmp" "excludes: temporary files are skipped"
expect_rc 0 "excludes: --exclude" "$NI" --db "$ED" --exclude 'feeds' --allow-shrink "$E"
"$NS" --db "$ED" --all --format paths >"$T/out"
lacks "$T/out" "/feeds/" "excludes: --exclude skips a folder"
expect_rc 0 "excludes: --no-default-excludes" "$NI" -q --db "$ED" --no-default-excludes "$E"
"$NS" --db "$ED" --all --format paths >"$T/out"
contains "$T/out" "draft.tmp" "excludes: --no-default-excludes indexes them"
grep -q '^SuccessExitStatus=1$' "$top/contrib/newsindex.service" && ok || bad "contrib: the service treats 1 as success"
grep -q '^RequiresMountsFor=' "$top/contrib/newsindex.service" && ok || bad "contrib: the service waits for the archive's mount"

# ---- the lock, permissions, read-only, damage ----
LD="$SF/ldb"
expect_rc 0 "unwritable: build" "$NI" -q --db "$LD" "$SA"
l_sum=$(index_sum "$LD")
chmod go+x "$T"
chmod -R go+rX "$SF"
if command -v setpriv >/dev/null 2>&1; then
    # another user's index: not "locked", and --wait does not wait
    start=$(date +%s)
    expect_rc 2 "unwritable: another user's index" setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$NI" --db "$LD" --wait=30 "$SA"
    contains "$T/err" "cannot write the index" "unwritable: another user's index: says why"
    lacks "$T/err" "locked" "unwritable: not told as locked"
    [ $(( $(date +%s) - start )) -lt 10 ] && ok || bad "unwritable: --wait waited for a permission error"
else
    bad "setpriv (util-linux) is missing"
fi
# --wait gives up at a signal
"$NI" -q --db "$LD" --full "$SA" &
holder=$!
wait_until test -d "$LD.build" || bad "--wait and SIGTERM: the holder never started"
kill -STOP "$holder" 2>/dev/null
"$NI" -q --db "$LD" --wait "$SA" 2>"$SF/wait.err" &
waiter=$!
sleep 0.5
kill -TERM "$waiter"
wait "$waiter"
wrc=$?
kill -CONT "$holder" 2>/dev/null
wait "$holder"
equals "$wrc" "4" "--wait and SIGTERM: exit status"
contains "$SF/wait.err" "gave up waiting" "--wait and SIGTERM: says so"
equals "$(index_sum "$LD")" "$l_sum" "--wait and SIGTERM: the index is whole"
# a damaged index: one line, and --check tells. (libxapian 1.4.22's own
# Database::check frees an object with a mismatched size, which ASan
# reports as new-delete-type-mismatch inside libxapian.so: that one ASan
# check is off for --check runs, and only there.)
check_env="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}new_delete_type_mismatch=0"
DM="$SF/dmg"
cp -R "$LD" "$DM"
printf 'garbage garbage garbage garbage' | dd of="$DM/postlist.glass" bs=1 seek=8200 conv=notrunc 2>/dev/null
# (run without expect_rc, which would xapian-check the damaged index)
env "$check_env" "$NI" --db "$DM" --check 2>"$T/err"
equals "$?" "2" "damage: --check: exit status"
contains "$T/err" "is damaged" "damage: --check says so"
one_line "damage: --check"
expect_rc 0 "damage: --check of a sound index" env "$check_env" "$NI" --db "$LD" --check
printf 'not glass' >"$DM/iamglass"
"$NI" --db "$DM" "$SA" 2>"$T/err"
equals "$?" "2" "damage: a broken version file: exit status"
contains "$T/err" "$DM" "damage: a broken version file: names the index"
one_line "damage: a broken version file"

# ---- a full disk, a read-only file system ----
M="$SF/mnt"
mkdir -p "$M"
if mount -t tmpfs -o size=3m tmpfs "$M" 2>"$SF/mount.err"; then
    expect_rc 0 "full disk: a first build that fits" "$NI" -q --db "$M/db" "$SA"
    m_sum=$(index_sum "$M/db")
    BIG="$SF/big"
    sh "$top/tests/make-bulk.sh" "$BIG" 3000
    expect_rc 2 "full disk: an update" "$NI" -q --db "$M/db" --batch 100000 "$SA" "$BIG"
    contains "$T/err" "is full" "full disk: an update: says so"
    one_line "full disk: an update"
    equals "$(index_sum "$M/db")" "$m_sum" "full disk: an update: the index is as it was"
    xcheck "$M/db"
    expect_rc 2 "full disk: --full" "$NI" -q --db "$M/db" --full "$SA" "$BIG"
    contains "$T/err" "is full" "full disk: --full: says so"
    equals "$(index_sum "$M/db")" "$m_sum" "full disk: --full: the index is as it was"
    [ -e "$M/db.build" ] && bad "full disk: the work directory was left" || ok
    expect_rc 2 "full disk: a first build" "$NI" -q --db "$M/db2" "$BIG"
    contains "$T/err" "is full" "full disk: a first build: says so"
    [ -e "$M/db2" ] && bad "full disk: a failed first build left its directory" || ok
    umount "$M"
    mount -t tmpfs -o size=200m tmpfs "$M"
    cp -R "$SF/ldb" "$M/db"
    expect_rc 0 "full disk: with space the run completes" "$NI" -q --db "$M/db" "$SA" "$BIG"
    equals "$("$NS" --db "$M/db" --all --count --no-collapse)" "$(( $("$NS" --db "$SF/ldb" --all --count --no-collapse) + 3000 ))" "full disk: every document"
    mount -o remount,ro "$M"
    start=$(date +%s)
    "$NI" --db "$M/db" --wait=30 "$SA" 2>"$T/err"
    equals "$?" "2" "read-only: an update: exit status"
    [ $(( $(date +%s) - start )) -lt 10 ] && ok || bad "read-only: --wait waited for a read-only disk"
    contains "$T/err" "read-only" "read-only: says so"
    one_line "read-only: an update"
    expect_rc 0 "read-only: search still works" "$NS" --db "$M/db" --count lavrov
    umount "$M"
else
    echo "e2e-safety: full-disk and read-only cases not run: cannot mount a tmpfs here ($(cat "$SF/mount.err"))"
fi

# ---- the walk stays in the archive; any file name is indexed and shown safely ----
W="$SF/warch"
mkdir -p "$W/in"
cp "$top/corpus/2021/04/08/russia-pakistan-lavrov.txt" "$W/in/story.txt"
printf 'Secret\n\nLONDON - secret outside words zanzibarquux.\n' >"$SF/outside.txt"
ln -s "$SF/outside.txt" "$W/in/outside.txt"
ln -s ../in "$W/in/loop"
ln -s story.txt "$W/in/alias.txt"
ln -s "$SF/nowhere" "$W/in/broken.txt"
WD="$SF/wdb"
expect_rc 1 "links: a link out of the archive" "$NI" --db "$WD" --summary-json "$SF/w.json" "$W"
equals "$(jq -r .not_followed "$SF/w.json")" "1" "links: counted as not followed"
contains "$T/err" "1 symbolic link out of the archive not followed" "links: said"
contains "$T/err" "broken.txt: skipped:" "links: a broken link is skipped"
expect_rc 1 "links: nothing outside is searchable" "$NS" --db "$WD" zanzibarquux
expect_rc 0 "links: a link inside is followed" "$NS" --db "$WD" --count --no-collapse lavrov
equals "$(cat "$T/out")" "2" "links: the story and its alias"
expect_rc 1 "links: -v names the link" "$NI" -v --db "$WD" "$W"
contains "$T/err" "outside.txt: not followed" "links: -v names the link"
expect_rc 1 "links: --follow" "$NI" --db "$WD" --follow "$W"
expect_rc 0 "links: --follow indexes it" "$NS" --db "$WD" --count zanzibarquux
# names that are not UTF-8, or hold terminal escapes and bidi overrides
N8="$SF/names"
mkdir -p "$N8"
printf 'Cafe story\n\nPARIS, May 3 (AFP) - A story in a latin-1 named file about quokkas.\n' \
    >"$N8/$(printf 'caf\351.txt')"
: >"$N8/$(printf 'red\033[31m\342\200\256txt.gpj')"
ND8="$SF/n8db"
expect_rc 1 "names: indexed" "$NI" --db "$ND8" "$N8"
contains "$T/err" 'red\x1B[31m\u{202E}txt.gpj: skipped' "names: escaped in messages"
if grep -q "$(printf '\033')" "$T/err"; then bad "names: a raw escape reached the terminal"; else ok; fi
expect_rc 0 "names: searchable" "$NS" --db "$ND8" quokkas
contains "$T/out" 'names/caf\xE9.txt' "names: shown escaped"
expect_rc 0 "names: paths give the bytes" "$NS" --db "$ND8" --format paths quokkas
equals "$(cat "$T/out")" "$N8/$(printf 'caf\351.txt')" "names: paths give the file's own name"
expect_rc 0 "names: a re-run reads nothing" "$NI" --db "$ND8" "$N8"
contains "$T/err" "0 added, 0 updated, 1 unchanged" "names: a re-run finds the file unchanged"
