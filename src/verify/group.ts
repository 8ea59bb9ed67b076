// A package with 100,000 entries can yield 100,000 findings of one rule. People read the first few of each
// rule in a file and one line for the rest (how many, and some examples); tools (--format json) get them all.

import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { formatOne, summary, type ReportOptions } from '../diagnostics/report.js';
import { rules } from './rules.js';

export interface GroupOptions {
  /** A rule with more findings than this in one file is grouped. */
  readonly threshold: number;
  /** How many of a grouped rule's findings are still shown in full. */
  readonly keep: number;
  /** How many examples the summary line names. */
  readonly examples: number;
}

const defaults: GroupOptions = { threshold: 10, keep: 3, examples: 3 };
const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** What names one finding in a short list: the entry, target or reference it is about. */
function example(d: Diagnostic): string | undefined {
  const v = d.data?.entry ?? d.data?.target ?? d.data?.ref ?? d.data?.detail;
  return v === undefined ? undefined : String(v);
}

/** The findings in their order, each (file, rule) past `threshold` cut to `keep` and one `findings-repeated`. */
export function groupRepeated(diagnostics: readonly Diagnostic[], options: Partial<GroupOptions> = {}): Diagnostic[] {
  const { threshold, keep, examples } = { ...defaults, ...options };
  const key = (d: Diagnostic) => `${d.file ?? ''}\u0000${d.ruleId}`;
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const rest = new Map<string, { first: Diagnostic; severity: Severity; examples: string[] }>();
  for (const d of diagnostics) {
    const k = key(d);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (counts.get(k)! <= threshold || n <= keep) {
      out.push(d);
      continue;
    }
    let group = rest.get(k);
    if (!group) {
      group = { first: d, severity: d.severity, examples: [] };
      rest.set(k, group);
    }
    if (rank[d.severity] > rank[group.severity]) group.severity = d.severity;
    const e = example(d);
    if (e !== undefined && group.examples.length < examples) group.examples.push(e);
  }
  for (const [k, group] of rest) {
    out.push(
      rules['findings-repeated']({
        ...(group.first.file !== undefined ? { file: group.first.file } : {}),
        severity: group.severity,
        // Each example a name of its own (example1 … example<examples>): the message puts them in a list.
        data: {
          rule: group.first.ruleId,
          count: counts.get(k)! - keep,
          total: counts.get(k)!,
          examples: group.examples.length,
          ...Object.fromEntries(group.examples.map((e, i) => [`example${i + 1}`, e])),
        },
      }),
    );
  }
  return out;
}

/** The pretty report with repeated findings grouped; the summary line still counts every finding. */
export function formatGrouped(diagnostics: readonly Diagnostic[], options: ReportOptions): string {
  const lines = sortDiagnostics(groupRepeated(sortDiagnostics(diagnostics))).map((d) => formatOne(d, options));
  lines.push(summary(diagnostics, options.lang, options.color));
  return lines.join('\n') + '\n';
}
