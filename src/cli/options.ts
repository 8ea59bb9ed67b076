// The CLI grammar, declared once. Every command builds its options from these definitions, so an option
// means the same thing everywhere (docs/cli.md has the table):
//   --format pretty|json|github   the report format, on every command that reports
//   --formats <a,b>               what to produce: package formats (build, preview), bank formats (questions export)
//   -o, --out <path>              where the output goes
//   --strict                      warnings fail the command (exit 1)
//   --force                       replace what already exists at the destination
// Old spellings still work for one release and print a one-line warning (see `canonical`).

import { InvalidArgumentError, Option } from 'commander';
import type { Context } from './context.js';
import { write } from './context.js';
import { t } from '../diagnostics/lang.js';
import type { Lang } from '../core/model/course.js';

export const reportFormats = ['pretty', 'json', 'github'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Localised option text: `L('Indonesian', 'English')`. */
export type Say = (id: string, en: string) => string;

export function reportFormatOption(L: Say): Option {
  return new Option('--format <format>', L('format laporan', 'report format')).choices(reportFormats).default('pretty');
}

/** `--format` of `ajar build`: also takes the package formats it used to mean (deprecated), so no choices here. */
export function buildFormatOption(L: Say): Option {
  return new Option('--format <format>', L('format laporan: pretty, json, github', 'report format: pretty, json, github')).default('pretty');
}

export function strictOption(L: Say): Option {
  return new Option('--strict', L('peringatan dianggap galat (kode keluar 1)', 'treat warnings as errors (exit 1)'));
}

export function outOption(L: Say, what: { id: string; en: string }): Option {
  return new Option('-o, --out <path>', L(what.id, what.en));
}

export function forceOption(L: Say, what: { id: string; en: string }): Option {
  return new Option('--force', L(`timpa yang sudah ada di tujuan: ${what.id}`, `replace what already exists at the destination: ${what.en}`));
}

/** `--no-cache`: parse and render every source again, neither reading nor writing `<course>/.ajar/cache/build`. */
export function noCacheOption(L: Say): Option {
  return new Option('--no-cache', L('abaikan tembolok build (.ajar/cache/build): semua sumber dibaca ulang dan tidak ada yang ditulis ke tembolok', 'bypass the build cache (.ajar/cache/build): read every source again, write nothing to the cache'));
}

/** `--formats a,b` (comma-separated, repeatable). */
export function formatsOption(L: Say, what: { id: string; en: string }): Option {
  return new Option('--formats <formats>', L(what.id, what.en)).argParser(collectList);
}

export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** Deprecated spellings: accepted, hidden from --help, warned about by `canonical`. */
export const deprecatedOptions = {
  json: () => new Option('--json', 'deprecated: --format json').hideHelp(),
  output: () => new Option('--output <file>', 'deprecated: -o, --out').hideHelp(),
  mode: () => new Option('--mode <format>', 'deprecated: --formats').hideHelp(),
  to: () => new Option('--to <format>', 'deprecated: --formats').hideHelp(),
};

/** Whole numbers, parsed one way for every option: a clear usage error (exit 2) otherwise. */
export function integer(L: Say, name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`;
      throw new InvalidArgumentError(L(`${name} harus bilangan bulat ${range}.`, `${name} must be a whole number ${range}.`));
    }
    return n;
  };
}

/** What commander hands a command, old spellings included. */
export interface RawOptions {
  format?: string;
  formats?: string[];
  out?: string;
  strict?: boolean;
  json?: boolean;
  output?: string;
  mode?: string;
  to?: string;
  [key: string]: unknown;
}

/** The options in their one spelling. */
export interface GrammarOptions {
  format: ReportFormat;
  formats?: string[];
  out?: string;
  strict: boolean;
}

/**
 * Maps the deprecated spellings onto the one grammar, printing one line per spelling used:
 * `--json` → `--format json`; `--output` → `--out`; preview `--mode` and export `--to` → `--formats`;
 * `ajar build --format scorm12,cmi5` → `--formats scorm12,cmi5`.
 */
export function canonical<O extends RawOptions>(ctx: Context, raw: O): O & GrammarOptions {
  const options = { ...raw } as O & GrammarOptions;
  const warn = (old: string, now: string) => (ctx.quiet ? undefined : deprecationWarning(ctx, old, now));
  if (raw.format !== undefined && !(reportFormats as readonly string[]).includes(raw.format)) {
    // Only `ajar build` lets a non-report value through: its --format used to be the package formats.
    warn(`--format ${raw.format}`, `--formats ${raw.format}`);
    options.formats = collectList(raw.format, raw.formats);
    options.format = 'pretty';
  }
  if (raw.json) {
    warn('--json', '--format json');
    options.format = 'json';
  }
  if (raw.output !== undefined) {
    warn('--output', '-o, --out');
    options.out ??= raw.output;
  }
  for (const old of ['mode', 'to'] as const) {
    const value = raw[old];
    if (value === undefined) continue;
    warn(`--${old} ${value}`, `--formats ${value}`);
    options.formats = collectList(value, raw.formats);
  }
  options.format ??= 'pretty';
  options.strict = Boolean(raw.strict);
  return options;
}

export function deprecationWarning(ctx: Pick<Context, 'stderr' | 'lang'>, old: string, now: string): void {
  write(ctx.stderr, deprecationText(ctx.lang, old, now));
}

export function deprecationText(lang: Lang, old: string, now: string): string {
  return t(lang, `⚠ ${old} sudah usang dan akan dihapus pada rilis berikutnya: gunakan ${now}.`, `⚠ ${old} is deprecated and will be removed in the next release: use ${now}.`);
}
