// Manifests are read in the encoding their bytes declare: a BOM (UTF-8, UTF-16 LE/BE), UTF-16 without BOM, or
// the XML declaration (ISO-8859-1, Windows-1252). The same small corpus goes through native xmllint and
// xmllint-wasm, which must agree — and both must find `materi/café.html`, not `materi/caf�.html`.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPackage } from '../../src/verify/index.js';
import { messageOf } from '../../src/diagnostics/catalog.js';
import { goodEntries } from '../fixtures/verify/broken.js';
import { rawZip } from '../fixtures/verify/raw-zip.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar pengodean '));

/** Windows-1252 for the characters these manifests use (Latin-1 plus the 0x80–0x9F punctuation). */
const cp1252: Record<string, number> = { '€': 0x80, '–': 0x96, '—': 0x97, '“': 0x93, '”': 0x94, '‘': 0x91, '’': 0x92 };
function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      const code = c.codePointAt(0)!;
      if (cp1252[c] !== undefined) return cp1252[c]!;
      if (code < 0x100 && (code < 0x80 || code > 0x9f)) return code;
      throw new Error(`fixture: ${c} is not in Windows-1252`);
    }),
  );
}
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

/** ajar's SCORM 2004 manifest with `title` everywhere, a file named materi/café.html, declaring `encoding`. */
function manifest(title: string, encoding: string): (xml: string) => string {
  return (xml) =>
    xml
      .replace('encoding="UTF-8"', `encoding="${encoding}"`)
      .replace(/<title>[^<]*<\/title>/g, `<title>${title}</title>`)
      .replace('<file href="index.html"/>', '<file href="index.html"/>\n      <file href="materi/café.html"/>');
}

function packageOf(name: string, edit: (xml: string) => string, encode: (text: string) => Buffer): string {
  const entries = goodEntries('scorm2004', edit).map((e) => (e.name === 'imsmanifest.xml' ? { ...e, data: encode(String(e.data)) } : e));
  entries.push({ name: 'materi/café.html', data: '<!doctype html><title>Kafe</title><p>Ngopi sambil belajar.</p>' });
  const file = path.join(dir, name);
  writeFileSync(file, rawZip(entries));
  return file;
}

const cp1252Title = 'Moderasi Beragama — “Harmoni” &amp; Toleransi, café €0';
const corpus: Record<string, string> = {
  'UTF-8 with BOM': packageOf('utf8-bom-scorm2004.zip', manifest(cp1252Title, 'UTF-8'), (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])),
  'UTF-16 LE with BOM': packageOf('utf16le-bom-scorm2004.zip', manifest(cp1252Title, 'UTF-16'), (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])),
  'UTF-16 BE with BOM': packageOf('utf16be-bom-scorm2004.zip', manifest(cp1252Title, 'UTF-16'), (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(t)])),
  'UTF-16 LE without BOM': packageOf('utf16le-scorm2004.zip', manifest(cp1252Title, 'UTF-16'), (t) => Buffer.from(t, 'utf16le')),
  'UTF-16 BE without BOM': packageOf('utf16be-scorm2004.zip', manifest(cp1252Title, 'UTF-16'), utf16be),
  'ISO-8859-1': packageOf('latin1-scorm2004.zip', manifest('Moderasi Beragama: café &amp; diskusi', 'ISO-8859-1'), (t) => Buffer.from(t, 'latin1')),
  'Windows-1252': packageOf('cp1252-scorm2004.zip', manifest(cp1252Title, 'windows-1252'), windows1252),
};

describe('manifests in every encoding their bytes declare', () => {
  for (const [encoding, file] of Object.entries(corpus)) {
    it(`${encoding}: accepted by native xmllint and xmllint-wasm alike, café.html found`, async () => {
      const native = await verifyPackage(file, { engine: 'xmllint' });
      const wasm = await verifyPackage(file, { engine: 'wasm' });
      expect(native, JSON.stringify(native, null, 1)).toEqual([]);
      expect(wasm, JSON.stringify(wasm, null, 1)).toEqual([]);
    });
  }

  it('a file of Latin-1 bytes declared UTF-8 is one clear encoding error, the same with both engines', async () => {
    const file = packageOf('latin1-sebagai-utf8-scorm2004.zip', manifest('Materi café', 'UTF-8'), (t) => Buffer.from(t, 'latin1'));
    const native = await verifyPackage(file, { engine: 'xmllint' });
    const wasm = await verifyPackage(file, { engine: 'wasm' });
    expect(wasm.map((d) => d.ruleId)).toEqual(native.map((d) => d.ruleId));
    const d = native.find((x) => x.ruleId === 'xml-encoding')!;
    expect(messageOf(d, 'en')).toBe('imsmanifest.xml is not valid UTF-8: some bytes are not characters of that encoding.');
  });

  it('an encoding ajar cannot read is named', async () => {
    const file = packageOf('ebcdic-scorm2004.zip', manifest('Materi', 'x-ebcdic-kuno'), (t) => Buffer.from(t));
    const d = (await verifyPackage(file)).find((x) => x.ruleId === 'xml-encoding')!;
    expect(messageOf(d, 'en')).toBe('imsmanifest.xml declares the encoding “x-ebcdic-kuno”, which ajar cannot read; it was read as UTF-8.');
  });
});
