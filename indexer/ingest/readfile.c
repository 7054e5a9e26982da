/* readfile.c - reading an article file, plain or gzipped.
 *
 * Gzip is recognised by its magic bytes (1f 8b), never by the name: a file
 * called ".gz" that does not start with the magic is read as it is (as
 * `zcat -f` would), and a gzipped file with any other name is inflated.
 * The file is streamed through zlib in chunks, and the size limit is
 * checked on the inflated output as it grows, so a small "gzip bomb"
 * can never make us hold more than the limit. */
#include "ingest/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (64u * 1024u)

typedef struct {
    char *data;
    size_t len, cap, limit;
    unsigned ratio;   /* inflated bytes per compressed byte allowed, 0: any */
    size_t in_total;  /* compressed bytes read so far */
} outbuf_t;

/* Past this much output, a gzip stream may expand at most ratio times the
 * compressed bytes read so far: a small file of a few KB still inflates
 * to its MiB (text compresses 3 to 10 times; a page of one repeated line
 * a few hundred), a bomb of 1,000 to 1 is stopped at its first MiB. */
#define RATIO_FLOOR (1u << 20)

/* Make room for at least `want` more bytes (plus the final NUL) without
 * passing limit; returns 0 on success, 1 when over limit, -1 on ENOMEM. */
static int reserve(outbuf_t *o, size_t want)
{
    if (o->len + want > o->limit)
        return 1;
    if (o->len + want + 1 <= o->cap)
        return 0;
    size_t cap = o->cap ? o->cap : CHUNK;
    while (cap < o->len + want + 1)
        cap *= 2;
    if (cap > o->limit + 1)
        cap = o->limit + 1;
    char *p = realloc(o->data, cap);
    if (!p)
        return -1;
    o->data = p;
    o->cap = cap;
    return 0;
}

static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static nx_status_t fail(outbuf_t *o, int fd, nx_status_t code, nx_error_t *err, const char *msg,
                        const char *path)
{
    free(o->data);
    o->data = NULL;
    if (fd >= 0)
        close(fd);
    if (code == NX_E_IO)
        return nx_error_set(err, code, "%s: %s", path, msg);
    if (strcmp(msg, "file too large") == 0)
        return nx_error_set(err, code, "file too large: more than %zu bytes (--max-file-bytes)",
                            o->limit);
    if (strcmp(msg, "ratio") == 0)
        return nx_error_set(err, code,
                            "gzip stream expands more than %u times (--max-ratio)", o->ratio);
    return nx_error_set(err, code, "%s", msg);
}

/* Inflate the rest of the file. `in` holds the first `have` bytes already
 * read. Concatenated members are inflated one after another; bytes after
 * the last member that are not another gzip header are ignored, as gzip(1)
 * does ("trailing garbage ignored"). */
static nx_status_t inflate_fd(int fd, unsigned char *in, size_t have, outbuf_t *o, nx_error_t *err,
                              const char *path)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 15 + 32) != Z_OK)
        return fail(o, fd, NX_E_NOMEM, err, "out of memory", path);
    int eof = 0, ended = 0;
    zs.next_in = in;
    zs.avail_in = (uInt)have;
    for (;;) {
        if (zs.avail_in == 0 && !eof) {
            ssize_t r = read_full(fd, in, CHUNK);
            if (r < 0) {
                inflateEnd(&zs);
                return fail(o, fd, NX_E_IO, err, strerror(errno), path);
            }
            if ((size_t)r < CHUNK)
                eof = 1;
            zs.next_in = in;
            zs.avail_in = (uInt)r;
            o->in_total += (size_t)r;
        }
        if (zs.avail_in == 0 && eof) {
            inflateEnd(&zs);
            if (!ended)
                return fail(o, fd, NX_E_PARSE, err, "truncated gzip stream", path);
            break;
        }
        if (ended) {
            /* Another member follows only if it starts with the magic. */
            if (zs.avail_in >= 2 && (zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b)) {
                inflateEnd(&zs);
                break;
            }
            if (zs.avail_in == 1 && zs.next_in[0] != 0x1f) {
                inflateEnd(&zs);
                break;
            }
            inflateReset(&zs);
            ended = 0;
        }
        size_t room = 0;
        if (o->len < o->limit) {
            size_t want = o->limit - o->len < CHUNK ? o->limit - o->len : CHUNK;
            int rr = reserve(o, want);
            if (rr != 0) {
                inflateEnd(&zs);
                return fail(o, fd, rr < 0 ? NX_E_NOMEM : NX_E_PARSE, err,
                            rr < 0 ? "out of memory" : "file too large", path);
            }
            room = o->cap - 1 - o->len;
            if (room > o->limit - o->len)
                room = o->limit - o->len;
        }
        if (room == 0) {
            /* At the limit: accept only if the member ends with no more
             * output (its trailer may still be unread). */
            unsigned char probe;
            zs.next_out = &probe;
            zs.avail_out = 1;
            int z = inflate(&zs, Z_NO_FLUSH);
            if (zs.avail_out == 0) {
                inflateEnd(&zs);
                return fail(o, fd, NX_E_PARSE, err, "file too large", path);
            }
            if (z == Z_STREAM_END)
                ended = 1;
            else if (z != Z_OK && z != Z_BUF_ERROR) {
                inflateEnd(&zs);
                return fail(o, fd, NX_E_PARSE, err, "corrupt gzip stream", path);
            }
            continue;
        }
        zs.next_out = (unsigned char *)o->data + o->len;
        zs.avail_out = (uInt)room;
        int z = inflate(&zs, Z_NO_FLUSH);
        o->len += room - zs.avail_out;
        /* Compressed bytes consumed: read so far less those not used yet. */
        if (o->ratio && o->len > RATIO_FLOOR &&
            (o->len - RATIO_FLOOR) / o->ratio > o->in_total - zs.avail_in) {
            inflateEnd(&zs);
            return fail(o, fd, NX_E_PARSE, err, "ratio", path);
        }
        if (z == Z_STREAM_END) {
            ended = 1;
        } else if (z == Z_MEM_ERROR) {
            inflateEnd(&zs);
            return fail(o, fd, NX_E_NOMEM, err, "out of memory", path);
        } else if (z != Z_OK && z != Z_BUF_ERROR) {
            inflateEnd(&zs);
            return fail(o, fd, NX_E_PARSE, err, "corrupt gzip stream", path);
        }
    }
    close(fd);
    return NX_OK;
}

nx_status_t nx_read_file(const char *path, size_t limit, char **data, size_t *len, nx_error_t *err)
{
    return nx_read_file_bounded(path, limit, 0, data, len, err);
}

nx_status_t nx_read_file_bounded(const char *path, size_t limit, unsigned max_ratio, char **data,
                                 size_t *len, nx_error_t *err)
{
    *data = NULL;
    *len = 0;
    if (limit == 0)
        limit = NX_MAX_FILE_BYTES;
    outbuf_t o = {NULL, 0, 0, limit, max_ratio, 0};
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nx_error_set(err, NX_E_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return fail(&o, fd, NX_E_IO, err, "is a directory", path);
        /* A compressed file is smaller than its content (bar a few header
         * bytes), so a file already over the limit on disk is refused. */
        if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > (unsigned long long)limit + 64)
            return fail(&o, fd, NX_E_PARSE, err, "file too large", path);
    }
    unsigned char *in = malloc(CHUNK);
    if (!in)
        return fail(&o, fd, NX_E_NOMEM, err, "out of memory", path);
    ssize_t r = read_full(fd, in, CHUNK);
    if (r < 0) {
        int e = errno;
        free(in);
        return fail(&o, fd, NX_E_IO, err, strerror(e), path);
    }
    nx_status_t st_code;
    if (r >= 2 && in[0] == 0x1f && in[1] == 0x8b) {
        o.in_total = (size_t)r;
        st_code = inflate_fd(fd, in, (size_t)r, &o, err, path);
        free(in);
        if (st_code != NX_OK)
            return st_code;
    } else {
        /* Plain: copy what we have, then read on in chunks. */
        size_t have = (size_t)r;
        for (;;) {
            if (have > 0) {
                int rr = reserve(&o, have);
                if (rr != 0) {
                    free(in);
                    if (rr < 0)
                        return fail(&o, fd, NX_E_NOMEM, err, "out of memory", path);
                    return fail(&o, fd, NX_E_PARSE, err, "file too large", path);
                }
                memcpy(o.data + o.len, in, have);
                o.len += have;
            }
            if (have < CHUNK)
                break;
            r = read_full(fd, in, CHUNK);
            if (r < 0) {
                int e = errno;
                free(in);
                return fail(&o, fd, NX_E_IO, err, strerror(e), path);
            }
            have = (size_t)r;
        }
        free(in);
        close(fd);
    }
    if (!o.data) {
        o.data = malloc(1);
        if (!o.data)
            return nx_error_set(err, NX_E_NOMEM, "out of memory");
    }
    o.data[o.len] = '\0';
    *data = o.data;
    *len = o.len;
    return NX_OK;
}
