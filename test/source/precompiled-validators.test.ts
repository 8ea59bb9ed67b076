// The CLI validates front matter and ajar.yaml with validators ajv generated at build time
// (scripts/build-validators.mjs → lib/source/precompiled-validators.js) instead of compiling the schemas
// at start-up. Their error objects — and so every located diagnostic — must be exactly those ajv's
// compiler gives for the same schemas: compared here on many wrong documents per schema, and end to end
// (bin/ajar.js from lib/ against the in-process CLI from src/) on the broken-course corpus.

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ajv, ValidateFunction } from 'ajv';
import { schemas } from '../../src/config/index.js';
import { AJV_OPTIONS } from '../../src/source/schema-check.js';
import { repoRoot, runAjar, spawnAjar } from '../support/cli.js';

const require = createRequire(import.meta.url);
const compiler = (): Ajv => {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  return (require('ajv-formats') as { default: (a: Ajv) => Ajv }).default(new AjvClass(AJV_OPTIONS));
};
const generated = (await import(pathToFileURL(path.join(repoRoot, 'lib/source/precompiled-validators.js')).href)) as {
  validators: Record<string, ValidateFunction>;
};

/** Keys declared at a schema node, its anyOf/oneOf branches' included. */
function declared(node: any): [string, any][] {
  if (!node || typeof node !== 'object') return [];
  const own = Object.entries<any>(node.properties ?? {});
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? [])].flatMap(declared);
  const extra = typeof node.additionalProperties === 'object' ? [['pusat', node.additionalProperties] as [string, any]] : [];
  return [...own, ...branches, ...extra];
}

const wrongValues: unknown[] = [42, -1, 0.5, 1e12, 'teks', '', 'ada spasi', true, null, [], ['x', 'x'], [{ tidak_dikenal: 1 }], { tidak_dikenal: 1 }, {}];

/** Documents that break the schema in every way we can name: each key given each wrong value, nested keys too. */
function wrongDocuments(schema: object): unknown[] {
  const out: unknown[] = [{}, 'teks', [], null, { tidak_dikenal: 1, judul: 'Moderasi' }];
  const walk = (node: any, wrap: (v: unknown) => unknown, depth: number) => {
    for (const [key, sub] of declared(node)) {
      for (const v of wrongValues) out.push(wrap({ [key]: v }));
      for (const value of sub?.enum ?? []) out.push(wrap({ [key]: value }));
      if (sub?.properties?.type?.const !== undefined) out.push(wrap({ [key]: { type: sub.properties.type.const, token: 'rahasia', tidak_dikenal: 1 } }));
      if (depth < 4) {
        walk(sub, (v) => wrap({ [key]: v }), depth + 1);
        if (sub?.items) walk(sub.items, (v) => wrap({ [key]: [v] }), depth + 1);
      }
    }
  };
  walk(schema, (v) => v, 0);
  return out;
}

describe('validators generated at build time', () => {
  const all = Object.entries(schemas()) as [string, { $id: string }][];

  it('exist in lib/ for every schema ajar validates against', () => {
    expect(Object.keys(generated.validators).sort()).toEqual(all.map(([, s]) => s.$id).sort());
  });

  for (const [name, schema] of all) {
    it(`${name}: give the same verdict and the same errors as ajv's compiler`, () => {
      const compiled = compiler().compile(schema);
      const precompiled = generated.validators[schema.$id]!;
      const documents = wrongDocuments(schema);
      expect(documents.length).toBeGreaterThan(20);
      let failing = 0;
      for (const doc of documents) {
        const ok = compiled(doc);
        expect(precompiled(doc), JSON.stringify(doc)).toBe(ok);
        expect(precompiled.errors ?? null, JSON.stringify(doc)).toEqual(compiled.errors ?? null);
        if (!ok) failing++;
      }
      expect(failing).toBeGreaterThan(documents.length / 2);
    });
  }
});

describe('ajar check from lib/ (generated validators) and from src/ (compiled schemas)', () => {
  const fixtures = path.join(repoRoot, 'test/fixtures/check');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ajar-validator-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // The courses whose problems come from a schema: unknown and missing keys, wrong values, in front matter and ajar.yaml.
  const schemaRules = new Set(['unknown-key', 'missing-key', 'invalid-value']);
  const names = readdirSync(fixtures).filter((n) =>
    (JSON.parse(readFileSync(path.join(fixtures, n, 'expected.json'), 'utf8')) as { ruleId: string }[]).some((e) => schemaRules.has(e.ruleId)),
  );

  it('covers schema problems in front matter of several kinds and in ajar.yaml', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(names.some((n) => n.startsWith('config-'))).toBe(true);
  });

  for (const name of names) {
    it(`${name}: the same diagnostics, words and positions included`, async () => {
      const dir = path.join(tmp, name);
      cpSync(path.join(fixtures, name), dir, { recursive: true });
      const args = ['check', '--format', 'json', '--lang', 'id', dir];
      const fromLib = spawnAjar(args);
      rmSync(path.join(dir, '.ajar'), { recursive: true, force: true });
      const fromSrc = await runAjar(args);
      expect(fromLib.stderr).toBe('');
      expect(fromLib.code).toBe(fromSrc.code);
      const diagnostics = (out: string) => JSON.parse(out).diagnostics as unknown[];
      expect(diagnostics(fromLib.stdout).length).toBeGreaterThan(0);
      expect(diagnostics(fromLib.stdout)).toEqual(diagnostics(fromSrc.stdout));
    });
  }
});
