// What a manifest means, read the way XSD and LMSs read it: padded identifiers, the many spellings of
// <schemaversion>, and version messages that never contradict themselves.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPackage } from '../../src/verify/index.js';
import { messageOf } from '../../src/diagnostics/catalog.js';
import { goodEntries } from '../fixtures/verify/broken.js';
import { rawZip } from '../fixtures/verify/raw-zip.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar manifest '));
let n = 0;
async function verifyManifest(format: 'scorm12' | 'scorm2004', edit: (xml: string) => string) {
  const file = path.join(dir, `kursus-${++n}.zip`);
  writeFileSync(file, rawZip(goodEntries(format, edit)));
  return verifyPackage(file);
}

describe('identifiers are whitespace-collapsed, as XSD reads xs:ID and xs:IDREF', () => {
  it('padded identifier, identifierref and default resolve', async () => {
    const found = await verifyManifest('scorm2004', (xml) =>
      xml
        .replace('default="ORG-moderasi-beragama"', 'default="  ORG-moderasi-beragama "')
        .replace('identifierref="RES-moderasi-beragama"', 'identifierref=" RES-moderasi-beragama\t"')
        .replace('<resource identifier="RES-moderasi-beragama"', '<resource identifier="\n   RES-moderasi-beragama   "'),
    );
    expect(found).toEqual([]);
  });
});

describe('<schemaversion> as Moodle maps it', () => {
  for (const declared of ['1.3', 'CAM 1.3', '2004 3rd Edition', '2004 2nd Edition', '2004 4th Edition']) {
    it(`“${declared}” is SCORM 2004`, async () => {
      const found = await verifyManifest('scorm2004', (xml) => xml.replace('<schemaversion>2004 4th Edition</schemaversion>', `<schemaversion>${declared}</schemaversion>`));
      expect(found).toEqual([]);
    });
  }

  it('“CAM 1.3” in a SCORM 1.2 manifest is a mismatch that names SCORM 2004', async () => {
    const found = await verifyManifest('scorm12', (xml) => xml.replace('<schemaversion>1.2</schemaversion>', '<schemaversion>CAM 1.3</schemaversion>'));
    const mismatch = found.find((d) => d.ruleId === 'scorm-version-mismatch');
    expect(messageOf(mismatch!, 'en')).toBe("Inconsistent SCORM version: <schemaversion> says CAM 1.3 (SCORM 2004), but the manifest's namespaces are SCORM 1.2.");
    // The data names and codes what disagrees; the words are the message's.
    expect(mismatch!.data).toEqual({ what: 'schemaversion', declared: 'CAM 1.3', claimed: '2004', version: '1.2' });
    expect(messageOf(mismatch!, 'id')).toBe('Versi SCORM tidak konsisten: <schemaversion> menyatakan CAM 1.3 (SCORM 2004), sedangkan namespace manifest adalah SCORM 1.2.');
  });

  it('the 1.2 spelling adlcp:scormtype in the 2004 namespace is named as a spelling, not as “SCORM 2004 vs SCORM 2004”', async () => {
    const found = await verifyManifest('scorm2004', (xml) => xml.replace('adlcp:scormType="sco"', 'adlcp:scormtype="sco"'));
    const mismatch = found.find((d) => d.ruleId === 'scorm-version-mismatch');
    const text = messageOf(mismatch!, 'en');
    expect(text).toBe("Inconsistent SCORM version: adlcp:scormtype is the SCORM 1.2 spelling, but the manifest's namespaces are SCORM 2004.");
    expect(mismatch!.data).toEqual({ what: 'attribute', attribute: 'adlcp:scormtype', spelling: 1, claimed: '1.2', version: '2004' });
    for (const d of found) {
      const m = /(SCORM [0-9.]+).*but.*(SCORM [0-9.]+)/.exec(messageOf(d, 'en'));
      if (m) expect(m[1]).not.toBe(m[2]);
    }
  });
});

describe('a root the verifier does not know', () => {
  it('names its namespace, or the element when it has none, as data', async () => {
    const other = (await verifyManifest('scorm12', (xml) => xml.replace('http://www.imsproject.org/xsd/imscp_rootv1p1p2"', 'urn:kemenag:kurikulum"'))).find((d) => d.ruleId === 'scorm-version-unknown')!;
    expect(other.data).toEqual({ namespace: 'urn:kemenag:kurikulum' });
    const none = (await verifyManifest('scorm12', (xml) => xml.replace(/ xmlns="[^"]*"/, ''))).find((d) => d.ruleId === 'scorm-version-unknown')!;
    expect(none.data).toEqual({ element: 'manifest' });
    expect(messageOf(none, 'en')).toBe("The package's SCORM version is not recognised (root namespace “(manifest)”).");
  });
});
