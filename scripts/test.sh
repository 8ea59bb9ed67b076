#!/usr/bin/env bash
# The whole test suite, as the README's quick start and .ci/run run it: `npm ci && npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
node scripts/build.mjs
npx tsc --noEmit -p tsconfig.test.json
exec npx vitest run "$@"
