// `ajar publish` sends cmi5 and xAPI packages as it sends SCORM ones (issue 15): verification before sending is
// the same dispatching verify as `ajar verify`, and the server's stored bytes are the packages'. Real CLI process
// against a real tus server on loopback; the packages are the example course's own, built by the pipeline.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { build } from '../../src/pipeline.js';
import { envelopeSchema } from '../../src/cli/envelope.js';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { repoRoot, sha256, spawnCli, tusPublishYaml } from './helpers.js';

const TOKEN = 'tus-rahasia-cmi5-0a1b2c3d';

interface Action {
  action: string;
  status: string;
  file: string;
  sha256: string;
  url?: string;
  checked?: string;
}

describe('ajar publish with cmi5 and xAPI packages (real process, tus): planned, then sent', () => {
  let server: TusTestServer;
  let dir: string;
  let files: Record<string, string>;
  const target = () => tusPublishYaml(server.endpoint);

  beforeAll(async () => {
    server = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar terbit cmi5 '));
    const built = await build({ dir: path.join(repoRoot, 'examples/moderasi-beragama'), env: { PATH: process.env.PATH }, outDir: path.join(dir, 'dist'), media: false, formats: ['cmi5', 'xapi'] });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    files = Object.fromEntries(built.packages.map((p) => [p.format, p.file]));
    writeFileSync(path.join(dir, 'ajar.yaml'), target());
  }, 120_000);
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) => spawnCli(args, { cwd: dir, env: { MOOC_UPLOAD_TOKEN: TOKEN } });

  it('a folder of cmi5 and xAPI zips: verified, planned, exit 0, nothing sent', async () => {
    const before = server.requests.length;
    const r = await cli(['publish', 'dist', '--target', 'mooc', '--dry-run', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const envelope = JSON.parse(r.stdout);
    expect(envelope).toMatchObject({ command: 'publish', ok: true, exitCode: 0, result: { dryRun: true, sentBytes: 0 } });
    expect(envelope.diagnostics).toEqual([]);
    const actions: Action[] = envelope.result.targets[0].actions;
    expect(actions.map((a) => [path.basename(a.file), a.action, a.status])).toEqual([
      ['moderasi-beragama-asn-1.2.0-cmi5.zip', 'upload', 'planned'],
      ['moderasi-beragama-asn-1.2.0-xapi.zip', 'upload', 'planned'],
    ]);
    expect(actions[0]!.sha256).toBe(sha256(files.cmi5!));
    expect(server.requests.slice(before).some((x) => x.method === 'POST' || x.method === 'PATCH')).toBe(false);
  });

  it('a single cmi5 zip in pretty output says what would be sent', async () => {
    const r = await cli(['publish', path.relative(dir, files.cmi5!), '--target', 'mooc', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`would send  dist/moderasi-beragama-asn-1.2.0-cmi5.zip → ${server.endpoint}`);
  });

  it('a broken cmi5 package is still refused, naming its problem', async () => {
    const broken = path.join(dir, 'rusak', 'moderasi-beragama-asn-1.2.1-cmi5.zip');
    cpSync(path.join(dir, 'dist'), path.join(dir, 'rusak'), { recursive: true });
    writeFileSync(broken, 'bukan zip');
    const r = await cli(['publish', path.relative(dir, broken), '--target', 'mooc', '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('zip-unreadable');
    expect(r.stderr).toContain('publish-verify-failed');
    // One error, one noun: not “(1 errors)”.
    expect(r.stderr).toContain('failed verification (1 error) and was not sent.');
  });

  it('a course folder: built, then its four packages (cmi5 and xAPI included) are planned from the build as they are', async () => {
    const course = path.join(dir, 'kursus moderasi');
    cpSync(path.join(repoRoot, 'examples/moderasi-beragama'), course, { recursive: true, filter: (src) => !/[\\/](dist|\.ajar)$/.test(src) });
    appendFileSync(path.join(course, 'ajar.yaml'), `\n${target()}`);
    const r = await cli(['publish', 'kursus moderasi', '--target', 'mooc', '--dry-run', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const actions: Action[] = JSON.parse(r.stdout).result.targets[0].actions;
    const uploads = actions.filter((a) => a.action === 'upload');
    expect(uploads.map((a) => path.basename(a.file))).toEqual([
      'moderasi-beragama-asn-1.2.0-scorm12.zip',
      'moderasi-beragama-asn-1.2.0-scorm2004.zip',
      'moderasi-beragama-asn-1.2.0-cmi5.zip',
      'moderasi-beragama-asn-1.2.0-xapi.zip',
    ]);
    for (const a of uploads) expect(a.sha256, a.file).toBe(sha256(path.join(dir, a.file)));
  }, 120_000);

  // Not only planned: sent. (Last in this file: afterwards the server holds both packages.)
  const send = (args: string[]) => spawnCli(args, { cwd: dir, env: { MOOC_UPLOAD_TOKEN: TOKEN }, timeoutMs: 120_000 });

  it('both zips reach the server byte for byte; the report says done and counts the bytes', async () => {
    const r = await send(['publish', 'dist', '--target', 'mooc', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const envelope = JSON.parse(r.stdout);
    expect(envelope).toMatchObject({ command: 'publish', ok: true, exitCode: 0 });
    // The envelope of a real send, every action field included, is what `ajar schema`'s output.schema.json describes.
    const validate = new Ajv({ strict: false }).compile(envelopeSchema());
    expect(validate(envelope), JSON.stringify(validate.errors)).toBe(true);
    const actions: Action[] = envelope.result.targets[0].actions;
    expect(actions.map((a) => a.checked)).toEqual(['downloaded', 'downloaded']);
    expect(actions.map((a) => [path.basename(a.file), a.action, a.status])).toEqual([
      ['moderasi-beragama-asn-1.2.0-cmi5.zip', 'upload', 'done'],
      ['moderasi-beragama-asn-1.2.0-xapi.zip', 'upload', 'done'],
    ]);
    const local = [files.cmi5!, files.xapi!];
    for (const [i, action] of actions.entries()) {
      expect(action.url, action.file).toBeTruthy();
      expect(sha256(await server.stored(action.url!)), action.file).toBe(sha256(local[i]!));
    }
    expect(envelope.result.sentBytes).toBe(local.reduce((sum, f) => sum + readFileSync(f).length, 0));
    expect(server.requests.filter((x) => x.method === 'PATCH').length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('a second run finds both on the server and sends nothing', async () => {
    const before = server.requests.length;
    const r = await send(['publish', 'dist', '--target', 'mooc', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const envelope = JSON.parse(r.stdout);
    expect(envelope.result.sentBytes).toBe(0);
    expect(envelope.result.targets[0].actions.map((a: Action) => a.status)).toEqual(['unchanged', 'unchanged']);
    expect(server.requests.slice(before).some((x) => x.method === 'POST' || x.method === 'PATCH')).toBe(false);
  }, 120_000);
});
