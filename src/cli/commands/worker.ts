// `ajar worker --queue redis://…`: takes media jobs from the queue until stopped (Ctrl-C / SIGTERM).
// Run it on as many machines as you like; they share the cache folder (`--cache-dir`).

import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { startWorker, type WorkerEvent } from '../../media/index.js';
import { redactUrl } from '../../util/redact.js';
import { rules } from '../../media/rules.js';
import type { GrammarOptions } from '../options.js';

export interface WorkerCliOptions extends GrammarOptions {
  queue?: string;
  cacheDir?: string;
  concurrency: number;
  lockSeconds: number;
}

export async function worker(ctx: Context, options: WorkerCliOptions): Promise<number> {
  const url = options.queue ?? ctx.env.AJAR_QUEUE;
  if (!url) {
    write(ctx.stderr, t(ctx.lang, 'Berikan alamat antrean: ajar worker --queue redis://host:6379', 'Give the queue address: ajar worker --queue redis://host:6379'));
    return 2;
  }
  if (!/^rediss?:\/\//.test(url)) throw new AjarError(rules['media-queue-url']({ data: { url } }));
  const { concurrency, lockSeconds } = options;
  const say = (e: WorkerEvent) => {
    // --format json: one JSON object per event (a stream, not a report: the worker never ends by itself).
    if (options.format === 'json') return write(ctx.stdout, JSON.stringify({ ...e, pid: process.pid, time: new Date().toISOString() }));
    if (ctx.quiet && e.type !== 'failed') return;
    const line =
      e.type === 'ready'
        ? t(ctx.lang, `Menunggu pekerjaan di ${redactUrl(url)} …`, `Waiting for jobs on ${redactUrl(url)} …`)
        : e.type === 'active'
          ? `▶ ${e.source}${e.attempt > 1 ? t(ctx.lang, ` (percobaan ${e.attempt})`, ` (attempt ${e.attempt})`) : ''}`
          : e.type === 'completed'
            ? `${e.ok ? '✔' : '✖'} ${e.source}${e.cached ? t(ctx.lang, ' (dari tembolok)', ' (from cache)') : ''}`
            : `✖ ${e.source}: ${e.reason}`;
    write(ctx.stderr, line);
  };
  const running = await startWorker({
    url,
    ...(options.cacheDir ? { cacheDir: path.resolve(ctx.cwd, options.cacheDir) } : {}),
    concurrency,
    lockSeconds,
    onEvent: say,
    env: ctx.env,
  });
  const stop = () => void running.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.closed;
  return 0;
}
