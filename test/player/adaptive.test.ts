// Bytes a learner pays for (issue 16): the player fetches nothing before play, starts at the lowest rung on a
// data-saving link, measures the real throughput while playing and steps between the MP4 rungs — down on a
// slow server, up on a fast one — keeping the playhead and the course's no-skip, no-speed-up rules.
// Real Chromium against a loopback server that can pace its responses (the "slow link" is the server's, so
// the triggers do not depend on this machine's speed: 50 KB/s is far below the 360p rung's ~940 kbit/s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { renderSite } from '../../src/render/index.js';
import type { MediaEntry } from '../../src/core/model/media.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { launchChromium, serveStatic, type LaunchedBrowser } from '../support/chromium.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { writeSite } from './helpers.js';

const run = promisify(execFile);
const VIDEO = 'media/ceramah moderasi.mp4';
const SECONDS = 40;

let browser: LaunchedBrowser;
let server: http.Server;
let base = '';
/** Bytes per second for MP4 responses; 0: as fast as the loopback goes. */
let pace = 0;
const requests: string[] = [];

/** A constant-bitrate rung (filler keeps x264 at the rate), so bitrates and pacing are predictable. */
async function rung(dir: string, height: number, kbps: number): Promise<{ file: string; bytes: number }> {
  const width = Math.round((height * 16) / 9 / 2) * 2;
  const file = `${height}p.mp4`;
  await run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=15`,
    '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=22050',
    '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30',
    '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-x264-params', 'nal-hrd=cbr',
    '-c:a', 'aac', '-b:a', '32k', '-shortest', '-movflags', '+faststart', path.join(dir, file),
  ]);
  return { file, bytes: (await stat(path.join(dir, file))).size };
}

/** An MP4 byte range written at `pace` bytes per second, in 10 chunks a second. */
function paced(req: http.IncomingMessage, res: http.ServerResponse, file: string): void {
  const size = statSync(file).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  const start = range?.[1] ? Number(range[1]) : 0;
  const end = range?.[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
  res.writeHead(range ? 206 : 200, {
    'content-type': 'video/mp4',
    'content-length': end - start + 1,
    'accept-ranges': 'bytes',
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  const stream = createReadStream(file, { start, end, highWaterMark: Math.max(1024, Math.round(pace / 10)) });
  stream.on('data', (chunk) => {
    stream.pause();
    res.write(chunk, () => setTimeout(() => stream.resume(), 100));
  });
  stream.on('end', () => res.end());
  res.on('close', () => stream.destroy());
}

beforeAll(async () => {
  await ensurePlayerBundle();
  const renditions = await mkdtemp(path.join(os.tmpdir(), 'ajar-abr-'));
  await mkdir(renditions, { recursive: true });
  const [low, high] = await Promise.all([rung(renditions, 240, 150), rung(renditions, 360, 900)]);
  await run('ffmpeg', ['-v', 'error', '-y', '-i', path.join(renditions, low.file), '-frames:v', '1', path.join(renditions, 'poster.jpg')]);
  const entry: MediaEntry = {
    source: VIDEO,
    key: 'k1',
    dir: renditions,
    durationSeconds: SECONDS,
    renditions: [
      { kind: 'mp4', path: low.file, bytes: low.bytes, height: 240, bitrate: Math.round((low.bytes * 8) / SECONDS), contentType: 'video/mp4' },
      { kind: 'mp4', path: high.file, bytes: high.bytes, height: 360, bitrate: Math.round((high.bytes * 8) / SECONDS), contentType: 'video/mp4' },
      { kind: 'poster', path: 'poster.jpg', bytes: (await stat(path.join(renditions, 'poster.jpg'))).size, contentType: 'image/jpeg' },
    ],
  };
  // Seeking ahead and speeding up are forbidden (the course rule); sequential gating off to open the lesson directly.
  const course = fixtureCourse({ video: VIDEO, gating: { sequential: false, allowSeek: false, allowSpeedUp: false } });
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-abr-site-')), 'site');
  await writeSite(await renderSite(course, 'standalone', { media: new Map([[VIDEO, entry]]) }), dir);
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rel = decodeURIComponent(url.pathname.replace(/^\/site\//, ''));
    requests.push(rel);
    if (pace > 0 && rel.endsWith('.mp4')) return paced(req, res, path.join(dir, rel));
    serveStatic(req, res, dir, rel);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
});

/** A new learner on a link the browser describes as `connection`, the lesson's Video tab open (not played). */
async function openVideo(connection: { effectiveType?: string; saveData?: boolean } | null): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript(() => localStorage.clear());
  if (connection) await page.addInitScript((c) => Object.defineProperty(navigator, 'connection', { value: c, configurable: true }), connection);
  await page.goto(`${base}/site/index.html`);
  await page.click('[data-item="pembuka"]');
  // What the Video tab fetches is counted from the moment the learner opens it.
  requests.length = 0;
  await page.click('[role=tab][data-tab="1"]');
  await page.waitForSelector('video');
  return page;
}

const rungOf = (page: Page) => page.$eval('video', (v) => `${(v as HTMLVideoElement).dataset.rung}p ${new URL((v as HTMLVideoElement).src).pathname.split('/').pop()}`);
const play = (page: Page) =>
  page.$eval('video', (v) => {
    const video = v as HTMLVideoElement;
    video.muted = true;
    void video.play();
  });

describe('adaptive video on costly links', () => {
  it('fetches nothing of the video before play, starts at the lowest rung when the learner saves data, and stays there', async () => {
    pace = 0;
    const page = await openVideo({ effectiveType: '4g', saveData: true });
    await page.waitForTimeout(1500);
    // No video bytes, no poster: only the captions (a few hundred bytes, shown by default) may come.
    expect(requests.filter((r) => !r.endsWith('.vtt'))).toEqual([]);
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    expect(await page.$eval('.quality select', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('Otomatis (240p)');

    await play(page);
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 2, undefined, { timeout: 30_000 });
    expect(requests.filter((r) => r.endsWith('.mp4')).every((r) => r.endsWith('240p.mp4'))).toBe(true);
    // A fast server does not tempt a data-saving learner up: still 240p after several seconds.
    await page.waitForTimeout(8000);
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    expect(requests.some((r) => r.endsWith('360p.mp4'))).toBe(false);
    await page.close();
  });

  it('starts at the lowest rung, without a poster, when the browser says nothing about the link (Firefox, Safari)', async () => {
    pace = 0;
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      localStorage.clear();
      Object.defineProperty(Navigator.prototype, 'connection', { get: () => undefined, configurable: true });
    });
    await page.goto(`${base}/site/index.html`);
    await page.click('[data-item="pembuka"]');
    requests.length = 0;
    await page.click('[role=tab][data-tab="1"]');
    await page.waitForTimeout(1000);
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    expect(await page.$eval('video', (v) => (v as HTMLVideoElement).poster)).toBe('');
    expect(requests.filter((r) => !r.endsWith('.vtt'))).toEqual([]);
    await page.close();
  });

  it('steps down when the server cannot keep up with the rung, and keeps the playhead', async () => {
    pace = 50_000; // 400 kbit/s: the 240p rung fits, the 360p rung (~940 kbit/s) does not
    const page = await openVideo({ effectiveType: '4g' });
    expect(await rungOf(page)).toBe('360p 360p.mp4');
    // A link reported fast gets the poster (one small image) before play, still no video bytes.
    await page.waitForTimeout(1000);
    expect(requests.filter((r) => /\.(mp4|m4a)$/.test(r))).toEqual([]);
    expect(requests.filter((r) => r.endsWith('poster.jpg'))).toHaveLength(1);
    requests.length = 0;
    await play(page);
    await page.waitForFunction(() => document.querySelector('video')!.dataset.rung === '240', undefined, { timeout: 45_000 });
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    expect(await page.$eval('.quality select', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('Otomatis (240p)');
    // It goes on playing from where it was, on the rung the link can carry.
    const at = await page.$eval('video', (v) => (v as HTMLVideoElement).currentTime);
    await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t + 1.5, at, { timeout: 30_000 });
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    // Its measurement is remembered on this device for the next video (once the 240p rung has been
    // fetched for a while: a step-down after a stall can come before any measurement).
    await page.waitForFunction(() => localStorage.getItem('ajar-link') !== null, undefined, { timeout: 30_000 });
    const link = await page.evaluate(() => JSON.parse(localStorage.getItem('ajar-link') ?? 'null') as { bps: number } | null);
    expect(link?.bps).toBeGreaterThan(100_000);
    expect(link?.bps).toBeLessThan(900_000);
    // … so the next time the Video tab opens on this device, it starts at the rung the link carried,
    // although the browser still calls the link 4g.
    await page.click('[role=tab][data-tab="0"]');
    await page.click('[role=tab][data-tab="1"]');
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    await page.close();
  });

  it('steps up on a fast server from the lowest rung of a slow-reported link, and still refuses skipping ahead and speeding up', async () => {
    pace = 0;
    const page = await openVideo({ effectiveType: '3g' });
    expect(await rungOf(page)).toBe('240p 240p.mp4');
    // The playhead when the player switches: the last time seen while the lowest rung played.
    await page.$eval('video', (v) => {
      const video = v as HTMLVideoElement;
      video.addEventListener('timeupdate', () => {
        if (video.dataset.rung === '240') (window as unknown as { atSwitch: number }).atSwitch = video.currentTime;
      });
    });
    await play(page);
    await page.waitForFunction(() => document.querySelector('video')!.dataset.rung === '360', undefined, { timeout: 45_000 });
    const atSwitch = await page.evaluate(() => (window as unknown as { atSwitch: number }).atSwitch);
    expect(atSwitch).toBeGreaterThan(3); // it played the lowest rung for a while first (6 s hold)
    // The new rung plays on from the playhead, not from the start.
    await page.waitForFunction(() => !document.querySelector('video')!.paused && document.querySelector('video')!.readyState >= 3, undefined, { timeout: 30_000 });
    const after = await page.$eval('video', (v) => (v as HTMLVideoElement).currentTime);
    expect(after).toBeGreaterThanOrEqual(atSwitch - 0.5);
    expect(await rungOf(page)).toBe('360p 360p.mp4');

    // The course forbids seeking ahead: after the switch a jump to the end is still pulled back.
    await page.evaluate(() => (document.getElementById('ajar-live')!.textContent = ''));
    const reached = await page.$eval('video', (v) => (v as HTMLVideoElement).currentTime);
    await page.$eval('video', (v) => ((v as HTMLVideoElement).currentTime = (v as HTMLVideoElement).duration - 1));
    await page.waitForFunction(() => document.getElementById('ajar-live')!.textContent!.includes('melompat'), undefined, { timeout: 10_000 });
    await page.waitForFunction(() => !document.querySelector('video')!.seeking, undefined, { timeout: 10_000 });
    expect(await page.$eval('video', (v) => (v as HTMLVideoElement).currentTime)).toBeLessThan(reached + 2);
    // … and speeding up.
    await page.$eval('video', (v) => ((v as HTMLVideoElement).playbackRate = 2));
    await page.waitForFunction(() => document.getElementById('ajar-live')!.textContent!.includes('Kecepatan'), undefined, { timeout: 10_000 });
    expect(await page.$eval('video', (v) => (v as HTMLVideoElement).playbackRate)).toBe(1);
    expect(await page.textContent('.watch')).not.toContain('✓');
    await page.close();
  });

  it('lets the learner pick a rung, which then stays (no automatic switching)', async () => {
    pace = 0;
    const page = await openVideo({ effectiveType: '3g' });
    await page.selectOption('.quality select', '1');
    // Picking before play fetches nothing yet.
    requests.length = 0;
    await page.waitForTimeout(500);
    expect(requests.filter((r) => r.endsWith('.mp4'))).toEqual([]);
    await play(page);
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 1, undefined, { timeout: 30_000 });
    expect(await rungOf(page)).toBe('360p 360p.mp4');
    expect(requests.filter((r) => r.endsWith('.mp4')).every((r) => r.endsWith('360p.mp4'))).toBe(true);
    await page.close();
  });
});
