// Showing progress on a terminal, for every long command (media transcodes, publish transfers, build):
// sizes and durations as people read them, a bar, and lines redrawn in place below the finished ones.

/** `512 B`, `3.0 MB`, `12 MB`, `1.4 GB` (binary multiples; one decimal below 10). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `1:15`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** `██████░░░░` for a fraction 0…1. */
export function progressBar(fraction: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** At most `columns - 1` characters (code points), cut with `…`: a wrapped line would break the redraw. */
export function fitWidth(line: string, columns: number): string {
  const chars = [...line];
  return chars.length >= columns ? chars.slice(0, Math.max(1, columns - 2)).join('') + '…' : line;
}

export interface LiveLines {
  /** Whether enough time has passed since the last redraw (at most ten a second). */
  due(): boolean;
  /** Replaces the live lines with these. */
  draw(lines: readonly string[]): void;
  /** Prints a finished line above the live lines, which are drawn again on the next `draw`. */
  print(line: string): void;
  /** Removes the live lines (before a report is printed). */
  clear(): void;
}

/** Lines redrawn in place at the bottom of a terminal; finished lines scroll up above them. */
export function liveLines(stream: NodeJS.WritableStream & { columns?: number }, now: () => number = Date.now, intervalMs = 100): LiveLines {
  let drawn = 0;
  let last = -Infinity;
  const clear = () => {
    if (drawn) stream.write(`\u001b[${drawn}A\u001b[0J`);
    drawn = 0;
  };
  return {
    due: () => now() - last >= intervalMs,
    draw(lines) {
      clear();
      const columns = stream.columns ?? 120;
      // Each line from column 1, cleared to its end: nothing typed meanwhile stays on it.
      if (lines.length) stream.write(lines.map((l) => `\r\u001b[K${fitWidth(l, columns)}`).join('\n') + '\n');
      drawn = lines.length;
      last = now();
    },
    print(line) {
      clear();
      stream.write(line + '\n');
    },
    clear,
  };
}
