// One Markdown source read and parsed: front matter, body tree, its links, images and heading anchors.

import type { Root, Link, Image, Definition, LinkReference, ImageReference } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CourseFs, SourceFile } from './source.js';
import { isExternal, lineOfByte, resolveRef } from './source.js';
import { parseFrontMatter, type FrontMatter } from './frontmatter.js';
import { findUnsafeHtml, headingAnchors, parseMarkdown, positionOf } from './markdown.js';
import { rules } from './rules.js';
import { fileTypes, type FileType } from './schemas.js';
import type { SourceRef } from '../core/model/course.js';

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
  const fm = parseFrontMatter(file);
  if (fm.misplaced) {
    diagnostics.push(rules[fm.misplaced.kind === 'unclosed' ? 'frontmatter-unclosed' : 'frontmatter-not-at-start']({ file: file.path, position: fm.misplaced.position }));
  }
  if (fm.yamlError && !fm.misplaced) {
    diagnostics.push(rules['yaml-syntax']({ file: file.path, position: fm.yamlError.position, data: { detail: fm.yamlError.message } }));
  }
  let type: FileType = defaultType;
  const declared = fm.data.type;
  if (declared !== undefined) {
    if (typeof declared === 'string' && (fileTypes as readonly string[]).includes(declared)) type = declared as FileType;
    else {
      const expected = fileTypes.filter((t) => t !== 'syllabus').map((t) => JSON.stringify(t)).join(', ');
      diagnostics.push(
        rules['invalid-value']({
          file: file.path,
          position: fm.locate(['type']),
          data: { key: 'type', expected: `one of ${expected}`, expectedId: `salah satu dari ${expected}` },
        }),
      );
    }
  }
  const root = parseMarkdown(fm.body);
  for (const unsafe of findUnsafeHtml(root)) {
    diagnostics.push(rules['unsafe-html']({ file: file.path, ...(unsafe.position ? { position: unsafe.position } : {}), data: { tag: unsafe.tag } }));
  }
  return { doc: { file, fm, type, root, anchors: headingAnchors(root), links: collectLinks(root, file.path) }, diagnostics };
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
