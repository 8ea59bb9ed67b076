// The format registry: every package format ajar makes, once — its display name, its file-name suffix, the
// file at the zip's root that says what a package is (what `ajar verify` dispatches on), and its builder.
// Build, verify, preview and publish all read this table; adding a format here is the one place to start
// (src/verify/index.ts then needs a verifier for a new family: its table is typed by `PackageFamily`).

import type { Course } from '../core/model/course.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { PACKAGE_FORMATS, type PackageFormat } from '../config/schema.js';
import { CMI5_XML, TINCAN_XML, xapiPackageEntries } from './cmi5.js';
import { MANIFEST } from './manifest.js';
import { readSchemas } from './schemas.js';
import { scormPackageEntries } from './scorm.js';
import type { PackageSite } from './site.js';
import type { PackageName, PackagePlan } from './write.js';
import type { ZipEntry } from './zip.js';

export { PACKAGE_FORMATS, type PackageFormat, type PackageName };

/** What a package is to an LMS: SCORM (imsmanifest.xml, 1.2 or 2004), cmi5 (cmi5.xml) or xAPI/Tin Can (tincan.xml). */
export type PackageFamily = 'scorm' | 'cmi5' | 'xapi';

export interface BuildOptions {
  /** cmi5: one AU for the course, or one per module (ajar.yaml `build.cmi5_au`). */
  readonly cmi5Au?: 'course' | 'module';
  /** SCORM: write the passing grade as the mastery score (default true; off for build.lms: moodle, docs/lms.md). */
  readonly mastery?: boolean;
}

export interface PackageFormatSpec {
  readonly id: PackageFormat;
  /** How people name it: “SCORM 2004 4th Edition”. */
  readonly name: string;
  /** Where space is short (preview's mode tabs): “SCORM 2004”. */
  readonly short: string;
  /** `<course-id>-<version>-<suffix>.zip`. */
  readonly suffix: string;
  readonly family: PackageFamily;
  /** The file at the root of the zip that makes it this kind of package. */
  readonly structure: string;
  /** A site rendered for this format → the package's entries (paths checked); nothing written. */
  readonly entries: (course: Course, site: PackageSite, options: BuildOptions) => Promise<{ entries: ZipEntry[]; diagnostics: Diagnostic[] }>;
}

/** Every format, in the order ajar lists and builds them (the type makes a missing one a compile error). */
export const formats: { readonly [F in PackageFormat]: PackageFormatSpec & { readonly id: F } } = {
  scorm12: {
    id: 'scorm12',
    short: 'SCORM 1.2',
    name: 'SCORM 1.2',
    suffix: 'scorm12',
    family: 'scorm',
    structure: MANIFEST,
    entries: async (course, site, options) => scormPackageEntries(course, site, 'scorm12', await readSchemas('scorm12'), 'SCORM 1.2', { mastery: options.mastery !== false }),
  },
  scorm2004: {
    id: 'scorm2004',
    short: 'SCORM 2004',
    name: 'SCORM 2004 4th Edition',
    suffix: 'scorm2004',
    family: 'scorm',
    structure: MANIFEST,
    entries: async (course, site, options) => scormPackageEntries(course, site, 'scorm2004', await readSchemas('scorm2004'), 'SCORM 2004 4th Edition', { mastery: options.mastery !== false }),
  },
  cmi5: {
    id: 'cmi5',
    short: 'cmi5',
    name: 'cmi5',
    suffix: 'cmi5',
    family: 'cmi5',
    structure: CMI5_XML,
    entries: async (course, site, options) => xapiPackageEntries(course, site, 'cmi5', { ...(options.cmi5Au ? { au: options.cmi5Au } : {}) }),
  },
  xapi: {
    id: 'xapi',
    short: 'xAPI',
    name: 'xAPI (Tin Can)',
    suffix: 'xapi',
    family: 'xapi',
    structure: TINCAN_XML,
    entries: async (course, site) => xapiPackageEntries(course, site, 'xapi'),
  },
};

export const formatList: readonly PackageFormatSpec[] = PACKAGE_FORMATS.map((f) => formats[f]);

export function isPackageFormat(name: string): name is PackageFormat {
  return (PACKAGE_FORMATS as readonly string[]).includes(name);
}

/** Display names by format id (“SCORM 1.2”). */
export const formatName = Object.fromEntries(formatList.map((f) => [f.id, f.name])) as { readonly [F in PackageFormat]: string };

/**
 * The family of a zip from the names at its root, in this order: imsmanifest.xml (SCORM), cmi5.xml, tincan.xml.
 * A package carrying two of them is judged by the first (an LMS importing SCORM reads only the manifest).
 */
export const familyOrder: readonly { family: PackageFamily; structure: string }[] = [
  { family: 'scorm', structure: MANIFEST },
  { family: 'cmi5', structure: CMI5_XML },
  { family: 'xapi', structure: TINCAN_XML },
];

export function packageFamilyOf(names: Iterable<string>): PackageFamily | undefined {
  const present = new Set(names);
  return familyOrder.find((f) => present.has(f.structure))?.family;
}

const safe = (s: string) => s.normalize('NFC').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'course';

/** `dist/<course-id>-<version>-<suffix>.zip`: id and version kept to file-name-safe characters. */
export function packageFileName(course: Pick<Course, 'id' | 'version'>, format: PackageFormat): string {
  return `${safe(course.id)}-${safe(course.version)}-${formats[format].suffix}.zip`;
}

/** The parts of a package's file name (what parsePackageFileName reads back from it). */
export function packageName(course: Pick<Course, 'id' | 'version'>, format: PackageFormat): PackageName {
  return { courseId: safe(course.id), version: safe(course.version), format };
}

const nameRe = new RegExp(`^(.+)-(\\d[0-9A-Za-z.+-]*?)-(${formatList.map((f) => f.suffix).join('|')})\\.zip$`);

/**
 * `<course-id>-<version>-<suffix>.zip` → its parts. The version starts at the last “-digit” that still
 * leaves a format suffix, so `kursus-2024-1.0.0-rc.1-scorm12.zip` is course `kursus-2024`, version `1.0.0-rc.1`.
 */
export function parsePackageFileName(fileName: string): PackageName | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const match = nameRe.exec(base);
  if (!match) return undefined;
  const format = formatList.find((f) => f.suffix === match[3])!.id;
  return { courseId: match[1]!, version: match[2]!, format };
}

/** The format a file name says (`…-cmi5.zip` → cmi5), whatever comes before the suffix. */
export function formatNamedBy(fileName: string): PackageFormat | undefined {
  const lower = fileName.toLowerCase();
  return formatList.find((f) => lower.endsWith(`-${f.suffix}.zip`))?.id;
}

/** Plans one package: checks the site (paths, state size) and lists its entries. No output is written. */
export async function preparePackage(
  course: Course,
  site: PackageSite,
  format: PackageFormat,
  options: BuildOptions = {},
): Promise<{ plan?: PackagePlan; diagnostics: Diagnostic[] }> {
  const { entries, diagnostics } = await formats[format].entries(course, site, options);
  if (hasErrors(diagnostics) || entries.length === 0) return { diagnostics };
  return { plan: { format, fileName: packageFileName(course, format), name: packageName(course, format), entries }, diagnostics };
}
