// What the media stage hands to the render and publish stages: for each media source of the course,
// the renditions it produced. Paths are relative to the entry's folder; `dir` is where they are on disk.

export type RenditionKind = 'hls-master' | 'hls-variant' | 'mp4' | 'audio' | 'poster' | 'captions' | 'segment';

export interface Rendition {
  readonly kind: RenditionKind;
  /** Relative to the entry folder, POSIX. */
  readonly path: string;
  readonly bytes: number;
  readonly width?: number;
  readonly height?: number;
  /** bits per second (video + audio) */
  readonly bitrate?: number;
  /** captions: BCP 47 language tag */
  readonly lang?: string;
  readonly label?: string;
  /** Content type for serving and uploading. */
  readonly contentType: string;
  /** sha256 of the file, recorded when the entry is made; checked when an entry comes from a shared store. */
  readonly sha256?: string;
}

export interface MediaEntry {
  /** Course-relative path of the source (video, audio or caption file). */
  readonly source: string;
  /** Content-addressed cache key: source hash + settings + ffmpeg version. */
  readonly key: string;
  /** Absolute folder holding the renditions. */
  readonly dir: string;
  readonly durationSeconds?: number;
  readonly renditions: readonly Rendition[];
}

/** Keyed by the source's course-relative path. */
export type MediaIndex = ReadonlyMap<string, MediaEntry>;
