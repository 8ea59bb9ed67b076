// The build cache (issue 16): a rebuild after editing one lesson parses that lesson only, and gives the same
// packages, byte for byte, and the same diagnostics as a build without the cache. A damaged entry is made
// again; deleting .ajar/ changes nothing but time; the worker pool gives what one thread gives.

import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, check, plan, type PipelineResult } from '../../src/pipeline.js';
import { loadCourse } from '../../src/load/index.js';
import { generateCourse } from '../package/generate-course.js';
import { repoRoot, runAjar } from '../support/cli.js';

/** Runs `work` with AJAR_WORKERS set to `value`, and puts the variable back as it was. */
async function withWorkerEnv(value: string, work: () => Promise<void>): Promise<void> {
  const previous = process.env.AJAR_WORKERS;
  process.env.AJAR_WORKERS = value;
  try {
    await work();
  } finally {
    if (previous === undefined) delete process.env.AJAR_WORKERS;
    else process.env.AJAR_WORKERS = previous;
  }
}


const root = mkdtempSync(path.join(os.tmpdir(), 'ajar-tembolok-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const formats = ['scorm12', 'scorm2004', 'cmi5', 'xapi'];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A course of 40 lessons, a quiz per module, one lesson with problems a reader must see located (warnings, so it builds). */
function course(name: string): string {
  const dir = generateCourse(path.join(root, name), 40, { quizzes: true });
  writeFileSync(
    path.join(dir, 'materi/pelajaran-0007.md'),
    '---\ntitle: Pelajaran 7 — etika pelayanan\nduration: 10\nwaktu: 5\n---\n\n# Pelajaran 7\n\nLihat [bagian yang hilang](#tidak-ada) dan [bagian lain](#juga-tidak-ada).\n',
  );
  writeFileSync(path.join(dir, 'ajar.yaml'), 'rules:\n  unknown-key: warning\n  broken-anchor: warning\n');
  return dir;
}

async function buildInto(dir: string, out: string, options: { cache?: boolean; workers?: number | false } = {}) {
  const result = await build({ dir, formats, media: false, env: {}, outDir: path.join(dir, out), workers: false, ...options });
  return { result, zips: Object.fromEntries(result.packages.map((p) => [p.format, sha(p.file)])) };
}

const located = (r: PipelineResult) => r.diagnostics.map((d) => `${d.file}:${d.position?.start.line ?? 0}:${d.position?.start.column ?? 0} ${d.ruleId} ${JSON.stringify(d.data ?? {})}`);
const sources = 40 + 4 + 1 + 1; // lessons, quizzes, the bank, the syllabus

describe('a rebuild through the build cache', () => {
  const dir = course('kursus');
  const runs = (async () => {
    const cold = await buildInto(dir, 'dist-dingin');
    const warm = await buildInto(dir, 'dist-hangat');
    return { cold, warm };
  })();

  it('takes every unchanged source from the cache and writes the same packages and diagnostics', async () => {
    const { cold, warm } = await runs;
    expect(cold.result.cache).toEqual({ hits: 0, misses: sources });
    expect(warm.result.cache).toEqual({ hits: sources, misses: 0 });
    expect(Object.keys(cold.zips)).toEqual(formats);
    expect(warm.zips).toEqual(cold.zips);
    // The problems of lesson 7 come out at the same file, line and column from the cache.
    expect(located(warm.result)).toEqual(located(cold.result));
    expect(located(cold.result).filter((d) => d.startsWith('materi/pelajaran-0007.md:')).length).toBeGreaterThanOrEqual(3);
  });

  it('parses the one lesson that changed, and its packages are those of a build without the cache', async () => {
    await runs;
    appendFileSync(path.join(dir, 'materi/pelajaran-0012.md'), '\nParagraf baru: pelayanan prima bagi warga di daerah terpencil.\n');
    const again = await buildInto(dir, 'dist-satu-berubah');
    expect(again.result.cache).toEqual({ hits: sources - 1, misses: 1 });
    const lesson = again.result.course!.modules[1]!.items.find((i) => i.kind === 'lesson' && i.file === 'materi/pelajaran-0012.md');
    expect(lesson && 'html' in lesson ? lesson.html : '').toContain('pelayanan prima bagi warga di daerah terpencil');
    const fresh = await buildInto(dir, 'dist-tanpa-tembolok', { cache: false });
    expect(fresh.result.cache).toBeUndefined();
    expect(again.zips).toEqual(fresh.zips);
    expect(located(again.result)).toEqual(located(fresh.result));
  });

  it('makes a damaged entry again (truncated or altered), with the same result', async () => {
    await runs;
    rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
    const before = await buildInto(dir, 'dist-sebelum-rusak');
    const pack = path.join(dir, '.ajar/cache/build/entries.pack');
    const lines = readFileSync(pack, 'utf8').split('\n');
    // Source entries, the verdicts of the verified zips (a JSON list), and deflated chunks of the zips (base64).
    const payload = (line: string) => line.split(' ').slice(3).join(' ');
    const ofSources = lines.filter((line) => payload(line).startsWith('{"outcome"'));
    expect(ofSources).toHaveLength(sources);
    const verdicts = lines.filter((line) => /^[0-9a-f]{64} /.test(line) && payload(line).startsWith('['));
    expect(verdicts).toHaveLength(formats.length);
    const chunks = lines.filter((line) => /^[0-9a-f]{64} /.test(line) && /^[A-Za-z0-9+/]+=*$/.test(payload(line)));
    expect(chunks.length).toBeGreaterThan(formats.length);
    const [truncated, altered] = ofSources;
    const damaged = lines.map((line) =>
      line === truncated
        ? line.slice(0, Math.floor(line.length / 2))
        : line === altered
          ? line.replace(/Pelajaran/g, 'Pelajaran palsu')
          : verdicts.includes(line)
            ? line.replace('[]', '[{"ruleId":"palsu"}]')
            : chunks.includes(line)
              ? line.replace(/.{8}$/, 'AAAAAAAA')
              : line,
    );
    writeFileSync(pack, damaged.join('\n'));
    const repaired = await buildInto(dir, 'dist-sebelum-rusak');
    expect(repaired.result.cache?.misses).toBe(2);
    expect(repaired.zips).toEqual(before.zips);
    // Altered verdicts and compressed chunks are not believed: the zips are made and verified again, clean.
    expect(located(repaired.result)).toEqual(located(before.result));
    expect(repaired.result.diagnostics.filter((d) => d.ruleId === 'palsu')).toEqual([]);
    const healed = await buildInto(dir, 'dist-sebelum-rusak');
    expect(healed.result.cache).toEqual({ hits: sources, misses: 0 });
    // A pack cut off halfway (a full disk, a killed process): what is left is used, the rest made again.
    const text = readFileSync(pack, 'utf8');
    const middle = text.split('\n').filter((line) => payload(line).startsWith('{"outcome"'))[Math.floor(sources / 2)]!;
    writeFileSync(pack, text.slice(0, text.indexOf(middle) + 100));
    const cut = await buildInto(dir, 'dist-sebelum-rusak');
    expect(cut.result.cache?.misses).toBeGreaterThan(0);
    expect(cut.result.cache?.hits).toBeGreaterThan(0);
    expect(cut.zips).toEqual(before.zips);
    expect(located(cut.result)).toEqual(located(before.result));
  });

  it('changes nothing but time when .ajar/ is deleted', async () => {
    await runs;
    const before = await buildInto(dir, 'dist-ada-ajar');
    rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
    const after = await buildInto(dir, 'dist-tanpa-ajar');
    expect(after.result.cache).toEqual({ hits: 0, misses: sources });
    expect(after.zips).toEqual(before.zips);
    expect(located(after.result)).toEqual(located(before.result));
  });

});

describe('ajar preview after a save', () => {
  it('plans the course again through the cache: only the saved lesson is parsed', async () => {
    const dir = course('kursus-pratinjau');
    // What preview's server runs on start and on every save (src/preview/server.ts).
    const first = await plan({ dir, env: {}, formats: ['cmi5'], debug: true });
    expect(first.cache).toEqual({ hits: 0, misses: sources });
    writeFileSync(path.join(dir, 'materi/pelajaran-0003.md'), '---\ntitle: Pelajaran 3 — disunting\nduration: 10\n---\n\n# Pelajaran 3\n\nIsi yang baru disimpan.\n');
    const saved = await plan({ dir, env: {}, formats: ['cmi5'], debug: true });
    expect(saved.cache).toEqual({ hits: sources - 1, misses: 1 });
    const page = saved.plans[0]!.entries.find((e) => e.path === 'index.html')!;
    expect(String(page.data)).toContain('Isi yang baru disimpan.');
  });
});

describe('what a cached lesson read besides its own text', () => {
  it('is looked at again: slides that were missing and now exist are found, with the lesson parsed again', async () => {
    const dir = course('kursus-salindia');
    writeFileSync(path.join(dir, 'materi/pelajaran-0008.md'), '---\ntitle: Pelajaran 8 — salindia etika\nduration: 10\nslides: ../media/salindia-etika.pdf\n---\n\n# Pelajaran 8\n\nIsi salindia.\n');
    const missing = (r: PipelineResult) => r.diagnostics.filter((d) => d.ruleId === 'missing-media').map((d) => `${d.file}:${d.position?.start.line}`);
    const first = await check({ dir, env: {} });
    expect(missing(first)).toEqual(['materi/pelajaran-0008.md:4']);
    expect(missing(await check({ dir, env: {} }))).toEqual(['materi/pelajaran-0008.md:4']);
    mkdirSync(path.join(dir, 'media'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'templates/media/slide-contoh.pdf'), path.join(dir, 'media/salindia-etika.pdf'));
    const found = await check({ dir, env: {} });
    expect(missing(found)).toEqual([]);
    expect(found.cache).toEqual({ hits: sources - 1, misses: 1 });
  });
});

describe('the worker pool', () => {
  it('loads a course to the same model and diagnostics as one thread', async () => {
    const dir = course('kursus-paralel');
    await withWorkerEnv('2', async () => {
      const pooled = await loadCourse(dir, {}, { workers: 1 });
      const single = await loadCourse(dir, {}, { workers: false });
      expect(pooled.threads).toBe(2);
      expect(single.threads).toBe(0);
      expect(JSON.stringify(pooled.course)).toBe(JSON.stringify(single.course));
      expect(pooled.diagnostics).toEqual(single.diagnostics);
      expect([...pooled.sources]).toEqual([...single.sources]);
    });
  });

  it('reports a missing bank that every quiz draws from once, at the first quiz in outline order, as one thread does', async () => {
    // Banks are asked for as soon as each quiz is analysed (in whatever order the threads finish); where the
    // finding points is still the outline's first quiz.
    const dir = course('kursus-paralel-bank');
    rmSync(path.join(dir, 'bank/bank.md'));
    await withWorkerEnv('2', async () => {
      const pooled = await loadCourse(dir, {}, { workers: 1 });
      const single = await loadCourse(dir, {}, { workers: false });
      expect(pooled.threads).toBe(2);
      const missing = (r: typeof pooled) => r.diagnostics.filter((d) => d.ruleId === 'missing-file').map((d) => `${d.file}:${d.position?.start.line}`);
      expect(missing(single)).toEqual(['kuis/kuis-1.md:6']);
      expect(missing(pooled)).toEqual(missing(single));
      expect(pooled.diagnostics).toEqual(single.diagnostics);
    });
  });

  it('starts for a cold build, and not for a rebuild whose files are in the cache but one', async () => {
    // The pool is started before the syllabus is read when a sample of the course's files is not in the
    // cache; a rebuild after editing one lesson must not pay for starting threads.
    const dir = course('kursus-paralel-hangat');
    await withWorkerEnv('2', async () => {
      const cold = await buildInto(dir, 'dist-dingin', { workers: 2 });
      expect(cold.result.loaded.threads).toBe(2);
      appendFileSync(path.join(dir, 'materi/pelajaran-0003.md'), '\nParagraf tambahan tentang pelayanan yang adil.\n');
      const warm = await buildInto(dir, 'dist-hangat', { workers: 2 });
      expect(warm.result.cache).toEqual({ hits: sources - 1, misses: 1 });
      expect(warm.result.loaded.threads).toBe(0);
    });
  });

  it('builds the same packages as one thread', async () => {
    const dir = course('kursus-paralel-paket');
    await withWorkerEnv('2', async () => {
      const pooled = await buildInto(dir, 'dist-paralel', { cache: false, workers: 1 });
      const single = await buildInto(dir, 'dist-tunggal', { cache: false, workers: false });
      expect(pooled.zips).toEqual(single.zips);
      expect(located(pooled.result)).toEqual(located(single.result));
    });
  });
});

describe('ajar build --format json', () => {
  it('reports the cache counts in result.cache, and --no-cache bypasses it', async () => {
    const dir = course('kursus-cli');
    const first = await runAjar(['build', dir, '--no-media', '--formats', 'cmi5', '--format', 'json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).result.cache).toEqual({ hits: 0, misses: sources });
    const second = await runAjar(['build', dir, '--no-media', '--formats', 'cmi5', '--format', 'json']);
    expect(JSON.parse(second.stdout).result.cache).toEqual({ hits: sources, misses: 0 });
    const bypass = await runAjar(['build', dir, '--no-media', '--formats', 'cmi5', '--format', 'json', '--no-cache']);
    expect(JSON.parse(bypass.stdout).result.cache).toBeUndefined();
    expect(JSON.parse(bypass.stdout).result.packages[0].sha256).toBe(JSON.parse(second.stdout).result.packages[0].sha256);
    const pretty = await runAjar(['build', dir, '--no-media', '--formats', 'cmi5', '--lang', 'id']);
    expect(pretty.stdout).toContain(`tembolok: ${sources} dari ${sources} berkas sumber dipakai ulang, 0 dibaca ulang`);
  });
});
