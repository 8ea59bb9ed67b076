// Package paths and titles as manifests write them (escaping itself: src/util/xml.ts).

/**
 * A package path as a URI reference for `href`: each segment percent-encoded where a URI needs it
 * (spaces, non-ASCII), `/` kept. `ajar verify` decodes hrefs the same way before comparing with zip entries.
 */
export function hrefOf(packagePath: string): string {
  return packagePath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** At most `max` characters (code points, so an Arabic or emoji title is never cut mid-character). */
export function truncate(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}
