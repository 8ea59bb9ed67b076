// Reading numbers as Indonesian and English writers type them (browser-safe).
// `3,14` and `3.14` are both 3.14; `1.234.567,89` is Indonesian grouping; `1,234.5` English grouping.

export function parseNumber(input: string): number | undefined {
  let s = input.trim().replace(/[\s\u00a0\u202f\u2009']/g, '').replace(/^\u2212/, '-').replace(/^\+/, '');
  if (!s || !/^-?[0-9.,]*[0-9][0-9.,]*(e[+-]?\d+)?$/i.test(s)) return undefined;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  if (commas && dots) {
    // Whichever separator comes last is the decimal one.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (commas) {
    s = commas === 1 ? s.replace(',', '.') : s.replace(/,/g, '');
  } else if (dots > 1) {
    s = s.replace(/\./g, '');
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A number in the form SCORM and xAPI want: dot decimal, never an exponent, at most 7 decimals, no trailing zeros. */
const plainDecimal = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 7 });

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const s = plainDecimal.format(n);
  return s === '-0' ? '0' : s;
}

export interface AuthoredNumber {
  value?: number;
  tolerance?: number;
  min?: number;
  max?: number;
}

/** `42`, `3,14 ± 0,01`, `3.14 +- 0.01`, `3.14:0.01`, `1..5` → an authored numerical answer. */
export function parseAuthoredNumber(text: string): AuthoredNumber | { error: string; errorId: string } {
  const s = text.trim();
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(s);
  if (range) {
    const min = parseNumber(range[1]!);
    const max = parseNumber(range[2]!);
    if (min === undefined || max === undefined) return { error: 'a range is written `min..max`', errorId: 'rentang ditulis `min..maks`' };
    return { min, max };
  }
  const tol = /^(.+?)\s*(?:±|\+-|\+\/-|:)\s*(.+)$/.exec(s);
  if (tol) {
    const value = parseNumber(tol[1]!);
    const tolerance = parseNumber(tol[2]!);
    if (value === undefined || tolerance === undefined) {
      return { error: 'a tolerance is written `value ± tolerance`', errorId: 'toleransi ditulis `nilai ± toleransi`' };
    }
    return { value, tolerance };
  }
  const value = parseNumber(s);
  if (value === undefined) return { error: 'not a number', errorId: 'bukan angka' };
  return { value };
}
