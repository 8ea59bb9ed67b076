// The rule catalogue: every rule ajar can raise, gathered from the rule list of each stage that raises it.
// The lists are imported by name, so the catalogue is complete whatever else a program loaded: `rules:`
// in ajar.yaml is validated against all of it, reporters find every message, docs/rules.md lists it all.
// A new stage's rules.ts must be added to `ruleLists` (test/diagnostics/catalogue.test.ts fails otherwise).

import type { Lang } from '../core/model/course.js';
import type { Diagnostic } from './diagnostic.js';
import { rulesOf, type Rule, type RuleSet } from './rules.js';
import { rules as sourceRules } from '../source/rules.js';
import { rules as configRules } from '../config/rules.js';
import { rules as questionsRules } from '../questions/rules.js';
import { rules as loadRules } from '../load/rules.js';
import { rules as checkRules } from '../check/rules.js';
import { rules as mediaRules } from '../media/rules.js';
import { rules as renderRules } from '../render/rules.js';
import { rules as packageRules } from '../package/rules.js';
import { rules as verifyRules } from '../verify/rules.js';
import { rules as publishRules } from '../publish/rules.js';
import { rules as previewRules } from '../preview/rules.js';
import { rules as cliRules } from '../cli/rules.js';

/** Each rule list under the folder that owns it, in stage order. */
export const ruleLists: Readonly<Record<string, RuleSet>> = {
  source: sourceRules,
  config: configRules,
  questions: questionsRules,
  load: loadRules,
  check: checkRules,
  media: mediaRules,
  render: renderRules,
  package: packageRules,
  verify: verifyRules,
  publish: publishRules,
  preview: previewRules,
  cli: cliRules,
};

const catalogue = new Map<string, Rule & { readonly owner: string }>();
for (const [owner, list] of Object.entries(ruleLists)) {
  for (const rule of rulesOf(list)) {
    const other = catalogue.get(rule.id);
    if (other) throw new Error(`rule ${rule.id} is defined by both ${other.owner} and ${owner}`);
    catalogue.set(rule.id, { ...rule, owner });
  }
}

export function getRule(id: string): (Rule & { readonly owner: string }) | undefined {
  return catalogue.get(id);
}

/** Every rule, by id. */
export function allRules(): (Rule & { readonly owner: string })[] {
  return [...catalogue.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function messageOf(diagnostic: Diagnostic, lang: Lang): string {
  const rule = catalogue.get(diagnostic.ruleId);
  const data = diagnostic.data ?? {};
  if (!rule) return typeof data.message === 'string' ? data.message : diagnostic.ruleId;
  return rule.message[lang](data);
}

export function hintOf(diagnostic: Diagnostic, lang: Lang): string | undefined {
  return catalogue.get(diagnostic.ruleId)?.hint?.[lang](diagnostic.data ?? {});
}
