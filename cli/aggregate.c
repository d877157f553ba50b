/* aggregate.c - the CLI's side of the aggregate stage: `herald aggregate`
 * prints one JSON line per event (or a readable timeline). */
#include "cli.h"

#include <string.h>

/* text is the sentence shifted back to paragraph offsets: only spans
 * inside [lo, hi) (the sentence) may be read through it. */
static void actor(FILE *out, const char *code, const char *text, hr_span sp, uint32_t lo,
                  uint32_t hi)
{
    fputs("{\"code\":", out);
    json_str(out, code[0] ? code : NULL);
    if (text && sp.end > sp.start && sp.start >= lo && sp.end <= hi) {
        fputs(",\"text\":", out);
        json_str_n(out, text + sp.start, sp.end - sp.start);
    }
    fputc('}', out);
}

static void source_json(FILE *out, const hr_source *s)
{
    char pub[16];
    hr_date_format(&s->published, pub, sizeof pub);
    fprintf(out, "{\"doc\":\"%s\",\"url\":", s->doc);
    json_str(out, s->url);
    fputs(",\"outlet\":", out);
    json_str(out, s->outlet);
    fputs(",\"title\":", out);
    json_str(out, s->title);
    fputs(",\"published\":", out);
    json_str(out, pub[0] ? pub : NULL);
    fprintf(out, ",\"para\":%u,\"sentence\":%u,\"sentence_span\":[%u,%u],\"text\":", s->para,
            s->sentence, s->sentence_span.start, s->sentence_span.end);
    json_str(out, s->text);
    /* the spans are in the paragraph; the text is the sentence */
    hr_span src = s->source, tgt = s->target, verb = s->verb, when = s->when_span;
    uint32_t base = s->sentence_span.start;
    const char *t = s->text ? s->text - base : NULL;
    fputs(",\"source\":", out);
    actor(out, s->source_code, t, src, base, s->sentence_span.end);
    fputs(",\"target\":", out);
    actor(out, s->target_code, t, tgt, base, s->sentence_span.end);
    fprintf(out, ",\"verb\":{\"span\":[%u,%u]}", verb.start, verb.end);
    fprintf(out, ",\"code\":\"%s\",\"date\":", s->code);
    /* a time expression of the sentence before has no text here */
    bool inside = when.start >= base && when.end <= s->sentence_span.end;
    when_json(out, &s->when, inside ? t : NULL, when);
    fputs(",\"place\":", out);
    place_json(out, s->place);
    fputs(",\"via\":", out);
    json_str(out, s->via);
    fputs(",\"claim_by\":", out);
    json_str(out, s->claim_by[0] ? s->claim_by : NULL);
    fprintf(out, ",\"repeat\":%s,\"background\":%s}",
            (s->flags & HR_EV_REPEAT) ? "true" : "false",
            (s->flags & HR_EV_BACKGROUND) ? "true" : "false");
}

static void event_json(FILE *out, const hr_event *ev, size_t n, size_t i)
{
    const hr_event *e = &ev[i];
    char first[16];
    hr_date_format(&e->first_seen, first, sizeof first);
    fprintf(out, "{\"id\":\"%s\",\"date\":", e->id);
    when_json(out, &e->when, NULL, (hr_span){0, 0});
    fputs(",\"source\":", out);
    json_str(out, e->source[0] ? e->source : NULL);
    fputs(",\"target\":", out);
    json_str(out, e->target[0] ? e->target : NULL);
    fprintf(out, ",\"code\":\"%s\",\"root\":\"%s\",\"quad\":%d,\"goldstein\":%.1f,\"place\":",
            e->code, e->root, e->quad, e->goldstein);
    place_json(out, e->place);
    fprintf(out, ",\"mentions\":%u,\"repeats\":%u,\"articles\":%u,\"outlets\":%u,"
                 "\"first_seen\":",
            e->mentions, e->repeats, e->articles, e->outlets);
    json_str(out, first[0] ? first : NULL);
    fprintf(out, ",\"tone\":%.2f,\"flags\":{\"claim_by\":", e->tone);
    json_str(out, e->claim_by[0] ? e->claim_by : NULL);
    fprintf(out, ",\"claim_and_fact\":%s,\"disputed\":%s,\"background\":%s},\"disputed_with\":",
            (e->flags & HR_EVT_MIXED) ? "true" : "false",
            (e->flags & HR_EVT_DISPUTED) ? "true" : "false",
            (e->flags & HR_EVT_BACKGROUND) ? "true" : "false");
    if (e->disputed_with >= 0 && (size_t)e->disputed_with < n)
        fprintf(out, "\"%s\"", ev[e->disputed_with].id);
    else
        fputs("null", out);
    fputs(",\"sources\":[", out);
    for (size_t k = 0; k < e->n_sources; k++) {
        if (k)
            fputc(',', out);
        source_json(out, &e->sources[k]);
    }
    fputs("]}\n", out);
}

/* One line per event: date, dyad, code, counts, flags, and the sentence
 * of its first first-hand mention. */
static void event_text(FILE *out, const hr_event *e)
{
    char w[32];
    hr_when_format(&e->when, w, sizeof w);
    const hr_source *s = &e->sources[0];
    fprintf(out, "%-22s %-9s %-5s %-9s %3u mention%s %2u article%s %2u outlet%s%s%s%s%s%s",
            w[0] ? w : "-", e->source[0] ? e->source : "-", e->code,
            e->target[0] ? e->target : "-", e->mentions, e->mentions == 1 ? " " : "s",
            e->articles, e->articles == 1 ? " " : "s", e->outlets, e->outlets == 1 ? " " : "s",
            e->repeats ? " +repeats" : "",
            (e->flags & HR_EVT_CLAIM) ? " claim-by-" : "",
            (e->flags & HR_EVT_CLAIM) ? e->claim_by : "",
            (e->flags & HR_EVT_DISPUTED) ? " disputed" : "",
            (e->flags & HR_EVT_BACKGROUND) ? " background" : "");
    if (s->text)
        fprintf(out, " | %.160s", s->text);
    fputc('\n', out);
}

bool write_events(FILE *out, const hr_event *ev, size_t n, bool text_format)
{
    for (size_t i = 0; i < n; i++) {
        if (text_format)
            event_text(out, &ev[i]);
        else
            event_json(out, ev, n, i);
    }
    return !ferror(out);
}

bool add_doc_events(hr_aggregator *a, const hr_document *d, hr_coder *c, hr_resolver *r,
                    hr_splitter *sp, uint64_t *n_mentions)
{
    hr_mention *mt;
    size_t n = hr_code_document(c, d, sp, &mt);
    hr_doc_info info;
    hr_error err;
    char msg[2048];
    if (hr_resolve_document(r, d, sp, mt, n, &info, &err) != HR_OK ||
        hr_aggregate_add(a, d, &info, mt, n, &err) != HR_OK) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        return false;
    }
    *n_mentions += n;
    return true;
}
