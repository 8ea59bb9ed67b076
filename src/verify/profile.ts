// Who judges a package. `strict`: the official XSDs and ADL's application-profile rules, every finding at its
// own severity (a package of record). `lms`: what Moodle and SCORM Cloud import and play — a well-formed
// structure file, a launchable resource, the files it lists, a safe zip; problems only the schemas or ADL's
// profile see (IDs made from course titles, a missing adlcp:scormType…) become warnings.

import type { Diagnostic } from '../diagnostics/diagnostic.js';

export const VERIFY_PROFILES = ['strict', 'lms'] as const;
export type VerifyProfile = (typeof VERIFY_PROFILES)[number];

/** Rules an LMS import does not enforce: errors under `strict`, warnings under `lms`. */
export const SCHEMA_ONLY_RULES: ReadonlySet<string> = new Set([
  'manifest-invalid',
  'cmi5-invalid',
  'adl-scormtype-missing',
  'adl-identifierref-on-parent',
  'adl-href-syntax',
  'adl-sequencing-ref',
  'adl-schema-file-missing',
  'launch-url-absolute',
]);

export function applyProfile(diagnostics: readonly Diagnostic[], profile: VerifyProfile): Diagnostic[] {
  if (profile === 'strict') return [...diagnostics];
  return diagnostics.map((d) => (d.severity === 'error' && SCHEMA_ONLY_RULES.has(d.ruleId) ? { ...d, severity: 'warning' as const } : d));
}
