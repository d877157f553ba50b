/*
 * actors.h - what the files of the actors stage share: the dictionary's
 * insides (dict.c builds them, match.c reads them) and word normalization.
 *
 *   dict.c       entries, codes, units; Herald's format; the index
 *   gazetteer.c  places from data/gazetteer.tsv.gz and places-extra.tsv
 *   petrarch.c   TABARI/PETRARCH dictionaries
 *   match.c      words, the longest-match walk, agents, places, documents
 *
 * The index is a trie over normalized words kept in one open-addressing
 * hash table of edges (parent node, word hash) -> child node. A node holds
 * a list of terms: the names that end there, each pointing at an entry or
 * a place and carrying its case requirements.
 */
#ifndef HERALD_ACTORS_H
#define HERALD_ACTORS_H

#include "internal.h"

typedef struct hr_entry {
    const char *name;       /* canonical name */
    const char *source;     /* "file:line" */
    uint32_t codes, n_codes;/* into hr_dict.codes */
    uint8_t kind;           /* enum hr_entry_kind */
    uint8_t eflags;         /* HR_EF_* */
    uint16_t layer;         /* which load added it: later loads win */
} hr_entry;

/* A name as loaded, before the index is built. */
typedef struct hr_name {
    uint32_t target;        /* entry index, or place index | HR_TARGET_PLACE */
    uint32_t line;
    const char *file;
    const char *text;
    uint32_t len;
    uint8_t flags;          /* HR_DN_* */
} hr_name;

#define HR_TARGET_PLACE 0x80000000u

/* A name flag beside the HR_DN_* of internal.h, for the compatibility
 * readers only: no regular plural is accepted for the name (PETRARCH's
 * agent written "POLICE {}" or with its own plural in braces). */
#define HR_DN_NO_PLURAL (1u << 6)

/* What a word of a name asks of the text's word. */
enum {
    HR_REQ_ANY = 0, HR_REQ_CAP, HR_REQ_ACRO, HR_REQ_EXACT,
    HR_REQ_INITIAL      /* a capital first, or all capitals of any length */
};

typedef struct hr_term {
    uint32_t target;        /* as hr_name.target */
    uint32_t next;          /* next term at the same node, UINT32_MAX: none */
    uint32_t reqs;          /* offset of nwords requirements in hr_dict.reqs */
    uint32_t name;          /* index in hr_dict.names (messages, exact text) */
    uint8_t nwords;
    uint8_t plural_ok;      /* last word lower case: plural allowed */
} hr_term;

typedef struct hr_edge {
    uint64_t word;          /* word hash (stem edges: hash ^ HR_STEM_SALT) */
    uint32_t parent;        /* UINT32_MAX: empty slot */
    uint32_t child;
} hr_edge;

#define HR_STEM_SALT 0x5bd1e9955bd1e995ull

typedef struct hr_node {
    uint32_t terms;         /* first term, UINT32_MAX: none */
    uint8_t has_stem;       /* some edge out of here is a prefix */
} hr_node;

/* The kind of each code unit ([A-Z0-9]{3}, 36^3 of them); 0: undeclared. */
typedef struct hr_unitset {
    uint8_t kind[36 * 36 * 36];
} hr_unitset;

struct hr_dict {
    unsigned flags;
    uint16_t layer;             /* loads so far (builtin, --dict, ...) */
    bool codes_checked;
    hr_dict_diag_fn diag;
    void *diag_ud;
    hr_arena *arena;            /* strings, place names */
    bool finished;
    hr_dict_stats st;

    hr_entry *entries;
    size_t n_entries, cap_entries;
    hr_dcode *codes;
    size_t n_codes, cap_codes;
    hr_name *names;
    size_t n_names, cap_names;
    hr_place *places;
    size_t n_places, cap_places;
    uint8_t *place_flags;       /* HR_PF_* per place */
    hr_unitset units;

    /* the index, built by hr_dict_finish */
    hr_edge *edges;
    size_t edge_mask, n_edges;
    hr_node *nodes;
    size_t n_nodes, cap_nodes;
    hr_term *terms;
    size_t n_terms, cap_terms;
    uint8_t *reqs;
    size_t n_reqs, cap_reqs;
    uint64_t stem_lens;         /* bit L: some prefix edge has L bytes */
};

#define HR_PF_COMMON_WORD 1u    /* the place name is a common English word */

/* ---- words ----------------------------------------------------------- */

enum { HR_CLS_NONE = 0, HR_CLS_LOWER, HR_CLS_CAP, HR_CLS_UPPER };

enum {
    HR_W_POSS = 1u << 0,    /* had a possessive 's, ’s or s' */
    HR_W_BREAK = 1u << 1,   /* punctuation: no name runs across it */
    HR_W_THE = 1u << 2,
    HR_W_STEM = 1u << 3     /* in a dictionary name: a prefix (Argentin*) */
};

typedef struct hr_word {
    uint32_t start, end;    /* bytes in the text */
    uint32_t fold;          /* offset of the folded form in the fold buffer */
    uint32_t flen;
    uint8_t letters;        /* letters in it (255: more) */
    uint8_t cls;            /* HR_CLS_* of the word as written */
    uint8_t flags;          /* HR_W_* */
    uint64_t h;             /* hash of the folded form */
    uint64_t alt[3];        /* hashes of singular forms */
    uint8_t n_alt;
} hr_word;

/* Splits text[start, end) (one token, or a dictionary name) into words:
 * at spaces, hyphens, dashes and slashes; strips possessives; folds each
 * word into fb. Appends to *words (grown as needed). Returns false on
 * out of memory. */
bool hr_words_split(const char *text, uint32_t start, uint32_t end,
                    hr_word **words, size_t *n, size_t *cap, hr_buf *fb);

/* The words of a dictionary name as the index holds them: split as above,
 * without punctuation and without a leading "the". Returns their number
 * (0 also when out of memory). */
size_t hr_name_words(const char *text, size_t len, hr_word **words, size_t *cap,
                     hr_buf *fb);

/* Hash of folded bytes (shared by index and matcher). */
uint64_t hr_word_hash(const char *s, size_t n);

/* ---- index (dict.c) -------------------------------------------------- */

/* The child of node over word hash h, or UINT32_MAX. */
uint32_t hr_dict_edge(const hr_dict *d, uint32_t node, uint64_t h);

/* The code an entry yields on `day` (have_day false: no date). NULL if it
 * yields nothing on that date. *flags gets HR_MF_DATED / HR_MF_UNDATED. */
const hr_dcode *hr_entry_code(const hr_dict *d, const hr_entry *e,
                              bool have_day, int32_t day, unsigned *flags);
/* Among codes that both hold a date: a code other than ELI first, then
 * the range that began last. */
bool hr_dcode_better(const hr_dcode *a, const hr_dcode *b);

/* Places (gazetteer.c): parses the TSV text; rows from `extra` add their
 * alternative names to a row of the same name and country. */
hr_status hr_gazetteer_load(hr_dict *d, const char *name, const char *text,
                            size_t len, hr_error *err);
bool hr_dict_add_name(hr_dict *d, uint32_t target, const char *file,
                      uint32_t line, const char *text, size_t len,
                      unsigned flags);

/* ---- discards (match.c) ------------------------------------------------ */

/* The codes of discard entries read from PETRARCH discards files: a phrase
 * that drops the events of its sentence, or of its whole story. Herald's
 * own discards (code "-") only block a name. */
#define HR_DISCARD_SENTENCE_CODE "-S"
#define HR_DISCARD_STORY_CODE "-D"

enum hr_discard_level { HR_DISCARD_NONE = 0, HR_DISCARD_SENTENCE, HR_DISCARD_STORY };

/* The strongest discard phrase the last hr_match_sentence() met. */
enum hr_discard_level hr_matcher_discard(const hr_matcher *m);

/* Compiled-in data (build/gen/blobs.S). */
extern const char hr_blob_actors[], hr_blob_actors_end[];
extern const char hr_blob_gazetteer[], hr_blob_gazetteer_end[];

#endif
