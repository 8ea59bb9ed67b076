// The stage list, once: load → check → media → render → package → verify. Every command runs a prefix or a
// selection of it (COMMANDS below): `ajar check` load+check, `ajar media` …+media, `ajar build` all of it,
// `ajar preview` a course in memory (no media, nothing written), and `ajar publish <course>` takes build's
// result as it is (formats, files, sizes, hashes, verification) instead of re-reading the zips.
// Data flows one way; each stage returns diagnostics as values, `rules:` severities of ajar.yaml apply to every
// one of them, and the run stops after the first stage with errors, so nothing is written for a course that
// is not right.

import { existsSync } from 'node:fs';
import { readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import type { Course } from './core/model/course.js';
import type { MediaIndex } from './core/model/media.js';
import { loadCourse, type LoadResult } from './load/index.js';
import { checkCourse } from './check/index.js';
import { applyRuleSettings, lmsChoices } from './config/index.js';
import type { PackageFormat, PackagePlan, PackageResult } from './package/index.js';
import { rules } from './package/rules.js';
import type { MediaEvent, QueueOptions } from './media/index.js';
import { buildCacheDir, codeFingerprint, noCache, openBuildCache, sha256, type BuildCache, type CacheCounts } from './fs/cache.js';
import type { LearnerDownload } from './render/index.js';

export const STAGES = ['load', 'check', 'media', 'render', 'package', 'verify'] as const;
export type Stage = (typeof STAGES)[number];

/** What each command runs, in stage order. */
export const COMMANDS = {
  check: ['load', 'check'],
  media: ['load', 'check', 'media'],
  build: ['load', 'check', 'media', 'render', 'package', 'verify'],
  /** In memory: sources as they are, packages planned (the same builders as build) but never written. */
  preview: ['load', 'check', 'render', 'package'],
} as const satisfies Record<string, readonly Stage[]>;

export interface PipelineRequest {
  /** Absolute course folder. */
  readonly dir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Default: ajar.yaml `build.formats`. */
  readonly formats?: readonly string[];
  /** Absolute output folder; default: ajar.yaml `build.out_dir` inside the course folder. */
  readonly outDir?: string;
  /** false: package the course without transcoding (source media are copied as they are). */
  readonly media?: boolean;
  /** The media stage's own settings (`ajar media --cache-dir/--concurrency/--queue`). */
  readonly mediaOptions?: { readonly cacheDir?: string; readonly concurrency?: number; readonly queue?: QueueOptions };
  readonly onMedia?: (event: MediaEvent) => void;
  readonly signal?: AbortSignal;
  /** Render the player's debug hooks (preview only: never in a package that is written). */
  readonly debug?: boolean;
  /**
   * The build cache in `<course>/.ajar/cache/build` (default true): each source's load result is reused
   * while its text, settings and ajar are unchanged. false (`--no-cache`): everything is made again and
   * nothing is written to the cache.
   */
  readonly cache?: boolean;
  /** Worker threads for parsing: false never; a number, the fewest files to parse that start them (default: automatic). */
  readonly workers?: number | false;
}

export interface PipelineResult {
  readonly loaded: LoadResult;
  readonly course?: Course;
  readonly diagnostics: readonly Diagnostic[];
  /** The stage whose errors stopped the run, if one did. */
  readonly stoppedAt?: Stage;
  /** What the media stage did. */
  readonly media: 'transcoded' | 'none' | 'skipped' | 'no-ffmpeg';
  /** The renditions the media stage made: publish uploads them when media are hosted externally. */
  readonly mediaIndex?: MediaIndex;
  /** Transcodes made and taken from the cache by this run's media stage. */
  readonly mediaCounts?: { readonly made: number; readonly cached: number };
  /** Planned packages (entries in memory), in format order: preview only (a build writes each format and drops its plan). */
  readonly plans: readonly PackagePlan[];
  /** Written packages (build only): path, size and sha256, verified. */
  readonly packages: readonly PackageResult[];
  /** Source files taken from the build cache and made again (absent with `cache: false`). */
  readonly cache?: CacheCounts;
  /** What a learner downloads to complete the course on the lowest settings (the first format's site). */
  readonly learner?: LearnerDownload;
}

/** load + check. */
export function check(request: PipelineRequest): Promise<PipelineResult> {
  return runStages(request, COMMANDS.check);
}

/** load + check + media: a missing ffmpeg stops the command (AjarError) instead of degrading as build does. */
export function media(request: PipelineRequest): Promise<PipelineResult> {
  return runStages(request, COMMANDS.media);
}

/** Everything: verified packages written to the output folder. */
export function build(request: PipelineRequest): Promise<PipelineResult> {
  return runStages(request, COMMANDS.build);
}

/** load + check + render + package, in memory: what preview serves for one format. */
export function plan(request: PipelineRequest): Promise<PipelineResult> {
  return runStages(request, COMMANDS.preview);
}

/** A run in progress: what it has found and made so far. */
interface Run {
  readonly request: PipelineRequest;
  readonly loaded: LoadResult;
  readonly cache: BuildCache;
  readonly diagnostics: Diagnostic[];
  media: PipelineResult['media'];
  mediaIndex?: MediaIndex;
  mediaCounts?: PipelineResult['mediaCounts'];
  readonly plans: PackagePlan[];
  readonly packages: PackageResult[];
  learner?: LearnerDownload;
}

/** Adds a stage's findings with ajar.yaml's `rules:` severities; true when the run must stop. */
function add(run: Run, found: readonly Diagnostic[]): boolean {
  run.diagnostics.push(...applyRuleSettings(found, run.loaded.config.rules));
  return hasErrors(run.diagnostics);
}

function resultOf(run: Run, stoppedAt?: Stage): PipelineResult {
  const course = run.loaded.course;
  return {
    loaded: run.loaded,
    ...(course ? { course } : {}),
    diagnostics: run.diagnostics,
    ...(stoppedAt ? { stoppedAt } : {}),
    media: run.media,
    ...(run.mediaIndex ? { mediaIndex: run.mediaIndex } : {}),
    ...(run.mediaCounts ? { mediaCounts: run.mediaCounts } : {}),
    plans: run.plans,
    packages: run.packages,
    ...(run.request.cache === false ? {} : { cache: { ...run.cache.counts } }),
    ...(run.learner ? { learner: run.learner } : {}),
  };
}

/** Ctrl+C (the CLI aborts `signal`): stop between steps; what was staged is removed, exit 130. */
function stopIfAborted(request: PipelineRequest): void {
  request.signal?.throwIfAborted();
}

/** Runs the given stages in order, stopping after the first that reports an error. */
export async function runStages(request: PipelineRequest, stages: readonly Stage[]): Promise<PipelineResult> {
  const runs = (stage: Stage) => stages.includes(stage);
  const cache = request.cache === false ? noCache() : openBuildCache(buildCacheDir(request.dir));
  const loaded = await loadCourse(request.dir, request.env, { cache, ...(request.workers !== undefined ? { workers: request.workers } : {}) });
  const course = loaded.course;
  const run: Run = { request, loaded, cache, diagnostics: [], media: 'skipped', plans: [], packages: [] };

  // load + check (check includes the loader's own findings). The later stages (zip, XML, ffmpeg, queue and S3
  // clients) are loaded only by the commands that run them, so `ajar check` starts fast.
  const formats = request.formats ?? loaded.config.build.formats;
  const building = runs('package');
  const later = building ? await laterStages() : undefined;
  if (add(run, [...(runs('check') ? checkCourse(loaded) : loaded.diagnostics), ...(later ? unsupported(later, formats, request.formats ? undefined : loaded) : [])]) || !course) {
    return resultOf(run, runs('check') ? 'check' : 'load');
  }

  if (runs('media') && request.media !== false) {
    const done = await mediaStage(course, loaded, request, { degrade: building });
    run.media = done.status;
    run.mediaIndex = done.index;
    run.mediaCounts = done.counts;
    if (add(run, done.diagnostics)) return resultOf(run, 'media');
  }
  if (!later) return resultOf(run);
  return packageStages(run, course, later, formats, runs('verify'));
}

/** A package zipped to its temporary file, and what verifying it found. */
interface Staged {
  temp: string;
  result: PackageResult;
  found: readonly Diagnostic[];
}

/**
 * render → package (→ zip and verify when `writing`), one format at a time: the site and plan are dropped before
 * the next format, so memory holds one format's bytes, not all of them. Only when every format is made without
 * errors are the temporaries renamed to their final names: a build with errors (or one that throws) writes
 * nothing and leaves no temporary behind.
 */
async function packageStages(run: Run, course: Course, later: LaterStages, formats: readonly string[], writing: boolean): Promise<PipelineResult> {
  const { request, loaded } = run;
  const outDir = request.outDir ?? path.resolve(request.dir, loaded.config.build.outDir);
  const outDirExisted = writing && existsSync(outDir);
  const fingerprint = request.cache === false ? '' : codeFingerprint();
  const staged: Staged[] = [];
  let committed = false;
  try {
    const building = formats.filter(later.isPackageFormat);
    if (writing) await removeStaleTemps(outDir, building.map((f) => later.packageFileName(course, f)));
    const renderer = rendererOf(run, course, later);
    const rendered = new Set<string>();
    for (const format of building) {
      stopIfAborted(request);
      const plan = await renderAndPlan(run, course, later, renderer, format, rendered);
      if (!plan) continue;
      if (!writing) {
        run.plans.push(plan);
        continue;
      }
      if (hasErrors(run.diagnostics)) continue; // nothing more is written; the other formats still report theirs
      stopIfAborted(request);
      const { temp, result: written } = await later.stagePlan(plan, outDir, { chunks: run.cache, ...(request.signal ? { signal: request.signal } : {}) });
      staged.push({ temp, result: written, found: [] });
      staged[staged.length - 1] = { temp, result: written, found: await verifyStaged(run, later, temp, written, fingerprint) };
      stopIfAborted(request);
    }
    if (hasErrors(run.diagnostics)) {
      run.plans.length = 0;
      return resultOf(run, 'package');
    }
    if (!writing) return resultOf(run);
    stopIfAborted(request);
    for (const { temp, result: written } of staged) await rename(temp, written.file);
    committed = true;
  } finally {
    if (!committed && writing) await discardStaged(staged, outDir, outDirExisted);
  }
  for (const { result: written, found } of staged) {
    run.packages.push(written);
    add(run, found);
  }
  await run.cache.flush();
  return resultOf(run, hasErrors(run.diagnostics) ? 'verify' : undefined);
}

/** What the formats' sites share (the course data, its files, the check of its references) is made once. */
function rendererOf(run: Run, course: Course, later: LaterStages) {
  const { request, loaded } = run;
  return later.siteRenderer(course, {
    courseDir: request.dir,
    ...(run.mediaIndex ? { media: run.mediaIndex } : {}),
    ...(loaded.config.build.media === 'external' && loaded.config.build.mediaBaseUrl ? { mediaBaseUrl: loaded.config.build.mediaBaseUrl } : {}),
    commitEveryMs: lmsChoices[loaded.config.build.lms].commitEveryMs,
    embedRungs: loaded.config.build.embedRungs,
    ...(request.debug ? { debug: true } : {}),
  });
}

/** One format's site and package plan, their findings added; undefined when there is no plan. */
async function renderAndPlan(
  run: Run,
  course: Course,
  later: LaterStages,
  renderer: ReturnType<typeof rendererOf>,
  format: PackageFormat,
  rendered: Set<string>,
): Promise<PackagePlan | undefined> {
  const site = await renderer.site(format);
  run.learner ??= site.learner;
  // The render stage's guard: a reference that resolves to nothing in the site stops the build.
  // Each format renders its own site: report a reference once, not once per format.
  const fresh = site.diagnostics.filter((d) => !rendered.has(JSON.stringify(d)));
  for (const d of fresh) rendered.add(JSON.stringify(d));
  add(run, fresh);
  const build = run.loaded.config.build;
  const prepared = await later.preparePackage(course, site, format, { cmi5Au: build.cmi5Au, mastery: lmsChoices[build.lms].masteryInManifest });
  add(run, prepared.diagnostics);
  return prepared.plan;
}

/**
 * Our own packages go through the same verification as anyone's: a finding here is a bug in ajar. A zip byte
 * for byte one verified before (same sha256, same verifier code) keeps the verdict it had then.
 */
async function verifyStaged(run: Run, later: LaterStages, temp: string, written: PackageResult, fingerprint: string): Promise<readonly Diagnostic[]> {
  const { request, cache } = run;
  const displayPath = path.relative(request.dir, written.file) || written.file;
  const key = sha256('verify', fingerprint, written.sha256, displayPath);
  const known = verdictOf(cache.get(key));
  // Otherwise the zip is checked in full, and its structure file (manifest, cmi5.xml, tincan.xml), unchanged by
  // an edit to a lesson's text, keeps the verdict it had in a zip with the same file names.
  const found = known ?? (await later.verifyPackage(temp, { displayPath, ...(request.cache === false ? {} : { verdicts: { store: cache, salt: fingerprint } }) }));
  if (!known) cache.put(key, JSON.stringify(found));
  return found;
}

/** A build that did not finish leaves nothing: its temporaries go, and a folder it made only for them. */
async function discardStaged(staged: readonly Staged[], outDir: string, outDirExisted: boolean): Promise<void> {
  await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
  // rmdir: never a folder with anything else in it.
  if (!outDirExisted) await rmdir(outDir).catch(() => undefined);
}

/**
 * `.tmp-<package>-<pid>-<hex>` files of this build's packages left in the output folder by a build that was
 * killed outright (a second Ctrl+C, SIGKILL, a power cut): removed when the process that wrote them is gone.
 */
async function removeStaleTemps(outDir: string, fileNames: readonly string[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch {
    return;
  }
  const ours = new Set(fileNames);
  for (const name of names) {
    const m = /^\.tmp-(.+)-(\d+)-[0-9a-f]{8}$/.exec(name);
    if (!m || !ours.has(m[1]!) || processAlive(Number(m[2]))) continue;
    await rm(path.join(outDir, name), { force: true }).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A verdict kept in the build cache, or undefined when there is none or it is not one. */
function verdictOf(payload: string | undefined): Diagnostic[] | undefined {
  if (payload === undefined) return undefined;
  try {
    const found = JSON.parse(payload) as unknown;
    return Array.isArray(found) ? (found as Diagnostic[]) : undefined;
  } catch {
    return undefined;
  }
}

type LaterStages = Awaited<ReturnType<typeof laterStages>>;

/** render → package → verify, loaded on first use. */
async function laterStages() {
  const [{ siteRenderer }, { formatList, isPackageFormat, packageFileName, preparePackage, stagePlan }, { verifyPackage }] = await Promise.all([
    import('./render/index.js'),
    import('./package/index.js'),
    import('./verify/index.js'),
  ]);
  return { siteRenderer, formatList, isPackageFormat, packageFileName, preparePackage, stagePlan, verifyPackage };
}

/** Formats asked for that this build cannot make: located in ajar.yaml when they came from there. */
function unsupported({ isPackageFormat, formatList }: LaterStages, formats: readonly string[], fromConfig: LoadResult | undefined): Diagnostic[] {
  const position = fromConfig?.config.locate(['build', 'formats']);
  return formats
    .filter((f) => !isPackageFormat(f))
    .map((f) =>
      rules['format-not-built']({
        ...(fromConfig ? { file: 'ajar.yaml' } : {}),
        ...(position ? { position } : {}),
        data: { format: f, available: formatList.map((s) => s.id).join(', ') },
      }),
    );
}

/**
 * Transcodes video/audio and converts captions (cached) when the course has any. In a build without ffmpeg
 * the sources go into the package as they are, with a warning; `ajar media` needs ffmpeg (AjarError).
 */
async function mediaStage(
  course: Course,
  loaded: LoadResult,
  request: PipelineRequest,
  options: { degrade: boolean },
): Promise<{ status: PipelineResult['media']; index?: MediaIndex; counts?: { made: number; cached: number }; diagnostics: Diagnostic[] }> {
  const { mediaSourcesOf, mediaSettingsFrom, runMediaSources, detectToolchain } = await import('./media/index.js');
  let sources = mediaSourcesOf(course);
  if (sources.length === 0 && options.degrade) return { status: 'none', diagnostics: [] };
  // Slides (Ghostscript) and images (sharp) need no ffmpeg: without it they are still made smaller.
  const ownTools = (s: { kind: string }) => s.kind === 'slides' || s.kind === 'image';
  let degraded: Diagnostic[] | undefined;
  if (options.degrade && sources.some((s) => s.kind === 'video' || s.kind === 'audio')) {
    const tool = await detectToolchain(request.env).catch(() => undefined);
    if (!tool) {
      degraded = [rules['media-not-transcoded']({ file: course.source.file, data: { count: sources.filter((s) => !ownTools(s)).length } })];
      sources = sources.filter(ownTools);
      if (sources.length === 0) return { status: 'no-ffmpeg', diagnostics: degraded };
    }
  }
  const extra = request.mediaOptions ?? {};
  const result = await runMediaSources(sources, mediaSettingsFrom(loaded.config.media), {
    courseDir: request.dir,
    env: request.env,
    ...(extra.cacheDir ? { cacheDir: extra.cacheDir } : {}),
    ...(extra.concurrency ? { concurrency: extra.concurrency } : {}),
    ...(extra.queue ? { queue: extra.queue } : {}),
    ...(request.onMedia ? { onProgress: request.onMedia } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (degraded) return { status: 'no-ffmpeg', index: result.index, counts: { made: result.made, cached: result.cached }, diagnostics: [...degraded, ...result.diagnostics] };
  return { status: sources.length ? 'transcoded' : 'none', index: result.index, counts: { made: result.made, cached: result.cached }, diagnostics: result.diagnostics };
}

export type { PackageFormat };
