// The ffmpeg command lines, built as data (argument arrays) from the probe and the settings. Pure:
// tests and the bench read them, run.ts executes them. One decode feeds every rung through `split`.

import { crfFor, type LoudnessTarget, type Rung } from './config-schema.js';
import type { ProbeInfo } from './probe.js';
import type { VideoJobSettings } from './plan.js';

export interface PlannedRung {
  /** Folder and HLS variant name, e.g. "360p". */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Video bits per second: the cap (quality mode) or the average (bitrate mode), never above the source's own. */
  readonly videoBitrate: number;
  /** libx264 CRF (quality mode). */
  readonly crf: number;
  /** AAC bits per second of this rung's audio. */
  readonly audioBitrate: number;
  /** The source's own video stream goes into this rung as it is (remuxed), not encoded. */
  readonly copy?: boolean;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** The ladder for one source: rungs at or below its height, never upscaled; one rung at its own height if it is smaller than all. */
export function rungsFor(video: NonNullable<ProbeInfo['video']>, ladder: readonly Rung[], audioBitrate = 48_000): { rungs: PlannedRung[]; belowLadder: boolean } {
  const displayWidth = video.width * (video.sar || 1);
  const widthFor = (h: number) => even((h * displayWidth) / video.height);
  const sorted = [...ladder].sort((a, b) => a.height - b.height);
  const fitting = sorted.filter((r) => r.height <= video.height);
  const planned = (r: Rung, height: number): PlannedRung => ({
    name: `${height}p`, width: widthFor(height), height, videoBitrate: r.videoBitrate, crf: r.crf ?? crfFor(height), audioBitrate: r.audioBitrate ?? audioBitrate,
  });
  if (fitting.length === 0) return { rungs: [planned(sorted[0]!, even(video.height))], belowLadder: true };
  return { rungs: fitting.map((r) => planned(r, r.height)), belowLadder: false };
}

/** What an earlier pass over the same source showed: rungs to fill with the source's own stream, rungs not worth making. */
export interface SourceFit {
  readonly copy: ReadonlySet<string>;
  readonly drop: ReadonlySet<string>;
  /** Rungs the source's own stream must not fill: its keyframes are too far apart for HLS segments. */
  readonly noCopy?: ReadonlySet<string>;
  /**
   * A copied rung is segmented at the source's keyframes (its stream is not encoded, so it has no others):
   * the encoded rungs then take their keyframes from the source too (`-force_key_frames source`, nothing
   * else), so every variant is cut at the same times with one target duration (RFC 8216 §6.2.4).
   * The value is the longest segment, in seconds.
   */
  readonly alignToSource?: number;
}

export const NO_FIT: SourceFit = { copy: new Set(), drop: new Set() };

const BROWSER_H264_PROFILES = new Set(['baseline', 'constrained baseline', 'main', 'high']);

/**
 * Whether the source's video can go into a rendition untouched: H.264 8-bit 4:2:0 in a profile every
 * browser and old Android WebView decodes, square pixels, a sane frame rate.
 */
export function copyableVideo(info: ProbeInfo): boolean {
  const v = info.video;
  if (!v || v.codec !== 'h264') return false;
  return BROWSER_H264_PROFILES.has((v.profile ?? '').toLowerCase()) && (v.pixFmt === 'yuv420p' || v.pixFmt === 'yuvj420p') && (v.sar || 1) === 1 && v.fps > 0 && v.fps <= 60;
}

/** AAC bitrate for a rendition of a source whose audio runs at `source` bits per second: never more than 90 % of it (16k at least). */
export function audioBitrateFor(wanted: number, source: number | undefined): number {
  if (!source || source <= 0) return wanted;
  return Math.min(wanted, Math.max(16_000, Math.floor((source * 0.9) / 1000) * 1000));
}

/**
 * The rungs one source gets: the ladder (never upscaled), less the rungs an earlier pass found not worth
 * making, each capped at the source's own video bitrate (a rendition never needs more bits than its
 * master) and its audio below the source's. A rung at the source's exact size is the source's own stream
 * when that stream is browser-safe H.264 and already small (at most half the rung's cap; an earlier pass
 * may also have found the encode larger than the source): remuxed, never re-encoded.
 */
export function adaptRungs(info: ProbeInfo, settings: Pick<VideoJobSettings, 'ladder' | 'audioBitrate' | 'rateControl'>, fit: SourceFit = NO_FIT): { rungs: PlannedRung[]; belowLadder: boolean } {
  const video = info.video!;
  const { rungs: all, belowLadder } = rungsFor(video, settings.ladder, settings.audioBitrate);
  // rate_control: bitrate is the fixed ladder of earlier versions, exactly: nothing adapts to the source.
  if (settings.rateControl === 'bitrate') return { rungs: all, belowLadder };
  let rungs = all.filter((r) => !fit.drop.has(r.name));
  if (rungs.length === 0) rungs = [all.at(-1)!];
  const sourceVideo = video.bitRate ?? 0;
  const copyable = copyableVideo(info);
  const adapted = rungs.map((r): PlannedRung => {
    const sameSize = r.height === video.height && r.width === video.width;
    const small = sourceVideo > 0 && sourceVideo <= r.videoBitrate / 2;
    const copy = copyable && sameSize && !fit.noCopy?.has(r.name) && (small || fit.copy.has(r.name));
    return {
      ...r,
      videoBitrate: copy ? sourceVideo || r.videoBitrate : sourceVideo > 0 ? Math.min(r.videoBitrate, Math.max(8000, sourceVideo)) : r.videoBitrate,
      audioBitrate: audioBitrateFor(r.audioBitrate, info.audio?.bitRate),
      ...(copy ? { copy: true } : {}),
    };
  });
  return { rungs: adapted, belowLadder };
}

/** What the HLS muxer wrote for each rung of a pass: its segment durations (EXTINF, seconds). */
export interface SegmentReport {
  readonly durations: ReadonlyMap<string, readonly number[]>;
  readonly segmentSeconds: number;
  /** This ffmpeg can key encoded rungs at the source's own keyframes (`-force_key_frames source`, ffmpeg ≥ 5.1). */
  readonly canAlign: boolean;
}

/** The longest segment a copied rung may have: twice the segment length (Apple's old 10 s target fits). */
export const longestCopiedSegment = (segmentSeconds: number) => 2 * segmentSeconds;

/** Segment boundaries (running sums) agree to within 50 ms. */
function sameCuts(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  let x = 0;
  let y = 0;
  for (let i = 0; i < a.length; i++) {
    x += a[i]!;
    y += b[i]!;
    if (Math.abs(x - y) > 0.05) return false;
  }
  return true;
}

/**
 * After a pass: what to change so that no rendition is larger than its source, no rung costs as much
 * as the better one above it, and a rung copied from the source is cut into the same HLS segments as the
 * encoded ones (one target duration for every variant, RFC 8216 §6.2.4): the copy keeps the source's
 * keyframes, so the encoded rungs follow them when its segments are at most `longestCopiedSegment` long;
 * longer (a screen recording with a keyframe a minute) and the rung is encoded instead. `bytes` is each
 * rung's stream size by name, `segments` what the HLS muxer wrote. Undefined: nothing to change.
 */
export function reviseFit(
  rungs: readonly PlannedRung[],
  bytes: ReadonlyMap<string, number>,
  info: ProbeInfo,
  fit: SourceFit,
  rateControl: VideoJobSettings['rateControl'] = 'quality',
  segments?: SegmentReport,
): SourceFit | undefined {
  if (rateControl === 'bitrate') return undefined;
  const copy = new Set(fit.copy);
  const drop = new Set(fit.drop);
  const noCopy = new Set(fit.noCopy ?? []);
  let alignToSource = fit.alignToSource;
  const video = info.video!;
  const sourceBytes = info.sizeBytes ?? 0;
  for (const r of rungs) {
    const b = bytes.get(r.name) ?? 0;
    if (!r.copy && !noCopy.has(r.name) && sourceBytes > 0 && b > sourceBytes && copyableVideo(info) && r.height === video.height && r.width === video.width) copy.add(r.name);
  }
  for (let i = 0; i + 1 < rungs.length; i++) {
    const here = bytes.get(rungs[i]!.name) ?? 0;
    const above = bytes.get(rungs[i + 1]!.name) ?? 0;
    // A smaller picture for as many bytes as the better one above it helps nobody.
    if (here > 0 && above > 0 && here >= above) drop.add(rungs[i]!.name);
  }
  const encoded = rungs.find((r) => !r.copy);
  const reference = encoded && segments?.durations.get(encoded.name);
  for (const r of rungs.filter((x) => x.copy)) {
    const own = segments?.durations.get(r.name);
    if (!segments || !own || !reference || sameCuts(own, reference)) continue;
    if (segments.canAlign && alignToSource === undefined && Math.max(...own) <= longestCopiedSegment(segments.segmentSeconds)) alignToSource = Math.max(...own);
    else {
      noCopy.add(r.name);
      copy.delete(r.name);
    }
  }
  const same = copy.size === fit.copy.size && drop.size === fit.drop.size && noCopy.size === (fit.noCopy?.size ?? 0) && alignToSource === fit.alignToSource;
  if (same) return undefined;
  return { copy, drop, ...(noCopy.size ? { noCopy } : {}), ...(alignToSource !== undefined ? { alignToSource } : {}) };
}

/** Durations (seconds) of the segments an HLS media playlist lists. */
export function segmentDurations(playlist: string): number[] {
  return [...playlist.matchAll(/^#EXTINF:([0-9.]+)/gm)].map((m) => Number(m[1]));
}

/** RFC 6381 name of a copied H.264 stream ("avc1.64001e"), from its profile and level. */
export function avc1Codec(video: NonNullable<ProbeInfo['video']>): string | undefined {
  const profile = ({ 'constrained baseline': '42e0', baseline: '4200', main: '4d40', high: '6400' } as Record<string, string>)[(video.profile ?? '').toLowerCase()];
  if (!profile || !video.level) return undefined;
  return `avc1.${profile}${video.level.toString(16).padStart(2, '0')}`;
}

/**
 * ffmpeg leaves CODECS out of the master playlist for a copied stream; players that check codecs before
 * loading (Safari, canPlayType) need it. Adds it from the probe.
 */
export function withCopiedCodecs(master: string, rungs: readonly PlannedRung[], info: ProbeInfo): string {
  const codec = info.video ? avc1Codec(info.video) : undefined;
  if (!codec) return master;
  const lines = master.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const rung = rungs.find((r) => r.copy && lines[i + 1] === `${r.name}/index.m3u8`);
    if (rung && lines[i]!.startsWith('#EXT-X-STREAM-INF:') && !lines[i]!.includes('CODECS=')) lines[i] += `,CODECS="${codec},mp4a.40.2"`;
  }
  return lines.join('\n');
}

/** The rungs the MP4 renditions use: for each wanted height the highest rung at or below it (else the smallest), once each. */
export function mp4Rungs(rungs: readonly PlannedRung[], wanted: readonly number[]): PlannedRung[] {
  const picked = new Set<PlannedRung>();
  for (const h of wanted) picked.add([...rungs].reverse().find((r) => r.height <= h) ?? rungs[0]!);
  return rungs.filter((r) => picked.has(r));
}

export interface LoudnessMeasurement {
  readonly input_i: string;
  readonly input_tp: string;
  readonly input_lra: string;
  readonly input_thresh: string;
  readonly target_offset: string;
  readonly normalization_type?: string;
  readonly output_i?: string;
}

/** Pass 1 of loudnorm: decode the audio only, print the EBU R128 measurement as JSON. */
export function loudnessMeasureArgs(input: string, target: LoudnessTarget): string[] {
  return ['-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', `loudnorm=I=${target.integrated}:TP=${target.truePeak}:LRA=${target.range}:print_format=json`, '-f', 'null', '-'];
}

/** The JSON block loudnorm prints at the end of stderr. */
export function parseLoudnorm(stderr: string): LoudnessMeasurement | undefined {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const json = JSON.parse(stderr.slice(start, end + 1)) as LoudnessMeasurement;
    return typeof json.input_i === 'string' ? json : undefined;
  } catch {
    return undefined;
  }
}

/** Silence and near-silence measure as -inf or below loudnorm's gate; nothing to normalise then. */
export function isMeasurable(m: LoudnessMeasurement): boolean {
  return [m.input_i, m.input_tp, m.input_lra, m.input_thresh, m.target_offset].every((v) => Number.isFinite(Number(v))) && Number(m.input_i) > -70;
}

/** Pass 2: the measured values make loudnorm apply one linear gain (no pumping) where the true peak allows. */
export function loudnormFilter(target: LoudnessTarget | false, measured: LoudnessMeasurement | undefined): string {
  if (!target || !measured) return 'aresample=48000';
  return (
    `loudnorm=I=${target.integrated}:TP=${target.truePeak}:LRA=${target.range}` +
    `:measured_I=${measured.input_i}:measured_TP=${measured.input_tp}:measured_LRA=${measured.input_lra}` +
    `:measured_thresh=${measured.input_thresh}:offset=${measured.target_offset}:linear=true:print_format=summary,aresample=48000`
  );
}

/** Fixed, not per-machine: one encoder thread (no frame or slice threads, lookahead in the same thread) is the only setting whose bytes do not depend on timing under a VBV cap. */
export const X264_THREADS = 1;

const kbps = (bps: number) => `${Math.round(bps / 1000)}k`;

// Reproducible bytes: no encoder/creation-time metadata, no random ids.
const BITEXACT = ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'];

export interface VideoPlan {
  /** Every rung this source gets (with HLS the same as `rungs`). */
  readonly ladder: readonly PlannedRung[];
  /** The rungs this command writes. */
  readonly rungs: readonly PlannedRung[];
  readonly mp4: readonly PlannedRung[];
  /** Arguments of the one ffmpeg process that writes every rung (HLS) and the audio-only rendition. */
  readonly encodeArgs: string[];
  /** Per MP4 rendition (with HLS): arguments that copy its HLS rung into a progressive MP4, no re-encode. */
  readonly remuxArgs: string[][];
  readonly posterArgs?: string[];
  /** Relative paths of what the commands write. */
  readonly outputs: { master?: string; variants: { rung: PlannedRung; playlist: string }[]; mp4: string[]; audio: string; poster?: string };
}

/**
 * One decode, every rung: `[0:v]split=N` → scale per rung → libx264 with the same GOP everywhere
 * (keyframes forced every `keyframeSeconds`, no scene-cut keyframes) so all rungs switch at the same
 * points; audio normalised once, then `asplit` to each variant and the audio-only file.
 */
export function planVideo(input: string, outDir: string, info: ProbeInfo, settings: VideoJobSettings, measured: LoudnessMeasurement | undefined, fit: SourceFit = NO_FIT): VideoPlan {
  const video = info.video!;
  const { rungs } = adaptRungs(info, settings, fit);
  // Without HLS only the MP4 rungs are encoded (the top rung if none is asked for), straight to MP4.
  const mp4 = mp4Rungs(rungs, settings.hls || settings.mp4Fallback.length ? settings.mp4Fallback : [rungs.at(-1)!.height]);
  const encoded = settings.hls ? rungs : mp4;
  const fps = video.fps > 0 && video.fps < 121 ? video.fps : 25;
  const j = (p: string) => (outDir.endsWith('/') ? outDir + p : `${outDir}/${p}`);
  const streams: StreamArgs = {
    video: videoCodecArgs(settings, keyframeArgs(encoded, fps, settings, fit)),
    audio: ['-c:a', 'aac', '-ac', String(channelsFor(settings, info)), '-ar', '48000', ...BITEXACT],
    settings,
  };
  const args: string[] = ['-i', input, '-filter_complex', filterGraph(encoded, settings, measured)];
  const outputs: VideoPlan['outputs'] = { variants: [], mp4: mp4.map((r) => `${r.name}.mp4`), audio: 'audio.m4a' };
  let remuxArgs: string[][] = [];
  if (settings.hls) {
    args.push(...hlsOutputArgs(encoded, streams, j));
    outputs.master = 'master.m3u8';
    outputs.variants = encoded.map((rung) => ({ rung, playlist: `${rung.name}/index.m3u8` }));
    remuxArgs = mp4.map((r) => ['-i', j(`${r.name}/index.m3u8`), '-map', '0', '-c', 'copy', '-movflags', '+faststart', ...BITEXACT, j(`${r.name}.mp4`)]);
  } else {
    // One output per MP4 rung, still from the one decode.
    encoded.forEach((r, i) => args.push('-map', videoMap(r, i), '-map', `[a${i}]`, ...streams.video, ...rateArgs(r, '', settings), ...streams.audio, ...audioRateArgs(r, ''), '-movflags', '+faststart', '-f', 'mp4', j(`${r.name}.mp4`)));
  }
  args.push(...audioOnlyArgs(settings, info, j(outputs.audio)));
  if (settings.poster) outputs.poster = 'poster.jpg';
  const posterArgs = outputs.poster ? posterArgsFor(input, rungs.at(-1)!, info, j(outputs.poster)) : undefined;
  return { ladder: rungs, rungs: encoded, mp4, encodeArgs: args, remuxArgs, ...(posterArgs ? { posterArgs } : {}), outputs };
}

/** The encoder settings every rung shares, and the audio settings every variant shares. */
interface StreamArgs {
  readonly video: readonly string[];
  readonly audio: readonly string[];
  readonly settings: VideoJobSettings;
}

/** Mono when asked for, else the source's channels, at most stereo. */
function channelsFor(settings: VideoJobSettings, info: ProbeInfo): number {
  return settings.audioChannels === 1 ? 1 : Math.min(2, Math.max(1, info.audio?.channels ?? 2));
}

/** The filter graph: the source's picture split and scaled per encoded rung; its sound normalised once and split to each variant and the audio-only file. */
function filterGraph(encoded: readonly PlannedRung[], settings: VideoJobSettings, measured: LoudnessMeasurement | undefined): string {
  const filters: string[] = [];
  // Copied rungs take the source's stream itself; only the others are scaled and encoded.
  const scaled = encoded.filter((r) => !r.copy);
  if (scaled.length > 1) filters.push(`[0:v]split=${scaled.length}${scaled.map((r) => `[s${encoded.indexOf(r)}]`).join('')}`);
  else if (scaled.length === 1) filters.push(`[0:v]null[s${encoded.indexOf(scaled[0]!)}]`);
  for (const r of scaled) {
    const i = encoded.indexOf(r);
    filters.push(`[s${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p[v${i}]`);
  }
  filters.push(`[0:a:0]${loudnormFilter(settings.loudness, measured)},asplit=${encoded.length + 1}${encoded.map((_, i) => `[a${i}]`).join('')}[aonly]`);
  return filters.join(';');
}

const videoMap = (r: PlannedRung, i: number) => (r.copy ? '0:v:0' : `[v${i}]`);

/**
 * Every rung keyed at the same times: every keyframeSeconds, no scene-cut keyframes; or, when a rung is
 * the source's own stream, at the source's keyframes and nowhere else, so all are cut into the same segments.
 */
function keyframeArgs(encoded: readonly PlannedRung[], fps: number, settings: VideoJobSettings, fit: SourceFit): string[] {
  if (fit.alignToSource !== undefined && encoded.some((r) => r.copy)) {
    const alignGop = Math.ceil(fit.alignToSource * fps) + 1;
    return ['-g', String(alignGop), '-keyint_min', String(alignGop), '-sc_threshold', '0', '-force_key_frames', 'source'];
  }
  const gop = Math.max(1, Math.round(fps * settings.keyframeSeconds));
  return ['-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-force_key_frames', `expr:gte(t,n_forced*${settings.keyframeSeconds})`];
}

function videoCodecArgs(settings: VideoJobSettings, keyframes: readonly string[]): string[] {
  return [
    '-c:v', 'libx264', '-preset', settings.preset, '-pix_fmt', 'yuv420p',
    // Same sources → same bytes. With a VBV cap (capped CRF), x264's rate control in frame threads AND in
    // sliced threads predicts from timing-dependent state: 4 runs of a 9 kb/s cap gave 4 different files.
    // One thread, lookahead in the same thread, is the only deterministic choice; throughput comes from
    // encoding several sources at once (media concurrency).
    '-threads:v', String(X264_THREADS),
    ...keyframes,
  ];
}

/** One rung's video rate settings, per output stream `i` (or for the only video stream of an output: ''). */
function rateArgs(r: PlannedRung, i: number | '', settings: VideoJobSettings): string[] {
  const at = i === '' ? '' : `:${i}`;
  if (r.copy) return [`-c:v${at}`, 'copy'];
  // Per stream: a copied stream has no encoder to take a profile.
  const profile = [`-profile:v${at}`, 'main'];
  // Capped quality: CRF spends what the picture needs, the VBV cap bounds it; or the old fixed average.
  if (settings.rateControl === 'bitrate') return [...profile, `-b:v${at}`, kbps(r.videoBitrate), `-maxrate:v${at}`, kbps(r.videoBitrate * 1.1), `-bufsize:v${at}`, kbps(r.videoBitrate * 2)];
  return [...profile, `-crf:v${at}`, String(r.crf), `-maxrate:v${at}`, kbps(r.videoBitrate), `-bufsize:v${at}`, kbps(r.videoBitrate * 2)];
}

const audioRateArgs = (r: PlannedRung, i: number | '') => [`-b:a${i === '' ? '' : `:${i}`}`, kbps(r.audioBitrate)];

/** The HLS output: every rung a variant stream of one fMP4 HLS muxer, with its master playlist. */
function hlsOutputArgs(encoded: readonly PlannedRung[], streams: StreamArgs, j: (p: string) => string): string[] {
  const { settings } = streams;
  return [
    ...encoded.flatMap((r, i) => ['-map', videoMap(r, i), '-map', `[a${i}]`]),
    ...streams.video,
    ...encoded.flatMap((r, i) => rateArgs(r, i, settings)),
    ...streams.audio,
    ...encoded.flatMap((r, i) => audioRateArgs(r, i)),
    '-f', 'hls', '-hls_time', String(settings.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
    '-hls_flags', 'independent_segments', '-hls_fmp4_init_filename', 'init.mp4',
    '-hls_segment_filename', j('%v/seg%05d.m4s'), '-master_pl_name', 'master.m3u8',
    '-var_stream_map', encoded.map((r, i) => `v:${i},a:${i},name:${r.name}`).join(' '),
    j('%v/index.m3u8'),
  ];
}

/** Speech-tuned: mono AAC-LC in MP4 (.m4a), which every browser and old Android WebView plays. */
function audioOnlyArgs(settings: VideoJobSettings, info: ProbeInfo, file: string): string[] {
  const bitrate = settings.rateControl === 'bitrate' ? settings.audioOnlyBitrate : audioBitrateFor(settings.audioOnlyBitrate, info.audio?.bitRate);
  return ['-map', '[aonly]', '-c:a', 'aac', '-b:a', kbps(bitrate), '-ac', '1', '-ar', '48000', '-vn', ...BITEXACT, '-movflags', '+faststart', file];
}

/** A frame a little way in (the first frame is often black), at the top rung's size. Input seeking decodes only a few frames. */
function posterArgsFor(input: string, top: PlannedRung, info: ProbeInfo, file: string): string[] {
  const at = Math.min(3, Math.max(0, info.durationSeconds / 3));
  return ['-ss', at.toFixed(3), '-i', input, '-map', '0:v:0', '-frames:v', '1', '-vf', `scale=${top.width}:${top.height},setsar=1`, '-q:v', '4', ...BITEXACT, '-f', 'image2', file];
}

/** An audio source: normalised, one small AAC file, never at more than 90 % of the source's bitrate. */
export function planAudio(
  input: string,
  outDir: string,
  settings: { audioOnlyBitrate: number; loudness: LoudnessTarget | false },
  measured: LoudnessMeasurement | undefined,
  sourceBitrate?: number,
): { args: string[]; output: string } {
  // Mono: speech at 48 kbit/s sounds better in one channel than split over two.
  const output = 'audio.m4a';
  return {
    output,
    args: [
      '-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', loudnormFilter(settings.loudness, measured),
      '-c:a', 'aac', '-b:a', kbps(audioBitrateFor(settings.audioOnlyBitrate, sourceBitrate)), '-ac', '1', '-ar', '48000',
      ...BITEXACT, '-movflags', '+faststart', `${outDir}/${output}`,
    ],
  };
}
