// Settings that each pass their schema but cannot work: a percentage written as a fraction, a length
// range no answer can satisfy. Checked where the front matter's positions are known, for every kind.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FrontMatter } from '../source/frontmatter.js';
import { rules } from './rules.js';
import { isImpossibleLength, isPercentWrittenAsFraction } from '../source/schema-check.js';

export { isImpossibleLength, isPercentWrittenAsFraction } from '../source/schema-check.js';

export function settingConflicts(fm: FrontMatter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const d = fm.data;
  const at = (key: string) => {
    const position = fm.locate([key]);
    return position ? { file, position } : { file };
  };
  if (isPercentWrittenAsFraction(d.passing_grade)) {
    out.push(rules['percent-as-fraction']({ ...at('passing_grade'), data: { key: 'passing_grade', value: d.passing_grade, percent: Math.round(d.passing_grade * 1000) / 10 } }));
  }
  if (isImpossibleLength(d.min_length, d.max_length)) {
    out.push(rules['impossible-length']({ ...at('min_length'), data: { min: d.min_length as number, max: d.max_length as number } }));
  }
  return out;
}
