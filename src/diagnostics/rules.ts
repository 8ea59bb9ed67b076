// Rules: every diagnostic has a permanent id, a default severity, and a message and a fix in Indonesian
// and English. Each stage declares the rules it raises with `defineRules` in a `rules.ts` of its own
// folder; `src/diagnostics/catalog.ts` lists those rule lists explicitly and answers every lookup.
// Nothing is registered by importing a module.

import type { Lang } from '../core/model/course.js';
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

/**
 * Words for the codes a diagnostic's data carries instead of prose (`reason: 'quote-not-closed'`), in both
 * languages; each text may use the rest of the data (`limit`, `value`, …). A stage declares its tables with
 * `definePhrases`, hands them to `defineRules` (so the catalogue can prove every code has both texts) and its
 * message templates turn a code into words with `say`.
 */
export type Phrases<C extends string = string> = Readonly<Record<C, RuleText>>;

export function definePhrases<C extends string>(phrases: Record<C, RuleText>): Phrases<C> {
  return Object.freeze(phrases);
}

/** The words for `code` in `lang`; a code the table does not know is shown as written (docs/rules.md shows `‹reason›`). */
export function say(phrases: Phrases, code: string | number | undefined, lang: Lang, data: Data): string {
  const key = String(code ?? '');
  return Object.hasOwn(phrases, key) ? phrases[key]![lang](data) : key;
}

const definitions = Symbol('rule definitions');
const phraseTables = Symbol('phrase tables');

/** A stage's rules: one diagnostic factory per rule id, and the rule definitions for the catalogue. */
export type RuleSet<K extends string = string> = Record<K, (init?: DiagnosticInit) => Diagnostic> & {
  readonly [definitions]: readonly Rule[];
  readonly [phraseTables]: Readonly<Record<string, Phrases>>;
};

/**
 * Declares a stage's rules and returns a typed factory per rule, so a stage writes
 * `rules['missing-file']({ file, position, data: { target } })` and cannot misspell an id.
 * `phrases` names the code tables its messages use, by the data field that carries the code.
 */
export function defineRules<K extends string>(specs: Record<K, RuleSpec>, phrases: Readonly<Record<string, Phrases>> = {}): RuleSet<K> {
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
  Object.defineProperty(factories, phraseTables, { value: Object.freeze({ ...phrases }), enumerable: false });
  return factories as RuleSet<K>;
}

/** The code tables a `defineRules` call declared, by data field, for the catalogue. */
export function phrasesOf(set: { readonly [phraseTables]: Readonly<Record<string, Phrases>> }): Readonly<Record<string, Phrases>> {
  return set[phraseTables];
}

/** The rules a `defineRules` call declared, for the catalogue. */
export function rulesOf(set: { readonly [definitions]: readonly Rule[] }): readonly Rule[] {
  return set[definitions];
}
