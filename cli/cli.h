/* cli.h - what the files of the herald command share. */
#ifndef HERALD_CLI_H
#define HERALD_CLI_H

#include "herald.h"

enum { EXIT_OK = 0, EXIT_FATAL = 1, EXIT_USAGE = 2, EXIT_SKIPPED = 3 };

/* long options of the dictionary (values outside the char range) */
enum { OPT_DICT = 1000, OPT_PETRARCH, OPT_NO_BUILTIN, OPT_NO_GAZ, OPT_PLACES };

#define MAX_DICTS 64

typedef struct dict_opts {
    const char *dicts[MAX_DICTS];
    int n_dicts;
    const char *petrarch[MAX_DICTS];
    int n_petrarch;
    const char *places[MAX_DICTS];
    int n_places;
    bool no_builtin, no_gazetteer, quiet_diag;
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
/* herald dict ... */
int cmd_dict(int argc, char **argv);

#endif
