// The interaction values the scoring engine reports are accepted by a real LMS runtime (scorm-again):
// every type, right, wrong and partly right answers, written to SCORM 2004 and SCORM 1.2 data models.
import { describe, expect, it } from 'vitest';
import * as scorm2004 from 'scorm-again/scorm2004';
import * as scorm12 from 'scorm-again/scorm12';
import type { Question } from '../../src/core/model/questions.js';
import { correctResponse, score, type Response } from '../../src/core/scoring.js';
import { bankFromFixture } from './helpers.js';

// The ESM builds export the classes by name; the bundled type declarations describe a default export.
const { Scorm2004API } = scorm2004 as unknown as { Scorm2004API: typeof scorm2004.default };
const { Scorm12API } = scorm12 as unknown as { Scorm12API: typeof scorm12.default };

const { bank } = bankFromFixture('kursus moderasi/bank/modul 1.md', 'bank/modul 1.md');

function samples(q: Question): Response[] {
  const right = correctResponse(q);
  switch (q.type) {
    case 'single':
      return [right, q.choices.find((c) => c.weight === 0)!.id];
    case 'multiple':
      return [right, ['a', 'b'], ['a', 'e']];
    case 'truefalse':
      return [true, false];
    case 'short':
      return [right, 'Nusantara', 'Bandung, Jawa Barat'];
    case 'numerical':
      return [right, '3,15', '1929'];
    case 'matching':
      return [right, { '1': q.targets[0]!.id }];
    case 'ordering':
      return [right, [...q.items.map((i) => i.id)].reverse()];
    case 'essay':
      return ['Saya akan mengadakan diskusi lintas agama setiap bulan,\ndimulai Januari 2027.'];
    default:
      return [];
  }
}

describe('SCORM 2004 (scorm-again) accepts every reported interaction', () => {
  it('id, type, description, weighting, correct responses, learner response, result', () => {
    const api = new Scorm2004API({ logLevel: 5 });
    expect(api.Initialize('')).toBe('true');
    let n = 0;
    for (const q of bank.questions) {
      for (const response of samples(q)) {
        const i = score(q, response).interaction;
        if (!i.recordable) continue;
        const set = (key: string, value: string) => {
          const ok = api.SetValue(`cmi.interactions.${n}.${key}`, value);
          expect({ key, value, ok, error: String(api.GetLastError()) }).toEqual({ key, value, ok: 'true', error: '0' });
        };
        set('id', i.id);
        set('type', i.type);
        set('description', i.description);
        set('weighting', String(i.weighting));
        i.correctPatterns2004.forEach((p, k) => set(`correct_responses.${k}.pattern`, p));
        if (i.learnerResponse2004) set('learner_response', i.learnerResponse2004);
        set('result', i.result2004);
        n++;
      }
    }
    expect(n).toBeGreaterThan(15);
  });
});

describe('SCORM 1.2 (scorm-again) accepts every reported interaction', () => {
  it('id, type, weighting, correct responses, student response, result', () => {
    const api = new Scorm12API({ logLevel: 5 });
    expect(api.LMSInitialize('')).toBe('true');
    let n = 0;
    for (const q of bank.questions) {
      for (const response of samples(q)) {
        const i = score(q, response).interaction;
        if (!i.recordable) continue;
        const set = (key: string, value: string) => {
          const ok = api.LMSSetValue(`cmi.interactions.${n}.${key}`, value);
          expect({ key, value, ok, error: String(api.LMSGetLastError()) }).toEqual({ key, value, ok: 'true', error: '0' });
        };
        set('id', i.id);
        set('type', i.type12);
        set('weighting', String(i.weighting));
        i.correctPatterns12.forEach((p, k) => set(`correct_responses.${k}.pattern`, p));
        if (i.learnerResponse12) set('student_response', i.learnerResponse12);
        set('result', i.result12);
        n++;
      }
    }
    expect(n).toBeGreaterThan(15);
  });
});

describe('xAPI (@learninglocker/xapi-validation) accepts every reported interaction', () => {
  it('interactionType, correctResponsesPattern, choices/source/target and the response', async () => {
    const mod = (await import('@learninglocker/xapi-validation')) as unknown as { default: unknown };
    const validate = ((mod.default as { default?: unknown }).default ?? mod.default) as (s: unknown) => { path: string[]; message: string }[];
    const problems: string[] = [];
    for (const q of bank.questions) {
      for (const response of samples(q)) {
        const r = score(q, response);
        const x = r.interaction.xapi;
        if (!r.interaction.recordable) continue;
        const statement = {
          actor: { objectType: 'Agent', account: { homePage: 'https://lms.pusdiklat.example.go.id', name: 'peserta-0042' } },
          verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'id-ID': 'menjawab' } },
          object: {
            objectType: 'Activity',
            id: `https://ajar.example.go.id/kursus/moderasi/soal/${encodeURIComponent(r.interaction.id)}`,
            definition: {
              type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
              name: { id: r.interaction.description },
              interactionType: x.interactionType,
              ...(x.correctResponsesPattern.length ? { correctResponsesPattern: x.correctResponsesPattern } : {}),
              ...(x.choices ? { choices: x.choices } : {}),
              ...(x.source ? { source: x.source } : {}),
              ...(x.target ? { target: x.target } : {}),
            },
          },
          result: {
            response: x.response,
            ...(r.result === 'neutral' ? {} : { success: r.result === 'correct', score: { raw: r.score, min: 0, max: r.maxScore, scaled: r.fraction } }),
          },
        };
        problems.push(...validate(statement).map((w) => `${q.id} ${w.path.join('.')}: ${w.message}`));
      }
    }
    expect(problems).toEqual([]);
    // The validator does look at interaction definitions: an unknown type is refused.
    const bogus = { actor: { mbox: 'mailto:peserta@example.go.id' }, verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, object: { id: 'https://ajar.example.go.id/soal/x', definition: { interactionType: 'pilihan' } } };
    expect(validate(bogus).length).toBeGreaterThan(0);
  });
});

describe('numbers beyond what SCORM decimals hold', () => {
  it('leaves a huge answer unreported and an open range side empty, so the LMS never refuses the write', () => {
    const { bank: b } = bankFromFixture('kursus moderasi/bank/modul 1.md');
    const q = b.questions.find((x) => x.type === 'numerical')!;
    const i = score(q, '123456789012345').interaction;
    expect(i.learnerResponse2004).toBe('');
    expect(i.result2004).toBe('incorrect');
    const open = { ...q, answers: [{ min: 5, max: 1e15, weight: 1 }] } as Question;
    expect(score(open, '7').interaction.correctPattern2004).toBe('5[:]');
    const api = new Scorm2004API({ logLevel: 5 });
    api.Initialize('');
    api.SetValue('cmi.interactions.0.id', open.id);
    api.SetValue('cmi.interactions.0.type', 'numeric');
    expect(api.SetValue('cmi.interactions.0.correct_responses.0.pattern', '5[:]')).toBe('true');
  });
});
