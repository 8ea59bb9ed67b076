// Real clips for the media tests, made with ffmpeg's lavfi sources: short and small, because CI has two cores.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mediaDefaults, type MediaSettings } from '../../src/media/config-schema.js';

const run = promisify(execFile);

export async function ffmpeg(...args: string[]): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostdin', '-y', ...args], { maxBuffer: 32 * 1024 * 1024 });
  return stderr;
}

export async function ffprobeJson(file: string, ...args: string[]): Promise<any> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-of', 'json', ...args, file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}

export interface ClipOptions {
  width?: number;
  height?: number;
  seconds?: number;
  fps?: number;
  /** false: no sound track. Otherwise pink noise plus a tone at this amplitude (0–1). */
  audio?: number | false;
  video?: boolean;
  /** Extra output arguments (before the file name). */
  extra?: string[];
  /** Video filter applied before encoding. */
  vf?: string;
}

/** A test-pattern clip with noise and a tone: realistic enough for the encoder and loudness meter. */
export async function makeClip(file: string, o: ClipOptions = {}): Promise<string> {
  const { width = 854, height = 480, seconds = 6, fps = 24, audio = 0.05, video = true } = o;
  await mkdir(path.dirname(file), { recursive: true });
  const inputs: string[] = [];
  if (video) inputs.push('-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`);
  if (audio !== false) {
    inputs.push('-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=${audio}:duration=${seconds}:sample_rate=48000:seed=7`);
    inputs.push('-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${seconds}`);
  }
  const maps: string[] = [];
  const filters: string[] = [];
  if (audio !== false) {
    const a = video ? 1 : 0;
    filters.push(`[${a + 1}:a]volume=${audio}[tone];[${a}:a][tone]amix=inputs=2:normalize=0[aout]`);
    maps.push('-map', '[aout]');
  }
  if (video) maps.unshift('-map', '0:v');
  await ffmpeg(
    ...inputs,
    ...(filters.length ? ['-filter_complex', filters.join(';')] : []),
    ...maps,
    ...(o.vf ? ['-vf', o.vf] : []),
    ...(video ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : []),
    ...(audio !== false ? ['-c:a', 'aac', '-b:a', '128k'] : []),
    ...(o.extra ?? []),
    file,
  );
  return file;
}

/** Integrated loudness (LUFS) and true peak of a file's audio, by loudnorm's EBU R128 measurement. */
export async function loudnessOf(file: string): Promise<{ integrated: number; truePeak: number }> {
  const stderr = await ffmpeg('-i', file, '-map', '0:a:0', '-af', 'loudnorm=I=-16:TP=-1.5:LRA=11:print_format=json', '-f', 'null', '-');
  const json = JSON.parse(stderr.slice(stderr.lastIndexOf('{'), stderr.lastIndexOf('}') + 1));
  return { integrated: Number(json.input_i), truePeak: Number(json.input_tp) };
}

/** Keyframe times of a file's (or playlist's) video stream. */
export async function keyframeTimes(file: string): Promise<number[]> {
  const json = await ffprobeJson(file, '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags');
  return (json.packets as { pts_time: string; flags: string }[])
    .filter((p) => p.flags.startsWith('K'))
    .map((p) => Math.round(Number(p.pts_time) * 100) / 100)
    .sort((a, b) => a - b);
}

export async function tempCourse(prefix = 'ajar media '): Promise<string> {
  // A space in the folder name on purpose: courses live in "Kursus Moderasi Beragama/".
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Fast settings for tests: the defaults with a quick preset. */
export const testSettings: MediaSettings = { ...mediaDefaults, preset: 'veryfast', concurrency: 2 };

/** Bundles test/media/entry.ts (TypeScript sources) into one ESM file that a plain `node` can run as a child process. */
export async function buildEntry(): Promise<string> {
  const { build } = await import('esbuild');
  const root = path.resolve(import.meta.dirname, '../..');
  // Inside node_modules so that bare imports (bullmq, fluent-ffmpeg) resolve from the project.
  const outfile = path.join(root, 'node_modules', '.cache', 'ajar-media-test', `entry-${process.pid}-${Date.now()}.mjs`);
  await build({ entryPoints: [path.join(root, 'test/media/entry.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'silent' });
  return outfile;
}

/** Reads a child's stdout as JSON lines. */
export function jsonLines(stream: NodeJS.ReadableStream, onLine: (value: any) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      try {
        onLine(JSON.parse(line));
      } catch {
        // not ours
      }
    }
  });
}
