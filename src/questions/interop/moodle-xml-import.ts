// Moodle XML → drafts. Question types ajar has are carried over; others (calculated, cloze, drag and
// drop …) are reported with their line and skipped. Images embedded as base64 `<file>` elements are
// returned as files, and `@@PLUGINFILE@@/` references point at the folder they will be written to.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseNumber } from '../../core/numbers.js';
import { parseAttributes } from '../attributes.js';
import { rules, type ImportLoss, type ImportProblem } from '../rules.js';
import { categoryTags, type Draft, type DraftChoice, type ImportResult } from './draft.js';
import { htmlToMarkdown, plainToMarkdown } from './html-markdown.js';
import { attr, child, children, MAX_DEPTH, parseXml, type XmlElement } from '../../util/xml.js';

export interface MoodleImportOptions {
  /** Folder (relative to the Markdown bank) that embedded files are written to. */
  readonly filesDir?: string;
}

export function importMoodleXml(source: string, file: string, options: MoodleImportOptions = {}): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  const files = new Map<string, string>();
  const root = quizRoot(source, file, diagnostics);
  if (!root) return { drafts, diagnostics, files };
  const md = markdownReader(files, options.filesDir ?? 'gambar');
  let category: string | undefined;
  let title: string | undefined;
  for (const q of children(root, 'question')) {
    if (attr(q, 'type') === 'category') {
      category = textOf(child(q, 'category'));
      title = category.split('/').filter((s) => s && !s.startsWith('$') && s !== 'top').pop() ?? title;
      continue;
    }
    const draft = readQuestion(q, { file, category, md, diagnostics });
    if (draft) drafts.push(draft);
  }
  return { drafts, diagnostics, files, ...(title ? { title } : {}) };
}

/** Why the XML cannot be read: ajar's own finding as a code, or the XML parser's own message (foreign text) as it is. */
function notWellFormed(parsed: { message: string; reason?: 'too-deep' | 'ampersand' }): Record<string, string | number> {
  switch (parsed.reason) {
    case 'too-deep':
      return { problem: 'xml-too-deep' satisfies ImportProblem, limit: MAX_DEPTH };
    case 'ampersand':
      return { problem: 'xml-ampersand' satisfies ImportProblem };
    default:
      return { problem: 'xml-not-well-formed' satisfies ImportProblem, error: parsed.message };
  }
}

/** The `<quiz>` element, or undefined with the reason reported. */
function quizRoot(source: string, file: string, diagnostics: Diagnostic[]): XmlElement | undefined {
  const parsed = parseXml(source.replace(/^\uFEFF/, ''), { namespaces: false });
  if (!parsed.ok) {
    diagnostics.push(
      rules['import-syntax']({
        file,
        position: { start: parsed.at },
        data: notWellFormed(parsed),
      }),
    );
    return undefined;
  }
  const root = parsed.root;
  if (root.name === 'quiz') return root;
  diagnostics.push(rules['import-syntax']({ file, position: { start: { line: root.start.line, column: 1 } }, data: { problem: 'xml-root' satisfies ImportProblem, element: root.name } }));
  return undefined;
}

type Markdown = (el: XmlElement | undefined) => string;

/** Text in any Moodle format → Markdown; embedded files are collected into `files`, and point at `filesDir`. */
function markdownReader(files: Map<string, string>, filesDir: string): Markdown {
  return (el) => {
    if (!el) return '';
    for (const f of children(el, 'file')) {
      const fileName = attr(f, 'name');
      if (fileName && (attr(f, 'encoding') ?? 'base64') === 'base64') files.set(fileName, f.text.replace(/\s+/g, ''));
    }
    const raw = textOf(el).replace(/@@PLUGINFILE@@\//g, `${filesDir}/`);
    const format = attr(el, 'format') ?? 'html';
    if (!raw) return '';
    if (format === 'markdown') return raw;
    if (format === 'plain_text') return plainToMarkdown(raw);
    if (format === 'moodle_auto_format' && !/<[a-z][^>]*>/i.test(raw)) return plainToMarkdown(raw);
    return htmlToMarkdown(format === 'moodle_auto_format' ? raw.replace(/\n/g, '<br>') : raw);
  };
}

interface QuestionContext {
  readonly file: string;
  readonly category: string | undefined;
  readonly md: Markdown;
  readonly diagnostics: Diagnostic[];
}

interface Answer {
  readonly fraction: number;
  readonly el: XmlElement;
  readonly feedback: string | undefined;
}

type DraftBase = Omit<Draft, 'type'> & { feedback: NonNullable<Draft['feedback']> };

/** One `<question>`: what every type has, what is lost whatever the type, then the type's own reader. */
function readQuestion(q: XmlElement, ctx: QuestionContext): Draft | undefined {
  const { md } = ctx;
  const type = attr(q, 'type') ?? '';
  const base = commonFields(q, ctx);
  const lossy = (what: ImportLoss, more: Record<string, string | number> = {}) =>
    ctx.diagnostics.push(rules['import-lossy']({ file: ctx.file, position: { start: { line: q.start.line, column: 1 } }, data: { id: base.id || base.name || '', line: q.start.line, what, ...more } }));
  const answers: Answer[] = children(q, 'answer').map((a) => ({ fraction: Number(attr(a, 'fraction') ?? '0') / 100, el: a, feedback: md(child(a, 'feedback')) || undefined }));
  const penalty = Number(textOf(child(q, 'penalty')) || '0');
  if (penalty > 0 && type !== 'truefalse' && type !== 'description' && type !== 'essay') lossy('penalty', { value: penalty * 100 });
  if (children(q, 'hint').length) lossy('hints');
  const idnumber = textOf(child(q, 'idnumber'));
  if (idnumber && !base.id) lossy('moodle-id', { value: idnumber });
  if (textOf(child(q, 'image')) || textOf(child(q, 'image_base64'))) lossy('legacy-image');
  switch (type) {
    case 'multichoice': {
      const single = textOf(child(q, 'single')) !== 'false' && textOf(child(q, 'single')) !== '0';
      const choices: DraftChoice[] = answers.map((a) => ({ md: md(a.el), weight: a.fraction, ...(a.feedback ? { feedback: a.feedback } : {}) }));
      return { ...base, type: single ? 'single' : 'multiple', choices };
    }
    case 'truefalse':
      return readTrueFalse(base, answers);
    case 'shortanswer':
      return readShort(base, q, answers);
    case 'numerical':
      if (children(child(q, 'units'), 'unit').length) lossy('units');
      return readNumerical(base, answers, ctx);
    case 'match':
    case 'matching':
      return readMatching(base, q, md);
    case 'ordering': {
      const grading = textOf(child(q, 'gradingtype'));
      if (grading && grading !== 'ABSOLUTE_POSITION') lossy('ordering-grading', { value: grading });
      return { ...base, type: 'ordering', items: [...answers].sort((a, b) => a.fraction - b.fraction).map((a) => md(a.el)) };
    }
    case 'essay': {
      const attachments = Number(textOf(child(q, 'attachments')) || '0');
      if (attachments !== 0) lossy('attachments', { count: attachments, required: Number(textOf(child(q, 'attachmentsrequired')) || '0') > 0 ? 1 : 0 });
      if (textOf(child(q, 'graderinfo'))) lossy('grader-info');
      if (textOf(child(q, 'responsetemplate'))) lossy('response-template');
      return { ...base, type: 'essay', ...lengthsFromComment(q) };
    }
    case 'description':
      return { ...base, type: 'description' };
    default:
      lossy('question-type', { value: type });
      return undefined;
  }
}

/** Name, id, stem, points, tags (the category's last part when none) and combined feedback. */
function commonFields(q: XmlElement, ctx: QuestionContext): DraftBase {
  const { md, category } = ctx;
  const name = textOf(child(q, 'name'));
  const idnumber = textOf(child(q, 'idnumber'));
  const id = idnumber && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(idnumber) ? idnumber : undefined;
  const grade = Number(textOf(child(q, 'defaultgrade')) || '1');
  const tags = children(child(q, 'tags'), 'tag').map((t) => textOf(t)).filter(Boolean);
  if (!tags.length) tags.push(...categoryTags(category));
  const feedback: Record<string, string> = {};
  for (const [key, element] of [['general', 'generalfeedback'], ['correct', 'correctfeedback'], ['partial', 'partiallycorrectfeedback'], ['incorrect', 'incorrectfeedback']] as const) {
    const text = md(child(q, element));
    if (text) feedback[key] = text;
  }
  return {
    line: q.start.line,
    ...(id ? { id } : {}),
    ...(name ? { name } : {}),
    stem: md(child(q, 'questiontext')),
    ...(Number.isFinite(grade) ? { points: grade } : {}),
    tags,
    feedback,
  };
}

function readTrueFalse(base: DraftBase, answers: readonly Answer[]): Draft {
  const t = answers.find((a) => textOf(a.el).toLowerCase() === 'true');
  const f = answers.find((a) => textOf(a.el).toLowerCase() === 'false');
  return {
    ...base,
    type: 'truefalse',
    answer: (t?.fraction ?? 0) >= (f?.fraction ?? 0),
    ...(t?.feedback ? { feedbackTrue: t.feedback } : {}),
    ...(f?.feedback ? { feedbackFalse: f.feedback } : {}),
  };
}

function readShort(base: DraftBase, q: XmlElement, answers: readonly Answer[]): Draft {
  // `*` at 0 % is Moodle's "any other answer": its feedback is the feedback for a wrong answer.
  const otherwise = answers.find((a) => textOf(a.el) === '*' && a.fraction === 0);
  const incorrect = otherwise?.feedback && !base.feedback.incorrect ? otherwise.feedback : undefined;
  return {
    ...base,
    type: 'short',
    caseSensitive: textOf(child(q, 'usecase')) === '1',
    answers: answers.filter((a) => a !== otherwise).map((a) => ({ text: textOf(a.el), weight: a.fraction, ...(a.feedback ? { feedback: a.feedback } : {}) })),
    ...(incorrect ? { feedback: { ...base.feedback, incorrect } } : {}),
  };
}

function readNumerical(base: DraftBase, answers: readonly Answer[], ctx: QuestionContext): Draft {
  const numbers = [];
  let incorrect: string | undefined;
  for (const a of answers) {
    const text = textOf(a.el);
    if (text === '*') {
      incorrect = a.feedback;
      continue;
    }
    // Moodle XML numbers have a dot decimal, whatever the course's language.
    const value = parseNumber(text, 'en');
    const tolerance = parseNumber(textOf(child(a.el, 'tolerance')) || '0', 'en') ?? 0;
    if (value === undefined) {
      ctx.diagnostics.push(rules['import-syntax']({ file: ctx.file, position: { start: { line: a.el.start.line, column: 1 } }, data: { problem: 'not-a-number' satisfies ImportProblem, value: text } }));
      continue;
    }
    numbers.push({ value, ...(tolerance ? { tolerance } : {}), weight: a.fraction, ...(a.feedback ? { feedback: a.feedback } : {}) });
  }
  return { ...base, type: 'numerical', numbers, feedback: { ...base.feedback, ...(incorrect && !base.feedback.incorrect ? { incorrect } : {}) } };
}

function readMatching(base: DraftBase, q: XmlElement, md: Markdown): Draft {
  const pairs: { prompt: string; answer: string }[] = [];
  const distractors: string[] = [];
  for (const s of children(q, 'subquestion')) {
    const prompt = md(s);
    const answer = plainToMarkdown(textOf(child(s, 'answer')));
    if (prompt) pairs.push({ prompt, answer });
    else if (answer) distractors.push(answer);
  }
  return { ...base, type: 'matching', pairs, distractors };
}

/** Lengths in characters travel in a `<!-- ajar: min_length=… max_length=… -->` comment (Moodle counts words). */
function lengthsFromComment(q: XmlElement): { minLength?: number; maxLength?: number } {
  const ajar = q.comments.map((c) => /^ajar:\s*(.*)$/.exec(c)?.[1]).find(Boolean);
  const attrs = ajar ? parseAttributes(ajar).values : new Map<string, unknown>();
  const min = Number(attrs.get('min_length'));
  const max = Number(attrs.get('max_length'));
  return { ...(attrs.get('min_length') && Number.isFinite(min) ? { minLength: min } : {}), ...(attrs.get('max_length') && Number.isFinite(max) ? { maxLength: max } : {}) };
}

/** `<x><text>…</text></x>` → the text. */
function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  const t = child(el, 'text');
  return (t ? t.text : el.text).trim();
}
