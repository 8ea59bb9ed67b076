// A small course written to disk as an author would (Markdown + front matter), for the preview LMS
// tests: two modules, a text lesson with Arabic script, a post-test of two questions written in the
// quiz file. The folder name has a space in it.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const LESSON_TEXT = 'Moderasi beragama adalah cara pandang yang adil dan berimbang.';

export async function writeCourse(options: { cmi5Au?: 'course' | 'module' } = {}): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ajar-cmi5-')), 'kursus pratinjau');
  const files: Record<string, string> = {
    'syllabus.md': `---
id: kursus-pratinjau
title: Moderasi Beragama — Kursus Singkat
description: Kursus singkat untuk menguji pelacakan cmi5 dan xAPI.
language: id
version: 1.0.0
jp: 2
competencies:
  - Memahami konsep moderasi beragama
  - Menerapkan sikap moderat dalam pelayanan publik
institution: Pusdiklat Tenaga Administrasi
passing_grade: 70
completion: all-and-pass
gating:
  sequential: true
  allow_seek: false
  allow_speed_up: false
---

# Materi

## Modul 1: Pengertian {#modul-1}

- [Pengertian moderasi beragama](materi/01-pengertian.md)

## Modul 2: Evaluasi {#modul-2}

- [Wasathiyah](materi/02-wasathiyah.md)
- [Post-test](kuis/post-test.md)
`,
    'ajar.yaml': `build:\n  out_dir: dist\n  formats: [cmi5, xapi]\n  media: embed\n${options.cmi5Au ? `  cmi5_au: ${options.cmi5Au}\n` : ''}`,
    'materi/01-pengertian.md': `---\ntitle: Pengertian moderasi beragama\nduration: 5\n---\n\n# Pengertian\n\n${LESSON_TEXT}\n`,
    'materi/02-wasathiyah.md': `---\ntitle: Wasathiyah\nduration: 5\n---\n\n# Wasathiyah\n\nوَكَذَٰلِكَ جَعَلْنَاكُمْ أُمَّةً وَسَطًا\n\nArtinya: umat pertengahan.\n`,
    'kuis/post-test.md': `---
type: quiz
title: Post-test
role: post
attempts: 3
passing_grade: 70
feedback: after-submit
counts_toward_score: true
shuffle_questions: false
shuffle_options: false
---

Jawab kedua soal berikut.

## Pengertian {id=q-pengertian}

Moderasi beragama adalah …

- [ ] Mencampuradukkan ajaran semua agama
- [x] Cara pandang dan sikap beragama yang adil dan berimbang
- [ ] Sikap longgar dalam beragama

## Yang dimoderasi {id=q-dimoderasi}

Yang dimoderasi adalah agama itu sendiri.

- [ ] Benar
- [x] Salah
`,
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}
