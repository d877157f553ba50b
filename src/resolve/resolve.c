/* resolve.c - the resolve stage: when each coded mention happened, whether
 * it restates history, and who the sentence says reported it.
 *
 * One pass over the document's sentences collects their time expressions
 * (timex.c) and attribution chains (attrib.c); then each mention takes
 *  - the time expression of its own sentence that governs its verb: the
 *    nearest to the verb, passing over one that dates a report ("Baku
 *    said on Monday that ...", "..., Baku said on Monday") unless the
 *    mention is that statement; else the day the sentence before (in the
 *    same paragraph) named ("The escalation took place on September 27.
 *    Baku and Yerevan blamed each other."); else the publication date
 *    ("document");
 *  - background when its period ended more than background_days before
 *    publication, or when it sits in a paragraph the clean stage found
 *    repeated from another document;
 *  - its sentence's attribution chain, else its paragraph's.
 *
 * A document without a publication date keeps month-days without a year.
 * A year is inferred only when the weekdays the text states ("Tuesday,
 * October 20") fit exactly one year among those allowed by the dated
 * offices of the people it names (the dictionary's date ranges for the
 * codes they were given) and by the latest year it names; the evidence is
 * written into hr_doc_info.evidence.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TX 16                 /* time expressions kept per sentence */

typedef struct sent {
    uint32_t para;
    hr_span span;
    uint32_t tx, ntx;             /* into r->tx */
    hr_span via[HR_MAX_VIA];
    uint8_t nvia;
    int32_t pvia;                 /* sentence of the paragraph whose chain
                                     stands for this one's, or -1 */
} sent;

struct hr_resolver {
    hr_dict *d;
    hr_matcher *m;                /* for year inference; NULL without d */
    hr_resolve_options opt;
    sent *s;
    size_t ns, scap;
    hr_timex *tx;
    size_t ntx, txcap;
};

hr_resolver *hr_resolver_new(hr_dict *d, const hr_resolve_options *opt, hr_error *err)
{
    hr_resolver *r = calloc(1, sizeof *r);
    if (!r) {
        hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    if (opt)
        r->opt = *opt;
    if (r->opt.background_days <= 0)
        r->opt.background_days = 30;
    r->d = d;
    if (d && !(r->m = hr_matcher_new(d, err))) {
        free(r);
        return NULL;
    }
    return r;
}

void hr_resolver_free(hr_resolver *r)
{
    if (!r)
        return;
    hr_matcher_free(r->m);
    free(r->s);
    free(r->tx);
    free(r);
}

/* ---- dates ------------------------------------------------------------ */

/* The last day (days since 1970) a partial date covers; false without a
 * year. */
static bool last_day(const hr_date *d, int32_t *out)
{
    if (d->year <= 0)
        return false;
    int m = d->month > 0 ? d->month : 12;
    int day = d->day > 0 ? d->day : hr_days_in_month(d->year, m);
    *out = hr_days_from_civil(d->year, m, day);
    return true;
}

static hr_when document_when(const hr_date *pub)
{
    hr_when w = {0};
    if (pub->year <= 0)
        return w;
    w.from = w.to = *pub;
    w.from.hour = w.from.minute = w.to.hour = w.to.minute = -1;
    w.from.has_tz = w.to.has_tz = false;
    w.precision = pub->day ? HR_PREC_DAY : pub->month ? HR_PREC_MONTH : HR_PREC_YEAR;
    w.how = "document";
    return w;
}

static int current_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        return 9999;
    return tm.tm_year + 1900;
}

static int year_of_day(int32_t day)
{
    /* good to a day either side, which is all a year bound needs */
    return 1970 + (int)((day >= 0 ? (double)day : (double)day - 365.0) / 365.2425);
}

/* Bounds on the publication year of an undated document, and the one year
 * its stated weekdays allow (0 when none or several). */
static void infer_year(hr_resolver *r, const hr_document *doc, hr_splitter *sp,
                       hr_doc_info *info)
{
    int lo = 0, hi = current_year();
    char lo_who[72] = "", hi_who[72] = "";
    for (size_t i = 0; i < r->ntx; i++) {
        const hr_when *w = &r->tx[i].when;
        int y = w->to.year > 0 ? w->to.year : w->from.year;
        if (y > lo && y <= hi) {
            lo = y;
            snprintf(lo_who, sizeof lo_who, "the text names %d", y);
        }
    }
    if (r->m) {
        const hr_match *mt;
        size_t n = hr_match_document(r->m, doc, sp, &mt, NULL);
        for (size_t i = 0; i < n; i++) {
            if (mt[i].kind != HR_MATCH_ACTOR || (!mt[i].held_from && !mt[i].held_to))
                continue;
            if (mt[i].held_from != INT32_MIN) {
                int y = year_of_day(mt[i].held_from);
                if (y > lo) {
                    lo = y;
                    snprintf(lo_who, sizeof lo_who, "%s is %s from %d", mt[i].name,
                             mt[i].code, y);
                }
            }
            if (mt[i].held_to != INT32_MAX) {
                int y = year_of_day(mt[i].held_to);
                if (y < hi) {
                    hi = y;
                    snprintf(hi_who, sizeof hi_who, "%s is %s until %d", mt[i].name,
                             mt[i].code, y);
                }
            }
        }
    }
    info->year_min = (int16_t)lo;
    /* weekdays stated with a month-day and no year */
    int fits = 0, year = 0, cons = 0;
    char first[48] = "";
    if (lo > 0 && lo <= hi) {
        for (int y = lo; y <= hi; y++) {
            bool ok = true;
            for (size_t i = 0; i < r->ntx && ok; i++) {
                const hr_date *d = &r->tx[i].when.from;
                if (d->year == 0 && d->month > 0 && d->day > 0 && d->weekday > 0)
                    ok = hr_date_weekday(y, d->month, d->day) == d->weekday;
            }
            if (ok) {
                fits++;
                year = y;
            }
        }
        for (size_t i = 0; i < r->ntx; i++) {
            const hr_date *d = &r->tx[i].when.from;
            if (d->year == 0 && d->month > 0 && d->day > 0 && d->weekday > 0) {
                if (!cons++)
                    snprintf(first, sizeof first, "weekday %d of --%02d-%02d", d->weekday,
                             d->month, d->day);
            }
        }
    }
    if (cons && fits == 1) {
        info->date.year = (int16_t)year;
        info->date_how = "inferred";
        snprintf(info->evidence, sizeof info->evidence,
                 "%s fits only %d among %d..%d (%s%s%s)", first, year, lo, hi, lo_who,
                 hi_who[0] ? "; " : "", hi_who);
    } else if (cons) {
        snprintf(info->evidence, sizeof info->evidence,
                 "no year inferred: %s fits %d years among %d..%d", first, fits, lo, hi);
    }
}

/* ---- sentences ------------------------------------------------------------ */

static bool grow_sent(hr_resolver *r)
{
    return hr_grow((void **)&r->s, &r->scap, r->ns + 1, sizeof *r->s);
}

/* Time expressions and attribution chains of every sentence, counted as
 * the coder counts them (boilerplate paragraphs included). */
static bool scan(hr_resolver *r, const hr_document *doc, hr_splitter *sp, const hr_date *ref)
{
    r->ns = r->ntx = 0;
    hr_date anchor = {0};
    for (size_t p = 0; p < doc->n_paragraphs; p++) {
        const hr_paragraph *para = &doc->paragraphs[p];
        const hr_sentence *ss;
        size_t n = hr_split_paragraph(sp, doc, p, &ss);
        for (size_t i = 0; i < n; i++) {
            if (!grow_sent(r))
                return false;
            sent *s = &r->s[r->ns++];
            memset(s, 0, sizeof *s);
            s->para = (uint32_t)p;
            s->span = ss[i].span;
            s->tx = (uint32_t)r->ntx;
            if (para->kind == HR_PARA_BOILERPLATE)
                continue;
            if (!hr_grow((void **)&r->tx, &r->txcap, r->ntx + MAX_TX, sizeof *r->tx))
                return false;
            size_t k = hr_find_times(para->text, ss[i].span, ref,
                                     anchor.year || anchor.month ? &anchor : NULL,
                                     r->tx + r->ntx, MAX_TX);
            if (k > MAX_TX)
                k = MAX_TX;
            for (size_t j = 0; j < k; j++)
                if (r->tx[r->ntx + j].when.precision == HR_PREC_DAY)
                    anchor = r->tx[r->ntx + j].when.to;
            s->ntx = (uint32_t)k;
            r->ntx += k;
            size_t nv = hr_find_attribution(para->text, ss[i].span, s->via, HR_MAX_VIA);
            s->nvia = (uint8_t)(nv > HR_MAX_VIA ? HR_MAX_VIA : nv);
        }
        /* a chain anywhere in the paragraph covers its other sentences:
         * the nearest before, else the first after */
        size_t first = r->ns - n;
        int32_t last = -1;
        for (size_t i = first; i < r->ns; i++) {
            if (r->s[i].nvia)
                last = (int32_t)i;
            r->s[i].pvia = last;
        }
        last = -1;
        for (size_t i = r->ns; i-- > first;) {
            if (r->s[i].nvia)
                last = (int32_t)i;
            if (r->s[i].pvia < 0)
                r->s[i].pvia = last;
        }
    }
    return true;
}

static bool is_reporting_word(const char *t, size_t n)
{
    static const char *const words[] = {"said", "says", "say", "stated", "announced",
                                        "told", "reported", "reports", "noted", "added",
                                        "stressed", "declared", "wrote", "writes", NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && !strncmp(*w, t, n))
            return true;
    return false;
}

/* Where a reporting verb stands just before text[at] ("said on Monday",
 * "announced on Tuesday, October 20"), or UINT32_MAX. */
static uint32_t reporting_verb_before(const char *text, uint32_t lo, uint32_t at)
{
    /* look back over at most three words */
    uint32_t i = at;
    for (int words = 0; words < 3 && i > lo; words++) {
        while (i > lo && (text[i - 1] == ' ' || text[i - 1] == ','))
            i--;
        uint32_t e = i;
        while (i > lo && text[i - 1] != ' ' && text[i - 1] != ',')
            i--;
        if (is_reporting_word(text + i, e - i))
            return i;
    }
    return UINT32_MAX;
}

/* Does the time expression t date the report rather than the event at
 * verb: "Baku said on Monday that Armenia shelled ..." (the report comes
 * first) or "Armenia shelled ..., Baku said on Monday" (a clause after a
 * comma); but not "The ceasefire was announced on Sunday", where the
 * announcement is the event's own. */
static bool dates_the_report(const char *text, const sent *s, const hr_timex *t, hr_span verb)
{
    uint32_t rv = reporting_verb_before(text, s->span.start, t->span.start);
    if (rv == UINT32_MAX || (rv >= verb.start && rv < verb.end))
        return false;
    if (t->span.start < verb.start)
        return true;
    for (uint32_t i = verb.end; i < rv; i++)
        if (text[i] == ',' || text[i] == ';')
            return true;
    return false;
}

/* Does a subordinate clause open between the verb and a time expression
 * after it ("an agreement signed by the leaders that halted the fighting
 * early on Tuesday")? Then the expression dates that clause, not the
 * verb's. */
static bool in_clause_after(const char *text, hr_span verb, const hr_timex *t)
{
    static const char *const openers[] = {" that ", " which ", " who ", " whom ", " when ",
                                          " where ", " while ", " because ", " after ",
                                          " before ", " until ", " since ", NULL};
    if (t->span.start < verb.end)
        return false;
    for (uint32_t i = verb.end; i < t->span.start; i++)
        if (text[i] == ' ')
            for (const char *const *o = openers; *o; o++) {
                size_t n = strlen(*o);
                if (i + n <= t->span.start && !strncmp(text + i, *o, n))
                    return true;
            }
    return false;
}

/* The time expression of sentence s that governs the verb of m, or -1. */
static int64_t governing(const hr_resolver *r, const sent *s, const char *text,
                         const hr_mention *m)
{
    int64_t best = -1;
    uint64_t best_cost = UINT64_MAX;
    bool statement = m->root[0] == '0' && m->root[1] == '1';
    for (uint32_t k = 0; k < s->ntx; k++) {
        const hr_timex *t = &r->tx[s->tx + k];
        uint64_t d = t->span.start >= m->verb.end ? t->span.start - m->verb.end
                   : m->verb.start >= t->span.end ? m->verb.start - t->span.end : 0;
        if (in_clause_after(text, m->verb, t))
            continue;
        if (!statement && dates_the_report(text, s, t, m->verb))
            d += 100000;
        if (d < best_cost) {
            best_cost = d;
            best = s->tx + k;
        }
    }
    return best;
}

/* A weekday alone resolves to the last such day on or before publication,
 * as news reports what happened; but "are due to meet on Friday", "will
 * travel to Moscow on Monday" look ahead. True when a future marker stands
 * in the sentence before the time expression. */
static bool future_weekday(const char *text, const sent *s, const hr_timex *t)
{
    static const char *const markers[] = {"will ", "due to ", "is to ", "are to ",
                                          "plans to ", "plan to ", "scheduled ",
                                          "expected to ", "set to ", "next ", NULL};
    if (!t->when.how || strcmp(t->when.how, "weekday") || t->when.precision != HR_PREC_DAY)
        return false;
    for (uint32_t i = s->span.start; i < t->span.start; i++) {
        if (i > s->span.start && text[i - 1] != ' ')
            continue;
        for (const char *const *mk = markers; *mk; mk++) {
            size_t n = strlen(*mk);
            if (i + n <= t->span.start && !strncmp(text + i, *mk, n))
                return true;
        }
    }
    return false;
}

/* The same weekday a week later, when that is after publication. */
static void shift_week(hr_when *w, const hr_date *pub)
{
    if (w->from.year <= 0 || pub->year <= 0 || !pub->day)
        return;
    int32_t d = hr_days_from_civil(w->from.year, w->from.month, w->from.day);
    int32_t p = hr_days_from_civil(pub->year, pub->month, pub->day);
    if (d == p)
        return;                 /* today */
    d += 7;
    int y, m, dd;
    hr_civil_from_days(d, &y, &m, &dd);
    w->from.year = w->to.year = (int16_t)y;
    w->from.month = w->to.month = (int8_t)m;
    w->from.day = w->to.day = (int8_t)dd;
    w->how = "weekday-ahead";
}

static void set_year(hr_when *w, int year)
{
    if (w->from.year == 0 && w->from.month > 0) {
        w->from.year = (int16_t)year;
        w->how = "inferred-year";
    }
    if (w->to.year == 0 && w->to.month > 0) {
        /* a range over New Year ("from December 28 to January 3") */
        bool wraps = w->from.month > w->to.month;
        w->to.year = (int16_t)(wraps ? year + 1 : year);
    }
}

hr_status hr_resolve_document(hr_resolver *r, const hr_document *doc, hr_splitter *sp,
                              hr_mention *m, size_t n, hr_doc_info *info, hr_error *err)
{
    hr_doc_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    info->date = doc->date;
    info->date_how = doc->date.year > 0 ? "document" : NULL;
    for (size_t p = 0; p < doc->n_paragraphs; p++)
        if (doc->paragraphs[p].kind != HR_PARA_BOILERPLATE)
            hr_tone_add(&info->tone, doc->paragraphs[p].text, doc->paragraphs[p].len);
    if (!scan(r, doc, sp, &doc->date))
        goto oom;
    for (size_t i = 0; i < r->ns; i++)
        info->sentences += doc->paragraphs[r->s[i].para].kind != HR_PARA_BOILERPLATE;
    if (doc->date.year <= 0) {
        infer_year(r, doc, sp, info);
        if (info->date.year > 0) {
            /* with the year known, a month-day the text gives as its own
             * date ("Thursday, October 22" in the lead) is the publication
             * day; read the sentences again against it */
            for (size_t i = 0; i < doc->n_date_candidates; i++) {
                const hr_date *c = &doc->date_candidates[i].date;
                if (c->year == 0 && c->month > 0 && c->day > 0 &&
                    (!c->weekday || hr_date_weekday(info->date.year, c->month, c->day) ==
                                        c->weekday)) {
                    info->date.month = c->month;
                    info->date.day = c->day;
                    break;
                }
            }
            if (!scan(r, doc, sp, &info->date))
                goto oom;
            for (size_t i = 0; i < r->ntx; i++)
                set_year(&r->tx[i].when, info->date.year);
        }
    } else {
        info->year_min = doc->date.year;
    }

    int32_t pub_day = 0;
    bool have_pub = false;
    if (info->date.year > 0) {
        hr_date first = info->date;
        if (!first.month)
            first.month = 1;
        if (!first.day)
            first.day = 1;
        pub_day = hr_days_from_civil(first.year, first.month, first.day);
        have_pub = true;
    } else if (info->year_min > 0) {
        pub_day = hr_days_from_civil(info->year_min, 1, 1);
        have_pub = true;
    }
    for (size_t i = 0; i < n; i++) {
        hr_mention *mt = &m[i];
        if (mt->sentence >= r->ns)
            continue;
        const sent *s = &r->s[mt->sentence];
        const hr_paragraph *para = &doc->paragraphs[mt->para];
        int64_t t = governing(r, s, para->text, mt);
        if (t < 0 && mt->sentence > 0) {
            /* a day the sentence before (in the same paragraph) named dates
             * this one ("Fighting broke out on September 27. Baku and
             * Yerevan accused each other."); a year or period there is
             * more often context than the date of what follows */
            const sent *prev = &r->s[mt->sentence - 1];
            if (prev->para == s->para && prev->ntx > 0 &&
                r->tx[prev->tx + prev->ntx - 1].when.precision == HR_PREC_DAY)
                t = prev->tx + prev->ntx - 1;
        }
        if (t >= 0) {
            mt->when = r->tx[t].when;
            mt->when_span = r->tx[t].span;
            if (future_weekday(para->text, s, &r->tx[t]))
                shift_week(&mt->when, &info->date);
        } else {
            mt->when = document_when(&info->date);
            mt->when_span = (hr_span){0, 0};
        }
        int32_t end;
        if (have_pub && mt->when.precision != HR_PREC_NONE && last_day(&mt->when.to, &end) &&
            end < pub_day - r->opt.background_days)
            mt->flags |= HR_EV_BACKGROUND;
        if (para->kind == HR_PARA_DUPLICATE)
            mt->flags |= HR_EV_BACKGROUND | HR_EV_REPEAT;
        if (doc->dup != HR_DUP_NONE)
            mt->flags |= HR_EV_REPEAT;
        /* the sentence's attribution, else the paragraph's */
        const sent *v = s->pvia >= 0 ? &r->s[s->pvia] : NULL;
        mt->n_via = v ? v->nvia : 0;
        if (v)
            memcpy(mt->via, v->via, v->nvia * sizeof *v->via);
    }
    return HR_OK;
oom:
    return hr_error_set(err, HR_ERR_NOMEM, doc->file ? doc->file : "", NULL, 0, UINT64_MAX,
                        "out of memory");
}
