/*
 * internal.h - what the modules of the library share and do not export.
 *
 *   common/  arena (per-document memory), buf (growable bytes), utf8,
 *            hash (document ids), error, json (writer)
 *   ingest/  stream (files, stdin, memory; gzip, zstd), rd (buffered
 *            lines and blocks), docb (document builder), detect + walk
 *            (ingest.c), one reader per format (text, jsonl, html, warc),
 *            dateline (metadata found in the text itself)
 *   split/   sentences and tokens
 */
#ifndef HERALD_INTERNAL_H
#define HERALD_INTERNAL_H

#include "herald.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HR_MIN(a, b) ((a) < (b) ? (a) : (b))
#define HR_MAX(a, b) ((a) > (b) ? (a) : (b))
#define HR_DEFAULT_MAX_RECORD ((size_t)16 << 20)

/* ---- ASCII classes (the byte-level readers: dates, datelines, time
 * expressions, the splitter) ------------------------------------------ */

static inline bool hr_is_digit(unsigned c) { return c - '0' < 10u; }
static inline bool hr_is_upper(unsigned c) { return c - 'A' < 26u; }
static inline bool hr_is_lower(unsigned c) { return c - 'a' < 26u; }
static inline bool hr_is_alpha(unsigned c) { return hr_is_upper(c) || hr_is_lower(c); }

/* ---- error --------------------------------------------------------- */

/* Fills err (if not NULL) and returns code. `unit` may be NULL. */
hr_status hr_error_set(hr_error *err, hr_status code, const char *file,
                       const char *unit, uint64_t record, uint64_t offset,
                       const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* ---- arena: bump allocation, freed all at once ---------------------- */

typedef struct hr_arena hr_arena;
hr_arena *hr_arena_new(void);
void hr_arena_reset(hr_arena *a);   /* keeps the first block for reuse */
void hr_arena_free(hr_arena *a);
void *hr_arena_alloc(hr_arena *a, size_t n);   /* 8-aligned; NULL on OOM */
char *hr_arena_strndup(hr_arena *a, const char *s, size_t n);

/* ---- buf: growable bytes -------------------------------------------- */

typedef struct hr_buf {
    char *data;
    size_t len, cap;
} hr_buf;
bool hr_buf_reserve(hr_buf *b, size_t extra);
bool hr_buf_append(hr_buf *b, const void *p, size_t n);
bool hr_buf_putc(hr_buf *b, char c);
void hr_buf_free(hr_buf *b);
/* Grows the array *p of `size`-byte items to hold `need` (capacity *cap,
 * doubled from 64). False, leaving *p as it was, when out of memory. */
bool hr_grow(void **p, size_t *cap, size_t need, size_t size);

/* ---- utf8 ------------------------------------------------------------ */

/* Length of the longest valid UTF-8 prefix of s. */
size_t hr_utf8_valid_prefix(const char *s, size_t len);
/* Copies src to dst replacing each invalid sequence with U+FFFD (EF BF BD).
 * dst must hold 3 * len + 1 bytes. Returns bytes written (NUL added);
 * *bad (if not NULL) is increased by the number of replacements. */
size_t hr_utf8_sanitize(char *dst, const char *src, size_t len, uint64_t *bad);
/* Where byte `pos` of hr_utf8_sanitize(src)'s output came from in src. */
size_t hr_utf8_source_offset(const char *src, size_t len, size_t pos);
/* Decodes one code point at s; sets *adv (>= 1). Returns -1 if invalid. */
int32_t hr_utf8_decode(const char *s, size_t len, size_t *adv);

/* ---- hash ------------------------------------------------------------ */

/* Document id: XXH3-64 of the normalized text (its letters and digits,
 * case folded; see hash.c), as 16 hex digits. The state is fed paragraph
 * by paragraph. */
typedef struct hr_idhash hr_idhash;
/* ASCII letters and digits folded to lower case, 0 for any other byte:
 * the one normalization the id hash and the clean stage share. */
extern const unsigned char hr_fold[256];
hr_idhash *hr_idhash_new(void);
void hr_idhash_free(hr_idhash *h);
void hr_idhash_reset(hr_idhash *h);
void hr_idhash_update(hr_idhash *h, const char *text, size_t len);
void hr_idhash_hex(hr_idhash *h, char out[17]);

/* ---- json writer ------------------------------------------------------- */

/* Appends s as a JSON string literal (quotes included). s is valid UTF-8. */
bool hr_json_str(hr_buf *b, const char *s, size_t len);
bool hr_json_cstr(hr_buf *b, const char *s);   /* NULL -> null */

/* ---- stream: bytes from a file, stdin or memory, decompressed ---------- */

typedef struct hr_stream hr_stream;
typedef enum { HR_Z_NONE = 0, HR_Z_GZIP, HR_Z_ZSTD } hr_zkind;

/* "-" is standard input. Compression is detected from the magic bytes. */
hr_stream *hr_stream_open_file(const char *path, hr_error *err);
hr_stream *hr_stream_open_mem(const char *name, const void *data, size_t len,
                              hr_error *err);
/* Returns bytes read (> 0), 0 at the end, or -1 with err filled: I/O error,
 * corrupt or truncated compressed data. After a corrupt gzip member the
 * stream resumes at the next member, so the caller may read on; the bytes
 * it gets next do not continue the ones before. */
ptrdiff_t hr_stream_read(hr_stream *s, void *buf, size_t n, hr_error *err);
const char *hr_stream_name(const hr_stream *s);
hr_zkind hr_stream_zkind(const hr_stream *s);
uint64_t hr_stream_raw_bytes(const hr_stream *s); /* compressed bytes read */
void hr_stream_close(hr_stream *s);
/* A whole file (decompressed) appended to out. */
hr_status hr_read_file(const char *path, hr_buf *out, hr_error *err);

/* ---- rd: buffered reading over a stream -------------------------------- */

typedef struct hr_rd {
    hr_stream *s;
    char *buf;
    size_t cap, start, end;
    uint64_t pos;        /* decompressed offset of buf[start] */
    bool eof;
    bool broken;         /* the stream reported an error since last asked */
} hr_rd;

void hr_rd_init(hr_rd *r, hr_stream *s);
void hr_rd_free(hr_rd *r);          /* frees the buffer, not the stream */
/* Points r at another stream, keeping its buffer for reuse. */
void hr_rd_reset(hr_rd *r, hr_stream *s);
/* Makes at least `want` bytes available at r->buf + r->start unless the
 * input ends first (the caller bounds `want`). Returns HR_OK or a stream
 * error (err filled; r->broken set). */
hr_status hr_rd_fill(hr_rd *r, size_t want, hr_error *err);
/* The next line without its "\n" (and "\r"). HR_END at the end. A line over
 * `max` bytes is consumed and HR_ERR_TOO_BIG returned; *line is then NULL.
 * The line is valid until the next call. */
hr_status hr_rd_line(hr_rd *r, size_t max, const char **line, size_t *len,
                     hr_error *err);
/* The next n bytes (n <= max of the caller's choosing). HR_ERR_TRUNCATED if
 * the input ends first (what there was is consumed). */
hr_status hr_rd_block(hr_rd *r, size_t n, const char **data, hr_error *err);
/* Everything left, up to max bytes; HR_ERR_TOO_BIG past that (the rest is
 * consumed). */
hr_status hr_rd_all(hr_rd *r, size_t max, const char **data, size_t *len,
                    hr_error *err);
/* Skips n bytes. */
hr_status hr_rd_skip(hr_rd *r, uint64_t n, hr_error *err);

/* ---- docb: builds one hr_document in an arena --------------------------- */

typedef struct hr_docb {
    hr_arena *arena;
    const hr_ingest_options *opt;
    hr_document doc;
    hr_paragraph *paras;
    size_t n_paras, cap_paras;
    hr_date_candidate *cands;
    size_t n_cands, cap_cands;
    hr_idhash *idh;
    hr_buf scratch;
} hr_docb;

bool hr_docb_init(hr_docb *b, const hr_ingest_options *opt);
void hr_docb_free(hr_docb *b);
/* Starts a new document (resets the arena). `file` is copied. */
void hr_docb_begin(hr_docb *b, const char *file, uint64_t record, hr_format f);
/* s as valid UTF-8: s itself when it is, else a repaired copy in
 * b->scratch (valid until the next call), the replacements counted in
 * the document. False when out of memory. */
bool hr_docb_sanitize(hr_docb *b, const char *s, size_t len, const char **out,
                      size_t *out_len);
/* A metadata string: sanitized, whitespace collapsed and trimmed, copied
 * into the arena. Returns NULL for an empty string. */
const char *hr_docb_meta(hr_docb *b, const char *s, size_t len);
/* Adds a paragraph: invalid UTF-8 replaced, control characters and
 * newlines made spaces, ends trimmed (link spans are moved to match). An
 * empty paragraph is dropped. `tag` must be a static string. */
bool hr_docb_add_para(hr_docb *b, const char *text, size_t len,
                      uint64_t offset, const char *tag, uint32_t ctx,
                      const hr_span *links, size_t n_links);
/* Plain text to paragraphs: blank lines separate paragraphs; inside a
 * block a line ending in sentence punctuation ends one, other line breaks
 * are hard wraps and become spaces. `base` is the offset of text[0]. */
bool hr_docb_add_text(hr_docb *b, const char *text, size_t len, uint64_t base);
bool hr_docb_add_candidate(hr_docb *b, const hr_date_candidate *c);
/* Fills what the text itself says (dateline, date, outlet), computes the
 * id and hands out the document, valid until the next begin. */
hr_document *hr_docb_finish(hr_docb *b);

/* ---- calendar names and lengths (date.c), shared by ingest and resolve -- */

/* The month named by s[0..n), any case: in full, or its first three
 * letters, or "Sept". Returns 1..12 (0 if none); *abbr (may be NULL) says
 * whether it was shortened. */
int hr_month_name(const char *s, size_t n, bool *abbr);
/* The weekday named by s[0..n), any case: in full or as Mon Tue Tues Wed
 * Thu Thur Thurs Fri Sat Sun. Returns 1 (Monday)..7 (0 if none). */
int hr_weekday_name(const char *s, size_t n, bool *abbr);
/* Days in a month, 29 for February of year 0 (unknown year); 0 for a
 * month outside 1..12. */
int hr_days_in_month(int year, int month);
/* Day number of a civil date: days since 1970-01-01 (negative before),
 * and back (date.c). */
int32_t hr_days_from_civil(int y, int m, int d);
void hr_civil_from_days(int32_t z, int *y, int *m, int *d);

/* ---- dateline: metadata from the text ---------------------------------- */

typedef struct hr_dateline {
    hr_span span;      /* the whole dateline with its trailing ':' '-' '–' '—'
                          and spaces: the sentence starts at span.end */
    hr_span place;     /* "Baku", "BAKU, Azerbaijan"; 0,0 if none */
    hr_span outlet;    /* "Turan", "BM", "AP"; 0,0 if none */
    hr_date date;      /* what it states; year 0 if no year, month 0 if none */
} hr_dateline;

/* A dateline at the start of a paragraph: "Baku/18.10.23/Turan:",
 * "BAKU, Azerbaijan, Nov.13", "PANAGYURISHTE, (BM) –", "WASHINGTON (AP) —",
 * "MOSCOW, Oct 20 (Reuters) -". A paragraph that is only a dateline also
 * counts. */
bool hr_dateline_scan(const char *text, size_t len, hr_dateline *out);
/* A publication timestamp in a short paragraph: "13 November 2020 12:34
 * (UTC +04:00)", "Published: 13.11.2020", "November 13, 2020 | 12:34". */
bool hr_timestamp_scan(const char *text, size_t len, hr_date *out, hr_span *span);
/* Calendar expressions in running text: "Tuesday, October 20", "Nov. 13",
 * "13 November 2020", "October 20, 2020". Fills up to max; returns the
 * number found. `how` and `para` are left for the caller. */
size_t hr_dates_scan(const char *text, size_t len, hr_date_candidate *out,
                     size_t max);
/* Applies the scanners to a document being built: dateline, publication
 * date (keeping JSON/HTML dates that are already set), outlet, and the
 * candidates; never invents a year (only opt->date_ref or a full date in
 * the document agreeing on month and day supplies one). */
void hr_meta_from_text(hr_docb *b);

/* ---- format readers ----------------------------------------------------- */

/* HTML page -> paragraphs and metadata into b (begun by the caller).
 * `charset` (may be NULL) is from HTTP headers; `url` (may be NULL) from
 * the WARC record. Never fails on bad HTML: it reads what it can. */
hr_status hr_html_to_doc(hr_docb *b, const char *html, size_t len,
                         const char *charset, const char *url, hr_error *err);

/* A JSON Lines line -> document fields into b (begun by the caller). */
hr_status hr_jsonl_to_doc(hr_docb *b, const char *line, size_t len,
                          hr_error *err);

/* A whole JSON file (pretty-printed, not one object per line): an array
 * of articles, an object with such an array ("articles", "items", "data",
 * "results", "documents"), or one article. Open parses it; next fills b
 * (begun by the caller) with item number it->next, HR_END after the last. */
typedef struct hr_json_items {
    void *root, *list;    /* cJSON values: the root, the next item */
    size_t next, count;
    bool wrapper;         /* the articles are in an array inside an object */
} hr_json_items;
hr_status hr_json_items_open(hr_json_items *it, const char *data, size_t len,
                             hr_error *err);
hr_status hr_json_items_next(hr_json_items *it, hr_docb *b, hr_error *err);
void hr_json_items_close(hr_json_items *it);

/* WARC: reads the next response record with an HTML payload from r.
 * HR_OK: b holds a document (begun by warc with its record number).
 * HR_END at the end of the file. Errors skip one record; call again.
 * `st` carries the record count between calls. */
typedef struct hr_warc_state {
    uint64_t record;   /* records seen so far */
    bool resync;       /* after an error: look for the next "WARC/" line */
} hr_warc_state;
hr_status hr_warc_next(hr_rd *r, hr_warc_state *st, hr_docb *b,
                       const char *file, size_t max_record, hr_error *err);

/* ---- clean: language, boilerplate, duplicates (src/clean/) --------------- */

/* Language identification. */
typedef struct hr_langid hr_langid;
hr_langid *hr_langid_new(hr_error *err);
void hr_langid_free(hr_langid *l);
/* ISO 639-1 code of text as a static string ("en", "ru", "az", "sr"...),
 * or "und" when it cannot tell (too short, no letters). */
const char *hr_langid_detect(hr_langid *l, const char *text, size_t len);

/* Body vs boilerplate. Holds what it has learnt of the corpus (lines seen
 * per outlet and overall). */
typedef struct hr_boiler hr_boiler;
hr_boiler *hr_boiler_new(void);
void hr_boiler_free(hr_boiler *bp);
/* Sets kind (BODY or BOILERPLATE) and reason of every paragraph of doc,
 * whose paragraph langs are already set, and learns its lines. */
void hr_boiler_classify(hr_boiler *bp, hr_document *doc);

/* Duplicates: exact and near-duplicate documents, repeated paragraphs. */
typedef struct hr_dedup hr_dedup;
hr_dedup *hr_dedup_new(double near_threshold);
void hr_dedup_free(hr_dedup *dd);
/* Sets doc->dup, dup_of, dup_similarity; marks body paragraphs that
 * repeat an earlier document's (kind DUPLICATE, reason REPEAT, repeat_of);
 * then remembers what is new in doc. */
hr_status hr_dedup_document(hr_dedup *dd, hr_document *doc, hr_error *err);
uint64_t hr_dedup_distinct_paragraphs(const hr_dedup *dd);
size_t hr_dedup_memory(const hr_dedup *dd);   /* bytes held */

/* What the first bytes of an input look like. */
hr_format hr_detect_format(const char *name, const char *head, size_t len);

/* ---- actors: dictionary building (dict.c), shared by the readers of
 * Herald's format (dictfile.c) and TABARI/PETRARCH's (petrarch.c) ------ */

#define HR_DAY_MIN INT32_MIN   /* open start of a range */
#define HR_DAY_MAX INT32_MAX   /* open end */

enum hr_entry_kind { HR_ENT_ACTOR = 0, HR_ENT_AGENT, HR_ENT_DISCARD };

/* How a name's case is matched (see docs/dictionaries.md). 0 = the
 * default rules: lower-case words any case, Capitalized words capitalized,
 * ACRONYMS all caps. A word ending in '*' is a prefix in every mode. */
enum {
    HR_DN_EXACT = 1u << 0,     /* '=' : exactly as written */
    HR_DN_ANYCASE = 1u << 1,   /* '~' : any case */
    HR_DN_CAP_FIRST = 1u << 2  /* first word must start with a capital (or
                                  be all caps), the rest any case: for
                                  dictionaries written in capitals */
};

typedef struct hr_dname {
    const char *text;   /* words separated by spaces; need not be NUL-ended */
    size_t len;
    unsigned flags;     /* HR_DN_* */
} hr_dname;

typedef struct hr_dcode {
    char code[20];      /* "AZEGOV", "~MIL", "~" or "-" */
    int32_t from, to;   /* days, inclusive; HR_DAY_MIN / HR_DAY_MAX open;
                           both HR_DAY_MIN..HR_DAY_MAX for an undated code */
    uint32_t line;      /* where it was written (0: the entry's line) */
} hr_dcode;

#define HR_EF_PLACE 1u   /* the names are also places (capital metonyms) */
#define HR_EF_NOCHECK 2u /* codes are not checked against the known units
                            (foreign dictionaries with their own codes) */

/* Adds one entry (copied). `file` must outlive d: pass hr_dict_intern().
 * Checks codes against the known units; an entry whose codes are all bad,
 * or whose names are all empty, is reported to diag and not added
 * (returns false). */
bool hr_dict_add(hr_dict *d, const char *file, uint32_t line,
                 enum hr_entry_kind kind, unsigned eflags,
                 const hr_dname *names, size_t n_names,
                 const hr_dcode *codes, size_t n_codes);
/* A copy of s that lives as long as d. */
const char *hr_dict_intern(hr_dict *d, const char *s);
/* Reports a problem to the dictionary's diag callback and counts it. */
void hr_dict_diag(hr_dict *d, bool is_error, const char *file, uint32_t line,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Declares a code unit so that codes using it pass. Kinds, as written in
 * "@unit XYZ KIND": */
enum hr_unit_kind {
    HR_UNIT_NONE = 0, HR_UNIT_COUNTRY, HR_UNIT_REGION, HR_UNIT_INTERNATIONAL,
    HR_UNIT_ROLE, HR_UNIT_ORG, HR_UNIT_RELIGION, HR_UNIT_ETHNIC
};
void hr_dict_add_unit(hr_dict *d, const char unit[3], enum hr_unit_kind kind);
/* The kind of the code's first unit (HR_UNIT_NONE if undeclared). */
enum hr_unit_kind hr_dict_unit_kind(const hr_dict *d, const char *unit);
/* Is every 3-character unit of code known? On false, why says which. */
bool hr_dict_code_ok(const hr_dict *d, const char *code, char *why,
                     size_t why_size);

/* ---- code: part-of-speech tagger (tag.c) -------------------------------- */

/* Penn Treebank tags (the XPOS column of UD English EWT), in this order. */
enum hr_pos {
    HR_POS_NONE = 0,
    HR_POS_CC, HR_POS_CD, HR_POS_DT, HR_POS_EX, HR_POS_FW, HR_POS_IN, HR_POS_JJ,
    HR_POS_JJR, HR_POS_JJS, HR_POS_LS, HR_POS_MD, HR_POS_NN, HR_POS_NNS,
    HR_POS_NNP, HR_POS_NNPS, HR_POS_PDT, HR_POS_POS, HR_POS_PRP, HR_POS_PRPS,
    HR_POS_RB, HR_POS_RBR, HR_POS_RBS, HR_POS_RP, HR_POS_SYM, HR_POS_TO,
    HR_POS_UH, HR_POS_VB, HR_POS_VBD, HR_POS_VBG, HR_POS_VBN, HR_POS_VBP,
    HR_POS_VBZ, HR_POS_WDT, HR_POS_WP, HR_POS_WPS, HR_POS_WRB,
    HR_POS_PUNCT,   /* . , : `` '' -LRB- -RRB- # $ HYPH NFP and the like */
    HR_POS_ADD, HR_POS_GW, HR_POS_XX, HR_POS_AFX,
    HR_POS_COUNT
};
const char *hr_pos_name(enum hr_pos p);          /* "NNP", "PRP$", "." ... */

typedef struct hr_tagger hr_tagger;
/* The model compiled in from data/tagger.model (scripts/train-tagger.py).
 * Read-only after creation; tagging keeps its scratch in the caller's
 * buffers, so one tagger serves many threads. */
hr_tagger *hr_tagger_new(hr_error *err);
void hr_tagger_free(hr_tagger *t);
/* A coder that borrows a tagger (threads, fuzzing: the model loads once);
 * t must outlive it. NULL t: its own, as hr_coder_new. */
hr_coder *hr_coder_new_shared(hr_dict *d, const hr_verbs *v, const hr_tagger *t,
                              hr_error *err);
/* Tags the n tokens (byte spans in text) of one sentence into out[n]. */
void hr_tag(const hr_tagger *t, const char *text, const hr_span *tokens,
            size_t n, uint8_t *out);

#endif
