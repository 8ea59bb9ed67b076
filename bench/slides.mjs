#!/usr/bin/env node
// Bytes a learner downloads for slides and lesson images, before and after ajar's media stage (issue 16,
// "Bytes per learner": slides and images). Generates an 8-page deck as presentation software exports it
// (16:9 pages each showing a ~300 dpi photo, ~25 MB), a large PNG map, a camera JPEG and a screenshot,
// runs them through the media stage (Ghostscript, sharp) with the default settings in a fresh cache, and
// prints original vs optimised sizes. Also checks that a second fresh run gives the same bytes.
// Usage: node bench/slides.mjs   (after `node scripts/build.mjs`; npm run bench -- slides builds first)

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { runMediaSources } = await import(path.join(root, 'lib/media/run.js'));
const { mediaDefaults } = await import(path.join(root, 'lib/media/config-schema.js'));
const { detectGhostscript } = await import(path.join(root, 'lib/media/slides.js'));
const { loadImageTool } = await import(path.join(root, 'lib/media/images.js'));

/**
 * A photo-like image (seeded): a sky-and-hills scene with sensor grain, overlaid (soft light) with three
 * layers of upscaled random texture at 40, 9 and 3 px, as foliage, fabric and walls have. Smooth synthetic
 * pictures would flatter AVIF; this one compresses about as a real photo does (1440 px AVIF ≈ 200 KB).
 */
async function photo(width, height, seed) {
  const random = (salt) => {
    let s = seed * 7919 + salt;
    return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) >> 16) & 255;
  };
  const texture = (cell, salt) => {
    const w = Math.ceil(width / cell);
    const h = Math.ceil(height / cell);
    const next = random(salt);
    const small = Buffer.alloc(w * h * 3);
    for (let i = 0; i < small.length; i++) small[i] = next();
    return sharp(small, { raw: { width: w, height: h, channels: 3 } }).resize(width, height, { kernel: 'cubic', fit: 'fill' }).png({ compressionLevel: 0 }).toBuffer();
  };
  const raw = Buffer.alloc(width * height * 3);
  const next = random(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const ground = y > height * (0.6 + 0.08 * Math.sin(x / (width / (5 + (seed % 5)))));
      const grain = (next() >> 4) - 8;
      raw[i] = (ground ? 70 + (80 * x) / width : 100 + (110 * y) / height) + grain;
      raw[i + 1] = (ground ? 120 + (60 * y) / height : 150 + (70 * y) / height) + grain;
      raw[i + 2] = (ground ? 50 : 225 - (50 * y) / height) + grain;
    }
  }
  const layers = await Promise.all([texture(40, 1), texture(9, 2), texture(3, 3)]);
  const composed = await sharp(raw, { raw: { width, height, channels: 3 } })
    .composite(layers.map((input) => ({ input, blend: 'soft-light' })))
    .raw()
    .toBuffer();
  return sharp(composed, { raw: { width, height, channels: 3 } });
}

function pdf(objects) {
  const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets = [];
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

/** 16:9 pages (720×405 pt) with a title and a full-width photo at ~300 dpi. */
async function deck(pages) {
  const W = 3000;
  const H = 1688;
  const objects = [Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'), Buffer.alloc(0), Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>')];
  const kids = [];
  for (let p = 0; p < pages; p++) {
    const jpeg = await (await photo(W, H, 11 + p)).jpeg({ quality: 92 }).toBuffer();
    objects.push(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${W} /Height ${H} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`), jpeg, Buffer.from('\nendstream')]));
    const image = objects.length;
    const content = `q 720 0 0 405 0 0 cm /Foto Do Q BT /F1 28 Tf 40 350 Td (Modul 2 - Landasan Hukum, slide ${p + 1}) Tj ET`;
    objects.push(Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`));
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 405] /Resources << /XObject << /Foto ${image} 0 R >> /Font << /F1 3 0 R >> >> /Contents ${objects.length} 0 R >>`));
    kids.push(objects.length);
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  return pdf(objects);
}

const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`);
const sha = (b) => createHash('sha256').update(b).digest('hex');

const work = await mkdtemp(path.join(tmpdir(), 'ajar bench slides '));
const course = path.join(work, 'Kursus Moderasi');
await mkdir(path.join(course, 'media'), { recursive: true });
await mkdir(path.join(course, 'gambar'), { recursive: true });
const sources = [
  { path: 'media/Slide Modul 2 Landasan Hukum.pdf', kind: 'slides', make: async (f) => writeFile(f, await deck(8)) },
  { path: 'gambar/Peta Kerukunan Umat Beragama.png', kind: 'image', make: async (f) => (await photo(2400, 1600, 3)).png().toFile(f) },
  { path: 'gambar/Foto Kegiatan Dialog.jpg', kind: 'image', make: async (f) => (await photo(4000, 3000, 5)).jpeg({ quality: 92 }).toFile(f) },
  {
    path: 'gambar/Tangkapan Layar SIASN.png',
    kind: 'image',
    // A screenshot: flat colours and text-like stripes, which PNG already compresses well.
    make: (f) =>
      sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#f4f6f8' } })
        .composite([
          { input: { create: { width: 1920, height: 64, channels: 3, background: '#1f6f43' } }, top: 0, left: 0 },
          ...Array.from({ length: 24 }, (_, i) => ({ input: { create: { width: 600 + ((i * 137) % 900), height: 12, channels: 3, background: '#3a3f44' } }, top: 120 + i * 36, left: 80 })),
        ])
        .png()
        .toFile(f),
  },
];
for (const s of sources) await s.make(path.join(course, ...s.path.split('/')));

const gs = await detectGhostscript();
const images = await loadImageTool();
console.log(`Ghostscript ${gs?.version ?? 'missing'}, ${images.version ?? images.error}; defaults: slides ${mediaDefaults.slides.resolution} dpi, images ${mediaDefaults.images.widths.join('/')} px ${mediaDefaults.images.formats.join('+')}\n`);

const run = async (cacheDir) => {
  const started = process.hrtime.bigint();
  const result = await runMediaSources(sources.map(({ path: p, kind }) => ({ path: p, kind })), mediaDefaults, { courseDir: course, cacheDir, concurrency: 2 });
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
};
const first = await run(path.join(work, 'cache-1'));
const second = await run(path.join(work, 'cache-2'));

console.log('| file | original | learner downloads | saving | note |');
console.log('| --- | ---: | ---: | ---: | --- |');
let before = 0;
let after = 0;
for (const s of sources) {
  const entry = first.result.index.get(s.path);
  const o = entry?.optimised;
  if (!o) {
    console.log(`| ${s.path} | | | | not optimised: ${first.result.diagnostics.filter((d) => d.file === s.path).map((d) => d.ruleId).join(', ')} |`);
    continue;
  }
  before += o.originalBytes;
  after += o.bytes;
  const note =
    o.kept ??
    (s.kind === 'slides'
      ? 'optimised PDF, same pages'
      : `widest ${entry.renditions.find((r) => r.bytes === o.bytes)?.path}; ${entry.renditions.map((r) => `${r.path} ${kb(r.bytes)}`).filter((t) => t.includes('w480') || t.includes('w960')).join(', ')}`);
  console.log(`| ${s.path} | ${kb(o.originalBytes)} | ${kb(o.bytes)} | ${Math.round((100 * (o.originalBytes - o.bytes)) / o.originalBytes)} % | ${note} |`);
}
console.log(`| **total** | **${kb(before)}** | **${kb(after)}** | **${Math.round((100 * (before - after)) / before)} %** | |`);

let identical = true;
for (const [p, entry] of first.result.index) {
  const other = second.result.index.get(p);
  for (const r of entry.renditions) {
    if (sha(await readFile(path.join(entry.dir, r.path))) !== sha(await readFile(path.join(other.dir, r.path)))) identical = false;
  }
}
console.log(`\nMade in ${first.seconds.toFixed(1)} s (2 at once); a second fresh run ${identical ? 'gave byte-identical files' : 'gave DIFFERENT bytes (not deterministic)'} in ${second.seconds.toFixed(1)} s.`);
await rm(work, { recursive: true, force: true });
if (!identical) process.exit(1);
