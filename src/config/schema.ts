// JSON Schema of ajar.yaml: build settings here; each stage owns the schema of its own section.

import type { Severity } from '../diagnostics/diagnostic.js';
import { lmsProfiles, type LmsProfile } from './lms.js';

/** The package format names ajar.yaml, `--format` and file names use; src/package/formats.ts describes each. */
export const PACKAGE_FORMATS = ['scorm12', 'scorm2004', 'cmi5', 'xapi'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

export interface BuildConfig {
  /** Output folder, relative to the course folder. */
  outDir: string;
  formats: PackageFormat[];
  /** Media inside packages, or hosted externally (uploaded by publish) and referenced by URL. */
  media: 'embed' | 'external';
  /** Base URL of externally hosted media (required when media is external). */
  mediaBaseUrl?: string;
  /**
   * Embedded media: the MP4 rungs a package carries — the lowest always, plus the highest rung at or below
   * each listed height; `all`: every rung (docs/configuration.md).
   */
  embedRungs: number[] | 'all';
  /** What a learner pays for 1 GB of data, for the learner cost `ajar build` prints (1 GB = 1024³ bytes). */
  pricePerGb: number;
  /** The currency of `pricePerGb`, as printed before the amount ("Rp", "USD"). */
  currency: string;
  /** cmi5: one AU for the course, or one per module. */
  cmi5Au: 'course' | 'module';
  /** The LMS the SCORM packages are made for (docs/lms.md). */
  lms: LmsProfile;
}

export const buildDefaults: BuildConfig = {
  outDir: 'dist',
  formats: ['scorm12', 'scorm2004'],
  media: 'embed',
  embedRungs: [240, 360],
  // A small Indonesian prepaid mobile data package (1–2 GB, 2025) costs about Rp 10,000–15,000 per GB.
  pricePerGb: 10_000,
  currency: 'Rp',
  cmi5Au: 'course',
  lms: 'generic',
};

export const buildConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    out_dir: { type: 'string', minLength: 1, description: 'output folder, relative to the course folder' },
    formats: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...PACKAGE_FORMATS] },
    },
    media: { enum: ['embed', 'external'] },
    media_base_url: { type: 'string', pattern: '^https?://', description: 'an http(s) URL', 'x-expected': 'http-url' },
    embed_rungs: {
      anyOf: [
        { const: 'all' },
        { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'integer', minimum: 120, maximum: 2160 } },
      ],
      description: 'embedded media: video heights whose MP4 rung a package carries (the lowest rung always), or all',
    },
    price_per_gb: { type: 'number', minimum: 0, description: "a learner's price of 1 GB of data, for the learner cost build prints" },
    currency: { type: 'string', minLength: 1, maxLength: 8, description: 'the currency of price_per_gb, e.g. Rp or USD' },
    cmi5_au: { enum: ['course', 'module'] },
    lms: { enum: lmsProfiles, description: 'the LMS the SCORM packages are made for: moodle or generic (docs/lms.md)' },
  },
} as const;

export type RuleSetting = Severity | 'off';

export const ruleSettingSchema = { enum: ['off', 'info', 'warning', 'error'] } as const;

/** The sections owned by other stages are merged in by `configSchema()`. */
export function configSchema(sections: Record<string, object>): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://ajar.dev/schemas/ajar.yaml.json',
    title: 'ajar.yaml',
    description: 'Build, media and publish settings of an ajar course (teaching content stays in Markdown).',
    type: 'object',
    additionalProperties: false,
    properties: {
      build: buildConfigSchema,
      rules: {
        type: 'object',
        description: 'severity per rule id: off, info, warning or error',
        additionalProperties: ruleSettingSchema,
      },
      ignore: { type: 'array', items: { type: 'string' }, description: 'course-relative folders or files that are not course sources' },
      ...sections,
    },
  };
}
