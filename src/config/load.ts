// ajar.yaml: optional. Schema first (located diagnostics), then `${ENV}` interpolation, then normalisation.
// Returns a result, never throws for bad input.

import { readFile } from 'node:fs/promises';
import { yamlProblemCode } from '../source/yaml-problem.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import type { CourseFs } from '../source/files.js';
import { validateAgainst, closest } from '../source/schema-check.js';
import { rules as loadRules } from '../load/rules.js';
import { rules as sourceRules } from '../source/rules.js';
import { rules } from './rules.js';
import { buildDefaults, configSchema, type BuildConfig, type RuleSetting } from './schema.js';
import { getRule, allRules } from '../diagnostics/catalog.js';
import { configSections } from './sections.js';
import { findLiteralSecrets } from '../publish/config-schema.js';
import { parseYaml } from '../util/yaml.js';

export const CONFIG_FILE = 'ajar.yaml';

let compiledSchema: object | undefined;
/** Built once: ajv compiles a schema per object and refuses a second one with the same $id. */
export function ajarYamlSchema(): object {
  return (compiledSchema ??= configSchema(configSections));
}

export interface AjarConfig {
  build: BuildConfig;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  /** Raw (interpolated) sections owned by other stages, validated against their schemas. */
  media: Record<string, unknown>;
  publish: Record<string, unknown>;
  /** Where each value came from, for later stages' diagnostics. */
  locate(path: readonly (string | number)[]): Position | undefined;
  /** Whether the file exists. */
  present: boolean;
  /** `${VAR}` references whose variable is unset (reported by the stage that needs the value). */
  missingEnv: MissingEnv[];
}

export interface ConfigResult {
  config: AjarConfig;
  diagnostics: Diagnostic[];
}

export function defaultConfig(): AjarConfig {
  return { build: { ...buildDefaults }, rules: {}, ignore: [], media: {}, publish: {}, locate: () => undefined, present: false, missingEnv: [] };
}

export async function loadConfig(fs: CourseFs, env: Readonly<Record<string, string | undefined>>): Promise<ConfigResult> {
  const read = await fs.read(CONFIG_FILE);
  if (!read.ok) {
    if (read.reason === 'encoding') return { config: defaultConfig(), diagnostics: [loadRules['not-utf8']({ file: CONFIG_FILE })] };
    return { config: defaultConfig(), diagnostics: [] };
  }
  return parseConfig(read.file.text, env);
}

/** A config file named by its path (`ajar.yaml`, or another with `--config`); `present: false` when there is none. */
export async function readConfigFile(file: string, env: Readonly<Record<string, string | undefined>>): Promise<ConfigResult> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? { config: defaultConfig(), diagnostics: [] } : parseConfig(text, env);
}

export function parseConfig(text: string, env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const { doc, point: pos, errorPosition, locate } = parseYaml(text);
  const diagnostics: Diagnostic[] = [];
  const config = defaultConfig();
  config.present = true;
  config.locate = locate;

  if (doc.errors.length) {
    const e = doc.errors[0]!;
    diagnostics.push(
      rules['config-yaml-syntax']({ file: 'ajar.yaml', position: errorPosition(e), data: { code: yamlProblemCode(e.code, text.split('\n')[pos(e.pos[0]).line - 1] ?? ''), detail: e.message.split('\n')[0]! } }),
    );
    return { config, diagnostics };
  }
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    diagnostics.push(sourceRules['invalid-value']({ file: 'ajar.yaml', position: { start: { line: 1, column: 1 } }, data: { key: 'ajar.yaml', expected: 'type', types: 'object' } }));
    return { config, diagnostics };
  }
  // A secret written into the file gets the publish stage's own message (it names the key, never the value).
  const secrets = findLiteralSecrets(raw.publish, { file: 'ajar.yaml', locate: (p) => locate(p) });
  const secretKeys = new Set(secrets.map((d) => d.data?.key));

  // ${VAR} and ${VAR:-default}; a missing variable is reported only where the value is used (publish).
  // Credentials stay as written: the publish stage resolves them when it connects, so they never sit in the config.
  const missing: { name: string; path: (string | number)[] }[] = [];
  const interpolated = interpolate(raw, env, [], (name, path) => missing.push({ name, path })) as Record<string, any>;
  config.missingEnv = missing.map((m) => ({ ...m, position: locate(m.path) }));
  const missingKeys = new Set(missing.map((m) => m.path.join('.')));

  // The schema judges the values the command will use, after interpolation. A value whose variable is not
  // set is judged where it is used; a key that is wrong is wrong whatever its value (`ajar check` in CI,
  // where the publish secrets are not set, must still see a misplaced `token:`).
  const schemaErrors = validateAgainst(ajarYamlSchema(), interpolated, 'ajar.yaml', locate).filter(
    (d) => !secretKeys.has(d.data?.key) && (d.ruleId === 'unknown-key' || !missingKeys.has(String(d.data?.key))),
  );
  diagnostics.push(...secrets, ...schemaErrors);

  const b = (interpolated.build ?? {}) as Record<string, any>;
  config.build = {
    outDir: typeof b.out_dir === 'string' ? b.out_dir : buildDefaults.outDir,
    formats: Array.isArray(b.formats) ? b.formats : buildDefaults.formats,
    media: b.media === 'external' ? 'external' : 'embed',
    ...(typeof b.media_base_url === 'string' ? { mediaBaseUrl: b.media_base_url } : {}),
    embedRungs: b.embed_rungs === 'all' ? 'all' : Array.isArray(b.embed_rungs) ? b.embed_rungs.filter((h: unknown) => Number.isInteger(h)) : buildDefaults.embedRungs,
    pricePerGb: typeof b.price_per_gb === 'number' && b.price_per_gb >= 0 ? b.price_per_gb : buildDefaults.pricePerGb,
    currency: typeof b.currency === 'string' && b.currency ? b.currency : buildDefaults.currency,
    cmi5Au: b.cmi5_au === 'module' ? 'module' : 'course',
    lms: b.lms === 'moodle' ? 'moodle' : 'generic',
  };
  config.ignore = Array.isArray(interpolated.ignore) ? interpolated.ignore.filter((x: unknown) => typeof x === 'string') : [];
  config.media = (interpolated.media as Record<string, unknown>) ?? {};
  config.publish = (interpolated.publish as Record<string, unknown>) ?? {};
  const severities = new Set(['off', 'info', 'warning', 'error']);
  for (const [id, setting] of Object.entries((interpolated.rules ?? {}) as Record<string, RuleSetting>)) {
    const rule = getRule(id);
    if (rule && rule.configurable === false) {
      diagnostics.push(rules['rule-not-configurable']({ file: 'ajar.yaml', position: locate(['rules', id], true), data: { rule: id } }));
      continue;
    }
    if (!severities.has(setting)) continue; // reported by the schema
    if (!rule) {
      diagnostics.push(
        rules['unknown-rule']({ file: 'ajar.yaml', position: locate(['rules', id], true), data: { rule: id, suggestion: closest(id, allRules().map((r) => r.id)) ?? '' } }),
      );
      continue;
    }
    config.rules[id] = setting;
  }
  return { config, diagnostics };
}

export interface MissingEnv {
  name: string;
  path: (string | number)[];
  position?: Position;
}

function interpolate(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: (string | number)[],
  onMissing: (name: string, path: (string | number)[]) => void,
): unknown {
  if (path[0] === 'publish' && path[4] === undefined && path[3] === 'credentials') return value;
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      onMissing(name, path);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i], onMissing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k], onMissing)]));
  }
  return value;
}

/** Severity of a diagnostic after the course's `rules:` settings; undefined when turned off. */
export function applyRuleSettings(diagnostics: readonly Diagnostic[], settings: Record<string, RuleSetting>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const s = getRule(d.ruleId)?.configurable === false ? undefined : settings[d.ruleId];
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  return out;
}
