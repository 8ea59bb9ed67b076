// SCORM 1.2 and SCORM 2004 packages: a rendered site plus imsmanifest.xml and the official schema files at
// the root. Planning the entries is pure (scormPackageEntries); the registry (formats.ts) reads the shipped
// schemas and names the zip.

import type { Course } from '../core/model/course.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { MANIFEST, byCodePoint, scormManifest12, scormManifest2004, type ManifestOptions } from './manifest.js';
import { rules } from './rules.js';
import { packagedSchemas } from './schemas.js';
import { stateLimit, type PackageSite, type ScormFormat } from './site.js';
import type { ZipEntry } from './zip.js';
import { isSafeRelativePath } from '../util/paths.js';

/** The player's worst-case suspend_data must fit the target's limit; located at the syllabus. */
export function checkStateSize(course: Course, site: PackageSite, format: ScormFormat, formatName: string): Diagnostic[] {
  const limit = stateLimit[format];
  if (site.maxStateChars <= limit) return [];
  return [
    rules['state-too-large']({
      file: course.source.file,
      ...(course.source.position ? { position: course.source.position } : {}),
      data: { chars: site.maxStateChars, limit, format, formatName },
    }),
  ];
}

/** Site paths must be safe and unique, must not take a reserved name, and the launch page must be there. */
export function checkSitePaths(site: PackageSite, reserved: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const file of site.files) {
    if (!isSafeRelativePath(file.path) || seen.has(file.path)) diagnostics.push(rules['unsafe-site-path']({ data: { path: file.path } }));
    else if (reserved.has(file.path)) diagnostics.push(rules['reserved-path']({ data: { path: file.path } }));
    seen.add(file.path);
  }
  if (!seen.has(site.launch)) diagnostics.push(rules['site-launch-missing']({ data: { path: site.launch } }));
  return diagnostics;
}

/** Checks the site's paths and returns every entry of the package in its final order: manifest first, then by path. */
export function scormPackageEntries(
  course: Course,
  site: PackageSite,
  format: ScormFormat,
  schemas: readonly ZipEntry[],
  formatName: string,
  options: ManifestOptions = {},
): { entries: ZipEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics = checkSitePaths(site, new Set([MANIFEST, ...packagedSchemas[format]]));
  diagnostics.push(...checkStateSize(course, site, format, formatName));
  if (hasErrors(diagnostics)) return { entries: [], diagnostics };
  const manifest = format === 'scorm12' ? scormManifest12(course, site, options) : scormManifest2004(course, site, options);
  const rest = [...site.files, ...schemas].sort((a, b) => byCodePoint(a.path, b.path));
  return { entries: [{ path: MANIFEST, data: manifest }, ...rest], diagnostics };
}
