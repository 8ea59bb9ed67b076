// Mastery rules for video and audio: a medium counts as played only when played through, the learner
// cannot seek past the furthest point reached by playing (unless the course allows it), and playback
// cannot be sped up (unless allowed).
//
// "Furthest" grows only by continuous playback from inside the part already played: each step must fit
// the wall-clock time since the previous one at the current rate. A seek (allowed or not) starts a new
// run that counts only if it starts inside the played part.
//
// Switching the source (another rung of the same video) keeps the playhead and everything above: the new
// source starts where the old one was — never past the furthest point when seeking is not allowed — the
// rate stays 1 unless speeding up is allowed, and the switch itself counts as no playing.

export interface GuardOptions {
  readonly allowSeek: boolean;
  readonly allowSpeedUp: boolean;
  /** Furthest second already reached (resume). */
  readonly furthest: number;
  onProgress(furthest: number): void;
  onPlayedThrough(): void;
  onRefused(reason: 'seek' | 'speed'): void;
}

const SLACK = 0.75;

export interface GuardedMedia {
  /** Plays another source of the same medium from the current playhead (a rung switch). */
  switchSource(src: string): void;
}

export function guardMedia(el: HTMLMediaElement, o: GuardOptions): GuardedMedia {
  const played = playedPart(el, o);
  let refusedSeek = false;
  /** A source switch under way: where to go on, and whether to play on once there. */
  let switching: { at: number; play: boolean } | undefined;

  el.addEventListener('loadedmetadata', () => {
    if (switching) {
      const { at, play } = switching;
      const resume = () => {
        switching = undefined;
        played.start();
        if (play) void el.play().catch(() => undefined);
      };
      if (at > 0.1) {
        el.addEventListener('seeked', resume, { once: true });
        el.currentTime = at;
      } else resume();
      return;
    }
    if (played.furthest > 1 && played.furthest < el.duration - 1) el.currentTime = played.furthest;
  });
  el.addEventListener('play', played.start);
  el.addEventListener('timeupdate', played.observe);
  el.addEventListener('pause', () => {
    played.stop();
    o.onProgress(Math.floor(played.furthest));
  });
  el.addEventListener('seeking', () => {
    played.cut();
    if (!o.allowSeek && el.currentTime > played.furthest + 1) refusedSeek = true;
  });
  el.addEventListener('seeked', () => {
    // Correct a forbidden seek once it has settled: seeking again from inside 'seeking' can stall.
    if (refusedSeek) {
      refusedSeek = false;
      el.currentTime = played.furthest;
      o.onRefused('seek');
      return;
    }
    played.start();
  });
  el.addEventListener('ratechange', () => {
    if (!o.allowSpeedUp && el.defaultPlaybackRate > 1) el.defaultPlaybackRate = 1;
    if (!o.allowSpeedUp && el.playbackRate > 1) {
      el.playbackRate = 1;
      o.onRefused('speed');
    }
  });
  el.addEventListener('ended', played.ended);

  return {
    switchSource(src) {
      // Not played yet: just the other file, still nothing fetched before play.
      if (!switching && el.readyState === 0 && el.currentTime === 0 && el.paused) {
        el.src = src;
        return;
      }
      played.observe();
      const t = switching?.at ?? el.currentTime;
      // Never past what was played when seeking ahead is not allowed (the old source may be a little ahead).
      const at = o.allowSeek ? t : Math.min(t, played.furthest);
      const play = switching?.play ?? (!el.paused && !el.ended);
      switching = { at, play };
      played.cut();
      played.stop();
      // A paused element with preload=none would wait for play to load: the metadata are needed to go on.
      if (el.preload === 'none') el.preload = 'metadata';
      el.src = src;
    },
  };
}

/**
 * The furthest point reached by playing, and the run of playback that can extend it: the playhead at the
 * previous observation (none after a seek or a switch) and the wall clock then (0: paused, not counting).
 */
function playedPart(el: HTMLMediaElement, o: GuardOptions) {
  let furthest = o.furthest;
  let lastT: number | undefined;
  let lastWall = 0;
  let lastReported = Math.floor(furthest);

  /** How far playback can honestly have moved since the previous observation. */
  const reach = () => {
    const wall = lastWall ? (performance.now() - lastWall) / 1000 : 0;
    return (wall + SLACK) * Math.max(1, el.playbackRate) + SLACK;
  };
  return {
    get furthest() {
      return furthest;
    },
    /** A run starts at the playhead: play, a seek settled, a switch resumed. */
    start() {
      lastT = el.currentTime;
      lastWall = performance.now();
    },
    observe() {
      const t = el.currentTime;
      // Paused or seeking: nothing was played (the last update at the end arrives after 'pause').
      if (el.seeking || el.paused) return;
      if (lastT !== undefined && lastT <= furthest + SLACK && t >= lastT && t - lastT <= reach()) furthest = Math.max(furthest, t);
      lastT = t;
      lastWall = performance.now();
      if (Math.floor(furthest) >= lastReported + 5) {
        lastReported = Math.floor(furthest);
        o.onProgress(lastReported);
      }
    },
    /** The wall clock stops counting (paused, or a switch under way). */
    stop() {
      lastWall = 0;
    },
    /** The run is cut (a seek, a switch): the next one counts only if it starts inside the played part. */
    cut() {
      lastT = undefined;
    },
    /** Played to the end: through, if the last run reached it. */
    ended() {
      const d = el.duration;
      if (Number.isFinite(d) && lastT !== undefined && lastT <= furthest + SLACK && d - lastT <= reach()) furthest = d;
      o.onProgress(Math.floor(furthest));
      if (Number.isFinite(d) && furthest >= d - 1) o.onPlayedThrough();
    },
  };
}
