/* docb.c - builds one hr_document. Every reader fills a builder; the
 * builder owns the document's memory (an arena reset per document, and
 * arrays reused across documents) and enforces what every document
 * promises: valid UTF-8, no control characters, no empty paragraphs, an id
 * from the normalized text. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

bool hr_docb_init(hr_docb *b, const hr_ingest_options *opt)
{
    memset(b, 0, sizeof *b);
    b->opt = opt;
    b->arena = hr_arena_new();
    b->idh = hr_idhash_new();
    if (!b->arena || !b->idh) {
        hr_docb_free(b);
        return false;
    }
    b->doc.dateline_para = -1;
    return true;
}

void hr_docb_free(hr_docb *b)
{
    hr_arena_free(b->arena);
    hr_idhash_free(b->idh);
    free(b->paras);
    free(b->cands);
    hr_buf_free(&b->scratch);
    memset(b, 0, sizeof *b);
}

void hr_docb_begin(hr_docb *b, const char *file, uint64_t record, hr_format f)
{
    hr_arena_reset(b->arena);
    memset(&b->doc, 0, sizeof b->doc);
    b->doc.dateline_para = -1;
    b->doc.date.hour = b->doc.date.minute = -1;
    b->doc.file = file ? hr_arena_strndup(b->arena, file, strlen(file)) : NULL;
    b->doc.record = record;
    b->doc.format = f;
    b->n_paras = 0;
    b->n_cands = 0;
}

/* A sanitized copy of s in b->scratch (valid UTF-8, NUL-terminated). */
bool hr_docb_sanitize(hr_docb *b, const char *s, size_t len, const char **out,
                      size_t *out_len)
{
    size_t ok = hr_utf8_valid_prefix(s, len);
    if (ok == len) {
        *out = s;
        *out_len = len;
        return true;
    }
    b->scratch.len = 0;
    if (len > (SIZE_MAX - 1) / 3 || !hr_buf_reserve(&b->scratch, 3 * len + 1))
        return false;
    *out_len = hr_utf8_sanitize(b->scratch.data, s, len, &b->doc.invalid_utf8);
    *out = b->scratch.data;
    return true;
}

static bool is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

const char *hr_docb_meta(hr_docb *b, const char *s, size_t len)
{
    if (!s)
        return NULL;
    const char *t;
    size_t n;
    if (!hr_docb_sanitize(b, s, len, &t, &n))
        return NULL;
    char *out = hr_arena_alloc(b->arena, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (is_space_byte(c) || c < 0x20 || c == 0x7f) {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return o ? out : NULL;
}

/* Where a trailing marker such as "---02D---" or "***" starts in s, after
 * a sentence end and a space; 0 if there is none. A marker begins with
 * two or more of - * # = _ ~ and holds no lower-case letter. */
static size_t trailing_marker(const char *s, size_t n)
{
    size_t ws = n;
    while (ws > 0 && !is_space_byte((unsigned char)s[ws - 1]))
        ws--;
    size_t tok = n - ws;
    if (ws < 2 || tok < 3 || tok > 40)
        return 0;
    const char *m = s + ws;
    if (!strchr("-*#=_~", m[0]) || !strchr("-*#=_~", m[1]))
        return 0;
    for (size_t i = 0; i < tok; i++)
        if (m[i] >= 'a' && m[i] <= 'z')
            return 0;
    size_t e = ws;
    while (e > 0 && is_space_byte((unsigned char)s[e - 1]))
        e--;
    unsigned char c = e ? (unsigned char)s[e - 1] : 0;
    bool ends = c == '.' || c == '!' || c == '?' || c == '"' || c == ')' ||
                (e >= 3 && memcmp(s + e - 3, "\xE2\x80\x9D", 3) == 0);
    return ends ? ws : 0;
}

bool hr_docb_add_para(hr_docb *b, const char *text, size_t len,
                      uint64_t offset, const char *tag, uint32_t ctx,
                      const hr_span *links, size_t n_links)
{
    const char *t;
    size_t n;
    if (!hr_docb_sanitize(b, text, len, &t, &n))
        return false;
    bool moved = n != len;   /* replacements shift bytes: spans are lost */
    size_t lead = 0;
    while (lead < n && (is_space_byte((unsigned char)t[lead]) ||
                        (unsigned char)t[lead] < 0x20))
        lead++;
    size_t end = n;
    while (end > lead && (is_space_byte((unsigned char)t[end - 1]) ||
                          (unsigned char)t[end - 1] < 0x20))
        end--;
    if (end == lead)
        return true;   /* nothing but space: not a paragraph */
    /* (not after replacements: cut would not be a source offset) */
    size_t mark = n_links || moved ? 0 : trailing_marker(t + lead, end - lead);
    if (mark) {
        /* "...took place. ---02D---": the agency's marker is not part of
         * the last sentence; it becomes a paragraph of its own. The text
         * is valid UTF-8 now, so the calls below do not reuse scratch. */
        size_t cut = lead + mark;
        return hr_docb_add_para(b, t + lead, cut - lead, offset + lead, tag, ctx,
                                NULL, 0) &&
               hr_docb_add_para(b, t + cut, end - cut, offset + cut, tag, ctx,
                                NULL, 0);
    }
    size_t plen = end - lead;
    if (plen > UINT32_MAX)
        plen = UINT32_MAX;   /* spans are 32-bit; readers cap records far lower */
    char *p = hr_arena_alloc(b->arena, plen + 1);
    if (!p)
        return false;
    for (size_t i = 0; i < plen; i++) {
        unsigned char c = (unsigned char)t[lead + i];
        p[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    p[plen] = '\0';

    if (b->n_paras == b->cap_paras) {
        size_t cap = b->cap_paras ? 2 * b->cap_paras : 64;
        hr_paragraph *np = realloc(b->paras, cap * sizeof *np);
        if (!np)
            return false;
        b->paras = np;
        b->cap_paras = cap;
    }
    hr_paragraph *para = &b->paras[b->n_paras++];
    memset(para, 0, sizeof *para);
    para->text = p;
    para->len = plen;
    para->offset = offset + lead;
    para->tag = tag;
    para->ctx = ctx;
    para->kind = HR_PARA_BODY;
    para->repeat_of.para = -1;
    if (n_links && !moved) {
        hr_span *ls = hr_arena_alloc(b->arena, n_links * sizeof *ls);
        if (!ls)
            return false;
        size_t k = 0;
        for (size_t i = 0; i < n_links; i++) {
            size_t s0 = links[i].start > lead ? links[i].start - lead : 0;
            size_t e0 = links[i].end > lead ? links[i].end - lead : 0;
            s0 = HR_MIN(s0, plen);
            e0 = HR_MIN(e0, plen);
            if (e0 > s0) {
                ls[k].start = (uint32_t)s0;
                ls[k].end = (uint32_t)e0;
                k++;
            }
        }
        para->links = ls;
        para->n_links = k;
    }
    return true;
}

/* Does this line end a paragraph by itself? */
static bool line_ends_para(const char *s, size_t len, size_t longest)
{
    while (len && is_space_byte((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return true;
    unsigned char c = (unsigned char)s[len - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == ')' ||
        c == ';')
        return true;
    /* Closing quotes and ellipsis in UTF-8: ” ’ » … */
    if (len >= 3 && (memcmp(s + len - 3, "\xE2\x80\x9D", 3) == 0 ||
                     memcmp(s + len - 3, "\xE2\x80\x99", 3) == 0 ||
                     memcmp(s + len - 3, "\xE2\x80\xA6", 3) == 0))
        return true;
    if (len >= 2 && memcmp(s + len - 2, "\xC2\xBB", 2) == 0)
        return true;
    /* A hard-wrapped line fills most of the width; a short one is a
     * heading, a menu item or the end of a paragraph. */
    return len * 10 < longest * 7;
}

bool hr_docb_add_text(hr_docb *b, const char *text, size_t len, uint64_t base)
{
    size_t longest = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        longest = HR_MAX(longest, e - i);
        i = e + 1;
    }
    size_t para_start = 0, para_end = 0;
    bool open = false;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t k = i;
        while (k < e && is_space_byte((unsigned char)text[k]))
            k++;
        if (k == e) {   /* blank line */
            if (open && !hr_docb_add_para(b, text + para_start,
                                          para_end - para_start,
                                          base + para_start, "text", 0, NULL, 0))
                return false;
            open = false;
        } else {
            if (!open) {
                para_start = i;
                open = true;
            }
            para_end = e;
            if (line_ends_para(text + i, e - i, longest)) {
                if (!hr_docb_add_para(b, text + para_start,
                                      para_end - para_start,
                                      base + para_start, "text", 0, NULL, 0))
                    return false;
                open = false;
            }
        }
        i = e + 1;
    }
    if (open)
        return hr_docb_add_para(b, text + para_start, para_end - para_start,
                                base + para_start, "text", 0, NULL, 0);
    return true;
}

bool hr_docb_add_candidate(hr_docb *b, const hr_date_candidate *c)
{
    if (b->n_cands == b->cap_cands) {
        size_t cap = b->cap_cands ? 2 * b->cap_cands : 16;
        hr_date_candidate *nc = realloc(b->cands, cap * sizeof *nc);
        if (!nc)
            return false;
        b->cands = nc;
        b->cap_cands = cap;
    }
    b->cands[b->n_cands++] = *c;
    return true;
}

hr_document *hr_docb_finish(hr_docb *b)
{
    hr_document *d = &b->doc;
    d->paragraphs = b->paras;
    d->n_paragraphs = b->n_paras;
    hr_meta_from_text(b);
    d->date_candidates = b->cands;
    d->n_date_candidates = b->n_cands;

    hr_idhash_reset(b->idh);
    for (size_t i = 0; i < b->n_paras; i++) {
        const hr_paragraph *p = &b->paras[i];
        size_t from = (int32_t)i == d->dateline_para ? d->dateline.end : 0;
        if (from < p->len)
            hr_idhash_update(b->idh, p->text + from, p->len - from);
    }
    hr_idhash_hex(b->idh, d->id);
    return d;
}
