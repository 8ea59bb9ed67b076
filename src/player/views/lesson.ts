// A lesson: the learner picks the medium — reading, video, audio or slides — in tabs. A lesson with
// video or audio is done when one of them is played through; a reading-only lesson when opened.

import type { App } from '../view-host.js';
import type { PlayerLesson, PlayerVideo } from '../../core/player-data.js';
import { h, trusted, uid } from '../dom.js';
import type { LessonState } from '../../core/state.js';
import { guardMedia } from '../media-guard.js';
import { adapt, firstRung, linkHints, posterAllowed } from '../abr.js';

/** Native HLS only where it is reliable (Safari); everyone else gets progressive MP4. */
function nativeHls(v: HTMLVideoElement): boolean {
  return !('ManagedMediaSource' in window) ? false : v.canPlayType('application/vnd.apple.mpegurl') !== '';
}

export function renderLesson(app: App, item: PlayerLesson, index: number): HTMLElement {
  const { t, data } = app;
  const s0 = app.itemState<LessonState>(index);
  if (!s0.visited) app.update(index, { ...s0, visited: true });
  const status = h('p', { class: 'watch', role: 'status' });
  const needs = item.video !== undefined || item.audio !== undefined;
  // Which media complete the lesson is a course setting (gating.audio_completes): the audio counts unless
  // the course says only the video does (a lesson with only audio is completed by it either way).
  const audioCounts = item.audio !== undefined && (item.video === undefined || data.gating.audioCompletes !== false);
  const videoCounts = item.video !== undefined;
  let just = '';
  const showWatch = () => {
    const s = app.itemState<LessonState>(index);
    status.textContent = !needs ? '' : s.watched ? `✓ ${just || t.lessonDone}` : videoCounts && audioCounts ? t.watchNeeded : videoCounts ? t.watchVideoNeeded : t.listenNeeded;
  };
  showWatch();

  const guard = (el: HTMLMediaElement, audio: boolean) =>
    guardMedia(el, {
      allowSeek: data.gating.allowSeek,
      allowSpeedUp: data.gating.allowSpeedUp,
      furthest: app.itemState<LessonState>(index).furthest,
      onProgress: (furthest) => {
        const s = app.itemState<LessonState>(index);
        if (furthest > s.furthest) app.update(index, { ...s, furthest });
      },
      onPlayedThrough: () => {
        const s = app.itemState<LessonState>(index);
        // Say what was completed: the audio is not the video.
        const what = audio ? t.listenedYes : t.watchedYes;
        if (audio && !audioCounts) app.announce(`${what} ${t.watchVideoNeeded}`);
        else if (!s.watched) {
          app.update(index, { ...s, watched: true }, true);
          just = what;
          app.announce(what);
        }
        showWatch();
      },
      onRefused: (why) => app.announce(why === 'seek' ? t.noSeek : t.noSpeed),
    });

  type Tab = { key: number; label: string; panel: () => HTMLElement };
  const tabs: Tab[] = [];
  if (item.video) {
    const v = item.video;
    tabs.push({
      key: 1,
      label: t.video,
      panel: () => {
        // Nothing is fetched before play (preload none); the poster only where the link is reported fast.
        const hints = linkHints();
        const video = h('video', { controls: true, preload: 'none', playsinline: true, poster: posterAllowed(hints) ? v.poster : undefined, 'aria-label': item.title });
        for (const c of v.captions)
          video.append(h('track', { kind: 'captions', src: c.src, srclang: c.lang, label: c.label, default: c === v.captions[0] }));
        const useHls = v.hls !== undefined && nativeHls(video);
        let choice = firstRung(v.sources, hints);
        video.src = useHls ? v.hls! : v.sources[choice]!.src;
        video.dataset.rung = useHls ? 'hls' : String(v.sources[choice]!.height ?? choice + 1);
        const guarded = guard(video, false);
        // Captions on by default (WCAG 1.2.2); the learner can turn them off in the controls.
        video.textTracks.addEventListener?.('addtrack', () => {
          const first = video.textTracks[0];
          if (first) first.mode = 'showing';
        });
        let quality: HTMLElement | null = null;
        if (!useHls && v.sources.length > 1) {
          const id = uid('q');
          const name = (i: number) => (v.sources[i]!.height ? `${v.sources[i]!.height}p` : `${i + 1}`);
          const auto = h('option', { value: 'auto', selected: true }, `${t.qualityAuto} (${name(choice)})`);
          const select = h('select', { id }, auto, v.sources.map((_, i) => h('option', { value: i }, name(i))));
          const play = (i: number) => {
            choice = i;
            video.dataset.rung = String(v.sources[i]!.height ?? i + 1);
            guarded.switchSource(v.sources[i]!.src);
          };
          // Automatic: the player measures the link while playing and steps between rungs (src/player/abr.ts).
          const adaptive = adapt(video, v.sources, choice, hints, (i) => {
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
          quality = h('p', { class: 'quality' }, h('label', { for: id }, t.quality), ' ', select);
        }
        return h('div', { class: 'media' }, video, quality);
      },
    });
  }
  if (item.audio) {
    const a = item.audio;
    tabs.push({
      key: 2,
      label: t.audio,
      panel: () => {
        const audio = h('audio', { controls: true, preload: 'none', src: a.src, 'aria-label': item.title });
        guard(audio, true);
        return h('div', { class: 'media' }, audio);
      },
    });
  }
  if (item.slides) {
    const src = item.slides;
    tabs.push({
      key: 3,
      label: t.slides,
      panel: () =>
        h(
          'div',
          { class: 'slides' },
          h('iframe', { src, title: `${t.slides}: ${item.title}`, loading: 'lazy' }),
          h('p', {}, h('a', { href: src, target: '_blank', rel: 'noopener' }, t.openSlides)),
        ),
    });
  }
  tabs.push({ key: 0, label: t.reading, panel: () => trusted(item.html, 'div', { class: 'prose', dir: item.dir }) });

  const heading = h('h1', { dir: 'auto' }, item.title);
  if (tabs.length === 1) return h('article', { class: 'lesson' }, heading, tabs[0]!.panel());

  const saved = tabs.find((x) => x.key === s0.tab) ?? tabs[0]!;
  const list = h('div', { role: 'tablist', 'aria-label': t.mediaTabs });
  const panel = h('div', { role: 'tabpanel', tabindex: 0 });
  const buttons = tabs.map((tab) => {
    const id = uid('tab');
    return h('button', { type: 'button', role: 'tab', id, 'data-tab': String(tab.key) }, tab.label);
  });
  const select = (i: number, focus: boolean) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    for (const m of panel.querySelectorAll('video,audio')) (m as HTMLMediaElement).pause();
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
  app.onLeave(() => {
    for (const m of panel.querySelectorAll('video,audio')) (m as HTMLMediaElement).pause();
  });
  return h('article', { class: 'lesson' }, heading, status, list, panel);
}
