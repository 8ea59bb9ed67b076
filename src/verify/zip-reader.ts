// A read-only view of a zip's central directory, and bounded extraction of single entries.
// Written here rather than taken from a library because verify must *report* what unzip libraries refuse or
// normalise away (absolute names, "..", backslashes, symlink modes, duplicate names, lying sizes), and it
// needs only the parts of the format below: EOCD (+ zip64), central directory records, local headers,
// stored and deflated data (node:zlib).

import { open, type FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';

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
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntryInfo[];
  readonly fileSize: number;
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
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = size - tailLength + at - 20;
    if (locatorAt < 0) throw new ZipFormatError('corrupt');
    const locator = await readAt(handle, locatorAt, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('corrupt');
    const z64 = await readAt(handle, Number(locator.readBigUInt64LE(8)), 56);
    if (z64.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('corrupt');
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new ZipFormatError('corrupt');
  // Counted before anything large is read: a hostile directory cannot make verify allocate gigabytes.
  if (count > maxEntries) throw new ZipFormatError('too-many-entries', count);
  if (cdSize > MAX_DIRECTORY_BYTES) throw new ZipFormatError('too-many-entries', count);
  const cd = await readAt(handle, cdOffset, cdSize);
  const entries: ZipEntryInfo[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('corrupt');
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
    const rawName = cd.subarray(p + 46, p + 46 + nameLength);
    const name = flags & 0x800 ? rawName.toString('utf8') : decodeLegacy(rawName);
    // zip64 extended information: only the fields whose 32-bit value is saturated are present, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (uncompressedSize === 0xffffffff && f + 8 <= e + 4 + len) (uncompressedSize = Number(cd.readBigUInt64LE(f))), (f += 8);
        if (compressedSize === 0xffffffff && f + 8 <= e + 4 + len) (compressedSize = Number(cd.readBigUInt64LE(f))), (f += 8);
        if (localHeaderOffset === 0xffffffff && f + 8 <= e + 4 + len) localHeaderOffset = Number(cd.readBigUInt64LE(f));
      }
      e += 4 + len;
    }
    const unixMode = madeBy === 3 ? externalAttributes >>> 16 : 0;
    entries.push({
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
    });
    p = end;
  }
  return { entries, fileSize: size };
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
