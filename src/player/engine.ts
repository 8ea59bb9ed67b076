// Quiz semantics the player runs: which questions an attempt draws (seeded), in which order options
// appear, how a response scores, and how it is reported to the LMS as an interaction.

import type { Question, QuizSettings, ChoiceQuestion, MatchingQuestion } from '../model/questions.js';
import type { Answer } from './state.js';
import { mulberry32, hashString, shuffled } from './prng.js';

export interface DrawnQuestion {
  readonly question: Question;
  /** Display order of options (choice indices, matching target indices, ordering start order). */
  readonly order: readonly number[];
}

interface BankLike {
  readonly file: string;
  readonly questions: readonly Question[];
}

/** Seed of one attempt: the learner's seed, the quiz and the attempt number. */
export function attemptSeed(learnerSeed: number, quizId: string, attempt: number): number {
  return (hashString(quizId) ^ Math.imul(learnerSeed >>> 0, 2654435761) ^ Math.imul(attempt + 1, 40503)) >>> 0;
}

export function drawAttempt(settings: QuizSettings, banks: readonly BankLike[], seed: number): DrawnQuestion[] {
  const random = mulberry32(seed);
  const picked: Question[] = [...settings.questions];
  const used = new Set(picked.map((q) => q.id));
  for (const d of settings.draws) {
    const pool = (d.bank === undefined ? banks : banks.filter((b) => b.file === d.bank))
      .flatMap((b) => b.questions)
      .filter((q) => !used.has(q.id) && d.tags.every((t) => q.tags.includes(t)));
    const chosen = d.count === undefined ? pool : shuffled(pool, random).slice(0, d.count);
    // Keep authored order among the chosen when questions are not shuffled.
    const chosenIds = new Set(chosen.map((q) => q.id));
    for (const q of pool) if (chosenIds.has(q.id)) (picked.push(q), used.add(q.id));
  }
  const questions = settings.shuffleQuestions ? shuffled(picked, random) : picked;
  return questions.map((question) => ({ question, order: optionOrder(question, settings.shuffleOptions, random) }));
}

function optionOrder(q: Question, shuffle: boolean, random: () => number): number[] {
  const idx = (n: number) => Array.from({ length: n }, (_, i) => i);
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const all = idx(q.choices.length);
      if (!shuffle) return all;
      // Fixed options ("semua benar") keep their place; the others shuffle around them.
      const free = shuffled(all.filter((i) => !q.choices[i]!.fixed), random);
      return all.map((i) => (q.choices[i]!.fixed ? i : free.shift()!));
    }
    case 'matching':
      return shuffle ? shuffled(idx(targetsOf(q).length), random) : idx(targetsOf(q).length);
    case 'ordering': {
      // Never start in the correct order.
      const n = q.items.length;
      let o = shuffled(idx(n), random);
      if (n > 1 && o.every((v, i) => v === i)) o = [...o.slice(1), o[0]!];
      return o;
    }
    default:
      return [];
  }
}

export function targetsOf(q: MatchingQuestion): readonly { id: string; html: string }[] {
  if (q.targets && q.targets.length) return q.targets;
  const answers = [...new Set([...q.pairs.map((p) => p.answer), ...q.distractors])];
  return answers.map((html, i) => ({ id: String.fromCharCode(97 + i), html }));
}

function correctTarget(q: MatchingQuestion, pairIndex: number): string {
  const pair = q.pairs[pairIndex]!;
  if (q.answerOf && q.answerOf[pair.id]) return q.answerOf[pair.id]!;
  return targetsOf(q).find((t) => t.html === pair.answer)?.id ?? '';
}

/** Indonesian learners type 3,14: a decimal comma is a decimal point. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) return undefined;
  return Number(t.replace(',', '.'));
}

const norm = (s: string, caseSensitive: boolean, space: boolean) => {
  let v = space ? s.trim().replace(/\s+/g, ' ') : s;
  if (!caseSensitive) v = v.toLocaleLowerCase();
  return v;
};

export interface Scored {
  /** 0–1 of the question's points; undefined when not auto-graded (essay, description). */
  readonly fraction: number | undefined;
  /** Feedback for the chosen option or answer, when the author wrote one. */
  readonly feedback?: string;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

export function scoreAnswer(q: Question, a: Answer): Scored {
  switch (q.type) {
    case 'single': {
      const c = typeof a === 'number' ? q.choices[a] : undefined;
      return { fraction: c ? clamp01(c.weight) : 0, ...(c?.feedback ? { feedback: c.feedback } : {}) };
    }
    case 'multiple': {
      const mask = typeof a === 'number' ? a : 0;
      let sum = 0;
      const fbs: string[] = [];
      q.choices.forEach((c, i) => {
        if (mask & (1 << i)) {
          sum += c.weight > 0 ? c.weight : c.weight < 0 ? c.weight : -(q.penalty ?? 0);
          if (c.feedback) fbs.push(c.feedback);
        }
      });
      return { fraction: mask ? clamp01(sum) : 0, ...(fbs.length ? { feedback: fbs.join(' ') } : {}) };
    }
    case 'truefalse': {
      const ok = typeof a === 'number' && (a === 1) === q.answer;
      const fb = a === 1 ? q.feedbackTrue : a === 0 ? q.feedbackFalse : undefined;
      return { fraction: ok ? 1 : 0, ...(fb ? { feedback: fb } : {}) };
    }
    case 'short': {
      const text = typeof a === 'string' ? norm(a, q.caseSensitive, q.normalizeSpace) : undefined;
      const hit = text === undefined ? undefined : q.answers.find((x) => norm(x.text, q.caseSensitive, q.normalizeSpace) === text);
      return { fraction: hit ? clamp01(hit.weight) : 0, ...(hit?.feedback ? { feedback: hit.feedback } : {}) };
    }
    case 'numerical': {
      const v = typeof a === 'string' ? parseNumber(a) : undefined;
      let best: { weight: number; feedback?: string } | undefined;
      if (v !== undefined)
        for (const x of q.answers) {
          const ok =
            x.value !== undefined ? Math.abs(v - x.value) <= (x.tolerance ?? 0) + 1e-9 : (x.min ?? -Infinity) <= v && v <= (x.max ?? Infinity);
          if (ok && (!best || x.weight > best.weight)) best = x;
        }
      return { fraction: best ? clamp01(best.weight) : 0, ...(best?.feedback ? { feedback: best.feedback } : {}) };
    }
    case 'matching': {
      const list = Array.isArray(a) ? a : [];
      const targets = targetsOf(q);
      const right = q.pairs.filter((_, i) => targets[list[i] ?? -1]?.id === correctTarget(q, i)).length;
      return { fraction: q.pairs.length ? right / q.pairs.length : 0 };
    }
    case 'ordering': {
      const list = Array.isArray(a) ? a : [];
      const ok = list.length === q.items.length && list.every((v, i) => v === i);
      return { fraction: ok ? 1 : 0 };
    }
    case 'essay':
    case 'description':
      return { fraction: undefined };
  }
}

/** Whether a question counts toward the quiz score. */
export function isGraded(q: Question): boolean {
  return q.type !== 'essay' && q.type !== 'description';
}

/** Quiz score in hundredths of a percent (0–10000), weighted by points. */
export function quizScore(drawn: readonly DrawnQuestion[], answers: readonly Answer[]): number {
  let got = 0;
  let max = 0;
  drawn.forEach((d, i) => {
    if (!isGraded(d.question)) return;
    max += d.question.points;
    got += (scoreAnswer(d.question, answers[i] ?? null).fraction ?? 0) * d.question.points;
  });
  return max > 0 ? Math.round((got / max) * 10000) : 10000;
}

export type InteractionType = 'true-false' | 'choice' | 'fill-in' | 'long-fill-in' | 'matching' | 'sequencing' | 'numeric' | 'other';

export interface InteractionReport {
  readonly id: string;
  readonly type: InteractionType;
  readonly description: string;
  /** SCORM 2004 / xAPI formats (delimiters `[,]`, `[.]`, `[:]`). */
  readonly response: string;
  readonly pattern?: string;
  /** SCORM 1.2 formats. */
  readonly response12: string;
  readonly pattern12?: string;
  readonly result: 'correct' | 'incorrect' | 'neutral' | number;
  readonly weighting: number;
}

/** SCORM identifiers: no white space, ending in a letter or digit, ≤ 250 characters. */
export function interactionId(quizId: string, questionId: string): string {
  const raw = `${quizId}.${questionId}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 240);
  return /[A-Za-z0-9]$/.test(raw) ? raw : raw + '0';
}

const letters12 = (i: number) => (i < 10 ? String(i) : String.fromCharCode(97 + ((i - 10) % 26)));
const choiceId = (q: ChoiceQuestion, i: number) => q.choices[i]!.id.replace(/[^A-Za-z0-9_-]/g, '_') || String(i);

export function interactionFor(quizId: string, q: Question, a: Answer): InteractionReport {
  const s = scoreAnswer(q, a);
  const result: InteractionReport['result'] = s.fraction === undefined ? 'neutral' : s.fraction >= 1 ? 'correct' : s.fraction <= 0 ? 'incorrect' : Math.round(s.fraction * 100) / 100;
  const base = { id: interactionId(quizId, q.id), description: q.text.slice(0, 250), result, weighting: q.points };
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const chosen = q.type === 'single' ? (typeof a === 'number' ? [a] : []) : q.choices.map((_, i) => i).filter((i) => typeof a === 'number' && a & (1 << i));
      const right = q.choices.map((c, i) => (c.weight > 0 ? i : -1)).filter((i) => i >= 0);
      const pick = q.type === 'single' ? right.slice(0, 1) : right;
      return {
        ...base,
        type: 'choice',
        response: chosen.map((i) => choiceId(q, i)).join('[,]'),
        pattern: pick.map((i) => choiceId(q, i)).join('[,]'),
        response12: chosen.map(letters12).join(','),
        pattern12: pick.map(letters12).join(','),
      };
    }
    case 'truefalse':
      return {
        ...base,
        type: 'true-false',
        response: a === 1 ? 'true' : a === 0 ? 'false' : '',
        pattern: q.answer ? 'true' : 'false',
        response12: a === 1 ? 't' : a === 0 ? 'f' : '',
        pattern12: q.answer ? 't' : 'f',
      };
    case 'short': {
      const text = typeof a === 'string' ? a : '';
      const first = q.answers.find((x) => x.weight >= 1)?.text ?? q.answers[0]?.text ?? '';
      return {
        ...base,
        type: 'fill-in',
        response: text.slice(0, 250),
        pattern: `{case_matters=${q.caseSensitive}}${first}`,
        response12: text.slice(0, 255),
        pattern12: first.slice(0, 255),
      };
    }
    case 'numerical': {
      const v = typeof a === 'string' ? parseNumber(a) : undefined;
      const x = q.answers.find((y) => y.weight >= 1) ?? q.answers[0];
      const lo = x ? (x.value !== undefined ? x.value - (x.tolerance ?? 0) : x.min) : undefined;
      const hi = x ? (x.value !== undefined ? x.value + (x.tolerance ?? 0) : x.max) : undefined;
      const fmt = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : String(Math.round(n * 1e6) / 1e6));
      return {
        ...base,
        type: 'numeric',
        response: v === undefined ? '' : fmt(v),
        pattern: `${fmt(lo)}[:]${fmt(hi)}`,
        response12: v === undefined ? '' : fmt(v),
        ...(x?.value !== undefined ? { pattern12: fmt(x.value) } : {}),
      };
    }
    case 'matching': {
      const list = Array.isArray(a) ? a : [];
      const targets = targetsOf(q);
      const given = q.pairs.map((p, i) => (targets[list[i] ?? -1] ? `${p.id}[.]${targets[list[i]!]!.id}` : '')).filter(Boolean);
      const right = q.pairs.map((p, i) => `${p.id}[.]${correctTarget(q, i)}`);
      return {
        ...base,
        type: 'matching',
        response: given.join('[,]'),
        pattern: right.join('[,]'),
        response12: given.map((g) => g.replace('[.]', '.')).join(','),
        pattern12: right.map((g) => g.replace('[.]', '.')).join(','),
      };
    }
    case 'ordering': {
      const list = Array.isArray(a) ? a : [];
      const ids = list.map((i) => q.items[i]?.id ?? '').filter(Boolean);
      const right = q.items.map((x) => x.id);
      return { ...base, type: 'sequencing', response: ids.join('[,]'), pattern: right.join('[,]'), response12: ids.join(','), pattern12: right.join(',') };
    }
    case 'essay': {
      const text = typeof a === 'string' ? a : '';
      return { ...base, type: 'long-fill-in', response: text.slice(0, 4000), response12: text.slice(0, 255) };
    }
    case 'description':
      return { ...base, type: 'other', response: '', response12: '' };
  }
}
