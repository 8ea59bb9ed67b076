// The syllabus body is the outline: headings are modules (and, one level up, material groups such as
// “Materi Pengantar / Dasar / Inti”), list items with a link are the module's lessons, quizzes and activities.

import type { Definition, Heading, List, ListItem, Link, LinkReference, RootContent } from 'mdast';
import type { Node } from 'unist';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Module, SourceRef } from '../core/model/course.js';
import type { SourceDoc } from './doc.js';
import { positionOf } from '../source/markdown.js';
import { isExternal, resolveRef } from '../source/files.js';
import { rules } from './rules.js';
import { idFromPath, slugId } from './ids.js';

export interface OutlineEntry {
  readonly title: string;
  readonly url: string;
  readonly external: boolean;
  /** Course-relative path of the linked file (internal links). */
  readonly target?: string;
  /** For activities (external links): derived from the title. */
  readonly id: string;
  readonly source: SourceRef;
}

export interface OutlineModule {
  readonly module: Omit<Module, 'items'>;
  readonly entries: OutlineEntry[];
}

export interface Outline {
  readonly modules: OutlineModule[];
  /** Text before the first heading: the course description when front matter has none. */
  readonly intro: string;
  readonly diagnostics: Diagnostic[];
  /** Course-relative targets of links already reported as outside any module. */
  readonly rejected: string[];
}

const explicitId = /\s*\{#([A-Za-z0-9][A-Za-z0-9._-]*)\}\s*$/;

const groupIds: [RegExp, string][] = [
  [/\b(pengantar|pendahuluan|introduction|introductory)\b/i, 'pengantar'],
  [/\b(dasar|basic|foundation)\b/i, 'dasar'],
  [/\b(inti|core)\b/i, 'inti'],
  [/\b(penunjang|supporting|pelengkap)\b/i, 'penunjang'],
];

/** Anything written as a trailing `{#…}` or `{id…}` attribute, valid or not: it is never part of the title. */
const attributeLike = /\s*\{\s*(#|id\s*[:=])\s*([^{}]*)\}\s*$/;

function headingTitle(node: Heading): { title: string; id?: string; badId?: string } {
  const text = toString(node).trim();
  const m = explicitId.exec(text);
  if (m) return { title: text.slice(0, m.index).trim(), id: m[1]! };
  const bad = attributeLike.exec(text);
  if (bad) return { title: text.slice(0, bad.index).trim(), badId: bad[0].trim() };
  return { title: text };
}

type Resolve = (node: Link | LinkReference) => string | undefined;

/** The first link of each list item (inline or reference-style), walking nested lists too. */
function linksOf(list: List, resolve: Resolve): { link: Link | LinkReference; url: string; item: ListItem }[] {
  const out: { link: Link | LinkReference; url: string; item: ListItem }[] = [];
  const walkList = (l: List) => {
    for (const item of l.children) {
      let first: { link: Link | LinkReference; url: string } | undefined;
      for (const child of item.children) {
        if (child.type === 'paragraph') {
          visit(child, (n) => {
            if (first || (n.type !== 'link' && n.type !== 'linkReference')) return;
            const url = resolve(n);
            if (url !== undefined) first = { link: n, url };
          });
        }
        if (first) break;
      }
      if (first) out.push({ ...first, item });
      for (const child of item.children) if (child.type === 'list') walkList(child);
    }
  };
  walkList(list);
  return out;
}

/** List items that look like a link but are not one: usually a path with spaces, which Markdown does not allow. */
function brokenLinksOf(list: List): ListItem[] {
  const out: ListItem[] = [];
  const walkList = (l: List) => {
    for (const item of l.children) {
      let hasLink = false;
      visit(item, (n) => {
        if (n.type === 'link' || n.type === 'linkReference') hasLink = true;
      });
      if (!hasLink && /\[[^\]]+\]\([^)]*\)/.test(toString(item))) out.push(item);
      for (const child of item.children) if (child.type === 'list') walkList(child);
    }
  };
  walkList(list);
  return out;
}

export function readOutline(doc: SourceDoc): Outline {
  const file = doc.file.path;
  const children = doc.root.children;
  const definitions = definitionsOf(doc.root);
  const resolve: Resolve = (n) => (n.type === 'link' ? n.url : definitions.get(n.identifier));
  const roles = headingRoles(children, resolve);
  const walk: OutlineWalk = { file, resolve, diagnostics: [], modules: [], rejected: [], intro: [], heading: -1 };
  for (const node of children) {
    if (node.type === 'heading') {
      walk.heading++;
      enterHeading(walk, node, roles[walk.heading]!);
    } else if (walk.heading === -1) walk.intro.push(node);
    else if (node.type === 'list') addEntries(walk, node);
  }
  for (const m of walk.modules) {
    if (m.entries.length === 0) walk.diagnostics.push(rules['empty-module']({ ...m.module.source, data: { title: m.module.title } }));
  }
  // Links above the first heading are outside any module too.
  for (const node of walk.intro) {
    if (node.type === 'list') for (const { link, url } of linksOf(node, resolve)) rejectOutside(walk, sourceAt(file, link), url);
  }
  const intro = walk.intro.filter((n) => n.type === 'paragraph').map((n) => toString(n)).join('\n\n');
  return { modules: walk.modules, rejected: walk.rejected, intro, diagnostics: walk.diagnostics };
}

/** The syllabus read top to bottom: where the walk is (group, module, heading index) and what it found. */
interface OutlineWalk {
  readonly file: string;
  readonly resolve: Resolve;
  readonly diagnostics: Diagnostic[];
  readonly modules: OutlineModule[];
  /** Course-relative targets of links outside any module. */
  readonly rejected: string[];
  /** What comes before the first heading. */
  readonly intro: RootContent[];
  /** Index of the current heading among the headings (-1 before the first). */
  heading: number;
  group?: { depth: number; value: NonNullable<Module['group']> };
  mod?: OutlineModule;
}

function sourceAt(file: string, node: { position?: Node['position'] }): SourceRef {
  const position = positionOf(node);
  return position ? { file, position } : { file };
}

function definitionsOf(root: SourceDoc['root']): Map<string, string> {
  const definitions = new Map<string, string>();
  visit(root, 'definition', (d: Definition) => {
    definitions.set(d.identifier, d.url);
  });
  return definitions;
}

/**
 * A heading with links listed right below it is a module. A heading without links that has deeper headings
 * after it is a material group; one at a module level with nothing below is an empty module.
 */
function headingRoles(children: readonly RootContent[], resolve: Resolve): ('module' | 'group' | 'other')[] {
  const headings = children.flatMap((node, index) => (node.type === 'heading' ? [{ node, index }] : []));
  const hasLinks = (h: number) => {
    const from = headings[h]!.index + 1;
    const to = headings[h + 1]?.index ?? children.length;
    return children.slice(from, to).some((n) => n.type === 'list' && linksOf(n, resolve).length > 0);
  };
  const withLinks = headings.map((_, h) => hasLinks(h));
  const moduleDepths = new Set(headings.filter((_, h) => withLinks[h]).map((h) => h.node.depth));
  if (moduleDepths.size === 0) moduleDepths.add(2);
  return headings.map((h, i) => {
    if (withLinks[i]) return 'module';
    const next = headings[i + 1];
    if (next && next.node.depth > h.node.depth) return 'group';
    return moduleDepths.has(h.node.depth) ? 'module' : 'other';
  });
}

/** A heading opens a group or a module; any other heading (### Catatan inside a module) leaves the current module as it is. */
function enterHeading(walk: OutlineWalk, node: Heading, role: 'module' | 'group' | 'other'): void {
  const { title, id: explicit, badId } = headingTitle(node);
  // A malformed `{#modul 2}` still names the id the author meant: use its slug, and say how to write it.
  const id = explicit ?? (badId ? slugId(badId.replace(/^\{\s*(#|id\s*[:=])|\}$/g, '')) || undefined : undefined);
  if (badId) walk.diagnostics.push(rules['heading-bad-id']({ ...sourceAt(walk.file, node), data: { written: badId, id: id ?? slugId(title) } }));
  if (walk.group && node.depth <= walk.group.depth) walk.group = undefined;
  if (role === 'group') {
    const known = groupIds.find(([re]) => re.test(title));
    walk.group = { depth: node.depth, value: { id: id ?? known?.[1] ?? (slugId(title) || `kelompok-${walk.heading + 1}`), title } };
    walk.mod = undefined;
  } else if (role === 'module') {
    walk.mod = {
      module: { id: id ?? (slugId(title) || `modul-${walk.modules.length + 1}`), title, ...(walk.group ? { group: walk.group.value } : {}), source: sourceAt(walk.file, node) },
      entries: [],
    };
    walk.modules.push(walk.mod);
  }
}

/** A list under a heading: each item's first link is an entry of the current module (or outside any). */
function addEntries(walk: OutlineWalk, list: List): void {
  const { file } = walk;
  for (const item of brokenLinksOf(list)) {
    walk.diagnostics.push(rules['outline-link-malformed']({ ...sourceAt(file, item), data: { text: toString(item).slice(0, 80) } }));
  }
  for (const { link, url } of linksOf(list, walk.resolve)) {
    const source = sourceAt(file, link);
    const mod = walk.mod;
    if (!mod) {
      rejectOutside(walk, source, url);
      continue;
    }
    const title = toString(link).trim() || url;
    const external = isExternal(url);
    const target = external ? undefined : resolveRef(file, url);
    mod.entries.push({
      title,
      url,
      external,
      ...(target ? { target } : {}),
      id: external ? `${mod.module.id}-${slugId(title) || mod.entries.length + 1}` : idFromPath(target!),
      source,
    });
  }
}

function rejectOutside(walk: OutlineWalk, source: SourceRef, url: string): void {
  walk.diagnostics.push(rules['outline-item-outside-module']({ ...source, data: { target: url } }));
  if (!isExternal(url)) walk.rejected.push(resolveRef(walk.file, url));
}
