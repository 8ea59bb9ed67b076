// Reading source files at the edge: course-relative paths that cannot escape the course folder,
// strict UTF-8 (a BOM and CRLF line endings are tolerated and normalised away).

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface SourceFile {
  /** Course-relative POSIX path, as diagnostics show it. */
  readonly path: string;
  /** Text with BOM removed and line endings normalised to \n (line/column numbers are unchanged). */
  readonly text: string;
}

export type ReadResult =
  | { ok: true; file: SourceFile }
  | { ok: false; reason: 'missing' | 'escape' | 'encoding' | 'directory'; path: string; offset?: number }
  | { ok: false; reason: 'unreadable'; path: string; cause: UnreadableCause };

/** Why a file that is there cannot be read: a symbolic link that leads back to itself, or no permission. */
export type UnreadableCause = 'loop' | 'permission' | 'io';

function unreadableCause(error: unknown): UnreadableCause | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ELOOP' ? 'loop' : code === 'EACCES' || code === 'EPERM' ? 'permission' : code === 'EIO' ? 'io' : undefined;
}

/** Joins a path written in a source file onto the folder of that file; POSIX, course-relative. */
export function resolveRef(fromFile: string, ref: string): string {
  const clean = ref.split(/[?#]/)[0]!;
  const decoded = safeDecode(clean);
  // Absolute paths stay absolute, so that staysInside() refuses them.
  if (decoded.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(decoded)) return decoded.replace(/\\/g, '/');
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), decoded.replace(/\\/g, '/')));
}

/** `decodeURIComponent`, or the text unchanged when it is no valid percent-encoding (`50%.png`). */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * True when a course-relative path, already normalised (resolveRef), stays inside the course folder: not `..`
 * or under it, not absolute, no drive letter. It judges where an author's link leads, so any name the author's
 * file system allows passes. Not to be confused with util/paths.ts `isSafeRelativePath`, the stricter rule for
 * names ajar writes or reads in a package, a zip or a bucket (refuses backslashes, `.`/empty segments, control
 * and bidirectional characters as well).
 */
export function staysInside(relative: string): boolean {
  return !(relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative));
}

/** Whether a link target is external (a URL) rather than a file of the course. */
export function isExternal(ref: string): boolean {
  return (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !isWindowsPath(ref)) || ref.startsWith('//');
}

/** `C:\Users\…` or `D:/materi/…`: an absolute path on the author's Windows computer. */
export function isWindowsPath(ref: string): boolean {
  return /^[a-zA-Z]:([\\/]|$)/.test(ref) || ref.startsWith('\\\\');
}

export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export interface CourseFs {
  readonly root: string;
  read(relative: string): Promise<ReadResult>;
  readBytes(relative: string, length?: number): Promise<Buffer | undefined>;
  /** The first bytes of a file, or why there are none ('escape' for a link that leads outside the course). */
  head(relative: string, length: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: 'missing' | 'escape' }>;
}

/**
 * @param plainFiles course-relative paths known to be regular files reached without a symbolic link
 *   (from a directory walk): they need no realpath() check, which is most of the cost on large courses.
 */
export function courseFs(root: string, plainFiles?: ReadonlySet<string>): CourseFs {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const heads = new Map<string, Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: 'missing' | 'escape' }>>();

  async function locate(relative: string): Promise<{ ok: true; abs: string } | { ok: false; reason: 'escape' | 'missing' } | { ok: false; reason: 'unreadable'; cause: UnreadableCause }> {
    if (!staysInside(relative)) return { ok: false, reason: 'escape' };
    const abs = path.join(absRoot, ...relative.split('/'));
    if (plainFiles?.has(relative)) return { ok: true, abs };
    let real: string;
    try {
      real = await realpath(abs);
    } catch (error) {
      const cause = unreadableCause(error);
      return cause ? { ok: false, reason: 'unreadable', cause } : { ok: false, reason: 'missing' };
    }
    // A symlink inside the course may point outside it: that escapes too.
    realRoot ??= realpath(absRoot);
    const base = await realRoot;
    if (real !== base && !real.startsWith(base + path.sep)) return { ok: false, reason: 'escape' };
    return { ok: true, abs: real };
  }

  return {
    root: absRoot,
    async read(relative) {
      const where = await locate(relative);
      if (!where.ok) return where.reason === 'unreadable' ? { ok: false, reason: 'unreadable', cause: where.cause, path: relative } : { ok: false, reason: where.reason, path: relative };
      let bytes: Buffer;
      try {
        // Sources are small local files: one synchronous read costs less than the four thread-pool round trips
        // (open, stat, read, close) of an asynchronous one, which on a 1,000-lesson course add up to seconds.
        bytes = readFileSync(where.abs);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const cause = unreadableCause(error);
        if (cause) return { ok: false, reason: 'unreadable', cause, path: relative };
        return { ok: false, reason: code === 'EISDIR' ? 'directory' : 'missing', path: relative };
      }
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return { ok: true, file: { path: relative, text: normaliseText(text) } };
      } catch {
        return { ok: false, reason: 'encoding', path: relative, offset: firstInvalidUtf8(bytes) };
      }
    },
    async head(relative, length) {
      // Lessons often share one file (a module's slide deck, a logo): its first bytes are read once per load.
      const key = `${length}:${relative}`;
      let found = heads.get(key);
      if (!found) {
        found = (async () => {
          const where = await locate(relative);
          if (!where.ok) return where.reason === 'escape' ? { ok: false, reason: 'escape' } : { ok: false, reason: 'missing' };
          const bytes = firstBytes(where.abs, length);
          return bytes ? { ok: true, bytes } : { ok: false, reason: 'missing' };
        })();
        heads.set(key, found);
      }
      const r = await found;
      // Callers own what they get: a copy of the bytes, never the shared buffer.
      return r.ok ? { ok: true, bytes: Buffer.from(r.bytes) } : r;
    },
    async readBytes(relative, length) {
      const where = await locate(relative);
      if (!where.ok) return undefined;
      try {
        if (length === undefined) return await readFile(where.abs);
        return firstBytes(where.abs, length);
      } catch {
        return undefined;
      }
    },
  };
}

/** The first `length` bytes of a file (fewer when it is shorter), or undefined when it cannot be read. */
function firstBytes(abs: string, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buffer = Buffer.alloc(length);
    const bytesRead = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Byte offset of the first invalid UTF-8 sequence, to point at the line. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return i;
}

/** Line and column (in characters, as editors count) of a byte offset. */
export function lineOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: [...before].length + 1 };
}

/** A course-relative path as an author writes it in `fromFile`: relative to that file's folder. */
export function relativeRef(fromFile: string, target: string): string {
  return path.posix.relative(path.posix.dirname(fromFile), target) || path.posix.basename(target);
}

/**
 * The hint data for a path that does not exist, in the author's terms: a suggestion relative to the file
 * that wrote it and, when the path as written exists from the course root, `fromRoot` (the usual mistake
 * in a file inside a folder: `bank/modul-2.md` written in `kuis/kuis-2.md`).
 */
export function missingPathHint(
  fromFile: string,
  written: string,
  found: string | undefined,
  exists: (coursePath: string) => boolean,
): { suggestion: string; fromRoot?: number; dir?: string } {
  const dir = path.posix.dirname(fromFile);
  const asFromRoot = path.posix.normalize(safeDecode(written.split(/[?#]/)[0]!).replace(/\\/g, '/'));
  if (dir !== '.' && staysInside(asFromRoot) && exists(asFromRoot)) {
    return { suggestion: relativeRef(fromFile, asFromRoot), fromRoot: 1, dir: `${dir}/` };
  }
  return { suggestion: found ? relativeRef(fromFile, found) : '' };
}

/** Links and images in rendered HTML point at course-relative paths, so the player can resolve them from its root. */
export function courseHref(fromFile: string, url: string): string | undefined {
  if (!url || url.startsWith('#') || isExternal(url)) return undefined;
  const hash = url.indexOf('#');
  const target = resolveRef(fromFile, hash === -1 ? url : url.slice(0, hash));
  if (!staysInside(target)) return '#';
  return encodeURI(target) + (hash === -1 ? '' : url.slice(hash));
}
