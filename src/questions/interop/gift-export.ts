// A Markdown bank → GIFT, as Moodle's GIFT importer reads it. Ids and tags go into Moodle's own
// `// [id:…] [tag:…]` comment. What GIFT cannot carry (points, case rules, fixed options, ordering) goes into a `// ajar: …` comment that Moodle ignores and
// `ajar questions import` reads back, and is reported as a warning for the LMS side.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { QuestionBank } from '../../core/model/course.js';
import type { ChoiceQuestion, Question } from '../../core/model/questions.js';
import { formatAttributes, type AttributeValue } from '../attributes.js';
import { formatNumber } from '../../core/numbers.js';
import { htmlToText } from '../../core/scoring.js';
import { lossReporter, onMoodleList, percent } from './common.js';
import { plainTextOf } from './html-markdown.js';

/** Moodle's repchar: escape GIFT's control characters and turn line breaks into `\n`. */
export function giftEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([#=~{}:])/g, '\\$1').replace(/\r\n?|\n/g, '\\n');
}

/** A value inside Moodle's `[id:…]`/`[tag:…]`: one line, `]` escaped as `\]`. */
function moodleToken(value: string): string {
  return value.replace(/[\x00-\x1f]+/g, ' ').replace(/\]/g, '\\]');
}

/** What GIFT readers take for an answer's weight. */
const weightLike = /^\s*%[-0-9.]*%/;

export function exportGift(bank: QuestionBank): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lost = lossReporter('GIFT', diagnostics);
  const comment = (t: string) => `// ${t.replace(/\s+/g, ' ')}`;
  const out: string[] = [comment(bank.title), comment(`exported by ajar from ${bank.file}`), '', `$CATEGORY: $course$/top/${giftEscape(bank.title)}`, ''];
  for (const q of bank.questions) out.push(writeQuestion(q, lost), '');
  return { text: out.join('\n'), diagnostics };
}

function htmlFields(q: Question): string[] {
  const fields = [q.html, ...Object.values(q.feedback)];
  switch (q.type) {
    case 'single':
    case 'multiple':
      for (const c of q.choices) fields.push(c.html, c.feedback ?? '');
      break;
    case 'truefalse':
      fields.push(q.feedbackTrue ?? '', q.feedbackFalse ?? '');
      break;
    case 'short':
    case 'numerical':
      for (const a of q.answers) fields.push(a.feedback ?? '');
      break;
    case 'matching':
      for (const p of q.pairs) fields.push(p.prompt);
      break;
  }
  return fields.filter((f): f is string => Boolean(f));
}

/** How a question's texts are written: as HTML (`[html]`) when any of them needs it, else as Moodle's plain text. */
interface GiftText {
  readonly html: boolean;
  /** Names the format first when the text itself starts like a format marker. */
  format(t: string): string;
  text(field: string | undefined): string;
  /** For what GIFT reads as plain text only (matching answers). */
  plainOnly(field: string): string;
}

function giftText(q: Question): GiftText {
  const html = htmlFields(q).some((f) => plainTextOf(f) === undefined);
  // A text that itself starts with `[html]` (or another format name) would be taken for the marker: name the format first.
  const format = (t: string) => (/^\s*\[(html|moodle|plain|markdown)\]/i.test(t) ? `[${html ? 'html' : 'moodle'}]${t}` : t);
  return {
    html,
    format,
    text: (field) => (field ? format(giftEscape(html ? field : plainTextOf(field)!)) : ''),
    plainOnly: (field) => format(giftEscape(plainTextOf(field) ?? htmlToText(field))),
  };
}

function writeQuestion(q: Question, lost: ReturnType<typeof lossReporter>): string {
  const w = giftText(q);
  // GIFT reads `{=a -> b}` as matching and has no escape for `->`: a short answer holding one says its type.
  const arrowInShort = q.type === 'short' && q.answers.some((a) => a.text.includes('->') || a.feedback?.includes('-&gt;') || a.feedback?.includes('->'));
  if (arrowInShort) lost(q, 'arrow-in-short');
  const fixed = q.type === 'single' || q.type === 'multiple' ? q.choices.flatMap((c, i) => (c.fixed ? [String(i + 1)] : [])) : [];
  const lines = commentLines(q, arrowInShort, fixed);
  if (q.points !== 1 && q.type !== 'description') lost(q, 'points', { value: q.points });
  if (fixed.length) lost(q, 'fixed-options');
  const fb = q.feedback;
  if (fb.correct || fb.partial || (fb.incorrect && q.type !== 'numerical')) lost(q, 'outcome-feedback');
  lines.push(questionLine(q, w, lost));
  return lines.join('\n');
}

/** Moodle's own comment for the idnumber and tags (Moodle writes and reads it), then ajar's for the rest. */
function commentLines(q: Question, arrowInShort: boolean, fixed: readonly string[]): string[] {
  const ajar: [string, AttributeValue | undefined][] = [
    ['id', q.id],
    ['type', q.type === 'ordering' || q.type === 'multiple' || arrowInShort ? q.type : undefined],
    ['points', q.points !== 1 && q.type !== 'description' ? formatNumber(q.points) : undefined],
    ['tags', q.tags.length ? [...q.tags] : undefined],
    ['case', q.type === 'short' && q.caseSensitive ? true : undefined],
    ['spaces', q.type === 'short' && !q.normalizeSpace ? 'exact' : undefined],
    ['fixed', fixed.length ? [...fixed] : undefined],
    ['min_length', q.type === 'essay' && q.minLength !== undefined ? String(q.minLength) : undefined],
    ['max_length', q.type === 'essay' && q.maxLength !== undefined ? String(q.maxLength) : undefined],
  ];
  const moodleIdTags = [`[id:${moodleToken(q.id)}]`, ...q.tags.map((t) => `[tag:${moodleToken(t)}]`)].join(' ');
  return [`// ${moodleIdTags}`, `// ajar:${formatAttributes(ajar).replace(/^ \{|\}$/g, ' ').trimEnd()}`];
}

/** `::name::text{answers}`: the question in GIFT, its general feedback last. */
function questionLine(q: Question, w: GiftText, lost: ReturnType<typeof lossReporter>): string {
  const fb = q.feedback;
  const general = fb.general ? `\n\t####${w.text(fb.general)}` : '';
  const head = `::${giftEscape(q.name || q.text.slice(0, 60))}::${w.html ? '[html]' : ''}${w.text(q.html)}`;
  const block = (answers: readonly string[]) => `${head}{\n${answers.join('\n')}${general}\n}`;
  switch (q.type) {
    case 'description':
      if (fb.general) lost(q, 'description-feedback');
      return head;
    case 'essay':
      if (q.minLength !== undefined || q.maxLength !== undefined) lost(q, 'length-limits');
      return `${head}{${general.trim()}}`;
    case 'single':
    case 'multiple':
      return block(choiceAnswers(q, w, lost));
    case 'truefalse': {
      const right = q.answer ? q.feedbackTrue : q.feedbackFalse;
      const wrong = q.answer ? q.feedbackFalse : q.feedbackTrue;
      const fbs = wrong || right ? `#${w.text(wrong)}${right ? `#${w.text(right)}` : ''}` : '';
      return `${head}{${q.answer ? 'TRUE' : 'FALSE'}${fbs}${general}}`;
    }
    case 'short':
      if (q.caseSensitive) lost(q, 'case-sensitive');
      return block(q.answers.map((a) => {
        const body = w.format(giftEscape(a.text));
        return `\t=${a.weight === 1 && !weightLike.test(body) ? '' : `%${percent(a.weight)}%`}${body}${a.feedback ? `#${w.text(a.feedback)}` : ''}`;
      }));
    case 'numerical': {
      const answers = q.answers.map((a) => {
        const value = a.value !== undefined ? `${formatNumber(a.value)}:${formatNumber(a.tolerance ?? 0)}` : `${formatNumber(a.min ?? -1e15)}..${formatNumber(a.max ?? 1e15)}`;
        return `\t=${a.weight === 1 ? '' : `%${percent(a.weight)}%`}${value}${a.feedback ? `#${w.text(a.feedback)}` : ''}`;
      });
      if (fb.incorrect) answers.push(`\t~#${w.text(fb.incorrect)}`);
      return `${head}{#\n${answers.join('\n')}${general}\n}`;
    }
    case 'matching':
      if (q.pairs.some((p) => plainTextOf(p.answer) === undefined)) lost(q, 'matching-formatting');
      return block([...q.pairs.map((p) => `\t=${w.text(p.prompt)} -> ${w.plainOnly(p.answer)}`), ...q.distractors.map((d) => `\t= -> ${w.plainOnly(d)}`)]);
    case 'ordering':
      lost(q, 'ordering-as-matching');
      return block(q.items.map((item, i) => `\t=${i + 1} -> ${w.plainOnly(item.html)}`));
  }
}

function choiceAnswers(q: ChoiceQuestion, w: GiftText, lost: ReturnType<typeof lossReporter>): string[] {
  return q.choices.map((c) => {
    if (!onMoodleList(c.weight)) lost(q, 'weight-off-list', { value: percent(c.weight) });
    const body = w.text(c.html);
    // A text starting like a weight (`%50% …`) gets its own weight written first.
    const mark = q.type === 'single' && c.weight === 1 ? '=' : c.weight === 0 && !weightLike.test(body) ? '~' : `~%${percent(c.weight)}%`;
    return `\t${mark}${body}${c.feedback ? `#${w.text(c.feedback)}` : ''}`;
  });
}
