import { defineRules } from '../diagnostics/rules.js';

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
  'unknown-rule': {
    severity: 'warning',
    message: { id: (d) => `Aturan ${d.rule} tidak dikenal.`, en: (d) => `Unknown rule ${d.rule}.` },
    hint: {
      id: (d) => (d.suggestion ? `Mungkin maksud Anda ${d.suggestion}?` : 'Lihat docs/rules.md untuk daftar aturan.'),
      en: (d) => (d.suggestion ? `Did you mean ${d.suggestion}?` : 'See docs/rules.md for the list of rules.'),
    },
  },
});
