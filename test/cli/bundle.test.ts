// The CLI runs the esbuild bundle in lib/bundle/ (scripts/build-bundle.mjs). Bundling moves modules, so
// these check from outside what moved code must still find or tell: ajar's own files (package.json for
// --version, templates/ for init), and the build cache key, which in a development checkout is a hash of the
// code that runs — the bundle — so a rebuilt bundle never reads entries an older one wrote.

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ajar-bundel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the built package (bin/, lib/bundle/, package.json, templates/), with or without a src/ folder. */
function packageCopy(name: string, { checkout }: { checkout: boolean }): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  for (const part of ['bin', 'templates', 'package.json']) cpSync(path.join(repoRoot, part), path.join(dir, part), { recursive: true });
  cpSync(path.join(repoRoot, 'lib', 'bundle'), path.join(dir, 'lib', 'bundle'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  if (checkout) mkdirSync(path.join(dir, 'src'));
  return dir;
}

function ajar(pkg: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'ajar.js'), ...args], {
    cwd: tmp,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'id_ID.UTF-8' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function checkCache(pkg: string, course: string): { hits: number; misses: number } {
  const r = ajar(pkg, ['check', course, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout).result.cache;
}

describe('the bundled CLI', () => {
  it('finds its own package.json and templates wherever the bundle put its code', () => {
    const pkg = packageCopy('terpasang', { checkout: false });
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(ajar(pkg, ['--version']).stdout.trim()).toBe(version);
    const init = ajar(pkg, ['init', 'kursus-baru']);
    expect(init.code, init.stderr).toBe(0);
    expect(readdirSync(path.join(tmp, 'kursus-baru'))).toContain('syllabus.md');
    expect(ajar(pkg, ['check', path.join(tmp, 'kursus-baru'), '--quiet']).code).toBe(0);
  });

  it('keys the build cache by the bundle it runs: unchanged, every file is a hit; rebuilt, every file is read again', () => {
    const pkg = packageCopy('checkout', { checkout: true });
    const course = path.join(tmp, 'moderasi');
    cpSync(path.join(repoRoot, 'examples', 'moderasi-beragama'), course, { recursive: true, filter: (f) => !f.includes(`${path.sep}.ajar`) });
    const first = checkCache(pkg, course);
    expect(first.misses).toBeGreaterThan(5);
    expect(checkCache(pkg, course)).toEqual({ hits: first.misses, misses: 0 });
    // A rebuilt bundle: one chunk the check never loads changes (a later stage's code).
    const inputs = JSON.parse(readFileSync(path.join(pkg, 'lib', 'bundle', 'inputs.json'), 'utf8')) as Record<string, string[]>;
    const renderChunk = Object.keys(inputs).find((file) => inputs[file]!.includes('src/render/index.ts'))!;
    appendFileSync(path.join(pkg, 'lib', 'bundle', renderChunk), '\n// dibangun ulang\n');
    expect(checkCache(pkg, course)).toEqual({ hits: 0, misses: first.misses });
    expect(checkCache(pkg, course)).toEqual({ hits: first.misses, misses: 0 });
  });
});
