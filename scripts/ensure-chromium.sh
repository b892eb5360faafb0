#!/usr/bin/env bash
# Run by `npm test` before the suite: the HTML report's browser test drives Debian's chromium
# (never a downloaded browser). Installs it with apt-get when it is missing, as root or through
# sudo; elsewhere says what to install and lets the suite report the one test that needs it.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available: install Chromium at /usr/bin/chromium for the HTML report's browser test." >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: /usr/bin/chromium is missing; run as root (or with sudo): apt-get install chromium" >&2
    exit 0
  fi
fi
echo "ensure-chromium: installing Debian's chromium for the HTML report's browser test" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
