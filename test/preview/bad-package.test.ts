// `ajar preview <package.zip>` on a zip it cannot play: exit 2 and a message that says why in the reader's
// language — ajar's reasons as codes worded in both languages, only the XML parser's own words quoted as they are.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rawZip } from '../fixtures/verify/raw-zip.js';
import { runAjar } from '../support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar paket rusak '));
const page = { name: 'index.html', data: '<!doctype html><title>Moderasi Beragama</title><p>Mulai</p>' };
const tincan = (activity: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>${activity}</activities></tincan>\n`;

function zip(name: string, bytes: Buffer): string {
  writeFileSync(path.join(dir, name), bytes);
  return name;
}

async function refused(name: string): Promise<{ en: string; id: string }> {
  const en = await runAjar(['preview', name, '--port', '0', '--no-watch'], { cwd: dir });
  const id = await runAjar(['--lang', 'id', 'preview', name, '--port', '0', '--no-watch'], { cwd: dir });
  expect([en.code, id.code]).toEqual([2, 2]);
  return { en: en.stderr, id: id.stderr };
}

describe('ajar preview refuses a package it cannot play, saying why in both languages', () => {
  it('a file that is not a zip', async () => {
    const r = await refused(zip('catatan-kursus.zip', Buffer.from('Ini catatan rapat, bukan paket kursus.\n')));
    expect(r.en).toContain('Package “catatan-kursus.zip” cannot be played: it is not a readable zip archive (no end-of-central-directory record).');
    expect(r.id).toContain('Paket “catatan-kursus.zip” tidak dapat diputar: bukan arsip zip yang dapat dibaca (tidak ada catatan end-of-central-directory).');
  });

  it('a zip with no structure file at its root', async () => {
    const r = await refused(zip('folder-saja.zip', rawZip([{ name: 'kursus/index.html', data: page.data }])));
    expect(r.en).toContain('cannot be played: there is no cmi5.xml, tincan.xml or imsmanifest.xml at its root.');
    expect(r.id).toContain('tidak dapat diputar: tidak ada cmi5.xml, tincan.xml, atau imsmanifest.xml di akarnya.');
  });

  it('a tincan.xml with nothing to launch', async () => {
    const r = await refused(zip('tanpa-launch-xapi.zip', rawZip([{ name: 'tincan.xml', data: tincan('<activity id="urn:kemenag:moderasi" type="http://adlnet.gov/expapi/activities/course"><name>Moderasi Beragama</name></activity>') }, page])));
    expect(r.en).toContain('cannot be played: tincan.xml has no <activity> with a <launch>.');
    expect(r.id).toContain('tidak dapat diputar: tincan.xml tidak punya <activity> dengan <launch>.');
  });

  it('a structure file that is not XML: ajar’s own finding worded, the parser’s message quoted as it is', async () => {
    const amp = await refused(zip('ampersand-xapi.zip', rawZip([{ name: 'tincan.xml', data: tincan('<activity id="urn:a"><name>Harmoni & Toleransi</name><launch lang="id">index.html</launch></activity>') }, page])));
    expect(amp.en).toContain('cannot be played: tincan.xml is not well-formed XML: unescaped ampersand (write “&” as “&amp;”).');
    expect(amp.id).toContain('tidak dapat diputar: tincan.xml bukan XML yang sah: ada “&” tanpa escape (tulis “&” sebagai “&amp;”).');
    const unclosed = await refused(zip('rusak-cmi5.zip', rawZip([{ name: 'cmi5.xml', data: '<courseStructure><course id="urn:k"></courseStructure>' }, page])));
    expect(unclosed.en).toMatch(/cannot be played: cmi5\.xml is not well-formed XML: .+\./);
    expect(unclosed.id).toMatch(/tidak dapat diputar: cmi5\.xml bukan XML yang sah: .+\./);
    expect(unclosed.en).not.toMatch(/\.\.\s/);
  });
});
