// Realistic inputs for the slide and image tests, made here (no binaries in the repository): a slide deck as
// presentation software exports it — landscape 10-inch pages, each showing a ~300 dpi photo — and lesson
// photos and diagrams as PNG or JPEG. The "photo" is a smooth gradient with grain, which compresses like one.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';

const run = promisify(execFile);

/** A photo-like RGB image: gradients, a few shapes and a little grain (seeded, so the bytes never change). */
export async function photo(width: number, height: number, seed = 7): Promise<Sharp> {
  const raw = Buffer.alloc(width * height * 3);
  let s = seed;
  const grain = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 24) - 12;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inSun = (x - width * 0.7) ** 2 + (y - height * 0.3) ** 2 < (height * 0.15) ** 2;
      const ground = y > height * (0.6 + 0.08 * Math.sin(x / (width / 9)));
      const r = inSun ? 250 : ground ? 60 + (80 * x) / width : 90 + (120 * y) / height;
      const g = inSun ? 220 : ground ? 120 + (60 * y) / height : 140 + (80 * y) / height;
      const b = inSun ? 120 : ground ? 50 : 230 - (60 * y) / height;
      raw[i] = Math.max(0, Math.min(255, r + grain()));
      raw[i + 1] = Math.max(0, Math.min(255, g + grain()));
      raw[i + 2] = Math.max(0, Math.min(255, b + grain()));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/**
 * A PDF of `pages` landscape pages (720×405 pt, 16:9), each drawing a full-page JPEG: one distinct photo per
 * page, as decks usually have. Written by hand (the format is simple enough), so the test does not depend on
 * the tool under test to make its input.
 */
export async function slideDeck(pages: number, photoWidth = 3000): Promise<Buffer> {
  const photoHeight = Math.round((photoWidth * 405) / 720);
  const jpegs = await Promise.all(Array.from({ length: pages }, async (_, p) => (await photo(photoWidth, photoHeight, 7 + p)).jpeg({ quality: 92 }).toBuffer()));
  const objects: Buffer[] = [];
  const add = (b: Buffer | string) => objects.push(typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled in below
  const kids: number[] = [];
  for (const jpeg of jpegs) {
    add(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${photoWidth} /Height ${photoHeight} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`), jpeg, Buffer.from('\nendstream')]));
    const image = objects.length;
    const content = 'q 720 0 0 405 0 0 cm /Foto Do Q';
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 405] /Resources << /XObject << /Foto ${image} 0 R >> >> /Contents ${objects.length} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  return pdf(objects);
}

/** A one-page text-only PDF of a few hundred bytes: nothing to gain from optimising. */
export function smallTextPdf(): Buffer {
  const content = 'BT /F1 24 Tf 72 300 Td (Moderasi Beragama) Tj ET';
  return pdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 405] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ].map((s) => Buffer.from(s, 'latin1')),
  );
}

function pdf(objects: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    offset += b.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** Pages of a PDF as Ghostscript's PDF interpreter counts them (it fails on a PDF it cannot open). */
export async function pdfPages(file: string): Promise<number> {
  const { stdout } = await run('gs', ['-q', '-dNODISPLAY', '-dSAFER', `--permit-file-read=${file}`, `-sFile=${file}`, '-c', 'File (r) file runpdfbegin pdfpagecount = quit']);
  return Number(stdout.trim());
}

/** Renders every page (to nothing): exits non-zero when a page cannot be drawn. */
export async function pdfRenders(file: string): Promise<boolean> {
  try {
    await run('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-dPDFSTOPONERROR', '-sDEVICE=nullpage', file]);
    return true;
  } catch {
    return false;
  }
}
