// Every export is well-formed for every input (issue 12): banks generated with text an author could paste
// (control characters, Arabic script, `&<>"'`, `]]>`, `--`, GIFT's own punctuation) go through the
// Markdown syntax, are exported, and the XML is read back with a strict XML 1.0 parser (saxes); GIFT
// is imported again and must give the same questions.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/questions/interop/draft.js';
import { writeBankMarkdown } from '../../src/questions/interop/write-markdown.js';
import { plainToMarkdown } from '../../src/questions/interop/html-markdown.js';
import { exportQuestions } from '../../src/questions/interop/index.js';
import { importGift } from '../../src/questions/interop/gift-import.js';
import { importMoodleXml } from '../../src/questions/interop/moodle-xml-import.js';
import type { Question } from '../../src/core/model/questions.js';
import { bankFromText } from './helpers.js';

const seed = Number(process.env.AJAR_FC_SEED ?? 20261129);
const scale = Number(process.env.AJAR_FC_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * scale), seed });

/** Strict XML 1.0: the first error saxes reports, or undefined when the document is well-formed. */
function xmlError(text: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true });
  let error: string | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return error;
}

// Pieces of text as authors paste them: words in both scripts of the course, markup characters,
// characters XML 1.0 forbids, and GIFT's and Markdown's punctuation.
const word = fc.constantFrom('moderasi', 'beragama', 'Pancasila', 'ASN', 'toleransi', 'وسطية', 'أمة', 'الإسلام', 'NKRI', '2024');
const piece = fc.oneof(
  { weight: 4, arbitrary: word },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '&', '<', '>', '"', "'", ']]>', '<![CDATA[', '--', '-->', '<!--', '&amp;', '&#7;', '<b>', '</p>',
      '\u0007', '\u0000', '\u0001', '\u000b', '\u000c', '\u001f', '\ufffe', '\uffff', '\ud800', '\udfff', '\u200f', '\u00a0', '😀',
      '{', '}', '#', '=', '~', ':', '\\', '\\n', '//', '%50%', '[html]', '$CATEGORY:', '::', '####', '->',
      '*', '_', '`', '|', '[', ']', '!',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
/** A text with at least one word in it (a text of nothing but control characters says nothing to keep). */
const text = fc.tuple(fc.array(piece, { maxLength: 4 }), word, fc.array(piece, { maxLength: 4 })).map(([a, w, b]) => [...a, w, ...b].join(' '));
/** Markdown for a pasted text: what the importers make of plain text. Never empty. */
const md = text.map((t) => plainToMarkdown(t) || 'kosong');

const feedback = fc.option(md, { nil: undefined });
const choiceDraft = fc.record({ md, feedback }).map(({ md, feedback }) => ({ md, weight: 0, ...(feedback ? { feedback } : {}) }));

const drafts: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({ stem: md, name: fc.option(text, { nil: undefined }), choices: fc.array(choiceDraft, { minLength: 2, maxLength: 4 }), general: feedback, right: fc.nat(3) }).map(
    ({ stem, name, choices, general, right }): Draft => ({
      line: 1,
      type: 'single',
      stem,
      ...(name ? { name } : {}),
      choices: choices.map((c, i) => ({ ...c, weight: i === right % choices.length ? 1 : 0 })),
      ...(general ? { feedback: { general } } : {}),
    }),
  ),
  fc.record({ stem: md, answers: fc.array(text, { minLength: 1, maxLength: 3 }), incorrect: feedback }).map(
    ({ stem, answers, incorrect }): Draft => ({ line: 1, type: 'short', stem, answers: answers.map((a) => ({ text: a, weight: 1 })), ...(incorrect ? { feedback: { incorrect } } : {}) }),
  ),
  fc.record({ stem: md, answer: fc.boolean(), fb: feedback }).map(({ stem, answer, fb }): Draft => ({ line: 1, type: 'truefalse', stem, answer, ...(fb ? { feedbackTrue: fb } : {}) })),
  fc.record({ stem: md, value: fc.integer({ min: -5000, max: 5000 }) }).map(({ stem, value }): Draft => ({ line: 1, type: 'numerical', stem, numbers: [{ value, tolerance: 0, weight: 1 }] })),
  fc.record({ stem: md, pairs: fc.array(fc.tuple(md, md), { minLength: 2, maxLength: 3 }) }).map(
    ({ stem, pairs }): Draft => ({ line: 1, type: 'matching', stem, pairs: pairs.map(([prompt, answer], i) => ({ prompt: `${i + 1} ${prompt}`, answer: `${i + 1} ${answer}` })) }),
  ),
  fc.record({ stem: md, items: fc.array(md, { minLength: 2, maxLength: 4 }) }).map(({ stem, items }): Draft => ({ line: 1, type: 'ordering', stem, items: items.map((x, i) => `${i + 1} ${x}`) })),
  md.map((stem): Draft => ({ line: 1, type: 'essay', stem })),
);

/** A generated bank as `ajar check` loads it; only banks that load clean are exported. */
const banks = fc.record({ title: text, questions: fc.array(drafts, { minLength: 1, maxLength: 4 }) }).map(({ title, questions }) => {
  const markdown = writeBankMarkdown({ id: 'acak', title: title.replace(/[\u0000-\u001f\ufffe\uffff\ud800-\udfff]/g, '') || 'Bank' }, questions);
  return { markdown, ...bankFromText(markdown) };
}).filter((b) => b.diagnostics.length === 0);

describe('exports are well-formed XML for every input', () => {
  it('a question holding U+0007 exports to Moodle XML that an XML parser reads', () => {
    const { bank, diagnostics } = bankFromText('---\ntype: bank\nid: uji\ntitle: Uji\n---\n\n## Apa itu \u0007 moderasi?\n\n- [x] Jalan tengah \u0007 ]]> & <b>\n- [ ] Ekstrem\n');
    expect(diagnostics).toEqual([]);
    const out = exportQuestions('moodlexml', bank);
    expect(out.kind).toBe('text');
    const xml = out.kind === 'text' ? out.text : '';
    expect(xmlError(xml)).toBeUndefined();
    // What was left out is said, at the question's line.
    expect(out.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'export-lossy', file: 'bank/uji.md', position: expect.objectContaining({ start: { line: 7, column: 1 } }), data: expect.objectContaining({ what: 'xml-characters', chars: expect.stringContaining('U+0007') }) }));
    // Read back, the question is the same but for the character XML cannot hold.
    const back = importMoodleXml(xml, 'uji.xml');
    expect(back.drafts[0]!.stem).toBe('Apa itu moderasi?');
    expect(back.drafts[0]!.choices!.map((c) => [c.md, c.weight])).toEqual([
      ['Jalan tengah ]]> &', 1],
      ['Ekstrem', 0],
    ]);
  });

  it('Moodle XML, QTI 2.1 and QTI 3.0 of generated banks parse with a strict XML 1.0 parser', () => {
    fc.assert(
      fc.property(banks, ({ markdown, bank }) => {
        for (const format of ['moodlexml', 'qti21', 'qti30'] as const) {
          const out = exportQuestions(format, bank);
          const files = out.kind === 'text' ? [{ path: 'bank.xml', data: out.text }] : out.files;
          for (const f of files) expect(xmlError(f.data), `${format} ${f.path}\n${markdown}\n${f.data}`).toBeUndefined();
        }
      }),
      runs(150),
    );
  }, 120_000);

  it('Moodle XML of generated banks imports back to the same questions', () => {
    fc.assert(
      fc.property(banks, ({ markdown, bank }) => {
        const out = exportQuestions('moodlexml', bank);
        const back = bankFromText(writeBankMarkdown({ id: 'acak', title: bank.title }, importMoodleXml(out.kind === 'text' ? out.text : '', 'a.xml').drafts));
        expect(back.bank.questions.map(comparable), markdown).toEqual(bank.questions.map((q) => comparable(withoutForbidden(moodleCarries(q)) as Question)));
      }),
      runs(150),
    );
  }, 120_000);
});

describe('GIFT export escapes what GIFT reads as syntax', () => {
  it('generated banks survive Markdown → GIFT → Markdown with every text and answer the same', () => {
    fc.assert(
      fc.property(banks, ({ markdown, bank }) => {
        const out = exportQuestions('gift', bank);
        const gift = out.kind === 'text' ? out.text : '';
        const imported = importGift(gift, 'a.gift');
        expect(imported.diagnostics.filter((d) => d.severity === 'error'), gift).toEqual([]);
        const back = bankFromText(writeBankMarkdown({ id: 'acak', title: bank.title }, imported.drafts));
        expect(back.bank.questions.map(comparable), `${markdown}\n${gift}`).toEqual(bank.questions.map((q) => comparable(giftCarries(q))));
        // What GIFT cannot carry is reported, per question.
        for (const q of bank.questions.filter((q) => giftCarries(q) !== q)) {
          expect(out.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'export-lossy', data: expect.objectContaining({ id: q.id, format: 'GIFT' }) }));
        }
      }),
      runs(150),
    );
  }, 120_000);
});

/** What a learner sees and how it is scored, without positions and generated names; white space as HTML shows it. */
function comparable(q: Question): unknown {
  return spaced(fields(q));
}

function spaced(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/ id="user-content-[^"]*"/g, '').replace(/\s+/g, ' ').replace(/> /g, '>').replace(/ </g, '<').trim();
  if (Array.isArray(value)) return value.map(spaced);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spaced(v)]));
  return value;
}

function fields(q: Question): unknown {
  const base = { id: q.id, type: q.type, html: q.html, points: q.points, feedback: q.feedback };
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { ...base, choices: q.choices.map((c) => [c.html, c.weight, c.feedback]) };
    case 'truefalse':
      return { ...base, answer: q.answer, feedbackTrue: q.feedbackTrue, feedbackFalse: q.feedbackFalse };
    case 'short':
      return { ...base, answers: q.answers.map((a) => [a.text, a.weight, a.feedback]), caseSensitive: q.caseSensitive };
    case 'numerical':
      return { ...base, answers: q.answers };
    case 'matching':
      return { ...base, pairs: q.pairs.map((p) => [p.prompt, p.answer]), distractors: q.distractors };
    case 'ordering':
      return { ...base, items: q.items.map((i) => i.html) };
    default:
      return base;
  }
}

/** The question as GIFT carries it: feedback by result only on numerical questions (as the wrong-answer feedback). */
function giftCarries(q: Question): Question {
  const { correct, partial, incorrect, ...kept } = q.feedback;
  if (q.type === 'numerical') return correct || partial ? { ...q, feedback: { ...kept, ...(incorrect ? { incorrect } : {}) } } : q;
  return correct || partial || incorrect ? { ...q, feedback: kept } : q;
}

/** The question as Moodle XML carries it: feedback by result where Moodle has it (short and numerical: a wrong answer's). */
function moodleCarries(q: Question): Question {
  if (['single', 'multiple', 'matching', 'ordering'].includes(q.type)) return q;
  const { correct, partial, incorrect, ...kept } = q.feedback;
  const keepIncorrect = incorrect && (q.type === 'short' || q.type === 'numerical');
  return correct || partial || (incorrect && !keepIncorrect) ? { ...q, feedback: { ...kept, ...(keepIncorrect ? { incorrect } : {}) } } : q;
}

/** The same, with the characters XML 1.0 cannot hold taken out (what an XML export must drop). Heading anchors are left out too: they are made from the text. */
function withoutForbidden(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  if (Array.isArray(value)) return value.map(withoutForbidden);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutForbidden(v)]));
  return value;
}
