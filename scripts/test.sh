#!/usr/bin/env bash
# The whole test suite, as the README's quick start and .ci/run run it: `npm install && npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
node scripts/build.mjs
npx tsc --noEmit -p tsconfig.test.json
# The browser player has its own settings (DOM, no Node types): every file of it is checked here.
npx tsc --noEmit -p src/player/tsconfig.json
report="$(mktemp -d)/vitest.json"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# A plain closing line that any CI reads: "N passed, N failed".
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$report" 2>/dev/null || true
exit $status
