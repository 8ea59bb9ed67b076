// The `publish:` section of ajar.yaml: named targets, each `type: tus` or `type: s3`.
// Secrets are never written in the file: credential fields accept only `${ENV_VAR}` references,
// which publish resolves from the environment at the moment it connects (so they never sit in a
// printed or cached config object). The lead's config loader imports `publishConfigSchema`.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import { rules } from './rules.js';

/** `${NAME}`: the only form a credential may take in ajar.yaml. */
export const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export interface RetryConfig {
  /** Retries after the first attempt, on network errors and HTTP 5xx (never on 4xx). */
  retries?: number;
  /** First back-off delay; doubled after each failure (1 s, 2 s, 4 s, …). */
  retryDelayMs?: number;
  /** Seconds to establish a connection (TCP + TLS). */
  connectTimeout?: number;
  /** Seconds a sent request may wait for the answer to start. */
  responseTimeout?: number;
  /** Seconds a transfer may go without a byte moving either way. */
  idleTimeout?: number;
}

export interface TusTargetConfig extends RetryConfig {
  type: 'tus';
  /** The tus 1.0 creation endpoint, e.g. https://mooc.example.go.id/files/ */
  endpoint: string;
  credentials?: {
    /** `${ENV}` reference; sent as `Authorization: Bearer <token>` (or raw in `tokenHeader`). */
    token?: string;
  };
  /** Send the token raw in this header instead of `Authorization: Bearer`. */
  tokenHeader?: string;
  /** Bytes per PATCH request: what a cut connection can lose at most. */
  chunkSize?: number;
  /**
   * Optional server-side index: a URL template with `{sha256}`; HEAD answers 200 when the server
   * already holds a package with that hash (so a fresh CI machine without a state file sends nothing).
   */
  lookup?: string;
  /**
   * How a package the state file says is complete is confirmed before it counts as unchanged:
   * `download` (GET it and compare its sha256; default without `lookup`), `lookup` (the server's index of
   * hashes of stored bytes; default with `lookup`), `none` (trust the recorded hash and the byte count).
   */
  verifyUnchanged?: 'download' | 'lookup' | 'none';
}

export interface S3TargetConfig extends RetryConfig {
  type: 's3';
  /** S3-compatible endpoint (Ceph RGW, MinIO, …); omit for AWS. */
  endpoint?: string;
  bucket: string;
  /** Key prefix, e.g. `kursus/` */
  prefix?: string;
  region?: string;
  /** Path-style URLs (endpoint/bucket/key); default true when an endpoint is given. */
  forcePathStyle?: boolean;
  credentials?: {
    accessKeyId?: string;
    secretAccessKey?: string;
    sessionToken?: string;
  };
  /** Public base URL of the bucket, used to print the stable "latest" URL (for Moodle). */
  publicUrl?: string;
  /** Multipart part size in bytes (≥ 5 MiB). */
  partSize?: number;
  /** Upload external media renditions to this target (default true). */
  media?: boolean;
}

export type PublishTargetConfig = TusTargetConfig | S3TargetConfig;

export interface PublishConfig {
  /** Target used when --target is not given. */
  default?: string;
  /** Where interrupted tus uploads are remembered, relative to ajar.yaml. */
  stateFile?: string;
  targets: Record<string, PublishTargetConfig>;
}

export const publishDefaults = {
  stateFile: '.ajar/publish-state.json',
  retries: 5,
  retryDelayMs: 1000,
  /** Seconds: every request is bounded, so a dead or stalled server ends the run with a report. */
  connectTimeout: 10,
  responseTimeout: 30,
  idleTimeout: 60,
  tusChunkSize: 2 * 1024 * 1024,
  s3PartSize: 8 * 1024 * 1024,
  region: 'us-east-1',
  prefix: '',
  cacheControl: {
    /** A release key never changes: cache it for a year. */
    release: 'public, max-age=31536000, immutable',
    /** The stable key changes with each release: caches must ask again (Moodle re-fetches it). */
    latest: 'no-cache',
    /** Media keys are content-hashed: immutable. */
    media: 'public, max-age=31536000, immutable',
  },
} as const;

const envRef = {
  type: 'string',
  pattern: ENV_REFERENCE.source,
  description: 'An environment variable reference such as ${AJAR_S3_SECRET}; literal secrets are refused.',
  'x-expected': 'env-reference',
} as const;

const seconds = (description: string, def: number) => ({ type: 'number', exclusiveMinimum: 0, maximum: 3600, default: def, description }) as const;

const retryProps = {
  retries: { type: 'integer', minimum: 0, maximum: 20, default: publishDefaults.retries },
  retry_delay_ms: { type: 'integer', minimum: 0, maximum: 600000, default: publishDefaults.retryDelayMs },
  connect_timeout: seconds('Seconds to establish a connection (TCP + TLS).', publishDefaults.connectTimeout),
  response_timeout: seconds('Seconds a sent request may wait for the answer to start.', publishDefaults.responseTimeout),
  idle_timeout: seconds('Seconds a transfer may go without a byte moving either way.', publishDefaults.idleTimeout),
} as const;

/** A target's request bounds in milliseconds. */
export function timeoutsOf(config: RetryConfig): { connectMs: number; responseMs: number; idleMs: number } {
  return {
    connectMs: (config.connectTimeout ?? publishDefaults.connectTimeout) * 1000,
    responseMs: (config.responseTimeout ?? publishDefaults.responseTimeout) * 1000,
    idleMs: (config.idleTimeout ?? publishDefaults.idleTimeout) * 1000,
  };
}

export const publishConfigSchema = {
  title: 'ajar publish',
  description: 'Where `ajar publish` sends packages and external media.',
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: {
    default: { type: 'string', description: 'Target used when --target is not given.' },
    state_file: { type: 'string', default: publishDefaults.stateFile },
    targets: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
      additionalProperties: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['tus', 's3'] } },
        // Errors come from the branch the target's `type` names, not from every branch.
        discriminator: { propertyName: 'type' },
        oneOf: [
          {
            additionalProperties: false,
            required: ['type', 'endpoint'],
            properties: {
              type: { const: 'tus' },
              endpoint: { type: 'string', pattern: '^https?://', 'x-expected': 'http-url' },
              credentials: { type: 'object', additionalProperties: false, properties: { token: envRef } },
              token_header: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
              chunk_size: { type: 'integer', minimum: 65536, default: publishDefaults.tusChunkSize },
              lookup: { type: 'string', pattern: '^https?://.*\\{sha256\\}' },
              verify_unchanged: { enum: ['download', 'lookup', 'none'] },
              ...retryProps,
            },
          },
          {
            additionalProperties: false,
            required: ['type', 'bucket'],
            properties: {
              type: { const: 's3' },
              endpoint: { type: 'string', pattern: '^https?://', 'x-expected': 'http-url' },
              bucket: { type: 'string', minLength: 3, maxLength: 63 },
              prefix: { type: 'string', default: publishDefaults.prefix },
              region: { type: 'string', default: publishDefaults.region },
              force_path_style: { type: 'boolean' },
              credentials: {
                type: 'object',
                additionalProperties: false,
                properties: { access_key_id: envRef, secret_access_key: envRef, session_token: envRef },
              },
              public_url: { type: 'string', pattern: '^https?://', 'x-expected': 'http-url' },
              part_size: { type: 'integer', minimum: 5 * 1024 * 1024, default: publishDefaults.s3PartSize },
              media: { type: 'boolean', default: true },
              ...retryProps,
            },
          },
        ],
      },
    },
  },
} as const;

/** The credential fields of a target, as dotted paths under the target. */
export const SECRET_FIELDS = ['credentials.token', 'credentials.access_key_id', 'credentials.secret_access_key', 'credentials.session_token'] as const;

export type Locate = (path: readonly (string | number)[]) => Position | undefined;

/**
 * Literal secrets in the raw (not yet interpolated) `publish:` section. Run it before `${VAR}`
 * interpolation: afterwards every reference looks like a literal. The diagnostic names the key, never the value.
 */
export function findLiteralSecrets(rawPublish: unknown, options: { file?: string; locate?: Locate } = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const targets = (rawPublish as { targets?: unknown } | undefined)?.targets;
  if (!targets || typeof targets !== 'object') return diagnostics;
  for (const [name, target] of Object.entries(targets as Record<string, unknown>)) {
    const credentials = (target as { credentials?: unknown } | null)?.credentials;
    if (!credentials || typeof credentials !== 'object') continue;
    for (const [field, value] of Object.entries(credentials as Record<string, unknown>)) {
      if (typeof value === 'string' && ENV_REFERENCE.test(value)) continue;
      if (value === undefined || value === null) continue;
      const path = ['publish', 'targets', name, 'credentials', field];
      const position = options.locate?.(path);
      diagnostics.push(
        rules['publish-literal-secret']({
          ...(options.file ? { file: options.file } : {}),
          ...(position ? { position } : {}),
          data: { key: path.join('.'), field, suggestion: suggestedVariable(name, field) },
        }),
      );
    }
  }
  return diagnostics;
}

function suggestedVariable(target: string, field: string): string {
  const t = target.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const f = field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return `AJAR_${t}_${f}`;
}
