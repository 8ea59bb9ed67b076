// Outline shapes authors really write.
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/load/index.js';
import { checkCourse } from '../../src/check/index.js';
import { courseFolder } from './helpers.js';

const course = (files: Record<string, string>) => courseFolder(files, 'ajar kerangka ');
const lesson = (title: string) => `---\ntitle: ${title}\n---\n\nIsi materi ${title}.\n`;
const fm = '---\nid: uji\ntitle: Uji\n---\n\n';

describe('the syllabus outline', () => {
  it('a group with links right under it is a module, and the ## modules of the next group stay modules', async () => {
    const dir = course({
      'syllabus.md': fm + '# Materi Pengantar\n\n- [Satu](a.md)\n\n# Materi Inti\n\n## Modul 1\n\n- [Dua](b.md)\n\n## Modul 2\n\n- [Tiga](c.md)\n',
      'a.md': lesson('Satu'),
      'b.md': lesson('Dua'),
      'c.md': lesson('Tiga'),
    });
    const r = await loadCourse(dir, {});
    expect(checkCourse(r)).toEqual([]);
    expect(r.course!.modules.map((m) => [m.id, m.group?.id ?? null, m.items.length])).toEqual([
      ['materi-pengantar', null, 1],
      ['modul-1', 'inti', 1],
      ['modul-2', 'inti', 1],
    ]);
  });

  it('modules titled in Arabic script get distinct ids by position', async () => {
    const dir = course({ 'syllabus.md': fm + '## الوسطية\n\n- [Satu](a.md)\n\n## التسامح\n\n- [Dua](b.md)\n', 'a.md': lesson('Satu'), 'b.md': lesson('Dua') });
    const r = await loadCourse(dir, {});
    expect(checkCourse(r)).toEqual([]);
    expect(r.course!.modules.map((m) => [m.id, m.title])).toEqual([
      ['modul-1', 'الوسطية'],
      ['modul-2', 'التسامح'],
    ]);
  });

  it('a lesson linked twice is reported at the second link', async () => {
    const dir = course({ 'syllabus.md': fm + '## Modul 1\n\n- [Satu](a.md)\n\n## Modul 2\n\n- [Satu lagi](a.md)\n', 'a.md': lesson('Satu') });
    const found = checkCourse(await loadCourse(dir, {}));
    expect(found.map((d) => [d.ruleId, d.position?.start.line, d.data?.other])).toEqual([['duplicate-id', 12, 'syllabus.md:8']]);
  });

  it('slides behind a symbolic link that leads out of the course are refused as path-escape', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'ajar luar '));
    writeFileSync(path.join(outside, 'rahasia.pdf'), '%PDF-1.4\n%%EOF\n');
    const dir = course({ 'syllabus.md': fm + '## Modul 1\n\n- [Satu](a.md)\n', 'a.md': '---\ntitle: Satu\nslides: media/slide.pdf\n---\n\nIsi.\n' });
    mkdirSync(path.join(dir, 'media'));
    symlinkSync(path.join(outside, 'rahasia.pdf'), path.join(dir, 'media/slide.pdf'));
    const found = checkCourse(await loadCourse(dir, {}));
    expect(found.map((d) => [d.ruleId, d.file, d.position?.start.line])).toEqual([['path-escape', 'a.md', 3]]);
  });
});
