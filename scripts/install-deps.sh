#!/bin/sh
# Installs every Debian package that Herald's build, tests, fuzzers, demo and
# benchmarks need. A no-op when all are present; uses sudo when not root.
set -eu

PACKAGES="
  build-essential pkg-config clang libclang-rt-14-dev
  zlib1g-dev libzstd-dev libxml2-dev libcjson-dev libxxhash-dev
  libutf8proc-dev libcmocka-dev libexttextcat-dev libexttextcat-data
  python3 time zstd gzip
  libsqlite3-dev sqlite3 libpq-dev postgresql
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
