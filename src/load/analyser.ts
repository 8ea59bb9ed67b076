// Turns source files into outcomes (entry.ts) the cheapest way: from the build cache when the file's text,
// the settings that matter and what it read besides are unchanged; otherwise parsed here, or in a pool of
// worker threads when there are enough files to make that pay. Every outcome passes through its JSON text,
// so the result is the same whichever way a file came (cache, worker or this thread).

import type { NumberConvention } from '../core/numbers.js';
import { readFileSync } from 'node:fs';
import nodePath from 'node:path';
import type { CourseFs, ReadResult, SourceFile } from '../source/files.js';
import { normaliseText } from '../source/files.js';
import { codeFingerprint, sha256, type BuildCache, type CacheCounts } from '../fs/cache.js';
import { analyse, headOf, numbersOf, serialise, stillValid, type Outcome, type Role, type Stored } from './entry.js';
import { parseFrontMatter } from '../source/frontmatter.js';
import { limiter } from '../util/limit.js';
import { startPool, poolSize, type Job, type Pool } from './pool.js';

export type Analysed<O extends Outcome = Outcome> = { ok: true; outcome: O } | { ok: false; read: Exclude<ReadResult, { ok: true }> };

export interface AnalyserOptions {
  readonly fs: CourseFs;
  readonly inventory: readonly string[];
  /** Course-relative paths of regular files (the worker threads' file system needs them too). */
  readonly plain: ReadonlySet<string>;
  readonly cache?: BuildCache;
  /**
   * Worker threads: `false` never; a number, the fewest files to parse that start a pool (default
   * WORKER_THRESHOLD); the pool has one thread per core (os.availableParallelism()).
   */
  readonly workers?: number | false;
}

/** Below this many files to parse, starting worker threads (each loads the parser) costs more than it saves. */
export const WORKER_THRESHOLD = 200;

/** Files `anticipate` looks up in the cache. */
const SAMPLE = 16;


export interface Analyser {
  /**
   * Before the syllabus is read: when the course's other Markdown files (`paths`) are many and look unparsed
   * (none of a sample is in the cache: a cold build), the worker pool is started now, so that its threads
   * load the parser while this one reads the syllabus, instead of afterwards.
   */
  anticipate(paths: readonly string[], syllabus: string): void;
  /** Several files of one role at once (the pool is started when they are many); results by path. */
  many(role: Role, paths: readonly string[], numbers: NumberConvention): Map<string, Promise<Analysed>>;
  one(role: Role, path: string, numbers: NumberConvention): Promise<Analysed>;
  /** Writes new cache entries and stops the pool. */
  close(): Promise<void>;
  readonly counts: CacheCounts;
  /** Worker threads used (0: all in this thread). */
  readonly threads: number;
}

export function createAnalyser(options: AnalyserOptions): Analyser {
  const { fs, inventory, cache } = options;
  const fingerprint = cache ? codeFingerprint() : '';
  const inventoryHash = sha256(inventory.join('\n'));
  const counts: CacheCounts = cache?.counts ?? { hits: 0, misses: 0 };
  const heads = new Map<string, Promise<string>>();
  const probe = (target: string, length: number) => {
    const k = `${length}:${target}`;
    if (!heads.has(k)) heads.set(k, headOf(fs, target, length));
    return heads.get(k)!;
  };
  let pool: Pool | undefined;
  let threads = 0;
  const reading = limiter(32);
  // Parsed here, a few files at a time: each holds its syntax tree while it probes its media.
  const parsing = limiter(8);

  const utf8 = new TextDecoder('utf-8', { fatal: true });
  /**
   * A regular file found by the folder walk, read without a round trip through the thread pool (most of a
   * warm build's reading time); anything unusual (not UTF-8, gone, unreadable) takes fs.read's way, which
   * says why.
   */
  const readPlain = (relative: string): ReadResult | undefined => {
    if (!options.plain.has(relative)) return undefined;
    try {
      return { ok: true, file: { path: relative, text: normaliseText(utf8.decode(readFileSync(nodePath.join(fs.root, ...relative.split('/'))))) } };
    } catch {
      return undefined;
    }
  };

  const keyOf = (role: Role, file: SourceFile, numbers: NumberConvention) => sha256(fingerprint, role, role === 'syllabus' ? '' : numbers, file.path, file.text);

  /** A cached outcome still valid for this course, or undefined. */
  async function cached(key: string): Promise<Outcome | undefined> {
    const payload = cache?.get(key);
    if (payload === undefined) return undefined;
    let stored: Stored;
    try {
      stored = JSON.parse(payload) as Stored;
    } catch {
      return undefined;
    }
    return (await stillValid(stored.outcome.deps, probe, stored.inventory !== inventoryHash)) ? stored.outcome : undefined;
  }

  /** The outcome as JSON text, stored when nothing outside the file and its named media decided it. */
  function keep(key: string, payload: string): Outcome {
    const stored = JSON.parse(payload) as Stored;
    if (cache && !stored.outcome.deps.opaque) cache.put(key, payload);
    return stored.outcome;
  }

  const threshold = options.workers === false ? Infinity : (options.workers ?? WORKER_THRESHOLD);
  function start(): void {
    if (pool || poolSize() === 0) return;
    // This thread parses alongside the workers (pool.ts), through the same limiter as without a pool.
    const local = (job: Job) => parsing(async () => serialise(await analyse(job.role, { path: job.path, text: job.text }, { fs, inventory, numbers: job.numbers }), inventoryHash));
    pool = startPool({ root: fs.root, inventory, plain: [...options.plain], inventoryHash }, poolSize(), local);
    threads = pool.size;
  }

  async function compute(role: Role, file: SourceFile, numbers: NumberConvention): Promise<string> {
    // A worker that fails (out of memory, say) costs time, not the build: the file is parsed here instead.
    if (pool) {
      const payload = await pool.run({ role, path: file.path, text: file.text, numbers }).catch(() => undefined);
      if (payload !== undefined) return payload;
    }
    return parsing(async () => serialise(await analyse(role, file, { fs, inventory, numbers }), inventoryHash));
  }

  async function read(role: Role, path: string, numbers: NumberConvention): Promise<{ ok: true; key: string; file: SourceFile; hit?: Outcome } | Analysed> {
    const r = readPlain(path) ?? (await reading(() => fs.read(path)));
    if (!r.ok) return { ok: false, read: r };
    const key = keyOf(role, r.file, numbers);
    const hit = await cached(key);
    if (hit) counts.hits++;
    else counts.misses++;
    return { ok: true, key, file: r.file, ...(hit ? { hit } : {}) };
  }

  async function finish(role: Role, numbers: NumberConvention, looked: Awaited<ReturnType<typeof read>>): Promise<Analysed> {
    if (!looked.ok) return looked;
    if ('outcome' in looked) return looked;
    if (looked.hit) return { ok: true, outcome: looked.hit };
    return { ok: true, outcome: keep(looked.key, await compute(role, looked.file, numbers)) };
  }

  return {
    counts,
    get threads() {
      return threads;
    },
    one(role, path, numbers) {
      return read(role, path, numbers).then((looked) => finish(role, numbers, looked));
    },
    anticipate(paths, syllabus) {
      if (pool || paths.length < threshold) return;
      const text = readPlain(syllabus);
      const numbers = numbersOf(text?.ok ? parseFrontMatter(text.file).data : {});
      // An evenly spread sample: one changed file among many cached ones is not a cold build.
      const step = Math.max(1, Math.floor(paths.length / SAMPLE));
      for (let i = 0; i < paths.length; i += step) {
        const r = readPlain(paths[i]!);
        if (!r?.ok) continue;
        if (cache && (['entry', 'bank'] as const).some((role) => cache.get(keyOf(role, r.file, numbers)) !== undefined)) return;
      }
      start();
    },
    many(role, paths, numbers) {
      const looked = new Map(paths.map((p) => [p, read(role, p, numbers)] as const));
      const all = Promise.all(looked.values()).then(async (list) => {
        const misses = list.filter((l) => l.ok && !('outcome' in l) && !l.hit).length;
        if (misses >= threshold) start();
      });
      return new Map(paths.map((p) => [p, all.then(() => looked.get(p)!).then((l) => finish(role, numbers, l))] as const));
    },
    async close() {
      await pool?.close();
      pool = undefined;
      await cache?.flush();
    },
  };
}
