// Cache entries record the sha256 of every rendition. An entry that comes from a shared folder or bucket
// (written by another machine), or whose files changed since they were last verified, is checked by
// content: a rendition with a zeroed 16 KiB block — same size — is not trusted, and the entry is made again
// instead of shipping the damaged video inside a package (shared-corruption.test.ts checks the package).

import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_FILE, readEntry, type StoredEntry } from '../../src/media/cache.js';
import { sha256File } from '../../src/fs/hash.js';
import { runMediaSources } from '../../src/media/run.js';
import { makeClip, tempCourse, testSettings } from './helpers.js';

let course: string;
const VIDEO = 'video/sambutan kepala badan.mp4';

beforeAll(async () => {
  course = await tempCourse();
  await makeClip(path.join(course, ...VIDEO.split('/')), { seconds: 4 });
});

afterAll(async () => {
  await rm(course, { recursive: true, force: true });
});

describe('media cache entries carry content hashes', () => {
  it('every rendition has its sha256; an unchanged entry is only stat-ed, a same-size corruption fails every read and is made again', async () => {
    const result = await runMediaSources([{ path: VIDEO, kind: 'video' }], testSettings, { courseDir: course });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const media = result.index.get(VIDEO)!;
    const cacheDir = path.dirname(media.dir);
    const stored = JSON.parse(await readFile(path.join(media.dir, ENTRY_FILE), 'utf8')) as StoredEntry;
    for (const r of stored.renditions) expect(r.sha256).toBe(await sha256File(path.join(media.dir, ...r.path.split('/'))));

    // A read of the unchanged entry remembers that its files were verified, and the next read only stats them.
    const memo = path.join(cacheDir, 'verified', `${media.key}.json`);
    expect(await readEntry(cacheDir, media.key)).toBeDefined();
    const remembered = await stat(memo);
    expect(await readEntry(cacheDir, media.key)).toBeDefined();
    expect((await stat(memo)).ino).toBe(remembered.ino);

    const victim = [...stored.renditions].sort((a, b) => b.bytes - a.bytes)[0]!;
    expect(victim.bytes).toBeGreaterThan(32 * 1024);
    const file = path.join(media.dir, ...victim.path.split('/'));
    const bytes = await readFile(file);
    bytes.fill(0, 8 * 1024, 24 * 1024);
    await writeFile(file, bytes);

    expect(await readEntry(cacheDir, media.key, { verifyContent: true })).toBeUndefined();
    // The files changed since they were verified: every read checks their content again, not only the
    // reads of a queue run (`ajar build` on a folder that workers write into ships nothing damaged).
    expect(await readEntry(cacheDir, media.key)).toBeUndefined();
    expect(await readdir(media.dir)).toContain(ENTRY_FILE);

    // The next run makes the entry again, intact.
    const again = await runMediaSources([{ path: VIDEO, kind: 'video' }], testSettings, { courseDir: course });
    expect([again.made, again.cached]).toEqual([1, 0]);
    expect(await sha256File(file)).toBe(victim.sha256);
  });

  it('an entry without hashes (made by an older ajar) is trusted on sizes here, and made again when it comes from a shared store', async () => {
    const result = await runMediaSources([{ path: VIDEO, kind: 'video' }], testSettings, { courseDir: course });
    const media = result.index.get(VIDEO)!;
    const cacheDir = path.dirname(media.dir);
    const stored = JSON.parse(await readFile(path.join(media.dir, ENTRY_FILE), 'utf8')) as StoredEntry;
    await writeFile(path.join(media.dir, ENTRY_FILE), JSON.stringify({ ...stored, renditions: stored.renditions.map(({ sha256: _, ...r }) => r) }));
    expect(await readEntry(cacheDir, media.key)).toBeDefined();
    expect(await readEntry(cacheDir, media.key, { verifyContent: true })).toBeUndefined();
  });
});
