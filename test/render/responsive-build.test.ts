// `ajar build` of a course whose lessons carry a heavy slide deck and a large photo: the package carries the
// smaller deck and the AVIF/WebP variants, the lesson page lists them in srcset with the original as
// fallback, the build says what it saved, and the same sources give the same zip when built from scratch.
// Without Ghostscript the original deck is packaged, with a warning.

import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture } from '../support/tree.js';
import { repoRoot, spawnAjar } from '../support/cli.js';
import { unzip } from '../package/unzip.js';
import { photo, slideDeck } from '../media/decks.js';

const DECK = 'media/Slide Modul 2 Landasan Hukum.pdf';
const MAP = 'gambar/Peta Kerukunan Umat Beragama.png';
let course: string;

const envelope = (stdout: string) => JSON.parse(stdout) as { exitCode: number; diagnostics: { ruleId: string; severity: string; file: string }[]; result: any };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  course = copyFixture(path.join(repoRoot, 'examples/moderasi-beragama'), 'ajar slide gambar ');
  writeFileSync(path.join(course, DECK), await slideDeck(3));
  await (await photo(2400, 1600)).png().toFile(path.join(course, MAP));
  const lesson = path.join(course, 'materi/02-landasan.md');
  const text = readFileSync(lesson, 'utf8')
    .replace(/^---\n/, `---\nslides: "../${DECK}"\n`)
    .replace(/^# (.+)$/m, `# $1\n\n![Peta kerukunan umat beragama di Indonesia](<../${MAP}>)`);
  writeFileSync(lesson, text);
  // Quick video settings: this test is about slides and images.
  writeFileSync(path.join(course, 'ajar.yaml'), 'build:\n  formats: [scorm12]\nmedia:\n  preset: ultrafast\n  ladder:\n    - { height: 240, bitrate: 230k }\n  mp4_fallback: 240\n');
}, 120_000);

describe('ajar build with slides and lesson images', () => {
  it('packages the smaller deck and the image variants, lists them in the page, and reports the saving', async () => {
    const r = spawnAjar(['build', course, '--format', 'json']);
    const report = envelope(r.stdout);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const deckBytes = readFileSync(path.join(course, DECK)).length;
    const mapBytes = readFileSync(path.join(course, MAP)).length;
    const files = report.result.optimised.files as { source: string; kind: string; originalBytes: number; bytes: number; kept?: string }[];
    expect(files).toEqual(
      expect.arrayContaining([
        { source: DECK, kind: 'slides', originalBytes: deckBytes, bytes: expect.any(Number) },
        { source: MAP, kind: 'image', originalBytes: mapBytes, bytes: expect.any(Number) },
      ]),
    );
    for (const f of files.filter((x) => !x.kept)) expect(f.bytes, f.source).toBeLessThan(f.originalBytes / 5);
    expect(report.result.optimised.bytes).toBe(files.reduce((s, f) => s + f.bytes, 0));

    const entries = await unzip(report.result.packages[0].file);
    const names = entries.map((e) => e.name);
    const page = entries.find((e) => e.name === 'index.html')!.data.toString('utf8');
    const data = JSON.parse(/<script type="application\/json" id="ajar-course">([\s\S]*?)<\/script>/.exec(page)![1]!);
    const lesson = data.modules.flatMap((m: any) => m.items).find((i: any) => i.slides?.includes('slides.pdf'));
    // The deck: the optimised copy, not the source.
    expect(names).toContain(lesson.slides);
    expect(names).not.toContain(`media/source/${DECK}`);
    expect(entries.find((e) => e.name === lesson.slides)!.data.length).toBeLessThan(deckBytes / 5);
    // The image: <picture> with AVIF then WebP srcsets whose every URL is in the zip, the original as <img>.
    const picture = /<picture>([\s\S]*?)<\/picture>/.exec(lesson.html)![1]!;
    const srcsets = [...picture.matchAll(/<source type="(image\/\w+)" srcset="([^"]+)"/g)].map((m) => [m[1], m[2]!.split(', ').map((c) => c.split(' '))] as const);
    expect(srcsets.map(([type, c]) => [type, c.map(([, w]) => w)])).toEqual([
      ['image/avif', ['480w', '960w', '1440w']],
      ['image/webp', ['480w', '960w', '1440w']],
    ]);
    for (const [, candidates] of srcsets) for (const [url] of candidates) expect(names).toContain(decodeURI(url!));
    expect(picture).toMatch(/<img src="gambar\/Peta%20Kerukunan%20Umat%20Beragama\.png" alt="Peta kerukunan umat beragama di Indonesia" width="2400" height="1600" loading="lazy" decoding="async">$/);
    expect(names).toContain(MAP);
  });

  it('prints the saving per file and in total', () => {
    const r = spawnAjar(['build', course, '--lang', 'id']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`  ${DECK.replace(/[.]/g, '\\.')}  [\\d.]+ MB → [\\d.]+ KB  −\\d+ %`));
    expect(r.stdout).toMatch(/  gambar\/Peta Kerukunan Umat Beragama\.png  [\d.]+ MB → [\d.]+ KB  −\d+ % \(varian terlebar\)/);
    expect(r.stdout).toMatch(/  Jumlah: [\d.]+ MB → [\d.]+ KB  −\d+ %/);
  });

  it('gives a byte-identical package when built again from scratch (cache and dist deleted)', () => {
    // The whole zip: deck, image variants, page, and the video renditions (one encoder thread, so a VBV
    // cap gives the same bytes however loaded the machine is).
    const zip = () => {
      const r = spawnAjar(['build', course, '--format', 'json']);
      expect(r.code, r.stdout).toBe(0);
      return sha(readFileSync(envelope(r.stdout).result.packages[0].file));
    };
    const first = zip();
    rmSync(path.join(course, '.ajar'), { recursive: true, force: true });
    rmSync(path.join(course, 'dist'), { recursive: true, force: true });
    expect(zip()).toBe(first);
  });

  it('without Ghostscript: the original deck is packaged, with a warning naming the file; images are still made', async () => {
    const r = spawnAjar(['build', course, '--format', 'json'], { env: { GS_PATH: path.join(course, 'tidak-ada-gs') } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = envelope(r.stdout);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'slides-gs-missing', severity: 'warning', file: DECK }));
    const names = (await unzip(report.result.packages[0].file)).map((e) => e.name);
    expect(names).toContain(`media/source/${DECK}`);
    expect(names.some((n) => n.endsWith('/slides.pdf'))).toBe(false);
    expect(names.some((n) => n.endsWith('/w960.avif'))).toBe(true);
  });
});
