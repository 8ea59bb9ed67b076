// Scale-out without a shared folder: sources and entries travel through a real S3 server (Ceph RGW).
// A worker with its own cache makes the entry and uploads it; `ajar media` downloads it; a second machine
// with an empty cache gets everything from the bucket without queueing any work.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOne } from '../../src/diagnostics/report.js';
import { readEntry, type StoredEntry } from '../../src/media/cache.js';
import type { MediaSource } from '../../src/media/plan.js';
import { runMediaSources } from '../../src/media/run.js';
import { startCeph, type CephS3 } from '../support/ceph.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { buildEntry, jsonLines, makeClip, tempCourse, testSettings } from './helpers.js';

let redis: RedisServer;
let ceph: CephS3;
let course: string;
let workerCache: string;
let entry: string;
let worker: ChildProcess | undefined;
const events: any[] = [];

const sources: MediaSource[] = [
  { path: 'video/pembukaan kelas.mp4', kind: 'video' },
  { path: 'audio/ceramah.m4a', kind: 'audio' },
];
const settings = { ...testSettings, ladder: testSettings.ladder.slice(0, 2) };
const store = 's3://ajar-media/kursus moderasi'.replace(' ', '-');

beforeAll(async () => {
  course = await tempCourse();
  workerCache = await mkdtemp(path.join(tmpdir(), 'ajar-worker-cache '));
  [redis, ceph, entry] = await Promise.all([
    startRedis(),
    startCeph(),
    buildEntry(),
    makeClip(path.join(course, 'video', 'pembukaan kelas.mp4'), { width: 640, height: 360, seconds: 4, fps: 25 }),
    makeClip(path.join(course, 'audio', 'ceramah.m4a'), { video: false, seconds: 4 }),
  ]);
  const s3 = new S3Client({ region: 'us-east-1', endpoint: ceph.endpoint, forcePathStyle: true, credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey } });
  await s3.send(new CreateBucketCommand({ Bucket: 'ajar-media' }));
  s3.destroy();
});

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, 'SIGKILL');
  await Promise.all([redis?.stop(), ceph?.stop()]);
  await rm(course, { recursive: true, force: true });
  await rm(workerCache, { recursive: true, force: true });
  if (entry) await rm(entry, { force: true });
});

const s3Env = () => ({ AWS_ACCESS_KEY_ID: ceph.accessKeyId, AWS_SECRET_ACCESS_KEY: ceph.secretAccessKey, AWS_ENDPOINT_URL: ceph.endpoint, AWS_REGION: 'us-east-1' });

describe('ajar media --queue --store s3://…', () => {
  it('makes entries on a worker that shares no folder, and a second machine pulls them without new work', async () => {
    worker = spawn(process.execPath, [entry, 'worker', JSON.stringify({ queue: redis.url, format: 'json', concurrency: 1, lockSeconds: 30, cacheDir: workerCache })], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
      env: { ...process.env, ...s3Env() },
    });
    await new Promise<void>((resolve) => jsonLines(worker!.stdout!, (e) => (events.push(e), e.type === 'ready' && resolve())));

    const env = { ...process.env, ...s3Env() };
    const producerCache = path.join(course, 'cache produsen');
    const result = await runMediaSources(sources, settings, { courseDir: course, cacheDir: producerCache, queue: { url: redis.url, store }, env });
    expect(result.diagnostics).toEqual([]);
    expect(result.made).toBe(2);
    for (const e of result.index.values()) {
      expect(e.dir.startsWith(producerCache)).toBe(true);
      expect(await readEntry(producerCache, e.key)).toBeDefined();
    }
    expect(events.filter((e) => e.type === 'completed' && e.ok && !e.cached)).toHaveLength(2);

    // In the bucket: each entry under its key, entry.json included; the uploaded sources are gone again.
    const s3 = new S3Client({ region: 'us-east-1', endpoint: ceph.endpoint, forcePathStyle: true, credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey } });
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: 'ajar-media', Prefix: 'kursus-moderasi/' }))).Contents!.map((o) => o.Key!);
    s3.destroy();
    for (const e of result.index.values()) expect(listed).toContain(`kursus-moderasi/${e.key}/entry.json`);
    expect(listed.filter((k) => k.startsWith('kursus-moderasi/sources/'))).toEqual([]);

    const activeBefore = events.filter((e) => e.type === 'active').length;
    const elsewhere = path.join(course, 'cache mesin lain');
    const second = await runMediaSources(sources, settings, { courseDir: course, cacheDir: elsewhere, queue: { url: redis.url, store }, env });
    expect(second.diagnostics).toEqual([]);
    expect([...second.index.values()].map((e) => e.key)).toEqual([...result.index.values()].map((e) => e.key));
    expect(events.filter((e) => e.type === 'active').length).toBe(activeBefore);
    expect((await readdir(elsewhere)).filter((n) => /^[0-9a-f]{40}$/.test(n))).toHaveLength(2);

    // A rendition damaged in the bucket (same size: zeroed bytes) is not taken by a third machine: the entry
    // fails its content check, is made again by the worker and uploaded intact, and what arrives is intact.
    const video = result.index.get(sources[0]!.path)!;
    const stored = JSON.parse(await readFile(path.join(video.dir, 'entry.json'), 'utf8')) as StoredEntry;
    const victim = [...stored.renditions].sort((x, y) => y.bytes - x.bytes)[0]!;
    const damaged = Buffer.from(await readFile(path.join(video.dir, ...victim.path.split('/'))));
    damaged.fill(0, 1024, Math.min(damaged.length, 17 * 1024));
    const bucket = new S3Client({ region: 'us-east-1', endpoint: ceph.endpoint, forcePathStyle: true, credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey } });
    await bucket.send(new PutObjectCommand({ Bucket: 'ajar-media', Key: `kursus-moderasi/${video.key}/${victim.path}`, Body: damaged }));
    const activeBeforeThird = events.filter((e) => e.type === 'active').length;
    const third = await runMediaSources(sources, settings, { courseDir: course, cacheDir: path.join(course, 'cache mesin ketiga'), queue: { url: redis.url, store }, env });
    expect(third.diagnostics).toEqual([]);
    expect(events.filter((e) => e.type === 'active').length).toBe(activeBeforeThird + 1);
    const arrived = third.index.get(sources[0]!.path)!;
    const arrivedHash = createHash('sha256').update(await readFile(path.join(arrived.dir, ...victim.path.split('/')))).digest('hex');
    expect(arrivedHash).not.toBe(createHash('sha256').update(damaged).digest('hex'));
    expect(arrivedHash).toBe(victim.sha256);
    bucket.destroy();

    // A wrong secret is reported on each file (without the secret), not as a crash.
    const refused = await runMediaSources(sources, settings, {
      courseDir: course,
      cacheDir: path.join(course, 'cache tanpa izin'),
      queue: { url: redis.url, store },
      env: { ...env, AWS_SECRET_ACCESS_KEY: 'rahasia-yang-salah' },
    });
    expect(refused.diagnostics.map((d) => `${d.file} ${d.ruleId}`).sort()).toEqual(sources.map((s) => `${s.path} media-transcode-failed`).sort());
    // Codes and names in the data (the S3 client's own words as the quoted detail), worded per language.
    for (const d of refused.diagnostics) expect(d.data).toMatchObject({ problem: 'store-failed', store: store, detail: expect.stringMatching(/\S/) });
    expect(formatOne(refused.diagnostics[0]!, { lang: 'en', color: false })).toContain(`the shared store ${store} failed:`);
    expect(formatOne(refused.diagnostics[0]!, { lang: 'id', color: false })).toContain(`penyimpanan bersama ${store} gagal:`);
    expect(JSON.stringify(refused.diagnostics)).not.toContain('rahasia-yang-salah');

    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
  });
});
