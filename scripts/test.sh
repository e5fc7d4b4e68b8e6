#!/usr/bin/env bash
# Runs every suite (typecheck, vitest, Playwright) inside a private D-Bus session with its
# own throwaway gnome-keyring, so no test can touch a person's real keyring. Ends with one
# line "N passed, N failed, N skipped" summing all suites.
set -u
cd "$(dirname "$0")/.."
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "npm test needs dbus-run-session and gnome-keyring-daemon (Debian: apt-get install dbus gnome-keyring libsecret-tools)" >&2
  exit 1
fi
XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_DATA_HOME XDG_RUNTIME_DIR
chmod 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
# Never inherit the caller's session bus: dbus-run-session starts a fresh one.
unset DBUS_SESSION_BUS_ADDRESS
dbus-run-session -- bash scripts/test-inner.sh "$@"
