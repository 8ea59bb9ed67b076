// Outputs land atomically: written under a temporary name in the same folder, then renamed into place.
// An interrupted run leaves at most a `.tmp-*` file, never a half-written file under its final name.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export function tempPathFor(finalPath: string): string {
  return path.join(path.dirname(finalPath), `.tmp-${path.basename(finalPath)}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * @param options.durable false: skip the fsync (a cache entry, whose damage is detected and repaired, needs the
 *   rename's atomicity but not durability across a power cut).
 */
export async function writeFileAtomic(finalPath: string, data: string | Uint8Array, options: { durable?: boolean } = {}): Promise<void> {
  await mkdir(path.dirname(finalPath), { recursive: true });
  const temp = tempPathFor(finalPath);
  try {
    await writeFile(temp, data);
    if (options.durable !== false) await fsyncFile(temp);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeStreamAtomic(finalPath: string, source: Readable): Promise<void> {
  const temp = await writeStreamTemp(finalPath, source);
  try {
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * The first half of writeStreamAtomic: `source` written (and fsynced) under a temporary name beside
 * `finalPath`, whose path is returned; the caller renames it into place or removes it. Removed on failure,
 * and when `signal` aborts the writing (Ctrl+C).
 */
export async function writeStreamTemp(finalPath: string, source: Readable, options: { signal?: AbortSignal } = {}): Promise<string> {
  await mkdir(path.dirname(finalPath), { recursive: true });
  const temp = tempPathFor(finalPath);
  try {
    if (options.signal) await pipeline(source, createWriteStream(temp), { signal: options.signal });
    else await pipeline(source, createWriteStream(temp));
    await fsyncFile(temp);
    return temp;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Builds a whole folder under a temporary name and renames it into place when `fill` succeeds.
 * An existing folder of that name is replaced only after the new one is complete.
 */
export async function writeDirAtomic(finalDir: string, fill: (tempDir: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(finalDir), { recursive: true });
  const temp = tempPathFor(finalDir);
  await mkdir(temp);
  try {
    await fill(temp);
    const old = `${temp}.old`;
    await rename(finalDir, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(temp, finalDir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
