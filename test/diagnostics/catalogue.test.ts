// The rule catalogue is explicit: it lists every stage's rules.ts by name (test/config/rules-setting.test.ts
// shows what that means for `rules:` in ajar.yaml).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules, getRule, ruleLists } from '../../src/diagnostics/catalog.js';
import { rulesOf, type RuleSet } from '../../src/diagnostics/rules.js';

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
});
