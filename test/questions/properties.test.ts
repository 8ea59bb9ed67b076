// Property-based tests: generated questions go through the Markdown syntax and are scored with their own
// correct answer (full marks) and with wrong answers (never full marks); no input crashes a parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/questions/interop/draft.js';
import { writeBankMarkdown } from '../../src/questions/interop/write-markdown.js';
import { importGift } from '../../src/questions/interop/gift-import.js';
import { importAiken } from '../../src/questions/interop/aiken-import.js';
import { importMoodleXml } from '../../src/questions/interop/moodle-xml-import.js';
import { exportGift } from '../../src/questions/interop/gift-export.js';
import { exportMoodleXml } from '../../src/questions/interop/moodle-xml-export.js';
import { correctResponse, score, type Response } from '../../src/core/scoring.js';
import { normaliseForCompare } from '../../src/core/ids.js';
import type { Question } from '../../src/core/model/questions.js';
import { bankFromFixture, bankFromText } from './helpers.js';

// A fixed seed keeps the suite deterministic; AJAR_FC_SEED / AJAR_FC_SCALE explore further when wanted.
const seed = Number(process.env.AJAR_FC_SEED ?? 20261123);
const scale = Number(process.env.AJAR_FC_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * scale), seed });

const word = fc.constantFrom('moderasi', 'toleransi', 'Pancasila', 'ASN', 'pelayanan', 'adil', 'berimbang', 'kebangsaan', 'وسطية', 'أمة', 'tradisi', 'lokal', '2024', 'UUD', 'NKRI');
const phrase = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const options = (min: number, max: number) => fc.uniqueArray(phrase, { minLength: min, maxLength: max, selector: normaliseForCompare });

type Case = { draft: Draft; wrong: (q: Question) => Response[] };

const single = options(2, 6).chain((texts) =>
  fc.nat(texts.length - 1).map((right): Case => ({
    draft: { line: 1, type: 'single', stem: 'Manakah yang benar?', choices: texts.map((md, i) => ({ md, weight: i === right ? 1 : 0 })) },
    wrong: (q) => (q.type === 'single' ? q.choices.filter((c) => c.weight < 1).map((c) => c.id) : []),
  })),
);

const multiple = options(2, 6).chain((texts) =>
  fc.uniqueArray(fc.nat(texts.length - 1), { minLength: 1, maxLength: texts.length }).chain((right) =>
    fc.array(fc.boolean(), { minLength: texts.length, maxLength: texts.length }).map((picks): Case => {
      const k = right.length;
      return {
        draft: { line: 1, type: 'multiple', stem: 'Pilih semua yang benar.', choices: texts.map((md, i) => ({ md, weight: right.includes(i) ? 1 / k : -1 / k })) },
        wrong: (q) => {
          if (q.type !== 'multiple') return [];
          const picked = q.choices.filter((_, i) => picks[i]).map((c) => c.id);
          const correct = q.choices.filter((c) => c.weight > 0).map((c) => c.id);
          if (picked.join() !== correct.join()) return [picked];
          const extra = q.choices.find((c) => c.weight < 0);
          return [correct.slice(1), ...(extra ? [[...correct, extra.id]] : [])];
        },
      };
    }),
  ),
);

const truefalse = fc.boolean().map((answer): Case => ({ draft: { line: 1, type: 'truefalse', stem: 'ASN wajib netral.', answer }, wrong: () => [!answer] }));

const short = options(1, 3).chain((texts) =>
  fc.boolean().map((caseSensitive): Case => ({
    draft: { line: 1, type: 'short', stem: 'Isilah.', caseSensitive, answers: texts.map((text) => ({ text, weight: 1 })) },
    wrong: (q) => [q.type === 'short' ? `${q.answers[0]!.text} tambahan` : '', caseSensitive && /[a-z]/.test(texts[0]!) ? texts[0]!.toUpperCase() : 'tidak tahu'],
  })),
);

const numerical = fc
  .record({ value: fc.integer({ min: -100000, max: 100000 }).map((n) => n / 100), tolerance: fc.constantFrom(0, 0.01, 0.5, 2) })
  .map(({ value, tolerance }): Case => ({
    draft: { line: 1, type: 'numerical', stem: 'Berapa?', numbers: [{ value, tolerance, weight: 1 }] },
    wrong: () => [value + tolerance + 1, String(value - tolerance - 0.5).replace('.', ','), 'bukan angka'],
  }));

const matching = fc.uniqueArray(phrase, { minLength: 4, maxLength: 10, selector: normaliseForCompare }).filter((t) => t.length % 2 === 0).map((texts): Case => {
  const half = texts.length / 2;
  const pairs = texts.slice(0, half).map((prompt, i) => ({ prompt, answer: texts[half + i]! }));
  return {
    draft: { line: 1, type: 'matching', stem: 'Pasangkan.', pairs },
    wrong: (q) => {
      if (q.type !== 'matching') return [];
      const ids = q.pairs.map((p) => q.answerOf[p.id]!);
      const rotated = Object.fromEntries(q.pairs.map((p, i) => [p.id, ids[(i + 1) % ids.length]!]));
      return [rotated, { [q.pairs[0]!.id]: ids[0]! }];
    },
  };
});

const ordering = options(2, 6).map((items): Case => ({
  draft: { line: 1, type: 'ordering', stem: 'Urutkan.', items },
  wrong: (q) => (q.type === 'ordering' ? [[...q.items.map((i) => i.id)].reverse(), q.items.slice(1).map((i) => i.id)] : []),
}));

const anyCase = fc.oneof(single, multiple, truefalse, short, numerical, matching, ordering);

describe('scoring properties (through the Markdown syntax)', () => {
  it('a generated question scored with its own correct answer gets full marks; a wrong one never does', () => {
    fc.assert(
      fc.property(fc.array(anyCase, { minLength: 1, maxLength: 5 }), (cases) => {
        const md = writeBankMarkdown({ id: 'acak', title: 'Bank acak' }, cases.map((c) => c.draft));
        const { bank, diagnostics } = bankFromText(md);
        expect(diagnostics).toEqual([]);
        expect(bank.questions).toHaveLength(cases.length);
        bank.questions.forEach((q, i) => {
          expect(q.type).toBe(cases[i]!.draft.type);
          const right = score(q, correctResponse(q));
          expect(right.result).toBe('correct');
          expect(right.score).toBe(q.points);
          for (const wrong of cases[i]!.wrong(q)) {
            const r = score(q, wrong);
            expect(r.result, JSON.stringify({ md, wrong })).not.toBe('correct');
            expect(r.score).toBeLessThan(q.points);
          }
        });
      }),
      runs(300),
    );
  });

  it('no response, however odd, makes scoring throw or leave 0 … points', () => {
    const { bank } = bankFromFixture('kursus moderasi/bank/modul 1.md');
    fc.assert(
      fc.property(fc.constantFrom(...bank.questions), fc.anything(), (q, response) => {
        const r = score(q, response as Response);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(r.maxScore);
      }),
      runs(2000),
    );
  });
});

describe('round-trip properties', () => {
  it('generated banks survive Markdown → GIFT → Markdown and Markdown → Moodle XML → Markdown with the same scoring', () => {
    fc.assert(
      fc.property(fc.array(anyCase, { minLength: 1, maxLength: 4 }), (cases) => {
        const { bank } = bankFromText(writeBankMarkdown({ id: 'acak', title: 'Bank acak' }, cases.map((c) => c.draft)));
        const viaGift = bankFromText(writeBankMarkdown({ id: 'acak', title: 'Bank acak' }, importGift(exportGift(bank).text, 'a.gift').drafts));
        const viaXml = bankFromText(writeBankMarkdown({ id: 'acak', title: 'Bank acak' }, importMoodleXml(exportMoodleXml(bank).text, 'a.xml').drafts));
        for (const again of [viaGift, viaXml]) {
          expect(again.diagnostics).toEqual([]);
          expect(again.bank.questions.map((q) => [q.id, q.type, q.points])).toEqual(bank.questions.map((q) => [q.id, q.type, q.points]));
          bank.questions.forEach((q, i) => {
            const r = again.bank.questions[i]!;
            for (const response of [correctResponse(q), ...cases[i]!.wrong(q)]) expect(score(r, response).fraction).toBe(score(q, response).fraction);
          });
        }
      }),
      runs(100),
    );
  });
});

const markdownish = fc
  .array(
    fc.oneof(
      fc.constantFrom('## ', '# ', '### ', '- [x] ', '- [ ] ', '- ', '1. ', '  > ', '> ', '{', '}', '{id=', 'type=', 'weight=', 'points=', 'tags=[', ']', 'fixed', ' -> ', '..', ' ± ', '\n', '\n\n', 'Benar', 'Salah', 'Benar: ', '|', '`', '*', '_', '\\', '![a](b.png)', '<script>', 'ب', 'وسط', '=', '~', '#', ':'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('parsers never crash (10,000 inputs each)', () => {
  it('the Markdown question syntax', () => {
    fc.assert(
      fc.property(markdownish, fc.constantFrom('single', 'short', 'numerical', 'matching', 'ordering', 'essay', 'bogus', ''), (body, type) => {
        const text = `---\ntype: bank\nid: acak\n---\n\n## Soal {type=${type}}\n${body}`;
        const { bank, diagnostics } = bankFromText(text);
        for (const d of diagnostics) expect(d.position?.start.line ?? 1).toBeGreaterThanOrEqual(1);
        for (const q of bank.questions) score(q, correctResponse(q));
      }),
      runs(10000),
    );
  }, 300_000);

  it('GIFT, Aiken and Moodle XML importers', () => {
    const xmlish = fc
      .array(fc.oneof(fc.constantFrom('<quiz>', '</quiz>', '<question type="multichoice">', '<question type="numerical">', '</question>', '<answer fraction="50">', '</answer>', '<text>', '</text>', '<![CDATA[<p>x</p>]]>', '&amp;', '<', '>'), fc.string({ maxLength: 5 })), { maxLength: 30 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(markdownish, xmlish, (text, xml) => {
        for (const r of [importGift(text, 'a.gift'), importAiken(text, 'a.txt'), importMoodleXml(xml, 'a.xml')]) {
          for (const d of r.diagnostics) expect(d.file).toBeDefined();
          expect(Array.isArray(r.drafts)).toBe(true);
        }
      }),
      runs(10000),
    );
  }, 300_000);
});
