// Zip-level safety checks over everything the archive's headers say: pure, nothing is extracted here.
// Extractors disagree about which records and names count, so each is checked: central records within and past
// the end record's count, local headers no record lists, and every name (central, local, Unicode Path).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { rules, unsafePaths } from './rules.js';
import type { LocalHeader, Measured, ZipEntryInfo } from './zip-reader.js';
import { unsafePathReason, type UnsafePathReason } from '../util/paths.js';

export interface ZipLimits {
  /** Most entries a package may have. */
  readonly maxEntries: number;
  /** Most bytes all entries may extract to. */
  readonly maxTotalBytes: number;
  /** An entry expanding more than this many times (and past 1 MiB) is treated as a zip bomb. */
  readonly maxRatio: number;
  /** The whole archive expanding more than this many times (and past `ratioFloorBytes`) is treated as a zip bomb. */
  readonly maxArchiveRatio: number;
  /** Below this many extracted bytes, the archive ratio is not judged (small text packages compress well). */
  readonly ratioFloorBytes: number;
  /** Largest imsmanifest.xml read. */
  readonly maxManifestBytes: number;
}

export const defaultLimits: ZipLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 500,
  maxArchiveRatio: 200,
  ratioFloorBytes: 64 * 1024 ** 2,
  maxManifestBytes: 16 * 1024 ** 2,
};

/** What the archive's headers say, as read by zip-reader. */
export interface ZipView {
  readonly entries: readonly ZipEntryInfo[];
  /** Central records past the end record's count. */
  readonly beyondCount: readonly ZipEntryInfo[];
  /** The local header of each entry (same index), undefined where the record points at none. */
  readonly locals: readonly (LocalHeader | undefined)[];
  /** Local headers between entries that no central record lists (streaming extractors write them). */
  readonly unlisted: readonly LocalHeader[];
  /** Size of the zip file. */
  readonly fileSize: number;
}

/** Why a name is unsafe, as a code worded by zip-unsafe-path; `./` and empty segments are harmless when reading: extractors normalise them. */
function unsafeReason(name: string): UnsafePathReason | undefined {
  const reason = unsafePathReason(name, { directories: true });
  return reason && Object.hasOwn(unsafePaths, reason) ? reason : undefined;
}

/** Bytes a data descriptor may take after an entry's data (with or without signature, zip64 or not). */
const DESCRIPTOR_SIZES = [0, 12, 16, 20, 24];

export function checkZipSafety(view: ZipView, file: string, limits: ZipLimits = defaultLimits): Diagnostic[] {
  const { entries, locals } = view;
  const out: Diagnostic[] = [];
  const all = entries.length + view.beyondCount.length;
  if (all > limits.maxEntries) {
    out.push(rules['zip-too-many-entries']({ file, data: { count: all, limit: limits.maxEntries } }));
    return out;
  }
  checkHiddenEntries(view, file, out);
  const names: EntryNames = { exact: new Set(), folded: new Map() };
  let total = 0;
  entries.forEach((entry, i) => {
    checkEntry(entry, locals[i], names, file, limits, out);
    total += entry.uncompressedSize;
  });
  checkOverlaps(entries, locals, file, out);
  checkTotals(total, view.fileSize, file, limits, out);
  return out;
}

/** Reports a name an extractor could write outside the package; `via` says which header carries it when it is not the central one. */
function reportUnsafe(name: string, file: string, out: Diagnostic[], via?: string): void {
  const reason = unsafeReason(name);
  if (reason) out.push(rules['zip-unsafe-path']({ file, data: { entry: name, reason, ...(via ? { via } : {}) } }));
}

/** Records past the end record's count and local headers no record lists: each hidden, and each name checked. */
function checkHiddenEntries({ beyondCount, unlisted }: ZipView, file: string, out: Diagnostic[]): void {
  for (const entry of beyondCount) {
    out.push(rules['zip-hidden-entry']({ file, data: { entry: entry.name, how: 'past-count' } }));
    reportUnsafe(entry.name, file, out);
    if (entry.unicodePath !== undefined && entry.unicodePath !== entry.name) reportUnsafe(entry.unicodePath, file, out, 'unicode');
  }
  for (const local of unlisted) {
    out.push(rules['zip-hidden-entry']({ file, data: { entry: local.name, how: 'local-only' } }));
    reportUnsafe(local.name, file, out, 'local');
    if (local.unicodePath !== undefined && local.unicodePath !== local.name) reportUnsafe(local.unicodePath, file, out, 'local-unicode');
  }
}

/** The names seen so far: exactly, and by their lower case (with the first spelling). */
interface EntryNames {
  readonly exact: Set<string>;
  readonly folded: Map<string, string>;
}

/** One entry: its names, its local header, what it is (link, encrypted, method), a second copy, and its expansion. */
function checkEntry(entry: ZipEntryInfo, local: LocalHeader | undefined, names: EntryNames, file: string, limits: ZipLimits, out: Diagnostic[]): void {
  const data = { entry: entry.name };
  checkEntryNames(entry, local, file, out);
  checkLocalHeader(entry, local, data, file, out);
  if (entry.isSymlink) out.push(rules['zip-symlink']({ file, data }));
  if (entry.encrypted) out.push(rules['zip-encrypted']({ file, data }));
  if (!entry.isDirectory && entry.method !== 0 && entry.method !== 8) out.push(rules['zip-unsupported-method']({ file, data: { ...data, method: entry.method } }));
  if (names.exact.has(entry.name)) out.push(rules['zip-duplicate-entry']({ file, data }));
  else {
    const key = entry.name.toLowerCase();
    const other = names.folded.get(key);
    if (other !== undefined) out.push(rules['zip-duplicate-entry']({ file, severity: 'warning', data: { ...data, other } }));
    names.folded.set(key, entry.name);
  }
  names.exact.add(entry.name);
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > 1024 ** 2 && ratio > limits.maxRatio) {
    out.push(rules['zip-bomb']({ file, data: { ...data, ratio: Math.round(ratio), bytes: entry.uncompressedSize } }));
  }
}

/** Every name an extractor could use for the entry (central, Unicode Path, local, local Unicode Path): each checked, and each other one a disagreement. */
function checkEntryNames(entry: ZipEntryInfo, local: LocalHeader | undefined, file: string, out: Diagnostic[]): void {
  reportUnsafe(entry.name, file, out);
  const others: [string, string | undefined][] = [
    ['unicode', entry.unicodePath],
    ['local', local?.name],
    ['local-unicode', local?.unicodePath],
  ];
  const seen = new Set([entry.name]);
  for (const [via, name] of others) {
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    reportUnsafe(name, file, out, via);
    out.push(rules['zip-header-mismatch']({ file, data: { entry: entry.name, what: via, value: name } }));
  }
}

/** The local header exists where the record points and agrees with it on method and sizes. */
function checkLocalHeader(entry: ZipEntryInfo, local: LocalHeader | undefined, data: { readonly entry: string }, file: string, out: Diagnostic[]): void {
  if (!local) {
    out.push(rules['zip-entry-corrupt']({ file, data: { ...data, reason: 'no-local' } }));
    return;
  }
  if (local.method !== entry.method) out.push(rules['zip-header-mismatch']({ file, data: { ...data, what: 'method', value: local.method } }));
  // With a data descriptor (flag bit 3) the local sizes may be zero; otherwise they must agree.
  const described = (local.flags & 8) !== 0 && local.compressedSize === 0 && local.uncompressedSize === 0;
  if (!described && (local.compressedSize !== entry.compressedSize || local.uncompressedSize !== entry.uncompressedSize)) {
    out.push(rules['zip-header-mismatch']({ file, data: { ...data, what: 'sizes', compressed: local.compressedSize, uncompressed: local.uncompressedSize } }));
  }
}

/**
 * Entries whose bytes overlap: several records reading one compressed stream is how a 10 MB zip inflates to
 * terabytes without any entry looking unusual.
 */
function checkOverlaps(entries: readonly ZipEntryInfo[], locals: readonly (LocalHeader | undefined)[], file: string, out: Diagnostic[]): void {
  const spans = entries
    .map((entry, i) => ({ entry, start: entry.localHeaderOffset, end: (locals[i]?.dataStart ?? entry.localHeaderOffset) + entry.compressedSize }))
    .filter((_, i) => locals[i] !== undefined)
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1]!;
    const span = spans[i]!;
    if (span.start < previous.end) out.push(rules['zip-overlap']({ file, data: { entry: span.entry.name, other: previous.entry.name } }));
    if (span.end < previous.end) spans[i] = { ...span, end: previous.end };
  }
}

/** What the whole archive extracts to: its size, and how many times the zip it is. */
function checkTotals(total: number, fileSize: number, file: string, limits: ZipLimits, out: Diagnostic[]): void {
  if (total > limits.maxTotalBytes) out.push(rules['zip-too-large']({ file, data: { bytes: total, limit: limits.maxTotalBytes } }));
  const archiveRatio = total / Math.max(1, fileSize);
  if (total > limits.ratioFloorBytes && archiveRatio > limits.maxArchiveRatio) {
    out.push(rules['zip-archive-ratio']({ file, data: { ratio: Math.round(archiveRatio), bytes: total, size: fileSize, limit: limits.maxArchiveRatio } }));
  }
}

/**
 * Where a local header no record lists could start: right after an entry's data (and its data descriptor), or
 * before the first entry. zip-scan reads these places.
 */
export function gapCandidates(entries: readonly ZipEntryInfo[], locals: readonly (LocalHeader | undefined)[], directoryOffset: number): number[] {
  const starts = [...new Set(entries.map((e) => e.localHeaderOffset))].sort((a, b) => a - b);
  const nextStart = (at: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length ? starts[lo]! : directoryOffset;
  };
  const out = new Set<number>();
  if ((starts[0] ?? directoryOffset) > 0 && directoryOffset >= 30) out.add(0);
  entries.forEach((entry, i) => {
    const local = locals[i];
    if (!local) return;
    const end = local.dataStart + entry.compressedSize;
    const next = Math.min(nextStart(end), directoryOffset);
    if (next <= end) return; // the next entry follows at once: no room for a hidden one
    for (const extra of DESCRIPTOR_SIZES) if (end + extra + 30 <= next) out.add(end + extra);
  });
  return [...out].sort((a, b) => a - b);
}

/** What inflating an entry showed, as findings: sizes that lie and damaged data. */
export function checkMeasured(entry: ZipEntryInfo, measured: Measured, file: string): Diagnostic | undefined {
  const data = { entry: entry.name };
  if (measured.corrupt) return rules['zip-entry-corrupt']({ file, data: { ...data, reason: 'data' } });
  if (measured.over || measured.bytes !== entry.uncompressedSize) {
    return rules['zip-size-mismatch']({ file, data: { ...data, declared: entry.uncompressedSize, actual: measured.bytes, ...(measured.over ? { over: 1 } : {}) } });
  }
  if (measured.crc32 >>> 0 !== entry.crc32 >>> 0) return rules['zip-entry-corrupt']({ file, data: { ...data, reason: 'crc' } });
  return undefined;
}
