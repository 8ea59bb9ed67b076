// What a view (outline, lesson, quiz, assignment, activity, results) may use of the application that shows it.
// The views depend on this interface and src/player/app.ts implements it, so app → views runs one way only.

import type { PlayerData } from '../core/player-data.js';
import type { ItemState, PlayerState } from '../core/state.js';
import type { Tracker, TrackerStart } from './tracking/tracker.js';
import type { Strings } from './i18n.js';
import type { courseStatus, Placed } from './progress.js';

export interface App {
  readonly t: Strings;
  readonly placed: Placed[];
  readonly data: PlayerData;
  readonly tracker: Tracker;
  readonly start: TrackerStart;
  readonly state: PlayerState;
  itemState<T extends ItemState>(index: number): T;
  /** Replaces one item's state and saves. */
  update(index: number, next: ItemState, urgent?: boolean): void;
  announce(text: string): void;
  status(): ReturnType<typeof courseStatus>;
  save(urgent?: boolean): void;
  unlocked(index: number): boolean;
  /** Shows an item (index ≥ 0), the outline (-1) or the results (-2). */
  go(index: number): void;
  onLeave(fn: () => void): void;
}
