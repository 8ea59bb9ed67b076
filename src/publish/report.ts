// The publish report as people read it (pretty) and as tools read it (--json).

import type { Lang } from '../core/model/course.js';
import { paint, formatOne, toJson } from '../diagnostics/report.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { t } from '../diagnostics/lang.js';
import { formatBytes } from '../util/progress.js';
import type { ActionReport, PublishReport } from './run.js';

export function reportJson(report: PublishReport, lang: Lang): string {
  return (
    JSON.stringify(
      {
        dryRun: report.dryRun,
        exitCode: report.exitCode,
        sentBytes: report.sentBytes,
        targets: report.targets,
        diagnostics: sortDiagnostics(report.diagnostics).map((d) => toJson(d, lang)),
      },
      null,
      2,
    ) + '\n'
  );
}

function verb(a: ActionReport, lang: Lang, dryRun: boolean): string {
  const L = (id: string, en: string) => t(lang, id, en);
  if (a.status === 'unchanged') return L('sudah ada', 'unchanged');
  if (a.status === 'kept') return L('tetap (lebih baru)', 'kept (newer)');
  if (a.status === 'refused') return L('ditolak', 'refused');
  if (a.status === 'failed') return L('gagal', 'failed');
  if (a.status === 'not-attempted') return L('tidak dicoba', 'not tried');
  if (a.status === 'interrupted') return L('dihentikan', 'stopped');
  const planned = dryRun || a.status === 'planned';
  switch (a.action) {
    case 'upload':
      return planned ? L('akan dikirim', 'would send') : L('terkirim', 'sent');
    case 'resume':
      return planned ? L('akan dilanjutkan', 'would resume') : L('dilanjutkan', 'resumed');
    case 'copy':
      return planned ? L('akan disalin', 'would copy') : L('disalin', 'copied');
    default:
      return a.action;
  }
}

const symbol: Record<string, string> = { upload: '↑', resume: '↻', copy: '⧉', skip: '=', conflict: '✖', keep: '=' };

export function reportPretty(report: PublishReport, lang: Lang, color: boolean): string {
  const L = (id: string, en: string) => t(lang, id, en);
  const lines: string[] = [];
  for (const target of report.targets) {
    lines.push(paint(color, 'bold', L(`Tujuan “${target.name}” (${target.type})`, `Target “${target.name}” (${target.type})`) + (report.dryRun ? L(' — uji coba, tidak ada yang dikirim', ' — dry run, nothing is sent') : '')));
    const width = Math.max(0, ...target.actions.map((a) => verb(a, lang, report.dryRun).length));
    for (const a of target.actions) {
      const v = verb(a, lang, report.dryRun).padEnd(width);
      const mark = a.status === 'failed' || a.status === 'refused' ? paint(color, 'red', symbol[a.action] ?? '•') : a.status === 'unchanged' ? paint(color, 'dim', '=') : paint(color, 'green', symbol[a.action] ?? '•');
      const size = a.action === 'resume' && a.resumedFrom ? `${formatBytes(a.size - a.resumedFrom)} ${L('dari', 'of')} ${formatBytes(a.size)}` : formatBytes(a.size);
      lines.push(`  ${mark} ${v}  ${a.file} → ${a.destination}  ${paint(color, 'dim', size)}`);
    }
    const stable = target.actions.filter((a) => a.role === 'latest' && a.url);
    for (const a of stable) lines.push(`    ${L('URL tetap (untuk Moodle)', 'Stable URL (for Moodle)')}: ${a.url}`);
  }
  for (const d of sortDiagnostics(report.diagnostics)) lines.push(formatOne(d, { lang, color }));
  lines.push(summaryLine(report, lang, color));
  return lines.join('\n') + '\n';
}

function summaryLine(report: PublishReport, lang: Lang, color: boolean): string {
  const L = (id: string, en: string) => t(lang, id, en);
  const all = report.targets.flatMap((x) => x.actions);
  const unchanged = all.filter((a) => a.status === 'unchanged').length;
  if (report.interrupted) {
    return paint(
      color,
      'red',
      L(
        `✖ Dihentikan: ${formatBytes(report.sentBytes)} terkirim. Jalankan perintah yang sama lagi untuk melanjutkan; unggahan tus dilanjutkan dari titik terakhir.`,
        `✖ Stopped: ${formatBytes(report.sentBytes)} sent. Run the same command again to continue; tus uploads resume where they stopped.`,
      ),
    );
  }
  if (report.exitCode !== 0) {
    const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
    return paint(color, 'red', L(`✖ Publikasi belum selesai: ${errors} galat.`, `✖ Publishing did not complete: ${errors} error${errors === 1 ? '' : 's'}.`));
  }
  if (report.dryRun) {
    const bytes = all.filter((a) => a.action === 'upload' || a.action === 'resume').reduce((s, a) => s + a.size - (a.resumedFrom ?? 0), 0);
    return L(`Uji coba: ${formatBytes(bytes)} akan dikirim; ${unchanged} berkas sudah ada.`, `Dry run: ${formatBytes(bytes)} would be sent; ${files(unchanged)} already there.`);
  }
  const changed = all.filter((a) => a.status === 'done').length;
  if (changed === 0) {
    return paint(color, 'green', L(`✔ Tidak ada yang dikirim: tujuan sudah memiliki ${unchanged} berkas yang sama.`, unchanged === 1 ? '✔ Nothing to send: the target already has the 1 file.' : `✔ Nothing to send: the target already has all ${unchanged} files.`));
  }
  return paint(color, 'green', L(`✔ Selesai: ${formatBytes(report.sentBytes)} terkirim, ${changed} berkas diperbarui, ${unchanged} sudah ada.`, `✔ Done: ${formatBytes(report.sentBytes)} sent, ${files(changed)} updated, ${unchanged} unchanged.`));
}

function files(count: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}`;
}
