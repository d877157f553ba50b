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

/* When something happened: a day, a month, a year or a range, possibly
 * without a year (year 0) when nothing tells it. For DAY, MONTH and YEAR,
 * from == to; for RANGE, from and to are the first and last day (or month,
 * or year) of the range. */
typedef enum hr_precision {
    HR_PREC_NONE = 0, HR_PREC_DAY, HR_PREC_MONTH, HR_PREC_YEAR, HR_PREC_RANGE
} hr_precision;

typedef struct hr_when {
    hr_date from, to;
    hr_precision precision;
    const char *how;      /* static string, docs/dates.md: "absolute",
                             "month-day", "month", "weekday", "relative",
                             "anchor", "range", "since", "decade",
                             "period", "bracketed", "document" */
} hr_when;

const char *hr_precision_name(hr_precision p); /* "day" ... "range", "" */
/* "2020-10-20", "2020-10", "2020", "1992/1994", "1988-02/2020-11-01",
 * "--10-20" into buf (at least 24 bytes); "" for NONE. */
char *hr_when_format(const hr_when *w, char *buf, size_t size);

/* A time expression found in a sentence, resolved. */
typedef struct hr_timex {
    hr_span span;         /* bytes in the text */
    hr_when when;
} hr_timex;

/* The time expressions of text[span] in order, resolved against `ref`
 * (the publication date; year 0 = unknown) and `anchor` (the last day the
 * text before named, for "the day before"; NULL or no month and day =
 * none; a month-day of year 0 is used as such). A day named in the
 * sentence becomes the anchor of what follows it. A span leaves out a
 * leading "on", "in", "at"... but keeps "since", "from", "between",
 * "last", "this" (docs/dates.md). An expression recognised but not
 * placeable (no reference) has precision NONE. Writes at most max and
 * stops there; returns how many it wrote. Never reads outside span. */
size_t hr_find_times(const char *text, hr_span span, const hr_date *ref,
                     const hr_date *anchor, hr_timex *out, size_t max);

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
    uint64_t bytes;       /* bytes read after decompression (the input
                             being read included, so far) */
    uint64_t invalid_utf8;
    uint64_t raw_bytes;   /* bytes read from the inputs as stored (before
                             decompression): progress against their size */
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
    /* For an actor with dated codes: the first and last day (days since
     * 1970-01-01; INT32_MIN / INT32_MAX when open) of the hull of its
     * dated ranges other than ELI (its offices); both 0 when none. */
    int32_t held_from, held_to;
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
    HR_EV_PRONOUN = 1u << 4,   /* an actor came from a pronoun or "the side" */
    HR_EV_BACKGROUND = 1u << 5,/* history restated (hr_resolve_document) */
    HR_EV_REPEAT = 1u << 6     /* in a duplicate paragraph or document */
};

#define HR_MAX_VIA 4

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
    const hr_place *place;     /* where: a place named in the clause (or the
                                  target when it is a place), else NULL */
    /* Filled by hr_resolve_document: */
    hr_when when;              /* when it happened */
    hr_span when_span;         /* the time expression; empty: none */
    hr_span via[HR_MAX_VIA];   /* attribution chain, outermost first ("Trend
                                  reports citing TASS"): spans in the
                                  paragraph's text */
    uint8_t n_via;
} hr_mention;

typedef struct hr_coder hr_coder;

/* A coder owns a matcher over d and a tagger; one per thread. */
hr_coder *hr_coder_new(hr_dict *d, const hr_verbs *v, hr_error *err);
void hr_coder_free(hr_coder *c);
/* The events of every body paragraph of doc. Valid until the next call. */
size_t hr_code_document(hr_coder *c, const hr_document *doc, hr_splitter *sp,
                        hr_mention **out);
/* The events of one sentence of text (tests, validation): no document,
 * no pronouns across sentences. */
size_t hr_code_sentence(hr_coder *c, const char *text, const hr_sentence *s,
                        const hr_date *date, const hr_mention **out);

/* ------------------------------------------------------------------ */
/* Resolve: when, where, background, who reported it                  */
/* ------------------------------------------------------------------ */

/* The chain of sources a sentence cites for what it reports, outermost
 * first: "Trend reports citing TASS" gives [Trend, TASS]; "according to
 * the ministry", "with reference to its sources", "the newspaper writes",
 * "RIA Novosti reports" one each. Plain speech ("Aliyev said") is not
 * attribution. Only the bytes of text inside span are read; the spans
 * written are bytes in text, inside span. Writes at most max (out may be
 * NULL when max is 0) and returns how many it wrote. Rules and examples:
 * docs/attribution.md. */
size_t hr_find_attribution(const char *text, hr_span span, hr_span *out, size_t max);

/* Tone of a text from a sentiment lexicon (AFINN-165; docs/attribution.md,
 * "Tone"): counts accumulate over any number of calls (the paragraphs of
 * an article). Any bytes are accepted; invalid UTF-8 separates words. Safe
 * to call from several threads on different hr_tone objects. */
typedef struct hr_tone {
    uint64_t words;       /* words read */
    uint64_t positive;    /* words with a positive rating */
    uint64_t negative;    /* ... with a negative one */
    int64_t score;        /* sum of the ratings */
} hr_tone;

void hr_tone_add(hr_tone *t, const char *text, size_t len);
/* 100 * (positive - negative) / words, as GDELT's tone; 0 with no words. */
double hr_tone_value(const hr_tone *t);

/* What the resolve stage decided about a whole document. */
typedef struct hr_doc_info {
    hr_date date;         /* the publication date events are dated against:
                             the document's, or its inferred year */
    const char *date_how; /* "document", "inferred", or NULL: none */
    char evidence[256];   /* how an inferred year was found */
    int16_t year_min;     /* the publication year is at least this (the
                             latest year the text names, the start of the
                             offices of the people named); 0 = unknown */
    hr_tone tone;         /* over the body paragraphs */
    uint32_t sentences;   /* in the paragraphs that are not boilerplate */
} hr_doc_info;

typedef struct hr_resolve_options {
    /* an event that ended more than this many days before publication is
     * background; 0 = 30 */
    int32_t background_days;
} hr_resolve_options;

typedef struct hr_resolver hr_resolver;

/* d (may be NULL) is used to find the years in which the people a
 * document names held their offices, to infer a missing year. One
 * resolver per thread. */
hr_resolver *hr_resolver_new(hr_dict *d, const hr_resolve_options *opt, hr_error *err);
void hr_resolver_free(hr_resolver *r);

/* Dates (when, when_span), background and repeat flags and attribution
 * chains (via) for the n mentions hr_code_document gave for doc; info
 * (may be NULL) receives the document's date, tone and inference. */
hr_status hr_resolve_document(hr_resolver *r, const hr_document *doc, hr_splitter *sp,
                              hr_mention *m, size_t n, hr_doc_info *info, hr_error *err);

/* ------------------------------------------------------------------ */
/* Aggregate: one record per real-world event                          */
/* ------------------------------------------------------------------ */

/* One mention of an event with its document's provenance. Strings are
 * owned by the aggregator. */
typedef struct hr_source {
    char doc[17];
    const char *url, *outlet, *title;   /* NULL when unknown */
    hr_date published;                  /* the document's date */
    uint32_t para, sentence;
    hr_span sentence_span, source, target, verb, when_span;
    const char *text;                   /* the sentence (NULL with
                                           HR_AGG_NO_TEXT) */
    const char *via;                    /* attribution chain joined by
                                           " < " (outermost first), or NULL */
    char source_code[20], target_code[20], code[8], claim_by[20];
    int quad;
    double goldstein;
    hr_when when;
    const hr_place *place;              /* as hr_mention */
    unsigned flags;                     /* HR_EV_* */
    double tone;                        /* the document's */
    int64_t ref;                        /* the mention's index among its
                                           document's (hr_aggregate_add) */
} hr_source;

/* Flags of an event. */
enum {
    HR_EVT_CLAIM = 1u << 0,       /* known only through claim_by's claims */
    HR_EVT_DISPUTED = 1u << 1,    /* each side claims the other did it */
    HR_EVT_BACKGROUND = 1u << 2,  /* every mention restates history */
    HR_EVT_MIXED = 1u << 3        /* reported as a claim and as fact */
};

typedef struct hr_event {
    char id[17];                  /* stable: from its key and first mention */
    hr_when when;
    char source[20], target[20], code[8], root[3];
    int quad;
    double goldstein;
    const hr_place *place;
    uint32_t mentions;            /* mentions that are not repeats */
    uint32_t repeats;             /* in duplicate paragraphs or documents */
    uint32_t articles, outlets;   /* distinct, repeats not counted */
    hr_date first_seen;           /* earliest publication date */
    double tone;                  /* mean tone of the reporting articles */
    char claim_by[20];            /* with HR_EVT_CLAIM */
    unsigned flags;               /* HR_EVT_* */
    int64_t disputed_with;        /* index of the other event, -1 none */
    const hr_source *sources;     /* its mentions, repeats last */
    size_t n_sources;
} hr_event;

enum { HR_AGG_NO_TEXT = 1u << 0 };

typedef struct hr_aggregator hr_aggregator;

hr_aggregator *hr_aggregator_new(unsigned flags, hr_error *err);
void hr_aggregator_free(hr_aggregator *a);
/* Adds the resolved mentions of one document (copies what it keeps). */
hr_status hr_aggregate_add(hr_aggregator *a, const hr_document *doc,
                           const hr_doc_info *info, const hr_mention *m, size_t n,
                           hr_error *err);
/* Adds one mention as a source (its strings are copied): how the store
 * reloads the mentions of a group to aggregate them again. */
hr_status hr_aggregate_add_source(hr_aggregator *a, const hr_source *s, hr_error *err);
/* Clusters every mention added so far into events, sorted by date then
 * id; the same set of mentions gives the same events in any order of
 * adding. Valid until the next call on a. */
size_t hr_aggregate_events(hr_aggregator *a, const hr_event **out);
/* The group of a mention: only mentions of one group can be one event
 * ("ARM|AZE|190": source and target at country level, base code). */
void hr_aggregate_group_key(const char *source, const char *target, const char *code,
                            char *out, size_t size);
/* The dyad of an event: where its dispute, if any, is found ("ARM|AZE|11"). */
void hr_aggregate_dyad_key(const char *source, const char *target, const char *code,
                           char *out, size_t size);
/* Finds the disputed pairs among ev[0..n) (flags and disputed_with set
 * afresh, as hr_aggregate_events does): the store runs it on the events of
 * one dyad. The order of ev does not matter. */
void hr_aggregate_disputes(hr_event *ev, size_t n);

/* ------------------------------------------------------------------ */
/* Store: documents, mentions and events in SQLite or PostgreSQL        */
/* ------------------------------------------------------------------ */

/* The schema is in README "Database". A store is written by one process at
 * a time; readers may open it alongside. */
typedef struct hr_store hr_store;

#define HR_SCHEMA_VERSION 1

typedef struct hr_store_stats {
    uint64_t documents_added;   /* coded and stored by this process */
    uint64_t documents_known;   /* already stored (this run or before) */
    uint64_t urls_added;        /* new URLs of documents already stored */
    uint64_t mentions_added;
    uint64_t groups_aggregated; /* event groups aggregated again */
    uint64_t events_written;
    uint64_t transactions;
} hr_store_stats;

typedef struct hr_store_totals {
    uint64_t documents, urls, mentions, events;
} hr_store_totals;

/* Opens (creating) the database at target: a file path for SQLite, or a
 * postgresql:// URL. Refuses a file that is not a database and a schema
 * newer than this program's. */
hr_store *hr_store_open(const char *target, hr_error *err);
/* Opens an existing database for reading only (herald serve): the queries
 * below work on it, nothing that writes does. A statement running longer
 * than limit_ms (0: no limit) fails. */
hr_store *hr_store_open_readonly(const char *target, unsigned limit_ms, hr_error *err);
/* Commits what is pending and closes; NULL is a no-op. */
hr_status hr_store_close(hr_store *s, hr_error *err);

/* Is doc (by its id, the hash of its text) stored already? When it is and
 * doc->url is new, the URL is added to it. */
hr_status hr_store_known(hr_store *s, const hr_document *doc, bool *known, hr_error *err);
/* Stores a cleaned document, its paragraphs' kinds and its resolved
 * mentions, all in the current transaction; a transaction is committed
 * every batch of documents, so a killed run leaves whole documents only. */
hr_status hr_store_add(hr_store *s, const hr_document *doc, const hr_doc_info *info,
                       const hr_mention *m, size_t n, hr_error *err);
/* Commits, then aggregates again every event group that mentions added
 * since (or left by a run that was killed) touched, and the disputes of
 * their dyads, each group in its own transaction. The events equal those
 * hr_aggregate_events gives for all the stored mentions at once. */
hr_status hr_store_aggregate(hr_store *s, hr_error *err);
void hr_store_get_stats(const hr_store *s, hr_store_stats *out);
hr_status hr_store_totals_get(hr_store *s, hr_store_totals *out, hr_error *err);

/* Which events a query or an export takes (herald export, herald events).
 * Zero fields take everything. */
typedef struct hr_query {
    const char *actors[8];   /* codes: source or target starts with one */
    size_t n_actors;
    const char *source;      /* source starts with */
    const char *target;      /* target starts with */
    const char *code;        /* CAMEO code starts with ("19", "0871") */
    int quad;                /* 1..4, 0 any */
    hr_date from, to;        /* events overlapping [from, to]; year 0 open */
    const char *place;       /* place name or its country code */
    const char *text;        /* words all in one of its source sentences */
    uint32_t min_sources;    /* at least this many articles */
    bool include_background; /* background events are left out otherwise */
    uint64_t limit;          /* 0: no limit */
    uint64_t offset;         /* skip this many (paging) */
    int sort;                /* hr_sort; hr_store_export keeps date order */
} hr_query;

typedef enum hr_export_format {
    HR_EXPORT_JSONL = 1,     /* the event shape of herald aggregate */
    HR_EXPORT_GDELT,         /* GDELT 2.0 event table, 61 tab-separated columns */
    HR_EXPORT_PLOVER,        /* PLOVER-style JSON Lines */
    HR_EXPORT_CSV,           /* a flat table with a header */
    HR_EXPORT_TEXT           /* a readable timeline */
} hr_export_format;

hr_export_format hr_export_format_parse(const char *name);   /* 0 if unknown */

/* Writes the events q takes, in date order, to out. Returns HR_ERR_IO when
 * out fails. */
hr_status hr_store_export(hr_store *s, const hr_query *q, hr_export_format f, FILE *out,
                          uint64_t *n_events, hr_error *err);

/* Queries (herald events, timeline, show, actors, dyads; herald serve):
 * each hands its rows, in order, to a callback, which returns false to
 * stop early (the call still returns HR_OK). A row and its strings are
 * valid only during the callback. Every filter is a bound parameter; the
 * date order walks the date index, so a page costs its own rows. */
typedef enum hr_sort {
    HR_SORT_DATE = 0,        /* oldest first; then no year (by month-day),
                                then undated */
    HR_SORT_DATE_DESC,       /* newest first; then as above */
    HR_SORT_MENTIONS,        /* fewest mentions first (then by date) */
    HR_SORT_MENTIONS_DESC,
    HR_SORT_GOLDSTEIN,       /* most hostile first */
    HR_SORT_GOLDSTEIN_DESC
} hr_sort;

/* "date", "-date", "mentions", "-mentions", "goldstein", "-goldstein";
 * false when unknown. */
bool hr_sort_parse(const char *name, hr_sort *out);

/* One stored event. Strings are NULL when the column is. */
typedef struct hr_event_row {
    const char *id;
    const char *date;             /* as hr_when_format writes it; NULL undated */
    const char *precision;        /* "day", "month", "year", "range" */
    const char *how;              /* how the date was found (docs/dates.md) */
    bool has_days;                /* a year is known: */
    int64_t day_first, day_last;  /* days since 1970-01-01, */
    char first_day[11], last_day[11];   /* and as YYYY-MM-DD ("" without) */
    const char *source, *target, *code, *root;
    const char *code_name;        /* from the CAMEO table; "" unknown */
    int quad;
    double goldstein;
    const char *place, *country;  /* place NULL: none */
    double lat, lon;
    uint32_t mentions, repeats, articles, outlets;
    const char *first_seen;       /* earliest publication day */
    double tone;
    const char *claim_by;
    unsigned flags;               /* HR_EVT_* */
    const char *disputed_with;
    /* with HR_ROWS_EVIDENCE, the event's strongest source (the first in
     * the aggregator's order: first-hand, most precise date): */
    const char *sentence, *outlet, *url, *doc;
} hr_event_row;

enum { HR_ROWS_EVIDENCE = 1u << 0 };

typedef bool (*hr_event_row_fn)(void *ud, const hr_event_row *ev);

/* The events q takes, sorted by q->sort, from q->offset, at most q->limit
 * (0: all). With HR_ROWS_EVIDENCE each row has its strongest source (one
 * more indexed query per row). */
hr_status hr_store_events(hr_store *s, const hr_query *q, unsigned flags,
                          hr_event_row_fn fn, void *ud, hr_error *err);
/* How many events q takes, limit and offset aside. */
hr_status hr_store_count(hr_store *s, const hr_query *q, uint64_t *n, hr_error *err);

/* One mention of an event, as herald show prints it. */
typedef struct hr_mention_row {
    const char *doc, *url, *outlet, *title, *published;
    uint32_t para, sentence;
    const char *text;             /* the sentence */
    /* where the source, target, verb and time expression are in text
     * (bytes); an empty span when not in this sentence */
    hr_span source_span, target_span, verb_span, date_span;
    const char *source, *target, *code, *code_name;
    int quad;
    double goldstein;
    const char *date, *precision, *how;   /* this mention's date */
    const char *date_text;        /* the time expression's words, or NULL */
    const char *place, *country;
    double lat, lon;
    const char *via;              /* attribution chain, outermost first */
    const char *claim_by;
    unsigned flags;               /* HR_EV_* */
    bool repeat;                  /* in a duplicate paragraph or document */
} hr_mention_row;

typedef bool (*hr_mention_row_fn)(void *ud, const hr_mention_row *m);

/* The event id (ev_fn once) and its mentions (m_fn each, in the
 * aggregator's order); *found false, and no calls, when there is none. */
hr_status hr_store_event_show(hr_store *s, const char *id, hr_event_row_fn ev_fn,
                              hr_mention_row_fn m_fn, void *ud, bool *found, hr_error *err);

/* Per actor code (an event counts for its source and its target). */
typedef struct hr_actor_row {
    const char *code;
    uint64_t as_source, as_target;
    uint64_t cooperation, conflict;   /* quad 1-2, quad 3-4 */
    double goldstein;                 /* mean over its events */
} hr_actor_row;

typedef bool (*hr_actor_row_fn)(void *ud, const hr_actor_row *a);

/* The actors of the events q takes, most events first (q->sort is not
 * used; q->limit and q->offset page the actors). */
hr_status hr_store_actors(hr_store *s, const hr_query *q, hr_actor_row_fn fn, void *ud,
                          hr_error *err);

/* Per (source, target) pair of codes; events with no target are left out. */
typedef struct hr_dyad_row {
    const char *source, *target;
    uint64_t events, cooperation, conflict;
    double goldstein;
} hr_dyad_row;

typedef bool (*hr_dyad_row_fn)(void *ud, const hr_dyad_row *d);

/* The dyads of the events q takes, most events first, paged as above. */
hr_status hr_store_dyads(hr_store *s, const hr_query *q, hr_dyad_row_fn fn, void *ud,
                         hr_error *err);

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

/* ------------------------------------------------------------------ */
/* Serving: the HTTP API and the web page (herald serve, docs/api.md)  */
/* ------------------------------------------------------------------ */

typedef struct hr_server_options {
    const char *db;               /* SQLite path or postgresql:// URL, read-only */
    const char *bind;             /* an IPv4 or IPv6 address; NULL: 127.0.0.1 */
    uint16_t port;                /* 0: any free port (hr_server_port says which) */
    const char *static_dir;       /* the web page's files; NULL: API only */
    unsigned threads;             /* worker threads, each with its own
                                     connection to the database; 0: 4 */
    unsigned max_connections;     /* more at once get 503; 0: 1000 */
    unsigned timeout;             /* seconds a connection may be idle; 0: 10 */
    unsigned query_ms;            /* a statement's time limit; 0: 5000 */
} hr_server_options;

typedef struct hr_server hr_server;

/* Checks the database (it must exist and be Herald's), then listens and
 * answers in background threads until hr_server_stop. NULL with err
 * filled when the database or the address cannot be used. */
hr_server *hr_server_start(const hr_server_options *opt, hr_error *err);
uint16_t hr_server_port(const hr_server *s);
/* Stops listening, finishes the requests under way, closes; NULL no-op. */
void hr_server_stop(hr_server *s);

#ifdef __cplusplus
}
#endif
#endif
