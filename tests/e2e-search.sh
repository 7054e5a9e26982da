# e2e-search.sh - sourced by e2e.sh after corpus/ is indexed into $DB:
# extraction on corpus/, the query language, filters, facets, formats.

# ---- extracted fields of every corpus article (docs/corpus.md's table) ----
"$NS" --db "$DB" --all --format tsv >"$T/all.tsv"
while IFS='|' read -r id date source title; do
    row=$(awk -F '\t' -v id="corpus/$id" '$6 == id' "$T/all.tsv")
    if [ -z "$row" ]; then bad "corpus: no document $id"; continue; fi
    equals "$(printf '%s' "$row" | cut -f3 | cut -c1-10)" "$date" "corpus date of $id"
    equals "$(printf '%s' "$row" | cut -f4)" "$source" "corpus source of $id"
    equals "$(printf '%s' "$row" | cut -f5)" "$title" "corpus title of $id"
done <<'EOF2'
2021/04/08/russia-pakistan-lavrov.txt|2021-04-08|Reuters|Russia, Pakistan Discuss Military Ties, Counter-Terrorism Cooperation in Islamabad Meeting
1987/10/19/wall-street-plunge.txt|1987-10-19|Reuters|Wall Street Suffers Record One-Day Fall as Selling Swamps Exchanges
2003/03/20/baghdad-air-strikes.txt|2003-03-20|Associated Press|U.S.-Led Forces Launch Strikes on Baghdad as War Begins
2015/07/14/iran-nuclear-deal-crlf.txt|2015-07-14|AFP|Iran and World Powers Reach Deal on Nuclear Programme
1998/07/12/france-world-cup-latin1.txt|1998-07-12|BBC|France Crowned World Champions After Beating Brazil in Paris
2020/03/11/who-declares-pandemic.txt|2020-03-11|Reuters|WHO Declares Coronavirus Outbreak a Pandemic
2009/06/15/nairobi-mobile-money.txt|2009-06-15|The Nairobi Courier|Mobile Money Transfers Take Off in Kenya's Small Businesses
2019/04/15/notre-dame-fire.txt.gz|2019-04-15|Reuters|Fire Tears Through Notre-Dame Cathedral in Paris
2016/06/24/brexit-referendum-result.html|2016-06-24|BBC|UK votes to leave the European Union
2011/03/11/japan-earthquake-tsunami.html|2011-03-11|Associated Press|Massive quake and tsunami strike northeast Japan
1994/05/10/mandela-inauguration.html|1994-05-10|AFP|Mandela sworn in as South Africa's first black president
2008/09/15/lehman-brothers-bankruptcy.html|2008-09-15|Reuters|Lehman Brothers files for bankruptcy, markets tumble
2024/01/13/taiwan-presidential-election.html|2024-01-13|Pacific Ledger|Lai Ching-te wins Taiwan presidential election
2010/04/16/volcano-ash-flights.html.gz|2010-04-16|The Guardian|Volcanic ash cloud grounds flights across Europe
1989/11/09/berlin-wall-opens.xml|1989-11-09|Associated Press|East Germany Opens the Berlin Wall
2012/08/05/olympics-bolt-100m.xml|2012-08-05|AFP|Bolt retains Olympic 100 metres title in London
feeds/world-news.rss#world-2010-1013-miners|2010-10-13|Reuters|Chile Rescues All 33 Trapped Miners
feeds/world-news.rss#https://news.example.org/world/greece-austerity-vote|2011-06-29|Associated Press|Greek Parliament Approves Austerity Package Amid Protests
feeds/world-news.rss#https://news.example.org/science/chandrayaan-3-landing|2023-08-23|AFP|India Lands Spacecraft Near Moon's South Pole
feeds/world-news.rss#world-2018-0710-cave|2018-07-10|Reuters|Thai Cave Rescue Completed as Last Boys Brought Out
feeds/science-desk.atom#tag:news.example.org,2024:science/eclipse-2024|2024-04-08|BBC|Total Solar Eclipse Crosses North America
feeds/science-desk.atom#tag:news.example.org,2019:science/black-hole-image|2019-04-10|BBC|First Image of a Black Hole Revealed
feeds/science-desk.atom#tag:news.example.org,1997:science/dolly|1997-02-23|BBC|Dolly the Sheep Cloned From Adult Cell
EOF2
equals "$(tail -n +2 "$T/all.tsv" | wc -l | tr -d ' ')" "23" "corpus: 23 articles in 18 files"

# ---- the query language ----
# q EXPECTED_TITLES... -- QUERY ARGS: the titles of the hits, in rank order
titles() { "$NS" --db "$DB" --no-snippets --format tsv "$@" | tail -n +2 | cut -f5; }
has_title() { # query-description title args...
    what=$1; want=$2; shift 2
    if titles "$@" | grep -qxF -- "$want"; then ok; else bad "$what: '$want' not found"; fi
}
first_title() {
    what=$1; want=$2; shift 2
    equals "$(titles "$@" | head -n 1)" "$want" "$what"
}
count() { "$NS" --db "$DB" --count "$@"; }
first_title "title: field" "East Germany Opens the Berlin Wall" 'title:berlin'
equals "$(count '"berlin wall"')" "1" "phrase"
equals "$(count 'wall -berlin')" "$(( $(count wall) - 1 ))" "NOT with -word"
equals "$(count 'wall NOT berlin')" "$(( $(count wall) - 1 ))" "NOT"
first_title "wildcard" "Iran and World Powers Reach Deal on Nuclear Programme" 'sanction*'
equals "$(count 'pandemic OR tsunami')" "$(count --any pandemic tsunami)" "OR equals --any"
[ "$(count 'pandemic OR tsunami')" -gt "$(count pandemic)" ] && ok || bad "OR widens"
equals "$(count pandemic tsunami)" "$(count 'pandemic AND tsunami')" "AND is the default"
has_title "NEAR" "Total Solar Eclipse Crosses North America" 'eclipse NEAR america'
has_title "stemming" "Bolt retains Olympic 100 metres title in London" 'retaining'
# one term per word, its stem (schema 5): phrases and wildcards on stems
equals "$(count '"world power"')" "$(count '"world powers"')" "a phrase matches its words' other forms"
equals "$(count 'country*')" "$(count 'countries OR country')" "a wildcard finds the word's own stem (country: countri)"
[ "$(count 'country*')" -gt 0 ] && ok || bad "country* matched nothing"
first_title "a title: wildcard" "Iran and World Powers Reach Deal on Nuclear Programme" 'title:nucl*'
[ "$(xapian-delve -a -1 "$DB" 2>/dev/null | grep -c '^[a-z]')" = 0 ] && ok || bad "the index holds unstemmed words"
equals "$(count '(pandemic OR tsunami) -japan')" "$(( $(count 'pandemic OR tsunami') - $(count 'japan (pandemic OR tsunami)') ))" "parentheses"
expect_rc 2 "syntax error" "$NS" --db "$DB" 'oil AND'
contains "$T/err" "query syntax error" "syntax error message"
equals "$(wc -l <"$T/err" | tr -d ' ')" "1" "syntax error is one line"

# accents and case folded, at index and query time alike (schema 8)
mkdir -p "$T/fold/arch"
printf 'Zidane returns to Madrid\n\nZinédine Zidane met Hélène Marchand in São Paulo on Tuesday. ÆSIR GROSSE Straße.\n' >"$T/fold/arch/zidane.txt"
expect_rc 0 "fold: index" "$NI" --db "$T/fold/db" -q "$T/fold/arch"
for q in zinedine Zinédine ZINEDINE helene '"sao paulo"' 'zined*' strasse; do
    equals "$("$NS" --db "$T/fold/db" --count "$q")" "1" "fold: $q finds the article"
done
"$NS" --db "$T/fold/db" --format jsonl --highlight '[,]' zinedine >"$T/out"
contains "$T/out" "[Zinédine]" "fold: the accented word is highlighted for the plain one"
# a word a soft hyphen or a zero-width space breaks is found whole; the
# text keeps the page's characters
printf 'Harbour works this year\n\nThe harbour works go on in th\302\255is ye\342\200\213ar, the port said.\n' >"$T/fold/arch/shy.txt"
expect_rc 0 "invisible: index" "$NI" --db "$T/fold/db" -q "$T/fold/arch"
equals "$("$NS" --db "$T/fold/db" --count '"this year" port')" "1" "invisible: soft hyphen and zero-width space inside words"
equals "$("$NS" --db "$T/fold/db" --count 'ye port')" "0" "invisible: no half words"
"$NS" --db "$T/fold/db" --format jsonl --text port >"$T/out"
contains "$T/out" "$(printf 'th\302\255is')" "invisible: the text as the page has it"
# author: the byline's words, and "author" in every format
printf '<html><head><title>Coach returns</title></head><body><article><h1>Coach returns</h1><p class="byline">By Hélène Marchand</p><p>The former player met the board in Madrid on Tuesday to discuss his return as coach of the club for the new season.</p></article></body></html>\n' >"$T/fold/arch/coach.html"
expect_rc 0 "author: index" "$NI" --db "$T/fold/db" -q "$T/fold/arch"
equals "$("$NS" --db "$T/fold/db" --count author:marchand)" "1" "author: a word of the byline"
equals "$("$NS" --db "$T/fold/db" --count author:helene)" "1" "author: folded too"
equals "$("$NS" --db "$T/fold/db" --count author:madrid)" "0" "author: not a word of the text"
equals "$("$NS" --db "$T/fold/db" --format json author:marchand | jq -r '.hits[0].author')" "Hélène Marchand" "author: the json key"
equals "$("$NS" --db "$T/fold/db" --format tsv author:marchand | cut -f11 | tr '\n' '|')" "author|Hélène Marchand|" "author: the tsv column, last"
"$NS" --db "$T/fold/db" author:marchand >"$T/out"
contains "$T/out" "| by Hélène Marchand" "author: in the text output"

# ---- filters: query syntax and flags ----
first_title "country:japan" "Massive quake and tsunami strike northeast Japan" 'country:japan'
equals "$(count country:jp)" "$(count country:Japan)" "country by code or name"
equals "$(count 'country:"united states"')" "$(count country:US)" "country with a space"
equals "$(count country:american)" "$(count country:us)" "country by demonym"
equals "$(count --country pk)" "$(count country:pakistan)" "--country flag"
equals "$(count country:pk country:jp)" "$(( $(count country:pk) + $(count country:jp) ))" "same field ORs"
equals "$(count source:ap)" "$(count 'source:"associated press"')" "source aliases"
equals "$(count --source reuters)" "7" "--source reuters"
equals "$(count date:2011)" "2" "date:YEAR"
equals "$(count date:2011-03)" "1" "date:MONTH"
equals "$(count date:2011-03-11)" "1" "date:DAY"
equals "$(count date:2010..2012)" "5" "date range"
equals "$(count --since 2010 --until 2012)" "5" "--since/--until"
equals "$(count date:..1989)" "2" "open range"
equals "$(count year:1987)" "1" "year:"
equals "$(count --topic sport)" "$(count topic:sport)" "--topic flag"
has_title "topic:sport" "Bolt retains Olympic 100 metres title in London" topic:sport
has_title "topic:economy" "Lehman Brothers files for bankruptcy, markets tumble" topic:economy
has_title "topic by label word" "Lehman Brothers files for bankruptcy, markets tumble" topic:business
expect_rc 2 "unknown country" "$NS" --db "$DB" country:narnia
contains "$T/err" "narnia" "unknown country message"
expect_rc 2 "bad date" "$NS" --db "$DB" date:2021-13
expect_rc 2 "unknown topic" "$NS" --db "$DB" --topic astrology
first_title "filter plus words" "Russia, Pakistan Discuss Military Ties, Counter-Terrorism Cooperation in Islamabad Meeting" lavrov --country pk --since 2021-04 --until 2021-04

# ---- facet counts against a brute-force count over the export ----
for q in "" "president" "topic:economy"; do
    "$NS" --db "$DB" --format json --facets --all --no-snippets $q >"$T/f.json"
    for f in country topic source year; do
        case $f in
            country) sel='.countries[]' ;;
            topic) sel='.topics[]' ;;
            source) sel='select(.source != null) | .source' ;;
            year) sel='select(.date != null) | .date[0:4]' ;;
        esac
        want=$(jq -r ".hits[] | $sel" "$T/f.json" | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\2=\1/' | sort)
        got=$(jq -r ".facets.$f[] | \"\(.value)=\(.count)\"" "$T/f.json" | sort)
        equals "$got" "$want" "facet $f for query '$q'"
    done
    order=$(jq -r '.facets.country | map(.count) | . == (sort | reverse)' "$T/f.json")
    equals "$order" "true" "facets most frequent first ('$q')"
done
"$NS" --db "$DB" --format json --facets=country lavrov >"$T/f.json"
equals "$(jq -r '.facets.country[] | select(.value == "PK") | .name' "$T/f.json")" "Pakistan" "facet country names"
expect_rc 0 "facets text" "$NS" --db "$DB" --facets=country,year lavrov
contains "$T/out" "country (3 values):" "text facets"
contains "$T/out" "     1  PK  Pakistan" "text facet value"
expect_rc 2 "unknown facet" "$NS" --db "$DB" --facets=colour lavrov

# ---- output formats ----
expect_rc 0 "json" "$NS" --db "$DB" --format json -n 3 president
equals "$(jq -r '.format_version' "$T/out")" "2" "json format_version"
equals "$(jq -r '.hits | length' "$T/out")" "3" "json hits"
equals "$(jq -r '[.query, (.total | type), (.hits[0] | has("rank") and has("score") and has("id") and has("path") and has("title") and has("date") and has("source") and has("countries") and has("topics") and has("snippet"))] | @tsv' "$T/out")" \
    "$(printf 'president\tnumber\ttrue')" "json keys"
"$NS" --db "$DB" --format jsonl lavrov >"$T/out"
equals "$(jq -r '.snippet | contains("[Lavrov]")' "$T/out")" "true" "jsonl snippet highlight"
expect_rc 0 "tsv" "$NS" --db "$DB" --format tsv -n 2 president
equals "$(head -n 1 "$T/out")" "$(printf 'rank\tscore\tdate\tsource\ttitle\tid\tpath\tcountries\ttopics\tsnippet\tauthor')" "tsv header"
equals "$(awk -F '\t' 'NF != 11' "$T/out" | wc -l | tr -d ' ')" "0" "tsv: eleven cells a line"
expect_rc 0 "paths" "$NS" --db "$DB" --format paths --all miners OR eclipse
equals "$(sort "$T/out" | tr '\n' ' ')" "$top/corpus/feeds/science-desk.atom $top/corpus/feeds/world-news.rss " "paths lists each file once, where it is"
expect_rc 0 "count" "$NS" --db "$DB" --count --all
equals "$(cat "$T/out")" "23" "--count"
expect_rc 0 "count json" "$NS" --db "$DB" --count --format json wall
equals "$(jq -r '[.format_version, .query, .total, .total_exact] | @tsv' "$T/out")" "$(printf '2\twall\t3\ttrue')" "--count --format json"
expect_rc 0 "count jsonl" "$NS" --db "$DB" --count --format jsonl wall
equals "$(wc -l <"$T/out" | tr -d ' ')" "1" "--count --format jsonl: one line"
equals "$(jq -r .total "$T/out")" "3" "--count --format jsonl: the total"
expect_rc 0 "count tsv" "$NS" --db "$DB" --count --format tsv wall
equals "$(cat "$T/out")" "3" "--count --format tsv: the number"
# errors under a JSON format: the error object on stdout, the line on stderr
for fmt in json jsonl; do
    expect_rc 2 "$fmt error: syntax" "$NS" --db "$DB" --format "$fmt" 'oil AND'
    equals "$(jq -r '[.format_version, .error.status, .error.message] | @tsv' "$T/out")" \
        "$(printf "2\tsyntax\tquery syntax error in 'oil AND': <expression> AND <expression>")" "$fmt error: syntax object"
    contains "$T/err" "newssearch: query syntax error in 'oil AND'" "$fmt error: the line on stderr too"
    expect_rc 2 "$fmt error: unknown field" "$NS" --db "$DB" --format "$fmt" writer:smith
    equals "$(jq -r .error.status "$T/out")" "query" "$fmt error: unknown field status"
    expect_rc 2 "$fmt error: no index" "$NS" --db "$T/nope" --format "$fmt" wall
    equals "$(jq -r .error.status "$T/out")" "no_index" "$fmt error: no index status"
    expect_rc 2 "$fmt error: an option before --format" "$NS" --db "$DB" -n x --format "$fmt" wall
    equals "$(jq -r .error.status "$T/out")" "usage" "$fmt error: a bad option value"
    expect_rc 2 "$fmt error: limit" "$NS" --db "$DB" --format "$fmt" "$(awk 'BEGIN { for (i = 0; i < 40; i++) printf "("; }')wall"
    equals "$(jq -r .error.status "$T/out")" "limit" "$fmt error: limit status"
done
equals "$(wc -l <"$T/out" | tr -d ' ')" "1" "jsonl error: one line"
expect_rc 2 "text error: nothing on stdout" "$NS" --db "$DB" 'oil AND'
equals "$(wc -c <"$T/out" | tr -d ' ')" "0" "text error: nothing on stdout"

# ---- ranking, sorting, paging ----
"$NS" --db "$DB" --format tsv --all --sort date >"$T/out"
equals "$(tail -n +2 "$T/out" | cut -f3 | sort -c 2>&1 && echo sorted)" "sorted" "--sort date"
"$NS" --db "$DB" --format tsv --all --sort -date >"$T/out"
equals "$(tail -n +2 "$T/out" | cut -f3 | sort -rc 2>&1 && echo sorted)" "sorted" "--sort -date"
p_all=$("$NS" --db "$DB" --format tsv -n 4 --sort date country:us | tail -n +2 | cut -f6 | sed -n 3,4p)
p_off=$("$NS" --db "$DB" --format tsv -n 2 --offset 2 --sort date country:us | tail -n +2 | cut -f6)
equals "$p_off" "$p_all" "--offset pages"
equals "$("$NS" --db "$DB" --format tsv -n 2 country:us | tail -n +2 | wc -l | tr -d ' ')" "2" "--limit"
"$NS" --db "$DB" --format tsv --sort relevance president >"$T/out"
equals "$(tail -n +2 "$T/out" | cut -f2 | sort -gr -c 2>&1 && echo sorted)" "sorted" "relevance order"

# ---- snippets ----
"$NS" --db "$DB" --format jsonl --highlight '<b>,</b>' lavrov >"$T/out"
contains "$T/out" "<b>Lavrov</b>" "--highlight"
# a phrase's words and a wildcard's letters are marked (the index holds stems)
"$NS" --db "$DB" --format jsonl --highlight '[,]' 'sanction* "world powers"' >"$T/out"
contains "$T/out" "six [world] [powers] struck" "a phrase's words are highlighted"
contains "$T/out" "international [sanctions]" "a wildcard's words are highlighted"
"$NS" --db "$DB" --format jsonl --snippet-length 60 lavrov >"$T/out"
len=$(jq -r '.snippet | gsub("\\[|\\]"; "") | length' "$T/out")
[ "$len" -le 70 ] && ok || bad "--snippet-length 60 gave $len characters"
"$NS" --db "$DB" --format jsonl --no-snippets lavrov >"$T/out"
lacks "$T/out" '"snippet"' "--no-snippets"
"$NS" --db "$DB" --color=always lavrov >"$T/out"
contains "$T/out" "$(printf '\033[1;33mLavrov')" "--color=always bold highlights"
"$NS" --db "$DB" --color=never lavrov >"$T/out"
lacks "$T/out" "$(printf '\033')" "--color=never"
NO_COLOR=1 "$NS" --db "$DB" lavrov >"$T/out"
lacks "$T/out" "$(printf '\033')" "NO_COLOR"
# --color=auto on a terminal (script(1) gives newssearch a pty): colour for
# a terminal that shows it, none for TERM=dumb, an unset TERM or NO_COLOR
if command -v script >/dev/null 2>&1; then
    on_tty() { env -u NO_COLOR "$@" script -qec "$NS --db $DB lavrov" /dev/null >"$T/out" 2>&1; }
    on_tty TERM=xterm
    contains "$T/out" "$(printf '\033[1;33mLavrov')" "colour on a terminal"
    on_tty TERM=dumb
    contains "$T/out" "Lavrov" "TERM=dumb: the hit is shown"
    lacks "$T/out" "$(printf '\033[1;33m')" "TERM=dumb: no colour"
    on_tty -u TERM
    lacks "$T/out" "$(printf '\033[1;33m')" "no TERM: no colour"
    on_tty TERM=xterm NO_COLOR=1
    lacks "$T/out" "$(printf '\033[1;33m')" "NO_COLOR on a terminal: no colour"
else
    bad "script(1) not found (util-linux): the colour tests need a terminal"
fi

# ---- spelling ----
expect_rc 1 "misspelt" "$NS" --db "$DB" pandmic
contains "$T/out" "Did you mean: pandemic" "spelling suggestion"
expect_rc 1 "--no-spelling" "$NS" --db "$DB" --no-spelling pandmic
lacks "$T/out" "Did you mean" "--no-spelling"

# ---- --info ----
expect_rc 0 "info" "$NS" --db "$DB" --info
contains "$T/out" "documents:  23" "info: documents"
contains "$T/out" "dates:      1987-10-19 .. 2024-04-08" "info: date range"
"$NS" --db "$DB" --info --format json >"$T/out"
equals "$(jq -r '[.documents, .first_date, .last_date, (.top.source[0].value)] | @tsv' "$T/out")" \
    "$(printf '23\t1987-10-19\t2024-04-08\tReuters')" "info json"

# ---- no output ever holds invalid UTF-8 or raw control characters ----
for fmt in text json jsonl tsv; do
    "$NS" --db "$DB" --all --format "$fmt" --color=never --facets >"$T/out"
    if iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null 2>&1; then ok; else bad "$fmt: invalid UTF-8"; fi
    if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/out"; then bad "$fmt: control characters"; else ok; fi
done

# ---- help ----
expect_rc 0 "help" "$NS" --help
for want in '"exact phrase"' 'country:' '--since' '--sort' '--format' 'json'; do
    contains "$T/out" "$want" "--help mentions $want"
done
expect_rc 0 "version" "$NS" --version
contains "$T/out" "newssearch" "version"
expect_rc 0 "newsindex help" "$NI" --help
contains "$T/out" "Exit status" "newsindex --help exit codes"

# ---- golden files: the text and TSV formats on corpus/, byte for byte ----
# tests/golden/NAME holds what newssearch ARGS printed on corpus/ (no colour;
# snippets, scores and facet counts are the index's own: stable across runs
# and -j). --info is compared with its run-dependent lines blanked. After a
# deliberate change of the output, write the files again with
# NX_GOLDEN_WRITE=1 make check, and review the diff.
golden() { # NAME: the output in $T/golden.out
    if [ -n "${NX_GOLDEN_WRITE:-}" ]; then cp "$T/golden.out" "$top/tests/golden/$1"; ok; return; fi
    if cmp -s "$T/golden.out" "$top/tests/golden/$1"; then ok; else
        bad "golden $1: the output differs"; diff "$top/tests/golden/$1" "$T/golden.out" | head -10 | sed 's/^/  | /'
    fi
}
while IFS='|' read -r name args; do
    # shellcheck disable=SC2086 # ARGS are words
    "$NS" --db "$DB" $args >"$T/golden.out" 2>&1
    golden "$name"
done <<'EOF2'
lavrov.txt|lavrov islamabad
facets.txt|--facets country,topic,source,year president
all-by-date.txt|--all --no-snippets --sort date
filters.txt|--country us --since 2000 --sort -date -n 5 --highlight <<,>> president
all-by-date.tsv|--format tsv --all --no-snippets --sort date
president.tsv|--format tsv -n 5 president
export.tsv|--format tsv --all
any.tsv|--format tsv --any --no-snippets pandemic tsunami eclipse
EOF2

# --text: each hit's stored text, in the export too
expect_rc 0 "--text" "$NS" --db "$DB" --format jsonl --text -n 1 lavrov islamabad
contains "$T/out" '"text":"Russian Foreign Minister Sergey Lavrov met' "--text: the article's text"
expect_rc 0 "--text, the export" "$NS" --db "$DB" --all --format jsonl --text
equals "$(jq -s '[.[] | select(.text | type != "string")] | length' "$T/out")" "0" "--text: every exported document has its text"
expect_rc 0 "no --text" "$NS" --db "$DB" --format jsonl -n 1 lavrov islamabad
lacks "$T/out" '"text":' "no --text: no text"

# acronyms with dots in any case: u.s is U.S. (the acronym "us")
expect_rc 0 "U.S" "$NS" --db "$DB" --count U.S
n_us=$(cat "$T/out")
[ "$n_us" -gt 0 ] && ok || bad "U.S: no document"
for q in u.s u.s. U.s.; do
    expect_rc 0 "$q" "$NS" --db "$DB" --count "$q"
    equals "$(cat "$T/out")" "$n_us" "$q counts as U.S"
done

# every word required, and no article has them all: those with most, said
# so (text and JSON); not with --strict, --count or --any
expect_rc 0 "relaxed" "$NS" --db "$DB" --no-snippets lavrov tsunami
contains "$T/out" "No article has all the words; showing those with the most of them" "relaxed: says so"
contains "$T/out" "2 matches" "relaxed: the articles with either word"
expect_rc 0 "relaxed, json" "$NS" --db "$DB" --format json --no-snippets lavrov tsunami
equals "$(jq -c '[.relaxed, .total]' "$T/out")" "[true,2]" "relaxed: json says so"
expect_rc 1 "--strict" "$NS" --db "$DB" --strict lavrov tsunami
lacks "$T/out" "No article has all" "--strict: not relaxed"
expect_rc 1 "--count is not relaxed" "$NS" --db "$DB" --count lavrov tsunami
equals "$(cat "$T/out")" "0" "--count is not relaxed: 0"
expect_rc 0 "all words found: not relaxed" "$NS" --db "$DB" --format json --no-snippets lavrov islamabad
equals "$(jq -c '.relaxed' "$T/out")" "null" "all words found: no relaxed key"

# the title's weight: by default the article whose title holds the rarer
# query word ranks first (any.tsv); --title-weight 0 is plain BM25
expect_rc 0 "--title-weight 0" "$NS" --db "$DB" --format tsv --any --no-snippets --title-weight 0 pandemic tsunami eclipse
equals "$(sed -n 2p "$T/out" | cut -f5)" "Massive quake and tsunami strike northeast Japan" "--title-weight 0: BM25's order"
expect_rc 2 "--title-weight x" "$NS" --db "$DB" --title-weight x president
contains "$T/err" "--title-weight: use a number from 0 to 100" "--title-weight x: says why"
"$NS" --db "$DB" --info | sed -e 's|^index:      .*|index:      DB|' -e 's|^size:       .*|size:       -|' \
    -e 's|^updated:    .*|updated:    -|' -e 's|(xapian [^)]*)|(xapian -)|' \
    -e "s|  $top/corpus\$|  TOP/corpus|" >"$T/golden.out"
golden info.txt

# ---- --show ID: one article whole ----
jp=corpus/2011/03/11/japan-earthquake-tsunami.html
expect_rc 0 "--show an id" "$NS" --db "$DB" --show "$jp"
equals "$(head -n 1 "$T/out")" "id:          $jp" "--show: the id first"
contains "$T/out" "title:       Massive quake and tsunami strike northeast Japan" "--show: the title"
contains "$T/out" "date:        2011-03-11T16:20:00+09:00" "--show: the date on the publisher's clock, with its offset"
contains "$T/out" "Tsunami warnings were issued across the Pacific" "--show: the text, whole"
"$NS" --db "$DB" --show "$jp" --format json | jq -r '.text' >"$T/show-text"
sed '1,/^$/d' "$T/out" >"$T/show-out"
if cmp -s "$T/show-text" "$T/show-out"; then ok; else bad "--show: the text after the fields is the stored text"; fi
expect_rc 0 "--show --format json" "$NS" --db "$DB" --show "$jp" --format json
equals "$(jq -r '[.id, .date, (.text | length > 500)] | @tsv' "$T/out")" "$(printf '%s\t2011-03-11T16:20:00+09:00\ttrue' "$jp")" \
    "--show json: the article's object, with its text"
equals "$(jq -r 'has("hits")' "$T/out")" "false" "--show json: an object, not a page of hits"
expect_rc 1 "--show an unknown id" "$NS" --db "$DB" --show corpus/no/such.txt
contains "$T/err" "no article has the id 'corpus/no/such.txt'" "--show: an unknown id is said"
expect_rc 2 "--show with a query" "$NS" --db "$DB" --show "$jp" tsunami
expect_rc 2 "--show with --all" "$NS" --db "$DB" --show "$jp" --all
expect_rc 2 "--show with tsv" "$NS" --db "$DB" --show "$jp" --format tsv
# --text in the export: every object has its text
expect_rc 0 "--all --format jsonl --text" "$NS" --db "$DB" --all --format jsonl --text
equals "$(jq -r 'select((.text | length) < 100) | .id' "$T/out" | wc -l | tr -d ' ')" "0" "--text: every exported article has its text"

# ---- dates a reader can trust: where each came from ----
# a file with no date of its own is dated by its mtime, and says so
mkdir -p "$T/od/x"
printf 'Harbour Report\n\nThe harbour was quiet all week, the boatmen said on Friday.\n' >"$T/od/x/plain.txt"
printf 'Harbour Report\n\nThe harbour was quiet again, the boatmen said on Friday.\n' >"$T/od/x/2019-05-04-path.txt"
TZ=UTC touch -d '2020-12-01 12:00:00' "$T/od/x/plain.txt" "$T/od/x/2019-05-04-path.txt"
expect_rc 0 "origin: index" "$NI" -q --db "$T/od.db" "$T/od"
expect_rc 0 "origin: text marks a file date" "$NS" --db "$T/od.db" --sort date harbour
contains "$T/out" "2020-12-01 (file date)" "a date from the mtime is marked"
contains "$T/out" "2019-05-04 (path date)" "a date from the path is marked"
expect_rc 0 "origin: a content date is not marked" "$NS" --db "$DB" tsunami
lacks "$T/out" "(file date)" "a content date is not marked"
expect_rc 0 "origin: --info counts them" "$NS" --db "$T/od.db" --info --format json
equals "$(jq -c '.top.origin | map([.value, .count])' "$T/out")" '[["mtime",1],["path",1]]' "--info: how many dates came from where"
expect_rc 0 "origin: filter" "$NS" --db "$T/od.db" --format tsv origin:mtime
equals "$(tail -n +2 "$T/out" | cut -f6)" "od/x/plain.txt" "origin:mtime finds the articles dated by their file"
