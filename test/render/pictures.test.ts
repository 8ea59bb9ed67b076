// Lesson images as <picture>: the render stage's markup for images with AVIF/WebP variants, checked as the
// learner's browser gets it — sources in preference order, srcset with widths, the original <img> with alt,
// width/height and lazy loading — and checked to stay inside a small sanitiser allow-list.

import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { MediaEntry, MediaIndex } from '../../src/core/model/media.js';
import { PICTURE_SIZES, withPictures } from '../../src/render/pictures.js';
import { checkDataReferences } from '../../src/render/references.js';
import type { PlayerData } from '../../src/core/player-data.js';

const MAP = 'gambar/Peta Kerukunan Umat.png';
const entry: MediaEntry = {
  source: MAP,
  key: '29430c90f9dc579f3a0f',
  dir: '/tembolok/29430c90f9dc579f3a0f',
  renditions: [
    { kind: 'image', path: 'w1440.webp', bytes: 90_000, width: 1440, height: 960, contentType: 'image/webp' },
    { kind: 'image', path: 'w480.avif', bytes: 9_000, width: 480, height: 320, contentType: 'image/avif' },
    { kind: 'image', path: 'w480.webp', bytes: 12_000, width: 480, height: 320, contentType: 'image/webp' },
    { kind: 'image', path: 'w1440.avif', bytes: 60_000, width: 1440, height: 960, contentType: 'image/avif' },
  ],
  optimised: { originalBytes: 9_500_000, bytes: 60_000, width: 2400, height: 1600 },
};
const index: MediaIndex = new Map([[MAP, entry]]);
const url = (e: MediaEntry, r: { path: string }) => `media/${e.key}/${r.path}`;
// What the loader writes for ![Peta kerukunan …](<../gambar/Peta Kerukunan Umat.png>) in a lesson.
const lessonHtml = '<p dir="auto"><img src="gambar/Peta%20Kerukunan%20Umat.png" alt="Peta kerukunan umat &#x26; rumah ibadah"></p>';

describe('withPictures', () => {
  it('wraps an image with variants in <picture>: AVIF, then WebP, each srcset by width, the original <img> last', () => {
    const html = withPictures(lessonHtml, index, url);
    const k = entry.key;
    expect(html).toBe(
      '<p dir="auto"><picture>' +
        `<source type="image/avif" srcset="media/${k}/w480.avif 480w, media/${k}/w1440.avif 1440w" sizes="${PICTURE_SIZES}">` +
        `<source type="image/webp" srcset="media/${k}/w480.webp 480w, media/${k}/w1440.webp 1440w" sizes="${PICTURE_SIZES}">` +
        '<img src="gambar/Peta%20Kerukunan%20Umat.png" alt="Peta kerukunan umat &#x26; rumah ibadah" width="2400" height="1600" loading="lazy" decoding="async">' +
        '</picture></p>',
    );
  });

  it('an image kept as it is (no variant was smaller) still gets width/height and lazy loading, without <picture>', () => {
    const kept: MediaIndex = new Map([[MAP, { ...entry, renditions: [], optimised: { originalBytes: 431, bytes: 431, kept: 'not-smaller', width: 264, height: 264 } }]]);
    expect(withPictures(lessonHtml, kept, url)).toBe('<p dir="auto"><img src="gambar/Peta%20Kerukunan%20Umat.png" alt="Peta kerukunan umat &#x26; rumah ibadah" width="264" height="264" loading="lazy" decoding="async"></p>');
  });

  it('leaves images without an entry (SVG, external, media off) and the author’s own width alone', () => {
    const svg = '<p><img src="gambar/jalan-tengah.svg" alt="Diagram"></p>';
    expect(withPictures(svg, index, url)).toBe(svg);
    expect(withPictures(lessonHtml, undefined, url)).toBe(lessonHtml);
    const sized = '<img src="gambar/Peta%20Kerukunan%20Umat.png" alt="Peta" width="300">';
    expect(withPictures(sized, index, url)).toContain('<img src="gambar/Peta%20Kerukunan%20Umat.png" alt="Peta" width="300" height="1600" loading="lazy" decoding="async">');
  });

  it('adds nothing a sanitiser allowing only picture, source[type srcset sizes] and img[width height loading decoding] would remove', () => {
    const html = withPictures(lessonHtml, index, url);
    const schema = {
      ...defaultSchema,
      tagNames: [...(defaultSchema.tagNames ?? []), 'picture', 'source'],
      attributes: {
        ...defaultSchema.attributes,
        '*': [...(defaultSchema.attributes?.['*'] ?? []), 'dir'],
        source: ['type', 'srcSet', 'sizes'],
        img: [...(defaultSchema.attributes?.img ?? []), 'loading', 'decoding'],
      },
    };
    // The lesson's own pipeline (src/source/markdown.ts): raw HTML parsed by rehype-raw, then sanitised.
    const parsed = () => unified().use(remarkParse).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);
    const raw = String(parsed().use(rehypeStringify).processSync(html));
    const through = (s: typeof defaultSchema) => String(parsed().use(rehypeSanitize, s).use(rehypeStringify).processSync(html));
    expect(raw).toContain('<picture><source type="image/avif" srcset="media/');
    expect(through(schema)).toBe(raw);
    // Without the additions the sanitiser would change it: the check above can fail.
    expect(through(defaultSchema)).not.toBe(raw);
  });
});

describe('the site guard', () => {
  it('finds a srcset URL that resolves to no file of the site', () => {
    const html = withPictures(lessonHtml, index, url);
    const data = { modules: [{ items: [{ kind: 'lesson', html }] }], banks: [] } as unknown as PlayerData;
    const files = new Set(['gambar/Peta Kerukunan Umat.png', ...entry.renditions.map((r) => url(entry, r))]);
    const ctx = { files, itemIds: new Set<string>() };
    expect(checkDataReferences(data, ctx, () => ({ file: 'materi/02-landasan.md' }))).toEqual([]);
    files.delete(url(entry, { path: 'w1440.webp' }));
    expect(checkDataReferences(data, ctx, () => ({ file: 'materi/02-landasan.md' })).map((d) => [d.ruleId, d.data?.target])).toEqual([['site-reference-dangling', `media/${entry.key}/w1440.webp`]]);
  });
});
