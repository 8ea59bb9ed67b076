// The few XML-writing helpers manifests need. Text is escaped for element content and attribute values,
// and characters XML 1.0 forbids are dropped (a control character pasted into a title must not break the file).

const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(forbidden, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `name="value"` pairs in the order given; undefined values are left out. */
export function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

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
