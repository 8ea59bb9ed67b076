// The rule catalogue is explicit: it lists every stage's rules.ts by name (test/config/rules-setting.test.ts
// shows what that means for `rules:` in ajar.yaml).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules, getRule, ruleLists } from '../../src/diagnostics/catalog.js';
import { phrasesOf, rulesOf, type RuleSet } from '../../src/diagnostics/rules.js';
import { expectedValues } from '../../src/source/rules.js';
import { schemas } from '../../src/config/all-schemas.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every `src/<folder>/rules.ts` that declares rules (diagnostics/rules.ts is the declaring helper itself). */
function ruleFiles(): string[] {
  const src = path.join(repoRoot, 'src');
  return readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'diagnostics')
    .map((d) => path.join(src, d.name, 'rules.ts'))
    .filter((f) => readdirSync(path.dirname(f)).includes('rules.ts'));
}

describe('the rule catalogue', () => {
  it('holds every rule of every stage’s rules.ts, owned by that stage', async () => {
    const files = ruleFiles();
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const owner = path.basename(path.dirname(file));
      const mod = (await import(pathToFileURL(file).href)) as { rules: RuleSet };
      expect(ruleLists[owner], `src/${owner}/rules.ts is not listed in src/diagnostics/catalog.ts`).toBe(mod.rules);
      for (const rule of rulesOf(mod.rules)) expect(getRule(rule.id)?.owner, rule.id).toBe(owner);
    }
    expect(allRules().length).toBe(Object.values(ruleLists).reduce((n, list) => n + rulesOf(list).length, 0));
  });

  it('the checker owns the rules only it raises; the shared source readers own the schema rules', () => {
    expect(getRule('broken-link')?.owner).toBe('check');
    expect(getRule('unlinked-file')?.owner).toBe('check');
    expect(getRule('invalid-value')?.owner).toBe('source');
    expect(getRule('media-not-transcoded')?.owner).toBe('package');
  });

  // Diagnostics carry codes, not words (`reason: 'quote-not-closed'`); the rule's phrase tables turn them
  // into Indonesian and English. Every code of every table has both texts, and they are not the same words.
  it('knows every code a diagnostic’s data carries, in Indonesian and in English', () => {
    const placeholders = new Proxy({} as Record<string, string>, { get: (_, key) => (typeof key === 'string' ? `‹${key}›` : '') });
    // Words Indonesian shares with English, and SCORM's own terms, which Indonesian LMS screens keep as they are.
    const sameInBoth = new Set(['video', 'audio', 'resource']);
    let codes = 0;
    for (const [owner, list] of Object.entries(ruleLists)) {
      for (const [field, table] of Object.entries(phrasesOf(list))) {
        for (const [code, text] of Object.entries(table)) {
          const id = text.id(placeholders).trim();
          const en = text.en(placeholders).trim();
          expect(id, `${owner} ${field}: ${code} (id)`).not.toBe('');
          expect(en, `${owner} ${field}: ${code} (en)`).not.toBe('');
          // Words differ between the languages unless the phrase is only names, symbols or a term of the standard.
          if (!sameInBoth.has(en) && /[a-z]{4}/.test(en.replace(/‹[^›]*›|“[^”]*”|`[^`]*`|<[^>]*>|https?|[A-Z][A-Za-z0-9]+/g, ''))) expect(id, `${owner} ${field}: ${code} is not translated`).not.toBe(en);
          codes++;
        }
      }
    }
    expect(codes).toBeGreaterThan(80);
  });

  it('knows every value kind a schema names with x-expected', () => {
    const named = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'x-expected') named.add(String(v));
          else walk(v);
        }
      }
    };
    walk(schemas());
    expect([...named].sort()).toEqual(expect.arrayContaining(['ajar-id', 'bitrate', 'http-url', 'tag']));
    for (const code of named) expect(Object.keys(expectedValues), code).toContain(code);
  });
});
