#!/usr/bin/env bash
# Refreshes the console screenshots the README shows: runs recon-cli's ConsolePagesChromiumIT alone
# (a demo-sized run on one embedded stack, every console page opened in headless chromium and
# checked, each saved as recon-cli/target/screenshots/<page>.png), then copies the PNGs to
# docs/screenshots/. Needs chromium (scripts/install-test-deps.sh); without it the test skips and
# this script fails, as no screenshot was made.
#
#   scripts/screenshots.sh            offline Maven (the dependencies are in ~/.m2)
#   scripts/screenshots.sh --online   let Maven download what is missing
set -euo pipefail
cd "$(dirname "$0")/.."

offline=-o
case "${1:-}" in
  --online) offline= ;;
  "") ;;
  -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
esac

pages=(overview status batches artifact artifact-search quarantine-batches quarantine)
rm -f recon-cli/target/screenshots/*.png
./mvnw -B $offline -q verify -pl recon-cli -am -Dnpm.skip=true \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ConsolePagesChromiumIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dspotless.check.skip=true -Dpit.skip=true

mkdir -p docs/screenshots
for p in "${pages[@]}"; do
  png="recon-cli/target/screenshots/$p.png"
  if [[ ! -s "$png" ]]; then
    echo "screenshots: $png was not made (is chromium installed? scripts/install-test-deps.sh)" >&2
    exit 1
  fi
  cp "$png" "docs/screenshots/$p.png"
done
echo "screenshots: ${#pages[@]} page(s) copied to docs/screenshots/"
