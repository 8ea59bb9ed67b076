#!/usr/bin/env node
// Issue 16 "Builds": how long a widyaiswara or CI waits, as ratios to baselines measured in the same run on this
// machine (child processes, interleaved so that a busy machine slows every row alike; medians):
//   - remark floor (bench/remark-floor.mjs): read every .md of the generated course, one reused unified
//     processor, GFM → HTML; what any remark-based design must spend;
//   - `ajar build` cold (all four formats, --no-media, no .ajar/ cache, no output), and after changing one lesson;
//   - `ajar check` on the small example course against a bare `node -e 0`;
//   - peak RSS of the build of the generated course and of one five times its size (goal: at most twice).
// The course is bench/generate-course.mjs's. Needs `npm run build` first (runs bin/ajar.js, which reads lib/).
// Usage: node bench/build.mjs [lessons=1000] [runs=3] [big=5×lessons, 0 to skip] (runs=0: only the memory rows)

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCourse } from './generate-course.mjs';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lessons = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const big = Number(process.argv[4] ?? lessons * 5);
const formats = 'scorm12,scorm2004,cmi5,xapi';

const root = mkdtempSync(path.join(os.tmpdir(), 'ajar bench build '));
const usageFile = path.join(root, 'usage.json');
const ajar = path.join(repoRoot, 'bin/ajar.js');
const floor = path.join(repoRoot, 'bench/remark-floor.mjs');
const preload = path.join(repoRoot, 'bench/peak-rss.mjs');

/** One child process: wall time, and with `usage` its CPU time and peak RSS (from bench/peak-rss.mjs). */
function run(args, { usage = true, env = {} } = {}) {
  rmSync(usageFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...(usage ? ['--import', preload] : []), ...args], {
    cwd: root,
    env: { ...process.env, AJAR_BENCH_USAGE: usageFile, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stderr || r.stdout}`.slice(0, 4000));
  return { ms, ...(usage ? JSON.parse(readFileSync(usageFile, 'utf8')) : {}) };
}

function course(count, name) {
  const dir = path.join(root, name);
  generateCourse(dir, { lessons: count, repoRoot });
  return dir;
}
const buildArgs = (dir) => [ajar, 'build', dir, '--no-media', '--formats', formats, '-o', path.join(dir, 'dist'), '--quiet'];
const cold = (dir, env = {}) => {
  rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
  rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  return run(buildArgs(dir), { env });
};

const generated = course(lessons, 'kursus');
const edited = path.join(generated, 'materi', `${String(Math.floor(lessons / 2)).padStart(4, '0')}-materi.md`);
const example = path.join(root, 'contoh');
cpSync(path.join(repoRoot, 'examples/moderasi-beragama'), example, { recursive: true, filter: (src) => !/[\\/](dist|\.ajar)$/.test(src) });

// Each row: how to run it once (i = iteration), and what it is compared with.
const rows = [
  { name: '`node -e 0`', base: true, once: () => run(['-e', '0'], { usage: false }) },
  { name: 'remark floor: `node bench/remark-floor.mjs COURSE`', base: true, once: () => run([floor, generated]) },
  { name: '`ajar build` cold, one core (AJAR_WORKERS=0; 4 formats, --no-media)', vs: 1, goal: 1.2, once: () => cold(generated, { AJAR_WORKERS: '0' }) },
  { name: '`ajar build` cold, worker threads on every core', vs: 1, goal: os.availableParallelism() > 1 ? 1 : undefined, once: () => cold(generated) },
  {
    name: '`ajar build` after changing one lesson',
    vs: 1,
    goal: 0.1,
    once: (i) => {
      appendFileSync(edited, `\nParagraf tambahan ${i}: pelayanan yang adil.\n`);
      return run(buildArgs(generated));
    },
  },
  { name: '`ajar check` on the example course (10 files)', vs: 0, goal: 3, once: () => run([ajar, 'check', example, '--quiet'], { usage: false }) },
];

if (runs === 0) rows.length = 0;
const samples = rows.map(() => []);
for (let i = 0; i < runs; i++) rows.forEach((row, k) => samples[k].push(row.once(i)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stat = samples.map((s) => ({ ms: median(s.map((x) => x.ms)), cpuMs: s[0].cpuMs === undefined ? undefined : median(s.map((x) => x.cpuMs)), rssKb: s[0].maxRssKb === undefined ? undefined : median(s.map((x) => x.maxRssKb)) }));

const sec = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const verdict = (ratio, goal) => (goal === undefined ? '' : ratio <= goal ? `≤ ${goal} ✔` : `≤ ${goal} ✘`);
console.log(`\najar build — generated course of ${lessons} lessons (${Math.ceil(lessons / 10)} modules, a quiz and a bank each); median of ${runs} interleaved runs; Node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}\n`);
console.log('| run | wall | × baseline | goal | CPU (user+sys) | × baseline CPU |');
console.log('| --- | ---: | ---: | --- | ---: | ---: |');
rows.forEach((row, k) => {
  const s = stat[k];
  const base = row.vs === undefined ? undefined : stat[row.vs];
  const ratio = base ? s.ms / base.ms : 1;
  const cpuRatio = base?.cpuMs && s.cpuMs ? (s.cpuMs / base.cpuMs).toFixed(2) : '';
  console.log(`| ${row.name} | ${sec(s.ms)} | ${ratio.toFixed(2)}${row.vs === undefined ? ' (baseline)' : row.vs === 0 ? ' × node' : ' × floor'} | ${verdict(ratio, row.goal)} | ${s.cpuMs === undefined ? '' : sec(s.cpuMs)} | ${cpuRatio} |`);
});

// Memory: one-core cold builds of the course and of one `big` lessons large. SCORM 1.2 is left out here: its
// 4,096-character suspend data cannot hold the state of thousands of lessons, so that build stops early.
if (big > 0) {
  const memoryFormats = 'scorm2004,cmi5,xapi';
  const memory = (dir) => {
    rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    return run([ajar, 'build', dir, '--no-media', '--formats', memoryFormats, '-o', path.join(dir, 'dist'), '--quiet'], { env: { AJAR_WORKERS: '0' } });
  };
  const small = memory(generated);
  const large = memory(course(big, 'kursus-besar'));
  console.log(`\n| build (cold, one core, ${memoryFormats}, --no-media) | lessons | wall | peak RSS | × the smaller course | goal |`);
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  console.log(`| generated course | ${lessons} | ${sec(small.ms)} | ${(small.maxRssKb / 1024).toFixed(0)} MB | 1.00 | |`);
  const ratio = large.maxRssKb / small.maxRssKb;
  console.log(`| generated course | ${big} | ${sec(large.ms)} | ${(large.maxRssKb / 1024).toFixed(0)} MB | ${ratio.toFixed(2)} | ${verdict(ratio, 2)} |`);
}
rmSync(root, { recursive: true, force: true });
