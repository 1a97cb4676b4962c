#!/usr/bin/env bash
# Sourced by the .ci/install-*.sh scripts: `apt_install WHAT PACKAGE HINT` installs one Debian
# package with apt-get, as root or through passwordless sudo, or says why it cannot and what to
# install by hand (HINT), and exits 1.
apt_install() {
  local what="$1" package="$2" hint="$3"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$what is missing and apt-get is not available: $hint" >&2
    exit 1
  fi
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); else
      echo "$what is missing and this user cannot install packages (not root, no sudo)." >&2
      exit 1
    fi
  fi
  echo "== installing $package with apt-get"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}
