// Integrity of the score, in an LMS page (scorm-again, SCORM 2004): the answer key is not readable in the
// page source, nothing of the player is reachable from the console (only `ajar preview` exposes it), and
// which media complete a lesson is the course's choice, with messages that say what was completed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, lmsMounts, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, courseFolderWithVideo, scoFrame, writeSite } from './helpers.js';
import type { Course, Lesson } from '../../src/core/model/course.js';

let browser: LaunchedBrowser;
let server: ServedFolders;
let course: Course;
const pages: Record<string, string> = {};

/** The fixture course with a 2-second narration beside the video of the first lesson. */
function withAudio(c: Course, audio: string, audioCompletes?: boolean): Course {
  const [m1, ...rest] = c.modules;
  const lesson = m1!.items[0] as Lesson;
  return {
    ...c,
    gating: { ...c.gating, ...(audioCompletes === undefined ? {} : { audioCompletes }) },
    modules: [{ ...m1!, items: [{ ...lesson, media: { ...lesson.media, audio: { path: audio, source: lesson.link } } }, ...m1!.items.slice(1)] }, ...rest],
  };
}

beforeAll(async () => {
  await ensurePlayerBundle();
  const media = await courseFolderWithVideo();
  const audio = 'media/narasi pembuka.m4a';
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=22050', '-t', '2', '-c:a', 'aac', '-b:a', '32k', path.join(media.dir, audio)]);
  const base = fixtureCourse({ video: media.video, captions: media.captions, gating: { sequential: false, allowSpeedUp: true } });
  course = withAudio(base, audio);
  server = await serveFolders(lmsMounts());
  const sites: [string, Course, boolean][] = [
    ['default', course, false],
    ['video-only', withAudio(base, audio, false), false],
    ['preview', course, true],
  ];
  for (const [name, c, debug] of sites) {
    const site = await renderSite(c, 'scorm2004', { courseDir: media.dir, debug });
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-integrity-')), name);
    await writeSite(site, dir);
    server.mount(`/${name}/`, dir);
    pages[name] = String(site.files.find((f) => f.path === 'index.html')!.data);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(name: string): Promise<{ page: Page; sco: Frame }> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/lms/lms2004.html?sco=/${name}/index.html`);
  return { page, sco: await scoFrame(page) };
}

async function playAudioThrough(sco: Frame): Promise<void> {
  await sco.click('[role=tab][data-tab="2"]');
  await sco.evaluate(async () => {
    const a = document.querySelector('audio')!;
    // preload="none": nothing is fetched before play.
    a.playbackRate = 2;
    await a.play();
    await new Promise((ok, fail) => {
      a.addEventListener('ended', ok, { once: true });
      setTimeout(() => fail(new Error(`audio did not end: ${a.currentTime}/${a.duration}`)), 30_000);
    });
  });
}

describe('integrity of the score', () => {
  it('keeps the answer key out of the page source and still scores right', async () => {
    const html = pages['default']!;
    const json = JSON.parse(/<script type="application\/json" id="ajar-course">([\s\S]*?)<\/script>/.exec(html)![1]!);
    // Weights, true/false answers, numbers, pairs: none of it is readable in "view source".
    for (const key of ['"weight"', '"answer"', '"answers"', '"answerOf"', 'Mengambil jalan tengah', 'Komitmen kebangsaan']) expect(html).not.toContain(key);
    expect(Object.keys(json.banks[0].questions[0]).sort()).toEqual(['id', 'sealed']);

    const { page, sco } = await open('default');
    expect(await sco.evaluate(() => 'ajar' in window)).toBe(false);
    await sco.click('[data-item="post-test"]');
    await sco.click('[data-start]');
    await answerQuiz(sco, course);
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score="100"]');
    const cmi = await page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi());
    const post = Object.values(cmi.interactions.childArray ?? cmi.interactions).filter((i: any) => String(i.id).startsWith('post-test.')) as any[];
    expect(post.map((i) => i.result)).toEqual(['correct', 'correct', 'correct', 'correct']);
    await page.close();
  });

  it('exposes the player to the console only in ajar preview', async () => {
    const { page, sco } = await open('preview');
    expect(await sco.evaluate(() => typeof (window as unknown as { ajar?: { go(i: number): void } }).ajar?.go)).toBe('function');
    await page.close();
  });

  it('counts the narration as the lesson by default and says so, and not when the course wants the video', async () => {
    let { page, sco } = await open('default');
    await sco.click('[data-item="pembuka"]');
    await playAudioThrough(sco);
    await sco.waitForFunction(() => document.querySelector('.watch')!.textContent!.startsWith('✓'));
    expect(await sco.textContent('.watch')).toBe('✓ Audio sudah didengarkan sampai selesai.');
    await page.close();

    ({ page, sco } = await open('video-only'));
    await sco.click('[data-item="pembuka"]');
    expect(await sco.textContent('.watch')).toBe('Tonton video sampai selesai untuk menyelesaikan materi ini.');
    await playAudioThrough(sco);
    await sco.waitForFunction(() => document.getElementById('ajar-live')!.textContent!.includes('Audio'));
    expect(await sco.textContent('#ajar-live')).toBe('Audio sudah didengarkan sampai selesai. Tonton video sampai selesai untuk menyelesaikan materi ini.');
    expect(await sco.textContent('.watch')).not.toContain('✓');
    await sco.click('button.link');
    expect(await sco.textContent('[data-item="pembuka"] .state')).toBe('Belum selesai');
    await page.close();
  });
});
