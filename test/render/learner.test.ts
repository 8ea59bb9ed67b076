// What a learner downloads to complete a course on the lowest settings (src/render/learner.ts): the launch
// page, the player, the cheapest medium that completes each lesson, and the images a learner must see.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderSite } from '../../src/render/index.js';
import { learnerDownload } from '../../src/render/learner.js';
import type { Course, Item } from '../../src/core/model/course.js';
import type { MediaEntry, MediaIndex } from '../../src/core/model/media.js';
import type { PlayerData } from '../../src/core/player-data.js';
import type { Site } from '../../src/render/site.js';
import { fixtureCourse } from '../support/course-fixtures.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';

const VIDEO = 'media/ceramah pembuka.mp4';
const AUDIO = 'media/narasi pembuka.mp3';
const IMAGE = 'gambar/peta indonesia.png';
let courseDir: string;
let media: MediaIndex;

function entry(source: string, key: string, renditions: MediaEntry['renditions']): MediaEntry {
  return { source, key, dir: path.join(courseDir, '.renditions', key), renditions };
}

beforeAll(async () => {
  await ensurePlayerBundle();
  courseDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-biaya-')), 'kursus');
  const files: Record<string, number> = {
    [IMAGE]: 2_000,
    '.renditions/v/240p.mp4': 100_000,
    '.renditions/v/360p.mp4': 180_000,
    '.renditions/v/720p.mp4': 700_000,
    '.renditions/v/poster.jpg': 9_000,
    '.renditions/v/captions.vtt': 400,
    '.renditions/a/audio.m4a': 30_000,
  };
  for (const [f, n] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(courseDir, f)), { recursive: true });
    await writeFile(path.join(courseDir, f), Buffer.alloc(n, 1));
  }
  media = new Map([
    [
      VIDEO,
      entry(VIDEO, 'v', [
        { kind: 'mp4', path: '720p.mp4', bytes: 700_000, height: 720, bitrate: 1_700_000, contentType: 'video/mp4' },
        { kind: 'mp4', path: '240p.mp4', bytes: 100_000, height: 240, bitrate: 240_000, contentType: 'video/mp4' },
        { kind: 'mp4', path: '360p.mp4', bytes: 180_000, height: 360, bitrate: 430_000, contentType: 'video/mp4' },
        { kind: 'poster', path: 'poster.jpg', bytes: 9_000, contentType: 'image/jpeg' },
        { kind: 'captions', path: 'captions.vtt', bytes: 400, lang: 'id', contentType: 'text/vtt' },
      ]),
    ],
    [AUDIO, entry(AUDIO, 'a', [{ kind: 'audio', path: 'audio.m4a', bytes: 30_000, contentType: 'audio/mp4' }])],
  ]);
});

/** The fixture course with narration beside the video and an image in the reading-only lesson. */
function course(audioCompletes?: false): Course {
  const c = fixtureCourse({ video: VIDEO, ...(audioCompletes === false ? { gating: { audioCompletes: false } } : {}) });
  const modules = c.modules.map((m) => ({
    ...m,
    items: m.items.map((it): Item => {
      if (it.kind === 'lesson' && it.id === 'pembuka') return { ...it, media: { ...it.media, audio: { path: AUDIO, source: it.link } } };
      if (it.kind === 'lesson' && it.id === 'wasathiyah') return { ...it, html: `${it.html}<p><img src="${encodeURI(IMAGE)}" alt="Peta Indonesia"></p>`, assets: [IMAGE] };
      return it;
    }),
  }));
  return { ...c, modules };
}

const size = (site: Site, p: string) => {
  const d = site.files.find((f) => f.path === p)!.data;
  return typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength;
};

describe('what a learner downloads on the lowest settings', () => {
  it('counts the page, the player, the narration where it completes the lesson, and the images of lessons read', async () => {
    const site = await renderSite(course(), 'scorm2004', { media, courseDir });
    const l = site.learner!;
    expect(l.pages).toBe(size(site, 'index.html'));
    expect(l.player).toBe(size(site, 'ajar/player.js') + size(site, 'ajar/player.css'));
    // The 30 KB narration, not the 100 KB lowest video rung; no poster.
    expect(l.media).toBe(30_000);
    expect(l.images).toBe(2_000);
    expect(l.lessons).toEqual({ audio: 1, video: 0, reading: 1 });
    expect(l.bytes).toBe(l.pages + l.player + 30_000 + 2_000);
    expect(l.unknown).toBe(0);
  });

  it('counts the lowest video rung and its captions when the course wants the video watched', async () => {
    const site = await renderSite(course(false), 'scorm2004', { media, courseDir });
    expect(site.learner!.media).toBe(100_000 + 400);
    expect(site.learner!.lessons).toEqual({ audio: 0, video: 1, reading: 1 });
  });

  it('is the same for media hosted outside the package (sizes from the media stage)', async () => {
    const inside = await renderSite(course(false), 'scorm2004', { media, courseDir });
    const outside = await renderSite(course(false), 'scorm2004', { media, courseDir, mediaBaseUrl: 'https://media.bpsdm.example.go.id/kursus' });
    expect(outside.learner!.media).toBe(inside.learner!.media);
    expect(outside.learner!.unknown).toBe(0);
  });

  it('takes the smallest candidate of a responsive image, each image once', () => {
    const sizes: Record<string, number> = { 'g/peta.png': 9_000, 'g/peta.webp': 3_000, 'g/peta.avif': 2_000, 'g/logo.png': 500 };
    const html =
      '<picture><source type="image/avif" srcset="g/peta.avif 1x"><source type="image/webp" srcset="g/peta.webp 1x"><img src="g/peta.png" alt="Peta"></picture>' +
      '<p><img src="g/logo.png" alt="Logo"> <img src="g/logo.png" alt="Logo lagi"></p>' +
      // An image from elsewhere: its size is unknown, counted as 0 and reported.
      '<p><img src="https://kemenag.example.go.id/peta.png" alt="Peta dari situs lain"></p>';
    const data = {
      gating: {},
      banks: [],
      modules: [{ items: [{ kind: 'lesson', id: 'baca', title: 'Bacaan', dir: 'auto', html }] }],
    } as unknown as PlayerData;
    const l = learnerDownload(data, { page: 1_000, player: 80_000 }, (u) => sizes[u]);
    expect([l.images, l.bytes, l.unknown]).toEqual([2_500, 83_500, 1]);
  });
});
