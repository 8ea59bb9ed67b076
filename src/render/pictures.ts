// Lesson images as responsive pictures: an <img> of sanitised lesson HTML whose source has AVIF/WebP
// variants (media stage, src/media/images.ts) becomes
//   <picture><source type="image/avif" srcset="… 480w, … 960w" sizes="…"><source type="image/webp" …>
//   <img src="original" alt="…" width="W" height="H" loading="lazy" decoding="async"></picture>
// The original stays the fallback; width and height reserve the space (no layout shift). Pure: the URLs
// come from the caller. The markup added is only picture, source (type, srcset, sizes) and img's width,
// height, loading and decoding; every value is generated here and escaped.

import type { MediaEntry, MediaIndex, Rendition } from '../core/model/media.js';
import { escapeHtml } from '../util/xml.js';

/** The player's reading column is 48rem wide with 1em padding each side (src/player/player.css: main). */
export const PICTURE_SIZES = '(max-width: 48rem) calc(100vw - 2em), 46rem';

const IMG = /<img\b([^>]*)>/gi;
const SRC = /\ssrc="([^"]*)"/i;

function decodePath(p: string): string | undefined {
  try {
    return decodeURI(p.replace(/&amp;/g, '&'));
  } catch {
    return undefined;
  }
}

/**
 * Wraps every <img> whose course-relative `src` has an image entry in `media` in a <picture>.
 * `urlOf` gives a rendition's URL in the site (or on the media host).
 */
export function withPictures(html: string, media: MediaIndex | undefined, urlOf: (entry: MediaEntry, r: Rendition) => string): string {
  if (!media || !html.includes('<img')) return html;
  return html.replace(IMG, (whole, attrs: string) => {
    const src = SRC.exec(attrs)?.[1];
    const file = src === undefined ? undefined : decodePath(src);
    const entry = file === undefined ? undefined : media.get(file);
    const size = entry?.optimised;
    if (!entry || !size || size.width === undefined || size.height === undefined) return whole;
    // The author's own width/height/loading win (raw HTML may set them); ours fill the gaps.
    const extra = [
      /\swidth=/i.test(attrs) ? '' : ` width="${size.width}"`,
      /\sheight=/i.test(attrs) ? '' : ` height="${size.height}"`,
      /\sloading=/i.test(attrs) ? '' : ' loading="lazy"',
      /\sdecoding=/i.test(attrs) ? '' : ' decoding="async"',
    ].join('');
    const img = `<img${attrs}${extra}>`;
    const byType = new Map<string, Rendition[]>();
    for (const r of entry.renditions) if (r.kind === 'image' && r.width) byType.set(r.contentType, [...(byType.get(r.contentType) ?? []), r]);
    if (byType.size === 0) return img;
    // AVIF first: the browser takes the first <source> whose type it supports.
    const order = (t: string) => (t === 'image/avif' ? 0 : t === 'image/webp' ? 1 : 2);
    const sources = [...byType.entries()]
      .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
      .map(([type, rs]) => {
        const srcset = [...rs].sort((a, b) => a.width! - b.width!).map((r) => `${urlOf(entry, r)} ${r.width}w`).join(', ');
        return `<source type="${escapeHtml(type)}" srcset="${escapeHtml(srcset)}" sizes="${PICTURE_SIZES}">`;
      });
    return `<picture>${sources.join('')}${img}</picture>`;
  });
}
