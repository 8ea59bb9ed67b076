// s3 target against a real S3 server: Ceph RADOS Gateway from Debian on loopback, started ONCE for this
// file (it takes ~15 s). Upload (multipart), release + stable keys, content types and cache headers,
// content-hashed media keys, idempotent re-run, version conflicts, and — as a real process — a wrong
// secret (one clear line, exit 1) and a full publish whose captured output never shows the secret.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { publish } from '../../src/publish/run.js';
import { S3Target } from '../../src/publish/targets/s3.js';
import type { MediaEntry, MediaIndex } from '../../src/core/model/media.js';
import { startCeph, type CephS3 } from '../support/ceph.js';
import { makePackage, MiB, sha256, spawnCli, startFaultProxy, type FaultProxy } from './helpers.js';

let ceph: CephS3;
let s3: S3Client;
const BUCKET = 'kursus-bpsdm';

beforeAll(async () => {
  ceph = await startCeph();
  s3 = new S3Client({
    endpoint: ceph.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // The first bucket operation of a fresh gateway is slow: do it here, not inside a test.
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  s3?.destroy();
  await ceph?.stop();
});

const head = (Key: string) => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
const get = async (Key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToByteArray());
const keys = async (Prefix: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix }))).Contents ?? []).map((c) => c.Key!).sort();

/** An HLS rendition set as the media stage writes it: master, variant, segments, mp4 fallback, captions. */
function mediaIndex(dir: string): MediaIndex {
  const entryDir = path.join(dir, 'media-cache', 'a1b2c3');
  mkdirSync(path.join(entryDir, '360p'), { recursive: true });
  const files: [string, string | Buffer, string][] = [
    ['master.m3u8', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n', 'application/vnd.apple.mpegurl'],
    ['360p/index.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg0.ts\n#EXTINF:4,\nseg1.ts\n#EXT-X-ENDLIST\n', 'application/vnd.apple.mpegurl'],
    ['360p/seg0.ts', randomBytes(300_000), 'video/mp2t'],
    ['360p/seg1.ts', randomBytes(300_000), 'video/mp2t'],
    ['pengantar-360p.mp4', randomBytes(700_000), 'video/mp4'],
    ['takarir.id.vtt', 'WEBVTT\n\n00:00.000 --> 00:04.000\nAssalamu’alaikum, selamat datang di pelatihan moderasi beragama.\n', 'text/vtt'],
  ];
  for (const [rel, data] of files) writeFileSync(path.join(entryDir, rel), data);
  const entry: MediaEntry = {
    source: 'media/pengantar moderasi.mp4',
    key: 'a1b2c3d4e5f6-ladder-v1',
    dir: entryDir,
    renditions: files.map(([rel, data, contentType]) => ({
      kind: rel.endsWith('master.m3u8') ? 'hls-master' : rel.endsWith('.m3u8') ? 'hls-variant' : rel.endsWith('.ts') ? 'segment' : rel.endsWith('.vtt') ? 'captions' : 'mp4',
      path: rel,
      bytes: Buffer.byteLength(data),
      contentType,
    })),
  };
  return new Map([[entry.source, entry]]);
}

describe('s3 target (functions, Ceph RGW)', () => {
  let dir: string;
  let pkg12: string;
  let pkg2004: string;
  const target = (overrides: Record<string, unknown> = {}) =>
    new S3Target({
      name: 'bpsdm',
      config: { type: 's3', endpoint: ceph.endpoint, bucket: BUCKET, prefix: 'pelatihan', partSize: 5 * MiB, retries: 2, retryDelayMs: 100, ...overrides },
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish s3 '));
    pkg12 = await makePackage(path.join(dir, 'dist'), { format: 'scorm12', videoBytes: 11 * MiB });
    pkg2004 = await makePackage(path.join(dir, 'dist'), { format: 'scorm2004', videoBytes: 6 * MiB });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const packages = () => [pkg12, pkg2004].map((file) => ({ file, label: `dist/${path.basename(file)}` }));

  it('uploads each package once to its release key, copies it to the stable key, and media under content-hashed keys', async () => {
    const report = await publish({ packages: packages(), media: { courseId: 'moderasi-beragama', index: mediaIndex(dir) }, targets: [target()] });
    expect(report.diagnostics).toEqual([]);
    expect(report.exitCode).toBe(0);

    expect(await keys('pelatihan/moderasi-beragama/')).toEqual([
      'pelatihan/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip',
      'pelatihan/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip.sha256',
      'pelatihan/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm2004.zip',
      'pelatihan/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm2004.zip.sha256',
      'pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm12.zip',
      'pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm2004.zip',
      'pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/360p/index.m3u8',
      'pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/360p/seg0.ts',
      'pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/360p/seg1.ts',
      'pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/master.m3u8',
      'pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/pengantar-360p.mp4',
      'pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/takarir.id.vtt',
    ]);
    // Bytes crossed the link once per package: the stable keys are server-side copies.
    const actions = report.targets[0]!.actions;
    expect(actions.filter((a) => a.role === 'latest').map((a) => [a.action, a.sentBytes])).toEqual([['copy', 0], ['copy', 0]]);
    const mediaBytes = actions.filter((a) => a.role === 'media').reduce((s, a) => s + a.size, 0);
    expect(report.sentBytes).toBe(readFileSync(pkg12).length + readFileSync(pkg2004).length + mediaBytes);

    const release = await head('pelatihan/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip');
    expect(release).toMatchObject({ ContentType: 'application/zip', CacheControl: 'public, max-age=31536000, immutable', ContentLength: readFileSync(pkg12).length });
    expect(release.Metadata).toMatchObject({ sha256: sha256(pkg12), 'ajar-course': 'moderasi-beragama', 'ajar-version': '1.2.0', 'ajar-format': 'scorm12' });
    expect(release.ETag).toMatch(/-3"$/); // 11 MiB in 5 MiB parts: a multipart upload
    const latest = await head('pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm12.zip');
    expect(latest).toMatchObject({ ContentType: 'application/zip', CacheControl: 'no-cache' });
    expect(latest.Metadata?.sha256).toBe(sha256(pkg12));
    expect((await get('pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm2004.zip')).equals(readFileSync(pkg2004))).toBe(true);

    expect((await head('pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/master.m3u8')).ContentType).toBe('application/vnd.apple.mpegurl');
    expect((await head('pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/360p/seg0.ts')).ContentType).toBe('video/mp2t');
    const vtt = await head('pelatihan/moderasi-beragama/media/a1b2c3d4e5f6-ladder-v1/takarir.id.vtt');
    expect(vtt).toMatchObject({ ContentType: 'text/vtt', CacheControl: 'public, max-age=31536000, immutable' });
    expect(actions.find((a) => a.role === 'latest')!.url).toBe(`${ceph.endpoint}/${BUCKET}/pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm12.zip`);
  });

  it('a re-publish of the unchanged course transfers nothing', async () => {
    const report = await publish({ packages: packages(), media: { courseId: 'moderasi-beragama', index: mediaIndex(dir) }, targets: [target()] });
    // The media files were rewritten with new random bytes under the same content key: they are re-sent;
    // the packages are identical and are not.
    const packageActions = report.targets[0]!.actions.filter((a) => a.role !== 'media');
    expect(packageActions.map((a) => a.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const again = await publish({ packages: packages(), targets: [target()] });
    expect(again.sentBytes).toBe(0);
    expect(again.targets[0]!.actions.every((a) => a.status === 'unchanged')).toBe(true);
  });

  it('a new version gets its own release key and moves the stable key; the old release stays', async () => {
    const next = await makePackage(path.join(dir, 'next'), { version: '1.3.0', videoBytes: 2 * MiB });
    const report = await publish({ packages: [{ file: next, label: 'next.zip' }], targets: [target()] });
    expect(report.exitCode).toBe(0);
    expect(report.targets[0]!.actions.map((a) => [a.role, a.action, a.status])).toEqual([
      ['release', 'upload', 'done'],
      ['latest', 'copy', 'done'],
    ]);
    expect((await get('pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm12.zip')).equals(readFileSync(next))).toBe(true);
    expect((await head('pelatihan/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip')).Metadata?.sha256).toBe(sha256(pkg12));
  });

  it('the same version with different content is refused (exit 1) unless --force', async () => {
    const changed = await makePackage(path.join(dir, 'changed'), { version: '1.3.0', videoBytes: MiB });
    const refused = await publish({ packages: [{ file: changed, label: 'changed.zip' }], targets: [target()] });
    expect(refused.exitCode).toBe(1);
    expect(refused.diagnostics.map((d) => d.ruleId)).toEqual(['publish-version-conflict']);
    expect(refused.targets[0]!.actions.map((a) => [a.role, a.status])).toEqual([['release', 'refused']]);
    expect((await head('pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm12.zip')).Metadata?.sha256).not.toBe(sha256(changed));

    const forced = await publish({ packages: [{ file: changed, label: 'changed.zip' }], targets: [target()], force: true });
    expect(forced.exitCode).toBe(0);
    expect((await head('pelatihan/moderasi-beragama/latest/moderasi-beragama-scorm12.zip')).Metadata?.sha256).toBe(sha256(changed));
  });

  it('--dry-run plans without writing', async () => {
    const fresh = await makePackage(path.join(dir, 'dry'), { version: '9.9.9', videoBytes: MiB });
    const report = await publish({ packages: [{ file: fresh, label: 'dry.zip' }], targets: [target()], dryRun: true });
    expect(report.targets[0]!.actions.map((a) => [a.role, a.action, a.status])).toEqual([
      ['release', 'upload', 'planned'],
      ['latest', 'copy', 'planned'],
    ]);
    expect(await keys('pelatihan/moderasi-beragama/9.9.9/')).toEqual([]);
  });
});

describe('s3 under races and re-runs (Ceph RGW): latest only forward, a version written once', () => {
  let dir: string;
  const target = (prefix: string) =>
    new S3Target({
      name: 'bpsdm',
      config: { type: 's3', endpoint: ceph.endpoint, bucket: BUCKET, prefix, partSize: 5 * MiB, retries: 1 },
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    });
  const latestOf = async (prefix: string) => (await head(`${prefix}/moderasi-beragama/latest/moderasi-beragama-scorm12.zip`)).Metadata?.['ajar-version'];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish balapan '));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-running an older pipeline publishes its release but leaves latest at the newer version (warning, exit 0)', async () => {
    const newer = await makePackage(path.join(dir, 'baru'), { version: '2.1.0', videoBytes: MiB });
    const older = await makePackage(path.join(dir, 'lama'), { version: '2.0.9', videoBytes: MiB });
    expect((await publish({ packages: [{ file: newer, label: 'baru.zip' }], targets: [target('maju')] })).exitCode).toBe(0);
    const report = await publish({ packages: [{ file: older, label: 'lama.zip' }], targets: [target('maju')] });
    expect(report.exitCode).toBe(0);
    expect(report.targets[0]!.actions.map((a) => [a.role, a.action, a.status])).toEqual([
      ['release', 'upload', 'done'],
      ['latest', 'keep', 'kept'],
    ]);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-latest-newer', severity: 'warning', data: { version: '2.0.9', newer: '2.1.0' } }]);
    expect(await latestOf('maju')).toBe('2.1.0');
    expect((await get('maju/moderasi-beragama/latest/moderasi-beragama-scorm12.zip')).equals(readFileSync(newer))).toBe(true);
    expect((await head('maju/moderasi-beragama/2.0.9/moderasi-beragama-2.0.9-scorm12.zip')).Metadata?.sha256).toBe(sha256(older));
  });

  it('two jobs at once, the older one slower: latest ends at the newer version', async () => {
    for (const [round, [fast, slow]] of [['a', ['3.1.0', '3.0.0']], ['b', ['4.0.0-rc.2', '4.0.0-rc.1']]] as const) {
      const prefix = `balap-${round}`;
      const newer = await makePackage(path.join(dir, `${round}-baru`), { version: fast, videoBytes: MiB });
      const older = await makePackage(path.join(dir, `${round}-lama`), { version: slow, videoBytes: 14 * MiB });
      const [a, b] = await Promise.all([
        publish({ packages: [{ file: older, label: 'lama.zip' }], targets: [target(prefix)] }),
        publish({ packages: [{ file: newer, label: 'baru.zip' }], targets: [target(prefix)] }),
      ]);
      expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
      expect(await latestOf(prefix)).toBe(fast);
      expect((await head(`${prefix}/moderasi-beragama/latest/moderasi-beragama-scorm12.zip`)).Metadata?.sha256).toBe(sha256(newer));
    }
  });

  it('two jobs publishing the same version with different bytes: one wins, the other fails with publish-version-conflict', async () => {
    const one = await makePackage(path.join(dir, 'satu'), { version: '5.0.0', videoBytes: 6 * MiB });
    const two = await makePackage(path.join(dir, 'dua'), { version: '5.0.0', videoBytes: 6 * MiB });
    const reports = await Promise.all([
      publish({ packages: [{ file: one, label: 'satu.zip' }], targets: [target('sekali')] }),
      publish({ packages: [{ file: two, label: 'dua.zip' }], targets: [target('sekali')] }),
    ]);
    const codes = reports.map((r) => r.exitCode).sort();
    expect(codes).toEqual([0, 1]);
    const winner = reports[0]!.exitCode === 0 ? one : two;
    const loser = reports.find((r) => r.exitCode === 1)!;
    expect(loser.diagnostics.map((d) => d.ruleId)).toEqual(['publish-version-conflict']);
    expect(loser.targets[0]!.actions[0]).toMatchObject({ role: 'release', status: 'refused', sentBytes: 0 });
    const release = 'sekali/moderasi-beragama/5.0.0/moderasi-beragama-5.0.0-scorm12.zip';
    expect((await get(release)).equals(readFileSync(winner))).toBe(true);
    expect((await get('sekali/moderasi-beragama/latest/moderasi-beragama-scorm12.zip')).equals(readFileSync(winner))).toBe(true);
    expect((await get(`${release}.sha256`)).toString()).toBe(`${sha256(winner)}  moderasi-beragama-5.0.0-scorm12.zip\n`);
  });

  it('a missing bucket is found before any body is sent: one error, the stable key not tried', async () => {
    const pkg = await makePackage(path.join(dir, 'tanpa-bucket'), { version: '1.0.0', videoBytes: MiB });
    const missing = new S3Target({
      name: 'bpsdm',
      config: { type: 's3', endpoint: ceph.endpoint, bucket: 'bucket-yang-belum-dibuat', retries: 0 },
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    });
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [missing] });
    expect(report.exitCode).toBe(1);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-no-bucket', data: { bucket: 'bucket-yang-belum-dibuat' } }]);
    expect(report.sentBytes).toBe(0);
    expect(report.targets[0]!.actions).toEqual([]);
  });
});

describe('s3 through a misbehaving proxy in front of Ceph RGW: fail N requests, throttle, corrupt', () => {
  let dir: string;
  let proxy: FaultProxy;
  let pkg: string;
  const target = (prefix: string, overrides: Record<string, unknown> = {}) =>
    new S3Target({
      name: 'bpsdm',
      config: { type: 's3', endpoint: proxy.origin, bucket: BUCKET, prefix, partSize: 5 * MiB, retries: 2, ...overrides },
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    });
  const release = (prefix: string) => `${prefix}/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip`;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ajar publish s3 proksi '));
    pkg = await makePackage(dir, { videoBytes: MiB });
  });
  beforeEach(async () => {
    proxy = await startFaultProxy(ceph.endpoint);
  });
  afterEach(() => proxy.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('503 to the first uploads: retried within the budget, done, the stored object is these bytes', async () => {
    proxy.failNext(2, 503, 'PUT');
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target('gagal-sebentar')] });
    expect(report.diagnostics).toEqual([]);
    expect(report.targets[0]!.actions.map((a) => a.status)).toEqual(['done', 'done']);
    expect(proxy.requests.filter((r) => r.status === 503)).toHaveLength(2);
    expect(sha256(await get(release('gagal-sebentar')))).toBe(sha256(pkg));
  });

  it('more 503s than the retry budget: one error at the package naming the status and the attempts; the next run completes', async () => {
    proxy.failNext(1000, 503, 'PUT', 1); // the version's claim passes, the package's PUT never does
    const report = await publish({ packages: [{ file: pkg, label: 'dist/p.zip' }], targets: [target('gagal-terus')] });
    expect(report.exitCode).toBe(1);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-unreachable', file: 'dist/p.zip', data: { reason: 'http-status', status: 503, attempts: 3 } }]);
    // A balancer's HTML 503 carries no S3 error code: none is shown (not the SDK's stand-in “Unknown”).
    expect(report.diagnostics[0]!.data).not.toHaveProperty('code');
    expect(report.targets[0]!.actions.map((a) => a.status)).toEqual(['failed', 'not-attempted']);
    proxy.heal();
    const again = await publish({ packages: [{ file: pkg, label: 'dist/p.zip' }], targets: [target('gagal-terus')] });
    expect(again.diagnostics).toEqual([]);
    expect(sha256(await get(release('gagal-terus')))).toBe(sha256(pkg));
  });

  it('a thin link that keeps moving: idle_timeout 1 s, several seconds of transfer, done with the right bytes', async () => {
    proxy.throttle(400 * 1024);
    const started = Date.now();
    const report = await publish({ packages: [{ file: pkg, label: 'p.zip' }], targets: [target('lambat', { idleTimeout: 1, retries: 0 })] });
    expect(report.diagnostics).toEqual([]);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(sha256(await get(release('lambat')))).toBe(sha256(pkg));
  });

  it('a proxy that flips bytes of the upload: refused by the server (signed sha256), one error saying so, nothing stored; the next run stores these bytes', async () => {
    proxy.corrupt(1, 'PUT', 1); // the version's claim passes unchanged, the package's bytes do not
    const report = await publish({ packages: [{ file: pkg, label: 'dist/p.zip' }], targets: [target('rusak', { retries: 0 })] });
    expect(proxy.corrupted).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.diagnostics).toMatchObject([{ ruleId: 'publish-changed-in-transit', file: 'dist/p.zip', data: { status: 400, code: 'XAmzContentSHA256Mismatch' } }]);
    expect(report.targets[0]!.actions.map((a) => a.status)).toEqual(['failed', 'not-attempted']);
    await expect(get(release('rusak'))).rejects.toThrow();
    const again = await publish({ packages: [{ file: pkg, label: 'dist/p.zip' }], targets: [target('rusak')] });
    expect(again.diagnostics).toEqual([]);
    expect(again.targets[0]!.actions[0]).toMatchObject({ status: 'done', checked: 'signed-payload' });
    expect(sha256(await get(release('rusak')))).toBe(sha256(pkg));
  });
});

describe('ajar publish --target bpsdm (real process, Ceph RGW)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ajar kursus s3 '));
    await makePackage(path.join(dir, 'dist'), { format: 'scorm12', videoBytes: 6 * MiB });
    writeFileSync(
      path.join(dir, 'ajar.yaml'),
      [
        'publish:',
        '  default: bpsdm',
        '  targets:',
        '    bpsdm:',
        '      type: s3',
        `      endpoint: ${ceph.endpoint}`,
        `      bucket: ${BUCKET}`,
        '      prefix: cli/',
        '      credentials:',
        '        access_key_id: ${AJAR_S3_ACCESS_KEY_ID}',
        '        secret_access_key: ${AJAR_S3_SECRET_ACCESS_KEY}',
        '      retries: 1',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a wrong secret: one clear line, exit 1, nothing written, the secret never printed', async () => {
    const wrong = 'kunci-rahasia-yang-salah-7Q2x';
    const r = await spawnCli(['publish', 'dist'], { cwd: dir, env: { AJAR_S3_ACCESS_KEY_ID: ceph.accessKeyId, AJAR_S3_SECRET_ACCESS_KEY: wrong } });
    expect(r.code, r.stderr).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => /(^|  )error  /.test(l));
    expect(errors, r.stderr).toEqual([expect.stringContaining('Target “bpsdm” rejected the credentials (HTTP 403')]);
    expect(r.stderr).toContain(`Check AJAR_S3_ACCESS_KEY_ID, AJAR_S3_SECRET_ACCESS_KEY in the environment and its permissions on “s3://${BUCKET}/cli/”.`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(await keys('cli/')).toEqual([]);
  });

  it('publishes with the secret from the environment; all output captured never shows it; a re-run sends nothing', async () => {
    const env = { AJAR_S3_ACCESS_KEY_ID: ceph.accessKeyId, AJAR_S3_SECRET_ACCESS_KEY: ceph.secretAccessKey, AJAR_LANG: 'id' };
    const first = await spawnCli(['publish', 'dist'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('terkirim');
    expect(first.stdout).toContain(`URL tetap (untuk Moodle): ${ceph.endpoint}/${BUCKET}/cli/moderasi-beragama/latest/moderasi-beragama-scorm12.zip`);
    expect(await keys('cli/')).toEqual([
      'cli/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip',
      'cli/moderasi-beragama/1.2.0/moderasi-beragama-1.2.0-scorm12.zip.sha256',
      'cli/moderasi-beragama/latest/moderasi-beragama-scorm12.zip',
    ]);

    const second = await spawnCli(['publish', 'dist', '--format', 'json', '--debug'], { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout).result;
    expect(report.sentBytes).toBe(0);
    expect(report.targets[0].actions.map((a: { status: string }) => a.status)).toEqual(['unchanged', 'unchanged']);

    const all = [first, second].flatMap((r) => [r.stdout, r.stderr]).join('\n');
    expect(all).not.toContain(ceph.secretAccessKey);
  });
});
