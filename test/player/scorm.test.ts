// The player in a real LMS runtime: headless Chromium, scorm-again as the LMS API (1.2 and 2004).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, lmsMounts, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, courseFolderWithVideo, playVideoThrough, scoFrame, writeSite } from './helpers.js';
import type { Course } from '../../src/core/model/course.js';

type Target = 'scorm12' | 'scorm2004';
let browser: LaunchedBrowser;
let server: ServedFolders;
let course: Course;

beforeAll(async () => {
  await ensurePlayerBundle();
  const media = await courseFolderWithVideo();
  // Speed-up allowed so the 3-second video plays through quickly; seeking stays refused.
  course = fixtureCourse({ video: media.video, captions: media.captions, gating: { allowSpeedUp: true } });
  server = await serveFolders(lmsMounts());
  for (const target of ['scorm12', 'scorm2004'] as const) {
    const site = await renderSite(course, target, { courseDir: media.dir });
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-site-')), target);
    await writeSite(site, dir);
    server.mount(`/${target}/`, dir);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const lmsPage = (t: Target) => `${server.url}/lms/${t === 'scorm12' ? 'lms12' : 'lms2004'}.html?sco=/${t}/index.html`;

async function open(t: Target, preload?: unknown): Promise<{ page: Page; sco: Frame }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  if (preload) await page.addInitScript((p) => ((window as unknown as { __preload: unknown }).__preload = p), preload);
  await page.goto(lmsPage(t));
  return { page, sco: await scoFrame(page) };
}

const cmi = (page: Page) => page.evaluate(() => (window as unknown as { __cmi(): Record<string, any> }).__cmi());
const live = (sco: Frame) => sco.waitForFunction(() => document.getElementById('ajar-live')!.textContent!.length > 0).then(() => sco.textContent('#ajar-live'));

async function submitQuiz(sco: Frame, wrong: Set<string> | 'all' = new Set()): Promise<string[]> {
  await sco.click('[data-start]');
  const ids = wrong === 'all' ? await sco.$$eval('section.q[data-question]', (e) => e.map((x) => x.getAttribute('data-question')!)) : await answerQuiz(sco, course, wrong);
  await sco.click('[data-submit]');
  await sco.waitForSelector('[data-last-score]');
  return ids;
}

/** Leaves the course as a learner closing the tab would: pagehide → terminate → final commit (beacon). */
async function leave(page: Page): Promise<Record<string, any>> {
  const before = server.commits.length;
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => server.commits.length, { timeout: 20_000 }).toBeGreaterThan(before);
  const last = server.commits.at(-1);
  return (last!.body as { cmi: Record<string, any> }).cmi;
}

describe('API discovery', () => {
  it('finds the LMS through the opener when the course opens in a new window', async () => {
    const page = await browser.context.newPage();
    // The LMS page without a frame: the course is launched as a pop-up, as many LMSs do.
    await page.goto(`${server.url}/lms/lms12.html?sco=about:blank`);
    const [popup] = await Promise.all([browser.context.waitForEvent('page'), page.evaluate(() => void window.open('/scorm12/index.html', 'kursus'))]);
    await popup.waitForSelector('main[data-view="outline"]');
    expect(await popup.$('.notice')).toBeNull(); // connected: no "Tidak terhubung ke LMS"
    const c = await cmi(page);
    expect(c.core.lesson_status).toBe('incomplete');
    await popup.close();
    await page.close();
  });
});

describe.each(['scorm12', 'scorm2004'] as const)('player in %s', (target) => {
  it('refuses the locked unit, then takes the learner from video to a failed and a passed post-test', async () => {
    const { page, sco } = await open(target);
    // Gating: module 2 is locked until module 1 is mastered.
    // aria-disabled, not disabled: the learner can still press it and hear why it is locked.
    await sco.click('[data-item="wasathiyah"]', { force: true });
    expect(await live(sco)).toContain('terkunci');
    expect(await sco.getAttribute('main', 'data-view')).toBe('outline');
    expect(await sco.getAttribute('[data-item="wasathiyah"]', 'aria-disabled')).toBe('true');

    await sco.click('[data-item="pembuka"]');
    await playVideoThrough(sco, 8);
    await sco.waitForFunction(() => document.querySelector('.watch')!.textContent!.startsWith('✓'));
    await sco.click('[data-next]');
    expect(await sco.getAttribute('main', 'data-view')).toBe('quiz');
    await submitQuiz(sco, 'all'); // the pre-test only measures: any result completes it

    await sco.click('[data-next]');
    expect(await sco.getAttribute('main', 'data-view')).toBe('lesson');
    expect(await sco.textContent('main')).toContain('وَسَطًا');
    await sco.click('[data-next]');
    await sco.fill('textarea', 'Terlalu pendek');
    await sco.click('button.primary');
    expect(await sco.textContent('.error')).toContain('50');
    const plan = 'Saya akan mengadakan diskusi lintas agama bulanan di unit kerja dan menulis laporannya: وَسَطًا.';
    await sco.fill('textarea', plan);
    await sco.click('button.primary');
    await sco.waitForFunction(() => document.querySelector('.ok')!.textContent!.length > 0);
    await sco.click('[data-next]');
    await submitQuiz(sco); // practice, with an essay
    const essay = 'Kami mengadakan doa bersama lintas agama';
    const suspend: string = (await cmi(page)).suspend_data;
    // Free texts travel in the suspend data only where they fit (2004), never under 1.2's 4,096 characters.
    if (target === 'scorm2004') expect(suspend).toContain(essay);
    else expect(suspend).not.toContain(essay);
    await sco.click('[data-next]');

    // Post-test: first attempt fails (nothing answered).
    expect(await sco.textContent('main h1')).toBe('Post-test');
    await submitQuiz(sco, 'all');
    expect(await sco.getAttribute('[data-last-score]', 'data-last-score')).toBe('0');
    let c = await cmi(page);
    if (target === 'scorm12') expect(c.core.lesson_status).toBe('incomplete');
    else expect([c.completion_status, c.success_status]).toEqual(['incomplete', 'unknown']);

    // Retry: one of the four drawn questions wrong → 75, above the passing grade of 70.
    await sco.click('[data-start]');
    const first = await sco.getAttribute('section.q[data-question]', 'data-question');
    const ids = await answerQuiz(sco, course, new Set([first!]));
    expect(ids).toHaveLength(4);
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score="75"]');

    c = await cmi(page);
    if (target === 'scorm12') {
      expect(c.core.lesson_status).toBe('passed');
      expect([c.core.score.raw, c.core.score.min, c.core.score.max]).toEqual(['75', '0', '100']);
    } else {
      expect([c.completion_status, c.success_status]).toEqual(['completed', 'passed']);
      expect([c.score.raw, c.score.scaled, c.progress_measure]).toEqual(['75', '0.75', '1']);
    }

    // Objectives: one per module, with the module's result (module 3 holds the post-test).
    const objectives = Object.values(c.objectives.childArray ?? c.objectives) as any[];
    const byModule = Object.fromEntries(objectives.map((o) => [o.id, o]));
    // One per module, and the pre-test and post-test scores as objectives of their own (pre→post gain).
    expect(Object.keys(byModule).sort()).toEqual(['modul-1', 'modul-2', 'modul-3', 'post-test', 'pre-test']);
    if (target === 'scorm12') {
      expect([byModule['modul-1'].status, byModule['modul-3'].status, byModule['modul-3'].score.raw]).toEqual(['completed', 'passed', '75']);
    } else {
      expect([byModule['modul-1'].completion_status, byModule['modul-1'].success_status]).toEqual(['completed', 'unknown']);
      expect([byModule['modul-3'].completion_status, byModule['modul-3'].success_status, byModule['modul-3'].score.scaled]).toEqual(['completed', 'passed', '0.75']);
    }

    // Interactions: one per answered question, in the target's own format.
    const interactions = Object.values(c.interactions.childArray ?? c.interactions) as any[];
    const post = interactions.filter((i) => String(i.id).startsWith('post-test.'));
    expect(post).toHaveLength(8);
    const retry = post.slice(4);
    const wrongOne = retry.find((i) => i.id === `post-test.${first}`)!;
    const byId = Object.fromEntries(retry.map((i) => [String(i.id).slice('post-test.'.length), i]));
    const rtl = interactions.find((i) => i.id === 'rtl')!;
    const types2004: Record<string, string> = { single: 'choice', multiple: 'choice', truefalse: 'true-false', short: 'fill-in', numerical: 'numeric', matching: 'matching' };
    for (const [id, i] of Object.entries(byId)) {
      const type = course.banks[0]!.questions.find((q) => q.id === id)!.type;
      expect(i.type).toBe(types2004[type]);
      expect(Number(i.weighting)).toBe(1);
    }
    if (target === 'scorm12') {
      expect(wrongOne.result).toBe('wrong');
      for (const [id, i] of Object.entries(byId)) if (id !== first) expect(i.result).toBe('correct');
      if (byId['q-nilai'] && first !== 'q-nilai') expect([byId['q-nilai'].type, byId['q-nilai'].student_response]).toEqual(['choice', 'a']);
      if (byId['q-benar'] && first !== 'q-benar') expect([byId['q-benar'].type, byId['q-benar'].student_response]).toEqual(['true-false', 'f']);
      if (byId['q-pasang'] && first !== 'q-pasang') expect(byId['q-pasang'].student_response).toBe('1.c,2.a');
      expect(rtl.type).toBe('fill-in');
    } else {
      expect(wrongOne.result).toBe('incorrect');
      for (const [id, i] of Object.entries(byId)) if (id !== first) expect(i.result).toBe('correct');
      if (byId['q-nilai'] && first !== 'q-nilai') expect([byId['q-nilai'].type, byId['q-nilai'].learner_response]).toEqual(['choice', 'a']);
      if (byId['q-sikap'] && first !== 'q-sikap') expect(byId['q-sikap'].learner_response).toBe('a[,]c');
      if (byId['q-benar'] && first !== 'q-benar') expect([byId['q-benar'].type, byId['q-benar'].learner_response]).toEqual(['true-false', 'false']);
      if (byId['q-angka'] && first !== 'q-angka') expect([byId['q-angka'].type, byId['q-angka'].learner_response]).toEqual(['numeric', '4']);
      if (byId['q-pasang'] && first !== 'q-pasang') expect(byId['q-pasang'].learner_response).toBe('1[.]c[,]2[.]a');
      expect([rtl.type, rtl.learner_response]).toEqual(['long-fill-in', plan]);
    }

    // Closing the tab ends the session: the last commit carries the final result.
    const final = await leave(page);
    if (target === 'scorm12') {
      expect(final.core.lesson_status).toBe('passed');
      expect(final.core.exit).toBe('');
      expect(final.core.session_time).toMatch(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
    } else {
      expect([final.completion_status, final.success_status, final.exit]).toEqual(['completed', 'passed', 'normal']);
      expect(final.session_time).toMatch(/^PT/);
    }
  });

  it('commits after important events, retries a refused commit, and does not commit on every value', async () => {
    const { page, sco } = await open(target);
    await sco.click('[data-item="pembuka"]');
    const before = server.commits.length;
    server.failNextCommits(1);
    await playVideoThrough(sco, 8); // a played-through video is committed at once…
    await expect.poll(() => server.commits.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 2);
    const [refused, retried] = server.commits.slice(before);
    expect(refused!.accepted).toBe(false);
    expect(retried!.accepted).toBe(true); // …and sent again when the LMS refused it
    const body = retried!.body as { cmi: Record<string, any> };
    expect(body.cmi.suspend_data).toMatch(/^A3/);
    const events = await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events.length);
    expect(server.commits.length - before).toBeLessThan(events / 2);
    await page.close();
  });

  it('stops halfway and resumes at the same place with the same state', async () => {
    const first = await open(target);
    let sco = first.sco;
    await sco.click('[data-item="pembuka"]');
    await playVideoThrough(sco, 8);
    await sco.click('[data-next]');
    await submitQuiz(sco, 'all');
    await sco.click('button.link');
    await sco.click('[data-item="rtl"]');
    await sco.waitForSelector('main[data-view="assignment"]');
    const draft = 'Rencana awal: membentuk forum kerukunan di kantor wilayah, وَسَطًا.';
    await sco.fill('textarea', draft); // not submitted: leaving keeps the draft
    const progressBefore = await sco.textContent('#ajar-progress-label');
    const saved = await leave(first.page);

    const suspend: string = saved.suspend_data;
    expect(suspend).toMatch(/^A3/);
    // The draft travels in the suspend data where it fits (2004); under 1.2 it stays on the device.
    if (target === 'scorm2004') expect(suspend).toContain(draft);
    else expect(suspend).not.toContain('Rencana awal');
    expect(suspend.length).toBeLessThanOrEqual(target === 'scorm12' ? 4096 : 64000);
    const preload =
      target === 'scorm12'
        ? { suspend_data: suspend, core: { lesson_location: saved.core.lesson_location, lesson_status: saved.core.lesson_status, entry: 'resume' } }
        : { suspend_data: suspend, location: saved.location, completion_status: saved.completion_status, entry: 'resume' };
    if (target === 'scorm12') expect(saved.core.exit).toBe('suspend');
    else expect(saved.exit).toBe('suspend');

    const again = await open(target, preload);
    sco = again.sco;
    expect(await sco.getAttribute('main', 'data-view')).toBe('assignment');
    expect(await sco.inputValue('textarea')).toBe(draft);
    expect(await sco.textContent('#ajar-progress-label')).toBe(progressBefore);
    await sco.click('button.link');
    expect(await sco.textContent('[data-item="pembuka"] .state')).toBe('Selesai');
    expect(await sco.textContent('[data-item="pre-test"] .state')).toBe('Selesai');
    expect(await sco.getAttribute('[data-item="wasathiyah"]', 'aria-disabled')).toBeNull();
    expect(await sco.getAttribute('[data-item="post-test"]', 'aria-disabled')).toBe('true');
    await again.page.close();
  });
});
