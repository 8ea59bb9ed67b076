// Which rendition a learner gets first: the smallest on a slow or data-saving connection, else the
// smallest at or above 360p; the quality menu says "Otomatis" (the player may step between rungs while
// playing, test/player/adaptive.test.ts). Real Chromium; the connection is what the browser reports to the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderSite } from '../../src/render/index.js';
import type { MediaEntry } from '../../src/core/model/media.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { writeSite } from './helpers.js';

const VIDEO = 'media/video pembuka.mp4';
let browser: LaunchedBrowser;
let server: ServedFolders;

beforeAll(async () => {
  await ensurePlayerBundle();
  const renditions = await mkdtemp(path.join(os.tmpdir(), 'ajar-rendisi-'));
  for (const f of ['v240.mp4', 'v360.mp4', 'v720.mp4']) {
    await mkdir(renditions, { recursive: true });
    await writeFile(path.join(renditions, f), `bytes of ${f}`);
  }
  const entry: MediaEntry = {
    source: VIDEO,
    key: 'k1',
    dir: renditions,
    renditions: [240, 360, 720].map((height) => ({ kind: 'mp4' as const, path: `v${height}.mp4`, bytes: 12, height, contentType: 'video/mp4' })),
  };
  const course = fixtureCourse({ video: VIDEO, gating: { sequential: false } });
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-site-')), 'site');
  // Every rung in the site (build.embed_rungs: all), so the menu shows them all.
  await writeSite(await renderSite(course, 'standalone', { media: new Map([[VIDEO, entry]]), embedRungs: 'all' }), dir);
  server = await serveFolders({});
  server.mount('/site/', dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function firstRendition(connection?: { effectiveType?: string; saveData?: boolean }): Promise<string> {
  const page = await browser.context.newPage();
  // Every case starts as a new learner: no saved place to resume at.
  await page.addInitScript(() => localStorage.clear());
  if (connection) {
    await page.addInitScript((c) => Object.defineProperty(navigator, 'connection', { value: c, configurable: true }), connection);
  }
  await page.goto(`${server.url}/site/index.html`);
  await page.click('[data-item="pembuka"]');
  await page.click('[role=tab][data-tab="1"]');
  const src = await page.$eval('video', (v) => (v as HTMLVideoElement).getAttribute('src') ?? '');
  const choice = await page.$eval('.quality select', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
  const menu = await page.$$eval('.quality select option', (o) => o.map((x) => x.textContent).join('|'));
  await page.close();
  return `${path.posix.basename(src)} ${choice} [${menu.split('|').slice(1).join(' ')}]`;
}

describe('the first video rendition', () => {
  it('is 360p on an ordinary connection, with the others in the quality menu', async () => {
    expect(await firstRendition({ effectiveType: '4g' })).toBe('v360.mp4 Otomatis (360p) [240p 360p 720p]');
  });

  it('is the smallest on a 3G or slower link, and when the learner saves data', async () => {
    expect(await firstRendition({ effectiveType: '3g' })).toBe('v240.mp4 Otomatis (240p) [240p 360p 720p]');
    expect(await firstRendition({ effectiveType: '4g', saveData: true })).toBe('v240.mp4 Otomatis (240p) [240p 360p 720p]');
  });
});
