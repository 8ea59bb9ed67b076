import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  packageFileName,
  scormManifest12,
  scormManifest2004,
  writePackage,
  manifestIds,
} from '../../src/package/index.js';
import { verifyPackage } from '../../src/verify/index.js';
import { makeCourse, makeSite } from './fixtures.js';
import { xmllint } from './xmllint.js';
import { unzip } from './unzip.js';

const tmp = (prefix = 'ajar paket ') => mkdtempSync(path.join(os.tmpdir(), prefix));

function fileHrefs(xml: string): string[] {
  return [...xml.matchAll(/<file href="([^"]*)"/g)].map((m) => decodeURIComponent(m[1]!.replace(/&amp;/g, '&')));
}

describe('imsmanifest.xml', () => {
  const course = makeCourse();
  const site = makeSite();

  it('SCORM 1.2 manifest is valid against the official schemas', () => {
    const r = xmllint(scormManifest12(course, site), 'scorm12');
    expect(r.stderr).not.toMatch(/validity error/);
    expect(r.code).toBe(0);
  });

  it('SCORM 2004 4th Edition manifest is valid against the official schemas', () => {
    const r = xmllint(scormManifest2004(course, site), 'scorm2004');
    expect(r.stderr).not.toMatch(/validity error/);
    expect(r.code).toBe(0);
  });

  it('lists every site file (spaces, ampersands and Arabic names encoded) and launches index.html', () => {
    for (const xml of [scormManifest12(course, site), scormManifest2004(course, site)]) {
      expect(fileHrefs(xml).sort()).toEqual(site.files.map((f) => f.path).sort());
      expect(xml).toContain('href="materi/modul%201/gambar%20peta.png"');
      expect(xml).toMatch(/<resource [^>]*href="index.html"/);
    }
  });

  it('declares its SCORM version and the single SCO', () => {
    const m12 = scormManifest12(course, site);
    const m2004 = scormManifest2004(course, site);
    expect(m12).toContain('<schemaversion>1.2</schemaversion>');
    expect(m12).toContain('adlcp:scormtype="sco"');
    expect(m2004).toContain('<schemaversion>2004 4th Edition</schemaversion>');
    expect(m2004).toContain('adlcp:scormType="sco"');
    expect(m12.match(/<item /g)).toHaveLength(1);
    expect(m2004.match(/<resource /g)).toHaveLength(1);
  });

  it('carries the passing grade as the mastery score', () => {
    expect(scormManifest12(course, site)).toContain('<adlcp:masteryscore>75</adlcp:masteryscore>');
    const m2004 = scormManifest2004(course, site);
    expect(m2004).toMatch(/<imsss:primaryObjective [^>]*satisfiedByMeasure="true"/);
    expect(m2004).toContain('<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>');
  });

  it('leaves the mastery score out for an LMS that rewrites the status from it (build.lms: moodle), and stays valid', () => {
    const m12 = scormManifest12(course, site, { mastery: false });
    const m2004 = scormManifest2004(course, site, { mastery: false });
    expect(m12).not.toContain('masteryscore');
    expect(m2004).not.toContain('minNormalizedMeasure');
    expect(xmllint(m12, 'scorm12').code).toBe(0);
    expect(xmllint(m2004, 'scorm2004').code).toBe(0);
  });

  it('leaves the mastery score out when completion does not involve passing, and stays valid', () => {
    const noPass = makeCourse({ completion: 'all' });
    const m12 = scormManifest12(noPass, site);
    const m2004 = scormManifest2004(noPass, site);
    expect(m12).not.toContain('masteryscore');
    expect(m2004).not.toContain('minNormalizedMeasure');
    expect(xmllint(m12, 'scorm12').code).toBe(0);
    expect(xmllint(m2004, 'scorm2004').code).toBe(0);
  });

  it('derives identifiers from the course id only: stable across builds and versions', () => {
    const next = makeCourse({ version: '2.0.0', title: 'Judul baru' });
    expect(scormManifest12(next, site).match(/identifier="[^"]*"/g)).toEqual(scormManifest12(course, site).match(/identifier="[^"]*"/g));
    expect(manifestIds('moderasi-beragama').manifest).toBe('ajar.moderasi-beragama');
    // An id that is not an XML name still gives valid identifiers, distinct for distinct ids.
    expect(manifestIds('مدخل').manifest).not.toBe(manifestIds('دروس').manifest);
    expect(manifestIds('مدخل').manifest).toBe(manifestIds('مدخل').manifest);
    const odd = makeCourse({ id: '2024 pelatihan/ASN' });
    expect(xmllint(scormManifest12(odd, site), 'scorm12').code).toBe(0);
    expect(xmllint(scormManifest2004(odd, site), 'scorm2004').code).toBe(0);
  });

  it('escapes titles and cuts over-long ones to the 1.2 limit, staying valid', () => {
    const long = makeCourse({ title: 'Pelatihan & "Moderasi" ' + 'panjang '.repeat(60), version: '2026.11.23-rc.1+build.77' });
    const m12 = scormManifest12(long, site);
    expect(m12).toContain('Pelatihan &amp; &quot;Moderasi&quot;');
    expect(xmllint(m12, 'scorm12').code).toBe(0);
    expect(xmllint(scormManifest2004(long, site), 'scorm2004').code).toBe(0);
  });
});

describe('writePackage', () => {
  const course = makeCourse();
  const site = makeSite();

  it('writes dist/<id>-<version>-<format>.zip with the manifest, every site file and the schemas at the root', async () => {
    const out = tmp();
    const { result, diagnostics } = await writePackage(course, site, 'scorm2004', out);
    expect(diagnostics).toEqual([]);
    expect(result?.file).toBe(path.join(out, 'moderasi-beragama-1.2.0-scorm2004.zip'));
    const entries = await unzip(result!.file);
    const names = entries.map((e) => e.name);
    expect(names[0]).toBe('imsmanifest.xml');
    expect(names.slice(1)).toEqual([...names.slice(1)].sort());
    for (const f of site.files) expect(names).toContain(f.path);
    for (const xsd of ['imscp_v1p1.xsd', 'adlcp_v1p3.xsd', 'adlseq_v1p3.xsd', 'adlnav_v1p3.xsd', 'imsss_v1p0.xsd', 'xml.xsd']) expect(names).toContain(xsd);
    expect(names).not.toContain('scorm2004_all.xsd');
    const arabic = entries.find((e) => e.name === 'materi/نص عربي.html')!;
    expect(arabic.data.toString('utf8')).toBe('<p dir="rtl">بِسْمِ اللَّهِ</p>');
    // Fixed metadata: mode 0644 and one timestamp for every entry.
    expect(new Set(entries.map((e) => e.mode))).toEqual(new Set([0o644]));
    expect(new Set(entries.map((e) => e.lastModified.getTime())).size).toBe(1);
    // Already-compressed files are stored, text is deflated.
    expect(entries.find((e) => e.name.endsWith('.png'))!.compressionMethod).toBe(0);
    expect(entries.find((e) => e.name === 'ajar/player.js')!.compressionMethod).toBe(8);
    const manifest = entries[0]!.data.toString('utf8');
    expect(xmllint(manifest, 'scorm2004').code).toBe(0);
    expect(result!.bytes).toBe(readFileSync(result!.file).length);
    expect(readdirSync(out)).toEqual(['moderasi-beragama-1.2.0-scorm2004.zip']);
  });

  it('two builds of the same site are byte-identical, for both formats', async () => {
    for (const format of ['scorm12', 'scorm2004'] as const) {
      const a = await writePackage(course, site, format, tmp());
      const b = await writePackage(makeCourse(), makeSite(), format, tmp());
      expect(readFileSync(a.result!.file).equals(readFileSync(b.result!.file))).toBe(true);
      expect(a.result!.sha256).toBe(b.result!.sha256);
    }
  });

  it('a changed file changes the package', async () => {
    const a = await writePackage(course, site, 'scorm12', tmp());
    const changed = makeSite({ files: site.files.map((f) => (f.path === 'ajar/course.json' ? { ...f, data: '{"judul":"Lain"}' } : f)) });
    const b = await writePackage(course, changed, 'scorm12', tmp());
    expect(a.result!.sha256).not.toBe(b.result!.sha256);
  });

  it('packages that ajar verify finds clean', async () => {
    for (const format of ['scorm12', 'scorm2004'] as const) {
      const { result } = await writePackage(course, site, format, tmp());
      expect(await verifyPackage(result!.file)).toEqual([]);
    }
  });

  it('refuses a course whose worst-case state exceeds SCORM 1.2 suspend_data, located at the syllabus, writing nothing', async () => {
    const big = makeSite({ maxStateChars: 5200 });
    const out = tmp();
    const r12 = await writePackage(course, big, 'scorm12', out);
    expect(r12.result).toBeUndefined();
    expect(r12.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'state-too-large',
        severity: 'error',
        file: 'syllabus.md',
        position: course.source.position,
        data: expect.objectContaining({ chars: 5200, limit: 4096 }),
      }),
    ]);
    expect(existsSync(path.join(out, packageFileName(course, 'scorm12')))).toBe(false);
    // The same state fits SCORM 2004's 64,000 characters.
    const r2004 = await writePackage(course, big, 'scorm2004', out);
    expect(r2004.diagnostics).toEqual([]);
    expect(r2004.result).toBeDefined();
    // And 64,001 does not.
    const huge = await writePackage(course, makeSite({ maxStateChars: 64001 }), 'scorm2004', tmp());
    expect(huge.diagnostics.map((d) => d.ruleId)).toEqual(['state-too-large']);
  });

  it('refuses site files that would clash with the manifest or escape the package', async () => {
    const clash = makeSite({ files: [...makeSite().files, { path: 'imsmanifest.xml', data: '<x/>' }] });
    expect((await writePackage(course, clash, 'scorm12', tmp())).diagnostics.map((d) => d.ruleId)).toEqual(['reserved-path']);
    const escape = makeSite({ files: [...makeSite().files, { path: '../luar.txt', data: 'x' }] });
    expect((await writePackage(course, escape, 'scorm12', tmp())).diagnostics.map((d) => d.ruleId)).toEqual(['unsafe-site-path']);
  });

  it('names packages with file-name-safe characters', () => {
    expect(packageFileName({ id: 'moderasi-beragama', version: '1.2.0' }, 'scorm12')).toBe('moderasi-beragama-1.2.0-scorm12.zip');
    expect(packageFileName({ id: 'kursus/ASN baru', version: 'v2 beta' }, 'scorm2004')).toBe('kursus-ASN-baru-v2-beta-scorm2004.zip');
  });
});
