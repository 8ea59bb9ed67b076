// What packaging needs from a rendered site. The render stage's `Site` (src/render/site.ts) has this shape;
// it is restated structurally here so packaging depends on data, not on the renderer's module.

export interface PackageFile {
  /** Package-relative POSIX path. */
  readonly path: string;
  readonly data: Uint8Array | string;
}

export interface PackageSite {
  /** Package-relative path of the page the LMS launches. */
  readonly launch: string;
  readonly files: readonly PackageFile[];
  /** The player's worst-case suspend_data length for this course, in characters. */
  readonly maxStateChars: number;
}

export type ScormFormat = 'scorm12' | 'scorm2004';
export const scormFormats: readonly ScormFormat[] = ['scorm12', 'scorm2004'];

/** suspend_data limits: SCORM 1.2 RTE (CMIString4096) and SCORM 2004 4th (SPM 64,000 characters). */
export const stateLimit: Record<ScormFormat, number> = { scorm12: 4096, scorm2004: 64000 };
