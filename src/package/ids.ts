// Manifest identifiers derived from the course id only, so they stay the same across builds and versions:
// an LMS recognises a re-uploaded package as the same course.

import { createHash } from 'node:crypto';

/**
 * An xsd:ID (NCName) made from any string: disallowed characters become `_`, never empty. When anything had
 * to change, a short hash of the original keeps two ids apart that differ only there (Arabic-script ids).
 */
export function ncName(text: string): string {
  let s = text.normalize('NFC').replace(/[^A-Za-z0-9._-]/g, '_');
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  if (s !== text) s += `-${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8)}`;
  return s;
}

export interface ManifestIds {
  manifest: string;
  organization: string;
  item: string;
  resource: string;
  /** 2004 primary objective (xs:anyURI). */
  objective: string;
}

export function manifestIds(courseId: string): ManifestIds {
  const id = ncName(courseId);
  return {
    manifest: `ajar.${id}`,
    organization: `ORG-${id}`,
    item: `ITEM-${id}`,
    resource: `RES-${id}`,
    objective: `urn:ajar:${encodeURIComponent(courseId)}:mastery`,
  };
}
