// HTML (from Moodle XML, GIFT `[html]`, or our own sanitised output) → Markdown, with the unified
// collective's own converters, so imported questions read as Markdown rather than raw tags.

import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';
import type { Nodes as MdastNodes } from 'mdast';

export function htmlToMarkdown(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  const mdast = toMdast(tree) as MdastNodes;
  return toMarkdown(mdast, {
    extensions: [gfmToMarkdown()],
    bullet: '-',
    emphasis: '*',
    strong: '*',
    fences: true,
    listItemIndent: 'one',
    rule: '-',
  }).trim();
}

/** Markdown for text that is plain (GIFT `[plain]`/`[moodle]`, Aiken): characters Markdown would read as markup are escaped. */
export function plainToMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/([\\`*_[\]<>|])/g, '\\$1')
        .replace(/^(\s*)(#{1,6}|[+-]|\d+[.)])(\s|$)/, (_m, sp: string, mark: string, after: string) => `${sp}${mark.replace(/^([#+-])/, '\\$1').replace(/^(\d+)([.)])$/, '$1\\$2')}${after}`),
    )
    .join('\n')
    .trim();
}

/** True when sanitised HTML holds nothing but text (one optional paragraph): it can travel as plain text. */
export function plainTextOf(html: string): string | undefined {
  const inner = html.trim().replace(/^<p(?: dir="auto")?>([\s\S]*)<\/p>$/, '$1');
  if (/<|>/.test(inner)) return undefined;
  return decodeEntities(inner);
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[e.toLowerCase()] ?? m;
  });
}
