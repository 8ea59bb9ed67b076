// The packages `ajar build` makes from the example course (examples/moderasi-beragama), unzipped and
// played in an LMS page (scorm-again in Chromium): the manifest's launch file starts the player, which
// finds the LMS, enforces gating and reports the pre-test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../src/pipeline.js';
import { unzipTo } from '../package/unzip.js';
import { launchChromium, lmsMounts, projectRoot, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, playVideoThrough, scoFrame } from './helpers.js';
import { loadCourse } from '../../src/load/index.js';
import type { Course } from '../../src/core/model/course.js';

let browser: LaunchedBrowser;
let server: ServedFolders;
const launch: Record<string, string> = {};
let course: Course;

beforeAll(async () => {
  await ensurePlayerBundle();
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'ajar-dist-'));
  course = (await loadCourse(path.join(projectRoot, 'examples/moderasi-beragama'), {})).course!;
  const result = await build({ dir: path.join(projectRoot, 'examples/moderasi-beragama'), formats: ['scorm12', 'scorm2004'], outDir, media: false, env: {} });
  expect(result.packages).toHaveLength(2);
  server = await serveFolders(lmsMounts());
  for (const pkg of result.packages) {
    const target = pkg.file.endsWith('-scorm12.zip') ? 'scorm12' : 'scorm2004';
    const dir = path.join(outDir, target);
    const entries = await unzipTo(pkg.file, dir);
    const manifest = entries.find((e) => e.name === 'imsmanifest.xml')!.data.toString('utf8');
    const href = /<resource[^>]*href="([^"]+)"/.exec(manifest)![1]!;
    server.mount(`/${target}/`, dir);
    launch[target] = `/${target}/${href}`;
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(['scorm12', 'scorm2004'] as const)('the example %s package in an LMS', (target) => {
  it('launches from the manifest, refuses a locked module and reports the pre-test', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/lms/${target === 'scorm12' ? 'lms12' : 'lms2004'}.html?sco=${encodeURIComponent(launch[target]!)}`);
    const sco = await scoFrame(page);
    expect(await sco.$('.notice')).toBeNull();
    const locked = await sco.$$eval('[data-item][aria-disabled="true"]', (els) => els.map((e) => e.getAttribute('data-item')));
    expect(locked.length).toBeGreaterThan(3);
    await sco.click(`[data-item="${locked[0]}"]`, { force: true });
    expect(await sco.getAttribute('main', 'data-view')).toBe('outline');

    await sco.click('[data-continue]'); // the first unfinished item: the pre-test
    await sco.waitForSelector('main[data-view="quiz"]');
    await sco.click('[data-start]');
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score]');
    const cmi = await page.evaluate(() => (window as unknown as { __cmi(): Record<string, any> }).__cmi());
    const interactions = Object.values(cmi.interactions.childArray ?? cmi.interactions) as { id: string }[];
    expect(interactions.length).toBeGreaterThan(0);
    expect(interactions.every((i) => /^[^\s]+\.[^\s]+$/.test(i.id))).toBe(true);
    expect(cmi.suspend_data).toMatch(/^A3/);
    if (target === 'scorm12') expect(cmi.core.lesson_status).toBe('incomplete');
    else expect([cmi.completion_status, cmi.success_status]).toEqual(['incomplete', 'unknown']);
    await page.close();
  });

  it('takes a learner through the whole course: video, quizzes, a failed and a passed post-test, the RTL', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/lms/${target === 'scorm12' ? 'lms12' : 'lms2004'}.html?sco=${encodeURIComponent(launch[target]!)}`);
    const sco = await scoFrame(page);
    await sco.evaluate(() => localStorage.clear());
    const cmi = () => page.evaluate(() => (window as unknown as { __cmi(): Record<string, any> }).__cmi());
    for (const item of course.modules.flatMap((m) => m.items)) {
      await sco.click('button.link');
      expect(await sco.getAttribute(`[data-item="${item.id}"]`, 'aria-disabled'), `${item.id} should be open by now`).toBeNull();
      await sco.click(`[data-item="${item.id}"]`);
      if (item.kind === 'lesson' && item.media.video) {
        await playVideoThrough(sco, 1); // the course allows no speed-up
        await sco.waitForFunction(() => document.querySelector('.watch')!.textContent!.startsWith('✓'));
      } else if (item.kind === 'quiz') {
        if (item.role === 'post') {
          await sco.click('[data-start]');
          await sco.click('[data-submit]');
          await sco.waitForSelector('[data-last-score="0"]');
          const c = await cmi();
          if (target === 'scorm12') expect(c.core.lesson_status).toBe('incomplete');
          else expect(c.success_status).toBe('unknown');
        }
        await sco.click('[data-start]');
        await answerQuiz(sco, course);
        await sco.click('[data-submit]');
        await sco.waitForSelector('[data-last-score]');
        if (item.role !== 'pre') expect(await sco.textContent('.last')).toContain('Lulus');
      } else if (item.kind === 'assignment') {
        await sco.fill('textarea', 'Rencana tindak lanjut: '.padEnd(item.minLength + 20, 'membangun budaya kerja yang moderat dan adil. '));
        await sco.click('button.primary');
        await sco.waitForFunction(() => document.querySelector('.ok')!.textContent!.length > 0);
      }
    }
    await sco.click('button.link');
    await sco.click('text=Hasil belajar');
    const shown = Number(await sco.getAttribute('[data-score]', 'data-score'));
    expect(await sco.getAttribute('[data-status]', 'data-status')).toBe('Lulus');
    const c = await cmi();
    if (target === 'scorm12') {
      expect(c.core.lesson_status).toBe('passed');
      expect(Number(c.core.score.raw)).toBe(shown);
    } else {
      expect([c.completion_status, c.success_status]).toEqual(['completed', 'passed']);
      expect(Number(c.score.raw)).toBe(shown);
      expect(Number(c.score.scaled)).toBeCloseTo(shown / 100, 4);
    }
    // Every quiz that counts (both unit quizzes and the post-test) was answered right; the failed first
    // post-test attempt does not lower the best score.
    expect(shown).toBe(100);
    await page.close();
  });
});
