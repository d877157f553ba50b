/*
 * validate.c - TABARI/PETRARCH validation records, coded from their text.
 *
 * A validation file (PETRARCH's PETR.UnitTest.records.xml) is XML:
 *
 *   <Validation>
 *     <Environment>
 *       <Verbfile>PETR.Validate.verbs.txt</Verbfile>     and Actorfile,
 *       ...                                               Agentfile,
 *     </Environment>                                      Discardfile
 *     <Sentences>
 *       <Sentence date="19950101" id="DEMO-00" category="DEMO">
 *         <EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"/>
 *         <EventCoding noevents="True"/>       (nothing expected)
 *         <EventCoding error="storydiscard"/>  (an error: nothing coded)
 *         <Text> the sentence </Text>
 *         <Parse> a constituency parse: never read here </Parse>
 *       </Sentence> ...
 *
 * The dictionaries named are read with the compatibility readers (actors,
 * agents and discards into an empty hr_dict, verbs into an empty
 * hr_verbs); each record's text is split into sentences and each sentence
 * coded with the record's date. The record is exact when the set of
 * (source, target, code) coded equals the set expected. Claims and every
 * other flag of a mention are ignored: an event the coder asserts is an
 * event here.
 */
#include "code.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_VFILE ((size_t)512 << 20)

typedef struct vset {
    hr_vevent *e;
    size_t n, cap;
} vset;

static bool vset_add(vset *s, const char *src, const char *tgt, const char *code)
{
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 16;
        hr_vevent *ne = realloc(s->e, c * sizeof *ne);
        if (!ne)
            return false;
        s->e = ne;
        s->cap = c;
    }
    hr_vevent *v = &s->e[s->n++];
    /* an actor with no code is "---", as the records write it */
    snprintf(v->source, sizeof v->source, "%s", src && src[0] ? src : "---");
    snprintf(v->target, sizeof v->target, "%s", tgt && tgt[0] ? tgt : "---");
    snprintf(v->code, sizeof v->code, "%s", code ? code : "");
    return true;
}

static int cmp_event(const void *a, const void *b)
{
    const hr_vevent *x = a, *y = b;
    int c = strcmp(x->source, y->source);
    if (!c)
        c = strcmp(x->target, y->target);
    return c ? c : strcmp(x->code, y->code);
}

/* Sorts and drops repeats. */
static void vset_norm(vset *s)
{
    if (s->n < 2)
        return;
    qsort(s->e, s->n, sizeof *s->e, cmp_event);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (cmp_event(&s->e[i], &s->e[k - 1]))
            s->e[k++] = s->e[i];
    s->n = k;
}

/* How many of a are in b (both normalized). */
static size_t vset_common(const vset *a, const vset *b)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->n && j < b->n) {
        int c = cmp_event(&a->e[i], &b->e[j]);
        if (c == 0)
            n++, i++, j++;
        else if (c < 0)
            i++;
        else
            j++;
    }
    return n;
}

/* ---- XML helpers --------------------------------------------------------- */

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* The text of a node, whitespace runs made one space, ends trimmed, into
 * b (NUL-ended). */
static bool node_text(const xmlNode *n, hr_buf *b)
{
    b->len = 0;
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    bool ok = hr_buf_reserve(b, 1);
    if (t) {
        bool space = false;
        for (const xmlChar *p = t; *p && ok; p++) {
            bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
            if (ws) {
                space = b->len > 0;
                continue;
            }
            if (space)
                ok = hr_buf_putc(b, ' ');
            space = false;
            ok = ok && hr_buf_putc(b, (char)*p);
        }
        xmlFree(t);
    }
    if (ok)
        b->data[b->len] = '\0';
    return ok;
}

/* An attribute, trimmed, into out ("" when absent). */
static void attr(const xmlNode *n, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return;
    const char *s = (const char *)v;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\n'))
        l--;
    snprintf(out, size, "%.*s", (int)HR_MIN(l, size - 1), s);
    xmlFree(v);
}

/* ---- the environment --------------------------------------------------------- */

static bool is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The directory the dictionaries are in: the option, else the file's
 * sibling ../dictionaries/ (PETRARCH2's layout) when it holds the verb
 * file, else the file's own directory. False when a path is too long. */
static bool dict_dir(const char *path, const char *opt_dir, const char *verbfile, char *out,
                     size_t size)
{
    if (opt_dir)
        return (size_t)snprintf(out, size, "%s", opt_dir) < size;
    const char *slash = strrchr(path, '/');
    size_t own = slash ? (size_t)(slash - path) : 0;
    char sib[2048], probe[4096];
    int w = snprintf(sib, sizeof sib, "%.*s/../dictionaries", (int)own, slash ? path : ".");
    if (w < 0 || (size_t)w >= sizeof sib)
        return false;
    w = snprintf(probe, sizeof probe, "%s/%s", sib, verbfile);
    if (w > 0 && (size_t)w < sizeof probe && is_dir(sib) && is_file(probe))
        w = snprintf(out, size, "%s", sib);
    else
        w = snprintf(out, size, "%.*s", (int)own, slash ? path : ".");
    return w >= 0 && (size_t)w < size;
}

/* ---- coding one record ------------------------------------------------------------ */

typedef struct vctx {
    hr_coder *coder;
    hr_splitter *sp;
    hr_buf text;
    vset expected, coded;
} vctx;

static hr_status code_record(vctx *x, const xmlNode *s, hr_validation *out,
                             const hr_validate_options *opt, hr_error *err, const char *path)
{
    char id[256], cat[64], date_s[64], error[128] = "";
    attr(s, "id", id, sizeof id);
    attr(s, "category", cat, sizeof cat);
    attr(s, "date", date_s, sizeof date_s);
    x->expected.n = x->coded.n = 0;
    bool nomem = false;
    for (const xmlNode *c = s->children; c; c = c->next) {
        if (!named(c, "EventCoding"))
            continue;
        char src[48], tgt[48], code[8], noev[16], er[128];
        attr(c, "noevents", noev, sizeof noev);
        attr(c, "error", er, sizeof er);
        if (er[0]) {
            snprintf(error, sizeof error, "%s", er);
            continue;
        }
        if (noev[0])
            continue;
        attr(c, "sourcecode", src, sizeof src);
        attr(c, "targetcode", tgt, sizeof tgt);
        attr(c, "eventcode", code, sizeof code);
        if (!src[0] && !tgt[0] && !code[0])
            continue;
        nomem |= !vset_add(&x->expected, src, tgt, code);
    }
    if (!node_text(child(s, "Text"), &x->text) || nomem)
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
    hr_date date;
    memset(&date, 0, sizeof date);
    date.hour = date.minute = -1;
    if (date_s[0] && !hr_date_parse_iso(date_s, strlen(date_s), &date)) {
        memset(&date, 0, sizeof date);
        date.hour = date.minute = -1;
    }
    const hr_sentence *ss;
    size_t ns = hr_split(x->sp, x->text.data, x->text.len, 0, &ss);
    for (size_t i = 0; i < ns && !nomem; i++) {
        const hr_mention *m;
        size_t nm = hr_code_sentence(x->coder, x->text.data, &ss[i], &date, &m);
        for (size_t k = 0; k < nm && !nomem; k++)
            nomem |= !vset_add(&x->coded, m[k].source_code, m[k].target_code, m[k].code);
    }
    if (nomem)
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
    vset_norm(&x->expected);
    vset_norm(&x->coded);
    size_t common = vset_common(&x->expected, &x->coded);
    hr_vrecord r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.category = cat;
    r.date = date_s;
    r.text = x->text.data;
    r.error = error[0] ? error : NULL;
    r.expected = x->expected.e;
    r.n_expected = x->expected.n;
    r.coded = x->coded.e;
    r.n_coded = x->coded.n;
    r.missing = x->expected.n - common;
    r.extra = x->coded.n - common;
    r.exact = r.missing == 0 && r.extra == 0;
    /* the totals */
    out->records++;
    out->exact += r.exact;
    out->expected += r.n_expected;
    out->coded += r.n_coded;
    out->matched += common;
    hr_vcategory *vc = NULL;
    for (size_t i = 0; i < out->n_categories && !vc; i++)
        if (!strcmp(out->categories[i].name, cat))
            vc = &out->categories[i];
    size_t max = sizeof out->categories / sizeof out->categories[0];
    if (!vc && out->n_categories < max) {
        vc = &out->categories[out->n_categories++];
        snprintf(vc->name, sizeof vc->name, "%.*s", (int)sizeof vc->name - 1,
                 out->n_categories == max ? "other" : cat);
    } else if (!vc) {
        vc = &out->categories[max - 1];
    }
    vc->records++;
    vc->exact += r.exact;
    if (opt && opt->on_record)
        opt->on_record(opt->ud, &r);
    return HR_OK;
}

/* ---- the file ------------------------------------------------------------------------ */

static char *read_all(const char *path, size_t *len, hr_error *err)
{
    hr_stream *s = hr_stream_open_file(path, err);
    if (!s)
        return NULL;
    hr_buf b = {0};
    char tmp[65536];
    ptrdiff_t got;
    hr_error e2;
    while ((got = hr_stream_read(s, tmp, sizeof tmp, &e2)) > 0) {
        if (b.len + (size_t)got > MAX_VFILE) {
            hr_error_set(err, HR_ERR_TOO_BIG, path, NULL, 0, UINT64_MAX,
                         "larger than %zu MB", MAX_VFILE >> 20);
            got = -2;
            break;
        }
        if (!hr_buf_append(&b, tmp, (size_t)got)) {
            hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
            got = -2;
            break;
        }
    }
    if (got == -1 && err)
        *err = e2;
    hr_stream_close(s);
    if (got < 0) {
        hr_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

/* Loads what the <Environment> names; fills the paths in out. */
static hr_status load_environment(const xmlNode *env, const char *path,
                                  const hr_validate_options *opt, hr_validation *out,
                                  hr_dict **dp, hr_verbs **vp, hr_error *err)
{
    static const char *const TAGS[4] = {"Verbfile", "Actorfile", "Agentfile", "Discardfile"};
    char *dest[4] = {out->verbs, out->actors, out->agents, out->discards};
    char names[4][512];
    hr_buf b = {0};
    for (int i = 0; i < 4; i++) {
        names[i][0] = '\0';
        const xmlNode *n = child(env, TAGS[i]);
        if (n && node_text(n, &b))
            snprintf(names[i], sizeof names[i], "%s", b.data);
    }
    hr_buf_free(&b);
    if (!names[0][0])
        return hr_error_set(err, HR_ERR_FORMAT, path, NULL, 0, UINT64_MAX,
                            "the <Environment> names no <Verbfile>");
    char dir[1024];
    if (!dict_dir(path, opt ? opt->dict_dir : NULL, names[0], dir, sizeof dir))
        return hr_error_set(err, HR_ERR_ARG, path, NULL, 0, UINT64_MAX,
                            "the dictionary directory's path is too long");
    for (int i = 0; i < 4; i++) {
        if (!names[i][0])
            continue;
        int w = names[i][0] == '/' ? snprintf(dest[i], sizeof out->verbs, "%s", names[i])
                                   : snprintf(dest[i], sizeof out->verbs, "%s/%s", dir, names[i]);
        if (w < 0 || (size_t)w >= sizeof out->verbs)
            return hr_error_set(err, HR_ERR_ARG, path, NULL, 0, UINT64_MAX,
                                "the path of the <%s> is too long", TAGS[i]);
        if (!is_file(dest[i]))
            return hr_error_set(err, HR_ERR_IO, dest[i], NULL, 0, UINT64_MAX,
                                "the <%s> of %s is not there (--petrarch-dict DIR says where "
                                "the dictionaries are)", TAGS[i], path);
    }
    hr_dict_diag_fn diag = opt ? opt->diag : NULL;
    void *ud = opt ? opt->diag_ud : NULL;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, diag, ud, err);
    if (!d)
        return err ? err->code : HR_ERR_NOMEM;
    *dp = d;
    for (int i = 1; i < 4; i++) {
        if (!dest[i][0])
            continue;
        hr_status st = hr_dict_load_petrarch(d, dest[i], err);
        if (st != HR_OK)
            return st;
    }
    hr_verbs *v = hr_verbs_new(HR_VERBS_NO_BUILTIN, diag, ud, err);
    if (!v)
        return err ? err->code : HR_ERR_NOMEM;
    *vp = v;
    hr_status st = hr_verbs_load_petrarch(v, dest[0], err);
    if (st == HR_OK)
        st = hr_dict_finish(d, err);
    if (st == HR_OK)
        st = hr_verbs_finish(v, err);
    return st;
}

/* Every <Sentence>, depth first, in document order (no recursion: the
 * walk keeps to the tree's own links). */
static hr_status walk(const xmlNode *root, vctx *x, hr_validation *out,
                      const hr_validate_options *opt, hr_error *err, const char *path)
{
    const xmlNode *n = root;
    while (n) {
        if (named(n, "Sentence")) {
            hr_status st = code_record(x, n, out, opt, err, path);
            if (st != HR_OK)
                return st;
        } else if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
    return HR_OK;
}

hr_status hr_validate_file(const char *path, const hr_validate_options *opt,
                           hr_validation *out, hr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len = 0;
    char *data = read_all(path, &len, err);
    if (!data)
        return err ? err->code : HR_ERR_IO;
    if (len > INT32_MAX) {
        free(data);
        return hr_error_set(err, HR_ERR_TOO_BIG, path, NULL, 0, UINT64_MAX, "too large");
    }
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(data);
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
    }
    /* no network, no messages on stderr: errors come back through err */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free(data);
    if (!doc) {
        xmlErrorPtr xe = xmlCtxtGetLastError(ctxt);
        hr_status st = hr_error_set(err, HR_ERR_FORMAT, path, "line",
                                    xe ? (uint64_t)HR_MAX(xe->line, 0) : 0, UINT64_MAX,
                                    "not well-formed XML: %s",
                                    xe && xe->message ? xe->message : "unreadable");
        /* libxml2's messages end in a newline */
        if (err) {
            size_t ml = strlen(err->msg);
            while (ml && (err->msg[ml - 1] == '\n' || err->msg[ml - 1] == ' '))
                err->msg[--ml] = '\0';
        }
        xmlFreeParserCtxt(ctxt);
        return st;
    }
    xmlFreeParserCtxt(ctxt);
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *env = NULL;
    /* the <Environment> is a child of the root (or the root's grandchild
     * in files that wrap it) */
    for (const xmlNode *c = root ? root->children : NULL; c && !env; c = c->next)
        if (named(c, "Environment"))
            env = c;
    hr_status st = HR_OK;
    hr_dict *d = NULL;
    hr_verbs *v = NULL;
    vctx x;
    memset(&x, 0, sizeof x);
    if (!env)
        st = hr_error_set(err, HR_ERR_FORMAT, path, NULL, 0, UINT64_MAX,
                          "no <Environment> naming the dictionaries");
    if (st == HR_OK)
        st = load_environment(env, path, opt, out, &d, &v, err);
    if (st == HR_OK) {
        x.coder = hr_coder_new(d, v, err);
        x.sp = hr_splitter_new();
        if (!x.coder || !x.sp)
            st = x.coder ? hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX,
                                        "out of memory")
                         : (err ? err->code : HR_ERR_NOMEM);
    }
    if (st == HR_OK)
        st = walk(root, &x, out, opt, err, path);
    hr_coder_free(x.coder);
    hr_splitter_free(x.sp);
    hr_buf_free(&x.text);
    free(x.expected.e);
    free(x.coded.e);
    hr_verbs_free(v);
    hr_dict_free(d);
    xmlFreeDoc(doc);
    return st;
}
