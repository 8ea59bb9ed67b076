// The `publish:` section of the ajar.yaml the config stage read (one loader, one parse: literal secrets,
// `${ENV}` interpolation and the schema are the config stage's), checked for what only publish knows
// (URLs that must parse, unset variables the targets need), and credentials resolved from the environment.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import { ENV_REFERENCE, type PublishConfig, type PublishTargetConfig } from './config-schema.js';
import { rules, type configProblems } from './rules.js';

type ConfigProblem = keyof typeof configProblems;

type Locate = (path: readonly (string | number)[], key?: boolean) => Position | undefined;

/** What publish needs of the config stage's result (src/config/load.ts `ConfigResult`). */
export interface ReadConfig {
  readonly config: {
    /** Whether the file exists. */
    readonly present: boolean;
    /** The section as read: `${ENV}` interpolated, credentials as written. */
    readonly publish: Readonly<Record<string, unknown>>;
    readonly locate: Locate;
    readonly missingEnv: readonly { readonly name: string; readonly path: readonly (string | number)[]; readonly position?: Position }[];
  };
  readonly diagnostics: readonly Diagnostic[];
}

export interface LoadedPublishConfig {
  config?: PublishConfig;
  /** Where a key of ajar.yaml is (path from the document root), for messages found later (an unset variable). */
  locate?: (path: readonly (string | number)[]) => Position | undefined;
  /** ajar.yaml as the user names it. */
  file?: string;
  /** Folder of ajar.yaml: the state file is relative to it. */
  dir: string;
  diagnostics: Diagnostic[];
}

/**
 * The publish configuration from the config stage's reading of `file` (named `file` in messages; `dir`
 * is its folder). Findings of the config stage about the file's syntax or the `publish:` section stop
 * publish; findings about other sections are the business of the commands that use them.
 */
export function publishConfigFrom(read: ReadConfig, where: { file: string; dir: string }): LoadedPublishConfig {
  const { file, dir } = where;
  const { config } = read;
  const section = config.publish;
  if (!config.present || !section || Object.keys(section).length === 0) return { dir, diagnostics: [rules['publish-no-config']({ data: { file } })] };
  const aboutPublish = read.diagnostics
    .filter((d) => d.ruleId === 'config-yaml-syntax' || String(d.data?.key ?? '').split('.')[0] === 'publish')
    .map((d) => ({ ...d, file }));
  if (aboutPublish.some((d) => d.severity === 'error')) return { dir, diagnostics: aboutPublish };
  // A `${VAR}` outside credentials is interpolated by the config stage; unset, the target cannot work.
  const unset = config.missingEnv
    .filter((m) => m.path[0] === 'publish')
    .map((m) =>
      rules['publish-missing-secret']({ file, ...(m.position ? { position: m.position } : {}), data: { variable: m.name, key: m.path.join('.'), target: String(m.path[2] ?? '') } }),
    );
  if (unset.length > 0) return { dir, diagnostics: unset };
  const badUrls = findBadUrls(section, file, (p) => config.locate(p));
  if (badUrls.length > 0) return { dir, diagnostics: badUrls };
  return { config: camelKeys(section) as PublishConfig, dir, diagnostics: aboutPublish, locate: (p) => config.locate(p), file };
}

const URL_KEYS = ['endpoint', 'lookup', 'public_url'] as const;

/**
 * Every URL of a target must parse before anything is sent: `http://host:99999/` or a space in a host
 * name is a configuration error at its line (exit 2), not a failed request later.
 */
function findBadUrls(raw: unknown, file: string, locate: (path: readonly (string | number)[]) => Position | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const targets = (raw as { targets?: Record<string, Record<string, unknown>> }).targets ?? {};
  for (const [name, target] of Object.entries(targets)) {
    if (target?.verify_unchanged === 'lookup' && typeof target.lookup !== 'string') {
      const keyPath = ['publish', 'targets', name, 'verify_unchanged'];
      const position = locate(keyPath);
      out.push(rules['publish-config-invalid']({ file, ...(position ? { position } : {}), data: { key: keyPath.join('.'), problem: 'lookup-needs-url' } }));
    }
    for (const key of URL_KEYS) {
      const value = target?.[key];
      if (typeof value !== 'string') continue;
      const problem = urlProblem(value.replace('{sha256}', '0'.repeat(64)));
      if (!problem) continue;
      const keyPath = ['publish', 'targets', name, key];
      const position = locate(keyPath);
      out.push(rules['publish-config-invalid']({ file, ...(position ? { position } : {}), data: { key: keyPath.join('.'), ...problem } }));
    }
  }
  return out;
}

/** What is wrong with a URL, as a code of rules.ts `configProblems` and the value it names. */
function urlProblem(value: string): { problem: ConfigProblem; port?: number; value?: string } | undefined {
  const port = /^[a-z]+:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(value)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return { problem: 'port-out-of-range', port: Number(port) };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: /\s/.test(value) ? 'space-in-url' : 'not-a-url', value };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'not-http', value };
  if (!url.hostname) return { problem: 'no-host', value };
  return undefined;
}

/** ajar.yaml keys are snake_case like the rest of the file; the code reads camelCase. Target names stay as written. */
export function camelKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => camelKeys(v, depth + 1));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [isTargetName(depth) ? k : k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camelKeys(v, depth + 1)]),
  );
}

// publish → targets → <name>: the names under `targets` (depth 1) are the user's own.
function isTargetName(depth: number): boolean {
  return depth === 1;
}

export interface ResolvedCredentials {
  /** Field → value (secret). */
  values: Record<string, string>;
  /** Every secret value, for redaction. */
  secrets: string[];
  /** The environment variables the credentials came from (named in error messages instead of values). */
  variables: string[];
  diagnostics: Diagnostic[];
}

/**
 * Credentials of one target from the environment. A field still written as `${VAR}` is looked up in
 * `env`; a field that a config loader already interpolated is taken as it is (and still redacted).
 */
export function resolveCredentials(
  name: string,
  target: PublishTargetConfig,
  env: Readonly<Record<string, string | undefined>>,
  where: { file?: string; locate?: (path: readonly (string | number)[]) => Position | undefined } = {},
): ResolvedCredentials {
  const out: ResolvedCredentials = { values: {}, secrets: [], variables: [], diagnostics: [] };
  for (const [field, ref] of Object.entries(target.credentials ?? {})) {
    if (typeof ref !== 'string') continue;
    const match = ENV_REFERENCE.exec(ref);
    if (!match) {
      out.values[field] = ref;
      out.secrets.push(ref);
      continue;
    }
    const variable = match[1]!;
    out.variables.push(variable);
    const value = env[variable];
    if (value === undefined || value === '') {
      // Named as written in ajar.yaml (snake_case), at its line.
      const key = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const position = where.locate?.(['publish', 'targets', name, 'credentials', key]);
      out.diagnostics.push(
        rules['publish-missing-secret']({
          ...(where.file ? { file: where.file } : {}),
          ...(position ? { position } : {}),
          data: { variable, key: `publish.targets.${name}.credentials.${key}`, target: name },
        }),
      );
      continue;
    }
    out.values[field] = value;
    out.secrets.push(value);
  }
  // Without credentials in the config the AWS SDK reads its usual variables: redact those too.
  if (target.type === 's3' && !target.credentials) {
    for (const variable of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      const value = env[variable];
      if (value) out.secrets.push(value);
    }
    out.variables.push('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY');
  }
  return out;
}
