// `ajar questions import|export`: convert question banks between Markdown and GIFT, Aiken, Moodle XML, QTI.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../../diagnostics/report.js';
import { AjarError } from '../../diagnostics/errors.js';
import { counted, t } from '../../diagnostics/lang.js';
import { writeFileAtomic, writeStreamAtomic } from '../../fs/atomic.js';
import { parseFrontMatter } from '../../source/frontmatter.js';
import { courseFs, normaliseText, staysInside } from '../../source/files.js';
import { loadBank } from '../../questions/index.js';
import { rules, type UsageProblem } from '../../questions/rules.js';
import { slugify } from '../../core/ids.js';
import type { NumberConvention } from '../../core/numbers.js';
import { loadInterop, type ExportFormat, type ImportFormat } from '../../questions/index.js';
import { zipStream } from '../../package/index.js';
import { CONFIG_FILE } from '../../config/index.js';
import { ruleSettingsIn } from './course-folder.js';
import { oneFormat } from '../formats.js';
import type { GrammarOptions } from '../options.js';
import { exitCodeOf, finish, settle } from '../outcome.js';
import { rules as cliRules } from '../rules.js';

// The import/export code is loaded when a command runs (no top-level await: the CLI bundle is CommonJS).

export interface ImportOptions extends GrammarOptions {
  from?: string;
  id?: string;
  title?: string;
}

export type ExportOptions = GrammarOptions;

function usage(problem: UsageProblem, data: Record<string, string>): AjarError {
  return new AjarError(rules['questions-usage']({ data: { problem, ...data } }), 2);
}

async function readText(ctx: Context, file: string): Promise<string> {
  const abs = path.resolve(ctx.cwd, file);
  const info = await stat(abs).catch(() => undefined);
  if (!info?.isFile()) throw usage('file-not-found', { file });
  const bytes = await readFile(abs);
  try {
    return normaliseText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw usage('not-utf8', { file });
  }
}

/** `ajar questions import <file> [--from gift|aiken|moodlexml] [-o out.md]` */
export async function questionsImport(ctx: Context, file: string, options: ImportOptions): Promise<number> {
  const { detectImportFormat, importFormats, importQuestions, writeBankMarkdown } = await loadInterop();
  const text = await readText(ctx, file);
  if (options.from && !(importFormats as readonly string[]).includes(options.from)) {
    throw usage('unknown-format', { format: options.from, known: importFormats.join(', ') });
  }
  const format = (options.from as ImportFormat | undefined) ?? detectImportFormat(file, text);
  const output = options.out ? path.resolve(ctx.cwd, options.out) : undefined;
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const filesDir = `${output ? path.basename(output).replace(/\.md$/i, '') : slugify(base)}-berkas`;
  const result = importQuestions(format, text, file, { filesDir });
  const id = options.id ?? slugify(output ? path.basename(output).replace(/\.md$/i, '') : base);
  const title = options.title ?? result.title ?? base;
  const markdown = writeBankMarkdown({ id, title }, result.drafts);

  // The Markdown must load back cleanly: whatever our checks find in the imported questions is reported too.
  const outName = output ? path.relative(ctx.cwd, output) || path.basename(output) : `${base}.md`;
  const source = { path: outName.split(path.sep).join('/'), text: markdown };
  const reloaded = loadBank(source, parseFrontMatter(source));
  const diagnostics = [...result.diagnostics, ...reloaded.diagnostics.filter((d) => d.ruleId !== 'bank-empty' || result.drafts.length === 0)];
  if (result.drafts.length === 0) diagnostics.push(cliRules['import-nothing']({ file, data: { file } }));

  const ruleSettings = await ruleSettingsIn(path.join(await courseRoot(output ? path.dirname(output) : ctx.cwd), CONFIG_FILE), ctx.env);
  if (!output && result.files.size) {
    diagnostics.push(rules['import-lossy']({ file, data: { id: '*', what: 'embedded-files', count: result.files.size } }));
  }
  if (output && result.drafts.length) {
    await writeFileAtomic(output, markdown);
    for (const [name, data] of [...result.files].sort(([a], [b]) => a.localeCompare(b))) {
      const target = path.join(path.dirname(output), filesDir, ...name.split('/'));
      if (!staysInside(path.relative(path.dirname(output), target).split(path.sep).join('/'))) continue;
      await writeFileAtomic(target, Buffer.from(data, 'base64'));
    }
  }
  // Without -o the bank goes to stdout; with --format json it travels in the envelope instead.
  if (!output && options.format !== 'json') write(ctx.stdout, markdown);
  const imported = { file, from: format, out: output ? outName : null, questions: result.drafts.length, ...(output ? {} : { text: markdown }) };
  return finish(
    ctx,
    'questions import',
    {
      diagnostics,
      result: imported,
      ruleSettings,
      reportTo: 'stderr',
      pretty: ({ shown }) => {
        if (shown.length) write(ctx.stderr, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color: ctx.color }));
        if (ctx.quiet) return;
        const lossy = diagnostics.filter((d) => d.ruleId === 'import-lossy').length;
        const target = output ? outName : 'stdout';
        write(
          ctx.stderr,
          t(
            ctx.lang,
            `${result.drafts.length} soal diimpor dari ${file} (${format}) ke ${target}${lossy ? `; ${lossy} hal tidak terbawa (lihat peringatan di atas)` : ''}.`,
            `Imported ${counted(result.drafts.length, 'question')} from ${file} (${format}) into ${target}${lossy ? `; ${counted(lossy, 'thing')} not carried over (see the warnings above)` : ''}.`,
          ),
        );
      },
    },
    options,
  );
}

/** `ajar questions export <bank.md> --formats gift|moodlexml|qti21|qti30 [-o file]` */
export async function questionsExport(ctx: Context, file: string, options: ExportOptions): Promise<number> {
  const { exportFormats, exportQuestions } = await loadInterop();
  const to = oneFormat<ExportFormat>(options.formats, exportFormats);
  const abs = path.resolve(ctx.cwd, file);
  const text = await readText(ctx, file);
  // Image paths in the bank are resolved inside the course folder (the nearest folder with syllabus.md).
  const root = await courseRoot(path.dirname(abs));
  const relative = path.relative(root, abs).split(path.sep).join('/');
  const source = { path: relative, text };
  const fm = parseFrontMatter(source);
  if (fm.data.type !== 'bank') {
    throw usage('not-a-bank', { file });
  }
  // Numbers in answer keys are read by the course's language, as `ajar check` and `ajar build` read them.
  const loaded = loadBank(source, fm, await numberConventionIn(root));
  const output = options.out ? path.resolve(ctx.cwd, options.out) : undefined;
  const ruleSettings = await ruleSettingsIn(path.join(root, CONFIG_FILE), ctx.env);
  const done = (diagnostics: Diagnostic[], out: string | null, exported?: string) =>
    finish(
      ctx,
      'questions export',
      {
        diagnostics,
        result: { file, format: to, out, questions: loaded.bank.questions.length, ...(exported !== undefined ? { text: exported } : {}) },
        ruleSettings,
        reportTo: 'stderr',
        pretty: ({ shown, exitCode }) => {
          if (shown.length) write(ctx.stderr, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color: ctx.color }));
          if (exitCode !== 0) {
            write(ctx.stderr, t(ctx.lang, 'Tidak ada yang diekspor: perbaiki masalah di atas lalu jalankan ulang.', 'Nothing was exported: fix the problems above and run again.'));
          } else if (!ctx.quiet && out) {
            const where = out;
            write(
              ctx.stderr,
              to.startsWith('qti')
                ? t(ctx.lang, `Paket ${to} ditulis: ${where}`, `Wrote the ${to} package: ${where}`)
                : t(ctx.lang, `${loaded.bank.questions.length} soal diekspor ke ${where}.`, `Exported ${counted(loaded.bank.questions.length, 'question')} to ${where}.`),
            );
          }
        },
      },
      options,
    );
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return done(loaded.diagnostics, null);

  const fs = courseFs(root);
  const assets = new Map<string, Uint8Array>();
  for (const asset of [...new Set(loaded.bank.questions.flatMap((q) => q.assets ?? []))].sort()) {
    const bytes = await fs.readBytes(asset);
    if (bytes) assets.set(asset, bytes);
  }
  const result = exportQuestions(to, loaded.bank, (p) => assets.get(p));
  if (to === 'gift' && assets.size) {
    result.diagnostics.push(rules['export-lossy']({ file: relative, data: { id: '*', what: 'image-files', count: assets.size, format: 'GIFT' } }));
  }
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  // A run that will exit non-zero (errors after rules: and --strict) writes nothing and prints no bank.
  if (exitCodeOf(settle(diagnostics, ruleSettings, options.strict)) !== 0) return done(diagnostics, null);
  if (result.kind === 'text') {
    if (output) await writeFileAtomic(output, result.text);
    else if (options.format !== 'json') write(ctx.stdout, result.text);
    return done(diagnostics, output ? path.relative(ctx.cwd, output) : null, output ? undefined : result.text);
  }
  const entries: { path: string; data: string | Uint8Array }[] = result.files.map((f) => ({ path: f.path, data: f.data }));
  for (const [asset, bytes] of assets) entries.push({ path: asset, data: bytes });
  const target = output ?? path.resolve(ctx.cwd, `${loaded.bank.id}-${to}.zip`);
  await writeStreamAtomic(target, zipStream(entries));
  return done(diagnostics, path.relative(ctx.cwd, target));
}

/** The course's number convention (from its syllabus's `language`); Indonesian when there is no syllabus. */
async function numberConventionIn(root: string): Promise<NumberConvention> {
  const text = await readFile(path.join(root, 'syllabus.md'), 'utf8').catch(() => undefined);
  if (text === undefined) return 'id';
  return parseFrontMatter({ path: 'syllabus.md', text: normaliseText(text) }).data.language === 'en' ? 'en' : 'id';
}

async function courseRoot(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    if (await stat(path.join(current, 'syllabus.md')).catch(() => undefined)) return current;
    const parent = path.dirname(current);
    if (parent === current) return dir;
    current = parent;
  }
}
