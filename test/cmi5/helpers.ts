// Helpers for playing a course in the preview LMS (headless Chromium): open the shell, drive the
// learner, leave the course, and read what the LRS stored.

import type { Frame, Page } from 'playwright-core';
import validate from '@learninglocker/xapi-validation';
import type { LaunchedBrowser } from '../support/chromium.js';
import type { PreviewServer } from '../../src/preview/server.js';
import type { Course } from '../../src/core/model/course.js';
import { answerQuiz } from '../player/helpers.js';

type Obj = Record<string, any>;

export async function openPreview(
  browser: LaunchedBrowser,
  server: PreviewServer,
  mode: string,
  launch = 'Normal',
  before?: (page: Page) => Promise<unknown>,
): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.context.newPage();
  await before?.(page);
  await page.goto(`${new URL(server.url).origin}/?mode=${mode}&launch=${launch}`);
  const frame = await courseFrame(page);
  return { page, frame };
}

export async function courseFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#course');
  for (let i = 0; i < 100; i++) {
    const frame = await handle.contentFrame();
    if (frame && frame.url().includes('/course/')) {
      await frame.waitForSelector('main[data-view]');
      return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the course did not load');
}

export async function until<T>(what: string, get: () => T | undefined | false, seconds = 30): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const v = get();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const verbOf = (s: Obj) => String(s.verb.id).split('/').pop()!;
export const sessionOf = (s: Obj) => s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] as string | undefined;

/** Statements the LRS stored for the current registration. */
export const stored = (server: PreviewServer): Obj[] => server.lrs.current() as Obj[];

/** Closes the tab as a learner would (pagehide → terminate) and waits for the terminated statement. */
export async function leave(page: Page, server: PreviewServer, verb = 'terminated'): Promise<void> {
  const before = stored(server).filter((s) => verbOf(s) === verb).length;
  await page.close({ runBeforeUnload: true });
  await until(`a ${verb} statement`, () => stored(server).filter((s) => verbOf(s) === verb).length > before);
}

export async function visit(frame: Frame, itemId: string): Promise<void> {
  if ((await frame.getAttribute('main', 'data-view')) !== 'outline') await frame.click('header button.link');
  await frame.click(`[data-item="${itemId}"]`);
  await frame.waitForSelector('main[data-view]:not([data-view="outline"])');
}

/** Starts an attempt of the open quiz and submits it: all correct, or with nothing answered. */
export async function takeQuiz(frame: Frame, course: Course, how: 'correct' | 'blank'): Promise<string> {
  await frame.click('[data-start]');
  await frame.waitForSelector('section.q[data-question]');
  if (how === 'correct') await answerQuiz(frame, course);
  await frame.click('[data-submit]');
  await frame.waitForSelector('[data-last-score]');
  return (await frame.getAttribute('[data-last-score]', 'data-last-score'))!;
}

/** Every statement passes @learninglocker/xapi-validation; returns the problems found. */
export function invalid(statements: readonly Obj[]): string[] {
  // The package is CommonJS with an `exports.default`: take whichever form the loader hands over.
  const mod = validate as unknown as { default?: (s: unknown) => { path: string[]; message: string }[] };
  const check = (mod.default ?? validate) as unknown as (s: unknown) => { path: string[]; message: string }[];
  return statements.flatMap((s) => check(s).map((w) => `${verbOf(s)} ${w.path.join('.')}: ${w.message}`));
}

export function itemIds(course: Course): string[] {
  return course.modules.flatMap((m) => m.items.map((i) => i.id));
}
