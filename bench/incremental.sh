#!/bin/sh
# Nightly re-runs on a large archive: full build, a re-run with nothing
# changed, then a re-run after touching 1% of the files and deleting 1%,
# checked against a fresh full build of the changed tree (sorted exports
# must be identical).
#   bench/incremental.sh ARCHIVE_DIR [WORKDIR]
# The archive is copied to WORKDIR (default: a temporary directory) and
# only the copy is changed.
set -eu
SRC=$1
W=${2:-$(mktemp -d "${TMPDIR:-/tmp}/nx-incr.XXXXXX")}
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
NS=${NEWSSEARCH:-$top/build/newssearch}
mkdir -p "$W"
rm -rf "$W/archive" "$W/db" "$W/fresh"
cp -R "$SRC" "$W/archive"
A=$W/archive
t() { # label cmd...: run, print wall seconds
    label=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/time" "$@" 2>"$W/log" || true
    printf '%-28s %8.2f s  %6d MB   %s\n' "$label" "$(cut -d' ' -f1 "$W/time")" \
        "$(( $(cut -d' ' -f2 "$W/time") / 1024 ))" "$(grep -o '[0-9]* added.*' "$W/log" | head -n 1)"
}
t "full build" "$NI" --db "$W/db" "$A"
t "re-run, nothing changed" "$NI" --db "$W/db" "$A"
t "re-run, nothing changed" "$NI" --db "$W/db" "$A"
find "$A" -type f | sort >"$W/files"
n=$(wc -l <"$W/files")
awk 'NR % 100 == 1' "$W/files" >"$W/touch"
awk 'NR % 100 == 51' "$W/files" >"$W/delete"
sleep 1
xargs touch <"$W/touch"
xargs rm -f <"$W/delete"
echo "archive: $n files; touched $(wc -l <"$W/touch"), deleted $(wc -l <"$W/delete")"
t "re-run after 1% + 1%" "$NI" --db "$W/db" "$A"
t "fresh full build (check)" "$NI" --db "$W/fresh" "$A"
"$NS" --db "$W/db" --all --format jsonl | sort >"$W/incr.jsonl"
"$NS" --db "$W/fresh" --all --format jsonl | sort >"$W/fresh.jsonl"
echo "documents: incremental $(wc -l <"$W/incr.jsonl"), fresh $(wc -l <"$W/fresh.jsonl")"
if cmp -s "$W/incr.jsonl" "$W/fresh.jsonl"; then
    echo "exports identical"
else
    echo "EXPORTS DIFFER"; diff "$W/incr.jsonl" "$W/fresh.jsonl" | head -5
    exit 1
fi
