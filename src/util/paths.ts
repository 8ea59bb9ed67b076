// Whether a path inside a package, a zip or a bucket stays where it claims to be, one rule for every
// stage: package (writes site paths), verify and preview (read zip entry names), the media store (reads
// bucket keys). Relative, POSIX separators, no drive letter, no `..`; names that could mislead a reader
// (control characters, bidirectional overrides) are refused too.
// Where an author's link leads inside the course folder is a different question, answered by
// source/files.ts `staysInside` (a normalised course path that does not leave the folder, whatever its name).

export type UnsafePathReason = 'empty' | 'absolute' | 'drive' | 'backslash' | 'parent' | 'dot-segment' | 'control' | 'bidi';

export interface PathOptions {
  /** A trailing `/` marks a folder (zip directory entries) and is no empty segment. */
  readonly directories?: boolean;
}

/** Why `name` is not a safe relative path, or undefined when it is. */
export function unsafePathReason(name: string, options: PathOptions = {}): UnsafePathReason | undefined {
  if (name === '') return 'empty';
  if (name.startsWith('/') || name.startsWith('\\')) return 'absolute';
  if (/^[a-zA-Z]:/.test(name)) return 'drive';
  if (name.includes('\\')) return 'backslash';
  const segments = (options.directories && name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) return 'parent';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control';
  // Right-to-left overrides disguise a name (“tugas-\u202elmth.exe” reads as “tugas-exe.html”); Arabic names need none.
  if (/[\u202a-\u202e\u2066-\u2069]/.test(name)) return 'bidi';
  if (segments.some((s) => s === '.' || s === '')) return 'dot-segment';
  return undefined;
}

/** A safe relative path (see unsafePathReason). */
export function isSafeRelativePath(name: string, options: PathOptions = {}): boolean {
  return unsafePathReason(name, options) === undefined;
}
