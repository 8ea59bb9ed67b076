// No function in src/ is over 80 lines (issue 15: long functions are split along their real steps). A function's
// length is its body's, nested functions included, as a reader scrolls it. The TypeScript compiler's own parser
// finds the functions; a second test feeds it a long one, so this check can fail.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIMIT = 80;

interface LongFunction {
  readonly place: string;
  readonly name: string;
  readonly lines: number;
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '(anonymous)';
}

/** Every function, method, arrow or constructor in `text` whose body is over `limit` lines. */
function longFunctions(file: string, text: string, limit = LIMIT): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const first = source.getLineAndCharacterOfPosition(body.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(body.end).line;
      if (last - first + 1 > limit) found.push({ place: `${file}:${first + 1}`, name: nameOf(node as ts.FunctionLikeDeclaration), lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('function length', () => {
  it(`no function in src/ is over ${LIMIT} lines`, () => {
    const files = sourceFiles(path.join(root, 'src'));
    expect(files.length).toBeGreaterThan(150);
    const long = files.flatMap((file) => longFunctions(path.relative(root, file), readFileSync(file, 'utf8')));
    expect(long).toEqual([]);
  });

  it('finds a long function, an arrow and a method, nested ones included', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  step${i}();`).join('\n');
    const text = [
      `export function panjang() {\n${body(81)}\n}`,
      `const pendek = () => {\n${body(10)}\n};`,
      `const arahPanjang = () => {\n${body(85)}\n};`,
      `class Modul { muat() {\n${body(90)}\n} }`,
    ].join('\n');
    expect(longFunctions('contoh.ts', text).map((f) => f.name)).toEqual(['panjang', 'arahPanjang', 'muat']);
  });
});
