/*
 * dict.c - the actor dictionary: entries with their codes and dates, the
 * known code units, Herald's dictionary format, and the word index the
 * matcher walks.
 *
 * Loading only collects (entries, codes, names); hr_dict_finish checks the
 * codes against the units (so a unit may be declared in any file, before
 * or after its use) and builds the index. The format is in
 * docs/dictionaries.md; every problem goes to the diag callback with file
 * and line, and the line or entry is skipped.
 */
#include "actors.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LINE (64u << 10)      /* a longer line is an error */
#define MAX_NAMES_PER_ENTRY 4096
#define MAX_CODES_PER_ENTRY 256

#define GROW(arr, n, cap, need) hr_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* ---- diagnostics ---------------------------------------------------------- */

void hr_dict_diag(hr_dict *d, bool is_error, const char *file, uint32_t line,
                  const char *fmt, ...)
{
    if (is_error)
        d->st.errors++;
    else
        d->st.warnings++;
    if (!d->diag)
        return;
    hr_error e;
    memset(&e, 0, sizeof e);
    e.code = HR_ERR_FORMAT;
    snprintf(e.file, sizeof e.file, "%s", file ? file : "");
    e.unit = line ? "line" : NULL;
    e.record = line;
    e.offset = UINT64_MAX;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    d->diag(d->diag_ud, &e, is_error);
}

const char *hr_dict_intern(hr_dict *d, const char *s)
{
    return hr_arena_strndup(d->arena, s, strlen(s));
}

/* ---- code units ------------------------------------------------------------ */

static int unit_index(const char *u)
{
    int v = 0;
    for (int i = 0; i < 3; i++) {
        int c = (unsigned char)u[i], x;
        if (c >= 'A' && c <= 'Z')
            x = c - 'A';
        else if (c >= '0' && c <= '9')
            x = 26 + c - '0';
        else
            return -1;
        v = v * 36 + x;
    }
    return v;
}

void hr_dict_add_unit(hr_dict *d, const char unit[3], enum hr_unit_kind kind)
{
    int i = unit_index(unit);
    if (i >= 0 && kind != HR_UNIT_NONE)
        d->units.kind[i] = (uint8_t)kind;
}

enum hr_unit_kind hr_dict_unit_kind(const hr_dict *d, const char *unit)
{
    int i = unit_index(unit);
    return i >= 0 ? (enum hr_unit_kind)d->units.kind[i] : HR_UNIT_NONE;
}

static const char *const UNIT_KINDS[] = {
    NULL, "country", "region", "international", "role", "org", "religion", "ethnic"};

/* Syntax only: "-", "~", "~XYZ", or 1..6 units of [A-Z0-9]. */
static bool code_syntax(const char *c, char *why, size_t n)
{
    size_t len = strlen(c);
    if (!strcmp(c, "-") || !strcmp(c, "~"))
        return true;
    const char *u = c[0] == '~' ? c + 1 : c;
    size_t ul = strlen(u);
    if (ul == 0 || ul % 3 || ul > 18 || len >= sizeof ((hr_dcode *)0)->code) {
        snprintf(why, n, "code '%s' is not a sequence of three-character units", c);
        return false;
    }
    for (size_t i = 0; i < ul; i++)
        if (!((u[i] >= 'A' && u[i] <= 'Z') || (u[i] >= '0' && u[i] <= '9'))) {
            snprintf(why, n, "code '%s' has a character other than A-Z and 0-9", c);
            return false;
        }
    if (c[0] == '~' && ul != 3) {
        snprintf(why, n, "agent code '%s' must be '~' and one role unit", c);
        return false;
    }
    return true;
}

bool hr_dict_code_ok(const hr_dict *d, const char *code, char *why,
                     size_t why_size)
{
    if (!code_syntax(code, why, why_size))
        return false;
    const char *u = code[0] == '~' ? code + 1 : code;
    if (!strcmp(code, "-") || !strcmp(code, "~"))
        return true;
    for (size_t i = 0; u[i]; i += 3)
        if (hr_dict_unit_kind(d, u + i) == HR_UNIT_NONE) {
            snprintf(why, why_size, "unknown code unit '%.3s' in '%s'", u + i, code);
            return false;
        }
    enum hr_unit_kind k = hr_dict_unit_kind(d, u);
    if (code[0] == '~' && k != HR_UNIT_ROLE) {
        snprintf(why, why_size, "agent code '%s': '%.3s' is a%s %s unit, not a role",
                 code, u, k == HR_UNIT_INTERNATIONAL || k == HR_UNIT_ORG ? "n" : "",
                 UNIT_KINDS[k]);
        return false;
    }
    if (code[0] != '~' && (k == HR_UNIT_ROLE || k == HR_UNIT_ORG)) {
        snprintf(why, why_size, "code '%s' starts with the %s unit '%.3s': the first "
                 "unit is a country, region, international, religious or ethnic one",
                 code, UNIT_KINDS[k], u);
        return false;
    }
    return true;
}

/* ---- entries ------------------------------------------------------------------ */

bool hr_dict_add_name(hr_dict *d, uint32_t target, const char *file,
                      uint32_t line, const char *text, size_t len,
                      unsigned flags)
{
    if (!GROW(d->names, d->n_names, d->cap_names, d->n_names + 1))
        return false;
    const char *t = hr_arena_strndup(d->arena, text, len);
    if (!t)
        return false;
    d->names[d->n_names++] = (hr_name){target, line, file, t, (uint32_t)len, (uint8_t)flags};
    return true;
}

bool hr_dict_add(hr_dict *d, const char *file, uint32_t line,
                 enum hr_entry_kind kind, unsigned eflags,
                 const hr_dname *names, size_t n_names,
                 const hr_dcode *codes, size_t n_codes)
{
    if (d->finished) {
        hr_dict_diag(d, true, file, line, "dictionary already in use: entry not added");
        return false;
    }
    if (n_codes == 0) {
        hr_dict_diag(d, true, file, line, "entry has no code line");
        return false;
    }
    size_t good_names = 0;
    for (size_t i = 0; i < n_names; i++)
        good_names += names[i].len > 0;
    if (good_names == 0) {
        hr_dict_diag(d, true, file, line, "entry has no name");
        return false;
    }
    char src[64];
    snprintf(src, sizeof src, ":%u", line);
    size_t fl = strlen(file), sl = strlen(src);
    char *source = hr_arena_alloc(d->arena, fl + sl + 1);
    if (!source || !GROW(d->entries, d->n_entries, d->cap_entries, d->n_entries + 1) ||
        !GROW(d->codes, d->n_codes, d->cap_codes, d->n_codes + n_codes))
        return false;
    memcpy(source, file, fl);
    memcpy(source + fl, src, sl + 1);
    uint32_t ei = (uint32_t)d->n_entries;
    hr_entry *e = &d->entries[d->n_entries++];
    size_t first = 0;
    while (names[first].len == 0)
        first++;
    e->name = hr_arena_strndup(d->arena, names[first].text, names[first].len);
    e->source = source;
    e->codes = (uint32_t)d->n_codes;
    e->n_codes = (uint32_t)n_codes;
    e->kind = (uint8_t)kind;
    e->eflags = (uint8_t)eflags;
    e->layer = d->layer;
    memcpy(d->codes + d->n_codes, codes, n_codes * sizeof *codes);
    d->n_codes += n_codes;
    for (size_t i = 0; i < n_names; i++)
        if (names[i].len && !hr_dict_add_name(d, ei, file, line, names[i].text,
                                              names[i].len, names[i].flags))
            return false;
    if (!e->name)
        return false;
    d->st.entries++;
    d->st.names += good_names;
    d->st.codes += n_codes;
    return true;
}

static bool is_eli(const char *code)
{
    size_t n = strlen(code);
    return n >= 6 && !strcmp(code + n - 3, "ELI");
}

bool hr_dcode_better(const hr_dcode *a, const hr_dcode *b)
{
    bool ea = is_eli(a->code), eb = is_eli(b->code);
    if (ea != eb)
        return !ea;
    return a->from > b->from;
}

const hr_dcode *hr_entry_code(const hr_dict *d, const hr_entry *e,
                              bool have_day, int32_t day, unsigned *flags)
{
    const hr_dcode *c = d->codes + e->codes, *undated = NULL, *best = NULL;
    for (uint32_t i = 0; i < e->n_codes; i++) {
        const hr_dcode *k = &c[i];
        if (k->from == HR_DAY_MIN && k->to == HR_DAY_MAX) {
            if (!undated)
                undated = k;
            continue;
        }
        /* with no date every range counts, and the latest wins */
        if (have_day && !(day >= k->from && day <= k->to))
            continue;
        if (!best || (have_day ? hr_dcode_better(k, best) : k->from > best->from))
            best = k;
    }
    *flags = 0;
    if (have_day && best) {
        *flags = HR_MF_DATED;
        return best;
    }
    if (undated)
        return undated;
    if (!have_day && best) {
        *flags = HR_MF_UNDATED;
        return best;
    }
    return NULL;
}

/* ---- Herald's format ------------------------------------------------------------ */

typedef struct parser {
    hr_dict *d;
    const char *file;
    uint32_t line;
    /* the entry being read */
    bool open, bad;
    uint32_t entry_line;
    unsigned eflags;
    hr_dname names[MAX_NAMES_PER_ENTRY];
    size_t n_names;
    hr_dcode codes[MAX_CODES_PER_ENTRY];
    size_t n_codes;
    hr_buf text;              /* the entry's name bytes */
    size_t name_off[MAX_NAMES_PER_ENTRY];
} parser;

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **s, size_t *n)
{
    while (*n && is_blank(**s))
        (*s)++, (*n)--;
    while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
        (*n)--;
}

static void close_entry(parser *p)
{
    if (p->open && !p->bad) {
        for (size_t i = 0; i < p->n_names; i++)
            p->names[i].text = p->text.data + p->name_off[i];
        hr_dict_add(p->d, p->file, p->entry_line, HR_ENT_ACTOR, p->eflags,
                    p->names, p->n_names, p->codes, p->n_codes);
    }
    p->open = p->bad = false;
    p->n_names = p->n_codes = 0;
    p->eflags = 0;
    p->text.len = 0;
}

/* "a | b | c": each name trimmed, '=' and '~' prefixes read. */
static void add_names(parser *p, const char *s, size_t n)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j++;
        const char *t = s + i;
        size_t tl = j - i;
        trim(&t, &tl);
        unsigned fl = 0;
        if (tl && (t[0] == '=' || t[0] == '~')) {
            fl = t[0] == '=' ? HR_DN_EXACT : HR_DN_ANYCASE;
            t++, tl--;
            trim(&t, &tl);
        }
        if (tl == 0) {
            hr_dict_diag(p->d, true, p->file, p->line, "empty name between '|'");
        } else if (p->n_names == MAX_NAMES_PER_ENTRY) {
            hr_dict_diag(p->d, true, p->file, p->line,
                         "more than %d names in one entry", MAX_NAMES_PER_ENTRY);
            return;
        } else {
            p->name_off[p->n_names] = p->text.len;
            if (!hr_buf_append(&p->text, t, tl))
                return;
            p->names[p->n_names++] = (hr_dname){NULL, tl, fl};
        }
        i = j + 1;
    }
}

/* "YYYY", "YYYY-MM", "YYYY-MM-DD"; `end` picks the last day of a partial
 * date. */
static bool parse_day(const char *s, size_t n, bool end, int32_t *out)
{
    int v[3] = {0, 0, 0}, k = 0;
    size_t i = 0;
    while (k < 3) {
        size_t st = i;
        int x = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - st < 4)
            x = x * 10 + (s[i++] - '0');
        size_t w = i - st;
        if ((k == 0 && w != 4) || (k > 0 && w != 2))
            return false;
        v[k++] = x;
        if (i == n)
            break;
        if (s[i++] != '-')
            return false;
    }
    if (i != n)
        return false;
    int y = v[0], m = v[1], dd = v[2];
    if (m < 0 || m > 12 || (k >= 2 && m == 0))
        return false;
    if (k < 2)
        m = end ? 12 : 1;
    int last = hr_date_weekday(y, m, 31) ? 31 : hr_date_weekday(y, m, 30) ? 30
               : hr_date_weekday(y, m, 29) ? 29 : 28;
    if (k < 3)
        dd = end ? last : 1;
    if (dd < 1 || dd > last)
        return false;
    *out = hr_days_from_civil(y, m, dd);
    return true;
}

static bool parse_range(const char *s, size_t n, int32_t *from, int32_t *to)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    if (!dots)
        return false;
    size_t a = (size_t)(dots - s), b = n - a - 2;
    *from = HR_DAY_MIN;
    *to = HR_DAY_MAX;
    if (a && !parse_day(s, a, false, from))
        return false;
    if (b && !parse_day(dots + 2, b, true, to))
        return false;
    return !(a == 0 && b == 0) && *from <= *to;
}

static void indented(parser *p, const char *s, size_t n)
{
    if (!p->open) {
        hr_dict_diag(p->d, true, p->file, p->line,
                     "indented line with no entry above it");
        return;
    }
    if (p->bad)
        return;
    if (s[0] == '|') {
        add_names(p, s + 1, n - 1);
        return;
    }
    size_t w = 0;
    while (w < n && !is_blank(s[w]))
        w++;
    if (w == 5 && !memcmp(s, "place", 5) && w == n) {
        p->eflags |= HR_EF_PLACE;
        return;
    }
    if (w == 4 && !memcmp(s, "note", 4))
        return;
    char code[32], why[160];
    if (w >= sizeof code) {
        hr_dict_diag(p->d, true, p->file, p->line, "code '%.*s...' is too long", 20, s);
        return;
    }
    memcpy(code, s, w);
    code[w] = '\0';
    bool lower = false;
    for (size_t i = 0; i < w; i++)
        lower |= s[i] >= 'a' && s[i] <= 'z';
    if (lower) {
        hr_dict_diag(p->d, true, p->file, p->line,
                     "'%s' is neither a keyword (place, note) nor a code "
                     "(codes are upper case)", code);
        return;
    }
    if (!code_syntax(code, why, sizeof why)) {
        hr_dict_diag(p->d, true, p->file, p->line, "%s", why);
        return;
    }
    const char *r = s + w;
    size_t rl = n - w;
    trim(&r, &rl);
    hr_dcode c;
    memset(&c, 0, sizeof c);
    memcpy(c.code, code, w + 1);
    c.from = HR_DAY_MIN;
    c.to = HR_DAY_MAX;
    c.line = p->line;
    if (rl) {
        size_t rw = 0;
        while (rw < rl && !is_blank(r[rw]))
            rw++;
        if (rw != rl) {
            hr_dict_diag(p->d, true, p->file, p->line,
                         "unexpected text after the date range: '%.*s'",
                         (int)HR_MIN(rl - rw, 40), r + rw);
            return;
        }
        if (!parse_range(r, rl, &c.from, &c.to)) {
            hr_dict_diag(p->d, true, p->file, p->line,
                         "bad date range '%.*s' (want FROM..TO with YYYY, "
                         "YYYY-MM or YYYY-MM-DD, FROM not after TO)",
                         (int)HR_MIN(rl, 60), r);
            return;
        }
    }
    if (p->n_codes == MAX_CODES_PER_ENTRY) {
        hr_dict_diag(p->d, true, p->file, p->line, "too many code lines");
        return;
    }
    p->codes[p->n_codes++] = c;
}

static void directive(parser *p, const char *s, size_t n)
{
    if (n > 5 && !memcmp(s, "@unit", 5) && is_blank(s[5])) {
        const char *u = s + 5;
        size_t ul = n - 5;
        trim(&u, &ul);
        enum hr_unit_kind kind = HR_UNIT_NONE;
        if (ul > 4 && is_blank(u[3]) && unit_index(u) >= 0) {
            const char *k = u + 4;
            size_t kl = ul - 4;
            trim(&k, &kl);
            size_t kw = 0;
            while (kw < kl && !is_blank(k[kw]))
                kw++;
            for (int j = 1; j <= HR_UNIT_ETHNIC; j++)
                if (strlen(UNIT_KINDS[j]) == kw && !memcmp(k, UNIT_KINDS[j], kw))
                    kind = (enum hr_unit_kind)j;
        }
        if (kind == HR_UNIT_NONE) {
            hr_dict_diag(p->d, true, p->file, p->line,
                         "@unit wants three characters A-Z or 0-9, then a kind: "
                         "country, region, international, role, org, religion or ethnic");
            return;
        }
        hr_dict_add_unit(p->d, u, kind);
        return;
    }
    hr_dict_diag(p->d, true, p->file, p->line, "unknown directive '%.*s'",
                 (int)HR_MIN(n, 20), s);
}

static void parse_text(parser *p, const char *text, size_t len, bool units_only)
{
    size_t i = 0;
    while (i < len) {
        const char *s = text + i;
        const char *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + 1;
        p->line++;
        if (n && s[n - 1] == '\r')
            n--;
        /* an embedded file: "@file NAME" resets the place in messages */
        if (n > 6 && !memcmp(s, "@file ", 6)) {
            close_entry(p);
            char nm[1024];
            snprintf(nm, sizeof nm, "%.*s", (int)HR_MIN(n - 6, sizeof nm - 1), s + 6);
            p->file = hr_dict_intern(p->d, nm);
            p->line = 0;
            continue;
        }
        bool unit_line = n > 6 && !memcmp(s, "@unit", 5) && is_blank(s[5]);
        if (units_only) {
            if (unit_line && hr_utf8_valid_prefix(s, n) == n)
                directive(p, s, n);
            continue;
        }
        if (n > MAX_LINE) {
            hr_dict_diag(p->d, true, p->file, p->line, "line of %zu bytes is too long", n);
            if (p->open)
                p->bad = true;
            continue;
        }
        size_t ok = hr_utf8_valid_prefix(s, n);
        if (ok < n) {
            hr_dict_diag(p->d, true, p->file, p->line,
                         "invalid UTF-8 at byte %zu of the line", ok + 1);
            if (p->open && !is_blank(s[0]))
                close_entry(p);
            if (!is_blank(s[0])) {
                p->open = p->bad = true;   /* swallow its indented lines */
                p->entry_line = p->line;
            }
            continue;
        }
        /* comments: '#' at the start or after a blank; a comment line
         * does not end the entry, a blank one does */
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
            if (!comment)
                close_entry(p);
            continue;
        }
        if (t[0] == '@' && t == s) {
            close_entry(p);
            if (!unit_line)             /* @unit lines were read first */
                directive(p, t, tl);
            continue;
        }
        if (t == s) {                      /* column 0: a new entry */
            close_entry(p);
            p->open = true;
            p->entry_line = p->line;
            add_names(p, t, tl);
        } else {
            indented(p, t, tl);
        }
    }
    close_entry(p);
}

hr_status hr_dict_load_buffer(hr_dict *d, const char *name, const char *text,
                              size_t len, hr_error *err)
{
    d->layer++;
    if (d->finished)
        return hr_error_set(err, HR_ERR_ARG, name, NULL, 0, UINT64_MAX,
                            "the dictionary is in use: load before matching");
    parser *p = calloc(1, sizeof *p);
    if (!p)
        return hr_error_set(err, HR_ERR_NOMEM, name, NULL, 0, UINT64_MAX, "out of memory");
    p->d = d;
    p->file = hr_dict_intern(d, name);
    parse_text(p, text, len, true);        /* units first: any order works */
    p->file = hr_dict_intern(d, name);
    p->line = 0;
    parse_text(p, text, len, false);
    hr_buf_free(&p->text);
    free(p);
    return HR_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.txt under dir, sorted, into *files. */
static hr_status list_dir(hr_dict *d, const char *dir, char ***files, size_t *n,
                          size_t *cap, int depth, hr_error *err)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        if (!err)
            hr_dict_diag(d, true, dir, 0, "%s: not read", strerror(errno));
        return hr_error_set(err, HR_ERR_IO, dir, NULL, 0, UINT64_MAX, "%s", strerror(errno));
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
        struct stat stt, lst;
        if (stat(path, &stt) != 0 || lstat(path, &lst) != 0) {
            hr_dict_diag(d, true, path, 0, "%s: not read", strerror(errno));
            free(path);
            continue;
        }
        if (S_ISDIR(stt.st_mode)) {
            if (S_ISLNK(lst.st_mode) || depth >= 8)
                hr_dict_diag(d, false, path, 0, "%s: not followed",
                             S_ISLNK(lst.st_mode) ? "a link to a directory"
                                                  : "directories nested too deep");
            else
                list_dir(d, path, files, n, cap, depth + 1, NULL);
            free(path);
            continue;
        }
        size_t nl = strlen(de->d_name);
        if (!(nl > 4 && !strcmp(de->d_name + nl - 4, ".txt")) || !S_ISREG(stt.st_mode) ||
            !GROW(*files, *n, *cap, *n + 1)) {
            free(path);
            continue;
        }
        (*files)[(*n)++] = path;
    }
    closedir(dh);
    return HR_OK;
}

hr_status hr_dict_load(hr_dict *d, const char *path, hr_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX, "%s", strerror(errno));
    char **files = NULL;
    size_t n = 0, cap = 0;
    hr_status rc = HR_OK;
    if (S_ISDIR(st.st_mode)) {
        rc = list_dir(d, path, &files, &n, &cap, 0, err);
        qsort(files, n, sizeof *files, cmp_str);
    } else if (GROW(files, n, cap, 1)) {
        files[n++] = strdup(path);
    }
    /* one buffer of all files with "@file" markers, so that units declared
     * anywhere count everywhere */
    hr_buf all = {0};
    for (size_t i = 0; rc == HR_OK && i < n; i++) {
        if (!files[i])
            continue;
        char mark[1100];
        int ml = snprintf(mark, sizeof mark, "\n@file %s\n", files[i]);
        hr_buf one = {0};
        hr_error e2;
        if (hr_read_file(files[i], &one, &e2) != HR_OK) {
            hr_dict_diag(d, true, files[i], 0, "%s", e2.msg);
        } else if (!hr_buf_append(&all, mark, (size_t)ml) ||
                   !hr_buf_append(&all, one.data, one.len)) {
            rc = hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
        }
        hr_buf_free(&one);
    }
    if (rc == HR_OK && n == 0)
        hr_dict_diag(d, false, path, 0, "no *.txt dictionary files here");
    if (rc == HR_OK && all.len)
        rc = hr_dict_load_buffer(d, path, all.data, all.len, err);
    hr_buf_free(&all);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc;
}

/* ---- the index ---------------------------------------------------------------- */

static inline size_t edge_slot(uint32_t parent, uint64_t word)
{
    uint64_t k = word ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ull);
    k ^= k >> 29;
    k *= 0xBF58476D1CE4E5B9ull;
    k ^= k >> 32;
    return (size_t)k;
}

uint32_t hr_dict_edge(const hr_dict *d, uint32_t node, uint64_t h)
{
    for (size_t i = edge_slot(node, h) & d->edge_mask;; i = (i + 1) & d->edge_mask) {
        const hr_edge *e = &d->edges[i];
        if (e->parent == UINT32_MAX)
            return UINT32_MAX;
        if (e->parent == node && e->word == h)
            return e->child;
    }
}

static uint32_t new_node(hr_dict *d)
{
    if (!GROW(d->nodes, d->n_nodes, d->cap_nodes, d->n_nodes + 1))
        return UINT32_MAX;
    d->nodes[d->n_nodes] = (hr_node){UINT32_MAX, 0};
    return (uint32_t)d->n_nodes++;
}

static bool edges_grow(hr_dict *d)
{
    size_t cap = d->edge_mask ? (d->edge_mask + 1) * 2 : 1024;
    hr_edge *ne = malloc(cap * sizeof *ne);
    if (!ne)
        return false;
    for (size_t i = 0; i < cap; i++)
        ne[i].parent = UINT32_MAX;
    if (d->edges)
        for (size_t i = 0; i <= d->edge_mask; i++) {
            hr_edge *e = &d->edges[i];
            if (e->parent == UINT32_MAX)
                continue;
            size_t j = edge_slot(e->parent, e->word) & (cap - 1);
            while (ne[j].parent != UINT32_MAX)
                j = (j + 1) & (cap - 1);
            ne[j] = *e;
        }
    free(d->edges);
    d->edges = ne;
    d->edge_mask = cap - 1;
    return true;
}

/* The child of node over h, made if missing. */
static uint32_t child(hr_dict *d, uint32_t node, uint64_t h)
{
    uint32_t c = d->edges ? hr_dict_edge(d, node, h) : UINT32_MAX;
    if (c != UINT32_MAX)
        return c;
    if ((d->n_edges + 1) * 2 > d->edge_mask + 1 && !edges_grow(d))
        return UINT32_MAX;
    c = new_node(d);
    if (c == UINT32_MAX)
        return c;
    size_t j = edge_slot(node, h) & d->edge_mask;
    while (d->edges[j].parent != UINT32_MAX)
        j = (j + 1) & d->edge_mask;
    d->edges[j] = (hr_edge){h, node, c};
    d->n_edges++;
    return c;
}

static uint8_t word_req(const char *text, const hr_word *w, unsigned nflags)
{
    if (nflags & HR_DN_EXACT)
        return HR_REQ_EXACT;
    if (nflags & HR_DN_ANYCASE)
        return HR_REQ_ANY;
    if (nflags & HR_DN_CAP_FIRST)       /* names written in capitals */
        return w->start == 0 ? HR_REQ_INITIAL : HR_REQ_ANY;
    if (w->cls == HR_CLS_UPPER) {
        /* an acronym: two letters or more, all capitals */
        unsigned letters = 0;
        for (uint32_t i = w->start; i < w->end; i++)
            letters += (text[i] >= 'A' && text[i] <= 'Z') || (unsigned char)text[i] >= 0xC0;
        return letters >= 2 ? HR_REQ_ACRO : HR_REQ_CAP;
    }
    return w->cls == HR_CLS_CAP ? HR_REQ_CAP : HR_REQ_ANY;
}

static bool same_codes(const hr_dict *d, const hr_entry *a, const hr_entry *b)
{
    if (a->n_codes != b->n_codes || a->kind != b->kind)
        return false;
    for (uint32_t i = 0; i < a->n_codes; i++) {
        const hr_dcode *x = &d->codes[a->codes + i], *y = &d->codes[b->codes + i];
        if (strcmp(x->code, y->code) || x->from != y->from || x->to != y->to)
            return false;
    }
    return true;
}

/* Puts one name in the index. */
static bool index_name(hr_dict *d, uint32_t ni, hr_word **words, size_t *wcap,
                       hr_buf *fb, uint64_t *foreign_dups)
{
    const hr_name *nm = &d->names[ni];
    size_t nw = hr_name_words(nm->text, nm->len, words, wcap, fb);
    hr_word *w = *words;
    for (size_t i = 0; i + 1 < nw; i++)
        if (w[i].flags & HR_W_STEM) {
            hr_dict_diag(d, true, nm->file, nm->line,
                         "name '%s': only its last word may be a prefix (*)", nm->text);
            return true;
        }
    if (nw == 0 || nw > 32) {
        if (!(nm->target & HR_TARGET_PLACE))
            hr_dict_diag(d, true, nm->file, nm->line,
                         nw ? "name '%s' has more than 32 words"
                            : "name '%s' has no letters or digits", nm->text);
        return true;
    }
    if (!GROW(d->reqs, d->n_reqs, d->cap_reqs, d->n_reqs + nw) ||
        !GROW(d->terms, d->n_terms, d->cap_terms, d->n_terms + 1))
        return false;
    uint32_t node = 0;
    for (size_t i = 0; i < nw; i++) {
        uint64_t h = w[i].h;
        if (w[i].flags & HR_W_STEM) {
            h ^= HR_STEM_SALT;
            d->nodes[node].has_stem = 1;
            if (w[i].flen < 64)
                d->stem_lens |= 1ull << w[i].flen;
        }
        node = child(d, node, h);
        if (node == UINT32_MAX)
            return false;
        d->reqs[d->n_reqs + i] = word_req(nm->text, &w[i], nm->flags);
    }
    /* the same name for the same codes twice (places never are) */
    for (uint32_t t = (nm->target & HR_TARGET_PLACE) ? UINT32_MAX : d->nodes[node].terms;
         t != UINT32_MAX; t = d->terms[t].next) {
        const hr_term *o = &d->terms[t];
        if ((o->target & HR_TARGET_PLACE) || (nm->target & HR_TARGET_PLACE))
            continue;
        const hr_entry *a = &d->entries[o->target], *b = &d->entries[nm->target];
        if (o->target != nm->target && same_codes(d, a, b) &&
            !memcmp(d->reqs + o->reqs, d->reqs + d->n_reqs, nw)) {
            if (b->eflags & HR_EF_NOCHECK)
                (*foreign_dups)++;      /* counted, told once at the end */
            else
                hr_dict_diag(d, false, nm->file, nm->line,
                             "duplicate: '%s' with the same codes is already at %s",
                             nm->text, a->source);
            return true;
        }
    }
    bool plural_ok = d->reqs[d->n_reqs + nw - 1] == HR_REQ_ANY &&
                     !(nm->flags & (HR_DN_EXACT | HR_DN_NO_PLURAL)) &&
                     !(w[nw - 1].flags & HR_W_STEM);
    d->terms[d->n_terms] = (hr_term){nm->target, d->nodes[node].terms,
                                     (uint32_t)d->n_reqs, ni, (uint8_t)nw, plural_ok};
    d->nodes[node].terms = (uint32_t)d->n_terms++;
    d->n_reqs += nw;
    return true;
}

/* Entries whose codes use unknown units lose those codes; an entry left
 * with none is dropped from the index. */
static void check_codes(hr_dict *d, bool *drop)
{
    char why[160];
    for (size_t i = 0; i < d->n_entries; i++) {
        hr_entry *e = &d->entries[i];
        uint32_t k = 0;
        bool agent = false, discard = false;
        for (uint32_t j = 0; j < e->n_codes; j++) {
            hr_dcode *c = &d->codes[e->codes + j];
            if (!(e->eflags & HR_EF_NOCHECK) && !hr_dict_code_ok(d, c->code, why, sizeof why)) {
                const char *colon = strrchr(e->source, ':');
                uint32_t line = c->line ? c->line : (uint32_t)strtoul(colon + 1, NULL, 10);
                char file[1024];
                snprintf(file, sizeof file, "%.*s", (int)(colon - e->source), e->source);
                hr_dict_diag(d, true, file, line, "%s", why);
                continue;
            }
            agent |= c->code[0] == '~';
            discard |= !strcmp(c->code, "-");
            d->codes[e->codes + k++] = *c;
        }
        e->n_codes = k;
        bool actor = false;
        for (uint32_t j = 0; j < k; j++)
            actor |= d->codes[e->codes + j].code[0] != '~' && strcmp(d->codes[e->codes + j].code, "-");
        if (agent && actor && e->kind != HR_ENT_AGENT) {
            const char *colon = strrchr(e->source, ':');
            char file[1024];
            snprintf(file, sizeof file, "%.*s", (int)(colon - e->source), e->source);
            hr_dict_diag(d, true, file, (uint32_t)strtoul(colon + 1, NULL, 10),
                         "entry mixes agent codes (~ROLE) with actor codes: the agent "
                         "codes are dropped");
            uint32_t k2 = 0;
            for (uint32_t j = 0; j < k; j++)
                if (d->codes[e->codes + j].code[0] != '~')
                    d->codes[e->codes + k2++] = d->codes[e->codes + j];
            e->n_codes = k = k2;
            agent = false;
        }
        if (e->kind == HR_ENT_AGENT && actor) {
            /* a foreign agent entry with a plain code: keep the ~ codes */
            uint32_t k2 = 0;
            for (uint32_t j = 0; j < k; j++)
                if (d->codes[e->codes + j].code[0] == '~' ||
                    !strcmp(d->codes[e->codes + j].code, "-"))
                    d->codes[e->codes + k2++] = d->codes[e->codes + j];
            if (k2)
                e->n_codes = k = k2;
            else
                e->kind = HR_ENT_ACTOR;
        }
        if (e->kind == HR_ENT_ACTOR && agent)
            e->kind = HR_ENT_AGENT;
        if (e->kind == HR_ENT_ACTOR && discard && k == 1)
            e->kind = HR_ENT_DISCARD;
        drop[i] = k == 0;
        d->st.agents += !drop[i] && e->kind == HR_ENT_AGENT;
        d->st.discards += !drop[i] && e->kind == HR_ENT_DISCARD;
    }
}

hr_status hr_dict_finish(hr_dict *d, hr_error *err)
{
    if (d->finished)
        return HR_OK;
    bool *drop = calloc(d->n_entries + 1, sizeof *drop);
    if (!drop)
        return hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
    if (!d->codes_checked) {            /* once, even if indexing fails */
        check_codes(d, drop);
        d->codes_checked = true;
    }
    for (size_t i = 0; i < d->n_entries; i++)
        drop[i] = d->entries[i].n_codes == 0;
    hr_word *words = NULL;
    size_t wcap = 0;
    hr_buf fb = {0};
    uint64_t foreign_dups = 0;
    bool ok = new_node(d) == 0 && edges_grow(d);
    for (size_t i = 0; ok && i < d->n_names; i++) {
        uint32_t t = d->names[i].target;
        if (!(t & HR_TARGET_PLACE) && drop[t])
            continue;
        ok = index_name(d, (uint32_t)i, &words, &wcap, &fb, &foreign_dups);
    }
    if (foreign_dups)
        hr_dict_diag(d, false, "TABARI/PETRARCH dictionaries", 0,
                     "%llu names repeated with the same codes were loaded once",
                     (unsigned long long)foreign_dups);
    free(words);
    hr_buf_free(&fb);
    free(drop);
    if (!ok) {
        /* leave no half-built index: a later call starts again */
        free(d->edges);
        d->edges = NULL;
        d->edge_mask = d->n_edges = d->n_nodes = d->n_terms = d->n_reqs = 0;
        d->stem_lens = 0;
        return hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
    }
    d->finished = true;
    return HR_OK;
}

/* ---- life cycle ----------------------------------------------------------------- */

hr_dict *hr_dict_new(unsigned flags, hr_dict_diag_fn diag, void *ud,
                     hr_error *err)
{
    hr_dict *d = calloc(1, sizeof *d);
    if (!d || !(d->arena = hr_arena_new())) {
        free(d);
        hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    d->flags = flags;
    d->diag = diag;
    d->diag_ud = ud;
    hr_status rc = HR_OK;
    size_t alen = (size_t)(hr_blob_actors_end - hr_blob_actors);
    if (flags & HR_DICT_NO_BUILTIN) {
        /* the units still count, so that a user's own directory can be
         * checked against them */
        parser *p = calloc(1, sizeof *p);
        if (p) {
            p->d = d;
            p->file = "builtin";
            parse_text(p, hr_blob_actors, alen, true);
            free(p);
        }
    } else {
        rc = hr_dict_load_buffer(d, "builtin", hr_blob_actors, alen, err);
    }
    if (rc == HR_OK && !(flags & HR_DICT_NO_GAZETTEER))
        rc = hr_gazetteer_load(d, "gazetteer", hr_blob_gazetteer,
                               (size_t)(hr_blob_gazetteer_end - hr_blob_gazetteer), err);
    if (rc != HR_OK) {
        hr_dict_free(d);
        return NULL;
    }
    return d;
}

void hr_dict_free(hr_dict *d)
{
    if (!d)
        return;
    hr_arena_free(d->arena);
    free(d->entries);
    free(d->codes);
    free(d->names);
    free(d->places);
    free(d->place_flags);
    free(d->edges);
    free(d->nodes);
    free(d->terms);
    free(d->reqs);
    free(d);
}

void hr_dict_get_stats(const hr_dict *d, hr_dict_stats *out)
{
    *out = d->st;
    out->bytes = d->cap_entries * sizeof *d->entries + d->cap_codes * sizeof *d->codes +
                 d->cap_names * sizeof *d->names + d->cap_places * (sizeof *d->places + 1) +
                 (d->edges ? (d->edge_mask + 1) * sizeof *d->edges : 0) +
                 d->cap_nodes * sizeof *d->nodes + d->cap_terms * sizeof *d->terms +
                 d->cap_reqs;
    /* the arena: every name and string copied in */
    for (size_t i = 0; i < d->n_names; i++)
        out->bytes += d->names[i].len + 1;
}
