// `ajar check` start-up on the small example course against a bare `node -e 0` (issue 16: ≤ 3×), measured
// interleaved in one run so a loaded machine slows both alike. Also `ajar --version` (the CLI alone).
// Run after `npm run build`:  node bench/startup.mjs [runs] [--against <another built ajar checkout>]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const against = args.includes('--against') ? path.resolve(args.splice(args.indexOf('--against'), 2)[1]) : undefined;
const runs = Number(args[0] ?? 15);
const ajar = path.join(root, 'bin/ajar.js');
// Each ajar measured checks its own copy of the example course: the build cache it keeps there
// (.ajar/cache/build, keyed by ajar's code) is then warm for it, as for a widyaiswara checking again.
const work = mkdtempSync(path.join(os.tmpdir(), 'ajar-startup-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const courseFor = (name) => {
  const dir = path.join(work, name);
  cpSync(path.join(root, 'examples/moderasi-beragama'), dir, { recursive: true, filter: (f) => !f.includes(`${path.sep}.ajar`) });
  return dir;
};
const example = courseFor('kursus');

const rows = [
  { name: '`node -e 0`', args: ['-e', '0'] },
  { name: '`ajar --version`', args: [ajar, '--version'] },
  { name: '`ajar check` on the example course', args: [ajar, 'check', example, '--quiet'], goal: 3 },
  { name: '`ajar check --no-cache` (every file parsed)', args: [ajar, 'check', example, '--quiet', '--no-cache'] },
  ...(against
    ? [
        { name: `\`ajar check\` of ${against}`, args: [path.join(against, 'bin/ajar.js'), 'check', courseFor('against'), '--quiet'], goal: 3 },
        { name: `\`ajar check --no-cache\` of ${against}`, args: [path.join(against, 'bin/ajar.js'), 'check', courseFor('against'), '--quiet', '--no-cache'] },
      ]
    : []),
];
// Wall time, and CPU time (user + sys, from GNU time when installed): CPU time is what a busy machine disturbs least.
const gnuTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;
const time = (args) => {
  const t = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '\n%U %S', process.execPath, ...args], { cwd: root, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = gnuTime ? r.stderr.trim().split('\n').at(-1).split(' ').reduce((sum, s) => sum + Number(s) * 1000, 0) : undefined;
  return { ms, cpu };
};
for (const row of rows) time(row.args); // warm the file system cache
const samples = rows.map(() => []);
for (let i = 0; i < runs; i++) rows.forEach((row, k) => samples[k].push(time(row.args)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stat = samples.map((s) => ({ ms: median(s.map((x) => x.ms)), min: Math.min(...s.map((x) => x.ms)), cpu: gnuTime ? median(s.map((x) => x.cpu)) : undefined }));
console.log(`ajar start-up — median of ${runs} interleaved runs; Node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}\n`);
console.log('| run | wall | × `node -e 0` | goal | fastest run | × fastest `node -e 0` | CPU (user+sys) | × `node -e 0` CPU |');
console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
rows.forEach((row, k) => {
  const { ms, min, cpu } = stat[k];
  const ratio = ms / stat[0].ms;
  const goal = row.goal === undefined ? '' : `≤ ${row.goal} ${ratio <= row.goal ? '✔' : '✘'}`;
  const cpuCells = cpu === undefined ? '| |' : `| ${cpu.toFixed(0)} ms | ${(cpu / stat[0].cpu).toFixed(2)} |`;
  console.log(`| ${row.name} | ${ms.toFixed(0)} ms | ${ratio.toFixed(2)} | ${goal} | ${min.toFixed(0)} ms | ${(min / stat[0].min).toFixed(2)} ${cpuCells}`);
});
