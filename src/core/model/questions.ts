// Question and quiz model shared by the loader, the checker, the scoring engine, the player and interop.
// Owned by the question-bank work (issue 3); kept here so every stage reads one definition.
import type { NumberConvention } from '../numbers.js';

import type { SourceRef } from './source.js';

export type QuestionType =
  | 'single'
  | 'multiple'
  | 'truefalse'
  | 'short'
  | 'numerical'
  | 'matching'
  | 'ordering'
  | 'essay'
  | 'description';

export interface Feedback {
  /** Shown when the response is fully correct (sanitised HTML). */
  readonly correct?: string;
  /** Shown when the response is partly correct. */
  readonly partial?: string;
  /** Shown when the response is wrong. */
  readonly incorrect?: string;
  /** Shown whatever the response. */
  readonly general?: string;
}

export interface Choice {
  /** Stable within the question: a, b, c … unless authored. */
  readonly id: string;
  readonly html: string;
  /** Fraction of the question's points, -1..1; 1 for the correct single choice. */
  readonly weight: number;
  readonly feedback?: string;
  /** Kept in place when options are shuffled ("semua benar"). */
  readonly fixed?: boolean;
}

interface QuestionBase {
  /** Explicit `id=` or derived from the heading (see docs/questions.md); unique across the course. */
  readonly id: string;
  /** Short plain-text name: the heading text (LMS question name on export). */
  readonly name: string;
  readonly type: QuestionType;
  /** Stem as sanitised HTML. */
  readonly html: string;
  /** Plain-text stem, for reports and LMS interaction descriptions. */
  readonly text: string;
  readonly points: number;
  readonly tags: readonly string[];
  readonly feedback: Feedback;
  readonly source: SourceRef;
  /** Course-relative paths of images and other files the question's HTML refers to. */
  readonly assets?: readonly string[];
}

interface ChoiceQuestionBase extends QuestionBase {
  readonly choices: readonly Choice[];
  /** Multiple response: fraction taken off per wrong pick when weights do not say otherwise. */
  readonly penalty?: number;
}

export interface SingleChoiceQuestion extends ChoiceQuestionBase {
  readonly type: 'single';
}

export interface MultipleChoiceQuestion extends ChoiceQuestionBase {
  readonly type: 'multiple';
}

/** Single choice or multiple response; a union so that `q.type === 'single'` narrows. */
export type ChoiceQuestion = SingleChoiceQuestion | MultipleChoiceQuestion;

export interface TrueFalseQuestion extends QuestionBase {
  readonly type: 'truefalse';
  readonly answer: boolean;
  readonly feedbackTrue?: string;
  readonly feedbackFalse?: string;
}

export interface ShortAnswer {
  readonly text: string;
  readonly weight: number;
  readonly feedback?: string;
}

export interface ShortQuestion extends QuestionBase {
  readonly type: 'short';
  readonly answers: readonly ShortAnswer[];
  readonly caseSensitive: boolean;
  /** Collapse runs of white space and trim before comparing. */
  readonly normalizeSpace: boolean;
}

export interface NumericalAnswer {
  /** Exact value with a tolerance, or a range. */
  readonly value?: number;
  readonly tolerance?: number;
  readonly min?: number;
  readonly max?: number;
  readonly weight: number;
  readonly feedback?: string;
}

export interface NumericalQuestion extends QuestionBase {
  readonly type: 'numerical';
  readonly answers: readonly NumericalAnswer[];
  /** How learners' answers are read: the course's convention (`id`: 1.234,5; `en`: 1,234.5). */
  readonly numbers?: NumberConvention;
}

export interface MatchPair {
  /** Stable within the question: 1, 2, 3 … in authored order. */
  readonly id: string;
  /** Prompt as sanitised inline HTML. */
  readonly prompt: string;
  /** Answer as sanitised inline HTML; pairs with the same answer share one target. */
  readonly answer: string;
}

/** One entry of a matching question's answer list (answers then distractors, de-duplicated). */
export interface MatchTarget {
  /** A single letter, assigned so that its order does not give the pairs away. */
  readonly id: string;
  readonly html: string;
}

export interface MatchingQuestion extends QuestionBase {
  readonly type: 'matching';
  readonly pairs: readonly MatchPair[];
  /** Extra wrong answers offered in every list. */
  readonly distractors: readonly string[];
  /** Every answer offered, with ids; `answerOf` maps a pair id to its target id. */
  readonly targets: readonly MatchTarget[];
  readonly answerOf: Readonly<Record<string, string>>;
}

export interface OrderingQuestion extends QuestionBase {
  readonly type: 'ordering';
  /** In the correct order; ids are letters assigned so that their order does not give the answer away. */
  readonly items: readonly { readonly id: string; readonly html: string }[];
}

export interface EssayQuestion extends QuestionBase {
  readonly type: 'essay';
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface DescriptionBlock extends QuestionBase {
  readonly type: 'description';
}

export type Question =
  | ChoiceQuestion
  | TrueFalseQuestion
  | ShortQuestion
  | NumericalQuestion
  | MatchingQuestion
  | OrderingQuestion
  | EssayQuestion
  | DescriptionBlock;

/** Which questions a quiz draws from, per attempt. */
export interface Draw {
  /** Course-relative path of a bank; all banks the quiz lists when absent. */
  readonly bank?: string;
  /** Questions carrying every one of these tags. */
  readonly tags: readonly string[];
  /** How many to draw; all that match when absent. */
  readonly count?: number;
  readonly source: SourceRef;
}

export interface QuizSettings {
  readonly draws: readonly Draw[];
  readonly shuffleQuestions: boolean;
  readonly shuffleOptions: boolean;
  /** 0 = unlimited. */
  readonly attempts: number;
  /** 0–100. */
  readonly passingGrade: number;
  /** Minutes; undefined = no limit. */
  readonly timeLimit?: number;
  readonly feedback: 'immediate' | 'after-submit' | 'never';
  readonly countsTowardScore: boolean;
  /** Lessons cannot be opened while an attempt is open; undefined = true for a post-test, else false. */
  readonly closedBook?: boolean;
  /** The learner may extend the time limit (WCAG 2.2.1); undefined = false for a post-test, else true. */
  readonly extendTime?: boolean;
  /** Questions written in the quiz file itself, besides draws from banks. */
  readonly questions: readonly Question[];
}
