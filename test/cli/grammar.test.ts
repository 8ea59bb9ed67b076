// The one CLI grammar as a user (and a CI job) meets it, through the real bin/ajar.js: every command's
// `--format json` is one envelope valid against the schema `ajar schema` writes; ajar.yaml `rules:` change
// build's output; old spellings warn and still work; --strict and exit codes 0/1/2.

import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import { copyFixture } from '../support/tree.js';
import { repoRoot, spawnAjar } from '../support/cli.js';
import { startTusServer, type TusTestServer } from '../support/tus-server.js';
import { spawnCli } from '../publish/helpers.js';

const example = path.join(repoRoot, 'examples', 'moderasi-beragama');
const noFfmpeg = (course: string) => ({ FFMPEG_PATH: path.join(course, 'tidak-ada-ffmpeg') });

interface Envelope {
  version: number;
  command: string;
  ok: boolean;
  exitCode: number;
  diagnostics: { ruleId: string; severity: string; file: string | null; message: string }[];
  result: any;
}

let validate: ValidateFunction;
/** Parses stdout as the envelope and checks it against output.schema.json as written by `ajar schema`. */
function envelopeOf(stdout: string, command: string): Envelope {
  const json = JSON.parse(stdout) as Envelope;
  expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  expect(json.command).toBe(command);
  expect(json.ok).toBe(json.exitCode === 0);
  return json;
}

let course: string;
beforeAll(() => {
  const schemas = mkdtempSync(path.join(os.tmpdir(), 'ajar skema '));
  const r = spawnAjar(['schema', '-o', schemas]);
  expect(r.code, r.stderr).toBe(0);
  validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(path.join(schemas, 'output.schema.json'), 'utf8')));
  course = copyFixture(example);
  rmSync(path.join(course, 'dist'), { recursive: true, force: true });
});

describe('--format json: one versioned envelope, valid against the schema ajar schema writes', () => {
  it('check: the course and no diagnostics, exit 0', () => {
    const r = spawnAjar(['check', course, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const json = envelopeOf(r.stdout, 'check');
    expect(json).toMatchObject({ version: 1, ok: true, exitCode: 0, diagnostics: [], result: { course: { id: 'moderasi-beragama-asn', version: '1.2.0' } } });
  });

  it('build: the packages with their hashes; --format json is the report format, not an unknown package format', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ajar keluaran '));
    const r = spawnAjar(['build', course, '--format', 'json', '--formats', 'scorm12,cmi5', '--no-media', '-o', out]);
    expect(r.stderr).not.toContain('Unknown package format');
    expect(r.code, r.stderr).toBe(0);
    const json = envelopeOf(r.stdout, 'build');
    expect(json.result.packages.map((p: { format: string }) => p.format)).toEqual(['scorm12', 'cmi5']);
    expect(readdirSync(out).sort()).toEqual(['moderasi-beragama-asn-1.2.0-cmi5.zip', 'moderasi-beragama-asn-1.2.0-scorm12.zip']);
  });

  it('verify: one entry per package, diagnostics of all of them', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ajar verifikasi '));
    expect(spawnAjar(['build', course, '--formats', 'scorm2004', '--no-media', '--out', out]).code).toBe(0);
    const zip = path.join(out, 'moderasi-beragama-asn-1.2.0-scorm2004.zip');
    const r = spawnAjar(['verify', zip, '--format', 'json']);
    expect(r.code, r.stdout).toBe(0);
    const json = envelopeOf(r.stdout, 'verify');
    expect(json.result.packages).toEqual([expect.objectContaining({ file: zip })]);
  });

  it('init, schema, media and questions import print the envelope too', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'ajar amplop '));
    const init = spawnAjar(['init', 'kursus-baru', '--format', 'json'], { cwd: base });
    expect(init.code, init.stderr).toBe(0);
    expect(envelopeOf(init.stdout, 'init').result).toEqual({ dir: 'kursus-baru', id: 'kursus-baru', language: 'id' });
    const schema = spawnAjar(['schema', '-o', 'skema', '--format', 'json'], { cwd: base });
    expect(envelopeOf(schema.stdout, 'schema').result.files).toContain('output.schema.json');
    const media = spawnAjar(['media', 'kursus-baru', '--format', 'json'], { cwd: base, env: { FFMPEG_PATH: path.join(base, 'tidak-ada-ffmpeg') } });
    expect(media.code).toBe(2); // ajar media needs ffmpeg: an environment error, as an envelope
    expect(envelopeOf(media.stdout, 'media')).toMatchObject({ exitCode: 2, result: null });
    writeFileSync(path.join(base, 'soal.txt'), 'Ibu kota Indonesia adalah …\nA. Jakarta\nB. Bandung\nANSWER: A\n');
    const imported = spawnAjar(['questions', 'import', 'soal.txt', '--from', 'aiken', '--format', 'json'], { cwd: base });
    expect(imported.code, imported.stderr).toBe(0);
    expect(envelopeOf(imported.stdout, 'questions import').result).toMatchObject({ from: 'aiken', out: null, questions: 1, text: expect.stringContaining('- [x] Jakarta') });
  });

  it('a usage error is an envelope too: exit 2, the diagnostic, result null', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'ajar kosong '));
    const r = spawnAjar(['build', empty, '--format', 'json']);
    expect(r.code).toBe(2);
    const json = envelopeOf(r.stdout, 'build');
    expect(json).toMatchObject({ ok: false, exitCode: 2, result: null, diagnostics: [{ ruleId: 'no-syllabus', severity: 'error' }] });
  });
});

describe('publish --dry-run --format json', () => {
  let server: TusTestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTusServer({ token: 'tus-rahasia-grammar-1234' });
    dir = copyFixture(example);
    appendFileSync(
      path.join(dir, 'ajar.yaml'),
      ['', 'publish:', '  targets:', '    pusdiklat:', '      type: tus', `      endpoint: ${server.endpoint}`, '      credentials:', '        token: ${PUSDIKLAT_TOKEN}', ''].join('\n'),
    );
    expect(spawnAjar(['build', dir, '--formats', 'scorm12', '--no-media']).code).toBe(0);
  });
  afterAll(async () => server?.dispose());

  it('prints the plan in the envelope and sends nothing', async () => {
    const before = server.requests.length;
    const r = await spawnCli(['publish', 'dist', '--target', 'pusdiklat', '--dry-run', '--format', 'json'], { cwd: dir, env: { PUSDIKLAT_TOKEN: 'tus-rahasia-grammar-1234' } });
    expect(r.code, r.stderr).toBe(0);
    const json = envelopeOf(r.stdout, 'publish');
    expect(json.result).toMatchObject({ dryRun: true, sentBytes: 0, targets: [{ name: 'pusdiklat', type: 'tus' }] });
    expect(json.result.targets[0].actions.length).toBeGreaterThan(0);
    expect(server.requests.slice(before).some((x) => x.method === 'POST' || x.method === 'PATCH')).toBe(false);
    expect(r.stdout + r.stderr).not.toContain('tus-rahasia-grammar-1234');
  });

  it('no packages where it was pointed: exit 2 in the envelope', async () => {
    const r = await spawnCli(['publish', 'tidak-ada', '--dry-run', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const json = envelopeOf(r.stdout, 'publish');
    expect(json).toMatchObject({ exitCode: 2, result: null });
    // Every usage problem of the run at once: the name that holds no package, and (no token in this env) the secret.
    expect(json.diagnostics.map((d) => d.ruleId)).toEqual(['publish-no-packages', 'publish-missing-secret']);
  });
});

describe('ajar.yaml rules: apply to every stage of build', () => {
  it('media-not-transcoded: off removes the media stage’s warning from build’s output; error makes it fail', () => {
    const dir = copyFixture(example);
    const before = spawnAjar(['build', dir, '--formats', 'scorm12'], { env: noFfmpeg(dir) });
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('media-not-transcoded');

    appendFileSync(path.join(dir, 'ajar.yaml'), '  media-not-transcoded: off\n');
    const off = spawnAjar(['build', dir, '--formats', 'scorm12'], { env: noFfmpeg(dir) });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).not.toContain('media-not-transcoded');
    expect(off.stdout).toContain('✔');
    const offJson = envelopeOf(spawnAjar(['build', dir, '--formats', 'scorm12', '--format', 'json'], { env: noFfmpeg(dir) }).stdout, 'build');
    expect(offJson.diagnostics.map((d) => d.ruleId)).not.toContain('media-not-transcoded');

    writeFileSync(path.join(dir, 'ajar.yaml'), readFileSync(path.join(dir, 'ajar.yaml'), 'utf8').replace('media-not-transcoded: off', 'media-not-transcoded: error'));
    const error = spawnAjar(['build', dir, '--formats', 'scorm12', '--format', 'json'], { env: noFfmpeg(dir) });
    expect(error.code).toBe(1);
    expect(envelopeOf(error.stdout, 'build').diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'media-not-transcoded', severity: 'error' }));
  });
});

describe('ajar.yaml rules: apply to questions export too', () => {
  it('export-lossy: off silences GIFT’s warning about images; --strict then has nothing to fail on', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ajar aturan ')), 'kursus');
    mkdirSync(path.join(dir, 'bank'), { recursive: true });
    mkdirSync(path.join(dir, 'gambar'));
    writeFileSync(path.join(dir, 'syllabus.md'), '---\nid: kursus-lambang\ntitle: Lambang Negara\nversion: 1.0.0\n---\n');
    writeFileSync(path.join(dir, 'gambar/garuda.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    writeFileSync(
      path.join(dir, 'bank/lambang.md'),
      '---\ntype: bank\nid: bank-lambang\ntitle: Lambang negara\n---\n\n## Lambang negara {id=lambang}\n\n![Garuda Pancasila](../gambar/garuda.png)\n\nLambang negara Indonesia adalah …\n\n- [x] Garuda Pancasila\n- [ ] Elang Jawa\n',
    );
    const warned = spawnAjar(['questions', 'export', 'bank/lambang.md', '--formats', 'gift', '-o', 'lambang.gift', '--format', 'json'], { cwd: dir });
    expect(warned.code, warned.stderr).toBe(0);
    expect(envelopeOf(warned.stdout, 'questions export').diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'export-lossy', severity: 'warning' }));
    // --strict fails the run on that warning, and a failed export writes nothing and says so (no “Exported …”).
    const strict = spawnAjar(['questions', 'export', 'bank/lambang.md', '--formats', 'gift', '-o', 'lambang ketat.gift', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(existsSync(path.join(dir, 'lambang ketat.gift'))).toBe(false);
    expect(strict.stderr).toContain('Nothing was exported: fix the problems above and run again.');
    expect(strict.stderr).not.toContain('Exported');
    const toStdout = spawnAjar(['questions', 'export', 'bank/lambang.md', '--formats', 'gift', '--strict'], { cwd: dir });
    expect(toStdout.code).toBe(1);
    expect(toStdout.stdout).not.toContain('Garuda');

    writeFileSync(path.join(dir, 'ajar.yaml'), 'rules:\n  export-lossy: off\n');
    const quiet = spawnAjar(['questions', 'export', 'bank/lambang.md', '--formats', 'gift', '-o', 'lambang.gift', '--format', 'json', '--strict'], { cwd: dir });
    expect(quiet.code, quiet.stdout).toBe(0);
    expect(envelopeOf(quiet.stdout, 'questions export').diagnostics.map((d) => d.ruleId)).not.toContain('export-lossy');
  });
});

describe('--strict and exit codes', () => {
  it('build --strict fails on a warning (exit 1); without it the same build passes (exit 0)', () => {
    const dir = copyFixture(example);
    const plain = spawnAjar(['build', dir, '--formats', 'scorm12', '--format', 'json'], { env: noFfmpeg(dir) });
    expect(plain.code).toBe(0);
    expect(envelopeOf(plain.stdout, 'build').diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'media-not-transcoded', severity: 'warning' }));
    const strict = spawnAjar(['build', dir, '--formats', 'scorm12', '--strict'], { env: noFfmpeg(dir) });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/error +.*media-not-transcoded/);
  });

  it('an output path the file system refuses is a usage problem (exit 2, envelope, both languages), not an ajar bug (70)', () => {
    const dir = copyFixture(example);
    const file = spawnAjar(['build', dir, '--formats', 'scorm12', '-o', path.join(dir, 'ajar.yaml'), '--format', 'json'], { env: noFfmpeg(dir) });
    expect(file.code, file.stderr).toBe(2);
    const json = envelopeOf(file.stdout, 'build');
    expect(json.diagnostics).toEqual([expect.objectContaining({ ruleId: 'path-unusable', severity: 'error' })]);
    expect(json.diagnostics[0]!.message).toContain('it exists as a file');
    expect(file.stderr).not.toContain('Unexpected error');
    const id = spawnAjar(['--lang', 'id', 'schema', '-o', path.join(dir, 'ajar.yaml', 'skema')]);
    expect(id.code).toBe(2);
    expect(id.stderr).toMatch(/galat\s+“.*ajar\.yaml\/skema” tidak dapat dipakai: salah satu bagiannya adalah berkas, bukan folder\.\s+path-unusable/);
    expect(id.stderr).not.toMatch(/\n\s+at /);
  });

  it('0 for a clean check, 1 for a course with errors, 2 for usage errors (unknown format, bad integer, no course)', () => {
    expect(spawnAjar(['check', course]).code).toBe(0);
    const broken = copyFixture(example);
    const syllabus = path.join(broken, 'syllabus.md');
    writeFileSync(syllabus, readFileSync(syllabus, 'utf8').replace('(materi/02-landasan.md)', '(materi/02-landasn.md)'));
    const one = spawnAjar(['check', broken]);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('02-landasn.md');

    const unknown = spawnAjar(['build', course, '--formats', 'scorm3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown package format “scorm3”');
    const integer = spawnAjar(['media', course, '--concurrency', 'dua']);
    expect(integer.code).toBe(2);
    expect(integer.stderr).toContain('--concurrency must be a whole number ≥ 1');
    // Asked for JSON, a CI job gets the usage error as an envelope too.
    const integerJson = spawnAjar(['--lang', 'id', 'media', course, '--concurrency', 'dua', '--format', 'json']);
    expect(integerJson.code).toBe(2);
    expect(envelopeOf(integerJson.stdout, 'media')).toMatchObject({ exitCode: 2, result: null, diagnostics: [{ ruleId: 'usage-error', message: expect.stringContaining('--concurrency') }] });
    const port = spawnAjar(['preview', course, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number 0–65535');
    expect(spawnAjar(['check', mkdtempSync(path.join(os.tmpdir(), 'ajar kosong '))]).code).toBe(2);
  });
});

describe('Ctrl+C', () => {
  it('build stopped while transcoding exits 130 and writes no package', async () => {
    const dir = copyFixture(example);
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    rmSync(path.join(dir, '.ajar'), { recursive: true, force: true }); // no cached renditions: the build has to transcode
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/ajar.js'), 'build', dir, '--formats', 'scorm12'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<void>((resolve) => child.stderr.on('data', (c) => ((stderr += c), resolve())));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await started;
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Stopped.');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('deprecated spellings: one line of warning, same result', () => {
  it('build --format scorm12 builds SCORM 1.2 and says to use --formats; --json prints the envelope', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ajar lama '));
    const r = spawnAjar(['build', course, '--format', 'scorm12', '--no-media', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('⚠ --format scorm12 is deprecated and will be removed in the next release: use --formats scorm12.');
    expect(r.stderr).toContain('⚠ --json is deprecated and will be removed in the next release: use --format json.');
    expect(envelopeOf(r.stdout, 'build').result.packages.map((p: { format: string }) => p.format)).toEqual(['scorm12']);
    expect(readdirSync(out)).toEqual(['moderasi-beragama-asn-1.2.0-scorm12.zip']);
  });

  it('questions export --to and --output still write the file, with the warning in Indonesian', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'ajar soal '));
    const bank = path.join(work, 'bank.md');
    writeFileSync(bank, '---\ntype: bank\nid: bank-pancasila\ntitle: Pancasila\n---\n\n## Sila pertama {id=sila-1}\n\nSila pertama Pancasila adalah …\n\n- [x] Ketuhanan Yang Maha Esa\n- [ ] Persatuan Indonesia\n');
    const r = spawnAjar(['--lang', 'id', 'questions', 'export', 'bank.md', '--to', 'gift', '--output', 'bank.gift'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('⚠ --to gift sudah usang');
    expect(r.stderr).toContain('gunakan --formats gift');
    expect(r.stderr).toContain('⚠ --output sudah usang');
    expect(readFileSync(path.join(work, 'bank.gift'), 'utf8')).toContain('Ketuhanan Yang Maha Esa');
    expect(existsSync(path.join(work, 'bank.gift'))).toBe(true);
  });
});

describe('docs/cli.md', () => {
  it('its table lists every option each command’s --help shows, and nothing else', async () => {
    const { runAjar } = await import('../support/cli.js');
    const doc = readFileSync(path.join(repoRoot, 'docs/cli.md'), 'utf8').split('## Every command’s options')[1]!.split('\n## ')[0]!;
    const rows = new Map(
      [...doc.matchAll(/^\| `ajar ([a-z ]+?)(?: [[<][^`]*)?` \|(.*)$/gm)].map((m) => [m[1]!, new Set(m[2]!.match(/--[a-z-]+/g) ?? [])]),
    );
    const commands = ['init', 'check', 'schema', 'media', 'worker', 'build', 'verify', 'publish', 'preview', 'questions import', 'questions export'];
    expect([...rows.keys()].sort()).toEqual([...commands].sort());
    for (const command of commands) {
      const help = await runAjar([...command.split(' '), '--help']);
      const options = new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help'));
      expect([...rows.get(command)!].sort(), command).toEqual([...options].sort());
    }
  });
});
