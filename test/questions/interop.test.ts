// Import and export against real files: Moodle's own GIFT examples, a Moodle XML export, Aiken;
// round trips Markdown → GIFT → Markdown and Markdown → Moodle XML → Markdown keep every question
// and its scoring; exported XML is checked by xmllint.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/core/model/questions.js';
import { importGift } from '../../src/questions/interop/gift-import.js';
import { importAiken } from '../../src/questions/interop/aiken-import.js';
import { importMoodleXml } from '../../src/questions/interop/moodle-xml-import.js';
import { importQuestions } from '../../src/questions/interop/index.js';
import { exportGift } from '../../src/questions/interop/gift-export.js';
import { exportMoodleXml } from '../../src/questions/interop/moodle-xml-export.js';
import { exportQti } from '../../src/questions/interop/qti-export.js';
import { writeBankMarkdown } from '../../src/questions/interop/write-markdown.js';
import { score, correctResponse, type Response } from '../../src/core/scoring.js';
import { bankFromFixture, bankFromText, fixtures } from './helpers.js';
import { thirdParty } from '../support/third-party.js';
import { messageOf } from '../../src/diagnostics/catalog.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

/** What a widyaiswara reads: the diagnostic's data are codes, worded by the rule. */
const en = (d: Diagnostic) => messageOf(d, 'en');

const corpus = readFileSync(thirdParty('moodle', 'gift', 'examples.gift'), 'utf8');
const tmp = mkdtempSync(path.join(tmpdir(), 'ajar soal '));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function xmllint(file: string): void {
  // Throws (and fails the test) when the file is not well-formed XML.
  execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' });
}

/** Every response worth trying on a question: all option subsets, each answer, numbers around them, permutations. */
function responses(q: Question): Response[] {
  switch (q.type) {
    case 'single':
      return [...q.choices.map((c) => c.id), undefined];
    case 'multiple': {
      const out: Response[] = [];
      const ids = q.choices.map((c) => c.id);
      for (let mask = 0; mask < 1 << ids.length; mask++) out.push(ids.filter((_, i) => mask & (1 << i)));
      return out;
    }
    case 'truefalse':
      return [true, false, undefined];
    case 'short':
      return [...q.answers.flatMap((a) => [a.text, a.text.toUpperCase(), ` ${a.text}  `]), 'jawaban lain', ''];
    case 'numerical':
      return q.answers.flatMap((a) => {
        const v = a.value ?? a.min ?? 0;
        const t = a.tolerance ?? 1;
        return [v, v + t, v - t, v + 2 * t + 1, String(v).replace('.', ',')];
      });
    case 'matching': {
      const right = q.answerOf;
      const targets = q.targets.map((t) => t.id);
      return [right, Object.fromEntries(q.pairs.map((p, i) => [p.id, targets[i % targets.length]!])), {}];
    }
    case 'ordering': {
      const ids = q.items.map((i) => i.id);
      return [ids, [...ids].reverse(), [ids[1]!, ids[0]!, ...ids.slice(2)]];
    }
    default:
      return ['teks bebas', undefined];
  }
}

function expectSameQuestions(before: readonly Question[], after: readonly Question[]): void {
  expect(after.map((q) => q.id)).toEqual(before.map((q) => q.id));
  before.forEach((q, i) => {
    const r = after[i]!;
    expect({ type: r.type, points: r.points, tags: r.tags, text: r.text, name: r.name }, q.id).toEqual({ type: q.type, points: q.points, tags: q.tags, text: q.text, name: q.name });
    for (const response of responses(q)) {
      expect(score(r, response).fraction, `${q.id} ${JSON.stringify(response)}`).toBe(score(q, response).fraction);
    }
  });
}

describe('GIFT import: Moodle’s own examples (question/format/gift/examples.txt)', () => {
  const result = importGift(corpus, 'moodle-examples.gift');
  const md = writeBankMarkdown({ id: 'contoh-moodle', title: 'Contoh GIFT Moodle' }, result.drafts);
  const { bank, diagnostics } = bankFromText(md, 'bank/contoh-moodle.md');

  it('imports every question without errors, and the Markdown loads back clean', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.drafts).toHaveLength(43);
    expect(diagnostics).toEqual([]);
    expect(bank.questions).toHaveLength(43);
  });
  it('detects the types as Moodle does', () => {
    const count = (t: string) => bank.questions.filter((q) => q.type === t).length;
    expect({ single: count('single'), multiple: count('multiple'), truefalse: count('truefalse'), short: count('short'), numerical: count('numerical'), matching: count('matching') }).toEqual({
      single: 16, multiple: 2, truefalse: 5, short: 9, numerical: 8, matching: 3,
    } satisfies Record<string, number>);
  });
  it('reads escapes: “\\= 2 + 3” is the right answer to “Which answer equals 5?”', () => {
    const q = bank.questions.find((x) => x.text === 'Which answer equals 5?')!;
    expect(q.type).toBe('single');
    expect(score(q, correctResponse(q)).result).toBe('correct');
    if (q.type !== 'single') throw new Error();
    expect(q.choices.find((c) => c.weight === 1)!.html).toBe('= 2 + 3');
  });
  it('keeps weights: two 50 % picks make full marks, a −50 % pick takes half off', () => {
    const [plain, penalised] = bank.questions.filter((x) => x.text === 'What two people are entombed in Grant\'s tomb?');
    expect(score(plain!, ['b', 'c']).result).toBe('correct');
    expect(score(penalised!, ['a', 'b', 'c']).fraction).toBe(0.5);
  });
  it('puts true/false feedback on the answer Moodle shows it for', () => {
    const q = bank.questions.find((x) => x.type === 'truefalse' && x.feedbackTrue)!;
    if (q.type !== 'truefalse') throw new Error();
    expect(q.answer).toBe(false);
    expect(q.feedbackTrue).toContain('No one is buried in Grant');
    expect(score(q, true).feedback.join()).toContain('No one is buried');
  });
  it('reads numerical tolerance, ranges and partial credit', () => {
    const tol = bank.questions.find((x) => x.type === 'numerical' && x.text.startsWith('What is the value of pi') && x.answers[0]!.tolerance)!;
    expect(score(tol, '3,1418').result).toBe('correct');
    const partial = bank.questions.find((x) => x.name === 'Numerical example')!;
    expect(score(partial, 1823).fraction).toBe(0.5);
  });
  it('keeps [markdown] text as Markdown', () => {
    expect(bank.questions.some((q) => q.html.includes('<strong>Grant\'s tomb</strong>'))).toBe(true);
  });
});

describe('GIFT import errors', () => {
  it('reports a bad question with its line and still imports the others', () => {
    const text = readFileSync(path.join(fixtures, 'import/rusak.gift'), 'utf8');
    const result = importGift(text, 'rusak.gift');
    expect(result.drafts.map((d) => d.name)).toEqual(['Sila pertama', 'Tahun proklamasi']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ ruleId: 'import-syntax', file: 'rusak.gift', position: { start: { line: 8 } } });
  });
});

describe('Aiken import', () => {
  it('imports single-answer questions, Arabic script included, and locates a bad answer letter', () => {
    const text = readFileSync(path.join(fixtures, 'import/pilihan ganda.txt'), 'utf8');
    const result = importAiken(text, 'pilihan ganda.txt');
    expect(result.drafts).toHaveLength(2);
    expect(result.drafts[1]!.choices![0]!.md).toContain('القرآن');
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'import-syntax', position: { start: { line: 16, column: 1 } } })]);
  });
});

describe('Aiken import as Moodle does it: Moodle’s own aiken_errors.txt', () => {
  const result = importAiken(readFileSync(thirdParty('moodle', 'aiken', 'aiken_errors.txt'), 'utf8'), 'aiken_errors.txt');

  it('imports the two good questions intact, the second with no space after its labels', () => {
    expect(result.drafts.map((d) => [d.line, d.stem, d.choices!.map((c) => [c.md, c.weight])])).toEqual([
      [9, 'A good question', [['Correct', 1], ['Incorrect', 0]]],
      [18, 'A second good question', [['Incorrect (No space)', 0], ['Correct (No space)', 1]]],
    ]);
  });
  it('skips each broken question with its line and reason', () => {
    expect(result.diagnostics.map((d) => [d.ruleId, d.position?.start.line, en(d)])).toEqual([
      ['import-syntax', 1, 'Cannot read the question: a question needs at least two options (A., B., …).'],
      ['import-syntax', 5, 'Cannot read the question: the option “A) Question not started” comes before any question.'],
      ['import-syntax', 14, 'Cannot read the question: the question has no “ANSWER: X” line.'],
    ]);
    expect(result.diagnostics.map((d) => d.data?.problem)).toEqual(['options-too-few', 'option-before-question', 'no-answer-line']);
    expect(messageOf(result.diagnostics[1]!, 'id')).toBe('Tidak dapat membaca soal: pilihan “A) Question not started” muncul sebelum soal.');
  });
  it('the imported bank checks clean', () => {
    const { bank, diagnostics } = bankFromText(writeBankMarkdown({ id: 'aiken', title: 'Aiken' }, result.drafts), 'bank/aiken.md');
    expect(diagnostics).toEqual([]);
    expect(bank.questions.map((q) => q.type === 'single' && q.choices.find((c) => c.weight === 1)?.html)).toEqual(['Correct', 'Correct (No space)']);
  });
});

describe('Aiken: Moodle’s own questions.aiken.txt imports and re-exports with its scoring', () => {
  const result = importAiken(readFileSync(thirdParty('moodle', 'aiken', 'questions.aiken.txt'), 'utf8'), 'questions.aiken.txt');
  // Tagged, as Moodle XML gives an untagged question its category as a tag.
  const { bank, diagnostics } = bankFromText(writeBankMarkdown({ id: 'aiken', title: 'Aiken', tags: ['aiken'] }, result.drafts), 'bank/aiken.md');

  it('both questions, the right answers, the text that looks like HTML kept as text', () => {
    expect(result.diagnostics).toEqual([]);
    expect(diagnostics).toEqual([]);
    expect(bank.questions.map((q) => [q.text, q.type === 'single' && q.choices.find((c) => c.weight === 1)?.html])).toEqual([
      ['The Moodle project was started by:', 'Martin Dougiamas'],
      ['Moodle\'s abilities include handling user input that includes <html class="cool"> & images:', 'True'],
    ]);
  });
  it('round trips through GIFT and Moodle XML', () => {
    for (const [format, out] of [['gift', exportGift(bank).text], ['moodlexml', exportMoodleXml(bank).text]] as const) {
      const back = importQuestions(format, out, `aiken.${format}`);
      expect(back.diagnostics, format).toEqual([]);
      const again = bankFromText(writeBankMarkdown({ id: 'aiken', title: 'Aiken', tags: ['aiken'] }, back.drafts), 'bank/aiken.md');
      expect(again.diagnostics, format).toEqual([]);
      expectSameQuestions(bank.questions, again.bank.questions);
    }
  });
});

describe('GIFT: Moodle’s own questions.gift.txt imports and re-exports with its scoring', () => {
  const result = importQuestions('gift', readFileSync(thirdParty('moodle', 'gift', 'questions.gift.txt'), 'utf8'), 'questions.gift.txt');
  const { bank, diagnostics } = bankFromText(writeBankMarkdown({ id: 'moodle', title: 'Moodle', tags: ['moodle'] }, result.drafts), 'bank/moodle.md');

  it('every question, of the type Moodle reads, and the bank checks clean', () => {
    expect(result.diagnostics).toEqual([]);
    expect(diagnostics).toEqual([]);
    expect(bank.questions.map((q) => [q.name, q.type])).toEqual([
      ['Q8', 'essay'], ['Moodle activities', 'matching'], ['Q2', 'single'], ['colours', 'multiple'], ['Q5', 'numerical'],
      ['Shortanswer', 'short'], ['Q1', 'truefalse'], ['2-08 TSL', 'truefalse'], ['2-08 TSL', 'truefalse'],
    ]);
  });
  it('round trips through GIFT and Moodle XML', () => {
    for (const [format, out] of [['gift', exportGift(bank).text], ['moodlexml', exportMoodleXml(bank).text]] as const) {
      const back = importQuestions(format, out, `moodle.${format}`);
      expect(back.diagnostics, format).toEqual([]);
      const again = bankFromText(writeBankMarkdown({ id: 'moodle', title: 'Moodle', tags: ['moodle'] }, back.drafts), 'bank/moodle.md');
      expect(again.diagnostics, format).toEqual([]);
      expectSameQuestions(bank.questions, again.bank.questions);
    }
  });
});

describe('Moodle XML: Moodle’s own nested_categories_with_questions.xml imports and re-exports with its scoring', () => {
  const result = importQuestions('moodlexml', readFileSync(thirdParty('moodle', 'xml', 'nested_categories_with_questions.xml'), 'utf8'), 'nested_categories_with_questions.xml');
  const { bank, diagnostics } = bankFromText(writeBankMarkdown({ id: 'moodle-xml', title: 'Moodle XML' }, result.drafts), 'bank/moodle-xml.md');

  it('every question with its type, the whole category path as tags, and the bank checks clean', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics).toEqual([]);
    expect(bank.questions.map((q) => [q.name, q.type, [...q.tags].sort()])).toEqual([
      ['Iota Question', 'truefalse', ['iota']],
      ['Kappa Essay Question', 'essay', ['iota', 'kappa']],
      ['Kappa Question', 'truefalse', ['iota', 'kappa']],
      ['Lambda Question', 'truefalse', ['iota', 'kappa', 'lambda']],
      ['Mu Question', 'truefalse', ['iota', 'mu']],
    ]);
    expect(bank.questions.filter((q) => q.type === 'truefalse').map((q) => (q as { answer: boolean }).answer)).toEqual([true, true, true, true]);
  });
  it('round trips through GIFT and Moodle XML', () => {
    for (const [format, out] of [['gift', exportGift(bank).text], ['moodlexml', exportMoodleXml(bank).text]] as const) {
      const back = importQuestions(format, out, `moodle-xml.${format}`);
      expect(back.diagnostics.filter((d) => d.severity === 'error'), format).toEqual([]);
      const again = bankFromText(writeBankMarkdown({ id: 'moodle-xml', title: 'Moodle XML' }, back.drafts), 'bank/moodle-xml.md');
      expect(again.diagnostics, format).toEqual([]);
      expect(again.bank.questions.map((q) => [q.name, q.type]), format).toEqual(bank.questions.map((q) => [q.name, q.type]));
    }
  });
});

describe('Moodle XML import', () => {
  const text = readFileSync(path.join(fixtures, 'import/soal pelatihan.xml'), 'utf8');
  const result = importMoodleXml(text, 'soal pelatihan.xml', { filesDir: 'gambar' });
  const md = writeBankMarkdown({ id: 'latsar', title: result.title ?? 'Latsar' }, result.drafts);
  const { bank, diagnostics } = bankFromText(md, 'bank/latsar.md');

  it('carries over ids, points, tags, combined feedback and every supported type', () => {
    expect(diagnostics).toEqual([]);
    expect(bank.questions.map((q) => q.type)).toEqual(['single', 'multiple', 'truefalse', 'short', 'numerical', 'matching', 'essay']);
    const first = bank.questions[0]!;
    expect(first).toMatchObject({ id: 'berakhlak-a', points: 2, tags: ['nilai-dasar'] });
    expect(first.feedback.incorrect).toContain('Jawaban Anda salah');
    expect(score(bank.questions[2]!, false).result).toBe('correct');
    expect(score(bank.questions[4]!, '10').fraction).toBe(0.5);
    expect(score(bank.questions[4]!, '12').feedback.join()).toContain('Satu hari berisi 9 JP');
  });
  it('extracts embedded images and points the Markdown at them', () => {
    expect([...result.files.keys()]).toEqual(['logo-berakhlak.png']);
    expect(md).toContain('![Logo BerAKHLAK](gambar/logo-berakhlak.png)');
  });
  it('reports what could not be carried over, with its line', () => {
    const lossy = result.diagnostics.filter((d) => d.ruleId === 'import-lossy');
    expect(lossy.map((d) => d.data?.what)).toEqual(expect.arrayContaining(['hints', 'question-type']));
    const skipped = lossy.find((d) => d.data?.what === 'question-type')!;
    expect(en(skipped)).toBe('Question “Cloze UU ASN”: the question type “multianswer” (skipped) could not be carried over to Markdown.');
    expect(skipped.position!.start.line).toBe(216);
  });
  it('names a question without a name by its line, in each language', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="essay">\n    <name><text></text></name>\n    <questiontext format="html"><text>Jelaskan makna moderasi beragama.</text></questiontext>\n    <graderinfo format="html"><text>Nilai penuh bila menyebut empat indikator.</text></graderinfo>\n  </question>\n</quiz>\n';
    const lossy = importMoodleXml(xml, 'tanpa nama.xml').diagnostics.filter((d) => d.ruleId === 'import-lossy');
    expect(lossy.map((d) => [d.position?.start.line, d.data?.what, d.data?.line])).toEqual([[3, 'grader-info', 3]]);
    expect(en(lossy[0]!)).toBe('Question at line 3: the information for graders could not be carried over to Markdown.');
    expect(messageOf(lossy[0]!, 'id')).toBe('Soal di baris 3: informasi untuk penilai tidak dapat dibawa ke Markdown.');
  });
  it('locates XML that is not well-formed', () => {
    const broken = importMoodleXml('<?xml version="1.0"?>\n<quiz>\n  <question type="essay">\n    <name><text>Esai</name>\n  </question>\n</quiz>\n', 'rusak.xml');
    expect(broken.diagnostics[0]).toMatchObject({ ruleId: 'import-syntax', file: 'rusak.xml', position: { start: { line: 4 } } });
  });
  it('names what ajar itself found wrong in the XML by a code, worded in each language (the parser’s own text stays as it is)', () => {
    const words = (xml: string) => {
      const [d] = importMoodleXml(xml, 'rusak.xml').diagnostics;
      return [d!.data, messageOf(d!, 'id'), en(d!)];
    };
    expect(words('<?xml version="1.0"?>\n<quiz>\n  <question type="essay">\n    <name><text>Hak & kewajiban ASN</text></name>\n  </question>\n</quiz>\n')).toEqual([
      { problem: 'xml-ampersand' },
      'Tidak dapat membaca soal: XML tidak tersusun dengan benar: ada “&” yang tidak ditulis sebagai “&amp;”.',
      'Cannot read the question: the XML is not well-formed: an “&” is not written as “&amp;”.',
    ]);
    expect(words(`<quiz>${'<div>'.repeat(300)}Soal${'</div>'.repeat(300)}</quiz>`)).toEqual([
      { problem: 'xml-too-deep', limit: 256 },
      'Tidak dapat membaca soal: XML tidak tersusun dengan benar: elemennya bersarang lebih dari 256 tingkat.',
      'Cannot read the question: the XML is not well-formed: its elements are nested more than 256 deep.',
    ]);
    const [foreign] = importMoodleXml('<quiz>\n  <question type="essay">\n    <name><text>Esai</name>\n</quiz>\n', 'rusak.xml').diagnostics;
    expect(foreign!.data).toMatchObject({ problem: 'xml-not-well-formed', error: expect.any(String) });
  });
});

describe('GIFT: Moodle’s own // [id:…] [tag:…] comments', () => {
  const text = readFileSync(path.join(fixtures, 'import/id-tag-moodle.gift'), 'utf8');
  const result = importGift(text, 'id-tag-moodle.gift');

  it('become the question’s id and tags; an idnumber ajar cannot use is a located warning', () => {
    expect(result.drafts.map((d) => [d.id, d.name, d.tags])).toEqual([
      ['pancasila-sila-3', 'Sila ketiga', ['pancasila', 'Bab 1']],
      [undefined, 'Ibu kota', ['geografi']],
      [undefined, 'Tanpa tag', ['moderasi-beragama', 'modul-1']],
    ]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ ruleId: 'import-lossy', file: 'id-tag-moodle.gift', position: { start: { line: 14 } } });
    expect(en(result.diagnostics[0]!)).toContain('the ID number “ibu kota”');
  });
  it('export writes them the way Moodle does, and a round trip without ajar’s own comment keeps them', () => {
    const { bank } = bankFromText(writeBankMarkdown({ id: 'modul-1', title: 'Modul 1' }, result.drafts), 'bank/modul-1.md');
    const gift = exportGift(bank).text;
    expect(gift).toContain('// [id:pancasila-sila-3] [tag:pancasila] [tag:Bab 1]\n');
    // What Moodle reads: only its own comment (ajar's comment dropped).
    const moodleOnly = gift.split('\n').filter((l) => !l.startsWith('// ajar:')).join('\n');
    const back = importGift(moodleOnly, 'modul-1.gift');
    expect(back.diagnostics).toEqual([]);
    expect(back.drafts.map((d) => [d.id, d.tags])).toEqual(bank.questions.map((q) => [q.id, q.tags]));
    expect(bank.questions.map((q) => q.id)).toEqual(['pancasila-sila-3', 'modul-1.ibu-kota', 'modul-1.tanpa-tag']);
  });
});

describe('valid Moodle data ajar’s own check used to reject', () => {
  const text = readFileSync(path.join(fixtures, 'import/diterima-moodle.gift'), 'utf8');
  const result = importQuestions('gift', text, 'diterima-moodle.gift');
  const { bank, diagnostics } = bankFromText(writeBankMarkdown({ id: 'diterima', title: 'Diterima' }, result.drafts), 'bank/diterima.md');

  it('imports every question as ajar expresses it, and the bank checks clean', () => {
    expect(result.drafts.map((d) => d.name)).toEqual(['Ibu kota', 'Lambang sila', 'Jumlah sila']);
    expect(diagnostics).toEqual([]);
    const [single, short, numerical] = bank.questions;
    // Two fully correct choices stay a single choice: both score 100 %.
    expect(single!.type === 'single' && single!.choices.map((c) => [c.html, c.weight])).toEqual([['Jakarta', 1], ['DKI Jakarta', 1], ['Bandung', 0], ['Batavia', 0.5]]);
    // Answers the same but for case are one answer (the first, as Moodle matches it); case stays insensitive.
    expect(short!.type === 'short' && [short!.caseSensitive, short!.answers.map((a) => [a.text, a.weight, a.feedback])]).toEqual([false, [['Pohon beringin', 1, undefined], ['BERINGIN', 0.5, '<p dir="auto">Kurang lengkap.</p>']]]);
    expect(score(short!, 'POHON BERINGIN').fraction).toBe(1);
    // `*` at 0 % is “any other number”: its feedback is the feedback for a wrong answer.
    expect(numerical!.type === 'numerical' && [numerical!.answers.map((a) => [a.value, a.weight]), numerical!.feedback.incorrect]).toEqual([[[5, 1]], '<p dir="auto">Hitung lagi sila-silanya.</p>']);
  });
  it('reports the one answer that scored differently, on its question’s line', () => {
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ ruleId: 'import-lossy', file: 'diterima-moodle.gift', position: { start: { line: 14 } } });
    expect(en(result.diagnostics[0]!)).toContain('the answer “beringin”');
  });
  it('round trips through GIFT and Moodle XML with the same questions and scoring', () => {
    for (const [format, out] of [['gift', exportGift(bank).text], ['moodlexml', exportMoodleXml(bank).text]] as const) {
      const back = importQuestions(format, out, `diterima.${format}`);
      expect(back.diagnostics, format).toEqual([]);
      const again = bankFromText(writeBankMarkdown({ id: 'diterima', title: 'Diterima' }, back.drafts), 'bank/diterima.md');
      expect(again.diagnostics, format).toEqual([]);
      expectSameQuestions(bank.questions, again.bank.questions);
    }
  });
  it('Moodle XML: case-only duplicates merge unless the question compares case (then the setting is kept)', () => {
    const xml = (usecase: 0 | 1) => `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="shortanswer">
    <name><text>Kota</text></name>
    <questiontext format="html"><text>Kota pahlawan?</text></questiontext>
    <usecase>${usecase}</usecase>
    <answer fraction="100"><text>Surabaya</text></answer>
    <answer fraction="100"><text>surabaya</text></answer>
  </question>
</quiz>`;
    const insensitive = importQuestions('moodlexml', xml(0), 'kota.xml');
    expect(insensitive.drafts[0]!.answers).toEqual([{ text: 'Surabaya', weight: 1 }]);
    expect(insensitive.diagnostics).toEqual([]);
    const sensitive = importQuestions('moodlexml', xml(1), 'kota.xml');
    expect([sensitive.drafts[0]!.caseSensitive, sensitive.drafts[0]!.answers]).toEqual([true, [{ text: 'Surabaya', weight: 1 }, { text: 'surabaya', weight: 1 }]]);
    const md = writeBankMarkdown({ id: 'kota', title: 'Kota' }, sensitive.drafts);
    expect(md).toContain('{type=short case}');
    expect(bankFromText(md, 'bank/kota.md').diagnostics).toEqual([]);
  });
});

describe('Moodle XML: nothing is lost without a line in the report', () => {
  const result = importMoodleXml(readFileSync(path.join(fixtures, 'import/hilang-moodle.xml'), 'utf8'), 'hilang-moodle.xml');

  it('keeps the whole category path as tags, and reports what ajar cannot hold on its question’s line', () => {
    expect(result.drafts.map((d) => [d.type, d.id, d.tags])).toEqual([
      ['essay', undefined, ['moderasi-beragama', 'modul-2']],
      ['truefalse', undefined, ['moderasi-beragama', 'modul-2']],
    ]);
    expect(result.diagnostics.map((d) => [d.ruleId, d.position?.start.line, en(d)])).toEqual([
      ['import-lossy', 6, 'Question “Refleksi”: the ID number “refleksi 1” (an ajar id has only letters, digits, “.”, “_” and “-”; a new id is made from the name) could not be carried over to Markdown.'],
      ['import-lossy', 6, 'Question “Refleksi”: file attachments (1, required) could not be carried over to Markdown.'],
      ['import-lossy', 6, 'Question “Refleksi”: the information for graders could not be carried over to Markdown.'],
      ['import-lossy', 16, 'Question “Gambar lama”: the legacy question image (<image>, Moodle 1.x): add it to the question text could not be carried over to Markdown.'],
    ]);
    expect(messageOf(result.diagnostics[1]!, 'id')).toBe('Soal “Refleksi”: lampiran berkas (1, wajib) tidak dapat dibawa ke Markdown.');
  });
});

describe('round trips keep every question and its scoring', () => {
  const { bank } = bankFromFixture('kursus moderasi/bank/modul 1.md', 'bank/modul 1.md');

  it('Markdown → GIFT → Markdown', () => {
    const gift = exportGift(bank);
    const back = importGift(gift.text, 'modul 1.gift');
    expect(back.diagnostics).toEqual([]);
    const again = bankFromText(writeBankMarkdown({ id: bank.id, title: bank.title }, back.drafts), 'bank/modul 1.md');
    expect(again.diagnostics).toEqual([]);
    expectSameQuestions(bank.questions, again.bank.questions);
  });
  it('Markdown → Moodle XML → Markdown, and the XML is well-formed', () => {
    const xml = exportMoodleXml(bank);
    const file = path.join(tmp, 'modul 1.xml');
    writeFileSync(file, xml.text);
    xmllint(file);
    const back = importMoodleXml(xml.text, 'modul 1.xml');
    expect(back.diagnostics).toEqual([]);
    const again = bankFromText(writeBankMarkdown({ id: bank.id, title: bank.title }, back.drafts), 'bank/modul 1.md');
    expect(again.diagnostics).toEqual([]);
    expectSameQuestions(bank.questions, again.bank.questions);
    // Combined feedback travels in Moodle XML (GIFT has no place for it).
    expect(again.bank.questions[0]!.feedback).toEqual(bank.questions[0]!.feedback);
  });
  it('Moodle’s GIFT examples → Markdown → GIFT → Markdown', () => {
    const first = bankFromText(writeBankMarkdown({ id: 'contoh', title: 'Contoh' }, importGift(corpus, 'x.gift').drafts), 'bank/contoh.md').bank;
    const second = bankFromText(writeBankMarkdown({ id: 'contoh', title: 'Contoh' }, importGift(exportGift(first).text, 'y.gift').drafts), 'bank/contoh.md');
    expect(second.diagnostics).toEqual([]);
    expectSameQuestions(first.questions, second.bank.questions);
  });
  it('says what GIFT cannot carry for the LMS', () => {
    const gift = exportGift(bank);
    expect(gift.diagnostics.every((d) => d.ruleId === 'export-lossy' && d.file === 'bank/modul 1.md')).toBe(true);
    const ordering = gift.diagnostics.find((d) => d.data?.what === 'ordering-as-matching')!;
    expect(en(ordering)).toBe(`Question “${ordering.data!.id}”: the ordering type (written as matching items to positions 1, 2, 3 …) is not supported by the GIFT format.`);
  });
});

describe('QTI export', () => {
  const { bank } = bankFromFixture('kursus moderasi/bank/modul 1.md', 'bank/modul 1.md');
  for (const version of ['2.1', '3.0'] as const) {
    it(`QTI ${version}: a manifest and one well-formed item per question`, () => {
      const pkg = exportQti(bank, version);
      expect(pkg.files.map((f) => f.path)).toHaveLength(bank.questions.length + 1);
      for (const f of pkg.files) {
        const file = path.join(tmp, `qti${version}-${path.basename(f.path)}`);
        writeFileSync(file, f.data);
        xmllint(file);
      }
      const choice = pkg.files.find((f) => f.path === 'items/mb-pengertian.xml')!.data;
      expect(choice).toContain(version === '2.1' ? '<choiceInteraction' : '<qti-choice-interaction');
      expect(choice).toContain(version === '2.1' ? 'fixed="true"' : 'fixed="true"');
      expect(pkg.files.find((f) => f.path === 'items/mb-ayat.xml')!.data).toContain('وَكَذَٰلِكَ');
      // Option and question feedback travel as modal feedback, switched on by the FEEDBACK outcome.
      const modal = version === '2.1' ? '<modalFeedback outcomeIdentifier="FEEDBACK" showHide="show" identifier="CHOICE_a">' : '<qti-modal-feedback outcome-identifier="FEEDBACK" show-hide="show" identifier="CHOICE_a">';
      expect(choice).toContain(modal);
      expect(choice).toContain('identifier="INCORRECT"');
      expect(choice).toContain('Baca kembali bagian');
    });
  }
  it('is deterministic', () => {
    expect(exportQti(bank, '2.1')).toEqual(exportQti(bank, '2.1'));
  });
});

describe('GIFT files written by others', () => {
  const load = (file: string) => {
    const result = importGift(readFileSync(path.join(fixtures, file), 'utf8'), path.basename(file));
    const loaded = bankFromText(writeBankMarkdown({ id: 'uji', title: 'Uji' }, result.drafts), 'bank/uji.md');
    expect(loaded.diagnostics).toEqual([]);
    return { result, questions: loaded.bank.questions };
  };

  it('GIFT-grammar-PEG.js escapeAll: the backslash is the right answer', () => {
    const { questions } = load('gift-peg/escapeAll.gift');
    const q = questions[0]!;
    if (q.type !== 'single') throw new Error(q.type);
    expect(q.choices.map((c) => c.html)).toEqual(['~', '=', '#', '{', '}', ':', '\\']);
    expect(score(q, 'g').result).toBe('correct');
    expect(score(q, 'g').feedback.join()).toContain('it is used to escape the control characters');
  });
  it('GIFT-grammar-PEG.js numerical1: values, tolerances and ranges', () => {
    const { questions } = load('gift-peg/numerical1.gift');
    expect(questions.map((q) => q.type)).toEqual(Array(5).fill('numerical'));
    expect(score(questions[3]!, '4,5').result).toBe('correct');
    expect(score(questions[3]!, '6').result).toBe('incorrect');
    expect(score(questions[4]!, '1821').fraction).toBe(0.5);
  });
  it('GIFT-grammar-PEG.js TFTwoFeedback: wrong-answer feedback first, right-answer feedback second', () => {
    const q = load('gift-peg/TFTwoFeedback.gift').questions[0]!;
    expect(score(q, true).feedback.join()).toContain('wrong answer feedback');
    expect(score(q, false).feedback.join()).toContain('right answer feedback');
  });
  it('GIFT-grammar-PEG.js multiLineFeedback1: multi-line feedback, Word-pasted HTML, a Moodle file reference', () => {
    const { result, questions } = load('gift-peg/multiLineFeedback1.gift');
    expect(questions).toHaveLength(2);
    expect(questions[0]!.feedback.general).toContain('Global feedback split');
    const html = questions[1]!;
    if (html.type !== 'single') throw new Error(html.type);
    expect(html.text).toContain('CU4-1 demarrerAbonnement');
    expect(html.html).not.toContain('style=');
    expect(score(html, html.choices.find((c) => c.weight === 1)!.id).result).toBe('correct');
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['import-lossy']);
  });
  it('the cases of Moodle’s own GIFT tests: per-answer formats, {#3:2~#…}, a 0 % wildcard, distractors, double backslashes', () => {
    const { questions } = load('import/kasus-moodle.gift');
    const [warna, angka, isian, jodoh, esai] = questions;
    expect(warna!.type).toBe('multiple');
    expect(score(warna!, ['a', 'c']).result).toBe('correct');
    expect(score(warna!, ['a', 'b']).score).toBe(0);
    expect(score(angka!, '4.5').result).toBe('correct');
    expect(score(angka!, '6').feedback.join()).toContain('Sama sekali salah');
    expect(score(isian!, 'pohon beringin').result).toBe('correct');
    expect(score(isian!, 'Garuda')).toMatchObject({ result: 'incorrect', feedback: [expect.stringContaining('Sama sekali salah'), expect.stringContaining('<em>pohon beringin</em>')] });
    if (jodoh!.type !== 'matching') throw new Error(jodoh!.type);
    expect(jodoh!.pairs.map((p) => p.prompt)).toEqual(['Kegiatan untuk diskusi tidak serempak.', 'Pengajar bertanya dan memberi pilihan jawaban.', 'Kumpulan catatan yang dapat ditambah peserta.', 'Halaman yang dapat <em>disunting</em> siapa saja.']);
    expect(jodoh!.distractors).toEqual(['Obrolan']);
    expect(esai).toMatchObject({ type: 'essay', text: 'A \\\\ B \\\\\\\\ C' });
  });
});
