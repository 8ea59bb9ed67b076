// Lesson images through the media stage: AVIF and WebP variants at a few widths, never wider than the
// picture, stripped of metadata, turned upright, byte-identical on every run; small and broken images ship
// as they are.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaDefaults } from '../../src/media/config-schema.js';
import { runMediaSources } from '../../src/media/run.js';
import { variantWidths } from '../../src/media/images.js';
import { photo } from './decks.js';

const MAP = 'gambar/Peta Kerukunan Umat Beragama.png';
const PHONE = 'gambar/Foto Kegiatan Dialog Lintas Iman.jpg';
const QR = 'gambar/Kode QR Presensi.png';
const BROKEN = 'gambar/Foto Terpotong.jpg';

let course: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  course = path.join(await mkdtemp(path.join(tmpdir(), 'ajar gambar ')), 'Kursus Moderasi');
  await mkdir(path.join(course, 'gambar'), { recursive: true });
  await (await photo(2400, 1600)).png().toFile(path.join(course, MAP));
  // A phone photo stored sideways with EXIF orientation 6 (turn 90° clockwise to view).
  const sideways = await (await photo(1200, 900, 11)).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
  await writeFile(path.join(course, PHONE), sideways);
  // A QR code as a 2-colour PNG: a few hundred bytes that no lossy format beats.
  const side = 264;
  const modules = Buffer.alloc(side * side);
  let seed = 5;
  for (let by = 0; by < side / 8; by++)
    for (let bx = 0; bx < side / 8; bx++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) modules[(by * 8 + y) * side + bx * 8 + x] = (seed >> 16) & 1 ? 0 : 255;
    }
  await sharp(modules, { raw: { width: side, height: side, channels: 1 } }).png({ palette: true, colours: 2, compressionLevel: 9 }).toFile(path.join(course, QR));
  const full = await (await photo(1600, 1000, 3)).jpeg({ quality: 90 }).toBuffer();
  await writeFile(path.join(course, BROKEN), full.subarray(0, Math.floor(full.length / 3)));
});

afterAll(async () => {
  if (course) await rm(path.dirname(course), { recursive: true, force: true });
});

describe('variantWidths', () => {
  it('takes the configured widths below the picture, adds its own width when narrower than the widest, never upscales', () => {
    const widths = [480, 960, 1440];
    expect(variantWidths(2400, widths)).toEqual([480, 960, 1440]);
    expect(variantWidths(1440, widths)).toEqual([480, 960, 1440]);
    expect(variantWidths(1200, widths)).toEqual([480, 960, 1200]);
    // 960 next to 1000 would cost bytes for nothing.
    expect(variantWidths(1000, widths)).toEqual([480, 1000]);
    expect(variantWidths(300, widths)).toEqual([300]);
  });
});

describe('a large lesson image', () => {
  it('gets AVIF and WebP variants at 480, 960 and 1440 px, each far smaller than the PNG, without metadata', async () => {
    const run = await runMediaSources([{ path: MAP, kind: 'image' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.diagnostics).toEqual([]);
    const entry = run.index.get(MAP)!;
    const original = (await readFile(path.join(course, MAP))).length;
    expect(entry.renditions.map((r) => [r.path, r.contentType, r.width, r.height])).toEqual([
      ['w1440.avif', 'image/avif', 1440, 960],
      ['w1440.webp', 'image/webp', 1440, 960],
      ['w480.avif', 'image/avif', 480, 320],
      ['w480.webp', 'image/webp', 480, 320],
      ['w960.avif', 'image/avif', 960, 640],
      ['w960.webp', 'image/webp', 960, 640],
    ]);
    for (const r of entry.renditions) {
      const file = path.join(entry.dir, r.path);
      const meta = await sharp(file).metadata();
      expect([meta.format === 'heif' ? 'avif' : meta.format, meta.width, meta.height]).toEqual([r.path.split('.')[1], r.width, r.height]);
      expect([meta.exif, meta.icc, meta.xmp]).toEqual([undefined, undefined, undefined]);
      expect(r.bytes).toBeLessThan(original / 4);
    }
    const avif1440 = entry.renditions.find((r) => r.path === 'w1440.avif')!;
    expect(entry.optimised).toEqual({ originalBytes: original, bytes: avif1440.bytes, width: 2400, height: 1600 });
  });

  it('is byte-identical when made again in a fresh cache', async () => {
    const a = await runMediaSources([{ path: MAP, kind: 'image' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    const b = await runMediaSources([{ path: MAP, kind: 'image' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-2') });
    expect(a.made).toBe(0);
    expect(b.made).toBe(1);
    for (const r of a.index.get(MAP)!.renditions) {
      expect(sha(await readFile(path.join(b.index.get(MAP)!.dir, r.path))), r.path).toBe(sha(await readFile(path.join(a.index.get(MAP)!.dir, r.path))));
    }
  });

  it('only the formats and widths asked for (media.images in ajar.yaml)', async () => {
    const settings = { ...mediaDefaults, images: { ...mediaDefaults.images, widths: [640], formats: ['webp' as const] } };
    const run = await runMediaSources([{ path: MAP, kind: 'image' }], settings, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.index.get(MAP)!.renditions.map((r) => r.path)).toEqual(['w640.webp']);
  });
});

describe('a phone photo stored sideways (EXIF orientation 6)', () => {
  it('comes out upright: the variants and the recorded size are portrait', async () => {
    const run = await runMediaSources([{ path: PHONE, kind: 'image' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.diagnostics).toEqual([]);
    const entry = run.index.get(PHONE)!;
    expect(entry.optimised).toMatchObject({ width: 900, height: 1200 });
    expect(entry.renditions.filter((r) => r.contentType === 'image/webp').map((r) => [r.width, r.height])).toEqual([
      [480, 640],
      [900, 1200],
    ]);
    const meta = await sharp(path.join(entry.dir, 'w900.webp')).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([900, 1200, undefined, undefined]);
  });
});

describe('the original is shipped', () => {
  it('when every variant would be larger (a 2-colour QR code): no variants, its size recorded for width/height', async () => {
    const run = await runMediaSources([{ path: QR, kind: 'image' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.diagnostics).toEqual([]);
    const entry = run.index.get(QR)!;
    const original = (await readFile(path.join(course, QR))).length;
    expect(entry.renditions).toEqual([]);
    expect(entry.optimised).toEqual({ originalBytes: original, bytes: original, kept: 'not-smaller', width: 264, height: 264 });
  });

  it('when the image cannot be decoded (a cut-off download): a warning naming the file', async () => {
    const run = await runMediaSources([{ path: BROKEN, kind: 'image' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.diagnostics).toEqual([expect.objectContaining({ ruleId: 'image-not-optimised', severity: 'warning', file: BROKEN })]);
    expect(run.index.get(BROKEN)?.renditions ?? []).toEqual([]);
  });
});
