// `{id=asn-1 points=2 tags=[modul-1, sulit] fixed}` at the end of a heading or an option line.

import type { AttributeProblem } from './rules.js';

export type AttributeValue = string | true | readonly string[];

export interface Attributes {
  readonly values: ReadonlyMap<string, AttributeValue>;
  /** Problems, as reason codes (worded by question-bad-attribute), keyed by the attribute text. */
  readonly errors: readonly { attribute: string; reason: AttributeProblem }[];
}

/** Splits a trailing `{…}` off a line of text; `rest` is the text without it (trimmed at the end). */
export function splitTrailingAttributes(text: string): { rest: string; attributes?: string } {
  const m = /\s*\{([^{}]*)\}\s*$/.exec(text);
  // `{}` alone or text like `{x}` without `=` or a known flag stays text, so set notation in a stem survives.
  if (!m || !looksLikeAttributes(m[1]!)) return { rest: text };
  return { rest: text.slice(0, m.index), attributes: m[1]! };
}

const flags = new Set(['fixed', 'case', 'tetap']);

function looksLikeAttributes(inner: string): boolean {
  const s = inner.trim();
  if (!s) return false;
  if (/^[A-Za-z_][\w-]*\s*=/.test(s)) return true;
  return s.split(/\s+/).every((w) => flags.has(w.toLowerCase()));
}

export function parseAttributes(inner: string): Attributes {
  const values = new Map<string, AttributeValue>();
  const errors: { attribute: string; reason: AttributeProblem }[] = [];
  let i = 0;
  const s = inner;
  const skipSpace = () => {
    while (i < s.length && /[\s,]/.test(s[i]!)) i++;
  };
  while (true) {
    skipSpace();
    if (i >= s.length) break;
    const keyMatch = /^[A-Za-z_][\w-]*/.exec(s.slice(i));
    if (!keyMatch) {
      const bad = s.slice(i).split(/\s/)[0]!;
      errors.push({ attribute: bad, reason: 'name-value-expected' });
      i += bad.length || 1;
      continue;
    }
    const key = keyMatch[0].toLowerCase().replace(/-/g, '_');
    i += keyMatch[0].length;
    while (i < s.length && s[i] === ' ') i++;
    if (s[i] !== '=') {
      values.set(key, true);
      continue;
    }
    i++;
    while (i < s.length && s[i] === ' ') i++;
    if (s[i] === '"' || s[i] === "'") {
      const quote = s[i]!;
      const end = s.indexOf(quote, i + 1);
      if (end === -1) {
        errors.push({ attribute: key, reason: 'quote-not-closed' });
        values.set(key, s.slice(i + 1));
        break;
      }
      values.set(key, s.slice(i + 1, end));
      i = end + 1;
    } else if (s[i] === '[') {
      const end = s.indexOf(']', i + 1);
      if (end === -1) {
        errors.push({ attribute: key, reason: 'list-not-closed' });
        values.set(key, splitList(s.slice(i + 1)));
        break;
      }
      values.set(key, splitList(s.slice(i + 1, end)));
      i = end + 1;
    } else {
      const m = /^[^\s,]*/.exec(s.slice(i))!;
      if (!m[0]) errors.push({ attribute: key, reason: 'empty-value' });
      values.set(key, m[0]);
      i += m[0].length;
    }
  }
  return { values, errors };
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
}

/** Renders attributes back (for Markdown written by `ajar questions import`). */
export function formatAttributes(entries: readonly [string, AttributeValue | number | undefined | false][]): string {
  const parts: string[] = [];
  for (const [key, value] of entries) {
    if (value === undefined || value === false) continue;
    if (value === true) parts.push(key);
    else if (Array.isArray(value)) {
      if (value.length) parts.push(`${key}=[${value.join(', ')}]`);
    } else {
      const text = String(value);
      parts.push(/^[^\s,{}\[\]"']+$/.test(text) ? `${key}=${text}` : `${key}="${text.replace(/"/g, "'")}"`);
    }
  }
  return parts.length ? ` {${parts.join(' ')}}` : '';
}
