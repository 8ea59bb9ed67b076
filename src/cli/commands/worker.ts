// `ajar worker --queue redis://…`: takes media jobs from the queue until stopped (Ctrl-C / SIGTERM).
// Run it on as many machines as you like; they share the cache folder (`--cache-dir`).

import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { queueLine, startWorker, toleranceFrom, type WorkerEvent } from '../../media/index.js';
import { formatOne } from '../../diagnostics/report.js';
import { redactUrl } from '../../util/redact.js';
import { rules, workerProblems } from '../../media/rules.js';
import { say } from '../../diagnostics/rules.js';
import type { GrammarOptions } from '../options.js';

export interface WorkerCliOptions extends GrammarOptions {
  queue?: string;
  cacheDir?: string;
  concurrency: number;
  lockSeconds: number;
  queueTolerance?: number;
}

export async function worker(ctx: Context, options: WorkerCliOptions): Promise<number> {
  const url = options.queue ?? ctx.env.AJAR_QUEUE;
  if (!url) {
    write(ctx.stderr, t(ctx.lang, 'Berikan alamat antrean: ajar worker --queue redis://host:6379', 'Give the queue address: ajar worker --queue redis://host:6379'));
    return 2;
  }
  if (!/^rediss?:\/\//.test(url)) throw new AjarError(rules['media-queue-url']({ data: { url } }));
  const { concurrency, lockSeconds } = options;
  const show = (e: WorkerEvent) => {
    // --format json: one JSON object per event (a stream, not a report: the worker never ends by itself).
    if (options.format === 'json') return write(ctx.stdout, JSON.stringify({ ...e, pid: process.pid, time: new Date().toISOString() }));
    if (ctx.quiet && e.type !== 'failed') return;
    if (e.type === 'queue-unreachable' || e.type === 'queue-back') return write(ctx.stderr, queueLine(e, ctx.lang));
    const line =
      e.type === 'ready'
        ? t(ctx.lang, `Menunggu pekerjaan di ${redactUrl(url)} …`, `Waiting for jobs on ${redactUrl(url)} …`)
        : e.type === 'active'
          ? `▶ ${e.source}${e.attempt > 1 ? t(ctx.lang, ` (percobaan ${e.attempt})`, ` (attempt ${e.attempt})`) : ''}`
          : e.type === 'completed'
            ? `${e.ok ? '✔' : '✖'} ${e.source}${e.cached ? t(ctx.lang, ' (dari tembolok)', ' (from cache)') : ''}`
            : `✖ ${e.source}: ${Object.hasOwn(workerProblems, e.reason) ? say(workerProblems, e.reason, ctx.lang, { dir: e.dir ?? '', key: e.key }) : e.reason}`;
    write(ctx.stderr, line);
  };
  const running = await startWorker({
    url,
    ...(options.cacheDir ? { cacheDir: path.resolve(ctx.cwd, options.cacheDir) } : {}),
    concurrency,
    lockSeconds,
    toleranceSeconds: toleranceFrom(options.queueTolerance, ctx.env),
    onEvent: show,
    env: ctx.env,
  });
  // Ctrl-C (exit 130) or SIGTERM (a service manager stopping it: exit 0) end it within a second, Redis or not.
  let signalled: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    signalled ??= signal;
    void running.close();
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  const end = await running.closed.finally(() => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  });
  if (end.reason === 'lost') {
    if (options.format === 'json') write(ctx.stdout, JSON.stringify({ type: 'lost', diagnostic: end.diagnostic, pid: process.pid, time: new Date().toISOString() }));
    write(ctx.stderr, formatOne(end.diagnostic, { lang: ctx.lang, color: ctx.color }));
    return 1;
  }
  if (options.format === 'json') write(ctx.stdout, JSON.stringify({ type: 'stopped', signal: signalled ?? null, pid: process.pid, time: new Date().toISOString() }));
  write(ctx.stderr, t(ctx.lang, 'Dihentikan; pekerjaan yang sedang berjalan kembali ke antrean.', 'Stopped; jobs in progress go back to the queue.'));
  return signalled === 'SIGINT' ? 130 : 0;
}
