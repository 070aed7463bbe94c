#!/bin/sh
# Installs the npm tools pinned by <module-dir>/package-lock.json into <module-dir>/node_modules.
#
# Called by the build (exec-maven-plugin, phase generate-test-resources) of stepfunctions/ and
# infrastructure/. A no-op when node_modules is already current; prints a message and succeeds
# where node or npm is absent (the tests needing the tools then skip with a message). A failed
# install where npm exists fails the build: the checks must not vanish silently.
set -eu

dir=${1:?usage: npm-ci.sh <module-dir>}
cd "$dir"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[npm-ci] node/npm not found on PATH: npm tools not installed in $dir; the tests that need them will skip."
  exit 0
fi

# npm ci writes node_modules/.package-lock.json; it is current when the committed lock is not newer.
if [ -f node_modules/.package-lock.json ] && [ -z "$(find package-lock.json -newer node_modules/.package-lock.json)" ]; then
  echo "[npm-ci] $dir/node_modules is current."
  exit 0
fi

echo "[npm-ci] installing pinned npm tools in $dir (node $(node --version))"
# --ignore-scripts: the tools need no install scripts; keeps the install quick and inert.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
