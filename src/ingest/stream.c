/* stream.c - bytes from a file, standard input or memory, with gzip and
 * zstd undone on the fly. Compression is told by the magic bytes, not the
 * name. A corrupt member is reported once and reading resumes at the next
 * member, so one bad record in a .warc.gz costs that record only. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define RAW_CHUNK ((size_t)256 << 10)

struct hr_stream {
    char name[1024];
    int fd;                    /* -1 for memory */
    bool own_fd;
    const unsigned char *in;   /* compressed (or raw) bytes not yet used */
    unsigned char *inbuf;      /* owned buffer behind `in` for files */
    size_t in_len, in_pos;
    bool raw_eof;
    uint64_t raw_base;         /* raw offset of in[0] */
    hr_zkind z;
    z_stream zs;
    bool zs_init;
    ZSTD_DStream *zd;
    bool in_member;            /* inside a gzip member / zstd frame */
    bool done;
};

/* Makes more raw bytes available; keeps the unused tail. */
static hr_status refill(hr_stream *s, hr_error *err)
{
    if (s->raw_eof)
        return HR_OK;
    if (s->fd < 0) {
        s->raw_eof = true;
        return HR_OK;
    }
    size_t keep = s->in_len - s->in_pos;
    if (keep && s->in_pos)
        memmove(s->inbuf, s->inbuf + s->in_pos, keep);
    s->raw_base += s->in_pos;
    s->in_pos = 0;
    s->in_len = keep;
    while (s->in_len < RAW_CHUNK) {
        ssize_t r = read(s->fd, s->inbuf + s->in_len, RAW_CHUNK - s->in_len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            s->raw_eof = true;
            return hr_error_set(err, HR_ERR_IO, s->name, NULL, 0,
                                s->raw_base + s->in_len, "read failed: %s",
                                strerror(errno));
        }
        if (r == 0) {
            s->raw_eof = true;
            break;
        }
        s->in_len += (size_t)r;
        if (s->fd == STDIN_FILENO)
            break;   /* a pipe: take what came */
    }
    s->in = s->inbuf;
    return HR_OK;
}

static hr_stream *stream_new(const char *name)
{
    hr_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->fd = -1;
    return s;
}

static bool setup_decoder(hr_stream *s, hr_error *err)
{
    /* Peek at the first bytes: enough for both magics. */
    while (s->in_len - s->in_pos < 4 && !s->raw_eof)
        if (refill(s, err) != HR_OK)
            return false;
    const unsigned char *p = s->in + s->in_pos;
    size_t have = s->in_len - s->in_pos;
    if (have >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
        s->z = HR_Z_GZIP;
        if (inflateInit2(&s->zs, 16 + MAX_WBITS) != Z_OK) {
            hr_error_set(err, HR_ERR_NOMEM, s->name, NULL, 0, UINT64_MAX,
                         "cannot start gzip decoder");
            return false;
        }
        s->zs_init = true;
    } else if (have >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f &&
               p[3] == 0xfd) {
        s->z = HR_Z_ZSTD;
        s->zd = ZSTD_createDStream();
        if (!s->zd) {
            hr_error_set(err, HR_ERR_NOMEM, s->name, NULL, 0, UINT64_MAX,
                         "cannot start zstd decoder");
            return false;
        }
        ZSTD_initDStream(s->zd);
    }
    return true;
}

hr_stream *hr_stream_open_file(const char *path, hr_error *err)
{
    hr_stream *s = stream_new(strcmp(path, "-") == 0 ? "(stdin)" : path);
    if (!s) {
        hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        s->fd = STDIN_FILENO;
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX,
                         "cannot open: %s", strerror(errno));
            free(s);
            return NULL;
        }
        s->own_fd = true;
        struct stat st;
        if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX,
                         "is a directory");
            hr_stream_close(s);
            return NULL;
        }
    }
    /* A plain regular file is read straight into the caller's buffer:
     * peek at its magic bytes without buffering, and allocate the raw
     * buffer only for compressed data or a pipe. */
    unsigned char magic[4];
    ssize_t got = s->fd != STDIN_FILENO ? pread(s->fd, magic, sizeof magic, 0) : -1;
    bool plain = got >= 0 && !(got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) &&
                 !(got >= 4 && memcmp(magic, "\x28\xb5\x2f\xfd", 4) == 0);
    if (plain)
        return s;
    s->inbuf = malloc(RAW_CHUNK);
    if (!s->inbuf) {
        hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
        hr_stream_close(s);
        return NULL;
    }
    s->in = s->inbuf;
    if (!setup_decoder(s, err)) {
        hr_stream_close(s);
        return NULL;
    }
    return s;
}

hr_stream *hr_stream_open_mem(const char *name, const void *data, size_t len,
                              hr_error *err)
{
    hr_stream *s = stream_new(name);
    if (!s) {
        hr_error_set(err, HR_ERR_NOMEM, name, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    s->in = data;
    s->in_len = len;
    s->raw_eof = true;
    if (!setup_decoder(s, err)) {
        hr_stream_close(s);
        return NULL;
    }
    return s;
}

/* After corrupt data: drop bytes up to the next member's magic. */
static void resync(hr_stream *s, hr_error *err)
{
    const unsigned char *magic = s->z == HR_Z_GZIP
        ? (const unsigned char *)"\x1f\x8b\x08" : (const unsigned char *)"\x28\xb5\x2f\xfd";
    size_t mlen = s->z == HR_Z_GZIP ? 3 : 4;
    for (;;) {
        const unsigned char *p = s->in + s->in_pos;
        size_t have = s->in_len - s->in_pos;
        for (size_t i = 0; i + mlen <= have; i++) {
            if (memcmp(p + i, magic, mlen) == 0) {
                s->in_pos += i;
                return;
            }
        }
        /* Keep a possible partial magic at the end. */
        if (have >= mlen)
            s->in_pos += have - (mlen - 1);
        if (s->raw_eof) {
            s->in_pos = s->in_len;
            return;
        }
        if (refill(s, err) != HR_OK)
            return;
    }
}

static ptrdiff_t read_plain(hr_stream *s, void *buf, size_t n, hr_error *err)
{
    size_t have = s->in_len - s->in_pos;
    if (have) {
        size_t k = HR_MIN(have, n);
        memcpy(buf, s->in + s->in_pos, k);
        s->in_pos += k;
        return (ptrdiff_t)k;
    }
    if (s->fd < 0 || s->raw_eof)
        return 0;
    /* Large reads go straight into the caller's buffer. */
    for (;;) {
        ssize_t r = read(s->fd, buf, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            s->raw_eof = true;
            hr_error_set(err, HR_ERR_IO, s->name, NULL, 0, s->raw_base,
                         "read failed: %s", strerror(errno));
            return -1;
        }
        if (r == 0)
            s->raw_eof = true;
        s->raw_base += (size_t)r;
        return r;
    }
}

static ptrdiff_t read_gzip(hr_stream *s, void *buf, size_t n, hr_error *err)
{
    for (;;) {
        if (s->in_pos == s->in_len) {
            if (s->raw_eof) {
                s->done = true;
                if (s->in_member) {
                    s->in_member = false;
                    hr_error_set(err, HR_ERR_TRUNCATED, s->name, NULL, 0,
                                 s->raw_base + s->in_pos,
                                 "gzip data ends inside a member (truncated file?)");
                    return -1;
                }
                return 0;
            }
            if (refill(s, err) != HR_OK)
                return -1;
            continue;
        }
        if (!s->in_member) {
            /* Between members: padding of zero bytes is tolerated, other
             * bytes that are not a gzip header are reported once. */
            while (s->in_pos < s->in_len && s->in[s->in_pos] == 0)
                s->in_pos++;
            if (s->in_pos == s->in_len)
                continue;
            if (s->in_len - s->in_pos < 2 && !s->raw_eof) {
                if (refill(s, err) != HR_OK)
                    return -1;
                continue;
            }
            if (s->in_len - s->in_pos < 2 || s->in[s->in_pos] != 0x1f ||
                s->in[s->in_pos + 1] != 0x8b) {
                uint64_t at = s->raw_base + s->in_pos;
                s->in_pos++;
                hr_error later;
                resync(s, &later);
                hr_error_set(err, HR_ERR_CORRUPT, s->name, NULL, 0, at,
                             "bytes after a gzip member are not gzip (skipped to the next member)");
                return -1;
            }
            s->in_member = true;
        }
        s->zs.next_in = (Bytef *)(s->in + s->in_pos);
        s->zs.avail_in = (uInt)HR_MIN(s->in_len - s->in_pos, (size_t)UINT32_MAX);
        s->zs.next_out = buf;
        s->zs.avail_out = (uInt)HR_MIN(n, (size_t)UINT32_MAX);
        int ret = inflate(&s->zs, Z_NO_FLUSH);
        size_t used = (size_t)(s->zs.next_in - (s->in + s->in_pos));
        uint64_t at = s->raw_base + s->in_pos;
        s->in_pos += used;
        size_t produced = HR_MIN(n, (size_t)UINT32_MAX) - s->zs.avail_out;
        if (ret == Z_STREAM_END) {
            inflateReset(&s->zs);
            s->in_member = false;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            hr_error_set(err, HR_ERR_CORRUPT, s->name, NULL, 0, at,
                         "corrupt gzip data (%s); skipped to the next member",
                         s->zs.msg ? s->zs.msg : "inflate failed");
            inflateReset(&s->zs);
            s->in_member = false;
            hr_error later;   /* a read error while resyncing is the lesser news */
            resync(s, &later);
            return -1;
        }
        if (produced)
            return (ptrdiff_t)produced;
    }
}

static ptrdiff_t read_zstd(hr_stream *s, void *buf, size_t n, hr_error *err)
{
    for (;;) {
        if (s->in_pos == s->in_len) {
            if (s->raw_eof) {
                s->done = true;
                if (s->in_member) {
                    s->in_member = false;
                    hr_error_set(err, HR_ERR_TRUNCATED, s->name, NULL, 0,
                                 s->raw_base + s->in_pos,
                                 "zstd data ends inside a frame (truncated file?)");
                    return -1;
                }
                return 0;
            }
            if (refill(s, err) != HR_OK)
                return -1;
            continue;
        }
        ZSTD_inBuffer in = {s->in + s->in_pos, s->in_len - s->in_pos, 0};
        ZSTD_outBuffer out = {buf, n, 0};
        uint64_t at = s->raw_base + s->in_pos;
        size_t ret = ZSTD_decompressStream(s->zd, &out, &in);
        s->in_pos += in.pos;
        if (ZSTD_isError(ret)) {
            hr_error_set(err, HR_ERR_CORRUPT, s->name, NULL, 0, at,
                         "corrupt zstd data (%s); skipped to the next frame",
                         ZSTD_getErrorName(ret));
            ZSTD_initDStream(s->zd);
            s->in_member = false;
            /* zstd does not move past the bad byte: step over it, or the
             * resync would find this same frame again, forever. */
            if (s->in_pos < s->in_len)
                s->in_pos++;
            hr_error later;
            resync(s, &later);
            return -1;
        }
        s->in_member = ret != 0;
        if (out.pos)
            return (ptrdiff_t)out.pos;
    }
}

ptrdiff_t hr_stream_read(hr_stream *s, void *buf, size_t n, hr_error *err)
{
    if (n == 0)
        return 0;
    switch (s->z) {
    case HR_Z_GZIP: return s->done ? 0 : read_gzip(s, buf, n, err);
    case HR_Z_ZSTD: return s->done ? 0 : read_zstd(s, buf, n, err);
    default: return read_plain(s, buf, n, err);
    }
}

const char *hr_stream_name(const hr_stream *s) { return s->name; }
hr_zkind hr_stream_zkind(const hr_stream *s) { return s->z; }
uint64_t hr_stream_raw_bytes(const hr_stream *s) { return s->raw_base + s->in_pos; }

void hr_stream_close(hr_stream *s)
{
    if (!s)
        return;
    if (s->zs_init)
        inflateEnd(&s->zs);
    if (s->zd)
        ZSTD_freeDStream(s->zd);
    if (s->own_fd && s->fd >= 0)
        close(s->fd);
    free(s->inbuf);
    free(s);
}

hr_status hr_read_file(const char *path, hr_buf *out, hr_error *err)
{
    hr_stream *s = hr_stream_open_file(path, err);
    if (!s)
        return err ? err->code : HR_ERR_IO;
    char tmp[65536];
    ptrdiff_t r;
    while ((r = hr_stream_read(s, tmp, sizeof tmp, err)) > 0)
        if (!hr_buf_append(out, tmp, (size_t)r)) {
            hr_stream_close(s);
            return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
        }
    hr_stream_close(s);
    return r < 0 ? (err ? err->code : HR_ERR_IO) : HR_OK;
}
