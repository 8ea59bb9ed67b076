// The content-addressed store of renditions: `<cacheDir>/<key>/` holds one source's outputs and, written
// last, `entry.json`. A folder is trusted only if entry.json names its key and every file it lists is
// there with its size and its sha256 (checked again whenever the files changed: readEntry); folders are built under a temporary name and renamed into place (writeDirAtomic),
// so a killed run leaves only `.tmp-*` folders that nothing reads.

import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic.js';
import { sha256File } from '../fs/hash.js';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Optimised, Rendition } from '../core/model/media.js';
import { sha256 } from './plan.js';

export const ENTRY_FILE = 'entry.json';

/** What a cache folder's entry.json holds. */
export interface StoredEntry {
  readonly key: string;
  /** The path of the source it was first made from (informational; the content is what counts). */
  readonly madeFrom: string;
  readonly durationSeconds?: number;
  readonly renditions: readonly Rendition[];
  /** Warnings and notes found while making it, reported again on every cache hit. */
  readonly notes: readonly Diagnostic[];
  /** Captions: end of the last cue, for the check against the video's duration. */
  readonly lastCueEnd?: number;
  /** Slides and images: sizes before and after, and whether the source is shipped instead. */
  readonly optimised?: Optimised;
}

/** source content + job kind and settings + ffmpeg version → the folder name. */
export function cacheKey(sourceSha256: string, settingsDigest: string, ffmpegVersion: string): string {
  return sha256(`ajar-media\n${sourceSha256}\n${settingsDigest}\n${ffmpegVersion}`).slice(0, 40);
}

/**
 * The source's SHA-256, remembered per path with its size, inode and nanosecond mtime, so a re-run over
 * gigabytes of masters does not read them all again. Any change to the file changes the stat and it is
 * hashed again; the memo only ever saves work, the key is still the content hash.
 */
export async function hashSource(absolutePath: string, cacheDir: string): Promise<string> {
  const s = await stat(absolutePath, { bigint: true });
  const fingerprint = `${s.size}:${s.ino}:${s.mtimeNs}:${s.ctimeNs}`;
  const memo = path.join(cacheDir, 'hashes', sha256(absolutePath).slice(0, 32) + '.json');
  try {
    const known = JSON.parse(await readFile(memo, 'utf8')) as { path: string; fingerprint: string; sha256: string };
    if (known.path === absolutePath && known.fingerprint === fingerprint && /^[0-9a-f]{64}$/.test(known.sha256)) return known.sha256;
  } catch {
    // not hashed yet
  }
  const digest = await sha256File(absolutePath);
  await writeFileAtomic(memo, JSON.stringify({ path: absolutePath, fingerprint, sha256: digest }) + '\n').catch(() => {});
  return digest;
}

export function entryDir(cacheDir: string, key: string): string {
  return path.join(cacheDir, key);
}

/**
 * The entry for a key if it is complete and intact; undefined otherwise (then it is made again).
 *
 * Sizes are always checked, and every file's sha256 whenever its files are not known to be the ones last
 * verified: the cache remembers (`verified/<key>.json`) each file's size, inode, mtime and ctime as they
 * stood when their content last matched entry.json, so an unchanged entry costs a stat per file, while a
 * file written since — a same-size corruption in a shared folder (a zeroed block), a copy from another
 * machine — is hashed and, if it differs, not shipped. `verifyContent` (an entry another machine just wrote,
 * or pulled from a bucket) hashes regardless. An entry without recorded hashes (made by an older ajar) is
 * trusted on sizes in this machine's own use, and made again when it comes from a shared store.
 */
export async function readEntry(cacheDir: string, key: string, options: { verifyContent?: boolean } = {}): Promise<StoredEntry | undefined> {
  const dir = entryDir(cacheDir, key);
  let entry: StoredEntry;
  try {
    entry = JSON.parse(await readFile(path.join(dir, ENTRY_FILE), 'utf8')) as StoredEntry;
  } catch {
    return undefined;
  }
  if (entry.key !== key || !Array.isArray(entry.renditions)) return undefined;
  const stamps: string[] = [];
  for (const r of entry.renditions) {
    const s = await stat(path.join(dir, ...r.path.split('/')), { bigint: true }).catch(() => undefined);
    if (!s || s.size !== BigInt(r.bytes)) return undefined;
    stamps.push(`${r.path}\0${s.size}:${s.ino}:${s.mtimeNs}:${s.ctimeNs}`);
  }
  const hashed = entry.renditions.every((r) => typeof r.sha256 === 'string');
  if (!hashed) return options.verifyContent ? undefined : entry;
  const fingerprint = sha256(stamps.join('\n'));
  const memo = path.join(cacheDir, 'verified', `${key}.json`);
  if (!options.verifyContent && (await readFile(memo, 'utf8').catch(() => '')).trim() === JSON.stringify({ key, fingerprint })) return entry;
  for (const r of entry.renditions) {
    if ((await sha256File(path.join(dir, ...r.path.split('/')))) !== r.sha256) return undefined;
  }
  await writeFileAtomic(memo, JSON.stringify({ key, fingerprint }) + '\n').catch(() => {});
  return entry;
}

/** Removes temporary folders left by killed runs, once they are old enough not to belong to a live one (shared stores). */
export async function sweepStale(cacheDir: string, olderThanMs = 6 * 3600_000): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith('.tmp-')) continue;
    const s = await stat(path.join(cacheDir, name)).catch(() => undefined);
    if (s && now - s.mtimeMs > olderThanMs) await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}
