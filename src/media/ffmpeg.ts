// The edge where ffmpeg runs. Encoding uses plain child_process rather than fluent-ffmpeg: its progress
// events are NaN/undefined on filter_complex and multi-output commands (it parses the human stats line),
// its errors are an opaque "exited with code 1", and it is archived upstream. `-progress pipe:1` gives
// machine-readable out_time_us and speed instead. (Probing still goes through fluent-ffmpeg: probe.ts.)

import { spawn, spawnSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AjarError } from '../diagnostics/errors.js';
import { rules } from './rules.js';

const execFileAsync = promisify(execFile);

export interface Toolchain {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** As printed by `ffmpeg -version`, e.g. "5.1.9-0+deb12u1"; part of every cache key. */
  readonly version: string;
}

export const MINIMUM_FFMPEG = '4.3';

/** "5.1.9-0+deb12u1" → [5, 1]; git builds ("N-1234-g…", "n6.1") count as new. */
export function parseFfmpegVersion(firstLine: string): { version: string; major: number; minor: number } | undefined {
  const m = /version\s+(\S+)/.exec(firstLine);
  if (!m) return undefined;
  const version = m[1]!;
  const numeric = /^n?(\d+)\.(\d+)/.exec(version);
  if (numeric) return { version, major: Number(numeric[1]), minor: Number(numeric[2]) };
  if (/^N-\d+/.test(version) || /^\d{4}-\d{2}-\d{2}/.test(version)) return { version, major: 99, minor: 0 };
  return { version, major: 0, minor: 0 };
}

const cache = new Map<string, Promise<Toolchain>>();

/** Finds ffmpeg and ffprobe (FFMPEG_PATH / FFPROBE_PATH or PATH), checks the version and libx264. Throws AjarError. */
export function detectToolchain(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Toolchain> {
  const ffmpeg = env.FFMPEG_PATH || 'ffmpeg';
  const ffprobe = env.FFPROBE_PATH || 'ffprobe';
  const id = `${ffmpeg}\0${ffprobe}`;
  let found = cache.get(id);
  if (!found) {
    found = detect(ffmpeg, ffprobe);
    cache.set(id, found);
    found.catch(() => cache.delete(id));
  }
  return found;
}

async function detect(ffmpeg: string, ffprobe: string): Promise<Toolchain> {
  const run = async (command: string, args: string[]) => {
    try {
      return (await execFileAsync(command, args, { maxBuffer: 8 * 1024 * 1024 })).stdout;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') throw new AjarError(rules['media-ffmpeg-missing']({ data: { command } }));
      throw error;
    }
  };
  const [versionText] = await Promise.all([run(ffmpeg, ['-hide_banner', '-version']), run(ffprobe, ['-hide_banner', '-version'])]);
  const parsed = parseFfmpegVersion(versionText.split('\n')[0] ?? '');
  const [minMajor, minMinor] = MINIMUM_FFMPEG.split('.').map(Number) as [number, number];
  const tooOld = !parsed || parsed.major < minMajor || (parsed.major === minMajor && parsed.minor < minMinor);
  const encoders = await run(ffmpeg, ['-hide_banner', '-encoders']);
  if (tooOld || !/\blibx264\b/.test(encoders)) {
    throw new AjarError(rules['media-ffmpeg-too-old']({ data: { version: parsed?.version ?? 'unknown', minimum: MINIMUM_FFMPEG } }));
  }
  return { ffmpeg, ffprobe, version: parsed!.version };
}

export interface FfmpegProgress {
  /** Seconds of output written so far. */
  readonly outSeconds: number;
  /** Encoding speed relative to real time (2.5 = 2.5× real time). */
  readonly speed?: number;
}

export type FfmpegResult =
  /** outSeconds: how much output ffmpeg wrote (its last `-progress` out_time), to compare with the source. */
  | { ok: true; stderr: string; outSeconds: number }
  /** detail: ffmpeg's own line saying what went wrong, when it printed one; exit: its exit code or signal. */
  | { ok: false; detail?: string; exit: number | string; stderr: string; aborted: boolean };

export interface RunOptions {
  onProgress?: (p: FfmpegProgress) => void;
  signal?: AbortSignal;
}

let deathSignalWrapper: string[] | null | undefined;

/**
 * An encoder must die with the process that started it: after a kill -9 of `ajar media` or `ajar worker`
 * an orphan ffmpeg would run on at full CPU, slowing the worker that took the job over. On Linux, util-linux
 * `setpriv --pdeathsig KILL` asks the kernel to kill ffmpeg when its parent dies (it then execs ffmpeg, so
 * the child's pid is ffmpeg's own). Elsewhere, or without setpriv, ffmpeg is started directly.
 */
export function parentDeathWrapper(): string[] | null {
  if (deathSignalWrapper !== undefined) return deathSignalWrapper;
  deathSignalWrapper = null;
  if (process.platform === 'linux') {
    const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) deathSignalWrapper = ['setpriv', '--pdeathsig', 'KILL', '--'];
  }
  return deathSignalWrapper;
}

/** Runs ffmpeg with `-progress pipe:1`; resolves with the outcome (never rejects for ffmpeg's own failures). */
export function runFfmpeg(tool: Toolchain, args: readonly string[], options: RunOptions = {}): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    const command = [tool.ffmpeg, '-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1', ...args];
    const [program, ...rest] = [...(parentDeathWrapper() ?? []), ...command] as [string, ...string[]];
    const child = spawn(program, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    let outSeconds = 0;
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-64 * 1024);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        const eq = line.indexOf('=');
        if (eq < 0) continue;
        const key = line.slice(0, eq);
        const value = line.slice(eq + 1);
        // out_time_ms is really microseconds too; out_time_us is the honest name. "N/A" before the first frame.
        if (key === 'out_time_us' && /^\d+$/.test(value)) outSeconds = Number(value) / 1e6;
        if (key === 'speed') {
          const speed = Number.parseFloat(value);
          options.onProgress?.({ outSeconds, ...(Number.isFinite(speed) && speed > 0 ? { speed } : {}) });
        }
      }
    });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (code === 0) return resolve({ ok: true, stderr, outSeconds });
      const detail = lastErrorLine(stderr);
      resolve({ ok: false, aborted, stderr, exit: signal ?? code ?? 'unknown', ...(detail ? { detail } : {}) });
    });
  });
}

/** The most telling line of ffmpeg's stderr: the last one that is not a summary or blank. */
export function lastErrorLine(stderr: string): string {
  // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55…] moov atom not found" → "moov atom not found".
  const lines = stderr
    .split('\n')
    .map((l) => l.trim().replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, ''))
    .filter((l) => l && !/^(Conversion failed!|Exiting normally|ffprobe exited with|ffmpeg exited with|ffprobe version|ffmpeg version|built with|configuration:|lib\w+\s+\d)/.test(l));
  const last = lines.at(-1) ?? '';
  // "Invalid data found when processing input" alone says little; the line before it usually says why.
  const before = lines.at(-2);
  const line = /Invalid data found when processing input$/.test(last) && before && !before.endsWith(last) ? `${before} (${last.replace(/^.*: /, '')})` : last;
  return line.slice(0, 300);
}
