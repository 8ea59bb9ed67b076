import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../../src/diagnostics/rules-doc.js';
import { allRules } from '../../src/diagnostics/catalog.js';
import { formatDiagnostics } from '../../src/diagnostics/report.js';
import { rules } from '../../src/load/rules.js';
import { repoRoot } from '../support/cli.js';

describe('the rule catalogue', () => {
  it('docs/rules.md lists every rule as the code defines it (regenerate: node scripts/rules-doc.mjs)', () => {
    expect(readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8')).toBe(rulesMarkdown());
  });

  it('every rule has a kebab-case id and a message in Indonesian and in English', () => {
    const data = new Proxy({}, { get: () => 'x' }) as Record<string, string>;
    for (const rule of allRules()) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.message.id(data).length, rule.id).toBeGreaterThan(0);
      expect(rule.message.en(data).length, rule.id).toBeGreaterThan(0);
    }
  });
});

describe('reporters', () => {
  const d = rules['missing-media']({ file: 'materi/satu, dua.md', position: { start: { line: 3, column: 8 }, end: { line: 3, column: 20 } }, data: { target: 'media/v.mp4', medium: 'video', suggestion: '' } });

  it('github annotations escape commas and colons in properties', () => {
    const out = formatDiagnostics([d], 'github', { lang: 'en', color: false });
    expect(out).toBe('::error file=materi/satu%2C dua.md,line=3,col=8,endLine=3,endColumn=20,title=missing-media::Video file “media/v.mp4” not found. — Check the path relative to this lesson file.\n');
  });

  it('pretty output is plain without colour and coloured with it', () => {
    expect(formatDiagnostics([d], 'pretty', { lang: 'id', color: false })).toContain('materi/satu, dua.md:3:8  galat  Berkas video “media/v.mp4” tidak ditemukan.');
    expect(formatDiagnostics([d], 'pretty', { lang: 'en', color: true })).toContain('\u001b[31merror\u001b[39m');
    expect(formatDiagnostics([d], 'pretty', { lang: 'en', color: false })).not.toContain('\u001b[');
  });
});
