// Timed tests and attempts in an LMS page (scorm-again): the time limit of a post-test is wall-clock and
// closed-book, its limit is essential (no "Tambah waktu"); used-up attempts at a unit quiz reach the LMS as
// failed and tell the learner what to do next; a quiz worth 0 points cannot open the next module; labels
// say what is scored, and a pre-test is never "Lulus".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import { bankQuestions, BANK, fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, lmsMounts, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, scoFrame, writeSite } from './helpers.js';
import type { Course, Item, Quiz } from '../../src/core/model/course.js';

let browser: LaunchedBrowser;
let server: ServedFolders;
let course: Course;

const src = (file: string) => ({ file, position: { start: { line: 1, column: 1 } } });

/**
 * The fixture course with a measuring pre-test (passing grade 0, as the loader sets it), a reflection quiz
 * that gates module 2 but has only an essay, a unit quiz with one attempt in module 2 and a 6-second post-test.
 */
function gatedCourse(sequential: boolean): Course {
  const base = fixtureCourse({ gating: { sequential }, postTimeLimit: 0.1 });
  const [m1, m2, m3] = base.modules;
  const pre = m1!.items[1] as Quiz;
  const essay = bankQuestions().find((q) => q.id === 'q-esai')!;
  const refleksi: Item = {
    kind: 'quiz',
    id: 'refleksi',
    title: 'Refleksi Modul 1',
    link: src('modul-1/03-refleksi.md'),
    file: 'modul-1/03-refleksi.md',
    role: 'unit',
    html: '<p dir="auto">Tuliskan refleksi Anda.</p>',
    settings: { ...pre.settings, draws: [], questions: [{ ...essay, id: 'refleksi-esai' }], passingGrade: 70, attempts: 0, countsTowardScore: false },
  };
  const kuis2: Item = {
    kind: 'quiz',
    id: 'kuis-2',
    title: 'Kuis Modul 2',
    link: src('modul-2/04-kuis.md'),
    file: 'modul-2/04-kuis.md',
    role: 'unit',
    html: '<p dir="auto">Satu kesempatan.</p>',
    settings: { ...pre.settings, draws: [{ bank: BANK, tags: ['post'], count: 2, source: src('modul-2/04-kuis.md') }], passingGrade: 70, attempts: 1, feedback: 'never' },
  };
  return {
    ...base,
    modules: [
      { ...m1!, items: [m1!.items[0]!, { ...pre, settings: { ...pre.settings, passingGrade: 0 } }, refleksi] },
      { ...m2!, items: [m2!.items[0]!, kuis2] },
      m3!,
    ],
  };
}

beforeAll(async () => {
  await ensurePlayerBundle();
  course = gatedCourse(false);
  server = await serveFolders(lmsMounts());
  for (const [name, c, target] of [
    ['open12', course, 'scorm12'],
    ['open2004', course, 'scorm2004'],
    ['gated2004', gatedCourse(true), 'scorm2004'],
    ['remedial2004', { ...course, gating: { ...course.gating, remediation: true } }, 'scorm2004'],
  ] as const) {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-attempts-')), name);
    await writeSite(await renderSite(c, target, {}), dir);
    server.mount(`/${name}/`, dir);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(site: string, preload?: unknown): Promise<{ page: Page; sco: Frame }> {
  const page = await browser.context.newPage();
  if (preload) await page.addInitScript((p) => ((window as unknown as { __preload: unknown }).__preload = p), preload);
  await page.goto(`${server.url}/lms/${site.endsWith('12') ? 'lms12' : 'lms2004'}.html?sco=/${site}/index.html`);
  return { page, sco: await scoFrame(page) };
}
const cmi = (page: Page) => page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi());

describe('timed post-test', () => {
  it('is closed-book, has an essential limit, and keeps running while the learner is away', async () => {
    let { page, sco } = await open('open2004');
    await sco.click('[data-item="post-test"]');
    await sco.click('[data-start]');
    await sco.waitForSelector('.timer');
    expect(await sco.$('.timer button.extend')).toBeNull(); // no "Tambah waktu" on a certifying test
    // Closed book: the lessons cannot be opened during the attempt, from the outline or the pager.
    await sco.click('button.link');
    await sco.click('[data-item="wasathiyah"]');
    expect(await sco.textContent('.flash')).toContain('tidak dapat dibuka');
    expect(await sco.getAttribute('main', 'data-view')).toBe('outline');
    await sco.click('[data-item="post-test"]');
    const ids = await answerQuiz(sco, course);
    await sco.waitForTimeout(1100);
    await page.close({ runBeforeUnload: true });
    const saved = await new Promise<any>((ok) => setTimeout(ok, 6000)).then(() => server.commits.at(-1)!.body as { cmi: any });

    // Back after the limit: the attempt was timed by the wall clock, so the given answers are submitted.
    ({ page, sco } = await open('open2004', { suspend_data: saved.cmi.suspend_data, location: saved.cmi.location, entry: 'resume' }));
    await sco.waitForSelector('[data-last-score]');
    expect(await sco.getAttribute('[data-last-score]', 'data-last-score')).toBe('100');
    const post = Object.values(((c) => c.interactions.childArray ?? c.interactions)(await cmi(page))).filter((i: any) => String(i.id).startsWith('post-test.'));
    expect(post).toHaveLength(ids.length);
    await page.close();
  });
});

describe.each(['open12', 'open2004'] as const)('attempts used up in %s', (site) => {
  it('reports failed to the LMS and tells the learner what to do next', async () => {
    const { page, sco } = await open(site);
    await sco.click('[data-item="kuis-2"]');
    expect(await sco.textContent('.facts')).toContain('Sisa percobaan: 1');
    await sco.click('[data-start]');
    await sco.click('[data-submit]'); // nothing answered: 0
    await sco.waitForSelector('[data-exhausted]');
    expect(await sco.textContent('[data-exhausted]')).toContain('Hubungi fasilitator');
    const c = await cmi(page);
    if (site === 'open12') expect(c.core.lesson_status).toBe('failed');
    else expect([c.completion_status, c.success_status]).toEqual(['incomplete', 'failed']);
    await sco.click('button.link');
    expect(await sco.textContent('[data-item="kuis-2"] .state')).toBe('Belum lulus');
    await page.close();
  });
});

describe('what a quiz is worth', () => {
  it('does not call a pre-test "Lulus", counts only scored questions, and a 0-point quiz does not unlock the next module', async () => {
    const { page, sco } = await open('gated2004');
    await sco.click('[data-item="pre-test"]');
    await sco.click('[data-start]');
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score="0"]');
    expect(await sco.textContent('.last')).not.toContain('Lulus');
    expect(await sco.textContent('.last')).toContain('✓ Selesai');

    await sco.click('button.link');
    await sco.click('[data-item="refleksi"]');
    expect(await sco.textContent('.facts')).toContain('1 soal (0 dinilai otomatis)');
    await sco.click('[data-start]');
    await answerQuiz(sco, course);
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score]');
    expect(await sco.textContent('.last')).toContain('Belum lulus');
    await sco.click('button.link');
    expect(await sco.getAttribute('[data-item="wasathiyah"]', 'aria-disabled')).toBe('true');
    await page.close();
  });
});

describe('remediation (course setting)', () => {
  it('opens the attempts again once the learner has studied the module again', async () => {
    const { page, sco } = await open('remedial2004');
    await sco.click('[data-item="wasathiyah"]');
    await sco.click('button.link');
    await sco.click('[data-item="kuis-2"]');
    await sco.click('[data-start]');
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-exhausted]');
    expect(await sco.textContent('[data-exhausted]')).toContain('Pelajari ulang materi modul ini');
    expect((await cmi(page)).success_status).toBe('failed');
    await sco.click('[data-review]');
    // Back in the outline: the module's lesson is to be studied again.
    expect(await sco.textContent('[data-item="wasathiyah"] .state')).toBe('Belum selesai');
    await sco.click('[data-item="wasathiyah"]');
    await sco.click('button.link');
    await sco.click('[data-item="kuis-2"]');
    expect(await sco.textContent('.facts')).toContain('Sisa percobaan: 1');
    await sco.click('[data-start]');
    await answerQuiz(sco, course);
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score="100"]');
    expect(await sco.textContent('.last')).toContain('✓ Lulus');
    await page.close();
  });
});
