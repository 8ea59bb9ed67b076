// LMS profiles (`build.lms` in ajar.yaml): the few choices where LMSs really differ in how they read a
// package. Each choice and its reason is in docs/lms.md; keep the two in step.

export type LmsProfile = 'generic' | 'moodle';

export const lmsProfiles = ['generic', 'moodle'] as const satisfies readonly LmsProfile[];

export interface LmsChoices {
  /**
   * The passing grade as the manifest's mastery score (SCORM 1.2 adlcp:masteryscore, SCORM 2004
   * minNormalizedMeasure). Off for Moodle: its SCORM 1.2 runtime rewrites cmi.core.lesson_status from
   * score.raw and the mastery score at every LMSFinish, which can contradict the course's own rule
   * (every unit quiz and the post-test passed, not only the average).
   */
  readonly masteryInManifest: boolean;
  /**
   * Least time between two routine commits, in milliseconds; important events (a quiz submitted, an item
   * done, leaving) commit at once. Moodle's commit is a synchronous request that holds the page until the
   * server answers, and its SCORM 2004 runtime sends every value changed since the launch each time.
   */
  readonly commitEveryMs: number;
}

export const lmsChoices: Record<LmsProfile, LmsChoices> = {
  generic: { masteryInManifest: true, commitEveryMs: 10_000 },
  moodle: { masteryInManifest: false, commitEveryMs: 60_000 },
};
