// The questions stage's face: question banks and quizzes read from their files (the load stage calls
// this for every bank and quiz), their checks, and GIFT/Aiken/Moodle XML/QTI import and export.
// Import and export (XML, HTML ↔ Markdown converters) load only when asked for: `ajar check` and `ajar build`
// read every bank and quiz but never convert one.

export { fileId, loadBank, loadQuiz, checkQuestions, type QuizRole } from './load.js';
export type { ImportFormat, ExportFormat, ExportResult } from './interop/index.js';

/** The import/export entry points (importFormats, exportFormats, detectImportFormat, importQuestions, exportQuestions, writeBankMarkdown). */
export const loadInterop = () => import('./interop/index.js');
