# e2e-shards.sh - sourced by e2e.sh: an archive in shards. corpus/ and a
# bulk archive (tests/make-bulk.sh) indexed as one index, as local shards
# (newsindex --shards 2), and as shards built one by one (--shard K/N)
# served by two xapian-tcpsrv on 127.0.0.1 (ports chosen free at run time);
# local, remote and mixed searches must give exactly the ranked ids,
# scores, totals and facet counts of the single index. Then a shard that
# cannot be reached or does not answer (error, or --allow-partial), the
# --shard mark, --compact.

SB="$T/shard-bulk"
sh "$top/tests/make-bulk.sh" "$SB" 400
S1="$T/sh-one.db"
SL="$T/sh-local.db"
expect_rc 0 "shards: one index" "$NI" --db "$S1" -q "$top/corpus" "$SB"
expect_rc 0 "shards: --shards 2" "$NI" --db "$SL" -q --shards 2 "$top/corpus" "$SB"
xcheck "$SL/shard-0"
xcheck "$SL/shard-1"
contains "$SL/XAPIANDB" "auto shard-1" "shards: the stub lists the shards"
# (libxapian 1.4.22's Database::check trips ASan's new-delete-type-mismatch:
# off for --check runs only, as in e2e-safety.sh)
expect_rc 0 "shards: --check checks every shard" env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}new_delete_type_mismatch=0" "$NI" --db "$SL" --check
contains "$T/err" "no damage found" "shards: --check of the shards"
expect_rc 2 "shards: --shards with --shard" "$NI" --db "$T/nope.db" -q --shards 2 --shard 0/2 "$SB"
expect_rc 2 "shards: --shards with --summary-json" "$NI" --db "$T/nope.db" -q --shards 2 --summary-json "$T/s.json" "$SB"
[ -e "$T/nope.db" ] || [ -e "$T/s.json" ] && bad "shards: a refused --shards wrote something" || ok
# Counts are of documents (--no-collapse), not stories: each shard
# clusters its own documents' near-duplicates (README, shards).
n0=$("$NS" --db "$SL/shard-0" --count --all --no-collapse)
n1=$("$NS" --db "$SL/shard-1" --count --all --no-collapse)
nall=$("$NS" --db "$S1" --count --all --no-collapse)
equals "$((n0 + n1))" "$nall" "shards: the shards hold the archive's documents between them"
[ "$n0" -gt 50 ] && [ "$n1" -gt 50 ] && ok || bad "shards: both shards hold documents ($n0, $n1)"
# The shards of N machines: each builds its own share.
SR0="$T/sh-r0.db"
SR1="$T/sh-r1.db"
expect_rc 0 "shards: --shard 0/2" "$NI" --db "$SR0" -q --shard 0/2 "$top/corpus" "$SB"
expect_rc 0 "shards: --shard 1/2" "$NI" --db "$SR1" -q --shard 1/2 "$top/corpus" "$SB"
equals "$("$NS" --db "$SR0" --count --all --no-collapse)" "$n0" "shards: --shard 0/2 holds what --shards 2 put in shard-0"
equals "$(xapian-metadata get "$SR1" newsindex.shard)" "1/2" "shards: the shard records K/N"

# Two shard servers, each on a free port: a port found taken is tried
# again with another one. Killed on every way out of the tests.
SRV_PIDS=""
trap 'for p in $SRV_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
. "$top/tests/tcpsrv.sh"
if start_server "$T" "$SR0"; then P0=$port; SRV0=$srv; else bad "shards: cannot start xapian-tcpsrv"; fi
if start_server "$T" "$SR1"; then P1=$port; SRV1=$srv; else bad "shards: cannot start xapian-tcpsrv"; fi
printf '# two shard servers\nremote :127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P0" "$P1" >"$T/remote.stub"
printf 'auto %s\nremote 127.0.0.1:%s\n' "$SL/shard-0" "$P1" >"$T/mixed.stub"

# sh_result DB... -- ARGS: the result of a search --all, as one line per
# hit: its group of equal sort keys (the score; the date and the score when
# sorted by date), the id
# and the keys; then total and facets. Among hits of equal keys the order
# is the docids', which differ from one layout to another: sorted by id
# within a group, the lists must be equal.
sh_result() {
    dbs=""
    while [ "$1" != "--" ]; do dbs="$dbs --db $1"; shift; done
    shift
    sorted=false
    case " $* " in *" --sort "*) sorted=true ;; esac
    # shellcheck disable=SC2086
    "$NS" $dbs --all --no-snippets --format json "$@" |
        jq -c --argjson sorted "$sorted" '(.total, .facets, .relaxed),
               ([.hits[] | (.score * 1e10 | round) as $s |
                 {k: (if $sorted then [.date, $s] else $s end), id}] |
                reduce .[] as $h ({g: 0, prev: null, out: []};
                    (if $h.k == .prev then . else .g += 1 | .prev = $h.k end) |
                    .out += [[.g, $h.id, $h.k]]) | .out | sort[])'
}
sh_same() {
    what=$1; shift
    sh_result "$S1" -- "$@" >"$T/sh-want"
    [ -s "$T/sh-want" ] && [ "$(head -1 "$T/sh-want")" != 0 ] || { bad "shards: $what: nothing matched"; return; }
    for layout in local remote mixed two-dbs; do
        case $layout in
        local) sh_result "$SL" -- "$@" ;;
        remote) sh_result "$T/remote.stub" -- "$@" ;;
        mixed) sh_result "$T/mixed.stub" -- "$@" ;;
        two-dbs) sh_result "$SR0" "$SR1" -- "$@" ;;
        esac >"$T/sh-got"
        if cmp -s "$T/sh-want" "$T/sh-got"; then ok; else
            bad "shards: $what: $layout differs from one index"; diff "$T/sh-want" "$T/sh-got" | head -5 | sed 's/^/  | /'
        fi
    done
}
sh_same "words" oil prices
sh_same "one word" minister
sh_same "--any" --any football vaccine harvest
sh_same "a phrase" '"central bank"'
# A wildcard matches the same documents, counted the same; its words are
# one OP_SYNONYM, whose statistics Xapian 1.4 estimates shard by shard,
# so its scores (and the order of hits) differ from one index's.
for layout in "$SL" "$T/remote.stub" "$T/mixed.stub"; do
    "$NS" --db "$S1" --all --facets --no-snippets --format json 'elect*' | jq -c '.total, .facets, ([.hits[].id] | sort)' >"$T/sh-want"
    "$NS" --db "$layout" --all --facets --no-snippets --format json 'elect*' | jq -c '.total, .facets, ([.hits[].id] | sort)' >"$T/sh-got"
    [ "$(head -1 "$T/sh-want")" -gt 0 ] && cmp -s "$T/sh-want" "$T/sh-got" && ok || bad "shards: a wildcard over $layout: other matches or counts"
done
sh_same "a filter alone" --facets year:2001
sh_same "words and a filter" --facets trade --since 2005
sh_same "facets of every document" --facets '*'
sh_same "title:" title:storm
sh_same "sorted by date" --sort -date rescue
sh_same "relaxed" oil zzzyxxnotaword
sh_same "NOT" markets NOT shares
sh_same "--bm25" --bm25 1.5,0.75 grain drought
# The export over remote shards: every document once.
"$NS" --db "$S1" --all --format jsonl | jq -r .id | sort >"$T/sh-e1"
"$NS" --db "$T/remote.stub" --all --format jsonl | jq -r .id | sort >"$T/sh-e2"
[ -s "$T/sh-e1" ] && cmp -s "$T/sh-e1" "$T/sh-e2" && ok || bad "shards: the export over remote shards differs"
# Facet counts and totals over remote shards, against the filters' counts.
"$NS" --db "$T/remote.stub" --facets -n 0 --format json '*' | jq -r '.facets.year[] | "\(.value) \(.count)"' >"$T/sh-years"
nbadyear=0
while read -r y c; do
    [ "$("$NS" --db "$S1" --count "year:$y")" = "$c" ] || nbadyear=$((nbadyear + 1))
done <"$T/sh-years"
[ -s "$T/sh-years" ] && [ "$nbadyear" = 0 ] && ok || bad "shards: remote year facet counts differ from the filters' counts"
# Pages: the second page of the shards is the second page of the index
# (a query whose scores are all different).
"$NS" --db "$S1" -n 3 --offset 3 --format json lavrov islamabad oil | jq -c '[.total, [.hits[].id]]' >"$T/sh-p1"
"$NS" --db "$T/remote.stub" -n 3 --offset 3 --format json lavrov islamabad oil | jq -c '[.total, [.hits[].id]]' >"$T/sh-p2"
cmp -s "$T/sh-p1" "$T/sh-p2" && ok || bad "shards: a page of remote shards differs"
# Snippets are made by the client from the stored text: over local shards
# the same as one index's; over a remote shard without the background
# model (its word frequencies would cost a round trip a word), so the
# passage may differ, but it marks the query's words.
"$NS" --db "$S1" -n 5 --format json oil prices | jq -c '[.hits[].snippet]' >"$T/sh-s1"
"$NS" --db "$SL" -n 5 --format json oil prices | jq -c '[.hits[].snippet]' >"$T/sh-s2"
cmp -s "$T/sh-s1" "$T/sh-s2" && ok || bad "shards: snippets differ over local shards"
"$NS" --db "$T/mixed.stub" -n 5 --format json oil prices >"$T/sh-s3"
[ "$(jq '.hits | length' "$T/sh-s3")" -gt 0 ] && ok || bad "shards: no hit for oil prices over mixed shards"
equals "$(jq '[.hits[] | select(.snippet | test("\\[(oil|prices?)\\]"; "i"))] | length' "$T/sh-s3")" \
    "$(jq '.hits | length' "$T/sh-s3")" "shards: every snippet over mixed shards marks a query word"
# Spelling over local shards: from every shard's spelling data.
equals "$("$NS" --db "$SL" --format json -n 1 presidnt | jq -r .spelling)" \
    "$("$NS" --db "$S1" --format json -n 1 presidnt | jq -r .spelling)" "shards: spelling over local shards"
expect_rc 0 "shards: --info over remote shards" "$NS" --db "$T/remote.stub" --info --format json
equals "$(jq .documents "$T/out")" "$nall" "shards: --info counts every shard's documents"
equals "$(jq .shards "$T/out")" "2" "shards: --info counts the shards"
# The reports that count with a match spy of their own are refused there.
for rep in "--timeline month --by source" "--coverage" "--top-terms 5" "--count-by story --facets"; do
    # shellcheck disable=SC2086
    expect_rc 2 "shards: $rep over remote shards" "$NS" --db "$T/remote.stub" $rep oil
    contains "$T/err" "cannot run over remote shards" "shards: $rep refused with its reason"
done
# Unasked, facets over remote shards count articles, as one index's do
# with --count-by article.
"$NS" --db "$S1" --format json --count-by article --facets oil | jq -c .facets >"$T/sh-fa1"
"$NS" --db "$T/remote.stub" --format json --facets oil | jq -c .facets >"$T/sh-fa2"
cmp -s "$T/sh-fa1" "$T/sh-fa2" && ok || bad "shards: facets over remote shards are not one index's article counts"
# A timeline counts with Xapian's ValueCountMatchSpy over remote shards.
for iv in year month day; do
    "$NS" --db "$S1" --timeline $iv --format tsv oil >"$T/sh-tl1"
    for layout in "$SL" "$T/remote.stub" "$T/mixed.stub"; do
        expect_rc 0 "shards: --timeline $iv over $layout" "$NS" --db "$layout" --timeline $iv --format tsv oil
        cmp -s "$T/out" "$T/sh-tl1" && ok || bad "shards: --timeline $iv over $layout differs from one index"
    done
done
"$NS" --db "$S1" --timeline month --by source --format tsv oil >"$T/sh-tl1"
"$NS" --db "$SL" --timeline month --by source --format tsv oil >"$T/sh-tl2"
cmp -s "$T/sh-tl1" "$T/sh-tl2" && ok || bad "shards: --timeline --by over local shards differs"

# ---- a shard that cannot be reached, or does not answer ----
# A port nobody listens on: one whose server has stopped.
start_server "$T" "$SR1" && PDEAD=$port && kill "$srv" && wait "$srv" 2>/dev/null
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P0" "$PDEAD" >"$T/dead.stub"
expect_rc 3 "shards: an unreachable shard fails the search" "$NS" --db "$T/dead.stub" oil
contains "$T/err" "127.0.0.1:$PDEAD" "shards: the error names the unreachable shard"
equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "shards: the error is one line"
expect_rc 3 "shards: unreachable, JSON error" "$NS" --db "$T/dead.stub" --format json oil
equals "$(jq -r .error.status "$T/out")" "network" "shards: the JSON error's status is network"
expect_rc 0 "shards: --allow-partial" "$NS" --db "$T/dead.stub" --allow-partial --count --all --no-collapse
equals "$(cat "$T/out")" "$n0" "shards: --allow-partial counts the shards that answered"
contains "$T/err" "warning" "shards: --allow-partial warns"
contains "$T/err" "127.0.0.1:$PDEAD" "shards: the warning names the shard left out"
# A local shard missing: named, or left out.
expect_rc 2 "shards: a missing local shard fails the search" "$NS" --db "$SR0" --db "$T/gone.db" oil
contains "$T/err" "$T/gone.db" "shards: the error names the missing shard"
expect_rc 0 "shards: --allow-partial without a local shard" "$NS" --db "$SR0" --db "$T/gone.db" --allow-partial --count --all --no-collapse
equals "$(cat "$T/out")" "$n0" "shards: the shards there are counted"
# A server that accepts and never answers (stopped): the timeout.
kill -STOP "$SRV1"
t0=$(date +%s)
expect_rc 3 "shards: a shard past --timeout fails the search" "$NS" --db "$T/remote.stub" --timeout 1 oil
t1=$(date +%s)
[ $((t1 - t0)) -le 4 ] && ok || bad "shards: --timeout 1 took $((t1 - t0)) s"
contains "$T/err" "127.0.0.1:$P1" "shards: the timeout names the shard"
contains "$T/err" "Timeout" "shards: the error says it timed out"
expect_rc 0 "shards: --allow-partial past the timeout" "$NS" --db "$T/remote.stub" --timeout 1 --allow-partial --count --all --no-collapse
equals "$(cat "$T/out")" "$n0" "shards: past the timeout, the other shard's count"
contains "$T/err" "127.0.0.1:$P1" "shards: the warning names the shard that timed out"
kill -CONT "$SRV1"
printf 'remote :127.0.0.1:99999\n' >"$T/bad.stub"
expect_rc 2 "shards: a bad port" "$NS" --db "$T/bad.stub" oil
contains "$T/err" "bad.stub:1" "shards: the stub error names the file and line"
printf 'flint %s\n' "$SR0" >"$T/bad.stub"
expect_rc 2 "shards: an unknown stub type" "$NS" --db "$T/bad.stub" oil
contains "$T/err" "unknown database type 'flint'" "shards: the unknown type is named"

# ---- the shard mark: nothing lost ----
before=$("$NS" --db "$SR0" --count --all --no-collapse)
expect_rc 2 "shards: a shard updated as another is refused" "$NI" --db "$SR0" -q --shard 1/2 "$top/corpus" "$SB"
contains "$T/err" "shard 0/2" "shards: the refusal names the shard"
expect_rc 2 "shards: a shard updated as a whole index is refused" "$NI" --db "$SR0" -q "$top/corpus" "$SB"
expect_rc 2 "shards: a whole index given --shard is refused" "$NI" --db "$S1" -q --shard 0/2 "$top/corpus" "$SB"
contains "$T/err" "a whole index" "shards: the refusal says it is a whole index"
equals "$("$NS" --db "$SR0" --count --all --no-collapse)" "$before" "shards: the refused runs changed nothing"
expect_rc 0 "shards: a shard updated as itself" "$NI" --db "$SR0" -q --shard 0/2 "$top/corpus" "$SB"
equals "$("$NS" --db "$SR0" --count --all --no-collapse)" "$before" "shards: the re-run updates its own files only"
# The shard servers see an update without a restart (xapian-tcpsrv opens
# the database for each connection).
cp "$top/corpus/2015/07/14/iran-nuclear-deal-crlf.txt" "$SB/2001/added-later.txt"
expect_rc 0 "shards: one index updated" "$NI" --db "$S1" -q "$top/corpus" "$SB"
expect_rc 0 "shards: shard 0 updated" "$NI" --db "$SR0" -q --shard 0/2 "$top/corpus" "$SB"
expect_rc 0 "shards: shard 1 updated" "$NI" --db "$SR1" -q --shard 1/2 "$top/corpus" "$SB"
nall=$((nall + 1))
equals "$("$NS" --db "$T/remote.stub" --count --all --no-collapse)" "$nall" "shards: the servers serve the updated shards"
expect_rc 0 "shards: --shards 2 again updates" "$NI" --db "$SL" --shards 2 "$top/corpus" "$SB"
contains "$T/err" "1 added" "shards: the re-run adds the new file, once"
sh_same "after an update" --facets oil prices
expect_rc 2 "shards: --shards 1 on two shards is refused" "$NI" --db "$SL" -q --shards 1 "$top/corpus" "$SB"
contains "$T/err" "shard-1" "shards: the refusal names the shard in the way"
expect_rc 2 "shards: --shards into a directory of other files" "$NI" --db "$top/corpus" -q --shards 2 "$SB"
expect_rc 2 "shards: --shard K/N out of range" "$NI" --db "$T/nope.db" -q --shard 2/2 "$SB"
[ -e "$T/nope.db" ] && bad "shards: a refused --shard made its index" || ok

# The systemd unit's command line serves a shard.
unit="$top/contrib/newsindex-shard@.service"
start_server "$T" "$SR0" && kill "$srv" && wait "$srv" 2>/dev/null
cmdline=$(sed -n 's/^ExecStart=//p' "$unit" | sed -e "s|\${NEWSINDEX_SHARD_INTERFACE}|127.0.0.1|" \
    -e "s|\${NEWSINDEX_SHARD_PORT}|$port|" -e "s|\${NEWSINDEX_SHARD_DB}|$SR0|")
# shellcheck disable=SC2086
setsid $cmdline >"$T/unit-srv" 2>&1 &
usrv=$!
SRV_PIDS="$SRV_PIDS $usrv"
printf 'remote 127.0.0.1:%s\n' "$port" >"$T/unit.stub"
w=0
until "$NS" --db "$T/unit.stub" --count --all --no-collapse >"$T/out" 2>/dev/null || [ $w -ge 50 ]; do sleep 0.1; w=$((w + 1)); done
equals "$(cat "$T/out")" "$("$NS" --db "$SR0" --count --all --no-collapse)" "shards: the unit's xapian-tcpsrv serves the shard"
kill "$usrv" 2>/dev/null

# ---- --compact ----
SM="$T/sh-merged.db"
expect_rc 0 "shards: merge the shards" "$NI" --db "$SM" --compact "$SL"
xcheck "$SM"
equals "$(xapian-metadata get "$SM" newsindex.shard)" "" "shards: the merged index is not a shard"
sh_result "$SM" -- --facets oil prices >"$T/sh-m"
sh_result "$S1" -- --facets oil prices >"$T/sh-w"
cmp -s "$T/sh-m" "$T/sh-w" && ok || bad "shards: the merged index searches as the one index"
expect_rc 2 "shards: merging into an existing index is refused" "$NI" --db "$S1" --compact "$SL"
# Compaction in place while searches run: every search sees a whole index.
cp -r "$S1" "$T/sh-c.db"
( i=0; while [ $i -lt 60 ]; do "$NS" --db "$T/sh-c.db" --count --all --no-collapse 2>&1; i=$((i + 1)); done ) >"$T/sh-during" &
reader=$!
expect_rc 0 "shards: --compact in place" "$NI" --db "$T/sh-c.db" --compact
wait "$reader"
equals "$(sort -u "$T/sh-during")" "$nall" "shards: searches during --compact all saw the whole index"
xcheck "$T/sh-c.db"
sh_result "$T/sh-c.db" -- --facets oil prices >"$T/sh-c"
cmp -s "$T/sh-c" "$T/sh-w" && ok || bad "shards: the compacted index searches the same"
expect_rc 0 "shards: --compact a directory of shards" "$NI" --db "$SL" --compact
sh_result "$SL" -- --facets oil prices >"$T/sh-l"
cmp -s "$T/sh-l" "$T/sh-w" && ok || bad "shards: compacted shards search the same"
expect_rc 0 "shards: the index is updated after --compact" "$NI" --db "$T/sh-c.db" -q "$top/corpus" "$SB"
for p in $SRV_PIDS; do kill "$p" 2>/dev/null; done
SRV_PIDS=""
