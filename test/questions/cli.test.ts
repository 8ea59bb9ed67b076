// `ajar questions import|export` as a user runs it: files in, files out, messages, exit codes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAjar } from '../support/cli.js';
import { bankFromText, fixtures } from './helpers.js';
import { thirdParty } from '../support/third-party.js';

const corpus = thirdParty('moodle', 'gift', 'examples.gift');
const work = mkdtempSync(path.join(tmpdir(), 'ajar questions '));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ajar questions import', () => {
  it('turns Moodle’s GIFT examples into a bank that loads clean', async () => {
    cpSync(corpus, path.join(work, 'contoh moodle.gift'));
    const r = await runAjar(['questions', 'import', 'contoh moodle.gift', '-o', 'bank/contoh moodle.md'], { cwd: work });
    expect(r.stderr).toContain('Imported 43 questions from contoh moodle.gift (gift) into bank/contoh moodle.md');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(work, 'bank/contoh moodle.md'), 'utf8');
    expect(text).toMatch(/^---\ntype: bank\nid: contoh-moodle\n/);
    expect(bankFromText(text).diagnostics).toEqual([]);
  });

  it('reports a broken question with file and line, in Indonesian, imports the rest and exits 1', async () => {
    cpSync(path.join(fixtures, 'import/rusak.gift'), path.join(work, 'rusak.gift'));
    const r = await runAjar(['--lang', 'id', 'questions', 'import', 'rusak.gift', '-o', 'rusak.md'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rusak.gift:8:');
    expect(r.stderr).toContain('Tidak dapat membaca soal');
    expect(r.stderr).toContain('2 soal diimpor');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(readFileSync(path.join(work, 'rusak.md'), 'utf8')).toContain('## Tahun proklamasi');
  });

  it('writes images embedded in Moodle XML next to the bank and reports what was not carried over', async () => {
    cpSync(path.join(fixtures, 'import/soal pelatihan.xml'), path.join(work, 'soal pelatihan.xml'));
    const r = await runAjar(['questions', 'import', 'soal pelatihan.xml', '-o', 'bank/latsar.md'], { cwd: work });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('multianswer');
    expect(readdirSync(path.join(work, 'bank/latsar-berkas'))).toEqual(['logo-berakhlak.png']);
    expect(readFileSync(path.join(work, 'bank/latsar.md'), 'utf8')).toContain('](latsar-berkas/logo-berakhlak.png)');
  });

  it('valid Moodle data ajar used to reject: import, export refuses nothing, and the export imports back', async () => {
    cpSync(path.join(fixtures, 'import/diterima-moodle.gift'), path.join(work, 'diterima moodle.gift'));
    const r = await runAjar(['questions', 'import', 'diterima moodle.gift', '-o', 'bank/diterima.md'], { cwd: work });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Imported 3 questions from diterima moodle.gift (gift) into bank/diterima.md');
    expect(r.stderr).toContain('diterima moodle.gift:14:');
    expect(r.stderr).toContain('import-lossy');
    const xml = await runAjar(['questions', 'export', 'bank/diterima.md', '--formats', 'moodlexml', '-o', 'diterima.xml'], { cwd: work });
    expect(xml.code).toBe(0);
    const back = await runAjar(['questions', 'import', 'diterima.xml', '-o', 'bank/diterima-lagi.md'], { cwd: work });
    expect(back.code).toBe(0);
    expect(back.stderr).toContain('Imported 3 questions from diterima.xml (moodlexml)');
  });

  it('prints to stdout without -o, and exits 2 for a missing file without a stack trace', async () => {
    cpSync(path.join(fixtures, 'import/pilihan ganda.txt'), path.join(work, 'pilihan ganda.txt'));
    const ok = await runAjar(['questions', 'import', 'pilihan ganda.txt', '--from', 'aiken'], { cwd: work });
    expect(ok.stdout).toContain('- [x] Bandung');
    const missing = await runAjar(['questions', 'import', 'tidak-ada.gift'], { cwd: work });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('File “tidak-ada.gift” not found');
    expect(missing.stderr).not.toContain('    at ');
  });
});

describe('ajar questions export', () => {
  const course = path.join(work, 'kursus moderasi');
  cpSync(path.join(fixtures, 'kursus moderasi'), course, { recursive: true });

  it('writes Moodle XML that xmllint accepts and GIFT that imports back', async () => {
    const xml = await runAjar(['questions', 'export', 'bank/modul 1.md', '--formats', 'moodlexml', '-o', '../modul 1.xml'], { cwd: course });
    expect(xml.code).toBe(0);
    execFileSync('xmllint', ['--noout', path.join(work, 'modul 1.xml')]);
    const gift = await runAjar(['questions', 'export', 'bank/modul 1.md', '--formats', 'gift'], { cwd: course });
    expect(gift.code).toBe(0);
    expect(gift.stdout).toContain('::Pengertian moderasi beragama::');
    expect(gift.stderr).toContain('export-lossy');
  });

  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const withImage = () => {
    mkdirSync(path.join(course, 'gambar'), { recursive: true });
    writeFileSync(path.join(course, 'gambar/garuda.png'), png);
    writeFileSync(
      path.join(course, 'bank/lambang.md'),
      '---\ntype: bank\nid: bank-lambang\ntitle: Lambang negara\n---\n\n## Lambang negara {id=lambang}\n\n![Garuda Pancasila](../gambar/garuda.png)\n\nLambang negara Indonesia adalah …\n\n- [x] Garuda Pancasila\n- [ ] Elang Jawa\n',
    );
  };

  it('embeds images in Moodle XML as Moodle does, and they come back on import', async () => {
    withImage();
    const out = await runAjar(['questions', 'export', 'bank/lambang.md', '--formats', 'moodlexml', '-o', 'lambang.xml'], { cwd: course });
    expect(out.code).toBe(0);
    const xml = readFileSync(path.join(course, 'lambang.xml'), 'utf8');
    expect(xml).toContain('src="@@PLUGINFILE@@/garuda.png"');
    expect(xml).toContain(`<file name="garuda.png" path="/" encoding="base64">${png.toString('base64')}</file>`);
    const back = await runAjar(['questions', 'import', 'lambang.xml', '-o', 'impor/lambang.md'], { cwd: course });
    expect(back.code).toBe(0);
    expect(readFileSync(path.join(course, 'impor/lambang-berkas/garuda.png'))).toEqual(png);
    expect(readFileSync(path.join(course, 'impor/lambang.md'), 'utf8')).toContain('![Garuda Pancasila](lambang-berkas/garuda.png)');
  });

  it('packs QTI 2.1 items and the images they use into a zip', async () => {
    withImage();
    const r = await runAjar(['questions', 'export', 'bank/lambang.md', '--formats', 'qti21', '-o', 'lambang.zip'], { cwd: course });
    expect(r.code).toBe(0);
    const listing = execFileSync('unzip', ['-Z1', path.join(course, 'lambang.zip')], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['imsmanifest.xml', 'items/lambang.xml', 'gambar/garuda.png']);
    const item = execFileSync('unzip', ['-p', path.join(course, 'lambang.zip'), 'items/lambang.xml'], { encoding: 'utf8' });
    expect(item).toContain('src="gambar/garuda.png"');
  });

  it('refuses a bank with errors: exit 1, nothing written', async () => {
    cpSync(path.join(fixtures, 'check/no-correct.md'), path.join(work, 'no-correct.md'));
    const r = await runAjar(['questions', 'export', 'no-correct.md', '--formats', 'gift', '-o', 'no-correct.gift'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('question-no-correct');
    expect(existsSync(path.join(work, 'no-correct.gift'))).toBe(false);
  });

  it('reads numbers by the course’s language, as check and build do: 1,250 in an English course is one thousand two hundred and fifty', async () => {
    const course = path.join(work, 'english course');
    mkdirSync(path.join(course, 'bank'), { recursive: true });
    writeFileSync(path.join(course, 'syllabus.md'), '---\nid: english-course\ntitle: Public service in English\nlanguage: en\nversion: 1.0.0\n---\n\n# Module 1\n');
    writeFileSync(
      path.join(course, 'bank', 'numbers.md'),
      '---\ntype: bank\nid: numbers\ntitle: Numbers\n---\n\n## Civil servants in the district {type=angka}\n\nHow many civil servants work in the district?\n\n- 1,250 ± 10\n',
    );
    const r = await runAjar(['questions', 'export', 'bank/numbers.md', '--formats', 'gift', '-o', 'numbers.gift'], { cwd: course });
    expect(r.code, r.stderr).toBe(0);
    // Ambiguous either way, so ajar warns; but it reads the key as the course does.
    expect(r.stderr).toContain('is read as 1250 (English convention');
    const gift = readFileSync(path.join(course, 'numbers.gift'), 'utf8');
    expect(gift).toMatch(/\{#\s*=1250:10\s*\}/);
  });

  it('needs --formats: a usage error', async () => {
    const r = await runAjar(['questions', 'export', 'bank/modul 1.md'], { cwd: course });
    expect(r.code).toBe(2);
  });
});

describe('ajar questions --help', () => {
  it('lists both subcommands, in Indonesian when asked', async () => {
    const r = await runAjar(['questions', '--help'], { env: { LANG: 'id_ID.UTF-8' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('import [options] <file>');
    expect(r.stdout).toContain('export [options] <bank>');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('ubah berkas GIFT, Aiken, atau Moodle XML menjadi bank soal Markdown');
  });
});
