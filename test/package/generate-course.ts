// Writes a generated course folder: `lessons` lessons in modules of 10, a unit quiz per module drawing from
// one bank, in Indonesian. Used to push a build past SCORM 1.2's suspend_data limit.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generateCourse(dir: string, lessons: number, options: { quizzes?: boolean; questions?: number } = {}): string {
  const questions = options.questions ?? 6;
  // Default: each quiz draws 4 of 6 questions; asked for more, each quiz draws all of them.
  const drawn = questions > 6 ? questions : 4;
  mkdirSync(path.join(dir, 'materi'), { recursive: true });
  mkdirSync(path.join(dir, 'kuis'), { recursive: true });
  mkdirSync(path.join(dir, 'bank'), { recursive: true });
  const modules = Math.ceil(lessons / 10);
  const outline: string[] = [];
  for (let m = 1; m <= modules; m++) {
    outline.push(`## Modul ${m}: Pokok bahasan ${m} {#modul-${m}}`, '');
    for (let l = (m - 1) * 10 + 1; l <= Math.min(lessons, m * 10); l++) {
      const file = `materi/pelajaran-${String(l).padStart(4, '0')}.md`;
      writeFileSync(
        path.join(dir, file),
        `---\ntitle: Pelajaran ${l} — pelayanan publik yang adil\nduration: 10\n---\n\n# Pelajaran ${l}\n\nAparatur sipil negara melayani semua warga dengan adil, tanpa membedakan agama dan suku.\n`,
      );
      outline.push(`- [Pelajaran ${l}](${file})`);
    }
    if (options.quizzes) outline.push(`- [Kuis Modul ${m}](kuis/kuis-${m}.md)`);
    outline.push('');
    if (options.quizzes) {
      writeFileSync(
        path.join(dir, `kuis/kuis-${m}.md`),
        `---\ntype: quiz\ntitle: Kuis Modul ${m}\nrole: unit\ndraw:\n  - bank: ../bank/bank.md\n    count: ${drawn}\nattempts: 3\npassing_grade: 70\n---\n\nJawab ${drawn} soal.\n`,
      );
    }
  }
  if (options.quizzes) {
    const bank = Array.from({ length: questions }, (_, i) => `## Soal ${i + 1} {id=soal-${i + 1}}\n\nManakah sikap yang moderat?\n\n- [x] Adil dan berimbang\n- [ ] Berlebihan\n- [ ] Acuh tak acuh\n`);
    writeFileSync(path.join(dir, 'bank/bank.md'), `---\ntype: bank\nid: bank-umum\ntitle: Bank Soal Umum\n---\n\n# Bank Soal\n\n${bank.join('\n')}`);
  }
  writeFileSync(
    path.join(dir, 'syllabus.md'),
    `---\nid: kursus-besar\ntitle: Kursus Besar Moderasi Beragama\ndescription: Kursus buatan untuk uji ukuran.\nlanguage: id\nversion: 1.0.0\njp: 40\nauthors:\n  - name: Tim Uji\npassing_grade: 70\ncompletion: all\ngating:\n  sequential: false\n---\n\nKursus besar buatan.\n\n# Materi Inti\n\n${outline.join('\n')}\n`,
  );
  return dir;
}
