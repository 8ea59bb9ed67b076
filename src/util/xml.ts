// Writing and reading XML, once for every stage: manifests (package), question exports and the Moodle
// XML importer (questions), package checks (verify) and the preview's package reader; and escaping text
// for the HTML pages render and preview write.
//
// Writing: text is escaped for element content and attribute values, and characters XML 1.0 forbids
// (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates) are dropped,
// so a control character pasted into a title or a question never makes a file an XML parser refuses.
// Reading: saxes (strict XML 1.0) builds a small element tree with the line and column of every element.

import { SaxesParser } from 'saxes';

// Code points outside XML 1.0's `Char` production, and surrogate halves that do not make a pair.
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 cannot hold (not even as character references). */
export function xmlChars(text: string): string {
  return text.replace(forbidden, '');
}

/** The characters of `text` that XML 1.0 cannot hold, as `U+0007`, each once, in order of appearance. */
export function forbiddenXmlChars(text: string): string[] {
  const found = text.match(forbidden) ?? [];
  return [...new Set(found.map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`))];
}

/** Text for element content or a quoted attribute value. */
export function escapeXml(text: string): string {
  // Most titles and paths need nothing: one scan tells (manifests of large courses escape thousands of them).
  if (!NEEDS_XML_ESCAPE.test(text)) return text;
  return xmlChars(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Anything escapeXml changes: a markup character, a control character, a surrogate or U+FFFE/U+FFFF. */
const NEEDS_XML_ESCAPE = /[&<>"'\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for HTML element content or a double-quoted attribute value (ajar's pages quote every attribute with `"`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Text content as CDATA (split where the text itself contains `]]>`). */
export function cdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** A comment: `--` cannot appear inside one, nor `-` just before its end. */
export function xmlComment(text: string): string {
  const body = xmlChars(text).replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
  return `<!-- ${body} -->`;
}

/** `name="value"` pairs in the order given; undefined values are left out. */
export function xmlAttrs(pairs: Readonly<Record<string, string | number | boolean | undefined>>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

export interface Point {
  readonly line: number;
  readonly column: number;
}

export interface XmlAttribute {
  /** Namespace URI ('' for none, and always '' when parsed without namespaces). */
  readonly uri: string;
  readonly local: string;
  /** Qualified name as written. */
  readonly name: string;
  readonly value: string;
}

export interface XmlElement {
  /** Namespace URI ('' for none, and always '' when parsed without namespaces). */
  readonly uri: string;
  /** Name without prefix (the name as written when parsed without namespaces). */
  readonly local: string;
  /** Qualified name as written. */
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
  /** Text and CDATA directly inside the element, concatenated. */
  text: string;
  /** Comments directly inside the element, trimmed (Moodle XML carries `<!-- ajar: … -->` this way). */
  readonly comments: string[];
  /** Where the start tag begins. */
  readonly start: Point;
  readonly parent?: XmlElement;
}

export type XmlParseResult =
  | { ok: true; root: XmlElement; doctype?: Point }
  | { ok: false; message: string; at: Point; doctype?: Point; reason?: 'too-deep' | 'ampersand' };

/** Deeper element nesting than this is refused (libxml2's own default limit without XML_PARSE_HUGE). */
export const MAX_DEPTH = 256;

/**
 * The text without its DOCTYPE declaration (internal subset included), every other character and every line
 * break kept, so positions still match the file. No DTD, entity or parameter entity is ever seen by a parser,
 * saxes or an xmllint child: a `<!ENTITY % x SYSTEM "file:///etc/passwd">` is never opened.
 */
export function stripDoctype(text: string): { text: string; doctype?: Point } {
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return { text };
  let i = start + 9;
  let quote = '';
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      i = close < 0 ? text.length : close + 2;
    } else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) break;
  }
  const end = Math.min(text.length, i + 1);
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  return { text: before + text.slice(start, end).replace(/[^\n]/g, '') + text.slice(end), doctype: { line, column } };
}

/** The first `&` before `limit` that starts no entity or character reference (comments and CDATA skipped). */
function bareAmpersand(text: string, limit: number): Point | undefined {
  const masked = text.slice(0, limit + 1).replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => ' '.repeat(m.length));
  const m = /&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)/.exec(masked);
  if (!m) return undefined;
  const before = text.slice(0, m.index);
  return { line: before.split('\n').length, column: m.index - before.lastIndexOf('\n') };
}

class TooDeep extends Error {}

export interface XmlParseOptions {
  /**
   * Resolve namespaces (default). Without, prefixes are part of the names and an undeclared prefix is no
   * error: Moodle XML has no namespaces, but HTML pasted from Word (`<o:p>`) may stand in it unescaped.
   */
  readonly namespaces?: boolean;
  /** Deepest element nesting read (default MAX_DEPTH): deeper is a failure with reason 'too-deep'. */
  readonly maxDepth?: number;
}

/**
 * A DOCTYPE is removed before saxes sees the text (and reported as `doctype`), so no entity is ever expanded.
 * Nesting deeper than `maxDepth` stops the parse; a bare `&` is named as such, not as the unclosed tag saxes
 * finds at the end of the file.
 */
export function parseXml(source: string, options: XmlParseOptions = {}): XmlParseResult {
  const namespaces = options.namespaces ?? true;
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  const { text, doctype } = stripDoctype(source);
  const withDoctype = <T extends object>(r: T) => (doctype ? { ...r, doctype } : r);
  const parser = new SaxesParser({ xmlns: namespaces, position: true });
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  let failure: { message: string; at: Point; reason?: 'too-deep' | 'ampersand' } | undefined;
  let tagStart: Point = { line: 1, column: 1 };
  parser.on('opentagstart', (tag) => {
    tagStart = { line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on('opentag', (tag) => {
    const parent = stack.at(-1);
    const element: XmlElement = {
      uri: (namespaces && tag.uri) || '',
      local: (namespaces && tag.local) || tag.name,
      name: tag.name,
      attributes: Object.entries(tag.attributes).map(([name, a]) =>
        // With namespaces saxes gives each attribute as an object, without as its value.
        typeof a === 'string' ? { uri: '', local: name, name, value: a } : { uri: a.uri ?? '', local: a.local ?? name, name, value: a.value },
      ),
      children: [],
      text: '',
      comments: [],
      start: tagStart,
      ...(parent ? { parent } : {}),
    };
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
    if (stack.length > maxDepth) {
      failure = { message: `elements nested more than ${maxDepth} deep`, at: tagStart, reason: 'too-deep' };
      throw new TooDeep();
    }
  });
  const addText = (t: string) => {
    const current = stack.at(-1);
    if (current) current.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('comment', (c) => {
    stack.at(-1)?.comments.push(c.trim());
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  let failedAt = 0;
  parser.on('error', (error) => {
    if (failure) return;
    failedAt = parser.position;
    failure = { message: error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), at: { line: parser.line, column: Math.max(1, parser.column) } };
  });
  try {
    parser.write(text).close();
  } catch {
    // saxes throws after reporting through the error handler (and TooDeep stops it); the first failure is kept.
  }
  if (failure && failure.reason !== 'too-deep') {
    // saxes reads a bare `&` as an entity running on to the end ("unclosed tag"): name the real mistake.
    const ampersand = bareAmpersand(text, failedAt);
    if (ampersand) failure = { message: 'unescaped ampersand (write “&” as “&amp;”)', at: ampersand, reason: 'ampersand' };
  }
  if (failure) return withDoctype({ ok: false as const, ...failure });
  if (!root) return withDoctype({ ok: false as const, message: 'no root element', at: { line: 1, column: 1 } });
  return withDoctype({ ok: true as const, root });
}

/** An attribute's value by local name (and namespace URI, none by default). */
export function attr(element: XmlElement, local: string, uri = ''): string | undefined {
  return element.attributes.find((a) => a.local === local && a.uri === uri)?.value;
}

/** An attribute by local name in any namespace whose URI matches `uriTest` (e.g. any ADL CP version). */
export function attrNs(element: XmlElement, local: string, uriTest: (uri: string) => boolean): XmlAttribute | undefined {
  return element.attributes.find((a) => a.local === local && uriTest(a.uri));
}

/** The child elements with this local name (and namespace URI when given). */
export function children(element: XmlElement | undefined, local: string, uri?: string): XmlElement[] {
  return element ? element.children.filter((c) => c.local === local && (uri === undefined || c.uri === uri)) : [];
}

/** The first child element with this local name. */
export function child(element: XmlElement | undefined, local: string): XmlElement | undefined {
  return element?.children.find((c) => c.local === local);
}

/** Every element below `element`, in document order, without recursion (a 50,000-deep tree is just a long list). */
export function* descendants(element: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [...element.children].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    yield next;
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
}
