#!/bin/sh
# make-huge.sh CASE N - write one large hostile file to stdout, for the
# bounds tests (tests/e2e-bounds.sh) and the table in docs/hostile-input.md.
# N is the size in the case's own unit; the files are made at test time,
# never committed. POSIX sh and awk only; the output is the same on every
# run.
#
#   attrs N      HTML: one <p> carrying N attributes
#   xattrs N     XML (NITF): one element carrying N attributes
#   wide N       HTML: N paragraphs of 100 attributes each
#   items N      RSS 2.0: N small items
#   entries N    Atom: N small entries
#   bigitem N    RSS: one item whose description is N bytes of words
#   bigattr N    HTML: one attribute value of N bytes
#   bigtext N    HTML: N bytes of words in paragraphs of about 1 MB
#   deep N       HTML: N nested <div>s
#   xdeep N      XML (NITF): N nested elements
#   siblings N   HTML: N sibling paragraphs
#   line N       plain text: one line of N bytes of words
#   word N       plain text: one word of N bytes
#   refs N       NITF: N references to one short internal entity
#   chars N      NITF: N character references (&#233;)
#   tagline N    HTML: N tags on one line, no text between them
#   comments N   HTML: N comments in one paragraph
#   ratio N      plain text of N bytes, all spaces but a headline and a few
#                words (gzip it for a high decompression ratio)
set -eu

if [ $# -ne 2 ]; then
    echo "usage: make-huge.sh CASE N" >&2
    exit 2
fi
case=$1
n=$2

# words N: about N bytes of "word " repeated, in lines of 80 bytes.
words() {
    awk -v n="$1" 'BEGIN {
        line = ""; for (i = 0; i < 16; i++) line = line "word ";
        for (done = 0; done + 80 <= n; done += 80) printf "%s", line;
        for (; done < n; done++) printf "x";
    }'
}

case $case in
attrs)
    printf '<html><head><title>Attributes</title></head><body><p'
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf " a%d=\"v\"", i }'
    printf '>Many attributes on one paragraph.</p></body></html>\n'
    ;;
wide)
    printf '<html><head><title>Wide</title></head><body>\n'
    awk -v n="$n" 'BEGIN {
        s = ""; for (i = 0; i < 100; i++) s = s sprintf(" a%d=\"v\"", i);
        for (i = 0; i < n; i++) printf "<p%s>Words.</p>\n", s
    }'
    printf '</body></html>\n'
    ;;
xattrs)
    printf '<?xml version="1.0"?>\n<nitf><head><title>Attributes</title></head><body><body.content><p'
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf " a%d=\"v\"", i }'
    printf '>Many attributes on one paragraph.</p></body.content></body></nitf>\n'
    ;;
items)
    printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Many items</title>\n'
    awk -v n="$n" 'BEGIN {
        for (i = 1; i <= n; i++)
            printf "<item><title>Item %d</title><guid>%d</guid></item>\n", i, i
    }'
    printf '</channel></rss>\n'
    ;;
entries)
    printf '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Many entries</title>\n'
    awk -v n="$n" 'BEGIN {
        for (i = 1; i <= n; i++)
            printf "<entry><id>urn:e:%d</id><title>Entry %d</title><summary>Words of entry %d.</summary></entry>\n", i, i, i
    }'
    printf '</feed>\n'
    ;;
bigitem)
    printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Big item</title>\n'
    printf '<item><title>One big item</title><guid>urn:big</guid><description>'
    words "$n"
    printf '</description></item></channel></rss>\n'
    ;;
bigattr)
    printf '<html><head><title>Big attribute</title></head><body><p title="'
    words "$n"
    printf '">A paragraph with a big attribute.</p></body></html>\n'
    ;;
bigtext)
    printf '<html><head><title>Big text</title></head><body>\n'
    awk -v n="$n" 'BEGIN {
        line = ""; for (i = 0; i < 16; i++) line = line "word ";
        for (done = 0; done + 80 <= n; done += 80) {
            if (done % 1048560 == 0) printf "<p>";
            printf "%s", line
        }
    }'
    printf '</body></html>\n'
    ;;
deep)
    printf '<html><head><title>Deep</title></head><body>'
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "<div>"; printf "deep"; for (i = 0; i < n; i++) printf "</div>" }'
    printf '</body></html>\n'
    ;;
xdeep)
    printf '<?xml version="1.0"?>\n<nitf><head><title>Deep</title></head><body><body.content>'
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "<block>"; printf "deep"; for (i = 0; i < n; i++) printf "</block>" }'
    printf '</body.content></body></nitf>\n'
    ;;
siblings)
    printf '<html><head><title>Siblings</title></head><body>\n'
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "<p>Paragraph %d.</p>\n", i }'
    printf '</body></html>\n'
    ;;
line)
    printf 'Headline\n\n'
    awk -v n="$n" 'BEGIN { s = ""; for (i = 0; i < 200; i++) s = s "word "; for (d = 0; d + 1000 <= n; d += 1000) printf "%s", s; printf "\n" }'
    ;;
word)
    printf 'Headline\n\n'
    awk -v n="$n" 'BEGIN { s = ""; for (i = 0; i < 1000; i++) s = s "x"; for (d = 0; d + 1000 <= n; d += 1000) printf "%s", s; printf "\n" }'
    ;;
refs)
    printf '<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY w "lol">]>\n'
    printf '<nitf><head><title>References</title></head><body><body.content><p>Text. '
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "&w; " }'
    printf '</p></body.content></body></nitf>\n'
    ;;
chars)
    printf '<?xml version="1.0"?>\n<nitf><head><title>Characters</title></head><body><body.content><p>Text. '
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "caf&#233; " }'
    printf '</p></body.content></body></nitf>\n'
    ;;
tagline)
    printf '<html><head><title>Tags</title></head><body><p>Words. '
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "<b></b>" }'
    printf '</p></body></html>\n'
    ;;
comments)
    printf '<html><head><title>Comments</title></head><body><p>Words. '
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "<!--c-->" }'
    printf '</p></body></html>\n'
    ;;
comments)
    printf '<html><head><title>Comments</title></head><body><p>Words. '
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "<!--c-->" }'
    printf '</p></body></html>\n'
    ;;
ratio)
    printf 'Headline of a padded file\n\nA few words, then blanks.\n'
    awk -v n="$n" 'BEGIN { s = ""; for (i = 0; i < 1023; i++) s = s " "; s = s "\n"; for (d = 0; d + 1024 <= n; d += 1024) printf "%s", s }'
    ;;
*)
    echo "make-huge.sh: unknown case: $case" >&2
    exit 2
    ;;
esac
