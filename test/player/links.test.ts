// Links and files inside a course, built by the real pipeline (`ajar build --no-media`), unzipped and played
// in an LMS page (scorm-again, SCORM 1.2 and 2004): a link from one lesson to another is player navigation
// (gating holds, the anchor scrolls into view), handouts linked from a lesson and images in quiz intros and
// assignment prompts are in the package, SRT captions arrive as WebVTT without ffmpeg, and a reference that
// resolves to nothing in the package stops the build with its source file and line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { build } from '../../src/pipeline.js';
import { loadCourse } from '../../src/load/index.js';
import { checkCourse } from '../../src/check/index.js';
import { unzipTo } from '../package/unzip.js';
import { launchChromium, lmsMounts, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { courseFolderWithVideo, scoFrame } from './helpers.js';

// A 2×2 PNG (red), small enough to write inline.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

const filler = Array.from({ length: 60 }, (_, i) => `Paragraf ${i + 1}: moderasi beragama menuntut sikap adil dan berimbang dalam pelayanan publik.`).join('\n\n');

async function write(dir: string, file: string, text: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

/** A three-module course: lessons that link to each other, handouts, images in a quiz intro and an RTL prompt, SRT captions. */
async function linkedCourse(): Promise<string> {
  const media = await courseFolderWithVideo();
  const dir = media.dir;
  await write(
    dir,
    'syllabus.md',
    `---
id: tautan-antarmateri
title: Pelayanan Publik yang Moderat
description: Kursus uji tautan antarmateri, berkas unduhan, dan takarir SRT.
language: id
version: 1.0.0
jp: 4
passing_grade: 70
completion: all
gating:
  sequential: true
  allow_seek: false
  allow_speed_up: false
---

# Materi Pengantar

## Modul 1: Pengantar {#modul-1}

- [Pengantar kursus](materi/00-pengantar.md)
- [Pengertian moderasi beragama](materi/01-pengertian.md)
- [Kuis Modul 1](kuis/kuis-1.md)
- [Rencana Tindak Lanjut](tugas/rtl.md)

# Materi Inti

## Modul 2: Studi Kasus {#modul-2}

- [Studi kasus pelayanan](materi/02-studi-kasus.md)

# Materi Penunjang

## Modul 3: Penutup {#modul-3}

- [Penutup](materi/03-penutup.md)
`,
  );
  await write(
    dir,
    'media/video pembuka.id.srt',
    '1\n00:00:00,000 --> 00:00:01,500\nSelamat datang di pelatihan <font color="#ffff00">moderasi</font> beragama.\n\n2\n00:00:01,500 --> 00:00:03,000\nMari mulai dari pengertiannya.\n',
  );
  await write(
    dir,
    'materi/00-pengantar.md',
    `---
title: Pengantar kursus
video:
  src: "../${media.video}"
  captions:
    - src: "../media/video pembuka.id.srt"
      lang: id
---

# Pengantar

Mulailah dari [definisi resmi moderasi beragama](01-pengertian.md#definisi-resmi).

Setelah lulus kuis, lanjutkan ke [studi kasus pelayanan](02-studi-kasus.md).

Unduh [panduan penyusunan RTL (PDF)](../berkas/panduan-rtl.pdf) dan [lembar kerja](<../berkas/lembar kerja.docx>).

[Kembali ke daftar isi](../syllabus.md)
`,
  );
  await write(dir, 'materi/01-pengertian.md', `---\ntitle: Pengertian moderasi beragama\n---\n\n# Pengertian\n\n${filler}\n\n## Definisi resmi\n\nModerasi beragama adalah cara pandang, sikap, dan praktik beragama yang adil dan berimbang.\n`);
  await write(dir, 'materi/02-studi-kasus.md', `---\ntitle: Studi kasus pelayanan\n---\n\n# Studi kasus\n\nSeorang pemohon datang menjelang azan. Kembali ke [pengantar](00-pengantar.md).\n`);
  await write(dir, 'materi/03-penutup.md', `---\ntitle: Penutup\n---\n\n# Penutup\n\nTerima kasih.\n`);
  await write(
    dir,
    'kuis/kuis-1.md',
    `---\ntype: quiz\ntitle: Kuis Modul 1\nrole: unit\ndraw:\n  - bank: ../bank/soal.md\n    count: 1\nattempts: 3\npassing_grade: 70\n---\n\nPerhatikan diagram berikut sebelum menjawab.\n\n![Diagram jalan tengah](../gambar/diagram.png)\n`,
  );
  await write(
    dir,
    'bank/soal.md',
    `---\ntype: bank\nid: bank-pengantar\ntitle: Bank soal pengantar\n---\n\n# Bank soal\n\n## Yang dimoderasi {id=q-moderasi}\n\nYang dimoderasi adalah cara beragama, bukan agamanya.\n\n- [x] Benar\n- [ ] Salah\n`,
  );
  await write(
    dir,
    'tugas/rtl.md',
    `---\ntype: assignment\ntitle: Rencana Tindak Lanjut\npurpose: rtl\nmin_length: 50\n---\n\n# Rencana Tindak Lanjut\n\nIkuti contoh berikut.\n\n![Contoh RTL yang baik](../gambar/contoh-rtl.png)\n`,
  );
  await write(dir, 'gambar/diagram.png', PNG);
  await write(dir, 'gambar/contoh-rtl.png', PNG);
  await write(dir, 'berkas/panduan-rtl.pdf', PDF);
  await write(dir, 'berkas/lembar kerja.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]));
  return dir;
}

let browser: LaunchedBrowser;
let server: ServedFolders;
let courseDir: string;
const launch: Record<string, string> = {};

beforeAll(async () => {
  await ensurePlayerBundle();
  courseDir = await linkedCourse();
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'ajar-links-'));
  const result = await build({ dir: courseDir, formats: ['scorm12', 'scorm2004'], outDir, media: false, env: {} });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  server = await serveFolders(lmsMounts());
  for (const pkg of result.packages) {
    const target = pkg.file.endsWith('-scorm12.zip') ? 'scorm12' : 'scorm2004';
    const dir = path.join(outDir, target);
    await unzipTo(pkg.file, dir);
    server.mount(`/${target}/`, dir);
    launch[target] = `/${target}/index.html`;
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const live = (sco: Frame) => sco.waitForFunction(() => document.getElementById('ajar-live')!.textContent!.length > 0).then(() => sco.textContent('#ajar-live'));

describe.each(['scorm12', 'scorm2004'] as const)('links and files in %s', (target) => {
  it('follows lesson links inside the player, keeps gating, and serves handouts, images and captions', async () => {
    const page: Page = await browser.context.newPage();
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}/lms/${target === 'scorm12' ? 'lms12' : 'lms2004'}.html?sco=${encodeURIComponent(launch[target]!)}`);
    const sco = await scoFrame(page);
    const scoUrl = sco.url();
    await sco.click('[data-item="materi-00-pengantar"]');
    await sco.click('[role=tab][data-tab="0"]');

    // The link to the next lesson opens it in the player, at the heading it names.
    await sco.click('text=definisi resmi moderasi beragama');
    await sco.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Pengertian moderasi beragama');
    expect(sco.url()).toBe(scoUrl); // the course frame did not leave the player
    expect(await sco.evaluate(() => document.activeElement?.id)).toBe('user-content-definisi-resmi');
    expect(await sco.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    const cmi = await page.evaluate(() => (window as unknown as { __cmi(): Record<string, any> }).__cmi());
    const location = target === 'scorm12' ? cmi.core.lesson_location : cmi.location;
    expect(location).toBe('1');

    // A link to a lesson of a locked module says so, visibly and aloud, and opens nothing.
    await sco.click('text=Sebelumnya');
    await sco.click('[role=tab][data-tab="0"]');
    await sco.click('text=studi kasus pelayanan');
    expect(await sco.textContent('.flash')).toContain('terkunci');
    expect(await live(sco)).toContain('terkunci');
    expect(await sco.textContent('main h1')).toBe('Pengantar kursus');
    // A link to the syllabus is the outline.
    await sco.click('text=Kembali ke daftar isi');
    expect(await sco.getAttribute('main', 'data-view')).toBe('outline');
    await sco.click('[data-item="materi-00-pengantar"]');

    // Handouts are in the package and open in a new tab (the player stays).
    const handouts = await sco.$$eval('.prose a[href*="berkas/"]', (as) =>
      Promise.all(
        (as as HTMLAnchorElement[]).map(async (a) => ({ target: a.target, status: (await fetch(a.href)).status, type: (await fetch(a.href)).headers.get('content-type') })),
      ),
    );
    expect(handouts).toEqual([
      { target: '_blank', status: 200, type: 'application/pdf' },
      { target: '_blank', status: 200, type: 'application/octet-stream' },
    ]);

    // SRT captions reach the video as WebVTT cues, without ffmpeg.
    await sco.click('[role=tab][data-tab="1"]');
    const cues = await sco.evaluate(async () => {
      const v = document.querySelector('video')!;
      const track = v.textTracks[0]!;
      const element = v.querySelector('track')!;
      track.mode = 'showing';
      // Until the file is parsed whole (readyState LOADED): cues appear one by one while it is read, so the
      // first cue alone is no sign of the end (a loaded CI machine read one of two).
      for (let i = 0; i < 100 && element.readyState !== HTMLTrackElement.LOADED; i++) await new Promise((r) => setTimeout(r, 100));
      return [...(track.cues ?? [])].map((c) => (c as VTTCue).text);
    });
    expect(cues).toEqual(['Selamat datang di pelatihan moderasi beragama.', 'Mari mulai dari pengertiannya.']);

    // Images in the quiz intro and in the assignment prompt load.
    for (const item of ['kuis-kuis-1', 'tugas-rtl']) {
      await sco.click('button.link');
      await sco.click(`[data-item="${item}"]`);
      await sco.waitForFunction(() => {
        const img = document.querySelector('main .prose img') as HTMLImageElement | null;
        return img !== null && img.complete;
      });
      expect(await sco.$eval('main .prose img', (img) => (img as HTMLImageElement).naturalWidth)).toBe(2);
    }
    expect(missing).toEqual([]);
    await page.close();
  });
});

describe('check and build agree on what the player can show', () => {
  it('refuses images from http(s):// in check, and a dangling reference in build with its file and line', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-links-bad-')), 'kursus');
    await cp(courseDir, dir, { recursive: true });
    await write(
      dir,
      'materi/03-penutup.md',
      `---\ntitle: Penutup\n---\n\n# Penutup\n\nTerima kasih.\n\n![Logo kementerian](https://kemenag.example.go.id/logo.png)\n`,
    );
    const checked = checkCourse(await loadCourse(dir, {}));
    const external = checked.filter((d) => d.ruleId === 'external-image');
    expect(external.map((d) => [d.severity, d.file, d.position?.start.line, d.data?.target])).toEqual([
      ['error', 'materi/03-penutup.md', 9, 'https://kemenag.example.go.id/logo.png'],
    ]);

    // Raw HTML whose image path the loader does not resolve: check cannot see it, the package guard does.
    await write(dir, 'materi/03-penutup.md', `---\ntitle: Penutup\n---\n\n# Penutup\n\nTerima kasih.\n\n<p><img src="../gambar/diagram.png" alt="Diagram"></p>\n`);
    const result = await build({ dir, formats: ['scorm2004'], outDir: path.join(dir, 'dist'), media: false, env: {} });
    expect(result.packages).toEqual([]);
    const dangling = result.diagnostics.filter((d) => d.ruleId === 'site-reference-dangling');
    expect(dangling.map((d) => [d.severity, d.file, d.position?.start.line, d.data?.target])).toEqual([['error', 'materi/03-penutup.md', 9, '../gambar/diagram.png']]);
  });
});
