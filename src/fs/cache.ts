// The build cache: content-addressed entries under `<course>/.ajar/cache/build/` (beside the media cache in
// `.ajar/cache/media/`). An entry's name is the sha256 of everything its value depends on (the source text,
// the settings that change it, and the code that made it: see codeFingerprint), so an entry is never
// updated, only added. A cache is only a cache: an entry that is missing, truncated or altered (each entry
// carries the sha256 of its payload) is a miss and is made again; a folder that cannot be written costs time,
// never a failure; deleting `.ajar/` changes nothing but time.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './atomic.js';

/** Bump when the layout of an entry (not of what it holds) changes. */
const ENTRY_MAGIC = 'ajar-cache-1';

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
  /** Stores a payload; written atomically when `flush()` runs. */
  put(key: string, payload: string): void;
  /** Writes what `put` collected; never throws (a cache that cannot be written only costs time). */
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

export function openBuildCache(dir: string): BuildCache {
  const counts = { hits: 0, misses: 0 };
  const pending = new Map<string, string>();
  let damaged = 0;
  const fileOf = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);
  return {
    counts,
    get damaged() {
      return damaged;
    },
    get(key) {
      let text: string;
      try {
        text = readFileSync(fileOf(key), 'utf8');
      } catch {
        return undefined;
      }
      const newline = text.indexOf('\n');
      const [magic, digest] = text.slice(0, Math.max(0, newline)).split(' ');
      const payload = text.slice(newline + 1);
      if (newline < 0 || magic !== ENTRY_MAGIC || digest !== sha256(payload)) {
        damaged++;
        return undefined;
      }
      return payload;
    },
    put(key, payload) {
      pending.set(key, payload);
    },
    async flush() {
      const writes = [...pending].map(([key, payload]) => writeFileAtomic(fileOf(key), `${ENTRY_MAGIC} ${sha256(payload)}\n${payload}`, { durable: false }).catch(() => undefined));
      pending.clear();
      await Promise.all(writes);
    },
  };
}

let fingerprint: string | undefined;

/**
 * The identity of the code that makes cache entries: ajar's version and a hash of its compiled modules
 * (the player bundle aside), so a new release, or a rebuilt development copy, never reads an entry an
 * older one wrote.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = fileURLToPath(new URL('../', import.meta.url));
  const hash = createHash('sha256');
  try {
    hash.update(readFileSync(new URL('../../package.json', import.meta.url)));
  } catch {
    hash.update('no package.json');
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
