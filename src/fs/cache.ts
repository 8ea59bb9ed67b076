// The build cache: content-addressed entries in `<course>/.ajar/cache/build/` (beside the media cache in
// `.ajar/cache/media/`). An entry's key is the sha256 of everything its value depends on (the source text, the
// settings that change it, and the code that made it: see codeFingerprint), so an entry is never updated,
// only added. The entries live in one pack file, read once as bytes (an index of where each line is; a payload is
// decoded only when asked for). A run that added entries appends them (one write, however large the pack); the
// pack is rewritten atomically (temp + rename) only when what it holds in vain (entries made again after damage,
// entries no recent run used) outgrows a quarter of it.
// A cache is only a cache: an entry that is missing, truncated or altered (each line carries the CRC-32 of its
// payload) is a miss and is made again; a folder that cannot be written costs time, never a failure;
// deleting `.ajar/` changes nothing but time.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { codeRoot, packagePath } from '../util/package-root.js';

/** Bump when the layout of the pack (not of what entries hold) changes. */
const PACK_MAGIC = 'ajar-cache-pack-2';
const PACK_FILE = 'entries.pack';
/** Runs that wrote to the pack without using an entry before a rewrite drops it. */
const KEEP_UNUSED_RUNS = 8;
/** A rewrite happens when the bytes held in vain exceed this share of the pack (and this many bytes). */
const WASTE_SHARE = 0.25;
const WASTE_FLOOR = 256 * 1024;

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

/** Where an entry's line is in the pack's bytes. */
interface PackEntry {
  /** The line, without its newline. */
  readonly start: number;
  readonly end: number;
  /** Where the payload starts in it. */
  readonly payload: number;
  readonly crc: number;
  /** The run that last wrote it. */
  readonly lastRun: number;
}

interface Pack {
  readonly bytes: Buffer;
  /** The last run that wrote to the pack. */
  readonly run: number;
  readonly entries: Map<string, PackEntry>;
  /** Bytes of lines that hold nothing usable (unreadable, or an entry written again later). */
  readonly dead: number;
}

export function openBuildCache(dir: string): BuildCache {
  const counts = { hits: 0, misses: 0 };
  const file = path.join(dir, PACK_FILE);
  const pack = readPack(file);
  const next = pack.run + 1;
  const used = new Set<string>();
  const added = new Map<string, string>();
  /** Entries this run wrote already (a run may flush more than once): read back from here, appended to after. */
  const written = new Map<string, string>();
  let damagedBytes = 0;
  let damaged = 0;
  return {
    counts,
    get damaged() {
      return damaged;
    },
    get(key) {
      const fresh = added.get(key) ?? written.get(key);
      if (fresh !== undefined) return fresh;
      const entry = pack.entries.get(key);
      if (!entry) return undefined;
      if (crc32(pack.bytes.subarray(entry.payload, entry.end)) >>> 0 !== entry.crc) {
        damaged++;
        damagedBytes += entry.end - entry.start + 1;
        pack.entries.delete(key);
        return undefined;
      }
      used.add(key);
      return pack.bytes.toString('utf8', entry.payload, entry.end);
    },
    put(key, payload) {
      if (payload.includes('\n')) return;
      added.set(key, payload);
    },
    async flush() {
      if (added.size === 0 && damaged === 0) return;
      const lines: Buffer[] = [];
      for (const [key, payload] of added) {
        const bytes = Buffer.from(payload, 'utf8');
        lines.push(Buffer.from(`${key} ${hex8(crc32(bytes) >>> 0)} ${next} `, 'latin1'), bytes, NEWLINE);
      }
      // What a rewrite would drop: dead lines, damaged entries, entries replaced now, and entries unused too long.
      let waste = pack.dead + damagedBytes;
      for (const [key, entry] of pack.entries) {
        if (added.has(key) || (!used.has(key) && next - entry.lastRun > KEEP_UNUSED_RUNS)) waste += entry.end - entry.start + 1;
      }
      const size = pack.bytes.length + lines.reduce((n, b) => n + b.length, 0);
      const replaced = new Set(added.keys());
      const first = written.size === 0;
      for (const [key, payload] of added) written.set(key, payload);
      added.clear();
      damaged = 0;
      damagedBytes = 0;
      try {
        if (first && (pack.bytes.length === 0 || (waste > WASTE_FLOOR && waste > size * WASTE_SHARE))) {
          const kept: Buffer[] = [Buffer.from(`${PACK_MAGIC} ${next}\n`, 'latin1')];
          for (const [key, entry] of pack.entries) {
            if (replaced.has(key)) continue;
            if (!used.has(key) && next - entry.lastRun > KEEP_UNUSED_RUNS) continue;
            // A line used in this run is written again with this run's number, so it is kept for the next runs.
            if (used.has(key)) kept.push(Buffer.from(`${key} ${hex8(entry.crc)} ${next} `, 'latin1'), pack.bytes.subarray(entry.payload, entry.end + 1));
            else kept.push(pack.bytes.subarray(entry.start, entry.end + 1));
          }
          await writeFileAtomic(file, Buffer.concat([...kept, ...lines]), { durable: false });
        } else {
          // A pack cut short (a full disk, a killed process) may end inside a line: start on a line of our own.
          const head = !first || pack.bytes[pack.bytes.length - 1] === 10 ? [] : [NEWLINE];
          await appendFile(file, Buffer.concat([...head, ...lines, Buffer.from(`@${next}\n`, 'latin1')]));
        }
      } catch {
        // Only time is lost.
      }
    },
  };
}

const NEWLINE = Buffer.from('\n', 'latin1');
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * The pack's index: `<magic> <run>` then one `<key> <crc32> <run> <payload>` line per entry, and `@<run>` after
 * each run's appended lines. A line that is cut short or unreadable is skipped (its entry is made again).
 */
function readPack(file: string): Pack {
  const entries = new Map<string, PackEntry>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { bytes: Buffer.alloc(0), run: 0, entries, dead: 0 };
  }
  let end = bytes.indexOf(10);
  const header = bytes.toString('latin1', 0, end < 0 ? bytes.length : end).split(' ');
  let run = Number(header[1]);
  if (header[0] !== PACK_MAGIC || !Number.isSafeInteger(run) || end < 0) return { bytes: Buffer.alloc(0), run: 0, entries, dead: 0 };
  let dead = 0;
  for (let start = end + 1; start < bytes.length; start = end + 1) {
    end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (bytes[start] === 64 /* @ */) {
      const at = Number(bytes.toString('latin1', start + 1, end));
      if (Number.isSafeInteger(at) && at > run) run = at;
      continue;
    }
    const c = end - start > 75 ? bytes.indexOf(32, start + 74) : -1;
    const lastRun = c > 0 && c < end ? Number(bytes.toString('latin1', start + 74, c)) : NaN;
    const crc = parseInt(bytes.toString('latin1', start + 65, start + 73), 16);
    if (bytes[start + 64] !== 32 || bytes[start + 73] !== 32 || !Number.isSafeInteger(lastRun) || !Number.isSafeInteger(crc)) {
      dead += end - start + 1;
      continue;
    }
    const key = bytes.toString('latin1', start, start + 64);
    const before = entries.get(key);
    if (before) dead += before.end - before.start + 1;
    entries.set(key, { start, end, payload: c + 1, crc, lastRun });
  }
  return { bytes, run, entries, dead };
}

let fingerprint: string | undefined;

/**
 * The identity of the code that makes cache entries: ajar's package.json (its version) and, in a development
 * checkout (a `src/` beside `lib/`), the name, size and modification time of each of its modules (the player
 * bundle aside), so a new release, or a rebuilt or edited development copy, never reads an entry an older one
 * wrote (reading and hashing every module cost ~10–40 ms per command; their times say the same). An installed
 * release has no `src/`: its version alone names its code.
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
    checkout = statSync(packagePath('src')).isDirectory();
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
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (/\.(c?js|ts)$/.test(name) && !name.endsWith('.d.ts')) hash.update(`${path.relative(root, full)}\0${stat.size}\0${stat.mtimeMs}\0`);
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
