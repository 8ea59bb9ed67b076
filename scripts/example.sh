#!/usr/bin/env bash
# The README's main command (after `npm install`): build the bundled example course into packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh ffmpeg xmllint ghostscript
[ -f lib/cli/main.js ] || node scripts/build.mjs
node bin/ajar.js check examples/moderasi-beragama
node bin/ajar.js build examples/moderasi-beragama
echo
echo "Packages are in examples/moderasi-beragama/dist/. Check one with: npx ajar verify examples/moderasi-beragama/dist/*-scorm2004.zip"
echo "See the course as a learner would: npx ajar preview examples/moderasi-beragama"
