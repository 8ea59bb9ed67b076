// Aiken → drafts. Aiken holds single-answer multiple choice only: a question, options `A.`/`A)`,
// and `ANSWER: X`. Questions may be separated by blank lines; a bad one is reported and skipped.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { rules } from '../rules.js';
import type { Draft, ImportResult } from './draft.js';
import { plainToMarkdown } from './html-markdown.js';

export function importAiken(source: string, file: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let stem: string[] = [];
  let start = 0;
  let options: { letter: string; text: string }[] = [];
  const fail = (line: number, detail: string, detailId: string) =>
    diagnostics.push(rules['import-syntax']({ file, position: { start: { line, column: 1 } }, data: { detail, detailId } }));
  // After an error, the rest of that question (up to its ANSWER line or a blank line) is skipped.
  let skipping = false;
  const reset = () => {
    stem = [];
    options = [];
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const n = index + 1;
    if (skipping) {
      if (!line || /^ANSWER\s*:/i.test(line)) skipping = false;
      return;
    }
    if (!line) {
      if (stem.length && options.length) {
        fail(start, 'the question has no “ANSWER: X” line', 'soal tidak memiliki baris “ANSWER: X”');
        reset();
      }
      return;
    }
    const answer = /^ANSWER\s*:\s*([A-Za-z])\s*$/i.exec(line);
    if (answer) {
      const letter = answer[1]!.toUpperCase();
      if (!stem.length) fail(n, '“ANSWER:” comes before any question', '“ANSWER:” muncul sebelum soal');
      else if (options.length < 2) fail(start, 'a question needs at least two options (A., B., …)', 'soal membutuhkan sedikitnya dua pilihan (A., B., …)');
      else if (!options.some((o) => o.letter === letter)) fail(n, `the answer “${letter}” is not one of the options`, `jawaban “${letter}” tidak ada di antara pilihan`);
      else {
        drafts.push({
          line: start,
          type: 'single',
          stem: plainToMarkdown(stem.join('\n')),
          choices: options.map((o) => ({ md: plainToMarkdown(o.text), weight: o.letter === letter ? 1 : 0 })),
        });
      }
      reset();
      return;
    }
    const option = /^([A-Z])[.)]\s+(.*)$/.exec(line);
    if (option && stem.length) {
      options.push({ letter: option[1]!, text: option[2]! });
      return;
    }
    if (options.length) {
      fail(n, `“${line}” is neither an option (“A. …”) nor “ANSWER: X”`, `“${line}” bukan pilihan (“A. …”) maupun “ANSWER: X”`);
      reset();
      skipping = true;
      return;
    }
    if (!stem.length) start = n;
    stem.push(line);
  });
  if (stem.length) fail(start, 'the question has no “ANSWER: X” line', 'soal tidak memiliki baris “ANSWER: X”');
  return { drafts, diagnostics, files: new Map() };
}
