/* fuzz_parse.c - the whole parsing entry point, nx_parse_file()
 * (indexer/parse/parse.h): screening (empty, binary, NUL bytes), UTF-16
 * and BOM decoding, the sniffer and every parser, on any bytes.
 *
 * Input: one byte that picks the file's name (its extension breaks the
 * sniffer's ties: markup that could be an HTML fragment or XML), then the
 * file's bytes. */
#include "fuzz_parse.h"

static const char *const names[] = {
    "a.txt",     "a.html",     "a.htm",  "a.xhtml", "a.xml",  "a.nitf",
    "a.rss",     "a.atom",     "a.rdf",  "a.txt.gz", "a.html.gz", "a",
    "dir/a.php", "2021/04/08/a.xml.gz", "a.TXT", "a.json",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_parse_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = names[data[0] % (sizeof names / sizeof names[0])];
    fuzz_parse_run(name, data + 1, size - 1);
    return 0;
}
