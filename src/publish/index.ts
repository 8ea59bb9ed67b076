// The publish stage's public face, for the pipeline and the CLI.
export { publish, openTargets, type PublishRequest, type PublishReport, type ActionReport, type TargetReport, type PackageInput } from './run.js';
export { planPublish, type Action, type Destination, type RemoteObject, type RemoteState } from './plan.js';
export type { PublishTarget, ApplyHooks, ActionOutcome } from './target.js';
export { mediaObjectKey, releaseObjectKey, latestObjectKey } from './targets/s3.js';
export { parsePackageName, type Artifact, type PackageArtifact, type MediaArtifact } from './artifacts.js';
export { publishConfigSchema, publishDefaults, findLiteralSecrets, type PublishConfig, type PublishTargetConfig } from './config-schema.js';
export { publishConfigFrom, resolveCredentials, type LoadedPublishConfig, type ReadConfig } from './config.js';
export { ttyProgress, silentProgress, type Progress } from './progress.js';

export { reportJson, reportPretty } from './report.js';
