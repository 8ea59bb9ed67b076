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
  const diagnostics: Diagnostic[] = [];
  const definitions = new Map<string, string>();
  visit(doc.root, 'definition', (d: Definition) => {
    definitions.set(d.identifier, d.url);
  });
  const resolve: Resolve = (n) => (n.type === 'link' ? n.url : definitions.get(n.identifier));
  const at = (node: { position?: Node['position'] }) => {
    const position = positionOf(node);
    return position ? { file, position } : { file };
  };

  // A heading with links listed right below it is a module. A heading without links that has deeper
  // headings after it is a material group; one at a module level with nothing below is an empty module.
  const headings = children.flatMap((node, index) => (node.type === 'heading' ? [{ node, index }] : []));
  const hasLinks = (h: number) => {
    const from = headings[h]!.index + 1;
    const to = headings[h + 1]?.index ?? children.length;
    return children.slice(from, to).some((n) => n.type === 'list' && linksOf(n, resolve).length > 0);
  };
  const withLinks = headings.map((_, h) => hasLinks(h));
  const moduleDepths = new Set(headings.filter((_, h) => withLinks[h]).map((h) => h.node.depth));
  if (moduleDepths.size === 0) moduleDepths.add(2);
  const roles = headings.map((h, i): 'module' | 'group' | 'other' => {
    if (withLinks[i]) return 'module';
    const next = headings[i + 1];
    if (next && next.node.depth > h.node.depth) return 'group';
    return moduleDepths.has(h.node.depth) ? 'module' : 'other';
  });

  const modules: OutlineModule[] = [];
  const rejected: string[] = [];
  let group: { depth: number; value: NonNullable<Module['group']> } | undefined;
  let mod: OutlineModule | undefined;
  const intro: RootContent[] = [];
  let h = -1;
  for (const node of children) {
    if (node.type === 'heading') {
      h++;
      const { title, id: explicit, badId } = headingTitle(node);
      // A malformed `{#modul 2}` still names the id the author meant: use its slug, and say how to write it.
      const id = explicit ?? (badId ? slugId(badId.replace(/^\{\s*(#|id\s*[:=])|\}$/g, '')) || undefined : undefined);
      if (badId) diagnostics.push(rules['heading-bad-id']({ ...at(node), data: { written: badId, id: id ?? slugId(title) } }));
      const role = roles[h]!;
      if (group && node.depth <= group.depth) group = undefined;
      if (role === 'group') {
        const known = groupIds.find(([re]) => re.test(title));
        group = { depth: node.depth, value: { id: id ?? known?.[1] ?? (slugId(title) || `kelompok-${h + 1}`), title } };
        mod = undefined;
      } else if (role === 'module') {
        mod = {
          module: { id: id ?? (slugId(title) || `modul-${modules.length + 1}`), title, ...(group ? { group: group.value } : {}), source: at(node) },
          entries: [],
        };
        modules.push(mod);
      }
      // Any other heading (### Catatan inside a module) leaves the current module as it is.
      continue;
    }
    if (h === -1) {
      intro.push(node);
      continue;
    }
    if (node.type !== 'list') continue;
    for (const item of brokenLinksOf(node)) {
      diagnostics.push(rules['outline-link-malformed']({ ...at(item), data: { text: toString(item).slice(0, 80) } }));
    }
    for (const { link, url } of linksOf(node, resolve)) {
      const source = at(link);
      const title = toString(link).trim() || url;
      if (!mod) {
        diagnostics.push(rules['outline-item-outside-module']({ ...source, data: { target: url } }));
        if (!isExternal(url)) rejected.push(resolveRef(file, url));
        continue;
      }
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
  for (const m of modules) {
    if (m.entries.length === 0) diagnostics.push(rules['empty-module']({ ...m.module.source, data: { title: m.module.title } }));
  }
  // Links above the first heading are outside any module too.
  for (const node of intro) {
    if (node.type === 'list') {
      for (const { link, url } of linksOf(node, resolve)) {
        diagnostics.push(rules['outline-item-outside-module']({ ...at(link), data: { target: url } }));
        if (!isExternal(url)) rejected.push(resolveRef(file, url));
      }
    }
  }
  return { modules, rejected, intro: intro.filter((n) => n.type === 'paragraph').map((n) => toString(n)).join('\n\n'), diagnostics };
}
