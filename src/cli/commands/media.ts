// `ajar media [dir]`: transcode every video, audio and caption file of a course into the cache
// (or on queue workers), show progress, report problems per file. Exit 0 ok, 1 problems, 2 environment.

import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { formatDiagnostics, toJson, type ReportFormat } from '../../diagnostics/report.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { loadCourse } from '../../load/index.js';
import { mediaSettingsFrom } from '../../media/config-schema.js';
import { createProgressReporter } from '../../media/progress.js';
import { runMedia } from '../../media/run.js';
import { rules } from '../../media/rules.js';

export interface MediaOptions {
  json?: boolean;
  format?: ReportFormat;
  concurrency?: string;
  cacheDir?: string;
  queue?: string;
  store?: string;
}

export async function media(ctx: Context, dir: string | undefined, options: MediaOptions): Promise<number> {
  const courseDir = path.resolve(ctx.cwd, dir ?? '.');
  const json = Boolean(options.json);
  const format: ReportFormat = json ? 'json' : (options.format ?? 'pretty');
  let concurrency: number | undefined;
  if (options.concurrency !== undefined) {
    concurrency = Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      write(ctx.stderr, t(ctx.lang, `--concurrency harus bilangan bulat ≥ 1, bukan “${options.concurrency}”.`, `--concurrency must be a whole number ≥ 1, not “${options.concurrency}”.`));
      return 2;
    }
  }
  const queueUrl = options.queue ?? ctx.env.AJAR_QUEUE;
  if (queueUrl && !/^rediss?:\/\//.test(queueUrl)) throw new AjarError(rules['media-queue-url']({ data: { url: queueUrl } }));
  const storeUrl = options.store ?? ctx.env.AJAR_STORE;
  if (storeUrl && (!queueUrl || !storeUrl.startsWith('s3://'))) throw new AjarError(rules['media-store-url']({ data: { url: storeUrl } }));

  const loaded = await loadCourse(courseDir, ctx.env);
  if (!loaded.course) {
    report(ctx, loaded.diagnostics, format, json);
    return hasErrors(loaded.diagnostics) ? 1 : 2;
  }
  // A wrong `media:` setting would only surface as an ffmpeg error later: stop here, at its line.
  const configErrors = loaded.diagnostics.filter((d) => d.file === 'ajar.yaml' && d.severity === 'error');
  if (configErrors.length) {
    report(ctx, configErrors, format, json);
    return 1;
  }
  const settings = mediaSettingsFrom(loaded.config.media);
  const mode = json ? 'json' : ctx.quiet ? 'off' : ctx.interactive ? 'tty' : 'lines';
  const progress = createProgressReporter(mode, json ? ctx.stdout : ctx.stderr, ctx.lang);

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runMedia(loaded.course, settings, {
      courseDir,
      ...(options.cacheDir ? { cacheDir: path.resolve(ctx.cwd, options.cacheDir) } : {}),
      ...(concurrency ? { concurrency } : {}),
      onProgress: (e) => progress.onEvent(e),
      ...(queueUrl ? { queue: { url: queueUrl, ...(storeUrl ? { store: storeUrl } : {}) } } : {}),
      signal: stop.signal,
      env: ctx.env,
    });
    progress.finish();
    report(ctx, result.diagnostics, format, json);
    if (json) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      write(ctx.stdout, JSON.stringify({ type: 'summary', made: result.made, cached: result.cached, entries: result.index.size, errors }));
    } else if (!ctx.quiet) {
      write(
        ctx.stderr,
        t(ctx.lang, `${result.made} berkas ditranskode, ${result.cached} dari tembolok.`, `${result.made} file(s) transcoded, ${result.cached} from cache.`),
      );
    }
    return hasErrors(result.diagnostics) ? 1 : 0;
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    progress.finish();
    write(
      ctx.stderr,
      t(ctx.lang, 'Dihentikan. Transkode yang belum selesai dibuang; jalankan lagi untuk melanjutkan.', 'Stopped. Unfinished transcodes were discarded; run again to continue.'),
    );
    return 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function report(ctx: Context, diagnostics: readonly Diagnostic[], format: ReportFormat, json: boolean): void {
  if (json) {
    for (const d of diagnostics) write(ctx.stdout, JSON.stringify({ type: 'diagnostic', ...toJson(d, ctx.lang) }));
    return;
  }
  const shown = ctx.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  if (shown.length === 0 && format === 'pretty') return;
  ctx.stdout.write(formatDiagnostics(shown, format, { lang: ctx.lang, color: ctx.colorOut }));
}
