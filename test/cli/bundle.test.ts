// The CLI runs the esbuild bundle lib/bundle/cli.cjs (scripts/build-bundle.mjs), compiled with the V8 code
// cache lib/bundle/cli.cache made for it. Bundling moves modules, so these check from outside what moved code
// must still find or tell: ajar's own files (package.json for --version, templates/ for init), the packages it
// imports only when needed, and the build cache key, which in a development checkout is a hash of the code that
// runs — the bundle — so a rebuilt bundle never reads entries an older one wrote. And a code cache that is not
// the bundle's own (another build's, or damaged) is never used.

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    // A rebuilt bundle: the CLI file changes (here, a comment at its end).
    appendFileSync(path.join(pkg, 'lib', 'bundle', 'cli.cjs'), '\n// dibangun ulang\n');
    expect(checkCache(pkg, course)).toEqual({ hits: 0, misses: first.misses });
    expect(checkCache(pkg, course)).toEqual({ hits: first.misses, misses: 0 });
  });

  it('imports the packages it leaves outside the bundle when a command needs them (archiver for a QTI package)', () => {
    const pkg = packageCopy('qti', { checkout: false });
    const bank = path.join(repoRoot, 'examples', 'moderasi-beragama', 'bank', readdirSync(path.join(repoRoot, 'examples', 'moderasi-beragama', 'bank'))[0]!);
    const out = path.join(tmp, 'bank-qti30.zip');
    const r = ajar(pkg, ['questions', 'export', bank, '--formats', 'qti30', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('never uses a code cache that is not its bundle’s: another build’s or a damaged one is ignored, and the command works', () => {
    const pkg = packageCopy('cache', { checkout: false });
    const cache = path.join(pkg, 'lib', 'bundle', 'cli.cache');
    expect(existsSync(cache)).toBe(true);
    const course = path.join(tmp, 'kursus-cache');
    cpSync(path.join(repoRoot, 'examples', 'moderasi-beragama'), course, { recursive: true, filter: (f) => !f.includes(`${path.sep}.ajar`) });
    const bytes = readFileSync(cache);
    const variants: [string, Buffer | undefined][] = [
      ['another build', Buffer.concat([Buffer.from('0'.repeat(64), 'latin1'), bytes.subarray(64)])],
      ['damaged', Buffer.concat([bytes.subarray(0, 64), Buffer.alloc(bytes.length - 64, 7)])],
      ['cut short', bytes.subarray(0, 100)],
      ['missing', undefined],
    ];
    for (const [what, content] of variants) {
      rmSync(cache, { force: true });
      if (content) writeFileSync(cache, content);
      const r = ajar(pkg, ['check', course, '--format', 'json']);
      expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).ok, what).toBe(true);
    }
  });

  it('starts from its code cache: a fresh node accepts lib/bundle/cli.cache for cli.cjs (made at build time, under the same V8 flags)', () => {
    // Compiled exactly as bin/ajar.js compiles it. V8 refuses a cache made under other flags: a command that
    // changes a V8 flag while the build makes the cache must set it back there (scripts/build-bundle.mjs).
    const probe = `
      const { readFileSync } = require('node:fs'); const vm = require('node:vm');
      const file = process.argv[1]; const source = readFileSync(file, 'utf8');
      const mark = '\\n//# ajar-build '; const id = source.slice(source.lastIndexOf(mark) + mark.length).trim();
      const cache = readFileSync(file.replace(/\\.cjs$/, '.cache'));
      const script = new vm.Script('(function (exports, require, module, __filename, __dirname, __ajarImport) { ' + source + '\\n});', { filename: file, cachedData: cache.subarray(id.length) });
      console.log(JSON.stringify({ header: cache.toString('latin1', 0, id.length) === id, rejected: script.cachedDataRejected }));`;
    const r = spawnSync(process.execPath, ['-e', probe, path.join(repoRoot, 'lib', 'bundle', 'cli.cjs')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ header: true, rejected: false });
  });
});
