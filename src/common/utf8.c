/* utf8.c - validation and repair. Input from the wild is not trusted to be
 * UTF-8: every invalid sequence becomes U+FFFD and is counted. */
#include "internal.h"

#include <string.h>

/* Bytes 0x80.. of a lead byte: how long the sequence is (0 = invalid). */
static int seq_len(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return 2;
    if (c < 0xF0) return 3;
    if (c < 0xF5) return 4;
    return 0;
}

/* Length of the valid sequence at s (1..4), or 0 if invalid. Rejects
 * overlongs, surrogates and code points past U+10FFFF. */
static size_t valid_seq(const unsigned char *s, size_t len)
{
    int n = seq_len(s[0]);
    if (n == 0 || (size_t)n > len)
        return 0;
    switch (n) {
    case 1:
        return 1;
    case 2:
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    case 3:
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (s[0] == 0xE0 && s[1] < 0xA0)
            return 0;  /* overlong */
        if (s[0] == 0xED && s[1] >= 0xA0)
            return 0;  /* surrogate */
        return 3;
    default:
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        if (s[0] == 0xF0 && s[1] < 0x90)
            return 0;
        if (s[0] == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
}

static size_t ascii_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
    /* Eight bytes at a time: most news text is ASCII. */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

size_t hr_utf8_valid_prefix(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        i += ascii_run(s + i, len - i);
        if (i >= len)
            break;
        size_t n = valid_seq(s + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

size_t hr_utf8_sanitize(char *dst, const char *src, size_t len, uint64_t *bad)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, o = 0;
    while (i < len) {
        size_t run = hr_utf8_valid_prefix((const char *)s + i, len - i);
        memcpy(dst + o, s + i, run);
        o += run;
        i += run;
        if (i >= len)
            break;
        /* One replacement per maximal invalid subpart: skip the lead byte
         * and any continuation bytes that follow it. */
        i++;
        while (i < len && (s[i] & 0xC0) == 0x80)
            i++;
        memcpy(dst + o, "\xEF\xBF\xBD", 3);
        o += 3;
        if (bad)
            (*bad)++;
    }
    dst[o] = '\0';
    return o;
}

size_t hr_utf8_source_offset(const char *src, size_t len, size_t pos)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, o = 0;   /* the same walk as hr_utf8_sanitize */
    while (i < len) {
        size_t run = hr_utf8_valid_prefix((const char *)s + i, len - i);
        if (pos < o + run)
            return i + (pos - o);
        o += run;
        i += run;
        if (i >= len)
            break;
        size_t from = i++;
        while (i < len && (s[i] & 0xC0) == 0x80)
            i++;
        if (pos < o + 3)
            return from;   /* inside the replacement character */
        o += 3;
    }
    return len;
}

int32_t hr_utf8_decode(const char *str, size_t len, size_t *adv)
{
    const unsigned char *s = (const unsigned char *)str;
    if (!len) {
        *adv = 0;
        return -1;
    }
    size_t n = valid_seq(s, len);
    if (!n) {
        *adv = 1;
        return -1;
    }
    *adv = n;
    switch (n) {
    case 1: return s[0];
    case 2: return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    default:
        return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) |
               ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
}
