// Diagnostics raised by the shared source readers: schema validation of front matter, ajar.yaml and
// bank/quiz settings, wherever it runs.

import { defineRules } from '../diagnostics/rules.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;

export const rules = defineRules({
  'unknown-key': {
    severity: 'error',
    message: { id: (d) => `Kunci ${q(d.key)} tidak dikenal.`, en: (d) => `Unknown key ${q(d.key)}.` },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : `Kunci yang dikenal: ${d.known}.`),
      en: (d) => (d.suggestion ? `Did you mean ${q(d.suggestion)}?` : `Known keys: ${d.known}.`),
    },
  },
  'missing-key': {
    severity: 'error',
    message: { id: (d) => `Kunci wajib ${q(d.key)} belum diisi.`, en: (d) => `Required key ${q(d.key)} is missing.` },
    hint: { id: (d) => `Tambahkan \`${d.leaf ?? d.key}: …\` di sini.`, en: (d) => `Add \`${d.leaf ?? d.key}: …\` here.` },
  },
  'invalid-value': {
    severity: 'error',
    message: { id: (d) => `Nilai ${q(d.key)} tidak sah: seharusnya ${d.expectedId}.`, en: (d) => `Invalid value for ${q(d.key)}: expected ${d.expected}.` },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${q(d.suggestion)}?` : d.quote ? 'Apit nilainya dengan tanda kutip agar dibaca sebagai teks, misalnya "1.10".' : 'Perbaiki nilainya sesuai keterangan di atas; lihat docs/source-format.md.'),
      en: (d) => (d.suggestion ? `Did you mean ${q(d.suggestion)}?` : d.quote ? 'Put the value in quotes so that it is read as text, e.g. "1.10".' : 'Fix the value as described; see docs/source-format.md.'),
    },
  },
});
