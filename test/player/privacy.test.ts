// Shared computers (office, internet café): what one learner writes is never shown to, or left readable
// for, the next learner on the same browser profile. SCORM 1.2 keeps drafts on the device keyed by the
// learner id and deletes them once submitted; SCORM 2004 keeps texts in the LMS and nothing on the device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { fixtureCourse } from '../support/course-fixtures.js';
import { projectRoot, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { scoFrame, startScormPlayers } from './helpers.js';

type Target = 'scorm12' | 'scorm2004';
let browser: LaunchedBrowser;
let server: ServedFolders;
const course = fixtureCourse({ gating: { sequential: false } });

let stopPlayers: (() => Promise<void>) | undefined;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ browser, server, close } = await startScormPlayers(course, 'privacy'));
  stopPlayers = close;
});

afterAll(async () => {
  await stopPlayers?.();
});

/** The LMS page of the test support, launched for a given learner (NIP) — a new LMS session each time. */
async function openAs(target: Target, learnerId: string, preload?: unknown): Promise<{ page: Page; sco: Frame }> {
  const page = await browser.context.newPage();
  const file = target === 'scorm12' ? 'lms12.html' : 'lms2004.html';
  const html = (await readFile(path.join(projectRoot, 'test/support/lms', file), 'utf8')).replace("'u1'", JSON.stringify(learnerId));
  await page.route((url) => url.pathname === `/lms/${file}`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  if (preload) await page.addInitScript((p) => ((window as unknown as { __preload: unknown }).__preload = p), preload);
  await page.goto(`${server.url}/lms/${file}?sco=/${target}/index.html`);
  return { page, sco: await scoFrame(page) };
}

const storage = (sco: Frame) =>
  sco.evaluate(() => Object.fromEntries(Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)!).map((k) => [k, localStorage.getItem(k)!])));

async function openRtl(sco: Frame): Promise<void> {
  if (await sco.$('main[data-view="assignment"]')) return; // resumed where the learner left
  await sco.click('[data-item="rtl"]');
  await sco.waitForSelector('main[data-view="assignment"]');
}

const secret = 'RAHASIA: atasan saya, Pak Hendra, menolak cuti hari raya rekan beragama lain; saya akan melapor ke inspektorat.';

describe('written answers on a shared computer', () => {
  it('SCORM 1.2: a draft stays with its learner, older unkeyed copies are removed, and a submitted text leaves the device', async () => {
    // A copy an older player left behind, without a learner id.
    let s = await openAs('scorm12', '199001012015031001');
    await s.sco.evaluate((id) => localStorage.setItem(`ajar-text:${id}:rtl`, 'RAHASIA lama dari versi sebelumnya'), course.id);
    await s.page.close();

    const rina = '199001012015031001';
    s = await openAs('scorm12', rina);
    await openRtl(s.sco);
    await s.sco.fill('textarea', secret);
    await s.sco.waitForTimeout(1200); // the draft is saved after a pause in typing
    const draftSuspend: string = (await s.page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi())).suspend_data;
    await s.page.close({ runBeforeUnload: true });

    // The next learner on the same browser profile sees an empty text box, and no older copy is left.
    const budi = '198505052010121002';
    s = await openAs('scorm12', budi);
    await openRtl(s.sco);
    expect(await s.sco.inputValue('textarea')).toBe('');
    const seen = await storage(s.sco);
    expect(Object.values(seen).join('\n')).not.toContain('RAHASIA lama');
    // Rina's draft is kept only under her id (1.2 has no room for it in the LMS until she submits).
    expect(Object.keys(seen).filter((k) => seen[k]!.includes('RAHASIA')).every((k) => k.includes(rina))).toBe(true);
    await s.page.close();

    // Rina comes back: her draft is there; once submitted, nothing of it stays in the browser.
    s = await openAs('scorm12', rina, { suspend_data: draftSuspend });
    await openRtl(s.sco);
    expect(await s.sco.inputValue('textarea')).toBe(secret);
    await s.sco.click('button.primary');
    await s.sco.waitForFunction(() => document.querySelector('.ok')!.textContent!.length > 0);
    const cmi = await s.page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi());
    const rtl = Object.values(cmi.interactions.childArray ?? cmi.interactions).find((i: any) => i.id === 'rtl') as any;
    expect(rtl.student_response).toBe(secret.slice(0, 255));
    expect(Object.values(await storage(s.sco)).join('\n')).not.toContain('RAHASIA');
    await s.page.close();
  });

  it('SCORM 2004: texts live in the LMS, none on the device, and the next learner sees nothing', async () => {
    const secret = 'PRIBADI: saya pernah menolak melayani pemohon karena pakaiannya; saya ingin berubah mulai bulan ini.';
    const rina = '199001012015031001';
    let s = await openAs('scorm2004', rina);
    await openRtl(s.sco);
    await s.sco.fill('textarea', secret);
    await s.sco.waitForTimeout(1200);
    await s.sco.click('button.link'); // leaving the item keeps the draft in the suspend data
    const suspend: string = (await s.page.evaluate(() => (window as unknown as { __cmi(): any }).__cmi())).suspend_data;
    expect(suspend).toContain(secret);
    expect(Object.values(await storage(s.sco)).join('\n')).not.toContain('PRIBADI');
    await s.page.close({ runBeforeUnload: true });

    s = await openAs('scorm2004', '198505052010121002');
    await openRtl(s.sco);
    expect(await s.sco.inputValue('textarea')).toBe('');
    await s.page.close();

    s = await openAs('scorm2004', rina, { suspend_data: suspend });
    await openRtl(s.sco);
    expect(await s.sco.inputValue('textarea')).toBe(secret);
    await s.page.close();
  });
});
