// Every Markdown example in docs/questions.md loads without a diagnostic: the documentation cannot drift.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/source/frontmatter.js';
import { loadQuiz } from '../../src/questions/load.js';
import { bankFromText } from './helpers.js';

const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/questions.md'), 'utf8');
const examples = [...docs.matchAll(/```markdown\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/questions.md examples', () => {
  it('has an example for every question type', () => {
    const types = new Set<string>();
    for (const example of examples) {
      if (example.includes('type: quiz')) continue;
      const text = example.startsWith('---') ? example : `---\ntype: bank\nid: contoh\n---\n\n${example}`;
      for (const q of bankFromText(text, 'bank/contoh.md').bank.questions) types.add(q.type);
    }
    expect([...types].sort()).toEqual(['description', 'essay', 'matching', 'multiple', 'numerical', 'ordering', 'short', 'single', 'truefalse']);
  });
  examples.forEach((example, i) => {
    it(`example ${i + 1} loads clean`, () => {
      if (example.includes('type: quiz')) {
        const file = { path: 'kuis/kuis-modul-1.md', text: example };
        const quiz = loadQuiz(file, parseFrontMatter(file));
        expect(quiz.diagnostics).toEqual([]);
        expect(quiz.settings).toMatchObject({ attempts: 3, passingGrade: 70, timeLimit: 20, feedback: 'immediate', countsTowardScore: true });
        expect(quiz.settings.draws.map((d) => d.bank)).toEqual(['bank/modul-1.md', 'bank/modul-1.md']);
        return;
      }
      const text = example.startsWith('---') ? example : `---\ntype: bank\nid: contoh\n---\n\n${example}`;
      expect(bankFromText(text, 'bank/contoh.md').diagnostics).toEqual([]);
    });
  });
});
