// `ajar publish [dir-or-packages...] --target <name>`: verify built packages and send them to the
// targets of ajar.yaml's `publish:` section. Everything printed passes through a redactor that knows
// the run's secrets. Exit 0 sent or already there, 1 refused/failed, 2 usage or configuration.

import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { RuleSetting } from '../../config/schema.js';
import type { MediaIndex } from '../../core/model/media.js';
import { readConfigFile } from '../../config/index.js';
import { publishConfigFrom } from '../../publish/index.js';
import { ttyProgress } from '../../publish/index.js';
import { makeRedactor, redactingStream } from '../../util/redact.js';
import { reportPretty } from '../../publish/index.js';
import { rules } from '../../publish/rules.js';
import { openTargets, publish as runPublish, type PackageInput, type PublishReport } from '../../publish/index.js';
import type { GrammarOptions } from '../options.js';
import { finish, type Outcome } from '../outcome.js';

export interface PublishOptions extends GrammarOptions {
  target?: string[];
  config?: string;
  dryRun?: boolean;
  force?: boolean;
}

type PublishResult = Omit<PublishReport, 'diagnostics' | 'exitCode'>;

export async function publish(ctx: Context, inputs: string[] = [], options: PublishOptions): Promise<number> {
  const ready = await prepare(ctx, inputs.length > 0 ? inputs : ['.'], options);
  if (typeof ready === 'number') return ready;
  const published = await send(ready, options);
  // undefined: the empty-event-loop guard has reported already and set the exit code.
  if (!published) return process.exitCode as number;
  return report(ready, published, options);
}

/** Everything publish needs before it sends: packages, the configuration, the opened targets, a redactor. */
interface Ready {
  ctx: Context;
  /** ctx whose streams redact the run's secrets. */
  safe: Context;
  collected: Collected;
  opened: Awaited<ReturnType<typeof openTargets>>;
  redact: (text: string) => string;
  ruleSettings: Readonly<Record<string, RuleSetting>>;
}

/** Packages, ajar.yaml, targets; a number (the exit code, reported) when publish cannot start. */
async function prepare(ctx: Context, inputs: readonly string[], options: PublishOptions): Promise<Ready | number> {
  const stopped = (diagnostics: Diagnostic[], blocked: boolean, out: Context = ctx, ruleSettings?: Readonly<Record<string, RuleSetting>>) =>
    finish(out, 'publish', { diagnostics, result: null, blocked, reportTo: 'stderr', ...(ruleSettings ? { ruleSettings } : {}) }, options);

  // `publish:` is read and its targets opened before anything is built: a mistake there (an endpoint that is
  // not a URL, a timeout of 0, an unset variable) is exit 2 at its line at once, not after a build and a transcode.
  // Names that hold no package are reported with them, so one run shows every usage problem.
  const { found, diagnostics: missing } = await findInputs(ctx, inputs);
  const configFile = path.resolve(ctx.cwd, options.config ?? path.join(courseFolderAmong(found) ?? '.', 'ajar.yaml'));
  const read = await readConfigFile(configFile, ctx.env);
  const loaded = publishConfigFrom(read, { file: path.relative(ctx.cwd, configFile) || configFile, dir: path.dirname(configFile) });
  if (!loaded.config) return stopped([...missing, ...loaded.diagnostics], true);
  const ruleSettings = read.config.rules;

  const opened = await openTargets({
    config: loaded.config,
    configDir: loaded.dir,
    names: splitNames(options.target),
    env: ctx.env,
    ...(loaded.file ? { file: loaded.file } : {}),
    ...(loaded.locate ? { locate: loaded.locate } : {}),
  });
  // From here on every byte printed is redacted: library errors may echo requests.
  const redact = makeRedactor(opened.secrets);
  const safe: Context = { ...ctx, stdout: redactingStream(ctx.stdout, redact), stderr: redactingStream(ctx.stderr, redact) };
  const fatal = opened.diagnostics.filter((d) => d.severity === 'error');
  const closeTargets = () => opened.targets.forEach((target) => target.close());
  if (missing.length > 0 || fatal.length > 0 || opened.targets.length === 0) {
    closeTargets();
    return stopped([...missing, ...opened.diagnostics], true, safe, ruleSettings);
  }

  const collected = await collectPackages(ctx, found, options.strict);
  if (collected.problems.length > 0) {
    closeTargets();
    return stopped([...collected.findings, ...collected.problems], false, safe);
  }
  return { ctx, safe, collected, opened, redact, ruleSettings };
}

/** Runs the plan; Ctrl-C / SIGTERM stop the transfer under way and still end with the report (exit 130). */
async function send({ ctx, safe, collected, opened, redact }: Ready, options: PublishOptions): Promise<PublishReport | undefined> {
  const stop = new AbortController();
  const onSignal = () => {
    if (!stop.signal.aborted) write(safe.stderr, ctx.lang === 'id' ? 'Menghentikan… (laporan menyusul)' : 'Stopping… (report follows)');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A last guard: should a request ever be left without a bound, Node would empty its event loop and exit 0
  // with no output. Instead the run fails with a report.
  let settled = false;
  const onEmptyLoop = () => {
    if (settled) return;
    settled = true;
    process.exitCode = finish(safe, 'publish', { diagnostics: [rules['publish-no-answer']({ data: {} })], result: null, reportTo: 'stderr' }, options);
  };
  process.once('beforeExit', onEmptyLoop);
  let published: PublishReport;
  try {
    published = await runPublish({
      packages: collected.packages,
      ...(collected.media ? { media: collected.media } : {}),
      targets: opened.targets,
      ...(opened.state ? { state: opened.state } : {}),
      variables: opened.variables,
      dryRun: Boolean(options.dryRun),
      force: Boolean(options.force),
      signal: stop.signal,
      ...(safe.interactive && options.format === 'pretty' && !ctx.quiet ? { progress: ttyProgress(safe.stderr, ctx.lang) } : {}),
    });
  } catch (error) {
    // Every path ends in a report, also an unforeseen failure (with --format json: the envelope).
    const detail = redact((error as Error)?.message ?? String(error));
    for (const target of opened.targets) target.close();
    published = { dryRun: Boolean(options.dryRun), targets: [], diagnostics: [rules['publish-unexpected']({ data: { detail } })], plannedBytes: 0, sentBytes: 0, interrupted: false, exitCode: 1 };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('beforeExit', onEmptyLoop);
  }
  if (settled) return undefined;
  settled = true;
  return published;
}

function report({ ctx, safe, collected, opened, ruleSettings }: Ready, published: PublishReport, options: PublishOptions): number {
  const { diagnostics, exitCode: _exitCode, ...result } = published;
  const outcome: Outcome<PublishResult> = {
    diagnostics: [...collected.findings, ...opened.diagnostics, ...diagnostics],
    result,
    ruleSettings,
    // Package names publish cannot read are a usage problem (exit 2): their rule is of class `configuration`.
    interrupted: result.interrupted,
    pretty: (s) => {
      if (ctx.quiet && s.exitCode === 0) return;
      const report = { ...result, diagnostics: s.shown, exitCode: s.exitCode as PublishReport['exitCode'] };
      write(s.exitCode === 0 ? safe.stdout : safe.stderr, reportPretty(report, ctx.lang, ctx.color));
    },
  };
  return finish(safe, 'publish', outcome, options);
}

function splitNames(target: string[] | string | undefined): string[] {
  const list = Array.isArray(target) ? target : target ? [target] : [];
  return list.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
}

interface Collected {
  packages: PackageInput[];
  media?: { courseId: string; index: MediaIndex };
  /** The course did not build (exit 1). */
  problems: Diagnostic[];
  /** The build's warnings and notes (`rules:` applied by the pipeline): reported with publish's own. */
  findings: Diagnostic[];
}

/** Zip files as given; folders of zips (e.g. dist/); a course folder is built first when the build stage is present. */
const isCourseFolder = (dir: string): boolean => existsSync(path.join(dir, 'syllabus.md'));

/** What the command line names, in order: zips (alone or in a folder such as dist/) and course folders to build. */
type Input = { readonly zip: PackageInput } | { readonly course: string; readonly input: string };

/** The inputs as they are on disk, without building anything; a name that holds no package is a usage problem. */
async function findInputs(ctx: Context, inputs: readonly string[]): Promise<{ found: Input[]; diagnostics: Diagnostic[] }> {
  const found: Input[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const file = path.resolve(ctx.cwd, input);
    const info = await stat(file).catch(() => undefined);
    if (!info) diagnostics.push(rules['publish-no-packages']({ data: { target: input } }));
    else if (info.isFile()) found.push({ zip: { file, label: input } });
    else if (isCourseFolder(file)) found.push({ course: file, input });
    else {
      const zips = (await readdir(file)).filter((name) => name.endsWith('.zip')).sort();
      if (zips.length === 0) diagnostics.push(rules['publish-no-packages']({ data: { target: input } }));
      for (const name of zips) found.push({ zip: { file: path.join(file, name), label: path.join(input, name) } });
    }
  }
  return { found, diagnostics };
}

/** The first course folder among the inputs: its ajar.yaml is the default configuration. */
function courseFolderAmong(found: readonly Input[]): string | undefined {
  for (const item of found) if ('course' in item) return item.course;
  return undefined;
}

/** The packages to send: zips as given, and each course folder built by the pipeline (the slow part). */
async function collectPackages(ctx: Context, found: readonly Input[], strict = false): Promise<Collected> {
  const out: Collected = { packages: [], problems: [], findings: [] };
  for (const item of found) {
    if ('zip' in item) {
      out.packages.push(item.zip);
      continue;
    }
    const built = await buildCourse(item.course, ctx.env);
    // Under --strict a build warning fails the build, so nothing is sent (and --strict turns it into an error in the report).
    const errors = built.diagnostics.filter((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
    out.findings.push(...built.diagnostics.filter((d) => !errors.includes(d)));
    if (errors.length > 0) {
      out.problems.push(...errors, rules['publish-build-failed']({ data: { target: item.input, count: errors.length } }));
      continue;
    }
    for (const pkg of built.packages) out.packages.push({ ...pkg, label: path.relative(ctx.cwd, pkg.file) || pkg.file });
    if (built.media) out.media = built.media;
  }
  return out;
}

interface Built {
  /** Written and verified by the build: publish takes their format, size and sha256 as they are. */
  packages: Omit<PackageInput, 'label'>[];
  media?: { courseId: string; index: MediaIndex };
  diagnostics: Diagnostic[];
}

/** The pipeline's build (load → check → media → render → package → verify), then publish its packages. */
async function buildCourse(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<Built> {
  const { build } = await import('../../pipeline.js');
  const result = await build({ dir, env });
  const index = result.mediaIndex;
  return {
    packages: result.packages.map((p) => ({ file: p.file, built: { ...p.name, bytes: p.bytes, sha256: p.sha256 } })),
    diagnostics: [...result.diagnostics],
    // Renditions go to a target only when the packages point at them (build.media: external); embedded media
    // are inside the packages already, and sending them again would double the bytes on a costly link.
    ...(index && result.course && result.loaded.config.build.media === 'external' ? { media: { courseId: result.course.id, index } } : {}),
  };
}
