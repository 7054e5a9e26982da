# e2e-bounds.sh - sourced by e2e.sh: the bounds on one file (newsindex
# --max-*), case by case as docs/hostile-input.md lists them. Each hostile
# file, made by tests/make-huge.sh just big enough to pass its bound, is
# indexed alone beside a good file: newsindex exits 1, one skip line names
# the file and the bound, the good file is indexed, and the run stays under
# 5 s and 300 MB (GNU time's %e and %M; four times that under ASan, whose
# shadow memory and checks cost that much).

BT="$T/bounds"
mkdir -p "$BT"
HUGE="$top/tests/make-huge.sh"
GOOD="$top/corpus/2021/04/08/russia-pakistan-lavrov.txt"
bscale=1
case $B in *-san) bscale=4 ;; esac
BMAX_S=$((5 * bscale))
BMAX_KB=$((300 * 1024 * bscale))

# bounds_run NAME WANT_RC OPTION...: index $BT/NAME (moved into a fresh
# archive) and a good file; time and peak memory into $BT/NAME.time.
bounds_run() {
    bname=$1; bwant=$2; shift 2
    bd="$BT/run"
    rm -rf "$bd"
    mkdir -p "$bd/arch"
    mv "$BT/$bname" "$bd/arch/"
    cp "$GOOD" "$bd/arch/good.txt"
    /usr/bin/time -f '%e %M' -o "$BT/$bname.time" "$NI" --db "$bd/db" -j1 "$@" "$bd/arch" \
        >"$T/out" 2>"$T/err"
    brc=$?
    equals "$brc" "$bwant" "bounds $bname: exit status"
    "$NS" --db "$bd/db" --count lavrov >"$T/cnt" 2>&1
    equals "$(cat "$T/cnt")" 1 "bounds $bname: the good file is indexed"
    # time(1) writes "Command exited with non-zero status N" before the line
    set -- $(tail -n 1 "$BT/$bname.time")
    if awk -v s="$1" -v m="$BMAX_S" 'BEGIN { exit !(s < m) }'; then ok; else bad "bounds $bname: $1 s (bound $BMAX_S s)"; fi
    if [ "$2" -lt "$BMAX_KB" ]; then ok; else bad "bounds $bname: $2 KB (bound $BMAX_KB KB)"; fi
}

# bounds_skip NAME REASON OPTION...: skipped, with that reason, alone
bounds_skip() {
    bsname=$1; bsreason=$2; shift 2
    bounds_run "$bsname" 1 "$@"
    contains "$T/err" "$bsname: skipped: $bsreason" "bounds $bsname: the skip line"
    equals "$(grep -c ': skipped: ' "$T/err")" 1 "bounds $bsname: one skip line"
}

sh "$HUGE" attrs 2000 >"$BT/attrs.html"
bounds_skip attrs.html "more than 100 attributes on one element (--max-attrs)"
sh "$HUGE" xattrs 2000 >"$BT/attrs.xml"
bounds_skip attrs.xml "more than 100 attributes on one element (--max-attrs)"
# not hostile: a script's "a<b", a style's "p<q" and stray quotes in tags
# (`<h1 class="t" ">`, as real pages have) are not attributes
{
    printf '<html><head><title>Quiet page</title><script>if (a<b) {'
    awk 'BEGIN { for (i = 0; i < 300; i++) printf " x%d = y;", i }'
    printf '}</script><style>p<q { color: red }</style></head><body>\n'
    printf '<h1 class="t" ">Quiet page</h1>\n<div class="a" "b">'
    awk 'BEGIN { for (i = 0; i < 300; i++) printf " word%d", i }'
    printf '<p class="c">Stray quotes and scripts do not make a page hostile.</p>'
    awk 'BEGIN { for (i = 0; i < 300; i++) printf "<span id=\"s%d\">w%d</span> ", i, i }'
    printf '</div></body></html>\n'
} >"$BT/quiet.html"
bounds_run quiet.html 0
equals "$("$NS" --db "$BT/run/db" --count stray quotes hostile)" 1 "bounds quiet.html: indexed, its text found"
sh "$HUGE" items 10001 >"$BT/items.rss"
bounds_skip items.rss "more than 10000 items (--max-items)"
sh "$HUGE" entries 10001 >"$BT/entries.atom"
bounds_skip entries.atom "more than 10000 items (--max-items)"
sh "$HUGE" items 101 >"$BT/items-opt.rss"
bounds_skip items-opt.rss "more than 100 items (--max-items)" --max-items 100
sh "$HUGE" deep 300 >"$BT/deep.html"
bounds_skip deep.html "more than 256 levels of nested elements (--max-depth)"
sh "$HUGE" xdeep 300 >"$BT/deep.xml"
bounds_skip deep.xml "more than 256 levels of nested elements (--max-depth)"
sh "$HUGE" siblings 200001 >"$BT/siblings.html"
bounds_skip siblings.html "more than 400000 nodes (--max-nodes)"
sh "$HUGE" wide 4001 >"$BT/wide.html"
bounds_skip wide.html "more than 400000 nodes (--max-nodes)"
sh "$HUGE" refs 200001 >"$BT/refs.xml"
bounds_skip refs.xml "more than 400000 nodes (--max-nodes)"
sh "$HUGE" comments 400001 >"$BT/comments.html"
bounds_skip comments.html "more than 400000 nodes (--max-nodes)"
sh "$HUGE" bigattr 2100000 >"$BT/bigattr.html"
bounds_skip bigattr.html "an attribute value of more than 2097152 bytes (--max-attr-bytes)" --max-attr-bytes 2M
sh "$HUGE" ratio 4000000 | gzip -n >"$BT/ratio.txt.gz"
bounds_skip ratio.txt.gz "gzip stream expands more than 200 times (--max-ratio)"
sh "$HUGE" line 2200000 >"$BT/large.txt"
bounds_skip large.txt "file too large: more than 2097152 bytes (--max-file-bytes)" --max-file-bytes 2M
# The time budget, checked inside libxml2's parse: a feed whose bounds are
# raised out of the way, and a budget too short for it.
sh "$HUGE" items 100000 >"$BT/slow.rss"
bounds_skip slow.rss "parsing took more than 0.02 s (--max-seconds)" --max-items 1M --max-nodes 10M --max-seconds 0.02
# A name that is not UTF-8 is printed escaped in the skip line.
sh "$HUGE" attrs 2000 >"$BT/$(printf 'caf\351.html')"
bounds_run "$(printf 'caf\351.html')" 1
contains "$T/err" 'caf\xE9.html: skipped: more than 100 attributes on one element (--max-attrs)' "bounds: a name that is not UTF-8, escaped"
equals "$(grep -c ': skipped: ' "$T/err")" 1 "bounds: caf\\xE9.html: one skip line"
# One big feed item within the bounds: indexed, its text cut to --max-text.
sh "$HUGE" bigitem 6000000 >"$BT/bigitem.rss"
bounds_run bigitem.rss 0
lacks "$T/err" "skipped" "bounds bigitem.rss: not skipped"
contains "$T/err" "2 added" "bounds bigitem.rss: indexed"

# SIGTERM during a long parse (every bound raised out of the way): the run
# stops within a second or two and exits 4; the file was not failed, so the
# next run reads it again.
bd="$BT/run"
rm -rf "$bd"
mkdir -p "$bd/arch"
cp "$GOOD" "$bd/arch/good.txt"
sh "$HUGE" items 300000 >"$bd/arch/long.rss"
"$NI" --db "$bd/db" -q -j1 --max-items 10M --max-nodes 100M --max-seconds 1000 "$bd/arch" \
    >"$T/out" 2>"$T/err" &
bpid=$!
sleep 1
kill -TERM "$bpid"
bt0=$(date +%s)
wait "$bpid"
brc=$?
bt1=$(date +%s)
equals "$brc" 4 "bounds: SIGTERM during a parse: exit 4"
if [ $((bt1 - bt0)) -le $((2 * bscale)) ]; then ok; else bad "bounds: SIGTERM took $((bt1 - bt0)) s to end the run"; fi
expect_rc 1 "bounds: the interrupted file is read again" "$NI" --db "$bd/db" -j1 --max-items 1M --max-nodes 10M --max-seconds 0.02 "$bd/arch"
contains "$T/err" "long.rss: skipped: parsing took more than 0.02 s (--max-seconds)" "bounds: the interrupted file was not failed"

# Linear time through newsindex for a feed's items (the parse is timed
# alone in check_linear.c; this adds the ids, the dropping of repeated
# items and the documents): 20,000 items, then 80,000, bounds raised; the
# median CPU time (user + system, GNU time) of three runs each must grow
# less than 8 times (4 when linear, 16 when quadratic: as in check_linear.c,
# the geometric middle, which a busy machine's noise does not cross).
lin_cpu() {
    sh "$HUGE" items "$1" >"$BT/lin.rss"
    for r in 1 2 3; do
        rm -rf "$BT/lin"
        mkdir -p "$BT/lin/arch"
        cp "$BT/lin.rss" "$BT/lin/arch/"
        /usr/bin/time -f '%U %S' -o "$BT/lin.t" "$NI" --db "$BT/lin/db" -q -j1 --max-items 1M \
            --max-nodes 100M --max-seconds 1000 "$BT/lin/arch" >/dev/null 2>&1
        tail -n 1 "$BT/lin.t" | awk '{ print $1 + $2 }'
    done | sort -n | sed -n 2p
}
lin1=$(lin_cpu 20000)
lin2=$(lin_cpu 80000)
echo "bounds: feed items through newsindex: 20000 items $lin1 s, 80000 items $lin2 s (CPU)"
if awk -v a="$lin1" -v b="$lin2" 'BEGIN { exit !(a > 0 && b / a < 8) }'; then ok; else bad "bounds: feed items not linear: $lin1 s, then $lin2 s"; fi
rm -rf "$BT"
