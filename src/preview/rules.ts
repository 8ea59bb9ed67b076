// Diagnostics of `ajar preview`.

import { defineRules } from '../diagnostics/rules.js';

export const rules = defineRules({
  'preview-port-in-use': {
    severity: 'error',
    message: {
      id: (d) => `Port ${d.port} di ${d.host} sudah dipakai program lain.`,
      en: (d) => `Port ${d.port} on ${d.host} is already in use by another program.`,
    },
    hint: {
      id: () => 'Pilih port lain dengan --port <nomor>, atau --port 0 untuk port bebas mana pun.',
      en: () => 'Choose another port with --port <number>, or --port 0 for any free port.',
    },
  },
  'preview-bad-package': {
    severity: 'error',
    message: {
      id: (d) => `Paket “${d.file}” tidak dapat diputar: ${d.detail}.`,
      en: (d) => `Package “${d.file}” cannot be played: ${d.detail}.`,
    },
    hint: {
      id: () => 'Berikan paket .zip berisi cmi5.xml, tincan.xml, atau imsmanifest.xml di akarnya (periksa dengan `ajar verify`), atau folder kursus.',
      en: () => 'Give a .zip package with cmi5.xml, tincan.xml or imsmanifest.xml at its root (check it with `ajar verify`), or a course folder.',
    },
  },
  'preview-not-built': {
    severity: 'warning',
    message: {
      id: () => 'Kursus belum dapat ditampilkan: perbaiki galat di atas; pratinjau dimuat ulang setelah berkas disimpan.',
      en: () => 'The course cannot be shown yet: fix the errors above; the preview reloads when you save.',
    },
  },
});
