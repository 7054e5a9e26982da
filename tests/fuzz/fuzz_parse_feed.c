/* fuzz_parse_feed.c - nx_parse_file() (indexer/parse/parse.h) on inputs the
 * sniffer gives to one parser family: RSS 2.0, RSS 1.0 and Atom
 * (indexer/parse/xml.c): one article per item or entry. Others are rejected
 * (see fuzz_parse.h). Input: the file's bytes; the file is named "a.rss". */
#include "fuzz_parse.h"

FUZZ_PARSE_FAMILY("a.rss", NX_FMT_RSS, NX_FMT_ATOM)
