// SCORM 1.2 and SCORM 2004 adapters. Both write through a small "runtime" (get/set/commit/finish)
// and share throttled, retried commits; they differ in element names and vocabularies.

import type { InteractionRecord, ObjectiveReport, ScoreReport, Tracker, TrackerStart } from './tracker.js';

interface Api12 {
  LMSInitialize(p: ''): string;
  LMSGetValue(e: string): string;
  LMSSetValue(e: string, v: string): string;
  LMSCommit(p: ''): string;
  LMSFinish(p: ''): string;
  LMSGetLastError(): string | number;
}
interface Api2004 {
  Initialize(p: ''): string;
  GetValue(e: string): string;
  SetValue(e: string, v: string): string;
  Commit(p: ''): string;
  Terminate(p: ''): string;
  GetLastError(): string | number;
}

interface Runtime {
  init(): boolean;
  get(e: string): string;
  set(e: string, v: string): boolean;
  commit(): boolean;
  finish(): boolean;
  /** The LMS's last error code. */
  error(): string;
}

/** Least time between two routine commits unless the LMS profile says otherwise (build.lms). */
const COMMIT_EVERY_MS = 10_000;
const RETRIES = [1000, 3000, 9000];

const two = (n: number) => String(n).padStart(2, '0');

/** 1.2 CMITimespan HHHH:MM:SS.SS */
export function timespan12(seconds: number): string {
  const s = Math.max(0, seconds);
  const hh = Math.min(9999, Math.floor(s / 3600));
  const mm = Math.floor((s % 3600) / 60);
  const ss = (s % 60).toFixed(2).padStart(5, '0');
  return `${String(hh).padStart(4, '0')}:${two(mm)}:${ss}`;
}

/** 2004 timeinterval (ISO 8601 duration), e.g. PT1H2M3.5S */
export function duration2004(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round((s % 60) * 100) / 100;
  return `PT${h ? h + 'H' : ''}${m ? m + 'M' : ''}${sec}S`;
}

/** 2004 time(second,10,0) in UTC with its zone designator (allowed only after the fraction): YYYY-MM-DDThh:mm:ss.ssZ (without one it means local time). */
function timestamp2004(d: Date): string {
  return d.toISOString().slice(0, 22) + 'Z';
}
function time12(d: Date): string {
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const round2 = (n: number) => String(Math.round(n * 100) / 100);

abstract class ScormTracker implements Tracker {
  abstract readonly kind: string;
  readonly connected = true;
  protected started = Date.now();
  protected interactionCount = 0;
  protected completed = false;
  protected success: 'passed' | 'failed' | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  private finished = false;
  protected mode: TrackerStart['mode'] = 'normal';
  /** The LMS's error code while it refuses the session (Initialize or every commit retry failed). */
  problem: string | undefined;

  /** Initialize; on failure the player keeps the state in the tab and retries (reconnect). */
  protected init(): boolean {
    if (this.rt.init()) return true;
    this.problem = this.rt.error() || '101';
    this.initFailed = true;
    return false;
  }

  private initFailed = false;

  /** Tries again after a refusal: Initialize if that failed (then every value is sent again), else a commit. */
  reconnect(): boolean {
    if (this.finished) return false;
    if (this.initFailed) {
      if (!this.rt.init()) return false;
      this.initFailed = false;
      this.written.clear();
    }
    this.problem = undefined;
    this.dirty = true;
    this.commitNow(RETRIES.length);
    return this.problem === undefined;
  }

  constructor(
    protected readonly rt: Runtime,
    private readonly commitEveryMs = COMMIT_EVERY_MS,
  ) {}

  abstract initialize(): Promise<TrackerStart>;
  abstract setLocation(location: string): void;
  abstract setProgress(fraction: number): void;
  abstract recordInteraction(i: InteractionRecord): void;
  protected abstract writeScore(score: ScoreReport): void;
  /** The course score waiting for the result to be final (see setScore). */
  private pendingScore: ScoreReport | undefined;
  protected abstract writeStatus(): void;
  protected abstract writeSessionTime(seconds: number): void;
  protected abstract writeExit(exit: 'suspend' | 'normal'): void;
  abstract saveState(state: string): void;

  private readonly written = new Map<string, string>();
  private readonly objectives = new Map<string, number>();

  protected set(element: string, value: string): void {
    if (this.finished) return;
    // Values that did not change are not sent again (fewer calls, fewer commits on slow links).
    if (this.written.get(element) === value) return;
    this.written.set(element, value);
    this.rt.set(element, value);
    this.dirty = true;
    this.schedule();
  }

  /** The index of an objective, found among the LMS's (resume) or appended. */
  protected objectiveIndex(id: string): number {
    let n = this.objectives.get(id);
    if (n === undefined) {
      const count = Number(this.rt.get('cmi.objectives._count')) || 0;
      for (let i = 0; i < count && n === undefined; i++) if (this.rt.get(`cmi.objectives.${i}.id`) === id) n = i;
      n ??= Math.max(count, this.objectives.size);
      for (const used of this.objectives.values()) if (used >= n) n = used + 1;
      this.objectives.set(id, n);
    }
    return n;
  }

  abstract setObjective(o: ObjectiveReport): void;

  /**
   * The course score reaches the LMS only once the result is final (passed or failed). A score written
   * on the way (0 after the pre-test, 33.33 after the first unit quiz…) is read by LMSs as a result: at
   * LMSFinish Moodle's SCORM 1.2 runtime turns the status into `failed` whenever a raw score below the
   * mastery score is set, and then opens the next launch in review mode. Progress on the way is
   * reported per module (objectives) and, in SCORM 2004, as cmi.progress_measure.
   */
  setScore(score: ScoreReport): void {
    this.pendingScore = score;
    if (this.success !== undefined) this.writeScore(score);
  }

  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.writeStatus();
  }

  setSuccess(success: 'passed' | 'failed'): void {
    if (this.success === success) return;
    this.success = success;
    // The score first: an LMS that derives the status from it sees the final pair together.
    if (this.pendingScore) this.writeScore(this.pendingScore);
    this.writeStatus();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.commitNow();
    }, this.commitEveryMs);
  }

  private commitNow(attempt = 0): void {
    if (!this.dirty || this.finished) return;
    this.writeSessionTime((Date.now() - this.started) / 1000);
    if (this.rt.commit()) {
      this.dirty = false;
      return;
    }
    // A failed commit keeps the data in the LMS API; try again a little later.
    const wait = RETRIES[attempt];
    if (wait !== undefined) setTimeout(() => this.commitNow(attempt + 1), wait);
    else this.problem = this.rt.error() || '101';
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.commitNow();
  }

  terminate(exit: 'suspend' | 'normal'): void {
    if (this.finished) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.writeExit(exit);
    this.writeSessionTime((Date.now() - this.started) / 1000);
    // LMSFinish/Terminate persists everything itself (an implicit commit, RTE 3.1.3.2). No Commit first:
    // a learner who closes the tab leaves while the page is being dismissed, when LMSs send by
    // navigator.sendBeacon, and browsers queue at most 64 KiB of beacon data; Moodle's SCORM 2004 runtime
    // sends every value changed since the launch with each call, so a Commit and then a Terminate of the
    // example course (≈43 KB each) pushed the Terminate out: its total time and final rules were lost.
    this.finished = true;
    this.rt.finish();
  }
}

export class Scorm12Tracker extends ScormTracker {
  readonly kind = 'scorm12';
  constructor(api: Api12, commitEveryMs?: number) {
    super({
      init: () => String(api.LMSInitialize('')) === 'true',
      get: (e) => String(api.LMSGetValue(e) ?? ''),
      set: (e, v) => String(api.LMSSetValue(e, v)) === 'true',
      commit: () => String(api.LMSCommit('')) === 'true',
      finish: () => String(api.LMSFinish('')) === 'true',
      error: () => String(api.LMSGetLastError()),
    }, commitEveryMs);
  }

  async initialize(): Promise<TrackerStart> {
    if (!this.init()) return { mode: 'normal' };
    this.started = Date.now();
    const status = this.rt.get('cmi.core.lesson_status');
    this.completed = status === 'completed' || status === 'passed' || status === 'failed';
    if (status === 'passed' || status === 'failed') this.success = status;
    this.interactionCount = Number(this.rt.get('cmi.interactions._count')) || 0;
    const mastery = this.rt.get('cmi.student_data.mastery_score');
    const mode = this.rt.get('cmi.core.lesson_mode');
    this.mode = mode === 'browse' || mode === 'review' ? mode : 'normal';
    if (this.mode === 'normal' && (status === 'not attempted' || status === '')) this.set('cmi.core.lesson_status', 'incomplete');
    if (this.mode === 'normal' && !this.completed) this.writeExit('suspend'); // see Scorm2004Tracker.initialize
    const state = this.rt.get('cmi.suspend_data');
    const location = this.rt.get('cmi.core.lesson_location');
    const name = this.rt.get('cmi.core.student_name');
    const learnerId = this.rt.get('cmi.core.student_id');
    return {
      learnerId,
      mode: this.mode,
      ...(state ? { state } : {}),
      ...(location ? { location } : {}),
      ...(name ? { learnerName: name } : {}),
      ...(mastery !== '' && Number.isFinite(Number(mastery)) ? { masteryScore: Number(mastery) } : {}),
    };
  }

  setLocation(location: string): void {
    this.set('cmi.core.lesson_location', location.slice(0, 255));
  }
  setProgress(): void {
    // SCORM 1.2 has no progress measure; progress lives in the suspend data.
  }
  protected writeScore(s: ScoreReport): void {
    this.set('cmi.core.score.raw', round2(s.raw));
    this.set('cmi.core.score.min', round2(s.min));
    this.set('cmi.core.score.max', round2(s.max));
  }
  protected writeStatus(): void {
    if (this.mode !== 'normal') return;
    const status = this.success ?? (this.completed ? 'completed' : 'incomplete');
    this.set('cmi.core.lesson_status', status);
  }
  recordInteraction(i: InteractionRecord): void {
    const n = `cmi.interactions.${this.interactionCount++}.`;
    this.set(n + 'id', i.id);
    this.set(n + 'time', time12(i.timestamp));
    this.set(n + 'type', i.type12);
    this.set(n + 'weighting', round2(i.weighting));
    if (i.pattern12 !== undefined && i.pattern12 !== '') this.set(n + 'correct_responses.0.pattern', i.pattern12);
    this.set(n + 'student_response', i.response12);
    this.set(n + 'result', i.result12);
    this.set(n + 'latency', timespan12(i.latencySeconds));
  }
  saveState(state: string): void {
    this.set('cmi.suspend_data', state);
  }
  setObjective(o: ObjectiveReport): void {
    if (this.mode !== 'normal') return;
    const n = `cmi.objectives.${this.objectiveIndex(o.id)}.`;
    this.set(n + 'id', o.id);
    if (o.score !== undefined) {
      this.set(n + 'score.raw', round2(o.score));
      this.set(n + 'score.min', '0');
      this.set(n + 'score.max', '100');
    }
    this.set(n + 'status', o.success ?? (o.completed ? 'completed' : 'incomplete'));
  }
  protected writeSessionTime(seconds: number): void {
    this.rt.set('cmi.core.session_time', timespan12(seconds));
  }
  protected writeExit(exit: 'suspend' | 'normal'): void {
    this.rt.set('cmi.core.exit', exit === 'suspend' ? 'suspend' : '');
  }
}

export class Scorm2004Tracker extends ScormTracker {
  readonly kind = 'scorm2004';
  constructor(api: Api2004, commitEveryMs?: number) {
    super({
      init: () => String(api.Initialize('')) === 'true',
      get: (e) => String(api.GetValue(e) ?? ''),
      set: (e, v) => String(api.SetValue(e, v)) === 'true',
      commit: () => String(api.Commit('')) === 'true',
      finish: () => String(api.Terminate('')) === 'true',
      error: () => String(api.GetLastError()),
    }, commitEveryMs);
  }

  async initialize(): Promise<TrackerStart> {
    if (!this.init()) return { mode: 'normal' };
    this.started = Date.now();
    this.completed = this.rt.get('cmi.completion_status') === 'completed';
    const success = this.rt.get('cmi.success_status');
    if (success === 'passed' || success === 'failed') this.success = success;
    this.interactionCount = Number(this.rt.get('cmi.interactions._count')) || 0;
    const mode = this.rt.get('cmi.mode');
    this.mode = mode === 'browse' || mode === 'review' ? mode : 'normal';
    const scaled = this.rt.get('cmi.scaled_passing_score');
    if (!this.completed && this.mode === 'normal') this.set('cmi.completion_status', 'incomplete');
    // Exit "suspend" from the start, sent with the first commit: the last commit, made while the tab closes,
    // can be lost (browsers queue at most 64 KiB of beacon data), and an LMS that never received
    // "suspend" does not bring the session back (Moodle's 2004 runtime reloads nothing else). Terminate
    // writes the real exit.
    if (!this.completed && this.mode === 'normal') this.writeExit('suspend');
    const state = this.rt.get('cmi.suspend_data');
    const location = this.rt.get('cmi.location');
    const name = this.rt.get('cmi.learner_name');
    const learnerId = this.rt.get('cmi.learner_id');
    return {
      learnerId,
      mode: this.mode,
      ...(state ? { state } : {}),
      ...(location ? { location } : {}),
      ...(name ? { learnerName: name } : {}),
      ...(scaled !== '' && Number.isFinite(Number(scaled)) ? { masteryScore: Number(scaled) * 100 } : {}),
    };
  }

  setLocation(location: string): void {
    this.set('cmi.location', location.slice(0, 1000));
  }
  setProgress(fraction: number): void {
    this.set('cmi.progress_measure', String(Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 1000));
  }
  protected writeScore(s: ScoreReport): void {
    this.set('cmi.score.raw', round2(s.raw));
    this.set('cmi.score.min', round2(s.min));
    this.set('cmi.score.max', round2(s.max));
    this.set('cmi.score.scaled', String(Math.round(s.scaled * 10000) / 10000));
  }
  protected writeStatus(): void {
    if (this.mode !== 'normal') return;
    this.set('cmi.completion_status', this.completed ? 'completed' : 'incomplete');
    this.set('cmi.success_status', this.success ?? 'unknown');
  }
  recordInteraction(i: InteractionRecord): void {
    const n = `cmi.interactions.${this.interactionCount++}.`;
    this.set(n + 'id', i.id);
    this.set(n + 'type', i.type);
    this.set(n + 'timestamp', timestamp2004(i.timestamp));
    this.set(n + 'weighting', round2(i.weighting));
    if (i.pattern !== undefined) this.set(n + 'correct_responses.0.pattern', i.pattern);
    // An unanswered question has no response: LMSs that check the response against the type (Moodle
    // does, for choice, true-false, numeric and matching) refuse an empty one.
    if (i.response !== '') this.set(n + 'learner_response', i.response);
    this.set(n + 'result', i.result);
    this.set(n + 'latency', duration2004(i.latencySeconds));
    if (i.description) this.set(n + 'description', i.description);
  }
  saveState(state: string): void {
    this.set('cmi.suspend_data', state);
  }
  setObjective(o: ObjectiveReport): void {
    if (this.mode !== 'normal') return;
    const n = `cmi.objectives.${this.objectiveIndex(o.id)}.`;
    this.set(n + 'id', o.id);
    if (o.score !== undefined) {
      this.set(n + 'score.raw', round2(o.score));
      this.set(n + 'score.min', '0');
      this.set(n + 'score.max', '100');
      this.set(n + 'score.scaled', String(Math.round(o.score * 100) / 10000));
    }
    this.set(n + 'completion_status', o.completed ? 'completed' : 'incomplete');
    this.set(n + 'success_status', o.success ?? 'unknown');
  }
  protected writeSessionTime(seconds: number): void {
    this.rt.set('cmi.session_time', duration2004(seconds));
  }
  protected writeExit(exit: 'suspend' | 'normal'): void {
    this.rt.set('cmi.exit', exit);
  }
}

export type { Api12, Api2004 };
