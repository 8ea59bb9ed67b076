// Diagnostics are values: a rule id, a place and the data the message needs.
// They are rendered to words (Indonesian or English) only by a reporter, at the edge.

import type { Position } from '../core/model/course.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly ruleId: string;
  readonly severity: Severity;
  /** Course-relative (or as given on the command line) path; absent for course-wide problems. */
  readonly file?: string;
  readonly position?: Position;
  /** Values interpolated into the rule's message and hint. */
  readonly data?: Readonly<Record<string, string | number>>;
}

export interface DiagnosticInit {
  file?: string;
  position?: Position;
  data?: Record<string, string | number>;
  /** Overrides the rule's default severity. */
  severity?: Severity;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order for output: by file, then line, then column, then rule id. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.position?.start.line ?? 0) - (b.position?.start.line ?? 0) ||
      (a.position?.start.column ?? 0) - (b.position?.start.column ?? 0) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
