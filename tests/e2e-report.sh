# e2e-report.sh - sourced by e2e.sh: --timeline, --coverage and
# --top-terms on an archive of known dates (tests/make-timeline.sh): exact
# bucket counts against a count of the export, empty buckets, UTC at
# bucket edges, a source's gap and silence, the formats, the chart.

TL="$T/timeline"
TD="$T/timeline.db"
sh "$top/tests/make-timeline.sh" "$TL"
expect_rc 0 "report: index the timeline archive" "$NI" --db "$TD" -q "$TL"
"$NS" --db "$TD" --all --format jsonl >"$T/tl-all.jsonl"
equals "$(wc -l <"$T/tl-all.jsonl" | tr -d ' ')" "241" "report: 241 articles"

# bucket INTERVAL < jsonl: each document's bucket, from its date (UTC)
tl_bucket() {
    jq -r --arg iv "$1" 'select(.date != null) | .date[0:10] as $d |
        if $iv == "day" then $d elif $iv == "month" then $d[0:7] elif $iv == "year" then $d[0:4]
        else (($d + "T00:00:00Z" | fromdateiso8601) / 86400 | floor) as $n |
             ((($n + 3) % 7 + 7) % 7) as $k | (($n - $k) * 86400 | todate | .[0:10]) end'
}
# tl_check QUERY INTERVAL: the buckets with documents, their matches and
# totals, equal to the export's (the whole archive is the scope)
tl_check() {
    q=$1; iv=$2
    "$NS" --db "$TD" --all --no-collapse --no-snippets --format jsonl "$q" | tl_bucket "$iv" | sort | uniq -c |
        awk '{print $2 "\t" $1}' >"$T/tl-q"
    tl_bucket "$iv" <"$T/tl-all.jsonl" | sort | uniq -c | awk '{print $2 "\t" $1}' >"$T/tl-a"
    join -t '	' -a 2 -e 0 -o 0,1.2,2.2 "$T/tl-q" "$T/tl-a" |
        awk -F '\t' 'f == "" && $2 > 0 { f = $1 } $2 > 0 { l = $1 } { r[NR] = $0; k[NR] = $1 }
                     END { for (i = 1; i <= NR; i++) if (k[i] >= f && k[i] <= l) print r[i] }' >"$T/tl-want"
    "$NS" --db "$TD" --timeline "$iv" --format tsv "$q" | tail -n +2 |
        awk -F '\t' '$3 > 0 { print $1 "\t" $2 "\t" $3 }' >"$T/tl-got"
    if [ -s "$T/tl-want" ] && cmp -s "$T/tl-want" "$T/tl-got"; then ok; else
        bad "report: --timeline $iv '$q' differs from the export's count"; diff "$T/tl-want" "$T/tl-got" | head -5; fi
}
for iv in day week month year; do
    tl_check okapi "$iv"
    tl_check quagga "$iv"
    tl_check 'bulletin OR wire' "$iv"
done

# empty buckets are there, with zero matches; the range is the matches'
expect_rc 0 "report: --timeline month quagga" "$NS" --db "$TD" --timeline month --format tsv quagga
equals "$(tail -n +2 "$T/out" | cut -f1,2 | tr '\t\n' ' ,')" "2020-01 5,2020-02 0,2020-03 3," "report: quagga by month, February empty"
# the publisher's day at the edges: 23:30-05:00 is that day (not the next
# one in UTC), 00:30+02:00 too (not the day before); a week starts on Monday
"$NS" --db "$TD" --timeline day --format tsv okapi | tail -n +2 | awk -F '\t' '$2 > 0 {print $1}' | tr '\n' ' ' >"$T/tl-days"
equals "$(cat "$T/tl-days")" "2020-01-05 2020-01-06 2020-01-31 2020-03-01 " "report: okapi days on the publisher's clock"
"$NS" --db "$TD" --timeline week --format tsv okapi | tail -n +2 >"$T/tl-weeks"
equals "$(head -n 1 "$T/tl-weeks" | cut -f1,2)" "$(printf '2019-12-30\t1')" "report: Sunday 23:59:59 in the week before"
equals "$(sed -n 2p "$T/tl-weeks" | cut -f1,2)" "$(printf '2020-01-06\t1')" "report: Monday 00:00 starts a week"
equals "$(wc -l <"$T/tl-weeks" | tr -d ' ')" "9" "report: nine weeks, empty ones included"
equals "$("$NS" --db "$TD" --timeline month --format tsv okapi | tail -n +2 | cut -f1,2 | tr '\t\n' ' ,')" \
    "2020-01 3,2020-02 0,2020-03 1," "report: okapi by month on the publisher's clock"
# the scope: the same filters without the words
expect_rc 0 "report: scope with a filter" "$NS" --db "$TD" --timeline month --format json --source reuters 'quagga OR okapi'
equals "$(jq -c '[.timeline[] | [.bucket, .count, .total]]' "$T/out")" \
    '[["2020-01",8,65],["2020-02",0,44],["2020-03",4,41]]' "report: totals are the filter's"
equals "$(jq -r '.format_version, .interval, .matches, (.timeline[0] | keys | join(","))' "$T/out" | tr '\n' ' ')" \
    "2 month 12 bucket,count,ratio,total " "report: json shape"
equals "$(jq -r '.timeline[0].ratio * 65 | round' "$T/out")" "8" "report: ratio is count / total"
expect_rc 0 "report: filter in the query" "$NS" --db "$TD" --timeline month --format json 'quagga source:reuters'
equals "$(jq -c '[.timeline[].total]' "$T/out")" "[65,44,41]" "report: a filter in the query is the scope too"
expect_rc 0 "report: jsonl" "$NS" --db "$TD" --timeline year --format jsonl quagga
equals "$(jq -c 'del(.ratio)' "$T/out")" '{"bucket":"2020","count":8,"total":241}' "report: jsonl a bucket a line"
equals "$(jq -r '.ratio * 241 | round' "$T/out")" "8" "report: jsonl ratio"
expect_rc 0 "report: --timeline of every document" "$NS" --db "$TD" --timeline year --format tsv
equals "$(tail -n +2 "$T/out")" "$(printf '2020\t241\t241\t1')" "report: no query: every document"
expect_rc 1 "report: nothing matched" "$NS" --db "$TD" --timeline month zzyzxnotaword
expect_rc 2 "report: bad interval" "$NS" --db "$TD" --timeline fortnight quagga
contains "$T/err" "use day, week, month or year" "report: bad interval message"
expect_rc 2 "report: bad --by" "$NS" --db "$TD" --timeline month --by colour quagga
expect_rc 2 "report: --by without --timeline" "$NS" --db "$TD" --by source quagga

# --by: the top series and "other"
expect_rc 0 "report: --by source:1" "$NS" --db "$TD" --timeline month --by source:1 --format json --since 2020
equals "$(jq -c '.series' "$T/out")" '["Reuters","other"]' "report: --by source:1 series"
equals "$(jq -c '[.timeline[] | [.series[].count]]' "$T/out")" '[[65,31],[44,29],[41,31]]' "report: --by counts"
equals "$(jq -c '[.timeline[] | .count == (.series | map(.count) | add)] | all' "$T/out")" "true" "report: series add up (one source each)"
expect_rc 0 "report: --by source tsv" "$NS" --db "$TD" --timeline year --by source --format tsv quagga
equals "$(tail -n +2 "$T/out")" "$(printf '2020\tReuters\t8\t150\t0.0533333')" "report: --by tsv, no empty 'other'"

# the chart: bars fit COLUMNS; blocks in UTF-8, '#' with LANG=C
expect_rc 0 "report: chart, C locale" env -u LC_ALL -u LC_CTYPE LANG=C COLUMNS=50 "$NS" --db "$TD" --timeline month quagga
contains "$T/out" "2020-01         5       96   5.208%  #############" "report: '#' bars with LANG=C"
lacks "$T/out" "$(printf '\342\226')" "report: no block with LANG=C"
equals "$(grep -c '^2020-' "$T/out")" "3" "report: a line per bucket"
equals "$(grep '^2020-' "$T/out" | awk 'length > 50' | wc -l | tr -d ' ')" "0" "report: bars fit COLUMNS=50"
equals "$(grep '^2020-01' "$T/out" | awk '{print length}')" "50" "report: the longest bar fills COLUMNS=50"
equals "$(grep '^2020-02' "$T/out" | tr -cd '#' | wc -c | tr -d ' ')" "0" "report: an empty bucket has no bar"
expect_rc 0 "report: chart, UTF-8" env LC_ALL=C.UTF-8 COLUMNS=60 "$NS" --db "$TD" --timeline month quagga
contains "$T/out" "$(printf '\342\226\210\342\226\210')" "report: block bars in UTF-8"
equals "$(grep '^2020-01' "$T/out" | LC_ALL=C.UTF-8 wc -L | tr -d ' ')" "60" "report: the longest UTF-8 bar fills COLUMNS=60"
equals "$(grep '^2020-03' "$T/out" | LC_ALL=C.UTF-8 wc -L | tr -d ' ')" "$((37 + (3 * 23 * 8 + 2) / 5 / 8 + 1))" "report: a shorter bar ends in an eighth block"

# ---- --coverage ----
expect_rc 0 "report: --coverage json" "$NS" --db "$TD" --coverage --format json
equals "$(jq -r '[.coverage[].source] | join(",")' "$T/out")" "Reuters,BBC" "report: the silent source first"
equals "$(jq -r '.coverage[0] | [.first, .last, .articles] | @tsv' "$T/out")" "$(printf '2020-01-01\t2020-03-20\t150')" "report: Reuters first, last, articles"
equals "$(jq -c '.coverage[0].gaps | map([.from, .to, .days, .open])' "$T/out")" \
    '[["2020-03-21","2020-03-31",11,true],["2020-02-10","2020-02-16",7,false]]' "report: Reuters' gaps, most recent first"
equals "$(jq -c '.coverage[1] | [.first, .last, .articles, (.gaps | length)]' "$T/out")" '["2020-01-01","2020-03-31",91,0]' "report: BBC has no gap"
equals "$(jq -r '.coverage[1].per_week' "$T/out")" "7" "report: BBC per week"
# checked against the export
jq -r '[.source, .date[0:10]] | @tsv' "$T/tl-all.jsonl" | sort | awk -F '\t' '
    $1 != s { if (s != "") print s "\t" f "\t" l "\t" n; s = $1; f = $2; n = 0 } { l = $2; n++ }
    END { print s "\t" f "\t" l "\t" n }' >"$T/cov-want"
"$NS" --db "$TD" --coverage --format tsv | tail -n +2 | cut -f1-4 | sort >"$T/cov-got"
if cmp -s "$T/cov-want" "$T/cov-got"; then ok; else bad "report: --coverage differs from the export"; diff "$T/cov-want" "$T/cov-got" | head -5; fi
expect_rc 0 "report: --coverage with a filter" "$NS" --db "$TD" --coverage --format json --until 2020-02-12
equals "$(jq -c '[.last, (.coverage | map(.source) | join(",")), (.coverage[0].gaps | map([.from, .to, .open]))]' "$T/out")" \
    '["2020-02-12","Reuters,BBC",[["2020-02-10","2020-02-12",true]]]' "report: --coverage --until: the gap is open at the end"
expect_rc 0 "report: --coverage text" "$NS" --db "$TD" --coverage
contains "$T/out" "gap 2020-03-21 .. 2020-03-31  11 days, 22 expected, still silent" "report: coverage text"

# ---- --top-terms ----
expect_rc 0 "report: --top-terms" "$NS" --db "$TD" --top-terms 4 --format json quagga
equals "$(jq -r '[.top_terms[].term] | sort | join(",")' "$T/out")" "marmalade factory,morning,seen near,wire" \
    "report: top terms of quagga: the phrases for the words they cover, then the next words"
equals "$(jq -r '[.top_terms[] | .term + "=" + .kind] | sort | join(",")' "$T/out")" \
    "marmalade factory=phrase,morning=word,seen near=phrase,wire=word" "report: top terms' kind"
equals "$(jq -r '.top_terms[0] | [.in_sample, .in_index] | @tsv' "$T/out")" "$(printf '8\t8')" "report: top term counts"
equals "$(jq -r '[.matches, .sampled] | @tsv' "$T/out")" "$(printf '8\t8')" "report: the sample is every match here"
equals "$(jq '[.top_terms[].term] | index("quagga")' "$T/out")" "null" "report: the query's own word is left out"
expect_rc 0 "report: --top-terms tsv" "$NS" --db "$TD" --top-terms 2 --format tsv okapi
equals "$(head -n 1 "$T/out")" "$(printf 'term\tweight\tin_sample\tin_index\tkind')" "report: top terms tsv header"
