// XSD validation of a manifest (or cmi5.xml) against the official SCORM / cmi5 schemas shipped in vendor/xsd.
// Debian's xmllint when it is on PATH (fast, native); otherwise xmllint-wasm, the same libxml2 compiled to
// WebAssembly (same verdicts, no system package), which is why xmllint-wasm is a runtime dependency.

import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { XSD_DIR } from '../package/index.js';
import { stripDoctype } from '../util/xml.js';

export type SchemaSet = 'scorm12' | 'scorm2004' | 'cmi5';
export type XsdEngine = 'xmllint' | 'wasm';

export interface XsdError {
  readonly line?: number;
  readonly message: string;
}

export interface XsdResult {
  readonly engine: XsdEngine;
  readonly valid: boolean;
  readonly errors: readonly XsdError[];
}

const wrapper: Record<SchemaSet, string> = { scorm12: 'scorm12_all.xsd', scorm2004: 'scorm2004_all.xsd', cmi5: 'CourseStructure.xsd' };
/** The document each set validates, as named in the package (wasm reports findings per file name). */
const documentName: Record<SchemaSet, string> = { scorm12: 'imsmanifest.xml', scorm2004: 'imsmanifest.xml', cmi5: 'cmi5.xml' };
/**
 * The libxml2 inside xmllint-wasm (newer than Debian 12's) refuses to compile IMS MD 1.2.1 ("content model is
 * not determinist"), so that engine validates 1.2 manifests without it: inline 1.2 LOM elements are then
 * skipped rather than checked (their "no matching global declaration" error is dropped). Everything else gets
 * the same verdict from both engines (test/verify checks this).
 */
const wasmWrapper: Record<SchemaSet, string> = { scorm12: 'scorm12_cp_all.xsd', scorm2004: 'scorm2004_all.xsd', cmi5: 'CourseStructure.xsd' };
const wasmSkipped: Record<SchemaSet, readonly string[]> = { scorm12: ['imsmd_rootv1p2p1.xsd', 'scorm12_all.xsd'], scorm2004: [], cmi5: [] };
const IMSMD = '{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}';

let xmllintOnPath: Promise<boolean> | undefined;
function hasXmllint(): Promise<boolean> {
  xmllintOnPath ??= new Promise((resolve) => {
    const child = spawn('xmllint', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  return xmllintOnPath;
}

/**
 * Which engine `pickEngine` would use, told without running anything (kept verdicts are keyed by it): the forced
 * one, or the xmllint found on PATH (its path, size and time), or the WebAssembly build.
 */
export function engineIdentity(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const forced = env.AJAR_XMLLINT;
  if (forced === 'wasm' || forced === 'xmllint') return forced;
  for (const folder of (env.PATH ?? '').split(path.delimiter)) {
    if (!folder) continue;
    const candidate = path.join(folder, 'xmllint');
    try {
      accessSync(candidate, constants.X_OK);
      const stat = statSync(candidate);
      if (stat.isFile()) return `xmllint ${candidate} ${stat.size} ${stat.mtimeMs}`;
    } catch {
      continue;
    }
  }
  return 'wasm';
}

/** `AJAR_XMLLINT=wasm|xmllint` forces an engine (tests compare both); otherwise the native one when present. */
export async function pickEngine(env: Readonly<Record<string, string | undefined>> = process.env): Promise<XsdEngine> {
  const forced = env.AJAR_XMLLINT;
  if (forced === 'wasm' || forced === 'xmllint') return forced;
  return (await hasXmllint()) ? 'xmllint' : 'wasm';
}

export async function validateXsd(source: string, set: SchemaSet, engine?: XsdEngine): Promise<XsdResult> {
  // Never hand a DOCTYPE to libxml2: its parameter entities would be loaded from the file system.
  const xml = stripDoctype(source).text;
  const use = engine ?? (await pickEngine());
  return use === 'xmllint' ? viaXmllint(xml, set) : viaWasm(xml, set);
}

/** "Element '{ns}item': This element is not expected." — the part after libxml2's "Schemas validity error :". */
function tidy(message: string): string {
  return message.replace(/^.*?Schemas validity error\s*:\s*/, '').replace(/^.*?parser error\s*:\s*/, '').trim();
}

function viaXmllint(xml: string, set: SchemaSet): Promise<XsdResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('xmllint', ['--noout', '--nonet', '--schema', path.join(XSD_DIR, set, wrapper[set]), '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      // 0 valid, 1 not well-formed, 3 invalid; 4/5 mean the schemas themselves could not be used.
      if (code !== 0 && code !== 1 && code !== 3) {
        reject(new Error(`xmllint could not load the ${set} schemas (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
        return;
      }
      const errors: XsdError[] = [];
      for (const line of stderr.split('\n')) {
        const m = /^-:(\d+): (.*)$/.exec(line);
        if (m) errors.push({ line: Number(m[1]), message: tidy(m[2]!) });
      }
      if (code !== 0 && errors.length === 0) errors.push({ message: stderr.trim().split('\n')[0] ?? 'invalid' });
      resolve({ engine: 'xmllint', valid: code === 0, errors });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(xml);
  });
}

const schemaFiles = new Map<SchemaSet, Promise<{ fileName: string; contents: string }[]>>();
function loadSchemaFiles(set: SchemaSet) {
  let files = schemaFiles.get(set);
  if (!files) {
    files = (async () => {
      const dir = path.join(XSD_DIR, set);
      const names = (await readdir(dir)).filter((n) => n.endsWith('.xsd')).sort();
      return Promise.all(names.map(async (fileName) => ({ fileName, contents: await readFile(path.join(dir, fileName), 'utf8') })));
    })();
    schemaFiles.set(set, files);
  }
  return files;
}

async function viaWasm(xml: string, set: SchemaSet): Promise<XsdResult> {
  const { validateXML } = await import('xmllint-wasm');
  const files = (await loadSchemaFiles(set)).filter((f) => !wasmSkipped[set].includes(f.fileName));
  const main = files.find((f) => f.fileName === wasmWrapper[set])!;
  const result = await validateXML({
    xml: [{ fileName: documentName[set], contents: xml }],
    schema: [main],
    preload: files.filter((f) => f !== main),
    modifyArguments: (args) => ['--nonet', ...args],
  });
  // Only findings in the manifest: the schemas' own warnings (ims_xml.xsd's namespace) are not the package's.
  const errors: XsdError[] = result.errors
    .filter((e) => e.loc?.fileName === documentName[set])
    .filter((e) => !(set === 'scorm12' && e.message.includes(IMSMD) && e.message.includes('No matching global element declaration')))
    .map((e) => ({ line: e.loc!.lineNumber, message: tidy(e.message) }));
  return { engine: 'wasm', valid: errors.length === 0, errors };
}
