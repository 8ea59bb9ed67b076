// The course as the player reads it (the `ajar-course` JSON data block of the launch page): the Course model with
// source positions dropped and media resolved to URLs. Written by src/render, read by src/player.

import type { Question, QuizSettings } from './model/questions.js';

export type PlayerTarget = 'scorm12' | 'scorm2004' | 'cmi5' | 'xapi' | 'standalone';

export interface PlayerData {
  readonly v: 1;
  readonly target: PlayerTarget;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly language: 'id' | 'en';
  readonly version: string;
  readonly jp: number;
  readonly institution?: string;
  readonly passingGrade: number;
  readonly completion: 'all' | 'all-and-pass' | 'pass';
  readonly gating: { readonly sequential: boolean; readonly allowSeek: boolean; readonly allowSpeedUp: boolean; readonly audioCompletes?: boolean; readonly remediation?: boolean };
  readonly modules: readonly PlayerModule[];
  /** Question banks the quizzes draw from (only those referenced). */
  readonly banks: readonly PlayerBank[];
  /** Whether free texts (assignments, essays) travel in the suspend data (not in SCORM 1.2). */
  readonly keepTexts: boolean;
  /** The target's suspend-data limit in characters. */
  readonly stateLimit: number;
  /** SCORM: least time between two routine commits (the LMS profile, build.lms); 10 s when absent. */
  readonly commitEveryMs?: number;
}

export interface PlayerBank {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly questions: readonly Question[];
}

export interface PlayerModule {
  readonly id: string;
  readonly title: string;
  readonly group?: string;
  readonly items: readonly PlayerItem[];
}

export type PlayerItem = PlayerLesson | PlayerQuiz | PlayerAssignment | PlayerActivity;

export interface MediaSource {
  readonly src: string;
  readonly type: string;
  readonly height?: number;
  readonly bitrate?: number;
}

export interface CaptionTrack {
  readonly src: string;
  readonly lang: string;
  readonly label: string;
}

export interface PlayerVideo {
  /** Progressive sources, smallest first. */
  readonly sources: readonly MediaSource[];
  /** HLS master playlist, used only where the browser plays HLS natively. */
  readonly hls?: string;
  readonly poster?: string;
  readonly captions: readonly CaptionTrack[];
  readonly duration?: number;
}

export interface PlayerLesson {
  readonly kind: 'lesson';
  readonly id: string;
  readonly title: string;
  readonly duration?: number;
  readonly dir: 'ltr' | 'rtl' | 'auto';
  readonly html: string;
  readonly video?: PlayerVideo;
  readonly audio?: MediaSource;
  readonly slides?: string;
}

export interface PlayerQuiz {
  readonly kind: 'quiz';
  readonly id: string;
  readonly title: string;
  readonly role: 'pre' | 'post' | 'unit' | 'practice';
  readonly html: string;
  readonly settings: QuizSettings;
}

export interface PlayerAssignment {
  readonly kind: 'assignment';
  readonly id: string;
  readonly title: string;
  readonly html: string;
  readonly minLength: number;
  readonly maxLength?: number;
  readonly purpose?: string;
}

export interface PlayerActivity {
  readonly kind: 'activity';
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly activity: 'forum' | 'live' | 'link';
}

/** Items in course order, flattened: the index is the item's number in the resume state. */
export function flatItems(data: { readonly modules: readonly { readonly items: readonly PlayerItem[] }[] }): PlayerItem[] {
  return data.modules.flatMap((m) => m.items);
}
