#!/bin/sh
# make-hostile.sh DIR - write hostile input files into DIR for the
# end-to-end tests: every one must give one error line or a best-effort
# article, never a crash or a hang. POSIX sh with printf, head, gzip, dd
# and awk only (no python). Output is the same on every run.
#
#   empty.txt          no bytes at all
#   binary.html        bytes 0..255 repeated, named .html
#   truncated.html.gz  a gzip stream cut short
#   not-gzip.txt.gz    plain text with a .gz name (read as plain text)
#   latin1.txt         ISO-8859-1 bytes, not UTF-8
#   unclosed.html      tags that never close, markup that just stops
#   xxe.xml            an external entity pointing at file:///etc/passwd
#   laughs.xml         the billion laughs (nested internal entities)
#   amp-flat.xml.gz    NITF: 3 million references to one 256-byte internal
#                      entity (9 MB; 768 MB expanded), gzipped to a few KB
#   amp-nested.rss     RSS: 20,000 references to a 25.9 KB entity nested
#                      three deep, within libxml2's own checks (60 KB; 517 MB)
#   amp-atom.xml.gz    Atom: an entry of a million references to a 256-byte
#                      entity (3 MB; 256 MB expanded)
#   amp-attr.xml.gz    other XML: one attribute value referring to a 19 MB
#                      nested entity after 2 MB of text (libxml2 expands it
#                      once to check it)
#   amp-pe.xml         parameter entities nested in the DTD (libxml2's own
#                      check refuses them)
#   amp.html           an HTML page declaring internal entities: the HTML
#                      parser expands none, the references stay text
#   longline.txt       one 10 MB line after a headline
#   nul-bytes.txt      NUL bytes inside otherwise good text
#   bad-utf8.html      invalid UTF-8 sequences in a page declared UTF-8
#   deep.html          100,000 nested <div> elements
set -eu

if [ $# -ne 1 ]; then
    echo "usage: make-hostile.sh DIR" >&2
    exit 2
fi
dir=$1
mkdir -p "$dir"

: > "$dir/empty.txt"

# Bytes 0..255, 64 times (16 KB). Octal escapes are portable printf.
awk 'BEGIN { for (r = 0; r < 64; r++) for (i = 0; i < 256; i++) printf "%s\n", i }' |
    awk '{ printf "\\%03o", $1 }' > "$dir/.binary.fmt"
# shellcheck disable=SC2059
printf "$(cat "$dir/.binary.fmt")" > "$dir/binary.html" 2>/dev/null || true
rm -f "$dir/.binary.fmt"
# Some shells' $(...) drop the trailing bytes or stop at NUL: write the
# bytes one printf at a time instead when the size is wrong.
if [ "$(wc -c < "$dir/binary.html" | tr -d ' ')" != 16384 ]; then
    : > "$dir/binary.html"
    r=0
    while [ $r -lt 64 ]; do
        i=0
        while [ $i -lt 256 ]; do
            # shellcheck disable=SC2059
            printf "\\$(printf '%03o' $i)" >> "$dir/binary.html"
            i=$((i + 1))
        done
        r=$((r + 1))
    done
fi

# A real page, gzipped, then cut to half its size.
{
    printf '<!DOCTYPE html><html><head><title>Cut short</title></head><body>\n'
    awk 'BEGIN { for (i = 0; i < 400; i++) printf "<p>Paragraph %d of a page that is cut short in transit.</p>\n", i }'
    printf '</body></html>\n'
} | gzip -n -9 > "$dir/.full.gz"
size=$(wc -c < "$dir/.full.gz" | tr -d ' ')
dd if="$dir/.full.gz" of="$dir/truncated.html.gz" bs=1 count=$((size / 2)) 2>/dev/null
rm -f "$dir/.full.gz"

printf 'this is plain text pretending to be gzip\n' > "$dir/not-gzip.txt.gz"

printf 'Caf\351 cr\350me prices in S\343o Paulo rose sharply\n\nThe price of a caf\351 cr\350me in S\343o Paulo rose by a fifth, na\357ve shoppers said.\n' \
    > "$dir/latin1.txt"

printf '<html><head><title>Unclosed</title><body><p>Tags <b>never <i>close and the markup just stops' \
    > "$dir/unclosed.html"

printf '<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<nitf><head><title>&x;</title></head><body><body.content><p>&x;</p></body.content></body></nitf>\n' \
    > "$dir/xxe.xml"

{
    printf '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY l "lol">'
    awk 'BEGIN {
        for (i = 1; i < 10; i++) {
            printf "<!ENTITY l%d \"", i
            for (k = 0; k < 10; k++) {
                if (i > 1) printf "&l%d;", i - 1; else printf "&l;"
            }
            printf "\">"
        }
    }'
    printf ']>\n<nitf><head><title>&l9;</title></head></nitf>\n'
} > "$dir/laughs.xml"

# Entity amplification: little input, a lot of replacement text (see
# "What bad input gets" in docs/DESIGN.md). The 256-byte entity is short,
# flat text, the kind whose text the walkers emit for every reference.
lol256=$(awk 'BEGIN { for (i = 0; i < 64; i++) printf "lol " }')
# The 256-byte a; b = words and ten a; c = words and ten b (25,875 bytes).
# libxml2 measures a reference by the references it holds against the
# bytes read so far in its entity: the words keep b and c under that.
nested_dtd() {
    printf '<!ENTITY a "%s">' "$lol256"
    printf '<!ENTITY b "Ha ha ha ha ha ha ha ha: &a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    printf '<!ENTITY c "Ho ho ho ho ho ho ho ho: &b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
}
# refs NAME COUNT: COUNT references &NAME; (COUNT a multiple of 1000)
refs() {
    awk -v n="$2" -v r="&$1;" 'BEGIN { s = ""; for (i = 0; i < 1000; i++) s = s r; for (i = 0; i < n / 1000; i++) printf "%s", s }'
}

{
    printf '<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY w "%s">]>\n' "$lol256"
    printf '<nitf><head><title>Entity flood</title></head><body><body.content><p>Text before. '
    refs w 3000000
    printf '</p></body.content></body></nitf>\n'
} | gzip -n -9 > "$dir/amp-flat.xml.gz"

{
    printf '<?xml version="1.0"?>\n<!DOCTYPE rss ['
    nested_dtd
    printf ']>\n<rss version="2.0"><channel><title>Entity feed</title><item><title>Nested laughs</title>'
    printf '<description>Ordinary words in a feed item. '
    refs c 20000
    printf '</description></item></channel></rss>\n'
} > "$dir/amp-nested.rss"

{
    printf '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY w "%s">]>\n' "$lol256"
    printf '<feed xmlns="http://www.w3.org/2005/Atom"><title>Entity feed</title><entry><id>urn:amp:1</id>'
    printf '<title>Flood</title><updated>2021-04-08T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Words. '
    refs w 1000000
    printf '</p></div></content></entry></feed>\n'
} | gzip -n -9 > "$dir/amp-atom.xml.gz"

{
    # e0 is 1,900 bytes; e4 = ten e3 = ... = 10,000 e0 = 19 MB.
    printf '<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY e0 "'
    awk 'BEGIN { for (i = 0; i < 1900; i++) printf "x" }'
    printf '">'
    for i in 1 2 3 4; do
        printf '<!ENTITY e%d "&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;">' \
            $i $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1))
    done
    printf ']>\n<doc><title>Attribute expansion</title><body>'
    awk 'BEGIN { s = "word "; for (i = 0; i < 12; i++) s = s s; for (i = 0; i < 100; i++) printf "%s", s }'
    printf '<p class="&e4;">after</p></body></doc>\n'
} | gzip -n -9 > "$dir/amp-attr.xml.gz"
# 2^12 * 5 bytes * 100 = 2,048,000 bytes of words.

{
    # Inside a parameter entity's text, declarations may use parameter
    # entities: each level's value is the previous one ten times over.
    printf '<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY %% w "<!ENTITY &#37; p0 '"'"'%s'"'"'>' "$lol256"
    for i in 1 2 3 4 5 6 7 8; do
        printf '<!ENTITY &#37; p%d '"'"'' $i
        k=0
        while [ $k -lt 10 ]; do printf '&#37;p%d;' $((i - 1)); k=$((k + 1)); done
        printf "'>"
    done
    printf '<!ENTITY big '"'"'&#37;p8;'"'"'>"> %%w;]>\n<doc><title>Parameter laughs</title><body>&big;</body></doc>\n'
} > "$dir/amp-pe.xml"

{
    printf '<!DOCTYPE html [<!ENTITY w "%s">]>\n' "$lol256"
    printf '<html><head><title>Entities in HTML</title></head><body><p>An HTML page: '
    refs w 10000
    printf '</p></body></html>\n'
} > "$dir/amp.html"

{
    printf 'Headline\n\n'
    awk 'BEGIN { s = "word "; for (i = 0; i < 11; i++) s = s s; for (i = 0; i < 1000; i++) printf "%s", s }'
    printf '\n'
} > "$dir/longline.txt"
# 2^11 * 5 bytes * 1000 = 10,240,000 bytes of words.

printf 'Title\n\nBody with \000 NUL \000 bytes inside.\n' > "$dir/nul-bytes.txt"

printf '<html><head><meta charset="utf-8"><title>Bad \377\376 UTF-8</title></head><body><p>Broken \303\050 sequences \342\202 here.</p></body></html>' \
    > "$dir/bad-utf8.html"

{
    printf '<html><body>'
    awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<div>"; printf "deep"; for (i = 0; i < 100000; i++) printf "</div>" }'
    printf '</body></html>'
} > "$dir/deep.html"
