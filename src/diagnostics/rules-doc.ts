// docs/rules.md is generated from the rule catalogue, so the documentation cannot drift from the code.
import { allRules } from './catalog.js';

const placeholders = new Proxy({} as Record<string, string>, { get: (_, key) => (typeof key === 'string' ? `‹${key}›` : '') });

export function rulesMarkdown(): string {
  const lines = [
    '# Diagnostic rules',
    '',
    '*Generated from the rule catalogue by `node scripts/rules-doc.mjs`; do not edit by hand.*',
    '',
    'Every diagnostic has a permanent rule id. Change a rule’s severity for one course in `ajar.yaml`:',
    '',
    '```yaml',
    'rules:',
    '  missing-caption: error   # off | info | warning | error',
    '```',
    '',
    '*Setiap diagnostik memiliki ID aturan yang tetap; tingkat keparahannya dapat diubah di `ajar.yaml`.*',
    '',
    '| rule | default | message (English) | pesan (Bahasa Indonesia) | fix |',
    '| --- | --- | --- | --- | --- |',
  ];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const rule of allRules()) {
    lines.push(
      `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.message.en(placeholders))} | ${cell(rule.message.id(placeholders))} | ${cell(rule.hint?.en(placeholders) ?? '')} |`,
    );
  }
  return lines.join('\n') + '\n';
}
