#!/bin/sh
# seeds.sh OUT - build the seed corpora of the fuzz targets into OUT/TARGET/
# (make fuzz runs it into build-fuzz/seeds/). POSIX sh with printf, head,
# gzip, awk, sed and find only, like tests/make-hostile.sh; the output is
# the same on every run.
#
# Sources:
#   corpus/              every file: decompressed for the parser targets,
#                        as it is for the gzip target
#   tests/make-hostile.sh's files, cut to MAXLEN bytes (the targets' -max_len)
#   bench/topic-modern/  article texts for the country and topic targets
#   data/sources.tsv     source names and aliases for the source target
#   hand-written seeds below: formats and corners the corpus lacks, dates,
#   queries, names
#
#   fuzz_parse           one byte naming the file (see names[] in
#                        fuzz_parse.c), then the file
#   fuzz_parse_{text,html,nitf,feed}  every file (the target keeps those of
#                        its family)
#   fuzz_gzip            files as on disk, gzip members, broken streams
#   fuzz_decode          text in several encodings, names
#   fuzz_date fuzz_query fuzz_country fuzz_topic fuzz_source  see each target
set -eu

if [ $# -ne 1 ]; then
    echo "usage: seeds.sh OUT" >&2
    exit 2
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
MAXLEN=${MAXLEN:-65536}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
T="$out/.work"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT

for t in fuzz_parse fuzz_parse_text fuzz_parse_html fuzz_parse_nitf fuzz_parse_feed fuzz_gzip \
    fuzz_decode fuzz_date fuzz_query fuzz_country fuzz_topic fuzz_source; do
    mkdir -p "$out/$t"
done

# A seed's name: its origin, with '/' as '-'.
flat() { printf '%s' "$1" | sed 's|^\./||; s|/|-|g'; }

# The byte fuzz_parse.c's names[] gives to a file name ("a.txt" = 0, ...).
name_byte() {
    case $1 in
    *.txt.gz) echo 9 ;; *.html.gz) echo 10 ;; *.xml.gz) echo 13 ;;
    *.txt) echo 0 ;; *.html) echo 1 ;; *.htm) echo 2 ;; *.xhtml) echo 3 ;;
    *.xml) echo 4 ;; *.nitf) echo 5 ;; *.rss) echo 6 ;; *.atom) echo 7 ;; *.rdf) echo 8 ;;
    *.php) echo 12 ;; *.json) echo 15 ;;
    *) echo 11 ;;
    esac
}

byte() {
    # shellcheck disable=SC2059
    printf "\\$(printf '%03o' "$1")"
}

# parse_seed NAME FILE: FILE (already plain) into every parser target, cut
# to MAXLEN; NAME's extension picks fuzz_parse's name byte.
# (Functions share the caller's variables: theirs start with an underscore.)
parse_seed() {
    _s=$(flat "$1")
    head -c "$MAXLEN" "$2" > "$out/fuzz_parse_text/$_s"
    for _fam in html nitf feed; do
        cp "$out/fuzz_parse_text/$_s" "$out/fuzz_parse_$_fam/$_s"
    done
    { byte "$(name_byte "$1")"; head -c $((MAXLEN - 1)) "$2"; } > "$out/fuzz_parse/$_s"
}

# text_seed NAME FILE: a plain article for the decoder, country and topic
# targets: its first non-blank line is the title, the rest the text.
# decode_seed NAME FILE [CHARSET]: CHARSET NUL the file, for fuzz_decode.
decode_seed() {
    { printf '%s' "${3:-}" | tr -d '\n'; byte 0; head -c $((MAXLEN - 64)) "$2"; } \
        > "$out/fuzz_decode/$(flat "$1")"
}

text_seed() {
    _s=$(flat "$1")
    decode_seed "$1" "$2"
    # title \001 \001 text, then the \001 made NUL (awk cannot print one
    # everywhere); the topic target takes title NUL text.
    awk '!t && NF { printf "%s\001\001", $0; t = 1; next } t { print }' "$2" |
        tr '\001' '\000' | head -c "$MAXLEN" > "$out/fuzz_country/$_s"
    awk '!t && NF { printf "%s\001", $0; t = 1; next } t { print }' "$2" |
        tr '\001' '\000' | head -c "$MAXLEN" > "$out/fuzz_topic/$_s"
}

# ---- corpus/ ----
cd "$top"
for f in $(find corpus -type f | sort); do
    case $f in
    *.gz)
        cp "$f" "$out/fuzz_gzip/$(flat "$f")"
        gzip -dc "$f" > "$T/plain"
        parse_seed "$f" "$T/plain"
        case $f in *.txt.gz) text_seed "${f%.gz}" "$T/plain" ;; esac
        ;;
    *)
        parse_seed "$f" "$f"
        head -c "$MAXLEN" "$f" > "$out/fuzz_gzip/$(flat "$f")"
        case $f in *.txt) text_seed "$f" "$f" ;; esac
        ;;
    esac
done

# ---- tests/make-hostile.sh ----
sh "$top/tests/make-hostile.sh" "$T/hostile" >/dev/null
for f in $(cd "$T/hostile" && find . -type f | sort); do
    p="$T/hostile/$f"
    n="hostile-$(flat "$f")"
    case $f in
    *.gz)
        head -c "$MAXLEN" "$p" > "$out/fuzz_gzip/$n"
        # A truncated stream still gives its first part.
        gzip -dc "$p" > "$T/plain" 2>/dev/null || true
        if [ -s "$T/plain" ]; then
            parse_seed "${n%.gz}" "$T/plain"
        fi
        ;;
    *)
        parse_seed "$n" "$p"
        decode_seed "$n" "$p"
        ;;
    esac
done

# ---- hand-written parser seeds: what the corpus does not show ----
H="$T/hand"
mkdir -p "$H"
printf 'From: Reuters <news@reuters.com>\nSubject: Oil prices rise\nDate: Thu, 08 Apr 2021 10:15:00 GMT\n\nLONDON, April 8 (Reuters) - Oil prices rose on Thursday.\n\nBy Jane Doe, Reuters\n' > "$H/email.txt"
printf 'Title: Markets close higher\nURL: http://example.com/x\nPublished: April 8, 2021 10:02 AM ET\n\nWASHINGTON, D.C. (AP) \342\200\224 Stocks rose.\n\n(c) 2021 The Associated Press. All rights reserved.\n' > "$H/headers.txt"
printf '<Cinram Ltd> 4th Qtr Net\n\nShr 1.20 dlrs vs 1.10 dlrs\nNet 12.5 mln vs 11.0 mln\n\n26-FEB-1987 15:01:01.79\n' > "$H/reuters21578.txt"
printf 'Caf\351 in S\343o Paulo\n\nPARIS - Le caf\351 co\373te 2 \200 d\351sormais, na\357ve \223quotes\224.\nSOURCE: AFP\n' > "$H/cp1252.txt"
printf '\377\376T\000i\000t\000l\000e\000\n\000\n\000B\000o\000d\000y\000 \000t\000e\000x\000t\000.\000\n\000' > "$H/utf16le-bom.txt"
printf '\376\377\000T\000i\000t\000l\000e\000\n\000\n\000B\000o\000d\000y\000.\000\n' > "$H/utf16be-bom.txt"
printf 'T\000i\000t\000l\000e\000 \000l\000i\000n\000e\000\n\000\n\000B\000o\000d\000y\000 \000o\000f\000 \000t\000e\000x\000t\000.\000\n\000' > "$H/utf16le-nobom.txt"
printf '\357\273\277Headline with BOM\n\nBody.\n' > "$H/utf8-bom.txt"
printf 'Headline\r\n\r\nBy JANE DOE\r\nISLAMABAD, April 7 (Reuters) -- Talks began.\r\n\r\nAdvertisement\r\nShare this article\r\n' > "$H/crlf.txt"
cat > "$H/jsonld.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Site | Headline here</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"Headline from JSON-LD","datePublished":"2021-04-08T10:15:00+02:00","publisher":{"@type":"Organization","name":"Reuters"},"author":[{"name":"Jane Doe"}],"articleBody":"Body from JSON-LD."}]}</script>
</head><body><nav>Home | World</nav><article><h1>Headline</h1><div class="byline">By Jane Doe, Reuters</div><time datetime="2021-04-08">April 8, 2021</time>
<p>ISLAMABAD, April 7 (Reuters) - First paragraph.</p><aside>Related</aside><p>Second &amp; last&nbsp;paragraph.</p><div class="advertisement">Ad</div></article><footer>(c) Site</footer></body></html>
EOF
cat > "$H/meta.html" <<'EOF'
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<meta property="og:title" content="OG title"><meta property="og:site_name" content="BBC News">
<meta property="article:published_time" content="2021-04-08T10:15:00Z"><meta name="author" content="Jane Doe">
<meta name="dc.date" content="2021-04-08"><meta name="description" content="A standfirst.">
</head><body><main><h1>Main headline</h1><p>Text with a <a href="x">link</a> and <b>bold</b>.</p>
<ul><li>one</li><li>two</li></ul><table><tr><td>cell</td></tr></table><script>var x = 1;</script><noscript>enable javascript</noscript></main></body></html>
EOF
printf '<div><p>An HTML fragment without html or body.</p><p>Second.</p><br><span>x</span></div>\n' > "$H/fragment.html"
printf '<html><frameset><frame src="a.html"></frameset></html>\n' > "$H/frameset.html"
printf '<html><body><p style="display:none">hidden</p><p hidden>also</p><div aria-hidden="true">no</div><p>seen</p><template><p>t</p></template></body></html>\n' > "$H/hidden.html"
cat > "$H/nitf-full.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Head title</title><docdata><doc-id id-string="X1"/><date.issue norm="20210408T101500+0200"/><date.release norm="20210408"/><doc.copyright holder="Reuters" year="2021"/></docdata><pubdata name="Paper"/></head>
<body><body.head><hedline><hl1>The hedline</hl1><hl2>A second line</hl2></hedline><byline>By <person>Jane Doe</person></byline><distributor>Reuters</distributor><dateline><location>ISLAMABAD</location><story.date norm="20210408">April 8</story.date></dateline><abstract><p>Abstract.</p></abstract></body.head>
<body.content><p>First paragraph.</p><block><p>Second <![CDATA[with CDATA]]> &amp; an entity.</p></block></body.content><body.end><tagline>Reporting by Jane Doe</tagline></body.end></body></nitf>
EOF
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><body><body.head><hedline><hl1>Caf\351 cr\350me</hl1></hedline></body.head><body.content><p>Na\357ve.</p></body.content></body></nitf>\n' > "$H/nitf-latin1.xml"
printf '<?xml version="1.0"?>\n<doc xmlns:x="urn:x"><x:title>Other XML</x:title><x:body><p>Some text.</p><?pi data?><!-- c --></x:body></doc>\n' > "$H/other.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE doc [<!ENTITY e "entity text"><!ENTITY %% p "x">]>\n<doc>&e; &e; &#38; &#x26;</doc>\n' > "$H/entities.xml"
cat > "$H/rss2.rss" <<'EOF'
<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title><link>http://example.com/</link><lastBuildDate>Thu, 08 Apr 2021 10:15:00 GMT</lastBuildDate>
<item><title>First item</title><link>http://example.com/1</link><guid isPermaLink="false">g1</guid><pubDate>Thu, 08 Apr 2021 10:15:00 +0200</pubDate><dc:creator>Jane Doe</dc:creator><description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt;.&lt;/p&gt;</description><content:encoded><![CDATA[<p>Full <i>text</i>.</p>]]></content:encoded><source url="http://reuters.com">Reuters</source></item>
<item><title>Second item</title><link>http://example.com/2</link><dc:date>2021-04-09</dc:date><description>Plain description.</description></item>
<item><title>First item</title><guid>g1</guid><description>A repeat.</description></item></channel></rss>
EOF
cat > "$H/rss1.rdf" <<'EOF'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://example.com/"><title>RSS 1.0</title></channel>
<item rdf:about="http://example.com/a"><title>RDF item</title><link>http://example.com/a</link><dc:date>2021-04-08T10:15:00Z</dc:date><description>Item text.</description></item></rdf:RDF>
EOF
cat > "$H/atom.atom" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom feed</title><updated>2021-04-08T10:15:00Z</updated><author><name>Desk</name></author><rights>(c) 2021 BBC</rights>
<entry><id>urn:1</id><title type="html">An &lt;em&gt;entry&lt;/em&gt;</title><link rel="alternate" href="http://example.com/e1"/><published>2021-04-08T10:15:00+02:00</published><updated>2021-04-08T11:00:00Z</updated><summary type="html">&lt;p&gt;Summary.&lt;/p&gt;</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML content.</p></div></content></entry>
<entry><id>urn:2</id><title>Text entry</title><content type="text">Just text.</content><author><name>Jane Doe</name></author></entry></feed>
EOF
for f in $(cd "$H" && ls | sort); do
    parse_seed "hand-$f" "$H/$f"
done
for f in email.txt headers.txt reuters21578.txt cp1252.txt crlf.txt; do
    text_seed "hand-$f" "$H/$f"
done
for f in utf16le-bom.txt utf16be-bom.txt utf16le-nobom.txt utf8-bom.txt cp1252.txt; do
    decode_seed "hand-$f" "$H/$f"
done
for f in jsonld.html meta.html nitf-latin1.xml; do
    decode_seed "hand-$f" "$H/$f"
done
# Declared charsets: the Latin-1 family, UTF-8 and UTF-16 names, and
# others that go through iconv (stateful ones too).
printf 'Caf\351 \223quoted\224 \200 na\357ve. \342\202\254 euro.\n' > "$T/mixed"
for cs in utf-8 utf8 iso-8859-1 windows-1252 us-ascii iso-8859-15 utf-16 utf-16le \
    koi8-r shift_jis euc-jp iso-2022-jp gb18030 big5 utf-7 ibm037 utf-32 ucs-2 \
    iso-8859-8 tis-620 no-such-charset; do
    decode_seed "charset-$cs" "$T/mixed" "$cs"
done
printf '\033$B$3$s$K$A$O\033(B world \033$B' > "$T/jis"
decode_seed charset-iso-2022-jp-escapes "$T/jis" iso-2022-jp
printf '+AGEAYgBj- +2D3cAA- +ZeVnLIqe-' > "$T/utf7"
decode_seed charset-utf-7-text "$T/utf7" utf-7

# ---- gzip: members, garbage, breakage ----
G="$out/fuzz_gzip"
printf 'First member.\n' | gzip -n -9 > "$T/m1"
printf 'Second member.\n' | gzip -n -1 > "$T/m2"
cat "$T/m1" "$T/m2" > "$G/two-members.gz"
{ cat "$T/m1"; printf 'trailing garbage'; } > "$G/garbage.gz"
{ cat "$T/m1"; printf '\037'; } > "$G/half-magic.gz"
{ cat "$T/m1"; printf '\037\213'; } > "$G/magic-only.gz"
: | gzip -n > "$G/empty-member.gz"
cat "$G/empty-member.gz" "$G/empty-member.gz" "$T/m1" > "$G/empty-members.gz"
head -c 12 "$T/m1" > "$G/header-only.gz"
printf 'plain text, no magic\n' > "$G/plain.txt"
printf '\037\213' > "$G/magic.gz"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "line %d of a file that compresses well\n", i }' | gzip -n -9 > "$G/ratio.gz"
printf 'named member\n' > "$T/named.txt"
touch -t 202104081015 "$T/named.txt"
gzip -c "$T/named.txt" > "$G/named.gz" # FNAME and MTIME set (no -n)
# A member whose CRC is wrong: flip one byte of the trailer.
size=$(wc -c < "$T/m1" | tr -d ' ')
{ head -c $((size - 8)) "$T/m1"; printf '\000\000\000\000'; tail -c 4 "$T/m1"; } > "$G/bad-crc.gz"

# ---- decoder: names and encodings ----
D="$out/fuzz_decode"
printf '\000caf\351.txt' > "$D/name-latin1"
printf '\000evil\342\200\256txt.exe' > "$D/name-bidi"
printf '\000a\033[31mred\033[0m\tb\r\n\177\302\205' > "$D/controls"
printf '\000\355\240\200\355\260\200 surrogates, \300\257 overlong, \364\220\200\200 too big' > "$D/bad-utf8"
printf '\000\302\240non\302\240breaking  spaces\f\v end ' > "$D/spaces"

# ---- dates ----
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" > "$out/fuzz_date/$(printf 'date-%03d' $i)"
done <<'EOF'
2021-04-08
2021-04-08T12:00:00Z
2021-04-08T01:00:00+02:00
2021-04-08 12:00:00.123456-05:00
20210408T120000
20210408
Thu, 08 Apr 2021 10:15:00 GMT
Thu, 8 Apr 21 10:15 +0000
Thursday, April 8, 2021
April 8, 2021
8 April 2021
Apr. 8, 2021
Sept. 30, 1998
26-FEB-1987 15:01:01.79
2021/04/08
08.04.2021
04/08/2021
13/04/2021
04/13/2021
1/2/03
Published: April 8, 2021 10:02 AM ET
Updated 8 April 2021, 12:30 BST
Posted on Apr 8, 2021 at 3 p.m. PT
April 8, 2021 and 3 more
ISLAMABAD, April 7 (Reuters) -
Published on April 8, 2021 by Jane Doe
2021年4月8日
1998-12-31T23:59:60Z
9999-12-31T23:59:59-01:00
1000-01-01T00:00:00+14:00
Mon, 29 Feb 2021 00:00:00 GMT
2100-12-31 23:00 EST
corpus/2021/04/08/russia-pakistan-lavrov.txt
news/2021-04-08-story.html
archive/20210408_1530/a.xml
2021/04
1999_12_31/x.txt
x2021-04-08
1,250.5 and 2021,500
April 8, 2021 10:02 AM XYZT
EOF

# ---- queries: flags byte (bit 0 any, bit 1 spelling), text NUL filters ----
i=0
while IFS= read -r line; do
    i=$((i + 1))
    for flags in 0 3; do
        { byte $flags; printf '%s' "$line" | tr '|' '\000'; } \
            > "$out/fuzz_query/$(printf 'query-%03d-%d' $i $flags)"
    done
done <<'EOF'
lavrov islamabad
"berlin wall" country:germany
election country:taiwan|taiwan||||2024
president|||Reuters|2020|2024
title:bolt OR volcano
lav* AND NOT wall
islamabd presdent
country:soviet topic:politics
topic:economy source:"associated press"
date:1987..1988 year:1989
date:..2021-04 date:2021-01-01..
date:2021-13 year:21
country:narnia
(wall OR street) AND (berlin NEAR wall)
a NEAR/3 b ADJ c
+pipeline -gas
the of and
"the of"
-
""
***
country:
||||||
|pk|economy|bbc|1987-10-19|1987-10-20
berlin|de|politics|BBC News|1989|1989
EOF

# ---- country and topic: hand-written articles ----
C="$out/fuzz_country"
printf 'Lavrov visits Islamabad\000ISLAMABAD\000Russian Foreign Minister Sergei Lavrov held talks in Islamabad with Pakistani officials on Afghanistan.' > "$C/hand-lavrov"
printf 'Moscow and the Soviet Union\000\000MOSCOW (AP) - The Soviet Union said Moscow would talk to Washington; the Washington Post reported it from the Indian Ocean.' > "$C/hand-soviet"
printf '\000GREENWICH\000GREENWICH, Conn. - A story datelined in a small town.' > "$C/hand-town"
printf 'U.S. and U.K. leaders meet\000\000Sao Paulo, S\303\243o Paulo, Guinea-Bissau, West German and East German officials met Jordan (the player) and Georgia.' > "$C/hand-names"
printf 'pakistan' > "$C/hand-lookup-name"
printf 'PK' > "$C/hand-lookup-code"
printf 'united states' > "$C/hand-lookup-multi"
for f in $(find bench/topic-modern/articles -type f | sort | awk 'NR % 4 == 1'); do
    text_seed "$f" "$f"
done
P="$out/fuzz_topic"
printf 'economy' > "$P/hand-lookup-code"
printf '  Sports  ' > "$P/hand-lookup-plural"
printf 'business' > "$P/hand-lookup-word"
printf 'Trade war fears hit markets\000Economists said the trade war and inflation would push the economy into recession; the conflict offsets nothing.' > "$P/hand-tradewar"

# ---- sources: the table's names and aliases, and raw forms ----
S="$out/fuzz_source"
grep -v '^#' data/sources.tsv | grep . | awk 'NR % 3 == 1' | tr '\t|' '\n\n' | grep . | head -n 120 > "$T/names"
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" > "$S/$(printf 'table-%03d' $i)"
done < "$T/names"
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" > "$S/$(printf 'raw-%03d' $i)"
done <<'EOF'
(Reuters)
REUTERS
Reuters Staff
By Jane Doe, Reuters
Copyright (c) 2021 Thomson Reuters. All rights reserved.
© 2021 The Associated Press
https://uk.reuters.com/article/x
www.example.com/news
example.com
THE DAILY BUGLE
AP via Yahoo News
BBC News - World
Reuters, AFP
Agence France-Presse (AFP)
Source: BBC
Foo Staff Writer
Bar News Service
Guardian staff and agencies
CNN Wire
  .-  
EOF

rm -rf "$T"
for d in "$out"/*/; do
    printf '%s %s\n' "$(basename "$d")" "$(find "$d" -type f | wc -l | tr -d ' ')"
done > "$out/COUNTS"
