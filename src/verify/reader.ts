// What a package verifier (scorm.ts, cmi5.ts, tincan.ts) gets from the dispatcher in index.ts: the package's
// display name, the files in it, and a bounded reader for the structure file at its root.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PackageFormat } from '../config/schema.js';
import type { ScormVersion } from './manifest-checks.js';
import type { XsdEngine } from './xsd.js';

export interface PackageReader {
  /** How the package is named in diagnostics. */
  readonly file: string;
  /** Every regular file entry (no folders, no symlinks), as named in the zip. */
  readonly names: readonly string[];
  /** The text of an entry, or the diagnostic saying why it cannot be read (damaged, too large…). */
  readText(name: string): Promise<{ text: string } | { diagnostic: Diagnostic }>;
  readonly engine?: XsdEngine;
}

/** What one verifier found. */
export interface Verdict {
  readonly diagnostics: Diagnostic[];
  /** The format the package turned out to be, when that could be told. */
  readonly format?: PackageFormat;
  readonly version?: ScormVersion;
}

export type Verifier = (pkg: PackageReader) => Promise<Verdict>;
