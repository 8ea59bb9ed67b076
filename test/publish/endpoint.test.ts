// The publish state is bound to the endpoint (and the credential) it was made with: when `endpoint:`
// moves from staging to production, the new server gets the package and the old one gets nothing —
// not even a HEAD carrying the token. A URL that does not parse is a configuration error at its line.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { makePackage, MiB, repoRoot, sha256, spawnCli, tusPublishYaml } from './helpers.js';

const TOKEN = 'token-produksi-bpsdm-5b7d2c';

describe('ajar publish: state bound to the endpoint and credential', () => {
  let staging: TusTestServer;
  let production: TusTestServer;
  let dir: string;
  let pkg: string;
  beforeAll(async () => {
    staging = await startTusServer({ token: TOKEN });
    production = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish endpoint '));
    pkg = await makePackage(path.join(dir, 'dist'), { videoBytes: MiB });
  });
  afterAll(async () => {
    await staging.dispose();
    await production.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (endpoint: string) => writeFileSync(path.join(dir, 'ajar.yaml'), tusPublishYaml(endpoint, ['retries: 0']));
  const cli = (args: string[] = [], token = TOKEN) => spawnCli(['publish', 'dist', ...args], { cwd: dir, env: { MOOC_UPLOAD_TOKEN: token }, timeoutMs: 60_000 });

  it('after endpoint: changes, the new server gets the package and the old one gets no request', async () => {
    config(staging.endpoint);
    const first = await cli();
    expect(first.code, first.stderr).toBe(0);
    expect(staging.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const state = JSON.parse(readFileSync(path.join(dir, '.ajar', 'publish-state.json'), 'utf8'));
    const entry = state.targets.mooc['moderasi-beragama/1.2.0/scorm12'];
    expect(entry).toMatchObject({ complete: true, endpoint: staging.endpoint, identity: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(JSON.stringify(state)).not.toContain(TOKEN);

    const stagingBefore = staging.requests.length;
    config(production.endpoint);
    const second = await cli(['--format', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report.result.targets[0].actions).toMatchObject([{ action: 'upload', status: 'done' }]);
    expect(staging.requests.slice(stagingBefore)).toEqual([]);
    const uploaded = report.result.targets[0].actions[0].url as string;
    expect(uploaded.startsWith(production.endpoint)).toBe(true);
    expect(sha256(await production.stored(uploaded))).toBe(sha256(pkg));

    // Back on production a second time: its own entry says the package is there.
    const third = await cli();
    expect(third.code, third.stderr).toBe(0);
    // One file: “the 1 file”, not “all 1 files”.
    expect(third.stdout).toContain('✔ Nothing to send: the target already has the 1 file.');
  });

  it('another credential on the same endpoint does not reuse the entry another token made', async () => {
    config(production.endpoint);
    const before = production.requests.length;
    const r = await cli(['--format', 'json'], 'token-lain-untuk-balai-8e1f');
    // The server refuses the other token: one clear auth failure from the upload, no HEAD on the old URL.
    expect(r.code).toBe(1);
    const heads = production.requests.slice(before).filter((x) => x.method === 'HEAD');
    expect(heads).toEqual([]);
  });

  it.each([
    ['a port out of range', 'http://127.0.0.1:99999/files', 'port 99999'],
    ['a space in the host', 'http://mooc server.bpsdm.go.id/files', 'contains a space'],
  ])('an endpoint with %s is a configuration error at its ajar.yaml line (exit 2), nothing sent', async (_name, endpoint, detail) => {
    config(endpoint);
    const before = staging.requests.length + production.requests.length;
    const r = await cli();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^ajar\.yaml:5:\d+\s+error\s+Invalid publish configuration at “publish\.targets\.mooc\.endpoint”/m);
    expect(r.stderr).toContain(detail);
    expect(staging.requests.length + production.requests.length).toBe(before);
  });

  it('an unset variable names ajar.yaml:line and the snake_case key', async () => {
    config(production.endpoint);
    const r = await spawnCli(['publish', 'dist'], { cwd: dir, env: {}, timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ajar\.yaml:7:\d+\s+error\s+Environment variable “MOOC_UPLOAD_TOKEN” \(for “publish\.targets\.mooc\.credentials\.token”\) is not set\./m);
  });

  it('an unset S3 secret: ajar.yaml:line of that key, named snake_case as written (not secretAccessKey), in each language', async () => {
    writeFileSync(
      path.join(dir, 'ajar.yaml'),
      ['publish:', '  targets:', '    pusat:', '      type: s3', '      bucket: kursus-bpsdm', '      credentials:', '        access_key_id: ${AJAR_S3_ID}', '        secret_access_key: ${AJAR_S3_SECRET}', ''].join('\n'),
    );
    const r = await spawnCli(['publish', 'dist'], { cwd: dir, env: { AJAR_S3_ID: 'AKIAPUSDIKLAT' }, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^ajar\.yaml:8:\d+\s+error\s+Environment variable “AJAR_S3_SECRET” \(for “publish\.targets\.pusat\.credentials\.secret_access_key”\) is not set\./m);
    const id = await spawnCli(['publish', 'dist', '--lang', 'id'], { cwd: dir, env: { AJAR_S3_ID: 'AKIAPUSDIKLAT' }, timeoutMs: 60_000 });
    expect(id.stderr).toMatch(/^ajar\.yaml:8:\d+\s+galat\s+Variabel lingkungan “AJAR_S3_SECRET” \(untuk “publish\.targets\.pusat\.credentials\.secret_access_key”\) belum diisi\./m);
  });

  // `ajar publish <course>` reads publish: before it builds: the same mistakes are exit 2 at their line at once,
  // with nothing built (no dist/, no media cache) and nothing sent — not exit 1 after a build and a transcode.
  it.each([
    ['an endpoint without a scheme', [`      endpoint: 127.0.0.1:${'$'}{PORT}/files`], /publish\.targets\.mooc\.endpoint/],
    ['a response timeout of 0', ['      endpoint: ENDPOINT', '      response_timeout: 0'], /publish\.targets\.mooc\.response_timeout/],
  ])('publish <course> with %s: exit 2 at its ajar.yaml line before anything is built', async (_name, lines, key) => {
    const course = path.join(dir, `kursus ${_name}`);
    cpSync(path.join(repoRoot, 'examples/moderasi-beragama'), course, { recursive: true, filter: (src) => !/[\\/](dist|\.ajar)$/.test(src) });
    const target = lines.map((l) => l.replace('ENDPOINT', production.endpoint).replace('${PORT}', String(production.port)));
    appendFileSync(path.join(course, 'ajar.yaml'), ['', 'publish:', '  targets:', '    mooc:', '      type: tus', ...target, '      credentials:', '        token: ${MOOC_UPLOAD_TOKEN}', ''].join('\n'));
    const before = staging.requests.length + production.requests.length;
    const r = await spawnCli(['publish', path.basename(course), '--format', 'json'], { cwd: dir, env: { MOOC_UPLOAD_TOKEN: TOKEN }, timeoutMs: 60_000 });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const envelope = JSON.parse(r.stdout);
    expect(envelope.exitCode).toBe(2);
    const finding = envelope.diagnostics.find((d: { ruleId: string }) => d.ruleId === 'invalid-value');
    expect(finding?.message).toMatch(key);
    expect(finding?.file).toMatch(/ajar\.yaml$/);
    expect(finding?.line).toBeGreaterThan(0);
    expect(envelope.diagnostics.map((d: { ruleId: string }) => d.ruleId)).not.toContain('publish-build-failed');
    expect(existsSync(path.join(course, 'dist'))).toBe(false);
    expect(existsSync(path.join(course, '.ajar'))).toBe(false);
    expect(staging.requests.length + production.requests.length).toBe(before);
  });
});
