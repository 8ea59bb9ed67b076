// `ajar check` on a generated course of 1,000 lessons. Prints a table; figures are ratios against a
// baseline measured in the same run (reading every source file, and the 100-lesson course).
// Run after `npm run build`:  node bench/check.mjs [lessons]
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { generateCourse } from './generate-course.mjs';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { loadCourse } = await import(path.join(repoRoot, 'lib/load/index.js'));
const { checkCourse } = await import(path.join(repoRoot, 'lib/check/index.js'));
const big = Number(process.argv[2] ?? 1000);

const ms = (f) => { const t = process.hrtime.bigint(); const r = f(); return r instanceof Promise ? r.then((v) => [Number(process.hrtime.bigint() - t) / 1e6, v]) : [Number(process.hrtime.bigint() - t) / 1e6, r]; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(lessons, runs = 5) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ajar bench ${lessons} `));
  generateCourse(dir, { lessons, repoRoot });
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.md'));
  const read = [], check = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    read.push((await ms(() => { for (const f of files) readFileSync(path.join(dir, f), 'utf8'); }))[0]);
    const [t, d] = await ms(async () => checkCourse(await loadCourse(dir, {})));
    check.push(t);
    diagnostics = d.length;
  }
  const [cli] = await ms(() => execFileSync(process.execPath, [path.join(repoRoot, 'bin/ajar.js'), 'check', dir, '--quiet']));
  return { lessons, files: files.length, read: median(read), check: median(check), cli, diagnostics };
}

const small = await measure(Math.max(1, Math.round(big / 10)));
const large = await measure(big);
const rows = [
  ['course', 'md files', 'read files (ms)', 'load+check (ms)', 'per lesson (ms)', 'check ÷ read', 'CLI process (ms)', 'diagnostics'],
  ...[small, large].map((r) => [`${r.lessons} lessons`, r.files, r.read.toFixed(1), r.check.toFixed(0), (r.check / r.lessons).toFixed(2), (r.check / r.read).toFixed(1) + '×', r.cli.toFixed(0), r.diagnostics]),
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
console.log(`\nscaling: ${big} lessons take ${(large.check / small.check).toFixed(1)}× the time of ${small.lessons} (linear would be ${(large.lessons / small.lessons).toFixed(0)}×)`);
