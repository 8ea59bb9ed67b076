// A full disk is named as such, and found before minutes of encoding where the output size is predictable:
// not "Invalid data found when processing input … export it again" after a two-minute encode.

import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOne } from '../../src/diagnostics/report.js';
import { estimateVideoBytes, isDiskFull } from '../../src/media/execute.js';
import { runMediaSources } from '../../src/media/run.js';
import { makeClip, tempCourse, testSettings } from './helpers.js';

let course: string;
const VIDEO = 'video/orientasi pegawai.mp4';
const AUDIO = 'audio/wawancara kepala biro.m4a';

beforeAll(async () => {
  course = await tempCourse();
  await makeClip(path.join(course, ...VIDEO.split('/')), { seconds: 4 });
});

afterAll(async () => {
  await rm(course, { recursive: true, force: true });
});

describe('a disk too small for the renditions', () => {
  it('is reported before encoding, naming the folder, the space needed and the space free', async () => {
    // A ladder whose output could not fit on any disk: the estimate alone must stop it.
    const settings = { ...testSettings, ladder: [{ height: 240, videoBitrate: 1e15 }] };
    const started = Date.now();
    const result = await runMediaSources([{ path: VIDEO, kind: 'video' }], settings, { courseDir: course });
    const full = result.diagnostics.find((d) => d.ruleId === 'media-disk-full');
    expect(full, JSON.stringify(result.diagnostics)).toBeDefined();
    const line = formatOne(full!, { lang: 'en', color: false });
    expect(line).toMatch(/Not enough disk space in “.*cache.*media”: this transcode needs about [\d.]+ [KMGTP]?B, [\d.]+ [KMGTP]?B is free\./);
    expect(line).not.toContain('Invalid data');
    expect(Date.now() - started).toBeLessThan(60_000); // generous for a loaded machine; an encode of this ladder would take far longer
    expect(result.index.has(VIDEO)).toBe(false);
    const cache = path.join(course, '.ajar', 'cache', 'media');
    expect((await readdir(cache)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('an audio file too large for the disk is reported before encoding too', async () => {
    await makeClip(path.join(course, ...AUDIO.split('/')), { video: false, seconds: 4 });
    const result = await runMediaSources([{ path: AUDIO, kind: 'audio' }], { ...testSettings, audioOnlyBitrate: 1e15 }, { courseDir: course });
    const full = result.diagnostics.find((d) => d.ruleId === 'media-disk-full');
    expect(full, JSON.stringify(result.diagnostics)).toMatchObject({ file: AUDIO, data: { needed: expect.any(Number), free: expect.any(Number) } });
    expect(formatOne(full!, { lang: 'id', color: false })).toMatch(/Ruang disk di “.*cache.*media” tidak cukup: transkode ini memerlukan sekitar [\d.]+ [KMGTP]?B, yang kosong [\d.]+ [KMGTP]?B\./);
    expect(result.index.has(AUDIO)).toBe(false);
  });

  it('ffmpeg’s “No space left on device” is recognised wherever it appears; the estimate covers HLS, MP4 and audio', () => {
    expect(isDiskFull('[hls @ 0x55d] Failed to write segment\nav_interleaved_write_frame(): No space left on device\nError writing trailer: No space left on device')).toBe(true);
    expect(isDiskFull('Invalid data found when processing input')).toBe(false);
    // 10 minutes of a 360p rung at 450 kb/s with 64 kb/s audio, plus 48 kb/s audio-only: about 80 MB.
    const bytes = estimateVideoBytes(600, [{ videoBitrate: 450_000 }], { audioBitrate: 64_000, audioOnlyBitrate: 48_000 });
    expect(bytes).toBeGreaterThan(75e6);
    expect(bytes).toBeLessThan(90e6);
  });
});
