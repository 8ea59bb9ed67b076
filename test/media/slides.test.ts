// PDF slide decks through the media stage: a deck of 300-dpi photos comes out much smaller with the same pages,
// byte-identical on every run; a deck that is already small, a broken one and a machine without Ghostscript all
// ship the original (with a warning where something is wrong).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaDefaults } from '../../src/media/config-schema.js';
import { runMediaSources } from '../../src/media/run.js';
import { ghostscriptArgs, runGhostscript, SLIDES_FILE } from '../../src/media/slides.js';
import { pdfPages, pdfRenders, slideDeck, smallTextPdf } from './decks.js';
import { formatOne } from '../../src/diagnostics/report.js';
import { rules } from '../../src/media/rules.js';

const DECK = 'media/Slide Modul 2 Landasan Hukum.pdf';
const SMALL = 'media/Ringkasan Modul 1.pdf';
const BROKEN = 'media/Slide Rusak Unduhan Terputus.pdf';

let course: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  course = path.join(await mkdtemp(path.join(tmpdir(), 'ajar slide ')), 'Kursus Moderasi');
  await mkdir(path.join(course, 'media'), { recursive: true });
  const deck = await slideDeck(3);
  await writeFile(path.join(course, DECK), deck);
  await writeFile(path.join(course, SMALL), smallTextPdf());
  // A download cut off half way: starts like a PDF, has no cross-reference table.
  await writeFile(path.join(course, BROKEN), deck.subarray(0, Math.floor(deck.length / 2)));
});

afterAll(async () => {
  if (course) await rm(path.dirname(course), { recursive: true, force: true });
});

describe('ghostscriptArgs', () => {
  it('asks pdfwrite for downsampled images at the configured resolution, deterministic output, and stops on errors', () => {
    const args = ghostscriptArgs('/kursus/Slide Modul 2.pdf', '/tmp/keluar.pdf', { optimise: true, resolution: 120 });
    expect(args).toEqual(expect.arrayContaining(['-dSAFER', '-dPDFSTOPONERROR', '-sDEVICE=pdfwrite', '-dColorImageResolution=120', '-dGrayImageResolution=120', '-dMonoImageResolution=240', '-dDetectDuplicateImages=true', '-dCompressFonts=true', '-dOmitInfoDate=true', '-dOmitID=true', '-dOmitXMP=true', '-dAutoRotatePages=/None']));
    // One argument each, never split on the space in the name; the input last.
    expect(args.at(-1)).toBe('/kursus/Slide Modul 2.pdf');
    expect(args).toContain('-sOutputFile=/tmp/keluar.pdf');
  });
});

describe('a slide deck of photos', () => {
  it('comes out much smaller, with the same pages, every page still drawable, and says what it saved', async () => {
    const run = await runMediaSources([{ path: DECK, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.diagnostics).toEqual([]);
    const entry = run.index.get(DECK)!;
    const original = (await readFile(path.join(course, DECK))).length;
    expect(original).toBeGreaterThan(1_500_000);
    const made = path.join(entry.dir, SLIDES_FILE);
    const bytes = (await readFile(made)).length;
    expect(entry.renditions).toEqual([expect.objectContaining({ kind: 'slides', path: SLIDES_FILE, bytes, contentType: 'application/pdf' })]);
    expect(entry.optimised).toEqual({ originalBytes: original, bytes });
    expect(bytes).toBeLessThan(original / 5);
    expect(await pdfPages(made)).toBe(3);
    expect(await pdfRenders(made)).toBe(true);
  });

  it('is byte-identical when made again in a fresh cache (no dates, no document ID)', async () => {
    const again = await runMediaSources([{ path: DECK, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-2') });
    const first = await runMediaSources([{ path: DECK, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(first.made).toBe(0);
    const a = await readFile(path.join(first.index.get(DECK)!.dir, SLIDES_FILE));
    const b = await readFile(path.join(again.index.get(DECK)!.dir, SLIDES_FILE));
    expect(sha(b)).toBe(sha(a));
    expect(a.toString('latin1')).not.toMatch(/\/CreationDate|\/ModDate|\/ID\s*\[/);
  });

  it('a lower resolution gives a smaller file under another cache key', async () => {
    const settings = { ...mediaDefaults, slides: { optimise: true, resolution: 72 } };
    const low = await runMediaSources([{ path: DECK, kind: 'slides' }], settings, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    const normal = await runMediaSources([{ path: DECK, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(low.index.get(DECK)!.key).not.toBe(normal.index.get(DECK)!.key);
    expect(low.index.get(DECK)!.optimised!.bytes).toBeLessThan(normal.index.get(DECK)!.optimised!.bytes);
  });

  it('media.slides: false makes no job: the deck is shipped as authored', async () => {
    const off = await runMediaSources([{ path: DECK, kind: 'slides' }], { ...mediaDefaults, slides: { ...mediaDefaults.slides, optimise: false } }, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect([off.index.size, off.made, off.cached, off.diagnostics]).toEqual([0, 0, 0, []]);
  });
});

describe('the original is shipped', () => {
  it('when the optimised copy is not smaller: the entry says so and keeps no copy', async () => {
    const run = await runMediaSources([{ path: SMALL, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir: path.join(course, '.cache-1') });
    expect(run.diagnostics).toEqual([]);
    const entry = run.index.get(SMALL)!;
    const original = (await readFile(path.join(course, SMALL))).length;
    expect(entry.renditions).toEqual([]);
    expect(entry.optimised).toEqual({ originalBytes: original, bytes: original, kept: 'not-smaller' });
    expect((await readdir(entry.dir)).sort()).toEqual(['entry.json']);
  });

  it('when Ghostscript cannot read the PDF: a warning with its reason, on every run (cached)', async () => {
    const cacheDir = path.join(course, '.cache-1');
    const run = await runMediaSources([{ path: BROKEN, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir });
    expect(run.diagnostics).toEqual([expect.objectContaining({ ruleId: 'slides-not-optimised', severity: 'warning', file: BROKEN, data: { detail: expect.any(String) } })]);
    expect(run.index.get(BROKEN)!.optimised).toMatchObject({ kept: 'failed' });
    const again = await runMediaSources([{ path: BROKEN, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir });
    expect([again.made, again.diagnostics.map((d) => d.ruleId)]).toEqual([0, ['slides-not-optimised']]);
  });

  it('when Ghostscript is not installed: a warning per deck naming the command, no entry, nothing made', async () => {
    const cacheDir = path.join(course, '.cache-tanpa-gs');
    const env = { PATH: '/nonexistent', GS_PATH: path.join(course, 'tidak-ada-gs') };
    const run = await runMediaSources([{ path: DECK, kind: 'slides' }], mediaDefaults, { courseDir: course, cacheDir, env });
    expect(run.diagnostics).toEqual([expect.objectContaining({ ruleId: 'slides-gs-missing', severity: 'warning', file: DECK, data: { command: env.GS_PATH } })]);
    expect([run.index.size, run.made]).toEqual([0, 0]);
    expect(existsSync(cacheDir) ? (await readdir(cacheDir)).filter((n) => /^[0-9a-f]{40}$/.test(n)) : []).toEqual([]);
  });

  it('when Ghostscript hangs on a PDF: it is killed after its time and the reason is given', async () => {
    const hanging = path.join(course, 'gs macet.sh');
    await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
    await chmod(hanging, 0o755);
    const started = Date.now();
    const r = await runGhostscript({ gs: hanging, version: '10.00.0' }, ['-q', '-sDEVICE=pdfwrite'], undefined, 400);
    // A code and a number, worded per language by the rule (no English sentence in the data).
    expect(r).toMatchObject({ ok: false, timedOut: true, why: { problem: 'tool-timeout', tool: 'gs', seconds: 0.4 } });
    const line = formatOne(rules['slides-not-optimised']({ file: DECK, data: r.why }), { lang: 'id', color: false });
    expect(line).toContain('gs berjalan lebih dari 0.4 detik');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
