// Captions: SRT or WebVTT text in, checked cues and WebVTT text out. Pure, so every timing problem
// can point at its line; ffmpeg's converter would only say "invalid data".

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { rules } from './rules.js';

export interface Cue {
  readonly start: number;
  readonly end: number;
  /** Cue text lines, as authored (WebVTT markup kept). */
  readonly text: string;
  /** 1-based line of the timing line. */
  readonly line: number;
  /** WebVTT cue settings (e.g. `align:start`), kept as written. */
  readonly settings?: string;
}

export interface ParsedCaptions {
  readonly format: 'srt' | 'vtt';
  readonly cues: readonly Cue[];
  readonly diagnostics: readonly Diagnostic[];
}

const TIME = String.raw`(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})`;
const TIMING = new RegExp(String.raw`^\s*${TIME}\s*-->\s*${TIME}(.*)$`);

function seconds(h: string | undefined, m: string, s: string, ms: string): number {
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms.padEnd(3, '0')) / 1000;
}

/** 65.5 → "00:01:05.500" (WebVTT). */
export function formatTimestamp(t: number): string {
  const ms = Math.round(t * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Parses SRT or WebVTT (by the WEBVTT signature), reporting problems with their line on `file`. */
export function parseCaptions(text: string, file: string): ParsedCaptions {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const format: 'srt' | 'vtt' = /^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '') ? 'vtt' : 'srt';
  const diagnostics: Diagnostic[] = [];
  const cues: Cue[] = [];
  const at = (line: number, column = 1) => ({ start: { line, column } });

  let i = format === 'vtt' ? 1 : 0;
  // WebVTT header block (and NOTE/STYLE/REGION blocks) end at a blank line.
  if (format === 'vtt') while (i < lines.length && lines[i]!.trim() !== '') i++;

  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    if (format === 'vtt' && /^(NOTE|STYLE|REGION)\b/.test(block[0]!)) continue;
    // The timing line is the first or (after a cue number / identifier) the second line.
    const timingIndex = TIMING.test(block[0]!) ? 0 : block.length > 1 && TIMING.test(block[1]!) ? 1 : -1;
    if (timingIndex < 0) {
      const looksLikeTiming = block.findIndex((l) => /\d:\d.*-+>|-->/.test(l));
      const line = blockStart + 1 + Math.max(0, looksLikeTiming);
      diagnostics.push(
        rules['caption-syntax']({
          file,
          position: at(line),
          data:
            looksLikeTiming >= 0
              ? { problem: 'timing-malformed', text: block[looksLikeTiming]!.trim() }
              : { problem: 'timing-missing', text: block[0]!.trim().slice(0, 40) },
        }),
      );
      continue;
    }
    if (format === 'srt' && timingIndex === 1 && !/^\d+$/.test(block[0]!.trim())) {
      diagnostics.push(
        rules['caption-syntax']({
          file,
          position: at(blockStart + 1),
          data: { problem: 'cue-number', text: block[0]!.trim().slice(0, 40) },
        }),
      );
    }
    const m = TIMING.exec(block[timingIndex]!)!;
    const start = seconds(m[1], m[2]!, m[3]!, m[4]!);
    const end = seconds(m[5], m[6]!, m[7]!, m[8]!);
    const line = blockStart + timingIndex + 1;
    const settings = m[9]!.trim();
    const cueText = block.slice(timingIndex + 1).join('\n');
    if (Number(m[3]) > 59 || Number(m[7]) > 59 || Number(m[2]) > 59 && m[1] !== undefined) {
      diagnostics.push(
        rules['caption-syntax']({ file, position: at(line), data: { problem: 'over-59', text: block[timingIndex]!.trim() } }),
      );
      continue;
    }
    if (end <= start) {
      diagnostics.push(rules['caption-timing']({ file, position: at(line), data: { start: formatTimestamp(start), end: formatTimestamp(end) } }));
      continue;
    }
    const previous = cues.at(-1);
    if (previous && start < previous.end) {
      diagnostics.push(
        rules['caption-order']({ file, position: at(line), data: { start: formatTimestamp(start), previousEnd: formatTimestamp(previous.end) } }),
      );
    }
    cues.push({ start, end, text: cueText, line, ...(settings && format === 'vtt' ? { settings } : {}) });
  }
  if (cues.length === 0 && !diagnostics.some((d) => d.severity === 'error')) diagnostics.push(rules['caption-empty']({ file }));
  return { format, cues, diagnostics };
}

/** SRT markup that WebVTT does not know: `<font …>` tags and `{\an8}` positioning codes. */
function srtTextToVtt(text: string): string {
  return text
    .replace(/<\/?font[^>]*>/gi, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;')
    // Keep the tags WebVTT knows (and karaoke timestamps); any other "<" is text.
    .replace(/<(?!\/?(?:b|i|u|c|v|lang|ruby|rt)(?:[.\s][^<>]*)?>|\d{2}:[\d:.]+>)/g, '&lt;');
}

export function toWebVtt(parsed: ParsedCaptions): string {
  const blocks = parsed.cues.map((cue) => {
    const text = parsed.format === 'srt' ? srtTextToVtt(cue.text) : cue.text;
    const timing = `${formatTimestamp(cue.start)} --> ${formatTimestamp(cue.end)}${cue.settings ? ' ' + cue.settings : ''}`;
    // "-->" may not appear in cue text.
    return `${timing}\n${text.replace(/-->/g, '→')}`;
  });
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}
