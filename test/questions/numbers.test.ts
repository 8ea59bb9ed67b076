// Numbers mean what the widyaiswara meant: one convention per course (its language), applied to the
// answer key and to what learners type, with a warning wherever a number reads two ways.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/source/frontmatter.js';
import { loadBank } from '../../src/questions/load.js';
import { loadCourse } from '../../src/load/index.js';
import { score } from '../../src/core/scoring.js';
import { formatUnambiguous, readNumber } from '../../src/core/numbers.js';
import { importGift } from '../../src/questions/interop/gift-import.js';
import type { NumericalQuestion } from '../../src/core/model/questions.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/questions/numbers/anggaran.md');

function bank(numbers: 'id' | 'en', text = readFileSync(fixture, 'utf8')) {
  const file = { path: 'bank/anggaran.md', text };
  return loadBank(file, parseFrontMatter(file), numbers);
}
const numerical = (questions: readonly unknown[], i: number) => questions[i] as NumericalQuestion;

describe('numbers in an Indonesian course', () => {
  const { bank: b, diagnostics } = bank('id');

  it('reads "." as the thousands separator in the answer key', () => {
    expect(numerical(b.questions, 0).answers[0]!.value).toBe(750000);
    expect(numerical(b.questions, 1).answers[0]!.value).toBe(1200);
    expect(numerical(b.questions, 2).answers[0]).toMatchObject({ value: 2.5, tolerance: 0.1 });
    // 3.14 cannot be a thousands group: it is the decimal 3.14.
    expect(numerical(b.questions, 3).answers[0]!.value).toBe(3.14);
  });

  it('marks right what a learner types the Indonesian way, the plain way or with spaces', () => {
    const pagu = numerical(b.questions, 0);
    for (const typed of ['750000', '750.000', '750 000', '750.000,00']) expect(score(pagu, typed).result, typed).toBe('correct');
    expect(score(pagu, '750').result).toBe('incorrect');
    expect(score(numerical(b.questions, 1), '1200').result).toBe('correct');
    expect(score(numerical(b.questions, 2), '2,5').result).toBe('correct');
    expect(score(numerical(b.questions, 2), '2.5').result).toBe('correct');
  });

  it('warns at each answer that reads two ways, with the line a widyaiswara sees', () => {
    const warnings = diagnostics.filter((d) => d.ruleId === 'number-ambiguous');
    expect(warnings.map((d) => [d.position?.start.line, d.data?.text, d.data?.read, d.data?.other, d.severity])).toEqual([
      [10, '750.000', '750000', '750', 'warning'],
      [16, '1.200', '1200', '1.2', 'warning'],
    ]);
  });
});

describe('numbers in an English course', () => {
  const { bank: b, diagnostics } = bank('en');

  it('reads "." as the decimal and "," as the thousands separator', () => {
    expect(numerical(b.questions, 0).answers[0]!.value).toBe(750);
    expect(numerical(b.questions, 1).answers[0]!.value).toBe(1.2);
    expect(numerical(b.questions, 2).answers[0]).toMatchObject({ value: 2.5, tolerance: 0.1 });
    expect(score(numerical(b.questions, 1), '1.2').result).toBe('correct');
    expect(diagnostics.filter((d) => d.ruleId === 'number-ambiguous')).toHaveLength(2);
  });
});

describe('the course language decides', () => {
  it('loadCourse reads banks and learners\u2019 answers by the syllabus language', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ajar angka '));
    for (const [language, expected] of [['id', 750000], ['en', 750]] as const) {
      const course = path.join(dir, language);
      mkdirSync(path.join(course, 'kuis'), { recursive: true });
      mkdirSync(path.join(course, 'bank'), { recursive: true });
      cpSync(fixture, path.join(course, 'bank', 'anggaran.md'));
      writeFileSync(path.join(course, 'syllabus.md'), `---\nid: kursus-angka\ntitle: Pengelolaan Anggaran\nlanguage: ${language}\n---\n\n## Modul 1\n\n- [Kuis](kuis/kuis.md)\n`);
      writeFileSync(path.join(course, 'kuis', 'kuis.md'), '---\ntype: kuis\ntitle: Kuis anggaran\ndraw:\n  - bank: ../bank/anggaran.md\n---\n\nJawab semua soal.\n');
      const loaded = await loadCourse(course, {});
      const q = numerical(loaded.course!.banks[0]!.questions, 0);
      expect(q.answers[0]!.value).toBe(expected);
      expect(q.numbers).toBe(language);
    }
  });
});

describe('numbers written by ajar and by Moodle', () => {
  it('imported numbers are written so that either convention reads them the same', () => {
    expect(formatUnambiguous(1.125)).toBe('1.1250');
    expect(readNumber(formatUnambiguous(1.125), 'id')!.value).toBe(1.125);
    expect(readNumber(formatUnambiguous(1.125), 'en')!.value).toBe(1.125);
    expect(formatUnambiguous(1200)).toBe('1200');
  });

  it('GIFT numbers keep Moodle\u2019s dot decimal', () => {
    const { drafts } = importGift('::Nilai indeks::Berapa nilai indeksnya? {#1.200:0.005}', 'indeks.gift');
    expect(drafts[0]!.numbers?.[0]).toMatchObject({ value: 1.2, tolerance: 0.005 });
  });
});
