/* code.c - the CLI's side of the code stage: `herald code` output and the
 * verb dictionary's loading and checking. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void print_diag(void *ud, const hr_error *e, bool is_error)
{
    dict_opts *o = ud;
    if (is_error)
        o->errors++;
    else
        o->warnings++;
    char msg[2048];
    fprintf(stderr, "herald: %s: %s\n", is_error ? "error" : "warning",
            hr_error_format(e, msg, sizeof msg));
}

hr_verbs *load_verbs(dict_opts *o)
{
    hr_error err;
    char msg[2048];
    hr_verbs *v = hr_verbs_new(o->no_builtin_verbs ? HR_VERBS_NO_BUILTIN : 0, print_diag, o,
                               &err);
    if (!v) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        return NULL;
    }
    for (int i = 0; i < o->n_verbs; i++)
        if (hr_verbs_load(v, o->verbs[i], &err) != HR_OK) {
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            o->errors++;
        }
    if (hr_verbs_finish(v, &err) != HR_OK) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        hr_verbs_free(v);
        return NULL;
    }
    return v;
}

static void str(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void actor_json(FILE *out, const char *code, hr_span sp, const char *text)
{
    fputs("{\"code\":", out);
    if (code[0])
        str(out, code, strlen(code));
    else
        fputs("null", out);
    fputs(",\"text\":", out);
    if (sp.end > sp.start)
        str(out, text + sp.start, sp.end - sp.start);
    else
        fputs("null", out);
    fprintf(out, ",\"span\":[%u,%u]}", sp.start, sp.end);
}

bool write_doc_events(FILE *out, const hr_document *d, hr_coder *c, hr_splitter *sp,
                      bool text_format, uint64_t *n_events)
{
    const hr_mention *mt;
    size_t n = hr_code_document(c, d, sp, &mt);
    *n_events += n;
    char date[16];
    hr_date_format(&d->date, date, sizeof date);
    for (size_t i = 0; i < n; i++) {
        const hr_mention *m = &mt[i];
        const char *t = d->paragraphs[m->para].text;
        if (text_format) {
            fprintf(out, "%s\t%u\t%s\t%s\t%s\t%.*s | %.*s | %.*s%s%s\n", d->id, m->sentence,
                    m->source_code[0] ? m->source_code : "-", m->code,
                    m->target_code[0] ? m->target_code : "-",
                    (int)(m->source.end - m->source.start), t + m->source.start,
                    (int)(m->verb.end - m->verb.start), t + m->verb.start,
                    (int)(m->target.end - m->target.start), t + m->target.start,
                    m->claim_by[0] ? " | claim by " : "", m->claim_by);
            continue;
        }
        fprintf(out, "{\"doc\":\"%s\",\"para\":%u,\"sentence\":%u,\"text\":", d->id, m->para,
                m->sentence);
        str(out, t + m->sentence_span.start, m->sentence_span.end - m->sentence_span.start);
        fprintf(out, ",\"sentence_span\":[%u,%u],\"source\":", m->sentence_span.start,
                m->sentence_span.end);
        actor_json(out, m->source_code, m->source, t);
        fputs(",\"target\":", out);
        actor_json(out, m->target_code, m->target, t);
        fprintf(out, ",\"verb\":{\"text\":");
        str(out, t + m->verb.start, m->verb.end - m->verb.start);
        fprintf(out, ",\"span\":[%u,%u]},\"code\":\"%s\",\"root\":\"%s\",\"quad\":%d,"
                     "\"goldstein\":%.1f,\"date\":{\"value\":",
                m->verb.start, m->verb.end, m->code, m->root, m->quad, m->goldstein);
        if (date[0])
            fprintf(out, "\"%s\",\"precision\":\"%s\",\"how\":\"document\"}", date,
                    d->date.day ? "day" : d->date.month ? "month" : "year");
        else
            fputs("null,\"precision\":null,\"how\":null}", out);
        fputs(",\"place\":", out);
        if (m->place) {
            fputs("{\"name\":", out);
            str(out, m->place->name, strlen(m->place->name));
            fprintf(out, ",\"country\":\"%s\",\"lat\":%.4f,\"lon\":%.4f}", m->place->country,
                    m->place->lat, m->place->lon);
        } else {
            fputs("null", out);
        }
        fprintf(out, ",\"flags\":{\"negated\":%s,\"claim_by\":",
                (m->flags & HR_EV_NEGATED) ? "true" : "false");
        if (m->claim_by[0])
            str(out, m->claim_by, strlen(m->claim_by));
        else
            fputs("null", out);
        fprintf(out, ",\"background\":false,\"passive\":%s,\"noun\":%s,\"pronoun\":%s},"
                     "\"pattern\":",
                (m->flags & HR_EV_PASSIVE) ? "true" : "false",
                (m->flags & HR_EV_NOUN) ? "true" : "false",
                (m->flags & HR_EV_PRONOUN) ? "true" : "false");
        str(out, m->pattern ? m->pattern : "", m->pattern ? strlen(m->pattern) : 0);
        fputs("}\n", out);
    }
    return !ferror(out);
}
