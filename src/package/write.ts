// Writing a planned package: streamed into a temporary file, hashed on the way, renamed into place.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { PackageFormat } from '../config/schema.js';
import { rename, rm } from 'node:fs/promises';
import { writeStreamTemp } from '../fs/atomic.js';
import { zipStream, type ZipEntry } from './zip.js';
import { zipParts, type ChunkStore } from './zip-parts.js';

/** What a package's file name says: `<courseId>-<version>-<format>.zip`. */
export interface PackageName {
  readonly courseId: string;
  readonly version: string;
  readonly format: PackageFormat;
}

/** Everything needed to write one package; nothing written yet. */
export interface PackagePlan {
  readonly format: PackageFormat;
  readonly fileName: string;
  /** The course id and version as the file name carries them (publish keys use these). */
  readonly name: PackageName;
  readonly entries: readonly ZipEntry[];
}

export interface PackageResult {
  readonly format: PackageFormat;
  readonly name: PackageName;
  /** Absolute path of the zip. */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Writes a planned package atomically to `outDir/<fileName>`, hashed on the way. Its compressed parts come
 * from `chunks` (the build cache) when a build made them before (zip-parts.ts); the bytes are the same either way.
 */
export async function writePlan(plan: PackagePlan, outDir: string, options: { chunks?: ChunkStore } = {}): Promise<PackageResult> {
  const staged = await stagePlan(plan, outDir, options);
  try {
    await rename(staged.temp, staged.result.file);
  } catch (error) {
    await rm(staged.temp, { force: true });
    throw error;
  }
  return staged.result;
}

/** A package written under a temporary name beside its final one (`result.file`), not yet renamed into place. */
export interface StagedPackage {
  readonly temp: string;
  readonly result: PackageResult;
}

/**
 * Writes a planned package to a temporary file in `outDir` (fsynced, hashed on the way); the caller renames
 * it to `result.file` or removes it. The plan is not needed afterwards, so a build holds one format's bytes
 * at a time.
 */
export async function stagePlan(plan: PackagePlan, outDir: string, options: { chunks?: ChunkStore; signal?: AbortSignal } = {}): Promise<StagedPackage> {
  const file = path.resolve(outDir, plan.fileName);
  const hash = createHash('sha256');
  let bytes = 0;
  const parts = await zipParts(plan.entries, options.chunks);
  async function* tapped() {
    for await (const chunk of parts ?? zipStream(plan.entries)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const temp = await writeStreamTemp(file, Readable.from(tapped()), options.signal ? { signal: options.signal } : {});
  return { temp, result: { format: plan.format, name: plan.name, file, bytes, sha256: hash.digest('hex') } };
}
