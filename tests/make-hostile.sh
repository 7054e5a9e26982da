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
