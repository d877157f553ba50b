/* fuzz_ingest.c - arbitrary bytes as any input: format detection, the
 * readers and decompression; every document that comes out must keep the
 * document invariants. */
#define FUZZ_FORMAT HR_FMT_UNKNOWN
#define FUZZ_NAME "fuzz.input"
#include "fuzz_docs.h"
