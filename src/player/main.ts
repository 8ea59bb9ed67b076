// Entry of the browser bundle: reads the course data block, finds the LMS (or runs standalone),
// restores the learner's state and starts the app. The page is left with terminate() on pagehide.

import type { PlayerData } from '../core/player-data.js';
import { decodeState, initialState } from '../core/state.js';
import { createTracker } from './tracking/index.js';
import { App, sessionKey } from './app.js';
import { mapQuestions, unsealQuestion } from '../core/seal.js';
import { localText } from './local-text.js';

function newSeed(): number {
  const a = new Uint32Array(1);
  (globalThis.crypto ?? window.crypto).getRandomValues(a);
  return a[0]!;
}

async function start(): Promise<void> {
  const block = document.getElementById('ajar-course');
  const root = document.getElementById('app');
  if (!block || !root) return;
  // Questions arrive sealed (no answer key in the page source) and are unsealed here, in memory only.
  const data = mapQuestions(JSON.parse(block.textContent || '{}') as PlayerData, unsealQuestion);
  const tracker = await createTracker(data);
  const begin = await tracker.initialize();
  localText.start(begin.learnerId ?? '', !data.keepTexts || !tracker.connected);
  // The LMS refused the session: resume from this tab's copy (same learner), not from scratch.
  let saved = begin.state;
  if (!saved && tracker.problem) {
    try {
      const [learner, copy] = JSON.parse(sessionStorage.getItem(sessionKey(data)) ?? '[]') as [string, string];
      if (copy && (!begin.learnerId || learner === begin.learnerId)) saved = copy;
    } catch {
      /* no copy */
    }
  }
  const state = (saved ? decodeState(saved, data) : undefined) ?? initialState(data, newSeed());
  const app = new App(data, tracker, begin, state, root);
  // Nothing global: a console line must not pass a test. `ajar preview` marks its pages for debugging.
  if (document.documentElement.hasAttribute('data-ajar-debug')) (window as unknown as { ajar?: App }).ajar = app;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    app.leave();
  };
  window.addEventListener('pagehide', leave);
  window.addEventListener('beforeunload', leave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') app.save(true);
  });
  // Try the LMS again while it refuses; once it accepts, everything is sent again.
  setInterval(() => {
    if (tracker.problem && tracker.reconnect?.()) {
      tracker.setLocation(String(app.state.location));
      app.save(true);
    }
  }, 5000);
  const at = state.location;
  app.go(app.closedBook() ?? (at >= 0 && app.unlocked(at) ? at : at === -2 ? -2 : -1));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
