// Issue 15's "Done when": `ajar publish` sends cmi5 and xAPI packages — for real, not only in a dry run. A real
// CLI process sends the example course's cmi5 and xAPI zips to a real tus server on loopback; the server's
// stored bytes are the package's bytes, and a second run finds them there and sends nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { build } from '../../src/pipeline.js';
import { envelopeSchema } from '../../src/cli/envelope.js';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { repoRoot, sha256, spawnCli, tusPublishYaml } from './helpers.js';

const TOKEN = 'tus-rahasia-kirim-4e5f6a7b';

interface Action {
  action: string;
  status: string;
  file: string;
  sha256: string;
  url?: string;
  checked?: string;
}

describe('ajar publish sends cmi5 and xAPI packages (real process, real tus server)', () => {
  let server: TusTestServer;
  let dir: string;
  let files: Record<string, string>;

  beforeAll(async () => {
    server = await startTusServer({ token: TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'ajar kirim cmi5 '));
    const built = await build({ dir: path.join(repoRoot, 'examples/moderasi-beragama'), env: { PATH: process.env.PATH }, outDir: path.join(dir, 'paket kursus'), media: false, formats: ['cmi5', 'xapi'] });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    files = Object.fromEntries(built.packages.map((p) => [p.format, p.file]));
    writeFileSync(
      path.join(dir, 'ajar.yaml'),
      tusPublishYaml(server.endpoint),
    );
  }, 120_000);
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) => spawnCli(args, { cwd: dir, env: { MOOC_UPLOAD_TOKEN: TOKEN }, timeoutMs: 120_000 });

  it('both zips reach the server byte for byte; the report says done and counts the bytes', async () => {
    const r = await cli(['publish', 'paket kursus', '--target', 'mooc', '--format', 'json']);
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
    const r = await cli(['publish', 'paket kursus', '--target', 'mooc', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const envelope = JSON.parse(r.stdout);
    expect(envelope.result.sentBytes).toBe(0);
    expect(envelope.result.targets[0].actions.map((a: Action) => a.status)).toEqual(['unchanged', 'unchanged']);
    expect(server.requests.slice(before).some((x) => x.method === 'POST' || x.method === 'PATCH')).toBe(false);
  }, 120_000);
});
