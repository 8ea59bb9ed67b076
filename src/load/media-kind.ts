// What a media file really is, from its first bytes (and, for text formats, its extension).

import { mediumNames } from './rules.js';

export type MediaKind = 'video' | 'audio' | 'slides' | 'captions' | 'image';
// Every kind has its name in both languages for the messages (a new kind fails to compile until named).
mediumNames satisfies Record<MediaKind, unknown>;

type Detected = 'video' | 'audio' | 'pdf' | 'captions' | 'image' | 'text' | 'unknown';

export const expectedKinds: Record<MediaKind, { accepts: Detected[]; extensions: string[]; label: string }> = {
  video: { accepts: ['video'], extensions: ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.mxf', '.mpg', '.ts'], label: 'video (MP4, MOV, MKV, WebM, …)' },
  audio: { accepts: ['audio'], extensions: ['.mp3', '.m4a', '.aac', '.wav', '.ogg', '.opus', '.flac'], label: 'audio (MP3, M4A, WAV, Ogg, FLAC)' },
  slides: { accepts: ['pdf'], extensions: ['.pdf'], label: 'PDF' },
  captions: { accepts: ['captions'], extensions: ['.vtt', '.srt'], label: 'WebVTT (.vtt) / SubRip (.srt)' },
  image: { accepts: ['image'], extensions: ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.svg'], label: 'PNG/JPEG/WebP' },
};

const audioExt = /\.(m4a|aac|mp3|wav|ogg|opus|oga|flac)$/i;

export function detectKind(head: Uint8Array, name: string): { kind: Detected; label: string } {
  const b = Buffer.from(head);
  const ascii = (start: number, end: number) => b.subarray(start, end).toString('latin1');
  if (ascii(0, 5) === '%PDF-') return { kind: 'pdf', label: 'PDF' };
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    return /M4A |M4B /.test(brand) || audioExt.test(name) ? { kind: 'audio', label: 'M4A' } : { kind: 'video', label: `MP4/MOV (${brand.trim()})` };
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { kind: 'video', label: 'Matroska/WebM' };
  if (ascii(0, 4) === 'RIFF') return ascii(8, 12) === 'WAVE' ? { kind: 'audio', label: 'WAV' } : ascii(8, 12) === 'AVI ' ? { kind: 'video', label: 'AVI' } : { kind: 'image', label: 'WebP' };
  if (ascii(0, 4) === 'OggS') return { kind: 'audio', label: 'Ogg' };
  if (ascii(0, 4) === 'fLaC') return { kind: 'audio', label: 'FLAC' };
  if (ascii(0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return { kind: 'audio', label: 'MP3/AAC' };
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0x01 && (b[3] === 0xba || b[3] === 0xb3)) return { kind: 'video', label: 'MPEG' };
  if (b[0] === 0x47 && /\.(ts|m2ts|mts)$/i.test(name)) return { kind: 'video', label: 'MPEG-TS' };
  if (b[0] === 0x06 && b[1] === 0x0e && b[2] === 0x2b && b[3] === 0x34) return { kind: 'video', label: 'MXF' };
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return { kind: 'image', label: 'PNG' };
  if (b[0] === 0xff && b[1] === 0xd8) return { kind: 'image', label: 'JPEG' };
  if (ascii(0, 3) === 'GIF') return { kind: 'image', label: 'GIF' };
  const text = b.toString('utf8').replace(/^\uFEFF/, '');
  if (/^WEBVTT/.test(text)) return { kind: 'captions', label: 'WebVTT' };
  if (/\.srt$/i.test(name) && /^\s*\d+\s*\r?\n\d{2}:\d{2}:\d{2}[,.]\d{3}\s*-->/.test(text)) return { kind: 'captions', label: 'SubRip' };
  if (/\.svg$/i.test(name) && /<svg|<\?xml/.test(text)) return { kind: 'image', label: 'SVG' };
  if (/^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text)) return { kind: 'text', label: 'text' };
  return { kind: 'unknown', label: 'unknown' };
}
