// verify: any SCORM package (a zip file) → diagnostics. The zip is read here (central directory, then the
// manifest only); every check on what was read is pure (zip-safety.ts, manifest-checks.ts); XSD validation
// runs xmllint (xsd.ts).

import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { rules } from './rules.js';
import { openZip, readEntry, ZipFormatError, type ZipEntryInfo } from './zip-reader.js';
import { defaultLimits, type ZipLimits } from './zip-safety.js';
import { scanZip } from './zip-scan.js';
import { parseXml } from './xml-tree.js';
import { checkManifest, detectVersion, versionName, type ScormVersion } from './manifest-checks.js';
import { validateXsd, type XsdEngine } from './xsd.js';

export { defaultLimits, type ZipLimits } from './zip-safety.js';
export type { ScormVersion } from './manifest-checks.js';

export interface VerifyOptions {
  /** How the package is named in diagnostics (default: the path as given). */
  readonly displayPath?: string;
  readonly limits?: Partial<ZipLimits>;
  /** Force an XSD engine (default: xmllint on PATH, else xmllint-wasm). */
  readonly engine?: XsdEngine;
}

export interface VerifyReport {
  readonly diagnostics: Diagnostic[];
  /** The SCORM version found in the manifest, when one was. */
  readonly version?: ScormVersion;
  readonly entries: number;
}

const reasonText: Record<string, string> = {
  'not-zip': 'no end-of-central-directory record',
  truncated: 'the file is truncated',
  corrupt: 'its directory or data is damaged',
  encrypted: 'the manifest is encrypted',
  'too-large': 'the manifest is too large',
  method: 'unsupported compression',
};

/** Every problem of a SCORM package, sorted. Never throws for a bad package; throws only when the file cannot be opened. */
export async function verifyPackage(zipPath: string, options: VerifyOptions = {}): Promise<Diagnostic[]> {
  return (await verifyPackageReport(zipPath, options)).diagnostics;
}

export async function verifyPackageReport(zipPath: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const file = options.displayPath ?? zipPath;
  const limits = { ...defaultLimits, ...options.limits };
  const manifestFile = `${file}!/imsmanifest.xml`;
  let opened: Awaited<ReturnType<typeof openZip>>;
  try {
    opened = await openZip(zipPath, limits.maxEntries);
  } catch (error) {
    if (error instanceof ZipFormatError && error.reason === 'too-many-entries') {
      return { diagnostics: [rules['zip-too-many-entries']({ file, data: { count: error.count ?? 0, limit: limits.maxEntries } })], entries: error.count ?? 0 };
    }
    if (error instanceof ZipFormatError) {
      return { diagnostics: [rules['zip-unreadable']({ file, data: { reason: reasonText[error.reason] ?? error.reason } })], entries: 0 };
    }
    throw error;
  }
  const { directory, handle } = opened;
  try {
    const diagnostics = await scanZip(handle, directory, file, limits);
    const result = (extra: Partial<VerifyReport> = {}): VerifyReport => ({
      diagnostics: sortDiagnostics(diagnostics),
      entries: directory.entries.length,
      ...extra,
    });
    if (directory.entries.length > limits.maxEntries) return result();

    const manifestEntry = directory.entries.find((e) => e.name === 'imsmanifest.xml');
    if (!manifestEntry) {
      const nested = directory.entries.find((e) => e.name.endsWith('/imsmanifest.xml'))?.name;
      diagnostics.push(rules['manifest-missing']({ file, ...(nested ? { data: { nested } } : {}) }));
      return result();
    }
    let text: string;
    try {
      text = (await readEntry(handle, manifestEntry, limits.maxManifestBytes)).toString('utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      diagnostics.push(rules['zip-unreadable']({ file: manifestFile, data: { reason: reasonText[error.reason] ?? error.reason } }));
      return result();
    }
    const parsed = parseXml(text);
    if (!parsed.ok) {
      diagnostics.push(rules['manifest-not-xml']({ file: manifestFile, position: { start: parsed.at }, data: { detail: parsed.message } }));
      return result();
    }
    const facts = detectVersion(parsed.root, manifestFile);
    diagnostics.push(...facts.diagnostics);
    if (!facts.version) return result();
    const version = facts.version;

    const named = /scorm-?12|scorm_?1\.?2/i.test(path.basename(file)) ? '1.2' : /scorm-?2004/i.test(path.basename(file)) ? '2004' : undefined;
    if (named && named !== version) {
      diagnostics.push(rules['package-name-version']({ file, data: { named: versionName[named], actual: versionName[version] } }));
    }

    const xsd = await validateXsd(text, version === '1.2' ? 'scorm12' : 'scorm2004', options.engine);
    for (const error of xsd.errors) {
      diagnostics.push(
        rules['manifest-invalid']({
          file: manifestFile,
          ...(error.line ? { position: { start: { line: error.line, column: 1 } } } : {}),
          data: { detail: error.message, formatName: version === '1.2' ? 'SCORM 1.2' : 'SCORM 2004 4th Edition' },
        }),
      );
    }

    const fileEntries = directory.entries.filter((e: ZipEntryInfo) => !e.isDirectory && !e.isSymlink).map((e) => e.name);
    diagnostics.push(...checkManifest({ root: parsed.root, version, entries: fileEntries, manifestFile, packageFile: file }));
    return result({ version });
  } finally {
    await handle.close();
  }
}
