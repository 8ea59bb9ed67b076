// What the learner has achieved, derived from the state alone (pure): item and module completion,
// gating, the course score and the completion/success the LMS is told.

import type { PlayerData, PlayerItem, PlayerQuiz } from '../core/player-data.js';
import type { ItemState, PlayerState, QuizState } from '../core/state.js';

export interface Placed {
  readonly item: PlayerItem;
  readonly index: number;
  readonly module: number;
}

export function placedItems(data: PlayerData): Placed[] {
  const out: Placed[] = [];
  data.modules.forEach((m, mi) => m.items.forEach((item) => out.push({ item, index: out.length, module: mi })));
  return out;
}

export function quizPassed(quiz: PlayerQuiz, s: QuizState): boolean {
  return s.best >= 0 && s.best >= quiz.settings.passingGrade * 100;
}

export function attemptsLeft(quiz: PlayerQuiz, s: QuizState): number {
  return quiz.settings.attempts > 0 ? Math.max(0, quiz.settings.attempts - s.attempts) : Infinity;
}

/** A quiz whose result must be a pass (gating, completion): unit quizzes and the post-test. */
export function mustPass(quiz: PlayerQuiz): boolean {
  return quiz.role === 'unit' || quiz.role === 'post';
}

export function needsPlayThrough(item: PlayerItem): boolean {
  return item.kind === 'lesson' && (item.video !== undefined || item.audio !== undefined);
}

/** A quiz that must be passed, not passed, and no attempt left: the learner needs someone to open it again. */
export function quizExhausted(quiz: PlayerQuiz, s: QuizState): boolean {
  return mustPass(quiz) && !quizPassed(quiz, s) && s.best >= 0 && !s.open && attemptsLeft(quiz, s) === 0;
}

/** Done for completion: attempted to the end (a quiz may be done and failed). */
export function itemDone(item: PlayerItem, s: ItemState): boolean {
  if (item.kind === 'lesson' && s.k === 'lesson') return needsPlayThrough(item) ? s.watched : s.visited;
  if (item.kind === 'assignment' && s.k === 'assignment') return s.submitted;
  if (item.kind === 'quiz' && s.k === 'quiz') {
    if (s.open) return false;
    if (!mustPass(item)) return s.best >= 0;
    return quizPassed(item, s) || (s.best >= 0 && attemptsLeft(item, s) === 0);
  }
  return item.kind === 'activity';
}

/** Done for mastery gating: done, and every quiz that must be passed is passed. */
function itemMastered(item: PlayerItem, s: ItemState): boolean {
  if (item.kind === 'quiz' && s.k === 'quiz' && mustPass(item)) return quizPassed(item, s);
  return itemDone(item, s);
}

export function moduleMastered(data: PlayerData, state: PlayerState, moduleIndex: number): boolean {
  return placedItems(data)
    .filter((p) => p.module === moduleIndex)
    .every((p) => itemMastered(p.item, state.items[p.index]!));
}

export function moduleUnlocked(data: PlayerData, state: PlayerState, moduleIndex: number): boolean {
  if (!data.gating.sequential) return true;
  for (let m = 0; m < moduleIndex; m++) if (!moduleMastered(data, state, m)) return false;
  return true;
}

export function itemUnlocked(data: PlayerData, state: PlayerState, index: number): boolean {
  const p = placedItems(data)[index];
  return p !== undefined && moduleUnlocked(data, state, p.module);
}

export interface CourseStatus {
  /** 0–1 of tracked items done. */
  readonly progress: number;
  /** Course score 0–100, undefined when no quiz counts toward it. */
  readonly score: number | undefined;
  readonly completed: boolean;
  readonly success: 'passed' | 'failed' | undefined;
}

export function courseStatus(data: PlayerData, state: PlayerState, masteryScore?: number): CourseStatus {
  const placed = placedItems(data);
  const tracked = placed.filter((p) => p.item.kind !== 'activity');
  const done = tracked.filter((p) => itemDone(p.item, state.items[p.index]!));
  const progress = tracked.length ? done.length / tracked.length : 1;
  const allDone = done.length === tracked.length;

  const scored = placed.filter((p) => p.item.kind === 'quiz' && p.item.settings.countsTowardScore);
  // No score before the first scored quiz is submitted: an LMS would show 0 as a result.
  const score = scored.some((p) => (state.items[p.index] as QuizState).best >= 0)
    ? Math.round(scored.reduce((sum, p) => sum + Math.max(0, (state.items[p.index] as QuizState).best), 0) / scored.length) / 100
    : undefined;
  const passing = masteryScore ?? data.passingGrade;
  const scorePasses = score === undefined || score >= passing - 1e-9;

  const posts = placed.filter((p) => p.item.kind === 'quiz' && p.item.role === 'post');
  if (data.completion === 'pass' && posts.length) {
    const passedAll = posts.every((p) => quizPassed(p.item as PlayerQuiz, state.items[p.index] as QuizState));
    const exhausted = posts.some((p) => {
      const s = state.items[p.index] as QuizState;
      return !quizPassed(p.item as PlayerQuiz, s) && s.best >= 0 && attemptsLeft(p.item as PlayerQuiz, s) === 0;
    });
    return { progress, score, completed: passedAll || exhausted, success: passedAll ? 'passed' : exhausted ? 'failed' : undefined };
  }
  // Attempts used up at a quiz that must be passed: with all-and-pass the course can no longer be passed,
  // with sequential gating it can no longer be finished. The LMS hears `failed` now, not never.
  if (placed.some((p) => p.item.kind === 'quiz' && quizExhausted(p.item, state.items[p.index] as QuizState)) && (data.completion === 'all-and-pass' || data.gating.sequential))
    return { progress, score, completed: allDone, success: 'failed' };
  if (!allDone) return { progress, score, completed: false, success: undefined };
  const quizzesPassed = placed.every((p) => p.item.kind !== 'quiz' || !mustPass(p.item) || quizPassed(p.item, state.items[p.index] as QuizState));
  if (data.completion === 'all' && score === undefined) return { progress, score, completed: true, success: undefined };
  return { progress, score, completed: true, success: scorePasses && quizzesPassed ? 'passed' : 'failed' };
}

export interface ModuleStatus {
  readonly completed: boolean;
  readonly success?: 'passed' | 'failed';
  /** 0–100: the best score of the module's quiz that must be passed (the last one when several). */
  readonly score?: number;
}

/** A module's result for LMS objectives: done, and passed or failed by its unit quizzes or post-test. */
export function moduleStatus(data: PlayerData, state: PlayerState, moduleIndex: number): ModuleStatus {
  const placed = placedItems(data).filter((p) => p.module === moduleIndex);
  const tracked = placed.filter((p) => p.item.kind !== 'activity');
  const completed = tracked.every((p) => itemDone(p.item, state.items[p.index]!));
  const gates = placed.filter((p) => p.item.kind === 'quiz' && mustPass(p.item));
  if (gates.length === 0) return { completed };
  const states = gates.map((p) => state.items[p.index] as QuizState);
  const passed = gates.every((p, i) => quizPassed(p.item as PlayerQuiz, states[i]!));
  const last = states[states.length - 1]!;
  return {
    completed,
    ...(passed ? { success: 'passed' as const } : completed ? { success: 'failed' as const } : {}),
    ...(last.best >= 0 ? { score: last.best / 100 } : {}),
  };
}
