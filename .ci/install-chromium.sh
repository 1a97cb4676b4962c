#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) when it is missing: the report page's
# tests load it in a real browser. Safe to run again; does nothing when /usr/bin/chromium is present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "== chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available: install Debian's chromium package by hand." >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); else
    echo "chromium is missing and this user cannot install packages (not root, no sudo)." >&2
    exit 1
  fi
fi

echo "== installing chromium with apt-get"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
