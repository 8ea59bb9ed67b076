// Where a launch URL of cmi5.xml (<url>) or tincan.xml (<launch>) leads: a file inside the package (relative,
// read from the package root, query and fragment ignored) or an absolute https URL. Pure.

export type LaunchTarget =
  | { readonly kind: 'remote' }
  | { readonly kind: 'inside'; readonly target: string; readonly present: boolean; readonly suggestion?: string }
  | { readonly kind: 'unsupported'; readonly reason: 'http' | 'scheme' | 'root' | 'outside' };

export function launchTarget(url: string, files: ReadonlySet<string>): LaunchTarget {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'https') return { kind: 'remote' };
  if (scheme === 'http') return { kind: 'unsupported', reason: 'http' };
  if (scheme) return { kind: 'unsupported', reason: 'scheme' };
  if (url.startsWith('/') || url.startsWith('\\')) return { kind: 'unsupported', reason: 'root' };
  const bare = url.replace(/[?#].*$/s, '');
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A stray “%” is taken literally, as servers do.
  }
  const parts: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return { kind: 'unsupported', reason: 'outside' };
      parts.pop();
    } else parts.push(segment);
  }
  const target = parts.join('/') || 'index.html';
  if (files.has(target)) return { kind: 'inside', target, present: true };
  const lower = target.toLowerCase();
  const suggestion = [...files].find((f) => f.toLowerCase() === lower);
  return { kind: 'inside', target, present: false, ...(suggestion ? { suggestion } : {}) };
}
