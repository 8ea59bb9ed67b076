// `ajar build` as a user runs it: a real process (bin/ajar.js, after `npm run build`), on a copy of the
// example course in a folder whose path has spaces.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixture } from '../support/tree.js';
import { repoRoot, spawnAjar } from '../support/cli.js';
import { generateCourse } from './generate-course.js';
import { loadCourse } from '../../src/load/index.js';
import { worstCaseStateChars } from '../../src/core/state.js';
import { xmllint } from './xmllint.js';
import { cmi5Xsd } from '../support/third-party.js';
import { spawnSync } from 'node:child_process';
import { unzip } from './unzip.js';

const example = path.join(repoRoot, 'examples', 'moderasi-beragama');

/**
 * A generated course whose worst-case learner state (as the player computes it) is over SCORM 1.2's 4,096
 * characters and far under 2004's 64,000: quizzes drawing more questions until it is.
 */
async function courseOverScorm12Limit(): Promise<string> {
  for (let questions = 60; questions <= 960; questions *= 2) {
    const dir = generateCourse(path.join(mkdtempSync(path.join(os.tmpdir(), 'ajar besar ')), 'kursus besar'), 300, { quizzes: true, questions });
    const { course } = await loadCourse(dir, {});
    const chars = worstCaseStateChars(course!);
    if (chars > 4096) {
      expect(chars).toBeLessThan(64000);
      return dir;
    }
  }
  throw new Error('no generated course exceeds 4,096 characters of state');
}

/** A top-level key of the syllabus front matter, as written. */
function frontMatter(course: string, key: string): string {
  const m = new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(readFileSync(path.join(course, 'syllabus.md'), 'utf8'));
  return m![1]!.trim().replace(/^["']|["']$/g, '');
}

interface BuildJson {
  ok: boolean;
  media: string;
  course: { id: string; version: string } | null;
  packages: { format: string; file: string; bytes: number; sha256: string }[];
  diagnostics: { ruleId: string; severity: string; file: string | null; line: number | null }[];
}

/** The build's `--format json` envelope, flattened: { ok, diagnostics } and the result's fields. */
function buildJson(stdout: string): BuildJson {
  const envelope = JSON.parse(stdout);
  expect(envelope).toMatchObject({ version: 1, command: 'build' });
  return { ok: envelope.ok, diagnostics: envelope.diagnostics, ...(envelope.result ?? { course: null, media: 'skipped', packages: [] }) };
}

describe('ajar build (real process)', () => {
  it('builds both SCORM packages of the example course, valid against the official XSDs and byte-identical across builds', async () => {
    const course = copyFixture(example);
    const outA = mkdtempSync(path.join(os.tmpdir(), 'ajar keluaran a '));
    const outB = mkdtempSync(path.join(os.tmpdir(), 'ajar keluaran b '));
    const a = spawnAjar(['build', course, '--formats', 'scorm12,scorm2004', '--no-media', '--out', outA, '--format', 'json']);
    expect(a.code, a.stderr + a.stdout).toBe(0);
    const report = buildJson(a.stdout);
    expect(report.ok).toBe(true);
    const { id, version } = report.course!;
    expect(id).toBe(frontMatter(course, 'id'));
    expect(report.packages.map((p) => path.basename(p.file))).toEqual([`${id}-${version}-scorm12.zip`, `${id}-${version}-scorm2004.zip`]);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const p of report.packages) {
      const entries = await unzip(p.file);
      const manifest = entries.find((e) => e.name === 'imsmanifest.xml')!.data.toString('utf8');
      const r = xmllint(manifest, p.format as 'scorm12' | 'scorm2004');
      expect(r.code, r.stderr).toBe(0);
      expect(entries.map((e) => e.name)).toContain('index.html');
      // Every file in the zip except the manifest and the schemas is listed in the manifest.
      for (const e of entries) {
        if (e.name === 'imsmanifest.xml' || e.name.endsWith('.xsd')) continue;
        expect(manifest).toContain(`href="${e.name.split('/').map(encodeURIComponent).join('/')}"`);
      }
    }
    // Another process, another time zone (Jakarta, UTC+7): the same bytes.
    const b = spawnAjar(['build', course, '--formats', 'scorm12,scorm2004', '--no-media', '--out', outB, '--format', 'json'], { env: { TZ: 'Asia/Jakarta' } });
    expect(b.code).toBe(0);
    for (const name of readdirSync(outA)) {
      expect(readFileSync(path.join(outB, name)).equals(readFileSync(path.join(outA, name))), name).toBe(true);
    }
  });

  it('writes to the course’s dist/ by default when run inside the course folder', () => {
    const course = copyFixture(example);
    rmSync(path.join(course, 'dist'), { recursive: true, force: true });
    const r = spawnAjar(['--lang', 'id', 'build', '.', '--formats', 'scorm12', '--no-media'], { cwd: course });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const name = `${frontMatter(course, 'id')}-${frontMatter(course, 'version')}-scorm12.zip`;
    expect(r.stdout).toContain(`✔ ${path.join('dist', name)}`);
    expect(readdirSync(path.join(course, 'dist'))).toEqual([name]);
  });

  it('fails with exit 1 and a located diagnostic when the worst-case state exceeds SCORM 1.2, writing nothing', async () => {
    const course = await courseOverScorm12Limit();
    const r = spawnAjar(['build', course, '--formats', 'scorm12,scorm2004', '--no-media']);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toMatch(/syllabus\.md:\d+:\d+ +error +This course's learner state can reach \d+ characters, over the 4096-character suspend_data limit of SCORM 1\.2\. +state-too-large/);
    // The place as seen from where the command ran (the test runs it from the repository).
    expect(r.stdout).toContain(`${path.relative(repoRoot, path.join(course, 'syllabus.md')).split(path.sep).join('/')}:`);
    expect(r.stdout).toContain('--formats scorm2004');
    expect(r.stderr).toContain('No package written');
    expect(r.stdout).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(existsSync(path.join(course, 'dist'))).toBe(false);
    // SCORM 2004 alone fits.
    const ok = spawnAjar(['build', course, '--formats', 'scorm2004', '--no-media', '--format', 'json']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(buildJson(ok.stdout).packages).toHaveLength(1);
  });

  it('a format failing after another was zipped leaves no package and no temporary file: dist/ is not even made', async () => {
    const course = await courseOverScorm12Limit();
    // SCORM 2004 fits and is zipped first (one format at a time, to a temporary file); SCORM 1.2 then fails.
    const r = spawnAjar(['build', course, '--formats', 'scorm2004,scorm12', '--no-media']);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toContain('state-too-large');
    expect(r.stderr).toContain('No package written');
    expect(existsSync(path.join(course, 'dist'))).toBe(false);
    // An output folder that was already there keeps what it had, and gains nothing (no .tmp-* file either).
    const out = mkdtempSync(path.join(os.tmpdir(), 'ajar keluaran ada '));
    writeFileSync(path.join(out, 'catatan.txt'), 'paket lama\n');
    const again = spawnAjar(['build', course, '--formats', 'scorm2004,scorm12', '--no-media', '-o', out]);
    expect(again.code, again.stderr + again.stdout).toBe(1);
    expect(readdirSync(out)).toEqual(['catatan.txt']);
  });

  it('exit 2 for usage errors: an unknown format, a folder that does not exist', () => {
    const course = copyFixture(example);
    const wrong = spawnAjar(['build', course, '--formats', 'scorm3']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Unknown package format “scorm3”');
    const missing = spawnAjar(['build', path.join(course, 'tidak-ada')]);
    expect(missing.code).toBe(2);
    // A folder without syllabus.md: still one JSON report for CI.
    const empty = spawnAjar(['build', mkdtempSync(path.join(os.tmpdir(), 'ajar kosong ')), '--format', 'json']);
    expect(empty.code).toBe(2);
    const report = buildJson(empty.stdout);
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(['no-syllabus']);
  });

  it('exit 1 with the checker’s diagnostics for a broken course, nothing written', () => {
    const course = copyFixture(example);
    rmSync(path.join(course, 'dist'), { recursive: true, force: true }); // outputs of an earlier build of the example
    const syllabus = path.join(course, 'syllabus.md');
    const text = readFileSync(syllabus, 'utf8').replace('(materi/02-landasan.md)', '(materi/02-landasn.md)');
    writeFileSync(syllabus, text);
    const r = spawnAjar(['build', course, '--no-media', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = buildJson(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.packages).toEqual([]);
    expect(report.diagnostics.some((d) => d.severity === 'error' && d.file === 'syllabus.md')).toBe(true);
    expect(existsSync(path.join(course, 'dist'))).toBe(false);
  });

  it('end to end with media: transcodes with ffmpeg, packages the renditions, verifies clean, rebuilds byte-identical', async () => {
    const course = copyFixture(example);
    const first = spawnAjar(['build', course, '--formats', 'scorm12,scorm2004', '--format', 'json']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const report = buildJson(first.stdout);
    expect(report.media).toBe('transcoded');
    for (const p of report.packages) {
      const names = (await unzip(p.file)).map((e) => e.name);
      // Renditions from the media stage (content-addressed folders), not the source video.
      expect(names.some((n) => /^media\/[0-9a-f]{16,}\/.+\.(mp4|m3u8)$/.test(n)), names.join('\n')).toBe(true);
      expect(names.some((n) => n.endsWith('captions.vtt') || n.endsWith('.vtt'))).toBe(true);
    }
    const verified = spawnAjar(['verify', ...report.packages.map((p) => p.file)]);
    expect(verified.code, verified.stdout).toBe(0);
    const second = spawnAjar(['build', course, '--formats', 'scorm12,scorm2004', '--format', 'json']);
    const again = buildJson(second.stdout);
    expect(again.packages.map((p) => p.sha256)).toEqual(report.packages.map((p) => p.sha256));
  });

  it('without ffmpeg: warns, packages the source media as they are, still exit 0', async () => {
    const course = copyFixture(example);
    const r = spawnAjar(['build', course, '--formats', 'scorm2004', '--format', 'json'], { env: { FFMPEG_PATH: path.join(course, 'tidak-ada-ffmpeg') } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = buildJson(r.stdout);
    expect(report.media).toBe('no-ffmpeg');
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'media-not-transcoded', severity: 'warning', file: 'syllabus.md' }));
    const names = (await unzip(report.packages[0]!.file)).map((e) => e.name);
    // The source video itself, not renditions from content-addressed media folders.
    expect(names.some((n) => n.endsWith('.mp4') && !/^media\/[0-9a-f]{16,}\//.test(n)), names.join('\n')).toBe(true);
    expect(names.some((n) => /^media\/[0-9a-f]{16,}\//.test(n))).toBe(false);
  });

  it('builds every format ajar.yaml asks for, cmi5 and xAPI included (cmi5.xml valid against the cmi5 XSD)', async () => {
    const course = copyFixture(example);
    rmSync(path.join(course, 'dist'), { recursive: true, force: true });
    writeFileSync(path.join(course, 'ajar.yaml'), 'build:\n  formats: [scorm2004, cmi5, xapi]\n');
    const r = spawnAjar(['build', course, '--no-media', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = buildJson(r.stdout);
    expect(report.packages.map((p) => p.format)).toEqual(['scorm2004', 'cmi5', 'xapi']);
    const cmi5 = await unzip(report.packages[1]!.file);
    expect(cmi5[0]!.name).toBe('cmi5.xml');
    const check = spawnSync('xmllint', ['--noout', '--nonet', '--schema', cmi5Xsd, '-'], { input: cmi5[0]!.data, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect((await unzip(report.packages[2]!.file)).map((e) => e.name)).toContain('tincan.xml');
  });
});
