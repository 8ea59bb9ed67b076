// Redis going away under `ajar media --queue` and `ajar worker` (issue 14): every wait is bounded, the outage
// is reported while it lasts, a Redis that comes back within the tolerance lets the run finish, one that
// does not fails the run with the files it left undone, and Ctrl-C / SIGTERM end either command at once.
// Real redis-server processes (killed with SIGKILL, restarted on the same port with their data gone), the
// real CLI as child processes, and the fault proxy from test/support/faults for a link that stops answering.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../../src/diagnostics/catalog.js';
import { readEntry } from '../../src/media/cache.js';
import { QUEUE_NAME, connectionFromUrl } from '../../src/media/queue.js';
import { startProxy } from '../support/faults/index.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { bin } from '../support/cli.js';
import { jsonLines, tempCourse } from './helpers.js';

const VIDEO = 'media/Video Pengertian Moderasi.mp4';
const AUDIO = 'media/audio-pengertian.mp3';

let root: string;
const children: ChildProcess[] = [];
const servers: RedisServer[] = [];

beforeAll(async () => {
  root = await tempCourse('ajar redis putus ');
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh copy of the example course (video with captions, audio), fast settings. */
async function course(name: string): Promise<string> {
  const dir = path.join(root, name);
  await cp(path.resolve(import.meta.dirname, '../../examples/moderasi-beragama'), dir, { recursive: true });
  await writeFile(path.join(dir, 'ajar.yaml'), 'media:\n  preset: veryfast\n  ladder:\n    - { height: 240, bitrate: 230k }\n    - { height: 360, bitrate: 450k }\n');
  return dir;
}

async function redis(port?: number): Promise<RedisServer> {
  const server = await startRedis(port ? { port } : {});
  servers.push(server);
  return server;
}

interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** JSON lines seen on stdout (worker events) or stderr (media progress with --format json). */
  events: any[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves when a JSON event (or an stderr line) matches. */
  until(match: (e: any) => boolean, what: string, timeoutMs?: number): Promise<any>;
  stderrUntil(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** The real CLI (bin/ajar.js: `npm run build` first, as the test script does), in its own process group. */
function ajar(args: string[], env: Record<string, string> = {}, cwd = root): Running {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let out = '';
  let err = '';
  const events: any[] = [];
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (c) => ((out += c), poke()));
  child.stderr!.on('data', (c) => ((err += c), poke()));
  const onEvent = (e: any) => (events.push(e), poke());
  jsonLines(child.stdout!, onEvent);
  jsonLines(child.stderr!, onEvent);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => (resolve({ code, signal, at: Date.now() }), poke())),
  );
  const wait = (test: () => any, what: string, timeoutMs: number) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`timed out waiting for ${what}\nstdout:\n${out}\nstderr:\n${err}`))), timeoutMs);
      const check = () => {
        const found = test();
        if (found !== undefined && found !== false) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before ${what}\nstdout:\n${out}\nstderr:\n${err}`));
        }
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    out: () => out,
    err: () => err,
    events,
    exited,
    until: (match, what, timeoutMs = 120_000) => wait(() => events.find(match), what, timeoutMs),
    stderrUntil: (pattern, timeoutMs = 120_000) => wait(() => pattern.test(err), String(pattern), timeoutMs),
  };
}

/** Waits for the process to end, at most `ms`; the test fails (instead of hanging) when it does not. */
async function exitWithin(run: Running, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  const timer = new Promise<undefined>((r) => setTimeout(() => r(undefined), ms));
  const done = await Promise.race([run.exited, timer]);
  if (!done) throw new Error(`still running ${ms / 1000} s later\nstdout:\n${run.out()}\nstderr:\n${run.err()}`);
  return done;
}

/** Resolves once the producer's jobs are in Redis (so an outage now happens while it waits for them). */
async function queued(url: string, n: number): Promise<void> {
  const queue = new Queue(QUEUE_NAME, { connection: connectionFromUrl(url) });
  try {
    await expect.poll(async () => Object.values(await queue.getJobCounts('waiting', 'active', 'completed')).reduce((a, b) => a + b, 0), { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(n);
  } finally {
    await queue.close();
  }
}

const keyDirs = async (dir: string) => (await readdir(path.join(dir, '.ajar/cache/media')).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{40}$/.test(n));
const sourceCopies = async (dir: string) => readdir(path.join(dir, '.ajar/cache/media/sources')).catch(() => [] as string[]);
const envelopeOf = (stdout: string) => JSON.parse(stdout.slice(stdout.indexOf('{\n')));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ajar media --queue when Redis goes away', () => {
  it('Redis killed and not back: the outage is shown at once, the run fails within the tolerance naming each waiting file', async () => {
    const dir = await course('tanpa-redis');
    const server = await redis();
    const run = ajar(['media', dir, '--queue', server.url], { AJAR_QUEUE_TOLERANCE: '3' });
    await queued(server.url, 2); // the video and the audio; captions are converted locally
    await server.kill();
    const killedAt = Date.now();
    await run.stderrUntil(/Redis unreachable at 127\.0\.0\.1:\d+/, 20_000);
    expect(run.err()).toContain(`Redis unreachable at 127.0.0.1:${server.port}`);
    expect(run.err()).toMatch(/retrying for up to 3 s… \(Ctrl-C to stop\)/);
    const done = await exitWithin(run, 60_000);
    const seconds = (done.at - killedAt) / 1000;
    // It kept trying for the tolerance, then gave up (generous upper bound: the machine is shared).
    expect(seconds).toBeGreaterThanOrEqual(2.5);
    expect(seconds).toBeLessThan(25);
    expect(done.code).toBe(1);
    // One located error per file that was waiting on the queue, with the address and how long it waited.
    for (const file of [VIDEO, AUDIO]) expect(run.out()).toContain(file);
    expect(run.out()).toContain(`did not answer for 3 s`);
    expect((run.out().match(/media-queue-lost/g) ?? []).length).toBe(2);
    // Nothing half made, no source copy left behind.
    expect(await sourceCopies(dir)).toEqual([]);
  });

  it('Ctrl-C during the outage ends the run within a second: exit 130, a final line and a final JSON envelope', async () => {
    const dir = await course('ctrl-c');
    const server = await redis();
    // Default tolerance (60 s): without the signal it would still be waiting.
    const run = ajar(['media', dir, '--queue', server.url, '--format', 'json']);
    await queued(server.url, 2);
    await server.kill();
    await run.until((e) => e.type === 'queue-unreachable', 'the outage event', 20_000);
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    const done = await exitWithin(run, 30_000);
    // Within a second on an idle machine; generous here because the test machine is shared.
    expect((done.at - sentAt) / 1000).toBeLessThan(5);
    expect(done.code).toBe(130);
    expect(envelopeOf(run.out())).toMatchObject({ command: 'media', ok: false, exitCode: 130, result: null });
    // Nothing half made: only what was finished here before the signal (captions, slides), each complete;
    // nothing for the queued video and audio; no source copy left behind.
    const finished = run.events.filter((e) => e.type === 'done');
    expect(finished.map((e) => e.source)).not.toContain(VIDEO);
    expect(finished.map((e) => e.source)).not.toContain(AUDIO);
    expect((await keyDirs(dir)).sort()).toEqual(finished.map((e) => e.key).sort());
    for (const key of await keyDirs(dir)) expect(await readEntry(path.join(dir, '.ajar/cache/media'), key)).toBeDefined();
    expect(await sourceCopies(dir)).toEqual([]);

    // The same in pretty mode with SIGTERM (CI cancelling the job): the last line says what happened.
    const redis2 = await redis();
    const again = ajar(['--lang', 'id', 'media', dir, '--queue', redis2.url]);
    await queued(redis2.url, 2);
    await redis2.kill();
    await again.stderrUntil(/Redis di 127\.0\.0\.1:\d+ tidak dapat dihubungi/, 20_000);
    const termAt = Date.now();
    again.child.kill('SIGTERM');
    const ended = await exitWithin(again, 30_000);
    expect((ended.at - termAt) / 1000).toBeLessThan(5);
    expect(ended.code).toBe(130);
    expect(again.err().trim().split('\n').at(-1)).toContain('Dihentikan.');
  });

  it('Redis restarted within the tolerance (its data gone): the run recovers and completes, exit 0, every entry made', async () => {
    const dir = await course('redis-kembali');
    const server = await redis();
    const worker = ajar(['worker', '--queue', server.url, '--format', 'json', '--concurrency', '1']);
    await worker.until((e) => e.type === 'ready', 'the worker to be ready');
    const run = ajar(['media', dir, '--queue', server.url, '--queue-tolerance', '90']);
    // The worker has taken the first job; the second waits in Redis. Redis crashes now.
    await worker.until((e) => e.type === 'active', 'the first job to start');
    await server.kill();
    await run.stderrUntil(/Redis unreachable at/, 30_000);
    await worker.until((e) => e.type === 'queue-unreachable', 'the worker to report the outage', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    await redis(server.port); // back where everyone expects it, empty
    const done = await exitWithin(run, 170_000);
    expect(done.code, run.err() + run.out()).toBe(0);
    expect(run.err()).toMatch(/Redis at 127\.0\.0\.1:\d+ answers again after \d+ s; continuing\./);
    const made = await keyDirs(dir);
    expect(made.length).toBeGreaterThanOrEqual(3); // the video, its captions, the audio (and what else the course has)
    expect(run.err()).toContain(`${made.length} ${made.length === 1 ? 'file' : 'files'} transcoded, 0 from cache.`);
    expect(run.err()).toContain(`✔ ${VIDEO}`);
    expect(run.err()).toContain(`✔ ${AUDIO}`);
    for (const key of made) expect(await readEntry(path.join(dir, '.ajar/cache/media'), key, { verifyContent: true })).toBeDefined();
    expect(await sourceCopies(dir)).toEqual([]);
    await worker.until((e) => e.type === 'queue-back', 'the worker to reconnect', 30_000);
    // Both jobs done by the worker that lived through the restart.
    expect(worker.events.filter((e) => e.type === 'completed' && e.ok).map((e) => e.source).sort()).toEqual(expect.arrayContaining([AUDIO, VIDEO]));

    // A second run finds everything in the cache.
    const again = ajar(['media', dir, '--queue', server.url]);
    expect((await exitWithin(again, 60_000)).code).toBe(0);
    expect(again.err()).toContain(`0 files transcoded, ${made.length} from cache.`);
    const termAt = Date.now();
    worker.child.kill('SIGTERM');
    const stopped = await exitWithin(worker, 30_000);
    expect((stopped.at - termAt) / 1000).toBeLessThan(5);
    expect(stopped.code).toBe(0);
  });

  it('a producer whose link stops answering still notices its jobs finished (the result in the shared folder) and completes', async () => {
    const dir = await course('tautan-macet');
    const server = await redis();
    const proxy = await startProxy(server.port);
    const worker = ajar(['worker', '--queue', server.url, '--format', 'json', '--concurrency', '2']);
    await worker.until((e) => e.type === 'ready', 'the worker to be ready');
    const run = ajar(['media', dir, '--queue', `redis://127.0.0.1:${proxy.port}`], { AJAR_QUEUE_TOLERANCE: '150' });
    // Both jobs are in Redis (asked directly, not through the proxy) and a worker has started on one.
    await queued(server.url, 2);
    await worker.until((e) => e.type === 'active', 'a job to start');
    // From now on nothing goes through the producer's link: no answers, no events, no error either.
    proxy.stall();
    try {
      const done = await exitWithin(run, 170_000);
      expect(done.code, run.err() + run.out()).toBe(0);
      const made = await keyDirs(dir);
      expect(made.length).toBeGreaterThanOrEqual(3);
      expect(run.err()).toContain(`${made.length} ${made.length === 1 ? 'file' : 'files'} transcoded, 0 from cache.`);
      expect(run.err()).toContain(`✔ ${VIDEO}`);
      expect(run.err()).toContain(`✔ ${AUDIO}`);
      expect(await sourceCopies(dir)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('ajar worker when Redis goes away', () => {
  it('reports the outage, stops within a second of Ctrl-C even mid-job (its ffmpeg with it), and gives up after the tolerance', async () => {
    const dir = await course('pekerja');
    const server = await redis();
    const worker = ajar(['worker', '--queue', server.url, '--concurrency', '1'], {});
    await worker.stderrUntil(/Waiting for jobs on/);
    const run = ajar(['media', dir, '--queue', server.url]);
    await worker.stderrUntil(/▶ media\//);
    // Its ffmpeg is running: find it among the worker's descendants.
    const ffmpegOf = (pid: number): number[] => {
      const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
      const tree = new Set([pid]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [p, pp] of ps) if (tree.has(Number(pp)) && !tree.has(Number(p))) (tree.add(Number(p)), (grew = true));
      }
      return ps.filter(([p, , comm]) => tree.has(Number(p)) && /ffmpeg|ffprobe|setpriv/.test(comm ?? '')).map(([p]) => Number(p));
    };
    await expect.poll(() => ffmpegOf(worker.child.pid!).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    const encoders = ffmpegOf(worker.child.pid!);
    await server.kill();
    await worker.stderrUntil(/Redis unreachable at 127\.0\.0\.1:\d+ \(.*\), retrying for up to 60 s… \(Ctrl-C to stop\)/, 20_000);
    const sentAt = Date.now();
    worker.child.kill('SIGINT');
    const done = await exitWithin(worker, 30_000);
    expect((done.at - sentAt) / 1000).toBeLessThan(5);
    expect(done.code).toBe(130);
    expect(worker.err().trim().split('\n').at(-1)).toMatch(/^Stopped/);
    await expect.poll(() => encoders.filter(alive), { timeout: 5000 }).toEqual([]);
    run.child.kill('SIGINT');
    await exitWithin(run, 30_000);
    expect(existsSync(path.join(dir, '.ajar/cache/media'))).toBe(true);

    // Redis still gone: a worker started with a short tolerance says so and exits 1 once it runs out.
    const back = await redis();
    const patient = ajar(['worker', '--queue', back.url, '--queue-tolerance', '3']);
    await patient.stderrUntil(/Waiting for jobs on/);
    await back.kill();
    const killedAt = Date.now();
    const gaveUp = await exitWithin(patient, 60_000);
    expect(gaveUp.code).toBe(1);
    expect((gaveUp.at - killedAt) / 1000).toBeGreaterThanOrEqual(2.5);
    expect((gaveUp.at - killedAt) / 1000).toBeLessThan(25);
    expect(patient.err()).toContain('Redis unreachable at');
    expect(patient.err()).toContain('media-queue-lost');
    expect(patient.err()).toContain('did not answer for 3 s');
  });
});
