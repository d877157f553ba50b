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


static void actor_json(FILE *out, const char *code, hr_span sp, const char *text)
{
    fputs("{\"code\":", out);
    if (code[0])
        json_str_n(out, code, strlen(code));
    else
        fputs("null", out);
    fputs(",\"text\":", out);
    if (sp.end > sp.start)
        json_str_n(out, text + sp.start, sp.end - sp.start);
    else
        fputs("null", out);
    fprintf(out, ",\"span\":[%u,%u]}", sp.start, sp.end);
}

/* "date":{"value","precision","how","text"} of a mention or event */
void when_json(FILE *out, const hr_when *w, const char *text, hr_span sp)
{
    char v[32];
    hr_when_format(w, v, sizeof v);
    fputs("{\"value\":", out);
    if (v[0])
        fprintf(out, "\"%s\",\"precision\":\"%s\",\"how\":", v,
                hr_precision_name(w->precision));
    else
        fputs("null,\"precision\":null,\"how\":", out);
    if (w->how)
        json_str_n(out, w->how, strlen(w->how));
    else
        fputs("null", out);
    if (text && sp.end > sp.start) {
        fputs(",\"text\":", out);
        json_str_n(out, text + sp.start, sp.end - sp.start);
    }
    fputc('}', out);
}

void place_json(FILE *out, const hr_place *p)
{
    if (!p) {
        fputs("null", out);
        return;
    }
    fputs("{\"name\":", out);
    json_str_n(out, p->name, strlen(p->name));
    fprintf(out, ",\"country\":\"%s\",\"lat\":%.4f,\"lon\":%.4f}", p->country, p->lat,
            p->lon);
}

void json_str(FILE *out, const char *s)
{
    if (s)
        json_str_n(out, s, strlen(s));
    else
        fputs("null", out);
}

static const char *tf(bool b)
{
    return b ? "true" : "false";
}

bool write_doc_events(FILE *out, const hr_document *d, hr_coder *c, hr_resolver *r,
                      hr_splitter *sp, bool text_format, uint64_t *n_events)
{
    hr_mention *mt;
    size_t n = hr_code_document(c, d, sp, &mt);
    hr_doc_info info;
    hr_error err;
    if (hr_resolve_document(r, d, sp, mt, n, &info, &err) != HR_OK)
        return false;
    *n_events += n;
    for (size_t i = 0; i < n; i++) {
        const hr_mention *m = &mt[i];
        const char *t = d->paragraphs[m->para].text;
        if (text_format) {
            char w[32];
            hr_when_format(&m->when, w, sizeof w);
            fprintf(out, "%s\t%u\t%s\t%s\t%s\t%s\t%.*s | %.*s | %.*s%s%s%s\n", d->id,
                    m->sentence, m->source_code[0] ? m->source_code : "-", m->code,
                    m->target_code[0] ? m->target_code : "-", w[0] ? w : "-",
                    (int)(m->source.end - m->source.start), t + m->source.start,
                    (int)(m->verb.end - m->verb.start), t + m->verb.start,
                    (int)(m->target.end - m->target.start), t + m->target.start,
                    m->claim_by[0] ? " | claim by " : "", m->claim_by,
                    (m->flags & HR_EV_BACKGROUND) ? " | background" : "");
            continue;
        }
        fprintf(out, "{\"doc\":\"%s\",\"para\":%u,\"sentence\":%u,\"text\":", d->id, m->para,
                m->sentence);
        json_str_n(out, t + m->sentence_span.start, m->sentence_span.end - m->sentence_span.start);
        fprintf(out, ",\"sentence_span\":[%u,%u],\"source\":", m->sentence_span.start,
                m->sentence_span.end);
        actor_json(out, m->source_code, m->source, t);
        fputs(",\"target\":", out);
        actor_json(out, m->target_code, m->target, t);
        fprintf(out, ",\"verb\":{\"text\":");
        json_str_n(out, t + m->verb.start, m->verb.end - m->verb.start);
        fprintf(out, ",\"span\":[%u,%u]},\"code\":\"%s\",\"root\":\"%s\",\"quad\":%d,"
                     "\"goldstein\":%.1f,\"date\":",
                m->verb.start, m->verb.end, m->code, m->root, m->quad, m->goldstein);
        when_json(out, &m->when, t, m->when_span);
        if (info.evidence[0]) {
            fputs(",\"date_evidence\":", out);
            json_str(out, info.evidence);
        }
        fputs(",\"place\":", out);
        place_json(out, m->place);
        fputs(",\"via\":[", out);
        for (uint8_t k = 0; k < m->n_via; k++) {
            if (k)
                fputc(',', out);
            json_str_n(out, t + m->via[k].start, m->via[k].end - m->via[k].start);
        }
        fprintf(out, "],\"flags\":{\"negated\":%s,\"claim_by\":", tf(m->flags & HR_EV_NEGATED));
        if (m->claim_by[0])
            json_str_n(out, m->claim_by, strlen(m->claim_by));
        else
            fputs("null", out);
        fprintf(out, ",\"background\":%s,\"repeat\":%s,\"passive\":%s,\"noun\":%s,"
                     "\"pronoun\":%s},\"pattern\":",
                tf(m->flags & HR_EV_BACKGROUND), tf(m->flags & HR_EV_REPEAT),
                tf(m->flags & HR_EV_PASSIVE), tf(m->flags & HR_EV_NOUN),
                tf(m->flags & HR_EV_PRONOUN));
        json_str_n(out, m->pattern ? m->pattern : "", m->pattern ? strlen(m->pattern) : 0);
        fputs("}\n", out);
    }
    return !ferror(out);
}
