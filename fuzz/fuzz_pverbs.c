/* fuzz_pverbs.c - arbitrary bytes as a TABARI/PETRARCH verb dictionary.
 *
 * The bytes are translated into Herald's verb format in memory and the
 * translation is loaded into an empty verb dictionary: the reader must
 * report and skip what is bad, never crash, name in each message a line
 * of the input, and hand the loader only text it takes without a
 * complaint of its own. The same bytes are then read from a temporary
 * file through hr_verbs_load_petrarch (compressed inputs too: hr_stream
 * unpacks them). A violation aborts. */
#include "internal.h"
#include "code/code.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static int fd = -1;
static uint32_t max_line;
static bool from_reader;        /* messages come from the reader, not the loader */

static void cleanup(void)
{
    if (fd >= 0)
        unlink(path);
}

static void on_diag(void *ud, const hr_error *e, bool is_error)
{
    (void)ud;
    (void)is_error;
    size_t n = strlen(e->msg);
    if (n == 0 || hr_utf8_valid_prefix(e->msg, n) != n)
        abort();
    if (from_reader && e->record > max_line)
        abort();
}

static void on_loader_diag(void *ud, const hr_error *e, bool is_error)
{
    (void)ud, (void)e;
    if (is_error)
        abort();             /* the translation must be in Herald's format */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        snprintf(path, sizeof path, "/tmp/herald-fuzz-XXXXXX.verbs.txt");
        fd = mkstemps(path, 10);
        if (fd < 0)
            abort();
        atexit(cleanup);
    }
    max_line = 1;
    for (size_t i = 0; i < size; i++)
        max_line += data[i] == '\n';

    /* in memory: translate, then load what came out */
    hr_error err;
    hr_verbs *v = hr_verbs_new(HR_VERBS_NO_BUILTIN, on_diag, NULL, &err);
    if (!v)
        return 0;
    hr_buf out = {0};
    from_reader = true;
    if (!hr_verbs_petrarch_translate(v, "fuzz", (const char *)data, size, &out))
        abort();
    hr_verbs *w = hr_verbs_new(HR_VERBS_NO_BUILTIN, on_loader_diag, NULL, &err);
    if (!w)
        abort();
    w->any_code = true;
    if (hr_verbs_load_buffer(w, "translation", out.data ? out.data : "", out.len, &err) != HR_OK)
        abort();
    if (hr_verbs_finish(w, &err) != HR_OK)
        abort();
    hr_verbs_free(w);
    hr_buf_free(&out);

    /* from a file, the whole way */
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    if (size >= 2 && ((data[0] == 0x1f && data[1] == 0x8b) || (data[0] == 0x28 && data[1] == 0xb5)))
        from_reader = false;   /* compressed: the lines are inside */
    hr_status s = hr_verbs_load_petrarch(v, path, &err);
    if (s != HR_OK && s != HR_ERR_NOMEM)
        abort();
    if (v->any_code)
        abort();               /* restored after the load */
    if (hr_verbs_finish(v, &err) != HR_OK)
        abort();
    hr_verbs_free(v);
    return 0;
}
