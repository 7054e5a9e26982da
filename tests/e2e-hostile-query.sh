# e2e-hostile-query.sh - sourced by e2e.sh after corpus/ is indexed into
# $DB: hostile queries (issue 14, item 4). Each case runs newssearch under
# a time limit (timeout), an address-space limit (ulimit -v, but for an
# ASan build, which reserves terabytes of it) and a measure of its peak
# RSS (/usr/bin/time), and must end within the bounds below with one line
# on stderr and exit 2, or with a bounded result. The limits themselves
# are docs/query-syntax.md's "Limits" and newssearch(1)'s LIMITS.

HQ="$T/hostile-query"
mkdir -p "$HQ"
HQ_SECS=5       # wall time per case (the issue's bound for a hostile case)
HQ_RSS_KB=150000 # peak RSS per case
HQ_VM_KB=1000000 # ulimit -v per case
if ldd "$NS" 2>/dev/null | grep -q libasan; then
    HQ_VM_KB=""
    echo "hostile-query: ASan build: no ulimit -v (ASan reserves the address space); time and RSS bounds kept"
fi
if [ ! -x /usr/bin/time ]; then
    bad "hostile-query: /usr/bin/time not found (Debian package time: run scripts/install-deps)"
fi

# words N WORD...: N words, cycling through the given ones
words() { n=$1; shift; awk -v n="$n" -v w="$*" 'BEGIN { k = split(w, a, " "); for (i = 0; i < n; i++) printf "%s%s", (i ? " " : ""), a[1 + i % k] }'; }
# joined N SEP WORD: WORD N times, SEP between
joined() { awk -v n="$1" -v s="$2" -v w="$3" 'BEGIN { for (i = 0; i < n; i++) printf "%s%s", (i ? s : ""), w }'; }
# repeat N STRING: STRING N times
repeat() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# hq WANT_RC DESCRIPTION ARGS...: newssearch ARGS under the bounds; stdout
# in $T/out, stderr in $T/err, "SECONDS KB" in $HQ/time. With WANT_RC 2,
# stderr must be one line.
hq() {
    want=$1; what=$2; shift 2
    (
        [ -n "$HQ_VM_KB" ] && ulimit -v "$HQ_VM_KB"
        exec /usr/bin/time -o "$HQ/time" -f '%e %M' timeout -s KILL "$HQ_SECS" "$NS" "$@"
    ) >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" = "$want" ]; then ok; else bad "hostile-query: $what: exit $rc, wanted $want"; head -c 300 "$T/err" | sed 's/^/  | /'; fi
    # (time's last line: a status that is not 0 is told on a line before)
    read -r secs kb <<EOF3
$(tail -n 1 "$HQ/time" 2>/dev/null)
EOF3
    case $secs in *[!0-9.]*|'') bad "hostile-query: $what: no time measured ($(head -n 1 "$HQ/time"))"; return 0 ;; esac
    awk -v s="$secs" -v m="$HQ_SECS" 'BEGIN { exit !(s < m) }' && ok || bad "hostile-query: $what: $secs s"
    [ "$kb" -lt "$HQ_RSS_KB" ] && ok || bad "hostile-query: $what: peak RSS $kb KB"
    [ -n "${NX_HQ_VERBOSE:-}" ] && printf 'hostile-query: %-36s exit %s  %5s s  %6s KB\n' "$what" "$rc" "$secs" "$kb"
    if [ "$want" = 2 ]; then
        equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "hostile-query: $what: one line"
        len=$(wc -c <"$T/err" | tr -d ' ')
        [ "$len" -le 300 ] && ok || bad "hostile-query: $what: a message of $len bytes"
    fi
    return 0
}

# ---- the query's size ----
hq 2 "query of 70000 bytes" --db "$DB" "$(repeat 7000 'pandemics ')"
contains "$T/err" "the query is 70000 bytes long, more than 65536" "hostile-query: bytes: names the bound"
hq 2 "one word of 70000 bytes" --db "$DB" "$(repeat 70000 x)"
contains "$T/err" "more than 65536" "hostile-query: long word: names the bound"
hq 1 "one word of 60000 bytes" --db "$DB" "$(repeat 60000 x)"
hq 2 "3000 words" --db "$DB" "$(words 3000 pandemic tsunami eclipse lavrov wall)"
contains "$T/err" "the query has 3000 terms, more than 1000" "hostile-query: terms: names the bound"
hq 2 "3000 ORs" --db "$DB" "$(joined 3000 ' OR ' pandemic)"
contains "$T/err" "more than 1000" "hostile-query: ORs: names the bound"
hq 0 "3000 ORs with --max-terms 5000" --db "$DB" --max-terms 5000 --count "$(joined 3000 ' OR ' pandemic)"
equals "$(cat "$T/out")" "$("$NS" --db "$DB" --count pandemic)" "hostile-query: --max-terms raises the bound"
hq 0 "1000 ORs (the default bound)" --db "$DB" --count "$(joined 1000 ' OR ' pandemic)"
hq 2 "--max-terms 0" --db "$DB" --max-terms 0 lavrov
contains "$T/err" "--max-terms: use a whole number from 1 to 1000000" "hostile-query: --max-terms 0"

# ---- nesting ----
hq 2 "parentheses 5000 deep" --db "$DB" "$(repeat 5000 '(')lavrov$(repeat 5000 ')')"
contains "$T/err" "parentheses nested more than 32 deep" "hostile-query: nesting: names the bound"
hq 2 "5000 nested ORs" --db "$DB" "$(repeat 5000 'wall OR (')lavrov$(repeat 5000 ')')"
hq 0 "parentheses 32 deep" --db "$DB" --count "$(repeat 32 '(')lavrov$(repeat 32 ')')"
equals "$(cat "$T/out")" "1" "hostile-query: 32 deep is allowed"
hq 0 "100 parentheses inside a phrase are not nesting" --db "$DB" --count "\"$(repeat 100 '(')lavrov\""

# ---- phrases and NEAR ----
hq 2 "phrase of 1000 words" --db "$DB" "\"$(words 1000 pandemic outbreak)\""
contains "$T/err" "a phrase or NEAR group of 1000 words, more than 64" "hostile-query: phrase: names the bound"
hq 2 "NEAR chain of 500" --db "$DB" "$(joined 500 ' NEAR ' wall)"
contains "$T/err" "more than 64" "hostile-query: NEAR: names the bound"
hq 1 "NEAR chain of 64" --db "$DB" "$(joined 64 ' NEAR ' wall)"
hq 0 "phrase of 2 words" --db "$DB" --count '"berlin wall"'

# ---- wildcards (an index with more than a thousand words in a*) ----
VOC="$HQ/vocab"
mkdir -p "$VOC"
awk -v dir="$VOC" 'BEGIN {
    srand(14); L = "abcdefghijklmnopqrstuvwxyz"
    for (i = 1; i <= 300; i++) {
        f = sprintf("%s/v%03d.txt", dir, i); printf "Vocabulary %d\n\n", i > f
        for (k = 0; k < 200; k++) {
            w = ""; n = 3 + int(rand() * 5)
            for (j = 0; j < n; j++) w = w substr(L, 1 + int(rand() * 26), 1)
            printf "%s%s", w, (k % 20 == 19 ? "\n" : " ") > f
        }
        close(f)
    }
}'
expect_rc 0 "hostile-query: index the vocabulary" "$NI" --db "$HQ/vocab.db" -q "$VOC"
na=$(xapian-delve -a -1 "$HQ/vocab.db" 2>/dev/null | grep -c '^Za')
[ "$na" -gt 1000 ] && ok || bad "hostile-query: the vocabulary has $na words in a*, wanted more than 1000"
hq 2 "a* (more than 1000 words)" --db "$HQ/vocab.db" 'a*'
contains "$T/err" "a* expands to more than 1000 terms" "hostile-query: a*: names the bound"
hq 0 "a* --wildcard-mode frequent" --db "$HQ/vocab.db" --wildcard-mode frequent --count 'a*'
hq 0 "a* --max-expansion 100000" --db "$HQ/vocab.db" --max-expansion 100000 --count 'a*'
all_a=$(cat "$T/out")
"$NS" --db "$HQ/vocab.db" --wildcard-mode frequent --max-expansion 10 --count 'a*' >"$HQ/few"
[ "$(cat "$HQ/few")" -lt "$all_a" ] && ok || bad "hostile-query: --max-expansion 10 frequent: $(cat "$HQ/few") of $all_a"
hq 2 "40 wildcards" --db "$HQ/vocab.db" --any "$(words 40 'ab*' 'ac*' 'ad*' 'ae*' 'af*' 'ag*' 'ah*' 'ai*' 'aj*' 'ak*' 'al*' 'am*' 'an*' 'ao*' 'ap*' 'aq*' 'ar*' 'as*' 'at*' 'au*' 'av*' 'aw*' 'ax*' 'ay*' 'az*' 'ba*' 'bb*' 'bc*' 'bd*' 'be*' 'bf*' 'bg*' 'bh*' 'bi*' 'bj*' 'bk*' 'bl*' 'bm*' 'bn*' 'bo*')"
contains "$T/err" "the query has 40 wildcards, more than 32" "hostile-query: wildcards: names the bound"
hq 0 "32 wildcards, each the most frequent 1000" --db "$HQ/vocab.db" --any --wildcard-mode frequent --count "$(words 32 'a*' 'b*' 'c*' 'd*' 'e*' 'f*' 'g*' 'h*' 'i*' 'j*' 'k*' 'l*' 'm*' 'n*' 'o*' 'p*' 'q*' 'r*' 's*' 't*' 'u*' 'v*' 'w*' 'x*' 'y*' 'z*')"
hq 2 "--wildcard-mode bad" --db "$DB" --wildcard-mode all lavrov
hq 0 "* is every document" --db "$DB" --count '*'
equals "$(cat "$T/out")" "23" "hostile-query: * counts every document"

# ---- pages ----
hq 0 "-n 1000000000" --db "$DB" --format tsv --no-snippets -n 1000000000 '*'
equals "$(wc -l <"$T/out" | tr -d ' ')" "24" "hostile-query: -n 1000000000 shows the 23 documents"
hq 2 "-n -1" --db "$DB" -n -1 lavrov
contains "$T/err" "--limit: use a whole number from 0 to 4294967295, not '-1'" "hostile-query: -n -1: says why"
hq 2 "-n 99999999999" --db "$DB" -n 99999999999 lavrov
hq 0 "--offset 4294967295" --db "$DB" --format json --offset 4294967295 lavrov
equals "$(jq -r '[.total, .shown, (.hits | length)] | @tsv' "$T/out")" "$(printf '1\t0\t0')" "hostile-query: a huge offset shows nothing"
hq 0 "--snippet-length 4294967295" --db "$DB" --format jsonl --snippet-length 4294967295 lavrov

# ---- filters ----
hq 2 "1500 filters" --db "$DB" "$(words 1500 country:us country:jp)"
contains "$T/err" "more than 1000" "hostile-query: filters count as terms"
hq 0 "500 filters" --db "$DB" --count "$(words 500 country:us country:jp)"
hq 2 "1000 date ranges" --db "$DB" "$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "date:%d..%d ", 1980 + i % 40, 1981 + i % 40 }')"
contains "$T/err" "the query has 1000 value ranges (date:), more than 32" "hostile-query: date ranges: names the bound"
hq 0 "32 date ranges" --db "$DB" --count "$(awk 'BEGIN { for (i = 0; i < 32; i++) printf "date:%d..%d ", 1980 + i % 40, 1981 + i % 40 }')"
hq 2 "a filter value of 5000 bytes" --db "$DB" "country:$(repeat 5000 x)"
contains "$T/err" "unknown country" "hostile-query: long filter value: says why"
hq 2 "a newline in a bad query" --db "$DB" "$(printf 'oil\nAND')"
contains "$T/err" "query syntax error in 'oil AND'" "hostile-query: a newline is shown as a space"

# ---- a field that rejects its value inside a negated group ----
# (Xapian 1.4.22's parser crashed on the null query an erring field
# processor returned: found by fuzz_query)
hq 2 "x -Q -(-date:0" --db "$DB" -- "x -Q -(-date:0"
contains "$T/err" "date:0: not a date" "hostile-query: a bad date in a negated group: says why"
hq 2 "x -Q -(-country:zz" --db "$DB" -- "x -Q -(-country:zz"
