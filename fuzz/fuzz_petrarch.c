/* fuzz_petrarch.c - arbitrary bytes as a TABARI/PETRARCH dictionary.
 *
 * The first byte picks the kind of file by its name (0 actors, 1 agents,
 * 2 discards, 3 a name that says nothing, so the content is sniffed); the
 * rest is written to a temporary file of that name, which is loaded into
 * an empty dictionary, indexed, and matched against a fixed sentence
 * (compressed inputs are read too: hr_stream unpacks them).
 * Seed files start with a digit for it ("0" actors). Every message must be
 * valid UTF-8 with a line number inside the input, and loading must never
 * fail but for lack of memory. A violation aborts. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const SUFFIX[] = {".actors.txt", ".agents.txt", ".discards.txt", ".dict"};
static char paths[4][64];
static int fds[4] = {-1, -1, -1, -1};
static uint32_t max_line;

static void cleanup(void)
{
    for (int i = 0; i < 4; i++)
        if (fds[i] >= 0)
            unlink(paths[i]);
}

static void on_diag(void *ud, const hr_error *e, bool is_error)
{
    (void)ud;
    (void)is_error;
    size_t n = strlen(e->msg);
    if (hr_utf8_valid_prefix(e->msg, n) != n || n == 0)
        abort();
    if (e->record > max_line)
        abort();
}

static void prepare(void)
{
    for (int i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof paths[i], "/tmp/herald-fuzz-XXXXXX%s", SUFFIX[i]);
        fds[i] = mkstemps(paths[i], (int)strlen(SUFFIX[i]));
        if (fds[i] < 0)
            abort();
    }
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        prepare();
        ready = true;
    }
    int kind = 0;
    if (size > 0) {
        kind = data[0] & 3;
        data++;
        size--;
    }
    int fd = fds[kind];
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    /* a line number may not pass the lines the input has (+1: the last
     * line need not end in a newline) */
    max_line = 1;
    for (size_t i = 0; i < size; i++)
        max_line += data[i] == '\n';
    if (size >= 2 && ((data[0] == 0x1f && data[1] == 0x8b) ||
                      (data[0] == 0x28 && data[1] == 0xb5)))
        max_line = UINT32_MAX;   /* compressed: the lines are inside */

    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, on_diag, NULL, &err);
    if (!d)
        return 0;
    hr_status s = hr_dict_load_petrarch(d, paths[kind], &err);
    if (s != HR_OK && s != HR_ERR_NOMEM)
        abort();
    hr_matcher *m = hr_matcher_new(d, &err);
    if (m) {
        static const char text[] =
            "The Foreign Minister of Freedonia, RUFUS T. FIREFLY, met Argentine "
            "soldiers and Congressmen on Tuesday";
        static hr_splitter *sp;
        if (!sp && !(sp = hr_splitter_new()))
            abort();
        const hr_sentence *sent;
        size_t len = sizeof text - 1;
        size_t ns = hr_split(sp, text, len, 0, &sent);
        hr_date dt;
        memset(&dt, 0, sizeof dt);
        dt.year = 2010, dt.month = 6, dt.day = 1, dt.hour = dt.minute = -1;
        for (size_t i = 0; i < ns; i++) {
            const hr_match *out;
            size_t n = hr_match_sentence(m, text, &sent[i], &dt, &out);
            for (size_t k = 0; k < n; k++)
                if (out[k].span.end > len || out[k].span.start >= out[k].span.end)
                    abort();
        }
        hr_matcher_free(m);
    }
    hr_dict_free(d);
    return 0;
}
