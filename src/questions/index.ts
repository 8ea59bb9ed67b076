// The questions stage's face: question banks and quizzes read from their files (the load stage calls
// this for every bank and quiz), their checks, and GIFT/Aiken/Moodle XML/QTI import and export.

export { fileId, loadBank, loadQuiz, checkQuestions, type QuizRole } from './load.js';
export {
  importFormats,
  exportFormats,
  detectImportFormat,
  importQuestions,
  exportQuestions,
  writeBankMarkdown,
  type ImportFormat,
  type ExportFormat,
  type ExportResult,
} from './interop/index.js';
