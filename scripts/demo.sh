#!/bin/sh
# make demo: index corpus/ into a default location and run two searches.
set -eu
B=$1
DB=$2
mkdir -p "$(dirname "$DB")"
echo "== newsindex --db $DB corpus/"
"$B/newsindex" --db "$DB" corpus
echo
echo "== newssearch --db $DB lavrov islamabad"
"$B/newssearch" --db "$DB" lavrov islamabad
echo
echo "== newssearch --db $DB --facets country,topic --sort -date -n 3 election OR president"
"$B/newssearch" --db "$DB" --facets country,topic --sort -date -n 3 election OR president
