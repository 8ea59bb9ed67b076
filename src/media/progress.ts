// How a media run shows its progress: bars redrawn in place on a terminal (percent, speed, ETA per file),
// JSON lines for CI and tools, or one plain line per finished file when the output is a log.

import type { Lang } from '../core/model/course.js';
import { t } from '../diagnostics/lang.js';
import { formatBytes, formatDuration, liveLines, progressBar } from '../util/progress.js';
import type { MediaEvent } from './run.js';
import type { QueueLinkEvent, QueueTrouble } from './queue-link.js';
import { say } from '../diagnostics/rules.js';
import { queueProblems } from './rules.js';

export type ProgressMode = 'tty' | 'json' | 'lines' | 'off';

export interface ProgressReporter {
  onEvent(event: MediaEvent): void;
  /** Clears the live lines; call before printing the report. */
  finish(): void;
}

/** The outage line and its end, shared with `ajar worker`: what happens, for how long it is retried, how to stop. */
export function queueLine(event: QueueLinkEvent, lang: Lang): string {
  if (event.type === 'queue-unreachable') {
    return t(
      lang,
      `⚠ Redis di ${event.queue} tidak dapat dihubungi (${troubleWords(event, 'id')}); mencoba lagi hingga ${event.toleranceSeconds} detik… (Ctrl-C untuk berhenti)`,
      `⚠ Redis unreachable at ${event.queue} (${troubleWords(event, 'en')}), retrying for up to ${event.toleranceSeconds} s… (Ctrl-C to stop)`,
    );
  }
  return t(lang, `✔ Redis di ${event.queue} menjawab lagi setelah ${event.seconds} detik; dilanjutkan.`, `✔ Redis at ${event.queue} answers again after ${event.seconds} s; continuing.`);
}

/** ioredis's own words as they are; our codes in the reader's language. */
function troubleWords(trouble: QueueTrouble, lang: Lang): string {
  return 'detail' in trouble ? trouble.detail : say(queueProblems, trouble.problem, lang, trouble.seconds !== undefined ? { seconds: trouble.seconds } : {});
}

/**
 * A reporter says nothing once finished: after Ctrl+C a command's last line is its own ("Stopped. …"), even
 * while work it abandoned (a cache lookup, a queue poll) settles and reports in the background.
 */
export function createProgressReporter(mode: ProgressMode, stream: NodeJS.WritableStream, lang: Lang, now: () => number = Date.now): ProgressReporter {
  const reporter = reporterFor(mode, stream, lang, now);
  let finished = false;
  return {
    onEvent(event) {
      if (!finished) reporter.onEvent(event);
    },
    finish() {
      if (finished) return;
      finished = true;
      reporter.finish();
    },
  };
}

function reporterFor(mode: ProgressMode, stream: NodeJS.WritableStream, lang: Lang, now: () => number): ProgressReporter {
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
      case 'queue-unreachable':
      case 'queue-back':
        return queueLine(event, lang);
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
  const live = liveLines(stream as NodeJS.WritableStream & { columns?: number }, now);
  const draw = () =>
    live.draw(
      [...active].map(([source, p]) => {
        const speed = p.speed ? `${p.speed.toFixed(1)}×` : '  ';
        const eta = p.eta !== undefined ? `ETA ${formatDuration(p.eta)}` : '';
        return `  ${progressBar(p.percent / 100)} ${p.percent.toFixed(0).padStart(3)}%  ${speed.padStart(6)}  ${eta.padEnd(10)}  ${source} (${p.step})`;
      }),
    );
  return {
    onEvent(event) {
      if (event.type === 'start') active.set(event.source, { step: 'probe', percent: 0 });
      else if (event.type === 'progress') {
        active.set(event.source, { step: event.step, percent: event.percent, ...(event.speed ? { speed: event.speed } : {}), ...(event.etaSeconds !== undefined ? { eta: event.etaSeconds } : {}) });
        if (!live.due()) return;
      }
      const line = finishedLine(event);
      if (line) {
        if ('source' in event) active.delete(event.source);
        live.print(line);
      }
      draw();
    },
    finish() {
      live.clear();
    },
  };
}
