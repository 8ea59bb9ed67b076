// Front matter: gray-matter splits it off (splitFrontMatter); `yaml` parses it with positions so that every schema error
// points at the key's real line and column in the file.

import matter from 'gray-matter';
import type { Document } from 'yaml';
import type { Position } from '../core/model/course.js';
import type { SourceFile } from './files.js';
import { yamlProblemCode } from './yaml-problem.js';
import { parseYaml } from '../util/yaml.js';

export interface FrontMatter {
  readonly data: Record<string, unknown>;
  /** The body with the front matter blanked out line for line, so Markdown positions are file positions. */
  readonly body: string;
  readonly hasFrontMatter: boolean;
  /** Locate a value (or with `key: true`, the key itself) by its path in the data. */
  locate(path: readonly (string | number)[], key?: boolean): Position | undefined;
  /** Why the front matter cannot be read: a code (yaml-problem.ts words it), and the yaml parser's own message when it raised one. */
  readonly yamlError?: { code: string; position: Position; message?: string };
  /** Front matter that gray-matter would misread: opened and never closed, or not on line 1. */
  readonly misplaced?: { kind: 'unclosed' | 'not-at-start'; position: Position };
}

// gray-matter splits the front matter off. It would also hand it to a parser chosen by a word after the
// opening `---` (`---js` goes to `eval`: `ajar check` on an untrusted course would run its code), so that word
// is cut off before gray-matter sees it (gray-matter leaves it out of the front matter too) and its one parser
// is replaced by one that parses nothing: `yaml` parses the front matter afterwards, keeping node ranges.
// Options are passed, so gray-matter keeps no cache of every file's text.
const splitOnly = { engines: { yaml: { parse: () => ({}), stringify: () => '' } } };

/** The front matter's text (after the opening `---` and any word there) and the rest, as gray-matter splits them. */
export function splitFrontMatter(input: string): { matter?: string; content: string } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const language = text.startsWith('---') && text.charAt(3) !== '-' ? matter.language(text) : undefined;
  const plain = language?.name ? '---' + text.slice(3 + language.raw.length) : text;
  const file = matter(plain, splitOnly as never) as unknown as { matter?: string; content: string };
  return { matter: file.matter, content: file.content };
}

export function parseFrontMatter(file: SourceFile): FrontMatter {
  const text = file.text;
  const lines = text.split('\n');
  if (/^---\s*$/.test(lines[0] ?? '') && !lines.slice(1).some((l) => /^(---|\.\.\.)\s*$/.test(l))) {
    return { data: {}, body: text.replace(/[^\n]/g, ''), hasFrontMatter: true, locate: () => undefined, misplaced: { kind: 'unclosed', position: { start: { line: 1, column: 1 } } }, yamlError: { code: 'UNCLOSED', position: { start: { line: 1, column: 1 } } } };
  }
  const firstFilled = lines.findIndex((l) => l.trim() !== '');
  if (firstFilled > 0 && /^---\s*$/.test(lines[firstFilled]!) && lines.slice(firstFilled + 1).some((l) => /^---\s*$/.test(l)) && /^\s*[A-Za-z_][\w-]*\s*:/.test(lines[firstFilled + 1] ?? '')) {
    return { data: {}, body: text, hasFrontMatter: false, locate: () => undefined, misplaced: { kind: 'not-at-start', position: { start: { line: firstFilled + 1, column: 1 } } }, yamlError: { code: 'NOT_AT_START', position: { start: { line: firstFilled + 1, column: 1 } } } };
  }
  const split = splitFrontMatter(text);
  const hasFrontMatter = text.startsWith('---') && split.matter !== undefined && text !== split.content;
  const bodyStart = text.endsWith(split.content) ? text.length - split.content.length : 0;
  const blanked = text.slice(0, bodyStart).replace(/[^\n]/g, '');
  const body = blanked + split.content;
  if (!hasFrontMatter) {
    return { data: {}, body: text, hasFrontMatter: false, locate: () => undefined };
  }

  // `split.matter` starts right after the opening `---`, so its line 1 is the file's line 1.
  const source = split.matter!;
  const flat = flatYaml(source);
  if (flat) return { data: flat.data, body, hasFrontMatter, locate: flat.locate };
  const { doc, point: pos, errorPosition, locate } = parseYaml(source);

  const error = doc.errors[0];
  if (error) {
    return {
      data: {},
      body,
      hasFrontMatter,
      locate,
      yamlError: { message: error.message.split('\n')[0]!, code: yamlProblemCode(error.code, source.split('\n')[pos(error.pos[0]).line - 1] ?? ''), position: errorPosition(error) },
    };
  }
  const data = doc.toJS({ maxAliasCount: 50 }) as unknown;
  return {
    data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    body,
    hasFrontMatter,
    locate,
    ...(data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))
      ? { yamlError: { code: 'NOT_A_MAPPING', position: { start: { line: 2, column: 1 } } } }
      : {}),
  };
}

export type { Document };

// Most front matter is a few `key: value` lines (a title, a duration, a slide deck). Read those without
// building a YAML document: the same data, and the same positions `yaml` gives a key and its value. Anything
// else (nesting, lists, quotes, comments, numbers other than plain integers, words YAML reads as true, null
// or a number, a key twice) goes to `yaml`, as does locating anything but a key or its value.
const flatKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A plain scalar YAML's core schema reads as this very string: starts with a letter or `./` `../`, no `:` `#` quotes or brackets. */
const flatString = /^(?:\p{L}|\.{1,2}\/)[\p{L}\p{N} .,/()_+-]*$/u;
const flatInteger = /^(?:0|[1-9][0-9]{0,14})$/;
/** Plain scalars the core schema resolves to something other than a string. */
const coreWords = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

function flatYaml(source: string): { data: Record<string, unknown>; locate: FrontMatter['locate'] } | undefined {
  if (/[\t\r]/.test(source)) return undefined;
  const data: Record<string, unknown> = {};
  // Offsets of each key and value in `source`: [keyStart, keyEnd, valueStart, valueEnd].
  const spans = new Map<string, [number, number, number, number]>();
  let offset = 0;
  for (const line of source.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === '') {
      if (line !== '') return undefined;
      continue;
    }
    const colon = line.indexOf(': ');
    if (colon < 0) return undefined;
    const key = line.slice(0, colon);
    const raw = line.slice(colon + 2);
    if (!flatKey.test(key) || coreWords.test(key) || key === '__proto__' || spans.has(key)) return undefined;
    const value = raw.trimStart();
    if (value === '' || value !== value.trimEnd()) return undefined;
    let parsed: string | number;
    if (flatInteger.test(value)) parsed = Number(value);
    else if (flatString.test(value) && !coreWords.test(value)) parsed = value;
    else return undefined;
    const valueStart = start + colon + 2 + (raw.length - value.length);
    data[key] = parsed;
    spans.set(key, [start, start + colon, valueStart, valueStart + value.length]);
  }
  if (spans.size === 0) return undefined;
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const point = (at: number) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line]! > at) line--;
    return { line: line + 1, column: at - lineStarts[line]! + 1 };
  };
  let full: ((path: readonly (string | number)[], key?: boolean) => Position | undefined) | undefined;
  return {
    data,
    locate(path, key = false) {
      const span = path.length > 0 ? spans.get(String(path[0])) : undefined;
      // Past a scalar value `yaml` stops at that value, key or not.
      if (span) return key && path.length === 1 ? { start: point(span[0]), end: point(span[1]) } : { start: point(span[2]), end: point(span[3]) };
      full ??= parseYaml(source).locate;
      return full(path, key);
    },
  };
}
