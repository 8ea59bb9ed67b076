// Every command and its options, built from the shared definitions in options.ts (one grammar).
// Each action lazily imports its module, so `ajar check` never loads ffmpeg or S3 code.

import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { Context, Io } from './context.js';
import {
  buildFormatOption,
  deprecatedOptions as old,
  forceOption,
  formatsOption,
  integer,
  noCacheOption,
  outOption,
  reportFormatOption,
  strictOption,
  type Say,
} from './options.js';
import { packagePath } from '../util/package-root.js';

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

export type Action = (ctx: Context, ...args: any[]) => Promise<number>;
/** Wraps a command's lazily loaded action: context, option spelling, failures, exit code. */
export type Runner = (command: string, load: () => Promise<Action>) => (...args: unknown[]) => Promise<void>;

export function declareProgram(program: Command, io: Io, L: Say): Command {
  return program
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
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

export function declareCommands(program: Command, L: Say, run: Runner): void {
  declareAuthoring(program, L, run);
  declareMedia(program, L, run);
  declarePackaging(program, L, run);
  declareQuestions(program, L, run);
}

const courseDir = (L: Say) => [L('folder kursus', 'course folder'), '.'] as const;

function declareAuthoring(program: Command, L: Say, run: Runner): void {
  program
    .command('init')
    .description(L('buat kerangka kursus baru dari templat', 'scaffold a new course from the template'))
    .argument('[dir]', L('folder tujuan', 'target folder'), '.')
    .addOption(new Option('--language <lang>', L('bahasa kursus (bawaan: id, atau --lang)', 'course language (default: id, or --lang)')).choices(['id', 'en']))
    .addOption(forceOption(L, { id: 'tulis ke folder yang tidak kosong (berkas bernama sama ditimpa)', en: 'write into a non-empty folder (files with the same names are replaced)' }))
    .addOption(reportFormatOption(L))
    .action(run('init', async () => (await import('./commands/init.js')).init));

  program
    .command('check')
    .description(L('periksa sumber kursus dan laporkan setiap masalah beserta letaknya', 'check course sources and report every problem with its place'))
    .argument('[dir]', ...courseDir(L))
    .addOption(reportFormatOption(L))
    .addOption(strictOption(L))
    .addOption(noCacheOption(L))
    .action(run('check', async () => (await import('./commands/check.js')).check));

  program
    .command('schema')
    .description(L('tulis JSON Schema untuk front matter, ajar.yaml dan keluaran --format json', 'write JSON Schemas for front matter, ajar.yaml and the --format json output'))
    .argument('[dir]', L('usang: gunakan -o', 'deprecated: use -o'))
    .addOption(outOption(L, { id: 'folder keluaran (bawaan: schemas)', en: 'output folder (default: schemas)' }))
    .addOption(reportFormatOption(L))
    .action(run('schema', async () => (await import('./commands/schema.js')).schema));
}

function declareMedia(program: Command, L: Say, run: Runner): void {
  program
    .command('media')
    .description(L('transkode video, audio dan takarir kursus (bertembolok, paralel)', "transcode the course's video, audio and captions (cached, parallel)"))
    .argument('[dir]', ...courseDir(L))
    .addOption(reportFormatOption(L))
    .addOption(strictOption(L))
    .addOption(new Option('--concurrency <n>', L('jumlah transkode bersamaan', 'transcodes at once')).argParser(integer(L, '--concurrency', 1)))
    .option('--cache-dir <dir>', L('folder tembolok (bawaan: <kursus>/.ajar/cache/media)', 'cache folder (default: <course>/.ajar/cache/media)'))
    .option('--queue <url>', L('kirim pekerjaan ke antrean BullMQ, mis. redis://host:6379', 'send jobs to a BullMQ queue, e.g. redis://host:6379'))
    .option('--store <url>', L('dengan --queue: bucket bersama s3://bucket/awalan alih-alih folder bersama', 'with --queue: a shared s3://bucket/prefix instead of a shared folder'))
    .addOption(queueToleranceOption(L))
    .addOption(old.json())
    .action(run('media', async () => (await import('./commands/media.js')).media));

  program
    .command('worker')
    .description(L('kerjakan transkode dari antrean Redis sampai dihentikan', 'process transcodes from the Redis queue until stopped'))
    .option('--queue <url>', L('alamat antrean, mis. redis://host:6379', 'queue address, e.g. redis://host:6379'))
    .option('--cache-dir <dir>', L('folder bersama tempat keluaran (jika dipasang di jalur lain)', 'shared output folder (if mounted at another path)'))
    .addOption(new Option('--concurrency <n>', L('pekerjaan bersamaan per pekerja', 'jobs at once per worker')).argParser(integer(L, '--concurrency', 1)).default(1))
    .addOption(new Option('--lock-seconds <s>', L('detik sebelum pekerjaan pekerja yang mati diambil alih', 'seconds before a dead worker’s job is taken over')).argParser(integer(L, '--lock-seconds', 2)).default(30))
    .addOption(queueToleranceOption(L))
    .addOption(new Option('--format <format>', L('format peristiwa: pretty, atau json (satu objek JSON per baris)', 'event format: pretty, or json (one JSON object per line)')).choices(['pretty', 'json']).default('pretty'))
    .addOption(old.json())
    .action(run('worker', async () => (await import('./commands/worker.js')).worker));
}

/** How long Redis may be unreachable before `ajar media` / `ajar worker` give up (default 60, or AJAR_QUEUE_TOLERANCE). */
const queueToleranceOption = (L: Say) =>
  new Option('--queue-tolerance <s>', L('detik Redis boleh tidak terjangkau sebelum menyerah (bawaan: 60, atau AJAR_QUEUE_TOLERANCE)', 'seconds Redis may be unreachable before giving up (default: 60, or AJAR_QUEUE_TOLERANCE)')).argParser(integer(L, '--queue-tolerance', 1));

function declarePackaging(program: Command, L: Say, run: Runner): void {
  program
    .command('build')
    .description(L('bangun paket SCORM 1.2 / 2004, cmi5 dan xAPI yang tervalidasi dari kursus', 'build validated SCORM 1.2 / 2004, cmi5 and xAPI packages from a course'))
    .argument('[dir]', ...courseDir(L))
    .addOption(formatsOption(L, { id: 'format paket, dipisah koma (bawaan: build.formats di ajar.yaml)', en: 'package formats, comma-separated (default: build.formats in ajar.yaml)' }))
    .addOption(outOption(L, { id: 'folder keluaran (bawaan: build.out_dir, yaitu dist)', en: 'output folder (default: build.out_dir, i.e. dist)' }))
    .option('--no-media', L('jangan transkode media; salin berkas sumber apa adanya', 'do not transcode media; copy the source files as they are'))
    .addOption(buildFormatOption(L))
    .addOption(strictOption(L))
    .addOption(noCacheOption(L))
    .addOption(old.json())
    .action(run('build', async () => (await import('./commands/build.js')).build));

  program
    .command('verify')
    .description(L('periksa paket SCORM mana pun: skema resmi, berkas, keamanan zip, versi', 'check any SCORM package: official schemas, files, zip safety, version'))
    .argument('<packages...>', L('berkas paket .zip', 'package .zip files'))
    .addOption(
      new Option('--profile <profile>', L('siapa yang menilai: strict (skema XSD + aturan ADL) atau lms (yang diimpor LMS; masalah skema saja menjadi peringatan)', 'who judges: strict (XSD + ADL rules) or lms (what LMSs import; schema-only problems become warnings)'))
        .choices(['strict', 'lms'])
        .default('strict'),
    )
    .addOption(reportFormatOption(L))
    .addOption(strictOption(L))
    .action(run('verify', async () => (await import('./commands/verify.js')).verify));

  program
    .command('publish')
    .description(L('verifikasi paket lalu kirim ke tujuan di ajar.yaml (tus, s3); dapat dilanjutkan dan idempoten', 'verify packages and send them to the targets in ajar.yaml (tus, s3); resumable and idempotent'))
    .argument('[paths...]', L('folder kursus (dibangun dahulu), folder berisi .zip, atau berkas paket .zip', 'course folder (built first), folder of .zip files, or package .zip files'))
    .option('-t, --target <name>', L('nama tujuan di publish.targets (boleh diulang)', 'target name in publish.targets (repeatable)'), (v: string, all: string[] = []) => [...all, v])
    .option('--config <file>', L('berkas ajar.yaml (bawaan: milik folder kursus, atau ./ajar.yaml)', 'ajar.yaml file (default: the course folder’s, or ./ajar.yaml)'))
    .option('--dry-run', L('tampilkan apa yang akan dikirim ke mana, tanpa mengirim', 'show what would be sent where, without sending'))
    .addOption(forceOption(L, { id: 'versi rilis yang sudah ada dengan isi berbeda', en: 'a release version that exists with different content' }))
    .addOption(reportFormatOption(L))
    .addOption(strictOption(L))
    .addOption(old.json())
    .action(run('publish', async () => (await import('./commands/publish.js')).publish));

  program
    .command('preview')
    .description(L('pratinjau kursus di LMS lokal dengan muat ulang otomatis dan panel data pelacakan', 'preview the course in a local LMS with live reload and a tracking-data panel'))
    .argument('[dir]', ...courseDir(L))
    .addOption(formatsOption(L, { id: 'satu format paket yang diputar LMS: scorm12, scorm2004, cmi5 (bawaan), xapi', en: 'the one package format the LMS plays: scorm12, scorm2004, cmi5 (default), xapi' }))
    .addOption(new Option('--port <port>', L('port (0: port bebas mana pun)', 'port (0: any free port)')).argParser(integer(L, '--port', 0, 65535)).default(4173))
    .option('--host <host>', L('alamat yang didengarkan (127.0.0.1: hanya komputer ini)', 'address to listen on (127.0.0.1: this computer only)'), '127.0.0.1')
    .option('--open', L('buka di peramban', 'open in the browser'))
    .option('--no-watch', L('jangan bangun ulang saat berkas berubah', 'do not rebuild when files change'))
    .addOption(strictOption(L))
    .addOption(old.mode())
    .action(run('preview', async () => (await import('./commands/preview.js')).preview));
}

function declareQuestions(program: Command, L: Say, run: Runner): void {
  const questions = program
    .command('questions')
    .description(L('impor/ekspor bank soal: GIFT, Aiken, Moodle XML, QTI', 'import/export question banks: GIFT, Aiken, Moodle XML, QTI'));
  questions
    .command('import')
    .description(L('ubah berkas GIFT, Aiken, atau Moodle XML menjadi bank soal Markdown', 'turn a GIFT, Aiken or Moodle XML file into a Markdown question bank'))
    .argument('<file>', L('berkas yang diimpor', 'file to import'))
    .addOption(new Option('--from <format>', L('format sumber (bawaan: dari nama/isi berkas)', 'source format (default: from the file name/content)')).choices(['gift', 'aiken', 'moodlexml']))
    .addOption(outOption(L, { id: 'berkas .md keluaran (bawaan: stdout)', en: 'output .md file (default: stdout)' }))
    .option('--id <id>', L('id bank soal', 'bank id'))
    .option('--title <title>', L('judul bank soal', 'bank title'))
    .addOption(reportFormatOption(L))
    .addOption(strictOption(L))
    .addOption(old.output())
    .action(run('questions import', async () => (await import('./commands/questions.js')).questionsImport));
  questions
    .command('export')
    .description(L('ubah bank soal Markdown menjadi GIFT, Moodle XML, atau paket QTI', 'turn a Markdown question bank into GIFT, Moodle XML or a QTI package'))
    .argument('<bank>', L('berkas bank soal (.md)', 'question bank file (.md)'))
    .addOption(formatsOption(L, { id: 'satu format tujuan: gift, moodlexml, qti21, qti30', en: 'the one target format: gift, moodlexml, qti21, qti30' }))
    .addOption(outOption(L, { id: 'berkas keluaran (bawaan: stdout; QTI: <id>-<format>.zip)', en: 'output file (default: stdout; QTI: <id>-<format>.zip)' }))
    .addOption(reportFormatOption(L))
    .addOption(strictOption(L))
    .addOption(old.to())
    .addOption(old.output())
    .action(run('questions export', async () => (await import('./commands/questions.js')).questionsExport));
}
