/* aggregate.c - the aggregate stage: the mentions that describe the same
 * real-world event become one record, with its sources.
 *
 * Two mentions are the same event when
 *  - their source and target are the same at country level (the first
 *    three letters of a code that starts with a country or organisation
 *    code: ARMMIL and ARM meet; an agent with no country, ~MIL, meets only
 *    itself),
 *  - their CAMEO codes share the base (first three digits: 0871 and 087),
 *  - their dates are compatible at their precision (a day inside a month
 *    or range; a date with no year matches any year; a mention dated only
 *    by its article's publication day also matches the two days before
 *    it, as reports come the day after), and
 *  - their places are the same, or one has none.
 * A mention with no date of its own (an undated article; a publication
 * month or year) meets only undated ones, except that it joins the group's
 * event when that is the only dated one.
 * Within one (source, target, base code) group the mentions are sorted
 * most precise first and each joins the first event it is compatible with:
 * the result depends only on the set of mentions, never on the order they
 * were added (herald merge relies on it).
 *
 * Mentions in duplicate documents or repeated paragraphs (HR_EV_REPEAT)
 * join their event as repeats: they add to `repeats`, not to mentions,
 * articles or outlets.
 *
 * Disputes: when S is said (by T) to have done X to T and T is said (by S)
 * to have done the same kind of act to S, or when S accuses T and T
 * accuses S (root 11), with compatible dates, both events are flagged
 * disputed and linked.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct hr_aggregator {
    unsigned flags;
    hr_arena *strings;
    hr_source *src;
    size_t n, cap;
    /* output */
    hr_event *ev;
    size_t nev, evcap;
};

hr_aggregator *hr_aggregator_new(unsigned flags, hr_error *err)
{
    hr_aggregator *a = calloc(1, sizeof *a);
    if (a)
        a->strings = hr_arena_new();
    if (!a || !a->strings) {
        free(a);
        hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    a->flags = flags;
    return a;
}

void hr_aggregator_free(hr_aggregator *a)
{
    if (!a)
        return;
    hr_arena_free(a->strings);
    free(a->src);
    free(a->ev);
    free(a);
}

static const char *keep(hr_aggregator *a, const char *s, size_t n, bool *ok)
{
    if (!s)
        return NULL;
    char *c = hr_arena_strndup(a->strings, s, n);
    if (!c)
        *ok = false;
    return c;
}

hr_status hr_aggregate_add(hr_aggregator *a, const hr_document *doc,
                           const hr_doc_info *info, const hr_mention *m, size_t n,
                           hr_error *err)
{
    if (!hr_grow((void **)&a->src, &a->cap, a->n + n, sizeof *a->src))
        goto oom;
    bool ok = true;
    /* one copy of the document's strings for all its mentions */
    const char *url = NULL, *outlet = NULL, *title = NULL;
    if (n) {
        url = keep(a, doc->url, doc->url ? strlen(doc->url) : 0, &ok);
        outlet = keep(a, doc->outlet, doc->outlet ? strlen(doc->outlet) : 0, &ok);
        title = keep(a, doc->title, doc->title ? strlen(doc->title) : 0, &ok);
    }
    double tone = info ? hr_tone_value(&info->tone) : 0;
    for (size_t i = 0; i < n && ok; i++) {
        const hr_mention *mt = &m[i];
        const hr_paragraph *p = &doc->paragraphs[mt->para];
        hr_source *s = &a->src[a->n];
        memset(s, 0, sizeof *s);
        memcpy(s->doc, doc->id, sizeof s->doc);
        s->url = url;
        s->outlet = outlet;
        s->title = title;
        s->published = info ? info->date : doc->date;
        s->para = mt->para;
        s->sentence = mt->sentence;
        s->sentence_span = mt->sentence_span;
        s->source = mt->source;
        s->target = mt->target;
        s->verb = mt->verb;
        s->when_span = mt->when_span;
        if (!(a->flags & HR_AGG_NO_TEXT))
            s->text = keep(a, p->text + mt->sentence_span.start,
                           mt->sentence_span.end - mt->sentence_span.start, &ok);
        if (mt->n_via) {
            hr_buf b = {0};
            for (uint8_t k = 0; k < mt->n_via && ok; k++) {
                if (k)
                    ok = hr_buf_append(&b, " < ", 3);
                ok = ok && hr_buf_append(&b, p->text + mt->via[k].start,
                                         mt->via[k].end - mt->via[k].start);
            }
            if (ok)
                s->via = keep(a, b.data, b.len, &ok);
            hr_buf_free(&b);
        }
        memcpy(s->source_code, mt->source_code, sizeof s->source_code);
        memcpy(s->target_code, mt->target_code, sizeof s->target_code);
        memcpy(s->code, mt->code, sizeof s->code);
        memcpy(s->claim_by, mt->claim_by, sizeof s->claim_by);
        s->quad = mt->quad;
        s->goldstein = mt->goldstein;
        s->when = mt->when;
        s->place = mt->place;
        s->flags = mt->flags;
        s->tone = tone;
        s->ref = (int64_t)i;
        a->n++;
    }
    if (ok)
        return HR_OK;
oom:
    return hr_error_set(err, HR_ERR_NOMEM, doc->file ? doc->file : "", NULL, 0, UINT64_MAX,
                        "out of memory");
}

hr_status hr_aggregate_add_source(hr_aggregator *a, const hr_source *src, hr_error *err)
{
    if (!hr_grow((void **)&a->src, &a->cap, a->n + 1, sizeof *a->src))
        goto oom;
    bool ok = true;
    hr_source *s = &a->src[a->n];
    *s = *src;
    s->url = keep(a, src->url, src->url ? strlen(src->url) : 0, &ok);
    s->outlet = keep(a, src->outlet, src->outlet ? strlen(src->outlet) : 0, &ok);
    s->title = keep(a, src->title, src->title ? strlen(src->title) : 0, &ok);
    s->via = keep(a, src->via, src->via ? strlen(src->via) : 0, &ok);
    s->text = (a->flags & HR_AGG_NO_TEXT) ? NULL
            : keep(a, src->text, src->text ? strlen(src->text) : 0, &ok);
    if (!ok)
        goto oom;
    a->n++;
    return HR_OK;
oom:
    return hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
}

/* ---- keys and dates --------------------------------------------------- */

/* An actor at country level: the first three letters when the code starts
 * with three capitals (a country or organisation), with the role when it
 * is one of the sides that fight or oppose the state (REB, SEP, INS, OPP,
 * UAF: AZESEP is not AZE); else the whole code. Written into key. */
static size_t actor_key(const char *code, char key[8])
{
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return (size_t)snprintf(key, 8, "%.7s", code);
    static const char *const sides[] = {"REB", "SEP", "INS", "OPP", "UAF", NULL};
    memcpy(key, code, 3);
    key[3] = '\0';
    size_t n = strlen(code);
    for (size_t i = 3; i + 3 <= n; i += 3)
        for (const char *const *sd = sides; *sd; sd++)
            if (!memcmp(code + i, *sd, 3)) {
                memcpy(key + 3, *sd, 3);
                key[6] = '\0';
                return 6;
            }
    return 3;
}

static int cmp_country(const char *a, const char *b)
{
    char ka[8], kb[8];
    actor_key(a, ka);
    actor_key(b, kb);
    return strcmp(ka, kb);
}

static int cmp_base(const char *a, const char *b)
{
    return strncmp(a, b, 3);
}

void hr_aggregate_group_key(const char *source, const char *target, const char *code,
                            char *out, size_t size)
{
    char s[8], t[8];
    actor_key(source ? source : "", s);
    actor_key(target ? target : "", t);
    snprintf(out, size, "%s|%s|%.3s", s, t, code ? code : "");
}

void hr_aggregate_dyad_key(const char *source, const char *target, const char *code,
                           char *out, size_t size)
{
    char s[8], t[8];
    actor_key(source ? source : "", s);
    actor_key(target ? target : "", t);
    bool swap = strcmp(s, t) > 0;
    snprintf(out, size, "%s|%s|%.3s", swap ? t : s, swap ? s : t,
             code && !strncmp(code, "11", 2) ? "11" : code ? code : "");
}

static int prec_rank(const hr_when *w)
{
    if (w->how && !strcmp(w->how, "document") && w->precision != HR_PREC_DAY)
        return 4;               /* no date of the event: with the undated */
    switch (w->precision) {
    case HR_PREC_DAY: return 0;
    case HR_PREC_RANGE: return 1;
    case HR_PREC_MONTH: return 2;
    case HR_PREC_YEAR: return 3;
    default: return 4;
    }
}

static int cmp_date(const hr_date *a, const hr_date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    return (a->day > b->day) - (a->day < b->day);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_group(const hr_source *x, const hr_source *y)
{
    int c = cmp_country(x->source_code, y->source_code);
    if (!c)
        c = cmp_country(x->target_code, y->target_code);
    if (!c)
        c = cmp_base(x->code, y->code);
    return c;
}

/* The whole order: group, most precise date first (with a year before
 * without), then everything else, so that equal sets sort equally. */
static int cmp_source(const void *pa, const void *pb)
{
    const hr_source *x = pa, *y = pb;
    int c = cmp_group(x, y);
    if (c)
        return c;
    int rx = prec_rank(&x->when), ry = prec_rank(&y->when);
    if (rx != ry)
        return rx - ry;
    if ((x->when.from.year > 0) != (y->when.from.year > 0))
        return x->when.from.year > 0 ? -1 : 1;
    if ((c = cmp_date(&x->when.from, &y->when.from)) || (c = cmp_date(&x->when.to, &y->when.to)))
        return c;
    bool dx = x->when.how && !strcmp(x->when.how, "document");
    bool dy = y->when.how && !strcmp(y->when.how, "document");
    if (dx != dy)
        return dx ? 1 : -1;
    if ((c = strcmp(x->doc, y->doc)))
        return c;
    if (x->para != y->para)
        return x->para < y->para ? -1 : 1;
    if (x->sentence != y->sentence)
        return x->sentence < y->sentence ? -1 : 1;
    if ((c = strcmp(x->code, y->code)) || (c = strcmp(x->source_code, y->source_code)) ||
        (c = strcmp(x->target_code, y->target_code)))
        return c;
    if ((x->flags & HR_EV_REPEAT) != (y->flags & HR_EV_REPEAT))
        return (x->flags & HR_EV_REPEAT) ? 1 : -1;
    if ((c = cmp_str(x->url, y->url)) || (c = cmp_str(x->outlet, y->outlet)))
        return c;
    return (x->verb.start > y->verb.start) - (x->verb.start < y->verb.start);
}

/* A date as an interval of days; with no year, of day-of-year numbers
 * (month * 32 + day) and *yearless set. False when it says nothing. */
static bool interval(const hr_when *w, int32_t *lo, int32_t *hi, bool *yearless)
{
    if (w->precision == HR_PREC_NONE || (!w->from.year && !w->from.month))
        return false;
    /* a publication month or year (an inferred year) is no date of the
     * event: it would join any event of that year */
    if (w->how && !strcmp(w->how, "document") && w->precision != HR_PREC_DAY)
        return false;
    *yearless = w->from.year <= 0 || w->to.year <= 0;
    const hr_date *f = &w->from, *t = &w->to;
    if (*yearless) {
        if (!f->month || !t->month)
            return false;
        *lo = f->month * 32 + (f->day ? f->day : 1);
        *hi = t->month * 32 + (t->day ? t->day : 31);
        if (*hi < *lo)      /* over New Year */
            *hi += 13 * 32;
        return true;
    }
    *lo = hr_days_from_civil(f->year, f->month ? f->month : 1, f->day ? f->day : 1);
    int tm = t->month ? t->month : 12;
    *hi = hr_days_from_civil(t->year, tm, t->day ? t->day : hr_days_in_month(t->year, tm));
    if (w->how && !strcmp(w->how, "document") && w->precision == HR_PREC_DAY)
        *lo -= 2;          /* reported the day after, or the day after that */
    return true;
}

/* An unknown date is compatible only with another unknown date: nothing
 * says two undated mentions are the same event, but nothing says they are
 * not, while an undated one would otherwise join whatever came first. */
static bool dates_compatible(const hr_when *a, const hr_when *b)
{
    int32_t alo, ahi, blo, bhi;
    bool ay, by;
    bool ka = interval(a, &alo, &ahi, &ay), kb = interval(b, &blo, &bhi, &by);
    if (!ka || !kb)
        return ka == kb;
    if (ay != by) {
        /* one without a year: compare month and day, when both have them */
        hr_when x = *a, y = *b;
        x.from.year = x.to.year = y.from.year = y.to.year = 0;
        x.how = y.how = NULL;
        if (!interval(&x, &alo, &ahi, &ay) || !interval(&y, &blo, &bhi, &by))
            return false;
    }
    return alo <= bhi && blo <= ahi;
}

static bool places_compatible(const hr_place *a, const hr_place *b)
{
    return !a || !b || a == b ||
           (!strcmp(a->name, b->name) && !strcmp(a->country, b->country));
}

/* ---- events ----------------------------------------------------------- */

typedef struct cluster {
    hr_when when;
    const hr_place *place;
} cluster;

typedef struct slot {
    uint32_t cluster;
    uint32_t rank;              /* position in the sorted order */
    bool repeat;
} slot;

static int cmp_slot(const void *pa, const void *pb)
{
    const slot *x = pa, *y = pb;
    if (x->cluster != y->cluster)
        return x->cluster < y->cluster ? -1 : 1;
    if (x->repeat != y->repeat)
        return x->repeat ? 1 : -1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts v[0..n) and returns how many distinct strings it holds; *best
 * (may be NULL) receives the most frequent (ties: the longer, then the
 * smaller). n log n, as an event may have thousands of mentions. */
static size_t distinct(const char **v, size_t n, const char **best)
{
    qsort(v, n, sizeof *v, cmp_cstr);
    size_t d = 0, best_n = 0;
    if (best)
        *best = "";
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !strcmp(v[j], v[i]))
            j++;
        d++;
        if (best) {
            size_t lv = strlen(v[i]), lb = strlen(*best);
            if (j - i > best_n || (j - i == best_n && lv > lb)) {
                best_n = j - i;
                *best = v[i];
            }
        }
        i = j;
    }
    return d;
}

/* The most frequent value of a string field over s[0..n) into out. */
static void most_common(const hr_source *s, size_t n, size_t off, const char **scratch,
                        char *out, size_t size)
{
    for (size_t i = 0; i < n; i++)
        scratch[i] = (const char *)&s[i] + off;
    const char *best;
    distinct(scratch, n, &best);
    snprintf(out, size, "%s", best);
}

static void fill_event(hr_event *e, const hr_source *s, size_t n, const char **scratch)
{
    memset(e, 0, sizeof *e);
    e->sources = s;
    e->n_sources = n;
    e->disputed_with = -1;
    e->when = s[0].when;
    size_t real = 0;
    while (real < n && !(s[real].flags & HR_EV_REPEAT))
        real++;
    /* counts and claims speak for the first-hand mentions when there are
     * any; the codes for all, as which copy of a repeated paragraph came
     * first depends on the order documents were read */
    size_t base = real ? real : n;
    most_common(s, n, offsetof(hr_source, source_code), scratch, e->source,
                sizeof e->source);
    most_common(s, n, offsetof(hr_source, target_code), scratch, e->target,
                sizeof e->target);
    most_common(s, n, offsetof(hr_source, code), scratch, e->code, sizeof e->code);
    memcpy(e->root, e->code, 2);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].code, e->code)) {
            e->quad = s[i].quad;
            e->goldstein = s[i].goldstein;
            break;
        }
    for (size_t i = 0; i < n && !e->place; i++)
        e->place = s[i].place;
    e->mentions = (uint32_t)real;
    e->repeats = (uint32_t)(n - real);
    /* articles and their tone: sources of one document share its tone, so
     * sorting the doc fields (which sit at the start of each source) lets
     * one pass sum the tone of each distinct document */
    for (size_t i = 0; i < base; i++)
        scratch[i] = s[i].doc;
    qsort(scratch, base, sizeof *scratch, cmp_cstr);
    double tone = 0;
    size_t docs = 0;
    for (size_t i = 0; i < base; i++)
        if (i == 0 || strcmp(scratch[i], scratch[i - 1])) {
            const hr_source *of = (const hr_source *)(scratch[i] - offsetof(hr_source, doc));
            tone += of->tone;
            docs++;
        }
    e->articles = real ? (uint32_t)docs : 0;
    e->tone = docs ? tone / (double)docs : 0;
    size_t k = 0;
    for (size_t i = 0; i < real; i++)
        if (s[i].outlet)
            scratch[k++] = s[i].outlet;
    e->outlets = (uint32_t)distinct(scratch, k, NULL);
    bool background = true;
    for (size_t i = 0; i < n; i++) {
        background = background && (s[i].flags & HR_EV_BACKGROUND);
        const hr_date *p = &s[i].published;
        if (p->year > 0 && (!e->first_seen.year || cmp_date(p, &e->first_seen) < 0))
            e->first_seen = *p;
    }
    if (background)
        e->flags |= HR_EVT_BACKGROUND;
    size_t claims = 0;
    bool same = true;
    for (size_t i = 0; i < base; i++)
        if (s[i].claim_by[0]) {
            same = same && (!claims || !strcmp(s[i].claim_by, e->claim_by));
            if (!claims)
                memcpy(e->claim_by, s[i].claim_by, sizeof e->claim_by);
            claims++;
        }
    if (claims == base && same) {
        e->flags |= HR_EVT_CLAIM;
    } else if (claims) {
        e->flags |= HR_EVT_MIXED;
        e->claim_by[0] = '\0';
    }
}

static void event_id(hr_event *e)
{
    char key[160];
    char w[32];
    hr_when_format(&e->when, w, sizeof w);
    /* from what every order of reading gives alike: the group's key, the
     * date, and the earliest mention by position, repeats included */
    const hr_source *f = &e->sources[0];
    for (size_t i = 1; i < e->n_sources; i++) {
        const hr_source *x = &e->sources[i];
        int c = strcmp(x->doc, f->doc);
        if (c < 0 || (!c && (x->para < f->para || (x->para == f->para &&
                      (x->sentence < f->sentence || (x->sentence == f->sentence &&
                       x->verb.start < f->verb.start))))))
            f = x;
    }
    char ks[8], kt[8];
    actor_key(f->source_code, ks);
    actor_key(f->target_code, kt);
    int n = snprintf(key, sizeof key, "%s|%s|%.3s|%s|%s:%u:%u:%u", ks, kt, e->code, w, f->doc,
                     f->para, f->sentence, f->verb.start);
    uint64_t h = XXH3_64bits(key, n > 0 ? (size_t)n : 0);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++)
        e->id[i] = hex[(h >> (60 - 4 * i)) & 15];
    e->id[16] = '\0';
}

static int cmp_event(const void *pa, const void *pb)
{
    const hr_event *x = pa, *y = pb;
    bool hx = x->when.precision != HR_PREC_NONE, hy = y->when.precision != HR_PREC_NONE;
    if (hx != hy)
        return hx ? -1 : 1;
    int c = cmp_date(&x->when.from, &y->when.from);
    return c ? c : strcmp(x->id, y->id);
}

/* Is b the mirror of a: the same kind of act with the roles swapped, each
 * claimed by its victim, or mutual accusations? */
static bool mirrors(const hr_event *a, const hr_event *b)
{
    if (cmp_country(a->source, b->target) || cmp_country(a->target, b->source) ||
        !a->target[0] || !cmp_country(a->source, a->target))
        return false;
    bool accuse = !strncmp(a->root, "11", 2) && !strncmp(b->root, "11", 2);
    bool claims = (a->flags & HR_EVT_CLAIM) && (b->flags & HR_EVT_CLAIM) &&
                  !cmp_country(a->claim_by, a->target) &&
                  !cmp_country(b->claim_by, b->target) && !cmp_base(a->code, b->code);
    return (accuse || claims) && dates_compatible(&a->when, &b->when);
}

/* Disputes are looked for within a dyad (the unordered pair of countries)
 * and a kind of act (accusations, or one base code), so the cost is the
 * sum of the squares of those groups, not of all events. Within a dyad the
 * events are taken in date-then-id order, whatever order ev is in. */
typedef struct dyad {
    char key[24];
    const hr_event *e;
    size_t ev;
} dyad;

static int cmp_event(const void *pa, const void *pb);

static int cmp_dyad(const void *pa, const void *pb)
{
    const dyad *x = pa, *y = pb;
    int c = strcmp(x->key, y->key);
    return c ? c : cmp_event(x->e, y->e);
}

void hr_aggregate_disputes(hr_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ev[i].disputed_with = -1;
        ev[i].flags &= ~(unsigned)HR_EVT_DISPUTED;
    }
    dyad *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return;
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ev[i].target[0])
            continue;
        hr_aggregate_dyad_key(ev[i].source, ev[i].target, ev[i].code, d[nd].key,
                              sizeof d[nd].key);
        d[nd].e = &ev[i];
        d[nd].ev = i;
        nd++;
    }
    qsort(d, nd, sizeof *d, cmp_dyad);
    for (size_t g = 0; g < nd;) {
        size_t end = g + 1;
        while (end < nd && !strcmp(d[g].key, d[end].key))
            end++;
        for (size_t x = g; x < end; x++) {
            hr_event *ex = &ev[d[x].ev];
            for (size_t y = x + 1; y < end && ex->disputed_with < 0; y++) {
                hr_event *ey = &ev[d[y].ev];
                if (ey->disputed_with < 0 && mirrors(ex, ey)) {
                    ex->disputed_with = (int64_t)d[y].ev;
                    ey->disputed_with = (int64_t)d[x].ev;
                    ex->flags |= HR_EVT_DISPUTED;
                    ey->flags |= HR_EVT_DISPUTED;
                }
            }
        }
        g = end;
    }
    free(d);
}

/* qsort has no context argument: the array being sorted by index */
static const hr_source *sort_base;

static int cmp_index(const void *pa, const void *pb)
{
    uint32_t x = *(const uint32_t *)pa, y = *(const uint32_t *)pb;
    int c = cmp_source(&sort_base[x], &sort_base[y]);
    return c ? c : (x > y) - (x < y);
}

/* Puts src[order[i]] at i for every i, in place (cycle by cycle; order is
 * consumed). */
static void permute(hr_source *src, uint32_t *order, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (order[i] == UINT32_MAX || order[i] == i)
            continue;
        hr_source keep_i = src[i];
        size_t j = i;
        for (;;) {
            size_t k = order[j];
            order[j] = UINT32_MAX;
            if (k == i) {
                src[j] = keep_i;
                break;
            }
            src[j] = src[k];
            j = k;
        }
    }
}

size_t hr_aggregate_events(hr_aggregator *a, const hr_event **out)
{
    *out = NULL;
    a->nev = 0;
    if (!a->n || a->n >= UINT32_MAX)
        return 0;
    uint32_t *idx = malloc(a->n * sizeof *idx);
    slot *sl = malloc(a->n * sizeof *sl);
    cluster *cl = malloc(a->n * sizeof *cl);
    const char **scratch = malloc(a->n * sizeof *scratch);
    if (!idx || !sl || !cl || !scratch) {
        free(idx), free(sl), free(cl), free(scratch);
        return 0;
    }
    for (size_t i = 0; i < a->n; i++)
        idx[i] = (uint32_t)i;
    sort_base = a->src;
    qsort(idx, a->n, sizeof *idx, cmp_index);
    size_t ncl = 0;
    for (size_t g = 0; g < a->n;) {
        size_t end = g + 1;
        while (end < a->n && !cmp_group(&a->src[idx[g]], &a->src[idx[end]]))
            end++;
        size_t c0 = ncl;
        for (size_t i = g; i < end; i++) {
            const hr_source *s = &a->src[idx[i]];
            size_t c = c0;
            for (; c < ncl; c++)
                if (dates_compatible(&cl[c].when, &s->when) &&
                    places_compatible(cl[c].place, s->place))
                    break;
            /* an undated mention (they sort last) joins the group's one
             * dated event when there is exactly one: an undated copy of a
             * dated story; with several it cannot tell which */
            int32_t lo, hi;
            bool yl;
            if (c == ncl && !interval(&s->when, &lo, &hi, &yl)) {
                size_t dated = 0, which = 0;
                for (size_t k = c0; k < ncl; k++)
                    if (interval(&cl[k].when, &lo, &hi, &yl)) {
                        dated++;
                        which = k;
                    }
                if (dated == 1 && places_compatible(cl[which].place, s->place))
                    c = which;
            }
            if (c == ncl) {
                cl[ncl].when = s->when;
                cl[ncl].place = s->place;
                ncl++;
            } else if (!cl[c].place) {
                cl[c].place = s->place;
            }
            sl[i].cluster = (uint32_t)c;
            sl[i].rank = (uint32_t)i;
            sl[i].repeat = (s->flags & HR_EV_REPEAT) != 0;
        }
        g = end;
    }
    free(cl);
    cl = NULL;
    /* final order: by event, first-hand mentions before repeats, each in
     * sorted order; order[k] = the source that goes to k */
    qsort(sl, a->n, sizeof *sl, cmp_slot);
    uint32_t *order = malloc(a->n * sizeof *order);
    if (!order) {
        free(idx), free(sl), free(cl), free(scratch);
        return 0;
    }
    for (size_t k = 0; k < a->n; k++)
        order[k] = idx[sl[k].rank];
    memcpy(idx, order, a->n * sizeof *idx);
    free(order);
    permute(a->src, idx, a->n);
    if (hr_grow((void **)&a->ev, &a->evcap, ncl, sizeof *a->ev)) {
        for (size_t i = 0; i < a->n;) {
            size_t end = i + 1;
            while (end < a->n && sl[end].cluster == sl[i].cluster)
                end++;
            hr_event *e = &a->ev[a->nev++];
            fill_event(e, &a->src[i], end - i, scratch);
            event_id(e);
            i = end;
        }
        qsort(a->ev, a->nev, sizeof *a->ev, cmp_event);
        hr_aggregate_disputes(a->ev, a->nev);
    }
    free(idx);
    free(sl);
    free(cl);
    free(scratch);
    *out = a->ev;
    return a->nev;
}
