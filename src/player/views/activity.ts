// An LMS activity (forum, live session, link): shown, opened in a new tab, not tracked.

import type { App } from '../view-host.js';
import type { PlayerActivity } from '../../core/player-data.js';
import { h } from '../dom.js';

export function renderActivity(app: App, item: PlayerActivity, index: number): HTMLElement {
  if (!app.itemState<{ k: 'activity'; visited: boolean }>(index).visited) app.update(index, { k: 'activity', visited: true });
  const safe = /^https?:\/\//i.test(item.url) ? item.url : '#';
  return h(
    'article',
    {},
    h('h1', { dir: 'auto' }, item.title),
    h('p', {}, h('a', { href: safe, target: '_blank', rel: 'noopener noreferrer' }, app.t.openActivity)),
  );
}
