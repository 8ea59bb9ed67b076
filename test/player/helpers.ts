// Helpers for player tests: a course folder with real media (made by ffmpeg), a rendered site on disk,
// and learner actions driven in the SCO frame.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import type { Site } from '../../src/render/site.js';
import type { Course } from '../../src/core/model/course.js';
import type { Question } from '../../src/core/model/questions.js';
import { renderSite } from '../../src/render/index.js';
import { launchChromium, lmsMounts, serveFolders, type LaunchedBrowser, type ServedFolders } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';

const run = promisify(execFile);

/** A course folder (with a space in its name) holding a 3-second H.264/AAC video and Indonesian captions. */
export async function courseFolderWithVideo(): Promise<{ dir: string; video: string; captions: string }> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-player-')), 'kursus uji');
  const video = 'media/video pembuka.mp4';
  const captions = 'media/video pembuka.id.vtt';
  await mkdir(path.join(dir, 'media'), { recursive: true });
  await run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=10',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050',
    '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '10', '-c:a', 'aac', '-b:a', '32k', '-shortest',
    '-movflags', '+faststart', path.join(dir, video),
  ]);
  await writeFile(path.join(dir, captions), 'WEBVTT\n\n00:00.000 --> 00:03.000\nSelamat datang di pelatihan moderasi beragama.\n');
  return { dir, video, captions };
}

export async function writeSite(site: Site, dir: string): Promise<string> {
  for (const f of site.files) {
    const target = path.join(dir, ...f.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.data);
  }
  return path.join(dir, site.launch);
}

export async function scoFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#sco');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no SCO frame');
  await frame.waitForSelector('main[data-view]');
  return frame;
}

/** Plays the current lesson's video through at the given rate (only where the course allows it). */
export async function playVideoThrough(frame: Frame, rate: number): Promise<void> {
  await frame.click('[role=tab][data-tab="1"]');
  await frame.waitForSelector('video');
  await frame.evaluate(async (r) => {
    const v = document.querySelector('video')!;
    v.muted = true;
    // preload="none": nothing is fetched before play.
    v.playbackRate = r;
    await v.play();
    await new Promise((ok, fail) => {
      v.addEventListener('ended', ok, { once: true });
      // A stalled medium must fail the test with a reason, not hang it; a busy CI machine plays
      // slower than real time, so the limit is several times the playing time.
      const limit = ((v.duration / r) * 4 + 20) * 1000;
      setTimeout(() => fail(new Error(`video did not end: t=${v.currentTime} of ${v.duration}, paused=${v.paused}, rate=${v.playbackRate}, ready=${v.readyState}, net=${v.networkState}`)), limit);
    });
  }, rate);
}

export function questionById(course: Course, id: string): Question {
  const all = [...course.banks.flatMap((b) => b.questions), ...course.modules.flatMap((m) => m.items).flatMap((i) => (i.kind === 'quiz' ? i.settings.questions : []))];
  const q = all.find((x) => x.id === id);
  if (!q) throw new Error(`unknown question ${id}`);
  return q;
}

/** Answers every question of the open attempt: correctly, except the ids listed in `wrong`. */
export async function answerQuiz(frame: Frame, course: Course, wrong: ReadonlySet<string> = new Set()): Promise<string[]> {
  const ids = await frame.$$eval('section.q[data-question]', (els) => els.map((e) => e.getAttribute('data-question')!));
  for (const id of ids) {
    const q = questionById(course, id);
    const sel = `section.q[data-question="${id}"]`;
    const bad = wrong.has(id);
    switch (q.type) {
      case 'single': {
        const i = q.choices.findIndex((c) => (bad ? c.weight <= 0 : c.weight >= 1));
        await frame.check(`${sel} input[value="${i}"]`);
        break;
      }
      case 'multiple':
        for (const [i, c] of q.choices.entries()) if (bad ? c.weight < 0 : c.weight > 0) await frame.check(`${sel} input[value="${i}"]`);
        break;
      case 'truefalse':
        await frame.check(`${sel} input[value="${q.answer !== bad ? 1 : 0}"]`);
        break;
      case 'short':
        await frame.fill(`${sel} input[type=text]`, bad ? 'Bandung' : `  ${q.answers[0]!.text.toUpperCase()} `);
        break;
      case 'numerical':
        await frame.fill(`${sel} input[type=text]`, bad ? '7' : String(q.answers[0]!.value).replace('.', ','));
        break;
      case 'matching': {
        const selects = await frame.$$(`${sel} select`);
        for (const [pi, p] of q.pairs.entries()) {
          const target = bad ? q.targets.find((t) => t.id !== q.answerOf[p.id])! : q.targets.find((t) => t.id === q.answerOf[p.id])!;
          await selects[pi]!.selectOption(String(q.targets.indexOf(target)));
        }
        break;
      }
      case 'essay':
        await frame.fill(`${sel} textarea`, 'Kami mengadakan doa bersama lintas agama setiap peringatan hari besar nasional.');
        break;
      default:
        break;
    }
  }
  return ids;
}

/**
 * The course rendered for SCORM 1.2 and 2004, each served at `/<target>/` beside the scorm-again LMS
 * pages, and a headless Chromium to play them: the set-up of every SCORM browser test.
 */
export async function startScormPlayers(course: Course, name: string): Promise<{ browser: LaunchedBrowser; server: ServedFolders; close(): Promise<void> }> {
  await ensurePlayerBundle();
  const server = await serveFolders(lmsMounts());
  for (const target of ['scorm12', 'scorm2004'] as const) {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), `ajar-${name}-`)), target);
    await writeSite(await renderSite(course, target, {}), dir);
    server.mount(`/${target}/`, dir);
  }
  const browser = await launchChromium();
  return {
    browser,
    server,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
