/* detect.c - what an input is, from its name and its first bytes. The
 * content decides where it is unambiguous (a WARC version line, binary
 * junk); otherwise the name; otherwise the content again. */
#include "internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

static hr_format from_name(const char *name)
{
    size_t n = strlen(name);
    if (ends_with(name, n, ".gz"))
        n -= 3;
    else if (ends_with(name, n, ".zst"))
        n -= 4;
    else if (ends_with(name, n, ".zstd"))
        n -= 5;
    if (ends_with(name, n, ".warc") || ends_with(name, n, ".arc"))
        return HR_FMT_WARC;
    if (ends_with(name, n, ".jsonl") || ends_with(name, n, ".ndjson") ||
        ends_with(name, n, ".json"))
        return HR_FMT_JSONL;
    if (ends_with(name, n, ".html") || ends_with(name, n, ".htm") ||
        ends_with(name, n, ".xhtml"))
        return HR_FMT_HTML;
    if (ends_with(name, n, ".txt") || ends_with(name, n, ".text"))
        return HR_FMT_TEXT;
    return HR_FMT_UNKNOWN;
}

/* Junk: NUL bytes or many control characters. Invalid UTF-8 alone is not
 * junk (Latin-1 text is still text; its bytes get replaced). */
static bool looks_binary(const unsigned char *s, size_t len)
{
    /* The first KiB tells: junk shows itself early. */
    len = HR_MIN(len, (size_t)1024);
    if (memchr(s, 0, len))
        return true;
    size_t ctl = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        ctl += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
    }
    return ctl * 100 > len;   /* more than 1% control characters */
}

static bool starts_html(const char *p, size_t n)
{
    static const char *const tags[] = {"<!doctype html", "<html", "<head",
                                       "<body", "<meta", "<!--", "<title",
                                       "<div", "<p>", "<p ", "<article", NULL};
    for (int i = 0; tags[i]; i++) {
        size_t k = strlen(tags[i]);
        if (n >= k && strncasecmp(p, tags[i], k) == 0)
            return true;
    }
    return false;
}

hr_format hr_detect_format(const char *name, const char *head, size_t len)
{
    const unsigned char *s = (const unsigned char *)head;
    size_t i = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;   /* byte order mark */
    while (i < len && isspace(s[i]))
        i++;
    const char *p = head + i;
    size_t n = len - i;
    if (n >= 7 && memcmp(p, "WARC/1.", 7) == 0)
        return HR_FMT_WARC;
    if (looks_binary(s, len))
        return HR_FMT_UNKNOWN;
    hr_format byname = name ? from_name(name) : HR_FMT_UNKNOWN;
    if (byname != HR_FMT_UNKNOWN)
        return byname;
    if (n && p[0] == '{')
        return HR_FMT_JSONL;
    if (n && p[0] == '<' && starts_html(p, n))
        return HR_FMT_HTML;
    /* An HTML page with text before its first tag. */
    size_t look = HR_MIN(n, (size_t)1024);
    for (size_t k = 0; k + 5 <= look; k++)
        if (p[k] == '<' && (strncasecmp(p + k, "<html", 5) == 0 ||
                            strncasecmp(p + k, "<body", 5) == 0))
            return HR_FMT_HTML;
    return HR_FMT_TEXT;
}

const char *hr_format_name(hr_format f)
{
    switch (f) {
    case HR_FMT_TEXT: return "text";
    case HR_FMT_JSONL: return "jsonl";
    case HR_FMT_HTML: return "html";
    case HR_FMT_WARC: return "warc";
    default: return "unknown";
    }
}

hr_format hr_format_parse(const char *name)
{
    if (!name)
        return HR_FMT_UNKNOWN;
    for (int f = HR_FMT_TEXT; f <= HR_FMT_WARC; f++)
        if (strcmp(name, hr_format_name((hr_format)f)) == 0)
            return (hr_format)f;
    return HR_FMT_UNKNOWN;
}
