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
ex_arch="$T/ex-archive"
cp -R "$top/corpus" "$ex_arch"
while IFS= read -r cmd; do
    # Point the example at a scratch index of corpus/.
    run=$(printf '%s\n' "$cmd" | sed -e "s|--db [^ ]*|--db $ex_dir/db|" \
        -e "s| [^ ]*archive\$| $ex_arch|" -e "s|--summary-json [^ ]*|--summary-json $ex_dir/run.json|" \
        -e "s|^newsindex|$NI|" -e "s|^newssearch|$NS|" -e "s/| jq/| jq -r/")
    [ -d "$ex_dir/db" ] || "$NI" -q --db "$ex_dir/db" "$ex_arch"
    case $cmd in
        *"lavrov islamabad"*) want="Russia, Pakistan Discuss Military Ties" ;;
        *'"berlin wall"'*) want="East Germany Opens the Berlin Wall" ;;
        *"election --country taiwan"*) want="Lai Ching-te wins Taiwan presidential election" ;;
        *"--facets country,topic president"*) want="country (" ;;
        *"jq '.hits[].title'"*) want="Mandela sworn in as South Africa's first black president" ;;
        *"--all --format jsonl"*) want='"id":"2021/04/08/russia-pakistan-lavrov.txt"' ;;
        *"--info"*) want="documents:  23" ;;
        *"--summary-json"*) want="" ;;
        newsindex*) want="23 documents" ;;
        *) bad "docs example not covered by tests/docs-examples.sh: $cmd"; continue ;;
    esac
    (cd "$ex_dir" && sh -c "$run") >"$ex_dir/out" 2>&1
    rc=$?
    if [ "$rc" != 0 ]; then bad "docs example exits $rc: $cmd"; sed 's/^/  | /' "$ex_dir/out" | head -5; continue; fi
    if [ -n "$want" ]; then contains "$ex_dir/out" "$want" "docs example: $cmd"; else ok; fi
    case $cmd in *--summary-json*) [ -s "$ex_dir/run.json" ] && ok || bad "docs example wrote no summary: $cmd" ;; esac
done <"$ex_dir/list"
