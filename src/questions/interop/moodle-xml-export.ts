// A Markdown bank → Moodle XML (question/format/xml), the richest format Moodle imports: ids, points,
// tags, combined feedback and case rules travel; only fixed option positions do not.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { QuestionBank } from '../../core/model/course.js';
import type { EssayQuestion, NumericalQuestion, Question } from '../../core/model/questions.js';
import { formatNumber } from '../../core/numbers.js';
import { htmlToText } from '../../core/scoring.js';
import { lossReporter, onMoodleList, percent, reportUnwritableXmlChars } from './common.js';
import { plainTextOf } from './html-markdown.js';
import { cdata, escapeXml, xmlComment } from '../../util/xml.js';

/** Course-relative asset path → its bytes, for images embedded the way Moodle carries them. */
export type AssetReader = (path: string) => Uint8Array | undefined;

/** Images in the HTML become `@@PLUGINFILE@@/name` with the file inside the element, base64-encoded. */
function embedFiles(value: string, indent: string, readAsset: AssetReader): { text: string; files: string } {
  const files: string[] = [];
  const seen = new Set<string>();
  const text = value.replace(/(<img\b[^>]*\bsrc=")([^"]+)(")/g, (m, a: string, src: string, b: string) => {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) return m;
    let path = src;
    try {
      path = decodeURI(src);
    } catch {
      // keep the raw path: a stray `%` in a file name
    }
    const bytes = readAsset(path);
    if (!bytes) return m;
    const name = path.split('/').pop()!;
    if (!seen.has(name)) {
      seen.add(name);
      files.push(`\n${indent}  <file name="${escapeXml(name)}" path="/" encoding="base64">${Buffer.from(bytes).toString('base64')}</file>`);
    }
    return `${a}@@PLUGINFILE@@/${encodeURI(name)}${b}`;
  });
  return { text, files: files.join('') };
}

const htmlWith = (assets: AssetReader) => (tag: string, value: string | undefined, indent: string) => {
  const embedded = value ? embedFiles(value, indent, assets) : { text: '', files: '' };
  return `${indent}<${tag} format="html">\n${indent}  <text>${embedded.text ? cdata(embedded.text) : ''}</text>${embedded.files}\n${indent}</${tag}>`;
};

export function exportMoodleXml(bank: QuestionBank, assets: AssetReader = () => undefined): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lost = lossReporter('Moodle XML', diagnostics);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', xmlComment(`${bank.title}: exported by ajar from ${bank.file}`), '<quiz>'];
  out.push('  <question type="category">', `    <category>\n      <text>${escapeXml(`$course$/top/${bank.title}`)}</text>\n    </category>`, '  </question>');
  for (const q of bank.questions) {
    reportUnwritableXmlChars(q, lost);
    out.push(writeQuestion(q, lost, assets));
  }
  out.push('</quiz>', '');
  return { text: out.join('\n'), diagnostics };
}

const moodleType: Record<Question['type'], string> = {
  single: 'multichoice',
  multiple: 'multichoice',
  truefalse: 'truefalse',
  short: 'shortanswer',
  numerical: 'numerical',
  matching: 'matching',
  ordering: 'ordering',
  essay: 'essay',
  description: 'description',
};

const i = '    ';

function writeQuestion(q: Question, lost: ReturnType<typeof lossReporter>, assets: AssetReader): string {
  const w = moodleWriter(q, assets);
  const lines = [`  <question type="${moodleType[q.type]}">`];
  lines.push(`${i}<name>\n${i}  <text>${escapeXml(q.name || q.text.slice(0, 60))}</text>\n${i}</name>`);
  lines.push(w.html('questiontext', q.html, i));
  lines.push(w.html('generalfeedback', q.feedback.general, i));
  lines.push(`${i}<defaultgrade>${formatNumber(q.type === 'description' ? 0 : q.points)}</defaultgrade>`);
  lines.push(`${i}<penalty>0</penalty>`, `${i}<hidden>0</hidden>`, `${i}<idnumber>${escapeXml(q.id)}</idnumber>`);
  if (!hasCombinedFeedback(q)) {
    const f = q.feedback;
    if (f.correct || f.partial || (f.incorrect && q.type !== 'short' && q.type !== 'numerical')) {
      lost(q, 'outcome-feedback');
    }
  }
  lines.push(...typeLines(q, w, lost));
  if (q.tags.length) lines.push(`${i}<tags>\n${q.tags.map((t) => `${i}  <tag>\n${i}    <text>${escapeXml(t)}</text>\n${i}  </tag>`).join('\n')}\n${i}</tags>`);
  lines.push('  </question>');
  return lines.join('\n');
}

/**
 * Combined feedback exists for choice, matching and ordering questions only; a wrong answer's feedback
 * travels as the `*` answer of short and numerical ones.
 */
function hasCombinedFeedback(q: Question): boolean {
  return q.type === 'single' || q.type === 'multiple' || q.type === 'matching' || q.type === 'ordering';
}

/** The XML pieces a question's elements are written with, its images embedded. */
interface MoodleWriter {
  html(tag: string, value: string | undefined, indent: string): string;
  answer(fraction: number, text: string, feedback: string | undefined, format?: string, extra?: string): string;
  /** correctfeedback, partiallycorrectfeedback, incorrectfeedback. */
  combined(): string[];
}

function moodleWriter(q: Question, assets: AssetReader): MoodleWriter {
  const html = htmlWith(assets);
  return {
    html,
    answer: (fraction, text, feedback, format = 'html', extra = '') => {
      const body = format === 'html' ? embedFiles(text, i, assets) : { text, files: '' };
      return `${i}<answer fraction="${percent(fraction)}" format="${format}">\n${i}  <text>${format === 'html' ? cdata(body.text) : escapeXml(text)}</text>${body.files}${extra}\n${html('feedback', feedback, `${i}  `)}\n${i}</answer>`;
    },
    combined: () => [html('correctfeedback', q.feedback.correct, i), html('partiallycorrectfeedback', q.feedback.partial, i), html('incorrectfeedback', q.feedback.incorrect, i)],
  };
}

/** The elements of the question's own type: settings, answers, combined feedback. */
function typeLines(q: Question, w: MoodleWriter, lost: ReturnType<typeof lossReporter>): string[] {
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const fixed = q.choices.some((c) => c.fixed);
      if (fixed) lost(q, 'fixed-options-unshuffled');
      const lines = [`${i}<single>${q.type === 'single'}</single>`, `${i}<shuffleanswers>${fixed ? 0 : 1}</shuffleanswers>`, `${i}<answernumbering>abc</answernumbering>`, ...w.combined()];
      for (const c of q.choices) {
        if (!onMoodleList(c.weight)) lost(q, 'weight-off-list', { value: percent(c.weight) });
        lines.push(w.answer(c.weight, c.html, c.feedback));
      }
      return lines;
    }
    case 'truefalse':
      return [w.answer(q.answer ? 1 : 0, 'true', q.feedbackTrue, 'moodle_auto_format'), w.answer(q.answer ? 0 : 1, 'false', q.feedbackFalse, 'moodle_auto_format')];
    case 'short':
      if (!q.normalizeSpace) lost(q, 'exact-spacing');
      return [
        `${i}<usecase>${q.caseSensitive ? 1 : 0}</usecase>`,
        ...q.answers.map((a) => w.answer(a.weight, a.text, a.feedback, 'moodle_auto_format')),
        // Moodle's idiom for "any other answer": `*` at 0 %, with its feedback.
        ...(q.feedback.incorrect ? [w.answer(0, '*', q.feedback.incorrect, 'moodle_auto_format')] : []),
      ];
    case 'numerical':
      return numericalLines(q, w);
    case 'matching':
      if (q.pairs.some((p) => plainTextOf(p.answer) === undefined)) lost(q, 'matching-formatting');
      return [`${i}<shuffleanswers>true</shuffleanswers>`, ...w.combined(), ...q.pairs.map((p) => subquestion(cdata(p.prompt), p.answer)), ...q.distractors.map((d) => subquestion('', d))];
    case 'ordering':
      // qtype_ordering (core since Moodle 4.4); ABSOLUTE_POSITION grades like ajar: a share per item in place.
      return [
        `${i}<layouttype>VERTICAL</layouttype>`, `${i}<selecttype>ALL</selecttype>`, `${i}<selectcount>0</selectcount>`, `${i}<gradingtype>ABSOLUTE_POSITION</gradingtype>`, `${i}<showgrading>SHOW</showgrading>`, `${i}<numberingstyle>none</numberingstyle>`,
        ...w.combined(),
        ...q.items.map((item, n) => w.answer(n + 1, item.html, undefined).replace(/fraction="[^"]*"/, `fraction="${n + 1}"`)),
      ];
    case 'essay':
      return essayLines(q, lost);
    case 'description':
      return [];
  }
}

function numericalLines(q: NumericalQuestion, w: MoodleWriter): string[] {
  const lines = q.answers.map((a) => {
    const [value, tol] = a.value !== undefined ? [a.value, Math.abs(a.tolerance ?? 0)] : [((a.min ?? 0) + (a.max ?? 0)) / 2, Math.abs((a.max ?? 0) - (a.min ?? 0)) / 2];
    return w.answer(a.weight, formatNumber(value), a.feedback, 'moodle_auto_format', `\n${i}  <tolerance>${formatNumber(tol)}</tolerance>`);
  });
  if (q.feedback.incorrect) lines.push(w.answer(0, '*', q.feedback.incorrect, 'moodle_auto_format', `\n${i}  <tolerance>0</tolerance>`));
  lines.push(`${i}<unitgradingtype>0</unitgradingtype>`, `${i}<unitpenalty>0.1</unitpenalty>`, `${i}<showunits>3</showunits>`, `${i}<unitsleft>0</unitsleft>`);
  return lines;
}

/** A matching pair (its prompt as CDATA), or a distractor (no prompt); the answer is plain text. */
function subquestion(prompt: string, answer: string): string {
  return `${i}<subquestion format="html">\n${i}  <text>${prompt}</text>\n${i}  <answer>\n${i}    <text>${escapeXml(plainTextOf(answer) ?? htmlToText(answer))}</text>\n${i}  </answer>\n${i}</subquestion>`;
}

function essayLines(q: EssayQuestion, lost: ReturnType<typeof lossReporter>): string[] {
  const lines = [`${i}<responseformat>editor</responseformat>`, `${i}<responserequired>1</responserequired>`, `${i}<responsefieldlines>15</responsefieldlines>`];
  lines.push(`${i}<minwordlimit></minwordlimit>`, `${i}<maxwordlimit></maxwordlimit>`, `${i}<attachments>0</attachments>`, `${i}<attachmentsrequired>0</attachmentsrequired>`);
  lines.push(`${i}<graderinfo format="html">\n${i}  <text></text>\n${i}</graderinfo>`, `${i}<responsetemplate format="html">\n${i}  <text></text>\n${i}</responsetemplate>`);
  if (q.minLength !== undefined || q.maxLength !== undefined) {
    lines.push(`${i}<!-- ajar:${q.minLength !== undefined ? ` min_length=${q.minLength}` : ''}${q.maxLength !== undefined ? ` max_length=${q.maxLength}` : ''} -->`);
    lost(q, 'length-in-characters');
  }
  return lines;
}
