#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests, only when it is missing.
# Idempotent and silent when /usr/bin/chromium is already there. Never downloads a browser
# build of its own (no `playwright install`): the Python playwright package drives this one.
set -u
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: no apt-get here; browser tests will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "ensure_chromium: not root and no sudo; browser tests will be skipped" >&2
        exit 0
    fi
fi
echo "ensure_chromium: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
LOG=$(mktemp)
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium; } >"$LOG" 2>&1; then
    tail -n 20 "$LOG" >&2
    echo "ensure_chromium: apt-get could not install chromium; browser tests will be skipped" >&2
fi
rm -f "$LOG"
# Never fail the build over this: the browser tests skip with a message when it is absent.
exit 0
