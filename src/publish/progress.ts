// Progress bars for large transfers, on a TTY only (CI logs get the final report, not redraws).

import type { Lang } from '../core/model/course.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** One line: `name  [████████░░░░░░░░]  52%  3.1 MB/6.0 MB  1.2 MB/s  ETA 3 s`. */
export function renderProgressLine(label: string, sent: number, total: number, elapsedMs: number, width = 80, lang: Lang = 'en'): string {
  const ratio = total > 0 ? Math.min(1, sent / total) : 1;
  const barWidth = Math.max(10, Math.min(30, width - 60));
  const filled = Math.round(ratio * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
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
  let last = 0;
  let lastSent = 0;
  const draw = () => stream.write(`\r\u001b[K${renderProgressLine(label, lastSent, total, Date.now() - started, stream.columns ?? 80, lang)}`);
  return {
    start(l, t) {
      label = l;
      total = t;
      started = Date.now();
      last = 0;
      lastSent = 0;
    },
    update(sent) {
      lastSent = sent;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw();
    },
    end() {
      if (started) stream.write('\r\u001b[K');
      started = 0;
    },
  };
}
