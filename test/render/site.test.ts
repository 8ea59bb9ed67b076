// renderSite: the files a package carries for the learner, from the Course model and the media index.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PLAYER_DIR, planPlayerData, renderSite, siteRenderer } from '../../src/render/index.js';
import { launchPage } from '../../src/render/page.js';
import { mapQuestions, sealQuestion } from '../../src/core/seal.js';
import { worstCaseStateChars } from '../../src/core/state.js';
import type { PlayerData, PlayerLesson } from '../../src/core/player-data.js';
import type { MediaEntry, MediaIndex } from '../../src/core/model/media.js';
import type { Site } from '../../src/render/site.js';
import { loadCourse } from '../../src/load/index.js';
import { mediaObjectKey } from '../../src/publish/index.js';
import { S3Target } from '../../src/publish/targets/s3.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { projectRoot } from '../support/chromium.js';

const text = (site: Site, p: string) => {
  const f = site.files.find((x) => x.path === p);
  if (!f) throw new Error(`${p} not in site`);
  return typeof f.data === 'string' ? f.data : Buffer.from(f.data).toString('utf8');
};
const dataOf = (site: Site): PlayerData => {
  const html = text(site, 'index.html');
  const json = /<script type="application\/json" id="ajar-course">([\s\S]*?)<\/script>/.exec(html)![1]!;
  return JSON.parse(json) as PlayerData;
};
const lesson = (d: PlayerData, id: string) => d.modules.flatMap((m) => m.items).find((i) => i.id === id) as PlayerLesson;

let renditionsDir: string;
let index: MediaIndex;
const VIDEO = 'media/video pembuka.mp4';

beforeAll(async () => {
  await ensurePlayerBundle();
  renditionsDir = await mkdtemp(path.join(os.tmpdir(), 'ajar-renditions-'));
  const files = ['v240.mp4', 'v360.mp4', 'v480.mp4', 'v720.mp4', 'hls/master.m3u8', 'hls/240/seg1.m4s', 'poster.jpg', 'captions.id.vtt'];
  for (const f of files) {
    await mkdir(path.dirname(path.join(renditionsDir, f)), { recursive: true });
    await writeFile(path.join(renditionsDir, f), `bytes of ${f}`);
  }
  const entry: MediaEntry = {
    source: VIDEO,
    key: 'abc123',
    dir: renditionsDir,
    durationSeconds: 184.5,
    renditions: [
      { kind: 'mp4', path: 'v480.mp4', bytes: 10, height: 480, bitrate: 900_000, contentType: 'video/mp4' },
      { kind: 'mp4', path: 'v240.mp4', bytes: 10, height: 240, bitrate: 250_000, contentType: 'video/mp4' },
      { kind: 'mp4', path: 'v720.mp4', bytes: 10, height: 720, bitrate: 1_700_000, contentType: 'video/mp4' },
      { kind: 'mp4', path: 'v360.mp4', bytes: 10, height: 360, bitrate: 500_000, contentType: 'video/mp4' },
      { kind: 'hls-master', path: 'hls/master.m3u8', bytes: 10, contentType: 'application/vnd.apple.mpegurl' },
      { kind: 'segment', path: 'hls/240/seg1.m4s', bytes: 10, contentType: 'video/iso.segment' },
      { kind: 'poster', path: 'poster.jpg', bytes: 10, contentType: 'image/jpeg' },
      { kind: 'captions', path: 'captions.id.vtt', bytes: 10, lang: 'id', contentType: 'text/vtt' },
    ],
  };
  index = new Map([[VIDEO, entry]]);
});

describe('renderSite', () => {
  const course = fixtureCourse({ video: VIDEO });

  it('embeds the lowest and the 360p MP4 rungs, poster and captions under media/, smallest first, without HLS', async () => {
    const site = await renderSite(course, 'scorm12', { media: index });
    const v = lesson(dataOf(site), 'pembuka').video!;
    expect(v.sources.map((s) => [s.src, s.height, s.bitrate])).toEqual([
      ['media/abc123/v240.mp4', 240, 250_000],
      ['media/abc123/v360.mp4', 360, 500_000],
    ]);
    expect(v.hls).toBeUndefined();
    expect(v.poster).toBe('media/abc123/poster.jpg');
    expect(v.captions).toEqual([{ src: 'media/abc123/captions.id.vtt', lang: 'id', label: 'Bahasa Indonesia' }]);
    expect(v.duration).toBe(184.5);
    const paths = site.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(['ajar/player.css', 'ajar/player.js', 'index.html', 'media/abc123/captions.id.vtt', 'media/abc123/poster.jpg', 'media/abc123/v240.mp4', 'media/abc123/v360.mp4']);
    expect(text(site, 'media/abc123/v240.mp4')).toBe('bytes of v240.mp4');
    expect(site.launch).toBe('index.html');
  });

  it('embeds the rungs build.embed_rungs names (the lowest always), or all of them', async () => {
    const heights = async (embedRungs: readonly number[] | 'all') =>
      lesson(dataOf(await renderSite(course, 'scorm12', { media: index, embedRungs })), 'pembuka').video!.sources.map((s) => s.height);
    expect(await heights([480])).toEqual([240, 480]);
    // 600 is no rung: the highest at or below it.
    expect(await heights([600])).toEqual([240, 480]);
    expect(await heights([120])).toEqual([240]);
    expect(await heights('all')).toEqual([240, 360, 480, 720]);
  });

  it('points at external media (with HLS) when a media base URL is given, and allows only that origin', async () => {
    const site = await renderSite(course, 'scorm2004', { media: index, mediaBaseUrl: 'https://media.bpsdm.example.go.id/kursus/' });
    const v = lesson(dataOf(site), 'pembuka').video!;
    expect(v.sources[0]!.src).toBe('https://media.bpsdm.example.go.id/kursus/abc123/v240.mp4');
    // Hosted media keep every rung: a rung costs only the learner who plays it.
    expect(v.sources.map((s) => s.height)).toEqual([240, 360, 480, 720]);
    expect(v.hls).toBe('https://media.bpsdm.example.go.id/kursus/abc123/hls/master.m3u8');
    expect(site.files.some((f) => f.path.startsWith('media/'))).toBe(false);
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(text(site, 'index.html'))![1]!;
    expect(csp).toContain("media-src 'self' blob: https://media.bpsdm.example.go.id");
    expect(csp).toContain("connect-src 'self' https://media.bpsdm.example.go.id");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('with media_base_url set to where publish uploads media (docs/publishing.md), every media URL is an object publish sends', async () => {
    const target = new S3Target({ name: 'cdn', config: { type: 's3', bucket: 'kursus-asn', prefix: 'pelatihan', publicUrl: 'https://media.bpsdm.example.go.id/' } });
    const site = await renderSite(course, 'cmi5', { media: index, mediaBaseUrl: target.urlOf(`pelatihan/${course.id}/media`) });
    const v = lesson(dataOf(site), 'pembuka').video!;
    const published = (rendition: string) => target.urlOf(mediaObjectKey('pelatihan', course.id, 'abc123', rendition));
    expect(v.sources.map((s) => s.src)).toEqual([published('v240.mp4'), published('v360.mp4'), published('v480.mp4'), published('v720.mp4')]);
    expect(v.hls).toBe(published('hls/master.m3u8'));
    expect(v.poster).toBe(published('poster.jpg'));
    expect(v.captions?.map((c) => c.src)).toEqual([published('captions.id.vtt')]);
  });

  it('copies a video without renditions and its captions as they are (paths with spaces kept, URLs encoded)', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-course-')), 'kursus uji');
    await mkdir(path.join(dir, 'media'), { recursive: true });
    await writeFile(path.join(dir, VIDEO), 'video');
    await writeFile(path.join(dir, 'media/video pembuka.id.vtt'), 'WEBVTT\n');
    const c = fixtureCourse({ video: VIDEO, captions: 'media/video pembuka.id.vtt' });
    const site = await renderSite(c, 'scorm2004', { courseDir: dir });
    const v = lesson(dataOf(site), 'pembuka').video!;
    expect(v.sources).toEqual([{ src: 'media/source/media/video%20pembuka.mp4', type: 'video/mp4' }]);
    expect(v.captions[0]!.src).toBe('media/source/media/video%20pembuka.id.vtt');
    expect(text(site, 'media/source/media/video pembuka.mp4')).toBe('video');
  });

  it('is deterministic: the same course gives the same files, byte for byte', async () => {
    const a = await renderSite(course, 'scorm12', { media: index });
    const b = await renderSite(fixtureCourse({ video: VIDEO }), 'scorm12', { media: new Map(index) });
    expect(b.files.map((f) => f.path)).toEqual(a.files.map((f) => f.path));
    for (const [i, f] of a.files.entries()) expect(Buffer.from(b.files[i]!.data).equals(Buffer.from(f.data))).toBe(true);
  });

  it('reports the worst-case state for the target: free texts only where they fit (not SCORM 1.2)', async () => {
    const s12 = await renderSite(course, 'scorm12', {});
    const s04 = await renderSite(course, 'scorm2004', {});
    expect(s12.maxStateChars).toBe(worstCaseStateChars(course, { keepTexts: false }));
    expect(s04.maxStateChars).toBe(worstCaseStateChars(course, { keepTexts: true }));
    expect(s04.maxStateChars).toBeGreaterThan(s12.maxStateChars + 2000); // the 2,000-character RTL
    expect(dataOf(s12)).toMatchObject({ target: 'scorm12', keepTexts: false, stateLimit: 4096, language: 'id' });
    // Source positions are authoring detail: they stay out of what learners download.
    expect(text(s12, 'index.html')).not.toContain('"source"');
    expect(text(s12, 'index.html')).not.toMatch(/<\/script>[\s\S]*<\/script>[\s\S]*<\/script>[\s\S]*<\/script>/);
  });

  it('renders the example course with every file its pages refer to', async () => {
    const dir = path.join(projectRoot, 'examples/moderasi-beragama');
    const loaded = await loadCourse(dir, {});
    expect(loaded.course).toBeDefined();
    const site = await renderSite(loaded.course!, 'scorm2004', { courseDir: dir });
    const paths = new Set(site.files.map((f) => f.path));
    const data = dataOf(site);
    const refs: string[] = [];
    for (const item of data.modules.flatMap((m) => m.items)) {
      if (item.kind !== 'lesson') continue;
      for (const m of item.html.matchAll(/src="([^"]+)"/g)) refs.push(decodeURI(m[1]!));
      if (item.video) refs.push(...item.video.sources.map((s) => decodeURI(s.src)), ...item.video.captions.map((c) => decodeURI(c.src)));
      if (item.audio) refs.push(decodeURI(item.audio.src));
      if (item.slides) refs.push(decodeURI(item.slides));
    }
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(paths.has(r), r).toBe(true);
    expect(site.maxStateChars).toBeLessThanOrEqual(64000);
  });

  it('renders each format of a build from what they share: every file byte for byte as that format alone, the page as from its whole data', async () => {
    // The example course: lessons with media and images, quizzes drawing from banks, an assignment.
    const dir = path.join(projectRoot, 'examples/moderasi-beragama');
    const loaded = await loadCourse(dir, {});
    const c = loaded.course!;
    const options = { courseDir: dir, commitEveryMs: 30_000, mediaBaseUrl: 'https://media.bpsdm.example.go.id/kursus' };
    const renderer = siteRenderer(c, options);
    for (const target of ['scorm12', 'scorm2004', 'cmi5', 'xapi'] as const) {
      const shared = await renderer.site(target);
      const alone = await renderSite(c, target, options);
      expect(shared.files.map((f) => f.path)).toEqual(alone.files.map((f) => f.path));
      for (const [i, f] of alone.files.entries()) expect(Buffer.from(shared.files[i]!.data).equals(Buffer.from(f.data)), f.path).toBe(true);
      expect(shared.maxStateChars).toBe(alone.maxStateChars);
      expect(shared.learner).toEqual(alone.learner);
      // The page is the one made from this target's whole player data, sealed, in one JSON.stringify.
      const whole = mapQuestions(planPlayerData(c, target, options).data, sealQuestion);
      expect(text(shared, 'index.html')).toBe(launchPage(whole, { mediaBaseUrl: options.mediaBaseUrl, assetPrefix: `${PLAYER_DIR}/` }));
      expect(dataOf(shared).target).toBe(target);
      expect(dataOf(shared).commitEveryMs).toBe(target.startsWith('scorm') ? 30_000 : undefined);
    }
  });
});
