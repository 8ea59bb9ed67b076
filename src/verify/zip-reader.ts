// A read-only view of a zip's central directory, and bounded extraction of single entries.
// Written here rather than taken from a library because verify must *report* what unzip libraries refuse or
// normalise away (absolute names, "..", backslashes, symlink modes, duplicate names, lying sizes), and it
// needs only the parts of the format below: EOCD (+ zip64), central directory records, local headers,
// stored and deflated data (node:zlib). Extractors disagree about which of a zip's several names and sizes
// count (the central record, the local header, a Unicode Path extra field, records past the end record's
// count), so every one of them is read here and verify checks them all.

import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntryInfo {
  /** Name as stored (decoded as UTF-8 when flagged, else as CP437-compatible latin1). */
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** Host system that made the entry (3 = Unix, 0 = DOS/Windows). */
  readonly madeBy: number;
  readonly externalAttributes: number;
  readonly isDirectory: boolean;
  /** Unix mode says symbolic link. */
  readonly isSymlink: boolean;
  readonly encrypted: boolean;
  /** The name in a Unicode Path extra field (0x7075), which Info-ZIP and 7-Zip prefer to `name`. */
  readonly unicodePath?: string;
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntryInfo[];
  /** Central records after the count the end record declares: some extractors list them, others do not. */
  readonly beyondCount: readonly ZipEntryInfo[];
  /** Where the central directory starts (entry data lies before it). */
  readonly directoryOffset: number;
  readonly fileSize: number;
}

/** What an entry's local header says: streaming extractors (and some LMSs) read only these. */
export interface LocalHeader {
  readonly offset: number;
  readonly name: string;
  readonly unicodePath?: string;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Where the entry's (compressed) data begins. */
  readonly dataStart: number;
}

export class ZipFormatError extends Error {
  constructor(
    readonly reason: string,
    /** For 'too-many-entries': how many the directory declares. */
    readonly count?: number,
  ) {
    super(reason);
    this.name = 'ZipFormatError';
  }
}

/** A central directory larger than this is refused before it is read (100,000 entries with long names fit). */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead < length) throw new ZipFormatError('truncated');
  return buffer;
}

export async function openZip(file: string, maxEntries = Infinity): Promise<{ directory: ZipDirectory; handle: FileHandle }> {
  const handle = await open(file, 'r');
  try {
    return { directory: await readDirectory(handle, maxEntries), handle };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readDirectory(handle: FileHandle, maxEntries: number): Promise<ZipDirectory> {
  const { size } = await handle.stat();
  if (size < 22) throw new ZipFormatError('not-zip');
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tailLength) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('not-zip');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  /** Where the records after the central directory (zip64 or plain end record) begin. */
  let recordsEnd = size - tailLength + at;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = size - tailLength + at - 20;
    if (locatorAt < 0) throw new ZipFormatError('corrupt');
    const locator = await readAt(handle, locatorAt, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('corrupt');
    recordsEnd = Number(locator.readBigUInt64LE(8));
    const z64 = await readAt(handle, recordsEnd, 56);
    if (z64.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('corrupt');
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new ZipFormatError('corrupt');
  // Counted before anything large is read: a hostile directory cannot make verify allocate gigabytes.
  if (count > maxEntries) throw new ZipFormatError('too-many-entries', count);
  if (cdSize > MAX_DIRECTORY_BYTES) throw new ZipFormatError('too-many-entries', count);
  // Read up to the end record, not just the declared size, so records hidden past the count are seen too.
  const regionEnd = recordsEnd - cdOffset <= MAX_DIRECTORY_BYTES && recordsEnd >= cdOffset + cdSize ? recordsEnd : cdOffset + cdSize;
  const cd = await readAt(handle, cdOffset, regionEnd - cdOffset);
  const entries: ZipEntryInfo[] = [];
  const beyondCount: ZipEntryInfo[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('corrupt');
    const record = parseCentral(cd, p);
    entries.push(record.entry);
    p = record.end;
  }
  while (p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL && entries.length + beyondCount.length < maxEntries) {
    const record = parseCentral(cd, p);
    beyondCount.push(record.entry);
    p = record.end;
  }
  return { entries, beyondCount, directoryOffset: cdOffset, fileSize: size };
}

function parseCentral(cd: Buffer, p: number): { entry: ZipEntryInfo; end: number } {
  const madeBy = cd.readUInt8(p + 5);
  const flags = cd.readUInt16LE(p + 8);
  const method = cd.readUInt16LE(p + 10);
  const crc = cd.readUInt32LE(p + 16);
  let compressedSize = cd.readUInt32LE(p + 20);
  let uncompressedSize = cd.readUInt32LE(p + 24);
  const nameLength = cd.readUInt16LE(p + 28);
  const extraLength = cd.readUInt16LE(p + 30);
  const commentLength = cd.readUInt16LE(p + 32);
  const externalAttributes = cd.readUInt32LE(p + 38);
  let localHeaderOffset = cd.readUInt32LE(p + 42);
  const end = p + 46 + nameLength + extraLength + commentLength;
  if (end > cd.length) throw new ZipFormatError('corrupt');
  const name = decodeName(cd.subarray(p + 46, p + 46 + nameLength), flags);
  let unicodePath: string | undefined;
  // zip64 extended information: only the fields whose 32-bit value is saturated are present, in this order.
  for (const { id, data } of extraFields(cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength))) {
    if (id === 0x0001) {
      let f = 0;
      if (uncompressedSize === 0xffffffff && f + 8 <= data.length) (uncompressedSize = Number(data.readBigUInt64LE(f))), (f += 8);
      if (compressedSize === 0xffffffff && f + 8 <= data.length) (compressedSize = Number(data.readBigUInt64LE(f))), (f += 8);
      if (localHeaderOffset === 0xffffffff && f + 8 <= data.length) localHeaderOffset = Number(data.readBigUInt64LE(f));
    } else if (id === UNICODE_PATH && data.length >= 5) unicodePath = data.subarray(5).toString('utf8');
  }
  const unixMode = madeBy === 3 ? externalAttributes >>> 16 : 0;
  const entry: ZipEntryInfo = {
    name,
    method,
    flags,
    crc32: crc,
    compressedSize,
    uncompressedSize,
    localHeaderOffset,
    madeBy,
    externalAttributes,
    isDirectory: name.endsWith('/') || (unixMode & 0o170000) === 0o040000 || (externalAttributes & 0x10) !== 0,
    isSymlink: (unixMode & 0o170000) === 0o120000,
    encrypted: (flags & 1) !== 0,
    ...(unicodePath !== undefined ? { unicodePath } : {}),
  };
  return { entry, end };
}

const UNICODE_PATH = 0x7075;

function* extraFields(extra: Buffer): Generator<{ id: number; data: Buffer }> {
  let e = 0;
  while (e + 4 <= extra.length) {
    const id = extra.readUInt16LE(e);
    const len = extra.readUInt16LE(e + 2);
    yield { id, data: extra.subarray(e + 4, Math.min(extra.length, e + 4 + len)) };
    e += 4 + len;
  }
}

function decodeName(raw: Buffer, flags: number): string {
  return flags & 0x800 ? raw.toString('utf8') : decodeLegacy(raw);
}

/**
 * The local header at `offset`, or undefined when there is none. Synchronous small reads: a package of
 * 100,000 entries has 100,000 headers, and one await per header would cost more than the reads.
 */
export function readLocalHeader(handle: FileHandle, offset: number, fileSize: number): LocalHeader | undefined {
  if (offset < 0 || offset + 30 > fileSize) return undefined;
  // One read covers the fixed part and, almost always, the name and extra fields after it.
  const got = readSync(handle.fd, scratch, 0, Math.min(scratch.length, fileSize - offset), offset);
  if (got < 30 || scratch.readUInt32LE(0) !== LOCAL) return undefined;
  const fixed = scratch.subarray(0, 30);
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  if (offset + 30 + nameLength + extraLength > fileSize) return undefined;
  let variable = scratch.subarray(30, 30 + nameLength + extraLength);
  if (30 + nameLength + extraLength > got) {
    variable = Buffer.alloc(nameLength + extraLength);
    readSync(handle.fd, variable, 0, variable.length, offset + 30);
  }
  const flags = fixed.readUInt16LE(6);
  let compressedSize = fixed.readUInt32LE(18);
  let uncompressedSize = fixed.readUInt32LE(22);
  let unicodePath: string | undefined;
  for (const { id, data } of extraFields(variable.subarray(nameLength))) {
    // In a local header the zip64 field holds both sizes whenever either is saturated.
    if (id === 0x0001 && data.length >= 16) (uncompressedSize = Number(data.readBigUInt64LE(0))), (compressedSize = Number(data.readBigUInt64LE(8)));
    else if (id === UNICODE_PATH && data.length >= 5) unicodePath = data.subarray(5).toString('utf8');
  }
  return {
    offset,
    name: decodeName(variable.subarray(0, nameLength), flags),
    ...(unicodePath !== undefined ? { unicodePath } : {}),
    flags,
    method: fixed.readUInt16LE(8),
    crc32: fixed.readUInt32LE(14),
    compressedSize,
    uncompressedSize,
    dataStart: offset + 30 + nameLength + extraLength,
  };
}

/** Reused by readLocalHeader (synchronous, so never shared between two calls): header + name + extra fit in it. */
const scratch = Buffer.alloc(30 + 1024);

export interface Measured {
  /** Bytes the data really inflates to, counted up to `limit + 1`. */
  readonly bytes: number;
  /** More than `limit` bytes came out: inflating stopped there. */
  readonly over: boolean;
  /** CRC-32 of the inflated bytes (meaningful only when not `over`). */
  readonly crc32: number;
  /** The compressed data is not a valid stream for its method. */
  readonly corrupt: boolean;
}

const CHUNK = 256 * 1024;
class Over extends Error {}

/**
 * Inflates one entry without keeping its bytes, stopping as soon as more than `limit` bytes come out: an entry
 * that declares 1,000 bytes and inflates to 1 GiB costs 1,001 bytes of output, not a gigabyte.
 */
export async function measureEntry(handle: FileHandle, dataStart: number, compressedSize: number, method: number, limit: number): Promise<Measured> {
  if (method === 0) {
    if (compressedSize > limit) return { bytes: limit + 1, over: true, crc32: 0, corrupt: false };
    let crc = 0;
    const buffer = Buffer.alloc(Math.min(CHUNK, compressedSize));
    for (let done = 0; done < compressedSize; ) {
      const n = readSync(handle.fd, buffer, 0, Math.min(buffer.length, compressedSize - done), dataStart + done);
      if (n === 0) return { bytes: done, over: false, crc32: crc, corrupt: true };
      crc = crc32(buffer.subarray(0, n), crc);
      done += n;
    }
    return { bytes: compressedSize, over: false, crc32: crc >>> 0, corrupt: false };
  }
  if (compressedSize <= CHUNK && limit <= 4 * CHUNK) {
    const raw = Buffer.alloc(compressedSize);
    if (readSync(handle.fd, raw, 0, compressedSize, dataStart) < compressedSize) return { bytes: 0, over: false, crc32: 0, corrupt: true };
    try {
      const data = inflateRawSync(raw, { maxOutputLength: limit + 1 });
      return { bytes: data.length, over: data.length > limit, crc32: crc32(data) >>> 0, corrupt: false };
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { bytes: limit + 1, over: true, crc32: 0, corrupt: false };
      return { bytes: 0, over: false, crc32: 0, corrupt: true };
    }
  }
  let bytes = 0;
  let crc = 0;
  try {
    await pipeline(
      async function* () {
        for (let done = 0; done < compressedSize; ) {
          const chunk = await readAt(handle, dataStart + done, Math.min(CHUNK, compressedSize - done));
          done += chunk.length;
          yield chunk;
        }
      },
      createInflateRaw(),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          bytes += chunk.length;
          if (bytes > limit) throw new Over();
          crc = crc32(chunk, crc);
        }
      },
    );
  } catch (error) {
    if (error instanceof Over) return { bytes, over: true, crc32: 0, corrupt: false };
    return { bytes, over: false, crc32: 0, corrupt: true };
  }
  return { bytes, over: false, crc32: crc >>> 0, corrupt: false };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Names without the UTF-8 flag are CP437 by the spec, but many tools write UTF-8 without setting the flag;
 * bytes that are valid UTF-8 are read as UTF-8 (as Info-ZIP and most LMSs do), anything else as latin1.
 */
function decodeLegacy(raw: Buffer): string {
  try {
    return strictUtf8.decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

/**
 * The bytes of one entry, refusing more than `maxBytes` after inflation (a zip bomb cannot exhaust memory)
 * and checking the CRC, so a manifest that was tampered with or truncated is not trusted.
 */
export async function readEntry(handle: FileHandle, entry: ZipEntryInfo, maxBytes: number): Promise<Buffer> {
  if (entry.encrypted) throw new ZipFormatError('encrypted');
  // Deflate never grows data by more than a few bytes per 16 KiB: a larger compressed size is a lie.
  if (entry.uncompressedSize > maxBytes || entry.compressedSize > maxBytes + 1024 * 1024) throw new ZipFormatError('too-large');
  const header = await readAt(handle, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('corrupt');
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = await readAt(handle, dataStart, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
    } catch {
      throw new ZipFormatError('corrupt');
    }
  } else throw new ZipFormatError('method');
  if (data.length !== entry.uncompressedSize || crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new ZipFormatError('corrupt');
  return data;
}
