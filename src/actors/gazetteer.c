/*
 * gazetteer.c - places: the generated gazetteer (data/gazetteer.tsv.gz)
 * and the hand-curated data/places-extra.tsv, compiled in as one text.
 *
 * A row: name, alternative names (|), ISO alpha-3, kind (city, admin,
 * country), latitude, longitude, population, flags (w: the name is a
 * common English word). After a line "@extra", a row whose name and
 * country match an earlier row only adds its alternative names to it;
 * other rows are new places. Bad rows are reported and skipped.
 */
#include "actors.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 8

static bool grow_places(hr_dict *d)
{
    if (d->n_places < d->cap_places)
        return true;
    size_t c = d->cap_places ? d->cap_places * 2 : 4096;
    hr_place *p = realloc(d->places, c * sizeof *p);
    if (!p)
        return false;
    d->places = p;
    uint8_t *f = realloc(d->place_flags, c);
    if (!f)
        return false;
    d->place_flags = f;
    d->cap_places = c;
    return true;
}

/* name + country -> place, for merging the extra rows */
typedef struct key_table {
    uint64_t *keys;
    uint32_t *vals;
    size_t mask;
} key_table;

static uint64_t place_key(const char *name, size_t n, const char *cc)
{
    return hr_word_hash(name, n) ^ hr_word_hash(cc, strlen(cc)) * 31;
}

static bool kt_init(key_table *t, size_t n)
{
    size_t c = 1024;
    while (c < n * 2)
        c *= 2;
    t->keys = calloc(c, sizeof *t->keys);
    t->vals = calloc(c, sizeof *t->vals);
    t->mask = c - 1;
    return t->keys && t->vals;
}

static void kt_put(key_table *t, uint64_t k, uint32_t v)
{
    k |= 1;   /* 0 marks an empty slot */
    size_t i = (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & t->mask;
    while (t->keys[i] && t->keys[i] != k)
        i = (i + 1) & t->mask;
    if (!t->keys[i]) {
        t->keys[i] = k;
        t->vals[i] = v;
    }
}

static bool kt_get(const key_table *t, uint64_t k, uint32_t *v)
{
    k |= 1;
    size_t i = (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & t->mask;
    while (t->keys[i]) {
        if (t->keys[i] == k) {
            *v = t->vals[i];
            return true;
        }
        i = (i + 1) & t->mask;
    }
    return false;
}

static bool parse_double(const char *s, size_t n, double lo, double hi, double *out)
{
    char tmp[48];
    if (n == 0 || n >= sizeof tmp)
        return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    double v = strtod(tmp, &end);
    if (*end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static bool iso3(const char *s, size_t n)
{
    return n == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
           s[2] >= 'A' && s[2] <= 'Z';
}

/* Digits only (empty is 0), at most 15 of them. */
static bool parse_population(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n > 15)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

static int parse_kind(const char *s, size_t n)
{
    if (n == 4 && !memcmp(s, "city", 4))
        return HR_PLACE_CITY;
    if (n == 5 && !memcmp(s, "admin", 5))
        return HR_PLACE_ADMIN;
    if (n == 7 && !memcmp(s, "country", 7))
        return HR_PLACE_COUNTRY;
    return -1;
}

/* Adds each '|'-separated name in s[0, n) for place pi. */
static bool add_alts(hr_dict *d, uint32_t pi, const char *file, uint32_t line,
                     const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j++;
        if (j > i && !hr_dict_add_name(d, pi | HR_TARGET_PLACE, file, line, s + i, j - i, 0))
            return false;
        d->st.place_names += j > i;
        i = j + 1;
    }
    return true;
}

hr_status hr_gazetteer_load(hr_dict *d, const char *name, const char *text,
                            size_t len, hr_error *err)
{
    const char *file = hr_dict_intern(d, name);
    key_table kt = {0};
    size_t rows = 1;
    for (const char *q = text, *e = text + len; (q = memchr(q, '\n', (size_t)(e - q))); q++)
        rows++;
    if (!kt_init(&kt, rows + 64)) {
        free(kt.keys);
        free(kt.vals);
        return hr_error_set(err, HR_ERR_NOMEM, name, NULL, 0, UINT64_MAX, "out of memory");
    }
    bool extra = false;
    uint32_t line = 0;
    size_t i = 0;
    hr_status rc = HR_OK;
    while (i < len && rc == HR_OK) {
        const char *s = text + i;
        const char *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + 1;
        line++;
        if (n && s[n - 1] == '\r')
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        if (n >= 6 && !memcmp(s, "@extra", 6)) {
            extra = true;
            file = hr_dict_intern(d, "data/places-extra.tsv");
            line = 0;
            continue;
        }
        const char *f[MAX_FIELDS];
        size_t fl[MAX_FIELDS], nf = 0, st = 0;
        for (size_t k = 0; k <= n && nf < MAX_FIELDS; k++)
            if (k == n || s[k] == '\t') {
                f[nf] = s + st;
                fl[nf++] = k - st;
                st = k + 1;
            }
        double lat, lon;
        uint64_t pop;
        int kind;
        if (nf < 7 || fl[0] == 0 || !iso3(f[2], fl[2]) || hr_utf8_valid_prefix(s, n) != n ||
            !parse_double(f[4], fl[4], -90, 90, &lat) ||
            !parse_double(f[5], fl[5], -180, 180, &lon) ||
            !parse_population(f[6], fl[6], &pop) || (kind = parse_kind(f[3], fl[3])) < 0) {
            hr_dict_diag(d, true, file, line, "bad gazetteer row (want name, "
                         "alternative names, ISO3 in capitals, kind city|admin|country, "
                         "latitude, longitude, population in digits, flags)");
            continue;
        }
        char cc[4];
        memcpy(cc, f[2], 3);
        cc[3] = '\0';
        uint32_t prev;
        if (extra && kt_get(&kt, place_key(f[0], fl[0], cc), &prev)) {
            if (!add_alts(d, prev, file, line, f[1], fl[1]))
                rc = HR_ERR_NOMEM;
            continue;
        }
        if (!grow_places(d)) {
            rc = HR_ERR_NOMEM;
            break;
        }
        uint32_t pi = (uint32_t)d->n_places;
        hr_place *p = &d->places[pi];
        memset(p, 0, sizeof *p);
        p->name = hr_arena_strndup(d->arena, f[0], fl[0]);
        memcpy(p->country, cc, 4);
        p->kind = (hr_place_kind)kind;
        p->lat = lat;
        p->lon = lon;
        p->population = pop;
        d->place_flags[pi] = nf > 7 && memchr(f[7], 'w', fl[7]) ? HR_PF_COMMON_WORD : 0;
        if (!p->name || !hr_dict_add_name(d, pi | HR_TARGET_PLACE, file, line, f[0], fl[0], 0) ||
            !add_alts(d, pi, file, line, f[1], fl[1])) {
            rc = HR_ERR_NOMEM;
            break;
        }
        d->n_places++;
        d->st.places++;
        d->st.place_names++;
        kt_put(&kt, place_key(f[0], fl[0], cc), pi);
    }
    free(kt.keys);
    free(kt.vals);
    if (rc != HR_OK)
        return hr_error_set(err, rc, name, NULL, 0, UINT64_MAX, "out of memory");
    return HR_OK;
}

hr_status hr_dict_load_places(hr_dict *d, const char *path, hr_error *err)
{
    if (d->finished)
        return hr_error_set(err, HR_ERR_ARG, path, NULL, 0, UINT64_MAX,
                            "the dictionary is in use: load before matching");
    hr_buf b = {0};
    hr_status rc = hr_read_file(path, &b, err);
    if (rc == HR_OK)
        rc = hr_gazetteer_load(d, path, b.data ? b.data : "", b.len, err);
    hr_buf_free(&b);
    return rc;
}
