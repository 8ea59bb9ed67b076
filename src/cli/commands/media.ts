// `ajar media [dir]`: transcode every video, audio and caption file of a course into the cache
// (or on queue workers), show progress, report problems per file. Exit 0 ok, 1 problems, 2 usage or
// environment, 130 stopped.

import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../../diagnostics/report.js';
import { AjarError } from '../../diagnostics/errors.js';
import { counted, t } from '../../diagnostics/lang.js';
import { media as runMedia } from '../../pipeline.js';
import { rules } from '../../media/rules.js';
import { toleranceFrom } from '../../media/index.js';
import type { GrammarOptions } from '../options.js';
import { finish, type Outcome } from '../outcome.js';
import { interruptible, progressFor } from '../progress.js';
import { courseFolder } from './course-folder.js';
import { optimisationReport, savingsLines, type OptimisationReport } from '../savings.js';

export interface MediaOptions extends GrammarOptions {
  concurrency?: number;
  cacheDir?: string;
  queue?: string;
  store?: string;
  queueTolerance?: number;
}

interface MediaResult {
  made: number;
  cached: number;
  entries: number;
  /** Slides and images: sizes before and after optimising. */
  optimised: OptimisationReport;
}

export async function media(ctx: Context, dir: string | undefined, options: MediaOptions): Promise<number> {
  const queueUrl = options.queue ?? ctx.env.AJAR_QUEUE;
  if (queueUrl && !/^rediss?:\/\//.test(queueUrl)) throw new AjarError(rules['media-queue-url']({ data: { url: queueUrl } }));
  const storeUrl = options.store ?? ctx.env.AJAR_STORE;
  if (storeUrl && (!queueUrl || !storeUrl.startsWith('s3://'))) throw new AjarError(rules['media-store-url']({ data: { url: storeUrl } }));
  const courseDir = await courseFolder(ctx, dir ?? '.');

  const progress = progressFor(ctx, options.format);
  // The pipeline's prefix load → check → media: a course with errors (a wrong `media:` setting included,
  // at its line) stops before anything is transcoded. `rules:` severities are applied by the pipeline.
  const run = await interruptible((signal) =>
    runMedia({
      dir: courseDir,
      env: ctx.env,
      mediaOptions: {
        ...(options.cacheDir ? { cacheDir: path.resolve(ctx.cwd, options.cacheDir) } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(queueUrl ? { queue: { url: queueUrl, ...(storeUrl ? { store: storeUrl } : {}), toleranceSeconds: toleranceFrom(options.queueTolerance, ctx.env) } } : {}),
      },
      onMedia: (e) => progress.onEvent(e),
      signal,
    }),
  ).finally(() => progress.finish());
  let outcome: Outcome<MediaResult>;
  if (run.interrupted) outcome = { diagnostics: [], result: null, interrupted: true, root: courseDir };
  else {
    const result = run.value;
    const counts = result.mediaCounts ?? { made: 0, cached: 0 };
    const made = result.stoppedAt === 'check' || result.stoppedAt === 'load' ? null : { ...counts, entries: result.mediaIndex?.size ?? 0, optimised: optimisationReport(result.mediaIndex) };
    outcome = { diagnostics: result.diagnostics, result: made, root: courseDir };
  }
  return finish(ctx, 'media', { ...outcome, pretty: (s) => pretty(ctx, s.shown, s.result, outcome.interrupted) }, options);
}

function pretty(ctx: Context, shown: readonly Diagnostic[], result: MediaResult | null, interrupted?: boolean): void {
  if (shown.length) write(ctx.stdout, formatDiagnostics(shown, 'pretty', { lang: ctx.lang, color: ctx.colorOut }));
  if (interrupted) {
    write(ctx.stderr, t(ctx.lang, 'Dihentikan. Transkode yang belum selesai dibuang; jalankan lagi untuk melanjutkan.', 'Stopped. Unfinished transcodes were discarded; run again to continue.'));
  } else if (result && !ctx.quiet) {
    write(ctx.stderr, t(ctx.lang, `${result.made} berkas ditranskode, ${result.cached} dari tembolok.`, `${counted(result.made, 'file')} transcoded, ${result.cached} from cache.`));
    const saved = savingsLines(result.optimised, ctx.lang);
    if (saved.length) write(ctx.stderr, saved.join('\n'));
  }
}
