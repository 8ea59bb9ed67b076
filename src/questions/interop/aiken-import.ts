// Aiken → drafts, read the way Moodle's Aiken import reads it. Aiken holds single-answer multiple choice:
// a question, options `A)`/`A.` (a space after the label is optional), and `ANSWER: X`, which ends the
// question. Blank lines are ignored. A question needs at least two options. A bad question is reported
// with its line and skipped; the next question still imports. (ajar also lets the question text run
// over several lines before the first option.)

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { rules, type ImportProblem } from '../rules.js';
import type { Draft, ImportResult } from './draft.js';
import { plainToMarkdown } from './html-markdown.js';

const optionLine = /^([A-Z])[.)][ \t]*(.*)$/;
const answerLine = /^ANSWER\s*:\s*(.*)$/i;

export function importAiken(source: string, file: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let stem: string[] = [];
  let start = 0;
  let options: { letter: string; text: string }[] = [];
  // Options and an ANSWER line that belong to no question (reported once) are passed over.
  let orphan = false;
  const fail = (line: number, problem: ImportProblem, value?: string) =>
    diagnostics.push(rules['import-syntax']({ file, position: { start: { line, column: 1 } }, data: { problem, ...(value !== undefined ? { value } : {}) } }));
  const reset = () => {
    stem = [];
    options = [];
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const n = index + 1;
    if (!line) return;
    const answer = answerLine.exec(line);
    if (answer) {
      const letter = answer[1]!.trim().charAt(0).toUpperCase();
      if (!stem.length) {
        if (!orphan) fail(n, 'answer-before-question');
      } else if (options.length < 2) fail(start, 'options-too-few');
      else if (!options.some((o) => o.letter === letter)) fail(n, 'answer-not-an-option', letter);
      else {
        drafts.push({
          line: start,
          type: 'single',
          stem: plainToMarkdown(stem.join('\n')),
          choices: options.map((o) => ({ md: plainToMarkdown(o.text), weight: o.letter === letter ? 1 : 0 })),
        });
      }
      orphan = false;
      reset();
      return;
    }
    const option = optionLine.exec(line);
    if (option) {
      if (stem.length) options.push({ letter: option[1]!, text: option[2]!.trim() });
      else if (!orphan) {
        fail(n, 'option-before-question', line);
        orphan = true;
      }
      return;
    }
    // Text after the options: the question before never got its ANSWER line, and a new one starts here.
    if (options.length) {
      fail(start, 'no-answer-line');
      reset();
    }
    orphan = false;
    if (!stem.length) start = n;
    stem.push(line);
  });
  if (stem.length) fail(start, 'no-answer-line');
  return { drafts, diagnostics, files: new Map() };
}
