// Loading banks from Markdown text in tests, the way `ajar check` does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFrontMatter } from '../../src/source/frontmatter.js';
import { loadBank } from '../../src/questions/load.js';
import type { Question } from '../../src/core/model/questions.js';

export const fixtures = path.resolve(import.meta.dirname, '../fixtures/questions');

export function bankFromText(text: string, file = 'bank/uji.md') {
  const source = { path: file, text };
  return loadBank(source, parseFrontMatter(source));
}

export function bankFromFixture(relative: string, as = relative) {
  return bankFromText(readFileSync(path.join(fixtures, relative), 'utf8'), as);
}

export function byId(questions: readonly Question[], id: string): Question {
  const q = questions.find((x) => x.id === id || x.id.endsWith('.' + id));
  if (!q) throw new Error(`no question ${id} in ${questions.map((x) => x.id).join(', ')}`);
  return q;
}
