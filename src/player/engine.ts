// The player's side of quiz semantics, over the shared question modules (src/core/draw.ts and
// scoring.ts, the same code the CLI and tests use): an attempt's draw from the learner's seed, the
// player's compact answers translated to scoring responses, scores and LMS interaction reports.

import type { Question, QuizSettings } from '../core/model/questions.js';
import type { QuestionBank } from '../core/model/course.js';
import { drawQuestions } from '../core/draw.js';
import { score, type Response } from '../core/scoring.js';
import type { Answer } from '../core/state.js';

export interface DrawnQuestion {
  readonly question: Question;
  /** Display order as indices: choices (single/multiple), targets (matching), items (ordering). */
  readonly order: readonly number[];
}

type BankLike = Pick<QuestionBank, 'file' | 'id' | 'title' | 'questions'>;

/** The questions of one attempt (0-based), the same on every device for the same learner seed. */
export function drawAttempt(settings: QuizSettings, banks: readonly BankLike[], learnerSeed: number, quizId: string, attempt: number): DrawnQuestion[] {
  return drawQuestions(settings, banks as readonly QuestionBank[], `${learnerSeed >>> 0}:${quizId}`, attempt).map((p) => {
    const q = p.question;
    const ids: readonly string[] =
      q.type === 'single' || q.type === 'multiple' ? q.choices.map((c) => c.id) : q.type === 'matching' ? q.targets.map((t) => t.id) : q.type === 'ordering' ? q.items.map((i) => i.id) : [];
    return { question: q, order: p.order.map((id) => ids.indexOf(id)).filter((i) => i >= 0) };
  });
}

/** The player's compact answer (indices, bit masks) as the scoring module's response (ids). */
export function toResponse(q: Question, a: Answer): Response {
  if (a === null) return null;
  switch (q.type) {
    case 'single':
      return typeof a === 'number' ? q.choices[a]?.id : null;
    case 'multiple':
      return typeof a === 'number' ? q.choices.filter((_, i) => a & (1 << i)).map((c) => c.id) : null;
    case 'truefalse':
      return typeof a === 'number' ? a === 1 : null;
    case 'short':
    case 'numerical':
    case 'essay':
      return typeof a === 'string' && a.trim() !== '' ? a : null;
    case 'matching': {
      if (!Array.isArray(a)) return null;
      const out: Record<string, string> = {};
      q.pairs.forEach((p, i) => {
        const t = q.targets[a[i] ?? -1];
        if (t) out[p.id] = t.id;
      });
      return out;
    }
    case 'ordering':
      return Array.isArray(a) ? a.map((i) => q.items[i]?.id ?? '').filter(Boolean) : null;
    default:
      return null;
  }
}

export interface Scored {
  /** 0–1 of the question's points; undefined when not auto-graded (essay, description). */
  readonly fraction: number | undefined;
  /** Feedback fragments (sanitised HTML): the picked option's, then the question's. */
  readonly feedback: readonly string[];
}

export function scoreAnswer(q: Question, a: Answer, lang: string): Scored {
  const r = score(q, toResponse(q, a), lang);
  return { fraction: r.result === 'neutral' ? undefined : r.fraction, feedback: r.feedback };
}

/** Quiz score in hundredths of a percent (0–10000), weighted by points. */
export function quizScore(drawn: readonly DrawnQuestion[], answers: readonly Answer[], lang: string): number {
  let got = 0;
  let max = 0;
  drawn.forEach((d, i) => {
    const r = score(d.question, toResponse(d.question, answers[i] ?? null), lang);
    got += r.score;
    max += r.maxScore;
  });
  // Nothing auto-scored (empty, or essays only): 0, so a gating quiz cannot pass by having no questions.
  return max > 0 ? Math.round((got / max) * 10000) : 0;
}

export type InteractionType = 'true-false' | 'choice' | 'fill-in' | 'long-fill-in' | 'matching' | 'sequencing' | 'numeric' | 'other';

/** One answered question as the LMS records it, in SCORM 2004 (and xAPI) and SCORM 1.2 forms. */
export interface InteractionReport {
  readonly id: string;
  readonly type: InteractionType;
  readonly type12: 'true-false' | 'choice' | 'fill-in' | 'matching' | 'sequencing' | 'numeric' | 'performance';
  readonly description: string;
  readonly response: string;
  readonly pattern?: string;
  readonly response12: string;
  readonly pattern12?: string;
  /** 2004: correct | incorrect | neutral | a decimal */
  readonly result: string;
  /** 1.2: correct | wrong | neutral | a decimal */
  readonly result12: string;
  readonly weighting: number;
  /** xAPI result/definition parts, for the cmi5/xAPI trackers. */
  readonly xapi?: unknown;
}

/** SCORM identifiers: no white space, ending in a letter or digit, ≤ 250 characters. */
export function interactionId(...parts: string[]): string {
  const raw = parts.join('.').replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 240);
  return /[A-Za-z0-9]$/.test(raw) ? raw : raw + '0';
}

export function interactionFor(quizId: string, q: Question, a: Answer, lang: string): InteractionReport {
  const i = score(q, toResponse(q, a), lang).interaction;
  return {
    id: interactionId(quizId, i.id),
    type: i.type,
    type12: i.type12,
    description: i.description,
    response: i.learnerResponse2004,
    ...(i.correctPattern2004 ? { pattern: i.correctPattern2004 } : {}),
    response12: i.learnerResponse12,
    ...(i.correctPattern12 ? { pattern12: i.correctPattern12 } : {}),
    result: i.result2004,
    result12: i.result12,
    weighting: i.weighting,
    xapi: i.xapi,
  };
}
