// JSON Schemas of the front matter kinds the loader reads (quiz and bank schemas live in src/questions/).
// Keys are snake_case, as in most static-site front matter.

export const idPattern = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
  description: 'letters, digits, “.”, “_” and “-”, starting with a letter or digit',
  'x-expected': 'ajar-id',
} as const;

const mediaPath = { type: 'string', minLength: 1 } as const;

const caption = {
  anyOf: [
    mediaPath,
    {
      type: 'object',
      additionalProperties: false,
      required: ['src'],
      properties: { src: mediaPath, lang: { type: 'string', minLength: 2 }, label: { type: 'string' } },
    },
  ],
} as const;

export const syllabusSchema = {
  $id: 'https://ajar.dev/schemas/syllabus.json',
  title: 'syllabus.md front matter',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title'],
  properties: {
    type: { type: 'string' },
    id: idPattern,
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    language: { enum: ['id', 'en'] },
    // Text only: YAML reads 1.10 as the number 1.1, so a version must be quoted or have two dots.
    version: { type: 'string', minLength: 1 },
    jp: { type: 'number', exclusiveMinimum: 0, description: 'training hours (Jam Pelajaran)' },
    competencies: { type: 'array', items: { type: 'string', minLength: 1 } },
    authors: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1 }, email: { type: 'string' }, role: { type: 'string' } },
          },
        ],
      },
    },
    institution: { type: 'string' },
    passing_grade: { type: 'number', minimum: 0, maximum: 100 },
    completion: { enum: ['all', 'all-and-pass', 'pass'] },
    gating: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            sequential: { type: 'boolean' },
            allow_seek: { type: 'boolean' },
            allow_speed_up: { type: 'boolean' },
            audio_completes: { type: 'boolean' },
            remediation: { type: 'boolean' },
          },
        },
      ],
    },
  },
} as const;

export const lessonSchema = {
  $id: 'https://ajar.dev/schemas/lesson.json',
  title: 'lesson front matter',
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: {
    type: { type: 'string' },
    id: idPattern,
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    duration: { type: 'number', exclusiveMinimum: 0, description: 'minutes' },
    dir: { enum: ['ltr', 'rtl', 'auto'] },
    video: {
      anyOf: [
        mediaPath,
        {
          type: 'object',
          additionalProperties: false,
          required: ['src'],
          properties: {
            src: mediaPath,
            captions: { anyOf: [caption, { type: 'array', items: caption }] },
            poster: mediaPath,
          },
        },
      ],
    },
    captions: { anyOf: [caption, { type: 'array', items: caption }] },
    audio: mediaPath,
    slides: mediaPath,
  },
} as const;

export const assignmentSchema = {
  $id: 'https://ajar.dev/schemas/assignment.json',
  title: 'assignment front matter',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'title'],
  properties: {
    type: { type: 'string' },
    id: idPattern,
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    purpose: { type: 'string' },
    min_length: { type: 'integer', minimum: 0, description: 'minimum answer length in characters' },
    max_length: { type: 'integer', minimum: 1 },
    duration: { type: 'number', exclusiveMinimum: 0 },
  },
} as const;

export const fileTypes = ['syllabus', 'lesson', 'quiz', 'bank', 'assignment'] as const;
export type FileType = (typeof fileTypes)[number];

/** What authors write for `type:`, Indonesian first, as question types accept `isian` or `uraian`. */
const fileTypeAliases: Readonly<Record<string, FileType>> = {
  silabus: 'syllabus',
  materi: 'lesson', pelajaran: 'lesson', bacaan: 'lesson',
  kuis: 'quiz', tes: 'quiz', test: 'quiz', ujian: 'quiz', 'pre-test': 'quiz', 'post-test': 'quiz',
  'bank-soal': 'bank', soal: 'bank', 'question-bank': 'bank',
  tugas: 'assignment', penugasan: 'assignment',
};

/** The file type a front-matter `type:` names, in English or Indonesian, any case; undefined if none. */
export function fileTypeOf(declared: string): FileType | undefined {
  const key = declared.trim().toLowerCase();
  return (fileTypes as readonly string[]).includes(key) ? (key as FileType) : fileTypeAliases[key];
}

/** Every spelling `type:` accepts, for suggestions. */
export const fileTypeNames: readonly string[] = [...fileTypes, ...Object.keys(fileTypeAliases)];
