/* fuzz_gzip.c - the file reader, nx_read_file() (indexer/ingest/ingest.h):
 * plain bytes copied, gzip (any number of members, trailing garbage)
 * inflated in chunks under a size limit.
 *
 * Input: the file's bytes, as they are on disk (a .gz stays compressed).
 * The file is an in-memory one (memfd_create), read through its
 * /proc/self/fd path, so nothing is written to disk. Each input is read
 * with a 1 MiB limit; when that succeeds with L bytes, it is read again
 * with the limit L (the same bytes must come back, unless the file itself
 * is more than 64 bytes over L, which the reader refuses from its size)
 * and L - 1 ("file too large"), which checks the limit's edge. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "ingest/ingest.h"

#define LIMIT (1u << 20)

static int memfd = -1;
static char path[64];

static void close_memfd(void)
{
    if (memfd >= 0)
        close(memfd);
    memfd = -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    memfd = memfd_create("nx-fuzz-gzip", MFD_CLOEXEC);
    FUZZ_REQUIRE(memfd >= 0, "memfd_create: %s", strerror(errno));
    snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
    atexit(close_memfd);
    return 0;
}

static void put(const uint8_t *data, size_t size)
{
    FUZZ_REQUIRE(ftruncate(memfd, 0) == 0, "ftruncate: %s", strerror(errno));
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(memfd, data + done, size - done, (off_t)done);
        FUZZ_REQUIRE(w > 0, "pwrite: %s", strerror(errno));
        done += (size_t)w;
    }
}

/* Read the file with limit; check what every call promises. */
static nx_status_t read_it(size_t limit, char **out, size_t *len)
{
    nx_error_t err;
    nx_status_t st = nx_read_file(path, limit, out, len, &err);
    if (st == NX_OK) {
        FUZZ_CHECK(*out != NULL);
        FUZZ_CHECK(*len <= limit);
        FUZZ_CHECK((*out)[*len] == '\0');
    } else {
        FUZZ_CHECK(*out == NULL && *len == 0);
        FUZZ_CHECK(st == NX_E_PARSE); /* never NX_E_IO: the file is there */
        FUZZ_CHECK(err.code == st && err.msg[0] != '\0');
    }
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    put(data, size);
    char *out;
    size_t len;
    int gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    nx_status_t st = read_it(LIMIT, &out, &len);
    if (!gz) {
        /* Plain bytes come back as they are, whatever the name. */
        FUZZ_CHECK(st == (size <= LIMIT ? NX_OK : NX_E_PARSE));
        if (st == NX_OK)
            FUZZ_CHECK(len == size && (size == 0 || memcmp(out, data, size) == 0));
    }
    if (st != NX_OK)
        return 0;
    if (len > 0) {
        char *again;
        size_t len2;
        nx_status_t st2 = read_it(len, &again, &len2);
        if (size <= len + 64) {
            FUZZ_CHECK(st2 == NX_OK);
            FUZZ_CHECK(len2 == len && memcmp(again, out, len) == 0);
        }
        free(again);
        if (len > 1) {
            FUZZ_CHECK(read_it(len - 1, &again, &len2) == NX_E_PARSE);
            free(again);
        }
    }
    free(out);
    return 0;
}
