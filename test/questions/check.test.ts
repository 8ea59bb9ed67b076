// Every question check, each with a fixture: the rule id, the file and the line a widyaiswara sees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/source/frontmatter.js';
import { loadBank, loadQuiz } from '../../src/questions/load.js';
import { loadCourse } from '../../src/load/index.js';
import { checkCourse } from '../../src/check/index.js';
import { formatDiagnostics } from '../../src/diagnostics/report.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/questions/check');

function load(name: string, as = `bank/${name}`) {
  const file = { path: as, text: readFileSync(path.join(dir, name), 'utf8') };
  const fm = parseFrontMatter(file);
  return fm.data.type === 'quiz' ? loadQuiz(file, fm).diagnostics : loadBank(file, fm).diagnostics;
}

describe('question checks on single files', () => {
  const cases: [file: string, rule: string, line: number][] = [
    ['no-correct.md', 'question-no-correct', 6],
    ['several-correct.md', 'question-several-correct', 6],
    ['weights.md', 'question-weights', 6],
    ['duplicate-option.md', 'question-duplicate-option', 12],
    ['negative-tolerance.md', 'question-negative-tolerance', 10],
    ['matching-pairs.md', 'question-matching-pairs', 10],
    ['empty-stem.md', 'question-empty-stem', 6],
    ['bad-attribute.md', 'question-bad-attribute', 6],
    ['no-answers.md', 'question-no-answers', 6],
    ['bad-answer.md', 'question-bad-answer', 10],
    ['passing-grade.md', 'quiz-passing-grade', 5],
    ['unknown-key.md', 'unknown-key', 4],
    ['draw-escape.md', 'path-escape', 5],
    ['unspaced-task-list.md', 'bank-item-not-question', 6],
    ['attribute-colon.md', 'question-attribute-syntax', 6],
    ['attribute-hash-id.md', 'question-attribute-syntax', 6],
  ];
  for (const [name, rule, line] of cases) {
    it(`${name} → ${rule} at line ${line}`, () => {
      const as = name === 'draw-escape.md' ? 'kuis/draw-escape.md' : `bank/${name}`;
      const diagnostics = load(name, as);
      const hit = diagnostics.find((d) => d.ruleId === rule);
      expect(hit, JSON.stringify(diagnostics)).toBeDefined();
      expect(hit!.file).toBe(as);
      expect(hit!.position?.start.line).toBe(line);
      expect(hit!.severity).toBe('error');
    });
  }

  it('reports the weight sum and a fix in both languages', () => {
    const d = load('weights.md').filter((x) => x.ruleId === 'question-weights');
    const en = formatDiagnostics(d, 'pretty', { lang: 'en', color: false });
    const id = formatDiagnostics(d, 'pretty', { lang: 'id', color: false });
    expect(en).toContain('add up to 80 %');
    expect(id).toContain('berjumlah 80 %');
    expect(id).toContain('weight=');
  });

  it('says how to write what was meant: a space after the list marker, attributes with =', () => {
    const say = (name: string, rule: string) => formatDiagnostics(load(name).filter((x) => x.ruleId === rule), 'pretty', { lang: 'id', color: false });
    expect(say('unspaced-task-list.md', 'bank-item-not-question')).toContain('`- [x] Benar`');
    expect(say('attribute-colon.md', 'question-attribute-syntax')).toContain('“{type=angka points=2}”');
    expect(say('attribute-hash-id.md', 'question-attribute-syntax')).toContain('“{id=pengertian-moderasi}”');
    // Once the attribute syntax is named, the section is not reported a second time as a description.
    expect(load('attribute-colon.md').map((d) => d.ruleId)).toEqual(['question-attribute-syntax']);
  });

  it('says why an attribute or an answer cannot be read, in each language, from the codes in the data', () => {
    const file = { path: 'bank/alasan.md', text: ['---', 'type: bank', 'title: Alasan', '---', '', '## Sila pertama {id="sila-1}', '', 'Bunyi sila pertama …', '', '- [x] Ketuhanan Yang Maha Esa', '- [ ] Persatuan Indonesia', '', '## Tahun sumpah pemuda {type=angka points=-1}', '', 'Sumpah Pemuda diikrarkan pada tahun …', '', '- 1928 ± satu', ''].join('\n') };
    const d = loadBank(file, parseFrontMatter(file)).diagnostics;
    expect(d.map((x) => [x.ruleId, x.data?.reason])).toEqual([
      ['question-bad-attribute', 'quote-not-closed'],
      ['question-bad-attribute', 'number-below'],
      ['question-bad-answer', 'tolerance-syntax'],
    ]);
    const id = formatDiagnostics(d, 'pretty', { lang: 'id', color: false });
    const en = formatDiagnostics(d, 'pretty', { lang: 'en', color: false });
    expect(id).toContain('Atribut “id” tidak sah: tanda kutip tidak ditutup.');
    expect(id).toContain('Atribut “points=-1” tidak sah: seharusnya angka ≥ 0.');
    expect(id).toContain('tidak dapat dibaca: toleransi ditulis `nilai ± toleransi`.');
    expect(en).toContain('Attribute “id” is not valid: the quote is not closed.');
    expect(en).toContain('Attribute “points=-1” is not valid: expected a number ≥ 0.');
    expect(en).toContain('cannot be read: a tolerance is written `value ± tolerance`.');
  });

  it('suggests the attribute that was meant', () => {
    const d = load('bad-attribute.md').find((x) => x.ruleId === 'question-bad-attribute')!;
    expect(formatDiagnostics([d], 'pretty', { lang: 'id', color: false })).toContain('“points”');
  });
});

describe('cross-file checks through ajar check’s loader', () => {
  const courses = path.resolve(import.meta.dirname, '../fixtures/questions/courses');
  const cases: [course: string, rule: string, file: string, line: number][] = [
    ['duplicate-id', 'question-duplicate-id', 'bank soal/uud.md', 15],
    ['draw-too-large', 'quiz-draw-too-large', 'kuis/kuis modul 1.md', 6],
    ['unknown-tag', 'quiz-unknown-tag', 'kuis/kuis modul 1.md', 6],
  ];
  for (const [course, rule, file, line] of cases) {
    it(`${course} → ${rule} in ${file}:${line}`, async () => {
      const result = await loadCourse(path.join(courses, course), {});
      const diagnostics = checkCourse(result);
      const hit = diagnostics.find((d) => d.ruleId === rule);
      expect(hit, JSON.stringify(diagnostics)).toBeDefined();
      expect(hit!.file).toBe(file);
      expect(hit!.position?.start.line).toBe(line);
    });
  }

  it('names the tag that was probably meant', async () => {
    const result = await loadCourse(path.join(courses, 'unknown-tag'), {});
    const hit = checkCourse(result).find((d) => d.ruleId === 'quiz-unknown-tag')!;
    expect(formatDiagnostics([hit], 'pretty', { lang: 'en', color: false })).toContain('Did you mean “sejarah”?');
  });

  it('a course whose quizzes and banks are sound has no question diagnostics', async () => {
    const result = await loadCourse(path.resolve(import.meta.dirname, '../fixtures/questions/kursus moderasi'), {});
    const ours = checkCourse(result).filter((d) => d.ruleId.startsWith('question-') || d.ruleId.startsWith('quiz-'));
    expect(ours).toEqual([]);
  });
});
