// The cmi5 package played in headless Chromium against the preview's in-process LMS: the statement
// sequence and result rules of the cmi5 spec on the fail-then-pass path (two sessions) and the browse
// path, and an outage in the middle that loses no statement and stores none twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runAjar } from '../support/cli.js';
import { loadCourse } from '../../src/load/index.js';
import { startPreview, type PreviewServer } from '../../src/preview/server.js';
import { plan } from '../../src/pipeline.js';
import type { Course } from '../../src/core/model/course.js';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { writeCourse } from './course.js';
import { courseFrame, invalid, leave, openPreview, sessionOf, stored, takeQuiz, until, verbOf, visit } from './helpers.js';

type Obj = Record<string, any>;
const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';

let browser: LaunchedBrowser;
let server: PreviewServer;
let course: Course;
let lessons: string[];
let quiz: string;

beforeAll(async () => {
  await ensurePlayerBundle();
  const dir = await writeCourse();
  course = (await loadCourse(dir, {})).course!;
  const items = course.modules.flatMap((m) => m.items);
  lessons = items.filter((i) => i.kind === 'lesson').map((i) => i.id);
  quiz = items.find((i) => i.kind === 'quiz')!.id;
  server = await startPreview({ dir, plan, mode: 'cmi5', port: 0, env: {}, lang: 'id', watch: false });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const categories = (s: Obj): string[] => (s.context?.contextActivities?.category ?? []).map((a: Obj) => a.id);
const isDefined = (s: Obj) => categories(s).includes(CMI5_CATEGORY);

/** Checks the per-session rules of cmi5 §9.3 and the statement rules of §9.5/§9.6 for AU statements. */
function checkSession(all: Obj[], session: string, activityId: string, registration = server.lrs.registration): Obj[] {
  const au = all.filter((s) => sessionOf(s) === session && verbOf(s) !== 'launched');
  expect(verbOf(au[0]!)).toBe('initialized');
  expect(verbOf(au.at(-1)!)).toBe('terminated');
  const defined = au.filter(isDefined);
  const verbs = defined.map(verbOf);
  expect(new Set(verbs).size).toBe(verbs.length); // no cmi5 defined verb twice in a session
  expect(verbs.filter((v) => v === 'passed' || v === 'failed').length).toBeLessThanOrEqual(1);
  for (const s of au) {
    expect(s.context.registration).toBe(registration);
    expect(s.context.contextActivities.grouping.map((a: Obj) => a.id)).toContain('urn:ajar:course:kursus-pratinjau/au');
    // JP hours and competencies travel in every statement
    expect(s.context.extensions['urn:ajar:xapi:extension:jp']).toBe(2);
    expect(s.context.extensions['urn:ajar:xapi:extension:competencies']).toEqual(['Memahami konsep moderasi beragama', 'Menerapkan sikap moderat dalam pelayanan publik']);
    expect(s.actor.account).toBeDefined();
    const judged = s.result && ('success' in s.result || 'completion' in s.result);
    if (isDefined(s)) {
      expect(s.object.id).toBe(activityId);
      expect(categories(s).includes(MOVEON)).toBe(Boolean(judged));
      expect(s.result?.score === undefined || ['passed', 'failed'].includes(verbOf(s))).toBe(true);
    } else expect(categories(s)).not.toContain(MOVEON);
    if (['completed', 'passed', 'failed', 'terminated'].includes(verbOf(s))) expect(s.result.duration).toMatch(/^PT/);
  }
  return au;
}

describe('cmi5 in the preview LMS', () => {
  it('fails the post-test in one session and passes it in the next: cmi5 sequence and result rules hold', async () => {
    // Session 1: both lessons, then a blank post-test → failed (sent when the session ends).
    let { page, frame } = await openPreview(browser, server, 'cmi5');
    for (const id of lessons) await visit(frame, id);
    await visit(frame, quiz);
    expect(await takeQuiz(frame, course, 'blank')).toBe('0');
    await leave(page, server);

    // Session 2: resumed from the State API; the second attempt passes.
    ({ page, frame } = await openPreview(browser, server, 'cmi5'));
    expect(await frame.textContent('#ajar-progress-label')).not.toMatch(/\b0%/);
    await visit(frame, quiz);
    expect(await frame.textContent('main')).toContain('0'); // the first attempt's score is kept
    expect(await takeQuiz(frame, course, 'correct')).toBe('100');
    await until('passed', () => stored(server).some((s) => verbOf(s) === 'passed'));
    await leave(page, server);

    const all = stored(server);
    expect(invalid(all)).toEqual([]);
    const launches = all.filter((s) => verbOf(s) === 'launched');
    expect(launches).toHaveLength(2);
    const [first, second] = launches.map((s) => ({ session: sessionOf(s)!, activityId: s.object.id as string }));
    const s1 = checkSession(all, first!.session, first!.activityId);
    const s2 = checkSession(all, second!.session, second!.activityId);
    expect(s1.filter(isDefined).map(verbOf)).toEqual(['initialized', 'failed', 'terminated']);
    expect(s2.filter(isDefined).map(verbOf)).toEqual(['initialized', 'completed', 'passed', 'terminated']);
    // cmi5 allowed statements between them: lessons experienced, questions answered
    expect(s1.filter((s) => verbOf(s) === 'experienced')).toHaveLength(lessons.length);
    expect(s1.filter((s) => verbOf(s) === 'answered')).toHaveLength(2);
    const answered = s2.filter((s) => verbOf(s) === 'answered');
    expect(answered.map((s) => s.result.success)).toEqual([true, true]);
    expect(answered.map((s) => s.object.definition.interactionType).sort()).toEqual(['choice', 'true-false']);

    const failed = s1.find((s) => verbOf(s) === 'failed')!;
    expect(failed.result.success).toBe(false);
    expect(failed.result.score.scaled).toBeLessThan(0.7);
    expect(failed.context.extensions[MASTERY]).toBe(0.7);
    const passed = s2.find((s) => verbOf(s) === 'passed')!;
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 1, raw: 100, min: 0, max: 100 } });
    expect(passed.context.extensions[MASTERY]).toBe(0.7);
    expect(s2.find((s) => verbOf(s) === 'completed')!.result).toEqual({ completion: true, duration: expect.stringMatching(/^PT/) });
    // progress only before completion, never on completed
    expect(s1.at(-1)!.result.extensions['https://w3id.org/xapi/cmi5/result/extensions/progress']).toBeGreaterThan(0);
    expect(s2.at(-1)!.result.extensions).toBeUndefined();
    // per registration: one completed, one passed, no failed after passed
    const verbs = all.filter(isDefined).map(verbOf);
    expect(verbs.filter((v) => v === 'completed')).toHaveLength(1);
    expect(verbs.filter((v) => v === 'passed')).toHaveLength(1);
    expect(verbs.lastIndexOf('failed')).toBeLessThan(verbs.indexOf('passed'));
  });

  it('in Browse mode sends nothing but initialized and terminated', async () => {
    server.lrs.reset();
    const { page, frame } = await openPreview(browser, server, 'cmi5', 'Browse');
    for (const id of lessons) await visit(frame, id);
    await visit(frame, quiz);
    await takeQuiz(frame, course, 'correct');
    await leave(page, server);
    const all = stored(server);
    expect(invalid(all)).toEqual([]);
    const launched = all.find((s) => verbOf(s) === 'launched')!;
    expect(launched.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/launchmode']).toBe('Browse');
    expect(all.map(verbOf)).toEqual(['launched', 'initialized', 'terminated']);
    checkSession(all, sessionOf(launched)!, launched.object.id);
  });

  it('loses no statement and stores none twice through an outage, a closed tab and lost answers', async () => {
    server.lrs.reset();
    const first = await openPreview(browser, server, 'cmi5');
    await until('initialized', () => stored(server).some((s) => verbOf(s) === 'initialized'));
    // The author switches the LRS off from the panel: every request now gets 503.
    await first.page.check('#outage');
    await until('outage on', () => server.lrs.outage);
    for (const id of lessons) await visit(first.frame, id);
    await visit(first.frame, quiz);
    expect(await takeQuiz(first.frame, course, 'correct')).toBe('100');
    const pending = await first.frame.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('ajar:xq:'))
        .map((k) => JSON.parse(localStorage.getItem(k)!).s.length as number),
    );
    expect(pending.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
    // The learner closes the tab while offline: the statements stay queued in the browser.
    await first.page.close({ runBeforeUnload: true });
    await first.frame.page().waitForTimeout(300).catch(() => undefined);
    expect(stored(server).map(verbOf)).toEqual(['launched', 'initialized']);
    expect(server.lrs.counts.refused).toBeGreaterThan(0);

    // The link comes back; the learner launches again. The first answer from the LRS is lost on the
    // way back (it stored the batch, the browser saw a network error) so the batch is sent again.
    await fetch(new URL('/_preview/outage', server.url), { method: 'POST', body: JSON.stringify({ on: false }) });
    let lost = 0;
    const second = await openPreview(browser, server, 'cmi5', 'Normal', (page) =>
      page.route('**/lrs/statements', async (route) => {
        if (lost < 1 && route.request().method() === 'POST') {
          lost++;
          await route.fetch();
          return route.abort('connectionreset');
        }
        return route.continue();
      }),
    );
    await until('passed after the outage', () => stored(server).some((s) => verbOf(s) === 'passed'), 60);
    // Resumed from the state the first tab saved while offline.
    expect(await second.frame.textContent('#ajar-progress-label')).toContain('100%');
    await leave(second.page, server);
    await until('both sessions terminated', () => stored(server).filter((s) => verbOf(s) === 'terminated').length === 2);

    expect(lost).toBe(1);
    const all = stored(server);
    expect(invalid(all)).toEqual([]);
    const ids = all.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const count = (v: string) => all.filter((s) => verbOf(s) === v).length;
    expect([count('launched'), count('initialized'), count('experienced'), count('answered'), count('completed'), count('passed'), count('terminated')]).toEqual([2, 2, 2, 2, 1, 1, 2]);
    const launches = all.filter((s) => verbOf(s) === 'launched');
    const au = checkSession(all, sessionOf(launches[0]!)!, launches[0]!.object.id);
    expect(au.filter(isDefined).map(verbOf)).toEqual(['initialized', 'completed', 'passed', 'terminated']);
    expect(checkSession(all, sessionOf(launches[1]!)!, launches[1]!.object.id).filter(isDefined).map(verbOf)).toEqual(['initialized', 'terminated']);
    // stored in the order the learner made them (the queue keeps cmi5 order)
    const times = au.map((s) => Date.parse(s.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('with one AU per module, each AU reports its own module: completed, and passed with the module quiz', async () => {
    const dir = await writeCourse({ cmi5Au: 'module' });
    const modules = await startPreview({ dir, plan, mode: 'cmi5', port: 0, env: {}, lang: 'id', watch: false });
    try {
      const page = await browser.context.newPage();
      const open = async (au: number) => {
        await page.goto(`${new URL(modules.url).origin}/?mode=cmi5&launch=Normal&au=${au}`);
        return courseFrame(page);
      };
      // AU 1 (module 1, moveOn Completed): its lesson completes it; no judgement.
      let frame = await open(0);
      expect(await page.$$eval('#au option', (o) => o.map((x) => x.textContent))).toEqual(['Modul 1: Pengertian', 'Modul 2: Evaluasi']);
      await visit(frame, lessons[0]!);
      await until('module 1 completed', () => stored(modules).some((s) => verbOf(s) === 'completed'));
      // AU 2 (module 2, CompletedAndPassed): the learner's progress in module 1 is shared, so it is open.
      frame = await open(1);
      await visit(frame, lessons[1]!);
      await visit(frame, quiz);
      expect(await takeQuiz(frame, course, 'correct')).toBe('100');
      await until('module 2 passed', () => stored(modules).some((s) => verbOf(s) === 'passed'));
      await page.close({ runBeforeUnload: true });
      await until('both terminated', () => stored(modules).filter((s) => verbOf(s) === 'terminated').length === 2);
      const all = stored(modules);
      expect(invalid(all)).toEqual([]);
      const byAu = (n: string) =>
        all.filter((s) => s.context.contextActivities.grouping?.some((g: Obj) => g.id === `urn:ajar:course:kursus-pratinjau/au/${n}`) && isDefined(s)).map(verbOf);
      expect(byAu('modul-1')).toEqual(['launched', 'initialized', 'completed', 'terminated']);
      expect(byAu('modul-2')).toEqual(['launched', 'initialized', 'completed', 'passed', 'terminated']);
      const passed = all.find((s) => verbOf(s) === 'passed')!;
      expect(passed.result.score.scaled).toBe(1);
      expect(passed.context.extensions[MASTERY]).toBe(0.7);
    } finally {
      await modules.close();
    }
  });

  it('plays the built -cmi5.zip as an LMS imports it (AUs from its cmi5.xml)', async () => {
    const dir = await writeCourse();
    const out = await mkdtemp(path.join(os.tmpdir(), 'ajar-cmi5-zip-'));
    const built = await runAjar(['build', dir, '--formats', 'cmi5', '--no-media', '--out', out, '--format', 'json']);
    expect(built.code, built.stderr).toBe(0);
    const zip = JSON.parse(built.stdout).result.packages[0].file as string;
    const lms = await startPreview({ dir: zip, mode: 'scorm12', port: 0, env: {}, lang: 'id', watch: false });
    try {
      expect(lms.url).toContain('mode=cmi5'); // the package decides how it is played
      const { page, frame } = await openPreview(browser, lms, 'cmi5');
      for (const id of lessons) await visit(frame, id);
      await visit(frame, quiz);
      expect(await takeQuiz(frame, course, 'correct')).toBe('100');
      await until('passed', () => stored(lms).some((s) => verbOf(s) === 'passed'));
      await leave(page, lms);
      const all = stored(lms);
      expect(invalid(all)).toEqual([]);
      const launched = all.find((s) => verbOf(s) === 'launched')!;
      expect(launched.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/moveon']).toBe('CompletedAndPassed');
      expect(launched.context.extensions[MASTERY]).toBe(0.7);
      const au = checkSession(all, sessionOf(launched)!, launched.object.id, lms.lrs.registration);
      expect(au.filter(isDefined).map(verbOf)).toEqual(['initialized', 'completed', 'passed', 'terminated']);
    } finally {
      await lms.close();
    }
  });
});
