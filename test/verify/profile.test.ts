// Profiles and ADL's application-profile rules. `strict` judges by the XSDs and ADL's rules; `lms` by what
// Moodle and SCORM Cloud import — an export whose IDs come from course titles plays there, so its schema-only
// problems are warnings. Every ADL rule is shown on ajar's own SCORM 2004 manifest with one thing changed.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPackage, verifyPackageReport, type VerifyProfile } from '../../src/verify/index.js';
import { messageOf } from '../../src/diagnostics/catalog.js';
import { goodEntries } from '../fixtures/verify/broken.js';
import { rawZip, type RawEntry } from '../fixtures/verify/raw-zip.js';
import { runAjar } from '../support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar profil '));
let n = 0;
function packageOf(edit: (xml: string) => string, keep: (e: RawEntry) => boolean = () => true, name = `kursus-${++n}-scorm2004.zip`): string {
  const file = path.join(dir, name);
  writeFileSync(file, rawZip(goodEntries('scorm2004', edit).filter(keep)));
  return file;
}
const rulesOf = async (file: string, profile: VerifyProfile) =>
  (await verifyPackage(file, { profile })).map((d) => `${d.severity} ${d.ruleId}`);

// Storyline and Captivate make IDs from course titles: a leading digit, commas and apostrophes are no xs:ID.
const titled = packageOf(
  (xml) =>
    xml
      .replaceAll('ORG-moderasi-beragama', "5-Why_Analisis_Akar_Masalah,_Pelayanan_Publik'_ORG")
      .replaceAll('RES-moderasi-beragama', "Kursus_Pelayanan,_Publik'_RES"),
  () => true,
  'storyline-scorm2004.zip',
);

describe('profiles', () => {
  it('strict: IDs made from course titles are schema errors', async () => {
    const found = await rulesOf(titled, 'strict');
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['error manifest-invalid']));
  });

  it('lms: the same package imports (warnings only), and the report says which profile judged', async () => {
    const report = await verifyPackageReport(titled, { profile: 'lms' });
    expect(report.profile).toBe('lms');
    expect(new Set(report.diagnostics.map((d) => `${d.severity} ${d.ruleId}`))).toEqual(new Set(['warning manifest-invalid']));
    expect((await verifyPackageReport(titled)).profile).toBe('strict');
  });

  it('lms still refuses what an LMS cannot play: a missing launch page, an unsafe zip', async () => {
    const missing = packageOf((xml) => xml, (e) => e.name !== 'index.html');
    expect(await rulesOf(missing, 'lms')).toContain('error launch-file-missing');
  });

  it('ajar verify --profile lms exits 0; the default (strict) exits 1; JSON names the profile', async () => {
    const name = path.basename(titled);
    const lms = await runAjar(['verify', name, '--profile', 'lms', '--format', 'json'], { cwd: dir });
    expect(lms.code, lms.stdout + lms.stderr).toBe(0);
    expect(JSON.parse(lms.stdout).result).toMatchObject({ profile: 'lms' });
    const strict = await runAjar(['verify', name, '--format', 'json'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).result).toMatchObject({ profile: 'strict' });
    const pretty = await runAjar(['verify', name, '--profile', 'lms'], { cwd: dir });
    expect(pretty.stdout).toContain('Judged by the lms profile.');
    expect((await runAjar(['verify', name, '--profile', 'longgar'], { cwd: dir })).code).toBe(2);
  });
});

describe("ADL's application-profile rules", () => {
  const cases: { rule: string; severity?: string; message?: string; edit?: (xml: string) => string; keep?: (e: RawEntry) => boolean }[] = [
    {
      rule: 'adl-scormtype-missing',
      edit: (xml) => xml.replace(' adlcp:scormType="sco"', ''),
      message: 'Resource “RES-moderasi-beragama” has no adlcp:scormType.',
    },
    {
      rule: 'adl-identifierref-on-parent',
      edit: (xml) => xml.replace(/(<item identifier="ITEM-moderasi-beragama"[^>]*>\s*<title>[^<]*<\/title>)/, '$1\n        <item identifier="ITEM-anak" identifierref="RES-moderasi-beragama"><title>Bab 1</title></item>'),
      message: 'Item “ITEM-moderasi-beragama” has child items and also identifierref “RES-moderasi-beragama”; only leaf items may refer to a resource.',
    },
    {
      rule: 'adl-href-syntax',
      edit: (xml) => xml.replace('<file href="ajar/player.css"/>', '<file href="/ajar/player.css"/>'),
      message: 'href “/ajar/player.css” starts with a slash.',
    },
    {
      rule: 'adl-href-syntax',
      edit: (xml) => xml.replace('<file href="ajar/player.css"/>', '<file href="ajar\\player.css"/>'),
      message: 'href “ajar\\player.css” uses “\\”.',
    },
    {
      rule: 'adl-href-syntax',
      edit: (xml) => xml.replace('<resources>', '<resources xml:base="konten">'),
      message: 'xml:base “konten” does not end with “/”.',
    },
    {
      rule: 'adl-sequencing-ref',
      edit: (xml) => xml.replace(/(<item [^>]*>\s*<title>[^<]*<\/title>\s*)<imsss:sequencing>/, '$1<imsss:sequencing IDRef="SEQ-bersama">'),
      message: 'IDRef “SEQ-bersama” refers to no sequencing in the sequencingCollection.',
    },
    {
      rule: 'adl-objective-ref',
      severity: 'warning',
      edit: (xml) =>
        xml.replace(
          /(<item [^>]*>\s*<title>[^<]*<\/title>\s*<imsss:sequencing>)/,
          '$1<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition referencedObjective="urn:ajar:tujuan-lain" condition="satisfied"/></imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule></imsss:sequencingRules>',
        ),
      message: 'referencedObjective “urn:ajar:tujuan-lain” refers to no objective of this activity.',
    },
    {
      rule: 'adl-schema-file-missing',
      keep: (e) => e.name !== 'imsss_v1p0.xsd',
      message: 'Schema “imsss_v1p0.xsd” (for http://www.imsglobal.org/xsd/imsss) is named in xsi:schemaLocation but not in the package.',
    },
    {
      rule: 'launch-url-absolute',
      edit: (xml) => xml.replace('href="index.html">', 'href="https://kursus.contoh.go.id/moderasi/index.html">'),
      message: 'Resource “RES-moderasi-beragama” launches an absolute URL, “https://kursus.contoh.go.id/moderasi/index.html”, not a file inside the package.',
    },
  ];
  for (const c of cases) {
    it(`${c.rule}: ${c.message}`, async () => {
      const file = packageOf(c.edit ?? ((xml) => xml), c.keep);
      const strict = await verifyPackage(file, { profile: 'strict' });
      const d = strict.find((x) => x.ruleId === c.rule && messageOf(x, 'en') === c.message);
      expect(d, JSON.stringify(strict.map((x) => messageOf(x, 'en')), null, 1)).toBeDefined();
      expect(d!.severity).toBe(c.severity ?? 'error');
      expect(d!.position?.start.line).toBeGreaterThan(1);
      // Nothing contradicts it: an absolute launch URL is not also "nothing to launch".
      expect(strict.map((x) => x.ruleId)).not.toContain('no-launch');
      const lms = await verifyPackage(file, { profile: 'lms' });
      expect(lms.find((x) => x.ruleId === c.rule)!.severity).toBe('warning');
    });
  }

  it('the packages ajar builds pass every rule', async () => {
    expect(await verifyPackage(packageOf((xml) => xml))).toEqual([]);
  });
});
