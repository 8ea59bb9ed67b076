// GIFT → drafts, following Moodle's own reader (question/format/gift/format.php): blank lines separate
// questions, `//` lines are comments, `$CATEGORY:` applies to what follows, `::name::`, `[format]`,
// `{…}` answers with `=`/`~`, `%weight%`, `#feedback`, `####general feedback`, `\` escapes.
// One bad question is reported with its line and skipped; the rest of the file still imports.
// A `// ajar: id=… points=… tags=[…]` comment (written by our exporter) restores what GIFT cannot carry.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseAttributes } from '../attributes.js';
import { parseNumber } from '../../core/numbers.js';
import { slugify } from '../../core/ids.js';
import { rules } from '../rules.js';
import type { Draft, DraftChoice, ImportResult } from './draft.js';
import { htmlToMarkdown, plainToMarkdown } from './html-markdown.js';

type Format = 'moodle' | 'html' | 'plain' | 'markdown';

interface Block {
  text: string;
  /** File line of each line of `text`. */
  line: number;
  ajar?: string;
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

const weightRe = /^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%/;

export function importGift(source: string, file: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let current: { lines: string[]; line: number; ajar?: string } | undefined;
  let pendingAjar: string | undefined;
  lines.forEach((rawLine, index) => {
    const trimmed = rawLine.trim();
    if (trimmed === '') {
      if (current) blocks.push({ text: current.lines.join('\n').trim(), line: current.line, ...(current.ajar ? { ajar: current.ajar } : {}) });
      current = undefined;
      return;
    }
    if (trimmed.startsWith('//')) {
      const m = /^\/\/\s*ajar:\s*(.*)$/.exec(trimmed);
      if (m) {
        if (current) current.ajar = m[1];
        else pendingAjar = m[1];
      }
      if (current) current.lines.push('');
      return;
    }
    if (!current) {
      current = { lines: [], line: index + 1, ...(pendingAjar ? { ajar: pendingAjar } : {}) };
      pendingAjar = undefined;
    }
    current.lines.push(rawLine);
  });
  if (current) blocks.push({ text: current.lines.join('\n').trim(), line: current.line, ...(current.ajar ? { ajar: current.ajar } : {}) });

  let category: string | undefined;
  let title: string | undefined;
  for (const block of blocks) {
    const at = (offset = 0) => {
      const before = block.text.slice(0, offset);
      const line = block.line + (before.match(/\n/g)?.length ?? 0);
      const column = offset - (before.lastIndexOf('\n') + 1) + 1;
      return { file, position: { start: { line, column } } };
    };
    const fail = (detail: string, detailId: string, offset = 0) => diagnostics.push(rules['import-syntax']({ ...at(offset), data: { detail, detailId } }));
    let text = block.text;
    if (/^\$CATEGORY:/.test(text)) {
      category = unescape(text.slice(10)).trim();
      title ??= category.split('/').filter((s) => s && !s.startsWith('$') && s !== 'top').pop();
      continue;
    }
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
    if ((open === -1) !== (close === -1) || (open !== -1 && close === -1)) {
      fail('a “{” without its “}” (or the other way round)', '“{” tanpa pasangan “}” (atau sebaliknya)', offset + (open === -1 ? close : open));
      continue;
    }
    const description = open === -1;
    let answerText = description ? '' : body.slice(open + 1, close).trim();
    let stemRaw: string;
    if (description) stemRaw = body;
    else if (body.trimEnd().endsWith('}') && close === body.trimEnd().length - 1) stemRaw = body.slice(0, open);
    else stemRaw = body.slice(0, open) + '_____' + body.slice(close + 1);

    let general: string | undefined;
    const gf = answerText.lastIndexOf('####');
    if (gf !== -1) {
      general = answerText.slice(gf + 4);
      answerText = answerText.slice(0, gf).trim();
    }
    const stem = withFormat(stemRaw.trim(), 'moodle');
    const format = stem.format;
    const md = (raw: string | undefined) => {
      if (raw === undefined) return undefined;
      const t = withFormat(raw.trim(), format);
      const out = toMd(t.text, t.format);
      return out || undefined;
    };
    const ajar = block.ajar ? parseAttributes(block.ajar).values : new Map();
    const ajarString = (k: string) => (typeof ajar.get(k) === 'string' ? (ajar.get(k) as string) : undefined);
    const tags = new Set<string>();
    if (category) tags.add(slugify(category.split('/').filter(Boolean).pop() ?? category));
    // Written by ajar: the comment holds the real tags (none when it lists none), not the category.
    if (block.ajar !== undefined) {
      tags.clear();
      const ajarTags = ajar.get('tags');
      if (Array.isArray(ajarTags)) for (const t of ajarTags) tags.add(t);
    }
    const points = ajarString('points') !== undefined ? Number(ajarString('points')) : undefined;
    const base = {
      line: at(0).position.start.line,
      ...(ajarString('id') ? { id: ajarString('id') } : {}),
      ...(name ? { name } : {}),
      stem: toMd(stem.text, stem.format),
      ...(points !== undefined && Number.isFinite(points) ? { points } : {}),
      tags: [...tags],
      feedback: { ...(md(general) ? { general: md(general) } : {}) },
      ...(ajar.get('case') === true || ajar.get('case') === 'true' ? { caseSensitive: true } : {}),
      ...(ajarString('spaces') === 'exact' ? { exactSpaces: true } : {}),
    };
    if (block.text.includes('@@PLUGINFILE@@')) {
      diagnostics.push(
        rules['import-lossy']({
          ...at(0),
          data: { id: name ?? `line ${block.line}`, what: 'images stored in Moodle (@@PLUGINFILE@@): GIFT does not carry the files; export as Moodle XML instead', whatId: 'gambar yang tersimpan di Moodle (@@PLUGINFILE@@): GIFT tidak membawa berkasnya; ekspor sebagai Moodle XML' },
        }),
      );
    }
    const answerOffset = offset + open + 1;
    const wantedType = ajarString('type');

    if (description) {
      drafts.push({ ...base, type: 'description' });
      continue;
    }
    if (answerText === '') {
      drafts.push({ ...base, type: 'essay', ...minMax(ajar) });
      continue;
    }
    if (answerText.startsWith('#')) {
      // Numerical: `{#3.14:0.01}`, `{#1..5}`, `{# =3:0 =%50%3:1 ~#wrong feedback}`.
      let rest = answerText.slice(1);
      let wrong: string | undefined;
      const tilde = findUnescaped(rest, '~');
      if (tilde !== -1) {
        wrong = splitFeedback(rest.slice(tilde + 1))[1] ?? '';
        rest = rest.slice(0, tilde);
      }
      const pieces = splitBefore(rest, '=').map((p) => p.replace(/^=/, '').trim()).filter(Boolean);
      if (!pieces.length) {
        fail('a numerical question has no answer', 'soal angka tidak memiliki jawaban', answerOffset);
        continue;
      }
      const numbers = [];
      let bad = false;
      for (const piece of pieces) {
        let p = piece;
        let weight = 1;
        const w = weightRe.exec(p);
        if (w) {
          weight = Number(w[1]) / 100;
          p = p.slice(w[0].length);
        }
        const [valueRaw, fb] = splitFeedback(p);
        const v = unescape(valueRaw).trim();
        const fbMd = md(fb);
        let entry;
        const range = /^(.+?)\.\.(.+)$/.exec(v);
        const tol = /^(.+?):(.+)$/.exec(v);
        // GIFT numbers are Moodle's: a dot decimal, whatever the course's language.
        if (range) entry = { min: parseNumber(range[1]!, 'en'), max: parseNumber(range[2]!, 'en') };
        else if (tol) entry = { value: parseNumber(tol[1]!, 'en'), tolerance: parseNumber(tol[2]!, 'en') };
        else entry = { value: parseNumber(v, 'en') };
        if (Object.values(entry).some((x) => x === undefined)) {
          fail(`“${v}” is not a number, a number:tolerance or a min..max range`, `“${v}” bukan angka, angka:toleransi, atau rentang min..maks`, answerOffset + answerText.indexOf(piece));
          bad = true;
          break;
        }
        numbers.push({ ...(entry as { value?: number }), weight, ...(fbMd ? { feedback: fbMd } : {}) });
      }
      if (bad) continue;
      const wrongMd = md(wrong);
      drafts.push({ ...base, type: 'numerical', numbers, feedback: { ...base.feedback, ...(wrongMd ? { incorrect: wrongMd } : {}) } });
      continue;
    }
    const hasTilde = findUnescaped(answerText, '~') !== -1;
    const hasEq = findUnescaped(answerText, '=') !== -1;
    const hasArrow = findUnescaped(answerText, '->') !== -1;
    if (hasTilde) {
      const single = hasEq && wantedType !== 'multiple';
      const pieces = splitBefore(answerText, '~=');
      if (pieces.length < 2) {
        fail('a multiple-choice question needs at least two answers', 'soal pilihan ganda membutuhkan sedikitnya dua jawaban', answerOffset);
        continue;
      }
      const choices: DraftChoice[] = [];
      for (const piece of pieces) {
        let p = piece;
        let weight = 0;
        if (p.startsWith('=')) {
          weight = 1;
          p = p.slice(1).trim();
        } else {
          p = p.replace(/^~/, '').trim();
          const w = weightRe.exec(p);
          if (w) {
            weight = Number(w[1]) / 100;
            p = p.slice(w[0].length);
          }
        }
        const [textRaw, fb] = splitFeedback(p);
        const fbMd = md(fb);
        choices.push({ md: md(textRaw) ?? '', weight, ...(fbMd ? { feedback: fbMd } : {}) });
      }
      drafts.push({ ...base, type: single ? 'single' : 'multiple', ...fixedFrom(ajar, choices) });
      continue;
    }
    // `->` makes a matching question, unless ajar's comment says it is a short answer holding `->`.
    if (hasEq && hasArrow && wantedType !== 'short') {
      const pieces = splitBefore(answerText, '=').map((p) => p.replace(/^=/, ''));
      if (pieces.length < 2) {
        fail('a matching question needs at least two pairs', 'soal menjodohkan membutuhkan sedikitnya dua pasangan', answerOffset);
        continue;
      }
      const pairs: { prompt: string; answer: string }[] = [];
      const distractors: string[] = [];
      let bad = false;
      for (const piece of pieces) {
        const arrow = findUnescaped(piece, '->');
        if (arrow === -1) {
          fail(`“${unescape(piece).trim()}” has no “->”: matching pairs are written “=prompt -> answer”`, `“${unescape(piece).trim()}” tidak memiliki “->”: pasangan ditulis “=pernyataan -> jawaban”`, answerOffset + answerText.indexOf(piece));
          bad = true;
          break;
        }
        const prompt = md(piece.slice(0, arrow)) ?? '';
        const answer = plainToMarkdown(unescape(piece.slice(arrow + 2)).trim());
        if (prompt) pairs.push({ prompt, answer });
        else distractors.push(answer);
      }
      if (bad) continue;
      if (wantedType === 'ordering') {
        drafts.push({ ...base, type: 'ordering', items: pairs.map((p) => p.answer) });
      } else drafts.push({ ...base, type: 'matching', pairs, distractors });
      continue;
    }
    const [tfRaw] = splitFeedback(answerText);
    const tf = tfRaw.trim();
    if (['T', 'TRUE', 'F', 'FALSE'].includes(tf)) {
      // `{TRUE#feedback for a wrong answer#feedback for a right answer}`
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
      const wrongFb = md(parts[0]);
      const rightFb = md(parts[1]);
      const fbTrue = answer ? rightFb : wrongFb;
      const fbFalse = answer ? wrongFb : rightFb;
      drafts.push({ ...base, type: 'truefalse', answer, ...(fbTrue ? { feedbackTrue: fbTrue } : {}), ...(fbFalse ? { feedbackFalse: fbFalse } : {}) });
      continue;
    }
    // Short answer: `{=a =b =%50%c#feedback}`.
    const pieces = splitBefore(answerText, '=').map((p) => p.replace(/^=/, '').trim()).filter(Boolean);
    if (!pieces.length) {
      fail('no answer could be read between “{” and “}”', 'tidak ada jawaban yang dapat dibaca di antara “{” dan “}”', answerOffset);
      continue;
    }
    const answers = pieces.map((piece) => {
      let p = piece;
      let weight = 1;
      const w = weightRe.exec(p);
      if (w) {
        weight = Number(w[1]) / 100;
        p = p.slice(w[0].length);
      }
      const [textRaw, fb] = splitFeedback(p);
      const fbMd = md(fb);
      return { text: withFormat(textRaw, 'plain').text, weight, ...(fbMd ? { feedback: fbMd } : {}) };
    });
    drafts.push({ ...base, type: 'short', answers });
  }
  return { drafts, diagnostics, files: new Map(), ...(title ? { title } : {}) };
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
