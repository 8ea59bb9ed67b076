// The Markdown question syntax → Question values. One question per `##` heading; the answers are the
// last list of the section; blockquotes after it are feedback. See docs/questions.md for the syntax.

import type { Blockquote, Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import type {
  Choice,
  Feedback,
  MatchPair,
  MatchTarget,
  NumericalAnswer,
  Question,
  QuestionType,
  ShortAnswer,
} from '../core/model/questions.js';
import { isExternal, resolveRef, staysInside } from '../source/files.js';
import { parseMarkdown, positionOf, toSafeHtml } from '../source/markdown.js';
import { courseHref } from '../source/files.js';
import { closest } from '../source/schema-check.js';
import { rules as loadRules } from '../load/rules.js';
import { isImpossibleLength } from '../source/schema-check.js';
import { parseAttributes, splitTrailingAttributes, type AttributeValue } from './attributes.js';
import { createRng, shuffleWithFixed } from '../core/draw.js';
import { letterId, normaliseForCompare, questionIdPattern, slugify } from '../core/ids.js';
import { formatNumber, parseAuthoredNumber, type NumberConvention } from '../core/numbers.js';
import { rules, type AnswerProblem, type AttributeProblem } from './rules.js';

export interface ParseOptions {
  /** A bank: every `##` section is meant as a question, so one that reads as a description is reported. */
  readonly bank?: boolean;
  /** How numbers in answer keys (and later learners' answers) are read: the course's convention. */
  readonly numbers?: NumberConvention;
  /** Course-relative path of the file, for diagnostics and for resolving image paths. */
  readonly file: string;
  /** Prefix of derived ids (the bank's or quiz's id): `bank-modul-1.apa-itu-asn`. */
  readonly idPrefix: string;
  /** Tags every question of the file carries (the bank's `tags`). */
  readonly tags?: readonly string[];
  /** The text the tree was parsed from (positions index it), to slice matching pairs. */
  readonly text: string;
}

export interface ParsedQuestions {
  /** Nodes before the first `##` heading (a quiz's introduction). */
  readonly intro: RootContent[];
  readonly questions: Question[];
  readonly diagnostics: Diagnostic[];
}

/** Aliases authors may write for `type=`, Indonesian first. */
const typeAliases: Record<string, QuestionType> = {
  single: 'single', tunggal: 'single', 'pilihan-ganda': 'single', pg: 'single', choice: 'single',
  multiple: 'multiple', jamak: 'multiple', 'pilihan-jamak': 'multiple', 'multiple-response': 'multiple',
  truefalse: 'truefalse', 'true-false': 'truefalse', 'benar-salah': 'truefalse', bs: 'truefalse',
  short: 'short', isian: 'short', 'isian-singkat': 'short', 'short-answer': 'short',
  numerical: 'numerical', numeric: 'numerical', angka: 'numerical', numerik: 'numerical',
  matching: 'matching', menjodohkan: 'matching', jodohkan: 'matching',
  ordering: 'ordering', urutan: 'ordering', mengurutkan: 'ordering', sequencing: 'ordering',
  essay: 'essay', uraian: 'essay', esai: 'essay', esei: 'essay',
  description: 'description', deskripsi: 'description', bacaan: 'description', teks: 'description',
};

const questionAttributes = ['id', 'type', 'points', 'tags', 'penalty', 'case', 'spaces', 'min_length', 'max_length'];
const optionAttributes = ['weight', 'fixed'];
const trueWords = new Set(['benar', 'true', 'betul', 'b', 't', 'ya', 'yes']);
const falseWords = new Set(['salah', 'false', 's', 'f', 'tidak', 'no']);

export function parseQuestions(root: Root, options: ParseOptions): ParsedQuestions {
  const diagnostics: Diagnostic[] = [];
  const intro: RootContent[] = [];
  const sections: { heading: Heading; body: RootContent[] }[] = [];
  let current: { heading: Heading; body: RootContent[] } | undefined;
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      if (node.depth === 2) {
        current = { heading: node, body: [] };
        sections.push(current);
      } else current = undefined; // a `#` title: not a question, and what follows it is outside any question.
      if (node.depth === 1 && sections.length === 0) intro.push(node);
      continue;
    }
    if (current) current.body.push(node);
    else if (sections.length === 0) intro.push(node);
    else if (node.type !== 'thematicBreak' && node.type !== 'definition' && node.type !== 'html') {
      diagnostics.push(rules['question-ignored-content']({ file: options.file, ...at(node) }));
    }
  }
  const usedIds = new Set<string>();
  const questions: Question[] = [];
  for (const section of sections) {
    const question = parseSection(section.heading, section.body, options, usedIds, diagnostics);
    if (question) questions.push(question);
  }
  return { intro, questions, diagnostics };
}

function at(node: { position?: Nodes['position'] }): { position?: Position } {
  const p = positionOf(node as never);
  return p ? { position: p } : {};
}

/** Removes a trailing `{…}` from the last text node of some phrasing content, returning its inside. */
function takeAttributes(children: PhrasingContent[]): { children: PhrasingContent[]; attributes?: string } {
  const last = children[children.length - 1];
  if (!last || last.type !== 'text') return { children };
  const split = splitTrailingAttributes(last.value);
  if (split.attributes === undefined) return { children };
  const rest = split.rest.replace(/\s+$/, '');
  const copy = children.slice(0, -1);
  if (rest) copy.push({ ...last, value: rest } as Text);
  return { children: copy, attributes: split.attributes };
}

/** A trailing `{#id}` or `{key: value, …}`: attribute syntax of other Markdown dialects. */
const foreignAttributes = /\s*\{\s*(#[^{}]*|[A-Za-z_][\w-]*\s*:[^{}]*)\}\s*$/;

/** `#apa-itu` → `id=apa-itu`; `type: angka, points: 2` → `type=angka points=2`. */
function ourAttributes(inner: string): string {
  const s = inner.trim();
  if (s.startsWith('#')) return `{id=${s.slice(1).trim().replace(/\s+/g, '-')}}`;
  return `{${s
    .split(/[,;]\s*|\s+(?=[A-Za-z_][\w-]*\s*:)/)
    .map((pair) => pair.replace(/^\s*([A-Za-z_][\w-]*)\s*:\s*/, '$1='))
    .join(' ')}}`;
}

type Located = { position?: Position };
type Render = (nodes: readonly Nodes[]) => string;

/** The heading's `{…}` attributes, read once: unknown ones and bad values are reported at the heading. */
interface HeadingAttributes {
  readonly values: ReadonlyMap<string, AttributeValue>;
  str(key: string): string | undefined;
  /** A number ≥ min; a value that is not one is reported and gives undefined. */
  num(key: string, min: number): number | undefined;
}

/** What one question's readers share. */
interface Section {
  readonly file: string;
  readonly id: string;
  readonly headingAt: Located;
  readonly attributes: HeadingAttributes;
  readonly answerList: List | undefined;
  readonly items: Item[];
  readonly render: Render;
  readonly numbers: NumberConvention;
  readonly diagnostics: Diagnostic[];
}

type QuestionBase = Omit<Question, 'type'> & { readonly type?: never };

function parseSection(
  heading: Heading,
  body: RootContent[],
  options: ParseOptions,
  usedIds: Set<string>,
  diagnostics: Diagnostic[],
): Question | undefined {
  const file = options.file;
  const headingAt = at(heading);
  const { name, attributes, children: headingChildren, foreign } = readHeading(heading, file, diagnostics);
  const id = questionId(attributes, name, options.idPrefix, usedIds, file, headingAt, diagnostics);
  const parts = splitBody(body, typeAttribute(attributes, file, headingAt, diagnostics), { name, file, headingAt, bank: Boolean(options.bank), foreign }, diagnostics);
  const { type, answerList } = parts;
  const { render, renderInline, assets } = renderer(file);

  const stemFromHeading = parts.stemNodes.length === 0;
  const html = stemFromHeading ? (headingChildren.length ? render([{ type: 'paragraph', children: headingChildren } as Paragraph]) : '') : render(parts.stemNodes);
  const text = stemFromHeading ? name : parts.stemNodes.map((n) => toString(n)).join('\n').trim();
  const feedback = readFeedback(parts.feedbackNodes, render);
  const tagsValue = attributes.values.get('tags');
  const ownTags = Array.isArray(tagsValue) ? tagsValue : typeof tagsValue === 'string' ? [tagsValue] : [];
  const tags = [...new Set([...(options.tags ?? []), ...ownTags])];
  const points = type === 'description' ? 0 : (attributes.num('points', 0) ?? 1);
  const base: QuestionBase = { id, name: name || text.slice(0, 80), html, text, points, tags, feedback, source: { file, ...headingAt } };

  if (!text && !/<img/.test(html)) diagnostics.push(rules['question-empty-stem']({ file, ...headingAt, data: { id } }));
  if (wantsAnswerList(type) && !answerList) diagnostics.push(rules['question-no-answers']({ file, ...headingAt, data: { id, type } }));

  const items = (answerList?.children ?? []).map((item) => readItem(item, render, renderInline, file, diagnostics));
  const section: Section = { file, id, headingAt, attributes, answerList, items, render, numbers: options.numbers ?? 'id', diagnostics };
  const question = buildQuestion(type, base, section);
  return assets.size ? { ...question, assets: [...assets].sort() } : question;
}

/** The heading's text (its name) and `{…}` attributes; another dialect's attribute syntax is reported with ours. */
function readHeading(heading: Heading, file: string, diagnostics: Diagnostic[]): { name: string; attributes: HeadingAttributes; children: PhrasingContent[]; foreign: boolean } {
  const headingAt = at(heading);
  const taken = takeAttributes(heading.children);
  const attrs = taken.attributes !== undefined ? parseAttributes(taken.attributes) : { values: new Map<string, AttributeValue>(), errors: [] };
  const bad = (attribute: string, reason: AttributeProblem, suggestion = '', more: Record<string, number> = {}) =>
    diagnostics.push(rules['question-bad-attribute']({ file, ...headingAt, data: { attribute, reason, ...more, suggestion, known: questionAttributes.join(', ') } }));
  for (const e of attrs.errors) bad(e.attribute, e.reason);
  for (const key of attrs.values.keys()) {
    if (!questionAttributes.includes(key)) bad(key, 'unknown-attribute', closest(key, questionAttributes) ?? '');
  }
  const name = toString({ type: 'paragraph', children: taken.children } as Paragraph).trim();
  // `{#id}` or `{type: angka}` (other Markdown dialects' attribute syntax) is not ours: say how to write it.
  const foreign = foreignAttributes.exec(name);
  if (foreign) diagnostics.push(rules['question-attribute-syntax']({ file, ...headingAt, data: { written: foreign[0].trim(), suggested: ourAttributes(foreign[1]!) } }));
  const attributes: HeadingAttributes = {
    values: attrs.values,
    str(key) {
      const v = attrs.values.get(key);
      return typeof v === 'string' ? v : undefined;
    },
    num(key, min) {
      const v = attrs.values.get(key);
      if (v === undefined) return undefined;
      const n = typeof v === 'string' ? Number(v.replace(',', '.')) : NaN;
      if (!Number.isFinite(n) || n < min) {
        bad(`${key}=${String(v)}`, 'number-below', '', { min });
        return undefined;
      }
      return n;
    },
  };
  return { name, attributes, children: taken.children, foreign: Boolean(foreign) };
}

/** Explicit, or derived from the heading so that edits to the question text below it keep it. */
function questionId(attributes: HeadingAttributes, name: string, idPrefix: string, usedIds: Set<string>, file: string, headingAt: Located, diagnostics: Diagnostic[]): string {
  const explicitId = attributes.str('id');
  let id: string;
  if (explicitId !== undefined) {
    id = explicitId;
    if (!questionIdPattern.test(id)) diagnostics.push(rules['question-bad-id']({ file, ...headingAt, data: { id } }));
  } else {
    const base = `${idPrefix}.${slugify(name)}`;
    id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
  }
  usedIds.add(id);
  return id;
}

/** `type=` (any alias); an unknown one is reported and the type is inferred from the body instead. */
function typeAttribute(attributes: HeadingAttributes, file: string, headingAt: Located, diagnostics: Diagnostic[]): QuestionType | undefined {
  const typeValue = attributes.str('type');
  if (typeValue === undefined) return undefined;
  const type = typeAliases[typeValue.toLowerCase()];
  if (!type) {
    diagnostics.push(
      rules['question-bad-attribute']({
        file,
        ...headingAt,
        data: { attribute: `type=${typeValue}`, reason: 'unknown-type' satisfies AttributeProblem, suggestion: closest(typeValue, Object.keys(typeAliases)) ?? '', known: [...new Set(Object.values(typeAliases))].join(', ') },
      }),
    );
  }
  return type;
}

const wantsAnswerList = (t: QuestionType) => t !== 'essay' && t !== 'description';

/**
 * The body as stem, answer list (the last top-level list) and feedback after it. Without a `type=`, a task
 * list means choice or true/false and anything else a description (reported in a bank).
 */
function splitBody(
  body: RootContent[],
  explicit: QuestionType | undefined,
  where: { name: string; file: string; headingAt: Located; bank: boolean; foreign: boolean },
  diagnostics: Diagnostic[],
): { type: QuestionType; answerList?: List; stemNodes: RootContent[]; feedbackNodes: RootContent[] } {
  const { file, headingAt } = where;
  let listIndex = -1;
  for (let i = body.length - 1; i >= 0; i--) {
    if (body[i]!.type === 'list') {
      listIndex = i;
      break;
    }
  }
  const lastList = listIndex >= 0 ? (body[listIndex] as List) : undefined;
  let type = explicit;
  if (!type) {
    if (lastList?.children.some((item) => typeof item.checked === 'boolean')) {
      type = isTrueFalseList(lastList) ? 'truefalse' : lastList.children.filter((i) => i.checked).length > 1 ? 'multiple' : 'single';
    } else {
      type = 'description';
      if (where.bank && !where.foreign) {
        const unspaced = body.some((n) => n.type === 'paragraph' && /^\s*[-*+]?\[[ xX]\]/m.test(toString(n)));
        diagnostics.push(rules['bank-item-not-question']({ file, ...headingAt, data: { name: where.name, cause: unspaced ? 'list-space' : 'no-answers' } }));
      }
    }
  }
  const answerList = wantsAnswerList(type) ? lastList : undefined;
  let stemNodes = answerList ? body.slice(0, listIndex) : body;
  let feedbackNodes = answerList ? body.slice(listIndex + 1) : [];
  if (!answerList) {
    // Essays and descriptions: trailing blockquotes that start with a feedback label are feedback.
    let cut = stemNodes.length;
    while (cut > 0 && stemNodes[cut - 1]!.type === 'blockquote' && feedbackLabel(stemNodes[cut - 1] as Blockquote)) cut--;
    feedbackNodes = stemNodes.slice(cut);
    stemNodes = stemNodes.slice(0, cut);
  }
  for (const extra of feedbackNodes) {
    if (extra.type !== 'blockquote' && extra.type !== 'thematicBreak' && extra.type !== 'definition' && extra.type !== 'html') {
      diagnostics.push(rules['question-ignored-content']({ file, ...at(extra) }));
    }
  }
  return { type, ...(answerList ? { answerList } : {}), stemNodes, feedbackNodes };
}

/** Safe HTML of the question's Markdown; images it shows are collected as its assets. */
function renderer(file: string): { render: Render; renderInline: (nodes: readonly RootContent[]) => string; assets: Set<string> } {
  const assets = new Set<string>();
  const render: Render = (nodes) => {
    for (const n of nodes) {
      visit(n as Root, 'image', (img) => {
        if (!isExternal(img.url) && !img.url.startsWith('data:')) {
          const target = resolveRef(file, img.url);
          if (staysInside(target)) assets.add(target);
        }
      });
    }
    // Links and images point at course-relative paths, as in lessons (the player serves the course root).
    return toSafeHtml(nodes as never, { rewriteUrl: (url) => (url.startsWith('data:') ? undefined : courseHref(file, url)) }).trim();
  };
  const renderInline = (nodes: readonly RootContent[]): string => (nodes.length === 1 && nodes[0]!.type === 'paragraph' ? unwrapParagraph(render(nodes)) : render(nodes));
  return { render, renderInline, assets };
}

function buildQuestion(type: QuestionType, base: QuestionBase, s: Section): Question {
  switch (type) {
    case 'single':
    case 'multiple': {
      const penalty = s.attributes.num('penalty', 0);
      const question = { ...base, type, choices: buildChoices(type, s.items, penalty), ...(s.attributes.values.has('penalty') ? { penalty: (penalty ?? 0) / 100 } : {}) } as const;
      checkChoices(question, s.items, s.file, s.headingAt, s.diagnostics);
      return question;
    }
    case 'truefalse':
      return trueFalseQuestion(base, s);
    case 'short':
      return shortQuestion(base, s);
    case 'numerical':
      return numericalQuestion(base, s);
    case 'matching':
      return matchingQuestion(base, s);
    case 'ordering': {
      const letters = scrambledLetters(s.id, s.items.length);
      reportDuplicates(s.items, (i) => normaliseForCompare(i.text), s.id, s.file, s.diagnostics);
      return { ...base, type, items: s.items.map((item, i) => ({ id: letters[i]!, html: item.html })) };
    }
    case 'essay': {
      const minLength = s.attributes.num('min_length', 0);
      const maxLength = s.attributes.num('max_length', 1);
      if (isImpossibleLength(minLength, maxLength)) s.diagnostics.push(loadRules['impossible-length']({ file: s.file, ...s.headingAt, data: { min: minLength!, max: maxLength! } }));
      return { ...base, type, ...(minLength !== undefined ? { minLength } : {}), ...(maxLength !== undefined ? { maxLength } : {}) };
    }
    default:
      return { ...base, type: 'description', points: 0 };
  }
}

function trueFalseQuestion(base: QuestionBase, s: Section): Question {
  const { items, file, id, headingAt, diagnostics, answerList } = s;
  const checked = items.filter((i) => i.checked);
  const answerItem = checked[0];
  if (items.length !== 2 || !isTrueFalseList(answerList!)) {
    diagnostics.push(rules['question-bad-answer']({ file, ...(answerList ? at(answerList) : headingAt), data: { id, answer: items.map((i) => i.text).join(' / '), reason: 'true-false-options' satisfies AnswerProblem } }));
  }
  if (!answerItem) diagnostics.push(rules['question-no-correct']({ file, ...headingAt, data: { id, kind: 'choice' } }));
  else if (checked.length > 1) diagnostics.push(rules['question-several-correct']({ file, ...headingAt, data: { id, count: checked.length } }));
  const answer = answerItem ? trueWords.has(normaliseForCompare(answerItem.text)) : true;
  const fbOf = (truth: boolean) => items.find((i) => trueWords.has(normaliseForCompare(i.text)) === truth)?.feedback;
  const fbTrue = fbOf(true);
  const fbFalse = fbOf(false);
  return { ...base, type: 'truefalse', answer, ...(fbTrue ? { feedbackTrue: fbTrue } : {}), ...(fbFalse ? { feedbackFalse: fbFalse } : {}) };
}

function shortQuestion(base: QuestionBase, s: Section): Question {
  const { items, file, id, headingAt, diagnostics, attributes } = s;
  const answers: ShortAnswer[] = items.map((i) => ({ text: i.text, weight: weightOf(i, 1), ...(i.feedback ? { feedback: i.feedback } : {}) }));
  const caseValue = attributes.values.get('case');
  const caseSensitive = caseValue === true || caseValue === 'true' || caseValue === 'ya' || caseValue === 'sensitive';
  const spaces = attributes.str('spaces');
  if (s.answerList && !answers.some((a) => a.weight >= 1)) diagnostics.push(rules['question-no-correct']({ file, ...headingAt, data: { id, kind: 'answer' } }));
  reportDuplicates(items, (i) => (caseSensitive ? i.text : i.text.toLowerCase()), id, file, diagnostics);
  return { ...base, type: 'short', answers, caseSensitive, normalizeSpace: spaces !== 'exact' && spaces !== 'persis' };
}

function numericalQuestion(base: QuestionBase, s: Section): Question {
  const { items, file, id, headingAt, diagnostics, numbers } = s;
  const answers: NumericalAnswer[] = [];
  for (const item of items) {
    const parsed = parseAuthoredNumber(item.text, numbers);
    if ('error' in parsed) {
      diagnostics.push(rules['question-bad-answer']({ file, ...item.at, data: { id, answer: item.text, reason: parsed.error satisfies AnswerProblem } }));
      continue;
    }
    for (const text of parsed.ambiguous ?? []) {
      const read = parseAuthoredNumber(text, numbers);
      const other = parseAuthoredNumber(text, numbers === 'en' ? 'id' : 'en');
      if ('value' in read && 'value' in other) {
        diagnostics.push(rules['number-ambiguous']({ file, ...item.at, data: { id, text, read: formatNumber(read.value!), other: formatNumber(other.value!), convention: numbers } }));
      }
    }
    if (parsed.tolerance !== undefined && parsed.tolerance < 0) diagnostics.push(rules['question-negative-tolerance']({ file, ...item.at, data: { id, tolerance: parsed.tolerance } }));
    if (parsed.min !== undefined && parsed.max !== undefined && parsed.min > parsed.max) diagnostics.push(rules['question-bad-range']({ file, ...item.at, data: { id, min: parsed.min, max: parsed.max } }));
    const { ambiguous: _, ...answer } = parsed;
    answers.push({ ...answer, weight: weightOf(item, 1), ...(item.feedback ? { feedback: item.feedback } : {}) });
  }
  if (s.answerList && answers.length === items.length && !answers.some((a) => a.weight >= 1)) diagnostics.push(rules['question-no-correct']({ file, ...headingAt, data: { id, kind: 'answer' } }));
  reportDuplicates(items, (i) => i.text.replace(/\s+/g, ''), id, file, diagnostics);
  return { ...base, type: 'numerical', answers, numbers };
}

function matchingQuestion(base: QuestionBase, s: Section): Question {
  const { items, file, id, diagnostics, render } = s;
  const pairs: MatchPair[] = [];
  const distractors: string[] = [];
  const seenPrompts = new Set<string>();
  for (const item of items) {
    const split = splitPair(item.source);
    if (!split) {
      diagnostics.push(rules['question-bad-answer']({ file, ...item.at, data: { id, answer: item.text, reason: 'pair-syntax' satisfies AnswerProblem } }));
      continue;
    }
    const prompt = split.prompt ? inlineMarkdown(blockStartAsText(split.prompt), render) : '';
    const answer = split.answer ? inlineMarkdown(blockStartAsText(split.answer), render) : '';
    if (!split.prompt && split.answer) {
      distractors.push(answer);
      continue;
    }
    if (!split.answer) {
      diagnostics.push(rules['question-matching-pairs']({ file, ...item.at, data: { id, prompt: split.prompt, problem: 'incomplete' } }));
      continue;
    }
    const key = normaliseForCompare(split.prompt);
    if (seenPrompts.has(key)) diagnostics.push(rules['question-matching-pairs']({ file, ...item.at, data: { id, prompt: split.prompt, problem: 'duplicate' } }));
    seenPrompts.add(key);
    pairs.push({ id: String(pairs.length + 1), prompt, answer });
  }
  if (s.answerList && pairs.length < 2) diagnostics.push(rules['question-matching-pairs']({ file, ...at(s.answerList), data: { id, prompt: '', problem: 'few' } }));
  return { ...base, type: 'matching', ...matchingTargets(id, pairs, distractors) };
}

interface Item {
  checked: boolean;
  html: string;
  text: string;
  /** The item's first paragraph as written (attributes removed), for matching pairs. */
  source: string;
  feedback?: string;
  weight?: number;
  fixed: boolean;
  at: { position?: Position };
}

function readItem(
  item: ListItem,
  render: (nodes: readonly Nodes[]) => string,
  renderInline: (nodes: readonly RootContent[]) => string,
  file: string,
  diagnostics: Diagnostic[],
): Item {
  const content = item.children.filter((c) => c.type !== 'blockquote') as RootContent[];
  const quotes = item.children.filter((c) => c.type === 'blockquote');
  let attributes: string | undefined;
  const lastIndex = content.length - 1;
  const last = content[lastIndex];
  let cleaned = content;
  if (last && last.type === 'paragraph') {
    const taken = takeAttributes(last.children);
    attributes = taken.attributes;
    cleaned = [...content.slice(0, lastIndex), ...(taken.children.length ? [{ ...last, children: taken.children }] : [])];
  }
  const where = at(item);
  let weight: number | undefined;
  let fixed = false;
  if (attributes !== undefined) {
    const parsed = parseAttributes(attributes);
    for (const e of parsed.errors) diagnostics.push(rules['question-bad-attribute']({ file, ...where, data: { attribute: e.attribute, reason: e.reason, suggestion: '', known: optionAttributes.join(', ') } }));
    for (const [key, value] of parsed.values) {
      if (key === 'weight' || key === 'bobot') {
        const n = typeof value === 'string' ? Number(value.replace('%', '').replace(',', '.')) : NaN;
        if (!Number.isFinite(n) || n < -100 || n > 100) {
          diagnostics.push(rules['question-bad-attribute']({ file, ...where, data: { attribute: `weight=${String(value)}`, reason: 'weight-range' satisfies AttributeProblem, suggestion: '', known: optionAttributes.join(', ') } }));
        } else weight = n / 100;
      } else if (key === 'fixed' || key === 'tetap') fixed = value === true || value === 'true';
      else diagnostics.push(rules['question-bad-attribute']({ file, ...where, data: { attribute: key, reason: 'unknown-attribute' satisfies AttributeProblem, suggestion: closest(key, optionAttributes) ?? '', known: optionAttributes.join(', ') } }));
    }
  }
  const firstParagraph = cleaned[0]?.type === 'paragraph' ? (cleaned[0] as Paragraph) : undefined;
  const text = cleaned.map((c) => toString(c)).join('\n').trim();
  const feedback = quotes.length ? render(quotes.flatMap((q) => (q as Blockquote).children)) : undefined;
  return {
    checked: item.checked === true,
    html: renderInline(cleaned),
    text,
    source: firstParagraph ? phrasingSource(firstParagraph) : text,
    ...(feedback ? { feedback } : {}),
    ...(weight !== undefined ? { weight } : {}),
    fixed,
    at: where,
  };
}

/** Rebuilds the Markdown of a paragraph's inline content closely enough to split `a -> b` and render both sides. */
function phrasingSource(p: Paragraph): string {
  const out: string[] = [];
  for (const c of p.children) {
    switch (c.type) {
      case 'text':
        // Text stays text when the pieces are parsed again: `<` and `&` too (`\<b\>` is no tag, `\&amp;` no entity).
        out.push(c.value.replace(/([*_`[\]\\<&])/g, '\\$1'));
        break;
      case 'inlineCode':
        out.push('`' + c.value + '`');
        break;
      case 'strong':
        out.push('**' + phrasingSource({ type: 'paragraph', children: c.children }) + '**');
        break;
      case 'emphasis':
        out.push('*' + phrasingSource({ type: 'paragraph', children: c.children }) + '*');
        break;
      case 'image':
        out.push(`![${c.alt ?? ''}](${c.url})`);
        break;
      case 'link':
        out.push(`[${phrasingSource({ type: 'paragraph', children: c.children })}](${c.url})`);
        break;
      case 'break':
        out.push('\n');
        break;
      default:
        out.push(toString(c));
    }
  }
  return out.join('');
}

function inlineMarkdown(md: string, render: (nodes: readonly Nodes[]) => string): string {
  const root = parseMarkdown(md);
  const first = root.children[0];
  return first && first.type === 'paragraph' && root.children.length === 1 ? unwrapParagraph(render([first])) : render(root.children);
}

/**
 * Inline HTML for options and pairs: rendered as a paragraph (so no line breaks are inserted between
 * inline elements, which would show as stray spaces) and unwrapped.
 */
function unwrapParagraph(html: string): string {
  const m = /^<p(?: [^>]*)?>([\s\S]*)<\/p>$/.exec(html.trim());
  return m && !m[1]!.includes('<p') ? m[1]! : html;
}

/** Each side of a pair is inline text: a leading `#`, `>`, `-`, `+` or `1.` must not start a heading, quote or list. */
function blockStartAsText(md: string): string {
  return md.replace(/^([#>+-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

export function splitPair(source: string): { prompt: string; answer: string } | undefined {
  const m = /^(.*?)\s*(?:->|→|=>)\s*(.*)$/s.exec(source);
  if (!m) return undefined;
  return { prompt: m[1]!.trim(), answer: m[2]!.trim() };
}

function isTrueFalseList(list: List): boolean {
  if (list.children.length !== 2) return false;
  const words = list.children.map((i) => normaliseForCompare(toString({ type: 'paragraph', children: firstPhrasing(i) } as Paragraph).replace(/\{[^{}]*\}\s*$/, '')));
  return words.some((w) => trueWords.has(w)) && words.some((w) => falseWords.has(w));
}

function firstPhrasing(item: ListItem): PhrasingContent[] {
  const p = item.children.find((c) => c.type === 'paragraph') as Paragraph | undefined;
  return p?.children ?? [];
}

function weightOf(item: Item, fallback: number): number {
  return item.weight ?? fallback;
}

/** Effective weights: single choice 1 for `[x]`; multiple response splits 100 % over `[x]`, a wrong pick costs one share. */
function buildChoices(type: 'single' | 'multiple', items: Item[], penaltyPercent: number | undefined): Choice[] {
  const correct = items.filter((i) => i.checked);
  let share = 0;
  if (type === 'multiple') {
    const explicit = correct.filter((i) => i.weight !== undefined).reduce((s, i) => s + i.weight!, 0);
    const implicit = correct.filter((i) => i.weight === undefined).length;
    share = implicit ? Math.max(0, 1 - explicit) / implicit : 0;
  }
  const wrongDefault = type === 'multiple' ? -(penaltyPercent !== undefined ? penaltyPercent / 100 : correct.length ? 1 / correct.length : 1) : 0;
  return items.map((item, index) => ({
    id: letterId(index),
    html: item.html,
    weight: round(item.weight ?? (item.checked ? (type === 'single' ? 1 : share) : wrongDefault)),
    ...(item.feedback ? { feedback: item.feedback } : {}),
    ...(item.fixed ? { fixed: true } : {}),
  }));
}

function round(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

function checkChoices(
  question: { id: string; type: 'single' | 'multiple'; choices: readonly Choice[] },
  items: Item[],
  file: string,
  headingAt: { position?: Position },
  diagnostics: Diagnostic[],
): void {
  const { id } = question;
  const correct = items.filter((i) => i.checked);
  if (items.length && !correct.length) diagnostics.push(rules['question-no-correct']({ file, ...headingAt, data: { id, kind: 'choice' } }));
  if (question.type === 'single' && correct.length > 1) diagnostics.push(rules['question-several-correct']({ file, ...headingAt, data: { id, count: correct.length } }));
  if (question.type === 'multiple' && correct.length) {
    const sum = question.choices.filter((c) => c.weight > 0).reduce((s, c) => s + c.weight, 0);
    if (Math.abs(sum - 1) > 0.001) diagnostics.push(rules['question-weights']({ file, ...headingAt, data: { id, sum: Math.round(sum * 1000) / 10 } }));
  }
  reportDuplicates(items, (i) => normaliseForCompare(i.text), id, file, diagnostics);
}

function reportDuplicates(items: Item[], key: (i: Item) => string, id: string, file: string, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (!k) continue;
    if (seen.has(k)) diagnostics.push(rules['question-duplicate-option']({ file, ...item.at, data: { id, option: item.text } }));
    seen.add(k);
  }
}

const feedbackLabels: [RegExp, keyof Feedback][] = [
  [/^(umpan balik|feedback|pembahasan|penjelasan|general)\s*:\s*/i, 'general'],
  [/^(jawaban benar|benar|correct|right)\s*:\s*/i, 'correct'],
  [/^(sebagian benar|sebagian|partial|partially correct)\s*:\s*/i, 'partial'],
  [/^(jawaban salah|salah|incorrect|wrong)\s*:\s*/i, 'incorrect'],
];

function feedbackLabel(quote: Blockquote): boolean {
  const first = quote.children[0];
  return Boolean(first && first.type === 'paragraph' && feedbackLabels.some(([re]) => re.test(toString(first))));
}

/** `> Benar: …` / `> Salah: …` / `> Sebagian: …` / `> Umpan balik: …`; an unlabelled paragraph continues the last label. */
function readFeedback(nodes: RootContent[], render: (nodes: readonly Nodes[]) => string): Feedback {
  const parts: Record<keyof Feedback, RootContent[]> = { general: [], correct: [], partial: [], incorrect: [] };
  let kind: keyof Feedback = 'general';
  for (const node of nodes) {
    if (node.type !== 'blockquote') continue;
    for (const child of node.children) {
      if (child.type !== 'paragraph') {
        parts[kind].push(child);
        continue;
      }
      for (const segment of splitAtLabels(child)) {
        const first = segment.children[0];
        const label = first && first.type === 'text' ? feedbackLabels.find(([re]) => re.test(first.value)) : undefined;
        if (label && first && first.type === 'text') {
          kind = label[1];
          const value = first.value.replace(label[0], '');
          const children = value ? [{ ...first, value }, ...segment.children.slice(1)] : segment.children.slice(1);
          if (children.length) parts[kind].push({ ...segment, children });
        } else parts[kind].push(segment);
      }
    }
  }
  const out: { -readonly [K in keyof Feedback]?: string } = {};
  for (const key of ['general', 'correct', 'partial', 'incorrect'] as const) {
    if (parts[key].length) out[key] = render(parts[key]);
  }
  return out;
}

const labelAtLineStart = /\n(?=(?:umpan balik|feedback|pembahasan|penjelasan|general|jawaban benar|benar|correct|right|sebagian benar|sebagian|partial|partially correct|jawaban salah|salah|incorrect|wrong)\s*:)/i;

/** `> Benar: …` and `> Salah: …` on consecutive lines form one paragraph; split it where a label starts a line. */
function splitAtLabels(paragraph: Paragraph): Paragraph[] {
  const segments: PhrasingContent[][] = [[]];
  for (const child of paragraph.children) {
    if (child.type !== 'text') {
      segments[segments.length - 1]!.push(child);
      continue;
    }
    const pieces = child.value.split(labelAtLineStart);
    pieces.forEach((piece, i) => {
      if (i > 0) segments.push([]);
      if (piece) segments[segments.length - 1]!.push({ ...child, value: piece });
    });
  }
  return segments.filter((c) => c.length).map((children) => ({ ...paragraph, children }));
}

/** Letters a, b, c … permuted by the question id, so that the order of ids does not give the answer away. */
export function scrambledLetters(seed: string, count: number): string[] {
  return shuffleWithFixed(
    Array.from({ length: count }, (_, i) => letterId(i)),
    createRng(seed),
  );
}

/** Targets of a matching question: distinct answers then distractors, with scrambled letter ids. */
export function matchingTargets(
  questionId: string,
  pairs: readonly MatchPair[],
  distractors: readonly string[],
): { pairs: MatchPair[]; distractors: string[]; targets: MatchTarget[]; answerOf: Record<string, string> } {
  const texts: string[] = [];
  for (const html of [...pairs.map((p) => p.answer), ...distractors]) if (!texts.includes(html)) texts.push(html);
  const letters = scrambledLetters(questionId + '#targets', texts.length);
  const targets = texts.map((html, i) => ({ id: letters[i]!, html }));
  const answerOf: Record<string, string> = {};
  for (const p of pairs) answerOf[p.id] = targets.find((t) => t.html === p.answer)!.id;
  return { pairs: [...pairs], distractors: [...distractors], targets, answerOf };
}

export type { Question };
