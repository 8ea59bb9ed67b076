// Package zips from reusable parts (src/package/zip-parts.ts): a large page is deflated in content-defined
// chunks, so after an edit in one lesson only the chunks around it are compressed again, and the zip is a
// standard one that unzip reads back byte for byte.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkEnds, forgetCompressed, zipParts, type ChunkStore } from '../../src/package/zip-parts.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar-zip-bagian-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A course page as the player gets it: one JSON block with a thousand lessons' HTML. */
function page(edit = ''): string {
  const lessons = Array.from({ length: 3000 }, (_, i) => ({
    id: `materi-${i}`,
    title: `Materi ${i}: pelayanan publik yang adil`,
    html: `<h1>Materi ${i}</h1><p>Aparatur sipil negara melayani seluruh warga tanpa membedakan agama, suku, dan golongan (${i * 7919 % 1000}).${i === 1500 ? edit : ''}</p>`,
  }));
  return `<!doctype html><script type="application/json" id="ajar-course">${JSON.stringify({ lessons })}</script>`;
}

function countingStore(): ChunkStore & { made: number; asked: number } {
  const kept = new Map<string, string>();
  const store = {
    made: 0,
    asked: 0,
    get: (key: string) => (store.asked++, kept.get(key)),
    put: (key: string, payload: string) => {
      store.made++;
      kept.set(key, payload);
    },
  };
  return store;
}

describe('zips from reusable parts', () => {
  it('writes a zip that unzip reads back byte for byte, the large page in several chunks', async () => {
    const html = page();
    expect(chunkEnds(Buffer.from(html)).length).toBeGreaterThan(3);
    const entries = [
      { path: 'index.html', data: html },
      { path: 'ajar/player.js', data: 'console.log("pemutar");\n'.repeat(2000) },
      { path: 'media/salindia.pdf', data: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]) },
      { path: 'materi/gambar ringkasan é.svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
    ];
    const file = path.join(dir, 'paket.zip');
    writeFileSync(file, Buffer.concat((await zipParts(entries))!));
    execFileSync('unzip', ['-tq', file]);
    for (const entry of entries) {
      const back = execFileSync('unzip', ['-p', file, entry.path.replace(/([[\]*?])/g, '\\$1')], { maxBuffer: 64 * 1024 * 1024 });
      expect(Buffer.compare(back, Buffer.from(entry.data as string | Uint8Array))).toBe(0);
    }
  });

  it('compresses again only the chunks around an edit, and gives the bytes a build without the store gives', async () => {
    const store = countingStore();
    forgetCompressed();
    const before = Buffer.concat((await zipParts([{ path: 'index.html', data: page() }], store))!);
    const chunks = store.made;
    expect(chunks).toBeGreaterThan(3);
    store.made = 0;
    const edited = [{ path: 'index.html', data: page(' Paragraf baru tentang pelayanan prima.') }];
    const after = Buffer.concat((await zipParts(edited, store))!);
    expect(store.made).toBeGreaterThanOrEqual(1);
    expect(store.made).toBeLessThanOrEqual(2);
    expect(Buffer.compare(after, before)).not.toBe(0);
    forgetCompressed();
    expect(Buffer.compare(after, Buffer.concat((await zipParts(edited))!))).toBe(0);
  });

  it("reuses the chunks a format's page shares with the previous format's, with the bytes of a page zipped on its own", async () => {
    // Each format's launch page: its own fields around the same course data (SCORM 1.2, then cmi5).
    const body = page();
    const of = (target: string, tail: string) => body.replace('{"lessons"', `{"v":1,"target":"${target}","lessons"`).replace('}</script>', `,${tail}}</script>`);
    const scorm12 = of('scorm12', '"keepTexts":false,"stateLimit":4096,"commitEveryMs":30000');
    const cmi5 = of('cmi5', '"keepTexts":true,"stateLimit":64000');
    const store = countingStore();
    forgetCompressed();
    await zipParts([{ path: 'index.html', data: scorm12 }], store);
    const chunks = store.asked;
    expect(chunks).toBeGreaterThanOrEqual(5);
    store.made = 0;
    store.asked = 0;
    const following = Buffer.concat((await zipParts([{ path: 'index.html', data: cmi5 }], store))!);
    // Only its first and last chunks are its own (looked up, made); those between are the SCORM 1.2 page's, as they were.
    expect(store.asked).toBeLessThanOrEqual(3);
    expect(store.asked).toBeLessThan(chunks - 1);
    expect(store.made).toBeLessThanOrEqual(3);
    forgetCompressed();
    const alone = Buffer.concat((await zipParts([{ path: 'index.html', data: cmi5 }]))!);
    expect(Buffer.compare(following, alone)).toBe(0);
    const file = path.join(dir, 'cmi5.zip');
    writeFileSync(file, following);
    expect(Buffer.compare(execFileSync('unzip', ['-p', file, 'index.html'], { maxBuffer: 64 * 1024 * 1024 }), Buffer.from(cmi5))).toBe(0);
  });
});
