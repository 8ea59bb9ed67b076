// `ajar preview` driven in headless Chromium: live reload after a source edit, a broken edit shown in
// the panel, the SCORM shell with scorm-again, the cmi5 panel (statements live, Review relaunch, the
// AU's exit to returnURL), and the command as a real process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCourse } from '../../src/load/index.js';
import { startPreview, type PreviewServer } from '../../src/preview/server.js';
import { plan } from '../../src/pipeline.js';
import type { Course } from '../../src/core/model/course.js';
import { launchChromium, type LaunchedBrowser } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { bin, runAjar } from '../support/cli.js';
import { LESSON_TEXT, writeCourse } from '../cmi5/course.js';
import { courseFrame, openPreview, stored, until, verbOf, visit } from '../cmi5/helpers.js';

let browser: LaunchedBrowser;
let server: PreviewServer;
let dir: string;
let course: Course;
let lesson: string;

beforeAll(async () => {
  await ensurePlayerBundle();
  dir = await writeCourse();
  course = (await loadCourse(dir, {})).course!;
  lesson = course.modules[0]!.items[0]!.id;
  server = await startPreview({ dir, plan, mode: 'scorm2004', port: 0, env: {}, lang: 'id' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const lessonFile = () => path.join(dir, 'materi/01-pengertian.md');

describe('ajar preview', () => {
  it('reloads the course after a source edit (SCORM 2004 shell with scorm-again)', async () => {
    const { page, frame } = await openPreview(browser, server, 'scorm2004');
    await visit(frame, lesson);
    expect(await frame.textContent('main')).toContain(LESSON_TEXT);
    // The panel shows the LMS's CMI data, live.
    await page.waitForFunction(() => document.getElementById('cmi')!.textContent!.includes('"location"'));
    await page.evaluate(() => ((window as unknown as { __before: number }).__before = 1));
    const builds = server.builds();

    const edited = 'Moderasi beragama menjaga keseimbangan antara hak dan kewajiban — teks revisi widyaiswara.';
    await writeFile(lessonFile(), (await readFile(lessonFile(), 'utf8')).replace(LESSON_TEXT, edited));
    await page.waitForFunction(() => !(window as unknown as { __before?: number }).__before, undefined, { timeout: 30_000 });
    expect(server.builds()).toBeGreaterThan(builds);
    const again = await courseFrame(page);
    if ((await again.getAttribute('main', 'data-view')) !== 'lesson') await visit(again, lesson);
    expect(await again.textContent('main')).toContain(edited);
    await page.close();
  });

  it('SCORM 1.2: Relaunch keeps the learner where they were; Reset attempt starts again', async () => {
    const { page, frame } = await openPreview(browser, server, 'scorm12');
    await visit(frame, lesson);
    await page.evaluate(() => ((window as unknown as { __before: number }).__before = 1));
    await page.click('[data-launch="Normal"]');
    await page.waitForFunction(() => !(window as unknown as { __before?: number }).__before);
    let again = await courseFrame(page);
    expect(await again.getAttribute('main', 'data-view')).toBe('lesson');
    expect(await page.textContent('#cmi')).toContain('"lesson_location"');
    await page.evaluate(() => ((window as unknown as { __before: number }).__before = 1));
    await page.click('#reset');
    await page.waitForFunction(() => !(window as unknown as { __before?: number }).__before);
    again = await courseFrame(page);
    expect(await again.getAttribute('main', 'data-view')).toBe('outline');
    await page.close();
  });

  it('shows a broken edit in the panel, keeps the last good course, and reloads once it is fixed', async () => {
    const { page, frame } = await openPreview(browser, server, 'scorm2004');
    expect(await frame.textContent('body')).toContain('Pengertian moderasi beragama');
    const syllabus = path.join(dir, 'syllabus.md');
    const good = await readFile(syllabus, 'utf8');
    await writeFile(syllabus, good.replace('materi/02-wasathiyah.md', 'materi/tidak-ada.md'));
    await page.waitForSelector('#build-error:not([hidden])', { timeout: 30_000 });
    const shown = await page.textContent('#build-error');
    expect(shown).toContain('syllabus.md');
    expect(shown).toContain('tidak-ada.md');
    // The course in the frame is still the last good build.
    expect(await frame.textContent('body')).toContain('Pengertian moderasi beragama');
    await page.evaluate(() => ((window as unknown as { __before: number }).__before = 1));
    await writeFile(syllabus, good);
    await page.waitForFunction(() => !(window as unknown as { __before?: number }).__before, undefined, { timeout: 30_000 });
    await courseFrame(page);
    expect(await page.isHidden('#build-error')).toBe(true);
    await page.close();
  });

  it('cmi5: lists statements live, relaunches in Review, and the AU exit goes to returnURL', async () => {
    server.lrs.reset();
    const { page, frame } = await openPreview(browser, server, 'cmi5');
    await page.waitForSelector('#statements li[data-verb="initialized"]');
    await visit(frame, lesson);
    await page.waitForSelector('#statements li[data-verb="experienced"]');

    await page.click('[data-launch="Review"]');
    const review = await courseFrame(page);
    await until('a Review launch', () =>
      stored(server).some((s) => verbOf(s) === 'launched' && s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/launchmode'] === 'Review'),
    );
    expect(await page.textContent('h1 .mode')).toContain('Review');
    // The LMS gave a returnURL: the course offers an exit that ends the session and goes there.
    await review.click('[data-exit]');
    await page.waitForFunction(() => (document.getElementById('course') as HTMLIFrameElement).contentWindow!.location.pathname === '/_preview/returned');
    const verbs = stored(server).map(verbOf);
    expect(verbs.filter((v) => v === 'terminated').length).toBeGreaterThanOrEqual(2);
    expect(verbs.at(-1)).toBe('terminated');
    await page.close();
  });

  it('a course that does not build yet shows its errors, and the page reloads once a save fixes it', async () => {
    const broken = await writeCourse();
    const syllabus = path.join(broken, 'syllabus.md');
    const good = await readFile(syllabus, 'utf8');
    await writeFile(syllabus, good.replace('materi/01-pengertian.md', 'materi/hilang.md'));
    const second = await startPreview({ dir: broken, plan, mode: 'xapi', port: 0, env: {}, lang: 'en' });
    try {
      const page = await browser.context.newPage();
      const r = await page.goto(second.url);
      expect(r!.status()).toBe(500);
      expect(await page.textContent('#build-error')).toContain('materi/hilang.md');
      await writeFile(syllabus, good);
      const frame = await courseFrame(page);
      expect(await frame.textContent('body')).toContain('Pengertian moderasi beragama');
      await page.close();
    } finally {
      await second.close();
    }
  });

  it('refuses a port that is taken (exit 2, bilingual message)', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const en = await runAjar(['preview', dir, '--port', String(port), '--no-watch']);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(en.stderr).toContain('--port 0');
      const id = await runAjar(['--lang', 'id', 'preview', dir, '--port', String(port), '--no-watch']);
      expect(id.stderr).toContain('sudah dipakai');
      const missing = await runAjar(['preview', path.join(dir, 'tidak ada')]);
      expect(missing.code).toBe(2);
    } finally {
      blocker.close();
    }
  });

  it('runs as a real process: prints its loopback URL, serves the LMS, stops on Ctrl+C with exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'preview', dir, '--port', '0', '--formats', 'xapi', '--no-watch'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const url = await until('the URL', () => /Preview: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1], 60);
    const shell = await fetch(url);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('Moderasi Beragama — Kursus Singkat');
    const about = await fetch(new URL('/lrs/about', url));
    expect(await about.json()).toEqual({ version: ['1.0.3'] });
    const code = new Promise<number | null>((r) => child.on('exit', r));
    child.kill('SIGINT');
    expect(await code).toBe(0);
  });
});
