// The zip half of verify, for every package format: read what the headers say (zip-reader), judge it
// (zip-safety, pure), then inflate every entry without keeping its bytes, each bounded by the size it
// declares, so sizes that lie are caught while inflating rather than after a gigabyte came out.

import type { FileHandle } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { measureEntry, readLocalHeader, type LocalHeader, type ZipDirectory } from './zip-reader.js';
import { checkMeasured, checkZipSafety, gapCandidates, type ZipLimits } from './zip-safety.js';

/** Findings that already reject the archive and make inflating it pointless or long. */
const REJECTS_WITHOUT_INFLATING = new Set(['zip-too-many-entries', 'zip-overlap', 'zip-bomb', 'zip-archive-ratio', 'zip-too-large', 'zip-hidden-entry']);

export async function scanZip(handle: FileHandle, directory: ZipDirectory, file: string, limits: ZipLimits): Promise<Diagnostic[]> {
  const { entries, fileSize, directoryOffset } = directory;
  if (entries.length + directory.beyondCount.length > limits.maxEntries) {
    return checkZipSafety({ entries, beyondCount: directory.beyondCount, locals: [], unlisted: [], fileSize }, file, limits);
  }
  const locals = entries.map((e) => readLocalHeader(handle, e.localHeaderOffset, fileSize));
  const unlisted: LocalHeader[] = [];
  for (const at of gapCandidates(entries, locals, directoryOffset)) {
    const local = readLocalHeader(handle, at, fileSize);
    if (local) unlisted.push(local);
  }
  const diagnostics = checkZipSafety({ entries, beyondCount: directory.beyondCount, locals, unlisted, fileSize }, file, limits);
  if (diagnostics.some((d) => REJECTS_WITHOUT_INFLATING.has(d.ruleId))) return diagnostics;

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const local = locals[i];
    if (!local || entry.encrypted || (entry.method !== 0 && entry.method !== 8)) continue;
    if (entry.isDirectory && entry.compressedSize === 0 && entry.uncompressedSize === 0) continue;
    const measured = await measureEntry(handle, local.dataStart, entry.compressedSize, entry.method, entry.uncompressedSize);
    const finding = checkMeasured(entry, measured, file);
    if (finding) diagnostics.push(finding);
  }
  return diagnostics;
}
