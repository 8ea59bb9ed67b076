import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeState, encodeState, initialState, worstCaseStateChars, worstAnswer, type PlayerState, type ItemState, type Answer } from '../../src/core/state.js';
import { drawAttempt } from '../../src/player/engine.js';
import { fixtureCourse, largestCourse } from '../support/course-fixtures.js';
import type { Course } from '../../src/core/model/course.js';

const quizzes = (c: Course) => c.modules.flatMap((m) => m.items).filter((i) => i.kind === 'quiz');

/** A random state the player could produce for this course: answers of real draws, texts within limits. */
function arbitraryState(course: Course, keepTexts: boolean): fc.Arbitrary<PlayerState> {
  const items = course.modules.flatMap((m) => m.items);
  return fc.record({ seed: fc.nat({ max: 0xffffffff }), location: fc.integer({ min: -2, max: items.length - 1 }) }).chain(({ seed, location }) => {
    const parts = items.map((it): fc.Arbitrary<ItemState> => {
      if (it.kind === 'lesson') {
        // Reading-only lessons never move a tab or a play head.
        const media = Boolean(it.media.video || it.media.audio);
        return fc.record({ k: fc.constant('lesson' as const), visited: fc.boolean(), watched: fc.boolean(), furthest: media ? fc.nat({ max: 40000 }) : fc.constant(0), tab: media ? fc.nat({ max: 3 }) : fc.constant(0) });
      }
      if (it.kind === 'activity') return fc.record({ k: fc.constant('activity' as const), visited: fc.boolean() });
      if (it.kind === 'assignment')
        return fc.record({ k: fc.constant('assignment' as const), submitted: fc.boolean(), text: fc.string({ maxLength: it.maxLength ?? 200, unit: 'grapheme-composite' }).map((s) => s.slice(0, it.maxLength ?? 200)) });
      const max = it.settings.attempts || 50;
      return fc.nat({ max: Math.max(0, max) }).chain((attempts) => {
        const drawn = drawAttempt(it.settings, course.banks, seed, it.id, Math.max(0, attempts - 1));
        const answer = (i: number): fc.Arbitrary<Answer> => {
          const q = drawn[i]!.question;
          const w = worstAnswer(q, keepTexts);
          if (typeof w === 'number') return fc.option(fc.nat({ max: w }), { nil: null });
          if (typeof w === 'string') return fc.option(fc.string({ maxLength: w.length }), { nil: null });
          if (Array.isArray(w)) return fc.tuple(...w.map((x: number) => fc.integer({ min: -1, max: x }))) as fc.Arbitrary<Answer>;
          return fc.constant(null);
        };
        return fc.record({
          k: fc.constant('quiz' as const),
          attempts: fc.constant(attempts),
          best: fc.integer({ min: -1, max: 10000 }),
          last: fc.integer({ min: -1, max: 10000 }),
          open: fc.boolean(),
          elapsed: fc.nat({ max: it.settings.timeLimit ? it.settings.timeLimit * 60 * 11 : 0 }),
          answers: fc.tuple(...drawn.map((_, i) => answer(i))) as fc.Arbitrary<Answer[]>,
          checked: fc.array(fc.boolean(), { minLength: drawn.length, maxLength: drawn.length }),
        });
      });
    });
    return fc.tuple(...parts).map((its) => ({ seed, location, items: its }));
  });
}

describe('resume state encoding', () => {
  const course = fixtureCourse({ video: 'media/video.mp4' });

  it.each([
    ['the fixture course', () => course, 300],
    ['the largest course', () => largestCourse(), 15],
  ] as const)('round-trips every state the player can produce for %s, never above the worst case', (_name, make, numRuns) => {
    const course = make();
    for (const keepTexts of [false, true]) {
      const worst = worstCaseStateChars(course, { keepTexts });
      fc.assert(
        fc.property(arbitraryState(course, keepTexts), (state) => {
          const text = encodeState(state, course, { keepTexts });
          expect(text.length).toBeLessThanOrEqual(worst);
          const back = decodeState(text, course);
          const expected = keepTexts ? state : { ...state, items: state.items.map((s) => (s.k === 'assignment' ? { ...s, text: '' } : s)) };
          expect(back).toEqual(expected);
        }),
        { numRuns },
      );
    }
  });

  it('is deterministic and keeps Arabic script one character per character', () => {
    const s0 = initialState(course, 12345);
    const items = s0.items.slice();
    items[3] = { k: 'assignment', submitted: true, text: 'Rencana: وَسَطًا; 100%, “kutip”' };
    const s = { ...s0, location: 3, items };
    const a = encodeState(s, course, { keepTexts: true });
    expect(encodeState(structuredClone(s), course, { keepTexts: true })).toBe(a);
    expect(a).toContain('وَسَطًا; 100%, “kutip”');
    expect(decodeState(a, course)).toEqual(s);
  });

  it('refuses a state of another course shape or a truncated one, so the learner starts afresh', () => {
    const a = encodeState(initialState(course, 7), course, { keepTexts: true });
    expect(decodeState(a.slice(0, -1), course)).toBeUndefined();
    expect(decodeState(a, largestCourse())).toBeUndefined();
    expect(decodeState('page=3', course)).toBeUndefined();
  });

  it("the largest supported course's worst case fits SCORM 1.2 suspend_data (4,096 characters)", () => {
    const big = largestCourse();
    const items = big.modules.flatMap((m) => m.items);
    expect(items.filter((i) => i.kind === 'lesson')).toHaveLength(1000);
    expect(quizzes(big).reduce((n, q) => n + q.settings.draws[0]!.count!, 0)).toBe(280);
    const worst = worstCaseStateChars(big, { keepTexts: false });
    expect(worst).toBeLessThanOrEqual(4096);
    // With free texts kept (SCORM 2004), the two 2,000-character assignments are counted in full.
    expect(worstCaseStateChars(big, { keepTexts: true })).toBeGreaterThan(worst + 4000);
  });
});
