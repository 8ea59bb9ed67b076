// What the media stage hands to the render and publish stages: for each media source of the course,
// the renditions it produced. Paths are relative to the entry's folder; `dir` is where they are on disk.

export type RenditionKind = 'hls-master' | 'hls-variant' | 'mp4' | 'audio' | 'poster' | 'captions' | 'segment' | 'slides' | 'image';

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

/** Slides and lesson images: what optimising saved, reported by `ajar media` and `ajar build`. */
export interface Optimised {
  /** Size of the source file. */
  readonly originalBytes: number;
  /** What a learner downloads: the optimised PDF, or the widest variant of the preferred image format (the source when kept). */
  readonly bytes: number;
  /** The source is shipped as it is: optimising did not make it smaller, or failed (a warning says why). */
  readonly kept?: 'not-smaller' | 'failed';
  /** Images: the source's pixel size, for the fallback <img>'s width and height. */
  readonly width?: number;
  readonly height?: number;
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
  /** Slides and images only. */
  readonly optimised?: Optimised;
}

/** Keyed by the source's course-relative path. */
export type MediaIndex = ReadonlyMap<string, MediaEntry>;
