// The pure parts of publish: the plan, package names, back-off, redaction, progress lines, and the
// publish section of ajar.yaml (located literal secrets, missing variables, schema).

import { describe, expect, it } from 'vitest';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planPublish, bytesToSend, type Destination, type RemoteObject } from '../../src/publish/plan.js';
import { parsePackageName, type PackageArtifact } from '../../src/publish/artifacts.js';
import { backoffDelays, isRetryable } from '../../src/publish/retry.js';
import { makeRedactor, REDACTED, redactUrl } from '../../src/util/redact.js';
import { renderProgressLine } from '../../src/publish/progress.js';
import { publishConfigFrom, resolveCredentials } from '../../src/publish/config.js';
import { readConfigFile } from '../../src/config/load.js';
import { latestObjectKey, mediaObjectKey, releaseObjectKey } from '../../src/publish/targets/s3.js';
import { formatOne } from '../../src/diagnostics/report.js';
import { runAjar } from '../support/cli.js';
import { makePackage } from './helpers.js';

const artifact = (sha256: string, size = 1000): PackageArtifact => ({
  kind: 'package',
  file: '/tmp/moderasi-beragama-1.2.0-scorm12.zip',
  label: 'dist/moderasi-beragama-1.2.0-scorm12.zip',
  sha256,
  size,
  contentType: 'application/zip',
  courseId: 'moderasi-beragama',
  version: '1.2.0',
  format: 'scorm12',
});

const s3Pair = (a: PackageArtifact): Destination[] => [
  { id: 'r', display: 's3://b/r', role: 'release', artifact: a },
  { id: 'l', display: 's3://b/l', role: 'latest', artifact: a, copyOf: 'r' },
];

describe('planPublish', () => {
  it('nothing on the target: upload the release, then copy it to the stable key', () => {
    const actions = planPublish(s3Pair(artifact('aa')), new Map());
    expect(actions.map((a) => [a.kind, a.destination.id, a.from])).toEqual([
      ['upload', 'r', undefined],
      ['copy', 'l', 'r'],
    ]);
    expect(bytesToSend(actions)).toBe(1000);
  });

  it('everything there with the same sha256: skip all, send nothing', () => {
    const remote = new Map<string, RemoteObject>([
      ['r', { complete: true, sha256: 'aa' }],
      ['l', { complete: true, sha256: 'aa' }],
    ]);
    const actions = planPublish(s3Pair(artifact('aa')), remote);
    expect(actions.map((a) => a.kind)).toEqual(['skip', 'skip']);
    expect(bytesToSend(actions)).toBe(0);
  });

  it('a new release: the stable key holding the old one is replaced by a copy', () => {
    const actions = planPublish(s3Pair(artifact('bb')), new Map([['l', { complete: true, sha256: 'aa' }]]));
    expect(actions.map((a) => a.kind)).toEqual(['upload', 'copy']);
  });

  it('a release key with other content is refused and the stable key is left alone; --force overwrites', () => {
    const remote = new Map<string, RemoteObject>([
      ['r', { complete: true, sha256: 'aa' }],
      ['l', { complete: true, sha256: 'aa' }],
    ]);
    expect(planPublish(s3Pair(artifact('bb')), remote).map((a) => [a.kind, a.destination.id])).toEqual([['conflict', 'r']]);
    expect(planPublish(s3Pair(artifact('bb')), remote, { force: true }).map((a) => a.kind)).toEqual(['upload', 'copy']);
  });

  it('an interrupted upload of the same bytes resumes from its offset; of other bytes starts over', () => {
    const upload: Destination[] = [{ id: 'moderasi-beragama/1.2.0/scorm12', display: 'tus', role: 'upload', artifact: artifact('aa', 5000) }];
    const partial = new Map([['moderasi-beragama/1.2.0/scorm12', { complete: false, sha256: 'aa', resumeUrl: 'http://x/files/1', offset: 2000 }]]);
    expect(planPublish(upload, partial)).toMatchObject([{ kind: 'resume', resumeUrl: 'http://x/files/1', offset: 2000, bytes: 3000 }]);
    const otherBytes = new Map([['moderasi-beragama/1.2.0/scorm12', { complete: false, sha256: 'zz', resumeUrl: 'http://x/files/1', offset: 2000 }]]);
    expect(planPublish(upload, otherBytes)).toMatchObject([{ kind: 'upload', bytes: 5000 }]);
  });
});

describe('package names and keys', () => {
  it('reads course id, version and format from the build’s file name', () => {
    expect(parsePackageName('dist/moderasi-beragama-1.2.0-scorm12.zip')).toEqual({ courseId: 'moderasi-beragama', version: '1.2.0', format: 'scorm12' });
    expect(parsePackageName('latsar-cpns-2024-1.0.0-rc.1-scorm2004.zip')).toEqual({ courseId: 'latsar-cpns-2024', version: '1.0.0-rc.1', format: 'scorm2004' });
    expect(parsePackageName('kursus-3-cmi5.zip')).toEqual({ courseId: 'kursus', version: '3', format: 'cmi5' });
    expect(parsePackageName('kursus-1.0-tincan.zip')).toBeUndefined();
    expect(parsePackageName('kursus.zip')).toBeUndefined();
  });

  it('object keys: versioned release, stable latest, content-hashed media (the render stage’s base URL + key/path)', () => {
    const a = { courseId: 'moderasi-beragama', version: '1.2.0', format: 'scorm12' };
    expect(releaseObjectKey('kursus', a)).toBe('kursus/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip');
    expect(latestObjectKey('/kursus/', a)).toBe('kursus/moderasi-beragama/latest/moderasi-beragama-scorm12.zip');
    expect(latestObjectKey('', a)).toBe('moderasi-beragama/latest/moderasi-beragama-scorm12.zip');
    expect(mediaObjectKey('kursus/', 'moderasi-beragama', 'k3y', '360p/index.m3u8')).toBe('kursus/moderasi-beragama/media/k3y/360p/index.m3u8');
  });
});

describe('retries, redaction, progress', () => {
  it('back-off doubles; network errors, 408, 429 and 5xx are retried, other 4xx never', () => {
    expect(backoffDelays(5, 1000)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect([undefined, 408, 429, 500, 502, 503].map(isRetryable)).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 404, 409, 413].map(isRetryable)).toEqual([false, false, false, false, false, false]);
  });

  it('redacts a secret raw, URL-encoded and base64-encoded', () => {
    const secret = 'r4hasia/+Kunci=';
    const redact = makeRedactor([secret, 'abc']);
    const text = `key=${secret} q=${encodeURIComponent(secret)} b=${Buffer.from(secret).toString('base64')} abc`;
    expect(redact(text)).toBe(`key=${REDACTED} q=${REDACTED} b=${REDACTED} abc`);
    // The one redactor also hides the password part of any URL (a Redis queue, an S3 store).
    expect(redact('Error: connect ECONNREFUSED redis://ajar:rahasia-redis@10.0.0.5:6379/0')).toBe(`Error: connect ECONNREFUSED redis://${REDACTED}@10.0.0.5:6379/0`);
    expect(redactUrl('redis://:sandi@antrian.bpsdm.example.go.id:6379')).toBe(`redis://${REDACTED}@antrian.bpsdm.example.go.id:6379`);
  });

  it('a progress line shows the bar, percent, sizes, speed and time left, in the user’s language', () => {
    const line = renderProgressLine('moderasi-beragama-1.2.0-scorm12.zip', 3 * 1024 * 1024, 6 * 1024 * 1024, 2000, 100, 'id');
    expect(line).toContain('[███████████████░░░░░░░░░░░░░░░]');
    expect(line).toContain(' 50%');
    expect(line).toContain('3.0 MB/6.0 MB');
    expect(line).toContain('1.5 MB/s');
    expect(line).toContain('sisa 2 s');
    expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('publish section of ajar.yaml', () => {
  const write = (text: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ajar konfigurasi '));
    const file = path.join(dir, 'ajar.yaml');
    writeFileSync(file, text);
    return file;
  };

  it('a literal secret is refused at its line and column, naming the key and never the value', async () => {
    const file = write(['build:', '  formats: [scorm12]', 'publish:', '  targets:', '    pusat:', '      type: s3', '      bucket: kursus', '      credentials:', '        access_key_id: ${AJAR_KEY}', '        secret_access_key: wJalrXUtnFEMI/K7MDENG', ''].join('\n'));
    const { config, diagnostics } = publishConfigFrom(await readConfigFile(file, {}), { file: 'ajar.yaml', dir: path.dirname(file) });
    expect(config).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'publish-literal-secret', file: 'ajar.yaml', position: { start: { line: 10, column: 28 } } });
    const text = formatOne(diagnostics[0]!, { lang: 'en', color: false });
    expect(text).toContain('“publish.targets.pusat.credentials.secret_access_key” holds a secret written directly');
    expect(text).toContain('${AJAR_PUSAT_SECRET_ACCESS_KEY}');
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(formatOne(diagnostics[0]!, { lang: 'id', color: false })).toContain('berisi rahasia yang ditulis langsung');
  });

  it('ajar publish with a literal secret stops before reading any package: exit 2, located, value not shown', async () => {
    const file = write(['publish:', '  targets:', '    mooc:', '      type: tus', '      endpoint: https://mooc.example.go.id/files/', '      credentials:', '        token: eyJhbGciOiJIUzI1NiJ9.rahasia', ''].join('\n'));
    const dir = path.dirname(file);
    await makePackage(path.join(dir, 'dist'), { videoBytes: 1024 });
    const r = await runAjar(['publish', 'dist', '--target', 'mooc'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ajar.yaml:7:16  error  “publish.targets.mooc.credentials.token” holds a secret written directly in the configuration.');
    expect(r.stderr + r.stdout).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('a renamed package is a usage problem: exit 2 from the rule’s declared class, nothing sent', async () => {
    const file = write(['publish:', '  targets:', '    mooc:', '      type: tus', '      endpoint: http://127.0.0.1:9/files/', '      credentials:', '        token: ${MOOC_TOKEN}', ''].join('\n'));
    const dir = path.dirname(file);
    const built = await makePackage(path.join(dir, 'dist'), { videoBytes: 1024 });
    renameSync(built, path.join(dir, 'dist', 'paket akhir.zip'));
    const r = await runAjar(['publish', 'dist/paket akhir.zip', '--target', 'mooc', '--format', 'json'], { cwd: dir, env: { MOOC_TOKEN: 'token-uji-123' } });
    expect(r.code, r.stderr).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ command: 'publish', ok: false, exitCode: 2, result: { targets: [], sentBytes: 0 } });
    expect(json.diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['publish-bad-package-name']);
    expect(json.diagnostics[0].message).toBe('Package name “dist/paket akhir.zip” is not of the form <course-id>-<version>-<format>.zip.');
  });

  it('schema errors are located (unknown type, unknown key)', async () => {
    const file = write(['publish:', '  targets:', '    pusat:', '      type: ftp', '      endpoint: ftp://x', ''].join('\n'));
    const { diagnostics } = publishConfigFrom(await readConfigFile(file, {}), { file: 'ajar.yaml', dir: path.dirname(file) });
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.file === 'ajar.yaml' && d.position)).toBe(true);
    expect(diagnostics.some((d) => d.position!.start.line === 4)).toBe(true);
  });

  it('publish reads the ajar.yaml the config stage read: an endpoint written as ${VAR} comes from the environment, and unset it is named at its line', async () => {
    const file = write(['publish:', '  targets:', '    pusat:', '      type: tus', '      endpoint: ${AJAR_MOOC_URL}', '      credentials:', '        token: ${AJAR_TUS_TOKEN}', ''].join('\n'));
    const where = { file: 'ajar.yaml', dir: path.dirname(file) };
    const set = publishConfigFrom(await readConfigFile(file, { AJAR_MOOC_URL: 'https://mooc.bpsdm.example.go.id/files/' }), where);
    expect(set.diagnostics).toEqual([]);
    expect(set.config?.targets.pusat).toMatchObject({ type: 'tus', endpoint: 'https://mooc.bpsdm.example.go.id/files/', credentials: { token: '${AJAR_TUS_TOKEN}' } });
    const unset = publishConfigFrom(await readConfigFile(file, {}), where);
    expect(unset.config).toBeUndefined();
    expect(unset.diagnostics).toMatchObject([{ ruleId: 'publish-missing-secret', file: 'ajar.yaml', position: { start: { line: 5, column: 17 } }, data: { variable: 'AJAR_MOOC_URL', key: 'publish.targets.pusat.endpoint' } }]);
  });

  it('credentials come from the environment; an unset variable is named', () => {
    const target = { type: 's3' as const, bucket: 'kursus', credentials: { accessKeyId: '${K}', secretAccessKey: '${S}' } };
    const ok = resolveCredentials('pusat', target, { K: 'AKIAKUNCI', S: 'rahasia-sekali' });
    expect(ok.values).toEqual({ accessKeyId: 'AKIAKUNCI', secretAccessKey: 'rahasia-sekali' });
    expect(ok.secrets).toEqual(['AKIAKUNCI', 'rahasia-sekali']);
    const missing = resolveCredentials('pusat', target, { K: 'AKIAKUNCI' });
    expect(missing.diagnostics).toMatchObject([{ ruleId: 'publish-missing-secret', data: { variable: 'S', key: 'publish.targets.pusat.credentials.secret_access_key', target: 'pusat' } }]);
  });
});
