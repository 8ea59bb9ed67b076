// Free texts (assignments, essays) kept in this browser only where the LMS cannot hold them: SCORM 1.2
// (its 4,096-character suspend data leaves them out) or no LMS at all. Office and internet-café PCs are
// shared, so a copy is keyed by the learner id the LMS gives, removed as soon as the text is submitted,
// and forgotten after 14 days; where the LMS keeps texts (2004, cmi5, xAPI) nothing is written here.
// Keys of older versions (no learner in them) are removed on start.

const PREFIX = 'ajar-text:';
const KEEP_MS = 14 * 86_400_000;
let learner = '';
let needed = true;

function store(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

const full = (key: string) => `${PREFIX}${encodeURIComponent(learner)}|${key}`;

export const localText = {
  /** Whose texts these are, and whether a device copy is needed at all; clears old and expired copies. */
  start(learnerId: string, deviceCopy: boolean): void {
    learner = learnerId;
    needed = deviceCopy;
    const s = store();
    if (!s) return;
    const now = Date.now();
    for (let i = s.length - 1; i >= 0; i--) {
      const k = s.key(i);
      if (!k?.startsWith(PREFIX)) continue;
      let t = 0;
      try {
        t = (JSON.parse(s.getItem(k) ?? '') as { t: number }).t;
      } catch {
        /* a copy from an older version, without a learner or a date */
      }
      if (!k.includes('|') || !(now - t < KEEP_MS)) s.removeItem(k);
    }
  },
  get(key: string): string | undefined {
    try {
      return (JSON.parse(store()?.getItem(full(key)) ?? '') as { v: string }).v;
    } catch {
      return undefined;
    }
  },
  set(key: string, value: string): void {
    if (!needed) return;
    try {
      if (value) store()?.setItem(full(key), JSON.stringify({ t: Date.now(), v: value }));
      else store()?.removeItem(full(key));
    } catch {
      /* storage full or disabled */
    }
  },
  /** The LMS has the text now (submitted): no copy stays on the device. */
  remove(key: string): void {
    try {
      store()?.removeItem(full(key));
    } catch {
      /* storage unavailable */
    }
  },
};
