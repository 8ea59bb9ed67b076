// The example course's SCORM 1.2 and 2004 packages, built by `ajar build` and played in Chromium under a
// model of Moodle's SCORM runtime (test/support/moodle-lms.ts): what Moodle would store is asserted commit
// by commit, and the next launch is prepared from it as Moodle's PHP does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { build } from '../../src/pipeline.js';
import { loadCourse } from '../../src/load/index.js';
import { unzip } from '../package/unzip.js';
import { launchChromium, projectRoot, type LaunchedBrowser } from '../support/chromium.js';
import { startMoodle, type MoodleLms, type MoodleVersion } from '../support/moodle-lms.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, playVideoThrough, scoFrame } from './helpers.js';
import type { Course } from '../../src/core/model/course.js';

const EXAMPLE = path.join(projectRoot, 'examples/moderasi-beragama');
let browser: LaunchedBrowser;
let course: Course;
type Profile = 'generic' | 'moodle';
/** Unzipped packages by LMS profile (build.lms) and SCORM version. */
const dirs: Record<Profile, Partial<Record<MoodleVersion, string>>> = { generic: {}, moodle: {} };
const sites: Record<'strict' | 'relaxed', MoodleLms> = {} as never;

/** The example course built as a user would: `build.lms` set in its ajar.yaml (the default when generic). */
async function buildFor(profile: Profile, work: string): Promise<void> {
  let dir = EXAMPLE;
  if (profile !== 'generic') {
    dir = path.join(work, `kursus-${profile}`);
    await cp(EXAMPLE, dir, { recursive: true, filter: (f) => !/[\\/](dist|\.ajar)$/.test(f) });
    const yaml = await readFile(path.join(dir, 'ajar.yaml'), 'utf8');
    await writeFile(path.join(dir, 'ajar.yaml'), yaml.replace(/^build:\n/m, `build:\n  lms: ${profile}\n`));
  }
  const result = await build({ dir, formats: ['scorm12', 'scorm2004'], outDir: path.join(work, `dist-${profile}`), media: false, env: {} });
  expect(result.packages).toHaveLength(2);
  for (const pkg of result.packages) {
    const version: MoodleVersion = pkg.file.endsWith('-scorm12.zip') ? '1.2' : '2004';
    const out = path.join(work, profile, version);
    for (const entry of await unzip(pkg.file)) {
      if (entry.name.endsWith('/')) continue;
      await mkdir(path.dirname(path.join(out, entry.name)), { recursive: true });
      await writeFile(path.join(out, entry.name), entry.data);
    }
    dirs[profile][version] = out;
  }
}

beforeAll(async () => {
  await ensurePlayerBundle();
  course = (await loadCourse(EXAMPLE, {})).course!;
  const work = await mkdtemp(path.join(os.tmpdir(), 'ajar-moodle-'));
  await buildFor('generic', work);
  await buildFor('moodle', work);
  sites.strict = await startMoodle({ scormstandard: true });
  sites.relaxed = await startMoodle({ scormstandard: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sites.strict?.close();
  await sites.relaxed?.close();
});

const items = () => course.modules.flatMap((m) => m.items);

async function open(lms: MoodleLms, activity: number, options: { newattempt?: boolean } = {}): Promise<{ page: Page; sco: Frame; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(lms.playerUrl(activity, options));
  return { page, sco: await scoFrame(page), errors };
}

/** Every LMSSetValue/SetValue the runtime refused, with its error code (recorded by the page). */
async function refused(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (window as unknown as { __moodleRefused: unknown[] }).__moodleRefused);
}

/** Closes the tab as a learner would and waits for the last commit (LMSFinish / Terminate). */
async function leave(lms: MoodleLms, page: Page): Promise<void> {
  const before = lms.commits.length;
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => lms.commits.length, { timeout: 20_000 }).toBeGreaterThan(before);
}

async function takeQuiz(sco: Frame, how: 'right' | 'blank' | Set<string>): Promise<void> {
  await sco.click('[data-start]');
  if (how === 'right') await answerQuiz(sco, course);
  else if (how !== 'blank') await answerQuiz(sco, course, how);
  await sco.click('[data-submit]');
  await sco.waitForSelector('[data-last-score]');
}

/** Walks the outline in order up to (not including) `stop`, doing each item as a diligent learner. */
async function walk(sco: Frame, until: (id: string) => boolean): Promise<void> {
  for (const item of items()) {
    if (until(item.id)) return;
    await sco.click('button.link');
    await sco.click(`[data-item="${item.id}"]`);
    if (item.kind === 'lesson' && item.media.video) {
      await playVideoThrough(sco, 1); // the course allows no speed-up
      await sco.waitForFunction(() => document.querySelector('.watch')!.textContent!.startsWith('✓'));
    } else if (item.kind === 'quiz') {
      await takeQuiz(sco, item.role === 'pre' ? 'blank' : 'right');
    }
  }
}

const status12 = (t: Record<string, string>) => t['cmi.core.lesson_status'];

describe('build.lms: moodle', () => {
  it('leaves the mastery score out of both manifests and asks the player for a commit at most every minute', async () => {
    for (const version of ['1.2', '2004'] as const) {
      const manifest = await readFile(path.join(dirs.moodle[version]!, 'imsmanifest.xml'), 'utf8');
      const generic = await readFile(path.join(dirs.generic[version]!, 'imsmanifest.xml'), 'utf8');
      expect(manifest).not.toMatch(/masteryscore|minNormalizedMeasure/);
      expect(generic).toMatch(version === '1.2' ? /<adlcp:masteryscore>70<\/adlcp:masteryscore>/ : /<imsss:minNormalizedMeasure>0.7<\/imsss:minNormalizedMeasure>/);
      const data = (page: string) => JSON.parse(/<script type="application\/json" id="ajar-course">([\s\S]*?)<\/script>/.exec(page)![1]!) as { commitEveryMs?: number };
      expect(data(await readFile(path.join(dirs.moodle[version]!, 'index.html'), 'utf8')).commitEveryMs).toBe(60_000);
      expect(data(await readFile(path.join(dirs.generic[version]!, 'index.html'), 'utf8')).commitEveryMs).toBe(10_000);
    }
  });
});

describe.each(['1.2', '2004'] as const)('the example course in Moodle (SCORM %s)', (version) => {
  it.each([
    ['strict', 'generic'],
    ['relaxed', 'moodle'],
  ] as const)('a learner who stops after a failed unit quiz stays incomplete and resumes where she was (scormstandard %s, build.lms %s)', async (setting, profile) => {
    const lms = sites[setting];
    const activity = lms.addActivity(dirs[profile][version]!);
    const first = await open(lms, activity);
    let sco = first.sco;
    await walk(sco, (id) => id === 'kuis-kuis-modul-1');
    await sco.click('button.link');
    await sco.click('[data-item="kuis-kuis-modul-1"]');
    // Two of three questions wrong: the unit quiz fails (one attempt of three used).
    await sco.click('[data-start]');
    const ids = await sco.$$eval('section.q[data-question]', (els) => els.map((e) => e.getAttribute('data-question')!));
    await answerQuiz(sco, course, new Set(ids.slice(1)));
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score]');
    expect(await refused(first.page)).toEqual([]);
    await leave(lms, first.page);

    // Commit by commit: no score and no result ever reach Moodle while the course is unfinished.
    const sent = lms.commits.filter((x) => x.activity === activity);
    expect(sent.length).toBeGreaterThan(1);
    // The last one is LMSFinish/Terminate, sent by sendBeacon as the page closed, within its 64 KiB.
    expect(sent.at(-1)!.beacon).toBe(true);
    expect(sent.at(-1)!.elements[version === '1.2' ? 'cmi.core.total_time' : 'cmi.total_time']).toBeDefined();
    expect(sent.at(-1)!.bytes).toBeLessThan(64 * 1024);
    for (const x of sent) {
      expect(x.accepted).toBe(true);
      expect(Object.keys(x.elements).filter((k) => /^cmi\.(core\.)?score\./.test(k))).toEqual([]);
      expect(x.elements[version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status'] ?? 'incomplete').not.toMatch(/passed|failed/);
    }
    const stored = lms.tracks(activity);
    if (version === '1.2') {
      // Moodle turns a status into passed/failed at LMSFinish when a raw score is set: none may be set yet.
      expect(status12(stored)).toBe('incomplete');
      expect(stored['cmi.core.score.raw'] ?? '').toBe('');
      expect(stored['cmi.core.exit']).toBe('suspend');
      expect(stored['cmi.suspend_data']!.length).toBeLessThanOrEqual(4096);
      // Progress per module is in the objectives: module 1 failed so far, with its quiz score.
      const objectives = Object.fromEntries(
        Object.entries(stored)
          .filter(([k]) => /^cmi\.objectives\.\d+\.id$/.test(k))
          .map(([k, id]) => [id, { status: stored[k.replace(/id$/, 'status')], raw: stored[k.replace(/id$/, 'score.raw')] }]),
      );
      expect(objectives['modul-1']).toEqual({ status: 'incomplete', raw: expect.stringMatching(/^\d+(\.\d+)?$/) });
    } else {
      expect([stored['cmi.completion_status'], stored['cmi.success_status'] ?? 'unknown']).toEqual(['incomplete', 'unknown']);
      expect(stored['cmi.score.raw']).toBeUndefined();
      expect(stored['cmi.exit']).toBe('suspend');
      expect(Number(stored['cmi.progress_measure'])).toBeGreaterThan(0);
      expect(Number(stored['cmi.progress_measure'])).toBeLessThan(1);
    }
    // Interactions were stored under Moodle's names, with the quiz's ids.
    const interactionIds = Object.entries(stored).filter(([k]) => /^cmi\.interactions\.\d+\.id$/.test(k)).map(([, v]) => v);
    expect(interactionIds).toContain(`kuis-kuis-modul-1.${ids[0]}`);

    // The next launch: the attempt is not over, so Moodle opens it in normal mode, resuming.
    const again = await open(lms, activity);
    expect(lms.launches.at(-1)).toMatchObject({ activity, attempt: 1, mode: 'normal', entry: 'resume' });
    sco = again.sco;
    await sco.click('button.link').catch(() => undefined);
    await sco.waitForSelector('[data-item="kuis-kuis-modul-1"]');
    expect(await sco.textContent('[data-item="materi-01-pengertian"] .state')).toBe('Selesai');
    expect(await sco.getAttribute('[data-item="materi-03-indikator"]', 'aria-disabled')).toBe('true');
    expect(again.errors).toEqual([]);
    await again.page.close();
  });

  it('resumes a learner whose last commit was lost as the tab closed (build.lms moodle)', async () => {
    const lms = sites.relaxed;
    const activity = lms.addActivity(dirs.moodle[version]!);
    const first = await open(lms, activity);
    await walk(first.sco, (id) => id === 'materi-01-pengertian'); // the pre-test and the welcome lesson
    await expect.poll(() => lms.commits.filter((x) => x.activity === activity).length).toBeGreaterThan(0);
    lms.loseBeacons(true);
    try {
      await first.page.close({ runBeforeUnload: true });
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      lms.loseBeacons(false);
    }
    // Nothing of the closing arrived, but an earlier commit already said "suspend".
    const stored = lms.tracks(activity);
    expect(stored[version === '1.2' ? 'cmi.core.exit' : 'cmi.exit']).toBe('suspend');
    expect(stored[version === '1.2' ? 'cmi.core.total_time' : 'cmi.total_time']).toBeUndefined();
    const again = await open(lms, activity);
    expect(lms.launches.at(-1)).toMatchObject({ activity, mode: 'normal', entry: 'resume' });
    await again.sco.click('button.link').catch(() => undefined);
    await again.sco.waitForSelector('[data-item="kuis-pre-test"] .state');
    expect(await again.sco.textContent('[data-item="kuis-pre-test"] .state')).toBe('Selesai');
    await again.page.close();
  });

  it('takes a learner from a failed to a passed post-test; Moodle stores passed, the score and every interaction', async () => {
    const lms = sites.strict;
    const activity = lms.addActivity(dirs.generic[version]!);
    const { page, sco, errors } = await open(lms, activity);
    // Gating: a later module is locked until the one before is mastered.
    await sco.click('[data-item="materi-03-indikator"]', { force: true });
    expect(await sco.getAttribute('main', 'data-view')).toBe('outline');
    await walk(sco, (id) => id === 'kuis-post-test');
    await sco.click('button.link');
    await sco.click('[data-item="kuis-post-test"]');
    await takeQuiz(sco, 'blank');
    await sco.waitForSelector('[data-last-score="0"]');
    let c = await page.evaluate(() => (window as unknown as { __cmi(): Record<string, string> }).__cmi());
    if (version === '1.2') expect(c['cmi.core.lesson_status']).toBe('incomplete');
    else expect(c['cmi.success_status']).toBe('unknown');
    await takeQuiz(sco, 'right');
    // The plan of action: two paragraphs, as learners write them.
    await sco.click('button.link');
    await sco.click('[data-item="tugas-rtl"]');
    const rtl = items().find((i) => i.id === 'tugas-rtl')!;
    // Longer than SCORM 1.2's 255-character responses, so the strict limit is exercised.
    const plan = 'Rencana tindak lanjut di unit layanan:\n\n'.padEnd(Math.max(rtl.kind === 'assignment' ? rtl.minLength + 40 : 0, 400), 'membangun budaya kerja yang moderat dan adil. ');
    await sco.fill('textarea', plan);
    await sco.click('button.primary');
    await sco.waitForFunction(() => document.querySelector('.ok')!.textContent!.length > 0);
    await sco.click('button.link');
    await sco.click('text=Hasil belajar');
    const shown = await sco.getAttribute('[data-score]', 'data-score');
    expect(await sco.getAttribute('[data-status]', 'data-status')).toBe('Lulus');
    expect(await refused(page)).toEqual([]);
    c = await page.evaluate(() => (window as unknown as { __cmi(): Record<string, string> }).__cmi());
    await leave(lms, page);

    // Commit by commit: the score first reaches Moodle in the same commit as the passed result.
    const sent = lms.commits.filter((x) => x.activity === activity && x.accepted);
    // The last commit is LMSFinish/Terminate (it alone adds the total time), sent by beacon as the page closed.
    expect(sent.at(-1)!.beacon).toBe(true);
    expect(sent.at(-1)!.elements[version === '1.2' ? 'cmi.core.total_time' : 'cmi.total_time']).toBeDefined();
    // Leaving sends beacons, and Chromium queues at most 64 KiB of them: everything sent as the page closed fits.
    const closing = sent.slice(sent.findLastIndex((x) => !x.beacon) + 1);
    expect(closing.reduce((n, x) => n + x.bytes, 0)).toBeLessThan(64 * 1024);
    const scoreKey = version === '1.2' ? 'cmi.core.score.raw' : 'cmi.score.raw';
    const firstScored = sent.find((x) => x.elements[scoreKey] !== undefined)!;
    expect(firstScored.elements[version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status']).toBe('passed');
    expect(sent.slice(0, sent.indexOf(firstScored)).every((x) => !/passed|failed/.test(x.elements[version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status'] ?? ''))).toBe(true);
    const stored = lms.tracks(activity);
    if (version === '1.2') {
      expect([stored['cmi.core.lesson_status'], stored['cmi.core.score.raw'], stored['cmi.core.exit'] ?? '']).toEqual(['passed', shown, '']);
      expect(stored['cmi.core.total_time']).toMatch(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
    } else {
      expect([stored['cmi.completion_status'], stored['cmi.success_status'], stored['cmi.score.raw'], stored['cmi.exit']]).toEqual(['completed', 'passed', shown, 'normal']);
      expect(Number(stored['cmi.score.scaled'])).toBeCloseTo(Number(shown) / 100, 4);
      expect(stored['cmi.total_time']).toMatch(/^P/);
    }
    // Every answered question became an interaction Moodle stored; the failed and the passed post-test attempts both.
    const byId = new Map<string, string>();
    for (const [k, v] of Object.entries(stored)) if (/^cmi\.interactions\.\d+\.id$/.test(k)) byId.set(k.replace(/id$/, ''), v);
    const post = [...byId.values()].filter((id) => id.startsWith('kuis-post-test.'));
    expect(post.length % 2 === 0 && post.length >= 2).toBe(true);
    const rtlPrefix = [...byId].find(([, id]) => id === 'tugas-rtl')?.[0];
    expect(rtlPrefix).toBeDefined();
    if (version === '1.2') {
      expect(stored[`${rtlPrefix}type`]).toBe('fill-in');
      expect(stored[`${rtlPrefix}student_response`]!.length).toBeLessThanOrEqual(255);
    } else {
      expect(stored[`${rtlPrefix}type`]).toBe('long-fill-in');
      // Moodle refuses a long-fill-in response with a line break: the player sends it on one line.
      expect(stored[`${rtlPrefix}learner_response`]).toBe(plan.replace(/\s*\n+\s*/g, ' '));
    }
    expect(errors).toEqual([]);
    expect(c).toBeDefined();

    // The attempt is over: Moodle opens the next launch in review mode, where nothing changes.
    const review = await open(lms, activity);
    expect(lms.launches.at(-1)).toMatchObject({ mode: 'review' });
    await review.sco.click('button.link').catch(() => undefined);
    // (SCORM 2004: a session that ended with exit "normal" is not brought back, so the outline starts afresh.)
    await review.sco.click('[data-item="kuis-pre-test"]');
    await review.sco.waitForSelector('main[data-view="quiz"]');
    const sets = await review.page.evaluate(() => (window as unknown as { __moodleSets: string[] }).__moodleSets);
    expect(sets.filter((k) => /status|score|suspend_data|interactions/.test(k))).toEqual([]);
    await leave(lms, review.page);
    const final = lms.tracks(activity);
    expect(version === '1.2' ? final['cmi.core.score.raw'] : final['cmi.score.raw']).toBe(shown);
  });
});
