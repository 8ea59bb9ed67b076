#!/usr/bin/env node
// Build time of a generated 1,000-lesson course, against a baseline measured in the same run: loading and
// checking the same course (what `ajar check` does). Needs `npm run build` first (imports lib/).
// Usage: node bench/build.mjs [lessons=1000] [runs=3]

import { mkdtempSync, mkdirSync, writeFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCourse } from '../lib/load/index.js';
import { checkCourse } from '../lib/check/index.js';
import { build } from '../lib/pipeline.js';

const lessons = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);

function generate(dir, count) {
  mkdirSync(path.join(dir, 'materi'), { recursive: true });
  mkdirSync(path.join(dir, 'kuis'), { recursive: true });
  mkdirSync(path.join(dir, 'bank'), { recursive: true });
  const outline = [];
  const modules = Math.ceil(count / 10);
  for (let m = 1; m <= modules; m++) {
    outline.push(`## Modul ${m}: Pokok bahasan ${m} {#modul-${m}}`, '');
    for (let l = (m - 1) * 10 + 1; l <= Math.min(count, m * 10); l++) {
      const file = `materi/pelajaran-${String(l).padStart(4, '0')}.md`;
      const body = Array.from({ length: 6 }, (_, i) => `Paragraf ${i + 1}: aparatur sipil negara melayani semua warga dengan adil, tanpa membedakan agama, suku, dan golongan. **Moderasi** berarti *jalan tengah*.`).join('\n\n');
      writeFileSync(path.join(dir, file), `---\ntitle: Pelajaran ${l} — pelayanan publik yang adil\nduration: 10\n---\n\n# Pelajaran ${l}\n\n${body}\n\n| Indikator | Contoh |\n| --- | --- |\n| Toleransi | Menghormati rekan |\n`);
      outline.push(`- [Pelajaran ${l}](${file})`);
    }
    outline.push(`- [Kuis Modul ${m}](kuis/kuis-${m}.md)`, '');
    writeFileSync(path.join(dir, `kuis/kuis-${m}.md`), `---\ntype: quiz\ntitle: Kuis Modul ${m}\nrole: unit\ndraw:\n  - bank: ../bank/bank.md\n    count: 3\nattempts: 3\npassing_grade: 70\n---\n\nJawab tiga soal.\n`);
  }
  const questions = Array.from({ length: 8 }, (_, i) => `## Soal ${i + 1} {id=soal-${i + 1}}\n\nManakah sikap yang moderat?\n\n- [x] Adil dan berimbang\n- [ ] Berlebihan\n- [ ] Acuh tak acuh\n`);
  writeFileSync(path.join(dir, 'bank/bank.md'), `---\ntype: bank\nid: bank-umum\ntitle: Bank Soal Umum\n---\n\n# Bank Soal\n\n${questions.join('\n')}`);
  writeFileSync(
    path.join(dir, 'syllabus.md'),
    `---\nid: kursus-besar\ntitle: Kursus Besar Moderasi Beragama\ndescription: Kursus buatan untuk uji kecepatan.\nlanguage: id\nversion: 1.0.0\njp: 40\nauthors:\n  - name: Tim Uji\npassing_grade: 70\ncompletion: all\ngating:\n  sequential: false\n---\n\nKursus besar buatan.\n\n# Materi Inti\n\n${outline.join('\n')}\n`,
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

const root = mkdtempSync(path.join(os.tmpdir(), 'ajar bench '));
const dir = path.join(root, 'kursus');
generate(dir, lessons);

// Interleaved (baseline, build, build, baseline, …) so a busy machine slows every row alike.
const steps = [
  ['baseline: load + check', async () => checkCourse(await loadCourse(dir, {}))],
  ['build scorm2004 (load → check → render → package → verify)', () => build({ dir, formats: ['scorm2004'], media: false, env: {}, outDir: path.join(root, 'dist') })],
  ['build scorm12 + scorm2004', () => build({ dir, formats: ['scorm12', 'scorm2004'], media: false, env: {}, outDir: path.join(root, 'dist-both') })],
];
const times = steps.map(() => []);
const results = [];
for (let i = 0; i < runs; i++) {
  for (const [k, [, fn]] of steps.entries()) {
    const r = await time(fn);
    times[k].push(r.ms);
    results[k] = r.value;
  }
}
const rows = steps.map(([name], k) => ({ name, ms: median(times[k]) }));
const r2004 = results[1];
const r12 = results[2];

const base = rows[0].ms;
console.log(`\najar build — generated course: ${lessons} lessons, ${Math.ceil(lessons / 10)} modules + quizzes; median of ${runs} runs; Node ${process.version}, ${os.cpus().length} cores\n`);
console.log('| step | ms | × baseline |');
console.log('| --- | ---: | ---: |');
for (const row of rows) console.log(`| ${row.name} | ${row.ms.toFixed(0)} | ${(row.ms / base).toFixed(2)} |`);
const pkg = r2004.packages[0];
console.log(`\nscorm2004 package: ${(statSync(pkg.file).size / 1024).toFixed(0)} KB, errors: ${r2004.diagnostics.filter((d) => d.severity === 'error').length}`);
const stateErrors = r12.diagnostics.filter((d) => d.ruleId === 'state-too-large');
console.log(`scorm12: ${stateErrors.length ? `refused (state-too-large: ${stateErrors[0].data.chars} > ${stateErrors[0].data.limit} characters), so that row is load → render → state check only` : 'built'}`);
rmSync(root, { recursive: true, force: true });
