/* jsonl.c - one JSON object per line, in the shapes news crawlers write
 * (news-please, newspaper, CC-NEWS extracts, GDELT-style feeds): the field
 * names vary, so each field is looked up under its common names.
 *
 * Parsing is cJSON's: it scans strings in bulk, where jansson's lexer
 * goes through a per-character stream and took most of the time of JSON
 * Lines ingest. cJSON does not check UTF-8; the line is made valid first. */
#define _GNU_SOURCE   /* memmem */
#include "internal.h"

#include <cjson/cJSON.h>
#include <string.h>

static const char *const URL_KEYS[] = {"url", "link", "canonical_url", "source_url", NULL};
static const char *const TITLE_KEYS[] = {"title", "headline", NULL};
static const char *const TEXT_KEYS[] = {"text", "maintext", "content", "body",
                                        "article", "articleBody", NULL};
static const char *const DATE_KEYS[] = {"date", "date_publish", "published",
                                        "publish_date", "pubdate", "datePublished",
                                        "published_at", "date_published", NULL};
static const char *const SOURCE_KEYS[] = {"source", "outlet", "source_domain",
                                          "domain", "publisher", "site_name", NULL};

/* The first key present with a string value (or an object with "name"). */
static const char *get_str(const cJSON *obj, const char *const *keys,
                           const char **which, size_t *len)
{
    for (int i = 0; keys[i]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[i]);
        if (v && cJSON_IsObject(v))
            v = cJSON_GetObjectItemCaseSensitive(v, "name");
        if (v && cJSON_IsString(v) && v->valuestring) {
            if (which)
                *which = keys[i];
            *len = strlen(v->valuestring);
            return v->valuestring;
        }
    }
    return NULL;
}

/* Where cJSON stopped: line, column and byte offset in data. */
static hr_status syntax_error(hr_error *err, const char *data, size_t len,
                              const char *stop, bool lines, const char *orig,
                              size_t orig_len)
{
    size_t pos = stop && stop >= data && stop <= data + len ? (size_t)(stop - data) : 0;
    if (orig && orig != data) {
        /* The parse ran on a repaired copy: report the place in the input. */
        pos = hr_utf8_source_offset(orig, orig_len, pos);
        data = orig;
        len = orig_len;
    }
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos; i++) {
        if (data[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    const char *what = pos >= len ? "unexpected end of input" : "syntax error";
    return hr_error_set(err, HR_ERR_FORMAT, NULL, lines ? "line" : NULL,
                        lines ? (uint64_t)line : 0, (uint64_t)pos,
                        "invalid JSON at column %zu: %s", col, what);
}

static hr_status obj_to_doc(hr_docb *b, const cJSON *obj, hr_error *err);

hr_status hr_jsonl_to_doc(hr_docb *b, const char *line, size_t len,
                          hr_error *err)
{
    const char *orig = line;
    size_t orig_len = len;
    /* A bad byte must cost the byte, not the article. (The parse copies
     * strings out of scratch.) */
    if (!hr_docb_sanitize(b, line, len, &line, &len))
        return hr_error_set(err, HR_ERR_NOMEM, NULL, NULL, 0, UINT64_MAX,
                            "out of memory");
    /* cJSON's strings end at a NUL, so "\u0000" would cut the article
     * short: make it a space (same length, offsets unchanged). */
    if (memmem(line, len, "\\u0000", 6)) {
        if (line != b->scratch.data) {
            b->scratch.len = 0;
            if (!hr_buf_append(&b->scratch, line, len))
                return hr_error_set(err, HR_ERR_NOMEM, NULL, NULL, 0, UINT64_MAX,
                                    "out of memory");
            line = b->scratch.data;
        }
        char *w = b->scratch.data;
        for (char *q = memmem(w, len, "\\u0000", 6); q;
             q = memmem(q + 6, len - (size_t)(q + 6 - w), "\\u0000", 6)) {
            size_t bs = 0;   /* an escaped backslash before it is no escape */
            while (q - bs > w && q[-(ptrdiff_t)bs - 1] == '\\')
                bs++;
            if (bs % 2 == 0)
                memcpy(q, "\\u0020", 6);
        }
    }
    const char *stop = NULL;
    cJSON *obj = cJSON_ParseWithLengthOpts(line, len, &stop, false);
    if (!obj)
        return syntax_error(err, line, len, stop ? stop : cJSON_GetErrorPtr(), false,
                            b->doc.invalid_utf8 ? orig : NULL, orig_len);
    /* One value per line: anything after it (a second object glued on,
     * garbage) would be lost silently. */
    while (stop && stop < line + len &&
           (*stop == ' ' || *stop == '\t' || *stop == '\r' || *stop == '\0'))
        stop++;
    if (stop && stop < line + len) {
        cJSON_Delete(obj);
        return hr_error_set(err, HR_ERR_FORMAT, NULL, NULL, 0, (uint64_t)(stop - line),
                            "trailing data after the JSON value at column %zu",
                            (size_t)(stop - line) + 1);
    }
    hr_status st = obj_to_doc(b, obj, err);
    cJSON_Delete(obj);
    return st;
}

/* One article object into b. */
static hr_status obj_to_doc(hr_docb *b, const cJSON *obj, hr_error *err)
{
    hr_status st = HR_OK;
    if (!cJSON_IsObject(obj)) {
        st = hr_error_set(err, HR_ERR_FORMAT, NULL, NULL, 0, UINT64_MAX,
                          "not a JSON object");
        goto done;
    }
    size_t n;
    const char *key = NULL;
    const char *text = get_str(obj, TEXT_KEYS, &key, &n);
    if (!text) {
        st = hr_error_set(err, HR_ERR_FORMAT, NULL, NULL, 0, UINT64_MAX,
                          "no article text (fields text, maintext, content, body)");
        goto done;
    }
    if (!hr_docb_add_text(b, text, n, 0)) {
        st = hr_error_set(err, HR_ERR_NOMEM, NULL, NULL, 0, UINT64_MAX, "out of memory");
        goto done;
    }
    const char *v;
    if ((v = get_str(obj, URL_KEYS, NULL, &n)))
        b->doc.url = hr_docb_meta(b, v, n);
    if ((v = get_str(obj, TITLE_KEYS, NULL, &n)))
        b->doc.title = hr_docb_meta(b, v, n);
    if ((v = get_str(obj, SOURCE_KEYS, &key, &n))) {
        b->doc.outlet = hr_docb_meta(b, v, n);
        if (b->doc.outlet) {
            char how[48];
            snprintf(how, sizeof how, "json:%s", key);
            b->doc.outlet_source = hr_arena_strndup(b->arena, how, strlen(how));
        }
    }
    if ((v = get_str(obj, DATE_KEYS, &key, &n))) {
        hr_date d;
        if (hr_date_parse_iso(v, n, &d)) {
            char how[48];
            b->doc.date = d;
            snprintf(how, sizeof how, "json:%s", key);
            b->doc.date_source = hr_arena_strndup(b->arena, how, strlen(how));
        }
    }
done:
    return st;
}

hr_status hr_json_items_open(hr_json_items *it, const char *data, size_t len,
                             hr_error *err)
{
    memset(it, 0, sizeof *it);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;   /* a byte order mark */
        len -= 3;
    }
    const char *stop = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(data, len, &stop, false);
    if (!root)
        return syntax_error(err, data, len, stop, true, NULL, 0);
    /* An array of articles, an object holding one under a common name,
     * or a single article. */
    cJSON *list = root;
    size_t tlen;
    /* (an article that happens to carry a "data" or "items" array is
     * still an article) */
    if (cJSON_IsObject(root) && !get_str(root, TEXT_KEYS, NULL, &tlen)) {
        static const char *const LIST_KEYS[] = {"articles", "items", "data",
                                                "results", "documents", NULL};
        for (int i = 0; LIST_KEYS[i]; i++) {
            cJSON *v = cJSON_GetObjectItemCaseSensitive(root, LIST_KEYS[i]);
            if (v && cJSON_IsArray(v)) {
                list = v;
                break;
            }
        }
    }
    it->root = root;
    it->wrapper = list != root;
    it->list = cJSON_IsArray(list) ? list->child : list;
    it->count = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 1;
    it->next = 0;
    return HR_OK;
}

hr_status hr_json_items_next(hr_json_items *it, hr_docb *b, hr_error *err)
{
    if (!it->root || it->next >= it->count || !it->list)
        return HR_END;
    const cJSON *obj = it->list;
    it->list = obj->next;   /* arrays are linked lists: walk, don't index */
    it->next++;
    if (!cJSON_IsObject(obj))
        return hr_error_set(err, HR_ERR_FORMAT, NULL, NULL, 0, UINT64_MAX,
                            "not a JSON object");
    return obj_to_doc(b, obj, err);
}

void hr_json_items_close(hr_json_items *it)
{
    if (it->root)
        cJSON_Delete((cJSON *)it->root);
    memset(it, 0, sizeof *it);
}
