#!/bin/sh
# gen-blobs.sh DIR: the texts compiled into the library.
#
#   DIR/actors.txt     every data/actors/*.txt in name order, each after a
#                      line "@file data/actors/NAME" so that messages name
#                      the file and line it came from
#   DIR/gazetteer.tsv  data/gazetteer.tsv.gz unpacked, a line "@extra", then
#                      data/places-extra.tsv
#   DIR/verbs.txt      every data/verbs/*.txt in name order, with "@file" lines
#   DIR/cameo.txt      data/cameo-events.txt
#   DIR/tone.tsv       data/tone.tsv (the sentiment lexicon)
#
# POSIX sh; gzip is installed by scripts/install-deps.sh.
set -eu
out=${1:?usage: gen-blobs.sh DIR}
mkdir -p "$out"
tmp="$out/actors.txt.tmp"
: > "$tmp"
for f in $(LC_ALL=C ls data/actors/*.txt data/actors/*/*.txt 2>/dev/null | LC_ALL=C sort); do
    printf '\n@file %s\n' "$f" >> "$tmp"
    cat "$f" >> "$tmp"
done
mv "$tmp" "$out/actors.txt"
tmp="$out/gazetteer.tsv.tmp"
: > "$tmp"
if [ -f data/gazetteer.tsv.gz ]; then
    gzip -dc data/gazetteer.tsv.gz >> "$tmp"
fi
printf '\n@extra\n' >> "$tmp"
if [ -f data/places-extra.tsv ]; then
    cat data/places-extra.tsv >> "$tmp"
fi
mv "$tmp" "$out/gazetteer.tsv"
tmp="$out/verbs.txt.tmp"
: > "$tmp"
for f in $(LC_ALL=C ls data/verbs/*.txt data/verbs/*/*.txt 2>/dev/null | LC_ALL=C sort); do
    printf '\n@file %s\n' "$f" >> "$tmp"
    cat "$f" >> "$tmp"
done
mv "$tmp" "$out/verbs.txt"
if [ -f data/cameo-events.txt ]; then
    cp data/cameo-events.txt "$out/cameo.txt"
else
    : > "$out/cameo.txt"
fi
if [ -f data/tone.tsv ]; then
    cp data/tone.tsv "$out/tone.tsv"
else
    : > "$out/tone.tsv"
fi
