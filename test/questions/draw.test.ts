// Which questions an attempt shows: reproducible from (seed, attempt), within the quiz's rules.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/load/index.js';
import type { Quiz } from '../../src/core/model/course.js';
import { allItems } from '../../src/core/model/course.js';
import { createRng, drawQuestions, shuffleWithFixed } from '../../src/core/draw.js';
import { fixtures } from './helpers.js';

const result = await loadCourse(path.join(fixtures, 'kursus moderasi'), {});
const course = result.course!;
const quizzes = [...allItems(course)].map((e) => e.item).filter((i): i is Quiz => i.kind === 'quiz');
const unit = quizzes.find((q) => q.role === 'unit')!;
const post = quizzes.find((q) => q.role === 'post')!;
const ids = (seed: string, attempt: number, quiz = unit) => drawQuestions(quiz.settings, course.banks, seed, attempt).map((p) => p.question.id);

describe('drawQuestions', () => {
  it('gives the same questions, in the same order, for the same seed and attempt (resume)', () => {
    expect(drawQuestions(unit.settings, course.banks, 'peserta-0042', 1)).toEqual(drawQuestions(unit.settings, course.banks, 'peserta-0042', 1));
  });
  it('draws a different set or order on another attempt or for another learner', () => {
    const seen = new Set<string>();
    for (let attempt = 1; attempt <= 8; attempt++) seen.add(ids('peserta-0042', attempt).join());
    for (const learner of ['a', 'b', 'c', 'd']) seen.add(ids(learner, 1).join());
    expect(seen.size).toBeGreaterThan(5);
  });
  it('draws N of M per tag, never a question twice', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const drawn = drawQuestions(unit.settings, course.banks, 'seed', attempt).map((p) => p.question);
      expect(drawn).toHaveLength(5);
      expect(new Set(drawn.map((q) => q.id)).size).toBe(5);
      expect(drawn.filter((q) => q.tags.includes('konsep'))).toHaveLength(3);
      expect(drawn.filter((q) => q.tags.includes('kebangsaan'))).toHaveLength(2);
    }
  });
  it('puts the quiz’s own questions in and never draws description blocks', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const drawn = drawQuestions(post.settings, course.banks, 'x', attempt).map((p) => p.question);
      expect(drawn.map((q) => q.id)).toContain('post-semboyan');
      expect(drawn.some((q) => q.type === 'description')).toBe(false);
      expect(drawn).toHaveLength(7);
    }
  });
  it('keeps fixed options in place and shuffles the others', () => {
    const orders = new Set<string>();
    for (let attempt = 1; attempt <= 30; attempt++) {
      for (const p of drawQuestions(post.settings, course.banks, 'y', attempt)) {
        if (p.question.id !== 'mb-pengertian') continue;
        expect(p.order[3]).toBe('d');
        orders.add(p.order.join());
      }
    }
    expect(orders.size).toBeGreaterThan(1);
  });
  it('never shows an ordering question already in the right order', () => {
    const bank = course.banks[0]!;
    const ordering = bank.questions.find((q) => q.type === 'ordering')!;
    if (ordering.type !== 'ordering') throw new Error();
    const settings = { ...unit.settings, draws: [], questions: [ordering] };
    for (let attempt = 1; attempt <= 50; attempt++) {
      expect(drawQuestions(settings, course.banks, 'z', attempt)[0]!.order).not.toEqual(ordering.items.map((i) => i.id));
    }
  });
  it('keeps the authored order when shuffling is off', () => {
    const settings = { ...post.settings, shuffleQuestions: false, shuffleOptions: false };
    const drawn = drawQuestions(settings, course.banks, 's', 1);
    expect(drawn[0]!.question.id).toBe('post-semboyan');
    const bankOrder = course.banks[0]!.questions.map((q) => q.id);
    const positions = drawn.slice(1).map((p) => bankOrder.indexOf(p.question.id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const choice = drawn.find((p) => p.question.type === 'single')!;
    expect(choice.order).toEqual([...choice.order].sort());
  });
});

describe('seeded PRNG', () => {
  it('is uniform enough to shuffle fairly', () => {
    const rng = createRng('uji');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40000; i++) counts[shuffleWithFixed([0, 1, 2, 3], rng)[0]!]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(600);
  });
});
