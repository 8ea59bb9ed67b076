// Where ajar's own files are, whichever way its code runs: from src/ (tests), from lib/ as tsc emits it, or
// bundled into lib/bundle/ (the CLI). Lookups relative to a module (`new URL('../../x', import.meta.url)`)
// break when a bundler moves the module; these do not.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** ajar's package root (package.json, templates/, vendor/, lib/player/): the nearest folder above this module with a package.json. */
export function packageRoot(): string {
  if (root) return root;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`ajar's package.json was not found above ${here}`);
  }
}

/**
 * The folder of the code this module runs in: `<root>/src` under tests, `<root>/lib/bundle` in the CLI's
 * bundle, `<root>/lib` for tsc's one module per source. All the code a run executes is under it (the player
 * bundle aside, which is served, not run).
 */
export function codeRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Bundled, this module is part of lib/bundle/cli.cjs or worker.js; otherwise it is src/util/ or lib/util/.
  return path.basename(here) === 'bundle' ? here : path.dirname(here);
}

/** A file or folder of ajar's package, by its path from the package root (`vendor/xsd`, `lib/player`). */
export function packagePath(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}
