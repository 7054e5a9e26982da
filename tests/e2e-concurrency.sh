# e2e-concurrency.sh - sourced by e2e.sh: newssearch while newsindex writes.
# A writer updates the index in place (small --batch, after touching and
# changing files) and rebuilds it (--full, adding or removing a directory)
# in a loop, while a reader runs filter and word queries, counts, facets,
# --info, spelling and the export. No search may fail (exit 2, or anything
# on stderr), and every value must be one the index holds before or after
# a rebuild: the archive has two states, A and B (B: with $CX), and only a
# rebuild moves the index between them (an update in place replaces the
# documents of changed files, which leaves every count as it is).

CW="$T/cc"            # the test's files
CA="$CW/arch"         # the archive
CD="$CW/db"           # the index
CX="$CA/extra"        # the directory of state B
mkdir -p "$CW"
sh "$top/tests/make-bulk.sh" "$CA/bulk" 1100
cp -R "$top/corpus" "$CA/corpus"
sh "$top/tests/make-bulk.sh" "$CX" 120

# cc_run N: search N of the mix (0 <= N < cc_n), into $CW/out and $CW/err;
# sets cc_rc (exit status) and cc_val (what must be a value of state A or B)
cc_n=15
cc_run() {
    o="$CW/out"
    e="$CW/err"
    cc_val=
    case $1 in
    0) "$NS" --db "$CD" --no-collapse --all --count >"$o" 2>"$e" ;;
    1) "$NS" --db "$CD" --no-collapse --count source:reuters >"$o" 2>"$e" ;;
    2) "$NS" --db "$CD" --no-collapse --count year:1995 >"$o" 2>"$e" ;;
    3) "$NS" --db "$CD" --no-collapse --count date:1991..1993 >"$o" 2>"$e" ;;
    4) "$NS" --db "$CD" --no-collapse --count --since 1992-03-01 --until 1994-06-30 --source reuters >"$o" 2>"$e" ;;
    5) "$NS" --db "$CD" --no-collapse --count country:pakistan lavrov >"$o" 2>"$e" ;;
    6) "$NS" --db "$CD" --no-collapse --count oil prices >"$o" 2>"$e" ;;
    7) "$NS" --db "$CD" --no-collapse --count '"oil prices"' topic:economy >"$o" 2>"$e" ;;
    8) "$NS" --db "$CD" --no-collapse --format json -n 5 --facets year,source,country harvest >"$o" 2>"$e" ;;
    9) "$NS" --db "$CD" --no-collapse --all --format jsonl >"$o" 2>"$e" ;;
    10) "$NS" --db "$CD" --no-collapse --all --no-snippets --format paths source:reuters >"$o" 2>"$e" ;;
    11) "$NS" --db "$CD" --info --format jsonl >"$o" 2>"$e" ;;
    12) "$NS" --db "$CD" harvst >"$o" 2>"$e" ;;
    13) "$NS" --db "$CD" --format tsv -n 20 --sort -date --any storm flood >"$o" 2>"$e" ;;
    14) "$NS" --db "$CD" --format json -n 3 --facets country,topic 'country:"united states"' >"$o" 2>"$e" ;;
    esac
    cc_rc=$?
    case $1 in
    8 | 14) cc_val=$(sed -n 's/^  "total": \([0-9]*\),$/\1/p' "$o") ;;
    9) # the export: as many lines as documents, no document twice
        n=$(wc -l <"$o" | tr -d ' ')
        u=$(cut -d'"' -f4 "$o" | sort -u | wc -l | tr -d ' ')
        cc_val="$n/$u" ;;
    10 | 13) cc_val=$(wc -l <"$o" | tr -d ' ') ;;
    11) cc_val=$(sed -n 's/.*"documents":\([0-9]*\).*/\1/p' "$o") ;;
    12) cc_val="$cc_rc:$(grep -c 'Did you mean: harvest' "$o")" ;;
    *) read -r cc_val <"$o" || cc_val= ;;
    esac
}

# cc_values STATE: run the mix on the index at rest; cc_w<N> gets each value
cc_values() {
    i=0
    while [ "$i" -lt "$cc_n" ]; do
        cc_run "$i"
        if [ "$cc_rc" = 2 ] || [ -s "$CW/err" ] || [ -z "$cc_val" ]; then
            bad "concurrency: search $i on state $1 at rest: exit $cc_rc, value '$cc_val'"
            sed 's/^/  | /' "$CW/err" | head -3
        fi
        eval "cc_w$i=\"\${cc_w$i:-} $cc_val\""
        i=$((i + 1))
    done
}

# state B, then state A (the writer starts from A)
expect_rc 0 "concurrency: build (state B)" "$NI" -q --db "$CD" "$CA"
cc_values B
mv "$CX" "$CW/extra"
expect_rc 0 "concurrency: rebuild (state A)" "$NI" -q --full --db "$CD" "$CA"
cc_values A
set -- $cc_w0
cc_nb=${1:-0}
cc_na=${2:-0}
[ "$cc_nb" -gt "$cc_na" ] && ok || bad "concurrency: state B ($cc_nb documents) not larger than A ($cc_na)"
equals "$(echo $cc_w9)" "$cc_nb/$cc_nb $cc_na/$cc_na" "concurrency: the export at rest"

# At rest, nothing is tried again: a damaged index fails at once, in one
# line. With no usable TMPDIR the output is spooled in memory instead.
cp -R "$CD" "$CW/damaged"
dd if=/dev/zero of="$CW/damaged/docdata.glass" bs=8192 seek=16 count=32 conv=notrunc 2>/dev/null
expect_rc 2 "concurrency: damaged index" "$NS" --db "$CW/damaged" --all --format jsonl
equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "concurrency: damaged index: one line"
contains "$T/err" "DatabaseCorruptError" "concurrency: damaged index: the message"
lacks "$T/err" "attempts" "concurrency: damaged index: not tried again"
"$NS" --db "$CD" --all --format jsonl >"$CW/export.file"
TMPDIR="$CW/no-such-dir" "$NS" --db "$CD" --all --format jsonl >"$CW/export.mem" 2>"$CW/export.err"
cmp -s "$CW/export.file" "$CW/export.mem" && [ ! -s "$CW/export.err" ] && ok ||
    bad "concurrency: the export spooled in memory differs"

# The writer: rounds of two updates in place and a rebuild, until the
# reader has seen enough (at least two rounds), at most 240 s. $CW/busy
# exists while a newsindex runs.
cc_writer() {
    t0=$(date +%s)
    round=0
    while :; do
        round=$((round + 1))
        for u in 1 2; do
            # touch 40 bulk files spread over the archive, change 5 of them
            find "$CA/bulk" -name 'bulk-*.txt' | sort |
                awk -v k=$(((round * 2 + u) % 27)) 'NR % 27 == k' >"$CW/touch"
            xargs touch <"$CW/touch"
            head -n 5 "$CW/touch" | while IFS= read -r f; do
                printf '\nZqxappended %d.%d.\n' "$round" "$u" >>"$f"
            done
            : >"$CW/busy"
            "$NI" -q --batch 10 --summary-json "$CW/sum.json" --db "$CD" "$CA" 2>>"$CW/writer.err" ||
                echo "update $round.$u: exit $?" >>"$CW/writer.fail"
            rm -f "$CW/busy"
            up=$(jq -r .updated "$CW/sum.json" 2>/dev/null)
            [ "${up:-0}" -ge 40 ] || echo "update $round.$u: $up files updated" >>"$CW/writer.fail"
            echo update >>"$CW/runs"
        done
        if [ -d "$CX" ]; then mv "$CX" "$CW/extra"; else mv "$CW/extra" "$CX"; fi
        : >"$CW/busy"
        "$NI" -q --full --db "$CD" "$CA" 2>>"$CW/writer.err" ||
            echo "rebuild $round: exit $?" >>"$CW/writer.fail"
        rm -f "$CW/busy"
        echo rebuild >>"$CW/runs"
        [ "$round" -ge 2 ] && [ -e "$CW/enough" ] && break
        [ $(($(date +%s) - t0)) -ge 240 ] && break
    done
}

: >"$CW/runs"
: >"$CW/problems"
cc_writer &
cc_wpid=$!
cc_total=0      # searches run
cc_during=0     # of which while a newsindex ran (at their start and at their end)
cc_errors=0     # exit 2 or a message on stderr
cc_wrong=0      # a value of neither state
i=0
while kill -0 "$cc_wpid" 2>/dev/null; do
    w0=0
    [ -e "$CW/busy" ] && w0=1
    cc_run "$i"
    [ "$w0" = 1 ] && [ -e "$CW/busy" ] && cc_during=$((cc_during + 1))
    cc_total=$((cc_total + 1))
    if [ "$cc_rc" = 2 ] || [ -s "$CW/err" ]; then
        cc_errors=$((cc_errors + 1))
        echo "search $i: exit $cc_rc: $(head -c 300 "$CW/err")" >>"$CW/problems"
        [ -e "$CW/first.err" ] || cp "$CW/err" "$CW/first.err"
    else
        eval "want=\$cc_w$i"
        case " $want " in
        *" $cc_val "*) ;;
        *)
            cc_wrong=$((cc_wrong + 1))
            echo "search $i: '$cc_val', not one of '$want'" >>"$CW/problems" ;;
        esac
    fi
    [ "$cc_during" -ge 600 ] && : >"$CW/enough"
    i=$(((i + 1) % cc_n))
done
wait "$cc_wpid"
nup=$(grep -c update "$CW/runs")
nfull=$(grep -c rebuild "$CW/runs")
echo "concurrency: $cc_total searches, $cc_during of them while newsindex ran ($nup updates, $nfull rebuilds): $cc_errors errors, $cc_wrong wrong values"
[ "$cc_errors" = 0 ] && ok || {
    bad "concurrency: $cc_errors searches failed"
    sort "$CW/problems" | uniq -c | sort -rn | head -5
    echo "  the first failure's stderr, whole:"
    head -n 80 "$CW/first.err" | sed 's/^/  | /'
}
[ "$cc_wrong" = 0 ] && ok || { bad "concurrency: $cc_wrong values of neither state"; grep -v exit "$CW/problems" | head -5; }
[ "$cc_during" -ge 600 ] && ok || bad "concurrency: only $cc_during searches while newsindex ran (600 wanted)"
[ "$nup" -ge 4 ] && [ "$nfull" -ge 2 ] && ok || bad "concurrency: the writer ran $nup updates and $nfull rebuilds"
[ -s "$CW/writer.fail" ] && { bad "concurrency: writer: $(head -n 3 "$CW/writer.fail")"; } || ok
[ -s "$CW/writer.err" ] && { bad "concurrency: writer stderr"; head -n 3 "$CW/writer.err" | sed 's/^/  | /'; } || ok
xcheck "$CD"
[ -e "$CD.build" ] && bad "concurrency: the work directory was left behind" || ok
# the index at rest holds the state the archive is in
if [ -d "$CX" ]; then want=$cc_nb; else want=$cc_na; fi
equals "$("$NS" --db "$CD" --all --count --no-collapse)" "$want" "concurrency: count at the end"
