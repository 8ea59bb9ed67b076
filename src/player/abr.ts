// Which MP4 rung a learner plays, without HLS or a library: start low where the link is slow, costly or
// unknown, measure the real throughput while playing, and step up or down between rungs.
//
// - First rung: the lowest when the browser reports data saving or a 3G-or-slower link (Network Information
//   API), and when it reports nothing (Firefox, Safari) — unless this device measured its link recently;
//   on a reported fast link the smallest rung at or above 360p.
// - Measuring: the seconds of media the browser buffers per second of wall clock, times the rung's bitrate
//   (known from the media stage), over the time the browser was fetching. No extra request is made.
// - Down: after a stall, or when the measured throughput falls under the rung's bitrate while the buffer is short.
// - Up (never while the learner saves data): when the throughput is at least 1.5× the next rung's bitrate.
// - The last measurement is kept on this device (localStorage `ajar-link`): a number and a date, nothing
//   about the learner.

export interface Rung {
  readonly src: string;
  readonly height?: number;
  /** bits per second (video + audio) */
  readonly bitrate?: number;
}

interface NetworkInformation {
  readonly saveData?: boolean;
  readonly effectiveType?: string;
}

export interface LinkHints {
  readonly saveData: boolean;
  /** true: 3G or slower; false: reported faster; undefined: not reported. */
  readonly slow: boolean | undefined;
  /** Throughput this device measured lately, bits per second. */
  readonly measured?: number;
}

const STORE = 'ajar-link';
const FRESH_MS = 3 * 86_400_000;
/** Step up only when the throughput leaves this much headroom over the next rung's bitrate. */
const UP = 1.5;
/** Step down when the throughput is under the rung's bitrate by this factor (and the buffer is short). */
const DOWN = 0.9;
/** Least time on a rung before an up-switch (down-switches after a stall are immediate). */
const HOLD_MS = 6000;
/** Fewest seconds of fetching behind a throughput estimate. */
const MIN_SAMPLE_MS = 2000;

export function linkHints(): LinkHints {
  const c = (navigator as Navigator & { connection?: NetworkInformation }).connection;
  let measured: number | undefined;
  try {
    const v = JSON.parse(localStorage.getItem(STORE) || 'null') as { bps?: number; at?: number } | null;
    if (v && typeof v.bps === 'number' && typeof v.at === 'number' && Date.now() - v.at < FRESH_MS) measured = v.bps;
  } catch {
    /* storage blocked or corrupt: nothing measured */
  }
  const type = c?.effectiveType;
  return {
    saveData: c?.saveData === true,
    slow: type === undefined ? undefined : /^(slow-2g|2g|3g)$/.test(type),
    ...(measured !== undefined ? { measured } : {}),
  };
}

let rememberedAt = -Infinity;

function remember(bps: number): void {
  // A few writes a minute at most: progress events come several times a second.
  if (performance.now() - rememberedAt < 5000) return;
  rememberedAt = performance.now();
  try {
    localStorage.setItem(STORE, JSON.stringify({ bps: Math.round(bps), at: Date.now() }));
  } catch {
    /* storage full or blocked: the next video measures again */
  }
}

/** The highest rung whose bitrate fits under `bps` with the given headroom; the lowest when none does. */
function fitting(rungs: readonly Rung[], bps: number, headroom: number): number {
  let pick = 0;
  rungs.forEach((r, i) => {
    if (r.bitrate !== undefined && r.bitrate * headroom <= bps) pick = i;
  });
  return pick;
}

/** The rung to start at (rungs smallest first). */
export function firstRung(rungs: readonly Rung[], hints: LinkHints): number {
  if (rungs.length <= 1 || hints.saveData || hints.slow === true) return 0;
  if (hints.measured !== undefined && rungs.every((r) => r.bitrate !== undefined)) return fitting(rungs, hints.measured, UP);
  if (hints.slow === undefined) return 0;
  const i = rungs.findIndex((r) => (r.height ?? 0) >= 360);
  return i >= 0 ? i : rungs.length - 1;
}

/** Whether a poster may be fetched before play: only on a link reported fast, without data saving. */
export function posterAllowed(hints: LinkHints): boolean {
  return !hints.saveData && hints.slow === false;
}

export interface Adaptive {
  /** The learner picked a rung in the quality menu (undefined: automatic again). */
  fix(index: number | undefined): void;
  readonly index: number;
  /** Stops measuring (the lesson view is left). */
  stop(): void;
}

/**
 * Watches a playing video and calls `switchTo` with a better rung. The caller switches the source
 * (keeping the playhead and the mastery rules: media-guard.ts).
 */
export function adapt(
  video: HTMLVideoElement,
  rungs: readonly Rung[],
  start: number,
  hints: LinkHints,
  switchTo: (index: number, why: 'up' | 'down') => void,
): Adaptive {
  let index = start;
  let auto = true;
  let since = performance.now();
  /** Between a switch and the new rung playing: its stalls and seeks are the switch's own. */
  let switching = false;
  /** The learner pressed play once: from then on the link is measured. */
  let started = false;
  let estimate: number | undefined;
  let stallTimer: number | undefined;
  const meter = fetchMeter(video);
  const known = rungs.length > 1 && rungs.every((r) => r.bitrate !== undefined);

  /** On another rung from now (switched automatically or by the learner). */
  const moveTo = (to: number) => {
    index = to;
    since = performance.now();
    switching = true;
    // What was measured on the old rung stays the estimate until the new one has been fetched a while.
    meter.restart();
  };
  const go = (to: number, why: 'up' | 'down') => {
    if (to === index || to < 0 || to >= rungs.length) return;
    moveTo(to);
    clearTimeout(stallTimer);
    switchTo(to, why);
  };
  const sample = () => {
    if (!started || switching) return;
    const bps = meter.sample(bitrate(rungs, index));
    if (bps !== undefined) remember((estimate = bps));
  };
  const tick = window.setInterval(() => {
    if (!video.isConnected) return void clearInterval(tick);
    if (video.paused) return;
    sample();
    if (auto && known && !switching && started && estimate !== undefined) decide(video, rungs, index, estimate, hints.saveData, since, go);
  }, 500);
  /** Still stalled a second later: step down. */
  const stalled = () => {
    if (auto && !switching && !video.seeking && !video.paused && video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) go(stepDown(rungs, index, estimate), 'down');
  };

  // Measure from here after play or a seek; during a switch, from when the new rung plays.
  const rebase = () => {
    if (!switching) meter.rebase();
  };
  video.addEventListener('play', () => {
    if (!started) (started = true), (since = performance.now());
    rebase();
  });
  video.addEventListener('playing', () => {
    if (switching) (switching = false), meter.rebase();
  });
  video.addEventListener('progress', sample);
  video.addEventListener('seeked', rebase);
  // A stall while playing (not a seek): the link cannot carry this rung. One more second to be sure.
  video.addEventListener('waiting', () => {
    if (!auto || !known || !started || switching || video.seeking || index === 0) return;
    clearTimeout(stallTimer);
    stallTimer = window.setTimeout(stalled, 1000);
  });

  return {
    get index() {
      return index;
    },
    fix(i) {
      auto = i === undefined;
      if (i !== undefined && i !== index) moveTo(i);
    },
    stop() {
      clearInterval(tick);
      clearTimeout(stallTimer);
    },
  };
}

const bitrate = (rungs: readonly Rung[], i: number) => rungs[i]!.bitrate ?? 0;

/** The rung to step down to: the next lower one, or lower still when the estimate fits only that. */
function stepDown(rungs: readonly Rung[], index: number, estimate: number | undefined): number {
  return estimate === undefined ? index - 1 : Math.min(index - 1, fitting(rungs, estimate, 1.25));
}

/** Where the buffered range holding the playhead ends (the playhead itself when none does). */
function bufferedEnd(video: HTMLVideoElement): number {
  const b = video.buffered;
  const t = video.currentTime;
  for (let i = 0; i < b.length; i++) if (b.start(i) <= t + 0.5 && b.end(i) >= t) return b.end(i);
  return t;
}

/** The rest of the video is in the buffer: nothing more to fetch. */
function finished(video: HTMLVideoElement): boolean {
  return Number.isFinite(video.duration) && bufferedEnd(video) >= video.duration - 0.25;
}

/**
 * Fetch progress of the current source: buffered end (media seconds) at the last look, and the media
 * seconds fetched over the milliseconds spent fetching (decaying, so the estimate follows the link).
 */
function fetchMeter(video: HTMLVideoElement) {
  let lastEnd = 0;
  let lastAt = 0;
  let fetchedMedia = 0;
  let fetchMs = 0;
  return {
    /** Measure from here: after play, a seek or a switch. */
    rebase() {
      lastEnd = bufferedEnd(video);
      lastAt = performance.now();
    },
    /** Another rung: nothing of it fetched yet. */
    restart() {
      fetchedMedia = 0;
      fetchMs = 0;
    },
    /**
     * What the browser added to the buffer since the previous look, and in how long; once enough was seen,
     * the throughput in bits per second (media seconds per second times the rung's bitrate).
     */
    sample(bitrate: number): number | undefined {
      if (!lastAt) return undefined;
      const now = performance.now();
      const end = bufferedEnd(video);
      const grew = end - lastEnd;
      // Wall time counts only while the browser fetched (or the buffer grew): an idle, full buffer says nothing.
      if (grew >= 0 && (grew > 0 || video.networkState === HTMLMediaElement.NETWORK_LOADING)) {
        fetchedMedia += grew;
        fetchMs += now - lastAt;
        if (fetchMs > 12_000) (fetchedMedia /= 2), (fetchMs /= 2);
      }
      lastEnd = end;
      lastAt = now;
      if (fetchMs >= MIN_SAMPLE_MS || (fetchedMedia > 0 && fetchMs > 0 && finished(video))) return ((fetchedMedia * bitrate) / fetchMs) * 1000;
      return undefined;
    },
  };
}

/**
 * Down when the throughput falls under the rung's bitrate while the buffer is short; up (not while the
 * learner saves data, not before HOLD_MS on the rung) when it leaves UP headroom over the next rung.
 */
function decide(
  video: HTMLVideoElement,
  rungs: readonly Rung[],
  index: number,
  estimate: number,
  saveData: boolean,
  since: number,
  go: (to: number, why: 'up' | 'down') => void,
): void {
  const ahead = bufferedEnd(video) - video.currentTime;
  if (index > 0 && !finished(video) && estimate < bitrate(rungs, index) * DOWN && ahead < 10) {
    go(stepDown(rungs, index, estimate), 'down');
    return;
  }
  if (saveData || index === rungs.length - 1 || performance.now() - since < HOLD_MS) return;
  if (estimate >= bitrate(rungs, index + 1) * UP) go(fitting(rungs, estimate, UP), 'up');
}
