// Progress bars for large transfers, on a TTY only (CI logs get the final report, not redraws).

import type { Lang } from '../core/model/course.js';
import { formatBytes, liveLines, progressBar } from '../util/progress.js';

/** One line: `name  [████████░░░░░░░░]  52%  3.1 MB/6.0 MB  1.2 MB/s  ETA 3 s`. */
export function renderProgressLine(label: string, sent: number, total: number, elapsedMs: number, width = 80, lang: Lang = 'en'): string {
  const ratio = total > 0 ? Math.min(1, sent / total) : 1;
  const barWidth = Math.max(10, Math.min(30, width - 60));
  const bar = progressBar(ratio, barWidth);
  const rate = elapsedMs > 0 ? (sent / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? Math.ceil((total - sent) / rate) : undefined;
  const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
  const parts = [`[${bar}]`, pct, `${formatBytes(sent)}/${formatBytes(total)}`];
  if (rate > 0) parts.push(`${formatBytes(rate)}/s`);
  if (eta !== undefined && ratio < 1) parts.push(`${lang === 'id' ? 'sisa' : 'ETA'} ${eta} s`);
  const tail = parts.join('  ');
  const room = Math.max(8, width - tail.length - 2);
  const name = label.length > room ? '…' + label.slice(label.length - room + 1) : label.padEnd(room);
  return `${name}  ${tail}`;
}

export interface Progress {
  start(label: string, total: number): void;
  update(sent: number): void;
  end(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, end() {} };

/** Redraws one line on the stream, at most ten times a second. */
export function ttyProgress(stream: NodeJS.WritableStream & { columns?: number }, lang: Lang): Progress {
  let label = '';
  let total = 0;
  let started = 0;
  const live = liveLines(stream);
  return {
    start(l, t) {
      label = l;
      total = t;
      started = Date.now();
    },
    update(sent) {
      if (!live.due()) return;
      live.draw([renderProgressLine(label, sent, total, Date.now() - started, stream.columns ?? 80, lang)]);
    },
    end() {
      live.clear();
      started = 0;
    },
  };
}
