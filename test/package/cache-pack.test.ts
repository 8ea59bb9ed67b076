// The build cache's pack file (.ajar/cache/build/entries.pack, src/fs/cache.ts): a rebuild after editing one lesson
// adds a few entries; they are appended (the megabytes already there are not written again), a damaged or cut-off
// line is a miss made again, and the pack is rewritten only when what it holds in vain outgrows a share of it.

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBuildCache, sha256 } from '../../src/fs/cache.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ajar-paket-tembolok-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const key = (name: string) => sha256('uji', name);
/** A lesson's cached outcome as the loader stores it: one line of JSON, Indonesian text. */
const lesson = (n: number, extra = '') => JSON.stringify({ outcome: { title: `Pelajaran ${n} — pelayanan publik yang adil`, html: `<p>Aparatur sipil negara melayani semua warga dengan adil.${extra}</p>`.repeat(100) } });

async function run(dir: string, work: (cache: ReturnType<typeof openBuildCache>) => void): Promise<void> {
  const cache = openBuildCache(dir);
  work(cache);
  await cache.flush();
}

describe('the build cache pack', () => {
  it('appends what a rebuild adds, and reads it back with everything before it', async () => {
    const dir = path.join(root, 'tambah');
    await run(dir, (c) => {
      for (let n = 0; n < 200; n++) c.put(key(`pelajaran-${n}`), lesson(n));
    });
    const pack = path.join(dir, 'entries.pack');
    const before = readFileSync(pack);
    const inode = statSync(pack).ino;
    await run(dir, (c) => {
      for (let n = 0; n < 200; n++) expect(c.get(key(`pelajaran-${n}`))).toBe(lesson(n));
      c.put(key('pelajaran-100-disunting'), lesson(100, ' Paragraf baru.'));
    });
    const after = readFileSync(pack);
    // The same file, its bytes kept as they were, the new entry after them.
    expect(statSync(pack).ino).toBe(inode);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length - before.length).toBeLessThan(lesson(100, ' Paragraf baru.').length + 200);
    const cache = openBuildCache(dir);
    expect(cache.get(key('pelajaran-100-disunting'))).toBe(lesson(100, ' Paragraf baru.'));
    expect(cache.get(key('pelajaran-7'))).toBe(lesson(7));
  });

  it('makes an altered or cut-off entry again, and what follows a cut-off line stays readable', async () => {
    const dir = path.join(root, 'rusak');
    await run(dir, (c) => {
      for (let n = 0; n < 10; n++) c.put(key(`pelajaran-${n}`), lesson(n));
    });
    const pack = path.join(dir, 'entries.pack');
    const text = readFileSync(pack, 'utf8');
    // Lesson 3 altered in place (same length), the pack cut off inside lesson 9's line (a killed process).
    const altered = text.replace('Pelajaran 3 —', 'Pelajaran 8 —');
    writeFileSync(pack, altered.slice(0, altered.indexOf('Pelajaran 9') + 40));
    const cache = openBuildCache(dir);
    expect(cache.get(key('pelajaran-3'))).toBeUndefined();
    expect(cache.get(key('pelajaran-9'))).toBeUndefined();
    expect(cache.damaged).toBe(2);
    expect(cache.get(key('pelajaran-4'))).toBe(lesson(4));
    cache.put(key('pelajaran-3'), lesson(3));
    cache.put(key('pelajaran-9'), lesson(9));
    await cache.flush();
    const again = openBuildCache(dir);
    for (let n = 0; n < 10; n++) expect(again.get(key(`pelajaran-${n}`)), `pelajaran ${n}`).toBe(lesson(n));
    expect(again.damaged).toBe(0);
  });

  it('reads what a run flushed twice (the loader flushes, then the packages add theirs)', async () => {
    const dir = path.join(root, 'dua-kali');
    const cache = openBuildCache(dir);
    cache.put(key('pelajaran-1'), lesson(1));
    await cache.flush();
    cache.put(key('bagian-zip'), 'QUJDREVG');
    await cache.flush();
    const next = openBuildCache(dir);
    expect(next.get(key('pelajaran-1'))).toBe(lesson(1));
    expect(next.get(key('bagian-zip'))).toBe('QUJDREVG');
  });

  it('drops entries no run used for 8 runs once they are a large share of the pack, keeping the ones in use', async () => {
    const dir = path.join(root, 'lama');
    // An old version of every lesson (what edits leave behind), then many runs that use only the current ones.
    await run(dir, (c) => {
      for (let n = 0; n < 100; n++) c.put(key(`lama-${n}`), lesson(n, ' Versi lama.'));
    });
    for (let r = 0; r < 10; r++) {
      await run(dir, (c) => {
        for (let n = 0; n < 100; n++) if (c.get(key(`kini-${n}`)) === undefined) c.put(key(`kini-${n}`), lesson(n));
        c.put(key(`putaran-${r}`), `"putaran ${r}"`);
      });
    }
    const cache = openBuildCache(dir);
    for (let n = 0; n < 100; n++) expect(cache.get(key(`kini-${n}`))).toBe(lesson(n));
    expect(cache.get(key('lama-0'))).toBeUndefined();
    expect(cache.get(key('putaran-9'))).toBe('"putaran 9"');
    const size = statSync(path.join(dir, 'entries.pack')).size;
    expect(size).toBeLessThan(100 * lesson(0).length * 1.5);
  });
});
