/* json.c - writing JSON strings. Parsing is cJSON's job; writing is one
 * escape loop, kept here because it runs for every byte Herald outputs. */
#include "internal.h"

#include <string.h>

/* Bytes that need escaping: control characters, '"' and '\\'. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

bool hr_json_str(hr_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (!hr_buf_reserve(b, len + 2))
        return false;
    b->data[b->len++] = '"';
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && !needs_escape((unsigned char)s[run]))
            run++;
        if (run > i) {
            if (!hr_buf_append(b, s + i, run - i))
                return false;
            i = run;
            if (i >= len)
                break;
        }
        unsigned char c = (unsigned char)s[i++];
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\t': esc[1] = 't'; break;
        case '\r': esc[1] = 'r'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            n = 6;
        }
        if (!hr_buf_append(b, esc, n))
            return false;
    }
    return hr_buf_putc(b, '"');
}

bool hr_json_cstr(hr_buf *b, const char *s)
{
    if (!s)
        return hr_buf_append(b, "null", 4);
    return hr_json_str(b, s, strlen(s));
}
