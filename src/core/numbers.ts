// Reading numbers as Indonesian and English writers type them (browser-safe).
// One rule per course (its `language`): Indonesian groups thousands with "." and writes the decimal
// with "," (1.234.567,89); English the other way round (1,234,567.89). A number that uses only one
// separator once, followed by exactly three digits (750.000, 1,200), means different things under
// the two conventions: it is read by the course's convention and reported as ambiguous.

/** Which convention numbers are read in: `id` ("." groups thousands, "," is the decimal) or `en`. */
export type NumberConvention = 'id' | 'en';

export interface ReadNumber {
  readonly value: number;
  /** True when the other convention would read the same text as a different number. */
  readonly ambiguous: boolean;
}

export function readNumber(input: string, convention: NumberConvention = 'id'): ReadNumber | undefined {
  let s = input.trim().replace(/[\s\u00a0\u202f\u2009']/g, '').replace(/^\u2212/, '-').replace(/^\+/, '');
  if (!s || !/^-?[0-9.,]*[0-9][0-9.,]*(e[+-]?\d+)?$/i.test(s)) return undefined;
  const group = convention === 'id' ? '.' : ',';
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  let ambiguous = false;
  if (commas && dots) {
    // Both separators: whichever comes last is the decimal one, under either convention.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (commas + dots > 1) {
    // One separator, several times: it can only group thousands.
    s = s.replace(/[.,]/g, '');
  } else if (commas + dots === 1) {
    const mark = commas ? ',' : '.';
    const m = /^-?(\d+)[.,](\d+)/.exec(s)!;
    // 1.200 or 750,000: a separator after one to three digits (not a lone 0) and before exactly three.
    ambiguous = m[2]!.length === 3 && m[1]!.length <= 3 && m[1] !== '0' && !/e/i.test(s);
    s = ambiguous && mark === group ? s.replace(mark, '') : s.replace(mark, '.');
  }
  const n = Number(s);
  return Number.isFinite(n) ? { value: n, ambiguous } : undefined;
}

export function parseNumber(input: string, convention: NumberConvention = 'id'): number | undefined {
  return readNumber(input, convention)?.value;
}

/** A number in the form SCORM and xAPI want: dot decimal, never an exponent, at most 7 decimals, no trailing zeros. */
let plainDecimal: Intl.NumberFormat | undefined;

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  // Made on first use: a NumberFormat costs ~12 ms of ICU set-up, which a command that formats no number
  // (`ajar check` with a warm cache) should not pay at start-up.
  plainDecimal ??= new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 7 });
  const s = plainDecimal.format(n);
  return s === '-0' ? '0' : s;
}

/** A number written so that both conventions read it the same: 1.125 becomes 1.1250 (never 1125). */
export function formatUnambiguous(n: number): string {
  const s = formatNumber(n);
  return readNumber(s, 'id')?.ambiguous ? `${s}0` : s;
}

export interface AuthoredNumber {
  value?: number;
  tolerance?: number;
  min?: number;
  max?: number;
}

/** Why an authored number cannot be read: a code, worded by the rule that reports it (questions/rules.ts). */
export type NumberProblem = 'range-syntax' | 'tolerance-syntax' | 'not-a-number';

/** `42`, `3,14 ± 0,01`, `3.14 +- 0.01`, `3.14:0.01`, `1..5` → an authored numerical answer. */
export function parseAuthoredNumber(
  text: string,
  convention: NumberConvention = 'id',
): (AuthoredNumber & { ambiguous?: readonly string[] }) | { error: NumberProblem } {
  const s = text.trim();
  const ambiguous: string[] = [];
  const parseNumber = (part: string) => {
    const read = readNumber(part, convention);
    if (read?.ambiguous) ambiguous.push(part.trim());
    return read?.value;
  };
  const withAmbiguous = <T extends AuthoredNumber>(n: T) => (ambiguous.length ? { ...n, ambiguous } : n);
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(s);
  if (range) {
    const min = parseNumber(range[1]!);
    const max = parseNumber(range[2]!);
    if (min === undefined || max === undefined) return { error: 'range-syntax' };
    return withAmbiguous({ min, max });
  }
  const tol = /^(.+?)\s*(?:±|\+-|\+\/-|:)\s*(.+)$/.exec(s);
  if (tol) {
    const value = parseNumber(tol[1]!);
    const tolerance = parseNumber(tol[2]!);
    if (value === undefined || tolerance === undefined) {
      return { error: 'tolerance-syntax' };
    }
    return withAmbiguous({ value, tolerance });
  }
  const value = parseNumber(s);
  if (value === undefined) return { error: 'not-a-number' };
  return withAmbiguous({ value });
}
