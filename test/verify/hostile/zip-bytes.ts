// A zip writer that lies on request, byte by byte: a local header name other than the central one, extra
// fields, declared sizes and CRCs that are not the data's, central records that share or point into another
// entry's bytes, records past the end record's count, local headers no record lists. Real writers refuse
// every one of these; extractors meet them in the wild, which is why verify must.

import { crc32, constants, deflateRawSync } from 'node:zlib';

export interface ByteEntry {
  /** Name in the central directory record. */
  readonly name: string;
  /** Name in the local header (default: `name`). */
  readonly localName?: string;
  /** What the entry inflates to (default empty). */
  readonly data?: Buffer | string;
  /** The bytes written as the entry's data (default: `data`, deflated when `deflate`; deflate data when `deflate`). */
  readonly body?: Buffer;
  readonly deflate?: boolean;
  /** CRC-32 written in both headers (default: the data's). */
  readonly crc?: number;
  /** Uncompressed size written in the central record (default: the data's length). */
  readonly declaredSize?: number;
  /** Uncompressed size written in the local header (default: the central one). */
  readonly localDeclaredSize?: number;
  readonly centralExtra?: Buffer;
  readonly localExtra?: Buffer;
  /** The central record points at this entry's local header (by index) instead of writing its own. */
  readonly sharesLocalOf?: number;
  /** The central record points this many bytes into entry `index`'s data instead of at its own header. */
  readonly pointsInto?: { readonly index: number; readonly offset: number };
  /** 'local-only': a local header and data, no central record; 'past-count': a central record past the count. */
  readonly hidden?: 'local-only' | 'past-count';
}

const enc = (s: string) => Buffer.from(s, 'utf8');

/** A Unicode Path extra field (0x7075) naming `unicodeName`, tied by CRC to the header name `headerName`. */
export function unicodePathExtra(headerName: string, unicodeName: string): Buffer {
  const name = enc(unicodeName);
  const field = Buffer.alloc(4 + 5 + name.length);
  field.writeUInt16LE(0x7075, 0);
  field.writeUInt16LE(5 + name.length, 2);
  field.writeUInt8(1, 4);
  field.writeUInt32LE(crc32(enc(headerName)) >>> 0, 5);
  name.copy(field, 9);
  return field;
}

/**
 * Raw deflate data that inflates to `mib` MiB of zeros, about 1 KiB per MiB: independent full-flush blocks
 * repeated, then an empty final block. Nothing of that size is ever held in memory to make it.
 */
export function zerosDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
}

export function zipBytes(entries: readonly ByteEntry[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const localAt: number[] = [];
  const dataAt: number[] = [];
  const prepared = entries.map((e) => {
    const data = Buffer.isBuffer(e.data) ? e.data : enc(e.data ?? '');
    const body = e.body ?? (e.deflate ? deflateRawSync(data) : data);
    return { e, data, body, method: e.deflate ? 8 : 0, crc: e.crc ?? crc32(data) >>> 0, size: e.declaredSize ?? data.length };
  });
  for (const [i, p] of prepared.entries()) {
    if (p.e.sharesLocalOf !== undefined || p.e.pointsInto) continue;
    const name = enc(p.e.localName ?? p.e.name);
    const extra = p.e.localExtra ?? Buffer.alloc(0);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x800, 6);
    header.writeUInt16LE(p.method, 8);
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE((20 << 9) | (1 << 5) | 1, 12);
    header.writeUInt32LE(p.crc, 14);
    header.writeUInt32LE(p.body.length, 18);
    header.writeUInt32LE(p.e.localDeclaredSize ?? p.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    localAt[i] = offset;
    dataAt[i] = offset + 30 + name.length + extra.length;
    parts.push(header, name, extra, p.body);
    offset += 30 + name.length + extra.length + p.body.length;
  }
  const counted: Buffer[] = [];
  const past: Buffer[] = [];
  for (const [i, p] of prepared.entries()) {
    if (p.e.hidden === 'local-only') continue;
    const name = enc(p.e.name);
    const extra = p.e.centralExtra ?? Buffer.alloc(0);
    const at = p.e.sharesLocalOf !== undefined ? localAt[p.e.sharesLocalOf]! : p.e.pointsInto ? dataAt[p.e.pointsInto.index]! + p.e.pointsInto.offset : localAt[i]!;
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x800, 8);
    record.writeUInt16LE(p.method, 10);
    record.writeUInt16LE((20 << 9) | (1 << 5) | 1, 14);
    record.writeUInt32LE(p.crc, 16);
    record.writeUInt32LE(p.body.length, 20);
    record.writeUInt32LE(p.size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt16LE(extra.length, 30);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(at, 42);
    (p.e.hidden === 'past-count' ? past : counted).push(record, name, extra);
  }
  const directory = Buffer.concat(counted);
  const hidden = Buffer.concat(past);
  const count = prepared.filter((p) => !p.e.hidden).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, hidden, end]);
}
