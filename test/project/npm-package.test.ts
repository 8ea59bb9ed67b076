// A user installs ajar from the registry, not from a clone: the packed tarball must carry everything the
// commands need at run time (compiled code, player bundle, templates, schemas) and nothing that is test
// data (Moodle's GPL files, ADL's manifests). Installed into an empty folder with production dependencies
// only, `ajar init` + `ajar build` must work there, exactly as the README tells a new user.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'ajar pack '));
let tarball = '';
let files: string[] = [];

beforeAll(() => {
  // --ignore-scripts: lib/ was built by the test command; `prepare` would rebuild it under running tests.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed!.filename);
  files = packed!.files.map((f) => f.path);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('carries the compiled CLI, the player bundle, the templates and the schemas', () => {
    for (const needed of [
      'bin/ajar.js',
      'lib/cli/main.js',
      'lib/player/player.js',
      'lib/player/player.css',
      'templates/id/syllabus.md',
      'templates/en/syllabus.md',
      'templates/media/video-contoh.mp4',
      'vendor/xsd/scorm12/scorm12_all.xsd',
      'vendor/xsd/scorm2004/scorm2004_all.xsd',
      'vendor/xsd/cmi5/CourseStructure.xsd',
    ]) expect(files, needed).toContain(needed);
  });

  it('carries no tests, third-party test data or TypeScript sources', () => {
    expect(files.filter((f) => /^(test|src|bench|scripts|examples|docs)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /third-party|adl-cts|LMSTestPackage|\.gift$/i.test(f))).toEqual([]);
  });

  it('lists in "files" only what exists', async () => {
    const pkg = (await import(path.join(repoRoot, 'package.json'), { with: { type: 'json' } })).default as { files: string[] };
    expect(pkg.files.filter((entry) => !existsSync(path.join(repoRoot, entry)))).toEqual([]);
  });

  it('installs into an empty folder and scaffolds and builds a course there', () => {
    const user = path.join(work, 'proyek pelatihan');
    execFileSync('mkdir', ['-p', user]);
    execFileSync('npm', ['init', '-y'], { cwd: user, stdio: 'ignore' });
    const install = spawnSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: user, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    // No dev dependency of ajar is installed: the test tools must not be needed at run time.
    for (const dev of ['vitest', 'typescript', 'esbuild', '@tus/server', 'playwright-core']) {
      expect(existsSync(path.join(user, 'node_modules', dev)), dev).toBe(false);
    }
    const env = { ...process.env, LANG: 'id_ID.UTF-8' };
    const init = spawnSync('npx', ['--no-install', 'ajar', 'init', 'kursus'], { cwd: user, encoding: 'utf8', env });
    expect(init.status, init.stderr).toBe(0);
    const build = spawnSync('npx', ['--no-install', 'ajar', 'build', 'kursus'], { cwd: user, encoding: 'utf8', env });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const zips = readdirSync(path.join(user, 'kursus', 'dist')).filter((f) => f.endsWith('.zip')).sort();
    // The scaffold's ajar.yaml asks for SCORM 1.2 and 2004.
    expect(zips.map((z) => z.replace(/^.*-(scorm12|scorm2004|cmi5|xapi)\.zip$/, '$1'))).toEqual(['scorm12', 'scorm2004']);
    const verify = spawnSync('npx', ['--no-install', 'ajar', 'verify', ...zips.map((z) => path.join('kursus', 'dist', z))], { cwd: user, encoding: 'utf8', env });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 600_000);
});
