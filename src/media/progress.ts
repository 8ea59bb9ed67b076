// How a media run shows its progress: bars redrawn in place on a terminal (percent, speed, ETA per file),
// JSON lines for CI and tools, or one plain line per finished file when the output is a log.

import type { Lang } from '../core/model/course.js';
import { t } from '../diagnostics/lang.js';
import type { MediaEvent } from './run.js';

export type ProgressMode = 'tty' | 'json' | 'lines' | 'off';

export interface ProgressReporter {
  onEvent(event: MediaEvent): void;
  /** Clears the live lines; call before printing the report. */
  finish(): void;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function bar(percent: number, width = 20): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function createProgressReporter(mode: ProgressMode, stream: NodeJS.WritableStream, lang: Lang, now: () => number = Date.now): ProgressReporter {
  const L = (id: string, en: string) => t(lang, id, en);
  if (mode === 'off') return { onEvent() {}, finish() {} };
  if (mode === 'json') {
    return {
      onEvent(event) {
        stream.write(JSON.stringify({ ...event, time: new Date(now()).toISOString() }) + '\n');
      },
      finish() {},
    };
  }
  const finishedLine = (event: MediaEvent): string | undefined => {
    switch (event.type) {
      case 'cached':
        return `↺ ${event.source}  ${L('dari tembolok', 'from cache')}`;
      case 'done':
        return `✔ ${event.source}  ${formatBytes(event.bytes)}  ${formatDuration(event.seconds)}`;
      case 'failed':
        return `✖ ${event.source}  ${event.rules.join(', ')}`;
      default:
        return undefined;
    }
  };
  if (mode === 'lines') {
    return {
      onEvent(event) {
        const line = finishedLine(event);
        if (line) stream.write(line + '\n');
      },
      finish() {},
    };
  }

  // TTY: finished files scroll up as plain lines; running files are redrawn below them.
  const active = new Map<string, { step: string; percent: number; speed?: number; eta?: number }>();
  let drawn = 0;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) stream.write(`\u001b[${drawn}A\u001b[0J`);
    drawn = 0;
  };
  const draw = () => {
    clear();
    const lines = [...active].map(([source, p]) => {
      const speed = p.speed ? `${p.speed.toFixed(1)}×` : '  ';
      const eta = p.eta !== undefined ? `ETA ${formatDuration(p.eta)}` : '';
      return `  ${bar(p.percent)} ${p.percent.toFixed(0).padStart(3)}%  ${speed.padStart(6)}  ${eta.padEnd(10)}  ${source} (${p.step})`;
    });
    // A wrapped line would break the cursor-up redraw: cut to the terminal's width.
    const columns = (stream as { columns?: number }).columns ?? 120;
    if (lines.length) stream.write(lines.map((l) => ([...l].length >= columns ? [...l].slice(0, columns - 2).join('') + '…' : l)).join('\n') + '\n');
    drawn = lines.length;
    lastDraw = now();
  };
  return {
    onEvent(event) {
      if (event.type === 'start') active.set(event.source, { step: 'probe', percent: 0 });
      else if (event.type === 'progress') {
        active.set(event.source, { step: event.step, percent: event.percent, ...(event.speed ? { speed: event.speed } : {}), ...(event.etaSeconds !== undefined ? { eta: event.etaSeconds } : {}) });
        if (now() - lastDraw < 100) return;
      }
      const line = finishedLine(event);
      if (line && 'source' in event) {
        active.delete(event.source);
        clear();
        stream.write(line + '\n');
      }
      draw();
    },
    finish() {
      clear();
    },
  };
}
