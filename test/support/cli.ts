// Runs the real `ajar` CLI: in-process through main() (fast, same code path as bin/) or as a child process.

import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(repoRoot, 'bin/ajar.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** In-process: the command's own code with captured streams (no TTY, no colour). */
export async function runAjar(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await main(args, {
    cwd: options.cwd ?? repoRoot,
    stdout: out,
    stderr: err,
    env: { LANG: 'en_US.UTF-8', ...options.env },
  });
  return { code, stdout, stderr };
}

/** As a real process through bin/ajar.js (needs `npm run build` first; the test script does it). */
export function spawnAjar(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', ...options.env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
