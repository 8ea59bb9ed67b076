// When the LMS says no (scorm-again in Chromium): a refused Initialize — SCORM 2004 error 133 after the
// course frame reloads, or a transient refusal — is told to the learner in the course language, the
// progress stays (a copy in the tab, for the same learner) instead of a reset course, and the player
// retries until the LMS takes the session, then sends everything again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { fixtureCourse } from '../support/course-fixtures.js';
import { type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { scoFrame, startScormPlayers } from './helpers.js';

type Target = 'scorm12' | 'scorm2004';
let browser: LaunchedBrowser;
let server: ServedFolders;
const course = fixtureCourse({ gating: { sequential: false } });

let stopPlayers: (() => Promise<void>) | undefined;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ browser, server, close } = await startScormPlayers(course, 'refuses'));
  stopPlayers = close;
});

afterAll(async () => {
  await stopPlayers?.();
});

/** The LMS page; with `refuseFirst` its API refuses the first Initialize (error 101 in 1.2, 102 in 2004). */
async function open(target: Target, refuseFirst = false): Promise<{ page: Page; sco: Frame }> {
  const page = await browser.context.newPage();
  if (refuseFirst)
    await page.addInitScript((t) => {
      const name = t === 'scorm12' ? 'API' : 'API_1484_11';
      const [init, error] = t === 'scorm12' ? ['LMSInitialize', 'LMSGetLastError'] : ['Initialize', 'GetLastError'];
      let api: Record<string, (p?: string) => string> | undefined;
      Object.defineProperty(window, name, {
        configurable: true,
        get: () => api,
        set(v) {
          api = v;
          const realInit = v[init].bind(v);
          const realError = v[error].bind(v);
          let refused = 0;
          v[init] = (p: string) => (refused++ === 0 ? 'false' : realInit(p));
          v[error] = () => (refused === 1 ? (t === 'scorm12' ? '101' : '102') : realError());
        },
      });
    }, target);
  await page.goto(`${server.url}/lms/${target === 'scorm12' ? 'lms12' : 'lms2004'}.html?sco=/${target}/index.html`);
  return { page, sco: await scoFrame(page) };
}

const cmi = (page: Page) => page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi());

describe('when the LMS says no', () => {
  it('SCORM 2004: after a frame reload (Initialize refused, 104) the learner is told and keeps their place and progress', async () => {
    const { page, sco } = await open('scorm2004');
    await sco.click('[data-item="pembuka"]');
    await sco.click('[data-next]');
    await sco.click('[data-start]');
    await sco.click('[data-submit]');
    await sco.waitForSelector('[data-last-score]');
    const progress = await sco.textContent('#ajar-progress-label');
    expect(progress).not.toBe('Kemajuan 0%');

    await page.evaluate(() => (document.getElementById('sco') as HTMLIFrameElement).contentWindow!.location.reload());
    const again = await scoFrame(page);
    await again.waitForFunction(() => document.getElementById('ajar-lms')!.textContent!.length > 0);
    expect(await again.textContent('#ajar-lms')).toContain('LMS tidak menerima data kursus (kode 104)');
    expect(await again.getAttribute('main', 'data-view')).toBe('quiz');
    expect(await again.textContent('main h1')).toBe('Pre-test');
    expect(await again.textContent('#ajar-progress-label')).toBe(progress);
    await page.close();
  });

  it.each(['scorm12', 'scorm2004'] as const)('%s: a refused Initialize is retried, and once accepted everything reaches the LMS', async (target) => {
    const { page, sco } = await open(target, true);
    await sco.waitForFunction(() => document.getElementById('ajar-lms')!.textContent!.length > 0);
    expect(await sco.textContent('#ajar-lms')).toContain(`(kode ${target === 'scorm12' ? '101' : '102'})`);
    await sco.click('[data-item="wasathiyah"]');
    // The player tries again; the notice goes once the LMS has taken the session.
    await sco.waitForFunction(() => document.getElementById('ajar-lms')!.textContent === '', undefined, { timeout: 15_000 });
    const c = await cmi(page);
    const location = target === 'scorm12' ? c.core.lesson_location : c.location;
    expect(location).toBe('2');
    expect(c.suspend_data).toMatch(/^A3/);
    await page.close();
  });
});
