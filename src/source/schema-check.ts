// Validates data against a JSON Schema with ajv and turns each error into a located diagnostic.

import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import { rules, type ExpectedValue } from './rules.js';
import { validators } from './precompiled-validators.js';

/** The options both ways of validating share: scripts/build.mjs generates the standalone code with them. */
export const AJV_OPTIONS = { allErrors: true, strict: false, useDefaults: false, discriminator: true } as const;

const compiled = new WeakMap<object, ValidateFunction>();
let ajv: Ajv | undefined;

/**
 * The validator of a schema: the one generated at build time for its `$id` (lib/), else compiled once.
 * ajv itself is loaded only when a schema has to be compiled: it costs ~100 ms at start-up.
 */
function validatorOf(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate) return validate;
  const id = (schema as { $id?: unknown }).$id;
  validate = typeof id === 'string' && Object.hasOwn(validators, id) ? validators[id]! : compiler().compile(schema);
  compiled.set(schema, validate);
  return validate;
}

function compiler(): Ajv {
  if (ajv) return ajv;
  const require = createRequire(import.meta.url);
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as { default: (ajv: Ajv) => Ajv };
  ajv = addFormats.default(new AjvClass(AJV_OPTIONS));
  return ajv;
}

export function validateAgainst(
  schema: object,
  data: unknown,
  file: string,
  locate: (path: readonly (string | number)[], key?: boolean) => Position | undefined,
): Diagnostic[] {
  const validate = validatorOf(schema);
  if (validate(data)) return [];
  return dedupe(validate.errors ?? []).map((e) => toDiagnostic(e, schema, file, locate, data));
}

// ajv reports every failed branch of a oneOf/anyOf; keep the most specific errors per path.
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  const hasSpecific = new Set(errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword)).map((e) => e.instancePath));
  // A discriminator error repeats what the enum on the tag property already says.
  const tagged = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  for (const e of errors) {
    if (e.keyword === 'discriminator' && tagged.has(`${e.instancePath}/${(e.params as { tag?: string }).tag}`)) continue;
    if (['oneOf', 'anyOf', 'if'].includes(e.keyword) && hasSpecific.has(e.instancePath)) continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  // A mapping that fails inside (unknown or missing key) also fails the other anyOf branches' type
  // (“expected a text”): keep only the errors from inside.
  const deeper = (p: string) => out.some((e) => e.instancePath.startsWith(p + '/') || ((e.keyword === 'additionalProperties' || e.keyword === 'required') && e.instancePath === p));
  for (let i = out.length - 1; i >= 0; i--) {
    const e = out[i]!;
    if ((e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'anyOf' || e.keyword === 'oneOf') && deeper(e.instancePath)) out.splice(i, 1);
  }
  // When a value fails a type in several anyOf branches, one message is enough.
  const byPath = new Map<string, ErrorObject>();
  for (const e of out) {
    const k = `${e.instancePath}|${e.keyword === 'additionalProperties' ? JSON.stringify(e.params) : e.keyword === 'required' ? JSON.stringify(e.params) : 'value'}`;
    if (!byPath.has(k)) byPath.set(k, e);
  }
  return [...byPath.values()];
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * The object branch of an anyOf/oneOf, where keys are declared. With a discriminator (`type: tus` or
 * `type: s3`), the branch the value's own discriminator names, merged with the keys declared beside it.
 */
function objectBranch(node: any, value?: unknown): any {
  if (!node) return node;
  const branches = node.anyOf ?? node.oneOf;
  const property = node.discriminator?.propertyName;
  if (Array.isArray(branches) && property && value && typeof value === 'object') {
    const named = branches.find((b: any) => b.properties?.[property]?.const === (value as Record<string, unknown>)[property]);
    if (named) return { ...named, properties: { ...node.properties, ...named.properties } };
  }
  if (node.properties) return node;
  return Array.isArray(branches) ? (branches.find((b: any) => b.properties || b.items) ?? node) : node;
}

function schemaAt(schema: any, path: (string | number)[], data?: unknown): any {
  let node = objectBranch(schema, data);
  let value: any = data;
  for (const segment of path) {
    node = objectBranch(node, value);
    if (!node) return undefined;
    value = value?.[segment];
    if (typeof segment === 'number') node = node.items;
    else node = node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return objectBranch(node, value);
}

/** A key written one level too high (`token:` beside `type:` instead of under `credentials:`): its right place. */
function nestedHome(key: string, node: any): string | undefined {
  for (const [name, sub] of Object.entries<any>(node?.properties ?? {})) {
    if (objectBranch(sub)?.properties?.[key]) return `${name}.${key}`;
  }
  return undefined;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v: any = data;
  for (const p of path) v = v?.[p];
  return v;
}

function toDiagnostic(
  e: ErrorObject,
  schema: object,
  file: string,
  locate: (path: readonly (string | number)[], key?: boolean) => Position | undefined,
  data: unknown,
): Diagnostic {
  const path = pathOf(e.instancePath);
  const where = path.length ? path.join('.') : '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const node = schemaAt(schema, path, data);
      const known = Object.keys(node?.properties ?? {});
      const suggestion = closest(key, known) ?? nestedHome(key, node);
      return rules['unknown-key']({
        file,
        position: locate([...path, key], true),
        data: { key: where ? `${where}.${key}` : key, suggestion: suggestion ?? '', known: known.join(', ') },
      });
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return rules['missing-key']({
        file,
        position: path.length ? locate(path, true) : { start: { line: 1, column: 1 } },
        data: { key: where ? `${where}.${key}` : key, leaf: key },
      });
    }
    default: {
      const sub = schemaAt(schema, path, data);
      const expected = describeExpected(e, sub);
      const value = valueAt(data, path);
      const allowed = e.keyword === 'enum' ? ((e.params as { allowedValues: unknown[] }).allowedValues.filter((v) => typeof v === 'string') as string[]) : [];
      const suggestion = typeof value === 'string' && allowed.length ? closest(value, allowed) : undefined;
      // `version: 1.10` or `id: 2024`: YAML read a number where text was meant.
      const quote = e.keyword === 'type' && String((e.params as { type: string }).type).includes('string') && (typeof value === 'number' || typeof value === 'boolean');
      return rules['invalid-value']({
        file,
        position: locate(path),
        data: { key: where, ...expected, ...(suggestion ? { suggestion } : {}), ...(quote ? { quote: 1 } : {}) },
      });
    }
  }
}

/** What the value should be, as a code of `expectedValues` (source/rules.ts) and its parameters: no words here. */
function describeExpected(e: ErrorObject, sub: any): { expected: ExpectedValue } & Record<string, string | number> {
  const p = e.params as Record<string, unknown>;
  // A schema may name what its value is (`'x-expected': 'ajar-id'`): clearer than the pattern it checks.
  const described = typeof sub?.['x-expected'] === 'string' ? (sub['x-expected'] as ExpectedValue) : undefined;
  const limit = Number(p.limit);
  switch (e.keyword) {
    case 'enum':
      return { expected: 'one-of', values: (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ') };
    case 'const':
      return { expected: 'one-of', values: JSON.stringify(p.allowedValue) };
    case 'type':
      return { expected: 'type', types: Array.isArray(p.type) ? p.type.join(',') : String(p.type) };
    case 'minimum':
      return { expected: 'minimum', limit };
    case 'exclusiveMinimum':
      return { expected: 'greater-than', limit };
    case 'maximum':
      return { expected: 'maximum', limit };
    case 'exclusiveMaximum':
      return { expected: 'less-than', limit };
    case 'minLength':
      return { expected: 'non-empty' };
    case 'maxLength':
      return { expected: 'max-length', limit };
    case 'pattern':
      return described ? { expected: described } : { expected: 'pattern', pattern: String(p.pattern) };
    case 'minItems':
      return { expected: 'min-items', limit };
    case 'maxItems':
      return { expected: 'max-items', limit };
    case 'uniqueItems':
      return { expected: 'unique-items' };
    case 'format':
      return { expected: 'format', format: String(p.format) };
    default:
      return { expected: described ?? 'valid' };
  }
}

/** Keys widyaiswara naturally write in Indonesian, mapped to the English ones ajar reads. */
const indonesianKeys: Record<string, string> = {
  judul: 'title', durasi: 'duration', deskripsi: 'description', keterangan: 'description', bahasa: 'language',
  versi: 'version', penulis: 'authors', pengarang: 'authors', kompetensi: 'competencies', instansi: 'institution',
  nilai_lulus: 'passing_grade', batas_lulus: 'passing_grade', kelulusan: 'completion', jenis: 'type', tipe: 'type',
  takarir: 'captions', subtitle: 'captions', nama: 'name', peran: 'role', surel: 'email', bahasa_takarir: 'lang', slide: 'slides', suara: 'audio', arah: 'dir', tujuan: 'purpose',
  panjang_minimal: 'min_length', panjang_maksimal: 'max_length', jam_pelajaran: 'jp',
};

/** The known name nearest to a misspelt one (Damerau–Levenshtein ≤ 2, or a case-only difference). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const alias = indonesianKeys[word.toLowerCase()];
  if (alias && candidates.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 4));
  for (const c of candidates) {
    // The edit distance is at least the difference in length: most candidates need no comparison.
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

// Settings that pass their schema but cannot work (used by load/ and questions/ alike).

/** `passing_grade: 0.75` means 75 %, but ajar reads percent: a learner would pass with under 1 %. */
export function isPercentWrittenAsFraction(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value < 1;
}

/** An answer must be at least `min` and at most `max` characters long: impossible when min > max. */
export function isImpossibleLength(min: unknown, max: unknown): boolean {
  return typeof min === 'number' && typeof max === 'number' && min > max;
}
