// A lesson: the learner picks the medium — reading, video, audio or slides — in tabs. A lesson with
// video or audio is done when one of them is played through; a reading-only lesson when opened.

import type { App } from '../view-host.js';
import type { MediaSource, PlayerLesson, PlayerVideo } from '../../core/player-data.js';
import { h, trusted, uid } from '../dom.js';
import type { LessonState } from '../../core/state.js';
import { guardMedia, type GuardedMedia } from '../media-guard.js';
import { adapt, firstRung, linkHints, posterAllowed, type LinkHints } from '../abr.js';

/** Native HLS only where it is reliable (Safari); everyone else gets progressive MP4. */
function nativeHls(v: HTMLVideoElement): boolean {
  return !('ManagedMediaSource' in window) ? false : v.canPlayType('application/vnd.apple.mpegurl') !== '';
}

/** Puts the mastery rules on a lesson's video (audio: false) or audio (true). */
type Guard = (el: HTMLMediaElement, audio: boolean) => GuardedMedia;
/** One medium of the lesson; key is what the lesson's state keeps as the chosen tab. */
type Tab = { key: number; label: string; panel: () => HTMLElement };

export function renderLesson(app: App, item: PlayerLesson, index: number): HTMLElement {
  const s0 = app.itemState<LessonState>(index);
  if (!s0.visited) app.update(index, { ...s0, visited: true });
  const watch = watchLine(app, item, index);
  const guard: Guard = (el, audio) => guardLessonMedia(app, index, el, audio, watch.playedThrough);
  const tabs = lessonTabs(app, item, guard);
  const heading = h('h1', { dir: 'auto' }, item.title);
  if (tabs.length === 1) return h('article', { class: 'lesson' }, heading, tabs[0]!.panel());
  const { list, panel } = mediaTabs(app, index, tabs, s0.tab);
  return h('article', { class: 'lesson' }, heading, watch.status, list, panel);
}

/** The status line saying what completes the lesson, and what happens when a medium is played through. */
function watchLine(app: App, item: PlayerLesson, index: number): { status: HTMLElement; playedThrough: (audio: boolean) => void } {
  const { t, data } = app;
  const status = h('p', { class: 'watch', role: 'status' });
  const needs = item.video !== undefined || item.audio !== undefined;
  // Which media complete the lesson is a course setting (gating.audio_completes): the audio counts unless
  // the course says only the video does (a lesson with only audio is completed by it either way).
  const audioCounts = item.audio !== undefined && (item.video === undefined || data.gating.audioCompletes !== false);
  const videoCounts = item.video !== undefined;
  let just = '';
  const show = () => {
    const s = app.itemState<LessonState>(index);
    status.textContent = !needs ? '' : s.watched ? `✓ ${just || t.lessonDone}` : videoCounts && audioCounts ? t.watchNeeded : videoCounts ? t.watchVideoNeeded : t.listenNeeded;
  };
  show();
  const playedThrough = (audio: boolean) => {
    const s = app.itemState<LessonState>(index);
    // Say what was completed: the audio is not the video.
    const what = audio ? t.listenedYes : t.watchedYes;
    if (audio && !audioCounts) app.announce(`${what} ${t.watchVideoNeeded}`);
    else if (!s.watched) {
      app.update(index, { ...s, watched: true }, true);
      just = what;
      app.announce(what);
    }
    show();
  };
  return { status, playedThrough };
}

/** The course's seek and speed rules on one medium; the furthest point reached goes into the lesson's state. */
function guardLessonMedia(app: App, index: number, el: HTMLMediaElement, audio: boolean, playedThrough: (audio: boolean) => void): GuardedMedia {
  const { t, data } = app;
  return guardMedia(el, {
    allowSeek: data.gating.allowSeek,
    allowSpeedUp: data.gating.allowSpeedUp,
    furthest: app.itemState<LessonState>(index).furthest,
    onProgress: (furthest) => {
      const s = app.itemState<LessonState>(index);
      if (furthest > s.furthest) app.update(index, { ...s, furthest });
    },
    onPlayedThrough: () => playedThrough(audio),
    onRefused: (why) => app.announce(why === 'seek' ? t.noSeek : t.noSpeed),
  });
}

/** The lesson's media in tab order: video, audio, slides, then the reading (always there). */
function lessonTabs(app: App, item: PlayerLesson, guard: Guard): Tab[] {
  const { t } = app;
  const { video, audio, slides, title } = item;
  const tabs: Tab[] = [];
  if (video) tabs.push({ key: 1, label: t.video, panel: () => videoPanel(app, title, video, guard) });
  if (audio) tabs.push({ key: 2, label: t.audio, panel: () => audioPanel(title, audio, guard) });
  if (slides) tabs.push({ key: 3, label: t.slides, panel: () => slidesPanel(app, title, slides) });
  tabs.push({ key: 0, label: t.reading, panel: () => trusted(item.html, 'div', { class: 'prose', dir: item.dir }) });
  return tabs;
}

function videoPanel(app: App, title: string, v: PlayerVideo, guard: Guard): HTMLElement {
  // Nothing is fetched before play (preload none); the poster only where the link is reported fast.
  const hints = linkHints();
  const video = h('video', { controls: true, preload: 'none', playsinline: true, poster: posterAllowed(hints) ? v.poster : undefined, 'aria-label': title });
  for (const c of v.captions) video.append(h('track', { kind: 'captions', src: c.src, srclang: c.lang, label: c.label, default: c === v.captions[0] }));
  const useHls = v.hls !== undefined && nativeHls(video);
  const choice = firstRung(v.sources, hints);
  video.src = useHls ? v.hls! : v.sources[choice]!.src;
  video.dataset.rung = useHls ? 'hls' : String(v.sources[choice]!.height ?? choice + 1);
  const guarded = guard(video, false);
  // Captions on by default (WCAG 1.2.2); the learner can turn them off in the controls.
  video.textTracks.addEventListener?.('addtrack', () => {
    const first = video.textTracks[0];
    if (first) first.mode = 'showing';
  });
  const quality = !useHls && v.sources.length > 1 ? qualityMenu(app, video, v.sources, choice, hints, guarded) : null;
  return h('div', { class: 'media' }, video, quality);
}

/** The quality menu: automatic (the player steps between rungs while playing) or a rung the learner fixes. */
function qualityMenu(app: App, video: HTMLVideoElement, sources: readonly MediaSource[], start: number, hints: LinkHints, guarded: GuardedMedia): HTMLElement {
  const { t } = app;
  let choice = start;
  const id = uid('q');
  const name = (i: number) => (sources[i]!.height ? `${sources[i]!.height}p` : `${i + 1}`);
  const auto = h('option', { value: 'auto', selected: true }, `${t.qualityAuto} (${name(choice)})`);
  const select = h('select', { id }, auto, sources.map((_, i) => h('option', { value: i }, name(i))));
  const play = (i: number) => {
    choice = i;
    video.dataset.rung = String(sources[i]!.height ?? i + 1);
    guarded.switchSource(sources[i]!.src);
  };
  // Automatic: the player measures the link while playing and steps between rungs (src/player/abr.ts).
  const adaptive = adapt(video, sources, choice, hints, (i) => {
    auto.textContent = `${t.qualityAuto} (${name(i)})`;
    play(i);
  });
  select.addEventListener('change', () => {
    if (select.value === 'auto') return adaptive.fix(undefined);
    const i = Number(select.value);
    adaptive.fix(i);
    if (i !== choice) play(i);
  });
  app.onLeave(() => adaptive.stop());
  return h('p', { class: 'quality' }, h('label', { for: id }, t.quality), ' ', select);
}

function audioPanel(title: string, a: MediaSource, guard: Guard): HTMLElement {
  const audio = h('audio', { controls: true, preload: 'none', src: a.src, 'aria-label': title });
  guard(audio, true);
  return h('div', { class: 'media' }, audio);
}

function slidesPanel(app: App, title: string, src: string): HTMLElement {
  const { t } = app;
  return h(
    'div',
    { class: 'slides' },
    h('iframe', { src, title: `${t.slides}: ${title}`, loading: 'lazy' }),
    h('p', {}, h('a', { href: src, target: '_blank', rel: 'noopener' }, t.openSlides)),
  );
}

/** WAI-ARIA tabs (arrow keys, Home, End) over one panel; the chosen tab is kept in the lesson's state. */
function mediaTabs(app: App, index: number, tabs: Tab[], savedKey: number): { list: HTMLElement; panel: HTMLElement } {
  const saved = tabs.find((x) => x.key === savedKey) ?? tabs[0]!;
  const list = h('div', { role: 'tablist', 'aria-label': app.t.mediaTabs });
  const panel = h('div', { role: 'tabpanel', tabindex: 0 });
  const pauseMedia = () => {
    for (const m of panel.querySelectorAll('video,audio')) (m as HTMLMediaElement).pause();
  };
  const buttons = tabs.map((tab) => {
    const id = uid('tab');
    return h('button', { type: 'button', role: 'tab', id, 'data-tab': String(tab.key) }, tab.label);
  });
  const select = (i: number, focus: boolean) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    pauseMedia();
    panel.setAttribute('aria-labelledby', buttons[i]!.id);
    panel.replaceChildren(tabs[i]!.panel());
    if (focus) buttons[i]!.focus();
    const s = app.itemState<LessonState>(index);
    if (s.tab !== tabs[i]!.key) app.update(index, { ...s, tab: tabs[i]!.key });
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i, false));
    b.addEventListener('keydown', (e) => {
      const k = (e as KeyboardEvent).key;
      const n = buttons.length;
      const j = k === 'ArrowRight' ? (i + 1) % n : k === 'ArrowLeft' ? (i + n - 1) % n : k === 'Home' ? 0 : k === 'End' ? n - 1 : -1;
      if (j >= 0) {
        e.preventDefault();
        select(j, true);
      }
    });
  });
  list.append(...buttons);
  select(tabs.indexOf(saved), false);
  // Registered after the first panel is shown: app.onLeave keeps one handler, the last one.
  app.onLeave(pauseMedia);
  return { list, panel };
}
