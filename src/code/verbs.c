/*
 * verbs.c - the verb dictionary (docs/verbs.md) and the CAMEO event table.
 *
 * Entries are read into flat arrays: entries -> patterns -> elements ->
 * alternatives -> word hashes. Forms (generated for regular verbs) go in a
 * hash table keyed by their first word. Every problem goes to the diag
 * callback with file and line, and the line or entry is skipped.
 */
#include "code.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LINE (16u << 10)
#define MAX_ELEMS 24
#define MAX_ALTS 64

#define GROW(arr, cap, need) hr_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static void diag(hr_verbs *v, bool is_error, const char *file, uint32_t line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void diag(hr_verbs *v, bool is_error, const char *file, uint32_t line,
                 const char *fmt, ...)
{
    if (is_error)
        v->errors++;
    else
        v->warnings++;
    if (!v->diag)
        return;
    hr_error e;
    memset(&e, 0, sizeof e);
    e.code = HR_ERR_FORMAT;
    snprintf(e.file, sizeof e.file, "%s", file);
    e.unit = line ? "line" : NULL;
    e.record = line;
    e.offset = UINT64_MAX;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    v->diag(v->diag_ud, &e, is_error);
}

/* The same for the other files of the code stage (petrarch_verbs.c). */
void hr_verbs_diag(hr_verbs *v, bool is_error, const char *file, uint32_t line,
                   const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag(v, is_error, file, line, "%s", msg);
}

/* ---- words ----------------------------------------------------------- */

/* Hashes of the words of s[0, n) (folded as the matcher folds) appended
 * to v->hashes; returns how many, 0 on failure. */
static uint32_t hash_words(hr_verbs *v, const char *s, size_t n)
{
    hr_word *w = NULL;
    size_t nw = 0, cap = 0;
    hr_buf fb = {0};
    uint32_t k = 0;
    if (n < UINT32_MAX / 2 && hr_words_split(s, 0, (uint32_t)n, &w, &nw, &cap, &fb) &&
        GROW(v->hashes, v->cap_hashes, v->n_hashes + nw)) {
        for (size_t i = 0; i < nw; i++)
            if (!(w[i].flags & HR_W_BREAK))
                v->hashes[v->n_hashes + k++] = w[i].h;
        v->n_hashes += k;
    }
    free(w);
    hr_buf_free(&fb);
    return k;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **s, size_t *n)
{
    while (*n && is_blank(**s))
        (*s)++, (*n)--;
    while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
        (*n)--;
}

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* The regular forms of a one-word lemma: -s, -ed, -ing. */
static void regular_forms(const char *l, size_t n, char out[3][96])
{
    char last = l[n - 1], prev = n > 1 ? l[n - 2] : 0;
    bool sibilant = last == 's' || last == 'x' || last == 'z' ||
                    (n > 1 && (!memcmp(l + n - 2, "ch", 2) || !memcmp(l + n - 2, "sh", 2)));
    bool cons_y = last == 'y' && !is_vowel(prev);
    /* CVC one-syllable verbs double the consonant: stop, plan, ban */
    unsigned vowels = 0;
    for (size_t i = 0; i < n; i++)
        vowels += is_vowel(l[i]);
    bool cvc = n >= 3 && !is_vowel(last) && last != 'w' && last != 'x' && last != 'y' &&
               is_vowel(prev) && !is_vowel(l[n - 3]) && vowels == 1;
    int m = (int)n;
    if (cons_y)
        snprintf(out[0], 96, "%.*sies", m - 1, l);
    else
        snprintf(out[0], 96, "%.*s%s", m, l, sibilant ? "es" : "s");
    if (cons_y)
        snprintf(out[1], 96, "%.*sied", m - 1, l);
    else if (last == 'e')
        snprintf(out[1], 96, "%.*sd", m, l);
    else if (cvc)
        snprintf(out[1], 96, "%.*s%ced", m, l, last);
    else
        snprintf(out[1], 96, "%.*sed", m, l);
    if (last == 'e' && prev != 'e' && n > 2)
        snprintf(out[2], 96, "%.*sing", m - 1, l);
    else if (cvc)
        snprintf(out[2], 96, "%.*s%cing", m, l, last);
    else
        snprintf(out[2], 96, "%.*sing", m, l);
}

static bool add_form(hr_verbs *v, const char *s, size_t n, uint32_t entry, uint8_t vf)
{
    if (!GROW(v->forms, v->cap_forms, v->n_forms + 1))
        return false;
    hr_vform f;
    memset(&f, 0, sizeof f);
    /* "call ... off": the gap marks a separable particle */
    const char *dots = NULL;
    for (size_t i = 0; i + 2 < n; i++)
        if (!memcmp(s + i, "...", 3)) {
            dots = s + i;
            break;
        }
    char buf[512];
    size_t bl = 0;
    for (size_t i = 0; i < n && bl < sizeof buf - 1; i++) {
        if (dots && s + i >= dots && s + i < dots + 3)
            continue;
        buf[bl++] = s[i];
    }
    uint32_t at = (uint32_t)v->n_hashes;
    uint32_t k = hash_words(v, buf, bl);
    if (k == 0)
        return true;
    f.first = v->hashes[at];
    f.particles = at + 1;
    f.n_particles = k - 1;
    f.gap = dots != NULL;
    f.entry = entry;
    f.vform = vf;
    f.next = UINT32_MAX;
    v->forms[v->n_forms++] = f;
    return true;
}

/* ---- the format ---------------------------------------------------------- */

typedef struct parser {
    hr_verbs *v;
    const char *file;
    uint32_t line;
    int32_t entry;          /* open entry, -1 none */
    bool bad;
} parser;

static bool code_known(const hr_verbs *v, const char *code)
{
    return v->any_code || hr_verbs_cameo(v, code) != NULL;
}

/* "verb a | b ; c" */
static void header(parser *p, const char *s, size_t n)
{
    hr_verbs *v = p->v;
    uint8_t kind;
    if (n > 5 && !memcmp(s, "verb", 4) && is_blank(s[4]))
        kind = HR_VE_VERB;
    else if (n > 5 && !memcmp(s, "noun", 4) && is_blank(s[4]))
        kind = HR_VE_NOUN;
    else {
        diag(v, true, p->file, p->line, "an entry starts with 'verb' or 'noun'");
        p->entry = -1;
        p->bad = true;
        return;
    }
    if (!GROW(v->entries, v->cap_entries, v->n_entries + 1))
        return;
    uint32_t ei = (uint32_t)v->n_entries;
    hr_ventry *e = &v->entries[ei];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    char src[32];
    snprintf(src, sizeof src, ":%u", p->line);
    size_t fl = strlen(p->file);
    char *so = hr_arena_alloc(v->arena, fl + strlen(src) + 1);
    if (!so)
        return;
    memcpy(so, p->file, fl);
    strcpy(so + fl, src);
    e->source = so;
    e->patterns = (uint32_t)v->n_patterns;
    size_t forms0 = v->n_forms;
    const char *q = s + 5, *end = s + n;
    /* synonyms by ';', forms by '|' */
    while (q < end) {
        const char *se = q;
        while (se < end && *se != ';')
            se++;
        const char *f = q;
        size_t nforms = 0;
        const char *lemma = NULL;
        size_t lemma_n = 0;
        while (f < se) {
            const char *fe = f;
            while (fe < se && *fe != '|')
                fe++;
            const char *t = f;
            size_t tl = (size_t)(fe - f);
            trim(&t, &tl);
            if (tl == 0) {
                diag(v, true, p->file, p->line, "empty form between '|' or ';'");
            } else {
                if (!lemma) {
                    lemma = t;
                    lemma_n = tl;
                }
                uint8_t vf = nforms == 0 ? HR_VF_BASE : nforms == 1 ? HR_VF_S
                             : nforms == 2 ? HR_VF_PAST : nforms == 3 ? HR_VF_ING : HR_VF_PART;
                add_form(v, t, tl, ei, kind == HR_VE_NOUN ? HR_VF_BASE : vf);
                nforms++;
            }
            f = fe + 1;
        }
        /* a one-word verb alone: its regular forms */
        bool one_word = lemma && !memchr(lemma, ' ', lemma_n) && lemma_n < 90;
        if (kind == HR_VE_VERB && nforms == 1 && one_word) {
            char forms[3][96];
            regular_forms(lemma, lemma_n, forms);
            add_form(v, forms[0], strlen(forms[0]), ei, HR_VF_S);
            add_form(v, forms[1], strlen(forms[1]), ei, HR_VF_PAST);
            add_form(v, forms[2], strlen(forms[2]), ei, HR_VF_ING);
        } else if (kind == HR_VE_VERB && nforms == 1 && lemma) {
            /* "hold talks": the first word's regular forms, particles kept */
            const char *sp = memchr(lemma, ' ', lemma_n);
            size_t w = (size_t)(sp - lemma);
            if (w < 90) {
                char forms[3][96], buf[600];
                regular_forms(lemma, w, forms);
                for (int k = 0; k < 3; k++) {
                    int bl = snprintf(buf, sizeof buf, "%s%.*s", forms[k],
                                      (int)(lemma_n - w), sp);
                    if (bl > 0 && (size_t)bl < sizeof buf)
                        add_form(v, buf, (size_t)bl, ei, (uint8_t)(HR_VF_S + k));
                }
            }
        }
        if (!e->lemma && lemma)
            e->lemma = hr_arena_strndup(v->arena, lemma, lemma_n);
        q = se + 1;
    }
    if (v->n_forms == forms0) {
        diag(v, true, p->file, p->line, "entry has no forms");
        p->entry = -1;
        p->bad = true;
        return;
    }
    v->n_entries++;
    p->entry = (int32_t)ei;
    p->bad = false;
}

/* One alternative group "(a|b c|d)" or a single word. */
static bool add_alts(hr_verbs *v, const char *s, size_t n, hr_pelem *el)
{
    el->alts = (uint32_t)v->n_alts;
    el->n_alts = 0;
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j++;
        if (j > i) {
            if (!GROW(v->alts, v->cap_alts, v->n_alts + 1))
                return false;
            uint32_t at = (uint32_t)v->n_hashes;
            uint32_t k = hash_words(v, s + i, j - i);
            if (k) {
                v->alts[v->n_alts++] = (hr_alt){at, k};
                el->n_alts++;
            }
        }
        i = j + 1;
    }
    return el->n_alts > 0;
}

static void pattern(parser *p, const char *s, size_t n)
{
    hr_verbs *v = p->v;
    if (p->entry < 0) {
        if (!p->bad)
            diag(v, true, p->file, p->line, "pattern with no entry above it");
        return;
    }
    hr_pattern pt;
    memset(&pt, 0, sizeof pt);
    /* modifiers */
    for (;;) {
        if (n > 8 && !memcmp(s, "negated", 7) && is_blank(s[7]))
            pt.flags |= HR_PF_NEGATED, s += 8, n -= 8;
        else if (n > 8 && !memcmp(s, "passive", 7) && is_blank(s[7]))
            pt.flags |= HR_PF_PASSIVE, s += 8, n -= 8;
        else if (n > 7 && !memcmp(s, "active", 6) && is_blank(s[6]))
            pt.flags |= HR_PF_ACTIVE, s += 7, n -= 7;
        else if (n > 7 && !memcmp(s, "mutual", 6) && is_blank(s[6]))
            pt.flags |= HR_PF_COMPOUND, s += 7, n -= 7;
        else
            break;
        trim(&s, &n);
    }
    /* the code is the last word */
    size_t ce = n, cs = n;
    while (cs > 0 && !is_blank(s[cs - 1]))
        cs--;
    /* "032:033": the reverse event's code after ':' */
    for (size_t q = cs; q < ce; q++)
        if (s[q] == ':' && ce - q - 1 >= 1 && ce - q - 1 <= 4) {
            memcpy(pt.rev, s + q + 1, ce - q - 1);
            pt.rev[ce - q - 1] = '\0';
            if (!strcmp(pt.rev, "-"))
                pt.rev[0] = '\0';
            ce = q;
            break;
        }
    if (ce - cs == 1 && s[cs] == '-') {
        pt.flags |= HR_PF_BLOCK;
        strcpy(pt.code, "-");
    } else {
        bool digits = ce - cs >= 2 && ce - cs <= 4;
        for (size_t i = cs; i < ce; i++)
            digits &= (s[i] >= '0' && s[i] <= '9') ||
                      (v->any_code && i == ce - 1 && ce - cs >= 3 &&
                       ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')));
        if (!digits) {
            diag(v, true, p->file, p->line,
                 "a pattern ends with a CAMEO code (2 to 4 digits) or '-', not '%.*s'",
                 (int)HR_MIN(ce - cs, 20), s + cs);
            return;
        }
        memcpy(pt.code, s + cs, ce - cs);
        pt.code[ce - cs] = '\0';
        if (!code_known(v, pt.code)) {
            diag(v, true, p->file, p->line, "unknown CAMEO event code '%s'", pt.code);
            return;
        }
    }
    n = cs;
    trim(&s, &n);
    hr_pelem el[MAX_ELEMS];
    size_t ne = 0;
    size_t i = 0;
    int targets = 0, sources = 0, selfs = 0;
    pt.self_at = 255;
    while (i < n) {
        while (i < n && is_blank(s[i]))
            i++;
        if (i >= n)
            break;
        if (ne == MAX_ELEMS) {
            diag(v, true, p->file, p->line, "more than %d elements in a pattern", MAX_ELEMS);
            return;
        }
        hr_pelem *e = &el[ne];
        memset(e, 0, sizeof *e);
        if (s[i] == '(') {
            size_t j = i + 1;
            while (j < n && s[j] != ')' && s[j] != '(')
                j++;
            if (j >= n || s[j] != ')') {
                diag(v, true, p->file, p->line, "'(' with no ')'");
                return;
            }
            e->kind = HR_PE_WORDS;
            if (!add_alts(v, s + i + 1, j - i - 1, e)) {
                diag(v, true, p->file, p->line, "empty alternatives '()'");
                return;
            }
            pt.weight++;
            i = j + 1;
        } else {
            size_t j = i;
            while (j < n && !is_blank(s[j]))
                j++;
            size_t w = j - i;
            if (memchr(s + i, ')', w) || memchr(s + i, '(', w)) {
                diag(v, true, p->file, p->line, "')' with no '(' or a '(' inside a word");
                return;
            }
            if (w == 1 && s[i] == '^') {
                e->kind = HR_PE_TARGET;
                targets++;
            } else if (w == 1 && s[i] == '$') {
                e->kind = HR_PE_SOURCE;
                sources++;
            } else if (w == 1 && s[i] == '+') {
                e->kind = HR_PE_SELF;
                pt.self_at = (uint8_t)ne;
                selfs++;
            } else if (w == 3 && !memcmp(s + i, "...", 3)) {
                e->kind = HR_PE_GAP;
            } else {
                e->kind = HR_PE_WORDS;
                if (!add_alts(v, s + i, w, e)) {
                    diag(v, true, p->file, p->line, "'%.*s' is not a word",
                         (int)HR_MIN(w, 30), s + i);
                    return;
                }
                pt.weight++;
            }
            i = j;
        }
        ne++;
    }
    if (targets > 1 || sources > 1 || selfs > 1) {
        diag(v, true, p->file, p->line, "a pattern has at most one ^, one $ and one +");
        return;
    }
    if (pt.self_at == 255)
        pt.self_at = 0;     /* the elements follow the verb */
    else {
        /* '+' itself is not an element to match: remove it */
        memmove(&el[pt.self_at], &el[pt.self_at + 1], (ne - pt.self_at - 1) * sizeof *el);
        ne--;
    }
    /* "between $ and ^" is mutual */
    uint64_t between = hr_word_hash("between", 7);
    for (size_t k = 0; k + 1 < ne; k++)
        if (el[k].kind == HR_PE_WORDS && el[k + 1].kind == HR_PE_SOURCE)
            for (uint32_t a = 0; a < el[k].n_alts; a++) {
                const hr_alt *al = &v->alts[el[k].alts + a];
                if (al->n_words == 1 && v->hashes[al->words] == between)
                    pt.flags |= HR_PF_MUTUAL;
            }
    if (!GROW(v->elems, v->cap_elems, v->n_elems + ne) ||
        !GROW(v->patterns, v->cap_patterns, v->n_patterns + 1))
        return;
    if (ne)
        memcpy(v->elems + v->n_elems, el, ne * sizeof *el);
    pt.elems = (uint32_t)v->n_elems;
    pt.n_elems = (uint32_t)ne;
    v->n_elems += ne;
    char src[32];
    snprintf(src, sizeof src, ":%u", p->line);
    size_t fl = strlen(p->file);
    char *so = hr_arena_alloc(v->arena, fl + strlen(src) + 1);
    if (so) {
        memcpy(so, p->file, fl);
        strcpy(so + fl, src);
    }
    pt.source = so;
    /* patterns of one entry are contiguous: entries are read in order */
    hr_ventry *e = &v->entries[p->entry];
    if (e->patterns + e->n_patterns != v->n_patterns) {
        diag(v, true, p->file, p->line, "internal: patterns out of order");
        return;
    }
    v->patterns[v->n_patterns++] = pt;
    e->n_patterns++;
}

static void parse_text(parser *p, const char *text, size_t len)
{
    size_t i = 0;
    p->entry = -1;
    while (i < len) {
        const char *s = text + i;
        const char *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + 1;
        p->line++;
        if (n > 6 && !memcmp(s, "@file ", 6)) {
            char nm[1024];
            snprintf(nm, sizeof nm, "%.*s", (int)HR_MIN(n - 6, sizeof nm - 1), s + 6);
            p->file = hr_arena_strndup(p->v->arena, nm, strlen(nm));
            p->line = 0;
            p->entry = -1;
            continue;
        }
        if (n > MAX_LINE) {
            diag(p->v, true, p->file, p->line, "line of %zu bytes is too long", n);
            continue;
        }
        if (hr_utf8_valid_prefix(s, n) < n) {
            diag(p->v, true, p->file, p->line, "invalid UTF-8 at byte %zu of the line",
                 hr_utf8_valid_prefix(s, n) + 1);
            if (!is_blank(s[0])) {
                p->entry = -1;
                p->bad = true;
            }
            continue;
        }
        bool comment = false;
        for (size_t k = 0; k < n; k++)
            if (s[k] == '#' && (k == 0 || is_blank(s[k - 1]))) {
                n = k;
                comment = true;
                break;
            }
        const char *t = s;
        size_t tl = n;
        trim(&t, &tl);
        if (tl == 0) {
            if (!comment) {
                if (p->entry >= 0 && p->v->entries[p->entry].n_patterns == 0)
                    diag(p->v, true, p->file, p->line, "entry above has no pattern");
                p->entry = -1;
                p->bad = false;
            }
            continue;
        }
        if (t == s)
            header(p, t, tl);
        else
            pattern(p, t, tl);
    }
}

hr_status hr_verbs_load_buffer(hr_verbs *v, const char *name, const char *text,
                               size_t len, hr_error *err)
{
    if (v->finished)
        return hr_error_set(err, HR_ERR_ARG, name, NULL, 0, UINT64_MAX,
                            "the verb dictionary is in use: load before coding");
    parser p = {v, hr_arena_strndup(v->arena, name, strlen(name)), 0, -1, false};
    parse_text(&p, text, len);
    return HR_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(hr_verbs *v, const char *dir, char ***files, size_t *n, size_t *cap,
                     int depth)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag(v, true, dir, 0, "%s: not read", strerror(errno));
        return;
    }
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.')
            continue;
        size_t dl = strlen(dir);
        while (dl > 1 && dir[dl - 1] == '/')
            dl--;
        size_t l = dl + strlen(de->d_name) + 2;
        char *path = malloc(l);
        if (!path)
            break;
        snprintf(path, l, "%.*s/%s", (int)dl, dir, de->d_name);
        struct stat st, lst;
        if (stat(path, &st) != 0 || lstat(path, &lst) != 0) {
            diag(v, true, path, 0, "%s: not read", strerror(errno));
            free(path);
            continue;
        }
        size_t nl = strlen(de->d_name);
        if (S_ISDIR(st.st_mode)) {
            if (!S_ISLNK(lst.st_mode) && depth < 8)
                list_dir(v, path, files, n, cap, depth + 1);
            free(path);
        } else if (S_ISREG(st.st_mode) && nl > 4 && !strcmp(de->d_name + nl - 4, ".txt") &&
                   GROW(*files, *cap, *n + 1)) {
            (*files)[(*n)++] = path;
        } else {
            free(path);
        }
    }
    closedir(dh);
}

hr_status hr_verbs_load(hr_verbs *v, const char *path, hr_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX, "%s", strerror(errno));
    char **files = NULL;
    size_t n = 0, cap = 0;
    if (S_ISDIR(st.st_mode)) {
        list_dir(v, path, &files, &n, &cap, 0);
        if (n)
            qsort(files, n, sizeof *files, cmp_str);
    } else if (GROW(files, cap, 1)) {
        files[n++] = strdup(path);
    }
    hr_status rc = HR_OK;
    for (size_t i = 0; i < n && rc == HR_OK; i++) {
        if (!files[i])
            continue;
        hr_stream *s = hr_stream_open_file(files[i], NULL);
        if (!s) {
            diag(v, true, files[i], 0, "cannot be read");
            continue;
        }
        hr_buf b = {0};
        char tmp[65536];
        ptrdiff_t r;
        hr_error e2;
        while ((r = hr_stream_read(s, tmp, sizeof tmp, &e2)) > 0)
            if (!hr_buf_append(&b, tmp, (size_t)r)) {
                rc = hr_error_set(err, HR_ERR_NOMEM, files[i], NULL, 0, UINT64_MAX, "out of memory");
                break;
            }
        if (r < 0)
            diag(v, true, files[i], 0, "%s", e2.msg);
        hr_stream_close(s);
        if (rc == HR_OK)
            rc = hr_verbs_load_buffer(v, files[i], b.data ? b.data : "", b.len, err);
        hr_buf_free(&b);
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc;
}

/* ---- the CAMEO table ----------------------------------------------------- */

static void load_cameo(hr_verbs *v, const char *text, size_t len)
{
    size_t i = 0;
    uint32_t line = 0;
    const char *file = "data/cameo-events.txt";
    while (i < len) {
        const char *s = text + i;
        const char *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + 1;
        line++;
        if (n == 0 || s[0] == '#')
            continue;
        const char *f[4];
        size_t fl[4], nf = 0, st = 0;
        for (size_t k = 0; k <= n && nf < 4; k++)
            if (k == n || (s[k] == '\t' && nf < 3)) {
                f[nf] = s + st;
                fl[nf++] = k - st;
                st = k + 1;
            }
        char gs[32];
        bool ok = nf == 4 && fl[0] >= 2 && fl[0] <= 4 && fl[1] > 0 && fl[1] < sizeof gs &&
                  fl[2] == 1 && f[2][0] >= '1' && f[2][0] <= '4';
        for (size_t k = 0; ok && k < fl[0]; k++)
            ok = f[0][k] >= '0' && f[0][k] <= '9';
        double g = 0;
        if (ok) {
            memcpy(gs, f[1], fl[1]);
            gs[fl[1]] = '\0';
            char *end;
            g = strtod(gs, &end);
            ok = *end == '\0' && g >= -10 && g <= 10;
        }
        if (!ok) {
            diag(v, true, file, line, "want code, Goldstein value (-10..10), quad class "
                 "(1-4) and name, tab-separated");
            continue;
        }
        if (!GROW(v->cameo, v->cap_cameo, v->n_cameo + 1))
            return;
        hr_cameo *c = &v->cameo[v->n_cameo++];
        memcpy(c->code, f[0], fl[0]);
        c->code[fl[0]] = '\0';
        c->goldstein = (float)g;
        c->quad = (uint8_t)(f[2][0] - '0');
        c->name = hr_arena_strndup(v->arena, f[3], fl[3]);
    }
}

const hr_cameo *hr_verbs_cameo(const hr_verbs *v, const char *code)
{
    for (size_t i = 0; i < v->n_cameo; i++)      /* ~300 codes: linear is fine */
        if (!strcmp(v->cameo[i].code, code))
            return &v->cameo[i];
    return NULL;
}

bool hr_event_info(const hr_verbs *v, const char *code, double *goldstein, int *quad,
                   const char **name)
{
    const hr_cameo *c = hr_verbs_cameo(v, code);
    if (!c)
        return false;
    if (goldstein)
        *goldstein = c->goldstein;
    if (quad)
        *quad = c->quad;
    if (name)
        *name = c->name;
    return true;
}

/* ---- life cycle ---------------------------------------------------------- */

uint32_t hr_verbs_first_form(const hr_verbs *v, uint64_t h)
{
    if (!v->buckets)
        return UINT32_MAX;
    return v->buckets[(h ^ (h >> 29)) & v->bucket_mask];
}

hr_status hr_verbs_finish(hr_verbs *v, hr_error *err)
{
    if (v->finished)
        return HR_OK;
    size_t cap = 1024;
    while (cap < v->n_forms * 2)
        cap *= 2;
    uint32_t *b = malloc(cap * sizeof *b);
    if (!b)
        return hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
    for (size_t i = 0; i < cap; i++)
        b[i] = UINT32_MAX;
    /* chains by bucket; a form's chain holds forms of other first words
     * too (the coder compares `first`) */
    for (size_t i = v->n_forms; i-- > 0;) {
        uint64_t h = v->forms[i].first;
        size_t k = (h ^ (h >> 29)) & (cap - 1);
        v->forms[i].next = b[k];
        b[k] = (uint32_t)i;
    }
    free(v->buckets);
    v->buckets = b;
    v->bucket_mask = cap - 1;
    v->finished = true;
    return HR_OK;
}

hr_verbs *hr_verbs_new(unsigned flags, hr_dict_diag_fn diagfn, void *ud, hr_error *err)
{
    hr_verbs *v = calloc(1, sizeof *v);
    if (!v || !(v->arena = hr_arena_new())) {
        free(v);
        hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    v->diag = diagfn;
    v->diag_ud = ud;
    load_cameo(v, hr_blob_cameo, (size_t)(hr_blob_cameo_end - hr_blob_cameo));
    if (!(flags & HR_VERBS_NO_BUILTIN))
        hr_verbs_load_buffer(v, "builtin", hr_blob_verbs,
                             (size_t)(hr_blob_verbs_end - hr_blob_verbs), err);
    return v;
}

void hr_verbs_free(hr_verbs *v)
{
    if (!v)
        return;
    hr_arena_free(v->arena);
    free(v->entries);
    free(v->patterns);
    free(v->elems);
    free(v->alts);
    free(v->hashes);
    free(v->forms);
    free(v->buckets);
    free(v->cameo);
    free(v);
}

void hr_verbs_get_stats(const hr_verbs *v, hr_verbs_stats *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < v->n_entries; i++) {
        if (v->entries[i].kind == HR_VE_VERB)
            out->verbs++;
        else
            out->nouns++;
    }
    out->forms = v->n_forms;
    out->patterns = v->n_patterns;
    out->codes = v->n_cameo;
    out->errors = v->errors;
    out->warnings = v->warnings;
}
