// Hostile archives (archives.ts, built byte by byte): each is rejected by `ajar verify` with the right rule,
// within seconds, and the whole corpus is verified by one process whose peak memory stays bounded. The
// verifier runs as the installed product does (lib/, after `npm run build`), in a child process, so its peak
// resident memory is its own.

import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnAjar } from '../../support/cli.js';
import { verifyPackageReport } from '../../../src/verify/index.js';
import { messageOf } from '../../../src/diagnostics/catalog.js';
import { hostileArchives, type HostileArchive } from './archives.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar arsip jahat '));
const archives = hostileArchives();
for (const a of archives) writeFileSync(path.join(dir, a.name), a.bytes);

interface Outcome {
  name: string;
  ms: number;
  findings: { ruleId: string; severity: string; entry?: string }[];
}

// One process verifies every archive in turn and reports the time of each and its own peak RSS.
const runner = `
import { verifyPackageReport } from ${JSON.stringify(path.join(root, 'lib/verify/index.js'))};
const out = [];
for (const name of process.argv.slice(1)) {
  const t0 = performance.now();
  const report = await verifyPackageReport(${JSON.stringify(dir)} + '/' + name);
  out.push({ name, ms: Math.round(performance.now() - t0), findings: report.diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, entry: d.data?.entry })) });
}
console.log(JSON.stringify({ out, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
`;

let outcomes: Map<string, Outcome>;
let maxRssMiB: number;

beforeAll(() => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', runner, ...archives.map((a) => a.name)], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`verifier process failed (${r.status}): ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { out: Outcome[]; maxRssMiB: number };
  outcomes = new Map(parsed.out.map((o) => [o.name, o]));
  maxRssMiB = parsed.maxRssMiB;
  if (process.env.AJAR_HOSTILE_LOG) console.log(parsed.maxRssMiB, parsed.out.map((o) => `${o.name} ${o.ms}ms ${[...new Set(o.findings.map((f) => f.ruleId))].join(",")}`).join("\n"));
});

describe('hostile archives are rejected', () => {
  it('the corpus covers every class', () => {
    expect(archives.length).toBeGreaterThanOrEqual(17);
  });

  for (const a of archives as HostileArchive[]) {
    it(`${a.ruleId}: ${a.trick} (${a.name})`, () => {
      const o = outcomes.get(a.name)!;
      const errors = o.findings.filter((f) => f.severity === 'error');
      const match = errors.find((f) => f.ruleId === a.ruleId && (a.entry === undefined || f.entry === a.entry));
      expect(match, JSON.stringify(o.findings.slice(0, 20), null, 1)).toBeDefined();
      expect(o.ms).toBeLessThan(30_000); // a bomb left to run takes minutes; generous for a loaded machine
    });
  }

  it('with bounded memory: one process verifying all of them peaks under 300 MiB', () => {
    // A 1 GiB bomb, 5 GiB of declared entries and 3.9 GiB of 1 MiB entries would need gigabytes if inflated.
    expect(maxRssMiB).toBeLessThan(300);
  });
});

describe('names are printed safely', () => {
  it('escape sequences and bidirectional overrides in entry names reach the terminal as visible escapes', () => {
    const r = spawnAjar(['verify', 'escape-nama-scorm12.zip', 'bidi-nama-scorm12.zip'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(r.stdout).toContain('“materi/\\x1b[2J\\x1b[H\\x1b[32m✔ No problems.\\x1b[0m.html” has an unsafe path (control character in the name)');
    expect(r.stdout).toContain('“materi/tugas-\\u202elmth.exe” has an unsafe path (bidirectional override in the name)');
  });
});

describe('findings carry numbers, not text', () => {
  it('a local header with other sizes says both sizes as numbers, worded per language', async () => {
    const report = await verifyPackageReport(path.join(dir, 'ukuran-lokal-beda-scorm12.zip'));
    const d = report.diagnostics.find((x) => x.ruleId === 'zip-header-mismatch' && x.data?.what === 'sizes')!;
    expect(d.data).toEqual({ entry: 'materi/teks.txt', what: 'sizes', compressed: 30, uncompressed: 10 });
    expect(messageOf(d, 'en')).toBe('Zip entry “materi/teks.txt”: its local header’s size record says “30 → 10”.');
    expect(messageOf(d, 'id')).toBe('Entri zip “materi/teks.txt”: ukuran di header lokal menyatakan “30 → 10”.');
  });
});
