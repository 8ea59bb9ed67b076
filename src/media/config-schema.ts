// The `media:` section of ajar.yaml: its JSON Schema (for the config loader and editors), its
// TypeScript shape, the defaults, and the one function that turns validated YAML into settings.
// YAML keys are snake_case like the rest of ajar.yaml; the TypeScript side is camelCase.

/**
 * One rung of the ladder: output height in pixels and video bitrate in bits per second. With
 * `rateControl: 'quality'` (the default) the bitrate is a cap (`-maxrate`, buffer 2×) and `crf` sets the
 * quality, so easy content (slides) costs far less than the cap; with `'bitrate'` it is the average target.
 */
export interface Rung {
  readonly height: number;
  readonly videoBitrate: number;
  /** libx264 constant rate factor (quality mode); absent: `crfFor(height)`. */
  readonly crf?: number;
  /** AAC bitrate of this rung's audio; absent: the ladder-wide `audioBitrate`. */
  readonly audioBitrate?: number;
}

export type RateControl = 'quality' | 'bitrate';

/** The default CRF of a rung by height: a little more quality per pixel where there are fewer pixels. */
export function crfFor(height: number): number {
  return height <= 240 ? 28 : height <= 360 ? 27 : height <= 480 ? 26 : height <= 720 ? 25 : 24;
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
  /** 'quality': capped CRF (content-adaptive; the default). 'bitrate': the rung bitrate is the average (ajar ≤ 0.x). */
  readonly rateControl: RateControl;
  /** AAC bitrate of the audio muxed into every video rendition that has none of its own, bits per second. */
  readonly audioBitrate: number;
  /** Channels of the audio in video renditions: 1 (speech; the default) or at most 2 (keeps stereo sources stereo). */
  readonly audioChannels: 1 | 2;
  /** AAC bitrate of the audio-only rendition (the "audio" medium, and listening without video). */
  readonly audioOnlyBitrate: number;
  /** false: keep the source's loudness. */
  readonly loudness: LoudnessTarget | false;
  /** Write an HLS (fMP4) ladder with a master playlist. */
  readonly hls: boolean;
  /**
   * Heights of the progressive MP4 renditions (each the nearest rung at or below it), for players and
   * packages without HLS; empty: none. With HLS they are copied from the HLS rungs, not encoded again.
   * Default: every rung of the ladder, so the player can step between rungs without HLS (issue 16) and
   * `build.embed_rungs` can choose which of them a package carries.
   */
  readonly mp4Fallback: readonly number[];
  readonly poster: boolean;
  /** libx264 preset: slower presets give smaller files at the same quality. */
  readonly preset: X264Preset;
  /** HLS segment length; a multiple of the keyframe interval. */
  readonly segmentSeconds: number;
  /** Keyframe interval, the same in every rung so players can switch rungs at any segment. */
  readonly keyframeSeconds: number;
  /** Parallel transcodes; 'auto' = one per core (libx264 runs single-threaded for deterministic bytes, so throughput comes from encoding sources side by side). */
  readonly concurrency: number | 'auto';
  /** PDF slide decks: made smaller with Ghostscript (src/media/slides.ts). */
  readonly slides: SlidesSettings;
  /** Lesson images: responsive AVIF/WebP variants with sharp (src/media/images.ts). */
  readonly images: ImageSettings;
}

export interface SlidesSettings {
  /** false: PDFs go into packages exactly as authored. */
  readonly optimise: boolean;
  /** Colour and grey images above this resolution (dpi) are downsampled to it; monochrome to twice it. */
  readonly resolution: number;
}

export type ImageFormat = 'avif' | 'webp';

export interface ImageSettings {
  /** false: lesson images are shipped as authored, in a plain <img>. */
  readonly responsive: boolean;
  /** Variant widths in pixels; a width at or above the image's own is replaced by the image's width (never upscaled). */
  readonly widths: readonly number[];
  /** Formats offered, in order of preference (the browser takes the first it supports). */
  readonly formats: readonly ImageFormat[];
  /** Encoder quality, 1–100. */
  readonly avifQuality: number;
  readonly webpQuality: number;
}

export const mediaDefaults: MediaSettings = {
  // Caps, not targets: capped CRF spends what the picture needs up to here. 240p stays under 12 MB per
  // 10 minutes with its speech audio whatever the content (125k + 32k ≈ 157 kbit/s).
  ladder: [
    { height: 240, videoBitrate: 125_000, crf: 28, audioBitrate: 32_000 },
    { height: 360, videoBitrate: 300_000, crf: 27, audioBitrate: 40_000 },
    { height: 480, videoBitrate: 550_000, crf: 26 },
    { height: 720, videoBitrate: 1_100_000, crf: 25 },
  ],
  rateControl: 'quality',
  audioBitrate: 48_000,
  audioChannels: 1,
  audioOnlyBitrate: 32_000,
  loudness: { integrated: -16, truePeak: -1.5, range: 11 },
  hls: true,
  mp4Fallback: [240, 360, 480, 720],
  poster: true,
  preset: 'medium',
  segmentSeconds: 6,
  keyframeSeconds: 2,
  concurrency: 'auto',
  slides: { optimise: true, resolution: 150 },
  images: { responsive: true, widths: [480, 960, 1440], formats: ['avif', 'webp'], avifQuality: 50, webpQuality: 75 },
};

/**
 * The fixed-bitrate ladder ajar used before capped CRF (issue 16): `rate_control: bitrate` with these
 * values reproduces it. bench/bytes.mjs measures against it.
 */
export const fixedBitrateLadder: Pick<MediaSettings, 'ladder' | 'rateControl' | 'audioBitrate' | 'audioChannels' | 'audioOnlyBitrate'> = {
  ladder: [
    { height: 240, videoBitrate: 230_000 },
    { height: 360, videoBitrate: 450_000 },
    { height: 480, videoBitrate: 800_000 },
    { height: 720, videoBitrate: 1_600_000 },
  ],
  rateControl: 'bitrate',
  audioBitrate: 64_000,
  audioChannels: 2,
  audioOnlyBitrate: 48_000,
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
          bitrate: { ...bitrate, description: 'video bitrate cap (rate_control: quality) or average (rate_control: bitrate)' },
          crf: { type: 'integer', minimum: 15, maximum: 40, description: 'libx264 quality (lower is better and larger); default by height: 240p 28, 360p 27, 480p 26, 720p 25' },
          audio_bitrate: { ...bitrate, description: 'AAC bitrate of this rung (default: audio_bitrate)' },
        },
      },
    },
    rate_control: {
      enum: ['quality', 'bitrate'],
      description: 'quality: capped CRF, each rung spends what the picture needs up to its bitrate (default); bitrate: fixed average bitrate per rung',
    },
    audio_bitrate: bitrate,
    audio_channels: { enum: [1, 2], description: 'audio channels in video renditions: 1 (speech, default) or 2 (keep stereo)' },
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
      description: 'height (or list of heights) of the progressive MP4 renditions, or false; default: every rung of the ladder',
    },
    poster: { type: 'boolean' },
    preset: { enum: ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower'] },
    segment_seconds: { type: 'integer', minimum: 2, maximum: 20 },
    keyframe_seconds: { type: 'integer', minimum: 1, maximum: 10 },
    concurrency: { anyOf: [{ const: 'auto' }, { type: 'integer', minimum: 1, maximum: 64 }] },
    slides: {
      description: 'PDF slide decks made smaller with Ghostscript (images downsampled), or false to ship them as authored',
      anyOf: [
        { const: false },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            optimise: { type: 'boolean', description: 'false: ship PDFs as authored' },
            resolution: { type: 'integer', minimum: 72, maximum: 600, description: 'dpi that images in the PDF are downsampled to (default 150)' },
          },
        },
      ],
    },
    images: {
      description: 'responsive AVIF/WebP variants of lesson images (PNG, JPEG), or false to ship them as authored',
      anyOf: [
        { const: false },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            responsive: { type: 'boolean', description: 'false: ship images as authored' },
            widths: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'integer', minimum: 64, maximum: 4096 }, description: 'variant widths in pixels (default [480, 960, 1440]); never upscaled' },
            formats: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['avif', 'webp'] }, description: 'formats offered, preferred first (default [avif, webp])' },
            avif_quality: { type: 'integer', minimum: 1, maximum: 100 },
            webp_quality: { type: 'integer', minimum: 1, maximum: 100 },
          },
        },
      ],
    },
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
        .map((x: any) => ({
          height: x.height as number,
          videoBitrate: parseBitrate(x.bitrate, 500_000),
          ...(Number.isInteger(x.crf) ? { crf: x.crf as number } : {}),
          ...(x.audio_bitrate !== undefined ? { audioBitrate: parseBitrate(x.audio_bitrate, d.audioBitrate) } : {}),
        }))
        .sort((a: Rung, b: Rung) => a.height - b.height)
    : // A ladder-wide audio_bitrate (an ajar.yaml from before per-rung audio) applies to every default rung.
      d.ladder.map((x) => (r.audio_bitrate !== undefined ? { height: x.height, videoBitrate: x.videoBitrate, ...(x.crf !== undefined ? { crf: x.crf } : {}) } : x));
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
    rateControl: r.rate_control === 'bitrate' || r.rate_control === 'quality' ? r.rate_control : d.rateControl,
    audioBitrate: parseBitrate(r.audio_bitrate, d.audioBitrate),
    audioChannels: r.audio_channels === 2 ? 2 : r.audio_channels === 1 ? 1 : d.audioChannels,
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
            : (ladder.length ? ladder : d.ladder).map((x) => x.height),
    poster: typeof r.poster === 'boolean' ? r.poster : d.poster,
    preset: typeof r.preset === 'string' ? (r.preset as X264Preset) : d.preset,
    segmentSeconds,
    keyframeSeconds,
    concurrency: r.concurrency === 'auto' || Number.isInteger(r.concurrency) ? (r.concurrency as number | 'auto') : d.concurrency,
    slides: slidesSettingsFrom(r.slides),
    images: imageSettingsFrom(r.images),
  };
}

function slidesSettingsFrom(raw: any): SlidesSettings {
  const d = mediaDefaults.slides;
  if (raw === false) return { ...d, optimise: false };
  return {
    optimise: typeof raw?.optimise === 'boolean' ? raw.optimise : d.optimise,
    resolution: Number.isInteger(raw?.resolution) ? (raw.resolution as number) : d.resolution,
  };
}

function imageSettingsFrom(raw: any): ImageSettings {
  const d = mediaDefaults.images;
  if (raw === false) return { ...d, responsive: false };
  const widths = Array.isArray(raw?.widths) ? [...new Set((raw.widths as unknown[]).filter((w): w is number => Number.isInteger(w) && (w as number) > 0))].sort((a, b) => a - b) : [];
  const formats = Array.isArray(raw?.formats) ? [...new Set((raw.formats as unknown[]).filter((f): f is ImageFormat => f === 'avif' || f === 'webp'))] : [];
  return {
    responsive: typeof raw?.responsive === 'boolean' ? raw.responsive : d.responsive,
    widths: widths.length ? widths : d.widths,
    formats: formats.length ? formats : d.formats,
    avifQuality: Number.isInteger(raw?.avif_quality) ? (raw.avif_quality as number) : d.avifQuality,
    webpQuality: Number.isInteger(raw?.webp_quality) ? (raw.webp_quality as number) : d.webpQuality,
  };
}
