#!/usr/bin/env bash
# Installs the system packages some tests need and Maven cannot fetch. Idempotent: installs only
# what is missing, so CI can call it on every run.
#
#   scripts/install-test-deps.sh          install what is missing (needs root and apt-get)
#   scripts/install-test-deps.sh --check  only report what is missing; exit 1 if anything is
#
# Packages:
#   chromium    headless browser for recon-cli's page tests (StatusPageChromiumIT, ConsolePagesChromiumIT); without
#               it that test skips with a message, the rest of the build is unaffected.
#   and the shellcheck linter for infrastructure/deploy.sh (DeployScriptTest); without it that test
#               skips.
#
# Without root or apt-get it prints the command to run instead and exits 0: a missing browser
# skips a test, it does not break the build.
set -euo pipefail

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
esac

# The browser binary the tests look for, under the names Debian and other distributions use.
have_chromium() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}

missing=()
have_chromium || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-deps: nothing to install (chromium: $(command -v chromium || command -v chromium-browser), shellcheck: $(command -v shellcheck))"
  exit 0
fi

if $check_only; then
  echo "install-test-deps: missing: ${missing[*]}" >&2
  exit 1
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing: ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
  echo "install-test-deps: (tests that need them skip until then)" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when the package is unknown (a fresh image has none).
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends "${missing[@]}"
have_chromium || { echo "install-test-deps: chromium still not found after install" >&2; exit 1; }
command -v shellcheck >/dev/null 2>&1 || { echo "install-test-deps: shellcheck still not found after install" >&2; exit 1; }
echo "install-test-deps: installed ${missing[*]}"
