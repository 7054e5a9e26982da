#!/bin/sh
# realweb.sh [EVAL-REALWEB] [EVAL-OPTION]... - newsindex on real web pages
# with other people's labels: runs the workplace's eval-realweb (default
# ../shared/tools/eval-realweb beside the project; its data, trafilatura's
# evaluation pages, stay there and are never copied in) on the programs of
# build/ (NI, NS name others), and prints its figures as one table:
# titles (exact, normalised), dates right to the day, the dates that fell
# back to the mtime, body precision, recall and F1 (trafilatura's own
# metric). Extra options go to eval-realweb (--list-worst N, --work DIR).
#
#   sh bench/realweb.sh
#   sh bench/realweb.sh ../shared/tools/eval-realweb --list-worst 20
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ev=${1:-$top/../shared/tools/eval-realweb}
[ $# -gt 0 ] && shift
NI=${NI:-$top/build/newsindex}
NS=${NS:-$top/build/newssearch}
for f in "$ev" "$NI" "$NS"; do
    [ -x "$f" ] || { echo "realweb.sh: $f: not found or not executable" >&2; exit 2; }
done
out=$(mktemp "${TMPDIR:-/tmp}/realweb.XXXXXX")
trap 'rm -f "$out"' EXIT
# the figures as JSON (one line, last); --list-worst and the like before it
"$ev" --newsindex "$NI" --newssearch "$NS" --json "$@" >"$out"
sed '$d' "$out"
tail -n 1 "$out" | python3 -c '
import json, sys
f = json.load(sys.stdin)
def g(*keys):
    for k in keys:
        if k in f and f[k] is not None:
            return f[k]
    return None
rows = [
    ("pages indexed", g("indexed"), g("pages"), None),
    ("title exact", g("title_exact_acc"), None, None),
    ("title normalised", g("title_normalised_acc"), None, 0.90),
    ("date right to the day", g("date_acc"), None, 0.90),
    ("dated pages dated by mtime", g("date_mtime"), g("date_n"), None),
    ("all pages dated by mtime", g("date_mtime_all_pages"), g("pages"), None),
    ("body precision", g("body_precision"), None, None),
    ("body recall", g("body_recall"), None, None),
    ("body F1", g("body_f1"), None, 0.92),
]
print("| figure | value | target |")
print("| --- | ---: | ---: |")
for name, v, of, target in rows:
    if v is None:
        cell = "-"
    elif of is not None:
        cell = "%s/%s" % (v, of)
    elif isinstance(v, float):
        cell = "%.3f" % v
    else:
        cell = str(v)
    print("| %s | %s | %s |" % (name, cell, "%.2f" % target if target else ""))
'
