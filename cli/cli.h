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
/* One document's events as JSON lines (or tab-separated lines). */
bool write_doc_events(FILE *out, const hr_document *d, hr_coder *c, hr_splitter *sp,
                      bool text_format, uint64_t *n_events);
/* herald dict ... */
int cmd_dict(int argc, char **argv);
/* herald validate ... (validate.c) */
int cmd_validate(int argc, char **argv);

#endif
