// Lesson images (PNG, JPEG) made responsive with sharp (libvips): AVIF and WebP variants at a few widths,
// never wider than the image itself, for the render stage's <picture> with srcset. The source stays the
// <img> fallback. Variants carry no metadata (EXIF, ICC and XMP are stripped after converting to sRGB and
// applying the EXIF orientation), so the same image gives the same bytes on every build.
//
// The narrow interface: `variantWidths` and `variantName` are pure; `fillImage` is the edge that runs sharp.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Optimised, Rendition } from '../core/model/media.js';
import type { ImageFormat, ImageSettings } from './config-schema.js';
import { rules } from './rules.js';

type Sharp = (typeof import('sharp'))['default'];

export interface ImageTool {
  readonly sharp: Sharp;
  /** sharp's and libvips' versions: part of every image cache key. */
  readonly version: string;
}

let loaded: Promise<ImageTool | { error: string }> | undefined;

/** sharp, loaded on first use (its native binding is not needed by courses without images). */
export function loadImageTool(): Promise<ImageTool | { error: string }> {
  loaded ??= import('sharp')
    .then((m) => {
      const sharp = m.default;
      return { sharp, version: `sharp ${sharp.versions.sharp} vips ${sharp.versions.vips}` };
    })
    .catch((error: Error) => ({ error: error.message.split('\n')[0]!.slice(0, 200) }));
  return loaded;
}

/**
 * The widths to make for an image `width` pixels wide: the configured widths below it, and the image's own
 * width when it is narrower than the widest configured one. A width within 10 % of the next one is dropped
 * (960 next to 1000 would only cost bytes). Pure.
 */
export function variantWidths(width: number, configured: readonly number[]): number[] {
  const widest = Math.max(...configured);
  const wanted = [...new Set([...configured.filter((w) => w < width), ...(width <= widest ? [width] : [])])].sort((a, b) => a - b);
  return wanted.filter((w, i) => i === wanted.length - 1 || wanted[i + 1]! > w * 1.1);
}

/** `w960.avif`: the variant's file name in its cache entry. Pure. */
export function variantName(width: number, format: ImageFormat): string {
  return `w${width}.${format}`;
}

export interface FilledImage {
  readonly renditions: Rendition[];
  readonly optimised: Optimised;
  readonly diagnostics: Diagnostic[];
}

/**
 * Makes the variants of one image in `tmp`. A format whose widest variant is not smaller than the source
 * is dropped (the browser then takes the next format or the source); when none is left, the entry records
 * that the source is kept. An image sharp cannot read is kept with a warning.
 */
export async function fillImage(source: string, sourcePath: string, tmp: string, settings: ImageSettings, tool: ImageTool): Promise<FilledImage> {
  const input = await readFile(sourcePath);
  const originalBytes = input.length;
  const { sharp } = tool;
  let meta: Awaited<ReturnType<ReturnType<Sharp>['metadata']>>;
  try {
    meta = await sharp(input).metadata();
  } catch (error) {
    return shippedAsIs(source, { originalBytes }, { detail: (error as Error).message.slice(0, 200) });
  }
  if (!meta.width || !meta.height) return shippedAsIs(source, { originalBytes }, { problem: 'no-dimensions' });
  // EXIF orientations 5–8 turn the picture a quarter: the displayed size is the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;

  try {
    return await variants(source, input, tmp, settings, sharp, { originalBytes, width, height });
  } catch (error) {
    // A picture that decodes its header but not its pixels (a cut-off download): shipped as it is.
    return shippedAsIs(source, { originalBytes, width, height }, { detail: (error as Error).message.slice(0, 200) });
  }
}

/** No variants: the source goes into the package, with image-not-optimised saying why (a `problem` code, or sharp's own `detail`). */
function shippedAsIs(
  source: string,
  size: { originalBytes: number; width?: number; height?: number },
  why: { problem: 'no-dimensions' } | { detail: string },
): FilledImage {
  return { renditions: [], optimised: { originalBytes: size.originalBytes, bytes: size.originalBytes, kept: 'failed', ...(size.width !== undefined ? { width: size.width, height: size.height! } : {}) }, diagnostics: [rules['image-not-optimised']({ file: source, data: why })] };
}

async function variants(
  _source: string,
  input: Buffer,
  tmp: string,
  settings: ImageSettings,
  sharp: Sharp,
  { originalBytes, width, height }: { originalBytes: number; width: number; height: number },
): Promise<FilledImage> {
  const renditions: Rendition[] = [];
  let preferredBytes: number | undefined;
  for (const format of settings.formats) {
    const made: { rendition: Rendition; data: Buffer }[] = [];
    for (const w of variantWidths(width, settings.widths)) {
      const pipeline = sharp(input).rotate().resize({ width: w, withoutEnlargement: true });
      const encoded = format === 'avif' ? pipeline.avif({ quality: settings.avifQuality, effort: 2 }) : pipeline.webp({ quality: settings.webpQuality, effort: 4 });
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      made.push({ data, rendition: { kind: 'image', path: variantName(w, format), bytes: data.length, width: info.width, height: info.height, contentType: `image/${format}` } });
    }
    const widest = made.at(-1)?.rendition;
    if (!widest || widest.bytes >= originalBytes) continue;
    for (const m of made) await writeFile(path.join(tmp, m.rendition.path), m.data);
    renditions.push(...made.map((m) => m.rendition));
    preferredBytes ??= widest.bytes;
  }
  const sorted = renditions.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (preferredBytes === undefined) return { renditions: [], optimised: { originalBytes, bytes: originalBytes, kept: 'not-smaller', width, height }, diagnostics: [] };
  return { renditions: sorted, optimised: { originalBytes, bytes: preferredBytes, width, height }, diagnostics: [] };
}
