// Publish plans the whole run (every target, every artifact) before sending anything; --dry-run prints
// that plan and --format json returns it. A course whose media are embedded sends its packages only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { makePackage, MiB, spawnCli, tusPublishYaml } from './helpers.js';

const TOKEN = 'token-pusdiklat-rencana-4f2a9b';

describe('ajar publish: one plan over all targets and artifacts', () => {
  let pusat: TusTestServer;
  let balai: TusTestServer;
  let dir: string;
  let sizes: number;
  beforeAll(async () => {
    pusat = await startTusServer({ token: TOKEN });
    balai = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish rencana '));
    const a = await makePackage(path.join(dir, 'dist'), { format: 'scorm12', videoBytes: MiB });
    const b = await makePackage(path.join(dir, 'dist'), { format: 'scorm2004', videoBytes: 2 * MiB });
    sizes = statSync(a).size + statSync(b).size;
    const target = (name: string, server: TusTestServer) => [`    ${name}:`, '      type: tus', `      endpoint: ${server.endpoint}`, '      credentials:', '        token: ${MOOC_UPLOAD_TOKEN}', '      retries: 0'];
    writeFileSync(path.join(dir, 'ajar.yaml'), ['publish:', '  targets:', ...target('pusat', pusat), ...target('balai', balai), ''].join('\n'));
  });
  afterAll(async () => {
    await pusat.dispose();
    await balai.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) => spawnCli(['publish', 'dist', '--target', 'pusat,balai', ...args], { cwd: dir, env: { MOOC_UPLOAD_TOKEN: TOKEN }, timeoutMs: 60_000 });

  it('--dry-run --format json returns the plan for every target and its bytes, and sends nothing', async () => {
    const r = await cli(['--dry-run', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { result } = JSON.parse(r.stdout);
    expect(result.dryRun).toBe(true);
    expect(result.plannedBytes).toBe(2 * sizes);
    expect(result.targets.map((t: { name: string; actions: { action: string; status: string; file: string }[] }) => [t.name, t.actions.map((a) => `${a.action} ${a.status} ${path.basename(a.file)}`)])).toEqual([
      ['pusat', ['upload planned moderasi-beragama-1.2.0-scorm12.zip', 'upload planned moderasi-beragama-1.2.0-scorm2004.zip']],
      ['balai', ['upload planned moderasi-beragama-1.2.0-scorm12.zip', 'upload planned moderasi-beragama-1.2.0-scorm2004.zip']],
    ]);
    for (const server of [pusat, balai]) expect(server.requests.filter((x) => x.method === 'POST' || x.method === 'PATCH')).toEqual([]);

    const pretty = await cli(['--dry-run']);
    expect(pretty.stdout).toContain('Target “pusat” (tus) — dry run, nothing is sent');
    expect(pretty.stdout).toContain('Target “balai” (tus) — dry run, nothing is sent');
    expect(pretty.stdout).toMatch(/Dry run: .* would be sent; 0 files already there\./);
  });

  it('the run carries out that plan: what it sends is what the plan said', async () => {
    const r = await cli(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { result } = JSON.parse(r.stdout);
    expect(result.sentBytes).toBe(result.plannedBytes);
    expect(result.sentBytes).toBe(2 * sizes);
    for (const server of [pusat, balai]) expect(server.requests.filter((x) => x.method === 'POST')).toHaveLength(2);
    const again = await cli(['--dry-run', '--format', 'json']);
    expect(JSON.parse(again.stdout).result.plannedBytes).toBe(0);
  });
});

describe('ajar publish <course> with embedded media', () => {
  let server: TusTestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish sematkan '));
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans the packages only: the renditions are inside them already', async () => {
    const init = await spawnCli(['init', 'kursus-daring'], { cwd: dir, timeoutMs: 60_000 });
    expect(init.code, init.stderr).toBe(0);
    appendFileSync(
      path.join(dir, 'kursus-daring', 'ajar.yaml'),
      tusPublishYaml(server.endpoint),
    );
    const r = await spawnCli(['publish', 'kursus-daring', '--dry-run', '--format', 'json'], { cwd: dir, env: { MOOC_UPLOAD_TOKEN: TOKEN }, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    // No word about media: none are planned for any target.
    expect(report.diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual([]);
    const files = report.result.targets[0].actions.map((a: { file: string }) => path.basename(a.file));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f: string) => /^kursus-daring-1\.0\.0-(scorm12|scorm2004|cmi5|xapi)\.zip$/.test(f))).toBe(true);
  });
});
