// Rules: every diagnostic has a permanent id, a default severity, and a message and a fix in Indonesian
// and English. Each stage declares the rules it raises with `defineRules` in a `rules.ts` of its own
// folder; `src/diagnostics/catalog.ts` lists those rule lists explicitly and answers every lookup.
// Nothing is registered by importing a module.

import type { Diagnostic, DiagnosticInit, Severity } from './diagnostic.js';

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
  /** What an error of this rule means for the exit code: `configuration` — the command cannot run on what it was given (exit 2, docs/cli.md); otherwise a problem found (exit 1). */
  readonly class?: RuleClass;
}

export type RuleClass = 'problem' | 'configuration';

export interface RuleSpec {
  severity: Severity;
  message: RuleText;
  hint?: RuleText;
  configurable?: boolean;
  class?: RuleClass;
}

const definitions = Symbol('rule definitions');

/** A stage's rules: one diagnostic factory per rule id, and the rule definitions for the catalogue. */
export type RuleSet<K extends string = string> = Record<K, (init?: DiagnosticInit) => Diagnostic> & { readonly [definitions]: readonly Rule[] };

/**
 * Declares a stage's rules and returns a typed factory per rule, so a stage writes
 * `rules['missing-file']({ file, position, data: { target } })` and cannot misspell an id.
 */
export function defineRules<K extends string>(specs: Record<K, RuleSpec>): RuleSet<K> {
  const factories = {} as Record<K, (init?: DiagnosticInit) => Diagnostic>;
  const list: Rule[] = [];
  for (const id of Object.keys(specs) as K[]) {
    const spec = specs[id];
    list.push({ id, ...spec });
    factories[id] = (init = {}) => ({
      ruleId: id,
      severity: init.severity ?? spec.severity,
      ...(init.file !== undefined ? { file: init.file } : {}),
      ...(init.position ? { position: init.position } : {}),
      ...(init.data ? { data: init.data } : {}),
    });
  }
  // A symbol key: `Object.keys(rules)` still lists only rule ids.
  Object.defineProperty(factories, definitions, { value: Object.freeze(list), enumerable: false });
  return factories as RuleSet<K>;
}

/** The rules a `defineRules` call declared, for the catalogue. */
export function rulesOf(set: { readonly [definitions]: readonly Rule[] }): readonly Rule[] {
  return set[definitions];
}
