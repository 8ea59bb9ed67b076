// The outline: modules with their items, what is done, what is locked, and where to continue.

import type { App } from '../view-host.js';
import { h } from '../dom.js';
import { itemDone, moduleUnlocked, quizExhausted } from '../progress.js';
import type { QuizState } from '../../core/state.js';

export function kindLabel(app: App, kind: string): string {
  const t = app.t;
  return kind === 'lesson' ? t.lesson : kind === 'quiz' ? t.quiz : kind === 'assignment' ? t.assignment : t.activity;
}

export function renderOutline(app: App): HTMLElement {
  const { t, data } = app;
  const status = app.status();
  const firstOpen = app.placed.find((p) => p.item.kind !== 'activity' && app.unlocked(p.index) && !itemDone(p.item, app.state.items[p.index]!));
  const modules = data.modules.map((m, mi) => {
    const open = moduleUnlocked(data, app.state, mi);
    const items = app.placed
      .filter((p) => p.module === mi)
      .map((p) => {
        const failed = p.item.kind === 'quiz' && quizExhausted(p.item, app.state.items[p.index] as QuizState);
        const done = itemDone(p.item, app.state.items[p.index]!) && !failed;
        const state = !open ? t.locked : p.item.kind === 'activity' ? '' : failed ? t.failed : done ? t.done : t.notDone;
        return h(
          'li',
          { class: `it ${done ? 'done' : ''} ${open ? '' : 'locked'}` },
          h(
            'button',
            {
              type: 'button',
              class: 'it-btn',
              'data-item': p.item.id,
              'aria-disabled': open ? null : 'true',
              onclick: () => app.go(p.index),
            },
            h('span', { class: 'mark', 'aria-hidden': 'true' }, !open ? '🔒' : failed ? '✗' : done ? '✓' : '○'),
            h('span', { class: 'kind' }, kindLabel(app, p.item.kind)),
            h('span', { class: 'name', dir: 'auto' }, p.item.title),
            state ? h('span', { class: 'state' }, state) : null,
          ),
        );
      });
    const headingId = `mod-${mi}`;
    return h(
      'section',
      { class: 'module', 'aria-labelledby': headingId },
      // A group heading once, above its first module.
      m.group && m.group !== data.modules[mi - 1]?.group ? h('p', { class: 'group', dir: 'auto' }, m.group) : null,
      h('h2', { id: headingId, dir: 'auto' }, m.title, open ? '' : ` (${t.locked})`),
      h('ol', { class: 'items' }, items),
    );
  });
  return h(
    'div',
    { class: 'outline' },
    h('h1', { dir: 'auto' }, data.title),
    data.description ? h('p', { class: 'desc', dir: 'auto' }, data.description) : null,
    h('p', { class: 'facts' }, `${data.jp} ${t.jp}`, data.institution ? ` · ${data.institution}` : ''),
    app.tracker.connected ? null : h('p', { class: 'notice' }, t.standalone),
    h(
      'p',
      { class: 'actions' },
      firstOpen ? h('button', { type: 'button', class: 'primary', 'data-continue': '', onclick: () => app.go(firstOpen.index) }, status.progress > 0 ? t.continue : t.start) : null,
      h('button', { type: 'button', onclick: () => app.go(-2) }, t.results),
    ),
    h('nav', { 'aria-label': t.outline }, modules),
  );
}
