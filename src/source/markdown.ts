// Markdown → mdast (for checks: links, images, headings) and mdast → sanitised HTML (for the player).
// Raw HTML in sources is parsed and then sanitised with GitHub's allow-list: no scripts, no handlers.

import type { Root, Nodes as MdastNodes, Html } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { toHast } from 'mdast-util-to-hast';
import { raw } from 'hast-util-raw';
import { defaultSchema, sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'mdast-util-to-string';
import type { Position } from '../core/model/course.js';

const parser = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdown(text: string): Root {
  return parser.parse(text);
}

/**
 * Limits checked before any parser sees a text: micromark's time grows faster than linearly with
 * nesting (100 nested list levels take 0.5 s, 800 take half a minute, thousands of nested quotes
 * overflow the stack), and a parse cannot be interrupted. No course needs more than a few levels.
 */
export const markdownLimits = { depth: 100, bytes: 5 * 1024 * 1024 } as const;

/** Nesting of a line: `>` and list markers in its prefix plus list levels implied by its indentation. */
function lineDepth(line: string): number {
  let depth = 0;
  let column = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ') column++;
    else if (c === '\t') column += 4 - (column % 4);
    else if (c === '>') depth++;
    else if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t')) depth++;
    else break;
  }
  // A nested list item is indented at least two columns per level.
  return depth + Math.floor(column / 2);
}

/** The first place a text exceeds the limits, or undefined. */
export function exceedsMarkdownLimits(text: string): { kind: 'depth'; line: number; depth: number } | { kind: 'size'; bytes: number } | undefined {
  const bytes = Buffer.byteLength(text);
  if (bytes > markdownLimits.bytes) return { kind: 'size', bytes };
  let line = 0;
  for (const content of text.split('\n')) {
    line++;
    const depth = lineDepth(content);
    if (depth > markdownLimits.depth) return { kind: 'depth', line, depth };
  }
  return undefined;
}

export function positionOf(node: { position?: { start: { line: number; column: number }; end: { line: number; column: number } } }): Position | undefined {
  const p = node.position;
  return p ? { start: { line: p.start.line, column: p.start.column }, end: { line: p.end.line, column: p.end.column } } : undefined;
}

/** GitHub-style heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered. */
export function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base =
      text
        .toLowerCase()
        .trim()
        .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
        .replace(/\s/g, '-') || 'bagian';
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count ? `${base}-${count}` : base;
  };
}

// hast-util-sanitize's default lacks some elements GitHub's own allow-list keeps (html-pipeline's
// SanitizationFilter), which docs/source-format.md promises: abbreviations, bidi isolation for Arabic
// passages, citations, figures. None can carry script or style.
const githubExtraTags = ['abbr', 'bdi', 'bdo', 'caption', 'cite', 'dfn', 'figcaption', 'figure', 'mark', 'small', 'time', 'wbr'];

// Elements the sanitiser removes entirely, reported to authors so nothing silently vanishes.
const allowedTags = new Set([...(defaultSchema.tagNames ?? []), ...githubExtraTags]);

export interface UnsafeHtml {
  tag: string;
  position?: Position;
}

/** What the sanitiser will remove or defuse in one raw HTML node (for a walk that visits the tree once). */
export function unsafeTagsIn(node: Html): UnsafeHtml[] {
  const found: UnsafeHtml[] = [];
  for (const match of node.value.matchAll(/<\s*([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tag = match[1]!.toLowerCase();
    const attrs = match[2] ?? '';
    const handler = /\son[a-z]+\s*=/i.exec(attrs);
    const jsUrl = /(href|src)\s*=\s*["']?\s*javascript:/i.test(attrs);
    if (!allowedTags.has(tag)) found.push({ tag: `<${tag}>`, position: positionOf(node) });
    else if (handler) found.push({ tag: `<${tag} ${handler[0].trim()}…>`, position: positionOf(node) });
    else if (jsUrl) found.push({ tag: `<${tag} javascript:…>`, position: positionOf(node) });
  }
  return found;
}

export interface HtmlOptions {
  /** Rewrite a link or image URL (e.g. to a course-relative path); return undefined to keep it. */
  rewriteUrl?: (url: string, kind: 'link' | 'image') => string | undefined;
  /**
   * The caller hands the tree over (a lesson's body, used for nothing afterwards): heading ids, URLs and
   * `dir` are set on it instead of on a copy, which on a large course is a copy of every body for nothing.
   */
  handOver?: boolean;
}

const schema = {
  ...defaultSchema,
  tagNames: [...allowedTags],
  attributes: {
    ...defaultSchema.attributes,
    abbr: ['title'],
    dfn: ['title'],
    time: ['dateTime'],
    // Tables keep their alignment; everything may carry a direction for Arabic passages.
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'dir'],
  },
};

// The sanitiser prefixes ids to prevent DOM clobbering; point in-page links at the prefixed ids.
function fixLinks(node: HastRoot | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const href = child.properties?.href;
    if (child.tagName === 'a' && typeof href === 'string') {
      if (href.startsWith('#') && !href.startsWith('#user-content-')) child.properties.href = '#user-content-' + href.slice(1);
      if (/^https?:/i.test(href)) {
        child.properties.rel = ['noopener', 'noreferrer'];
        child.properties.target = '_blank';
      }
    }
    fixLinks(child);
  }
}

/**
 * mdast → sanitised HTML: what remark-rehype, rehype-raw, rehype-sanitize and rehype-stringify do in a unified
 * pipeline, called directly (a lesson's body, or each question's stem and choices: thousands of small trees
 * on a large course, where a pipeline run's own set-up cost as much as the work).
 */
function sanitisedHtml(root: Root, hasHtml: boolean): string {
  // rehype-raw re-parses the whole tree with parse5: only worth it when there is raw HTML to keep.
  const hast = toHast(root, hasHtml ? { allowDangerousHtml: true } : {});
  const clean = sanitize(hasHtml ? raw(hast) : hast, schema) as HastRoot;
  fixLinks(clean);
  return toHtml(clean);
}

/** Renders Markdown (a root or a list of nodes) to sanitised HTML, with heading ids and `dir="auto"` paragraphs. */
export function toSafeHtml(input: Root | readonly MdastNodes[], options: HtmlOptions = {}): string {
  const root: Root = options.handOver
    ? Array.isArray(input)
      ? { type: 'root', children: input as Root['children'] }
      : (input as Root)
    : Array.isArray(input)
      ? { type: 'root', children: structuredClone(input) as Root['children'] }
      : structuredClone(input as Root);
  const slug = createSlugger();
  const rewrite = options.rewriteUrl;
  // One walk: heading ids, rewritten URLs, `dir="auto"` blocks, and whether there is raw HTML to keep.
  let hasHtml = false;
  const walk = (node: MdastNodes) => {
    switch (node.type) {
      case 'heading': {
        const data = (node.data ??= {});
        data.hProperties = { ...(data.hProperties ?? {}), id: slug(toString(node)) };
        break;
      }
      case 'link':
      case 'image':
        if (rewrite) {
          const next = rewrite(node.url, node.type);
          if (next !== undefined) node.url = next;
        }
        break;
      case 'paragraph':
      case 'listItem':
      case 'blockquote':
      case 'tableCell': {
        // Mixed Indonesian and Arabic: let each block take its direction from its first strong character.
        const data = (node.data ??= {});
        data.hProperties = { dir: 'auto', ...(data.hProperties ?? {}) };
        break;
      }
      case 'html':
        hasHtml = true;
        break;
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(root);
  return sanitisedHtml(root, hasHtml);
}

export { toString as mdastToString };
