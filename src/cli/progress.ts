// What long commands (build, media) share: where progress goes, and stopping cleanly on Ctrl+C.

import type { Context } from './context.js';
import type { ReportFormat } from './options.js';
import { createProgressReporter, type ProgressReporter } from '../media/index.js';

/** Progress always goes to stderr: stdout holds the report (with --format json, exactly one envelope). */
export function progressFor(ctx: Context, format: ReportFormat): ProgressReporter {
  const mode = format === 'json' ? 'json' : ctx.quiet ? 'off' : ctx.interactive ? 'tty' : 'lines';
  return createProgressReporter(ctx.quiet && format === 'json' ? 'off' : mode, ctx.stderr, ctx.lang);
}

export type Interruptible<T> = { readonly value: T; readonly interrupted?: undefined } | { readonly interrupted: true };

/**
 * Runs `work` with an AbortSignal that SIGINT/SIGTERM trigger; the handlers are removed afterwards.
 * A failure caused by that signal is `{ interrupted: true }` (exit 130), any other failure is thrown.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<Interruptible<T>> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return { value: await work(stop.signal) };
  } catch (error) {
    if (stop.signal.aborted) return { interrupted: true };
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
