// The xAPI (Tin Can) package played in headless Chromium against the preview LRS: Tin Can launch
// parameters, statements for experienced lessons, answered questions (the scoring module's response and
// result), completed and passed, resume from the State API, and a stricter LRS that answers 409.
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
import { writeCourse } from '../cmi5/course.js';
import { invalid, leave, openPreview, stored, takeQuiz, until, verbOf, visit } from '../cmi5/helpers.js';

type Obj = Record<string, any>;
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
  server = await startPreview({ dir, plan, mode: 'xapi', port: 0, env: {}, lang: 'id', watch: false });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('xAPI (Tin Can) package in the preview LRS', () => {
  it('reports lessons, answers, completion and success, and resumes from the State API', async () => {
    const { page, frame } = await openPreview(browser, server, 'xapi');
    expect(frame.url()).toMatch(/[?&]endpoint=.*&auth=.*&actor=.*&registration=.*&activity_id=/);
    for (const id of lessons) await visit(frame, id);
    await visit(frame, quiz);
    expect(await takeQuiz(frame, course, 'correct')).toBe('100');
    await until('passed', () => stored(server).some((s) => verbOf(s) === 'passed'));
    await leave(page, server);

    const all = stored(server);
    expect(invalid(all)).toEqual([]);
    // the validator does reject a broken statement (so the check above can fail)
    expect(invalid([{ ...all[0]!, id: 'bukan-uuid', timestamp: 'kemarin' }]).length).toBe(2);
    expect(all.map(verbOf)).toEqual(['attempted', 'experienced', 'experienced', 'answered', 'answered', 'scored', 'completed', 'passed', 'terminated']);
    for (const s of all) {
      expect(s.actor).toEqual(server.lrs.actor);
      expect(s.context.registration).toBe(server.lrs.registration);
      expect(s.context.language).toBe('id');
      expect(s.context.extensions['urn:ajar:xapi:extension:jp']).toBe(2);
      expect(s.context.extensions['urn:ajar:xapi:extension:competencies']).toHaveLength(2);
      expect(s.verb.display.id).toBeTruthy();
    }
    const lesson = all.find((s) => verbOf(s) === 'experienced')!;
    expect(lesson.object.id).toBe(`urn:ajar:course:kursus-pratinjau/lesson/${lessons[0]}`);
    expect(lesson.object.definition.name.id).toBe('Pengertian moderasi beragama');
    const answers = Object.fromEntries(all.filter((s) => verbOf(s) === 'answered').map((s) => [s.object.id.split('/').pop(), s]));
    const choice = answers['q-pengertian'] as Obj;
    expect(choice.object.definition).toMatchObject({ type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', correctResponsesPattern: ['b'] });
    expect(choice.object.definition.choices.map((c: Obj) => c.id)).toEqual(['a', 'b', 'c']);
    expect(choice.result).toMatchObject({ response: 'b', success: true, score: { scaled: 1 } });
    const tf = answers['q-dimoderasi'] as Obj;
    expect(tf.object.definition).toMatchObject({ interactionType: 'true-false', correctResponsesPattern: ['false'] });
    expect(tf.result).toMatchObject({ response: 'false', success: true });
    expect(choice.context.contextActivities.parent[0].id).toBe(`urn:ajar:course:kursus-pratinjau/quiz/${quiz}`);
    const passed = all.find((s) => verbOf(s) === 'passed')!;
    expect(passed.object.id).toBe('urn:ajar:course:kursus-pratinjau');
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 1, raw: 100, min: 0, max: 100 } });
    // The course finished: the session ends with terminated (a learner who will come back: suspended).
    expect(all.at(-1)!.result.duration).toMatch(/^PT/);

    // Relaunch: resumed, with the progress kept in the State API document.
    const again = await openPreview(browser, server, 'xapi');
    expect(await again.frame.textContent('#ajar-progress-label')).toContain('100%');
    await until('resumed', () => stored(server).some((s) => verbOf(s) === 'resumed'));
    await leave(again.page, server);
    // completed and passed are not repeated in a later session
    expect(stored(server).filter((s) => ['completed', 'passed'].includes(verbOf(s)))).toHaveLength(2);
  });

  it('an LRS that answers 409 for known ids gets each statement once, and a suspended learner is suspended', async () => {
    server.lrs.reset();
    server.lrs.strictDuplicates = true;
    try {
      let lost = 0;
      const { page, frame } = await openPreview(browser, server, 'xapi', 'Normal', (p) =>
        p.route('**/lrs/statements', async (route) => {
          if (lost < 1 && route.request().method() === 'POST') {
            lost++;
            await route.fetch();
            return route.abort('connectionreset');
          }
          return route.continue();
        }),
      );
      await visit(frame, lessons[0]!);
      await until('experienced', () => stored(server).some((s) => verbOf(s) === 'experienced'));
      await leave(page, server, 'suspended');
      expect(lost).toBe(1);
      const all = stored(server);
      expect(invalid(all)).toEqual([]);
      expect(all.map(verbOf)).toEqual(['attempted', 'experienced', 'suspended']);
      expect(all.at(-1)!.result.extensions['https://w3id.org/xapi/cmi5/result/extensions/progress']).toBe(33);
    } finally {
      server.lrs.strictDuplicates = false;
    }
  });

  it('plays the built -xapi.zip from its tincan.xml', async () => {
    const dir = await writeCourse();
    const out = await mkdtemp(path.join(os.tmpdir(), 'ajar-xapi-zip-'));
    const built = await runAjar(['build', dir, '--formats', 'xapi', '--no-media', '--out', out, '--format', 'json']);
    expect(built.code, built.stderr).toBe(0);
    const lrs = await startPreview({ dir: JSON.parse(built.stdout).result.packages[0].file, mode: 'cmi5', port: 0, env: {}, lang: 'id', watch: false });
    try {
      const { page, frame } = await openPreview(browser, lrs, 'xapi');
      expect(new URL(frame.url()).searchParams.get('activity_id')).toBe('urn:ajar:course:kursus-pratinjau');
      await visit(frame, lessons[0]!);
      await until('experienced', () => stored(lrs).some((s) => verbOf(s) === 'experienced'));
      await leave(page, lrs, 'suspended');
      const all = stored(lrs);
      expect(invalid(all)).toEqual([]);
      expect(all.map(verbOf)).toEqual(['attempted', 'experienced', 'suspended']);
    } finally {
      await lrs.close();
    }
  });
});
