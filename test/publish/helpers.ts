// Shared by the publish tests: real SCORM packages (written by the package stage, so the verify step
// passes) carrying a multi-megabyte video, and the CLI as a real child process that does not block the
// test's own servers.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writePackage } from '../../src/package/index.js';
import type { ScormFormat } from '../../src/package/index.js';
import { makeCourse, makeSite } from '../package/fixtures.js';
import { bin, repoRoot } from '../support/cli.js';

export const MiB = 1024 * 1024;

/** `moderasi-beragama-<version>-<format>.zip` in `dir`, with `videoBytes` of incompressible video inside. */
export async function makePackage(dir: string, options: { version?: string; format?: ScormFormat; videoBytes?: number } = {}): Promise<string> {
  const base = makeSite();
  const video = { path: 'media/pengantar moderasi 360p.mp4', data: new Uint8Array(randomBytes(options.videoBytes ?? 6 * MiB)) };
  const files = [...base.files, video].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const written = await writePackage(makeCourse({ version: options.version ?? '1.2.0' }), makeSite({ files }), options.format ?? 'scorm12', dir);
  if (!written.result) throw new Error(`package not written: ${JSON.stringify(written.diagnostics)}`);
  return written.result.file;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(typeof data === 'string' ? readFileSync(data) : data).digest('hex');
}

export interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
  /** Milliseconds from start to exit. */
  ms: number;
  /** Killed after `timeoutMs` (the command did not end by itself). */
  timedOut: boolean;
}

/** `node bin/ajar.js …` (after `npm run build`), asynchronously so in-process servers keep answering. */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Spawned> & { child: ReturnType<typeof spawn> } {
  const started = Date.now();
  let timedOut = false;
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs)
    : undefined;
  const done = new Promise<Spawned>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started, timedOut });
    }),
  );
  return Object.assign(done, { child });
}

export { repoRoot };
