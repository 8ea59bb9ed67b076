// An assignment (e.g. the rencana tindak lanjut): a text of at least N characters, kept and reported.

import type { App } from '../view-host.js';
import type { PlayerAssignment } from '../../core/player-data.js';
import { h, trusted, uid } from '../dom.js';
import type { AssignmentState } from '../../core/state.js';
import { LIMITS } from '../../core/state.js';
import { localText } from '../local-text.js';
import { interactionId } from '../engine.js';
import { oneLine } from '../../core/scoring.js';

export function renderAssignment(app: App, item: PlayerAssignment, index: number): HTMLElement {
  const { t } = app;
  const s = app.itemState<AssignmentState>(index);
  const max = Math.min(item.maxLength ?? LIMITS.text, LIMITS.text);
  const key = `${app.data.id}:${item.id}`;
  const initial = s.text || localText.get(key) || '';
  const areaId = uid('txt');
  const countId = uid('cnt');
  const area = h('textarea', { id: areaId, dir: 'auto', rows: 10, maxlength: max, 'aria-describedby': countId });
  area.value = initial;
  const count = h('p', { id: countId, class: 'count' });
  const error = h('p', { class: 'error', role: 'alert' });
  const done = h('p', { class: 'ok', role: 'status' }, s.submitted ? t.submitted : '');
  const chars = () => [...area.value.trim()].length;
  const refresh = () => (count.textContent = t.characters(chars(), item.minLength));
  refresh();
  let timer: ReturnType<typeof setTimeout> | undefined;
  area.addEventListener('input', () => {
    refresh();
    clearTimeout(timer);
    timer = setTimeout(() => {
      localText.set(key, area.value);
      const cur = app.itemState<AssignmentState>(index);
      app.update(index, { ...cur, text: app.data.keepTexts ? area.value : '' });
    }, 800);
  });
  const submit = () => {
    clearTimeout(timer);
    if (chars() < item.minLength) {
      error.textContent = t.tooShort(item.minLength);
      area.setAttribute('aria-invalid', 'true');
      area.focus();
      return;
    }
    error.textContent = '';
    area.removeAttribute('aria-invalid');
    localText.set(key, area.value);
    app.update(index, { k: 'assignment', submitted: true, text: app.data.keepTexts ? area.value : '' });
    if (app.start.mode === 'normal')
      app.tracker.recordInteraction({
        id: interactionId(item.id),
        type: 'long-fill-in',
        type12: 'fill-in',
        description: item.title.slice(0, 250),
        response: oneLine(area.value, 4000),
        response12: oneLine(area.value, 255),
        result: 'neutral',
        result12: 'neutral',
        weighting: 0,
        latencySeconds: 0,
        timestamp: new Date(),
      });
    app.save(true);
    // The LMS has the text now; no copy stays on this (perhaps shared) computer.
    localText.remove(key);
    done.textContent = t.submitted;
    app.announce(t.submitted);
  };
  app.onLeave(() => {
    clearTimeout(timer);
    localText.set(key, area.value);
    const cur = app.itemState<AssignmentState>(index);
    if (app.data.keepTexts && cur.text !== area.value) app.update(index, { ...cur, text: area.value });
  });
  return h(
    'article',
    { class: 'assignment' },
    h('h1', { dir: 'auto' }, item.title),
    trusted(item.html, 'div', { class: 'prose', dir: 'auto' }),
    h('label', { for: areaId }, t.yourAnswer),
    area,
    count,
    error,
    h('p', {}, h('button', { type: 'button', class: 'primary', onclick: submit }, t.submit)),
    done,
  );
}
