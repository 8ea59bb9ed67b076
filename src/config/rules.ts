import { defineRules } from '../diagnostics/rules.js';
import { yamlProblem } from '../source/yaml-problem.js';

export const rules = defineRules({
  'config-env-missing': {
    severity: 'error',
    message: {
      id: (d) => `Variabel lingkungan ${d.name} untuk ${d.key} belum diatur.`,
      en: (d) => `Environment variable ${d.name} for ${d.key} is not set.`,
    },
    hint: {
      id: (d) => `Atur dulu: export ${d.name}=…  (di CI: sebagai secret), atau beri nilai bawaan \${${d.name}:-nilai}.`,
      en: (d) => `Set it first: export ${d.name}=…  (in CI: as a secret), or give a default \${${d.name}:-value}.`,
    },
  },
  'config-yaml-syntax': {
    severity: 'error',
    configurable: false,
    message: { id: (d) => `ajar.yaml tidak dapat dibaca: ${yamlProblem.id(d)}.`, en: (d) => `ajar.yaml cannot be read: ${yamlProblem.en(d)}.` },
    hint: {
      id: () => 'Periksa indentasi (spasi, bukan tab), titik dua setelah kunci, dan kurung siku/kurawal yang belum ditutup.',
      en: () => 'Check indentation (spaces, not tabs), the colon after each key, and unclosed brackets or braces.',
    },
  },
  'rule-not-configurable': {
    severity: 'warning',
    message: {
      id: (d) => `Aturan ${d.rule} tidak dapat diubah atau dimatikan: tanpanya kursus tidak dapat dibaca dengan benar.`,
      en: (d) => `Rule ${d.rule} cannot be changed or turned off: without it the course cannot be read correctly.`,
    },
    hint: { id: () => 'Hapus baris ini dari `rules:` dan perbaiki masalahnya di sumber.', en: () => 'Remove this line from `rules:` and fix the problem in the sources.' },
  },
  'unknown-rule': {
    severity: 'warning',
    message: { id: (d) => `Aturan ${d.rule} tidak dikenal.`, en: (d) => `Unknown rule ${d.rule}.` },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${d.suggestion}?` : 'Lihat docs/rules.md untuk daftar aturan.'),
      en: (d) => (d.suggestion ? `Did you mean ${d.suggestion}?` : 'See docs/rules.md for the list of rules.'),
    },
  },
});
