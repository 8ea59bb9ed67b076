// A package is verified before it is sent, with the same verify stage as `ajar verify` (src/verify/).
// Publish depends only on this signature, so tests and other callers can pass their own.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { verifyPackage } from '../verify/index.js';

/** Diagnostics of one package; `label` is how the user named it. */
export type VerifyPackage = (zipPath: string, label: string) => Promise<Diagnostic[]>;

export const verifyBeforeSending: VerifyPackage = (zipPath, label) => verifyPackage(zipPath, { displayPath: label });
