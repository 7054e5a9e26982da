/* fuzz_parse_text.c - nx_parse_file() (indexer/parse/parse.h) on inputs the
 * sniffer gives to one parser family: plain text (indexer/parse/text.c):
 * headline, standfirst, date line, SOURCE: line, dateline, byline,
 * Latin-1/cp1252. Others are rejected (see fuzz_parse.h). Input: the file's
 * bytes; the file is named "a.txt". */
#include "fuzz_parse.h"

FUZZ_PARSE_FAMILY("a.txt", NX_FMT_TEXT, NX_FMT_TEXT)
