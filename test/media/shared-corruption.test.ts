// A rendition damaged in the shared folder must never reach a learner (issue 14): workers of `ajar media
// --queue` write the entries into the folder the course's build reads; a block of one rendition is zeroed
// there afterwards (same size: a flaky NFS write, a bad disk, a half-synced copy). `ajar build` must not
// pack those bytes: the entry is checked by content because its files changed since they were verified,
// and made again. The check is on the built package, not only on the cache. Real redis-server, a real
// `ajar worker` and the real CLI (bin/ajar.js).

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../src/media/cache.js';
import { bin } from '../support/cli.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { unzip } from '../package/unzip.js';

const VIDEO = 'media/Video Pengertian Moderasi.mp4';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root: string;
let course: string;
let redis: RedisServer;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ajar folder bersama '));
  course = path.join(root, 'Kursus Moderasi');
  await cp(path.resolve(import.meta.dirname, '../../examples/moderasi-beragama'), course, { recursive: true });
  await writeFile(path.join(course, 'ajar.yaml'), 'media:\n  preset: veryfast\n  ladder:\n    - { height: 240, bitrate: 230k }\n    - { height: 360, bitrate: 450k }\n');
  redis = await startRedis();
});

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, 'SIGKILL');
  await redis?.stop();
  await rm(root, { recursive: true, force: true });
});

/** The real CLI as a child process; resolves with its exit code and output. */
function ajar(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('a rendition damaged in the shared folder after a queued run', () => {
  it('is not packed by ajar build: the entry is checked by content and made again; the package holds the intact bytes', async () => {
    worker = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--concurrency', '2'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    await new Promise<void>((resolve) => worker!.stderr!.on('data', (c: Buffer) => c.toString().includes('Waiting for jobs') && resolve()));
    const queued = await ajar(['media', course, '--queue', redis.url]);
    expect(queued.code, queued.err + queued.out).toBe(0);
    worker.kill('SIGTERM');

    // The video's entry, made by the worker in the course's (shared) cache folder.
    const cache = path.join(course, '.ajar', 'cache', 'media');
    const entries = await Promise.all(
      (await readdir(cache)).filter((n) => /^[0-9a-f]{40}$/.test(n)).map(async (n) => JSON.parse(await readFile(path.join(cache, n, 'entry.json'), 'utf8')) as StoredEntry),
    );
    const entry = entries.find((e) => e.madeFrom === VIDEO)!;
    const mp4 = entry.renditions.find((r) => r.kind === 'mp4')!;
    expect(mp4.bytes).toBeGreaterThan(32 * 1024);
    const file = path.join(cache, entry.key, ...mp4.path.split('/'));
    const bytes = await readFile(file);
    expect(sha(bytes)).toBe(mp4.sha256);
    bytes.fill(0, 8 * 1024, 24 * 1024);
    await writeFile(file, bytes);
    const damaged = sha(bytes);

    const built = await ajar(['build', course, '--out', path.join(root, 'dist'), '--formats', 'scorm12']);
    expect(built.code, built.err + built.out).toBe(0);
    const [zip] = (await readdir(path.join(root, 'dist'))).filter((n) => n.endsWith('.zip'));
    const packed = (await unzip(path.join(root, 'dist', zip!))).find((e) => e.name === `media/${entry.key}/${mp4.path}`);
    expect(packed, 'the video’s MP4 rendition is in the package').toBeDefined();
    expect(sha(packed!.data)).not.toBe(damaged);
    // Made again in the cache: the package holds what the new entry records (same bytes as before: encodes are deterministic).
    const remade = JSON.parse(await readFile(path.join(cache, entry.key, 'entry.json'), 'utf8')) as StoredEntry;
    const now = remade.renditions.find((r) => r.path === mp4.path)!;
    expect(sha(await readFile(file))).toBe(now.sha256);
    expect(sha(packed!.data)).toBe(now.sha256);
  });
});
