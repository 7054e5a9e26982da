#!/bin/sh
# Near-duplicate clusters (issue 15) measured against a ground truth of
# their own (bench/dedup.py: the Jaccard similarity of 5-word shingle sets
# over every pair of articles sharing a rare word, with no use of the
# fingerprint), the cost of the fingerprints in a build from nothing, and
# --similar on 20 articles drawn at random.
#   MAKE_CORPUS=../shared/tools/make-corpus bench/dedup.sh [WORKDIR]
# Prints, for make-corpus --copies 3 (every story three times, dates
# shifted, paragraphs reordered): the stories whose copies are all in one
# cluster, and clustered pairs of two stories under 0.5; for --copies 1
# (Reuters-21578's own repeats and corrections): the pairs of Jaccard
# >= 0.8 in one cluster and the clustered pairs of Jaccard >= 0.5; the
# build's wall and CPU time and the index size, median of REPEAT (3)
# builds each, with fingerprints and with --no-dedup.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
NS=${NEWSSEARCH:-$top/build/newssearch}
MC=${MAKE_CORPUS:?set MAKE_CORPUS to make-corpus (../shared/tools/make-corpus)}
REPEAT=${REPEAT:-3}
JOBS=${JOBS:-2}
W=${1:-$(mktemp -d "${TMPDIR:-/tmp}/nx-dedup.XXXXXX")}
mkdir -p "$W"
export NO_COLOR=1 LC_ALL=C.UTF-8

corpus() { # K: the html archive of --copies K in $W/cK, its truth beside it
    [ -d "$W/c$1" ] && return
    "$MC" --out "$W/c$1" --format html --copies "$1" >/dev/null
    mv "$W/c$1/truth.tsv" "$W/truth$1.tsv"
}

for k in 3 1; do
    corpus "$k"
    rm -rf "$W/db$k"
    "$NI" --db "$W/db$k" -q --no-progress -j "$JOBS" "$W/c$k"
    "$NS" --db "$W/db$k" --all --format jsonl --text >"$W/export$k.jsonl"
    echo "== make-corpus --copies $k"
    if [ "$k" = 3 ]; then
        python3 "$top/bench/dedup.py" --copies "$W/export$k.jsonl"
    else
        python3 "$top/bench/dedup.py" "$W/export$k.jsonl"
    fi
done

# ---- the cost: builds from nothing of the --copies 1 archive ----
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for mode in dedup no-dedup; do
    : >"$W/wall.$mode"; : >"$W/cpu.$mode"; : >"$W/kb.$mode"
done
i=0
while [ "$i" -lt "$REPEAT" ]; do
    for mode in no-dedup dedup; do
        rm -rf "$W/cost"
        flag=; [ "$mode" = no-dedup ] && flag=--no-dedup
        /usr/bin/time -f '%e %U %S' -o "$W/time" "$NI" --db "$W/cost" -q --no-progress -j "$JOBS" $flag "$W/c1"
        read -r wall user sys <"$W/time"
        echo "$wall" >>"$W/wall.$mode"
        echo "$user $sys" | awk '{ print $1 + $2 }' >>"$W/cpu.$mode"
        du -sk "$W/cost" | cut -f1 >>"$W/kb.$mode"
    done
    i=$((i + 1))
done
echo "== build from nothing, --copies 1, -j$JOBS, median of $REPEAT"
printf '%-10s %8s %8s %10s\n' "" "wall s" "cpu s" "index KB"
for mode in no-dedup dedup; do
    printf '%-10s %8s %8s %10s\n' "$mode" "$(median <"$W/wall.$mode")" "$(median <"$W/cpu.$mode")" \
        "$(median <"$W/kb.$mode")"
done
awk -v a="$(median <"$W/wall.no-dedup")" -v b="$(median <"$W/wall.dedup")" \
    -v c="$(median <"$W/cpu.no-dedup")" -v d="$(median <"$W/cpu.dedup")" \
    -v e="$(median <"$W/kb.no-dedup")" -v f="$(median <"$W/kb.dedup")" \
    'BEGIN { printf "fingerprints: wall %+.1f%%, cpu %+.1f%%, index %+.1f%%\n", 100 * (b - a) / a, 100 * (d - c) / c, 100 * (f - e) / e }'

# ---- --similar on 20 articles drawn at random (fixed seed) ----
echo "== --similar ID -n 5 --no-collapse on 20 random articles of --copies 1"
jq -r '.id' "$W/export1.jsonl" | awk 'BEGIN { srand(15) } { print rand() "\t" $0 }' | sort | head -20 |
    cut -f2 >"$W/sample"
total=0; same=0
while IFS= read -r id; do
    jq -c --arg id "$id" 'select(.id == $id) | {cluster, topics, countries}' "$W/export1.jsonl" >"$W/me"
    "$NS" --db "$W/db1" --similar "$id" -n 5 --no-collapse --no-snippets --format jsonl >"$W/sim"
    n=$(jq -s --slurpfile me "$W/me" '[.[] | select(.id != null) |
        select((.cluster != null and .cluster == $me[0].cluster) or
               (((.topics // []) - ((.topics // []) - ($me[0].topics // []))) != [] and
                ((.countries // []) - ((.countries // []) - ($me[0].countries // []))) != []))] | length' "$W/sim")
    k=$(jq -s '[.[] | select(.id != null)] | length' "$W/sim")
    total=$((total + k)); same=$((same + n))
    printf '  %s: %s of %s\n' "$id" "$n" "$k"
done <"$W/sample"
echo "top-5 hits sharing its cluster, or a topic and a country: $same of $total"
