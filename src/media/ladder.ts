// The ffmpeg command lines, built as data (argument arrays) from the probe and the settings. Pure:
// tests and the bench read them, run.ts executes them. One decode feeds every rung through `split`.

import type { LoudnessTarget, Rung } from './config-schema.js';
import type { ProbeInfo } from './probe.js';
import type { VideoJobSettings } from './plan.js';

export interface PlannedRung {
  /** Folder and HLS variant name, e.g. "360p". */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly videoBitrate: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** The ladder for one source: rungs at or below its height, never upscaled; one rung at its own height if it is smaller than all. */
export function rungsFor(video: NonNullable<ProbeInfo['video']>, ladder: readonly Rung[]): { rungs: PlannedRung[]; belowLadder: boolean } {
  const displayWidth = video.width * (video.sar || 1);
  const widthFor = (h: number) => even((h * displayWidth) / video.height);
  const sorted = [...ladder].sort((a, b) => a.height - b.height);
  const fitting = sorted.filter((r) => r.height <= video.height);
  if (fitting.length === 0) {
    const height = even(video.height);
    return { rungs: [{ name: `${height}p`, width: widthFor(height), height, videoBitrate: sorted[0]!.videoBitrate }], belowLadder: true };
  }
  return { rungs: fitting.map((r) => ({ name: `${r.height}p`, width: widthFor(r.height), height: r.height, videoBitrate: r.videoBitrate })), belowLadder: false };
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

/** Fixed, not per-machine: the slice count is part of the bitstream. */
export const X264_THREADS = 4;

const kbps = (bps: number) => `${Math.round(bps / 1000)}k`;

// Reproducible bytes: no encoder/creation-time metadata, no random ids.
const BITEXACT = ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'];

export interface VideoPlan {
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
export function planVideo(input: string, outDir: string, info: ProbeInfo, settings: VideoJobSettings, measured: LoudnessMeasurement | undefined): VideoPlan {
  const video = info.video!;
  const { rungs } = rungsFor(video, settings.ladder);
  // Without HLS only the MP4 rungs are encoded (the top rung if none is asked for), straight to MP4.
  const mp4 = mp4Rungs(rungs, settings.hls || settings.mp4Fallback.length ? settings.mp4Fallback : [rungs.at(-1)!.height]);
  const encoded = settings.hls ? rungs : mp4;
  const fps = video.fps > 0 && video.fps < 121 ? video.fps : 25;
  const gop = Math.max(1, Math.round(fps * settings.keyframeSeconds));
  const channels = Math.min(2, Math.max(1, info.audio?.channels ?? 2));
  const j = (p: string) => (outDir.endsWith('/') ? outDir + p : `${outDir}/${p}`);

  const filters: string[] = [];
  const n = encoded.length;
  filters.push(n > 1 ? `[0:v]split=${n}${encoded.map((_, i) => `[s${i}]`).join('')}` : `[0:v]null[s0]`);
  encoded.forEach((r, i) => filters.push(`[s${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p[v${i}]`));
  filters.push(`[0:a:0]${loudnormFilter(settings.loudness, measured)},asplit=${n + 1}${encoded.map((_, i) => `[a${i}]`).join('')}[aonly]`);

  const args: string[] = ['-i', input, '-filter_complex', filters.join(';')];
  args.push(
    '-c:v', 'libx264', '-preset', settings.preset, '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    // Same sources → same bytes. With capped VBV, x264's frame threads and its threaded lookahead make
    // the bitstream depend on timing (measured: up to 10 different outputs in 10 parallel runs); sliced
    // threads with a fixed count and a single lookahead thread do not (about 1 % larger files).
    '-threads:v', String(X264_THREADS), '-x264-params', 'sliced-threads=1:lookahead-threads=1',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-force_key_frames', `expr:gte(t,n_forced*${settings.keyframeSeconds})`,
  );
  const rate = (r: PlannedRung, i: number | '') => {
    const at = i === '' ? '' : `:${i}`;
    return [`-b:v${at}`, kbps(r.videoBitrate), `-maxrate:v${at}`, kbps(r.videoBitrate * 1.1), `-bufsize:v${at}`, kbps(r.videoBitrate * 2)];
  };
  const audioArgs = ['-c:a', 'aac', '-b:a', kbps(settings.audioBitrate), '-ac', String(channels), '-ar', '48000', ...BITEXACT];
  const videoArgs = args.splice(args.indexOf('-c:v'));
  const outputs: { master?: string; variants: { rung: PlannedRung; playlist: string }[]; mp4: string[]; audio: string; poster?: string } = {
    variants: [],
    mp4: mp4.map((r) => `${r.name}.mp4`),
    audio: 'audio.m4a',
  };
  const remuxArgs: string[][] = [];
  if (settings.hls) {
    encoded.forEach((_, i) => args.push('-map', `[v${i}]`, '-map', `[a${i}]`));
    args.push(...videoArgs);
    encoded.forEach((r, i) => args.push(...rate(r, i)));
    args.push(...audioArgs);
    args.push(
      '-f', 'hls', '-hls_time', String(settings.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
      '-hls_flags', 'independent_segments', '-hls_fmp4_init_filename', 'init.mp4',
      '-hls_segment_filename', j('%v/seg%05d.m4s'), '-master_pl_name', 'master.m3u8',
      '-var_stream_map', encoded.map((r, i) => `v:${i},a:${i},name:${r.name}`).join(' '),
      j('%v/index.m3u8'),
    );
    outputs.master = 'master.m3u8';
    outputs.variants = encoded.map((rung) => ({ rung, playlist: `${rung.name}/index.m3u8` }));
    for (const r of mp4) remuxArgs.push(['-i', j(`${r.name}/index.m3u8`), '-map', '0', '-c', 'copy', '-movflags', '+faststart', ...BITEXACT, j(`${r.name}.mp4`)]);
  } else {
    // One output per MP4 rung, still from the one decode.
    encoded.forEach((r, i) => args.push('-map', `[v${i}]`, '-map', `[a${i}]`, ...videoArgs, ...rate(r, ''), ...audioArgs, '-movflags', '+faststart', '-f', 'mp4', j(`${r.name}.mp4`)));
  }
  args.push('-map', '[aonly]', '-c:a', 'aac', '-b:a', kbps(settings.audioOnlyBitrate), '-ac', '1', '-ar', '48000', '-vn', ...BITEXACT, '-movflags', '+faststart', j(outputs.audio));

  let posterArgs: string[] | undefined;
  if (settings.poster) {
    const top = rungs.at(-1)!;
    // A frame a little way in: the first frame is often black. Input seeking decodes only a few frames.
    const at = Math.min(3, Math.max(0, info.durationSeconds / 3));
    outputs.poster = 'poster.jpg';
    posterArgs = ['-ss', at.toFixed(3), '-i', input, '-map', '0:v:0', '-frames:v', '1', '-vf', `scale=${top.width}:${top.height},setsar=1`, '-q:v', '4', ...BITEXACT, '-f', 'image2', j(outputs.poster)];
  }
  return { rungs: encoded, mp4, encodeArgs: args, remuxArgs, ...(posterArgs ? { posterArgs } : {}), outputs };
}

/** An audio source: normalised, one small AAC file. */
export function planAudio(input: string, outDir: string, settings: { audioOnlyBitrate: number; loudness: LoudnessTarget | false }, measured: LoudnessMeasurement | undefined): { args: string[]; output: string } {
  // Mono: speech at 48 kbit/s sounds better in one channel than split over two.
  const output = 'audio.m4a';
  return {
    output,
    args: [
      '-i', input, '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', loudnormFilter(settings.loudness, measured),
      '-c:a', 'aac', '-b:a', kbps(settings.audioOnlyBitrate), '-ac', '1', '-ar', '48000',
      ...BITEXACT, '-movflags', '+faststart', `${outDir}/${output}`,
    ],
  };
}
