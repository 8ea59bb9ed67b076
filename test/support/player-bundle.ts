// Builds the browser player (scripts/build-player.mjs → lib/player/) once per test process, so tests
// that render sites always play the current sources, also when run without `npm run build` first.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './chromium.js';

let built: Promise<void> | undefined;

export function ensurePlayerBundle(): Promise<void> {
  built ??= promisify(execFile)(process.execPath, [path.join(projectRoot, 'scripts/build-player.mjs')], { cwd: projectRoot }).then(() => undefined);
  return built;
}
