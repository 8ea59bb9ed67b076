// The contract between rendering and packaging: a site is the set of files a package carries for the
// learner (the player page, its bundle, the course data, media), and the size its resume state can reach.

import type { MediaIndex } from '../core/model/media.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PackageFormat } from '../config/schema.js';
import type { LearnerDownload } from './learner.js';

/** A package format of the registry (src/package/formats.ts), or a plain site. */
export type SiteTarget = PackageFormat | 'standalone';

export interface SiteFile {
  /** POSIX, relative to the package root; never absolute, never `..`. */
  readonly path: string;
  readonly data: Uint8Array | string;
}

export interface Site {
  /** The page the LMS launches, relative to the package root, e.g. `index.html`. */
  readonly launch: string;
  /** Sorted by path (code-unit order), deterministic: same course → same files, byte for byte. */
  readonly files: readonly SiteFile[];
  /** Worst-case length (characters) of the suspend data this course can produce for this target. */
  readonly maxStateChars: number;
  /**
   * References of the site that resolve to no file of it and no player route (site-reference-dangling),
   * located in the source they came from. Errors: a build must not package such a site.
   */
  readonly diagnostics: readonly Diagnostic[];
  /** What a learner downloads to complete the course on the lowest settings (src/render/learner.ts). */
  readonly learner?: LearnerDownload;
}

export interface RenderOptions {
  /** Renditions produced by the media stage, keyed by the source's course-relative path. */
  readonly media?: MediaIndex;
  /**
   * When set, media are not copied into the site: the player loads them from this URL
   * (renditions at `<mediaBaseUrl>/<entry key>/<rendition path>`).
   */
  readonly mediaBaseUrl?: string;
  /**
   * Embedded media only (`build.embed_rungs`): which MP4 rungs the site carries — the lowest always, plus the
   * highest rung at or below each listed height; `all`: every rung. Default: 240 and 360.
   */
  readonly embedRungs?: readonly number[] | 'all';
  /** Least time between two routine LMS commits (the LMS profile's choice); the player's default otherwise. */
  readonly commitEveryMs?: number;
  /**
   * Absolute folder of the course sources. Needed to copy files the course refers to (lesson images,
   * slides, source videos without renditions); without it only generated files are in the site.
   */
  readonly courseDir?: string;
  /** `ajar preview` only: the page exposes the player as `window.ajar` for debugging. Never in a package. */
  readonly debug?: boolean;
}
