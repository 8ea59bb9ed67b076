import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { runAjar } from '../support/cli.js';
import { loadCourse } from '../../src/load/index.js';
import { checkCourse } from '../../src/check/index.js';

const tmp = (p = 'ajar init ') => mkdtempSync(path.join(os.tmpdir(), p));

describe('ajar init', () => {
  it('scaffolds an Indonesian course that checks clean', async () => {
    const dir = path.join(tmp(), 'Pelatihan Dasar CPNS');
    const r = await runAjar(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ajar check');
    const check = await runAjar(['check', '--strict', dir]);
    expect(check.stdout).toContain('No problems');
    expect(check.code).toBe(0);

    const result = await loadCourse(dir, {});
    const course = result.course!;
    expect(course.id).toBe('pelatihan-dasar-cpns');
    expect(course.language).toBe('id');
    expect(course.modules.map((m) => m.id)).toEqual(['orientasi', 'modul-1', 'modul-2']);
    const kinds = course.modules.flatMap((m) => m.items.map((i) => i.kind));
    expect(new Set(kinds)).toEqual(new Set(['lesson', 'quiz', 'assignment', 'activity']));
    const withMedia = course.modules[1]!.items[0]!;
    expect(withMedia.kind === 'lesson' && Object.keys(withMedia.media).sort()).toEqual(['audio', 'slides', 'video']);
    expect(course.banks.length).toBe(1);
    expect(existsSync(path.join(dir, 'ajar.yaml'))).toBe(true);
  });

  it('scaffolds an English course with --lang en', async () => {
    const dir = path.join(tmp(), 'civic-course');
    expect((await runAjar(['init', dir, '--lang', 'en'])).code).toBe(0);
    const result = await loadCourse(dir, {});
    expect(result.course?.language).toBe('en');
    expect(checkCourse(result)).toEqual([]);
  });

  it('prints next steps that can be pasted, quoting a path with spaces', async () => {
    const base = tmp();
    const r = await runAjar(['init', 'Kursus Saya'], { cwd: base });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ajar check "Kursus Saya"');
  });

  it('takes a folder that holds only hidden entries such as .git', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, '.git'));
    expect((await runAjar(['init', dir])).code).toBe(0);
    expect(existsSync(path.join(dir, 'syllabus.md'))).toBe(true);
  });

  it('a file where a folder is expected is a usage error, not a crash', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'berkas'), 'x');
    for (const args of [['init'], ['schema', '-o'], ['check']]) {
      const cmd = args.join(' ');
      const r = await runAjar([...args, path.join(dir, 'berkas')]);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr, cmd).toContain('is a file, not a folder');
    }
  });

  it('refuses a non-empty folder unless --force, and says how', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'catatan.txt'), 'jangan dihapus');
    const r = await runAjar(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
    expect(r.stderr).toContain('--force');
    expect(readdirSync(dir)).toEqual(['catatan.txt']);
    expect((await runAjar(['init', dir, '--force'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'catatan.txt'), 'utf8')).toBe('jangan dihapus');
    expect(existsSync(path.join(dir, 'syllabus.md'))).toBe(true);
  });
});

describe('ajar schema', () => {
  it('writes a JSON Schema per front-matter kind, for ajar.yaml and for the --format json output, usable by a validator', async () => {
    const dir = tmp('ajar schema ');
    const r = await runAjar(['schema', '-o', path.join(dir, 'skema')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const files = readdirSync(path.join(dir, 'skema')).sort();
    expect(files).toEqual(['ajar.yaml.schema.json', 'assignment.schema.json', 'bank.schema.json', 'lesson.schema.json', 'output.schema.json', 'quiz.schema.json', 'syllabus.schema.json']);
    const ajv = new Ajv({ strict: false });
    const lesson = ajv.compile(JSON.parse(readFileSync(path.join(dir, 'skema/lesson.schema.json'), 'utf8')));
    expect(lesson({ title: 'Pengantar', duration: 10, video: { src: 'v.mp4', captions: ['v.id.vtt'] } })).toBe(true);
    expect(lesson({ title: 'Pengantar', durasi: 10 })).toBe(false);
    const config = ajv.compile(JSON.parse(readFileSync(path.join(dir, 'skema/ajar.yaml.schema.json'), 'utf8')));
    expect(config({ build: { formats: ['scorm12'] } })).toBe(true);
    expect(config({ build: { formats: ['scorm3'] } })).toBe(false);
  });
});

describe('global options', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await runAjar(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--help lists the commands in the chosen language', async () => {
    const en = await runAjar(['--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('check');
    const id = await runAjar(['--lang', 'id', 'check', '--help']);
    expect(id.stdout).toContain('periksa');
  });

  it('an unknown command is a usage error', async () => {
    const r = await runAjar(['bangun']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/i);
  });
});

void mkdirSync;
