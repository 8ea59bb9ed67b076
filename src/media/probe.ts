// Inspecting a source before encoding: ffprobe (through fluent-ffmpeg, which parses its output well
// enough for streams and format) at the edge, then a pure check that turns odd inputs into diagnostics.

import ffmpeg from 'fluent-ffmpeg';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Toolchain } from './ffmpeg.js';
import { lastErrorLine } from './ffmpeg.js';
import { rules } from './rules.js';

export interface ProbeInfo {
  readonly durationSeconds: number;
  /** The file's size in bytes and ffprobe's container names ("mov,mp4,m4a,3gp,3g2,mj2"), when known. */
  readonly sizeBytes?: number;
  readonly formatName?: string;
  readonly video?: {
    readonly codec: string;
    readonly width: number;
    readonly height: number;
    /** Nominal (r_frame_rate) and average frame rates; they differ for variable-frame-rate video. */
    readonly fps: number;
    readonly avgFps: number;
    readonly fieldOrder: string;
    /** Degrees from the display matrix or the legacy `rotate` tag; 0 when none. */
    readonly rotation: number;
    /** Sample (pixel) aspect ratio; 1 for square pixels. */
    readonly sar: number;
    /** "High", "Main", "Constrained Baseline" … and "yuv420p": whether the stream can be copied as it is. */
    readonly profile?: string;
    /** H.264 level_idc (30 = level 3.0), for the HLS CODECS of a copied stream. */
    readonly level?: number;
    readonly pixFmt?: string;
    /** Bits per second of the video stream (from the stream, else the file minus the audio); 0 when unknown. */
    readonly bitRate?: number;
  };
  readonly audio?: { readonly codec: string; readonly channels: number; readonly sampleRate: number; /** bits per second; 0 when unknown */ readonly bitRate?: number };
}

/** `detail`: ffprobe's own line saying what is wrong, when it gave one. */
export type ProbeResult = { ok: true; info: ProbeInfo } | { ok: false; problem: 'probe-failed' | 'no-streams'; detail?: string };

function rate(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  const [n, d] = value.split('/').map(Number);
  return d ? n! / d : n ?? 0;
}

/** The ffprobe data as ProbeInfo (pure, for tests on recorded probe output). */
export function probeInfoFrom(data: ffmpeg.FfprobeData): ProbeInfo {
  // Attached pictures (cover art in audio files) are video streams that are not video.
  const v = data.streams.find((s) => s.codec_type === 'video' && !(s.disposition as Record<string, number> | undefined)?.attached_pic);
  const a = data.streams.find((s) => s.codec_type === 'audio');
  const duration = Number(data.format.duration ?? v?.duration ?? a?.duration ?? 0);
  const rotationRaw = (v as { rotation?: unknown } | undefined)?.rotation ?? v?.tags?.rotate ?? 0;
  const rotation = ((Math.round(Number(rotationRaw) || 0) % 360) + 360) % 360;
  const num = (x: unknown) => (Number.isFinite(Number(x)) && Number(x) > 0 ? Number(x) : 0);
  const size = num(data.format.size);
  const audioRate = num(a?.bit_rate);
  // Matroska/WebM give no per-stream bitrate: the file's bitrate less the audio's is close enough.
  const whole = num(data.format.bit_rate) || (size && duration > 0 ? (size * 8) / duration : 0);
  const videoRate = num(v?.bit_rate) || (whole > audioRate ? whole - audioRate : 0);
  return {
    durationSeconds: Number.isFinite(duration) ? duration : 0,
    ...(size ? { sizeBytes: size } : {}),
    ...(data.format.format_name ? { formatName: String(data.format.format_name) } : {}),
    ...(v
      ? {
          video: {
            codec: String(v.codec_name ?? ''),
            width: Number(v.width ?? 0),
            height: Number(v.height ?? 0),
            fps: rate(v.r_frame_rate),
            avgFps: rate(v.avg_frame_rate),
            fieldOrder: String(v.field_order ?? 'unknown'),
            rotation,
            sar: sarOf(v.sample_aspect_ratio),
            ...(v.profile !== undefined ? { profile: String(v.profile) } : {}),
            ...(v.pix_fmt ? { pixFmt: String(v.pix_fmt) } : {}),
            ...(Number(v.level) > 0 ? { level: Number(v.level) } : {}),
            bitRate: Math.round(videoRate),
          },
        }
      : {}),
    ...(a ? { audio: { codec: String(a.codec_name ?? ''), channels: Number(a.channels ?? 0), sampleRate: Number(a.sample_rate ?? 0), bitRate: Math.round(audioRate) } } : {}),
  };
}

export function probe(tool: Toolchain, absolutePath: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    ffmpeg(absolutePath)
      .setFfprobePath(tool.ffprobe)
      .ffprobe((error: Error | null, data: ffmpeg.FfprobeData) => {
        if (error) {
          // fluent-ffmpeg puts ffprobe's whole stderr in the message; keep the line that says what is wrong.
          const line = lastErrorLine(error.message).replace(absolutePath + ': ', '');
          return resolve({ ok: false, problem: 'probe-failed', ...(line ? { detail: line } : {}) });
        }
        if (!data?.format || !Array.isArray(data.streams) || data.streams.length === 0) {
          return resolve({ ok: false, problem: 'no-streams' });
        }
        resolve({ ok: true, info: probeInfoFrom(data) });
      });
  });
}

function sarOf(value: unknown): number {
  const m = /^(\d+):(\d+)$/.exec(String(value ?? ''));
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) return 1;
  return Number(m[1]) / Number(m[2]);
}

const INTERLACED = new Set(['tt', 'bb', 'tb', 'bt']);

/**
 * Odd inputs refused with a clear message: the checks a studio master must pass before it is worth
 * encoding. Returns the diagnostics; any error means "do not encode".
 */
export function inspectSource(info: ProbeInfo, kind: 'video' | 'audio', file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!info.audio) out.push(rules['media-no-audio']({ file }));
  if (kind === 'audio') return out;
  const v = info.video;
  if (!v) {
    out.push(rules['media-no-video']({ file }));
    return out;
  }
  if (v.width >= 3840 || v.height >= 2160) out.push(rules['media-too-large']({ file, data: { width: v.width, height: v.height } }));
  if (INTERLACED.has(v.fieldOrder)) out.push(rules['media-interlaced']({ file, data: { fieldOrder: v.fieldOrder } }));
  if (v.rotation !== 0) out.push(rules['media-rotated']({ file, data: { rotation: v.rotation } }));
  // Nominal and average rates of constant-rate video agree to well under 1 % (29.97 vs 30000/1001).
  if (v.fps > 0 && v.avgFps > 0 && Math.abs(v.fps - v.avgFps) / v.fps > 0.02) {
    out.push(rules['media-variable-frame-rate']({ file, data: { nominal: round2(v.fps), average: round2(v.avgFps) } }));
  }
  return out;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
