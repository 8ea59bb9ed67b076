import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { loadCourse } from '../../load/index.js';
import { checkCourse } from '../../check/index.js';
import { formatDiagnostics, type ReportFormat } from '../../diagnostics/report.js';
import { AjarError } from '../../diagnostics/errors.js';
import { rules } from '../rules.js';

export interface CheckOptions {
  format: ReportFormat;
  strict?: boolean;
}

export async function check(ctx: Context, dir: string, options: CheckOptions): Promise<number> {
  const root = path.resolve(ctx.cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new AjarError(rules['no-course-dir']({ data: { dir } }));
  const result = await loadCourse(root, ctx.env);
  let diagnostics = checkCourse(result);
  if (options.strict) diagnostics = diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const } : d));
  const shown = ctx.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  const text = formatDiagnostics(shown, options.format, { lang: ctx.lang, color: ctx.color });
  if (!(ctx.quiet && options.format === 'pretty' && shown.length === 0)) write(ctx.stdout, text);
  if (result.diagnostics.some((d) => d.ruleId === 'no-syllabus')) return 2;
  if (!result.course) return 1;
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
