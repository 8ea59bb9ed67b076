// Package zips assembled from parts that a rebuild can reuse. A compressed file is cut into chunks at places
// chosen by its content (a rolling hash, so an edit in one lesson moves no boundary elsewhere), each chunk is
// deflated on its own (a full flush ends it on a byte boundary with a fresh window, as pigz does) and the
// deflated chunks, concatenated, are one valid deflate stream. A chunk's deflated bytes are a pure function
// of its bytes, so they come from the build cache when unchanged: after editing one lesson only the chunks
// around it are compressed again. Same entries → same zip, byte for byte, with or without the cache.
//
// Zip layout: local headers with sizes and CRC (no data descriptors), a fixed timestamp and mode, no
// directory entries, UTF-8 names flagged; archives that would need ZIP64 are left to archiver (zip.ts).

import { constants, crc32, deflateRaw } from 'node:zlib';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { FILE_MODE, FIXED_DATE, isStored, type ZipEntry } from './zip.js';

const deflate = promisify(deflateRaw);

/** Where deflated chunks are kept between builds (the build cache); keys are sha256 hex. */
export interface ChunkStore {
  get(key: string): string | undefined;
  put(key: string, payload: string): void;
}

const LEVEL = 9;
/** Chunks of at least 16 KiB, about 80 KiB on average, at most 256 KiB. */
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 256 * 1024;
/** The top 16 bits (0xffff0000 as a signed 32-bit integer). */
const MASK = -0x10000;

/**
 * 256 fixed pseudo-random words for the gear hash (xorshift32 from a fixed seed: the same on every machine), as
 * signed 32-bit integers so the hash loop stays in int32 arithmetic (the same bits as unsigned).
 */
const GEAR = (() => {
  const table = new Int32Array(256);
  let x = 0x9e3779b9;
  for (let i = 0; i < 256; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    table[i] = x;
  }
  return table;
})();

/** Chunk ends (exclusive offsets) of `data`, chosen by its content. */
export function chunkEnds(data: Uint8Array): number[] {
  const ends: number[] = [];
  let start = 0;
  while (data.length - start > 2 * MIN_CHUNK) ends.push((start = nextEnd(data, start)));
  if (start < data.length || ends.length === 0) ends.push(data.length);
  return ends;
}

/**
 * The end of the chunk that starts at `start` (more than two minimal chunks before the end of `data`): it depends
 * only on the bytes from `start` to it, so the same bytes anywhere give the same chunk.
 */
function nextEnd(data: Uint8Array, start: number): number {
  // The hash forgets a byte 32 steps later, so a boundary depends only on the bytes just before it.
  let hash = 0;
  const end = Math.min(data.length, start + MAX_CHUNK);
  for (let i = start + MIN_CHUNK; i < end; i++) {
    hash = ((hash << 1) + GEAR[data[i]!]!) | 0;
    if ((hash & MASK) === 0) return i + 1;
  }
  return end;
}

async function deflateChunk(chunk: Uint8Array, last: boolean, store: ChunkStore | undefined): Promise<Buffer> {
  const key = createHash('sha256').update(`deflate ${LEVEL} ${last ? 'final' : 'flush'}\0`).update(chunk).digest('hex');
  const kept = store?.get(key);
  if (kept !== undefined) return Buffer.from(kept, 'base64');
  const out = await deflate(chunk, { level: LEVEL, ...(last ? {} : { finishFlush: constants.Z_FULL_FLUSH }) });
  store?.put(key, out.toString('base64'));
  return out;
}

/** An entry compressed earlier in this process: its bytes, chunk ends and deflated chunks. */
interface Compressed {
  readonly data: Uint8Array;
  readonly ends: readonly number[];
  readonly parts: readonly Buffer[];
  /** Chunk index by the first bytes of each chunk but the last (latin1). */
  readonly byHead: ReadonlyMap<string, number>;
}

const HEAD = 32;
/** The last entry of each path compressed (a build zips each format's launch page in turn, mostly the same bytes). */
const recent = new Map<string, Compressed>();

/** Forgets the entries compressed so far (tests: the bytes must not depend on what was zipped before). */
export function forgetCompressed(): void {
  recent.clear();
}

/**
 * An entry's compressed bytes: its chunks deflated (in parallel, or from the store) and concatenated. A chunk whose
 * bytes are those of a chunk of the same path's previous entry (the formats' pages share all but their first and
 * last bytes) takes its deflated bytes as they are: it is found by its first bytes, compared in full, and its end
 * is the one chunkEnds would give (a chunk depends only on its own bytes). Same output as without.
 */
async function compress(data: Uint8Array, store: ChunkStore | undefined, path?: string): Promise<Buffer> {
  const before = path === undefined ? undefined : recent.get(path);
  const ends: number[] = [];
  /** Deflated bytes taken from the previous entry, by chunk index. */
  const reused = new Map<number, Buffer>();
  let start = 0;
  while (data.length - start > 2 * MIN_CHUNK) {
    const i = before?.byHead.get(Buffer.from(data.buffer, data.byteOffset + start, HEAD).toString('latin1'));
    if (before && i !== undefined) {
      const from = i ? before.ends[i - 1]! : 0;
      const length = before.ends[i]! - from;
      // Never this entry's last chunk (the last one is deflated with a final block; byHead holds no last chunk).
      if (start + length < data.length && Buffer.compare(data.subarray(start, start + length), before.data.subarray(from, from + length)) === 0) {
        reused.set(ends.length, before.parts[i]!);
        ends.push((start += length));
        continue;
      }
    }
    ends.push((start = nextEnd(data, start)));
  }
  if (start < data.length || ends.length === 0) ends.push(data.length);
  const parts = await Promise.all(ends.map((end, i) => reused.get(i) ?? deflateChunk(data.subarray(i ? ends[i - 1]! : 0, end), i === ends.length - 1, store)));
  if (path !== undefined && parts.length > 1) {
    const byHead = new Map<string, number>();
    for (let i = 0; i < ends.length - 1; i++) {
      const from = i ? ends[i - 1]! : 0;
      if (ends[i]! - from >= HEAD) byHead.set(Buffer.from(data.buffer, data.byteOffset + from, HEAD).toString('latin1'), i);
    }
    recent.set(path, { data, ends, parts, byHead });
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function dosTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

const LIMIT = 0xffffffff;

/** The zip's bytes in parts, or undefined when it would need ZIP64 (more than 65,535 entries or 4 GiB). */
export async function zipParts(entries: readonly ZipEntry[], store?: ChunkStore, date: Date = FIXED_DATE): Promise<Buffer[] | undefined> {
  if (entries.length > 0xffff) return undefined;
  const when = dosTime(date);
  const bodies = await Promise.all(
    entries.map(async (entry) => {
      const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
      const stored = isStored(entry.path);
      return { entry, raw, stored, body: stored ? raw : await compress(raw, store, entry.path), crc: crc32(raw) >>> 0 };
    }),
  );
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { entry, raw, stored, body, crc } of bodies) {
    if (raw.length >= LIMIT || body.length >= LIMIT || offset >= LIMIT) return undefined;
    const name = Buffer.from(entry.path, 'utf8');
    const flags = /[^\x20-\x7e]/.test(entry.path) ? 0x0800 : 0;
    const method = stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(when.time, 10);
    local.writeUInt16LE(when.date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, spec 2.0
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(when.time, 12);
    header.writeUInt16LE(when.date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(raw.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(((0o100000 | FILE_MODE) << 16) >>> 0, 38); // a regular file, rw-r--r--
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  if (offset + size >= LIMIT) return undefined;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return [...parts, ...central, end];
}
