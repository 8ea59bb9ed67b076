// The build pipeline, one stage per folder: load → check → media → render → package (→ verify).
// Data flows one way; each stage returns diagnostics as values and the pipeline stops at the first stage
// with errors, so nothing is written for a course that is not right.

import path from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import type { Course } from './core/model/course.js';
import type { MediaIndex } from './core/model/media.js';
import { loadCourse, type LoadResult } from './load/index.js';
import { checkCourse } from './check/index.js';
import { renderSite, type Site } from './render/index.js';
import { preparePackage, writePlan, type PackageFormat, type PackagePlan, type PackageResult } from './package/index.js';
import { verifyPackage } from './verify/index.js';
import { packageCmi5, packageXapi } from './package/cmi5.js';
import type { AjarConfig } from './config/load.js';
import { rules } from './package/rules.js';
import type { MediaEvent } from './media/index.js';

export interface BuildRequest {
  /** Absolute course folder. */
  readonly dir: string;
  /** Default: ajar.yaml `build.formats`. */
  readonly formats?: readonly string[];
  /** Absolute output folder; default: ajar.yaml `build.out_dir` inside the course folder. */
  readonly outDir?: string;
  /** false: package the course without transcoding (source media are copied as they are). */
  readonly media?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onMedia?: (event: MediaEvent) => void;
  readonly signal?: AbortSignal;
}

export interface BuildResult {
  readonly course?: Course;
  readonly packages: readonly PackageResult[];
  readonly diagnostics: readonly Diagnostic[];
  /** What the media stage did. */
  readonly media: 'transcoded' | 'none' | 'skipped' | 'no-ffmpeg';
  /** The renditions the media stage made: publish uploads them when media are hosted externally. */
  readonly mediaIndex?: MediaIndex;
}

/** Turns a rendered site into a planned package (nothing written yet). */
export type Packager = (course: Course, site: Site, config: AjarConfig) => Promise<{ plan?: PackagePlan; diagnostics: Diagnostic[] }>;

/** The formats this build can make, each rendered for its own target; cmi5 and xAPI join here. */
const packagers: Partial<Record<PackageFormat, Packager>> = {
  scorm12: (course, site) => preparePackage(course, site, 'scorm12'),
  scorm2004: (course, site) => preparePackage(course, site, 'scorm2004'),
  cmi5: async (course, site, config) => packageCmi5(course, site, { au: config.build.cmi5Au }),
  xapi: async (course, site) => packageXapi(course, site),
};
/** `ajar verify` knows SCORM packages; cmi5.xml is validated by its own packager's tests. */
const verified = new Set<PackageFormat>(['scorm12', 'scorm2004']);
const buildable = (format: string): format is PackageFormat => format in packagers;

export async function build(request: BuildRequest): Promise<BuildResult> {
  const loaded = await loadCourse(request.dir, request.env);
  const checked = checkCourse(loaded);
  const formats = request.formats ?? loaded.config.build.formats;
  const diagnostics: Diagnostic[] = [...checked, ...unsupported(formats, request.formats ? undefined : loaded)];
  const course = loaded.course;
  if (!course || hasErrors(diagnostics)) return { ...(course ? { course } : {}), packages: [], diagnostics, media: 'skipped' };

  const media = request.media === false ? { status: 'skipped' as const, diagnostics: [] } : await mediaStage(course, loaded, request);
  diagnostics.push(...media.diagnostics);
  if (hasErrors(diagnostics)) return { course, packages: [], diagnostics, media: media.status };

  const plans: PackagePlan[] = [];
  for (const format of formats.filter(buildable)) {
    const site = await renderSite(course, format, {
      courseDir: request.dir,
      ...(media.index ? { media: media.index } : {}),
      ...(loaded.config.build.media === 'external' && loaded.config.build.mediaBaseUrl ? { mediaBaseUrl: loaded.config.build.mediaBaseUrl } : {}),
    });
    // The render stage's guard: a reference that resolves to nothing in the site stops the build.
    // Each format renders its own site: report a reference once, not once per format.
    for (const d of site.diagnostics) if (!diagnostics.some((x) => JSON.stringify(x) === JSON.stringify(d))) diagnostics.push(d);
    const prepared = await packagers[format]!(course, site, loaded.config);
    diagnostics.push(...prepared.diagnostics);
    if (prepared.plan) plans.push(prepared.plan);
  }
  if (hasErrors(diagnostics)) return { course, packages: [], diagnostics, media: media.status };

  const outDir = request.outDir ?? path.resolve(request.dir, loaded.config.build.outDir);
  const packages: PackageResult[] = [];
  for (const plan of plans) {
    const written = await writePlan(plan, outDir);
    packages.push(written);
    // Our own packages go through the same verification as anyone's: a finding here is a bug in ajar.
    if (verified.has(plan.format)) diagnostics.push(...(await verifyPackage(written.file, { displayPath: path.relative(request.dir, written.file) || written.file })));
  }
  return { course, packages, diagnostics, media: media.status, ...(media.index ? { mediaIndex: media.index } : {}) };
}

/** Formats asked for that this build cannot make yet: located in ajar.yaml when they came from there. */
function unsupported(formats: readonly string[], fromConfig: LoadResult | undefined): Diagnostic[] {
  const position = fromConfig?.config.locate(['build', 'formats']);
  return formats
    .filter((f) => !buildable(f))
    .map((f) => rules['format-not-built']({ ...(fromConfig ? { file: 'ajar.yaml' } : {}), ...(position ? { position } : {}), data: { format: f, available: Object.keys(packagers).join(', ') } }));
}

/**
 * Transcodes video/audio and converts captions (the media stage, cached) when the course has any and ffmpeg
 * is installed; without ffmpeg the sources go into the package as they are, with a warning.
 */
async function mediaStage(
  course: Course,
  loaded: LoadResult,
  request: BuildRequest,
): Promise<{ status: BuildResult['media']; index?: MediaIndex; diagnostics: Diagnostic[] }> {
  const { mediaSourcesOf, mediaSettingsFrom, runMedia, detectToolchain } = await import('./media/index.js');
  const sources = mediaSourcesOf(course);
  if (sources.length === 0) return { status: 'none', diagnostics: [] };
  if (sources.some((s) => s.kind !== 'captions')) {
    const tool = await detectToolchain(request.env).catch(() => undefined);
    if (!tool) return { status: 'no-ffmpeg', diagnostics: [rules['media-not-transcoded']({ file: course.source.file, data: { count: sources.length } })] };
  }
  const result = await runMedia(course, mediaSettingsFrom(loaded.config.media), {
    courseDir: request.dir,
    env: request.env,
    ...(request.onMedia ? { onProgress: request.onMedia } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return { status: 'transcoded', index: result.index, diagnostics: result.diagnostics };
}
