#!/usr/bin/env node
// The learner-facing player: bundle size against its budget and against scorm-again (an LMS runtime
// measured in the same run), renderSite time on a generated 1,000-lesson course against serialising
// the same course, and the resume state of that course against SCORM 1.2's limit.
// Needs `npm run build` first (reads lib/). Usage: node bench/player.mjs [lessons=1000] [runs=5]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateCourse } from './generate-course.mjs';
import { loadCourse } from '../lib/load/index.js';
import { renderSite } from '../lib/render/index.js';
import { encodeState, decodeState, initialState, worstCaseStateChars } from '../lib/core/state.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lessons = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);
const BUDGET = 30 * 1024;

const gz = (file) => gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length;
const js = gz('lib/player/player.js');
const css = gz('lib/player/player.css');
const scormAgain = gz('node_modules/scorm-again/dist/scorm2004.min.js');

function median(fn) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}
async function medianAsync(fn) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar-bench-player-'));
try {
  generateCourse(dir, { lessons, repoRoot: root });
  const loaded = await loadCourse(dir, {});
  if (!loaded.course) throw new Error('generated course did not load');
  const course = loaded.course;

  const baseline = median(() => JSON.stringify(course));
  const render = await medianAsync(() => renderSite(course, 'scorm12', { courseDir: dir }));
  const site = render.result;
  const bytes = site.files.reduce((n, f) => n + (typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.length), 0);

  const state = initialState(course, 123456789);
  const stateJson = median(() => JSON.stringify(state));
  const encoded = median(() => encodeState(state, course, { keepTexts: false }));
  const decoded = median(() => decodeState(encoded.result, course));
  if (!decoded.result) throw new Error('state did not round-trip');
  const worst12 = worstCaseStateChars(course, { keepTexts: false });

  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n) => `${n.toFixed(2)} ms`;
  const rows = [
    ['player.js + player.css, gzip -9', kb(js + css), `budget ${kb(BUDGET)}`, ((js + css) / BUDGET).toFixed(2)],
    ['  of which player.js', kb(js), `scorm-again 2004 runtime ${kb(scormAgain)}`, (js / scormAgain).toFixed(2)],
    [`renderSite, ${lessons} lessons (${site.files.length} files, ${kb(bytes)})`, ms(render.ms), `JSON.stringify(course) ${ms(baseline.ms)}`, (render.ms / baseline.ms).toFixed(1)],
    ['encodeState, fresh learner', `${encoded.result.length} chars, ${ms(encoded.ms)}`, `JSON.stringify(state) ${stateJson.result.length} chars`, (encoded.result.length / stateJson.result.length).toFixed(3)],
    ['decodeState', ms(decoded.ms), `encodeState ${ms(encoded.ms)}`, (decoded.ms / Math.max(encoded.ms, 1e-6)).toFixed(1)],
    ['worst-case state, SCORM 1.2', `${worst12} chars`, 'limit 4096 chars', (worst12 / 4096).toFixed(2)],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['measure', 'value', 'baseline', 'ratio'][i].length));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  console.log(line(['measure', 'value', 'baseline', 'ratio']));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\nmedian of ${runs} runs; node ${process.version}; ${os.cpus().length} cores`);
  if (js + css > BUDGET) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
