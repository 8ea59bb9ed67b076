// Regenerates the small media files of the example course and the init template (committed; run by hand).
// Needs ffmpeg and espeak-ng:  node scripts/make-example-media.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const tmp = path.join(os.tmpdir(), 'ajar-example-media');
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });

/** A PDF of text slides, written by hand: one page per slide, Helvetica, no external tools. */
export function slidesPdf(slides) {
  const esc = (s) => s.replace(/[\\()]/g, (c) => '\\' + c);
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const catalog = add('');
  const pages = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const fontBold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids = [];
  for (const slide of slides) {
    const lines = [`BT /F2 30 Tf 60 480 Td (${esc(slide.title)}) Tj ET`];
    slide.points.forEach((p, i) => lines.push(`BT /F1 20 Tf 80 ${400 - i * 40} Td (- ${esc(p)}) Tj ET`));
    const stream = lines.join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 960 540] /Resources << /Font << /F1 ${font} 0 R /F2 ${fontBold} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pages} 0 R >>`;
  objects[pages - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A narrated title video: coloured background, captions burnt in as text, espeak-ng narration. */
function narratedVideo(out, { lines, size = '640x360', voice = 'id' }) {
  const wav = path.join(tmp, path.basename(out) + '.wav');
  run('espeak-ng', ['-v', voice, '-s', '150', '-w', wav, lines.join('. ')]);
  const dur = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav]).toString().trim());
  const per = dur / lines.length;
  const text = lines
    .map((l, i) => `drawtext=fontfile=${font}:text='${l.replace(/[':]/g, '')}':fontcolor=white:fontsize=h/24:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,${(i * per).toFixed(2)},${((i + 1) * per).toFixed(2)})'`)
    .join(',');
  run('ffmpeg', ['-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=0x14532d:size=${size}:rate=25:duration=${dur.toFixed(2)}`, '-i', wav,
    '-vf', text, '-c:v', 'libx264', '-preset', 'veryslow', '-crf', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-ar', '48000', '-ac', '2',
    '-af', 'volume=-9dB', '-shortest', '-movflags', '+faststart', '-map_metadata', '-1', '-fflags', '+bitexact', out]);
  // WebVTT captions with the same timing as the burnt-in lines.
  const ts = (s) => new Date(s * 1000).toISOString().slice(11, 23);
  return 'WEBVTT\n\n' + lines.map((l, i) => `${i + 1}\n${ts(i * per)} --> ${ts((i + 1) * per)}\n${l}\n`).join('\n');
}

function narratedAudio(out, text, voice = 'id') {
  const wav = path.join(tmp, path.basename(out) + '.wav');
  run('espeak-ng', ['-v', voice, '-s', '150', '-w', wav, text]);
  run('ffmpeg', ['-y', '-hide_banner', '-loglevel', 'error', '-i', wav, '-c:a', 'libmp3lame', '-b:a', '32k', '-ar', '22050', '-ac', '1', '-map_metadata', '-1', '-fflags', '+bitexact', out]);
}

const example = path.join(root, 'examples/moderasi-beragama/media');
mkdirSync(example, { recursive: true });
const vttExample = narratedVideo(path.join(example, 'Video Pengertian Moderasi.mp4'), {
  lines: [
    'Selamat datang di modul konsep moderasi beragama',
    'Moderasi beragama adalah cara pandang, sikap, dan praktik beragama',
    'yang mengambil jalan tengah, adil, dan berimbang',
    'Sebagai aparatur sipil negara, kita melayani semua warga tanpa membedakan',
  ],
});
writeFileSync(path.join(example, 'Video Pengertian Moderasi.id.vtt'), vttExample);
narratedAudio(path.join(example, 'audio-pengertian.mp3'), 'Ringkasan audio. Moderasi beragama berarti beragama secara moderat: adil, berimbang, dan menghormati sesama.');
writeFileSync(path.join(example, 'slide-modul-1.pdf'), slidesPdf([
  { title: 'Konsep Moderasi Beragama', points: ['Cara pandang, sikap, dan praktik beragama', 'Jalan tengah: adil dan berimbang', 'Bukan memoderasi agama, melainkan cara beragama'] },
  { title: 'Mengapa penting bagi ASN?', points: ['ASN melayani semua warga', 'Netral dan tidak diskriminatif', 'Perekat persatuan bangsa'] },
  { title: 'Empat indikator', points: ['Komitmen kebangsaan', 'Toleransi', 'Anti-kekerasan', 'Penerimaan terhadap tradisi'] },
]));

const template = path.join(root, 'templates/media');
mkdirSync(template, { recursive: true });
const vttTemplate = narratedVideo(path.join(template, 'video-contoh.mp4'), { lines: ['Ini video contoh', 'Ganti dengan rekaman Anda sendiri'], size: '426x240' });
writeFileSync(path.join(template, 'video-contoh.id.vtt'), vttTemplate);
narratedAudio(path.join(template, 'audio-contoh.mp3'), 'Ini audio contoh. Ganti dengan rekaman Anda sendiri.');
writeFileSync(path.join(template, 'slide-contoh.pdf'), slidesPdf([{ title: 'Slide contoh', points: ['Ganti dengan slide Anda (PDF)'] }]));
console.log('media written');
