// ajar publish under network faults, as a real process: a server that accepts connections and closes
// them, one that accepts and never answers. Every run must end on its own, within the configured
// timeouts, with a report (pretty or the JSON envelope) and exit 1 — never a silent exit 0.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBlackhole, startCloser, startProxy, type FaultServer } from '../support/faults/index.js';
import { startTusServer } from '../support/tus-server.js';
import { publish } from '../../src/publish/run.js';
import { PublishState } from '../../src/publish/state.js';
import { TusTarget } from '../../src/publish/targets/tus.js';
import { makePackage, MiB, sha256, spawnCli } from './helpers.js';

const TOKEN = 'token-unggah-pusdiklat-3c9a1e';

function yaml(lines: string[]): string {
  return ['publish:', '  targets:', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

describe('ajar publish against servers that close or stall', () => {
  let dir: string;
  let closer: FaultServer;
  let blackhole: FaultServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish gangguan '));
    await makePackage(path.join(dir, 'dist'), { videoBytes: MiB });
    closer = await startCloser();
    blackhole = await startBlackhole();
  });
  afterAll(async () => {
    await closer.close();
    await blackhole.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (config: string, args: string[], env: Record<string, string> = { MOOC_UPLOAD_TOKEN: TOKEN }) => {
    writeFileSync(path.join(dir, 'ajar.yaml'), config);
    return spawnCli(['publish', 'dist', ...args], { cwd: dir, env, timeoutMs: 90_000 });
  };

  it('a tus server that accepts and closes every connection: exit 1 and a JSON envelope, not a silent exit 0', async () => {
    const r = await cli(
      yaml([
        'mooc:',
        '  type: tus',
        `  endpoint: http://127.0.0.1:${closer.port}/files`,
        `  lookup: http://127.0.0.1:${closer.port}/files/by-sha256/{sha256}`,
        '  credentials:', '    token: ${MOOC_UPLOAD_TOKEN}',
        '  retries: 1',
        '  retry_delay_ms: 50',
      ]),
      ['--format', 'json'],
    );
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'publish', ok: false, exitCode: 1 });
    const errors = report.diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].ruleId).toBe('publish-unreachable');
    expect(errors[0].message).toMatch(/to “mooc” failed after 2 attempts: .*(closed the connection|socket hang up|ECONNRESET)/);
    expect(closer.connections).toBeGreaterThanOrEqual(2);
  });

  it('a tus server that accepts and never answers: one line naming the timeout, exit 1, within the configured seconds', async () => {
    const r = await cli(
      yaml(['mooc:', '  type: tus', `  endpoint: http://127.0.0.1:${blackhole.port}/files`, '  credentials:', '    token: ${MOOC_UPLOAD_TOKEN}', '  retries: 0', '  response_timeout: 1']),
      [],
    );
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => /(^|  )error  /.test(l));
    expect(errors, r.stderr).toHaveLength(1);
    expect(errors[0]).toContain('to “mooc” failed after 1 attempt: no answer within 1 s (response_timeout)');
    expect(r.stderr).toContain('✖ Publishing did not complete: 1 error.');
    // Node start-up, verification and hashing included, on a loaded machine: far from undici’s 5 minutes per request.
    expect(r.ms).toBeLessThan(60_000);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('an s3 endpoint that never answers: exit 1 within the configured seconds', async () => {
    const r = await cli(
      yaml([
        'pusat:',
        '  type: s3',
        `  endpoint: http://127.0.0.1:${blackhole.port}`,
        '  bucket: kursus-bpsdm',
        '  credentials:',
        '    access_key_id: ${AJAR_S3_ID}',
        '    secret_access_key: ${AJAR_S3_SECRET}',
        '  retries: 0',
        '  response_timeout: 1',
        '  idle_timeout: 1',
      ]),
      ['--format', 'json'],
      { AJAR_S3_ID: 'AKIAPUSDIKLAT', AJAR_S3_SECRET: 'rahasia-s3-yang-panjang-91' },
    );
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['publish-unreachable']);
    expect(report.diagnostics[0].message).toContain('no answer within 1 s (response_timeout)');
    expect(r.ms).toBeLessThan(60_000);
  });

  it('Ctrl-C while a request waits: a line, the JSON envelope still printed, exit 130', async () => {
    const running = cli(
      yaml(['mooc:', '  type: tus', `  endpoint: http://127.0.0.1:${blackhole.port}/files`, '  credentials:', '    token: ${MOOC_UPLOAD_TOKEN}', '  response_timeout: 60']),
      ['--format', 'json'],
    );
    // Once the upload request reached the stalled server, press Ctrl-C.
    const before = blackhole.connections;
    for (let i = 0; i < 400 && blackhole.connections === before; i++) await new Promise((r) => setTimeout(r, 50));
    running.child.kill('SIGINT');
    const r = await running;
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('Stopping… (report follows)');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'publish', exitCode: 130, ok: false, result: { interrupted: true } });
    expect(report.result.targets[0].actions[0]).toMatchObject({ status: 'interrupted' });
  });

  it.each([
    ['tus, its lookup HEAD', () => ['mooc:', '  type: tus', `  endpoint: http://127.0.0.1:${blackhole.port}/files`, `  lookup: http://127.0.0.1:${blackhole.port}/files/by-sha256/{sha256}`, '  credentials:', '    token: ${MOOC_UPLOAD_TOKEN}', '  response_timeout: 60']],
    ['s3, its HeadBucket', () => ['pusat:', '  type: s3', `  endpoint: http://127.0.0.1:${blackhole.port}`, '  bucket: kursus-bpsdm', '  credentials:', '    access_key_id: ${AJAR_S3_ID}', '    secret_access_key: ${AJAR_S3_SECRET}', '  response_timeout: 60', '  idle_timeout: 60']],
  ])('Ctrl-C while the plan waits for an answer (%s): stops at once, exit 130, no failure made up, the envelope', async (_name, lines) => {
    const running = cli(yaml(lines()), ['--format', 'json', '--lang', 'id'], { MOOC_UPLOAD_TOKEN: TOKEN, AJAR_S3_ID: 'AKIAPUSDIKLAT', AJAR_S3_SECRET: 'rahasia-s3-yang-panjang-91' });
    const before = blackhole.connections;
    for (let i = 0; i < 400 && blackhole.connections === before; i++) await new Promise((r) => setTimeout(r, 50));
    const pressed = Date.now();
    running.child.kill('SIGINT');
    const r = await running;
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    // Before: the Ctrl-C waited for every retry of a 60 s timeout (minutes), then reported the target unreachable.
    expect(Date.now() - pressed).toBeLessThan(30_000);
    expect(r.stderr).toContain('Menghentikan… (laporan menyusul)');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'publish', exitCode: 130, ok: false, result: { interrupted: true, sentBytes: 0 } });
    expect(report.diagnostics).toEqual([]);
  });

  it('a timeout of 0 seconds is a configuration error at its ajar.yaml line (exit 2)', async () => {
    const r = await cli(yaml(['mooc:', '  type: tus', `  endpoint: http://127.0.0.1:${closer.port}/files`, '  connect_timeout: 0']), []);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/ajar\.yaml:6:\d+/);
    expect(r.stderr).toContain('connect_timeout');
  });
});

/** An S3 endpoint that knows the bucket but refuses every write with a 403 of the given code. */
async function refusingS3(code: string): Promise<{ endpoint: string; writes: () => number; close: () => Promise<void> }> {
  let writes = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    const [, , key] = (req.url ?? '').split('?')[0]!.split('/');
    if (req.method === 'HEAD') {
      res.writeHead(key ? 404 : 200).end();
      return;
    }
    writes++;
    res.writeHead(403, { 'Content-Type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>refused</Message><RequestId>tx1</RequestId></Error>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    writes: () => writes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('S3 403 answers are told apart', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish 403 '));
    await makePackage(path.join(dir, 'dist'), { videoBytes: MiB });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['QuotaExceeded', 'publish-quota-exceeded', 'its storage quota is full (HTTP 403 QuotaExceeded)'],
    ['RequestTimeTooSkewed', 'publish-clock-skew', "this computer's clock is too far from the server's"],
    ['AccessDenied', 'publish-auth-failed', 'rejected the credentials (HTTP 403 AccessDenied)'],
  ])('403 %s → %s, one error line', async (code, ruleId, text) => {
    const s3 = await refusingS3(code);
    try {
      writeFileSync(
        path.join(dir, 'ajar.yaml'),
        yaml(['pusat:', '  type: s3', `  endpoint: ${s3.endpoint}`, '  bucket: kursus-bpsdm', '  credentials:', '    access_key_id: ${AJAR_S3_ID}', '    secret_access_key: ${AJAR_S3_SECRET}', '  retries: 0']),
      );
      const r = await spawnCli(['publish', 'dist'], { cwd: dir, env: { AJAR_S3_ID: 'AKIAPUSDIKLAT', AJAR_S3_SECRET: 'rahasia-s3-yang-panjang-91' }, timeoutMs: 90_000 });
      expect(r.code, r.stderr).toBe(1);
      const errors = r.stderr.split('\n').filter((l) => /(^|  )error  /.test(l));
      expect(errors, r.stderr).toHaveLength(1);
      expect(errors[0]).toContain(text);
      expect(errors[0]).toContain(ruleId);
    } finally {
      await s3.close();
    }
  });
});

describe('a link that drops in the middle of a chunk', () => {
  it('the part of the cut chunk the server kept counts as sent, and is not sent again', async () => {
    const server = await startTusServer();
    const proxy = await startProxy(server.port);
    const dir = mkdtempSync(path.join(tmpdir(), 'ajar publish putus '));
    try {
      const pkg = await makePackage(dir, { videoBytes: 3 * MiB });
      const size = (await import('node:fs')).statSync(pkg).size;
      const { state } = await PublishState.load(path.join(dir, 'state.json'));
      const endpoint = `http://127.0.0.1:${proxy.port}/files`;
      const target = new TusTarget({ name: 'mooc', state, config: { type: 'tus', endpoint, chunkSize: MiB, retries: 3, retryDelayMs: 200 } });
      proxy.cutAfter(MiB + MiB / 2); // the POST, the first chunk, then half of the second
      const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target], state });
      expect(report.diagnostics).toEqual([]);
      const [action] = report.targets[0]!.actions;
      expect(action).toMatchObject({ status: 'done' });
      // The server kept part of the cut chunk and the client went on from the server's offset.
      const resumed = server.requests.filter((r) => r.method === 'PATCH').map((r) => r.offset!);
      expect(resumed.some((o) => o % MiB !== 0)).toBe(true);
      expect(report.sentBytes).toBe(size);
      expect(sha256(await server.stored(action!.url!.replace(endpoint, server.endpoint)))).toBe(sha256(pkg));
    } finally {
      await proxy.close();
      await server.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
