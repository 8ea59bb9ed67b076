// Accessibility in the real browser: axe-core on the outline, a lesson and a quiz (no serious or
// critical violation), and a quiz completed with the keyboard alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, lmsMounts, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { courseFolderWithVideo, questionById, writeSite } from './helpers.js';
import type { Course } from '../../src/core/model/course.js';

let browser: LaunchedBrowser;
let server: ServedFolders;
let course: Course;

beforeAll(async () => {
  await ensurePlayerBundle();
  const media = await courseFolderWithVideo();
  course = fixtureCourse({ video: media.video, captions: media.captions, gating: { sequential: false }, postFeedback: 'immediate', postTimeLimit: 15 });
  server = await serveFolders({ '/axe/': lmsMounts()['/axe/']! });
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-site-')), 'site');
  await writeSite(await renderSite(course, 'scorm2004', { courseDir: media.dir }), dir);
  server.mount('/site/', dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

/** axe-core from the same origin ('self' in the page's CSP allows it), run on the whole document. */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: '/axe/axe.min.js' });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as AxeResult;
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function tabTo(page: Page, test: (el: Element) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${test.toString()})(document.activeElement)`)) return;
  }
  throw new Error(`keyboard focus never reached ${what}`);
}

describe('accessibility', () => {
  it('axe reports no serious or critical violation on the outline, lessons, a quiz, an assignment and the results', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/site/index.html`);
    await page.waitForSelector('main[data-view="outline"]');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await axe(page)).toEqual([]);

    await page.click('[data-item="pembuka"]');
    await page.click('[role=tab][data-tab="1"]');
    await page.waitForSelector('video track[kind=captions]', { state: 'attached' });
    expect(await axe(page)).toEqual([]);
    await page.click('[role=tab][data-tab="0"]');
    expect(await axe(page)).toEqual([]);

    await page.click('button.link');
    await page.click('[data-item="latihan"]');
    await page.click('[data-start]');
    await page.waitForSelector('section.q');
    expect(await axe(page)).toEqual([]);

    await page.click('button.link');
    await page.click('[data-item="wasathiyah"]');
    expect(await page.getAttribute('.prose p:nth-child(2)', 'dir')).toBe('auto');
    expect(await axe(page)).toEqual([]);

    // The assignment with its error message showing, and the results page.
    await page.click('button.link');
    await page.click('[data-item="rtl"]');
    await page.click('button.primary');
    await page.waitForSelector('textarea[aria-invalid="true"]');
    expect(await axe(page)).toEqual([]);
    await page.click('button.link');
    await page.click('text=Hasil belajar');
    await page.waitForSelector('main[data-view="results"]');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('completes the post-test with the keyboard alone', async () => {
    const page = await browser.context.newPage();
    // A fresh learner on this device: the first test left progress in this origin's localStorage.
    await page.goto(`${server.url}/axe/axe.min.js`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${server.url}/site/index.html`);
    await page.waitForSelector('main[data-view="outline"]');
    await tabTo(page, (el) => el.getAttribute('data-item') === 'post-test', 'the post-test in the outline');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-view="quiz"]');
    await tabTo(page, (el) => el.hasAttribute('data-start'), 'the start button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('section.q');
    // Focus moves to the attempt's heading, so a screen reader starts at the top of the questions.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.textContent('.timer')).toContain('Sisa waktu');

    const ids = await page.$$eval('section.q[data-question]', (e) => e.map((x) => x.getAttribute('data-question')!));
    for (const id of ids) {
      const q = questionById(course, id);
      const inQ = `el.closest('section.q')?.getAttribute('data-question') === ${JSON.stringify(id)}`;
      const focusIn = (extra: string) => new Function('el', `return ${inQ} && ${extra};`) as (el: Element) => boolean;
      switch (q.type) {
        case 'single':
        case 'truefalse': {
          const want = q.type === 'single' ? String(q.choices.findIndex((c) => c.weight >= 1)) : q.type === 'truefalse' && q.answer ? '1' : '0';
          await tabTo(page, focusIn(`el.type === 'radio'`), `a radio of ${id}`);
          for (let i = 0; i < 6 && (await page.evaluate(() => (document.activeElement as HTMLInputElement).value)) !== want; i++) await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Space');
          break;
        }
        case 'multiple':
          for (const [i, c] of q.choices.entries())
            if (c.weight > 0) {
              await tabTo(page, focusIn(`el.type === 'checkbox' && el.value === '${i}'`), `option ${i} of ${id}`);
              await page.keyboard.press('Space');
            }
          break;
        case 'short':
        case 'numerical':
          await tabTo(page, focusIn(`el.type === 'text'`), `the answer field of ${id}`);
          await page.keyboard.type(q.type === 'short' ? q.answers[0]!.text : '4');
          break;
        case 'matching':
          for (const [pi, p] of q.pairs.entries()) {
            const want = String(q.targets.findIndex((t) => t.id === q.answerOf[p.id]));
            await tabTo(page, focusIn(`el.tagName === 'SELECT' && [...el.closest('section').querySelectorAll('select')].indexOf(el) === ${pi}`), `list ${pi} of ${id}`);
            for (let i = 0; i < 6 && (await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)) !== want; i++) await page.keyboard.press('ArrowDown');
          }
          break;
        default:
          throw new Error(`unexpected ${q.type} in the post-test`);
      }
    }
    await tabTo(page, (el) => el.hasAttribute('data-submit'), 'the submit button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-last-score="100"]');
    expect(await page.textContent('.last')).toContain('Lulus');
    await page.close();
  });
});
