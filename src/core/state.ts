// The learner's resume state and its compact, deterministic text encoding (the SCORM suspend data).
// Pure: used by the player at run time and by the build to compute the worst-case size for a course.
//
// Encoding (`A3`; `A2` is read too, it lacks the start time of open timed attempts): the seed and location, then one bit string for every yes/no of every item (visited,
// watched, submitted, attempt open: six bits per character), then the values only some items have — media
// lessons' tab and furthest second, assignments' texts, quizzes' counters and answers. A number is base-36
// digits ended by `.`; a string is its length in base 36, `:`, then the raw characters (no escaping, so
// Arabic script and any punctuation cost one character each). The item kinds come from the course, so
// they are not written. The same state always gives the same string.

import type { Question } from './model/questions.js';

export type Answer = null | number | string | readonly number[];

export interface LessonState {
  readonly k: 'lesson';
  readonly visited: boolean;
  /** Played through (video or its audio alternative). */
  readonly watched: boolean;
  /** Furthest point reached by continuous playback, whole seconds. */
  readonly furthest: number;
  /** Media tab last chosen: 0 reading, 1 video, 2 audio, 3 slides. */
  readonly tab: number;
}

export interface AssignmentState {
  readonly k: 'assignment';
  readonly submitted: boolean;
  readonly text: string;
}

export interface QuizState {
  readonly k: 'quiz';
  /** Attempts started. */
  readonly attempts: number;
  /** Best score in hundredths of a percent (0–10000), -1 before any submitted attempt. */
  readonly best: number;
  /** Score of the last submitted attempt, same scale, -1 when none. */
  readonly last: number;
  /** An attempt is in progress (its draw is the one for `attempts`). */
  readonly open: boolean;
  /** Seconds spent in the open attempt (for the time limit). */
  readonly elapsed: number;
  /** Wall clock (epoch seconds) when the open timed attempt started: the limit runs while the learner is away. */
  readonly started?: number;
  /** Responses of the open or last attempt, in drawn order. */
  readonly answers: readonly Answer[];
  /** Which answers were checked (immediate feedback), bit per question. */
  readonly checked: readonly boolean[];
}

export interface ActivityState {
  readonly k: 'activity';
  readonly visited: boolean;
}

export type ItemState = LessonState | AssignmentState | QuizState | ActivityState;

export interface PlayerState {
  /** Per-learner seed of every quiz draw (uint32), chosen at the first launch. */
  readonly seed: number;
  /** Flat item index shown last; -1 the outline, -2 the results page. */
  readonly location: number;
  readonly items: readonly ItemState[];
}

/** Largest values the encoding keeps; larger ones are clamped (documented limits, not errors). */
export const LIMITS = {
  seconds: 36 ** 4 - 1,
  attempts: 36 ** 2 - 1,
  shortAnswer: 200,
  numericalAnswer: 40,
  /** Free text length when the author gives no maximum. */
  text: 4000,
} as const;

interface ShapeItem {
  readonly kind: 'lesson' | 'quiz' | 'assignment' | 'activity';
  /** Course model lessons */
  readonly media?: { readonly video?: unknown; readonly audio?: unknown };
  /** Player data lessons */
  readonly video?: unknown;
  readonly audio?: unknown;
}

/** Lessons with video or audio keep a tab and a furthest point; reading-only lessons only bits. */
export function hasPlayback(item: ShapeItem): boolean {
  return item.kind === 'lesson' && Boolean(item.media?.video || item.media?.audio || item.video || item.audio);
}
interface ShapeQuiz extends ShapeItem {
  readonly kind: 'quiz';
  readonly settings: {
    readonly draws: readonly { readonly bank?: string; readonly tags: readonly string[]; readonly count?: number }[];
    readonly questions: readonly Question[];
    readonly attempts: number;
    readonly timeLimit?: number;
  };
}
interface ShapeAssignment extends ShapeItem {
  readonly kind: 'assignment';
  readonly maxLength?: number;
}
/** What state encoding needs of a course: the Course model and the player's data both fit. */
export interface CourseShape {
  readonly modules: readonly { readonly items: readonly ShapeItem[] }[];
  readonly banks: readonly { readonly file: string; readonly questions: readonly Question[] }[];
}

export function initialState(course: CourseShape, seed: number): PlayerState {
  const items: ItemState[] = [];
  for (const m of course.modules)
    for (const it of m.items) {
      if (it.kind === 'lesson') items.push({ k: 'lesson', visited: false, watched: false, furthest: 0, tab: 0 });
      else if (it.kind === 'quiz')
        items.push({ k: 'quiz', attempts: 0, best: -1, last: -1, open: false, elapsed: 0, answers: [], checked: [] });
      else if (it.kind === 'assignment') items.push({ k: 'assignment', submitted: false, text: '' });
      else items.push({ k: 'activity', visited: false });
    }
  return { seed: seed >>> 0, location: -1, items };
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(max, Math.floor(Number.isFinite(n) ? n : 0)));

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

class Writer {
  out = 'A3';
  num(n: number): void {
    this.out += clamp(n, Number.MAX_SAFE_INTEGER).toString(36) + '.';
  }
  str(s: string): void {
    this.out += s.length.toString(36) + ':' + s;
  }
  bits(list: readonly boolean[]): void {
    for (let i = 0; i < list.length; i += 6) {
      let v = 0;
      for (let b = 0; b < 6; b++) if (list[i + b]) v |= 1 << b;
      this.out += B64[v];
    }
  }
}

function writeAnswer(w: Writer, a: Answer, checked: boolean): void {
  const tag = (c: string) => (w.out += checked ? c.toUpperCase() : c);
  if (a === null) tag('z');
  else if (typeof a === 'number') (tag('n'), w.num(a));
  else if (typeof a === 'string') (tag('s'), w.str(a));
  else {
    tag('l');
    w.num(a.length);
    for (const x of a) w.num(x + 1); // -1 (nothing chosen) → 0
  }
}

export interface EncodeOptions {
  /** Keep free texts (assignments, essays); false for SCORM 1.2, where they would not fit. */
  readonly keepTexts: boolean;
}

function shapeItems(course: CourseShape): ShapeItem[] {
  return course.modules.flatMap((m) => m.items);
}

function hasTimeLimit(item: ShapeItem): boolean {
  return item.kind === 'quiz' && Boolean((item as ShapeQuiz).settings.timeLimit);
}

function flagsOf(s: ItemState): boolean[] {
  switch (s.k) {
    case 'lesson':
      return [s.visited, s.watched];
    case 'activity':
      return [s.visited];
    case 'assignment':
      return [s.submitted];
    case 'quiz':
      return [s.open];
  }
}

export function encodeState(state: PlayerState, course: CourseShape, options: EncodeOptions): string {
  const shape = shapeItems(course);
  const w = new Writer();
  w.num(state.seed >>> 0);
  w.num(state.location + 2);
  w.bits(state.items.flatMap(flagsOf));
  state.items.forEach((s, i) => {
    const item = shape[i];
    switch (s.k) {
      case 'lesson':
        if (item && hasPlayback(item)) {
          w.num(clamp(s.tab, 3));
          w.num(clamp(s.furthest, LIMITS.seconds));
        }
        break;
      case 'assignment':
        w.str(options.keepTexts ? s.text : '');
        break;
      case 'quiz':
        w.num(clamp(s.attempts, LIMITS.attempts));
        w.num(clamp(s.best + 1, 10001));
        w.num(clamp(s.last + 1, 10001));
        if (item && hasTimeLimit(item)) {
          w.num(clamp(s.elapsed, LIMITS.seconds));
          if (s.open) w.num(clamp(s.started ?? 0, 2 ** 32));
        }
        w.num(s.answers.length);
        s.answers.forEach((a, j) => {
          const keep = typeof a === 'string' && !options.keepTexts && a.length > LIMITS.shortAnswer ? '' : a;
          writeAnswer(w, keep, s.checked[j] === true);
        });
        break;
      case 'activity':
        break;
    }
  });
  return w.out;
}

class Reader {
  i = 2;
  constructor(readonly s: string) {}
  num(): number {
    const end = this.s.indexOf('.', this.i);
    if (end < 0) throw new Error('truncated');
    const digits = this.s.slice(this.i, end);
    if (!/^[0-9a-z]+$/.test(digits)) throw new Error('bad number');
    this.i = end + 1;
    return parseInt(digits, 36);
  }
  str(): string {
    const colon = this.s.indexOf(':', this.i);
    if (colon < 0) throw new Error('truncated');
    const len = parseInt(this.s.slice(this.i, colon), 36);
    if (!Number.isFinite(len) || colon + 1 + len > this.s.length) throw new Error('bad string');
    const v = this.s.slice(colon + 1, colon + 1 + len);
    this.i = colon + 1 + len;
    return v;
  }
  tag(): string {
    const c = this.s[this.i++];
    if (c === undefined) throw new Error('truncated');
    return c;
  }
  bits(count: number): boolean[] {
    const out: boolean[] = [];
    for (let i = 0; i < count; i += 6) {
      const v = B64.indexOf(this.tag());
      if (v < 0) throw new Error('bad bits');
      for (let b = 0; b < 6 && i + b < count; b++) out.push((v & (1 << b)) > 0);
    }
    return out;
  }
}

const FLAG_COUNT: Record<ShapeItem['kind'], number> = { lesson: 2, activity: 1, assignment: 1, quiz: 1 };

/**
 * Reads a saved state for this course. Returns undefined for anything that does not match the
 * course (another version's state, a truncated or foreign string): the learner then starts afresh.
 */
export function decodeState(text: string, course: CourseShape): PlayerState | undefined {
  const v3 = text.startsWith('A3');
  if (!v3 && !text.startsWith('A2')) return undefined;
  try {
    const r = new Reader(text);
    const seed = r.num();
    const location = r.num() - 2;
    const shape = shapeItems(course);
    const flags = r.bits(shape.reduce((n, it) => n + FLAG_COUNT[it.kind], 0));
    let f = 0;
    const items: ItemState[] = [];
    for (const it of shape) {
      if (it.kind === 'lesson') {
        const visited = flags[f++]!;
        const watched = flags[f++]!;
        const media = hasPlayback(it);
        const tab = media ? r.num() : 0;
        const furthest = media ? r.num() : 0;
        items.push({ k: 'lesson', visited, watched, tab, furthest });
      } else if (it.kind === 'activity') items.push({ k: 'activity', visited: flags[f++]! });
      else if (it.kind === 'assignment') items.push({ k: 'assignment', submitted: flags[f++]!, text: r.str() });
      else {
        const open = flags[f++]!;
        const attempts = r.num();
        const best = r.num() - 1;
        const last = r.num() - 1;
        const elapsed = hasTimeLimit(it) ? r.num() : 0;
        const started = v3 && open && hasTimeLimit(it) ? r.num() : 0;
        const n = r.num();
        const answers: Answer[] = [];
        const checked: boolean[] = [];
        for (let i = 0; i < n; i++) {
          const t = r.tag();
          checked.push(t !== t.toLowerCase());
          const k = t.toLowerCase();
          if (k === 'z') answers.push(null);
          else if (k === 'n') answers.push(r.num());
          else if (k === 's') answers.push(r.str());
          else if (k === 'l') {
            const len = r.num();
            const list: number[] = [];
            for (let j = 0; j < len; j++) list.push(r.num() - 1);
            answers.push(list);
          } else throw new Error('bad answer');
        }
        items.push({ k: 'quiz', attempts, best, last, open, elapsed, ...(started ? { started } : {}), answers, checked });
      }
    }
    if (r.i !== text.length) return undefined;
    if (location < -2 || location >= items.length) return undefined;
    return { seed, location, items };
  } catch {
    return undefined;
  }
}

/** The largest answer a question can produce, for the worst-case size. */
export function worstAnswer(q: Question, keepTexts: boolean): Answer {
  switch (q.type) {
    case 'single':
      return Math.max(0, q.choices.length - 1);
    case 'multiple':
      return 2 ** q.choices.length - 1;
    case 'truefalse':
      return 1;
    case 'short':
      return 'x'.repeat(LIMITS.shortAnswer);
    case 'numerical':
      return 'x'.repeat(LIMITS.numericalAnswer);
    case 'matching': {
      const options = q.targets?.length ?? q.pairs.length + q.distractors.length;
      return q.pairs.map(() => Math.max(0, options - 1));
    }
    case 'ordering':
      return q.items.map(() => Math.max(0, q.items.length - 1));
    case 'essay':
      return keepTexts ? 'x'.repeat(Math.min(q.maxLength ?? LIMITS.text, LIMITS.text)) : '';
    case 'description':
      return null;
  }
}

/** The questions a quiz may draw, per draw: an upper bound for sizes (the draw itself is in the quiz engine). */
export function drawCandidates(
  course: Pick<CourseShape, 'banks'>,
  draw: { readonly bank?: string; readonly tags: readonly string[] },
): Question[] {
  const banks = draw.bank === undefined ? course.banks : course.banks.filter((b) => b.file === draw.bank);
  return banks.flatMap((b) => b.questions).filter((q) => draw.tags.every((t) => q.tags.includes(t)));
}

function answerChars(a: Answer): number {
  const w = new Writer();
  writeAnswer(w, a, true);
  return w.out.length - 2;
}

/** Worst-case encoded length: every counter at its maximum, every text at its longest. */
export function worstCaseStateChars(course: CourseShape, options: EncodeOptions = { keepTexts: false }): number {
  const items: ItemState[] = [];
  for (const m of course.modules)
    for (const it of m.items) {
      if (it.kind === 'lesson') items.push({ k: 'lesson', visited: true, watched: true, tab: 3, furthest: LIMITS.seconds });
      else if (it.kind === 'activity') items.push({ k: 'activity', visited: true });
      else if (it.kind === 'assignment') {
        const max = (it as ShapeAssignment).maxLength ?? LIMITS.text;
        items.push({ k: 'assignment', submitted: true, text: 'x'.repeat(Math.min(max, LIMITS.text)) });
      } else {
        const s = (it as ShapeQuiz).settings;
        const answers: Answer[] = s.questions.map((q) => worstAnswer(q, options.keepTexts));
        for (const d of s.draws) {
          const sizes = drawCandidates(course, d)
            .map((q) => worstAnswer(q, options.keepTexts))
            .sort((a, b) => answerChars(b) - answerChars(a));
          answers.push(...sizes.slice(0, d.count ?? sizes.length));
        }
        // The timer runs to the rounded limit plus ten extensions (views/quiz.ts).
        const elapsed = s.timeLimit ? Math.min(LIMITS.seconds, (Math.round(s.timeLimit * 60) + 1) * 11) : 0;
        items.push({
          k: 'quiz',
          attempts: s.attempts > 0 ? s.attempts : LIMITS.attempts,
          best: 10000,
          last: 10000,
          open: true,
          elapsed,
          started: 2 ** 32,
          answers,
          checked: answers.map(() => true),
        });
      }
    }
  const location = items.length - 1;
  return encodeState({ seed: 0xffffffff, location, items }, course, options).length;
}
