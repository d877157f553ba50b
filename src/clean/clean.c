/* clean.c - the clean stage: for each document, the language of every
 * paragraph and of the document, body vs boilerplate, then duplicates.
 * The order matters: boilerplate is judged with the language known, and
 * duplicates are looked for in the body only, so that the same story
 * under two sites' menus is still the same story. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct hr_cleaner {
    hr_clean_options opt;
    hr_langid *lang;
    hr_boiler *boiler;
    hr_dedup *dedup;
    hr_clean_stats stats;
};

hr_cleaner *hr_cleaner_new(const hr_clean_options *opt, hr_error *err)
{
    hr_cleaner *c = calloc(1, sizeof *c);
    if (!c) {
        hr_error_set(err, HR_ERR_NOMEM, NULL, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    if (opt)
        c->opt = *opt;
    if (!(c->opt.near_threshold > 0 && c->opt.near_threshold <= 1))
        c->opt.near_threshold = 0.8;   /* also for NaN */
    c->lang = hr_langid_new(err);
    if (!c->lang) {
        hr_cleaner_free(c);
        return NULL;
    }
    c->boiler = hr_boiler_new();
    c->dedup = c->opt.no_dedup ? NULL : hr_dedup_new(c->opt.near_threshold);
    if (!c->boiler || (!c->opt.no_dedup && !c->dedup)) {
        hr_error_set(err, HR_ERR_NOMEM, NULL, NULL, 0, UINT64_MAX, "out of memory");
        hr_cleaner_free(c);
        return NULL;
    }
    return c;
}

void hr_cleaner_free(hr_cleaner *c)
{
    if (!c)
        return;
    hr_langid_free(c->lang);
    hr_boiler_free(c->boiler);
    hr_dedup_free(c->dedup);
    free(c);
}

static void count_lang(hr_clean_stats *st, const char *lang)
{
    const size_t cap = sizeof st->langs / sizeof *st->langs;
    size_t i = 0;
    while (i < st->n_langs && strcmp(st->langs[i].lang, lang) != 0)
        i++;
    if (i == st->n_langs) {
        if (st->n_langs < cap - 1) {
            st->n_langs++;
            snprintf(st->langs[i].lang, sizeof st->langs[i].lang, "%s", lang);
        } else {
            i = cap - 1;   /* the last slot collects the rest */
            if (st->n_langs < cap) {
                st->n_langs = cap;
                snprintf(st->langs[i].lang, sizeof st->langs[i].lang, "other");
            }
        }
    }
    st->langs[i].paragraphs++;
}

static int by_count(const void *a, const void *b)
{
    const hr_lang_count *x = a, *y = b;
    return x->paragraphs < y->paragraphs ? 1 : x->paragraphs > y->paragraphs ? -1
                                                                         : strcmp(x->lang, y->lang);
}

hr_status hr_clean(hr_cleaner *c, hr_document *doc, hr_error *err)
{
    /* Languages: each paragraph, then the document's by bytes of text. */
    const char *best = "und";
    size_t best_bytes = 0;
    struct tally { const char *lang; size_t bytes; } tally[8];
    size_t nt = 0;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        hr_paragraph *p = &doc->paragraphs[i];
        p->lang = hr_langid_detect(c->lang, p->text, p->len);
        if (strcmp(p->lang, "und") == 0)
            continue;
        size_t k = 0;
        while (k < nt && strcmp(tally[k].lang, p->lang) != 0)
            k++;
        if (k == nt && nt < sizeof tally / sizeof *tally)
            tally[nt++] = (struct tally){p->lang, 0};
        if (k < nt)
            tally[k].bytes += p->len;
    }
    for (size_t k = 0; k < nt; k++)
        if (tally[k].bytes > best_bytes) {
            best = tally[k].lang;
            best_bytes = tally[k].bytes;
        }
    doc->lang = best;

    hr_boiler_classify(c->boiler, doc);
    if (c->dedup) {
        hr_status st = hr_dedup_document(c->dedup, doc, err);
        if (st != HR_OK)
            return st;
    }

    c->stats.documents++;
    c->stats.exact_dups += doc->dup == HR_DUP_EXACT;
    c->stats.near_dups += doc->dup == HR_DUP_NEAR;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        const hr_paragraph *p = &doc->paragraphs[i];
        c->stats.paragraphs[p->kind <= HR_PARA_DUPLICATE ? p->kind : 0]++;
        count_lang(&c->stats, p->lang ? p->lang : "und");
    }
    return HR_OK;
}

void hr_cleaner_get_stats(const hr_cleaner *c, hr_clean_stats *out)
{
    *out = c->stats;
    qsort(out->langs, out->n_langs, sizeof *out->langs, by_count);
    out->distinct_paragraphs = c->dedup ? hr_dedup_distinct_paragraphs(c->dedup) : 0;
    out->dedup_bytes = c->dedup ? hr_dedup_memory(c->dedup) : 0;
}
