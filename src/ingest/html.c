/*
 * html.c - an HTML page to paragraphs and metadata.
 *
 * libxml2's HTML parser runs in SAX mode: no tree is built, so memory per
 * page is the input plus the paragraph being built, and each event costs a
 * few comparisons. Before parsing, the page is made valid UTF-8 without NUL
 * bytes (decoded from its charset with iconv, invalid bytes replaced by
 * U+FFFD), and libxml2 is told to ignore <meta charset>: it then never
 * switches encodings mid-page, and never meets a conversion error (libxml2
 * reports those on stderr, outside any per-context handler).
 *
 * Paragraphs: the text of each block element (p, div, li, h1-h6, td...),
 * whitespace collapsed. Text before a nested block is a paragraph of its
 * own, so is text after it, and <br><br> ends a paragraph. A paragraph's
 * tag is the innermost block element around it, its ctx the HR_CTX_* flags
 * of its ancestors (and of inline elements around any of its text), its
 * links the spans of text inside <a href>.
 *
 * Offsets: a paragraph's offset is a byte offset in the page as decoded to
 * UTF-8, which is the byte offset in the HTML itself when the page is valid
 * UTF-8 (the usual case; each invalid byte replaced before it shifts it by
 * two). A paragraph that begins with its block points at the '<' of the
 * block's start tag; one that follows a nested block or a <br><br> points
 * just past that markup.
 */
#include "internal.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>

#define HTML_OPTIONS                                                        \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
     HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

/* Elements deeper than this still give their text but no ctx of their own:
 * the stack stays a fixed size whatever the page. */
#define MAX_DEPTH 256
/* JSON-LD blocks past this are dropped rather than parsed. */
#define MAX_LD ((size_t)4 << 20)
/* How far the charset prescan looks for <meta charset>. */
#define PRESCAN ((size_t)64 << 10)

/* ---- element table ------------------------------------------------------ */

enum {
    K_BLOCK = 1 << 0,   /* a paragraph boundary; names the paragraph */
    K_SKIP = 1 << 1,    /* its text goes nowhere */
    K_HEAD = 1 << 2     /* <head>: text dropped, metadata kept */
};

enum { S_NONE, S_A, S_BR, S_META, S_LINK, S_TITLE, S_TIME, S_SCRIPT, S_ROOT };

typedef struct tag_info {
    const char *name;
    uint8_t kind;
    uint8_t special;
    uint16_t ctx;
} tag_info;

/* Sorted by strcmp for bsearch. Unknown elements (custom elements,
 * span, b...) are inline: no boundary, no flags. */
static const tag_info TAGS[] = {
    {"a", 0, S_A, 0},
    {"address", K_BLOCK, 0, 0},
    {"applet", K_SKIP, 0, 0},
    {"article", K_BLOCK, 0, HR_CTX_ARTICLE},
    {"aside", K_BLOCK, 0, HR_CTX_ASIDE},
    {"audio", K_SKIP, 0, 0},
    {"blockquote", K_BLOCK, 0, HR_CTX_QUOTE},
    {"body", K_BLOCK, S_ROOT, 0},
    {"br", 0, S_BR, 0},
    {"button", K_SKIP, 0, HR_CTX_FORM},
    {"canvas", K_SKIP, 0, 0},
    {"caption", K_BLOCK, 0, HR_CTX_CAPTION},
    {"center", K_BLOCK, 0, 0},
    {"datalist", K_SKIP, 0, 0},
    {"dd", K_BLOCK, 0, HR_CTX_LIST},
    {"details", K_BLOCK, 0, 0},
    {"dialog", K_BLOCK, 0, 0},
    {"div", K_BLOCK, 0, 0},
    {"dl", K_BLOCK, 0, 0},
    {"dt", K_BLOCK, 0, HR_CTX_LIST},
    {"embed", K_SKIP, 0, 0},
    {"fieldset", K_BLOCK, 0, 0},
    {"figcaption", K_BLOCK, 0, HR_CTX_CAPTION},
    {"figure", K_BLOCK, 0, 0},
    {"footer", K_BLOCK, 0, HR_CTX_FOOTER},
    {"form", K_BLOCK, 0, HR_CTX_FORM},
    {"frameset", K_SKIP, 0, 0},
    {"h1", K_BLOCK, 0, HR_CTX_HEADING},
    {"h2", K_BLOCK, 0, HR_CTX_HEADING},
    {"h3", K_BLOCK, 0, HR_CTX_HEADING},
    {"h4", K_BLOCK, 0, HR_CTX_HEADING},
    {"h5", K_BLOCK, 0, HR_CTX_HEADING},
    {"h6", K_BLOCK, 0, HR_CTX_HEADING},
    {"head", K_HEAD, 0, 0},
    {"header", K_BLOCK, 0, HR_CTX_HEADER},
    {"hgroup", K_BLOCK, 0, 0},
    {"hr", K_BLOCK, 0, 0},
    {"html", K_BLOCK, S_ROOT, 0},
    {"iframe", K_SKIP, 0, 0},
    {"legend", K_BLOCK, 0, 0},
    {"li", K_BLOCK, 0, HR_CTX_LIST},
    {"link", 0, S_LINK, 0},
    {"main", K_BLOCK, 0, HR_CTX_MAIN},
    {"math", K_SKIP, 0, 0},
    {"menu", K_BLOCK, 0, 0},
    {"meta", 0, S_META, 0},
    {"nav", K_BLOCK, 0, HR_CTX_NAV},
    {"noembed", K_SKIP, 0, 0},
    {"noframes", K_SKIP, 0, 0},
    {"noscript", K_SKIP, 0, 0},
    {"object", K_SKIP, 0, 0},
    {"ol", K_BLOCK, 0, 0},
    {"option", K_SKIP, 0, 0},
    {"p", K_BLOCK, 0, 0},
    {"pre", K_BLOCK, 0, 0},
    {"script", K_SKIP, S_SCRIPT, 0},
    {"section", K_BLOCK, 0, 0},
    {"select", K_SKIP, 0, 0},
    {"style", K_SKIP, 0, 0},
    {"summary", K_BLOCK, 0, 0},
    {"svg", K_SKIP, 0, 0},
    {"table", K_BLOCK, 0, 0},
    {"tbody", K_BLOCK, 0, 0},
    {"td", K_BLOCK, 0, HR_CTX_TABLE},
    {"template", K_SKIP, 0, 0},
    {"textarea", K_SKIP, 0, 0},
    {"tfoot", K_BLOCK, 0, 0},
    {"th", K_BLOCK, 0, HR_CTX_TABLE},
    {"thead", K_BLOCK, 0, 0},
    {"time", 0, S_TIME, 0},
    {"title", 0, S_TITLE, 0},
    {"tr", K_BLOCK, 0, 0},
    {"ul", K_BLOCK, 0, 0},
    {"video", K_SKIP, 0, 0},
};

static const tag_info TAG_OTHER = {NULL, 0, 0, 0};

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const tag_info *)elem)->name);
}

/* ---- metadata sources ---------------------------------------------------- */

enum { TITLE_OG, TITLE_TWITTER, TITLE_TAG, TITLE_H1, N_TITLE };
/* Publication date sources, best first. */
enum {
    DATE_ARTICLE, DATE_OG, DATE_ITEMPROP, DATE_JSONLD, DATE_META, DATE_TIME,
    N_DATE
};

enum { M_TITLE_OG, M_TITLE_TW, M_URL_OG, M_SITE, M_APP, M_DATE };

typedef struct meta_key {
    const char *key;     /* property= or name=, compared ignoring case */
    uint8_t what;
    uint8_t slot;        /* date slot for M_DATE */
    const char *source;  /* date_source for M_DATE */
} meta_key;

static const meta_key META_KEYS[] = {
    {"og:title", M_TITLE_OG, 0, NULL},
    {"twitter:title", M_TITLE_TW, 0, NULL},
    {"og:url", M_URL_OG, 0, NULL},
    {"og:site_name", M_SITE, 0, NULL},
    {"application-name", M_APP, 0, NULL},
    {"article:published_time", M_DATE, DATE_ARTICLE,
     "meta:article:published_time"},
    {"og:article:published_time", M_DATE, DATE_OG,
     "meta:og:article:published_time"},
    {"og:published_time", M_DATE, DATE_OG, "meta:og:published_time"},
    {"date", M_DATE, DATE_META, "meta:date"},
    {"pubdate", M_DATE, DATE_META, "meta:pubdate"},
    {"publishdate", M_DATE, DATE_META, "meta:publishdate"},
    {"publish-date", M_DATE, DATE_META, "meta:publish-date"},
    {"publish_date", M_DATE, DATE_META, "meta:publish_date"},
    {"dc.date", M_DATE, DATE_META, "meta:dc.date"},
    {"dc.date.issued", M_DATE, DATE_META, "meta:dc.date.issued"},
    {"dcterms.date", M_DATE, DATE_META, "meta:dcterms.date"},
    {"dcterms.issued", M_DATE, DATE_META, "meta:dcterms.issued"},
    {"sailthru.date", M_DATE, DATE_META, "meta:sailthru.date"},
    {"parsely-pub-date", M_DATE, DATE_META, "meta:parsely-pub-date"},
    {"article.published", M_DATE, DATE_META, "meta:article.published"},
};

/* ---- parser state ------------------------------------------------------- */

enum {
    D_BLOCK = 1 << 0, D_SKIP = 1 << 1, D_HEAD = 1 << 2, D_LINK = 1 << 3,
    D_TITLE = 1 << 4, D_LD = 1 << 5
};

typedef struct frame {
    const char *block;   /* innermost block element's name (static) */
    uint32_t ctx;        /* HR_CTX_* of this element and its ancestors */
    uint8_t did;         /* D_*: what the start tag did, undone at the end */
} frame;

typedef struct tag_slot {
    const xmlChar *name;
    const tag_info *info;
} tag_slot;

typedef struct date_slot {
    hr_date date;
    const char *source;
    bool set;
} date_slot;

typedef struct html_state {
    hr_docb *b;
    htmlParserCtxtPtr ctxt;
    hr_status status;

    frame stack[MAX_DEPTH];
    size_t depth;        /* open elements, may exceed MAX_DEPTH */
    unsigned skip, head, link;
    /* libxml2 hands out element names interned in its dictionary: a
     * pointer-keyed cache spares a table search per tag. */
    tag_slot cache[256];

    /* The paragraph being built. */
    hr_buf text;
    hr_span *links;
    size_t n_links, cap_links;
    int64_t link_start;  /* where the open link's text began, -1 if none */
    bool open;           /* some text since the last boundary */
    bool space;          /* whitespace seen and not yet written */
    bool br;             /* a <br> with no text after it */
    uint64_t mark;       /* offset of the next paragraph */
    uint64_t p_offset;
    const char *p_tag;
    uint32_t p_ctx;

    hr_buf title;
    bool in_title;
    hr_buf ld;
    bool in_ld;

    const char *titles[N_TITLE];
    const char *canonical, *og_url, *site_name, *app_name;
    date_slot dates[N_DATE];
} html_state;

static const frame ROOT = {"body", 0, 0};

static inline const frame *top(const html_state *st)
{
    if (st->depth == 0)
        return &ROOT;
    return &st->stack[HR_MIN(st->depth, (size_t)MAX_DEPTH) - 1];
}

static void fail(html_state *st, hr_status s)
{
    if (st->status == HR_OK)
        st->status = s;
    if (st->ctxt)
        xmlStopParser(st->ctxt);
}

static const tag_info *tag_find(html_state *st, const xmlChar *name)
{
    uintptr_t h = (uintptr_t)name;
    h = (h >> 4) ^ (h >> 12);
    tag_slot *slot = &st->cache[h & 255];
    if (slot->name == name)
        return slot->info;
    const tag_info *t = bsearch(name, TAGS, sizeof TAGS / sizeof TAGS[0],
                                sizeof TAGS[0], tag_cmp);
    slot->name = name;
    slot->info = t ? t : &TAG_OTHER;
    return slot->info;
}

/* Where the parser is, in bytes of its (UTF-8) input. */
static uint64_t parser_pos(const html_state *st)
{
    const xmlParserInput *in = st->ctxt->input;
    if (!in || !in->cur || !in->base)
        return 0;
    return (uint64_t)in->consumed + (uint64_t)(in->cur - in->base);
}

/* The '<' of the start tag just parsed: at startElement the parser sits on
 * its closing '>' (or "/>"); an implied element sits on what implied it. */
static uint64_t start_tag_pos(const html_state *st)
{
    const xmlParserInput *in = st->ctxt->input;
    if (!in || !in->cur || !in->base)
        return 0;
    const xmlChar *p = in->cur;
    if (p < in->end && (*p == '>' || *p == '/')) {
        const xmlChar *lim = p - in->base > 4096 ? p - 4096 : in->base;
        const xmlChar *q = p;
        while (q > lim && *--q != '<')
            ;
        if (*q == '<')
            p = q;
    }
    return (uint64_t)in->consumed + (uint64_t)(p - in->base);
}

/* ---- paragraphs ----------------------------------------------------------- */

/* Bytes that collapse into one space: ASCII whitespace and controls. */
static inline bool is_ws(unsigned char c)
{
    return c <= 0x20 || c == 0x7f;
}

static void close_link(html_state *st)
{
    if (st->link_start >= 0 && (size_t)st->link_start < st->text.len) {
        if (st->n_links == st->cap_links) {
            size_t cap = st->cap_links ? 2 * st->cap_links : 16;
            hr_span *n = realloc(st->links, cap * sizeof *n);
            if (!n) {
                fail(st, HR_ERR_NOMEM);
                return;
            }
            st->links = n;
            st->cap_links = cap;
        }
        st->links[st->n_links].start = (uint32_t)st->link_start;
        st->links[st->n_links].end = (uint32_t)HR_MIN(st->text.len, UINT32_MAX);
        st->n_links++;
    }
    st->link_start = -1;
}

static void flush(html_state *st)
{
    if (!st->open)
        return;
    if (st->link)
        close_link(st);   /* reopens with the next text */
    hr_docb *b = st->b;
    if (!hr_docb_add_para(b, st->text.data, st->text.len, st->p_offset,
                          st->p_tag, st->p_ctx, st->links, st->n_links)) {
        fail(st, HR_ERR_NOMEM);
    } else if (!st->titles[TITLE_H1] && strcmp(st->p_tag, "h1") == 0) {
        st->titles[TITLE_H1] = hr_docb_meta(b, st->text.data, st->text.len);
    }
    st->text.len = 0;
    st->n_links = 0;
    st->link_start = -1;
    st->open = false;
    st->space = false;
}

static void boundary(html_state *st, uint64_t pos)
{
    flush(st);
    st->mark = pos;
    st->br = false;
    st->space = false;
}

/* Appends text with runs of whitespace (and no-break spaces) made one
 * space, written only when more text follows. */
static void append_text(html_state *st, const xmlChar *s, size_t n)
{
    /* Output never exceeds the input plus one pending space. */
    if (!hr_buf_reserve(&st->text, n + 2)) {
        fail(st, HR_ERR_NOMEM);
        return;
    }
    char *out = st->text.data;
    size_t o = st->text.len;
    const xmlChar *p = s, *end = s + n;
    bool wrote = false;
    while (p < end) {
        if (is_ws(*p)) {
            st->space = true;
            p++;
            continue;
        }
        if (*p == 0xC2 && p + 1 < end && p[1] == 0xA0) {
            st->space = true;
            p += 2;
            continue;
        }
        const xmlChar *q = p + 1;
        while (q < end && !is_ws(*q) && !(*q == 0xC2 && q + 1 < end && q[1] == 0xA0))
            q++;
        if (!st->open) {
            const frame *f = top(st);
            st->open = true;
            st->p_offset = st->mark;
            st->p_tag = f->block;
            st->p_ctx = 0;
            o = 0;
        }
        if (st->space && o > 0)
            out[o++] = ' ';
        st->space = false;
        if (st->link && st->link_start < 0)
            st->link_start = (int64_t)o;
        memcpy(out + o, p, (size_t)(q - p));
        o += (size_t)(q - p);
        p = q;
        wrote = true;
    }
    st->text.len = o;
    out[o] = '\0';
    if (wrote) {
        st->br = false;
        st->p_ctx |= top(st)->ctx;
    }
}

/* ---- attributes ------------------------------------------------------------ */

/* The class/id words that hint at boilerplate or content, matched by
 * length first: this runs for every class attribute of the page. */
#define IS(lit) (memcmp(w, lit, sizeof lit - 1) == 0)

static uint32_t word_hint(const char *w, size_t n)
{
    const uint32_t B = HR_CTX_BOILER_HINT, C = HR_CTX_CONTENT_HINT;
    switch (n) {
    case 2:
        return IS("ad") ? B : 0;
    case 3:
        return IS("ads") || IS("nav") ? B : 0;
    case 4:
        return IS("menu") ? B : IS("post") ? C : 0;
    case 5:
        return IS("promo") || IS("popup") || IS("share") ? B
               : IS("story") || IS("entry") ? C : 0;
    case 6:
        return IS("advert") || IS("cookie") || IS("footer") || IS("navbar") ||
               IS("promos") || IS("social") ? B : 0;
    case 7:
        return IS("adverts") || IS("comment") || IS("consent") ||
               IS("cookies") || IS("related") || IS("sharing") ||
               IS("sidebar") || IS("taboola") ? B
               : IS("article") || IS("content") ? C : 0;
    case 8:
        return IS("comments") || IS("outbrain") || IS("promoted") ||
               IS("trending") ? B : 0;
    case 9:
        return IS("sponsored") || IS("subscribe") ? B : 0;
    case 10:
        return IS("breadcrumb") || IS("navigation") || IS("newsletter") ? B : 0;
    case 11:
        return IS("advertising") || IS("breadcrumbs") || IS("recommended") ? B : 0;
    case 12:
        return IS("subscription") ? B : 0;
    case 13:
        return IS("advertisement") ? B : 0;
    default:
        return 0;
    }
}

/* Whole class tokens, separators removed: "body-text", "bodyText". */
static uint32_t token_hint(const char *w, size_t n)
{
    switch (n) {
    case 8:
        return IS("bodytext") || IS("bodycopy") || IS("postbody")
               ? HR_CTX_CONTENT_HINT : 0;
    case 9:
        return IS("storybody") || IS("storytext") ? HR_CTX_CONTENT_HINT : 0;
    case 11:
        return IS("articlebody") || IS("articletext") || IS("maincontent")
               ? HR_CTX_CONTENT_HINT : 0;
    case 12:
        return IS("entrycontent") ? HR_CTX_CONTENT_HINT : 0;
    default:
        return 0;
    }
}

#undef IS

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* Character classes for class/id values. */
enum { C_OTHER = 0, C_SPACE, C_LOWER, C_UPPER, C_DIGIT };
static const uint8_t CCLASS[256] = {
    [' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\r'] = C_SPACE,
    ['\f'] = C_SPACE,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
    ['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
    ['8'] = C_DIGIT, ['9'] = C_DIGIT,
#define L(c) [c] = C_LOWER, [c - 32] = C_UPPER
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'),
    L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'),
    L('s'), L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
#undef L
};

/* Class/id hints: each token is cut into words at non-alphanumerics and at
 * camelCase humps ("social-share", "shareBar"), and words are matched. */
static uint32_t hints(const char *v)
{
    uint32_t ctx = 0;
    const unsigned char *s = (const unsigned char *)v;
    char squash[16];   /* the token's letters and digits, lower-cased */
    size_t sq = 0;
    char word[16];
    size_t wn = 0;
    for (;; s++) {
        uint8_t c = *s ? CCLASS[*s] : C_SPACE;
        bool hump = c == C_UPPER && wn > 0 && CCLASS[s[-1]] == C_LOWER;
        if (c == C_SPACE || c == C_OTHER || hump) {
            /* A word ends. */
            if (wn >= 2 && wn <= sizeof word)
                ctx |= word_hint(word, wn);
            wn = 0;
        }
        if (c == C_SPACE) {
            /* A token ends. */
            if (sq >= 8 && sq <= sizeof squash)
                ctx |= token_hint(squash, sq);
            sq = 0;
            if (!*s)
                break;
            continue;
        }
        if (c == C_OTHER)
            continue;
        char lc = (char)(c == C_UPPER ? *s + 32 : *s);
        if (wn < sizeof word)
            word[wn] = lc;
        wn++;
        if (sq < sizeof squash)
            squash[sq] = lc;
        sq++;
    }
    return ctx;
}

/* Does the space-separated list v hold token w (ASCII case ignored)? */
static bool has_token(const char *v, const char *w)
{
    size_t n = strlen(w);
    const char *s = v;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
            s++;
        const char *e = s;
        while (*e && !(*e == ' ' || *e == '\t' || *e == '\n' || *e == '\r' || *e == '\f'))
            e++;
        if ((size_t)(e - s) == n && strncasecmp(s, w, n) == 0)
            return true;
        s = e;
    }
    return false;
}

static uint32_t role_ctx(const char *v)
{
    static const struct { const char *role; uint32_t ctx; } R[] = {
        {"navigation", HR_CTX_NAV}, {"banner", HR_CTX_HEADER},
        {"contentinfo", HR_CTX_FOOTER}, {"complementary", HR_CTX_ASIDE},
        {"main", HR_CTX_MAIN}, {"article", HR_CTX_ARTICLE},
        {"search", HR_CTX_FORM}, {"form", HR_CTX_FORM},
    };
    uint32_t ctx = 0;
    for (size_t i = 0; i < NWORDS(R); i++)
        if (has_token(v, R[i].role))
            ctx |= R[i].ctx;
    return ctx;
}

static void set_date(html_state *st, int slot, const char *source,
                     const char *v)
{
    date_slot *d = &st->dates[slot];
    if (d->set || !v)
        return;
    size_t n = strlen(v);
    while (n && is_ws((unsigned char)*v)) {
        v++;
        n--;
    }
    while (n && is_ws((unsigned char)v[n - 1]))
        n--;
    hr_date date;
    if (n && hr_date_parse_iso(v, n, &date)) {
        d->date = date;
        d->source = source;
        d->set = true;
    }
}

static const char *meta_str(html_state *st, const char *v)
{
    return v ? hr_docb_meta(st->b, v, strlen(v)) : NULL;
}

static void meta_tag(html_state *st, const char *key, const char *content)
{
    if (!key || !content)
        return;
    for (size_t i = 0; i < NWORDS(META_KEYS); i++) {
        const meta_key *m = &META_KEYS[i];
        if (strcasecmp(key, m->key) != 0)
            continue;
        switch (m->what) {
        case M_TITLE_OG:
            if (!st->titles[TITLE_OG])
                st->titles[TITLE_OG] = meta_str(st, content);
            break;
        case M_TITLE_TW:
            if (!st->titles[TITLE_TWITTER])
                st->titles[TITLE_TWITTER] = meta_str(st, content);
            break;
        case M_URL_OG:
            if (!st->og_url)
                st->og_url = meta_str(st, content);
            break;
        case M_SITE:
            if (!st->site_name)
                st->site_name = meta_str(st, content);
            break;
        case M_APP:
            if (!st->app_name)
                st->app_name = meta_str(st, content);
            break;
        default:
            set_date(st, m->slot, m->source, content);
            break;
        }
        return;
    }
}

/* Do we still want a JSON-LD date: nothing better found yet? */
static bool want_ld(const html_state *st)
{
    for (int i = 0; i <= DATE_JSONLD; i++)
        if (st->dates[i].set)
            return false;
    return true;
}

/* Does an inline style hide the element (display:none, visibility:hidden)? */
static bool style_hides(const char *v)
{
    char c[256];
    size_t o = 0;
    for (const char *q = v; *q && o < sizeof c - 1; q++)
        if (*q != ' ' && *q != '\t')
            c[o++] = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
    c[o] = '\0';
    return strstr(c, "display:none") || strstr(c, "visibility:hidden");
}

/* Reads the start tag's attributes into f and the metadata. */
static void read_attrs(html_state *st, frame *f, const tag_info *t,
                       const xmlChar **atts)
{
    const char *content = NULL, *datetime = NULL, *href = NULL;
    const char *property = NULL, *name = NULL, *rel = NULL, *type = NULL;
    bool date_prop = false;
    bool hint_ok = t->special != S_ROOT;   /* see below */
    for (size_t i = 0; atts[i]; i += 2) {
        const char *k = (const char *)atts[i];
        const char *v = (const char *)atts[i + 1];
        /* Hidden elements are not shown to a reader; some pages keep a
         * second, hidden copy of the whole article for crawlers. */
        if (t->special != S_ROOT &&
            ((k[0] == 'h' && strcmp(k, "hidden") == 0) ||
             (v && k[0] == 's' && strcmp(k, "style") == 0 && style_hides(v))))
            f->did |= D_SKIP;
        if (!v)
            continue;   /* a bare attribute: <time pubdate> */
        switch (k[0]) {
        case 'c':
            if (strcmp(k, "class") == 0) {
                /* <body class="single-post ..."> names the page type, not
                 * a part of it: it would mark every paragraph. */
                if (hint_ok)
                    f->ctx |= hints(v);
            } else if (strcmp(k, "content") == 0) {
                content = v;
            }
            break;
        case 'i':
            if (strcmp(k, "id") == 0) {
                if (hint_ok)
                    f->ctx |= hints(v);
            } else if (strcmp(k, "itemprop") == 0) {
                if (has_token(v, "articleBody"))
                    f->ctx |= HR_CTX_CONTENT_HINT;
                if (has_token(v, "datePublished"))
                    date_prop = true;
            }
            break;
        case 'r':
            if (strcmp(k, "role") == 0)
                f->ctx |= role_ctx(v);
            else if (strcmp(k, "rel") == 0)
                rel = v;
            break;
        case 'h':
            if (strcmp(k, "href") == 0)
                href = v;
            break;
        case 'p':
            if (strcmp(k, "property") == 0)
                property = v;
            break;
        case 'n':
            if (strcmp(k, "name") == 0)
                name = v;
            break;
        case 't':
            if (strcmp(k, "type") == 0)
                type = v;
            break;
        case 'd':
            if (strcmp(k, "datetime") == 0)
                datetime = v;
            break;
        default:
            break;
        }
    }

    if (date_prop && st->skip == 0)
        set_date(st, DATE_ITEMPROP, "itemprop:datePublished",
                 content ? content : datetime);

    switch (t->special) {
    case S_META:
        meta_tag(st, property, content);
        if (name && (!property || strcasecmp(name, property) != 0))
            meta_tag(st, name, content);
        break;
    case S_LINK:
        if (rel && href && !st->canonical && has_token(rel, "canonical"))
            st->canonical = meta_str(st, href);
        break;
    case S_A:
        if (href && st->skip == 0) {
            f->did |= D_LINK;
            if (st->link++ == 0)
                st->link_start = -1;
        }
        break;
    case S_TIME:
        if (datetime && st->skip == 0 && (f->ctx & HR_CTX_ARTICLE))
            set_date(st, DATE_TIME, "time", datetime);
        break;
    case S_SCRIPT:
        if (type && strncasecmp(type, "application/ld+json", 19) == 0 &&
            !st->in_ld && want_ld(st)) {
            f->did |= D_LD;
            st->in_ld = true;
            st->ld.len = 0;
        }
        break;
    default:
        break;
    }
}

/* ---- SAX callbacks ------------------------------------------------------------ */

static void on_start(void *u, const xmlChar *name, const xmlChar **atts)
{
    html_state *st = u;
    const tag_info *t = tag_find(st, name);

    if (t->kind & K_BLOCK)
        boundary(st, start_tag_pos(st));

    if (st->depth < MAX_DEPTH) {
        const frame *par = top(st);
        frame *f = &st->stack[st->depth];
        f->ctx = par->ctx | t->ctx;
        f->block = (t->kind & K_BLOCK) ? t->name : par->block;
        f->did = (t->kind & K_BLOCK) ? D_BLOCK : 0;
        if (atts)
            read_attrs(st, f, t, atts);
        if (t->kind & K_SKIP)
            f->did |= D_SKIP;
        if (f->did & D_SKIP)
            st->skip++;
        if (t->kind & K_HEAD) {
            f->did |= D_HEAD;
            st->head++;
        }
        if (t->special == S_TITLE && !st->titles[TITLE_TAG] && !st->in_title &&
            st->skip == 0) {
            f->did |= D_TITLE;
            st->in_title = true;
            st->title.len = 0;
        }
    } else {
        /* Too deep for the stack: only what the name alone says, which
         * the matching end tag (same name) undoes. */
        if (t->kind & K_SKIP)
            st->skip++;
        if (t->kind & K_HEAD)
            st->head++;
    }
    st->depth++;

    if (t->special == S_BR && st->skip == 0 && st->head == 0) {
        if (st->br && st->open) {
            flush(st);
            st->mark = parser_pos(st) + 1;   /* past the '>' */
            st->br = false;
        } else {
            st->br = true;
            st->space = true;
        }
    }
}

static void end_ld(html_state *st);

static void on_end(void *u, const xmlChar *name)
{
    html_state *st = u;
    if (st->depth == 0)
        return;
    st->depth--;
    uint8_t did;
    if (st->depth < MAX_DEPTH) {
        did = st->stack[st->depth].did;
    } else {
        const tag_info *t = tag_find(st, name);
        did = (uint8_t)(((t->kind & K_BLOCK) ? D_BLOCK : 0) |
                        ((t->kind & K_SKIP) ? D_SKIP : 0) |
                        ((t->kind & K_HEAD) ? D_HEAD : 0));
    }
    if (did & D_BLOCK)
        boundary(st, parser_pos(st));
    if ((did & D_SKIP) && st->skip)
        st->skip--;
    if ((did & D_HEAD) && st->head)
        st->head--;
    if ((did & D_LINK) && st->link && --st->link == 0)
        close_link(st);
    if (did & D_TITLE) {
        st->in_title = false;
        st->titles[TITLE_TAG] = hr_docb_meta(st->b, st->title.data, st->title.len);
    }
    if (did & D_LD)
        end_ld(st);
}

static void on_text(void *u, const xmlChar *s, int n)
{
    html_state *st = u;
    if (n <= 0)
        return;
    if (st->in_ld) {
        if (st->ld.len + (size_t)n <= MAX_LD && !hr_buf_append(&st->ld, s, (size_t)n))
            fail(st, HR_ERR_NOMEM);
        return;
    }
    if (st->in_title) {
        if (st->title.len < 65536 && !hr_buf_append(&st->title, s, (size_t)n))
            fail(st, HR_ERR_NOMEM);
        return;
    }
    if (st->skip || st->head)
        return;
    append_text(st, s, (size_t)n);
}

/* Raw text of <script> and <style>: kept only for JSON-LD. */
static void on_cdata(void *u, const xmlChar *s, int n)
{
    html_state *st = u;
    if (st->in_ld && n > 0 && st->ld.len + (size_t)n <= MAX_LD &&
        !hr_buf_append(&st->ld, s, (size_t)n))
        fail(st, HR_ERR_NOMEM);
}

static void on_error(void *u, xmlErrorPtr e)
{
    (void)u;
    (void)e;
}

/* ---- JSON-LD -------------------------------------------------------------------- */

/* The first datePublished that parses, depth first through objects,
 * arrays and @graph, in document order. */
static bool ld_find(html_state *st, const cJSON *j, int depth)
{
    if (depth > 32)
        return false;
    if (cJSON_IsObject(j)) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "datePublished");
        if (cJSON_IsArray(d))
            d = d->child;
        if (cJSON_IsString(d) && d->valuestring) {
            hr_date date;
            const char *v = d->valuestring;
            size_t n = strlen(v);
            while (n && is_ws((unsigned char)*v)) {
                v++;
                n--;
            }
            while (n && is_ws((unsigned char)v[n - 1]))
                n--;
            if (n && hr_date_parse_iso(v, n, &date)) {
                date_slot *s = &st->dates[DATE_JSONLD];
                s->date = date;
                s->source = "json-ld:datePublished";
                s->set = true;
                return true;
            }
        }
    }
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        for (const cJSON *v = j->child; v; v = v->next)
            if ((cJSON_IsObject(v) || cJSON_IsArray(v)) && ld_find(st, v, depth + 1))
                return true;
    }
    return false;
}

static void end_ld(html_state *st)
{
    st->in_ld = false;
    if (st->ld.len == 0 || st->ld.len >= MAX_LD || !want_ld(st))
        return;
    cJSON *j = cJSON_ParseWithLength(st->ld.data, st->ld.len);
    if (!j) {
        /* Wrapped in <!-- -->, CDATA markers or a trailing ';': retry on
         * what lies between the first '{' and the last '}', then the
         * same with '[' ']'. */
        static const char open_close[2][2] = {{'{', '}'}, {'[', ']'}};
        for (int k = 0; k < 2 && !j; k++) {
            const char *s = memchr(st->ld.data, open_close[k][0], st->ld.len);
            const char *e = st->ld.data + st->ld.len;
            while (s && e > s && e[-1] != open_close[k][1])
                e--;
            if (s && e - s >= 2)
                j = cJSON_ParseWithLength(s, (size_t)(e - s));
        }
    }
    if (!j)
        return;   /* a broken block costs its date, not the page */
    ld_find(st, j, 0);
    cJSON_Delete(j);
}

/* ---- charset ------------------------------------------------------------------- */

/* Lower-cases and trims a charset label into out; "" if it does not fit. */
static void charset_label(const char *s, size_t n, char *out, size_t size)
{
    while (n && (is_ws((unsigned char)*s) || *s == '"' || *s == '\'')) {
        s++;
        n--;
    }
    while (n && (is_ws((unsigned char)s[n - 1]) || s[n - 1] == '"' ||
                 s[n - 1] == '\'' || s[n - 1] == ';'))
        n--;
    if (n == 0 || n >= size) {
        out[0] = '\0';
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[n] = '\0';
}

/* The name iconv should decode a label with, or NULL for UTF-8. Labels
 * follow what browsers do (WHATWG Encoding): "iso-8859-1" means
 * windows-1252, "gb2312" GBK, and so on. */
static const char *charset_iconv(const char *label)
{
    static const struct { const char *label, *name; } A[] = {
        {"utf-8", NULL}, {"utf8", NULL}, {"unicode-1-1-utf-8", NULL},
        {"x-unicode20utf8", NULL},
        {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"},
        {"iso_8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
        {"l1", "WINDOWS-1252"}, {"us-ascii", "WINDOWS-1252"},
        {"ascii", "WINDOWS-1252"}, {"cp819", "WINDOWS-1252"},
        {"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
        {"x-cp1252", "WINDOWS-1252"}, {"x-user-defined", "WINDOWS-1252"},
        {"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"},
        {"tis-620", "CP874"}, {"iso-8859-11", "CP874"},
        {"windows-874", "CP874"},
        {"gb2312", "GBK"}, {"gb_2312-80", "GBK"}, {"x-gbk", "GBK"},
        {"chinese", "GBK"}, {"csgb2312", "GBK"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"},
        {"x-sjis", "CP932"}, {"ms_kanji", "CP932"}, {"windows-31j", "CP932"},
        {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"},
        {"windows-949", "CP949"},
        {"big5", "BIG5-HKSCS"}, {"x-x-big5", "BIG5-HKSCS"},
    };
    for (size_t i = 0; i < NWORDS(A); i++)
        if (strcmp(label, A[i].label) == 0)
            return A[i].name;
    return label;
}

/* Encodings in which a page can be valid UTF-8 and still need decoding. */
static bool charset_7bit(const char *name)
{
    return strncasecmp(name, "iso-2022", 8) == 0 || strncasecmp(name, "utf-7", 5) == 0 ||
           strncasecmp(name, "hz", 2) == 0 || strncasecmp(name, "utf-16", 6) == 0 ||
           strncasecmp(name, "utf-32", 6) == 0 || strncasecmp(name, "ucs", 3) == 0;
}

static bool ci_prefix(const char *s, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - s) < n)
        return false;
    return strncasecmp(s, w, n) == 0;
}

/* The charset of a <meta charset> or <meta http-equiv content="...;
 * charset=..."> before <body>, in the first PRESCAN bytes. */
static bool prescan_charset(const char *s, size_t len, char *out, size_t size)
{
    const char *end = s + HR_MIN(len, PRESCAN);
    const char *p = s;
    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (ci_prefix(p, end, "body"))
            break;
        if (!ci_prefix(p, end, "meta") || p + 4 >= end ||
            !(is_ws((unsigned char)p[4]) || p[4] == '/'))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *te = gt ? gt : end;
        for (const char *q = p + 4; q + 7 <= te; q++) {
            if ((*q != 'c' && *q != 'C') || !ci_prefix(q, te, "charset"))
                continue;
            q += 7;
            while (q < te && is_ws((unsigned char)*q))
                q++;
            if (q >= te || *q != '=')
                break;
            q++;
            while (q < te && (is_ws((unsigned char)*q) || *q == '"' || *q == '\''))
                q++;
            const char *v = q;
            while (q < te && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                              (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' ||
                              *q == '.' || *q == ':'))
                q++;
            charset_label(v, (size_t)(q - v), out, size);
            return out[0] != '\0';
        }
    }
    return false;
}

/* Decodes with iconv into a new buffer; each undecodable byte becomes
 * U+FFFD. NULL if iconv does not know the charset or memory runs out. */
static char *decode(const char *in, size_t len, const char *name,
                    size_t *out_len, uint64_t *bad, bool *nomem)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len > (SIZE_MAX - 64) / 3 ? 0 : 3 * len + 64;
    char *out = cap ? malloc(cap) : NULL;
    if (!out) {
        iconv_close(cd);
        *nomem = true;
        return NULL;
    }
    char *ip = (char *)in, *op = out;
    size_t il = len, ol = cap - 1;
    for (;;) {
        size_t r = iconv(cd, il ? &ip : NULL, il ? &il : NULL, &op, &ol);
        if (r != (size_t)-1) {
            if (il == 0)
                break;
            continue;
        }
        if (errno == E2BIG || ol < 4) {
            size_t used = (size_t)(op - out);
            if (cap > SIZE_MAX / 2) {
                free(out);
                out = NULL;
                break;
            }
            char *n = realloc(out, cap * 2);
            if (!n) {
                free(out);
                out = NULL;
                break;
            }
            out = n;
            cap *= 2;
            op = out + used;
            ol = cap - 1 - used;
            continue;
        }
        memcpy(op, "\xEF\xBF\xBD", 3);
        op += 3;
        ol -= 3;
        (*bad)++;
        if (errno == EILSEQ && il > 0) {
            ip++;
            il--;
            continue;
        }
        break;   /* EINVAL: the input ends inside a character */
    }
    iconv_close(cd);
    if (!out) {
        *nomem = true;
        return NULL;
    }
    *out_len = (size_t)(op - out);
    return out;
}

/* The page as UTF-8 without NUL bytes: `*owned` is set (to be freed) when
 * a copy was needed. */
static hr_status to_utf8(hr_docb *b, const char *html, size_t len,
                         const char *charset, const char **out,
                         size_t *out_len, char **owned)
{
    const unsigned char *u = (const unsigned char *)html;
    char label[64] = "";
    const char *name = NULL;   /* iconv name; NULL = UTF-8 */
    bool from_bom = false;
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        name = u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
        html += 2;
        len -= 2;
        from_bom = true;
    } else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        name = NULL;
    } else {
        if (charset)
            charset_label(charset, strlen(charset), label, sizeof label);
        bool meta = false;
        if (!label[0])
            meta = prescan_charset(html, len, label, sizeof label);
        if (label[0]) {
            name = charset_iconv(label);
            /* A page cannot be in UTF-16 and say so in ASCII. */
            if (meta && name && strncmp(name, "utf-16", 6) == 0)
                name = NULL;
        }
    }

    size_t valid = hr_utf8_valid_prefix(html, len);
    /* Mislabelled pages are common: UTF-8 text that decodes cleanly is UTF-8
     * whatever the label says, unless the charset is one whose bytes can
     * look like ASCII. */
    if (name && !from_bom && valid == len && !charset_7bit(name))
        name = NULL;

    uint64_t bad = 0;
    char *buf = NULL;
    size_t n = len;
    if (name) {
        bool nomem = false;
        buf = decode(html, len, name, &n, &bad, &nomem);
        if (nomem)
            return HR_ERR_NOMEM;
        if (buf)
            valid = n;   /* iconv writes valid UTF-8 */
    }
    if (!buf) {
        if (valid == len && !memchr(html, '\0', len)) {
            *out = html;
            *out_len = len;
            *owned = NULL;
            return HR_OK;
        }
        if (len > (SIZE_MAX - 1) / 3 || !(buf = malloc(3 * len + 1)))
            return HR_ERR_NOMEM;
        n = hr_utf8_sanitize(buf, html, len, &bad);
    }
    /* NUL would end libxml2's input early. */
    for (char *z = buf; (z = memchr(z, '\0', (size_t)(buf + n - z))) != NULL; z++)
        *z = ' ';
    b->doc.invalid_utf8 += bad;
    *out = buf;
    *out_len = n;
    *owned = buf;
    return HR_OK;
}

/* ---- attribute guard ----------------------------------------------------------- */

/* libxml2 checks each attribute of a start tag against every one before
 * it, so a tag with 100 000 attributes takes minutes. Before parsing,
 * tags are read the way libxml2 reads them (names of at most 100
 * characters, values quoted or up to a blank or '>', script and style
 * bodies and comments passed over) and attributes past MAX_ATTRS in one
 * tag are blanked out: spaces keep every offset. */
#define MAX_ATTRS 1024
#define HTML_NAME_MAX 100   /* libxml2 cuts names there */

static inline bool is_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == ':' || c == '.';
}

static inline bool is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static inline bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where the raw text of <script> or <style> ends: at "</name" in any case. */
static const char *raw_text_end(const char *p, const char *end,
                                const char *name, size_t n)
{
    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) > n + 1 && p[1] == '/' &&
            strncasecmp(p + 2, name, n) == 0)
            return p;
        p++;
    }
    return end;
}

/* Blanks attributes past MAX_ATTRS; *text becomes a private copy (in
 * *owned) the first time one is found. */
static hr_status cap_attributes(const char **text, size_t n, char **owned)
{
    const char *s = *text, *end = s + n, *p = s;
    while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (p + 3 <= end && memcmp(p, "!--", 3) == 0) {
            const char *q = p + 3;
            while (q < end && (q = memchr(q, '-', (size_t)(end - q))) != NULL &&
                   !(end - q >= 3 && q[1] == '-' && q[2] == '>'))
                q++;
            p = q ? q : end;
            continue;
        }
        if (p >= end || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            continue;
        const char *name = p;
        while (p < end && is_name_char((unsigned char)*p) && p - name < HTML_NAME_MAX)
            p++;
        size_t name_len = (size_t)(p - name);
        size_t attrs = 0;
        const char *cut = NULL;
        for (;;) {
            while (p < end && is_blank((unsigned char)*p))
                p++;
            if (p >= end || *p == '>' || (*p == '/' && p + 1 < end && p[1] == '>'))
                break;
            if (++attrs > MAX_ATTRS && !cut)
                cut = p;
            if (!is_name_start((unsigned char)*p)) {
                /* Not a name: libxml2 drops up to a blank or the end. */
                while (p < end && !is_blank((unsigned char)*p) && *p != '>' &&
                       !(*p == '/' && p + 1 < end && p[1] == '>'))
                    p++;
                continue;
            }
            const char *a = p;
            while (p < end && is_name_char((unsigned char)*p) && p - a < HTML_NAME_MAX)
                p++;
            const char *q = p;
            while (q < end && is_blank((unsigned char)*q))
                q++;
            if (q >= end || *q != '=')
                continue;
            q++;
            while (q < end && is_blank((unsigned char)*q))
                q++;
            if (q < end && (*q == '"' || *q == '\'')) {
                const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
                p = close ? close + 1 : end;
            } else {
                while (q < end && !is_blank((unsigned char)*q) && *q != '>')
                    q++;
                p = q;
            }
        }
        if (cut) {
            if (!*owned) {
                char *copy = malloc(n ? n : 1);
                if (!copy)
                    return HR_ERR_NOMEM;
                memcpy(copy, s, n);
                *owned = copy;
                *text = copy;
            }
            memset(*owned + (cut - s), ' ', (size_t)(p - cut));
        }
        if ((name_len == 6 && strncasecmp(name, "script", 6) == 0) ||
            (name_len == 5 && strncasecmp(name, "style", 5) == 0))
            p = raw_text_end(p, end, name, name_len);
    }
    return HR_OK;
}

/* ---- metadata into the document -------------------------------------------------- */

static bool is_absolute_url(const char *s)
{
    if (!s)
        return false;
    const char *p = s;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return false;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
        p++;
    return p[0] == ':' && p[1] == '/' && p[2] == '/';
}

/* href resolved against base, in the arena; NULL when it cannot be. */
static const char *resolve_url(hr_docb *b, const char *href, const char *base)
{
    if (is_absolute_url(href))
        return href;
    if (!base || !is_absolute_url(base))
        return NULL;
    xmlChar *r = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
    if (!r)
        return NULL;
    const char *s = hr_docb_meta(b, (const char *)r, strlen((const char *)r));
    xmlFree(r);
    return is_absolute_url(s) ? s : NULL;
}

/* "www.example.com" of "https://user@www.Example.com:8080/x" without
 * "www.", lower-cased, in the arena. */
static const char *url_host(hr_docb *b, const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return NULL;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    size_t h = 0;
    if (n && p[0] == '[') {   /* IPv6 literal */
        const char *close = memchr(p, ']', n);
        h = close ? (size_t)(close - p) + 1 : n;
    } else {
        h = strcspn(p, ":/?#");
        h = HR_MIN(h, n);
    }
    if (h > 4 && strncasecmp(p, "www.", 4) == 0) {
        p += 4;
        h -= 4;
    }
    while (h && p[h - 1] == '.')
        h--;
    if (!h)
        return NULL;
    char *s = hr_arena_strndup(b->arena, p, h);
    if (!s)
        return NULL;
    for (char *c = s; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return s;
}

static void finish_meta(html_state *st, const char *url_arg)
{
    hr_docb *b = st->b;
    hr_document *d = &b->doc;

    for (int i = 0; i < N_TITLE; i++) {
        if (st->titles[i]) {
            d->title = st->titles[i];
            break;
        }
    }

    const char *arg = url_arg ? meta_str(st, url_arg) : NULL;
    if (!arg)
        arg = d->url;
    const char *base = is_absolute_url(arg) ? arg
                       : is_absolute_url(st->og_url) ? st->og_url : NULL;
    const char *url = NULL;
    if (st->canonical)
        url = resolve_url(b, st->canonical, base);
    if (!url && st->og_url)
        url = resolve_url(b, st->og_url, arg);
    if (!url)
        url = arg;
    if (url)
        d->url = url;

    if (st->site_name) {
        d->outlet = st->site_name;
        d->outlet_source = "og:site_name";
    } else if (st->app_name) {
        d->outlet = st->app_name;
        d->outlet_source = "application-name";
    } else if (url && !d->outlet) {
        const char *host = url_host(b, url);
        if (host) {
            d->outlet = host;
            d->outlet_source = "url-host";
        }
    }

    for (int i = 0; i < N_DATE; i++) {
        if (st->dates[i].set) {
            d->date = st->dates[i].date;
            d->date_source = st->dates[i].source;
            break;
        }
    }
}

/* ---- entry ------------------------------------------------------------------------ */

hr_status hr_html_to_doc(hr_docb *b, const char *html, size_t len,
                         const char *charset, const char *url, hr_error *err)
{
    const char *file = b->doc.file;
    const char *unit = b->doc.record ? "record" : NULL;
    if (!html && len)
        return hr_error_set(err, HR_ERR_ARG, file, unit, b->doc.record,
                            UINT64_MAX, "HTML: no buffer");

    html_state *st = calloc(1, sizeof *st);
    if (!st)
        return hr_error_set(err, HR_ERR_NOMEM, file, unit, b->doc.record,
                            UINT64_MAX, "HTML: out of memory");
    st->b = b;
    st->link_start = -1;

    const char *text = NULL;
    size_t n = 0;
    char *owned = NULL;
    hr_status s = len ? to_utf8(b, html, len, charset, &text, &n, &owned) : HR_OK;
    if (s == HR_OK && n > 0)
        s = cap_attributes(&text, n, &owned);
    /* libxml2 takes an int length; bigger pages are read as far as that. */
    if (n > INT_MAX)
        n = INT_MAX;

    if (s == HR_OK && n > 0) {
        xmlInitParser();   /* once per process; later calls return at once */
        htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(text, (int)n);
        if (!ctxt) {
            s = HR_ERR_NOMEM;
        } else {
            xmlSAXHandler *sax = ctxt->sax;
            memset(sax, 0, sizeof *sax);
            sax->startElement = on_start;
            sax->endElement = on_end;
            sax->characters = on_text;
            sax->ignorableWhitespace = on_text;
            sax->cdataBlock = on_cdata;
            /* Per-context error handler: nothing reaches stderr or the
             * process-wide handlers. */
            sax->initialized = XML_SAX2_MAGIC;
            sax->serror = on_error;
            ctxt->userData = st;
            /* An explicit UTF-8 decoder: libxml2 then ignores <meta
             * charset> (HTML_PARSE_IGNORE_ENC alone does not stop 2.9
             * from switching to Latin-1). The input is valid UTF-8, so
             * the decoder is a copy. */
            xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
            if (utf8)
                xmlSwitchToEncoding(ctxt, utf8);
            st->ctxt = ctxt;
            htmlCtxtUseOptions(ctxt, HTML_OPTIONS);
            htmlParseDocument(ctxt);
            boundary(st, parser_pos(st));
            if (ctxt->myDoc)
                xmlFreeDoc(ctxt->myDoc);
            ctxt->myDoc = NULL;
            htmlFreeParserCtxt(ctxt);
            st->ctxt = NULL;
            s = st->status;
        }
    }
    if (s == HR_OK)
        finish_meta(st, url);

    free(owned);
    hr_buf_free(&st->text);
    hr_buf_free(&st->title);
    hr_buf_free(&st->ld);
    free(st->links);
    free(st);
    if (s != HR_OK)
        return hr_error_set(err, s, file, unit, b->doc.record, UINT64_MAX,
                            "HTML: out of memory");
    return HR_OK;
}
