// The validated course model: plain, immutable data that every later stage reads.
// Nothing here touches the file system; `src/load/` builds it, `src/check/` reports on it.

import type { Question, QuizSettings } from './questions.js';
import type { SourceRef } from './source.js';

export type { Point, Position, SourceRef } from './source.js';

export type Lang = 'id' | 'en';

export type CompletionRule =
  /** every tracked item done */
  | 'all'
  /** every tracked item done and the course score at or above the passing grade */
  | 'all-and-pass'
  /** the post-test passed, whatever else was done */
  | 'pass';

export interface Author {
  name: string;
  email?: string;
  role?: string;
}

export interface Course {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly language: Lang;
  readonly version: string;
  /** Jam Pelajaran: training hours credited on completion. */
  readonly jp: number;
  readonly competencies: readonly string[];
  readonly authors: readonly Author[];
  readonly institution?: string;
  /** 0–100; the course score needed to pass. */
  readonly passingGrade: number;
  readonly completion: CompletionRule;
  readonly gating: Gating;
  readonly modules: readonly Module[];
  /** Question banks referenced by quizzes, keyed by course-relative path. */
  readonly banks: readonly QuestionBank[];
  readonly source: SourceRef;
}

export interface Gating {
  /** A module opens only when the previous one is complete and its quiz passed (mastery learning). */
  readonly sequential: boolean;
  /** Allow seeking past the furthest watched point of a video. */
  readonly allowSeek: boolean;
  /** Allow playback faster than 1×. */
  readonly allowSpeedUp: boolean;
  /** Whether playing a lesson's audio through completes a lesson that also has a video (default true). */
  readonly audioCompletes?: boolean;
  /** Used-up attempts at a unit quiz or post-test open again after the module's lessons are studied again. */
  readonly remediation?: boolean;
}

/** Material groups common in Indonesian civil-service training outlines. */
export type ModuleGroup = 'pengantar' | 'dasar' | 'inti' | 'penunjang' | (string & {});

export interface Module {
  readonly id: string;
  readonly title: string;
  /** The outline heading the module sits under, when the syllabus groups modules. */
  readonly group?: { readonly id: ModuleGroup; readonly title: string };
  readonly items: readonly Item[];
  readonly source: SourceRef;
}

export type Item = Lesson | Quiz | Assignment | Activity;

interface ItemBase {
  /** Stable across builds: explicit `id` in front matter, or derived from the file path. */
  readonly id: string;
  readonly title: string;
  /** Where the outline links to it. */
  readonly link: SourceRef;
}

export interface MediaRef {
  /** Course-relative POSIX path of the source file. */
  readonly path: string;
  readonly source: SourceRef;
}

export interface VideoRef extends MediaRef {
  readonly captions: readonly CaptionRef[];
  readonly poster?: string;
}

export interface CaptionRef extends MediaRef {
  readonly lang: string;
  readonly label?: string;
}

export interface Lesson extends ItemBase {
  readonly kind: 'lesson';
  readonly file: string;
  /** Minutes, as authored. */
  readonly duration?: number;
  readonly media: {
    readonly video?: VideoRef;
    readonly audio?: MediaRef;
    readonly slides?: MediaRef;
  };
  /** The reading material: sanitised HTML rendered from the lesson body. */
  readonly html: string;
  /** Text direction of the lesson body as authored (`dir` front matter), default from language. */
  readonly dir: 'ltr' | 'rtl' | 'auto';
  /** Course-relative paths of images and other files the body refers to. */
  readonly assets: readonly string[];
}

export interface Quiz extends ItemBase {
  readonly kind: 'quiz';
  readonly file: string;
  /** `pre` / `post` tests are special in completion rules; `unit` quizzes gate modules. */
  readonly role: 'pre' | 'post' | 'unit' | 'practice';
  readonly settings: QuizSettings;
  /** Intro text shown before the quiz starts (sanitised HTML). */
  readonly html: string;
}

export interface Assignment extends ItemBase {
  readonly kind: 'assignment';
  readonly file: string;
  /** Prompt as sanitised HTML. */
  readonly html: string;
  readonly minLength: number;
  readonly maxLength?: number;
  /** e.g. 'rtl' (rencana tindak lanjut) */
  readonly purpose?: string;
}

/** An LMS activity (forum, live session) the player shows but does not track. */
export interface Activity extends ItemBase {
  readonly kind: 'activity';
  readonly url: string;
  readonly activity: 'forum' | 'live' | 'link';
}

export interface QuestionBank {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly questions: readonly Question[];
}

export function* allItems(course: Course): Generator<{ module: Module; item: Item; index: number }> {
  for (const module of course.modules) {
    let index = 0;
    for (const item of module.items) yield { module, item, index: index++ };
  }
}

export function isTracked(item: Item): item is Lesson | Quiz | Assignment {
  return item.kind !== 'activity';
}
