// The build cache: content-addressed entries in `<course>/.ajar/cache/build/` (beside the media cache in
// `.ajar/cache/media/`). An entry's key is the sha256 of everything its value depends on (the source text, the
// settings that change it, and the code that made it: see codeFingerprint), so an entry is never updated,
// only added. The entries live in one pack file, read once and rewritten atomically (temp + rename) only when
// a run added something: one write instead of one per source, and entries no recent run used are dropped.
// A cache is only a cache: an entry that is missing, truncated or altered (each line carries the sha256 of
// its payload) is a miss and is made again; a folder that cannot be written costs time, never a failure;
// deleting `.ajar/` changes nothing but time.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { codeRoot, packagePath } from '../util/package-root.js';

/** Bump when the layout of the pack (not of what entries hold) changes. */
const PACK_MAGIC = 'ajar-cache-pack-1';
const PACK_FILE = 'entries.pack';
/** Runs that rewrote the pack without using an entry before it is dropped. */
const KEEP_UNUSED_RUNS = 8;

/** `<courseDir>/.ajar/cache/build`. */
export function buildCacheDir(courseDir: string): string {
  return path.join(courseDir, '.ajar', 'cache', 'build');
}

export function sha256(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface CacheCounts {
  /** Entries taken from the cache. */
  hits: number;
  /** Entries made (absent, stale or damaged in the cache). */
  misses: number;
}

export interface BuildCache {
  /** The payload stored under `key`, or undefined (absent or damaged: the caller makes it again). */
  get(key: string): string | undefined;
  /** Stores a payload (one line of JSON: no newline); written when `flush()` runs. */
  put(key: string, payload: string): void;
  /** Writes the pack when this run added entries; never throws (a cache that cannot be written only costs time). */
  flush(): Promise<void>;
  /** Counts of the sources looked up so far (what `ajar build --format json` shows as `cache`). */
  readonly counts: CacheCounts;
  /** Entries found damaged (truncated or altered) and made again. */
  readonly damaged: number;
}

/** A cache that holds nothing (`--no-cache`): every lookup is a miss, nothing is written. */
export function noCache(): BuildCache {
  const counts = { hits: 0, misses: 0 };
  return { get: () => undefined, put: () => undefined, flush: async () => undefined, counts, damaged: 0 };
}

interface PackEntry {
  readonly digest: string;
  readonly payload: string;
  /** The run that last used it (the pack's run counter). */
  lastRun: number;
}

export function openBuildCache(dir: string): BuildCache {
  const counts = { hits: 0, misses: 0 };
  const file = path.join(dir, PACK_FILE);
  const { run, entries } = readPack(file);
  const used = new Set<string>();
  let added = false;
  let damaged = 0;
  return {
    counts,
    get damaged() {
      return damaged;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.digest !== sha256(entry.payload)) {
        damaged++;
        entries.delete(key);
        return undefined;
      }
      used.add(key);
      return entry.payload;
    },
    put(key, payload) {
      if (payload.includes('\n')) return;
      entries.set(key, { digest: sha256(payload), payload, lastRun: run + 1 });
      used.add(key);
      added = true;
    },
    async flush() {
      if (!added && damaged === 0) return;
      added = false;
      damaged = 0;
      const next = run + 1;
      const lines = [`${PACK_MAGIC} ${next}`];
      for (const [key, entry] of entries) {
        if (used.has(key)) entry.lastRun = next;
        else if (next - entry.lastRun > KEEP_UNUSED_RUNS) continue;
        lines.push(`${key} ${entry.digest} ${entry.lastRun} ${entry.payload}`);
      }
      await writeFileAtomic(file, `${lines.join('\n')}\n`, { durable: false }).catch(() => undefined);
    },
  };
}

/** The pack's entries; a line that is cut short or unreadable is skipped (its entry is made again). */
function readPack(file: string): { run: number; entries: Map<string, PackEntry> } {
  const entries = new Map<string, PackEntry>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { run: 0, entries };
  }
  const lines = text.split('\n');
  const [magic, runText] = (lines[0] ?? '').split(' ');
  const run = Number(runText);
  if (magic !== PACK_MAGIC || !Number.isSafeInteger(run)) return { run: 0, entries };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const a = line.indexOf(' ');
    const b = line.indexOf(' ', a + 1);
    const c = line.indexOf(' ', b + 1);
    if (a !== 64 || b !== 129 || c < 0) continue;
    const lastRun = Number(line.slice(b + 1, c));
    if (!Number.isSafeInteger(lastRun)) continue;
    entries.set(line.slice(0, a), { digest: line.slice(a + 1, b), payload: line.slice(c + 1), lastRun });
  }
  return { run, entries };
}

let fingerprint: string | undefined;

/**
 * The identity of the code that makes cache entries: ajar's package.json (its version) and, in a development
 * checkout (a `src/` beside `lib/`), a hash of its modules (the player bundle aside), so a new release, or a
 * rebuilt development copy, never reads an entry an older one wrote. An installed release has no `src/`:
 * its version alone names its code.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = path.join(codeRoot(), path.sep);
  const hash = createHash('sha256');
  try {
    hash.update(readFileSync(packagePath('package.json')));
  } catch {
    hash.update('no package.json');
  }
  let checkout = false;
  try {
    checkout = statSync(path.join(root, '..', 'src')).isDirectory();
  } catch {
    checkout = false;
  }
  if (!checkout) {
    fingerprint = hash.digest('hex');
    return fingerprint;
  }
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (name === 'player' && dir === root) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(name) && !name.endsWith('.d.ts')) {
        hash.update(path.relative(root, full));
        hash.update(readFileSync(full));
      }
    }
  };
  try {
    walk(root);
  } catch {
    hash.update('unreadable');
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}
