#!/usr/bin/env bash
# Actor and place matching: sentences/s on one core, and what a dictionary
# costs to build (ms) and to hold (MB), for the project's dictionaries
# (compiled in, with and without the gazetteer) and for PETRARCH's Phoenix
# dictionaries (when ../shared/peers is present). Runs build/match-speed
# (bench/match-speed.c) and writes its section of bench/RESULTS.md between
# <!-- actors --> and <!-- /actors --> (replaced on each run, appended
# when absent); raw outputs go to bench/out/actors/.
#
#   bench/actors.sh [--reps N] [--load-reps N] [--subset MIB] [--quick] [--no-results]
#
# Environment: MATCH_SPEED (default build/match-speed), CORPUS (default
# bench/corpus), SHARED (default ../shared).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2

REPS=5
LOAD_REPS=11
SUBSET=25
SIZE=200
WRITE_RESULTS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --load-reps) LOAD_REPS=$2; shift 2 ;;
    --subset) SUBSET=$2; shift 2 ;;
    --quick) REPS=1; LOAD_REPS=3; SIZE=50; WRITE_RESULTS=0; shift ;;
    --no-results) WRITE_RESULTS=0; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "actors: unknown option $1" >&2; exit 2 ;;
  esac
done

MATCH_SPEED=${MATCH_SPEED:-build/match-speed}
CORPUS=${CORPUS:-bench/corpus}
SHARED=${SHARED:-../shared}
OUT=bench/out/actors
RESULTS=${RESULTS:-bench/RESULTS.md}
mkdir -p "$OUT"
rm -f "$OUT"/*.out "$OUT"/*.err
export LC_ALL=C.UTF-8

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
PIN=""
if command -v taskset > /dev/null 2>&1; then PIN="taskset -c 0"; fi

# --- the program ----------------------------------------------------------
if [ "$MATCH_SPEED" = build/match-speed ]; then
  make --no-print-directory build/match-speed >&2 || exit 2
fi
if [ ! -x "$MATCH_SPEED" ]; then
  echo "actors: $MATCH_SPEED not found" >&2
  exit 2
fi

# --- dictionaries ---------------------------------------------------------
# The Phoenix actors, agents and discards files, given one by one: the
# directory also holds PETRARCH's validation dictionaries (fictional
# countries), which are not part of Phoenix.
PHX_DIR=$SHARED/peers/petrarch2/dictionaries
PHX=()
if [ -d "$PHX_DIR" ]; then
  for f in "$PHX_DIR"/Phoenix.*.actors.txt "$PHX_DIR"/Phoenix.agents.txt \
           "$PHX_DIR"/Phoenix.discards.txt; do
    [ -f "$f" ] && PHX+=(-p "$f")
  done
fi
DICTS=builtin,builtin-nogaz
PHX_NOTE=""
if [ ${#PHX[@]} -eq 0 ]; then
  PHX_NOTE="$PHX_DIR is absent: no Phoenix rows"
elif ! "$MATCH_SPEED" -r 1 -d phoenix "${PHX[@]}" load > "$OUT/phoenix-check.out" 2>&1; then
  PHX_NOTE="the Phoenix dictionaries did not load (hr_dict_load_petrarch: $(grep -m1 match-speed "$OUT/phoenix-check.out")): no Phoenix rows"
  PHX=()
else
  DICTS=$DICTS,phoenix
fi
[ -n "$PHX_NOTE" ] && echo "actors: $PHX_NOTE" >&2

# --- corpora --------------------------------------------------------------
# 1. the text family of the benchmark corpus (bench/build-corpus.py),
#    its first shards up to SUBSET MiB;
# 2. a news sample, when ../shared holds it: the html-eval gold article
#    bodies (as JSON Lines) and the seed articles.
if [ "$SIZE" != 200 ]; then CORPUS="$CORPUS/size-$SIZE"; fi
python3 bench/build-corpus.py --size "$SIZE" --out "$CORPUS" --families text >&2 || exit 2
mapfile -t TEXT < <(python3 - "$CORPUS/text" "$SUBSET" <<'EOF'
import json, sys, os
d, want = sys.argv[1], int(sys.argv[2]) << 20
m = json.load(open(os.path.join(d, "MANIFEST.json")))
raw = 0
for s in m["shards"]:
    print(os.path.join(d, s["path"]))
    raw += s["raw"]
    if raw >= want:
        break
EOF
)
NEWS=()
NEWS_WHAT=()
GT=$SHARED/corpora/html-eval/ground-truth.json
if [ -f "$GT" ]; then
  python3 - "$GT" "$OUT/html-eval-gold.jsonl" <<'EOF' || exit 2
import json, sys
gt = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for k in sorted(gt):
        f.write(json.dumps({"url": gt[k].get("url"), "text": gt[k]["articleBody"]},
                           ensure_ascii=False) + "\n")
EOF
  NEWS+=("$OUT/html-eval-gold.jsonl")
  NEWS_WHAT+=("the $(wc -l < "$OUT/html-eval-gold.jsonl") gold article bodies of $SHARED/corpora/html-eval (as JSON Lines)")
fi
if [ -d "$SHARED/seeds" ] && ls "$SHARED"/seeds/*.txt > /dev/null 2>&1; then
  NEWS+=("$SHARED/seeds")
  NEWS_WHAT+=("the $(ls "$SHARED"/seeds/*.txt | wc -l) seed articles of $SHARED/seeds")
fi

# --- measuring ------------------------------------------------------------
# q ARGS...: the arguments as one shell-quoted line (plain words left bare)
q() { local a out=""
  for a in "$@"; do
    if [[ $a =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then out+="${out:+ }$a"
    else out+="${out:+ }$(printf '%q' "$a")"; fi
  done
  printf '%s' "$out"; }
CMDS=$OUT/commands.tsv
: > "$CMDS"
# run NAME ARGS...: runs match-speed pinned, keeps its output in OUT/NAME.out
run() {
  local name=$1; shift
  local cmd="$PIN $(q "$MATCH_SPEED" "$@")"
  printf '%s\t%s\n' "$name" "$cmd" >> "$CMDS"
  echo "actors: $name: $cmd" >&2
  # shellcheck disable=SC2086
  $PIN "$MATCH_SPEED" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  local rc=$?
  cat "$OUT/$name.out" | grep -v '^tsv' >&2
  if [ $rc != 0 ]; then
    echo "actors: $name failed (exit $rc):" >&2
    tail -5 "$OUT/$name.err" >&2
  fi
  return $rc
}

echo "actors: warming the page cache" >&2
for s in "${TEXT[@]}" "${NEWS[@]}"; do
  find "$s" -type f -print0 | xargs -0 cat > /dev/null
done

# memory: one fresh process per dictionary, one build each
for d in ${DICTS//,/ }; do
  if [ "$d" = phoenix ]; then run "mem-$d" -r 1 -d "$d" "${PHX[@]}" load
  else run "mem-$d" -r 1 -d "$d" load; fi || exit 1
done
# build time: every dictionary, LOAD_REPS runs, interleaved
run load -r "$LOAD_REPS" -d "$DICTS" "${PHX[@]}" load || exit 1
# matching
run match-text -r "$REPS" -d "$DICTS" "${PHX[@]}" match "${TEXT[@]}" || exit 1
if [ ${#NEWS[@]} -gt 0 ]; then
  run match-news -r "$REPS" -d "$DICTS" "${PHX[@]}" match "${NEWS[@]}" || exit 1
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)

# --- report ---------------------------------------------------------------
[ "$WRITE_RESULTS" = 1 ] || RESULTS=/dev/null
SHARED=$SHARED python3 - "$OUT" "$DICTS" "$REPS" "$LOAD_REPS" "$RESULTS" "$PIN" \
  "$LOAD_START" "$LOAD_END" "$PHX_NOTE" "$CORPUS/text" "$(printf '%s; ' "${NEWS_WHAT[@]}")" \
  "${TEXT[@]}" <<'EOF'
import json, os, re, subprocess, sys, time

(out, dicts, reps, load_reps, results, pin, load0, load1, phx_note,
 text_dir) = sys.argv[1:11]
news_what = sys.argv[11].strip().rstrip(";")
text_shards = sys.argv[12:]
dicts = dicts.split(",")


def sh(c):
    try:
        return subprocess.run(c, shell=True, capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""


def tsv(name):
    p = os.path.join(out, name + ".out")
    if not os.path.exists(p):
        return []
    return [l.rstrip("\n").split("\t")[1:] for l in open(p)
            if l.startswith("tsv\t")]


def readable(name):
    p = os.path.join(out, name + ".out")
    if not os.path.exists(p):
        return ""
    return "".join(l for l in open(p) if not l.startswith("tsv\t")).rstrip()


commands = dict(l.rstrip("\n").split("\t", 1)
                for l in open(os.path.join(out, "commands.tsv")))

# load: dict -> figures
load = {}
for r in tsv("load"):
    if r[0] == "load":
        load[r[1]] = {"wall": float(r[3]), "cpu": float(r[4]),
                      "entries": int(r[5]), "names": int(r[6]),
                      "codes": int(r[7]), "agents": int(r[8]),
                      "discards": int(r[9]), "places": int(r[10]),
                      "place_names": int(r[11]), "errors": int(r[12]),
                      "warnings": int(r[13]), "runs": r[19]}
mem = {}
for d in dicts:
    for r in tsv("mem-" + d):
        if r[0] == "load":
            mem[d] = {"bytes": int(r[14]), "rss": int(r[15]), "hwm": int(r[16]),
                      "anon": int(r[17]), "file": int(r[18])}


def match(name):
    res, corpus = {}, None
    for r in tsv(name):
        if r[0] == "corpus":
            corpus = {"docs": int(r[1]), "paras": int(r[2]), "sents": int(r[3]),
                      "toks": int(r[4]), "input": int(r[5]),
                      "sent_bytes": int(r[6]), "dated": int(r[7])}
        elif r[0] == "match":
            f = {"passes": int(r[3]), "sps": float(r[6]), "sps_cpu": float(r[7]),
                 "mbs": float(r[8]), "mbs_cpu": float(r[9]), "runs": r[17]}
            if r[10]:
                n = corpus["sents"] if corpus else 1
                f.update(actors=int(r[10]) * 1000 / n, agents=int(r[11]) * 1000 / n,
                         places=int(r[12]) * 1000 / n, with_match=int(r[13]) * 100 / n)
            res[r[1]] = f
    return corpus, res


text_c, text_m = match("match-text")
news_c, news_m = match("match-news")

cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass

label = {"builtin": "Herald: actors + gazetteer (`hr_dict_new(0)`)",
         "builtin-nogaz": "Herald: actors only (`HR_DICT_NO_GAZETTEER`)",
         "phoenix": "Phoenix (PETRARCH2) actors, agents, discards",
         "split": "split alone (context)"}


def k(x):
    return "{:,.0f}".format(x)


def rate(f):
    return "%s / %s" % (k(f["sps"]), k(f["sps_cpu"]))


def mbs(f):
    return "%.1f / %.1f" % (f["mbs"], f["mbs_cpu"])


def per_k(f):
    return "%.1f / %.1f / %.1f (%.0f%%)" % (f["actors"], f["agents"], f["places"],
                                          f["with_match"])


o = []
w = o.append
w("<!-- actors -->")
w("## Actors and places: matching speed, dictionary load and memory\n")
w("Written by `bench/actors.sh` (`make bench` runs it after `bench/run.sh`); "
  "the program is `bench/match-speed.c`, and `bench/README.md` says how "
  "each figure is made.\n")
git = sh("git rev-parse --short HEAD 2>/dev/null")
dirty = sh("git status --porcelain -- src cli include data 2>/dev/null")
w("- date: %s" % time.strftime("%Y-%m-%d %H:%M %Z"))
w("- machine: %s, %s logical CPUs (`nproc`), Linux %s; load average "
  "(1/5/15 min) at the start: %s, at the end: %s" % (
      cpu, sh("nproc"), sh("uname -r"), load0 or "?", load1 or "?"))
w("- herald: %s; %s" % (
    ("commit " + git + (" + uncommitted changes (src, include, data)"
                        if dirty else "")) if git else "no commit yet",
    sh("cc --version | head -n 1")))
w("- one thread, pinned (`%s`); medians of %s runs (matching) and %s runs "
  "(builds), the runs of all dictionaries interleaved in one process. "
  "Rates are \"by the wall clock / by the thread's CPU time\"; MB = 10^6 "
  "bytes of sentence text (the bytes of the sentence spans)." % (
      pin.strip() or "not pinned: no taskset", reps, load_reps))
if phx_note:
    w("- **%s.**" % phx_note)
w("")
w("Corpora:\n")
if text_c:
    w("- **text**: the first %s of the benchmark corpus's text "
      "family (`%s`): %s documents, %s sentences, %.1f MB of input, %.1f MB "
      "of sentence text; %s documents have a date." % (
          "shard" if len(text_shards) == 1 else "%d shards" % len(text_shards),
          " ".join(text_shards), k(text_c["docs"]),
          k(text_c["sents"]), text_c["input"] / 1e6,
          text_c["sent_bytes"] / 1e6, k(text_c["dated"])))
if news_c:
    w("- **news**: %s: %s documents, %s sentences, %.1f MB of sentence "
      "text; %s documents have a date." % (
          news_what, k(news_c["docs"]), k(news_c["sents"]),
          news_c["sent_bytes"] / 1e6, k(news_c["dated"])))
else:
    w("- **news**: not measured (no html-eval gold texts or seeds in %s)" %
      os.environ.get("SHARED", "../shared"))
w("")
hdr = ("| dictionary | entries (of which agents) / names / places | build ms, wall / CPU "
       "| MB: dictionary / +RSS (heap + file) / +peak "
       "| text: sentences/s | text: MB/s | text: actors / agents / places "
       "per 1000 sentences (sentences with a match) ")
sep = "| --- | ---: | ---: | ---: | ---: | ---: | ---: "
if news_c:
    hdr += "| news: sentences/s | news: MB/s | news: actors / agents / places per 1000 "
    sep += "| ---: | ---: | ---: "
w(hdr + "|")
w(sep + "|")
for d in dicts + ["split"]:
    row = ["%s" % label.get(d, d)]
    if d == "split":
        row += ["", "", ""]
    else:
        l, m = load.get(d), mem.get(d)
        row.append("%s (%s) / %s / %s" % (k(l["entries"]), k(l["agents"]),
                                          k(l["names"]), k(l["places"]))
                   if l else "?")
        row.append("%.1f / %.1f" % (l["wall"], l["cpu"]) if l else "?")
        row.append("%.1f / %.1f (%.1f + %.1f) / %.1f" % (
            m["bytes"] / 1e6, m["rss"] / 1024, m["anon"] / 1024,
            m["file"] / 1024, m["hwm"] / 1024) if m else "?")
    for c, ms in ((text_c, text_m), (news_c, news_m)):
        if not c:
            continue
        f = ms.get(d)
        row += [rate(f), mbs(f), per_k(f) if "actors" in f else ""] if f else ["?"] * 3
    w("| " + " | ".join(row) + " |")
w("")
w("\"dictionary\" MB is `hr_dict_stats.bytes`; \"+RSS\" is what the first "
  "build in a fresh process added to VmRSS (`/proc/self/status`), as heap "
  "(RssAnon) + pages of the binary it read (RssFile: the compiled-in "
  "dictionary and gazetteer text); \"+peak\" is VmHWM after the build "
  "minus VmRSS before it. Errors and warnings while loading (lines "
  "skipped, noted): %s." % "; ".join(
      "%s %d / %d" % (d, load[d]["errors"], load[d]["warnings"])
      for d in dicts if d in load))
w("")
w("Each run, in order (the spread shows how steady the machine was): "
  "builds in ms by the wall clock; %s." % "; ".join(
      "%s: %s" % (d, load[d]["runs"]) for d in dicts if d in load))
for cname, ms in (("text", text_m), ("news", news_m)):
    if ms:
        w("Sentences/s by the wall clock, %s: %s." % (cname, "; ".join(
            "%s: %s" % (d, ms[d]["runs"]) for d in dicts + ["split"] if d in ms)))
w("")
w("Commands (from the top of the repository):\n")
w("```")
for name, cmd in commands.items():
    w(cmd)
w("```")
for name, title in (("load", "builds"), ("match-text", "text"),
                    ("match-news", "news")):
    t = readable(name)
    if t:
        w("\n`match-speed` printed (%s):\n\n```\n%s\n```" % (title, t))
w("<!-- /actors -->")
section = "\n".join(o) + "\n"

if results != "/dev/null":
    old = open(results).read() if os.path.exists(results) else ""
    m = re.search(r"<!-- actors -->.*?<!-- /actors -->\n?", old, re.S)
    if m:
        new = old[:m.start()] + section + old[m.end():]
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + section
    with open(results, "w") as f:
        f.write(new)
    print("actors: wrote its section of %s" % results, file=sys.stderr)

# the table, for the terminal
print()
print("%-14s %24s %14s %26s | %-6s %21s %13s %24s" % (
    "dictionary", "entries/names/places", "build ms w/c", "MB dict/+RSS/+peak",
    "corpus", "sentences/s w/c", "MB/s w/c", "act/agt/plc per 1000"))
for d in dicts + ["split"]:
    l, m = load.get(d), mem.get(d)
    left = "%-14s %24s %14s %26s" % (
        d, "%d/%d/%d" % (l["entries"], l["names"], l["places"]) if l else "",
        "%.1f/%.1f" % (l["wall"], l["cpu"]) if l else "",
        "%.1f/%.1f/%.1f" % (m["bytes"] / 1e6, m["rss"] / 1024, m["hwm"] / 1024)
        if m else "")
    first = True
    for cname, c, ms in (("text", text_c, text_m), ("news", news_c, news_m)):
        if not c or d not in ms:
            continue
        f = ms[d]
        print("%s | %-6s %21s %13s %24s" % (
            left if first else " " * len(left), cname,
            "%.0f/%.0f" % (f["sps"], f["sps_cpu"]),
            "%.1f/%.1f" % (f["mbs"], f["mbs_cpu"]),
            "%.1f/%.1f/%.1f" % (f["actors"], f["agents"], f["places"])
            if "actors" in f else ""))
        first = False
EOF
