/* fuzz_parse_nitf.c - nx_parse_file() (indexer/parse/parse.h) on inputs the
 * sniffer gives to one parser family: NITF and other XML
 * (indexer/parse/xml.c and xmlsafe.c): hedline, date.issue, copyright,
 * body.content; any other root's text. Others are rejected (see
 * fuzz_parse.h). Input: the file's bytes; the file is named "a.xml". */
#include "fuzz_parse.h"

FUZZ_PARSE_FAMILY("a.xml", NX_FMT_NITF, NX_FMT_XML)
