/* jsonl.c - one JSON object per line, in the shapes news crawlers write
 * (news-please, newspaper, CC-NEWS extracts, GDELT-style feeds): the field
 * names vary, so each field is looked up under its common names. */
#include "internal.h"

#include <jansson.h>
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
static const char *get_str(json_t *obj, const char *const *keys,
                           const char **which, size_t *len)
{
    for (int i = 0; keys[i]; i++) {
        json_t *v = json_object_get(obj, keys[i]);
        if (v && json_is_object(v))
            v = json_object_get(v, "name");
        if (v && json_is_string(v)) {
            if (which)
                *which = keys[i];
            *len = json_string_length(v);
            return json_string_value(v);
        }
    }
    return NULL;
}

static hr_status obj_to_doc(hr_docb *b, json_t *obj, hr_error *err);

hr_status hr_jsonl_to_doc(hr_docb *b, const char *line, size_t len,
                          hr_error *err)
{
    json_error_t je;
    /* jansson refuses invalid UTF-8; a bad byte must cost the byte, not
     * the article. (The parse copies strings out of scratch.) */
    if (hr_utf8_valid_prefix(line, len) != len) {
        b->scratch.len = 0;
        if (len > (SIZE_MAX - 1) / 3 || !hr_buf_reserve(&b->scratch, 3 * len + 1))
            return hr_error_set(err, HR_ERR_NOMEM, NULL, NULL, 0, UINT64_MAX,
                                "out of memory");
        len = hr_utf8_sanitize(b->scratch.data, line, len, &b->doc.invalid_utf8);
        line = b->scratch.data;
    }
    json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL, &je);
    if (!obj)
        return hr_error_set(err, HR_ERR_FORMAT, NULL, NULL, 0,
                            (uint64_t)je.position,
                            "invalid JSON at column %d: %s", je.column, je.text);
    hr_status st = obj_to_doc(b, obj, err);
    json_decref(obj);
    return st;
}

/* One article object into b. */
static hr_status obj_to_doc(hr_docb *b, json_t *obj, hr_error *err)
{
    hr_status st = HR_OK;
    if (!json_is_object(obj)) {
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
    json_error_t je;
    json_t *root = json_loadb(data, len, JSON_ALLOW_NUL, &je);
    if (!root)
        return hr_error_set(err, HR_ERR_FORMAT, NULL, "line", (uint64_t)je.line,
                            (uint64_t)je.position,
                            "invalid JSON at column %d: %s", je.column, je.text);
    /* An array of articles, an object holding one under a common name,
     * or a single article. */
    json_t *list = root;
    if (json_is_object(root)) {
        static const char *const LIST_KEYS[] = {"articles", "items", "data",
                                                "results", "documents", NULL};
        for (int i = 0; LIST_KEYS[i]; i++) {
            json_t *v = json_object_get(root, LIST_KEYS[i]);
            if (v && json_is_array(v)) {
                list = v;
                break;
            }
        }
    }
    it->root = root;
    it->list = list;
    it->count = json_is_array(list) ? json_array_size(list) : 1;
    it->next = 0;
    return HR_OK;
}

hr_status hr_json_items_next(hr_json_items *it, hr_docb *b, hr_error *err)
{
    if (!it->root || it->next >= it->count)
        return HR_END;
    json_t *list = it->list;
    json_t *obj = json_is_array(list) ? json_array_get(list, it->next) : list;
    it->next++;
    if (!json_is_object(obj))
        return hr_error_set(err, HR_ERR_FORMAT, NULL, NULL, 0, UINT64_MAX,
                            "not a JSON object");
    return obj_to_doc(b, obj, err);
}

void hr_json_items_close(hr_json_items *it)
{
    if (it->root)
        json_decref((json_t *)it->root);
    memset(it, 0, sizeof *it);
}
