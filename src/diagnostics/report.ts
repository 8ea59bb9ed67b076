// Reporters: the only place diagnostics become text. pretty (people), json (tools), github (CI annotations).

import type { Diagnostic } from './diagnostic.js';
import { sortDiagnostics } from './diagnostic.js';
import { hintOf, messageOf } from './catalog.js';
import type { Lang } from '../core/model/course.js';
import { t } from './lang.js';

export type ReportFormat = 'pretty' | 'json' | 'github';

export interface ReportOptions {
  lang: Lang;
  color: boolean;
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: ReportFormat,
  options: ReportOptions,
): string {
  const sorted = sortDiagnostics(diagnostics);
  switch (format) {
    case 'json':
      return JSON.stringify(sorted.map((d) => toJson(d, options.lang)), null, 2) + '\n';
    case 'github':
      return sorted.map((d) => toGithub(d, options.lang)).join('');
    default:
      return formatPretty(sorted, options);
  }
}

export function toJson(d: Diagnostic, lang: Lang) {
  return {
    file: d.file ?? null,
    line: d.position?.start.line ?? null,
    column: d.position?.start.column ?? null,
    endLine: d.position?.end?.line ?? null,
    endColumn: d.position?.end?.column ?? null,
    severity: d.severity,
    ruleId: d.ruleId,
    message: messageOf(d, lang),
    hint: hintOf(d, lang) ?? null,
  };
}

// GitHub workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function toGithub(d: Diagnostic, lang: Lang): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (d.file) props.push(`file=${escapeProperty(d.file)}`);
  if (d.position) {
    props.push(`line=${d.position.start.line}`, `col=${d.position.start.column}`);
    if (d.position.end) props.push(`endLine=${d.position.end.line}`, `endColumn=${d.position.end.column}`);
  }
  props.push(`title=${escapeProperty(d.ruleId)}`);
  const hint = hintOf(d, lang);
  const text = messageOf(d, lang) + (hint ? ` — ${hint}` : '');
  return `::${level} ${props.join(',')}::${escapeData(text)}\n`;
}

const codes = { red: [31, 39], yellow: [33, 39], blue: [34, 39], dim: [2, 22], bold: [1, 22], green: [32, 39] } as const;
export type Colour = keyof typeof codes;
export function paint(on: boolean, colour: Colour, s: string): string {
  if (!on) return s;
  const [a, b] = codes[colour];
  return `\u001b[${a}m${s}\u001b[${b}m`;
}

export function location(d: Diagnostic): string {
  const file = d.file ?? '';
  if (!d.position) return file;
  return `${file}:${d.position.start.line}:${d.position.start.column}`;
}

function formatPretty(sorted: readonly Diagnostic[], options: ReportOptions): string {
  const lines = sorted.map((d) => formatOne(d, options));
  lines.push(summary(sorted, options.lang, options.color));
  return lines.join('\n') + '\n';
}

/** One diagnostic as a person reads it: place, severity, message, rule id, and the fix on the next line. */
export function formatOne(d: Diagnostic, { lang, color }: ReportOptions): string {
  const lines: string[] = [];
  {
    const sev =
      d.severity === 'error'
        ? paint(color, 'red', t(lang, 'galat', 'error'))
        : d.severity === 'warning'
          ? paint(color, 'yellow', t(lang, 'peringatan', 'warning'))
          : paint(color, 'blue', 'info');
    const where = location(d);
    lines.push(`${where ? paint(color, 'bold', where) + '  ' : ''}${sev}  ${messageOf(d, lang)}  ${paint(color, 'dim', d.ruleId)}`);
    const hint = hintOf(d, lang);
    if (hint) lines.push(`  ${paint(color, 'dim', '↳')} ${hint}`);
  }
  return lines.join('\n');
}

export function summary(diagnostics: readonly Diagnostic[], lang: Lang, color: boolean): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors === 0 && warnings === 0) return paint(color, 'green', t(lang, '✔ Tidak ada masalah.', '✔ No problems.'));
  const parts = [
    t(lang, `${errors} galat`, `${errors} error${errors === 1 ? '' : 's'}`),
    t(lang, `${warnings} peringatan`, `${warnings} warning${warnings === 1 ? '' : 's'}`),
  ];
  return paint(color, errors ? 'red' : 'yellow', `${errors ? '✖' : '⚠'} ${parts.join(', ')}`);
}
