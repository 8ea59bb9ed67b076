// `ajar build [dir]`: course folder → verified packages in dist/. Exit 0 built, 1 problems in the
// course (nothing written) or warnings under --strict, 2 usage or environment.

import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { counted, t } from '../../diagnostics/lang.js';
import { build as runBuild } from '../../pipeline.js';
import { formatName } from '../../package/index.js';
import { learnerCost } from '../../render/index.js';
import { formatDiagnostics } from '../../diagnostics/report.js';
import { packageFormatsFrom } from '../formats.js';
import type { GrammarOptions } from '../options.js';
import { finish, type Settled } from '../outcome.js';
import { interruptible, progressFor } from '../progress.js';
import { courseFolder } from './course-folder.js';
import { formatBytes } from '../../util/progress.js';
import { optimisationReport, savingsLines, type OptimisationReport } from '../savings.js';
import type { CacheCounts } from '../../fs/cache.js';

export interface BuildOptions extends GrammarOptions {
  media?: boolean;
  /** false: `--no-cache`. */
  cache?: boolean;
}

export async function build(ctx: Context, dir: string, options: BuildOptions): Promise<number> {
  const root = await courseFolder(ctx, dir);
  const formats = packageFormatsFrom(options.formats);
  const progress = progressFor(ctx, options.format);
  const run = await interruptible((signal) =>
    runBuild({
      dir: root,
      ...(formats ? { formats } : {}),
      ...(options.out ? { outDir: path.resolve(ctx.cwd, options.out) } : {}),
      media: options.media !== false,
      cache: options.cache !== false,
      env: ctx.env,
      onMedia: (e) => progress.onEvent(e),
      signal,
    }),
  );
  progress.finish();
  if (run.interrupted) return finish(ctx, 'build', { diagnostics: [], result: null, interrupted: true, pretty: () => stopped(ctx) }, options);
  const result = run.value;
  const packages = result.packages.map((p) => ({ format: p.format, file: p.file, bytes: p.bytes, sha256: p.sha256 }));
  const price = result.loaded.config.build;
  const outcome = {
    course: result.course ? { id: result.course.id, version: result.course.version, title: result.course.title } : null,
    media: result.media,
    packages,
    optimised: optimisationReport(result.mediaIndex),
    ...(result.cache ? { cache: result.cache } : {}),
    // What a learner downloads to complete the course on the lowest settings, and its price (docs/player.md).
    ...(result.learner && packages.length ? { learner: { ...result.learner, pricePerGb: price.pricePerGb, currency: price.currency, cost: round2(learnerCost(result.learner.bytes, price.pricePerGb)) } } : {}),
  };
  return finish(ctx, 'build', { diagnostics: result.diagnostics, result: outcome, root, pretty: (s) => pretty(ctx, s) }, options);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

interface LearnerOutcome {
  bytes: number;
  player: number;
  pages: number;
  media: number;
  images: number;
  lessons: { audio: number; video: number; reading: number };
  unknown: number;
  pricePerGb: number;
  currency: string;
  cost: number;
}

function money(ctx: Context, amount: number, currency: string): string {
  const n = new Intl.NumberFormat(ctx.lang === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: amount < 10 ? 2 : 0 }).format(amount);
  return `${currency} ${n}`;
}

/** The learner's bill on the lowest settings: one line a widyaiswara can quote, and what it is made of. */
function learnerLines(ctx: Context, l: LearnerOutcome): string[] {
  const b = formatBytes;
  const cost = money(ctx, l.cost, l.currency);
  const per = money(ctx, l.pricePerGb, l.currency);
  const { audio, video, reading } = l.lessons;
  return [
    t(
      ctx.lang,
      `Peserta mengunduh ${b(l.bytes)} untuk menyelesaikan kursus dengan pengaturan terhemat: ≈ ${cost} dengan harga data ${per} per GB.`,
      `A learner downloads ${b(l.bytes)} to complete the course on the lowest settings: ≈ ${cost} at ${per} per GB of data.`,
    ),
    t(
      ctx.lang,
      `  pemutar ${b(l.player)}, halaman ${b(l.pages)}, media ${b(l.media)} (pelajaran: ${audio} lewat audio, ${video} lewat video terendah, ${reading} lewat bacaan), gambar ${b(l.images)}`,
      `  player ${b(l.player)}, pages ${b(l.pages)}, media ${b(l.media)} (lessons: ${audio} by audio, ${video} by the lowest video rung, ${reading} by reading), images ${b(l.images)}`,
    ),
    ...(l.unknown
      ? [t(ctx.lang, `  ${l.unknown} berkas tanpa ukuran yang diketahui tidak terhitung.`, `  ${counted(l.unknown, 'file')} of unknown size not counted.`)]
      : []),
  ];
}

function pretty(ctx: Context, settled: Settled<{ packages: { format: keyof typeof formatName; file: string; bytes: number }[]; optimised: OptimisationReport; cache?: CacheCounts; learner?: LearnerOutcome }>): void {
  if (settled.shown.length) write(ctx.stdout, formatDiagnostics(settled.shown, 'pretty', { lang: ctx.lang, color: ctx.colorOut }));
  const packages = settled.result?.packages ?? [];
  if (settled.exitCode !== 0) {
    write(
      ctx.stderr,
      packages.length
        ? t(ctx.lang, '✖ Paket ditulis, tetapi masalah di atas dihitung sebagai galat (--strict atau rules: di ajar.yaml).', '✖ Packages written, but the problems above count as errors (--strict or rules: in ajar.yaml).')
        : t(ctx.lang, '✖ Paket tidak dibuat: perbaiki galat di atas lalu bangun ulang.', '✖ No package written: fix the errors above and build again.'),
    );
    return;
  }
  if (ctx.quiet) return;
  const saved = settled.result ? savingsLines(settled.result.optimised, ctx.lang) : [];
  if (saved.length) write(ctx.stdout, saved.join('\n'));
  for (const p of packages) {
    const where = path.relative(ctx.cwd, p.file) || p.file;
    write(ctx.stdout, `✔ ${where}  (${formatName[p.format]}, ${formatBytes(p.bytes)})`);
  }
  const cache = settled.result?.cache;
  if (cache) write(ctx.stdout, cacheLine(ctx, cache));
  if (settled.result?.learner) for (const line of learnerLines(ctx, settled.result.learner)) write(ctx.stdout, line);
}

/** How many sources came from the build cache: what a rebuild after one edit saves. */
export function cacheLine(ctx: Pick<Context, 'lang'>, cache: CacheCounts): string {
  const total = cache.hits + cache.misses;
  const n = (v: number) => v.toLocaleString(ctx.lang === 'id' ? 'id-ID' : 'en-US');
  return t(
    ctx.lang,
    `  tembolok: ${n(cache.hits)} dari ${n(total)} berkas sumber dipakai ulang, ${n(cache.misses)} dibaca ulang (.ajar/cache/build; --no-cache untuk melewatinya)`,
    `  cache: ${n(cache.hits)} of ${n(total)} source files reused, ${n(cache.misses)} read again (.ajar/cache/build; --no-cache to bypass)`,
  );
}


function stopped(ctx: Context): void {
  write(ctx.stderr, t(ctx.lang, 'Dihentikan. Paket yang belum selesai tidak ditulis; jalankan lagi untuk melanjutkan.', 'Stopped. Unfinished packages were not written; run again to continue.'));
}
