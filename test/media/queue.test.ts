// Scale-out with a real redis-server and two `ajar worker` processes sharing the cache folder: one worker
// dies in the middle of a job, the other takes the job over; every entry is made once under the same key
// a local run uses, so a local run afterwards encodes nothing.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { AjarError } from '../../src/diagnostics/errors.js';
import { formatOne } from '../../src/diagnostics/report.js';
import { QUEUE_NAME, connectionFromUrl } from '../../src/media/queue.js';
import type { MediaSource } from '../../src/media/plan.js';
import { parallelism, runMediaSources, type MediaEvent } from '../../src/media/run.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { buildEntry, jsonLines, makeClip, tempCourse, testSettings } from './helpers.js';

let redis: RedisServer;
let course: string;
let entry: string;
const workers: ChildProcess[] = [];

const sources: MediaSource[] = [
  { path: 'modul 1/pembukaan.mp4', kind: 'video' },
  { path: 'modul 1/sejarah moderasi.mp4', kind: 'video' },
  { path: 'modul 2/studi kasus.mp4', kind: 'video' },
];
const settings = { ...testSettings, preset: 'medium' as const, ladder: testSettings.ladder.slice(0, 2), poster: false };

beforeAll(async () => {
  course = await tempCourse();
  const clips = sources.map((s, i) => makeClip(path.join(course, ...s.path.split('/')), { width: 640, height: 360, seconds: 6 + i, fps: 25 }));
  [redis, entry] = await Promise.all([startRedis(), buildEntry(), ...clips]);
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) process.kill(-w.pid!, 'SIGKILL');
  await redis?.stop();
  await rm(course, { recursive: true, force: true });
  if (entry) await rm(entry, { force: true });
});

interface WorkerHandle {
  child: ChildProcess;
  events: any[];
  ready: Promise<void>;
  exited: Promise<void>;
}

function startWorker(extra: { cacheDir?: string } = {}): WorkerHandle {
  const child = spawn(process.execPath, [entry, 'worker', JSON.stringify({ queue: redis.url, format: 'json', concurrency: 1, lockSeconds: 4, ...extra })], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  workers.push(child);
  const events: any[] = [];
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  jsonLines(child.stdout!, (e) => {
    events.push(e);
    if (e.type === 'ready') onReady();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, events, ready, exited };
}

describe('ajar media --queue with ajar worker', () => {
  it('survives a worker dying mid-job: the other worker finishes everything, each entry made once', async () => {
    const a = startWorker();
    const b = startWorker();
    await Promise.all([a.ready, b.ready]);

    // Whichever worker starts a job first dies in the middle of it; the other is the survivor.
    let killedKey = '';
    let victim: WorkerHandle | undefined;
    for (const w of [a, b]) {
      jsonLines(w.child.stdout!, (e) => {
        if (e.type === 'active' && !victim) {
          victim = w;
          killedKey = e.key;
          // The worker machine goes away: node and its ffmpeg.
          process.kill(-w.child.pid!, 'SIGKILL');
        }
      });
    }
    const events: MediaEvent[] = [];
    const result = await runMediaSources(sources, settings, {
      courseDir: course,
      concurrency: 3,
      queue: { url: redis.url },
      onProgress: (e) => events.push(e),
    });
    await victim!.exited;
    const survivor = victim === a ? b : a;

    expect(result.diagnostics).toEqual([]);
    expect(result.made).toBe(3);
    expect([...result.index.keys()]).toEqual(sources.map((s) => s.path));
    expect(killedKey).not.toBe('');
    // The job the dead worker held was taken over and finished by the other one.
    const finished = survivor.events.filter((e) => e.type === 'completed' && e.ok);
    expect(finished.some((e) => e.key === killedKey)).toBe(true);
    expect(new Set(finished.map((e) => e.key)).size).toBe(3);
    // Progress travelled back through Redis.
    expect(events.some((e) => e.type === 'progress' && e.percent > 0)).toBe(true);
    for (const e of result.index.values()) expect(e.renditions.map((r) => r.kind)).toContain('hls-master');

    // Same keys as a local run: nothing to encode here.
    const local = await runMediaSources(sources, settings, { courseDir: course });
    expect([local.made, local.cached]).toEqual([0, 3]);
    expect([...local.index.values()].map((e) => e.key)).toEqual([...result.index.values()].map((e) => e.key));
    // The source copies in the shared folder are cleaned up once their job is done.
    expect(await readdir(path.join(course, '.ajar', 'cache', 'media', 'sources'))).toEqual([]);

    // A job that did not come from `ajar media` (anyone with Redis access can add one) cannot make a worker
    // write outside its cache folder.
    const queue = new Queue(QUEUE_NAME, { connection: connectionFromUrl(redis.url) });
    await queue.add('transcode', { job: { kind: 'video', source: 'x.mp4' }, key: '../../../tmp/ajar-escape', source: '../../etc/passwd', cacheDir: course });
    await expect.poll(() => survivor.events.find((e) => e.type === 'failed'), { timeout: 60_000 }).toMatchObject({ reason: 'unsafe-job', key: '../../../tmp/ajar-escape' });
    await queue.close();

    // Ctrl-C / SIGTERM stops a worker cleanly.
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    expect(survivor.child.exitCode).toBe(0);
  });

  it('a cache entry deleted after a queued run is made again through the queue (not blamed on the shared folder)', async () => {
    const w = startWorker();
    await w.ready;
    const first = await runMediaSources(sources, settings, { courseDir: course, queue: { url: redis.url } });
    expect(first.diagnostics).toEqual([]);
    const gone = [...first.index.values()][1]!;
    await rm(gone.dir, { recursive: true, force: true });
    const again = await runMediaSources(sources, settings, { courseDir: course, queue: { url: redis.url } });
    expect(again.diagnostics).toEqual([]);
    expect([again.made, again.cached]).toEqual([1, 2]);
    expect(again.index.get(gone.source)!.renditions.map((r) => r.kind)).toContain('hls-master');
    w.child.kill('SIGTERM');
    await w.exited;
  });

  it('fans out by default: every job is in Redis at once, however few cores this machine has, so extra workers are not idle', async () => {
    // More sources than this machine has cores (twice over): the old default submitted half the cores' worth.
    const many = Array.from({ length: availableParallelism() * 2 + 2 }, (_, i) => ({ path: `modul 3/rekaman sesi ${i + 1}.mp4`, kind: 'video' as const }));
    await Promise.all(many.map((s, i) => mkdir(path.dirname(path.join(course, s.path)), { recursive: true }).then(() => writeFile(path.join(course, ...s.path.split('/')), `rekaman ${i}`))));
    const stop = new AbortController();
    const queue = new Queue(QUEUE_NAME, { connection: connectionFromUrl(redis.url) });
    // No worker is running: the jobs wait in Redis, and the producer waits for them until stopped.
    const run = runMediaSources(many, settings, { courseDir: course, cacheDir: path.join(course, 'cache fan-out'), queue: { url: redis.url }, signal: stop.signal }).catch((e: Error) => e);
    try {
      await expect.poll(async () => (await queue.getJobCounts('waiting')).waiting, { timeout: 60_000, interval: 200 }).toBe(many.length);
    } finally {
      stop.abort();
      expect(((await run) as Error).name).toBe('AbortError');
      // Stopped: the producer takes its jobs off the queue.
      await expect.poll(async () => (await queue.getJobCounts('waiting')).waiting, { timeout: 30_000 }).toBe(0);
      await queue.close();
    }
    expect(parallelism(new Array(40), settings, { queue: { url: redis.url } })).toBe(40);
    expect(parallelism(new Array(40), settings, { queue: { url: redis.url }, concurrency: 3 })).toBe(3);
  });

  it('two producers with different shared folders and the same source each get their own job and their own entry', async () => {
    const [a, b] = [path.join(course, 'folder bersama A'), path.join(course, 'folder bersama B')];
    const one = [sources[0]!];
    const queue = new Queue(QUEUE_NAME, { connection: connectionFromUrl(redis.url) });
    try {
      // No worker yet: both wait, and each has a job of its own in Redis (one job would make the entry in A only).
      const before = (await queue.getJobCounts('waiting')).waiting;
      const runs = [a, b].map((cacheDir) => runMediaSources(one, settings, { courseDir: course, cacheDir, queue: { url: redis.url } }));
      await expect.poll(async () => (await queue.getJobCounts('waiting')).waiting - before, { timeout: 60_000, interval: 200 }).toBe(2);
      const w = startWorker();
      const [ra, rb] = await Promise.all(runs);
      expect([ra.diagnostics, rb.diagnostics]).toEqual([[], []]);
      expect(ra.index.get(one[0]!.path)!.dir.startsWith(a)).toBe(true);
      expect(rb.index.get(one[0]!.path)!.dir.startsWith(b)).toBe(true);
      w.child.kill('SIGTERM');
      await w.exited;
    } finally {
      await queue.close();
    }
  });

  it('a worker that looks at another folder says so: the file is not blamed, the fix is --cache-dir', async () => {
    const elsewhere = path.join(course, 'bukan folder bersama');
    const w = startWorker({ cacheDir: elsewhere });
    await w.ready;
    const cacheDir = path.join(course, 'folder bersama C');
    const run = await runMediaSources([sources[1]!], settings, { courseDir: course, cacheDir, queue: { url: redis.url } });
    expect(run.diagnostics).toEqual([expect.objectContaining({ ruleId: 'media-transcode-failed', file: sources[1]!.path, data: { problem: 'not-in-shared-folder', dir: cacheDir } })]);
    expect(formatOne(run.diagnostics[0]!, { lang: 'en', color: false })).toContain('Give every worker the same shared folder');
    expect(w.events.find((e) => e.type === 'failed')).toMatchObject({ reason: 'shared-source-missing', dir: elsewhere });
    w.child.kill('SIGTERM');
    await w.exited;
  });

  it('says clearly when the queue cannot be reached', async () => {
    const error = await runMediaSources(sources, settings, { courseDir: course, queue: { url: 'redis://127.0.0.1:1' }, cacheDir: path.join(course, 'lain') }).catch((e) => e);
    expect(error).toBeInstanceOf(AjarError);
    expect((error as AjarError).diagnostic.ruleId).toBe('media-queue-unreachable');
  });
});
