#!/bin/sh
# A nightly re-run with nothing changed: newsindex against omindex on the
# same archive, alternating, REPEAT times each; prints every run and the
# medians. Both indexes must already hold the archive (build them with
# bench/index-vs-omindex.sh or by hand).
#   bench/rerun-vs-omindex.sh ARCHIVE NEWSINDEX_DB OMINDEX_DB [REPEAT]
set -eu
ARCHIVE=$1
NDB=$2
ODB=$3
REPEAT=${4:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-rerun.XXXXXX")
trap 'rm -rf "$W"' EXIT
for i in $(seq "$REPEAT"); do
    /usr/bin/time -f '%e' -a -o "$W/ni" "$NI" -q --db "$NDB" "$ARCHIVE" || true
    /usr/bin/time -f '%e' -a -o "$W/om" omindex --db "$ODB" --url / "$ARCHIVE" >/dev/null 2>&1 || true
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "newsindex re-run: $(tr '\n' ' ' <"$W/ni")  median $(median <"$W/ni") s"
echo "omindex re-run:   $(tr '\n' ' ' <"$W/om")  median $(median <"$W/om") s"
