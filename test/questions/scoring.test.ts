// Scoring every question type exactly, and the interaction values SCORM 1.2, SCORM 2004 and xAPI receive.
import { describe, expect, it } from 'vitest';
import { score, correctResponse } from '../../src/core/scoring.js';
import { bankFromFixture, byId } from './helpers.js';

const { bank, diagnostics } = bankFromFixture('kursus moderasi/bank/modul 1.md', 'bank/modul 1.md');
const q = (id: string) => byId(bank.questions, id);

describe('the Indonesian fixture bank', () => {
  it('loads every type without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(bank.questions.map((x) => x.type)).toEqual([
      'single', 'multiple', 'single', 'truefalse', 'short', 'numerical', 'numerical', 'matching', 'ordering', 'essay', 'description',
    ]);
  });
  it('keeps Arabic script in the stem, with a direction the browser can resolve', () => {
    expect(q('mb-ayat').html).toContain('<blockquote dir="auto">');
    expect(q('mb-ayat').html).toContain('وَكَذَٰلِكَ جَعَلْنَاكُمْ أُمَّةً وَسَطًا');
  });
});

describe('single choice', () => {
  const question = q('mb-pengertian');
  it('gives the question’s points for the right option, with its feedback', () => {
    const r = score(question, 'b');
    expect(r).toMatchObject({ score: 2, maxScore: 2, result: 'correct' });
    expect(r.feedback.join()).toContain('rumusan resmi');
    expect(r.feedback.join()).toContain('Bagus');
  });
  it('gives nothing for a wrong option and shows the incorrect feedback', () => {
    const r = score(question, 'a');
    expect(r).toMatchObject({ score: 0, result: 'incorrect' });
    expect(r.feedback.join()).toContain('Baca kembali');
    expect(r.interaction).toMatchObject({ type: 'choice', learnerResponse2004: 'a', correctPattern2004: 'b', result2004: 'incorrect', result12: 'wrong', learnerResponse12: 'a', correctPattern12: 'b' });
  });
  it('treats an unknown id as unanswered', () => {
    expect(score(question, 'zz')).toMatchObject({ score: 0, answered: false, result: 'incorrect' });
  });
});

describe('multiple response', () => {
  const question = q('empat-indikator-moderasi');
  it('gives partial credit per correct pick and takes a share off per wrong pick', () => {
    expect(score(question, ['a', 'b', 'c', 'd']).result).toBe('correct');
    expect(score(question, ['a', 'b']).fraction).toBe(0.5);
    expect(score(question, ['a', 'b']).result).toBe('partial');
    expect(score(question, ['a', 'b', 'e']).fraction).toBe(0.25);
    expect(score(question, ['a', 'b', 'c', 'd', 'e']).fraction).toBe(0.75);
    expect(score(question, ['e']).score).toBe(0);
  });
  it('reports the choice pattern with SCORM delimiters and a real number for partial results', () => {
    const r = score(question, ['a', 'c']);
    expect(r.interaction.learnerResponse2004).toBe('a[,]c');
    expect(r.interaction.correctPattern2004).toBe('a[,]b[,]c[,]d');
    expect(r.interaction.learnerResponse12).toBe('a,c');
    expect(r.interaction.correctPattern12).toBe('a,b,c,d');
    expect(r.interaction.result2004).toBe('0.5');
    expect(r.interaction.xapi.choices?.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('true/false', () => {
  const question = q('moderasi-sama-dengan-sinkretisme');
  it('scores booleans and Indonesian words', () => {
    expect(score(question, false).result).toBe('correct');
    expect(score(question, 'salah').result).toBe('correct');
    expect(score(question, true).result).toBe('incorrect');
  });
  it('uses true/false in 2004 and t/f in 1.2', () => {
    const r = score(question, true);
    expect(r.interaction).toMatchObject({ type: 'true-false', learnerResponse2004: 'true', correctPattern2004: 'false', learnerResponse12: 't', correctPattern12: 'f' });
  });
});

describe('short answer', () => {
  const question = q('mb-ibukota');
  it('accepts every listed answer, ignoring case and extra spaces', () => {
    expect(score(question, '  dki   JAKARTA ').result).toBe('correct');
    expect(score(question, 'Jakarta').result).toBe('correct');
    expect(score(question, 'Nusantara')).toMatchObject({ fraction: 0.5, result: 'partial' });
    expect(score(question, 'Bandung').result).toBe('incorrect');
  });
  it('lists each full-credit answer as its own pattern, with the case rule', () => {
    const i = score(question, 'Bandung').interaction;
    expect(i.type).toBe('fill-in');
    expect(i.correctPatterns2004).toEqual(['{case_matters=false}Jakarta', '{case_matters=false}DKI Jakarta']);
    expect(i.correctPatterns12).toEqual(['Jakarta', 'DKI Jakarta']);
  });
});

describe('numerical', () => {
  it('accepts a decimal comma and reports a dot', () => {
    const question = q('nilai-pi');
    const r = score(question, '3,14');
    expect(r.result).toBe('correct');
    expect(r.interaction.learnerResponse2004).toBe('3.14');
    expect(r.interaction.correctPattern2004).toBe('3.135[:]3.145');
    expect(score(question, '3,15').result).toBe('incorrect');
    expect(score(question, 'tiga').answered).toBe(true);
    expect(score(question, 'tiga').result).toBe('incorrect');
  });
  it('gives range answers their weight', () => {
    const question = q('tahun-sumpah-pemuda');
    expect(score(question, 1928).result).toBe('correct');
    expect(score(question, '1929').fraction).toBe(0.5);
    expect(score(question, '1930').fraction).toBe(0);
  });
});

describe('matching', () => {
  const question = q('pasangkan-sila-dan-lambangnya');
  if (question.type !== 'matching') throw new Error('matching expected');
  const right = { ...question.answerOf };
  it('gives a share per right pair', () => {
    expect(score(question, right).result).toBe('correct');
    const oneWrong = { ...right, '1': right['2']! };
    expect(score(question, oneWrong).fraction).toBeCloseTo(2 / 3, 6);
  });
  it('offers the distractor among the targets and reports source.target pairs', () => {
    expect(question.targets.map((t) => t.html)).toContain('Padi dan kapas');
    const r = score(question, right);
    expect(r.interaction.correctPattern2004).toBe(`1[.]${right['1']}[,]2[.]${right['2']}[,]3[.]${right['3']}`);
    expect(r.interaction.correctPattern12).toBe(`1.${right['1']},2.${right['2']},3.${right['3']}`);
  });
});

describe('ordering', () => {
  const question = q('urutan-tahapan-penyusunan-rtl');
  if (question.type !== 'ordering') throw new Error('ordering expected');
  const ids = question.items.map((i) => i.id);
  it('gives full marks only in the right order and a share per item in place', () => {
    expect(score(question, ids).result).toBe('correct');
    expect(score(question, [ids[1]!, ids[0]!, ids[2]!, ids[3]!]).fraction).toBe(0.5);
    expect(score(question, [...ids].reverse()).fraction).toBe(0);
  });
  it('does not give the order away through its ids', () => {
    expect(ids).not.toEqual([...ids].sort());
  });
});

describe('essay and description', () => {
  it('records an essay without grading it', () => {
    const r = score(q('mb-rtl'), 'Saya akan mengadakan diskusi lintas agama\nsetiap bulan.');
    expect(r).toMatchObject({ score: 0, maxScore: 0, result: 'neutral', answered: true });
    expect(r.interaction).toMatchObject({ type: 'long-fill-in', type12: 'fill-in', result2004: 'neutral', result12: 'neutral' });
    expect(r.interaction.learnerResponse2004).toBe('Saya akan mengadakan diskusi lintas agama setiap bulan.');
  });
  it('marks description blocks as nothing to record', () => {
    expect(score(q('bacaan-kasus-di-kantor'), undefined).interaction.recordable).toBe(false);
  });
});

describe('correctResponse', () => {
  it('earns full marks on every gradable question of the bank', () => {
    for (const question of bank.questions) {
      if (question.type === 'essay' || question.type === 'description') continue;
      expect(score(question, correctResponse(question)).result, question.id).toBe('correct');
    }
  });
});

describe('browser bundle', () => {
  it('scoring and draw bundle for the browser without Node APIs', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: ['src/core/scoring.ts', 'src/core/draw.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      outdir: 'out',
      logLevel: 'silent',
      absWorkingDir: new URL('../..', import.meta.url).pathname,
    });
    expect(result.errors).toEqual([]);
    for (const file of result.outputFiles) expect(file.text).not.toMatch(/from ["']node:|require\(["'](fs|path|crypto)["']\)/);
  });
});
