// The player without an LMS (standalone, progress in localStorage), the mastery rules for media when the
// course allows neither seeking nor speed-up, a quiz resumed mid-attempt, and the page's safety.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { answerQuiz, courseFolderWithVideo, playVideoThrough, writeSite } from './helpers.js';
import type { Course } from '../../src/core/model/course.js';

let browser: LaunchedBrowser;
let server: ServedFolders;
let strict: Course;
let relaxed: Course;
let english: Course;

beforeAll(async () => {
  await ensurePlayerBundle();
  const media = await courseFolderWithVideo();
  strict = fixtureCourse({ video: media.video, captions: media.captions });
  relaxed = { ...fixtureCourse({ video: media.video, captions: media.captions, gating: { allowSpeedUp: true, sequential: false }, postFeedback: 'immediate', postTimeLimit: 10 }), id: 'moderasi-bebas' };
  // An English course whose post-test has a 3-second limit.
  english = {
    ...fixtureCourse({ video: media.video, gating: { sequential: false, allowSeek: true }, postTimeLimit: 0.05 }),
    id: 'moderation-en',
    language: 'en',
    title: 'Religious Moderation',
  };
  server = await serveFolders({});
  for (const [name, course] of [['strict', strict], ['relaxed', relaxed], ['english', english]] as const) {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-site-')), name);
    await writeSite(await renderSite(course, 'standalone', { courseDir: media.dir }), dir);
    server.mount(`/${name}/`, dir);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(name: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${server.url}/${name}/index.html`);
  await page.waitForSelector('main[data-view]');
  return { page, problems };
}

const live = (page: Page) => page.waitForFunction(() => document.getElementById('ajar-live')!.textContent!.length > 0).then(() => page.textContent('#ajar-live'));

describe('standalone player', () => {
  it('refuses speed-up and seeking past the furthest point, and counts the video only when played through', async () => {
    const { page, problems } = await open('strict');
    expect(await page.textContent('.notice')).toContain('Tidak terhubung ke LMS');
    await page.click('[data-item="pembuka"]');
    await page.click('[role=tab][data-tab="1"]');
    const video = await page.waitForSelector('video');
    expect(await video.evaluate((v: HTMLVideoElement) => [...v.textTracks].map((t) => [t.language, t.mode]))).toEqual([['id', 'showing']]);
    // Nothing is fetched before play (preload="none"); the learner asks for the video's metadata here.
    await video.evaluate((v: HTMLVideoElement) => new Promise((ok) => {
      if (v.readyState >= 1) return ok(null);
      v.addEventListener('loadedmetadata', ok, { once: true });
      v.preload = 'metadata';
    }));

    await video.evaluate((v: HTMLVideoElement) => (v.playbackRate = 2));
    expect(await live(page)).toContain('Kecepatan putar tidak dapat dinaikkan');
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1);

    await page.evaluate(() => (document.getElementById('ajar-live')!.textContent = ''));
    await video.evaluate((v: HTMLVideoElement) => new Promise((ok, fail) => {
      v.addEventListener('seeked', ok, { once: true });
      setTimeout(() => fail(new Error(`no seeked: t=${v.currentTime}, seeking=${v.seeking}`)), 10_000);
      v.currentTime = v.duration - 0.1;
    }));
    expect(await live(page)).toContain('melompat');
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(1.5);
    expect(await page.textContent('.watch')).not.toContain('✓');

    // Played through at normal speed: now it counts, and the next module opens.
    await playVideoThrough(page.mainFrame(), 1);
    await page.waitForFunction(() => document.querySelector('.watch')!.textContent!.startsWith('✓'));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps progress on the device and resumes a quiz attempt with the same questions and answers', async () => {
    let { page, problems } = await open('relaxed');
    await page.click('[data-item="post-test"]');
    await page.click('[data-start]');
    expect(await page.textContent('.timer')).toMatch(/Sisa waktu: (10:00|09:5\d)/);
    const ids = await page.$$eval('section.q[data-question]', (e) => e.map((x) => x.getAttribute('data-question')!));
    // Answer everything, then check the first answer with immediate feedback.
    await answerQuiz(page.mainFrame(), relaxed);
    await page.click(`section.q[data-question="${ids[0]}"] button.check`);
    expect(await page.textContent(`section.q[data-question="${ids[0]}"] .verdict`)).toContain('Benar');
    const values = async () => page.$$eval('section.q input:checked, section.q input[type=text], section.q select', (els) => els.map((e) => (e as HTMLInputElement).value));
    const before = await values();
    await page.waitForTimeout(300);
    await page.reload(); // pagehide saves; the app reopens where the learner was
    await page.waitForSelector('main[data-view="quiz"]');
    expect(await page.$$eval('section.q[data-question]', (e) => e.map((x) => x.getAttribute('data-question')!))).toEqual(ids);
    expect(await values()).toEqual(before);
    expect(await page.isDisabled(`section.q[data-question="${ids[0]}"] button.check`)).toBe(true);
    await page.click('[data-submit]');
    await page.waitForSelector('[data-last-score="100"]');
    expect(problems).toEqual([]);

    // Only loopback requests, and nothing outside the site: no CDN, no fonts, no analytics.
    const foreign = server.requests.filter((p) => !/^\/(relaxed|strict|english)\//.test(p));
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('speaks English for an English course, does not count a video skipped to its end, and submits a quiz when its time runs out', async () => {
    const { page, problems } = await open('english');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('header')).toContain('Contents');
    expect(await page.textContent('.notice')).toContain('Not connected to an LMS');
    // Seeking is allowed here, but jumping to the end does not count as watching.
    await page.click('[data-item="pembuka"]');
    await page.click('[role=tab][data-tab="1"]');
    const video = await page.waitForSelector('video');
    await video.evaluate((v: HTMLVideoElement) => new Promise((ok, fail) => {
      const go = () => {
        v.muted = true;
        v.addEventListener('ended', ok, { once: true });
        setTimeout(() => fail(new Error(`no end: t=${v.currentTime}`)), 10_000);
        v.currentTime = v.duration - 0.3;
        void v.play();
      };
      if (v.readyState >= 1) go();
      else {
        v.addEventListener('loadedmetadata', go, { once: true });
        v.preload = 'metadata'; // nothing is fetched before play otherwise
      }
    }));
    // The lesson has a video and no audio: the message names only what can complete it.
    expect(await page.textContent('.watch')).toBe('Watch the video to the end to complete this lesson.');
    await page.click('button.link');
    await page.click('[data-item="post-test"]');
    expect(await page.textContent('main .facts')).toContain('Time limit: 0.05 minutes');
    await page.click('[data-start]');
    expect(await page.textContent('.timer')).toMatch(/Time left: 00:0[0-3]/);
    await page.waitForSelector('[data-last-score]', { timeout: 15_000 });
    expect(await live(page)).toContain('Time is up');
    expect(await page.textContent('.last')).toContain('Not passed');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ships a strict Content-Security-Policy and no inline script', async () => {
    const { page, problems } = await open('relaxed');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const inline = await page.$$eval('script:not([src])', (els) => els.map((e) => e.getAttribute('type')));
    expect(inline).toEqual(['application/json']);
    // Content that tries to run script is not executed (the data block is not code).
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.body.append(s);
      return (window as unknown as { __pwned?: number }).__pwned;
    });
    expect(ran).toBeUndefined();
    expect(problems.filter((p) => !/Content Security Policy/.test(p))).toEqual([]);
    await page.close();
  });
});
