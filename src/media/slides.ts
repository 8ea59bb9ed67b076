// PDF slide decks made smaller with Ghostscript's pdfwrite: images above the configured resolution are
// downsampled, duplicate images stored once, fonts subset and compressed. Exports from presentation
// software are often 5–30 MB of 300-dpi photos on 10-inch pages; the learner sees them on a phone.
//
// The narrow interface: `ghostscriptArgs` and `pageCountArgs` build argument arrays (pure, tested as data),
// `detectGhostscript` and `fillSlides` are the edge that runs gs. The result is kept only when it is
// smaller and has the same number of pages; otherwise the source is shipped as authored. Output bytes
// are deterministic: no creation/modification date, no document ID, no XMP (gs ≥ 9.55), no file names.

import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Optimised, Rendition } from '../core/model/media.js';
import type { SlidesSettings } from './config-schema.js';
import { parentDeathWrapper } from './ffmpeg.js';
import { rules } from './rules.js';

const execFileAsync = promisify(execFile);

export interface Ghostscript {
  /** The command run: GS_PATH or `gs` on PATH. */
  readonly gs: string;
  /** As printed by `gs --version`, e.g. "10.00.0"; part of every slides cache key. */
  readonly version: string;
}

/** The file name of the optimised deck inside its cache entry. */
export const SLIDES_FILE = 'slides.pdf';

const found = new Map<string, Promise<Ghostscript | undefined>>();

/** Finds Ghostscript (GS_PATH or `gs` on PATH); undefined when it is missing or does not run. Never throws. */
export function detectGhostscript(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Ghostscript | undefined> {
  const gs = env.GS_PATH || 'gs';
  const id = `${gs}\0${env.PATH ?? ''}`;
  let pending = found.get(id);
  if (!pending) {
    pending = execFileAsync(gs, ['--version'], { timeout: 10_000, env: { ...process.env, ...env } as NodeJS.ProcessEnv })
      .then(({ stdout }) => {
        const version = stdout.trim().split('\n')[0] ?? '';
        return /^\d+\.\d+/.test(version) ? { gs, version } : undefined;
      })
      .catch(() => undefined);
    found.set(id, pending);
  }
  return pending;
}

/** pdfwrite arguments that turn `input` into a smaller `output`. Pure. */
export function ghostscriptArgs(input: string, output: string, settings: SlidesSettings): string[] {
  const dpi = settings.resolution;
  return [
    '-q',
    '-dSAFER',
    '-dBATCH',
    '-dNOPAUSE',
    // A damaged PDF fails the run instead of being half-converted: the original is then shipped.
    '-dPDFSTOPONERROR',
    '-sDEVICE=pdfwrite',
    '-dCompatibilityLevel=1.5',
    '-dPDFSETTINGS=/ebook',
    // Slides are landscape with little text: never let gs guess an orientation from the text.
    '-dAutoRotatePages=/None',
    '-dDownsampleColorImages=true',
    '-dDownsampleGrayImages=true',
    '-dDownsampleMonoImages=true',
    '-dColorImageDownsampleType=/Bicubic',
    '-dGrayImageDownsampleType=/Bicubic',
    `-dColorImageResolution=${dpi}`,
    `-dGrayImageResolution=${dpi}`,
    `-dMonoImageResolution=${dpi * 2}`,
    // Only images at least 1.5× the target are resampled: re-encoding a near-target image gains little and loses quality.
    '-dColorImageDownsampleThreshold=1.5',
    '-dGrayImageDownsampleThreshold=1.5',
    '-dDetectDuplicateImages=true',
    '-dCompressFonts=true',
    '-dSubsetFonts=true',
    '-dEmbedAllFonts=true',
    // Deterministic bytes: the same deck gives the same file on every build.
    '-dOmitInfoDate=true',
    '-dOmitID=true',
    '-dOmitXMP=true',
    `-sOutputFile=${output}`,
    input,
  ];
}

/** Arguments that print a PDF's page count (and nothing else) on stdout. Pure. */
export function pageCountArgs(file: string): string[] {
  return ['-q', '-dNODISPLAY', '-dSAFER', `--permit-file-read=${file}`, `-sFile=${file}`, '-c', 'File (r) file runpdfbegin pdfpagecount = quit'];
}

interface GsResult {
  readonly ok: boolean;
  /** Killed for taking too long: not a property of the PDF, so the outcome is not cached. */
  readonly timedOut?: boolean;
  readonly stdout: string;
  /** Why, for slides-not-optimised: gs's most telling line (`detail`), or a code when it printed nothing useful. */
  readonly why: GsWhy;
}

export type GsWhy =
  | { readonly detail: string }
  | { readonly problem: 'tool-timeout'; readonly tool: 'gs'; readonly seconds: number }
  | { readonly problem: 'tool-exit'; readonly tool: 'gs'; readonly exit: number | string }
  | { readonly problem: 'no-output'; readonly tool: 'gs' }
  | { readonly problem: 'pages-differ'; readonly before: number | string; readonly after: number | string };

/** How long one deck may take: a minute plus ten seconds per MB, at most a quarter of an hour (a PDF can make gs loop). */
export function ghostscriptTimeoutMs(bytes: number): number {
  return Math.min(15 * 60_000, 60_000 + Math.ceil(bytes / (1024 * 1024)) * 10_000);
}

/** GS_PATH as an absolute file (a bare name is looked up on PATH); undefined when it is not found. */
function resolveCommand(command: string): string | undefined {
  if (command.includes('/')) return path.resolve(command);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * A folder holding only a `gs` symlink to `target`, for this user: the same folder every run (nothing to
 * clean up when a process is killed), used only when it is ours and points where it should.
 */
function gsAliasDir(target: string): string | undefined {
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(tmpdir(), `ajar-gs-${uid}-${createHash('sha256').update(target).digest('hex').slice(0, 16)}`);
  const link = path.join(dir, 'gs');
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    symlinkSync(target, link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0 || readlinkSync(link) !== target) return undefined;
  } catch {
    return undefined;
  }
  return dir;
}

/**
 * How to start gs so that it sees itself as plain `gs`. pdfwrite writes the name it was run as into every
 * PDF ("%%Invocation: path/gs …"), so GS_PATH=/opt/gs/bin/gs-10 would change the deck's bytes. Without a
 * wrapper, Node's `argv0` does it; through setpriv (which passes the name it execs as argv[0]) the command
 * is a `gs` symlink in a private folder put first on PATH.
 */
function ghostscriptCommand(tool: Ghostscript, wrapper: readonly string[] | null): { command: string[]; argv0?: string; env?: NodeJS.ProcessEnv } {
  if (!wrapper) return { command: [tool.gs], argv0: 'gs' };
  if (tool.gs === 'gs') return { command: [...wrapper, 'gs'] };
  const target = resolveCommand(tool.gs);
  const dir = target ? gsAliasDir(target) : undefined;
  if (!dir) return { command: [...wrapper, tool.gs] };
  return { command: [...wrapper, 'gs'], env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` } };
}

/** Runs gs; resolves with its outcome (never rejects for gs's own failures or a timeout). Dies with this process. */
export function runGhostscript(tool: Ghostscript, args: readonly string[], signal?: AbortSignal, timeoutMs = 15 * 60_000): Promise<GsResult> {
  return new Promise((resolve, reject) => {
    const how = ghostscriptCommand(tool, parentDeathWrapper());
    const [program, ...rest] = [...how.command, ...args] as [string, ...string[]];
    const child = spawn(program, rest, { stdio: ['ignore', 'pipe', 'pipe'], ...(how.argv0 ? { argv0: how.argv0 } : {}), ...(how.env ? { env: how.env } : {}) });
    let stdout = '';
    let stderr = '';
    const onAbort = () => child.kill('SIGKILL');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout = (stdout + c).slice(-64 * 1024)));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-64 * 1024)));
    child.on('error', (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(new Error('aborted'));
      if (timedOut) return resolve({ ok: false, timedOut: true, stdout, why: { problem: 'tool-timeout', tool: 'gs', seconds: Math.round(timeoutMs / 100) / 10 } });
      const lines = `${stderr}\n${stdout}`
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^(GPL Ghostscript|Copyright|This software|see the file|Processing pages|Page \d+)/.test(l));
      const line = (lines.find((l) => /error/i.test(l)) ?? lines.at(-1))?.slice(0, 300);
      resolve({ ok: code === 0, stdout, why: line ? { detail: line } : { problem: 'tool-exit', tool: 'gs', exit: sig ?? code ?? 'unknown' } });
    });
  });
}

async function pageCount(tool: Ghostscript, file: string, signal?: AbortSignal): Promise<number | undefined> {
  const r = await runGhostscript(tool, pageCountArgs(file), signal, ghostscriptTimeoutMs((await stat(file)).size));
  const n = Number.parseInt(r.stdout.trim().split('\n').at(-1) ?? '', 10);
  return r.ok && Number.isInteger(n) && n > 0 ? n : undefined;
}

export interface FilledSlides {
  /** The optimised deck, or none when the source is shipped as it is; undefined: no cache entry (gs timed out). */
  readonly renditions?: Rendition[];
  readonly optimised?: Optimised;
  readonly diagnostics: Diagnostic[];
}

/**
 * Optimises one deck into `tmp/slides.pdf`. `source` is the course-relative name diagnostics use. A result
 * that is not smaller, or has a different page count, is discarded: the entry then records that the source is kept.
 */
export async function fillSlides(source: string, sourcePath: string, tmp: string, settings: SlidesSettings, tool: Ghostscript, signal?: AbortSignal): Promise<FilledSlides> {
  const originalBytes = (await stat(sourcePath)).size;
  const output = path.join(tmp, SLIDES_FILE);
  const kept = async (why: 'not-smaller' | 'failed', diagnostics: Diagnostic[] = []): Promise<FilledSlides> => {
    // The entry records the decision; the discarded output is not kept in the cache.
    await rm(output, { force: true });
    return { renditions: [], optimised: { originalBytes, bytes: originalBytes, kept: why }, diagnostics };
  };
  const failed = (why: GsWhy) => kept('failed', [rules['slides-not-optimised']({ file: source, data: why })]);

  const result = await runGhostscript(tool, ghostscriptArgs(sourcePath, output, settings), signal, ghostscriptTimeoutMs(originalBytes));
  // A timeout says more about the machine than the PDF: warned, shipped as authored, tried again next run.
  if (result.timedOut) return { diagnostics: [rules['slides-not-optimised']({ file: source, data: result.why })] };
  if (!result.ok) return failed(result.why);
  const bytes = (await stat(output).catch(() => undefined))?.size;
  if (!bytes) return failed({ problem: 'no-output', tool: 'gs' });
  if (bytes >= originalBytes) return kept('not-smaller');
  const [before, after] = await Promise.all([pageCount(tool, sourcePath, signal), pageCount(tool, output, signal)]);
  if (before === undefined || after === undefined || before !== after) return failed({ problem: 'pages-differ', before: before ?? '?', after: after ?? '?' });
  return {
    renditions: [{ kind: 'slides', path: SLIDES_FILE, bytes, contentType: 'application/pdf' }],
    optimised: { originalBytes, bytes },
    diagnostics: [],
  };
}
