/*
 * herald.h - the whole public API of the Herald library.
 *
 * Herald turns news pages into a record of political events. Data flows one
 * way through stages, each a module of the library:
 *
 *   ingest -> clean -> split -> code -> resolve -> aggregate -> store -> serve
 *
 * This header holds the stages that exist so far (ingest, clean, split,
 * actors, code) and the pieces every stage shares (status codes, errors,
 * documents).
 *
 * Conventions, which later stages keep:
 *  - Every function that can fail returns an hr_status; details (file,
 *    record, byte offset, what was expected) go into an hr_error the caller
 *    owns and may print with hr_error_format(). The library never exits and
 *    never prints.
 *  - Objects come in explicit create/free pairs. What a call hands out
 *    (a document, a sentence list) is owned by the object that produced it
 *    and stays valid until the next call on that object.
 *  - There is no global mutable state: one hr_ingest or hr_splitter per
 *    thread and everything is thread-safe.
 *  - Text is UTF-8 everywhere. Invalid bytes met on input are replaced by
 *    U+FFFD and counted, never fatal.
 */
#ifndef HERALD_H
#define HERALD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HERALD_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */
/* ------------------------------------------------------------------ */

typedef enum hr_status {
    HR_OK = 0,
    HR_END,              /* nothing more to read: not an error */
    HR_ERR_IO,           /* a file could not be opened or read */
    HR_ERR_NOMEM,        /* an allocation failed */
    HR_ERR_FORMAT,       /* malformed input: bad JSON, bad WARC header... */
    HR_ERR_TOO_BIG,      /* a record or line over the configured limit */
    HR_ERR_TRUNCATED,    /* input ended inside a record or a compressed stream */
    HR_ERR_CORRUPT,      /* compressed data that does not decode */
    HR_ERR_UNSUPPORTED,  /* binary junk or a format Herald does not read */
    HR_ERR_ARG           /* a bad argument from the caller */
} hr_status;

/* Where and what. `record` counts from 1 in the unit named by `unit`
 * ("line", "record"); 0 means the whole input. `offset` is a byte offset in
 * the decompressed input, or UINT64_MAX when it does not apply. */
typedef struct hr_error {
    hr_status code;
    char file[1024];
    const char *unit;
    uint64_t record;
    uint64_t offset;
    char msg[512];
} hr_error;

const char *hr_status_name(hr_status s);

/* "FILE: line 3, byte 120: invalid JSON: ..." into buf; returns buf. */
char *hr_error_format(const hr_error *err, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/* A byte range [start, end) in some text named where it is used. */
typedef struct hr_span {
    uint32_t start, end;
} hr_span;

typedef enum hr_format {
    HR_FMT_UNKNOWN = 0,
    HR_FMT_TEXT,
    HR_FMT_JSONL,
    HR_FMT_HTML,
    HR_FMT_WARC
} hr_format;

const char *hr_format_name(hr_format f);
/* "text", "jsonl", "html", "warc" -> format; HR_FMT_UNKNOWN otherwise. */
hr_format hr_format_parse(const char *name);

/* What a paragraph is. Ingest marks everything BODY; the clean stage
 * decides. */
typedef enum hr_para_kind {
    HR_PARA_BODY = 0,
    HR_PARA_BOILERPLATE,
    HR_PARA_DUPLICATE
} hr_para_kind;

/* Why the clean stage gave a paragraph its kind (hr_reason_name() gives
 * the word used in JSON). */
typedef enum hr_reason {
    HR_WHY_NONE = 0,       /* not classified yet */
    HR_WHY_PROSE,          /* body: reads as article prose */
    HR_WHY_SHORT,          /* too short and too few stop words to be prose */
    HR_WHY_LINKS,          /* mostly link text */
    HR_WHY_CONTEXT,        /* in nav, header, footer, aside, form, or a
                              boilerplate-named block */
    HR_WHY_PHRASE,         /* a known boilerplate phrase (share, subscribe,
                              comment, read more, photo credit, byline) */
    HR_WHY_REPEATED_LINE,  /* the same line on several pages of the outlet
                              or of the corpus */
    HR_WHY_METADATA,       /* title, dateline or timestamp: kept as metadata */
    HR_WHY_POSITION,       /* after the end of the article body */
    HR_WHY_NO_TEXT,        /* no letters: markers, numbers, symbols */
    HR_WHY_REPEAT,         /* duplicate: repeats an earlier paragraph */
    HR_WHY_DUP_DOC         /* duplicate: the whole document was seen */
} hr_reason;

const char *hr_reason_name(hr_reason r);

/* A paragraph of another document: its id and paragraph index. */
typedef struct hr_para_ref {
    char doc[17];
    int32_t para;          /* -1: none */
} hr_para_ref;

/* Where an HTML paragraph sat in the page: signals for the clean stage. */
enum {
    HR_CTX_NAV = 1u << 0,       /* inside <nav> */
    HR_CTX_HEADER = 1u << 1,    /* inside <header> */
    HR_CTX_FOOTER = 1u << 2,    /* inside <footer> */
    HR_CTX_ASIDE = 1u << 3,     /* inside <aside> */
    HR_CTX_FORM = 1u << 4,      /* inside <form> or a button */
    HR_CTX_ARTICLE = 1u << 5,   /* inside <article> */
    HR_CTX_MAIN = 1u << 6,      /* inside <main> */
    HR_CTX_LIST = 1u << 7,      /* a list item */
    HR_CTX_TABLE = 1u << 8,     /* a table cell */
    HR_CTX_HEADING = 1u << 9,   /* <h1>..<h6> */
    HR_CTX_QUOTE = 1u << 10,    /* <blockquote> */
    HR_CTX_CAPTION = 1u << 11,  /* <figcaption>, <caption> */
    HR_CTX_BOILER_HINT = 1u << 12,  /* an ancestor's class/id says menu,
                                       share, comment, footer, related, ad */
    HR_CTX_CONTENT_HINT = 1u << 13  /* an ancestor's class/id says article,
                                       story, content, post, body text */
};

typedef struct hr_paragraph {
    const char *text;     /* valid UTF-8, NUL-terminated, no newlines */
    size_t len;
    uint64_t offset;      /* where it starts in the source: see README */
    const char *tag;      /* "p", "li", "h2"...; "text" for plain text */
    uint32_t ctx;         /* HR_CTX_* flags (HTML only) */
    const hr_span *links; /* byte ranges of link text inside `text` */
    size_t n_links;
    hr_para_kind kind;
    uint16_t reason;      /* hr_reason */
    const char *lang;     /* ISO 639-1 code ("und" if unknown); NULL until
                             the clean stage */
    hr_para_ref repeat_of; /* for a duplicate: the first occurrence */
} hr_paragraph;

/* A calendar date that may be partial: 0 means unknown (a month-day with no
 * year has year 0). weekday: 1 = Monday .. 7 = Sunday, 0 = not stated. */
typedef struct hr_date {
    int16_t year;
    int8_t month, day, weekday;
    int8_t hour, minute;     /* -1 when no time */
    int16_t tz_minutes;      /* offset from UTC; valid when has_tz */
    bool has_tz;
} hr_date;

/* Fills "2020-11-13", "2020-11", "2020", "--11-13" (month-day, no year) or
 * "" into buf (at least 11 bytes). */
char *hr_date_format(const hr_date *d, char *buf, size_t size);
/* Day of week (1 = Monday) of a full date, 0 if not a full valid date. */
int hr_date_weekday(int year, int month, int day);
/* Parses ISO 8601 and the forms found in HTML meta tags and JSON feeds:
 * "2020-11-13", "2020-11-13T12:34:00+04:00", "2020-11-13 12:34:00",
 * "20201113", RFC 1123 "Fri, 13 Nov 2020 12:34:00 GMT". */
bool hr_date_parse_iso(const char *s, size_t len, hr_date *out);

/* A date found in the text that may be the publication date. */
typedef struct hr_date_candidate {
    hr_date date;
    const char *how;      /* "dateline", "timestamp", "lead" ... */
    uint32_t para;        /* paragraph index */
    hr_span span;         /* bytes in that paragraph */
} hr_date_candidate;

typedef enum hr_dup_kind { HR_DUP_NONE = 0, HR_DUP_EXACT, HR_DUP_NEAR } hr_dup_kind;

typedef struct hr_document {
    char id[17];          /* 16 hex digits: hash of the normalized body text */
    const char *url;      /* NULL when unknown (also outlet, title) */
    const char *outlet;
    const char *outlet_source; /* how the outlet was found */
    const char *title;
    hr_date date;         /* publication date; year 0 when unknown */
    const char *date_source;   /* how the date was found, NULL if not */
    const hr_date_candidate *date_candidates;
    size_t n_date_candidates;
    const char *crawl_date;    /* WARC-Date, as written */
    const char *lang;          /* NULL until the clean stage */
    /* Clean stage: a document whose normalized text was seen before is an
     * exact duplicate; one whose word shingles overlap a seen one at or
     * above the threshold is a near duplicate. dup_of is the first. */
    hr_dup_kind dup;
    char dup_of[17];
    float dup_similarity;      /* estimated Jaccard similarity, near only */
    hr_paragraph *paragraphs;
    size_t n_paragraphs;
    /* The dateline ("Baku/18.10.23/Turan:") is metadata, not body: when
     * dateline_para >= 0, that paragraph's bytes in `dateline` are it. */
    int32_t dateline_para;
    hr_span dateline;
    /* Provenance. */
    const char *file;
    uint64_t record;      /* line or WARC record number, 0 for a whole file */
    hr_format format;
    uint64_t invalid_utf8; /* invalid bytes replaced by U+FFFD */
} hr_document;

/* ------------------------------------------------------------------ */
/* Ingest: inputs -> documents                                         */
/* ------------------------------------------------------------------ */

typedef struct hr_ingest_options {
    size_t max_record;    /* largest line, record or file read (bytes);
                             0 = 16 MiB */
    hr_format format;     /* force one input format; UNKNOWN = detect */
    hr_date date_ref;     /* year (or date) near which undated articles
                             were published; year 0 = none */
} hr_ingest_options;

typedef struct hr_ingest_stats {
    uint64_t inputs;      /* files and buffers opened */
    uint64_t documents;   /* documents produced */
    uint64_t skipped;     /* records or inputs skipped, each with an error */
    uint64_t bytes;       /* bytes read after decompression */
    uint64_t invalid_utf8;
} hr_ingest_stats;

typedef struct hr_ingest hr_ingest;

hr_ingest *hr_ingest_new(const hr_ingest_options *opt); /* NULL opt = defaults */
void hr_ingest_free(hr_ingest *in);

/* Queue an input: a file, a directory (walked recursively in name order,
 * symlink loops broken) or "-" for standard input. Nothing is read yet. */
hr_status hr_ingest_add_path(hr_ingest *in, const char *path);

/* Queue an in-memory input; `data` must outlive the reading of it. */
hr_status hr_ingest_add_buffer(hr_ingest *in, const char *name,
                               const void *data, size_t len);

/* The next document. HR_OK: *doc is valid until the next call (and the
 * caller may annotate it: the clean stage does). HR_END: all
 * inputs are done. Anything else: something was skipped, `err` says what
 * and where, and the next call goes on with the rest of the input. */
hr_status hr_ingest_next(hr_ingest *in, hr_document **doc, hr_error *err);

void hr_ingest_get_stats(const hr_ingest *in, hr_ingest_stats *out);

/* ------------------------------------------------------------------ */
/* Clean: body vs boilerplate, languages, duplicates                   */
/* ------------------------------------------------------------------ */

typedef struct hr_clean_options {
    double near_threshold;  /* Jaccard of word shingles for a near
                               duplicate document; 0 = 0.8 */
    bool no_dedup;          /* classify and identify languages only */
} hr_clean_options;

typedef struct hr_lang_count {
    char lang[8];
    uint64_t paragraphs;
} hr_lang_count;

typedef struct hr_clean_stats {
    uint64_t documents, exact_dups, near_dups;
    uint64_t paragraphs[3];          /* by hr_para_kind */
    uint64_t distinct_paragraphs;    /* held by the dedup index */
    uint64_t dedup_bytes;            /* memory the dedup index holds */
    hr_lang_count langs[32];         /* most paragraphs first; past 31
                                        languages the last is "other" */
    size_t n_langs;
} hr_clean_stats;

typedef struct hr_cleaner hr_cleaner;

/* The cleaner holds what it learns of the corpus (lines seen, paragraph
 * and document fingerprints): one per corpus, fed documents in order. */
hr_cleaner *hr_cleaner_new(const hr_clean_options *opt, hr_error *err);
void hr_cleaner_free(hr_cleaner *c);
/* Sets every paragraph's kind, reason, lang and repeat_of, the
 * document's lang and dup fields. */
hr_status hr_clean(hr_cleaner *c, hr_document *doc, hr_error *err);
void hr_cleaner_get_stats(const hr_cleaner *c, hr_clean_stats *out);

/* ------------------------------------------------------------------ */
/* Split: paragraphs -> sentences -> tokens                            */
/* ------------------------------------------------------------------ */

typedef struct hr_sentence {
    hr_span span;          /* bytes in the paragraph text */
    const hr_span *tokens; /* bytes in the paragraph text */
    size_t n_tokens;
} hr_sentence;

typedef struct hr_splitter hr_splitter;

hr_splitter *hr_splitter_new(void);
void hr_splitter_free(hr_splitter *sp);

/* Sentences of text[from..len). The list is valid until the next call on
 * the same splitter. Returns the number of sentences. */
size_t hr_split(hr_splitter *sp, const char *text, size_t len, size_t from,
                const hr_sentence **out);

/* Sentences of paragraph i of doc, skipping the dateline. */
size_t hr_split_paragraph(hr_splitter *sp, const hr_document *doc, size_t i,
                          const hr_sentence **out);

/* ------------------------------------------------------------------ */
/* Actors and places: dictionaries, gazetteer, matcher                 */
/* ------------------------------------------------------------------ */

/* A dictionary: actor names with their CAMEO codes and dates, generic agent
 * nouns, discards, and the gazetteer of places. Built once, then shared
 * read-only by any number of matchers (one per thread). The format is in
 * docs/dictionaries.md. */
typedef struct hr_dict hr_dict;

/* Problems met while loading. `is_error` is false for warnings. */
typedef void (*hr_dict_diag_fn)(void *ud, const hr_error *e, bool is_error);

typedef struct hr_dict_stats {
    uint64_t entries, names, codes;   /* actor, agent and discard entries */
    uint64_t agents, discards;        /* of which agents, discards */
    uint64_t places, place_names;     /* gazetteer */
    uint64_t errors, warnings;        /* lines or entries skipped, noted */
    uint64_t bytes;                   /* memory the dictionary holds */
} hr_dict_stats;

enum {
    HR_DICT_NO_BUILTIN = 1u << 0,  /* start empty: no data/actors */
    HR_DICT_NO_GAZETTEER = 1u << 1 /* no places */
};

/* A dictionary holding the project's own actors and gazetteer (compiled
 * in) unless flags say otherwise. diag (may be NULL) hears every problem in
 * this and later loads. */
hr_dict *hr_dict_new(unsigned flags, hr_dict_diag_fn diag, void *ud,
                     hr_error *err);
void hr_dict_free(hr_dict *d);
/* Adds a directory (every *.txt below it, in name order) or one file in
 * Herald's format. Bad lines are reported to diag and skipped; the call
 * fails only when the path cannot be read. */
hr_status hr_dict_load(hr_dict *d, const char *path, hr_error *err);
/* The same for text in memory; `name` is used in messages. */
hr_status hr_dict_load_buffer(hr_dict *d, const char *name, const char *text,
                              size_t len, hr_error *err);
/* Adds TABARI/PETRARCH .actors, agents and discards files (a directory or
 * one file; the kind is told by the file name and content). */
hr_status hr_dict_load_petrarch(hr_dict *d, const char *path, hr_error *err);
/* Adds places from a file in the gazetteer's format (docs/dictionaries.md):
 * a user's own places, or a gazetteer built with scripts/gen-gazetteer.js. */
hr_status hr_dict_load_places(hr_dict *d, const char *path, hr_error *err);
/* Indexes what was loaded; after this the dictionary is read-only and
 * further loads fail with HR_ERR_ARG. hr_matcher_new calls it when it has
 * not been called, which is not thread-safe: call it once yourself before
 * handing the dictionary to several threads. After a failure (out of
 * memory) it may be called again. */
hr_status hr_dict_finish(hr_dict *d, hr_error *err);
void hr_dict_get_stats(const hr_dict *d, hr_dict_stats *out);

/* A place of the gazetteer. */
typedef enum hr_place_kind {
    HR_PLACE_CITY = 0, HR_PLACE_ADMIN, HR_PLACE_COUNTRY
} hr_place_kind;

typedef struct hr_place {
    const char *name;
    char country[4];      /* ISO 3166-1 alpha-3, "" when none */
    hr_place_kind kind;
    double lat, lon;
    uint64_t population;
} hr_place;

typedef enum hr_match_kind {
    HR_MATCH_ACTOR = 0,   /* a named actor: country, organisation, person */
    HR_MATCH_AGENT,       /* generic noun joined to a country: AZEMIL */
    HR_MATCH_PLACE
} hr_match_kind;

/* How a match was decided; flags of hr_match. */
enum {
    HR_MF_METONYM = 1u << 0,    /* a capital standing for its government */
    HR_MF_DATED = 1u << 1,      /* the code came from a date range */
    HR_MF_UNDATED = 1u << 2,    /* no article date: latest range used */
    HR_MF_AGENT_ALONE = 1u << 3,/* agent with no country found: code ~ROLE */
    HR_MF_AMBIGUOUS = 1u << 4,  /* place name with several candidates */
    HR_MF_DOC_COUNTRY = 1u << 5 /* ... resolved by the document's countries */
};

typedef struct hr_match {
    hr_span span;          /* bytes in the text given to the matcher */
    hr_match_kind kind;
    char code[20];         /* CAMEO actor code; for a place its country */
    const char *name;      /* canonical name of the entry or place */
    const char *source;    /* "file:line" of the entry (NULL for places) */
    const hr_place *place; /* the place (places and metonyms), else NULL */
    unsigned flags;        /* HR_MF_* */
    uint32_t sentence;     /* index of the sentence (hr_match_document) */
} hr_match;

typedef struct hr_matcher hr_matcher;

hr_matcher *hr_matcher_new(hr_dict *d, hr_error *err);
void hr_matcher_free(hr_matcher *m);

/* Actors and places in one sentence of text. `date` (may be NULL or have
 * year 0) picks dated codes. The list is valid until the next call on m. */
size_t hr_match_sentence(hr_matcher *m, const char *text,
                         const hr_sentence *s, const hr_date *date,
                         const hr_match **out);

/* Every body paragraph of doc: sentences (split with sp) and their
 * matches, with ambiguous places resolved by the countries the whole
 * document names. Spans are in the paragraph's text; `sentence` counts
 * sentences over the document in order, and para_of[] (may be NULL)
 * receives for each match its paragraph. Valid until the next call. */
size_t hr_match_document(hr_matcher *m, const hr_document *doc,
                         hr_splitter *sp, const hr_match **out,
                         const uint32_t **para_of);

/* The entries a name finds (as the matcher would in "... NAME ..."), for
 * `herald dict lookup`. Same lifetime rules. */
size_t hr_dict_lookup(hr_matcher *m, const char *name, const hr_date *date,
                      const hr_match **out);

/* ------------------------------------------------------------------ */
/* Code: events from sentences                                         */
/* ------------------------------------------------------------------ */

/* The verb dictionary (docs/verbs.md) and the CAMEO event table. Built
 * once, read-only after hr_verbs_finish, shared by any number of coders. */
typedef struct hr_verbs hr_verbs;

enum { HR_VERBS_NO_BUILTIN = 1u << 0 };

hr_verbs *hr_verbs_new(unsigned flags, hr_dict_diag_fn diag, void *ud,
                       hr_error *err);
void hr_verbs_free(hr_verbs *v);
/* A directory (every *.txt below it) or a file in Herald's verb format. */
hr_status hr_verbs_load(hr_verbs *v, const char *path, hr_error *err);
hr_status hr_verbs_load_buffer(hr_verbs *v, const char *name, const char *text,
                               size_t len, hr_error *err);
/* TABARI/PETRARCH verb dictionaries (a file or a directory of them), read
 * into the same patterns; their codes are taken as they are. */
hr_status hr_verbs_load_petrarch(hr_verbs *v, const char *path, hr_error *err);
hr_status hr_verbs_finish(hr_verbs *v, hr_error *err);

typedef struct hr_verbs_stats {
    uint64_t verbs, nouns, forms, patterns, codes, errors, warnings;
} hr_verbs_stats;
void hr_verbs_get_stats(const hr_verbs *v, hr_verbs_stats *out);

/* A CAMEO event code's facts: Goldstein value, quad class (1 verbal
 * cooperation, 2 material cooperation, 3 verbal conflict, 4 material
 * conflict), name. False if the code is unknown. */
bool hr_event_info(const hr_verbs *v, const char *code, double *goldstein,
                   int *quad, const char **name);

/* Flags of a mention. */
enum {
    HR_EV_NEGATED = 1u << 0,   /* a negated use coded by a `negated` pattern */
    HR_EV_CLAIM = 1u << 1,     /* asserted only as claim_by's claim */
    HR_EV_PASSIVE = 1u << 2,
    HR_EV_NOUN = 1u << 3,      /* carried by a noun (the shelling of X) */
    HR_EV_PRONOUN = 1u << 4    /* an actor came from a pronoun or "the side" */
};

/* One event asserted by one sentence. Spans are bytes in the paragraph's
 * text. */
typedef struct hr_mention {
    uint32_t para, sentence;   /* paragraph; sentence counted over the doc */
    hr_span sentence_span;
    hr_span source, target, verb;
    char source_code[20], target_code[20];
    char code[8];              /* CAMEO event code: "112", "0871" */
    char root[3];
    int quad;
    double goldstein;
    char claim_by[20];         /* the actor whose claim it is, or "" */
    unsigned flags;            /* HR_EV_* */
    const char *pattern;       /* "file:line" of the pattern used */
    const hr_place *place;     /* target's place when it is one, else NULL */
} hr_mention;

typedef struct hr_coder hr_coder;

/* A coder owns a matcher over d and a tagger; one per thread. */
hr_coder *hr_coder_new(hr_dict *d, const hr_verbs *v, hr_error *err);
void hr_coder_free(hr_coder *c);
/* The events of every body paragraph of doc. Valid until the next call. */
size_t hr_code_document(hr_coder *c, const hr_document *doc, hr_splitter *sp,
                        const hr_mention **out);
/* The events of one sentence of text (tests, validation): no document,
 * no pronouns across sentences. */
size_t hr_code_sentence(hr_coder *c, const char *text, const hr_sentence *s,
                        const hr_date *date, const hr_mention **out);

/* Validation against TABARI/PETRARCH validation records (an XML file of
 * <Sentence> records, each with its <Text> and the <EventCoding>s a
 * coder should produce, and an <Environment> naming the dictionaries).
 * Each record's text alone is split and coded (its <Parse> is never
 * read) and the set of (source, target, event code) it yields is
 * compared with the expected set: a record is exact when the two are
 * equal. An actor with no code is written "---", as the records do. */
typedef struct hr_vevent {
    char source[48], target[48], code[8];
} hr_vevent;

typedef struct hr_vrecord {
    const char *id, *category, *date;   /* as written ("" when absent) */
    const char *text;                   /* the <Text>, spaces collapsed */
    const char *error;                  /* error="..." expected, else NULL:
                                           such a record expects no event */
    const hr_vevent *expected, *coded;  /* each set sorted, no repeats */
    size_t n_expected, n_coded;
    size_t missing, extra;              /* expected not coded, and back */
    bool exact;
} hr_vrecord;

typedef struct hr_vcategory {
    char name[32];                      /* the category attribute */
    uint32_t records, exact;
} hr_vcategory;

typedef struct hr_validation {
    char verbs[1024], actors[1024], agents[1024], discards[1024]; /* paths
                                           used; "" when not named */
    uint32_t records, exact;
    uint64_t expected, coded, matched;  /* events over all records */
    hr_vcategory categories[64];        /* in order of appearance; past 63
                                           the last is "other" */
    size_t n_categories;
} hr_validation;

typedef struct hr_validate_options {
    /* where the <Environment>'s files are; NULL: the file's sibling
     * ../dictionaries/ when it holds the verb file, else the file's own
     * directory */
    const char *dict_dir;
    hr_dict_diag_fn diag;               /* problems in the dictionaries */
    void *diag_ud;
    /* each record in file order, valid during the call (may be NULL) */
    void (*on_record)(void *ud, const hr_vrecord *r);
    void *ud;
} hr_validate_options;

/* Reads, codes and scores a validation file into *out. Fails (with err)
 * only when the file or a dictionary it names cannot be read, the XML is
 * malformed, or memory runs out; the score itself is never an error. */
hr_status hr_validate_file(const char *path, const hr_validate_options *opt,
                           hr_validation *out, hr_error *err);

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

enum {
    HR_JSON_SENTENCES = 1u << 0, /* add "sentences" (with token spans) */
    HR_JSON_TOKENS = 1u << 1
};

/* One document as one JSON line (the shape in README). With
 * HR_JSON_SENTENCES, `sp` splits each paragraph. Returns HR_ERR_IO when the
 * stream fails. */
hr_status hr_document_write_json(FILE *out, const hr_document *doc,
                                 hr_splitter *sp, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif
