/* cli.h - what the files of the herald command share. */
#ifndef HERALD_CLI_H
#define HERALD_CLI_H

#include "herald.h"

enum { EXIT_OK = 0, EXIT_FATAL = 1, EXIT_USAGE = 2, EXIT_SKIPPED = 3 };

/* long options of the dictionary (values outside the char range) */
enum { OPT_DICT = 1000, OPT_PETRARCH, OPT_NO_BUILTIN, OPT_NO_GAZ, OPT_PLACES, OPT_VERBS,
       OPT_NO_BUILTIN_VERBS };

#define MAX_DICTS 64

typedef struct dict_opts {
    const char *dicts[MAX_DICTS];
    int n_dicts;
    const char *petrarch[MAX_DICTS];
    int n_petrarch;
    const char *places[MAX_DICTS];
    int n_places;
    const char *verbs[MAX_DICTS];
    int n_verbs;
    bool no_builtin, no_gazetteer, quiet_diag, no_builtin_verbs;
    unsigned long long errors, warnings;
} dict_opts;

/* Handles a dictionary option; false if opt is not one. */
bool dict_option(dict_opts *o, int opt, char *arg);
/* The dictionary the options ask for, problems printed; NULL if fatal. */
hr_dict *load_dicts(dict_opts *o);
/* One document's matches as a JSON line (or tab-separated lines). */
bool write_doc_matches(FILE *out, const hr_document *d, hr_matcher *m,
                       hr_splitter *sp, bool text_format, uint64_t *n_matches);
void write_match_json(FILE *out, const hr_match *mt, const char *text);
/* The verb dictionary the options ask for; NULL if fatal. */
hr_verbs *load_verbs(dict_opts *o);
/* One document's mentions, coded and resolved, as JSON lines (or
 * tab-separated lines). */
bool write_doc_events(FILE *out, const hr_document *d, hr_coder *c, hr_resolver *r,
                      hr_splitter *sp, bool text_format, uint64_t *n_events);
/* JSON pieces shared by code.c and aggregate.c */
void json_str(FILE *out, const char *s);          /* NULL: null */
void json_str_n(FILE *out, const char *s, size_t n);
void when_json(FILE *out, const hr_when *w, const char *text, hr_span sp);
void place_json(FILE *out, const hr_place *p);
/* herald aggregate: code, resolve and add one document; print events */
bool add_doc_events(hr_aggregator *a, const hr_document *d, hr_coder *c, hr_resolver *r,
                    hr_splitter *sp, uint64_t *n_mentions);
bool write_events(FILE *out, const hr_event *ev, size_t n, bool text_format);
/* herald run (run.c): one document into the store; false on a fatal
 * error (printed) */
/* CPU seconds by stage, for herald run --profile */
typedef struct stage_times {
    double ingest, clean, code, resolve, store, aggregate;
} stage_times;
double cpu_now(void);
bool run_doc(hr_store *s, const hr_document *d, hr_coder *c, hr_resolver *r, hr_splitter *sp,
             uint64_t *n_mentions, uint64_t *n_known, uint64_t *n_sentences, stage_times *t);
/* the progress line on standard error, when it is a terminal */
typedef struct progress {
    bool on, shown;
    uint64_t total;           /* bytes of the inputs, 0 when unknown */
    double t0, last;
} progress;
void progress_start(progress *p, bool want, int nin, char **inputs);
void progress_update(progress *p, uint64_t docs, uint64_t bytes, uint64_t raw);
void progress_clear(progress *p);
/* herald dict ... */
int cmd_dict(int argc, char **argv);
/* herald validate ... (validate.c) */
int cmd_validate(int argc, char **argv);
/* herald export ... (export.c) */
int cmd_export(int argc, char **argv);
/* herald serve ... (serve.c) */
int cmd_serve(int argc, char **argv);
/* herald events, timeline, show, actors, dyads (query.c) */
int cmd_query(int argc, char **argv);

/* Option values of herald export and the query commands (query.c): a
 * decimal number up to max; an actor or code prefix, upper-cased in place;
 * a date with at least a year. */
bool cli_number(const char *s, unsigned long long max, unsigned long long *out);
const char *cli_code_arg(char *s);
bool cli_date_arg(const char *s, hr_date *d);

#endif
