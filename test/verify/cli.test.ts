// `ajar verify` as a user runs it: a real process (bin/ajar.js, after `npm run build`), exit codes as check.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnAjar } from '../support/cli.js';
import { writePackage } from '../../src/package/index.js';
import { makeCourse, makeSite } from '../package/fixtures.js';
import { brokenPackages } from '../fixtures/verify/broken.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ajar verifikasi cli '));
const broken = (name: string) => {
  const b = brokenPackages().find((x) => x.name === name)!;
  const file = path.join(dir, b.name);
  writeFileSync(file, b.bytes);
  return b.name;
};

describe('ajar verify (real process)', () => {
  it('exit 0 and “No problems” for packages ajar built', async () => {
    await writePackage(makeCourse(), makeSite(), 'scorm12', dir);
    await writePackage(makeCourse(), makeSite(), 'scorm2004', dir);
    const r = spawnAjar(['verify', 'moderasi-beragama-1.2.0-scorm12.zip', 'moderasi-beragama-1.2.0-scorm2004.zip'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('moderasi-beragama-1.2.0-scorm12.zip: SCORM 1.2');
    expect(r.stdout).toContain('moderasi-beragama-1.2.0-scorm2004.zip: SCORM 2004');
    expect(r.stdout).toContain('✔ No problems.');
  });

  it('exit 1 with a located error for an unsafe zip and a broken manifest, in Indonesian', () => {
    const unsafe = broken('jalur-keluar-scorm12.zip');
    const invalid = broken('skema-scorm12.zip');
    const r = spawnAjar(['verify', unsafe, invalid], { cwd: dir, env: { LANG: 'id_ID.UTF-8' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('jalur-keluar-scorm12.zip  galat  Entri zip “../../keluar.html” memakai jalur yang tidak aman');
    expect(r.stdout).toMatch(/skema-scorm12\.zip!\/imsmanifest\.xml:\d+:1 +galat +imsmanifest\.xml tidak sah menurut skema resmi SCORM 1\.2/);
    expect(r.stdout).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
  });

  it('--format json and github for CI', () => {
    const missing = broken('berkas-hilang-scorm12.zip');
    const json = spawnAjar(['verify', missing, '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ version: 1, command: 'verify', ok: false, exitCode: 1, result: { packages: [{ file: missing, version: '1.2' }] } });
    const list = report.diagnostics as { ruleId: string; file: string; line: number; severity: string }[];
    expect(list).toContainEqual(expect.objectContaining({ ruleId: 'manifest-file-missing', file: `${missing}!/imsmanifest.xml`, severity: 'error' }));
    const gh = spawnAjar(['verify', missing, '--format', 'github'], { cwd: dir });
    expect(gh.code).toBe(1);
    expect(gh.stdout).toMatch(/^::error file=berkas-hilang-scorm12\.zip!\/imsmanifest\.xml,line=\d+,col=\d+,title=manifest-file-missing::/m);
  });

  it('warnings pass unless --strict', () => {
    const unlisted = broken('tak-tercantum-scorm12.zip');
    expect(spawnAjar(['verify', unlisted], { cwd: dir }).code).toBe(0);
    const strict = spawnAjar(['verify', unlisted, '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('“materi/catatan rahasia.docx”');
  });

  it('exit 2 for a package that does not exist, and for no argument', () => {
    const r = spawnAjar(['verify', 'tidak-ada.zip'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Package file “tidak-ada.zip” does not exist');
    expect(spawnAjar(['verify'], { cwd: dir }).code).toBe(2);
  });

  it('without xmllint on PATH falls back to xmllint-wasm with the same verdict', async () => {
    const invalid = broken('skema-scorm12.zip');
    const native = spawnAjar(['verify', invalid, '--format', 'json'], { cwd: dir });
    const wasm = spawnAjar(['verify', invalid, '--format', 'json'], { cwd: dir, env: { PATH: path.join(dir, 'tanpa-xmllint') } });
    expect(wasm.code, wasm.stderr).toBe(1);
    const pick = (out: string) => (JSON.parse(out).diagnostics as { ruleId: string; line: number }[]).map((d) => [d.ruleId, d.line]);
    expect(pick(wasm.stdout)).toEqual(pick(native.stdout));
    expect(pick(wasm.stdout)).toContainEqual(['manifest-invalid', expect.any(Number)]);
    await writePackage(makeCourse(), makeSite(), 'scorm2004', dir);
    expect(spawnAjar(['verify', 'moderasi-beragama-1.2.0-scorm2004.zip'], { cwd: dir, env: { PATH: path.join(dir, 'tanpa-xmllint') } }).code).toBe(0);
  });
});
