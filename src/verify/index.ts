// verify: any package zip → diagnostics, one function for `ajar verify`, build and publish. The zip is read here
// (central directory, then the structure file only) and checked for safety (zip-safety.ts); what the package is
// comes from the file at its root (imsmanifest.xml, cmi5.xml, tincan.xml — the format registry,
// src/package/formats.ts), and one verifier per family judges it: scorm.ts, cmi5.ts, tincan.ts.
// XSD validation runs xmllint (xsd.ts).

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { familyOrder, formatName, formatNamedBy, packageFamilyOf, type PackageFamily, type PackageFormat } from '../package/index.js';
import { rules } from './rules.js';
import { openZip, readEntry, ZipFormatError, type ZipEntryInfo } from './zip-reader.js';
import { defaultLimits, type ZipLimits } from './zip-safety.js';
import { scanZip } from './zip-scan.js';
import { stripDoctype } from '../util/xml.js';
import { append } from './append.js';
import { decodeXml } from './encoding.js';
import { applyProfile, type VerifyProfile } from './profile.js';
import type { ScormVersion } from './manifest-checks.js';
import { engineIdentity, type XsdEngine } from './xsd.js';
import type { PackageReader, Verdict, Verifier } from './reader.js';
import { verifyScorm } from './scorm.js';
import { verifyCmi5 } from './cmi5.js';
import { verifyTincan } from './tincan.js';

export { defaultLimits, type ZipLimits } from './zip-safety.js';
export type { ScormVersion } from './manifest-checks.js';
export { append } from './append.js';
export { formatGrouped, groupRepeated, type GroupOptions } from './group.js';
export { openZip, readEntry, ZipFormatError, type ZipEntryInfo, type ZipDirectory } from './zip-reader.js';
export { VERIFY_PROFILES, type VerifyProfile } from './profile.js';
export { xmlFailureData } from './reader.js';

export interface VerifyOptions {
  /** How the package is named in diagnostics (default: the path as given). */
  readonly displayPath?: string;
  readonly limits?: Partial<ZipLimits>;
  /** Force an XSD engine (default: xmllint on PATH, else xmllint-wasm). */
  readonly engine?: XsdEngine;
  /** Who judges (profile.ts): `strict` (default) XSD + ADL rules; `lms` what LMSs import, schema-only problems as warnings. */
  readonly profile?: VerifyProfile;
  /**
   * Verdicts kept between runs (the build cache): the judgement of a structure file (imsmanifest.xml, cmi5.xml,
   * tincan.xml) byte for byte one judged before, in a zip with the same file names, under the same name, engine,
   * limits and verifier code (`salt`), is taken from here instead of parsing and validating it again. The zip
   * itself (headers, sizes, CRCs, every entry inflated) is always checked.
   */
  readonly verdicts?: { readonly store: VerdictStore; readonly salt: string };
}

/** Where structure verdicts are kept (the build cache's get/put). */
export interface VerdictStore {
  get(key: string): string | undefined;
  put(key: string, payload: string): void;
}

export interface VerifyReport {
  readonly diagnostics: Diagnostic[];
  /** What the package is (scorm12, scorm2004, cmi5, xapi), when that could be told. */
  readonly format?: PackageFormat;
  /** The SCORM version found in the manifest, when one was. */
  readonly version?: ScormVersion;
  readonly entries: number;
  /** The profile that judged. */
  readonly profile: VerifyProfile;
}

/** One verifier per package family; the type makes a family of the registry without a verifier a compile error. */
const verifiers: Record<PackageFamily, Verifier> = { scorm: verifyScorm, cmi5: verifyCmi5, xapi: verifyTincan };


/** The format a file name claims, for the package-name-version warning (`…-scorm12.zip`, also `scorm_1.2`). */
function formatClaimedBy(file: string): PackageFormat | undefined {
  const base = path.basename(file);
  return formatNamedBy(base) ?? (/scorm-?12|scorm_?1\.?2/i.test(base) ? 'scorm12' : /scorm-?2004/i.test(base) ? 'scorm2004' : undefined);
}

/** Every problem of a SCORM, cmi5 or xAPI package, sorted. Never throws for a bad package; throws only when the file cannot be opened. */
export async function verifyPackage(zipPath: string, options: VerifyOptions = {}): Promise<Diagnostic[]> {
  return (await verifyPackageReport(zipPath, options)).diagnostics;
}

export async function verifyPackageReport(zipPath: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const file = options.displayPath ?? zipPath;
  const limits = { ...defaultLimits, ...options.limits };
  const profile = options.profile ?? 'strict';
  const opened = await openPackage(zipPath, file, limits);
  if ('refused' in opened) return { diagnostics: [opened.refused], entries: opened.entries, profile };
  const { directory, handle } = opened;
  try {
    const diagnostics = await scanZip(handle, directory, file, limits);
    const verdict = directory.entries.length > limits.maxEntries ? {} : await judgePackage({ handle, directory, file, limits, options }, diagnostics);
    return {
      diagnostics: sortDiagnostics(applyProfile(diagnostics, profile)),
      entries: directory.entries.length,
      profile,
      ...(verdict.format ? { format: verdict.format } : {}),
      ...(verdict.version ? { version: verdict.version } : {}),
    };
  } finally {
    await handle.close();
  }
}

type OpenedZip = Awaited<ReturnType<typeof openZip>>;

/** The zip's central directory, or the one finding that says why it cannot be read (and how many entries it declares). */
async function openPackage(zipPath: string, file: string, limits: ZipLimits): Promise<OpenedZip | { refused: Diagnostic; entries: number }> {
  try {
    return await openZip(zipPath, limits.maxEntries);
  } catch (error) {
    if (error instanceof ZipFormatError && error.reason === 'too-many-entries') {
      return { refused: rules['zip-too-many-entries']({ file, data: { count: error.count ?? 0, limit: limits.maxEntries } }), entries: error.count ?? 0 };
    }
    if (error instanceof ZipFormatError) return { refused: rules['zip-unreadable']({ file, data: { reason: error.reason } }), entries: 0 };
    throw error;
  }
}

/** An open package and how it is verified. */
interface OpenPackage {
  readonly handle: OpenedZip['handle'];
  readonly directory: OpenedZip['directory'];
  readonly file: string;
  readonly limits: ZipLimits;
  readonly options: VerifyOptions;
}

/**
 * What the package is, judged by its family's verifier (or taken from a kept verdict), with the findings added
 * to `diagnostics`; a file name that claims another format is reported too.
 */
async function judgePackage(pkg: OpenPackage, diagnostics: Diagnostic[]): Promise<Omit<Verdict, 'diagnostics'>> {
  const { directory, file } = pkg;
  const names = directory.entries.filter((e: ZipEntryInfo) => !e.isDirectory && !e.isSymlink).map((e) => e.name);
  const family = packageFamilyOf(names);
  if (!family) {
    const structures = familyOrder.map((f) => f.structure);
    const nested = directory.entries.find((e) => structures.some((s) => e.name.endsWith(`/${s}`)))?.name;
    diagnostics.push(rules['package-kind-unknown']({ file, ...(nested ? { data: { nested } } : {}) }));
    return {};
  }
  const verdict = await judgeStructure(pkg, family, names, diagnostics);
  const named = formatClaimedBy(file);
  if (named && verdict.format && named !== verdict.format) {
    diagnostics.push(rules['package-name-version']({ file, data: { named: formatName[named], actual: formatName[verdict.format] } }));
  }
  return verdict;
}

/**
 * The family's verifier on the structure file, or the verdict kept for these very bytes (options.verdicts): what
 * the structure file's reading and judging added (encoding and DOCTYPE findings included) is kept as it was added.
 */
async function judgeStructure(pkg: OpenPackage, family: PackageFamily, names: readonly string[], diagnostics: Diagnostic[]): Promise<Omit<Verdict, 'diagnostics'>> {
  const { reader, readRaw } = packageReader(pkg, names, diagnostics);
  const verdicts = pkg.options.verdicts;
  const key = verdicts ? verdictKey(pkg, verdicts.salt, family, names, await readRaw(familyStructure(family)).catch(() => undefined)) : undefined;
  const kept = key ? keptVerdict(verdicts!.store.get(key)) : undefined;
  if (kept) {
    append(diagnostics, kept.diagnostics);
    return kept;
  }
  const before = diagnostics.length;
  const judged = await verifiers[family](reader);
  append(diagnostics, judged.diagnostics);
  if (key) verdicts!.store.put(key, JSON.stringify({ structure: diagnostics.slice(before), ...(judged.format ? { format: judged.format } : {}), ...(judged.version ? { version: judged.version } : {}) }));
  return judged;
}

/**
 * What a verifier reads the package through: each entry read once (bounded by maxManifestBytes), decoded by its
 * BOM or XML declaration and stripped of any DOCTYPE, the findings about both added to `diagnostics`.
 */
function packageReader(pkg: OpenPackage, names: readonly string[], diagnostics: Diagnostic[]): { reader: PackageReader; readRaw: (name: string) => Promise<Buffer> } {
  const { handle, directory, file, limits, options } = pkg;
  const raw = new Map<string, Promise<Buffer>>();
  const readRaw = (name: string) => {
    let read = raw.get(name);
    if (!read) raw.set(name, (read = readEntry(handle, directory.entries.find((e) => e.name === name)!, limits.maxManifestBytes)));
    return read;
  };
  const reader: PackageReader = {
    file,
    names,
    ...(options.engine ? { engine: options.engine } : {}),
    readText: async (name) => {
      try {
        // Decoded by its BOM or XML declaration (UTF-16, ISO-8859-1, Windows-1252…), handed on as UTF-8.
        const decoded = decodeXml(await readRaw(name));
        if (decoded.problem) {
          diagnostics.push(rules['xml-encoding']({ file: `${file}!/${name}`, data: { name, problem: decoded.problem, encoding: decoded.declared ?? decoded.encoding } }));
        }
        // A DOCTYPE is refused and removed before any parser (saxes, or the xmllint child) sees the text.
        const { text, doctype } = stripDoctype(decoded.text);
        if (doctype) diagnostics.push(rules['xml-doctype']({ file: `${file}!/${name}`, position: { start: doctype }, data: { name } }));
        return { text };
      } catch (error) {
        if (!(error instanceof ZipFormatError)) throw error;
        return { diagnostic: rules['zip-unreadable']({ file: `${file}!/${name}`, data: { reason: error.reason } }) };
      }
    },
  };
  return { reader, readRaw };
}

/** Everything a structure verdict depends on besides the verifier's code (`salt`). */
function verdictKey(pkg: OpenPackage, salt: string, family: PackageFamily, names: readonly string[], bytes: Buffer | undefined): string | undefined {
  if (!bytes) return undefined;
  const hash = createHash('sha256');
  for (const part of ['ajar-structure-verdict-1', salt, family, pkg.options.engine ?? engineIdentity(), pkg.file, String(pkg.limits.maxManifestBytes), JSON.stringify(names)]) hash.update(`${part}\0`);
  return hash.update(bytes).digest('hex');
}

function familyStructure(family: PackageFamily): string {
  return familyOrder.find((f) => f.family === family)!.structure;
}

/** A kept verdict, or undefined when there is none or it is not one (a damaged entry is judged again). */
function keptVerdict(payload: string | undefined): (Omit<Verdict, 'diagnostics'> & { diagnostics: Diagnostic[] }) | undefined {
  if (payload === undefined) return undefined;
  try {
    const kept = JSON.parse(payload) as { structure?: unknown; format?: PackageFormat; version?: ScormVersion };
    if (!Array.isArray(kept.structure)) return undefined;
    return { diagnostics: kept.structure as Diagnostic[], ...(kept.format ? { format: kept.format } : {}), ...(kept.version ? { version: kept.version } : {}) };
  } catch {
    return undefined;
  }
}
