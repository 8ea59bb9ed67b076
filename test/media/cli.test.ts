// `ajar media` on a copy of the bundled example course, as CI runs it (--format json) and as a person reads it.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media, type MediaOptions } from '../../src/cli/commands/media.js';
import type { Context } from '../../src/cli/context.js';
import { loadCourse } from '../../src/load/index.js';
import { mediaSourcesOf } from '../../src/media/plan.js';

let course: string;
/** The example's media files, as the loader finds them (the lead may add more). */
let sources: string[];
let video: string;

beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'ajar-cli-media-'));
  course = path.join(root, 'Kursus Moderasi Beragama');
  await cp(path.resolve(import.meta.dirname, '../../examples/moderasi-beragama'), course, { recursive: true });
  // Fast settings for CI; the example itself uses the defaults.
  await writeFile(path.join(course, 'ajar.yaml'), 'media:\n  preset: veryfast\n  ladder:\n    - { height: 240, bitrate: 230k }\n    - { height: 360, bitrate: 450k }\n');
  const loaded = await loadCourse(course, {});
  sources = [...new Set(mediaSourcesOf(loaded.course!).map((s) => s.path))].sort();
  video = mediaSourcesOf(loaded.course!).find((s) => s.kind === 'video')!.path;
});

afterAll(async () => {
  if (course) await rm(path.dirname(course), { recursive: true, force: true });
});

async function runCli(lang: 'id' | 'en', given: Partial<MediaOptions>, dir = course) {
  const options: MediaOptions = { format: 'pretty', strict: false, ...given };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const ctx: Context = { cwd: path.dirname(dir), stdout, stderr, env: { PATH: process.env.PATH }, lang, debug: false, quiet: false, color: false, colorOut: false, interactive: false };
  const code = await media(ctx, path.basename(dir), options);
  return { code, out, err };
}

describe('ajar media', () => {
  it('transcodes the example course with one JSON envelope for CI (progress as JSON lines on stderr), then finds everything in the cache', async () => {
    const first = await runCli('en', { format: 'json' });
    expect(first.code).toBe(0);
    const lines = first.err.trim().split('\n').map((l) => JSON.parse(l));
    // The example has a video with captions and an audio file, at least.
    expect(sources.length).toBeGreaterThanOrEqual(3);
    const done = lines.filter((l) => l.type === 'done').map((l) => l.source).sort();
    expect(done).toEqual(sources);
    expect(lines.some((l) => l.type === 'progress' && typeof l.percent === 'number' && typeof l.time === 'string')).toBe(true);
    const n = sources.length;
    // The example's slide deck is already small: Ghostscript's copy is not smaller, so the original is kept and said so.
    const slides = { source: 'media/slide-modul-1.pdf', kind: 'slides', originalBytes: expect.any(Number), bytes: expect.any(Number), kept: 'not-smaller' };
    expect(JSON.parse(first.out)).toEqual({
      version: 1,
      command: 'media',
      ok: true,
      exitCode: 0,
      diagnostics: [],
      result: { made: n, cached: 0, entries: n, optimised: { files: [slides], originalBytes: expect.any(Number), bytes: expect.any(Number) } },
    });

    const second = await runCli('id', {});
    expect(second.code).toBe(0);
    expect(second.err).toContain(`0 berkas ditranskode, ${n} dari tembolok.`);
    expect(second.err).toContain(`↺ ${video}`);
    expect(second.err).toMatch(/Slide dan gambar:\n  media\/slide-modul-1\.pdf  [\d.]+ (B|KB)  \(asli dipakai, sudah kecil\)/);
  });

  it('exits 1 and names the file when a video is broken, in Indonesian', async () => {
    // A video cut off after its first 4 KiB: it still starts like an MP4 (the check stage accepts it), ffmpeg cannot read it.
    const file = path.join(course, ...video.split('/'));
    await writeFile(file, (await readFile(file)).subarray(0, 4096));
    const result = await runCli('id', {});
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${video}  galat  Berkas media tidak dapat dibaca atau rusak`);
    expect(result.out).toContain('media-unreadable');
  });

  it('a file that is not a video at all is found by the check stage, at the lesson’s line, before any transcode', async () => {
    await writeFile(path.join(course, ...video.split('/')), 'rusak');
    const result = await runCli('en', { format: 'json' });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.result).toBeNull();
    expect(report.diagnostics).toEqual([expect.objectContaining({ ruleId: 'media-wrong-kind', file: expect.stringMatching(/^materi\/.+\.md$/), severity: 'error' })]);
  });

  it('stops at a wrong media setting in ajar.yaml, with its line, before transcoding anything', async () => {
    const yaml = path.join(course, 'ajar.yaml');
    await writeFile(yaml, 'media:\n  preset: secepatnya\n');
    const result = await runCli('en', { format: 'json' });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ command: 'media', ok: false, exitCode: 1, result: null });
    expect(report.diagnostics.map((d: { file: string; line: number }) => [d.file, d.line])).toContainEqual(['ajar.yaml', 2]);
    expect(result.err).toBe('');
  });

  it('refuses a queue address that is not redis://, and a store that is not s3:// or has no queue, with a usage error', async () => {
    await expect(runCli('en', { queue: 'http://localhost:6379' })).rejects.toMatchObject({ diagnostic: { ruleId: 'media-queue-url' }, exitCode: 2 });
    await expect(runCli('en', { queue: 'redis://127.0.0.1:6379', store: 'https://bucket' })).rejects.toMatchObject({ diagnostic: { ruleId: 'media-store-url' }, exitCode: 2 });
    await expect(runCli('en', { store: 's3://ajar-media/kursus' })).rejects.toMatchObject({ diagnostic: { ruleId: 'media-store-url' }, exitCode: 2 });
  });
});
