// `ajar preview [dir|package.zip]`: the course (or a built package) in a local LMS with live reload and a
// tracking panel. Runs until Ctrl+C (exit 0). Exit 2 for a missing folder, a package that cannot be
// played, or a port that is taken.

import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { formatDiagnostics } from '../../diagnostics/report.js';
import { rules as cliRules } from '../rules.js';
import { rules } from '../../preview/rules.js';
import { PREVIEW_MODES, unplayableData, type PreviewMode } from '../../preview/index.js';
import { oneFormat } from '../formats.js';
import type { GrammarOptions } from '../options.js';
import { settle } from '../outcome.js';
import type { PipelineResult } from '../../pipeline.js';

export interface PreviewOptions extends GrammarOptions {
  port: number;
  host?: string;
  open?: boolean;
  watch?: boolean;
}

/** Opens a URL in the desktop's browser; silently does nothing where there is none (CI, servers). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* no browser launcher */
  }
}

function strictly(result: PipelineResult): PipelineResult {
  return { ...result, diagnostics: settle(result.diagnostics, {}, true) };
}

export async function preview(ctx: Context, dir: string, options: PreviewOptions): Promise<number> {
  const root = path.resolve(ctx.cwd, dir);
  const info = await stat(root).catch(() => undefined);
  const isPackage = Boolean(info?.isFile() && root.toLowerCase().endsWith('.zip'));
  if (!info?.isDirectory() && !isPackage) throw new AjarError(cliRules['no-course-dir']({ data: { dir } }));
  const mode = oneFormat<PreviewMode>(options.formats, PREVIEW_MODES, 'cmi5');
  const port = options.port;
  const host = options.host ?? '127.0.0.1';
  const { startPreview } = await import('../../preview/index.js');
  // The pipeline's in-memory packaging: preview serves what `ajar build` would zip.
  const { plan: planCourse } = await import('../../pipeline.js');
  // --strict: a warning keeps the course from being shown, as it would fail `ajar check --strict` (the
  // pipeline has applied `rules:` already, so a rule turned off stays off).
  const plan: typeof planCourse = options.strict ? async (request) => strictly(await planCourse(request)) : planCourse;
  let first = true;
  const start = () =>
    startPreview({
      dir: root,
      plan,
      mode,
      host,
      port,
      env: ctx.env,
      lang: ctx.lang,
      watch: options.watch !== false,
      onBuild: (diagnostics, ok, notices) => {
        const shown = diagnostics.filter((d) => d.severity === 'error' || (first && !ctx.quiet));
        first = false;
        if (shown.length) write(ctx.stderr, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color: ctx.color }));
        if (notices.length) write(ctx.stderr, formatDiagnostics(notices, 'pretty', { lang: ctx.lang, color: ctx.color }));
        if (ok && !ctx.quiet) write(ctx.stderr, t(ctx.lang, `✔ Dibangun ${new Date().toLocaleTimeString('id-ID')}`, `✔ Built ${new Date().toLocaleTimeString('en-GB')}`));
      },
    });
  let server: Awaited<ReturnType<typeof startPreview>>;
  try {
    server = await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new AjarError(rules['preview-port-in-use']({ data: { port, host } }));
    if (isPackage) throw new AjarError(rules['preview-bad-package']({ file: dir, data: { file: dir, ...unplayableData(error) } }));
    throw error;
  }
  write(ctx.stdout, t(ctx.lang, `Pratinjau: ${server.url}`, `Preview: ${server.url}`));
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1')
    write(ctx.stderr, t(ctx.lang, `⚠ Terbuka untuk jaringan (${host}): siapa pun yang dapat menjangkau alamat ini dapat melihat kursus.`, `⚠ Open to the network (${host}): anyone who can reach this address can see the course.`));
  if (!ctx.quiet) write(ctx.stderr, t(ctx.lang, 'Tekan Ctrl+C untuk berhenti.', 'Press Ctrl+C to stop.'));
  if (options.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
