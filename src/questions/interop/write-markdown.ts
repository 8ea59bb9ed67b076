// Drafts → a bank file in the Markdown question syntax (docs/questions.md). The output loads back into
// the same questions: explicit ids, types and weights are written wherever inference would differ.

import { formatAttributes, type AttributeValue } from '../attributes.js';
import { formatNumber, formatUnambiguous } from '../../core/numbers.js';
import type { Draft } from './draft.js';

export interface BankHeader {
  readonly id?: string;
  readonly title: string;
  readonly tags?: readonly string[];
}

export function writeBankMarkdown(header: BankHeader, drafts: readonly Draft[]): string {
  const fm = ['---', 'type: bank'];
  if (header.id) fm.push(`id: ${header.id}`);
  fm.push(`title: ${yamlString(header.title)}`);
  if (header.tags?.length) fm.push(`tags: [${header.tags.join(', ')}]`);
  fm.push('---', '');
  return fm.join('\n') + '\n' + drafts.map(writeDraft).join('\n') ;
}

function yamlString(s: string): string {
  return /^[\p{L}\p{N}][^:#\n"'{}[\],&*?|<>=!%@`]*$/u.test(s) && !/\s$/.test(s) ? s : JSON.stringify(s);
}

const pct = (w: number) => formatNumber(Math.round(w * 100 * 100000) / 100000);

/** Markdown that must not start a new `##` question: deeper headings only. */
function demoteHeadings(md: string): string {
  return md.replace(/^(#{1,2})(\s)/gm, '###$2');
}

function oneLine(md: string): string {
  return md.replace(/\s*\n\s*/g, ' ').trim();
}

function indent(md: string, by: string): string {
  return md
    .split('\n')
    .map((l, i) => (i === 0 || !l ? l : by + l))
    .join('\n');
}

function quote(md: string, by = ''): string {
  return md
    .split('\n')
    .map((l) => `${by}>${l ? ' ' + l : ''}`)
    .join('\n');
}

function headingOf(d: Draft): { heading: string; stemInHeading: boolean } {
  const stem = d.stem.trim();
  const simple = stem && !/[\r\n]/.test(stem) && stem.length <= 150 && !/^[#>\-+*|]|^\d+[.)]\s|!\[/.test(stem);
  if (d.name) {
    const name = oneLine(d.name).replace(/\{/g, '(').replace(/\}/g, ')');
    if (simple && name === stem) return { heading: stem, stemInHeading: true };
    return { heading: name, stemInHeading: false };
  }
  if (simple) return { heading: stem, stemInHeading: true };
  const firstLine = (stem.split('\n').find((l) => l.trim() && !/^(!\[|\||>|#)/.test(l)) ?? stem).replace(/[*_`\\[\]]/g, '').trim();
  const words = firstLine.split(/\s+/);
  let heading = '';
  for (const w of words) {
    if ((heading + ' ' + w).trim().length > 70) {
      heading += ' …';
      break;
    }
    heading = (heading + ' ' + w).trim();
  }
  return { heading: heading || 'Soal', stemInHeading: false };
}

function writeDraft(d: Draft): string {
  const { heading, stemInHeading } = headingOf(d);
  const out: string[] = [`## ${heading}${formatAttributes(attributesOf(d))}`, ''];
  if (!stemInHeading && d.stem.trim()) out.push(demoteHeadings(d.stem.trim()), '');
  const list = answerItems(d);
  if (list.length) out.push(list.join('\n'), '');
  const fb = d.feedback ?? {};
  const labelled: [string, string | undefined][] = [
    ['Benar', fb.correct],
    ['Sebagian', fb.partial],
    ['Salah', fb.incorrect],
    ['Umpan balik', fb.general],
  ];
  for (const [label, text] of labelled) if (text?.trim()) out.push(quote(`${label}: ${text.trim()}`), '');
  return out.join('\n');
}

/** The heading's `{…}` attributes: only what the loader would not infer from the question as written. */
function attributesOf(d: Draft): [string, AttributeValue | number | undefined | false][] {
  const choices = d.choices ?? [];
  let inferred: string | undefined;
  if (d.type === 'single') inferred = choices.filter((c) => c.weight >= 1 - 1e-9).length === 1 && !isTrueFalseLike(choices.map((c) => c.md)) ? 'single' : undefined;
  if (d.type === 'multiple') inferred = choices.filter((c) => c.weight > 0).length > 1 && !isTrueFalseLike(choices.map((c) => c.md)) ? 'multiple' : undefined;
  if (d.type === 'truefalse') inferred = 'truefalse';
  return [
    ['id', d.id],
    ['type', inferred === d.type ? undefined : d.type],
    ['points', d.points !== undefined && d.points !== 1 && d.type !== 'description' ? formatNumber(d.points) : undefined],
    ['tags', d.tags?.length ? [...d.tags] : undefined],
    ['case', d.type === 'short' && d.caseSensitive ? true : undefined],
    ['spaces', d.type === 'short' && d.exactSpaces ? 'exact' : undefined],
    ['min_length', d.minLength !== undefined ? String(d.minLength) : undefined],
    ['max_length', d.maxLength !== undefined ? String(d.maxLength) : undefined],
  ];
}

/** One list item: its marker, the text (continuation lines indented under it), attributes, and its feedback quoted below. */
function listItem(marker: string, md: string, attrText: string, feedback?: string): string {
  const pad = ' '.repeat(marker.split(' ')[0]!.length + 1);
  let line = `${marker} ${indent(demoteHeadings(md) || '…', pad)}${attrText}`;
  if (feedback) line += '\n' + quote(indent(feedback, ''), pad).replace(/^/, '');
  return line;
}

const weightAttribute = (weight: number) => (weight === 1 ? '' : formatAttributes([['weight', pct(weight)]]));

/** The answer list of the question's type (none for essays and descriptions). */
function answerItems(d: Draft): string[] {
  switch (d.type) {
    case 'single':
    case 'multiple':
      return choiceItems(d);
    case 'truefalse':
      return [listItem(`- [${d.answer ? 'x' : ' '}]`, 'Benar', '', d.feedbackTrue), listItem(`- [${d.answer ? ' ' : 'x'}]`, 'Salah', '', d.feedbackFalse)];
    case 'short':
      return (d.answers ?? []).map((a) => listItem('-', escapeAnswer(a.text), weightAttribute(a.weight), a.feedback));
    case 'numerical':
      return (d.numbers ?? []).map((a) => {
        const text =
          a.value !== undefined
            ? a.tolerance ? `${formatUnambiguous(a.value)} ± ${formatUnambiguous(a.tolerance)}` : formatUnambiguous(a.value)
            : `${formatUnambiguous(a.min ?? -1e15)}..${formatUnambiguous(a.max ?? 1e15)}`;
        return listItem('-', text, weightAttribute(a.weight), a.feedback);
      });
    case 'matching':
      return [...(d.pairs ?? []).map((p) => listItem('-', `${oneLine(p.prompt)} -> ${oneLine(p.answer)}`, '')), ...(d.distractors ?? []).map((x) => listItem('-', `-> ${oneLine(x)}`, ''))];
    case 'ordering':
      return (d.items ?? []).map((x, i) => listItem(`${i + 1}.`, x, ''));
    default:
      return [];
  }
}

function choiceItems(d: Draft): string[] {
  const choices = d.choices ?? [];
  const n = choices.filter((c) => c.weight > 0).length;
  const defaults = choices.every((c) => Math.abs(c.weight - (c.weight > 0 ? 1 / n : -1 / n)) < 1e-6);
  // A single choice marks one answer: Moodle may give full marks to more, which stay fully correct by weight.
  const marked = d.type === 'single' ? choices.find((c) => c.weight >= 1 - 1e-9) : undefined;
  return choices.map((c) => {
    const checked = d.type === 'single' ? c === marked : c.weight > 0;
    const weightShown = d.type === 'single' ? !checked && c.weight !== 0 : !defaults;
    const parts: [string, AttributeValue | undefined][] = [
      ['weight', weightShown ? pct(c.weight) : undefined],
      ['fixed', c.fixed ? true : undefined],
    ];
    return listItem(`- [${checked ? 'x' : ' '}]`, c.md, formatAttributes(parts), c.feedback);
  });
}

function isTrueFalseLike(texts: readonly string[]): boolean {
  if (texts.length !== 2) return false;
  const words = texts.map((t) => t.trim().toLowerCase());
  return words.some((w) => ['benar', 'true', 'betul', 'b', 't', 'ya', 'yes'].includes(w)) && words.some((w) => ['salah', 'false', 's', 'f', 'tidak', 'no'].includes(w));
}

/** A short answer as a list item: plain text with Markdown punctuation escaped (`*` stays a wildcard). */
function escapeAnswer(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|])/g, '\\$1')
    .replace(/^(#{1,6}|[+-])(\s|$)/, '\\$1$2')
    .replace(/^(\d+)([.)])(\s|$)/, '$1\\$2$3')
    .replace(/\{/g, '\\{');
}
