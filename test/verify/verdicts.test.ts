// Structure verdicts kept between builds (issue 16): after editing one lesson only the launch page of a package
// changes; its manifest (or cmi5.xml, tincan.xml) is byte for byte the one judged in the last build, so its verdict
// is reused instead of parsing and validating it again. The zip itself is always checked, and a kept verdict never
// lets through a package a full verify fails: every answer must equal verify without any kept verdict.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPackage, verifyPackageReport, type VerdictStore } from '../../src/verify/index.js';
import { brokenPackages, goodEntries } from '../fixtures/verify/broken.js';
import { rawZip, type RawEntry } from '../fixtures/verify/raw-zip.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar vonis '));
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

/** The build cache's get/put, counting what it answered. */
function store(): VerdictStore & { hits: number; entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const s = {
    hits: 0,
    entries,
    get: (key: string) => {
      const v = entries.get(key);
      if (v !== undefined) s.hits++;
      return v;
    },
    put: (key: string, payload: string) => void entries.set(key, payload),
  };
  return s;
}

const salt = 'kode-ajar-uji';
/** The launch page after a lesson was edited: the only entry a one-lesson rebuild changes. */
const edited = (entries: RawEntry[]) =>
  entries.map((e) => (e.name === 'index.html' ? { ...e, data: `${String(e.data)}<!-- Paragraf baru: pelayanan prima bagi warga. -->` } : e));

describe('a verdict kept for an unchanged manifest', () => {
  it('is reused when only another entry changed, with the same findings as a full verify', async () => {
    const kept = store();
    const first = write('kursus-1.0.0-scorm2004.zip', rawZip(goodEntries('scorm2004')));
    const before = await verifyPackageReport(first, { verdicts: { store: kept, salt } });
    expect(before.diagnostics).toEqual([]);
    expect(before.format).toBe('scorm2004');
    expect(kept.entries.size).toBe(1);
    const second = write('kursus-1.0.0-scorm2004.zip', rawZip(edited(goodEntries('scorm2004'))));
    const after = await verifyPackageReport(second, { verdicts: { store: kept, salt } });
    expect(kept.hits).toBe(1);
    expect(after).toEqual(await verifyPackageReport(second));
  });

  it('is not reused when the file names changed: a file the manifest lists and the zip lost is found', async () => {
    const kept = store();
    const name = 'kursus-1.0.0-scorm12.zip';
    await verifyPackage(write(name, rawZip(goodEntries('scorm12'))), { verdicts: { store: kept, salt } });
    const lost = write(name, rawZip(goodEntries('scorm12').filter((e) => e.name !== 'ajar/player.css')));
    const found = await verifyPackage(lost, { verdicts: { store: kept, salt } });
    expect(kept.hits).toBe(0);
    expect(found.map((d) => d.ruleId)).toContain('manifest-file-missing');
    expect(found).toEqual(await verifyPackage(lost));
  });

  it('does not hide a damaged entry: the zip is checked in full even when the manifest verdict is reused', async () => {
    const kept = store();
    const name = 'kursus-1.0.0-scorm12.zip';
    await verifyPackage(write(name, rawZip(goodEntries('scorm12'))), { verdicts: { store: kept, salt } });
    const bytes = rawZip(edited(goodEntries('scorm12')));
    // One byte of the launch page's compressed data flipped: its CRC no longer matches.
    const at = bytes.indexOf(Buffer.from('index.html')) + 'index.html'.length + 20;
    bytes[at] = bytes[at]! ^ 0xff;
    const damaged = write(name, bytes);
    const found = await verifyPackage(damaged, { verdicts: { store: kept, salt } });
    expect(kept.hits).toBe(1);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(await verifyPackage(damaged));
  });

  it('is not reused under another name, another verifier code or a damaged entry', async () => {
    const kept = store();
    const bytes = rawZip(goodEntries('scorm2004'));
    await verifyPackage(write('kursus-1.0.0-scorm2004.zip', bytes), { verdicts: { store: kept, salt } });
    await verifyPackage(write('kursus-2.0.0-scorm2004.zip', bytes), { verdicts: { store: kept, salt } });
    await verifyPackage(write('kursus-1.0.0-scorm2004.zip', bytes), { verdicts: { store: kept, salt: 'kode-ajar-baru' } });
    expect(kept.hits).toBe(0);
    expect(kept.entries.size).toBe(3);
    for (const key of kept.entries.keys()) kept.entries.set(key, '{"structure":"bukan daftar"}');
    const file = write('kursus-1.0.0-scorm2004.zip', bytes);
    expect(await verifyPackage(file, { verdicts: { store: kept, salt } })).toEqual([]);
  });

  it('gives every broken package of the corpus the findings of a full verify, judged first and then from the kept verdict', async () => {
    for (const broken of brokenPackages()) {
      const kept = store();
      const file = write(broken.name, broken.bytes);
      const full = await verifyPackage(file);
      expect(await verifyPackage(file, { verdicts: { store: kept, salt } }), broken.name).toEqual(full);
      expect(await verifyPackage(file, { verdicts: { store: kept, salt } }), broken.name).toEqual(full);
      expect(full.some((d) => d.ruleId === broken.ruleId), broken.name).toBe(true);
    }
  });
});
