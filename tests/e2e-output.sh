# Output for scripts and for people (issue 18): format versions, the
# query with its filters, --fields, -0, --sort FIELD / --reverse, the
# jsonl summary, relative dates, id:, --bm25, wrapped snippets, the lead
# as a filter-only hit's snippet, --info --facets, the bash completion
# and the man pages. Sourced by tests/e2e.sh ($NS, $NI); its own index of
# corpus/ in $DB (the earlier scripts change theirs).
DB="$T/output-db"
"$NI" --db "$DB" -q "$top/corpus" || bad "output: index corpus"

# ---- format versions and the query shown ----
expect_rc 0 "output: json with a filter" "$NS" --db "$DB" --format json --country pk lavrov
equals "$(jq -r '[.format_version, .query] | @tsv' "$T/out")" "$(printf '2\tlavrov country:pk')" \
    "output: the query shown holds the filter"
expect_rc 0 "output: --format-version=1" "$NS" --db "$DB" --format json --format-version=1 --country pk lavrov
equals "$(jq -r '[.format_version, .query] | @tsv' "$T/out")" "$(printf '1\tlavrov')" \
    "output: version 1 shows the words only"
expect_rc 1 "output: count as json" "$NS" --db "$DB" --count --format json --since 2020 --source 'associated press' --any lavrov tsunami
equals "$(jq -r '[.format_version, .query, .total] | @tsv' "$T/out")" \
    "$(printf '2\tlavrov tsunami source:"associated press" date:2020..\t0')" "output: count's query, quoted"
expect_rc 2 "output: --format-version=3" "$NS" --db "$DB" --format json --format-version=3 oil
equals "$(jq -r '.error.status' "$T/out")" "usage" "output: an unknown version is a usage error"
contains "$T/err" "--format-version: use a whole number from 1 to 2" "output: the versions it writes"
expect_rc 0 "output: --info json version" "$NS" --db "$DB" --info --format json --format-version 1
equals "$(jq -r .format_version "$T/out")" "1" "output: --info stamped with the version asked"

# ---- the jsonl summary ----
expect_rc 0 "output: jsonl --summary" "$NS" --db "$DB" --format jsonl --summary -n 3 --any oil wall
nl=$(wc -l <"$T/out")
equals "$(tail -n 1 "$T/out" | jq -r '[.type, .format_version, .total, .shown] | @tsv')" \
    "$(printf 'summary\t2\t%s\t3' "$("$NS" --db "$DB" --count --any oil wall)")" "output: the summary is the last line"
equals "$(head -n $((nl - 1)) "$T/out" | jq -r 'select(.type) | .type' | wc -l)" "0" "output: only the summary has a type"
equals "$nl" "4" "output: three hits and the summary"
expect_rc 0 "output: jsonl without --summary" "$NS" --db "$DB" --format jsonl -n 3 --any oil wall
equals "$(jq -r 'select(.type) | .type' "$T/out" | wc -l)" "0" "output: no summary unless asked"
expect_rc 0 "output: export --summary" "$NS" --db "$DB" --all --format jsonl --summary
equals "$(tail -n 1 "$T/out" | jq -r .total)" "$(($(wc -l <"$T/out") - 1))" "output: the export's summary counts its lines"
expect_rc 2 "output: --summary with json" "$NS" --db "$DB" --format json --summary oil
contains "$T/err" "--summary goes with --format jsonl" "output: --summary only for jsonl"

# ---- --fields ----
expect_rc 0 "output: --fields tsv" "$NS" --db "$DB" --fields id,date,title --format tsv lavrov
equals "$(cat "$T/out")" "$(printf 'id\tdate\ttitle\ncorpus/2021/04/08/russia-pakistan-lavrov.txt\t2021-04-08T00:00:00Z\tRussia, Pakistan Discuss Military Ties, Counter-Terrorism Cooperation in Islamabad Meeting')" \
    "output: --fields tsv: the header and the cells"
expect_rc 0 "output: --fields json" "$NS" --db "$DB" --fields title,countries,text --format json lavrov
equals "$(jq -c '.hits[0] | keys_unsorted' "$T/out")" '["title","countries","text"]' "output: --fields json keys in order"
contains "$T/out" "Makhdoom Shah Mahmood Qureshi" "output: --fields text gives the text"
expect_rc 0 "output: --fields text format" "$NS" --db "$DB" --fields rank,countries,title lavrov
equals "$(cat "$T/out")" "1  PK,RU,IN  Russia, Pakistan Discuss Military Ties, Counter-Terrorism Cooperation in Islamabad Meeting" \
    "output: --fields text: one line a hit"
expect_rc 0 "output: --fields export" "$NS" --db "$DB" --all --fields rank,id --format tsv
equals "$(sed -n 2p "$T/out" | cut -f1)" "1" "output: the export's rank is its position"
expect_rc 2 "output: --fields unknown" "$NS" --db "$DB" --fields id,colour oil
contains "$T/err" "--fields: no field 'colour' (the fields: rank,score" "output: --fields names the fields"
expect_rc 2 "output: --fields with paths" "$NS" --db "$DB" --fields id --format paths oil

# ---- -0 ----
"$NS" --db "$DB" --all --format paths >"$T/paths.txt" 2>&1
expect_rc 0 "output: -0" "$NS" --db "$DB" --all -0
equals "$(tr '\0' '\n' <"$T/out")" "$(cat "$T/paths.txt")" "output: -0 is the paths, NUL-ended"
equals "$(tr -cd '\0' <"$T/out" | wc -c)" "$(wc -l <"$T/paths.txt")" "output: one NUL a path"
equals "$(tr -cd '\n' <"$T/out" | wc -c)" "0" "output: -0 has no newline"
expect_rc 2 "output: -0 with json" "$NS" --db "$DB" -0 --format json oil
contains "$T/err" "-0 prints paths" "output: -0 goes with paths"
expect_rc 0 "output: -0 into xargs -0" sh -c "'$NS' --db '$DB' -0 lavrov | xargs -0 wc -c"
contains "$T/out" "russia-pakistan-lavrov.txt" "output: xargs -0 reads the paths"

# ---- --sort FIELD, --reverse ----
expect_rc 0 "output: --sort source" "$NS" --db "$DB" --all --sort source --fields source --format tsv --source reuters --any oil wall tsunami
expect_rc 0 "output: --sort source" "$NS" --db "$DB" --all --sort source --fields source --format tsv
tail -n +2 "$T/out" | grep . >"$T/by-source"
equals "$(LC_ALL=C sort -c "$T/by-source" && echo sorted)" "sorted" "output: --sort source orders by source"
expect_rc 0 "output: --sort -source" "$NS" --db "$DB" --all --sort -source --fields source --format tsv
equals "$(tail -n +2 "$T/out" | grep . | LC_ALL=C sort -r -c && echo sorted)" "sorted" "output: --sort -source reverses it"
expect_rc 0 "output: --sort source --reverse" "$NS" --db "$DB" --all --sort source --reverse --fields source --format tsv
equals "$(tail -n +2 "$T/out" | grep . | LC_ALL=C sort -r -c && echo sorted)" "sorted" "output: --reverse"
expect_rc 0 "output: --sort date --reverse" "$NS" --db "$DB" --all --sort date --reverse --fields date --format tsv
equals "$(tail -n +2 "$T/out" | grep . | head -1)" "$("$NS" --db "$DB" --all --sort -date --fields date --format tsv | sed -n 2p)" \
    "output: date --reverse is -date"
expect_rc 2 "output: --reverse without a field" "$NS" --db "$DB" --reverse oil
contains "$T/err" "--reverse goes with --sort FIELD" "output: --reverse needs a field"
expect_rc 2 "output: --sort title" "$NS" --db "$DB" --sort title oil
contains "$T/err" "--sort: use relevance, or date, source or year" "output: --sort names its fields"

# ---- id: ----
feed_id=$("$NS" --db "$DB" --all --fields id --format tsv | grep '#tag:' | head -1)
expect_rc 0 "output: id: of a feed item" "$NS" --db "$DB" --count "id:$feed_id"
equals "$(cat "$T/out")" "1" "output: id: finds one item of a feed"
expect_rc 0 "output: id: of a file" "$NS" --db "$DB" --fields id --format tsv id:corpus/1987/10/19/wall-street-plunge.txt
equals "$(sed -n 2p "$T/out")" "corpus/1987/10/19/wall-street-plunge.txt" "output: id: finds the file"
expect_rc 1 "output: id: of nothing" "$NS" --db "$DB" --count id:corpus/nothing.txt

# ---- --bm25 ----
d=$("$NS" --db "$DB" --fields score --format tsv --any oil wall | sed -n 2p)
expect_rc 0 "output: --bm25" "$NS" --db "$DB" --bm25 2,1 --fields score --format tsv --any oil wall
[ "$(sed -n 2p "$T/out")" != "$d" ] && ok || bad "output: --bm25 2,1 gives the same score as the default"
expect_rc 0 "output: --bm25 default" "$NS" --db "$DB" --bm25 1,0.5 --fields score --format tsv --any oil wall
equals "$(sed -n 2p "$T/out")" "$d" "output: --bm25 1,0.5 is the default"
expect_rc 2 "output: --bm25 bad" "$NS" --db "$DB" --bm25 1.2 oil
contains "$T/err" "--bm25: give K1,B" "output: --bm25 wants both"

# ---- relative dates: files dated by their mtime, TZ=UTC ----
R="$T/rel"
mkdir -p "$R/a"
for n in 0 3 20 400; do
    printf 'Relative day %s\n\nAn article about quinces, written %s days ago, with no date in it.\n' "$n" "$n" >"$R/a/q$n.txt"
    TZ=UTC touch -d "$(TZ=UTC date -d "$n days ago" '+%Y-%m-%d 12:00:00')" "$R/a/q$n.txt"
done
expect_rc 0 "output: index relative" "$NI" --db "$R/db" -q "$R/a"
rel() { # WANT QUERY...
    want=$1; shift
    got=$(TZ=UTC "$NS" --db "$R/db" --count "$@" 2>&1)
    equals "$got" "$want" "output: relative $*"
}
rel 1 date:today
rel 1 'date:today..'
rel 2 'date:3d..'
rel 2 'date:2w..'
rel 3 'date:1M..'
rel 3 'date:..yesterday'
rel 3 --since 1y
rel 4 'date:2years..'
rel 1 'date:3days'
rel 1 'date:..1y'
expect_rc 2 "output: m is not months" "$NS" --db "$R/db" --count 'date:3m..'
contains "$T/err" "date:3m..: not a date or range" "output: 3m refused"

# ---- people: wrapped snippets, the lead of a filter-only hit ----
expect_rc 0 "output: wrapped" env COLUMNS=40 "$NS" --db "$DB" -n 1 lavrov islamabad
snip=$(awk 'NR > 5' "$T/out")
equals "$(printf '%s\n' "$snip" | awk 'length($0) > 40 || substr($0, 1, 5) != "     "' | wc -l)" "0" \
    "output: every snippet line within 40 columns, indented"
[ "$(printf '%s\n' "$snip" | wc -l)" -gt 2 ] && ok || bad "output: the snippet is wrapped"
expect_rc 0 "output: not wrapped in a pipe" "$NS" --db "$DB" -n 1 lavrov islamabad
equals "$(wc -l <"$T/out")" "6" "output: one snippet line without COLUMNS"
expect_rc 0 "output: lead of a filter-only hit" "$NS" --db "$DB" --fields snippet --format tsv country:pk
equals "$(sed -n 2p "$T/out" | cut -c1-40)" "Russian Foreign Minister Sergey Lavrov m" "output: a filter-only hit's snippet is its lead"

# ---- --info --facets: every value ----
ntopics=$("$NS" --db "$DB" --all --format jsonl | jq -r '.topics[]' | sort -u | wc -l)
expect_rc 0 "output: --info --facets" "$NS" --db "$DB" --info --facets topic --format json
equals "$(jq -r '.values.topic | length' "$T/out")" "$ntopics" "output: --info --facets lists every topic"
equals "$(jq -r '.top | has("topic")' "$T/out")" "false" "output: not also in top"
expect_rc 0 "output: --info --facets text" "$NS" --db "$DB" --info --facets=topic
equals "$(awk '/^topic \(/ {on = 1; next} on && /^ +[0-9]+  / {n++} END {print n + 0}' "$T/out")" "$ntopics" \
    "output: text lists every topic"

# ---- the bash completion ----
cat >"$T/comp.sh" <<'EOF'
. "$1/contrib/newssearch.bash-completion"
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _newssearch; echo "${COMPREPLY[*]}"; }
t newssearch --facets co
t newssearch --fields id,ti
t newssearch to
t newssearch topic : eco
t newssearch --sort -s
complete -p newssearch
EOF
expect_rc 0 "output: completion" bash "$T/comp.sh" "$top"
equals "$(cat "$T/out")" "$(printf 'country\nid,title\ntopic:\neconomy\n-source\ncomplete -o filenames -F _newssearch newssearch')" \
    "output: completion of facets, fields, field names, values"

# ---- the man pages render every example ----
for page in newssearch newsindex; do
    groff -ww -man -Tutf8 "$top/docs/$page.1" 2>"$T/groff.err" >"$T/man.txt"
    equals "$(cat "$T/groff.err")" "" "output: groff -ww warns of nothing in $page.1"
done
groff -man -Tascii -P-cbou "$top/docs/newssearch.1" 2>/dev/null | tr -s ' \n' '  ' >"$T/man.txt"
contains "$T/man.txt" 'country:"united states"' "output: the man page keeps the space in a quoted example"
contains "$T/man.txt" '"exact phrase"' "output: the man page keeps the space in a phrase"
