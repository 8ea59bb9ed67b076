// The launch page: a static shell that loads the player bundle, with the course data in a JSON block
// (never executed, so a strict Content-Security-Policy needs no 'unsafe-inline').

import type { PlayerData } from '../core/player-data.js';
import { escapeHtml } from '../util/xml.js';

// Text and double-quoted attribute values only, so a single quote needs no escape (CSP keeps its 'self').

/** JSON that is safe inside <script type="application/json">: no `</script`, no `<!--`. */
export function jsonForScript(value: unknown): string {
  // One pass: the course's JSON is the largest string a build makes, so it is copied once, not once per character class.
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]!);
}

const SCRIPT_ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function contentSecurityPolicy(data: Pick<PlayerData, 'target'>, mediaBaseUrl?: string): string {
  let mediaOrigin = '';
  if (mediaBaseUrl) {
    try {
      mediaOrigin = ' ' + new URL(mediaBaseUrl).origin;
    } catch {
      mediaOrigin = '';
    }
  }
  // cmi5/xAPI talk to an LRS whose address arrives only in the launch URL.
  const connect = data.target === 'cmi5' || data.target === 'xapi' ? "'self' https: http:" : `'self'${mediaOrigin}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${mediaOrigin}`,
    `media-src 'self' blob:${mediaOrigin}`,
    `connect-src ${connect}`,
    "frame-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface PageOptions {
  readonly mediaBaseUrl?: string;
  readonly assetPrefix: string;
  readonly debug?: boolean;
}

export function launchPage(data: PlayerData, options: PageOptions): string {
  return launchPageWith(data, jsonForScript(data), options);
}

/** The launch page around the course data already made safe for the script block (`jsonForScript`). */
export function launchPageWith(data: Pick<PlayerData, 'target' | 'language' | 'title'>, json: string, options: PageOptions): string {
  const noscript =
    data.language === 'id'
      ? 'Kursus ini memerlukan JavaScript. Aktifkan JavaScript di peramban Anda.'
      : 'This course needs JavaScript. Please enable JavaScript in your browser.';
  return `<!doctype html>
<html lang="${data.language}"${options.debug ? ' data-ajar-debug' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(data, options.mediaBaseUrl))}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(data.title)}</title>
<link rel="stylesheet" href="${options.assetPrefix}player.css">
<script src="${options.assetPrefix}player.js" defer></script>
</head>
<body>
<div id="app"><noscript>${escapeHtml(noscript)}</noscript><p>${escapeHtml(data.title)}</p></div>
<script type="application/json" id="ajar-course">${json}</script>
</body>
</html>
`;
}
