# Herald build. `make` builds the library and CLI; `make check` installs
# what is missing, builds, and runs every test (plain, ASan/UBSan and a
# short fuzz smoke); `make demo` runs the main job on examples/.

CC       ?= cc
PKGS     := libxml-2.0 libcjson libzstd zlib libxxhash libutf8proc libexttextcat sqlite3 libpq libmicrohttpd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
OPT      ?= -O3 -g
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)

# B is the build directory; make asan builds the same into build-asan.
B        ?= build
LIB_SRCS := $(sort $(wildcard src/*/*.c))
GEN_SRCS := $(B)/gen/abbrev.c $(B)/gen/boilerplate.c
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o) $(GEN_SRCS:.c=.o) $(B)/gen/blobs.o $(B)/gen/tagger.o
HEADERS  := include/herald.h $(wildcard src/*.h src/*/*.h cli/*.h)
ACTOR_FILES := $(sort $(wildcard data/actors/*.txt data/actors/*/*.txt))
GAZ_FILES := $(wildcard data/gazetteer.tsv.gz data/places-extra.tsv)
VERB_FILES := $(sort $(wildcard data/verbs/*.txt data/verbs/*/*.txt data/cameo-events.txt))
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(B)/%.o)
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

.PHONY: all deps check test asan demo bench fuzz fuzz-build clean
all: $(B)/herald $(TEST_BINS)

deps:
	@./scripts/install-deps.sh

$(B)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/gen/abbrev.c: data/abbreviations.txt scripts/gen-table.sh
	@mkdir -p $(dir $@)
	./scripts/gen-table.sh hr_abbreviations $< > $@

$(B)/gen/boilerplate.c: data/boilerplate.txt scripts/gen-table.sh
	@mkdir -p $(dir $@)
	./scripts/gen-table.sh hr_boilerplate $< > $@

# The project's dictionaries and gazetteer, compiled into the library as
# two texts (scripts/gen-blobs.sh).
$(B)/gen/actors.txt $(B)/gen/gazetteer.tsv $(B)/gen/verbs.txt $(B)/gen/cameo.txt $(B)/gen/tone.tsv &: $(ACTOR_FILES) $(GAZ_FILES) $(VERB_FILES) data/tone.tsv scripts/gen-blobs.sh
	@mkdir -p $(dir $@)
	./scripts/gen-blobs.sh $(B)/gen

$(B)/gen/blobs.o: $(B)/gen/actors.txt $(B)/gen/gazetteer.tsv $(B)/gen/verbs.txt $(B)/gen/cameo.txt $(B)/gen/tone.tsv
	printf '%s\n' '.section .rodata' \
	  '.global hr_blob_actors, hr_blob_actors_end, hr_blob_gazetteer, hr_blob_gazetteer_end' \
	  '.global hr_blob_verbs, hr_blob_verbs_end, hr_blob_cameo, hr_blob_cameo_end' \
	  '.global hr_blob_tone, hr_blob_tone_end' \
	  'hr_blob_actors:' '.incbin "$(B)/gen/actors.txt"' 'hr_blob_actors_end:' '.byte 0' \
	  'hr_blob_gazetteer:' '.incbin "$(B)/gen/gazetteer.tsv"' 'hr_blob_gazetteer_end:' '.byte 0' \
	  'hr_blob_verbs:' '.incbin "$(B)/gen/verbs.txt"' 'hr_blob_verbs_end:' '.byte 0' \
	  'hr_blob_cameo:' '.incbin "$(B)/gen/cameo.txt"' 'hr_blob_cameo_end:' '.byte 0' \
	  'hr_blob_tone:' '.incbin "$(B)/gen/tone.tsv"' 'hr_blob_tone_end:' '.byte 0' \
	  '.section .note.GNU-stack,"",@progbits' > $(B)/gen/blobs.S
	$(CC) -c $(B)/gen/blobs.S -o $@

# The part-of-speech tagger's model (scripts/train-tagger.py), unpacked and
# compiled into the library as one text.
$(B)/gen/tagger.o: data/tagger.model.gz
	@mkdir -p $(dir $@)
	gzip -dc data/tagger.model.gz > $(B)/gen/tagger.model
	printf '%s\n' '.section .rodata' '.global hr_blob_tagger, hr_blob_tagger_end' \
	  'hr_blob_tagger:' '.incbin "$(B)/gen/tagger.model"' 'hr_blob_tagger_end:' '.byte 0' \
	  '.section .note.GNU-stack,"",@progbits' > $(B)/gen/tagger.S
	$(CC) -c $(B)/gen/tagger.S -o $@

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libherald.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/herald: $(CLI_OBJS) $(B)/libherald.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $(CLI_OBJS) $(B)/libherald.a $(PKG_LIBS) -lm

$(B)/tests/%: tests/unit/%.c tests/unit/testutil.h $(HEADERS) $(B)/libherald.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $< $(B)/libherald.a $(PKG_LIBS) $(TEST_LIBS) -lm

# The sanitizer build: same sources, ASan + UBSan, into build-asan.
asan:
	@$(MAKE) --no-print-directory B=build-asan CC=clang \
	  OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" all

# Fuzz targets (libFuzzer, clang): one per reader and parser.
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=build-fuzz/%)
fuzz-build:
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang \
	  OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	  build-fuzz/libherald.a $(FUZZ_BINS)
build-fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) build-fuzz/libherald.a
	clang $(CFLAGS_ALL) -O1 -g -fsanitize=fuzzer,address,undefined -o $@ $< build-fuzz/libherald.a $(PKG_LIBS) -lm

# make fuzz runs each target for FUZZ_SECONDS (long runs); make check runs
# a short smoke of the same.
FUZZ_SECONDS ?= 300
fuzz: deps fuzz-build
	./tests/fuzz-run.sh $(FUZZ_SECONDS)

test: all
	./tests/run.sh

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz-build
	./tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	rm -f $(B)/demo.db $(B)/demo.db-wal $(B)/demo.db-shm
	./$(B)/herald run --db $(B)/demo.db examples/
	./$(B)/herald export --db $(B)/demo.db --format text --include-background

# The HTML parser's own speed, printed beside Herald's by make bench.
$(B)/html-parser-speed: bench/html-parser-speed.c $(B)/libherald.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libherald.a $(PKG_LIBS) -lm

# Actor and place matching speed, dictionary load time and memory
# (bench/actors.sh).
$(B)/match-speed: bench/match-speed.c include/herald.h $(B)/libherald.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libherald.a $(PKG_LIBS) -lm

# Event coding speed: the tagger, the matcher and the coder on sentences in
# memory, and their load time and memory (bench/code.sh).
$(B)/code-speed: bench/code-speed.c include/herald.h src/internal.h $(B)/libherald.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libherald.a $(PKG_LIBS) -lm

# Aggregation throughput and memory per million mentions (bench/aggregate.sh).
$(B)/aggregate-speed: bench/aggregate-speed.c include/herald.h $(B)/libherald.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libherald.a $(PKG_LIBS) -lm

bench: deps
	@$(MAKE) --no-print-directory all $(B)/html-parser-speed $(B)/match-speed $(B)/code-speed $(B)/aggregate-speed
	./bench/run.sh
	./bench/actors.sh
	./bench/code.sh
	./bench/aggregate.sh
	./bench/store.sh

clean:
	rm -rf build build-asan build-fuzz
