// The config stage's face: ajar.yaml read, validated and interpolated, rule severities applied, and the
// JSON Schemas `ajar schema` writes. Later stages, the pipeline and the CLI import this file only.

export { CONFIG_FILE, ajarYamlSchema, defaultConfig, loadConfig, parseConfig, readConfigFile, applyRuleSettings } from './load.js';
export type { AjarConfig, ConfigResult, MissingEnv } from './load.js';
export { buildDefaults, buildConfigSchema, ruleSettingSchema } from './schema.js';
export type { BuildConfig, PackageFormat, RuleSetting } from './schema.js';
export { schemas } from './all-schemas.js';
export { lmsChoices, lmsProfiles, type LmsProfile, type LmsChoices } from './lms.js';
