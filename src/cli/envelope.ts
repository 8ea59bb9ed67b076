// The one machine output of every command: `--format json` prints exactly one envelope on stdout.
// Its JSON Schema is written by `ajar schema` (output.schema.json) and shown in docs/cli.md.
// Bump ENVELOPE_VERSION when a field changes meaning or goes away; adding a field keeps the version.

import { PACKAGE_FORMATS } from '../config/schema.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { toJson } from '../diagnostics/report.js';
import type { Lang } from '../core/model/course.js';
import type { ActionReport } from '../publish/index.js';

export const ENVELOPE_VERSION = 1;

export type JsonDiagnostic = ReturnType<typeof toJson>;

export interface Envelope<R = unknown> {
  version: typeof ENVELOPE_VERSION;
  /** The command as typed after `ajar`: `check`, `build`, `questions export`, … */
  command: string;
  /** exitCode === 0. */
  ok: boolean;
  /** 0 ok, 1 problems found, 2 usage or environment, 130 interrupted. */
  exitCode: number;
  /** After ajar.yaml `rules:` and `--strict`; sorted by file, line, column, rule id. */
  diagnostics: JsonDiagnostic[];
  /** What the command made or found; null when it stopped before (usage errors). */
  result: R | null;
}

export function envelope<R>(command: string, exitCode: number, diagnostics: readonly Diagnostic[], result: R | null, lang: Lang): Envelope<R> {
  return {
    version: ENVELOPE_VERSION,
    command,
    ok: exitCode === 0,
    exitCode,
    diagnostics: sortDiagnostics(diagnostics).map((d) => toJson(d, lang)),
    result,
  };
}

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
/** Slides and lesson images made smaller by `ajar media` / `ajar build` (cli/savings.ts). */
const optimised = {
  type: 'object',
  required: ['files', 'originalBytes', 'bytes'],
  properties: {
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['source', 'kind', 'originalBytes', 'bytes'],
        properties: { source: { type: 'string' }, kind: { enum: ['slides', 'image'] }, originalBytes: { type: 'integer', minimum: 0 }, bytes: { type: 'integer', minimum: 0 }, kept: { enum: ['not-smaller', 'failed'] } },
      },
    },
    originalBytes: { type: 'integer', minimum: 0 },
    bytes: { type: 'integer', minimum: 0, description: 'what a learner downloads: optimised PDFs, the widest variant of the preferred image format, sources kept' },
  },
};
/** Source files taken from the build cache (`hits`) and read again (`misses`); absent with --no-cache. */
const cache = { type: 'object', required: ['hits', 'misses'], properties: { hits: int, misses: int } };
const course = nullable({ type: 'object', required: ['id', 'version'], properties: { id: str, version: str, title: str } });

/** `result` of each command (`null` when the command stopped before producing one). */
/** One line of publish's plan as it was carried out (publish/run.ts ActionReport). */
const publishAction = {
  type: 'object',
  required: ['action', 'status', 'role', 'file', 'destination', 'sha256', 'size', 'sentBytes'],
  properties: {
    action: { enum: ['skip', 'upload', 'resume', 'copy', 'conflict', 'keep'] satisfies ActionReport['action'][] },
    status: { enum: ['planned', 'done', 'unchanged', 'kept', 'refused', 'failed', 'interrupted', 'not-attempted'] satisfies ActionReport['status'][] },
    role: { enum: ['release', 'latest', 'media', 'upload'] satisfies ActionReport['role'][] },
    file: str,
    destination: str,
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    size: int,
    sentBytes: { ...int, description: 'bytes this run sent for it (0 when unchanged, copied on the server or planned)' },
    resumedFrom: { ...int, description: 'bytes the server already held when a resumed upload went on' },
    checked: {
      enum: ['downloaded', 'server-index', 'metadata', 'signed-payload', 'size-only'] satisfies NonNullable<ActionReport['checked']>[],
      description: 'done or unchanged: what the server copy was checked by (see docs/publishing.md)',
    },
    url: { ...str, description: 'a tus upload: where the server keeps it' },
  },
};

const results: Record<string, object> = {
  init: { type: 'object', required: ['dir', 'id', 'language'], properties: { dir: str, id: str, language: { enum: ['id', 'en'] } } },
  check: { type: 'object', required: ['course'], properties: { course, cache } },
  schema: { type: 'object', required: ['dir', 'files'], properties: { dir: str, files: { type: 'array', items: str } } },
  media: { type: 'object', required: ['made', 'cached', 'entries'], properties: { made: int, cached: int, entries: int, optimised } },
  build: {
    type: 'object',
    required: ['course', 'media', 'packages'],
    properties: {
      course,
      media: { enum: ['transcoded', 'none', 'skipped', 'no-ffmpeg'] },
      optimised,
      cache,
      packages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['format', 'file', 'bytes', 'sha256'],
          properties: { format: { enum: [...PACKAGE_FORMATS] }, file: str, bytes: int, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
      },
      learner: {
        type: 'object',
        description: 'what a learner downloads to complete the course on the lowest settings, and its cost (docs/player.md)',
        required: ['bytes', 'player', 'pages', 'media', 'images', 'lessons', 'pricePerGb', 'currency', 'cost'],
        properties: {
          bytes: int,
          player: int,
          pages: int,
          media: int,
          images: int,
          unknown: { type: 'integer', minimum: 0, description: 'references of unknown size, counted as 0' },
          lessons: { type: 'object', required: ['audio', 'video', 'reading'], properties: { audio: int, video: int, reading: int } },
          pricePerGb: { type: 'number', minimum: 0 },
          currency: str,
          cost: { type: 'number', minimum: 0, description: 'bytes / 1024³ × pricePerGb, rounded to 2 decimals' },
        },
      },
    },
  },
  verify: {
    type: 'object',
    required: ['packages'],
    properties: {
      packages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['file', 'format', 'version', 'entries'],
          properties: { file: str, format: { enum: [...PACKAGE_FORMATS, null] }, version: nullable(str), entries: int },
        },
      },
      /** The verify profile that judged every package (--profile). */
      profile: { enum: ['strict', 'lms'] },
    },
  },
  publish: {
    type: 'object',
    required: ['dryRun', 'sentBytes', 'targets'],
    properties: {
      dryRun: { type: 'boolean' },
      sentBytes: int,
      plannedBytes: int,
      interrupted: { type: 'boolean' },
      targets: { type: 'array', items: { type: 'object', required: ['name', 'type', 'actions'], properties: { name: str, type: str, actions: { type: 'array', items: publishAction } } } },
    },
  },
  'questions import': {
    type: 'object',
    required: ['file', 'from', 'out', 'questions'],
    properties: { file: str, from: { enum: ['gift', 'aiken', 'moodlexml'] }, out: nullable(str), questions: int, text: { type: 'string', description: 'the Markdown bank, when no -o was given' } },
  },
  'questions export': {
    type: 'object',
    required: ['file', 'format', 'out', 'questions'],
    properties: { file: str, format: { enum: ['gift', 'moodlexml', 'qti21', 'qti30'] }, out: nullable(str), questions: int, text: { type: 'string', description: 'the exported text, when no -o was given' } },
  },
};

export const commandsWithEnvelope = Object.keys(results);

/** JSON Schema (draft-07) of the envelope, per command. */
export function envelopeSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://ajar.dev/schemas/output.json',
    title: 'ajar --format json output',
    description: 'What every ajar command prints on stdout with --format json: one object, this envelope.',
    type: 'object',
    required: ['version', 'command', 'ok', 'exitCode', 'diagnostics', 'result'],
    additionalProperties: false,
    properties: {
      version: { const: ENVELOPE_VERSION, description: 'envelope version; changes only when a field changes meaning or is removed' },
      command: { enum: commandsWithEnvelope },
      ok: { type: 'boolean', description: 'exitCode is 0' },
      exitCode: { enum: [0, 1, 2, 130], description: '0 ok, 1 problems found, 2 usage or environment, 130 interrupted' },
      diagnostics: { type: 'array', items: { $ref: '#/definitions/diagnostic' } },
      result: {},
    },
    allOf: Object.entries(results).map(([command, schema]) => ({
      if: { properties: { command: { const: command } } },
      then: { properties: { result: nullable(schema) } },
    })),
    definitions: {
      diagnostic: {
        type: 'object',
        required: ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'ruleId', 'message', 'hint'],
        additionalProperties: false,
        properties: {
          file: { ...nullable(str), description: 'course-relative, or as given on the command line' },
          line: nullable(int),
          column: nullable(int),
          endLine: nullable(int),
          endColumn: nullable(int),
          severity: { enum: ['error', 'warning', 'info'] },
          ruleId: { type: 'string', description: 'permanent id, see docs/rules.md' },
          message: str,
          hint: nullable(str),
        },
      },
    },
  };
}
