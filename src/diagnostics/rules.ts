// The rule catalogue: every diagnostic has a permanent id, a default severity, and a message and a
// fix in Indonesian and English. Each pipeline stage declares its own rules with `defineRules` in a
// `rules.ts` of its own folder; `src/diagnostics/catalog.ts` imports them all.

import type { Diagnostic, DiagnosticInit, Severity } from './diagnostic.js';
import type { Lang } from '../core/model/course.js';

type Data = Readonly<Record<string, string | number>>;
type Text = (data: Data) => string;

export interface RuleText {
  readonly id: Text;
  readonly en: Text;
}

export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** What is wrong. */
  readonly message: RuleText;
  /** How to fix it. */
  readonly hint?: RuleText;
  /** False for problems that stop the course from being read: `rules:` in ajar.yaml cannot change them. */
  readonly configurable?: boolean;
}

const registry = new Map<string, Rule>();

export interface RuleSpec {
  severity: Severity;
  message: RuleText;
  hint?: RuleText;
  configurable?: boolean;
}

/**
 * Registers rules and returns a typed factory per rule, so a stage writes
 * `rules.missingFile({ file, position, data: { target } })` and cannot misspell an id.
 */
export function defineRules<K extends string>(
  specs: Record<K, RuleSpec>,
): Record<K, (init?: DiagnosticInit) => Diagnostic> {
  const factories = {} as Record<K, (init?: DiagnosticInit) => Diagnostic>;
  for (const id of Object.keys(specs) as K[]) {
    const spec = specs[id];
    if (registry.has(id)) throw new Error(`rule ${id} defined twice`);
    registry.set(id, { id, ...spec });
    factories[id] = (init = {}) => ({
      ruleId: id,
      severity: init.severity ?? spec.severity,
      ...(init.file !== undefined ? { file: init.file } : {}),
      ...(init.position ? { position: init.position } : {}),
      ...(init.data ? { data: init.data } : {}),
    });
  }
  return factories;
}

export function getRule(id: string): Rule | undefined {
  return registry.get(id);
}

export function allRules(): Rule[] {
  return [...registry.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function messageOf(diagnostic: Diagnostic, lang: Lang): string {
  const rule = registry.get(diagnostic.ruleId);
  const data = diagnostic.data ?? {};
  if (!rule) return typeof data.message === 'string' ? data.message : diagnostic.ruleId;
  return rule.message[lang](data);
}

export function hintOf(diagnostic: Diagnostic, lang: Lang): string | undefined {
  const rule = registry.get(diagnostic.ruleId);
  return rule?.hint?.[lang](diagnostic.data ?? {});
}
