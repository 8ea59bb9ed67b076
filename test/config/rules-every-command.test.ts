// ajar.yaml `rules:` changes the output of every command that works on a course (docs/cli.md, “rules: in
// ajar.yaml, for every command”): check, media, build, publish --dry-run and questions import/export, each
// run through the real bin/ajar.js (lib/ and the bundle: `node scripts/build.mjs` first). For each command
// one rule it raises by default is shown, then turned off (gone from the envelope and the report) or raised
// to error (exit 1). A command that read `rules:` only for some of its findings, or not at all, fails here.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';

const bin = path.resolve(import.meta.dirname, '../../bin/ajar.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A child process that does not block this process's tus server (publish talks to it). */
function ajar(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

interface Envelope {
  command: string;
  exitCode: number;
  diagnostics: { ruleId: string; severity: string }[];
}

/** The JSON envelope of a `--format json` run, its exit code checked against the process's. */
function envelope(run: Run, command: string): Envelope {
  const json = JSON.parse(run.stdout) as Envelope;
  expect(json.command).toBe(command);
  expect(json.exitCode, run.stderr).toBe(run.code);
  return json;
}

const found = (json: Envelope) => json.diagnostics.map((d) => `${d.ruleId}:${d.severity}`);

const TOKEN = 'tus-rahasia-aturan-5678';
let course: string;
let server: TusTestServer;

/** ajar.yaml: the publish target, then the given `rules:` (none: the rules' own severities). */
function setRules(rules: Record<string, string>): void {
  const lines = ['publish:', '  targets:', '    pusdiklat:', '      type: tus', `      endpoint: ${server.endpoint}`, '      credentials:', '        token: ${PUSDIKLAT_TOKEN}'];
  const entries = Object.entries(rules);
  if (entries.length) lines.push('rules:', ...entries.map(([rule, setting]) => `  ${rule}: "${setting}"`));
  writeFileSync(path.join(course, 'ajar.yaml'), `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  server = await startTusServer({ token: TOKEN });
  course = path.join(mkdtempSync(path.join(os.tmpdir(), 'ajar aturan ')), 'etika pelayanan');
  for (const dir of ['materi', 'gambar', 'bank']) mkdirSync(path.join(course, dir), { recursive: true });
  writeFileSync(
    path.join(course, 'syllabus.md'),
    '---\nid: etika-pelayanan\ntitle: Etika Pelayanan Publik\nversion: 1.0.0\n---\n\nKursus singkat tentang etika pelayanan publik.\n\n## Modul Satu\n\n- [Asas pelayanan](materi/asas.md)\n',
  );
  writeFileSync(
    path.join(course, 'materi/asas.md'),
    '---\ntitle: Asas pelayanan\n---\n\nPelayanan publik berasaskan kepentingan umum dan kepastian hukum.\n\n![Bagan asas pelayanan](../gambar/bagan.png)\n',
  );
  // check: a lesson the outline never links (unlinked-file, a warning).
  writeFileSync(path.join(course, 'materi/catatan-lama.md'), '---\ntitle: Catatan lama\n---\n\nCatatan rapat yang belum dihapus.\n');
  // media (and so build and publish): an image sharp cannot read (image-not-optimised, a warning; no ffmpeg needed).
  writeFileSync(path.join(course, 'gambar/bagan.png'), 'bukan berkas PNG, hanya teks');
  // questions import: a Moodle id number ajar cannot use (import-lossy).
  writeFileSync(path.join(course, 'asas.gift'), '// [id:asas satu]\n::Asas kepentingan umum:: Pelayanan publik mendahulukan kepentingan {=umum ~pribadi ~golongan}\n');
  // questions export: a question with an image, which GIFT does not carry (export-lossy).
  writeFileSync(
    path.join(course, 'bank/bagan.md'),
    '---\ntype: bank\nid: bank-bagan\ntitle: Bagan asas\n---\n\n## Bagan asas {id=bagan}\n\n![Bagan asas pelayanan](../gambar/bagan.png)\n\nAsas yang mendahulukan kepentingan umum adalah …\n\n- [x] Kepentingan umum\n- [ ] Kepentingan golongan\n',
  );
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  if (course) rmSync(path.dirname(course), { recursive: true, force: true });
});

/**
 * `rule` is a warning in the command's output; turned off it is gone; raised to error the command fails (exit 1).
 * With `only`, it is the command's one finding.
 */
async function offAndError(args: string[], command: string, rule: string, only = false): Promise<void> {
  const has = (json: Envelope, severity: string) => (only ? expect(found(json)).toEqual([`${rule}:${severity}`]) : expect(found(json)).toContain(`${rule}:${severity}`));
  setRules({});
  const plain = envelope(await ajar(args, course), command);
  expect(plain.exitCode).toBe(0);
  has(plain, 'warning');

  setRules({ [rule]: 'off' });
  const off = found(envelope(await ajar(args, course), command));
  if (only) expect(off).toEqual([]);
  else expect(off.filter((f) => f.startsWith(`${rule}:`))).toEqual([]);

  setRules({ [rule]: 'error' });
  const error = envelope(await ajar(args, course), command);
  expect(error.exitCode).toBe(1);
  has(error, 'error');
}

describe('rules: in ajar.yaml changes every command’s output', () => {
  it('check: unlinked-file off is gone (from the report too); error fails the check', async () => {
    await offAndError(['check', course, '--format', 'json'], 'check', 'unlinked-file');
    setRules({ 'unlinked-file': 'off' });
    const off = await ajar(['check', course], course);
    expect(off.code, off.stdout).toBe(0);
    expect(off.stdout).not.toContain('unlinked-file');
  });

  it('media: the media stage’s own image-not-optimised off is gone; error fails the command', async () => {
    await offAndError(['media', course, '--format', 'json'], 'media', 'image-not-optimised');
  });

  it('build: image-not-optimised off is gone and the package is written; error stops the build before anything is written', async () => {
    const dist = path.join(course, 'dist');
    setRules({ 'image-not-optimised': 'off' });
    const off = envelope(await ajar(['build', course, '--formats', 'scorm12', '--format', 'json'], course), 'build');
    expect(off.exitCode).toBe(0);
    expect(found(off)).not.toContain('image-not-optimised:warning');
    expect(readdirSync(dist)).toEqual(['etika-pelayanan-1.0.0-scorm12.zip']);

    rmSync(dist, { recursive: true });
    setRules({ 'image-not-optimised': 'error' });
    const error = envelope(await ajar(['build', course, '--formats', 'scorm12', '--format', 'json'], course), 'build');
    expect(error.exitCode).toBe(1);
    expect(found(error)).toContain('image-not-optimised:error');
    expect(existsSync(dist)).toBe(false);
  });

  it('publish --dry-run: its own publish-state-unreadable off is gone; a build rule raised to error stops it', async () => {
    mkdirSync(path.join(course, '.ajar'), { recursive: true });
    writeFileSync(path.join(course, '.ajar/publish-state.json'), '{ "uploads": [ terpotong');
    const env = { PUSDIKLAT_TOKEN: TOKEN };
    const args = ['publish', course, '--target', 'pusdiklat', '--dry-run', '--format', 'json'];
    setRules({});
    const plain = envelope(await ajar(args, course, env), 'publish');
    expect(plain.exitCode).toBe(0);
    expect(found(plain)).toContain('publish-state-unreadable:warning');

    setRules({ 'publish-state-unreadable': 'off' });
    const off = envelope(await ajar(args, course, env), 'publish');
    expect(off.exitCode).toBe(0);
    expect(found(off)).not.toContain('publish-state-unreadable:warning');

    setRules({ 'image-not-optimised': 'error' });
    const error = envelope(await ajar(args, course, env), 'publish');
    expect(error.exitCode).toBe(1);
    expect(found(error)).toEqual(expect.arrayContaining(['image-not-optimised:error', 'publish-build-failed:error']));
    expect(server.requests.some((r) => r.method === 'POST' || r.method === 'PATCH')).toBe(false);
  });

  it('publish <course>: the build’s warnings are in publish’s report, turned off they are gone, and under --strict nothing is sent', async () => {
    rmSync(path.join(course, '.ajar/publish-state.json'), { force: true });
    const env = { PUSDIKLAT_TOKEN: TOKEN };
    const args = ['publish', course, '--target', 'pusdiklat', '--dry-run', '--format', 'json'];
    setRules({});
    const plain = envelope(await ajar(args, course, env), 'publish');
    expect(plain.exitCode).toBe(0);
    expect(found(plain)).toContain('image-not-optimised:warning');

    setRules({ 'image-not-optimised': 'off' });
    const off = envelope(await ajar(args, course, env), 'publish');
    expect(off.exitCode).toBe(0);
    expect(found(off).filter((f) => f.startsWith('image-not-optimised'))).toEqual([]);

    setRules({});
    const before = server.requests.length;
    const strict = envelope(await ajar(['publish', course, '--target', 'pusdiklat', '--strict', '--format', 'json'], course, env), 'publish');
    expect(strict.exitCode).toBe(1);
    expect(found(strict)).toEqual(expect.arrayContaining(['image-not-optimised:error', 'publish-build-failed:error']));
    expect(server.requests.slice(before).some((r) => r.method === 'POST' || r.method === 'PATCH')).toBe(false);
  });

  it('questions import: import-lossy off is gone; error fails the import', async () => {
    await offAndError(['questions', 'import', 'asas.gift', '-o', 'bank/asas.md', '--format', 'json'], 'questions import', 'import-lossy', true);
  });

  it('questions export: export-lossy off is gone; error fails the export', async () => {
    await offAndError(['questions', 'export', 'bank/bagan.md', '--formats', 'gift', '-o', 'bagan.gift', '--format', 'json'], 'questions export', 'export-lossy', true);
  });
});
