// A pool of worker threads that parse source files (worker.ts) on a cold build. This thread parses too, one
// job at a time between the workers' answers, so the pool has one worker per core besides it
// (os.availableParallelism() - 1): each thread that parses pays for loading the parser and for V8 making its
// code fast, so a worker that only shares a core with this thread costs more than it gives. None on a one-core
// machine. Jobs carry the file's text (read and hashed by the main thread); answers are the outcome's JSON
// text, matched to their job by id, so the result does not depend on which thread finished first.

import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NumberConvention } from '../core/numbers.js';
import type { Role } from './entry.js';
import { packagePath } from '../util/package-root.js';

export interface Job {
  readonly role: Role;
  readonly path: string;
  readonly text: string;
  readonly numbers: NumberConvention;
}

/** What every worker needs once. */
export interface PoolInit {
  readonly root: string;
  readonly inventory: readonly string[];
  readonly plain: readonly string[];
  readonly inventoryHash: string;
}

export interface Pool {
  readonly size: number;
  /** The job's outcome as JSON text (see entry.ts serialise). */
  run(job: Job): Promise<string>;
  close(): Promise<void>;
}

/** The compiled worker: beside this module in lib/, or lib/'s copy when this module runs from src/ (tests). */
function workerFile(): string | undefined {
  const candidates = [fileURLToPath(new URL('./worker.js', import.meta.url)), packagePath('lib/bundle/worker.js'), packagePath('lib/load/worker.js')];
  for (const file of candidates) if (existsSync(file)) return file;
  return undefined;
}

/** Worker threads a pool would have: `AJAR_WORKERS` when set, else one per core besides this thread's; 0 (no pool) on one core or without the worker file. */
export function poolSize(env: Readonly<Record<string, string | undefined>> = process.env): number {
  if (!workerFile()) return 0;
  const asked = Number(env.AJAR_WORKERS);
  if (env.AJAR_WORKERS !== undefined && Number.isInteger(asked) && asked >= 0) return asked;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? cores - 1 : 0;
}

/** Jobs in flight per thread: enough to overlap a worker's file probes, few enough to share work evenly. */
const IN_FLIGHT = 4;

/**
 * @param local how this thread parses a job itself (see the header); without it, only the workers do.
 */
export function startPool(init: PoolInit, size = poolSize(), local?: (job: Job) => Promise<string>): Pool {
  return new ThreadPool(workerFile()!, init, size, local);
}

interface Waiting {
  readonly job: Job;
  readonly resolve: (payload: string) => void;
  readonly reject: (error: Error) => void;
}

class ThreadPool implements Pool {
  private readonly waiting: Waiting[] = [];
  /** Jobs sent to a worker, by id. */
  private readonly answers = new Map<number, { resolve: (payload: string) => void; reject: (error: Error) => void; worker: number }>();
  /** Jobs in flight per worker; Infinity for a dead one. */
  private readonly busy: number[] = [];
  private readonly workers: Worker[];
  private nextId = 0;
  private closed = false;
  private localBusy = false;

  constructor(
    file: string,
    init: PoolInit,
    readonly size: number,
    private readonly local?: (job: Job) => Promise<string>,
  ) {
    this.workers = Array.from({ length: size }, (_, index) => this.spawn(file, init, index));
  }

  private spawn(file: string, init: PoolInit, index: number): Worker {
    const worker = new Worker(file, { workerData: init });
    this.busy.push(0);
    worker.on('message', (message: { id: number; payload?: string; error?: string }) => this.answered(index, message));
    const fail = (error: Error) => this.failed(index, error);
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`worker exited with code ${code}`));
    });
    return worker;
  }

  private answered(index: number, message: { id: number; payload?: string; error?: string }): void {
    const answer = this.answers.get(message.id);
    if (!answer) return;
    this.answers.delete(message.id);
    this.busy[index]!--;
    if (message.payload !== undefined) answer.resolve(message.payload);
    else answer.reject(new Error(message.error ?? 'worker failed'));
    this.pump();
  }

  /** A dead worker's jobs fail (the caller parses them itself); it takes no more. */
  private failed(index: number, error: Error): void {
    this.busy[index] = Infinity;
    for (const [id, answer] of this.answers) {
      if (answer.worker !== index) continue;
      this.answers.delete(id);
      answer.reject(error);
    }
    this.pump();
  }

  private pump(): void {
    const { waiting, workers, busy } = this;
    while (waiting.length) {
      let best = -1;
      for (let i = 0; i < workers.length; i++) if (busy[i]! < IN_FLIGHT && (best < 0 || busy[i]! < busy[best]!)) best = i;
      if (best < 0) break;
      const { job, resolve, reject } = waiting.shift()!;
      const id = this.nextId++;
      this.answers.set(id, { resolve, reject, worker: best });
      busy[best]!++;
      workers[best]!.postMessage({ id, job });
    }
    if (!waiting.length) return;
    if (this.local) this.runLocally(this.local);
    else if (busy.every((b) => b === Infinity)) {
      for (const w of waiting.splice(0)) w.reject(new Error('no worker left'));
    }
  }

  /**
   * One job at a time in this thread, each in its own turn of the event loop, so the workers' answers (and
   * their next jobs) are not kept waiting behind a run of this thread's parses.
   */
  private runLocally(local: (job: Job) => Promise<string>): void {
    if (this.localBusy) return;
    this.localBusy = true;
    const { job, resolve, reject } = this.waiting.shift()!;
    setImmediate(() => {
      local(job)
        .then(resolve, reject)
        .finally(() => {
          this.localBusy = false;
          this.pump();
        });
    });
  }

  run(job: Job): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
