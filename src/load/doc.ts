// One Markdown source read and parsed: front matter, body tree, its links, images and heading anchors.

import type { Root, Link, Image, Definition, LinkReference, ImageReference, Nodes } from 'mdast';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CourseFs, SourceFile } from '../source/files.js';
import { isExternal, lineOfByte, resolveRef } from '../source/files.js';
import { parseFrontMatter, type FrontMatter } from '../source/frontmatter.js';
import { createSlugger, exceedsMarkdownLimits, markdownLimits, mdastToString, parseMarkdown, positionOf, unsafeTagsIn, type UnsafeHtml } from '../source/markdown.js';
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
    diagnostics.push(rules['yaml-syntax']({ file: file.path, position: fm.yamlError.position, data: { code: fm.yamlError.code, ...(fm.yamlError.message !== undefined ? { detail: fm.yamlError.message } : {}) } }));
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
    // Nothing of the body is parsed downstream (banks and quizzes are given this tree, or re-read fm.body).
    fm = { ...fm, body: fm.body.replace(/[^\n]/g, '') };
  }
  const root = parseMarkdown(fm.body);
  const found = scanTree(root, file.path, type === 'syllabus');
  for (const unsafe of found.unsafe) {
    diagnostics.push(rules['unsafe-html']({ file: file.path, ...(unsafe.position ? { position: unsafe.position } : {}), data: { tag: unsafe.tag } }));
  }
  for (const bad of found.malformed) {
    diagnostics.push(rules['link-malformed']({ file: file.path, ...(bad.position ? { position: bad.position } : {}), data: { text: bad.text, kind: bad.image ? 'image' : 'link' } }));
  }
  return { doc: { file, fm, type, root, anchors: found.anchors, links: found.links }, diagnostics };
}

/** `![Alur](../gambar/alur layanan.png)`: Markdown allows no spaces in a bare destination, so this is text. */
const looksLikeLink = /(!?)\[([^\]\n]+)\]\(([^()\n]*\s[^()\n]*)\)/g;

interface Malformed {
  text: string;
  image: boolean;
  position?: Position;
}

/**
 * Everything the loader needs from a body, in one walk of its tree (document order): raw HTML the sanitiser
 * will remove, heading anchors, links and images (references resolved against the definitions), and text
 * that an author meant as a link or image but Markdown reads as plain text (learners see the raw brackets;
 * the image is never packaged). Outline list items of the syllabus have their own rule for the last.
 */
function scanTree(root: Root, filePath: string, skipLists: boolean): { unsafe: UnsafeHtml[]; malformed: Malformed[]; anchors: string[]; links: LinkRef[] } {
  const unsafe: UnsafeHtml[] = [];
  const malformed: Malformed[] = [];
  const anchors: string[] = [];
  const slug = createSlugger();
  const definitions = new Map<string, Definition>();
  const linkNodes: (Link | Image | LinkReference | ImageReference)[] = [];
  const walk = (node: Nodes, inList: boolean) => {
    switch (node.type) {
      case 'html':
        unsafe.push(...unsafeTagsIn(node));
        return;
      case 'heading':
        anchors.push(slug(mdastToString(node)));
        break;
      case 'definition':
        definitions.set(node.identifier, node);
        break;
      case 'link':
      case 'image':
      case 'linkReference':
      case 'imageReference':
        linkNodes.push(node);
        break;
      case 'text':
        if (!inList) malformed.push(...malformedIn(node.value, node.position?.start));
        return;
      case 'listItem':
        inList ||= skipLists;
        break;
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes, inList);
  };
  walk(root, false);
  return { unsafe, malformed, anchors, links: linksOf(linkNodes, definitions, filePath) };
}

function malformedIn(value: string, start: { line: number; column: number } | undefined): Malformed[] {
  const found: Malformed[] = [];
  if (!value.includes('](')) return found;
  for (const m of value.matchAll(looksLikeLink)) {
    if (/^\s*<.*>\s*(["'(].*)?$/.test(m[3]!) || /^\S+\s+["'(]/.test(m[3]!)) continue; // <path with spaces> or a title
    const before = value.slice(0, m.index);
    const line = before.split('\n').length - 1;
    const column = line ? before.length - before.lastIndexOf('\n') : (start?.column ?? 1) + m.index!;
    found.push({ text: m[0], image: m[1] === '!', ...(start ? { position: { start: { line: start.line + line, column } } } : {}) });
  }
  return found;
}

function linksOf(nodes: readonly (Link | Image | LinkReference | ImageReference)[], definitions: ReadonlyMap<string, Definition>, filePath: string): LinkRef[] {
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
  for (const node of nodes) {
    if (node.type === 'link') add('link', node.url, node);
    else if (node.type === 'image') add('image', node.url, node, node.alt);
    else {
      const def = definitions.get(node.identifier);
      if (def) add(node.type === 'linkReference' ? 'link' : 'image', def.url, node, node.type === 'imageReference' ? node.alt : undefined);
    }
  }
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
