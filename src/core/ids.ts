// Small pure helpers shared by the loader, the draw and the interop code (browser-safe: no Node APIs).

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An ASCII id from a heading or path: `Apa itu Moderasi Beragama?` → `apa-itu-moderasi-beragama`.
 * Headings with no Latin letters (Arabic script) get `q-` and a hash of the text, still stable.
 */
export function slugify(text: string, maxLength = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug || `q-${hash32(text.trim()).toString(36)}`;
}

/** Question ids: letters, digits, `.`, `_`, `-`; must end in a letter or digit (SCORM interaction ids). */
export const questionIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,198}[A-Za-z0-9]$|^[A-Za-z0-9]$/;

/** a, b, …, z, then aa, ab, … (choice ids; SCORM 1.2 needs single characters, so up to 26). */
export function letterId(index: number): string {
  let s = '';
  let n = index;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** Normalised text for comparing options: case-folded, white space collapsed. */
export function sameText(a: string, b: string): boolean {
  return normaliseForCompare(a) === normaliseForCompare(b);
}

export function normaliseForCompare(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}
