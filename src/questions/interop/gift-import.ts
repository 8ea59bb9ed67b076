// GIFT → drafts, following Moodle's own reader (question/format/gift/format.php): blank lines separate
// questions, `//` lines are comments, `$CATEGORY:` applies to what follows, `::name::`, `[format]`,
// `{…}` answers with `=`/`~`, `%weight%`, `#feedback`, `####general feedback`, `\` escapes.
// One bad question is reported with its line and skipped; the rest of the file still imports.
// Moodle's `// [id:…] [tag:…]` comment lines give the question's id and tags, as in Moodle.
// A `// ajar: id=… points=… tags=[…]` comment (written by our exporter) restores what GIFT cannot carry.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseAttributes } from '../attributes.js';
import { parseNumber } from '../../core/numbers.js';
import { rules, type ImportLoss, type ImportProblem } from '../rules.js';
import { categoryTags, type Draft, type DraftChoice, type ImportResult } from './draft.js';
import { htmlToMarkdown, plainToMarkdown } from './html-markdown.js';

type Format = 'moodle' | 'html' | 'plain' | 'markdown';

interface Block {
  text: string;
  /** File line of each line of `text`. */
  line: number;
  ajar?: string;
  /** Moodle's own `// [id:…] [tag:…]` comment tokens, with the line they are on. */
  moodle?: { id?: string; tags: string[]; line: number };
}

const ESC: Record<string, string> = { ':': ':', '#': '#', '=': '=', '{': '{', '}': '}', '~': '~', n: '\n', '\\': '\\' };

/** Index of the first `ch` at or after `from` that is not escaped with a backslash. */
function findUnescaped(s: string, target: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s.startsWith(target, i)) return i;
  }
  return -1;
}

/** Splits on unescaped separators (each separator character starts a new piece, kept at its start). */
function splitBefore(s: string, separators: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (separators.includes(s[i]!) && i > start) {
      out.push(s.slice(start, i));
      start = i;
    } else if (separators.includes(s[i]!) && i === start) {
      // a separator at the very start belongs to the first piece
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}

function unescape(s: string): string {
  return s.replace(/\\(.)/gs, (m, c: string) => ESC[c] ?? m);
}

function withFormat(raw: string, fallback: Format): { text: string; format: Format } {
  const m = /^\s*\[(html|moodle|plain|markdown)\]/.exec(raw);
  if (m) return { text: unescape(raw.slice(m[0].length)).trim(), format: m[1] as Format };
  return { text: unescape(raw).trim(), format: fallback };
}

function toMd(text: string, format: Format): string {
  if (!text) return '';
  switch (format) {
    case 'markdown':
      return text;
    case 'html':
      return htmlToMarkdown(text);
    case 'plain':
      return plainToMarkdown(text);
    default:
      // Moodle auto-format: HTML allowed, line breaks kept.
      return /<[a-z][^>]*>/i.test(text) ? htmlToMarkdown(text.replace(/\n/g, '<br>')) : plainToMarkdown(text);
  }
}

function splitFeedback(raw: string): [string, string | undefined] {
  const i = findUnescaped(raw, '#');
  return i === -1 ? [raw, undefined] : [raw.slice(0, i), raw.slice(i + 1)];
}

/** What an ajar question id may hold (Moodle's idnumbers may hold more, e.g. spaces). */
const validId = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const weightRe = /^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%/;

/** A leading `%50%` as a fraction, and the text after it; `fallback` when there is none. */
function takeWeight(piece: string, fallback: number): { weight: number; rest: string } {
  const w = weightRe.exec(piece);
  return w ? { weight: Number(w[1]) / 100, rest: piece.slice(w[0].length) } : { weight: fallback, rest: piece };
}

export function importGift(source: string, file: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  let category: string | undefined;
  let title: string | undefined;
  for (const block of splitBlocks(source)) {
    if (/^\$CATEGORY:/.test(block.text)) {
      category = unescape(block.text.slice(10)).trim();
      title ??= category.split('/').filter((s) => s && !s.startsWith('$') && s !== 'top').pop();
      continue;
    }
    const draft = readQuestion(block, category, file, diagnostics);
    if (draft) drafts.push(draft);
  }
  return { drafts, diagnostics, files: new Map(), ...(title ? { title } : {}) };
}

/** Blank lines separate questions; `//` lines are comments, a `// ajar: …` one belongs to the question it is in or precedes. */
function splitBlocks(source: string): Block[] {
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let current: { lines: string[]; line: number; ajar?: string; moodle?: Block['moodle'] } | undefined;
  let pendingAjar: string | undefined;
  let pendingMoodle: Block['moodle'];
  const close = () => {
    if (current) blocks.push({ text: current.lines.join('\n').trim(), line: current.line, ...(current.ajar ? { ajar: current.ajar } : {}), ...(current.moodle ? { moodle: current.moodle } : {}) });
    current = undefined;
  };
  lines.forEach((rawLine, index) => {
    const trimmed = rawLine.trim();
    if (trimmed === '') return close();
    if (trimmed.startsWith('//')) {
      const m = /^\/\/\s*ajar:\s*(.*)$/.exec(trimmed);
      if (m) {
        if (current) current.ajar = m[1];
        else pendingAjar = m[1];
      }
      const tokens = moodleTokens(trimmed);
      if (tokens.id !== undefined || tokens.tags.length) {
        const target = current ? (current.moodle ??= { tags: [], line: index + 1 }) : (pendingMoodle ??= { tags: [], line: index + 1 });
        if (target.id === undefined && tokens.id !== undefined) target.id = tokens.id;
        target.tags.push(...tokens.tags);
      }
      if (current) current.lines.push('');
      return;
    }
    if (!current) {
      current = { lines: [], line: index + 1, ...(pendingAjar ? { ajar: pendingAjar } : {}), ...(pendingMoodle ? { moodle: pendingMoodle } : {}) };
      pendingAjar = undefined;
      pendingMoodle = undefined;
    }
    current.lines.push(rawLine);
  });
  close();
  return blocks;
}

/** Moodle's `[id:…]` and `[tag:…]` tokens in a comment line (`\\]` is an escaped `]`); the first id wins, as in Moodle. */
function moodleTokens(comment: string): { id?: string; tags: string[] } {
  const token = (name: string) => new RegExp(`\\[${name}:((?:\\\\\\]|[^\\]\\x00-\\x1f])+)\\]`, 'g');
  const clean = (raw: string) => raw.replace(/\\\]/g, ']').trim();
  const id = token('id').exec(comment)?.[1];
  const tags = [...comment.matchAll(token('tag'))].map((m) => clean(m[1]!)).filter(Boolean);
  return { ...(id !== undefined && clean(id) ? { id: clean(id) } : {}), tags };
}

/** What every reader of one question needs: located errors, text in the question's format as Markdown. */
interface QuestionContext {
  /** Reports an error at an offset in the block; the question is skipped. */
  fail(problem: ImportProblem, offset?: number, more?: Record<string, string | number>): undefined;
  /** A piece of text in the question's format (or its own `[format]`) as Markdown; undefined when empty. */
  md(raw: string | undefined): string | undefined;
  /** Offset of the answer text in the block. */
  readonly answerOffset: number;
  readonly ajar: ReadonlyMap<string, unknown>;
  readonly wantedType: string | undefined;
}

/** `::name::` stem `{answers}`: the name, the stem, the text between the braces and its `####general feedback`. */
function splitQuestion(text: string): { name?: string; nameEnd: number; stemRaw: string; answerText?: string; answerStart: number; general?: string } | { unbalanced: number } {
  let offset = 0;
  let name: string | undefined;
  if (text.startsWith('::')) {
    const end = findUnescaped(text, '::', 2);
    if (end !== -1) {
      name = unescape(text.slice(2, end)).trim();
      offset = end + 2;
    } else offset = 2;
  }
  const body = text.slice(offset);
  const open = findUnescaped(body, '{');
  const close = open === -1 ? findUnescaped(body, '}') : findUnescaped(body, '}', open + 1);
  if ((open === -1) !== (close === -1) || (open !== -1 && close === -1)) return { unbalanced: offset + (open === -1 ? close : open) };
  const head = { ...(name ? { name } : {}), nameEnd: offset, answerStart: offset + open + 1 };
  if (open === -1) return { ...head, stemRaw: body };
  // An answer in the middle of the sentence leaves a blank in the stem.
  const stemRaw = body.trimEnd().endsWith('}') && close === body.trimEnd().length - 1 ? body.slice(0, open) : body.slice(0, open) + '_____' + body.slice(close + 1);
  let answerText = body.slice(open + 1, close).trim();
  const gf = answerText.lastIndexOf('####');
  if (gf === -1) return { ...head, stemRaw, answerText };
  const general = answerText.slice(gf + 4);
  answerText = answerText.slice(0, gf).trim();
  return { ...head, stemRaw, answerText, general };
}

function readQuestion(block: Block, category: string | undefined, file: string, diagnostics: Diagnostic[]): Draft | undefined {
  const at = (offset = 0) => {
    const before = block.text.slice(0, offset);
    const line = block.line + (before.match(/\n/g)?.length ?? 0);
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return { file, position: { start: { line, column } } };
  };
  const fail = (problem: ImportProblem, offset = 0, more: Record<string, string | number> = {}): undefined => {
    diagnostics.push(rules['import-syntax']({ ...at(offset), data: { problem, ...more } }));
    return undefined;
  };
  const parts = splitQuestion(block.text);
  if ('unbalanced' in parts) return fail('unbalanced-braces', parts.unbalanced);
  const stem = withFormat(parts.stemRaw.trim(), 'moodle');
  const md = (raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const t = withFormat(raw.trim(), stem.format);
    return toMd(t.text, t.format) || undefined;
  };
  const ajar = block.ajar ? parseAttributes(block.ajar).values : new Map<string, unknown>();
  const ajarString = (k: string) => (typeof ajar.get(k) === 'string' ? (ajar.get(k) as string) : undefined);
  // Written by ajar: the comment holds the real tags (none when it lists none), not the category.
  const ajarTags = ajar.get('tags');
  // Moodle's `// [tag:…]` comments are the question's tags (Moodle writes and reads them); without any, the category.
  const moodleTags = [...new Set(block.moodle?.tags ?? [])];
  const tags = block.ajar !== undefined ? (Array.isArray(ajarTags) ? [...new Set(ajarTags as string[])] : []) : moodleTags.length ? moodleTags : categoryTags(category);
  // Moodle's `// [id:…]` is its idnumber; ajar's comment wins when both are there.
  const moodleId = block.moodle?.id;
  const id = ajarString('id') ?? (moodleId !== undefined && validId.test(moodleId) ? moodleId : undefined);
  if (moodleId !== undefined && !ajarString('id') && !validId.test(moodleId)) {
    diagnostics.push(
      rules['import-lossy']({
        file,
        position: { start: { line: block.moodle!.line, column: 1 } },
        data: { id: parts.name ?? '', line: block.line, what: 'moodle-id' satisfies ImportLoss, value: moodleId },
      }),
    );
  }
  const points = ajarString('points') !== undefined ? Number(ajarString('points')) : undefined;
  const general = md(parts.general);
  const base = {
    line: at(0).position.start.line,
    ...(id ? { id } : {}),
    ...(parts.name ? { name: parts.name } : {}),
    stem: toMd(stem.text, stem.format),
    ...(points !== undefined && Number.isFinite(points) ? { points } : {}),
    tags,
    feedback: { ...(general ? { general } : {}) },
    ...(ajar.get('case') === true || ajar.get('case') === 'true' ? { caseSensitive: true } : {}),
    ...(ajarString('spaces') === 'exact' ? { exactSpaces: true } : {}),
  };
  if (block.text.includes('@@PLUGINFILE@@')) {
    diagnostics.push(
      rules['import-lossy']({
        ...at(0),
        data: { id: parts.name ?? '', line: block.line, what: 'pluginfile-images' satisfies ImportLoss },
      }),
    );
  }
  const answerText = parts.answerText;
  if (answerText === undefined) return { ...base, type: 'description' };
  if (answerText === '') return { ...base, type: 'essay', ...minMax(ajar) };
  const ctx: QuestionContext = { fail, md, answerOffset: parts.answerStart, ajar, wantedType: ajarString('type') };
  // The order Moodle's reader decides the type in.
  if (answerText.startsWith('#')) return readNumerical(base, answerText, ctx);
  if (findUnescaped(answerText, '~') !== -1) return readChoices(base, answerText, ctx);
  // `->` makes a matching question, unless ajar's comment says it is a short answer holding `->`.
  if (findUnescaped(answerText, '=') !== -1 && findUnescaped(answerText, '->') !== -1 && ctx.wantedType !== 'short') return readMatching(base, answerText, ctx);
  if (['T', 'TRUE', 'F', 'FALSE'].includes(splitFeedback(answerText)[0].trim())) return readTrueFalse(base, answerText, ctx);
  return readShort(base, answerText, ctx);
}

type DraftBase = Omit<Draft, 'type'> & { feedback: NonNullable<Draft['feedback']> };

/** `{#3.14:0.01}`, `{#1..5}`, `{# =3:0 =%50%3:1 ~#wrong feedback}`. */
function readNumerical(base: DraftBase, answerText: string, ctx: QuestionContext): Draft | undefined {
  let rest = answerText.slice(1);
  let wrong: string | undefined;
  const tilde = findUnescaped(rest, '~');
  if (tilde !== -1) {
    wrong = splitFeedback(rest.slice(tilde + 1))[1] ?? '';
    rest = rest.slice(0, tilde);
  }
  const pieces = splitBefore(rest, '=').map((p) => p.replace(/^=/, '').trim()).filter(Boolean);
  if (!pieces.length) return ctx.fail('numerical-no-answer', ctx.answerOffset);
  const numbers = [];
  for (const piece of pieces) {
    const { weight, rest: p } = takeWeight(piece, 1);
    const [valueRaw, fb] = splitFeedback(p);
    const v = unescape(valueRaw).trim();
    const fbMd = ctx.md(fb);
    // `*` is Moodle's "any other number": at 0 % its feedback is the feedback for a wrong answer.
    if (v === '*') {
      if (weight === 0) wrong ??= fb ?? '';
      else numbers.push({ min: -1e15, max: 1e15, weight, ...(fbMd ? { feedback: fbMd } : {}) });
      continue;
    }
    const range = /^(.+?)\.\.(.+)$/.exec(v);
    const tol = /^(.+?):(.+)$/.exec(v);
    // GIFT numbers are Moodle's: a dot decimal, whatever the course's language.
    const entry = range
      ? { min: parseNumber(range[1]!, 'en'), max: parseNumber(range[2]!, 'en') }
      : tol
        ? { value: parseNumber(tol[1]!, 'en'), tolerance: parseNumber(tol[2]!, 'en') }
        : { value: parseNumber(v, 'en') };
    if (Object.values(entry).some((x) => x === undefined)) {
      return ctx.fail('numerical-bad-answer', ctx.answerOffset + answerText.indexOf(piece), { value: v });
    }
    numbers.push({ ...(entry as { value?: number }), weight, ...(fbMd ? { feedback: fbMd } : {}) });
  }
  const wrongMd = ctx.md(wrong);
  return { ...base, type: 'numerical', numbers, feedback: { ...base.feedback, ...(wrongMd ? { incorrect: wrongMd } : {}) } };
}

/** `{=right ~wrong ~%50%half}`: single choice when one answer is marked `=`, else multiple response. */
function readChoices(base: DraftBase, answerText: string, ctx: QuestionContext): Draft | undefined {
  const single = findUnescaped(answerText, '=') !== -1 && ctx.wantedType !== 'multiple';
  const pieces = splitBefore(answerText, '~=');
  if (pieces.length < 2) return ctx.fail('choice-too-few', ctx.answerOffset);
  const choices: DraftChoice[] = pieces.map((piece) => {
    const { weight, rest } = piece.startsWith('=') ? { weight: 1, rest: piece.slice(1).trim() } : takeWeight(piece.replace(/^~/, '').trim(), 0);
    const [textRaw, fb] = splitFeedback(rest);
    const fbMd = ctx.md(fb);
    return { md: ctx.md(textRaw) ?? '', weight, ...(fbMd ? { feedback: fbMd } : {}) };
  });
  return { ...base, type: single ? 'single' : 'multiple', ...fixedFrom(ctx.ajar, choices) };
}

/** `{=prompt -> answer =-> distractor}`; ajar writes ordering questions this way too (`type=ordering`). */
function readMatching(base: DraftBase, answerText: string, ctx: QuestionContext): Draft | undefined {
  const pieces = splitBefore(answerText, '=').map((p) => p.replace(/^=/, ''));
  if (pieces.length < 2) return ctx.fail('matching-too-few', ctx.answerOffset);
  const pairs: { prompt: string; answer: string }[] = [];
  const distractors: string[] = [];
  for (const piece of pieces) {
    const arrow = findUnescaped(piece, '->');
    if (arrow === -1) {
      const shown = unescape(piece).trim();
      return ctx.fail('pair-no-arrow', ctx.answerOffset + answerText.indexOf(piece), { value: shown });
    }
    const prompt = ctx.md(piece.slice(0, arrow)) ?? '';
    const answer = plainToMarkdown(unescape(piece.slice(arrow + 2)).trim());
    if (prompt) pairs.push({ prompt, answer });
    else distractors.push(answer);
  }
  if (ctx.wantedType === 'ordering') return { ...base, type: 'ordering', items: pairs.map((p) => p.answer) };
  return { ...base, type: 'matching', pairs, distractors };
}

/** `{TRUE#feedback for a wrong answer#feedback for a right answer}`. */
function readTrueFalse(base: DraftBase, answerText: string, ctx: QuestionContext): Draft {
  const tf = splitFeedback(answerText)[0].trim();
  const parts: string[] = [];
  let rest = answerText;
  for (let i = 0; i < 2; i++) {
    const h = findUnescaped(rest, '#');
    if (h === -1) break;
    rest = rest.slice(h + 1);
    const next = findUnescaped(rest, '#');
    parts.push(next === -1 || i === 1 ? rest : rest.slice(0, next));
  }
  const answer = tf === 'T' || tf === 'TRUE';
  const wrongFb = ctx.md(parts[0]);
  const rightFb = ctx.md(parts[1]);
  const fbTrue = answer ? rightFb : wrongFb;
  const fbFalse = answer ? wrongFb : rightFb;
  return { ...base, type: 'truefalse', answer, ...(fbTrue ? { feedbackTrue: fbTrue } : {}), ...(fbFalse ? { feedbackFalse: fbFalse } : {}) };
}

/** `{=a =b =%50%c#feedback}`. */
function readShort(base: DraftBase, answerText: string, ctx: QuestionContext): Draft | undefined {
  const pieces = splitBefore(answerText, '=').map((p) => p.replace(/^=/, '').trim()).filter(Boolean);
  if (!pieces.length) return ctx.fail('no-answer-read', ctx.answerOffset);
  const answers = pieces.map((piece) => {
    const { weight, rest } = takeWeight(piece, 1);
    const [textRaw, fb] = splitFeedback(rest);
    const fbMd = ctx.md(fb);
    return { text: withFormat(textRaw, 'plain').text, weight, ...(fbMd ? { feedback: fbMd } : {}) };
  });
  return { ...base, type: 'short', answers };
}

function minMax(ajar: ReadonlyMap<string, unknown>): { minLength?: number; maxLength?: number } {
  const min = Number(ajar.get('min_length'));
  const max = Number(ajar.get('max_length'));
  return { ...(Number.isFinite(min) && ajar.has('min_length') ? { minLength: min } : {}), ...(Number.isFinite(max) && ajar.has('max_length') ? { maxLength: max } : {}) };
}

/** `fixed=[c, d]` in the ajar comment: options kept in place when shuffling. */
function fixedFrom(ajar: ReadonlyMap<string, unknown>, choices: DraftChoice[]): { choices: DraftChoice[] } {
  const fixed = ajar.get('fixed');
  if (!Array.isArray(fixed)) return { choices };
  const set = new Set(fixed.map((x) => Number(x)));
  return { choices: choices.map((c, i) => (set.has(i + 1) ? { ...c, fixed: true } : c)) };
}
