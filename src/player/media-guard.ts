// Mastery rules for video and audio: a medium counts as played only when played through, the learner
// cannot seek past the furthest point reached by playing (unless the course allows it), and playback
// cannot be sped up (unless allowed).

export interface GuardOptions {
  readonly allowSeek: boolean;
  readonly allowSpeedUp: boolean;
  /** Furthest second already reached (resume). */
  readonly furthest: number;
  onProgress(furthest: number): void;
  onPlayedThrough(): void;
  onRefused(reason: 'seek' | 'speed'): void;
}

export function guardMedia(el: HTMLMediaElement, o: GuardOptions): void {
  let furthest = o.furthest;
  let lastWall = 0;
  let lastReported = Math.floor(furthest);
  let correcting = false;

  // How far playback can honestly have moved since the last update.
  const reach = () => {
    const now = performance.now();
    const wall = lastWall ? (now - lastWall) / 1000 : 0.5;
    lastWall = now;
    return (wall + 0.5) * Math.max(1, el.playbackRate) + 0.5;
  };

  const advance = () => {
    const t = el.currentTime;
    const allowed = reach();
    if (!el.seeking && t >= furthest && t - furthest <= allowed) furthest = t;
    if (Math.floor(furthest) >= lastReported + 5) {
      lastReported = Math.floor(furthest);
      o.onProgress(lastReported);
    }
  };

  el.addEventListener('loadedmetadata', () => {
    if (furthest > 1 && furthest < el.duration - 1) el.currentTime = furthest;
  });
  el.addEventListener('play', () => {
    lastWall = performance.now();
  });
  el.addEventListener('timeupdate', advance);
  el.addEventListener('pause', () => o.onProgress(Math.floor(furthest)));
  el.addEventListener('seeking', () => {
    if (o.allowSeek || correcting) return;
    if (el.currentTime > furthest + 1) {
      correcting = true;
      el.currentTime = furthest;
      o.onRefused('seek');
    }
  });
  el.addEventListener('seeked', () => {
    correcting = false;
    lastWall = performance.now();
  });
  el.addEventListener('ratechange', () => {
    if (!o.allowSpeedUp && el.playbackRate > 1) {
      el.playbackRate = 1;
      o.onRefused('speed');
    }
  });
  el.addEventListener('ended', () => {
    const d = el.duration;
    if (Number.isFinite(d) && d - furthest <= reach() + 1) furthest = d;
    o.onProgress(Math.floor(furthest));
    if (Number.isFinite(d) && furthest >= d - 1) o.onPlayedThrough();
  });
}
