// Diagnostics of the render stage.

import { defineRules } from '../diagnostics/rules.js';

export const rules = defineRules({
  'player-bundle-missing': {
    severity: 'error',
    message: {
      id: (d) => `Berkas pemutar (player) tidak ditemukan: ${d.path}`,
      en: (d) => `The player bundle is missing: ${d.path}`,
    },
    hint: {
      id: () => 'Jalankan `npm run build` di folder ajar, atau pasang ulang ajar.',
      en: () => 'Run `npm run build` in the ajar folder, or reinstall ajar.',
    },
  },
  'site-reference-dangling': {
    severity: 'error',
    message: {
      id: (d) => `Rujukan “${d.target}” tidak mengarah ke berkas di dalam paket maupun ke bagian kursus; peserta akan melihat tautan rusak.`,
      en: (d) => `Reference “${d.target}” resolves to no file in the package and no part of the course; learners would meet a broken link.`,
    },
    hint: {
      id: () =>
        'Tulis jalur relatif terhadap berkas ini ke berkas yang ada di folder kursus (gambar, PDF) atau ke materi yang ada di silabus; gambar dari http(s):// tidak dimuat pemutar — unduh ke folder kursus.',
      en: () =>
        'Write a path relative to this file to a file in the course folder (an image, a PDF) or to a lesson in the syllabus; the player does not load images from http(s):// — download them into the course folder.',
    },
  },
});
