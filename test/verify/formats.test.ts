// `ajar verify` dispatches on what a package is: the four packages `ajar build` makes of the example course
// verify clean (real xmllint and xmllint-wasm), a zip that is none of them gets one error, and broken cmi5.xml
// and tincan.xml are reported at their file and line. The broken packages are the example's own, with one
// thing changed in their course structure.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, plan } from '../../src/pipeline.js';
import { zipBuffer, type PackagePlan } from '../../src/package/index.js';
import { verifyPackage, verifyPackageReport } from '../../src/verify/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { repoRoot, runAjar } from '../support/cli.js';

const example = path.join(repoRoot, 'examples/moderasi-beragama');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar verifikasi format '));
let built: Awaited<ReturnType<typeof build>>;
/** The same packages planned in memory (a build drops each plan once its zip is written). */
let planned: Awaited<ReturnType<typeof plan>>;

beforeAll(async () => {
  built = await build({ dir: example, env: { PATH: process.env.PATH }, outDir: path.join(dir, 'dist'), media: false });
  planned = await plan({ dir: example, env: { PATH: process.env.PATH }, media: false });
}, 120_000);

const planOf = (format: string): PackagePlan => planned.plans.find((p) => p.format === format)!;
const structureOf = (plan: PackagePlan): string => String(plan.entries[0]!.data);
const lineOf = (text: string, needle: string): number => {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not in the text: ${needle}`);
  return text.slice(0, at).split('\n').length;
};

/** The example's package of `format` with its structure file (cmi5.xml / tincan.xml) changed. */
async function changed(format: 'cmi5' | 'xapi', name: string, change: (xml: string) => string): Promise<{ file: string; xml: string }> {
  const plan = planOf(format);
  const xml = change(structureOf(plan));
  const file = path.join(dir, name);
  writeFileSync(file, await zipBuffer([{ path: plan.entries[0]!.path, data: xml }, ...plan.entries.slice(1)]));
  return { file, xml };
}

const only = (found: Diagnostic[], ruleId: string) => {
  const hits = found.filter((d) => d.ruleId === ruleId);
  expect(hits, JSON.stringify(found, null, 1)).toHaveLength(1);
  return hits[0]!;
};

describe('the four packages ajar build makes', () => {
  it('the build writes and verifies all four of the example course', () => {
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.packages.map((p) => p.format)).toEqual(['scorm12', 'scorm2004', 'cmi5', 'xapi']);
  });

  for (const engine of ['xmllint', 'wasm'] as const) {
    it(`each verifies clean and is told for what it is (${engine})`, async () => {
      for (const pkg of built.packages) {
        const report = await verifyPackageReport(pkg.file, { engine });
        expect(report.diagnostics, path.basename(pkg.file)).toEqual([]);
        expect(report.format).toBe(pkg.format);
      }
    });
  }

  it('ajar verify dist/*.zip: exit 0, each named by its kind', async () => {
    const r = await runAjar(['verify', ...built.packages.map((p) => path.relative(dir, p.file))], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('moderasi-beragama-asn-1.2.0-scorm12.zip: SCORM 1.2');
    expect(r.stdout).toContain('moderasi-beragama-asn-1.2.0-cmi5.zip: cmi5');
    expect(r.stdout).toContain('moderasi-beragama-asn-1.2.0-xapi.zip: xAPI (Tin Can)');
  });
});

describe('a zip that is no package', () => {
  it('gets one error naming the three structure files, in English and Indonesian', async () => {
    const file = path.join(dir, 'materi-pelatihan.zip');
    writeFileSync(file, await zipBuffer([{ path: 'index.html', data: '<!doctype html><title>Materi</title>' }, { path: 'materi/bab-1.pdf', data: '%PDF-1.4' }]));
    const found = await verifyPackage(file);
    expect(found.map((d) => d.ruleId)).toEqual(['package-kind-unknown']);
    expect(found[0]!.file).toBe(file);
    const en = await runAjar(['verify', file], { cwd: dir });
    expect(en.code).toBe(1);
    expect(en.stdout).toContain('neither SCORM, cmi5 nor xAPI: there is no imsmanifest.xml, cmi5.xml or tincan.xml at the root');
    const id = await runAjar(['verify', file, '--lang', 'id'], { cwd: dir });
    expect(id.stdout).toContain('bukan SCORM, cmi5, maupun xAPI');
  });

  it('a zip of the folder that holds cmi5.xml says to zip the folder’s contents', async () => {
    const plan = planOf('cmi5');
    const file = path.join(dir, 'folder-cmi5.zip');
    writeFileSync(file, await zipBuffer(plan.entries.map((e) => ({ ...e, path: `kursus/${e.path}` }))));
    const found = await verifyPackage(file);
    expect(found.map((d) => d.ruleId)).toEqual(['package-kind-unknown']);
    expect(found[0]!.data).toMatchObject({ nested: 'kursus/cmi5.xml' });
  });
});

describe('cmi5.xml problems, at their file and line', () => {
  it('an AU URL pointing at a file the zip does not have', async () => {
    const { file, xml } = await changed('cmi5', 'url-hilang-cmi5.zip', (x) => x.replace('<url>index.html</url>', '<url>materi/pembuka.html?bab=1</url>'));
    const d = only(await verifyPackage(file), 'cmi5-au-url-missing');
    expect(d.file).toBe(`${file}!/cmi5.xml`);
    expect(d.position?.start.line).toBe(lineOf(xml, '<url>'));
    expect(d.data).toMatchObject({ url: 'materi/pembuka.html?bab=1', target: 'materi/pembuka.html', au: 'urn:ajar:course:moderasi-beragama-asn/au' });
    expect(d.severity).toBe('error');
  });

  it('a URL differing only in case names the file that is there', async () => {
    const { file } = await changed('cmi5', 'huruf-cmi5.zip', (x) => x.replace('<url>index.html</url>', '<url>Index.html</url>'));
    expect(only(await verifyPackage(file), 'cmi5-au-url-missing').data).toMatchObject({ suggestion: 'index.html' });
  });

  it('absolute URLs: https is fine, plain http is not', async () => {
    const https = await changed('cmi5', 'https-cmi5.zip', (x) => x.replace('<url>index.html</url>', '<url>https://kursus.contoh.go.id/moderasi/index.html</url>'));
    expect(await verifyPackage(https.file)).toEqual([]);
    const http = await changed('cmi5', 'http-cmi5.zip', (x) => x.replace('<url>index.html</url>', '<url>http://kursus.contoh.go.id/moderasi/index.html</url>'));
    const d = only(await verifyPackage(http.file), 'cmi5-au-url-unsupported');
    expect(d.data).toMatchObject({ reason: 'http' });
    expect(d.position?.start.line).toBe(lineOf(http.xml, '<url>'));
  });

  it('moveOn that asks for a pass without a masteryScore, and a masteryScore moveOn ignores', async () => {
    const auLine = (xml: string) => lineOf(xml, '<au ');
    const noMastery = await changed('cmi5', 'tanpa-mastery-cmi5.zip', (x) => x.replace(' masteryScore="0.7"', ''));
    const a = only(await verifyPackage(noMastery.file), 'cmi5-passed-without-mastery');
    expect(a).toMatchObject({ severity: 'warning', file: `${noMastery.file}!/cmi5.xml`, data: { moveOn: 'CompletedAndPassed' } });
    expect(a.position?.start.line).toBe(auLine(noMastery.xml));

    const ignored = await changed('cmi5', 'mastery-diabaikan-cmi5.zip', (x) => x.replace('moveOn="CompletedAndPassed"', 'moveOn="Completed"'));
    const b = only(await verifyPackage(ignored.file), 'cmi5-mastery-ignored');
    expect(b).toMatchObject({ severity: 'warning', data: { moveOn: 'Completed', masteryScore: '0.7' } });
    expect(b.position?.start.line).toBe(auLine(ignored.xml));
  });

  for (const engine of ['xmllint', 'wasm'] as const) {
    it(`invalid against the cmi5 XSD: an AU without <url> (${engine})`, async () => {
      const { file, xml } = await changed('cmi5', `tanpa-url-${engine}-cmi5.zip`, (x) => x.replace(/\n\s*<url>index.html<\/url>/, ''));
      const d = only(await verifyPackage(file, { engine }), 'cmi5-invalid');
      expect(d.file).toBe(`${file}!/cmi5.xml`);
      expect(d.position?.start.line).toBe(lineOf(xml, '<au '));
      expect(String(d.data?.detail)).toContain('url');
    });
  }

  it('two AUs with one id, and an objective no course objective defines', async () => {
    const { file, xml } = await changed('cmi5', 'id-ganda-cmi5.zip', (x) => {
      const au = x.slice(x.indexOf('  <au '), x.indexOf('</au>') + 5);
      return x.replace('</courseStructure>', `${au.replace('competency/3"/>', 'competency/9"/>')}\n</courseStructure>`);
    });
    const found = await verifyPackage(file);
    const dup = only(found, 'cmi5-duplicate-id');
    expect(dup.data).toMatchObject({ id: 'urn:ajar:course:moderasi-beragama-asn/au', element: 'au', firstLine: lineOf(xml, '<au ') });
    expect(dup.position?.start.line).toBe(lineOf(xml.slice(xml.indexOf('</au>')), '<au ') + lineOf(xml, '</au>') - 1);
    const unknown = only(found, 'cmi5-objective-unknown');
    expect(unknown.data).toMatchObject({ idref: 'urn:ajar:course:moderasi-beragama-asn/competency/9' });
    expect(unknown.position?.start.line).toBe(lineOf(xml, 'competency/9'));
  });

  it('cmi5.xml that is not well-formed XML', async () => {
    const { file, xml } = await changed('cmi5', 'rusak-cmi5.zip', (x) => x.replace('</au>', '</unit>'));
    const d = only(await verifyPackage(file), 'cmi5-not-xml');
    expect(d.position?.start.line).toBe(lineOf(xml, '</unit>'));
  });
});

describe('tincan.xml problems', () => {
  it('a launch file the zip does not have', async () => {
    const { file, xml } = await changed('xapi', 'launch-hilang-xapi.zip', (x) => x.replace(/<launch lang="id">index.html<\/launch>/, '<launch lang="id">mulai.html</launch>'));
    const d = only(await verifyPackage(file), 'tincan-launch-missing');
    expect(d.file).toBe(`${file}!/tincan.xml`);
    expect(d.position?.start.line).toBe(lineOf(xml, '<launch'));
    expect(d.data).toMatchObject({ url: 'mulai.html', activity: 'urn:ajar:course:moderasi-beragama-asn' });
  });

  it('no activity with a launch', async () => {
    const { file } = await changed('xapi', 'tanpa-launch-xapi.zip', (x) => x.replace(/\n\s*<launch lang="id">index.html<\/launch>/, ''));
    expect((await verifyPackage(file)).map((d) => d.ruleId)).toEqual(['tincan-no-launch']);
  });

  it('tincan.xml that is not well-formed XML', async () => {
    const { file } = await changed('xapi', 'rusak-xapi.zip', (x) => x.replace('</activities>', ''));
    expect((await verifyPackage(file)).map((d) => d.ruleId)).toEqual(['tincan-not-xml']);
  });
});

it('a -cmi5.zip holding an xAPI package: the file name is wrong (warning)', async () => {
  const xapi = built.packages.find((p) => p.format === 'xapi')!;
  const renamed = path.join(dir, 'moderasi-beragama-asn-1.2.0-cmi5.zip');
  renameSync(xapi.file, renamed);
  const found = await verifyPackage(renamed);
  expect(found.map((d) => [d.ruleId, d.severity])).toEqual([['package-name-version', 'warning']]);
  expect(found[0]!.data).toMatchObject({ named: 'cmi5', actual: 'xAPI (Tin Can)' });
  renameSync(renamed, xapi.file);
});
