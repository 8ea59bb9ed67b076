// The neutral form questions take between a foreign format and Markdown: every text is Markdown.
// Importers produce drafts; writeBankMarkdown turns them into a bank file in our question syntax.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { NumericalAnswer, QuestionType } from '../../core/model/questions.js';
import { rules, type ImportLoss } from '../rules.js';
import { slugify } from '../../core/ids.js';

export interface DraftChoice {
  readonly md: string;
  /** Fraction of the points, -1 … 1. */
  readonly weight: number;
  readonly feedback?: string;
  readonly fixed?: boolean;
}

/** A numerical answer as the model has it, its feedback in Markdown (the model's is HTML). */
export type DraftNumber = Omit<NumericalAnswer, 'feedback'> & { readonly feedback?: string };

export interface Draft {
  /** Line in the imported file where the question starts. */
  readonly line: number;
  readonly type: QuestionType;
  readonly id?: string;
  readonly name?: string;
  readonly stem: string;
  readonly points?: number;
  readonly tags?: readonly string[];
  readonly feedback?: { general?: string; correct?: string; partial?: string; incorrect?: string };
  readonly choices?: readonly DraftChoice[];
  readonly answer?: boolean;
  readonly feedbackTrue?: string;
  readonly feedbackFalse?: string;
  /** Short answers: plain text (with Moodle's `*` wildcard). */
  readonly answers?: readonly { text: string; weight: number; feedback?: string }[];
  readonly caseSensitive?: boolean;
  readonly exactSpaces?: boolean;
  readonly numbers?: readonly DraftNumber[];
  readonly pairs?: readonly { prompt: string; answer: string }[];
  readonly distractors?: readonly string[];
  readonly items?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly penalty?: number;
}

export interface ImportResult {
  readonly drafts: Draft[];
  /** Located errors (questions skipped) and warnings (something not carried over). */
  readonly diagnostics: Diagnostic[];
  /** Files carried inside the source (Moodle XML base64 images): name → bytes (base64). */
  readonly files: ReadonlyMap<string, string>;
  /** Title found in the source (GIFT/Moodle category), if any. */
  readonly title?: string;
}

/**
 * Short answers Moodle accepts but a bank may not hold twice: answers the same but for case (Moodle compares
 * without case unless the question says otherwise) are one answer. Moodle marks with the first that matches,
 * so the first is kept; a later one that would have scored or said something else is a located warning.
 */
export function mergeShortAnswers(drafts: readonly Draft[], file: string, diagnostics: Diagnostic[]): Draft[] {
  return drafts.map((d) => {
    if (d.type !== 'short' || !d.answers) return d;
    const kept = new Map<string, { text: string; weight: number; feedback?: string }>();
    for (const a of d.answers) {
      const key = d.caseSensitive ? a.text : a.text.toLowerCase();
      const first = kept.get(key);
      if (!first) {
        kept.set(key, a);
        continue;
      }
      if (first.weight !== a.weight || (a.feedback && a.feedback !== first.feedback)) {
        diagnostics.push(
          rules['import-lossy']({
            file,
            position: { start: { line: d.line, column: 1 } },
            data: {
              id: d.name ?? d.id ?? '',
              line: d.line,
              what: 'case-duplicate' satisfies ImportLoss,
              answer: a.text,
              kept: first.text,
            },
          }),
        );
      }
    }
    return kept.size === d.answers.length ? d : { ...d, answers: [...kept.values()] };
  });
}

/** A Moodle category path (`$course$/top/Modul/Bab 1`) as tags: one per level, so a draw can take a parent with its children. */
export function categoryTags(category: string | undefined): string[] {
  const levels = (category ?? '').split('/').map((s) => s.trim()).filter((s) => s && !/^\$.*\$$/.test(s) && s !== 'top');
  return [...new Set(levels.map((s) => slugify(s)).filter(Boolean))];
}
