// The player application: holds the learner's state, talks to the tracker, and shows one view at a
// time (outline, lesson, quiz, assignment, activity, results) in the main region.

import type { PlayerData, PlayerItem } from '../core/player-data.js';
import type { ItemState, PlayerState, QuizState } from '../core/state.js';
import { encodeState } from '../core/state.js';
import type { Tracker, TrackerStart } from './tracking/tracker.js';
import { strings, type Strings } from './i18n.js';
import { h } from './dom.js';
import { courseStatus, itemDone, itemUnlocked, moduleStatus, placedItems, quizPassed, type Placed } from './progress.js';
import type { App as AppForViews } from './view-host.js';
import { renderOutline } from './views/outline.js';
import { renderLesson } from './views/lesson.js';
import { renderQuiz } from './views/quiz.js';
import { renderAssignment } from './views/assignment.js';
import { renderActivity } from './views/activity.js';
import { renderResults } from './views/results.js';

function isStarted(s: ItemState): boolean {
  return s.k === 'lesson' || s.k === 'activity' ? s.visited : s.k === 'assignment' ? s.submitted || s.text !== '' : s.attempts > 0;
}

/** SCORM identifiers: no white space, ending in a letter or digit. */
function objectiveId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 240);
  return /[A-Za-z0-9]$/.test(clean) ? clean : clean + '0';
}

export const sessionKey = (data: PlayerData) => `ajar-session:${data.id}@${data.version}`;

export class App implements AppForViews {
  readonly t: Strings;
  readonly placed: Placed[];
  state: PlayerState;
  private readonly main: HTMLElement;
  private readonly live: HTMLElement;
  private readonly flash: HTMLElement;
  private readonly lms: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly barLabel: HTMLElement;
  private cleanup: (() => void) | undefined;

  constructor(
    readonly data: PlayerData,
    readonly tracker: Tracker,
    readonly start: TrackerStart,
    state: PlayerState,
    root: HTMLElement,
  ) {
    this.t = strings(data.language);
    this.placed = placedItems(data);
    this.state = state;
    this.bar = h('progress', { max: 100, value: 0, 'aria-labelledby': 'ajar-progress-label' });
    this.barLabel = h('span', { id: 'ajar-progress-label' });
    this.live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', id: 'ajar-live' });
    this.main = h('main', { id: 'main', tabindex: -1 });
    const header = h(
      'header',
      { class: 'top' },
      h('button', { type: 'button', class: 'link', onclick: () => this.go(-1) }, this.t.outline),
      h('span', { class: 'course-title', dir: 'auto' }, data.title),
      h('span', { class: 'meter' }, this.barLabel, this.bar),
    );
    this.flash = h('p', { class: 'flash', role: 'alert' });
    this.lms = h('p', { class: 'lms', role: 'alert', id: 'ajar-lms' });
    root.replaceChildren(h('a', { class: 'skip', href: '#main' }, this.t.skip), header, this.live, this.lms, this.flash, this.main);
    // Links between course items (`#ajar/<item>/<anchor>`, written by the render stage) are player
    // navigation: gating applies, and the anchor scrolls into view.
    this.main.addEventListener('click', (e) => {
      const a = (e.target as Element).closest?.('a[href^="#ajar/"]');
      if (!a) return;
      e.preventDefault();
      const [id, anchor] = a.getAttribute('href')!.slice(6).split('/').map(decodeURIComponent);
      const p = this.placed.find((x) => x.item.id === id);
      if (p) this.go(p.index, anchor);
      else if (!id) this.go(-1); // the syllabus: the outline
    });
    this.refreshProgress();
  }

  itemState<T extends ItemState>(index: number): T {
    return this.state.items[index] as T;
  }

  /** Replaces one item's state and saves. */
  update(index: number, next: ItemState, urgent = false): void {
    const items = this.state.items.slice();
    items[index] = next;
    this.state = { ...this.state, items };
    this.save(urgent);
  }

  announce(text: string): void {
    // Clear first so the same message is announced again.
    this.live.textContent = '';
    setTimeout(() => (this.live.textContent = text), 30);
  }

  status() {
    return courseStatus(this.data, this.state, this.start.masteryScore);
  }

  save(urgent = false): void {
    // Remediation done (every lesson of the module studied again): the quiz's attempts open again.
    if (this.data.gating.remediation)
      for (const p of this.placed) {
        const q = this.state.items[p.index] as QuizState;
        if (p.item.kind === 'quiz' && q.attempts > p.item.settings.attempts && p.item.settings.attempts > 0) {
          const lessons = this.placed.filter((x) => x.module === p.module && x.item.kind === 'lesson');
          if (lessons.every((x) => itemDone(x.item, this.state.items[x.index]!))) {
            const items = this.state.items.slice();
            items[p.index] = { ...q, attempts: 0 };
            this.state = { ...this.state, items };
          }
        }
      }
    const encoded = encodeState(this.state, this.data, { keepTexts: this.data.keepTexts });
    if (this.start.mode === 'normal') {
      // A copy in this tab (sessionStorage, gone with the tab): a refused or reloaded LMS session
      // (Initialize false, 2004 error 133 after a frame reload) resumes from here, never from scratch.
      try {
        sessionStorage.setItem(sessionKey(this.data), JSON.stringify([this.start.learnerId ?? '', encoded]));
      } catch {
        /* storage unavailable */
      }
      if (encoded.length <= this.data.stateLimit) this.tracker.saveState(encoded);
      const s = this.status();
      this.tracker.setProgress(s.progress);
      if (s.score !== undefined) this.tracker.setScore({ raw: s.score, min: 0, max: 100, scaled: s.score / 100 });
      if (s.completed) this.tracker.complete();
      if (s.success) this.tracker.setSuccess(s.success);
      if (this.tracker.setObjective) {
        // One objective per module that has been started, so LMS reports show where learners are.
        this.data.modules.forEach((m, i) => {
          const started = this.placed.some((p) => p.module === i && isStarted(this.state.items[p.index]!));
          if (started) this.tracker.setObjective!({ id: objectiveId(m.id), ...moduleStatus(this.data, this.state, i) });
        });
        // Pre-test and post-test scores as objectives of their own, so an LMS report shows the gain per learner.
        for (const p of this.placed) {
          const q = this.state.items[p.index] as QuizState;
          if (p.item.kind === 'quiz' && (p.item.role === 'pre' || p.item.role === 'post') && q.best >= 0)
            this.tracker.setObjective!({ id: objectiveId(p.item.id), completed: true, score: q.best / 100, ...(p.item.role === 'post' ? { success: quizPassed(p.item, q) ? 'passed' : 'failed' } : {}) });
        }
      }
    }
    this.refreshProgress();
    if (urgent) this.tracker.flush();
    const code = this.tracker.problem;
    this.lms.textContent = code ? this.t.lmsDown(code) : '';
  }

  private refreshProgress(): void {
    const p = Math.round(this.status().progress * 100);
    this.bar.value = p;
    this.barLabel.textContent = `${this.t.progress} ${p}%`;
    // The way on opens as soon as the current item unlocks it.
    const next = this.main?.querySelector('[data-next]');
    const to = Number(next?.getAttribute('data-next'));
    if (next && to >= 0) {
      if (this.unlocked(to)) next.removeAttribute('aria-disabled');
      else next.setAttribute('aria-disabled', 'true');
    }
  }

  unlocked(index: number): boolean {
    return itemUnlocked(this.data, this.state, index);
  }

  /** Shows an item (index ≥ 0), the outline (-1) or the results (-2). A locked item is refused. */
  /** The open attempt of a closed-book quiz (a post-test by default), which no other item may interrupt. */
  closedBook(): number | undefined {
    return this.placed.find((p) => p.item.kind === 'quiz' && (p.item.settings.closedBook ?? p.item.role === 'post') && (this.state.items[p.index] as QuizState).open)?.index;
  }

  go(index: number, anchor?: string): void {
    const exam = this.closedBook();
    const why = index >= 0 && !this.unlocked(index) ? this.t.lockedWhy : exam !== undefined && index >= 0 && index !== exam ? this.t.closedBook : '';
    if (why) {
      // Said aloud and shown: a sighted learner who followed a link must see why nothing opened.
      this.flash.textContent = why;
      this.announce(why);
      return;
    }
    this.flash.textContent = '';
    this.cleanup?.();
    this.cleanup = undefined;
    this.state = { ...this.state, location: index };
    this.tracker.setLocation(String(index));
    this.save();
    const view = this.view(index);
    this.main.replaceChildren(view);
    this.main.setAttribute('data-view', index === -1 ? 'outline' : index === -2 ? 'results' : this.placed[index]!.item.kind);
    let target: HTMLElement | null = this.main.querySelector('h1');
    if (anchor) {
      // The anchor is in the reading: show that tab first.
      this.main.querySelector<HTMLElement>('[role=tab][data-tab="0"]:not([aria-selected=true])')?.click();
      target = document.getElementById('user-content-' + anchor) ?? target;
    }
    window.scrollTo?.(0, 0);
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus();
      if (anchor) target.scrollIntoView();
    }
  }

  onLeave(fn: () => void): void {
    this.cleanup = fn;
  }

  private view(index: number): HTMLElement {
    if (index === -1) return renderOutline(this);
    if (index === -2) return renderResults(this);
    const p = this.placed[index]!;
    const item: PlayerItem = p.item;
    let body: HTMLElement;
    if (item.kind === 'lesson') body = renderLesson(this, item, index);
    else if (item.kind === 'quiz') body = renderQuiz(this, item, index);
    else if (item.kind === 'assignment') body = renderAssignment(this, item, index);
    else body = renderActivity(this, item, index);
    return h('div', { class: 'item' }, body, this.pager(index));
  }

  private pager(index: number): HTMLElement {
    const prev = index - 1;
    const next = index + 1 < this.placed.length ? index + 1 : -2;
    return h(
      'nav',
      { class: 'pager', 'aria-label': this.t.outline },
      prev >= 0 ? h('button', { type: 'button', onclick: () => this.go(prev) }, `← ${this.t.prev}`) : null,
      h('button', { type: 'button', onclick: () => this.go(-1) }, this.t.back),
      h('button', { type: 'button', 'data-next': String(next), 'aria-disabled': next >= 0 && !this.unlocked(next) ? 'true' : null, onclick: () => this.go(next) }, `${next === -2 ? this.t.results : this.t.next} →`),
    );
  }

  /** Page is going away: keep the state, end the session (suspend unless the course is finished). */
  leave(): void {
    this.cleanup?.();
    this.save();
    const s = this.status();
    this.tracker.terminate(s.completed && s.success !== 'failed' ? 'normal' : 'suspend');
  }
}
