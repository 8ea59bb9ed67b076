import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPackage } from '../../src/verify/index.js';
import { writePackage } from '../../src/package/index.js';
import { brokenPackages, foreignPackage, foreignPackage12, goodEntries } from '../fixtures/verify/broken.js';
import { rawZip } from '../fixtures/verify/raw-zip.js';
import { makeCourse, makeSite } from '../package/fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar verifikasi '));
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

describe('verifyPackage finds each class of broken package', () => {
  for (const broken of brokenPackages()) {
    it(`${broken.ruleId}: ${broken.name}`, async () => {
      const file = write(broken.name, broken.bytes);
      const diagnostics = await verifyPackage(file);
      const expectedFile = broken.where === 'package' ? file : `${file}!/imsmanifest.xml`;
      const found = diagnostics.filter((d) => d.ruleId === broken.ruleId);
      expect(found, JSON.stringify(diagnostics, null, 1)).not.toHaveLength(0);
      const match = found.find((d) => d.file === expectedFile && (broken.entry === undefined || d.data?.entry === broken.entry));
      expect(match, JSON.stringify(found, null, 1)).toBeDefined();
      if (broken.line !== undefined) expect(match!.position?.start.line).toBe(broken.line);
    });
  }

  it('limits: too many entries and too many bytes, as the caller sets them', async () => {
    const file = write('banyak-scorm12.zip', rawZip(goodEntries()));
    const many = await verifyPackage(file, { limits: { maxEntries: 5 } });
    expect(many.map((d) => d.ruleId)).toEqual(['zip-too-many-entries']);
    expect(many[0]!.data).toMatchObject({ count: goodEntries().length, limit: 5 });
    const big = await verifyPackage(file, { limits: { maxTotalBytes: 1000 } });
    expect(big.map((d) => d.ruleId)).toContain('zip-too-large');
  });

  it('a missing listed file whose name differs only in case says so', async () => {
    const broken = brokenPackages().find((b) => b.name === 'huruf-besar-scorm12.zip')!;
    const d = (await verifyPackage(write(broken.name, broken.bytes))).find((x) => x.ruleId === 'manifest-file-missing')!;
    expect(d.data).toMatchObject({ target: 'ajar/player.css', suggestion: 'ajar/Player.css' });
  });

  it('a zip of the course folder (structure one level down) is not a package and points at the nested manifest', async () => {
    const broken = brokenPackages().find((b) => b.ruleId === 'package-kind-unknown')!;
    const d = (await verifyPackage(write(broken.name, broken.bytes)))[0]!;
    expect(d.data).toMatchObject({ nested: 'kursus/imsmanifest.xml' });
  });
});

describe('verifyPackage on good packages', () => {
  let ours12: string;
  let ours2004: string;
  beforeAll(async () => {
    ours12 = (await writePackage(makeCourse(), makeSite(), 'scorm12', dir)).result!.file;
    ours2004 = (await writePackage(makeCourse(), makeSite(), 'scorm2004', dir)).result!.file;
  });

  it('finds nothing in packages ajar built', async () => {
    expect(await verifyPackage(ours12)).toEqual([]);
    expect(await verifyPackage(ours2004)).toEqual([]);
  });

  it('accepts a package made by another tool: xml:base, query strings, dependencies, external files, schema subfolders', async () => {
    expect(await verifyPackage(write('kursus-lain.zip', foreignPackage()))).toEqual([]);
  });

  it('accepts an older SCORM 1.2 package: inline LOM metadata, launch query string, names without the UTF-8 flag, with both XSD engines', async () => {
    const file = write('kursus-lama-scorm12.zip', foreignPackage12());
    expect(await verifyPackage(file, { engine: 'xmllint' })).toEqual([]);
    expect(await verifyPackage(file, { engine: 'wasm' })).toEqual([]);
  });

  it('xmllint and xmllint-wasm give the same verdicts', async () => {
    const cases = [ours12, ours2004, ...brokenPackages().filter((b) => b.ruleId.startsWith('manifest-invalid') || b.ruleId.startsWith('scorm-version')).map((b) => write(b.name, b.bytes))];
    for (const file of cases) {
      const native = await verifyPackage(file, { engine: 'xmllint' });
      const wasm = await verifyPackage(file, { engine: 'wasm' });
      expect(wasm.map((d) => [d.ruleId, d.position?.start.line])).toEqual(native.map((d) => [d.ruleId, d.position?.start.line]));
    }
  });
});
