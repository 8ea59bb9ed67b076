// The results page: course score and status, and every quiz's best score.

import type { App } from '../view-host.js';
import { h } from '../dom.js';
import { formatScore } from '../i18n.js';
import type { QuizState } from '../../core/state.js';
import { mustPass, quizPassed } from '../progress.js';

export function renderResults(app: App): HTMLElement {
  const { t, data } = app;
  const s = app.status();
  const statusText = s.success === 'passed' ? t.passed : s.success === 'failed' ? t.failed : s.completed ? t.completed : t.incomplete;
  const rows = app.placed
    .filter((p) => p.item.kind === 'quiz')
    .map((p) => {
      const q = app.itemState<QuizState>(p.index);
      const item = p.item.kind === 'quiz' ? p.item : undefined!;
      return h(
        'tr',
        {},
        h('th', { scope: 'row', dir: 'auto' }, item.title),
        h('td', {}, q.best >= 0 ? formatScore(q.best, data.language) : '–'),
        h('td', {}, q.best < 0 ? '–' : !mustPass(item) ? t.done : quizPassed(item, q) ? `✓ ${t.passed}` : `✗ ${t.failed}`),
      );
    });
  return h(
    'div',
    { class: 'results' },
    h('h1', {}, t.results),
    h(
      'dl',
      { class: 'summary' },
      h('dt', {}, t.progress),
      h('dd', {}, `${Math.round(s.progress * 100)}%`),
      h('dt', {}, t.courseScore),
      h('dd', { 'data-score': s.score === undefined ? '' : String(s.score) }, s.score === undefined ? '–' : formatScore(s.score * 100, data.language)),
      h('dt', {}, t.status),
      h('dd', { 'data-status': statusText }, statusText),
    ),
    rows.length
      ? h(
          'table',
          {},
          h('caption', {}, t.quiz),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.quiz), h('th', { scope: 'col' }, t.best), h('th', { scope: 'col' }, t.status))),
          h('tbody', {}, rows),
        )
      : null,
    h('p', {}, h('button', { type: 'button', onclick: () => app.go(-1) }, t.back)),
  );
}
