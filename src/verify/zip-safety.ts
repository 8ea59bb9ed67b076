// Zip-level safety checks over the central directory: pure, no entry is extracted.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { rules } from './rules.js';
import type { ZipEntryInfo } from './zip-reader.js';

export interface ZipLimits {
  /** Most entries a package may have. */
  readonly maxEntries: number;
  /** Most bytes all entries may extract to. */
  readonly maxTotalBytes: number;
  /** An entry expanding more than this many times (and past 1 MiB) is treated as a zip bomb. */
  readonly maxRatio: number;
  /** Largest imsmanifest.xml read. */
  readonly maxManifestBytes: number;
}

export const defaultLimits: ZipLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 500,
  maxManifestBytes: 16 * 1024 ** 2,
};

function unsafeReason(name: string): { en: string; id: string } | undefined {
  if (name.startsWith('/') || name.startsWith('\\')) return { en: 'absolute path', id: 'jalur absolut' };
  if (/^[a-zA-Z]:/.test(name)) return { en: 'drive letter', id: 'huruf drive' };
  if (name.includes('\\')) return { en: 'backslash separator', id: 'pemisah “\\”' };
  if (name.split('/').includes('..')) return { en: '“..” leaves the package folder', id: '“..” keluar dari folder paket' };
  if (/[\u0000-\u001f]/.test(name)) return { en: 'control character in the name', id: 'karakter kontrol dalam nama' };
  return undefined;
}

export function checkZipSafety(entries: readonly ZipEntryInfo[], file: string, limits: ZipLimits = defaultLimits): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (entries.length > limits.maxEntries) {
    out.push(rules['zip-too-many-entries']({ file, data: { count: entries.length, limit: limits.maxEntries } }));
    return out;
  }
  const exact = new Set<string>();
  const folded = new Map<string, string>();
  let total = 0;
  for (const entry of entries) {
    const data = { entry: entry.name };
    const reason = unsafeReason(entry.name);
    if (reason) out.push(rules['zip-unsafe-path']({ file, data: { ...data, reason: reason.en, reasonId: reason.id } }));
    if (entry.isSymlink) out.push(rules['zip-symlink']({ file, data }));
    if (entry.encrypted) out.push(rules['zip-encrypted']({ file, data }));
    if (!entry.isDirectory && entry.method !== 0 && entry.method !== 8) out.push(rules['zip-unsupported-method']({ file, data: { ...data, method: entry.method } }));
    if (exact.has(entry.name)) out.push(rules['zip-duplicate-entry']({ file, data }));
    else {
      const key = entry.name.toLowerCase();
      const other = folded.get(key);
      if (other !== undefined) out.push(rules['zip-duplicate-entry']({ file, severity: 'warning', data: { ...data, other } }));
      folded.set(key, entry.name);
    }
    exact.add(entry.name);
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > 1024 ** 2 && ratio > limits.maxRatio) {
      out.push(rules['zip-bomb']({ file, data: { ...data, ratio: Math.round(ratio), bytes: entry.uncompressedSize } }));
    }
  }
  if (total > limits.maxTotalBytes) out.push(rules['zip-too-large']({ file, data: { bytes: total, limit: limits.maxTotalBytes } }));
  return out;
}
