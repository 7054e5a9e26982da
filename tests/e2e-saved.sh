# e2e-saved.sh - sourced by e2e.sh: saved searches (--save, --saved,
# --new, --list-saved, --delete-saved) across an update, a changed
# article, a --full rebuild and a moved root.

SA="$T/saved-arch"
SDB="$T/saved.db"
export NEWSINDEX_STATE="$T/saved-state"
cp -R "$top/corpus" "$SA"
expect_rc 0 "saved: index" "$NI" --db "$SDB" -q "$SA"
expect_rc 0 "saved: --save" "$NS" --db "$SDB" --save pres president --since 1990
equals "$(cat "$T/out")" "" "saved: --save prints nothing"
expect_rc 0 "saved: --list-saved" "$NS" --db "$SDB" --list-saved
equals "$(cat "$T/out")" "pres  president --since 1990" "saved: --list-saved text"
expect_rc 0 "saved: --list-saved json" "$NS" --db "$SDB" --list-saved --format json
equals "$(jq -c '.saved' "$T/out")" '[{"name":"pres","query":"president","since":"1990"}]' "saved: --list-saved json"
# --saved runs it in full, with the saved filter
npres=$("$NS" --db "$SDB" --count president --since 1990)
expect_rc 0 "saved: --saved" "$NS" --db "$SDB" --saved pres --format jsonl
equals "$(wc -l <"$T/out" | tr -d ' ')" "$npres" "saved: --saved runs the saved query"
# the first --new prints every match, the second nothing (exit 1)
expect_rc 0 "saved: first --new" "$NS" --db "$SDB" --saved pres --new --format jsonl
equals "$(wc -l <"$T/out" | tr -d ' ')" "$npres" "saved: first --new prints every match"
expect_rc 1 "saved: second --new" "$NS" --db "$SDB" --saved pres --new --format jsonl
equals "$(wc -l <"$T/out" | tr -d ' ')" "0" "saved: nothing new"
# an update adds an article: only it is new
mkdir -p "$SA/2022/05/01"
printf 'President Opens Zebrafinch Sanctuary\n\nMay 1, 2022\n\nThe president opened a sanctuary for the zebrafinch.\n' \
    >"$SA/2022/05/01/zebrafinch.txt"
expect_rc 0 "saved: update" "$NI" --db "$SDB" -q "$SA"
expect_rc 0 "saved: --new after an update" "$NS" --db "$SDB" --saved pres --new --format jsonl
equals "$(jq -r .path "$T/out")" "saved-arch/2022/05/01/zebrafinch.txt" "saved: the added article alone is new"
expect_rc 1 "saved: --new again" "$NS" --db "$SDB" --saved pres --new
contains "$T/out" "0 new matches of $((npres + 1))" "saved: nothing new, said"
# a changed article that matched is not new again
printf '\nThe president returned in the afternoon.\n' >>"$SA/2022/05/01/zebrafinch.txt"
expect_rc 0 "saved: update with a change" "$NI" --db "$SDB" -q "$SA"
expect_rc 1 "saved: a changed article is not new" "$NS" --db "$SDB" --saved pres --new
# --full builds the index again: nothing is new
expect_rc 0 "saved: --full" "$NI" --db "$SDB" -q --full "$SA"
expect_rc 1 "saved: nothing new after --full" "$NS" --db "$SDB" --saved pres --new
# a new article after the rebuild is
mkdir -p "$SA/2023/02/02"
printf 'President Visits Harbour\n\nFebruary 2, 2023\n\nThe president visited the harbour.\n' >"$SA/2023/02/02/harbour.txt"
expect_rc 0 "saved: update after --full" "$NI" --db "$SDB" -q "$SA"
expect_rc 0 "saved: --new after --full and an addition" "$NS" --db "$SDB" --saved pres --new --format tsv --no-snippets
equals "$(tail -n +2 "$T/out" | cut -f5)" "President Visits Harbour" "saved: the article added after --full"
# the root moved (LABEL=DIR): the ids stay, nothing is new
mv "$SA" "$SA-moved"
expect_rc 0 "saved: root moved" "$NI" --db "$SDB" -q "saved-arch=$SA-moved"
expect_rc 1 "saved: nothing new after a move" "$NS" --db "$SDB" --saved pres --new
mv "$SA-moved" "$SA"
expect_rc 0 "saved: root moved back" "$NI" --db "$SDB" -q "saved-arch=$SA"
# two --new runs at once: the news is printed by one of them
mkdir -p "$SA/2023/03/03"
printf 'President Opens Bridge\n\nMarch 3, 2023\n\nThe president opened a bridge.\n' >"$SA/2023/03/03/bridge.txt"
expect_rc 0 "saved: update (bridge)" "$NI" --db "$SDB" -q "$SA"
"$NS" --db "$SDB" --saved pres --new --format jsonl >"$T/new1" 2>&1 &
"$NS" --db "$SDB" --saved pres --new --format jsonl >"$T/new2" 2>&1
wait
equals "$(cat "$T/new1" "$T/new2" | jq -r .title)" "President Opens Bridge" "saved: concurrent --new print the news once"
# an article outside the saved filter is not a match
mkdir -p "$SA/1985/01/01"
printf 'President Speaks\n\nJanuary 1, 1985\n\nThe president spoke.\n' >"$SA/1985/01/01/old.txt"
expect_rc 0 "saved: update (old article)" "$NI" --db "$SDB" -q "$SA"
expect_rc 1 "saved: the saved --since applies" "$NS" --db "$SDB" --saved pres --new
# errors, replacing and deleting
expect_rc 2 "saved: unknown" "$NS" --db "$SDB" --saved nope
contains "$T/err" "no saved search 'nope'" "saved: unknown message"
expect_rc 2 "saved: bad name" "$NS" --db "$SDB" --save '../x' president
expect_rc 2 "saved: --new without --saved" "$NS" --db "$SDB" --new president
expect_rc 2 "saved: --saved with words" "$NS" --db "$SDB" --saved pres tsunami
expect_rc 2 "saved: --save without a query" "$NS" --db "$SDB" --save empty
expect_rc 0 "saved: --save replaces" "$NS" --db "$SDB" --save pres tsunami
expect_rc 0 "saved: replaced" "$NS" --db "$SDB" --saved pres --format jsonl
equals "$(jq -r .title "$T/out")" "Massive quake and tsunami strike northeast Japan" "saved: the replaced query runs"
expect_rc 0 "saved: --delete-saved" "$NS" --db "$SDB" --delete-saved pres
expect_rc 1 "saved: none left" "$NS" --db "$SDB" --list-saved
expect_rc 2 "saved: delete again" "$NS" --db "$SDB" --delete-saved pres
# another index has its own searches
expect_rc 1 "saved: per index" "$NS" --db "$DB" --list-saved
export NEWSINDEX_STATE="$T/state"
