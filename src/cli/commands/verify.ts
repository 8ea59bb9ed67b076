// `ajar verify <package.zip...>`: checks any SCORM package. Exit 0 clean (warnings allowed unless --strict),
// 1 problems found, 2 usage (a file that does not exist).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { AjarError } from '../../diagnostics/errors.js';
import { t } from '../../diagnostics/lang.js';
import { formatDiagnostics, type ReportFormat } from '../../diagnostics/report.js';
import { verifyPackageReport } from '../../verify/index.js';
import { rules } from '../../verify/rules.js';

export interface VerifyOptions {
  format: ReportFormat;
  strict?: boolean;
}

export async function verify(ctx: Context, packages: string[], options: VerifyOptions): Promise<number> {
  for (const given of packages) {
    const info = await stat(path.resolve(ctx.cwd, given)).catch(() => undefined);
    if (!info?.isFile()) throw new AjarError(rules['package-not-found']({ data: { path: given } }));
  }
  let diagnostics: Diagnostic[] = [];
  const summaries: string[] = [];
  for (const given of packages) {
    const report = await verifyPackageReport(path.resolve(ctx.cwd, given), { displayPath: given });
    diagnostics.push(...report.diagnostics);
    const version = report.version ? `SCORM ${report.version}` : t(ctx.lang, 'versi tidak diketahui', 'unknown version');
    summaries.push(`${given}: ${version}, ${report.entries} ${t(ctx.lang, 'entri', report.entries === 1 ? 'entry' : 'entries')}`);
  }
  if (options.strict) diagnostics = diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const } : d));
  const shown = ctx.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  if (options.format === 'pretty' && !ctx.quiet) write(ctx.stdout, summaries.join('\n'));
  const text = formatDiagnostics(shown, options.format, { lang: ctx.lang, color: ctx.colorOut });
  if (!(ctx.quiet && options.format === 'pretty' && shown.length === 0)) write(ctx.stdout, text);
  return hasErrors(diagnostics) ? 1 : 0;
}
