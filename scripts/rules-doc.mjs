// Regenerates docs/rules.md from the rule catalogue (run after `npm run build`).
import { writeFileSync } from 'node:fs';
const { rulesMarkdown } = await import('../lib/diagnostics/rules-doc.js');
writeFileSync(new URL('../docs/rules.md', import.meta.url), rulesMarkdown());
console.log('docs/rules.md written');
