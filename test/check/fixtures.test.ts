// The broken-course corpus: every fixture folder names the exact diagnostics `ajar check` must report.

import { readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/load/index.js';
import { checkCourse } from '../../src/check/index.js';
import { getRule } from '../../src/diagnostics/catalog.js';
import { runAjar } from '../support/cli.js';
import { copyFixture, snapshot } from '../support/tree.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/check');
const names = readdirSync(fixtures).sort();

interface Expected {
  ruleId: string;
  file: string | null;
  line: number | null;
  severity?: string;
}

describe('ajar check on the broken-course corpus', () => {
  it('has at least 30 broken courses', () => {
    expect(names.filter((n) => JSON.parse(readFileSync(path.join(fixtures, n, 'expected.json'), 'utf8')).length > 0).length).toBeGreaterThanOrEqual(30);
  });

  for (const name of names) {
    it(`${name}: reports exactly the expected rule, file and line, and writes nothing but its cache`, async () => {
      const dir = path.join(fixtures, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[];
      const before = snapshot(dir, { exceptCache: true });
      const r = await runAjar(['check', '--format', 'json', dir]);
      const reported = JSON.parse(r.stdout).diagnostics as { ruleId: string; file: string | null; line: number | null; severity: string }[];
      const actual = reported.map((d) => ({
        ruleId: d.ruleId,
        file: d.file,
        line: d.line,
        ...(expected.find((e) => e.ruleId === d.ruleId)?.severity ? { severity: d.severity } : {}),
      }));
      expect(actual).toEqual([...expected].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId)));
      const isError = (e: Expected) => (e.severity ?? getRule(e.ruleId)?.severity) === 'error';
      expect(r.code).toBe(expected.some(isError) ? 1 : 0);
      expect(snapshot(dir, { exceptCache: true })).toEqual(before);
    });
  }
});

describe('ajar check as a user runs it', () => {
  it('prints file:line:column, the message and the fix, exits 1, and writes nothing but its cache', async () => {
    const dir = copyFixture(path.join(fixtures, 'unknown-key-did-you-mean'));
    const before = snapshot(dir, { exceptCache: true });
    const r = await runAjar(['check', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('materi/satu.md:3:1');
    expect(r.stdout).toContain('Unknown key “durasi”');
    expect(r.stdout).toContain('Did you mean “duration”?');
    expect(r.stdout).toMatch(/1 error/);
    expect(r.stderr).toBe('');
    expect(snapshot(dir, { exceptCache: true })).toEqual(before);
  });

  it('speaks Indonesian with --lang id', async () => {
    const r = await runAjar(['--lang', 'id', 'check', path.join(fixtures, 'missing-video')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tidak ditemukan');
    expect(r.stdout).toContain('1 galat');
  });

  it('takes the language from the locale', async () => {
    const r = await runAjar(['check', path.join(fixtures, 'missing-video')], { env: { LANG: 'id_ID.UTF-8' } });
    expect(r.stdout).toContain('galat');
  });

  it('--format json gives machine-readable diagnostics in the envelope', async () => {
    const r = await runAjar(['check', '--format', 'json', path.join(fixtures, 'broken-anchor')]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ version: 1, command: 'check', ok: false, exitCode: 1 });
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ file: 'materi/satu.md', line: 9, column: 7, severity: 'error', ruleId: 'broken-anchor', hint: expect.stringContaining('#dasar-hukum') }),
    ]);
  });

  it('--format github writes workflow annotations', async () => {
    const r = await runAjar(['check', '--format', 'github', path.join(fixtures, 'missing-lesson-file')]);
    // Paths from where the command ran, so annotations attach to the repository's files.
    expect(r.stdout).toContain('::error file=test/fixtures/check/missing-lesson-file/syllabus.md,line=11,col=3');
    expect(r.stdout).toContain('::warning file=test/fixtures/check/missing-lesson-file/materi/dua.md');
  });

  it('warnings pass, --strict makes them fail', async () => {
    const dir = path.join(fixtures, 'empty-module');
    expect((await runAjar(['check', dir])).code).toBe(0);
    expect((await runAjar(['check', '--strict', dir])).code).toBe(1);
  });

  it('a folder without syllabus.md is a usage error (exit 2)', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'ajar kosong '));
    const r = await runAjar(['check', empty]);
    expect(r.code).toBe(2);
    // Like every usage error: on stderr, the report stream stays empty.
    expect(r.stderr).toContain('No syllabus.md');
    expect(r.stdout).toBe('');
  });

  it('a missing folder is a usage error with no stack trace', async () => {
    const r = await runAjar(['check', '/tidak/ada/kursus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const r = await runAjar(['check', '--formatt', 'json']);
    expect(r.code).toBe(2);
  });

  it('a symlink that leads out of the course folder is refused', async () => {
    const dir = copyFixture(path.join(fixtures, 'unlinked-lesson-file'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'ajar luar '));
    writeFileSync(path.join(outside, 'rahasia.md'), '---\ntitle: Rahasia\n---\nJangan dibaca.\n');
    mkdirSync(path.join(dir, 'tautan'), { recursive: true });
    symlinkSync(path.join(outside, 'rahasia.md'), path.join(dir, 'tautan', 'rahasia.md'));
    writeFileSync(path.join(dir, 'syllabus.md'), '---\nid: k\ntitle: K\n---\n\n## Modul\n\n- [Satu](materi/satu.md)\n- [Rahasia](tautan/rahasia.md)\n- [Lama](materi/lama.md)\n');
    const result = checkCourse(await loadCourse(dir, {}));
    expect(result.map((d) => [d.ruleId, d.file, d.position?.start.line])).toEqual([['path-escape', 'syllabus.md', 9]]);
  });
});

describe('suggestions', () => {
  it('an image folder renamed after writing: the same file in its new folder is suggested, written from the lesson folder', async () => {
    const dir = copyFixture(path.join(fixtures, 'missing-image'));
    mkdirSync(path.join(dir, 'images'));
    writeFileSync(path.join(dir, 'images/alur-layanan.png'), readFileSync(path.join(dir, 'gambar/alur.png')));
    const found = checkCourse(await loadCourse(dir, {}));
    expect(found.map((d) => [d.ruleId, d.data?.suggestion])).toEqual([['missing-image', '../images/alur-layanan.png']]);
  });
});

describe('tolerated input', () => {
  it('a BOM and CRLF line endings change nothing, and lines stay right', async () => {
    const dir = copyFixture(path.join(fixtures, 'unknown-key-did-you-mean'));
    const lesson = path.join(dir, 'materi/satu.md');
    writeFileSync(lesson, '\uFEFF' + readFileSync(lesson, 'utf8').replace(/\n/g, '\r\n'));
    const result = checkCourse(await loadCourse(dir, {}));
    expect(result.map((d) => [d.ruleId, d.position?.start.line, d.position?.start.column])).toEqual([['unknown-key', 3, 1]]);
  });
});
