/* fuzz_jsonl.c - arbitrary bytes as a JSON Lines input (gzip and zstd
 * included, since the stream sniffs them): every document that comes out
 * must keep the document invariants. */
#define FUZZ_FORMAT HR_FMT_JSONL
#define FUZZ_NAME "fuzz.jsonl"
#include "fuzz_docs.h"
