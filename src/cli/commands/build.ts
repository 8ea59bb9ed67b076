// `ajar build [dir]`: course folder → verified SCORM packages in dist/. Exit 0 built, 1 problems in the
// course (nothing written), 2 usage or environment.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { formatDiagnostics, toJson } from '../../diagnostics/report.js';
import { build as runBuild } from '../../pipeline.js';
import { formatName } from '../../package/index.js';
import { rules as packageRules } from '../../package/rules.js';
import { rules as cliRules } from '../rules.js';
import { createProgressReporter } from '../../media/progress.js';

export interface BuildOptions {
  format?: string;
  out?: string;
  media?: boolean;
  json?: boolean;
}

/** Every format name ajar.yaml accepts; those without a packager yet are skipped with a warning. */
const knownFormats = ['scorm12', 'scorm2004', 'cmi5', 'xapi'];

export async function build(ctx: Context, dir: string, options: BuildOptions): Promise<number> {
  const root = path.resolve(ctx.cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new AjarError(cliRules['no-course-dir']({ data: { dir } }));
  let formats: string[] | undefined;
  if (options.format !== undefined) {
    formats = [...new Set(options.format.split(',').map((f) => f.trim()).filter(Boolean))];
    const wrong = formats.find((f) => !knownFormats.includes(f)) ?? (formats.length === 0 ? options.format : undefined);
    if (wrong !== undefined) throw new AjarError(packageRules['unknown-format']({ data: { format: wrong, known: knownFormats.join(', ') } }));
  }
  const json = Boolean(options.json);
  const progress = createProgressReporter(json || ctx.quiet ? 'off' : ctx.interactive ? 'tty' : 'lines', ctx.stderr, ctx.lang);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result: Awaited<ReturnType<typeof runBuild>>;
  try {
    result = await runBuild({
      dir: root,
      ...(formats ? { formats } : {}),
      ...(options.out ? { outDir: path.resolve(ctx.cwd, options.out) } : {}),
      media: options.media !== false,
      env: ctx.env,
      onMedia: (e) => progress.onEvent(e),
      signal: stop.signal,
    });
    progress.finish();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const failed = hasErrors(result.diagnostics);
  // Not a course folder at all is a usage error, as in `ajar check`.
  const code = result.diagnostics.some((d) => d.ruleId === 'no-syllabus') ? 2 : failed ? 1 : 0;
  if (json) {
    write(
      ctx.stdout,
      JSON.stringify(
        {
          ok: !failed,
          course: result.course ? { id: result.course.id, version: result.course.version } : null,
          media: result.media,
          packages: failed ? [] : result.packages.map((p) => ({ format: p.format, file: p.file, bytes: p.bytes, sha256: p.sha256 })),
          diagnostics: result.diagnostics.map((d) => toJson(d, ctx.lang)),
        },
        null,
        2,
      ),
    );
    return code;
  }
  // As in `ajar check`: people read paths from where the command ran; JSON keeps them course-relative.
  const fromCwd = (file: string) => path.relative(ctx.cwd, path.join(root, file)).split(path.sep).join('/');
  const placed = result.diagnostics.map((d) => (d.file ? { ...d, file: fromCwd(d.file) } : d));
  const shown = ctx.quiet ? placed.filter((d) => d.severity === 'error') : placed;
  if (shown.length) write(ctx.stdout, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color: ctx.colorOut }));
  if (failed) {
    write(ctx.stderr, t(ctx.lang, '✖ Paket tidak dibuat: perbaiki galat di atas lalu bangun ulang.', '✖ No package written: fix the errors above and build again.'));
    return code;
  }
  if (!ctx.quiet) {
    for (const p of result.packages) {
      const where = path.relative(ctx.cwd, p.file) || p.file;
      write(ctx.stdout, `✔ ${where}  (${formatName[p.format]}, ${kib(p.bytes)})`);
    }
  }
  return 0;
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
