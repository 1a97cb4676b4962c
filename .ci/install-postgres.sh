#!/usr/bin/env bash
# Installs PostgreSQL (Debian/Ubuntu package, 15 or newer) when it is missing: the archive's test
# suites run initdb + pg_ctl in a temp folder on 127.0.0.1 (test/support/postgres.ts). The package
# may register a system service; the tests never use it. Safe to run again.
set -euo pipefail

found=""
for dir in /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && found="$dir"
done
if [ -n "$found" ]; then
  echo "== postgresql present: $found ($("$found/postgres" --version 2>/dev/null | awk '{print $3}'))"
  exit 0
fi
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  echo "== postgresql present: $(command -v initdb)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "postgresql is missing and apt-get is not available: install PostgreSQL 15 or newer by hand (or set PG_BIN)." >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); else
    echo "postgresql is missing and this user cannot install packages (not root, no sudo)." >&2
    exit 1
  fi
fi

echo "== installing postgresql with apt-get"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls -d /usr/lib/postgresql/*/bin
