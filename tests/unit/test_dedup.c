/* test_dedup.c - exact and near-duplicate documents, repeated paragraphs,
 * order independence and the memory the index holds. The articles here
 * were written for these tests. */
#include "testutil.h"

#include <stdio.h>

/* ---- documents built by hand ------------------------------------------- */

enum { MAX_PARAS = 64 };

typedef struct tdoc {
    hr_document d;
    hr_paragraph p[MAX_PARAS];
} tdoc;

/* Paragraphs from a NULL-terminated list; a paragraph starting with "~"
 * is boilerplate (the "~" is dropped). The id is computed as ingest does,
 * over every paragraph. */
static void mkdoc(tdoc *t, const char *url, const char *const *paras)
{
    memset(t, 0, sizeof *t);
    t->d.url = url;
    t->d.file = url;
    t->d.dateline_para = -1;
    t->d.paragraphs = t->p;
    hr_idhash *h = hr_idhash_new();
    assert_non_null(h);
    size_t n = 0;
    for (; paras[n]; n++) {
        assert_true(n < MAX_PARAS);
        const char *s = paras[n];
        bool boiler = s[0] == '~';
        s += boiler;
        t->p[n].text = s;
        t->p[n].len = strlen(s);
        t->p[n].tag = "p";
        t->p[n].kind = boiler ? HR_PARA_BOILERPLATE : HR_PARA_BODY;
        t->p[n].reason = boiler ? HR_WHY_PHRASE : HR_WHY_PROSE;
        t->p[n].repeat_of.para = -1;
        hr_idhash_update(h, s, strlen(s));
    }
    t->d.n_paragraphs = n;
    hr_idhash_hex(h, t->d.id);
    hr_idhash_free(h);
}

static void dedup(hr_dedup *dd, tdoc *t)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(hr_dedup_document(dd, &t->d, &err), HR_OK);
}

static size_t count_kind(const tdoc *t, hr_para_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < t->d.n_paragraphs; i++)
        n += t->p[i].kind == k;
    return n;
}

/* ---- the articles -------------------------------------------------------- */

/* A ceasefire story, and the same wire story as another outlet ran it. */
static const char *const TRUCE[] = {
    "~Home | World | Caucasus",
    "YEREVAN, Oct 12 - Armenia and Azerbaijan traded accusations on Monday that the other side had broken a humanitarian truce within minutes of it taking effect at noon on Saturday, as shelling resumed along much of the front line in and around the mountain enclave.",
    "The defence ministry in Baku said Armenian forces had fired artillery at the town of Terter and at villages in the Aghdam district overnight, wounding four civilians, and that its own units had returned fire only at military positions.",
    "Officials in Yerevan gave a different account. A ministry spokeswoman told reporters that Azerbaijani drones had struck a road near the regional capital and that a maternity hospital had been damaged, a claim Baku rejected as invented.",
    "The truce was agreed after ten hours of talks hosted by the Russian foreign minister, who said both delegations had promised to exchange prisoners and the bodies of the dead under the supervision of the International Committee of the Red Cross.",
    "By Monday evening no exchange had taken place. A Red Cross official said the organisation was ready to act as a neutral intermediary but needed guarantees of safe passage from both commands before its teams could cross the line.",
    "Diplomats in Moscow said the foreign ministers might meet again later in the week. The French president called the two leaders separately and urged them to respect the agreement, his office said in a short statement.",
    "Turkey, which supports Azerbaijan, said the truce could only hold if Armenian forces withdrew from the districts they have held since the early 1990s. Armenia says Turkish officers are directing the offensive, which Ankara denies.",
    "The fighting, the heaviest in the region for more than twenty-five years, began on September 27. Hundreds of soldiers have been killed on both sides and tens of thousands of residents have fled their homes.",
    "~Share this article: Facebook Twitter Email",
    "~Subscribe to our newsletter",
    NULL,
};

static const char *const TRUCE_EDITED[] = {
    "~Menu | News | Regions | Opinion",
    "YEREVAN, Oct 12 - Armenia and Azerbaijan traded accusations on Monday that the other side had broken a humanitarian truce within minutes of it taking effect at noon on Saturday, as shelling resumed along most of the front line in and around the mountain enclave.",
    "The defence ministry in Baku said Armenian forces had fired artillery at the town of Terter and at villages in the Aghdam district overnight, wounding five civilians, and that its own units had returned fire only at military positions.",
    "Officials in Yerevan gave a different account. A ministry spokeswoman told journalists that Azerbaijani drones had struck a road near the regional capital and that a maternity hospital had been damaged, a claim Baku rejected as invented.",
    "The truce was agreed after ten hours of talks hosted by the Russian foreign minister, who said both delegations had promised to exchange prisoners and the bodies of the dead under the supervision of the International Committee of the Red Cross.",
    "By Monday evening no exchange had taken place. A Red Cross official said the organisation was ready to act as a neutral intermediary but needed guarantees of safe passage from both commands before its teams could cross the line.",
    "Diplomats in Moscow said the foreign ministers might meet again later in the week. The French president called the two leaders separately and urged them to respect the agreement, his office said in a short statement.",
    "Turkey, which supports Azerbaijan, said the truce could only hold if Armenian forces withdrew from the districts they have held since the early 1990s. Armenia says Turkish officers are directing the offensive, which Ankara denies.",
    "The fighting, the heaviest in the region for more than twenty-five years, began on September 27. Hundreds of soldiers have been killed on both sides and tens of thousands of residents have fled their homes.",
    "Iran, which borders both countries, said stray shells had landed on its side of the Araks river.",
    "~Follow us on social networks",
    "~Comments (3)",
    NULL,
};

/* Another story on the same conflict by another reporter: same names,
 * places and numbers, different words. */
static const char *const SHELLING[] = {
    "BAKU, Oct 13 - Shelling hit the Azerbaijani town of Terter again on Tuesday, local officials said, a day after Baku and Yerevan blamed each other for wrecking the truce negotiated in Moscow at the weekend.",
    "The head of the district administration said four houses had burned down and a school had been hit. Azerbaijan's defence ministry said its forces had destroyed Armenian artillery that was firing on civilian areas.",
    "In Yerevan the defence ministry said Azerbaijani forces had launched an attack in the south with tanks and drones and had been driven back with heavy losses. Neither claim could be verified independently.",
    "The Russian foreign minister spoke by telephone with his Armenian and Azerbaijani counterparts and asked them to carry out the Moscow agreement, including the exchange of prisoners and the return of bodies through the Red Cross.",
    "Thousands of people from Terter and nearby villages have left for Baku and other cities since late September, and those who stayed sleep in basements, residents said.",
    NULL,
};

/* Background paragraphs: the first, a light variant, and the same facts
 * cut in two by another outlet. */
#define BG_A "The quarrel over the mountain region goes back to February 1988, when its regional assembly, which had an Armenian majority, voted to leave Soviet Azerbaijan and join Armenia. A war in 1992-1994 left the region and seven districts around it under Armenian control, and a ceasefire signed in Bishkek in May 1994 froze the front line for a quarter of a century."
#define BG_B "The quarrel over the mountain region goes back to February 1988, when its regional assembly, which had a large Armenian majority, voted to break away from Soviet Azerbaijan and join Armenia. A war in 1992-1994 left the region and seven districts around it in Armenian hands, and a Russian-brokered ceasefire signed in Bishkek in May 1994 froze the front line for a quarter of a century."
#define BG_SPLIT1 "The two countries have quarrelled over the mountain region since February 1988, when its regional assembly, which had an Armenian majority, voted to leave Soviet Azerbaijan."
#define BG_SPLIT2 "A war in 1992-1994 left the region and seven adjacent districts under Armenian control. A ceasefire was signed in Bishkek in May 1994 and froze the front line for a quarter of a century."

static const char *const STORY_A[] = {
    "STEPANAKERT, Oct 20 - Sirens sounded in the regional capital for most of the night as the two armies fought for control of the southern approaches, residents reached by telephone said on Tuesday.",
    "A spokesman for the separatist administration said the town's power station had been hit and that repair crews could not reach it while the shelling went on.",
    BG_A,
    "Washington said the two foreign ministers would travel to the United States later in the week for separate meetings with the secretary of state.",
    NULL,
};

static const char *const STORY_B[] = {
    "GANJA, Oct 21 - Rescue workers searched the ruins of an apartment block in Azerbaijan's second city on Wednesday after a missile strike that officials said killed at least twelve people as they slept.",
    "The prosecutor's office published a list of the dead, among them three children, and said the missile had been fired from Armenian territory, which Yerevan denied.",
    BG_B,
    "Several European governments called for an immediate halt to attacks on towns and for the two sides to return to the talks mediated by France, Russia and the United States.",
    NULL,
};

static const char *const STORY_C[] = {
    "MOSCOW, Oct 22 - The Russian president said on Thursday that close to five thousand people had been killed in the fighting, a figure much higher than either side has admitted.",
    BG_SPLIT1,
    BG_SPLIT2,
    "He said Russia would honour its treaty obligations to Armenia if the fighting spread to Armenian territory, but that the enclave itself was not covered by the treaty.",
    NULL,
};

/* The same background paragraph, word for word, under a fourth story. */
static const char *const STORY_D[] = {
    "TBILISI, Oct 23 - Georgia said on Friday it had closed its airspace to military cargo flights bound for either country, and would allow only humanitarian shipments across its territory.",
    BG_A,
    NULL,
};

/* ---- exact duplicates --------------------------------------------------- */

static void test_exact_same_text_other_url(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    assert_non_null(dd);
    static tdoc a, b;
    mkdoc(&a, "https://one.example/truce", TRUCE);
    mkdoc(&b, "https://two.example/truce?utm_source=rss", TRUCE);
    dedup(dd, &a);
    assert_int_equal(a.d.dup, HR_DUP_NONE);
    assert_int_equal(count_kind(&a, HR_PARA_DUPLICATE), 0);
    dedup(dd, &b);
    assert_int_equal(b.d.dup, HR_DUP_EXACT);
    assert_string_equal(b.d.dup_of, a.d.id);
    /* every body paragraph points at the same paragraph of the first;
     * boilerplate is left alone */
    for (size_t i = 0; i < b.d.n_paragraphs; i++) {
        if (a.p[i].kind == HR_PARA_BOILERPLATE) {
            assert_int_equal(b.p[i].kind, HR_PARA_BOILERPLATE);
            assert_int_equal(b.p[i].repeat_of.para, -1);
            continue;
        }
        assert_int_equal(b.p[i].kind, HR_PARA_DUPLICATE);
        assert_int_equal(b.p[i].reason, HR_WHY_DUP_DOC);
        assert_string_equal(b.p[i].repeat_of.doc, a.d.id);
        assert_int_equal(b.p[i].repeat_of.para, (int32_t)i);
    }
    /* a copy stores nothing */
    assert_int_equal(hr_dedup_distinct_paragraphs(dd), 8);
    hr_dedup_free(dd);
}

/* Same body, different boilerplate: the ids differ, the bodies do not. */
static void test_exact_same_body_other_boilerplate(void **state)
{
    (void)state;
    const char *const wrapped[] = {
        "~Skip to content",
        "~Latest news | Sport | Weather",
        TRUCE[1], TRUCE[2], TRUCE[3], TRUCE[4], TRUCE[5], TRUCE[6],
        TRUCE[7], TRUCE[8],
        "~Copyright 2020 Another Outlet",
        NULL,
    };
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b;
    mkdoc(&a, "a", TRUCE);
    mkdoc(&b, "b", wrapped);
    assert_string_not_equal(a.d.id, b.d.id);
    dedup(dd, &a);
    dedup(dd, &b);
    assert_int_equal(b.d.dup, HR_DUP_EXACT);
    assert_string_equal(b.d.dup_of, a.d.id);
    assert_int_equal(b.p[2].kind, HR_PARA_DUPLICATE);
    assert_int_equal(b.p[2].repeat_of.para, 1);
    assert_int_equal(b.p[9].repeat_of.para, 8);
    assert_int_equal(b.p[0].kind, HR_PARA_BOILERPLATE);
    hr_dedup_free(dd);
}

/* The body fingerprint is the document id computed over the body only:
 * a body-only copy (a plain text file of the article) matches the id of
 * the page it was taken from when that page had no boilerplate, and
 * spacing, case, punctuation and apostrophe styles do not matter. */
static void test_exact_normalized(void **state)
{
    (void)state;
    static const char *const plain[] = {
        "The minister said the talks would resume on Monday, and that both sides had agreed to keep their troops where they are.",
        "Neither side's army confirmed it.",
        NULL,
    };
    static const char *const styled[] = {
        "THE MINISTER SAID THE TALKS WOULD RESUME ON MONDAY -- AND THAT BOTH SIDES HAD AGREED TO KEEP THEIR TROOPS WHERE THEY ARE.",
        "~Advertisement",
        "Neither side\xE2\x80\x99s   army confirmed it !",
        NULL,
    };
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b;
    mkdoc(&a, "a", plain);
    mkdoc(&b, "b", styled);
    dedup(dd, &a);
    dedup(dd, &b);
    assert_int_equal(b.d.dup, HR_DUP_EXACT);
    assert_string_equal(b.d.dup_of, a.d.id);
    assert_int_equal(b.p[2].repeat_of.para, 1);
    hr_dedup_free(dd);

    /* The fingerprint is the id: with an unusable id, the first document
     * is known by its body fingerprint, which is its real id. */
    dd = hr_dedup_new(0);
    mkdoc(&a, "a", plain);
    char real[17];
    memcpy(real, a.d.id, sizeof real);
    strcpy(a.d.id, "?");
    mkdoc(&b, "b", styled);
    dedup(dd, &a);
    dedup(dd, &b);
    assert_int_equal(b.d.dup, HR_DUP_EXACT);
    assert_string_equal(b.d.dup_of, real);
    hr_dedup_free(dd);
}

/* ---- near duplicates ------------------------------------------------------ */

static void test_near_duplicate(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b, c;
    mkdoc(&a, "a", TRUCE);
    mkdoc(&b, "b", TRUCE_EDITED);
    mkdoc(&c, "c", SHELLING);
    dedup(dd, &a);
    dedup(dd, &c);
    dedup(dd, &b);
    assert_int_equal(b.d.dup, HR_DUP_NEAR);
    assert_string_equal(b.d.dup_of, a.d.id);
    assert_true(b.d.dup_similarity >= 0.8f);
    assert_true(b.d.dup_similarity < 1.0f);
    /* unchanged paragraphs are repeats, edited ones near repeats, the
     * added one is new */
    assert_int_equal(b.p[4].kind, HR_PARA_DUPLICATE);
    assert_int_equal(b.p[4].reason, HR_WHY_REPEAT);
    assert_string_equal(b.p[4].repeat_of.doc, a.d.id);
    assert_int_equal(b.p[4].repeat_of.para, 4);
    assert_int_equal(b.p[2].kind, HR_PARA_DUPLICATE);
    assert_int_equal(b.p[2].repeat_of.para, 2);
    assert_int_equal(b.p[9].kind, HR_PARA_BODY);
    /* a story sharing six of its eight paragraphs with the first (a
     * Jaccard similarity near 0.6) is not a near duplicate, though the
     * six are repeats */
    const char *const mixed[] = {
        TRUCE[1], TRUCE[2], TRUCE[3], TRUCE[4], TRUCE[5], TRUCE[6],
        SHELLING[0], SHELLING[1], NULL,
    };
    static tdoc m;
    mkdoc(&m, "m", mixed);
    dedup(dd, &m);
    assert_int_equal(m.d.dup, HR_DUP_NONE);
    assert_int_equal(count_kind(&m, HR_PARA_DUPLICATE), 8);
    /* ... unless the threshold is lowered below its similarity */
    hr_dedup *loose = hr_dedup_new(0.5);
    mkdoc(&a, "a", TRUCE);
    mkdoc(&m, "m", mixed);
    dedup(loose, &a);
    dedup(loose, &m);
    assert_int_equal(m.d.dup, HR_DUP_NEAR);
    assert_true(m.d.dup_similarity > 0.5f && m.d.dup_similarity < 0.75f);
    hr_dedup_free(loose);
    /* a stricter threshold does not link them */
    hr_dedup *strict = hr_dedup_new(0.95);
    mkdoc(&a, "a", TRUCE);
    mkdoc(&b, "b", TRUCE_EDITED);
    dedup(strict, &a);
    dedup(strict, &b);
    assert_int_equal(b.d.dup, HR_DUP_NONE);
    hr_dedup_free(strict);
    hr_dedup_free(dd);
}

static void test_same_topic_not_linked(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b, c, d;
    mkdoc(&a, "a", TRUCE);
    mkdoc(&b, "b", SHELLING);
    mkdoc(&c, "c", STORY_A);
    mkdoc(&d, "d", STORY_B);
    dedup(dd, &a);
    dedup(dd, &b);
    dedup(dd, &c);
    dedup(dd, &d);
    assert_int_equal(b.d.dup, HR_DUP_NONE);
    assert_int_equal(c.d.dup, HR_DUP_NONE);
    assert_int_equal(d.d.dup, HR_DUP_NONE);
    /* the shelling story retells the truce story's facts (Terter, the
     * Moscow talks, prisoners and bodies, the Red Cross) in other words:
     * none of its paragraphs is a repeat */
    assert_int_equal(count_kind(&b, HR_PARA_DUPLICATE), 0);
    /* the two other stories share only their background paragraph */
    assert_int_equal(count_kind(&d, HR_PARA_DUPLICATE), 1);
    hr_dedup_free(dd);
}

/* ---- repeated paragraphs ---------------------------------------------------- */

static void test_repeated_background(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b, c, d;
    mkdoc(&a, "a", STORY_A);
    mkdoc(&b, "b", STORY_B);
    mkdoc(&c, "c", STORY_C);
    mkdoc(&d, "d", STORY_D);
    dedup(dd, &a);
    dedup(dd, &b);
    dedup(dd, &c);
    dedup(dd, &d);
    assert_int_equal(count_kind(&a, HR_PARA_DUPLICATE), 0);
    /* B: a light variant */
    assert_int_equal(b.p[2].kind, HR_PARA_DUPLICATE);
    assert_int_equal(b.p[2].reason, HR_WHY_REPEAT);
    assert_string_equal(b.p[2].repeat_of.doc, a.d.id);
    assert_int_equal(b.p[2].repeat_of.para, 2);
    assert_int_equal(count_kind(&b, HR_PARA_DUPLICATE), 1);
    /* C: reworded and cut in two: both halves point at A's paragraph */
    assert_int_equal(c.p[1].kind, HR_PARA_DUPLICATE);
    assert_string_equal(c.p[1].repeat_of.doc, a.d.id);
    assert_int_equal(c.p[1].repeat_of.para, 2);
    assert_int_equal(c.p[2].kind, HR_PARA_DUPLICATE);
    assert_int_equal(c.p[2].repeat_of.para, 2);
    assert_int_equal(c.p[0].kind, HR_PARA_BODY);
    assert_int_equal(c.p[3].kind, HR_PARA_BODY);
    /* D: word for word */
    assert_int_equal(d.p[1].kind, HR_PARA_DUPLICATE);
    assert_string_equal(d.p[1].repeat_of.doc, a.d.id);
    assert_int_equal(d.p[1].repeat_of.para, 2);
    assert_int_equal(d.p[0].kind, HR_PARA_BODY);
    assert_int_equal(d.d.dup, HR_DUP_NONE);
    hr_dedup_free(dd);
}

/* Sharing a phrase of a dozen words is not repeating a paragraph. */
static void test_shared_phrase_not_repeat(void **state)
{
    (void)state;
    static const char *const quoting[] = {
        "Aid groups in the city said on Wednesday that food and fuel were running out and that the promise to exchange prisoners and the bodies of the dead under the supervision of the International Committee of the Red Cross had so far produced nothing for families waiting at the checkpoint.",
        NULL,
    };
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b;
    mkdoc(&a, "a", TRUCE);
    mkdoc(&b, "b", quoting);
    dedup(dd, &a);
    dedup(dd, &b);
    assert_int_equal(b.p[0].kind, HR_PARA_BODY);
    hr_dedup_free(dd);
}

/* Seen the other way round, the long paragraph repeats the two halves
 * together and points at the first half. */
static void test_split_reverse(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, c;
    mkdoc(&c, "c", STORY_C);
    mkdoc(&a, "a", STORY_A);
    dedup(dd, &c);
    dedup(dd, &a);
    assert_int_equal(a.p[2].kind, HR_PARA_DUPLICATE);
    assert_string_equal(a.p[2].repeat_of.doc, c.d.id);
    assert_int_equal(a.p[2].repeat_of.para, 1);
    assert_int_equal(count_kind(&a, HR_PARA_DUPLICATE), 1);
    hr_dedup_free(dd);
}

/* A paragraph twice in one document is not a repeat of itself; short
 * paragraphs are not compared. */
static void test_within_document_and_short(void **state)
{
    (void)state;
    const char *const twice[] = {
        STORY_A[0], STORY_A[1], STORY_A[0], "Read the full story.", NULL,
    };
    const char *const other[] = {
        "Read the full story.", STORY_B[0], NULL,
    };
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b;
    mkdoc(&a, "a", twice);
    mkdoc(&b, "b", other);
    dedup(dd, &a);
    dedup(dd, &b);
    assert_int_equal(count_kind(&a, HR_PARA_DUPLICATE), 0);
    assert_int_equal(count_kind(&b, HR_PARA_DUPLICATE), 0);
    hr_dedup_free(dd);
}

/* ---- order ------------------------------------------------------------------- */

static int cmp_pair(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Sorted "x|y" pairs (x < y) of the documents linked as duplicates. */
static size_t collect_pairs(tdoc *docs, size_t n, const size_t *order,
                            char pairs[][40])
{
    hr_dedup *dd = hr_dedup_new(0);
    size_t np = 0;
    for (size_t k = 0; k < n; k++)
        dedup(dd, &docs[order[k]]);
    for (size_t k = 0; k < n; k++) {
        const hr_document *d = &docs[k].d;
        if (d->dup == HR_DUP_NONE)
            continue;
        int c = strcmp(d->id, d->dup_of);
        char *w = pairs[np++];
        memcpy(w, c < 0 ? d->id : d->dup_of, 16);
        w[16] = '|';
        memcpy(w + 17, c < 0 ? d->dup_of : d->id, 16);
        w[33] = '\0';
    }
    hr_dedup_free(dd);
    qsort(pairs, np, 40, cmp_pair);
    return np;
}

static void test_order_independent_pairs(void **state)
{
    (void)state;
    const char *const *const sources[] = {
        TRUCE, SHELLING, STORY_A, TRUCE_EDITED, STORY_B, STORY_C,
    };
    enum { N = sizeof sources / sizeof *sources };
    static tdoc docs[N];
    size_t fwd[N], rev[N];
    for (size_t i = 0; i < N; i++) {
        fwd[i] = i;
        rev[i] = N - 1 - i;
    }
    char p1[N][40], p2[N][40];
    for (size_t i = 0; i < N; i++)
        mkdoc(&docs[i], "x", sources[i]);
    size_t n1 = collect_pairs(docs, N, fwd, p1);
    for (size_t i = 0; i < N; i++)
        mkdoc(&docs[i], "x", sources[i]);
    size_t n2 = collect_pairs(docs, N, rev, p2);
    assert_int_equal(n1, 1);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++)
        assert_string_equal(p1[i], p2[i]);
    /* in reverse, the edited copy came first */
    assert_int_equal(docs[0].d.dup, HR_DUP_NEAR);
    assert_string_equal(docs[0].d.dup_of, docs[3].d.id);
}

/* ---- memory ------------------------------------------------------------------ */

/* A made-up article: `paras` paragraphs of 40 words drawn from a seed. */
static char *synthetic(uint32_t seed, int paras, const char **out, size_t max)
{
    static const char *const words[] = {
        "army", "border", "village", "minister", "talks", "shelling",
        "report", "council", "river", "bridge", "province", "troops",
        "election", "court", "protest", "police", "harbour", "convoy",
        "summit", "treaty", "drone", "refugees", "governor", "budget",
    };
    size_t cap = (size_t)paras * 40 * 12 + 16;
    char *buf = malloc(cap);
    assert_non_null(buf);
    char *w = buf;
    uint32_t x = seed * 2654435761u + 1;
    for (int p = 0; p < paras && (size_t)p + 1 < max; p++) {
        out[p] = w;
        for (int k = 0; k < 40; k++) {
            x = x * 1664525u + 1013904223u;
            const char *word = words[(x >> 16) % (sizeof words / sizeof *words)];
            w += sprintf(w, "%s%s%u", k ? " " : "", word, (x >> 8) % 1000);
        }
        *w++ = '.';
        *w++ = '\0';
    }
    out[paras] = NULL;
    return buf;
}

static void test_memory_follows_distinct_paragraphs(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc t;
    const char *paras[MAX_PARAS];
    char *text = synthetic(7, 20, paras, MAX_PARAS);
    mkdoc(&t, "same", paras);
    dedup(dd, &t);
    size_t once = hr_dedup_memory(dd);
    assert_int_equal(hr_dedup_distinct_paragraphs(dd), 20);
    for (int i = 0; i < 1000; i++) {
        mkdoc(&t, "same", paras);
        dedup(dd, &t);
        assert_int_equal(t.d.dup, HR_DUP_EXACT);
    }
    assert_int_equal(hr_dedup_memory(dd), once);
    assert_int_equal(hr_dedup_distinct_paragraphs(dd), 20);
    free(text);

    /* 1000 different articles: the index grows, by a bounded amount per
     * paragraph */
    for (uint32_t s = 100; s < 1100; s++) {
        text = synthetic(s, 20, paras, MAX_PARAS);
        mkdoc(&t, "other", paras);
        dedup(dd, &t);
        assert_int_equal(t.d.dup, HR_DUP_NONE);
        free(text);
    }
    assert_int_equal(hr_dedup_distinct_paragraphs(dd), 20020);
    size_t after = hr_dedup_memory(dd);
    assert_true(after > once);
    /* doubling arrays and tables at most 3/4 full: well under 1 KB */
    assert_true(after / 20020 < 1024);
    hr_dedup_free(dd);
}

/* ---- bad input --------------------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    hr_dedup *dd = hr_dedup_new(0);
    static tdoc a, b, c, e, f;
    static const char *const empty[] = {NULL};
    static const char *const boiler[] = {"~Home", "~Login", NULL};
    static const char *const marks[] = {"...", "---02D---", "", "  ", NULL};
    mkdoc(&a, "a", empty);
    mkdoc(&b, "b", empty);
    dedup(dd, &a);
    dedup(dd, &b);
    /* two empty documents are not copies of each other */
    assert_int_equal(b.d.dup, HR_DUP_NONE);
    mkdoc(&c, "c", boiler);
    dedup(dd, &c);
    assert_int_equal(c.d.dup, HR_DUP_NONE);
    assert_int_equal(count_kind(&c, HR_PARA_BOILERPLATE), 2);
    mkdoc(&e, "e", marks);
    dedup(dd, &e);
    mkdoc(&f, "f", marks);
    dedup(dd, &f);
    /* the same text, however little: a copy; the empty paragraphs are
     * left as they were */
    assert_int_equal(f.d.dup, HR_DUP_EXACT);
    assert_int_equal(f.p[1].kind, HR_PARA_DUPLICATE);
    assert_int_equal(f.p[1].repeat_of.para, -1);
    assert_int_equal(f.p[2].kind, HR_PARA_BODY);

    /* a 10 MB paragraph, invalid UTF-8, an unknown script, a bad id */
    size_t big = 10u << 20;
    char *huge = malloc(big + 1);
    assert_non_null(huge);
    for (size_t i = 0; i < big; i++)
        huge[i] = "ab \xF0\x9F\x98\x80z\xFF\xC3. "[i % 12];
    huge[big] = '\0';
    static const char *hp[3];
    hp[0] = huge;
    hp[1] = "\xEA\xB0\x80\xEA\xB0\x81 \xE1\x90\x81\xE1\x90\x82 \xF0\x90\x8C\xB0\xF0\x90\x8C\xB1 \xF3\xA0\x80\x81";
    hp[2] = NULL;
    mkdoc(&e, "huge", hp);
    dedup(dd, &e);
    mkdoc(&f, "huge2", hp);
    strcpy(f.d.id, "not-an-id");
    dedup(dd, &f);
    assert_int_equal(f.d.dup, HR_DUP_EXACT);
    assert_string_equal(f.d.dup_of, e.d.id);
    free(huge);

    hr_error err;
    assert_int_equal(hr_dedup_document(NULL, &a.d, &err), HR_ERR_ARG);
    assert_int_equal(hr_dedup_document(dd, NULL, &err), HR_ERR_ARG);
    hr_dedup_free(dd);
    hr_dedup_free(NULL);
    assert_int_equal(hr_dedup_memory(NULL), 0);
}

/* ---- through ingest ---------------------------------------------------------- */

static void test_through_ingest(void **state)
{
    (void)state;
    /* the same article from a text file and a JSON line; a third input
     * with an added paragraph */
    char text[8192], line[8192], third[8192];
    size_t n = 0, m = 0, k = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "Truce broken\n\n");
    m += (size_t)snprintf(line + m, sizeof line - m,
                          "{\"url\":\"https://x.example/1\",\"title\":\"Truce broken\",\"text\":\"");
    for (int i = 1; i <= 8; i++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "%s\n\n", TRUCE[i]);
        m += (size_t)snprintf(line + m, sizeof line - m, "%s%s", i > 1 ? "\\n\\n" : "", TRUCE[i]);
        k += (size_t)snprintf(third + k, sizeof third - k, "%s\n\n", TRUCE_EDITED[i]);
    }
    m += (size_t)snprintf(line + m, sizeof line - m, "\"}\n");
    k += (size_t)snprintf(third + k, sizeof third - k, "%s\n", TRUCE_EDITED[9]);
    hr_ingest *in = hr_ingest_new(NULL);
    assert_non_null(in);
    assert_int_equal(hr_ingest_add_buffer(in, "a.txt", text, n), HR_OK);
    assert_int_equal(hr_ingest_add_buffer(in, "b.jsonl", line, m), HR_OK);
    assert_int_equal(hr_ingest_add_buffer(in, "c.txt", third, k), HR_OK);
    hr_dedup *dd = hr_dedup_new(0);
    char ids[3][17];
    hr_dup_kind kinds[3];
    char dup_of[3][17];
    int docs = 0;
    hr_document *d;
    hr_error err;
    hr_status st;
    while ((st = hr_ingest_next(in, &d, &err)) != HR_END) {
        assert_int_equal(st, HR_OK);
        assert_true(docs < 3);
        /* the title line of a text file is a paragraph: call it
         * boilerplate, as the classifier would call it metadata */
        for (size_t i = 0; i < d->n_paragraphs; i++)
            d->paragraphs[i].kind = d->paragraphs[i].len > 60 ? HR_PARA_BODY : HR_PARA_BOILERPLATE;
        assert_int_equal(hr_dedup_document(dd, d, &err), HR_OK);
        memcpy(ids[docs], d->id, 17);
        kinds[docs] = d->dup;
        memcpy(dup_of[docs], d->dup_of, 17);
        docs++;
    }
    assert_int_equal(docs, 3);
    assert_int_equal(kinds[0], HR_DUP_NONE);
    assert_int_equal(kinds[1], HR_DUP_EXACT);
    assert_string_equal(dup_of[1], ids[0]);
    assert_int_equal(kinds[2], HR_DUP_NEAR);
    assert_string_equal(dup_of[2], ids[0]);
    hr_dedup_free(dd);
    hr_ingest_free(in);
}

/* ---- the seeds ----------------------------------------------------------------- */

/* The background paragraph on the 1988 secession and the 1992-1994 war,
 * one paragraph in 001, reworded over several in 002, is marked as a
 * repeat in 002. */
static void test_seeds(void **state)
{
    (void)state;
    const char *dir = getenv("HERALD_SHARED");
    if (!dir)
        dir = "../shared";
    char path[2048];
    snprintf(path, sizeof path, "%s/seeds", dir);
    FILE *probe;
    char one[2100];
    snprintf(one, sizeof one, "%s/001_01dc59605c705cde.txt", path);
    if (!(probe = fopen(one, "rb"))) {
        skip();
        return;
    }
    fclose(probe);
    hr_ingest *in = hr_ingest_new(NULL);
    assert_int_equal(hr_ingest_add_path(in, path), HR_OK);
    hr_dedup *dd = hr_dedup_new(0);
    char id001[17] = "";
    int32_t bg001 = -1;
    int repeats_in_002 = 0, other_repeats = 0, docs = 0;
    hr_document *d;
    hr_error err;
    hr_status st;
    while ((st = hr_ingest_next(in, &d, &err)) != HR_END) {
        if (st != HR_OK)
            continue;
        docs++;
        for (size_t i = 0; i < d->n_paragraphs; i++)
            d->paragraphs[i].kind = d->paragraphs[i].len > 60 ? HR_PARA_BODY : HR_PARA_BOILERPLATE;
        assert_int_equal(hr_dedup_document(dd, d, &err), HR_OK);
        assert_int_equal(d->dup, HR_DUP_NONE);
        bool is001 = strstr(d->file, "/001_") != NULL;
        bool is002 = strstr(d->file, "/002_") != NULL;
        for (size_t i = 0; i < d->n_paragraphs; i++) {
            const hr_paragraph *p = &d->paragraphs[i];
            if (is001 && strstr(p->text, "February 1988")) {
                memcpy(id001, d->id, 17);
                bg001 = (int32_t)i;
            }
            if (p->kind != HR_PARA_DUPLICATE)
                continue;
            if (is002 && !strcmp(p->repeat_of.doc, id001) &&
                p->repeat_of.para == bg001 &&
                (strstr(p->text, "1988") || strstr(p->text, "1992-1994")))
                repeats_in_002++;
            else
                other_repeats++;
        }
    }
    assert_int_equal(docs, 5);
    assert_true(bg001 >= 0);
    /* both the 1988 paragraph and the 1992-1994 one */
    assert_int_equal(repeats_in_002, 2);
    assert_int_equal(other_repeats, 0);
    hr_dedup_free(dd);
    hr_ingest_free(in);
}

/* The other way round: 002 read first, 001's single paragraph repeats
 * the first of 002's two (taken together). */
static void test_seeds_reverse(void **state)
{
    (void)state;
    const char *dir = getenv("HERALD_SHARED");
    if (!dir)
        dir = "../shared";
    char one[2048], two[2048];
    snprintf(one, sizeof one, "%s/seeds/001_01dc59605c705cde.txt", dir);
    snprintf(two, sizeof two, "%s/seeds/002_6bdefc255829203e.txt", dir);
    FILE *probe = fopen(one, "rb");
    if (!probe) {
        skip();
        return;
    }
    fclose(probe);
    hr_ingest *in = hr_ingest_new(NULL);
    assert_int_equal(hr_ingest_add_path(in, two), HR_OK);
    assert_int_equal(hr_ingest_add_path(in, one), HR_OK);
    hr_dedup *dd = hr_dedup_new(0);
    char id002[17] = "";
    int32_t bg002 = -1;
    int found = 0, docs = 0;
    hr_document *d;
    hr_error err;
    hr_status st;
    while ((st = hr_ingest_next(in, &d, &err)) != HR_END) {
        assert_int_equal(st, HR_OK);
        for (size_t i = 0; i < d->n_paragraphs; i++)
            d->paragraphs[i].kind = d->paragraphs[i].len > 60 ? HR_PARA_BODY : HR_PARA_BOILERPLATE;
        assert_int_equal(hr_dedup_document(dd, d, &err), HR_OK);
        for (size_t i = 0; i < d->n_paragraphs; i++) {
            const hr_paragraph *p = &d->paragraphs[i];
            if (docs == 0 && bg002 < 0 && strstr(p->text, "since February 1988")) {
                memcpy(id002, d->id, 17);
                bg002 = (int32_t)i;
            }
            if (docs == 1 && p->kind == HR_PARA_DUPLICATE) {
                assert_non_null(strstr(p->text, "February 1988"));
                assert_string_equal(p->repeat_of.doc, id002);
                assert_int_equal(p->repeat_of.para, bg002);
                found++;
            }
        }
        docs++;
    }
    assert_int_equal(docs, 2);
    assert_true(bg002 >= 0);
    assert_int_equal(found, 1);
    hr_dedup_free(dd);
    hr_ingest_free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_same_text_other_url),
        cmocka_unit_test(test_exact_same_body_other_boilerplate),
        cmocka_unit_test(test_exact_normalized),
        cmocka_unit_test(test_near_duplicate),
        cmocka_unit_test(test_same_topic_not_linked),
        cmocka_unit_test(test_repeated_background),
        cmocka_unit_test(test_split_reverse),
        cmocka_unit_test(test_shared_phrase_not_repeat),
        cmocka_unit_test(test_within_document_and_short),
        cmocka_unit_test(test_order_independent_pairs),
        cmocka_unit_test(test_memory_follows_distinct_paragraphs),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_through_ingest),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_seeds_reverse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
