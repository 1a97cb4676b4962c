#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) when it is missing: the report page's
# tests load it in a real browser. Safe to run again; does nothing when /usr/bin/chromium is present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "== chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

# shellcheck source=.ci/apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install chromium chromium "install Debian's chromium package by hand."
/usr/bin/chromium --version
