// Cache entries record the sha256 of every rendition. An entry that comes from a shared folder or bucket
// (written by another machine) is checked by content: a rendition with a zeroed 16 KiB block — same size —
// is not trusted, and the entry is made again instead of shipping the damaged video inside a package.

import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_FILE, hashFile, readEntry, type StoredEntry } from '../../src/media/cache.js';
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
  it('every rendition has its sha256; a same-size corruption fails the content check that shared entries get', async () => {
    const result = await runMediaSources([{ path: VIDEO, kind: 'video' }], testSettings, { courseDir: course });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const media = result.index.get(VIDEO)!;
    const cacheDir = path.dirname(media.dir);
    const stored = JSON.parse(await readFile(path.join(media.dir, ENTRY_FILE), 'utf8')) as StoredEntry;
    for (const r of stored.renditions) expect(r.sha256).toBe(await hashFile(path.join(media.dir, ...r.path.split('/'))));

    const victim = [...stored.renditions].sort((a, b) => b.bytes - a.bytes)[0]!;
    expect(victim.bytes).toBeGreaterThan(32 * 1024);
    const file = path.join(media.dir, ...victim.path.split('/'));
    const bytes = await readFile(file);
    bytes.fill(0, 8 * 1024, 24 * 1024);
    await writeFile(file, bytes);

    expect(await readEntry(cacheDir, media.key, { verifyContent: true })).toBeUndefined();
    // The entry folder is still there: only its content check fails (a local cache checks sizes only).
    expect(await readdir(media.dir)).toContain(ENTRY_FILE);
    expect(await readEntry(cacheDir, media.key)).toBeDefined();
  });
});
