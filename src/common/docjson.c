/* docjson.c - a document as one JSON line (the shape in the README). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static bool put(hr_buf *b, const char *s) { return hr_buf_append(b, s, strlen(s)); }

static bool put_u64(hr_buf *b, uint64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    return hr_buf_append(b, tmp, (size_t)n);
}

static bool put_span(hr_buf *b, hr_span s)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "[%u,%u]", s.start, s.end);
    return hr_buf_append(b, tmp, (size_t)n);
}

static bool put_date(hr_buf *b, const hr_date *d)
{
    char tmp[16];
    hr_date_format(d, tmp, sizeof tmp);
    if (!tmp[0])
        return put(b, "null");
    return hr_json_cstr(b, tmp);
}

static const char *const CTX_NAMES[] = {
    "nav", "header", "footer", "aside", "form", "article", "main", "list",
    "table", "heading", "quote", "caption", "boiler-hint", "content-hint"};

const char *hr_reason_name(hr_reason r)
{
    static const char *const NAMES[] = {
        [HR_WHY_NONE] = "none", [HR_WHY_PROSE] = "prose", [HR_WHY_SHORT] = "short",
        [HR_WHY_LINKS] = "links", [HR_WHY_CONTEXT] = "context",
        [HR_WHY_PHRASE] = "phrase", [HR_WHY_REPEATED_LINE] = "repeated-line",
        [HR_WHY_METADATA] = "metadata", [HR_WHY_POSITION] = "position",
        [HR_WHY_NO_TEXT] = "no-text", [HR_WHY_REPEAT] = "repeat",
        [HR_WHY_DUP_DOC] = "duplicate-document"};
    return (unsigned)r < sizeof NAMES / sizeof *NAMES ? NAMES[r] : "none";
}

static const char *kind_name(hr_para_kind k)
{
    switch (k) {
    case HR_PARA_BOILERPLATE: return "boilerplate";
    case HR_PARA_DUPLICATE: return "duplicate";
    default: return "body";
    }
}

static bool put_paragraph(hr_buf *b, const hr_document *doc, size_t i,
                          hr_splitter *sp, unsigned flags)
{
    const hr_paragraph *p = &doc->paragraphs[i];
    bool ok = put(b, "{\"text\":") && hr_json_str(b, p->text, p->len) &&
              put(b, ",\"offset\":") && put_u64(b, p->offset) &&
              put(b, ",\"tag\":") && hr_json_cstr(b, p->tag) &&
              put(b, ",\"kind\":") && hr_json_cstr(b, kind_name(p->kind)) &&
              put(b, ",\"reason\":") &&
              hr_json_cstr(b, p->reason ? hr_reason_name((hr_reason)p->reason) : NULL) &&
              put(b, ",\"lang\":") && hr_json_cstr(b, p->lang) &&
              put(b, ",\"repeat_of\":");
    if (ok && p->repeat_of.para >= 0) {
        char ref[40];
        snprintf(ref, sizeof ref, "%s/%d", p->repeat_of.doc, (int)p->repeat_of.para);
        ok = hr_json_cstr(b, ref);
    } else if (ok) {
        ok = put(b, "null");
    }
    if (ok && p->ctx) {
        ok = put(b, ",\"ctx\":[");
        bool first = true;
        for (size_t k = 0; ok && k < sizeof CTX_NAMES / sizeof *CTX_NAMES; k++) {
            if (!(p->ctx & (1u << k)))
                continue;
            ok = (first || put(b, ",")) && hr_json_cstr(b, CTX_NAMES[k]);
            first = false;
        }
        ok = ok && put(b, "]");
    }
    if (ok && p->n_links) {
        ok = put(b, ",\"links\":[");
        for (size_t k = 0; ok && k < p->n_links; k++)
            ok = (k == 0 || put(b, ",")) && put_span(b, p->links[k]);
        ok = ok && put(b, "]");
    }
    if (ok && (flags & HR_JSON_SENTENCES) && sp) {
        const hr_sentence *s;
        size_t n = hr_split_paragraph(sp, doc, i, &s);
        ok = put(b, ",\"sentences\":[");
        for (size_t k = 0; ok && k < n; k++) {
            ok = (k == 0 || put(b, ",")) && put(b, "{\"span\":") &&
                 put_span(b, s[k].span);
            if (ok && (flags & HR_JSON_TOKENS)) {
                ok = put(b, ",\"tokens\":[");
                for (size_t t = 0; ok && t < s[k].n_tokens; t++)
                    ok = (t == 0 || put(b, ",")) && put_span(b, s[k].tokens[t]);
                ok = ok && put(b, "]");
            }
            ok = ok && put(b, "}");
        }
        ok = ok && put(b, "]");
    }
    return ok && put(b, "}");
}

static bool put_document(hr_buf *b, const hr_document *d, hr_splitter *sp,
                         unsigned flags)
{
    bool ok = put(b, "{\"id\":") && hr_json_cstr(b, d->id) &&
              put(b, ",\"url\":") && hr_json_cstr(b, d->url) &&
              put(b, ",\"outlet\":") && hr_json_cstr(b, d->outlet) &&
              put(b, ",\"outlet_source\":") && hr_json_cstr(b, d->outlet_source) &&
              put(b, ",\"title\":") && hr_json_cstr(b, d->title) &&
              put(b, ",\"date\":") && put_date(b, &d->date) &&
              put(b, ",\"date_source\":") && hr_json_cstr(b, d->date_source);
    if (ok && d->date.hour >= 0 && d->date.year) {
        char tmp[32];
        if (d->date.has_tz)
            snprintf(tmp, sizeof tmp, "%02d:%02d%c%02d:%02d", d->date.hour,
                     d->date.minute, d->date.tz_minutes < 0 ? '-' : '+',
                     (d->date.tz_minutes < 0 ? -d->date.tz_minutes : d->date.tz_minutes) / 60,
                     (d->date.tz_minutes < 0 ? -d->date.tz_minutes : d->date.tz_minutes) % 60);
        else
            snprintf(tmp, sizeof tmp, "%02d:%02d", d->date.hour, d->date.minute);
        ok = put(b, ",\"time\":") && hr_json_cstr(b, tmp);
    }
    ok = ok && put(b, ",\"date_candidates\":[");
    for (size_t i = 0; ok && i < d->n_date_candidates; i++) {
        const hr_date_candidate *c = &d->date_candidates[i];
        ok = (i == 0 || put(b, ",")) && put(b, "{\"date\":") && put_date(b, &c->date);
        if (ok && c->date.weekday)
            ok = put(b, ",\"weekday\":") && put_u64(b, (uint64_t)c->date.weekday);
        ok = ok && put(b, ",\"how\":") && hr_json_cstr(b, c->how) &&
             put(b, ",\"para\":") && put_u64(b, c->para) &&
             put(b, ",\"span\":") && put_span(b, c->span);
        if (ok && c->para < d->n_paragraphs &&
            c->span.end <= d->paragraphs[c->para].len && c->span.start < c->span.end)
            ok = put(b, ",\"text\":") &&
                 hr_json_str(b, d->paragraphs[c->para].text + c->span.start,
                             c->span.end - c->span.start);
        ok = ok && put(b, "}");
    }
    ok = ok && put(b, "],\"dateline\":");
    if (ok && d->dateline_para >= 0 && (size_t)d->dateline_para < d->n_paragraphs) {
        const hr_paragraph *p = &d->paragraphs[d->dateline_para];
        ok = put(b, "{\"para\":") && put_u64(b, (uint64_t)d->dateline_para) &&
             put(b, ",\"span\":") && put_span(b, d->dateline) &&
             put(b, ",\"text\":") &&
             hr_json_str(b, p->text + d->dateline.start,
                         HR_MIN(d->dateline.end, p->len) - HR_MIN(d->dateline.start, p->len)) &&
             put(b, "}");
    } else {
        ok = ok && put(b, "null");
    }
    ok = ok && put(b, ",\"crawl_date\":") && hr_json_cstr(b, d->crawl_date) &&
         put(b, ",\"lang\":") && hr_json_cstr(b, d->lang) &&
         put(b, ",\"duplicate\":") &&
         hr_json_cstr(b, d->dup == HR_DUP_EXACT ? "exact" : d->dup == HR_DUP_NEAR ? "near" : NULL) &&
         put(b, ",\"duplicate_of\":") && hr_json_cstr(b, d->dup ? d->dup_of : NULL);
    if (ok && d->dup == HR_DUP_NEAR) {
        char sim[32];
        snprintf(sim, sizeof sim, "%.3f", d->dup_similarity);
        ok = put(b, ",\"similarity\":") && put(b, sim);
    }
    ok = ok &&
         put(b, ",\"source\":{\"file\":") && hr_json_cstr(b, d->file) &&
         put(b, ",\"record\":") && put_u64(b, d->record) &&
         put(b, ",\"format\":") && hr_json_cstr(b, hr_format_name(d->format)) &&
         put(b, "},\"invalid_utf8\":") && put_u64(b, d->invalid_utf8) &&
         put(b, ",\"paragraphs\":[");
    for (size_t i = 0; ok && i < d->n_paragraphs; i++)
        ok = (i == 0 || put(b, ",")) && put_paragraph(b, d, i, sp, flags);
    return ok && put(b, "]}\n");
}

hr_status hr_document_write_json(FILE *out, const hr_document *doc,
                                 hr_splitter *sp, unsigned flags)
{
    hr_buf b = {0};
    bool ok = put_document(&b, doc, sp, flags);
    hr_status st = HR_OK;
    if (!ok)
        st = HR_ERR_NOMEM;
    else if (fwrite(b.data, 1, b.len, out) != b.len)
        st = HR_ERR_IO;
    hr_buf_free(&b);
    return st;
}
