/* export.c - the stored events in the formats other tools load: Herald's
 * own JSON Lines, the GDELT 2.0 event table, PLOVER-style JSON, CSV and a
 * readable timeline (README "Exports").
 *
 * One query selects the events (every filter value is a bound parameter,
 * never pasted into the SQL), in the order hr_aggregate_events gives them;
 * for each event a second query walks its mentions in the order the
 * aggregator keeps them (first-hand before repeats, most precise date
 * first), so that "the first source" means the same here as in `herald
 * aggregate`. Each event is built in memory as one line and written whole.
 */
#include "db.h"
#include "actors/actors.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- formats -------------------------------------------------------------- */

hr_export_format hr_export_format_parse(const char *name)
{
    static const struct {
        const char *name;
        hr_export_format f;
    } names[] = {{"jsonl", HR_EXPORT_JSONL}, {"gdelt", HR_EXPORT_GDELT},
                 {"plover", HR_EXPORT_PLOVER}, {"csv", HR_EXPORT_CSV},
                 {"text", HR_EXPORT_TEXT}};
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i].name))
            return names[i].f;
    return (hr_export_format)0;
}

/* ---- a line being built ----------------------------------------------------- */

typedef struct line {
    hr_buf b;
    bool oom;              /* an append failed: the line is not usable */
} line;

static void put(line *o, const char *s, size_t n)
{
    if (!o->oom && !hr_buf_append(&o->b, s, n))
        o->oom = true;
}

static void puts_(line *o, const char *s)
{
    put(o, s, strlen(s));
}

static void pf(line *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pf(line *o, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        o->oom = true;
    else
        put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string, or null for NULL. */
static void jstr_n(line *o, const char *s, size_t n)
{
    if (!o->oom && !hr_json_str(&o->b, s, n))
        o->oom = true;
}

static void jstr(line *o, const char *s)
{
    if (!s)
        puts_(o, "null");
    else
        jstr_n(o, s, strlen(s));
}

static const char *tf(bool b)
{
    return b ? "true" : "false";
}

/* A tab-separated field: tabs, line breaks and other control characters
 * become spaces, so no value can break a row; a double quote becomes an
 * apostrophe, as readers that honour CSV quoting in tab-separated files
 * (pandas, sqlite3's .import) would take a leading one as a quote. */
static void tsv(line *o, const char *s)
{
    for (; s && *s; s++)
        put(o, (unsigned char)*s < 0x20 ? " " : *s == '"' ? "'" : s, 1);
}

/* An RFC 4180 field: quoted, with quotes doubled, when it holds a comma, a
 * quote or a line break. */
static void csv(line *o, const char *s)
{
    if (!s || !s[strcspn(s, ",\"\r\n")]) {
        puts_(o, s ? s : "");
        return;
    }
    put(o, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            put(o, "\"", 1);     /* a quote is doubled */
        put(o, s, 1);
    }
    put(o, "\"", 1);
}

/* At most max bytes of s, cut at a character boundary, "..." when cut. */
static void shortened(line *o, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        put(o, s, n);
        return;
    }
    while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    put(o, s, max);
    puts_(o, "...");
}

/* ---- code units: which three letters are a country, a role... --------------- */

/* The kinds of the `@unit XYZ kind Description` lines of the built-in
 * actor dictionary (data/actors/codes.txt and the files it names), read
 * once per export; a country's description is its name. */
enum { U_NONE, U_COUNTRY, U_REGION, U_INTERNATIONAL, U_ROLE, U_ORG, U_RELIGION, U_ETHNIC };

typedef struct units {
    uint8_t kind[36 * 36 * 36];
    uint32_t name[36 * 36 * 36];    /* offset + 1 of a country's name in the blob */
} units;

static int unit_index(const char *u)
{
    int v = 0;
    for (int i = 0; i < 3; i++) {
        int c = (unsigned char)u[i];
        int d = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '0' && c <= '9' ? 26 + c - '0' : -1;
        if (d < 0)
            return -1;
        v = v * 36 + d;
    }
    return v;
}

static units *units_load(void)
{
    static const char *const kinds[] = {"", "country", "region", "international", "role",
                                        "org", "religion", "ethnic"};
    units *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    const char *p = hr_blob_actors, *end = hr_blob_actors_end;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (eol - p > 11 && !memcmp(p, "@unit ", 6) && p[9] == ' ') {
            int i = unit_index(p + 6);
            const char *k = p + 10, *ke = k;
            while (ke < eol && *ke != ' ')
                ke++;
            for (int j = 1; i >= 0 && j < 8; j++)
                if ((size_t)(ke - k) == strlen(kinds[j]) && !memcmp(k, kinds[j], ke - k)) {
                    u->kind[i] = (uint8_t)j;
                    if (j == U_COUNTRY && ke < eol)
                        u->name[i] = (uint32_t)(ke + 1 - hr_blob_actors) + 1;
                }
        }
        p = eol + 1;
    }
    return u;
}

static int unit_kind(const units *u, const char *code)
{
    int i = strlen(code) >= 3 ? unit_index(code) : -1;
    return i >= 0 ? u->kind[i] : U_NONE;
}

/* The name of a country code into out ("" when unknown). */
static void country_name(const units *u, const char *code, char *out, size_t size)
{
    out[0] = '\0';
    int i = strlen(code) == 3 ? unit_index(code) : -1;
    if (i < 0 || u->kind[i] != U_COUNTRY || !u->name[i])
        return;
    const char *s = hr_blob_actors + u->name[i] - 1;
    size_t n = strcspn(s, "\n");
    snprintf(out, size, "%.*s", (int)n, s);
}

/* The GDELT actor fields of a CAMEO actor code: its country, known group,
 * ethnic group, two religions and three types (roles and international
 * kinds such as IGO), each the first unit of that kind in the code. */
typedef struct gactor {
    char country[4], group[4], ethnic[4], religion[2][4], type[3][4];
} gactor;

static void split_actor(const units *u, const char *code, gactor *g)
{
    memset(g, 0, sizeof *g);
    int nrel = 0, ntype = 0;
    for (size_t i = 0; code && strlen(code + i) >= 3; i += 3) {
        char unit[4];
        memcpy(unit, code + i, 3);
        unit[3] = '\0';
        switch (unit_kind(u, unit)) {
        case U_COUNTRY:
            if (!g->country[0])
                memcpy(g->country, unit, 4);
            break;
        case U_ORG:
            if (!g->group[0])
                memcpy(g->group, unit, 4);
            break;
        case U_ETHNIC:
            if (!g->ethnic[0])
                memcpy(g->ethnic, unit, 4);
            break;
        case U_RELIGION:
            if (nrel < 2)
                memcpy(g->religion[nrel++], unit, 4);
            break;
        case U_ROLE:
        case U_INTERNATIONAL:
            if (ntype < 3)
                memcpy(g->type[ntype++], unit, 4);
            break;
        default:
            break;
        }
    }
}

/* ---- the queries -------------------------------------------------------------- */

/* The event columns, in this order. */
enum {
    E_ID, E_DATE, E_PREC, E_HOW, E_START, E_END, E_SOURCE, E_TARGET, E_CODE, E_ROOT, E_QUAD,
    E_GOLD, E_PLACE, E_COUNTRY, E_LAT, E_LON, E_MENTIONS, E_REPEATS, E_ARTICLES, E_OUTLETS,
    E_FIRST, E_TONE, E_CLAIM, E_FLAGS, E_DISPUTED
};

static const char EVENT_SQL[] =
    "SELECT e.id, e.date_value, e.date_precision, e.date_how, e.date_start, e.date_end,"
    " e.source, e.target, e.code, e.root, e.quad, e.goldstein, e.place, e.place_country,"
    " e.lat, e.lon, e.mentions, e.repeats, e.articles, e.outlets, e.first_seen, e.tone,"
    " e.claim_by, e.flags, e.disputed_with FROM events e WHERE 1 = 1";

/* The order of hr_aggregate_events: dated events first, by their first
 * date (yyyymmdd, zeros for what is unknown), then by id. */
static const char EVENT_ORDER[] =
    " ORDER BY CASE WHEN e.date_precision IS NULL THEN 1 ELSE 0 END, e.date_from, e.id";

/* The source columns, in this order. */
enum {
    M_DOC, M_URL, M_OUTLET, M_TITLE, M_PUBLISHED, M_PARA, M_SENTENCE, M_SSTART, M_SEND, M_TEXT,
    M_SOURCE, M_SRC_START, M_SRC_END, M_TARGET, M_TGT_START, M_TGT_END, M_VERB_START,
    M_VERB_END, M_CODE, M_DATE, M_PREC, M_HOW, M_DATE_TEXT, M_PLACE, M_COUNTRY, M_LAT, M_LON,
    M_VIA, M_CLAIM, M_REPEAT, M_FLAGS, M_LEAD
};

/* In the order of the aggregator's sources (HR_SQL_SOURCE_ORDER). M_LEAD
 * says whether the mention is in its document's first body paragraph. */
static const char SOURCE_SQL[] =
    "SELECT m.doc, (SELECT MIN(u.url) FROM document_urls u WHERE u.doc = m.doc), d.outlet,"
    " d.title, d.date, m.para, m.sentence, m.sentence_start, m.sentence_end, m.text,"
    " m.source, m.source_start, m.source_end, m.target, m.target_start, m.target_end,"
    " m.verb_start, m.verb_end, m.code, m.date_value, m.date_precision, m.date_how,"
    " m.date_text, m.place, m.place_country, m.lat, m.lon, m.via, m.claim_by, em.repeat,"
    " m.flags, CASE WHEN m.para = (SELECT MIN(p.idx) FROM paragraphs p WHERE p.doc = m.doc"
    " AND p.kind = 'body') THEN 1 ELSE 0 END"
    " FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND m.idx = em.idx"
    " JOIN documents d ON d.id = m.doc WHERE em.event = ?"
    HR_SQL_SOURCE_ORDER;

/* The event query of q: its filters (query.c, shared with herald events),
 * in the order of hr_aggregate_events. */
static void build_query(hr_sql *s, const hr_query *q)
{
    hr_sql_add(s, EVENT_SQL);
    hr_sql_filters(s, q);
    hr_sql_add(s, EVENT_ORDER);
    hr_sql_limit(s, q->limit, q->offset);
}

/* ---- one event ------------------------------------------------------------------- */

/* What the formats other than jsonl take from the first source. */
typedef struct first {
    char *url, *text, *source_name, *target_name;
    char *any_url;        /* the first URL of any source (GDELT's SOURCEURL) */
} first;

static void first_free(first *f)
{
    free(f->url), free(f->text), free(f->source_name), free(f->target_name);
    free(f->any_url);
    memset(f, 0, sizeof *f);
}

static char *dup_or_null(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The bytes of an actor's span (in the paragraph) within the sentence
 * text, which starts at the paragraph's byte `base`; false when outside. */
static bool span_in(hr_stmt *m, int c_start, const char *text, int64_t base, const char **s,
                    size_t *n)
{
    int64_t a = hr_col_int(m, c_start) - base, b = hr_col_int(m, c_start + 1) - base;
    int64_t len = (int64_t)strlen(text);
    if (hr_col_null(m, c_start) || a < 0 || b <= a || b > len)
        return false;
    *s = text + a;
    *n = (size_t)(b - a);
    return true;
}

static void actor_json(line *o, hr_stmt *m, int c_code, const char *text, int64_t base)
{
    const char *s;
    size_t n;
    puts_(o, "{\"code\":");
    jstr(o, hr_col_null(m, c_code) ? NULL : hr_col_text(m, c_code));
    if (!hr_col_null(m, c_code) && span_in(m, c_code + 1, text, base, &s, &n)) {
        puts_(o, ",\"text\":");
        jstr_n(o, s, n);
    }
    puts_(o, "}");
}

static const char *opt_text(hr_stmt *q, int c)
{
    return hr_col_null(q, c) ? NULL : hr_col_text(q, c);
}

static void place_json(line *o, hr_stmt *q, int c_name)
{
    if (hr_col_null(q, c_name)) {
        puts_(o, "null");
        return;
    }
    puts_(o, "{\"name\":");
    jstr(o, hr_col_text(q, c_name));
    puts_(o, ",\"country\":");
    jstr(o, hr_col_text(q, c_name + 1));
    pf(o, ",\"lat\":%.4f,\"lon\":%.4f}", hr_col_double(q, c_name + 2),
       hr_col_double(q, c_name + 3));
}

/* {"value","precision","how"} as herald aggregate writes a date; text is
 * the time expression when it is in this sentence. */
static void date_json(line *o, hr_stmt *q, int c_value, const char *text, const char *sentence)
{
    puts_(o, "{\"value\":");
    if (hr_col_null(q, c_value)) {
        puts_(o, "null,\"precision\":null");
    } else {
        jstr(o, hr_col_text(q, c_value));
        puts_(o, ",\"precision\":");
        jstr(o, opt_text(q, c_value + 1));
    }
    puts_(o, ",\"how\":");
    jstr(o, opt_text(q, c_value + 2));
    if (text && *text && sentence && strstr(sentence, text)) {
        puts_(o, ",\"text\":");
        jstr(o, text);
    }
    puts_(o, "}");
}

/* One source as herald aggregate writes it. */
static void source_json(line *o, hr_stmt *m)
{
    const char *text = hr_col_text(m, M_TEXT);
    int64_t base = hr_col_int(m, M_SSTART);
    puts_(o, "{\"doc\":");
    jstr(o, hr_col_text(m, M_DOC));
    puts_(o, ",\"url\":");
    jstr(o, opt_text(m, M_URL));
    puts_(o, ",\"outlet\":");
    jstr(o, opt_text(m, M_OUTLET));
    puts_(o, ",\"title\":");
    jstr(o, opt_text(m, M_TITLE));
    puts_(o, ",\"published\":");
    jstr(o, opt_text(m, M_PUBLISHED));
    pf(o, ",\"para\":%lld,\"sentence\":%lld,\"sentence_span\":[%lld,%lld],\"text\":",
       (long long)hr_col_int(m, M_PARA), (long long)hr_col_int(m, M_SENTENCE),
       (long long)base, (long long)hr_col_int(m, M_SEND));
    jstr(o, opt_text(m, M_TEXT));
    puts_(o, ",\"source\":");
    actor_json(o, m, M_SOURCE, text, base);
    puts_(o, ",\"target\":");
    actor_json(o, m, M_TARGET, text, base);
    pf(o, ",\"verb\":{\"span\":[%lld,%lld]},\"code\":", (long long)hr_col_int(m, M_VERB_START),
       (long long)hr_col_int(m, M_VERB_END));
    jstr(o, hr_col_text(m, M_CODE));
    puts_(o, ",\"date\":");
    date_json(o, m, M_DATE, opt_text(m, M_DATE_TEXT), text);
    puts_(o, ",\"place\":");
    place_json(o, m, M_PLACE);
    puts_(o, ",\"via\":");
    jstr(o, opt_text(m, M_VIA));
    puts_(o, ",\"claim_by\":");
    jstr(o, opt_text(m, M_CLAIM));
    pf(o, ",\"repeat\":%s,\"background\":%s}", tf(hr_col_int(m, M_REPEAT) != 0),
       tf((hr_col_int(m, M_FLAGS) & HR_EV_BACKGROUND) != 0));
}

/* One source as PLOVER-style JSON: where it was read. */
static void source_plover(line *o, hr_stmt *m)
{
    puts_(o, "{\"url\":");
    jstr(o, opt_text(m, M_URL));
    puts_(o, ",\"outlet\":");
    jstr(o, opt_text(m, M_OUTLET));
    puts_(o, ",\"sentence\":");
    jstr(o, opt_text(m, M_TEXT));
    puts_(o, "}");
}

/* Walks the sources of event id: appends them to `sources` (jsonl,
 * plover), keeps what the other formats need of the first, and says
 * whether a first-hand mention is in a lead paragraph. */
static hr_status walk_sources(hr_stmt *m, const char *id, hr_export_format f, line *sources,
                              first *fs, bool *lead, hr_error *err)
{
    hr_bind_text(m, 1, id);
    int rc;
    size_t k = 0;
    *lead = false;
    while ((rc = hr_step(m, err)) == 1) {
        if (f == HR_EXPORT_JSONL || f == HR_EXPORT_PLOVER) {
            if (k)
                puts_(sources, ",");
            if (f == HR_EXPORT_JSONL)
                source_json(sources, m);
            else
                source_plover(sources, m);
        }
        if (!hr_col_int(m, M_REPEAT) && hr_col_int(m, M_LEAD))
            *lead = true;
        if (!fs->any_url && !hr_col_null(m, M_URL) &&
            !(fs->any_url = strdup(hr_col_text(m, M_URL))))
            sources->oom = true;
        if (k++ == 0) {
            const char *text = hr_col_text(m, M_TEXT), *s;
            int64_t base = hr_col_int(m, M_SSTART);
            size_t n;
            fs->url = hr_col_null(m, M_URL) ? NULL : strdup(hr_col_text(m, M_URL));
            fs->text = strdup(text);
            if (span_in(m, M_SRC_START, text, base, &s, &n))
                fs->source_name = dup_or_null(s, n);
            if (span_in(m, M_TGT_START, text, base, &s, &n))
                fs->target_name = dup_or_null(s, n);
            if (!fs->text || (!fs->url && !hr_col_null(m, M_URL)))
                sources->oom = true;
        }
    }
    hr_stmt_reset(m);
    return rc < 0 ? (err->code ? err->code : HR_ERR_IO) : HR_OK;
}

static const char *col(hr_stmt *e, int c)
{
    return hr_col_text(e, c);
}

static void event_jsonl(line *o, hr_stmt *e, const line *sources)
{
    int64_t flags = hr_col_int(e, E_FLAGS);
    puts_(o, "{\"id\":");
    jstr(o, col(e, E_ID));
    puts_(o, ",\"date\":");
    date_json(o, e, E_DATE, NULL, NULL);
    puts_(o, ",\"source\":");
    jstr(o, opt_text(e, E_SOURCE));
    puts_(o, ",\"target\":");
    jstr(o, opt_text(e, E_TARGET));
    puts_(o, ",\"code\":");
    jstr(o, col(e, E_CODE));
    puts_(o, ",\"root\":");
    jstr(o, col(e, E_ROOT));
    pf(o, ",\"quad\":%lld,\"goldstein\":%.1f,\"place\":", (long long)hr_col_int(e, E_QUAD),
       hr_col_double(e, E_GOLD));
    place_json(o, e, E_PLACE);
    pf(o, ",\"mentions\":%lld,\"repeats\":%lld,\"articles\":%lld,\"outlets\":%lld,"
          "\"first_seen\":",
       (long long)hr_col_int(e, E_MENTIONS), (long long)hr_col_int(e, E_REPEATS),
       (long long)hr_col_int(e, E_ARTICLES), (long long)hr_col_int(e, E_OUTLETS));
    jstr(o, opt_text(e, E_FIRST));
    pf(o, ",\"tone\":%.2f,\"flags\":{\"claim_by\":", hr_col_double(e, E_TONE));
    jstr(o, opt_text(e, E_CLAIM));
    pf(o, ",\"claim_and_fact\":%s,\"disputed\":%s,\"background\":%s},\"disputed_with\":",
       tf(flags & HR_EVT_MIXED), tf(flags & HR_EVT_DISPUTED), tf(flags & HR_EVT_BACKGROUND));
    jstr(o, opt_text(e, E_DISPUTED));
    puts_(o, ",\"sources\":[");
    put(o, sources->b.data ? sources->b.data : "", sources->b.len);
    puts_(o, "]}\n");
}

/* PLOVER's event types (the categories of the PLOVER manual of the Open
 * Event Data Alliance) for CAMEO roots and a few base codes whose meaning
 * differs from their root's. The two schemes are cut differently: this is
 * approximate. 01 (public statement) has no PLOVER type: PLOVER codes no
 * simple commentary. */
static const char *plover_type(const char *code)
{
    static const struct {
        const char *prefix, *type;
    } map[] = {
        {"057", "AGREE"},      /* sign a formal agreement */
        {"087", "RETREAT"},    /* de-escalate: ceasefire, withdraw, demobilize */
        {"02", "DEMAND"},      /* appeal, request */
        {"03", "AGREE"},       /* express intent to cooperate */
        {"04", "CONSULT"},
        {"05", "SUPPORT"},     /* diplomatic cooperation */
        {"06", "COOPERATE"},   /* material cooperation */
        {"07", "AID"},
        {"08", "CONCEDE"},     /* yield */
        {"09", "INVESTIGATE"},
        {"10", "DEMAND"},
        {"11", "DISAPPROVE"},
        {"12", "REJECT"},
        {"13", "THREATEN"},
        {"14", "PROTEST"},
        {"15", "MOBILIZE"},    /* exhibit force posture */
        {"16", "SANCTION"},    /* reduce relations */
        {"17", "COERCE"},
        {"18", "ASSAULT"},
        {"19", "ASSAULT"},     /* fight */
        {"20", "ASSAULT"},     /* unconventional mass violence */
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strncmp(code, map[i].prefix, strlen(map[i].prefix)))
            return map[i].type;
    return NULL;
}

static void plover_actor(line *o, const char *code, const char *name)
{
    if (!code) {
        puts_(o, "null");
        return;
    }
    puts_(o, "{\"code\":");
    jstr(o, code);
    if (name) {
        puts_(o, ",\"name\":");
        jstr(o, name);
    }
    puts_(o, "}");
}

static void event_plover(line *o, hr_stmt *e, const first *fs, const line *sources)
{
    puts_(o, "{\"id\":");
    jstr(o, col(e, E_ID));
    puts_(o, ",\"date\":");
    jstr(o, opt_text(e, E_DATE));
    puts_(o, ",\"date_precision\":");
    jstr(o, opt_text(e, E_PREC));
    puts_(o, ",\"actor1\":");
    plover_actor(o, opt_text(e, E_SOURCE), fs->source_name);
    puts_(o, ",\"actor2\":");
    plover_actor(o, opt_text(e, E_TARGET), fs->target_name);
    puts_(o, ",\"event_type\":");
    jstr(o, plover_type(col(e, E_CODE)));
    puts_(o, ",\"mode\":");
    jstr(o, col(e, E_CODE));
    pf(o, ",\"quad\":%lld,\"goldstein\":%.1f,\"location\":", (long long)hr_col_int(e, E_QUAD),
       hr_col_double(e, E_GOLD));
    if (hr_col_null(e, E_PLACE)) {
        puts_(o, "null");
    } else {
        puts_(o, "{\"name\":");
        jstr(o, col(e, E_PLACE));
        puts_(o, ",\"country\":");
        jstr(o, opt_text(e, E_COUNTRY));
        pf(o, ",\"lat\":%.4f,\"lon\":%.4f}", hr_col_double(e, E_LAT), hr_col_double(e, E_LON));
    }
    pf(o, ",\"mentions\":%lld,\"articles\":%lld,\"outlets\":%lld,\"sources\":[",
       (long long)hr_col_int(e, E_MENTIONS), (long long)hr_col_int(e, E_ARTICLES),
       (long long)hr_col_int(e, E_OUTLETS));
    put(o, sources->b.data ? sources->b.data : "", sources->b.len);
    puts_(o, "]}\n");
}

/* A day number as YYYYMMDD (GDELT) or YYYY-MM-DD. */
static void day_text(int64_t day, bool iso, char *out, size_t size)
{
    int y, m, d;
    hr_civil_from_days((int32_t)day, &y, &m, &d);
    snprintf(out, size, iso ? "%04d-%02d-%02d" : "%04d%02d%02d", y, m, d);
}

/* GlobalEventID: the event id (16 hex digits, stable) as a number without
 * its top bit, so that signed 64-bit readers take it too. */
static unsigned long long global_id(const char *id)
{
    return strtoull(id, NULL, 16) & 0x7fffffffffffffffULL;
}

static void gdelt_actor(line *o, const units *u, const char *code, const char *name)
{
    gactor g;
    split_actor(u, code, &g);
    tsv(o, code);                            /* Actor1Code */
    puts_(o, "\t");
    tsv(o, code ? name : NULL);               /* Actor1Name */
    const char *rest[] = {g.country, g.group, g.ethnic, g.religion[0], g.religion[1],
                          g.type[0], g.type[1], g.type[2]};
    for (size_t i = 0; i < 8; i++) {
        puts_(o, "\t");
        puts_(o, rest[i]);
    }
    puts_(o, "\t");
}

/* The 61 columns of GDELT 2.0's event table (data/gdelt-events-columns.txt),
 * with what Herald has; README "Exports" says how each is filled. */
static void event_gdelt(line *o, hr_stmt *e, const units *u, const first *fs, bool lead)
{
    pf(o, "%llu\t", global_id(col(e, E_ID)));
    if (!hr_col_null(e, E_START)) {
        int y, m, d;
        int64_t day = hr_col_int(e, E_START);
        hr_civil_from_days((int32_t)day, &y, &m, &d);
        int doy = (int)(day - hr_days_from_civil(y, 1, 1));
        int ylen = (int)(hr_days_from_civil(y + 1, 1, 1) - hr_days_from_civil(y, 1, 1));
        /* Day, MonthYear, Year, FractionDate (the share of the year gone) */
        pf(o, "%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", y, m, d, y, m, y,
           y + (double)doy / ylen);
    } else {
        puts_(o, "\t\t\t\t");
    }
    gdelt_actor(o, u, opt_text(e, E_SOURCE), fs->source_name);
    gdelt_actor(o, u, opt_text(e, E_TARGET), fs->target_name);
    const char *code = col(e, E_CODE);
    char base[4];
    snprintf(base, sizeof base, "%.3s", code);
    pf(o, "%d\t", lead ? 1 : 0);
    tsv(o, code);
    puts_(o, "\t");
    tsv(o, base);
    puts_(o, "\t");
    tsv(o, col(e, E_ROOT));
    pf(o, "\t%lld\t%.1f\t%lld\t%lld\t%lld\t%.4f\t", (long long)hr_col_int(e, E_QUAD),
       hr_col_double(e, E_GOLD), (long long)hr_col_int(e, E_MENTIONS),
       (long long)hr_col_int(e, E_OUTLETS), (long long)hr_col_int(e, E_ARTICLES),
       hr_col_double(e, E_TONE));
    /* Actor1Geo_* and Actor2Geo_* (8 columns each): Herald places events,
     * not actors */
    puts_(o, "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t");
    /* ActionGeo_Type, FullName, CountryCode, ADM1, ADM2, Lat, Long, FeatureID */
    if (!hr_col_null(e, E_PLACE)) {
        const char *place = col(e, E_PLACE), *cc = col(e, E_COUNTRY);
        char country[128];
        country_name(u, cc, country, sizeof country);
        puts_(o, "\t");
        tsv(o, place);
        if (country[0] && strcmp(country, place)) {
            puts_(o, ", ");
            tsv(o, country);
        }
        puts_(o, "\t");
        tsv(o, cc);
        pf(o, "\t\t\t%.4f\t%.4f\t\t", hr_col_double(e, E_LAT), hr_col_double(e, E_LON));
    } else {
        puts_(o, "\t\t\t\t\t\t\t\t");
    }
    /* DATEADDED: the first publication day, at midnight */
    const char *fs_day = col(e, E_FIRST);
    if (strlen(fs_day) == 10)
        pf(o, "%.4s%.2s%.2s000000", fs_day, fs_day + 5, fs_day + 8);
    puts_(o, "\t");
    tsv(o, fs->any_url);
    puts_(o, "\n");
}

static const char CSV_HEADER[] =
    "id,date,precision,day_first,day_last,source,target,code,root,quad,goldstein,place,"
    "country,lat,lon,mentions,repeats,articles,outlets,first_seen,tone,claim_by,"
    "claim_and_fact,disputed,background,disputed_with,url,sentence\r\n";

static void event_csv(line *o, hr_stmt *e, const first *fs)
{
    int64_t flags = hr_col_int(e, E_FLAGS);
    char a[16] = "", b[16] = "";
    if (!hr_col_null(e, E_START)) {
        day_text(hr_col_int(e, E_START), true, a, sizeof a);
        day_text(hr_col_int(e, E_END), true, b, sizeof b);
    }
    csv(o, col(e, E_ID));
    const char *cells[] = {col(e, E_DATE), col(e, E_PREC), a, b, col(e, E_SOURCE),
                           col(e, E_TARGET), col(e, E_CODE), col(e, E_ROOT)};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        puts_(o, ",");
        csv(o, cells[i]);
    }
    pf(o, ",%lld,%.1f,", (long long)hr_col_int(e, E_QUAD), hr_col_double(e, E_GOLD));
    csv(o, col(e, E_PLACE));
    puts_(o, ",");
    csv(o, col(e, E_COUNTRY));
    if (hr_col_null(e, E_PLACE))
        puts_(o, ",,");
    else
        pf(o, ",%.4f,%.4f", hr_col_double(e, E_LAT), hr_col_double(e, E_LON));
    pf(o, ",%lld,%lld,%lld,%lld,", (long long)hr_col_int(e, E_MENTIONS),
       (long long)hr_col_int(e, E_REPEATS), (long long)hr_col_int(e, E_ARTICLES),
       (long long)hr_col_int(e, E_OUTLETS));
    csv(o, col(e, E_FIRST));
    pf(o, ",%.2f,", hr_col_double(e, E_TONE));
    csv(o, col(e, E_CLAIM));
    pf(o, ",%d,%d,%d,", (flags & HR_EVT_MIXED) != 0, (flags & HR_EVT_DISPUTED) != 0,
       (flags & HR_EVT_BACKGROUND) != 0);
    csv(o, col(e, E_DISPUTED));
    puts_(o, ",");
    csv(o, fs->url);
    puts_(o, ",");
    csv(o, fs->text);
    puts_(o, "\r\n");
}

/* One line as herald aggregate --format text writes it. */
static void event_text(line *o, hr_stmt *e, const first *fs)
{
    int64_t flags = hr_col_int(e, E_FLAGS);
    long long mn = hr_col_int(e, E_MENTIONS), ar = hr_col_int(e, E_ARTICLES),
              ou = hr_col_int(e, E_OUTLETS);
    const char *d = col(e, E_DATE), *s = col(e, E_SOURCE), *t = col(e, E_TARGET);
    pf(o, "%-22s %-9s %-5s %-9s %3lld mention%s %2lld article%s %2lld outlet%s", *d ? d : "-",
       *s ? s : "-", col(e, E_CODE), *t ? t : "-", mn, mn == 1 ? " " : "s", ar,
       ar == 1 ? " " : "s", ou, ou == 1 ? " " : "s");
    if (hr_col_int(e, E_REPEATS))
        puts_(o, " +repeats");
    if (flags & HR_EVT_CLAIM) {
        puts_(o, " claim-by-");
        puts_(o, col(e, E_CLAIM));
    }
    if (flags & HR_EVT_DISPUTED)
        puts_(o, " disputed");
    if (flags & HR_EVT_BACKGROUND)
        puts_(o, " background");
    if (fs->text) {
        puts_(o, " | ");
        shortened(o, fs->text, 160);
    }
    puts_(o, "\n");
}

/* ---- the export ------------------------------------------------------------------ */

static hr_status io_error(hr_error *err, hr_store *s)
{
    return hr_error_set(err, HR_ERR_IO, hr_store_db(s)->name, NULL, 0, UINT64_MAX,
                        "cannot write the export");
}

static hr_status nomem(hr_error *err, hr_store *s)
{
    return hr_error_set(err, HR_ERR_NOMEM, hr_store_db(s)->name, NULL, 0, UINT64_MAX,
                        "out of memory");
}

hr_status hr_store_export(hr_store *s, const hr_query *q, hr_export_format f, FILE *out,
                          uint64_t *n_events, hr_error *err)
{
    if (n_events)
        *n_events = 0;
    if (f < HR_EXPORT_JSONL || f > HR_EXPORT_TEXT)
        return hr_error_set(err, HR_ERR_ARG, "export", NULL, 0, UINT64_MAX,
                            "unknown export format %d", (int)f);
    static const hr_query all;
    if (!q)
        q = &all;
    hr_db *db = hr_store_db(s);
    hr_sql qs = {.kind = db->kind};
    build_query(&qs, q);
    units *u = f == HR_EXPORT_GDELT ? units_load() : NULL;
    hr_stmt *ev = NULL, *src = NULL;
    line o = {0}, sources = {0};
    hr_status st = HR_OK;
    if (qs.oom || (f == HR_EXPORT_GDELT && !u)) {
        st = nomem(err, s);
        goto done;
    }
    if (!(ev = hr_sql_prepare(db, &qs, err)) ||
        !(src = hr_db_prepare(db, SOURCE_SQL, err))) {
        st = err->code ? err->code : HR_ERR_IO;
        goto done;
    }
    if (f == HR_EXPORT_CSV && fputs(CSV_HEADER, out) == EOF) {
        st = io_error(err, s);
        goto done;
    }
    int rc;
    uint64_t n = 0;
    while ((rc = hr_step(ev, err)) == 1) {
        first fs = {0};
        bool lead = false;
        o.b.len = sources.b.len = 0;
        st = walk_sources(src, col(ev, E_ID), f, &sources, &fs, &lead, err);
        if (st == HR_OK) {
            switch (f) {
            case HR_EXPORT_JSONL: event_jsonl(&o, ev, &sources); break;
            case HR_EXPORT_GDELT: event_gdelt(&o, ev, u, &fs, lead); break;
            case HR_EXPORT_PLOVER: event_plover(&o, ev, &fs, &sources); break;
            case HR_EXPORT_CSV: event_csv(&o, ev, &fs); break;
            case HR_EXPORT_TEXT: event_text(&o, ev, &fs); break;
            }
        }
        first_free(&fs);
        if (st != HR_OK)
            break;
        if (o.oom || sources.oom) {
            st = nomem(err, s);
            break;
        }
        if (fwrite(o.b.data, 1, o.b.len, out) != o.b.len) {
            st = io_error(err, s);
            break;
        }
        n++;
    }
    hr_stmt_reset(ev);
    if (st == HR_OK && rc < 0)
        st = err->code ? err->code : HR_ERR_IO;
    if (st == HR_OK && fflush(out) != 0)
        st = io_error(err, s);
    if (n_events)
        *n_events = n;
done:
    hr_stmt_free(ev);
    hr_stmt_free(src);
    hr_buf_free(&o.b);
    hr_buf_free(&sources.b);
    free(u);
    hr_sql_free(&qs);
    return st;
}
