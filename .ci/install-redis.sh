#!/usr/bin/env bash
# Installs redis-server (Debian/Ubuntu package) when it is missing: the store's Redis test suites
# start a real server on 127.0.0.1. Safe to run again; does nothing when redis-server is present.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
  echo "== redis-server present: $( (command -v redis-server || echo /usr/bin/redis-server) | head -n1) ($(redis-server --version 2>/dev/null | awk '{print $3}'))"
  exit 0
fi

# shellcheck source=.ci/apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install redis-server redis-server "install redis-server (7.x) by hand."
# The package may start a system service on port 6379; the tests start their own servers on free
# ports and do not use it.
redis-server --version
