// The whole media stage against real ffmpeg on a small course: good files come out as a keyframe-aligned,
// never-upscaled, loudness-normalised ladder; odd and broken files are reported each with its path while
// the others are still transcoded; a second run encodes nothing.

import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageOf } from '../../src/diagnostics/catalog.js';
import type { MediaSource } from '../../src/media/plan.js';
import { runMediaSources, type MediaEvent, type RunMediaResult } from '../../src/media/run.js';
import { ffmpeg, ffprobeJson, keyframeTimes, loudnessOf, makeClip, tempCourse, testSettings } from './helpers.js';

let course: string;
let cacheDir: string;
let first: RunMediaResult;
let firstEvents: MediaEvent[];

const MAIN = 'video/Modul 1/pengantar moderasi.mp4';
const SMALL = 'video/kecil.mp4';
const LECTURE = 'audio/ceramah singkat.m4a';
const CAPTIONS = 'video/Modul 1/pengantar moderasi.id.srt';
const BAD_CAPTIONS = 'video/takarir rusak.srt';
const PHONE = 'video/Modul 2/rekaman ponsel (HEVC 29.97).mov';
const LONG_CAPTIONS = 'video/Modul 1/pengantar moderasi.en.vtt';
const SILENT = 'video/hening.mp4';

const sources: MediaSource[] = [
  { path: MAIN, kind: 'video' },
  { path: CAPTIONS, kind: 'captions', lang: 'id', label: 'Bahasa Indonesia', video: MAIN },
  { path: SMALL, kind: 'video' },
  { path: LECTURE, kind: 'audio' },
  { path: 'video/rusak.mp4', kind: 'video' },
  { path: 'video/terpotong.mp4', kind: 'video' },
  { path: 'video/tanpa suara.mp4', kind: 'video' },
  { path: 'video/hanya suara.m4a', kind: 'video' },
  { path: 'video/vfr.mp4', kind: 'video' },
  { path: 'video/interlaced.mp4', kind: 'video' },
  { path: 'video/diputar.mp4', kind: 'video' },
  { path: 'video/4k.mp4', kind: 'video' },
  { path: 'video/tidak ada.mp4', kind: 'video' },
  { path: BAD_CAPTIONS, kind: 'captions', lang: 'id' },
  { path: PHONE, kind: 'video' },
  { path: LONG_CAPTIONS, kind: 'captions', lang: 'en', video: MAIN },
  { path: SILENT, kind: 'video' },
];

const SRT = `1
00:00:00,500 --> 00:00:02,000
Selamat datang di modul <i>Moderasi Beragama</i>.

2
00:00:02,200 --> 00:00:04,000
﴿ لَا إِكْرَاهَ فِي الدِّينِ ﴾ — tidak ada paksaan dalam agama.

3
00:00:04,100 --> 00:00:05,900
Mari kita mulai & berdiskusi.
`;

beforeAll(async () => {
  course = await tempCourse();
  cacheDir = path.join(course, '.ajar', 'cache', 'media');
  const at = (p: string) => path.join(course, ...p.split('/'));
  await Promise.all([
    // 854×480: the 720p rung must not appear (never upscaled). Quiet audio, to be raised to −16 LUFS.
    makeClip(at(MAIN), { width: 854, height: 480, seconds: 6, audio: 0.02 }),
    makeClip(at(SMALL), { width: 320, height: 180, seconds: 3, fps: 25 }),
    // Loud lecture, to be lowered to −16 LUFS.
    makeClip(at(LECTURE), { video: false, seconds: 5, audio: 0.5 }),
    makeClip(at('video/tanpa suara.mp4'), { width: 320, height: 240, seconds: 2, audio: false }),
    makeClip(at('video/hanya suara.m4a'), { video: false, seconds: 2 }),
    makeClip(at('video/vfr.mp4'), { width: 320, height: 240, seconds: 3, fps: 30, vf: "select='not(mod(n\\,3))+lt(n\\,30)'", extra: ['-vsync', 'vfr'] }),
    makeClip(at('video/interlaced.mp4'), { width: 320, height: 240, seconds: 2, fps: 25, vf: 'interlace', extra: ['-flags', '+ildct+ilme', '-x264opts', 'tff=1'] }),
    makeClip(at('video/4k.mp4'), { width: 3840, height: 2160, seconds: 0.2, fps: 10 }),
    makeClip(at('video/asli.mp4'), { width: 320, height: 240, seconds: 2 }),
    writeFile(at('video/rusak.mp4'), 'ini bukan video, hanya teks'),
    // A video whose sound track is digital silence.
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=3', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', at(SILENT)),
  ]);
  await mkdir(path.dirname(at(PHONE)), { recursive: true });
  await copyFile(path.resolve(import.meta.dirname, '../fixtures/media/rekaman ponsel (HEVC 29.97).mov'), at(PHONE));
  await ffmpeg('-i', at('video/asli.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('video/diputar.mp4'));
  // A download cut short: the moov atom at the end is missing.
  const whole = await readFile(at(MAIN));
  await writeFile(at('video/terpotong.mp4'), whole.subarray(0, Math.floor(whole.length / 3)));
  await writeFile(at(CAPTIONS), SRT.replace(/\n/g, '\r\n'));
  // English captions made for a longer cut of the video: they run past its end.
  await writeFile(at(LONG_CAPTIONS), 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nWelcome.\n\n00:00:07.500 --> 00:00:09.000\nLet us begin.\n');
  await writeFile(at(BAD_CAPTIONS), '1\n00:00:03,000 --> 00:00:01,000\nTerbalik\n\n2\n00:00:04.000 -> 00:00:05,000\nPanah salah\n');

  firstEvents = [];
  first = await runMediaSources(sources, testSettings, { courseDir: course, onProgress: (e) => firstEvents.push(e) });
});

afterAll(async () => {
  if (course) await rm(course, { recursive: true, force: true });
});

const entryOf = (source: string) => {
  const e = first.index.get(source);
  if (!e) throw new Error(`no entry for ${source}: ${JSON.stringify(first.diagnostics)}`);
  return e;
};
const fileIn = (source: string, rel: string) => path.join(entryOf(source).dir, ...rel.split('/'));
const rulesFor = (source: string) => first.diagnostics.filter((d) => d.file === source).map((d) => d.ruleId).sort();

describe('odd and broken inputs', () => {
  it('reports each refused file by path with its own rule, and still transcodes the good ones', () => {
    expect(rulesFor('video/rusak.mp4')).toEqual(['media-unreadable']);
    expect(rulesFor('video/terpotong.mp4')).toEqual(['media-unreadable']);
    expect(rulesFor('video/tanpa suara.mp4')).toEqual(['media-no-audio']);
    expect(rulesFor('video/hanya suara.m4a')).toEqual(['media-no-video']);
    expect(rulesFor('video/vfr.mp4')).toEqual(['media-variable-frame-rate']);
    expect(rulesFor('video/interlaced.mp4')).toEqual(['media-interlaced']);
    expect(rulesFor('video/diputar.mp4')).toEqual(['media-rotated']);
    expect(rulesFor('video/4k.mp4')).toEqual(['media-too-large']);
    expect(rulesFor('video/tidak ada.mp4')).toEqual(['media-unreadable']);
    for (const bad of ['video/rusak.mp4', 'video/vfr.mp4', 'video/4k.mp4', 'video/tidak ada.mp4']) expect(first.index.has(bad)).toBe(false);
    expect([...first.index.keys()]).toEqual([MAIN, CAPTIONS, SMALL, LECTURE, PHONE, LONG_CAPTIONS, SILENT]);
  });

  it('says what is wrong in both languages, with the reason ffprobe gave', () => {
    const corrupt = first.diagnostics.find((d) => d.file === 'video/terpotong.mp4')!;
    expect(messageOf(corrupt, 'en')).toMatch(/cannot be read or is corrupt: .*moov atom not found/);
    expect(messageOf(corrupt, 'id')).toMatch(/tidak dapat dibaca atau rusak/);
    const rotated = first.diagnostics.find((d) => d.file === 'video/diputar.mp4')!;
    expect(messageOf(rotated, 'en')).toContain('90° rotation');
  });

  it('reports broken caption timing at its line', () => {
    const bad = first.diagnostics.filter((d) => d.file === BAD_CAPTIONS);
    expect(bad.map((d) => [d.ruleId, d.position?.start.line])).toEqual([
      ['caption-timing', 2],
      ['caption-syntax', 6],
    ]);
  });

  it('warns when captions run past the end of their video, and still converts them', () => {
    const d = first.diagnostics.filter((x) => x.file === LONG_CAPTIONS);
    expect(d.map((x) => [x.ruleId, x.severity])).toEqual([['caption-beyond-video', 'warning']]);
    expect(messageOf(d[0]!, 'en')).toBe(`The captions run until 00:00:09.000, after the video “${MAIN}” ends (00:00:06.000).`);
    expect(first.index.get(LONG_CAPTIONS)!.renditions.map((r) => r.kind)).toEqual(['captions']);
  });

  it('transcodes a silent video without normalising it, with a warning', () => {
    expect(first.diagnostics.filter((x) => x.file === SILENT).map((x) => [x.ruleId, x.severity])).toEqual([['media-silent', 'warning']]);
    expect(entryOf(SILENT).renditions.some((r) => r.kind === 'hls-master')).toBe(true);
  });

  it('makes one rendition at the source size for a video below the ladder, and says so', async () => {
    const small = entryOf(SMALL);
    const variants = small.renditions.filter((r) => r.kind === 'hls-variant');
    expect(variants.map((r) => [r.width, r.height])).toEqual([[320, 180]]);
    expect(rulesFor(SMALL)).toEqual(['media-small-source']);
    const probe = await ffprobeJson(fileIn(SMALL, '180p.mp4'), '-show_streams');
    expect(probe.streams[0].height).toBe(180);
  });
});

describe('the ladder of a good video', () => {
  it('has the rungs up to the source height, never upscaled, each really that size', async () => {
    const variants = entryOf(MAIN).renditions.filter((r) => r.kind === 'hls-variant');
    expect(variants.map((r) => [r.path, r.width, r.height])).toEqual([
      ['240p/index.m3u8', 428, 240],
      ['360p/index.m3u8', 640, 360],
      ['480p/index.m3u8', 854, 480],
    ]);
    for (const v of variants) {
      const probe = await ffprobeJson(fileIn(MAIN, v.path), '-show_streams');
      const video = probe.streams.find((s: any) => s.codec_type === 'video');
      const audio = probe.streams.find((s: any) => s.codec_type === 'audio');
      expect([video.codec_name, video.profile, video.width, video.height, video.pix_fmt]).toEqual(['h264', 'Main', v.width, v.height, 'yuv420p']);
      expect([audio.codec_name, audio.sample_rate]).toEqual(['aac', '48000']);
    }
  });

  it('keeps each rung near its bitrate (capped VBR), smallest rung smallest', () => {
    const variants = entryOf(MAIN).renditions.filter((r) => r.kind === 'hls-variant');
    const ladder = testSettings.ladder;
    variants.forEach((v, i) => {
      const budget = ladder[i]!.videoBitrate + testSettings.audioBitrate;
      // Measured over the whole stream (init + segments): below the cap with container overhead, above a floor.
      expect(v.bitrate!).toBeLessThan(budget * 1.25);
      expect(v.bitrate!).toBeGreaterThan(budget * 0.3);
    });
    expect(variants[0]!.bitrate!).toBeLessThan(variants[1]!.bitrate!);
    expect(variants[1]!.bitrate!).toBeLessThan(variants[2]!.bitrate!);
  });

  it('puts keyframes at the same times in every rung, every 2 seconds', async () => {
    const times = await Promise.all(['240p', '360p', '480p'].map((r) => keyframeTimes(fileIn(MAIN, `${r}/index.m3u8`))));
    expect(times[0]!.length).toBe(3);
    expect(times[1]).toEqual(times[0]);
    expect(times[2]).toEqual(times[0]);
    const start = times[0]![0]!;
    expect(times[0]!.map((t) => Math.round((t - start) * 10) / 10)).toEqual([0, 2, 4]);
  });

  it('writes an HLS fMP4 master playlist listing every rung with bandwidth, resolution and codecs', async () => {
    const master = await readFile(fileIn(MAIN, 'master.m3u8'), 'utf8');
    expect(master.startsWith('#EXTM3U')).toBe(true);
    const streams = [...master.matchAll(/#EXT-X-STREAM-INF:BANDWIDTH=(\d+),RESOLUTION=(\d+x\d+)/g)].map((m) => m[2]);
    expect(streams).toEqual(['428x240', '640x360', '854x480']);
    expect(master).toMatch(/CODECS="avc1\.[0-9a-f]+,mp4a\.40\.2"/);
    const variant = await readFile(fileIn(MAIN, '240p/index.m3u8'), 'utf8');
    expect(variant).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(variant).toMatch(/#EXT-X-MAP:URI="init[^"]*\.mp4"/);
    expect(variant).toContain('#EXT-X-ENDLIST');
  });

  it('adds a progressive MP4 per rung, each with the index (moov) before the media data', async () => {
    const mp4s = entryOf(MAIN).renditions.filter((r) => r.kind === 'mp4');
    expect(mp4s.map((r) => [r.path, r.height])).toEqual([['240p.mp4', 240], ['360p.mp4', 360], ['480p.mp4', 480]]);
    const mp4 = mp4s.find((r) => r.height === 360)!;
    const bytes = await readFile(fileIn(MAIN, mp4.path));
    const moov = bytes.indexOf('moov');
    const mdat = bytes.indexOf('mdat');
    expect(moov).toBeGreaterThan(0);
    expect(moov).toBeLessThan(mdat);
    const probe = await ffprobeJson(fileIn(MAIN, mp4.path), '-show_format');
    expect(Number(probe.format.duration)).toBeCloseTo(6, 0);
  });

  it('normalises loudness to −16 LUFS (±1 LU) under −1.5 dBTP in the ladder and the audio-only file', async () => {
    for (const rel of ['240p/index.m3u8', 'audio.m4a']) {
      const { integrated, truePeak } = await loudnessOf(fileIn(MAIN, rel));
      expect(Math.abs(integrated - -16)).toBeLessThanOrEqual(1);
      // The limiter holds −1.5 dBTP before encoding; AAC adds a little overshoot, never up to clipping.
      expect(truePeak).toBeLessThanOrEqual(-0.5);
    }
    const lecture = await loudnessOf(fileIn(LECTURE, 'audio.m4a'));
    expect(Math.abs(lecture.integrated - -16)).toBeLessThanOrEqual(1);
  });

  it('makes a small mono audio-only rendition and a poster at the top rung size', async () => {
    const audio = entryOf(MAIN).renditions.find((r) => r.kind === 'audio')!;
    expect(audio.bitrate!).toBeLessThan(70_000);
    const a = await ffprobeJson(fileIn(MAIN, 'audio.m4a'), '-show_streams');
    expect(a.streams.map((s: any) => [s.codec_type, s.codec_name, s.channels])).toEqual([['audio', 'aac', 1]]);
    const poster = await ffprobeJson(fileIn(MAIN, 'poster.jpg'), '-show_streams');
    expect([poster.streams[0].codec_name, poster.streams[0].width, poster.streams[0].height]).toEqual(['mjpeg', 854, 480]);
    expect(entryOf(LECTURE).renditions.map((r) => r.kind)).toEqual(['audio']);
  });

  it('converts SRT captions to valid WebVTT, keeping Arabic script and escaping markup', async () => {
    const vtt = await readFile(fileIn(CAPTIONS, 'captions.vtt'), 'utf8');
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nSelamat datang di modul <i>Moderasi Beragama</i>.\n\n' +
        '00:00:02.200 --> 00:00:04.000\n﴿ لَا إِكْرَاهَ فِي الدِّينِ ﴾ — tidak ada paksaan dalam agama.\n\n' +
        '00:00:04.100 --> 00:00:05.900\nMari kita mulai &amp; berdiskusi.\n',
    );
    // ffmpeg's own WebVTT demuxer reads it back with all three cues.
    const probe = await ffprobeJson(fileIn(CAPTIONS, 'captions.vtt'), '-show_packets');
    expect(probe.packets.length).toBe(3);
    const caption = entryOf(CAPTIONS).renditions[0]!;
    expect([caption.kind, caption.lang, caption.label, caption.contentType]).toEqual(['captions', 'id', 'Bahasa Indonesia', 'text/vtt']);
  });

  it('reported per-file progress with percentages up to 100', () => {
    const progress = firstEvents.filter((e): e is Extract<MediaEvent, { type: 'progress' }> => e.type === 'progress' && e.source === MAIN);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)!.percent).toBe(100);
    expect(progress.some((p) => p.step === 'encode' && p.percent > 10 && p.percent < 100)).toBe(true);
    expect(firstEvents.filter((e) => e.type === 'done').length).toBe(first.made);
  });
});

describe('a phone recording (HEVC in QuickTime, 29.97 fps, 44.1 kHz stereo)', () => {
  it('is accepted and comes out as H.264/AAC 48 kHz with keyframes every 2 s', async () => {
    expect(rulesFor(PHONE)).toEqual([]);
    const variants = entryOf(PHONE).renditions.filter((r) => r.kind === 'hls-variant');
    expect(variants.map((r) => r.height)).toEqual([240, 360]);
    const probe = await ffprobeJson(fileIn(PHONE, '360p/index.m3u8'), '-show_streams');
    const video = probe.streams.find((s: any) => s.codec_type === 'video');
    const audio = probe.streams.find((s: any) => s.codec_type === 'audio');
    expect([video.codec_name, video.r_frame_rate, audio.codec_name, audio.sample_rate]).toEqual(['h264', '30000/1001', 'aac', '48000']);
    const keys = await keyframeTimes(fileIn(PHONE, '240p/index.m3u8'));
    expect(keys.slice(1).map((t, i) => Math.round((t - keys[i]!) * 10) / 10)).toEqual([2]);
  });
});

describe('the cache', () => {
  it('encodes nothing on a re-run with nothing changed, and gives the same index', async () => {
    const mainDir = entryOf(MAIN).dir;
    const before = (await stat(path.join(mainDir, 'entry.json'))).mtimeMs;
    const events: MediaEvent[] = [];
    const again = await runMediaSources(sources, testSettings, { courseDir: course, cacheDir, onProgress: (e) => events.push(e) });
    expect(again.made).toBe(0);
    expect(again.cached).toBe(7);
    // Refused files are looked at again (the author may have fixed them); good ones are not touched.
    const touched = events.filter((e) => (e.type === 'start' || e.type === 'progress') && first.index.has(e.source));
    expect(touched).toEqual([]);
    expect([...again.index.entries()]).toEqual([...first.index.entries()]);
    expect((await stat(path.join(mainDir, 'entry.json'))).mtimeMs).toBe(before);
    // Notes are reported again from the cache, and refused files again.
    expect(again.diagnostics.map((d) => `${d.file}:${d.ruleId}`).sort()).toEqual(first.diagnostics.map((d) => `${d.file}:${d.ruleId}`).sort());
  });

  it('makes an edited source again, even when its size and name stay the same', async () => {
    const file = path.join(course, ...CAPTIONS.split('/'));
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('Selamat datang', 'Selamat berjumpa'.slice(0, 'Selamat datang'.length)));
    const edited = await runMediaSources([{ path: CAPTIONS, kind: 'captions', lang: 'id' }], testSettings, { courseDir: course });
    expect(edited.made).toBe(1);
    expect(edited.index.get(CAPTIONS)!.key).not.toBe(entryOf(CAPTIONS).key);
    await writeFile(file, text);
    const restored = await runMediaSources([{ path: CAPTIONS, kind: 'captions', lang: 'id' }], testSettings, { courseDir: course });
    expect([restored.made, restored.index.get(CAPTIONS)!.key]).toEqual([0, entryOf(CAPTIONS).key]);
  });

  it('makes byte-identical renditions from the same source and settings (deterministic packages)', async () => {
    const elsewhere = path.join(course, 'cache lain');
    const again = await runMediaSources([{ path: MAIN, kind: 'video' }], testSettings, { courseDir: course, cacheDir: elsewhere });
    expect(again.made).toBe(1);
    const a = entryOf(MAIN);
    const b = again.index.get(MAIN)!;
    expect(b.key).toBe(a.key);
    expect(b.renditions).toEqual(a.renditions);
    for (const r of a.renditions) {
      const [x, y] = await Promise.all([readFile(path.join(a.dir, ...r.path.split('/'))), readFile(path.join(b.dir, ...r.path.split('/')))]);
      expect(x.equals(y), r.path).toBe(true);
    }
  });

  it('re-makes only what changed when settings change (captions are independent of video settings)', async () => {
    const events: MediaEvent[] = [];
    const changed = await runMediaSources(
      [{ path: CAPTIONS, kind: 'captions', lang: 'id', label: 'Bahasa Indonesia' }, { path: SMALL, kind: 'video' }],
      { ...testSettings, poster: false },
      { courseDir: course, onProgress: (e) => events.push(e) },
    );
    expect(events.filter((e) => e.type === 'cached').map((e) => (e as { source: string }).source)).toEqual([CAPTIONS]);
    expect(changed.made).toBe(1);
    expect(changed.index.get(SMALL)!.key).not.toBe(entryOf(SMALL).key);
    expect(changed.index.get(SMALL)!.renditions.some((r) => r.kind === 'poster')).toBe(false);
  });

  it('writes progressive MP4s at several heights and no HLS when asked (one decode)', async () => {
    const mp4Only = await runMediaSources([{ path: MAIN, kind: 'video' }], { ...testSettings, hls: false, mp4Fallback: [240, 360], poster: false }, { courseDir: course });
    expect(mp4Only.diagnostics).toEqual([]);
    const entry = mp4Only.index.get(MAIN)!;
    expect(entry.renditions.map((r) => [r.kind, r.path, r.height ?? null])).toEqual([
      ['mp4', '240p.mp4', 240],
      ['mp4', '360p.mp4', 360],
      ['audio', 'audio.m4a', null],
    ]);
    for (const r of entry.renditions.filter((x) => x.kind === 'mp4')) {
      const bytes = await readFile(path.join(entry.dir, r.path));
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
      expect(await keyframeTimes(path.join(entry.dir, r.path))).toHaveLength(3);
    }
  });
});
