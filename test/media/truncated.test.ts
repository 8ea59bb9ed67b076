// A source video cut short (an interrupted copy, a half-finished upload) is read by ffmpeg up to the cut:
// it prints "partial file" and exits 0 with half a video. The media stage must refuse it, not ship it.

import { rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMediaSources } from '../../src/media/run.js';
import { makeClip, tempCourse, testSettings } from './helpers.js';

let course: string;
const VIDEO = 'video/ceramah terpotong.mp4';

beforeAll(async () => {
  course = await tempCourse();
  const file = path.join(course, ...VIDEO.split('/'));
  // moov at the front (as exported for the web): a cut file still probes with its full duration.
  await makeClip(file, { seconds: 10, extra: ['-movflags', '+faststart'] });
  await truncate(file, Math.floor((await stat(file)).size * 0.5));
});

afterAll(async () => {
  await rm(course, { recursive: true, force: true });
});

describe('a truncated source video', () => {
  it('is refused with media-source-truncated (how much of it could be read), and no entry is made', async () => {
    const result = await runMediaSources([{ path: VIDEO, kind: 'video' }], testSettings, { courseDir: course });
    const cut = result.diagnostics.find((d) => d.ruleId === 'media-source-truncated');
    expect(cut, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(cut).toMatchObject({ severity: 'error', file: VIDEO });
    expect(Number(cut!.data!.duration)).toBeCloseTo(10, 0);
    expect(Number(cut!.data!.seconds)).toBeLessThan(8);
    expect(result.index.has(VIDEO)).toBe(false);
  });
});
