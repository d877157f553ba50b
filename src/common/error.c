/* error.c - status names and the error object every call fills. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *hr_status_name(hr_status s)
{
    switch (s) {
    case HR_OK: return "ok";
    case HR_END: return "end";
    case HR_ERR_IO: return "I/O error";
    case HR_ERR_NOMEM: return "out of memory";
    case HR_ERR_FORMAT: return "malformed input";
    case HR_ERR_TOO_BIG: return "too big";
    case HR_ERR_TRUNCATED: return "truncated";
    case HR_ERR_CORRUPT: return "corrupt compressed data";
    case HR_ERR_UNSUPPORTED: return "unsupported input";
    case HR_ERR_ARG: return "bad argument";
    }
    return "unknown status";
}

hr_status hr_error_set(hr_error *err, hr_status code, const char *file,
                       const char *unit, uint64_t record, uint64_t offset,
                       const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->unit = unit;
    err->record = record;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *hr_error_format(const hr_error *err, char *buf, size_t size)
{
    size_t n = 0;
    if (!size)
        return buf;
    buf[0] = '\0';
#define PUT(...)                                                     \
    do {                                                             \
        int w_ = snprintf(buf + n, size - n, __VA_ARGS__);           \
        if (w_ > 0)                                                  \
            n = HR_MIN(size - 1, n + (size_t)w_);                    \
    } while (0)
    PUT("%s", err->file[0] ? err->file : "(input)");
    if (err->record && err->unit)
        PUT(": %s %llu", err->unit, (unsigned long long)err->record);
    if (err->offset != UINT64_MAX)
        PUT("%s byte %llu", err->record && err->unit ? "," : ":",
            (unsigned long long)err->offset);
    PUT(": %s", err->msg[0] ? err->msg : hr_status_name(err->code));
#undef PUT
    return buf;
}
