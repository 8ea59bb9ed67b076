// Small XML helpers for the exporters (deterministic output, no dependencies) and a light DOM built
// with saxes for the Moodle XML importer, with line and column of every element.

import { SaxesParser } from 'saxes';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text content as CDATA (split where the text itself contains `]]>`). */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
  /** Comments directly inside the element (`<!-- ajar: … -->` carries what Moodle has no field for). */
  readonly comments: string[];
  readonly line: number;
  readonly column: number;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; message: string; line: number; column: number };

export function parseXml(source: string): XmlResult {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: { message: string; line: number; column: number } | undefined;
  parser.on('error', (e) => {
    failure ??= { message: e.message.replace(/^\d+:\d+: /, ''), line: parser.line, column: parser.column };
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '', comments: [], line: parser.line, column: parser.column };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  };
  parser.on('text', addText);
  parser.on('comment', (c) => {
    if (stack.length) stack[stack.length - 1]!.comments.push(c.trim());
  });
  parser.on('cdata', addText);
  try {
    parser.write(source).close();
  } catch (e) {
    failure ??= { message: (e as Error).message.replace(/^\d+:\d+: /, ''), line: parser.line, column: parser.column };
  }
  if (failure) return { ok: false, ...failure };
  if (!root) return { ok: false, message: 'no root element', line: 1, column: 1 };
  return { ok: true, root };
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** `<x><text>…</text></x>` → the text. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  const t = child(el, 'text');
  return (t ? t.text : el.text).trim();
}
