// Same sources → same bytes (issue 16): a capped-quality rung of a busy video, encoded twice at the same time
// while a third encode loads the CPU, comes out byte for byte the same; a slide deck comes out the same
// whichever path Ghostscript is run from (GS_PATH).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaDefaults, type MediaSettings } from '../../src/media/config-schema.js';
import { runMediaSources, type RunMediaResult } from '../../src/media/run.js';
import { SLIDES_FILE } from '../../src/media/slides.js';
import { slideDeck } from './decks.js';
import { ffmpeg, tempCourse } from './helpers.js';

const VIDEO = 'video/kunjungan lapangan pasar.mp4';
const DECK = 'media/Slide Modul 3 Toleransi.pdf';

let course: string;
const at = (p: string) => path.join(course, ...p.split('/'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** sha256 of every file a source's entry holds, by its path in the entry. */
async function bytesOf(run: RunMediaResult, source: string): Promise<Record<string, string>> {
  const entry = run.index.get(source);
  if (!entry) throw new Error(`no entry for ${source}: ${JSON.stringify(run.diagnostics)}`);
  const out: Record<string, string> = {};
  for (const r of entry.renditions) out[r.path] = sha(await readFile(path.join(entry.dir, ...r.path.split('/'))));
  return out;
}

beforeAll(async () => {
  course = await tempCourse('ajar sama ');
  await mkdir(at('video'), { recursive: true });
  await mkdir(at('media'), { recursive: true });
  // A busy master: grain that changes every frame on a moving pattern, at a studio bitrate, with sound.
  await ffmpeg(
    '-f', 'lavfi', '-i', 'testsrc2=size=854x480:rate=25:duration=6,noise=alls=40:allf=t+u',
    '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.1:duration=6:sample_rate=48000:seed=5',
    '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '14', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', at(VIDEO),
  );
  await writeFile(at(DECK), await slideDeck(2));
}, 120_000);

afterAll(async () => {
  if (course) await rm(course, { recursive: true, force: true });
});

describe('a busy video under a tight cap', () => {
  it('gives byte-identical renditions when encoded twice at the same time while another encode loads the CPU', async () => {
    // A 240p rung capped far below what the picture needs: the VBV cap decides every frame's size.
    const tight: MediaSettings = { ...mediaDefaults, preset: 'ultrafast', ladder: [{ height: 240, videoBitrate: 30_000, crf: 28 }], hls: false, mp4Fallback: [240], poster: false, loudness: false, concurrency: 1 };
    const load: MediaSettings = { ...tight, preset: 'veryfast', ladder: [{ height: 480, videoBitrate: 900_000, crf: 24 }], mp4Fallback: [480] };
    const sources = [{ path: VIDEO, kind: 'video' as const }];
    const [a, b] = await Promise.all([
      runMediaSources(sources, tight, { courseDir: course, cacheDir: at('.cache/a') }),
      runMediaSources(sources, tight, { courseDir: course, cacheDir: at('.cache/b') }),
      runMediaSources(sources, load, { courseDir: course, cacheDir: at('.cache/beban') }),
    ]);
    expect([a!.made, b!.made]).toEqual([1, 1]);
    const first = await bytesOf(a!, VIDEO);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['240p.mp4', 'audio.m4a']));
    expect(await bytesOf(b!, VIDEO)).toEqual(first);
  }, 300_000);
});

describe('a slide deck', () => {
  it('comes out byte-identical whether Ghostscript is run as gs or through GS_PATH under another name', async () => {
    const settings: MediaSettings = { ...mediaDefaults, concurrency: 1 };
    const sources = [{ path: DECK, kind: 'slides' as const }];
    const plain = await runMediaSources(sources, settings, { courseDir: course, cacheDir: at('.cache/gs') });
    const other = at('alat/ghostscript-10');
    await mkdir(path.dirname(other), { recursive: true });
    // The installed gs, by its full path, under a name of the machine's choosing.
    const gs = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'gs')).find((f) => existsSync(f))!;
    await symlink(gs, other);
    const renamed = await runMediaSources(sources, settings, { courseDir: course, cacheDir: at('.cache/gs-lain'), env: { ...process.env, GS_PATH: other } });
    expect(plain.diagnostics).toEqual([]);
    expect(renamed.diagnostics).toEqual([]);
    const deck = await readFile(path.join(renamed.index.get(DECK)!.dir, SLIDES_FILE));
    expect(deck.includes('ghostscript-10')).toBe(false);
    expect(await bytesOf(renamed, DECK)).toEqual(await bytesOf(plain, DECK));
  }, 120_000);
});
