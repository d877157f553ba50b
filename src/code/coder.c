/*
 * coder.c - sentences to events.
 *
 * For each sentence: words (as the matcher folds them) with their
 * part-of-speech tags, the actors and places the matcher finds, then the
 * predicates: every word that begins a form of a dictionary verb (tagged
 * as a verb) or event noun (tagged as a noun). For each predicate:
 *
 *   verb group   auxiliaries, modals, negation and the passive, read
 *                leftwards from the verb;
 *   subject      the nearest actor on the left in the same clause, past an
 *                appositive (", the press secretary of ...,"), with the
 *                actors coordinated with it ("Baku and Yerevan", "A's
 *                sheep and goats of B"), past a short parenthesis and
 *                past a "between A and B" phrase of an actor's head; a
 *                pronoun or "the side" takes the paragraph's last subject;
 *   pattern      the entry's most specific pattern that matches the words
 *                around the predicate binds the target (^) and, when
 *                written, the source ($); the passive swaps subject and
 *                "by" object;
 *   claims       a predicate inside what someone said, reported or
 *                accused another of is that speaker's claim (claim_by);
 *                inside a denial it is no event;
 *   negation     a negated verb group gives an event only through a
 *                `negated` pattern; modals of possibility (may, might,
 *                could, would) give none.
 *
 * Compound sources and targets give one event per pair; "each other"
 * pairs the coordinated subjects both ways.
 */
#include "code.h"

#include <stdlib.h>
#include <string.h>

#define MAX_GAP 6
#define MAX_COMPOUND 8
#define SUBJECT_REACH 40      /* words to look back for a subject */

typedef struct actor {
    uint32_t w0, w1;          /* words */
    hr_span span;
    char code[48];            /* several joined by '/': one event each */
    const hr_place *place;
    const hr_place *where;    /* the place it names, metonyms included */
    bool person;              /* a named person (for he/she) */
    uint32_t agent_w0;        /* "the leaders of A, B and C": where the agent
                                 that gave A its role starts, else UINT32_MAX */
} actor;

typedef struct pred {
    uint32_t w0, w1;          /* the verb or noun and its particles */
    uint32_t entry;
    uint8_t vform;
    bool noun;
    /* verb group */
    uint32_t g0;              /* first word of the group (auxiliaries) */
    bool negated, passive, modal, infinitive, skip;
    bool coordinated;         /* "... and accused": took the subject before */
    int32_t claim_by;         /* actor index of the speaker, -1 none */
    bool denied;              /* inside a denial: no event */
    uint8_t sources, n_sources;   /* into the sentence's actor list */
} pred;

typedef struct binding {
    int32_t src[MAX_COMPOUND], tgt[MAX_COMPOUND];
    int n_src, n_tgt;
    bool each_other;
    uint32_t end;             /* last word matched */
    int64_t start;            /* first word matched before the verb */
} binding;

struct hr_coder {
    hr_dict *d;
    const hr_verbs *v;
    hr_matcher *m;
    const hr_tagger *tagger;
    bool subj_nor;            /* the last subject found was "neither A nor B" */
    uint32_t cur_g0;          /* the verb group of the predicate being matched */
    int cur_nsubj;            /* and how many subjects it has */
    bool own_tagger;
    /* the sentence */
    hr_word *w;
    size_t nw, wcap;
    hr_buf fb;
    uint8_t *tag;             /* per word */
    uint8_t *ttag;            /* per token */
    size_t tagcap, ttagcap;
    int32_t *actor_at;        /* per word: actor index or -1 */
    size_t acap;
    actor *act;
    size_t nact, actcap;
    pred *pr;
    size_t npr, prcap;
    /* pronouns: the paragraph's last subject */
    char last_code[48];
    bool last_person;
    hr_span last_span;
    bool have_last;
    /* PETRARCH discards: the sentence's events dropped, the story's */
    bool discard_sentence, discard_story;
    /* output */
    hr_mention *out;
    size_t nout, outcap;
};

/* ---- words and tags ----------------------------------------------------- */

static bool fword(const hr_coder *c, uint32_t i, const char *s)
{
    size_t n = strlen(s);
    return i < c->nw && c->w[i].flen == n && !memcmp(c->fb.data + c->w[i].fold, s, n);
}

static bool fword_in(const hr_coder *c, uint32_t i, const char *const *list)
{
    for (; *list; list++)
        if (fword(c, i, *list))
            return true;
    return false;
}

static bool is_verb_tag(uint8_t t)
{
    return t == HR_POS_VB || t == HR_POS_VBD || t == HR_POS_VBG || t == HR_POS_VBN ||
           t == HR_POS_VBP || t == HR_POS_VBZ;
}

static bool is_break(const hr_coder *c, uint32_t i)
{
    return c->w[i].flags & HR_W_BREAK;
}

/* The punctuation of a break word. */
static char punct(const hr_coder *c, const char *text, uint32_t i)
{
    return is_break(c, i) ? text[c->w[i].start] : 0;
}

static const char *const AUX[] = {
    "be", "is", "was", "were", "are", "am", "been", "being", "has", "have", "had",
    "having", "will", "shall", "do", "does", "did", "get", "got", "gets", "getting",
    "to", "also", "still", "already", "reportedly", "allegedly", "again", "then",
    "now", "repeatedly", "just", "previously", "later", "once", "yet", "ever",
    "jointly", "formally", "officially", "reportedly", NULL};
static const char *const MODAL[] = {"would", "could", "might", "may", "should", "can",
                                    "must", NULL};
static const char *const NEGATION[] = {
    "not", "nt", "never", "no", "neither", "nor", "didnt", "doesnt", "dont", "wont",
    "cant", "cannot", "couldnt", "wouldnt", "shouldnt", "isnt", "wasnt", "werent",
    "arent", "hasnt", "havent", "hadnt", NULL};
static const char *const BE[] = {"be", "is", "was", "were", "are", "am", "been", "being",
                                 "get", "got", "gets", "getting", NULL};
/* "is going to", "has to": an auxiliary before the real verb */
static const char *const SEMI_AUX[] = {"going", "has", "have", "had", "need", "needs",
                                       "used", "about", "able", NULL};

static const char *const PREPOSITION[] = {
    "by", "in", "at", "on", "with", "from", "for", "of", "into", "near", "after",
    "before", "during", "since", "over", "under", "against", "between", "among",
    "to", "toward", "towards", "across", "through", "via", "amid", "despite", NULL};
static const char *const PRONOUN[] = {"he", "she", "they", "it", "we", "its", "his",
                                      "her", "their", NULL};
static const char *const SPEECH[] = {
    "say", "says", "said", "saying", "tell", "tells", "told", "report", "reports",
    "reported", "reporting", "claim", "claims", "claimed", "claiming", "announce",
    "announced", "announces", "state", "states", "stated", "add", "added", "adds",
    "note", "noted", "notes", "stress", "stressed", "insist", "insisted", "insists",
    "allege", "alleged", "alleges", "declare", "declared", "write", "wrote",
    "assert", "asserted", "maintain", "maintained", "charge", "charged",
    "accuse", "accused", "accuses", "accusing", "blame", "blamed", "blames", NULL};
static const char *const DENIAL[] = {
    "deny", "denied", "denies", "denying", "reject", "rejected", "rejects",
    "dismiss", "dismissed", "dismisses", "refute", "refuted", NULL};

/* Is word i the verb of an infinitive ("to stop", "to supply")? Such a
 * complement does not end the search for a predicate's object: "abandoned
 * efforts to stop an anti-Gondor parade", "signed an accord to supply
 * Gondor". */
static bool infinitive_verb(const hr_coder *c, uint32_t i)
{
    return i > 0 && c->tag[i] == HR_POS_VB && fword(c, i - 1, "to");
}

/* ---- actors ---------------------------------------------------------------- */

static int coordinated_right(const hr_coder *c, const char *text, int32_t a,
                             int32_t *out, int max, uint32_t *end);

/* Appends an agent's role to each code of an actor ("ARM" + "GOV"; a
 * composite "FRO/BIL" + "GOV" -> "FROGOV/BILGOV") unless the code already
 * ends in it. Left as it is when the result would not fit. */
static void add_role(char *code, size_t size, const char *role)
{
    char out[96];
    size_t n = 0, rl = strlen(role);
    const char *q = code;
    for (;;) {
        const char *e = strchr(q, '/');
        size_t len = e ? (size_t)(e - q) : strlen(q);
        bool has = len >= rl && !memcmp(q + len - rl, role, rl);
        if (n + len + rl + 2 > sizeof out)
            return;
        memcpy(out + n, q, len);
        n += len;
        if (!has) {
            memcpy(out + n, role, rl);
            n += rl;
        }
        if (!e)
            break;
        out[n++] = '/';
        q = e + 1;
    }
    if (n < size) {
        memcpy(code, out, n);
        code[n] = '\0';
    }
}

/* The actor that owns an agent starting at word w0 through a possessive
 * with up to four modifiers between ("Ithilen's awful and evil
 * minister"), or -1. The adjacent case ("Gondor's government") is the
 * matcher's. */
static int32_t possessor(const hr_coder *c, uint32_t w0)
{
    for (uint32_t k = 1; k <= 5 && k <= w0; k++) {
        uint32_t j = w0 - k;
        int32_t a = c->actor_at[j];
        if (a >= 0)
            return k > 1 && c->act[a].w1 == j && (c->w[j].flags & HR_W_POSS) &&
                           !c->act[a].place ? a : -1;
        uint8_t t = c->tag[j];
        if (is_break(c, j) || (c->w[j].flags & HR_W_POSS) ||
            !(t == HR_POS_JJ || t == HR_POS_JJR || t == HR_POS_JJS || t == HR_POS_RB ||
              t == HR_POS_NN || fword(c, j, "and")))
            return -1;
    }
    return -1;
}

static void find_actors(hr_coder *c, const char *text, const hr_sentence *s,
                        const hr_date *date)
{
    const hr_match *mt;
    size_t n = hr_match_sentence(c->m, text, s, date, &mt);
    enum hr_discard_level dl = hr_matcher_discard(c->m);
    c->discard_sentence = dl != HR_DISCARD_NONE;
    c->discard_story |= dl == HR_DISCARD_STORY;
    c->nact = 0;
    for (size_t i = 0; i < c->nw; i++)
        c->actor_at[i] = -1;
    /* agents with no country, kept to compose with the actors near them */
    struct { uint32_t w0, w1; char role[20]; } ag[64];
    size_t nag = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(mt[k].flags & HR_MF_AGENT_ALONE) || !mt[k].code[0] || nag == 64)
            continue;
        uint32_t w0 = UINT32_MAX, w1 = 0;
        for (uint32_t i = 0; i < c->nw; i++)
            if (c->w[i].start >= mt[k].span.start && c->w[i].end <= mt[k].span.end) {
                if (w0 == UINT32_MAX)
                    w0 = i;
                w1 = i;
            }
        if (w0 == UINT32_MAX)
            continue;
        ag[nag].w0 = w0, ag[nag].w1 = w1;
        snprintf(ag[nag].role, sizeof ag[nag].role, "%s",
                 mt[k].code[0] == '~' ? mt[k].code + 1 : mt[k].code);
        nag++;
    }
    for (size_t k = 0; k < n; k++) {
        /* agents with no country ("troops") and places with no country
         * are no actors for coding */
        if (!mt[k].code[0] || (mt[k].flags & HR_MF_AGENT_ALONE))
            continue;
        uint32_t w0 = UINT32_MAX, w1 = 0;
        for (uint32_t i = 0; i < c->nw; i++)
            if (c->w[i].start >= mt[k].span.start && c->w[i].end <= mt[k].span.end) {
                if (w0 == UINT32_MAX)
                    w0 = i;
                w1 = i;
            }
        if (w0 == UINT32_MAX || c->nact == c->actcap)
            continue;
        actor *a = &c->act[c->nact];
        a->w0 = w0;
        a->w1 = w1;
        a->span = mt[k].span;
        snprintf(a->code, sizeof a->code, "%s", mt[k].code);
        a->place = mt[k].kind == HR_MATCH_PLACE ? mt[k].place : NULL;
        a->where = mt[k].place;
        a->agent_w0 = UINT32_MAX;
        a->person = mt[k].kind == HR_MATCH_ACTOR && strlen(mt[k].code) > 3 &&
                    !(mt[k].flags & HR_MF_METONYM);
        for (uint32_t i = w0; i <= w1; i++)
            c->actor_at[i] = (int32_t)c->nact;
        c->nact++;
    }
    int32_t owner[64];            /* per agent: its possessive owner, -1 none */
    for (size_t g = 0; g < nag; g++)
        owner[g] = possessor(c, ag[g].w0);
    for (size_t x = 0; x < c->nact; x++) {
        actor *a = &c->act[x];
        for (size_t g = 0; g < nag; g++) {
            bool add = ag[g].w0 == a->w1 + 1 ||     /* "Arnor cleric" */
                       owner[g] == (int32_t)x ||    /* "Ithilen's evil minister" */
                       (ag[g].w1 + 1 == a->w0 &&    /* "Prime Minister Telemar" */
                        owner[g] < 0);
            int32_t co[MAX_COMPOUND];
            int nc = 1;
            co[0] = (int32_t)x;
            /* "soldiers from Gondor", "ambassadors of A, B and C" */
            uint32_t p = ag[g].w1 + 1;
            if (!add && (fword(c, p, "of") || fword(c, p, "from") || fword(c, p, "in")) &&
                (a->w0 == p + 1 || (a->w0 == p + 2 && fword(c, p + 1, "the")))) {
                uint32_t e;
                nc = coordinated_right(c, text, (int32_t)x, co, MAX_COMPOUND, &e);
                add = true;
                /* "the leaders of A", "soldiers from A" stand for A; "reporters
                 * in Kyiv" only say where the agent is */
                if (!fword(c, p, "in"))
                    a->agent_w0 = ag[g].w0 > 0 && fword(c, ag[g].w0 - 1, "the")
                                      ? ag[g].w0 - 1
                                      : ag[g].w0;
            }
            /* "lawmakers and officials in A": each role for each country */
            size_t first = g;
            if (nc > 1 || a->w0 > ag[g].w1)
                while (first > 0 && ag[first - 1].w1 + 2 == ag[first].w0 &&
                       (fword(c, ag[first].w0 - 1, "and") || fword(c, ag[first].w0 - 1, "or")))
                    first--;
            for (int q = 0; add && q < nc; q++) {
                actor *t = &c->act[co[q]];
                if (first == g) {
                    add_role(t->code, sizeof t->code, ag[g].role);
                    continue;
                }
                char all[sizeof t->code], one[sizeof t->code];
                size_t used = 0;
                bool fits = true;
                for (size_t h = first; h <= g && fits; h++) {
                    memcpy(one, t->code, sizeof one);
                    add_role(one, sizeof one, ag[h].role);
                    size_t ol = strlen(one);
                    fits = used + ol + 2 <= sizeof all;
                    if (fits && used)
                        all[used++] = '/';
                    if (fits)
                        memcpy(all + used, one, ol), used += ol;
                }
                if (fits) {
                    all[used] = '\0';
                    memcpy(t->code, all, sizeof all);
                }
            }
        }
        /* "Bree Prime Minister Romendacil": the agent of the same country
         * right before the person gives its role */
        if (x > 0 && c->act[x - 1].w1 + 1 == a->w0 &&
            !strncmp(c->act[x - 1].code, a->code, strlen(a->code)) &&
            strlen(c->act[x - 1].code) > strlen(a->code))
            snprintf(a->code, sizeof a->code, "%s", c->act[x - 1].code);
    }
    /* "Ithilen's minister Calimehtar": a name right after an agent that
     * a possessive country owns is that agent, the owner's, unless it is
     * a person with a code of its own */
    for (size_t g = 0; g < nag; g++) {
        if (owner[g] < 0 || ag[g].w1 + 1 >= c->nw)
            continue;
        int32_t b = c->actor_at[ag[g].w1 + 1];
        if (b >= 0 && b != owner[g] && !c->act[b].person && !c->act[b].place)
            memcpy(c->act[b].code, c->act[owner[g]].code, sizeof c->act[b].code);
    }
}

/* Actor ending at word i, or -1. */
static int32_t actor_ending(const hr_coder *c, uint32_t i)
{
    int32_t a = c->actor_at[i];
    return a >= 0 && c->act[a].w1 == i ? a : -1;
}

/* Actor starting at i, skipping up to 3 modifiers (the, its, Armenian
 * positions of, two): the head of a noun phrase holding an actor. */
static int32_t actor_starting(const hr_coder *c, uint32_t i, uint32_t *end)
{
    for (uint32_t k = 0; k < 4 && i + k < c->nw; k++) {
        uint32_t j = i + k;
        /* "by the leaders of Russia, Azerbaijan and Armenia": the agent
         * stands for the actors it was joined to */
        for (size_t x = 0; x < c->nact; x++)
            if (c->act[x].agent_w0 == j) {
                *end = c->act[x].w1;
                return (int32_t)x;
            }
        int32_t a = c->actor_at[j];
        if (a >= 0 && c->act[a].w0 == j) {
            *end = c->act[a].w1;
            return a;
        }
        uint8_t t = c->tag[j];
        if (is_break(c, j) || is_verb_tag(t) || t == HR_POS_IN || t == HR_POS_TO ||
            t == HR_POS_CC)
            return -1;
    }
    return -1;
}

/* Actors coordinated with actor a going right: "A, B and C". */
static int coordinated_right(const hr_coder *c, const char *text, int32_t a,
                             int32_t *out, int max, uint32_t *end)
{
    int n = 0;
    out[n++] = a;
    uint32_t i = c->act[a].w1 + 1;
    *end = c->act[a].w1;
    int before_conj = 1;          /* members before the last "and" */
    uint32_t end_before = *end;
    bool conj_seen = false;
    while (n < max && i < c->nw) {
        uint32_t j = i;
        /* the member's own head noun: "Armenia's PM, and ..." */
        for (unsigned k = 0; k < 2 && j < c->nw && !is_break(c, j) && c->actor_at[j] < 0 &&
             (c->tag[j] == HR_POS_NN || c->tag[j] == HR_POS_NNS || c->tag[j] == HR_POS_NNP);
             k++)
            j++;
        if (j < c->nw && punct(c, text, j) == ',')
            j++;
        else if (j != i && !(j < c->nw && (fword(c, j, "and") || fword(c, j, "or"))))
            break;
        bool conj = j < c->nw && (fword(c, j, "and") || fword(c, j, "or"));
        if (conj)
            j++;
        if (j == i)
            break;
        uint32_t e;
        int32_t b = j < c->nw ? actor_starting(c, j, &e) : -1;
        if (b < 0)
            break;
        out[n++] = b;
        *end = e;
        i = e + 1;
        if (conj) {
            conj_seen = true;
            before_conj = n;
            end_before = e;
        }
    }
    /* "Stepanakert, Baku said": a comma alone joins nothing; the list
     * ends at its "and" */
    if (!conj_seen) {
        *end = c->act[a].w1;
        return 1;
    }
    *end = end_before;
    return before_conj;
}

/* ---- predicates ------------------------------------------------------------ */

static bool particles_follow(const hr_coder *c, const hr_vform *f, uint32_t i, uint32_t *end)
{
    const uint64_t *ph = c->v->hashes + f->particles;
    uint32_t j = i + 1;
    for (uint32_t k = 0; k < f->n_particles; k++) {
        uint32_t lim = f->gap && k == 0 ? j + 4 : j;
        bool found = false;
        for (uint32_t q = j; q <= lim && q < c->nw; q++) {
            if (c->w[q].h == ph[k]) {
                j = q + 1;
                found = true;
                break;
            }
            if (is_break(c, q))
                break;
        }
        if (!found)
            return false;
    }
    *end = j - 1;
    return true;
}

static bool clause_boundary(const hr_coder *c, const char *text, uint32_t i);

/* A verb the tagger took for a noun right after the sentence's subject:
 * "Ethiopia departs from Libya", "Ethiopia act on a resolution". The
 * subject actor opens the sentence, a preposition, determiner or adverb
 * follows the word, and no verb comes after it in its clause (else the
 * word is a noun of the subject: "the Iran deal with Russia collapsed"). */
static bool verb_tagged_noun(const hr_coder *c, const char *text, uint32_t i)
{
    uint8_t t = c->tag[i];
    if (i == 0 || i + 1 >= c->nw || (t != HR_POS_NN && t != HR_POS_NNS) ||
        (c->w[i].flags & HR_W_POSS))
        return false;
    int32_t a = c->actor_at[i - 1];
    if (a < 0 || c->act[a].w1 != i - 1 || (c->w[i - 1].flags & HR_W_POSS))
        return false;
    for (uint32_t j = 0; j < c->act[a].w0; j++)
        if (c->tag[j] != HR_POS_DT)
            return false;
    uint8_t n = c->tag[i + 1];
    if (n != HR_POS_IN && n != HR_POS_TO && n != HR_POS_DT && n != HR_POS_RB)
        return false;
    for (uint32_t j = i + 1; j < c->nw && !is_break(c, j) && !clause_boundary(c, text, j); j++)
        if (is_verb_tag(c->tag[j]))
            return false;
    return true;
}

static void find_predicates(hr_coder *c, const char *text)
{
    c->npr = 0;
    bool tagged = c->tagger != NULL;
    for (uint32_t i = 0; i < c->nw; i++) {
        if (is_break(c, i) || c->actor_at[i] >= 0)
            continue;
        uint32_t best_end = 0, best_entry = 0;
        uint8_t best_vf = 0;
        bool found = false, best_noun = false;
        for (uint32_t fi = hr_verbs_first_form(c->v, c->w[i].h); fi != UINT32_MAX;
             fi = c->v->forms[fi].next) {
            const hr_vform *f = &c->v->forms[fi];
            if (f->first != c->w[i].h)
                continue;
            const hr_ventry *e = &c->v->entries[f->entry];
            bool noun = e->kind == HR_VE_NOUN;
            uint8_t t = c->tag[i];
            if (tagged && t != HR_POS_NONE) {
                bool ok = noun ? (t == HR_POS_NN || t == HR_POS_NNS ||
                                  (t == HR_POS_VBG && i > 0 &&
                                   (c->tag[i - 1] == HR_POS_DT || c->tag[i - 1] == HR_POS_JJ ||
                                    c->tag[i - 1] == HR_POS_PRPS || c->tag[i - 1] == HR_POS_POS ||
                                    c->actor_at[i - 1] >= 0)))
                               : is_verb_tag(t) || verb_tagged_noun(c, text, i);
                if (!ok)
                    continue;
            }
            uint32_t end;
            if (!particles_follow(c, f, i, &end))
                continue;
            bool det = i > 0 && (fword(c, i - 1, "the") || fword(c, i - 1, "a") ||
                                 fword(c, i - 1, "an") || fword(c, i - 1, "its") ||
                                 fword(c, i - 1, "their") || fword(c, i - 1, "this") ||
                                 (c->w[i - 1].flags & HR_W_POSS));
            if (!found || end > best_end || (end == best_end && noun && det && !best_noun)) {
                found = true;
                best_end = end;
                best_entry = f->entry;
                best_vf = f->vform;
                best_noun = noun;
            }
        }
        if (!found || c->npr == c->prcap)
            continue;
        pred *p = &c->pr[c->npr++];
        memset(p, 0, sizeof *p);
        p->w0 = i;
        p->w1 = best_end;
        p->entry = best_entry;
        p->vform = best_vf;
        p->noun = best_noun;
        p->claim_by = -1;
        i = best_end;
    }
}

/* Auxiliaries, negation, modals, passive, to the left of the verb. */
static void verb_group(hr_coder *c, pred *p)
{
    p->g0 = p->w0;
    if (p->noun)
        return;
    bool be = false;
    uint32_t i = p->w0;
    for (unsigned k = 0; k < 6 && i > 0; k++) {
        uint32_t j = i - 1;
        if (is_break(c, j) || c->actor_at[j] >= 0)
            break;                 /* "Moscow expelled": no actor in the group */
        uint8_t t = c->tag[j];
        if (fword_in(c, j, NEGATION))
            p->negated = true;
        else if (fword_in(c, j, MODAL))
            p->modal = !fword(c, j, "can") && !fword(c, j, "must") && !fword(c, j, "should");
        else if (fword_in(c, j, BE))
            be = true;
        else if (fword(c, j, "to")) {
            /* "refused to negotiate": the verb before governs it, unless
             * that verb is an auxiliary-like one (going to, has to) */
            if (j > 0 && !is_break(c, j - 1) && !fword_in(c, j - 1, SEMI_AUX) &&
                (is_verb_tag(c->tag[j - 1]) || c->tag[j - 1] == HR_POS_JJ ||
                 c->tag[j - 1] == HR_POS_NN))
                p->infinitive = true;
        } else if (fword_in(c, j, AUX) || fword_in(c, j, SEMI_AUX) || t == HR_POS_RB ||
                   t == HR_POS_MD) {
            /* an auxiliary or an adverb: part of the group */
        } else
            break;
        i = j;
    }
    p->g0 = i;
    bool participle = p->vform == HR_VF_PAST || p->vform == HR_VF_PART ||
                      c->tag[p->w0] == HR_POS_VBN;
    p->passive = be && participle;
    /* "the city, shelled by ...": a participle with "by" after it */
    if (!be && c->tag[p->w0] == HR_POS_VBN && p->w1 + 1 < c->nw && fword(c, p->w1 + 1, "by"))
        p->passive = true;
}

/* A boundary that ends a clause when looking for a subject. */
static bool clause_boundary(const hr_coder *c, const char *text, uint32_t i)
{
    char ch = punct(c, text, i);
    if (ch == ';' || ch == ':' || ch == '(' || ch == ')')
        return true;
    uint8_t t = c->tag[i];
    return t == HR_POS_WDT || t == HR_POS_WP || t == HR_POS_WRB ||
           fword(c, i, "that") || fword(c, i, "while") || fword(c, i, "whereas") ||
           fword(c, i, "because") || fword(c, i, "after") || fword(c, i, "before") ||
           fword(c, i, "although") || fword(c, i, "if") || fword(c, i, "when");
}

/* The word before a short parenthesis that ends at word j ("the European
 * Union (EU)"), or j when there is none. */
static uint32_t before_parens(const hr_coder *c, const char *text, uint32_t j)
{
    if (punct(c, text, j) != ')')
        return j;
    for (uint32_t k = j; k-- > 0 && j - k <= 5;) {
        char ch = punct(c, text, k);
        if (ch == '(')
            return k > 0 ? k - 1 : j;
        if (ch)
            break;
    }
    return j;
}

/* A common noun that can head a noun phrase, no actor's word. */
static bool is_head_noun(const hr_coder *c, uint32_t i)
{
    return c->actor_at[i] < 0 && !is_break(c, i) &&
           (c->tag[i] == HR_POS_NN || c->tag[i] == HR_POS_NNS);
}

/* The subject actor(s) of a predicate starting at group word g0: fills out
 * (coordinated actors, nearest last) and returns how many; *pronoun when
 * a pronoun stood there. */
static int subject(hr_coder *c, const char *text, uint32_t g0, int32_t *out, int max,
                   bool *pronoun)
{
    *pronoun = false;
    c->subj_nor = false;
    if (g0 == 0)
        return 0;
    uint32_t j = before_parens(c, text, g0 - 1);
    /* a relative clause: "Russia, which hosted the talks," */
    if ((fword(c, j, "which") || fword(c, j, "who")) && j >= 2 &&
        punct(c, text, j - 1) == ',' && actor_ending(c, j - 2) >= 0) {
        j = j - 2;
        goto found_end;
    }
    /* an appositive: "Peskov, the press secretary of the President, said" */
    if (punct(c, text, j) == ',' && j > 0) {
        for (uint32_t k = j; k-- > 0 && j - k < 20;) {
            if (punct(c, text, k) == ',' || punct(c, text, k) == ';')
                {
                    if (punct(c, text, k) == ',' && k > 0 && actor_ending(c, k - 1) >= 0) {
                        j = k - 1;
                        goto found_end;
                    }
                    break;
                }
        }
    }
    for (uint32_t k = 0; k < SUBJECT_REACH; k++) {
        if (actor_ending(c, j) >= 0)
            goto found_end;
        if ((fword(c, j, "other") && j > 0 && fword(c, j - 1, "each")) ||
            (fword(c, j, "another") && j > 0 && fword(c, j - 1, "one")))
            return 0;             /* "accused each other of shelling" */
        if (fword_in(c, j, PRONOUN) && (c->tag[j] == HR_POS_PRP || c->tag[j] == HR_POS_NONE ||
                                        c->tag[j] == HR_POS_PRPS)) {
            /* the nearest actor before it in the sentence, else the
             * paragraph's last (code_words) */
            bool person = fword(c, j, "he") || fword(c, j, "she") || fword(c, j, "his") ||
                          fword(c, j, "her");
            for (uint32_t q = j; q-- > 0;) {
                int32_t a = actor_ending(c, q);
                if (a >= 0 && !c->act[a].place && (!person || c->act[a].person)) {
                    out[0] = a;
                    *pronoun = true;
                    return 1;
                }
            }
            *pronoun = true;
            return 0;
        }
        bool raising = is_verb_tag(c->tag[j]) && fword(c, j + 1, "to");
        for (size_t q = 0; raising && q < c->npr; q++)
            if (c->pr[q].w0 <= j && c->pr[q].w1 >= j)
                raising = false;            /* a dictionary verb governs it */
        if (!raising && (clause_boundary(c, text, j) ||
                         (is_verb_tag(c->tag[j]) && c->actor_at[j] < 0 &&
                          !fword_in(c, j, AUX) && !fword_in(c, j, BE))))
            return 0;
        if (j == 0)
            return 0;
        j--;
    }
    return 0;
found_end:;
    /* j ends an actor; gather the actors coordinated before it */
    int n = 0;
    int32_t a = actor_ending(c, j);
    out[n++] = a;
    uint32_t i = c->act[a].w0;
    bool seen_conj = false;      /* "A, B and C": a comma alone joins only
                                    after an "and" on its right */
    while (n < max && i > 1) {
        uint32_t k = i - 1;
        /* up to three modifiers before the actor: "and the evil awful Gondor" */
        for (int sk = 0; sk < 3 && k > 0 && c->actor_at[k] < 0 && !is_break(c, k) &&
                         (c->tag[k] == HR_POS_DT || c->tag[k] == HR_POS_JJ ||
                          c->tag[k] == HR_POS_JJR || c->tag[k] == HR_POS_JJS ||
                          c->tag[k] == HR_POS_PRPS || c->tag[k] == HR_POS_NN);
             sk++)
            k--;
        /* "goats of Gondor": the actor is in a phrase after the member's
         * head noun */
        if (k > 1 && (fword(c, k, "of") || fword(c, k, "in") || fword(c, k, "from")) &&
            is_head_noun(c, k - 1)) {
            uint32_t h = k - 1;
            for (int sk = 0; sk < 2 && h > 0 && is_head_noun(c, h - 1); sk++)
                h--;
            if (h == 0)
                break;
            k = h - 1;
        }
        bool conj = fword(c, k, "and") || fword(c, k, "or") || fword(c, k, "nor");
        /* "neither A nor B did": the verb is negated */
        c->subj_nor |= fword(c, k, "nor");
        if (conj && k > 0 && punct(c, text, k - 1) == ',')
            k--;
        else if (!conj && (punct(c, text, k) != ',' || !seen_conj))
            break;
        seen_conj |= conj;
        if (k == 0)
            break;
        int32_t b = actor_ending(c, before_parens(c, text, k - 1));
        /* "Ithilen's sheep and ...": a possessive actor and its head noun */
        for (uint32_t h = k - 1, q = 0; b < 0 && q < 2 && h > 0 && is_head_noun(c, h); q++, h--)
            if ((c->w[h - 1].flags & HR_W_POSS) && actor_ending(c, h - 1) >= 0)
                b = actor_ending(c, h - 1);
        if (b < 0)
            break;
        out[n++] = b;
        i = c->act[b].w0;
    }
    /* "Gollum, centre of a row between Radagast and ..., called": the
     * actors after "between" are in a phrase of the subject's head; an
     * actor (no place) before it in the same clause is the subject */
    uint32_t k = i;
    if (k > 0 && fword(c, k - 1, "the"))
        k--;
    if (k > 1 && (fword(c, k - 1, "between") || fword(c, k - 1, "among")))
        for (uint32_t q = k - 1; q-- > 0 && k - q < 12;) {
            int32_t h = actor_ending(c, q);
            if (h >= 0) {
                if (!c->act[h].place) {
                    out[0] = h;
                    n = 1;
                }
                break;
            }
            if (is_break(c, q) || is_verb_tag(c->tag[q]) || clause_boundary(c, text, q))
                break;
        }
    return n;
}

/* ---- patterns ---------------------------------------------------------------- */

/* Words [i, i+n) equal the alternative? (forward) */
static bool alt_at(const hr_coder *c, const hr_alt *a, uint32_t i)
{
    if (i + a->n_words > c->nw)
        return false;
    for (uint32_t k = 0; k < a->n_words; k++)
        if (c->w[i + k].h != c->v->hashes[a->words + k])
            return false;
    return true;
}

static bool take_actors(hr_coder *c, const char *text, uint32_t i, int32_t *out, int *n,
                        bool *each_other, uint32_t *end)
{
    if (fword(c, i, "each") && fword(c, i + 1, "other")) {
        *each_other = true;
        *end = i + 1;
        return true;
    }
    if (fword(c, i, "one") && fword(c, i + 1, "another")) {
        *each_other = true;
        *end = i + 1;
        return true;
    }
    uint32_t e;
    int32_t a = actor_starting(c, i, &e);
    if (a < 0)
        return false;
    *n = coordinated_right(c, text, a, out, MAX_COMPOUND, end);
    return true;
}

/* Is actor a (its list ending at word e) the speaker of a closing ", a
 * senior official said"? A comma before its noun phrase, a speech verb
 * right after it. */
static bool speaker_after_comma(const hr_coder *c, const char *text, int32_t a, uint32_t e)
{
    uint32_t j = e + 1;
    while (j < c->nw && (fword_in(c, j, AUX) || c->tag[j] == HR_POS_RB) && j <= e + 2)
        j++;
    if (j >= c->nw || !fword_in(c, j, SPEECH) || !is_verb_tag(c->tag[j]))
        return false;
    uint32_t k = c->act[a].w0;
    for (unsigned n = 0; n < 5 && k > 0; n++) {
        k--;
        if (punct(c, text, k) == ',')
            return true;
        if (is_break(c, k) || is_verb_tag(c->tag[k]) || c->tag[k] == HR_POS_IN ||
            c->actor_at[k] >= 0)
            return false;
    }
    return false;
}

/* Matches elements [k, n) of pattern pt forward from word i. */
static bool match_fwd(hr_coder *c, const char *text, const hr_pattern *pt, uint32_t k,
                      uint32_t i, binding *b)
{
    if (k == pt->n_elems) {
        b->end = i ? i - 1 : 0;
        return true;
    }
    const hr_pelem *e = &c->v->elems[pt->elems + k];
    switch (e->kind) {
    case HR_PE_WORDS:
        for (uint32_t a = 0; a < e->n_alts; a++) {
            const hr_alt *al = &c->v->alts[e->alts + a];
            if (alt_at(c, al, i) && match_fwd(c, text, pt, k + 1, i + al->n_words, b))
                return true;
        }
        return false;
    case HR_PE_TARGET:
    case HR_PE_SOURCE: {
        if (i >= c->nw)
            return false;
        int32_t tmp[MAX_COMPOUND];
        int n = 0;
        bool eo = false;
        uint32_t end;
        if (!take_actors(c, text, i, tmp, &n, &eo, &end))
            return false;
        /* ", a senior official said": the speaker is no object */
        if (!eo && speaker_after_comma(c, text, tmp[0], end))
            return false;
        binding save = *b;
        /* all the coordinated actors, then fewer ("between A and B": the
         * source is A alone) */
        for (int m = n; m >= (eo ? 0 : 1); m--) {
            uint32_t mend = eo ? end : c->act[tmp[m - 1]].w1;
            if (e->kind == HR_PE_TARGET) {
                memcpy(b->tgt, tmp, (size_t)m * sizeof *tmp);
                b->n_tgt = m;
                b->each_other = eo;
            } else {
                memcpy(b->src, tmp, (size_t)m * sizeof *tmp);
                b->n_src = m;
            }
            if (match_fwd(c, text, pt, k + 1, mend + 1, b))
                return true;
            *b = save;
            if (eo)
                break;
        }
        return false;
    }
    case HR_PE_GAP:
        for (uint32_t g = 0; g <= MAX_GAP && i + g <= c->nw; g++) {
            if (g > 0) {
                uint32_t q = i + g - 1;
                char ch = punct(c, text, q);
                if (ch == '.' || ch == ';' || ch == ':' ||
                    (is_verb_tag(c->tag[q]) && c->tag[q] != HR_POS_VBG &&
                     c->tag[q] != HR_POS_VBN && !infinitive_verb(c, q)))
                    break;
            }
            if (match_fwd(c, text, pt, k + 1, i + g, b))
                return true;
        }
        return false;
    default:
        return match_fwd(c, text, pt, k + 1, i, b);
    }
}

/* Matches elements [0, self_at) backward, ending just before word i. */
static bool match_back(hr_coder *c, const char *text, const hr_pattern *pt, int32_t k,
                       int64_t i, binding *b)
{
    if (k < 0) {
        b->start = i + 1;
        return true;
    }
    const hr_pelem *e = &c->v->elems[pt->elems + (uint32_t)k];
    if (i < 0)
        return false;
    switch (e->kind) {
    case HR_PE_WORDS:
        for (uint32_t a = 0; a < e->n_alts; a++) {
            const hr_alt *al = &c->v->alts[e->alts + a];
            int64_t st = i - al->n_words + 1;
            if (st >= 0 && alt_at(c, al, (uint32_t)st) &&
                match_back(c, text, pt, k - 1, st - 1, b))
                return true;
        }
        return false;
    case HR_PE_TARGET:
    case HR_PE_SOURCE: {
        /* an actor ending at i, or at i-1 before "'s"-less possessives */
        int32_t a = actor_ending(c, (uint32_t)i);
        if (a < 0 && i > 0 && (c->tag[i] == HR_POS_JJ || c->tag[i] == HR_POS_DT))
            a = -1;
        if (a < 0)
            return false;
        binding save = *b;
        if (e->kind == HR_PE_TARGET) {
            b->tgt[0] = a;
            b->n_tgt = 1;
        } else {
            b->src[0] = a;
            b->n_src = 1;
        }
        if (match_back(c, text, pt, k - 1, (int64_t)c->act[a].w0 - 1, b))
            return true;
        *b = save;
        return false;
    }
    case HR_PE_GAP:
        for (int64_t g = 0; g <= MAX_GAP && i - g >= -1; g++) {
            /* the predicate's own auxiliaries do not stop it ("death
             * toll has risen", "said it should have acted") */
            if (g > 0 && (is_break(c, (uint32_t)(i - g + 1)) ||
                          (is_verb_tag(c->tag[i - g + 1]) &&
                           (uint32_t)(i - g + 1) < c->cur_g0)))
                break;
            if (match_back(c, text, pt, k - 1, i - g, b))
                return true;
        }
        return false;
    default:
        return match_back(c, text, pt, k - 1, i, b);
    }
}

/* Is the actor ending at word e the subject of a clause that follows
 * ("said Armenian forces shelled Ganja")? A predicate right after it. */
static bool subject_of_next(const hr_coder *c, uint32_t e)
{
    for (size_t k = 0; k < c->npr; k++)
        if (c->pr[k].w0 > e && c->pr[k].w0 <= e + 3 && !c->pr[k].noun) {
            for (uint32_t j = e + 1; j < c->pr[k].w0; j++)
                if (is_break(c, j))
                    return false;        /* "Stepanakert, Baku said" */
            return true;
        }
    return false;
}

/* The first actor after word i in the same clause, past up to 5 words of
 * modifiers: the direct object. */
static bool default_object(hr_coder *c, const char *text, uint32_t i, binding *b)
{
    for (uint32_t k = 0; k < 6 && i + k < c->nw; k++) {
        uint32_t j = i + k;
        if (c->actor_at[j] >= 0) {
            uint32_t e;
            int32_t a = c->actor_at[j];
            if (c->act[a].w0 != j)
                return false;
            b->n_tgt = coordinated_right(c, text, a, b->tgt, MAX_COMPOUND, &e);
            b->end = e;
            if (subject_of_next(c, e)) {
                b->n_tgt = 0;
                return false;
            }
            return true;
        }
        if (fword(c, j, "each") && fword(c, j + 1, "other")) {
            b->each_other = true;
            b->end = j + 1;
            return true;
        }
        if (fword(c, j, "to") && infinitive_verb(c, j + 1) && c->actor_at[j + 1] < 0) {
            k++;                  /* "efforts to stop X": over the infinitive */
            continue;
        }
        char ch = punct(c, text, j);
        if (ch == '.' || ch == ';' || ch == ':' || ch == ',' ||
            (is_verb_tag(c->tag[j]) && c->tag[j] != HR_POS_VBG && c->tag[j] != HR_POS_VBN) ||
            c->tag[j] == HR_POS_WDT || c->tag[j] == HR_POS_IN || fword(c, j, "that") ||
            fword_in(c, j, PREPOSITION))
            return false;
    }
    return false;
}


/* Picks the entry's best pattern for predicate p; fills b. NULL if none. */
static const hr_pattern *best_pattern(hr_coder *c, const char *text, const pred *p,
                                      binding *best)
{
    const hr_ventry *e = &c->v->entries[p->entry];
    c->cur_g0 = p->g0;
    const hr_pattern *win = NULL;
    int win_score = -1;
    for (uint32_t k = 0; k < e->n_patterns; k++) {
        const hr_pattern *pt = &c->v->patterns[e->patterns + k];
        if (((pt->flags & HR_PF_NEGATED) != 0) != p->negated)
            continue;
        if ((pt->flags & HR_PF_PASSIVE) && !p->passive)
            continue;
        if ((pt->flags & HR_PF_ACTIVE) && p->passive)
            continue;
        if ((pt->flags & HR_PF_COMPOUND) && c->cur_nsubj < 2)
            continue;
        binding b;
        memset(&b, 0, sizeof b);
        bool ok;
        if (pt->n_elems == 0) {
            /* the default: subject -> direct object; in the passive the
             * subject is the object (below) */
            if (p->noun)
                ok = false;
            else {
                ok = true;          /* with or without an object */
                if (!p->passive)
                    default_object(c, text, p->w1 + 1, &b);
            }
        } else {
            ok = match_back(c, text, pt, (int32_t)pt->self_at - 1, (int64_t)p->w0 - 1, &b);
            if (ok) {
                /* after the predicate; allow one adverb right after a verb */
                uint32_t at = p->w1 + 1;
                ok = match_fwd(c, text, pt, pt->self_at, at, &b);
                if (!ok && !p->noun && at < c->nw && c->tag[at] == HR_POS_RB)
                    ok = match_fwd(c, text, pt, pt->self_at, at + 1, &b);
            }
        }
        if (!ok)
            continue;
        int score = pt->weight * 2 + (b.n_tgt > 0 || b.each_other) + (b.n_src > 0);
        if (pt->flags & HR_PF_COMPOUND)
            score += 2;
        if (score > win_score) {
            win_score = score;
            win = pt;
            *best = b;
        }
    }
    return win;
}

/* ---- claims ------------------------------------------------------------------ */

/* Marks predicates said or denied by others. A speech predicate's
 * complement runs from after it to the next ';' or the sentence end. */
static void claims(hr_coder *c, const char *text, int32_t *subj_of)
{
    for (size_t i = 0; i < c->npr; i++) {
        pred *s = &c->pr[i];
        bool speech = fword_in(c, s->w0, SPEECH);
        bool denial = fword_in(c, s->w0, DENIAL);
        if ((!speech && !denial) || s->noun)
            continue;
        for (size_t k = i + 1; k < c->npr; k++) {
            pred *q = &c->pr[k];
            bool cut = false;
            for (uint32_t j = s->w1 + 1; j < q->w0; j++)
                cut |= punct(c, text, j) == ';';
            /* "rejected the account and accused Baku": a verb coordinated
             * with the speech verb is the speaker's own, not in its
             * complement */
            if (q->coordinated)
                cut = true;
            if (cut)
                break;
            if (denial)
                q->denied = true;
            else if (subj_of[i] >= 0 && q->claim_by < 0)
                q->claim_by = subj_of[i];
        }
    }
    /* "..., the Kremlin said.": what comes before is the speaker's claim */
    for (size_t i = 0; i < c->npr; i++) {
        pred *s = &c->pr[i];
        if (s->noun || !fword_in(c, s->w0, SPEECH) || subj_of[i] < 0)
            continue;
        const actor *a = &c->act[subj_of[i]];
        if (a->w1 + 1 != s->g0 && a->w1 + 1 != s->w0)
            continue;
        uint32_t b = a->w0;
        if (b > 0 && fword(c, b - 1, "the"))
            b--;
        if (b == 0 || punct(c, text, b - 1) != ',')
            continue;
        for (size_t k = 0; k < i; k++)
            if (c->pr[k].claim_by < 0 && c->pr[k].w1 < b)
                c->pr[k].claim_by = subj_of[i];
    }
    /* "according to X, ..." */
    for (uint32_t j = 0; j + 2 < c->nw; j++)
        if (fword(c, j, "according") && fword(c, j + 1, "to")) {
            uint32_t e;
            int32_t a = actor_starting(c, j + 2, &e);
            if (a < 0)
                continue;
            for (size_t k = 0; k < c->npr; k++)
                if (c->pr[k].claim_by < 0)
                    c->pr[k].claim_by = a;
        }
}

/* ---- output --------------------------------------------------------------------- */

/* Where the event happened: the place named after a locative preposition
 * ("in Geneva", "near Fuzuli") nearest to the verb in the sentence, not
 * crossing a sentence-internal clause break; NULL when none. */
static const hr_place *place_near(const hr_coder *c, const pred *p, const actor *src,
                                  const actor *tgt)
{
    static const char *const locative[] = {"in", "near", "at", "outside", "around",
                                           "across", "inside", "within", "off", NULL};
    const hr_place *best = NULL;
    uint32_t best_d = UINT32_MAX;
    for (size_t x = 0; x < c->nact; x++) {
        const actor *a = &c->act[x];
        if (!a->where || a == src || a == tgt || a->w0 == 0)
            continue;
        uint32_t k = a->w0 - 1;
        if (k > 0 && fword(c, k, "the"))
            k--;
        if (!fword_in(c, k, locative))
            continue;
        uint32_t lo = a->w0 < p->w0 ? a->w1 : p->w1, hi = a->w0 < p->w0 ? p->w0 : a->w0;
        /* a fronted phrase ("On October 30 in Geneva, they agreed") may
         * cross commas; after the verb a comma starts another clause */
        bool crossed = false;
        for (uint32_t i = lo + 1; i < hi && !crossed; i++)
            crossed = is_break(c, i) && !(a->w0 < p->w0 && fword(c, i, ","));
        uint32_t d = hi - lo;
        if (!crossed && d < best_d) {
            best = a->where;
            best_d = d;
        }
    }
    return best;
}

static void emit(hr_coder *c, const pred *p, const hr_pattern *pt, const actor *src,
                 const actor *tgt, const char *src_code, hr_span src_span, unsigned flags,
                 uint32_t para, uint32_t sentence, hr_span sspan);

/* A composite actor (PETRARCH's "THE_SHIRE [FRO/BIL/SAM]") as source or
 * target: one event per code. False when neither is one. */
static bool emit_composite(hr_coder *c, const pred *p, const hr_pattern *pt,
                           const actor *src, const actor *tgt, const char *src_code,
                           hr_span src_span, unsigned flags, uint32_t para,
                           uint32_t sentence, hr_span sspan)
{
    bool in_src = src_code && strchr(src_code, '/');
    if (!in_src && !(tgt && strchr(tgt->code, '/')))
        return false;
    char part[sizeof tgt->code];
    actor t2;
    if (tgt)
        t2 = *tgt;
    const char *q = in_src ? src_code : tgt->code;
    for (;;) {
        const char *e = strchr(q, '/');
        int len = e ? (int)(e - q) : (int)strlen(q);
        snprintf(part, sizeof part, "%.*s", len, q);
        if (in_src)
            emit(c, p, pt, src, tgt, part, src_span, flags, para, sentence, sspan);
        else {
            memcpy(t2.code, part, sizeof part);
            emit(c, p, pt, src, &t2, src_code, src_span, flags, para, sentence, sspan);
        }
        if (!e)
            break;
        q = e + 1;
    }
    return true;
}

static void emit(hr_coder *c, const pred *p, const hr_pattern *pt, const actor *src,
                 const actor *tgt, const char *src_code, hr_span src_span, unsigned flags,
                 uint32_t para, uint32_t sentence, hr_span sspan)
{
    if (pt->flags & HR_PF_BLOCK)
        return;
    if (emit_composite(c, p, pt, src, tgt, src_code, src_span, flags, para, sentence, sspan))
        return;
    if (tgt && src_code && !strcmp(src_code, tgt->code))
        return;                            /* no event of an actor on itself */
    /* the same event twice from one sentence */
    for (size_t i = 0; i < c->nout; i++) {
        hr_mention *o = &c->out[i];
        if (o->sentence == sentence && o->para == para && !strcmp(o->code, pt->code) &&
            !strcmp(o->source_code, src_code ? src_code : "") &&
            !strcmp(o->target_code, tgt ? tgt->code : ""))
            return;
    }
    if (c->nout == c->outcap) {
        size_t n = c->outcap ? c->outcap * 2 : 32;
        hr_mention *no = realloc(c->out, n * sizeof *no);
        if (!no)
            return;
        c->out = no;
        c->outcap = n;
    }
    hr_mention *o = &c->out[c->nout++];
    memset(o, 0, sizeof *o);
    o->para = para;
    o->sentence = sentence;
    o->sentence_span = sspan;
    o->source = src ? src->span : src_span;
    snprintf(o->source_code, sizeof o->source_code, "%s", src_code ? src_code : "");
    if (tgt) {
        o->target = tgt->span;
        snprintf(o->target_code, sizeof o->target_code, "%.19s", tgt->code);
        o->place = tgt->place;
    }
    if (!o->place)
        o->place = place_near(c, p, src, tgt);
    o->verb.start = c->w[p->w0].start;
    o->verb.end = c->w[p->w1].end;
    snprintf(o->code, sizeof o->code, "%s", pt->code);
    memcpy(o->root, pt->code, 2);
    o->root[2] = '\0';
    double g = 0;
    int quad = 0;
    hr_event_info(c->v, pt->code, &g, &quad, NULL);
    o->goldstein = g;
    o->quad = quad;
    o->flags = flags;
    if (p->claim_by >= 0) {
        o->flags |= HR_EV_CLAIM;
        snprintf(o->claim_by, sizeof o->claim_by, "%.19s", c->act[p->claim_by].code);
    }
    o->pattern = pt->source;
    /* a paired code: the reverse event */
    if (pt->rev[0] && tgt && src) {
        hr_pattern rp = *pt;
        snprintf(rp.code, sizeof rp.code, "%s", pt->rev);
        rp.rev[0] = '\0';
        emit(c, p, &rp, tgt, src, tgt->code, tgt->span, flags, para, sentence, sspan);
    }
}

/* Does the noun phrase starting at word w0 open an adverbial clause of
 * time ("after Calenardhon crowds burned ...")? */
static bool time_clause(const hr_coder *c, uint32_t w0)
{
    static const char *const when[] = {"after", "before", "since", "until", "when",
                                       "while", NULL};
    for (uint32_t k = w0, n = 0; k-- > 0 && n < 3; n++) {
        if (fword_in(c, k, when))
            return true;
        if (c->tag[k] != HR_POS_DT && c->tag[k] != HR_POS_JJ && c->tag[k] != HR_POS_CD)
            return false;
    }
    return false;
}

/* The sentence's last actor that is no place: the antecedent of a
 * pronoun in the sentences after it. */
static void remember_last(hr_coder *c)
{
    for (size_t a = c->nact; a-- > 0;)
        if (!c->act[a].place) {
            snprintf(c->last_code, sizeof c->last_code, "%s", c->act[a].code);
            c->last_span = c->act[a].span;
            c->last_person = c->act[a].person;
            c->have_last = true;
            return;
        }
}

static void code_words(hr_coder *c, const char *text, uint32_t para, uint32_t sentence,
                       hr_span sspan)
{
    if (c->discard_sentence)
        return;               /* "baseball", "typhoon": not political news */
    find_predicates(c, text);
    int32_t subj_of[256];
    int32_t subjects[256][MAX_COMPOUND];
    int n_subj[256];
    bool pron[256];
    size_t np = HR_MIN(c->npr, 256);
    for (size_t i = 0; i < np; i++) {
        pred *p = &c->pr[i];
        verb_group(c, p);
        n_subj[i] = subject(c, text, p->noun ? p->w0 : p->g0, subjects[i], MAX_COMPOUND,
                            &pron[i]);
        if (c->subj_nor && !p->noun)
            p->negated = true;
        /* "Yerevan rejected the account and accused Baku": a verb after
         * "and" shares the subject of the verb before it */
        if (!p->noun && p->g0 > 0 &&
            (fword(c, p->g0 - 1, "and") || fword(c, p->g0 - 1, "but")))
            for (size_t k = i; k-- > 0;)
                if (!c->pr[k].noun && n_subj[k]) {
                    memcpy(subjects[i], subjects[k], sizeof subjects[k]);
                    n_subj[i] = n_subj[k];
                    pron[i] = pron[k];
                    p->coordinated = true;
                    break;
                }
        /* a noun's source: the subject of the verb that governs it */
        if (p->noun && n_subj[i] == 0 && !pron[i])
            for (size_t k = i; k-- > 0;)
                if (!c->pr[k].noun && c->pr[k].w1 < p->w0 && p->w0 - c->pr[k].w1 <= 5) {
                    memcpy(subjects[i], subjects[k], sizeof subjects[k]);
                    n_subj[i] = n_subj[k];
                    pron[i] = pron[k];
                    break;
                }
        subj_of[i] = n_subj[i] ? subjects[i][0] : -1;
    }
    claims(c, text, subj_of);
    size_t nout0 = c->nout;
    for (size_t i = 0; i < np; i++) {
        pred *p = &c->pr[i];
        if (p->denied)
            continue;
        /* an infinitive governed by a dictionary verb is that verb's
         * complement ("refused to negotiate") */
        if (p->infinitive) {
            bool governed = false;
            for (size_t k = 0; k < i; k++)
                governed |= !c->pr[k].noun && c->pr[k].w1 + 3 >= p->g0;
            if (governed)
                continue;
        }
        binding b;
        memset(&b, 0, sizeof b);
        c->cur_nsubj = n_subj[i];
        const hr_pattern *pt = best_pattern(c, text, p, &b);
        if (!pt)
            continue;
        /* a modal ("would act") gives an event only through a pattern that
         * writes the words before the verb, the modal among them */
        if (p->modal && !(pt->self_at > 0 && b.start >= 0 && b.start <= (int64_t)p->g0))
            continue;
        /* the subject lies left of what the pattern matched before the verb
         * when that took the subject found first ("noted that X regretted") */
        bool subj_bound = n_subj[i] == 0;
        for (int q = 0; q < b.n_tgt && !subj_bound; q++)
            subj_bound = b.tgt[q] == subjects[i][0];
        for (int q = 0; q < b.n_src && !subj_bound; q++)
            subj_bound = b.src[q] == subjects[i][0];
        if (pt->self_at > 0 && pt->n_elems > 0 && b.start >= 0 && b.start < (int64_t)p->g0 &&
            subj_bound) {
            bool pr2;
            n_subj[i] = subject(c, text, (uint32_t)b.start, subjects[i], MAX_COMPOUND, &pr2);
            pron[i] = pr2;
        }
        /* sources */
        const actor *srcs[MAX_COMPOUND];
        int ns = 0;
        char pron_code[20] = "";
        hr_span pron_span = {0, 0};
        unsigned flags = (p->passive ? HR_EV_PASSIVE : 0) | (p->noun ? HR_EV_NOUN : 0) |
                         (p->negated ? HR_EV_NEGATED : 0);
        int32_t tg[MAX_COMPOUND];
        int nt = b.n_tgt;
        memcpy(tg, b.tgt, sizeof tg);
        if (b.n_src) {
            for (int k = 0; k < b.n_src; k++)
                srcs[ns++] = &c->act[b.src[k]];
        } else if (p->passive && !p->noun) {
            /* the subject suffered it; "by X" did it */
            if (nt == 0 && n_subj[i]) {
                nt = n_subj[i];
                memcpy(tg, subjects[i], (size_t)nt * sizeof *tg);
            }
            for (uint32_t j = p->w1 + 1; j + 1 < c->nw && j <= p->w1 + 4; j++)
                if (fword(c, j, "by")) {
                    uint32_t e;
                    int32_t a = actor_starting(c, j + 1, &e);
                    if (a >= 0) {
                        int32_t tmp[MAX_COMPOUND];
                        int n = coordinated_right(c, text, a, tmp, MAX_COMPOUND, &e);
                        for (int k = 0; k < n; k++)
                            srcs[ns++] = &c->act[tmp[k]];
                    }
                    break;
                }
        } else if (n_subj[i]) {
            for (int k = n_subj[i]; k-- > 0;)
                srcs[ns++] = &c->act[subjects[i][k]];
            if (pron[i])
                flags |= HR_EV_PRONOUN;
        } else if (pron[i] && c->have_last) {
            snprintf(pron_code, sizeof pron_code, "%.19s", c->last_code);
            pron_span = c->last_span;
            flags |= HR_EV_PRONOUN;
        }
        if (ns == 0 && !pron_code[0])
            continue;
        bool words_matched = pt->weight > 0;
        if ((pt->flags & HR_PF_COMPOUND) && ns >= 2) {
            /* "Baku and Yerevan agreed": each on each other */
            for (int x = 0; x < ns; x++)
                for (int y = 0; y < ns; y++)
                    if (x != y && (!pt->rev[0] || x < y))
                        emit(c, p, pt, srcs[x], srcs[y], srcs[x]->code, srcs[x]->span, flags,
                             para, sentence, sspan);
            continue;
        }
        if (b.each_other) {
            /* "Baku and Yerevan accused each other": both ways */
            for (int x = 0; x < ns; x++)
                for (int y = 0; y < ns; y++)
                    if (x != y)
                        emit(c, p, pt, srcs[x], srcs[y], srcs[x]->code, srcs[x]->span,
                             flags, para, sentence, sspan);
            continue;
        }
        if (nt == 0 && ns > 0 && c->nout > nout0 && time_clause(c, srcs[ns - 1]->w0))
            continue;             /* "restored ties after crowds burned down its
                                     embassy": the clause dates the event coded */
        if (nt == 0) {
            /* only what parties do together pairs them: consult, agree,
             * cooperate, yield (a truce), fight */
            bool mutual = !memcmp(pt->code, "04", 2) || !memcmp(pt->code, "05", 2) ||
                          !memcmp(pt->code, "06", 2) || !memcmp(pt->code, "08", 2) ||
                          !strcmp(pt->code, "190") || !strcmp(pt->code, "193");
            if (ns >= 2 && mutual) {
                /* "Azerbaijan, Armenia and Russia signed": each with each,
                 * both ways (every party did it with every other) */
                for (int x = 0; x < ns; x++)
                    for (int y = 0; y < ns; y++)
                        if (x != y)
                            emit(c, p, pt, srcs[x], srcs[y], srcs[x]->code, srcs[x]->span,
                                 flags, para, sentence, sspan);
            } else if (words_matched) {
                /* a specific pattern with no target: "called for observers" */
                if (ns)
                    emit(c, p, pt, srcs[0], NULL, srcs[0]->code, srcs[0]->span, flags, para,
                         sentence, sspan);
                else
                    emit(c, p, pt, NULL, NULL, pron_code, pron_span, flags, para, sentence,
                         sspan);
            }
            continue;
        }
        for (int t = 0; t < nt; t++) {
            const actor *ta = &c->act[tg[t]];
            if (pt->flags & HR_PF_MUTUAL)      /* "talks between A and B" */
                for (int s = 0; s < ns; s++)
                    emit(c, p, pt, ta, srcs[s], ta->code, ta->span, flags, para, sentence,
                         sspan);
            if (ns == 0)
                emit(c, p, pt, NULL, ta, pron_code, pron_span, flags, para, sentence, sspan);
            for (int s = 0; s < ns; s++)
                emit(c, p, pt, srcs[s], ta, srcs[s]->code, srcs[s]->span, flags, para,
                     sentence, sspan);
        }
    }
    remember_last(c);
}

/* ---- sentences and documents ---------------------------------------------------- */

static bool prepare(hr_coder *c, const char *text, const hr_sentence *s, const hr_date *date)
{
    c->nw = 0;
    c->fb.len = 0;
    if (s->n_tokens > c->ttagcap) {
        uint8_t *t = realloc(c->ttag, s->n_tokens);
        if (!t)
            return false;
        c->ttag = t;
        c->ttagcap = s->n_tokens;
    }
    if (c->tagger)
        hr_tag(c->tagger, text, s->tokens, s->n_tokens, c->ttag);
    else
        memset(c->ttag, 0, s->n_tokens);
    size_t tagged_words = 0;
    for (size_t t = 0; t < s->n_tokens; t++) {
        if (!hr_words_split(text, s->tokens[t].start, s->tokens[t].end, &c->w, &c->nw,
                            &c->wcap, &c->fb))
            return false;
        if (c->nw > c->tagcap) {
            size_t n = c->wcap;
            uint8_t *nt = realloc(c->tag, n);
            int32_t *na = realloc(c->actor_at, n * sizeof *na);
            if (nt) c->tag = nt;
            if (na) c->actor_at = na;
            if (!nt || !na)
                return false;
            c->tagcap = n;
        }
        for (; tagged_words < c->nw; tagged_words++)
            c->tag[tagged_words] = c->ttag[t];
    }
    size_t need = c->nw + 1;
    if (need > c->actcap) {
        actor *na = realloc(c->act, need * sizeof *na);
        pred *np = realloc(c->pr, need * sizeof *np);
        if (na) c->act = na;
        if (np) c->pr = np;
        if (!na || !np)
            return false;
        c->actcap = c->prcap = need;
    }
    find_actors(c, text, s, date);
    return true;
}

size_t hr_code_sentence(hr_coder *c, const char *text, const hr_sentence *s,
                        const hr_date *date, const hr_mention **out)
{
    c->nout = 0;
    c->have_last = false;
    c->discard_story = false;     /* the sentence is its own story */
    if (prepare(c, text, s, date))
        code_words(c, text, 0, 0, s->span);
    *out = c->out;
    return c->nout;
}

size_t hr_code_document(hr_coder *c, const hr_document *doc, hr_splitter *sp,
                        hr_mention **out)
{
    c->nout = 0;
    c->discard_story = false;
    uint32_t sentence = 0;
    for (size_t p = 0; p < doc->n_paragraphs; p++) {
        const hr_paragraph *para = &doc->paragraphs[p];
        c->have_last = false;            /* pronouns stay in their paragraph */
        const hr_sentence *ss;
        size_t ns = hr_split_paragraph(sp, doc, p, &ss);
        if (para->kind == HR_PARA_BOILERPLATE) {
            sentence += (uint32_t)ns;
            continue;
        }
        for (size_t i = 0; i < ns; i++, sentence++)
            if (prepare(c, para->text, &ss[i], &doc->date))
                code_words(c, para->text, (uint32_t)p, sentence, ss[i].span);
    }
    if (c->discard_story)
        c->nout = 0;              /* a story discard phrase anywhere in it */
    *out = c->out;
    return c->nout;
}

hr_coder *hr_coder_new_shared(hr_dict *d, const hr_verbs *v, const hr_tagger *t,
                              hr_error *err)
{
    if (!v->finished) {
        hr_error_set(err, HR_ERR_ARG, "", NULL, 0, UINT64_MAX,
                     "the verb dictionary is not finished (hr_verbs_finish)");
        return NULL;
    }
    hr_coder *c = calloc(1, sizeof *c);
    if (!c) {
        hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    c->d = d;
    c->v = v;
    c->m = hr_matcher_new(d, err);
    if (t) {
        c->tagger = t;
    } else {
        c->tagger = hr_tagger_new(err);
        c->own_tagger = true;
    }
    if (!c->m || !c->tagger) {
        hr_coder_free(c);
        return NULL;
    }
    return c;
}

hr_coder *hr_coder_new(hr_dict *d, const hr_verbs *v, hr_error *err)
{
    return hr_coder_new_shared(d, v, NULL, err);
}

void hr_coder_free(hr_coder *c)
{
    if (!c)
        return;
    hr_matcher_free(c->m);
    if (c->own_tagger)
        hr_tagger_free((hr_tagger *)c->tagger);
    free(c->w);
    hr_buf_free(&c->fb);
    free(c->tag);
    free(c->ttag);
    free(c->actor_at);
    free(c->act);
    free(c->pr);
    free(c->out);
    free(c);
}
