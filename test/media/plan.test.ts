// The pure parts: settings from ajar.yaml, the job plan, the ladder and command lines, captions, versions.

import { Ajv } from 'ajv';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/diagnostics/catalog.js';
import { parseCaptions, toWebVtt } from '../../src/media/captions.js';
import { fixedBitrateLadder, mediaConfigSchema, mediaDefaults, mediaSettingsFrom, parseBitrate } from '../../src/media/config-schema.js';
import { parseFfmpegVersion } from '../../src/media/ffmpeg.js';
import { adaptRungs, NO_FIT, planVideo, reviseFit, rungsFor, segmentDurations } from '../../src/media/ladder.js';
import { planTranscodes, type MediaSource } from '../../src/media/plan.js';
import type { ProbeInfo } from '../../src/media/probe.js';
import { createProgressReporter } from '../../src/media/progress.js';
import { resolveConcurrency } from '../../src/media/run.js';

const video = (width: number, height: number, extra: Partial<NonNullable<ProbeInfo['video']>> = {}): NonNullable<ProbeInfo['video']> => ({
  codec: 'h264', width, height, fps: 25, avgFps: 25, fieldOrder: 'progressive', rotation: 0, sar: 1, ...extra,
});

describe('media settings from ajar.yaml', () => {
  const validate = new Ajv({ strict: false }).compile(mediaConfigSchema);

  it('accepts the documented keys and turns them into settings', () => {
    const yaml = { ladder: [{ height: 360, bitrate: '450k' }, { height: 240, bitrate: 230000 }], audio_bitrate: '96k', loudness: { target: -23 }, mp4_fallback: false, preset: 'slow', concurrency: 3 };
    expect(validate(yaml)).toBe(true);
    const s = mediaSettingsFrom(yaml);
    expect(s.ladder).toEqual([{ height: 240, videoBitrate: 230_000 }, { height: 360, videoBitrate: 450_000 }]);
    expect([s.audioBitrate, s.loudness, s.mp4Fallback, s.preset, s.concurrency]).toEqual([96_000, { integrated: -23, truePeak: -1.5, range: 11 }, [], 'slow', 3]);
    expect(mediaSettingsFrom({ mp4_fallback: [360, 240] }).mp4Fallback).toEqual([240, 360]);
    expect(validate({ mp4_fallback: [240, 360] })).toBe(true);
    // Without mp4_fallback every rung of the ladder (the course's own ladder when it sets one) gets an MP4.
    expect(mediaSettingsFrom({}).mp4Fallback).toEqual([240, 360, 480, 720]);
    expect(mediaSettingsFrom({ ladder: yaml.ladder }).mp4Fallback).toEqual([240, 360]);
  });

  it('rejects unknown keys, odd heights and bad bitrates', () => {
    expect(validate({ ladders: [] })).toBe(false);
    expect(validate({ ladder: [{ height: 241, bitrate: '200k' }] })).toBe(false);
    expect(validate({ audio_bitrate: '64 kbps' })).toBe(false);
  });

  it('defaults to the low-bandwidth ladder, −16 LUFS and HLS with a 360p MP4', () => {
    expect(mediaSettingsFrom(undefined)).toEqual(mediaDefaults);
    expect(mediaDefaults.ladder.map((r) => r.height)).toEqual([240, 360, 480, 720]);
    expect(parseBitrate('1.6M', 0)).toBe(1_600_000);
    // Segments always start on a keyframe.
    expect(mediaSettingsFrom({ segment_seconds: 5, keyframe_seconds: 2 }).segmentSeconds).toBe(6);
  });

  it('runs one transcode per core by default (each encodes on one thread), at least one', () => {
    const GiB = 1024 ** 3;
    expect([resolveConcurrency('auto', 2, 24 * GiB), resolveConcurrency('auto', 8, 24 * GiB), resolveConcurrency(3, 8), resolveConcurrency('auto', 1, 24 * GiB)]).toEqual([2, 8, 3, 1]);
    // Bounded by memory too: 64 cores with 8 GB run 16 transcodes at once; a tiny machine still runs one.
    expect([resolveConcurrency('auto', 64, 8 * GiB), resolveConcurrency('auto', 4, 0.25 * GiB)]).toEqual([16, 1]);
  });
});

describe('planTranscodes', () => {
  const sources: MediaSource[] = [
    { path: 'media/a.mp4', kind: 'video' },
    { path: 'media/a.id.vtt', kind: 'captions', lang: 'id', video: 'media/a.mp4' },
    { path: 'media/ceramah.mp3', kind: 'audio' },
    { path: 'media/a.mp4', kind: 'video' },
  ];

  it('plans one job per distinct source in order', () => {
    const jobs = planTranscodes(sources, mediaDefaults);
    expect(jobs.map((j) => [j.kind, j.source])).toEqual([
      ['video', 'media/a.mp4'],
      ['captions', 'media/a.id.vtt'],
      ['audio', 'media/ceramah.mp3'],
    ]);
  });

  it('changes a job’s settings digest only when settings that shape its outputs change', () => {
    const base = planTranscodes(sources, mediaDefaults);
    const moreParallel = planTranscodes(sources, { ...mediaDefaults, concurrency: 8 });
    expect(moreParallel.map((j) => j.settingsDigest)).toEqual(base.map((j) => j.settingsDigest));
    const louder = planTranscodes(sources, { ...mediaDefaults, loudness: { integrated: -14, truePeak: -1, range: 11 } });
    expect(louder.map((j) => j.settingsDigest !== base[base.indexOf(base.find((b) => b.source === j.source)!)]!.settingsDigest)).toEqual([true, false, true]);
    const noPoster = planTranscodes(sources, { ...mediaDefaults, poster: false });
    expect(noPoster.map((j, i) => j.settingsDigest !== base[i]!.settingsDigest)).toEqual([true, false, false]);
  });
});

describe('the ladder', () => {
  it('never upscales: a 480p master gets 240/360/480, a 1080p master the whole ladder', () => {
    expect(rungsFor(video(854, 480), mediaDefaults.ladder).rungs.map((r) => r.name)).toEqual(['240p', '360p', '480p']);
    expect(rungsFor(video(1920, 1080), mediaDefaults.ladder).rungs.map((r) => [r.width, r.height])).toEqual([[426, 240], [640, 360], [854, 480], [1280, 720]]);
  });

  it('keeps the display aspect ratio of anamorphic video and makes widths even', () => {
    // 720×576 with 64:45 pixels is 16:9 PAL widescreen.
    expect(rungsFor(video(720, 576, { sar: 64 / 45 }), mediaDefaults.ladder).rungs.map((r) => r.width)).toEqual([426, 640, 854]);
  });

  it('builds one ffmpeg process: one split, the same GOP in every rung, HLS with a master playlist and an audio-only output', () => {
    const info: ProbeInfo = { durationSeconds: 60, video: video(1920, 1080, { fps: 30, avgFps: 30 }), audio: { codec: 'aac', channels: 2, sampleRate: 48000 } };
    const plan = planVideo('/kursus/video masuk.mp4', '/cache/tmp', info, { ...mediaDefaults }, undefined);
    const args = plan.encodeArgs;
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toMatch(/^\[0:v\]split=4\[s0\]\[s1\]\[s2\]\[s3\];/);
    expect(graph).toContain('asplit=5');
    expect(args.slice(args.indexOf('-g'), args.indexOf('-g') + 2)).toEqual(['-g', '60']);
    expect(args).toContain('expr:gte(t,n_forced*2)');
    expect(args[args.indexOf('-var_stream_map') + 1]).toBe('v:0,a:0,name:240p v:1,a:1,name:360p v:2,a:2,name:480p v:3,a:3,name:720p');
    // Capped quality: each rung's CRF under its cap, with a buffer of twice the cap.
    expect(['-crf:v:1', '-maxrate:v:1', '-bufsize:v:1'].map((o) => args[args.indexOf(o) + 1])).toEqual(['27', '300k', '600k']);
    expect(['-b:a:0', '-b:a:1', '-b:a:2'].map((o) => args[args.indexOf(o) + 1])).toEqual(['32k', '40k', '48k']);
    expect(args).not.toContain('-b:v:1');
    // rate_control: bitrate gives the fixed average of earlier versions.
    const fixed = planVideo('/kursus/video masuk.mp4', '/cache/tmp', info, { ...mediaDefaults, ...fixedBitrateLadder }, undefined).encodeArgs;
    expect(['-b:v:1', '-maxrate:v:1', '-bufsize:v:1'].map((o) => fixed[fixed.indexOf(o) + 1])).toEqual(['450k', '495k', '900k']);
    // One progressive MP4 per rung (copied, not encoded), so the player can step between rungs without HLS.
    expect(plan.outputs.mp4).toEqual(['240p.mp4', '360p.mp4', '480p.mp4', '720p.mp4']);
    expect(plan.remuxArgs).toHaveLength(4);
    expect(plan.remuxArgs[0]).toContain('+faststart');
    expect(plan.remuxArgs[0]).toContain('copy');
    expect(args.at(-1)).toBe('/cache/tmp/audio.m4a');
  });
});

describe('a rung that is the source’s own stream (remuxed) and its HLS segments', () => {
  // The example course's clip: 640×360 H.264 High at 9 kb/s, keyframes at 0, 9.56 and 14.32 s (x264's defaults).
  const info: ProbeInfo = { durationSeconds: 19.08, sizeBytes: 187_000, video: video(640, 360, { codec: 'h264', profile: 'High', pixFmt: 'yuv420p', level: 30, bitRate: 8719 }), audio: { codec: 'aac', channels: 2, sampleRate: 48000, bitRate: 64_000 } };
  const rungs = adaptRungs(info, mediaDefaults).rungs;
  const bytes = new Map([['240p', 90_000], ['360p', 120_000]]);
  const report = (copied: number[], canAlign = true) => ({ durations: new Map([['240p', [6, 6, 6, 1.08]], ['360p', copied]]), segmentSeconds: 6, canAlign });

  it('is cut where the source has keyframes: the encoded rungs then follow the source’s keyframes, so every variant has the same segments', () => {
    expect(rungs.map((r) => [r.name, r.copy ?? false])).toEqual([['240p', false], ['360p', true]]);
    expect(segmentDurations('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:9.560000,\nseg00000.m4s\n#EXTINF:4.760000,\nseg00001.m4s\n')).toEqual([9.56, 4.76]);
    const fit = reviseFit(rungs, bytes, info, NO_FIT, 'quality', report([9.56, 4.76, 4.76]))!;
    expect(fit.alignToSource).toBe(9.56);
    expect(fit.noCopy).toBeUndefined();
    const args = planVideo('/in.mp4', '/out', info, mediaDefaults, undefined, fit).encodeArgs;
    expect(args[args.indexOf('-force_key_frames') + 1]).toBe('source');
    // No keyframes of its own in between: at most one per longest segment (25 fps).
    expect(args[args.indexOf('-g') + 1]).toBe(String(Math.ceil(9.56 * 25) + 1));
    expect(args[args.indexOf('-c:v:1') + 1]).toBe('copy');
    // Once the cuts agree, nothing more to change.
    expect(reviseFit(rungs, bytes, info, fit, 'quality', report([6, 6, 6, 1.08]))).toBeUndefined();
  });

  it('is encoded instead when the source’s keyframes are too far apart for segments (more than twice the segment length), or this ffmpeg cannot follow them', () => {
    for (const fit of [reviseFit(rungs, bytes, info, NO_FIT, 'quality', report([19.08])), reviseFit(rungs, bytes, info, NO_FIT, 'quality', report([9.56, 4.76, 4.76], false))]) {
      expect([...(fit!.noCopy ?? [])]).toEqual(['360p']);
      expect(fit!.alignToSource).toBeUndefined();
      const plan = planVideo('/in.mp4', '/out', info, mediaDefaults, undefined, fit!);
      expect(plan.rungs.some((r) => r.copy)).toBe(false);
      expect(plan.encodeArgs).toContain('expr:gte(t,n_forced*2)');
      // Even when its encode comes out larger than the source, the copy is not taken back.
      expect(reviseFit(plan.rungs, new Map([['240p', 90_000], ['360p', 400_000]]), info, fit!, 'quality', report([6, 6, 6, 1.08]))).toBeUndefined();
    }
  });
});

describe('without HLS', () => {
  it('encodes only the MP4 rungs, each its own output of the same decode', () => {
    const info: ProbeInfo = { durationSeconds: 60, video: video(1280, 720), audio: { codec: 'aac', channels: 1, sampleRate: 44100 } };
    const plan = planVideo('/in.mp4', '/out', info, { ...mediaDefaults, hls: false, mp4Fallback: [240, 360, 1080] }, undefined);
    expect(plan.rungs.map((r) => r.name)).toEqual(['240p', '360p', '720p']);
    expect(plan.encodeArgs.filter((a) => a === '-i')).toHaveLength(1);
    expect(plan.encodeArgs.filter((a) => a.startsWith('/out/') && a.endsWith('.mp4'))).toEqual(['/out/240p.mp4', '/out/360p.mp4', '/out/720p.mp4']);
    expect(plan.remuxArgs).toEqual([]);
    expect(planVideo('/in.mp4', '/out', info, { ...mediaDefaults, hls: false, mp4Fallback: [] }, undefined).outputs.mp4).toEqual(['720p.mp4']);
  });
});

describe('captions', () => {
  it('reads WebVTT with identifiers, settings and NOTE blocks', () => {
    const vtt = 'WEBVTT - Pengantar\n\nNOTE dibuat oleh tim studio\n\nsalam\n00:01.000 --> 00:03.500 align:start\nAssalamualaikum\n\n00:00:04.000 --> 00:00:06.000\n<v Narator>Selamat pagi\n';
    const parsed = parseCaptions(vtt, 'a.vtt');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.cues.map((c) => [c.start, c.end, c.line])).toEqual([[1, 3.5, 6], [4, 6, 9]]);
    expect(toWebVtt(parsed)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:03.500 align:start\nAssalamualaikum\n\n00:00:04.000 --> 00:00:06.000\n<v Narator>Selamat pagi\n');
  });

  it('names what is wrong with a caption line in the reader’s language; the data holds a code and the line, not prose', () => {
    const srt = '1\n00:00:01,000 --> 00:00:03,000\nSelamat datang\n\nIni bukan isyarat\n\nx\n00:00:04,000 --> 00:00:05,000\nLanjut\n\n3\n00:00:06,000 -> 00:00:07,000\nPanah pendek\n\n4\n00:00:08,000 --> 00:00:75,000\nDetik 75\n';
    const { diagnostics } = parseCaptions(srt, 'takarir.srt');
    expect(diagnostics.map((d) => [d.ruleId, d.position?.start.line, d.data?.problem])).toEqual([
      ['caption-syntax', 5, 'timing-missing'],
      ['caption-syntax', 7, 'cue-number'],
      ['caption-syntax', 12, 'timing-malformed'],
      ['caption-syntax', 16, 'over-59'],
    ]);
    expect(diagnostics.map((d) => messageOf(d, 'en'))).toEqual([
      'Invalid captions: a cue without a timing line (“Ini bukan isyarat”)',
      'Invalid captions: cue number expected, found “x”',
      'Invalid captions: timing line “00:00:06,000 -> 00:00:07,000” is not hh:mm:ss,mmm --> hh:mm:ss,mmm',
      'Invalid captions: seconds or minutes above 59 (“00:00:08,000 --> 00:00:75,000”)',
    ]);
    expect(messageOf(diagnostics[1]!, 'id')).toBe('Takarir tidak sah: nomor isyarat diharapkan, ditemukan “x”');
    for (const d of diagnostics) expect(Object.keys(d.data ?? {}).sort()).toEqual(['problem', 'text']);
  });

  it('warns about overlapping cues and reports empty files', () => {
    const srt = '1\n00:00:01,000 --> 00:00:04,000\nSatu\n\n2\n00:00:03,000 --> 00:00:05,000\nDua\n';
    const parsed = parseCaptions(srt, 'b.srt');
    expect(parsed.diagnostics.map((d) => [d.ruleId, d.severity, d.position?.start.line])).toEqual([['caption-order', 'warning', 6]]);
    expect(messageOf(parsed.diagnostics[0]!, 'en')).toBe('The caption cue starts (00:00:03.000) before the previous cue ends (00:00:04.000).');
    expect(parseCaptions('WEBVTT\n\n', 'c.vtt').diagnostics.map((d) => d.ruleId)).toEqual(['caption-empty']);
  });

  it('strips SRT-only markup that WebVTT players would show as text', () => {
    const parsed = parseCaptions('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ffff00">Perhatian</font> a<b\n', 'd.srt');
    expect(toWebVtt(parsed)).toContain('\nPerhatian a&lt;b\n');
  });
});

describe('ffmpeg versions', () => {
  it('reads Debian, release and git builds', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toEqual({ version: '5.1.9-0+deb12u1', major: 5, minor: 1 });
    expect(parseFfmpegVersion('ffmpeg version n6.1.1 Copyright')).toMatchObject({ major: 6, minor: 1 });
    expect(parseFfmpegVersion('ffmpeg version N-113000-g1234abcd Copyright')).toMatchObject({ major: 99 });
    expect(parseFfmpegVersion('ffmpeg version 4.1.11 Copyright')).toMatchObject({ major: 4, minor: 1 });
  });
});

describe('progress output', () => {
  it('writes one JSON object per line for CI', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c) => (text += c));
    const r = createProgressReporter('json', stream, 'en', () => Date.UTC(2026, 0, 2, 3, 4, 5));
    r.onEvent({ type: 'progress', source: 'media/a b.mp4', step: 'encode', percent: 42.5, speed: 3.2, etaSeconds: 12 });
    expect(JSON.parse(text)).toEqual({ type: 'progress', source: 'media/a b.mp4', step: 'encode', percent: 42.5, speed: 3.2, etaSeconds: 12, time: '2026-01-02T03:04:05.000Z' });
  });

  it('draws a bar with percent, speed and ETA per running file on a terminal', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c) => (text += c));
    let now = 0;
    const r = createProgressReporter('tty', stream, 'id', () => (now += 1000));
    r.onEvent({ type: 'start', source: 'media/video.mp4', kind: 'video', key: 'k' });
    r.onEvent({ type: 'progress', source: 'media/video.mp4', step: 'encode', percent: 50, speed: 2.5, etaSeconds: 75 });
    expect(text).toContain('██████████░░░░░░░░░░  50%    2.5×  ETA 1:15    media/video.mp4 (encode)');
    r.onEvent({ type: 'cached', source: 'media/lain.mp4', key: 'k2' });
    expect(text).toContain('↺ media/lain.mp4  dari tembolok');
  });

  it('says nothing once finished, in every mode: after Ctrl+C the command’s own last line stays last', () => {
    for (const mode of ['lines', 'tty', 'json'] as const) {
      const stream = new PassThrough();
      let text = '';
      stream.on('data', (c) => (text += c));
      const r = createProgressReporter(mode, stream, 'id', () => 0);
      r.onEvent({ type: 'cached', source: 'media/sebelum.vtt', key: 'k1' });
      r.finish();
      const before = text;
      expect(before, mode).toContain('media/sebelum.vtt');
      // Abandoned work settling after the stop (a cache lookup finishing) must not print under the last line.
      r.onEvent({ type: 'cached', source: 'media/Video Pengertian Moderasi.id.vtt', key: 'k2' });
      r.onEvent({ type: 'failed', source: 'media/sesudah.mp4', rules: ['media-queue-lost'] });
      r.finish();
      expect(text, mode).toBe(before);
    }
  });
});
