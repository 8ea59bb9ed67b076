// Reporting (scorm-again, SCORM 1.2 and 2004; cmi5 through the preview LMS): pre-test and post-test scores
// reach the LMS as scored objectives of their own (and as `scored` statements under cmi5), so an institution
// can report the pre→post gain per learner; 2004 interaction timestamps carry their zone; module titles
// are shown as authored, never numbered twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import { loadCourse } from '../../src/load/index.js';
import { startPreview, type PreviewServer } from '../../src/preview/server.js';
import { plan } from '../../src/pipeline.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { projectRoot, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { answerQuiz, scoFrame, startScormPlayers, writeSite } from './helpers.js';
import { writeCourse } from '../cmi5/course.js';
import { openPreview, stored, takeQuiz, until, verbOf, visit } from '../cmi5/helpers.js';
import type { Course } from '../../src/core/model/course.js';

type Target = 'scorm12' | 'scorm2004';
let browser: LaunchedBrowser;
let server: ServedFolders;
const course = fixtureCourse({ gating: { sequential: false } });

let stopPlayers: (() => Promise<void>) | undefined;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ browser, server, close } = await startScormPlayers(course, 'reporting'));
  stopPlayers = close;
  const exampleDir = path.join(projectRoot, 'examples/moderasi-beragama');
  const example = (await loadCourse(exampleDir, {})).course!;
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-reporting-')), 'example');
  await writeSite(await renderSite(example, 'scorm2004', { courseDir: exampleDir }), dir);
  server.mount('/example/', dir);
}, 120_000);

afterAll(async () => {
  await stopPlayers?.();
});

async function open(target: Target | 'example'): Promise<{ page: Page; sco: Frame }> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/lms/${target === 'scorm12' ? 'lms12' : 'lms2004'}.html?sco=/${target === 'example' ? 'example' : target}/index.html`);
  return { page, sco: await scoFrame(page) };
}

async function take(sco: Frame, id: string, wrong: Set<string> | 'blank'): Promise<void> {
  await sco.click('button.link');
  await sco.click(`[data-item="${id}"]`);
  await sco.click('[data-start]');
  if (wrong !== 'blank') await answerQuiz(sco, course, wrong);
  await sco.click('[data-submit]');
  await sco.waitForSelector('[data-last-score]');
}

describe.each(['scorm12', 'scorm2004'] as const)('pre→post gain in %s', (target) => {
  it('reports the pre-test and the post-test as scored objectives', async () => {
    const { page, sco } = await open(target);
    const before = Date.now();
    await take(sco, 'pre-test', 'blank');
    await take(sco, 'post-test', new Set());
    const c = await page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi());
    const objectives = Object.fromEntries((Object.values(c.objectives.childArray ?? c.objectives) as any[]).map((o) => [o.id, o]));
    if (target === 'scorm12') {
      expect([objectives['pre-test'].status, objectives['pre-test'].score.raw]).toEqual(['completed', '0']);
      expect([objectives['post-test'].status, objectives['post-test'].score.raw]).toEqual(['passed', '100']);
    } else {
      const pre = objectives['pre-test'];
      const post = objectives['post-test'];
      expect([pre.completion_status, pre.success_status, pre.score.raw, pre.score.scaled]).toEqual(['completed', 'unknown', '0', '0']);
      expect([post.completion_status, post.success_status, post.score.raw, post.score.scaled]).toEqual(['completed', 'passed', '100', '1']);
      // Interaction timestamps are UTC and say so (without a zone, 2004 reads them as local time).
      const stamps = (Object.values(c.interactions.childArray ?? c.interactions) as any[]).map((i) => i.timestamp as string);
      for (const s of stamps) {
        expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ$/);
        expect(Math.abs(Date.parse(s) - before)).toBeLessThan(120_000);
      }
    }
    await page.close();
  });
});

describe('module titles', () => {
  it('shows the syllabus titles as authored, not "Modul 2: Modul 1: …"', async () => {
    const { page, sco } = await open('example');
    const titles = await sco.$$eval('section.module h2', (els) => els.map((e) => e.textContent));
    expect(titles).toContain('Modul 1: Konsep Moderasi Beragama (Terkunci)');
    for (const t of titles) expect(t).not.toMatch(/Modul \d+: Modul/);
    await page.close();
  });
});

describe('cmi5 through the preview LMS', () => {
  let preview: PreviewServer;
  let cmi5Course: Course;
  beforeAll(async () => {
    const dir = await writeCourse();
    cmi5Course = (await loadCourse(dir, {})).course!;
    preview = await startPreview({ dir, plan, mode: 'cmi5', port: 0, env: {}, lang: 'id', watch: false });
  }, 60_000);
  afterAll(async () => preview?.close());

  it('sends a scored statement for the quiz, with its score and result; preview pages expose the player for debugging', async () => {
    const { page, frame } = await openPreview(browser, preview, 'cmi5');
    expect(await frame.evaluate(() => typeof (window as unknown as { ajar?: unknown }).ajar)).toBe('object');
    const items = cmi5Course.modules.flatMap((m) => m.items);
    for (const lesson of items.filter((i) => i.kind === 'lesson')) await visit(frame, lesson.id); // the post-test opens after them
    const quiz = items.find((i) => i.kind === 'quiz')!;
    await visit(frame, quiz.id);
    expect(await takeQuiz(frame, cmi5Course, 'correct')).toBe('100');
    const scored = await until('a scored statement', () => stored(preview).find((s) => verbOf(s) === 'scored'));
    expect(scored.object.id).toMatch(new RegExp(`/quiz/${quiz.id}$`));
    expect(scored.object.definition.type).toBe('http://adlnet.gov/expapi/activities/assessment');
    expect(scored.result.score).toMatchObject({ scaled: 1, raw: 100, min: 0, max: 100 });
    expect(scored.result.completion).toBe(true);
    await page.close();
  });
});
