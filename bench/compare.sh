#!/bin/sh
# newsindex against its Debian peers on one archive of HTML news articles:
# indexing (wall, CPU, peak RSS, documents, index size, docs/s) and query
# latency (AND, top 10, one warm process each); prints one markdown table.
#   bench/compare.sh ARCHIVE
#
# Tools (rows): cat (the floor: read every file once), newsindex (default -j,
# the number of cores), newsindex-j1, omindex (xapian-omega), swish-e
# (bench/swish-e.conf: libxml2 HTML2, Stemming_en), fts5 (SQLite FTS5,
# porter unicode61, on text extracted beforehand by an awk pass: the
# extraction is not timed, its time is printed under the table), xapian-tg
# (bench/xapian-tg-index.cc: Xapian's TermGenerator alone on that same
# text, with newsindex's terms, one process: the floor of indexing with
# Xapian, built with g++ into the temporary directory), lucene
# and lucene8 (Lucene 4.10.4 and 8.8.1, only with PEERS: the harness's
# LuceneIndex.java / LuceneSearch.java, compiled with javac into the
# temporary directory; HTMLStripCharFilter + EnglishAnalyzer chain, BM25;
# they index the *.html files only).
# Each tool indexes REPEAT times, the order rotated between repeats, the
# index deleted and the archive read once (page cache warm) before each run;
# every run under /usr/bin/time; medians reported. Queries run on the last
# run's index: newsindex with bench/query-bench (plain mode; also snippets,
# facets over a third of the archive, the cold first query), omindex's and
# xapian-tg's indexes with the peers' xapian-query.cc (only when PEERS is set),
# swish-e and fts5 with bench/swish-query.c and bench/fts5-query.c (built
# with cc into the temporary directory), lucene and lucene8 with the
# peers' LuceneSearch (classic QueryParser, default operator AND) in one
# JVM, after max(WARMUP, 10) untimed passes (the JVM's warm-up, as the
# peers harness does). Median / p95 (nearest rank) over all queries of all
# timed passes, ms.
#
# Installs nothing: names the missing Debian packages (xapian-omega,
# xapian-tools, swish-e, swish-e-dev, sqlite3, libsqlite3-dev, time,
# liblucene4.10-java, default-jdk-headless) and skips a peer that cannot
# run. Exception: liblucene8-java conflicts with liblucene4.10-java, so for
# lucene8 (unless LUCENE8_DIR is set) it is fetched with `apt-get download`
# and unpacked with dpkg -x under $OUT/pkgs (or the temporary directory),
# as the peers harness does; lucene8 is skipped if that fails.
#
# Environment (all optional):
#   REPEAT=3        index runs per tool (median reported)
#   TOOLS="cat newsindex newsindex-j1 omindex swish-e fts5 xapian-tg lucene lucene8"
#                   the rows, a subset
#   QUERIES=FILE    the query set: one query a line, or the peers' queries.tsv
#                   ("qid<TAB>kind<TAB>words") / queries.q ("qid<TAB>words");
#                   default: bench/make-queries.sh on newsindex's index (200
#                   queries from the titles; fixed seed). The peers get the
#                   words of a query, quoted, all required.
#   PEERS=DIR       the peers harness (../shared/peers): its xapian-query.cc
#                   gives omindex's query cell (bare Xapian); without it "-";
#                   its lucene/ and lucene8/ Java sources give the lucene and
#                   lucene8 rows; without it they are skipped
#   LUCENE8_DIR=DIR an unpacked liblucene8-java (dpkg -x tree, or the
#                   directory holding lucene-core-8.*.jar): no apt-get download
#   WARMUP=3 PASSES=5  untimed, then timed passes over the query set
#                   (lucene, lucene8: max(WARMUP, 10) untimed passes)
#   NEWSINDEX, NEWSSEARCH  programs (default build/newsindex, build/newssearch)
#   QUERY_BENCH=FILE  a query-bench already built (default: built with
#                   bench/build-query-bench.sh, which needs build/libnewsindex.a)
#   MAKE_CORPUS=PROG  when ARCHIVE does not exist: build it with
#                   PROG --out ARCHIVE --format html --copies $COPIES and move
#                   its truth.tsv (junk.tsv) out to ARCHIVE.truth.tsv (.junk.tsv)
#   COPIES=10       for MAKE_CORPUS
#   OUT=DIR         keep every run's /usr/bin/time output, logs, the query
#                   set and the per-query timings there (default: a temporary
#                   directory, deleted at the end)
#   TMPDIR          where the indexes are built (default /tmp)
#   NX_DATA_DIR     exported, default the repository's data/
# Nothing here needs ../shared unless PEERS/QUERIES/MAKE_CORPUS point at it.
set -eu
[ $# -eq 1 ] || { sed -n '2,66p' "$0" >&2; exit 2; }
case $1 in /) ARCHIVE=/ ;; *) ARCHIVE=${1%/} ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
NI=${NEWSINDEX:-$top/build/newsindex}
NS=${NEWSSEARCH:-$top/build/newssearch}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-3}
PASSES=${PASSES:-5}
TOOLS=${TOOLS:-cat newsindex newsindex-j1 omindex swish-e fts5 xapian-tg lucene lucene8}
export NX_DATA_DIR="${NX_DATA_DIR:-$top/data}"
LC_ALL=C
export LC_ALL
for v in REPEAT PASSES; do
    eval "x=\$$v"
    case $x in '' | *[!0-9]* | 0) echo "compare.sh: $v must be a positive number" >&2; exit 2 ;; esac
done
case $WARMUP in '' | *[!0-9]*) echo "compare.sh: WARMUP must be a number" >&2; exit 2 ;; esac
for t in $TOOLS; do
    case $t in cat | newsindex | newsindex-j1 | omindex | swish-e | fts5 | xapian-tg | lucene | lucene8) ;;
    *) echo "compare.sh: unknown tool '$t' in TOOLS (cat newsindex newsindex-j1 omindex swish-e fts5 xapian-tg lucene lucene8)" >&2; exit 2 ;;
    esac
done

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
DATE0=$(date -u '+%Y-%m-%d %H:%M UTC')
W=$(mktemp -d "${TMPDIR:-/tmp}/nx-compare.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
RAW=${OUT:-$W/raw}
mkdir -p "$RAW" "$W/idx" "$W/bin" "$W/q"
log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
has() { command -v "$1" > /dev/null 2>&1; }
in_tools() { case " $TOOLS " in *" $1 "*) return 0 ;; esac; return 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (!NR) print "?"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# microseconds, one a line -> "median p95" in ms (p95 nearest rank: ceil(0.95 n))
qstats() { sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print "- -"; exit }
    k = int((95 * NR + 99) / 100)
    printf "%.3f %.3f\n", ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1000, v[k] / 1000 }'; }

# ---------------------------------------------------------------- the archive
if [ ! -e "$ARCHIVE" ]; then
    [ -n "${MAKE_CORPUS:-}" ] || { echo "compare.sh: $ARCHIVE: no such archive (set MAKE_CORPUS=.../make-corpus to build it)" >&2; exit 2; }
    log "building $ARCHIVE with $MAKE_CORPUS --copies ${COPIES:-10}"
    "$MAKE_CORPUS" --out "$ARCHIVE" --format html --copies "${COPIES:-10}" >&2
    for f in truth junk; do
        if [ -f "$ARCHIVE/$f.tsv" ]; then mv "$ARCHIVE/$f.tsv" "$ARCHIVE.$f.tsv"; fi
    done
fi
[ -d "$ARCHIVE" ] || { echo "compare.sh: $ARCHIVE: not a directory" >&2; exit 2; }
[ -e "$ARCHIVE/truth.tsv" ] && log "warning: $ARCHIVE/truth.tsv will be indexed as an article by some tools; move it out"
find "$ARCHIVE/" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { print n + 0, b + 0 }' > "$W/archive"
read -r NFILES ABYTES < "$W/archive"
[ "$NFILES" -gt 0 ] || { echo "compare.sh: $ARCHIVE: no files" >&2; exit 2; }
warm() { find "$ARCHIVE/" -type f -print0 | xargs -0 cat > /dev/null; }

# ---------------------------------------------------------------- what is there
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }
MISSING=
miss() { case " $MISSING " in *" $1 "*) ;; *) MISSING="${MISSING:+$MISSING }$1" ;; esac; }
CC=${CC:-cc}
has "$CC" || miss gcc
SKIP=   # "tool:reason" a line
skip() { SKIP="$SKIP$1:$2
"; log "skipping $1: $2"; }
skipped() { printf '%s' "$SKIP" | awk -F: -v t="$1" '$1 == t { sub(/^[^:]*:/, ""); print; exit }'; }
NOQ=    # tools without a query runner: "tool:reason" a line
noq() { NOQ="$NOQ$1:$2
"; }
noq_reason() { printf '%s' "$NOQ" | awk -F: -v t="$1" '$1 == t { sub(/^[^:]*:/, ""); print; exit }'; }
# Lucene: the jars (as the peers' run-peers names them) and the harness's
# Java sources compiled into $W/bin/TOOL; LCP_lucene / LCP_lucene8: classpaths
LUCENE_JARS=/usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar:/usr/share/java/lucene-queryparser-4.10.4.jar
LUCENE_VER='' LUCENE8_VER='' LUCENE8_FROM='' L8V=''
l8_jars() { # DIR (a dpkg -x tree or the jar directory) -> L8JARS, L8V; 1 if not there
    d=$1
    [ -d "$d/usr/share/java" ] && d=$d/usr/share/java
    for core in "$d"/lucene-core-8.*.jar; do break; done
    [ -f "$core" ] || return 1
    L8V=${core##*/lucene-core-}; L8V=${L8V%.jar}   # Debian names the 8.8.1 jars *-8.7.0.jar
    for j in analyzers-common queryparser; do [ -f "$d/lucene-$j-$L8V.jar" ] || return 1; done
    L8JARS=$d/lucene-core-$L8V.jar:$d/lucene-analyzers-common-$L8V.jar:$d/lucene-queryparser-$L8V.jar
    # the package version, from the tree's changelog when there is one
    cl=${d%/usr/share/java}/usr/share/doc/liblucene8-java/changelog.Debian.gz
    LUCENE8_VER=$( { gzip -dc "$cl" 2> /dev/null || true; } | sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p')
}
lucene_setup() { # tool: finds the jars, compiles the harness's sources; skips the tool if it cannot
    t=$1
    if [ -z "${PEERS:-}" ]; then skip "$t" "set PEERS=../shared/peers (the harness's $t/*.java)"; return; fi
    if [ ! -f "$PEERS/$t/LuceneIndex.java" ] || [ ! -f "$PEERS/$t/LuceneSearch.java" ]; then
        skip "$t" "no $PEERS/$t/LuceneIndex.java, LuceneSearch.java"; return
    fi
    if ! has javac || ! has java; then miss default-jdk-headless; skip "$t" "no JDK: javac, java (package default-jdk-headless)"; return; fi
    if [ "$t" = lucene ]; then
        for j in $(echo "$LUCENE_JARS" | tr ':' ' '); do
            [ -f "$j" ] || { miss liblucene4.10-java; skip lucene "$j missing (package liblucene4.10-java)"; return; }
        done
        jars=$LUCENE_JARS
        LUCENE_VER=$(dpkg-query -W -f '${Version}' liblucene4.10-java 2> /dev/null || true)
    else
        if [ -n "${LUCENE8_DIR:-}" ]; then
            l8_jars "$LUCENE8_DIR" || { skip lucene8 "LUCENE8_DIR=$LUCENE8_DIR: no lucene-core-8.*.jar, lucene-analyzers-common, lucene-queryparser there"; return; }
            LUCENE8_FROM="LUCENE8_DIR=$LUCENE8_DIR"
        else
            # conflicts with liblucene4.10-java: fetched and unpacked, as run-peers does
            pk=${OUT:+$OUT/pkgs}; pk=${pk:-$W/pkgs}
            if ! l8_jars "$pk/lucene8"; then
                log "lucene8: fetching liblucene8-java with apt-get download into $pk"
                mkdir -p "$pk"
                rm -rf "$pk/lucene8" "$pk"/liblucene8-java_*_all.deb
                if ! (cd "$pk" && apt-get download liblucene8-java && dpkg -x liblucene8-java_*_all.deb lucene8) > "$W/lucene8-fetch.log" 2>&1 ||
                   ! l8_jars "$pk/lucene8"; then
                    tail -n 3 "$W/lucene8-fetch.log" | sed 's/^/    /' >&2
                    skip lucene8 "liblucene8-java could not be fetched (apt-get download liblucene8-java; or set LUCENE8_DIR)"; return
                fi
                rm -f "$pk"/liblucene8-java_*_all.deb
            fi
            LUCENE8_FROM="apt-get download, unpacked in $pk/lucene8"
        fi
        jars=$L8JARS
    fi
    mkdir -p "$W/bin/$t"
    if ! javac -nowarn -d "$W/bin/$t" -cp "$jars" "$PEERS/$t"/*.java > "$W/$t-javac.log" 2>&1; then
        log "javac $PEERS/$t/*.java failed:"; tail -n 5 "$W/$t-javac.log" | sed 's/^/    /' >&2
        skip "$t" "the harness's $t/*.java did not compile (javac)"; return
    fi
    eval "LCP_$(echo "$t" | tr -d -c 'a-z0-9')=\$W/bin/\$t:\$jars"
}
lcp() { eval "echo \"\$LCP_$1\""; }
LW=$WARMUP   # Lucene's untimed passes: max(WARMUP, 10), the JVM's warm-up
[ "$LW" -ge 10 ] || LW=10
for t in $TOOLS; do
    case $t in
    newsindex | newsindex-j1)
        [ -x "$NI" ] && [ -x "$NS" ] || skip "$t" "$NI or $NS is not built (make, or set NEWSINDEX/NEWSSEARCH)" ;;
    omindex)
        if ! has omindex; then miss xapian-omega; skip omindex "omindex missing (package xapian-omega)"
        else
            has xapian-delve || { miss xapian-tools; log "xapian-delve missing (package xapian-tools): omindex's document count will be '?'"; }
            [ -n "${PEERS:-}" ] || noq omindex "set PEERS=../shared/peers for the bare-Xapian runner"
        fi ;;
    swish-e)
        if ! has swish-e; then miss swish-e; skip swish-e "swish-e missing (package swish-e)"
        elif [ ! -e /usr/include/swish-e.h ]; then miss swish-e-dev; noq swish-e "no query runner: swish-e.h missing (package swish-e-dev)"
        elif ! has "$CC"; then noq swish-e "no query runner: no C compiler ($CC)"
        fi ;;
    fts5)
        if ! has sqlite3; then miss sqlite3; skip fts5 "sqlite3 missing (package sqlite3)"
        elif ! sqlite3 :memory: 'CREATE VIRTUAL TABLE t USING fts5(x)' > /dev/null 2>&1; then skip fts5 "this sqlite3 has no FTS5"
        elif [ ! -e /usr/include/sqlite3.h ]; then miss libsqlite3-dev; noq fts5 "no query runner: sqlite3.h missing (package libsqlite3-dev)"
        elif ! has "$CC"; then noq fts5 "no query runner: no C compiler ($CC)"
        fi ;;
    xapian-tg)
        if ! has g++ || ! pkg-config --exists xapian-core; then miss libxapian-dev; skip xapian-tg "no g++ or libxapian-dev to build bench/xapian-tg-index.cc"
        elif ! g++ -O2 -std=c++17 -o "$W/bin/xapian-tg-index" "$top/bench/xapian-tg-index.cc" $(pkg-config --cflags --libs xapian-core) 2> "$W/xtg-build.log"; then
            skip xapian-tg "bench/xapian-tg-index.cc did not build: $(head -n 1 "$W/xtg-build.log")"
        else
            [ -n "${PEERS:-}" ] || noq xapian-tg "set PEERS=../shared/peers for the bare-Xapian runner"
        fi ;;
    lucene | lucene8) lucene_setup "$t" ;;
    esac
done
[ -n "$MISSING" ] && log "missing Debian packages: $MISSING (apt-get install $MISSING)"
RUN=
for t in $TOOLS; do [ -n "$(skipped "$t")" ] || RUN="${RUN:+$RUN }$t"; done
[ -n "$RUN" ] || { echo "compare.sh: nothing to run" >&2; exit 2; }

# ---------------------------------------------------------------- FTS5's text
# path <US> title <US> body <RS> for every .html/.htm file: the title is the
# first <h1> (else <title>), the body the text of the <p> elements (else of
# <body> without script/style); tags dropped, the common entities decoded.
# (newssearch --all --format jsonl exports the stored fields but not the
# article text, so the text comes from the HTML here.)
cat > "$W/extract.awk" <<'EOF'
function utf8(c) {
    if (c < 32) return " "
    if (c < 128) return sprintf("%c", c)
    if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
    if (c < 65536) return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
    if (c < 1114112) return sprintf("%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64, 128 + int(c / 64) % 64, 128 + c % 64)
    return " "
}
function hexval(s,   i, v) {
    v = 0; s = tolower(s)
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v
}
function text(s,   out, i, j, e, c) {
    gsub(/<[^>]*>/, " ", s)
    out = ""
    while ((i = index(s, "&")) > 0) {
        out = out substr(s, 1, i - 1); s = substr(s, i)
        j = index(s, ";")
        e = (j > 2 && j <= 10) ? substr(s, 2, j - 2) : ""
        if (e ~ /^#[0-9]+$/) c = utf8(substr(e, 2) + 0)
        else if (e ~ /^#[xX][0-9a-fA-F]+$/) c = utf8(hexval(substr(e, 3)))
        else if (e == "amp") c = "&"; else if (e == "lt") c = "<"; else if (e == "gt") c = ">"
        else if (e == "quot") c = "\""; else if (e == "apos") c = "\047"; else if (e == "nbsp") c = " "
        else { out = out "&"; s = substr(s, 2); continue }
        out = out c; s = substr(s, j + 1)
    }
    s = out s
    gsub(/[ \t\n\r\037\036]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s)
    return s
}
# the contents of the first <tag ...>...</tag> of doc from position from on
# (lower: doc lower-cased); end_at: where its closing tag starts, 0 if none
function element(tag, from,   s, i, j) {
    end_at = 0
    s = substr(lower, from)
    if (!(i = opening(s, tag))) return ""
    j = index(substr(s, i), ">"); if (!j) return ""
    i += j
    j = index(substr(s, i), "</" tag); if (!j) return ""
    end_at = from + i - 1 + j - 1
    return substr(doc, from + i - 1, j - 1)
}
# position of "<tag" followed by '>' or a blank in s, 0 if none
function opening(s, tag,   i, k, c) {
    k = 0
    while ((i = index(substr(s, k + 1), "<" tag)) > 0) {
        k += i; c = substr(s, k + length(tag) + 1, 1)
        if (c == ">" || c == " " || c == "\t" || c == "\n" || c == "/") return k
    }
    return 0
}
function strip(tag,   i, j, s) {   # drop <tag>...</tag> from doc and lower
    while ((i = opening(lower, tag)) > 0) {
        j = index(substr(lower, i), "</" tag ">")
        s = j ? i + j - 1 + length(tag) + 3 : length(lower) + 1
        doc = substr(doc, 1, i - 1) " " substr(doc, s); lower = substr(lower, 1, i - 1) " " substr(lower, s)
    }
}
function flush(   title, body, p, x) {
    if (path == "") return
    lower = tolower(doc)
    strip("script"); strip("style")
    title = text(element("h1", 1)); if (title == "") title = text(element("title", 1))
    body = ""; p = 1
    for (;;) {
        x = element("p", p)
        if (!end_at) break
        x = text(x); if (x != "") body = body == "" ? x : body "\n" x
        p = end_at + 1
    }
    if (body == "") { x = element("body", 1); body = text(x == "" ? doc : x) }
    printf "%s\037%s\037%s\036", path, title, body
    n++
}
FNR == 1 { flush(); path = substr(FILENAME, length(top) + 1); doc = ""; end_at = 0 }
{ doc = doc $0 "\n" }
END { flush(); print n + 0 > "/dev/stderr" }
EOF

EXTRACT_NOTE=
if { in_tools fts5 && [ -z "$(skipped fts5)" ]; } || { in_tools xapian-tg && [ -z "$(skipped xapian-tg)" ]; }; then
    log "fts5, xapian-tg: extracting the text (not timed in the table)"
    warm
    /usr/bin/time -f '%e %U %S %M' -o "$RAW/fts5-extract.time" sh -c '
        find "$1/" -type f \( -name "*.html" -o -name "*.htm" \) -print0 | sort -z |
            xargs -0 awk -v top="$1/" -f "$2" > "$3" 2> "$4"' sh "$ARCHIVE" "$W/extract.awk" \
        "$W/fts5-input.txt" "$W/fts5-extract.count"
    EXTRACT_NOTE=$(awk -v n="$(awk '{ s += $1 } END { print s + 0 }' "$W/fts5-extract.count")" \
        -v b="$(wc -c < "$W/fts5-input.txt")" 'END { printf "%d documents, %.1f MB of text, %.2f s wall, %.2f s CPU", n, b / 1e6, $1, $2 + $3 }' "$RAW/fts5-extract.time")
    cat > "$W/fts5-load.sql" <<EOF
PRAGMA temp_store = MEMORY;
CREATE VIRTUAL TABLE fts USING fts5(path UNINDEXED, title, body, tokenize = 'porter unicode61');
CREATE TEMP TABLE stage(path TEXT, title TEXT, body TEXT);
.mode ascii
.import --schema temp "$W/fts5-input.txt" stage
BEGIN;
INSERT INTO fts(path, title, body) SELECT path, title, body FROM temp.stage;
INSERT INTO fts(fts) VALUES('optimize');
COMMIT;
EOF
    cp "$W/extract.awk" "$W/fts5-load.sql" "$RAW/"
fi

# ---------------------------------------------------------------- indexing
NPROC=$(nproc)
idx() { echo "$W/idx/$1"; }
prep() { # tool: a fresh, empty place for its index
    rm -rf "$(idx "$1")"
    case $1 in swish-e | fts5) mkdir -p "$(idx "$1")" ;; esac
}
run_index() { # tool repeat
    t=$1 r=$2 ix=$(idx "$1")
    set -- # the command:
    case $t in
    cat) set -- sh -c 'find "$1/" -type f -print0 | xargs -0 cat > /dev/null' sh "$ARCHIVE" ;;
    newsindex) set -- "$NI" -q --db "$ix" "$ARCHIVE" ;;
    newsindex-j1) set -- "$NI" -q -j1 --db "$ix" "$ARCHIVE" ;;
    omindex) set -- omindex --overwrite --db "$ix" --url / "$ARCHIVE" ;;
    swish-e) set -- swish-e -c "$top/bench/swish-e.conf" -f "$ix/index" -i "$ARCHIVE" ;;
    fts5) set -- sh -c 'sqlite3 "$1" < "$2"' sh "$ix/fts5.db" "$W/fts5-load.sql" ;;
    xapian-tg) set -- "$W/bin/xapian-tg-index" "$W/fts5-input.txt" "$ix" ;;
    lucene | lucene8) set -- java -cp "$(lcp "$t")" LuceneIndex "$ARCHIVE" "$ix" ;;   # as run-peers
    esac
    [ "$r" -eq 1 ] && printf '%s\n' "$*" > "$RAW/$t.command"
    st=0
    /usr/bin/time -f 'wall_s %e\nuser_s %U\nsys_s %S\nmaxrss_kb %M\nexit %x\nmajor_faults %F\nminor_faults %R\nfs_in %I\nfs_out %O\nvol_cs %w\ninvol_cs %c\ncpu %P' \
        -o "$RAW/$t-$r.time" "$@" > "$RAW/$t-$r.log" 2>&1 || st=$?
    case $t:$st in
    *:0 | newsindex*:1) ;;   # newsindex: 1 = some files skipped, the index is complete
    *) return "$st" ;;
    esac
    awk '$1 == "wall_s" { w = $2 } $1 == "user_s" { u = $2 } $1 == "sys_s" { s = $2 } $1 == "maxrss_kb" { m = $2 }
         END { print w, u + s, m / 1024 }' "$RAW/$t-$r.time" >> "$W/$t.runs"
    # documents (from the index) and bytes
    case $t in
    cat) docs=- bytes=- ;;
    newsindex*) docs=$("$NS" --db "$ix" --all --count --no-collapse 2>/dev/null || echo '?') ;;
    omindex | xapian-tg) docs=$(xapian-delve "$ix" 2>/dev/null | sed -n 's/^number of documents = //p') ;;
    swish-e) docs=$(grep -o '^[0-9,]* files indexed' "$RAW/$t-$r.log" | tr -d ',' | cut -d' ' -f1) ;;
    fts5) docs=$(sqlite3 "$ix/fts5.db" 'SELECT count(*) FROM fts' 2>/dev/null) ;;
    lucene | lucene8) docs=$(sed -n 's/^lucene documents: \([0-9]*\).*/\1/p' "$RAW/$t-$r.log") ;;
    esac
    [ "$t" = cat ] || bytes=$(du -sb "$ix" | cut -f1)
    echo "${docs:-?} $bytes" >> "$W/$t.facts"
}

FAILED=
failed() { case " $FAILED " in *" $1 "*) return 0 ;; esac; return 1; }
for r in $(seq "$REPEAT"); do
    # rotate: repeat r starts with the ((r - 1) mod NT)-th tool
    order=$(echo "$RUN" | awk -v r="$r" '{ for (i = 0; i < NF; i++) printf "%s ", $(((i + r - 1) % NF) + 1) }')
    for t in $order; do
        failed "$t" && continue
        prep "$t"
        warm
        sync
        log "index $r/$REPEAT: $t"
        st=0
        run_index "$t" "$r" || st=$?
        if [ "$st" -ne 0 ]; then
            log "$t failed (exit $st); its log: $RAW/$t-$r.log"
            tail -n 5 "$RAW/$t-$r.log" | sed 's/^/    /' >&2
            FAILED="$FAILED $t"
            echo "$st" > "$W/$t.failed"
        fi
        # the -j1 index is the same as -jN's: keep only one for the queries
        [ "$t" = newsindex-j1 ] && in_tools newsindex && ! failed newsindex && rm -rf "$(idx "$t")"
        [ "$t" = cat ] || failed "$t" || log "$t: $(tail -n 1 "$W/$t.runs" 2>/dev/null | awk '{ printf "%.2f s wall", $1 }'), $(tail -n 1 "$W/$t.facts" 2>/dev/null | cut -d' ' -f1) documents"
    done
done

# ---------------------------------------------------------------- queries
NXQ=   # the tool whose index newsindex's queries use
for t in newsindex newsindex-j1; do
    if in_tools "$t" && [ -z "$(skipped "$t")" ] && ! failed "$t" && [ -d "$(idx "$t")" ]; then NXQ=$t; break; fi
done
if [ "$RUN" = cat ]; then
    Q="" QFROM=""   # no tool to query
elif [ -n "${QUERIES:-}" ]; then
    [ -r "$QUERIES" ] || { echo "compare.sh: QUERIES=$QUERIES: not readable" >&2; exit 2; }
    Q=$QUERIES QFROM="QUERIES=$QUERIES"
else
    QDB=
    if [ -n "$NXQ" ]; then QDB=$(idx "$NXQ")
    elif [ -x "$NI" ] && [ -x "$NS" ]; then
        log "indexing with newsindex (untimed) for the query set"
        QDB=$(idx newsindex-queries)
        "$NI" -q --db "$QDB" "$ARCHIVE" || [ $? -eq 1 ] || QDB=
    fi
    if [ -n "$QDB" ] && NEWSSEARCH=$NS "$top/bench/make-queries.sh" "$QDB" "$W/q/queries.tsv"; then
        Q=$W/q/queries.tsv QFROM="bench/make-queries.sh (titles of newsindex's index)"
    else
        Q="" QFROM=""
        log "no query set (set QUERIES=FILE): query cells will be '-'"
    fi
fi
NQ=0
if [ -n "$Q" ]; then
    NQ=$(awk 'NF && !/^#/' "$Q" | wc -l)
    cp "$Q" "$RAW/queries.tsv" 2>/dev/null || true
    awk -F'\t' 'NF && !/^#/ { n++; print (NF >= 2 ? $1 : "l" n) "\t" $NF }' "$Q" > "$W/q/q.q"
    FIRSTQ=$(awk -F'\t' 'NF && !/^#/ { print $NF; exit }' "$Q")
fi
QCELL=   # "tool:median p95:zero-hit count" a line
qcell() { QCELL="$QCELL$1:$2:$3
"; }
qget() { printf '%s' "$QCELL" | awk -F: -v t="$1" -v f="$2" '$1 == t { print $f; exit }'; }
timings() { # runner output (qid pass usec hits paths) -> stats; zero-hit queries in the first timed pass
    qstats_v=$(cut -f3 "$1" | qstats)
    zero_v=$(awk -F'\t' '$2 == 0 && $4 == 0' "$1" | wc -l)
}

if [ -n "$Q" ]; then
    for t in $RUN; do
        failed "$t" && continue
        ix=$(idx "$t")
        case $t in
        newsindex | newsindex-j1)
            [ "$t" = "$NXQ" ] || continue
            if [ -n "${QUERY_BENCH:-}" ]; then QB=$QUERY_BENCH
            elif QB=$("$top/bench/build-query-bench.sh" "$W/bin/qb/query-bench" 2> "$W/qb-build.log"); then :
            else
                QB=; log "bench/build-query-bench.sh failed:"; tail -n 5 "$W/qb-build.log" | sed 's/^/    /' >&2
                noq "$t" "query-bench did not build (build/libnewsindex.a being rebuilt? set QUERY_BENCH)"
                continue
            fi
            log "queries: $t (query-bench)"
            if ! "$QB" -m plain,snippets -w "$WARMUP" -p "$PASSES" --third -o "$RAW/$t-queries.raw" "$ix" "$Q" > "$RAW/$t-query-bench.out"; then
                noq "$t" "query-bench failed"; continue
            fi
            awk -F'\t' '$2 == "plain" { print $1 "\t" $3 "\t" $4 "\t" $6 }' "$RAW/$t-queries.raw" > "$W/$t.q"
            timings "$W/$t.q"
            qcell "$t" "$qstats_v" "$zero_v"
            SNIP=$(awk -F'\t' '$2 == "snippets" { print $4 }' "$RAW/$t-queries.raw" | qstats | cut -d' ' -f2)
            THIRD=$(awk '/^facets over a third/ { sub(/^facets over a third of the archive: /, ""); sub(/, [0-9]+ runs$/, ""); d = $0 }
                         $1 == "facets" && $2 == "third" { printf "%s ms median, %s ms p95 over %d runs; %s", $4, $5, $3, d }' "$RAW/$t-query-bench.out")
            "$QB" --first --evict -q "$FIRSTQ" "$ix" > "$RAW/$t-cold.out" || log "query-bench --first failed"
            COLD=$(sed -n "s/^first query '\(.*\)': open \([0-9.]*\) ms, query \([0-9.]*\) ms, total \([0-9.]*\) ms; \([0-9]*\) matches.*/\4 ms ('\1', $NXQ's index evicted from the page cache with posix_fadvise: open \2 ms + query \3 ms, \5 matches)/p" "$RAW/$t-cold.out")
            ;;
        omindex | xapian-tg)
            [ -n "${PEERS:-}" ] || continue
            if [ ! -f "$PEERS/xapian-query.cc" ]; then noq "$t" "no $PEERS/xapian-query.cc"; continue; fi
            if [ ! -x "$W/bin/xapian-query" ] &&
                ! g++ -O2 -o "$W/bin/xapian-query" "$PEERS/xapian-query.cc" $(pkg-config --cflags --libs xapian-core) 2> "$W/xq-build.log"; then
                miss libxapian-dev; noq "$t" "xapian-query.cc did not build (g++, libxapian-dev)"; continue
            fi
            log "queries: $t (bare Xapian, peers' xapian-query.cc)"
            if ! "$W/bin/xapian-query" "$ix" and "$W/q/q.q" $((WARMUP + PASSES - 1)) "$W/$t.all" 2> /dev/null; then
                noq "$t" "xapian-query failed"; continue
            fi
            awk -F'\t' -v w="$WARMUP" '$2 >= w { $2 -= w; print }' OFS='\t' "$W/$t.all" > "$RAW/$t-queries.tsv"
            timings "$RAW/$t-queries.tsv"
            qcell "$t" "$qstats_v" "$zero_v" ;;
        swish-e | fts5)
            [ -z "$(noq_reason "$t")" ] || continue
            src=$top/bench/swish-query.c lib=-lswish-e ixf=$ix/index
            [ "$t" = fts5 ] && src=$top/bench/fts5-query.c lib=-lsqlite3 ixf=$ix/fts5.db
            if ! "$CC" -std=c11 -O2 -Wall -Wextra -o "$W/bin/$t-query" "$src" $lib 2> "$W/$t-build.log"; then
                log "$src did not build:"; sed 's/^/    /' "$W/$t-build.log" >&2
                noq "$t" "the query runner did not build"; continue
            fi
            log "queries: $t"
            if ! "$W/bin/$t-query" -w "$WARMUP" -p "$PASSES" "$ixf" "$Q" "$RAW/$t-queries.tsv"; then
                noq "$t" "the query runner failed"; continue
            fi
            timings "$RAW/$t-queries.tsv"
            qcell "$t" "$qstats_v" "$zero_v" ;;
        lucene | lucene8)
            # the peers' LuceneSearch on the same "qid<TAB>words" file (run-peers: cut -f1,3),
            # AND; passes 0..N, the first LW untimed (JVM warm-up)
            log "queries: $t (peers' LuceneSearch, one JVM, $LW untimed + $PASSES timed passes)"
            if ! java -cp "$(lcp "$t")" LuceneSearch "$ix" and "$W/q/q.q" $((LW + PASSES - 1)) "$W/$t.all" 2> "$RAW/$t-queries.log"; then
                tail -n 3 "$RAW/$t-queries.log" | sed 's/^/    /' >&2
                noq "$t" "LuceneSearch failed, see $RAW/$t-queries.log"; continue
            fi
            awk -F'\t' -v w="$LW" '$2 >= w { $2 -= w; print }' OFS='\t' "$W/$t.all" > "$RAW/$t-queries.tsv"
            timings "$RAW/$t-queries.tsv"
            qcell "$t" "$qstats_v" "$zero_v" ;;
        esac
    done
fi

# ---------------------------------------------------------------- the table
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
med_col() { # tool column -> median of that column of its runs
    awk -v c="$2" '{ print $c }' "$W/$1.runs" | median
}
version() {
    case $1 in
    newsindex*) "$NI" -V 2>/dev/null | head -n 1 ;;
    omindex) omindex --version 2>/dev/null | sed 's/^omindex - //' | head -n 1 ;;
    swish-e) swish-e -V 2>/dev/null | head -n 1 ;;
    fts5) echo "SQLite $(sqlite3 --version | cut -d' ' -f1) FTS5" ;;
    xapian-tg) echo "Xapian $(pkg-config --modversion xapian-core)" ;;
    lucene | lucene8)
        if [ "$1" = lucene ]; then printf 'Lucene 4.10.4 (liblucene4.10-java %s)' "${LUCENE_VER:-?}"
        else printf 'Lucene 8.8.1 (liblucene8-java %s, jars *-%s, %s)' "${LUCENE8_VER:-?}" "$L8V" "$LUCENE8_FROM"; fi
        java -version 2>&1 | sed -n '1s/^\([^ ]*\) version "\([^"]*\)".*/, \1 \2/p' ;;
    esac
}
table() {
WALL_NX="" WALL_J1=""
echo "## newsindex and its peers: $ARCHIVE"
echo
echo "| tool | wall s (median) | CPU s | peak RSS MB | docs | index MB | docs/s | query ms median / p95 | notes |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for t in $TOOLS; do
    why=$(skipped "$t")
    if [ -n "$why" ]; then echo "| $t | - | - | - | - | - | - | - | skipped: $why |"; continue; fi
    if failed "$t" && [ ! -s "$W/$t.runs" ]; then
        echo "| $t | - | - | - | - | - | - | - | failed (exit $(cat "$W/$t.failed")), see $RAW/$t-*.log |"; continue
    fi
    wall=$(med_col "$t" 1) cpu=$(med_col "$t" 2) rss=$(med_col "$t" 3)
    nruns=$(wc -l < "$W/$t.runs")
    notes=
    case $t in
    cat) notes="floor: reads every file once ($NFILES files, $(awk -v b="$ABYTES" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? b / 1e6 / w : 0) }') MB/s)" ;;
    newsindex) notes="$(version "$t"), -j$NPROC (default: cores)"; WALL_NX=$wall ;;
    newsindex-j1) notes="$(version "$t"), -j1"; WALL_J1=$wall ;;
    omindex) notes="$(version "$t")" ;;
    swish-e) notes="$(version "$t"), libxml2 HTML2, Stemming_en" ;;
    fts5) notes="$(version "$t"), porter unicode61, text extracted beforehand (not timed)" ;;
    xapian-tg) notes="$(version "$t"), bench/xapian-tg-index.cc: TermGenerator alone on fts5's text (extracted beforehand, not timed), english stems with positions (STEM_ALL_Z, as newsindex), one process: the floor of indexing with Xapian" ;;
    lucene | lucene8) notes="$(version "$t"), peers' $t/LuceneIndex.java: HTMLStripCharFilter + EnglishAnalyzer chain, positions, BM25, 64 MB RAM buffer, no force-merge; *.html files only" ;;
    esac
    if [ "$t" = cat ]; then docs=- mb=- dps=-
    else
        docs=$(tail -n 1 "$W/$t.facts" | cut -d' ' -f1)
        ndistinct=$(cut -d' ' -f1 "$W/$t.facts" | sort -u | wc -l)
        [ "$ndistinct" -gt 1 ] && notes="$notes; documents per run: $(cut -d' ' -f1 "$W/$t.facts" | tr '\n' ' ' | sed 's/ $//')"
        mb=$(cut -d' ' -f2 "$W/$t.facts" | median | awk '{ printf "%.1f", $1 / 1e6 }')
        dps=$(awk -v d="$docs" -v w="$wall" 'BEGIN { if (d ~ /^[0-9]+$/ && w > 0) printf "%.0f", d / w; else print "-" }')
    fi
    [ "$nruns" -gt 1 ] && notes="$notes; wall $(awk '{ print $1 }' "$W/$t.runs" | sort -g | awk 'NR == 1 { a = $1 } { b = $1 } END { print a "-" b }') s over $nruns runs"
    failed "$t" && notes="$notes; a run failed (exit $(cat "$W/$t.failed")), see $RAW/"
    q=-
    m=$(qget "$t" 2)
    if [ -n "$m" ] && [ "$m" != "- -" ]; then
        q=$(echo "$m" | awk '{ print $1 " / " $2 }')
        case $t in
        newsindex*) notes="$notes; queries: query-bench plain mode" ;;
        omindex | xapian-tg) notes="$notes; queries: bare Xapian on this index (peers' xapian-query.cc)" ;;
        lucene | lucene8) notes="$notes; queries: peers' LuceneSearch (classic QueryParser, AND), one JVM, $LW untimed passes (max(WARMUP, 10), JVM warm-up) + $PASSES timed" ;;
        esac
        notes="$notes; $(qget "$t" 3) of $NQ queries without hits"
    elif [ -n "$(noq_reason "$t")" ]; then notes="$notes; queries: $(noq_reason "$t")"
    elif [ "$t" = newsindex-j1 ] && [ "${NXQ:-}" = newsindex ]; then notes="$notes; queries: the newsindex row (same index)"
    fi
    printf '| %s | %.2f | %.2f | %.0f | %s | %s | %s | %s | %s |\n' "$t" "$wall" "$cpu" "$rss" "$docs" "$mb" "$dps" "$q" "$notes"
done
echo
echo "- machine: $NPROC cores, load average $LOAD0 at the start, $LOAD1 at the end; $DATE0; $(uname -sr)"
echo "- archive: $ARCHIVE, $NFILES files, $(awk -v b="$ABYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
echo "- REPEAT=$REPEAT index runs per tool (order rotated between repeats; index deleted, archive read once and sync before each run); medians; MB = 10^6 bytes, RSS in MiB"
if [ -n "$Q" ]; then
    lw=; [ -n "$(qget lucene 2)$(qget lucene8 2)" ] && [ "$LW" != "$WARMUP" ] && lw=" ($LW untimed for lucene, lucene8: the JVM's warm-up)"
    echo "- queries: $NQ from $QFROM; all words required, top 10; one warm process per tool, $WARMUP untimed$lw + $PASSES timed passes; median / p95 (nearest rank) over all timed runs"
else
    echo "- queries: none (no query set)"
fi
if [ -n "$WALL_NX" ] && [ -n "$WALL_J1" ]; then
    echo "- newsindex speed-up -j1 -> -j$NPROC: $(awk -v a="$WALL_J1" -v b="$WALL_NX" 'BEGIN { printf "%.2fx (%.2f s / %.2f s wall)", a / b, a, b }')"
fi
if [ -n "$(qget "${NXQ:-none}" 2)" ]; then
    echo "- newsindex with 10 snippets (200 bytes): p95 $SNIP ms"
    echo "- newsindex facets country,topic,source,year over a third of the archive: ${THIRD:-?}"
    echo "- newsindex cold first query: ${COLD:-?}"
fi
[ -n "$EXTRACT_NOTE" ] && echo "- fts5 and xapian-tg text extraction (awk pass over the HTML, not in the table): $EXTRACT_NOTE"
[ -n "$MISSING" ] && echo "- missing Debian packages: $MISSING"
[ -n "${OUT:-}" ] && echo "- raw /usr/bin/time output, logs and per-query timings: $OUT"
return 0
}
table | tee "$RAW/table.md"
