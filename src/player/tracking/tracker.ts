// One interface for every way the player reports learning: SCORM 1.2, SCORM 2004, standalone
// (localStorage); cmi5 and xAPI adapters implement the same interface. Calls are fire-and-forget
// for the player: an adapter queues, throttles and retries as its transport needs.

import type { InteractionReport } from '../engine.js';

export interface TrackerStart {
  /** Saved suspend data from the previous session, if any. */
  readonly state?: string;
  /** Saved location (bookmark). */
  readonly location?: string;
  readonly learnerName?: string;
  /** The LMS's learner id (1.2 student_id, 2004 learner_id, the xAPI actor): whose texts the device keeps. */
  readonly learnerId?: string;
  /** Mastery score set by the LMS (0–100); wins over the course's passing grade. */
  readonly masteryScore?: number;
  /** 'browse'/'review' launches must not change results. */
  readonly mode: 'normal' | 'browse' | 'review';
}

export interface ScoreReport {
  readonly raw: number;
  readonly min: number;
  readonly max: number;
  /** raw / max, -1..1 */
  readonly scaled: number;
}

export interface ObjectiveReport {
  /** The module id (a SCORM identifier). */
  readonly id: string;
  readonly completed: boolean;
  readonly success?: 'passed' | 'failed';
  /** 0–100, the best score of the module's quiz, when it has one. */
  readonly score?: number;
}

export interface InteractionRecord extends InteractionReport {
  /** Seconds from showing the question to the response. */
  readonly latencySeconds: number;
  readonly timestamp: Date;
}

export interface Tracker {
  /** 'scorm12' | 'scorm2004' | 'standalone' | 'cmi5' | 'xapi' */
  readonly kind: string;
  /** False when no LMS answered: the player says so and keeps progress on the device. */
  readonly connected: boolean;
  initialize(): Promise<TrackerStart>;
  setLocation(location: string): void;
  /** 0–1 of tracked items done. */
  setProgress(fraction: number): void;
  recordInteraction(interaction: InteractionRecord): void;
  setScore(score: ScoreReport): void;
  /** Every required item done (completion), independent of success. */
  complete(): void;
  /** Success as the completion rule decides it; may change from failed to passed on a retry. */
  setSuccess(success: 'passed' | 'failed'): void;
  saveState(state: string): void;
  /** Per-module results as LMS objectives (optional: trackers without objectives leave it out). */
  setObjective?(objective: ObjectiveReport): void;
  /** A submitted quiz attempt with its score (pre/post-test gain per learner): xAPI/cmi5 send a `scored` statement. */
  quizScored?(quiz: { readonly id: string; readonly title: string; readonly score: ScoreReport; readonly success?: 'passed' | 'failed' }): void;
  /** Sends what is pending now (after important events) instead of at the next throttled commit. */
  flush(): void;
  /** The LMS's error code while it refuses the session (Initialize or commits failed); the player says so. */
  readonly problem?: string | undefined;
  /** Tries the session again after a refusal; true when the LMS accepted it. */
  reconnect?(): boolean;
  /** Ends the session: 'suspend' when the learner will come back, 'normal' when the course is done. */
  terminate(exit: 'suspend' | 'normal'): void;
}
