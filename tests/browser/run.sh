#!/bin/sh
# The web page's checks: web/dist is what web/src builds to, and the browser
# tests (test_web.js: headless chromium driven by playwright-core against
# `herald serve` on a database built from examples/).
# Skips cleanly (status 0) when node, chromium, the npm packages
# (scripts/install-deps.sh) or `herald serve` are missing.
# Closes with one line: "browser: N passed, N failed, N skipped".
# Environment: HERALD (default build/herald), CHROMIUM (default
# /usr/bin/chromium), HERALD_WEB_SERVER=mock (tests/browser/mock_server.py
# instead of herald serve), HERALD_UPDATE_SCREENSHOT=1 (docs/screenshot.png).
set -u
cd "$(dirname "$0")/../.." || exit 1

HERALD=${HERALD:-build/herald}
export HERALD
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

skip() {
  echo "browser: skipped: $1"
  echo "browser: 0 passed, 0 failed, 1 skipped"
  exit 0
}

command -v node >/dev/null 2>&1 || skip "node is not installed (scripts/install-deps.sh)"
[ -x "$CHROMIUM" ] || skip "$CHROMIUM is not installed (Debian package chromium; scripts/install-deps.sh)"
[ -d web/node_modules/playwright-core ] || skip "web/node_modules is missing (scripts/install-deps.sh runs npm ci --prefix web)"
[ -x "$HERALD" ] || skip "$HERALD is not built"
if [ "${HERALD_WEB_SERVER:-}" != mock ] && ! "$HERALD" help 2>&1 | grep -q '^ *serve '; then
  skip "$HERALD has no serve command"
fi

passed=0 failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# web/dist is committed (herald serve needs no node): it must be what the
# sources build to with the pinned packages.
if node web/build.mjs "$log/dist" >"$log/build" 2>&1 && diff -r "$log/dist" web/dist >"$log/diff" 2>&1; then
  passed=$((passed + 1))
  echo "browser: web/dist is up to date"
else
  failed=$((failed + 1))
  echo "browser: web/dist is not what web/src builds to: run 'npm run build --prefix web'"
  head -20 "$log/build" "$log/diff"
fi

mkdir -p build/browser-artifacts
node --test --test-concurrency=1 --test-reporter=tap tests/browser/test_web.js >"$log/tap" 2>&1
rc=$?
p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log/tap")
f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log/tap")
c=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$log/tap")
s=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$log/tap")
p=${p:-0} f=$(( ${f:-0} + ${c:-0} )) s=${s:-0}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
passed=$((passed + p))
failed=$((failed + f))
if [ "$f" -ne 0 ]; then
  echo "---- browser tests failed:"
  grep -v '^ *\(duration_ms\|\.\.\.\|---\)' "$log/tap" | tail -80
fi
echo "browser: screenshots in build/browser-artifacts/"
echo "browser: $passed passed, $failed failed, $s skipped"
[ "$failed" -eq 0 ]
