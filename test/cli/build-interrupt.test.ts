// Ctrl+C during `ajar build` (issue 16): the packages are zipped one format at a time to `.tmp-*` files in the
// output folder; a build stopped by SIGINT or SIGTERM removes them, writes no package, and exits 130. A build
// killed outright (a second Ctrl+C, SIGKILL) cannot clean up: the next build removes what it left.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline.js';
import { generateCourse } from '../package/generate-course.js';
import { bin, repoRoot } from '../support/cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ajar-hentikan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `ajar build` and sends `signal` as soon as the first package is staged in `out`. */
function buildStoppedMidway(dir: string, out: string, signal: NodeJS.Signals): Promise<{ code: number | null; sawTemp: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build', dir, '--no-media', '--no-cache', '--formats', 'scorm12,scorm2004,cmi5,xapi', '-o', out], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'id_ID.UTF-8', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    let sawTemp = false;
    const poll = setInterval(() => {
      if (sawTemp) return;
      const names = existsSync(out) ? readdirSync(out) : [];
      if (names.some((n) => n.startsWith('.tmp-'))) {
        sawTemp = true;
        child.kill(signal);
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, sawTemp, stderr });
    });
  });
}

describe('ajar build stopped with Ctrl+C', () => {
  // Large enough that the four formats take a while after the first one is staged.
  const dir = generateCourse(path.join(root, 'kursus'), 600, { quizzes: true });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`leaves no .tmp-* file and no package after ${signal}, and exits 130`, async () => {
      const out = path.join(root, `dist-${signal}`);
      mkdirSync(out);
      writeFileSync(path.join(out, 'catatan.txt'), 'Paket lama dipindahkan ke arsip.\n');
      const run = await buildStoppedMidway(dir, out, signal);
      expect(run.sawTemp).toBe(true);
      expect(run.code, run.stderr).toBe(130);
      // The folder keeps what it had and gains nothing.
      expect(readdirSync(out)).toEqual(['catatan.txt']);
    }, 600_000);
  }
});

describe('a build after one that was killed outright', () => {
  it('removes the .tmp-* packages the dead process left, and keeps those of a build still running', async () => {
    const dir = generateCourse(path.join(root, 'kursus-kecil'), 12, { quizzes: true });
    const out = path.join(dir, 'dist');
    mkdirSync(out);
    // A process id that is not running: a child that has exited.
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('close', () => resolve(child.pid!));
    });
    const left = `.tmp-kursus-besar-1.0.0-cmi5.zip-${dead}-0a1b2c3d`;
    const running = `.tmp-kursus-besar-1.0.0-xapi.zip-${process.ppid}-4e5f6a7b`;
    const notOurs = `.tmp-laporan.pdf-${dead}-8c9d0e1f`;
    for (const name of [left, running, notOurs]) writeFileSync(path.join(out, name), 'PK');
    const result = await build({ dir, formats: ['cmi5'], media: false, env: {}, outDir: out, workers: false, cache: false });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const names = readdirSync(out).sort();
    expect(names).toEqual([running, notOurs, path.basename(result.packages[0]!.file)].sort());
  });
});
