// tus target against a real @tus/server with its file store on loopback: a multi-megabyte package, the
// server stopped mid-upload and started again, the upload resumed (in the same run by retrying, and in a
// later run from the state file), the stored file's sha256 checked; a re-run sends nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publish } from '../../src/publish/run.js';
import { PublishState } from '../../src/publish/state.js';
import { TusTarget } from '../../src/publish/targets/tus.js';
import type { TusTargetConfig } from '../../src/publish/config-schema.js';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { makePackage, MiB, sha256, spawnCli, tusPublishYaml } from './helpers.js';
import { main } from '../../src/cli/main.js';

const TOKEN = 'tus-rahasia-9f8e7d6c5b4a';

describe('tus target (functions)', () => {
  let server: TusTestServer;
  let dir: string;
  let pkg: string;
  beforeAll(async () => {
    server = await startTusServer();
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish tus '));
    pkg = await makePackage(dir, { videoBytes: 6 * MiB });
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (config: Partial<TusTargetConfig> = {}) => {
    const { state } = await PublishState.load(path.join(dir, '.ajar', 'publish-state.json'));
    const target = new TusTarget({ name: 'mooc', state, config: { type: 'tus', endpoint: server.endpoint, chunkSize: 512 * 1024, retries: 8, retryDelayMs: 100, ...config } });
    return { state, target };
  };

  it('the server goes away mid-upload and comes back: the same run continues from the stored offset', async () => {
    const { state, target } = await open();
    const label = path.basename(pkg);
    const down = server.cutAtPatch(5); // after 4 chunks of 512 KiB
    const running = publish({ packages: [{ file: pkg, label }], targets: [target], state });
    await down;
    await new Promise((r) => setTimeout(r, 300));
    await server.start();
    const report = await running;

    expect(report.diagnostics).toEqual([]);
    expect(report.exitCode).toBe(0);
    const [action] = report.targets[0]!.actions;
    expect(action).toMatchObject({ action: 'upload', status: 'done', file: label });
    expect((await server.stored(action!.url!)).equals(readFileSync(pkg))).toBe(true);
    expect(sha256(await server.stored(action!.url!))).toBe(sha256(pkg));
    // One upload was created; after the restart the client asked for the offset and went on from it.
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const afterRestart = server.requests.slice(server.requests.findIndex((r) => r.method === 'HEAD'));
    expect(afterRestart.find((r) => r.method === 'PATCH')!.offset).toBe(2 * MiB);
    // Metadata the MOOC server receives.
    const info = JSON.parse(readFileSync(path.join(server.dir, `${action!.url!.split('/').pop()}.json`), 'utf8'));
    expect(info.metadata).toMatchObject({ courseId: 'moderasi-beragama', version: '1.2.0', format: 'scorm12', sha256: sha256(pkg), size: String(readFileSync(pkg).length) });
  });

  it('a second run sends nothing and says so', async () => {
    const before = server.requests.length;
    const { state, target } = await open();
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target], state });
    expect(report.exitCode).toBe(0);
    expect(report.sentBytes).toBe(0);
    expect(report.targets[0]!.actions.map((a) => a.status)).toEqual(['unchanged']);
    // The offset says complete; the server's bytes are then downloaded and hashed (verify_unchanged: download).
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(['HEAD', 'GET']);
    expect(report.targets[0]!.actions[0]!.checked).toBe('downloaded');
  });

  it('a same-size corruption of the server copy is found (download + sha256) and the package sent again', async () => {
    const stateFile = JSON.parse(readFileSync(path.join(dir, '.ajar', 'publish-state.json'), 'utf8'));
    const url = stateFile.targets.mooc['moderasi-beragama/1.2.0/scorm12'].url as string;
    const stored = path.join(server.dir, url.split('/').pop()!);
    const bytes = readFileSync(stored);
    bytes.fill(0, MiB, MiB + 16 * 1024); // 16 KiB zeroed: same size, same offset, same recorded hash
    writeFileSync(stored, bytes);

    const trusting = await open({ verifyUnchanged: 'none' });
    const blind = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [trusting.target], state: trusting.state });
    // The documented limit of `verify_unchanged: none`: only the record and the byte count are checked.
    expect(blind.targets[0]!.actions[0]).toMatchObject({ status: 'unchanged', checked: 'size-only' });

    const { state, target } = await open();
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target], state });
    expect(report.exitCode).toBe(0);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-server-copy-differs', severity: 'warning' }]);
    const [action] = report.targets[0]!.actions;
    expect(action).toMatchObject({ action: 'upload', status: 'done' });
    expect(action!.url).not.toBe(url);
    expect(sha256(await server.stored(action!.url!))).toBe(sha256(pkg));
  });

  it('5xx answers are retried with back-off and the upload completes', async () => {
    const small = await makePackage(path.join(dir, 'lima-ratus'), { version: '1.2.1', videoBytes: MiB });
    const before = server.requests.length;
    server.failNext('PATCH', 503, 2);
    const { state, target } = await open();
    const report = await publish({ packages: [{ file: small, label: 'small.zip' }], targets: [target], state });
    expect(report.diagnostics).toEqual([]);
    expect(report.targets[0]!.actions[0]).toMatchObject({ status: 'done' });
    const patches = server.requests.slice(before).filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThanOrEqual(3);
    expect(sha256(await server.stored(report.targets[0]!.actions[0]!.url!))).toBe(sha256(small));
  });

  it('a 4xx answer is not retried: one request, a clear rejection, exit 1', async () => {
    const big = await makePackage(path.join(dir, 'empat-ratus'), { version: '1.2.2', videoBytes: MiB });
    const before = server.requests.length;
    server.failNext('POST', 413, 1);
    const { state, target } = await open();
    const report = await publish({ packages: [{ file: big, label: 'besar.zip' }], targets: [target], state });
    expect(report.exitCode).toBe(1);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-rejected', data: { target: 'mooc', status: 413, detail: 'injected 413' } }]);
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(['POST']);
  });

  it('several targets: one unreachable does not stop the other; exit 1 names the failed one', async () => {
    const pkg2 = await makePackage(path.join(dir, 'dua tujuan'), { version: '1.2.3', videoBytes: MiB });
    const { state, target: good } = await open();
    const down = new TusTarget({ name: 'balai', state, config: { type: 'tus', endpoint: 'http://127.0.0.1:9/files', retries: 1, retryDelayMs: 10 } });
    const report = await publish({ packages: [{ file: pkg2, label: 'dua.zip' }], targets: [down, good], state });
    expect(report.exitCode).toBe(1);
    expect(report.targets.map((t) => [t.name, t.actions[0]!.status])).toEqual([
      ['balai', 'failed'],
      ['mooc', 'done'],
    ]);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-unreachable', data: { target: 'balai', attempts: 2 } }]);
  });

  it('without a state file, the server-side index (lookup) still knows the package', async () => {
    rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
    const before = server.requests.length;
    const { state, target } = await open({ lookup: `${server.endpoint}/by-sha256/{sha256}` });
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target], state });
    expect(report.targets[0]!.actions.map((a) => a.status)).toEqual(['unchanged']);
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual([`HEAD /files/by-sha256/${sha256(pkg)}`]);
  });

  it('lookup: a same-size corruption of the server copy is found (the index hashes the stored bytes) and the package sent again', async () => {
    // Every stored copy of the package: 16 KiB zeroed, same size, its upload metadata still naming the package's sha256.
    for (const name of readdirSync(server.dir).filter((n) => n.endsWith('.json'))) {
      const info = JSON.parse(readFileSync(path.join(server.dir, name), 'utf8'));
      if (info.metadata?.sha256 !== sha256(pkg)) continue;
      const stored = path.join(server.dir, name.slice(0, -5));
      const bytes = readFileSync(stored);
      bytes.fill(0, MiB, MiB + 16 * 1024);
      writeFileSync(stored, bytes);
    }
    const before = server.requests.length;
    const lookup = `${server.endpoint}/by-sha256/{sha256}`;
    const { state, target } = await open({ lookup });
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target], state });
    expect(report.exitCode).toBe(0);
    const [action] = report.targets[0]!.actions;
    expect(action).toMatchObject({ action: 'upload', status: 'done' });
    expect(server.requests.slice(before)[0]).toMatchObject({ method: 'HEAD', url: `/files/by-sha256/${sha256(pkg)}` });
    expect(sha256(await server.stored(action!.url!))).toBe(sha256(pkg));
    // The index knows the good copy now: the next run sends nothing.
    const next = await open({ lookup });
    const again = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [next.target], state: next.state });
    expect(again.targets[0]!.actions.map((a) => [a.status, a.checked])).toEqual([['unchanged', 'server-index']]);
    expect(again.sentBytes).toBe(0);
  });

  it('a server that does not serve uploads back: "sent" and "unchanged" rest on the size only, and a warning says so (not “corrupt”, not sent again)', async () => {
    const other = await makePackage(path.join(dir, 'tanpa unduh'), { version: '1.2.9', videoBytes: MiB });
    server.failNext('GET', 404, 1);
    const { state, target } = await open();
    const first = await publish({ packages: [{ file: other, label: 'tanpa-unduh.zip' }], targets: [target], state });
    expect(first.exitCode).toBe(0);
    expect(first.targets[0]!.actions[0]).toMatchObject({ status: 'done', checked: 'size-only' });
    expect(first.diagnostics).toMatchObject([{ ruleId: 'publish-cannot-verify', severity: 'warning', file: 'tanpa-unduh.zip', data: { status: 404 } }]);
    server.failNext('GET', 404, 1);
    const next = await open();
    const second = await publish({ packages: [{ file: other, label: 'tanpa-unduh.zip' }], targets: [next.target], state: next.state });
    expect(second.sentBytes).toBe(0);
    expect(second.targets[0]!.actions[0]).toMatchObject({ status: 'unchanged', checked: 'size-only' });
    expect(second.diagnostics.map((d) => d.ruleId)).toEqual(['publish-cannot-verify']);
  });
});

describe('ajar publish --target mooc (real process, tus)', () => {
  let server: TusTestServer;
  let dir: string;
  let pkg: string;
  beforeAll(async () => {
    server = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar kursus tus '));
    pkg = await makePackage(path.join(dir, 'dist'), { videoBytes: 8 * MiB, format: 'scorm2004' });
    writeFileSync(
      path.join(dir, 'ajar.yaml'),
      tusPublishYaml(server.endpoint, ['chunk_size: 524288', 'retries: 1', 'retry_delay_ms: 100']),
    );
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { MOOC_UPLOAD_TOKEN: TOKEN };
  const everything: string[] = [];
  const cli = async (args: string[], e: Record<string, string> = env) => {
    const r = await spawnCli(args, { cwd: dir, env: e });
    everything.push(r.stdout, r.stderr);
    return r;
  };

  it('a run cut off by the server fails with exit 1; the next run resumes from the state file; a third sends nothing', async () => {
    const down = server.cutAtPatch(7); // after 6 chunks of 512 KiB
    const first = cli(['publish', 'dist', '--target', 'mooc']);
    await down;
    const cut = await first;
    expect(cut.code, cut.stderr).toBe(1);
    expect(cut.stderr).toMatch(/Sending .*moderasi-beragama-1\.2\.0-scorm2004\.zip.* to “mooc” failed after 2 attempts: .*ECONNREFUSED/);
    expect(cut.stderr).toContain('run the same command again');
    expect(cut.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const state = JSON.parse(readFileSync(path.join(dir, '.ajar', 'publish-state.json'), 'utf8'));
    const entry = state.targets.mooc['moderasi-beragama/1.2.0/scorm2004'];
    expect(entry).toMatchObject({ sha256: sha256(pkg), complete: false });

    await server.start();
    const requestsBefore = server.requests.length;
    const second = await cli(['publish', 'dist', '--target', 'mooc']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('resumed');
    const resumed = server.requests.slice(requestsBefore);
    expect(resumed.filter((r) => r.method === 'POST')).toEqual([]);
    expect(resumed.find((r) => r.method === 'PATCH')!.offset).toBe(3 * MiB);
    expect(sha256(await server.stored(entry.url))).toBe(sha256(pkg));

    const third = await cli(['publish', 'dist', '--target', 'mooc', '--format', 'json']);
    expect(third.code, third.stderr).toBe(0);
    const report = JSON.parse(third.stdout);
    expect(report).toMatchObject({ version: 1, command: 'publish', ok: true, exitCode: 0, result: { sentBytes: 0, dryRun: false } });
    expect(report.result.targets[0].actions).toMatchObject([{ action: 'skip', status: 'unchanged', sha256: sha256(pkg) }]);
    const plain = await cli(['publish', 'dist', '--target', 'mooc']);
    expect(plain.stdout).toContain('Nothing to send');
  });

  it('--dry-run says what would be sent where and sends nothing', async () => {
    const other = await makePackage(path.join(dir, 'rilis-baru'), { version: '1.3.0', videoBytes: MiB });
    const before = server.requests.length;
    const r = await cli(['publish', path.relative(dir, other), '--target', 'mooc', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`would send  rilis-baru/moderasi-beragama-1.3.0-scorm12.zip → ${server.endpoint}`);
    expect(server.requests.slice(before).some((x) => x.method === 'POST' || x.method === 'PATCH')).toBe(false);
  });

  it('a wrong token gives one clear line and exit 1', async () => {
    const other = await makePackage(path.join(dir, 'salah'), { version: '2.0.0', videoBytes: MiB });
    const r = await cli(['publish', path.relative(dir, other), '--target', 'mooc'], { MOOC_UPLOAD_TOKEN: 'token-yang-keliru-123' });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => /(^|  )error  /.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Target “mooc” rejected the credentials (HTTP 401)');
    expect(r.stderr).toContain('MOOC_UPLOAD_TOKEN');
    expect(r.stderr + r.stdout).not.toContain('token-yang-keliru-123');
  });

  it('a missing environment variable is a configuration error (exit 2) naming the variable', async () => {
    const r = await cli(['publish', 'dist', '--target', 'mooc'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Environment variable “MOOC_UPLOAD_TOKEN”');
  });

  it('given a course folder, builds it first, then verifies and sends its packages', async () => {
    const init = await cli(['init', 'kursus baru']);
    expect(init.code, init.stderr).toBe(0);
    appendFileSync(
      path.join(dir, 'kursus baru', 'ajar.yaml'),
      tusPublishYaml(server.endpoint),
    );
    const posts = server.requests.filter((r) => r.method === 'POST').length;
    const r = await cli(['publish', 'kursus baru', '--target', 'mooc']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sent\s+kursus baru\/dist\/.+-1\.0\.0-scorm12\.zip → /);
    expect(r.stdout).toMatch(/sent\s+kursus baru\/dist\/.+-1\.0\.0-scorm2004\.zip → /);
    expect(server.requests.filter((x) => x.method === 'POST').length).toBe(posts + 2);
  });

  it('on a terminal, a progress bar is drawn while sending (in-process, TTY streams)', async () => {
    const other = await makePackage(path.join(dir, 'tty'), { version: '3.0.0', videoBytes: 3 * MiB });
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    const err = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    let stdout = '';
    let stderr = '';
    out.on('data', (c) => (stdout += c));
    err.on('data', (c) => (stderr += c));
    const code = await main(['publish', other, '--target', 'mooc', '--config', path.join(dir, 'ajar.yaml')], { cwd: dir, stdout: out, stderr: err, env: { ...env, LANG: 'en_US.UTF-8' } });
    everything.push(stdout, stderr);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/moderasi-beragama-3\.0\.0-scorm12\.zip\s+\[[█░]+\]\s+\d+%/);
    expect(stdout).toContain('✔ Done');
  });

  it('a server error page that echoes the request headers is shown with the token redacted', async () => {
    const other = await makePackage(path.join(dir, 'gema'), { version: '4.0.0', videoBytes: MiB });
    server.failNext('POST', 400, 1, true);
    const r = await cli(['publish', path.relative(dir, other), '--target', 'mooc', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const rejected = report.diagnostics.find((d: { ruleId: string }) => d.ruleId === 'publish-rejected');
    expect(rejected.hint).toContain('"authorization":"Bearer [redacted]"');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('the token never appears in anything the command printed', () => {
    expect(everything.join('').length).toBeGreaterThan(0);
    expect(everything.join('')).not.toContain(TOKEN);
    expect(existsSync(path.join(dir, '.ajar', 'publish-state.json'))).toBe(true);
    expect(readFileSync(path.join(dir, '.ajar', 'publish-state.json'), 'utf8')).not.toContain(TOKEN);
  });
});
