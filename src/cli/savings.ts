// What optimising slides and lesson images saved (src/media/slides.ts, images.ts), per file and in total, read
// from the media index, so a cached run reports the same numbers as the run that made the entries; and the
// lines `ajar media` and `ajar build` print about it. Only core types: `ajar check` does not load it.

import type { Lang } from '../core/model/course.js';
import { t } from '../diagnostics/lang.js';
import type { MediaIndex } from '../core/model/media.js';
import { formatBytes } from '../util/progress.js';

export interface OptimisedFile {
  /** Course-relative path of the PDF or image. */
  readonly source: string;
  readonly kind: 'slides' | 'image';
  readonly originalBytes: number;
  /** What a learner downloads: the optimised PDF, or the widest variant of the preferred image format. */
  readonly bytes: number;
  /** The source is shipped as it is: an optimised copy was not smaller, or optimising failed (a warning says why). */
  readonly kept?: 'not-smaller' | 'failed';
}

export interface OptimisationReport {
  readonly files: readonly OptimisedFile[];
  readonly originalBytes: number;
  readonly bytes: number;
}

/** The slides and images of a media index, in its (plan) order. */
export function optimisationReport(index: MediaIndex | undefined): OptimisationReport {
  const files: OptimisedFile[] = [];
  for (const entry of index?.values() ?? []) {
    const o = entry.optimised;
    if (!o) continue;
    files.push({
      source: entry.source,
      kind: /\.pdf$/i.test(entry.source) ? 'slides' : 'image',
      originalBytes: o.originalBytes,
      bytes: o.bytes,
      ...(o.kept ? { kept: o.kept } : {}),
    });
  }
  return { files, originalBytes: files.reduce((s, f) => s + f.originalBytes, 0), bytes: files.reduce((s, f) => s + f.bytes, 0) };
}

const percent = (before: number, after: number) => (before > 0 ? `−${Math.round((100 * (before - after)) / before)} %` : '');

export function savingsLines(report: OptimisationReport, lang: Lang): string[] {
  if (report.files.length === 0) return [];
  const lines = [t(lang, 'Slide dan gambar:', 'Slides and images:')];
  for (const f of report.files) {
    if (f.kept) {
      const why = f.kept === 'not-smaller' ? t(lang, 'asli dipakai, sudah kecil', 'original kept, already small') : t(lang, 'asli dipakai, lihat peringatan', 'original kept, see the warning');
      lines.push(`  ${f.source}  ${formatBytes(f.originalBytes)}  (${why})`);
    } else {
      const what = f.kind === 'image' ? t(lang, ' (varian terlebar)', ' (widest variant)') : '';
      lines.push(`  ${f.source}  ${formatBytes(f.originalBytes)} → ${formatBytes(f.bytes)}  ${percent(f.originalBytes, f.bytes)}${what}`);
    }
  }
  lines.push(`  ${t(lang, 'Jumlah', 'Total')}: ${formatBytes(report.originalBytes)} → ${formatBytes(report.bytes)}  ${percent(report.originalBytes, report.bytes)}`);
  return lines;
}
