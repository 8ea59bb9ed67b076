// `rules:` in ajar.yaml in `ajar preview`: the severities apply to what preview shows of a course's
// diagnostics — the terminal lines of the first build, the error page and the panel's build error — and a
// save of ajar.yaml while preview runs applies at the next rebuild; preview's own notice (preview-not-built)
// follows them too. The course has one lesson the syllabus does not link (unlinked-file, a warning by default).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startPreview } from '../../src/preview/server.js';
import { plan } from '../../src/pipeline.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { bin } from '../support/cli.js';
import { ensurePlayerBundle } from '../support/player-bundle.js';
import { writeCourse } from '../cmi5/course.js';

const NOTES = 'materi/catatan-fasilitator.md';

/** The preview course with a facilitator's notes no page links to, and `rules:` lines added to its ajar.yaml. */
async function courseWithNotes(rules?: string): Promise<string> {
  const dir = await writeCourse();
  await writeFile(path.join(dir, NOTES), '# Catatan fasilitator\n\nBagikan kasus diskusi setelah modul 1.\n');
  if (rules) await setRules(dir, rules);
  return dir;
}

async function setRules(dir: string, rules: string): Promise<void> {
  const yaml = path.join(dir, 'ajar.yaml');
  const base = (await readFile(yaml, 'utf8')).replace(/\nrules:[\s\S]*$/, '\n');
  await writeFile(yaml, `${base}rules:\n${rules}`);
}

async function until<T>(what: string, get: () => T | undefined | false, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const v = get();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `ajar preview` as a real process: what it printed by the time it listens, and what its page answers. */
async function previewProcess(dir: string, lang: 'en' | 'id' = 'en', extra: string[] = []): Promise<{ stderr: string; status: number; page: string }> {
  const child = spawn(process.execPath, [bin, '--lang', lang, 'preview', dir, '--port', '0', '--formats', 'xapi', '--no-watch', ...extra], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    const url = await until('the preview URL', () => /(?:Preview|Pratinjau): (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1]);
    const response = await fetch(url);
    return { stderr: err, status: response.status, page: await response.text() };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

describe('rules: in ajar preview', () => {
  it('the terminal shows a warning by default, nothing once the rule is off, and an error that stops the preview once it is error', async () => {
    await ensurePlayerBundle();
    const plain = await previewProcess(await courseWithNotes());
    expect(plain.stderr).toContain(NOTES);
    expect(plain.stderr).toMatch(/warning\s+File “materi\/catatan-fasilitator\.md” is not referenced/);
    expect(plain.status).toBe(200);

    const off = await previewProcess(await courseWithNotes('  unlinked-file: off\n'));
    expect(off.stderr).not.toContain('unlinked-file');
    expect(off.stderr).not.toContain(NOTES);
    expect(off.status).toBe(200);

    const raised = await previewProcess(await courseWithNotes('  unlinked-file: error\n'), 'id');
    expect(raised.stderr).toMatch(/galat\s+Berkas “materi\/catatan-fasilitator\.md” tidak dirujuk/);
    expect(raised.stderr).toContain('Kursus belum dapat ditampilkan');
    // The page is the error page, with the finding as an error.
    expect(raised.status).toBe(500);
    expect(raised.page).toContain('unlinked-file');
    expect(raised.page).toContain('materi/catatan-fasilitator.md');

    // preview's own notice is a diagnostic too: turned off, the error stays and the notice goes (and nothing says “built”).
    const quiet = await previewProcess(await courseWithNotes('  unlinked-file: error\n  preview-not-built: off\n'));
    expect(quiet.stderr).toMatch(/error\s+File “materi\/catatan-fasilitator\.md” is not referenced/);
    expect(quiet.stderr).not.toContain('preview-not-built');
    expect(quiet.stderr).not.toContain('cannot be shown yet');
    expect(quiet.stderr).not.toContain('✔ Built');
    expect(quiet.status).toBe(500);
  }, 240_000);

  it('--strict: a warning keeps the course from being shown, as ajar check --strict would fail it; a rule turned off stays off', async () => {
    await ensurePlayerBundle();
    const strict = await previewProcess(await courseWithNotes(), 'en', ['--strict']);
    expect(strict.stderr).toMatch(/error\s+File “materi\/catatan-fasilitator\.md” is not referenced/);
    expect(strict.stderr).not.toContain('✔ Built');
    expect(strict.status).toBe(500);
    expect(strict.page).toContain('unlinked-file');

    const off = await previewProcess(await courseWithNotes('  unlinked-file: off\n'), 'en', ['--strict']);
    expect(off.stderr).not.toContain('unlinked-file');
    expect(off.status).toBe(200);
  }, 240_000);

  it('a save of ajar.yaml applies at the rebuild: the rule raised to error stops the course, turned off it builds again without the finding', async () => {
    const dir = await courseWithNotes();
    const builds: { diagnostics: readonly Diagnostic[]; ok: boolean; notices: readonly Diagnostic[] }[] = [];
    const server = await startPreview({ dir, plan, mode: 'xapi', port: 0, env: {}, lang: 'en', watch: false, onBuild: (diagnostics, ok, notices) => builds.push({ diagnostics, ok, notices }) });
    try {
      expect(builds.at(-1)!.ok).toBe(true);
      expect(builds.at(-1)!.diagnostics.map((d) => [d.ruleId, d.severity])).toContainEqual(['unlinked-file', 'warning']);

      await setRules(dir, '  unlinked-file: error\n');
      await server.rebuild();
      expect(builds.at(-1)!.ok).toBe(false);
      expect(builds.at(-1)!.diagnostics.map((d) => [d.ruleId, d.severity])).toContainEqual(['unlinked-file', 'error']);
      expect(builds.at(-1)!.notices.map((d) => [d.ruleId, d.severity])).toEqual([['preview-not-built', 'warning']]);
      // The panel's build error (what the event stream sends an open page) names it.
      const events = await fetch(new URL('/_preview/events', server.url));
      const reader = events.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      const next = first.includes('build-error') ? first : first + new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      expect(next).toContain('build-error');
      expect(next).toContain('unlinked-file');

      await setRules(dir, '  unlinked-file: off\n');
      await server.rebuild();
      expect(builds.at(-1)!.ok).toBe(true);
      expect(builds.at(-1)!.diagnostics.map((d) => d.ruleId)).not.toContain('unlinked-file');
      expect(builds.at(-1)!.notices).toEqual([]);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 120_000);
});
