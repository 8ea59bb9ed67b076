// Every command ends here: it returns what it found (an Outcome) and this module, once for all commands,
// applies `--strict` (and the course's `rules:` to what did not come through the pipeline, which applies
// them to each stage's findings itself: publish, questions), computes the exit code from the result, and
// prints the report in the chosen format (pretty for people, json envelope for tools, github annotations).

import path from 'node:path';
import type { Context } from './context.js';
import { write } from './context.js';
import { envelope } from './envelope.js';
import type { ReportFormat } from './options.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/report.js';
import { getRule } from '../diagnostics/catalog.js';
import { applyRuleSettings } from '../config/index.js';
import type { RuleSetting } from '../config/schema.js';

export interface Outcome<R> {
  /** Everything the command's stages found, at their default severities. */
  diagnostics: readonly Diagnostic[];
  /** What the command made or found (the envelope's `result`); null when it stopped before. */
  result: R | null;
  /** ajar.yaml `rules:` for diagnostics that did not come through the pipeline (which has applied them already). */
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** The course folder: course-relative paths are shown from the working directory (pretty, github). */
  root?: string;
  /** The command could not start on what it was given (no packages, unusable publish config): errors exit 2. */
  blocked?: boolean;
  /** Stopped by Ctrl+C / SIGTERM: exit 130. */
  interrupted?: boolean;
  /** Where pretty and github reports go; stderr when stdout carries the command's output. */
  reportTo?: 'stdout' | 'stderr';
  /** The people's view after settling; default: the diagnostics and a summary line. */
  pretty?: (settled: Settled<R>) => void;
}

export interface Settled<R> {
  diagnostics: Diagnostic[];
  /** What --quiet leaves: errors only. */
  shown: Diagnostic[];
  exitCode: number;
  result: R | null;
}

export interface ReportChoice {
  format: ReportFormat;
  strict: boolean;
}

/** `rules:` first (a rule turned off is gone, even under --strict), then --strict turns warnings into errors. */
export function settle(diagnostics: readonly Diagnostic[], settings: Readonly<Record<string, RuleSetting>> = {}, strict = false): Diagnostic[] {
  const set = applyRuleSettings(diagnostics, { ...settings });
  return strict ? set.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const } : d)) : set;
}

/**
 * Exit codes from the result: 130 interrupted; 2 when the command could not start (`blocked`) or an error's
 * rule is declared `class: 'configuration'` in its rules.ts; 1 for any other error; else 0.
 */
export function exitCodeOf(diagnostics: readonly Diagnostic[], kind: { blocked?: boolean; interrupted?: boolean } = {}): number {
  if (kind.interrupted) return 130;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return 0;
  return kind.blocked || errors.some((d) => getRule(d.ruleId)?.class === 'configuration') ? 2 : 1;
}

/** Settles, reports and returns the exit code. */
export function finish<R>(ctx: Context, command: string, outcome: Outcome<R>, choice: ReportChoice): number {
  const diagnostics = settle(outcome.diagnostics, outcome.ruleSettings, choice.strict);
  const exitCode = exitCodeOf(diagnostics, outcome);
  if (choice.format === 'json') {
    write(ctx.stdout, JSON.stringify(envelope(command, exitCode, diagnostics, outcome.result, ctx.lang), null, 2));
    return exitCode;
  }
  const placed = outcome.root ? fromCwd(ctx, outcome.root, diagnostics) : diagnostics;
  const shown = ctx.quiet ? placed.filter((d) => d.severity === 'error') : placed;
  const stream = outcome.reportTo === 'stderr' ? ctx.stderr : ctx.stdout;
  const color = outcome.reportTo === 'stderr' ? ctx.color : ctx.colorOut;
  if (choice.format === 'github') {
    if (shown.length) write(stream, formatDiagnostics(shown, 'github', { lang: ctx.lang, color: false }));
    return exitCode;
  }
  if (outcome.pretty) outcome.pretty({ diagnostics: placed, shown, exitCode, result: outcome.result });
  else if (shown.length || !ctx.quiet) write(stream, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color }));
  return exitCode;
}

/** People and CI annotations need paths from where the command ran; JSON keeps them course-relative. */
export function fromCwd(ctx: Pick<Context, 'cwd'>, root: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rebase = (file: string) => path.relative(ctx.cwd, path.join(root, file)).split(path.sep).join('/');
  return diagnostics.map((d) => (d.file ? { ...d, file: rebase(d.file) } : d));
}
