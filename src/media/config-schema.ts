// The `media:` section of ajar.yaml: its JSON Schema (for the config loader and editors), its
// TypeScript shape, the defaults, and the one function that turns validated YAML into settings.
// YAML keys are snake_case like the rest of ajar.yaml; the TypeScript side is camelCase.

/** One rung of the ladder: output height in pixels and capped-VBR video bitrate in bits per second. */
export interface Rung {
  readonly height: number;
  readonly videoBitrate: number;
}

export type X264Preset = 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow' | 'slower';

export interface LoudnessTarget {
  /** Integrated loudness, LUFS (EBU R128). −16 suits online listening; −23 is broadcast. */
  readonly integrated: number;
  /** Maximum true peak, dBTP. */
  readonly truePeak: number;
  /** Loudness range, LU. */
  readonly range: number;
}

export interface MediaSettings {
  /** Heights are never upscaled: rungs above the source's height are left out. */
  readonly ladder: readonly Rung[];
  /** AAC bitrate of the audio muxed into every video rendition, bits per second. */
  readonly audioBitrate: number;
  /** AAC bitrate of the audio-only rendition (the "audio" medium, and listening without video). */
  readonly audioOnlyBitrate: number;
  /** false: keep the source's loudness. */
  readonly loudness: LoudnessTarget | false;
  /** Write an HLS (fMP4) ladder with a master playlist. */
  readonly hls: boolean;
  /**
   * Heights of the progressive MP4 renditions (each the nearest rung at or below it), for players and
   * packages without HLS; empty: none. With HLS they are copied from the HLS rungs, not encoded again.
   */
  readonly mp4Fallback: readonly number[];
  readonly poster: boolean;
  /** libx264 preset: slower presets give smaller files at the same quality. */
  readonly preset: X264Preset;
  /** HLS segment length; a multiple of the keyframe interval. */
  readonly segmentSeconds: number;
  /** Keyframe interval, the same in every rung so players can switch rungs at any segment. */
  readonly keyframeSeconds: number;
  /** Parallel transcodes; 'auto' = half the cores (each ffmpeg already uses several threads). */
  readonly concurrency: number | 'auto';
}

export const mediaDefaults: MediaSettings = {
  ladder: [
    { height: 240, videoBitrate: 230_000 },
    { height: 360, videoBitrate: 450_000 },
    { height: 480, videoBitrate: 800_000 },
    { height: 720, videoBitrate: 1_600_000 },
  ],
  audioBitrate: 64_000,
  audioOnlyBitrate: 48_000,
  loudness: { integrated: -16, truePeak: -1.5, range: 11 },
  hls: true,
  mp4Fallback: [360],
  poster: true,
  preset: 'medium',
  segmentSeconds: 6,
  keyframeSeconds: 2,
  concurrency: 'auto',
};

const bitrate = {
  anyOf: [
    { type: 'integer', minimum: 8000, maximum: 50_000_000 },
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?[kKmM]?$' },
  ],
  description: 'bits per second: 230000, "230k" or "1.6M"',
  'x-expected': 'bitrate',
} as const;

export const mediaConfigSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'media pipeline settings (see docs/media.md)',
  properties: {
    ladder: {
      type: 'array',
      minItems: 1,
      description: 'renditions for slow links, smallest first; never upscaled',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['height', 'bitrate'],
        properties: {
          height: { type: 'integer', minimum: 120, maximum: 1080, multipleOf: 2 },
          bitrate,
        },
      },
    },
    audio_bitrate: bitrate,
    audio_only_bitrate: bitrate,
    loudness: {
      description: 'EBU R128 two-pass loudness normalisation target, or false to keep the source loudness',
      anyOf: [
        { const: false },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            target: { type: 'number', minimum: -70, maximum: -5, description: 'integrated loudness, LUFS (default -16)' },
            true_peak: { type: 'number', minimum: -9, maximum: 0, description: 'dBTP (default -1.5)' },
            range: { type: 'number', minimum: 1, maximum: 20, description: 'LU (default 11)' },
          },
        },
      ],
    },
    hls: { type: 'boolean', description: 'write an HLS (fMP4) ladder with a master playlist' },
    mp4_fallback: {
      anyOf: [
        { const: false },
        { type: 'integer', minimum: 120, maximum: 1080 },
        { type: 'array', uniqueItems: true, items: { type: 'integer', minimum: 120, maximum: 1080 } },
      ],
      description: 'height (or list of heights) of the progressive MP4 renditions, or false',
    },
    poster: { type: 'boolean' },
    preset: { enum: ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower'] },
    segment_seconds: { type: 'integer', minimum: 2, maximum: 20 },
    keyframe_seconds: { type: 'integer', minimum: 1, maximum: 10 },
    concurrency: { anyOf: [{ const: 'auto' }, { type: 'integer', minimum: 1, maximum: 64 }] },
  },
} as const;

/** "230k" → 230000; numbers pass through. */
export function parseBitrate(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value);
  if (typeof value !== 'string') return fallback;
  const m = /^([0-9]+(?:\.[0-9]+)?)([kKmM]?)$/.exec(value.trim());
  if (!m) return fallback;
  const factor = m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1000 : 1_000_000;
  return Math.round(Number(m[1]) * factor);
}

/** Settings from the (schema-validated, interpolated) `media:` section; anything absent takes its default. */
export function mediaSettingsFrom(raw: Readonly<Record<string, unknown>> | undefined): MediaSettings {
  const r = (raw ?? {}) as Record<string, any>;
  const d = mediaDefaults;
  const ladder: Rung[] = Array.isArray(r.ladder)
    ? r.ladder
        .filter((x: any) => x && Number.isInteger(x.height))
        .map((x: any) => ({ height: x.height as number, videoBitrate: parseBitrate(x.bitrate, 500_000) }))
        .sort((a: Rung, b: Rung) => a.height - b.height)
    : [...d.ladder];
  const defaultLoudness = d.loudness as LoudnessTarget;
  const loudness: LoudnessTarget | false =
    r.loudness === false
      ? false
      : {
          integrated: typeof r.loudness?.target === 'number' ? r.loudness.target : defaultLoudness.integrated,
          truePeak: typeof r.loudness?.true_peak === 'number' ? r.loudness.true_peak : defaultLoudness.truePeak,
          range: typeof r.loudness?.range === 'number' ? r.loudness.range : defaultLoudness.range,
        };
  const keyframeSeconds = Number.isInteger(r.keyframe_seconds) ? (r.keyframe_seconds as number) : d.keyframeSeconds;
  let segmentSeconds = Number.isInteger(r.segment_seconds) ? (r.segment_seconds as number) : d.segmentSeconds;
  // Segments must start on keyframes: round the segment length up to a multiple of the keyframe interval.
  segmentSeconds = Math.max(keyframeSeconds, Math.ceil(segmentSeconds / keyframeSeconds) * keyframeSeconds);
  return {
    ladder: ladder.length ? ladder : [...d.ladder],
    audioBitrate: parseBitrate(r.audio_bitrate, d.audioBitrate),
    audioOnlyBitrate: parseBitrate(r.audio_only_bitrate, d.audioOnlyBitrate),
    loudness,
    hls: typeof r.hls === 'boolean' ? r.hls : d.hls,
    mp4Fallback:
      r.mp4_fallback === false
        ? []
        : Number.isInteger(r.mp4_fallback)
          ? [r.mp4_fallback as number]
          : Array.isArray(r.mp4_fallback)
            ? [...new Set((r.mp4_fallback as unknown[]).filter((h): h is number => Number.isInteger(h)))].sort((a, b) => a - b)
            : d.mp4Fallback,
    poster: typeof r.poster === 'boolean' ? r.poster : d.poster,
    preset: typeof r.preset === 'string' ? (r.preset as X264Preset) : d.preset,
    segmentSeconds,
    keyframeSeconds,
    concurrency: r.concurrency === 'auto' || Number.isInteger(r.concurrency) ? (r.concurrency as number | 'auto') : d.concurrency,
  };
}
