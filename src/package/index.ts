// package: a rendered site → a SCORM, cmi5 or xAPI zip. Planning the entries is pure (the format registry's
// builders, formats.ts); reading the shipped schemas and writing the zip atomically happen at the edge.

import type { Course } from '../core/model/course.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PackageFormat } from '../config/schema.js';
import { preparePackage, type BuildOptions } from './formats.js';
import type { PackageSite } from './site.js';
import { writePlan, type PackageResult } from './write.js';

export { scormManifest12, scormManifest2004, MANIFEST, type ManifestOptions } from './manifest.js';
export { manifestIds } from './ids.js';
export { scormFormats, stateLimit, type PackageSite, type PackageFile, type ScormFormat } from './site.js';
export { zipBuffer, zipStream, FIXED_DATE, type ZipEntry } from './zip.js';
export { CMI5_NS, CMI5_XML, TINCAN_XML, XAPI_JSON } from './cmi5.js';
export { XSD_DIR } from './schemas.js';
export { writePlan, stagePlan, type PackagePlan, type PackageResult, type StagedPackage } from './write.js';
export type { ChunkStore } from './zip-parts.js';
export { checkStateSize, scormPackageEntries } from './scorm.js';
export {
  formats,
  formatList,
  formatName,
  isPackageFormat,
  packageFamilyOf,
  packageFileName,
  packageName,
  parsePackageFileName,
  formatNamedBy,
  familyOrder,
  preparePackage,
  PACKAGE_FORMATS,
  type PackageFormat,
  type PackageFamily,
  type PackageFormatSpec,
  type PackageName,
  type BuildOptions,
} from './formats.js';

/** prepare + write; nothing is written when there are errors. */
export async function writePackage(
  course: Course,
  site: PackageSite,
  format: PackageFormat,
  outDir: string,
  options: BuildOptions = {},
): Promise<{ result?: PackageResult; diagnostics: Diagnostic[] }> {
  const { plan, diagnostics } = await preparePackage(course, site, format, options);
  if (!plan) return { diagnostics };
  return { result: await writePlan(plan, outDir), diagnostics };
}
