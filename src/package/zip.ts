// Deterministic zip archives with archiver: entries in the order given (callers sort them), a fixed
// timestamp and mode on every entry, no directory entries, and a fixed compression per file type, so
// two builds of the same files are byte-identical.

import { PassThrough, type Readable } from 'node:stream';

export interface ZipEntry {
  /** Archive path, POSIX, relative. */
  readonly path: string;
  readonly data: Uint8Array | string;
}

/** 2000-01-01T00:00:00Z: after the DOS epoch (1980), which some unzip tools mishandle. */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));
/** Regular file, rw-r--r--. */
export const FILE_MODE = 0o644;

/** Already-compressed formats are stored: deflating them again costs time and saves nothing. */
const storedExtensions = new Set([
  'mp4', 'm4v', 'm4a', 'mp3', 'aac', 'ogg', 'oga', 'opus', 'webm', 'mkv', 'ts',
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'avif',
  'woff', 'woff2', 'zip', 'gz', 'br', 'pdf',
]);

export function isStored(entryPath: string): boolean {
  const ext = entryPath.slice(entryPath.lastIndexOf('.') + 1).toLowerCase();
  return entryPath.includes('.') && storedExtensions.has(ext);
}

/**
 * A readable stream of the zip bytes. archiver (a large module) is loaded on first use: packages are
 * written by zip-parts.ts, which needs it only for archives that need ZIP64.
 */
export function zipStream(entries: readonly ZipEntry[], date: Date = FIXED_DATE): Readable {
  const out = new PassThrough();
  import('archiver').then(
    ({ ZipArchive }) => {
      const archive = new ZipArchive({ zlib: { level: 9 }, forceZip64: false });
      archive.on('error', (error) => out.destroy(error));
      archive.on('warning', (error) => out.destroy(error));
      archive.pipe(out);
      for (const entry of entries) {
        const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
        archive.append(data, { name: entry.path, date, mode: FILE_MODE, store: isStored(entry.path) } as Parameters<InstanceType<typeof ZipArchive>['append']>[1]);
      }
      void archive.finalize().catch((error: Error) => out.destroy(error));
    },
    (error: Error) => out.destroy(error),
  );
  return out;
}

/** The whole zip in memory (tests, small packages). */
export async function zipBuffer(entries: readonly ZipEntry[], date: Date = FIXED_DATE): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(entries, date)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
