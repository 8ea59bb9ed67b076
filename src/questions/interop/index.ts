// Import and export entry points by format name (the CLI is wiring around these).

import type { QuestionBank } from '../../core/model/course.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { mergeShortAnswers, type ImportResult } from './draft.js';
import { importGift } from './gift-import.js';
import { importAiken } from './aiken-import.js';
import { importMoodleXml } from './moodle-xml-import.js';
import { exportGift } from './gift-export.js';
import { exportMoodleXml } from './moodle-xml-export.js';
import { exportQti } from './qti-export.js';

export const importFormats = ['gift', 'aiken', 'moodlexml'] as const;
export type ImportFormat = (typeof importFormats)[number];
export const exportFormats = ['gift', 'moodlexml', 'qti21', 'qti30'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The format of a file to import, from its name, else from its content. */
export function detectImportFormat(fileName: string, text: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xml') || /^\s*(<\?xml|<quiz)/.test(text)) return 'moodlexml';
  if (lower.endsWith('.gift')) return 'gift';
  if (/^ANSWER\s*:\s*[A-Za-z]\s*$/im.test(text) && !/[{}]/.test(text.replace(/\\[{}]/g, ''))) return 'aiken';
  return 'gift';
}

export function importQuestions(format: ImportFormat, text: string, file: string, options: { filesDir?: string } = {}): ImportResult {
  const result = format === 'aiken' ? importAiken(text, file) : format === 'moodlexml' ? importMoodleXml(text, file, options) : importGift(text, file);
  // What Moodle accepts, as a bank holds it.
  const diagnostics = [...result.diagnostics];
  const drafts = mergeShortAnswers(result.drafts, file, diagnostics);
  return { ...result, drafts, diagnostics };
}

export type ExportResult =
  | { kind: 'text'; text: string; diagnostics: Diagnostic[] }
  | { kind: 'package'; files: { path: string; data: string }[]; diagnostics: Diagnostic[] };

/** `assets` reads the images questions use (course-relative paths), for formats that carry them. */
export function exportQuestions(format: ExportFormat, bank: QuestionBank, assets: (path: string) => Uint8Array | undefined = () => undefined): ExportResult {
  switch (format) {
    case 'gift':
      return { kind: 'text', ...exportGift(bank) };
    case 'moodlexml':
      return { kind: 'text', ...exportMoodleXml(bank, assets) };
    default:
      return { kind: 'package', ...exportQti(bank, format === 'qti21' ? '2.1' : '3.0') };
  }
}

export { writeBankMarkdown } from './write-markdown.js';
