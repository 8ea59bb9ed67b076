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
  if (info && !info.isDirectory()) throw new AjarError(rules['not-a-folder']({ data: { dir } }));
  if (!info) throw new AjarError(rules['no-course-dir']({ data: { dir } }));
  const result = await loadCourse(root, ctx.env);
  let diagnostics = checkCourse(result);
  if (options.strict) diagnostics = diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const } : d));
  // People and CI annotations need paths from where the command ran; JSON keeps them course-relative.
  const fromCwd = (file: string) => path.relative(ctx.cwd, path.join(root, file)).split(path.sep).join('/');
  const placed = options.format === 'json' ? diagnostics : diagnostics.map((d) => (d.file ? { ...d, file: fromCwd(d.file) } : d));
  const shown = ctx.quiet ? placed.filter((d) => d.severity === 'error') : placed;
  const text = formatDiagnostics(shown, options.format, { lang: ctx.lang, color: ctx.colorOut });
  if (!(ctx.quiet && options.format === 'pretty' && shown.length === 0)) write(ctx.stdout, text);
  if (result.diagnostics.some((d) => d.ruleId === 'no-syllabus')) return 2;
  if (!result.course) return 1;
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
