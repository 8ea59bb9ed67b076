// One Markdown source read and parsed: front matter, body tree, its links, images and heading anchors.

import type { Root, Link, Image, Definition, LinkReference, ImageReference, Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CourseFs, SourceFile } from '../source/files.js';
import { isExternal, lineOfByte, resolveRef } from '../source/files.js';
import { parseFrontMatter, type FrontMatter } from '../source/frontmatter.js';
import { exceedsMarkdownLimits, findUnsafeHtml, headingAnchors, markdownLimits, parseMarkdown, positionOf } from '../source/markdown.js';
import { rules } from './rules.js';
import { rules as sourceRules } from '../source/rules.js';
import { fileTypeNames, fileTypeOf, fileTypes, type FileType } from './schemas.js';
import { settingConflicts } from './settings.js';
import { closest } from '../source/schema-check.js';
import type { Position, SourceRef } from '../core/model/course.js';

export interface LinkRef {
  readonly kind: 'link' | 'image';
  readonly url: string;
  /** Course-relative target file, for internal links. */
  readonly target?: string;
  readonly anchor?: string;
  readonly alt?: string;
  readonly source: SourceRef;
}

export const SYLLABUS = 'syllabus.md';

export interface SourceDoc {
  readonly file: SourceFile;
  readonly fm: FrontMatter;
  readonly type: FileType;
  readonly root: Root;
  readonly anchors: readonly string[];
  readonly links: readonly LinkRef[];
}

export type DocResult =
  | { ok: true; doc: SourceDoc; diagnostics: Diagnostic[] }
  | { ok: false; diagnostic: Diagnostic };

export async function readSourceDoc(fs: CourseFs, relative: string): Promise<DocResult> {
  const read = await fs.read(relative);
  if (!read.ok) {
    switch (read.reason) {
      case 'escape':
        return { ok: false, diagnostic: rules['path-escape']({ data: { target: relative } }) };
      case 'encoding': {
        const bytes = await fs.readBytes(relative);
        const position = bytes && read.offset !== undefined ? { start: lineOfByte(bytes, read.offset) } : undefined;
        return { ok: false, diagnostic: rules['not-utf8']({ file: relative, ...(position ? { position } : {}) }) };
      }
      case 'unreadable':
        return { ok: false, diagnostic: rules['file-unreadable']({ data: { target: relative, cause: read.cause } }) };
      case 'directory':
        return { ok: false, diagnostic: rules['not-a-file']({ data: { target: relative } }) };
      default:
        return { ok: false, diagnostic: rules['missing-file']({ data: { target: relative } }) };
    }
  }
  return { ok: true, ...parseSourceDoc(read.file, relative === SYLLABUS ? 'syllabus' : 'lesson') };
}

export function parseSourceDoc(file: SourceFile, defaultType: FileType): { doc: SourceDoc; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let fm = parseFrontMatter(file);
  if (fm.misplaced) {
    diagnostics.push(rules[fm.misplaced.kind === 'unclosed' ? 'frontmatter-unclosed' : 'frontmatter-not-at-start']({ file: file.path, position: fm.misplaced.position }));
  }
  if (fm.yamlError && !fm.misplaced) {
    diagnostics.push(rules['yaml-syntax']({ file: file.path, position: fm.yamlError.position, data: { code: fm.yamlError.code, detail: fm.yamlError.message } }));
  }
  let type: FileType = defaultType;
  const declared = fm.data.type;
  if (declared !== undefined) {
    const named = typeof declared === 'string' ? fileTypeOf(declared) : undefined;
    if (named) type = named;
    else {
      const expected = fileTypes.filter((t) => t !== 'syllabus').map((t) => JSON.stringify(t)).join(', ');
      const suggestion = typeof declared === 'string' ? closest(declared.toLowerCase(), fileTypeNames) : undefined;
      diagnostics.push(
        sourceRules['invalid-value']({
          file: file.path,
          position: fm.locate(['type']),
          data: { key: 'type', expected: 'one-of', values: expected, ...(suggestion ? { suggestion: fileTypeOf(suggestion) ?? suggestion } : {}) },
        }),
      );
    }
  }
  if (!fm.yamlError) diagnostics.push(...settingConflicts(fm, file.path));
  const limits = exceedsMarkdownLimits(fm.body);
  if (limits) {
    diagnostics.push(
      rules['markdown-too-complex']({
        file: file.path,
        ...(limits.kind === 'depth' ? { position: { start: { line: limits.line, column: 1 } } } : {}),
        data: limits.kind === 'depth' ? { kind: 'depth', value: limits.depth, limit: markdownLimits.depth } : { kind: 'size', value: Math.ceil(limits.bytes / 1024 / 1024), limit: markdownLimits.bytes / 1024 / 1024 },
      }),
    );
    // Nothing of the body is parsed again downstream (banks and quizzes re-read fm.body).
    fm = { ...fm, body: fm.body.replace(/[^\n]/g, '') };
  }
  const root = parseMarkdown(fm.body);
  for (const unsafe of findUnsafeHtml(root)) {
    diagnostics.push(rules['unsafe-html']({ file: file.path, ...(unsafe.position ? { position: unsafe.position } : {}), data: { tag: unsafe.tag } }));
  }
  for (const bad of malformedLinks(root, type === 'syllabus')) {
    diagnostics.push(rules['link-malformed']({ file: file.path, ...(bad.position ? { position: bad.position } : {}), data: { text: bad.text, kind: bad.image ? 'image' : 'link' } }));
  }
  return { doc: { file, fm, type, root, anchors: headingAnchors(root), links: collectLinks(root, file.path) }, diagnostics };
}

/** `![Alur](../gambar/alur layanan.png)`: Markdown allows no spaces in a bare destination, so this is text. */
const looksLikeLink = /(!?)\[([^\]\n]+)\]\(([^()\n]*\s[^()\n]*)\)/g;

/**
 * Text that an author meant as a link or image but Markdown reads as plain text (learners see the raw
 * brackets; the image is never packaged). Outline list items of the syllabus have their own rule.
 */
function malformedLinks(root: Root, skipLists: boolean): { text: string; image: boolean; position?: Position }[] {
  const found: { text: string; image: boolean; position?: Position }[] = [];
  const walk = (node: Nodes) => {
    if (skipLists && node.type === 'listItem') return;
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') return;
    if (node.type === 'text') {
      for (const m of node.value.matchAll(looksLikeLink)) {
        if (/^\s*<.*>\s*(["'(].*)?$/.test(m[3]!) || /^\S+\s+["'(]/.test(m[3]!)) continue; // <path with spaces> or a title
        const start = node.position?.start;
        const before = node.value.slice(0, m.index);
        const line = before.split('\n').length - 1;
        const column = line ? before.length - before.lastIndexOf('\n') : (start?.column ?? 1) + m.index!;
        found.push({ text: m[0], image: m[1] === '!', ...(start ? { position: { start: { line: start.line + line, column } } } : {}) });
      }
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(root);
  return found;
}

function collectLinks(root: Root, filePath: string): LinkRef[] {
  const definitions = new Map<string, Definition>();
  visit(root, 'definition', (node: Definition) => {
    definitions.set(node.identifier, node);
  });
  const links: LinkRef[] = [];
  const add = (kind: 'link' | 'image', url: string, node: Link | Image | LinkReference | ImageReference, alt?: string | null) => {
    const position = positionOf(node);
    const source = position ? { file: filePath, position } : { file: filePath };
    const base = { kind, url, source, ...(kind === 'image' ? { alt: alt ?? '' } : {}) };
    if (isExternal(url) || url.startsWith('mailto:')) {
      links.push(base);
      return;
    }
    const [pathPart, anchor] = splitAnchor(url);
    links.push({ ...base, ...(pathPart ? { target: resolveRef(filePath, pathPart) } : { target: filePath }), ...(anchor !== undefined ? { anchor } : {}) });
  };
  visit(root, (node) => {
    if (node.type === 'link') add('link', node.url, node);
    else if (node.type === 'image') add('image', node.url, node, node.alt);
    else if (node.type === 'linkReference' || node.type === 'imageReference') {
      const def = definitions.get(node.identifier);
      if (def) add(node.type === 'linkReference' ? 'link' : 'image', def.url, node, node.type === 'imageReference' ? node.alt : undefined);
    }
  });
  return links;
}

function splitAnchor(url: string): [string, string | undefined] {
  const hash = url.indexOf('#');
  const withoutQuery = (s: string) => s.split('?')[0]!;
  if (hash === -1) return [withoutQuery(url), undefined];
  return [withoutQuery(url.slice(0, hash)), decodeURIComponentSafe(url.slice(hash + 1))];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
