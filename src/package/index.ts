// package: a rendered site → a SCORM zip. Planning the entries is pure (packageEntries); reading the shipped
// schemas and writing the zip atomically happen at the edge (writePackage).

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Course } from '../core/model/course.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { writeStreamAtomic } from '../fs/atomic.js';
import { Readable } from 'node:stream';
import { MANIFEST, byCodePoint, scormManifest12, scormManifest2004 } from './manifest.js';
import { rules } from './rules.js';
import { readSchemas, packagedSchemas } from './schemas.js';
import { stateLimit, type PackageSite, type ScormFormat } from './site.js';
import type { PackageFormat as PackageFormatName } from '../config/schema.js';
import { zipStream, type ZipEntry } from './zip.js';

export { scormManifest12, scormManifest2004, MANIFEST } from './manifest.js';
export { manifestIds } from './ids.js';
export { scormFormats, stateLimit, type PackageSite, type PackageFile, type ScormFormat } from './site.js';
export { zipBuffer, zipStream, FIXED_DATE, type ZipEntry } from './zip.js';

/** Every package format ajar.yaml names; this module packages the SCORM ones, others plug into the pipeline. */
export type PackageFormat = PackageFormatName;

export const formatName: Record<PackageFormat, string> = {
  scorm12: 'SCORM 1.2',
  scorm2004: 'SCORM 2004 4th Edition',
  cmi5: 'cmi5',
  xapi: 'xAPI (Tin Can)',
};

/** `dist/<course-id>-<version>-scorm12.zip`: id and version kept to file-name-safe characters. */
export function packageFileName(course: Pick<Course, 'id' | 'version'>, format: PackageFormat): string {
  const safe = (s: string) => s.normalize('NFC').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'course';
  return `${safe(course.id)}-${safe(course.version)}-${format}.zip`;
}

/** The player's worst-case suspend_data must fit the target's limit; located at the syllabus. */
export function checkStateSize(course: Course, site: PackageSite, format: ScormFormat): Diagnostic[] {
  const limit = stateLimit[format];
  if (site.maxStateChars <= limit) return [];
  return [
    rules['state-too-large']({
      file: course.source.file,
      ...(course.source.position ? { position: course.source.position } : {}),
      data: { chars: site.maxStateChars, limit, format, formatName: formatName[format] },
    }),
  ];
}

function unsafe(p: string): boolean {
  return p === '' || p.startsWith('/') || p.includes('\\') || /^[a-zA-Z]:/.test(p) || p.split('/').some((s) => s === '..' || s === '.' || s === '');
}

/** Checks the site's paths and returns every entry of the package in its final order: manifest first, then by path. */
export function packageEntries(
  course: Course,
  site: PackageSite,
  format: ScormFormat,
  schemas: readonly ZipEntry[],
): { entries: ZipEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const reserved = new Set([MANIFEST, ...packagedSchemas[format]]);
  const seen = new Set<string>();
  for (const file of site.files) {
    if (unsafe(file.path) || seen.has(file.path)) diagnostics.push(rules['unsafe-site-path']({ data: { path: file.path } }));
    else if (reserved.has(file.path)) diagnostics.push(rules['reserved-path']({ data: { path: file.path } }));
    seen.add(file.path);
  }
  if (!seen.has(site.launch)) diagnostics.push(rules['site-launch-missing']({ data: { path: site.launch } }));
  diagnostics.push(...checkStateSize(course, site, format));
  if (hasErrors(diagnostics)) return { entries: [], diagnostics };
  const manifest = format === 'scorm12' ? scormManifest12(course, site) : scormManifest2004(course, site);
  const rest = [...site.files, ...schemas].sort((a, b) => byCodePoint(a.path, b.path));
  return { entries: [{ path: MANIFEST, data: manifest }, ...rest], diagnostics };
}

export interface PackageResult {
  readonly format: PackageFormat;
  /** Absolute path of the zip. */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Everything needed to write one package; nothing written yet. */
export interface PackagePlan {
  readonly format: PackageFormat;
  readonly fileName: string;
  readonly entries: readonly ZipEntry[];
}

/** Plans one package: checks the site (paths, state size) and lists its entries. No output is written. */
export async function preparePackage(
  course: Course,
  site: PackageSite,
  format: ScormFormat,
): Promise<{ plan?: PackagePlan; diagnostics: Diagnostic[] }> {
  const { entries, diagnostics } = packageEntries(course, site, format, await readSchemas(format));
  if (hasErrors(diagnostics)) return { diagnostics };
  return { plan: { format, fileName: packageFileName(course, format), entries }, diagnostics };
}

/** Writes a planned package atomically to `outDir/<fileName>`, streamed and hashed on the way. */
export async function writePlan(plan: PackagePlan, outDir: string): Promise<PackageResult> {
  const file = path.resolve(outDir, plan.fileName);
  const hash = createHash('sha256');
  let bytes = 0;
  async function* tapped() {
    for await (const chunk of zipStream(plan.entries)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  await writeStreamAtomic(file, Readable.from(tapped()));
  return { format: plan.format, file, bytes, sha256: hash.digest('hex') };
}

/** prepare + write; nothing is written when there are errors. */
export async function writePackage(
  course: Course,
  site: PackageSite,
  format: ScormFormat,
  outDir: string,
): Promise<{ result?: PackageResult; diagnostics: Diagnostic[] }> {
  const { plan, diagnostics } = await preparePackage(course, site, format);
  if (!plan) return { diagnostics };
  return { result: await writePlan(plan, outDir), diagnostics };
}
