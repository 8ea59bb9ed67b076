// References inside course HTML, made to work in the player: a link to another course item becomes a
// player route (`#ajar/<item id>/<anchor>`), a linked file (a PDF/DOCX handout, an image in a quiz intro)
// is carried in the site and opens in a new tab. After rendering, every reference of the site (HTML in
// the course data, the media URLs, the launch page, the player CSS) must resolve to a file of the site or
// a player route; a dangling one is a build error located in the source it came from.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlayerData } from '../core/player-data.js';
import { rules } from './rules.js';

/** A player route to an item, optionally to an anchor (heading id as authored) in it. */
export function itemRoute(id: string, anchor?: string): string {
  return `#ajar/${encodeURIComponent(id)}${anchor ? '/' + encodeURIComponent(anchor) : ''}`;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const TAG = /<(a|img|video|audio|source|track|iframe)\b([^>]*)>/gi;
const ATTR = /\s(href|src|poster)="([^"]*)"/gi;

function decodePath(p: string): string | undefined {
  try {
    return decodeURI(p);
  } catch {
    return undefined;
  }
}

/**
 * Rewrites course-relative references in sanitised course HTML: item files become player routes, other
 * files are added to the site (`copy`) and, when linked, open in a new tab so the player stays loaded.
 */
export function rewriteCourseHtml(html: string, itemsByFile: ReadonlyMap<string, string>, copy: (coursePath: string) => void): string {
  return html.replace(TAG, (whole, tag: string, attrs: string) => {
    let linksFile = false;
    const next = attrs.replace(ATTR, (m, name: string, value: string) => {
      if (value === '' || value.startsWith('#') || SCHEME.test(value)) return m;
      const hash = value.indexOf('#');
      const file = decodePath(hash === -1 ? value : value.slice(0, hash));
      if (file === undefined) return m;
      const item = itemsByFile.get(file);
      if (item !== undefined && tag.toLowerCase() === 'a') {
        const anchor = hash === -1 ? undefined : decodePath(value.slice(hash + 1));
        return ` ${name}="${itemRoute(item, anchor)}"`;
      }
      copy(file);
      if (tag.toLowerCase() === 'a') linksFile = true;
      return m;
    });
    if (linksFile && !/\starget=/i.test(next)) return `<${tag}${next} target="_blank" rel="noopener">`;
    return `<${tag}${next}>`;
  });
}

/** Where a piece of the course data came from, to locate a dangling reference. */
export interface Origin {
  readonly file: string;
  /** The source text, when it could be read, to find the line. */
  readonly text?: string;
}

export interface ReferenceContext {
  readonly files: ReadonlySet<string>;
  readonly itemIds: ReadonlySet<string>;
  /** Origin of external media (ajar.yaml build.media_base_url), allowed for media and images. */
  readonly mediaOrigin?: string;
}

type Found = { url: string; kind: 'link' | 'embed' };

const SRCSET = /\ssrcset="([^"]*)"/gi;

function referencesInHtml(html: string): Found[] {
  const out: Found[] = [];
  for (const t of html.matchAll(TAG)) {
    for (const a of t[2]!.matchAll(ATTR)) out.push({ url: a[2]!.replace(/&amp;/g, '&'), kind: t[1]!.toLowerCase() === 'a' && a[1]!.toLowerCase() === 'href' ? 'link' : 'embed' });
    // Responsive images (render/pictures.ts): "url 480w, url 960w"; URLs are percent-encoded, so no commas.
    for (const s of t[2]!.matchAll(SRCSET)) {
      for (const candidate of s[1]!.replace(/&amp;/g, '&').split(',')) {
        const url = candidate.trim().split(/\s+/)[0];
        if (url) out.push({ url, kind: 'embed' });
      }
    }
  }
  return out;
}

/** Whether one reference resolves: a site file, a player route or in-page anchor, or an allowed URL. */
export function resolves(ref: Found, ctx: ReferenceContext): boolean {
  const { url, kind } = ref;
  if (url.startsWith('#')) {
    if (!url.startsWith('#ajar/')) return true;
    const id = decodeURIComponent(url.slice(6).split('/')[0] ?? '');
    return id === '' || ctx.itemIds.has(id);
  }
  if (SCHEME.test(url)) {
    if (kind === 'link') return /^(https?|mailto|tel):/i.test(url);
    if (/^data:/i.test(url)) return true;
    try {
      return ctx.mediaOrigin !== undefined && new URL(url).origin === ctx.mediaOrigin;
    } catch {
      return false;
    }
  }
  const p = decodePath(url.split('#')[0]!.split('?')[0]!);
  return p !== undefined && ctx.files.has(p);
}

function locate(origin: Origin, url: string): Diagnostic['position'] | undefined {
  if (!origin.text) return undefined;
  const path = decodePath(url.split('#')[0]!) ?? url;
  const needles = [url, path, path.split('/').pop()!].filter((n) => n !== '');
  const lines = origin.text.split(/\r?\n/);
  for (const needle of needles) {
    const i = lines.findIndex((l) => l.includes(needle));
    if (i >= 0) return { start: { line: i + 1, column: lines[i]!.indexOf(needle) + 1 } };
  }
  return undefined;
}

/**
 * Every reference in the course data of the launch page: HTML of items and questions, media URLs,
 * slides. `originOf` maps the data's module/item/bank positions to their source files.
 */
export function checkDataReferences(
  data: Pick<PlayerData, 'modules' | 'banks'>,
  ctx: ReferenceContext,
  originOf: (where: { module?: number; item?: number; bank?: number }) => Origin,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const walk = (value: unknown, key: string, origin: Origin) => {
    if (typeof value === 'string') {
      const found: Found[] = /^(src|poster|hls|slides)$/.test(key) ? [{ url: value, kind: 'embed' }] : value.includes('="') ? referencesInHtml(value) : [];
      for (const ref of found) {
        if (resolves(ref, ctx)) continue;
        const dedupe = `${origin.file}\0${ref.url}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const position = locate(origin, ref.url);
        out.push(rules['site-reference-dangling']({ file: origin.file, ...(position ? { position } : {}), data: { target: ref.url } }));
      }
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key, origin));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k, origin);
  };
  data.modules.forEach((m, mi) => m.items.forEach((it, ii) => walk(it, '', originOf({ module: mi, item: ii }))));
  data.banks.forEach((b, bi) => walk(b, '', originOf({ bank: bi })));
  return out;
}

/** References of the launch page and the player's CSS (ajar's own files: a miss is a bug in ajar). */
export function checkShellReferences(page: string, css: string, ctx: ReferenceContext, cssPath: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refs: Found[] = [...page.matchAll(/<(?:link|script)\b[^>]*\s(?:href|src)="([^"]*)"/g)].map((m) => ({ url: m[1]!, kind: 'embed' as const }));
  const base = cssPath.includes('/') ? cssPath.slice(0, cssPath.lastIndexOf('/') + 1) : '';
  for (const m of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
    const u = m[1]!;
    refs.push({ url: SCHEME.test(u) || u.startsWith('#') ? u : base + u, kind: 'embed' });
  }
  for (const ref of refs) if (!resolves(ref, ctx)) out.push(rules['site-reference-dangling']({ file: 'index.html', data: { target: ref.url } }));
  return out;
}
