#!/bin/sh
# Installs every Debian package that Herald's build, tests, fuzzers, demo and
# benchmarks need, and the web page's npm packages (web/package-lock.json)
# into web/node_modules. A no-op when all are present; uses sudo when not root.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="
  build-essential pkg-config clang libclang-rt-14-dev
  zlib1g-dev libzstd-dev libxml2-dev libcjson-dev libxxhash-dev
  libutf8proc-dev libcmocka-dev libexttextcat-dev libexttextcat-data
  python3 time zstd gzip
  libsqlite3-dev sqlite3 libpq-dev postgresql libmicrohttpd-dev
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Debian's nodejs comes without npm (NodeSource's has it built in).
if command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi

if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing" >&2
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq --no-install-recommends npm
  fi
fi

# The web page's packages (d3 modules, world-atlas, esbuild, playwright-core
# for the browser tests), exactly as web/package-lock.json pins them; again
# when the lock file is newer than the install.
install_web_packages() {
  stamp=web/node_modules/.package-lock.json
  if [ -f "$stamp" ] && [ -z "$(find web/package-lock.json -newer "$stamp")" ]; then
    return 0
  fi
  echo "install-deps: npm ci --prefix web" >&2
  npm ci --prefix web --no-audit --no-fund --loglevel=error
}
install_web_packages
