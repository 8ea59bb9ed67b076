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
});
