// Every JSON Schema ajar validates against, for `ajar schema` (editor completion) and docs.

import { assignmentSchema, lessonSchema, syllabusSchema } from '../load/schemas.js';
import { bankFrontMatterSchema, quizFrontMatterSchema } from '../questions/schemas.js';
import { ajarYamlSchema } from './load.js';

export function schemas(): Record<string, object> {
  return {
    'ajar.yaml': ajarYamlSchema(),
    syllabus: syllabusSchema,
    lesson: lessonSchema,
    assignment: assignmentSchema,
    quiz: quizFrontMatterSchema,
    bank: bankFrontMatterSchema,
  };
}
