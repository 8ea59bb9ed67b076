// ajar publish (the real process) through an HTTP proxy in front of a real @tus/server that fails
// requests, throttles and corrupts (test/publish/helpers.ts startFaultProxy). What the user must be able
// to rely on: a run that says "done" means the server holds exactly these bytes; a failure is one located
// line, exit 1, and the next run resumes; a slow link that moves is not mistaken for a dead one.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { makePackage, MiB, sha256, spawnCli, startFaultProxy, type FaultProxy, tusPublishYaml } from './helpers.js';

const TOKEN = 'token-unggah-balai-diklat-4e2a91';
const env = { MOOC_UPLOAD_TOKEN: TOKEN };

describe('ajar publish through a misbehaving proxy (tus)', () => {
  let server: TusTestServer;
  let proxy: FaultProxy;
  let dir: string;
  let pkg: string;
  beforeAll(async () => {
    server = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish proksi '));
    pkg = await makePackage(path.join(dir, 'dist'), { videoBytes: 2 * MiB });
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    proxy = await startFaultProxy(`http://127.0.0.1:${server.port}`);
    rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
  });
  afterEach(() => proxy.close());

  const config = (extra: string[] = []) =>
    writeFileSync(
      path.join(dir, 'ajar.yaml'),
      tusPublishYaml(`${proxy.origin}/files`, ['chunk_size: 524288', ...extra]),
    );
  const cli = (args: string[] = []) => spawnCli(['publish', 'dist', ...args], { cwd: dir, env, timeoutMs: 120_000 });
  const errorLines = (stderr: string) => stderr.split('\n').filter((l) => /(^|  )(error|galat)  /.test(l));
  const stored = async (url: string) => sha256(await server.stored(url));

  it('the first requests answered 503 by the proxy: retried within the budget, done, the server holds these bytes', async () => {
    config(['retries: 4', 'retry_delay_ms: 50']);
    proxy.failNext(3, 503, 'PATCH');
    const r = await cli(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const action = JSON.parse(r.stdout).result.targets[0].actions[0];
    expect(action).toMatchObject({ status: 'done', sentBytes: readFileSync(pkg).length });
    expect(proxy.requests.filter((x) => x.status === 503)).toHaveLength(3);
    expect(await stored(action.url)).toBe(sha256(pkg));
  });

  it('more 502s than the retry budget: exit 1, one line at the package naming the status, in each language; the next run resumes', async () => {
    config(['retries: 2', 'retry_delay_ms: 50']);
    // The upload is created and two chunks go through; then the proxy answers 502 to every PATCH.
    proxy.failNext(1000, 502, 'PATCH', 2);
    const en = await cli();
    expect(en.code, en.stderr).toBe(1);
    const lines = errorLines(en.stderr);
    expect(lines, en.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^dist\/moderasi-beragama-1\.2\.0-scorm12\.zip {2}error {2}Sending “.*” to “mooc” failed after 3 attempts: the server answered HTTP 502\. {2}publish-unreachable$/);
    const id = await cli(['--lang', 'id']);
    expect(id.code, id.stderr).toBe(1);
    expect(errorLines(id.stderr)[0]).toMatch(/galat {2}Pengiriman “.*” ke “mooc” gagal setelah 3 percobaan: server menjawab HTTP 502\./);
    const state = JSON.parse(readFileSync(path.join(dir, '.ajar', 'publish-state.json'), 'utf8'));
    expect(state.targets.mooc['moderasi-beragama/1.2.0/scorm12']).toMatchObject({ complete: false });

    // The link is healthy again: the same command continues from the server's offset; no new upload is created.
    proxy.heal();
    const posts = server.requests.filter((x) => x.method === 'POST').length;
    const r = await cli(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const action = JSON.parse(r.stdout).result.targets[0].actions[0];
    expect(action).toMatchObject({ action: 'resume', status: 'done', resumedFrom: MiB });
    expect(action.sentBytes).toBe(readFileSync(pkg).length - MiB);
    expect(server.requests.filter((x) => x.method === 'POST')).toHaveLength(posts);
    expect(await stored(action.url)).toBe(sha256(pkg));
  });

  it('a link that stalls mid-upload: a timeout names its setting, exit 1, and the next run resumes from the server’s offset', async () => {
    config(['retries: 0', 'response_timeout: 1', 'idle_timeout: 1']);
    proxy.stall(1, 'PATCH', 2); // two chunks go through, the third hangs
    const r = await cli();
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/failed after 1 attempt: (no answer within 1 s \(response_timeout\)|no data moved for 1 s \(idle_timeout\))\./)]);
    proxy.heal();
    const again = await cli(['--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    const action = JSON.parse(again.stdout).result.targets[0].actions[0];
    expect(action).toMatchObject({ action: 'resume', status: 'done', resumedFrom: MiB });
    expect(await stored(action.url)).toBe(sha256(pkg));
  });

  it('a thin link that keeps moving is not a dead one: idle_timeout 2 s, a transfer of several seconds, done with the right bytes', async () => {
    config(['idle_timeout: 2', 'retries: 0']);
    proxy.throttle(900 * 1024);
    const r = await cli(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const action = JSON.parse(r.stdout).result.targets[0].actions[0];
    expect(action).toMatchObject({ status: 'done' });
    // More than twice the idle bound (2.1 MB up and, to check it, down at 900 KiB/s): the bytes kept moving, so no timeout fired.
    expect(r.ms).toBeGreaterThan(4000);
    expect(await stored(action.url)).toBe(sha256(pkg));
  });

  it('a proxy that flips bytes of a chunk: publish does not say done; the next run sends it again and the server holds these bytes', async () => {
    config(['retries: 0']);
    proxy.corrupt(1, 'PATCH');
    const en = await cli();
    expect(proxy.corrupted).toBe(1);
    expect(en.code, en.stdout + en.stderr).toBe(1);
    expect(en.stdout + en.stderr).not.toContain('✔');
    const lines = errorLines(en.stderr);
    expect(lines, en.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^dist\/moderasi-beragama-1\.2\.0-scorm12\.zip {2}error {2}.*“mooc”.* does not match what was sent/);
    expect(en.stderr).toContain('publish-server-copy-corrupt');

    proxy.heal();
    const id = await cli(['--lang', 'id', '--format', 'json']);
    expect(id.code, id.stderr).toBe(0);
    const report = JSON.parse(id.stdout);
    expect(report.diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['publish-server-copy-differs']);
    const action = report.result.targets[0].actions[0];
    expect(action).toMatchObject({ action: 'upload', status: 'done', checked: 'downloaded' });
    expect(await stored(action.url)).toBe(sha256(pkg));
  });

  it('the same with a server-side index (lookup): the index is asked after sending, and says no', async () => {
    // A release of its own, so that no good copy of it is on the server yet.
    const other = await makePackage(path.join(dir, 'indeks'), { version: '1.2.5', videoBytes: MiB });
    config(['retries: 0', `lookup: ${proxy.origin}/files/by-sha256/{sha256}`]);
    proxy.corrupt(1, 'PATCH');
    const r = await spawnCli(['publish', path.relative(dir, other), '--format', 'json'], { cwd: dir, env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-server-copy-corrupt', file: path.relative(dir, other) }]);
    expect(report.diagnostics[0].message).toContain('does not match what was sent (by the server’s hash index (lookup))');
    expect(report.result.targets[0].actions[0]).toMatchObject({ status: 'failed' });
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'HEAD', url: `/files/by-sha256/${sha256(other)}`, status: 404 });
  });
});
