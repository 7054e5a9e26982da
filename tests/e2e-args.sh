# e2e-args.sh - sourced by e2e.sh after corpus/ is indexed into $DB: the
# command line as people type it (issue 18, item 2). Before the first
# query word, a word starting with '-' is an option; after it, only long
# options and a short option standing alone (-n 5) are; '--' ends them.

acount() { "$NS" --db "$DB" --count "$@" 2>&1; }
n_all=$(acount '*')
n_wall=$(acount wall)
n_berlin=$(acount berlin)

# ---- a leading-dash word after the first query word is a query word ----
expect_rc 0 "args: wall -berlin" "$NS" --db "$DB" --count wall -berlin
equals "$(cat "$T/out")" "$((n_wall - 1))" "args: wall -berlin is wall but not berlin"
equals "$(acount wall -berlin)" "$(acount 'wall -berlin')" "args: -berlin as its own word or in one argument"
expect_rc 1 "args: chelsea -mourinho" "$NS" --db "$DB" chelsea -mourinho
equals "$(wc -c <"$T/err" | tr -d ' ')" "0" "args: chelsea -mourinho: no message"
expect_rc 0 "args: -n after the query" "$NS" --db "$DB" --format tsv --no-snippets wall -n 1
equals "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "1" "args: -n 1 after the query is the option"
expect_rc 0 "args: a long option after the query" "$NS" --db "$DB" --count wall --country us
equals "$(cat "$T/out")" "$(acount 'wall country:us')" "args: --country after the query is the option"
expect_rc 0 "args: a value that starts with -" "$NS" --db "$DB" --format tsv --no-snippets wall --sort -date
equals "$(tail -n +2 "$T/out" | cut -f3 | sort -rc 2>&1 && echo sorted)" "sorted" "args: --sort -date after the query"

# ---- -- ends the options; a negative-only query is all but those ----
expect_rc 0 "args: -- -berlin" "$NS" --db "$DB" --count -- -berlin
equals "$(cat "$T/out")" "$((n_all - n_berlin))" "args: -- -berlin is every article but berlin's"
expect_rc 0 "args: -- -berlin -wall" "$NS" --db "$DB" --count -- -berlin -wall
equals "$(cat "$T/out")" "$((n_all - $(acount 'berlin OR wall')))" "args: -- -berlin -wall is all but either"
expect_rc 0 "args: -- -wall with a filter" "$NS" --db "$DB" --count --country us -- -wall
equals "$(cat "$T/out")" "$(( $(acount --country us) - $(acount --country us wall) ))" "args: a filter and a negative word"
expect_rc 0 "args: NOT alone" "$NS" --db "$DB" --count 'NOT berlin'
equals "$(cat "$T/out")" "$((n_all - n_berlin))" "args: NOT berlin is -- -berlin"
expect_rc 2 "args: -berlin first, without --" "$NS" --db "$DB" -berlin
contains "$T/err" "unknown option '-berlin'" "args: -berlin first: names it"
contains "$T/err" "newssearch -- -berlin" "args: -berlin first: shows --"
expect_rc 0 "args: -- then a word that looks like an option" "$NS" --db "$DB" --count -- wall -n
equals "$(cat "$T/out")" "$(acount wall)" "args: after --, -n is a query word (not n)"

# ---- a blank query is an error ----
expect_rc 2 "args: a query of spaces" "$NS" --db "$DB" '   '
contains "$T/err" "the query is blank" "args: blank: says so"
equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "args: blank: one line"
expect_rc 2 "args: an empty query argument" "$NS" --db "$DB" --all ''
expect_rc 2 "args: no query" "$NS" --db "$DB"
contains "$T/err" "no query given" "args: no query: says so"
expect_rc 0 "args: filters alone are a query" "$NS" --db "$DB" --count --country us

# ---- unknown fields and empty values list the fields ----
for q in writer:smith TITLE:blair foo:bar 'wall -foo:bar' source: 'country: pakistan' 'title:'; do
    expect_rc 2 "args: field in '$q'" "$NS" --db "$DB" "$q"
    equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "args: '$q': one line"
done
"$NS" --db "$DB" writer:smith 2>"$T/err"
contains "$T/err" "unknown field 'writer:'; the fields are title, country, topic, source, date, year" "args: writer: lists the fields"
"$NS" --db "$DB" TITLE:blair 2>"$T/err"
contains "$T/err" "fields are lower case: title:" "args: TITLE: says lower case"
"$NS" --db "$DB" source: 2>"$T/err"
contains "$T/err" "source: needs a value, as in source:reuters" "args: source: alone"
expect_rc 1 "args: Re: is words" "$NS" --db "$DB" 'Re: zzyzx'
expect_rc 1 "args: a URL is words" "$NS" --db "$DB" 'http://example.org/zzyzx'
expect_rc 0 "args: a known field" "$NS" --db "$DB" --count title:berlin
expect_rc 0 "args: a field in a phrase is words" "$NS" --db "$DB" --count '"berlin wall"' 'wall'

# ---- options that take a value take it after a space, never a query word ----
expect_rc 0 "args: --facets countries yukos" "$NS" --db "$DB" --format json -n 0 --facets countries wall
equals "$(jq -r '[.query, (.facets | keys | join(","))] | @tsv' "$T/out")" "$(printf 'wall\tcountry')" "args: --facets LIST after a space (plural)"
expect_rc 0 "args: --facets topics,years" "$NS" --db "$DB" --format json -n 0 --facets topics,years wall
equals "$(jq -r '.facets | keys | join(",")' "$T/out")" "topic,year" "args: plural facet names"
expect_rc 0 "args: --facets then a query word" "$NS" --db "$DB" --format json -n 0 --facets wall
equals "$(jq -r '[.query, (.facets | keys | length)] | @tsv' "$T/out")" "$(printf 'wall\t5')" "args: bare --facets leaves the word to the query"
expect_rc 2 "args: --facets with a wrong name in a list" "$NS" --db "$DB" --facets country,colour wall
contains "$T/err" "unknown facet 'colour'" "args: --facets list: the wrong name"
expect_rc 0 "args: --format after a space" "$NS" --db "$DB" --format json -n 1 wall
equals "$(jq -r .query "$T/out")" "wall" "args: --format json wall: wall is the query"
expect_rc 2 "args: --wait is not an option of newssearch" "$NS" --db "$DB" --wait 10 wall
contains "$T/err" "unknown option '--wait'" "args: --wait: says so, takes nothing"
expect_rc 2 "args: an option without its value" "$NS" --db "$DB" wall --sort
contains "$T/err" "--sort needs a value" "args: --sort at the end: says so"
expect_rc 2 "args: -n without its value" "$NS" --db "$DB" wall -n
contains "$T/err" "-n needs a value" "args: -n at the end: says so"
expect_rc 0 "args: --opt=value" "$NS" --db "$DB" --format=tsv --limit=1 --no-snippets wall
equals "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "1" "args: --limit=1"
expect_rc 0 "args: a unique prefix of a long option" "$NS" --db "$DB" --form tsv -n 1 --no-snip wall
equals "$(head -n 1 "$T/out" | cut -f1)" "rank" "args: --form is --format"
for opt in --country --source --topic --since --until --format --sort; do
    expect_rc 2 "args: $opt ''" "$NS" --db "$DB" "$opt" '' wall
    contains "$T/err" "$opt needs a value, not an empty one" "args: $opt '': says so"
done
expect_rc 2 "args: --country=" "$NS" --db "$DB" --country= wall
contains "$T/err" "--country= needs a value" "args: --country=: says so"
