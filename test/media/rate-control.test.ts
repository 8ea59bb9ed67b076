// Bytes per learner (issue 16): capped-quality rungs, speech-tuned mono audio, and no rendition larger than
// its source — a source that is already small is remuxed into its own-size rung, not encoded again.

import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/diagnostics/catalog.js';
import { mediaConfigSchema, mediaDefaults, mediaSettingsFrom } from '../../src/media/config-schema.js';
import { planTranscodes } from '../../src/media/plan.js';
import { runMediaSources, type RunMediaResult } from '../../src/media/run.js';
import { ffmpeg, ffprobeJson, keyframeTimes, loudnessOf, tempCourse, testSettings } from './helpers.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/moderasi-beragama/media');
const SMALL = 'media/Video Pengertian Moderasi.mp4';
const SMALL_AUDIO = 'media/audio-pengertian.mp3';
const BUSY = 'video/kunjungan lapangan.mp4';
// A small screen recording with one keyframe at the start (a recorder with an endless GOP).
const ONE_KEY = 'video/rekaman layar.mp4';

let course: string;
let result: RunMediaResult;

const at = (p: string) => path.join(course, ...p.split('/'));
const entry = (source: string) => {
  const e = result.index.get(source);
  if (!e) throw new Error(`no entry for ${source}: ${JSON.stringify(result.diagnostics)}`);
  return e;
};
/** Bytes a learner downloads for one rung: its HLS init and segments. */
const variantBytes = async (source: string, rung: string) => {
  const dir = path.join(entry(source).dir, rung);
  let sum = 0;
  for (const n of await readdir(dir)) if (!n.endsWith('.m3u8')) sum += (await stat(path.join(dir, n))).size;
  return sum;
};
/** ffmpeg's hash of a file's video packets: equal hashes mean the very same compressed stream. */
const videoHash = (file: string) =>
  new Promise<string>((resolve, reject) =>
    execFile('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'streamhash', '-hash', 'md5', '-'], (e, stdout) => (e ? reject(e) : resolve(stdout.trim()))),
  );

beforeAll(async () => {
  course = await tempCourse();
  await mkdir(at('media'), { recursive: true });
  await mkdir(at('video'), { recursive: true });
  // The example course's own lecture clip (640×360 H.264 High at 9 kb/s with 64 kb/s stereo AAC, 187 KB)
  // and its 32 kb/s mono MP3: ajar used to make them larger (360p 320 KB, 240p 275 KB, audio 37 → 54 KB).
  await copyFile(path.join(EXAMPLE, 'Video Pengertian Moderasi.mp4'), at(SMALL));
  await copyFile(path.join(EXAMPLE, 'audio-pengertian.mp3'), at(SMALL_AUDIO));
  // A busy 360p master at a studio bitrate (grainy moving picture, loud stereo sound): every rung must be encoded, within its cap.
  await ffmpeg(
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=8,noise=alls=20:allf=t',
    '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:duration=8:sample_rate=48000:seed=11',
    '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=8',
    '-filter_complex', '[1:a][2:a]amerge=inputs=2[a]', '-map', '0:v', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', at(BUSY),
  );
  await ffmpeg(
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=14',
    '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=14',
    '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '60k', '-maxrate', '80k', '-bufsize', '160k',
    '-g', '1000', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', at(ONE_KEY),
  );
  result = await runMediaSources(
    [{ path: SMALL, kind: 'video' }, { path: SMALL_AUDIO, kind: 'audio' }, { path: BUSY, kind: 'video' }, { path: ONE_KEY, kind: 'video' }],
    testSettings,
    { courseDir: course },
  );
});

afterAll(async () => {
  if (course) await rm(course, { recursive: true, force: true });
});

describe('a source that is already small', () => {
  it('gets no rendition larger than itself', async () => {
    const source = (await stat(at(SMALL))).size;
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const e = entry(SMALL);
    for (const r of e.renditions.filter((x) => x.kind === 'mp4' || x.kind === 'audio')) expect(r.bytes, r.path).toBeLessThanOrEqual(source);
    for (const v of e.renditions.filter((x) => x.kind === 'hls-variant')) expect(await variantBytes(SMALL, path.posix.dirname(v.path)), v.path).toBeLessThanOrEqual(source);
    const audioSource = (await stat(at(SMALL_AUDIO))).size;
    const audio = entry(SMALL_AUDIO).renditions.find((r) => r.kind === 'audio')!;
    expect(audio.bytes).toBeLessThanOrEqual(audioSource);
  });

  it('is remuxed into its own-size rung: the very same H.264 stream, not encoded again, with the MP4 index first', async () => {
    const e = entry(SMALL);
    const mp4 = path.join(e.dir, '360p.mp4');
    expect(await videoHash(mp4)).toBe(await videoHash(at(SMALL)));
    const probe = await ffprobeJson(mp4, '-show_streams');
    const video = probe.streams.find((s: any) => s.codec_type === 'video');
    expect([video.codec_name, video.profile, video.width, video.height]).toEqual(['h264', 'High', 640, 360]);
    const bytes = await readFile(mp4);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    // The master playlist still names the copied stream's codec, as players check it before loading.
    const master = await readFile(path.join(e.dir, 'master.m3u8'), 'utf8');
    expect(master).toMatch(/RESOLUTION=640x360,CODECS="avc1\.6400[0-9a-f]{2},mp4a\.40\.2"/);
  });

  it('is cut into the same HLS segments as the encoded rung, one target duration for every variant (RFC 8216 §6.2.4)', async () => {
    const e = entry(SMALL);
    const [low, own] = await Promise.all(['240p', '360p'].map((r) => readFile(path.join(e.dir, r, 'index.m3u8'), 'utf8')));
    const target = (p: string) => /#EXT-X-TARGETDURATION:(\d+)/.exec(p)![1];
    const cuts = (p: string) => [...p.matchAll(/#EXTINF:([0-9.]+)/g)].map((m) => Number(m[1]).toFixed(2));
    // The source's keyframes (0, 9.56, 14.32 s) decide where the copy is cut; the 240p rung follows them.
    expect(cuts(own)).toEqual(['9.56', '4.76', '4.76']);
    expect(cuts(low)).toEqual(cuts(own));
    expect(target(low)).toBe(target(own));
    expect(await keyframeTimes(path.join(e.dir, '240p.mp4'))).toEqual(await keyframeTimes(path.join(e.dir, '360p.mp4')));
  });

  it('keeps the loudness normalisation: the audio in the copied rung is encoded (mono, −16 LUFS), only the video is copied', async () => {
    const probe = await ffprobeJson(path.join(entry(SMALL).dir, '360p.mp4'), '-show_streams');
    const audio = probe.streams.find((s: any) => s.codec_type === 'audio');
    expect([audio.codec_name, audio.channels]).toEqual(['aac', 1]);
    const { integrated } = await loudnessOf(path.join(entry(SMALL).dir, '360p.mp4'));
    expect(Math.abs(integrated - -16)).toBeLessThanOrEqual(1);
  });
});

describe('a small source with a keyframe only at its start', () => {
  it('is encoded, not copied: one 14 s segment would be longer than twice the segment length; every rung has 6 s segments', async () => {
    const e = entry(ONE_KEY);
    expect(result.diagnostics.filter((d) => d.file === ONE_KEY)).toEqual([]);
    expect(await videoHash(path.join(e.dir, '360p.mp4'))).not.toBe(await videoHash(at(ONE_KEY)));
    for (const rung of ['240p', '360p']) {
      const playlist = await readFile(path.join(e.dir, rung, 'index.m3u8'), 'utf8');
      expect(playlist, rung).toContain('#EXT-X-TARGETDURATION:6');
      expect([...playlist.matchAll(/#EXTINF:([0-9.]+)/g)].map((m) => Math.round(Number(m[1]))), rung).toEqual([6, 6, 2]);
    }
  });
});

describe('a busy, high-bitrate source', () => {
  it('has its lowest rung within the rung’s cap (video cap + speech audio, plus one buffer of slack over a short clip)', async () => {
    const e = entry(BUSY);
    const lowest = e.renditions.find((r) => r.kind === 'hls-variant' && r.height === 240)!;
    expect(lowest).toBeDefined();
    const rung = mediaDefaults.ladder[0]!;
    const seconds = e.durationSeconds!;
    const bitsPerSecond = ((await variantBytes(BUSY, '240p')) * 8) / seconds;
    // The VBV buffer (2 × cap) may be spent once on top of the cap; containers add a few percent.
    const allowed = (rung.videoBitrate + (2 * rung.videoBitrate) / seconds + rung.audioBitrate!) * 1.1;
    expect(bitsPerSecond).toBeLessThanOrEqual(allowed);
    // It is really encoded (a busy picture needs most of its cap), not a copy of the 360p master.
    expect(bitsPerSecond).toBeGreaterThan(rung.videoBitrate * 0.5);
    const source = (await stat(at(BUSY))).size;
    for (const r of e.renditions.filter((x) => x.kind === 'mp4' || x.kind === 'audio')) expect(r.bytes).toBeLessThan(source);
  });

  it('makes a speech-tuned audio-only rendition: mono AAC-LC in M4A at about 32 kbit/s (≤ 3 MB per 10 minutes)', async () => {
    const audio = entry(BUSY).renditions.find((r) => r.kind === 'audio')!;
    const probe = await ffprobeJson(path.join(entry(BUSY).dir, audio.path), '-show_streams');
    expect(probe.streams.map((s: any) => [s.codec_type, s.codec_name, s.profile, s.channels])).toEqual([['audio', 'aac', 'LC', 1]]);
    expect(audio.bitrate!).toBeGreaterThan(20_000);
    expect((audio.bitrate! * 600) / 8).toBeLessThanOrEqual(3e6);
    // The stereo master's rungs carry mono speech audio too.
    const rung = await ffprobeJson(path.join(entry(BUSY).dir, '360p.mp4'), '-show_streams');
    expect(rung.streams.find((s: any) => s.codec_type === 'audio').channels).toBe(1);
  });
});

describe('settings', () => {
  const validate = new Ajv({ strict: false }).compile(mediaConfigSchema);

  it('keeps an ajar.yaml from before capped quality working: bitrate becomes the cap, audio_bitrate applies to every rung', () => {
    const old = { ladder: [{ height: 240, bitrate: '230k' }, { height: 360, bitrate: '450k' }], audio_bitrate: '64k', audio_only_bitrate: '48k' };
    expect(validate(old)).toBe(true);
    const s = mediaSettingsFrom(old);
    expect([s.rateControl, s.ladder, s.audioBitrate, s.audioOnlyBitrate]).toEqual(['quality', [{ height: 240, videoBitrate: 230_000 }, { height: 360, videoBitrate: 450_000 }], 64_000, 48_000]);
    // A ladder-wide audio_bitrate with the default ladder: no default rung keeps its own audio bitrate.
    expect(mediaSettingsFrom({ audio_bitrate: '64k' }).ladder.map((r) => r.audioBitrate)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('accepts the new keys: rate_control, a rung’s crf and audio_bitrate, audio_channels', () => {
    const yaml = { rate_control: 'bitrate', audio_channels: 2, ladder: [{ height: 240, bitrate: '150k', crf: 30, audio_bitrate: '24k' }] };
    expect(validate(yaml)).toBe(true);
    const s = mediaSettingsFrom(yaml);
    expect([s.rateControl, s.audioChannels, s.ladder]).toEqual(['bitrate', 2, [{ height: 240, videoBitrate: 150_000, crf: 30, audioBitrate: 24_000 }]]);
    expect(validate({ rate_control: 'cbr' })).toBe(false);
    expect(validate({ ladder: [{ height: 240, bitrate: '150k', crf: 60 }] })).toBe(false);
  });

  it('puts the rate-control settings in the cache key, so entries made with other settings are not reused', () => {
    const sources = [{ path: 'video/a.mp4', kind: 'video' as const }];
    const digest = (s: typeof mediaDefaults) => planTranscodes(sources, s)[0]!.settingsDigest;
    const base = digest(mediaDefaults);
    const variants = [
      { ...mediaDefaults, rateControl: 'bitrate' as const },
      { ...mediaDefaults, audioChannels: 2 as const },
      { ...mediaDefaults, ladder: mediaDefaults.ladder.map((r, i) => (i === 0 ? { ...r, crf: 30 } : r)) },
      { ...mediaDefaults, ladder: mediaDefaults.ladder.map((r, i) => (i === 0 ? { ...r, audioBitrate: 24_000 } : r)) },
    ];
    const digests = variants.map(digest);
    expect(digests.every((d) => d !== base)).toBe(true);
    expect(new Set(digests).size).toBe(variants.length);
  });
});
