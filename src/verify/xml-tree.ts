// A small namespace-aware element tree with source positions, parsed with saxes (strict XML 1.0),
// so every finding in a manifest can point at its line and column.

import { SaxesParser } from 'saxes';
import type { Point } from '../core/model/course.js';

export interface XmlAttribute {
  readonly uri: string;
  readonly local: string;
  readonly value: string;
}

export interface XmlElement {
  readonly uri: string;
  readonly local: string;
  /** Qualified name as written. */
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
  text: string;
  readonly start: Point;
  readonly parent?: XmlElement;
}

export type ParseResult = { ok: true; root: XmlElement } | { ok: false; message: string; at: Point };

export function parseXml(text: string): ParseResult {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  let failure: { message: string; at: Point } | undefined;
  let tagStart: Point = { line: 1, column: 1 };
  parser.on('opentagstart', (tag) => {
    tagStart = { line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on('opentag', (tag) => {
    const parent = stack.at(-1);
    const element: XmlElement = {
      uri: tag.uri ?? '',
      local: tag.local ?? tag.name,
      name: tag.name,
      attributes: Object.values(tag.attributes).map((a) => {
        const attr = a as { uri?: string; local?: string; name: string; value: string };
        return { uri: attr.uri ?? '', local: attr.local ?? attr.name, value: attr.value };
      }),
      children: [],
      text: '',
      start: tagStart,
      ...(parent ? { parent } : {}),
    };
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('text', (t) => {
    const current = stack.at(-1);
    if (current) current.text += t;
  });
  parser.on('cdata', (t) => {
    const current = stack.at(-1);
    if (current) current.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (error) => {
    failure ??= { message: error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), at: { line: parser.line, column: Math.max(1, parser.column) } };
  });
  try {
    parser.write(text).close();
  } catch {
    // saxes throws after reporting through the error handler; the first failure is kept.
  }
  if (failure) return { ok: false, ...failure };
  if (!root) return { ok: false, message: 'no root element', at: { line: 1, column: 1 } };
  return { ok: true, root };
}

export function attr(element: XmlElement, local: string, uri = ''): string | undefined {
  return element.attributes.find((a) => a.local === local && a.uri === uri)?.value;
}

/** An attribute by local name in any namespace whose URI matches `uriTest` (e.g. any ADL CP version). */
export function attrNs(element: XmlElement, local: string, uriTest: (uri: string) => boolean): XmlAttribute | undefined {
  return element.attributes.find((a) => a.local === local && uriTest(a.uri));
}

export function children(element: XmlElement, local: string, uri?: string): XmlElement[] {
  return element.children.filter((c) => c.local === local && (uri === undefined || c.uri === uri));
}

export function* descendants(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}
