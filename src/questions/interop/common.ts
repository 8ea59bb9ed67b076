// Shared by the exporters: what a target format loses, reported as located warnings.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Question } from '../../core/model/questions.js';
import { formatNumber } from '../../core/numbers.js';
import { rules, type ExportLoss } from '../rules.js';
import { forbiddenXmlChars } from '../../util/xml.js';

/** Moodle refuses answer weights (in %) that are not on its grade list. */
export const moodleGrades = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0];

export function percent(weight: number): string {
  return formatNumber(Math.round(weight * 100 * 100000) / 100000);
}

export function onMoodleList(weight: number): boolean {
  const p = Math.abs(Math.round(weight * 100 * 100000) / 100000);
  return moodleGrades.some((g) => Math.abs(g - p) < 0.00002);
}

export interface LossReporter {
  (question: Question, what: ExportLoss, more?: Record<string, string | number>): void;
}

export function lossReporter(format: string, diagnostics: Diagnostic[]): LossReporter {
  return (question, what, more = {}) =>
    diagnostics.push(
      rules['export-lossy']({
        file: question.source.file,
        ...(question.source.position ? { position: question.source.position } : {}),
        data: { id: question.id, what, ...more, format },
      }),
    );
}

/** Every text of a question (stem, options, answers, feedback …), for checks that look at all of them. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'source') textsOf(v, out);
  return out;
}

/** XML exports drop the characters XML 1.0 cannot hold (escapeXml, cdata): say which, per question. */
export function reportUnwritableXmlChars(question: Question, lost: LossReporter): void {
  const chars = forbiddenXmlChars(textsOf(question).join('\n'));
  // Read in the rule's sentence: “… <what> is not supported by the Moodle XML format.”
  if (!chars.length) return;
  const list = chars.join(', ');
  lost(question, 'xml-characters', { chars: list, count: chars.length });
}
