# docs-examples.sh - sourced by e2e.sh: every example command in README.md,
# the man pages and both programs' --help is run against corpus/ and must
# give what the docs say. An example the table below does not know fails,
# so the docs and this test cannot drift apart.

ex_dir="$T/examples"
mkdir -p "$ex_dir"
# Collect "newsindex ..." and "newssearch ..." example lines.
{
    sed -nE 's/^    (news(index|search) .*)/\1/p; s/^    [0-9* ]+ (newsindex .*)/\1/p' "$top/README.md"
    for page in "$top/docs/newsindex.1" "$top/docs/newssearch.1"; do
        sed -n '/^\.SH EXAMPLES/,/^\.fi/p' "$page" | grep '^news' |
            sed 's/\\-/-/g; s/\\(aq/'"'"'/g'
    done
    "$NS" --help | sed -n '/^Examples:/,/^$/p' | sed -n 's/^  \(newssearch .*\)/\1/p'
    "$NI" --help | sed -n '/^Examples:/,/^$/p' | sed -n 's/^  \(newsindex .*\)/\1/p'
} | grep -E '^news(index|search) ' | sed 's/  *#.*//; s/   *[a-z].*//; s/ *$//' | sort -u >"$ex_dir/list"

[ "$(wc -l <"$ex_dir/list")" -ge 8 ] && ok || bad "docs examples: found only $(wc -l <"$ex_dir/list")"
# The archives the examples name: ~/archive (corpus/), and two BBC desks
# and a wire feed for the examples with several roots.
ex_src="$T/ex-src"
ex_arch="$ex_src/archive"
mkdir -p "$ex_src/bbc/tech" "$ex_src/bbc/sport" "$ex_src/reuters"
cp -R "$top/corpus" "$ex_arch"
cp "$top/corpus/2011/03/11/japan-earthquake-tsunami.html" "$ex_src/bbc/tech/"
cp "$top/corpus/2012/08/05/olympics-bolt-100m.xml" "$ex_src/bbc/sport/"
cp "$top/corpus/2020/03/11/who-declares-pandemic.txt" "$ex_src/reuters/"
mkdir -p "$ex_src/bbc/tech/2024" && cp "$top/corpus/2024/01/13/taiwan-presidential-election.html" "$ex_src/bbc/tech/2024/"
# An index of every root, copied afresh for each newsindex example.
"$NI" -q --db "$ex_dir/roots.db" "$ex_arch" "wire=$ex_src/reuters" "$ex_src/bbc/tech" "$ex_src/bbc/sport" ||
    bad "docs examples: the roots index"
while IFS= read -r cmd; do
    # Point the example at a scratch index and at the archives above.
    # (an id, id:archive/..., names the label, not the directory)
    run=$(printf '%s\n' "$cmd" | sed -e "s|--db [^ ]*|--db $ex_dir/db|" -e "s|id:archive/|id:LABEL/|g" \
        -e "s|-of archive/|-of id:LABEL/|g" \
        -e "s|~/bbc/|$ex_src/bbc/|g" -e "s|/srv/feeds/reuters|$ex_src/reuters|" \
        -e "s|[^ =]*archive\([/ ]\)|$ex_arch\\1|g" -e "s|[^ =]*archive\$|$ex_arch|" \
        -e "s|--summary-json [^ ]*|--summary-json $ex_dir/run.json|" \
        -e "s|^newsindex|$NI|" -e "s|^newssearch|$NS|" -e "s/| jq/| jq -r/" -e "s|-of id:LABEL/|-of archive/|g" \
        -e "s|id:LABEL/|id:archive/|g")
    case $cmd in
        newsindex*) rm -rf "$ex_dir/db"; cp -R "$ex_dir/roots.db" "$ex_dir/db" ;;
        *) [ -f "$ex_dir/db/iamglass" ] || "$NI" -q --db "$ex_dir/db" "$ex_arch" ;;
    esac
    case $cmd in
        *"lavrov islamabad"*) want="Russia, Pakistan Discuss Military Ties" ;;
        *'"berlin wall"'*) want="East Germany Opens the Berlin Wall" ;;
        *"election --country taiwan"*) want="Lai Ching-te wins Taiwan presidential election" ;;
        *"--facets country,topic president"*) want="country (" ;;
        *"jq '.hits[].title'"*) want="Mandela sworn in as South Africa's first black president" ;;
        *"--all --format jsonl"*) want='"id":"archive/2021/04/08/russia-pakistan-lavrov.txt"' ;;
        *"--info"*) want="documents:  23" ;;
        *"--timeline year president"*) want="president: 5 matches of 23 in the scope, by year" ;;
        *"--timeline month --by source --format tsv election"*) want="$(printf '2024-01\tPacific Ledger\t1\t1\t1')" ;;
        *"--timeline month oil"*) want="oil: " ;;
        *"--timeline year --by country --format json president"*) want='"by": "country"' ;;
        *"--coverage --since 2010"*) want="Reuters  " ;;
        *"--coverage --since 2020"*) want="Reuters  " ;;
        *"--top-terms 10 president"*) want="in sample" ;;
        *"--save quakes earthquake OR tsunami --since 2010"*) want="" ;;
        *"--saved quakes --new"*) want="Massive quake and tsunami strike northeast Japan" ;;
        *"--save elections election --since 2020"*) want="" ;;
        *"--saved elections --new"*) want="Lai Ching-te wins Taiwan presidential election" ;;
        *"--top-terms 20 oil"*) want="in sample" ;;
        *"wall -berlin"*) want="Wall Street Suffers Record One-Day Fall" ;;
        *"--count -- -berlin"*) want="22" ;;
        *"--summary-json"*) want="" ;;
        *"--fields date,source,title --sort -date --since 2020"*) want="BBC  Total Solar Eclipse Crosses North America" ;;
        *"--fields id,title date:10y.."*) want="$(printf 'archive/2021/04/08/russia-pakistan-lavrov.txt\tRussia, Pakistan')" ;;
        *"-0 pipeline | xargs -0 ls -l"*) want="russia-pakistan-lavrov.txt" ;;
        *"--summary oil"*) want='{"type":"summary","format_version":2,"query":"oil"' ;;
        *"--format-version=2 oil"*) want='"format_version": 2' ;;
        *"id:archive/1989/11/09/berlin-wall-opens.xml"*) want="East Germany Opens the Berlin Wall" ;;
        *"--info --facets=topic"*) want="religion" ;;
        *"author:rousseau notre-dâme"*) want="Fire Tears Through Notre-Dame Cathedral in Paris" ;;
        *"--timeline-of archive/2021/04/08/russia-pakistan-lavrov.txt --days 3"*) want="* this  Russia, Pakistan" ;;
        *"--forget wire"*) want="1 removed" ;;
        newsindex*) want=" documents in " ;;
        *) bad "docs example not covered by tests/docs-examples.sh: $cmd"; continue ;;
    esac
    (cd "$ex_dir" && sh -c "$run") >"$ex_dir/out" 2>&1
    rc=$?
    if [ "$rc" != 0 ]; then bad "docs example exits $rc: $cmd"; sed 's/^/  | /' "$ex_dir/out" | head -5; continue; fi
    if [ -n "$want" ]; then contains "$ex_dir/out" "$want" "docs example: $cmd"; else ok; fi
    case $cmd in *--summary-json*) [ -s "$ex_dir/run.json" ] && ok || bad "docs example wrote no summary: $cmd" ;; esac
    case $cmd in newsindex*) rm -rf "$ex_dir/db" ;; esac
done <"$ex_dir/list"
