// ADL's SCORM 2004 4th Edition conformance test suite: the manifest of each of its 189 LMS test packages
// (test/fixtures/third-party/adl-cts, see PROVENANCE.md). ADL's own suite imports every one, so `ajar verify`
// must accept every one in its strictest profile. Each package is zipped here from the manifest, the files
// its folder has, and a small placeholder for every file the manifest names (href, <file>, adlcp:location,
// the XSDs of xsi:schemaLocation), the way the real test packages carry them.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { verifyPackageReport } from '../../src/verify/index.js';
import { rawZip, type RawEntry } from '../fixtures/verify/raw-zip.js';

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/third-party/adl-cts');
const packages = readdirSync(corpus).filter((d) => d.startsWith('LMSTestPackage_')).sort();
const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar adl-cts '));

/** Every package-relative file a manifest names, resolved through xml:base as an LMS would. */
export function namedFiles(xml: string): Set<string> {
  const out = new Set<string>();
  const bases: string[] = [];
  let inLocation = false;
  let text = '';
  const resolve = (href: string) => {
    const clean = href.trim().split(/[?#]/)[0]!;
    if (!clean || /^[a-z][a-z0-9+.-]*:/i.test(clean)) return;
    out.add(path.posix.normalize(path.posix.join(...bases.filter(Boolean), decodeURIComponent(clean))));
  };
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    const a = (local: string, uri = '') => Object.values(tag.attributes).find((x) => x.local === local && x.uri === uri)?.value;
    bases.push((a('base', 'http://www.w3.org/XML/1998/namespace') ?? '').trim());
    const schemaLocation = a('schemaLocation', 'http://www.w3.org/2001/XMLSchema-instance');
    if (schemaLocation) schemaLocation.trim().split(/\s+/).filter((_, i) => i % 2 === 1).forEach((x) => out.add(x));
    if (tag.local === 'resource' || tag.local === 'file') {
      const href = a('href');
      if (href !== undefined) resolve(href);
    }
    inLocation = tag.local === 'location';
    text = '';
  });
  parser.on('text', (t) => {
    if (inLocation) text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'location' && text.trim()) resolve(text);
    inLocation = false;
    bases.pop();
  });
  parser.write(xml).close();
  return out;
}

function packageOf(name: string): string {
  const folder = path.join(corpus, name);
  const own = readdirSync(folder).filter((f) => statSync(path.join(folder, f)).isFile());
  const entries: RawEntry[] = own.map((f) => ({ name: f, data: readFileSync(path.join(folder, f)), deflate: true }));
  for (const f of namedFiles(readFileSync(path.join(folder, 'imsmanifest.xml'), 'utf8'))) {
    if (!own.includes(f)) entries.push({ name: f, data: `placeholder for ${f} of ${name}\n` });
  }
  const file = path.join(dir, `${name}.zip`);
  writeFileSync(file, rawZip(entries));
  return file;
}

describe("ADL's 189 SCORM 2004 conformance packages", () => {
  it('the corpus is complete', () => {
    expect(packages).toHaveLength(189);
  });

  for (const name of packages) {
    it(`${name} passes the strict profile`, async () => {
      const report = await verifyPackageReport(packageOf(name), { displayPath: `${name}.zip` });
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      expect(errors, JSON.stringify(errors, null, 1)).toEqual([]);
      expect(report.version).toBe('2004');
    });
  }
});
