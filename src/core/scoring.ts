// Scoring one response to one question, and reporting it the way SCORM 1.2, SCORM 2004 and xAPI
// interactions want it. Pure and browser-safe: the player bundles this module as is.

import type { ChoiceQuestion, MatchingQuestion, NumericalQuestion, Question } from './model/questions.js';
import { formatNumber, parseNumber } from './numbers.js';

/**
 * What a learner answered, per question type:
 * single: choice id · multiple: choice ids · truefalse: boolean · short: text · numerical: text (decimal
 * comma accepted) or number · matching: { pairId: targetId } · ordering: item ids in the learner's order ·
 * essay: text · description: nothing. Anything else counts as unanswered; scoring never throws.
 */
export type Response = string | number | boolean | readonly string[] | Readonly<Record<string, string>> | null | undefined;

export type Result = 'correct' | 'incorrect' | 'partial' | 'neutral';
export type InteractionType2004 = 'true-false' | 'choice' | 'fill-in' | 'long-fill-in' | 'matching' | 'sequencing' | 'numeric' | 'other';
export type InteractionType12 = 'true-false' | 'choice' | 'fill-in' | 'matching' | 'sequencing' | 'numeric';

export interface XapiComponent {
  readonly id: string;
  readonly description: Readonly<Record<string, string>>;
}

export interface Interaction {
  /** The question id (fits SCORM 2004 and 1.2 identifier rules). */
  readonly id: string;
  /** False for description blocks: nothing to record. */
  readonly recordable: boolean;
  /** SCORM 2004 `cmi.interactions.n.type`. */
  readonly type: InteractionType2004;
  /** SCORM 1.2 `cmi.interactions.n.type` (essays are fill-in, truncated to 255 characters). */
  readonly type12: InteractionType12;
  /** Plain-text stem, ≤ 250 characters (2004 `description`, xAPI `name`). */
  readonly description: string;
  /** The question's points (`weighting`). */
  readonly weighting: number;
  readonly learnerResponse2004: string;
  /** First correct-response pattern ('' when there is none, e.g. essays). */
  readonly correctPattern2004: string;
  /** All correct-response patterns (`correct_responses.n.pattern`). */
  readonly correctPatterns2004: readonly string[];
  readonly result2004: string;
  readonly learnerResponse12: string;
  readonly correctPattern12: string;
  readonly correctPatterns12: readonly string[];
  readonly result12: string;
  readonly xapi: {
    readonly interactionType: InteractionType2004;
    readonly correctResponsesPattern: readonly string[];
    readonly response: string;
    readonly choices?: readonly XapiComponent[];
    readonly source?: readonly XapiComponent[];
    readonly target?: readonly XapiComponent[];
    readonly steps?: readonly XapiComponent[];
  };
}

export interface ScoreResult {
  /** Points earned, 0 … maxScore. */
  readonly score: number;
  /** Points available: the question's points; 0 for essays (graded by a person) and descriptions. */
  readonly maxScore: number;
  /** score / maxScore, 0 … 1 (0 when maxScore is 0). */
  readonly fraction: number;
  readonly result: Result;
  readonly answered: boolean;
  /** Feedback to show, as sanitised HTML fragments: the picked option's, then the question's. */
  readonly feedback: readonly string[];
  readonly interaction: Interaction;
}

const EPS = 1e-9;
const round7 = (n: number) => Math.round(n * 1e7) / 1e7;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** Single characters for SCORM 1.2 where an id is not one already. */
const chars12 = '0123456789abcdefghijklmnopqrstuvwxyz';

export function score(question: Question, response: Response, lang = 'id'): ScoreResult {
  const graded = grade(question, response);
  const maxScore = question.type === 'essay' || question.type === 'description' ? 0 : question.points;
  // Weights are stored to 7 decimals (33.33333 %): three of them must still make full marks.
  const raw = clamp01(graded.fraction);
  const fraction = maxScore > 0 ? (raw > 1 - 1e-6 ? 1 : raw < 1e-6 ? 0 : round7(raw)) : 0;
  const result: Result = !graded.gradable ? 'neutral' : fraction >= 1 - EPS ? 'correct' : fraction > EPS ? 'partial' : 'incorrect';
  const fb = [...graded.feedback];
  const f = question.feedback;
  if (graded.answered && result === 'correct' && f.correct) fb.push(f.correct);
  if (graded.answered && result === 'partial' && (f.partial ?? f.incorrect)) fb.push((f.partial ?? f.incorrect)!);
  if (graded.answered && result === 'incorrect' && f.incorrect) fb.push(f.incorrect);
  if (graded.answered && f.general) fb.push(f.general);
  return {
    score: round7(fraction * maxScore),
    maxScore,
    fraction,
    result,
    answered: graded.answered,
    feedback: fb,
    interaction: interactionOf(question, graded, result, fraction, lang),
  };
}

interface Graded {
  fraction: number;
  answered: boolean;
  gradable: boolean;
  feedback: string[];
  /** Normalised learner response parts for the interaction reports. */
  parts: string[];
  pairs?: [string, string][];
  text?: string;
}

function asString(r: Response): string {
  return typeof r === 'string' ? r : typeof r === 'number' && Number.isFinite(r) ? String(r) : '';
}

function asList(r: Response): string[] {
  if (Array.isArray(r)) return r.filter((x): x is string => typeof x === 'string');
  if (typeof r === 'string' && r) return [r];
  return [];
}

/** `*` in an accepted answer matches any text (as in Moodle); `\*` is a literal asterisk. */
function matchesAnswer(given: string, accepted: string): boolean {
  if (!accepted.includes('*')) return given === accepted;
  const pattern = accepted
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 'su').test(given);
}

export function normaliseShort(text: string, caseSensitive: boolean, normalizeSpace: boolean): string {
  let s = text.normalize('NFC');
  s = normalizeSpace ? s.replace(/\s+/g, ' ').trim() : s;
  // Indonesian has no special case mappings (unlike Turkish), so the plain mapping is the right one.
  return caseSensitive ? s : s.toLowerCase();
}

function grade(question: Question, response: Response): Graded {
  switch (question.type) {
    case 'single': {
      const id = asList(response)[0];
      const choice = question.choices.find((c) => c.id === id);
      if (!choice) return { fraction: 0, answered: false, gradable: true, feedback: [], parts: [] };
      return { fraction: choice.weight, answered: true, gradable: true, feedback: choice.feedback ? [choice.feedback] : [], parts: [choice.id] };
    }
    case 'multiple': {
      const wanted = new Set(asList(response));
      const picked = question.choices.filter((c) => wanted.has(c.id));
      const sum = picked.reduce((s, c) => s + c.weight, 0);
      return {
        fraction: sum,
        answered: picked.length > 0,
        gradable: true,
        feedback: picked.flatMap((c) => (c.feedback ? [c.feedback] : [])),
        parts: picked.map((c) => c.id),
      };
    }
    case 'truefalse': {
      const value = typeof response === 'boolean' ? response : typeof response === 'string' ? truthOf(response) : undefined;
      if (value === undefined) return { fraction: 0, answered: false, gradable: true, feedback: [], parts: [] };
      const fb = value ? question.feedbackTrue : question.feedbackFalse;
      return { fraction: value === question.answer ? 1 : 0, answered: true, gradable: true, feedback: fb ? [fb] : [], parts: [String(value)] };
    }
    case 'short': {
      const raw = asString(response);
      const given = normaliseShort(raw, question.caseSensitive, question.normalizeSpace);
      if (!given.trim()) return { fraction: 0, answered: false, gradable: true, feedback: [], parts: [], text: raw };
      let best: (typeof question.answers)[number] | undefined;
      for (const a of question.answers) {
        if (matchesAnswer(given, normaliseShort(a.text, question.caseSensitive, question.normalizeSpace)) && (!best || a.weight > best.weight)) best = a;
      }
      return { fraction: best?.weight ?? 0, answered: true, gradable: true, feedback: best?.feedback ? [best.feedback] : [], parts: [raw], text: raw };
    }
    case 'numerical': {
      const value = typeof response === 'number' ? (Number.isFinite(response) ? response : undefined) : parseNumber(asString(response), question.numbers);
      if (value === undefined) {
        const raw = asString(response);
        return { fraction: 0, answered: raw.trim() !== '', gradable: true, feedback: [], parts: [], text: raw };
      }
      let best: (typeof question.answers)[number] | undefined;
      for (const a of question.answers) {
        const [lo, hi] = bounds(a);
        const slack = EPS * Math.max(1, Math.abs(lo), Math.abs(hi));
        if (value >= lo - slack && value <= hi + slack && (!best || a.weight > best.weight)) best = a;
      }
      return { fraction: best?.weight ?? 0, answered: true, gradable: true, feedback: best?.feedback ? [best.feedback] : [], parts: [formatNumber(value)] };
    }
    case 'matching': {
      const map = response && typeof response === 'object' && !Array.isArray(response) ? (response as Record<string, string>) : {};
      const pairs: [string, string][] = [];
      let right = 0;
      for (const p of question.pairs) {
        const target = map[p.id];
        if (typeof target !== 'string' || !question.targets.some((t) => t.id === target)) continue;
        pairs.push([p.id, target]);
        if (question.answerOf[p.id] === target) right++;
      }
      return { fraction: question.pairs.length ? right / question.pairs.length : 0, answered: pairs.length > 0, gradable: true, feedback: [], parts: [], pairs };
    }
    case 'ordering': {
      const known = new Set(question.items.map((i) => i.id));
      const seen = new Set<string>();
      const order = asList(response).filter((id) => known.has(id) && !seen.has(id) && seen.add(id));
      const right = question.items.filter((item, i) => order[i] === item.id).length;
      return { fraction: question.items.length ? right / question.items.length : 0, answered: order.length > 0, gradable: true, feedback: [], parts: order };
    }
    case 'essay': {
      const text = asString(response);
      return { fraction: 0, answered: text.trim() !== '', gradable: false, feedback: [], parts: [], text };
    }
    default:
      return { fraction: 0, answered: false, gradable: false, feedback: [], parts: [] };
  }
}

function truthOf(s: string): boolean | undefined {
  const v = s.trim().toLowerCase();
  if (['true', 't', 'benar', 'b', '1', 'ya'].includes(v)) return true;
  if (['false', 'f', 'salah', 's', '0', 'tidak'].includes(v)) return false;
  return undefined;
}

function bounds(a: { value?: number; tolerance?: number; min?: number; max?: number }): [number, number] {
  if (a.value !== undefined) {
    const tol = Math.abs(a.tolerance ?? 0);
    return [a.value - tol, a.value + tol];
  }
  return [a.min ?? -Infinity, a.max ?? Infinity];
}

/** A response that earns full marks (for reviews, "show the answer", tests). Undefined when none exists. */
export function correctResponse(question: Question): Response {
  switch (question.type) {
    case 'single':
      return [...question.choices].sort((a, b) => b.weight - a.weight)[0]?.id;
    case 'multiple':
      return question.choices.filter((c) => c.weight > 0).map((c) => c.id);
    case 'truefalse':
      return question.answer;
    case 'short': {
      const best = [...question.answers].sort((a, b) => b.weight - a.weight)[0];
      return best?.text.replace(/\\\*/g, '*').replace(/(?<!\\)\*/g, '');
    }
    case 'numerical': {
      const best = [...question.answers].sort((a, b) => b.weight - a.weight)[0];
      if (!best) return undefined;
      if (best.value !== undefined) return formatNumber(best.value);
      const [lo, hi] = bounds(best);
      return formatNumber(Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : Number.isFinite(lo) ? lo : hi);
    }
    case 'matching':
      return { ...question.answerOf };
    case 'ordering':
      return question.items.map((i) => i.id);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Interaction reports

// The same option texts are converted on every answer: keep recent results (bounded, for long sessions).
const textCache = new Map<string, string>();

/** Plain text of sanitised HTML (entity-decoded, tags dropped), for descriptions and xAPI names. */
export function htmlToText(html: string): string {
  const cached = textCache.get(html);
  if (cached !== undefined) return cached;
  const text = convertHtmlToText(html);
  if (textCache.size >= 2000) textCache.clear();
  textCache.set(html, text);
  return text;
}

function convertHtmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|div|tr|h\d|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** A free text as an interaction response: on one line (LMSs such as Moodle refuse a line break in a
 *  long-fill-in response), not starting with "{" (read as a {lang=…} delimiter), at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const s = /[\r\n]/.test(text) ? text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/^\{/, '(') : text.replace(/^\{/, '(');
  // Runtimes count UTF-16 units (Moodle's `[\u0000-\uFFFF]{0,255}`, JavaScript's length): cut at `max`
  // units, one less when that would split an emoji's surrogate pair.
  if (s.length <= max) return s;
  const high = s.charCodeAt(max - 1);
  return s.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

// What does not depend on the response is worked out once per question.
const descriptions = new WeakMap<Question, string>();
const componentCache = new WeakMap<Question, Map<string, XapiComponent[]>>();

function char12(index: number): string {
  return chars12[index + 1] ?? chars12[chars12.length - 1]!;
}

/** What a question type records: its interaction types, and the learner's response and the correct patterns in each notation. */
interface Recorded {
  readonly type: InteractionType2004;
  readonly type12: InteractionType12;
  readonly response2004: string;
  readonly patterns2004: string[];
  readonly response12: string;
  readonly patterns12: string[];
  readonly xapi?: Partial<Interaction['xapi']>;
}

/** A question's parts (choices, pairs, items) as xAPI components, made once per question and language. */
type Components = (key: string, parts: readonly { id: string; html: string }[]) => XapiComponent[];

function interactionOf(question: Question, graded: Graded, result: Result, fraction: number, lang: string): Interaction {
  const description = descriptionOf(question);
  const r2004 = result === 'neutral' ? 'neutral' : result === 'correct' ? 'correct' : result === 'incorrect' ? 'incorrect' : formatNumber(round7(fraction));
  const r12 = result === 'neutral' ? 'neutral' : result === 'correct' ? 'correct' : result === 'incorrect' ? 'wrong' : formatNumber(round7(fraction));
  const r = recordedOf(question, graded, (key, parts) => componentsOf(question, key, parts, lang));
  return {
    id: question.id,
    recordable: question.type !== 'description',
    description,
    weighting: question.points,
    result2004: r2004,
    result12: r12,
    type: r.type,
    type12: r.type12,
    learnerResponse2004: r.response2004,
    correctPattern2004: r.patterns2004[0] ?? '',
    correctPatterns2004: r.patterns2004,
    learnerResponse12: r.response12,
    correctPattern12: r.patterns12[0] ?? '',
    correctPatterns12: r.patterns12,
    xapi: { interactionType: r.type, correctResponsesPattern: r.patterns2004, response: r.response2004, ...r.xapi },
  };
}

function descriptionOf(question: Question): string {
  let description = descriptions.get(question);
  if (description === undefined) {
    description = oneLine(question.text || question.name, 250);
    descriptions.set(question, description);
  }
  return description;
}

function componentsOf(question: Question, key: string, parts: readonly { id: string; html: string }[], lang: string): XapiComponent[] {
  let byKey = componentCache.get(question);
  if (!byKey) componentCache.set(question, (byKey = new Map()));
  const cacheKey = `${key}:${lang}`;
  let list = byKey.get(cacheKey);
  if (!list) byKey.set(cacheKey, (list = parts.map((p) => ({ id: p.id, description: { [lang]: oneLine(htmlToText(p.html), 250) } }))));
  return list;
}

const recorded = (
  type: InteractionType2004,
  type12: InteractionType12,
  response2004: string,
  patterns2004: string[],
  response12: string,
  patterns12: string[],
  xapi?: Partial<Interaction['xapi']>,
): Recorded => ({ type, type12, response2004, patterns2004, response12, patterns12, ...(xapi ? { xapi } : {}) });

function recordedOf(question: Question, graded: Graded, components: Components): Recorded {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return recordedChoice(question, graded, components);
    case 'truefalse': {
      const given = graded.parts[0];
      return recorded('true-false', 'true-false', given ?? '', [String(question.answer)], given === undefined ? '' : given === 'true' ? 't' : 'f', [question.answer ? 't' : 'f']);
    }
    case 'short': {
      const full = question.answers.filter((a) => a.weight >= 1 - EPS);
      const flags = `{case_matters=${question.caseSensitive}}`;
      return recorded('fill-in', 'fill-in', oneLine(graded.text ?? '', 250), full.map((a) => flags + oneLine(a.text, 250)), oneLine(graded.text ?? '', 255), full.map((a) => oneLine(a.text, 255)));
    }
    case 'numerical':
      return recordedNumber(question, graded);
    case 'matching':
      return recordedMatching(question, graded, components);
    case 'ordering': {
      const correct = question.items.map((i) => i.id);
      return recorded('sequencing', 'sequencing', graded.parts.join('[,]'), [correct.join('[,]')], graded.parts.join(','), [correct.join(',')], { choices: components('items', question.items) });
    }
    case 'essay':
      return recorded('long-fill-in', 'fill-in', oneLine(graded.text ?? '', 4000), [], oneLine(graded.text ?? '', 255), []);
    default:
      return recorded('other', 'fill-in', '', [], '', []);
  }
}

function recordedChoice(question: ChoiceQuestion, graded: Graded, components: Components): Recorded {
  const index12 = (id: string) => {
    const i = question.choices.findIndex((c) => c.id === id);
    return id.length === 1 ? id : chars12[i] ?? id;
  };
  const patterns =
    question.type === 'single' ? question.choices.filter((c) => c.weight >= 1 - EPS).map((c) => [c.id]) : [question.choices.filter((c) => c.weight > 0).map((c) => c.id)];
  return recorded(
    'choice',
    'choice',
    graded.parts.join('[,]'),
    patterns.map((p) => p.join('[,]')),
    graded.parts.map(index12).join(','),
    patterns.map((p) => p.map(index12).join(',')),
    { choices: components('choices', question.choices) },
  );
}

function recordedNumber(question: NumericalQuestion, graded: Graded): Recorded {
  const full = question.answers.find((a) => a.weight >= 1 - EPS);
  const [lo, hi] = full ? bounds(full) : [NaN, NaN];
  // SCORM 2004 allows one numeric pattern; an open side of a range is left empty.
  // SCORM decimals have at most 10 integer digits: larger bounds are left open, larger answers unreported.
  const fits = (x: number) => Number.isFinite(x) && Math.abs(x) < 1e10;
  const p2004 = full ? [`${fits(lo) ? formatNumber(lo) : ''}[:]${fits(hi) ? formatNumber(hi) : ''}`] : [];
  const p12 = full?.value !== undefined && fits(full.value) ? [formatNumber(full.value)] : [];
  const answered = graded.parts[0];
  const given = answered !== undefined && fits(Number(answered)) ? answered : '';
  return recorded('numeric', 'numeric', given, p2004, given, p12);
}

function recordedMatching(question: MatchingQuestion, graded: Graded, components: Components): Recorded {
  const srcIndex = new Map(question.pairs.map((p, i) => [p.id, i]));
  const s12 = (id: string) => char12(srcIndex.get(id) ?? 0);
  const pattern = question.pairs.map((p) => [p.id, question.answerOf[p.id]!] as const);
  const given = graded.pairs ?? [];
  return recorded(
    'matching',
    'matching',
    given.map(([s, t]) => `${s}[.]${t}`).join('[,]'),
    [pattern.map(([s, t]) => `${s}[.]${t}`).join('[,]')],
    given.map(([s, t]) => `${s12(s)}.${t}`).join(','),
    [pattern.map(([s, t]) => `${s12(s)}.${t}`).join(',')],
    { source: components('source', question.pairs.map((p) => ({ id: p.id, html: p.prompt }))), target: components('target', question.targets) },
  );
}
