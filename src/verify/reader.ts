// What a package verifier (scorm.ts, cmi5.ts, tincan.ts) gets from the dispatcher in index.ts: the package's
// display name, the files in it, and a bounded reader for the structure file at its root; and the first step
// every verifier takes, reading and parsing that file.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PackageFormat } from '../config/schema.js';
import type { ScormVersion } from './manifest-checks.js';
import type { XsdEngine } from './xsd.js';
import { MAX_DEPTH, parseXml, type XmlElement, type XmlParseResult } from '../util/xml.js';

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

/** Why a structure file is not well-formed XML, as parseXml says it. */
export type XmlFailure = Extract<XmlParseResult, { ok: false }>;

/**
 * The structure file (imsmanifest.xml, cmi5.xml, tincan.xml) read and parsed, or the findings that say why it
 * cannot be: unreadable (damaged, too large), or not well-formed XML, reported by the family's own rule
 * (`notXml`). `file` names it in diagnostics: `package.zip!/cmi5.xml`.
 */
export async function readStructure(
  pkg: PackageReader,
  name: string,
  notXml: (failure: XmlFailure, file: string) => Diagnostic,
): Promise<{ file: string; text: string; root: XmlElement } | { failed: Diagnostic[] }> {
  const file = `${pkg.file}!/${name}`;
  const read = await pkg.readText(name);
  if ('diagnostic' in read) return { failed: [read.diagnostic] };
  const parsed = parseXml(read.text);
  if (!parsed.ok) return { failed: [notXml(parsed, file)] };
  return { file, text: read.text, root: parsed.root };
}

/** Why XML is not well-formed, as diagnostic data: ajar's own findings as a code (`problem`), the parser's own message as a quoted `detail`. */
export function xmlFailureData(failure: XmlFailure): Record<string, string | number> {
  if (failure.reason === 'too-deep') return { problem: 'too-deep', limit: MAX_DEPTH };
  if (failure.reason === 'ampersand') return { problem: 'ampersand' };
  return { detail: failure.message };
}
