// `ajar build` tells a widyaiswara what the course costs a learner: the bytes downloaded to complete it on the
// lowest settings (launch page, player, the cheapest medium of each lesson, images read) and their price
// per GB from ajar.yaml — in the pretty summary (Indonesian or English) and in the --format json result.
// A real process on a copy of the example course, with its media transcoded (ffmpeg).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixture } from '../support/tree.js';
import { repoRoot, spawnAjar } from '../support/cli.js';
import { unzip } from '../package/unzip.js';

const example = path.join(repoRoot, 'examples', 'moderasi-beragama');

describe('ajar build: what the course costs a learner', () => {
  it('prints the bytes and their price, and they add up to the files a learner on the lowest settings fetches', async () => {
    const course = copyFixture(example);
    const out = mkdtempSync(path.join(os.tmpdir(), 'ajar biaya '));
    const r = spawnAjar(['build', course, '--formats', 'scorm2004', '--out', out, '--format', 'json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const result = JSON.parse(r.stdout).result;
    const l = result.learner;
    const entries = await unzip(result.packages[0].file);
    const bytes = (pred: (name: string) => boolean) => entries.filter((e) => pred(e.name)).reduce((n, e) => n + e.data.length, 0);
    expect(l.pages).toBe(bytes((n) => n === 'index.html'));
    expect(l.player).toBe(bytes((n) => n.startsWith('ajar/')));
    // The example's video lesson has narration that completes it: the audio-only file, not a video rung.
    expect(l.lessons).toEqual({ audio: 1, video: 0, reading: 4 });
    expect(l.media).toBe(bytes((n) => n.endsWith('/audio.m4a')));
    // The video lesson's diagram is in its reading, which the learner completing by audio need not open.
    expect(l.images).toBe(0);
    expect(l.bytes).toBe(l.pages + l.player + l.media + l.images);
    // The package carries the lowest rung and 360p (build.embed_rungs default), not the whole ladder.
    const rungs = entries.filter((e) => /\/\d+p\.mp4$/.test(e.name)).map((e) => path.posix.basename(e.name)).sort();
    expect(rungs).toEqual(['240p.mp4', '360p.mp4']);
    // The default price: Rp 10,000 per GB (1 GB = 1024³ bytes).
    expect([l.pricePerGb, l.currency]).toEqual([10_000, 'Rp']);
    expect(l.cost).toBeCloseTo((l.bytes / 1024 ** 3) * 10_000, 2);

    // A course's own price, in the pretty summary, in Indonesian and English.
    const yaml = path.join(course, 'ajar.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('  media: embed', '  media: embed\n  price_per_gb: 1500000\n  currency: Rp'));
    const id = spawnAjar(['build', course, '--formats', 'scorm2004', '--out', out, '--lang', 'id']);
    expect(id.code, id.stderr).toBe(0);
    const kb = (n: number) => `${(n / 1024).toFixed(n / 1024 < 10 ? 1 : 0)} KB`;
    // About Rp 226 for the example's ~158 KB: whole rupiah from Rp 10 up.
    const cost = Math.round((l.bytes / 1024 ** 3) * 1_500_000);
    expect(cost).toBeGreaterThanOrEqual(10);
    expect(cost).toBeLessThan(1000);
    expect(id.stdout).toContain(`Peserta mengunduh ${kb(l.bytes)} untuk menyelesaikan kursus dengan pengaturan terhemat: ≈ Rp ${cost} dengan harga data Rp 1.500.000 per GB.`);
    expect(id.stdout).toContain('(pelajaran: 1 lewat audio, 0 lewat video terendah, 4 lewat bacaan)');
    const en = spawnAjar(['build', course, '--formats', 'scorm2004', '--out', out, '--lang', 'en']);
    expect(en.stdout).toContain(`A learner downloads ${kb(l.bytes)} to complete the course on the lowest settings: ≈ Rp ${cost} at Rp 1,500,000 per GB of data.`);
    expect(en.stdout).toContain('(lessons: 1 by audio, 0 by the lowest video rung, 4 by reading)');
  }, 300_000);
});
