// `ajar check` starts fast because it loads only what checking needs (issue 16): never the packaging, verifying,
// transcoding, queue, S3 or question import/export code. Observed from outside, in a real `node bin/ajar.js`
// process, with test/cli/loaded-modules.mjs preloaded: it lists every file Node loaded and every module the
// CLI's bundle (lib/bundle/cli.cjs, scripts/build-bundle.mjs) evaluated — the bundle holds every command, and
// evaluates a command's modules only when that command runs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, repoRoot } from '../support/cli.js';

const example = path.join(repoRoot, 'examples', 'moderasi-beragama');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ajar-modul-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The files Node loaded (paths), and every module evaluated: those files and the bundle's modules (`src/…`, `node_modules/…`). */
function loadedBy(args: string[]): { code: number | null; files: string[]; modules: string[] } {
  const list = path.join(tmp, `${args[0]}.txt`);
  const r = spawnSync(process.execPath, ['--import', path.join(repoRoot, 'test/cli/loaded-modules.mjs'), bin, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'id_ID.UTF-8', AJAR_LOADED_MODULES: list },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const files = lines.filter((line) => line.startsWith('file:')).map((url) => fileURLToPath(url));
  return { code: r.status, files, modules: [...files, ...lines.filter((line) => !line.startsWith('file:') && !line.startsWith('node:'))] };
}

const packageOf = (file: string) => /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
const ajarModule = (file: string) => /^src\/(.+)\.ts$/.exec(file)?.[1];

describe('ajar check on the example course', () => {
  const { code, files, modules } = loadedBy(['check', example, '--quiet']);
  const packages = new Set(modules.map(packageOf).filter((p): p is string => p !== undefined));
  const own = new Set(modules.map(ajarModule).filter((m): m is string => m !== undefined));

  it('checks the course (exit 0) and the module list is real: the Markdown parser and the loader are in it', () => {
    expect(code).toBe(0);
    expect(packages).toContain('micromark');
    expect(own).toContain('load/index');
    expect(own).toContain('check/index');
  });

  it('runs the bundle: its modules evaluated from lib/bundle/cli.cjs, and Node loads a handful of files, none of tsc’s lib/', () => {
    expect(own).toContain('cli/main');
    expect(files.filter((f) => f.startsWith(path.join(repoRoot, 'lib') + path.sep))).toEqual([]);
    // Before the bundle, ajar check loaded about 390 files.
    expect(files.length).toBeLessThan(20);
  });

  it('compiles no JSON Schema: its validators were generated at build time, only ajv’s small runtime helpers load', () => {
    // The generated validators measure string length with ajv's helper: the list sees ajv's CommonJS files.
    expect(modules.some((m) => m.includes('/node_modules/ajv/dist/runtime/'))).toBe(true);
    expect(modules.filter((m) => /\/node_modules\/ajv\/dist\/(ajv|core|compile\/)/.test(m))).toEqual([]);
  });

  it('loads no zip, XML, ffmpeg, Redis queue or S3 package', () => {
    for (const heavy of ['archiver', 'saxes', 'fluent-ffmpeg', 'bullmq', 'ioredis', '@aws-sdk/client-s3', 'xmllint-wasm', 'sharp', 'hast-util-to-mdast']) {
      expect(packages, heavy).not.toContain(heavy);
    }
  });

  it('loads none of the later stages: render, package, verify, media (their rule declarations aside), nor question import/export', () => {
    const later = [...own].filter((m) => /^(render|package|verify|media|publish|preview)\//.test(m) && !/\/(rules|config-schema)$/.test(m));
    expect(later).toEqual([]);
    expect([...own].filter((m) => m.startsWith('questions/interop/'))).toEqual([]);
  });
});
