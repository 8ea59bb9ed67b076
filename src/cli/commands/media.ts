// `ajar media [dir]`: transcode every video, audio and caption file of a course into the cache
// (or on queue workers), show progress, report problems per file. Exit 0 ok, 1 problems, 2 usage or
// environment, 130 stopped.

import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../../diagnostics/report.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { loadCourse } from '../../load/index.js';
import { mediaSettingsFrom } from '../../media/config-schema.js';
import { runMedia } from '../../media/run.js';
import { rules } from '../../media/rules.js';
import type { GrammarOptions } from '../options.js';
import { finish, type Outcome } from '../outcome.js';
import { interruptible, progressFor } from '../progress.js';
import { courseFolder } from './course-folder.js';

export interface MediaOptions extends GrammarOptions {
  concurrency?: number;
  cacheDir?: string;
  queue?: string;
  store?: string;
}

interface MediaResult {
  made: number;
  cached: number;
  entries: number;
}

export async function media(ctx: Context, dir: string | undefined, options: MediaOptions): Promise<number> {
  const queueUrl = options.queue ?? ctx.env.AJAR_QUEUE;
  if (queueUrl && !/^rediss?:\/\//.test(queueUrl)) throw new AjarError(rules['media-queue-url']({ data: { url: queueUrl } }));
  const storeUrl = options.store ?? ctx.env.AJAR_STORE;
  if (storeUrl && (!queueUrl || !storeUrl.startsWith('s3://'))) throw new AjarError(rules['media-store-url']({ data: { url: storeUrl } }));
  const courseDir = await courseFolder(ctx, dir ?? '.');

  const loaded = await loadCourse(courseDir, ctx.env);
  const base = { ruleSettings: loaded.config.rules, root: courseDir };
  // A wrong `media:` setting would only surface as an ffmpeg error later: stop here, at its line.
  const configErrors = loaded.diagnostics.filter((d) => d.file === 'ajar.yaml' && d.severity === 'error');
  if (!loaded.course || configErrors.length) {
    return finish(ctx, 'media', { ...base, diagnostics: loaded.course ? configErrors : loaded.diagnostics, result: null }, options);
  }
  const course = loaded.course;
  const progress = progressFor(ctx, options.format);
  let outcome: Outcome<MediaResult>;
  let stop: AbortSignal | undefined;
  try {
    const result = await interruptible((signal) => {
      stop = signal;
      return runMedia(course, mediaSettingsFrom(loaded.config.media), {
        courseDir,
        ...(options.cacheDir ? { cacheDir: path.resolve(ctx.cwd, options.cacheDir) } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        onProgress: (e) => progress.onEvent(e),
        ...(queueUrl ? { queue: { url: queueUrl, ...(storeUrl ? { store: storeUrl } : {}) } } : {}),
        signal,
        env: ctx.env,
      });
    });
    outcome = { ...base, diagnostics: result.diagnostics, result: { made: result.made, cached: result.cached, entries: result.index.size } };
  } catch (error) {
    if (!stop?.aborted) throw error;
    outcome = { ...base, diagnostics: [], result: null, interrupted: true };
  } finally {
    progress.finish();
  }
  return finish(ctx, 'media', { ...outcome, pretty: (s) => pretty(ctx, s.shown, s.result, outcome.interrupted) }, options);
}

function pretty(ctx: Context, shown: readonly Diagnostic[], result: MediaResult | null, interrupted?: boolean): void {
  if (shown.length) write(ctx.stdout, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color: ctx.colorOut }));
  if (interrupted) {
    write(ctx.stderr, t(ctx.lang, 'Dihentikan. Transkode yang belum selesai dibuang; jalankan lagi untuk melanjutkan.', 'Stopped. Unfinished transcodes were discarded; run again to continue.'));
  } else if (result && !ctx.quiet) {
    write(ctx.stderr, t(ctx.lang, `${result.made} berkas ditranskode, ${result.cached} dari tembolok.`, `${result.made} file(s) transcoded, ${result.cached} from cache.`));
  }
}
