// Without an LMS: progress is kept in this browser's localStorage, keyed by course id and version.

import type { InteractionRecord, ScoreReport, Tracker, TrackerStart } from './tracker.js';

export class StandaloneTracker implements Tracker {
  readonly kind = 'standalone';
  readonly connected = false;
  constructor(private readonly key: string) {}

  private read(): Record<string, string> {
    try {
      return JSON.parse(localStorage.getItem(this.key) || '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }
  private write(field: string, value: string): void {
    try {
      const all = this.read();
      all[field] = value;
      localStorage.setItem(this.key, JSON.stringify(all));
    } catch {
      /* storage full or disabled: the session still works, it just is not kept */
    }
  }

  async initialize(): Promise<TrackerStart> {
    const saved = this.read();
    return { mode: 'normal', ...(saved.state ? { state: saved.state } : {}), ...(saved.location ? { location: saved.location } : {}) };
  }
  setLocation(location: string): void {
    this.write('location', location);
  }
  setProgress(fraction: number): void {
    this.write('progress', String(fraction));
  }
  recordInteraction(_i: InteractionRecord): void {}
  setScore(score: ScoreReport): void {
    this.write('score', String(score.raw));
  }
  complete(): void {
    this.write('completion', 'completed');
  }
  setSuccess(success: 'passed' | 'failed'): void {
    this.write('success', success);
  }
  saveState(state: string): void {
    this.write('state', state);
  }
  flush(): void {}
  terminate(): void {}
}
