// JSON Schemas of quiz and bank front matter (snake_case keys). loadQuiz/loadBank validate with them;
// `ajar schema` writes them out for editors.

import { idPattern } from '../load/schemas.js';

const tag = { type: 'string', minLength: 1, pattern: '^\\S+$', description: 'a tag without spaces', 'x-expected': 'tag' } as const;

/** The keys a bank and a quiz both have. */
const common = {
  type: { type: 'string' },
  id: idPattern,
  title: { type: 'string', minLength: 1 },
  description: { type: 'string' },
} as const;

export const bankFrontMatterSchema = {
  $id: 'https://ajar.dev/schemas/bank.json',
  title: 'question bank front matter',
  description: 'A question bank: questions under `##` headings in the body (docs/questions.md).',
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    ...common,
    tags: { type: 'array', items: tag, description: 'tags every question of the bank carries' },
  },
} as const;

export const quizFrontMatterSchema = {
  $id: 'https://ajar.dev/schemas/quiz.json',
  title: 'quiz front matter',
  description: 'A quiz: which banks to draw from and how it is run; intro text and inline questions in the body.',
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    ...common,
    role: { enum: ['pre', 'post', 'unit', 'practice'], description: 'pre-test, post-test, unit quiz (gates the module) or practice' },
    draw: {
      type: 'array',
      description: 'which questions each attempt draws',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['bank'],
        properties: {
          bank: { type: 'string', minLength: 1, description: 'path of a bank file, relative to this quiz file' },
          tags: { anyOf: [tag, { type: 'array', items: tag }], description: 'questions carrying every one of these tags' },
          count: { type: 'integer', minimum: 1, description: 'how many to draw; all that match when absent' },
        },
      },
    },
    shuffle_questions: { type: 'boolean' },
    shuffle_options: { type: 'boolean' },
    attempts: { type: 'integer', minimum: 0, description: 'attempts allowed; 0 = unlimited' },
    // Range checked by the rule quiz-passing-grade, which says more than a schema error can.
    passing_grade: { type: 'number', description: 'percentage needed to pass, 0–100' },
    time_limit: { type: 'number', exclusiveMinimum: 0, description: 'minutes' },
    feedback: { enum: ['immediate', 'after-submit', 'never'] },
    counts_toward_score: { type: 'boolean' },
    closed_book: { type: 'boolean', description: 'lessons cannot be opened during an attempt (default: true for role post)' },
    extend_time: { type: 'boolean', description: 'the learner may extend the time limit (default: false for role post)' },
  },
} as const;

export const quizDefaults = {
  shuffleQuestions: true,
  shuffleOptions: true,
  attempts: 0,
  passingGrade: 70,
  feedback: 'after-submit',
} as const;
