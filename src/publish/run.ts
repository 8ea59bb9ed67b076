// The publish step: artifacts → verify → per target: inspect → plan → apply → report.
// Only this file and the targets touch the network; everything it decides is in the report it returns.

import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { Position } from '../core/model/course.js';
import type { MediaIndex } from '../core/model/media.js';
import { builtArtifact, mediaArtifacts, packageArtifact, parsePackageName, type Artifact, type BuiltPackage, type PackageArtifact } from './artifacts.js';
import { resolveCredentials } from './config.js';
import { publishDefaults, type PublishConfig } from './config-schema.js';
import { bytesToSend, planPublish, type Action, type ActionKind, type ContentCheck, type Destination, type DestinationRole } from './plan.js';
import { silentProgress, type Progress } from './progress.js';
import { noAnswer } from './retry.js';
import { rules } from './rules.js';
import { PublishState } from './state.js';
import { PublishFailure, type PublishTarget } from './target.js';
import { verifyBeforeSending, type VerifyPackage } from './verify.js';

export interface OpenedTargets {
  targets: PublishTarget[];
  /** Secret values of the chosen targets: the caller redacts them from everything it prints. */
  secrets: string[];
  /** Configuration problems (exit 2). */
  diagnostics: Diagnostic[];
  /** Environment variables holding each target's credentials, named in auth errors. */
  variables: Map<string, string[]>;
  state?: PublishState;
}

/** Chooses targets by name (or the default), resolves credentials from env and opens the state file. */
export async function openTargets(options: {
  config: PublishConfig;
  configDir: string;
  names: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** ajar.yaml and its locator, so an unset variable is reported at its line. */
  file?: string;
  locate?: (path: readonly (string | number)[]) => Position | undefined;
}): Promise<OpenedTargets> {
  const { config, env } = options;
  const known = Object.keys(config.targets);
  const out: OpenedTargets = { targets: [], secrets: [], diagnostics: [], variables: new Map() };
  let names = [...options.names];
  if (names.length === 0) {
    if (config.default) names = [config.default];
    else if (known.length === 1) names = known;
    else {
      out.diagnostics.push(rules['publish-choose-target']({ data: { known: known.join(', ') } }));
      return out;
    }
  }
  const stateFile = path.resolve(options.configDir, config.stateFile ?? publishDefaults.stateFile);
  const loaded = await PublishState.load(stateFile);
  out.state = loaded.state;
  if (loaded.unreadable) out.diagnostics.push(rules['publish-state-unreadable']({ data: { target: stateFile } }));
  for (const name of names) {
    const target = config.targets[name];
    if (!target) {
      out.diagnostics.push(rules['publish-unknown-target']({ data: { target: name, known: known.join(', ') } }));
      continue;
    }
    const credentials = resolveCredentials(name, target, env, { ...(options.file ? { file: options.file } : {}), ...(options.locate ? { locate: options.locate } : {}) });
    out.secrets.push(...credentials.secrets);
    out.diagnostics.push(...credentials.diagnostics);
    out.variables.set(name, credentials.variables);
    if (credentials.diagnostics.length > 0) continue;
    // Each target's client library is loaded only when a target of that type is used (the AWS SDK alone
    // takes a quarter of a second to load).
    if (target.type === 'tus') {
      const { TusTarget } = await import('./targets/tus.js');
      const token = credentials.values.token;
      out.targets.push(new TusTarget({ name, config: target, state: loaded.state, ...(token ? { token } : {}) }));
    } else {
      const { S3Target } = await import('./targets/s3.js');
      out.targets.push(new S3Target({ name, config: target, credentials: credentials.values }));
    }
  }
  return out;
}

export interface PackageInput {
  /** Absolute path. */
  file: string;
  /** As the user wrote it. */
  label: string;
  /** Set when `ajar build` wrote the package in this run: it was verified and hashed there, and is taken as it is. */
  built?: BuiltPackage;
}

export interface PublishRequest {
  packages: readonly PackageInput[];
  /** External media of the course, when it hosts media outside the packages. */
  media?: { courseId: string; index: MediaIndex };
  targets: readonly PublishTarget[];
  state?: PublishState;
  variables?: ReadonlyMap<string, readonly string[]>;
  dryRun?: boolean;
  force?: boolean;
  verify?: VerifyPackage;
  progress?: Progress;
  /** Ctrl-C: the transfer under way is stopped (a tus upload stays resumable), nothing further starts. */
  signal?: AbortSignal;
}

export type ActionStatus = 'planned' | 'done' | 'unchanged' | 'kept' | 'refused' | 'failed' | 'interrupted' | 'not-attempted';

export interface ActionReport {
  action: ActionKind;
  status: ActionStatus;
  role: DestinationRole;
  file: string;
  destination: string;
  sha256: string;
  size: number;
  /** Bytes sent by this run (0 for unchanged files and server-side copies). */
  sentBytes: number;
  /** Bytes already on the server before a resume. */
  resumedFrom?: number;
  /** unchanged, or done: what the target's copy was checked by (see ContentCheck in plan.ts). */
  checked?: ContentCheck;
  url?: string;
}

export interface TargetReport {
  name: string;
  type: string;
  actions: ActionReport[];
}

export interface PublishReport {
  dryRun: boolean;
  targets: TargetReport[];
  diagnostics: Diagnostic[];
  /** Bytes the plan sends over the network (uploads and resumes, all targets); `--dry-run` shows this plan. */
  plannedBytes: number;
  sentBytes: number;
  /** Stopped by Ctrl-C / SIGTERM before everything was done. */
  interrupted: boolean;
  /** 0 everything sent or already there; 1 a package failed verification, was refused or failed to send; 2 a package name publish cannot identify (nothing sent); 130 interrupted. */
  exitCode: 0 | 1 | 2 | 130;
}

/** Read and verify → one plan over every target → one writer applies it → the report. */
export async function publish(request: PublishRequest): Promise<PublishReport> {
  const dryRun = Boolean(request.dryRun);
  const read = await readPackages(request.packages, request.verify ?? verifyBeforeSending);
  // A package publish cannot identify stops the run before any target is touched: a usage problem (exit 2).
  if (read.unnamed > 0) return { dryRun, targets: [], diagnostics: read.diagnostics, plannedBytes: 0, sentBytes: 0, interrupted: false, exitCode: 2 };
  const artifacts: Artifact[] = [...read.packages];
  if (request.media) artifacts.push(...(await mediaArtifacts(request.media.courseId, request.media.index)));

  // One plan for the whole run: every target is inspected and planned before anything is sent anywhere,
  // so a refused credential or a missing bucket on the last target is known before the first byte leaves.
  const plan = await planRun(artifacts, request.targets, { force: Boolean(request.force), ...(request.signal ? { signal: request.signal } : {}) });
  const diagnostics = [...read.diagnostics, ...uninspected(plan, request.variables), ...plan.diagnostics];

  // Then one writer applies it, target by target, action by action.
  const applied = await applyPlan(plan, request);
  diagnostics.push(...applied.diagnostics);
  const interrupted = Boolean(request.signal?.aborted);
  return {
    dryRun,
    targets: applied.reports,
    diagnostics,
    plannedBytes: plan.bytes,
    sentBytes: applied.sentBytes,
    interrupted,
    exitCode: interrupted ? 130 : hasErrors(diagnostics) ? 1 : 0,
  };
}

/**
 * The packages to send: a package the build wrote in this run is taken as it is; any other is named by
 * its file name, verified and hashed. `unnamed` counts those whose name publish cannot read.
 */
async function readPackages(inputs: readonly PackageInput[], verify: VerifyPackage): Promise<{ packages: PackageArtifact[]; diagnostics: Diagnostic[]; unnamed: number }> {
  const out = { packages: [] as PackageArtifact[], diagnostics: [] as Diagnostic[], unnamed: 0 };
  for (const input of inputs) {
    if (input.built) {
      out.packages.push(builtArtifact(input.file, input.label, input.built));
      continue;
    }
    const name = parsePackageName(input.file);
    if (!name) {
      out.diagnostics.push(rules['publish-bad-package-name']({ file: input.label, data: { target: input.label } }));
      out.unnamed++;
      continue;
    }
    // Verifying reads the manifest; hashing reads every byte: both at once.
    const [found, artifact] = await Promise.all([verify(input.file, input.label), packageArtifact(input.file, input.label, name)]);
    const errors = found.filter((d) => d.severity === 'error');
    out.diagnostics.push(...found);
    if (errors.length > 0) {
      out.diagnostics.push(rules['publish-verify-failed']({ file: input.label, data: { target: input.label, count: errors.length } }));
      continue;
    }
    out.packages.push(artifact);
  }
  return out;
}

/** Why each target the plan could not inspect is left out (a refused credential, a missing bucket, no answer). */
function uninspected(plan: RunPlan, variables: PublishRequest['variables']): Diagnostic[] {
  return plan.targets
    .filter((p) => p.error !== undefined)
    .map((failed) => failureDiagnostic(failed.error, failed.target, variables?.get(failed.target.name) ?? [], failed.target.location));
}

/** The one writer: every target's actions in plan order; what each did, the bytes sent, and what went wrong. */
async function applyPlan(plan: RunPlan, request: PublishRequest): Promise<{ reports: TargetReport[]; sentBytes: number; diagnostics: Diagnostic[] }> {
  const out = { reports: [] as TargetReport[], sentBytes: 0, diagnostics: [] as Diagnostic[] };
  for (const { target, actions } of plan.targets) {
    const report: TargetReport = { name: target.name, type: target.type, actions: [] };
    out.reports.push(report);
    if (!actions) continue;
    out.sentBytes += await applyTarget(target, actions, report, out.diagnostics, request);
    target.close();
  }
  return out;
}

/**
 * One target's actions, in order, into `report` and `diagnostics`; returns the bytes sent. After a failure
 * that fails every later transfer the same way, the rest is not attempted; a stable key whose release was
 * not written is left as it is.
 */
async function applyTarget(target: PublishTarget, actions: readonly Action[], report: TargetReport, diagnostics: Diagnostic[], request: PublishRequest): Promise<number> {
  let sentBytes = 0;
  let stopped = false;
  // Releases not written in this run: their stable key is not touched.
  const notWritten = new Set<string>();
  for (const action of actions) {
    const entry = actionEntry(action);
    report.actions.push(entry);
    if (settledByPlan(action, entry, target, diagnostics)) continue;
    const { destination } = action;
    if (destination.copyOf && notWritten.has(destination.copyOf)) {
      entry.status = 'not-attempted';
      continue;
    }
    if (request.dryRun) continue;
    if (stopped || request.signal?.aborted) {
      entry.status = 'not-attempted';
      continue;
    }
    const result = await transfer(target, action, entry, request);
    sentBytes += entry.sentBytes;
    diagnostics.push(...result.diagnostics);
    if (!result.written) notWritten.add(destination.id);
    if (result.stop) stopped = true;
  }
  return sentBytes;
}

/** The report line of an action before it is carried out (status `planned`). */
function actionEntry(action: Action): ActionReport {
  const { destination } = action;
  return {
    action: action.kind,
    status: 'planned',
    role: destination.role,
    file: destination.artifact.label,
    destination: destination.display,
    sha256: destination.artifact.sha256,
    size: destination.artifact.size,
    sentBytes: 0,
    ...(action.kind === 'resume' ? { resumedFrom: action.offset ?? 0 } : {}),
    ...(action.checked ? { checked: action.checked } : {}),
  };
}

/** Actions the plan already decided without a transfer (conflict, skip, keep); true when settled. */
function settledByPlan(action: Action, entry: ActionReport, target: PublishTarget, diagnostics: Diagnostic[]): boolean {
  const { destination } = action;
  if (action.kind === 'conflict') {
    entry.status = 'refused';
    diagnostics.push(versionConflict(destination, target.name));
    return true;
  }
  if (action.serverCopyDiffers) {
    diagnostics.push(rules['publish-server-copy-differs']({ file: destination.artifact.label, data: { target: target.name, destination: destination.display } }));
  }
  if (action.kind === 'skip') {
    entry.status = 'unchanged';
    if (action.unverified) diagnostics.push(cannotVerify(target, destination, action.unverified));
    return true;
  }
  if (action.kind === 'keep') {
    entry.status = 'kept';
    diagnostics.push(latestNewer(target, destination, action.newer ?? ''));
    return true;
  }
  return false;
}

interface TransferResult {
  diagnostics: Diagnostic[];
  /** The destination holds these bytes now (false: failed, refused or interrupted). */
  written: boolean;
  /** Later transfers to this target would fail the same way: do not attempt them. */
  stop: boolean;
}

/** Carries out one action on its target, recording its outcome in `entry`. */
async function transfer(target: PublishTarget, action: Action, entry: ActionReport, request: PublishRequest): Promise<TransferResult> {
  const { destination } = action;
  const progress = request.progress ?? silentProgress;
  progress.start(destination.artifact.label, destination.artifact.size);
  try {
    const outcome = await target.apply(action, {
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.force ? { force: true } : {}),
      progress: (sent) => progress.update(sent),
      remember: request.state
        ? (d, url, complete) => request.state!.set(target.name, d.id, { sha256: d.artifact.sha256, size: d.artifact.size, url, complete, ...target.stateBinding })
        : undefined,
    });
    entry.status = outcome.kept ? 'kept' : 'done';
    entry.sentBytes = outcome.sentBytes;
    if (outcome.checked) entry.checked = outcome.checked;
    if (outcome.url) entry.url = outcome.url;
    const found = [...(outcome.kept ? [latestNewer(target, destination, outcome.kept)] : []), ...(outcome.unverified ? [cannotVerify(target, destination, outcome.unverified)] : [])];
    return { diagnostics: found, written: true, stop: false };
  } catch (error) {
    if (request.signal?.aborted) {
      entry.status = 'interrupted';
      return { diagnostics: [], written: false, stop: true };
    }
    if (error instanceof PublishFailure && error.kind === 'conflict') {
      entry.status = 'refused';
      return { diagnostics: [versionConflict(destination, target.name)], written: false, stop: false };
    }
    entry.status = 'failed';
    // A resumable upload cut for good: what reached the server counts (the next run resumes after it).
    if (error instanceof PublishFailure && error.sentBytes > 0) entry.sentBytes = error.sentBytes;
    // A refused credential or an unreachable server fails every later transfer the same way.
    const stop = error instanceof PublishFailure && !['rejected', 'corrupt', 'changed-in-transit'].includes(error.kind);
    return { diagnostics: [failureDiagnostic(error, target, request.variables?.get(target.name) ?? [], destination.display, destination.artifact.label)], written: false, stop };
  } finally {
    progress.end();
  }
}

export interface PlannedTarget {
  target: PublishTarget;
  /** Undefined when the target could not be inspected (see `error`). */
  actions?: Action[];
  error?: unknown;
}

export interface RunPlan {
  targets: PlannedTarget[];
  /** Bytes that will cross the network. */
  bytes: number;
  diagnostics: Diagnostic[];
}

/** Every target: where each artifact goes, what is there (reads only), and the pure plan. Sends nothing. */
export async function planRun(artifacts: readonly Artifact[], targets: readonly PublishTarget[], options: { force: boolean; signal?: AbortSignal }): Promise<RunPlan> {
  const plan: RunPlan = { targets: [], bytes: 0, diagnostics: [] };
  for (const target of targets) {
    if (options.signal?.aborted) {
      plan.targets.push({ target, actions: [] });
      continue;
    }
    const destinations = artifacts.flatMap((a) => target.destinations(a));
    const mediaLeftOut = artifacts.filter((a) => a.kind === 'media' && target.destinations(a).length === 0).length;
    if (mediaLeftOut > 0 && target.type === 'tus') plan.diagnostics.push(rules['publish-media-unsupported']({ data: { target: target.name, count: mediaLeftOut } }));
    try {
      const actions = planPublish(destinations, await target.inspect(destinations, options.signal), { force: options.force });
      plan.targets.push({ target, actions });
      plan.bytes += bytesToSend(actions);
    } catch (error) {
      target.close();
      // Ctrl-C while inspecting: not a failure of the target; the run ends as interrupted.
      plan.targets.push(options.signal?.aborted ? { target, actions: [] } : { target, error });
    }
  }
  return plan;
}

function latestNewer(target: PublishTarget, destination: { display: string; artifact: Artifact }, newer: string): Diagnostic {
  const { artifact } = destination;
  return rules['publish-latest-newer']({
    file: artifact.label,
    data: { destination: destination.display, target: target.name, version: artifact.kind === 'package' ? artifact.version : '', newer },
  });
}

/**
 * A failure as a diagnostic: at the package (or media file) when one transfer failed, at no file when the
 * target itself could not be inspected. Data holds codes and numbers; the server's own words stay `detail`.
 */
function failureDiagnostic(error: unknown, target: PublishTarget, variables: readonly string[], destination: string, file?: string): Diagnostic {
  const at = file !== undefined ? { file } : {};
  if (!(error instanceof PublishFailure)) {
    return rules['publish-unreachable']({ ...at, data: { target: target.name, destination, attempts: 1, ...noAnswer(error) } });
  }
  if (error.kind === 'auth') {
    return rules['publish-auth-failed']({
      data: { target: target.name, status: error.status ?? 0, code: error.code ?? '', variables: variables.join(', '), where: target.location },
    });
  }
  if (error.kind === 'no-bucket') return rules['publish-no-bucket']({ data: { target: target.name, bucket: error.detail } });
  if (error.kind === 'corrupt') return rules['publish-server-copy-corrupt']({ ...at, data: { target: target.name, destination, checked: String(error.why ?? '') } });
  if (error.kind === 'changed-in-transit') {
    return rules['publish-changed-in-transit']({ ...at, data: { target: target.name, destination, status: error.status ?? 0, code: error.code ?? '' } });
  }
  if (error.code === 'QuotaExceeded') return rules['publish-quota-exceeded']({ ...at, data: { target: target.name, destination, where: target.location } });
  if (error.code === 'RequestTimeTooSkewed') return rules['publish-clock-skew']({ data: { target: target.name } });
  if (error.kind === 'rejected') {
    return rules['publish-rejected']({ ...at, data: { target: target.name, destination, status: error.status ?? 0, code: error.code ?? '', detail: error.detail } });
  }
  const answer = typeof error.why === 'object' ? error.why : noAnswer(error);
  return rules['publish-unreachable']({ ...at, data: { target: target.name, destination, attempts: error.attempts, ...answer } });
}

/** The target would not show its copy of a file: it counts by its size (and record) only, and the user is told. */
function cannotVerify(target: PublishTarget, destination: Destination, status: number): Diagnostic {
  return rules['publish-cannot-verify']({ file: destination.artifact.label, data: { target: target.name, destination: destination.display, status } });
}

/** Another version already holds the destination (found by the plan, or by the server while applying). */
function versionConflict(destination: Destination, target: string): Diagnostic {
  const artifact = destination.artifact;
  return rules['publish-version-conflict']({
    file: artifact.label,
    data: { destination: destination.display, target, version: artifact.kind === 'package' ? artifact.version : artifact.sha256.slice(0, 12) },
  });
}
