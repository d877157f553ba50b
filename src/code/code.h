/*
 * code.h - what the files of the code stage share.
 *
 *   verbs.c   the verb dictionary (Herald's format, docs/verbs.md) and the
 *             CAMEO event table (data/cameo-events.txt)
 *   tag.c     the part-of-speech tagger
 *   coder.c   sentences to events: verb groups, subjects, patterns,
 *             compounds, passive, reported speech, negation, pronouns
 *
 * A pattern is a list of elements; an alternative is a list of word
 * hashes (one alternative may be several words). Verb and noun forms are
 * found through a hash table keyed by their first word.
 */
#ifndef HERALD_CODE_H
#define HERALD_CODE_H

#include "internal.h"
#include "actors/actors.h"

enum hr_pe_kind {
    HR_PE_WORDS = 0,   /* one of the alternatives */
    HR_PE_TARGET,      /* ^ */
    HR_PE_SOURCE,      /* $ */
    HR_PE_GAP,         /* ... */
    HR_PE_SELF         /* + */
};

typedef struct hr_pelem {
    uint8_t kind;
    uint32_t alts, n_alts;     /* into hr_verbs.alts */
} hr_pelem;

typedef struct hr_alt {
    uint32_t words, n_words;   /* into hr_verbs.hashes */
} hr_alt;

enum {
    HR_PF_NEGATED = 1u << 0,   /* only for a negated verb group */
    HR_PF_PASSIVE = 1u << 1,
    HR_PF_ACTIVE = 1u << 2,
    HR_PF_BLOCK = 1u << 3,     /* matches and gives nothing */
    HR_PF_MUTUAL = 1u << 4,    /* "between $ and ^": both directions */
    HR_PF_COMPOUND = 1u << 5   /* `mutual`: coordinated subjects, each on each other */
};

typedef struct hr_pattern {
    uint32_t elems, n_elems;   /* into hr_verbs.elems */
    char code[8];
    char rev[8];               /* "032:033": the reverse event's code, "" none */
    uint8_t flags;             /* HR_PF_* */
    uint8_t self_at;           /* index of +, or n_elems when after */
    uint16_t weight;           /* words it must match: specificity */
    const char *source;        /* "file:line" */
} hr_pattern;

enum { HR_VE_VERB = 0, HR_VE_NOUN };

typedef struct hr_ventry {
    uint8_t kind;
    const char *lemma;
    const char *source;
    uint32_t patterns, n_patterns;
} hr_ventry;

/* One form: its first word (hash), then particles that must follow. */
typedef struct hr_vform {
    uint64_t first;
    uint32_t particles, n_particles;   /* into hashes */
    bool gap;                  /* "call ... off": the object may come between */
    uint32_t entry;
    uint8_t vform;             /* HR_VF_*: which form of the verb */
    uint32_t next;             /* next form with the same first word */
} hr_vform;

enum { HR_VF_BASE = 0, HR_VF_S, HR_VF_PAST, HR_VF_ING, HR_VF_PART };

typedef struct hr_cameo {
    char code[8];
    float goldstein;
    uint8_t quad;
    const char *name;
} hr_cameo;

struct hr_verbs {
    bool any_code;             /* accept codes missing from the CAMEO table
                                  (foreign dictionaries: PETRARCH's) */
    hr_dict_diag_fn diag;
    void *diag_ud;
    hr_arena *arena;
    bool finished;
    uint64_t errors, warnings;
    hr_ventry *entries;
    size_t n_entries, cap_entries;
    hr_pattern *patterns;
    size_t n_patterns, cap_patterns;
    hr_pelem *elems;
    size_t n_elems, cap_elems;
    hr_alt *alts;
    size_t n_alts, cap_alts;
    uint64_t *hashes;
    size_t n_hashes, cap_hashes;
    hr_vform *forms;
    size_t n_forms, cap_forms;
    uint32_t *buckets;         /* first-word hash -> first form */
    size_t bucket_mask;
    hr_cameo *cameo;
    size_t n_cameo, cap_cameo;
};

/* The first form whose first word hashes to h, then ->next. */
uint32_t hr_verbs_first_form(const hr_verbs *v, uint64_t h);
const hr_cameo *hr_verbs_cameo(const hr_verbs *v, const char *code);

/* Reports a problem in a verb dictionary to the diag callback and counts
 * it (verbs.c); `line` 0 means the whole file. */
void hr_verbs_diag(hr_verbs *v, bool is_error, const char *file, uint32_t line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The text in Herald's verb format that a TABARI/PETRARCH verb dictionary
 * (text[0, len), named `file` in messages) translates to, appended to
 * out; problems go to v's diag (petrarch_verbs.c). For tests and fuzzing:
 * hr_verbs_load_petrarch translates and loads. False when out of memory. */
bool hr_verbs_petrarch_translate(hr_verbs *v, const char *file, const char *text, size_t len,
                                 hr_buf *out);

/* Compiled in (build/gen/blobs.S). */
extern const char hr_blob_verbs[], hr_blob_verbs_end[];
extern const char hr_blob_cameo[], hr_blob_cameo_end[];

#endif
