// A run killed in the middle of an encode (power cut, Ctrl-C twice, CI timeout) leaves nothing that a
// later run trusts; the next run makes the entry again. A damaged entry is not trusted either.

import { spawn } from 'node:child_process';
import { readdir, rm, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEntry } from '../../src/media/cache.js';
import type { MediaSource } from '../../src/media/plan.js';
import { runMediaSources } from '../../src/media/run.js';
import { buildEntry, jsonLines, makeClip, tempCourse, testSettings } from './helpers.js';

let course: string;
let entry: string;
const VIDEO = 'video/ceramah panjang.mp4';
const sources: MediaSource[] = [{ path: VIDEO, kind: 'video' }];
// Slow enough that the kill lands mid-encode on a fast machine too.
const settings = { ...testSettings, preset: 'medium' as const };

beforeAll(async () => {
  course = await tempCourse();
  [entry] = await Promise.all([buildEntry(), makeClip(path.join(course, ...VIDEO.split('/')), { width: 854, height: 480, seconds: 12, fps: 25 })]);
});

afterAll(async () => {
  await rm(course, { recursive: true, force: true });
  if (entry) await rm(entry, { force: true });
});

describe('an interrupted run', () => {
  it('leaves no trusted entry when killed mid-encode, and the next run makes it', async () => {
    const child = spawn(process.execPath, [entry, 'run', JSON.stringify({ sources, settings, courseDir: course })], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let key = '';
    let killedAt = -1;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    jsonLines(child.stdout!, (e) => {
      if (e.type === 'start') key = e.key;
      // The first progress report of the encode itself (10 % is where the loudness pass ends).
      if (e.type === 'progress' && e.step === 'encode' && e.percent > 10 && e.percent < 95 && killedAt < 0) {
        killedAt = e.percent;
        // The whole process group: the node process and its ffmpeg, as a power cut would.
        process.kill(-child.pid!, 'SIGKILL');
      }
    });
    await exited;
    expect(killedAt).toBeGreaterThan(10);
    expect(killedAt).toBeLessThan(100);
    const cacheDir = path.join(course, '.ajar', 'cache', 'media');
    const names = await readdir(cacheDir);
    // Only the temporary folder of the killed encode, no folder under the key.
    expect(names.filter((n) => /^[0-9a-f]{40}$/.test(n))).toEqual([]);
    expect(names.some((n) => n.startsWith(`.tmp-${key}-`))).toBe(true);
    expect(await readEntry(cacheDir, key)).toBeUndefined();

    const again = await runMediaSources(sources, settings, { courseDir: course });
    expect(again.diagnostics).toEqual([]);
    expect(again.made).toBe(1);
    expect(again.index.get(VIDEO)!.key).toBe(key);
    expect(await readEntry(cacheDir, key)).toBeDefined();
  });

  it('does not trust an entry whose files were damaged or removed, and makes it again', async () => {
    const cacheDir = path.join(course, '.ajar', 'cache', 'media');
    const first = await runMediaSources(sources, settings, { courseDir: course });
    expect(first.made).toBe(0);
    const e = first.index.get(VIDEO)!;
    const segment = e.renditions.find((r) => r.kind === 'segment' && r.path.endsWith('.m4s'))!;
    await truncate(path.join(e.dir, ...segment.path.split('/')), 100);
    expect(await readEntry(cacheDir, e.key)).toBeUndefined();
    const repaired = await runMediaSources(sources, settings, { courseDir: course });
    expect(repaired.made).toBe(1);
    expect(await readEntry(cacheDir, e.key)).toBeDefined();

    await unlink(path.join(e.dir, 'entry.json'));
    const remade = await runMediaSources(sources, settings, { courseDir: course });
    expect([remade.made, remade.cached]).toEqual([1, 0]);
  });
});
