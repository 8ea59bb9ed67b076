// The bundled example course (examples/moderasi-beragama, read by the real loader) in the player:
// every item opens, every quiz can be taken, nothing fails in the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderSite } from '../../src/render/index.js';
import { loadCourse } from '../../src/load/index.js';
import { launchChromium, projectRoot, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { writeSite } from './helpers.js';
import type { Course } from '../../src/core/model/course.js';

let browser: LaunchedBrowser;
let server: ServedFolders;
let course: Course;

beforeAll(async () => {
  await ensurePlayerBundle();
  const dir = path.join(projectRoot, 'examples/moderasi-beragama');
  const loaded = await loadCourse(dir, {});
  // Gating off so a walk can visit every item in one pass (gating itself is tested in scorm.test.ts).
  course = { ...loaded.course!, gating: { ...loaded.course!.gating, sequential: false } };
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-example-')), 'site');
  await writeSite(await renderSite(course, 'standalone', { courseDir: dir }), out);
  server = await serveFolders({ '/site/': out });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('example course in the player', () => {
  it('opens every item of the outline and takes every quiz without a page error', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text()); // CSP violations are reported here
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}/site/index.html`);
    await page.waitForSelector('main[data-view="outline"]');
    const ids = await page.$$eval('[data-item]', (els) => els.map((e) => e.getAttribute('data-item')!));
    const items = course.modules.flatMap((m) => m.items);
    expect(ids).toEqual(items.map((i) => i.id));
    for (const item of items) {
      await page.click('button.link');
      await page.click(`[data-item="${item.id}"]`);
      await page.waitForSelector(`main[data-view="${item.kind}"]`);
      expect(await page.textContent('main h1')).toBe(item.title);
      if (item.kind === 'quiz') {
        await page.click('[data-start]');
        await page.waitForSelector('[data-submit]');
        await page.click('[data-submit]');
        await page.waitForSelector('[data-last-score]');
      }
      if (item.kind === 'lesson') {
        for (const tab of await page.$$('[role=tab]')) await tab.click();
      }
    }
    await page.click('button.link');
    await page.click('text=Hasil belajar');
    await page.waitForSelector('main[data-view="results"]');
    expect(problems).toEqual([]);
    await page.close();
  });
});
