// The CLI is wiring: commands are declared in program.ts, each lazily imports its module and returns an
// exit code. Only bin/ajar.js sets process.exitCode. Exit codes (docs/cli.md): 0 ok, 1 problems found,
// 2 usage or environment, 70 internal error (a bug in ajar), 130 interrupted.

import { Command, CommanderError } from 'commander';
import type { Context, Io } from './context.js';
import { write } from './context.js';
import { detectLang, t } from '../diagnostics/lang.js';
import path from 'node:path';
import { AjarError, isAjarError } from '../diagnostics/errors.js';
import { formatOne } from '../diagnostics/report.js';
import { commandsWithEnvelope, envelope } from './envelope.js';
import { rules } from './rules.js';
import { canonical, type RawOptions, type ReportFormat } from './options.js';
import { declareCommands, declareProgram, type Action, type Runner } from './program.js';

export interface GlobalOptions {
  debug?: boolean;
  quiet?: boolean;
  lang?: string;
  color?: boolean;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const lang = detectLang(io.env, langFlag(argv));
  const program = declareProgram(new Command('ajar'), io, (id, en) => t(lang, id, en));
  let exitCode = 0;
  const run: Runner = (command, load) => async (...args: unknown[]) => {
    exitCode = await runCommand(command, load, contextOf(program, io), args);
  };
  declareCommands(program, (id, en) => t(lang, id, en), run);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // --help and --version exit 0; every other parse failure (unknown option, bad integer) is a usage error,
    // which commander has printed; a CI job that asked for JSON gets it as an envelope on stdout as well.
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0 && wantsJson(argv)) writeUsageEnvelope(error, argv, contextOf(program, io));
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportFailure(error, contextOf(program, io));
  }
  return exitCode;
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json') || argv.includes('--format=json') || argv.some((a, i) => a === 'json' && argv[i - 1] === '--format');
}

function writeUsageEnvelope(error: CommanderError, argv: readonly string[], ctx: Context): void {
  const words = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '--lang');
  const command = words[0] === 'questions' && (words[1] === 'import' || words[1] === 'export') ? `questions ${words[1]}` : (words[0] ?? '');
  if (!commandsWithEnvelope.includes(command)) return;
  const detail = error.message.replace(/^error: /, '');
  write(ctx.stdout, JSON.stringify(envelope(command, 2, [rules['usage-error']({ data: { detail, command } })], null, ctx.lang), null, 2));
}

/** `--lang` before commander has parsed anything: the help texts are already in that language. */
function langFlag(argv: readonly string[]): string | undefined {
  return argv.find((_, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.slice(7);
}

function contextOf(program: Command, io: Io): Context {
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
}

/** commander calls an action with (...arguments, options, command): the options are put in their one spelling. */
async function runCommand(command: string, load: () => Promise<Action>, ctx: Context, args: unknown[]): Promise<number> {
  const positional = args.slice(0, -2);
  let format: ReportFormat = 'pretty';
  try {
    const options = canonical(ctx, args.at(-2) as RawOptions);
    format = options.format;
    const action = await load();
    return await action(ctx, ...positional, options);
  } catch (error) {
    return reportFailure(error, ctx, format === 'json' ? command : undefined);
  }
}

/** A command that stopped: its diagnostic in the chosen format (an envelope with --format json), exit 2. */
function reportFailure(thrown: unknown, ctx: Context, jsonCommand?: string): number {
  const error = fileSystemRefusal(thrown, ctx) ?? thrown;
  if (isAjarError(error)) {
    if (jsonCommand) write(ctx.stdout, JSON.stringify(envelope(jsonCommand, error.exitCode, [error.diagnostic], null, ctx.lang), null, 2));
    else write(ctx.stderr, formatOne(error.diagnostic, { lang: ctx.lang, color: ctx.color }));
    if (ctx.debug) write(ctx.stderr, error.stack ?? '');
    return error.exitCode;
  }
  const err = error as Error;
  // --format json promises one envelope whatever happens, a bug included.
  if (jsonCommand) write(ctx.stdout, JSON.stringify(envelope(jsonCommand, INTERNAL_ERROR, [rules['internal-error']({ data: { detail: err?.message ?? String(error) } })], null, ctx.lang), null, 2));
  write(ctx.stderr, t(ctx.lang, `Galat tak terduga: ${err?.message ?? String(error)}`, `Unexpected error: ${err?.message ?? String(error)}`));
  if (ctx.debug) write(ctx.stderr, err?.stack ?? '');
  else write(ctx.stderr, t(ctx.lang, 'Jalankan ulang dengan --debug untuk jejak tumpukan, lalu laporkan.', 'Run again with --debug for a stack trace, and report it.'));
  // Not 2 (usage): CI must tell "bad package" (1) and "bad invocation" (2) from "ajar broke" (70, sysexits EX_SOFTWARE).
  return INTERNAL_ERROR;
}

/** System error codes that mean "this path cannot be used", whichever command met it: the user's to fix, not a bug. */
const PATH_ERRORS = new Set(['EEXIST', 'ENOTDIR', 'EISDIR', 'ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'ELOOP']);

/** A file-system refusal of a path (an output folder that is a file, a read-only disk) as a located usage problem (exit 2). */
function fileSystemRefusal(error: unknown, ctx: Context): AjarError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || typeof e.path !== 'string' || !PATH_ERRORS.has(e.code)) return undefined;
  const shown = path.relative(ctx.cwd, e.path);
  return new AjarError(rules['path-unusable']({ data: { path: shown && !shown.startsWith('..') ? shown : e.path, code: e.code } }));
}

/** Exit code of an unexpected failure inside ajar (a bug), never of bad input or bad usage. */
export const INTERNAL_ERROR = 70;
