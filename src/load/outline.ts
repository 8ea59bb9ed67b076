// The syllabus body is the outline: headings are modules (and, one level up, material groups such as
// “Materi Pengantar / Dasar / Inti”), list items with a link are the module's lessons, quizzes and activities.

import type { Heading, List, ListItem, Link, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Module, SourceRef } from '../model/course.js';
import type { SourceDoc } from './doc.js';
import { positionOf } from './markdown.js';
import { isExternal, resolveRef } from './source.js';
import { rules } from './rules.js';
import { idFromPath } from './index.js';

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
}

const explicitId = /\s*\{#([A-Za-z0-9][A-Za-z0-9._-]*)\}\s*$/;

const groupIds: [RegExp, string][] = [
  [/pengantar|pendahuluan|introduct/i, 'pengantar'],
  [/dasar|basic|foundation/i, 'dasar'],
  [/inti|core|main/i, 'inti'],
  [/penunjang|support|pelengkap/i, 'penunjang'],
];

function headingTitle(node: Heading): { title: string; id?: string } {
  const text = toString(node).trim();
  const m = explicitId.exec(text);
  return m ? { title: text.slice(0, m.index).trim(), id: m[1]! } : { title: text };
}

function slug(text: string): string {
  return idFromPath(text);
}

function linksOf(list: List): { link: Link; item: ListItem }[] {
  const out: { link: Link; item: ListItem }[] = [];
  const walkList = (l: List) => {
    for (const item of l.children) {
      let first: Link | undefined;
      for (const child of item.children) {
        if (child.type === 'paragraph') {
          visit(child, 'link', (n: Link) => {
            first ??= n;
          });
        }
        if (first) break;
      }
      if (first) out.push({ link: first, item });
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

  // Which heading depth carries the modules: the shallowest one that has links right below it.
  let moduleDepth = Infinity;
  let current: Heading | undefined;
  for (const node of children) {
    if (node.type === 'heading') current = node;
    else if (node.type === 'list' && current && linksOf(node).length) moduleDepth = Math.min(moduleDepth, current.depth);
  }
  if (moduleDepth === Infinity) moduleDepth = 2;

  const modules: OutlineModule[] = [];
  let group: Module['group'];
  let mod: OutlineModule | undefined;
  const intro: RootContent[] = [];
  let seenHeading = false;
  for (const node of children) {
    if (node.type === 'heading') {
      seenHeading = true;
      const { title, id } = headingTitle(node);
      const position = positionOf(node);
      if (node.depth < moduleDepth) {
        const known = groupIds.find(([re]) => re.test(title));
        group = { id: id ?? known?.[1] ?? slug(title), title };
        mod = undefined;
      } else if (node.depth === moduleDepth) {
        mod = {
          module: { id: id ?? slug(title), title, ...(group ? { group } : {}), source: position ? { file, position } : { file } },
          entries: [],
        };
        modules.push(mod);
      }
      continue;
    }
    if (!seenHeading) {
      intro.push(node);
      continue;
    }
    if (node.type !== 'list') continue;
    for (const { link } of linksOf(node)) {
      const position = positionOf(link);
      const source: SourceRef = position ? { file, position } : { file };
      const title = toString(link).trim() || link.url;
      if (!mod) {
        diagnostics.push(rules['outline-item-outside-module']({ file, ...(position ? { position } : {}), data: { target: link.url } }));
        continue;
      }
      const external = isExternal(link.url);
      const target = external ? undefined : resolveRef(file, link.url);
      mod.entries.push({
        title,
        url: link.url,
        external,
        ...(target ? { target } : {}),
        id: external ? `${mod.module.id}-${slug(title)}` : idFromPath(target!),
        source,
      });
    }
  }
  for (const m of modules) {
    if (m.entries.length === 0) diagnostics.push(rules['empty-module']({ file, ...(m.module.source.position ? { position: m.module.source.position } : {}), data: { title: m.module.title } }));
  }
  // Links above the first heading are outside any module too.
  for (const node of intro) {
    if (node.type === 'list') {
      for (const { link } of linksOf(node)) {
        const position = positionOf(link);
        diagnostics.push(rules['outline-item-outside-module']({ file, ...(position ? { position } : {}), data: { target: link.url } }));
      }
    }
  }
  return { modules, intro: intro.filter((n) => n.type === 'paragraph').map((n) => toString(n)).join('\n\n'), diagnostics };
}
