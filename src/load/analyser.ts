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
  return new SourceAnalyser(options);
}

type Looked = { ok: true; key: string; file: SourceFile; hit?: Outcome } | Analysed;

/** The Analyser: its state in fields, each step a method (no closure per file). */
class SourceAnalyser implements Analyser {
  readonly counts: CacheCounts;
  threads = 0;
  private readonly fs: CourseFs;
  private readonly inventory: readonly string[];
  private readonly plain: ReadonlySet<string>;
  private readonly cache: BuildCache | undefined;
  private readonly fingerprint: string;
  private readonly inventoryHash: string;
  private readonly threshold: number;
  private readonly heads = new Map<string, Promise<string>>();
  private pool: Pool | undefined;
  private readonly reading = limiter(32);
  /** Parsed here, a few files at a time: each holds its syntax tree while it probes its media. */
  private readonly parsing = limiter(8);
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(options: AnalyserOptions) {
    this.fs = options.fs;
    this.inventory = options.inventory;
    this.plain = options.plain;
    this.cache = options.cache;
    this.fingerprint = options.cache ? codeFingerprint() : '';
    this.inventoryHash = sha256(options.inventory.join('\n'));
    this.counts = options.cache?.counts ?? { hits: 0, misses: 0 };
    this.threshold = options.workers === false ? Infinity : (options.workers ?? WORKER_THRESHOLD);
  }

  /** The first bytes of a file (or why there are none), probed once per run. */
  private readonly probe = (target: string, length: number): Promise<string> => {
    const k = `${length}:${target}`;
    if (!this.heads.has(k)) this.heads.set(k, headOf(this.fs, target, length));
    return this.heads.get(k)!;
  };

  /**
   * A regular file found by the folder walk, read without a round trip through the thread pool (most of a
   * warm build's reading time); anything unusual (not UTF-8, gone, unreadable) takes fs.read's way, which
   * says why.
   */
  private readPlain(relative: string): ReadResult | undefined {
    if (!this.plain.has(relative)) return undefined;
    try {
      return { ok: true, file: { path: relative, text: normaliseText(this.utf8.decode(readFileSync(nodePath.join(this.fs.root, ...relative.split('/'))))) } };
    } catch {
      return undefined;
    }
  }

  private keyOf(role: Role, file: SourceFile, numbers: NumberConvention): string {
    return sha256(this.fingerprint, role, role === 'syllabus' ? '' : numbers, file.path, file.text);
  }

  /** A cached outcome still valid for this course, or undefined. */
  private async cached(key: string): Promise<Outcome | undefined> {
    const payload = this.cache?.get(key);
    if (payload === undefined) return undefined;
    let stored: Stored;
    try {
      stored = JSON.parse(payload) as Stored;
    } catch {
      return undefined;
    }
    return (await stillValid(stored.outcome.deps, this.probe, stored.inventory !== this.inventoryHash)) ? stored.outcome : undefined;
  }

  /** The outcome as JSON text, stored when nothing outside the file and its named media decided it. */
  private keep(key: string, payload: string): Outcome {
    const stored = JSON.parse(payload) as Stored;
    if (this.cache && !stored.outcome.deps.opaque) this.cache.put(key, payload);
    return stored.outcome;
  }

  /** Parses one file in this thread (through the same limiter with or without a pool). */
  private parseHere(role: Role, file: SourceFile, numbers: NumberConvention): Promise<string> {
    return this.parsing(async () => serialise(await analyse(role, file, { fs: this.fs, inventory: this.inventory, numbers }), this.inventoryHash));
  }

  private start(): void {
    if (this.pool || poolSize() === 0) return;
    // This thread parses alongside the workers (pool.ts).
    const local = (job: Job) => this.parseHere(job.role, { path: job.path, text: job.text }, job.numbers);
    this.pool = startPool({ root: this.fs.root, inventory: this.inventory, plain: [...this.plain], inventoryHash: this.inventoryHash }, poolSize(), local);
    this.threads = this.pool.size;
  }

  private async compute(role: Role, file: SourceFile, numbers: NumberConvention): Promise<string> {
    // A worker that fails (out of memory, say) costs time, not the build: the file is parsed here instead.
    if (this.pool) {
      const payload = await this.pool.run({ role, path: file.path, text: file.text, numbers }).catch(() => undefined);
      if (payload !== undefined) return payload;
    }
    return this.parseHere(role, file, numbers);
  }

  private async read(role: Role, path: string, numbers: NumberConvention): Promise<Looked> {
    const r = this.readPlain(path) ?? (await this.reading(() => this.fs.read(path)));
    if (!r.ok) return { ok: false, read: r };
    const key = this.keyOf(role, r.file, numbers);
    const hit = await this.cached(key);
    if (hit) this.counts.hits++;
    else this.counts.misses++;
    return { ok: true, key, file: r.file, ...(hit ? { hit } : {}) };
  }

  private async finish(role: Role, numbers: NumberConvention, looked: Looked): Promise<Analysed> {
    if (!looked.ok) return looked;
    if ('outcome' in looked) return looked;
    if (looked.hit) return { ok: true, outcome: looked.hit };
    return { ok: true, outcome: this.keep(looked.key, await this.compute(role, looked.file, numbers)) };
  }

  one(role: Role, path: string, numbers: NumberConvention): Promise<Analysed> {
    return this.read(role, path, numbers).then((looked) => this.finish(role, numbers, looked));
  }

  anticipate(paths: readonly string[], syllabus: string): void {
    if (this.pool || paths.length < this.threshold) return;
    const text = this.readPlain(syllabus);
    const numbers = numbersOf(text?.ok ? parseFrontMatter(text.file).data : {});
    // An evenly spread sample: one changed file among many cached ones is not a cold build.
    const step = Math.max(1, Math.floor(paths.length / SAMPLE));
    for (let i = 0; i < paths.length; i += step) {
      const r = this.readPlain(paths[i]!);
      if (!r?.ok) continue;
      if (this.cache && (['entry', 'bank'] as const).some((role) => this.cache!.get(this.keyOf(role, r.file, numbers)) !== undefined)) return;
    }
    this.start();
  }

  many(role: Role, paths: readonly string[], numbers: NumberConvention): Map<string, Promise<Analysed>> {
    const looked = new Map(paths.map((p) => [p, this.read(role, p, numbers)] as const));
    const all = Promise.all(looked.values()).then(async (list) => {
      const misses = list.filter((l) => l.ok && !('outcome' in l) && !l.hit).length;
      if (misses >= this.threshold) this.start();
    });
    return new Map(paths.map((p) => [p, all.then(() => looked.get(p)!).then((l) => this.finish(role, numbers, l))] as const));
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
    await this.cache?.flush();
  }
}
