#!/usr/bin/env bash
# Installs redis-server (Debian/Ubuntu package) when it is missing: the store's Redis test suites
# start a real server on 127.0.0.1. Safe to run again; does nothing when redis-server is present.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
  echo "== redis-server present: $( (command -v redis-server || echo /usr/bin/redis-server) | head -n1) ($(redis-server --version 2>/dev/null | awk '{print $3}'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and apt-get is not available: install redis-server (7.x) by hand." >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); else
    echo "redis-server is missing and this user cannot install packages (not root, no sudo)." >&2
    exit 1
  fi
fi

echo "== installing redis-server with apt-get"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package may start a system service on port 6379; the tests start their own servers on free
# ports and do not use it.
redis-server --version
