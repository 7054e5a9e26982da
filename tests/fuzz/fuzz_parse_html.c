/* fuzz_parse_html.c - nx_parse_file() (indexer/parse/parse.h) on inputs the
 * sniffer gives to one parser family: HTML (indexer/parse/html.c): og:title,
 * h1, title, meta and JSON-LD dates, publishers, the article text. Others
 * are rejected (see fuzz_parse.h). Input: the file's bytes; the file is
 * named "a.html". */
#include "fuzz_parse.h"

FUZZ_PARSE_FAMILY("a.html", NX_FMT_HTML, NX_FMT_HTML)
