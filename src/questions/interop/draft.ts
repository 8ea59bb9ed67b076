// The neutral form questions take between a foreign format and Markdown: every text is Markdown.
// Importers produce drafts; writeBankMarkdown turns them into a bank file in our question syntax.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { QuestionType } from '../../core/model/questions.js';

export interface DraftChoice {
  readonly md: string;
  /** Fraction of the points, -1 … 1. */
  readonly weight: number;
  readonly feedback?: string;
  readonly fixed?: boolean;
}

export interface DraftNumber {
  readonly value?: number;
  readonly tolerance?: number;
  readonly min?: number;
  readonly max?: number;
  readonly weight: number;
  readonly feedback?: string;
}

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
