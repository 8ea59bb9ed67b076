// A failure that stops a command (missing tool, unreadable config, bad usage). It carries a
// diagnostic like any other, so it is reported in the user's language; the CLI maps it to exit 2.

import type { Diagnostic } from './diagnostic.js';

export class AjarError extends Error {
  readonly diagnostic: Diagnostic;
  readonly exitCode: number;

  constructor(diagnostic: Diagnostic, exitCode = 2) {
    super(diagnostic.ruleId);
    this.name = 'AjarError';
    this.diagnostic = diagnostic;
    this.exitCode = exitCode;
  }
}

export function isAjarError(error: unknown): error is AjarError {
  return error instanceof AjarError;
}
