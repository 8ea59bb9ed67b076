#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, one after another, each printing its own table (figures are
// ratios against a baseline measured in the same run). Builds ajar first: the benchmarks import lib/.
// Usage: npm run bench [-- name …]   e.g. npm run bench -- check verify
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// media needs ffmpeg, slides Ghostscript, and publish a tus server on loopback (both started by the scripts themselves).
const all = ['check', 'startup', 'build', 'questions', 'player', 'xapi', 'verify', 'publish', 'media', 'slides', 'bytes'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${all.join(' ')}`);
  process.exit(2);
}
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
// The full bytes bench encodes three 10-minute masters at every rung, for hours on a small machine: the
// round of every bench uses 1-minute masters (its table is per 10 minutes either way). Full run:
// `node bench/bytes.mjs`, or BENCH_FULL=1 npm run bench.
const argsOf = (name) => (name === 'bytes' && !process.env.BENCH_FULL ? ['--minutes', '1'] : []);
let failed = 0;
for (const name of asked.length ? asked : all) {
  console.log(`\n## bench/${name}.mjs\n`);
  try {
    execFileSync(process.execPath, [path.join(root, 'bench', `${name}.mjs`), ...argsOf(name)], { stdio: 'inherit', cwd: root });
  } catch {
    failed++;
    console.error(`bench/${name}.mjs failed`);
  }
}
process.exit(failed ? 1 : 0);
