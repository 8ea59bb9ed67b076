// The second example course (examples/pelayanan-publik: three material groups, lesson-to-lesson links,
// handouts, an image in a quiz intro and in the RTL prompt), built by the real pipeline and played
// through from the pre-test to the RTL in scorm-again (SCORM 2004) with gating on: no request fails, no
// page error, links between lessons stay in the player, and the LMS ends with completed and passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../src/pipeline.js';
import { loadCourse } from '../../src/load/index.js';
import { unzip } from '../package/unzip.js';
import { launchChromium, lmsMounts, projectRoot, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, scoFrame } from './helpers.js';
import type { Course } from '../../src/core/model/course.js';

const dir = path.join(projectRoot, 'examples/pelayanan-publik');
let browser: LaunchedBrowser;
let server: ServedFolders;
let course: Course;

beforeAll(async () => {
  await ensurePlayerBundle();
  course = (await loadCourse(dir, {})).course!;
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'ajar-pelayanan-'));
  const result = await build({ dir, formats: ['scorm2004'], outDir, media: false, env: {} });
  expect(result.diagnostics).toEqual([]);
  const site = path.join(outDir, 'site');
  for (const entry of await unzip(result.packages[0]!.file)) {
    if (entry.name.endsWith('/')) continue;
    await mkdir(path.dirname(path.join(site, entry.name)), { recursive: true });
    await writeFile(path.join(site, entry.name), entry.data);
  }
  server = await serveFolders(lmsMounts());
  server.mount('/pelayanan/', site);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('examples/pelayanan-publik', () => {
  it('plays through clean, from the pre-test to the RTL, following links between lessons', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // Failed requests are counted by their responses (the LMS page's own favicon is not the course's).
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/lms/lms2004.html?sco=/pelayanan/index.html`);
    const sco = await scoFrame(page);
    const groups = await sco.$$eval('.group', (els) => els.map((e) => e.textContent));
    expect(groups).toEqual(['Materi Pengantar', 'Materi Inti', 'Materi Penunjang']);

    const quiz = async (id: string) => {
      await sco.click('button.link');
      await sco.click(`[data-item="${id}"]`);
      await sco.click('[data-start]');
      await answerQuiz(sco, course);
      await sco.click('[data-submit]');
      await sco.waitForSelector('[data-last-score="100"]');
    };
    const lesson = async (id: string) => {
      await sco.click('button.link');
      await sco.click(`[data-item="${id}"]`);
      await sco.waitForSelector('main[data-view="lesson"]');
    };

    await quiz('kuis-pre-test');
    await lesson('materi-00-selamat-datang');
    // "asas pelayanan publik" in the welcome links to a heading of the next module's first lesson.
    await sco.click('text=asas pelayanan publik');
    await sco.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Asas pelayanan publik');
    expect(await sco.evaluate(() => document.activeElement?.id)).toBe('user-content-asas-kesamaan-hak');
    await lesson('materi-02-standar');
    expect(await sco.$eval('.prose a[href$="standar-pelayanan.pdf"]', (a) => (a as HTMLAnchorElement).target)).toBe('_blank');
    await quiz('kuis-kuis-modul-1');
    await lesson('materi-03-disabilitas');
    await lesson('materi-04-lansia');
    await sco.click('text=akomodasi yang layak');
    await sco.waitForFunction(() => document.activeElement?.id === 'user-content-akomodasi-yang-layak');
    await quiz('kuis-kuis-modul-2');
    await quiz('kuis-post-test');
    await sco.click('button.link');
    await sco.click('[data-item="tugas-rtl"]');
    await sco.fill(
      'textarea',
      'Masalah: loket kami belum dapat dijangkau pengguna kursi roda dan belum ada juru bahasa isyarat. Kegiatan: membangun jalur landai dan melatih dua petugas bahasa isyarat bersama dinas sosial pada triwulan berikutnya. Indikator: semua warga dapat dilayani tanpa bantuan orang lain.',
    );
    await sco.click('button.primary');
    await sco.waitForFunction(() => document.querySelector('.ok')!.textContent!.length > 0);

    const cmi = await page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi());
    expect([cmi.completion_status, cmi.success_status, cmi.progress_measure]).toEqual(['completed', 'passed', '1']);
    expect(problems).toEqual([]);
    await page.close();
  });
});
