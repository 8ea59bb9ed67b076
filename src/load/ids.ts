// Ids and titles of course items: explicit in front matter, or derived from paths and headings.

import type { SourceDoc } from './doc.js';

export function idOf(doc: SourceDoc): string {
  const explicit = doc.fm.data.id;
  if (typeof explicit === 'string' && explicit) return explicit;
  return idFromPath(doc.file.path);
}

/** A stable ASCII id from a path or a title: `materi/01 Pengantar.md` → `materi-01-pengantar`; '' when nothing is left. */
export function slugId(text: string): string {
  return text
    .replace(/\.md$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function idFromPath(file: string): string {
  return slugId(file) || 'item';
}

export function titleOf(doc: SourceDoc, fallback: string): string {
  const t = doc.fm.data.title;
  return typeof t === 'string' && t.trim() ? t.trim() : fallback;
}
