// Diagnostics raised by the checker: rules over the whole loaded course (ids, outline, links, anchors,
// images, captions, files nobody links to).

import { defineRules } from '../diagnostics/rules.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;
const fromRootId = (d: Readonly<Record<string, string | number>>) => `Jalur dibaca dari folder berkas ini (${q(d.dir)}), bukan dari folder kursus: tulis ${q(d.suggestion)}.`;
const fromRootEn = (d: Readonly<Record<string, string | number>>) => `Paths are read from this file's folder (${q(d.dir)}), not from the course folder: write ${q(d.suggestion)}.`;

export const rules = defineRules({
  'duplicate-id': {
    severity: 'error',
    message: {
      id: (d) => `ID ${q(d.id)} dipakai lebih dari sekali (juga di ${d.other}).`,
      en: (d) => `ID ${q(d.id)} is used more than once (also in ${d.other}).`,
    },
    hint: {
      id: () => 'Modul: tambahkan {#id-lain} di akhir judulnya. Materi/kuis: ubah `id:` di front matter berkasnya, atau jangan menautkan berkas yang sama dua kali.',
      en: () => 'Modules: add {#another-id} at the end of the heading. Lessons/quizzes: change `id:` in the file’s front matter, or do not link the same file twice.',
    },
  },
  'empty-outline': {
    severity: 'error',
    configurable: false,
    message: { id: () => 'Silabus tidak memuat modul.', en: () => 'The syllabus has no modules.' },
    hint: {
      id: () => 'Tulis modul sebagai judul (## Modul 1 …) dan materinya sebagai daftar tautan di bawahnya.',
      en: () => 'Write modules as headings (## Module 1 …) with their lessons as a list of links below.',
    },
  },
  'broken-link': {
    severity: 'error',
    message: { id: (d) => `Tautan ke ${q(d.target)} rusak: berkas tidak ada.`, en: (d) => `Broken link to ${q(d.target)}: no such file.` },
    hint: {
      id: (d) => (d.fromRoot ? fromRootId(d) : d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : 'Perbaiki jalur relatif terhadap berkas ini.'),
      en: (d) => (d.fromRoot ? fromRootEn(d) : d.suggestion ? `Did you mean ${q(d.suggestion)}?` : 'Fix the path relative to this file.'),
    },
  },
  'broken-anchor': {
    severity: 'error',
    message: {
      id: (d) => `Jangkar ${q('#' + d.anchor)} tidak ada di ${q(d.target)}.`,
      en: (d) => `Anchor ${q('#' + d.anchor)} does not exist in ${q(d.target)}.`,
    },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q('#' + d.suggestion)}?` : 'Jangkar dibentuk dari judul: huruf kecil, spasi menjadi “-”.'),
      en: (d) => (d.suggestion ? `Did you mean ${q('#' + d.suggestion)}?` : 'Anchors come from headings: lower case, spaces become “-”.'),
    },
  },
  'missing-caption': {
    severity: 'warning',
    message: { id: (d) => `Video ${q(d.target)} tidak memiliki takarir.`, en: (d) => `Video ${q(d.target)} has no captions.` },
    hint: {
      id: () => 'Tambahkan `captions: nama.vtt` (atau .srt) pada video agar peserta tunarungu dan di tempat bising dapat mengikuti.',
      en: () => 'Add `captions: name.vtt` (or .srt) to the video so that deaf learners and those in noisy places can follow.',
    },
  },
  'image-missing-alt': {
    severity: 'error',
    message: { id: (d) => `Gambar ${q(d.target)} tidak memiliki teks alternatif.`, en: (d) => `Image ${q(d.target)} has no alt text.` },
    hint: {
      id: () => 'Tulis deskripsi singkat di dalam kurung siku: ![Diagram alur moderasi](gambar.png).',
      en: () => 'Write a short description in the brackets: ![Flow diagram](image.png).',
    },
  },
  'missing-image': {
    severity: 'error',
    message: { id: (d) => `Gambar ${q(d.target)} tidak ditemukan.`, en: (d) => `Image ${q(d.target)} not found.` },
    hint: {
      id: (d) => (d.fromRoot ? fromRootId(d) : d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : 'Periksa jalur relatif terhadap berkas ini.'),
      en: (d) => (d.fromRoot ? fromRootEn(d) : d.suggestion ? `Did you mean ${q(d.suggestion)}?` : 'Check the path relative to this file.'),
    },
  },
  'unlinked-file': {
    severity: 'warning',
    message: {
      id: (d) => `Berkas ${q(d.target)} tidak dirujuk dari silabus maupun berkas lain.`,
      en: (d) => `File ${q(d.target)} is not referenced from the syllabus or any other file.`,
    },
    hint: {
      id: () => 'Tautkan dari silabus, atau pindahkan/hapus jika tidak dipakai.',
      en: () => 'Link it from the syllabus, or move/delete it if it is not used.',
    },
  },
  'unreachable-lesson': {
    severity: 'warning',
    message: {
      id: (d) => `Materi ${q(d.target)} hanya ditautkan dari materi lain, tidak dari silabus; peserta tidak dapat membukanya di pemutar.`,
      en: (d) => `Lesson ${q(d.target)} is linked only from another lesson, not from the syllabus; learners cannot open it in the player.`,
    },
    hint: { id: () => 'Tambahkan materi ini ke silabus di modul yang sesuai.', en: () => 'Add the lesson to the syllabus under the right module.' },
  },
  'outline-link-ignored': {
    severity: 'error',
    message: {
      id: (d) => `Tautan ke ${q(d.target)} di silabus tidak menjadi bagian kursus: hanya tautan pertama di setiap butir daftar di bawah judul modul yang dibaca.`,
      en: (d) => `The syllabus link to ${q(d.target)} is not part of the course: only the first link of each list item under a module heading is read.`,
    },
    hint: {
      id: () => 'Jadikan tautan ini butir daftar tersendiri (- [Judul](berkas.md)) di bawah judul modulnya.',
      en: () => 'Make it a list item of its own (- [Title](file.md)) under its module heading.',
    },
  },
  'external-image': {
    severity: 'error',
    message: {
      id: (d) => `Gambar ${q(d.target)} dimuat dari internet; pemutar hanya menampilkan gambar yang ada di dalam paket (paket tidak meminta apa pun ke luar).`,
      en: (d) => `Image ${q(d.target)} is loaded from the internet; the player shows only images inside the package (a package makes no requests elsewhere).`,
    },
    hint: {
      id: () => 'Unduh gambarnya ke folder kursus (misalnya gambar/) dan rujuk dengan jalur relatif; periksa lisensinya.',
      en: () => 'Download the image into the course folder (for example gambar/) and refer to it by a relative path; check its licence.',
    },
  },
});
