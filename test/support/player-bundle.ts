// Builds the browser player (scripts/build-player.mjs → lib/player/) when it is missing or older than
// its sources, so tests that render sites play the current sources even without `npm run build` first.
// The build writes atomically, so test files running in parallel never read a half-written bundle.

import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './chromium.js';

let built: Promise<void> | undefined;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  try {
    const bundle = Math.min(...['player.js', 'player.css'].map((f) => statSync(path.join(projectRoot, 'lib/player', f)).mtimeMs));
    const sources = Math.max(...['src/player', 'src/core'].map((d) => newestSource(path.join(projectRoot, d))), statSync(path.join(projectRoot, 'scripts/build-player.mjs')).mtimeMs);
    return bundle >= sources;
  } catch {
    return false;
  }
}

export function ensurePlayerBundle(): Promise<void> {
  built ??= upToDate()
    ? Promise.resolve()
    : promisify(execFile)(process.execPath, [path.join(projectRoot, 'scripts/build-player.mjs')], { cwd: projectRoot }).then(() => undefined);
  return built;
}
