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

# shellcheck source=.ci/apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install postgresql postgresql "install PostgreSQL 15 or newer by hand (or set PG_BIN)."
ls -d /usr/lib/postgresql/*/bin
