// An independent zip reader for tests (yauzl), so packages are not only checked by ajar's own reader.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';

export interface UnzippedEntry {
  name: string;
  data: Buffer;
  mode: number;
  lastModified: Date;
  compressionMethod: number;
}

export function unzip(file: string): Promise<UnzippedEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const out: UnzippedEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({
              name: entry.fileName,
              data: Buffer.concat(chunks),
              mode: (entry.externalFileAttributes >>> 16) & 0o7777,
              lastModified: entry.getLastModDate({ forceDosFormat: true }),
              compressionMethod: entry.compressionMethod,
            });
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Extracts a package into `dir` as an LMS does on import; returns its entries. */
export async function unzipTo(file: string, dir: string): Promise<UnzippedEntry[]> {
  const entries = await unzip(file);
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    await mkdir(path.dirname(path.join(dir, entry.name)), { recursive: true });
    await writeFile(path.join(dir, entry.name), entry.data);
  }
  return entries;
}
