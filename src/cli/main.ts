// The CLI is wiring: commands are declared here, each lazily imports its module and returns an exit code.
// Only bin/ajar.js sets process.exitCode. Exit codes: 0 ok, 1 problems found / upload failed, 2 usage or environment.

import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { Context, Io } from './context.js';
import { write } from './context.js';
import { detectLang, t } from '../diagnostics/lang.js';
import { isAjarError } from '../diagnostics/errors.js';
import { formatOne } from '../diagnostics/report.js';
import '../diagnostics/catalog.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export interface GlobalOptions {
  debug?: boolean;
  quiet?: boolean;
  lang?: string;
  color?: boolean;
}

type Action = (ctx: Context, ...args: any[]) => Promise<number>;

export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('ajar');
  const langGuess = detectLang(io.env, argv.find((a, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.slice(7));
  const L = (id: string, en: string) => t(langGuess, id, en);

  program
    .description(L('Ubah kursus Markdown menjadi paket SCORM/cmi5/xAPI yang tervalidasi, lalu terbitkan.', 'Turn Markdown courses into validated SCORM/cmi5/xAPI packages and publish them.'))
    .version(pkg.version, '-V, --version', L('tampilkan nomor versi', 'output the version number'))
    .helpOption('-h, --help', L('tampilkan bantuan perintah', 'display help for command'))
    .helpCommand('help [command]', L('tampilkan bantuan untuk perintah', 'display help for command'))
    .option('--debug', L('tampilkan jejak tumpukan (stack trace) saat galat', 'show stack traces on errors'))
    .option('-q, --quiet', L('hanya tampilkan galat', 'print errors only'))
    .addOption(new Option('--lang <lang>', L('bahasa pesan', 'message language')).choices(['id', 'en']))
    .option('--no-color', L('tanpa warna', 'disable colour'))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  const context = (): Context => {
    const g = program.opts<GlobalOptions>();
    const tty = Boolean(io.stderr.isTTY);
    const colorAllowed = g.color !== false && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
    return {
      ...io,
      lang: detectLang(io.env, g.lang),
      ...(g.lang === 'id' || g.lang === 'en' ? { explicitLang: g.lang } : {}),
      debug: Boolean(g.debug),
      quiet: Boolean(g.quiet),
      color: colorAllowed && tty,
      colorOut: colorAllowed && Boolean(io.stdout.isTTY),
      interactive: tty && !io.env.CI,
    };
  };

  const run = (load: () => Promise<Action>) =>
    async (...args: unknown[]) => {
      const ctx = context();
      try {
        const action = await load();
        exitCode = await action(ctx, ...args.slice(0, -1));
      } catch (error) {
        exitCode = reportFailure(error, ctx);
      }
    };

  program
    .command('init')
    .description(L('buat kerangka kursus baru dari templat', 'scaffold a new course from the template'))
    .argument('[dir]', L('folder tujuan', 'target folder'), '.')
    .addOption(new Option('--language <lang>', L('bahasa kursus (bawaan: id, atau --lang)', 'course language (default: id, or --lang)')).choices(['id', 'en']))
    .option('--force', L('tulis ke folder yang tidak kosong', 'write into a non-empty folder'))
    .action(run(async () => (await import('./commands/init.js')).init));

  program
    .command('check')
    .description(L('periksa sumber kursus dan laporkan setiap masalah beserta letaknya', 'check course sources and report every problem with its place'))
    .argument('[dir]', L('folder kursus', 'course folder'), '.')
    .addOption(new Option('--format <format>', L('format laporan', 'report format')).choices(['pretty', 'json', 'github']).default('pretty'))
    .option('--strict', L('peringatan dianggap galat', 'treat warnings as errors'))
    .action(run(async () => (await import('./commands/check.js')).check));

  program
    .command('build')
    .description(L('bangun paket SCORM 1.2 / 2004, cmi5 dan xAPI yang tervalidasi dari kursus', 'build validated SCORM 1.2 / 2004, cmi5 and xAPI packages from a course'))
    .argument('[dir]', L('folder kursus', 'course folder'), '.')
    .option('--format <formats>', L('format paket, dipisah koma (bawaan: build.formats di ajar.yaml)', 'package formats, comma-separated (default: build.formats in ajar.yaml)'))
    .option('--out <dir>', L('folder keluaran (bawaan: build.out_dir, yaitu dist)', 'output folder (default: build.out_dir, i.e. dist)'))
    .option('--no-media', L('jangan transkode media; salin berkas sumber apa adanya', 'do not transcode media; copy the source files as they are'))
    .option('--json', L('hasil sebagai JSON (untuk CI)', 'result as JSON (for CI)'))
    .action(run(async () => (await import('./commands/build.js')).build));

  program
    .command('verify')
    .description(L('periksa paket SCORM mana pun: skema resmi, berkas, keamanan zip, versi', 'check any SCORM package: official schemas, files, zip safety, version'))
    .argument('<packages...>', L('berkas paket .zip', 'package .zip files'))
    .addOption(new Option('--format <format>', L('format laporan', 'report format')).choices(['pretty', 'json', 'github']).default('pretty'))
    .option('--strict', L('peringatan dianggap galat', 'treat warnings as errors'))
    .action(run(async () => (await import('./commands/verify.js')).verify));

  program
    .command('schema')
    .description(L('tulis JSON Schema untuk front matter dan ajar.yaml (untuk penyunting)', 'write JSON Schemas for front matter and ajar.yaml (for editors)'))
    .argument('[dir]', L('folder keluaran', 'output folder'), 'schemas')
    .action(run(async () => (await import('./commands/schema.js')).schema));

  program
    .command('media')
    .description(L('transkode video, audio dan takarir kursus (bertembolok, paralel)', "transcode the course's video, audio and captions (cached, parallel)"))
    .argument('[dir]', L('folder kursus', 'course folder'), '.')
    .option('--json', L('kemajuan dan hasil sebagai baris JSON (untuk CI)', 'progress and results as JSON lines (for CI)'))
    .addOption(new Option('--format <format>', L('format laporan', 'report format')).choices(['pretty', 'json', 'github']).default('pretty'))
    .option('--concurrency <n>', L('jumlah transkode bersamaan', 'transcodes at once'))
    .option('--cache-dir <dir>', L('folder tembolok (bawaan: <kursus>/.ajar/cache/media)', 'cache folder (default: <course>/.ajar/cache/media)'))
    .option('--queue <url>', L('kirim pekerjaan ke antrean BullMQ, mis. redis://host:6379', 'send jobs to a BullMQ queue, e.g. redis://host:6379'))
    .option('--store <url>', L('dengan --queue: bucket bersama s3://bucket/awalan alih-alih folder bersama', 'with --queue: a shared s3://bucket/prefix instead of a shared folder'))
    .action(run(async () => (await import('./commands/media.js')).media));

  program
    .command('worker')
    .description(L('kerjakan transkode dari antrean Redis sampai dihentikan', 'process transcodes from the Redis queue until stopped'))
    .option('--queue <url>', L('alamat antrean, mis. redis://host:6379', 'queue address, e.g. redis://host:6379'))
    .option('--cache-dir <dir>', L('folder bersama tempat keluaran (jika dipasang di jalur lain)', 'shared output folder (if mounted at another path)'))
    .option('--concurrency <n>', L('pekerjaan bersamaan per pekerja', 'jobs at once per worker'), '1')
    .option('--lock-seconds <s>', L('detik sebelum pekerjaan pekerja yang mati diambil alih', 'seconds before a dead worker’s job is taken over'), '30')
    .option('--json', L('peristiwa sebagai baris JSON', 'events as JSON lines'))
    .action(run(async () => (await import('./commands/worker.js')).worker));

  program
    .command('publish')
    .description(L('verifikasi paket lalu kirim ke tujuan di ajar.yaml (tus, s3); dapat dilanjutkan dan idempoten', 'verify packages and send them to the targets in ajar.yaml (tus, s3); resumable and idempotent'))
    .argument('[paths...]', L('folder kursus (dibangun dahulu), folder berisi .zip, atau berkas paket .zip', 'course folder (built first), folder of .zip files, or package .zip files'))
    .option('-t, --target <name>', L('nama tujuan di publish.targets (boleh diulang)', 'target name in publish.targets (repeatable)'), (v: string, all: string[] = []) => [...all, v])
    .option('--config <file>', L('berkas ajar.yaml (bawaan: milik folder kursus, atau ./ajar.yaml)', 'ajar.yaml file (default: the course folder’s, or ./ajar.yaml)'))
    .option('--dry-run', L('tampilkan apa yang akan dikirim ke mana, tanpa mengirim', 'show what would be sent where, without sending'))
    .option('--json', L('laporan yang dapat dibaca mesin (untuk CI)', 'machine-readable report (for CI)'))
    .option('--force', L('timpa versi rilis yang sudah ada dengan isi berbeda', 'overwrite a release version that exists with different content'))
    .action(run(async () => (await import('./commands/publish.js')).publish));

  program
    .command('preview')
    .description(L('pratinjau kursus di LMS lokal dengan muat ulang otomatis dan panel data pelacakan', 'preview the course in a local LMS with live reload and a tracking-data panel'))
    .argument('[dir]', L('folder kursus', 'course folder'), '.')
    .addOption(new Option('--mode <mode>', L('cara LMS memutar kursus', 'how the LMS plays the course')).choices(['scorm12', 'scorm2004', 'cmi5', 'xapi']).default('cmi5'))
    .option('--port <port>', L('port (0: port bebas mana pun)', 'port (0: any free port)'), '4173')
    .option('--host <host>', L('alamat yang didengarkan (bawaan: 127.0.0.1, hanya komputer ini)', 'address to listen on (default: 127.0.0.1, this computer only)'), '127.0.0.1')
    .option('--open', L('buka di peramban', 'open in the browser'))
    .option('--no-watch', L('jangan bangun ulang saat berkas berubah', 'do not rebuild when files change'))
    .action(run(async () => (await import('./commands/preview.js')).preview));

  const questions = program
    .command('questions')
    .description(L('impor/ekspor bank soal: GIFT, Aiken, Moodle XML, QTI', 'import/export question banks: GIFT, Aiken, Moodle XML, QTI'));
  questions
    .command('import')
    .description(L('ubah berkas GIFT, Aiken, atau Moodle XML menjadi bank soal Markdown', 'turn a GIFT, Aiken or Moodle XML file into a Markdown question bank'))
    .argument('<file>', L('berkas yang diimpor', 'file to import'))
    .addOption(new Option('--from <format>', L('format sumber (bawaan: dari nama/isi berkas)', 'source format (default: from the file name/content)')).choices(['gift', 'aiken', 'moodlexml']))
    .option('-o, --output <file>', L('berkas .md keluaran (bawaan: stdout)', 'output .md file (default: stdout)'))
    .option('--id <id>', L('id bank soal', 'bank id'))
    .option('--title <title>', L('judul bank soal', 'bank title'))
    .addOption(new Option('--format <format>', L('format laporan', 'report format')).choices(['pretty', 'json', 'github']).default('pretty'))
    .action(run(async () => (await import('./commands/questions.js')).questionsImport));
  questions
    .command('export')
    .description(L('ubah bank soal Markdown menjadi GIFT, Moodle XML, atau paket QTI', 'turn a Markdown question bank into GIFT, Moodle XML or a QTI package'))
    .argument('<bank>', L('berkas bank soal (.md)', 'question bank file (.md)'))
    .addOption(new Option('--to <format>', L('format tujuan', 'target format')).choices(['gift', 'moodlexml', 'qti21', 'qti30']).makeOptionMandatory())
    .option('-o, --output <file>', L('berkas keluaran (bawaan: stdout; QTI: <id>-<format>.zip)', 'output file (default: stdout; QTI: <id>-<format>.zip)'))
    .addOption(new Option('--format <format>', L('format laporan', 'report format')).choices(['pretty', 'json', 'github']).default('pretty'))
    .action(run(async () => (await import('./commands/questions.js')).questionsExport));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other parse failure is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportFailure(error, context());
  }
  return exitCode;
}

function reportFailure(error: unknown, ctx: Context): number {
  if (isAjarError(error)) {
    write(ctx.stderr, formatOne(error.diagnostic, { lang: ctx.lang, color: ctx.color }));
    if (ctx.debug) write(ctx.stderr, error.stack ?? '');
    return error.exitCode;
  }
  const err = error as Error;
  write(ctx.stderr, t(ctx.lang, `Galat tak terduga: ${err?.message ?? String(error)}`, `Unexpected error: ${err?.message ?? String(error)}`));
  if (ctx.debug) write(ctx.stderr, err?.stack ?? '');
  else write(ctx.stderr, t(ctx.lang, 'Jalankan ulang dengan --debug untuk jejak tumpukan, lalu laporkan.', 'Run again with --debug for a stack trace, and report it.'));
  return 2;
}
