// Diagnostics raised while reading sources into the course model.

import { definePhrases, defineRules, say } from '../diagnostics/rules.js';
import { yamlProblem } from '../source/yaml-problem.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;
const isAbsolute = (target: string | number | undefined) => /^([a-zA-Z]:|[\\/])/.test(String(target ?? ''));
// A path written from the course root, in a file that sits in a folder: say which folder paths start from.
const fromRootId = (d: Readonly<Record<string, string | number>>) => `Jalur dibaca dari folder berkas ini (${q(d.dir)}), bukan dari folder kursus: tulis ${q(d.suggestion)}.`;
const fromRootEn = (d: Readonly<Record<string, string | number>>) => `Paths are read from this file's folder (${q(d.dir)}), not from the course folder: write ${q(d.suggestion)}.`;

/** How each medium (data.medium: a MediaKind of media-kind.ts, which checks that each has its name) is called. */
export const mediumNames = definePhrases({
  video: { id: () => 'video', en: () => 'video' },
  audio: { id: () => 'audio', en: () => 'audio' },
  slides: { id: () => 'slide', en: () => 'slides' },
  captions: { id: () => 'takarir', en: () => 'captions' },
  image: { id: () => 'gambar', en: () => 'image' },
});
const medium = (d: Readonly<Record<string, string | number>>, lang: 'id' | 'en') => say(mediumNames, d.medium, lang, d);

/** Why the syllabus's link is not an outline entry (data.reason of invalid-outline-link). */
export const outlineLinkReasons = definePhrases({
  anchor: { id: () => 'ini jangkar di halaman yang sama', en: () => 'it is an anchor on the same page' },
  folder: { id: () => 'ini folder', en: () => 'it is a folder' },
  extension: { id: (d) => `ini berkas ${d.extension}`, en: (d) => `it is a ${d.extension} file` },
  'file-type': { id: (d) => `front matter-nya berisi \`type: ${d.type}\``, en: (d) => `its front matter says \`type: ${d.type}\`` },
});

/** Why a file could not be processed, when ajar knows (data.problem of source-unreadable; else the error's own text is data.detail). */
export const unreadableProblems = definePhrases({
  'too-deep': { id: () => 'strukturnya bersarang terlalu dalam', en: () => 'it is nested too deeply' },
});

export const rules = defineRules({
  'yaml-syntax': {
    severity: 'error',
    configurable: false,
    message: { id: (d) => `Front matter YAML tidak dapat dibaca: ${yamlProblem.id(d)}.`, en: (d) => `Front matter YAML cannot be read: ${yamlProblem.en(d)}.` },
    hint: {
      id: () => 'Periksa indentasi, titik dua setelah kunci, dan tanda kutip pada teks yang berisi “:” atau “#”.',
      en: () => 'Check indentation, the colon after each key, and quote text that contains “:” or “#”.',
    },
  },
  'percent-as-fraction': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.key)}: ${d.value} terbaca sebagai ${d.value} persen, bukan ${d.percent} persen.`,
      en: (d) => `${q(d.key)}: ${d.value} is read as ${d.value} percent, not ${d.percent} percent.`,
    },
    hint: {
      id: (d) => `Nilai ditulis dalam persen (0–100): tulis \`${d.key}: ${d.percent}\`.`,
      en: (d) => `Grades are written in percent (0–100): write \`${d.key}: ${d.percent}\`.`,
    },
  },
  'impossible-length': {
    severity: 'error',
    message: {
      id: (d) => `Panjang minimum ${d.min} karakter melebihi panjang maksimum ${d.max}: jawaban mana pun tidak akan diterima.`,
      en: (d) => `The minimum length of ${d.min} characters is above the maximum of ${d.max}: no answer can be accepted.`,
    },
    hint: {
      id: () => 'Turunkan `min_length` atau naikkan `max_length` (keduanya dalam karakter).',
      en: () => 'Lower `min_length` or raise `max_length` (both count characters).',
    },
  },
  'heading-bad-id': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.written)} bukan penulisan id yang sah.`,
      en: (d) => `${q(d.written)} is not a valid id.`,
    },
    hint: {
      id: (d) => `Id hanya berisi huruf, angka, “.”, “_” dan “-”, tanpa spasi, ditulis \`{#id}\` di akhir judul: \`{#${d.id}}\`.`,
      en: (d) => `An id has only letters, digits, “.”, “_” and “-”, no spaces, written \`{#id}\` at the end of the heading: \`{#${d.id}}\`.`,
    },
  },
  'file-unreadable': {
    severity: 'error',
    message: {
      id: (d) => `Berkas ${q(d.target)} ada, tetapi tidak dapat dibaca: ${d.cause === 'loop' ? 'tautan simbolis yang berputar kembali ke dirinya sendiri' : d.cause === 'permission' ? 'izin baca ditolak' : 'galat masukan/keluaran pada disk'}.`,
      en: (d) => `File ${q(d.target)} is there but cannot be read: ${d.cause === 'loop' ? 'a symbolic link that leads back to itself' : d.cause === 'permission' ? 'permission to read it is denied' : 'an input/output error on the disk'}.`,
    },
    hint: {
      id: (d) => (d.cause === 'loop' ? 'Ganti tautan simbolis itu dengan berkas yang sebenarnya (`ls -l` menunjukkan ke mana tautan mengarah).' : d.cause === 'permission' ? 'Beri izin baca, misalnya `chmod a+r` pada berkas itu.' : 'Salin berkas itu dari cadangan atau sumber aslinya.'),
      en: (d) => (d.cause === 'loop' ? 'Replace the symbolic link with the real file (`ls -l` shows where the link points).' : d.cause === 'permission' ? 'Grant read permission, e.g. `chmod a+r` on the file.' : 'Copy the file again from a backup or its source.'),
    },
  },
  'link-malformed': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.text)} tampak seperti ${d.kind === 'image' ? 'gambar' : 'tautan'}, tetapi Markdown membacanya sebagai teks biasa: jalurnya berisi spasi.`,
      en: (d) => `${q(d.text)} looks like ${d.kind === 'image' ? 'an image' : 'a link'}, but Markdown reads it as plain text: its path contains spaces.`,
    },
    hint: {
      id: () => 'Apit jalurnya dengan kurung sudut atau ganti spasi dengan %20: ![Alur](<../gambar/alur layanan.png>) atau ![Alur](../gambar/alur%20layanan.png).',
      en: () => 'Put the path in angle brackets or write spaces as %20: ![Flow](<../images/service flow.png>) or ![Flow](../images/service%20flow.png).',
    },
  },
  'markdown-too-complex': {
    severity: 'error',
    configurable: false,
    message: {
      id: (d) => (d.kind === 'depth' ? `Daftar atau kutipan bersarang ${d.value} tingkat; batasnya ${d.limit}.` : `Berkas ini ${d.value} MiB; batas satu berkas Markdown ${d.limit} MiB.`),
      en: (d) => (d.kind === 'depth' ? `Lists or quotes are nested ${d.value} levels deep; the limit is ${d.limit}.` : `This file is ${d.value} MiB; the limit for one Markdown file is ${d.limit} MiB.`),
    },
    hint: {
      id: (d) => (d.kind === 'depth' ? 'Ratakan daftarnya (beberapa tingkat sudah cukup), atau periksa indentasi yang bergeser karena salin-tempel.' : 'Pecah menjadi beberapa berkas materi atau bank soal.'),
      en: (d) => (d.kind === 'depth' ? 'Flatten the list (a few levels are enough), or check indentation that a copy-paste shifted.' : 'Split it into several lesson or question-bank files.'),
    },
  },
  'config-file-name': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.name)} tidak dibaca: ajar hanya membaca ${q(d.expected)}, sehingga pengaturan di dalamnya tidak berlaku.`,
      en: (d) => `${q(d.name)} is not read: ajar reads only ${q(d.expected)}, so none of its settings apply.`,
    },
    hint: { id: (d) => `Ganti namanya menjadi ${q(d.expected)}.`, en: (d) => `Rename it to ${q(d.expected)}.` },
  },
  'no-syllabus': {
    severity: 'error',
    configurable: false,
    message: { id: (d) => `Tidak ada syllabus.md di ${q(d.dir)}.`, en: (d) => `No syllabus.md in ${q(d.dir)}.` },
    hint: {
      id: () => 'Jalankan perintah di folder kursus, atau buat kursus baru dengan `ajar init`.',
      en: () => 'Run the command in a course folder, or create a course with `ajar init`.',
    },
  },
  'missing-file': {
    severity: 'error',
    message: { id: (d) => `Berkas ${q(d.target)} tidak ditemukan.`, en: (d) => `File ${q(d.target)} not found.` },
    hint: {
      id: (d) => (d.fromRoot ? fromRootId(d) : d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : 'Periksa ejaan nama berkas dan foldernya (huruf besar/kecil dibedakan).'),
      en: (d) => (d.fromRoot ? fromRootEn(d) : d.suggestion ? `Did you mean ${q(d.suggestion)}?` : 'Check the spelling of the file name and its folder (case matters).'),
    },
  },
  'path-escape': {
    severity: 'error',
    configurable: false,
    message: {
      id: (d) => (isAbsolute(d.target) ? `Jalur ${q(d.target)} adalah jalur absolut di komputer Anda, di luar folder kursus.` : `Jalur ${q(d.target)} keluar dari folder kursus.`),
      en: (d) => (isAbsolute(d.target) ? `Path ${q(d.target)} is an absolute path on your computer, outside the course folder.` : `Path ${q(d.target)} leaves the course folder.`),
    },
    hint: {
      id: () => 'Salin berkas itu ke dalam folder kursus dan rujuk dengan jalur relatif tanpa “..” di luar kursus.',
      en: () => 'Copy the file into the course folder and refer to it with a relative path that stays inside.',
    },
  },
  'not-utf8': {
    severity: 'error',
    configurable: false,
    message: { id: () => 'Berkas ini tidak ditulis dalam UTF-8.', en: () => 'This file is not UTF-8 encoded.' },
    hint: {
      id: () => 'Simpan ulang sebagai UTF-8 (di penyunting: “Save with encoding” → UTF-8).',
      en: () => 'Save it again as UTF-8 (in your editor: “Save with encoding” → UTF-8).',
    },
  },
  'not-a-file': {
    severity: 'error',
    message: { id: (d) => `${q(d.target)} adalah folder, bukan berkas.`, en: (d) => `${q(d.target)} is a folder, not a file.` },
  },
  'empty-module': {
    severity: 'warning',
    message: { id: (d) => `Modul ${q(d.title)} tidak berisi materi.`, en: (d) => `Module ${q(d.title)} has no lessons.` },
    hint: { id: () => 'Tambahkan tautan ke materi di bawah judul modul, atau hapus judulnya.', en: () => 'Add links to lessons below the heading, or remove it.' },
  },
  'outline-item-outside-module': {
    severity: 'error',
    message: { id: (d) => `Tautan ${q(d.target)} berada di luar modul.`, en: (d) => `Link ${q(d.target)} is outside any module.` },
    hint: { id: () => 'Letakkan tautan di bawah sebuah judul modul (## …).', en: () => 'Put the link under a module heading (## …).' },
  },
  'invalid-outline-link': {
    severity: 'error',
    message: {
      id: (d) => `Silabus menaut ke ${q(d.target)}, yang bukan materi, kuis, atau tugas (${say(outlineLinkReasons, d.reason, 'id', d)}).`,
      en: (d) => `The syllabus links to ${q(d.target)}, which is not a lesson, quiz or assignment (${say(outlineLinkReasons, d.reason, 'en', d)}).`,
    },
    hint: {
      id: () => 'Silabus hanya menaut ke berkas .md materi/kuis/tugas atau ke URL kegiatan LMS; bank soal dirujuk dari kuis, slide dan gambar dari materi.',
      en: () => 'The syllabus links only to lesson/quiz/assignment .md files or LMS activity URLs; banks are referenced from quizzes, slides and images from lessons.',
    },
  },
  'missing-media': {
    severity: 'error',
    message: { id: (d) => `Berkas ${medium(d, 'id')} ${q(d.target)} tidak ditemukan.`, en: (d) => `${medium(d, 'en').replace(/^./, (c) => c.toUpperCase())} file ${q(d.target)} not found.` },
    hint: {
      id: (d) => (d.fromRoot ? fromRootId(d) : d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : 'Periksa jalur relatif terhadap berkas materi ini.'),
      en: (d) => (d.fromRoot ? fromRootEn(d) : d.suggestion ? `Did you mean ${q(d.suggestion)}?` : 'Check the path relative to this lesson file.'),
    },
  },
  'media-wrong-kind': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.target)} bukan berkas ${medium(d, 'id')} (terdeteksi: ${d.detected === 'text' ? 'teks' : d.detected === 'unknown' ? 'tidak dikenal' : d.detected}).`,
      en: (d) => `${q(d.target)} is not ${/^[aeiou]/.test(medium(d, 'en')) ? 'an' : 'a'} ${medium(d, 'en')} file (detected: ${d.detected}).`,
    },
    hint: {
      id: (d) => (d.medium === 'slides' ? `Gunakan berkas ${d.expected}; presentasi PowerPoint/Impress diekspor dulu ke PDF.` : `Gunakan berkas ${d.expected}.`),
      en: (d) => (d.medium === 'slides' ? `Use a ${d.expected} file; export PowerPoint/Impress presentations to PDF first.` : `Use this format: ${d.expected}.`),
    },
  },
  'unsafe-html': {
    severity: 'warning',
    message: {
      id: (d) => `HTML ${q(d.tag)} tidak diizinkan dan dibuang dari keluaran.`,
      en: (d) => `HTML ${q(d.tag)} is not allowed and is removed from the output.`,
    },
    hint: {
      id: () => 'Tulis konten dengan Markdown; skrip, iframe, dan atribut on… tidak diizinkan demi keamanan peserta.',
      en: () => 'Write the content in Markdown; scripts, iframes and on… attributes are not allowed, for learners’ safety.',
    },
  },
  'outline-link-malformed': {
    severity: 'error',
    message: {
      id: (d) => `Butir silabus ${q(d.text)} tampak seperti tautan, tetapi bukan tautan Markdown yang sah.`,
      en: (d) => `Outline item ${q(d.text)} looks like a link but is not a valid Markdown link.`,
    },
    hint: {
      id: () => 'Jalur berisi spasi harus ditulis dalam kurung sudut atau dengan %20: [Judul](<materi/Materi Satu.md>) atau [Judul](materi/Materi%20Satu.md).',
      en: () => 'Paths with spaces go in angle brackets or use %20: [Title](<lessons/Lesson One.md>) or [Title](lessons/Lesson%20One.md).',
    },
  },
  'source-unreadable': {
    severity: 'error',
    configurable: false,
    message: {
      id: (d) => `Berkas ini tidak dapat diproses: ${d.problem !== undefined ? say(unreadableProblems, d.problem, 'id', d) : d.detail}.`,
      en: (d) => `This file cannot be processed: ${d.problem !== undefined ? say(unreadableProblems, d.problem, 'en', d) : d.detail}.`,
    },
    hint: {
      id: () => 'Periksa isinya (misalnya kutipan “>” bersarang ribuan kali); jalankan dengan --debug dan laporkan bila berkasnya wajar.',
      en: () => 'Check its content (for example thousands of nested “>” quotes); run with --debug and report it if the file looks normal.',
    },
  },
  'media-url-not-supported': {
    severity: 'error',
    message: {
      id: (d) => `Media ${q(d.target)} adalah URL; ajar memaketkan media dari berkas di folder kursus.`,
      en: (d) => `Media ${q(d.target)} is a URL; ajar packages media from files in the course folder.`,
    },
    hint: {
      id: () => 'Unduh berkasnya ke folder media/ kursus dan rujuk dengan jalur relatif; tautan ke video daring dapat ditulis di isi materi.',
      en: () => 'Download the file into the course’s media/ folder and refer to it by a relative path; link to online videos in the lesson body instead.',
    },
  },
  'captions-without-video': {
    severity: 'warning',
    message: { id: () => 'Ada `captions:` tetapi materi ini tidak memiliki video.', en: () => 'There are `captions:` but this lesson has no video.' },
    hint: { id: () => 'Tambahkan `video:` atau hapus `captions:`.', en: () => 'Add `video:` or remove `captions:`.' },
  },
  'frontmatter-unclosed': {
    severity: 'error',
    configurable: false,
    message: { id: () => 'Front matter dibuka dengan “---” tetapi tidak ditutup.', en: () => 'The front matter opens with “---” but is never closed.' },
    hint: { id: () => 'Tambahkan baris “---” setelah kunci terakhir front matter.', en: () => 'Add a “---” line after the last front-matter key.' },
  },
  'frontmatter-not-at-start': {
    severity: 'error',
    configurable: false,
    message: { id: () => 'Front matter harus dimulai di baris pertama berkas.', en: () => 'Front matter must start on the first line of the file.' },
    hint: { id: () => 'Hapus baris kosong atau teks sebelum “---”.', en: () => 'Remove the blank lines or text before “---”.' },
  },
  'wrong-file-type': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.target)} bertipe ${q(d.actual)}, padahal di sini dibutuhkan ${q(d.expected)}.`,
      en: (d) => `${q(d.target)} is of type ${q(d.actual)}, but ${q(d.expected)} is needed here.`,
    },
    hint: {
      id: (d) => `Rujuk berkas yang front matter-nya berisi \`type: ${d.expected}\`, atau perbaiki \`type:\` berkas itu.`,
      en: (d) => `Refer to a file whose front matter says \`type: ${d.expected}\`, or fix that file's \`type:\`.`,
    },
  },
}, { medium: mediumNames, reason: outlineLinkReasons, problem: unreadableProblems });
